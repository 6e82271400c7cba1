/* Translation between SQL dialects: rewrites a parsed script (sql/parser.h) so that printing it
 * for another engine family (sql/print.h) means the same thing there. Covers the rules of
 * issue 3: concatenation and its NULL semantics, string aggregation, date and time functions,
 * intervals and date arithmetic, EXTRACT, IF / IIF, IFNULL, SUBSTRING forms, LENGTH, booleans,
 * integer vs exact division, LIKE case rules, NULL ordering, casts and column types (auto
 * increment, TINYINT(1), DATETIME, TEXT sizes, UNSIGNED, ENUM), upserts and RETURNING. A
 * construct without an equivalent fails naming the construct and its position: the translator
 * never emits SQL that silently means something else. Trees and strings live in the arena. */
#ifndef SQLX_SQL_TRANSLATE_H
#define SQLX_SQL_TRANSLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "sql/ast.h"
#include "sql/print.h"

struct sqlx_translate_opts {
    enum sqlx_sql_dialect from; /* the dialect the statements were parsed as */
    enum sqlx_sql_dialect to;   /* the target family */
    bool mariadb;               /* MySQL-family target: MariaDB 10.5+ (else the subset MySQL 8
                                 * and MariaDB share) */
};

/* Rewrites list in place for o->to. Statements may be removed (a PostgreSQL CREATE TYPE ... AS
 * ENUM folds into the columns that use it) or added (MySQL KEY clauses become CREATE INDEX).
 * On failure returns SQLX_EUNSUPPORTED with err->message naming the construct and
 * err->position its 1-based source offset; list is then half-rewritten and must be dropped. */
int sqlx_sql_translate(struct sqlx_stmt_list *list, const struct sqlx_translate_opts *o,
                       struct sqlx_arena *a, struct sqlx_err *err) SQLX_MUST_CHECK;

/* The print options that go with a translation to o->to. */
void sqlx_sql_translate_print_opts(const struct sqlx_translate_opts *o,
                                   struct sqlx_print_opts *po);

/* Parse, translate and print: each statement followed by ";\n" appended to out. */
int sqlx_sql_translate_text(const char *sql, size_t len, const struct sqlx_translate_opts *o,
                            struct sqlx_arena *a, struct sqlx_buf *out, struct sqlx_err *err)
    SQLX_MUST_CHECK;

/* "line L, column C" of a 1-based byte offset in text, written to out (size n). */
void sqlx_sql_position_text(const char *text, size_t len, int pos, char *out, size_t n);

#endif
