/* The SQL parser: PostgreSQL, MySQL and SQLite text -> the universal AST (sql/ast.h), by
 * recursive descent with precedence climbing and each dialect's operator precedence. Pulls tokens
 * one at a time from sql/lexer.h. Every node carries its 1-based source position. Syntax only:
 * names are not resolved against a schema. Everything returned lives in the arena passed in. */
#ifndef SQLX_SQL_PARSER_H
#define SQLX_SQL_PARSER_H

#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "sql/ast.h"
#include "sql/lexer.h"

/* Parser-only option (the SQLX_LEX_* flags of lexer.h are accepted too): keep the case of
 * unquoted PostgreSQL identifiers instead of folding them to lower case as the server does. */
#define SQLX_PARSE_KEEP_CASE 0x100u

struct sqlx_parse_opts {
    enum sqlx_sql_dialect dialect;
    unsigned flags;           /* SQLX_LEX_* and SQLX_PARSE_* */
    int max_depth;            /* nesting limit for expressions and queries; 0 = 200 */
};

/* Largest source text accepted (longer input fails with SQLX_ETOOBIG). */
#define SQLX_SQL_MAX_INPUT (64u * 1024u * 1024u)

/* Parses a script of zero or more statements separated by ';'. On a syntax error returns
 * SQLX_EPARSE with err->message "syntax error at line L, column C: expected ..., found ..." and
 * err->position the 1-based byte offset; out is then left empty. Unquoted identifiers are folded
 * to lower case for PostgreSQL (unless SQLX_PARSE_KEEP_CASE) and kept as written otherwise;
 * function names and type names are always lower-cased. */
int sqlx_sql_parse(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                   struct sqlx_arena *a, struct sqlx_stmt_list *out, struct sqlx_err *err)
    SQLX_MUST_CHECK;
/* Exactly one statement (a trailing ';' is allowed). */
int sqlx_sql_parse_one(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                       struct sqlx_arena *a, struct sqlx_ast **out, struct sqlx_err *err)
    SQLX_MUST_CHECK;
/* One expression and nothing else (column defaults, CHECK text from introspection). */
int sqlx_sql_parse_expr(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                        struct sqlx_arena *a, struct sqlx_expr **out, struct sqlx_err *err)
    SQLX_MUST_CHECK;
/* One type name ("varchar(20)", "timestamp with time zone", "int unsigned"). */
int sqlx_sql_parse_type(const char *sql, size_t len, const struct sqlx_parse_opts *opts,
                        struct sqlx_arena *a, struct sqlx_type_name **out, struct sqlx_err *err)
    SQLX_MUST_CHECK;

#endif
