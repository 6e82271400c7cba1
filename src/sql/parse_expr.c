/* Expression grammar: precedence climbing over each dialect's operator table, prefix operators,
 * postfix :: casts and primaries (literals, placeholders, column references, EXISTS / IN / ANY /
 * ALL subqueries, ARRAY, ROW, typed literals, MySQL BINARY x as x COLLATE binary); calls and the
 * special forms with keyword syntax (CASE, CAST, INTERVAL, EXTRACT, ...) are in parse_call.c.
 * Owns the precedence tables; must not parse statements (queries come from parse_select.c).
 *
 * Levels, loosest first (higher numbers bind tighter):
 *   PostgreSQL  OR 1, AND 2, NOT 3, IS ISNULL NOTNULL 4, comparisons 5, BETWEEN IN LIKE ILIKE
 *               SIMILAR 6, other operators (|| -> @> ~ & | # << ...) 7, + - 8, * / % 9, ^ 10,
 *               COLLATE AT TIME ZONE 11, unary + - 12, [] 13, :: 14
 *   MySQL       := 1, OR || 2, XOR 3, AND && 4, NOT 5, comparisons IS 7, BETWEEN IN LIKE
 *               REGEXP 8, | 9, & 10, << >> 11, + - 12, * / DIV % MOD 13, ^ 14, || under
 *               PIPES_AS_CONCAT 15, unary - ~ ! 16, COLLATE 17, -> ->> 18
 *   SQLite      OR 1, AND 2, NOT 3, = == != <> IS IN LIKE GLOB MATCH REGEXP BETWEEN ISNULL
 *               NOTNULL 4, < <= > >= 5, ESCAPE 6, & | << >> 7, + - 8, * / % 9, || -> ->> 10,
 *               COLLATE 11, unary 12 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql/parse_int.h"

static const struct sqlx_sql__levels levels_pg = {
    .not_ = 3, .is = 4, .cmp = 5, .pred = 6, .bitor_ = 7, .unary = 12,
};
static const struct sqlx_sql__levels levels_my = {
    .not_ = 5, .is = 7, .cmp = 7, .pred = 8, .bitor_ = 9, .unary = 16,
};
static const struct sqlx_sql__levels levels_lite = {
    .not_ = 3, .is = 4, .cmp = 4, .pred = 4, .bitor_ = 5, .unary = 12,
};

const struct sqlx_sql__levels *sqlx_sql__levels_for(enum sqlx_sql_dialect d)
{
    switch (d) {
    case SQLX_SQL_MYSQL:
        return &levels_my;
    case SQLX_SQL_SQLITE:
        return &levels_lite;
    default:
        return &levels_pg;
    }
}

/* What an infix or postfix operator at the current token does. */
enum ifx_kind {
    IFX_BINARY,   /* left op right */
    IFX_IS,       /* IS [NOT] ... */
    IFX_ISNULL,   /* ISNULL / NOTNULL / NOT NULL (negated for the last two) */
    IFX_IN,
    IFX_BETWEEN,
    IFX_LIKE,     /* LIKE ILIKE GLOB REGEXP RLIKE MATCH SIMILAR TO ~ ~* !~ !~* with op */
    IFX_COLLATE,
    IFX_CAST,     /* :: */
    IFX_SUBSCRIPT,/* [ */
    IFX_AT_TZ,    /* AT TIME ZONE */
};

struct infix {
    enum ifx_kind kind;
    enum sqlx_op op;
    int level;
    int ntok;             /* tokens making up the operator */
    bool negated;
    bool right_assoc;
    enum sqlx_syntax syntax;
};

static bool set_ifx(struct infix *f, enum ifx_kind kind, enum sqlx_op op, int level, int ntok)
{
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->op = op;
    f->level = level;
    f->ntok = ntok;
    return true;
}

/* Level of an operator class per dialect: {pg, mysql, sqlite}; 0 = not an operator there. */
enum opclass {
    OC_OR, OC_AND, OC_CMP, OC_REL, OC_OTHER, OC_BITOR, OC_BITAND, OC_SHIFT, OC_ADD, OC_MUL,
    OC_POW, OC_CONCAT, OC_JSON, OC_COLLATE, OC_SUBSCRIPT, OC_CAST, OC_XOR, OC_ASSIGN,
};

static const int oclevels[][3] = {
    [OC_OR] = { 1, 2, 1 },       [OC_AND] = { 2, 4, 2 },     [OC_CMP] = { 5, 7, 4 },
    [OC_REL] = { 5, 7, 5 },      [OC_OTHER] = { 7, 0, 0 },   [OC_BITOR] = { 7, 9, 7 },
    [OC_BITAND] = { 7, 10, 7 },  [OC_SHIFT] = { 7, 11, 7 },  [OC_ADD] = { 8, 12, 8 },
    [OC_MUL] = { 9, 13, 9 },     [OC_POW] = { 10, 14, 0 },   [OC_CONCAT] = { 7, 15, 10 },
    [OC_JSON] = { 7, 18, 10 },   [OC_COLLATE] = { 11, 17, 11 }, [OC_SUBSCRIPT] = { 13, 0, 0 },
    [OC_CAST] = { 14, 0, 0 },    [OC_XOR] = { 0, 3, 0 },     [OC_ASSIGN] = { 0, 1, 0 },
};

static int lvl(const struct sqlx_parser *p, enum opclass c)
{
    return oclevels[c][p->d == SQLX_SQL_POSTGRES ? 0 : p->d == SQLX_SQL_MYSQL ? 1 : 2];
}

static bool bin(struct sqlx_parser *p, struct infix *f, enum sqlx_op op, enum opclass c)
{
    int l = lvl(p, c);
    if (l == 0)
        return false;
    return set_ifx(f, IFX_BINARY, op, l, 1);
}

static bool infix_op(struct sqlx_parser *p, const struct sqlx_token *t, struct infix *f)
{
    bool my = p->d == SQLX_SQL_MYSQL, pg = p->d == SQLX_SQL_POSTGRES;
    switch (t->op) {
    case SQLX_TOP_EQ:
        return bin(p, f, SQLX_OP_EQ, OC_CMP);
    case SQLX_TOP_EQEQ:
        bin(p, f, SQLX_OP_EQ, OC_CMP);
        f->syntax = SQLX_SYN_EQ_DOUBLE;
        return true;
    case SQLX_TOP_NE:
        return bin(p, f, SQLX_OP_NEQ, OC_CMP);
    case SQLX_TOP_BANGEQ:
        bin(p, f, SQLX_OP_NEQ, OC_CMP);
        f->syntax = SQLX_SYN_NEQ_BANG;
        return true;
    case SQLX_TOP_LT:
        return bin(p, f, SQLX_OP_LT, OC_REL);
    case SQLX_TOP_LE:
        return bin(p, f, SQLX_OP_LTE, OC_REL);
    case SQLX_TOP_GT:
        return bin(p, f, SQLX_OP_GT, OC_REL);
    case SQLX_TOP_GE:
        return bin(p, f, SQLX_OP_GTE, OC_REL);
    case SQLX_TOP_NULLSAFE_EQ:
        if (!my)
            return false;
        bin(p, f, SQLX_OP_IS_DISTINCT, OC_CMP);
        f->negated = true;
        f->syntax = SQLX_SYN_SYMBOLIC;
        return true;
    case SQLX_TOP_CONCAT:
        if (my && !(p->flags & SQLX_LEX_PIPES_AS_CONCAT)) {
            bin(p, f, SQLX_OP_OR, OC_OR);
            f->syntax = SQLX_SYN_SYMBOLIC;
            return true;
        }
        return bin(p, f, SQLX_OP_CONCAT, OC_CONCAT);
    case SQLX_TOP_AMPAMP:
        if (my) {
            bin(p, f, SQLX_OP_AND, OC_AND);
            f->syntax = SQLX_SYN_SYMBOLIC;
            return true;
        }
        return pg && bin(p, f, SQLX_OP_OVERLAP, OC_OTHER);
    case SQLX_TOP_PIPE:
        return bin(p, f, SQLX_OP_BITOR, OC_BITOR);
    case SQLX_TOP_AMP:
        return bin(p, f, SQLX_OP_BITAND, OC_BITAND);
    case SQLX_TOP_HASH:
        return pg && bin(p, f, SQLX_OP_BITXOR, OC_OTHER);
    case SQLX_TOP_CARET:
        if (my)
            return bin(p, f, SQLX_OP_BITXOR, OC_POW);
        return bin(p, f, SQLX_OP_POW, OC_POW);
    case SQLX_TOP_SHL:
        return bin(p, f, SQLX_OP_SHL, OC_SHIFT);
    case SQLX_TOP_SHR:
        return bin(p, f, SQLX_OP_SHR, OC_SHIFT);
    case SQLX_TOP_PLUS:
        return bin(p, f, SQLX_OP_ADD, OC_ADD);
    case SQLX_TOP_MINUS:
        return bin(p, f, SQLX_OP_SUB, OC_ADD);
    case SQLX_TOP_STAR:
        return bin(p, f, SQLX_OP_MUL, OC_MUL);
    case SQLX_TOP_SLASH:
        return bin(p, f, SQLX_OP_DIV, OC_MUL);
    case SQLX_TOP_PERCENT:
        return bin(p, f, SQLX_OP_MOD, OC_MUL);
    case SQLX_TOP_ARROW:
        return bin(p, f, SQLX_OP_JSON_GET, OC_JSON);
    case SQLX_TOP_ARROW2:
        return bin(p, f, SQLX_OP_JSON_GET_TEXT, OC_JSON);
    case SQLX_TOP_HASH_GT:
        return pg && bin(p, f, SQLX_OP_JSON_PATH, OC_OTHER);
    case SQLX_TOP_HASH_GT2:
        return pg && bin(p, f, SQLX_OP_JSON_PATH_TEXT, OC_OTHER);
    case SQLX_TOP_AT_GT:
        return pg && bin(p, f, SQLX_OP_CONTAINS, OC_OTHER);
    case SQLX_TOP_LT_AT:
        return pg && bin(p, f, SQLX_OP_CONTAINED_BY, OC_OTHER);
    case SQLX_TOP_ATAT:
        return pg && bin(p, f, SQLX_OP_TS_MATCH, OC_OTHER);
    case SQLX_TOP_QUESTION:
        return pg && bin(p, f, SQLX_OP_JSON_HAS, OC_OTHER);
    case SQLX_TOP_Q_PIPE:
        return pg && bin(p, f, SQLX_OP_JSON_HAS_ANY, OC_OTHER);
    case SQLX_TOP_Q_AMP:
        return pg && bin(p, f, SQLX_OP_JSON_HAS_ALL, OC_OTHER);
    case SQLX_TOP_TILDE:
    case SQLX_TOP_TILDE_STAR:
    case SQLX_TOP_NOT_TILDE:
    case SQLX_TOP_NOT_TILDE_STAR:
        if (!pg)
            return false;
        set_ifx(f, IFX_LIKE,
                t->op == SQLX_TOP_TILDE || t->op == SQLX_TOP_NOT_TILDE ? SQLX_OP_REGEXP
                                                                        : SQLX_OP_IREGEXP,
                lvl(p, OC_OTHER), 1);
        f->negated = t->op == SQLX_TOP_NOT_TILDE || t->op == SQLX_TOP_NOT_TILDE_STAR;
        f->syntax = SQLX_SYN_SYMBOLIC;
        return true;
    case SQLX_TOP_OTHER:
        return pg && bin(p, f, SQLX_OP_OTHER, OC_OTHER);
    case SQLX_TOP_CAST:
        return pg && set_ifx(f, IFX_CAST, SQLX_OP_NONE, lvl(p, OC_CAST), 1);
    case SQLX_TOP_LBRACKET:
        return pg && set_ifx(f, IFX_SUBSCRIPT, SQLX_OP_NONE, lvl(p, OC_SUBSCRIPT), 1);
    case SQLX_TOP_ASSIGN:
        if (!my)
            return false;
        bin(p, f, SQLX_OP_ASSIGN, OC_ASSIGN);
        f->right_assoc = true;
        return true;
    default:
        return false;
    }
}

/* The predicate keyword at token k (after an optional NOT): LIKE, IN, BETWEEN, ... */
static bool pred_kw(struct sqlx_parser *p, int k, struct infix *f, bool negated)
{
    const struct sqlx_token *t = sqlx_sql__peek(p, k);
    enum sqlx_sql_dialect d = p->d;
    int lv = p->lv->pred, n = k + 1;
    if (t->kind != SQLX_TOK_WORD)
        return false;
    switch (t->kw) {
    case SQLX_KW_IN:
        set_ifx(f, IFX_IN, SQLX_OP_NONE, lv, n);
        break;
    case SQLX_KW_BETWEEN:
        set_ifx(f, IFX_BETWEEN, SQLX_OP_NONE, lv, n);
        break;
    case SQLX_KW_LIKE:
        set_ifx(f, IFX_LIKE, SQLX_OP_LIKE, lv, n);
        break;
    case SQLX_KW_ILIKE:
        if (d != SQLX_SQL_POSTGRES)
            return false;
        set_ifx(f, IFX_LIKE, SQLX_OP_ILIKE, lv, n);
        break;
    case SQLX_KW_SIMILAR:
        if (d != SQLX_SQL_POSTGRES || !is_kw_at(p, k + 1, SQLX_KW_TO))
            return false;
        set_ifx(f, IFX_LIKE, SQLX_OP_SIMILAR, lv, n + 1);
        break;
    case SQLX_KW_REGEXP:
    case SQLX_KW_RLIKE:
        if (d == SQLX_SQL_POSTGRES || (t->kw == SQLX_KW_RLIKE && d != SQLX_SQL_MYSQL))
            return false;
        set_ifx(f, IFX_LIKE, SQLX_OP_REGEXP, lv, n);
        if (t->kw == SQLX_KW_RLIKE)
            f->syntax = SQLX_SYN_RLIKE;
        break;
    case SQLX_KW_GLOB:
    case SQLX_KW_MATCH:
        if (d != SQLX_SQL_SQLITE)
            return false;
        set_ifx(f, IFX_LIKE, t->kw == SQLX_KW_GLOB ? SQLX_OP_GLOB : SQLX_OP_MATCH, lv, n);
        break;
    default:
        return false;
    }
    f->negated = negated;
    return true;
}

static bool infix_kw(struct sqlx_parser *p, const struct sqlx_token *t, struct infix *f)
{
    enum sqlx_sql_dialect d = p->d;
    switch (t->kw) {
    case SQLX_KW_OR:
        return bin(p, f, SQLX_OP_OR, OC_OR);
    case SQLX_KW_AND:
        return bin(p, f, SQLX_OP_AND, OC_AND);
    case SQLX_KW_XOR:
        return bin(p, f, SQLX_OP_XOR, OC_XOR);
    case SQLX_KW_DIV:
        if (d != SQLX_SQL_MYSQL)
            return false;
        bin(p, f, SQLX_OP_INTDIV, OC_MUL);
        return true;
    case SQLX_KW_MOD:
        if (d != SQLX_SQL_MYSQL)
            return false;
        bin(p, f, SQLX_OP_MOD, OC_MUL);
        f->syntax = SQLX_SYN_KEYWORD;
        return true;
    case SQLX_KW_IS:
        return set_ifx(f, IFX_IS, SQLX_OP_NONE, p->lv->is, 1);
    case SQLX_KW_ISNULL:
    case SQLX_KW_NOTNULL:
        if (d == SQLX_SQL_MYSQL)
            return false;
        set_ifx(f, IFX_ISNULL, SQLX_OP_NONE, p->lv->is, 1);
        f->negated = t->kw == SQLX_KW_NOTNULL;
        f->syntax = SQLX_SYN_ISNULL;
        return true;
    case SQLX_KW_COLLATE:
        if (p->no_collate)
            return false;
        return set_ifx(f, IFX_COLLATE, SQLX_OP_NONE, lvl(p, OC_COLLATE), 1);
    case SQLX_KW_AT:
        if (d != SQLX_SQL_POSTGRES || !is_kw_at(p, 1, SQLX_KW_TIME) ||
            !is_kw_at(p, 2, SQLX_KW_ZONE))
            return false;
        return set_ifx(f, IFX_AT_TZ, SQLX_OP_NONE, lvl(p, OC_COLLATE), 3);
    case SQLX_KW_NOT:
        if (d == SQLX_SQL_SQLITE && is_kw_at(p, 1, SQLX_KW_NULL)) {
            set_ifx(f, IFX_ISNULL, SQLX_OP_NONE, p->lv->is, 2);
            f->negated = true;
            f->syntax = SQLX_SYN_KEYWORD;
            return true;
        }
        return pred_kw(p, 1, f, true);
    default:
        return pred_kw(p, 0, f, false);
    }
}

static bool infix_of(struct sqlx_parser *p, struct infix *f)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind == SQLX_TOK_OP)
        return infix_op(p, t, f);
    if (t->kind == SQLX_TOK_WORD)
        return infix_kw(p, t, f);
    return false;
}

static struct sqlx_expr *parse_binary(struct sqlx_parser *p, int min_level);
static struct sqlx_expr *parse_primary(struct sqlx_parser *p);

struct sqlx_expr *sqlx_sql__expr(struct sqlx_parser *p)
{
    return parse_binary(p, 1);
}

struct sqlx_expr *sqlx_sql__expr_at(struct sqlx_parser *p, int min_level)
{
    return parse_binary(p, min_level);
}

int sqlx_sql__expr_list(struct sqlx_parser *p, struct sqlx_vec *out)
{
    do {
        struct sqlx_expr *e = sqlx_sql__expr(p);
        if (!e)
            return p->rc;
        sqlx_vec_push_arena(out, p->a, e);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return 0;
}

const char *sqlx_sql__string(struct sqlx_parser *p, size_t *len)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind != SQLX_TOK_STRING) {
        sqlx_sql__expected(p, "a string constant");
        return NULL;
    }
    const char *s = t->val;
    size_t n = t->vlen;
    sqlx_sql__advance(p);
    /* Adjacent constants are one: PostgreSQL needs a newline between them, MySQL nothing. */
    for (;;) {
        t = tok(p);
        if (t->kind != SQLX_TOK_STRING || t->syntax == SQLX_SYN_STR_DOLLAR ||
            p->d == SQLX_SQL_SQLITE || (p->d == SQLX_SQL_POSTGRES && !t->nl_before))
            break;
        char *j = sqlx_arena_alloc(p->a, n + t->vlen + 1);
        memcpy(j, s, n);
        memcpy(j + n, t->val, t->vlen);
        j[n + t->vlen] = '\0';
        s = j;
        n += t->vlen;
        sqlx_sql__advance(p);
    }
    if (len)
        *len = n;
    return s;
}

struct sqlx_expr *sqlx_sql__string_literal(struct sqlx_parser *p)
{
    int pos = cur_pos(p);
    enum sqlx_syntax syn = tok(p)->syntax;
    size_t n;
    const char *s = sqlx_sql__string(p, &n);
    if (!s)
        return NULL;
    struct sqlx_value v = sqlx_value_text(s, n);
    struct sqlx_expr *e = sqlx_ast_lit(p->a, SQLX_LIT_STRING, &v);
    e->pos = pos;
    e->syntax = syn;
    return e;
}

struct sqlx_expr *sqlx_sql__lit_text(struct sqlx_parser *p, enum sqlx_lit_kind kind, const char *s,
                                     size_t n, int pos)
{
    struct sqlx_value v = sqlx_value_text(s, n);
    struct sqlx_expr *e = sqlx_ast_lit(p->a, kind, &v);
    e->pos = pos;
    return e;
}

static struct sqlx_expr *number_literal(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    int pos = t->pos;
    struct sqlx_expr *e;
    if (t->kind == SQLX_TOK_INTEGER) {
        int64_t v = 0;
        bool fits = true;
        for (size_t i = 0; i < t->rawlen; i++) {
            int dgt = t->raw[i] - '0';
            if (v > (INT64_MAX - dgt) / 10) {
                fits = false;
                break;
            }
            v = v * 10 + dgt;
        }
        if (fits) {
            struct sqlx_value val = sqlx_value_int(v);
            e = sqlx_ast_lit(p->a, SQLX_LIT_INTEGER, &val);
            e->pos = pos;
        } else {
            e = sqlx_sql__lit_text(p, SQLX_LIT_DECIMAL, t->raw, t->rawlen, pos);
        }
    } else if (t->kind == SQLX_TOK_DECIMAL) {
        e = sqlx_sql__lit_text(p, SQLX_LIT_DECIMAL, t->raw, t->rawlen, pos);
    } else {
        e = sqlx_sql__lit_text(p, SQLX_LIT_FLOAT, t->raw, t->rawlen, pos);
    }
    sqlx_sql__advance(p);
    return e;
}

static int hexv(char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* 0x1F: a binary string in MySQL, an integer elsewhere. */
static struct sqlx_expr *hex_literal(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    int pos = t->pos;
    struct sqlx_expr *e;
    if (p->d == SQLX_SQL_MYSQL) {
        size_t n = (t->vlen + 1) / 2;
        char *b = sqlx_arena_alloc(p->a, n + 1);
        size_t i = 0, o = 0;
        if (t->vlen % 2)
            b[o++] = (char)hexv(t->val[i++]);
        for (; i < t->vlen; i += 2)
            b[o++] = (char)(hexv(t->val[i]) * 16 + hexv(t->val[i + 1]));
        b[n] = '\0';
        struct sqlx_value v = sqlx_value_blob(b, n);
        e = sqlx_ast_lit(p->a, SQLX_LIT_BLOB, &v);
    } else {
        size_t i = 0;
        while (i + 1 < t->vlen && t->val[i] == '0')
            i++;
        if (t->vlen - i > 16) {
            sqlx_sql__error_at(p, pos, "hexadecimal literal is too big");
            return NULL;
        }
        uint64_t u = 0;
        for (; i < t->vlen; i++)
            u = u * 16 + (uint64_t)hexv(t->val[i]);
        if (u > (uint64_t)INT64_MAX && p->d == SQLX_SQL_POSTGRES) {
            char buf[32];
            snprintf(buf, sizeof(buf), "%llu", (unsigned long long)u);
            e = sqlx_sql__lit_text(p, SQLX_LIT_DECIMAL, sqlx_arena_strdup(p->a, buf), strlen(buf),
                                   pos);
        } else {
            /* SQLite reads 64-bit hex as two's complement. */
            struct sqlx_value v = sqlx_value_int((int64_t)u);
            e = sqlx_ast_lit(p->a, SQLX_LIT_INTEGER, &v);
        }
    }
    e->pos = pos;
    e->syntax = SQLX_SYN_HEX_NUMBER;
    sqlx_sql__advance(p);
    return e;
}

/* Parses "(SELECT ...)" after the '(' was seen at pos; returns the query or NULL. */
static struct sqlx_select *paren_query(struct sqlx_parser *p)
{
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
        return NULL;
    struct sqlx_select *q = sqlx_sql__query(p);
    if (!q || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return q;
}

static bool at_paren_query_at1(struct sqlx_parser *p)
{
    if (!is_op_at(p, 1, SQLX_TOP_LPAREN))
        return false;
    const struct sqlx_token *t = sqlx_sql__peek(p, 2);
    return t->kind == SQLX_TOK_WORD &&
           (t->kw == SQLX_KW_SELECT || t->kw == SQLX_KW_WITH || t->kw == SQLX_KW_VALUES);
}

static bool at_paren_query(struct sqlx_parser *p)
{
    if (!is_op(p, SQLX_TOP_LPAREN))
        return false;
    const struct sqlx_token *t = sqlx_sql__peek(p, 1);
    return t->kind == SQLX_TOK_WORD &&
           (t->kw == SQLX_KW_SELECT || t->kw == SQLX_KW_WITH || t->kw == SQLX_KW_VALUES);
}

static struct sqlx_expr *parse_in(struct sqlx_parser *p, struct sqlx_expr *left, bool negated,
                                  int pos)
{
    struct sqlx_expr *e = node(p, SQLX_EX_IN, pos);
    e->left = left;
    e->negated = negated;
    if (at_paren_query(p)) {
        if (!(e->subquery = paren_query(p)))
            return NULL;
        return e;
    }
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
        return NULL;
    if (p->d == SQLX_SQL_SQLITE && accept_op(p, SQLX_TOP_RPAREN))
        return e; /* SQLite accepts an empty list */
    if (sqlx_sql__expr_list(p, &e->list) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return e;
}

static struct sqlx_expr *parse_is(struct sqlx_parser *p, struct sqlx_expr *left, int pos)
{
    bool negated = accept_kw(p, SQLX_KW_NOT);
    struct sqlx_expr *e;
    if (accept_kw(p, SQLX_KW_NULL)) {
        e = node(p, SQLX_EX_IS_NULL, pos);
    } else if (is_kw(p, SQLX_KW_TRUE) || is_kw(p, SQLX_KW_FALSE) || is_kw(p, SQLX_KW_UNKNOWN)) {
        e = node(p, SQLX_EX_IS_TRUTH, pos);
        if (is_kw(p, SQLX_KW_UNKNOWN))
            e->value = sqlx_value_null();
        else
            e->value = sqlx_value_bool(is_kw(p, SQLX_KW_TRUE));
        sqlx_sql__advance(p);
    } else if (accept_kw(p, SQLX_KW_DISTINCT)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_FROM))
            return NULL;
        e = node(p, SQLX_EX_BINARY, pos);
        e->op = SQLX_OP_IS_DISTINCT;
        /* IS DISTINCT FROM is "not equal"; negated (IS NOT DISTINCT FROM) is "equal". */
        if (!(e->right = parse_binary(p, p->lv->is + 1)))
            return NULL;
    } else if (p->d == SQLX_SQL_SQLITE) {
        /* SQLite: a IS b is a IS NOT DISTINCT FROM b; a IS NOT b is IS DISTINCT FROM. */
        e = node(p, SQLX_EX_BINARY, pos);
        e->op = SQLX_OP_IS_DISTINCT;
        e->syntax = SQLX_SYN_IS;
        if (!(e->right = parse_binary(p, p->lv->is + 1)))
            return NULL;
        e->left = left;
        e->negated = !negated;
        return e;
    } else {
        sqlx_sql__expected(p, "NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS");
        return NULL;
    }
    e->left = left;
    e->negated = negated;
    return e;
}

static struct sqlx_expr *parse_quantified(struct sqlx_parser *p, struct sqlx_expr *left,
                                          enum sqlx_op op, int pos)
{
    struct sqlx_expr *e = node(p, SQLX_EX_QUANTIFIED, pos);
    e->left = left;
    e->op = op;
    e->all = is_kw(p, SQLX_KW_ALL);
    if (is_kw(p, SQLX_KW_SOME))
        e->syntax = SQLX_SYN_SOME;
    sqlx_sql__advance(p);
    if (at_paren_query(p)) {
        if (!(e->subquery = paren_query(p)))
            return NULL;
        return e;
    }
    if (p->d != SQLX_SQL_POSTGRES) {
        sqlx_sql__expected(p, "a subquery after ANY / ALL");
        return NULL;
    }
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) || !(e->right = sqlx_sql__expr(p)) ||
        sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return e;
}

static bool is_comparison(enum sqlx_op op)
{
    return op == SQLX_OP_EQ || op == SQLX_OP_NEQ || op == SQLX_OP_LT || op == SQLX_OP_LTE ||
           op == SQLX_OP_GT || op == SQLX_OP_GTE;
}

static struct sqlx_expr *parse_subscript(struct sqlx_parser *p, struct sqlx_expr *left, int pos)
{
    struct sqlx_expr *e = node(p, SQLX_EX_SUBSCRIPT, pos);
    e->left = left;
    if (!is_op(p, SQLX_TOP_COLON) && !(e->right = sqlx_sql__expr(p)))
        return NULL;
    if (accept_op(p, SQLX_TOP_COLON)) {
        e->slice = true;
        if (!is_op(p, SQLX_TOP_RBRACKET) && !(e->extra = sqlx_sql__expr(p)))
            return NULL;
    } else if (!e->right) {
        sqlx_sql__expected(p, "an expression");
        return NULL;
    }
    if (sqlx_sql__expect_op(p, SQLX_TOP_RBRACKET))
        return NULL;
    return e;
}

static const char *collation_name(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind == SQLX_TOK_STRING && p->d != SQLX_SQL_POSTGRES)
        return sqlx_sql__string(p, NULL);
    const char *n = sqlx_sql__any_name(p, "a collation name");
    if (n && accept_op(p, SQLX_TOP_DOT)) /* pg_catalog."C" */
        n = sqlx_sql__any_name(p, "a collation name");
    return n;
}

/* Applies the infix operator f (current token) to left. */
static struct sqlx_expr *apply_infix(struct sqlx_parser *p, struct sqlx_expr *left,
                                     const struct infix *f)
{
    int pos = cur_pos(p);
    const char *optext = NULL;
    if (f->op == SQLX_OP_OTHER)
        optext = sqlx_arena_memdup(p->a, tok(p)->raw, tok(p)->rawlen);
    for (int i = 0; i < f->ntok; i++)
        sqlx_sql__advance(p);
    struct sqlx_expr *e;
    switch (f->kind) {
    case IFX_BINARY:
        if (is_comparison(f->op) && (is_kw(p, SQLX_KW_ANY) || is_kw(p, SQLX_KW_SOME) ||
                                     is_kw(p, SQLX_KW_ALL)) &&
            is_op_at(p, 1, SQLX_TOP_LPAREN))
            return parse_quantified(p, left, f->op, pos);
        e = node(p, SQLX_EX_BINARY, pos);
        e->op = f->op;
        e->negated = f->negated;
        e->syntax = f->syntax;
        e->name = optext;
        e->left = left;
        if (!(e->right = parse_binary(p, f->right_assoc ? f->level : f->level + 1)))
            return NULL;
        return e;
    case IFX_IS:
        return parse_is(p, left, pos);
    case IFX_ISNULL:
        e = node(p, SQLX_EX_IS_NULL, pos);
        e->left = left;
        e->negated = f->negated;
        e->syntax = f->syntax;
        return e;
    case IFX_IN:
        return parse_in(p, left, f->negated, pos);
    case IFX_BETWEEN: {
        e = node(p, SQLX_EX_BETWEEN, pos);
        e->left = left;
        e->negated = f->negated;
        if (accept_kw(p, SQLX_KW_SYMMETRIC))
            e->symmetric = true;
        else
            accept_kw(p, SQLX_KW_ASYMMETRIC);
        int bound = p->lv->bitor_;
        if (!(e->right = parse_binary(p, bound)) || sqlx_sql__expect_kw(p, SQLX_KW_AND) ||
            !(e->extra = parse_binary(p, bound)))
            return NULL;
        return e;
    }
    case IFX_LIKE:
        e = node(p, SQLX_EX_BINARY, pos);
        e->op = f->op;
        e->negated = f->negated;
        e->syntax = f->syntax;
        e->left = left;
        if (!(e->right = parse_binary(p, f->level + 1)))
            return NULL;
        if ((f->op == SQLX_OP_LIKE || f->op == SQLX_OP_ILIKE || f->op == SQLX_OP_SIMILAR ||
             f->op == SQLX_OP_GLOB) &&
            accept_kw(p, SQLX_KW_ESCAPE)) {
            if (!(e->extra = parse_binary(p, f->level + 1)))
                return NULL;
        }
        return e;
    case IFX_COLLATE:
        e = node(p, SQLX_EX_COLLATE, pos);
        e->left = left;
        if (!(e->name = collation_name(p)))
            return NULL;
        return e;
    case IFX_CAST:
        e = node(p, SQLX_EX_CAST, pos);
        e->left = left;
        e->syntax = SQLX_SYN_CAST_COLONS;
        if (!(e->type = sqlx_sql__type(p)))
            return NULL;
        return e;
    case IFX_SUBSCRIPT:
        return parse_subscript(p, left, pos);
    case IFX_AT_TZ: {
        /* ts AT TIME ZONE z is PostgreSQL's timezone(z, ts). */
        e = node(p, SQLX_EX_FUNC, pos);
        e->name = "timezone";
        e->syntax = SQLX_SYN_KEYWORD_ARGS;
        struct sqlx_expr *zone = parse_binary(p, f->level + 1);
        if (!zone)
            return NULL;
        sqlx_vec_push_arena(&e->list, p->a, zone);
        sqlx_vec_push_arena(&e->list, p->a, left);
        return e;
    }
    }
    sqlx_sql__error_at(p, pos, "unknown operator");
    return NULL;
}

/* Prefix operators: NOT, unary - + ~, MySQL !, PostgreSQL prefix operators; else a primary. */
static struct sqlx_expr *parse_prefix(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    int pos = t->pos;
    enum sqlx_op op = SQLX_OP_NONE;
    int level = p->lv->unary;
    enum sqlx_syntax syn = SQLX_SYN_DEFAULT;
    const char *optext = NULL;

    if (t->kind == SQLX_TOK_WORD && t->kw == SQLX_KW_BINARY && p->d == SQLX_SQL_MYSQL) {
        /* MySQL BINARY x compares and sorts x byte by byte: x COLLATE binary, at COLLATE's
         * level (a LIKE BINARY 'p' is a case-sensitive LIKE). */
        sqlx_sql__advance(p);
        struct sqlx_expr *x = parse_binary(p, lvl(p, OC_COLLATE));
        if (!x)
            return NULL;
        struct sqlx_expr *c = node(p, SQLX_EX_COLLATE, pos);
        c->left = x;
        c->name = "binary";
        c->syntax = SQLX_SYN_KEYWORD;
        return c;
    }
    if (t->kind == SQLX_TOK_WORD && t->kw == SQLX_KW_NOT) {
        op = SQLX_OP_NOT;
        level = p->lv->not_ + 1;
    } else if (t->kind == SQLX_TOK_OP) {
        switch (t->op) {
        case SQLX_TOP_MINUS:
            op = SQLX_OP_NEG;
            break;
        case SQLX_TOP_PLUS:
            op = SQLX_OP_PLUS;
            break;
        case SQLX_TOP_TILDE:
            op = SQLX_OP_BITNOT;
            break;
        case SQLX_TOP_BANG:
            if (p->d == SQLX_SQL_MYSQL) {
                op = SQLX_OP_NOT;
                syn = SQLX_SYN_SYMBOLIC;
            }
            break;
        case SQLX_TOP_OTHER:
        case SQLX_TOP_AT_GT: /* never prefix, but "@" alone lexes as OTHER */
            if (p->d == SQLX_SQL_POSTGRES && t->op == SQLX_TOP_OTHER) {
                op = SQLX_OP_OTHER;
                optext = sqlx_arena_memdup(p->a, t->raw, t->rawlen);
            }
            break;
        default:
            break;
        }
    }
    if (op == SQLX_OP_NONE)
        return parse_primary(p);
    int next_pos = sqlx_sql__peek(p, 1)->pos;
    sqlx_sql__advance(p);
    struct sqlx_expr *operand = parse_binary(p, level);
    if (!operand)
        return NULL;
    if (op == SQLX_OP_NOT && syn == SQLX_SYN_DEFAULT && operand->kind == SQLX_EX_SUBQUERY &&
        operand->op == SQLX_OP_EXISTS && !operand->negated && operand->pos == next_pos) {
        /* NOT EXISTS (...) is one node, as printers write it. The operand is exactly the EXISTS
         * that followed NOT: any operator applied to it would have made a new node. */
        operand->negated = true;
        operand->pos = pos;
        return operand;
    }
    struct sqlx_expr *e = node(p, SQLX_EX_UNARY, pos);
    e->op = op;
    e->left = operand;
    e->syntax = syn;
    e->name = optext;
    return e;
}

static struct sqlx_expr *parse_binary(struct sqlx_parser *p, int min_level)
{
    if (!sqlx_sql__enter(p))
        return NULL;
    struct sqlx_expr *left = parse_prefix(p);
    while (left && !p->rc) {
        struct infix f;
        if (!infix_of(p, &f) || f.level < min_level)
            break;
        left = apply_infix(p, left, &f);
    }
    sqlx_sql__leave(p);
    return p->rc ? NULL : left;
}

/* ---- primaries ---- */

static struct sqlx_expr *parse_exists(struct sqlx_parser *p)
{
    int pos = cur_pos(p);
    sqlx_sql__advance(p);
    struct sqlx_select *q = paren_query(p);
    if (!q)
        return NULL;
    struct sqlx_expr *e = sqlx_ast_exists(p->a, q, false);
    e->pos = pos;
    return e;
}

/* DATE '...', TIME '...', TIMESTAMP '...' and PostgreSQL's typename '...'. */
static struct sqlx_expr *parse_typed_literal(struct sqlx_parser *p)
{
    int pos = cur_pos(p);
    struct sqlx_type_name *type = sqlx_sql__type(p);
    if (!type)
        return NULL;
    const struct sqlx_token *t = tok(p);
    if (t->kind != SQLX_TOK_STRING) {
        sqlx_sql__expected(p, "a string constant");
        return NULL;
    }
    size_t n;
    const char *s = sqlx_sql__string(p, &n);
    if (!s)
        return NULL;
    struct sqlx_expr *e = sqlx_sql__lit_text(p, SQLX_LIT_TYPED, s, n, pos);
    e->type = type;
    return e;
}

/* Does a typed literal start here? TIMESTAMP / TIME [WITH|WITHOUT TIME ZONE] 'x', DATE 'x',
 * and in PostgreSQL any single-word type name followed by a string. */
static bool at_typed_literal(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind != SQLX_TOK_WORD || p->d == SQLX_SQL_SQLITE)
        return false;
    if (sqlx_sql__peek(p, 1)->kind == SQLX_TOK_STRING) {
        if (t->kw == SQLX_KW_DATE || t->kw == SQLX_KW_TIME || t->kw == SQLX_KW_TIMESTAMP)
            return true;
        return p->d == SQLX_SQL_POSTGRES && !sqlx_sql__keyword_reserved(t->kw, p->d) &&
               t->kw != SQLX_KW_INTERVAL;
    }
    if ((t->kw == SQLX_KW_TIME || t->kw == SQLX_KW_TIMESTAMP) && p->d == SQLX_SQL_POSTGRES &&
        (is_kw_at(p, 1, SQLX_KW_WITH) || is_kw_at(p, 1, SQLX_KW_WITHOUT)) &&
        is_kw_at(p, 2, SQLX_KW_TIME) && is_kw_at(p, 3, SQLX_KW_ZONE))
        return sqlx_sql__peek(p, 4)->kind == SQLX_TOK_STRING;
    return false;
}

/* ARRAY[...] or ARRAY(SELECT ...) (PostgreSQL). */
static struct sqlx_expr *parse_array(struct sqlx_parser *p)
{
    int pos = cur_pos(p);
    sqlx_sql__advance(p);
    if (at_paren_query(p)) {
        struct sqlx_select *q = paren_query(p);
        if (!q)
            return NULL;
        struct sqlx_expr *e = sqlx_ast_subquery(p->a, q);
        e->op = SQLX_OP_ARRAY;
        e->pos = pos;
        return e;
    }
    struct sqlx_expr *e = node(p, SQLX_EX_ARRAY, pos);
    if (sqlx_sql__expect_op(p, SQLX_TOP_LBRACKET))
        return NULL;
    if (accept_op(p, SQLX_TOP_RBRACKET))
        return e;
    do {
        struct sqlx_expr *x;
        if (is_op(p, SQLX_TOP_LBRACKET)) {
            /* ARRAY[[1,2],[3,4]]: inner brackets are nested arrays */
            struct sqlx_expr *inner = node(p, SQLX_EX_ARRAY, cur_pos(p));
            sqlx_sql__advance(p);
            if (!sqlx_sql__enter(p))
                return NULL;
            if (!accept_op(p, SQLX_TOP_RBRACKET)) {
                if (sqlx_sql__expr_list(p, &inner->list) ||
                    sqlx_sql__expect_op(p, SQLX_TOP_RBRACKET)) {
                    sqlx_sql__leave(p);
                    return NULL;
                }
            }
            sqlx_sql__leave(p);
            x = inner;
        } else if (!(x = sqlx_sql__expr(p))) {
            return NULL;
        }
        sqlx_vec_push_arena(&e->list, p->a, x);
    } while (accept_op(p, SQLX_TOP_COMMA));
    if (sqlx_sql__expect_op(p, SQLX_TOP_RBRACKET))
        return NULL;
    return e;
}

/* '(' expression ')', row '(a, b)', or '(SELECT ...)' possibly continued by set operations. */
static struct sqlx_expr *parse_paren_body(struct sqlx_parser *p);

/* Parentheses end a DEFAULT value's COLLATE restriction: inside them COLLATE is an operator. */
static struct sqlx_expr *parse_paren(struct sqlx_parser *p)
{
    bool saved = p->no_collate;
    p->no_collate = false;
    struct sqlx_expr *e = parse_paren_body(p);
    p->no_collate = saved;
    return e;
}

static struct sqlx_expr *parse_paren_body(struct sqlx_parser *p)
{
    int pos = cur_pos(p);
    if (at_paren_query(p)) {
        sqlx_sql__advance(p);
        struct sqlx_select *q = sqlx_sql__query(p);
        if (!q || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
            return NULL;
        struct sqlx_expr *e = sqlx_ast_subquery(p->a, q);
        e->pos = pos;
        return e;
    }
    sqlx_sql__advance(p);
    struct sqlx_expr *e = sqlx_sql__expr(p);
    if (!e)
        return NULL;
    if (e->kind == SQLX_EX_SUBQUERY && e->op == SQLX_OP_NONE &&
        (is_kw(p, SQLX_KW_UNION) || is_kw(p, SQLX_KW_INTERSECT) || is_kw(p, SQLX_KW_EXCEPT) ||
         is_kw(p, SQLX_KW_ORDER) || is_kw(p, SQLX_KW_LIMIT))) {
        /* ((SELECT 1) UNION (SELECT 2)) */
        struct sqlx_select *q = sqlx_sql__query_continue(p, e->subquery);
        if (!q || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
            return NULL;
        struct sqlx_expr *s = sqlx_ast_subquery(p->a, q);
        s->pos = pos;
        return s;
    }
    if (is_op(p, SQLX_TOP_COMMA)) {
        struct sqlx_expr *row = node(p, SQLX_EX_ROW, pos);
        sqlx_vec_push_arena(&row->list, p->a, e);
        sqlx_sql__advance(p);
        if (sqlx_sql__expr_list(p, &row->list))
            return NULL;
        e = row;
    }
    if (sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return e;
}

/* A column reference [schema.][table.]name, t.*, or a call [schema.]f(...). */
static struct sqlx_expr *parse_name_expr(struct sqlx_parser *p)
{
    int pos = cur_pos(p);
    const struct sqlx_token *t = tok(p);
    bool quoted = t->kind == SQLX_TOK_QIDENT;
    const char *parts[3];
    int n = 0;
    if (is_op_at(p, 1, SQLX_TOP_LPAREN)) {
        const char *fname = quoted ? t->val : sqlx_sql__lower(p, t);
        sqlx_sql__advance(p);
        if (!quoted && p->d == SQLX_SQL_MYSQL &&
            (strcmp(fname, "substr") == 0 || strcmp(fname, "mid") == 0)) {
            /* MySQL spells SUBSTRING also SUBSTR and MID, FROM / FOR forms included. */
            sqlx_sql__advance(p);
            return sqlx_sql__substring(p, fname, pos);
        }
        return sqlx_sql__call(p, NULL, fname, pos);
    }
    if (!(parts[n++] = sqlx_sql__ident(p, "an expression")))
        return NULL;
    while (is_op(p, SQLX_TOP_DOT)) {
        sqlx_sql__advance(p);
        if (is_op(p, SQLX_TOP_STAR)) {
            sqlx_sql__advance(p);
            struct sqlx_expr *s = node(p, SQLX_EX_STAR, pos);
            s->table = parts[n - 1];
            s->schema = n > 1 ? parts[n - 2] : NULL;
            return s;
        }
        t = tok(p);
        if (t->kind == SQLX_TOK_WORD && is_op_at(p, 1, SQLX_TOP_LPAREN) && n == 1) {
            const char *fname = sqlx_sql__lower(p, t);
            sqlx_sql__advance(p);
            return sqlx_sql__call(p, parts[0], fname, pos);
        }
        if (n == 3) {
            sqlx_sql__error_at(p, t->pos, "too many dots in a column reference");
            return NULL;
        }
        if (!(parts[n++] = sqlx_sql__any_name(p, "a column name")))
            return NULL;
    }
    struct sqlx_expr *c = node(p, SQLX_EX_COLUMN, pos);
    c->name = parts[n - 1];
    c->table = n > 1 ? parts[n - 2] : NULL;
    c->schema = n > 2 ? parts[n - 3] : NULL;
    return c;
}

static struct sqlx_expr *parse_keyword_primary(struct sqlx_parser *p, const struct sqlx_token *t)
{
    enum sqlx_sql_dialect d = p->d;
    int pos = t->pos;
    enum sqlx_kw kw = t->kw; /* t is the look-ahead slot: it changes when tokens are consumed */
    struct sqlx_value v;
    struct sqlx_expr *e;
    switch (kw) {
    case SQLX_KW_NULL:
        v = sqlx_value_null();
        e = sqlx_ast_lit(p->a, SQLX_LIT_NULL, &v);
        e->pos = pos;
        sqlx_sql__advance(p);
        return e;
    case SQLX_KW_TRUE:
    case SQLX_KW_FALSE:
        v = sqlx_value_bool(kw == SQLX_KW_TRUE);
        e = sqlx_ast_lit(p->a, SQLX_LIT_BOOL, &v);
        e->pos = pos;
        sqlx_sql__advance(p);
        return e;
    case SQLX_KW_DEFAULT:
        sqlx_sql__advance(p);
        return node(p, SQLX_EX_DEFAULT, pos);
    case SQLX_KW_CASE:
        return sqlx_sql__case(p);
    case SQLX_KW_CAST:
        return is_op_at(p, 1, SQLX_TOP_LPAREN) ? sqlx_sql__cast(p, false) : NULL;
    case SQLX_KW_CONVERT:
        return d == SQLX_SQL_MYSQL && is_op_at(p, 1, SQLX_TOP_LPAREN) ? sqlx_sql__cast(p, true)
                                                                      : NULL;
    case SQLX_KW_EXISTS:
        return at_paren_query_at1(p) ? parse_exists(p) : NULL;
    case SQLX_KW_ARRAY:
        if (d == SQLX_SQL_POSTGRES &&
            (is_op_at(p, 1, SQLX_TOP_LBRACKET) || is_op_at(p, 1, SQLX_TOP_LPAREN)))
            return parse_array(p);
        return NULL;
    case SQLX_KW_ROW:
        if (is_op_at(p, 1, SQLX_TOP_LPAREN) && d != SQLX_SQL_SQLITE) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            e = node(p, SQLX_EX_ROW, pos);
            e->syntax = SQLX_SYN_ROW_KEYWORD;
            if (!accept_op(p, SQLX_TOP_RPAREN) &&
                (sqlx_sql__expr_list(p, &e->list) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN)))
                return NULL;
            return e;
        }
        return NULL;
    case SQLX_KW_INTERVAL:
        return d != SQLX_SQL_SQLITE ? sqlx_sql__interval(p) : NULL;
    case SQLX_KW_CURRENT_DATE:
    case SQLX_KW_CURRENT_TIME:
    case SQLX_KW_CURRENT_TIMESTAMP:
    case SQLX_KW_LOCALTIME:
    case SQLX_KW_LOCALTIMESTAMP:
    case SQLX_KW_CURRENT_USER:
    case SQLX_KW_SESSION_USER:
        return sqlx_sql__niladic(p);
    default:
        break;
    }
    return sqlx_sql__keyword_call(p, t);
}

static struct sqlx_expr *parse_primary(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    int pos = t->pos;
    struct sqlx_expr *e;
    switch (t->kind) {
    case SQLX_TOK_INTEGER:
    case SQLX_TOK_DECIMAL:
    case SQLX_TOK_FLOAT:
        return number_literal(p);
    case SQLX_TOK_STRING:
        return sqlx_sql__string_literal(p);
    case SQLX_TOK_HEXNUM:
        return hex_literal(p);
    case SQLX_TOK_BLOB: {
        struct sqlx_value v = sqlx_value_blob(t->val, t->vlen);
        e = sqlx_ast_lit(p->a, SQLX_LIT_BLOB, &v);
        e->pos = pos;
        sqlx_sql__advance(p);
        return e;
    }
    case SQLX_TOK_BITS:
        e = sqlx_sql__lit_text(p, SQLX_LIT_BITS, t->val, t->vlen, pos);
        sqlx_sql__advance(p);
        return e;
    case SQLX_TOK_PARAM:
        e = sqlx_ast_placeholder(p->a, t->ph, t->index, t->val);
        e->pos = pos;
        sqlx_sql__advance(p);
        return e;
    case SQLX_TOK_VARIABLE:
        e = node(p, SQLX_EX_VARIABLE, pos);
        e->name = t->val;
        sqlx_sql__advance(p);
        return e;
    case SQLX_TOK_OP:
        if (t->op == SQLX_TOP_LPAREN)
            return parse_paren(p);
        if (t->op == SQLX_TOP_STAR) {
            sqlx_sql__advance(p);
            return node(p, SQLX_EX_STAR, pos);
        }
        break;
    case SQLX_TOK_QIDENT:
        return parse_name_expr(p);
    case SQLX_TOK_WORD:
        if (at_typed_literal(p))
            return parse_typed_literal(p);
        if (t->kw != SQLX_KW_NONE_) {
            e = parse_keyword_primary(p, t);
            if (e || p->rc)
                return e;
            if (sqlx_sql__keyword_reserved(t->kw, p->d))
                break;
        }
        return parse_name_expr(p);
    case SQLX_TOK_EOF:
        break;
    }
    sqlx_sql__expected(p, "an expression");
    return NULL;
}
