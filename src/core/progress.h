/* A progress bar for long work on a terminal: redraws one line on stderr at most every 100 ms,
 * prints nothing when stderr is not a TTY unless forced. */
#ifndef SQLX_CORE_PROGRESS_H
#define SQLX_CORE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct sqlx_progress {
    const char *label;
    uint64_t total;     /* 0 = unknown: shows a counter instead of a bar */
    uint64_t done;
    uint64_t last_draw_ns;
    double start_sec;
    FILE *out;
    bool enabled;
    int width;          /* bar cells */
};

void sqlx_progress_start(struct sqlx_progress *p, const char *label, uint64_t total, FILE *out,
                         bool force);
void sqlx_progress_add(struct sqlx_progress *p, uint64_t n);
/* Formats the current line into buf (no escape codes); exposed for tests. */
void sqlx_progress_format(const struct sqlx_progress *p, char *buf, size_t size);
void sqlx_progress_finish(struct sqlx_progress *p);

#endif
