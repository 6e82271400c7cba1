/* Live checks of src/wire/my_types.c and the MySQL scrambles of src/wire/auth.c against the
 * MariaDB 10.11 the harness starts (SQLX_TEST_MY_URL, SQLX_TEST_MY_ED25519_URL from
 * tests/harness/mariadb.sh; skipped when unset). The test client of my_rawclient.h, not the
 * engine, speaks the protocol, so these results depend only on the codecs: every common column
 * type with its edge values is read through COM_QUERY (text) and COM_STMT_EXECUTE (binary) and
 * both must decode to the same universal value; mysql_native_password and client_ed25519 log in,
 * over TLS too; a wrong password is a clear error. Finally the engine (sqlx_conn_open, conn_my.c)
 * reads the same table through its prepared (binary) and text statements, and every value must
 * match what the test client decoded. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/err.h"
#include "unit/wire/my_rawclient.h"
#include "wire/conn.h"
#include "wire/my.h"
#include "wire/my_types.h"
#include "wire/pack.h"

struct target {
    char user[64], pw[64], host[64], db[64];
    int port;
};

/* Parses mysql://user:pw@host:port/db from an environment variable; false when unset. */
static bool target_from_env(const char *var, struct target *t)
{
    const char *url = getenv(var);
    if (!url || strncmp(url, "mysql://", 8) != 0)
        return false;
    memset(t, 0, sizeof *t);
    int n = sscanf(url + 8, "%63[^:]:%63[^@]@%63[^:]:%d/%63s", t->user, t->pw, t->host, &t->port,
                   t->db);
    cr_assert_eq(n, 5, "cannot parse %s=%s", var, url);
    return true;
}

static struct target need(const char *var)
{
    struct target t;
    if (!target_from_env(var, &t))
        cr_skip_test("%s is not set (source the MariaDB harness env)", var);
    return t;
}

static void login(struct rc *c, const struct target *t, bool tls)
{
    struct sqlx_err err;
    cr_assert_eq(rc_connect(c, t->host, t->port, tls, t->user, t->pw, t->db, &err), 0,
                 "login as %s: %s", t->user, err.message);
}

static void exec(struct rc *c, const char *sql)
{
    struct rc_rows r;
    struct sqlx_err err;
    cr_assert_eq(rc_query(c, sql, &r, &err), 0, "%s: %s", sql, err.message);
    rc_rows_free(&r);
}

/* ---- authentication ---- */

Test(my_live, native_password_plain_and_tls)
{
    struct target t = need("SQLX_TEST_MY_URL");
    struct rc c;
    login(&c, &t, false);
    cr_assert(strstr(c.plugins, RC_NATIVE), "plugins: %s", c.plugins);
    exec(&c, "DO 1");
    rc_close(&c);
    login(&c, &t, true);
    cr_assert(c.tls);
    exec(&c, "DO 1");
    rc_close(&c);
}

Test(my_live, ed25519_plain_and_tls)
{
    struct target t = need("SQLX_TEST_MY_ED25519_URL");
    for (int tls = 0; tls < 2; tls++) {
        struct rc c;
        login(&c, &t, tls);
        cr_assert(strstr(c.plugins, RC_ED25519), "the server switched to ed25519: %s", c.plugins);
        exec(&c, "DO 1");
        rc_close(&c);
    }
}

Test(my_live, wrong_password_is_a_clear_error)
{
    static const char *vars[] = { "SQLX_TEST_MY_URL", "SQLX_TEST_MY_ED25519_URL" };
    for (size_t i = 0; i < 2; i++) {
        struct target t = need(vars[i]);
        struct rc c;
        struct sqlx_err err;
        int rc = rc_connect(&c, t.host, t.port, false, t.user, "definitely-wrong", t.db, &err);
        rc_close(&c);
        cr_assert_eq(rc, SQLX_EINVAL, "%s: rc %d %s", t.user, rc, err.message);
        cr_assert_eq(err.engine_code, 1045);
        cr_assert_str_eq(err.sqlstate, "28000");
        cr_assert(strstr(err.message, "Access denied for user"), "%s", err.message);
    }
}

/* ---- every type, text and binary ---- */

static const char types_ddl[] =
    "CREATE TEMPORARY TABLE t_types ("
    "id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, su SMALLINT UNSIGNED,"
    "mi MEDIUMINT, mu MEDIUMINT UNSIGNED, ii INT, iu INT UNSIGNED, bi BIGINT,"
    "bu BIGINT UNSIGNED, b1 TINYINT(1), iz INT(5) ZEROFILL, de DECIMAL(30,10), fl FLOAT,"
    "f73 FLOAT(7,3), db DOUBLE, d52 DOUBLE(10,2), dt DATE, dtm DATETIME, dt3 DATETIME(3),"
    "ts6 TIMESTAMP(6) NULL DEFAULT NULL, tm TIME, tm6 TIME(6), tm1 TIME(1), yr YEAR,"
    "vc VARCHAR(50), ch CHAR(5), vb VARBINARY(20), bn BINARY(4), tx TEXT, bl BLOB,"
    "js JSON, en ENUM('a','b'), st SET('x','y'), bt BIT(1), b64 BIT(64), b10 BIT(10),"
    "vbin VARCHAR(10) COLLATE utf8mb4_bin)";

static const char *types_rows[] = {
    "(1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0, 0, 0,"
    " -99999999999999999999.9999999999, -3.40282e38, -9999.999, -1.7976931348623157e308,"
    " -99999999.99, '1000-01-01', '1000-01-01 00:00:00', '1000-01-01 00:00:00.000',"
    " '1970-01-01 00:00:01.000000', '-838:59:59', '-838:59:59.000000', '-00:00:00.5', 1901,"
    " '', '', '', x'00000000', '', '', '[]', 'a', '', b'0', b'0', b'0', '')",
    "(2, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295,"
    " 9223372036854775807, 18446744073709551615, 1, 42, 99999999999999999999.9999999999,"
    " 3.40282e38, 9999.999, 1.7976931348623157e308, 99999999.99, '9999-12-31',"
    " '9999-12-31 23:59:59', '9999-12-31 23:59:59.999', '2038-01-19 03:14:07.999999',"
    " '838:59:59', '838:59:59.999999', '100:00:00.1', 2155, 'h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93',"
    " 'abcde', x'00ff10', x'01020304', REPEAT('long text ', 100), x'00ff00',"
    " '{\"a\": [1, 2.5, \"x\"]}', 'b', 'x,y', b'1', b'1111111111111111111111111111111111111111111111111111111111111111',"
    " b'1111111111', 'ABC')",
    "(3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9223372036854775808, 0, 7, 0.5, 1234567, 1.5, 0.1,"
    " 0.333333, '0000-00-00', '0000-00-00 00:00:00', '2024-02-29 12:34:56.5',"
    " '2024-02-29 12:34:56', '00:00:00', '-00:00:01.000001', '12:00:00', 0, 'x', 'x', x'00',"
    " x'00', 'x', x'', 'null', 'b', 'y', b'0', b'1000000000000000000000000000000000000000000000000000000000000000',"
    " b'0000000001', 'x')",
    "(4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3.14, 3.14159265, 2.25, 0.3333333333333333,"
    " 1234.5678, '2024-01-02', '2024-01-02 03:04:05', '2024-01-02 03:04:05.007',"
    " '2024-01-02 03:04:05.000001', '23:59:59', '-100:00:00.000001', '01:02:03', 2024, 'q', 'q',"
    " x'71', x'71', 'q', x'71', '{}', 'a', 'x', b'1', b'101', b'101', 'q')",
    "(5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
    " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
};

static bool value_eq(struct sqlx_value a, struct sqlx_value b)
{
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case SQLX_V_NULL:
        return true;
    case SQLX_V_INT:
        return a.i == b.i;
    case SQLX_V_FLOAT:
        return a.f == b.f;
    case SQLX_V_BOOL:
        return a.b == b.b;
    default:
        return a.n == b.n && memcmp(a.s, b.s, a.n) == 0;
    }
}

static void describe(struct sqlx_value v, char *out, size_t n)
{
    switch (v.type) {
    case SQLX_V_NULL:
        snprintf(out, n, "NULL");
        break;
    case SQLX_V_INT:
        snprintf(out, n, "INT %lld", (long long)v.i);
        break;
    case SQLX_V_FLOAT:
        snprintf(out, n, "FLOAT %.17g", v.f);
        break;
    case SQLX_V_BOOL:
        snprintf(out, n, "BOOL %d", v.b);
        break;
    case SQLX_V_TEXT:
        snprintf(out, n, "TEXT '%.*s'", (int)(v.n > 60 ? 60 : v.n), v.s);
        break;
    case SQLX_V_BLOB:
        snprintf(out, n, "BLOB (%zu bytes)", v.n);
        break;
    }
}

/* Runs sql through both protocols and checks every cell agrees; returns the text rows. */
static void both_protocols_agree(struct rc *c, const char *sql, struct rc_rows *text)
{
    struct rc_rows bin;
    struct sqlx_err err;
    struct sqlx_my_scratch s1, s2;
    sqlx_my_scratch_init(&s1);
    sqlx_my_scratch_init(&s2);
    cr_assert_eq(rc_query(c, sql, text, &err), 0, "%s", err.message);
    cr_assert_eq(rc_prepared(c, sql, &bin, &err), 0, "%s", err.message);
    cr_assert_eq(text->ncols, bin.ncols);
    cr_assert_eq(text->nrows, bin.nrows);
    cr_assert_gt(text->nrows, 0);
    for (int i = 0; i < text->nrows; i++) {
        struct sqlx_value tv[RC_MAX_COLS], bv[RC_MAX_COLS];
        sqlx_my_scratch_reset(&s1);
        sqlx_my_scratch_reset(&s2);
        cr_assert_eq(rc_row_values(text, i, &s1, tv, &err), 0, "text row %d: %s", i, err.message);
        cr_assert_eq(rc_row_values(&bin, i, &s2, bv, &err), 0, "binary row %d: %s", i, err.message);
        for (int k = 0; k < text->ncols; k++) {
            char a[128], b[128];
            describe(tv[k], a, sizeof a);
            describe(bv[k], b, sizeof b);
            cr_assert(value_eq(tv[k], bv[k]),
                      "row %d column %s (%s, decimals %u): text %s, binary %s", i, text->names[k],
                      sqlx_my_type_name(text->cols[k].type), text->cols[k].decimals, a, b);
            if (tv[k].type != SQLX_V_NULL) {
                enum sqlx_vtype want = sqlx_my_vtype(&text->cols[k]);
                cr_assert(tv[k].type == want || (want == SQLX_V_INT && tv[k].type == SQLX_V_TEXT),
                          "column %s: type %d, sqlx_my_vtype says %d", text->names[k], tv[k].type,
                          want);
            }
        }
    }
    rc_rows_free(&bin);
    sqlx_my_scratch_free(&s1);
    sqlx_my_scratch_free(&s2);
}

/* The value of column name in row i of r, decoded from the text protocol. */
static struct sqlx_value cell(const struct rc_rows *r, int i, const char *name,
                              struct sqlx_my_scratch *s)
{
    struct sqlx_value v[RC_MAX_COLS];
    struct sqlx_err err;
    cr_assert_eq(rc_row_values(r, i, s, v, &err), 0, "%s", err.message);
    for (int k = 0; k < r->ncols; k++)
        if (strcmp(r->names[k], name) == 0)
            return v[k];
    cr_assert_fail("no column %s", name);
    return sqlx_value_null();
}

static void expect_text(const struct rc_rows *r, int i, const char *name, const char *want)
{
    struct sqlx_my_scratch s;
    sqlx_my_scratch_init(&s);
    struct sqlx_value v = cell(r, i, name, &s);
    cr_assert_eq(v.type, SQLX_V_TEXT, "%s: type %d", name, v.type);
    cr_assert(v.n == strlen(want) && memcmp(v.s, want, v.n) == 0, "%s: '%.*s' != '%s'", name,
              (int)v.n, v.s, want);
    sqlx_my_scratch_free(&s);
}

static void expect_int(const struct rc_rows *r, int i, const char *name, int64_t want)
{
    struct sqlx_my_scratch s;
    sqlx_my_scratch_init(&s);
    struct sqlx_value v = cell(r, i, name, &s);
    cr_assert_eq(v.type, SQLX_V_INT, "%s: type %d", name, v.type);
    cr_assert_eq(v.i, want, "%s: %lld", name, (long long)v.i);
    sqlx_my_scratch_free(&s);
}

static void expect_float(const struct rc_rows *r, int i, const char *name, double want)
{
    struct sqlx_my_scratch s;
    sqlx_my_scratch_init(&s);
    struct sqlx_value v = cell(r, i, name, &s);
    cr_assert_eq(v.type, SQLX_V_FLOAT, "%s: type %d", name, v.type);
    cr_assert_eq(v.f, want, "%s: %.17g", name, v.f);
    sqlx_my_scratch_free(&s);
}

Test(my_live, every_type_reads_the_same_in_text_and_binary)
{
    struct target t = need("SQLX_TEST_MY_URL");
    struct rc c;
    struct rc_rows r;
    login(&c, &t, false);
    exec(&c, "SET SESSION sql_mode = '', time_zone = '+00:00'");
    exec(&c, types_ddl);
    for (size_t i = 0; i < sizeof types_rows / sizeof types_rows[0]; i++) {
        char sql[2048];
        snprintf(sql, sizeof sql, "INSERT INTO t_types VALUES %s", types_rows[i]);
        exec(&c, sql);
    }
    both_protocols_agree(&c, "SELECT * FROM t_types ORDER BY id", &r);
    cr_assert_eq(r.nrows, 5);
    /* Spot checks of the shared value against what the server printed. */
    expect_int(&r, 0, "bi", INT64_MIN);
    expect_text(&r, 1, "bu", "18446744073709551615");
    expect_text(&r, 2, "bu", "9223372036854775808");
    expect_int(&r, 1, "iu", 4294967295);
    expect_int(&r, 1, "mi", 8388607);
    expect_int(&r, 0, "mi", -8388608);
    expect_int(&r, 2, "iz", 7);
    expect_text(&r, 0, "de", "-99999999999999999999.9999999999");
    expect_float(&r, 2, "fl", 1234570.0);
    expect_float(&r, 3, "fl", 3.14159);
    expect_float(&r, 3, "db", 1 / 3.0);
    expect_float(&r, 1, "db", 1.7976931348623157e308);
    expect_text(&r, 2, "dt", "0000-00-00");
    expect_text(&r, 2, "dtm", "0000-00-00 00:00:00");
    expect_text(&r, 1, "dt3", "9999-12-31 23:59:59.999");
    expect_text(&r, 3, "dt3", "2024-01-02 03:04:05.007");
    expect_text(&r, 1, "ts6", "2038-01-19 03:14:07.999999");
    expect_text(&r, 0, "tm", "-838:59:59");
    expect_text(&r, 1, "tm6", "838:59:59.999999");
    expect_text(&r, 3, "tm6", "-100:00:00.000001");
    expect_text(&r, 0, "tm1", "-00:00:00.5");
    expect_int(&r, 2, "yr", 0);
    expect_int(&r, 1, "yr", 2155);
    expect_text(&r, 1, "vc", "h\xc3\xa9llo w\xc3\xb6rld \xe2\x9c\x93");
    expect_text(&r, 1, "js", "{\"a\": [1, 2.5, \"x\"]}");
    expect_text(&r, 1, "st", "x,y");
    expect_text(&r, 1, "vbin", "ABC");
    expect_int(&r, 1, "bt", 1);
    expect_text(&r, 1, "b64", "18446744073709551615");
    expect_int(&r, 1, "b10", 1023);
    expect_int(&r, 3, "b64", 5);
    struct sqlx_my_scratch s;
    sqlx_my_scratch_init(&s);
    struct sqlx_value v = cell(&r, 1, "vb", &s);
    cr_assert_eq(v.type, SQLX_V_BLOB);
    cr_assert(v.n == 3 && memcmp(v.s, "\x00\xff\x10", 3) == 0);
    v = cell(&r, 1, "bn", &s);
    cr_assert_eq(v.type, SQLX_V_BLOB);
    v = cell(&r, 1, "tx", &s);
    cr_assert_eq(v.type, SQLX_V_TEXT);
    cr_assert_eq(v.n, 1000);
    v = cell(&r, 4, "ti", &s);
    cr_assert_eq(v.type, SQLX_V_NULL);
    sqlx_my_scratch_free(&s);
    rc_rows_free(&r);
    rc_close(&c);
}

/* Expressions carry other metadata than columns (decimals 31, binary charsets for numbers). */
Test(my_live, expressions_read_the_same_in_text_and_binary)
{
    struct target t = need("SQLX_TEST_MY_URL");
    struct rc c;
    struct rc_rows r;
    login(&c, &t, false);
    exec(&c, "SET SESSION time_zone = '+00:00'");
    both_protocols_agree(
        &c,
        "SELECT 1 AS i, -1 AS n, 18446744073709551615 AS u, 1/3e0 AS d, 1/3 AS q, 1.10 AS dec1,"
        " CAST(1.5 AS FLOAT) AS f, DATE '2024-01-02' AS dd, TIMESTAMP '2024-01-02 03:04:05.25' AS"
        " ts, TIME '-12:00:00.5' AS tt, CAST('2024-01-02 03:04:05' AS DATETIME(6)) AS dt6,"
        " CAST(NOW(6) AS DATE) IS NOT NULL AS nn, NULL AS z, 'abc' AS s, x'0001' AS b,"
        " JSON_OBJECT('k', 1) AS j, CAST(-5 AS SIGNED) AS sg, CAST(5 AS UNSIGNED) AS us,"
        " SEC_TO_TIME(3600 * 200 + 0.25) AS big_time, YEAR('2024-05-05') AS y",
        &r);
    expect_int(&r, 0, "i", 1);
    expect_text(&r, 0, "u", "18446744073709551615");
    expect_float(&r, 0, "d", 1 / 3.0);
    expect_text(&r, 0, "q", "0.3333");
    expect_text(&r, 0, "ts", "2024-01-02 03:04:05.25");
    expect_text(&r, 0, "tt", "-12:00:00.5");
    expect_text(&r, 0, "dt6", "2024-01-02 03:04:05.000000");
    expect_text(&r, 0, "big_time", "200:00:00.25");
    rc_rows_free(&r);
    rc_close(&c);
}

/* ---- the engine reads what the test client reads ---- */

/* Reads every row of sql through stmt into vals[row][col] (TEXT/BLOB copied with strdup-like
 * heap copies so they outlive the step). Returns the row count. */
static int engine_rows(struct sqlx_stmt *st, int ncols, struct sqlx_value vals[][RC_MAX_COLS])
{
    struct sqlx_err err;
    int rows = 0, rc;
    while ((rc = sqlx_stmt_step(st, &err)) == 1) {
        cr_assert_lt(rows, 8);
        cr_assert_eq(sqlx_stmt_column_count(st), ncols);
        for (int k = 0; k < ncols; k++) {
            struct sqlx_value v;
            sqlx_stmt_column(st, k, &v);
            if (v.type == SQLX_V_TEXT || v.type == SQLX_V_BLOB) {
                char *copy = malloc(v.n + 1);
                memcpy(copy, v.s, v.n);
                v.s = copy;
            }
            vals[rows][k] = v;
        }
        rows++;
    }
    cr_assert_eq(rc, 0, "step: %s", err.message);
    return rows;
}

static void free_rows(struct sqlx_value vals[][RC_MAX_COLS], int rows, int ncols)
{
    for (int i = 0; i < rows; i++)
        for (int k = 0; k < ncols; k++)
            if (vals[i][k].type == SQLX_V_TEXT || vals[i][k].type == SQLX_V_BLOB)
                free((void *)vals[i][k].s);
}

Test(my_live, engine_reads_every_type_like_the_codecs)
{
    struct target t = need("SQLX_TEST_MY_URL");
    struct rc c;
    struct rc_rows r;
    struct sqlx_err err;
    char table[64], sql[2400];
    snprintf(table, sizeof table, "sqlx_myauth_types_%d", (int)getpid());
    login(&c, &t, false);
    exec(&c, "SET SESSION sql_mode = '', time_zone = '+00:00'");
    snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS %s", table);
    exec(&c, sql);
    /* The DDL of the temporary table, as a permanent table the engine's session can see. */
    snprintf(sql, sizeof sql, "CREATE TABLE %s %s", table,
             strchr(types_ddl, '(')); /* "(id INT PRIMARY KEY, ...)" */
    exec(&c, sql);
    for (size_t i = 0; i < sizeof types_rows / sizeof types_rows[0]; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO %s VALUES %s", table, types_rows[i]);
        exec(&c, sql);
    }
    snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY id", table);
    cr_assert_eq(rc_query(&c, sql, &r, &err), 0, "%s", err.message);

    struct sqlx_packset packs;
    struct sqlx_conn *conn;
    char url[512];
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
    snprintf(url, sizeof url, "%s?ssl-mode=disabled", getenv("SQLX_TEST_MY_URL"));
    cr_assert_eq(sqlx_conn_open(url, &packs, &conn, &err), 0, "%s", err.message);
    static struct sqlx_value bin[8][RC_MAX_COLS], txt[8][RC_MAX_COLS];
    struct sqlx_stmt *st;
    cr_assert_eq(sqlx_conn_prepare(conn, sql, strlen(sql), &st, &err), 0, "%s", err.message);
    int nb = engine_rows(st, r.ncols, bin);
    sqlx_stmt_finalize(st);
    cr_assert_eq(sqlx_my_prepare_text(conn, sql, strlen(sql), &st, &err), 0, "%s", err.message);
    int nt = engine_rows(st, r.ncols, txt);
    sqlx_stmt_finalize(st);
    cr_assert_eq(nb, r.nrows);
    cr_assert_eq(nt, r.nrows);

    struct sqlx_my_scratch s;
    sqlx_my_scratch_init(&s);
    for (int i = 0; i < r.nrows; i++) {
        struct sqlx_value want[RC_MAX_COLS];
        sqlx_my_scratch_reset(&s);
        cr_assert_eq(rc_row_values(&r, i, &s, want, &err), 0, "%s", err.message);
        for (int k = 0; k < r.ncols; k++) {
            char a[128], b[128], d[128];
            describe(want[k], a, sizeof a);
            describe(bin[i][k], b, sizeof b);
            describe(txt[i][k], d, sizeof d);
            cr_assert(value_eq(want[k], bin[i][k]), "row %d column %s: codec %s, engine binary %s",
                      i, r.names[k], a, b);
            cr_assert(value_eq(want[k], txt[i][k]), "row %d column %s: codec %s, engine text %s", i,
                      r.names[k], a, d);
        }
    }
    sqlx_my_scratch_free(&s);
    free_rows(bin, nb, r.ncols);
    free_rows(txt, nt, r.ncols);
    sqlx_conn_close(conn);
    sqlx_packset_free(&packs);
    rc_rows_free(&r);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    exec(&c, sql);
    rc_close(&c);
}
