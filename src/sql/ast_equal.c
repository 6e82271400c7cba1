/* Structural equality of ASTs (sql/ast.h sqlx_ast_equal): two trees are equal when they mean
 * the same statement. Positions are always ignored; syntax records (enum sqlx_syntax fields,
 * ASC written, LIMIT spelling, type name spelling, placeholder spelling) only count with
 * SQLX_AST_EQ_SYNTAX. Used by the round-trip tests (parse(print(ast)) == ast). Owns nothing. */
#include <math.h>
#include <string.h>

#include "sql/ast.h"

struct eq {
    bool syntax; /* compare syntax records too */
};

static bool e_expr(const struct eq *q, const struct sqlx_expr *x, const struct sqlx_expr *y);
static bool e_query(const struct eq *q, const struct sqlx_select *x, const struct sqlx_select *y);
static bool e_stmt(const struct eq *q, const struct sqlx_ast *x, const struct sqlx_ast *y);

static bool e_str(const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(x, y) == 0;
}

static bool e_names(const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!e_str(x->items[i], y->items[i]))
            return false;
    return true;
}

static bool e_value(const struct sqlx_value *x, const struct sqlx_value *y)
{
    if (x->type != y->type)
        return false;
    switch (x->type) {
    case SQLX_V_NULL:
        return true;
    case SQLX_V_INT:
        return x->i == y->i;
    case SQLX_V_FLOAT:
        return x->f == y->f || (isnan(x->f) && isnan(y->f));
    case SQLX_V_BOOL:
        return x->b == y->b;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        return x->n == y->n && (x->n == 0 || memcmp(x->s, y->s, x->n) == 0);
    }
    return false;
}

static bool e_exprs(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!e_expr(q, x->items[i], y->items[i]))
            return false;
    return true;
}

static bool e_order(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const struct sqlx_order_item *a = x->items[i], *b = y->items[i];
        if (!a || !b) {
            if (a != b)
                return false;
            continue;
        }
        if (a->desc != b->desc || a->nulls != b->nulls || !e_expr(q, a->expr, b->expr))
            return false;
        if (q->syntax && a->asc_written != b->asc_written)
            return false;
    }
    return true;
}

static bool e_type(const struct eq *q, const struct sqlx_type_name *x,
                   const struct sqlx_type_name *y)
{
    if (!x || !y)
        return x == y;
    if (x->kind != y->kind || x->bits != y->bits || x->is_unsigned != y->is_unsigned ||
        x->with_tz != y->with_tz || x->array_dims != y->array_dims ||
        !e_exprs(q, &x->args, &y->args))
        return false;
    if ((x->kind == SQLX_TY_UNKNOWN || q->syntax) &&
        (!e_str(x->name, y->name) || !e_str(x->schema, y->schema)))
        return false;
    if (q->syntax && (x->zerofill != y->zerofill || !e_str(x->charset, y->charset) ||
                      !e_str(x->text, y->text)))
        return false;
    return true;
}

static bool e_bound(const struct eq *q, const struct sqlx_frame_bound *x,
                    const struct sqlx_frame_bound *y)
{
    return x->kind == y->kind && e_expr(q, x->offset, y->offset);
}

static bool e_window(const struct eq *q, const struct sqlx_window *x, const struct sqlx_window *y)
{
    if (!x || !y)
        return x == y;
    if (!e_str(x->name, y->name) || !e_str(x->base, y->base) || x->ref_only != y->ref_only ||
        !e_exprs(q, &x->partition, &y->partition) || !e_order(q, &x->order, &y->order))
        return false;
    if (!x->frame || !y->frame)
        return x->frame == y->frame;
    const struct sqlx_frame *a = x->frame, *b = y->frame;
    return a->unit == b->unit && a->has_end == b->has_end && a->exclude == b->exclude &&
           e_bound(q, &a->start, &b->start) && (!a->has_end || e_bound(q, &a->end, &b->end));
}

static bool e_expr_fields(const struct eq *q, const struct sqlx_expr *x,
                          const struct sqlx_expr *y)
{
    if (x->kind != y->kind || x->op != y->op || x->negated != y->negated ||
        x->distinct != y->distinct || x->like_escape != y->like_escape ||
        x->within_group != y->within_group || x->all != y->all ||
        x->symmetric != y->symmetric || x->slice != y->slice || x->form != y->form ||
        x->grouping != y->grouping)
        return false;
    if (x->kind == SQLX_EX_PLACEHOLDER) {
        /* Spelling ($1, ?, :name) is the dialect's; only the syntax comparison looks at it. */
        return !q->syntax || (x->ph == y->ph && x->index == y->index && e_str(x->name, y->name));
    }
    if (!e_str(x->table, y->table) || !e_str(x->name, y->name) || !e_str(x->schema, y->schema))
        return false;
    if (x->kind == SQLX_EX_PARAM || x->kind == SQLX_EX_LITERAL || x->kind == SQLX_EX_IS_TRUTH) {
        if (x->lit != y->lit || !e_value(&x->value, &y->value))
            return false;
    }
    if (q->syntax && x->syntax != y->syntax)
        return false;
    return true;
}

static bool e_expr(const struct eq *q, const struct sqlx_expr *x, const struct sqlx_expr *y)
{
    if (!x || !y)
        return x == y;
    if (!e_expr_fields(q, x, y))
        return false;
    if (x->kind == SQLX_EX_PLACEHOLDER)
        return true;
    return e_expr(q, x->left, y->left) && e_expr(q, x->right, y->right) &&
           e_expr(q, x->extra, y->extra) && e_exprs(q, &x->list, &y->list) &&
           e_query(q, x->subquery, y->subquery) && e_type(q, x->type, y->type) &&
           e_window(q, x->over, y->over) && e_expr(q, x->filter, y->filter) &&
           e_order(q, &x->order_by, &y->order_by);
}

static bool e_join(const struct eq *q, const struct sqlx_join *x, const struct sqlx_join *y);

static bool e_joins(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!e_join(q, x->items[i], y->items[i]))
            return false;
    return true;
}

static bool e_tref(const struct eq *q, const struct sqlx_table_ref *x,
                   const struct sqlx_table_ref *y)
{
    if (!x || !y)
        return x == y;
    return x->kind == y->kind && e_str(x->schema, y->schema) && e_str(x->name, y->name) &&
           e_str(x->alias, y->alias) && x->lateral == y->lateral && x->only == y->only &&
           x->with_ordinality == y->with_ordinality && e_names(&x->col_aliases, &y->col_aliases) &&
           e_query(q, x->subquery, y->subquery) && e_expr(q, x->func, y->func) &&
           e_tref(q, x->nested_from, y->nested_from) &&
           e_joins(q, &x->nested_joins, &y->nested_joins);
}

static bool e_join(const struct eq *q, const struct sqlx_join *x, const struct sqlx_join *y)
{
    if (!x || !y)
        return x == y;
    return x->kind == y->kind && x->natural == y->natural &&
           e_names(&x->using_cols, &y->using_cols) && e_tref(q, &x->table, &y->table) &&
           e_expr(q, x->on, y->on);
}

static bool e_items(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const struct sqlx_select_item *a = x->items[i], *b = y->items[i];
        if (!a || !b) {
            if (a != b)
                return false;
            continue;
        }
        if (!e_str(a->alias, b->alias) || !e_expr(q, a->expr, b->expr))
            return false;
    }
    return true;
}

static bool e_rows(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const struct sqlx_vec *a = x->items[i], *b = y->items[i];
        if (!a || !b) {
            if (a != b)
                return false;
            continue;
        }
        if (!e_exprs(q, a, b))
            return false;
    }
    return true;
}

static bool e_with(const struct eq *q, const struct sqlx_with *x, const struct sqlx_with *y)
{
    if (!x || !y)
        return x == y;
    if (x->recursive != y->recursive || x->ctes.len != y->ctes.len)
        return false;
    for (size_t i = 0; i < x->ctes.len; i++) {
        const struct sqlx_cte *a = x->ctes.items[i], *b = y->ctes.items[i];
        if (!a || !b) {
            if (a != b)
                return false;
            continue;
        }
        if (!e_str(a->name, b->name) || !e_names(&a->columns, &b->columns) ||
            a->materialized != b->materialized || !e_query(q, a->query, b->query) ||
            !e_stmt(q, a->dml, b->dml))
            return false;
    }
    return true;
}

static bool e_windows(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!e_window(q, x->items[i], y->items[i]))
            return false;
    return true;
}

static bool e_query(const struct eq *q, const struct sqlx_select *x, const struct sqlx_select *y)
{
    if (!x || !y)
        return x == y;
    if (x->distinct != y->distinct || x->setop != y->setop || x->setop_all != y->setop_all ||
        x->with_ties != y->with_ties || x->lock != y->lock || x->lock_wait != y->lock_wait ||
        !e_names(&x->lock_of, &y->lock_of))
        return false;
    if (q->syntax && (x->limit_syntax != y->limit_syntax || x->limit_all != y->limit_all ||
                      x->values_row != y->values_row))
        return false;
    return e_with(q, x->with, y->with) && e_exprs(q, &x->distinct_on, &y->distinct_on) &&
           e_items(q, &x->items, &y->items) && e_tref(q, &x->from, &y->from) &&
           e_joins(q, &x->joins, &y->joins) && e_expr(q, x->where, y->where) &&
           e_exprs(q, &x->group_by, &y->group_by) && e_expr(q, x->having, y->having) &&
           e_windows(q, &x->windows, &y->windows) && e_order(q, &x->order_by, &y->order_by) &&
           e_expr(q, x->limit, y->limit) && e_expr(q, x->offset, y->offset) &&
           e_query(q, x->larg, y->larg) && e_query(q, x->rarg, y->rarg) &&
           e_rows(q, &x->values, &y->values);
}

static bool e_assigns(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const struct sqlx_assign *a = x->items[i], *b = y->items[i];
        if (!a || !b) {
            if (a != b)
                return false;
            continue;
        }
        if (!e_str(a->column, b->column) || !e_str(a->table, b->table) ||
            !e_names(&a->columns, &b->columns) || !e_expr(q, a->value, b->value))
            return false;
    }
    return true;
}

static bool e_elems(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const struct sqlx_index_elem *a = x->items[i], *b = y->items[i];
        if (!a || !b) {
            if (a != b)
                return false;
            continue;
        }
        if (a->desc != b->desc || a->nulls != b->nulls || a->prefix_len != b->prefix_len ||
            !e_str(a->collate, b->collate) || !e_str(a->opclass, b->opclass) ||
            !e_expr(q, a->expr, b->expr))
            return false;
        if (q->syntax && a->asc_written != b->asc_written)
            return false;
    }
    return true;
}

static bool e_insert(const struct eq *q, const struct sqlx_insert *x, const struct sqlx_insert *y)
{
    if (x->ncolumns != y->ncolumns || x->default_values != y->default_values ||
        x->or_action != y->or_action || !e_str(x->row_alias, y->row_alias))
        return false;
    for (size_t i = 0; i < x->ncolumns; i++)
        if (!e_str(x->columns[i], y->columns[i]))
            return false;
    if (q->syntax && x->syntax != y->syntax)
        return false;
    if (!x->upsert || !y->upsert) {
        if (x->upsert != y->upsert)
            return false;
    } else {
        const struct sqlx_upsert *a = x->upsert, *b = y->upsert;
        if (a->form != b->form || a->do_nothing != b->do_nothing ||
            !e_str(a->constraint, b->constraint) || !e_elems(q, &a->target, &b->target) ||
            !e_expr(q, a->target_where, b->target_where) || !e_assigns(q, &a->set, &b->set) ||
            !e_expr(q, a->where, b->where))
            return false;
    }
    return e_with(q, x->with, y->with) && e_tref(q, &x->table, &y->table) &&
           e_rows(q, &x->rows, &y->rows) && e_query(q, x->query, y->query) &&
           e_items(q, &x->returning, &y->returning);
}

static bool e_update(const struct eq *q, const struct sqlx_update *x, const struct sqlx_update *y)
{
    return x->or_action == y->or_action && e_with(q, x->with, y->with) &&
           e_tref(q, &x->table, &y->table) && e_joins(q, &x->joins, &y->joins) &&
           e_assigns(q, &x->set, &y->set) && e_tref(q, x->from, y->from) &&
           e_joins(q, &x->from_joins, &y->from_joins) && e_expr(q, x->where, y->where) &&
           e_order(q, &x->order_by, &y->order_by) && e_expr(q, x->limit, y->limit) &&
           e_items(q, &x->returning, &y->returning);
}

static bool e_trefs(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!e_tref(q, x->items[i], y->items[i]))
            return false;
    return true;
}

static bool e_delete(const struct eq *q, const struct sqlx_delete *x, const struct sqlx_delete *y)
{
    return e_with(q, x->with, y->with) && e_trefs(q, &x->targets, &y->targets) &&
           e_tref(q, &x->table, &y->table) && e_joins(q, &x->joins, &y->joins) &&
           e_tref(q, x->using_first, y->using_first) &&
           e_joins(q, &x->using_joins, &y->using_joins) && e_expr(q, x->where, y->where) &&
           e_order(q, &x->order_by, &y->order_by) && e_expr(q, x->limit, y->limit) &&
           e_items(q, &x->returning, &y->returning);
}

static bool e_constraint(const struct eq *q, const struct sqlx_constraint *x,
                         const struct sqlx_constraint *y)
{
    if (!x || !y)
        return x == y;
    return x->type == y->type && e_str(x->name, y->name) && e_expr(q, x->expr, y->expr) &&
           e_elems(q, &x->columns, &y->columns) && e_tref(q, &x->ref_table, &y->ref_table) &&
           e_names(&x->ref_columns, &y->ref_columns) && x->on_delete == y->on_delete &&
           x->on_update == y->on_update && x->match == y->match &&
           x->deferrable == y->deferrable && x->initially == y->initially &&
           x->stored == y->stored && x->always == y->always && x->desc == y->desc &&
           x->autoincrement == y->autoincrement && x->on_conflict == y->on_conflict &&
           x->nulls_not_distinct == y->nulls_not_distinct;
}

static bool e_constraints(const struct eq *q, const struct sqlx_vec *x, const struct sqlx_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!e_constraint(q, x->items[i], y->items[i]))
            return false;
    return true;
}

static bool e_column(const struct eq *q, const struct sqlx_column_def *x,
                     const struct sqlx_column_def *y)
{
    if (!x || !y)
        return x == y;
    return e_str(x->name, y->name) && e_type(q, x->type, y->type) &&
           e_constraints(q, &x->constraints, &y->constraints);
}

static bool e_index(const struct eq *q, const struct sqlx_create_index *x,
                    const struct sqlx_create_index *y)
{
    if (!x || !y)
        return x == y;
    return e_str(x->name, y->name) && e_str(x->schema, y->schema) &&
           e_tref(q, &x->table, &y->table) && x->unique == y->unique &&
           x->concurrently == y->concurrently && x->if_not_exists == y->if_not_exists &&
           e_str(x->method, y->method) && e_elems(q, &x->elems, &y->elems) &&
           e_names(&x->include, &y->include) && e_expr(q, x->where, y->where);
}

static bool e_create_table(const struct eq *q, const struct sqlx_create_table *x,
                           const struct sqlx_create_table *y)
{
    if (!e_tref(q, &x->table, &y->table) || x->if_not_exists != y->if_not_exists ||
        x->temporary != y->temporary || x->unlogged != y->unlogged ||
        x->columns.len != y->columns.len || x->options.len != y->options.len ||
        x->indexes.len != y->indexes.len || !e_constraints(q, &x->constraints, &y->constraints) ||
        !e_query(q, x->as_query, y->as_query))
        return false;
    for (size_t i = 0; i < x->columns.len; i++)
        if (!e_column(q, x->columns.items[i], y->columns.items[i]))
            return false;
    for (size_t i = 0; i < x->indexes.len; i++)
        if (!e_index(q, x->indexes.items[i], y->indexes.items[i]))
            return false;
    for (size_t i = 0; i < x->options.len; i++) {
        const struct sqlx_table_option *a = x->options.items[i], *b = y->options.items[i];
        if (!e_str(a->name, b->name) || !e_str(a->value, b->value))
            return false;
    }
    return true;
}

static bool e_alter(const struct eq *q, const struct sqlx_alter_table *x,
                    const struct sqlx_alter_table *y)
{
    if (!e_tref(q, &x->table, &y->table) || x->if_exists != y->if_exists || x->only != y->only ||
        x->cmds.len != y->cmds.len)
        return false;
    for (size_t i = 0; i < x->cmds.len; i++) {
        const struct sqlx_alter_cmd *a = x->cmds.items[i], *b = y->cmds.items[i];
        if (!a || !b) {
            if (a != b)
                return false;
            continue;
        }
        if (a->kind != b->kind || !e_str(a->name, b->name) || !e_str(a->new_name, b->new_name) ||
            !e_column(q, a->column, b->column) || !e_constraint(q, a->constraint, b->constraint) ||
            !e_type(q, a->type, b->type) || !e_expr(q, a->expr, b->expr) ||
            a->if_exists != b->if_exists || a->if_not_exists != b->if_not_exists ||
            a->cascade != b->cascade || a->first != b->first || !e_str(a->after, b->after))
            return false;
    }
    return true;
}

static bool e_stmt(const struct eq *q, const struct sqlx_ast *x, const struct sqlx_ast *y)
{
    if (!x || !y)
        return x == y;
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case SQLX_ST_SELECT:
        return e_query(q, &x->select, &y->select);
    case SQLX_ST_INSERT:
        return e_insert(q, &x->insert, &y->insert);
    case SQLX_ST_UPDATE:
        return e_update(q, &x->update, &y->update);
    case SQLX_ST_DELETE:
        return e_delete(q, &x->del, &y->del);
    case SQLX_ST_TXN: {
        const struct sqlx_txn *a = &x->txn, *b = &y->txn;
        return a->op == b->op && e_str(a->savepoint, b->savepoint) && a->mode == b->mode &&
               e_str(a->isolation, b->isolation) && a->access == b->access &&
               a->chain == b->chain && (!q->syntax || a->syntax == b->syntax);
    }
    case SQLX_ST_CREATE_TABLE:
        return e_create_table(q, &x->create_table, &y->create_table);
    case SQLX_ST_ALTER_TABLE:
        return e_alter(q, &x->alter_table, &y->alter_table);
    case SQLX_ST_DROP: {
        const struct sqlx_drop *a = &x->drop, *b = &y->drop;
        return a->object == b->object && e_trefs(q, &a->names, &b->names) &&
               a->if_exists == b->if_exists && a->cascade == b->cascade &&
               a->concurrently == b->concurrently && a->temporary == b->temporary &&
               e_tref(q, a->on_table, b->on_table) &&
               (!q->syntax || a->restrict_written == b->restrict_written);
    }
    case SQLX_ST_CREATE_INDEX:
        return e_index(q, &x->create_index, &y->create_index);
    case SQLX_ST_CREATE_VIEW: {
        const struct sqlx_create_view *a = &x->create_view, *b = &y->create_view;
        return e_tref(q, &a->name, &b->name) && a->or_replace == b->or_replace &&
               a->temporary == b->temporary && a->materialized == b->materialized &&
               a->if_not_exists == b->if_not_exists && e_names(&a->columns, &b->columns) &&
               a->check_option == b->check_option && e_query(q, a->query, b->query);
    }
    case SQLX_ST_CREATE_TYPE:
        return e_tref(q, &x->create_type.name, &y->create_type.name) &&
               e_names(&x->create_type.labels, &y->create_type.labels);
    }
    return false;
}

bool sqlx_ast_equal(const struct sqlx_ast *x, const struct sqlx_ast *y, unsigned flags)
{
    struct eq q = { .syntax = (flags & SQLX_AST_EQ_SYNTAX) != 0 };
    return e_stmt(&q, x, y);
}

bool sqlx_ast_expr_equal(const struct sqlx_expr *x, const struct sqlx_expr *y, unsigned flags)
{
    struct eq q = { .syntax = (flags & SQLX_AST_EQ_SYNTAX) != 0 };
    return e_expr(&q, x, y);
}

bool sqlx_ast_query_equal(const struct sqlx_select *x, const struct sqlx_select *y, unsigned flags)
{
    struct eq q = { .syntax = (flags & SQLX_AST_EQ_SYNTAX) != 0 };
    return e_query(&q, x, y);
}
