/* Visits every expression of a statement (sql/ast.h sqlx_ast_walk): the generic traversal used
 * by the parser's nesting check and by tree rewrites (translation rules). Knows the shape of
 * every node; owns no memory; never changes the tree except through the callbacks. Recursion is
 * bounded by max_depth. */
#include "sql/ast.h"

#include "core/err.h"

#define DEFAULT_MAX_DEPTH 1000

struct walk {
    struct sqlx_ast_walker *w;
    int depth;
};

static int w_expr(struct walk *k, struct sqlx_expr **slot);
static int w_query(struct walk *k, struct sqlx_select *q);
static int w_stmt(struct walk *k, struct sqlx_ast *st);

static int too_deep(struct walk *k, int pos)
{
    k->w->depth_pos = pos;
    return SQLX_ETOOBIG;
}

static int w_vec_exprs(struct walk *k, struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        int rc = w_expr(k, (struct sqlx_expr **)&v->items[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int w_order(struct walk *k, struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        struct sqlx_order_item *o = v->items[i];
        int rc = o ? w_expr(k, &o->expr) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

static int w_items(struct walk *k, struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        struct sqlx_select_item *it = v->items[i];
        int rc = it ? w_expr(k, &it->expr) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

static int w_window(struct walk *k, struct sqlx_window *win)
{
    int rc;
    if (!win)
        return 0;
    if ((rc = w_vec_exprs(k, &win->partition)) || (rc = w_order(k, &win->order)))
        return rc;
    if (win->frame) {
        if ((rc = w_expr(k, &win->frame->start.offset)) ||
            (rc = w_expr(k, &win->frame->end.offset)))
            return rc;
    }
    return 0;
}

static int w_type(struct walk *k, struct sqlx_type_name *t)
{
    return t ? w_vec_exprs(k, &t->args) : 0;
}

static int w_expr(struct walk *k, struct sqlx_expr **slot)
{
    struct sqlx_ast_walker *w = k->w;
    struct sqlx_expr *e = *slot;
    int rc = 0;
    if (!e)
        return 0;
    if (++k->depth > w->max_depth) {
        rc = too_deep(k, e->pos);
        goto out;
    }
    if (w->pre && (rc = w->pre(slot, w->ctx)))
        goto out;
    if (!(e = *slot))
        goto out;
    if ((rc = w_expr(k, &e->left)) || (rc = w_expr(k, &e->right)) ||
        (rc = w_expr(k, &e->extra)) || (rc = w_vec_exprs(k, &e->list)) ||
        (rc = w_expr(k, &e->filter)) || (rc = w_order(k, &e->order_by)) ||
        (rc = w_window(k, e->over)) || (rc = w_type(k, e->type)))
        goto out;
    if (e->subquery && (rc = w_query(k, e->subquery)))
        goto out;
    if (w->post)
        rc = w->post(slot, w->ctx);
out:
    k->depth--;
    return rc;
}

static int w_join(struct walk *k, struct sqlx_join *j);

static int w_tref(struct walk *k, struct sqlx_table_ref *t)
{
    int rc;
    if (!t)
        return 0;
    if (t->subquery && (rc = w_query(k, t->subquery)))
        return rc;
    if ((rc = w_expr(k, &t->func)))
        return rc;
    if (t->nested_from) {
        if (++k->depth > k->w->max_depth) {
            k->depth--;
            return too_deep(k, t->pos);
        }
        rc = w_tref(k, t->nested_from);
        for (size_t i = 0; !rc && i < t->nested_joins.len; i++)
            rc = w_join(k, t->nested_joins.items[i]);
        k->depth--;
        if (rc)
            return rc;
    }
    return 0;
}

static int w_join(struct walk *k, struct sqlx_join *j)
{
    int rc;
    if (!j)
        return 0;
    if ((rc = w_tref(k, &j->table)))
        return rc;
    return w_expr(k, &j->on);
}

static int w_joins(struct walk *k, struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        int rc = w_join(k, v->items[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int w_with(struct walk *k, struct sqlx_with *with)
{
    if (!with)
        return 0;
    for (size_t i = 0; i < with->ctes.len; i++) {
        struct sqlx_cte *c = with->ctes.items[i];
        int rc = 0;
        if (c && c->query)
            rc = w_query(k, c->query);
        if (!rc && c && c->dml)
            rc = w_stmt(k, c->dml);
        if (rc)
            return rc;
    }
    return 0;
}

static int w_rows(struct walk *k, struct sqlx_vec *rows)
{
    for (size_t i = 0; i < rows->len; i++) {
        struct sqlx_vec *row = rows->items[i];
        int rc = row ? w_vec_exprs(k, row) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

static int w_query_body(struct walk *k, struct sqlx_select *q)
{
    int rc;
    if ((rc = w_with(k, q->with)) || (rc = w_vec_exprs(k, &q->distinct_on)) ||
        (rc = w_items(k, &q->items)) || (rc = w_tref(k, &q->from)) ||
        (rc = w_joins(k, &q->joins)) || (rc = w_expr(k, &q->where)) ||
        (rc = w_vec_exprs(k, &q->group_by)) || (rc = w_expr(k, &q->having)))
        return rc;
    for (size_t i = 0; i < q->windows.len; i++)
        if ((rc = w_window(k, q->windows.items[i])))
            return rc;
    if ((rc = w_rows(k, &q->values)) || (rc = w_order(k, &q->order_by)) ||
        (rc = w_expr(k, &q->limit)) || (rc = w_expr(k, &q->offset)))
        return rc;
    if (q->larg && (rc = w_query(k, q->larg)))
        return rc;
    if (q->rarg && (rc = w_query(k, q->rarg)))
        return rc;
    return 0;
}

static int w_query(struct walk *k, struct sqlx_select *q)
{
    int rc;
    if (!q)
        return 0;
    if (++k->depth > k->w->max_depth) {
        rc = too_deep(k, q->pos);
        goto out;
    }
    if (k->w->query && (rc = k->w->query(q, k->w->ctx)))
        goto out;
    rc = w_query_body(k, q);
out:
    k->depth--;
    return rc;
}

static int w_assigns(struct walk *k, struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        struct sqlx_assign *as = v->items[i];
        int rc = as ? w_expr(k, &as->value) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

static int w_elems(struct walk *k, struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        struct sqlx_index_elem *el = v->items[i];
        int rc = el ? w_expr(k, &el->expr) : 0;
        if (rc)
            return rc;
    }
    return 0;
}

static int w_constraint(struct walk *k, struct sqlx_constraint *c)
{
    int rc;
    if (!c)
        return 0;
    if ((rc = w_expr(k, &c->expr)))
        return rc;
    return w_elems(k, &c->columns);
}

static int w_column(struct walk *k, struct sqlx_column_def *col)
{
    int rc;
    if (!col)
        return 0;
    if ((rc = w_type(k, col->type)))
        return rc;
    for (size_t i = 0; i < col->constraints.len; i++)
        if ((rc = w_constraint(k, col->constraints.items[i])))
            return rc;
    return 0;
}

static int w_insert(struct walk *k, struct sqlx_insert *ins)
{
    int rc;
    if ((rc = w_with(k, ins->with)) || (rc = w_rows(k, &ins->rows)) ||
        (rc = w_query(k, ins->query)))
        return rc;
    if (ins->upsert) {
        struct sqlx_upsert *u = ins->upsert;
        if ((rc = w_elems(k, &u->target)) || (rc = w_expr(k, &u->target_where)) ||
            (rc = w_assigns(k, &u->set)) || (rc = w_expr(k, &u->where)))
            return rc;
    }
    return w_items(k, &ins->returning);
}

static int w_update(struct walk *k, struct sqlx_update *u)
{
    int rc;
    if ((rc = w_with(k, u->with)) || (rc = w_tref(k, &u->table)) ||
        (rc = w_joins(k, &u->joins)) || (rc = w_assigns(k, &u->set)) ||
        (rc = w_tref(k, u->from)) || (rc = w_joins(k, &u->from_joins)) ||
        (rc = w_expr(k, &u->where)) || (rc = w_order(k, &u->order_by)) ||
        (rc = w_expr(k, &u->limit)))
        return rc;
    return w_items(k, &u->returning);
}

static int w_delete(struct walk *k, struct sqlx_delete *d)
{
    int rc;
    if ((rc = w_with(k, d->with)) || (rc = w_tref(k, &d->table)) ||
        (rc = w_joins(k, &d->joins)) || (rc = w_tref(k, d->using_first)) ||
        (rc = w_joins(k, &d->using_joins)) || (rc = w_expr(k, &d->where)) ||
        (rc = w_order(k, &d->order_by)) || (rc = w_expr(k, &d->limit)))
        return rc;
    return w_items(k, &d->returning);
}

static int w_create_table(struct walk *k, struct sqlx_create_table *ct)
{
    int rc;
    for (size_t i = 0; i < ct->columns.len; i++)
        if ((rc = w_column(k, ct->columns.items[i])))
            return rc;
    for (size_t i = 0; i < ct->constraints.len; i++)
        if ((rc = w_constraint(k, ct->constraints.items[i])))
            return rc;
    for (size_t i = 0; i < ct->indexes.len; i++) {
        struct sqlx_create_index *ix = ct->indexes.items[i];
        if (ix && (rc = w_elems(k, &ix->elems)))
            return rc;
    }
    return w_query(k, ct->as_query);
}

static int w_alter(struct walk *k, struct sqlx_alter_table *at)
{
    for (size_t i = 0; i < at->cmds.len; i++) {
        struct sqlx_alter_cmd *c = at->cmds.items[i];
        int rc;
        if (!c)
            continue;
        if ((rc = w_column(k, c->column)) || (rc = w_constraint(k, c->constraint)) ||
            (rc = w_type(k, c->type)) || (rc = w_expr(k, &c->expr)))
            return rc;
    }
    return 0;
}

static int w_stmt(struct walk *k, struct sqlx_ast *st)
{
    int rc = 0;
    if (!st)
        return 0;
    if (++k->depth > k->w->max_depth) {
        rc = too_deep(k, st->pos);
        goto out;
    }
    switch (st->kind) {
    case SQLX_ST_SELECT:
        rc = w_query(k, &st->select);
        break;
    case SQLX_ST_INSERT:
        rc = w_insert(k, &st->insert);
        break;
    case SQLX_ST_UPDATE:
        rc = w_update(k, &st->update);
        break;
    case SQLX_ST_DELETE:
        rc = w_delete(k, &st->del);
        break;
    case SQLX_ST_CREATE_TABLE:
        rc = w_create_table(k, &st->create_table);
        break;
    case SQLX_ST_ALTER_TABLE:
        rc = w_alter(k, &st->alter_table);
        break;
    case SQLX_ST_CREATE_INDEX:
        if (!(rc = w_elems(k, &st->create_index.elems)))
            rc = w_expr(k, &st->create_index.where);
        break;
    case SQLX_ST_CREATE_VIEW:
        rc = w_query(k, st->create_view.query);
        break;
    case SQLX_ST_TXN:
    case SQLX_ST_DROP:
    case SQLX_ST_CREATE_TYPE:
        break;
    }
out:
    k->depth--;
    return rc;
}

static void prepare(struct sqlx_ast_walker *w)
{
    if (w->max_depth <= 0)
        w->max_depth = DEFAULT_MAX_DEPTH;
    w->depth_pos = 0;
}

int sqlx_ast_walk(struct sqlx_ast *st, struct sqlx_ast_walker *w)
{
    struct walk k = { .w = w };
    prepare(w);
    return w_stmt(&k, st);
}

int sqlx_ast_walk_expr(struct sqlx_expr **slot, struct sqlx_ast_walker *w)
{
    struct walk k = { .w = w };
    prepare(w);
    return w_expr(&k, slot);
}

int sqlx_ast_walk_query(struct sqlx_select *q, struct sqlx_ast_walker *w)
{
    struct walk k = { .w = w };
    prepare(w);
    return w_query(&k, q);
}
