/* Terminal progress bar. Owns nothing but the struct it is given; draws one line on its FILE,
 * redrawn in place with "\r" and erase-to-end-of-line, at most every 100 ms. Must not print when
 * disabled (output not a terminal and not forced), so piped output stays clean.
 *
 *   known total:   label [##########..........]  50% 500/1000 1.2s
 *   unknown total: label 500 done 1.2s */
#include "core/progress.h"

#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"

#define PROGRESS_WIDTH 30
#define PROGRESS_REDRAW_NS 100000000u
#define PROGRESS_MAX_WIDTH 200

void sqlx_progress_start(struct sqlx_progress *p, const char *label, uint64_t total, FILE *out,
                         bool force)
{
    p->label = label ? label : "";
    p->total = total;
    p->done = 0;
    p->last_draw_ns = 0;
    p->start_sec = sqlx_clock_sec();
    p->out = out ? out : stderr;
    p->enabled = force || isatty(fileno(p->out));
    p->width = PROGRESS_WIDTH;
}

void sqlx_progress_format(const struct sqlx_progress *p, char *buf, size_t size)
{
    if (!size)
        return;
    double elapsed = sqlx_clock_sec() - p->start_sec;
    if (elapsed < 0)
        elapsed = 0;
    if (!p->total) {
        snprintf(buf, size, "%s %" PRIu64 " done %.1fs", p->label, p->done, elapsed);
        return;
    }
    uint64_t done = p->done < p->total ? p->done : p->total;
    int width = p->width > 0 && p->width <= PROGRESS_MAX_WIDTH ? p->width : PROGRESS_WIDTH;
    /* Scaled in floating point: done * width could overflow 64 bits for huge totals. */
    double frac = (double)done / (double)p->total;
    int filled = (int)(frac * width);
    int pct = (int)(frac * 100.0);
    char bar[PROGRESS_MAX_WIDTH + 1];
    memset(bar, '#', (size_t)filled);
    memset(bar + filled, '.', (size_t)(width - filled));
    bar[width] = '\0';
    snprintf(buf, size, "%s [%s] %3d%% %" PRIu64 "/%" PRIu64 " %.1fs", p->label, bar, pct,
             p->done, p->total, elapsed);
}

static void draw(struct sqlx_progress *p)
{
    char line[512];
    sqlx_progress_format(p, line, sizeof line);
    fprintf(p->out, "\r%s\033[K", line);
    fflush(p->out);
}

void sqlx_progress_add(struct sqlx_progress *p, uint64_t n)
{
    p->done += n;
    if (!p->enabled)
        return;
    uint64_t now = sqlx_clock_ns();
    if (p->last_draw_ns && now - p->last_draw_ns < PROGRESS_REDRAW_NS)
        return;
    p->last_draw_ns = now;
    draw(p);
}

/* Draws the final state once more and ends the line. */
void sqlx_progress_finish(struct sqlx_progress *p)
{
    if (!p->enabled)
        return;
    draw(p);
    fputc('\n', p->out);
    fflush(p->out);
    p->enabled = false;
}
