/* `sqlx schema`: introspects a database and prints its universal schema model as text for people
 * or JSON for machines. Owns only flag parsing and printing; reading is schema/introspect.c's.
 * Exit status: 0 success, 1 failure (no pack, cannot open, engine error), 2 usage error. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "schema/introspect.h"
#include "schema/model.h"
#include "wire/conn.h"
#include "wire/pack.h"

static const char usage[] =
    "usage: sqlx schema [--db URL] [--format text|json]\n"
    "\n"
    "Reads the tables, views, columns, keys, indexes and checks of the database at URL\n"
    "(\"sqlite:PATH\"; default: the demo database) and prints them.\n";

struct schema_opts {
    const char *db; /* --db, or NULL for the demo database */
    bool json;      /* --format json */
};

static int usage_error(const char *fmt, ...) SQLX_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sqlx schema: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n%s", usage);
    va_end(ap);
    return 2;
}

static int fail(const struct sqlx_err *err)
{
    fprintf(stderr, "sqlx schema: %s\n", err->message);
    if (err->detail[0])
        fprintf(stderr, "detail: %s\n", err->detail);
    if (err->hint[0])
        fprintf(stderr, "hint: %s\n", err->hint);
    return 1;
}

/* Parses argv[1..]: --db URL, --db=URL, --format text|json, --format=..., -h/--help (returns -1). */
static int parse_opts(int argc, char **argv, struct schema_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            return -1;
        if (strcmp(a, "--db") == 0 || strcmp(a, "--format") == 0) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            val = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0 || strncmp(a, "--format=", 9) == 0) {
            val = strchr(a, '=') + 1;
        } else if (a[0] == '-') {
            return usage_error("unknown option \"%s\"", a);
        } else {
            return usage_error("unexpected argument \"%s\"", a);
        }
        if (strncmp(a, "--db", 4) == 0) {
            if (!val[0])
                return usage_error("%s", "--db needs a database URL");
            o->db = val;
        } else if (strcmp(val, "json") == 0 || strcmp(val, "text") == 0) {
            o->json = strcmp(val, "json") == 0;
        } else {
            return usage_error("unknown --format \"%s\": expected text or json", val);
        }
    }
    return 0;
}

int sqlx_cli_schema(int argc, char **argv)
{
    struct schema_opts o;
    struct sqlx_err err;
    struct sqlx_packset packs;
    struct sqlx_conn *conn;
    struct sqlx_schema *s;
    struct sqlx_buf out;
    int rc = parse_opts(argc, argv, &o);

    if (rc < 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (rc > 0)
        return rc;
    sqlx_err_clear(&err);
    const char *url = o.db ? o.db : sqlx_cli_demo_url();
    if (!url) {
        fprintf(stderr, "sqlx schema: the demo database is not available\n");
        fprintf(stderr, "hint: Name a database with --db URL.\n");
        return 1;
    }
    if (sqlx_packset_load(sqlx_pack_dir(), &packs, &err) != 0)
        return fail(&err);
    if (sqlx_conn_open(url, &packs, &conn, &err) != 0) {
        rc = fail(&err);
        goto out_free_packs;
    }
    s = sqlx_schema_introspect(conn, &err);
    if (!s) {
        rc = fail(&err);
        goto out_close_conn;
    }
    sqlx_buf_init(&out, 0);
    if (o.json) {
        sqlx_schema_to_json(s, &out, true);
        sqlx_buf_putc(&out, '\n');
    } else {
        sqlx_schema_to_text(s, &out);
    }
    rc = 0;
    if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
        fprintf(stderr, "sqlx schema: could not write the output\n");
        rc = 1;
    }
    sqlx_buf_free(&out);
    sqlx_schema_free(s);
out_close_conn:
    sqlx_conn_close(conn);
out_free_packs:
    sqlx_packset_free(&packs);
    return rc;
}
