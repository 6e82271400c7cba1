/* Write handlers: create (one object, or an array all-or-nothing in one transaction), replace
 * (PUT), patch and delete by primary key. Bodies are validated against the schema before any SQL
 * runs; writes use RETURNING where the dialect has it and re-read by key where it does not. */
#include "api/rest_int.h"

#include <string.h>
#include <strings.h>

#include "api/body.h"
#include "api/reply.h"

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
    struct sqlx_stmt *st = sqlx_api__run(r, ast);
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
        st = sqlx_api__run(r, sel);
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
    sqlx_api__shape(r, st, t, &sh);
    if (rc == SQLX_STEP_ROW) {
        sqlx_api__write_row(r, w, st, &sh);
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

void sqlx_api__create(struct rq *r, const struct sqlx_table *t)
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
    if (sqlx_api__conn(r) < 0)
        goto out;

    struct sqlx_buf location;
    sqlx_buf_init(&location, 0);
    struct sqlx_jw w;
    sqlx_api_reply_json(r->resp, 201, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "data");
    if (bulk) {
        if (sqlx_api__exec(r, "BEGIN") < 0)
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
        if (sqlx_api__exec(r, "COMMIT") < 0)
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

void sqlx_api__update(struct rq *r, const struct sqlx_table *t, const char *seg, bool patch)
{
    struct sqlx_value *keyvals = sqlx_arena_alloc(r->a, (t->npk + 1) * sizeof(*keyvals));
    struct sqlx_expr *where = sqlx_api__pk_where(r, t, seg, keyvals);
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
        if (sqlx_api__conn(r) == 0)
            sqlx_api__reply_one(r, t, where, seg, false, 200);
        goto out;
    }
    ast->update.where = where;
    if (sqlx_api__conn(r) < 0)
        goto out;
    if (r->api->dialect->supports_returning) {
        sqlx_ast_returning_add(r->a, ast, sqlx_ast_star(r->a, NULL));
        struct sqlx_stmt *st = sqlx_api__run(r, ast);
        if (!st)
            goto out;
        int rc = sqlx_stmt_step(st, &r->err);
        if (rc < 0) {
            sqlx_api_reply_err(r->resp, &r->err);
        } else if (rc == SQLX_STEP_DONE) {
            sqlx_api__reply_no_row(r, t, seg);
        } else {
            struct sqlx_jw w;
            struct row_shape sh;
            sqlx_api__shape(r, st, t, &sh);
            sqlx_api_reply_json(r->resp, 200, &w);
            sqlx_jw_obj_begin(&w);
            sqlx_jw_key(&w, "data");
            sqlx_api__write_row(r, &w, st, &sh);
            sqlx_jw_obj_end(&w);
        }
        sqlx_stmt_finalize(st);
    } else {
        struct sqlx_stmt *st = sqlx_api__run(r, ast);
        if (!st)
            goto out;
        int rc = sqlx_stmt_step(st, &r->err);
        sqlx_stmt_finalize(st);
        if (rc < 0)
            sqlx_api_reply_err(r->resp, &r->err);
        else
            sqlx_api__reply_one(r, t, where, seg, false, 200);
    }
out:
    json_decref(body);
}

void sqlx_api__delete(struct rq *r, const struct sqlx_table *t, const char *seg)
{
    struct sqlx_expr *where = sqlx_api__pk_where(r, t, seg, NULL);
    if (!where || sqlx_api__conn(r) < 0)
        return;
    struct sqlx_ast *ast = sqlx_ast_delete(r->a, t->name);
    ast->del.where = where;
    if (r->api->dialect->supports_returning) {
        sqlx_ast_returning_add(r->a, ast, sqlx_ast_star(r->a, NULL));
        struct sqlx_stmt *st = sqlx_api__run(r, ast);
        if (!st)
            return;
        int rc = sqlx_stmt_step(st, &r->err);
        if (rc < 0) {
            sqlx_api_reply_err(r->resp, &r->err);
        } else if (rc == SQLX_STEP_DONE) {
            sqlx_api__reply_no_row(r, t, seg);
        } else {
            struct sqlx_jw w;
            struct row_shape sh;
            sqlx_api__shape(r, st, t, &sh);
            sqlx_api_reply_json(r->resp, 200, &w);
            sqlx_jw_obj_begin(&w);
            sqlx_jw_key(&w, "data");
            sqlx_api__write_row(r, &w, st, &sh);
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
    if (sqlx_api__exec(r, "BEGIN") < 0)
        return;
    sqlx_api__reply_one(r, t, where, seg, false, 200);
    if (r->resp->status != 200)
        goto rollback;
    struct sqlx_stmt *st = sqlx_api__run(r, ast);
    if (!st)
        goto rollback;
    int rc = sqlx_stmt_step(st, &r->err);
    sqlx_stmt_finalize(st);
    if (rc < 0) {
        sqlx_api_reply_err(r->resp, &r->err);
        goto rollback;
    }
    if (sqlx_api__exec(r, "COMMIT") == 0)
        return;
rollback:;
    struct sqlx_err ignored;
    if (sqlx_conn_exec(r->conn, "ROLLBACK", &ignored) < 0)
        r->conn->broken = true;
}

