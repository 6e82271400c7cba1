/* The universal type lattice: assignability, join, meet, widening/narrowing, formatting, and the
 * mapping of declared column types through a pack's type table. Pure functions over values; the
 * only memory touched is the caller's output buffer. Must not know any engine by name.
 *
 * Numeric family: Bool < Integer < Decimal < Float, with the parameters deciding (see README.md). */
#include "schema/types.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "wire/pack.h"

/* Significant decimal digits a float holds exactly (FLT_DIG, DBL_DIG): an integer or decimal with
 * at most that many digits survives a round trip through the float. */
#define FLOAT32_DIGITS 6
#define FLOAT64_DIGITS 15

/* Fractional-second digits assumed when a TIME or TIMESTAMP precision is unspecified (0): the
 * largest any supported engine stores, so a change to an explicit smaller precision is narrowing. */
#define TIME_DEFAULT_PRECISION 6

static const char *const kind_names[] = {
    [SQLX_T_NONE] = "none",
    [SQLX_T_INTEGER] = "integer",
    [SQLX_T_DECIMAL] = "decimal",
    [SQLX_T_FLOAT] = "float",
    [SQLX_T_BOOL] = "bool",
    [SQLX_T_STRING] = "string",
    [SQLX_T_BYTES] = "bytes",
    [SQLX_T_DATE] = "date",
    [SQLX_T_TIME] = "time",
    [SQLX_T_TIMESTAMP] = "timestamp",
    [SQLX_T_INTERVAL] = "interval",
    [SQLX_T_JSON] = "json",
    [SQLX_T_UUID] = "uuid",
    [SQLX_T_ENUM] = "enum",
    [SQLX_T_UNKNOWN] = "unknown",
};

/* Other spellings accepted by sqlx_tkind_parse, so pack authors may write the common SQL names. */
static const struct {
    const char *name;
    enum sqlx_tkind kind;
} kind_aliases[] = {
    { "boolean", SQLX_T_BOOL },     { "int", SQLX_T_INTEGER },    { "numeric", SQLX_T_DECIMAL },
    { "real", SQLX_T_FLOAT },       { "double", SQLX_T_FLOAT },   { "text", SQLX_T_STRING },
    { "blob", SQLX_T_BYTES },       { "binary", SQLX_T_BYTES },   { "datetime", SQLX_T_TIMESTAMP },
    { "any", SQLX_T_UNKNOWN },
};

const char *sqlx_tkind_name(enum sqlx_tkind k)
{
    if ((unsigned)k > SQLX_T_UNKNOWN)
        return "unknown";
    return kind_names[k];
}

int sqlx_tkind_parse(const char *name)
{
    if (!name)
        return -1;
    for (int k = SQLX_T_NONE; k <= SQLX_T_UNKNOWN; k++)
        if (strcasecmp(name, kind_names[k]) == 0)
            return k;
    for (size_t i = 0; i < sizeof kind_aliases / sizeof kind_aliases[0]; i++)
        if (strcasecmp(name, kind_aliases[i].name) == 0)
            return (int)kind_aliases[i].kind;
    return -1;
}

struct sqlx_type sqlx_type_make(enum sqlx_tkind k)
{
    struct sqlx_type t = { .kind = k };
    if (k == SQLX_T_INTEGER || k == SQLX_T_FLOAT)
        t.bits = 64;
    return t;
}

/* ---- parameter helpers ------------------------------------------------------------------- */

static int int_bits(const struct sqlx_type *t)
{
    return (t->bits == 8 || t->bits == 16 || t->bits == 32) ? t->bits : 64;
}

static int float_bits(const struct sqlx_type *t)
{
    return t->bits == 32 ? 32 : 64;
}

/* Decimal digits of the largest magnitude an integer type holds (127 -> 3, 2^64-1 -> 20). */
static int int_digits(int bits, bool is_unsigned)
{
    switch (bits) {
    case 8:
        return 3;
    case 16:
        return 5;
    case 32:
        return 10;
    default:
        return is_unsigned ? 20 : 19;
    }
}

static int float_digits(const struct sqlx_type *t)
{
    return float_bits(t) == 32 ? FLOAT32_DIGITS : FLOAT64_DIGITS;
}

static int time_precision(const struct sqlx_type *t)
{
    return t->precision > 0 ? t->precision : TIME_DEFAULT_PRECISION;
}

static bool is_numeric(enum sqlx_tkind k)
{
    return k == SQLX_T_BOOL || k == SQLX_T_INTEGER || k == SQLX_T_DECIMAL || k == SQLX_T_FLOAT;
}

/* Position in the chain Bool < Integer < Decimal < Float. */
static int numeric_rank(enum sqlx_tkind k)
{
    switch (k) {
    case SQLX_T_BOOL:
        return 0;
    case SQLX_T_INTEGER:
        return 1;
    case SQLX_T_DECIMAL:
        return 2;
    default:
        return 3;
    }
}

static struct sqlx_type make_int(int bits, bool is_unsigned)
{
    struct sqlx_type t = { .kind = SQLX_T_INTEGER, .bits = bits, .is_unsigned = is_unsigned };
    return t;
}

static struct sqlx_type make_decimal(int precision, int scale)
{
    struct sqlx_type t = { .kind = SQLX_T_DECIMAL, .precision = precision, .scale = scale };
    if (precision == 0)
        t.scale = 0;
    return t;
}

static struct sqlx_type make_float(int bits)
{
    struct sqlx_type t = { .kind = SQLX_T_FLOAT, .bits = bits };
    return t;
}

/* Integer digits of a bounded decimal (precision - scale, never negative). */
static int dec_int_digits(const struct sqlx_type *t)
{
    int d = t->precision - t->scale;
    return d > 0 ? d : 0;
}

/* The smallest decimal holding every value of a Bool or Integer. */
static struct sqlx_type as_decimal(const struct sqlx_type *t)
{
    if (t->kind == SQLX_T_BOOL)
        return make_decimal(1, 0);
    if (t->kind == SQLX_T_INTEGER)
        return make_decimal(int_digits(int_bits(t), t->is_unsigned), 0);
    return *t;
}

/* UTF-8 characters in s (continuation bytes are not counted). */
static size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

static size_t enum_max_label(const struct sqlx_type *t)
{
    size_t m = 0;
    for (size_t i = 0; i < t->n_enum; i++) {
        size_t n = utf8_len(t->enum_values[i]);
        if (n > m)
            m = n;
    }
    return m;
}

static bool enum_has(const struct sqlx_type *t, const char *label)
{
    for (size_t i = 0; i < t->n_enum; i++)
        if (strcmp(t->enum_values[i], label) == 0)
            return true;
    return false;
}

/* ---- assignability ----------------------------------------------------------------------- */

static bool int_fits_int(const struct sqlx_type *from, const struct sqlx_type *to)
{
    int fb = int_bits(from), tb = int_bits(to);
    if (from->is_unsigned == to->is_unsigned)
        return fb <= tb;
    if (from->is_unsigned)
        return fb < tb; /* uint32 fits int64, not int32 */
    return false;       /* negative values never fit an unsigned type */
}

static bool dec_fits_dec(const struct sqlx_type *from, const struct sqlx_type *to)
{
    if (to->precision == 0)
        return true;
    if (from->precision == 0)
        return false;
    return to->scale >= from->scale && dec_int_digits(to) >= dec_int_digits(from);
}

static bool num_assignable(const struct sqlx_type *from, const struct sqlx_type *to)
{
    switch (from->kind) {
    case SQLX_T_BOOL:
        if (to->kind == SQLX_T_DECIMAL)
            return to->precision == 0 || dec_int_digits(to) >= 1;
        return true;
    case SQLX_T_INTEGER:
        if (to->kind == SQLX_T_BOOL)
            return false;
        if (to->kind == SQLX_T_INTEGER)
            return int_fits_int(from, to);
        if (to->kind == SQLX_T_DECIMAL)
            return to->precision == 0 ||
                   dec_int_digits(to) >= int_digits(int_bits(from), from->is_unsigned);
        return int_digits(int_bits(from), from->is_unsigned) <= float_digits(to);
    case SQLX_T_DECIMAL:
        if (to->kind == SQLX_T_DECIMAL)
            return dec_fits_dec(from, to);
        if (to->kind == SQLX_T_FLOAT)
            return from->precision != 0 && from->precision <= float_digits(to);
        return false;
    case SQLX_T_FLOAT:
        return to->kind == SQLX_T_FLOAT && float_bits(from) <= float_bits(to);
    default:
        return false;
    }
}

bool sqlx_type_assignable(const struct sqlx_type *from, const struct sqlx_type *to)
{
    if (to->kind == SQLX_T_UNKNOWN || from->kind == SQLX_T_NONE)
        return true;
    if (from->kind == SQLX_T_UNKNOWN || to->kind == SQLX_T_NONE)
        return false;
    if (is_numeric(from->kind) && is_numeric(to->kind))
        return num_assignable(from, to);
    if (from->kind == SQLX_T_ENUM && to->kind == SQLX_T_STRING)
        return to->max_len == 0 || enum_max_label(from) <= (size_t)to->max_len;
    if (from->kind != to->kind)
        return false;
    switch (from->kind) {
    case SQLX_T_STRING:
    case SQLX_T_BYTES:
        return to->max_len == 0 || (from->max_len != 0 && to->max_len >= from->max_len);
    case SQLX_T_TIME:
    case SQLX_T_TIMESTAMP:
        return from->with_tz == to->with_tz && time_precision(to) >= time_precision(from);
    case SQLX_T_ENUM:
        if (to->n_enum == 0)
            return true; /* a label set not known yet accepts any */
        for (size_t i = 0; i < from->n_enum; i++)
            if (!enum_has(to, from->enum_values[i]))
                return false;
        return from->n_enum > 0;
    default:
        return true; /* DATE, INTERVAL, JSON, UUID: no parameters */
    }
}

bool sqlx_type_equal(const struct sqlx_type *a, const struct sqlx_type *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case SQLX_T_INTEGER:
        return int_bits(a) == int_bits(b) && a->is_unsigned == b->is_unsigned;
    case SQLX_T_FLOAT:
        return float_bits(a) == float_bits(b);
    case SQLX_T_DECIMAL:
        return a->precision == b->precision && (a->precision == 0 || a->scale == b->scale);
    case SQLX_T_STRING:
    case SQLX_T_BYTES:
        return a->max_len == b->max_len;
    case SQLX_T_TIME:
    case SQLX_T_TIMESTAMP:
        return a->with_tz == b->with_tz && time_precision(a) == time_precision(b);
    case SQLX_T_ENUM:
        if (a->n_enum != b->n_enum)
            return false;
        for (size_t i = 0; i < a->n_enum; i++)
            if (strcmp(a->enum_values[i], b->enum_values[i]) != 0)
                return false;
        return true;
    default:
        return true;
    }
}

/* ---- join -------------------------------------------------------------------------------- */

static struct sqlx_type dec_join(const struct sqlx_type *a, const struct sqlx_type *b)
{
    if (a->precision == 0 || b->precision == 0)
        return make_decimal(0, 0);
    int scale = a->scale > b->scale ? a->scale : b->scale;
    int ia = dec_int_digits(a), ib = dec_int_digits(b);
    return make_decimal((ia > ib ? ia : ib) + scale, scale);
}

/* Join of two numeric types neither of which is assignable to the other; a has the lower rank.
 * Decimals are preferred over floats where both bound the pair, so the result stays exact. */
static struct sqlx_type num_join(const struct sqlx_type *a, const struct sqlx_type *b)
{
    if (b->kind == SQLX_T_FLOAT) {
        struct sqlx_type f64 = make_float(64);
        if (num_assignable(a, &f64) && num_assignable(b, &f64))
            return f64;
        return sqlx_type_make(SQLX_T_UNKNOWN);
    }
    if (a->kind == SQLX_T_INTEGER && b->kind == SQLX_T_INTEGER) {
        /* Mixed signedness: the narrowest signed type wider than the unsigned one. */
        const struct sqlx_type *s = a->is_unsigned ? b : a, *u = a->is_unsigned ? a : b;
        for (int bits = 8; bits <= 64; bits *= 2)
            if (bits >= int_bits(s) && bits > int_bits(u))
                return make_int(bits, false);
    }
    struct sqlx_type da = as_decimal(a), db = as_decimal(b);
    return dec_join(&da, &db);
}

struct sqlx_type sqlx_type_join(const struct sqlx_type *a, const struct sqlx_type *b)
{
    if (sqlx_type_assignable(a, b))
        return *b;
    if (sqlx_type_assignable(b, a))
        return *a;
    if (is_numeric(a->kind) && is_numeric(b->kind)) {
        if (numeric_rank(a->kind) <= numeric_rank(b->kind))
            return num_join(a, b);
        return num_join(b, a);
    }
    /* Enums that do not nest: the union of labels would need memory, so the result is the
     * smallest string holding every label (an upper bound, not always the least one). */
    if ((a->kind == SQLX_T_ENUM || a->kind == SQLX_T_STRING) &&
        (b->kind == SQLX_T_ENUM || b->kind == SQLX_T_STRING)) {
        struct sqlx_type s = sqlx_type_make(SQLX_T_STRING);
        size_t la = a->kind == SQLX_T_ENUM ? enum_max_label(a) : (size_t)a->max_len;
        size_t lb = b->kind == SQLX_T_ENUM ? enum_max_label(b) : (size_t)b->max_len;
        size_t m = la > lb ? la : lb;
        s.max_len = m > INT_MAX ? 0 : (int)m;
        return s;
    }
    return sqlx_type_make(SQLX_T_UNKNOWN);
}

/* ---- meet -------------------------------------------------------------------------------- */

/* Largest integer type below the integer a that also fits b; Bool, then NONE, when there is none.
 * At equal width the signedness of a is preferred. */
static struct sqlx_type int_meet(const struct sqlx_type *a, const struct sqlx_type *b)
{
    for (int bits = 64; bits >= 8; bits /= 2) {
        struct sqlx_type c[2] = { make_int(bits, a->is_unsigned), make_int(bits, true) };
        for (int i = 0; i < 2; i++)
            if (num_assignable(&c[i], a) && num_assignable(&c[i], b))
                return c[i];
    }
    struct sqlx_type bl = sqlx_type_make(SQLX_T_BOOL);
    if (num_assignable(&bl, b))
        return bl;
    return sqlx_type_make(SQLX_T_NONE);
}

/* Meet of two numeric types neither of which is assignable to the other; a has the lower rank. */
static struct sqlx_type num_meet(const struct sqlx_type *a, const struct sqlx_type *b)
{
    if (a->kind == SQLX_T_INTEGER)
        return int_meet(a, b);
    if (a->kind == SQLX_T_DECIMAL && b->kind == SQLX_T_DECIMAL) {
        int scale = a->scale < b->scale ? a->scale : b->scale;
        int ia = dec_int_digits(a), ib = dec_int_digits(b);
        int ip = ia < ib ? ia : ib;
        if (ip + scale == 0)
            return sqlx_type_make(SQLX_T_NONE); /* only zero is common: no such decimal type */
        return make_decimal(ip + scale, scale);
    }
    if (a->kind == SQLX_T_DECIMAL && b->kind == SQLX_T_FLOAT) {
        int fd = float_digits(b);
        int scale = a->precision == 0 ? 0 : (a->scale < fd ? a->scale : fd);
        return make_decimal(fd, scale);
    }
    return sqlx_type_make(SQLX_T_NONE); /* Bool against a decimal with no integer digit */
}

struct sqlx_type sqlx_type_meet(const struct sqlx_type *a, const struct sqlx_type *b)
{
    if (sqlx_type_assignable(a, b))
        return *a;
    if (sqlx_type_assignable(b, a))
        return *b;
    if (is_numeric(a->kind) && is_numeric(b->kind)) {
        if (numeric_rank(a->kind) <= numeric_rank(b->kind))
            return num_meet(a, b);
        return num_meet(b, a);
    }
    /* Enum intersections would need memory; they and all other pairs have no common subtype
     * here. */
    return sqlx_type_make(SQLX_T_NONE);
}

bool sqlx_type_is_widening(const struct sqlx_type *from, const struct sqlx_type *to)
{
    return sqlx_type_assignable(from, to) && !sqlx_type_assignable(to, from);
}

bool sqlx_type_is_narrowing(const struct sqlx_type *from, const struct sqlx_type *to)
{
    return sqlx_type_assignable(to, from) && !sqlx_type_assignable(from, to);
}

/* ---- formatting -------------------------------------------------------------------------- */

void sqlx_type_format(const struct sqlx_type *t, struct sqlx_buf *out)
{
    switch (t->kind) {
    case SQLX_T_INTEGER:
        sqlx_buf_printf(out, "%sinteger(%d)", t->is_unsigned ? "unsigned " : "", int_bits(t));
        return;
    case SQLX_T_FLOAT:
        sqlx_buf_printf(out, "float(%d)", float_bits(t));
        return;
    case SQLX_T_DECIMAL:
        if (t->precision == 0)
            sqlx_buf_puts(out, "decimal");
        else
            sqlx_buf_printf(out, "decimal(%d,%d)", t->precision, t->scale);
        return;
    case SQLX_T_STRING:
    case SQLX_T_BYTES:
        sqlx_buf_puts(out, sqlx_tkind_name(t->kind));
        if (t->max_len > 0)
            sqlx_buf_printf(out, "(%d)", t->max_len);
        return;
    case SQLX_T_TIME:
    case SQLX_T_TIMESTAMP:
        sqlx_buf_puts(out, sqlx_tkind_name(t->kind));
        if (t->precision > 0)
            sqlx_buf_printf(out, "(%d)", t->precision);
        if (t->with_tz)
            sqlx_buf_puts(out, " with time zone");
        return;
    case SQLX_T_ENUM:
        sqlx_buf_puts(out, "enum(");
        for (size_t i = 0; i < t->n_enum; i++) {
            if (i)
                sqlx_buf_putc(out, ',');
            sqlx_buf_putc(out, '\'');
            for (const char *p = t->enum_values[i]; *p; p++) {
                if (*p == '\'')
                    sqlx_buf_putc(out, '\'');
                sqlx_buf_putc(out, *p);
            }
            sqlx_buf_putc(out, '\'');
        }
        sqlx_buf_putc(out, ')');
        return;
    default:
        sqlx_buf_puts(out, sqlx_tkind_name(t->kind));
        return;
    }
}

/* ---- declared types ---------------------------------------------------------------------- */

/* Reads one non-negative number, skipping blanks; false when there is none or it is too big. */
static bool read_num(const char **pp, int *out)
{
    const char *p = *pp;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    char *end;
    errno = 0;
    long v = strtol(p, &end, 10);
    if (errno || v > INT_MAX)
        return false;
    while (*end == ' ' || *end == '\t')
        end++;
    *out = (int)v;
    *pp = end;
    return true;
}

/* Parses "(a)" or "(a,b)" after the type name; returns how many numbers were read (0..2). */
static int decl_args(const char *decl, int *a, int *b)
{
    const char *p = strchr(decl, '(');
    if (!p)
        return 0;
    p++;
    if (!read_num(&p, a))
        return 0;
    if (*p == ')')
        return 1;
    if (*p != ',')
        return 0;
    p++;
    if (!read_num(&p, b) || *p != ')')
        return 0;
    return 2;
}

/* Case-insensitive substring test on the declared text. */
static bool decl_has(const char *decl, const char *word)
{
    return strcasestr(decl, word) != NULL;
}

struct sqlx_type sqlx_type_from_decl(const struct sqlx_pack *pack, const char *declared)
{
    const char *decl = declared ? declared : "";
    if (!pack)
        return sqlx_type_make(SQLX_T_UNKNOWN);
    const struct sqlx_pack_type *row = sqlx_pack_match_type(pack, decl);
    int k = sqlx_tkind_parse(row ? row->universal : pack->default_type);
    struct sqlx_type t = sqlx_type_make(k < 0 ? SQLX_T_UNKNOWN : (enum sqlx_tkind)k);
    int a = 0, b = 0, nargs = decl_args(decl, &a, &b);

    switch (t.kind) {
    case SQLX_T_INTEGER:
        /* Arguments of integer types are display widths (MySQL INT(11)): ignored. */
        t.bits = row && row->bits ? row->bits : 64;
        t.is_unsigned = (row && row->is_unsigned) || decl_has(decl, "unsigned");
        break;
    case SQLX_T_FLOAT:
        t.bits = row && row->bits ? row->bits : 64;
        if (!(row && row->bits) && nargs == 1 && a > 0 && a <= 24)
            t.bits = 32; /* FLOAT(p): binary precision up to 24 is single precision */
        break;
    case SQLX_T_DECIMAL:
        if (nargs >= 1 && a > 0) {
            t.precision = a;
            t.scale = nargs == 2 && b <= a ? b : 0;
        }
        break;
    case SQLX_T_STRING:
    case SQLX_T_BYTES:
        if (nargs == 1)
            t.max_len = a;
        break;
    case SQLX_T_TIME:
    case SQLX_T_TIMESTAMP:
        if (nargs == 1)
            t.precision = a;
        t.with_tz = (row && row->with_tz) ||
                    (decl_has(decl, "with time zone") && !decl_has(decl, "without time zone"));
        break;
    default:
        break;
    }
    return t;
}
