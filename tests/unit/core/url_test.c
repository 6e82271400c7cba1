/* Tests for core/url.c: sqlite path forms, network URLs with credentials, IPv6, several hosts,
 * query parameters, percent-decoding, scheme normalisation, clear errors, and redaction. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/arena.h"
#include "core/url.h"

static struct sqlx_arena arena;

static void setup(void)
{
    sqlx_arena_init(&arena, 0);
}

static void teardown(void)
{
    sqlx_arena_free(&arena);
}

TestSuite(url, .init = setup, .fini = teardown);

static struct sqlx_url parse_ok(const char *text)
{
    struct sqlx_url u;
    struct sqlx_err e;
    sqlx_err_clear(&e);
    int rc = sqlx_url_parse(text, &arena, &u, &e);
    cr_assert_eq(rc, 0, "%s: %s", text, e.message);
    return u;
}

static struct sqlx_err parse_fail(const char *text)
{
    struct sqlx_url u;
    struct sqlx_err e;
    sqlx_err_clear(&e);
    int rc = sqlx_url_parse(text, &arena, &u, &e);
    cr_assert_lt(rc, 0, "%s parsed but should not", text);
    cr_assert_eq(rc, (int)e.code);
    return e;
}

Test(url, sqlite_relative)
{
    struct sqlx_url u = parse_ok("sqlite:relative/path.db");
    cr_assert_str_eq(u.scheme, "sqlite");
    cr_assert_str_eq(u.database, "relative/path.db");
    cr_assert_eq(u.nhosts, 0);
    cr_assert_null(u.user);
}

Test(url, sqlite_absolute_forms)
{
    cr_assert_str_eq(parse_ok("sqlite:/abs/path.db").database, "/abs/path.db");
    cr_assert_str_eq(parse_ok("sqlite:///abs/path.db").database, "/abs/path.db");
    cr_assert_str_eq(parse_ok("sqlite://relative.db").database, "relative.db");
    cr_assert_str_eq(parse_ok("SQLite:app.db").scheme, "sqlite");
    cr_assert_str_eq(parse_ok("sqlite3:app.db").scheme, "sqlite");
    cr_assert_str_eq(parse_ok("sqlite::memory:").database, ":memory:");
}

Test(url, sqlite_params_and_lenient_percent)
{
    struct sqlx_url u = parse_ok("sqlite:data%20dir/100%.db?mode=ro&cache=shared");
    cr_assert_str_eq(u.database, "data dir/100%.db");
    cr_assert_eq(u.nparams, 2);
    cr_assert_str_eq(sqlx_url_param(&u, "mode"), "ro");
    cr_assert_str_eq(sqlx_url_param(&u, "cache"), "shared");
    cr_assert_null(sqlx_url_param(&u, "other"));
}

Test(url, sqlite_missing_path)
{
    struct sqlx_err e = parse_fail("sqlite:");
    cr_assert_str_eq(e.message, "missing file path in sqlite database URL");
    cr_assert_neq(e.hint[0], '\0');
    parse_fail("sqlite://");
    parse_fail("sqlite:?mode=ro");
}

Test(url, postgres_full)
{
    struct sqlx_url u =
        parse_ok("postgres://alice:s%40cr%3At@db.example.com:6543/my%20db?sslmode=require&x=y");
    cr_assert_str_eq(u.scheme, "postgresql");
    cr_assert_str_eq(u.user, "alice");
    cr_assert_str_eq(u.password, "s@cr:t");
    cr_assert_eq(u.nhosts, 1);
    cr_assert_str_eq(u.hosts[0].host, "db.example.com");
    cr_assert_eq(u.hosts[0].port, 6543);
    cr_assert_str_eq(u.database, "my db");
    cr_assert_eq(u.nparams, 2);
    cr_assert_str_eq(u.params[0].key, "sslmode");
    cr_assert_str_eq(u.params[0].value, "require");
    cr_assert_str_eq(sqlx_url_param(&u, "x"), "y");
}

Test(url, minimal_forms)
{
    struct sqlx_url u = parse_ok("postgresql://localhost");
    cr_assert_str_eq(u.hosts[0].host, "localhost");
    cr_assert_eq(u.hosts[0].port, 0);
    cr_assert_null(u.database);
    cr_assert_null(u.user);
    cr_assert_null(u.password);
    cr_assert_eq(u.nparams, 0);

    u = parse_ok("mysql://root@127.0.0.1/shop");
    cr_assert_str_eq(u.scheme, "mysql");
    cr_assert_str_eq(u.user, "root");
    cr_assert_null(u.password);
    cr_assert_str_eq(u.database, "shop");

    u = parse_ok("postgresql:///app"); /* no host: local default */
    cr_assert_eq(u.nhosts, 0);
    cr_assert_str_eq(u.database, "app");

    u = parse_ok("mariadb://u:@h/");
    cr_assert_str_eq(u.password, "");
    cr_assert_null(u.database);

    u = parse_ok("CockroachDB://h:26257/defaultdb");
    cr_assert_str_eq(u.scheme, "cockroachdb");
}

Test(url, password_with_raw_at_sign)
{
    struct sqlx_url u = parse_ok("postgresql://bob:p@ss@host/db");
    cr_assert_str_eq(u.user, "bob");
    cr_assert_str_eq(u.password, "p@ss");
    cr_assert_str_eq(u.hosts[0].host, "host");
}

Test(url, ipv6)
{
    struct sqlx_url u = parse_ok("postgresql://[::1]:5432/db");
    cr_assert_eq(u.nhosts, 1);
    cr_assert_str_eq(u.hosts[0].host, "::1");
    cr_assert_eq(u.hosts[0].port, 5432);
    u = parse_ok("postgresql://[fe80::1%25eth0]/db");
    cr_assert_str_eq(u.hosts[0].host, "fe80::1%eth0");
    cr_assert_eq(u.hosts[0].port, 0);
}

Test(url, multi_host)
{
    struct sqlx_url u = parse_ok("postgresql://u:p@h1:5432,h2:5433,[::1],h4/db?target_session_attrs=read-write");
    cr_assert_eq(u.nhosts, 4);
    cr_assert_str_eq(u.hosts[0].host, "h1");
    cr_assert_eq(u.hosts[0].port, 5432);
    cr_assert_str_eq(u.hosts[1].host, "h2");
    cr_assert_eq(u.hosts[1].port, 5433);
    cr_assert_str_eq(u.hosts[2].host, "::1");
    cr_assert_eq(u.hosts[2].port, 0);
    cr_assert_str_eq(u.hosts[3].host, "h4");
    cr_assert_str_eq(sqlx_url_param(&u, "target_session_attrs"), "read-write");
}

Test(url, query_edge_cases)
{
    struct sqlx_url u = parse_ok("postgresql://h/db?a=1&&flag&b=x%3Dy&c=");
    cr_assert_eq(u.nparams, 4);
    cr_assert_str_eq(sqlx_url_param(&u, "a"), "1");
    cr_assert_str_eq(sqlx_url_param(&u, "flag"), "");
    cr_assert_str_eq(sqlx_url_param(&u, "b"), "x=y");
    cr_assert_str_eq(sqlx_url_param(&u, "c"), "");
    u = parse_ok("postgresql://h?sslmode=disable");
    cr_assert_null(u.database);
    cr_assert_str_eq(sqlx_url_param(&u, "sslmode"), "disable");
}

Test(url, bad_port)
{
    struct sqlx_err e = parse_fail("postgresql://localhost:abc/db");
    cr_assert_eq(e.code, SQLX_EPARSE);
    cr_assert_str_eq(e.message, "invalid port \"abc\" in database URL");
    e = parse_fail("postgresql://h:70000/db");
    cr_assert_str_eq(e.message, "invalid port \"70000\" in database URL");
    e = parse_fail("postgresql://h:0");
    cr_assert_str_eq(e.message, "invalid port \"0\" in database URL");
    e = parse_fail("postgresql://h:/db");
    cr_assert_str_eq(e.message, "invalid port \"\" in database URL");
    e = parse_fail("postgresql://h1:5432,h2:x1/db");
    cr_assert_str_eq(e.message, "invalid port \"x1\" in database URL");
}

Test(url, bad_hosts)
{
    struct sqlx_err e = parse_fail("postgresql://[::1:5432/db");
    cr_assert_str_eq(e.message, "unterminated IPv6 address \"[::1:5432\" in database URL");
    e = parse_fail("postgresql://::1:5432/db");
    cr_assert_str_eq(e.message, "invalid host \"::1:5432\" in database URL");
    cr_assert_not_null(strstr(e.hint, "brackets"));
    e = parse_fail("postgresql://h1,,h2/db");
    cr_assert_str_eq(e.message, "empty host in database URL host list");
    e = parse_fail("postgresql://h1,/db");
    cr_assert_str_eq(e.message, "empty host in database URL host list");
    e = parse_fail("postgresql://[]:5432/db");
    cr_assert_str_eq(e.message, "empty IPv6 address in database URL");
    e = parse_fail("postgresql://[::1]x/db");
    cr_assert_str_eq(e.message, "unexpected \"x\" after IPv6 address in database URL");
}

Test(url, bad_scheme_and_shape)
{
    struct sqlx_err e = parse_fail("");
    cr_assert_str_eq(e.message, "empty database URL");
    e = parse_fail("app.db");
    cr_assert_str_eq(e.message, "missing scheme in database URL");
    e = parse_fail("://x");
    cr_assert_str_eq(e.message, "missing scheme in database URL");
    e = parse_fail("postgresql:localhost/db");
    cr_assert_str_eq(e.message, "expected \"//\" after \"postgresql:\" in database URL");
    e = parse_fail("postgresql://h/db?=v");
    cr_assert_str_eq(e.message, "empty parameter name in database URL query \"=v\"");
}

Test(url, bad_percent_encoding_does_not_echo_password)
{
    struct sqlx_err e = parse_fail("postgresql://u:secr%zzet@h/db");
    cr_assert_str_eq(e.message, "invalid percent-encoding in password of database URL");
    cr_assert_null(strstr(e.message, "secr"));
    e = parse_fail("postgresql://u@h/d%4");
    cr_assert_str_eq(e.message, "invalid percent-encoding in database name of database URL");
    e = parse_fail("postgresql://u%00x@h/db");
    cr_assert_str_eq(e.message, "invalid percent-encoding in user name of database URL");
}

Test(url, redact)
{
    cr_assert_str_eq(sqlx_url_redact("postgresql://alice:secret@h:5432/db?sslmode=require", &arena),
                     "postgresql://alice:***@h:5432/db?sslmode=require");
    cr_assert_str_eq(sqlx_url_redact("postgresql://alice@h/db", &arena), "postgresql://alice@h/db");
    cr_assert_str_eq(sqlx_url_redact("mysql://u:p@ss@h/db", &arena), "mysql://u:***@h/db");
    cr_assert_str_eq(sqlx_url_redact("mysql://u:x@h/db?user=u&password=hunter2&a=b", &arena),
                     "mysql://u:***@h/db?user=u&password=***&a=b");
    cr_assert_str_eq(sqlx_url_redact("sqlite:app.db", &arena), "sqlite:app.db");
    cr_assert_str_eq(sqlx_url_redact("postgresql://h/db?Password=&pwd=1", &arena),
                     "postgresql://h/db?Password=***&pwd=***");
    cr_assert_null(sqlx_url_redact(NULL, &arena));
}
