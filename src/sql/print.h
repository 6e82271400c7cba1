/* The SQL printer: renders an AST for one dialect (the pack's dialect table) as SQL text plus the
 * ordered list of bound parameter values. The only place where identifiers are quoted. Output SQL
 * never contains a value that came from a PARAM node. */
#ifndef SQLX_SQL_PRINT_H
#define SQLX_SQL_PRINT_H

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
/* Quotes one identifier for the dialect, doubling embedded quote characters. */
void sqlx_sql_quote_ident(const struct sqlx_dialect *d, const char *name, struct sqlx_buf *out);

#endif
