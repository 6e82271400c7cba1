/* The translator's function rules: renames (UCASE, MID, POW ...), and the functions whose
 * meaning differs between engines: LENGTH (bytes in MySQL), LOG, VARIANCE / STDDEV (population
 * in MySQL, sample in PostgreSQL, absent in SQLite), CONCAT (NULL-skipping only in PostgreSQL),
 * GREATEST / LEAST and SQLite's max / min (NULL handling), string aggregation, IF / IIF / IFNULL,
 * INSTR / LOCATE / POSITION / STRPOS, SUBSTR with negative starts, LEFT / RIGHT / LPAD / RPAD /
 * REPEAT / REVERSE for SQLite, ROUND and TRUNC; and the table from function name to rule (the
 * date and time rules are in translate_dates.c). */
#include <string.h>
#include <strings.h>

#include "sql/translate_call_int.h"

typedef int (*fn_rule)(struct sqlx_tr *t, struct sqlx_expr **slot);

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

/* REVERSE(s) in SQLite: a recursive CTE in a scalar subquery appends the characters from the
 * last to the first. */
static int r_reverse(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc = nargs_fail(t, e, 1, 1);
    if (rc)
        return rc;
    e->list.items[0] = text_arg(t, arg(e, 0));
    if (t->to != SQLX_SQL_SQLITE)
        return 0;
    struct sqlx_expr *x = arg(e, 0);
    struct sqlx_select *anchor = sqlx_ast_query_new(t->a), *step = sqlx_ast_query_new(t->a);
    sqlx_ast_select_add(t->a, anchor, f1(t, "length", x), NULL);
    sqlx_ast_select_add(t->a, anchor, lit_s(t, ""), NULL);
    struct sqlx_expr *i = sqlx_ast_column(t->a, NULL, "sqlx_i");
    struct sqlx_expr *acc = sqlx_ast_column(t->a, NULL, "sqlx_s");
    sqlx_ast_select_add(t->a, step, bin(t, SQLX_OP_SUB, i, lit_i(t, 1)), NULL);
    sqlx_ast_select_add(t->a, step, bin(t, SQLX_OP_CONCAT, acc, f3(t, "substr", x, i, lit_i(t, 1))), NULL);
    step->from.name = "sqlx_rev";
    step->where = bin(t, SQLX_OP_GT, i, lit_i(t, 0));
    struct sqlx_select *body = sqlx_ast_query_new(t->a);
    body->setop = SQLX_SETOP_UNION;
    body->setop_all = true;
    body->larg = anchor;
    body->rarg = step;
    struct sqlx_cte *cte = sqlx_arena_zalloc(t->a, sizeof(*cte));
    cte->name = "sqlx_rev";
    sqlx_vec_push_arena(&cte->columns, t->a, (void *)"sqlx_i");
    sqlx_vec_push_arena(&cte->columns, t->a, (void *)"sqlx_s");
    cte->query = body;
    struct sqlx_select *q = sqlx_ast_query_new(t->a);
    q->with = sqlx_arena_zalloc(t->a, sizeof(*q->with));
    q->with->recursive = true;
    sqlx_vec_push_arena(&q->with->ctes, t->a, cte);
    sqlx_ast_select_add(t->a, q, sqlx_ast_column(t->a, NULL, "sqlx_s"), NULL);
    q->from.name = "sqlx_rev";
    q->where = bin(t, SQLX_OP_EQ, sqlx_ast_column(t->a, NULL, "sqlx_i"), lit_i(t, 0));
    *slot = sqlx_ast_subquery(t->a, q);
    (*slot)->pos = e->pos;
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
    if (!e->distinct)
        return sqlx_sql__tr_fail(t, e->pos, "COUNT over several expressions");
    if (t->to == SQLX_SQL_SQLITE) {
        /* one value per tuple: quote() keeps the parts apart */
        struct sqlx_expr *all = NULL, *key = NULL;
        for (size_t i = 0; i < e->list.len; i++) {
            struct sqlx_expr *x = e->list.items[i];
            struct sqlx_expr *nn = sqlx_sql__tr_is_null(t, x, true);
            all = all ? bin(t, SQLX_OP_AND, all, nn) : nn;
            struct sqlx_expr *qx = f1(t, "quote", x);
            key = key ? bin(t, SQLX_OP_CONCAT, bin(t, SQLX_OP_CONCAT, key, lit_s(t, ",")), qx) : qx;
        }
        e->list.len = 0;
        sqlx_vec_push_arena(&e->list, t->a, sqlx_sql__tr_case_when(t, all, key, NULL));
        return 0;
    }
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

/* ---- the table ---- */

struct fn_entry {
    const char *name;
    fn_rule rule;
};

static const struct fn_entry rules[] = {
    { "adddate", sqlx_sql__trf_date_add },        { "ascii", r_ascii },
    { "avg", r_agg_bool },            { "bool_and", r_bool_agg },
    { "bool_or", r_bool_agg },        { "btrim", r_trim },
    { "ceil", r_ceil },               { "ceiling", r_ceil },
    { "char", r_char },               { "char_length", r_length },
    { "character_length", r_length }, { "chr", r_chr },
    { "coalesce", r_coalesce },       { "concat", r_concat },
    { "concat_ws", r_concat_ws },     { "count", r_count },
    { "curdate", sqlx_sql__trf_now },             { "current_date", sqlx_sql__trf_now },
    { "current_time", sqlx_sql__trf_now },        { "current_timestamp", sqlx_sql__trf_now },
    { "curtime", sqlx_sql__trf_now },             { "date", sqlx_sql__trf_date_fn },
    { "date_add", sqlx_sql__trf_date_add },       { "date_format", sqlx_sql__trf_date_format },
    { "date_part", sqlx_sql__trf_extract },       { "date_sub", sqlx_sql__trf_date_add },
    { "date_trunc", sqlx_sql__trf_date_trunc },   { "datediff", sqlx_sql__trf_datediff },
    { "datetime", sqlx_sql__trf_date_fn },        { "day", sqlx_sql__trf_date_part_fn },
    { "dayofmonth", sqlx_sql__trf_date_part_fn }, { "dayofweek", sqlx_sql__trf_date_part_fn },
    { "dayofyear", sqlx_sql__trf_date_part_fn },  { "div", r_div },
    { "every", r_bool_agg },          { "extract", sqlx_sql__trf_extract },
    { "greatest", r_greatest },       { "group_concat", r_string_agg },
    { "hex", r_hex },                 { "hour", sqlx_sql__trf_date_part_fn },
    { "if", r_if },                   { "ifnull", r_coalesce },
    { "iif", r_if },                  { "instr", r_position },
    { "julianday", sqlx_sql__trf_julianday },     { "lag", r_lag_lead },
    { "last_day", sqlx_sql__trf_last_day },       { "lcase", r_upper_lower },
    { "lead", r_lag_lead },           { "least", r_greatest },
    { "left", r_left_right },         { "length", r_length },
    { "localtimestamp", sqlx_sql__trf_now },      { "locate", r_position },
    { "log", r_log },                 { "lpad", r_pad },
    { "ltrim", r_trim },              { "make_date", sqlx_sql__trf_make_date },
    { "max", r_agg_bool },            { "mid", r_substr },
    { "min", r_agg_bool },            { "minute", sqlx_sql__trf_date_part_fn },
    { "mod", r_mod },                 { "month", sqlx_sql__trf_date_part_fn },
    { "now", sqlx_sql__trf_now },                 { "nvl", r_coalesce },
    { "octet_length", r_length },     { "position", r_position },
    { "pow", r_power },               { "power", r_power },
    { "printf", r_printf },           { "quarter", sqlx_sql__trf_date_part_fn },
    { "rand", r_random },             { "random", r_random },
    { "repeat", r_repeat },           { "replace", r_replace },
    { "reverse", r_reverse },         { "right", r_left_right },
    { "round", r_round },             { "rpad", r_pad },
    { "rtrim", r_trim },              { "second", sqlx_sql__trf_date_part_fn },
    { "space", r_space },             { "std", r_variance },
    { "stddev", r_variance },         { "stddev_pop", r_variance },
    { "stddev_samp", r_variance },    { "str_to_date", sqlx_sql__trf_str_to_date },
    { "strcmp", r_strcmp },           { "strftime", sqlx_sql__trf_strftime },
    { "string_agg", r_string_agg },   { "strpos", r_position },
    { "subdate", sqlx_sql__trf_date_add },        { "substr", r_substr },
    { "substring", r_substr },        { "sum", r_agg_bool },
    { "sysdate", sqlx_sql__trf_now },             { "time", sqlx_sql__trf_date_fn },
    { "timestampdiff", sqlx_sql__trf_timestampdiff }, { "to_char", sqlx_sql__trf_to_char },
    { "total", r_total },             { "trim", r_trim },
    { "trunc", r_trunc },             { "truncate", r_trunc },
    { "ucase", r_upper_lower },       { "unicode", r_ascii },
    { "var_pop", r_variance },        { "var_samp", r_variance },
    { "variance", r_variance },       { "weekday", sqlx_sql__trf_date_part_fn },
    { "year", sqlx_sql__trf_date_part_fn },
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
