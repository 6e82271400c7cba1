/* pg_bench: WireVM against libpq on one PostgreSQL server (`make bench-pg`, driven by bench/pg.sh).
 * The driver re-executes this binary once per measurement (--child), so every run is a fresh
 * process pinned to one CPU whose peak RSS wait4 reports; WireVM and libpq runs alternate within
 * each round, and the driver prints every run, a table of medians and one closing ratio line.
 * Uses only the public wire/conn.h API and libpq; owns nothing of the product. */
#include <errno.h>
#include <libpq-fe.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_common.h"
#include "core/alloc.h"
#include "core/err.h"
#include "wire/conn.h"
#include "wire/pack.h"

/* Runs are "workload x client". Throughput unit: queries (point), rows (rows), inserts (pipeline). */
enum workload { W_POINT, W_ROWS, W_PIPELINE, W_COUNT };
enum client { C_WIREVM, C_LIBPQ, C_LIBPQ_SINGLE, C_COUNT };

static const char *const workload_names[W_COUNT] = { "point", "rows", "pipeline" };
static const char *const workload_units[W_COUNT] = { "q/s", "rows/s", "inserts/s" };
static const char *const client_names[C_COUNT] = { "wirevm", "libpq", "libpq-single" };

#define POINT_SQL "SELECT id, email, name, country, bio, created_at, is_active FROM users WHERE id = $1"
#define ROWS_SQL "SELECT id, email, name, country, bio, created_at, is_active FROM fetch_rows"
#define INSERT_SQL "INSERT INTO bench_insert (id, name, amount) VALUES ($1, $2, $3)"
#define NCOLS 7            /* columns of POINT_SQL and ROWS_SQL */
#define PIPELINE_N 10000   /* INSERTs per pipeline (one Sync) */
#define PIPELINE_BATCHES 5 /* pipelines per run; the rate is over all of them */
#define MAX_ROUNDS BENCH_MAX_ROUNDS

struct options {
    const char *conninfo;   /* libpq connection string */
    const char *url;        /* WireVM URL, the same server, database and user */
    const char *packs;      /* pack folder for sqlx_packset_load */
    int rounds;             /* alternating rounds per workload */
    double point_secs;      /* length of one point run */
    long point_max;         /* stop a point run after this many queries (0: time only) */
    long max_id;            /* users ids are 1..max_id */
    long fetch_rows;        /* rows in fetch_rows */
    int cpu;                /* pin children to this CPU; -1: no pinning */
    bool require_wirevm;    /* a WireVM open failure is an error even if the engine is missing */
};

/* What one child run reports on its stdout, one line. */
/* Every value is read, so neither client can skip decoding; the sum keeps the reads alive. */
static volatile uint64_t sink;

static uint64_t touch_pq_row(const PGresult *r, int row)
{
    uint64_t sum = 0;
    for (int j = 0; j < NCOLS; j++) {
        int n = PQgetlength(r, row, j);
        const char *s = PQgetvalue(r, row, j);
        sum += (uint64_t)n + (n ? (unsigned char)s[0] : 0) + (uint64_t)PQgetisnull(r, row, j);
    }
    return sum;
}

/* ---- child side: one measurement, result on stdout as "ok OPS SECS", "na MSG" or "fail MSG" ---- */

static PGconn *pq_connect(const struct options *o)
{
    PGconn *c = PQconnectdb(o->conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        bench_child_fail("libpq connect", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

static bool pq_command(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        bench_child_fail(sql, PQerrorMessage(c));
    PQclear(r);
    return ok;
}

static bool pq_prepare(PGconn *c, const char *name, const char *sql, int nparams)
{
    PGresult *r = PQprepare(c, name, sql, nparams, NULL);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        bench_child_fail("libpq prepare", PQerrorMessage(c));
    PQclear(r);
    return ok;
}

static int pq_point(PGconn *c, const struct options *o)
{
    char idbuf[24];
    const char *params[1] = { idbuf };
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    long q = 0, bad = 0;
    uint64_t sum = 0;
    if (!pq_prepare(c, "pt", POINT_SQL, 1))
        return 1;
    double t0 = bench_now(), t;
    do {
        for (int k = 0; k < 64; k++) {
            snprintf(idbuf, sizeof idbuf, "%ld", (long)(bench_xorshift(&seed) % (uint64_t)o->max_id) + 1);
            PGresult *r = PQexecPrepared(c, "pt", 1, params, NULL, NULL, 0);
            if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
                sum += touch_pq_row(r, 0);
            else
                bad++;
            PQclear(r);
            q++;
        }
        t = bench_now();
    } while (t - t0 < o->point_secs && (o->point_max == 0 || q < o->point_max));
    sink = sum;
    if (bad)
        return bench_child_fail("libpq point", "a query did not return exactly one row");
    printf("ok %ld %.6f\n", q, t - t0);
    return 0;
}

static int pq_rows(PGconn *c, const struct options *o, bool single)
{
    uint64_t sum = 0;
    long rows = 0;
    if (!pq_prepare(c, "rows", ROWS_SQL, 0))
        return 1;
    double t0 = bench_now();
    if (!single) {
        PGresult *r = PQexecPrepared(c, "rows", 0, NULL, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            PQclear(r);
            return bench_child_fail("libpq rows", PQerrorMessage(c));
        }
        int n = PQntuples(r);
        for (int i = 0; i < n; i++)
            sum += touch_pq_row(r, i);
        rows = n;
        PQclear(r);
    } else {
        if (!PQsendQueryPrepared(c, "rows", 0, NULL, NULL, NULL, 0) || !PQsetSingleRowMode(c))
            return bench_child_fail("libpq single-row", PQerrorMessage(c));
        PGresult *r;
        while ((r = PQgetResult(c)) != NULL) {
            ExecStatusType st = PQresultStatus(r);
            if (st == PGRES_SINGLE_TUPLE) {
                sum += touch_pq_row(r, 0);
                rows++;
            } else if (st != PGRES_TUPLES_OK) {
                PQclear(r);
                return bench_child_fail("libpq single-row", PQerrorMessage(c));
            }
            PQclear(r);
        }
    }
    double secs = bench_now() - t0;
    sink = sum;
    if (rows != o->fetch_rows)
        return bench_child_fail("libpq rows", "wrong row count");
    printf("ok %ld %.6f\n", rows, secs);
    return 0;
}

/* One pipeline: PIPELINE_N PQsendQueryPrepared, one PQpipelineSync, then every result. */
static bool pq_one_pipeline(PGconn *c, long base, char (*names)[16])
{
    char idbuf[24], amount[32];
    const char *params[3] = { idbuf, NULL, amount };
    if (!PQenterPipelineMode(c))
        return !bench_child_fail("libpq pipeline", PQerrorMessage(c));
    for (long i = 0; i < PIPELINE_N; i++) {
        snprintf(idbuf, sizeof idbuf, "%ld", base + i);
        snprintf(amount, sizeof amount, "%ld.25", i);
        params[1] = names[i];
        if (!PQsendQueryPrepared(c, "ins", 3, params, NULL, NULL, 0))
            return !bench_child_fail("libpq send", PQerrorMessage(c));
    }
    if (!PQpipelineSync(c))
        return !bench_child_fail("libpq sync", PQerrorMessage(c));
    for (long i = 0; i < PIPELINE_N; i++) {
        PGresult *r = PQgetResult(c);
        bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdTuples(r), "1") == 0;
        PQclear(r);
        if (!ok)
            return !bench_child_fail("libpq insert", PQerrorMessage(c));
        if ((r = PQgetResult(c)) != NULL) {
            PQclear(r);
            return !bench_child_fail("libpq insert", "more than one result for one INSERT");
        }
    }
    PGresult *s = PQgetResult(c);
    bool synced = s && PQresultStatus(s) == PGRES_PIPELINE_SYNC;
    PQclear(s);
    if (!synced || !PQexitPipelineMode(c))
        return !bench_child_fail("libpq pipeline end", PQerrorMessage(c));
    return true;
}

static int pq_pipeline(PGconn *c)
{
    char(*names)[16] = bench_make_names(PIPELINE_N);
    int rc = 1;
    double secs = 0;
    if (!pq_command(c, "TRUNCATE bench_insert") || !pq_prepare(c, "ins", INSERT_SQL, 3))
        goto out_free_names;
    for (long b = 0; b < PIPELINE_BATCHES; b++) {
        double t0 = bench_now();
        if (!pq_one_pipeline(c, b * PIPELINE_N + 1, names))
            goto out_free_names;
        secs += bench_now() - t0;
    }
    PGresult *r = PQexec(c, "SELECT count(*) FROM bench_insert");
    long n = PQresultStatus(r) == PGRES_TUPLES_OK ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : -1;
    PQclear(r);
    if (n != (long)PIPELINE_BATCHES * PIPELINE_N) {
        bench_child_fail("libpq pipeline", "wrong row count after the inserts");
        goto out_free_names;
    }
    printf("ok %ld %.6f\n", (long)PIPELINE_BATCHES * PIPELINE_N, secs);
    rc = 0;
out_free_names:
    sqlx_free(names);
    return rc;
}

static int run_libpq(const struct options *o, enum workload w, bool single)
{
    PGconn *c = pq_connect(o);
    if (!c)
        return 1;
    int rc;
    if (w == W_POINT)
        rc = pq_point(c, o);
    else if (w == W_ROWS)
        rc = pq_rows(c, o, single);
    else
        rc = pq_pipeline(c);
    PQfinish(c);
    return rc;
}

static int vm_point(struct sqlx_conn *c, const struct options *o)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    long q = 0, bad = 0;
    uint64_t sum = 0;
    int rc;
    if (sqlx_conn_prepare(c, POINT_SQL, strlen(POINT_SQL), &s, &err) != 0)
        return bench_vm_fail("wirevm prepare", &err);
    double t0 = bench_now(), t;
    do {
        for (int k = 0; k < 64; k++) {
            struct sqlx_value id = sqlx_value_int((int64_t)(bench_xorshift(&seed) % (uint64_t)o->max_id) + 1);
            if (sqlx_stmt_bind_all(s, &id, 1, &err) != 0)
                goto out_error;
            int rows = 0;
            while ((rc = sqlx_stmt_step(s, &err)) == SQLX_STEP_ROW) {
                rows++;
                for (int j = 0; j < NCOLS; j++) {
                    struct sqlx_value v;
                    sqlx_stmt_column(s, j, &v);
                    sum += bench_touch_value(&v);
                }
            }
            if (rc < 0 || sqlx_stmt_reset(s, &err) != 0)
                goto out_error;
            bad += rows != 1;
            q++;
        }
        t = bench_now();
    } while (t - t0 < o->point_secs && (o->point_max == 0 || q < o->point_max));
    sqlx_stmt_finalize(s);
    sink = sum;
    if (bad)
        return bench_child_fail("wirevm point", "a query did not return exactly one row");
    printf("ok %ld %.6f\n", q, t - t0);
    return 0;
out_error:
    sqlx_stmt_finalize(s);
    return bench_vm_fail("wirevm point", &err);
}

static int vm_rows(struct sqlx_conn *c, const struct options *o)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    uint64_t sum = 0;
    long rows = 0;
    int rc;
    double t0 = bench_now();
    if (sqlx_conn_prepare(c, ROWS_SQL, strlen(ROWS_SQL), &s, &err) != 0)
        return bench_vm_fail("wirevm prepare", &err);
    while ((rc = sqlx_stmt_step(s, &err)) == SQLX_STEP_ROW) {
        rows++;
        for (int j = 0; j < NCOLS; j++) {
            struct sqlx_value v;
            sqlx_stmt_column(s, j, &v);
            sum += bench_touch_value(&v);
        }
    }
    double secs = bench_now() - t0;
    sqlx_stmt_finalize(s);
    sink = sum;
    if (rc < 0)
        return bench_vm_fail("wirevm rows", &err);
    if (rows != o->fetch_rows)
        return bench_child_fail("wirevm rows", "wrong row count");
    printf("ok %ld %.6f\n", rows, secs);
    return 0;
}

static long vm_count(struct sqlx_conn *c, struct sqlx_err *err)
{
    static const char sql[] = "SELECT count(*) FROM bench_insert";
    struct sqlx_stmt *s = NULL;
    struct sqlx_value v = { .type = SQLX_V_NULL };
    if (sqlx_conn_prepare(c, sql, strlen(sql), &s, err) != 0)
        return -1;
    if (sqlx_stmt_step(s, err) == SQLX_STEP_ROW)
        sqlx_stmt_column(s, 0, &v);
    long n = v.type == SQLX_V_INT ? (long)v.i
             : v.type == SQLX_V_TEXT ? strtol(v.s, NULL, 10) : -1;
    sqlx_stmt_finalize(s);
    return n;
}

static int vm_pipeline(struct sqlx_conn *c)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    char(*names)[16] = bench_make_names(PIPELINE_N);
    struct sqlx_value *rows = sqlx_malloc(sizeof *rows * 3 * PIPELINE_N);
    double secs = 0;
    int rc = 1;
    sqlx_err_clear(&err);
    if (sqlx_conn_exec(c, "TRUNCATE bench_insert", &err) != 0 ||
        sqlx_conn_prepare(c, INSERT_SQL, strlen(INSERT_SQL), &s, &err) != 0) {
        bench_vm_fail("wirevm pipeline setup", &err);
        goto out_free;
    }
    for (long b = 0; b < PIPELINE_BATCHES; b++) {
        double t0 = bench_now();
        for (long i = 0; i < PIPELINE_N; i++) {
            rows[i * 3 + 0] = sqlx_value_int(b * PIPELINE_N + 1 + i);
            rows[i * 3 + 1] = sqlx_value_text(names[i], strlen(names[i]));
            rows[i * 3 + 2] = sqlx_value_float((double)i + 0.25);
        }
        int64_t affected = 0;
        if (sqlx_stmt_exec_batch(s, rows, 3, PIPELINE_N, &affected, &err) != 0) {
            bench_vm_fail("wirevm exec_batch", &err);
            goto out_free;
        }
        secs += bench_now() - t0;
        if (affected != PIPELINE_N) {
            bench_child_fail("wirevm exec_batch", "wrong number of rows affected");
            goto out_free;
        }
    }
    if (vm_count(c, &err) != (long)PIPELINE_BATCHES * PIPELINE_N) {
        bench_child_fail("wirevm pipeline", "wrong row count after the inserts");
        goto out_free;
    }
    printf("ok %ld %.6f\n", (long)PIPELINE_BATCHES * PIPELINE_N, secs);
    rc = 0;
out_free:
    sqlx_stmt_finalize(s);
    sqlx_free(rows);
    sqlx_free(names);
    return rc;
}

static int run_wirevm(const struct options *o, enum workload w)
{
    struct sqlx_err err;
    struct sqlx_packset packs;
    struct sqlx_conn *c = NULL;
    int rc;
    sqlx_err_clear(&err);
    if (sqlx_packset_load(o->packs, &packs, &err) != 0) {
        if (!o->require_wirevm) {
            printf("na packs: %s\n", err.message);
            return 0;
        }
        return bench_vm_fail("wirevm packs", &err);
    }
    if (sqlx_conn_open(o->url, &packs, &c, &err) != 0) {
        if (!o->require_wirevm && bench_engine_missing(&err)) {
            printf("na %s\n", err.message);
            rc = 0;
        } else {
            rc = bench_vm_fail("wirevm open", &err);
        }
        goto out_free_packs;
    }
    if (w == W_POINT)
        rc = vm_point(c, o);
    else if (w == W_ROWS)
        rc = vm_rows(c, o);
    else
        rc = vm_pipeline(c);
    sqlx_conn_close(c);
out_free_packs:
    sqlx_packset_free(&packs);
    return rc;
}

/* ---- driver side ---- */

static bool runs_client(enum workload w, enum client c)
{
    return c != C_LIBPQ_SINGLE || w == W_ROWS;
}

static int drive(char **argv, const struct options *o)
{
    static struct bench_result runs[W_COUNT][C_COUNT][MAX_ROUNDS];
    bool wirevm_na = false;
    char na_reason[600] = "";
    printf("pg_bench: %d rounds, point %.1f s per run, %ld fetch rows, %d x %d pipelined inserts, client CPU %d\n",
           o->rounds, o->point_secs, o->fetch_rows, PIPELINE_BATCHES, PIPELINE_N, o->cpu);
    for (int r = 0; r < o->rounds; r++) {
        for (int w = 0; w < W_COUNT; w++) {
            /* WireVM first in even rounds, libpq first in odd ones. */
            enum client order[C_COUNT] = { C_WIREVM, C_LIBPQ, C_LIBPQ_SINGLE };
            if (r % 2) {
                order[0] = C_LIBPQ;
                order[1] = C_LIBPQ_SINGLE;
                order[2] = C_WIREVM;
            }
            for (int k = 0; k < C_COUNT; k++) {
                enum client c = order[k];
                if (!runs_client((enum workload)w, c) || (c == C_WIREVM && wirevm_na))
                    continue;
                struct bench_result res =
                    bench_run_child(argv, o->cpu, client_names[c], workload_names[w]);
                runs[w][c][r] = res;
                if (res.na) {
                    wirevm_na = true;
                    snprintf(na_reason, sizeof na_reason, "%s", res.msg);
                    printf("round %d %-8s %-12s n/a: %s\n", r + 1, workload_names[w],
                           client_names[c], res.msg);
                    continue;
                }
                if (!res.ok) {
                    fprintf(stderr, "pg_bench: %s %s failed: %s\n", client_names[c],
                            workload_names[w], res.msg);
                    return 1;
                }
                printf("round %d %-8s %-12s %12.0f %-9s rss %7ld KB  (%.0f in %.3f s)\n", r + 1,
                       workload_names[w], client_names[c], res.ops / res.secs,
                       workload_units[w], res.rss_kb, res.ops, res.secs);
            }
        }
    }
    struct bench_summary sum[W_COUNT][C_COUNT];
    printf("\n| workload | client | median | unit | min | max | peak RSS KB (median) | runs |\n");
    printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (int w = 0; w < W_COUNT; w++) {
        for (int c = 0; c < C_COUNT; c++) {
            sum[w][c] = bench_summarize(runs[w][c], o->rounds);
            if (!runs_client((enum workload)w, (enum client)c))
                continue;
            if (sum[w][c].n == 0) {
                printf("| %s | %s | n/a | %s | | | | 0 |\n", workload_names[w], client_names[c],
                       workload_units[w]);
                continue;
            }
            printf("| %s | %s | %.0f | %s | %.0f | %.0f | %.0f | %d |\n", workload_names[w],
                   client_names[c], sum[w][c].median, workload_units[w], sum[w][c].min,
                   sum[w][c].max, sum[w][c].rss, sum[w][c].n);
        }
    }
    if (wirevm_na) {
        printf("\nWireVM not measured: %s\n", na_reason);
        printf("wirevm/libpq: point n/a rows n/a pipeline n/a memory n/a\n");
        return 0;
    }
    /* Throughput against libpq's faster way for each workload (buffered or single-row for rows);
     * memory against the libpq run that streams like WireVM does (single-row for rows, since a
     * buffered result grows with the row count), worst workload. */
    double ratio[W_COUNT], mem = 0;
    for (int w = 0; w < W_COUNT; w++) {
        double ref = sum[w][C_LIBPQ].median;
        double ref_rss = sum[w][C_LIBPQ].rss;
        if (w == W_ROWS) {
            if (sum[w][C_LIBPQ_SINGLE].median > ref)
                ref = sum[w][C_LIBPQ_SINGLE].median;
            ref_rss = sum[w][C_LIBPQ_SINGLE].rss;
        }
        ratio[w] = sum[w][C_WIREVM].median / ref;
        double m = sum[w][C_WIREVM].rss / ref_rss;
        if (m > mem)
            mem = m;
    }
    printf("\nwirevm/libpq: point %.2f rows %.2f pipeline %.2f memory %.2f\n", ratio[W_POINT],
           ratio[W_ROWS], ratio[W_PIPELINE], mem);
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: pg_bench --conninfo STR --url URL --packs DIR [--rounds N] [--point-secs S]\n"
            "                [--point-max N] [--max-id N] [--fetch-rows N] [--cpu N]\n"
            "                [--require-wirevm]\n");
    exit(2);
}

static long parse_long(const char *s, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        usage();
    return v;
}

static double parse_double(const char *s, double lo, double hi)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !(v >= lo && v <= hi))
        usage();
    return v;
}

int main(int argc, char **argv)
{
    struct options o = { .rounds = 5, .point_secs = 2.0, .max_id = 20000, .fetch_rows = 1000000,
                         .cpu = -1 };
    const char *child_client = NULL, *child_workload = NULL;
    int i = 1;
    if (argc > 3 && strcmp(argv[1], "--child") == 0) {
        child_client = argv[2];
        child_workload = argv[3];
        i = 4;
    }
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--require-wirevm") == 0) {
            o.require_wirevm = true;
            continue;
        }
        if (i + 1 >= argc)
            usage();
        const char *v = argv[++i];
        if (strcmp(a, "--conninfo") == 0)
            o.conninfo = v;
        else if (strcmp(a, "--url") == 0)
            o.url = v;
        else if (strcmp(a, "--packs") == 0)
            o.packs = v;
        else if (strcmp(a, "--rounds") == 0)
            o.rounds = (int)parse_long(v, 1, MAX_ROUNDS);
        else if (strcmp(a, "--point-secs") == 0)
            o.point_secs = parse_double(v, 0.01, 600);
        else if (strcmp(a, "--point-max") == 0)
            o.point_max = parse_long(v, 0, 1000000000L);
        else if (strcmp(a, "--max-id") == 0)
            o.max_id = parse_long(v, 1, 1000000000L);
        else if (strcmp(a, "--fetch-rows") == 0)
            o.fetch_rows = parse_long(v, 1, 1000000000L);
        else if (strcmp(a, "--cpu") == 0)
            o.cpu = (int)parse_long(v, -1, 1023);
        else
            usage();
    }
    if (!o.conninfo || !o.url || !o.packs)
        usage();
    if (!child_client) {
        setvbuf(stdout, NULL, _IOLBF, 0);
        return drive(argv, &o);
    }
    enum workload w = W_COUNT;
    for (int k = 0; k < W_COUNT; k++)
        if (strcmp(child_workload, workload_names[k]) == 0)
            w = (enum workload)k;
    if (w == W_COUNT)
        usage();
    if (strcmp(child_client, "wirevm") == 0)
        return run_wirevm(&o, w);
    if (strcmp(child_client, "libpq") == 0)
        return run_libpq(&o, w, false);
    if (strcmp(child_client, "libpq-single") == 0)
        return run_libpq(&o, w, true);
    usage();
    return 2;
}
