/* The translator's expression rules (everything but function calls, which are in
 * translate_funcs.c): integer vs exact division and DIV, % and MOD, logical and bitwise XOR,
 * LIKE / ILIKE / GLOB case rules and escapes, regular expressions, collations, comparisons with
 * 0 / 1 against PostgreSQL booleans, casts (names, rounding vs truncation, dates in SQLite),
 * date arithmetic with integers and intervals, and ANY / ALL for SQLite. Each rule gets a node
 * whose children are already translated and replaces it in its slot. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "sql/translate_int.h"

/* ---- small helpers ---- */

static enum sqlx_sql__ty ty(struct sqlx_tr *t, const struct sqlx_expr *e)
{
    return sqlx_sql__tr_type_of(t, e);
}

static bool is_lit_text(const struct sqlx_expr *e, const char **s, size_t *n)
{
    if (!sqlx_sql__tr_is_str(e))
        return false;
    *s = e->value.s;
    *n = e->value.n;
    return true;
}

static struct sqlx_expr *str_n(struct sqlx_tr *t, const char *s, size_t n)
{
    struct sqlx_value v = sqlx_value_text(sqlx_arena_memdup(t->a, s, n), n);
    return sqlx_ast_lit(t->a, SQLX_LIT_STRING, &v);
}

static struct sqlx_expr *func1(struct sqlx_tr *t, const char *name, struct sqlx_expr *a)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 1, a);
}

static struct sqlx_expr *func2(struct sqlx_tr *t, const char *name, struct sqlx_expr *a,
                               struct sqlx_expr *b)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 2, a, b);
}

/* ---- division and remainder ---- */

/* l / r. PostgreSQL and SQLite divide two integers with truncation, MySQL always exactly. */
static int tr_div(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    enum sqlx_sql__ty l = ty(t, e->left), r = ty(t, e->right);
    bool exact_known = l == SQLX_TY__DEC || l == SQLX_TY__FLOAT || r == SQLX_TY__DEC ||
                       r == SQLX_TY__FLOAT;
    bool ints = l == SQLX_TY__INT && r == SQLX_TY__INT;
    if (t->to == SQLX_SQL_SQLITE && t->from != SQLX_SQL_SQLITE &&
        ((l == SQLX_TY__DEC && e->left->kind != SQLX_EX_LITERAL) ||
         (r == SQLX_TY__DEC && e->right->kind != SQLX_EX_LITERAL))) {
        /* SQLite stores whole decimals as integers, which would divide with truncation. */
        e->left = sqlx_sql__tr_cast(t, e->left, "real", SQLX_TY_FLOAT);
        return 0;
    }
    if (t->ff->int_division == t->tf->int_division || exact_known)
        return 0;
    if (t->ff->int_division) {
        /* Into MySQL: truncating division only when both sides are known integers. */
        if (ints) {
            e->op = SQLX_OP_INTDIV;
            return 0;
        }
        if (l == SQLX_TY__NULL || r == SQLX_TY__NULL)
            return 0;
        return sqlx_sql__tr_fail(t, e->pos,
                                 "division of operands whose types are unknown (integer division "
                                 "in the source, exact division in the target)");
    }
    /* From MySQL: exact division always. */
    if (t->to == SQLX_SQL_POSTGRES)
        e->left = sqlx_sql__tr_cast(t, e->left, "numeric", SQLX_TY_DECIMAL);
    else
        e->left = sqlx_sql__tr_cast(t, e->left, "real", SQLX_TY_FLOAT);
    return 0;
}

/* MySQL l DIV r: truncating division whatever the operand types. */
static int tr_intdiv(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->to == SQLX_SQL_MYSQL)
        return 0;
    bool ints = ty(t, e->left) == SQLX_TY__INT && ty(t, e->right) == SQLX_TY__INT;
    e->op = SQLX_OP_DIV;
    if (ints)
        return 0;
    if (t->to == SQLX_SQL_POSTGRES)
        *slot = func1(t, "trunc", sqlx_sql__tr_bin(t, SQLX_OP_DIV, sqlx_sql__tr_cast(t, e->left, "numeric", SQLX_TY_DECIMAL), e->right));
    else
        *slot = sqlx_sql__tr_cast(t, e, "integer", SQLX_TY_INTEGER);
    return 0;
}

/* l % r. SQLite converts both operands to integers first; PostgreSQL and MySQL keep the
 * fraction (7.5 % 2 = 1.5). */
static int tr_mod(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    bool ints = ty(t, e->left) == SQLX_TY__INT && ty(t, e->right) == SQLX_TY__INT;
    if (ints || (t->from != SQLX_SQL_SQLITE && t->to != SQLX_SQL_SQLITE))
        return 0;
    if (t->from == SQLX_SQL_SQLITE) {
        if (t->to == SQLX_SQL_POSTGRES) {
            e->left = sqlx_sql__tr_cast(t, func1(t, "trunc", sqlx_sql__tr_cast(t, e->left, "numeric", SQLX_TY_DECIMAL)), "bigint", SQLX_TY_INTEGER);
            e->right = sqlx_sql__tr_cast(t, func1(t, "trunc", sqlx_sql__tr_cast(t, e->right, "numeric", SQLX_TY_DECIMAL)), "bigint", SQLX_TY_INTEGER);
        } else {
            e->left = func2(t, "truncate", e->left, sqlx_sql__tr_int(t, 0));
            e->right = func2(t, "truncate", e->right, sqlx_sql__tr_int(t, 0));
        }
        return 0;
    }
    /* Into SQLite: l - r * CAST(l / r AS INTEGER) keeps the fraction and the dividend's sign. */
    struct sqlx_expr *q = sqlx_sql__tr_cast(t, sqlx_sql__tr_bin(t, SQLX_OP_DIV, sqlx_sql__tr_cast(t, e->left, "real", SQLX_TY_FLOAT), e->right), "integer", SQLX_TY_INTEGER);
    *slot = sqlx_sql__tr_bin(t, SQLX_OP_SUB, e->left, sqlx_sql__tr_bin(t, SQLX_OP_MUL, e->right, q));
    return 0;
}

/* ---- logical and bitwise XOR ---- */

static struct sqlx_expr *as_bool(struct sqlx_tr *t, struct sqlx_expr *e)
{
    if (ty(t, e) == SQLX_TY__BOOL)
        return e;
    return sqlx_sql__tr_bin(t, SQLX_OP_NEQ, e, sqlx_sql__tr_int(t, 0));
}

static int tr_xor(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (e->op == SQLX_OP_XOR && t->to != SQLX_SQL_MYSQL) {
        *slot = sqlx_sql__tr_bin(t, SQLX_OP_NEQ, as_bool(t, e->left), as_bool(t, e->right));
        return 0;
    }
    if (e->op == SQLX_OP_BITXOR && t->to == SQLX_SQL_SQLITE) {
        /* a ^ b == (a | b) - (a & b) */
        *slot = sqlx_sql__tr_bin(t, SQLX_OP_SUB, sqlx_sql__tr_bin(t, SQLX_OP_BITOR, e->left, e->right),
                                 sqlx_sql__tr_bin(t, SQLX_OP_BITAND, e->left, e->right));
    }
    return 0;
}

/* ---- LIKE, GLOB, regular expressions ---- */

static bool has_ascii_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))
            return true;
    return false;
}

static bool has_high(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* Would the pattern match differently with and without case folding? Only if it holds letters
 * (MySQL's collations also fold accents, so any non-ASCII character counts there). */
static bool pattern_cased(struct sqlx_tr *t, const struct sqlx_expr *pat)
{
    const char *s;
    size_t n;
    if (!is_lit_text(pat, &s, &n))
        return true;
    if (has_ascii_letter(s, n))
        return true;
    return (t->to == SQLX_SQL_MYSQL || t->from == SQLX_SQL_MYSQL) && has_high(s, n);
}

/* A LIKE pattern (escape character esc, 0 for none) as a GLOB pattern; false when it cannot be
 * written (a literal ']' ...). */
static bool like_to_glob(struct sqlx_tr *t, const char *s, size_t n, char esc, struct sqlx_expr **out)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (esc && c == esc && i + 1 < n) {
            c = s[++i];
            if (c == '*' || c == '?' || c == '[')
                sqlx_buf_printf(&b, "[%c]", c);
            else
                sqlx_buf_putc(&b, c);
            continue;
        }
        if (c == '%')
            sqlx_buf_putc(&b, '*');
        else if (c == '_')
            sqlx_buf_putc(&b, '?');
        else if (c == '*' || c == '?' || c == '[')
            sqlx_buf_printf(&b, "[%c]", c);
        else
            sqlx_buf_putc(&b, c);
    }
    *out = str_n(t, b.data ? b.data : "", b.len);
    sqlx_buf_free(&b);
    return true;
}

/* A GLOB pattern as a LIKE pattern with escape '\' (no character classes). */
static bool glob_to_like(struct sqlx_tr *t, const char *s, size_t n, struct sqlx_expr **out)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '[') {
            /* [x] with one literal character is the only class written out. */
            if (i + 2 < n && s[i + 2] == ']' && s[i + 1] != '^' && s[i + 1] != ']') {
                c = s[i + 1];
                i += 2;
                if (c == '%' || c == '_' || c == '\\')
                    sqlx_buf_putc(&b, '\\');
                sqlx_buf_putc(&b, c);
                continue;
            }
            sqlx_buf_free(&b);
            return false;
        }
        if (c == '*')
            sqlx_buf_putc(&b, '%');
        else if (c == '?')
            sqlx_buf_putc(&b, '_');
        else {
            if (c == '%' || c == '_' || c == '\\')
                sqlx_buf_putc(&b, '\\');
            sqlx_buf_putc(&b, c);
        }
    }
    *out = str_n(t, b.data ? b.data : "", b.len);
    sqlx_buf_free(&b);
    return true;
}

static char escape_char(struct sqlx_tr *t, const struct sqlx_expr *e)
{
    const char *s;
    size_t n;
    if (e->extra && is_lit_text(e->extra, &s, &n))
        return n ? s[0] : 0;
    if (e->extra)
        return 1; /* computed escape: not handled */
    /* No ESCAPE clause: backslash in PostgreSQL and MySQL, none in SQLite. */
    return t->from == SQLX_SQL_SQLITE ? 0 : '\\';
}

static struct sqlx_expr *collate_bin(struct sqlx_tr *t, struct sqlx_expr *e)
{
    struct sqlx_expr *c = sqlx_ast_expr_new(t->a, SQLX_EX_COLLATE);
    c->left = e;
    c->name = "utf8mb4_bin";
    c->pos = e->pos;
    return c;
}

/* Default escapes differ: PostgreSQL and MySQL treat \ as the LIKE escape when no ESCAPE is
 * written, SQLite has none. */
static void fix_like_escape(struct sqlx_tr *t, struct sqlx_expr *e)
{
    const char *s;
    size_t n;
    if (e->extra || !is_lit_text(e->right, &s, &n) || !memchr(s, '\\', n))
        return;
    if (t->from != SQLX_SQL_SQLITE && t->to == SQLX_SQL_SQLITE) {
        e->extra = sqlx_sql__tr_str(t, "\\");
    } else if (t->from == SQLX_SQL_SQLITE && t->to != SQLX_SQL_SQLITE) {
        /* a literal backslash must be escaped by itself */
        struct sqlx_buf b;
        sqlx_buf_init(&b, 0);
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '\\')
                sqlx_buf_putc(&b, '\\');
            sqlx_buf_putc(&b, s[i]);
        }
        e->right = str_n(t, b.data, b.len);
        sqlx_buf_free(&b);
    }
}

/* A byte-wise collation (MySQL BINARY x / utf8mb4_bin, PostgreSQL "C", SQLite BINARY; the
 * names as tr_collate leaves them). */
static bool bin_collated(const struct sqlx_expr *e)
{
    return e && e->kind == SQLX_EX_COLLATE && e->name &&
           (strcasecmp(e->name, "binary") == 0 || strcasecmp(e->name, "C") == 0 ||
            strcasecmp(e->name, "utf8mb4_bin") == 0);
}

static int tr_like(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    bool ci = e->op == SQLX_OP_ILIKE || t->ff->like_ci;
    const char *s;
    size_t n;
    /* MySQL LIKE BINARY 'p' (or a _bin collation on either side) is case-sensitive. SQLite's LIKE
     * ignores collations, PostgreSQL's ILIKE too. */
    if (t->from == SQLX_SQL_MYSQL && e->op == SQLX_OP_LIKE &&
        (bin_collated(e->left) || bin_collated(e->right))) {
        ci = false;
        if (t->tf->like_ci && t->to != SQLX_SQL_MYSQL && bin_collated(e->right))
            e->right = e->right->left; /* the target rewrites the pattern (GLOB) */
    }
    fix_like_escape(t, e);
    if (ci) {
        /* case-insensitive in the source */
        if (t->tf->like_ci || !pattern_cased(t, e->right))
            e->op = SQLX_OP_LIKE;
        else
            e->op = SQLX_OP_ILIKE;
        return 0;
    }
    if (!t->tf->like_ci || !pattern_cased(t, e->right))
        return 0;
    /* case-sensitive in the source, case-insensitive LIKE in the target */
    if (t->to == SQLX_SQL_MYSQL) {
        e->right = collate_bin(t, e->right);
        return 0;
    }
    char esc = escape_char(t, e);
    if (esc == 1 || !is_lit_text(e->right, &s, &n))
        return sqlx_sql__tr_fail(t, e->pos, "case-sensitive LIKE with a computed pattern");
    struct sqlx_expr *glob;
    like_to_glob(t, s, n, esc, &glob);
    e->op = SQLX_OP_GLOB;
    e->right = glob;
    e->extra = NULL;
    return 0;
}

static int tr_glob(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    struct sqlx_expr *like;
    if (t->to == SQLX_SQL_SQLITE)
        return 0;
    if (!is_lit_text(e->right, &s, &n) || !glob_to_like(t, s, n, &like))
        return sqlx_sql__tr_fail(t, e->pos, "GLOB with this pattern");
    e->op = SQLX_OP_LIKE;
    e->right = t->to == SQLX_SQL_MYSQL ? collate_bin(t, like) : like;
    return 0;
}

static int tr_regexp(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    if (t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, e->pos, "regular expression matching (SQLite has no REGEXP function)");
    if (e->op == SQLX_OP_REGEXP && t->from == SQLX_SQL_MYSQL && t->to == SQLX_SQL_POSTGRES) {
        /* MySQL matches with the column's collation: case-insensitive by default. */
        e->op = SQLX_OP_IREGEXP;
        return 0;
    }
    if (t->to != SQLX_SQL_MYSQL)
        return 0;
    if (e->op == SQLX_OP_IREGEXP) {
        e->op = SQLX_OP_REGEXP;
        return 0;
    }
    if (!is_lit_text(e->right, &s, &n))
        return sqlx_sql__tr_fail(t, e->pos, "case-sensitive matching of a computed regular expression");
    if (has_ascii_letter(s, n) || has_high(s, n)) {
        char *p = sqlx_arena_printf(t->a, "(?-i)%.*s", (int)n, s);
        e->right = sqlx_sql__tr_str(t, p);
    }
    return 0;
}

/* ---- comparisons ---- */

/* MySQL and SQLite compare booleans with 0 and 1; PostgreSQL's boolean = integer does not
 * exist, but a quoted '0' / '1' reads as whatever type the other side has (boolean or number). */
static void tr_bool_compare(struct sqlx_tr *t, struct sqlx_expr *e)
{
    long long v;
    if (t->to != SQLX_SQL_POSTGRES || t->from == SQLX_SQL_POSTGRES)
        return;
    if (e->op != SQLX_OP_EQ && e->op != SQLX_OP_NEQ)
        return;
    struct sqlx_expr **lit = NULL;
    if (e->left->kind == SQLX_EX_COLUMN && sqlx_sql__tr_is_int_lit(e->right, &v))
        lit = &e->right;
    else if (e->right->kind == SQLX_EX_COLUMN && sqlx_sql__tr_is_int_lit(e->left, &v))
        lit = &e->left;
    if (lit && (v == 0 || v == 1))
        *lit = sqlx_sql__tr_str(t, v ? "1" : "0");
}

/* ---- date arithmetic ---- */

/* One part of an interval: n units (n an expression), unit a MySQL unit name. */
struct ivpart {
    struct sqlx_expr *n;
    const char *unit; /* "microsecond" "second" "minute" "hour" "day" "week" "month" "quarter"
                       * "year" */
};

#define MAX_PARTS 8

static const char *unit_name(const char *w, size_t n)
{
    static const struct {
        const char *word;
        const char *unit;
    } units[] = {
        { "microsecond", "microsecond" }, { "microseconds", "microsecond" },
        { "us", "microsecond" },          { "second", "second" },
        { "seconds", "second" },          { "sec", "second" },
        { "secs", "second" },             { "s", "second" },
        { "minute", "minute" },           { "minutes", "minute" },
        { "min", "minute" },              { "mins", "minute" },
        { "m", "minute" },                { "hour", "hour" },
        { "hours", "hour" },              { "h", "hour" },
        { "day", "day" },                 { "days", "day" },
        { "d", "day" },                   { "week", "week" },
        { "weeks", "week" },              { "w", "week" },
        { "month", "month" },             { "months", "month" },
        { "mon", "month" },               { "mons", "month" },
        { "year", "year" },               { "years", "year" },
        { "y", "year" },                  { "quarter", "quarter" },
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strlen(units[i].word) == n && strncasecmp(units[i].word, w, n) == 0)
            return units[i].unit;
    return NULL;
}

/* Parses a PostgreSQL interval string ("1 year 2 months", "-3 days", "2 hours"). */
static bool parse_pg_interval(struct sqlx_tr *t, const char *s, size_t n, const char *field,
                              struct ivpart *parts, int *count)
{
    size_t i = 0;
    *count = 0;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t st = i;
        if (s[i] == '-' || s[i] == '+')
            i++;
        size_t digits = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == digits || *count >= MAX_PARTS)
            return false;
        long long v = 0;
        for (size_t k = digits; k < i; k++)
            v = v * 10 + (s[k] - '0');
        if (s[st] == '-')
            v = -v;
        while (i < n && s[i] == ' ')
            i++;
        size_t w = i;
        while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
            i++;
        const char *unit = i > w ? unit_name(s + w, i - w) : (field ? unit_name(field, strlen(field)) : NULL);
        if (!unit)
            return false;
        parts[*count].n = sqlx_sql__tr_int(t, v);
        parts[*count].unit = unit;
        (*count)++;
    }
    return *count > 0;
}

/* The parts of an INTERVAL node (either spelling). */
static int interval_parts(struct sqlx_tr *t, const struct sqlx_expr *iv, struct ivpart *parts,
                          int *count)
{
    const char *s;
    size_t n;
    if (iv->name && !strchr(iv->name, '_') && !strstr(iv->name, " to ") &&
        !is_lit_text(iv->left, &s, &n)) {
        parts[0].n = iv->left;
        parts[0].unit = unit_name(iv->name, strlen(iv->name));
        *count = 1;
        if (!parts[0].unit)
            return sqlx_sql__tr_fail(t, iv->pos, "this INTERVAL unit");
        return 0;
    }
    if (is_lit_text(iv->left, &s, &n)) {
        /* MySQL INTERVAL '5' DAY, or PostgreSQL INTERVAL '1 day' */
        if (iv->name && !strchr(iv->name, '_') && !strstr(iv->name, " to ")) {
            bool num = n > 0;
            for (size_t i = 0; i < n; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (i == 0 && s[i] == '-')))
                    num = false;
            if (num && parse_pg_interval(t, s, n, iv->name, parts, count))
                return 0;
        }
        if (!iv->name && parse_pg_interval(t, s, n, NULL, parts, count))
            return 0;
    }
    return sqlx_sql__tr_fail(t, iv->pos, "this INTERVAL value");
}

static struct sqlx_expr *neg(struct sqlx_tr *t, struct sqlx_expr *e)
{
    long long v;
    if (sqlx_sql__tr_is_int_lit(e, &v))
        return sqlx_sql__tr_int(t, -v);
    struct sqlx_expr *u = sqlx_ast_unary(t->a, SQLX_OP_NEG, e);
    u->pos = e->pos;
    return u;
}

/* An interval node in the target's spelling for one part. */
static struct sqlx_expr *interval_node(struct sqlx_tr *t, struct sqlx_expr *n, const char *unit)
{
    struct sqlx_expr *iv = sqlx_ast_expr_new(t->a, SQLX_EX_INTERVAL);
    long long v;
    iv->pos = n->pos;
    if (t->to == SQLX_SQL_POSTGRES && sqlx_sql__tr_is_int_lit(n, &v)) {
        iv->left = sqlx_sql__tr_str(t, sqlx_arena_printf(t->a, "%lld %s", v, unit));
        return iv;
    }
    iv->left = n;
    iv->name = unit;
    return iv;
}

/* SQLite modifier text for n units: '+30 days', or a computed string. */
static struct sqlx_expr *lite_modifier(struct sqlx_tr *t, struct sqlx_expr *n, const char *unit)
{
    long long v;
    const char *u = unit;
    long long mul = 1;
    if (strcmp(unit, "week") == 0) {
        u = "day";
        mul = 7;
    } else if (strcmp(unit, "quarter") == 0) {
        u = "month";
        mul = 3;
    } else if (strcmp(unit, "microsecond") == 0) {
        return NULL;
    }
    if (sqlx_sql__tr_is_int_lit(n, &v))
        return sqlx_sql__tr_str(t, sqlx_arena_printf(t->a, "%+lld %ss", v * mul, u));
    struct sqlx_expr *num = mul == 1 ? n : sqlx_sql__tr_bin(t, SQLX_OP_MUL, n, sqlx_sql__tr_int(t, mul));
    return sqlx_sql__tr_bin(t, SQLX_OP_CONCAT, sqlx_sql__tr_cast(t, num, "text", SQLX_TY_STRING),
                            sqlx_sql__tr_str(t, sqlx_arena_printf(t->a, " %ss", u)));
}

static bool month_unit(const char *u)
{
    return strcmp(u, "month") == 0 || strcmp(u, "year") == 0 || strcmp(u, "quarter") == 0;
}

/* SQLite: base + n months clamped to the month's last day, as PostgreSQL and MySQL do
 * (SQLite itself rolls 2016-02-29 + 1 year over to 2017-03-01). */
static struct sqlx_expr *lite_add_months(struct sqlx_tr *t, const char *fn, struct sqlx_expr *base,
                                         struct sqlx_expr *mod)
{
    struct sqlx_expr *x = func2(t, fn, base, mod);
    struct sqlx_expr *same = sqlx_sql__tr_bin(t, SQLX_OP_EQ,
                                              func2(t, "strftime", sqlx_sql__tr_str(t, "%d"), x),
                                              func2(t, "strftime", sqlx_sql__tr_str(t, "%d"), base));
    struct sqlx_expr *last = sqlx_sql__tr_func(t, fn, base->pos, 3, x,
                                               sqlx_sql__tr_str(t, "start of month"),
                                               sqlx_sql__tr_str(t, "-1 day"));
    if (strcmp(fn, "datetime") == 0)
        sqlx_vec_push_arena(&last->list, t->a,
                            sqlx_sql__tr_bin(t, SQLX_OP_CONCAT, sqlx_sql__tr_str(t, "+"),
                                             func1(t, "time", base)));
    return sqlx_sql__tr_case_when(t, same, x, last);
}

/* base + parts (negated when sub), for the target. date_only: the result is a date (PostgreSQL
 * date + integer) rather than a timestamp. month_clamp: month arithmetic clamps to the month's
 * end (PostgreSQL, MySQL) instead of rolling over (SQLite). */
static int date_add(struct sqlx_tr *t, struct sqlx_expr **slot, struct sqlx_expr *base,
                    struct ivpart *parts, int count, bool sub, bool date_only)
{
    struct sqlx_expr *acc = base;
    int pos = base->pos;
    /* '1 year 2 months': one month step (clamped once, as PostgreSQL and MySQL do) */
    long long months = 0, v;
    int nmon = 0;
    for (int i = 0; i < count; i++)
        if (month_unit(parts[i].unit) && sqlx_sql__tr_is_int_lit(parts[i].n, &v)) {
            months += v * (strcmp(parts[i].unit, "year") == 0 ? 12
                           : strcmp(parts[i].unit, "quarter") == 0 ? 3 : 1);
            nmon++;
        }
    if (nmon > 1) {
        int k = 0;
        parts[k].n = sqlx_sql__tr_int(t, months);
        parts[k++].unit = "month";
        for (int i = 0; i < count; i++)
            if (!(month_unit(parts[i].unit) && sqlx_sql__tr_is_int_lit(parts[i].n, &v)) || i == 0) {
                if (i == 0 && month_unit(parts[i].unit))
                    continue;
                parts[k++] = parts[i];
            }
        count = k;
    }
    if (sqlx_sql__tr_is_str(base) && t->to != SQLX_SQL_SQLITE)
        acc = sqlx_sql__tr_cast(t, base, date_only ? "date" : "timestamp",
                                date_only ? SQLX_TY_DATE : SQLX_TY_TIMESTAMP);
    if (t->to == SQLX_SQL_SQLITE) {
        const char *fn = date_only ? "date" : "datetime";
        bool clamp = t->from != SQLX_SQL_SQLITE;
        for (int i = 0; i < count; i++) {
            struct sqlx_expr *n = sub ? neg(t, parts[i].n) : parts[i].n;
            struct sqlx_expr *mod = lite_modifier(t, n, parts[i].unit);
            if (!mod)
                return sqlx_sql__tr_fail(t, pos, "microsecond date arithmetic");
            if (clamp && month_unit(parts[i].unit))
                acc = lite_add_months(t, fn, acc, mod);
            else
                acc = func2(t, fn, acc, mod);
        }
        *slot = acc;
        return 0;
    }
    for (int i = 0; i < count; i++) {
        bool days = strcmp(parts[i].unit, "day") == 0 || strcmp(parts[i].unit, "week") == 0;
        if (t->to == SQLX_SQL_POSTGRES && date_only && days) {
            /* date + integer stays a date */
            struct sqlx_expr *n = parts[i].n;
            if (strcmp(parts[i].unit, "week") == 0)
                n = sqlx_sql__tr_bin(t, SQLX_OP_MUL, n, sqlx_sql__tr_int(t, 7));
            acc = sqlx_sql__tr_bin(t, sub ? SQLX_OP_SUB : SQLX_OP_ADD, acc, n);
            continue;
        }
        struct sqlx_expr *iv = interval_node(t, parts[i].n, parts[i].unit);
        acc = sqlx_sql__tr_bin(t, sub ? SQLX_OP_SUB : SQLX_OP_ADD, acc, iv);
    }
    if (date_only && t->to == SQLX_SQL_POSTGRES && sqlx_sql__tr_type_of(t, acc) != SQLX_TY__DATE)
        acc = sqlx_sql__tr_cast(t, acc, "date", SQLX_TY_DATE);
    *slot = acc;
    return 0;
}

/* date - date in days. */
static struct sqlx_expr *days_between(struct sqlx_tr *t, struct sqlx_expr *a, struct sqlx_expr *b)
{
    if (t->to == SQLX_SQL_MYSQL)
        return func2(t, "datediff", a, b);
    if (t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_cast(t, sqlx_sql__tr_bin(t, SQLX_OP_SUB, func1(t, "julianday", a),
                                                     func1(t, "julianday", b)),
                                 "integer", SQLX_TY_INTEGER);
    return sqlx_sql__tr_bin(t, SQLX_OP_SUB, sqlx_sql__tr_cast(t, a, "date", SQLX_TY_DATE),
                            sqlx_sql__tr_cast(t, b, "date", SQLX_TY_DATE));
}

/* +/- where one side is a date, a timestamp or an interval. Returns 1 when not date
 * arithmetic. */
static int tr_date_arith(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    enum sqlx_sql__ty l = ty(t, e->left), r = ty(t, e->right);
    struct ivpart parts[MAX_PARTS];
    int count = 0, rc;
    bool sub = e->op == SQLX_OP_SUB;
    if (r == SQLX_TY__INTERVAL || (l == SQLX_TY__INTERVAL && !sub)) {
        struct sqlx_expr *base = r == SQLX_TY__INTERVAL ? e->left : e->right;
        struct sqlx_expr *iv = r == SQLX_TY__INTERVAL ? e->right : e->left;
        if (iv->kind != SQLX_EX_INTERVAL) {
            if (t->to == SQLX_SQL_POSTGRES)
                return 0;
            return sqlx_sql__tr_fail(t, e->pos, "arithmetic with a computed interval");
        }
        if (t->to == SQLX_SQL_POSTGRES && t->from == SQLX_SQL_POSTGRES)
            return 0;
        if ((rc = interval_parts(t, iv, parts, &count)))
            return rc;
        return date_add(t, slot, base, parts, count, sub, false);
    }
    if (t->from != SQLX_SQL_POSTGRES || t->to == SQLX_SQL_POSTGRES)
        return 1;
    /* PostgreSQL date +/- integer days, date - date. */
    if (l == SQLX_TY__DATE && (r == SQLX_TY__INT || (r == SQLX_TY__UNKNOWN && !sub))) {
        parts[0].n = e->right;
        parts[0].unit = "day";
        return date_add(t, slot, e->left, parts, 1, sub, true);
    }
    if (!sub && r == SQLX_TY__DATE && l == SQLX_TY__INT) {
        parts[0].n = e->left;
        parts[0].unit = "day";
        return date_add(t, slot, e->right, parts, 1, false, true);
    }
    if (sub && (l == SQLX_TY__DATE || l == SQLX_TY__TS) && (r == SQLX_TY__DATE || r == SQLX_TY__TS)) {
        if (l == SQLX_TY__TS || r == SQLX_TY__TS)
            return sqlx_sql__tr_fail(t, e->pos, "timestamp subtraction (an interval)");
        *slot = days_between(t, e->left, e->right);
        return 0;
    }
    if (l == SQLX_TY__TS && (r == SQLX_TY__INT || r == SQLX_TY__UNKNOWN) && t->from == SQLX_SQL_POSTGRES)
        return 1;
    return 1;
}

/* ---- casts ---- */

static int tr_cast(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    struct sqlx_type_name *tn = e->type;
    enum sqlx_sql__ty src = ty(t, e->left);
    int rc;
    if (t->from == t->to || !tn)
        return 0;
    enum sqlx_type_kind kind = tn->kind;
    if (kind == SQLX_TY_BOOL && t->to != SQLX_SQL_POSTGRES) {
        *slot = src == SQLX_TY__BOOL ? e->left : as_bool(t, e->left);
        return 0;
    }
    if (t->to == SQLX_SQL_SQLITE) {
        switch (kind) {
        case SQLX_TY_DATE:
            *slot = func1(t, "date", e->left);
            return 0;
        case SQLX_TY_TIMESTAMP:
            *slot = func1(t, "datetime", e->left);
            return 0;
        case SQLX_TY_TIME:
            *slot = func1(t, "time", e->left);
            return 0;
        case SQLX_TY_DECIMAL:
            if (tn->args.len == 2) {
                *slot = func2(t, "round", e->left, tn->args.items[1]);
                return 0;
            }
            if (tn->args.len == 1 || t->from == SQLX_SQL_MYSQL) {
                *slot = func1(t, "round", e->left);
                return 0;
            }
            break;
        case SQLX_TY_INTEGER:
            /* PostgreSQL and MySQL round to the nearest integer, SQLite truncates. */
            if (src != SQLX_TY__INT && src != SQLX_TY__TEXT && src != SQLX_TY__BOOL)
                e->left = func1(t, "round", e->left);
            break;
        default:
            break;
        }
    } else if (t->from == SQLX_SQL_SQLITE && kind == SQLX_TY_INTEGER && src != SQLX_TY__INT &&
               src != SQLX_TY__TEXT && src != SQLX_TY__BOOL) {
        /* SQLite truncates towards zero where the others round. */
        if (t->to == SQLX_SQL_POSTGRES)
            e->left = func1(t, "trunc", sqlx_sql__tr_cast(t, e->left, "numeric", SQLX_TY_DECIMAL));
        else
            e->left = func2(t, "truncate", e->left, sqlx_sql__tr_int(t, 0));
    }
    if (t->to == SQLX_SQL_POSTGRES && kind == SQLX_TY_INTEGER && src == SQLX_TY__BOOL &&
        t->from != SQLX_SQL_POSTGRES)
        return 0;
    if ((rc = sqlx_sql__tr_type_name(t, &e->type, true)))
        return rc;
    e->syntax = SQLX_SYN_DEFAULT;
    return 0;
}

/* ---- ANY / ALL in SQLite ---- */

/* x op ANY (q) -> EXISTS (SELECT 1 FROM (q) AS sqlx_any WHERE x op sqlx_any.sqlx_v);
 * x op ALL (q) -> NOT EXISTS (... WHERE (x op sqlx_any.sqlx_v) IS NOT TRUE). Equal to the
 * original wherever it is a condition (WHERE, HAVING, ON, CASE WHEN). */
static int tr_quantified(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->to != SQLX_SQL_SQLITE)
        return 0;
    struct sqlx_select *q = e->subquery, *first = q;
    while (first && first->setop != SQLX_SETOP_NONE)
        first = first->larg;
    if (!q || !first || first->items.len != 1 || first->values.len > 0)
        return sqlx_sql__tr_fail(t, e->pos, "ANY / ALL over this subquery");
    struct sqlx_select_item *it = first->items.items[0];
    it->alias = "sqlx_v";
    struct sqlx_select *w = sqlx_ast_query_new(t->a);
    w->pos = e->pos;
    sqlx_ast_select_add(t->a, w, sqlx_sql__tr_int(t, 1), NULL);
    w->from.kind = SQLX_TREF_SUBQUERY;
    w->from.subquery = q;
    w->from.alias = "sqlx_any";
    struct sqlx_expr *cmp = sqlx_sql__tr_bin(t, e->op, e->left, sqlx_ast_column(t->a, "sqlx_any", "sqlx_v"));
    if (e->all) {
        struct sqlx_expr *nt = sqlx_ast_expr_new(t->a, SQLX_EX_IS_TRUTH);
        nt->left = cmp;
        nt->value = sqlx_value_bool(true);
        nt->negated = true;
        cmp = nt;
    }
    w->where = cmp;
    *slot = sqlx_ast_exists(t->a, w, e->all);
    (*slot)->pos = e->pos;
    return 0;
}

/* ---- collations ---- */

static int tr_collate(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->from == t->to)
        return 0;
    if (strcasecmp(e->name, "nocase") == 0) {
        /* SQLite NOCASE folds ASCII letters only: lower() of both sides orders and compares
         * the same way for ASCII text. */
        *slot = func1(t, "lower", e->left);
        return 0;
    }
    if (strcasecmp(e->name, "binary") == 0 || strcasecmp(e->name, "C") == 0 ||
        strcasecmp(e->name, "utf8mb4_bin") == 0) {
        if (t->to == SQLX_SQL_SQLITE)
            e->name = "BINARY";
        else if (t->to == SQLX_SQL_POSTGRES)
            e->name = "C";
        else
            e->name = "utf8mb4_bin";
        return 0;
    }
    return sqlx_sql__tr_fail(t, e->pos, "this collation");
}

/* ---- literals ---- */

static int tr_literal(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (e->lit == SQLX_LIT_BITS && t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, e->pos, "a bit-string literal");
    if (e->lit == SQLX_LIT_TYPED && e->type && t->to != SQLX_SQL_POSTGRES) {
        enum sqlx_type_kind k = e->type->kind;
        if (k != SQLX_TY_DATE && k != SQLX_TY_TIME && k != SQLX_TY_TIMESTAMP) {
            struct sqlx_expr *s = str_n(t, e->value.s, e->value.n);
            s->pos = e->pos;
            struct sqlx_expr *c = sqlx_ast_cast(t->a, s, e->type);
            c->pos = e->pos;
            *slot = c;
            return tr_cast(t, slot);
        }
        if (e->type->with_tz)
            return sqlx_sql__tr_fail(t, e->pos, "a literal with a time zone");
    }
    return 0;
}

/* MySQL 0x41 is a number in arithmetic (and a string elsewhere). */
static void hex_number(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->from != SQLX_SQL_MYSQL || e->kind != SQLX_EX_LITERAL || e->syntax != SQLX_SYN_HEX_NUMBER ||
        e->value.type != SQLX_V_BLOB || e->value.n > 7)
        return;
    long long v = 0;
    for (size_t i = 0; i < e->value.n; i++)
        v = v * 256 + (unsigned char)e->value.s[i];
    *slot = sqlx_sql__tr_int(t, v);
}

static int tr_binary(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    int rc;
    if (e->op == SQLX_OP_ADD || e->op == SQLX_OP_SUB || e->op == SQLX_OP_MUL ||
        e->op == SQLX_OP_DIV || e->op == SQLX_OP_MOD || e->op == SQLX_OP_INTDIV ||
        e->op == SQLX_OP_BITAND || e->op == SQLX_OP_BITOR || e->op == SQLX_OP_SHL ||
        e->op == SQLX_OP_SHR) {
        hex_number(t, &e->left);
        hex_number(t, &e->right);
    }
    switch (e->op) {
    case SQLX_OP_ADD:
    case SQLX_OP_SUB:
        rc = tr_date_arith(t, slot);
        return rc == 1 ? 0 : rc;
    case SQLX_OP_DIV:
        return tr_div(t, slot);
    case SQLX_OP_INTDIV:
        return tr_intdiv(t, slot);
    case SQLX_OP_MOD:
        return tr_mod(t, slot);
    case SQLX_OP_XOR:
    case SQLX_OP_BITXOR:
        return tr_xor(t, slot);
    case SQLX_OP_LIKE:
    case SQLX_OP_ILIKE:
        return tr_like(t, slot);
    case SQLX_OP_GLOB:
        return tr_glob(t, slot);
    case SQLX_OP_REGEXP:
    case SQLX_OP_IREGEXP:
        return tr_regexp(t, slot);
    case SQLX_OP_SIMILAR:
        if (t->to != SQLX_SQL_POSTGRES)
            return sqlx_sql__tr_fail(t, e->pos, "SIMILAR TO");
        return 0;
    case SQLX_OP_EQ:
    case SQLX_OP_NEQ:
        tr_bool_compare(t, e);
        return 0;
    case SQLX_OP_CONCAT:
        if (t->to == SQLX_SQL_POSTGRES && t->from != SQLX_SQL_POSTGRES &&
            sqlx_sql__ty_numeric(ty(t, e->left)) && sqlx_sql__ty_numeric(ty(t, e->right)))
            e->left = sqlx_sql__tr_cast(t, e->left, "text", SQLX_TY_STRING);
        return 0;
    default:
        return 0;
    }
}

int sqlx_sql__tr_expr(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    if (t->from == t->to)
        return 0;
    switch (e->kind) {
    case SQLX_EX_FUNC:
        return sqlx_sql__tr_call(t, slot);
    case SQLX_EX_BINARY:
        return tr_binary(t, slot);
    case SQLX_EX_CAST:
        return tr_cast(t, slot);
    case SQLX_EX_QUANTIFIED:
        return tr_quantified(t, slot);
    case SQLX_EX_COLLATE:
        return tr_collate(t, slot);
    case SQLX_EX_LITERAL:
        return tr_literal(t, slot);
    case SQLX_EX_INTERVAL:
        if (t->to == SQLX_SQL_SQLITE)
            return 0; /* only inside date arithmetic, which its parent rewrites */
        return 0;
    case SQLX_EX_PLACEHOLDER:
        return 0;
    default:
        return 0;
    }
}

int sqlx_sql__tr_date_add(struct sqlx_tr *t, struct sqlx_expr **slot, struct sqlx_expr *base,
                          struct sqlx_expr *interval, bool sub)
{
    struct ivpart parts[MAX_PARTS];
    int count = 0, rc;
    if (interval->kind != SQLX_EX_INTERVAL)
        return sqlx_sql__tr_fail(t, interval->pos, "a computed interval");
    if ((rc = interval_parts(t, interval, parts, &count)))
        return rc;
    bool date_only = false;
    if (t->to != SQLX_SQL_MYSQL && ty(t, base) == SQLX_TY__DATE) {
        date_only = true;
        for (int i = 0; i < count; i++)
            if (strcmp(parts[i].unit, "day") && strcmp(parts[i].unit, "week") &&
                !month_unit(parts[i].unit))
                date_only = false;
    }
    return date_add(t, slot, base, parts, count, sub, date_only);
}

struct sqlx_expr *sqlx_sql__tr_days_between(struct sqlx_tr *t, struct sqlx_expr *a,
                                            struct sqlx_expr *b)
{
    return days_between(t, a, b);
}
