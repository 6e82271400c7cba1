/* Integration tests for src/wire/pool.c over the PostgreSQL engine (SQLX_TEST_PG_URL from
 * tests/harness/pg.sh): a backend killed mid-query gives a clear error and the pool recovers with
 * a fresh connection; the bounded wait queue times out with a clear error; a connection returned
 * inside a transaction comes back rolled back. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "wire/conn.h"
#include "wire/pack.h"
#include "wire/pg.h"
#include "wire/pool.h"

static struct sqlx_packset packs;

static void setup(void)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
}

static void teardown(void)
{
    sqlx_packset_free(&packs);
}

TestSuite(pg_pool, .init = setup, .fini = teardown, .timeout = 60);

static struct sqlx_pool *make_pool(size_t max, int timeout_ms)
{
    const char *u = getenv("SQLX_TEST_PG_URL");
    if (!u || !*u)
        cr_skip_test("SQLX_TEST_PG_URL is not set (run through tests/run.sh)");
    struct sqlx_pool_config cfg = {
        .url = u, .min = 1, .max = max, .max_waiters = 4,
        .acquire_timeout_ms = timeout_ms, .health_check_ms = -1,
    };
    struct sqlx_pool *p;
    struct sqlx_err err;
    cr_assert_eq(sqlx_pool_create(&cfg, &packs, &p, &err), 0, "%s", err.message);
    return p;
}

static int64_t scalar(struct sqlx_conn *c, const char *sql, struct sqlx_err *err)
{
    struct sqlx_stmt *s;
    struct sqlx_value v = { 0 };
    if (sqlx_conn_prepare(c, sql, strlen(sql), &s, err) < 0)
        return -1;
    int rc = sqlx_stmt_step(s, err);
    if (rc == SQLX_STEP_ROW)
        sqlx_stmt_column(s, 0, &v);
    while (rc == SQLX_STEP_ROW)
        rc = sqlx_stmt_step(s, err);
    sqlx_stmt_finalize(s);
    if (rc < 0)
        return -1;
    return v.type == SQLX_V_INT ? v.i : (v.type == SQLX_V_BOOL ? v.b : -2);
}

struct killer {
    struct sqlx_pool *pool;
    int pid;
    int rc;
};

static void *kill_later(void *arg)
{
    struct killer *k = arg;
    struct sqlx_err err;
    usleep(300 * 1000);
    struct sqlx_conn *c = sqlx_pool_acquire(k->pool, &err);
    if (!c) {
        k->rc = -1;
        return NULL;
    }
    char sql[80];
    snprintf(sql, sizeof sql, "select pg_terminate_backend(%d)", k->pid);
    k->rc = scalar(c, sql, &err) == 1 ? 0 : -1;
    sqlx_pool_release(k->pool, c);
    return NULL;
}

Test(pg_pool, killed_backend_is_discarded_and_replaced)
{
    struct sqlx_pool *p = make_pool(2, 5000);
    struct sqlx_err err;
    struct sqlx_conn *c = sqlx_pool_acquire(p, &err);
    cr_assert_not_null(c, "%s", err.message);
    int victim = (int)sqlx_pg_backend_pid(c);
    struct killer k = { .pool = p, .pid = victim };
    pthread_t th;
    pthread_create(&th, NULL, kill_later, &k);
    int rc = sqlx_conn_exec(c, "select pg_sleep(20)", &err);
    pthread_join(th, NULL);
    cr_assert_eq(k.rc, 0, "pg_terminate_backend ran");
    cr_assert_eq(rc, SQLX_EIO, "the killed query fails as an I/O error: %d %s", rc, err.message);
    cr_assert(strstr(err.message, "terminating connection"), "clear message: %s", err.message);
    cr_assert(c->broken);
    sqlx_pool_release(p, c);

    /* Every connection lent from now on works and is not the killed backend. */
    for (int i = 0; i < 4; i++) {
        struct sqlx_conn *d = sqlx_pool_acquire(p, &err);
        cr_assert_not_null(d, "%s", err.message);
        cr_assert_neq((int)sqlx_pg_backend_pid(d), victim);
        cr_assert_eq(scalar(d, "select 41 + 1", &err), 42, "%s", err.message);
        sqlx_pool_release(p, d);
    }
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_geq(st.discarded, 1);
    sqlx_pool_destroy(p);
}

Test(pg_pool, wait_queue_times_out_with_a_clear_error)
{
    struct sqlx_pool *p = make_pool(1, 300);
    struct sqlx_err err;
    struct sqlx_conn *c = sqlx_pool_acquire(p, &err);
    cr_assert_not_null(c, "%s", err.message);
    uint64_t t0 = sqlx_clock_ns();
    struct sqlx_conn *d = sqlx_pool_acquire(p, &err);
    double waited_ms = (double)(sqlx_clock_ns() - t0) / 1e6;
    cr_assert_null(d);
    cr_assert_eq(err.code, SQLX_ETIMEOUT, "%d %s", err.code, err.message);
    cr_assert(strstr(err.message, "connection pool exhausted"), "%s", err.message);
    cr_assert_geq(waited_ms, 250, "waited %.0f ms", waited_ms);
    sqlx_pool_release(p, c);
    d = sqlx_pool_acquire(p, &err);
    cr_assert_not_null(d, "the returned connection is lent again: %s", err.message);
    sqlx_pool_release(p, d);
    sqlx_pool_destroy(p);
}

Test(pg_pool, returned_transaction_is_rolled_back)
{
    struct sqlx_pool *p = make_pool(1, 2000);
    struct sqlx_err err;
    struct sqlx_conn *c = sqlx_pool_acquire(p, &err);
    cr_assert_not_null(c, "%s", err.message);
    cr_assert_eq(sqlx_conn_exec(c, "create temp table pool_tx (x int)", &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_conn_exec(c, "begin; insert into pool_tx values (1)", &err), 0, "%s",
                 err.message);
    cr_assert(sqlx_conn_in_transaction(c));
    sqlx_pool_release(p, c);
    struct sqlx_conn *d = sqlx_pool_acquire(p, &err);
    cr_assert_eq(d, c, "the same connection comes back");
    cr_assert_not(sqlx_conn_in_transaction(d));
    cr_assert_eq(scalar(d, "select count(*) from pool_tx", &err), 0, "%s", err.message);
    sqlx_pool_release(p, d);
    sqlx_pool_destroy(p);
}
