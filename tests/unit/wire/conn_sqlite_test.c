/* Tests for src/wire/conn_sqlite.c and the dispatch in src/wire/conn.c, on a temporary database
 * file: exec, prepare / bind / step for every value type, NULLs, changes, last insert id, the
 * mapping of constraint errors, transactions, the connection settings and opening errors. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "wire/conn.h"
#include "wire/pack.h"

static char tmpdir[64];
static char dbpath[128];
static struct sqlx_packset packs;
static struct sqlx_conn *conn;

static void setup(void)
{
    struct sqlx_err err;
    char url[256];
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sqlx-conn-test-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/test.db", tmpdir);
    cr_assert_eq(sqlx_packset_load(SQLX_SOURCE_DIR "/packs", &packs, &err), 0, "%s", err.message);
    snprintf(url, sizeof url, "sqlite:%s?mode=rwc", dbpath);
    cr_assert_eq(sqlx_conn_open(url, &packs, &conn, &err), 0, "%s", err.message);
}

static void teardown(void)
{
    char cmd[128];
    sqlx_conn_close(conn);
    conn = NULL;
    sqlx_packset_free(&packs);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(conn_sqlite, .init = setup, .fini = teardown);

static void exec_ok(const char *sql)
{
    struct sqlx_err err;
    sqlx_err_clear(&err);
    cr_assert_eq(sqlx_conn_exec(conn, sql, &err), 0, "%s: %s", sql, err.message);
}

static struct sqlx_stmt *prepare_ok(const char *sql)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    cr_assert_eq(sqlx_conn_prepare(conn, sql, strlen(sql), &s, &err), 0, "%s: %s", sql,
                 err.message);
    return s;
}

/* Runs one statement with the given values and returns its result (0 or SQLX_E*). */
static int run(const char *sql, const struct sqlx_value *vals, size_t n, struct sqlx_err *err)
{
    struct sqlx_stmt *s = prepare_ok(sql);
    sqlx_err_clear(err);
    int rc = sqlx_stmt_bind_all(s, vals, n, err);
    if (rc == 0)
        rc = sqlx_stmt_step(s, err);
    sqlx_stmt_finalize(s);
    return rc;
}

Test(conn_sqlite, opened_through_url_with_pack_and_state)
{
    struct stat st;
    cr_assert_eq(stat(dbpath, &st), 0, "mode=rwc did not create the file");
    cr_assert_not_null(conn->pack);
    cr_assert_str_eq(conn->pack->name, "sqlite-3");
    cr_assert_str_eq(conn->ops->engine, "sqlite");
    cr_assert_eq(conn->state, SQLX_CONN_READY);
    cr_assert(sqlx_conn_ping(conn));
    cr_assert_not(sqlx_conn_in_transaction(conn));
}

Test(conn_sqlite, all_value_types_round_trip)
{
    struct sqlx_err err;
    exec_ok("CREATE TABLE v (id INTEGER PRIMARY KEY, i BIGINT, f REAL, b BOOLEAN, t TEXT, bl BLOB, "
            "n TEXT)");
    static const char text[] = "h\xc3\xa9llo\0tail"; /* UTF-8 with an embedded NUL */
    static const unsigned char blob[] = { 0, 1, 2, 255, 0 };
    struct sqlx_value vals[] = {
        sqlx_value_int(INT64_MIN),           sqlx_value_float(-2.5),
        sqlx_value_bool(true),               sqlx_value_text(text, sizeof text - 1),
        sqlx_value_blob(blob, sizeof blob), sqlx_value_null(),
    };
    cr_assert_eq(run("INSERT INTO v (i, f, b, t, bl, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", vals, 6,
                     &err),
                 SQLX_STEP_DONE, "%s", err.message);
    cr_assert_eq(sqlx_conn_changes(conn), 1);
    cr_assert_eq(sqlx_conn_last_insert_id(conn), 1);

    struct sqlx_stmt *s = prepare_ok("SELECT i, f, b, t, bl, n FROM v WHERE id = ?");
    cr_assert_eq(s->nparams, 1);
    struct sqlx_value id = sqlx_value_int(1);
    cr_assert_eq(sqlx_stmt_bind(s, 1, &id, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
    cr_assert_eq(conn->state, SQLX_CONN_RESULT);
    cr_assert_eq(sqlx_stmt_column_count(s), 6);
    cr_assert_str_eq(sqlx_stmt_column_name(s, 3), "t");
    cr_assert_str_eq(sqlx_stmt_column_decltype(s, 0), "BIGINT");
    cr_assert_str_eq(sqlx_stmt_column_decltype(s, 2), "BOOLEAN");

    struct sqlx_value v;
    sqlx_stmt_column(s, 0, &v);
    cr_assert_eq(v.type, SQLX_V_INT);
    cr_assert_eq(v.i, INT64_MIN);
    sqlx_stmt_column(s, 1, &v);
    cr_assert_eq(v.type, SQLX_V_FLOAT);
    cr_assert_float_eq(v.f, -2.5, 1e-12);
    sqlx_stmt_column(s, 2, &v);
    cr_assert_eq(v.type, SQLX_V_INT, "SQLite stores booleans as integers");
    cr_assert_eq(v.i, 1);
    sqlx_stmt_column(s, 3, &v);
    cr_assert_eq(v.type, SQLX_V_TEXT);
    cr_assert_eq(v.n, sizeof text - 1);
    cr_assert_eq(memcmp(v.s, text, v.n), 0);
    sqlx_stmt_column(s, 4, &v);
    cr_assert_eq(v.type, SQLX_V_BLOB);
    cr_assert_eq(v.n, sizeof blob);
    cr_assert_eq(memcmp(v.s, blob, v.n), 0);
    sqlx_stmt_column(s, 5, &v);
    cr_assert_eq(v.type, SQLX_V_NULL);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE);
    cr_assert_eq(conn->state, SQLX_CONN_READY);
    sqlx_stmt_finalize(s);
}

Test(conn_sqlite, empty_text_and_blob_are_not_null)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = prepare_ok("SELECT typeof(?1), typeof(?2), length(?1), ?2");
    struct sqlx_value vals[] = { sqlx_value_text(NULL, 0), sqlx_value_blob(NULL, 0) };
    cr_assert_eq(sqlx_stmt_bind_all(s, vals, 2, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
    struct sqlx_value v;
    sqlx_stmt_column(s, 0, &v);
    cr_assert_eq(v.type, SQLX_V_TEXT);
    cr_assert_eq(v.n, 4);
    cr_assert_eq(memcmp(v.s, "text", 4), 0);
    sqlx_stmt_column(s, 1, &v);
    cr_assert_eq(memcmp(v.s, "blob", 4), 0);
    sqlx_stmt_column(s, 2, &v);
    cr_assert_eq(v.i, 0);
    sqlx_stmt_column(s, 3, &v);
    cr_assert_eq(v.type, SQLX_V_BLOB);
    cr_assert_eq(v.n, 0);
    cr_assert_not_null(v.s);
    sqlx_stmt_finalize(s);
}

Test(conn_sqlite, reset_and_rebind_changes_and_rowids)
{
    struct sqlx_err err;
    exec_ok("CREATE TABLE t (id INTEGER PRIMARY KEY, x INT)");
    struct sqlx_stmt *s = prepare_ok("INSERT INTO t (x) VALUES (?)");
    for (int i = 0; i < 3; i++) {
        struct sqlx_value v = sqlx_value_int(i * 10);
        cr_assert_eq(sqlx_stmt_bind(s, 1, &v, &err), 0);
        cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE, "%s", err.message);
        cr_assert_eq(sqlx_conn_last_insert_id(conn), i + 1);
        cr_assert_eq(sqlx_stmt_reset(s, &err), 0);
    }
    sqlx_stmt_finalize(s);
    exec_ok("UPDATE t SET x = x + 1 WHERE x >= 10");
    cr_assert_eq(sqlx_conn_changes(conn), 2);
    exec_ok("DELETE FROM t");
    cr_assert_eq(sqlx_conn_changes(conn), 3);
}

Test(conn_sqlite, bind_errors)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = prepare_ok("SELECT ?1 + ?2");
    cr_assert_eq(s->nparams, 2);
    struct sqlx_value v = sqlx_value_int(1);
    cr_assert_eq(sqlx_stmt_bind(s, 3, &v, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "parameter index 3 is out of range: the statement has 2 parameters");
    cr_assert_eq(sqlx_stmt_bind(s, 0, &v, &err), SQLX_EINVAL);
    cr_assert_eq(sqlx_stmt_bind_all(s, &v, 1, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "statement expects 2 parameters, 1 given");
    sqlx_stmt_finalize(s);
}

static void expect_constraint(const char *sql, enum sqlx_constraint_kind kind, int xcode,
                              const char *constraint)
{
    struct sqlx_err err;
    sqlx_err_clear(&err);
    cr_assert_eq(sqlx_conn_exec(conn, sql, &err), SQLX_ECONSTRAINT, "%s: %d %s", sql, err.code,
                 err.message);
    cr_assert_eq(err.code, SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, kind, "%s: kind %d", sql, err.constraint_kind);
    cr_assert_eq(err.engine_code, xcode, "%s: engine code %d", sql, err.engine_code);
    cr_assert_str_eq(err.constraint, constraint);
    cr_assert_gt(strlen(err.message), 0);
}

Test(conn_sqlite, constraint_errors_are_mapped)
{
    exec_ok("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT NOT NULL, "
            "age INT CONSTRAINT age_positive CHECK (age > 0))");
    exec_ok("CREATE TABLE codes (code TEXT PRIMARY KEY, n INT CHECK (n < 10))");
    exec_ok("CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT NOT NULL REFERENCES users(id))");
    exec_ok("INSERT INTO users (id, email, name, age) VALUES (1, 'a@x', 'A', 30)");
    exec_ok("INSERT INTO codes VALUES ('c1', 1)");
    expect_constraint("INSERT INTO users (email, name) VALUES ('a@x', 'B')",
                      SQLX_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_UNIQUE, "users.email");
    expect_constraint("INSERT INTO codes VALUES ('c1', 2)", SQLX_CONSTRAINT_PRIMARY_KEY,
                      SQLITE_CONSTRAINT_PRIMARYKEY, "codes.code");
    expect_constraint("INSERT INTO users (id, name) VALUES (1, 'C')", SQLX_CONSTRAINT_PRIMARY_KEY,
                      SQLITE_CONSTRAINT_PRIMARYKEY, "users.id");
    expect_constraint("INSERT INTO posts (user_id) VALUES (99)", SQLX_CONSTRAINT_FOREIGN_KEY,
                      SQLITE_CONSTRAINT_FOREIGNKEY, "");
    expect_constraint("INSERT INTO users (name, age) VALUES ('D', -1)", SQLX_CONSTRAINT_CHECK,
                      SQLITE_CONSTRAINT_CHECK, "age_positive");
    expect_constraint("INSERT INTO codes VALUES ('c2', 11)", SQLX_CONSTRAINT_CHECK,
                      SQLITE_CONSTRAINT_CHECK, "n < 10");
    expect_constraint("INSERT INTO users (email) VALUES ('e@x')", SQLX_CONSTRAINT_NOT_NULL,
                      SQLITE_CONSTRAINT_NOTNULL, "users.name");
    cr_assert_not(conn->broken);
}

Test(conn_sqlite, constraint_error_from_step_with_bound_values)
{
    struct sqlx_err err;
    exec_ok("CREATE TABLE u (email TEXT UNIQUE)");
    struct sqlx_value v = sqlx_value_text("x@y", 3);
    cr_assert_eq(run("INSERT INTO u VALUES (?)", &v, 1, &err), SQLX_STEP_DONE);
    cr_assert_eq(run("INSERT INTO u VALUES (?)", &v, 1, &err), SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_UNIQUE);
    cr_assert_str_eq(err.constraint, "u.email");
    cr_assert_str_eq(err.message, "UNIQUE constraint failed: u.email");
}

Test(conn_sqlite, syntax_error_has_position)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    const char *sql = "SELECT * FROM nosuch";
    cr_assert_eq(sqlx_conn_prepare(conn, sql, strlen(sql), &s, &err), SQLX_EENGINE);
    cr_assert_null(s);
    cr_assert_str_eq(err.message, "no such table: nosuch");
    cr_assert_eq(err.engine_code, SQLITE_ERROR);
    sql = "SELECT nocol FROM sqlite_master";
    cr_assert_eq(sqlx_conn_prepare(conn, sql, strlen(sql), &s, &err), SQLX_EENGINE);
    cr_assert_str_eq(err.message, "no such column: nocol");
    cr_assert_eq(err.position, 8, "1-based position of nocol");
    sql = "SELEKT 1";
    cr_assert_eq(sqlx_conn_exec(conn, sql, &err), SQLX_EENGINE);
    cr_assert(strstr(err.message, "syntax error"), "%s", err.message);
}

Test(conn_sqlite, prepare_takes_exactly_one_statement)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = NULL;
    const char *two = "SELECT 1; SELECT 2";
    cr_assert_eq(sqlx_conn_prepare(conn, two, strlen(two), &s, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "more than one SQL statement given to prepare");
    cr_assert_null(s);
    const char *empty = "  ;  ";
    cr_assert_eq(sqlx_conn_prepare(conn, empty, strlen(empty), &s, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "empty SQL statement");
    const char *trailing = "SELECT 1; -- done\n ; /* end */";
    cr_assert_eq(sqlx_conn_prepare(conn, trailing, strlen(trailing), &s, &err), 0, "%s",
                 err.message);
    sqlx_stmt_finalize(s);
    /* len bounds the text: the second statement is outside it. */
    cr_assert_eq(sqlx_conn_prepare(conn, two, 8, &s, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW);
    sqlx_stmt_finalize(s);
}

Test(conn_sqlite, transactions)
{
    exec_ok("CREATE TABLE t (x INT)");
    cr_assert_not(sqlx_conn_in_transaction(conn));
    exec_ok("BEGIN");
    cr_assert(sqlx_conn_in_transaction(conn));
    exec_ok("INSERT INTO t VALUES (1)");
    exec_ok("ROLLBACK");
    cr_assert_not(sqlx_conn_in_transaction(conn));
    exec_ok("BEGIN IMMEDIATE");
    exec_ok("INSERT INTO t VALUES (2)");
    exec_ok("COMMIT");
    cr_assert_not(sqlx_conn_in_transaction(conn));
    struct sqlx_stmt *s = prepare_ok("SELECT group_concat(x) FROM t");
    struct sqlx_err err;
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW);
    struct sqlx_value v;
    sqlx_stmt_column(s, 0, &v);
    cr_assert_eq(v.n, 1);
    cr_assert_eq(v.s[0], '2');
    sqlx_stmt_finalize(s);
}

static struct sqlx_value first_value(const char *sql)
{
    struct sqlx_err err;
    struct sqlx_stmt *s = prepare_ok(sql);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s: %s", sql, err.message);
    struct sqlx_value v;
    sqlx_stmt_column(s, 0, &v);
    if (v.type == SQLX_V_TEXT) /* copy before the statement goes */
        v.s = strndup(v.s, v.n);
    sqlx_stmt_finalize(s);
    return v;
}

Test(conn_sqlite, connection_settings)
{
    struct sqlx_value v = first_value("PRAGMA foreign_keys");
    cr_assert_eq(v.i, 1);
    v = first_value("SELECT 'abc' LIKE 'ABC'");
    cr_assert_eq(v.i, 0, "LIKE must be case-sensitive");
    v = first_value("SELECT lower('abc') LIKE lower('ABC')");
    cr_assert_eq(v.i, 1);
    v = first_value("PRAGMA busy_timeout");
    cr_assert_eq(v.i, 5000);
    v = first_value("PRAGMA journal_mode");
    cr_assert_eq(v.type, SQLX_V_TEXT);
    cr_assert_str_eq(v.s, "wal");
    free((char *)v.s);
}

Test(conn_sqlite, missing_file_is_not_created)
{
    struct sqlx_err err;
    struct sqlx_conn *c = NULL;
    char path[160], url[200];
    struct stat st;
    snprintf(path, sizeof path, "%s/missing.db", tmpdir);
    cr_assert_eq(sqlx_wire_sqlite_open(path, NULL, false, &c, &err), SQLX_ENOTFOUND);
    cr_assert_null(c);
    char want[256];
    snprintf(want, sizeof want, "database file \"%s\" does not exist", path);
    cr_assert_str_eq(err.message, want);
    cr_assert(strstr(err.hint, "mode=rwc"), "%s", err.hint);
    snprintf(url, sizeof url, "sqlite:%s", path);
    cr_assert_eq(sqlx_conn_open(url, &packs, &c, &err), SQLX_ENOTFOUND);
    cr_assert_str_eq(err.message, want);
    cr_assert_neq(stat(path, &st), 0, "the file was created");
    cr_assert_eq(sqlx_wire_sqlite_open(path, NULL, true, &c, &err), 0, "%s", err.message);
    cr_assert_eq(stat(path, &st), 0);
    sqlx_conn_close(c);
}

Test(conn_sqlite, not_a_database)
{
    struct sqlx_err err;
    struct sqlx_conn *c = NULL;
    char path[160];
    snprintf(path, sizeof path, "%s/junk.db", tmpdir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    for (int i = 0; i < 200; i++)
        fputs("this is not an SQLite database file. ", f);
    fclose(f);
    cr_assert_eq(sqlx_wire_sqlite_open(path, NULL, false, &c, &err), SQLX_EIO);
    cr_assert_null(c);
    cr_assert_eq(err.engine_code & 0xff, SQLITE_NOTADB);
}

Test(conn_sqlite, url_dispatch_errors_and_memory)
{
    struct sqlx_err err;
    struct sqlx_conn *c = NULL;
    cr_assert_eq(sqlx_conn_open("nosuchdb://h/x", &packs, &c, &err), SQLX_ENOTFOUND);
    cr_assert_str_eq(err.message, "no wire pack for URL scheme \"nosuchdb\"");
    cr_assert_eq(sqlx_conn_open("sqlite:x.db?mode=bogus", &packs, &c, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "invalid value \"bogus\" for SQLite URL option \"mode\"");
    cr_assert_eq(sqlx_conn_open("sqlite::memory:", &packs, &c, &err), 0, "%s", err.message);
    cr_assert_not_null(c);
    struct sqlx_conn *saved = conn;
    conn = c;
    exec_ok("CREATE TABLE m (x)");
    struct sqlx_value v = first_value("PRAGMA journal_mode");
    cr_assert_str_eq(v.s, "memory");
    free((char *)v.s);
    conn = saved;
    sqlx_conn_close(c);
}

/* The per-connection statement cache: the same text prepared again reuses the statement with
 * its bindings cleared and its cursor reset; two live uses of one text get two statements. */
Test(conn_sqlite, statement_cache_reuses_and_isolates)
{
    exec_ok("CREATE TABLE k (id INTEGER PRIMARY KEY, v TEXT)");
    exec_ok("INSERT INTO k VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    const char *sql = "SELECT v FROM k WHERE id >= ?1 ORDER BY id";
    struct sqlx_err err;
    struct sqlx_value v;

    struct sqlx_stmt *a = prepare_ok(sql);
    struct sqlx_value two = sqlx_value_int(2);
    cr_assert_eq(sqlx_stmt_bind_all(a, &two, 1, &err), 0);
    cr_assert_eq(sqlx_stmt_step(a, &err), SQLX_STEP_ROW);
    /* While a is live, the same text must give a different statement. */
    struct sqlx_stmt *b = prepare_ok(sql);
    cr_assert_neq(a, b);
    struct sqlx_value three = sqlx_value_int(3);
    cr_assert_eq(sqlx_stmt_bind_all(b, &three, 1, &err), 0);
    cr_assert_eq(sqlx_stmt_step(b, &err), SQLX_STEP_ROW);
    sqlx_stmt_column(b, 0, &v);
    cr_assert_eq(v.n, 5);
    cr_assert_eq(memcmp(v.s, "three", 5), 0);
    sqlx_stmt_column(a, 0, &v);
    cr_assert_eq(memcmp(v.s, "two", 3), 0, "a's cursor is untouched by b");
    sqlx_stmt_finalize(b);
    sqlx_stmt_finalize(a); /* mid-result: the cache must reset it */

    /* Reused: cursor reset and bindings cleared (an unbound ?1 is NULL: no rows). */
    struct sqlx_stmt *c = prepare_ok(sql);
    cr_assert(c == a || c == b, "the cached statement is reused");
    cr_assert_eq(sqlx_stmt_step(c, &err), SQLX_STEP_DONE, "bindings were cleared");
    sqlx_stmt_finalize(c);
    c = prepare_ok(sql);
    struct sqlx_value one = sqlx_value_int(1);
    cr_assert_eq(sqlx_stmt_bind_all(c, &one, 1, &err), 0);
    int rows = 0;
    while (sqlx_stmt_step(c, &err) == SQLX_STEP_ROW)
        rows++;
    cr_assert_eq(rows, 3);
    sqlx_stmt_finalize(c);

    /* More distinct texts than slots: every statement still works, none leaks (ASan). */
    for (int i = 0; i < 100; i++) {
        char q[64];
        snprintf(q, sizeof q, "SELECT %d + ?1", i);
        struct sqlx_stmt *s = prepare_ok(q);
        cr_assert_eq(sqlx_stmt_bind_all(s, &one, 1, &err), 0);
        cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW);
        sqlx_stmt_column(s, 0, &v);
        cr_assert_eq(v.i, i + 1);
        sqlx_stmt_finalize(s);
    }
    /* The transaction state is clean after a statement abandoned mid-result. */
    cr_assert_not(sqlx_conn_in_transaction(conn));
}

Test(conn_sqlite, exec_batch_runs_every_row_and_stops_at_error)
{
    exec_ok("CREATE TABLE b (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    struct sqlx_stmt *s = prepare_ok("INSERT INTO b (id, v) VALUES (?1, ?2)");
    struct sqlx_value rows[6] = { sqlx_value_int(1), sqlx_value_text("a", 1),
                                  sqlx_value_int(2), sqlx_value_text("b", 1),
                                  sqlx_value_int(3), sqlx_value_text("c", 1) };
    struct sqlx_err err;
    int64_t affected = 0;
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 2, 3, &affected, &err), 0, "%s", err.message);
    cr_assert_eq(affected, 3);
    /* Row 2 repeats id 2: the batch stops with the engine's constraint error. */
    rows[0] = sqlx_value_int(4);
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 2, 3, NULL, &err), SQLX_ECONSTRAINT);
    sqlx_stmt_finalize(s);
    cr_assert_eq(sqlx_conn_cancel(conn, &err), SQLX_EUNSUPPORTED);
}
