/* The connection interface every engine implements: open, exec, prepare, bind, step, close.
 * Results are universal values; errors carry the engine's code and message. A connection is used
 * by one thread at a time. SQLite sits behind it through the SQLite library (conn_sqlite.c); the
 * wire engines (PostgreSQL, MySQL) implement the same ops on WireVM. */
#ifndef SQLX_WIRE_CONN_H
#define SQLX_WIRE_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "wire/value.h"

struct sqlx_pack;
struct sqlx_conn;
struct sqlx_stmt;

enum sqlx_conn_state {
    SQLX_CONN_INIT,
    SQLX_CONN_GREETING,
    SQLX_CONN_AUTH,
    SQLX_CONN_READY,
    SQLX_CONN_QUERY,
    SQLX_CONN_RESULT,
    SQLX_CONN_ERROR,
    SQLX_CONN_CLOSED,
};

enum sqlx_step {
    SQLX_STEP_ROW = 1,  /* a row is available through sqlx_stmt_column_* */
    SQLX_STEP_DONE = 0, /* no more rows */
    /* negative: an SQLX_E* code, err filled */
};

struct sqlx_conn_ops {
    const char *engine; /* "sqlite" */
    int (*exec)(struct sqlx_conn *c, const char *sql, struct sqlx_err *err);
    int (*prepare)(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                   struct sqlx_err *err);
    int (*bind)(struct sqlx_stmt *s, int idx, const struct sqlx_value *v, struct sqlx_err *err);
    int (*step)(struct sqlx_stmt *s, struct sqlx_err *err);
    int (*column_count)(struct sqlx_stmt *s);
    const char *(*column_name)(struct sqlx_stmt *s, int i);
    /* Declared type of a result column when the engine knows it, else NULL. */
    const char *(*column_decltype)(struct sqlx_stmt *s, int i);
    void (*column_value)(struct sqlx_stmt *s, int i, struct sqlx_value *out);
    int (*reset)(struct sqlx_stmt *s, struct sqlx_err *err);   /* ready to bind and step again */
    void (*finalize)(struct sqlx_stmt *s);
    int64_t (*changes)(struct sqlx_conn *c);                   /* rows affected by the last statement */
    int64_t (*last_insert_id)(struct sqlx_conn *c);
    bool (*in_transaction)(struct sqlx_conn *c);
    /* Runs a prepared statement once per parameter row, pipelined where the protocol allows (one
     * round trip for the batch on PostgreSQL); stops at the first error. NULL: the generic loop
     * in conn.c is used. */
    int (*exec_batch)(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                      size_t nrows, int64_t *affected, struct sqlx_err *err);
    /* Asks the server to cancel what the connection is running (from another thread). NULL when
     * the engine cannot. */
    int (*cancel)(struct sqlx_conn *c, struct sqlx_err *err);
    bool (*ping)(struct sqlx_conn *c);
    void (*close)(struct sqlx_conn *c);
    /* Returns the session to a clean state before the pool lends the connection again (MySQL:
     * COM_RESET_CONNECTION when the session changed). NULL: nothing to do. Optional. */
    int (*reset_session)(struct sqlx_conn *c, struct sqlx_err *err);
};

/* Common head of every connection; engines embed it first in their own struct. */
struct sqlx_conn {
    const struct sqlx_conn_ops *ops;
    const struct sqlx_pack *pack; /* dialect and type table of this engine */
    enum sqlx_conn_state state;
    bool broken;                  /* set on I/O failure: the pool discards it */
};

/* Common head of every prepared statement. */
struct sqlx_stmt {
    struct sqlx_conn *conn;
    int nparams;                  /* number of parameters the engine reported */
    /* The current row, for engines that decode whole rows as they arrive (else always NULL):
     * set when a step returns SQLX_STEP_ROW, cleared by the next step, reset or any other use
     * of the connection. Read through sqlx_stmt_row. */
    const struct sqlx_value *row;
    int row_n;
};

/* Opens a connection for a database URL ("sqlite:PATH" today). The pack is chosen by scheme from
 * the pack set. */
struct sqlx_packset;
int sqlx_conn_open(const char *url, const struct sqlx_packset *packs, struct sqlx_conn **out,
                   struct sqlx_err *err) SQLX_MUST_CHECK;

/* Thin wrappers over ops, so callers never reach into the vtable. */
int sqlx_conn_exec(struct sqlx_conn *c, const char *sql, struct sqlx_err *err) SQLX_MUST_CHECK;
int sqlx_conn_prepare(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                      struct sqlx_err *err) SQLX_MUST_CHECK;
/* idx is 1-based. */
int sqlx_stmt_bind(struct sqlx_stmt *s, int idx, const struct sqlx_value *v,
                   struct sqlx_err *err) SQLX_MUST_CHECK;
/* Binds values[0..n) to parameters 1..n. */
int sqlx_stmt_bind_all(struct sqlx_stmt *s, const struct sqlx_value *values, size_t n,
                       struct sqlx_err *err) SQLX_MUST_CHECK;
int sqlx_stmt_step(struct sqlx_stmt *s, struct sqlx_err *err) SQLX_MUST_CHECK;
int sqlx_stmt_column_count(struct sqlx_stmt *s);
const char *sqlx_stmt_column_name(struct sqlx_stmt *s, int i);
const char *sqlx_stmt_column_decltype(struct sqlx_stmt *s, int i);
void sqlx_stmt_column(struct sqlx_stmt *s, int i, struct sqlx_value *out);
/* The current row's values at once, *n of them (what sqlx_stmt_column would give for 0..*n-1),
 * valid until the next step, reset or finalize; NULL when the engine reads columns one at a
 * time (then use sqlx_stmt_column). Saves a call per value on engines that decode whole rows. */
static inline const struct sqlx_value *sqlx_stmt_row(const struct sqlx_stmt *s, int *n)
{
    *n = s->row_n;
    return s->row;
}
int sqlx_stmt_reset(struct sqlx_stmt *s, struct sqlx_err *err) SQLX_MUST_CHECK;
void sqlx_stmt_finalize(struct sqlx_stmt *s);
/* Runs s once for each of nrows rows of ncols values (rows is nrows * ncols long). affected, when
 * not NULL, receives the total rows affected. Pipelined on engines that can. */
int sqlx_stmt_exec_batch(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                         size_t nrows, int64_t *affected, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Cancels the running statement of c from another thread; SQLX_EUNSUPPORTED when the engine
 * cannot. */
int sqlx_conn_cancel(struct sqlx_conn *c, struct sqlx_err *err) SQLX_MUST_CHECK;
int64_t sqlx_conn_changes(struct sqlx_conn *c);
int64_t sqlx_conn_last_insert_id(struct sqlx_conn *c);
bool sqlx_conn_in_transaction(struct sqlx_conn *c);
bool sqlx_conn_ping(struct sqlx_conn *c);
void sqlx_conn_close(struct sqlx_conn *c);

/* Engine entry points (one per engine file). */
int sqlx_wire_sqlite_open(const char *path, const struct sqlx_pack *pack, bool create,
                          struct sqlx_conn **out, struct sqlx_err *err) SQLX_MUST_CHECK;

#endif
