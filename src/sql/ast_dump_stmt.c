/* The statement half of the AST dump (sql/ast.h sqlx_ast_dump, sqlx_ast_dump_query): queries
 * (WITH, FROM items and joins, grouping, windows, set operations, VALUES, LIMIT forms, locking),
 * INSERT / UPDATE / DELETE, transactions and DDL, in the S-expression format of ast_dump.c, which
 * dumps the expressions inside them. Writes to a caller's buffer; never fails. */
#include "sql/ast_dump_int.h"

#include <stdio.h>
#include <string.h>

static void d_stmt(struct sqlx_dumper *d, const struct sqlx_ast *st);

/* ---- queries ---- */

static void d_join(struct sqlx_dumper *d, const struct sqlx_join *j);

static void d_tref(struct sqlx_dumper *d, const struct sqlx_table_ref *t)
{
    if (!t) {
        put(d, "?");
        return;
    }
    switch (t->kind) {
    case SQLX_TREF_TABLE:
        open_node(d, t->only ? "table-only" : "table", t->pos);
        sp(d);
        sqlx_sql__dump_qualified(d, t->schema, NULL, t->name);
        break;
    case SQLX_TREF_SUBQUERY:
        open_node(d, t->lateral ? "lateral-derived" : "derived", t->pos);
        sp(d);
        sqlx_sql__dump_query(d, t->subquery);
        break;
    case SQLX_TREF_FUNC:
        open_node(d, t->lateral ? "lateral-func" : "table-func", t->pos);
        sqlx_sql__dump_child(d, t->func);
        if (t->with_ordinality)
            put(d, " with-ordinality");
        break;
    case SQLX_TREF_JOIN:
        open_node(d, "join-group", t->pos);
        sp(d);
        d_tref(d, t->nested_from);
        for (size_t i = 0; i < t->nested_joins.len; i++)
            d_join(d, t->nested_joins.items[i]);
        break;
    default:
        open_node(d, "?", t->pos);
        break;
    }
    if (t->alias) {
        put(d, " (as ");
        sqlx_sql__dump_name(d, t->alias);
        sqlx_sql__dump_names(d, &t->col_aliases);
        put(d, ")");
    }
    close_node(d);
}

static void d_join(struct sqlx_dumper *d, const struct sqlx_join *j)
{
    static const char kinds[][24] = { "join", "left-join", "right-join", "full-join",
                                         "cross-join", "comma" };
    sp(d);
    if (!j) {
        put(d, "?");
        return;
    }
    char name[40];
    snprintf(name, sizeof(name), "%s%s", j->natural ? "natural-" : "",
             (unsigned)j->kind <= SQLX_JOIN_COMMA ? kinds[j->kind] : "?");
    open_node(d, name, j->pos);
    sp(d);
    d_tref(d, &j->table);
    sqlx_sql__dump_opt_child(d, "on", j->on);
    if (j->using_cols.len > 0) {
        put(d, " (using");
        sqlx_sql__dump_names(d, &j->using_cols);
        put(d, ")");
    }
    close_node(d);
}

static void d_items(struct sqlx_dumper *d, const char *label, const struct sqlx_vec *v)
{
    sp(d);
    open_node(d, label, 0);
    for (size_t i = 0; i < v->len; i++) {
        const struct sqlx_select_item *it = v->items[i];
        sp(d);
        if (!it) {
            put(d, "?");
        } else if (it->alias) {
            put(d, "(as ");
            sqlx_sql__dump_expr(d, it->expr);
            sp(d);
            sqlx_sql__dump_name(d, it->alias);
            put(d, ")");
        } else {
            sqlx_sql__dump_expr(d, it->expr);
        }
    }
    close_node(d);
}

static void d_with(struct sqlx_dumper *d, const struct sqlx_with *w)
{
    if (!w)
        return;
    sp(d);
    open_node(d, w->recursive ? "with-recursive" : "with", w->pos);
    for (size_t i = 0; i < w->ctes.len; i++) {
        const struct sqlx_cte *c = w->ctes.items[i];
        sp(d);
        if (!c) {
            put(d, "?");
            continue;
        }
        open_node(d, "cte", c->pos);
        sp(d);
        sqlx_sql__dump_name(d, c->name);
        if (c->columns.len > 0) {
            put(d, " (columns");
            sqlx_sql__dump_names(d, &c->columns);
            put(d, ")");
        }
        if (c->materialized)
            put(d, c->materialized == 1 ? " materialized" : " not-materialized");
        sp(d);
        if (c->dml)
            d_stmt(d, c->dml);
        else
            sqlx_sql__dump_query(d, c->query);
        close_node(d);
    }
    close_node(d);
}

static void d_rows(struct sqlx_dumper *d, const struct sqlx_vec *rows)
{
    for (size_t i = 0; i < rows->len; i++) {
        const struct sqlx_vec *row = rows->items[i];
        put(d, " (row");
        if (row)
            sqlx_sql__dump_exprs(d, row);
        put(d, ")");
    }
}

static void d_limit(struct sqlx_dumper *d, const struct sqlx_select *q)
{
    static const char forms[][24] = { "", "limit", "comma", "fetch" };
    sqlx_sql__dump_opt_child(d, "limit", q->limit);
    sqlx_sql__dump_opt_child(d, "offset", q->offset);
    if (q->with_ties)
        put(d, " with-ties");
    if ((d->flags & SQLX_AST_DUMP_SYNTAX) && q->limit_syntax != SQLX_LIMIT_SYN_NONE &&
        (unsigned)q->limit_syntax <= SQLX_LIMIT_SYN_FETCH) {
        put(d, " :");
        put(d, forms[q->limit_syntax]);
        if (q->limit_all)
            put(d, " :limit-all");
    }
    if (q->lock != SQLX_LOCK_NONE) {
        static const char locks[][24] = { "", "update", "share", "no-key-update",
                                             "key-share" };
        put(d, " (lock ");
        put(d, (unsigned)q->lock <= SQLX_LOCK_KEY_SHARE ? locks[q->lock] : "?");
        if (q->lock_of.len > 0) {
            put(d, " (of");
            sqlx_sql__dump_names(d, &q->lock_of);
            put(d, ")");
        }
        if (q->lock_wait == SQLX_LOCK_NOWAIT)
            put(d, " nowait");
        else if (q->lock_wait == SQLX_LOCK_SKIP_LOCKED)
            put(d, " skip-locked");
        put(d, ")");
    }
}

static void d_select_body(struct sqlx_dumper *d, const struct sqlx_select *q)
{
    if (q->distinct)
        put(d, " distinct");
    if (q->distinct_on.len > 0) {
        put(d, " (distinct-on");
        sqlx_sql__dump_exprs(d, &q->distinct_on);
        put(d, ")");
    }
    d_items(d, "items", &q->items);
    if (sqlx_ast_has_from(q)) {
        put(d, " (from ");
        d_tref(d, &q->from);
        for (size_t i = 0; i < q->joins.len; i++)
            d_join(d, q->joins.items[i]);
        put(d, ")");
    }
    sqlx_sql__dump_opt_child(d, "where", q->where);
    if (q->group_by.len > 0) {
        put(d, " (group-by");
        sqlx_sql__dump_exprs(d, &q->group_by);
        put(d, ")");
    }
    sqlx_sql__dump_opt_child(d, "having", q->having);
    for (size_t i = 0; i < q->windows.len; i++) {
        const struct sqlx_window *w = q->windows.items[i];
        if (!w)
            continue;
        put(d, " (window ");
        sqlx_sql__dump_name(d, w->name);
        sqlx_sql__dump_window_body(d, w);
        put(d, ")");
    }
}

void sqlx_sql__dump_query(struct sqlx_dumper *d, const struct sqlx_select *q)
{
    if (!q) {
        put(d, "?");
        return;
    }
    if (q->setop != SQLX_SETOP_NONE) {
        static const char ops[][24] = { "", "union", "intersect", "except" };
        char name[24];
        snprintf(name, sizeof(name), "%s%s",
                 (unsigned)q->setop <= SQLX_SETOP_EXCEPT ? ops[q->setop] : "?",
                 q->setop_all ? "-all" : "");
        open_node(d, name, q->pos);
        d_with(d, q->with);
        sp(d);
        sqlx_sql__dump_query(d, q->larg);
        sp(d);
        sqlx_sql__dump_query(d, q->rarg);
    } else if (q->values.len > 0) {
        open_node(d, "values", q->pos);
        if ((d->flags & SQLX_AST_DUMP_SYNTAX) && q->values_row)
            put(d, " :row-keyword");
        d_with(d, q->with);
        d_rows(d, &q->values);
    } else {
        open_node(d, "select", q->pos);
        d_with(d, q->with);
        d_select_body(d, q);
    }
    sqlx_sql__dump_order(d, "order-by", &q->order_by);
    d_limit(d, q);
    close_node(d);
}

/* ---- statements ---- */

static const char *or_name(enum sqlx_or_action a)
{
    static const char names[][24] = { "", "replace", "ignore", "abort", "fail", "rollback" };
    return (unsigned)a <= SQLX_OR_ROLLBACK ? names[a] : "?";
}

static void d_assigns(struct sqlx_dumper *d, const struct sqlx_vec *v)
{
    put(d, " (set");
    for (size_t i = 0; i < v->len; i++) {
        const struct sqlx_assign *as = v->items[i];
        if (!as) {
            put(d, " ?");
            continue;
        }
        put(d, " (= ");
        if (as->column) {
            sqlx_sql__dump_qualified(d, NULL, as->table, as->column);
        } else {
            put(d, "(");
            for (size_t j = 0; j < as->columns.len; j++) {
                if (j)
                    sp(d);
                sqlx_sql__dump_name(d, as->columns.items[j]);
            }
            put(d, ")");
        }
        sqlx_sql__dump_child(d, as->value);
        put(d, ")");
    }
    put(d, ")");
}

static void d_elems(struct sqlx_dumper *d, const struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        const struct sqlx_index_elem *el = v->items[i];
        sp(d);
        if (!el) {
            put(d, "?");
            continue;
        }
        bool plain = !el->desc && !el->nulls && !el->collate && !el->opclass && !el->prefix_len;
        if (plain) {
            sqlx_sql__dump_expr(d, el->expr);
            continue;
        }
        put(d, "(elem ");
        sqlx_sql__dump_expr(d, el->expr);
        if (el->prefix_len) {
            put(d, " (prefix ");
            sqlx_buf_put_i64(d->out, el->prefix_len);
            put(d, ")");
        }
        if (el->collate) {
            put(d, " (collate ");
            sqlx_sql__dump_name(d, el->collate);
            put(d, ")");
        }
        if (el->opclass) {
            put(d, " (opclass ");
            sqlx_sql__dump_name(d, el->opclass);
            put(d, ")");
        }
        if (el->desc)
            put(d, " desc");
        if (el->nulls)
            put(d, el->nulls == 1 ? " nulls-first" : " nulls-last");
        put(d, ")");
    }
}

static void d_returning(struct sqlx_dumper *d, const struct sqlx_vec *v)
{
    if (v->len > 0)
        d_items(d, "returning", v);
}

static void d_insert(struct sqlx_dumper *d, const struct sqlx_insert *ins)
{
    d_with(d, ins->with);
    sp(d);
    d_tref(d, &ins->table);
    if (ins->or_action != SQLX_OR_NONE) {
        put(d, " (or ");
        put(d, or_name(ins->or_action));
        put(d, ")");
    }
    sqlx_sql__dump_syntax(d, ins->syntax);
    if (ins->ncolumns > 0) {
        put(d, " (columns");
        for (size_t i = 0; i < ins->ncolumns; i++) {
            sp(d);
            sqlx_sql__dump_name(d, ins->columns[i]);
        }
        put(d, ")");
    }
    if (ins->default_values)
        put(d, " default-values");
    if (ins->rows.len > 0) {
        put(d, " (values");
        d_rows(d, &ins->rows);
        put(d, ")");
    }
    if (ins->row_alias) {
        put(d, " (row-alias ");
        sqlx_sql__dump_name(d, ins->row_alias);
        put(d, ")");
    }
    if (ins->query) {
        sp(d);
        sqlx_sql__dump_query(d, ins->query);
    }
    if (ins->upsert) {
        const struct sqlx_upsert *u = ins->upsert;
        sp(d);
        open_node(d, u->form == SQLX_UPSERT_ON_CONFLICT ? "on-conflict" : "on-duplicate-key",
                  u->pos);
        if (u->target.len > 0) {
            put(d, " (target");
            d_elems(d, &u->target);
            put(d, ")");
        }
        sqlx_sql__dump_opt_child(d, "target-where", u->target_where);
        if (u->constraint) {
            put(d, " (constraint ");
            sqlx_sql__dump_name(d, u->constraint);
            put(d, ")");
        }
        if (u->do_nothing)
            put(d, " do-nothing");
        else
            d_assigns(d, &u->set);
        sqlx_sql__dump_opt_child(d, "where", u->where);
        close_node(d);
    }
    d_returning(d, &ins->returning);
}

static void d_from_list(struct sqlx_dumper *d, const char *label,
                        const struct sqlx_table_ref *first, const struct sqlx_vec *joins)
{
    if (!first && joins->len == 0)
        return;
    put(d, " (");
    put(d, label);
    sp(d);
    d_tref(d, first);
    for (size_t i = 0; i < joins->len; i++)
        d_join(d, joins->items[i]);
    put(d, ")");
}

static void d_dml_tail(struct sqlx_dumper *d, const struct sqlx_expr *where,
                       const struct sqlx_vec *order, const struct sqlx_expr *limit,
                       const struct sqlx_vec *returning)
{
    sqlx_sql__dump_opt_child(d, "where", where);
    sqlx_sql__dump_order(d, "order-by", order);
    sqlx_sql__dump_opt_child(d, "limit", limit);
    d_returning(d, returning);
}

static void d_update(struct sqlx_dumper *d, const struct sqlx_update *u)
{
    d_with(d, u->with);
    sp(d);
    d_tref(d, &u->table);
    for (size_t i = 0; i < u->joins.len; i++)
        d_join(d, u->joins.items[i]);
    if (u->or_action != SQLX_OR_NONE) {
        put(d, " (or ");
        put(d, or_name(u->or_action));
        put(d, ")");
    }
    d_assigns(d, &u->set);
    if (u->from)
        d_from_list(d, "from", u->from, &u->from_joins);
    d_dml_tail(d, u->where, &u->order_by, u->limit, &u->returning);
}

static void d_delete(struct sqlx_dumper *d, const struct sqlx_delete *del)
{
    d_with(d, del->with);
    if (del->targets.len > 0) {
        put(d, " (targets");
        for (size_t i = 0; i < del->targets.len; i++) {
            sp(d);
            d_tref(d, del->targets.items[i]);
        }
        put(d, ")");
    }
    sp(d);
    d_tref(d, &del->table);
    for (size_t i = 0; i < del->joins.len; i++)
        d_join(d, del->joins.items[i]);
    if (del->using_first)
        d_from_list(d, "using", del->using_first, &del->using_joins);
    d_dml_tail(d, del->where, &del->order_by, del->limit, &del->returning);
}

static void d_txn(struct sqlx_dumper *d, const struct sqlx_txn *t)
{
    static const char modes[][24] = { "", " deferred", " immediate", " exclusive" };
    if ((unsigned)t->mode <= SQLX_TXN_EXCLUSIVE)
        put(d, modes[t->mode]);
    if (t->savepoint) {
        sp(d);
        sqlx_sql__dump_name(d, t->savepoint);
    }
    if (t->isolation) {
        put(d, " (isolation ");
        sqlx_sql__dump_quoted(d, t->isolation, strlen(t->isolation));
        put(d, ")");
    }
    if (t->access)
        put(d, t->access == 1 ? " read-only" : " read-write");
    if (t->chain)
        put(d, " chain");
    sqlx_sql__dump_syntax(d, t->syntax);
}

static void d_constraint(struct sqlx_dumper *d, const struct sqlx_constraint *c)
{
    static const char types[][24] = {
        [SQLX_CON_NOT_NULL] = "not-null",   [SQLX_CON_NULL] = "null",
        [SQLX_CON_DEFAULT] = "default",     [SQLX_CON_PRIMARY_KEY] = "primary-key",
        [SQLX_CON_UNIQUE] = "unique",       [SQLX_CON_CHECK] = "check",
        [SQLX_CON_FOREIGN_KEY] = "references", [SQLX_CON_GENERATED] = "generated",
        [SQLX_CON_IDENTITY] = "identity",   [SQLX_CON_AUTO_INCREMENT] = "auto-increment",
        [SQLX_CON_COLLATE] = "collate",     [SQLX_CON_ON_UPDATE] = "on-update",
        [SQLX_CON_COMMENT] = "comment",
    };
    static const char actions[][24] = { "", "no-action", "restrict", "cascade", "set-null",
                                           "set-default" };
    sp(d);
    if (!c) {
        put(d, "?");
        return;
    }
    open_node(d, (unsigned)c->type <= SQLX_CON_COMMENT ? types[c->type] : "?", c->pos);
    if (c->name && c->type != SQLX_CON_COLLATE) {
        put(d, " (name ");
        sqlx_sql__dump_name(d, c->name);
        put(d, ")");
    } else if (c->type == SQLX_CON_COLLATE) {
        sp(d);
        sqlx_sql__dump_name(d, c->name);
    }
    if (c->columns.len > 0) {
        put(d, " (columns");
        d_elems(d, &c->columns);
        put(d, ")");
    }
    if (c->expr)
        sqlx_sql__dump_child(d, c->expr);
    if (c->type == SQLX_CON_FOREIGN_KEY) {
        sp(d);
        d_tref(d, &c->ref_table);
        if (c->ref_columns.len > 0) {
            put(d, " (columns");
            sqlx_sql__dump_names(d, &c->ref_columns);
            put(d, ")");
        }
        if (c->on_delete && (unsigned)c->on_delete <= SQLX_FK_SET_DEFAULT) {
            put(d, " (on-delete ");
            put(d, actions[c->on_delete]);
            put(d, ")");
        }
        if (c->on_update && (unsigned)c->on_update <= SQLX_FK_SET_DEFAULT) {
            put(d, " (on-update ");
            put(d, actions[c->on_update]);
            put(d, ")");
        }
        if (c->match)
            put(d, c->match == 1 ? " match-full" : c->match == 2 ? " match-partial"
                                                                 : " match-simple");
    }
    if (c->deferrable)
        put(d, c->deferrable == 1 ? " deferrable" : " not-deferrable");
    if (c->initially)
        put(d, c->initially == 1 ? " initially-deferred" : " initially-immediate");
    if (c->type == SQLX_CON_GENERATED)
        put(d, c->stored ? " stored" : " virtual");
    if (c->type == SQLX_CON_IDENTITY)
        put(d, c->always ? " always" : " by-default");
    if (c->desc)
        put(d, " desc");
    if (c->autoincrement)
        put(d, " autoincrement");
    if (c->nulls_not_distinct)
        put(d, " nulls-not-distinct");
    if (c->on_conflict != SQLX_OR_NONE) {
        put(d, " (on-conflict ");
        put(d, or_name(c->on_conflict));
        put(d, ")");
    }
    close_node(d);
}

static void d_column(struct sqlx_dumper *d, const struct sqlx_column_def *col)
{
    sp(d);
    if (!col) {
        put(d, "?");
        return;
    }
    open_node(d, "column", col->pos);
    sp(d);
    sqlx_sql__dump_name(d, col->name);
    if (col->type)
        sqlx_sql__dump_type(d, col->type);
    for (size_t i = 0; i < col->constraints.len; i++)
        d_constraint(d, col->constraints.items[i]);
    close_node(d);
}

static void d_index_body(struct sqlx_dumper *d, const struct sqlx_create_index *ix)
{
    if (ix->name) {
        sp(d);
        sqlx_sql__dump_qualified(d, ix->schema, NULL, ix->name);
    }
    if (ix->unique)
        put(d, " unique");
    if (ix->concurrently)
        put(d, " concurrently");
    if (ix->if_not_exists)
        put(d, " if-not-exists");
    if (ix->table.name) {
        sp(d);
        d_tref(d, &ix->table);
    }
    if (ix->method) {
        put(d, " (using ");
        sqlx_sql__dump_name(d, ix->method);
        put(d, ")");
    }
    put(d, " (elems");
    d_elems(d, &ix->elems);
    put(d, ")");
    if (ix->include.len > 0) {
        put(d, " (include");
        sqlx_sql__dump_names(d, &ix->include);
        put(d, ")");
    }
    sqlx_sql__dump_opt_child(d, "where", ix->where);
}

static void d_create_table(struct sqlx_dumper *d, const struct sqlx_create_table *ct)
{
    sp(d);
    d_tref(d, &ct->table);
    if (ct->temporary)
        put(d, " temporary");
    if (ct->unlogged)
        put(d, " unlogged");
    if (ct->if_not_exists)
        put(d, " if-not-exists");
    for (size_t i = 0; i < ct->columns.len; i++)
        d_column(d, ct->columns.items[i]);
    for (size_t i = 0; i < ct->constraints.len; i++)
        d_constraint(d, ct->constraints.items[i]);
    for (size_t i = 0; i < ct->indexes.len; i++) {
        put(d, " (index");
        d_index_body(d, ct->indexes.items[i]);
        put(d, ")");
    }
    if (ct->as_query) {
        put(d, " (as ");
        sqlx_sql__dump_query(d, ct->as_query);
        put(d, ")");
    }
    for (size_t i = 0; i < ct->options.len; i++) {
        const struct sqlx_table_option *o = ct->options.items[i];
        put(d, " (option ");
        sqlx_sql__dump_quoted(d, o->name ? o->name : "", o->name ? strlen(o->name) : 0);
        if (o->value) {
            sp(d);
            sqlx_sql__dump_quoted(d, o->value, strlen(o->value));
        }
        put(d, ")");
    }
}

static void d_alter(struct sqlx_dumper *d, const struct sqlx_alter_table *at)
{
    static const char kinds[][24] = {
        [SQLX_ALTER_ADD_COLUMN] = "add-column",       [SQLX_ALTER_DROP_COLUMN] = "drop-column",
        [SQLX_ALTER_RENAME_COLUMN] = "rename-column", [SQLX_ALTER_RENAME_TABLE] = "rename-table",
        [SQLX_ALTER_COLUMN_TYPE] = "set-type",        [SQLX_ALTER_SET_DEFAULT] = "set-default",
        [SQLX_ALTER_DROP_DEFAULT] = "drop-default",   [SQLX_ALTER_SET_NOT_NULL] = "set-not-null",
        [SQLX_ALTER_DROP_NOT_NULL] = "drop-not-null",
        [SQLX_ALTER_ADD_CONSTRAINT] = "add-constraint",
        [SQLX_ALTER_DROP_CONSTRAINT] = "drop-constraint",
        [SQLX_ALTER_MODIFY_COLUMN] = "modify-column",
    };
    sp(d);
    d_tref(d, &at->table);
    if (at->if_exists)
        put(d, " if-exists");
    if (at->only)
        put(d, " only");
    for (size_t i = 0; i < at->cmds.len; i++) {
        const struct sqlx_alter_cmd *c = at->cmds.items[i];
        sp(d);
        if (!c) {
            put(d, "?");
            continue;
        }
        open_node(d, (unsigned)c->kind <= SQLX_ALTER_MODIFY_COLUMN ? kinds[c->kind] : "?",
                  c->pos);
        if (c->name) {
            sp(d);
            sqlx_sql__dump_name(d, c->name);
        }
        if (c->new_name) {
            put(d, " (to ");
            sqlx_sql__dump_name(d, c->new_name);
            put(d, ")");
        }
        if (c->if_exists)
            put(d, " if-exists");
        if (c->if_not_exists)
            put(d, " if-not-exists");
        if (c->column)
            d_column(d, c->column);
        if (c->constraint)
            d_constraint(d, c->constraint);
        if (c->type)
            sqlx_sql__dump_type(d, c->type);
        if (c->expr)
            sqlx_sql__dump_child(d, c->expr);
        if (c->cascade)
            put(d, " cascade");
        if (c->first)
            put(d, " first");
        if (c->after) {
            put(d, " (after ");
            sqlx_sql__dump_name(d, c->after);
            put(d, ")");
        }
        close_node(d);
    }
}

static void d_drop(struct sqlx_dumper *d, const struct sqlx_drop *dr)
{
    static const char objs[][24] = { "table", "view", "materialized-view", "index", "type" };
    sp(d);
    put(d, (unsigned)dr->object <= SQLX_OBJ_TYPE ? objs[dr->object] : "?");
    if (dr->temporary)
        put(d, " temporary");
    if (dr->concurrently)
        put(d, " concurrently");
    if (dr->if_exists)
        put(d, " if-exists");
    for (size_t i = 0; i < dr->names.len; i++) {
        const struct sqlx_table_ref *t = dr->names.items[i];
        sp(d);
        if (t)
            sqlx_sql__dump_qualified(d, t->schema, NULL, t->name);
        else
            put(d, "?");
    }
    if (dr->on_table) {
        put(d, " (on ");
        d_tref(d, dr->on_table);
        put(d, ")");
    }
    if (dr->cascade)
        put(d, " cascade");
    if (dr->restrict_written && (d->flags & SQLX_AST_DUMP_SYNTAX))
        put(d, " :restrict");
}

static void d_stmt(struct sqlx_dumper *d, const struct sqlx_ast *st)
{
    static const char txn_ops[][24] = { "begin", "commit", "rollback", "savepoint", "release",
                                           "rollback-to" };
    if (!st) {
        put(d, "?");
        return;
    }
    switch (st->kind) {
    case SQLX_ST_SELECT:
        sqlx_sql__dump_query(d, &st->select);
        return;
    case SQLX_ST_INSERT:
        open_node(d, "insert", st->pos);
        d_insert(d, &st->insert);
        break;
    case SQLX_ST_UPDATE:
        open_node(d, "update", st->pos);
        d_update(d, &st->update);
        break;
    case SQLX_ST_DELETE:
        open_node(d, "delete", st->pos);
        d_delete(d, &st->del);
        break;
    case SQLX_ST_TXN:
        open_node(d, (unsigned)st->txn.op <= SQLX_TXN_ROLLBACK_TO ? txn_ops[st->txn.op] : "?",
                  st->pos);
        d_txn(d, &st->txn);
        break;
    case SQLX_ST_CREATE_TABLE:
        open_node(d, "create-table", st->pos);
        d_create_table(d, &st->create_table);
        break;
    case SQLX_ST_ALTER_TABLE:
        open_node(d, "alter-table", st->pos);
        d_alter(d, &st->alter_table);
        break;
    case SQLX_ST_DROP:
        open_node(d, "drop", st->pos);
        d_drop(d, &st->drop);
        break;
    case SQLX_ST_CREATE_INDEX:
        open_node(d, "create-index", st->pos);
        d_index_body(d, &st->create_index);
        break;
    case SQLX_ST_CREATE_VIEW: {
        const struct sqlx_create_view *v = &st->create_view;
        open_node(d, v->materialized ? "create-materialized-view" : "create-view", st->pos);
        sp(d);
        sqlx_sql__dump_qualified(d, v->name.schema, NULL, v->name.name);
        if (v->or_replace)
            put(d, " or-replace");
        if (v->temporary)
            put(d, " temporary");
        if (v->if_not_exists)
            put(d, " if-not-exists");
        if (v->columns.len > 0) {
            put(d, " (columns");
            sqlx_sql__dump_names(d, &v->columns);
            put(d, ")");
        }
        sp(d);
        sqlx_sql__dump_query(d, v->query);
        if (v->check_option)
            put(d, v->check_option == 2 ? " check-option-local" : " check-option");
        break;
    }
    case SQLX_ST_CREATE_TYPE: {
        const struct sqlx_create_type *t = &st->create_type;
        open_node(d, "create-enum", st->pos);
        sp(d);
        sqlx_sql__dump_qualified(d, t->name.schema, NULL, t->name.name);
        for (size_t i = 0; i < t->labels.len; i++) {
            sp(d);
            sqlx_sql__dump_quoted(d, t->labels.items[i], strlen(t->labels.items[i]));
        }
        break;
    }
    default:
        put(d, "(?");
        break;
    }
    close_node(d);
}

void sqlx_ast_dump(const struct sqlx_ast *st, unsigned flags, struct sqlx_buf *out)
{
    struct sqlx_dumper d = { .out = out, .flags = flags };
    d_stmt(&d, st);
}

void sqlx_ast_dump_query(const struct sqlx_select *q, unsigned flags, struct sqlx_buf *out)
{
    struct sqlx_dumper d = { .out = out, .flags = flags };
    sqlx_sql__dump_query(&d, q);
}
