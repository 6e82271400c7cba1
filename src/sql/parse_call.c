/* Function calls and the special forms with keyword syntax: argument lists (DISTINCT / ALL,
 * ORDER BY, MySQL SEPARATOR), WITHIN GROUP / FILTER / OVER suffixes, CURRENT_DATE and the other
 * calls without parentheses, CASE, CAST and MySQL CONVERT, INTERVAL, EXTRACT, SUBSTRING (MySQL
 * SUBSTR, MID) / OVERLAY, POSITION and TRIM, each turned into the plain call it means.
 * The rest of the expression grammar is parse_expr.c; must not parse statements. */
#include <string.h>
#include <strings.h>

#include "sql/parse_int.h"

struct sqlx_expr *sqlx_sql__case(struct sqlx_parser *p)
{
    struct sqlx_expr *e = node(p, SQLX_EX_CASE, cur_pos(p));
    sqlx_sql__advance(p);
    if (!is_kw(p, SQLX_KW_WHEN) && !(e->left = sqlx_sql__expr(p)))
        return NULL;
    if (!is_kw(p, SQLX_KW_WHEN)) {
        sqlx_sql__expected(p, "WHEN");
        return NULL;
    }
    while (accept_kw(p, SQLX_KW_WHEN)) {
        struct sqlx_expr *w, *t;
        if (!(w = sqlx_sql__expr(p)) || sqlx_sql__expect_kw(p, SQLX_KW_THEN) ||
            !(t = sqlx_sql__expr(p)))
            return NULL;
        sqlx_ast_case_when(p->a, e, w, t);
    }
    if (accept_kw(p, SQLX_KW_ELSE) && !(e->right = sqlx_sql__expr(p)))
        return NULL;
    if (sqlx_sql__expect_kw(p, SQLX_KW_END))
        return NULL;
    return e;
}

/* CAST(x AS type); MySQL CONVERT(x, type) and CONVERT(x USING charset). */
struct sqlx_expr *sqlx_sql__cast(struct sqlx_parser *p, bool convert)
{
    struct sqlx_expr *e = node(p, SQLX_EX_CAST, cur_pos(p));
    sqlx_sql__advance(p);
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) || !(e->left = sqlx_sql__expr(p)))
        return NULL;
    if (convert) {
        e->syntax = SQLX_SYN_CAST_CONVERT;
        if (accept_kw(p, SQLX_KW_USING)) {
            /* CONVERT(x USING utf8mb4): a character set conversion, kept as a function. */
            struct sqlx_expr *f = node(p, SQLX_EX_FUNC, e->pos);
            f->name = "convert";
            f->syntax = SQLX_SYN_KEYWORD_ARGS;
            sqlx_vec_push_arena(&f->list, p->a, e->left);
            int cpos = cur_pos(p);
            const char *cs = sqlx_sql__any_name(p, "a character set name");
            if (!cs)
                return NULL;
            struct sqlx_value v = sqlx_value_text(cs, strlen(cs));
            struct sqlx_expr *l = sqlx_ast_lit(p->a, SQLX_LIT_STRING, &v);
            l->pos = cpos;
            sqlx_vec_push_arena(&f->list, p->a, l);
            if (sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
                return NULL;
            return f;
        }
        if (sqlx_sql__expect_op(p, SQLX_TOP_COMMA))
            return NULL;
    } else if (sqlx_sql__expect_kw(p, SQLX_KW_AS)) {
        return NULL;
    }
    if (!(e->type = sqlx_sql__type(p)) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return e;
}

/* Interval unit words (MySQL units and PostgreSQL fields), lower-case. */
static const char interval_units[][24] = {
    "microsecond", "second", "minute", "hour", "day", "week", "month", "quarter", "year",
    "second_microsecond", "minute_microsecond", "minute_second", "hour_microsecond",
    "hour_second", "hour_minute", "day_microsecond", "day_second", "day_minute", "day_hour",
    "year_month", "millisecond", "decade", "century", "millennium",
};

static const char *interval_unit(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind != SQLX_TOK_WORD)
        return NULL;
    for (size_t i = 0; i < sizeof(interval_units) / sizeof(interval_units[0]); i++) {
        const char *u = interval_units[i];
        if (strlen(u) == t->rawlen && strncasecmp(u, t->raw, t->rawlen) == 0) {
            sqlx_sql__advance(p);
            return u;
        }
    }
    return NULL;
}

struct sqlx_expr *sqlx_sql__interval(struct sqlx_parser *p)
{
    struct sqlx_expr *e = node(p, SQLX_EX_INTERVAL, cur_pos(p));
    sqlx_sql__advance(p);
    if (p->d == SQLX_SQL_POSTGRES) {
        if (!(e->left = sqlx_sql__string_literal(p)))
            return NULL;
        const char *u = interval_unit(p);
        if (u && accept_kw(p, SQLX_KW_TO)) {
            const char *u2 = interval_unit(p);
            if (!u2) {
                sqlx_sql__expected(p, "an interval field");
                return NULL;
            }
            u = sqlx_arena_printf(p->a, "%s to %s", u, u2);
        }
        e->name = u;
        return e;
    }
    if (!(e->left = sqlx_sql__expr_at(p, p->lv->bitor_)))
        return NULL;
    if (!(e->name = interval_unit(p))) {
        sqlx_sql__expected(p, "an interval unit such as DAY");
        return NULL;
    }
    return e;
}

/* Function arguments after '(' up to and including ')'. */
static int parse_call_args(struct sqlx_parser *p, struct sqlx_expr *f)
{
    if (accept_op(p, SQLX_TOP_RPAREN))
        return 0;
    if (is_op(p, SQLX_TOP_STAR) && is_op_at(p, 1, SQLX_TOP_RPAREN)) {
        struct sqlx_expr *star = node(p, SQLX_EX_STAR, cur_pos(p));
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        sqlx_vec_push_arena(&f->list, p->a, star);
        return 0;
    }
    if (accept_kw(p, SQLX_KW_DISTINCT))
        f->distinct = true;
    else
        accept_kw(p, SQLX_KW_ALL);
    if (sqlx_sql__expr_list(p, &f->list))
        return p->rc;
    if (is_kw(p, SQLX_KW_ORDER)) {
        sqlx_sql__advance(p);
        if (sqlx_sql__expect_kw(p, SQLX_KW_BY) || sqlx_sql__order_list(p, &f->order_by))
            return p->rc;
    }
    if (p->d == SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_SEPARATOR)) {
        if (!(f->extra = sqlx_sql__string_literal(p)))
            return p->rc;
    }
    return sqlx_sql__expect_op(p, SQLX_TOP_RPAREN);
}

/* WITHIN GROUP, FILTER and OVER after a call. */
static int parse_call_suffix(struct sqlx_parser *p, struct sqlx_expr *f)
{
    if (is_kw(p, SQLX_KW_WITHIN) && is_kw_at(p, 1, SQLX_KW_GROUP)) {
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        if (f->order_by.len > 0)
            return sqlx_sql__error_at(p, p->prev.pos,
                                      "cannot use ORDER BY both inside the call and in WITHIN GROUP");
        if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) || sqlx_sql__expect_kw(p, SQLX_KW_ORDER) ||
            sqlx_sql__expect_kw(p, SQLX_KW_BY) || sqlx_sql__order_list(p, &f->order_by) ||
            sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
            return p->rc;
        f->within_group = true;
    }
    if (is_kw(p, SQLX_KW_FILTER) && is_op_at(p, 1, SQLX_TOP_LPAREN)) {
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        if (sqlx_sql__expect_kw(p, SQLX_KW_WHERE) || !(f->filter = sqlx_sql__expr(p)) ||
            sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
            return p->rc;
    }
    if (accept_kw(p, SQLX_KW_OVER)) {
        if (!(f->over = sqlx_sql__window_spec(p)))
            return p->rc;
    }
    return 0;
}

struct sqlx_expr *sqlx_sql__call(struct sqlx_parser *p, const char *schema, const char *name,
                                 int pos)
{
    struct sqlx_expr *f = node(p, SQLX_EX_FUNC, pos);
    bool saved = p->no_collate;
    f->schema = schema;
    f->name = name;
    p->no_collate = false;
    int rc = sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) || parse_call_args(p, f) ||
             parse_call_suffix(p, f);
    p->no_collate = saved;
    return rc ? NULL : f;
}

static struct sqlx_expr *lower_name_lit(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    int pos = t->pos;
    const char *s;
    if (t->kind == SQLX_TOK_STRING) {
        size_t n;
        if (!(s = sqlx_sql__string(p, &n)))
            return NULL;
        char *l = sqlx_arena_memdup(p->a, s, n);
        for (char *c = l; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        s = l;
    } else if (t->kind == SQLX_TOK_WORD) {
        s = sqlx_sql__lower(p, t);
        sqlx_sql__advance(p);
    } else {
        sqlx_sql__expected(p, "a field name");
        return NULL;
    }
    return sqlx_sql__lit_text(p, SQLX_LIT_STRING, s, strlen(s), pos);
}

/* EXTRACT(field FROM x) -> extract('field', x). */
static struct sqlx_expr *parse_extract(struct sqlx_parser *p, int pos)
{
    struct sqlx_expr *f = node(p, SQLX_EX_FUNC, pos), *field, *x;
    f->name = "extract";
    f->syntax = SQLX_SYN_KEYWORD_ARGS;
    if (!(field = lower_name_lit(p)) || sqlx_sql__expect_kw(p, SQLX_KW_FROM) ||
        !(x = sqlx_sql__expr(p)) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    sqlx_vec_push_arena(&f->list, p->a, field);
    sqlx_vec_push_arena(&f->list, p->a, x);
    return f;
}

/* SUBSTRING(x FROM a [FOR b]) / SUBSTRING(x, a[, b]); OVERLAY(x PLACING y FROM a [FOR b]). */
static struct sqlx_expr *parse_substring_args(struct sqlx_parser *p, const char *name, int pos);

/* Inside the parentheses COLLATE is an operator again (see sqlx_sql__call). */
struct sqlx_expr *sqlx_sql__substring(struct sqlx_parser *p, const char *name, int pos)
{
    bool saved = p->no_collate;
    p->no_collate = false;
    struct sqlx_expr *f = parse_substring_args(p, name, pos);
    p->no_collate = saved;
    return f;
}

static struct sqlx_expr *parse_substring_args(struct sqlx_parser *p, const char *name, int pos)
{
    struct sqlx_expr *f = node(p, SQLX_EX_FUNC, pos), *e;
    f->name = name;
    bool overlay = strcmp(name, "overlay") == 0;
    if (!(e = sqlx_sql__expr(p)))
        return NULL;
    sqlx_vec_push_arena(&f->list, p->a, e);
    if (overlay || is_kw(p, SQLX_KW_FROM)) {
        f->syntax = SQLX_SYN_KEYWORD_ARGS;
        if (overlay) {
            if (sqlx_sql__expect_kw(p, SQLX_KW_PLACING) || !(e = sqlx_sql__expr(p)))
                return NULL;
            sqlx_vec_push_arena(&f->list, p->a, e);
        }
        if (sqlx_sql__expect_kw(p, SQLX_KW_FROM) || !(e = sqlx_sql__expr(p)))
            return NULL;
        sqlx_vec_push_arena(&f->list, p->a, e);
        if (accept_kw(p, SQLX_KW_FOR)) {
            if (!(e = sqlx_sql__expr(p)))
                return NULL;
            sqlx_vec_push_arena(&f->list, p->a, e);
        }
    } else {
        while (accept_op(p, SQLX_TOP_COMMA)) {
            if (!(e = sqlx_sql__expr(p)))
                return NULL;
            sqlx_vec_push_arena(&f->list, p->a, e);
        }
    }
    if (sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return f;
}

/* POSITION(a IN b) -> position(a, b). */
static struct sqlx_expr *parse_position(struct sqlx_parser *p, int pos)
{
    struct sqlx_expr *f = node(p, SQLX_EX_FUNC, pos), *a, *b;
    f->name = "position";
    f->syntax = SQLX_SYN_KEYWORD_ARGS;
    if (!(a = sqlx_sql__expr_at(p, p->lv->pred + 1)) || sqlx_sql__expect_kw(p, SQLX_KW_IN) ||
        !(b = sqlx_sql__expr(p)) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    sqlx_vec_push_arena(&f->list, p->a, a);
    sqlx_vec_push_arena(&f->list, p->a, b);
    return f;
}

/* TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) / TRIM(s [, chars]) -> trim(s [, chars]). */
static struct sqlx_expr *parse_trim(struct sqlx_parser *p, int pos)
{
    struct sqlx_expr *f = node(p, SQLX_EX_FUNC, pos), *chars = NULL, *s;
    f->name = "trim";
    if (accept_kw(p, SQLX_KW_BOTH))
        f->form = SQLX_FN_TRIM_BOTH;
    else if (accept_kw(p, SQLX_KW_LEADING))
        f->form = SQLX_FN_TRIM_LEADING;
    else if (accept_kw(p, SQLX_KW_TRAILING))
        f->form = SQLX_FN_TRIM_TRAILING;
    if (f->form != SQLX_FN_PLAIN)
        f->syntax = SQLX_SYN_KEYWORD_ARGS;
    if (f->form != SQLX_FN_PLAIN && accept_kw(p, SQLX_KW_FROM)) {
        if (!(s = sqlx_sql__expr(p)))
            return NULL;
    } else {
        if (!(s = sqlx_sql__expr(p)))
            return NULL;
        if (accept_kw(p, SQLX_KW_FROM)) {
            f->syntax = SQLX_SYN_KEYWORD_ARGS;
            if (f->form == SQLX_FN_PLAIN)
                f->form = SQLX_FN_TRIM_BOTH;
            chars = s;
            if (!(s = sqlx_sql__expr(p)))
                return NULL;
        } else if (f->form == SQLX_FN_PLAIN && accept_op(p, SQLX_TOP_COMMA)) {
            if (!(chars = sqlx_sql__expr(p)))
                return NULL;
        } else if (f->form != SQLX_FN_PLAIN) {
            sqlx_sql__expected(p, "FROM");
            return NULL;
        }
    }
    sqlx_vec_push_arena(&f->list, p->a, s);
    if (chars)
        sqlx_vec_push_arena(&f->list, p->a, chars);
    if (sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return f;
}

/* CURRENT_DATE, CURRENT_TIMESTAMP[(n)], ... as calls without parentheses. */
struct sqlx_expr *sqlx_sql__niladic(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    struct sqlx_expr *f = node(p, SQLX_EX_FUNC, t->pos);
    f->name = sqlx_sql__lower(p, t);
    sqlx_sql__advance(p);
    if (is_op(p, SQLX_TOP_LPAREN)) {
        sqlx_sql__advance(p);
        if (parse_call_args(p, f))
            return NULL;
        return f;
    }
    f->syntax = SQLX_SYN_NO_PARENS;
    return f;
}

/* A keyword followed by '(': EXTRACT, SUBSTRING, OVERLAY, POSITION and TRIM with their keyword
 * argument forms, any other keyword as a plain call. NULL, with nothing consumed, when no '('
 * follows. */
struct sqlx_expr *sqlx_sql__keyword_call(struct sqlx_parser *p, const struct sqlx_token *t)
{
    enum sqlx_sql_dialect d = p->d;
    int pos = t->pos;
    enum sqlx_kw kw = t->kw; /* t is the look-ahead slot: it changes when tokens are consumed */
    if (!is_op_at(p, 1, SQLX_TOP_LPAREN))
        return NULL;
    const char *name = sqlx_sql__lower(p, t);
    sqlx_sql__advance(p);
    switch (kw) {
    case SQLX_KW_EXTRACT:
        sqlx_sql__advance(p);
        return parse_extract(p, pos);
    case SQLX_KW_SUBSTRING:
        sqlx_sql__advance(p);
        return sqlx_sql__substring(p, "substring", pos);
    case SQLX_KW_OVERLAY:
        if (d != SQLX_SQL_POSTGRES)
            break;
        sqlx_sql__advance(p);
        return sqlx_sql__substring(p, "overlay", pos);
    case SQLX_KW_POSITION:
        if (d == SQLX_SQL_SQLITE)
            break;
        sqlx_sql__advance(p);
        return parse_position(p, pos);
    case SQLX_KW_TRIM:
        sqlx_sql__advance(p);
        return parse_trim(p, pos);
    default:
        break;
    }
    /* Any other keyword followed by '(' is a function: LEFT(s, 2), REPLACE(...), IF(...),
     * VALUES(col) in ON DUPLICATE KEY UPDATE, MOD(a, b). */
    return sqlx_sql__call(p, NULL, name, pos);
}
