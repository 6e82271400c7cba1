/* Connection pool: min / max connections, idle timeout, a bounded wait queue with a timeout and a
 * clear error when exhausted, reset on return (rollback of an open transaction), broken
 * connections discarded. Thread-safe. A connection is lent to one thread at a time. */
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
};

int sqlx_pool_create(const struct sqlx_pool_config *cfg, const struct sqlx_packset *packs,
                     struct sqlx_pool **out, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Lends a connection. On error returns NULL: SQLX_ETIMEOUT / SQLX_EBUSY when exhausted, or the
 * engine's error when opening a new one failed. */
struct sqlx_conn *sqlx_pool_acquire(struct sqlx_pool *p, struct sqlx_err *err);
/* Returns a connection: rolls back an open transaction; discards it when broken or when the
 * rollback fails. */
void sqlx_pool_release(struct sqlx_pool *p, struct sqlx_conn *c);
/* Closes idle connections past the idle timeout (above min) now. Acquire and release also prune,
 * so a server only needs this from a timer when it wants idle connections gone while quiet. */
void sqlx_pool_prune(struct sqlx_pool *p);
/* Closes every idle connection and frees the pool. Every lent connection must have been released
 * and no thread may still be using the pool. */
void sqlx_pool_destroy(struct sqlx_pool *p);

struct sqlx_pool_stats {
    size_t open;    /* connections open */
    size_t idle;    /* of which idle */
    size_t waiting; /* threads waiting */
    size_t created; /* total ever opened */
    size_t discarded;
};
void sqlx_pool_stats(struct sqlx_pool *p, struct sqlx_pool_stats *out);

#endif
