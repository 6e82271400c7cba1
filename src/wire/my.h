/* MySQL-family engine (conn_my.c) entry point and the MySQL-only extras the generic connection
 * interface (wire/conn.h) has no room for: text-protocol statements (COM_QUERY with rows), the
 * next result set of a multi-result statement (CALL, multi-statements), the server's connection
 * id and version, and per-connection wire statistics. Every call takes a connection opened from
 * a mysql-family pack; given any other connection they fail with SQLX_EUNSUPPORTED. */
#ifndef SQLX_WIRE_MY_H
#define SQLX_WIRE_MY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct sqlx_conn;
struct sqlx_pack;
struct sqlx_packset;
struct sqlx_stmt;
struct sqlx_url;

/* Opens a MySQL / MariaDB connection on WireVM from a parsed URL:
 *   mysql://user:pass@host:port/db?ssl-mode=disabled|preferred|required|verify_ca|verify_identity&
 *   ssl-ca=FILE&ssl-cert=FILE&ssl-key=FILE&connect_timeout=SECONDS&multi_statements=true
 * (sslmode=disable|prefer|require|verify-ca|verify-full and sslrootcert/sslcert/sslkey are
 * accepted too, as for PostgreSQL). ssl-mode defaults to preferred. multi_statements=true lets
 * one text query hold several statements (off by default: it widens SQL injection).
 * deprecate_eof=false asks the server for the old EOF packets (for tests). After the handshake
 * the pack is re-chosen among `packs` of the family by the server's version (MySQL, MariaDB,
 * TiDB ...); packs may be NULL. */
int sqlx_wire_my_open(const struct sqlx_url *u, const struct sqlx_pack *pack,
                      const struct sqlx_packset *packs, struct sqlx_conn **out,
                      struct sqlx_err *err) SQLX_MUST_CHECK;

/* True when c is a MySQL-family connection. */
bool sqlx_my_is(const struct sqlx_conn *c);

/* A statement run through COM_QUERY and the text protocol instead of a server-side prepared
 * statement: no parameters, every step of a fresh run sends the text again. Also what prepare
 * falls back to for statements the server cannot prepare. Finalize as usual. */
int sqlx_my_prepare_text(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                         struct sqlx_err *err) SQLX_MUST_CHECK;

/* Moves s to its next result set (a CALL, or several statements in one text query) once the
 * current one is read: 1 = another result set is current (column names and types replaced;
 * step reads its rows), 0 = there is none (the statement is done), < 0 error. */
int sqlx_my_next_result(struct sqlx_stmt *s, struct sqlx_err *err) SQLX_MUST_CHECK;

/* The server's id for this connection (what KILL takes); 0 when unknown. */
uint32_t sqlx_my_connection_id(struct sqlx_conn *c);
/* The version string of the greeting ("5.5.5-10.11.6-MariaDB"), NULL when unknown. */
const char *sqlx_my_server_version(struct sqlx_conn *c);

/* Wire statistics of one connection since it was opened. */
struct sqlx_my_stats {
    uint64_t writes; /* socket writes: one per round trip, more for chunked batches */
    uint64_t bytes_out;
    uint64_t bytes_in;
    uint64_t prepares;   /* COM_STMT_PREPARE round trips (statement cache misses) */
    uint64_t cache_hits; /* prepare calls served by the statement cache */
    uint64_t resets;     /* COM_RESET_CONNECTION sent (dirty sessions given back to a pool) */
    uint64_t batches;    /* exec_batch calls */
    uint64_t batch_rows; /* rows sent in those batches */
    uint64_t type_sends; /* COM_STMT_EXECUTEs that carried the parameter types (new_params_bound
                          * 1: a statement's first execution, or types that changed) */
};
void sqlx_my_stats(struct sqlx_conn *c, struct sqlx_my_stats *out);

#endif
