/* Connection pool: lends connections of one database URL to threads, one thread per connection.
 * Owns the idle connections, the counts and the wait queue (a mutex and a condition variable on the
 * monotonic clock). Opening and closing happen outside the lock so a slow engine never stalls the
 * threads returning connections. Idle connections are pruned lazily, on acquire and release, and
 * by sqlx_pool_prune; there is no background thread. */
#include "wire/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "wire/conn.h"

#define DEFAULT_ACQUIRE_TIMEOUT_MS 5000

struct idle_conn {
    struct sqlx_conn *conn; /* ready, not in a transaction */
    uint64_t since_ns;      /* monotonic time it was returned */
};

struct sqlx_pool {
    pthread_mutex_t lock;         /* guards every field below except cfg and packs */
    pthread_cond_t freed;         /* signalled when a connection returns or a slot opens */
    struct sqlx_pool_config cfg;  /* copy; cfg.url is owned by the pool */
    const struct sqlx_packset *packs; /* borrowed; must outlive the pool */
    struct idle_conn *idle;       /* stack of idle connections, most recently used on top */
    size_t nidle;
    size_t open;                  /* lent + idle + being opened */
    size_t waiting;               /* threads blocked in acquire */
    size_t created;
    size_t discarded;
};

#define PRUNE_BATCH 8 /* idle connections closed per prune; the rest wait for the next one */

/* Moves up to PRUNE_BATCH idle connections that outlived the idle timeout, keeping min open, into
 * `out` for the caller to close after unlocking. The oldest sit at the bottom of the stack, so
 * the common case (nothing expired) costs one comparison. */
static size_t take_expired(struct sqlx_pool *p, struct sqlx_conn *out[PRUNE_BATCH])
{
    size_t n = 0;
    if (p->cfg.idle_timeout_ms <= 0 || p->nidle == 0)
        return 0;
    uint64_t now = sqlx_clock_ns();
    uint64_t limit = (uint64_t)p->cfg.idle_timeout_ms * 1000000u;
    size_t keep = 0;
    for (size_t i = 0; i < p->nidle; i++) {
        struct idle_conn *e = &p->idle[i];
        if (n < PRUNE_BATCH && p->open > p->cfg.min && now - e->since_ns >= limit) {
            out[n++] = e->conn;
            p->open--;
            p->discarded++;
        } else {
            p->idle[keep++] = *e;
        }
    }
    p->nidle = keep;
    return n;
}

static void close_all(struct sqlx_conn **conns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sqlx_conn_close(conns[i]);
}

static void deadline_after(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

int sqlx_pool_create(const struct sqlx_pool_config *cfg, const struct sqlx_packset *packs,
                     struct sqlx_pool **out, struct sqlx_err *err)
{
    *out = NULL;
    if (!cfg->url || !packs)
        return sqlx_err_set(err, SQLX_EINVAL, "connection pool needs a database URL and packs");
    if (cfg->max == 0)
        return sqlx_err_set(err, SQLX_EINVAL, "connection pool maximum must be at least 1");
    if (cfg->min > cfg->max)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "connection pool minimum %zu is above its maximum %zu", cfg->min,
                            cfg->max);
    struct sqlx_pool *p = sqlx_calloc(1, sizeof *p);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&p->freed, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&p->lock, NULL);
    p->cfg = *cfg;
    p->cfg.url = sqlx_strdup(cfg->url);
    if (p->cfg.acquire_timeout_ms == 0)
        p->cfg.acquire_timeout_ms = DEFAULT_ACQUIRE_TIMEOUT_MS;
    p->packs = packs;
    p->idle = sqlx_calloc(cfg->max, sizeof *p->idle);
    for (size_t i = 0; i < cfg->min; i++) {
        struct sqlx_conn *c;
        int rc = sqlx_conn_open(p->cfg.url, packs, &c, err);
        if (rc) {
            sqlx_pool_destroy(p);
            return rc;
        }
        p->idle[p->nidle++] = (struct idle_conn){ c, sqlx_clock_ns() };
        p->open++;
        p->created++;
    }
    *out = p;
    return 0;
}

/* Opens a connection for a slot already counted in p->open; gives the slot back on failure. */
static struct sqlx_conn *open_new(struct sqlx_pool *p, struct sqlx_err *err)
{
    struct sqlx_conn *c = NULL;
    int rc = sqlx_conn_open(p->cfg.url, p->packs, &c, err);
    pthread_mutex_lock(&p->lock);
    if (rc) {
        p->open--;
        pthread_cond_signal(&p->freed);
    } else {
        p->created++;
    }
    pthread_mutex_unlock(&p->lock);
    return rc ? NULL : c;
}

/* Gives up a lent or idle connection's slot and closes it. */
static void discard(struct sqlx_pool *p, struct sqlx_conn *c)
{
    sqlx_conn_close(c);
    pthread_mutex_lock(&p->lock);
    p->open--;
    p->discarded++;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

/* Waits for a connection to come back or a slot to open. Returns 0, or an SQLX_E* code with err
 * filled when the queue is full or the wait timed out. Called and returns with the lock held. */
static int wait_for_slot(struct sqlx_pool *p, const struct timespec *deadline, struct sqlx_err *err)
{
    if (p->cfg.max_waiters > 0 && p->waiting >= p->cfg.max_waiters)
        return sqlx_err_set(err, SQLX_EBUSY,
                            "connection pool exhausted: %zu requests already waiting for one of %zu connections",
                            p->waiting, p->cfg.max);
    p->waiting++;
    int rc = p->cfg.acquire_timeout_ms < 0 ? pthread_cond_wait(&p->freed, &p->lock)
                                           : pthread_cond_timedwait(&p->freed, &p->lock, deadline);
    p->waiting--;
    if (rc == ETIMEDOUT && p->nidle == 0 && p->open >= p->cfg.max) {
        sqlx_err_set(err, SQLX_ETIMEOUT,
                     "connection pool exhausted: waited %d ms for one of %zu connections",
                     p->cfg.acquire_timeout_ms, p->cfg.max);
        sqlx_err_hint(err, "Raise the pool maximum, or look for requests that hold connections for long.");
        return SQLX_ETIMEOUT;
    }
    return 0;
}

struct sqlx_conn *sqlx_pool_acquire(struct sqlx_pool *p, struct sqlx_err *err)
{
    struct timespec deadline = { 0 };
    struct sqlx_conn *expired[PRUNE_BATCH];
    struct sqlx_conn *c = NULL;
    if (p->cfg.acquire_timeout_ms > 0)
        deadline_after(&deadline, p->cfg.acquire_timeout_ms);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        size_t nexp = take_expired(p, expired);
        if (nexp) {
            pthread_mutex_unlock(&p->lock);
            close_all(expired, nexp);
            pthread_mutex_lock(&p->lock);
        }
        if (p->nidle > 0) {
            c = p->idle[--p->nidle].conn;
            pthread_mutex_unlock(&p->lock);
            if (sqlx_conn_ping(c))
                goto out;
            discard(p, c);
            c = NULL;
            pthread_mutex_lock(&p->lock);
            continue;
        }
        if (p->open < p->cfg.max) {
            p->open++;
            pthread_mutex_unlock(&p->lock);
            c = open_new(p, err);
            goto out;
        }
        if (wait_for_slot(p, &deadline, err) != 0)
            break;
    }
    pthread_mutex_unlock(&p->lock);
out:
    return c;
}

void sqlx_pool_release(struct sqlx_pool *p, struct sqlx_conn *c)
{
    if (!c)
        return;
    if (!c->broken && sqlx_conn_in_transaction(c)) {
        struct sqlx_err err;
        sqlx_err_clear(&err);
        if (sqlx_conn_exec(c, "ROLLBACK", &err) != 0 || sqlx_conn_in_transaction(c))
            c->broken = true;
    }
    if (c->broken) {
        discard(p, c);
        return;
    }
    struct sqlx_conn *expired[PRUNE_BATCH];
    pthread_mutex_lock(&p->lock);
    p->idle[p->nidle++] = (struct idle_conn){ c, sqlx_clock_ns() };
    size_t nexp = take_expired(p, expired);
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
    close_all(expired, nexp);
}

void sqlx_pool_prune(struct sqlx_pool *p)
{
    struct sqlx_conn *expired[PRUNE_BATCH];
    size_t nexp;
    do {
        pthread_mutex_lock(&p->lock);
        nexp = take_expired(p, expired);
        pthread_mutex_unlock(&p->lock);
        close_all(expired, nexp);
    } while (nexp == PRUNE_BATCH);
}

void sqlx_pool_destroy(struct sqlx_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nidle; i++)
        sqlx_conn_close(p->idle[i].conn);
    sqlx_free(p->idle);
    sqlx_free((char *)p->cfg.url);
    pthread_cond_destroy(&p->freed);
    pthread_mutex_destroy(&p->lock);
    sqlx_free(p);
}

void sqlx_pool_stats(struct sqlx_pool *p, struct sqlx_pool_stats *out)
{
    pthread_mutex_lock(&p->lock);
    out->open = p->open;
    out->idle = p->nidle;
    out->waiting = p->waiting;
    out->created = p->created;
    out->discarded = p->discarded;
    pthread_mutex_unlock(&p->lock);
}
