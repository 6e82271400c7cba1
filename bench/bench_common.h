/* What the driver benchmarks (pg_bench.c, mysql_bench.c) share: the clock and random ids, the
 * value reads that keep decoding honest, the child protocol ("ok OPS SECS", "na MSG", "fail MSG"),
 * one measurement per pinned child process with its peak RSS, and medians. Uses only the public
 * wire/conn.h API; owns nothing of the product. */
#ifndef SQLX_BENCH_COMMON_H
#define SQLX_BENCH_COMMON_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "wire/value.h"

#define BENCH_MAX_ROUNDS 21

struct bench_result {
    bool ok;       /* measured */
    bool na;       /* client not available (WireVM engine missing) */
    double ops;    /* queries, rows or inserts */
    double secs;   /* measured time */
    long rss_kb;   /* peak RSS of the child (ru_maxrss) */
    char msg[600]; /* why not ok */
};

struct bench_summary {
    double median, min, max; /* throughput, ops/s */
    double rss;              /* median peak RSS, KB */
    int n;                   /* runs measured */
};

double bench_now(void);
uint64_t bench_xorshift(uint64_t *s);
/* A value read the way a consumer would (its first byte for text), so no decoding is skipped. */
uint64_t bench_touch_value(const struct sqlx_value *v);
/* Child side: prints "fail WHAT: MSG" (first line of msg) and returns 1. */
int bench_child_fail(const char *what, const char *msg);
int bench_vm_fail(const char *what, const struct sqlx_err *err);
/* The WireVM engine is missing (not a failure of it): no pack claims the scheme, or its family
 * has no engine yet. */
bool bench_engine_missing(const struct sqlx_err *err);
/* n names "name-0", "name-1", ... (below a billion; sqlx_free the result). */
char (*bench_make_names(long n))[16];
/* Pins the calling process to cpu (-1: leave it). */
void bench_pin_to(int cpu, const char *prog);
/* Runs this binary again as --child CLIENT WORKLOAD plus argv[1..], pinned to cpu, and reads its
 * result line and peak RSS. */
struct bench_result bench_run_child(char **argv, int cpu, const char *client,
                                    const char *workload);
/* Median, min and max rate and median RSS of the runs that measured. */
struct bench_summary bench_summarize(const struct bench_result *runs, int n);

#endif
