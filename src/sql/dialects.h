/* Built-in dialect tables per engine family: the printer's struct sqlx_dialect (the same values
 * as the packs' "dialect" sections) and the facts the translator needs about each target (NULL
 * ordering, division, LIKE case rules, what exists at all). The pack loader (wire/pack.c) rejects
 * keys it does not know, so these live here for now; they belong in the packs' dialect sections
 * once the loader reads them. Everything returned is static and immutable. */
#ifndef SQLX_SQL_DIALECTS_H
#define SQLX_SQL_DIALECTS_H

#include <stdbool.h>

#include "sql/ast.h"
#include "wire/pack.h"

/* What the translator must know about one target family. */
struct sqlx_sql_features {
    bool nulls_low;         /* NULLs sort before every value in ascending order */
    bool nulls_syntax;      /* ORDER BY ... NULLS FIRST / LAST exists */
    bool int_division;      /* / on two integers truncates (else exact) */
    bool like_ci;           /* LIKE ignores case (MySQL by collation, SQLite for ASCII) */
    bool ilike;             /* ILIKE exists */
    bool concat_op;         /* || concatenates (else CONCAT()) */
    bool concat_skips_null; /* CONCAT() skips NULL arguments (PostgreSQL) */
    bool greatest_skips_null; /* GREATEST / LEAST ignore NULL arguments (PostgreSQL) */
    bool length_bytes;      /* LENGTH() counts bytes (MySQL) */
    bool bool_type;         /* a real boolean type (PostgreSQL) */
    bool filter_clause;     /* aggregate FILTER (WHERE ...) */
    bool full_join;         /* FULL [OUTER] JOIN */
    bool returning;         /* INSERT / UPDATE / DELETE ... RETURNING */
    bool limit_expr;        /* LIMIT takes an expression (else only a number) */
    bool derived_col_aliases; /* (subquery) AS t (a, b) */
    bool interval;          /* INTERVAL values exist */
    bool stddev;            /* variance / stddev aggregates exist */
};

/* The printer table of a family (param style, quoting, boolean literals ...). */
const struct sqlx_dialect *sqlx_sql_dialect_table(enum sqlx_sql_dialect d);
const struct sqlx_sql_features *sqlx_sql_dialect_features(enum sqlx_sql_dialect d);

#endif
