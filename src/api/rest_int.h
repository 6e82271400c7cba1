/* Internals shared by the REST handler files (rows.c, rest_read.c, rest_write.c, router.c): the
 * per-request state and the helpers that run an AST and write rows. Not for use outside api/. */
#ifndef SQLX_API_REST_INT_H
#define SQLX_API_REST_INT_H

#include "api/api.h"
#include "api/http.h"
#include "core/json.h"
#include "sql/ast.h"
#include "wire/conn.h"


/* One request's working state. */
struct rq {
    struct sqlx_api *api;
    struct sqlx_http_req *req;
    struct sqlx_http_resp *resp;
    struct sqlx_arena *a;
    struct sqlx_conn *conn; /* borrowed from the pool, NULL until needed */
    struct sqlx_err err;
};

/* Result columns of a statement mapped to the table's columns (for JSON typing). */
struct row_shape {
    int n;
    const char **names;
    const struct sqlx_column **cols;
};

/* Borrows a pooled connection for the request (once); replies 503 and returns -1 on failure. */
int sqlx_api__conn(struct rq *r);
/* Prints, prepares and binds an AST. On failure replies with the error and returns NULL. */
struct sqlx_stmt *sqlx_api__run(struct rq *r, const struct sqlx_ast *ast);
/* Result columns of st mapped to t's columns (t may be NULL). */
void sqlx_api__shape(struct rq *r, struct sqlx_stmt *st, const struct sqlx_table *t,
                     struct row_shape *sh);
void sqlx_api__write_row(struct rq *r, struct sqlx_jw *w, struct sqlx_stmt *st,
                         const struct row_shape *sh);
/* Copies a result value into the arena so it outlives the statement. */
struct sqlx_value sqlx_api__keep_value(struct sqlx_arena *a, const struct sqlx_value *v);
/* WHERE on the primary key from the raw path segment "v1,v2" (each part percent-decoded after
 * the split). Replies 400 / 404 and returns NULL when malformed. vals_out may be NULL. */
struct sqlx_expr *sqlx_api__pk_where(struct rq *r, const struct sqlx_table *t, const char *seg,
                                     struct sqlx_value *vals_out);
void sqlx_api__reply_no_row(struct rq *r, const struct sqlx_table *t, const char *seg);
/* SELECT * FROM t WHERE where; writes {"data": row | null}; 404 when missing and !null_ok. */
void sqlx_api__reply_one(struct rq *r, const struct sqlx_table *t, struct sqlx_expr *where,
                         const char *seg, bool null_ok, int status);
/* Runs a statement without results (BEGIN, COMMIT); replies on failure and returns -1. */
int sqlx_api__exec(struct rq *r, const char *sql);

/* Handlers. scope, when given, restricts a list (relation children). */
void sqlx_api__list(struct rq *r, const struct sqlx_table *t, struct sqlx_expr *scope);
void sqlx_api__relation(struct rq *r, const struct sqlx_table *t, const char *seg, const char *rel);
void sqlx_api__create(struct rq *r, const struct sqlx_table *t);
void sqlx_api__update(struct rq *r, const struct sqlx_table *t, const char *seg, bool patch);
void sqlx_api__delete(struct rq *r, const struct sqlx_table *t, const char *seg);

#endif
