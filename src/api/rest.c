/* REST handlers and the router (docs/api.md): list, get, create (one or bulk), replace, patch,
 * delete and relation routes for every table and view. Every statement is an AST printed by
 * sql/print with bound parameters; identifiers come from the schema only. Owns nothing beyond
 * the request arena and the pooled connection it borrows for the length of one request. */
#include "api/api.h"

#include <openssl/evp.h>
#include <string.h>

#include "api/body.h"
#include "api/filter.h"
#include "api/reply.h"
#include "core/log.h"
#include "sql/print.h"
#include "wire/conn.h"
#include "wire/pool.h"

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

static int get_conn(struct rq *r)
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
static struct sqlx_stmt *run(struct rq *r, const struct sqlx_ast *ast)
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

static void shape_of(struct rq *r, struct sqlx_stmt *st, const struct sqlx_table *t,
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

static void write_row(struct rq *r, struct sqlx_jw *w, struct sqlx_stmt *st,
                      const struct row_shape *sh)
{
    sqlx_jw_obj_begin(w);
    for (int i = 0; i < sh->n; i++) {
        struct sqlx_value v;
        sqlx_stmt_column(st, i, &v);
        sqlx_jw_key(w, sh->names[i]);
        write_value(r, w, sh->cols[i], &v);
    }
    sqlx_jw_obj_end(w);
}

/* Copies a result value into the arena so it outlives the statement. */
static struct sqlx_value keep_value(struct sqlx_arena *a, const struct sqlx_value *v)
{
    struct sqlx_value out = *v;
    if (v->type == SQLX_V_TEXT || v->type == SQLX_V_BLOB)
        out.s = sqlx_arena_strndup(a, v->s, v->n);
    return out;
}

/* ---- keys ---------------------------------------------------------------------------------- */

/* WHERE pk1 = ? AND pk2 = ? from the path segment "v1,v2". Replies 400 on a malformed key. */
static struct sqlx_expr *pk_where(struct rq *r, const struct sqlx_table *t, const char *seg,
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
        if (!end) {
            char *msg = sqlx_arena_printf(r->a, "invalid primary key \"%s\": table \"%s\" has a key of %zu columns, give them comma-separated", seg, t->name, t->npk);
            sqlx_api_reply_error(r->resp, 400, "invalid_parameter", msg, NULL, NULL);
            return NULL;
        }
        const struct sqlx_column *c = t->pk[i];
        struct sqlx_value v;
        if (!sqlx_api_text_value(c, p, (size_t)(end - p), r->a, &v)) {
            char *msg = sqlx_arena_printf(r->a, "invalid primary key \"%s\": \"%.*s\" is not a valid %s for column \"%s\"", seg, (int)(end - p > 64 ? 64 : end - p), p, sqlx_tkind_name(c->type.kind), c->name);
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

static void reply_no_row(struct rq *r, const struct sqlx_table *t, const char *seg)
{
    char *msg = sqlx_arena_printf(r->a, "row \"%s\" not found in table \"%s\"", seg, t->name);
    sqlx_api_reply_error(r->resp, 404, "not_found", msg, NULL, NULL);
}

/* SELECT * FROM t WHERE where; writes {"data": row | null}; 404 when missing and !null_ok. */
static void reply_one(struct rq *r, const struct sqlx_table *t, struct sqlx_expr *where,
                      const char *seg, bool null_ok, int status)
{
    struct sqlx_ast *ast = sqlx_ast_select(r->a, t->name);
    ast->select.where = where;
    ast->select.limit = NULL;
    struct sqlx_stmt *st = run(r, ast);
    if (!st)
        return;
    int rc = sqlx_stmt_step(st, &r->err);
    if (rc < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
    } else if (rc == SQLX_STEP_DONE && !null_ok) {
        reply_no_row(r, t, seg);
    } else {
        struct sqlx_jw w;
        struct row_shape sh;
        shape_of(r, st, t, &sh);
        sqlx_api_reply_json(r->resp, status, &w);
        sqlx_jw_obj_begin(&w);
        sqlx_jw_key(&w, "data");
        if (rc == SQLX_STEP_ROW)
            write_row(r, &w, st, &sh);
        else
            sqlx_jw_null(&w);
        sqlx_jw_obj_end(&w);
    }
    sqlx_stmt_finalize(st);
}

/* ---- list ---------------------------------------------------------------------------------- */

static void reply_list_error(struct rq *r)
{
    const char *code = r->err.code == SQLX_ENOTFOUND ? "unknown_column" : "invalid_parameter";
    sqlx_api_reply_error(r->resp, 400, code, r->err.message, NULL, r->err.hint[0] ? r->err.hint : NULL);
}

static void handle_list(struct rq *r, const struct sqlx_table *t, struct sqlx_expr *scope)
{
    struct sqlx_list_query q;
    if (sqlx_api_parse_list(t, r->req, r->api->cfg.default_limit, r->api->cfg.max_limit, &q,
                            &r->err) < 0) {
        reply_list_error(r);
        return;
    }
    struct sqlx_expr *where = scope ? sqlx_ast_and(r->a, scope, q.where) : q.where;
    if (get_conn(r) < 0)
        return;

    /* Total rows matching the filter. */
    struct sqlx_ast *cnt = sqlx_ast_select(r->a, t->name);
    struct sqlx_expr *count = sqlx_ast_func(r->a, "count");
    sqlx_ast_add_arg(r->a, count, sqlx_ast_star(r->a, NULL));
    sqlx_ast_select_add(r->a, &cnt->select, count, NULL);
    cnt->select.where = where;
    struct sqlx_stmt *st = run(r, cnt);
    if (!st)
        return;
    long long total = 0;
    int rc = sqlx_stmt_step(st, &r->err);
    if (rc == SQLX_STEP_ROW) {
        struct sqlx_value v;
        sqlx_stmt_column(st, 0, &v);
        total = v.type == SQLX_V_INT ? v.i : 0;
    }
    sqlx_stmt_finalize(st);
    if (rc < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
        return;
    }

    struct sqlx_ast *ast = sqlx_ast_select(r->a, t->name);
    for (size_t i = 0; i < q.nselect; i++)
        sqlx_ast_select_add(r->a, &ast->select, sqlx_ast_column(r->a, NULL, q.select[i]->name), NULL);
    ast->select.where = where;
    ast->select.order_by = q.order;
    if (q.order.len == 0) {
        /* Stable pages: primary-key order, or the first column for keyless views. */
        if (t->npk) {
            for (size_t i = 0; i < t->npk; i++)
                sqlx_ast_order_add(r->a, &ast->select, sqlx_ast_column(r->a, NULL, t->pk[i]->name), false);
        } else if (t->columns.len) {
            const struct sqlx_column *c0 = sqlx_vec_get(&t->columns, 0);
            sqlx_ast_order_add(r->a, &ast->select, sqlx_ast_column(r->a, NULL, c0->name), false);
        }
    } else if (t->npk) {
        /* Tie-break on the key so pages never overlap. */
        for (size_t i = 0; i < t->npk; i++)
            sqlx_ast_order_add(r->a, &ast->select, sqlx_ast_column(r->a, NULL, t->pk[i]->name), false);
    }
    struct sqlx_value lim = sqlx_value_int(q.limit), off = sqlx_value_int(q.offset);
    ast->select.limit = sqlx_ast_param(r->a, &lim);
    ast->select.offset = sqlx_ast_param(r->a, &off);
    st = run(r, ast);
    if (!st)
        return;

    struct sqlx_jw w;
    struct row_shape sh;
    shape_of(r, st, t, &sh);
    sqlx_api_reply_json(r->resp, 200, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "data");
    sqlx_jw_arr_begin(&w);
    while ((rc = sqlx_stmt_step(st, &r->err)) == SQLX_STEP_ROW)
        write_row(r, &w, st, &sh);
    sqlx_stmt_finalize(st);
    if (rc < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
        return;
    }
    sqlx_jw_arr_end(&w);
    sqlx_jw_key(&w, "pagination");
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "page");
    sqlx_jw_int(&w, q.page);
    sqlx_jw_key(&w, "limit");
    sqlx_jw_int(&w, q.limit);
    sqlx_jw_key(&w, "offset");
    sqlx_jw_int(&w, q.offset);
    sqlx_jw_key(&w, "total");
    sqlx_jw_int(&w, total);
    sqlx_jw_key(&w, "pages");
    sqlx_jw_int(&w, (total + q.limit - 1) / q.limit);
    sqlx_jw_obj_end(&w);
    sqlx_jw_obj_end(&w);
}

/* ---- bodies -------------------------------------------------------------------------------- */

static bool is_json_type(const char *ct)
{
    if (!ct)
        return false;
    while (*ct == ' ')
        ct++;
    size_t n = strlen("application/json");
    if (strncasecmp(ct, "application/json", n) != 0)
        return false;
    return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

/* Checks content type and parses the body. Replies and returns NULL on failure. */
static json_t *read_body(struct rq *r)
{
    if (!is_json_type(r->req->content_type)) {
        char *msg = sqlx_arena_printf(r->a, "unsupported content type \"%s\": the body must be application/json", r->req->content_type ? r->req->content_type : "");
        sqlx_api_reply_error(r->resp, 415, "unsupported_media_type", msg, NULL,
                             "Send the header Content-Type: application/json.");
        return NULL;
    }
    if (!r->req->body || r->req->body_len == 0) {
        sqlx_api_reply_error(r->resp, 400, "invalid_body", "request body is empty", NULL,
                             "Send a JSON object, or an array of objects for a bulk insert.");
        return NULL;
    }
    struct sqlx_err e;
    json_t *j = sqlx_json_parse(r->req->body, r->req->body_len, &e);
    if (!j) {
        json_error_t je;
        json_t *again = json_loadb(r->req->body, r->req->body_len, JSON_DECODE_ANY, &je);
        if (again)
            json_decref(again);
        char *details = sqlx_arena_printf(r->a, "{\"line\":%d,\"column\":%d,\"position\":%d}",
                                          je.line, je.column, je.position);
        sqlx_api_reply_error(r->resp, 400, "invalid_json", e.message, details, NULL);
        return NULL;
    }
    return j;
}

static void reply_validation(struct rq *r, struct sqlx_vec *errors)
{
    struct sqlx_buf d;
    struct sqlx_jw w;
    sqlx_buf_init(&d, 0);
    sqlx_jw_init(&w, &d, false);
    sqlx_jw_arr_begin(&w);
    const struct sqlx_field_error *fe;
    sqlx_vec_foreach(errors, const struct sqlx_field_error *, fe) {
        sqlx_jw_obj_begin(&w);
        sqlx_jw_key(&w, "field");
        sqlx_jw_str(&w, fe->field);
        sqlx_jw_key(&w, "message");
        sqlx_jw_str(&w, fe->message);
        sqlx_jw_obj_end(&w);
    }
    sqlx_jw_arr_end(&w);
    char *msg = sqlx_arena_printf(r->a, "%zu invalid field%s in the request body", errors->len, errors->len == 1 ? "" : "s");
    sqlx_api_reply_error(r->resp, 422, "validation_failed", msg, d.data, NULL);
    sqlx_buf_free(&d);
}

static int exec_simple(struct rq *r, const char *sql)
{
    if (sqlx_conn_exec(r->conn, sql, &r->err) < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
        return -1;
    }
    return 0;
}

/* WHERE on the key from a values row (after insert without RETURNING). */
static struct sqlx_expr *key_from_values(struct rq *r, const struct sqlx_table *t,
                                         const struct sqlx_row_values *rv)
{
    struct sqlx_expr *where = NULL;
    for (size_t i = 0; i < t->npk; i++) {
        struct sqlx_value v;
        bool found = false;
        for (size_t j = 0; j < rv->n; j++)
            if (rv->cols[j] == t->pk[i]) {
                v = rv->vals[j];
                found = true;
            }
        if (!found) {
            if (!t->pk[i]->autoincrement)
                return NULL;
            v = sqlx_value_int(sqlx_conn_last_insert_id(r->conn));
        }
        where = sqlx_ast_and(r->a, where, sqlx_ast_binary(r->a, SQLX_OP_EQ,
                             sqlx_ast_column(r->a, NULL, t->pk[i]->name), sqlx_ast_param(r->a, &v)));
    }
    return where;
}

/* Inserts one row; writes it (as returned by the engine) into w. Returns 0 or -1 (replied). */
static int insert_row(struct rq *r, const struct sqlx_table *t, const struct sqlx_row_values *rv,
                      struct sqlx_jw *w, struct sqlx_buf *location)
{
    struct sqlx_ast *ast = sqlx_ast_insert(r->a, t->name);
    const char **names = sqlx_arena_alloc(r->a, (rv->n + 1) * sizeof(*names));
    struct sqlx_expr **vals = sqlx_arena_alloc(r->a, (rv->n + 1) * sizeof(*vals));
    for (size_t i = 0; i < rv->n; i++) {
        names[i] = rv->cols[i]->name;
        vals[i] = sqlx_ast_param(r->a, &rv->vals[i]);
    }
    if (rv->n == 0) {
        ast->insert.default_values = true;
    } else {
        sqlx_ast_insert_columns(r->a, &ast->insert, names, rv->n);
        sqlx_ast_insert_row(r->a, &ast->insert, vals);
    }
    bool returning = r->api->dialect->supports_returning;
    if (returning)
        sqlx_ast_returning_add(r->a, ast, sqlx_ast_star(r->a, NULL));
    struct sqlx_stmt *st = run(r, ast);
    if (!st)
        return -1;
    int rc = sqlx_stmt_step(st, &r->err);
    if (rc < 0) {
        sqlx_stmt_finalize(st);
        sqlx_api_reply_err(r->resp, &r->err);
        return -1;
    }
    if (!returning) {
        sqlx_stmt_finalize(st);
        struct sqlx_expr *where = key_from_values(r, t, rv);
        struct sqlx_ast *sel = sqlx_ast_select(r->a, t->name);
        sel->select.where = where;
        if (!where) {
            sqlx_jw_null(w);
            return 0;
        }
        st = run(r, sel);
        if (!st)
            return -1;
        rc = sqlx_stmt_step(st, &r->err);
        if (rc < 0) {
            sqlx_stmt_finalize(st);
            sqlx_api_reply_err(r->resp, &r->err);
            return -1;
        }
    }
    struct row_shape sh;
    shape_of(r, st, t, &sh);
    if (rc == SQLX_STEP_ROW) {
        write_row(r, w, st, &sh);
        if (location && t->npk) {
            sqlx_buf_printf(location, "/%s/", t->route);
            for (size_t i = 0; i < t->npk; i++) {
                for (int k = 0; k < sh.n; k++) {
                    if (sh.cols[k] != t->pk[i])
                        continue;
                    struct sqlx_value v;
                    sqlx_stmt_column(st, k, &v);
                    if (i)
                        sqlx_buf_putc(location, ',');
                    if (v.type == SQLX_V_INT)
                        sqlx_buf_put_i64(location, v.i);
                    else if (v.type == SQLX_V_TEXT)
                        sqlx_buf_put(location, v.s, v.n);
                }
            }
        }
    } else {
        sqlx_jw_null(w);
    }
    sqlx_stmt_finalize(st);
    return 0;
}

static void handle_create(struct rq *r, const struct sqlx_table *t)
{
    json_t *body = read_body(r);
    if (!body)
        return;
    bool bulk = json_is_array(body);
    size_t nrows = bulk ? json_array_size(body) : 1;
    if ((!bulk && !json_is_object(body)) || (bulk && nrows == 0)) {
        sqlx_api_reply_error(r->resp, 400, "invalid_body", bulk ? "request body is an empty array" : "request body must be a JSON object or an array of objects", NULL, NULL);
        goto out;
    }
    struct sqlx_vec errors;
    sqlx_vec_init(&errors);
    struct sqlx_row_values *rows = sqlx_arena_alloc(r->a, nrows * sizeof(*rows));
    for (size_t i = 0; i < nrows; i++) {
        json_t *obj = bulk ? json_array_get(body, i) : body;
        if (!json_is_object(obj)) {
            char *msg = sqlx_arena_printf(r->a, "element %zu of the request body is not a JSON object", i);
            sqlx_api_reply_error(r->resp, 400, "invalid_body", msg, NULL, NULL);
            goto out;
        }
        sqlx_api_body_row(t, obj, SQLX_BODY_INSERT, bulk ? (int)i : -1, r->a, &rows[i], &errors);
    }
    if (errors.len) {
        reply_validation(r, &errors);
        goto out;
    }
    if (get_conn(r) < 0)
        goto out;

    struct sqlx_buf location;
    sqlx_buf_init(&location, 0);
    struct sqlx_jw w;
    sqlx_api_reply_json(r->resp, 201, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "data");
    if (bulk) {
        if (exec_simple(r, "BEGIN") < 0)
            goto out_loc;
        sqlx_jw_arr_begin(&w);
        for (size_t i = 0; i < nrows; i++) {
            if (insert_row(r, t, &rows[i], &w, NULL) < 0) {
                struct sqlx_err ignored;
                if (sqlx_conn_exec(r->conn, "ROLLBACK", &ignored) < 0)
                    r->conn->broken = true;
                goto out_loc;
            }
        }
        if (exec_simple(r, "COMMIT") < 0)
            goto out_loc;
        sqlx_jw_arr_end(&w);
    } else if (insert_row(r, t, &rows[0], &w, &location) < 0) {
        goto out_loc;
    }
    sqlx_jw_obj_end(&w);
    if (location.len)
        r->resp->location = sqlx_arena_strndup(r->a, location.data, location.len);
out_loc:
    sqlx_buf_free(&location);
out:
    json_decref(body);
}

static bool values_equal(const struct sqlx_value *a, const struct sqlx_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case SQLX_V_INT:
        return a->i == b->i;
    case SQLX_V_FLOAT:
        return a->f == b->f;
    case SQLX_V_BOOL:
        return a->b == b->b;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
    default:
        return true;
    }
}

static void handle_update(struct rq *r, const struct sqlx_table *t, const char *seg, bool patch)
{
    struct sqlx_value *keyvals = sqlx_arena_alloc(r->a, (t->npk + 1) * sizeof(*keyvals));
    struct sqlx_expr *where = pk_where(r, t, seg, keyvals);
    if (!where)
        return;
    json_t *body = read_body(r);
    if (!body)
        return;
    if (!json_is_object(body)) {
        sqlx_api_reply_error(r->resp, 400, "invalid_body", "request body must be a JSON object", NULL, NULL);
        goto out;
    }
    struct sqlx_vec errors;
    sqlx_vec_init(&errors);
    struct sqlx_row_values rv;
    sqlx_api_body_row(t, body, patch ? SQLX_BODY_PATCH : SQLX_BODY_REPLACE, -1, r->a, &rv, &errors);
    struct sqlx_ast *ast = sqlx_ast_update(r->a, t->name);
    for (size_t i = 0; i < rv.n; i++) {
        const struct sqlx_column *c = rv.cols[i];
        if (c->pk_position > 0) {
            /* The key may be repeated in the body, but must not change. */
            if (!values_equal(&rv.vals[i], &keyvals[c->pk_position - 1]) &&
                !(rv.vals[i].type == SQLX_V_INT && keyvals[c->pk_position - 1].type == SQLX_V_INT &&
                  rv.vals[i].i == keyvals[c->pk_position - 1].i)) {
                struct sqlx_field_error *fe = sqlx_arena_zalloc(r->a, sizeof(*fe));
                fe->field = c->name;
                fe->message = "primary key in the body does not match the path";
                sqlx_vec_push_arena(&errors, r->a, fe);
            }
            continue;
        }
        sqlx_ast_set_add(r->a, &ast->update, c->name, sqlx_ast_param(r->a, &rv.vals[i]));
    }
    if (errors.len) {
        reply_validation(r, &errors);
        goto out;
    }
    if (ast->update.set.len == 0) {
        if (get_conn(r) == 0)
            reply_one(r, t, where, seg, false, 200);
        goto out;
    }
    ast->update.where = where;
    if (get_conn(r) < 0)
        goto out;
    if (r->api->dialect->supports_returning) {
        sqlx_ast_returning_add(r->a, ast, sqlx_ast_star(r->a, NULL));
        struct sqlx_stmt *st = run(r, ast);
        if (!st)
            goto out;
        int rc = sqlx_stmt_step(st, &r->err);
        if (rc < 0) {
            sqlx_api_reply_err(r->resp, &r->err);
        } else if (rc == SQLX_STEP_DONE) {
            reply_no_row(r, t, seg);
        } else {
            struct sqlx_jw w;
            struct row_shape sh;
            shape_of(r, st, t, &sh);
            sqlx_api_reply_json(r->resp, 200, &w);
            sqlx_jw_obj_begin(&w);
            sqlx_jw_key(&w, "data");
            write_row(r, &w, st, &sh);
            sqlx_jw_obj_end(&w);
        }
        sqlx_stmt_finalize(st);
    } else {
        struct sqlx_stmt *st = run(r, ast);
        if (!st)
            goto out;
        int rc = sqlx_stmt_step(st, &r->err);
        sqlx_stmt_finalize(st);
        if (rc < 0)
            sqlx_api_reply_err(r->resp, &r->err);
        else
            reply_one(r, t, where, seg, false, 200);
    }
out:
    json_decref(body);
}

static void handle_delete(struct rq *r, const struct sqlx_table *t, const char *seg)
{
    struct sqlx_expr *where = pk_where(r, t, seg, NULL);
    if (!where || get_conn(r) < 0)
        return;
    struct sqlx_ast *ast = sqlx_ast_delete(r->a, t->name);
    ast->del.where = where;
    if (r->api->dialect->supports_returning) {
        sqlx_ast_returning_add(r->a, ast, sqlx_ast_star(r->a, NULL));
        struct sqlx_stmt *st = run(r, ast);
        if (!st)
            return;
        int rc = sqlx_stmt_step(st, &r->err);
        if (rc < 0) {
            sqlx_api_reply_err(r->resp, &r->err);
        } else if (rc == SQLX_STEP_DONE) {
            reply_no_row(r, t, seg);
        } else {
            struct sqlx_jw w;
            struct row_shape sh;
            shape_of(r, st, t, &sh);
            sqlx_api_reply_json(r->resp, 200, &w);
            sqlx_jw_obj_begin(&w);
            sqlx_jw_key(&w, "data");
            write_row(r, &w, st, &sh);
            sqlx_jw_obj_end(&w);
            /* Drain so the statement completes (SQLite finishes the delete on the last step). */
            while ((rc = sqlx_stmt_step(st, &r->err)) == SQLX_STEP_ROW)
                ;
            if (rc < 0)
                sqlx_api_reply_err(r->resp, &r->err);
        }
        sqlx_stmt_finalize(st);
        return;
    }
    /* Without RETURNING: read the row, then delete it, in one transaction. */
    if (exec_simple(r, "BEGIN") < 0)
        return;
    reply_one(r, t, where, seg, false, 200);
    if (r->resp->status != 200)
        goto rollback;
    struct sqlx_stmt *st = run(r, ast);
    if (!st)
        goto rollback;
    int rc = sqlx_stmt_step(st, &r->err);
    sqlx_stmt_finalize(st);
    if (rc < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
        goto rollback;
    }
    if (exec_simple(r, "COMMIT") == 0)
        return;
rollback:;
    struct sqlx_err ignored;
    if (sqlx_conn_exec(r->conn, "ROLLBACK", &ignored) < 0)
        r->conn->broken = true;
}

/* ---- relations ----------------------------------------------------------------------------- */

/* Reads the given columns of the row at key `where`; values kept in the arena. 0 found, 1 no
 * row, -1 replied error. */
static int read_columns(struct rq *r, const struct sqlx_table *t, struct sqlx_expr *where,
                        const char **cols, size_t n, struct sqlx_value *out)
{
    struct sqlx_ast *ast = sqlx_ast_select(r->a, t->name);
    for (size_t i = 0; i < n; i++)
        sqlx_ast_select_add(r->a, &ast->select, sqlx_ast_column(r->a, NULL, cols[i]), NULL);
    ast->select.where = where;
    struct sqlx_stmt *st = run(r, ast);
    if (!st)
        return -1;
    int rc = sqlx_stmt_step(st, &r->err);
    if (rc == SQLX_STEP_ROW) {
        for (size_t i = 0; i < n; i++) {
            struct sqlx_value v;
            sqlx_stmt_column(st, (int)i, &v);
            out[i] = keep_value(r->a, &v);
        }
    }
    sqlx_stmt_finalize(st);
    if (rc < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
        return -1;
    }
    return rc == SQLX_STEP_ROW ? 0 : 1;
}

static struct sqlx_expr *match_values(struct rq *r, const char **cols, size_t n,
                                      const struct sqlx_value *vals)
{
    struct sqlx_expr *where = NULL;
    for (size_t i = 0; i < n; i++)
        where = sqlx_ast_and(r->a, where, sqlx_ast_binary(r->a, SQLX_OP_EQ,
                             sqlx_ast_column(r->a, NULL, cols[i]), sqlx_ast_param(r->a, &vals[i])));
    return where;
}

static bool names_table(const struct sqlx_table *t, const char *rel)
{
    return t && (strcmp(t->name, rel) == 0 || strcmp(t->route, rel) == 0);
}

static bool names_fk_column(const struct sqlx_fkey *fk, const char *rel)
{
    if (fk->ncolumns != 1)
        return false;
    const char *c = fk->columns[0];
    size_t n = strlen(rel), cn = strlen(c);
    if (strcmp(c, rel) == 0)
        return true;
    return cn == n + 3 && strncmp(c, rel, n) == 0 && strcmp(c + n, "_id") == 0;
}

static void handle_relation(struct rq *r, const struct sqlx_table *t, const char *seg,
                            const char *rel)
{
    const struct sqlx_schema *s = r->api->schema;
    struct sqlx_expr *where = pk_where(r, t, seg, NULL);
    if (!where)
        return;
    const struct sqlx_fkey *fk;
    /* 1. Children: a table whose foreign key points here. */
    sqlx_vec_foreach(&t->referenced_by, const struct sqlx_fkey *, fk) {
        const struct sqlx_table *child = sqlx_schema_table(s, fk->table);
        if (!names_table(child, rel))
            continue;
        if (get_conn(r) < 0)
            return;
        struct sqlx_value *vals = sqlx_arena_alloc(r->a, (fk->ncolumns + 1) * sizeof(*vals));
        int rc = read_columns(r, t, where, fk->ref_columns, fk->ncolumns, vals);
        if (rc < 0)
            return;
        if (rc == 1) {
            reply_no_row(r, t, seg);
            return;
        }
        handle_list(r, child, match_values(r, fk->columns, fk->ncolumns, vals));
        return;
    }
    /* 2. Parent: by foreign-key column, column without _id, or referenced table. */
    const struct sqlx_fkey *pick = NULL;
    sqlx_vec_foreach(&t->fkeys, const struct sqlx_fkey *, fk)
        if (!pick && names_fk_column(fk, rel))
            pick = fk;
    sqlx_vec_foreach(&t->fkeys, const struct sqlx_fkey *, fk)
        if (!pick && names_table(sqlx_schema_table(s, fk->ref_table), rel))
            pick = fk;
    if (!pick) {
        char *msg = sqlx_arena_printf(r->a, "relation \"%s\" not found on table \"%s\"", rel, t->name);
        sqlx_api_reply_error(r->resp, 404, "not_found", msg, NULL,
                             "Relations are tables with a foreign key to this one, or this table's foreign-key columns.");
        return;
    }
    const struct sqlx_table *parent = sqlx_schema_table(s, pick->ref_table);
    if (!parent) {
        char *msg = sqlx_arena_printf(r->a, "table \"%s\" referenced by \"%s\" is not in the schema", pick->ref_table, t->name);
        sqlx_api_reply_error(r->resp, 404, "not_found", msg, NULL, NULL);
        return;
    }
    if (get_conn(r) < 0)
        return;
    struct sqlx_value *vals = sqlx_arena_alloc(r->a, (pick->ncolumns + 1) * sizeof(*vals));
    int rc = read_columns(r, t, where, pick->columns, pick->ncolumns, vals);
    if (rc < 0)
        return;
    if (rc == 1) {
        reply_no_row(r, t, seg);
        return;
    }
    for (size_t i = 0; i < pick->ncolumns; i++) {
        if (vals[i].type == SQLX_V_NULL) {
            struct sqlx_jw w;
            sqlx_api_reply_json(r->resp, 200, &w);
            sqlx_jw_obj_begin(&w);
            sqlx_jw_key(&w, "data");
            sqlx_jw_null(&w);
            sqlx_jw_obj_end(&w);
            return;
        }
    }
    reply_one(r, parent, match_values(r, pick->ref_columns, pick->ncolumns, vals), seg, true, 200);
}

/* ---- router -------------------------------------------------------------------------------- */

static void method_not_allowed(struct rq *r, const char *allow)
{
    char *msg = sqlx_arena_printf(r->a, "method %s is not allowed on %s", r->req->method_name, r->req->path);
    sqlx_api_reply_error(r->resp, 405, "method_not_allowed", msg, NULL, NULL);
    r->resp->allow = allow;
}

static void handle_health(struct rq *r)
{
    struct sqlx_jw w;
    if (get_conn(r) < 0)
        return;
    bool ok = sqlx_conn_ping(r->conn);
    if (!ok)
        r->conn->broken = true;
    sqlx_api_reply_json(r->resp, ok ? 200 : 503, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "status");
    sqlx_jw_str(&w, ok ? "ok" : "unavailable");
    sqlx_jw_key(&w, "database");
    sqlx_jw_str(&w, ok ? "ok" : "unreachable");
    sqlx_jw_obj_end(&w);
}

static void handle_index(struct rq *r)
{
    struct sqlx_jw w;
    sqlx_api_reply_json(r->resp, 200, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "name");
    sqlx_jw_str(&w, "sqlx");
    sqlx_jw_key(&w, "openapi");
    sqlx_jw_str(&w, "/openapi.json");
    sqlx_jw_key(&w, "tables");
    sqlx_jw_arr_begin(&w);
    const struct sqlx_table *t;
    sqlx_vec_foreach(&r->api->schema->tables, const struct sqlx_table *, t) {
        sqlx_jw_obj_begin(&w);
        sqlx_jw_key(&w, "name");
        sqlx_jw_str(&w, t->name);
        sqlx_jw_key(&w, "kind");
        sqlx_jw_str(&w, t->kind == SQLX_REL_VIEW ? "view" : "table");
        sqlx_jw_key(&w, "url");
        struct sqlx_buf u;
        sqlx_buf_init(&u, 0);
        sqlx_buf_printf(&u, "/%s", t->route);
        sqlx_jw_strn(&w, u.data, u.len);
        sqlx_buf_free(&u);
        sqlx_jw_obj_end(&w);
    }
    sqlx_jw_arr_end(&w);
    sqlx_jw_obj_end(&w);
}

/* Splits the path into at most 4 decoded segments; returns the count or -1 when deeper. */
static int split_path(struct sqlx_arena *a, const char *path, char **seg)
{
    int n = 0;
    const char *p = path;
    while (*p == '/')
        p++;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (n == 4)
            return -1;
        seg[n] = sqlx_arena_strndup(a, p, len);
        sqlx_http_unescape(seg[n], len, false);
        n++;
        p += len;
        if (*p == '/')
            p++;
    }
    return n;
}

static void route(struct rq *r)
{
    struct sqlx_http_req *req = r->req;
    enum sqlx_http_method m = req->method == SQLX_HTTP_HEAD ? SQLX_HTTP_GET : req->method;
    char *seg[4] = { 0 };
    int n = split_path(r->a, req->path, seg);

    if (n == 0) {
        if (m != SQLX_HTTP_GET)
            {
            method_not_allowed(r, "GET, HEAD");
            return;
        }
        {
            handle_index(r);
            return;
        }
    }
    if (n == 1 && strcmp(seg[0], "healthz") == 0) {
        if (m != SQLX_HTTP_GET)
            {
            method_not_allowed(r, "GET, HEAD");
            return;
        }
        {
            handle_health(r);
            return;
        }
    }
    if (n == 1 && strcmp(seg[0], "openapi.json") == 0) {
        if (m != SQLX_HTTP_GET)
            {
            method_not_allowed(r, "GET, HEAD");
            return;
        }
        sqlx_buf_reset(&r->resp->body);
        sqlx_buf_put(&r->resp->body, r->api->openapi, r->api->openapi_len);
        r->resp->status = 200;
        r->resp->content_type = "application/json";
        return;
    }
    const struct sqlx_table *t = n > 0 && n <= 3 ? sqlx_schema_table(r->api->schema, seg[0]) : NULL;
    if (!t) {
        char *msg = n < 0 || n > 3
            ? sqlx_arena_printf(r->a, "no route for path \"%s\"", req->path)
            : sqlx_arena_printf(r->a, "table \"%s\" not found", seg[0]);
        sqlx_api_reply_error(r->resp, 404, "not_found", msg, NULL,
                             "GET / lists the tables; GET /openapi.json describes every route.");
        return;
    }
    bool view = t->kind == SQLX_REL_VIEW;
    if (n == 1) {
        if (m == SQLX_HTTP_GET)
            {
            handle_list(r, t, NULL);
            return;
        }
        if (m == SQLX_HTTP_POST && !view)
            {
            handle_create(r, t);
            return;
        }
        {
            method_not_allowed(r, view ? "GET, HEAD" : "GET, HEAD, POST");
            return;
        }
    }
    if (n == 2) {
        if (m == SQLX_HTTP_GET) {
            struct sqlx_expr *where = pk_where(r, t, seg[1], NULL);
            if (where && get_conn(r) == 0)
                reply_one(r, t, where, seg[1], false, 200);
            return;
        }
        if (view)
            {
            method_not_allowed(r, "GET, HEAD");
            return;
        }
        if (m == SQLX_HTTP_PUT || m == SQLX_HTTP_PATCH)
            {
            handle_update(r, t, seg[1], m == SQLX_HTTP_PATCH);
            return;
        }
        if (m == SQLX_HTTP_DELETE)
            {
            handle_delete(r, t, seg[1]);
            return;
        }
        {
            method_not_allowed(r, "GET, HEAD, PUT, PATCH, DELETE");
            return;
        }
    }
    if (m != SQLX_HTTP_GET)
        {
            method_not_allowed(r, "GET, HEAD");
            return;
        }
    handle_relation(r, t, seg[1], seg[2]);
}

void sqlx_api_handle(struct sqlx_api *api, struct sqlx_http_req *req, struct sqlx_http_resp *resp)
{
    struct rq r = { .api = api, .req = req, .resp = resp, .a = req->arena };
    sqlx_err_clear(&r.err);
    resp->status = 500;
    route(&r);
    if (r.conn)
        sqlx_pool_release(api->pool, r.conn);
}
