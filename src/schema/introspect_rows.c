/* Statement and row helpers for the catalog readers (introspect_<engine>.c): run a constant
 * catalog query with one bound text parameter, and read the current row's columns as arena text
 * or integers, whatever value type the engine's decoder produced. Owns no state; must not know
 * any engine's catalog. */
#include "schema/introspect_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "wire/conn.h"
#include "wire/value.h"

int sqlx_schema__query(struct sqlx_conn *c, const char *sql, const char *param,
                       struct sqlx_stmt **out, struct sqlx_err *err)
{
    int rc = sqlx_conn_prepare(c, sql, strlen(sql), out, err);
    if (rc < 0)
        return rc;
    if (param) {
        struct sqlx_value v = sqlx_value_text(param, strlen(param));
        rc = sqlx_stmt_bind(*out, 1, &v, err);
        if (rc < 0) {
            sqlx_stmt_finalize(*out);
            *out = NULL;
        }
    }
    return rc < 0 ? rc : 0;
}

const char *sqlx_schema__col_text(struct sqlx_stmt *st, int i, struct sqlx_arena *a)
{
    struct sqlx_value v;
    sqlx_stmt_column(st, i, &v);
    switch (v.type) {
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        return sqlx_arena_strndup(a, v.s ? v.s : "", v.n);
    case SQLX_V_INT:
        return sqlx_arena_printf(a, "%" PRId64, v.i);
    case SQLX_V_FLOAT:
        return sqlx_arena_printf(a, "%.17g", v.f);
    case SQLX_V_BOOL:
        return v.b ? "1" : "0";
    default:
        return NULL;
    }
}

int64_t sqlx_schema__col_int(struct sqlx_stmt *st, int i, int64_t if_null)
{
    struct sqlx_value v;
    char tmp[32];
    sqlx_stmt_column(st, i, &v);
    switch (v.type) {
    case SQLX_V_INT:
        return v.i;
    case SQLX_V_BOOL:
        return v.b;
    case SQLX_V_FLOAT:
        return (int64_t)v.f;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        if (v.n == 0 || v.n >= sizeof tmp)
            return v.n == 0 ? 0 : INT64_MAX;
        memcpy(tmp, v.s, v.n);
        tmp[v.n] = '\0';
        return strtoll(tmp, NULL, 10);
    default:
        return if_null;
    }
}

struct sqlx_column *sqlx_schema__column_named(struct sqlx_table *t, const char *name)
{
    struct sqlx_column *col;
    if (!name)
        return NULL;
    sqlx_vec_foreach(&t->columns, struct sqlx_column *, col) {
        if (strcmp(col->name, name) == 0)
            return col;
    }
    return NULL;
}
