/* The translator's date and time function rules: EXTRACT and MySQL's YEAR() / MONTH() ...,
 * DATE_FORMAT / TO_CHAR / strftime with format conversion, DATE_ADD / DATE_SUB / DATEDIFF /
 * TIMESTAMPDIFF, SQLite's date() / datetime() / time() modifiers and julianday(), date_trunc,
 * LAST_DAY, MAKE_DATE, STR_TO_DATE, and the current date and time. Registered in the function
 * table of translate_funcs.c. */
#include <string.h>
#include <strings.h>

#include "sql/translate_call_int.h"

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

int sqlx_sql__trf_date_format(struct sqlx_tr *t, struct sqlx_expr **slot)
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

int sqlx_sql__trf_to_char(struct sqlx_tr *t, struct sqlx_expr **slot)
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
    } else if (t->to == SQLX_SQL_POSTGRES && t->from == SQLX_SQL_SQLITE &&
               !sqlx_sql__ty_temporal(ty(t, x))) {
        /* SQLite keeps dates as text: give PostgreSQL a timestamp to work on */
        x = cast(t, x, "timestamp", SQLX_TY_TIMESTAMP);
    } else {
        x = pg_ts(t, x);
    }
    bool day_one = false; /* after 'start of month / year': no month overflow possible */
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
            day_one = unit[0] != 'd';
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
        if (!months)
            day_one = false;
        if (months && !day_one) {
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
        /* plain arithmetic: clamping cannot happen from the first of a month */
        enum sqlx_sql_dialect from = t->from;
        t->from = SQLX_SQL_SQLITE;
        int rc = sqlx_sql__tr_date_add(t, &x, x, iv, false);
        t->from = from;
        if (rc)
            return rc;
    }
    *out = x;
    return 0;
}

/* SQLite date(x, ...), datetime(x, ...), time(x, ...); MySQL DATE(x), TIME(x). */
int sqlx_sql__trf_date_fn(struct sqlx_tr *t, struct sqlx_expr **slot)
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

int sqlx_sql__trf_strftime(struct sqlx_tr *t, struct sqlx_expr **slot)
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
int sqlx_sql__trf_julianday(struct sqlx_tr *t, struct sqlx_expr **slot)
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
                                 ty(t, x) == SQLX_TY__TS ? x : cast(t, x, "timestamp", SQLX_TY_TIMESTAMP));
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
            if (strcmp(field, "second") == 0 && t->from == SQLX_SQL_POSTGRES) {
                /* PostgreSQL's seconds include the fraction */
                struct sqlx_expr *us = sqlx_sql__tr_func(t, "extract", pos, 2,
                                                         lit_s(t, "microsecond"), x);
                us->syntax = SQLX_SYN_KEYWORD_ARGS;
                struct sqlx_value mv = sqlx_value_text("1000000.0", 9);
                r = bin(t, SQLX_OP_ADD, r,
                        bin(t, SQLX_OP_DIV, us, sqlx_ast_lit(t->a, SQLX_LIT_DECIMAL, &mv)));
            }
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

int sqlx_sql__trf_extract(struct sqlx_tr *t, struct sqlx_expr **slot)
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
int sqlx_sql__trf_date_part_fn(struct sqlx_tr *t, struct sqlx_expr **slot)
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

int sqlx_sql__trf_date_trunc(struct sqlx_tr *t, struct sqlx_expr **slot)
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

int sqlx_sql__trf_now(struct sqlx_tr *t, struct sqlx_expr **slot)
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

int sqlx_sql__trf_make_date(struct sqlx_tr *t, struct sqlx_expr **slot)
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

int sqlx_sql__trf_last_day(struct sqlx_tr *t, struct sqlx_expr **slot)
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

/* SQLite cannot parse dates: STR_TO_DATE of a constant is computed here. */
static int fold_str_to_date(struct sqlx_tr *t, struct sqlx_expr **slot, const struct dfmt *f)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n, at = 0;
    int part[6] = { 0, 1, 1, 0, 0, 0 }; /* year month day hour minute second */
    bool has_time = false;
    if (!lit_text(arg(e, 0), &s, &n))
        return sqlx_sql__tr_fail(t, e->pos, "STR_TO_DATE of a computed string (SQLite cannot parse dates)");
    for (int i = 0; i < f->n; i++) {
        enum dtok k = f->tok[i];
        if (k == DT_LIT) {
            if (at + f->litn[i] > n || memcmp(s + at, f->lit[i], f->litn[i]) != 0)
                goto bad;
            at += f->litn[i];
            continue;
        }
        int slot_i, maxd = 2;
        switch (k) {
        case DT_YEAR4:
            slot_i = 0;
            maxd = 4;
            break;
        case DT_MONTH2:
        case DT_MONTH1:
            slot_i = 1;
            break;
        case DT_DAY2:
        case DT_DAY1:
            slot_i = 2;
            break;
        case DT_H24:
        case DT_H24_1:
            slot_i = 3;
            has_time = true;
            break;
        case DT_MIN:
            slot_i = 4;
            has_time = true;
            break;
        case DT_SEC:
            slot_i = 5;
            has_time = true;
            break;
        default:
            goto bad;
        }
        int v = 0, d = 0;
        while (at < n && d < maxd && s[at] >= '0' && s[at] <= '9') {
            v = v * 10 + (s[at++] - '0');
            d++;
        }
        if (d == 0)
            goto bad;
        part[slot_i] = v;
    }
    if (at != n || part[1] < 1 || part[1] > 12 || part[2] < 1 || part[2] > 31)
        goto bad;
    const char *text = has_time ? sqlx_arena_printf(t->a, "%04d-%02d-%02d %02d:%02d:%02d", part[0],
                                                    part[1], part[2], part[3], part[4], part[5])
                                : sqlx_arena_printf(t->a, "%04d-%02d-%02d", part[0], part[1], part[2]);
    *slot = f1(t, has_time ? "datetime" : "date", lit_s(t, text));
    return 0;
bad:
    /* MySQL returns NULL for a string that does not match its format */
    *slot = sqlx_ast_lit(t->a, SQLX_LIT_NULL, &(struct sqlx_value){ .type = SQLX_V_NULL });
    return 0;
}

int sqlx_sql__trf_str_to_date(struct sqlx_tr *t, struct sqlx_expr **slot)
{
    struct sqlx_expr *e = *slot;
    const char *s;
    size_t n;
    struct dfmt f;
    int rc = nargs_fail(t, e, 2, 2);
    if (rc || t->to == SQLX_SQL_MYSQL)
        return rc;
    if (!lit_text(arg(e, 1), &s, &n) || !parse_my_fmt(s, n, &f))
        return sqlx_sql__tr_fail(t, e->pos, "STR_TO_DATE with this format");
    if (t->to == SQLX_SQL_SQLITE)
        return fold_str_to_date(t, slot, &f);
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
int sqlx_sql__trf_date_add(struct sqlx_tr *t, struct sqlx_expr **slot)
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

int sqlx_sql__trf_datediff(struct sqlx_tr *t, struct sqlx_expr **slot)
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
int sqlx_sql__trf_timestampdiff(struct sqlx_tr *t, struct sqlx_expr **slot)
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

