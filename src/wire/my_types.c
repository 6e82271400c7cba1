/* MySQL / MariaDB value codecs: text-protocol and binary-protocol result values into universal
 * values, COM_STMT_EXECUTE parameter encoding, and errno / SQLSTATE mapping. Binary values that
 * have no universal type are rendered the way the server's text protocol renders them, so a
 * column reads the same through COM_QUERY and COM_STMT_EXECUTE. Owns only the scratch blocks;
 * does no I/O and keeps no connection state.
 *
 * Binary-protocol layouts read here (all integers little-endian):
 *   TINY 1, SHORT/YEAR 2, INT24/LONG 4, LONGLONG 8 bytes; FLOAT 4, DOUBLE 8 (IEEE 754);
 *   DECIMAL, strings, blobs, JSON, ENUM, SET, BIT, GEOMETRY: lenenc length + bytes;
 *   DATE/DATETIME/TIMESTAMP: len(0|4|7|11) [u16 year, u8 month, u8 day [u8 h, u8 m, u8 s [u32 us]]]
 *   TIME: len(0|8|12) [u8 negative, u32 days, u8 h, u8 m, u8 s [u32 us]]
 */
#include "wire/my_types.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

/* ---- scratch: chained blocks of fixed-size slots ------------------------------------------- */

#define SCRATCH_BLOCK_MIN 1024

struct sqlx_my_scratch_block {
    struct sqlx_my_scratch_block *next; /* older block */
    size_t size;                        /* bytes in data */
    char data[];                        /* the space handed out */
};

void sqlx_my_scratch_init(struct sqlx_my_scratch *s)
{
    s->head = NULL;
    s->used = 0;
}

static void free_blocks(struct sqlx_my_scratch_block *b)
{
    while (b) {
        struct sqlx_my_scratch_block *next = b->next;
        sqlx_free(b);
        b = next;
    }
}

static struct sqlx_my_scratch_block *new_block(size_t size, struct sqlx_my_scratch_block *next)
{
    struct sqlx_my_scratch_block *b = sqlx_malloc(sizeof *b + size);
    b->next = next;
    b->size = size;
    return b;
}

void sqlx_my_scratch_reset(struct sqlx_my_scratch *s)
{
    if (s->head && s->head->next) {
        /* The last row needed several blocks: replace them by one that holds it all. */
        size_t sum = 0;
        for (struct sqlx_my_scratch_block *b = s->head; b; b = b->next)
            sum += b->size;
        free_blocks(s->head);
        s->head = new_block(sum, NULL);
    }
    s->used = 0;
}

void sqlx_my_scratch_free(struct sqlx_my_scratch *s)
{
    free_blocks(s->head);
    sqlx_my_scratch_init(s);
}

/* Room for one rendered value of at most SQLX_MY_RENDER_MAX bytes; the caller commits what it
 * used with slot_commit. */
static char *slot_room(struct sqlx_my_scratch *s)
{
    if (!s->head || s->head->size - s->used < SQLX_MY_RENDER_MAX) {
        size_t size = s->head ? 2 * s->head->size : SCRATCH_BLOCK_MIN;
        s->head = new_block(size, s->head);
        s->used = 0;
    }
    return s->head->data + s->used;
}

static void slot_commit(struct sqlx_my_scratch *s, size_t n)
{
    s->used += n;
}

/* ---- type table ------------------------------------------------------------------------------ */

const char *sqlx_my_type_name(uint8_t type)
{
    switch (type) {
    case SQLX_MY_TYPE_DECIMAL:
    case SQLX_MY_TYPE_NEWDECIMAL:
        return "decimal";
    case SQLX_MY_TYPE_TINY:
        return "tinyint";
    case SQLX_MY_TYPE_SHORT:
        return "smallint";
    case SQLX_MY_TYPE_LONG:
        return "int";
    case SQLX_MY_TYPE_FLOAT:
        return "float";
    case SQLX_MY_TYPE_DOUBLE:
        return "double";
    case SQLX_MY_TYPE_NULL:
        return "null";
    case SQLX_MY_TYPE_TIMESTAMP:
    case SQLX_MY_TYPE_TIMESTAMP2:
        return "timestamp";
    case SQLX_MY_TYPE_LONGLONG:
        return "bigint";
    case SQLX_MY_TYPE_INT24:
        return "mediumint";
    case SQLX_MY_TYPE_DATE:
    case SQLX_MY_TYPE_NEWDATE:
        return "date";
    case SQLX_MY_TYPE_TIME:
    case SQLX_MY_TYPE_TIME2:
        return "time";
    case SQLX_MY_TYPE_DATETIME:
    case SQLX_MY_TYPE_DATETIME2:
        return "datetime";
    case SQLX_MY_TYPE_YEAR:
        return "year";
    case SQLX_MY_TYPE_VARCHAR:
    case SQLX_MY_TYPE_VAR_STRING:
        return "varchar";
    case SQLX_MY_TYPE_BIT:
        return "bit";
    case SQLX_MY_TYPE_JSON:
        return "json";
    case SQLX_MY_TYPE_ENUM:
        return "enum";
    case SQLX_MY_TYPE_SET:
        return "set";
    case SQLX_MY_TYPE_TINY_BLOB:
        return "tinyblob";
    case SQLX_MY_TYPE_MEDIUM_BLOB:
        return "mediumblob";
    case SQLX_MY_TYPE_LONG_BLOB:
        return "longblob";
    case SQLX_MY_TYPE_BLOB:
        return "blob";
    case SQLX_MY_TYPE_STRING:
        return "char";
    case SQLX_MY_TYPE_GEOMETRY:
        return "geometry";
    default:
        return "unknown";
    }
}

static bool is_unsigned(const struct sqlx_my_column *col)
{
    return (col->flags & SQLX_MY_FLAG_UNSIGNED) != 0;
}

static bool is_binary_charset(const struct sqlx_my_column *col)
{
    return col->charset == SQLX_MY_CHARSET_BINARY;
}

enum sqlx_vtype sqlx_my_vtype(const struct sqlx_my_column *col)
{
    switch (col->type) {
    case SQLX_MY_TYPE_TINY:
    case SQLX_MY_TYPE_SHORT:
    case SQLX_MY_TYPE_INT24:
    case SQLX_MY_TYPE_LONG:
    case SQLX_MY_TYPE_LONGLONG: /* TEXT only above INT64_MAX when unsigned: INT is the rule */
    case SQLX_MY_TYPE_YEAR:
    case SQLX_MY_TYPE_BIT:
        return SQLX_V_INT;
    case SQLX_MY_TYPE_FLOAT:
    case SQLX_MY_TYPE_DOUBLE:
        return SQLX_V_FLOAT;
    case SQLX_MY_TYPE_NULL:
        return SQLX_V_NULL;
    case SQLX_MY_TYPE_GEOMETRY:
        return SQLX_V_BLOB;
    case SQLX_MY_TYPE_VARCHAR:
    case SQLX_MY_TYPE_VAR_STRING:
    case SQLX_MY_TYPE_STRING:
    case SQLX_MY_TYPE_TINY_BLOB:
    case SQLX_MY_TYPE_MEDIUM_BLOB:
    case SQLX_MY_TYPE_LONG_BLOB:
    case SQLX_MY_TYPE_BLOB:
        return is_binary_charset(col) ? SQLX_V_BLOB : SQLX_V_TEXT;
    default: /* decimal, temporal, json, enum, set, unknown */
        return SQLX_V_TEXT;
    }
}

static int bad_value(struct sqlx_err *err, const struct sqlx_my_column *col, const char *why)
{
    return sqlx_err_set(err, SQLX_EINVAL, "invalid value for type %s: %s",
                        sqlx_my_type_name(col->type), why);
}

/* ---- rendering ------------------------------------------------------------------------------- */

/* Writes v in decimal to d (at least 20 bytes); returns the length. */
static size_t put_u64(char *d, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        d[i] = tmp[n - 1 - i];
    return n;
}

/* Writes v zero-padded to at least width digits. */
static size_t put_pad(char *d, uint64_t v, size_t width)
{
    char tmp[20];
    size_t n = put_u64(tmp, v);
    size_t pad = n < width ? width - n : 0;
    memset(d, '0', pad);
    memcpy(d + pad, tmp, n);
    return pad + n;
}

/* "00" to "99" back to back: two digits are one table read. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Two digits of v (0-99) at d: rows of dates are rendered field by field with no loop. */
static void put2(char *d, unsigned v)
{
    memcpy(d, digit_pairs + 2 * v, 2);
}

/* Four digits of v (0-9999). */
static void put4(char *d, unsigned v)
{
    put2(d, v / 100);
    put2(d + 2, v % 100);
}

/* Appends ".ffffff" as the column's decimals ask (see sqlx_my_vtype in the header). */
static size_t put_frac(char *d, uint32_t us, uint8_t decimals)
{
    unsigned digits = decimals;
    if (digits > 6)
        digits = us ? 6 : 0;
    if (!digits)
        return 0;
    char six[6];
    put2(six, us / 10000);
    put2(six + 2, us / 100 % 100);
    put2(six + 4, us % 100);
    d[0] = '.';
    memcpy(d + 1, six, digits);
    return digits + 1;
}

/* An unsigned 64-bit value: INT when it fits, else its decimal digits as TEXT in scratch. */
static int put_unsigned(uint64_t u, struct sqlx_my_scratch *scratch, struct sqlx_value *out,
                        struct sqlx_err *err)
{
    if (u <= (uint64_t)INT64_MAX) {
        sqlx_value_set_int(out, (int64_t)u);
        return 0;
    }
    if (!scratch)
        return sqlx_err_set(err, SQLX_EINTERNAL, "no scratch space to render an unsigned value");
    char *d = slot_room(scratch);
    size_t n = put_u64(d, u);
    slot_commit(scratch, n);
    sqlx_value_set_bytes(out, SQLX_V_TEXT, d, n);
    return 0;
}

/* ---- text protocol --------------------------------------------------------------------------- */

/* Parses an optionally signed decimal integer filling all of p[0..n). */
static bool parse_i64(const char *p, size_t n, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (n && (p[0] == '-' || p[0] == '+')) {
        neg = p[0] == '-';
        i = 1;
    }
    if (i == n)
        return false;
    uint64_t v = 0;
    uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        unsigned dgt = (unsigned)(p[i] - '0');
        if (v > (limit - dgt) / 10)
            return false;
        v = v * 10 + dgt;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

static bool parse_u64(const char *p, size_t n, uint64_t *out)
{
    if (n == 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        unsigned dgt = (unsigned)(p[i] - '0');
        if (v > (UINT64_MAX - dgt) / 10)
            return false;
        v = v * 10 + dgt;
    }
    *out = v;
    return true;
}

/* Longest float text accepted: DOUBLE(255,30) prints up to 255 digits, a sign and a point. */
#define FLOAT_TEXT_MAX 400

static bool parse_double(const char *p, size_t n, double *out)
{
    char tmp[FLOAT_TEXT_MAX];
    if (n == 0 || n >= sizeof tmp)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
            return false;
    }
    memcpy(tmp, p, n);
    tmp[n] = '\0';
    char *end;
    errno = 0;
    double d = strtod(tmp, &end);
    if (end != tmp + n || errno == ERANGE)
        return false;
    *out = d;
    return true;
}

/* BIT value bytes (big-endian, at most 8) as an unsigned number. */
static bool bits_value(const unsigned char *p, size_t n, uint64_t *out)
{
    if (n > 8)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | p[i];
    *out = v;
    return true;
}

static int text_int(const struct sqlx_my_column *col, const char *p, size_t n,
                    struct sqlx_value *out, struct sqlx_err *err)
{
    if (is_unsigned(col) && n && p[0] != '-') {
        uint64_t u;
        if (!parse_u64(p, n, &u))
            return bad_value(err, col, "not an unsigned integer");
        if (u > (uint64_t)INT64_MAX) {
            sqlx_value_set_bytes(out, SQLX_V_TEXT, p, n); /* the server's digits, already canonical */
            return 0;
        }
        sqlx_value_set_int(out, (int64_t)u);
        return 0;
    }
    int64_t i;
    if (!parse_i64(p, n, &i))
        return bad_value(err, col, "not an integer");
    sqlx_value_set_int(out, i);
    return 0;
}

int sqlx_my_decode_text(const struct sqlx_my_column *col, const char *p, long len,
                        struct sqlx_my_scratch *scratch, struct sqlx_value *out,
                        struct sqlx_err *err)
{
    if (len < 0 || col->type == SQLX_MY_TYPE_NULL) {
        sqlx_value_set_null(out);
        return 0;
    }
    size_t n = (size_t)len;
    if (!p)
        p = "";
    switch (col->type) {
    case SQLX_MY_TYPE_TINY:
    case SQLX_MY_TYPE_SHORT:
    case SQLX_MY_TYPE_INT24:
    case SQLX_MY_TYPE_LONG:
    case SQLX_MY_TYPE_LONGLONG:
    case SQLX_MY_TYPE_YEAR:
        return text_int(col, p, n, out, err);
    case SQLX_MY_TYPE_FLOAT:
    case SQLX_MY_TYPE_DOUBLE: {
        double d;
        if (!parse_double(p, n, &d))
            return bad_value(err, col, "not a number");
        sqlx_value_set_float(out, d);
        return 0;
    }
    case SQLX_MY_TYPE_BIT: {
        uint64_t u;
        if (!bits_value((const unsigned char *)p, n, &u))
            return bad_value(err, col, "more than 64 bits");
        return put_unsigned(u, scratch, out, err);
    }
    default:
        break;
    }
    enum sqlx_vtype t = sqlx_my_vtype(col);
    *out = t == SQLX_V_BLOB ? sqlx_value_blob(p, n) : sqlx_value_text(p, n);
    return 0;
}

/* ---- binary protocol ------------------------------------------------------------------------- */

static uint16_t rd_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static uint32_t rd_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd_u64(const unsigned char *p)
{
    return (uint64_t)rd_u32(p) | (uint64_t)rd_u32(p + 4) << 32;
}

/* Types whose binary-protocol values are length-encoded bytes. */
static bool lenenc_type(uint8_t type)
{
    switch (type) {
    case SQLX_MY_TYPE_DECIMAL:
    case SQLX_MY_TYPE_NEWDECIMAL:
    case SQLX_MY_TYPE_VARCHAR:
    case SQLX_MY_TYPE_BIT:
    case SQLX_MY_TYPE_JSON:
    case SQLX_MY_TYPE_ENUM:
    case SQLX_MY_TYPE_SET:
    case SQLX_MY_TYPE_TINY_BLOB:
    case SQLX_MY_TYPE_MEDIUM_BLOB:
    case SQLX_MY_TYPE_LONG_BLOB:
    case SQLX_MY_TYPE_BLOB:
    case SQLX_MY_TYPE_VAR_STRING:
    case SQLX_MY_TYPE_STRING:
    case SQLX_MY_TYPE_GEOMETRY:
        return true;
    default:
        return false;
    }
}

/* Reads a length-encoded integer; false when truncated or when the first byte is the NULL (0xFB)
 * or ERR (0xFF) marker, which cannot start a binary-protocol value. */
static bool rd_lenenc(const unsigned char *p, size_t avail, uint64_t *v, size_t *used)
{
    if (avail < 1)
        return false;
    unsigned char c = p[0];
    if (c < 0xFB) {
        *v = c;
        *used = 1;
        return true;
    }
    size_t k = c == 0xFC ? 2 : c == 0xFD ? 3 : c == 0xFE ? 8 : 0;
    if (!k || avail < 1 + k)
        return false;
    uint64_t x = 0;
    for (size_t i = k; i > 0; i--)
        x = (x << 8) | p[i];
    *v = x;
    *used = 1 + k;
    return true;
}

/* FLOAT and DOUBLE rendered as the text protocol renders them, then read back, so both
 * protocols yield the same double: fixed decimals print that many digits ("%.*f"); a FLOAT
 * without them prints 6 significant digits (FLT_DIG, MariaDB's text form); a DOUBLE without them
 * prints the shortest round-trip form, which is the exact value. */
static double as_text_renders(double v, bool is_float, uint8_t decimals)
{
    char tmp[FLOAT_TEXT_MAX];
    int n;
    if (!isfinite(v))
        return v;
    if (decimals < SQLX_MY_DECIMALS_NOT_FIXED)
        n = snprintf(tmp, sizeof tmp, "%.*f", (int)decimals, v);
    else if (is_float)
        n = snprintf(tmp, sizeof tmp, "%.6g", v);
    else
        return v;
    if (n <= 0 || (size_t)n >= sizeof tmp)
        return v;
    return strtod(tmp, NULL);
}

/* DATE / DATETIME / TIMESTAMP. */
static int bin_datetime(const struct sqlx_my_column *col, const unsigned char *p, size_t avail,
                        size_t *consumed, struct sqlx_my_scratch *scratch, struct sqlx_value *out,
                        struct sqlx_err *err)
{
    if (avail < 1)
        return bad_value(err, col, "value is truncated");
    size_t len = p[0];
    if (len != 0 && len != 4 && len != 7 && len != 11)
        return bad_value(err, col, "length must be 0, 4, 7 or 11");
    if (avail < 1 + len)
        return bad_value(err, col, "value is truncated");
    const unsigned char *q = p + 1;
    unsigned year = len ? rd_u16(q) : 0, month = len ? q[2] : 0, day = len ? q[3] : 0;
    unsigned hour = len >= 7 ? q[4] : 0, minute = len >= 7 ? q[5] : 0;
    unsigned second = len >= 7 ? q[6] : 0;
    uint32_t us = len == 11 ? rd_u32(q + 7) : 0;
    if (year > 9999 || month > 12 || day > 31 || hour > 23 || minute > 59 || second > 59 ||
        us > 999999)
        return bad_value(err, col, "field out of range");
    if (!scratch)
        return sqlx_err_set(err, SQLX_EINTERNAL, "no scratch space to render a date");
    char *d = slot_room(scratch);
    size_t n = 10;
    put4(d, year);
    d[4] = '-';
    put2(d + 5, month);
    d[7] = '-';
    put2(d + 8, day);
    if (col->type != SQLX_MY_TYPE_DATE && col->type != SQLX_MY_TYPE_NEWDATE) {
        d[10] = ' ';
        put2(d + 11, hour);
        d[13] = ':';
        put2(d + 14, minute);
        d[16] = ':';
        put2(d + 17, second);
        n = 19 + put_frac(d + 19, us, col->decimals);
    }
    slot_commit(scratch, n);
    sqlx_value_set_bytes(out, SQLX_V_TEXT, d, n);
    *consumed = 1 + len;
    return 0;
}

/* TIME: [-]HH:MM:SS[.f], hours = days * 24 + hour (MySQL's range is +-838:59:59). */
static int bin_time(const struct sqlx_my_column *col, const unsigned char *p, size_t avail,
                    size_t *consumed, struct sqlx_my_scratch *scratch, struct sqlx_value *out,
                    struct sqlx_err *err)
{
    if (avail < 1)
        return bad_value(err, col, "value is truncated");
    size_t len = p[0];
    if (len != 0 && len != 8 && len != 12)
        return bad_value(err, col, "length must be 0, 8 or 12");
    if (avail < 1 + len)
        return bad_value(err, col, "value is truncated");
    const unsigned char *q = p + 1;
    bool neg = len && q[0];
    uint64_t days = len ? rd_u32(q + 1) : 0;
    unsigned hour = len ? q[5] : 0, minute = len ? q[6] : 0, second = len ? q[7] : 0;
    uint32_t us = len == 12 ? rd_u32(q + 8) : 0;
    if ((len && q[0] > 1) || hour > 23 || minute > 59 || second > 59 || us > 999999)
        return bad_value(err, col, "field out of range");
    if (!scratch)
        return sqlx_err_set(err, SQLX_EINTERNAL, "no scratch space to render a time");
    char *d = slot_room(scratch);
    size_t n = 0;
    if (neg)
        d[n++] = '-';
    n += put_pad(d + n, days * 24 + hour, 2);
    d[n++] = ':';
    put2(d + n, minute);
    d[n + 2] = ':';
    put2(d + n + 3, second);
    n += 5;
    n += put_frac(d + n, us, col->decimals);
    slot_commit(scratch, n);
    sqlx_value_set_bytes(out, SQLX_V_TEXT, d, n);
    *consumed = 1 + len;
    return 0;
}

/* Fixed-size integers: width 1, 2, 4 or 8 bytes, sign-extended unless the column is unsigned. */
static int bin_int(const struct sqlx_my_column *col, const unsigned char *p, size_t avail,
                   size_t width, size_t *consumed, struct sqlx_my_scratch *scratch,
                   struct sqlx_value *out, struct sqlx_err *err)
{
    if (avail < width)
        return bad_value(err, col, "value is truncated");
    uint64_t u = width == 1 ? p[0] : width == 2 ? rd_u16(p) : width == 4 ? rd_u32(p) : rd_u64(p);
    *consumed = width;
    if (is_unsigned(col) || col->type == SQLX_MY_TYPE_YEAR)
        return put_unsigned(u, scratch, out, err);
    int64_t i;
    if (width == 1)
        i = (int8_t)u;
    else if (width == 2)
        i = (int16_t)u;
    else if (width == 4)
        i = (int32_t)u;
    else
        memcpy(&i, &u, sizeof i);
    sqlx_value_set_int(out, i);
    return 0;
}

int sqlx_my_decode_binary(const struct sqlx_my_column *col, const unsigned char *p, size_t avail,
                          size_t *consumed, struct sqlx_my_scratch *scratch, struct sqlx_value *out,
                          struct sqlx_err *err)
{
    *consumed = 0;
    switch (col->type) {
    case SQLX_MY_TYPE_NULL:
        sqlx_value_set_null(out);
        return 0;
    case SQLX_MY_TYPE_TINY:
        return bin_int(col, p, avail, 1, consumed, scratch, out, err);
    case SQLX_MY_TYPE_SHORT:
    case SQLX_MY_TYPE_YEAR:
        return bin_int(col, p, avail, 2, consumed, scratch, out, err);
    case SQLX_MY_TYPE_INT24:
    case SQLX_MY_TYPE_LONG:
        return bin_int(col, p, avail, 4, consumed, scratch, out, err);
    case SQLX_MY_TYPE_LONGLONG:
        return bin_int(col, p, avail, 8, consumed, scratch, out, err);
    case SQLX_MY_TYPE_FLOAT: {
        if (avail < 4)
            return bad_value(err, col, "value is truncated");
        uint32_t u = rd_u32(p);
        float f;
        memcpy(&f, &u, sizeof f);
        sqlx_value_set_float(out, as_text_renders(f, true, col->decimals));
        *consumed = 4;
        return 0;
    }
    case SQLX_MY_TYPE_DOUBLE: {
        if (avail < 8)
            return bad_value(err, col, "value is truncated");
        uint64_t u = rd_u64(p);
        double d;
        memcpy(&d, &u, sizeof d);
        sqlx_value_set_float(out, as_text_renders(d, false, col->decimals));
        *consumed = 8;
        return 0;
    }
    case SQLX_MY_TYPE_DATE:
    case SQLX_MY_TYPE_NEWDATE:
    case SQLX_MY_TYPE_DATETIME:
    case SQLX_MY_TYPE_DATETIME2:
    case SQLX_MY_TYPE_TIMESTAMP:
    case SQLX_MY_TYPE_TIMESTAMP2:
        return bin_datetime(col, p, avail, consumed, scratch, out, err);
    case SQLX_MY_TYPE_TIME:
    case SQLX_MY_TYPE_TIME2:
        return bin_time(col, p, avail, consumed, scratch, out, err);
    default:
        if (!lenenc_type(col->type))
            return sqlx_err_set(err, SQLX_EUNSUPPORTED,
                                "unsupported column type %u in a binary row", (unsigned)col->type);
        break;
    }
    uint64_t n;
    size_t used;
    if (!rd_lenenc(p, avail, &n, &used) || n > avail - used)
        return bad_value(err, col, "value is truncated");
    const char *s = (const char *)p + used;
    *consumed = used + (size_t)n;
    if (col->type == SQLX_MY_TYPE_BIT) {
        uint64_t u;
        if (!bits_value(p + used, (size_t)n, &u))
            return bad_value(err, col, "more than 64 bits");
        return put_unsigned(u, scratch, out, err);
    }
    enum sqlx_vtype t = sqlx_my_vtype(col);
    sqlx_value_set_bytes(out, t == SQLX_V_BLOB ? SQLX_V_BLOB : SQLX_V_TEXT, s, (size_t)n);
    return 0;
}

/* ---- whole rows -------------------------------------------------------------------------------- */

void sqlx_my_column_plan(struct sqlx_my_column *col)
{
    bool sign = !is_unsigned(col);
    col->fast = SQLX_MY_FAST_NONE;
    switch (col->type) {
    case SQLX_MY_TYPE_TINY:
        col->fast = sign ? SQLX_MY_FAST_I8 : SQLX_MY_FAST_NONE;
        return;
    case SQLX_MY_TYPE_SHORT:
        col->fast = sign ? SQLX_MY_FAST_I16 : SQLX_MY_FAST_NONE;
        return;
    case SQLX_MY_TYPE_INT24:
    case SQLX_MY_TYPE_LONG:
        col->fast = sign ? SQLX_MY_FAST_I32 : SQLX_MY_FAST_NONE;
        return;
    case SQLX_MY_TYPE_LONGLONG:
        col->fast = sign ? SQLX_MY_FAST_I64 : SQLX_MY_FAST_NONE;
        return;
    case SQLX_MY_TYPE_DATETIME:
    case SQLX_MY_TYPE_DATETIME2:
    case SQLX_MY_TYPE_TIMESTAMP:
    case SQLX_MY_TYPE_TIMESTAMP2:
        /* no fraction to print when the server sends no microseconds (length 7) */
        if (col->decimals == 0 || col->decimals >= SQLX_MY_DECIMALS_NOT_FIXED)
            col->fast = SQLX_MY_FAST_DATETIME;
        return;
    default:
        /* strings, decimals, JSON, ENUM, SET, blobs, GEOMETRY; not BIT (its bytes are a number) */
        if (lenenc_type(col->type) && col->type != SQLX_MY_TYPE_BIT)
            col->fast = sqlx_my_vtype(col) == SQLX_V_BLOB ? SQLX_MY_FAST_BLOB : SQLX_MY_FAST_TEXT;
        return;
    }
}

/* The shortcut for one binary value of a planned column at p, avail bytes left: how many bytes
 * the value used, or 0 when it is not the shape the shortcut takes (a longer length prefix, a
 * DATETIME with microseconds, a field out of range ...): the general decoder then reads it,
 * errors included. */
static inline __attribute__((always_inline)) size_t
binary_fast(uint8_t fast, const unsigned char *p, size_t avail, struct sqlx_my_scratch *scratch,
            struct sqlx_value *out)
{
    switch ((enum sqlx_my_fast)fast) {
    case SQLX_MY_FAST_TEXT:
    case SQLX_MY_FAST_BLOB:
        /* a one-byte length (below 0xFB) */
        if (avail == 0 || p[0] >= 0xFB || p[0] > avail - 1)
            return 0;
        sqlx_value_set_bytes(out, fast == SQLX_MY_FAST_BLOB ? SQLX_V_BLOB : SQLX_V_TEXT, p + 1,
                             p[0]);
        return 1 + (size_t)p[0];
    case SQLX_MY_FAST_I8:
        if (avail < 1)
            return 0;
        sqlx_value_set_int(out, (int8_t)p[0]);
        return 1;
    case SQLX_MY_FAST_I16:
        if (avail < 2)
            return 0;
        sqlx_value_set_int(out, (int16_t)rd_u16(p));
        return 2;
    case SQLX_MY_FAST_I32:
        if (avail < 4)
            return 0;
        sqlx_value_set_int(out, (int32_t)rd_u32(p));
        return 4;
    case SQLX_MY_FAST_I64: {
        if (avail < 8)
            return 0;
        uint64_t u = rd_u64(p);
        int64_t i;
        memcpy(&i, &u, sizeof i);
        sqlx_value_set_int(out, i);
        return 8;
    }
    case SQLX_MY_FAST_DATETIME: {
        /* length 7: year (2 bytes LE), month, day, hour, minute, second */
        if (avail < 8 || p[0] != 7 || !scratch)
            return 0;
        unsigned year = rd_u16(p + 1);
        if (year > 9999 || p[3] > 12 || p[4] > 31 || p[5] > 23 || p[6] > 59 || p[7] > 59)
            return 0;
        char *d = slot_room(scratch);
        put4(d, year);
        d[4] = '-';
        put2(d + 5, p[3]);
        d[7] = '-';
        put2(d + 8, p[4]);
        d[10] = ' ';
        put2(d + 11, p[5]);
        d[13] = ':';
        put2(d + 14, p[6]);
        d[16] = ':';
        put2(d + 17, p[7]);
        slot_commit(scratch, 19);
        sqlx_value_set_bytes(out, SQLX_V_TEXT, d, 19);
        return 8;
    }
    case SQLX_MY_FAST_NONE:
        break;
    }
    return 0;
}

void sqlx_my_decode_row(const struct sqlx_my_column *cols, const struct sqlx_wire_val *vals,
                        uint32_t n, bool binary, struct sqlx_my_scratch *scratch,
                        struct sqlx_value *out)
{
    for (uint32_t i = 0; i < n; i++) {
        const struct sqlx_wire_val *v = &vals[i];
        const struct sqlx_my_column *col = &cols[i];
        struct sqlx_value *o = &out[i];
        if (v->kind != SQLX_WV_BYTES) {
            sqlx_value_set_null(o);
            continue;
        }
        /* the codec gave the value's exact extent: the shortcut must use all of it */
        if (binary && col->fast && binary_fast(col->fast, v->p, v->n, scratch, o) == v->n)
            continue;
        struct sqlx_err err;
        int rc;
        if (binary) {
            size_t used = 0;
            rc = sqlx_my_decode_binary(col, v->p, v->n, &used, scratch, o, &err);
        } else {
            rc = sqlx_my_decode_text(col, (const char *)v->p, (long)v->n, scratch, o, &err);
        }
        if (rc != 0)
            sqlx_value_set_bytes(o, SQLX_V_BLOB, v->p, v->n);
    }
}

int sqlx_my_binary_encoding(uint8_t type)
{
    switch (type) {
    case SQLX_MY_TYPE_TINY:
        return SQLX_WENC_FIXED1;
    case SQLX_MY_TYPE_SHORT:
    case SQLX_MY_TYPE_YEAR:
        return SQLX_WENC_FIXED2;
    case SQLX_MY_TYPE_INT24:
    case SQLX_MY_TYPE_LONG:
    case SQLX_MY_TYPE_FLOAT:
        return SQLX_WENC_FIXED4;
    case SQLX_MY_TYPE_LONGLONG:
    case SQLX_MY_TYPE_DOUBLE:
        return SQLX_WENC_FIXED8;
    case SQLX_MY_TYPE_NULL:
        return SQLX_WENC_EMPTY;
    case SQLX_MY_TYPE_TIMESTAMP:
    case SQLX_MY_TYPE_DATE:
    case SQLX_MY_TYPE_TIME:
    case SQLX_MY_TYPE_DATETIME:
    case SQLX_MY_TYPE_NEWDATE:
    case SQLX_MY_TYPE_TIMESTAMP2:
    case SQLX_MY_TYPE_DATETIME2:
    case SQLX_MY_TYPE_TIME2:
        return SQLX_WENC_LEN8;
    default:
        return SQLX_WENC_LENENC;
    }
}

int sqlx_my_decode_binary_row(const struct sqlx_my_column *cols, uint32_t n, const uint8_t *p,
                              size_t len, struct sqlx_my_scratch *scratch,
                              struct sqlx_value *out)
{
    size_t nb = ((size_t)n + 2 + 7) / 8;
    if (len < 1 + nb || p[0] != 0)
        return -1;
    const uint8_t *bits = p + 1;
    size_t pos = 1 + nb;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t bit = i + 2;
        struct sqlx_value *o = &out[i];
        if ((bits[bit >> 3] >> (bit & 7)) & 1) {
            sqlx_value_set_null(o);
            continue;
        }
        const uint8_t *q = p + pos;
        size_t left = len - pos;
        const struct sqlx_my_column *col = &cols[i];
        size_t used = col->fast ? binary_fast(col->fast, q, left, scratch, o) : 0;
        if (used) {
            pos += used;
            continue;
        }
        struct sqlx_err err;
        used = 0;
        if (sqlx_my_decode_binary(col, q, left, &used, scratch, o, &err) != 0 || used == 0 ||
            used > left)
            return -1;
        pos += used;
    }
    return pos == len ? 0 : -1;
}

/* ---- parameters ------------------------------------------------------------------------------ */

static void put_u64le(struct sqlx_buf *out, uint64_t v)
{
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    sqlx_buf_put(out, b, sizeof b);
}

static void put_lenenc(struct sqlx_buf *out, uint64_t v)
{
    unsigned char b[9];
    size_t k;
    if (v < 0xFB) {
        b[0] = (unsigned char)v;
        sqlx_buf_put(out, b, 1);
        return;
    }
    if (v <= 0xFFFF) {
        b[0] = 0xFC;
        k = 2;
    } else if (v <= 0xFFFFFF) {
        b[0] = 0xFD;
        k = 3;
    } else {
        b[0] = 0xFE;
        k = 8;
    }
    for (size_t i = 0; i < k; i++)
        b[1 + i] = (unsigned char)(v >> (8 * i));
    sqlx_buf_put(out, b, 1 + k);
}

/* Writes v's 8 bytes little-endian at d. */
static void store_u64le(unsigned char *d, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        d[i] = (unsigned char)(v >> (8 * i));
}

/* The common values (numbers, strings under 251 bytes) written straight into out's memory,
 * room made once: parameters of large batches are encoded by the ten thousand. False when the
 * general path must write it (a size-capped buffer, a longer string, another type). */
static bool encode_direct(const struct sqlx_value *v, uint16_t *type_out, struct sqlx_buf *out)
{
    if (out->max)
        return false;
    uint64_t u;
    switch (v->type) {
    case SQLX_V_INT:
    case SQLX_V_FLOAT:
        sqlx_buf_reserve(out, 8);
        memcpy(&u, v->type == SQLX_V_INT ? (const void *)&v->i : (const void *)&v->f, sizeof u);
        store_u64le((unsigned char *)out->data + out->len, u);
        out->len += 8;
        *type_out = v->type == SQLX_V_INT ? SQLX_MY_TYPE_LONGLONG : SQLX_MY_TYPE_DOUBLE;
        break;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        if (v->n >= 0xFB)
            return false;
        sqlx_buf_reserve(out, 1 + v->n);
        out->data[out->len] = (char)v->n;
        if (v->n)
            memcpy(out->data + out->len + 1, v->s, v->n);
        out->len += 1 + v->n;
        *type_out = v->type == SQLX_V_TEXT ? SQLX_MY_TYPE_VAR_STRING : SQLX_MY_TYPE_BLOB;
        break;
    default:
        return false;
    }
    out->data[out->len] = '\0';
    return true;
}

int sqlx_my_encode_param(const struct sqlx_value *v, uint16_t *type_out, struct sqlx_buf *out,
                         struct sqlx_err *err)
{
    if (encode_direct(v, type_out, out))
        return 0;
    switch (v->type) {
    case SQLX_V_NULL:
        *type_out = SQLX_MY_TYPE_NULL;
        return 0;
    case SQLX_V_INT: {
        uint64_t u;
        memcpy(&u, &v->i, sizeof u);
        *type_out = SQLX_MY_TYPE_LONGLONG;
        put_u64le(out, u);
        break;
    }
    case SQLX_V_FLOAT: {
        uint64_t u;
        memcpy(&u, &v->f, sizeof u);
        *type_out = SQLX_MY_TYPE_DOUBLE;
        put_u64le(out, u);
        break;
    }
    case SQLX_V_BOOL:
        *type_out = SQLX_MY_TYPE_TINY;
        sqlx_buf_putc(out, v->b ? 1 : 0);
        break;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        *type_out = v->type == SQLX_V_TEXT ? SQLX_MY_TYPE_VAR_STRING : SQLX_MY_TYPE_BLOB;
        put_lenenc(out, v->n);
        if (v->n)
            sqlx_buf_put(out, v->s, v->n);
        break;
    default:
        return sqlx_err_set(err, SQLX_EINTERNAL, "unknown value type %d", (int)v->type);
    }
    if (out->failed)
        return sqlx_err_set(err, SQLX_ETOOBIG, "statement parameters are too large");
    return 0;
}

/* ---- errors ---------------------------------------------------------------------------------- */

static enum sqlx_code constraint(enum sqlx_constraint_kind k, enum sqlx_constraint_kind *kind)
{
    if (kind)
        *kind = k;
    return SQLX_ECONSTRAINT;
}

static bool state_class(const char *sqlstate, const char *cls)
{
    return sqlstate && sqlstate[0] == cls[0] && sqlstate[0] && sqlstate[1] == cls[1];
}

enum sqlx_code sqlx_my_errno_code(int errnum, const char *sqlstate, enum sqlx_constraint_kind *kind)
{
    if (kind)
        *kind = SQLX_CONSTRAINT_NONE;
    switch (errnum) {
    case 1022: /* ER_DUP_KEY */
    case 1062: /* ER_DUP_ENTRY */
    case 1586: /* ER_DUP_ENTRY_WITH_KEY_NAME */
        return constraint(SQLX_CONSTRAINT_UNIQUE, kind);
    case 1216: /* ER_NO_REFERENCED_ROW */
    case 1217: /* ER_ROW_IS_REFERENCED */
    case 1451: /* ER_ROW_IS_REFERENCED_2 */
    case 1452: /* ER_NO_REFERENCED_ROW_2 */
        return constraint(SQLX_CONSTRAINT_FOREIGN_KEY, kind);
    case 3819: /* MySQL ER_CHECK_CONSTRAINT_VIOLATED */
    case 4025: /* MariaDB ER_CONSTRAINT_FAILED */
        return constraint(SQLX_CONSTRAINT_CHECK, kind);
    case 1048: /* ER_BAD_NULL_ERROR */
    case 1138: /* ER_INVALID_USE_OF_NULL */
    case 1364: /* ER_NO_DEFAULT_FOR_FIELD */
        return constraint(SQLX_CONSTRAINT_NOT_NULL, kind);
    case 1044: /* ER_DBACCESS_DENIED_ERROR */
    case 1045: /* ER_ACCESS_DENIED_ERROR */
    case 1698: /* ER_ACCESS_DENIED_NO_PASSWORD_ERROR */
    case 1862: /* ER_MUST_CHANGE_PASSWORD_LOGIN */
        return SQLX_EINVAL;
    case 1235: /* ER_NOT_SUPPORTED_YET */
    case 1251: /* ER_NOT_SUPPORTED_AUTH_MODE */
    case 1295: /* ER_UNSUPPORTED_PS */
        return SQLX_EUNSUPPORTED;
    case 1040: /* ER_CON_COUNT_ERROR */
    case 1203: /* ER_TOO_MANY_USER_CONNECTIONS */
    case 1213: /* ER_LOCK_DEADLOCK */
        return SQLX_EBUSY;
    case 1205: /* ER_LOCK_WAIT_TIMEOUT */
    case 1317: /* ER_QUERY_INTERRUPTED */
    case 1969: /* MariaDB ER_STATEMENT_TIMEOUT */
    case 3024: /* MySQL ER_QUERY_TIMEOUT */
        return SQLX_ETIMEOUT;
    case 1053: /* ER_SERVER_SHUTDOWN */
    case 1152: /* ER_ABORTING_CONNECTION */
    case 1158: /* ER_NET_READ_ERROR */
    case 1159: /* ER_NET_READ_INTERRUPTED */
    case 1160: /* ER_NET_ERROR_ON_WRITE */
    case 1161: /* ER_NET_WRITE_INTERRUPTED */
    case 1184: /* ER_NEW_ABORTING_CONNECTION */
    case 1927: /* MariaDB ER_CONNECTION_KILLED */
    case 2006: /* CR_SERVER_GONE_ERROR */
    case 2013: /* CR_SERVER_LOST */
    case 2055: /* CR_SERVER_LOST_EXTENDED */
        return SQLX_EIO;
    case 1118: /* ER_TOO_BIG_ROWSIZE */
    case 1153: /* ER_NET_PACKET_TOO_LARGE */
        return SQLX_ETOOBIG;
    case 1264: /* ER_WARN_DATA_OUT_OF_RANGE */
    case 1265: /* WARN_DATA_TRUNCATED */
    case 1292: /* ER_TRUNCATED_WRONG_VALUE */
    case 1365: /* ER_DIVISION_BY_ZERO */
    case 1366: /* ER_TRUNCATED_WRONG_VALUE_FOR_FIELD */
    case 1367: /* ER_ILLEGAL_VALUE_FOR_TYPE */
    case 1406: /* ER_DATA_TOO_LONG */
        return SQLX_EINVAL;
    default:
        break;
    }
    if (state_class(sqlstate, "23"))
        return SQLX_ECONSTRAINT;
    if (state_class(sqlstate, "22") || state_class(sqlstate, "28"))
        return SQLX_EINVAL;
    if (state_class(sqlstate, "08"))
        return SQLX_EIO;
    if (sqlstate && strcmp(sqlstate, "40001") == 0)
        return SQLX_EBUSY;
    if (state_class(sqlstate, "0A"))
        return SQLX_EUNSUPPORTED;
    return SQLX_EENGINE;
}

/* Copies the text between open (searched for in msg) and the next close character. */
static bool between(const char *msg, const char *open, char close, char *out, size_t cap)
{
    const char *p = strstr(msg, open);
    if (!p)
        return false;
    p += strlen(open);
    const char *end = strchr(p, close);
    if (!end || (size_t)(end - p) >= cap)
        return false;
    memcpy(out, p, (size_t)(end - p));
    out[end - p] = '\0';
    return true;
}

void sqlx_my_error_constraint(int errnum, const char *msg, char *out, size_t cap)
{
    bool ok = false;
    if (cap == 0)
        return;
    out[0] = '\0';
    if (!msg)
        return;
    switch (errnum) {
    case 1062: {
        /* The key name is the last quoted item; the duplicated value before it may hold quotes. */
        const char *p = NULL;
        for (const char *q = strstr(msg, "' for key '"); q; q = strstr(q + 1, "' for key '"))
            p = q;
        ok = p && between(p, "' for key '", '\'', out, cap);
        break;
    }
    case 1451:
    case 1452:
    case 4025:
        ok = between(msg, "CONSTRAINT `", '`', out, cap);
        break;
    case 3819:
        ok = between(msg, "Check constraint '", '\'', out, cap);
        break;
    case 1048:
        ok = between(msg, "Column '", '\'', out, cap);
        break;
    default:
        break;
    }
    if (!ok)
        out[0] = '\0';
}
