/* The translator's function rules: renames (UCASE, MID, POW ...), and the functions whose
 * meaning differs between engines: LENGTH (bytes in MySQL), LOG, VARIANCE / STDDEV (population
 * in MySQL, sample in PostgreSQL, absent in SQLite), CONCAT (NULL-skipping only in PostgreSQL),
 * GREATEST / LEAST and SQLite's max / min (NULL handling), string aggregation, IF / IIF / IFNULL,
 * INSTR / LOCATE / POSITION / STRPOS, SUBSTR with negative starts, LEFT / RIGHT / LPAD / RPAD /
 * REPEAT for SQLite, ROUND and TRUNC, and every date function (EXTRACT and its MySQL
 * shorthands, DATE_FORMAT / TO_CHAR / strftime with format conversion, DATE_ADD / DATEDIFF /
 * TIMESTAMPDIFF, SQLite date() modifiers, julianday, date_trunc, LAST_DAY, STR_TO_DATE). */
#include <string.h>
#include <strings.h>

#include "sql/translate_int.h"

typedef int (*fn_rule)(struct sqlx_tr *t, struct sqlx_expr **slot);

/* ---- helpers ---- */

static struct sqlx_expr *arg(const struct sqlx_expr *e, size_t i)
{
    return i < e->list.len ? e->list.items[i] : NULL;
}

static struct sqlx_expr *f1(struct sqlx_tr *t, const char *name, struct sqlx_expr *a)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 1, a);
}

static struct sqlx_expr *f2(struct sqlx_tr *t, const char *name, struct sqlx_expr *a,
                            struct sqlx_expr *b)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 2, a, b);
}

static struct sqlx_expr *f3(struct sqlx_tr *t, const char *name, struct sqlx_expr *a,
                            struct sqlx_expr *b, struct sqlx_expr *c)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 3, a, b, c);
}

static struct sqlx_expr *bin(struct sqlx_tr *t, enum sqlx_op op, struct sqlx_expr *l,
                             struct sqlx_expr *r)
{
    return sqlx_sql__tr_bin(t, op, l, r);
}

static struct sqlx_expr *lit_i(struct sqlx_tr *t, long long v)
{
    return sqlx_sql__tr_int(t, v);
}

static struct sqlx_expr *lit_s(struct sqlx_tr *t, const char *s)
{
    return sqlx_sql__tr_str(t, s);
}

static struct sqlx_expr *cast(struct sqlx_tr *t, struct sqlx_expr *e, const char *type,
                              enum sqlx_type_kind kind)
{
    return sqlx_sql__tr_cast(t, e, type, kind);
}

static enum sqlx_sql__ty ty(struct sqlx_tr *t, const struct sqlx_expr *e)
{
    return sqlx_sql__tr_type_of(t, e);
}

static bool lit_text(const struct sqlx_expr *e, const char **s, size_t *n)
{
    if (!sqlx_sql__tr_is_str(e))
        return false;
    *s = e->value.s;
    *n = e->value.n;
    return true;
}

/* Replaces the call's name (keeping arguments, DISTINCT, ORDER BY, OVER ...). */
static int rename_to(struct sqlx_expr *e, const char *name)
{
    e->name = name;
    e->syntax = SQLX_SYN_DEFAULT;
    return 0;
}

static int nargs_fail(struct sqlx_tr *t, const struct sqlx_expr *e, size_t lo, size_t hi)
{
    if (e->list.len >= lo && e->list.len <= hi)
        return 0;
    return sqlx_sql__tr_fail(t, e->pos, sqlx_arena_printf(t->a, "%s() with %zu arguments",
                                                          e->name, e->list.len));
}

/* A timestamp-valued operand for PostgreSQL date functions: string literals need a type. */
static struct sqlx_expr *pg_ts(struct sqlx_tr *t, struct sqlx_expr *e)
{
    if (t->to == SQLX_SQL_POSTGRES && sqlx_sql__tr_is_str(e))
        return cast(t, e, "timestamp", SQLX_TY_TIMESTAMP);
    if (t->to == SQLX_SQL_MYSQL && sqlx_sql__tr_is_str(e))
        return cast(t, e, "datetime", SQLX_TY_TIMESTAMP);
    return e;
}

static struct sqlx_expr *text_arg(struct sqlx_tr *t, struct sqlx_expr *e)
{
    enum sqlx_sql__ty k = ty(t, e);
    if (t->to == SQLX_SQL_POSTGRES && k != SQLX_TY__TEXT && k != SQLX_TY__NULL &&
        !sqlx_sql__tr_is_str(e))
        return cast(t, e, "text", SQLX_TY_STRING);
    return e;
}

static struct sqlx_expr *nullif_empty(struct sqlx_tr *t, struct sqlx_expr *e)
{
    if (sqlx_sql__tr_not_null(e))
        return e;
    return f2(t, "coalesce", e, lit_s(t, ""));
}

/* ---- strings ---- */

static int r_length(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    bool bytes = (t->from == SQLX_SQL_MYSQL && strcmp(e->name, "length") == 0) ||
                 strcmp(e->name, "octet_length") == 0;
    int rc = nargs_fail(t, e, 1, 1);
    if (rc)
        return rc;
    if (bytes) {
        if (t->to == SQLX_SQL_MYSQL)
            return rename_to(e, "length");
        if (t->to == SQLX_SQL_POSTGRES)
            return rename_to(e, "octet_length");
        e->list.items[0] = cast(t, arg(e, 0), "blob", SQLX_TY_BYTES);
        return rename_to(e, "length");
    }
    if (t->to == SQLX_SQL_MYSQL)
        return rename_to(e, "char_length");
    if (t->to == SQLX_SQL_POSTGRES) {
        if (ty(t, arg(e, 0)) == SQLX_TY__BLOB)
            return rename_to(e, "octet_length");
        return rename_to(e, "char_length");
    }
    return rename_to(e, "length");
}

static int r_upper_lower(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    (void)t;
    if (strcmp(e->name, "ucase") == 0)
        return rename_to(e, "upper");
    if (strcmp(e->name, "lcase") == 0)
        return rename_to(e, "lower");
    return 0;
}

/* SUBSTR / SUBSTRING / MID. MySQL and SQLite count a negative start from the end; PostgreSQL
 * treats it as a position before the first character. */
static int r_substr(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    long long start;
    int rc = nargs_fail(t, e, 2, 3);
    if (rc)
        return rc;
    rename_to(e, "substr");
    e->list.items[0] = text_arg(t, arg(e, 0));
    bool neg = sqlx_sql__tr_is_int_lit(arg(e, 1), &start) && start < 0;
    if (!neg)
        return 0;
    if (t->from == SQLX_SQL_POSTGRES)
        return sqlx_sql__tr_fail(t, e->pos, "SUBSTRING with a negative start");
    if (t->to != SQLX_SQL_POSTGRES)
        return 0;
    struct sqlx_expr *s = arg(e, 0);
    if (e->list.len == 2) {
        *slot = f2(t, "right", s, lit_i(t, -start));
        return 0;
    }
    /* substr(s, length(s) + start + 1, n) */
    e->list.items[1] = bin(t, SQLX_OP_ADD, f1(t, "char_length", s), lit_i(t, start + 1));
    return 0;
}

/* POSITION(a IN b), STRPOS(b, a), INSTR(b, a), LOCATE(a, b). MySQL compares with the
 * collation (case-insensitive), the others exactly. */
static int r_position(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    struct sqlx_expr *hay, *needle;
    const char *s;
    size_t n;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc) {
        if (strcmp(e->name, "locate") == 0 && e->list.len == 3)
            return sqlx_sql__tr_fail(t, e->pos, "LOCATE with a start position");
        return rc;
    }
    if (strcmp(e->name, "position") == 0 || strcmp(e->name, "locate") == 0) {
        needle = arg(e, 0);
        hay = arg(e, 1);
    } else {
        hay = arg(e, 0);
        needle = arg(e, 1);
    }
    bool cased = !lit_text(needle, &s, &n);
    for (size_t i = 0; !cased && i < n; i++)
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
            (unsigned char)s[i] >= 0x80)
            cased = true;
    bool src_ci = t->from == SQLX_SQL_MYSQL;
    if (t->to == SQLX_SQL_MYSQL) {
        if (cased && !src_ci) {
            struct sqlx_expr *c = sqlx_ast_expr_new(t->a, SQLX_EX_COLLATE);
            c->left = needle;
            c->name = "utf8mb4_bin";
            needle = c;
        }
        *slot = f2(t, "instr", hay, needle);
    } else {
        if (cased && src_ci) {
            hay = f1(t, "lower", hay);
            needle = f1(t, "lower", needle);
        }
        *slot = f2(t, t->to == SQLX_SQL_POSTGRES ? "strpos" : "instr", text_arg(t, hay),
                   text_arg(t, needle));
    }
    (*slot)->pos = e->pos;
    return 0;
}

/* CONCAT: PostgreSQL skips NULL arguments, MySQL returns NULL. */
static int r_concat(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    bool skips = t->ff->concat_skips_null;
    if (e->list.len == 0)
        return sqlx_sql__tr_fail(t, e->pos, "CONCAT() without arguments");
    if (skips && t->to == SQLX_SQL_POSTGRES)
        return 0;
    if (!skips && t->to == SQLX_SQL_MYSQL)
        return 0;
    if (skips) {
        /* into MySQL / SQLite: NULL arguments become '' */
        for (size_t i = 0; i < e->list.len; i++)
            e->list.items[i] = nullif_empty(t, e->list.items[i]);
        if (t->to == SQLX_SQL_MYSQL)
            return 0;
    }
    /* a || b || ...: NULL if any argument is NULL */
    bool any_text = false;
    for (size_t i = 0; i < e->list.len; i++)
        if (ty(t, e->list.items[i]) == SQLX_TY__TEXT)
            any_text = true;
    struct sqlx_expr *acc = arg(e, 0);
    if (t->to == SQLX_SQL_POSTGRES && !any_text)
        acc = cast(t, acc, "text", SQLX_TY_STRING);
    if (e->list.len == 1 && t->to == SQLX_SQL_POSTGRES && any_text)
        acc = bin(t, SQLX_OP_CONCAT, acc, lit_s(t, ""));
    for (size_t i = 1; i < e->list.len; i++)
        acc = bin(t, SQLX_OP_CONCAT, acc, e->list.items[i]);
    *slot = acc;
    return 0;
}

/* CONCAT_WS skips NULLs in PostgreSQL and MySQL; SQLite before 3.44 lacks it:
 * substr(coalesce(sep || a, '') || coalesce(sep || b, '') ..., length(sep) + 1). */
static int r_concat_ws(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (e->list.len < 2)
        return sqlx_sql__tr_fail(t, e->pos, "CONCAT_WS() with fewer than two arguments");
    if (t->to != SQLX_SQL_SQLITE)
        return 0;
    struct sqlx_expr *sep = arg(e, 0), *acc = NULL;
    for (size_t i = 1; i < e->list.len; i++) {
        struct sqlx_expr *part = f2(t, "coalesce", bin(t, SQLX_OP_CONCAT, sep, e->list.items[i]),
                                    lit_s(t, ""));
        acc = acc ? bin(t, SQLX_OP_CONCAT, acc, part) : part;
    }
    *slot = f2(t, "substr", acc, bin(t, SQLX_OP_ADD, f1(t, "length", sep), lit_i(t, 1)));
    return 0;
}

/* TRIM: MySQL removes a whole substring, the others a set of characters. The same for one
 * character. */
static int r_trim(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    struct sqlx_expr *chars = arg(e, 1);
    if (!chars)
        return 0;
    if ((t->from == SQLX_SQL_MYSQL) != (t->to == SQLX_SQL_MYSQL) &&
        (!lit_text(chars, &s, &n) || n != 1))
        return sqlx_sql__tr_fail(t, e->pos, "TRIM of several characters (MySQL removes a substring, the others a character set)");
    if (strcmp(e->name, "ltrim") == 0 || strcmp(e->name, "rtrim") == 0 ||
        strcmp(e->name, "btrim") == 0) {
        e->form = e->name[0] == 'l'   ? SQLX_FN_TRIM_LEADING
                  : e->name[0] == 'r' ? SQLX_FN_TRIM_TRAILING
                                      : SQLX_FN_TRIM_BOTH;
        e->name = "trim";
    }
    return 0;
}

/* LEFT / RIGHT are missing in SQLite. */
static int r_left_right(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    long long n;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc)
        return rc;
    e->list.items[0] = text_arg(t, arg(e, 0));
    if (t->to != SQLX_SQL_SQLITE)
        return 0;
    struct sqlx_expr *s = arg(e, 0), *len = arg(e, 1);
    if (e->name[0] == 'l') {
        *slot = f3(t, "substr", s, lit_i(t, 1), len);
        return 0;
    }
    if (sqlx_sql__tr_is_int_lit(len, &n) && n > 0) {
        *slot = f2(t, "substr", s, lit_i(t, -n));
        return 0;
    }
    *slot = sqlx_sql__tr_case_when(t, bin(t, SQLX_OP_GT, len, lit_i(t, 0)),
                                   f2(t, "substr", s, sqlx_ast_unary(t->a, SQLX_OP_NEG, len)),
                                   lit_s(t, ""));
    return 0;
}

/* n copies of s in SQLite: replace(hex(zeroblob(n)), '00', s). */
static struct sqlx_expr *lite_repeat(struct sqlx_tr *t, struct sqlx_expr *s, struct sqlx_expr *n)
{
    return f3(t, "replace", f1(t, "hex", f1(t, "zeroblob", n)), lit_s(t, "00"), s);
}

static int r_repeat(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc)
        return rc;
    e->list.items[0] = text_arg(t, arg(e, 0));
    if (t->to == SQLX_SQL_SQLITE)
        *slot = lite_repeat(t, arg(e, 0), arg(e, 1));
    return 0;
}

static int r_space(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 1, 1);
    if (rc)
        return rc;
    if (t->to == SQLX_SQL_POSTGRES)
        *slot = f2(t, "repeat", lit_s(t, " "), arg(e, 0));
    else if (t->to == SQLX_SQL_SQLITE)
        *slot = lite_repeat(t, lit_s(t, " "), arg(e, 0));
    return 0;
}

/* LPAD / RPAD: SQLite has neither. lpad(s, n, p) = s cut to n, or (p repeated) cut to the
 * missing length, then s. */
static int r_pad(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 2, 3);
    if (rc)
        return rc;
    e->list.items[0] = text_arg(t, arg(e, 0));
    if (e->list.len == 2 && t->to == SQLX_SQL_MYSQL)
        sqlx_vec_push_arena(&e->list, t->a, lit_s(t, " "));
    if (t->to != SQLX_SQL_SQLITE)
        return 0;
    struct sqlx_expr *s = arg(e, 0), *n = arg(e, 1), *p = e->list.len > 2 ? arg(e, 2) : lit_s(t, " ");
    struct sqlx_expr *fill = f3(t, "substr", lite_repeat(t, p, n), lit_i(t, 1),
                                bin(t, SQLX_OP_SUB, n, f1(t, "length", s)));
    struct sqlx_expr *padded = e->name[0] == 'l' ? bin(t, SQLX_OP_CONCAT, fill, s)
                                                 : bin(t, SQLX_OP_CONCAT, s, fill);
    *slot = sqlx_sql__tr_case_when(t, bin(t, SQLX_OP_GTE, f1(t, "length", s), n),
                                   f3(t, "substr", s, lit_i(t, 1), n), padded);
    return 0;
}

static int r_reverse(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    if (t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, (*slot)->pos, "REVERSE()");
    (*slot)->list.items[0] = text_arg(t, arg(*slot, 0));
    return 0;
}

static int r_replace(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 3, 3);
    if (!rc)
        e->list.items[0] = text_arg(t, arg(e, 0));
    return rc;
}

static int r_ascii(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    return rename_to(e, t->to == SQLX_SQL_SQLITE ? "unicode" : "ascii");
}

/* SQLite char(a, b, ...) and MySQL CHAR(a, b): one character per code. */
static int r_char(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (e->list.len == 0)
        return sqlx_sql__tr_fail(t, e->pos, "CHAR() without arguments");
    if (t->to != SQLX_SQL_POSTGRES)
        return rename_to(e, "char");
    struct sqlx_expr *acc = NULL;
    for (size_t i = 0; i < e->list.len; i++) {
        struct sqlx_expr *c = f1(t, "chr", e->list.items[i]);
        acc = acc ? bin(t, SQLX_OP_CONCAT, acc, c) : c;
    }
    *slot = acc;
    return 0;
}

static int r_chr(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    return rename_to(*slot, t->to == SQLX_SQL_POSTGRES ? "chr" : "char");
}

static int r_hex(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->to != SQLX_SQL_POSTGRES)
        return 0;
    if (ty(t, arg(e, 0)) != SQLX_TY__BLOB)
        return sqlx_sql__tr_fail(t, e->pos, "HEX() of a value that is not a blob");
    *slot = f1(t, "upper", f2(t, "encode", arg(e, 0), lit_s(t, "hex")));
    return 0;
}

static int r_strcmp(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->to == SQLX_SQL_MYSQL)
        return 0;
    struct sqlx_expr *a = arg(e, 0), *b = arg(e, 1);
    struct sqlx_expr *c = sqlx_ast_case(t->a, NULL);
    sqlx_ast_case_when(t->a, c, bin(t, SQLX_OP_LT, a, b), lit_i(t, -1));
    sqlx_ast_case_when(t->a, c, bin(t, SQLX_OP_GT, a, b), lit_i(t, 1));
    sqlx_ast_case_when(t->a, c, bin(t, SQLX_OP_EQ, a, b), lit_i(t, 0));
    *slot = c;
    return 0;
}

/* SQLite printf / format with one conversion: prefix %d | %Nd | %0Nd | %.Nf | %s suffix. */
static int r_printf(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    if (t->to == SQLX_SQL_SQLITE)
        return 0;
    if (e->list.len != 2 || !lit_text(arg(e, 0), &s, &n))
        return sqlx_sql__tr_fail(t, e->pos, "printf() with this format");
    const char *pct = memchr(s, '%', n);
    if (!pct)
        return sqlx_sql__tr_fail(t, e->pos, "printf() with this format");
    size_t i = (size_t)(pct - s) + 1;
    bool zero = false;
    int width = 0, prec = -1;
    if (i < n && s[i] == '0') {
        zero = true;
        i++;
    }
    while (i < n && s[i] >= '1' && s[i] <= '9')
        width = width * 10 + (s[i++] - '0');
    while (width && i < n && s[i] >= '0' && s[i] <= '9')
        width = width * 10 + (s[i++] - '0');
    if (i < n && s[i] == '.') {
        prec = 0;
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            prec = prec * 10 + (s[i++] - '0');
    }
    if (i >= n || memchr(s + i + 1, '%', n - i - 1))
        return sqlx_sql__tr_fail(t, e->pos, "printf() with this format");
    char conv = s[i];
    struct sqlx_expr *x = arg(e, 1), *out;
    if (conv == 'f' && prec >= 0 && width == 0) {
        if (t->to == SQLX_SQL_POSTGRES)
            out = cast(t, f2(t, "round", cast(t, x, "numeric", SQLX_TY_DECIMAL), lit_i(t, prec)),
                       "text", SQLX_TY_STRING);
        else {
            struct sqlx_type_name *tn = sqlx_sql__tr_type(t, "decimal", SQLX_TY_DECIMAL);
            sqlx_vec_push_arena(&tn->args, t->a, lit_i(t, 65));
            sqlx_vec_push_arena(&tn->args, t->a, lit_i(t, prec));
            out = sqlx_ast_cast(t->a, x, tn);
            out = cast(t, out, "char", SQLX_TY_STRING);
        }
    } else if ((conv == 'd' || conv == 's') && prec < 0) {
        out = cast(t, x, t->to == SQLX_SQL_POSTGRES ? "text" : "char", SQLX_TY_STRING);
        if (width > 0)
            out = f3(t, "lpad", out, lit_i(t, width), lit_s(t, zero ? "0" : " "));
    } else {
        return sqlx_sql__tr_fail(t, e->pos, "printf() with this format");
    }
    size_t pre = (size_t)(pct - s);
    if (pre > 0)
        out = bin(t, SQLX_OP_CONCAT, lit_s(t, sqlx_arena_strndup(t->a, s, pre)), out);
    if (i + 1 < n)
        out = bin(t, SQLX_OP_CONCAT, out, lit_s(t, sqlx_arena_strndup(t->a, s + i + 1, n - i - 1)));
    if (t->to == SQLX_SQL_MYSQL && (pre > 0 || i + 1 < n)) {
        /* the printer writes || as CONCAT() for MySQL */
    }
    *slot = out;
    return 0;
}

/* ---- NULL handling and conditionals ---- */

static int r_coalesce(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    (void)t;
    if (e->list.len == 0)
        return sqlx_sql__tr_fail(t, e->pos, "COALESCE() without arguments");
    return rename_to(e, "coalesce");
}

static int r_if(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 3, 3);
    if (rc)
        return rc;
    struct sqlx_expr *c = sqlx_sql__tr_case_when(t, arg(e, 0), arg(e, 1), arg(e, 2));
    c->pos = e->pos;
    *slot = c;
    return 0;
}

/* GREATEST / LEAST ignore NULLs in PostgreSQL and return NULL in MySQL; SQLite's max / min with
 * several arguments return NULL too. */
static int r_greatest(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    bool great = strcmp(e->name, "greatest") == 0 || strcmp(e->name, "max") == 0;
    bool skips = t->from == SQLX_SQL_POSTGRES;
    const char *name = t->to == SQLX_SQL_SQLITE ? (great ? "max" : "min")
                                                : (great ? "greatest" : "least");
    if (e->list.len < 2)
        return sqlx_sql__tr_fail(t, e->pos, "GREATEST / LEAST with one argument");
    bool all_set = true;
    for (size_t i = 0; i < e->list.len; i++)
        if (!sqlx_sql__tr_not_null(e->list.items[i]))
            all_set = false;
    rename_to(e, name);
    if (all_set || skips == (t->to == SQLX_SQL_POSTGRES))
        return 0;
    if (skips) {
        /* each argument falls back to the others, so a NULL never wins and all-NULL is NULL */
        struct sqlx_vec args = e->list;
        struct sqlx_vec out = { 0 };
        for (size_t i = 0; i < args.len; i++) {
            struct sqlx_expr *x = args.items[i];
            if (sqlx_sql__tr_not_null(x)) {
                sqlx_vec_push_arena(&out, t->a, x);
                continue;
            }
            struct sqlx_expr *c = sqlx_sql__tr_func(t, "coalesce", x->pos, 1, x);
            for (size_t j = 0; j < args.len; j++)
                if (j != i)
                    sqlx_vec_push_arena(&c->list, t->a, args.items[j]);
            sqlx_vec_push_arena(&out, t->a, c);
        }
        e->list = out;
        return 0;
    }
    /* into PostgreSQL: NULL when any argument is NULL */
    struct sqlx_expr *any_null = NULL;
    for (size_t i = 0; i < e->list.len; i++) {
        struct sqlx_expr *x = e->list.items[i];
        if (sqlx_sql__tr_not_null(x))
            continue;
        struct sqlx_expr *isn = sqlx_sql__tr_is_null(t, x, false);
        any_null = any_null ? bin(t, SQLX_OP_OR, any_null, isn) : isn;
    }
    struct sqlx_value nv = sqlx_value_null();
    *slot = sqlx_sql__tr_case_when(t, any_null, sqlx_ast_lit(t->a, SQLX_LIT_NULL, &nv), e);
    return 0;
}

/* ---- aggregates ---- */

static bool has_over(const struct sqlx_expr *e)
{
    return e->over != NULL;
}

/* SUM / AVG / MIN / MAX over a boolean: PostgreSQL has no boolean arithmetic or ordering. */
static int r_agg_bool(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (strcmp(e->name, "min") == 0 || strcmp(e->name, "max") == 0) {
        if (e->list.len > 1 && t->from == SQLX_SQL_SQLITE && !has_over(e))
            return r_greatest(t, slot);
    }
    if (t->to == SQLX_SQL_POSTGRES && t->from != SQLX_SQL_POSTGRES && e->list.len == 1 &&
        ty(t, arg(e, 0)) == SQLX_TY__BOOL)
        e->list.items[0] = cast(t, arg(e, 0), "integer", SQLX_TY_INTEGER);
    return 0;
}

static int r_total(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->to == SQLX_SQL_SQLITE)
        return 0;
    rename_to(e, "sum");
    struct sqlx_expr *zero = cast(t, lit_i(t, 0), "double", SQLX_TY_FLOAT);
    int rc = sqlx_sql__tr_type_name(t, &zero->type, true);
    *slot = f2(t, "coalesce", e, zero);
    return rc;
}

static int r_bool_agg(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->to == SQLX_SQL_POSTGRES)
        return rename_to(e, strcmp(e->name, "bool_or") == 0 ? "bool_or" : "bool_and");
    return rename_to(e, strcmp(e->name, "bool_or") == 0 ? "max" : "min");
}

/* variance(x) for SQLite: (sum(x*x) - sum(x)^2 / count(x)) / (count(x) - samp) over REAL. */
static struct sqlx_expr *lite_var(struct sqlx_tr *t, struct sqlx_expr *x, bool samp)
{
    struct sqlx_expr *y = cast(t, x, "real", SQLX_TY_FLOAT);
    struct sqlx_expr *sq = f1(t, "sum", bin(t, SQLX_OP_MUL, y, y));
    struct sqlx_expr *s = f1(t, "sum", y);
    struct sqlx_expr *c = f1(t, "count", y);
    struct sqlx_expr *num = bin(t, SQLX_OP_SUB, sq, bin(t, SQLX_OP_DIV, bin(t, SQLX_OP_MUL, s, s), c));
    struct sqlx_expr *den = samp ? bin(t, SQLX_OP_SUB, c, lit_i(t, 1)) : c;
    return bin(t, SQLX_OP_DIV, num, den);
}

static int r_variance(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *n = e->name;
    bool sd = strncmp(n, "std", 3) == 0;
    bool samp;
    if (strcmp(n, "variance") == 0 || strcmp(n, "stddev") == 0 || strcmp(n, "std") == 0)
        samp = t->from != SQLX_SQL_MYSQL; /* MySQL: population; PostgreSQL: sample */
    else
        samp = strstr(n, "samp") != NULL;
    int rc = nargs_fail(t, e, 1, 1);
    if (rc)
        return rc;
    if (t->to != SQLX_SQL_SQLITE)
        return rename_to(e, sd ? (samp ? "stddev_samp" : "stddev_pop")
                               : (samp ? "var_samp" : "var_pop"));
    if (e->distinct || has_over(e) || e->filter)
        return sqlx_sql__tr_fail(t, e->pos, "this variance / standard deviation form");
    struct sqlx_expr *v = lite_var(t, arg(e, 0), samp);
    if (sd)
        v = f1(t, "sqrt", f2(t, "max", v, cast(t, lit_i(t, 0), "real", SQLX_TY_FLOAT)));
    *slot = v;
    return 0;
}

/* STRING_AGG (PostgreSQL), GROUP_CONCAT (MySQL: SEPARATOR, default ','; SQLite: second
 * argument, default ','). */
static int r_string_agg(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    struct sqlx_expr *x, *sep;
    bool my_src = t->from == SQLX_SQL_MYSQL;
    if (strcmp(e->name, "string_agg") == 0) {
        if (e->list.len != 2)
            return nargs_fail(t, e, 2, 2);
        x = arg(e, 0);
        sep = arg(e, 1);
    } else if (my_src) {
        x = arg(e, 0);
        for (size_t i = 1; i < e->list.len; i++)
            x = bin(t, SQLX_OP_CONCAT, x, e->list.items[i]);
        sep = e->extra ? e->extra : lit_s(t, ",");
    } else {
        if (e->list.len < 1 || e->list.len > 2)
            return nargs_fail(t, e, 1, 2);
        x = arg(e, 0);
        sep = e->list.len > 1 ? arg(e, 1) : lit_s(t, ",");
    }
    if (has_over(e) && t->to != SQLX_SQL_POSTGRES && t->to != SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, e->pos, "string aggregation as a window function");
    e->extra = NULL;
    e->list.len = 0;
    e->syntax = SQLX_SYN_DEFAULT;
    switch (t->to) {
    case SQLX_SQL_POSTGRES:
        e->name = "string_agg";
        /* with DISTINCT the ORDER BY keys must be the argument itself: no cast then */
        sqlx_vec_push_arena(&e->list, t->a, e->distinct && e->order_by.len ? x : text_arg(t, x));
        sqlx_vec_push_arena(&e->list, t->a, sep);
        return 0;
    case SQLX_SQL_MYSQL:
        e->name = "group_concat";
        sqlx_vec_push_arena(&e->list, t->a, x);
        e->extra = sep;
        return 0;
    case SQLX_SQL_SQLITE: {
        const char *s;
        size_t n;
        if (e->order_by.len > 0)
            return sqlx_sql__tr_fail(t, e->pos, "ORDER BY inside string aggregation (SQLite before 3.44)");
        e->name = "group_concat";
        sqlx_vec_push_arena(&e->list, t->a, x);
        bool comma = lit_text(sep, &s, &n) && n == 1 && s[0] == ',';
        if (e->distinct && !comma)
            return sqlx_sql__tr_fail(t, e->pos, "DISTINCT string aggregation with a separator");
        if (!comma)
            sqlx_vec_push_arena(&e->list, t->a, sep);
        return 0;
    }
    }
    return 0;
}

/* MySQL COUNT(DISTINCT a, b): rows where no column is NULL, counted by distinct tuple. */
static int r_count(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (e->list.len <= 1 || t->to == SQLX_SQL_MYSQL)
        return 0;
    if (t->to == SQLX_SQL_SQLITE || !e->distinct)
        return sqlx_sql__tr_fail(t, e->pos, "COUNT over several expressions");
    struct sqlx_expr *all = NULL;
    struct sqlx_expr *row = sqlx_ast_expr_new(t->a, SQLX_EX_ROW);
    for (size_t i = 0; i < e->list.len; i++) {
        struct sqlx_expr *nn = sqlx_sql__tr_is_null(t, e->list.items[i], true);
        all = all ? bin(t, SQLX_OP_AND, all, nn) : nn;
        sqlx_vec_push_arena(&row->list, t->a, e->list.items[i]);
    }
    e->list.len = 0;
    sqlx_vec_push_arena(&e->list, t->a, sqlx_sql__tr_case_when(t, all, row, NULL));
    return 0;
}

/* LAG / LEAD with a default value: MariaDB takes only (x [, n]). The default applies where
 * the offset row does not exist: the first n rows of the partition for LAG, the last n for
 * LEAD. */
static int r_lag_lead(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 1, 3);
    if (rc || e->list.len < 3 || t->to != SQLX_SQL_MYSQL)
        return rc;
    if (!e->over)
        return sqlx_sql__tr_fail(t, e->pos, "LAG / LEAD without OVER");
    struct sqlx_expr *n = arg(e, 1), *d = arg(e, 2);
    e->list.len = 2;
    struct sqlx_expr *rn = sqlx_sql__tr_func(t, "row_number", e->pos, 0);
    rn->over = e->over;
    struct sqlx_expr *cond;
    if (strcmp(e->name, "lag") == 0) {
        cond = bin(t, SQLX_OP_GT, rn, n);
    } else {
        if (e->over->ref_only || e->over->base)
            return sqlx_sql__tr_fail(t, e->pos, "LEAD with a default over a named window");
        struct sqlx_expr *cnt = sqlx_sql__tr_func(t, "count", e->pos, 1,
                                                  sqlx_ast_expr_new(t->a, SQLX_EX_STAR));
        struct sqlx_window *w = sqlx_arena_zalloc(t->a, sizeof(*w));
        w->partition = e->over->partition;
        cnt->over = w;
        cond = bin(t, SQLX_OP_GTE, bin(t, SQLX_OP_SUB, cnt, rn), n);
    }
    *slot = sqlx_sql__tr_case_when(t, cond, e, d);
    return 0;
}

/* ---- numbers ---- */

static int r_power(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    (void)t;
    return rename_to(*slot, "power");
}

static int r_ceil(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    (void)t;
    return rename_to(*slot, "ceil");
}

/* LOG(x): natural in MySQL, base 10 in PostgreSQL and SQLite; LOG(b, x) is the same
 * everywhere. */
static int r_log(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (e->list.len != 1)
        return 0;
    if (t->from == SQLX_SQL_MYSQL)
        return rename_to(e, "ln");
    return rename_to(e, "log10");
}

/* ROUND(x, n) of a float does not exist in PostgreSQL, and ROUND(float) there rounds half to
 * even where MySQL and SQLite round half away from zero: go through numeric. */
static int r_round(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 1, 2);
    if (rc)
        return rc;
    enum sqlx_sql__ty k = ty(t, arg(e, 0));
    if (t->to == SQLX_SQL_POSTGRES && k != SQLX_TY__INT && k != SQLX_TY__DEC)
        e->list.items[0] = cast(t, arg(e, 0), "numeric", SQLX_TY_DECIMAL);
    return 0;
}

/* TRUNC (PostgreSQL, SQLite one argument) / TRUNCATE (MySQL, two arguments). */
static int r_trunc(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    long long n;
    int rc = nargs_fail(t, e, 1, 2);
    if (rc)
        return rc;
    switch (t->to) {
    case SQLX_SQL_MYSQL:
        if (e->list.len == 1)
            sqlx_vec_push_arena(&e->list, t->a, lit_i(t, 0));
        return rename_to(e, "truncate");
    case SQLX_SQL_POSTGRES: {
        enum sqlx_sql__ty k = ty(t, arg(e, 0));
        if (e->list.len == 2 && k != SQLX_TY__INT && k != SQLX_TY__DEC)
            e->list.items[0] = cast(t, arg(e, 0), "numeric", SQLX_TY_DECIMAL);
        if (e->list.len == 2 && sqlx_sql__tr_is_int_lit(arg(e, 1), &n) && n == 0)
            e->list.len = 1;
        return rename_to(e, "trunc");
    }
    case SQLX_SQL_SQLITE:
        if (e->list.len == 1 || (sqlx_sql__tr_is_int_lit(arg(e, 1), &n) && n == 0)) {
            e->list.len = 1;
            return rename_to(e, "trunc");
        }
        if (!sqlx_sql__tr_is_int_lit(arg(e, 1), &n) || n < 0 || n > 15)
            return sqlx_sql__tr_fail(t, e->pos, "TRUNCATE to a computed number of digits");
        {
            long long p = 1;
            for (long long i = 0; i < n; i++)
                p *= 10;
            struct sqlx_value v = sqlx_value_text(sqlx_arena_printf(t->a, "%lld.0", p), 0);
            v.n = strlen(v.s);
            struct sqlx_expr *pf = sqlx_ast_lit(t->a, SQLX_LIT_DECIMAL, &v);
            *slot = bin(t, SQLX_OP_DIV, f1(t, "trunc", bin(t, SQLX_OP_MUL, arg(e, 0), lit_i(t, p))), pf);
        }
        return 0;
    }
    return 0;
}

static int r_mod(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc)
        return rc;
    *slot = bin(t, SQLX_OP_MOD, arg(e, 0), arg(e, 1));
    return sqlx_sql__tr_expr(t, slot);
}

static int r_div(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc)
        return rc;
    *slot = bin(t, SQLX_OP_INTDIV, arg(e, 0), arg(e, 1));
    return sqlx_sql__tr_expr(t, slot);
}

static int r_random(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (e->list.len != 0 || t->from == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, e->pos, "this random number function");
    if (t->to == SQLX_SQL_SQLITE) {
        struct sqlx_value v = sqlx_value_text("18446744073709551616.0", 22);
        struct sqlx_value half = sqlx_value_text("0.5", 3);
        *slot = bin(t, SQLX_OP_ADD,
                    bin(t, SQLX_OP_DIV, sqlx_sql__tr_func(t, "random", e->pos, 0),
                        sqlx_ast_lit(t->a, SQLX_LIT_DECIMAL, &v)),
                    sqlx_ast_lit(t->a, SQLX_LIT_DECIMAL, &half));
        return 0;
    }
    return rename_to(e, t->to == SQLX_SQL_MYSQL ? "rand" : "random");
}

/* ---- dates ---- */

/* Neutral date format tokens. */
enum dtok {
    DT_LIT, DT_YEAR4, DT_YEAR2, DT_MONTH2, DT_MONTH1, DT_DAY2, DT_DAY1, DT_H24, DT_H24_1, DT_H12,
    DT_H12_1, DT_MIN, DT_SEC, DT_US, DT_MS, DT_AMPM, DT_MONTHNAME, DT_MONABBR, DT_DAYNAME,
    DT_DAYABBR, DT_DOY, DT_DOW0, DT_EPOCH,
};

struct dfmt {
    enum dtok tok[64];
    const char *lit[64];
    size_t litn[64];
    int n;
};

static bool push_tok(struct dfmt *f, enum dtok k)
{
    if (f->n >= 64)
        return false;
    f->tok[f->n++] = k;
    return true;
}

static bool push_lit(struct dfmt *f, const char *s, size_t n)
{
    if (f->n > 0 && f->tok[f->n - 1] == DT_LIT && f->lit[f->n - 1] + f->litn[f->n - 1] == s) {
        f->litn[f->n - 1] += n;
        return true;
    }
    if (f->n >= 64)
        return false;
    f->tok[f->n] = DT_LIT;
    f->lit[f->n] = s;
    f->litn[f->n] = n;
    f->n++;
    return true;
}

/* MySQL DATE_FORMAT / STR_TO_DATE specifiers. */
static bool parse_my_fmt(const char *s, size_t n, struct dfmt *f)
{
    static const struct {
        char c;
        enum dtok k;
    } map[] = {
        { 'Y', DT_YEAR4 }, { 'y', DT_YEAR2 }, { 'm', DT_MONTH2 }, { 'c', DT_MONTH1 },
        { 'd', DT_DAY2 },  { 'e', DT_DAY1 },  { 'H', DT_H24 },    { 'k', DT_H24_1 },
        { 'h', DT_H12 },   { 'I', DT_H12 },   { 'l', DT_H12_1 },  { 'i', DT_MIN },
        { 's', DT_SEC },   { 'S', DT_SEC },   { 'f', DT_US },     { 'p', DT_AMPM },
        { 'M', DT_MONTHNAME }, { 'b', DT_MONABBR }, { 'W', DT_DAYNAME }, { 'a', DT_DAYABBR },
        { 'j', DT_DOY },   { 'w', DT_DOW0 },
    };
    f->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            if (!push_lit(f, s + i, 1))
                return false;
            continue;
        }
        if (++i >= n)
            return false;
        char c = s[i];
        if (c == '%') {
            if (!push_lit(f, s + i, 1))
                return false;
            continue;
        }
        if (c == 'T') {
            if (!push_tok(f, DT_H24) || !push_lit(f, ":", 1) || !push_tok(f, DT_MIN) ||
                !push_lit(f, ":", 1) || !push_tok(f, DT_SEC))
                return false;
            continue;
        }
        bool found = false;
        for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++)
            if (map[k].c == c) {
                if (!push_tok(f, map[k].k))
                    return false;
                found = true;
            }
        if (!found)
            return false;
    }
    return true;
}

/* SQLite strftime specifiers. */
static bool parse_lite_fmt(const char *s, size_t n, struct dfmt *f)
{
    f->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            if (!push_lit(f, s + i, 1))
                return false;
            continue;
        }
        if (++i >= n)
            return false;
        bool ok = true;
        switch (s[i]) {
        case 'Y':
            ok = push_tok(f, DT_YEAR4);
            break;
        case 'm':
            ok = push_tok(f, DT_MONTH2);
            break;
        case 'd':
            ok = push_tok(f, DT_DAY2);
            break;
        case 'H':
            ok = push_tok(f, DT_H24);
            break;
        case 'M':
            ok = push_tok(f, DT_MIN);
            break;
        case 'S':
            ok = push_tok(f, DT_SEC);
            break;
        case 'f':
            ok = push_tok(f, DT_SEC) && push_lit(f, ".", 1) && push_tok(f, DT_MS);
            break;
        case 'j':
            ok = push_tok(f, DT_DOY);
            break;
        case 'w':
            ok = push_tok(f, DT_DOW0);
            break;
        case 's':
            ok = push_tok(f, DT_EPOCH);
            break;
        case '%':
            ok = push_lit(f, s + i, 1);
            break;
        default:
            return false;
        }
        if (!ok)
            return false;
    }
    return true;
}

static bool starts(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    return n >= m && strncmp(s, w, m) == 0;
}

/* PostgreSQL to_char / to_date patterns. Month and Day names are padded to 9 characters
 * unless FM says otherwise; only the FM forms are accepted. */
static bool parse_pg_fmt(const char *s, size_t n, struct dfmt *f)
{
    f->n = 0;
    size_t i = 0;
    while (i < n) {
        bool fm = false;
        if (starts(s + i, n - i, "FM") || starts(s + i, n - i, "fm")) {
            fm = true;
            i += 2;
        }
        const char *p = s + i;
        size_t r = n - i;
        struct {
            const char *w;
            enum dtok k, kfm;
            bool need_fm;
        } pats[] = {
            { "YYYY", DT_YEAR4, DT_YEAR4, false }, { "YY", DT_YEAR2, DT_YEAR2, false },
            { "MM", DT_MONTH2, DT_MONTH1, false }, { "DDD", DT_DOY, DT_DOY, false },
            { "DD", DT_DAY2, DT_DAY1, false },     { "HH24", DT_H24, DT_H24_1, false },
            { "HH12", DT_H12, DT_H12_1, false },   { "HH", DT_H12, DT_H12_1, false },
            { "MI", DT_MIN, DT_MIN, false },       { "SS", DT_SEC, DT_SEC, false },
            { "MS", DT_MS, DT_MS, false },         { "US", DT_US, DT_US, false },
            { "AM", DT_AMPM, DT_AMPM, false },     { "PM", DT_AMPM, DT_AMPM, false },
            { "Month", DT_MONTHNAME, DT_MONTHNAME, true }, { "Mon", DT_MONABBR, DT_MONABBR, false },
            { "Day", DT_DAYNAME, DT_DAYNAME, true }, { "Dy", DT_DAYABBR, DT_DAYABBR, false },
        };
        bool found = false;
        for (size_t k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
            if (!starts(p, r, pats[k].w))
                continue;
            if (pats[k].need_fm && !fm)
                return false;
            if (!push_tok(f, fm ? pats[k].kfm : pats[k].k))
                return false;
            i += strlen(pats[k].w);
            found = true;
            break;
        }
        if (found)
            continue;
        if (fm)
            return false;
        if (*p == '"') {
            size_t j = 1;
            while (j < r && p[j] != '"')
                j++;
            if (j >= r || !push_lit(f, p + 1, j - 1))
                return false;
            i += j + 1;
            continue;
        }
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
            return false; /* a pattern this translator does not know */
        if (!push_lit(f, p, 1))
            return false;
        i++;
    }
    return true;
}

static bool emit_fmt(struct sqlx_tr *t, const struct dfmt *f, struct sqlx_buf *b)
{
    for (int i = 0; i < f->n; i++) {
        enum dtok k = f->tok[i];
        const char *o = NULL;
        if (k == DT_LIT) {
            const char *s = f->lit[i];
            size_t n = f->litn[i];
            if (t->to == SQLX_SQL_POSTGRES) {
                bool letters = false;
                for (size_t j = 0; j < n; j++)
                    if ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '"' || s[j] == '\\')
                        letters = true;
                if (letters) {
                    sqlx_buf_putc(b, '"');
                    for (size_t j = 0; j < n; j++) {
                        if (s[j] == '"' || s[j] == '\\')
                            sqlx_buf_putc(b, '\\');
                        sqlx_buf_putc(b, s[j]);
                    }
                    sqlx_buf_putc(b, '"');
                } else {
                    sqlx_buf_put(b, s, n);
                }
            } else {
                for (size_t j = 0; j < n; j++) {
                    if (s[j] == '%')
                        sqlx_buf_putc(b, '%');
                    sqlx_buf_putc(b, s[j]);
                }
            }
            continue;
        }
        switch (t->to) {
        case SQLX_SQL_POSTGRES: {
            static const char *const pg[] = {
                [DT_YEAR4] = "YYYY", [DT_YEAR2] = "YY", [DT_MONTH2] = "MM", [DT_MONTH1] = "FMMM",
                [DT_DAY2] = "DD", [DT_DAY1] = "FMDD", [DT_H24] = "HH24", [DT_H24_1] = "FMHH24",
                [DT_H12] = "HH12", [DT_H12_1] = "FMHH12", [DT_MIN] = "MI", [DT_SEC] = "SS",
                [DT_US] = "US", [DT_MS] = "MS", [DT_AMPM] = "AM", [DT_MONTHNAME] = "FMMonth",
                [DT_MONABBR] = "Mon", [DT_DAYNAME] = "FMDay", [DT_DAYABBR] = "Dy", [DT_DOY] = "DDD",
            };
            o = (size_t)k < sizeof(pg) / sizeof(pg[0]) ? pg[k] : NULL;
            break;
        }
        case SQLX_SQL_MYSQL: {
            static const char *const my[] = {
                [DT_YEAR4] = "%Y", [DT_YEAR2] = "%y", [DT_MONTH2] = "%m", [DT_MONTH1] = "%c",
                [DT_DAY2] = "%d", [DT_DAY1] = "%e", [DT_H24] = "%H", [DT_H24_1] = "%k",
                [DT_H12] = "%h", [DT_H12_1] = "%l", [DT_MIN] = "%i", [DT_SEC] = "%s",
                [DT_US] = "%f", [DT_AMPM] = "%p", [DT_MONTHNAME] = "%M", [DT_MONABBR] = "%b",
                [DT_DAYNAME] = "%W", [DT_DAYABBR] = "%a", [DT_DOY] = "%j", [DT_DOW0] = "%w",
            };
            o = (size_t)k < sizeof(my) / sizeof(my[0]) ? my[k] : NULL;
            break;
        }
        case SQLX_SQL_SQLITE: {
            static const char *const lite[] = {
                [DT_YEAR4] = "%Y", [DT_MONTH2] = "%m", [DT_DAY2] = "%d", [DT_H24] = "%H",
                [DT_MIN] = "%M", [DT_SEC] = "%S", [DT_DOY] = "%j", [DT_DOW0] = "%w",
                [DT_EPOCH] = "%s",
            };
            o = (size_t)k < sizeof(lite) / sizeof(lite[0]) ? lite[k] : NULL;
            break;
        }
        }
        if (!o)
            return false;
        sqlx_buf_puts(b, o);
    }
    return true;
}

/* A formatted date in the target: to_char / DATE_FORMAT / strftime. */
static int format_date(struct sqlx_tr *t, struct sqlx_expr **slot, struct sqlx_expr *x,
                       const struct dfmt *f, int pos)
{
    x = pg_ts(t, x);
    if (f->n == 1 && (f->tok[0] == DT_DOW0 || f->tok[0] == DT_EPOCH) && t->to != SQLX_SQL_SQLITE) {
        bool dow = f->tok[0] == DT_DOW0;
        struct sqlx_expr *v;
        if (t->to == SQLX_SQL_POSTGRES) {
            struct sqlx_expr *ex = sqlx_sql__tr_func(t, "extract", pos, 2,
                                                     lit_s(t, dow ? "dow" : "epoch"), x);
            v = cast(t, ex, "bigint", SQLX_TY_INTEGER);
            v = cast(t, v, "text", SQLX_TY_STRING);
        } else if (dow) {
            v = f2(t, "date_format", x, lit_s(t, "%w"));
        } else {
            v = cast(t, f1(t, "unix_timestamp", x), "char", SQLX_TY_STRING);
        }
        *slot = v;
        return 0;
    }
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    if (!emit_fmt(t, f, &b)) {
        sqlx_buf_free(&b);
        return sqlx_sql__tr_fail(t, pos, "this date format");
    }
    struct sqlx_expr *fs = lit_s(t, sqlx_arena_memdup(t->a, b.data ? b.data : "", b.len));
    sqlx_buf_free(&b);
    switch (t->to) {
    case SQLX_SQL_POSTGRES:
        *slot = f2(t, "to_char", x, fs);
        break;
    case SQLX_SQL_MYSQL:
        *slot = f2(t, "date_format", x, fs);
        break;
    case SQLX_SQL_SQLITE:
        *slot = f2(t, "strftime", fs, x);
        break;
    }
    (*slot)->pos = pos;
    return 0;
}

static int r_date_format(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    struct dfmt f;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc)
        return rc;
    if (!lit_text(arg(e, 1), &s, &n) || !parse_my_fmt(s, n, &f))
        return sqlx_sql__tr_fail(t, e->pos, "DATE_FORMAT with this format");
    return format_date(t, slot, arg(e, 0), &f, e->pos);
}

static int r_to_char(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    struct dfmt f;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc)
        return rc;
    if (sqlx_sql__ty_numeric(ty(t, arg(e, 0))))
        return sqlx_sql__tr_fail(t, e->pos, "TO_CHAR of a number");
    if (!lit_text(arg(e, 1), &s, &n) || !parse_pg_fmt(s, n, &f))
        return sqlx_sql__tr_fail(t, e->pos, "TO_CHAR with this format");
    return format_date(t, slot, arg(e, 0), &f, e->pos);
}

/* SQLite date / time values after modifiers, for PostgreSQL and MySQL. */
static int lite_modifiers(struct sqlx_tr *t, struct sqlx_expr *e, size_t first,
                          struct sqlx_expr **out)
{
    struct sqlx_expr *x = arg(e, first - 1);
    const char *s;
    size_t n;
    if (lit_text(x, &s, &n) && n == 3 && strncasecmp(s, "now", 3) == 0) {
        x = sqlx_ast_expr_new(t->a, SQLX_EX_FUNC);
        x->name = "current_timestamp";
        x->syntax = SQLX_SYN_NO_PARENS;
        x->pos = e->pos;
        if (t->to == SQLX_SQL_POSTGRES)
            x = cast(t, x, "timestamp", SQLX_TY_TIMESTAMP);
    } else if (t->to == SQLX_SQL_POSTGRES && !sqlx_sql__ty_temporal(ty(t, x))) {
        /* SQLite keeps dates as text: give PostgreSQL a timestamp to work on */
        x = cast(t, x, "timestamp", SQLX_TY_TIMESTAMP);
    } else {
        x = pg_ts(t, x);
    }
    for (size_t i = first; i < e->list.len; i++) {
        struct sqlx_expr *m = arg(e, i);
        if (!lit_text(m, &s, &n))
            return sqlx_sql__tr_fail(t, m->pos, "a computed date modifier");
        while (n > 0 && s[0] == ' ') {
            s++;
            n--;
        }
        if (n >= 9 && strncasecmp(s, "start of ", 9) == 0) {
            const char *u = s + 9;
            size_t un = n - 9;
            const char *unit = un == 5 && strncasecmp(u, "month", 5) == 0 ? "month"
                               : un == 4 && strncasecmp(u, "year", 4) == 0 ? "year"
                               : un == 3 && strncasecmp(u, "day", 3) == 0  ? "day"
                                                                           : NULL;
            if (!unit)
                return sqlx_sql__tr_fail(t, m->pos, "this date modifier");
            if (t->to == SQLX_SQL_POSTGRES) {
                x = f2(t, "date_trunc", lit_s(t, unit), x);
            } else {
                const char *fmt = unit[0] == 'm' ? "%Y-%m-01" : unit[0] == 'y' ? "%Y-01-01" : "%Y-%m-%d";
                x = cast(t, f2(t, "date_format", x, lit_s(t, fmt)), "datetime", SQLX_TY_TIMESTAMP);
            }
            continue;
        }
        /* [+-]N unit */
        size_t i2 = 0;
        bool minus = false;
        if (i2 < n && (s[i2] == '+' || s[i2] == '-'))
            minus = s[i2++] == '-';
        size_t d0 = i2;
        long long v = 0;
        while (i2 < n && s[i2] >= '0' && s[i2] <= '9')
            v = v * 10 + (s[i2++] - '0');
        if (i2 == d0)
            return sqlx_sql__tr_fail(t, m->pos, "this date modifier");
        while (i2 < n && s[i2] == ' ')
            i2++;
        const char *w = s + i2;
        size_t wn = n - i2;
        const char *unit = NULL;
        static const char *const units[] = { "day", "hour", "minute", "second", "month", "year" };
        for (size_t k = 0; k < 6; k++) {
            size_t ul = strlen(units[k]);
            if ((wn == ul || (wn == ul + 1 && (w[ul] == 's' || w[ul] == 'S'))) &&
                strncasecmp(w, units[k], ul) == 0)
                unit = units[k];
        }
        if (!unit)
            return sqlx_sql__tr_fail(t, m->pos, "this date modifier");
        if (minus)
            v = -v;
        bool months = strcmp(unit, "month") == 0 || strcmp(unit, "year") == 0;
        if (months) {
            /* SQLite rolls a day past the month's end over into the next month; shift the
             * first of the month and add the day offset back. */
            long long mon = strcmp(unit, "year") == 0 ? v * 12 : v;
            struct sqlx_expr *iv = sqlx_ast_expr_new(t->a, SQLX_EX_INTERVAL);
            iv->left = lit_i(t, mon);
            iv->name = "month";
            if (t->to == SQLX_SQL_POSTGRES) {
                struct sqlx_expr *som = f2(t, "date_trunc", lit_s(t, "month"), x);
                struct sqlx_expr *shifted;
                int rc = sqlx_sql__tr_date_add(t, &shifted, som, iv, false);
                if (rc)
                    return rc;
                x = bin(t, SQLX_OP_ADD, shifted, bin(t, SQLX_OP_SUB, x, som));
            } else {
                struct sqlx_expr *dom = bin(t, SQLX_OP_SUB, f1(t, "dayofmonth", x), lit_i(t, 1));
                struct sqlx_expr *back = sqlx_ast_expr_new(t->a, SQLX_EX_INTERVAL);
                back->left = dom;
                back->name = "day";
                struct sqlx_expr *som = bin(t, SQLX_OP_SUB, x, back);
                struct sqlx_expr *shifted;
                int rc = sqlx_sql__tr_date_add(t, &shifted, som, iv, false);
                if (rc)
                    return rc;
                struct sqlx_expr *fwd = sqlx_ast_expr_new(t->a, SQLX_EX_INTERVAL);
                fwd->left = dom;
                fwd->name = "day";
                x = bin(t, SQLX_OP_ADD, shifted, fwd);
            }
            continue;
        }
        struct sqlx_expr *iv = sqlx_ast_expr_new(t->a, SQLX_EX_INTERVAL);
        iv->left = lit_i(t, v);
        iv->name = unit;
        int rc = sqlx_sql__tr_date_add(t, &x, x, iv, false);
        if (rc)
            return rc;
    }
    *out = x;
    return 0;
}

/* SQLite date(x, ...), datetime(x, ...), time(x, ...); MySQL DATE(x), TIME(x). */
static int r_date_fn(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    struct sqlx_expr *x;
    int rc;
    const char *kind = e->name; /* date, datetime, time */
    if (e->list.len == 0)
        return sqlx_sql__tr_fail(t, e->pos, sqlx_arena_printf(t->a, "%s() without arguments", kind));
    if (t->to == SQLX_SQL_SQLITE) {
        if (e->list.len > 1)
            return sqlx_sql__tr_fail(t, e->pos, "date modifiers");
        return 0;
    }
    if (t->from != SQLX_SQL_SQLITE && e->list.len > 1)
        return nargs_fail(t, e, 1, 1);
    if ((rc = lite_modifiers(t, e, 1, &x)))
        return rc;
    if (strcmp(kind, "date") == 0)
        *slot = t->to == SQLX_SQL_MYSQL ? f1(t, "date", x) : cast(t, x, "date", SQLX_TY_DATE);
    else if (strcmp(kind, "time") == 0)
        *slot = cast(t, x, "time", SQLX_TY_TIME);
    else
        *slot = cast(t, x, t->to == SQLX_SQL_MYSQL ? "datetime" : "timestamp", SQLX_TY_TIMESTAMP);
    (*slot)->pos = e->pos;
    return 0;
}

static int r_strftime(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    struct dfmt f;
    struct sqlx_expr *x;
    int rc;
    if (t->to == SQLX_SQL_SQLITE)
        return 0;
    if (e->list.len < 2)
        return nargs_fail(t, e, 2, 2);
    if (!lit_text(arg(e, 0), &s, &n) || !parse_lite_fmt(s, n, &f))
        return sqlx_sql__tr_fail(t, e->pos, "strftime with this format");
    if ((rc = lite_modifiers(t, e, 2, &x)))
        return rc;
    return format_date(t, slot, x, &f, e->pos);
}

/* julianday(x): PostgreSQL epoch / 86400 + 2440587.5; MySQL TO_SECONDS counts from year 0. */
static int r_julianday(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    struct sqlx_expr *x;
    int rc;
    if (t->to == SQLX_SQL_SQLITE)
        return 0;
    if ((rc = lite_modifiers(t, e, 1, &x)))
        return rc;
    struct sqlx_value k = sqlx_value_text("86400.0", 7);
    struct sqlx_value off = sqlx_value_text(t->to == SQLX_SQL_POSTGRES ? "2440587.5" : "1721059.5", 9);
    struct sqlx_expr *secs;
    if (t->to == SQLX_SQL_POSTGRES)
        secs = sqlx_sql__tr_func(t, "extract", e->pos, 2, lit_s(t, "epoch"),
                                 cast(t, x, "timestamp", SQLX_TY_TIMESTAMP));
    else
        secs = f1(t, "to_seconds", x);
    *slot = bin(t, SQLX_OP_ADD, bin(t, SQLX_OP_DIV, secs, sqlx_ast_lit(t->a, SQLX_LIT_DECIMAL, &k)),
                sqlx_ast_lit(t->a, SQLX_LIT_DECIMAL, &off));
    return 0;
}

/* EXTRACT(field FROM x) and MySQL's YEAR(x), MONTH(x) ... */
static int extract_to(struct sqlx_tr *t, struct sqlx_expr **slot, const char *field,
                      struct sqlx_expr *x, int pos)
{
    static const struct {
        const char *field;
        const char *my;     /* MySQL function, or NULL: EXTRACT(FIELD FROM x) */
        int my_add;
        const char *lite;   /* strftime specifier */
        int lite_add;
    } fields[] = {
        { "year", NULL, 0, "%Y", 0 },       { "month", NULL, 0, "%m", 0 },
        { "day", NULL, 0, "%d", 0 },        { "hour", NULL, 0, "%H", 0 },
        { "minute", NULL, 0, "%M", 0 },     { "second", NULL, 0, "%S", 0 },
        { "dow", "dayofweek", -1, "%w", 0 }, { "isodow", "weekday", 1, NULL, 0 },
        { "doy", "dayofyear", 0, "%j", 0 }, { "quarter", NULL, 0, NULL, 0 },
        { "epoch", "unix_timestamp", 0, "%s", 0 }, { "microsecond", NULL, 0, NULL, 0 },
    };
    size_t i;
    for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
        if (strcmp(fields[i].field, field) == 0)
            break;
    if (i == sizeof(fields) / sizeof(fields[0]))
        return sqlx_sql__tr_fail(t, pos, sqlx_arena_printf(t->a, "EXTRACT(%s ...)", field));
    struct sqlx_expr *r;
    switch (t->to) {
    case SQLX_SQL_POSTGRES:
        r = sqlx_sql__tr_func(t, "extract", pos, 2, lit_s(t, field), pg_ts(t, x));
        r->syntax = SQLX_SYN_KEYWORD_ARGS;
        break;
    case SQLX_SQL_MYSQL:
        if (fields[i].my) {
            r = f1(t, fields[i].my, x);
            if (fields[i].my_add)
                r = bin(t, fields[i].my_add > 0 ? SQLX_OP_ADD : SQLX_OP_SUB, r,
                        lit_i(t, fields[i].my_add > 0 ? fields[i].my_add : -fields[i].my_add));
        } else {
            r = sqlx_sql__tr_func(t, "extract", pos, 2, lit_s(t, field), x);
            r->syntax = SQLX_SYN_KEYWORD_ARGS;
        }
        break;
    default:
        if (strcmp(field, "quarter") == 0) {
            struct sqlx_expr *m = cast(t, f2(t, "strftime", lit_s(t, "%m"), x), "integer", SQLX_TY_INTEGER);
            r = bin(t, SQLX_OP_DIV, bin(t, SQLX_OP_ADD, m, lit_i(t, 2)), lit_i(t, 3));
        } else if (strcmp(field, "isodow") == 0) {
            struct sqlx_expr *w = cast(t, f2(t, "strftime", lit_s(t, "%w"), x), "integer", SQLX_TY_INTEGER);
            r = bin(t, SQLX_OP_ADD, bin(t, SQLX_OP_MOD, bin(t, SQLX_OP_ADD, w, lit_i(t, 6)), lit_i(t, 7)), lit_i(t, 1));
        } else if (strcmp(field, "second") == 0) {
            r = cast(t, f2(t, "strftime", lit_s(t, "%f"), x), "real", SQLX_TY_FLOAT);
        } else if (fields[i].lite) {
            r = cast(t, f2(t, "strftime", lit_s(t, fields[i].lite), x), "integer", SQLX_TY_INTEGER);
        } else {
            return sqlx_sql__tr_fail(t, pos, sqlx_arena_printf(t->a, "EXTRACT(%s ...)", field));
        }
        break;
    }
    r->pos = pos;
    *slot = r;
    return 0;
}

static int r_extract(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    if (e->list.len != 2 || !lit_text(arg(e, 0), &s, &n))
        return sqlx_sql__tr_fail(t, e->pos, "EXTRACT with a computed field");
    char *low = sqlx_arena_strndup(t->a, s, n);
    for (char *c = low; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    const char *field = strcmp(low, "days") == 0 ? "day" : low;
    return extract_to(t, slot, field, arg(e, 1), e->pos);
}

/* MySQL YEAR(x), MONTH(x), DAY(x), DAYOFMONTH, HOUR, MINUTE, SECOND, QUARTER, DAYOFYEAR,
 * DAYOFWEEK (1 = Sunday), WEEKDAY (0 = Monday). */
static int r_date_part_fn(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *n = e->name;
    int rc = nargs_fail(t, e, 1, 1);
    if (rc)
        return rc;
    if (t->to == SQLX_SQL_MYSQL)
        return 0;
    struct sqlx_expr *x = arg(e, 0);
    if (strcmp(n, "dayofweek") == 0) {
        if ((rc = extract_to(t, slot, "dow", x, e->pos)))
            return rc;
        *slot = bin(t, SQLX_OP_ADD, *slot, lit_i(t, 1));
        return 0;
    }
    if (strcmp(n, "weekday") == 0) {
        if ((rc = extract_to(t, slot, "isodow", x, e->pos)))
            return rc;
        *slot = bin(t, SQLX_OP_SUB, *slot, lit_i(t, 1));
        return 0;
    }
    const char *field = strcmp(n, "dayofmonth") == 0 ? "day" : strcmp(n, "dayofyear") == 0 ? "doy" : n;
    if (strcmp(n, "second") == 0 && t->to == SQLX_SQL_POSTGRES) {
        if ((rc = extract_to(t, slot, "second", x, e->pos)))
            return rc;
        *slot = f1(t, "trunc", *slot);
        return 0;
    }
    if (strcmp(n, "second") == 0 && t->to == SQLX_SQL_SQLITE) {
        *slot = cast(t, f2(t, "strftime", lit_s(t, "%S"), x), "integer", SQLX_TY_INTEGER);
        return 0;
    }
    return extract_to(t, slot, field, x, e->pos);
}

static int r_date_trunc(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    if (t->to == SQLX_SQL_POSTGRES)
        return 0;
    if (e->list.len != 2 || !lit_text(arg(e, 0), &s, &n))
        return sqlx_sql__tr_fail(t, e->pos, "DATE_TRUNC with a computed unit");
    static const struct {
        const char *unit, *my, *lite;
    } units[] = {
        { "year", "%Y-01-01 00:00:00", "%Y-01-01 00:00:00" },
        { "month", "%Y-%m-01 00:00:00", "%Y-%m-01 00:00:00" },
        { "day", "%Y-%m-%d 00:00:00", "%Y-%m-%d 00:00:00" },
        { "hour", "%Y-%m-%d %H:00:00", "%Y-%m-%d %H:00:00" },
        { "minute", "%Y-%m-%d %H:%i:00", "%Y-%m-%d %H:%M:00" },
        { "second", "%Y-%m-%d %H:%i:%s", "%Y-%m-%d %H:%M:%S" },
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strlen(units[i].unit) != n || strncasecmp(units[i].unit, s, n) != 0)
            continue;
        if (t->to == SQLX_SQL_MYSQL)
            *slot = cast(t, f2(t, "date_format", arg(e, 1), lit_s(t, units[i].my)), "datetime",
                         SQLX_TY_TIMESTAMP);
        else
            *slot = f2(t, "strftime", lit_s(t, units[i].lite), arg(e, 1));
        return 0;
    }
    return sqlx_sql__tr_fail(t, e->pos, "DATE_TRUNC with this unit");
}

static int r_now(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *n = e->name;
    bool date = strcmp(n, "curdate") == 0 || strcmp(n, "current_date") == 0;
    bool time = strcmp(n, "curtime") == 0 || strcmp(n, "current_time") == 0;
    if (e->list.len > 0 && t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, e->pos, "fractional-second precision of the current time");
    (void)t;
    e->name = date ? "current_date" : time ? "current_time" : "current_timestamp";
    if (e->list.len == 0)
        e->syntax = SQLX_SYN_NO_PARENS;
    return 0;
}

static int r_make_date(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 3, 3);
    if (rc || t->to == SQLX_SQL_POSTGRES)
        return rc;
    if (t->to == SQLX_SQL_MYSQL) {
        struct sqlx_expr *ws = sqlx_sql__tr_func(t, "concat_ws", e->pos, 4, lit_s(t, "-"), arg(e, 0),
                                                 arg(e, 1), arg(e, 2));
        *slot = f2(t, "str_to_date", ws, lit_s(t, "%Y-%c-%e"));
    } else {
        *slot = f1(t, "date", sqlx_sql__tr_func(t, "printf", e->pos, 4, lit_s(t, "%04d-%02d-%02d"),
                                                arg(e, 0), arg(e, 1), arg(e, 2)));
    }
    return 0;
}

static int r_last_day(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 1, 1);
    if (rc || t->to == SQLX_SQL_MYSQL)
        return rc;
    struct sqlx_expr *x = arg(e, 0);
    if (t->to == SQLX_SQL_SQLITE) {
        *slot = sqlx_sql__tr_func(t, "date", e->pos, 4, x, lit_s(t, "start of month"),
                                  lit_s(t, "+1 month"), lit_s(t, "-1 day"));
        return 0;
    }
    struct sqlx_expr *iv = sqlx_ast_expr_new(t->a, SQLX_EX_INTERVAL);
    iv->left = lit_s(t, "1 month -1 day");
    *slot = cast(t, bin(t, SQLX_OP_ADD, f2(t, "date_trunc", lit_s(t, "month"), pg_ts(t, x)), iv),
                 "date", SQLX_TY_DATE);
    return 0;
}

static int r_str_to_date(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    struct dfmt f;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc || t->to == SQLX_SQL_MYSQL)
        return rc;
    if (t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, e->pos, "STR_TO_DATE (SQLite cannot parse dates)");
    if (!lit_text(arg(e, 1), &s, &n) || !parse_my_fmt(s, n, &f))
        return sqlx_sql__tr_fail(t, e->pos, "STR_TO_DATE with this format");
    bool has_time = false;
    for (int i = 0; i < f.n; i++)
        if (f.tok[i] >= DT_H24 && f.tok[i] <= DT_AMPM)
            has_time = true;
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    bool ok = emit_fmt(t, &f, &b);
    struct sqlx_expr *fs = lit_s(t, sqlx_arena_memdup(t->a, b.data ? b.data : "", b.len));
    sqlx_buf_free(&b);
    if (!ok)
        return sqlx_sql__tr_fail(t, e->pos, "STR_TO_DATE with this format");
    if (has_time)
        *slot = cast(t, f2(t, "to_timestamp", arg(e, 0), fs), "timestamp", SQLX_TY_TIMESTAMP);
    else
        *slot = f2(t, "to_date", arg(e, 0), fs);
    return 0;
}

/* MySQL DATE_ADD / DATE_SUB / ADDDATE / SUBDATE. */
static int r_date_add(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc)
        return rc;
    bool sub = strcmp(e->name, "date_sub") == 0 || strcmp(e->name, "subdate") == 0;
    struct sqlx_expr *iv = arg(e, 1);
    if (iv->kind != SQLX_EX_INTERVAL) {
        /* ADDDATE(x, n): n days */
        struct sqlx_expr *d = sqlx_ast_expr_new(t->a, SQLX_EX_INTERVAL);
        d->left = iv;
        d->name = "day";
        d->pos = iv->pos;
        iv = d;
    }
    return sqlx_sql__tr_date_add(t, slot, arg(e, 0), iv, sub);
}

static int r_datediff(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc || t->to == SQLX_SQL_MYSQL)
        return rc;
    struct sqlx_expr *a = arg(e, 0), *b = arg(e, 1);
    if (t->to == SQLX_SQL_SQLITE) {
        a = f1(t, "date", a);
        b = f1(t, "date", b);
    }
    *slot = sqlx_sql__tr_days_between(t, a, b);
    return 0;
}

/* TIMESTAMPDIFF(unit, a, b): whole units from a to b. */
static int r_timestampdiff(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    int rc = nargs_fail(t, e, 3, 3);
    if (rc || t->to == SQLX_SQL_MYSQL)
        return rc;
    struct sqlx_expr *u = arg(e, 0), *a = arg(e, 1), *b = arg(e, 2);
    const char *unit = NULL;
    if (u->kind == SQLX_EX_COLUMN)
        unit = u->name;
    else if (lit_text(u, &s, &n))
        unit = sqlx_arena_strndup(t->a, s, n);
    if (!unit)
        return sqlx_sql__tr_fail(t, e->pos, "TIMESTAMPDIFF with this unit");
    long long secs = 0;
    int months = 0;
    if (strcasecmp(unit, "second") == 0)
        secs = 1;
    else if (strcasecmp(unit, "minute") == 0)
        secs = 60;
    else if (strcasecmp(unit, "hour") == 0)
        secs = 3600;
    else if (strcasecmp(unit, "day") == 0)
        secs = 86400;
    else if (strcasecmp(unit, "week") == 0)
        secs = 604800;
    else if (strcasecmp(unit, "month") == 0)
        months = 1;
    else if (strcasecmp(unit, "quarter") == 0)
        months = 3;
    else if (strcasecmp(unit, "year") == 0)
        months = 12;
    else
        return sqlx_sql__tr_fail(t, e->pos, "TIMESTAMPDIFF with this unit");
    struct sqlx_expr *r;
    if (t->to == SQLX_SQL_POSTGRES) {
        a = cast(t, a, "timestamp", SQLX_TY_TIMESTAMP);
        b = cast(t, b, "timestamp", SQLX_TY_TIMESTAMP);
        if (secs) {
            struct sqlx_expr *ep = sqlx_sql__tr_func(t, "extract", e->pos, 2, lit_s(t, "epoch"),
                                                     bin(t, SQLX_OP_SUB, b, a));
            r = f1(t, "trunc", bin(t, SQLX_OP_DIV, ep, lit_i(t, secs)));
        } else {
            struct sqlx_expr *age = f2(t, "age", b, a);
            struct sqlx_expr *y = sqlx_sql__tr_func(t, "extract", e->pos, 2, lit_s(t, "year"), age);
            struct sqlx_expr *m = sqlx_sql__tr_func(t, "extract", e->pos, 2, lit_s(t, "month"), age);
            r = bin(t, SQLX_OP_ADD, bin(t, SQLX_OP_MUL, y, lit_i(t, 12)), m);
            if (months > 1)
                r = f1(t, "trunc", bin(t, SQLX_OP_DIV, r, lit_i(t, months)));
        }
    } else if (secs) {
        struct sqlx_expr *sb = cast(t, f2(t, "strftime", lit_s(t, "%s"), b), "integer", SQLX_TY_INTEGER);
        struct sqlx_expr *sa = cast(t, f2(t, "strftime", lit_s(t, "%s"), a), "integer", SQLX_TY_INTEGER);
        r = bin(t, SQLX_OP_SUB, sb, sa);
        if (secs > 1)
            r = bin(t, SQLX_OP_DIV, r, lit_i(t, secs));
    } else {
#define YM(x) bin(t, SQLX_OP_ADD, bin(t, SQLX_OP_MUL, cast(t, f2(t, "strftime", lit_s(t, "%Y"), x), "integer", SQLX_TY_INTEGER), lit_i(t, 12)), cast(t, f2(t, "strftime", lit_s(t, "%m"), x), "integer", SQLX_TY_INTEGER))
        struct sqlx_expr *diff = bin(t, SQLX_OP_SUB, YM(b), YM(a));
#undef YM
        struct sqlx_expr *rb = f2(t, "strftime", lit_s(t, "%d %H:%M:%S"), b);
        struct sqlx_expr *ra = f2(t, "strftime", lit_s(t, "%d %H:%M:%S"), a);
        struct sqlx_expr *c = sqlx_ast_case(t->a, NULL);
        sqlx_ast_case_when(t->a, c, bin(t, SQLX_OP_AND, bin(t, SQLX_OP_GTE, b, a), bin(t, SQLX_OP_LT, rb, ra)), lit_i(t, 1));
        sqlx_ast_case_when(t->a, c, bin(t, SQLX_OP_AND, bin(t, SQLX_OP_LT, b, a), bin(t, SQLX_OP_GT, rb, ra)), lit_i(t, -1));
        c->right = lit_i(t, 0);
        r = bin(t, SQLX_OP_SUB, diff, c);
        if (months > 1)
            r = bin(t, SQLX_OP_DIV, r, lit_i(t, months));
    }
    r->pos = e->pos;
    *slot = r;
    return 0;
}

/* ---- the table ---- */

struct fn_entry {
    const char *name;
    fn_rule rule;
};

static const struct fn_entry rules[] = {
    { "adddate", r_date_add },        { "ascii", r_ascii },
    { "avg", r_agg_bool },            { "bool_and", r_bool_agg },
    { "bool_or", r_bool_agg },        { "btrim", r_trim },
    { "ceil", r_ceil },               { "ceiling", r_ceil },
    { "char", r_char },               { "char_length", r_length },
    { "character_length", r_length }, { "chr", r_chr },
    { "coalesce", r_coalesce },       { "concat", r_concat },
    { "concat_ws", r_concat_ws },     { "count", r_count },
    { "curdate", r_now },             { "current_date", r_now },
    { "current_time", r_now },        { "current_timestamp", r_now },
    { "curtime", r_now },             { "date", r_date_fn },
    { "date_add", r_date_add },       { "date_format", r_date_format },
    { "date_part", r_extract },       { "date_sub", r_date_add },
    { "date_trunc", r_date_trunc },   { "datediff", r_datediff },
    { "datetime", r_date_fn },        { "day", r_date_part_fn },
    { "dayofmonth", r_date_part_fn }, { "dayofweek", r_date_part_fn },
    { "dayofyear", r_date_part_fn },  { "div", r_div },
    { "every", r_bool_agg },          { "extract", r_extract },
    { "greatest", r_greatest },       { "group_concat", r_string_agg },
    { "hex", r_hex },                 { "hour", r_date_part_fn },
    { "if", r_if },                   { "ifnull", r_coalesce },
    { "iif", r_if },                  { "instr", r_position },
    { "julianday", r_julianday },     { "lag", r_lag_lead },
    { "last_day", r_last_day },       { "lcase", r_upper_lower },
    { "lead", r_lag_lead },           { "least", r_greatest },
    { "left", r_left_right },         { "length", r_length },
    { "localtimestamp", r_now },      { "locate", r_position },
    { "log", r_log },                 { "lpad", r_pad },
    { "ltrim", r_trim },              { "make_date", r_make_date },
    { "max", r_agg_bool },            { "mid", r_substr },
    { "min", r_agg_bool },            { "minute", r_date_part_fn },
    { "mod", r_mod },                 { "month", r_date_part_fn },
    { "now", r_now },                 { "nvl", r_coalesce },
    { "octet_length", r_length },     { "position", r_position },
    { "pow", r_power },               { "power", r_power },
    { "printf", r_printf },           { "quarter", r_date_part_fn },
    { "rand", r_random },             { "random", r_random },
    { "repeat", r_repeat },           { "replace", r_replace },
    { "reverse", r_reverse },         { "right", r_left_right },
    { "round", r_round },             { "rpad", r_pad },
    { "rtrim", r_trim },              { "second", r_date_part_fn },
    { "space", r_space },             { "std", r_variance },
    { "stddev", r_variance },         { "stddev_pop", r_variance },
    { "stddev_samp", r_variance },    { "str_to_date", r_str_to_date },
    { "strcmp", r_strcmp },           { "strftime", r_strftime },
    { "string_agg", r_string_agg },   { "strpos", r_position },
    { "subdate", r_date_add },        { "substr", r_substr },
    { "substring", r_substr },        { "sum", r_agg_bool },
    { "sysdate", r_now },             { "time", r_date_fn },
    { "timestampdiff", r_timestampdiff }, { "to_char", r_to_char },
    { "total", r_total },             { "trim", r_trim },
    { "trunc", r_trunc },             { "truncate", r_trunc },
    { "ucase", r_upper_lower },       { "unicode", r_ascii },
    { "var_pop", r_variance },        { "var_samp", r_variance },
    { "variance", r_variance },       { "weekday", r_date_part_fn },
    { "year", r_date_part_fn },
};

/* Functions that exist in only one family and have no rule: refused elsewhere rather than
 * passed through to fail at run time with a less helpful message. */
static const char *const pg_only[] = { "age", "array_agg", "generate_series", "initcap",
                                       "regexp_replace", "split_part", "to_timestamp",
                                       "to_date", "unnest", "jsonb_build_object", NULL };

static const struct fn_entry *find_rule(const char *name)
{
    size_t lo = 0, hi = sizeof(rules) / sizeof(rules[0]);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(rules[mid].name, name);
        if (c == 0)
            return &rules[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

int sqlx_sql__tr_call(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (!e->name || t->from == t->to)
        return 0;
    if (e->schema)
        return sqlx_sql__tr_fail(t, e->pos, "a schema-qualified function");
    const struct fn_entry *r = find_rule(e->name);
    if (r)
        return r->rule(t, slot);
    if (t->from == SQLX_SQL_POSTGRES && t->to != SQLX_SQL_POSTGRES)
        for (const char *const *p = pg_only; *p; p++)
            if (strcmp(*p, e->name) == 0)
                return sqlx_sql__tr_fail(t, e->pos, sqlx_arena_printf(t->a, "%s()", e->name));
    return 0;
}
