/* Fingerprints (sql/fingerprint.h): the statement printed in its own dialect by sql/print with
 * literals masked and names in canonical case, hashed with FNV-1a 64. The printer already writes
 * canonical keywords and spacing, so whitespace, comments and keyword case vanish; literal
 * values vanish through the mask. Owns no state. */
#include "sql/fingerprint.h"

#include "core/buf.h"
#include "sql/dialects.h"
#include "sql/parser.h"
#include "sql/print.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

uint64_t sqlx_sql_fingerprint_hash(const char *s, size_t n)
{
    uint64_t h = FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= FNV_PRIME;
    }
    return h;
}

int sqlx_sql_fingerprint(const struct sqlx_ast *st, enum sqlx_sql_dialect d, struct sqlx_arena *a,
                         struct sqlx_fingerprint *out, struct sqlx_err *err)
{
    /* MySQL and SQLite names are case-insensitive (PostgreSQL's parser already folded the
     * unquoted ones), so they are written in lower case. */
    struct sqlx_print_opts po = { .family = d, .lenient = true, .mask_literals = true,
                                  .fold_lower = d != SQLX_SQL_POSTGRES };
    struct sqlx_params params = { 0 };
    struct sqlx_buf text;
    sqlx_buf_init(&text, 0);
    int rc = sqlx_sql_print_as(st, sqlx_sql_dialect_table(d), &po, a, &text, &params, err);
    if (rc == 0) {
        out->text = sqlx_arena_memdup(a, text.data ? text.data : "", text.len);
        out->hash = sqlx_sql_fingerprint_hash(out->text, text.len);
    }
    sqlx_buf_free(&text);
    return rc;
}

int sqlx_sql_fingerprint_text(const char *sql, size_t len, enum sqlx_sql_dialect d,
                              struct sqlx_arena *a, struct sqlx_fingerprint *out,
                              struct sqlx_err *err)
{
    struct sqlx_parse_opts popts = { .dialect = d };
    struct sqlx_ast *st;
    int rc = sqlx_sql_parse_one(sql, len, &popts, a, &st, err);
    if (rc)
        return rc;
    return sqlx_sql_fingerprint(st, d, a, out, err);
}
