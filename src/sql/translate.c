/* The translator's driver (sql/translate.h) and its query-level rules: NULL ordering, LIMIT
 * values, VALUES lists and derived-table column names where the target lacks them, DISTINCT ON,
 * ROLLUP, INTERSECT / EXCEPT ALL, FULL JOIN for MySQL, aggregate FILTER, HAVING aliases and
 * recursive CTE column types. DML rules live in translate_dml.c, expression rules in
 * translate_expr.c, translate_funcs.c and translate_dates.c, DDL in translate_ddl.c. */
#include "sql/translate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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
        if (sqlx_sql__tr_is_func(e, "coalesce") || sqlx_sql__tr_is_func(e, "ifnull")) {
            for (size_t i = 0; i < e->list.len; i++)
                if (sqlx_sql__tr_not_null(e->list.items[i]))
                    return true;
            return false;
        }
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
    if (e && t->from == SQLX_SQL_SQLITE && sqlx_sql__tr_is_int_lit(e, &v) && v < 0) {
        /* SQLite: a negative LIMIT means no limit, a negative OFFSET none */
        *slot = NULL;
        return 0;
    }
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
static int wrap_query(struct sqlx_tr *t, struct sqlx_select *q, const char *alias, const char *what,
                      bool hidden)
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
        if (!ref && hidden) {
            /* order by a column the outer query does not return: carry it along */
            const char *name = sqlx_arena_printf(t->a, "sqlx_o%zu", i + 1);
            sqlx_ast_select_add(t->a, inner, o->expr, name);
            ref = sqlx_ast_column(t->a, NULL, name);
        }
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
    return wrap_query(t, q, "sqlx_rollup", "ORDER BY over a ROLLUP by something not selected",
                      false);
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
    int rc = wrap_query(t, q, "sqlx_distinct_on", "DISTINCT ON ordered by something not selected",
                        true);
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

/* ---- SQLite: ROLLUP and INTERSECT / EXCEPT ALL ---- */

static bool is_aggregate_name(const char *n)
{
    static const char *const aggs[] = { "count", "sum", "avg", "min", "max", "group_concat",
                                        "string_agg", "total", "bool_and", "bool_or", "every",
                                        "var_pop", "var_samp", "stddev_pop", "stddev_samp", NULL };
    for (const char *const *a = aggs; *a; a++)
        if (strcmp(*a, n) == 0)
            return true;
    return false;
}

/* A copy of e where every occurrence of a rolled-up key outside an aggregate is NULL. */
static struct sqlx_expr *null_keys(struct sqlx_tr *t, struct sqlx_expr *e, struct sqlx_expr **keys,
                                   size_t nkeys)
{
    if (!e)
        return NULL;
    for (size_t i = 0; i < nkeys; i++) {
        if (sqlx_ast_expr_equal(e, keys[i], 0)) {
            struct sqlx_value nv = sqlx_value_null();
            return sqlx_ast_lit(t->a, SQLX_LIT_NULL, &nv);
        }
    }
    if (e->kind == SQLX_EX_SUBQUERY || (e->kind == SQLX_EX_FUNC && e->name &&
                                        (is_aggregate_name(e->name) || e->over)))
        return e;
    struct sqlx_expr *c = sqlx_sql__tr_copy(t, e);
    c->left = null_keys(t, e->left, keys, nkeys);
    c->right = null_keys(t, e->right, keys, nkeys);
    c->extra = null_keys(t, e->extra, keys, nkeys);
    memset(&c->list, 0, sizeof(c->list));
    for (size_t i = 0; i < e->list.len; i++)
        sqlx_vec_push_arena(&c->list, t->a, null_keys(t, e->list.items[i], keys, nkeys));
    return c;
}

/* GROUP BY [a, ] ROLLUP (b, c) -> the union of GROUP BY a, b, c / a, b / a, with the rolled-up
 * keys NULL in the coarser levels. */
static int fix_rollup_sqlite(struct sqlx_tr *t, struct sqlx_select *q)
{
    struct sqlx_vec plain = { 0 }, roll = { 0 };
    bool any = false;
    if (t->to != SQLX_SQL_SQLITE)
        return 0;
    for (size_t i = 0; i < q->group_by.len; i++) {
        struct sqlx_expr *g = q->group_by.items[i];
        if (g->kind != SQLX_EX_GROUPING) {
            sqlx_vec_push_arena(&plain, t->a, g);
            continue;
        }
        if (g->grouping != SQLX_GROUP_ROLLUP || any)
            return sqlx_sql__tr_fail(t, g->pos, g->grouping == SQLX_GROUP_ROLLUP ? "several ROLLUPs"
                                                : g->grouping == SQLX_GROUP_CUBE ? "GROUP BY CUBE"
                                                                                 : "GROUPING SETS");
        any = true;
        for (size_t k = 0; k < g->list.len; k++) {
            struct sqlx_expr *x = g->list.items[k];
            if (x->kind == SQLX_EX_ROW)
                return sqlx_sql__tr_fail(t, x->pos, "ROLLUP over column groups");
            sqlx_vec_push_arena(&roll, t->a, x);
        }
    }
    if (!any)
        return 0;
    struct sqlx_select *acc = NULL;
    for (size_t level = roll.len + 1; level-- > 0;) {
        struct sqlx_select *s = sqlx_arena_alloc(t->a, sizeof(*s));
        *s = *q;
        s->with = NULL;
        s->order_by.len = 0;
        s->limit = s->offset = NULL;
        memset(&s->group_by, 0, sizeof(s->group_by));
        for (size_t i = 0; i < plain.len; i++)
            sqlx_vec_push_arena(&s->group_by, t->a, plain.items[i]);
        for (size_t i = 0; i < level; i++)
            sqlx_vec_push_arena(&s->group_by, t->a, roll.items[i]);
        struct sqlx_expr **gone = (struct sqlx_expr **)roll.items + level;
        size_t ngone = roll.len - level;
        memset(&s->items, 0, sizeof(s->items));
        for (size_t i = 0; i < q->items.len; i++) {
            struct sqlx_select_item *it = q->items.items[i];
            struct sqlx_select_item *ni = sqlx_arena_alloc(t->a, sizeof(*ni));
            *ni = *it;
            if (!ni->alias && it->expr->kind == SQLX_EX_COLUMN)
                ni->alias = it->expr->name;
            ni->expr = null_keys(t, it->expr, gone, ngone);
            sqlx_vec_push_arena(&s->items, t->a, ni);
        }
        s->having = null_keys(t, q->having, gone, ngone);
        if (!acc) {
            acc = s;
            continue;
        }
        struct sqlx_select *u = sqlx_ast_query_new(t->a);
        u->setop = SQLX_SETOP_UNION;
        u->setop_all = true;
        u->larg = acc;
        u->rarg = s;
        u->pos = q->pos;
        acc = u;
    }
    acc->with = q->with;
    acc->order_by = q->order_by;
    acc->limit = q->limit;
    acc->offset = q->offset;
    *q = *acc;
    return 0;
}

/* SQLite lacks INTERSECT ALL / EXCEPT ALL: number the copies of each row on both sides, so
 * that the plain set operation keeps the right multiplicity. */
static int fix_setop_all(struct sqlx_tr *t, struct sqlx_select *q)
{
    if (t->to != SQLX_SQL_SQLITE || !q->setop_all || q->setop == SQLX_SETOP_UNION ||
        q->setop == SQLX_SETOP_NONE)
        return 0;
    struct sqlx_select *l = leftmost(q->larg), *r = leftmost(q->rarg);
    if (!l || !r || l->items.len == 0 || l->items.len != r->items.len)
        return sqlx_sql__tr_fail(t, q->pos, q->setop == SQLX_SETOP_INTERSECT ? "INTERSECT ALL"
                                                                              : "EXCEPT ALL");
    struct sqlx_vec names = { 0 };
    for (size_t i = 0; i < l->items.len; i++) {
        struct sqlx_select_item *li = l->items.items[i], *ri = r->items.items[i];
        if (li->expr->kind == SQLX_EX_STAR || ri->expr->kind == SQLX_EX_STAR)
            return sqlx_sql__tr_fail(t, q->pos, "INTERSECT / EXCEPT ALL over SELECT *");
        const char *name = item_name(li);
        if (!name)
            name = li->alias = sqlx_arena_printf(t->a, "sqlx_c%zu", i + 1);
        ri->alias = name;
        sqlx_vec_push_arena(&names, t->a, (void *)name);
    }
    struct sqlx_select *side[2] = { q->larg, q->rarg };
    struct sqlx_select *num[2];
    for (int k = 0; k < 2; k++) {
        struct sqlx_select *s = sqlx_ast_query_new(t->a);
        s->pos = q->pos;
        sqlx_ast_select_add(t->a, s, sqlx_ast_star(t->a, NULL), NULL);
        struct sqlx_expr *rn = sqlx_sql__tr_func(t, "row_number", q->pos, 0);
        struct sqlx_window *w = sqlx_arena_zalloc(t->a, sizeof(*w));
        for (size_t i = 0; i < names.len; i++)
            sqlx_vec_push_arena(&w->partition, t->a, sqlx_ast_column(t->a, NULL, names.items[i]));
        rn->over = w;
        sqlx_ast_select_add(t->a, s, rn, "sqlx_n");
        s->from.kind = SQLX_TREF_SUBQUERY;
        s->from.subquery = side[k];
        s->from.alias = k ? "sqlx_r" : "sqlx_l";
        num[k] = s;
    }
    struct sqlx_select *op = sqlx_ast_query_new(t->a);
    op->setop = q->setop;
    op->larg = num[0];
    op->rarg = num[1];
    op->pos = q->pos;
    struct sqlx_select outer = { 0 };
    outer.pos = q->pos;
    outer.with = q->with;
    for (size_t i = 0; i < names.len; i++)
        sqlx_ast_select_add(t->a, &outer, sqlx_ast_column(t->a, NULL, names.items[i]), NULL);
    outer.from.kind = SQLX_TREF_SUBQUERY;
    outer.from.subquery = op;
    outer.from.alias = "sqlx_set";
    outer.order_by = q->order_by;
    outer.limit = q->limit;
    outer.offset = q->offset;
    *q = outer;
    return 0;
}

/* ---- MySQL: FULL JOIN ---- */

/* A copy of a join condition with the columns qualified by `from` requalified by `to`; NULL when
 * the condition has an unqualified column or a subquery (they could not be told apart). */
static struct sqlx_expr *requalify(struct sqlx_tr *t, const struct sqlx_expr *e, const char *from,
                                   const char *to)
{
    if (!e)
        return NULL;
    if (e->subquery || e->over)
        return NULL;
    struct sqlx_expr *c = sqlx_sql__tr_copy(t, e);
    if (e->kind == SQLX_EX_COLUMN) {
        if (!e->table)
            return NULL;
        if (strcmp(e->table, from) == 0)
            c->table = to;
        return c;
    }
    if ((e->left && !(c->left = requalify(t, e->left, from, to))) ||
        (e->right && !(c->right = requalify(t, e->right, from, to))) ||
        (e->extra && !(c->extra = requalify(t, e->extra, from, to))))
        return NULL;
    memset(&c->list, 0, sizeof(c->list));
    for (size_t i = 0; i < e->list.len; i++) {
        struct sqlx_expr *x = requalify(t, e->list.items[i], from, to);
        if (!x)
            return NULL;
        sqlx_vec_push_arena(&c->list, t->a, x);
    }
    return c;
}

/* a FULL JOIN b ON c -> (a LEFT JOIN b ON c) UNION ALL (a RIGHT JOIN b ON c where no row of a
 * matches), for a plain, ungrouped query with that one join; ORDER BY / LIMIT go outside. */
static int fix_full_join(struct sqlx_tr *t, struct sqlx_select *q)
{
    if (t->to != SQLX_SQL_MYSQL || q->setop != SQLX_SETOP_NONE || q->joins.len == 0)
        return 0;
    struct sqlx_join *j = q->joins.items[0];
    if (q->joins.len != 1 || j->kind != SQLX_JOIN_FULL)
        return 0; /* fix_joins refuses any other FULL JOIN */
    const char *what = "FULL JOIN in this query (only a plain SELECT from two joined tables is "
                       "rewritten)";
    if (!j->on || j->natural || j->using_cols.len || q->group_by.len || q->having ||
        q->distinct || q->windows.len || q->from.kind != SQLX_TREF_TABLE || q->items.len == 0)
        return sqlx_sql__tr_fail(t, j->pos, what);
    for (size_t i = 0; i < q->items.len; i++) {
        const struct sqlx_select_item *it = q->items.items[i];
        if (it->expr->kind == SQLX_EX_STAR || (it->expr->kind == SQLX_EX_FUNC &&
                                               is_aggregate_name(it->expr->name)))
            return sqlx_sql__tr_fail(t, j->pos, what);
    }
    const char *qa = q->from.alias ? q->from.alias : q->from.name;
    struct sqlx_expr *cond2 = requalify(t, j->on, qa, "sqlx_fj");
    if (!cond2)
        return sqlx_sql__tr_fail(t, j->pos, what);
    /* both sides select every item under a fixed name, plus the ORDER BY keys */
    struct sqlx_select *side[2];
    struct sqlx_select outer = { 0 };
    outer.pos = q->pos;
    outer.with = q->with;
    for (int k = 0; k < 2; k++) {
        struct sqlx_select *s = sqlx_arena_alloc(t->a, sizeof(*s));
        *s = *q;
        s->with = NULL;
        s->order_by.len = 0;
        s->limit = s->offset = NULL;
        s->limit_all = false;
        memset(&s->items, 0, sizeof(s->items));
        memset(&s->joins, 0, sizeof(s->joins));
        struct sqlx_join *nj = sqlx_arena_alloc(t->a, sizeof(*nj));
        *nj = *j;
        nj->kind = k ? SQLX_JOIN_RIGHT : SQLX_JOIN_LEFT;
        sqlx_vec_push_arena(&s->joins, t->a, nj);
        for (size_t i = 0; i < q->items.len; i++) {
            const struct sqlx_select_item *it = q->items.items[i];
            sqlx_ast_select_add(t->a, s, it->expr, sqlx_arena_printf(t->a, "sqlx_c%zu", i + 1));
        }
        for (size_t i = 0; i < q->order_by.len; i++) {
            const struct sqlx_order_item *o = q->order_by.items[i];
            struct sqlx_select_item *hit = order_target(q, o->expr);
            sqlx_ast_select_add(t->a, s, hit ? hit->expr : o->expr,
                                sqlx_arena_printf(t->a, "sqlx_o%zu", i + 1));
        }
        side[k] = s;
    }
    /* the right side keeps only rows of b that no row of a matches */
    struct sqlx_select *ex = sqlx_ast_query_new(t->a);
    sqlx_ast_select_add(t->a, ex, sqlx_sql__tr_int(t, 1), NULL);
    ex->from = q->from;
    ex->from.alias = "sqlx_fj";
    ex->where = cond2;
    struct sqlx_expr *none = sqlx_ast_exists(t->a, ex, true);
    side[1]->where = side[1]->where ? sqlx_ast_and(t->a, side[1]->where, none) : none;
    struct sqlx_select *u = sqlx_ast_query_new(t->a);
    u->setop = SQLX_SETOP_UNION;
    u->setop_all = true;
    u->larg = side[0];
    u->rarg = side[1];
    u->pos = q->pos;
    for (size_t i = 0; i < q->items.len; i++) {
        const struct sqlx_select_item *it = q->items.items[i];
        sqlx_ast_select_add(t->a, &outer,
                            sqlx_ast_column(t->a, NULL, sqlx_arena_printf(t->a, "sqlx_c%zu", i + 1)),
                            item_name(it));
    }
    for (size_t i = 0; i < q->order_by.len; i++) {
        struct sqlx_order_item *o = sqlx_arena_alloc(t->a, sizeof(*o));
        *o = *(const struct sqlx_order_item *)q->order_by.items[i];
        o->expr = sqlx_ast_column(t->a, NULL, sqlx_arena_printf(t->a, "sqlx_o%zu", i + 1));
        sqlx_vec_push_arena(&outer.order_by, t->a, o);
    }
    outer.limit = q->limit;
    outer.offset = q->offset;
    outer.from.kind = SQLX_TREF_SUBQUERY;
    outer.from.subquery = u;
    outer.from.alias = "sqlx_full";
    *q = outer;
    return 0;
}

struct qwalk {
    struct sqlx_tr *t;
};

static int query_rule(struct sqlx_select *q, void *ctx)
{
    struct sqlx_tr *t = ((struct qwalk *)ctx)->t;
    int rc;
    if ((rc = fix_full_join(t, q)) || (rc = fix_distinct_on(t, q)) || (rc = fix_rollup_order(t, q)) ||
        (rc = fix_rollup_sqlite(t, q)) || (rc = fix_setop_all(t, q)))
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

static int translate_stmt(struct sqlx_tr *t, struct sqlx_ast *st)
{
    bool drop = false;
    int rc;
    switch (st->kind) {
    case SQLX_ST_INSERT:
        rc = sqlx_sql__tr_insert(t, &st->insert);
        break;
    case SQLX_ST_UPDATE:
        rc = sqlx_sql__tr_update(t, &st->update);
        break;
    case SQLX_ST_DELETE:
        rc = sqlx_sql__tr_delete(t, &st->del);
        break;
    case SQLX_ST_TXN:
        rc = sqlx_sql__tr_txn(t, &st->txn);
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
    /* after the walk: the substitution shares subtrees, which must not be translated twice */
    if (st->kind == SQLX_ST_UPDATE && (rc = sqlx_sql__tr_set_order(t, &st->update)))
        return rc;
    if (!drop)
        sqlx_vec_push_arena(&t->out, t->a, st);
    for (size_t i = 0; i < t->pending.len; i++)
        sqlx_vec_push_arena(&t->out, t->a, t->pending.items[i]);
    t->pending.len = 0;
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
