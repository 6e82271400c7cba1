/* `make bench-sql`, the C side: parses, translates (PostgreSQL -> MySQL) and prints one query
 * over and over for a fixed time and reports statements per second, for the whole pipeline and
 * for parsing alone. Reads the query from the file named on the command line. Output lines:
 * "sqlx parse: N stmt/s" and "sqlx translate: N stmt/s" (parse + translate + print). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "sql/parser.h"
#include "sql/translate.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs one pipeline (translate when `full`) for at least `secs` seconds; returns per second. */
static double run(const char *sql, size_t len, bool full, double secs)
{
    struct sqlx_arena a;
    struct sqlx_buf out;
    struct sqlx_err err;
    struct sqlx_translate_opts o = { .from = SQLX_SQL_POSTGRES, .to = SQLX_SQL_MYSQL };
    struct sqlx_parse_opts po = { .dialect = SQLX_SQL_POSTGRES };
    sqlx_arena_init(&a, 64 * 1024);
    sqlx_buf_init(&out, 0);
    long n = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 100; i++) {
            int rc;
            sqlx_arena_reset(&a);
            sqlx_buf_reset(&out);
            if (full) {
                rc = sqlx_sql_translate_text(sql, len, &o, &a, &out, &err);
            } else {
                struct sqlx_stmt_list list;
                rc = sqlx_sql_parse(sql, len, &po, &a, &list, &err);
            }
            if (rc) {
                fprintf(stderr, "sql_bench: %s\n", err.message);
                exit(1);
            }
            n++;
        }
        t = now() - t0;
    } while (t < secs);
    sqlx_buf_free(&out);
    sqlx_arena_free(&a);
    return (double)n / t;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: sql_bench QUERY_FILE [SECONDS]\n");
        return 2;
    }
    double secs = argc > 2 ? strtod(argv[2], NULL) : 2.0;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char sql[64 * 1024];
    size_t len = fread(sql, 1, sizeof(sql) - 1, f);
    fclose(f);
    sql[len] = '\0';
    run(sql, len, true, 0.2); /* warm-up */
    printf("sqlx parse: %.0f stmt/s\n", run(sql, len, false, secs));
    printf("sqlx translate: %.0f stmt/s\n", run(sql, len, true, secs));
    return 0;
}
