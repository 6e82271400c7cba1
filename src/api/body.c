/* JSON body validation against the schema (docs/api.md, 422 validation_failed). Owns nothing
 * beyond the request arena; converts JSON values to universal values for binding. Must not talk to
 * the database: everything here is decided from the published schema alone. */
#include "api/body.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void add_error(struct sqlx_arena *a, struct sqlx_vec *errors, int index, const char *field,
                      const char *fmt, ...) SQLX_PRINTF(5, 6);

static void add_error(struct sqlx_arena *a, struct sqlx_vec *errors, int index, const char *field,
                      const char *fmt, ...)
{
    struct sqlx_field_error *fe = sqlx_arena_zalloc(a, sizeof(*fe));
    fe->field = index >= 0 ? sqlx_arena_printf(a, "[%d].%s", index, field)
                           : sqlx_arena_strdup(a, field);
    va_list ap;
    va_start(ap, fmt);
    fe->message = sqlx_arena_vprintf(a, fmt, ap);
    va_end(ap);
    sqlx_vec_push_arena(errors, a, fe);
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool valid_date(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) || !digits(s + 5, 2) ||
        !digits(s + 8, 2))
        return false;
    int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return false;
    return true;
}

/* HH:MM[:SS[.f+]] then optional zone Z or +HH[:MM]; returns characters consumed or 0. */
static size_t time_prefix(const char *s, size_t n)
{
    if (n < 5 || !digits(s, 2) || s[2] != ':' || !digits(s + 3, 2))
        return 0;
    if (num(s, 2) > 23 || num(s + 3, 2) > 59)
        return 0;
    size_t i = 5;
    if (i < n && s[i] == ':') {
        if (i + 3 > n || !digits(s + i + 1, 2) || num(s + i + 1, 2) > 60)
            return 0;
        i += 3;
        if (i < n && s[i] == '.') {
            size_t j = i + 1;
            while (j < n && s[j] >= '0' && s[j] <= '9')
                j++;
            if (j == i + 1)
                return 0;
            i = j;
        }
    }
    if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
        i++;
    } else if (i < n && (s[i] == '+' || s[i] == '-')) {
        if (i + 3 > n || !digits(s + i + 1, 2))
            return 0;
        i += 3;
        if (i < n && s[i] == ':') {
            if (i + 3 > n || !digits(s + i + 1, 2))
                return 0;
            i += 3;
        } else if (i + 2 <= n && digits(s + i, 2)) {
            i += 2;
        }
    }
    return i;
}

static bool valid_time(const char *s, size_t n)
{
    return n > 0 && time_prefix(s, n) == n;
}

static bool valid_timestamp(const char *s, size_t n)
{
    if (n < 10 || !valid_date(s, 10))
        return false;
    if (n == 10)
        return true;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return false;
    return valid_time(s + 11, n - 11);
}

static bool valid_uuid(const char *s, size_t n)
{
    if (n != 36)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        char c = s[i];
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash ? c != '-' : !hex)
            return false;
    }
    return true;
}

/* Number of digits before and after the point of a JSON number's text form. */
static bool decimal_fits(const struct sqlx_type *t, const char *text)
{
    if (t->precision <= 0)
        return true;
    const char *p = text;
    if (*p == '-' || *p == '+')
        p++;
    int before = 0;
    bool leading = true;
    while (*p >= '0' && *p <= '9') {
        if (!(leading && *p == '0'))
            before++, leading = false;
        p++;
    }
    if (*p == 'e' || *p == 'E')
        return true; /* exponent forms are left to the engine */
    return before <= t->precision - t->scale;
}

static bool valid_decimal_text(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    size_t intd = i - start;
    if (i < n && s[i] == '.') {
        i++;
        size_t fs = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (intd == 0 && i == fs)
            return false;
    } else if (intd == 0) {
        return false;
    }
    return i == n;
}

/* Converts one JSON value for column c. Returns NULL on success or an error message. */
static const char *convert(const struct sqlx_column *c, json_t *v, struct sqlx_arena *a,
                           struct sqlx_value *out)
{
    const struct sqlx_type *t = &c->type;
    switch (t->kind) {
    case SQLX_T_INTEGER: {
        if (!json_is_integer(v))
            return "expected an integer";
        json_int_t i = json_integer_value(v);
        int bits = t->bits ? t->bits : 64;
        if (t->is_unsigned && i < 0)
            return "expected a non-negative integer";
        if (bits < 64) {
            long long hi = t->is_unsigned ? (1LL << bits) - 1 : (1LL << (bits - 1)) - 1;
            long long lo = t->is_unsigned ? 0 : -(1LL << (bits - 1));
            if (i < lo || i > hi)
                return sqlx_arena_printf(a, "integer out of range for %d-bit column (%lld to %lld)",
                                         bits, lo, hi);
        }
        *out = sqlx_value_int(i);
        return NULL;
    }
    case SQLX_T_DECIMAL:
    case SQLX_T_FLOAT: {
        if (json_is_integer(v)) {
            char tmp[32];
            snprintf(tmp, sizeof(tmp), "%lld", (long long)json_integer_value(v));
            if (t->kind == SQLX_T_DECIMAL && !decimal_fits(t, tmp))
                return sqlx_arena_printf(a, "number too large for decimal(%d,%d)", t->precision, t->scale);
            *out = sqlx_value_int(json_integer_value(v));
            return NULL;
        }
        if (json_is_real(v)) {
            char tmp[64];
            snprintf(tmp, sizeof(tmp), "%.17g", json_real_value(v));
            if (t->kind == SQLX_T_DECIMAL && !decimal_fits(t, tmp))
                return sqlx_arena_printf(a, "number too large for decimal(%d,%d)", t->precision, t->scale);
            *out = sqlx_value_float(json_real_value(v));
            return NULL;
        }
        if (t->kind == SQLX_T_DECIMAL && json_is_string(v)) {
            const char *s = json_string_value(v);
            size_t n = json_string_length(v);
            if (!valid_decimal_text(s, n))
                return "expected a number or a decimal string such as \"12.50\"";
            if (!decimal_fits(t, s))
                return sqlx_arena_printf(a, "number too large for decimal(%d,%d)", t->precision, t->scale);
            *out = sqlx_value_text(sqlx_arena_memdup(a, s, n), n);
            return NULL;
        }
        return "expected a number";
    }
    case SQLX_T_BOOL:
        if (!json_is_boolean(v))
            return "expected true or false";
        *out = sqlx_value_bool(json_is_true(v));
        return NULL;
    case SQLX_T_JSON: {
        size_t flags = JSON_COMPACT | JSON_ENCODE_ANY;
        size_t n = json_dumpb(v, NULL, 0, flags);
        if (n == 0)
            return "value cannot be encoded as JSON";
        char *text = sqlx_arena_alloc(a, n + 1);
        json_dumpb(v, text, n, flags);
        text[n] = '\0';
        *out = sqlx_value_text(text, n);
        return NULL;
    }
    case SQLX_T_UNKNOWN:
        if (json_is_integer(v)) {
            *out = sqlx_value_int(json_integer_value(v));
            return NULL;
        }
        if (json_is_real(v)) {
            *out = sqlx_value_float(json_real_value(v));
            return NULL;
        }
        if (json_is_boolean(v)) {
            *out = sqlx_value_bool(json_is_true(v));
            return NULL;
        }
        break;
    default:
        break;
    }
    if (!json_is_string(v))
        return "expected a string";
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    switch (t->kind) {
    case SQLX_T_STRING:
        if (t->max_len > 0 && utf8_chars(s, n) > (size_t)t->max_len)
            return sqlx_arena_printf(a, "longer than the maximum of %d characters", t->max_len);
        break;
    case SQLX_T_DATE:
        if (!valid_date(s, n))
            return "expected a date as YYYY-MM-DD";
        break;
    case SQLX_T_TIME:
        if (!valid_time(s, n))
            return "expected a time as HH:MM[:SS[.fraction]]";
        break;
    case SQLX_T_TIMESTAMP:
        if (!valid_timestamp(s, n))
            return "expected a timestamp as YYYY-MM-DD[THH:MM[:SS[.fraction]][Z|+HH:MM]]";
        break;
    case SQLX_T_UUID:
        if (!valid_uuid(s, n))
            return "expected a UUID such as 123e4567-e89b-12d3-a456-426614174000";
        break;
    case SQLX_T_ENUM: {
        bool found = false;
        for (size_t i = 0; i < t->n_enum; i++)
            if (strlen(t->enum_values[i]) == n && memcmp(t->enum_values[i], s, n) == 0)
                found = true;
        if (!found)
            return "not one of the allowed values";
        break;
    }
    default:
        break;
    }
    *out = t->kind == SQLX_T_BYTES ? sqlx_value_blob(sqlx_arena_memdup(a, s, n), n)
                                   : sqlx_value_text(sqlx_arena_memdup(a, s, n), n);
    return NULL;
}

size_t sqlx_api_body_row(const struct sqlx_table *t, json_t *obj, enum sqlx_body_mode mode,
                         int index, struct sqlx_arena *a, struct sqlx_row_values *out,
                         struct sqlx_vec *errors)
{
    size_t before = errors->len;
    size_t ncols = t->columns.len;
    out->cols = sqlx_arena_alloc(a, (ncols + 1) * sizeof(*out->cols));
    out->vals = sqlx_arena_alloc(a, (ncols + 1) * sizeof(*out->vals));
    out->n = 0;

    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        const struct sqlx_column *c = sqlx_table_column(t, key);
        if (!c) {
            add_error(a, errors, index, key, "unknown column");
            continue;
        }
        if (json_is_null(val)) {
            if (c->autoincrement && mode == SQLX_BODY_INSERT)
                continue; /* null key on insert: let the engine generate it */
            if (!c->nullable) {
                add_error(a, errors, index, c->name, "must not be null");
                continue;
            }
            out->cols[out->n] = c;
            out->vals[out->n++] = sqlx_value_null();
            continue;
        }
        const char *msg = convert(c, val, a, &out->vals[out->n]);
        if (msg) {
            add_error(a, errors, index, c->name, "%s", msg);
            continue;
        }
        out->cols[out->n++] = c;
    }
    if (mode == SQLX_BODY_PATCH)
        return errors->len - before;

    /* Absent columns: required on insert and replace unless nullable, defaulted or generated. */
    const struct sqlx_column *c;
    sqlx_vec_foreach(&t->columns, const struct sqlx_column *, c) {
        if (json_object_get(obj, c->name))
            continue;
        if (c->autoincrement || c->default_sql)
            continue;
        if (c->pk_position > 0 && mode == SQLX_BODY_REPLACE)
            continue; /* the key comes from the path */
        if (!c->nullable) {
            add_error(a, errors, index, c->name, "is required");
            continue;
        }
        if (mode == SQLX_BODY_REPLACE) {
            out->cols[out->n] = c;
            out->vals[out->n++] = sqlx_value_null();
        }
    }
    return errors->len - before;
}
