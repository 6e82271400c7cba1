/* Query fingerprints: a statement's normalised text, with every literal (and every IN list of
 * literals) replaced by ?, identifiers of case-insensitive dialects in lower case, keywords and
 * spacing canonical, plus a 64-bit hash of that text. Equal for statements that differ only in
 * whitespace, comments, keyword case or literal values; used by the result cache and by FLO to
 * group executions of one query. */
#ifndef SQLX_SQL_FINGERPRINT_H
#define SQLX_SQL_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "sql/ast.h"

struct sqlx_fingerprint {
    uint64_t hash;    /* FNV-1a 64 of text */
    const char *text; /* normalised statement, NUL-terminated, in the arena */
};

/* Fingerprints st, parsed as dialect d. Fails only when the statement cannot be printed in its
 * own dialect (a malformed tree). */
int sqlx_sql_fingerprint(const struct sqlx_ast *st, enum sqlx_sql_dialect d, struct sqlx_arena *a,
                         struct sqlx_fingerprint *out, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Parses text as d and fingerprints its only statement. */
int sqlx_sql_fingerprint_text(const char *sql, size_t len, enum sqlx_sql_dialect d,
                              struct sqlx_arena *a, struct sqlx_fingerprint *out,
                              struct sqlx_err *err) SQLX_MUST_CHECK;
/* The 64-bit FNV-1a hash used for fingerprints. */
uint64_t sqlx_sql_fingerprint_hash(const char *s, size_t n);

#endif
