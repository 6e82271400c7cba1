/* Tests for query fingerprints (src/sql/fingerprint.c): the normalised text masks literals and
 * IN lists, ignores whitespace, comments and keyword case (and identifier case where the dialect
 * ignores it), keeps everything structural, and the hash is FNV-1a 64 of that text. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/arena.h"
#include "core/err.h"
#include "sql/fingerprint.h"

static struct sqlx_arena arena;
static struct sqlx_err err;

static void setup(void)
{
    sqlx_arena_init(&arena, 0);
    sqlx_err_clear(&err);
}

static void teardown(void)
{
    sqlx_arena_free(&arena);
}

TestSuite(fingerprint, .init = setup, .fini = teardown);

static struct sqlx_fingerprint fp(enum sqlx_sql_dialect d, const char *sql)
{
    struct sqlx_fingerprint f;
    cr_assert_eq(sqlx_sql_fingerprint_text(sql, strlen(sql), d, &arena, &f, &err), 0, "%s: %s",
                 sql, err.message);
    return f;
}

Test(fingerprint, normalised_text)
{
    struct sqlx_fingerprint f = fp(SQLX_SQL_POSTGRES,
                                   "select a, 'x' from t where b = 42 and c in (1, 2, 3) limit 10");
    cr_assert_str_eq(f.text, "SELECT a, ? FROM t WHERE b = ? AND c IN (?) LIMIT ?");
    f = fp(SQLX_SQL_POSTGRES, "SELECT * FROM t WHERE x IS NULL AND y = NULL");
    cr_assert_str_eq(f.text, "SELECT * FROM t WHERE x IS NULL AND y = NULL");
}

Test(fingerprint, stable_across_whitespace_case_and_values)
{
    struct sqlx_fingerprint a = fp(SQLX_SQL_POSTGRES, "SELECT name FROM users WHERE id = 1");
    struct sqlx_fingerprint b = fp(SQLX_SQL_POSTGRES,
                                   "select   name\n  from USERS -- comment\n where ID = 9999");
    struct sqlx_fingerprint c = fp(SQLX_SQL_POSTGRES,
                                   "SELECT name FROM users WHERE id = 'text value'");
    cr_assert_eq(a.hash, b.hash);
    cr_assert_eq(a.hash, c.hash);
    cr_assert_str_eq(a.text, b.text);
    /* IN lists of any length are one shape */
    cr_assert_eq(fp(SQLX_SQL_MYSQL, "SELECT 1 FROM t WHERE a IN (1)").hash,
                 fp(SQLX_SQL_MYSQL, "select 1 from T where A in (1, 2, 3, 4)").hash);
}

Test(fingerprint, structure_changes_the_hash)
{
    uint64_t base = fp(SQLX_SQL_POSTGRES, "SELECT a FROM t WHERE b = 1").hash;
    cr_assert_neq(base, fp(SQLX_SQL_POSTGRES, "SELECT a FROM t WHERE b > 1").hash);
    cr_assert_neq(base, fp(SQLX_SQL_POSTGRES, "SELECT a FROM u WHERE b = 1").hash);
    cr_assert_neq(base, fp(SQLX_SQL_POSTGRES, "SELECT a, c FROM t WHERE b = 1").hash);
    /* PostgreSQL keeps the case of quoted names: a different table */
    cr_assert_neq(base, fp(SQLX_SQL_POSTGRES, "SELECT a FROM \"T\" WHERE b = 1").hash);
    /* MySQL and SQLite names are case-insensitive */
    cr_assert_eq(fp(SQLX_SQL_SQLITE, "SELECT a FROM t").hash,
                 fp(SQLX_SQL_SQLITE, "SELECT A FROM \"T\"").hash);
}

Test(fingerprint, hash_is_fnv1a_of_the_text)
{
    cr_assert_eq(sqlx_sql_fingerprint_hash("", 0), 0xcbf29ce484222325ull);
    cr_assert_eq(sqlx_sql_fingerprint_hash("a", 1), 0xaf63dc4c8601ec8cull);
    struct sqlx_fingerprint f = fp(SQLX_SQL_SQLITE, "SELECT 1");
    cr_assert_eq(f.hash, sqlx_sql_fingerprint_hash(f.text, strlen(f.text)));
}

Test(fingerprint, placeholders_and_dml)
{
    struct sqlx_fingerprint a = fp(SQLX_SQL_POSTGRES, "UPDATE t SET a = $1 WHERE id = $2");
    struct sqlx_fingerprint b = fp(SQLX_SQL_POSTGRES, "UPDATE t SET a = 'v' WHERE id = 7");
    cr_assert_str_eq(a.text, "UPDATE t SET a = ? WHERE id = ?");
    cr_assert_eq(a.hash, b.hash);
    cr_assert_str_eq(fp(SQLX_SQL_MYSQL, "INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')").text,
                     "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
}

Test(fingerprint, parse_errors_are_reported)
{
    struct sqlx_fingerprint f;
    cr_assert_eq(sqlx_sql_fingerprint_text("SELECT FROM WHERE", 17, SQLX_SQL_POSTGRES, &arena, &f,
                                           &err),
                 SQLX_EPARSE);
    cr_assert(strstr(err.message, "line 1") != NULL, "%s", err.message);
}
