/* The SQL printer: renders an AST for one dialect (the pack's dialect table) as SQL text plus the
 * ordered list of bound parameter values. The only place where identifiers are quoted. Output SQL
 * never contains a value that came from a PARAM node. */
#ifndef SQLX_SQL_PRINT_H
#define SQLX_SQL_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "sql/ast.h"
#include "wire/pack.h"
#include "wire/value.h"

struct sqlx_params {
    struct sqlx_value *v;  /* in the arena given to sqlx_sql_print */
    size_t n;
    size_t cap;
};

/* Appends the SQL for st to sql and its parameters to params (params->n starts where it is, so
 * numbering continues). Fails with SQLX_EUNSUPPORTED naming the construct when the dialect cannot
 * express it (for example RETURNING without support). */
int sqlx_sql_print(const struct sqlx_ast *st, const struct sqlx_dialect *d, struct sqlx_arena *a,
                   struct sqlx_buf *sql, struct sqlx_params *params, struct sqlx_err *err) SQLX_MUST_CHECK;
/* How the translating printer writes SQL (sqlx_sql_print_as). */
struct sqlx_print_opts {
    enum sqlx_sql_dialect family; /* target engine family: spellings, reserved words, forms */
    bool mariadb;                 /* MySQL family only: MariaDB 10.5+ extensions are allowed */
    bool lenient;                 /* MySQL family only: accept both MySQL 8 and MariaDB forms
                                   * (round trips of text in either) */
    bool quote_all;               /* quote every identifier; else only names that need it */
    bool fold_lower;              /* write identifiers in lower case (case-insensitive source) */
    bool mask_literals;           /* write every literal as ? (fingerprints); IN lists of
                                   * literals collapse to (?) */
};

/* Prints st in the target family's own syntax: every node kind of sql/ast.h has a spelling, and
 * a construct the family cannot express fails with SQLX_EUNSUPPORTED naming it, with
 * err->position set to its source position. Spellings only: meaning-changing rewrites between
 * dialects belong to sql/translate.h, which runs before this. d supplies parameter style and
 * boolean literals. Leaves sql and params unchanged on failure. */
int sqlx_sql_print_as(const struct sqlx_ast *st, const struct sqlx_dialect *d,
                      const struct sqlx_print_opts *o, struct sqlx_arena *a, struct sqlx_buf *sql,
                      struct sqlx_params *params, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Quotes one identifier for the dialect, doubling embedded quote characters. */
void sqlx_sql_quote_ident(const struct sqlx_dialect *d, const char *name, struct sqlx_buf *out);

#endif
