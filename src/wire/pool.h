/* Connection pool: min / max connections, idle timeout, health checks of idle connections, a
 * bounded first-come-first-served wait queue with a timeout and a clear error when exhausted, reset
 * on return (rollback of an open transaction), broken connections discarded and replaced, with
 * exponential backoff while opening fails. Thread-safe. A connection is lent to one thread at a
 * time. Multi-host URLs and target_session_attrs belong to the engine's open, not to the pool. */
#ifndef SQLX_WIRE_POOL_H
#define SQLX_WIRE_POOL_H

#include <stddef.h>

#include "core/err.h"

struct sqlx_conn;
struct sqlx_packset;
struct sqlx_pool;

struct sqlx_pool_config {
    const char *url;         /* copied */
    size_t min;              /* opened at create time */
    size_t max;              /* never more open at once; at least 1 */
    size_t max_waiters;      /* bounded wait queue; beyond it acquire fails at once with SQLX_EBUSY;
                              * 0 = no bound other than the timeout */
    int acquire_timeout_ms;  /* wait at most this long for a free connection: SQLX_ETIMEOUT;
                              * 0 = 5000 ms, negative = wait forever */
    int idle_timeout_ms;     /* idle connections above min are closed after this; 0 = never */
    int health_check_ms;     /* an idle connection unused this long is pinged before it is lent;
                              * a failed ping discards it. 0 = 1000 ms, negative = ping every time */
    int backoff_initial_ms;  /* after two failed opens in a row, wait this long before the next try,
                              * doubling per failure; the first retry is immediate. 0 = 100 ms */
    int backoff_max_ms;      /* cap of that wait; 0 = 5000 ms */
    /* Opens one connection, called outside the pool's lock; NULL means
     * sqlx_conn_open(url, packs, out, err). Tests plug a fake engine in here. */
    int (*open)(void *ctx, const char *url, const struct sqlx_packset *packs,
                struct sqlx_conn **out, struct sqlx_err *err);
    void *open_ctx;          /* first argument of open */
};

int sqlx_pool_create(const struct sqlx_pool_config *cfg, const struct sqlx_packset *packs,
                     struct sqlx_pool **out, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Lends a connection. Waiters are served first come, first served. On error returns NULL:
 * SQLX_ETIMEOUT / SQLX_EBUSY when exhausted, or the engine's error when opening a new one failed.
 * While opening is backed off after failures, an acquire that would have to open fails at once
 * with the last open error instead of trying again. */
struct sqlx_conn *sqlx_pool_acquire(struct sqlx_pool *p, struct sqlx_err *err);
/* Returns a connection: rolls back an open transaction and lets the engine reset a changed
 * session (the optional reset_session op: MySQL's COM_RESET_CONNECTION); discards it when broken
 * or when the rollback or reset fails, then opens a replacement in the calling thread when the
 * pool fell below min (unless opening is backed off). */
void sqlx_pool_release(struct sqlx_pool *p, struct sqlx_conn *c);
/* Closes idle connections past the idle timeout (above min) now, and reopens connections up to
 * min when some were discarded (unless opening is backed off). Acquire and release also prune, so
 * a server only needs this from a timer when it wants idle connections gone while quiet. */
void sqlx_pool_prune(struct sqlx_pool *p);
/* Closes every idle connection and frees the pool. Every lent connection must have been released
 * and no thread may still be using the pool. */
void sqlx_pool_destroy(struct sqlx_pool *p);

struct sqlx_pool_stats {
    size_t open;          /* connections open (lent + idle + being opened) */
    size_t idle;          /* of which idle */
    size_t waiting;       /* threads waiting */
    size_t created;       /* total ever opened */
    size_t discarded;     /* total closed: broken, failed ping or rollback, idle timeout */
    size_t timeouts;      /* acquires that gave up after acquire_timeout_ms */
    size_t rejected;      /* acquires refused at once because max_waiters were waiting */
    size_t pings;         /* health checks run */
    size_t ping_failures; /* of which failed (the connection was discarded) */
    size_t open_errors;   /* total failed opens */
    unsigned failing;     /* failed opens in a row; 0 once one succeeds */
    int backoff_ms;       /* current wait after the last failed open before the next try */
};
void sqlx_pool_stats(struct sqlx_pool *p, struct sqlx_pool_stats *out);

#endif
