/* mysql_bench: WireVM against libmariadb on one MariaDB server (`make bench-mysql`, driven by
 * bench/mysql.sh). The driver re-executes this binary once per measurement (--child), so every
 * run is a fresh process pinned to one CPU whose peak RSS wait4 reports; WireVM and libmariadb
 * runs alternate within each round, and the driver prints every run, a table of medians and one
 * closing ratio line. Uses only the public wire/conn.h API and libmariadb; owns nothing of the
 * product. */
#include <errno.h>
#include <mysql.h>
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

/* Runs are "workload x client". Throughput unit: queries (point), rows (rows), inserts (insert).
 * libmariadb has two ways for rows (buffered mysql_store_result, streamed mysql_use_result) and
 * two for inserts (one mysql_stmt_execute per row, or one array-bound bulk execute); each ratio
 * is taken against the faster. */
enum workload { W_POINT, W_ROWS, W_INSERT, W_COUNT };
enum client { C_WIREVM, C_MY, C_MY_ALT, C_COUNT };

static const char *const workload_names[W_COUNT] = { "point", "rows", "insert" };
static const char *const workload_units[W_COUNT] = { "q/s", "rows/s", "inserts/s" };
static const char *const client_names[C_COUNT] = { "wirevm", "libmariadb", "libmariadb-alt" };
/* What C_MY and C_MY_ALT mean per workload, for the printed table. */
static const char *const my_labels[W_COUNT][2] = {
    { "libmariadb", NULL },
    { "libmariadb-store", "libmariadb-use" },
    { "libmariadb-loop", "libmariadb-bulk" },
};

#define POINT_SQL "SELECT id, email, name, country, bio, created_at, is_active FROM users WHERE id = ?"
#define ROWS_SQL "SELECT id, email, name, country, bio, created_at, is_active FROM fetch_rows"
#define INSERT_SQL "INSERT INTO bench_insert (id, name, amount) VALUES (?, ?, ?)"
#define COUNT_SQL "SELECT COUNT(*) FROM bench_insert"
#define NCOLS 7            /* columns of POINT_SQL and ROWS_SQL */
#define INSERT_N 10000     /* INSERTs per batch */
#define INSERT_BATCHES 5   /* batches per run; the rate is over all of them */
#define MAX_ROUNDS BENCH_MAX_ROUNDS
#define TEXT_MAX 256       /* bind buffer for the text columns of a point row */

struct options {
    const char *host;       /* libmariadb: server address (TCP) */
    unsigned port;
    const char *user;
    const char *password;
    const char *db;
    const char *url;        /* WireVM URL, the same server, database and user */
    const char *packs;      /* pack folder for sqlx_packset_load */
    int rounds;             /* alternating rounds per workload */
    double point_secs;      /* length of one point run */
    long max_id;            /* users ids are 1..max_id */
    long fetch_rows;        /* rows in fetch_rows */
    int cpu;                /* pin children to this CPU; -1: no pinning */
    bool require_wirevm;    /* a WireVM open failure is an error even if the engine is missing */
};

/* What one child run reports on its stdout, one line. */
/* Every value is read, so neither client can skip decoding; the sum keeps the reads alive. */
static volatile uint64_t sink;

/* Reads every value of the current row: at once where the engine decodes whole rows
 * (sqlx_stmt_row), else column by column. */
static uint64_t touch_row(struct sqlx_stmt *s)
{
    uint64_t sum = 0;
    int n;
    const struct sqlx_value *row = sqlx_stmt_row(s, &n);
    if (row) {
        for (int j = 0; j < NCOLS; j++)
            sum += j < n ? bench_touch_value(&row[j]) : 1;
        return sum;
    }
    for (int j = 0; j < NCOLS; j++) {
        struct sqlx_value v;
        sqlx_stmt_column(s, j, &v);
        sum += bench_touch_value(&v);
    }
    return sum;
}

/* ---- child side: one measurement, result on stdout as "ok OPS SECS", "na MSG" or "fail MSG" ---- */

static MYSQL *my_connect(const struct options *o)
{
    MYSQL *m = mysql_init(NULL);
    if (!m) {
        bench_child_fail("libmariadb", "mysql_init failed");
        return NULL;
    }
    mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (!mysql_real_connect(m, o->host, o->user, o->password, o->db, o->port, NULL, 0)) {
        bench_child_fail("libmariadb connect", mysql_error(m));
        mysql_close(m);
        return NULL;
    }
    return m;
}

static MYSQL_STMT *my_prepare(MYSQL *m, const char *sql)
{
    MYSQL_STMT *s = mysql_stmt_init(m);
    if (!s) {
        bench_child_fail("libmariadb stmt", mysql_error(m));
        return NULL;
    }
    if (mysql_stmt_prepare(s, sql, (unsigned long)strlen(sql)) != 0) {
        bench_child_fail("libmariadb prepare", mysql_stmt_error(s));
        mysql_stmt_close(s);
        return NULL;
    }
    return s;
}

/* Result buffers of one point row, bound once: native types where libmariadb has them
 * (id, created_at as MYSQL_TIME, is_active), text for the rest. */
struct point_row {
    long long id;
    char text[4][TEXT_MAX];     /* email, name, country, bio */
    unsigned long len[NCOLS];
    my_bool null[NCOLS];
    my_bool error[NCOLS];
    MYSQL_TIME created_at;
    signed char is_active;
    MYSQL_BIND bind[NCOLS];
};

static void bind_point_row(struct point_row *r)
{
    memset(r->bind, 0, sizeof r->bind);
    for (int j = 0; j < NCOLS; j++) {
        r->bind[j].length = &r->len[j];
        r->bind[j].is_null = &r->null[j];
        r->bind[j].error = &r->error[j];
    }
    r->bind[0].buffer_type = MYSQL_TYPE_LONGLONG;
    r->bind[0].buffer = &r->id;
    for (int k = 0; k < 4; k++) {
        r->bind[1 + k].buffer_type = MYSQL_TYPE_STRING;
        r->bind[1 + k].buffer = r->text[k];
        r->bind[1 + k].buffer_length = TEXT_MAX;
    }
    r->bind[5].buffer_type = MYSQL_TYPE_DATETIME;
    r->bind[5].buffer = &r->created_at;
    r->bind[6].buffer_type = MYSQL_TYPE_TINY;
    r->bind[6].buffer = &r->is_active;
}

static uint64_t touch_point_row(const struct point_row *r)
{
    uint64_t sum = (uint64_t)r->id + (uint64_t)(unsigned char)r->is_active;
    for (int k = 0; k < 4; k++)
        sum += r->null[1 + k] ? 1 : r->len[1 + k] + (unsigned char)r->text[k][0];
    sum += r->created_at.year + r->created_at.second;
    return sum;
}

/* One point query: execute, fetch every row (exactly one expected). Returns rows or -1. */
static int my_point_once(MYSQL_STMT *s, struct point_row *r, uint64_t *sum)
{
    if (mysql_stmt_execute(s) != 0 || mysql_stmt_bind_result(s, r->bind) != 0)
        return -1;
    int rows = 0, rc;
    while ((rc = mysql_stmt_fetch(s)) == 0) {
        *sum += touch_point_row(r);
        rows++;
    }
    return rc == MYSQL_NO_DATA ? rows : -1;
}

static int my_point(MYSQL *m, const struct options *o)
{
    static struct point_row row;
    uint64_t seed = 0x9E3779B97F4A7C15ULL, sum = 0;
    long long id = 0;
    long q = 0, bad = 0;
    MYSQL_BIND param;
    MYSQL_STMT *s = my_prepare(m, POINT_SQL);
    if (!s)
        return 1;
    memset(&param, 0, sizeof param);
    param.buffer_type = MYSQL_TYPE_LONGLONG;
    param.buffer = &id;
    bind_point_row(&row);
    if (mysql_stmt_bind_param(s, &param) != 0) {
        bench_child_fail("libmariadb bind", mysql_stmt_error(s));
        goto out_close;
    }
    double t0 = bench_now(), t;
    do {
        for (int k = 0; k < 64; k++) {
            id = (long long)(bench_xorshift(&seed) % (uint64_t)o->max_id) + 1;
            int rows = my_point_once(s, &row, &sum);
            if (rows < 0) {
                bench_child_fail("libmariadb point", mysql_stmt_error(s));
                goto out_close;
            }
            bad += rows != 1;
            q++;
        }
        t = bench_now();
    } while (t - t0 < o->point_secs);
    mysql_stmt_close(s);
    sink = sum;
    if (bad)
        return bench_child_fail("libmariadb point", "a query did not return exactly one row");
    printf("ok %ld %.6f\n", q, t - t0);
    return 0;
out_close:
    mysql_stmt_close(s);
    return 1;
}

/* Text protocol, every value read as pointer and length (the cheapest libmariadb can do):
 * buffered (store) or streamed row by row (use). */
static int my_rows(MYSQL *m, const struct options *o, bool streamed)
{
    uint64_t sum = 0;
    long rows = 0;
    double t0 = bench_now();
    if (mysql_real_query(m, ROWS_SQL, (unsigned long)strlen(ROWS_SQL)) != 0)
        return bench_child_fail("libmariadb rows", mysql_error(m));
    MYSQL_RES *res = streamed ? mysql_use_result(m) : mysql_store_result(m);
    if (!res)
        return bench_child_fail("libmariadb rows", mysql_error(m));
    MYSQL_ROW r;
    while ((r = mysql_fetch_row(res)) != NULL) {
        unsigned long *len = mysql_fetch_lengths(res);
        for (int j = 0; j < NCOLS; j++)
            sum += r[j] ? len[j] + (len[j] ? (unsigned char)r[j][0] : 0) : 1;
        rows++;
    }
    bool failed = mysql_errno(m) != 0;
    mysql_free_result(res);
    double secs = bench_now() - t0;
    sink = sum;
    if (failed)
        return bench_child_fail("libmariadb rows", mysql_error(m));
    if (rows != o->fetch_rows)
        return bench_child_fail("libmariadb rows", "wrong row count");
    printf("ok %ld %.6f\n", rows, secs);
    return 0;
}

static long my_count(MYSQL *m)
{
    long n = -1;
    if (mysql_real_query(m, COUNT_SQL, (unsigned long)strlen(COUNT_SQL)) != 0)
        return -1;
    MYSQL_RES *res = mysql_store_result(m);
    MYSQL_ROW r = res ? mysql_fetch_row(res) : NULL;
    if (r && r[0])
        n = strtol(r[0], NULL, 10);
    if (res)
        mysql_free_result(res);
    return n;
}

/* Column-wise arrays for one batch, bound for either method. */
struct insert_batch {
    long long *ids;
    char **name_ptrs;               /* bulk: one pointer per row */
    unsigned long *name_lens;
    double *amounts;
};

/* One row per mysql_stmt_execute (a round trip each), affected rows checked per row. */
static bool my_insert_loop(MYSQL_STMT *s, const struct insert_batch *b)
{
    MYSQL_BIND p[3];
    long long id;
    unsigned long len;
    double amount;
    memset(p, 0, sizeof p);
    p[0].buffer_type = MYSQL_TYPE_LONGLONG;
    p[0].buffer = &id;
    p[1].buffer_type = MYSQL_TYPE_STRING;
    p[1].length = &len;
    p[2].buffer_type = MYSQL_TYPE_DOUBLE;
    p[2].buffer = &amount;
    for (long i = 0; i < INSERT_N; i++) {
        id = b->ids[i];
        amount = b->amounts[i];
        p[1].buffer = b->name_ptrs[i];
        len = b->name_lens[i];
        if (mysql_stmt_bind_param(s, p) != 0 || mysql_stmt_execute(s) != 0)
            return !bench_child_fail("libmariadb insert", mysql_stmt_error(s));
        if (mysql_stmt_affected_rows(s) != 1)
            return !bench_child_fail("libmariadb insert", "an INSERT did not affect one row");
    }
    return true;
}

/* MariaDB bulk execution (COM_STMT_BULK_EXECUTE): the whole batch as column arrays
 * (STMT_ATTR_ARRAY_SIZE) in one execute; affected rows checked for the batch. */
static bool my_insert_bulk(MYSQL_STMT *s, const struct insert_batch *b)
{
    MYSQL_BIND p[3];
    unsigned int n = INSERT_N;
    memset(p, 0, sizeof p);
    p[0].buffer_type = MYSQL_TYPE_LONGLONG;
    p[0].buffer = b->ids;
    p[1].buffer_type = MYSQL_TYPE_STRING;
    p[1].buffer = b->name_ptrs;
    p[1].length = b->name_lens;
    p[2].buffer_type = MYSQL_TYPE_DOUBLE;
    p[2].buffer = b->amounts;
    if (mysql_stmt_attr_set(s, STMT_ATTR_ARRAY_SIZE, &n) != 0 ||
        mysql_stmt_bind_param(s, p) != 0 || mysql_stmt_execute(s) != 0)
        return !bench_child_fail("libmariadb bulk insert", mysql_stmt_error(s));
    if (mysql_stmt_affected_rows(s) != INSERT_N)
        return !bench_child_fail("libmariadb bulk insert", "wrong number of rows affected");
    return true;
}

static int my_insert(MYSQL *m, bool bulk)
{
    char(*names)[16] = bench_make_names(INSERT_N);
    struct insert_batch b = {
        .ids = sqlx_malloc(sizeof *b.ids * INSERT_N),
        .name_ptrs = sqlx_malloc(sizeof *b.name_ptrs * INSERT_N),
        .name_lens = sqlx_malloc(sizeof *b.name_lens * INSERT_N),
        .amounts = sqlx_malloc(sizeof *b.amounts * INSERT_N),
    };
    MYSQL_STMT *s = NULL;
    double secs = 0;
    int rc = 1;
    if (mysql_query(m, "TRUNCATE bench_insert") != 0) {
        bench_child_fail("libmariadb truncate", mysql_error(m));
        goto out_free;
    }
    if (!(s = my_prepare(m, INSERT_SQL)))
        goto out_free;
    for (long k = 0; k < INSERT_BATCHES; k++) {
        double t0 = bench_now();
        for (long i = 0; i < INSERT_N; i++) {
            b.ids[i] = k * INSERT_N + 1 + i;
            b.name_ptrs[i] = names[i];
            b.name_lens[i] = (unsigned long)strlen(names[i]);
            b.amounts[i] = (double)i + 0.25;
        }
        if (!(bulk ? my_insert_bulk(s, &b) : my_insert_loop(s, &b)))
            goto out_free;
        secs += bench_now() - t0;
    }
    if (my_count(m) != (long)INSERT_BATCHES * INSERT_N) {
        bench_child_fail("libmariadb insert", "wrong row count after the inserts");
        goto out_free;
    }
    printf("ok %ld %.6f\n", (long)INSERT_BATCHES * INSERT_N, secs);
    rc = 0;
out_free:
    if (s)
        mysql_stmt_close(s);
    sqlx_free(b.ids);
    sqlx_free(b.name_ptrs);
    sqlx_free(b.name_lens);
    sqlx_free(b.amounts);
    sqlx_free(names);
    return rc;
}

static int run_libmariadb(const struct options *o, enum workload w, bool alt)
{
    MYSQL *m = my_connect(o);
    if (!m)
        return 1;
    int rc;
    if (w == W_POINT)
        rc = my_point(m, o);
    else if (w == W_ROWS)
        rc = my_rows(m, o, alt);
    else
        rc = my_insert(m, alt);
    mysql_close(m);
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
            struct sqlx_value id =
                sqlx_value_int((int64_t)(bench_xorshift(&seed) % (uint64_t)o->max_id) + 1);
            if (sqlx_stmt_bind_all(s, &id, 1, &err) != 0)
                goto out_error;
            int rows = 0;
            while ((rc = sqlx_stmt_step(s, &err)) == SQLX_STEP_ROW) {
                rows++;
                sum += touch_row(s);
            }
            if (rc < 0 || sqlx_stmt_reset(s, &err) != 0)
                goto out_error;
            bad += rows != 1;
            q++;
        }
        t = bench_now();
    } while (t - t0 < o->point_secs);
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
        sum += touch_row(s);
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
    struct sqlx_stmt *s = NULL;
    struct sqlx_value v = { .type = SQLX_V_NULL };
    char tmp[32] = "";
    if (sqlx_conn_prepare(c, COUNT_SQL, strlen(COUNT_SQL), &s, err) != 0)
        return -1;
    if (sqlx_stmt_step(s, err) == SQLX_STEP_ROW)
        sqlx_stmt_column(s, 0, &v);
    if (v.type == SQLX_V_TEXT && v.n < sizeof tmp)
        memcpy(tmp, v.s, v.n);
    long n = v.type == SQLX_V_INT ? (long)v.i : v.type == SQLX_V_TEXT ? strtol(tmp, NULL, 10) : -1;
    sqlx_stmt_finalize(s);
    return n;
}

static int vm_insert(struct sqlx_conn *c)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    char(*names)[16] = bench_make_names(INSERT_N);
    struct sqlx_value *rows = sqlx_malloc(sizeof *rows * 3 * INSERT_N);
    double secs = 0;
    int rc = 1;
    sqlx_err_clear(&err);
    if (sqlx_conn_exec(c, "TRUNCATE bench_insert", &err) != 0 ||
        sqlx_conn_prepare(c, INSERT_SQL, strlen(INSERT_SQL), &s, &err) != 0) {
        bench_vm_fail("wirevm insert setup", &err);
        goto out_free;
    }
    for (long b = 0; b < INSERT_BATCHES; b++) {
        double t0 = bench_now();
        for (long i = 0; i < INSERT_N; i++) {
            sqlx_value_set_int(&rows[i * 3 + 0], b * INSERT_N + 1 + i);
            sqlx_value_set_bytes(&rows[i * 3 + 1], SQLX_V_TEXT, names[i], strlen(names[i]));
            sqlx_value_set_float(&rows[i * 3 + 2], (double)i + 0.25);
        }
        int64_t affected = 0;
        if (sqlx_stmt_exec_batch(s, rows, 3, INSERT_N, &affected, &err) != 0) {
            bench_vm_fail("wirevm exec_batch", &err);
            goto out_free;
        }
        secs += bench_now() - t0;
        if (affected != INSERT_N) {
            bench_child_fail("wirevm exec_batch", "wrong number of rows affected");
            goto out_free;
        }
    }
    if (vm_count(c, &err) != (long)INSERT_BATCHES * INSERT_N) {
        bench_child_fail("wirevm insert", "wrong row count after the inserts");
        goto out_free;
    }
    printf("ok %ld %.6f\n", (long)INSERT_BATCHES * INSERT_N, secs);
    rc = 0;
out_free:
    if (s)
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
        rc = vm_insert(c);
    sqlx_conn_close(c);
out_free_packs:
    sqlx_packset_free(&packs);
    return rc;
}

/* ---- driver side ---- */

static bool runs_client(enum workload w, enum client c)
{
    return c != C_MY_ALT || my_labels[w][1] != NULL;
}

static const char *label(enum workload w, enum client c)
{
    return c == C_WIREVM ? "wirevm" : my_labels[w][c == C_MY ? 0 : 1];
}

/* One round of one workload, WireVM first in even rounds and libmariadb first in odd ones.
 * Returns false when a run failed (the benchmark stops). */
static bool run_round(char **argv, const struct options *o, int r, enum workload w,
                      struct bench_result runs[W_COUNT][C_COUNT][MAX_ROUNDS], bool *wirevm_na,
                      char *na_reason, size_t na_size)
{
    enum client order[C_COUNT] = { C_WIREVM, C_MY, C_MY_ALT };
    if (r % 2) {
        order[0] = C_MY;
        order[1] = C_MY_ALT;
        order[2] = C_WIREVM;
    }
    for (int k = 0; k < C_COUNT; k++) {
        enum client c = order[k];
        if (!runs_client(w, c) || (c == C_WIREVM && *wirevm_na))
            continue;
        struct bench_result res =
            bench_run_child(argv, o->cpu, client_names[c], workload_names[w]);
        runs[w][c][r] = res;
        if (res.na) {
            *wirevm_na = true;
            snprintf(na_reason, na_size, "%s", res.msg);
            printf("round %d %-7s %-17s n/a: %s\n", r + 1, workload_names[w], label(w, c),
                   res.msg);
            continue;
        }
        if (!res.ok) {
            fprintf(stderr, "mysql_bench: %s %s failed: %s\n", label(w, c), workload_names[w],
                    res.msg);
            return false;
        }
        printf("round %d %-7s %-17s %12.0f %-9s rss %7ld KB  (%.0f in %.3f s)\n", r + 1,
               workload_names[w], label(w, c), res.ops / res.secs, workload_units[w],
               res.rss_kb, res.ops, res.secs);
    }
    return true;
}

static int drive(char **argv, const struct options *o)
{
    static struct bench_result runs[W_COUNT][C_COUNT][MAX_ROUNDS];
    struct bench_summary sum[W_COUNT][C_COUNT];
    bool wirevm_na = false;
    char na_reason[600] = "";
    printf("mysql_bench: %d rounds, point %.1f s per run, %ld fetch rows, %d x %d inserts, "
           "client CPU %d, libmariadb %s\n",
           o->rounds, o->point_secs, o->fetch_rows, INSERT_BATCHES, INSERT_N, o->cpu,
           mysql_get_client_info());
    for (int r = 0; r < o->rounds; r++)
        for (int w = 0; w < W_COUNT; w++)
            if (!run_round(argv, o, r, (enum workload)w, runs, &wirevm_na, na_reason,
                           sizeof na_reason))
                return 1;
    printf("\n| workload | client | median | unit | min | max | peak RSS KB (median) | runs |\n");
    printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (int w = 0; w < W_COUNT; w++) {
        for (int c = 0; c < C_COUNT; c++) {
            sum[w][c] = bench_summarize(runs[w][c], o->rounds);
            if (!runs_client((enum workload)w, (enum client)c))
                continue;
            if (sum[w][c].n == 0) {
                printf("| %s | %s | n/a | %s | | | | 0 |\n", workload_names[w],
                       label((enum workload)w, (enum client)c), workload_units[w]);
                continue;
            }
            printf("| %s | %s | %.0f | %s | %.0f | %.0f | %.0f | %d |\n", workload_names[w],
                   label((enum workload)w, (enum client)c), sum[w][c].median, workload_units[w],
                   sum[w][c].min, sum[w][c].max, sum[w][c].rss, sum[w][c].n);
        }
    }
    if (wirevm_na) {
        printf("\nWireVM not measured: %s\n", na_reason);
        printf("wirevm/libmariadb: point n/a rows n/a insert n/a memory n/a\n");
        return 0;
    }
    /* Throughput against libmariadb's faster way for each workload; memory against the same
     * run, except for rows, where it is compared with the streamed mysql_use_result (a stored
     * result grows with the row count, which would flatter any streaming client). Worst of the
     * three workloads. */
    double ratio[W_COUNT], mem = 0;
    for (int w = 0; w < W_COUNT; w++) {
        enum client ref = C_MY;
        if (runs_client((enum workload)w, C_MY_ALT) &&
            sum[w][C_MY_ALT].median > sum[w][C_MY].median)
            ref = C_MY_ALT;
        ratio[w] = sum[w][C_WIREVM].median / sum[w][ref].median;
        double ref_rss = w == W_ROWS ? sum[w][C_MY_ALT].rss : sum[w][ref].rss;
        double m = sum[w][C_WIREVM].rss / ref_rss;
        if (m > mem)
            mem = m;
    }
    printf("\nwirevm/libmariadb: point %.2f rows %.2f insert %.2f memory %.2f\n", ratio[W_POINT],
           ratio[W_ROWS], ratio[W_INSERT], mem);
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: mysql_bench --host H --port P --user U --password PW --db DB --url URL\n"
            "                   --packs DIR [--rounds N] [--point-secs S] [--max-id N]\n"
            "                   [--fetch-rows N] [--cpu N] [--require-wirevm]\n");
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

/* Reads one "--name value" option into o; false for an unknown name. */
static bool parse_option(struct options *o, const char *a, const char *v)
{
    if (strcmp(a, "--host") == 0)
        o->host = v;
    else if (strcmp(a, "--port") == 0)
        o->port = (unsigned)parse_long(v, 1, 65535);
    else if (strcmp(a, "--user") == 0)
        o->user = v;
    else if (strcmp(a, "--password") == 0)
        o->password = v;
    else if (strcmp(a, "--db") == 0)
        o->db = v;
    else if (strcmp(a, "--url") == 0)
        o->url = v;
    else if (strcmp(a, "--packs") == 0)
        o->packs = v;
    else if (strcmp(a, "--rounds") == 0)
        o->rounds = (int)parse_long(v, 1, MAX_ROUNDS);
    else if (strcmp(a, "--point-secs") == 0)
        o->point_secs = parse_double(v, 0.01, 600);
    else if (strcmp(a, "--max-id") == 0)
        o->max_id = parse_long(v, 1, 1000000000L);
    else if (strcmp(a, "--fetch-rows") == 0)
        o->fetch_rows = parse_long(v, 1, 1000000000L);
    else if (strcmp(a, "--cpu") == 0)
        o->cpu = (int)parse_long(v, -1, 1023);
    else
        return false;
    return true;
}

int main(int argc, char **argv)
{
    struct options o = { .host = "127.0.0.1", .port = 3306, .rounds = 5, .point_secs = 2.0,
                         .max_id = 20000, .fetch_rows = 1000000, .cpu = -1 };
    const char *child_client = NULL, *child_workload = NULL;
    int i = 1;
    if (argc > 3 && strcmp(argv[1], "--child") == 0) {
        child_client = argv[2];
        child_workload = argv[3];
        i = 4;
    }
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--require-wirevm") == 0) {
            o.require_wirevm = true;
            continue;
        }
        if (i + 1 >= argc || !parse_option(&o, argv[i], argv[i + 1]))
            usage();
        i++;
    }
    if (!o.user || !o.password || !o.db || !o.url || !o.packs)
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
    if (strcmp(child_client, "libmariadb") == 0)
        return run_libmariadb(&o, w, false);
    if (strcmp(child_client, "libmariadb-alt") == 0)
        return run_libmariadb(&o, w, true);
    usage();
    return 2;
}
