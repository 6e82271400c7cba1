/* Running ASTs and writing rows for the REST handlers: connection borrowing, print + prepare +
 * bind, result columns typed through the schema, JSON row output, primary keys from the path.
 * Owns nothing beyond the request arena. */
#include "api/rest_int.h"

#include <openssl/evp.h>
#include <string.h>

#include "api/filter.h"
#include "api/reply.h"
#include "core/log.h"
#include "core/url.h"
#include "sql/print.h"
#include "wire/pool.h"

int sqlx_api__conn(struct rq *r)
{
    if (r->conn)
        return 0;
    r->conn = sqlx_pool_acquire(r->api->pool, &r->err);
    if (!r->conn) {
        sqlx_api_reply_error(r->resp, 503, "database_unavailable", r->err.message, NULL,
                             "Retry later; the server could not get a database connection.");
        return -1;
    }
    return 0;
}

/* Prints, prepares and binds an AST. On failure replies with the error and returns NULL. */
struct sqlx_stmt *sqlx_api__run(struct rq *r, const struct sqlx_ast *ast)
{
    struct sqlx_buf sql;
    struct sqlx_params params = { 0 };
    struct sqlx_stmt *st = NULL;
    sqlx_buf_init(&sql, 0);
    if (sqlx_sql_print(ast, r->api->dialect, r->a, &sql, &params, &r->err) < 0)
        goto fail;
    if (sqlx_conn_prepare(r->conn, sql.data, sql.len, &st, &r->err) < 0)
        goto fail;
    if (sqlx_stmt_bind_all(st, params.v, params.n, &r->err) < 0)
        goto fail;
    sqlx_buf_free(&sql);
    return st;
fail:
    sqlx_debug("statement failed: %s: %s", sql.data ? sql.data : "", r->err.message);
    if (st)
        sqlx_stmt_finalize(st);
    sqlx_buf_free(&sql);
    sqlx_api_reply_err(r->resp, &r->err);
    return NULL;
}

void sqlx_api__shape(struct rq *r, struct sqlx_stmt *st, const struct sqlx_table *t,
                     struct row_shape *sh)
{
    sh->n = sqlx_stmt_column_count(st);
    sh->names = sqlx_arena_alloc(r->a, (size_t)(sh->n + 1) * sizeof(*sh->names));
    sh->cols = sqlx_arena_alloc(r->a, (size_t)(sh->n + 1) * sizeof(*sh->cols));
    for (int i = 0; i < sh->n; i++) {
        sh->names[i] = sqlx_arena_strdup(r->a, sqlx_stmt_column_name(st, i));
        sh->cols[i] = t ? sqlx_table_column(t, sh->names[i]) : NULL;
    }
}

static void write_base64(struct sqlx_jw *w, const char *p, size_t n, struct sqlx_arena *a)
{
    size_t outlen = 4 * ((n + 2) / 3);
    unsigned char *out = sqlx_arena_alloc(a, outlen + 1);
    int len = EVP_EncodeBlock(out, (const unsigned char *)p, (int)n);
    sqlx_jw_strn(w, (const char *)out, len > 0 ? (size_t)len : 0);
}

static void write_value(struct rq *r, struct sqlx_jw *w, const struct sqlx_column *c,
                        const struct sqlx_value *v)
{
    enum sqlx_tkind k = c ? c->type.kind : SQLX_T_UNKNOWN;
    switch (v->type) {
    case SQLX_V_NULL:
        sqlx_jw_null(w);
        break;
    case SQLX_V_INT:
        if (k == SQLX_T_BOOL)
            sqlx_jw_bool(w, v->i != 0);
        else
            sqlx_jw_int(w, v->i);
        break;
    case SQLX_V_FLOAT:
        sqlx_jw_double(w, v->f);
        break;
    case SQLX_V_BOOL:
        sqlx_jw_bool(w, v->b);
        break;
    case SQLX_V_TEXT:
        /* Engines that return exact numerics as text (PostgreSQL numeric): a JSON number, digits
         * kept exactly as the engine wrote them; NaN and infinities stay strings. */
        if ((k == SQLX_T_DECIMAL || k == SQLX_T_FLOAT || k == SQLX_T_INTEGER) &&
            sqlx_json_is_number(v->s, v->n)) {
            sqlx_jw_raw(w, v->s, v->n);
            break;
        }
        if (k == SQLX_T_JSON) {
            struct sqlx_err e;
            json_t *j = sqlx_json_parse(v->s, v->n, &e);
            if (j) {
                sqlx_jw_json(w, j);
                json_decref(j);
                break;
            }
        }
        sqlx_jw_strn(w, v->s, v->n);
        break;
    case SQLX_V_BLOB:
        write_base64(w, v->s, v->n, r->a);
        break;
    }
}

void sqlx_api__write_row(struct rq *r, struct sqlx_jw *w, struct sqlx_stmt *st,
                      const struct row_shape *sh)
{
    int nrow;
    const struct sqlx_value *row = sqlx_stmt_row(st, &nrow);
    sqlx_jw_obj_begin(w);
    for (int i = 0; i < sh->n; i++) {
        struct sqlx_value v;
        if (row)
            v = i < nrow ? row[i] : sqlx_value_null();
        else
            sqlx_stmt_column(st, i, &v);
        sqlx_jw_key(w, sh->names[i]);
        write_value(r, w, sh->cols[i], &v);
    }
    sqlx_jw_obj_end(w);
}

/* Copies a result value into the arena so it outlives the statement. */
struct sqlx_value sqlx_api__keep_value(struct sqlx_arena *a, const struct sqlx_value *v)
{
    struct sqlx_value out = *v;
    if (v->type == SQLX_V_TEXT || v->type == SQLX_V_BLOB)
        out.s = sqlx_arena_memdup(a, v->s, v->n);
    return out;
}

/* ---- keys ---------------------------------------------------------------------------------- */

/* WHERE pk1 = ? AND pk2 = ? from the path segment "v1,v2". Replies 400 on a malformed key. */
struct sqlx_expr *sqlx_api__pk_where(struct rq *r, const struct sqlx_table *t, const char *seg,
                                     struct sqlx_value *vals_out)
{
    if (t->npk == 0) {
        char *msg = sqlx_arena_printf(r->a, "%s \"%s\" has no primary key: its rows cannot be addressed by key", t->kind == SQLX_REL_VIEW ? "view" : "table", t->name);
        sqlx_api_reply_error(r->resp, 404, "not_found", msg, NULL, NULL);
        return NULL;
    }
    struct sqlx_expr *where = NULL;
    const char *p = seg;
    for (size_t i = 0; i < t->npk; i++) {
        const char *end = (i + 1 < t->npk) ? strchr(p, ',') : p + strlen(p);
        if (!end || (i + 1 == t->npk && strchr(p, ',') && t->npk > 1)) {
            char *msg = sqlx_arena_printf(r->a, "invalid primary key \"%s\": table \"%s\" has a key of %zu columns, give them comma-separated", seg, t->name, t->npk);
            sqlx_api_reply_error(r->resp, 400, "invalid_parameter", msg, NULL, NULL);
            return NULL;
        }
        char *part = sqlx_arena_strndup(r->a, p, (size_t)(end - p));
        size_t len = sqlx_percent_decode(part, (size_t)(end - p), false);
        const struct sqlx_column *c = t->pk[i];
        struct sqlx_value v;
        if (!sqlx_api_text_value(c, part, len, r->a, &v)) {
            char *msg = sqlx_arena_printf(r->a, "invalid primary key \"%s\": \"%.*s\" is not a valid %s for column \"%s\"", seg, (int)(len > 64 ? 64 : len), part, sqlx_tkind_name(c->type.kind), c->name);
            sqlx_api_reply_error(r->resp, 400, "invalid_parameter", msg, NULL, NULL);
            return NULL;
        }
        if (vals_out)
            vals_out[i] = v;
        struct sqlx_expr *eq = sqlx_ast_binary(r->a, SQLX_OP_EQ, sqlx_ast_column(r->a, NULL, c->name),
                                               sqlx_ast_param(r->a, &v));
        where = sqlx_ast_and(r->a, where, eq);
        p = end + 1;
    }
    return where;
}

void sqlx_api__reply_no_row(struct rq *r, const struct sqlx_table *t, const char *seg)
{
    char *msg = sqlx_arena_printf(r->a, "row \"%s\" not found in table \"%s\"", seg, t->name);
    sqlx_api_reply_error(r->resp, 404, "not_found", msg, NULL, NULL);
}

/* SELECT * FROM t WHERE where; writes {"data": row | null}; 404 when missing and !null_ok. */
void sqlx_api__reply_one(struct rq *r, const struct sqlx_table *t, struct sqlx_expr *where,
                      const char *seg, bool null_ok, int status)
{
    struct sqlx_ast *ast = sqlx_ast_select(r->a, t->name);
    ast->select.where = where;
    ast->select.limit = NULL;
    struct sqlx_stmt *st = sqlx_api__run(r, ast);
    if (!st)
        return;
    int rc = sqlx_stmt_step(st, &r->err);
    if (rc < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
    } else if (rc == SQLX_STEP_DONE && !null_ok) {
        sqlx_api__reply_no_row(r, t, seg);
    } else {
        struct sqlx_jw w;
        struct row_shape sh;
        sqlx_api__shape(r, st, t, &sh);
        sqlx_api_reply_json(r->resp, status, &w);
        sqlx_jw_obj_begin(&w);
        sqlx_jw_key(&w, "data");
        if (rc == SQLX_STEP_ROW)
            sqlx_api__write_row(r, &w, st, &sh);
        else
            sqlx_jw_null(&w);
        sqlx_jw_obj_end(&w);
    }
    sqlx_stmt_finalize(st);
}

int sqlx_api__exec(struct rq *r, const char *sql)
{
    if (sqlx_conn_exec(r->conn, sql, &r->err) < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
        return -1;
    }
    return 0;
}

/* WHERE on the key from a values row (after insert without RETURNING). */
