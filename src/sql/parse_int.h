/* Declarations shared by the parser's files (parser.c, parse_expr.c, parse_call.c,
 * parse_select.c, parse_dml.c, parse_ddl.c) and nothing else: the parser state, token look-ahead
 * helpers and the per-dialect precedence levels. Errors are sticky: the first one is kept in
 * p->rc / p->err, parse functions then return NULL (or non-zero) and callers unwind without
 * overwriting it. */
#ifndef SQLX_SQL_PARSE_INT_H
#define SQLX_SQL_PARSE_INT_H

#include <stdbool.h>

#include "sql/ast.h"
#include "sql/keywords.h"
#include "sql/lexer.h"
#include "sql/parser.h"

#define SQLX_PARSE_LOOKAHEAD 6

/* Binding levels of one dialect (higher binds tighter). Binary operators are looked up in
 * parse_expr.c; these name the levels other parts of the grammar parse at. */
struct sqlx_sql__levels {
    int not_;      /* prefix NOT */
    int is;        /* IS [NOT] NULL / TRUE / DISTINCT FROM, ISNULL, NOTNULL */
    int cmp;       /* = < > ... */
    int pred;      /* BETWEEN, IN, LIKE, ... */
    int bitor_;    /* first level above comparisons and predicates: DEFAULT values, BETWEEN
                    * bounds */
    int unary;     /* prefix - + ~ */
};

struct sqlx_parser {
    struct sqlx_lexer lx;
    struct sqlx_token la[SQLX_PARSE_LOOKAHEAD]; /* look-ahead tokens, la[0] is current */
    int nla;                   /* how many of la are filled */
    struct sqlx_token prev;    /* the token consumed last */
    struct sqlx_arena *a;
    struct sqlx_err *err;
    int rc;                    /* first error, 0 while none */
    enum sqlx_sql_dialect d;
    unsigned flags;            /* SQLX_LEX_* | SQLX_PARSE_* */
    int depth;                 /* current recursion depth */
    bool no_collate;           /* COLLATE ends the expression (column DEFAULT values, where
                                * COLLATE is the next column constraint) */
    int max_depth;
    const struct sqlx_sql__levels *lv;
    const char *src;
    size_t len;
};

/* parser.c: tokens, errors, identifiers, statements */
const struct sqlx_token *sqlx_sql__peek(struct sqlx_parser *p, int k);
void sqlx_sql__advance(struct sqlx_parser *p);
/* "expected <what>, found <token>" at the current token; returns p->rc. */
int sqlx_sql__expected(struct sqlx_parser *p, const char *what);
/* A syntax error at pos with a free message; returns p->rc. */
int sqlx_sql__error_at(struct sqlx_parser *p, int pos, const char *fmt, ...) SQLX_PRINTF(3, 4);
int sqlx_sql__expect_kw(struct sqlx_parser *p, enum sqlx_kw kw);
int sqlx_sql__expect_op(struct sqlx_parser *p, enum sqlx_tok_op op);
/* Enters one nesting level; fails (and sets the error) past max_depth. Pair with leave. */
bool sqlx_sql__enter(struct sqlx_parser *p);
void sqlx_sql__leave(struct sqlx_parser *p);
/* Is the current token usable as an identifier (unreserved word or quoted name)? */
bool sqlx_sql__at_ident(struct sqlx_parser *p);
/* An identifier (what names it in the error), folded per dialect; NULL on error. */
const char *sqlx_sql__ident(struct sqlx_parser *p, const char *what);
/* Any word, keyword or not (after a '.'), or a quoted name. */
const char *sqlx_sql__any_name(struct sqlx_parser *p, const char *what);
/* A word's text lower-cased (function and type names). */
const char *sqlx_sql__lower(struct sqlx_parser *p, const struct sqlx_token *t);
/* [AS] alias, when one follows; *out stays NULL when none. Returns p->rc. */
int sqlx_sql__opt_alias(struct sqlx_parser *p, const char **out);
/* ( name, name, ... ) into a vector of const char *. */
int sqlx_sql__name_list(struct sqlx_parser *p, struct sqlx_vec *out, const char *what);
/* [schema.]name into a table reference's schema / name. */
int sqlx_sql__qualified(struct sqlx_parser *p, struct sqlx_table_ref *t, const char *what);
struct sqlx_ast *sqlx_sql__statement(struct sqlx_parser *p);

/* parse_expr.c */
struct sqlx_expr *sqlx_sql__expr(struct sqlx_parser *p);
struct sqlx_expr *sqlx_sql__expr_at(struct sqlx_parser *p, int min_level);
/* expr, expr, ... into out (stops before the first token that cannot continue the list). */
int sqlx_sql__expr_list(struct sqlx_parser *p, struct sqlx_vec *out);
/* A literal string (adjacent ones joined per dialect) as an arena copy; NULL on error. */
const char *sqlx_sql__string(struct sqlx_parser *p, size_t *len);
/* The same as a string literal node, keeping the quoting syntax of its first token. */
struct sqlx_expr *sqlx_sql__string_literal(struct sqlx_parser *p);
/* A literal node of the given kind holding the text s[0..n), at pos. */
struct sqlx_expr *sqlx_sql__lit_text(struct sqlx_parser *p, enum sqlx_lit_kind kind, const char *s,
                                     size_t n, int pos);
const struct sqlx_sql__levels *sqlx_sql__levels_for(enum sqlx_sql_dialect d);

/* parse_call.c: calls and the special forms with keyword syntax */
/* name(args) [WITHIN GROUP] [FILTER] [OVER] with the current token at '('. */
struct sqlx_expr *sqlx_sql__call(struct sqlx_parser *p, const char *schema, const char *name,
                                 int pos);
/* A keyword followed by '(': EXTRACT / SUBSTRING / OVERLAY / POSITION / TRIM forms, else a plain
 * call named by the keyword. NULL, with nothing consumed, when no '(' follows t (the current
 * token). */
struct sqlx_expr *sqlx_sql__keyword_call(struct sqlx_parser *p, const struct sqlx_token *t);
/* The current token starts the form: CASE, CAST (convert: MySQL CONVERT), INTERVAL, or a
 * niladic CURRENT_DATE / CURRENT_TIMESTAMP[(n)] / ... */
struct sqlx_expr *sqlx_sql__case(struct sqlx_parser *p);
struct sqlx_expr *sqlx_sql__cast(struct sqlx_parser *p, bool convert);
struct sqlx_expr *sqlx_sql__interval(struct sqlx_parser *p);
struct sqlx_expr *sqlx_sql__niladic(struct sqlx_parser *p);
/* SUBSTRING / OVERLAY arguments (FROM / FOR / PLACING or commas) after the '(', up to and
 * including ')'; name is the function's name ("substring", "overlay", MySQL "substr", "mid"). */
struct sqlx_expr *sqlx_sql__substring(struct sqlx_parser *p, const char *name, int pos);

/* parse_select.c */
/* A full query: [WITH] body [set operations] [ORDER BY] [LIMIT ...] [FOR UPDATE]. */
struct sqlx_select *sqlx_sql__query(struct sqlx_parser *p);
/* The rest of a query after its first operand was parsed (used when "(SELECT ...)" turned out
 * to start a set operation inside parentheses). */
struct sqlx_select *sqlx_sql__query_continue(struct sqlx_parser *p, struct sqlx_select *first);
struct sqlx_with *sqlx_sql__with(struct sqlx_parser *p);
int sqlx_sql__order_list(struct sqlx_parser *p, struct sqlx_vec *out);
struct sqlx_window *sqlx_sql__window_spec(struct sqlx_parser *p);
/* One FROM item and the joins after it (comma joins included when `commas`). */
int sqlx_sql__from_list(struct sqlx_parser *p, struct sqlx_table_ref *first, struct sqlx_vec *joins,
                        bool commas);
struct sqlx_table_ref *sqlx_sql__table_ref(struct sqlx_parser *p);
/* Starts a query: SELECT, WITH, VALUES or a '(' that opens one. */
bool sqlx_sql__at_query(struct sqlx_parser *p);
int sqlx_sql__returning(struct sqlx_parser *p, struct sqlx_vec *out);
int sqlx_sql__select_items(struct sqlx_parser *p, struct sqlx_vec *out);

/* parse_dml.c */
struct sqlx_ast *sqlx_sql__insert(struct sqlx_parser *p, struct sqlx_with *with);
struct sqlx_ast *sqlx_sql__update(struct sqlx_parser *p, struct sqlx_with *with);
struct sqlx_ast *sqlx_sql__delete(struct sqlx_parser *p, struct sqlx_with *with);
struct sqlx_ast *sqlx_sql__txn(struct sqlx_parser *p);

/* parse_ddl.c */
struct sqlx_type_name *sqlx_sql__type(struct sqlx_parser *p);
struct sqlx_ast *sqlx_sql__create(struct sqlx_parser *p);
struct sqlx_ast *sqlx_sql__alter(struct sqlx_parser *p);
struct sqlx_ast *sqlx_sql__drop(struct sqlx_parser *p);
/* ( elem, ... ) of an index or ON CONFLICT target. */
int sqlx_sql__index_elems(struct sqlx_parser *p, struct sqlx_vec *out);

/* ---- small inline helpers ---- */

static inline const struct sqlx_token *tok(struct sqlx_parser *p)
{
    return sqlx_sql__peek(p, 0);
}

static inline bool is_kw(struct sqlx_parser *p, enum sqlx_kw kw)
{
    const struct sqlx_token *t = sqlx_sql__peek(p, 0);
    return t->kind == SQLX_TOK_WORD && t->kw == kw;
}

static inline bool is_kw_at(struct sqlx_parser *p, int k, enum sqlx_kw kw)
{
    const struct sqlx_token *t = sqlx_sql__peek(p, k);
    return t->kind == SQLX_TOK_WORD && t->kw == kw;
}

static inline bool is_op(struct sqlx_parser *p, enum sqlx_tok_op op)
{
    const struct sqlx_token *t = sqlx_sql__peek(p, 0);
    return t->kind == SQLX_TOK_OP && t->op == op;
}

static inline bool is_op_at(struct sqlx_parser *p, int k, enum sqlx_tok_op op)
{
    const struct sqlx_token *t = sqlx_sql__peek(p, k);
    return t->kind == SQLX_TOK_OP && t->op == op;
}

static inline bool accept_kw(struct sqlx_parser *p, enum sqlx_kw kw)
{
    if (!is_kw(p, kw))
        return false;
    sqlx_sql__advance(p);
    return true;
}

static inline bool accept_op(struct sqlx_parser *p, enum sqlx_tok_op op)
{
    if (!is_op(p, op))
        return false;
    sqlx_sql__advance(p);
    return true;
}

static inline int cur_pos(struct sqlx_parser *p)
{
    return sqlx_sql__peek(p, 0)->pos;
}

/* A new expression node of the given kind at pos, in the parser's arena. */
static inline struct sqlx_expr *node(struct sqlx_parser *p, enum sqlx_expr_kind kind, int pos)
{
    struct sqlx_expr *e = sqlx_ast_expr_new(p->a, kind);
    e->pos = pos;
    return e;
}

#endif
