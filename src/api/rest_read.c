/* Read handlers: lists (paging, filters, sort, select, total) and relation routes along
 * foreign keys in both directions. Every statement is an AST with bound parameters; identifiers
 * come from the schema only. */
#include "api/rest_int.h"

#include <string.h>

#include "api/filter.h"
#include "api/reply.h"

/* ---- list ---------------------------------------------------------------------------------- */

static void reply_list_error(struct rq *r)
{
    const char *code = r->err.code == SQLX_ENOTFOUND ? "unknown_column" : "invalid_parameter";
    sqlx_api_reply_error(r->resp, 400, code, r->err.message, NULL, r->err.hint[0] ? r->err.hint : NULL);
}

void sqlx_api__list(struct rq *r, const struct sqlx_table *t, struct sqlx_expr *scope)
{
    struct sqlx_list_query q;
    if (sqlx_api_parse_list(t, r->req, r->api->cfg.default_limit, r->api->cfg.max_limit, &q,
                            &r->err) < 0) {
        reply_list_error(r);
        return;
    }
    struct sqlx_expr *where = scope ? sqlx_ast_and(r->a, scope, q.where) : q.where;
    if (sqlx_api__conn(r) < 0)
        return;

    /* Total rows matching the filter. */
    struct sqlx_ast *cnt = sqlx_ast_select(r->a, t->name);
    struct sqlx_expr *count = sqlx_ast_func(r->a, "count");
    sqlx_ast_add_arg(r->a, count, sqlx_ast_star(r->a, NULL));
    sqlx_ast_select_add(r->a, &cnt->select, count, NULL);
    cnt->select.where = where;
    struct sqlx_stmt *st = sqlx_api__run(r, cnt);
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
    st = sqlx_api__run(r, ast);
    if (!st)
        return;

    struct sqlx_jw w;
    struct row_shape sh;
    sqlx_api__shape(r, st, t, &sh);
    sqlx_api_reply_json(r->resp, 200, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "data");
    sqlx_jw_arr_begin(&w);
    while ((rc = sqlx_stmt_step(st, &r->err)) == SQLX_STEP_ROW)
        sqlx_api__write_row(r, &w, st, &sh);
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
    struct sqlx_stmt *st = sqlx_api__run(r, ast);
    if (!st)
        return -1;
    int rc = sqlx_stmt_step(st, &r->err);
    if (rc == SQLX_STEP_ROW) {
        for (size_t i = 0; i < n; i++) {
            struct sqlx_value v;
            sqlx_stmt_column(st, (int)i, &v);
            out[i] = sqlx_api__keep_value(r->a, &v);
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

void sqlx_api__relation(struct rq *r, const struct sqlx_table *t, const char *seg,
                            const char *rel)
{
    const struct sqlx_schema *s = r->api->schema;
    struct sqlx_expr *where = sqlx_api__pk_where(r, t, seg, NULL);
    if (!where)
        return;
    const struct sqlx_fkey *fk;
    /* 1. Children: a table whose foreign key points here. */
    sqlx_vec_foreach(&t->referenced_by, const struct sqlx_fkey *, fk) {
        const struct sqlx_table *child = sqlx_schema_table(s, fk->table);
        if (!names_table(child, rel))
            continue;
        if (sqlx_api__conn(r) < 0)
            return;
        struct sqlx_value *vals = sqlx_arena_alloc(r->a, (fk->ncolumns + 1) * sizeof(*vals));
        int rc = read_columns(r, t, where, fk->ref_columns, fk->ncolumns, vals);
        if (rc < 0)
            return;
        if (rc == 1) {
            sqlx_api__reply_no_row(r, t, seg);
            return;
        }
        sqlx_api__list(r, child, match_values(r, fk->columns, fk->ncolumns, vals));
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
    if (sqlx_api__conn(r) < 0)
        return;
    struct sqlx_value *vals = sqlx_arena_alloc(r->a, (pick->ncolumns + 1) * sizeof(*vals));
    int rc = read_columns(r, t, where, pick->columns, pick->ncolumns, vals);
    if (rc < 0)
        return;
    if (rc == 1) {
        sqlx_api__reply_no_row(r, t, seg);
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
    sqlx_api__reply_one(r, parent, match_values(r, pick->ref_columns, pick->ncolumns, vals), seg, true, 200);
}

