/* JSON output and input. The streaming writer (struct sqlx_jw) is on the path of every HTTP
 * response: strings are escaped from a lookup table in bulk runs, integers are formatted by hand,
 * and printf is used only for doubles. Parsing is jansson's; this file only turns its errors into
 * struct sqlx_err with line, column and byte position. Owns nothing beyond what each call returns. */
#include "core/json.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

/* Per-byte action when escaping: 0 copy as is, 1 start of a UTF-8 sequence to validate,
 * 'u' write \u00XX, any other letter or symbol: write a backslash and that character. */
static const unsigned char esc_table[256] = {
    ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't',
    [0x00] = 'u', [0x01] = 'u', [0x02] = 'u', [0x03] = 'u', [0x04] = 'u', [0x05] = 'u',
    [0x06] = 'u', [0x07] = 'u', [0x0b] = 'u', [0x0e] = 'u', [0x0f] = 'u', [0x10] = 'u',
    [0x11] = 'u', [0x12] = 'u', [0x13] = 'u', [0x14] = 'u', [0x15] = 'u', [0x16] = 'u',
    [0x17] = 'u', [0x18] = 'u', [0x19] = 'u', [0x1a] = 'u', [0x1b] = 'u', [0x1c] = 'u',
    [0x1d] = 'u', [0x1e] = 'u', [0x1f] = 'u', ['"'] = '"', ['\\'] = '\\',
    [0x80 ... 0xff] = 1,
};

static const char hex_digits[] = "0123456789abcdef";

/* Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlongs, no surrogates, nothing
 * above U+10FFFF), or 0 when the bytes there are not one. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80;
    unsigned char hi = 0xbf;
    size_t len;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4;
    else
        return 0;
    if (len > n)
        return 0;
    if (c == 0xe0)
        lo = 0xa0;
    else if (c == 0xed)
        hi = 0x9f;
    else if (c == 0xf0)
        lo = 0x90;
    else if (c == 0xf4)
        hi = 0x8f;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xbf)
            return 0;
    return len;
}

/* Invalid UTF-8 becomes U+FFFD, one per bad byte: database text is not always valid, and the
 * response must still be valid JSON. */
void sqlx_json_escape(struct sqlx_buf *out, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char k = esc_table[u[i]];
        if (k == 0) {
            i++;
            continue;
        }
        if (k == 1) {
            size_t len = utf8_len(u + i, n - i);
            if (len) {
                i += len;
                continue;
            }
        }
        if (i > start)
            sqlx_buf_put(out, s + start, i - start);
        if (k == 1) {
            sqlx_buf_put(out, "\xef\xbf\xbd", 3);
        } else if (k == 'u') {
            char e[6] = { '\\', 'u', '0', '0', hex_digits[u[i] >> 4], hex_digits[u[i] & 15] };
            sqlx_buf_put(out, e, 6);
        } else {
            char e[2] = { '\\', (char)k };
            sqlx_buf_put(out, e, 2);
        }
        i++;
        start = i;
    }
    if (i > start)
        sqlx_buf_put(out, s + start, i - start);
}

void sqlx_jw_init(struct sqlx_jw *w, struct sqlx_buf *out, bool pretty)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
}

static void newline_indent(struct sqlx_jw *w, int depth)
{
    static const char spaces[] = "                                                                ";
    size_t n = (size_t)depth * 2;
    sqlx_buf_putc(w->out, '\n');
    while (n) {
        size_t chunk = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        sqlx_buf_put(w->out, spaces, chunk);
        n -= chunk;
    }
}

/* Slot of need_comma for the innermost open container; past the maximum depth the deepest slot
 * is shared (the output is already marked failed then). */
static bool *comma_slot(struct sqlx_jw *w)
{
    int lv = w->depth > SQLX_JW_MAX_DEPTH ? SQLX_JW_MAX_DEPTH - 1 : w->depth - 1;
    return &w->need_comma[lv];
}

/* Separator and indentation before a value or key: none after a key or at the top level. */
static void before_value(struct sqlx_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth <= 0)
        return;
    bool *nc = comma_slot(w);
    if (*nc)
        sqlx_buf_putc(w->out, ',');
    *nc = true;
    if (w->pretty)
        newline_indent(w, w->depth);
}

static void open_container(struct sqlx_jw *w, char c)
{
    before_value(w);
    sqlx_buf_putc(w->out, c);
    w->depth++;
    if (w->depth > SQLX_JW_MAX_DEPTH)
        w->out->failed = true;
    *comma_slot(w) = false;
}

/* An unbalanced close marks the output failed and writes nothing. */
static void close_container(struct sqlx_jw *w, char c)
{
    if (w->depth <= 0) {
        w->out->failed = true;
        return;
    }
    bool nonempty = *comma_slot(w);
    w->depth--;
    w->after_key = false;
    if (w->pretty && nonempty)
        newline_indent(w, w->depth);
    sqlx_buf_putc(w->out, c);
}

void sqlx_jw_obj_begin(struct sqlx_jw *w)
{
    open_container(w, '{');
}

void sqlx_jw_obj_end(struct sqlx_jw *w)
{
    close_container(w, '}');
}

void sqlx_jw_arr_begin(struct sqlx_jw *w)
{
    open_container(w, '[');
}

void sqlx_jw_arr_end(struct sqlx_jw *w)
{
    close_container(w, ']');
}

void sqlx_jw_keyn(struct sqlx_jw *w, const char *key, size_t n)
{
    before_value(w);
    sqlx_buf_putc(w->out, '"');
    sqlx_json_escape(w->out, key, n);
    if (w->pretty)
        sqlx_buf_put(w->out, "\": ", 3);
    else
        sqlx_buf_put(w->out, "\":", 2);
    w->after_key = true;
}

void sqlx_jw_key(struct sqlx_jw *w, const char *key)
{
    sqlx_jw_keyn(w, key, strlen(key));
}

void sqlx_jw_strn(struct sqlx_jw *w, const char *s, size_t n)
{
    before_value(w);
    sqlx_buf_putc(w->out, '"');
    sqlx_json_escape(w->out, s, n);
    sqlx_buf_putc(w->out, '"');
}

/* A NULL string is written as null, so optional columns need no branch at the caller. */
void sqlx_jw_str(struct sqlx_jw *w, const char *s)
{
    if (!s) {
        sqlx_jw_null(w);
        return;
    }
    sqlx_jw_strn(w, s, strlen(s));
}

void sqlx_jw_int(struct sqlx_jw *w, int64_t v)
{
    before_value(w);
    sqlx_buf_put_i64(w->out, v);
}

/* Shortest of %.15g, %.16g and %.17g that reads back as the same double: 0.1 stays "0.1", and
 * every finite value round-trips. A locale's decimal comma is turned into a point. */
void sqlx_jw_double(struct sqlx_jw *w, double v)
{
    if (!isfinite(v)) {
        sqlx_jw_null(w);
        return;
    }
    char tmp[40];
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (prec == 17 || strtod(tmp, NULL) == v)
            break;
    }
    if (n <= 0 || (size_t)n >= sizeof tmp) {
        sqlx_jw_null(w);
        return;
    }
    for (int i = 0; i < n; i++)
        if (tmp[i] == ',')
            tmp[i] = '.';
    before_value(w);
    sqlx_buf_put(w->out, tmp, (size_t)n);
}

void sqlx_jw_bool(struct sqlx_jw *w, bool v)
{
    before_value(w);
    if (v)
        sqlx_buf_put(w->out, "true", 4);
    else
        sqlx_buf_put(w->out, "false", 5);
}

void sqlx_jw_null(struct sqlx_jw *w)
{
    before_value(w);
    sqlx_buf_put(w->out, "null", 4);
}

void sqlx_jw_raw(struct sqlx_jw *w, const char *json, size_t n)
{
    before_value(w);
    sqlx_buf_put(w->out, json, n);
}

/* Walks the value with the writer's own calls, so doubles, escaping and indentation match the
 * rest of the response. Object keys keep jansson's (insertion) order. */
void sqlx_jw_json(struct sqlx_jw *w, const json_t *v)
{
    if (!v) {
        sqlx_jw_null(w);
        return;
    }
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *val;
        sqlx_jw_obj_begin(w);
        json_object_foreach((json_t *)v, key, val) {
            sqlx_jw_key(w, key);
            sqlx_jw_json(w, val);
        }
        sqlx_jw_obj_end(w);
        break;
    }
    case JSON_ARRAY:
        sqlx_jw_arr_begin(w);
        for (size_t i = 0; i < json_array_size(v); i++)
            sqlx_jw_json(w, json_array_get(v, i));
        sqlx_jw_arr_end(w);
        break;
    case JSON_STRING:
        sqlx_jw_strn(w, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        sqlx_jw_int(w, (int64_t)json_integer_value(v));
        break;
    case JSON_REAL:
        sqlx_jw_double(w, json_real_value(v));
        break;
    case JSON_TRUE:
        sqlx_jw_bool(w, true);
        break;
    case JSON_FALSE:
        sqlx_jw_bool(w, false);
        break;
    case JSON_NULL:
        sqlx_jw_null(w);
        break;
    }
}

/* Any top-level value is accepted (RFC 8259); duplicate object keys are rejected because two
 * readers could disagree on which one wins. */
#define PARSE_FLAGS (JSON_DECODE_ANY | JSON_REJECT_DUPLICATES)

json_t *sqlx_json_parse(const char *text, size_t len, struct sqlx_err *err)
{
    if (!text) {
        sqlx_err_set(err, SQLX_EINVAL, "no JSON text given");
        return NULL;
    }
    json_error_t je;
    json_t *v = json_loadb(text, len, PARSE_FLAGS, &je);
    if (v)
        return v;
    sqlx_err_set(err, SQLX_EPARSE, "invalid JSON at line %d, column %d (byte %d): %s", je.line,
                 je.column, je.position, je.text);
    if (err)
        err->position = je.position;
    return NULL;
}

/* Reads the whole file first so that open and read errors carry errno, and parse errors the
 * file's name. */
json_t *sqlx_json_load_file(const char *path, struct sqlx_err *err)
{
    char ebuf[128];
    json_t *v = NULL;
    struct sqlx_buf text;
    sqlx_buf_init(&text, 0);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        sqlx_err_set(err, e == ENOENT ? SQLX_ENOTFOUND : SQLX_EIO,
                     "could not open JSON file \"%s\": %s", path,
                     strerror_r(e, ebuf, sizeof ebuf));
        return NULL;
    }
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sqlx_buf_put(&text, chunk, n);
    if (ferror(f)) {
        int e = errno;
        sqlx_err_set(err, SQLX_EIO, "could not read JSON file \"%s\": %s", path,
                     strerror_r(e, ebuf, sizeof ebuf));
        goto out_close;
    }
    json_error_t je;
    v = json_loadb(text.data ? text.data : "", text.len, PARSE_FLAGS, &je);
    if (!v) {
        sqlx_err_set(err, SQLX_EPARSE,
                     "invalid JSON in file \"%s\" at line %d, column %d (byte %d): %s", path,
                     je.line, je.column, je.position, je.text);
        if (err)
            err->position = je.position;
    }
out_close:
    fclose(f);
    sqlx_buf_free(&text);
    return v;
}

static size_t digits_at(const char *s, size_t i, size_t n)
{
    size_t start = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i - start;
}

bool sqlx_json_is_number(const char *s, size_t n)
{
    size_t i = 0, d;
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0')
        i++;
    else if ((d = digits_at(s, i, n)) > 0)
        i += d;
    else
        return false;
    if (i < n && s[i] == '.') {
        if ((d = digits_at(s, i + 1, n)) == 0)
            return false;
        i += 1 + d;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if ((d = digits_at(s, i, n)) == 0)
            return false;
        i += d;
    }
    return i == n;
}
