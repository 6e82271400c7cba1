/* Connection pool: lends connections of one database URL to threads, one thread per connection.
 * Owns the idle connections, the counts, the FIFO wait queue and the open-backoff state. Opening,
 * closing and pinging happen outside the lock so a slow engine never stalls the threads returning
 * connections. Idle connections are pruned lazily, on acquire and release, and by sqlx_pool_prune;
 * there is no background thread, so a replacement for a discarded connection is opened by the
 * thread that discarded it. */
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
#define DEFAULT_HEALTH_CHECK_MS 1000
#define DEFAULT_BACKOFF_INITIAL_MS 100
#define DEFAULT_BACKOFF_MAX_MS 5000
#define PRUNE_BATCH 8 /* idle connections closed per prune; the rest wait for the next one */

struct idle_conn {
    struct sqlx_conn *conn; /* ready, not in a transaction */
    uint64_t since_ns;      /* monotonic time it was returned */
};

/* A thread blocked in acquire. It lives on that thread's stack. Release and discard serve the head
 * of the queue directly (hand-off), so a thread arriving later can never take a connection ahead
 * of one that waits: the queue is served first come, first served. */
struct waiter {
    pthread_cond_t wake;    /* signalled once the waiter is served */
    struct sqlx_conn *conn; /* a connection handed over by release, or NULL */
    bool slot;              /* handed a free slot (already counted in open) to open a connection */
    bool served;            /* conn or slot was handed over and the waiter left the queue */
    struct waiter *next;    /* next in line */
};

/* Invariants, under the lock: a non-empty queue means no idle connection and open == max, because
 * every path that frees a connection or a slot hands it to the head of the queue first. */
struct sqlx_pool {
    pthread_mutex_t lock;         /* guards every field below except cfg and packs */
    struct sqlx_pool_config cfg;  /* copy with defaults filled in; cfg.url is owned by the pool */
    const struct sqlx_packset *packs; /* borrowed; must outlive the pool */
    struct idle_conn *idle;       /* stack of idle connections, most recently used on top */
    size_t nidle;                 /* entries used in idle */
    size_t open;                  /* lent + idle + being opened */
    struct waiter *head;          /* oldest waiter, served next */
    struct waiter *tail;          /* newest waiter */
    size_t waiting;               /* length of the queue */
    size_t created;               /* see struct sqlx_pool_stats */
    size_t discarded;
    size_t timeouts;
    size_t rejected;
    size_t pings;
    size_t ping_failures;
    size_t open_errors;
    unsigned failing;             /* failed opens in a row */
    int backoff_ms;               /* wait after the last failed open */
    uint64_t retry_at_ns;         /* no open before this monotonic time while failing */
    bool probing;                 /* a thread is opening while failing: others do not pile on */
    struct sqlx_err last_open_err; /* the error of the last failed open */
};

static uint64_t ms_to_ns(int ms)
{
    return (uint64_t)ms * 1000000u;
}

static int call_open(struct sqlx_pool *p, struct sqlx_conn **out, struct sqlx_err *err)
{
    if (p->cfg.open)
        return p->cfg.open(p->cfg.open_ctx, p->cfg.url, p->packs, out, err);
    return sqlx_conn_open(p->cfg.url, p->packs, out, err);
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

/* Moves up to PRUNE_BATCH idle connections that outlived the idle timeout, keeping min open, into
 * `out` for the caller to close after unlocking. The oldest sit at the bottom of the stack, so
 * the common case (nothing expired) costs one comparison. */
static size_t take_expired(struct sqlx_pool *p, struct sqlx_conn *out[PRUNE_BATCH])
{
    size_t n = 0;
    if (p->cfg.idle_timeout_ms <= 0 || p->nidle == 0)
        return 0;
    uint64_t now = sqlx_clock_ns();
    uint64_t limit = ms_to_ns(p->cfg.idle_timeout_ms);
    if (now - p->idle[0].since_ns < limit)
        return 0;
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

static struct waiter *pop_waiter(struct sqlx_pool *p)
{
    struct waiter *w = p->head;
    if (!w)
        return NULL;
    p->head = w->next;
    if (!p->head)
        p->tail = NULL;
    p->waiting--;
    w->next = NULL;
    w->served = true;
    return w;
}

static void push_waiter(struct sqlx_pool *p, struct waiter *w)
{
    w->next = NULL;
    if (p->tail)
        p->tail->next = w;
    else
        p->head = w;
    p->tail = w;
    p->waiting++;
}

/* Unlinks a waiter that gave up. */
static void remove_waiter(struct sqlx_pool *p, struct waiter *w)
{
    struct waiter *prev = NULL;
    for (struct waiter *it = p->head; it; prev = it, it = it->next) {
        if (it != w)
            continue;
        if (prev)
            prev->next = w->next;
        else
            p->head = w->next;
        if (p->tail == w)
            p->tail = prev;
        p->waiting--;
        return;
    }
}

/* A slot was freed (a connection discarded or an open failed): the oldest waiter gets it to open
 * a connection of its own, else the slot is given up. Lock held. */
static void hand_slot(struct sqlx_pool *p)
{
    struct waiter *w = pop_waiter(p);
    if (!w) {
        p->open--;
        return;
    }
    w->slot = true;
    pthread_cond_signal(&w->wake);
}

/* A healthy connection is free: the oldest waiter gets it, else it goes on the idle stack. */
static void hand_conn(struct sqlx_pool *p, struct sqlx_conn *c)
{
    struct waiter *w = pop_waiter(p);
    if (!w) {
        p->idle[p->nidle++] = (struct idle_conn){ c, sqlx_clock_ns() };
        return;
    }
    w->conn = c;
    pthread_cond_signal(&w->wake);
}

/* True while a new open must not be tried: after failures, until the backoff delay has passed, and
 * while another thread's retry is in flight. */
static bool backing_off(const struct sqlx_pool *p)
{
    return p->failing > 0 && (p->probing || sqlx_clock_ns() < p->retry_at_ns);
}

/* Fills err with the last open error and says when the pool tries again. Lock held. */
static void fail_fast(const struct sqlx_pool *p, struct sqlx_err *err)
{
    if (!err)
        return;
    *err = p->last_open_err;
    if (err->detail[0])
        return;
    uint64_t now = sqlx_clock_ns();
    if (p->probing || now >= p->retry_at_ns)
        sqlx_err_detail(err, "Another request is retrying to open a connection after %u failed attempts in a row.",
                        p->failing);
    else
        sqlx_err_detail(err, "The pool tries to open a connection again in %d ms, after %u failed attempts in a row.",
                        (int)((p->retry_at_ns - now + 999999u) / 1000000u), p->failing);
}

/* Records an open's outcome under the lock. The first retry after a failure is immediate; then the
 * delay starts at backoff_initial_ms and doubles up to backoff_max_ms. */
static void record_open(struct sqlx_pool *p, int rc, const struct sqlx_err *err)
{
    if (rc == 0) {
        p->created++;
        p->failing = 0;
        p->backoff_ms = 0;
        p->retry_at_ns = 0;
        return;
    }
    p->open_errors++;
    p->failing++;
    p->last_open_err = *err;
    int delay = 0;
    if (p->failing >= 2) {
        delay = p->cfg.backoff_initial_ms;
        for (unsigned i = 2; i < p->failing && delay < p->cfg.backoff_max_ms; i++)
            delay *= 2;
        if (delay > p->cfg.backoff_max_ms)
            delay = p->cfg.backoff_max_ms;
    }
    p->backoff_ms = delay;
    p->retry_at_ns = sqlx_clock_ns() + ms_to_ns(delay);
}

/* Opens a connection into a slot the caller already counted in p->open. Called with the lock held
 * and returns with it released. On failure the slot goes to the next waiter (or is given up). */
static struct sqlx_conn *open_into_slot(struct sqlx_pool *p, struct sqlx_err *err)
{
    struct sqlx_conn *c = NULL;
    struct sqlx_err local;
    bool probe = p->failing > 0;
    if (probe)
        p->probing = true;
    pthread_mutex_unlock(&p->lock);
    sqlx_err_clear(&local);
    int rc = call_open(p, &c, &local);
    if (rc && local.code == SQLX_OK)
        local.code = rc;
    pthread_mutex_lock(&p->lock);
    if (probe)
        p->probing = false;
    record_open(p, rc, &local);
    if (rc)
        hand_slot(p);
    pthread_mutex_unlock(&p->lock);
    if (rc) {
        if (err)
            *err = local;
        return NULL;
    }
    return c;
}

/* Opens connections until min are open again, unless opening is backed off or fails. */
static void replenish(struct sqlx_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->open < p->cfg.min && !p->head && !backing_off(p)) {
        p->open++;
        struct sqlx_conn *c = open_into_slot(p, NULL);
        pthread_mutex_lock(&p->lock);
        if (!c)
            break;
        hand_conn(p, c);
    }
    pthread_mutex_unlock(&p->lock);
}

int sqlx_pool_create(const struct sqlx_pool_config *cfg, const struct sqlx_packset *packs,
                     struct sqlx_pool **out, struct sqlx_err *err)
{
    *out = NULL;
    if (!cfg->url || (!packs && !cfg->open))
        return sqlx_err_set(err, SQLX_EINVAL, "connection pool needs a database URL and packs");
    if (cfg->max == 0)
        return sqlx_err_set(err, SQLX_EINVAL, "connection pool maximum must be at least 1");
    if (cfg->min > cfg->max)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "connection pool minimum %zu is above its maximum %zu", cfg->min,
                            cfg->max);
    if (cfg->backoff_initial_ms < 0 || cfg->backoff_max_ms < 0)
        return sqlx_err_set(err, SQLX_EINVAL, "connection pool backoff must not be negative");
    struct sqlx_pool *p = sqlx_calloc(1, sizeof *p);
    pthread_mutex_init(&p->lock, NULL);
    p->cfg = *cfg;
    p->cfg.url = sqlx_strdup(cfg->url);
    if (p->cfg.acquire_timeout_ms == 0)
        p->cfg.acquire_timeout_ms = DEFAULT_ACQUIRE_TIMEOUT_MS;
    if (p->cfg.health_check_ms == 0)
        p->cfg.health_check_ms = DEFAULT_HEALTH_CHECK_MS;
    if (p->cfg.backoff_initial_ms == 0)
        p->cfg.backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
    if (p->cfg.backoff_max_ms == 0)
        p->cfg.backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
    if (p->cfg.backoff_max_ms < p->cfg.backoff_initial_ms)
        p->cfg.backoff_max_ms = p->cfg.backoff_initial_ms;
    p->packs = packs;
    p->idle = sqlx_calloc(cfg->max, sizeof *p->idle);
    for (size_t i = 0; i < cfg->min; i++) {
        struct sqlx_conn *c;
        int rc = call_open(p, &c, err);
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

/* Closes a lent or idle connection that must not be lent again and frees its slot. */
static void discard(struct sqlx_pool *p, struct sqlx_conn *c, bool ping_failed)
{
    sqlx_conn_close(c);
    pthread_mutex_lock(&p->lock);
    p->discarded++;
    if (ping_failed)
        p->ping_failures++;
    hand_slot(p);
    pthread_mutex_unlock(&p->lock);
}

/* Whether an idle connection is fit to lend: not broken, and answering a ping when it sat unused
 * longer than health_check_ms. Called without the lock. */
static bool fit_to_lend(struct sqlx_pool *p, struct idle_conn e, bool *pinged)
{
    *pinged = false;
    if (e.conn->broken)
        return false;
    if (p->cfg.health_check_ms >= 0 &&
        sqlx_clock_ns() - e.since_ns < ms_to_ns(p->cfg.health_check_ms))
        return true;
    *pinged = true;
    return sqlx_conn_ping(e.conn);
}

/* Queues the calling thread and waits to be served. Returns 0 when served (w->conn or w->slot
 * set), or an SQLX_E* code with err filled when the queue is full or the wait timed out. Called
 * and returns with the lock held. */
static int wait_in_line(struct sqlx_pool *p, struct waiter *w, struct sqlx_err *err)
{
    if (p->cfg.max_waiters > 0 && p->waiting >= p->cfg.max_waiters) {
        p->rejected++;
        return sqlx_err_set(err, SQLX_EBUSY,
                            "connection pool exhausted: %zu requests already waiting for one of %zu connections",
                            p->waiting, p->cfg.max);
    }
    struct timespec deadline = { 0 };
    if (p->cfg.acquire_timeout_ms > 0)
        deadline_after(&deadline, p->cfg.acquire_timeout_ms);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &ca);
    pthread_condattr_destroy(&ca);
    push_waiter(p, w);
    int rc = 0;
    while (!w->served) {
        int wrc = p->cfg.acquire_timeout_ms < 0 ? pthread_cond_wait(&w->wake, &p->lock)
                                                : pthread_cond_timedwait(&w->wake, &p->lock, &deadline);
        if (wrc == ETIMEDOUT && !w->served) {
            remove_waiter(p, w);
            p->timeouts++;
            sqlx_err_set(err, SQLX_ETIMEOUT,
                         "connection pool exhausted: waited %d ms for one of %zu connections",
                         p->cfg.acquire_timeout_ms, p->cfg.max);
            sqlx_err_hint(err, "Raise the pool maximum, or look for requests that hold connections for long.");
            rc = SQLX_ETIMEOUT;
            break;
        }
    }
    pthread_cond_destroy(&w->wake);
    return rc;
}

struct sqlx_conn *sqlx_pool_acquire(struct sqlx_pool *p, struct sqlx_err *err)
{
    struct sqlx_conn *expired[PRUNE_BATCH];
    pthread_mutex_lock(&p->lock);
    for (;;) {
        size_t nexp = take_expired(p, expired);
        if (nexp) {
            pthread_mutex_unlock(&p->lock);
            close_all(expired, nexp);
            pthread_mutex_lock(&p->lock);
            continue;
        }
        if (!p->head && p->nidle > 0) {
            struct idle_conn e = p->idle[--p->nidle];
            bool pinged;
            pthread_mutex_unlock(&p->lock);
            bool ok = fit_to_lend(p, e, &pinged);
            if (pinged) {
                pthread_mutex_lock(&p->lock);
                p->pings++;
                pthread_mutex_unlock(&p->lock);
            }
            if (ok)
                return e.conn;
            discard(p, e.conn, pinged);
            pthread_mutex_lock(&p->lock);
            continue;
        }
        if (!p->head && p->open < p->cfg.max) {
            if (backing_off(p))
                break;
            p->open++;
            return open_into_slot(p, err);
        }
        struct waiter w = { .conn = NULL };
        if (wait_in_line(p, &w, err) != 0) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        if (w.conn) {
            pthread_mutex_unlock(&p->lock);
            return w.conn; /* just returned by a release: healthy, no ping needed */
        }
        if (backing_off(p)) {
            hand_slot(p);
            break;
        }
        return open_into_slot(p, err);
    }
    fail_fast(p, err);
    pthread_mutex_unlock(&p->lock);
    return NULL;
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
    if (!c->broken && c->ops->reset_session) {
        struct sqlx_err err;
        sqlx_err_clear(&err);
        if (c->ops->reset_session(c, &err) != 0)
            c->broken = true;
    }
    if (c->broken) {
        discard(p, c, false);
        replenish(p);
        return;
    }
    struct sqlx_conn *expired[PRUNE_BATCH];
    pthread_mutex_lock(&p->lock);
    hand_conn(p, c);
    size_t nexp = take_expired(p, expired);
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
    replenish(p);
}

void sqlx_pool_destroy(struct sqlx_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nidle; i++)
        sqlx_conn_close(p->idle[i].conn);
    sqlx_free(p->idle);
    sqlx_free((char *)p->cfg.url);
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
    out->timeouts = p->timeouts;
    out->rejected = p->rejected;
    out->pings = p->pings;
    out->ping_failures = p->ping_failures;
    out->open_errors = p->open_errors;
    out->failing = p->failing;
    out->backoff_ms = p->backoff_ms;
    pthread_mutex_unlock(&p->lock);
}
