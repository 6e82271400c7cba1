/* Tests for core/progress.c: bar and counter formatting, clamping, and that a disabled bar writes
 * nothing while a forced one draws and ends its line. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/progress.h"

static void assert_prefix(const char *line, const char *want)
{
    cr_assert(strncmp(line, want, strlen(want)) == 0, "got \"%s\", want prefix \"%s\"", line,
              want);
}

Test(progress, bar_format)
{
    struct sqlx_progress p;
    char line[256];
    FILE *f = tmpfile();
    sqlx_progress_start(&p, "copy", 1000, f, false);
    p.width = 10;
    p.done = 500;
    sqlx_progress_format(&p, line, sizeof line);
    assert_prefix(line, "copy [#####.....]  50% 500/1000 ");
    cr_assert_eq(line[strlen(line) - 1], 's');
    p.done = 0;
    sqlx_progress_format(&p, line, sizeof line);
    assert_prefix(line, "copy [..........]   0% 0/1000 ");
    p.done = 1000;
    sqlx_progress_format(&p, line, sizeof line);
    assert_prefix(line, "copy [##########] 100% 1000/1000 ");
    fclose(f);
}

Test(progress, overshoot_is_clamped)
{
    struct sqlx_progress p;
    char line[256];
    sqlx_progress_start(&p, "rows", 10, stderr, false);
    p.width = 4;
    p.done = 25;
    sqlx_progress_format(&p, line, sizeof line);
    assert_prefix(line, "rows [####] 100% 25/10 ");
}

Test(progress, unknown_total_counts)
{
    struct sqlx_progress p;
    char line[256];
    sqlx_progress_start(&p, "scan", 0, stderr, false);
    sqlx_progress_add(&p, 42);
    sqlx_progress_format(&p, line, sizeof line);
    assert_prefix(line, "scan 42 done ");
}

Test(progress, small_buffer_is_terminated)
{
    struct sqlx_progress p;
    char line[8];
    sqlx_progress_start(&p, "a-long-label", 10, stderr, false);
    sqlx_progress_format(&p, line, sizeof line);
    cr_assert_str_eq(line, "a-long-");
}

Test(progress, disabled_writes_nothing)
{
    struct sqlx_progress p;
    FILE *f = tmpfile(); /* not a terminal */
    sqlx_progress_start(&p, "x", 3, f, false);
    cr_assert_not(p.enabled);
    sqlx_progress_add(&p, 1);
    sqlx_progress_add(&p, 2);
    sqlx_progress_finish(&p);
    cr_assert_eq(p.done, 3);
    cr_assert_eq(ftell(f), 0);
    fclose(f);
}

Test(progress, forced_draws_and_throttles)
{
    struct sqlx_progress p;
    FILE *f = tmpfile();
    sqlx_progress_start(&p, "load", 100, f, true);
    cr_assert(p.enabled);
    for (int i = 0; i < 100; i++)
        sqlx_progress_add(&p, 1); /* within 100 ms: one draw */
    sqlx_progress_finish(&p);
    long n = ftell(f);
    char *s = calloc(1, (size_t)n + 1);
    rewind(f);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    int draws = 0;
    for (char *c = s; *c; c++)
        draws += *c == '\r';
    cr_assert_eq(draws, 2, "first add and finish draw; got %d in \"%s\"", draws, s);
    cr_assert_not_null(strstr(s, "100% 100/100"));
    cr_assert_eq(s[n - 1], '\n');
    free(s);
    fclose(f);
}
