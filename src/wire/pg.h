/* PostgreSQL engine (conn_pg.c) entry point and the PostgreSQL-only extras that the generic
 * connection interface (wire/conn.h) has no room for: COPY in and out, LISTEN/NOTIFY, notices,
 * server parameters and per-connection wire statistics. Every call takes a connection opened from
 * a postgresql-family pack; given any other connection they fail with SQLX_EUNSUPPORTED. */
#ifndef SQLX_WIRE_PG_H
#define SQLX_WIRE_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct sqlx_conn;
struct sqlx_pack;
struct sqlx_packset;
struct sqlx_url;

/* Opens a PostgreSQL connection on WireVM from a parsed URL:
 *   postgresql://user:pass@h1:p1,h2:p2/db?sslmode=disable|allow|prefer|require|verify-ca|
 *   verify-full&sslrootcert=FILE&sslcert=FILE&sslkey=FILE&target_session_attrs=any|read-write&
 *   connect_timeout=SECONDS&application_name=NAME&result_format=auto|text
 * result_format=text asks for text results only (auto: binary for the types that decode faster).
 * Hosts are tried in order; with target_session_attrs=read-write a server in recovery or with
 * default_transaction_read_only on is skipped. After the handshake the pack is re-chosen among
 * `packs` of the same family by their detect rules (CockroachDB, YugabyteDB ...), so the
 * connection's dialect and capabilities fit the server actually reached; packs may be NULL. */
int sqlx_wire_pg_open(const struct sqlx_url *u, const struct sqlx_pack *pack,
                      const struct sqlx_packset *packs, struct sqlx_conn **out,
                      struct sqlx_err *err) SQLX_MUST_CHECK;

/* True when c is a PostgreSQL-family connection. */
bool sqlx_pg_is(const struct sqlx_conn *c);

/* COPY ... FROM STDIN: runs sql, then calls read(ctx, buf, cap) for data until it returns 0 (end)
 * or a negative value (the copy is abandoned with CopyFail and SQLX_EINVAL is returned). rows,
 * when not NULL, receives the row count the server reported. */
int sqlx_pg_copy_in(struct sqlx_conn *c, const char *sql,
                    long (*read)(void *ctx, char *buf, size_t cap), void *ctx, int64_t *rows,
                    struct sqlx_err *err) SQLX_MUST_CHECK;
/* COPY ... TO STDOUT: runs sql and hands every CopyData chunk (one row in text or CSV format) to
 * write(ctx, p, n); a non-zero return from write is kept and returned once the copy has drained. */
int sqlx_pg_copy_out(struct sqlx_conn *c, const char *sql,
                     int (*write)(void *ctx, const char *p, size_t n), void *ctx, int64_t *rows,
                     struct sqlx_err *err) SQLX_MUST_CHECK;

/* A NOTIFY delivered to this connection (after LISTEN). Strings are owned by the connection and
 * stay valid until the next sqlx_pg_notification_wait on it. */
struct sqlx_pg_notification {
    int32_t pid; /* backend that sent it */
    const char *channel;
    const char *payload;
};

/* Returns the oldest queued notification (they also arrive while other statements run), else
 * waits up to timeout_ms (negative: forever) for one. 1 = *out filled, 0 = timed out, < 0 error. */
int sqlx_pg_notification_wait(struct sqlx_conn *c, int timeout_ms, struct sqlx_pg_notification *out,
                              struct sqlx_err *err) SQLX_MUST_CHECK;

/* Calls fn for every NoticeResponse (message, SQLSTATE, detail, hint in a struct sqlx_err whose
 * code is SQLX_OK); NULL stops. Without a callback notices are dropped. */
void sqlx_pg_on_notice(struct sqlx_conn *c, void (*fn)(void *ctx, const struct sqlx_err *notice),
                       void *ctx);

/* A server parameter the server reported (server_version, TimeZone, in_hot_standby ...), NULL
 * when it reported none by that name. Owned by the connection. */
const char *sqlx_pg_server_param(struct sqlx_conn *c, const char *name);
/* Process id of the server backend (for pg_terminate_backend and logs); 0 when unknown. */
int32_t sqlx_pg_backend_pid(struct sqlx_conn *c);

/* Wire statistics of one connection since it was opened. */
struct sqlx_pg_stats {
    uint64_t writes; /* socket writes: one per round trip, more for chunked batches */
    uint64_t bytes_out;
    uint64_t bytes_in;
    uint64_t prepares;   /* Parse + Describe round trips (statement cache misses) */
    uint64_t cache_hits; /* prepare calls served by the statement cache */
    uint64_t batches;    /* exec_batch calls (one Sync each) */
    uint64_t batch_rows; /* rows sent in those batches */
};
void sqlx_pg_stats(struct sqlx_conn *c, struct sqlx_pg_stats *out);

#endif
