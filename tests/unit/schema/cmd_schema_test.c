/* Tests for src/cli/cmd_schema.c (`sqlx schema`): exit codes for usage errors and failures, and
 * the text and JSON output on a small temporary SQLite database. Kept beside the schema tests
 * because the command is the schema module's front door. */
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

static char tmpdir[] = "/tmp/sqlx-cmd-schema-XXXXXX";
static char dbpath[256];
static char url[300];

static void setup(void)
{
    struct sqlx_packset packs;
    struct sqlx_conn *c;
    struct sqlx_err err;
    char create[300];

    sqlx_err_clear(&err);
    if (!getenv("SQLX_PACKS"))
        setenv("SQLX_PACKS", SQLX_SOURCE_DIR "/packs", 1);
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/t.db", tmpdir);
    snprintf(url, sizeof url, "sqlite:%s", dbpath);
    snprintf(create, sizeof create, "sqlite:%s?mode=rwc", dbpath);
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_conn_open(create, &packs, &c, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_conn_exec(c,
                                "CREATE TABLE line_items (id INTEGER PRIMARY KEY, "
                                "name VARCHAR(20) NOT NULL);",
                                &err),
                 0, "%s", err.message);
    sqlx_conn_close(c);
    sqlx_packset_free(&packs);
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

TestSuite(cmd_schema, .init = setup, .fini = teardown);

static int run(int argc, const char **args)
{
    char *argv[8];
    for (int i = 0; i < argc; i++)
        argv[i] = (char *)args[i];
    argv[argc] = NULL;
    int rc = sqlx_cli_schema(argc, argv);
    fflush(stdout);
    fflush(stderr);
    return rc;
}

/* Everything the command printed to stdout so far (caller frees). */
static char *captured_stdout(void)
{
    FILE *f = cr_get_redirected_stdout();
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    n = fread(buf, 1, cap - 1, f);
    buf[n] = '\0';
    return buf;
}

Test(cmd_schema, usage_errors)
{
    const char *a1[] = { "schema", "--format", "yaml" };
    cr_expect_eq(run(3, a1), 2);
    const char *a2[] = { "schema", "--db" };
    cr_expect_eq(run(2, a2), 2);
    const char *a3[] = { "schema", "--bogus" };
    cr_expect_eq(run(2, a3), 2);
    const char *a4[] = { "schema", "stray" };
    cr_expect_eq(run(2, a4), 2);
    const char *a5[] = { "schema", "--db=" };
    cr_expect_eq(run(2, a5), 2);
}

Test(cmd_schema, help)
{
    const char *a[] = { "schema", "--help" };
    cr_expect_eq(run(2, a), 0);
    char *out = captured_stdout();
    cr_expect_not_null(strstr(out, "usage: sqlx schema"));
    free(out);
}

Test(cmd_schema, failures)
{
    char missing[300];
    snprintf(missing, sizeof missing, "--db=sqlite:%s/missing.db", tmpdir);
    const char *a1[] = { "schema", missing };
    cr_expect_eq(run(2, a1), 1);
    const char *a2[] = { "schema", "--db", "nosuchscheme://x" };
    cr_expect_eq(run(3, a2), 1);
}

Test(cmd_schema, text_output)
{
    const char *a[] = { "schema", "--db", url };
    cr_assert_eq(run(3, a), 0);
    char *out = captured_stdout();
    cr_expect_not_null(strstr(out, "1 table, 0 views"), "%s", out);
    cr_expect_not_null(strstr(out, "table line_items (/line-items)"), "%s", out);
    cr_expect_not_null(strstr(out, "string(20)"), "%s", out);
    free(out);
}

Test(cmd_schema, json_output)
{
    const char *a[] = { "schema", "--format=json", "--db", url };
    cr_assert_eq(run(4, a), 0);
    char *out = captured_stdout();
    json_error_t je;
    json_t *doc = json_loads(out, 0, &je);
    cr_assert_not_null(doc, "%s: %s", je.text, out);
    cr_expect_str_eq(json_string_value(json_object_get(doc, "engine")), "sqlite");
    json_t *t = json_array_get(json_object_get(doc, "tables"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(t, "route")), "line-items");
    json_decref(doc);
    free(out);
}
