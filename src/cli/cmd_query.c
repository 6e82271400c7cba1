/* `sqlx query`: runs one SQL statement on a database and prints the result as an aligned table
 * (with a row-count footer) or as a JSON array of objects with typed values. Owns only flag
 * parsing and printing; the statement goes to the engine untouched, so this is the one command
 * that takes SQL text from the user. Errors print the server's fields (SQLSTATE, detail, hint,
 * position with a caret under the statement) on stderr. Exit status: 0, 1 failure, 2 usage. */
#include "cli/cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/json.h"
#include "core/vec.h"
#include "schema/types.h"
#include "wire/conn.h"
#include "wire/pack.h"

static const char usage[] =
    "usage: sqlx query [--db URL] [--format table|json] SQL\n"
    "\n"
    "Runs one SQL statement on the database at URL (\"sqlite:PATH\", \"postgresql://...\";\n"
    "default: the demo database) and prints its rows as a table or as a JSON array of objects.\n"
    "A statement without result columns prints the number of rows it changed.\n";

/* Flush the JSON output to stdout once this much is buffered, so big results stream. */
#define JSON_FLUSH_AT (64 * 1024)

struct query_opts {
    const char *db;  /* --db, or NULL for the demo database */
    const char *sql; /* the one positional argument */
    bool json;       /* --format json */
};

/* One result column as printed. */
struct out_col {
    const char *name;   /* engine's column name (arena copy) */
    enum sqlx_tkind kind; /* universal kind from the declared type, SQLX_T_UNKNOWN when none */
    size_t width;       /* table: widest cell in characters, header included */
    bool right;         /* table: right-align (numeric column) */
};

/* Everything one run of the command holds; freed by the arena and query_free. */
struct query {
    struct sqlx_arena a;      /* column names and table cells */
    struct out_col *cols;     /* ncols entries (arena) */
    int ncols;
    struct sqlx_vec rows;     /* table: char ** rows of ncols cells (arena), NULL cell = NULL */
    struct sqlx_buf out;      /* pending stdout bytes */
    bool out_failed;          /* a write to stdout failed */
};

static int usage_error(const char *fmt, ...) SQLX_PRINTF(1, 2);

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "sqlx query: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n%s", usage);
    va_end(ap);
    return 2;
}

/* Number of characters in n bytes of UTF-8 (continuation bytes do not count). */
static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Prints the statement line holding 1-based character position pos, and a caret under it,
 * the way psql does ("LINE 2: ..."). */
static void print_caret(const char *sql, int pos)
{
    size_t n = strlen(sql), chars = 0, line_start = 0, at = n;
    int line = 1;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)sql[i] & 0xC0) == 0x80)
            continue;
        if (++chars == (size_t)pos) {
            at = i;
            break;
        }
        if (sql[i] == '\n') {
            line++;
            line_start = i + 1;
        }
    }
    if (at == n)
        return;
    size_t line_end = line_start;
    while (line_end < n && sql[line_end] != '\n')
        line_end++;
    int prefix = fprintf(stderr, "LINE %d: ", line);
    fprintf(stderr, "%.*s\n", (int)(line_end - line_start), sql + line_start);
    size_t pad = (size_t)(prefix > 0 ? prefix : 0) + utf8_chars(sql + line_start, at - line_start);
    fprintf(stderr, "%*s^\n", (int)pad, "");
}

/* Prints an error with every field the engine sent; returns the exit status 1. */
static int fail(const struct sqlx_err *err, const char *sql)
{
    fprintf(stderr, "sqlx query: %s\n", err->message);
    if (err->sqlstate[0])
        fprintf(stderr, "SQLSTATE: %s\n", err->sqlstate);
    if (err->detail[0])
        fprintf(stderr, "detail: %s\n", err->detail);
    if (err->hint[0])
        fprintf(stderr, "hint: %s\n", err->hint);
    if (err->constraint[0])
        fprintf(stderr, "constraint: %s\n", err->constraint);
    if (err->position > 0) {
        fprintf(stderr, "position: %d\n", err->position);
        if (sql)
            print_caret(sql, err->position);
    }
    return 1;
}

/* Parses argv[1..]: --db URL, --format table|json (also --x=value), -h/--help (returns -1), and
 * exactly one SQL argument. Returns 0, -1 for help, or 2 after printing a usage error. */
static int parse_opts(int argc, char **argv, struct query_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            return -1;
        if (strcmp(a, "--") == 0 && i + 1 < argc) {
            a = argv[++i];
            goto positional;
        }
        if (strcmp(a, "--db") == 0 || strcmp(a, "--format") == 0) {
            if (i + 1 >= argc)
                return usage_error("option %s needs a value", a);
            val = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0 || strncmp(a, "--format=", 9) == 0) {
            val = strchr(a, '=') + 1;
        } else if (a[0] == '-' && a[1] == '-') {
            return usage_error("unknown option \"%s\"", a);
        } else {
            goto positional;
        }
        if (strncmp(a, "--db", 4) == 0) {
            if (!val[0])
                return usage_error("%s", "--db needs a database URL");
            o->db = val;
        } else if (strcmp(val, "json") == 0 || strcmp(val, "table") == 0) {
            o->json = strcmp(val, "json") == 0;
        } else {
            return usage_error("unknown --format \"%s\": expected table or json", val);
        }
        continue;
    positional:
        if (o->sql)
            return usage_error("unexpected argument \"%s\": give the SQL as one argument", a);
        o->sql = a;
    }
    if (!o->sql)
        return usage_error("%s", "missing the SQL statement");
    return 0;
}

/* Writes the pending output to stdout; remembers a failed write. */
static void flush_out(struct query *q)
{
    if (q->out.len && fwrite(q->out.data, 1, q->out.len, stdout) != q->out.len)
        q->out_failed = true;
    sqlx_buf_reset(&q->out);
}

static bool is_numeric_kind(enum sqlx_tkind k)
{
    return k == SQLX_T_INTEGER || k == SQLX_T_DECIMAL || k == SQLX_T_FLOAT;
}

/* Reads names and universal kinds of the result columns (declared types through the pack's type
 * table; columns without a declared type stay unknown and print by their value's own type). */
static void load_columns(struct query *q, struct sqlx_stmt *st)
{
    const struct sqlx_pack *pack = st->conn->pack;
    q->ncols = sqlx_stmt_column_count(st);
    if (q->ncols < 0)
        q->ncols = 0;
    q->cols = sqlx_arena_zalloc(&q->a, sizeof *q->cols * (size_t)(q->ncols ? q->ncols : 1));
    for (int i = 0; i < q->ncols; i++) {
        struct out_col *c = &q->cols[i];
        const char *name = sqlx_stmt_column_name(st, i);
        const char *decl = sqlx_stmt_column_decltype(st, i);
        c->name = sqlx_arena_strdup(&q->a, name ? name : "?column?");
        c->kind = SQLX_T_UNKNOWN;
        if (decl && decl[0] && pack)
            c->kind = sqlx_type_from_decl(pack, decl).kind;
        c->width = utf8_chars(c->name, strlen(c->name));
        c->right = is_numeric_kind(c->kind);
    }
}

/* Shortest decimal text that reads back as exactly d. */
static void put_double(struct sqlx_buf *b, double d)
{
    char tmp[40];
    if (isnan(d)) {
        sqlx_buf_puts(b, "NaN");
        return;
    }
    if (isinf(d)) {
        sqlx_buf_puts(b, d > 0 ? "Infinity" : "-Infinity");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    sqlx_buf_puts(b, tmp);
}

/* Bytes as PostgreSQL's bytea hex text: \x followed by two hex digits per byte. */
static void put_hex(struct sqlx_buf *b, const char *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    sqlx_buf_puts(b, "\\x");
    for (size_t i = 0; i < n; i++) {
        sqlx_buf_putc(b, digits[(unsigned char)p[i] >> 4]);
        sqlx_buf_putc(b, digits[(unsigned char)p[i] & 15]);
    }
}

/* Is s[0..n) a JSON number (RFC 8259 grammar)? Engines hand numerics over as text. */
static bool is_json_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n)
        return false;
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    } else {
        return false;
    }
    if (i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    return i == n;
}

/* Text of one non-NULL value for the table. */
static void value_text(const struct out_col *c, const struct sqlx_value *v, struct sqlx_buf *b)
{
    switch (v->type) {
    case SQLX_V_INT:
        if (c->kind == SQLX_T_BOOL)
            sqlx_buf_puts(b, v->i ? "true" : "false");
        else
            sqlx_buf_put_i64(b, v->i);
        break;
    case SQLX_V_FLOAT:
        put_double(b, v->f);
        break;
    case SQLX_V_BOOL:
        sqlx_buf_puts(b, v->b ? "true" : "false");
        break;
    case SQLX_V_TEXT:
        sqlx_buf_put(b, v->s, v->n);
        break;
    case SQLX_V_BLOB:
        put_hex(b, v->s, v->n);
        break;
    case SQLX_V_NULL:
        break;
    }
}

/* One value as JSON: numbers stay numbers (also numeric text of a numeric column), booleans
 * booleans (also 0/1 of a boolean column), json columns are embedded, bytes are \x hex text. */
static void value_json(struct sqlx_jw *w, const struct out_col *c, const struct sqlx_value *v)
{
    switch (v->type) {
    case SQLX_V_NULL:
        sqlx_jw_null(w);
        return;
    case SQLX_V_INT:
        if (c->kind == SQLX_T_BOOL)
            sqlx_jw_bool(w, v->i != 0);
        else
            sqlx_jw_int(w, v->i);
        return;
    case SQLX_V_FLOAT:
        sqlx_jw_double(w, v->f);
        return;
    case SQLX_V_BOOL:
        sqlx_jw_bool(w, v->b);
        return;
    case SQLX_V_TEXT:
        break;
    case SQLX_V_BLOB: {
        struct sqlx_buf hex;
        sqlx_buf_init(&hex, 0);
        put_hex(&hex, v->s, v->n);
        sqlx_jw_strn(w, hex.data, hex.len);
        sqlx_buf_free(&hex);
        return;
    }
    }
    if (is_numeric_kind(c->kind) && is_json_number(v->s, v->n)) {
        sqlx_jw_raw(w, v->s, v->n);
        return;
    }
    if (c->kind == SQLX_T_JSON) {
        json_t *j = json_loadb(v->s, v->n, JSON_DECODE_ANY, NULL);
        if (j) {
            json_decref(j);
            sqlx_jw_raw(w, v->s, v->n);
            return;
        }
    }
    sqlx_jw_strn(w, v->s, v->n);
}

/* Keeps one row of cells for the table, with control characters shown as escapes so that a
 * value never breaks the alignment. */
static void keep_row(struct query *q, struct sqlx_stmt *st)
{
    char **cells = sqlx_arena_zalloc(&q->a, sizeof *cells * (size_t)(q->ncols ? q->ncols : 1));
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    for (int i = 0; i < q->ncols; i++) {
        struct sqlx_value v;
        sqlx_stmt_column(st, i, &v);
        if (v.type == SQLX_V_NULL)
            continue;
        if (v.type == SQLX_V_FLOAT || (v.type == SQLX_V_INT && q->cols[i].kind != SQLX_T_BOOL))
            q->cols[i].right = true;
        sqlx_buf_reset(&b);
        value_text(&q->cols[i], &v, &b);
        struct sqlx_buf e;
        sqlx_buf_init(&e, 0);
        for (size_t k = 0; k < b.len; k++) {
            char ch = b.data[k];
            if (ch == '\n')
                sqlx_buf_puts(&e, "\\n");
            else if (ch == '\r')
                sqlx_buf_puts(&e, "\\r");
            else if (ch == '\t')
                sqlx_buf_puts(&e, "\\t");
            else
                sqlx_buf_putc(&e, ch);
        }
        cells[i] = sqlx_arena_memdup(&q->a, e.len ? e.data : "", e.len);
        size_t w = utf8_chars(e.data ? e.data : "", e.len);
        if (w > q->cols[i].width)
            q->cols[i].width = w;
        sqlx_buf_free(&e);
    }
    sqlx_buf_free(&b);
    sqlx_vec_push(&q->rows, cells);
}

static void put_cell(struct sqlx_buf *b, const char *s, size_t width, bool right)
{
    size_t n = s ? strlen(s) : 0;
    size_t pad = width - utf8_chars(s ? s : "", n);
    if (right)
        for (size_t k = 0; k < pad; k++)
            sqlx_buf_putc(b, ' ');
    sqlx_buf_put(b, s ? s : "", n);
    if (!right)
        for (size_t k = 0; k < pad; k++)
            sqlx_buf_putc(b, ' ');
}

/* The table as psql draws it: " a | b " header, a dashed rule, the rows, "(N rows)". */
static void print_table(struct query *q)
{
    struct sqlx_buf *b = &q->out;
    for (int i = 0; i < q->ncols; i++) {
        size_t w = q->cols[i].width, n = utf8_chars(q->cols[i].name, strlen(q->cols[i].name));
        size_t left = (w - n) / 2;
        sqlx_buf_puts(b, i ? " | " : " ");
        for (size_t k = 0; k < left; k++)
            sqlx_buf_putc(b, ' ');
        put_cell(b, q->cols[i].name, w - left, false);
    }
    sqlx_buf_puts(b, q->ncols ? " \n" : "\n");
    for (int i = 0; i < q->ncols; i++) {
        sqlx_buf_puts(b, i ? "-+-" : "-");
        for (size_t k = 0; k < q->cols[i].width; k++)
            sqlx_buf_putc(b, '-');
    }
    sqlx_buf_puts(b, q->ncols ? "-\n" : "\n");
    char **cells;
    sqlx_vec_foreach(&q->rows, char **, cells) {
        for (int i = 0; i < q->ncols; i++) {
            sqlx_buf_puts(b, i ? " | " : " ");
            put_cell(b, cells[i], q->cols[i].width, q->cols[i].right);
        }
        sqlx_buf_puts(b, " \n");
        if (b->len >= JSON_FLUSH_AT)
            flush_out(q);
    }
    sqlx_buf_printf(b, "(%zu %s)\n", q->rows.len, q->rows.len == 1 ? "row" : "rows");
}

/* Steps through all rows: JSON rows are written as they come, table rows are kept for the
 * alignment pass. Returns 0 or the engine's negative code with err filled. */
static int run_rows(struct query *q, struct sqlx_stmt *st, bool json, struct sqlx_err *err)
{
    struct sqlx_jw w;
    int rc;
    sqlx_jw_init(&w, &q->out, true);
    if (json)
        sqlx_jw_arr_begin(&w);
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        if (!json) {
            keep_row(q, st);
            continue;
        }
        sqlx_jw_obj_begin(&w);
        for (int i = 0; i < q->ncols; i++) {
            struct sqlx_value v;
            sqlx_stmt_column(st, i, &v);
            sqlx_jw_key(&w, q->cols[i].name);
            value_json(&w, &q->cols[i], &v);
        }
        sqlx_jw_obj_end(&w);
        if (q->out.len >= JSON_FLUSH_AT) /* the writer keeps its state; only bytes move */
            flush_out(q);
    }
    if (rc < 0)
        return rc;
    if (json) {
        sqlx_jw_arr_end(&w);
        sqlx_buf_putc(&q->out, '\n');
    } else {
        print_table(q);
    }
    return 0;
}

/* Runs the statement on an open connection and prints its result. */
static int run_statement(struct query *q, struct sqlx_conn *conn, const struct query_opts *o,
                         struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_conn_prepare(conn, o->sql, strlen(o->sql), &st, err);
    if (rc)
        return rc;
    if (st->nparams > 0) {
        sqlx_err_set(err, SQLX_EINVAL, "statement has %d parameters but no values were given",
                     st->nparams);
        sqlx_stmt_finalize(st);
        sqlx_err_hint(err, "Write the values into the statement; sqlx query binds none.");
        return SQLX_EINVAL;
    }
    load_columns(q, st);
    if (q->ncols == 0) {
        rc = sqlx_stmt_step(st, err);
        if (rc >= 0) {
            int64_t n = sqlx_conn_changes(conn);
            if (o->json)
                sqlx_buf_printf(&q->out, "{\"rows_affected\": %lld}\n", (long long)n);
            else
                sqlx_buf_printf(&q->out, "OK, %lld %s affected\n", (long long)n,
                                n == 1 ? "row" : "rows");
            rc = 0;
        }
    } else {
        rc = run_rows(q, st, o->json, err);
    }
    sqlx_stmt_finalize(st);
    return rc;
}

int sqlx_cli_query(int argc, char **argv)
{
    struct query_opts o;
    struct sqlx_err err;
    struct sqlx_packset packs;
    struct sqlx_conn *conn;
    struct query q;
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
        fprintf(stderr, "sqlx query: the demo database is not available\n");
        fprintf(stderr, "hint: Name a database with --db URL.\n");
        return 1;
    }
    if (sqlx_packset_load(sqlx_pack_dir(), &packs, &err) != 0)
        return fail(&err, NULL);
    if (sqlx_conn_open(url, &packs, &conn, &err) != 0) {
        rc = fail(&err, NULL);
        goto out_free_packs;
    }
    memset(&q, 0, sizeof q);
    sqlx_arena_init(&q.a, 0);
    sqlx_vec_init(&q.rows);
    sqlx_buf_init(&q.out, 0);
    rc = run_statement(&q, conn, &o, &err);
    if (rc == 0) {
        flush_out(&q);
        if (fflush(stdout) != 0)
            q.out_failed = true;
        if (q.out_failed) {
            fprintf(stderr, "sqlx query: could not write the output\n");
            rc = 1;
        }
    } else {
        rc = fail(&err, o.sql);
    }
    sqlx_buf_free(&q.out);
    sqlx_vec_free(&q.rows);
    sqlx_arena_free(&q.a);
    sqlx_conn_close(conn);
out_free_packs:
    sqlx_packset_free(&packs);
    return rc;
}
