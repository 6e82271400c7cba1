/* The translator's driver (sql/translate.h) and its query- and statement-level rules: NULL
 * ordering, LIMIT values, VALUES lists and derived-table column names where the target lacks
 * them, aggregate FILTER, upserts, INSERT OR / IGNORE / REPLACE, RETURNING, UPDATE ... FROM and
 * DELETE ... USING against MySQL's joined forms, and MySQL's left-to-right SET assignment.
 * Expression rules live in translate_expr.c and translate_funcs.c, DDL in translate_ddl.c. */
#include "sql/translate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sql/parser.h"
#include "sql/translate_int.h"

/* ---- helpers shared by the translator's files ---- */

const char *sqlx_sql__tr_target(const struct sqlx_tr *t)
{
    switch (t->to) {
    case SQLX_SQL_POSTGRES:
        return "PostgreSQL";
    case SQLX_SQL_MYSQL:
        return t->mariadb ? "MariaDB" : "MySQL";
    case SQLX_SQL_SQLITE:
        return "SQLite";
    }
    return "the target dialect";
}

int sqlx_sql__tr_fail(struct sqlx_tr *t, int pos, const char *what)
{
    int rc = sqlx_err_set(t->err, SQLX_EUNSUPPORTED, "%s has no equivalent in %s", what,
                          sqlx_sql__tr_target(t));
    if (t->err)
        t->err->position = pos;
    return rc;
}

struct sqlx_expr *sqlx_sql__tr_func(struct sqlx_tr *t, const char *name, int pos, int nargs, ...)
{
    struct sqlx_expr *f = sqlx_ast_expr_new(t->a, SQLX_EX_FUNC);
    f->name = name;
    f->pos = pos;
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        sqlx_vec_push_arena(&f->list, t->a, va_arg(ap, struct sqlx_expr *));
    va_end(ap);
    return f;
}

struct sqlx_expr *sqlx_sql__tr_bin(struct sqlx_tr *t, enum sqlx_op op, struct sqlx_expr *l,
                                   struct sqlx_expr *r)
{
    struct sqlx_expr *e = sqlx_ast_binary(t->a, op, l, r);
    e->pos = l ? l->pos : 0;
    return e;
}

struct sqlx_expr *sqlx_sql__tr_int(struct sqlx_tr *t, long long v)
{
    struct sqlx_value val = sqlx_value_int(v);
    if (v < 0) {
        struct sqlx_value pos = sqlx_value_int(-v);
        return sqlx_ast_unary(t->a, SQLX_OP_NEG, sqlx_ast_lit(t->a, SQLX_LIT_INTEGER, &pos));
    }
    return sqlx_ast_lit(t->a, SQLX_LIT_INTEGER, &val);
}

struct sqlx_expr *sqlx_sql__tr_str(struct sqlx_tr *t, const char *s)
{
    struct sqlx_value v = sqlx_value_text(s, strlen(s));
    return sqlx_ast_lit(t->a, SQLX_LIT_STRING, &v);
}

struct sqlx_expr *sqlx_sql__tr_cast(struct sqlx_tr *t, struct sqlx_expr *e, const char *type,
                                    enum sqlx_type_kind kind)
{
    struct sqlx_expr *c = sqlx_ast_cast(t->a, e, sqlx_sql__tr_type(t, type, kind));
    c->pos = e ? e->pos : 0;
    return c;
}

struct sqlx_expr *sqlx_sql__tr_case_when(struct sqlx_tr *t, struct sqlx_expr *cond,
                                         struct sqlx_expr *then, struct sqlx_expr *els)
{
    struct sqlx_expr *c = sqlx_ast_case(t->a, NULL);
    sqlx_ast_case_when(t->a, c, cond, then);
    c->right = els;
    c->pos = cond ? cond->pos : 0;
    return c;
}

struct sqlx_expr *sqlx_sql__tr_is_null(struct sqlx_tr *t, struct sqlx_expr *e, bool negated)
{
    struct sqlx_expr *n = sqlx_ast_is_null(t->a, e, negated);
    n->pos = e ? e->pos : 0;
    return n;
}

struct sqlx_expr *sqlx_sql__tr_copy(struct sqlx_tr *t, const struct sqlx_expr *e)
{
    struct sqlx_expr *c = sqlx_arena_alloc(t->a, sizeof(*c));
    *c = *e;
    return c;
}

bool sqlx_sql__tr_is_func(const struct sqlx_expr *e, const char *name)
{
    return e && e->kind == SQLX_EX_FUNC && e->name && strcmp(e->name, name) == 0;
}

bool sqlx_sql__tr_is_str(const struct sqlx_expr *e)
{
    return e && e->kind == SQLX_EX_LITERAL && e->value.type == SQLX_V_TEXT &&
           (e->lit == SQLX_LIT_STRING || e->lit == SQLX_LIT_VALUE);
}

bool sqlx_sql__tr_is_int_lit(const struct sqlx_expr *e, long long *v)
{
    if (!e)
        return false;
    if (e->kind == SQLX_EX_UNARY && e->op == SQLX_OP_NEG && sqlx_sql__tr_is_int_lit(e->left, v)) {
        *v = -*v;
        return true;
    }
    if (e->kind == SQLX_EX_LITERAL && e->value.type == SQLX_V_INT) {
        *v = e->value.i;
        return true;
    }
    return false;
}

bool sqlx_sql__tr_not_null(const struct sqlx_expr *e)
{
    if (!e)
        return false;
    switch (e->kind) {
    case SQLX_EX_LITERAL:
        return e->value.type != SQLX_V_NULL;
    case SQLX_EX_FUNC:
        return sqlx_sql__tr_is_func(e, "count") || sqlx_sql__tr_is_func(e, "row_number") ||
               sqlx_sql__tr_is_func(e, "rank") || sqlx_sql__tr_is_func(e, "dense_rank") ||
               sqlx_sql__tr_is_func(e, "ntile") || sqlx_sql__tr_is_func(e, "percent_rank") ||
               sqlx_sql__tr_is_func(e, "cume_dist");
    case SQLX_EX_IS_NULL:
    case SQLX_EX_IS_TRUTH:
        return true;
    case SQLX_EX_BINARY:
        if (e->op == SQLX_OP_IS_DISTINCT)
            return true;
        if (e->op == SQLX_OP_DIV || e->op == SQLX_OP_MOD || e->op == SQLX_OP_INTDIV)
            return false;
        return sqlx_sql__tr_not_null(e->left) && sqlx_sql__tr_not_null(e->right);
    case SQLX_EX_UNARY:
        return sqlx_sql__tr_not_null(e->left);
    default:
        return false;
    }
}

/* ---- ORDER BY and NULL placement ---- */

/* The select item an ORDER BY position (ORDER BY 2) or output alias names, or NULL. */
static struct sqlx_select_item *order_target(struct sqlx_select *q, struct sqlx_expr *e)
{
    long long n;
    while (q && q->setop != SQLX_SETOP_NONE)
        q = q->larg;
    if (!q)
        return NULL;
    if (sqlx_sql__tr_is_int_lit(e, &n))
        return n >= 1 && (size_t)n <= q->items.len ? q->items.items[n - 1] : NULL;
    if (e->kind == SQLX_EX_COLUMN && !e->table) {
        for (size_t i = 0; i < q->items.len; i++) {
            struct sqlx_select_item *it = q->items.items[i];
            if (it->alias && strcmp(it->alias, e->name) == 0)
                return it;
        }
    }
    return NULL;
}

/* A RANGE frame with offsets needs a single ORDER BY key, so no NULL-placement key may be
 * added (its NULLs then sort as the target sorts them). */
static bool range_offsets(const struct sqlx_window *w)
{
    const struct sqlx_frame *f = w->frame;
    return f && f->unit == SQLX_FRAME_RANGE &&
           (f->start.kind == SQLX_BOUND_PRECEDING || f->start.kind == SQLX_BOUND_FOLLOWING ||
            (f->has_end && (f->end.kind == SQLX_BOUND_PRECEDING ||
                            f->end.kind == SQLX_BOUND_FOLLOWING)));
}

/* Makes the source's NULL placement explicit for the target. Where the target has NULLS FIRST /
 * LAST it is written out; MySQL gets a leading `x IS NULL [DESC]` key. Only items whose NULL
 * placement differs between source and target change. */
static int fix_nulls(struct sqlx_tr *t, struct sqlx_vec *order, struct sqlx_select *q)
{
    if (order->len == 0)
        return 0;
    for (size_t i = 0; i < t->nulls_done.len; i++)
        if (t->nulls_done.items[i] == order)
            return 0;
    sqlx_vec_push_arena(&t->nulls_done, t->a, order);
    struct sqlx_vec out = { 0 };
    bool changed = false;
    for (size_t i = 0; i < order->len; i++) {
        struct sqlx_order_item *o = order->items[i];
        /* Where do NULLs go in the source? first == true: before the values. */
        bool first = o->nulls ? o->nulls == 1 : (t->ff->nulls_low != o->desc);
        bool target_first = t->tf->nulls_low != o->desc;
        struct sqlx_expr *key = o->expr;
        struct sqlx_select_item *it = q ? order_target(q, o->expr) : NULL;
        if (it)
            key = it->expr;
        if (first == target_first || sqlx_sql__tr_not_null(key)) {
            if (o->nulls && !t->tf->nulls_syntax)
                o->nulls = 0;
            sqlx_vec_push_arena(&out, t->a, o);
            continue;
        }
        changed = true;
        if (t->tf->nulls_syntax) {
            o->nulls = first ? 1 : 2;
            sqlx_vec_push_arena(&out, t->a, o);
            continue;
        }
        /* MySQL: ORDER BY x IS NULL [DESC], x. A position or output alias is referred to by
         * the alias when there is one (MySQL resolves it), else by the expression. */
        struct sqlx_expr *ref = o->expr;
        long long n;
        if (it && sqlx_sql__tr_is_int_lit(o->expr, &n)) {
            if (it->alias) {
                ref = sqlx_ast_column(t->a, NULL, it->alias);
            } else if (it->expr->kind == SQLX_EX_COLUMN) {
                ref = it->expr;
            } else if (q && q->setop == SQLX_SETOP_NONE) {
                ref = it->expr;
            } else {
                return sqlx_sql__tr_fail(t, o->pos, "NULL ordering of a set operation by position");
            }
        }
        struct sqlx_order_item *k = sqlx_arena_zalloc(t->a, sizeof(*k));
        k->expr = sqlx_sql__tr_is_null(t, ref, false);
        k->desc = first;
        k->pos = o->pos;
        o->nulls = 0;
        sqlx_vec_push_arena(&out, t->a, k);
        sqlx_vec_push_arena(&out, t->a, o);
    }
    if (changed)
        *order = out;
    return 0;
}

/* ---- query rules ---- */

/* LIMIT in MySQL takes only a number: fold constant integer arithmetic. */
static bool fold_int(const struct sqlx_expr *e, long long *v)
{
    long long a, b;
    if (sqlx_sql__tr_is_int_lit(e, v))
        return true;
    if (e->kind != SQLX_EX_BINARY || !fold_int(e->left, &a) || !fold_int(e->right, &b))
        return false;
    switch (e->op) {
    case SQLX_OP_ADD:
        *v = a + b;
        return true;
    case SQLX_OP_SUB:
        *v = a - b;
        return true;
    case SQLX_OP_MUL:
        *v = a * b;
        return true;
    default:
        return false;
    }
}

static int fix_limit(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    long long v;
    struct sqlx_expr *e = *slot;
    if (!e || t->tf->limit_expr || e->kind == SQLX_EX_PLACEHOLDER)
        return 0;
    if (!fold_int(e, &v))
        return sqlx_sql__tr_fail(t, e->pos, "a LIMIT / OFFSET expression");
    if (v < 0) {
        if (t->from == SQLX_SQL_SQLITE) {
            /* SQLite: a negative LIMIT means no limit, a negative OFFSET zero. */
            *slot = NULL;
            return 0;
        }
        return sqlx_sql__tr_fail(t, e->pos, "a negative LIMIT");
    }
    *slot = sqlx_sql__tr_int(t, v);
    return 0;
}

/* The first plain SELECT of a query (the one that names a set operation's columns). */
static struct sqlx_select *leftmost(struct sqlx_select *q)
{
    while (q && q->setop != SQLX_SETOP_NONE)
        q = q->larg;
    return q;
}

/* VALUES (...), (...) -> SELECT a AS c1, ... UNION ALL SELECT ..., for targets whose VALUES
 * lists cannot name their columns (or that lack standalone VALUES). names may be NULL:
 * column1, column2 ... (SQLite's names). */
static struct sqlx_select *values_as_select(struct sqlx_tr *t, struct sqlx_select *v,
                                            const struct sqlx_vec *names)
{
    struct sqlx_select *acc = NULL;
    for (size_t r = 0; r < v->values.len; r++) {
        struct sqlx_vec *row = v->values.items[r];
        struct sqlx_select *s = sqlx_ast_query_new(t->a);
        s->pos = v->pos;
        for (size_t i = 0; i < row->len; i++) {
            const char *alias = NULL;
            if (r == 0)
                alias = names && i < names->len ? names->items[i]
                                                : sqlx_arena_printf(t->a, "column%zu", i + 1);
            sqlx_ast_select_add(t->a, s, row->items[i], alias);
        }
        if (!acc) {
            acc = s;
            continue;
        }
        struct sqlx_select *u = sqlx_ast_query_new(t->a);
        u->setop = SQLX_SETOP_UNION;
        u->setop_all = true;
        u->larg = acc;
        u->rarg = s;
        u->pos = v->pos;
        acc = u;
    }
    return acc;
}

/* (subquery) AS t (a, b): where the target cannot name a derived table's columns, the names go
 * into the subquery's own select list. */
static int fix_derived(struct sqlx_tr *t, struct sqlx_table_ref *ref)
{
    if (ref->kind != SQLX_TREF_SUBQUERY || !ref->subquery)
        return 0;
    struct sqlx_select *q = ref->subquery;
    bool values = q->values.len > 0 && q->setop == SQLX_SETOP_NONE;
    if (values && t->to != SQLX_SQL_POSTGRES) {
        struct sqlx_select *s = values_as_select(t, q, &ref->col_aliases);
        s->order_by = q->order_by;
        s->limit = q->limit;
        s->offset = q->offset;
        ref->subquery = s;
        ref->col_aliases.len = 0;
        return 0;
    }
    if (ref->col_aliases.len == 0 || t->tf->derived_col_aliases)
        return 0;
    struct sqlx_select *first = leftmost(q);
    if (!first || first->values.len > 0 || first->items.len != ref->col_aliases.len)
        return sqlx_sql__tr_fail(t, ref->pos, "a column alias list on this derived table");
    for (size_t i = 0; i < first->items.len; i++) {
        struct sqlx_select_item *it = first->items.items[i];
        if (it->expr->kind == SQLX_EX_STAR)
            return sqlx_sql__tr_fail(t, ref->pos, "a column alias list over SELECT *");
        it->alias = ref->col_aliases.items[i];
    }
    ref->col_aliases.len = 0;
    return 0;
}

static int fix_from(struct sqlx_tr *t, struct sqlx_table_ref *ref);

static int fix_joins(struct sqlx_tr *t, struct sqlx_vec *joins)
{
    for (size_t i = 0; i < joins->len; i++) {
        struct sqlx_join *j = joins->items[i];
        int rc = fix_from(t, &j->table);
        if (rc)
            return rc;
        if (j->kind == SQLX_JOIN_FULL && !t->tf->full_join)
            return sqlx_sql__tr_fail(t, j->pos, "FULL JOIN");
    }
    return 0;
}

static int fix_from(struct sqlx_tr *t, struct sqlx_table_ref *ref)
{
    int rc = fix_derived(t, ref);
    if (rc)
        return rc;
    if (ref->kind == SQLX_TREF_JOIN && ref->nested_from) {
        if ((rc = fix_from(t, ref->nested_from)))
            return rc;
        return fix_joins(t, &ref->nested_joins);
    }
    if (ref->kind == SQLX_TREF_TABLE && ref->col_aliases.len > 0 && !t->tf->derived_col_aliases)
        return sqlx_sql__tr_fail(t, ref->pos, "a column alias list on a table");
    return 0;
}

/* agg(x) FILTER (WHERE c) -> agg(CASE WHEN c THEN x END); count(*) counts CASE WHEN c THEN 1. */
static int fix_filter(struct sqlx_tr *t, struct sqlx_expr *f)
{
    if (!f->filter || t->tf->filter_clause)
        return 0;
    if (f->list.len != 1)
        return sqlx_sql__tr_fail(t, f->pos, "FILTER on an aggregate with several arguments");
    struct sqlx_expr *x = f->list.items[0];
    if (x->kind == SQLX_EX_STAR)
        x = sqlx_sql__tr_int(t, 1);
    f->list.items[0] = sqlx_sql__tr_case_when(t, f->filter, x, NULL);
    f->filter = NULL;
    return 0;
}

/* The output name of a select item: its alias, or a plain column's name. */
static const char *item_name(const struct sqlx_select_item *it)
{
    if (it->alias)
        return it->alias;
    if (it->expr && it->expr->kind == SQLX_EX_COLUMN)
        return it->expr->name;
    return NULL;
}

/* An ORDER BY key of q rewritten to refer to q's output columns (for an outer query that wraps
 * q): positions stay, a key equal to an item (or naming its alias) becomes that item's output
 * name. NULL when the key is not an output column. */
static struct sqlx_expr *output_ref(struct sqlx_tr *t, struct sqlx_select *q, struct sqlx_expr *k)
{
    long long n;
    if (sqlx_sql__tr_is_int_lit(k, &n))
        return k;
    for (size_t i = 0; i < q->items.len; i++) {
        struct sqlx_select_item *it = q->items.items[i];
        const char *name = item_name(it);
        if (!name)
            continue;
        if (sqlx_ast_expr_equal(it->expr, k, 0) ||
            (k->kind == SQLX_EX_COLUMN && !k->table && strcmp(k->name, name) == 0))
            return sqlx_ast_column(t->a, NULL, name);
    }
    return NULL;
}

/* Moves q into a derived table: q becomes SELECT <names> FROM (q') AS alias ORDER BY ... LIMIT,
 * with its ORDER BY keys mapped onto the output columns. */
static int wrap_query(struct sqlx_tr *t, struct sqlx_select *q, const char *alias, const char *what)
{
    struct sqlx_select *inner = sqlx_arena_alloc(t->a, sizeof(*inner));
    *inner = *q;
    struct sqlx_select outer = { 0 };
    outer.pos = q->pos;
    outer.with = q->with;
    inner->with = NULL;
    for (size_t i = 0; i < q->order_by.len; i++) {
        struct sqlx_order_item *o = q->order_by.items[i];
        struct sqlx_expr *ref = output_ref(t, q, o->expr);
        if (!ref)
            return sqlx_sql__tr_fail(t, o->pos, what);
        struct sqlx_order_item *no = sqlx_arena_alloc(t->a, sizeof(*no));
        *no = *o;
        no->expr = ref;
        sqlx_vec_push_arena(&outer.order_by, t->a, no);
    }
    for (size_t i = 0; i < q->items.len; i++) {
        struct sqlx_select_item *it = q->items.items[i];
        const char *name = item_name(it);
        if (!name) {
            name = sqlx_arena_printf(t->a, "sqlx_c%zu", i + 1);
            it->alias = name;
        }
        sqlx_ast_select_add(t->a, &outer, sqlx_ast_column(t->a, NULL, name), NULL);
    }
    outer.limit = q->limit;
    outer.offset = q->offset;
    outer.limit_all = q->limit_all;
    inner->order_by.len = 0;
    inner->limit = inner->offset = NULL;
    inner->limit_all = false;
    outer.from.kind = SQLX_TREF_SUBQUERY;
    outer.from.subquery = inner;
    outer.from.alias = alias;
    *q = outer;
    return 0;
}

/* MariaDB refuses ORDER BY together with GROUP BY ... WITH ROLLUP: order outside. */
static int fix_rollup_order(struct sqlx_tr *t, struct sqlx_select *q)
{
    if (t->to != SQLX_SQL_MYSQL || q->group_by.len == 0 || q->order_by.len == 0)
        return 0;
    const struct sqlx_expr *g = q->group_by.items[0];
    if (g->kind != SQLX_EX_GROUPING)
        return 0;
    return wrap_query(t, q, "sqlx_rollup", "ORDER BY over a ROLLUP by something not selected");
}

/* PostgreSQL: SELECT DISTINCT ON (k) ... ORDER BY o. Elsewhere: number the rows of each k in
 * the order o and keep the first. */
static int fix_distinct_on(struct sqlx_tr *t, struct sqlx_select *q)
{
    if (q->distinct_on.len == 0 || t->to == SQLX_SQL_POSTGRES)
        return 0;
    struct sqlx_expr *rn = sqlx_sql__tr_func(t, "row_number", q->pos, 0);
    struct sqlx_window *w = sqlx_arena_zalloc(t->a, sizeof(*w));
    w->partition = q->distinct_on;
    w->order = q->order_by;
    rn->over = w;
    for (size_t i = 0; i < q->items.len; i++) {
        const struct sqlx_select_item *it = q->items.items[i];
        if (it->expr->kind == SQLX_EX_STAR)
            return sqlx_sql__tr_fail(t, q->pos, "DISTINCT ON with SELECT *");
    }
    q->distinct_on.len = 0;
    int rc = wrap_query(t, q, "sqlx_distinct_on", "DISTINCT ON ordered by something not selected");
    if (rc)
        return rc;
    struct sqlx_select *inner = q->from.subquery;
    inner->distinct = false;
    sqlx_ast_select_add(t->a, inner, rn, "sqlx_rn");
    q->where = sqlx_sql__tr_bin(t, SQLX_OP_EQ, sqlx_ast_column(t->a, NULL, "sqlx_rn"),
                                sqlx_sql__tr_int(t, 1));
    return 0;
}

/* MySQL, SQLite: HAVING may name a select alias; PostgreSQL needs the expression. */
struct alias_ctx {
    struct sqlx_select *q;
};

static int having_alias_pre(struct sqlx_expr **slot, void *ctx)
{
    struct alias_ctx *c = ctx;
    struct sqlx_expr *e = *slot;
    if (e->kind != SQLX_EX_COLUMN || e->table)
        return 0;
    for (size_t i = 0; i < c->q->items.len; i++) {
        struct sqlx_select_item *it = c->q->items.items[i];
        if (it->alias && strcmp(it->alias, e->name) == 0 &&
            !(it->expr->kind == SQLX_EX_COLUMN && strcmp(it->expr->name, e->name) == 0)) {
            *slot = it->expr;
            return 0;
        }
    }
    return 0;
}

static int fix_having_alias(struct sqlx_tr *t, struct sqlx_select *q)
{
    if (!q->having || t->to != SQLX_SQL_POSTGRES || t->from == SQLX_SQL_POSTGRES)
        return 0;
    struct alias_ctx c = { q };
    struct sqlx_ast_walker w = { .pre = having_alias_pre, .ctx = &c };
    return sqlx_ast_walk_expr(&q->having, &w);
}

/* Recursive CTEs take their column types from the anchor: a string that grows in the recursive
 * part needs a wide anchor (MySQL), a text or date anchor the recursive part's type
 * (PostgreSQL). */
static int fix_recursive(struct sqlx_tr *t, struct sqlx_with *w)
{
    if (!w || !w->recursive || t->to == SQLX_SQL_SQLITE)
        return 0;
    for (size_t i = 0; i < w->ctes.len; i++) {
        struct sqlx_cte *c = w->ctes.items[i];
        struct sqlx_select *q = c->query;
        if (!q || q->setop != SQLX_SETOP_UNION || !q->larg || !q->rarg)
            continue;
        struct sqlx_select *anchor = leftmost(q), *rec = leftmost(q->rarg);
        if (!anchor || !rec || anchor->items.len != rec->items.len)
            continue;
        for (size_t k = 0; k < anchor->items.len; k++) {
            struct sqlx_select_item *a = anchor->items.items[k];
            struct sqlx_select_item *r = rec->items.items[k];
            enum sqlx_sql__ty rt = sqlx_sql__tr_type_of(t, r->expr);
            if (a->expr->kind == SQLX_EX_CAST || a->expr->kind == SQLX_EX_STAR)
                continue;
            if (rt == SQLX_TY__TEXT && t->from != t->to) {
                struct sqlx_expr *x = a->expr;
                if (t->to == SQLX_SQL_MYSQL) {
                    struct sqlx_type_name *tn = sqlx_sql__tr_type(t, "char", SQLX_TY_STRING);
                    sqlx_vec_push_arena(&tn->args, t->a, sqlx_sql__tr_int(t, 4000));
                    a->expr = sqlx_ast_cast(t->a, x, tn);
                } else if (t->from != SQLX_SQL_POSTGRES) {
                    a->expr = sqlx_sql__tr_cast(t, x, "text", SQLX_TY_STRING);
                }
            } else if (t->to == SQLX_SQL_POSTGRES && sqlx_sql__tr_is_str(a->expr) &&
                       (rt == SQLX_TY__DATE || rt == SQLX_TY__TS)) {
                a->expr = sqlx_sql__tr_cast(t, a->expr, rt == SQLX_TY__DATE ? "date" : "timestamp",
                                            rt == SQLX_TY__DATE ? SQLX_TY_DATE : SQLX_TY_TIMESTAMP);
            }
        }
    }
    return 0;
}

struct qwalk {
    struct sqlx_tr *t;
};

static int query_rule(struct sqlx_select *q, void *ctx)
{
    struct sqlx_tr *t = ((struct qwalk *)ctx)->t;
    int rc;
    if ((rc = fix_distinct_on(t, q)) || (rc = fix_rollup_order(t, q)))
        return rc;
    if ((rc = fix_from(t, &q->from)) || (rc = fix_joins(t, &q->joins)))
        return rc;
    if ((rc = fix_having_alias(t, q)) || (rc = fix_recursive(t, q->with)))
        return rc;
    if ((rc = fix_nulls(t, &q->order_by, q)))
        return rc;
    for (size_t i = 0; i < q->windows.len; i++) {
        struct sqlx_window *w = q->windows.items[i];
        if (!range_offsets(w) && (rc = fix_nulls(t, &w->order, NULL)))
            return rc;
    }
    if ((rc = fix_limit(t, &q->limit)) || (rc = fix_limit(t, &q->offset)))
        return rc;
    if (q->with_ties && t->to != SQLX_SQL_POSTGRES)
        return sqlx_sql__tr_fail(t, q->pos, "FETCH FIRST ... WITH TIES");
    if (q->distinct_on.len > 0 && t->to != SQLX_SQL_POSTGRES)
        return sqlx_sql__tr_fail(t, q->pos, "DISTINCT ON");
    /* A standalone VALUES list (or one in a set operation, a CTE, IN) for MySQL, which spells it
     * differently in MariaDB and MySQL 8. */
    if (q->values.len > 0 && t->to == SQLX_SQL_MYSQL && !t->mariadb) {
        struct sqlx_select *s = values_as_select(t, q, NULL);
        s->with = q->with;
        s->order_by = q->order_by;
        s->limit = q->limit;
        s->offset = q->offset;
        *q = *s;
    }
    for (size_t i = 0; i < q->group_by.len; i++) {
        struct sqlx_expr *g = q->group_by.items[i];
        if (g->kind == SQLX_EX_GROUPING && t->to == SQLX_SQL_SQLITE)
            return sqlx_sql__tr_fail(t, g->pos, g->grouping == SQLX_GROUP_ROLLUP ? "GROUP BY ROLLUP"
                                                : g->grouping == SQLX_GROUP_CUBE ? "GROUP BY CUBE"
                                                                                 : "GROUPING SETS");
    }
    return 0;
}

/* Window ORDER BY lists inside OVER (...) and aggregate ORDER BY lists. */
static int expr_pre(struct sqlx_expr **slot, void *ctx)
{
    struct sqlx_tr *t = ((struct qwalk *)ctx)->t;
    struct sqlx_expr *e = *slot;
    int rc;
    if ((e->kind == SQLX_EX_IN || e->kind == SQLX_EX_QUANTIFIED) && e->subquery &&
        t->to == SQLX_SQL_MYSQL && (e->subquery->limit || e->subquery->offset)) {
        /* MariaDB: "LIMIT & IN/ALL/ANY/SOME subquery" is not supported; a derived table is. */
        struct sqlx_select *w = sqlx_ast_query_new(t->a);
        w->pos = e->subquery->pos;
        w->from.kind = SQLX_TREF_SUBQUERY;
        w->from.subquery = e->subquery;
        w->from.alias = "sqlx_in";
        e->subquery = w;
        return 0;
    }
    if (e->kind != SQLX_EX_FUNC)
        return 0;
    if (e->over && !e->over->ref_only && !range_offsets(e->over) &&
        (rc = fix_nulls(t, &e->over->order, NULL)))
        return rc;
    if (e->order_by.len > 0 && (rc = fix_nulls(t, &e->order_by, NULL)))
        return rc;
    return 0;
}

static int expr_post(struct sqlx_expr **slot, void *ctx)
{
    struct sqlx_tr *t = ((struct qwalk *)ctx)->t;
    int rc;
    if ((*slot)->kind == SQLX_EX_FUNC && (rc = fix_filter(t, *slot)))
        return rc;
    return sqlx_sql__tr_expr(t, slot);
}

/* Expression rules first (bottom-up), then query structure. The structure pass copies
 * expressions into new places (ORDER BY keys), so it must come second or a rule could run
 * twice on one node. */
static int walk(struct sqlx_tr *t, struct sqlx_ast *st)
{
    struct qwalk q = { t };
    struct sqlx_ast_walker w1 = { .post = expr_post, .ctx = &q };
    struct sqlx_ast_walker w2 = { .pre = expr_pre, .query = query_rule, .ctx = &q };
    int rc = sqlx_ast_walk(st, &w1);
    if (rc == SQLX_ETOOBIG)
        return sqlx_err_set(t->err, SQLX_ETOOBIG, "statement nesting is too deep");
    if (rc)
        return rc;
    rc = sqlx_ast_walk(st, &w2);
    if (rc == SQLX_ETOOBIG)
        return sqlx_err_set(t->err, SQLX_ETOOBIG, "statement nesting is too deep");
    return rc;
}

/* ---- DML rules ---- */

static bool names_table(const struct sqlx_table_ref *ref, const char *q)
{
    if (!q)
        return false;
    if (ref->alias)
        return strcmp(ref->alias, q) == 0;
    return ref->name && strcmp(ref->name, q) == 0;
}

/* EXCLUDED.col (PostgreSQL, SQLite) <-> VALUES(col) (MySQL) inside upsert assignments. */
static int excluded_pre(struct sqlx_expr **slot, void *ctx)
{
    struct sqlx_tr *t = ctx;
    struct sqlx_expr *e = *slot;
    if (t->to == SQLX_SQL_MYSQL && e->kind == SQLX_EX_COLUMN && e->table &&
        strcasecmp(e->table, "excluded") == 0) {
        *slot = sqlx_sql__tr_func(t, "values", e->pos, 1, sqlx_ast_column(t->a, NULL, e->name));
        return 0;
    }
    if (t->to != SQLX_SQL_MYSQL && (sqlx_sql__tr_is_func(e, "values") ||
                                    sqlx_sql__tr_is_func(e, "value")) &&
        e->list.len == 1) {
        struct sqlx_expr *c = e->list.items[0];
        if (c->kind != SQLX_EX_COLUMN)
            return sqlx_sql__tr_fail(t, e->pos, "VALUES() of an expression");
        *slot = sqlx_ast_column(t->a, "excluded", c->name);
        (*slot)->pos = e->pos;
    }
    return 0;
}

struct qualify_ctx {
    const char *table;
};

static int qualify_pre(struct sqlx_expr **slot, void *ctx)
{
    struct qualify_ctx *c = ctx;
    struct sqlx_expr *e = *slot;
    if (e->kind == SQLX_EX_COLUMN && !e->table)
        e->table = c->table;
    return 0;
}

static int fix_upsert(struct sqlx_tr *t, struct sqlx_insert *ins)
{
    struct sqlx_upsert *u = ins->upsert;
    int rc;
    for (size_t i = 0; i < u->set.len; i++) {
        struct sqlx_assign *as = u->set.items[i];
        struct sqlx_ast_walker w = { .pre = excluded_pre, .ctx = t };
        if ((rc = sqlx_ast_walk_expr(&as->value, &w)))
            return rc;
        if (t->to == SQLX_SQL_POSTGRES && t->from != SQLX_SQL_POSTGRES) {
            /* PostgreSQL finds a bare column of DO UPDATE ambiguous (target or EXCLUDED). */
            struct qualify_ctx qc = { ins->table.alias ? ins->table.alias : ins->table.name };
            struct sqlx_ast_walker wq = { .pre = qualify_pre, .ctx = &qc };
            if ((rc = sqlx_ast_walk_expr(&as->value, &wq)))
                return rc;
        }
        /* PostgreSQL names the target table in DO UPDATE; MySQL's ON DUPLICATE KEY may not. */
        if (as->table && names_table(&ins->table, as->table))
            as->table = NULL;
    }
    if (t->to == SQLX_SQL_MYSQL && u->form == SQLX_UPSERT_ON_CONFLICT) {
        if (u->where || u->target_where)
            return sqlx_sql__tr_fail(t, u->pos, "ON CONFLICT ... WHERE");
        if (u->do_nothing) {
            /* Only duplicate keys are ignored, as with DO NOTHING (INSERT IGNORE would also
             * swallow other errors): assign a column to itself. */
            const char *col = NULL;
            if (u->target.len > 0) {
                const struct sqlx_index_elem *el = u->target.items[0];
                if (el->expr->kind == SQLX_EX_COLUMN)
                    col = el->expr->name;
            }
            if (!col && ins->ncolumns > 0)
                col = ins->columns[0];
            if (!col)
                return sqlx_sql__tr_fail(t, u->pos, "ON CONFLICT DO NOTHING without columns");
            struct sqlx_assign *as = sqlx_arena_zalloc(t->a, sizeof(*as));
            as->column = col;
            as->value = sqlx_ast_column(t->a, NULL, col);
            sqlx_vec_push_arena(&u->set, t->a, as);
            u->do_nothing = false;
        }
        u->form = SQLX_UPSERT_ON_DUPLICATE_KEY;
        u->target.len = 0;
        return 0;
    }
    if (t->to != SQLX_SQL_MYSQL && u->form == SQLX_UPSERT_ON_DUPLICATE_KEY) {
        if (t->to == SQLX_SQL_POSTGRES)
            return sqlx_sql__tr_fail(t, u->pos,
                                     "ON DUPLICATE KEY UPDATE (PostgreSQL needs the conflict columns)");
        u->form = SQLX_UPSERT_ON_CONFLICT;
    }
    return 0;
}

static int fix_insert(struct sqlx_tr *t, struct sqlx_insert *ins)
{
    int rc;
    if (ins->upsert && (rc = fix_upsert(t, ins)))
        return rc;
    if (ins->row_alias)
        return sqlx_sql__tr_fail(t, ins->table.pos, "an INSERT row alias");
    switch (ins->or_action) {
    case SQLX_OR_NONE:
        break;
    case SQLX_OR_IGNORE:
        if (t->to == SQLX_SQL_POSTGRES) {
            if (ins->upsert)
                return sqlx_sql__tr_fail(t, ins->table.pos, "INSERT IGNORE with an upsert");
            ins->upsert = sqlx_arena_zalloc(t->a, sizeof(*ins->upsert));
            ins->upsert->do_nothing = true;
            ins->or_action = SQLX_OR_NONE;
        }
        break;
    case SQLX_OR_REPLACE:
        if (t->to == SQLX_SQL_POSTGRES)
            return sqlx_sql__tr_fail(t, ins->table.pos, "REPLACE / INSERT OR REPLACE");
        break;
    default:
        if (t->to != SQLX_SQL_SQLITE)
            return sqlx_sql__tr_fail(t, ins->table.pos, "INSERT OR ABORT / FAIL / ROLLBACK");
        break;
    }
    if (ins->table.alias && t->to == SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, ins->table.pos, "an INSERT target alias");
    if (ins->returning.len > 0 && t->to == SQLX_SQL_MYSQL && !t->mariadb)
        return sqlx_sql__tr_fail(t, ins->table.pos, "INSERT ... RETURNING");
    return 0;
}

/* Does e mention column `name` (unqualified, or qualified by the target table)? */
struct mention {
    const char *name;
    const struct sqlx_table_ref *table;
    bool found;
};

static int mention_pre(struct sqlx_expr **slot, void *ctx)
{
    struct mention *m = ctx;
    const struct sqlx_expr *e = *slot;
    if (e->kind == SQLX_EX_COLUMN && strcasecmp(e->name, m->name) == 0 &&
        (!e->table || names_table(m->table, e->table)))
        m->found = true;
    return 0;
}

static bool mentions(struct sqlx_expr *e, const char *name, const struct sqlx_table_ref *table)
{
    struct mention m = { name, table, false };
    struct sqlx_ast_walker w = { .pre = mention_pre, .ctx = &m };
    if (sqlx_ast_walk_expr(&e, &w))
        return true;
    return m.found;
}

/* MySQL evaluates SET assignments left to right, each seeing the columns already assigned;
 * PostgreSQL and SQLite evaluate every right side on the old row. Into MySQL: order the
 * assignments so that none reads a column assigned before it (fails on a cycle). From MySQL:
 * substitute earlier assignments into later right sides. */
static int fix_set_order(struct sqlx_tr *t, struct sqlx_update *u)
{
    size_t n = u->set.len;
    if (n < 2)
        return 0;
    if (t->from == SQLX_SQL_MYSQL && t->to != SQLX_SQL_MYSQL) {
        for (size_t i = 1; i < n; i++) {
            struct sqlx_assign *later = u->set.items[i];
            for (size_t j = 0; j < i; j++) {
                struct sqlx_assign *early = u->set.items[j];
                if (early->column && mentions(later->value, early->column, &u->table))
                    return sqlx_sql__tr_fail(t, later->pos,
                                             "an UPDATE that reads a column assigned earlier in its SET list");
            }
        }
        return 0;
    }
    if (t->to != SQLX_SQL_MYSQL || t->from == SQLX_SQL_MYSQL)
        return 0;
    struct sqlx_assign **done = sqlx_arena_zalloc(t->a, n * sizeof(*done));
    bool *used = sqlx_arena_zalloc(t->a, n * sizeof(*used));
    for (size_t k = 0; k < n; k++) {
        /* Pick an assignment whose column no other remaining right side reads (those must
         * run before it, while they still see the old value). */
        size_t pick = n;
        for (size_t i = 0; i < n && pick == n; i++) {
            if (used[i])
                continue;
            struct sqlx_assign *a = u->set.items[i];
            bool ok = true;
            for (size_t j = 0; j < n && ok; j++) {
                struct sqlx_assign *b = u->set.items[j];
                if (j != i && !used[j] && a->column && mentions(b->value, a->column, &u->table))
                    ok = false;
            }
            if (ok)
                pick = i;
        }
        if (pick == n)
            return sqlx_sql__tr_fail(t, ((struct sqlx_assign *)u->set.items[0])->pos,
                                     "an UPDATE whose SET assignments read each other's columns");
        used[pick] = true;
        done[k] = u->set.items[pick];
    }
    for (size_t k = 0; k < n; k++)
        u->set.items[k] = done[k];
    return 0;
}

static struct sqlx_join *comma_join(struct sqlx_tr *t, const struct sqlx_table_ref *ref)
{
    struct sqlx_join *j = sqlx_arena_zalloc(t->a, sizeof(*j));
    j->kind = SQLX_JOIN_COMMA;
    j->table = *ref;
    j->pos = ref->pos;
    return j;
}

/* Inner / comma joins of MySQL's multi-table UPDATE and DELETE as a FROM / USING list whose
 * join conditions move into WHERE. */
static int joins_to_list(struct sqlx_tr *t, struct sqlx_vec *joins, struct sqlx_table_ref **first,
                         struct sqlx_vec *rest, struct sqlx_expr **where)
{
    struct sqlx_expr *conds = NULL;
    for (size_t i = 0; i < joins->len; i++) {
        struct sqlx_join *j = joins->items[i];
        if (j->kind != SQLX_JOIN_INNER && j->kind != SQLX_JOIN_CROSS && j->kind != SQLX_JOIN_COMMA)
            return sqlx_sql__tr_fail(t, j->pos, "an outer join in UPDATE or DELETE");
        if (j->natural || j->using_cols.len > 0)
            return sqlx_sql__tr_fail(t, j->pos, "NATURAL / USING joins in UPDATE or DELETE");
        if (j->on)
            conds = sqlx_ast_and(t->a, conds, j->on);
        if (i == 0) {
            *first = sqlx_arena_alloc(t->a, sizeof(**first));
            **first = j->table;
        } else {
            sqlx_vec_push_arena(rest, t->a, comma_join(t, &j->table));
        }
    }
    if (conds)
        *where = *where ? sqlx_ast_and(t->a, conds, *where) : conds;
    joins->len = 0;
    return 0;
}

static int fix_update(struct sqlx_tr *t, struct sqlx_update *u)
{
    int rc;
    if ((rc = fix_set_order(t, u)))
        return rc;
    if ((u->order_by.len > 0 || u->limit) && t->to != SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, u->table.pos, "UPDATE ... ORDER BY / LIMIT");
    if (u->or_action != SQLX_OR_NONE && t->to != SQLX_SQL_SQLITE &&
        !(t->to == SQLX_SQL_MYSQL && u->or_action == SQLX_OR_IGNORE))
        return sqlx_sql__tr_fail(t, u->table.pos, "UPDATE OR ...");
    if (u->returning.len > 0 && t->to == SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, u->table.pos, "UPDATE ... RETURNING");
    if (t->to == SQLX_SQL_MYSQL) {
        /* UPDATE t SET ... FROM a, b WHERE -> UPDATE t, a, b SET t.c = ... WHERE */
        if (u->from) {
            sqlx_vec_push_arena(&u->joins, t->a, comma_join(t, u->from));
            for (size_t i = 0; i < u->from_joins.len; i++)
                sqlx_vec_push_arena(&u->joins, t->a, u->from_joins.items[i]);
            u->from = NULL;
            u->from_joins.len = 0;
        }
        if (u->joins.len > 0) {
            const char *q = u->table.alias ? u->table.alias : u->table.name;
            for (size_t i = 0; i < u->set.len; i++) {
                struct sqlx_assign *as = u->set.items[i];
                if (!as->table)
                    as->table = q;
            }
        }
        return 0;
    }
    /* From MySQL: UPDATE t JOIN u ON c SET t.x = ... -> UPDATE t SET x = ... FROM u WHERE c */
    if (u->joins.len > 0 &&
        (rc = joins_to_list(t, &u->joins, &u->from, &u->from_joins, &u->where)))
        return rc;
    for (size_t i = 0; i < u->set.len; i++) {
        struct sqlx_assign *as = u->set.items[i];
        if (as->table) {
            if (!names_table(&u->table, as->table))
                return sqlx_sql__tr_fail(t, as->pos, "an UPDATE that sets columns of several tables");
            as->table = NULL;
        }
    }
    return 0;
}

static int fix_delete(struct sqlx_tr *t, struct sqlx_delete *d)
{
    int rc;
    if ((d->order_by.len > 0 || d->limit) && t->to != SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, d->table.pos, "DELETE ... ORDER BY / LIMIT");
    if (d->returning.len > 0 && t->to == SQLX_SQL_MYSQL && !t->mariadb)
        return sqlx_sql__tr_fail(t, d->table.pos, "DELETE ... RETURNING");
    if (t->to == SQLX_SQL_MYSQL) {
        if (d->using_first) {
            sqlx_vec_push_arena(&d->joins, t->a, comma_join(t, d->using_first));
            for (size_t i = 0; i < d->using_joins.len; i++)
                sqlx_vec_push_arena(&d->joins, t->a, d->using_joins.items[i]);
            d->using_first = NULL;
            d->using_joins.len = 0;
        }
        if ((d->joins.len > 0 || d->table.alias) && d->targets.len == 0) {
            struct sqlx_table_ref *tg = sqlx_arena_zalloc(t->a, sizeof(*tg));
            tg->name = d->table.alias ? d->table.alias : d->table.name;
            sqlx_vec_push_arena(&d->targets, t->a, tg);
            if (d->returning.len > 0)
                return sqlx_sql__tr_fail(t, d->table.pos, "RETURNING in a multi-table DELETE");
        }
        return 0;
    }
    if (d->targets.len > 1)
        return sqlx_sql__tr_fail(t, d->table.pos, "a DELETE from several tables");
    if (d->targets.len == 1) {
        const struct sqlx_table_ref *tg = d->targets.items[0];
        if (!names_table(&d->table, tg->name)) {
            /* DELETE s FROM x JOIN s ...: make s the table deleted from. */
            struct sqlx_table_ref *found = NULL;
            for (size_t i = 0; i < d->joins.len; i++) {
                struct sqlx_join *j = d->joins.items[i];
                if (names_table(&j->table, tg->name))
                    found = &j->table;
            }
            if (!found || found->kind != SQLX_TREF_TABLE)
                return sqlx_sql__tr_fail(t, d->table.pos, "this multi-table DELETE");
            struct sqlx_table_ref tmp = *found;
            *found = d->table;
            d->table = tmp;
        }
        d->targets.len = 0;
    }
    if (d->joins.len > 0) {
        struct sqlx_join *j0 = d->joins.items[0];
        (void)j0;
        if ((rc = joins_to_list(t, &d->joins, &d->using_first, &d->using_joins, &d->where)))
            return rc;
    }
    if (d->using_first && t->to == SQLX_SQL_SQLITE) {
        /* DELETE FROM t USING u WHERE c -> DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE c) */
        struct sqlx_select *q = sqlx_ast_query_new(t->a);
        sqlx_ast_select_add(t->a, q, sqlx_sql__tr_int(t, 1), NULL);
        q->from = *d->using_first;
        q->joins = d->using_joins;
        q->where = d->where;
        d->where = sqlx_ast_exists(t->a, q, false);
        d->using_first = NULL;
        d->using_joins.len = 0;
    }
    return 0;
}

static int fix_txn(struct sqlx_tr *t, struct sqlx_txn *x)
{
    if (x->op == SQLX_TXN_BEGIN) {
        if (t->to != SQLX_SQL_SQLITE)
            x->mode = SQLX_TXN_MODE_NONE;
        if (t->to == SQLX_SQL_SQLITE && (x->isolation || x->access))
            return sqlx_sql__tr_fail(t, 0, "a transaction isolation level or access mode");
        if (t->to != SQLX_SQL_POSTGRES)
            x->syntax = SQLX_SYN_DEFAULT;
    }
    if (x->chain && t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, 0, "COMMIT AND CHAIN");
    return 0;
}

static int translate_stmt(struct sqlx_tr *t, struct sqlx_ast *st)
{
    bool drop = false;
    int rc;
    switch (st->kind) {
    case SQLX_ST_INSERT:
        rc = fix_insert(t, &st->insert);
        break;
    case SQLX_ST_UPDATE:
        rc = fix_update(t, &st->update);
        break;
    case SQLX_ST_DELETE:
        rc = fix_delete(t, &st->del);
        break;
    case SQLX_ST_TXN:
        rc = fix_txn(t, &st->txn);
        break;
    case SQLX_ST_SELECT:
        rc = 0;
        break;
    default:
        rc = sqlx_sql__tr_ddl(t, st, &drop);
        break;
    }
    if (rc || (rc = walk(t, st)))
        return rc;
    if (!drop)
        sqlx_vec_push_arena(&t->out, t->a, st);
    return 0;
}

int sqlx_sql_translate(struct sqlx_stmt_list *list, const struct sqlx_translate_opts *o,
                       struct sqlx_arena *a, struct sqlx_err *err)
{
    struct sqlx_tr t = { .from = o->from, .to = o->to, .mariadb = o->mariadb, .a = a,
                         .err = err };
    t.ff = sqlx_sql_dialect_features(o->from);
    t.tf = sqlx_sql_dialect_features(o->to);
    for (size_t i = 0; i < list->stmts.len; i++) {
        int rc = translate_stmt(&t, list->stmts.items[i]);
        if (rc)
            return rc;
    }
    list->stmts = t.out;
    list->dialect = o->to;
    return 0;
}

void sqlx_sql_translate_print_opts(const struct sqlx_translate_opts *o, struct sqlx_print_opts *po)
{
    memset(po, 0, sizeof(*po));
    po->family = o->to;
    po->mariadb = o->mariadb;
    /* MySQL and SQLite names are case-insensitive; PostgreSQL folds unquoted names to lower
     * case, so they are written in lower case rather than quoted with their source case. */
    po->fold_lower = o->to == SQLX_SQL_POSTGRES && o->from != SQLX_SQL_POSTGRES;
}

int sqlx_sql_translate_text(const char *sql, size_t len, const struct sqlx_translate_opts *o,
                            struct sqlx_arena *a, struct sqlx_buf *out, struct sqlx_err *err)
{
    struct sqlx_parse_opts popts = { .dialect = o->from };
    struct sqlx_stmt_list list;
    struct sqlx_print_opts po;
    int rc = sqlx_sql_parse(sql, len, &popts, a, &list, err);
    if (rc || (rc = sqlx_sql_translate(&list, o, a, err)))
        return rc;
    sqlx_sql_translate_print_opts(o, &po);
    const struct sqlx_dialect *d = sqlx_sql_dialect_table(o->to);
    for (size_t i = 0; i < list.stmts.len; i++) {
        struct sqlx_params params = { 0 };
        if ((rc = sqlx_sql_print_as(list.stmts.items[i], d, &po, a, out, &params, err)))
            return rc;
        sqlx_buf_puts(out, ";\n");
    }
    return 0;
}

void sqlx_sql_position_text(const char *text, size_t len, int pos, char *out, size_t n)
{
    int line = 1, col = 1;
    for (size_t i = 0; i + 1 < (size_t)pos && i < len; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            col++;
        }
    }
    snprintf(out, n, "line %d, column %d", line, col);
}
