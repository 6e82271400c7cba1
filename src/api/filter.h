/* The query-string grammar of list routes (docs/api.md): page / limit / offset, sort / order,
 * select, column filters `col=op.value` with not., in.(...), is.null, and or=(...). Turns the
 * arguments into AST pieces for a table; every value becomes a bound parameter converted to the
 * column's type, and every identifier must match the schema. Pure: no I/O. */
#ifndef SQLX_API_FILTER_H
#define SQLX_API_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "api/http.h"
#include "core/arena.h"
#include "core/err.h"
#include "schema/model.h"
#include "sql/ast.h"
#include "wire/value.h"

struct sqlx_list_query {
    struct sqlx_expr *where;             /* NULL when unfiltered */
    struct sqlx_vec order;               /* struct sqlx_order_item * */
    const struct sqlx_column **select;   /* NULL = all columns */
    size_t nselect;
    long long page;                      /* from 1 */
    long long limit;
    long long offset;
};

/* Parses the request's arguments. On error returns SQLX_EINVAL (400 invalid_parameter) or
 * SQLX_ENOTFOUND (400 unknown_column) with a message naming the parameter. */
int sqlx_api_parse_list(const struct sqlx_table *t, struct sqlx_http_req *req, int default_limit,
                        int max_limit, struct sqlx_list_query *out,
                        struct sqlx_err *err) SQLX_MUST_CHECK;

/* Converts text to a value of the column's type (integer, float, bool, else text copied into the
 * arena). Returns false when the text is not a valid value of that type. */
bool sqlx_api_text_value(const struct sqlx_column *c, const char *s, size_t n, struct sqlx_arena *a,
                         struct sqlx_value *out);

#endif
