/* Tests for src/cli/cmd_query.c (`sqlx query`): the aligned table, the typed JSON array, row
 * counts of statements without columns, usage errors, and error reports with position and caret,
 * on a temporary SQLite database; the same against PostgreSQL at $SQLX_TEST_PG_URL (skipped only
 * when that variable is unset), including the SQLSTATE line. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/err.h"
#include "wire/conn.h"
#include "wire/pack.h"

static char tmpdir[] = "/tmp/sqlx-cmd-query-XXXXXX";
static char dbpath[256];
static char url[300];

static void exec_all(const char *db_url, const char *const *sql)
{
    struct sqlx_packset packs;
    struct sqlx_conn *c;
    struct sqlx_err err;

    sqlx_err_clear(&err);
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_conn_open(db_url, &packs, &c, &err), 0, "%s: %s", db_url, err.message);
    for (; *sql; sql++)
        cr_assert_eq(sqlx_conn_exec(c, *sql, &err), 0, "%s: %s", *sql, err.message);
    sqlx_conn_close(c);
    sqlx_packset_free(&packs);
}

static void setup(void)
{
    static const char *const fixture[] = {
        "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, "
        "price DECIMAL(10,2), ok BOOLEAN, meta JSON, raw BLOB)",
        "INSERT INTO items VALUES (1, 'pen', 1.5, 1, '{\"a\": [1, 2]}', x'00ff')",
        "INSERT INTO items VALUES (2, 'Chloé''s ink', 12.25, 0, NULL, NULL)",
        "INSERT INTO items VALUES (10, 'line' || char(10) || 'break', NULL, NULL, 'not json', NULL)",
        NULL,
    };
    char create[300];

    if (!getenv("SQLX_PACKS"))
        setenv("SQLX_PACKS", SQLX_SOURCE_DIR "/packs", 1);
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/t.db", tmpdir);
    snprintf(url, sizeof url, "sqlite:%s", dbpath);
    snprintf(create, sizeof create, "sqlite:%s?mode=rwc", dbpath);
    exec_all(create, fixture);
    cr_redirect_stdout();
    cr_redirect_stderr();
}

static void teardown(void)
{
    char p[300];
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath);
    unlink(p);
    rmdir(tmpdir);
}

TestSuite(cmd_query, .init = setup, .fini = teardown);

static int run(int argc, const char **args)
{
    char *argv[10];
    cr_assert_lt(argc, 10);
    for (int i = 0; i < argc; i++)
        argv[i] = (char *)args[i];
    argv[argc] = NULL;
    int rc = sqlx_cli_query(argc, argv);
    fflush(stdout);
    fflush(stderr);
    return rc;
}

/* Everything a redirected stream received so far (caller frees). */
static char *slurp(FILE *f)
{
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    rewind(f);
    size_t n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    return buf;
}

static char *out_text(void)
{
    return slurp(cr_get_redirected_stdout());
}

static char *err_text(void)
{
    return slurp(cr_get_redirected_stderr());
}

static json_t *out_json(void)
{
    char *s = out_text();
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    cr_assert_not_null(j, "not JSON (%s): %s", je.text, s);
    free(s);
    return j;
}

Test(cmd_query, table_is_aligned_with_footer)
{
    const char *args[] = { "query", "--db", url,
                           "SELECT id, name, price, ok FROM items ORDER BY id" };
    cr_assert_eq(run(4, args), 0);
    char *s = out_text();
    const char *want = " id |    name     | price |  ok   \n"
                       "----+-------------+-------+-------\n"
                       "  1 | pen         |   1.5 | true  \n"
                       "  2 | Chloé's ink | 12.25 | false \n"
                       " 10 | line\\nbreak |       |       \n"
                       "(3 rows)\n";
    cr_assert_str_eq(s, want);
    free(s);
}

Test(cmd_query, empty_result_and_one_row_footer)
{
    const char *none[] = { "query", "--db", url, "SELECT name FROM items WHERE id = 99" };
    cr_assert_eq(run(4, none), 0);
    char *s = out_text();
    cr_assert_str_eq(s, " name \n------\n(0 rows)\n");
    free(s);
}

Test(cmd_query, single_row_says_row)
{
    const char *one[] = { "query", "--format", "table", "--db", url, "SELECT raw FROM items WHERE id = 1" };
    cr_assert_eq(run(6, one), 0);
    char *s = out_text();
    cr_assert_str_eq(s, "  raw   \n--------\n \\x00ff \n(1 row)\n");
    free(s);
}

Test(cmd_query, json_values_are_typed)
{
    const char *args[] = { "query", "--format=json", "--db", url,
                           "SELECT id, name, price, ok, meta, raw FROM items ORDER BY id" };
    cr_assert_eq(run(5, args), 0);
    json_t *j = out_json();
    cr_assert(json_is_array(j));
    cr_assert_eq(json_array_size(j), 3);
    json_t *r = json_array_get(j, 0);
    cr_assert_eq(json_object_size(r), 6);
    cr_assert(json_is_integer(json_object_get(r, "id")));
    cr_assert_eq(json_integer_value(json_object_get(r, "id")), 1);
    cr_assert_str_eq(json_string_value(json_object_get(r, "name")), "pen");
    cr_assert(json_is_number(json_object_get(r, "price")));
    cr_assert_float_eq(json_number_value(json_object_get(r, "price")), 1.5, 1e-9);
    cr_assert(json_is_true(json_object_get(r, "ok")), "BOOLEAN 1 is true");
    json_t *meta = json_object_get(r, "meta");
    cr_assert(json_is_object(meta), "a JSON column is embedded, not quoted");
    cr_assert_eq(json_array_size(json_object_get(meta, "a")), 2);
    cr_assert_str_eq(json_string_value(json_object_get(r, "raw")), "\\x00ff");
    r = json_array_get(j, 1);
    cr_assert(json_is_false(json_object_get(r, "ok")));
    cr_assert(json_is_null(json_object_get(r, "meta")));
    cr_assert_str_eq(json_string_value(json_object_get(r, "name")), "Chloé's ink");
    r = json_array_get(j, 2);
    cr_assert(json_is_null(json_object_get(r, "price")));
    cr_assert_str_eq(json_string_value(json_object_get(r, "meta")), "not json",
                     "invalid JSON text in a JSON column stays a string");
    cr_assert_str_eq(json_string_value(json_object_get(r, "name")), "line\nbreak");
    json_decref(j);
}

Test(cmd_query, json_empty_result_is_empty_array)
{
    const char *args[] = { "query", "--format", "json", "--db", url,
                           "SELECT id FROM items WHERE id < 0" };
    cr_assert_eq(run(6, args), 0);
    json_t *j = out_json();
    cr_assert(json_is_array(j));
    cr_assert_eq(json_array_size(j), 0);
    json_decref(j);
}

Test(cmd_query, statement_without_columns_prints_changes)
{
    const char *upd[] = { "query", "--db", url, "UPDATE items SET ok = 1 WHERE id IN (1, 2)" };
    cr_assert_eq(run(4, upd), 0);
    char *s = out_text();
    cr_assert_str_eq(s, "OK, 2 rows affected\n");
    free(s);
    const char *del[] = { "query", "--format", "json", "--db", url, "DELETE FROM items WHERE id = 10" };
    cr_assert_eq(run(6, del), 0);
    s = out_text();
    cr_assert(strstr(s, "{\"rows_affected\": 1}\n"), "%s", s);
    free(s);
}

Test(cmd_query, syntax_error_shows_position_and_caret)
{
    const char *args[] = { "query", "--db", url, "SELECT id,\n  nme FROM items" };
    cr_assert_eq(run(4, args), 1);
    char *e = err_text();
    cr_assert(strstr(e, "sqlx query: no such column: nme"), "%s", e);
    free(e);
    const char *bad[] = { "query", "--db", url, "SELECT 1 FRM items" };
    cr_assert_eq(run(4, bad), 1);
    e = err_text();
    cr_assert(strstr(e, "near \"items\": syntax error"), "%s", e);
    cr_assert(strstr(e, "position: 14\n"), "%s", e);
    cr_assert(strstr(e, "LINE 1: SELECT 1 FRM items\n"
                        "                     ^\n"), "%s", e);
    free(e);
    char *o = out_text();
    cr_assert_str_eq(o, "", "nothing on stdout after an error");
    free(o);
}

Test(cmd_query, parameters_are_refused)
{
    const char *args[] = { "query", "--db", url, "SELECT * FROM items WHERE id = ?" };
    cr_assert_eq(run(4, args), 1);
    char *e = err_text();
    cr_assert(strstr(e, "statement has 1 parameters but no values were given"), "%s", e);
    free(e);
}

Test(cmd_query, usage_errors_exit_2)
{
    const char *nosql[] = { "query", "--db", url };
    cr_assert_eq(run(3, nosql), 2);
    const char *fmt[] = { "query", "--format", "xml", "--db", url, "SELECT 1" };
    cr_assert_eq(run(6, fmt), 2);
    const char *two[] = { "query", "--db", url, "SELECT 1", "SELECT 2" };
    cr_assert_eq(run(5, two), 2);
    const char *opt[] = { "query", "--nope", "SELECT 1" };
    cr_assert_eq(run(3, opt), 2);
    const char *nodb[] = { "query", "--db", "", "SELECT 1" };
    cr_assert_eq(run(4, nodb), 2);
    char *e = err_text();
    cr_assert(strstr(e, "unknown --format \"xml\""), "%s", e);
    cr_assert(strstr(e, "missing the SQL statement"), "%s", e);
    free(e);
    const char *help[] = { "query", "--help" };
    cr_assert_eq(run(2, help), 0);
    char *o = out_text();
    cr_assert(strstr(o, "usage: sqlx query"), "%s", o);
    free(o);
}

Test(cmd_query, bad_database_url_fails)
{
    const char *args[] = { "query", "--db", "nosuchscheme://x/y", "SELECT 1" };
    cr_assert_eq(run(4, args), 1);
    char *e = err_text();
    cr_assert(strncmp(e, "sqlx query: ", 12) == 0, "%s", e);
    free(e);
}

/* PostgreSQL: typed JSON from a live server, and the server's error fields. */

static const char *pg_url(void)
{
    const char *u = getenv("SQLX_TEST_PG_URL");
    if (!u || !u[0])
        cr_skip_test("SQLX_TEST_PG_URL is not set");
    return u;
}

Test(cmd_query, pg_json_values_are_typed)
{
    const char *u = pg_url();
    const char *args[] = { "query", "--format", "json", "--db", u,
                           "SELECT 7::int4 AS i, 9000000000::int8 AS big, 12.50::numeric(6,2) AS n, "
                           "true AS b, NULL::text AS z, 'héllo'::text AS t, "
                           "'{\"k\": [1, null]}'::jsonb AS j, 0.25::float8 AS f "
                           "FROM generate_series(1, 2)" };
    cr_assert_eq(run(6, args), 0, "stderr: %s", err_text());
    json_t *j = out_json();
    cr_assert_eq(json_array_size(j), 2);
    json_t *r = json_array_get(j, 1);
    cr_assert_eq(json_integer_value(json_object_get(r, "i")), 7);
    cr_assert_eq(json_integer_value(json_object_get(r, "big")), 9000000000LL);
    cr_assert(json_is_number(json_object_get(r, "n")), "numeric is a JSON number");
    cr_assert_float_eq(json_number_value(json_object_get(r, "n")), 12.5, 1e-9);
    cr_assert(json_is_true(json_object_get(r, "b")));
    cr_assert(json_is_null(json_object_get(r, "z")));
    cr_assert_str_eq(json_string_value(json_object_get(r, "t")), "héllo");
    cr_assert(json_is_array(json_object_get(json_object_get(r, "j"), "k")));
    cr_assert_float_eq(json_number_value(json_object_get(r, "f")), 0.25, 1e-12);
    json_decref(j);
}

Test(cmd_query, pg_table_output)
{
    const char *u = pg_url();
    const char *args[] = { "query", "--db", u,
                           "SELECT g AS n, repeat('x', g) AS s FROM generate_series(1, 3) g" };
    cr_assert_eq(run(4, args), 0, "stderr: %s", err_text());
    char *s = out_text();
    cr_assert_str_eq(s, " n |  s  \n---+-----\n 1 | x   \n 2 | xx  \n 3 | xxx \n(3 rows)\n");
    free(s);
}

Test(cmd_query, pg_error_has_sqlstate_and_caret)
{
    const char *u = pg_url();
    const char *args[] = { "query", "--db", u, "SELECT 1 FROM sqlx_no_such_table" };
    cr_assert_eq(run(4, args), 1);
    char *e = err_text();
    cr_assert(strstr(e, "relation \"sqlx_no_such_table\" does not exist"), "%s", e);
    cr_assert(strstr(e, "SQLSTATE: 42P01\n"), "%s", e);
    cr_assert(strstr(e, "position: 15\n"), "%s", e);
    cr_assert(strstr(e, "LINE 1: SELECT 1 FROM sqlx_no_such_table\n"
                        "                      ^\n"), "%s", e);
    free(e);
}

Test(cmd_query, pg_wrong_password_is_clear)
{
    pg_url();
    const char *md5 = getenv("SQLX_TEST_PG_MD5_URL");
    cr_assert_not_null(md5, "the harness sets SQLX_TEST_PG_MD5_URL with SQLX_TEST_PG_URL");
    char bad[512];
    const char *at = strchr(md5 + strlen("postgresql://"), '@');
    cr_assert_not_null(at);
    snprintf(bad, sizeof bad, "postgresql://sqlx_md5:wrong%s", at);
    const char *args[] = { "query", "--db", bad, "SELECT 1" };
    cr_assert_eq(run(4, args), 1);
    char *e = err_text();
    cr_assert(strstr(e, "password authentication failed for user \"sqlx_md5\""), "%s", e);
    cr_assert(strstr(e, "SQLSTATE: 28P01"), "%s", e);
    free(e);
}
