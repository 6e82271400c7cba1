/* `sqlx translate` and `sqlx fingerprint`: read SQL from a file or stdin, and write the
 * translation to another dialect, the round-trip check (print in the same dialect, parse again,
 * compare the trees), or each statement's fingerprint. Owns flag parsing, input reading and
 * messages only; the work is sql/parser.h, sql/translate.h, sql/print.h, sql/fingerprint.h.
 * Exit status: 0 success, 1 a statement could not be handled (message on stderr names its line
 * and column), 2 usage error. */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "sql/ast.h"
#include "sql/dialects.h"
#include "sql/fingerprint.h"
#include "sql/parser.h"
#include "sql/print.h"
#include "sql/translate.h"

static const char translate_usage[] =
    "usage: sqlx translate --from D --to D [--ast] [FILE]\n"
    "       sqlx translate --roundtrip --from D [FILE]\n"
    "\n"
    "Translates SQL (one or more statements separated by ';') from dialect D to another and\n"
    "writes it to stdout, one statement per line ending in ';'. D is postgres (postgresql, pg),\n"
    "mysql, mariadb or sqlite. Reads FILE, or stdin when no FILE is given. A statement that has\n"
    "no equivalent in the target is an error naming the construct and its line and column.\n"
    "--roundtrip prints each statement in its own dialect, parses the text again and checks\n"
    "that the two trees are equal. --ast writes the parsed trees instead of SQL.\n";

static const char fingerprint_usage[] =
    "usage: sqlx fingerprint [--dialect D] [FILE]\n"
    "\n"
    "Writes, for each statement, its 64-bit fingerprint as 16 hex digits and its normalised\n"
    "text (literals replaced by ?), separated by a tab. D defaults to postgres.\n";

static int usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    SQLX_PRINTF(3, 4);

static int usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sqlx %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n%s", usage);
    va_end(ap);
    return 2;
}

/* Reads FILE ("-" or NULL: stdin) into buf. */
static int read_input(const char *path, struct sqlx_buf *buf, struct sqlx_err *err)
{
    FILE *f = stdin;
    if (path && strcmp(path, "-") != 0) {
        f = fopen(path, "rb");
        if (!f)
            return sqlx_err_set(err, SQLX_EIO, "could not open file \"%s\"", path);
    }
    char chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (buf->len + n > SQLX_SQL_MAX_INPUT) {
            rc = sqlx_err_set(err, SQLX_ETOOBIG, "input exceeds %u bytes", SQLX_SQL_MAX_INPUT);
            break;
        }
        sqlx_buf_put(buf, chunk, n);
    }
    if (!rc && ferror(f))
        rc = sqlx_err_set(err, SQLX_EIO, "could not read \"%s\"", path ? path : "stdin");
    if (f != stdin)
        fclose(f);
    return rc;
}

/* "sqlx translate: line L, column C: message" (the position only when the error has one and the
 * message does not already say it). */
static void report(const char *cmd, const struct sqlx_buf *in, const struct sqlx_err *err)
{
    char where[64] = "";
    if (err->position > 0 && !strstr(err->message, " line "))
        sqlx_sql_position_text(in->data ? in->data : "", in->len, err->position, where,
                               sizeof(where));
    fprintf(stderr, "sqlx %s: %s%s%s\n", cmd, where, where[0] ? ": " : "", err->message);
    if (err->detail[0])
        fprintf(stderr, "detail: %s\n", err->detail);
    if (err->hint[0])
        fprintf(stderr, "hint: %s\n", err->hint);
}

struct tr_args {
    int from, to;       /* dialects, -1 when not given */
    bool mariadb;       /* --to mariadb */
    bool roundtrip;
    bool ast;
    const char *file;
};

static int parse_args(int argc, char **argv, struct tr_args *o)
{
    memset(o, 0, sizeof(*o));
    o->from = o->to = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--from") == 0 || strcmp(a, "--to") == 0) {
            if (i + 1 >= argc)
                return usage_error("translate", translate_usage, "%s needs a dialect", a);
            int d = sqlx_sql_dialect_parse(argv[++i]);
            if (d < 0)
                return usage_error("translate", translate_usage, "unknown dialect \"%s\"", argv[i]);
            if (a[2] == 'f') {
                o->from = d;
            } else {
                o->to = d;
                o->mariadb = strcmp(argv[i], "mariadb") == 0;
            }
        } else if (strcmp(a, "--roundtrip") == 0) {
            o->roundtrip = true;
        } else if (strcmp(a, "--ast") == 0) {
            o->ast = true;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(translate_usage, stdout);
            return 1;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("translate", translate_usage, "unknown option \"%s\"", a);
        } else if (o->file) {
            return usage_error("translate", translate_usage, "more than one input file");
        } else {
            o->file = a;
        }
    }
    if (o->from < 0)
        return usage_error("translate", translate_usage, "--from is required");
    if (!o->roundtrip && !o->ast && o->to < 0)
        return usage_error("translate", translate_usage, "--to is required");
    return 0;
}

static int print_one(const struct sqlx_ast *st, const struct sqlx_dialect *d,
                     const struct sqlx_print_opts *po, struct sqlx_arena *a, struct sqlx_buf *out,
                     struct sqlx_err *err)
{
    struct sqlx_params params = { 0 };
    return sqlx_sql_print_as(st, d, po, a, out, &params, err);
}

/* parse(print(ast)) == ast for every statement, in the source dialect. */
static int roundtrip(const struct tr_args *o, const struct sqlx_buf *in, struct sqlx_arena *a,
                     struct sqlx_buf *out, struct sqlx_err *err)
{
    struct sqlx_parse_opts popts = { .dialect = (enum sqlx_sql_dialect)o->from };
    struct sqlx_stmt_list list;
    int rc = sqlx_sql_parse(in->data ? in->data : "", in->len, &popts, a, &list, err);
    if (rc)
        return rc;
    struct sqlx_print_opts po = { .family = popts.dialect, .lenient = true };
    const struct sqlx_dialect *d = sqlx_sql_dialect_table(popts.dialect);
    for (size_t i = 0; i < list.stmts.len; i++) {
        const struct sqlx_ast *st = list.stmts.items[i];
        struct sqlx_buf text;
        sqlx_buf_init(&text, 0);
        if ((rc = print_one(st, d, &po, a, &text, err))) {
            sqlx_buf_free(&text);
            return rc;
        }
        struct sqlx_ast *back;
        struct sqlx_err err2;
        sqlx_err_clear(&err2);
        rc = sqlx_sql_parse_one(text.data ? text.data : "", text.len, &popts, a, &back, &err2);
        if (rc) {
            rc = sqlx_err_set(err, SQLX_EINVAL, "statement %zu does not parse after printing: %s",
                              i + 1, err2.message);
            sqlx_err_detail(err, "Printed: %s", text.data ? text.data : "");
            err->position = st->pos;
            sqlx_buf_free(&text);
            return rc;
        }
        if (!sqlx_ast_equal(st, back, 0)) {
            struct sqlx_buf d1, d2;
            sqlx_buf_init(&d1, 0);
            sqlx_buf_init(&d2, 0);
            sqlx_ast_dump(st, 0, &d1);
            sqlx_ast_dump(back, 0, &d2);
            rc = sqlx_err_set(err, SQLX_EINVAL, "statement %zu changes in a round trip", i + 1);
            err->position = st->pos;
            sqlx_err_detail(err, "Printed: %s\nbefore: %s\nafter:  %s", text.data ? text.data : "",
                            d1.data ? d1.data : "", d2.data ? d2.data : "");
            sqlx_buf_free(&d1);
            sqlx_buf_free(&d2);
            sqlx_buf_free(&text);
            return rc;
        }
        sqlx_buf_put(out, text.data ? text.data : "", text.len);
        sqlx_buf_puts(out, ";\n");
        sqlx_buf_free(&text);
    }
    return 0;
}

static int dump_ast(const struct tr_args *o, const struct sqlx_buf *in, struct sqlx_arena *a,
                    struct sqlx_buf *out, struct sqlx_err *err)
{
    struct sqlx_parse_opts popts = { .dialect = (enum sqlx_sql_dialect)o->from };
    struct sqlx_stmt_list list;
    int rc = sqlx_sql_parse(in->data ? in->data : "", in->len, &popts, a, &list, err);
    if (rc)
        return rc;
    if (o->to >= 0) {
        struct sqlx_translate_opts to = { .from = popts.dialect,
                                          .to = (enum sqlx_sql_dialect)o->to,
                                          .mariadb = o->mariadb };
        if ((rc = sqlx_sql_translate(&list, &to, a, err)))
            return rc;
    }
    for (size_t i = 0; i < list.stmts.len; i++) {
        sqlx_ast_dump(list.stmts.items[i], SQLX_AST_DUMP_SYNTAX, out);
        sqlx_buf_putc(out, '\n');
    }
    return 0;
}

int sqlx_cli_translate(int argc, char **argv)
{
    struct tr_args o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc == 1 ? 0 : rc;
    struct sqlx_arena a;
    struct sqlx_buf in, out;
    struct sqlx_err err;
    sqlx_arena_init(&a, 0);
    sqlx_buf_init(&in, 0);
    sqlx_buf_init(&out, 0);
    sqlx_err_clear(&err);
    if ((rc = read_input(o.file, &in, &err)))
        goto out;
    if (o.roundtrip) {
        rc = roundtrip(&o, &in, &a, &out, &err);
    } else if (o.ast) {
        rc = dump_ast(&o, &in, &a, &out, &err);
    } else {
        struct sqlx_translate_opts to = { .from = (enum sqlx_sql_dialect)o.from,
                                          .to = (enum sqlx_sql_dialect)o.to,
                                          .mariadb = o.mariadb };
        rc = sqlx_sql_translate_text(in.data ? in.data : "", in.len, &to, &a, &out, &err);
    }
out:
    if (rc)
        report("translate", &in, &err);
    else if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len)
        rc = 1;
    sqlx_buf_free(&in);
    sqlx_buf_free(&out);
    sqlx_arena_free(&a);
    return rc ? 1 : 0;
}

int sqlx_cli_fingerprint(int argc, char **argv)
{
    int dialect = SQLX_SQL_POSTGRES;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--dialect") == 0) {
            if (i + 1 >= argc || (dialect = sqlx_sql_dialect_parse(argv[i + 1])) < 0)
                return usage_error("fingerprint", fingerprint_usage, "--dialect needs a dialect");
            i++;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(fingerprint_usage, stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("fingerprint", fingerprint_usage, "unknown option \"%s\"", a);
        } else if (file) {
            return usage_error("fingerprint", fingerprint_usage, "more than one input file");
        } else {
            file = a;
        }
    }
    struct sqlx_arena a;
    struct sqlx_buf in, out;
    struct sqlx_err err;
    struct sqlx_stmt_list list;
    sqlx_arena_init(&a, 0);
    sqlx_buf_init(&in, 0);
    sqlx_buf_init(&out, 0);
    sqlx_err_clear(&err);
    struct sqlx_parse_opts popts = { .dialect = (enum sqlx_sql_dialect)dialect };
    int rc = read_input(file, &in, &err);
    if (!rc)
        rc = sqlx_sql_parse(in.data ? in.data : "", in.len, &popts, &a, &list, &err);
    for (size_t i = 0; !rc && i < list.stmts.len; i++) {
        struct sqlx_fingerprint fp;
        if ((rc = sqlx_sql_fingerprint(list.stmts.items[i], popts.dialect, &a, &fp, &err)))
            break;
        sqlx_buf_printf(&out, "%016llx\t%s\n", (unsigned long long)fp.hash, fp.text);
    }
    if (rc)
        report("fingerprint", &in, &err);
    else if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len)
        rc = 1;
    sqlx_buf_free(&in);
    sqlx_buf_free(&out);
    sqlx_arena_free(&a);
    return rc ? 1 : 0;
}
