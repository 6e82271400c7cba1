/* Tests for src/wire/pool.c. On a temporary SQLite file: min / max, the exhaustion timeout and its
 * message, the bounded wait queue, rollback on release, discarding broken connections, the idle
 * timeout, waking a waiter, and many threads acquiring and releasing at once. On a fake engine
 * (struct sqlx_conn_ops in this file, plugged in through the config's open hook) whose opens,
 * pings and rollbacks can be made to fail: health checks, replacement to min, open backoff timing
 * and its cap, fail-fast while backing off, FIFO order of waiters, and waiters timing out. */
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

/* ---- A fake engine: tests of pool logic that a real engine cannot fail on demand ---- */

struct fake_server {
    pthread_mutex_t lock;
    bool fail_open;       /* open fails with SQLX_EIO "fake server refused the connection" */
    bool fail_ping;       /* every ping fails */
    bool fail_rollback;   /* ROLLBACK fails */
    int fail_every;       /* when > 0, every fail_every-th open attempt fails */
    int opens;            /* open attempts */
    int closes;           /* connections closed */
    int pings;            /* pings answered or failed */
    int rollbacks;        /* ROLLBACKs run */
    int next_id;          /* id of the next connection */
};

struct fake_conn {
    struct sqlx_conn base;
    struct fake_server *srv;
    int id;               /* 1, 2, ... in open order */
    bool in_tx;           /* BEGIN ran without COMMIT / ROLLBACK */
};

static int fake_exec(struct sqlx_conn *c, const char *sql, struct sqlx_err *err)
{
    struct fake_conn *f = (struct fake_conn *)c;
    if (strcmp(sql, "BEGIN") == 0) {
        f->in_tx = true;
        return 0;
    }
    if (strcmp(sql, "ROLLBACK") == 0) {
        pthread_mutex_lock(&f->srv->lock);
        f->srv->rollbacks++;
        bool fail = f->srv->fail_rollback;
        pthread_mutex_unlock(&f->srv->lock);
        if (fail)
            return sqlx_err_set(err, SQLX_EIO, "fake server lost the connection");
        f->in_tx = false;
        return 0;
    }
    return sqlx_err_set(err, SQLX_EUNSUPPORTED, "fake engine runs no \"%s\"", sql);
}

static bool fake_in_transaction(struct sqlx_conn *c)
{
    return ((struct fake_conn *)c)->in_tx;
}

static bool fake_ping(struct sqlx_conn *c)
{
    struct fake_conn *f = (struct fake_conn *)c;
    pthread_mutex_lock(&f->srv->lock);
    f->srv->pings++;
    bool ok = !f->srv->fail_ping;
    pthread_mutex_unlock(&f->srv->lock);
    return ok;
}

static void fake_close(struct sqlx_conn *c)
{
    struct fake_conn *f = (struct fake_conn *)c;
    pthread_mutex_lock(&f->srv->lock);
    f->srv->closes++;
    pthread_mutex_unlock(&f->srv->lock);
    free(f);
}

static const struct sqlx_conn_ops fake_ops = {
    .engine = "fake",
    .exec = fake_exec,
    .in_transaction = fake_in_transaction,
    .ping = fake_ping,
    .close = fake_close,
};

static int fake_open(void *ctx, const char *u, const struct sqlx_packset *ps,
                     struct sqlx_conn **out, struct sqlx_err *err)
{
    struct fake_server *srv = ctx;
    (void)ps;
    *out = NULL;
    pthread_mutex_lock(&srv->lock);
    srv->opens++;
    bool fail = srv->fail_open || (srv->fail_every > 0 && srv->opens % srv->fail_every == 0);
    int id = ++srv->next_id;
    pthread_mutex_unlock(&srv->lock);
    if (fail) {
        sqlx_err_set(err, SQLX_EIO, "fake server refused the connection to \"%s\"", u);
        return SQLX_EIO;
    }
    struct fake_conn *f = calloc(1, sizeof *f);
    cr_assert_not_null(f);
    f->base.ops = &fake_ops;
    f->base.state = SQLX_CONN_READY;
    f->srv = srv;
    f->id = id;
    *out = &f->base;
    return 0;
}

static struct fake_server srv;

static void fake_setup(void)
{
    memset(&srv, 0, sizeof srv);
    pthread_mutex_init(&srv.lock, NULL);
}

static void fake_set(bool *flag, bool v)
{
    pthread_mutex_lock(&srv.lock);
    *flag = v;
    pthread_mutex_unlock(&srv.lock);
}

static int fake_get(const int *counter)
{
    pthread_mutex_lock(&srv.lock);
    int v = *counter;
    pthread_mutex_unlock(&srv.lock);
    return v;
}

TestSuite(fakepool, .init = fake_setup, .timeout = 60);

static struct sqlx_pool *make_fake_pool(struct sqlx_pool_config cfg)
{
    struct sqlx_err err;
    struct sqlx_pool *p = NULL;
    cfg.url = "fake://db";
    cfg.open = fake_open;
    cfg.open_ctx = &srv;
    cr_assert_eq(sqlx_pool_create(&cfg, NULL, &p, &err), 0, "%s", err.message);
    return p;
}

static int fake_id(struct sqlx_conn *c)
{
    return ((struct fake_conn *)c)->id;
}

static double ms_since(uint64_t t0)
{
    return (double)(sqlx_clock_ns() - t0) / 1e6;
}

Test(fakepool, failed_ping_of_stale_idle_connection_discards_and_replaces_it)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 2, .max = 2, .acquire_timeout_ms = 1000, .health_check_ms = 50 });
    /* Fresh connections are lent without a ping. */
    struct sqlx_conn *a = acquire_ok(p), *b = acquire_ok(p);
    cr_assert_eq(fake_get(&srv.pings), 0);
    sqlx_pool_release(p, a);
    sqlx_pool_release(p, b);
    sleep_ms(80);
    /* Both sat unused past health_check_ms: each is pinged, fails, is discarded; the acquire then
     * opens a new connection, which needs no ping. */
    fake_set(&srv.fail_ping, true);
    struct sqlx_conn *c = acquire_ok(p);
    cr_assert_eq(fake_id(c), 3, "expected the newly opened connection, got #%d", fake_id(c));
    cr_assert_eq(fake_get(&srv.pings), 2);
    cr_assert_eq(fake_get(&srv.closes), 2);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.pings, 2);
    cr_assert_eq(st.ping_failures, 2);
    cr_assert_eq(st.discarded, 2);
    cr_assert_eq(st.created, 3);
    cr_assert_eq(st.open, 1);
    /* A failed ping is not an open failure: no backoff. */
    cr_assert_eq(st.failing, 0);
    sqlx_pool_release(p, c);
    sqlx_pool_destroy(p);
    cr_assert_eq(fake_get(&srv.closes), 3);
}

Test(fakepool, recently_used_connection_is_lent_without_ping)
{
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 1, .max = 1, .health_check_ms = 10000 });
    fake_set(&srv.fail_ping, true);
    for (int i = 0; i < 5; i++) {
        struct sqlx_conn *c = acquire_ok(p);
        cr_assert_eq(fake_id(c), 1);
        sqlx_pool_release(p, c);
    }
    cr_assert_eq(fake_get(&srv.pings), 0);
    sqlx_pool_destroy(p);
}

Test(fakepool, negative_health_check_pings_every_time)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 1, .max = 1, .health_check_ms = -1 });
    for (int i = 0; i < 3; i++)
        sqlx_pool_release(p, acquire_ok(p));
    cr_assert_eq(fake_get(&srv.pings), 3);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.pings, 3);
    cr_assert_eq(st.ping_failures, 0);
    sqlx_pool_destroy(p);
}

Test(fakepool, broken_connection_is_replaced_up_to_min)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){ .min = 2, .max = 3 });
    struct sqlx_conn *c = acquire_ok(p);
    c->broken = true;
    sqlx_pool_release(p, c);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.discarded, 1);
    cr_assert_eq(st.created, 3, "the discarded connection was not replaced");
    cr_assert_eq(st.open, 2);
    cr_assert_eq(st.idle, 2);
    /* The replacement fails while the server is down; prune retries once the backoff allows. */
    c = acquire_ok(p);
    fake_set(&srv.fail_open, true);
    c->broken = true;
    sqlx_pool_release(p, c);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 1);
    cr_assert_eq(st.failing, 1);
    fake_set(&srv.fail_open, false);
    sqlx_pool_prune(p); /* first retry is immediate */
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 2);
    cr_assert_eq(st.idle, 2);
    cr_assert_eq(st.failing, 0);
    sqlx_pool_destroy(p);
}

Test(fakepool, failed_rollback_discards_the_connection)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){ .min = 0, .max = 1 });
    struct sqlx_conn *c = acquire_ok(p);
    exec_ok(c, "BEGIN");
    sqlx_pool_release(p, c);
    cr_assert_eq(fake_get(&srv.rollbacks), 1);
    c = acquire_ok(p);
    cr_assert_eq(fake_id(c), 1, "a rolled-back connection is kept");
    cr_assert_not(sqlx_conn_in_transaction(c));
    exec_ok(c, "BEGIN");
    fake_set(&srv.fail_rollback, true);
    sqlx_pool_release(p, c);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.discarded, 1);
    cr_assert_eq(st.open, 0);
    fake_set(&srv.fail_rollback, false);
    c = acquire_ok(p);
    cr_assert_eq(fake_id(c), 2);
    sqlx_pool_release(p, c);
    sqlx_pool_destroy(p);
}

/* One acquire that must fail: returns how long it took; *opened tells whether it tried to open. */
static double acquire_fails(struct sqlx_pool *p, struct sqlx_err *err, bool *opened)
{
    int before = fake_get(&srv.opens);
    uint64_t t0 = sqlx_clock_ns();
    cr_assert_null(sqlx_pool_acquire(p, err));
    *opened = fake_get(&srv.opens) > before;
    return ms_since(t0);
}

Test(fakepool, open_failures_back_off_exponentially)
{
    struct sqlx_err err;
    struct sqlx_pool_stats st;
    bool opened;
    /* Defaults: first retry immediate, then 100 ms (checked from the stats; timing below uses
     * 200 ms so a loaded machine cannot overshoot a window). */
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){ .min = 0, .max = 2 });
    fake_set(&srv.fail_open, true);
    acquire_fails(p, &err, &opened);
    acquire_fails(p, &err, &opened);
    cr_assert(opened, "the first retry must be immediate");
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.backoff_ms, 100);
    sqlx_pool_destroy(p);

    p = make_fake_pool((struct sqlx_pool_config){ .min = 0, .max = 2, .backoff_initial_ms = 200 });
    acquire_fails(p, &err, &opened);
    cr_assert(opened);
    cr_assert_eq(err.code, SQLX_EIO);
    cr_assert_str_eq(err.message, "fake server refused the connection to \"fake://db\"");
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.failing, 1);
    cr_assert_eq(st.backoff_ms, 0);
    acquire_fails(p, &err, &opened);
    cr_assert(opened, "the first retry must be immediate");
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.failing, 2);
    cr_assert_eq(st.backoff_ms, 200);
    /* Backing off: fails fast with the last open error, without opening. */
    sqlx_err_clear(&err);
    double ms = acquire_fails(p, &err, &opened);
    cr_assert_not(opened, "opened while backing off");
    cr_assert_lt(ms, 100.0, "took %.1f ms to fail fast", ms);
    cr_assert_eq(err.code, SQLX_EIO);
    cr_assert_str_eq(err.message, "fake server refused the connection to \"fake://db\"");
    cr_assert_not_null(strstr(err.detail, "after 2 failed attempts in a row"), "%s", err.detail);
    sleep_ms(230);
    acquire_fails(p, &err, &opened);
    cr_assert(opened, "no retry after the 200 ms backoff");
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.backoff_ms, 400);
    sleep_ms(150);
    acquire_fails(p, &err, &opened);
    cr_assert_not(opened, "retried 150 ms into a 400 ms backoff");
    sleep_ms(280);
    acquire_fails(p, &err, &opened);
    cr_assert(opened, "no retry after the 400 ms backoff");
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.backoff_ms, 800);
    cr_assert_eq(st.open_errors, 4);
    cr_assert_eq(st.open, 0, "failed opens must give their slots back");
    /* Recovery: the next try after the backoff succeeds and clears the failure state. */
    fake_set(&srv.fail_open, false);
    sleep_ms(830);
    struct sqlx_conn *c = acquire_ok(p);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.failing, 0);
    cr_assert_eq(st.backoff_ms, 0);
    struct sqlx_conn *d = acquire_ok(p); /* no backoff left: opens at once */
    sqlx_pool_release(p, c);
    sqlx_pool_release(p, d);
    sqlx_pool_destroy(p);
}

Test(fakepool, backoff_doubles_up_to_its_cap)
{
    struct sqlx_err err;
    struct sqlx_pool_stats st;
    bool opened;
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 0, .max = 1, .backoff_initial_ms = 10, .backoff_max_ms = 40 });
    fake_set(&srv.fail_open, true);
    const int want[] = { 0, 10, 20, 40, 40, 40 };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sleep_ms(i == 0 ? 0 : want[i - 1] + 15);
        acquire_fails(p, &err, &opened);
        cr_assert(opened, "attempt %zu did not open", i + 1);
        sqlx_pool_stats(p, &st);
        cr_assert_eq(st.failing, i + 1);
        cr_assert_eq(st.backoff_ms, want[i], "after %zu failures: %d ms", i + 1, st.backoff_ms);
    }
    sqlx_pool_destroy(p);
}

Test(fakepool, default_backoff_cap_is_five_seconds)
{
    struct sqlx_err err;
    struct sqlx_pool_stats st;
    bool opened;
    /* 0, then 3000 ms, then 6000 ms capped to the default 5000 ms. */
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 0, .max = 1, .backoff_initial_ms = 3000 });
    fake_set(&srv.fail_open, true);
    acquire_fails(p, &err, &opened);
    acquire_fails(p, &err, &opened);
    cr_assert(opened);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.backoff_ms, 3000);
    sleep_ms(1000);
    acquire_fails(p, &err, &opened);
    cr_assert_not(opened, "retried 1 s into a 3 s backoff");
    sleep_ms(2030);
    acquire_fails(p, &err, &opened);
    cr_assert(opened);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.backoff_ms, 5000);
    sqlx_pool_destroy(p);
}

struct fifo_waiter {
    struct sqlx_pool *pool;
    atomic_int *order;   /* next position to hand out */
    int pos;             /* position this thread was served in, 0 if never */
    int conn_id;         /* fake id of the connection it got */
    struct sqlx_err err;
};

static void *fifo_thread(void *arg)
{
    struct fifo_waiter *w = arg;
    struct sqlx_conn *c = sqlx_pool_acquire(w->pool, &w->err);
    if (!c)
        return NULL;
    w->pos = atomic_fetch_add(w->order, 1) + 1;
    w->conn_id = fake_id(c);
    sleep_ms(5);
    sqlx_pool_release(w->pool, c);
    return NULL;
}

Test(fakepool, waiters_are_served_first_come_first_served)
{
    enum { N = 5 };
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 1, .max = 1, .acquire_timeout_ms = 10000 });
    atomic_int order = 0;
    struct fifo_waiter w[N];
    pthread_t t[N];
    struct sqlx_conn *c = acquire_ok(p);
    for (int i = 0; i < N; i++) {
        w[i] = (struct fifo_waiter){ .pool = p, .order = &order };
        cr_assert_eq(pthread_create(&t[i], NULL, fifo_thread, &w[i]), 0);
        wait_for_waiters(p, (size_t)i + 1); /* queue in a known order */
    }
    sqlx_pool_release(p, c);
    /* A thread arriving now must queue behind the others, not take the connection first. */
    struct fifo_waiter late = { .pool = p, .order = &order };
    fifo_thread(&late);
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        cr_assert_eq(w[i].pos, i + 1, "waiter %d served in position %d (%s)", i, w[i].pos,
                     w[i].err.message);
        cr_assert_eq(w[i].conn_id, 1);
    }
    cr_assert_eq(late.pos, N + 1, "the late thread jumped the queue to position %d", late.pos);
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.created, 1);
    cr_assert_eq(st.waiting, 0);
    sqlx_pool_destroy(p);
}

Test(fakepool, waiters_time_out_and_leave_the_queue)
{
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 0, .max = 1, .acquire_timeout_ms = 200 });
    struct sqlx_conn *c = acquire_ok(p);
    struct holder h[3];
    pthread_t t[3];
    uint64_t t0 = sqlx_clock_ns();
    for (int i = 0; i < 3; i++) {
        h[i] = (struct holder){ .pool = p, .hold_ms = 0 };
        cr_assert_eq(pthread_create(&t[i], NULL, acquire_thread, &h[i]), 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], NULL);
        cr_assert_null(h[i].got);
        cr_assert_eq(h[i].err.code, SQLX_ETIMEOUT);
        cr_assert_str_eq(h[i].err.message,
                         "connection pool exhausted: waited 200 ms for one of 1 connections");
    }
    double ms = ms_since(t0);
    cr_assert_geq(ms, 190.0, "gave up after %.1f ms", ms);
    cr_assert_lt(ms, 3000.0);
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.waiting, 0);
    cr_assert_eq(st.timeouts, 3);
    /* Nobody is left in the queue: the returned connection goes idle and is lent at once. */
    sqlx_pool_release(p, c);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.idle, 1);
    struct sqlx_conn *d = acquire_ok(p);
    cr_assert_eq(d, c);
    sqlx_pool_release(p, d);
    sqlx_pool_destroy(p);
}

Test(fakepool, waiter_given_a_free_slot_opens_or_fails_with_the_open_error)
{
    struct sqlx_pool_stats st;
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 0, .max = 1, .acquire_timeout_ms = 5000 });
    /* A discarded connection frees a slot: the waiter opens a new one (replacement on demand). */
    struct sqlx_conn *c = acquire_ok(p);
    struct holder h = { .pool = p, .hold_ms = -1 };
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, acquire_thread, &h), 0);
    wait_for_waiters(p, 1);
    c->broken = true;
    sqlx_pool_release(p, c);
    pthread_join(t, NULL);
    cr_assert_not_null(h.got, "%s", h.err.message);
    cr_assert_eq(fake_id(h.got), 2);
    /* When that open fails, the waiter gets the engine's error at once, not a timeout. */
    c = h.got;
    h = (struct holder){ .pool = p, .hold_ms = 0 };
    cr_assert_eq(pthread_create(&t, NULL, acquire_thread, &h), 0);
    wait_for_waiters(p, 1);
    fake_set(&srv.fail_open, true);
    uint64_t t0 = sqlx_clock_ns();
    c->broken = true;
    sqlx_pool_release(p, c);
    pthread_join(t, NULL);
    cr_assert_lt(ms_since(t0), 1000.0);
    cr_assert_null(h.got);
    cr_assert_eq(h.err.code, SQLX_EIO);
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.open, 0);
    cr_assert_eq(st.failing, 1);
    cr_assert_eq(st.discarded, 2);
    sqlx_pool_destroy(p);
}

Test(fakepool, idle_connections_are_used_while_opening_is_backed_off)
{
    struct sqlx_err err;
    bool opened;
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){ .min = 1, .max = 3 });
    fake_set(&srv.fail_open, true);
    struct sqlx_conn *a = acquire_ok(p);
    acquire_fails(p, &err, &opened);
    acquire_fails(p, &err, &opened);
    cr_assert(opened);
    acquire_fails(p, &err, &opened);
    cr_assert_not(opened);
    /* The healthy connection still circulates while new opens are refused. */
    sqlx_pool_release(p, a);
    struct sqlx_conn *b = acquire_ok(p);
    cr_assert_eq(b, a);
    sqlx_pool_release(p, b);
    sqlx_pool_destroy(p);
}

struct churn {
    struct sqlx_pool *pool;
    atomic_int *lent;    /* lent right now across threads */
    atomic_int *peak;    /* most ever lent at once */
    int got;             /* successful acquires */
    int failed;          /* acquires that failed (timeouts or open errors) */
    unsigned seed;
};

static void *churn_thread(void *arg)
{
    struct churn *ch = arg;
    for (int i = 0; i < 300; i++) {
        struct sqlx_err err;
        struct sqlx_conn *c = sqlx_pool_acquire(ch->pool, &err);
        if (!c) {
            ch->failed++;
            continue;
        }
        ch->got++;
        int now = atomic_fetch_add(ch->lent, 1) + 1;
        int peak = atomic_load(ch->peak);
        while (now > peak && !atomic_compare_exchange_weak(ch->peak, &peak, now))
            ;
        if (rand_r(&ch->seed) % 5 == 0)
            c->broken = true;
        else if (rand_r(&ch->seed) % 5 == 0)
            (void)fake_exec(c, "BEGIN", &err);
        atomic_fetch_sub(ch->lent, 1);
        sqlx_pool_release(ch->pool, c);
    }
    return NULL;
}

Test(fakepool, churn_with_broken_connections_and_failing_opens_keeps_the_counts)
{
    enum { T = 8, MAXC = 3 };
    struct sqlx_pool *p = make_fake_pool((struct sqlx_pool_config){
        .min = 1, .max = MAXC, .acquire_timeout_ms = 2000, .health_check_ms = -1,
        .backoff_initial_ms = 1, .backoff_max_ms = 4 });
    srv.fail_every = 3; /* set before the threads start, read under the server's lock */
    atomic_int lent = 0, peak = 0;
    struct churn ch[T];
    pthread_t t[T];
    for (int i = 0; i < T; i++) {
        ch[i] = (struct churn){ .pool = p, .lent = &lent, .peak = &peak, .seed = (unsigned)i + 1 };
        cr_assert_eq(pthread_create(&t[i], NULL, churn_thread, &ch[i]), 0);
    }
    int got = 0;
    for (int i = 0; i < T; i++) {
        pthread_join(t[i], NULL);
        got += ch[i].got;
    }
    cr_assert_gt(got, 0);
    cr_assert_leq(atomic_load(&peak), MAXC);
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_eq(st.waiting, 0);
    cr_assert_eq(st.open, st.idle, "every connection came back");
    cr_assert_leq(st.open, MAXC);
    /* Every opened connection is either idle or was closed exactly once. */
    cr_assert_eq(st.created, st.discarded + st.open);
    cr_assert_eq((size_t)fake_get(&srv.closes), st.discarded);
    cr_assert_gt(st.open_errors, 0, "the churn never hit a failing open");
    cr_assert_gt(st.discarded, 0);
    sqlx_pool_destroy(p);
    cr_assert_eq((size_t)fake_get(&srv.closes), st.created);
}
