/* Integration tests for src/wire/conn_pg.c against a real PostgreSQL 15 (tests/harness/pg.sh
 * exports SQLX_TEST_PG_* URLs; a test is skipped only when its variable is unset): every auth
 * method and sslmode, a wrong password, every listed type in text and binary with NULLs and
 * arrays, the statement cache, pipelined batches, LISTEN/NOTIFY, COPY in and out, notices, error
 * mapping, cancel from another thread, a backend terminated mid-query, multi-host URLs. */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "wire/conn.h"
#include "wire/pack.h"
#include "wire/pg.h"

static struct sqlx_packset packs;

static void setup(void)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
}

static void teardown(void)
{
    sqlx_packset_free(&packs);
}

TestSuite(pg_conn, .init = setup, .fini = teardown, .timeout = 60);

static const char *url_of(const char *var)
{
    const char *u = getenv(var);
    if (!u || !*u)
        cr_skip_test("%s is not set (run through tests/run.sh or source tests/harness/pg.sh env)",
                     var);
    return u;
}

/* The trust URL with extra query options appended. */
static const char *trust_with(const char *extra)
{
    static char buf[1024];
    const char *u = url_of("SQLX_TEST_PG_URL");
    snprintf(buf, sizeof buf, "%s%s%s", u, strchr(u, '?') ? "&" : "?", extra);
    return buf;
}

static struct sqlx_conn *open_url(const char *url)
{
    struct sqlx_conn *c = NULL;
    struct sqlx_err err;
    int rc = sqlx_conn_open(url, &packs, &c, &err);
    cr_assert_eq(rc, 0, "open %s: %s (%s)", url, err.message, err.hint);
    cr_assert_not_null(c);
    return c;
}

static void exec_ok(struct sqlx_conn *c, const char *sql)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_exec(c, sql, &err), 0, "%s: %s", sql, err.message);
}

/* First column of the first row as text (NUL-terminated copy), through a prepared statement. */
static char *query_text(struct sqlx_conn *c, const char *sql, char *out, size_t cap)
{
    struct sqlx_stmt *s;
    struct sqlx_err err;
    struct sqlx_value v;
    cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0, "%s: %s", sql, err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s: %s", sql, err.message);
    sqlx_stmt_column(s, 0, &v);
    if (v.type == SQLX_V_TEXT)
        snprintf(out, cap, "%.*s", (int)v.n, v.s);
    else if (v.type == SQLX_V_INT)
        snprintf(out, cap, "%lld", (long long)v.i);
    else if (v.type == SQLX_V_BOOL)
        snprintf(out, cap, "%s", v.b ? "true" : "false");
    else
        snprintf(out, cap, "<type %d>", (int)v.type);
    while (sqlx_stmt_step(s, &err) == SQLX_STEP_ROW)
        ;
    sqlx_stmt_finalize(s);
    return out;
}

static int64_t query_int(struct sqlx_conn *c, const char *sql)
{
    char buf[64];
    query_text(c, sql, buf, sizeof buf);
    return strtoll(buf, NULL, 10);
}

/* ---- connecting -------------------------------------------------------------------------------- */

static void check_login(const char *url, const char *user, bool want_ssl)
{
    char buf[64];
    struct sqlx_conn *c = open_url(url);
    cr_assert_str_eq(c->ops->engine, "postgresql");
    cr_assert_eq(c->state, SQLX_CONN_READY);
    cr_assert_str_eq(query_text(c, "select current_user", buf, sizeof buf), user);
    query_text(c,
               "select coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false)",
               buf, sizeof buf);
    cr_assert_str_eq(buf, want_ssl ? "true" : "false", "%s: ssl %s", url, buf);
    cr_assert_str_eq(c->pack->name, "postgresql-15", "detect keeps the PostgreSQL 15 pack (%s, %s)",
                     c->pack->name, sqlx_pg_server_param(c, "server_version"));
    cr_assert_gt(sqlx_pg_backend_pid(c), 0);
    cr_assert_not_null(sqlx_pg_server_param(c, "server_version"));
    cr_assert(sqlx_conn_ping(c));
    sqlx_conn_close(c);
}

Test(pg_conn, auth_trust)
{
    check_login(trust_with("sslmode=disable"), "sqlx_trust", false);
}

Test(pg_conn, auth_md5)
{
    char url[1024];
    snprintf(url, sizeof url, "%s?sslmode=disable", url_of("SQLX_TEST_PG_MD5_URL"));
    check_login(url, "sqlx_md5", false);
}

Test(pg_conn, auth_scram)
{
    char url[1024];
    snprintf(url, sizeof url, "%s?sslmode=disable", url_of("SQLX_TEST_PG_SCRAM_URL"));
    check_login(url, "sqlx_scram", false);
}

Test(pg_conn, sslmodes)
{
    const char *ca = url_of("SQLX_TEST_PG_CA");
    char url[1024];
    check_login(trust_with("sslmode=prefer"), "sqlx_trust", true);
    check_login(trust_with("sslmode=require"), "sqlx_trust", true);
    snprintf(url, sizeof url, "sslmode=verify-ca&sslrootcert=%s", ca);
    check_login(trust_with(url), "sqlx_trust", true);
    snprintf(url, sizeof url, "sslmode=verify-full&sslrootcert=%s", ca);
    check_login(trust_with(url), "sqlx_trust", true);
    check_login(url_of("SQLX_TEST_PG_TLS_URL"), "sqlx_scram", true);
}

Test(pg_conn, tls_only_user_refused_without_tls)
{
    const char *u = getenv("SQLX_TEST_PG_TLSONLY_URL");
    if (!u)
        cr_skip_test("SQLX_TEST_PG_TLSONLY_URL is not set");
    check_login(u, "sqlx_tls", true);
    char url[1024];
    snprintf(url, sizeof url, "%.*s?sslmode=disable", (int)strcspn(u, "?"), u);
    struct sqlx_conn *c = NULL;
    struct sqlx_err err;
    cr_assert_neq(sqlx_conn_open(url, &packs, &c, &err), 0);
    cr_assert_str_eq(err.sqlstate, "28000");
    cr_assert(strstr(err.message, "pg_hba.conf") != NULL, "%s", err.message);
}

Test(pg_conn, verify_full_rejects_unknown_ca)
{
    /* The system store does not know the harness CA. */
    struct sqlx_conn *c = NULL;
    struct sqlx_err err;
    int rc = sqlx_conn_open(
        trust_with("sslmode=verify-full&sslrootcert=/etc/ssl/certs/ca-certificates.crt"), &packs,
        &c, &err);
    cr_assert_neq(rc, 0);
    cr_assert_null(c);
    cr_assert_neq(err.message[0], '\0');
}

Test(pg_conn, wrong_password)
{
    const char *u = url_of("SQLX_TEST_PG_SCRAM_URL");
    char url[1024];
    /* postgresql://sqlx_scram:PASSWORD@host... -> replace the password. */
    const char *colon = strchr(u + strlen("postgresql://"), ':');
    const char *at = strchr(u, '@');
    cr_assert(colon && at && colon < at);
    snprintf(url, sizeof url, "%.*s:not-the-password%s", (int)(colon - u), u, at);
    struct sqlx_conn *c = NULL;
    struct sqlx_err err;
    int rc = sqlx_conn_open(url, &packs, &c, &err);
    cr_assert_eq(rc, SQLX_EINVAL, "%d %s", rc, err.message);
    cr_assert_null(c);
    cr_assert_str_eq(err.sqlstate, "28P01");
    cr_assert_str_eq(err.message, "password authentication failed for user \"sqlx_scram\"");
    cr_assert_str_eq(err.hint, "Check the user name and password in the database URL.");
    /* The same through md5. */
    u = url_of("SQLX_TEST_PG_MD5_URL");
    colon = strchr(u + strlen("postgresql://"), ':');
    at = strchr(u, '@');
    snprintf(url, sizeof url, "%.*s:nope%s", (int)(colon - u), u, at);
    cr_assert_eq(sqlx_conn_open(url, &packs, &c, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.sqlstate, "28P01");
}

Test(pg_conn, missing_password_is_clear)
{
    const char *u = url_of("SQLX_TEST_PG_SCRAM_URL");
    char url[1024];
    const char *colon = strchr(u + strlen("postgresql://"), ':');
    const char *at = strchr(u, '@');
    snprintf(url, sizeof url, "%.*s%s", (int)(colon - u), u, at);
    struct sqlx_conn *c = NULL;
    struct sqlx_err err;
    cr_assert_neq(sqlx_conn_open(url, &packs, &c, &err), 0);
    cr_assert_str_eq(err.message,
                     "the server asked for a password (SCRAM-SHA-256) but none was given");
}

Test(pg_conn, bad_options_and_unreachable)
{
    struct sqlx_conn *c = NULL;
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_open(trust_with("sslmode=sometimes"), &packs, &c, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message,
                     "invalid value \"sometimes\" for PostgreSQL URL option \"sslmode\"");
    cr_assert_eq(sqlx_conn_open(trust_with("target_session_attrs=standby"), &packs, &c, &err),
                 SQLX_EINVAL);
    cr_assert_neq(sqlx_conn_open("postgresql://sqlx_trust@127.0.0.1:1/sqlx_test?connect_timeout=2",
                                 &packs, &c, &err),
                  0);
    cr_assert(strstr(err.message, "127.0.0.1") != NULL, "%s", err.message);
}

/* A dead first host, then the real one; read-write picks the primary. */
Test(pg_conn, multi_host_and_target_session_attrs)
{
    const char *port = getenv("SQLX_TEST_PG_PORT");
    if (!port)
        cr_skip_test("SQLX_TEST_PG_PORT is not set");
    char url[512];
    snprintf(
        url, sizeof url,
        "postgresql://sqlx_trust@127.0.0.1:1,127.0.0.1:%s/sqlx_test?sslmode=disable&target_session_attrs=read-write&connect_timeout=2",
        port);
    struct sqlx_conn *c = open_url(url);
    cr_assert_eq(query_int(c, "select 41 + 1"), 42);
    sqlx_conn_close(c);
}

/* ---- types -------------------------------------------------------------------------------------- */

/* One row of type checks: the SQL expression and what it must decode to. */
struct tcase {
    const char *expr;
    enum sqlx_vtype type;
    const char *text; /* TEXT / BLOB content; NULL for other types */
    int64_t i;
    double f;
};

static const struct tcase tcases[] = {
    { "true", SQLX_V_BOOL, NULL, 1, 0 },
    { "false", SQLX_V_BOOL, NULL, 0, 0 },
    { "(-32768)::int2", SQLX_V_INT, NULL, -32768, 0 },
    { "2147483647::int4", SQLX_V_INT, NULL, 2147483647, 0 },
    { "(-9223372036854775807 - 1)::int8", SQLX_V_INT, NULL, INT64_MIN, 0 },
    { "1.5::float4", SQLX_V_FLOAT, NULL, 0, 1.5 },
    { "(-2.25e300)::float8", SQLX_V_FLOAT, NULL, 0, -2.25e300 },
    { "12345678901234567890.000123::numeric", SQLX_V_TEXT, "12345678901234567890.000123", 0, 0 },
    { "(-0.5)::numeric(10,3)", SQLX_V_TEXT, "-0.500", 0, 0 },
    { "'NaN'::numeric", SQLX_V_TEXT, "NaN", 0, 0 },
    { "'héllo wörld'::text", SQLX_V_TEXT, "héllo wörld", 0, 0 },
    { "'abc'::varchar(10)", SQLX_V_TEXT, "abc", 0, 0 },
    { "'ab'::char(4)", SQLX_V_TEXT, "ab  ", 0, 0 },
    { "'\\x00ff10'::bytea", SQLX_V_BLOB, "\x00\xff\x10", 3, 0 },
    { "'2024-02-29'::date", SQLX_V_TEXT, "2024-02-29", 0, 0 },
    { "'13:45:10.5'::time", SQLX_V_TEXT, "13:45:10.5", 0, 0 },
    { "'13:45:10+02'::timetz", SQLX_V_TEXT, "13:45:10+02", 0, 0 },
    { "'2024-02-29 13:45:10.123456'::timestamp", SQLX_V_TEXT, "2024-02-29 13:45:10.123456", 0, 0 },
    { "'2024-02-29 13:45:10+02'::timestamptz", SQLX_V_TEXT, "2024-02-29 11:45:10+00", 0, 0 },
    { "'1 year 2 mons 3 days 04:05:06'::interval", SQLX_V_TEXT, "1 year 2 mons 3 days 04:05:06", 0,
      0 },
    { "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", SQLX_V_TEXT,
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", 0, 0 },
    { "'{\"a\": [1, 2]}'::json", SQLX_V_TEXT, "{\"a\": [1, 2]}", 0, 0 },
    { "'{\"a\": [1, 2]}'::jsonb", SQLX_V_TEXT, "{\"a\": [1, 2]}", 0, 0 },
    { "array[1, null, 3]::int4[]", SQLX_V_TEXT, "{1,NULL,3}", 0, 0 },
    { "array[true, false]", SQLX_V_TEXT, "{t,f}", 0, 0 },
    { "array['a b', 'c\"d', null]::text[]", SQLX_V_TEXT, "{\"a b\",\"c\\\"d\",NULL}", 0, 0 },
    { "array[1.5, 2]::float8[]", SQLX_V_TEXT, "{1.5,2}", 0, 0 },
    { "array[1.10, -2]::numeric[]", SQLX_V_TEXT, "{1.10,-2}", 0, 0 },
    { "array['2024-01-02'::date]", SQLX_V_TEXT, "{2024-01-02}", 0, 0 },
    { "array['2024-01-02 03:04:05+00'::timestamptz]", SQLX_V_TEXT, "{\"2024-01-02 03:04:05+00\"}",
      0, 0 },
    { "array['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid]", SQLX_V_TEXT,
      "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", 0, 0 },
    { "array['\\x01'::bytea]", SQLX_V_TEXT, "{\"\\\\x01\"}", 0, 0 },
    { "array['{}'::jsonb]", SQLX_V_TEXT, "{\"{}\"}", 0, 0 },
    { "array[1::int8, 2]", SQLX_V_TEXT, "{1,2}", 0, 0 },
    { "array['1 day'::interval]", SQLX_V_TEXT, "{\"1 day\"}", 0, 0 },
    { "null::int4", SQLX_V_NULL, NULL, 0, 0 },
    { "null::text", SQLX_V_NULL, NULL, 0, 0 },
    { "null::int4[]", SQLX_V_NULL, NULL, 0, 0 },
    { "null::timestamptz", SQLX_V_NULL, NULL, 0, 0 },
};
#define NTCASES (sizeof tcases / sizeof tcases[0])

static void check_value(const struct tcase *t, const struct sqlx_value *v, const char *mode)
{
    cr_assert_eq(v->type, t->type, "%s [%s]: type %d, want %d", t->expr, mode, (int)v->type,
                 (int)t->type);
    switch (t->type) {
    case SQLX_V_BOOL:
        cr_assert_eq(v->b, t->i != 0, "%s [%s]", t->expr, mode);
        break;
    case SQLX_V_INT:
        cr_assert_eq(v->i, t->i, "%s [%s]: %lld", t->expr, mode, (long long)v->i);
        break;
    case SQLX_V_FLOAT:
        cr_assert_eq(v->f, t->f, "%s [%s]: %g", t->expr, mode, v->f);
        break;
    case SQLX_V_TEXT:
        cr_assert(v->n == strlen(t->text) && memcmp(v->s, t->text, v->n) == 0,
                  "%s [%s]: \"%.*s\", want \"%s\"", t->expr, mode, (int)v->n, v->s, t->text);
        break;
    case SQLX_V_BLOB:
        cr_assert(v->n == (size_t)t->i && memcmp(v->s, t->text, v->n) == 0, "%s [%s]", t->expr,
                  mode);
        break;
    case SQLX_V_NULL:
        break;
    }
}

/* All cases in one row, so every value of a row is decoded while the others stay valid. */
static void check_types(const char *url, const char *mode)
{
    struct sqlx_conn *c = open_url(url);
    struct sqlx_buf sql;
    struct sqlx_err err;
    struct sqlx_stmt *s;
    sqlx_buf_init(&sql, 0);
    sqlx_buf_puts(&sql, "select ");
    for (size_t i = 0; i < NTCASES; i++)
        sqlx_buf_printf(&sql, "%s%s as c%zu", i ? ", " : "", tcases[i].expr, i);
    cr_assert_eq(sqlx_conn_prepare(c, sql.data, sql.len, &s, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_column_count(s), (int)NTCASES);
    cr_assert_str_eq(sqlx_stmt_column_name(s, 2), "c2");
    cr_assert_str_eq(sqlx_stmt_column_decltype(s, 2), "int2");
    cr_assert_str_eq(sqlx_stmt_column_decltype(s, 23), "_int4");
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
    struct sqlx_value vals[NTCASES];
    for (size_t i = 0; i < NTCASES; i++)
        sqlx_stmt_column(s, (int)i, &vals[i]);
    for (size_t i = 0; i < NTCASES; i++)
        check_value(&tcases[i], &vals[i], mode);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE, "%s", err.message);
    sqlx_stmt_finalize(s);
    sqlx_buf_free(&sql);
    sqlx_conn_close(c);
}

Test(pg_conn, types_binary_results)
{
    check_types(trust_with("sslmode=disable"), "binary");
}

Test(pg_conn, types_text_results)
{
    check_types(trust_with("sslmode=disable&result_format=text"), "text");
}

/* Parameters of every kind go in and come back unchanged. */
Test(pg_conn, parameters_round_trip)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    const char *sql = "select $1::int8, $2::float8, $3::bool, $4::text, $5::bytea, $6::int4, "
                      "$7::numeric, $8::date, $9::int2, $10::timestamptz, $11::uuid, $12::jsonb";
    struct sqlx_stmt *s;
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0, "%s", err.message);
    cr_assert_eq(s->nparams, 12);
    struct sqlx_value in[12] = {
        sqlx_value_int(INT64_MAX),
        sqlx_value_float(-0.125),
        sqlx_value_bool(true),
        sqlx_value_text("it's \"quoted\"", 13),
        sqlx_value_blob("\0\1\2", 3),
        sqlx_value_null(),
        sqlx_value_text("3.14159", 7),
        sqlx_value_text("2000-01-01", 10),
        sqlx_value_int(-7),
        sqlx_value_text("2001-02-03 04:05:06+00", 22),
        sqlx_value_text("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", 36),
        sqlx_value_text("[1]", 3),
    };
    cr_assert_eq(sqlx_stmt_bind_all(s, in, 12, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
    struct sqlx_value v;
    sqlx_stmt_column(s, 0, &v);
    cr_assert_eq(v.i, INT64_MAX);
    sqlx_stmt_column(s, 1, &v);
    cr_assert_eq(v.f, -0.125);
    sqlx_stmt_column(s, 2, &v);
    cr_assert(v.type == SQLX_V_BOOL && v.b);
    sqlx_stmt_column(s, 3, &v);
    cr_assert(v.n == 13 && memcmp(v.s, "it's \"quoted\"", 13) == 0);
    sqlx_stmt_column(s, 4, &v);
    cr_assert(v.type == SQLX_V_BLOB && v.n == 3 && memcmp(v.s, "\0\1\2", 3) == 0);
    sqlx_stmt_column(s, 5, &v);
    cr_assert_eq(v.type, SQLX_V_NULL);
    sqlx_stmt_column(s, 6, &v);
    cr_assert(v.n == 7 && memcmp(v.s, "3.14159", 7) == 0);
    sqlx_stmt_column(s, 8, &v);
    cr_assert_eq(v.i, -7);
    sqlx_stmt_column(s, 9, &v);
    cr_assert(v.n == 22 && memcmp(v.s, "2001-02-03 04:05:06+00", 22) == 0, "%.*s", (int)v.n, v.s);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE);
    /* Out of range for the parameter's type. */
    cr_assert_eq(sqlx_stmt_reset(s, &err), 0);
    struct sqlx_value big = sqlx_value_int(70000);
    cr_assert_neq(sqlx_stmt_bind(s, 9, &big, &err), 0);
    cr_assert(strstr(err.message, "parameter $9") != NULL, "%s", err.message);
    sqlx_stmt_finalize(s);
    sqlx_conn_close(c);
}

/* ---- statements --------------------------------------------------------------------------------- */

Test(pg_conn, statement_cache)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    struct sqlx_pg_stats st;
    struct sqlx_stmt *a, *b, *d;
    struct sqlx_err err;
    const char *q1 = "select $1::int4 * 2";
    const char *q2 = "select $1::int4 * 3";
    cr_assert_eq(sqlx_conn_prepare(c, q1, strlen(q1), &a, &err), 0, "%s", err.message);
    for (int i = 1; i <= 50; i++) {
        struct sqlx_value v = sqlx_value_int(i);
        cr_assert_eq(sqlx_stmt_bind_all(a, &v, 1, &err), 0);
        cr_assert_eq(sqlx_stmt_step(a, &err), SQLX_STEP_ROW, "%s", err.message);
        sqlx_stmt_column(a, 0, &v);
        cr_assert_eq(v.i, 2 * i);
        cr_assert_eq(sqlx_stmt_step(a, &err), SQLX_STEP_DONE);
        cr_assert_eq(sqlx_stmt_reset(a, &err), 0);
    }
    sqlx_stmt_finalize(a);
    cr_assert_eq(sqlx_conn_prepare(c, q1, strlen(q1), &b, &err), 0);
    cr_assert_eq(b, a, "the cache hands the same statement back");
    /* While b is lent out, the same text prepares a second statement. */
    cr_assert_eq(sqlx_conn_prepare(c, q1, strlen(q1), &d, &err), 0);
    cr_assert_neq(d, b);
    sqlx_stmt_finalize(d);
    sqlx_stmt_finalize(b);
    cr_assert_eq(sqlx_conn_prepare(c, q2, strlen(q2), &b, &err), 0);
    sqlx_stmt_finalize(b);
    sqlx_pg_stats(c, &st);
    cr_assert_eq(st.prepares, 3, "%llu", (unsigned long long)st.prepares);
    cr_assert_eq(st.cache_hits, 1);
    /* Two statements for q1 (one was lent out twice), one for q2, one for this query. */
    cr_assert_eq(query_int(c, "select count(*) from pg_prepared_statements"), 4);
    /* Unbound parameters are refused. */
    cr_assert_eq(sqlx_conn_prepare(c, q2, strlen(q2), &b, &err), 0);
    cr_assert_eq(sqlx_stmt_step(b, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "parameter $1 is not bound");
    sqlx_stmt_finalize(b);
    sqlx_conn_close(c);
}

/* More distinct statements than the cache holds: evicted ones are closed on the server. */
Test(pg_conn, statement_cache_eviction_closes)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    char sql[64];
    struct sqlx_err err;
    for (int i = 0; i < 150; i++) {
        struct sqlx_stmt *s;
        snprintf(sql, sizeof sql, "select %d", i);
        cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0, "%s", err.message);
        cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW);
        sqlx_stmt_finalize(s);
    }
    int64_t n = query_int(c, "select count(*) from pg_prepared_statements");
    cr_assert_leq(n, 65, "server holds %lld statements", (long long)n);
    sqlx_conn_close(c);
}

Test(pg_conn, many_rows_streamed)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    const char *sql = "select g, g::text, g % 3 = 0 from generate_series(1, 200000) g";
    struct sqlx_stmt *s;
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0, "%s", err.message);
    int64_t sum = 0, rows = 0, threes = 0;
    int rc;
    while ((rc = sqlx_stmt_step(s, &err)) == SQLX_STEP_ROW) {
        struct sqlx_value v, t, b;
        sqlx_stmt_column(s, 0, &v);
        sqlx_stmt_column(s, 1, &t);
        sqlx_stmt_column(s, 2, &b);
        sum += v.i;
        rows++;
        threes += b.b;
        cr_assert_eq(strtoll(t.s, NULL, 10), v.i);
    }
    cr_assert_eq(rc, SQLX_STEP_DONE, "%s", err.message);
    cr_assert_eq(rows, 200000);
    cr_assert_eq(sum, 200000LL * 200001 / 2);
    cr_assert_eq(threes, 66666);
    cr_assert_eq(sqlx_conn_changes(c), 200000);
    sqlx_stmt_finalize(s);
    sqlx_conn_close(c);
}

/* A statement cut short by another keeps the connection in step and says so. */
Test(pg_conn, interleaved_statements)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    const char *sql = "select g from generate_series(1, 1000) g";
    struct sqlx_stmt *s;
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW);
    cr_assert_eq(query_int(c, "select 7"), 7);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "cut short") != NULL);
    cr_assert_eq(sqlx_stmt_reset(s, &err), 0);
    int n = 0;
    while (sqlx_stmt_step(s, &err) == SQLX_STEP_ROW)
        n++;
    cr_assert_eq(n, 1000);
    /* Finalizing mid-result drains it too. */
    cr_assert_eq(sqlx_stmt_reset(s, &err), 0);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW);
    sqlx_stmt_finalize(s);
    cr_assert_eq(query_int(c, "select 8"), 8);
    sqlx_conn_close(c);
}

Test(pg_conn, exec_multi_statement_and_transactions)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    exec_ok(
        c,
        "create temp table t (id int primary key, v text); insert into t values (1, 'a'), (2, 'b')");
    cr_assert_eq(sqlx_conn_changes(c), 2);
    cr_assert_not(sqlx_conn_in_transaction(c));
    exec_ok(c, "begin");
    cr_assert(sqlx_conn_in_transaction(c));
    exec_ok(c, "update t set v = 'z'");
    cr_assert_eq(sqlx_conn_changes(c), 2);
    exec_ok(c, "rollback");
    cr_assert_not(sqlx_conn_in_transaction(c));
    char buf[16];
    cr_assert_str_eq(query_text(c, "select string_agg(v, '' order by id) from t", buf, sizeof buf),
                     "ab");
    exec_ok(c, "");
    sqlx_conn_close(c);
}

Test(pg_conn, error_mapping)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    struct sqlx_err err;
    exec_ok(c,
            "create temp table p (id int primary key); create temp table ch (id int primary key, "
            "p int references p(id), n int not null, k int constraint k_pos check (k > 0))");
    exec_ok(c, "insert into p values (1); insert into ch values (1, 1, 1, 1)");
    cr_assert_eq(sqlx_conn_exec(c, "insert into p values (1)", &err), SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_UNIQUE);
    cr_assert_str_eq(err.sqlstate, "23505");
    cr_assert_str_eq(err.constraint, "p_pkey");
    cr_assert(strstr(err.detail, "Key (id)=(1) already exists") != NULL, "%s", err.detail);
    cr_assert_eq(sqlx_conn_exec(c, "insert into ch values (2, 99, 1, 1)", &err), SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_FOREIGN_KEY);
    cr_assert_eq(sqlx_conn_exec(c, "insert into ch values (3, 1, 1, -1)", &err), SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_CHECK);
    cr_assert_str_eq(err.constraint, "k_pos");
    cr_assert_eq(sqlx_conn_exec(c, "insert into ch values (4, 1, null, 1)", &err),
                 SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_NOT_NULL);
    cr_assert_eq(sqlx_conn_exec(c, "selec 1", &err), SQLX_EENGINE);
    cr_assert_str_eq(err.sqlstate, "42601");
    cr_assert_eq(err.position, 1);
    cr_assert_str_eq(err.message, "syntax error at or near \"selec\"");
    struct sqlx_stmt *s;
    const char *bad = "select * from no_such_table";
    cr_assert_eq(sqlx_conn_prepare(c, bad, strlen(bad), &s, &err), SQLX_EENGINE);
    cr_assert_str_eq(err.sqlstate, "42P01");
    cr_assert_eq(err.position, 15);
    /* A failed transaction reports its state; the connection stays usable. */
    exec_ok(c, "begin");
    cr_assert_neq(sqlx_conn_exec(c, "select 1/0", &err), 0);
    cr_assert_str_eq(err.sqlstate, "22012");
    cr_assert_eq(err.code, SQLX_EINVAL);
    cr_assert(sqlx_conn_in_transaction(c));
    cr_assert_neq(sqlx_conn_exec(c, "select 1", &err), 0);
    cr_assert_str_eq(err.sqlstate, "25P02");
    exec_ok(c, "rollback");
    cr_assert_not(c->broken);
    cr_assert_eq(query_int(c, "select 5"), 5);
    sqlx_conn_close(c);
}

/* ---- pipelining ---------------------------------------------------------------------------------- */

Test(pg_conn, exec_batch_pipelined)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    exec_ok(c, "create temp table b (id int primary key, name text, score float8)");
    enum { N = 5000 };
    struct sqlx_value *rows = sqlx_calloc(N * 3, sizeof *rows);
    char(*names)[16] = sqlx_calloc(N, sizeof *names);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "n%d", i);
        rows[i * 3] = sqlx_value_int(i);
        rows[i * 3 + 1] = i % 10 ? sqlx_value_text(names[i], strlen(names[i])) : sqlx_value_null();
        rows[i * 3 + 2] = sqlx_value_float(i * 0.5);
    }
    const char *sql = "insert into b values ($1, $2, $3)";
    struct sqlx_stmt *s;
    struct sqlx_err err;
    struct sqlx_pg_stats before, after;
    cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0, "%s", err.message);
    sqlx_pg_stats(c, &before);
    int64_t affected = 0;
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 3, N, &affected, &err), 0, "%s", err.message);
    sqlx_pg_stats(c, &after);
    cr_assert_eq(affected, N);
    cr_assert_eq(after.batches - before.batches, 1);
    /* One Sync for the batch: a handful of chunked writes, not one per row. */
    cr_assert_lt(after.writes - before.writes, 10, "%llu writes",
                 (unsigned long long)(after.writes - before.writes));
    cr_assert_eq(query_int(c, "select count(*) from b"), N);
    cr_assert_eq(query_int(c, "select count(*) from b where name is null"), N / 10);
    cr_assert_eq(query_int(c, "select sum(score)::int8 from b"), (int64_t)(0.5 * (N - 1) * N / 2));
    /* A duplicate in the middle fails the batch, and the whole batch rolls back. */
    exec_ok(c, "delete from b");
    rows[3 * 2000] = sqlx_value_int(10);
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 3, N, &affected, &err), SQLX_ECONSTRAINT);
    cr_assert_str_eq(err.sqlstate, "23505");
    cr_assert_eq(query_int(c, "select count(*) from b"), 0);
    cr_assert_not(c->broken);
    /* A value the parameter type cannot take: in the first chunk nothing is sent; after chunks
     * went out the server is made to roll back what it ran. Either way nothing is applied. */
    rows[3 * 2000] = sqlx_value_int(2000);
    rows[3 * 5] = sqlx_value_int(1LL << 40);
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 3, N, &affected, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "row 6:") != NULL, "%s", err.message);
    cr_assert_eq(query_int(c, "select count(*) from b"), 0);
    rows[3 * 5] = sqlx_value_int(5);
    rows[3 * 4000] = sqlx_value_int(1LL << 40);
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 3, N, &affected, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "row 4001:") != NULL, "%s", err.message);
    cr_assert_eq(query_int(c, "select count(*) from b"), 0);
    cr_assert_not(c->broken);
    rows[3 * 4000] = sqlx_value_int(4000);
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 3, N, &affected, &err), 0, "%s", err.message);
    cr_assert_eq(query_int(c, "select count(*) from b"), N);
    sqlx_stmt_finalize(s);
    sqlx_free(rows);
    sqlx_free(names);
    sqlx_conn_close(c);
}

/* ---- notices, LISTEN/NOTIFY, COPY ---------------------------------------------------------------- */

struct notices {
    int n;
    char last[512];
};

static void on_notice(void *ctx, const struct sqlx_err *notice)
{
    struct notices *ns = ctx;
    ns->n++;
    snprintf(ns->last, sizeof ns->last, "%s", notice->message);
}

Test(pg_conn, notices)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    struct notices ns = { 0 };
    sqlx_pg_on_notice(c, on_notice, &ns);
    exec_ok(c, "do $$ begin raise notice 'hello %', 42; raise notice 'bye'; end $$");
    cr_assert_eq(ns.n, 2);
    cr_assert_str_eq(ns.last, "bye");
    sqlx_conn_close(c);
}

Test(pg_conn, listen_notify)
{
    struct sqlx_conn *a = open_url(trust_with("sslmode=disable"));
    struct sqlx_conn *b = open_url(trust_with("sslmode=disable"));
    struct sqlx_pg_notification n;
    struct sqlx_err err;
    exec_ok(a, "listen sqlx_chan");
    cr_assert_eq(sqlx_pg_notification_wait(a, 50, &n, &err), 0, "nothing yet");
    exec_ok(b, "notify sqlx_chan, 'first'");
    cr_assert_eq(sqlx_pg_notification_wait(a, 5000, &n, &err), 1, "%s", err.message);
    cr_assert_str_eq(n.channel, "sqlx_chan");
    cr_assert_str_eq(n.payload, "first");
    cr_assert_eq(n.pid, sqlx_pg_backend_pid(b));
    /* Notifications that arrive while the listener runs other statements are queued. */
    exec_ok(b, "notify sqlx_chan, 'second'; notify sqlx_chan, 'third'");
    usleep(100000);
    cr_assert_eq(query_int(a, "select 3"), 3);
    cr_assert_eq(sqlx_pg_notification_wait(a, 0, &n, &err), 1);
    cr_assert_str_eq(n.payload, "second");
    cr_assert_eq(sqlx_pg_notification_wait(a, 1000, &n, &err), 1);
    cr_assert_str_eq(n.payload, "third");
    cr_assert_eq(sqlx_pg_notification_wait(a, 50, &n, &err), 0);
    sqlx_conn_close(b);
    sqlx_conn_close(a);
}

struct source {
    const char *data;
    size_t off;
    size_t chunk;
};

static long read_source(void *ctx, char *buf, size_t cap)
{
    struct source *s = ctx;
    size_t left = strlen(s->data) - s->off;
    size_t n = left < s->chunk ? left : s->chunk;
    if (n > cap)
        n = cap;
    memcpy(buf, s->data + s->off, n);
    s->off += n;
    return (long)n;
}

static long failing_source(void *ctx, char *buf, size_t cap)
{
    (void)ctx;
    (void)buf;
    (void)cap;
    return -1;
}

static int write_sink(void *ctx, const char *p, size_t n)
{
    sqlx_buf_put(ctx, p, n);
    return 0;
}

Test(pg_conn, copy_in_and_out)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    struct sqlx_err err;
    exec_ok(c, "create temp table cp (id int, name text, note text)");
    struct source src = { .data = "1\tone\t\\N\n2\ttwo\tx y\n3\tthree\t\n", .chunk = 5 };
    int64_t rows = 0;
    cr_assert_eq(sqlx_pg_copy_in(c, "copy cp from stdin", read_source, &src, &rows, &err), 0, "%s",
                 err.message);
    cr_assert_eq(rows, 3);
    cr_assert_eq(query_int(c, "select count(*) from cp where note is null"), 1);
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_pg_copy_out(c, "copy (select * from cp order by id) to stdout", write_sink,
                                  &out, &rows, &err),
                 0, "%s", err.message);
    cr_assert_eq(rows, 3);
    cr_assert_str_eq(out.data, "1\tone\t\\N\n2\ttwo\tx y\n3\tthree\t\n");
    sqlx_buf_free(&out);
    /* Bad data: the server's error, and the connection stays in step. */
    struct source bad = { .data = "x\ty\tz\n", .chunk = 100 };
    cr_assert_eq(sqlx_pg_copy_in(c, "copy cp from stdin", read_source, &bad, &rows, &err),
                 SQLX_EINVAL);
    cr_assert_str_eq(err.sqlstate, "22P02");
    /* A source that gives up: CopyFail. */
    cr_assert_neq(sqlx_pg_copy_in(c, "copy cp from stdin", failing_source, NULL, &rows, &err), 0);
    cr_assert_str_eq(err.sqlstate, "57014");
    /* COPY FROM STDIN through plain exec is refused without desynchronising. */
    cr_assert_neq(sqlx_conn_exec(c, "copy cp from stdin", &err), 0);
    cr_assert(strstr(err.message, "sqlx_pg_copy_in") != NULL, "%s", err.message);
    cr_assert_eq(query_int(c, "select count(*) from cp"), 3);
    sqlx_conn_close(c);
}

/* ---- cancel and termination ---------------------------------------------------------------------- */

struct later {
    struct sqlx_conn *target;
    struct sqlx_conn *killer; /* NULL: cancel instead of terminate */
    int delay_ms;
    int rc;
    struct sqlx_err err;
};

static void *act_later(void *arg)
{
    struct later *l = arg;
    usleep((useconds_t)l->delay_ms * 1000);
    if (l->killer) {
        char sql[96];
        snprintf(sql, sizeof sql, "select pg_terminate_backend(%d)",
                 (int)sqlx_pg_backend_pid(l->target));
        l->rc = sqlx_conn_exec(l->killer, sql, &l->err);
    } else {
        l->rc = sqlx_conn_cancel(l->target, &l->err);
    }
    return NULL;
}

Test(pg_conn, cancel_long_query)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    struct later l = { .target = c, .delay_ms = 300 };
    pthread_t th;
    struct sqlx_err err;
    pthread_create(&th, NULL, act_later, &l);
    int rc = sqlx_conn_exec(c, "select pg_sleep(20)", &err);
    pthread_join(th, NULL);
    cr_assert_eq(l.rc, 0, "cancel: %s", l.err.message);
    cr_assert_eq(rc, SQLX_ETIMEOUT, "%d %s", rc, err.message);
    cr_assert_str_eq(err.sqlstate, "57014");
    cr_assert_str_eq(err.message, "canceling statement due to user request");
    cr_assert_not(c->broken);
    cr_assert_eq(query_int(c, "select 11"), 11);
    /* A prepared statement mid-execution is cancelled the same way. */
    const char *sql = "select pg_sleep(20)";
    struct sqlx_stmt *s;
    cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0);
    pthread_create(&th, NULL, act_later, &l);
    rc = sqlx_stmt_step(s, &err);
    pthread_join(th, NULL);
    cr_assert_eq(rc, SQLX_ETIMEOUT, "%d %s", rc, err.message);
    sqlx_stmt_finalize(s);
    sqlx_conn_close(c);
}

Test(pg_conn, backend_terminated_mid_query)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    struct sqlx_conn *k = open_url(trust_with("sslmode=disable"));
    struct later l = { .target = c, .killer = k, .delay_ms = 300 };
    pthread_t th;
    struct sqlx_err err;
    pthread_create(&th, NULL, act_later, &l);
    int rc = sqlx_conn_exec(c, "select pg_sleep(20)", &err);
    pthread_join(th, NULL);
    cr_assert_eq(l.rc, 0, "terminate: %s", l.err.message);
    cr_assert_eq(rc, SQLX_EIO, "%d %s", rc, err.message);
    cr_assert_str_eq(err.sqlstate, "57P01");
    cr_assert_str_eq(err.message, "terminating connection due to administrator command");
    cr_assert(c->broken);
    cr_assert_not(sqlx_conn_ping(c));
    cr_assert_eq(sqlx_conn_exec(c, "select 1", &err), SQLX_EIO);
    cr_assert_str_eq(err.message, "the PostgreSQL connection is broken and cannot be used");
    sqlx_conn_close(c);
    sqlx_conn_close(k);
}

/* Terminated while idle between statements: the next call notices. */
Test(pg_conn, backend_terminated_while_idle)
{
    struct sqlx_conn *c = open_url(trust_with("sslmode=disable"));
    struct sqlx_conn *k = open_url(trust_with("sslmode=disable"));
    char sql[96];
    snprintf(sql, sizeof sql, "select pg_terminate_backend(%d)", (int)sqlx_pg_backend_pid(c));
    exec_ok(k, sql);
    usleep(100000);
    struct sqlx_err err;
    cr_assert_neq(sqlx_conn_exec(c, "select 1", &err), 0);
    cr_assert(c->broken);
    cr_assert(err.code == SQLX_EIO, "%d %s", err.code, err.message);
    sqlx_conn_close(c);
    sqlx_conn_close(k);
}
