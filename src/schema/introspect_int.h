/* Statement and row helpers shared inside schema/ by the catalog readers (introspect_sqlite.c,
 * introspect_pg.c, introspect_my.c): a constant query with one bound text parameter, and typed
 * getters for the current row's columns. Defined in introspect_rows.c. Not for use outside
 * src/schema. */
#ifndef SQLX_SCHEMA_INTROSPECT_INT_H
#define SQLX_SCHEMA_INTROSPECT_INT_H

#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "schema/model.h"

struct sqlx_conn;
struct sqlx_stmt;

/* Prepares sql and binds param (when not NULL) as the first parameter (?1, $1 or ?). On failure
 * *out is NULL and nothing is left to finalize; on success the caller finalizes *out. */
int sqlx_schema__query(struct sqlx_conn *c, const char *sql, const char *param,
                       struct sqlx_stmt **out, struct sqlx_err *err) SQLX_MUST_CHECK;

/* Column i of the current row as a string in arena a (numbers in decimal, a bool as "1" or "0");
 * NULL for SQL NULL. */
const char *sqlx_schema__col_text(struct sqlx_stmt *st, int i, struct sqlx_arena *a);

/* Column i of the current row as an integer: ints and bools as they are, floats truncated, text
 * (or bytes) parsed as decimal in case the engine returned it undecoded (empty text is 0, text too
 * long for any integer is INT64_MAX); if_null for SQL NULL. */
int64_t sqlx_schema__col_int(struct sqlx_stmt *st, int i, int64_t if_null);

/* The column of t named exactly name (byte comparison, no case folding); NULL when none or when
 * name is NULL. Usable before sqlx_schema_publish, unlike sqlx_table_column. */
struct sqlx_column *sqlx_schema__column_named(struct sqlx_table *t, const char *name);

#endif
