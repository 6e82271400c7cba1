/* Query grammar: WITH [RECURSIVE], SELECT [DISTINCT [ON]] ... FROM (tables, derived tables,
 * LATERAL, table functions, every join kind with ON / USING / NATURAL, parenthesised join
 * groups) WHERE / GROUP BY (ROLLUP, CUBE, GROUPING SETS, WITH ROLLUP) / HAVING / WINDOW, VALUES
 * lists, UNION / INTERSECT / EXCEPT [ALL] with each dialect's precedence, ORDER BY with NULLS
 * FIRST / LAST, every LIMIT form and row locking. Also the window specifications used by OVER.
 * Must not parse DML or DDL statements. */
#include <string.h>
#include <strings.h>

#include "sql/parse_int.h"

static bool word_is(const struct sqlx_token *t, enum sqlx_kw kw)
{
    return t->kind == SQLX_TOK_WORD && t->kw == kw;
}

static bool starts_query_word(const struct sqlx_token *t)
{
    return word_is(t, SQLX_KW_SELECT) || word_is(t, SQLX_KW_WITH) || word_is(t, SQLX_KW_VALUES);
}

bool sqlx_sql__at_query(struct sqlx_parser *p)
{
    int k = 0;
    while (k < SQLX_PARSE_LOOKAHEAD - 1 && is_op_at(p, k, SQLX_TOP_LPAREN))
        k++;
    return starts_query_word(sqlx_sql__peek(p, k));
}

int sqlx_sql__order_list(struct sqlx_parser *p, struct sqlx_vec *out)
{
    do {
        struct sqlx_order_item *o = sqlx_arena_zalloc(p->a, sizeof(*o));
        o->pos = cur_pos(p);
        if (!(o->expr = sqlx_sql__expr(p)))
            return p->rc;
        if (accept_kw(p, SQLX_KW_DESC))
            o->desc = true;
        else if (accept_kw(p, SQLX_KW_ASC))
            o->asc_written = true;
        if (accept_kw(p, SQLX_KW_NULLS)) {
            if (accept_kw(p, SQLX_KW_FIRST))
                o->nulls = 1;
            else if (accept_kw(p, SQLX_KW_LAST))
                o->nulls = 2;
            else
                return sqlx_sql__expected(p, "FIRST or LAST");
        }
        sqlx_vec_push_arena(out, p->a, o);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return 0;
}

int sqlx_sql__select_items(struct sqlx_parser *p, struct sqlx_vec *out)
{
    do {
        struct sqlx_select_item *it = sqlx_arena_zalloc(p->a, sizeof(*it));
        it->pos = cur_pos(p);
        if (!(it->expr = sqlx_sql__expr(p)) || sqlx_sql__opt_alias(p, &it->alias))
            return p->rc;
        sqlx_vec_push_arena(out, p->a, it);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return 0;
}

int sqlx_sql__returning(struct sqlx_parser *p, struct sqlx_vec *out)
{
    if (!accept_kw(p, SQLX_KW_RETURNING))
        return 0;
    return sqlx_sql__select_items(p, out);
}

/* ---- windows ---- */

static int frame_bound(struct sqlx_parser *p, struct sqlx_frame_bound *b)
{
    if (accept_kw(p, SQLX_KW_UNBOUNDED)) {
        if (accept_kw(p, SQLX_KW_PRECEDING))
            b->kind = SQLX_BOUND_UNBOUNDED_PRECEDING;
        else if (accept_kw(p, SQLX_KW_FOLLOWING))
            b->kind = SQLX_BOUND_UNBOUNDED_FOLLOWING;
        else
            return sqlx_sql__expected(p, "PRECEDING or FOLLOWING");
        return 0;
    }
    if (accept_kw(p, SQLX_KW_CURRENT)) {
        b->kind = SQLX_BOUND_CURRENT_ROW;
        return sqlx_sql__expect_kw(p, SQLX_KW_ROW);
    }
    if (!(b->offset = sqlx_sql__expr_at(p, p->lv->bitor_)))
        return p->rc;
    if (accept_kw(p, SQLX_KW_PRECEDING))
        b->kind = SQLX_BOUND_PRECEDING;
    else if (accept_kw(p, SQLX_KW_FOLLOWING))
        b->kind = SQLX_BOUND_FOLLOWING;
    else
        return sqlx_sql__expected(p, "PRECEDING or FOLLOWING");
    return 0;
}

static struct sqlx_frame *parse_frame(struct sqlx_parser *p)
{
    struct sqlx_frame *f = sqlx_arena_zalloc(p->a, sizeof(*f));
    if (accept_kw(p, SQLX_KW_ROWS))
        f->unit = SQLX_FRAME_ROWS;
    else if (accept_kw(p, SQLX_KW_RANGE))
        f->unit = SQLX_FRAME_RANGE;
    else if (accept_kw(p, SQLX_KW_GROUPS))
        f->unit = SQLX_FRAME_GROUPS;
    if (accept_kw(p, SQLX_KW_BETWEEN)) {
        f->has_end = true;
        if (frame_bound(p, &f->start) || sqlx_sql__expect_kw(p, SQLX_KW_AND) ||
            frame_bound(p, &f->end))
            return NULL;
    } else if (frame_bound(p, &f->start)) {
        return NULL;
    }
    if (accept_kw(p, SQLX_KW_EXCLUDE)) {
        if (accept_kw(p, SQLX_KW_CURRENT)) {
            if (sqlx_sql__expect_kw(p, SQLX_KW_ROW))
                return NULL;
            f->exclude = SQLX_EXCLUDE_CURRENT_ROW;
        } else if (accept_kw(p, SQLX_KW_GROUP)) {
            f->exclude = SQLX_EXCLUDE_GROUP;
        } else if (accept_kw(p, SQLX_KW_TIES)) {
            f->exclude = SQLX_EXCLUDE_TIES;
        } else if (accept_kw(p, SQLX_KW_NO)) {
            if (sqlx_sql__expect_kw(p, SQLX_KW_OTHERS))
                return NULL;
            f->exclude = SQLX_EXCLUDE_NO_OTHERS;
        } else {
            sqlx_sql__expected(p, "CURRENT ROW, GROUP, TIES or NO OTHERS");
            return NULL;
        }
    }
    return f;
}

static bool at_frame(struct sqlx_parser *p)
{
    return is_kw(p, SQLX_KW_ROWS) || is_kw(p, SQLX_KW_RANGE) || is_kw(p, SQLX_KW_GROUPS);
}

/* The body of a window definition, inside its parentheses. */
static int window_body(struct sqlx_parser *p, struct sqlx_window *w)
{
    if (sqlx_sql__at_ident(p) && !is_kw(p, SQLX_KW_PARTITION) && !is_kw(p, SQLX_KW_ORDER) &&
        !at_frame(p)) {
        if (!(w->base = sqlx_sql__ident(p, "a window name")))
            return p->rc;
    }
    if (accept_kw(p, SQLX_KW_PARTITION)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_BY) || sqlx_sql__expr_list(p, &w->partition))
            return p->rc;
    }
    if (accept_kw(p, SQLX_KW_ORDER)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_BY) || sqlx_sql__order_list(p, &w->order))
            return p->rc;
    }
    if (at_frame(p) && !(w->frame = parse_frame(p)))
        return p->rc;
    return sqlx_sql__expect_op(p, SQLX_TOP_RPAREN);
}

struct sqlx_window *sqlx_sql__window_spec(struct sqlx_parser *p)
{
    struct sqlx_window *w = sqlx_arena_zalloc(p->a, sizeof(*w));
    w->pos = cur_pos(p);
    if (!is_op(p, SQLX_TOP_LPAREN)) {
        if (!(w->base = sqlx_sql__ident(p, "a window name or \"(\"")))
            return NULL;
        w->ref_only = true;
        return w;
    }
    sqlx_sql__advance(p);
    if (window_body(p, w))
        return NULL;
    return w;
}

/* ---- FROM ---- */

static int table_alias(struct sqlx_parser *p, struct sqlx_table_ref *t)
{
    if (sqlx_sql__opt_alias(p, &t->alias))
        return p->rc;
    if (t->alias && is_op(p, SQLX_TOP_LPAREN) && !starts_query_word(sqlx_sql__peek(p, 1)))
        return sqlx_sql__name_list(p, &t->col_aliases, "a column alias");
    return 0;
}

static bool at_join(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind != SQLX_TOK_WORD)
        return false;
    switch (t->kw) {
    case SQLX_KW_JOIN:
    case SQLX_KW_INNER:
    case SQLX_KW_LEFT:
    case SQLX_KW_RIGHT:
    case SQLX_KW_FULL:
    case SQLX_KW_CROSS:
    case SQLX_KW_NATURAL:
        return true;
    default:
        return false;
    }
}

/* [NATURAL] [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER] | CROSS] JOIN */
static int join_kind(struct sqlx_parser *p, struct sqlx_join *j)
{
    j->pos = cur_pos(p);
    j->natural = accept_kw(p, SQLX_KW_NATURAL);
    if (accept_kw(p, SQLX_KW_LEFT)) {
        j->kind = SQLX_JOIN_LEFT;
        accept_kw(p, SQLX_KW_OUTER);
    } else if (accept_kw(p, SQLX_KW_RIGHT)) {
        j->kind = SQLX_JOIN_RIGHT;
        accept_kw(p, SQLX_KW_OUTER);
    } else if (accept_kw(p, SQLX_KW_FULL)) {
        j->kind = SQLX_JOIN_FULL;
        accept_kw(p, SQLX_KW_OUTER);
    } else if (accept_kw(p, SQLX_KW_CROSS)) {
        j->kind = SQLX_JOIN_CROSS;
    } else {
        accept_kw(p, SQLX_KW_INNER);
        j->kind = SQLX_JOIN_INNER;
    }
    return sqlx_sql__expect_kw(p, SQLX_KW_JOIN);
}

static int join_condition(struct sqlx_parser *p, struct sqlx_join *j)
{
    if (j->kind == SQLX_JOIN_CROSS || j->natural)
        return 0;
    if (accept_kw(p, SQLX_KW_ON)) {
        j->on = sqlx_sql__expr(p);
        return p->rc;
    }
    if (accept_kw(p, SQLX_KW_USING))
        return sqlx_sql__name_list(p, &j->using_cols, "a column name");
    if (j->kind == SQLX_JOIN_INNER && p->d != SQLX_SQL_POSTGRES) {
        j->kind = SQLX_JOIN_CROSS; /* MySQL and SQLite: JOIN without a condition */
        return 0;
    }
    return sqlx_sql__expected(p, "ON or USING");
}

int sqlx_sql__from_list(struct sqlx_parser *p, struct sqlx_table_ref *first, struct sqlx_vec *joins,
                        bool commas)
{
    struct sqlx_table_ref *t = sqlx_sql__table_ref(p);
    if (!t)
        return p->rc;
    *first = *t;
    for (;;) {
        struct sqlx_join *j;
        if (commas && is_op(p, SQLX_TOP_COMMA)) {
            j = sqlx_arena_zalloc(p->a, sizeof(*j));
            j->pos = cur_pos(p);
            sqlx_sql__advance(p);
            j->kind = SQLX_JOIN_COMMA;
        } else if (at_join(p)) {
            j = sqlx_arena_zalloc(p->a, sizeof(*j));
            if (join_kind(p, j))
                return p->rc;
        } else {
            return 0;
        }
        if (!(t = sqlx_sql__table_ref(p)))
            return p->rc;
        j->table = *t;
        if (j->kind != SQLX_JOIN_COMMA && join_condition(p, j))
            return p->rc;
        sqlx_vec_push_arena(joins, p->a, j);
    }
}

static struct sqlx_table_ref *paren_table_ref(struct sqlx_parser *p, struct sqlx_table_ref *t)
{
    if (starts_query_word(sqlx_sql__peek(p, 1))) {
        sqlx_sql__advance(p);
        t->kind = SQLX_TREF_SUBQUERY;
        if (!(t->subquery = sqlx_sql__query(p)) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN) ||
            table_alias(p, t))
            return NULL;
        return t;
    }
    if (t->lateral) {
        sqlx_sql__expected(p, "a subquery after LATERAL");
        return NULL;
    }
    sqlx_sql__advance(p);
    if (!sqlx_sql__enter(p))
        return NULL;
    struct sqlx_table_ref *inner = sqlx_arena_zalloc(p->a, sizeof(*inner));
    int rc = sqlx_sql__from_list(p, inner, &t->nested_joins, true);
    sqlx_sql__leave(p);
    if (rc || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    if (t->nested_joins.len == 0) {
        /* ((SELECT ...)) or (t): the parentheses only group one item. */
        if (table_alias(p, inner))
            return NULL;
        inner->pos = t->pos;
        return inner;
    }
    t->kind = SQLX_TREF_JOIN;
    t->nested_from = inner;
    if (table_alias(p, t))
        return NULL;
    return t;
}

struct sqlx_table_ref *sqlx_sql__table_ref(struct sqlx_parser *p)
{
    struct sqlx_table_ref *t = sqlx_arena_zalloc(p->a, sizeof(*t));
    t->pos = cur_pos(p);
    if (accept_kw(p, SQLX_KW_LATERAL))
        t->lateral = true;
    if (is_op(p, SQLX_TOP_LPAREN))
        return paren_table_ref(p, t);
    if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ONLY))
        t->only = true;
    if (sqlx_sql__qualified(p, t, "a table name"))
        return NULL;
    if (is_op(p, SQLX_TOP_LPAREN)) {
        t->kind = SQLX_TREF_FUNC;
        const char *fname = t->name;
        if (p->d != SQLX_SQL_POSTGRES || p->prev.kind != SQLX_TOK_QIDENT) {
            char *l = sqlx_arena_strdup(p->a, fname);
            for (char *c = l; *c; c++)
                if (*c >= 'A' && *c <= 'Z')
                    *c = (char)(*c - 'A' + 'a');
            fname = l;
        }
        if (!(t->func = sqlx_sql__call(p, t->schema, fname, t->pos)))
            return NULL;
        t->name = NULL;
        t->schema = NULL;
        if (is_kw(p, SQLX_KW_WITH) && is_kw_at(p, 1, SQLX_KW_ORDINALITY)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            t->with_ordinality = true;
        }
    } else if (t->lateral) {
        sqlx_sql__error_at(p, t->pos, "LATERAL needs a subquery or a function call");
        return NULL;
    }
    if (table_alias(p, t))
        return NULL;
    return t;
}

/* ---- SELECT ---- */

static int group_elem(struct sqlx_parser *p, struct sqlx_vec *out);

static int grouping_list(struct sqlx_parser *p, struct sqlx_expr *g, bool sets)
{
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
        return p->rc;
    do {
        if (sets) {
            if (group_elem(p, &g->list))
                return p->rc;
        } else {
            struct sqlx_expr *e = sqlx_sql__expr(p);
            if (!e)
                return p->rc;
            sqlx_vec_push_arena(&g->list, p->a, e);
        }
    } while (accept_op(p, SQLX_TOP_COMMA));
    return sqlx_sql__expect_op(p, SQLX_TOP_RPAREN);
}

static int group_elem(struct sqlx_parser *p, struct sqlx_vec *out)
{
    int pos = cur_pos(p);
    struct sqlx_expr *g;
    if (is_op(p, SQLX_TOP_LPAREN) && is_op_at(p, 1, SQLX_TOP_RPAREN)) {
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        g = sqlx_ast_expr_new(p->a, SQLX_EX_ROW); /* the empty grouping set () */
        g->pos = pos;
    } else if ((is_kw(p, SQLX_KW_ROLLUP) || is_kw(p, SQLX_KW_CUBE)) &&
               is_op_at(p, 1, SQLX_TOP_LPAREN) && p->d == SQLX_SQL_POSTGRES) {
        g = sqlx_ast_expr_new(p->a, SQLX_EX_GROUPING);
        g->pos = pos;
        g->grouping = is_kw(p, SQLX_KW_ROLLUP) ? SQLX_GROUP_ROLLUP : SQLX_GROUP_CUBE;
        sqlx_sql__advance(p);
        if (!sqlx_sql__enter(p))
            return p->rc;
        grouping_list(p, g, false);
        sqlx_sql__leave(p);
    } else if (is_kw(p, SQLX_KW_GROUPING) && is_kw_at(p, 1, SQLX_KW_SETS) &&
               p->d == SQLX_SQL_POSTGRES) {
        g = sqlx_ast_expr_new(p->a, SQLX_EX_GROUPING);
        g->pos = pos;
        g->grouping = SQLX_GROUP_SETS;
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        if (!sqlx_sql__enter(p))
            return p->rc;
        grouping_list(p, g, true);
        sqlx_sql__leave(p);
    } else if (!(g = sqlx_sql__expr(p))) {
        return p->rc;
    }
    if (p->rc)
        return p->rc;
    sqlx_vec_push_arena(out, p->a, g);
    return 0;
}

static int group_by(struct sqlx_parser *p, struct sqlx_select *s)
{
    int pos = cur_pos(p);
    if (!accept_kw(p, SQLX_KW_GROUP))
        return 0;
    if (sqlx_sql__expect_kw(p, SQLX_KW_BY))
        return p->rc;
    do {
        if (group_elem(p, &s->group_by))
            return p->rc;
    } while (accept_op(p, SQLX_TOP_COMMA));
    if (p->d == SQLX_SQL_MYSQL && is_kw(p, SQLX_KW_WITH) && is_kw_at(p, 1, SQLX_KW_ROLLUP)) {
        /* GROUP BY a, b WITH ROLLUP is GROUP BY ROLLUP(a, b). */
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        struct sqlx_expr *g = sqlx_ast_expr_new(p->a, SQLX_EX_GROUPING);
        g->pos = pos;
        g->grouping = SQLX_GROUP_ROLLUP;
        g->syntax = SQLX_SYN_WITH_ROLLUP;
        g->list = s->group_by;
        memset(&s->group_by, 0, sizeof(s->group_by));
        sqlx_vec_push_arena(&s->group_by, p->a, g);
    }
    return 0;
}

static int window_clause(struct sqlx_parser *p, struct sqlx_select *s)
{
    if (!accept_kw(p, SQLX_KW_WINDOW))
        return 0;
    do {
        struct sqlx_window *w = sqlx_arena_zalloc(p->a, sizeof(*w));
        w->pos = cur_pos(p);
        if (!(w->name = sqlx_sql__ident(p, "a window name")) ||
            sqlx_sql__expect_kw(p, SQLX_KW_AS) || sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) ||
            window_body(p, w))
            return p->rc;
        sqlx_vec_push_arena(&s->windows, p->a, w);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return 0;
}

static bool is_dual(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    return p->d == SQLX_SQL_MYSQL && t->kind == SQLX_TOK_WORD && t->rawlen == 4 &&
           strncasecmp(t->raw, "dual", 4) == 0;
}

static struct sqlx_select *simple_select(struct sqlx_parser *p)
{
    struct sqlx_select *s = sqlx_ast_query_new(p->a);
    s->pos = cur_pos(p);
    sqlx_sql__advance(p); /* SELECT */
    if (accept_kw(p, SQLX_KW_DISTINCT)) {
        s->distinct = true;
        if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ON)) {
            if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) ||
                sqlx_sql__expr_list(p, &s->distinct_on) ||
                sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
                return NULL;
        }
    } else {
        accept_kw(p, SQLX_KW_ALL);
    }
    if (sqlx_sql__select_items(p, &s->items))
        return NULL;
    if (accept_kw(p, SQLX_KW_FROM)) {
        if (is_dual(p))
            sqlx_sql__advance(p);
        else if (sqlx_sql__from_list(p, &s->from, &s->joins, true))
            return NULL;
    }
    if (accept_kw(p, SQLX_KW_WHERE) && !(s->where = sqlx_sql__expr(p)))
        return NULL;
    if (group_by(p, s))
        return NULL;
    if (accept_kw(p, SQLX_KW_HAVING) && !(s->having = sqlx_sql__expr(p)))
        return NULL;
    if (window_clause(p, s))
        return NULL;
    return s;
}

static struct sqlx_select *values_list(struct sqlx_parser *p)
{
    struct sqlx_select *s = sqlx_ast_query_new(p->a);
    s->pos = cur_pos(p);
    sqlx_sql__advance(p); /* VALUES */
    do {
        if (p->d == SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_ROW))
            s->values_row = true;
        struct sqlx_vec *row = sqlx_arena_zalloc(p->a, sizeof(*row));
        if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) || sqlx_sql__expr_list(p, row) ||
            sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
            return NULL;
        sqlx_vec_push_arena(&s->values, p->a, row);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return s;
}

static bool has_tail(const struct sqlx_select *q)
{
    return q->order_by.len > 0 || q->limit || q->offset || q->limit_all || q->with ||
           q->lock != SQLX_LOCK_NONE;
}

/* One operand of a set operation: SELECT, VALUES or a parenthesised query. */
static struct sqlx_select *set_primary(struct sqlx_parser *p)
{
    if (is_kw(p, SQLX_KW_SELECT))
        return simple_select(p);
    if (is_kw(p, SQLX_KW_VALUES))
        return values_list(p);
    if (is_op(p, SQLX_TOP_LPAREN)) {
        sqlx_sql__advance(p);
        struct sqlx_select *q = sqlx_sql__query(p);
        if (!q || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
            return NULL;
        return q;
    }
    sqlx_sql__expected(p, "SELECT, VALUES or \"(\"");
    return NULL;
}

/* Set operators: UNION / EXCEPT at level 0, INTERSECT at 1 (PostgreSQL, MySQL) or 0 (SQLite,
 * where all compound operators are equal and left-associative). */
static int setop_level(struct sqlx_parser *p, enum sqlx_setop *op)
{
    if (is_kw(p, SQLX_KW_UNION))
        *op = SQLX_SETOP_UNION;
    else if (is_kw(p, SQLX_KW_EXCEPT))
        *op = SQLX_SETOP_EXCEPT;
    else if (is_kw(p, SQLX_KW_INTERSECT))
        *op = SQLX_SETOP_INTERSECT;
    else
        return -1;
    return *op == SQLX_SETOP_INTERSECT && p->d != SQLX_SQL_SQLITE ? 1 : 0;
}

static struct sqlx_select *set_expr_from(struct sqlx_parser *p, struct sqlx_select *left,
                                         int min_level)
{
    while (left) {
        enum sqlx_setop op = SQLX_SETOP_NONE;
        int level = setop_level(p, &op);
        if (level < min_level)
            break;
        struct sqlx_select *s = sqlx_ast_query_new(p->a);
        s->pos = cur_pos(p);
        sqlx_sql__advance(p);
        if (accept_kw(p, SQLX_KW_ALL))
            s->setop_all = true;
        else
            accept_kw(p, SQLX_KW_DISTINCT);
        s->setop = op;
        s->larg = left;
        if (!sqlx_sql__enter(p))
            return NULL;
        struct sqlx_select *right = set_primary(p);
        if (right)
            right = set_expr_from(p, right, level + 1);
        sqlx_sql__leave(p);
        if (!right)
            return NULL;
        s->rarg = right;
        left = s;
    }
    return p->rc ? NULL : left;
}

static int limit_value(struct sqlx_parser *p, struct sqlx_expr **out)
{
    *out = sqlx_sql__expr(p);
    return p->rc;
}

static int fetch_clause(struct sqlx_parser *p, struct sqlx_select *q)
{
    if (!accept_kw(p, SQLX_KW_FIRST) && !accept_kw(p, SQLX_KW_NEXT))
        return sqlx_sql__expected(p, "FIRST or NEXT");
    q->limit_syntax = SQLX_LIMIT_SYN_FETCH;
    if (!is_kw(p, SQLX_KW_ROW) && !is_kw(p, SQLX_KW_ROWS)) {
        if (!(q->limit = sqlx_sql__expr_at(p, p->lv->unary)))
            return p->rc;
    } else {
        struct sqlx_value one = sqlx_value_int(1);
        q->limit = sqlx_ast_lit(p->a, SQLX_LIT_INTEGER, &one);
        q->limit->pos = cur_pos(p);
    }
    if (!accept_kw(p, SQLX_KW_ROW) && !accept_kw(p, SQLX_KW_ROWS))
        return sqlx_sql__expected(p, "ROW or ROWS");
    if (accept_kw(p, SQLX_KW_ONLY))
        return 0;
    if (accept_kw(p, SQLX_KW_WITH)) {
        q->with_ties = true;
        return sqlx_sql__expect_kw(p, SQLX_KW_TIES);
    }
    return sqlx_sql__expected(p, "ONLY or WITH TIES");
}

static int limit_clauses(struct sqlx_parser *p, struct sqlx_select *q)
{
    for (;;) {
        if (accept_kw(p, SQLX_KW_LIMIT)) {
            if (q->limit || q->limit_all)
                return sqlx_sql__error_at(p, p->prev.pos, "LIMIT given twice");
            q->limit_syntax = SQLX_LIMIT_SYN_LIMIT;
            if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ALL)) {
                q->limit_all = true;
                continue;
            }
            if (limit_value(p, &q->limit))
                return p->rc;
            if (p->d != SQLX_SQL_POSTGRES && accept_op(p, SQLX_TOP_COMMA)) {
                /* LIMIT offset, count */
                q->limit_syntax = SQLX_LIMIT_SYN_COMMA;
                q->offset = q->limit;
                if (limit_value(p, &q->limit))
                    return p->rc;
                return 0;
            }
        } else if (accept_kw(p, SQLX_KW_OFFSET)) {
            if (q->offset)
                return sqlx_sql__error_at(p, p->prev.pos, "OFFSET given twice");
            if (limit_value(p, &q->offset))
                return p->rc;
            if (p->d == SQLX_SQL_POSTGRES && !accept_kw(p, SQLX_KW_ROWS))
                accept_kw(p, SQLX_KW_ROW);
            if (q->limit_syntax == SQLX_LIMIT_SYN_NONE)
                q->limit_syntax = SQLX_LIMIT_SYN_LIMIT;
        } else if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_FETCH)) {
            if (q->limit || q->limit_all)
                return sqlx_sql__error_at(p, p->prev.pos, "LIMIT given twice");
            if (fetch_clause(p, q))
                return p->rc;
        } else {
            return 0;
        }
    }
}

static int lock_clause(struct sqlx_parser *p, struct sqlx_select *q)
{
    if (p->d == SQLX_SQL_MYSQL && is_kw(p, SQLX_KW_LOCK)) {
        /* LOCK IN SHARE MODE */
        sqlx_sql__advance(p);
        if (sqlx_sql__expect_kw(p, SQLX_KW_IN) || sqlx_sql__expect_kw(p, SQLX_KW_SHARE) ||
            sqlx_sql__expect_kw(p, SQLX_KW_MODE))
            return p->rc;
        q->lock = SQLX_LOCK_SHARE;
        return 0;
    }
    if (p->d == SQLX_SQL_SQLITE || !accept_kw(p, SQLX_KW_FOR))
        return 0;
    if (accept_kw(p, SQLX_KW_UPDATE)) {
        q->lock = SQLX_LOCK_UPDATE;
    } else if (accept_kw(p, SQLX_KW_SHARE)) {
        q->lock = SQLX_LOCK_SHARE;
    } else if (accept_kw(p, SQLX_KW_NO)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_KEY) || sqlx_sql__expect_kw(p, SQLX_KW_UPDATE))
            return p->rc;
        q->lock = SQLX_LOCK_NO_KEY_UPDATE;
    } else if (accept_kw(p, SQLX_KW_KEY)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_SHARE))
            return p->rc;
        q->lock = SQLX_LOCK_KEY_SHARE;
    } else {
        return sqlx_sql__expected(p, "UPDATE or SHARE");
    }
    if (accept_kw(p, SQLX_KW_OF)) {
        do {
            const char *n = sqlx_sql__ident(p, "a table name");
            if (!n)
                return p->rc;
            sqlx_vec_push_arena(&q->lock_of, p->a, (void *)n);
        } while (accept_op(p, SQLX_TOP_COMMA));
    }
    if (accept_kw(p, SQLX_KW_NOWAIT)) {
        q->lock_wait = SQLX_LOCK_NOWAIT;
    } else if (accept_kw(p, SQLX_KW_SKIP)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_LOCKED))
            return p->rc;
        q->lock_wait = SQLX_LOCK_SKIP_LOCKED;
    }
    return 0;
}

/* ORDER BY / LIMIT / locking after a query body. They belong to the body itself when it is a
 * plain SELECT or VALUES without its own; a parenthesised query that already has them is not
 * given a second set. */
static struct sqlx_select *query_tail(struct sqlx_parser *p, struct sqlx_select *q)
{
    bool order = is_kw(p, SQLX_KW_ORDER);
    bool more = order || is_kw(p, SQLX_KW_LIMIT) || is_kw(p, SQLX_KW_OFFSET) ||
                is_kw(p, SQLX_KW_FETCH) || is_kw(p, SQLX_KW_FOR) || is_kw(p, SQLX_KW_LOCK);
    if (!more)
        return q;
    if (has_tail(q) && (q->order_by.len > 0 || q->limit || q->offset || q->limit_all ||
                        q->lock != SQLX_LOCK_NONE)) {
        sqlx_sql__error_at(p, cur_pos(p),
                           "a parenthesised query with its own ORDER BY, LIMIT or locking cannot take another one");
        return NULL;
    }
    if (order) {
        sqlx_sql__advance(p);
        if (sqlx_sql__expect_kw(p, SQLX_KW_BY) || sqlx_sql__order_list(p, &q->order_by))
            return NULL;
    }
    if (limit_clauses(p, q) || lock_clause(p, q) || limit_clauses(p, q))
        return NULL;
    return q;
}

struct sqlx_with *sqlx_sql__with(struct sqlx_parser *p)
{
    struct sqlx_with *w = sqlx_arena_zalloc(p->a, sizeof(*w));
    w->pos = cur_pos(p);
    sqlx_sql__advance(p); /* WITH */
    w->recursive = accept_kw(p, SQLX_KW_RECURSIVE);
    do {
        struct sqlx_cte *c = sqlx_arena_zalloc(p->a, sizeof(*c));
        c->pos = cur_pos(p);
        if (!(c->name = sqlx_sql__ident(p, "a common table expression name")))
            return NULL;
        if (is_op(p, SQLX_TOP_LPAREN) && sqlx_sql__name_list(p, &c->columns, "a column name"))
            return NULL;
        if (sqlx_sql__expect_kw(p, SQLX_KW_AS))
            return NULL;
        if (accept_kw(p, SQLX_KW_MATERIALIZED)) {
            c->materialized = 1;
        } else if (is_kw(p, SQLX_KW_NOT) && is_kw_at(p, 1, SQLX_KW_MATERIALIZED)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            c->materialized = 2;
        }
        if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
            return NULL;
        if (!sqlx_sql__enter(p))
            return NULL;
        if (p->d == SQLX_SQL_POSTGRES &&
            (is_kw(p, SQLX_KW_INSERT) || is_kw(p, SQLX_KW_UPDATE) || is_kw(p, SQLX_KW_DELETE))) {
            c->dml = is_kw(p, SQLX_KW_INSERT)   ? sqlx_sql__insert(p, NULL)
                     : is_kw(p, SQLX_KW_UPDATE) ? sqlx_sql__update(p, NULL)
                                                : sqlx_sql__delete(p, NULL);
        } else {
            c->query = sqlx_sql__query(p);
        }
        sqlx_sql__leave(p);
        if ((!c->query && !c->dml) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
            return NULL;
        sqlx_vec_push_arena(&w->ctes, p->a, c);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return w;
}

struct sqlx_select *sqlx_sql__query_continue(struct sqlx_parser *p, struct sqlx_select *first)
{
    struct sqlx_select *q = set_expr_from(p, first, 0);
    if (!q)
        return NULL;
    return query_tail(p, q);
}

struct sqlx_select *sqlx_sql__query(struct sqlx_parser *p)
{
    if (!sqlx_sql__enter(p))
        return NULL;
    struct sqlx_select *q = NULL;
    struct sqlx_with *with = NULL;
    int pos = cur_pos(p);
    if (is_kw(p, SQLX_KW_WITH) && !(with = sqlx_sql__with(p)))
        goto out;
    q = set_primary(p);
    if (q)
        q = sqlx_sql__query_continue(p, q);
    if (q && with) {
        if (q->with) {
            sqlx_sql__error_at(p, pos, "a query cannot have two WITH clauses");
            q = NULL;
            goto out;
        }
        q->with = with;
    }
out:
    sqlx_sql__leave(p);
    return p->rc ? NULL : q;
}
