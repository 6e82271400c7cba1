/* The parser's core: entry points, token look-ahead over the lexer, error reporting with
 * positions, identifiers and the statement dispatcher. The grammar itself is in parse_expr.c
 * (expressions), parse_call.c (calls and special forms), parse_select.c (queries), parse_dml.c
 * (INSERT / UPDATE / DELETE / transactions) and parse_ddl.c (CREATE / ALTER / DROP, types).
 * Never resolves names. */
#include "sql/parser.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "sql/parse_int.h"

/* Default nesting limit: deep enough for any real query, shallow enough that the recursive
 * printers, equality and dump never approach the C stack limit. */
#define DEFAULT_MAX_DEPTH 200

const struct sqlx_token *sqlx_sql__peek(struct sqlx_parser *p, int k)
{
    if (k >= SQLX_PARSE_LOOKAHEAD)
        k = SQLX_PARSE_LOOKAHEAD - 1; /* callers never look further; never read past la */
    while (p->nla <= k) {
        struct sqlx_token *t = &p->la[p->nla];
        if (p->rc) {
            /* After an error everything reads as the end of input. */
            memset(t, 0, sizeof(*t));
            t->kind = SQLX_TOK_EOF;
            t->pos = t->end = (int)p->len + 1;
            t->raw = p->src + p->len;
        } else if (sqlx_lexer_next(&p->lx, t, p->err) != 0) {
            p->rc = SQLX_EPARSE;
            int pos = p->err ? p->err->position : (int)p->len + 1;
            memset(t, 0, sizeof(*t));
            t->kind = SQLX_TOK_EOF;
            t->pos = t->end = pos;
            t->raw = p->src + p->len;
        }
        p->nla++;
    }
    return &p->la[k];
}

void sqlx_sql__advance(struct sqlx_parser *p)
{
    sqlx_sql__peek(p, 0);
    p->prev = p->la[0];
    for (int i = 1; i < p->nla; i++)
        p->la[i - 1] = p->la[i];
    p->nla--;
}

int sqlx_sql__error_at(struct sqlx_parser *p, int pos, const char *fmt, ...)
{
    if (p->rc)
        return p->rc;
    char msg[320];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    p->rc = sqlx_sql__syntax_error(p->err, p->src, p->len, pos, "%s", msg);
    return p->rc;
}

int sqlx_sql__expected(struct sqlx_parser *p, const char *what)
{
    if (p->rc)
        return p->rc;
    const struct sqlx_token *t = tok(p);
    char found[64];
    sqlx_sql__token_describe(t, found, sizeof(found));
    return sqlx_sql__error_at(p, t->pos, "expected %s, found %s", what, found);
}

int sqlx_sql__expect_kw(struct sqlx_parser *p, enum sqlx_kw kw)
{
    if (accept_kw(p, kw))
        return 0;
    char what[48];
    snprintf(what, sizeof(what), "%s", sqlx_sql__keyword_name(kw));
    return sqlx_sql__expected(p, what);
}

static const char *op_spelling(enum sqlx_tok_op op)
{
    switch (op) {
    case SQLX_TOP_LPAREN:
        return "\"(\"";
    case SQLX_TOP_RPAREN:
        return "\")\"";
    case SQLX_TOP_COMMA:
        return "\",\"";
    case SQLX_TOP_SEMI:
        return "\";\"";
    case SQLX_TOP_DOT:
        return "\".\"";
    case SQLX_TOP_RBRACKET:
        return "\"]\"";
    case SQLX_TOP_EQ:
        return "\"=\"";
    default:
        return "an operator";
    }
}

int sqlx_sql__expect_op(struct sqlx_parser *p, enum sqlx_tok_op op)
{
    if (accept_op(p, op))
        return 0;
    return sqlx_sql__expected(p, op_spelling(op));
}

bool sqlx_sql__enter(struct sqlx_parser *p)
{
    if (p->rc)
        return false;
    if (++p->depth > p->max_depth) {
        p->depth--;
        if (p->err) {
            sqlx_sql__error_at(p, cur_pos(p), "statement nested more than %d levels deep",
                               p->max_depth);
            p->err->code = SQLX_ETOOBIG;
        }
        p->rc = SQLX_ETOOBIG;
        return false;
    }
    return true;
}

void sqlx_sql__leave(struct sqlx_parser *p)
{
    p->depth--;
}

static const char *word_text(struct sqlx_parser *p, const struct sqlx_token *t, bool fold)
{
    char *s = sqlx_arena_memdup(p->a, t->raw, t->rawlen);
    if (fold)
        for (char *c = s; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
    return s;
}

const char *sqlx_sql__lower(struct sqlx_parser *p, const struct sqlx_token *t)
{
    if (t->kind == SQLX_TOK_QIDENT)
        return t->val;
    return word_text(p, t, true);
}

bool sqlx_sql__at_ident(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind == SQLX_TOK_QIDENT)
        return true;
    return t->kind == SQLX_TOK_WORD && !sqlx_sql__keyword_reserved(t->kw, p->d);
}

static const char *take_name(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    const char *name;
    if (t->kind == SQLX_TOK_QIDENT) {
        if (t->vlen == 0) {
            sqlx_sql__error_at(p, t->pos, "zero-length quoted identifier");
            return NULL;
        }
        if (memchr(t->val, '\0', t->vlen)) {
            sqlx_sql__error_at(p, t->pos, "quoted identifier contains a NUL character");
            return NULL;
        }
        name = t->val;
    } else {
        bool fold = p->d == SQLX_SQL_POSTGRES && !(p->flags & SQLX_PARSE_KEEP_CASE);
        name = word_text(p, t, fold);
    }
    sqlx_sql__advance(p);
    return name;
}

const char *sqlx_sql__ident(struct sqlx_parser *p, const char *what)
{
    if (!sqlx_sql__at_ident(p)) {
        sqlx_sql__expected(p, what);
        return NULL;
    }
    return take_name(p);
}

const char *sqlx_sql__any_name(struct sqlx_parser *p, const char *what)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind != SQLX_TOK_WORD && t->kind != SQLX_TOK_QIDENT) {
        sqlx_sql__expected(p, what);
        return NULL;
    }
    return take_name(p);
}

int sqlx_sql__opt_alias(struct sqlx_parser *p, const char **out)
{
    *out = NULL;
    const struct sqlx_token *t = tok(p);
    if (accept_kw(p, SQLX_KW_AS)) {
        t = tok(p);
        if (t->kind == SQLX_TOK_STRING && p->d != SQLX_SQL_POSTGRES) {
            *out = sqlx_sql__string(p, NULL);
            return p->rc;
        }
        /* After AS any word is a label, reserved or not (PostgreSQL ColLabel). */
        *out = sqlx_sql__any_name(p, "an alias");
        return p->rc;
    }
    if (t->kind == SQLX_TOK_QIDENT ||
        (t->kind == SQLX_TOK_WORD && sqlx_sql__keyword_bare_alias(t->kw, p->d))) {
        *out = take_name(p);
    } else if (t->kind == SQLX_TOK_STRING && p->d != SQLX_SQL_POSTGRES) {
        *out = sqlx_sql__string(p, NULL);
    }
    return p->rc;
}

int sqlx_sql__name_list(struct sqlx_parser *p, struct sqlx_vec *out, const char *what)
{
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
        return p->rc;
    do {
        const char *n = sqlx_sql__ident(p, what);
        if (!n)
            return p->rc;
        sqlx_vec_push_arena(out, p->a, (void *)n);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return sqlx_sql__expect_op(p, SQLX_TOP_RPAREN);
}

int sqlx_sql__qualified(struct sqlx_parser *p, struct sqlx_table_ref *t, const char *what)
{
    t->pos = cur_pos(p);
    const char *first = sqlx_sql__ident(p, what);
    if (!first)
        return p->rc;
    if (accept_op(p, SQLX_TOP_DOT)) {
        const char *second = sqlx_sql__any_name(p, what);
        if (!second)
            return p->rc;
        if (accept_op(p, SQLX_TOP_DOT)) {
            /* database.schema.table: the catalog is dropped (same database). */
            const char *third = sqlx_sql__any_name(p, what);
            if (!third)
                return p->rc;
            first = second;
            second = third;
        }
        t->schema = first;
        t->name = second;
    } else {
        t->name = first;
    }
    return 0;
}

struct sqlx_ast *sqlx_sql__statement(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    int pos = t->pos;
    struct sqlx_ast *st = NULL;
    struct sqlx_with *with = NULL;

    if (t->kind == SQLX_TOK_WORD && t->kw == SQLX_KW_WITH) {
        /* WITH may lead a query or a data-modifying statement. */
        if (!(with = sqlx_sql__with(p)))
            return NULL;
        t = tok(p);
        if (t->kind == SQLX_TOK_WORD && (t->kw == SQLX_KW_INSERT || t->kw == SQLX_KW_REPLACE))
            st = sqlx_sql__insert(p, with);
        else if (is_kw(p, SQLX_KW_UPDATE))
            st = sqlx_sql__update(p, with);
        else if (is_kw(p, SQLX_KW_DELETE))
            st = sqlx_sql__delete(p, with);
        else {
            struct sqlx_select *q = sqlx_sql__query(p);
            if (!q)
                return NULL;
            if (q->with) {
                sqlx_sql__error_at(p, pos, "a query cannot have two WITH clauses");
                return NULL;
            }
            q->with = with;
            q->pos = pos;
            st = sqlx_ast_stmt_new(p->a, SQLX_ST_SELECT);
            st->select = *q;
        }
    } else if (t->kind == SQLX_TOK_WORD) {
        switch (t->kw) {
        case SQLX_KW_SELECT:
        case SQLX_KW_VALUES:
            break;
        case SQLX_KW_INSERT:
        case SQLX_KW_REPLACE:
            st = sqlx_sql__insert(p, NULL);
            goto done;
        case SQLX_KW_UPDATE:
            st = sqlx_sql__update(p, NULL);
            goto done;
        case SQLX_KW_DELETE:
            st = sqlx_sql__delete(p, NULL);
            goto done;
        case SQLX_KW_BEGIN:
        case SQLX_KW_START:
        case SQLX_KW_COMMIT:
        case SQLX_KW_END:
        case SQLX_KW_ROLLBACK:
        case SQLX_KW_SAVEPOINT:
        case SQLX_KW_RELEASE:
            st = sqlx_sql__txn(p);
            goto done;
        case SQLX_KW_CREATE:
            st = sqlx_sql__create(p);
            goto done;
        case SQLX_KW_ALTER:
            st = sqlx_sql__alter(p);
            goto done;
        case SQLX_KW_DROP:
            st = sqlx_sql__drop(p);
            goto done;
        default:
            sqlx_sql__expected(p, "a statement");
            return NULL;
        }
    }
    if (!st) {
        if (!sqlx_sql__at_query(p)) {
            sqlx_sql__expected(p, "a statement");
            return NULL;
        }
        struct sqlx_select *q = sqlx_sql__query(p);
        if (!q)
            return NULL;
        st = sqlx_ast_stmt_new(p->a, SQLX_ST_SELECT);
        st->select = *q;
    }
done:
    if (!st || p->rc)
        return NULL;
    st->pos = pos;
    st->end = p->prev.end;
    return st;
}

/* Sets the parser up; fails on oversized input. */
static int init(struct sqlx_parser *p, const char *sql, size_t len,
                const struct sqlx_parse_opts *opts, struct sqlx_arena *a, struct sqlx_err *err)
{
    memset(p, 0, sizeof(*p));
    if (len > SQLX_SQL_MAX_INPUT)
        return sqlx_err_set(err, SQLX_ETOOBIG, "SQL text of %zu bytes exceeds the limit of %u",
                            len, SQLX_SQL_MAX_INPUT);
    p->d = opts ? opts->dialect : SQLX_SQL_POSTGRES;
    p->flags = opts ? opts->flags : 0;
    p->max_depth = opts && opts->max_depth > 0 ? opts->max_depth : DEFAULT_MAX_DEPTH;
    p->a = a;
    p->err = err;
    p->src = sql ? sql : "";
    p->len = sql ? len : 0;
    p->lv = sqlx_sql__levels_for(p->d);
    sqlx_lexer_init(&p->lx, p->src, p->len, p->d, p->flags, a);
    return 0;
}

/* After a statement: ';' or the end of input must follow. */
static int end_of_statement(struct sqlx_parser *p, bool one)
{
    if (p->rc)
        return p->rc;
    if (is_op(p, SQLX_TOP_SEMI) || tok(p)->kind == SQLX_TOK_EOF)
        return 0;
    return sqlx_sql__expected(p, one ? "end of input" : "\";\" or end of input");
}

/* Checks the finished tree's nesting (left-deep operator chains grow without recursing in the
 * parser) so that the recursive consumers stay within their stack budget. */
static int check_depth(struct sqlx_parser *p, struct sqlx_ast *st)
{
    struct sqlx_ast_walker w = { .max_depth = 1000 };
    int rc = sqlx_ast_walk(st, &w);
    if (rc == SQLX_ETOOBIG) {
        sqlx_sql__error_at(p, w.depth_pos ? w.depth_pos : st->pos,
                           "expression nested more than %d levels deep", w.max_depth);
        if (p->err)
            p->err->code = SQLX_ETOOBIG;
        p->rc = SQLX_ETOOBIG;
    }
    return p->rc;
}

int sqlx_sql_parse(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                   struct sqlx_arena *a, struct sqlx_stmt_list *out, struct sqlx_err *err)
{
    struct sqlx_parser p;
    memset(out, 0, sizeof(*out));
    int rc = init(&p, sql, len, opts, a, err);
    if (rc)
        return rc;
    out->dialect = p.d;
    for (;;) {
        while (accept_op(&p, SQLX_TOP_SEMI))
            ;
        if (tok(&p)->kind == SQLX_TOK_EOF)
            break;
        struct sqlx_ast *st = sqlx_sql__statement(&p);
        if (!st || end_of_statement(&p, false) || check_depth(&p, st))
            break;
        sqlx_vec_push_arena(&out->stmts, a, st);
    }
    if (p.rc) {
        memset(&out->stmts, 0, sizeof(out->stmts));
        return p.rc;
    }
    return 0;
}

int sqlx_sql_parse_one(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                       struct sqlx_arena *a, struct sqlx_ast **out, struct sqlx_err *err)
{
    struct sqlx_parser p;
    *out = NULL;
    int rc = init(&p, sql, len, opts, a, err);
    if (rc)
        return rc;
    if (tok(&p)->kind == SQLX_TOK_EOF && !p.rc)
        return sqlx_sql__expected(&p, "a statement");
    struct sqlx_ast *st = sqlx_sql__statement(&p);
    if (st && !end_of_statement(&p, true)) {
        accept_op(&p, SQLX_TOP_SEMI);
        if (tok(&p)->kind != SQLX_TOK_EOF)
            sqlx_sql__expected(&p, "end of input");
    }
    if (st && !p.rc)
        check_depth(&p, st);
    if (p.rc)
        return p.rc;
    *out = st;
    return 0;
}

int sqlx_sql_parse_expr(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                        struct sqlx_arena *a, struct sqlx_expr **out, struct sqlx_err *err)
{
    struct sqlx_parser p;
    *out = NULL;
    int rc = init(&p, sql, len, opts, a, err);
    if (rc)
        return rc;
    struct sqlx_expr *e = sqlx_sql__expr(&p);
    if (e && tok(&p)->kind != SQLX_TOK_EOF)
        sqlx_sql__expected(&p, "end of input");
    if (e && !p.rc) {
        struct sqlx_ast_walker w = { .max_depth = 1000 };
        if (sqlx_ast_walk_expr(&e, &w) == SQLX_ETOOBIG) {
            sqlx_sql__error_at(&p, w.depth_pos, "expression nested more than %d levels deep",
                               w.max_depth);
            p.rc = SQLX_ETOOBIG;
            if (err)
                err->code = SQLX_ETOOBIG;
        }
    }
    if (p.rc)
        return p.rc;
    *out = e;
    return 0;
}

int sqlx_sql_parse_type(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                        struct sqlx_arena *a, struct sqlx_type_name **out, struct sqlx_err *err)
{
    struct sqlx_parser p;
    *out = NULL;
    int rc = init(&p, sql, len, opts, a, err);
    if (rc)
        return rc;
    struct sqlx_type_name *t = sqlx_sql__type(&p);
    if (t && tok(&p)->kind != SQLX_TOK_EOF)
        sqlx_sql__expected(&p, "end of input");
    if (p.rc)
        return p.rc;
    *out = t;
    return 0;
}
