/* Tests for src/wire/pool.c on a temporary SQLite file: min / max, the exhaustion timeout and its
 * message, the bounded wait queue, rollback on release, discarding broken connections, the idle
 * timeout, waking a waiter, and many threads acquiring and releasing at once. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/err.h"
#include "wire/conn.h"
#include "wire/pack.h"
#include "wire/pool.h"

static char tmpdir[64];
static char url[200];
static struct sqlx_packset packs;

static void setup(void)
{
    struct sqlx_err err;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sqlx-pool-test-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(url, sizeof url, "sqlite:%s/pool.db?mode=rwc", tmpdir);
    cr_assert_eq(sqlx_packset_load(SQLX_SOURCE_DIR "/packs", &packs, &err), 0, "%s", err.message);
}

static void teardown(void)
{
    char cmd[128];
    sqlx_packset_free(&packs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(pool, .init = setup, .fini = teardown, .timeout = 60);

static struct sqlx_pool *make_pool(size_t min, size_t max, size_t max_waiters, int timeout_ms,
                                   int idle_ms)
{
    struct sqlx_err err;
    struct sqlx_pool *p = NULL;
    struct sqlx_pool_config cfg = {
        .url = url,
        .min = min,
        .max = max,
        .max_waiters = max_waiters,
        .acquire_timeout_ms = timeout_ms,
        .idle_timeout_ms = idle_ms,
    };
    cr_assert_eq(sqlx_pool_create(&cfg, &packs, &p, &err), 0, "%s", err.message);
    return p;
}

static struct sqlx_conn *acquire_ok(struct sqlx_pool *p)
{
    struct sqlx_err err;
    sqlx_err_clear(&err);
    struct sqlx_conn *c = sqlx_pool_acquire(p, &err);
    cr_assert_not_null(c, "%s", err.message);
    return c;
}

static void exec_ok(struct sqlx_conn *c, const char *sql)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_exec(c, sql, &err), 0, "%s: %s", sql, err.message);
}

static int64_t count_rows(struct sqlx_conn *c, const char *table)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
    struct sqlx_value v;
    sqlx_stmt_column(s, 0, &v);
    sqlx_stmt_finalize(s);
    return v.i;
}

static void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

Test(pool, config_errors)
{
    struct sqlx_err err;
    struct sqlx_pool *p = NULL;
    struct sqlx_pool_config cfg = { .url = url, .min = 3, .max = 2 };
    cr_assert_eq(sqlx_pool_create(&cfg, &packs, &p, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "connection pool minimum 3 is above its maximum 2");
    cfg.min = 0;
    cfg.max = 0;
    cr_assert_eq(sqlx_pool_create(&cfg, &packs, &p, &err), SQLX_EINVAL);
    cr_assert_null(p);
    /* min connections open at create time, so a bad URL fails at once. */
    char bad[200];
    snprintf(bad, sizeof bad, "sqlite:%s/missing.db", tmpdir);
    cfg = (struct sqlx_pool_config){ .url = bad, .min = 1, .max = 2 };
    cr_assert_eq(sqlx_pool_create(&cfg, &packs, &p, &err), SQLX_ENOTFOUND);
    cr_assert_null(p);
}

Test(pool, min_connections_open_at_create_and_max_is_kept)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_pool(2, 3, 0, 100, 0);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 2);
    cr_assert_eq(st.idle, 2);
    cr_assert_eq(st.created, 2);
    struct sqlx_conn *c[3];
    for (int i = 0; i < 3; i++)
        c[i] = acquire_ok(p);
    cr_assert_neq(c[0], c[1]);
    cr_assert_neq(c[1], c[2]);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 3);
    cr_assert_eq(st.idle, 0);
    cr_assert_eq(st.created, 3);
    for (int i = 0; i < 3; i++)
        sqlx_pool_release(p, c[i]);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 3);
    cr_assert_eq(st.idle, 3);
    /* Reuse, not reopen: the most recently returned connection comes back first. */
    struct sqlx_conn *again = acquire_ok(p);
    cr_assert_eq(again, c[2]);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.created, 3);
    sqlx_pool_release(p, again);
    sqlx_pool_destroy(p);
}

Test(pool, exhaustion_times_out_with_clear_message)
{
    struct sqlx_err err;
    struct sqlx_pool *p = make_pool(0, 2, 0, 300, 0);
    struct sqlx_conn *a = acquire_ok(p), *b = acquire_ok(p);
    uint64_t t0 = sqlx_clock_ns();
    cr_assert_null(sqlx_pool_acquire(p, &err));
    double ms = (double)(sqlx_clock_ns() - t0) / 1e6;
    cr_assert_eq(err.code, SQLX_ETIMEOUT);
    cr_assert_str_eq(err.message, "connection pool exhausted: waited 300 ms for one of 2 connections");
    cr_assert_geq(ms, 280.0, "gave up after %.1f ms", ms);
    cr_assert_lt(ms, 2000.0, "waited %.1f ms", ms);
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.waiting, 0);
    sqlx_pool_release(p, a);
    sqlx_pool_release(p, b);
    sqlx_pool_destroy(p);
}

struct holder {
    struct sqlx_pool *pool;
    struct sqlx_conn *got;   /* what the thread acquired */
    struct sqlx_err err;
    int hold_ms;             /* release after this long; < 0: keep */
};

static void *acquire_thread(void *arg)
{
    struct holder *h = arg;
    h->got = sqlx_pool_acquire(h->pool, &h->err);
    if (h->got && h->hold_ms >= 0) {
        sleep_ms(h->hold_ms);
        sqlx_pool_release(h->pool, h->got);
    }
    return NULL;
}

static void wait_for_waiters(struct sqlx_pool *p, size_t n)
{
    struct sqlx_pool_stats st;
    for (int i = 0; i < 2000; i++) {
        sqlx_pool_stats(p, &st);
        if (st.waiting == n)
            return;
        sleep_ms(1);
    }
    cr_assert_fail("expected %zu waiting threads, found %zu", n, st.waiting);
}

Test(pool, bounded_wait_queue_fails_at_once)
{
    struct sqlx_err err;
    struct sqlx_pool *p = make_pool(0, 1, 1, 10000, 0);
    struct sqlx_conn *c = acquire_ok(p);
    struct holder h = { .pool = p, .hold_ms = 0 };
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, acquire_thread, &h), 0);
    wait_for_waiters(p, 1);
    uint64_t t0 = sqlx_clock_ns();
    cr_assert_null(sqlx_pool_acquire(p, &err));
    cr_assert_lt((double)(sqlx_clock_ns() - t0) / 1e6, 500.0, "did not fail at once");
    cr_assert_eq(err.code, SQLX_EBUSY);
    cr_assert_str_eq(err.message, "connection pool exhausted: 1 requests already waiting for one of 1 connections");
    sqlx_pool_release(p, c);
    pthread_join(t, NULL);
    cr_assert_eq(h.got, c, "the waiter should get the released connection: %s", h.err.message);
    sqlx_pool_destroy(p);
}

Test(pool, waiter_gets_connection_when_released)
{
    struct sqlx_pool *p = make_pool(0, 1, 0, 5000, 0);
    struct holder h = { .pool = p, .hold_ms = 150 };
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, acquire_thread, &h), 0);
    while (1) { /* let the thread take the only connection */
        struct sqlx_pool_stats st;
        sqlx_pool_stats(p, &st);
        if (st.open == 1 && st.idle == 0)
            break;
        sleep_ms(1);
    }
    uint64_t t0 = sqlx_clock_ns();
    struct sqlx_conn *c = acquire_ok(p);
    double ms = (double)(sqlx_clock_ns() - t0) / 1e6;
    cr_assert_lt(ms, 3000.0);
    pthread_join(t, NULL);
    cr_assert_eq(c, h.got);
    sqlx_pool_release(p, c);
    sqlx_pool_destroy(p);
}

Test(pool, release_rolls_back_open_transaction)
{
    struct sqlx_pool *p = make_pool(1, 1, 0, 1000, 0);
    struct sqlx_conn *c = acquire_ok(p);
    exec_ok(c, "CREATE TABLE t (x INT)");
    exec_ok(c, "BEGIN");
    exec_ok(c, "INSERT INTO t VALUES (1)");
    cr_assert(sqlx_conn_in_transaction(c));
    sqlx_pool_release(p, c);
    struct sqlx_conn *again = acquire_ok(p);
    cr_assert_eq(again, c, "the same connection comes back");
    cr_assert_not(sqlx_conn_in_transaction(again));
    cr_assert_eq(count_rows(again, "t"), 0, "the insert was not rolled back");
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.discarded, 0);
    sqlx_pool_release(p, again);
    sqlx_pool_destroy(p);
}

Test(pool, broken_connection_is_discarded)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_pool(0, 2, 0, 1000, 0);
    struct sqlx_conn *c = acquire_ok(p);
    c->broken = true;
    sqlx_pool_release(p, c);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 0);
    cr_assert_eq(st.idle, 0);
    cr_assert_eq(st.discarded, 1);
    c = acquire_ok(p);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.created, 2);
    sqlx_pool_release(p, c);
    sqlx_pool_release(p, NULL);
    sqlx_pool_destroy(p);
}

Test(pool, idle_connections_above_min_close_after_timeout)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_pool(1, 3, 0, 1000, 50);
    struct sqlx_conn *c[3];
    for (int i = 0; i < 3; i++)
        c[i] = acquire_ok(p);
    for (int i = 0; i < 3; i++)
        sqlx_pool_release(p, c[i]);
    sqlx_pool_prune(p);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.idle, 3, "pruned before the idle timeout");
    sleep_ms(120);
    sqlx_pool_prune(p);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 1, "min connections stay open");
    cr_assert_eq(st.idle, 1);
    cr_assert_eq(st.discarded, 2);
    /* Acquire prunes too. */
    struct sqlx_conn *a = acquire_ok(p), *b = acquire_ok(p);
    sqlx_pool_release(p, a);
    sqlx_pool_release(p, b);
    sleep_ms(120);
    struct sqlx_conn *d = acquire_ok(p);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 1);
    cr_assert_eq(st.idle, 0);
    sqlx_pool_release(p, d);
    sqlx_pool_destroy(p);
}

#define THREADS 8
#define ROUNDS 150
#define MAX_CONNS 3

struct worker {
    struct sqlx_pool *pool;
    atomic_int *lent;     /* connections lent right now, across threads */
    atomic_int *peak;     /* most ever lent at once */
    int failures;
    char error[512];
};

static void *worker_thread(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < ROUNDS; i++) {
        struct sqlx_err err;
        struct sqlx_conn *c = sqlx_pool_acquire(w->pool, &err);
        if (!c) {
            w->failures++;
            snprintf(w->error, sizeof w->error, "%s", err.message);
            continue;
        }
        int now = atomic_fetch_add(w->lent, 1) + 1;
        int peak = atomic_load(w->peak);
        while (now > peak && !atomic_compare_exchange_weak(w->peak, &peak, now))
            ;
        if (sqlx_conn_exec(c, "INSERT INTO hits VALUES (1)", &err) != 0) {
            w->failures++;
            snprintf(w->error, sizeof w->error, "%s", err.message);
        }
        if (i % 10 == 0 && sqlx_conn_exec(c, "BEGIN; INSERT INTO hits VALUES (2)", &err) != 0) {
            w->failures++; /* left open on purpose: release must roll it back */
            snprintf(w->error, sizeof w->error, "%s", err.message);
        }
        atomic_fetch_sub(w->lent, 1);
        sqlx_pool_release(w->pool, c);
    }
    return NULL;
}

Test(pool, concurrent_threads_share_the_pool)
{
    struct sqlx_pool *p = make_pool(1, MAX_CONNS, 0, 20000, 0);
    struct sqlx_conn *c = acquire_ok(p);
    exec_ok(c, "CREATE TABLE hits (x INT)");
    sqlx_pool_release(p, c);
    atomic_int lent = 0, peak = 0;
    struct worker w[THREADS];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (struct worker){ .pool = p, .lent = &lent, .peak = &peak };
        cr_assert_eq(pthread_create(&t[i], NULL, worker_thread, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(w[i].failures, 0, "thread %d: %s", i, w[i].error);
    }
    cr_assert_leq(atomic_load(&peak), MAX_CONNS);
    cr_assert_geq(atomic_load(&peak), 2, "threads never overlapped");
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_leq(st.open, MAX_CONNS);
    cr_assert_eq(st.idle, st.open);
    cr_assert_eq(st.waiting, 0);
    cr_assert_eq(st.discarded, 0);
    c = acquire_ok(p);
    cr_assert_eq(count_rows(c, "hits"), THREADS * ROUNDS, "rolled-back rows must not count");
    sqlx_pool_release(p, c);
    sqlx_pool_destroy(p);
}
