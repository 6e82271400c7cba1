/* Tests for core/log.c: level names, the INFO default, filtering, line format, long messages,
 * and whole lines from many threads at once. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Reads everything written to f so far into a heap string. */
static char *slurp(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    char *s = calloc(1, (size_t)n + 1);
    rewind(f);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    return s;
}

Test(log, level_parse)
{
    cr_assert_eq(sqlx_log_level_parse("debug"), SQLX_LOG_DEBUG);
    cr_assert_eq(sqlx_log_level_parse("info"), SQLX_LOG_INFO);
    cr_assert_eq(sqlx_log_level_parse("warn"), SQLX_LOG_WARN);
    cr_assert_eq(sqlx_log_level_parse("WARNING"), SQLX_LOG_WARN);
    cr_assert_eq(sqlx_log_level_parse("Error"), SQLX_LOG_ERROR);
    cr_assert_eq(sqlx_log_level_parse("off"), SQLX_LOG_OFF);
    cr_assert_eq(sqlx_log_level_parse("verbose"), -1);
    cr_assert_eq(sqlx_log_level_parse(""), -1);
    cr_assert_eq(sqlx_log_level_parse("infox"), -1);
    cr_assert_eq(sqlx_log_level_parse(NULL), -1);
}

Test(log, default_is_info_on_stderr)
{
    struct sqlx_logger *lg = sqlx_log_default();
    cr_assert_eq(lg->level, SQLX_LOG_INFO);
    cr_assert_null(lg->out);
    cr_assert_eq(sqlx_log_default(), lg, "one process logger");
}

Test(log, filters_below_level_and_formats_lines)
{
    FILE *f = tmpfile();
    sqlx_log_default()->out = f;
    sqlx_debug("hidden %d", 1);
    sqlx_info("listening on port %d", 8080);
    sqlx_warn("slow query");
    sqlx_error("boom: %s", "x");
    char *s = slurp(f);
    cr_assert_null(strstr(s, "hidden"));
    cr_assert_not_null(strstr(s, " INFO  listening on port 8080\n"), "%s", s);
    cr_assert_not_null(strstr(s, " WARN  slow query\n"));
    cr_assert_not_null(strstr(s, " ERROR boom: x\n"));
    /* 2024-05-01T12:00:00.123Z */
    cr_assert_eq(s[4], '-');
    cr_assert_eq(s[10], 'T');
    cr_assert_eq(s[19], '.');
    cr_assert_eq(s[23], 'Z');
    free(s);
    fclose(f);
}

Test(log, debug_level_and_off)
{
    FILE *f = tmpfile();
    sqlx_log_default()->out = f;
    sqlx_log_default()->level = SQLX_LOG_DEBUG;
    sqlx_debug("now visible");
    sqlx_log_default()->level = SQLX_LOG_OFF;
    sqlx_error("silenced");
    char *s = slurp(f);
    cr_assert_not_null(strstr(s, "DEBUG now visible"));
    cr_assert_null(strstr(s, "silenced"));
    free(s);
    fclose(f);
}

Test(log, long_message_is_whole)
{
    FILE *f = tmpfile();
    char big[5000];
    memset(big, 'm', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sqlx_log_default()->out = f;
    sqlx_info("<%s>", big);
    char *s = slurp(f);
    char *open = strchr(s, '<');
    cr_assert_not_null(open);
    cr_assert_eq(strlen(open), sizeof big - 1 + 3, "message, brackets and newline");
    cr_assert_eq(open[sizeof big], '>');
    cr_assert_eq(open[sizeof big + 1], '\n');
    free(s);
    fclose(f);
}

static void *spam(void *arg)
{
    for (int i = 0; i < 200; i++)
        sqlx_info("thread %d line %d %s", *(int *)arg, i, "payload-payload-payload-payload");
    return NULL;
}

Test(log, lines_from_threads_do_not_interleave)
{
    FILE *f = tmpfile();
    pthread_t th[4];
    int ids[4] = { 0, 1, 2, 3 };
    sqlx_log_default()->out = f;
    for (int i = 0; i < 4; i++)
        pthread_create(&th[i], NULL, spam, &ids[i]);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);
    char *s = slurp(f);
    int lines = 0;
    char *save = NULL;
    for (char *line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        int t, n;
        char tail[64];
        const char *msg = strstr(line, "INFO  ");
        cr_assert_not_null(msg, "line: %s", line);
        cr_assert_eq(sscanf(msg, "INFO  thread %d line %d %63s", &t, &n, tail), 3, "%s", line);
        cr_assert_str_eq(tail, "payload-payload-payload-payload");
        lines++;
    }
    cr_assert_eq(lines, 800);
    free(s);
    fclose(f);
}
