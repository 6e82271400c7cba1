/* PostgreSQL type codecs: decodes text and binary result values into universal values and
 * encodes parameters. Renders numeric, date/time, interval, uuid and array values exactly as the
 * server's own output functions do (numeric_out, EncodeDateTime, EncodeInterval, array_out), so
 * a binary column reads like its text form. Owns only the scratch blocks; does no I/O and keeps
 * no state between calls.
 *
 * Binary layouts (network byte order), from the protocol documentation:
 *   numeric   int16 ndigits | int16 weight | uint16 sign | uint16 dscale | ndigits x int16 digit
 *   date      int32 days since 2000-01-01 (INT32_MIN / INT32_MAX = -infinity / infinity)
 *   time      int64 microseconds since midnight
 *   timetz    int64 microseconds | int32 zone, seconds WEST of UTC
 *   timestamp int64 microseconds since 2000-01-01 00:00 (INT64_MIN / INT64_MAX = infinities)
 *   interval  int64 microseconds | int32 days | int32 months
 *   array     int32 ndim | int32 has_nulls | uint32 elem oid | ndim x (int32 size, int32 lbound)
 *             | per element: int32 len (-1 = NULL) + bytes
 */
#include "wire/pg_types.h"

#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"

/* ------------------------------------------------------------------------------------------ */
/* Type table                                                                                 */

struct pg_type {
    uint32_t oid;          /* pg_type.oid */
    const char *name;      /* pg_type.typname */
    uint32_t elem;         /* element type for arrays, else 0 */
    enum sqlx_vtype vtype; /* universal type of a non-NULL value */
    bool binary;           /* sqlx_pg_decode reads the binary format */
};

static const struct pg_type pg_types[] = {
    { SQLX_PG_BOOL, "bool", 0, SQLX_V_BOOL, true },
    { SQLX_PG_BYTEA, "bytea", 0, SQLX_V_BLOB, true },
    { SQLX_PG_CHAR, "char", 0, SQLX_V_TEXT, true },
    { SQLX_PG_NAME, "name", 0, SQLX_V_TEXT, true },
    { SQLX_PG_INT8, "int8", 0, SQLX_V_INT, true },
    { SQLX_PG_INT2, "int2", 0, SQLX_V_INT, true },
    { SQLX_PG_INT4, "int4", 0, SQLX_V_INT, true },
    { SQLX_PG_TEXT, "text", 0, SQLX_V_TEXT, true },
    { SQLX_PG_OID, "oid", 0, SQLX_V_INT, true },
    { SQLX_PG_JSON, "json", 0, SQLX_V_TEXT, true },
    { SQLX_PG_FLOAT4, "float4", 0, SQLX_V_FLOAT, true },
    { SQLX_PG_FLOAT8, "float8", 0, SQLX_V_FLOAT, true },
    { SQLX_PG_UNKNOWN, "unknown", 0, SQLX_V_TEXT, true },
    { SQLX_PG_BPCHAR, "bpchar", 0, SQLX_V_TEXT, true },
    { SQLX_PG_VARCHAR, "varchar", 0, SQLX_V_TEXT, true },
    { SQLX_PG_DATE, "date", 0, SQLX_V_TEXT, true },
    { SQLX_PG_TIME, "time", 0, SQLX_V_TEXT, true },
    { SQLX_PG_TIMESTAMP, "timestamp", 0, SQLX_V_TEXT, true },
    { SQLX_PG_TIMESTAMPTZ, "timestamptz", 0, SQLX_V_TEXT, true },
    { SQLX_PG_INTERVAL, "interval", 0, SQLX_V_TEXT, true },
    { SQLX_PG_TIMETZ, "timetz", 0, SQLX_V_TEXT, true },
    { SQLX_PG_NUMERIC, "numeric", 0, SQLX_V_TEXT, true },
    { SQLX_PG_UUID, "uuid", 0, SQLX_V_TEXT, true },
    { SQLX_PG_JSONB, "jsonb", 0, SQLX_V_TEXT, true },
    { SQLX_PG_JSON_ARRAY, "_json", SQLX_PG_JSON, SQLX_V_TEXT, true },
    { SQLX_PG_BOOL_ARRAY, "_bool", SQLX_PG_BOOL, SQLX_V_TEXT, true },
    { SQLX_PG_BYTEA_ARRAY, "_bytea", SQLX_PG_BYTEA, SQLX_V_TEXT, true },
    { SQLX_PG_CHAR_ARRAY, "_char", SQLX_PG_CHAR, SQLX_V_TEXT, true },
    { SQLX_PG_NAME_ARRAY, "_name", SQLX_PG_NAME, SQLX_V_TEXT, true },
    { SQLX_PG_INT2_ARRAY, "_int2", SQLX_PG_INT2, SQLX_V_TEXT, true },
    { SQLX_PG_INT4_ARRAY, "_int4", SQLX_PG_INT4, SQLX_V_TEXT, true },
    { SQLX_PG_TEXT_ARRAY, "_text", SQLX_PG_TEXT, SQLX_V_TEXT, true },
    { SQLX_PG_BPCHAR_ARRAY, "_bpchar", SQLX_PG_BPCHAR, SQLX_V_TEXT, true },
    { SQLX_PG_VARCHAR_ARRAY, "_varchar", SQLX_PG_VARCHAR, SQLX_V_TEXT, true },
    { SQLX_PG_INT8_ARRAY, "_int8", SQLX_PG_INT8, SQLX_V_TEXT, true },
    { SQLX_PG_FLOAT4_ARRAY, "_float4", SQLX_PG_FLOAT4, SQLX_V_TEXT, true },
    { SQLX_PG_FLOAT8_ARRAY, "_float8", SQLX_PG_FLOAT8, SQLX_V_TEXT, true },
    { SQLX_PG_OID_ARRAY, "_oid", SQLX_PG_OID, SQLX_V_TEXT, true },
    { SQLX_PG_TIMESTAMP_ARRAY, "_timestamp", SQLX_PG_TIMESTAMP, SQLX_V_TEXT, true },
    { SQLX_PG_DATE_ARRAY, "_date", SQLX_PG_DATE, SQLX_V_TEXT, true },
    { SQLX_PG_TIME_ARRAY, "_time", SQLX_PG_TIME, SQLX_V_TEXT, true },
    { SQLX_PG_TIMESTAMPTZ_ARRAY, "_timestamptz", SQLX_PG_TIMESTAMPTZ, SQLX_V_TEXT, true },
    { SQLX_PG_INTERVAL_ARRAY, "_interval", SQLX_PG_INTERVAL, SQLX_V_TEXT, true },
    { SQLX_PG_NUMERIC_ARRAY, "_numeric", SQLX_PG_NUMERIC, SQLX_V_TEXT, true },
    { SQLX_PG_TIMETZ_ARRAY, "_timetz", SQLX_PG_TIMETZ, SQLX_V_TEXT, true },
    { SQLX_PG_UUID_ARRAY, "_uuid", SQLX_PG_UUID, SQLX_V_TEXT, true },
    { SQLX_PG_JSONB_ARRAY, "_jsonb", SQLX_PG_JSONB, SQLX_V_TEXT, true },
};

static const struct pg_type *find_type(uint32_t oid)
{
    for (size_t i = 0; i < sizeof pg_types / sizeof pg_types[0]; i++)
        if (pg_types[i].oid == oid)
            return &pg_types[i];
    return NULL;
}

bool sqlx_pg_binary_ok(uint32_t oid)
{
    const struct pg_type *t = find_type(oid);
    return t && t->binary;
}

uint32_t sqlx_pg_array_elem(uint32_t oid)
{
    const struct pg_type *t = find_type(oid);
    return t ? t->elem : 0;
}

const char *sqlx_pg_type_name(uint32_t oid)
{
    const struct pg_type *t = find_type(oid);
    return t ? t->name : NULL;
}

enum sqlx_vtype sqlx_pg_vtype(uint32_t oid)
{
    const struct pg_type *t = find_type(oid);
    return t ? t->vtype : SQLX_V_TEXT;
}

/* Name used in messages: the SQL spelling users know ("integer"), else typname. */
static const char *type_label(uint32_t oid)
{
    switch (oid) {
    case SQLX_PG_INT2:
        return "smallint";
    case SQLX_PG_INT4:
        return "integer";
    case SQLX_PG_INT8:
        return "bigint";
    case SQLX_PG_FLOAT4:
        return "real";
    case SQLX_PG_FLOAT8:
        return "double precision";
    case SQLX_PG_BOOL:
        return "boolean";
    case SQLX_PG_TIMESTAMPTZ:
        return "timestamp with time zone";
    case SQLX_PG_TIMETZ:
        return "time with time zone";
    default:
        break;
    }
    const char *n = sqlx_pg_type_name(oid);
    return n ? n : "unknown";
}

/* ------------------------------------------------------------------------------------------ */
/* Scratch: chained blocks; the value being written ("open") is moved whole to a new block when
 * the head fills up, finished values never move.                                            */

#define SCRATCH_BLOCK_MIN 4096

struct sqlx_pg_scratch_block {
    struct sqlx_pg_scratch_block *next; /* older block */
    size_t size;                        /* bytes in data */
    char data[];                        /* the space handed out */
};

void sqlx_pg_scratch_init(struct sqlx_pg_scratch *s, size_t max)
{
    s->head = NULL;
    s->used = 0;
    s->open = 0;
    s->total = 0;
    s->max = max;
}

static void free_blocks(struct sqlx_pg_scratch_block *b)
{
    while (b) {
        struct sqlx_pg_scratch_block *next = b->next;
        sqlx_free(b);
        b = next;
    }
}

static struct sqlx_pg_scratch_block *new_block(size_t size, struct sqlx_pg_scratch_block *next)
{
    if (size > SIZE_MAX - sizeof(struct sqlx_pg_scratch_block))
        sqlx_oom(size);
    struct sqlx_pg_scratch_block *b = sqlx_malloc(sizeof *b + size);
    b->next = next;
    b->size = size;
    return b;
}

void sqlx_pg_scratch_reset(struct sqlx_pg_scratch *s)
{
    if (s->head && s->head->next) {
        /* The last row needed several blocks: replace them by one that holds it all. */
        size_t sum = 0;
        for (struct sqlx_pg_scratch_block *b = s->head; b; b = b->next)
            sum += b->size;
        free_blocks(s->head);
        s->head = new_block(sum, NULL);
    }
    s->used = 0;
    s->open = 0;
    s->total = 0;
}

void sqlx_pg_scratch_free(struct sqlx_pg_scratch *s)
{
    free_blocks(s->head);
    sqlx_pg_scratch_init(s, s->max);
}

/* A writer appending to the open value of a scratch; `failed` is sticky (over the max). */
struct out {
    struct sqlx_pg_scratch *s; /* where the value goes */
    bool failed;               /* a write was dropped: the value is over the scratch max */
};

/* Returns room for n more bytes of the open value (commit them with o_commit), or NULL when
 * that would exceed the scratch max. */
static char *o_room(struct out *o, size_t n)
{
    struct sqlx_pg_scratch *s = o->s;
    size_t have = s->used - s->open;
    if (o->failed)
        return NULL;
    if (s->max && (n > s->max || have > s->max - n || s->total > s->max - n - have)) {
        o->failed = true;
        return NULL;
    }
    if (s->head && s->head->size - s->used >= n)
        return s->head->data + s->used;
    if (n > SIZE_MAX / 4 - have)
        sqlx_oom(n);
    size_t size = 2 * (have + n);
    if (size < SCRATCH_BLOCK_MIN)
        size = SCRATCH_BLOCK_MIN;
    struct sqlx_pg_scratch_block *b = new_block(size, s->head);
    if (have)
        memcpy(b->data, s->head->data + s->open, have);
    s->head = b;
    s->open = 0;
    s->used = have;
    return b->data + s->used;
}

static void o_commit(struct out *o, size_t n)
{
    o->s->used += n;
}

static void o_put(struct out *o, const void *p, size_t n)
{
    char *d = o_room(o, n);
    if (d && n) {
        memcpy(d, p, n);
        o_commit(o, n);
    }
}

static void o_puts(struct out *o, const char *str)
{
    o_put(o, str, strlen(str));
}

static void o_putc(struct out *o, char c)
{
    o_put(o, &c, 1);
}

/* Length of the open value so far. */
static size_t o_len(const struct out *o)
{
    return o->s->used - o->s->open;
}

/* Address of byte off of the open value; valid until the next o_room. */
static char *o_at(const struct out *o, size_t off)
{
    return o->s->head->data + o->s->open + off;
}

static void o_begin(struct out *o, struct sqlx_pg_scratch *s)
{
    o->s = s;
    o->failed = false;
    s->open = s->used;
}

/* Closes the open value into *out as TEXT or BLOB, or drops it and reports the failure. */
static int o_finish(struct out *o, enum sqlx_vtype type, struct sqlx_value *out,
                    struct sqlx_err *err)
{
    struct sqlx_pg_scratch *s = o->s;
    if (o->failed) {
        s->used = s->open;
        sqlx_err_set(err, SQLX_ETOOBIG, "row is too large to decode");
        sqlx_err_detail(err, "Decoded values of one row may use at most %zu bytes.", s->max);
        return SQLX_ETOOBIG;
    }
    size_t n = s->used - s->open;
    const char *p = n ? s->head->data + s->open : "";
    s->total += n;
    s->open = s->used;
    out->type = type;
    out->s = p;
    out->n = n;
    return 0;
}

static void o_abort(struct out *o)
{
    o->s->used = o->s->open;
}

/* ------------------------------------------------------------------------------------------ */
/* Byte and digit helpers                                                                     */

static uint16_t rd_u16(const unsigned char *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | p[1]);
}

static uint32_t rd_u32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static uint64_t rd_u64(const unsigned char *p)
{
    return ((uint64_t)rd_u32(p) << 32) | rd_u32(p + 4);
}

static int16_t rd_i16(const unsigned char *p)
{
    return (int16_t)rd_u16(p);
}

static int32_t rd_i32(const unsigned char *p)
{
    return (int32_t)rd_u32(p);
}

static int64_t rd_i64(const unsigned char *p)
{
    return (int64_t)rd_u64(p);
}

static void wr_u16(struct sqlx_buf *b, uint16_t v)
{
    sqlx_buf_put_u16be(b, v);
}

static void wr_u32(struct sqlx_buf *b, uint32_t v)
{
    sqlx_buf_put_u32be(b, v);
}

static void wr_u64(struct sqlx_buf *b, uint64_t v)
{
    sqlx_buf_put_u32be(b, (uint32_t)(v >> 32));
    sqlx_buf_put_u32be(b, (uint32_t)v);
}

/* Writes v in decimal, zero-padded to at least width digits; returns the length. */
static size_t put_upad(char *d, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width)
        tmp[n++] = '0';
    for (int i = 0; i < n; i++)
        d[i] = tmp[n - 1 - i];
    return (size_t)n;
}

static size_t put_i64(char *d, int64_t v)
{
    if (v < 0) {
        d[0] = '-';
        return 1 + put_upad(d + 1, (uint64_t)0 - (uint64_t)v, 1);
    }
    return put_upad(d, (uint64_t)v, 1);
}

/* ".ffffff" without trailing zeros, nothing when fsec is 0 (AppendSeconds). */
static size_t put_fsec(char *d, int32_t fsec)
{
    if (fsec == 0)
        return 0;
    uint32_t v = (uint32_t)(fsec < 0 ? -fsec : fsec);
    d[0] = '.';
    put_upad(d + 1, v, 6);
    size_t n = 7;
    while (d[n - 1] == '0')
        n--;
    return n;
}

static int malformed(struct sqlx_err *err, uint32_t oid, const char *what)
{
    return sqlx_err_set(err, SQLX_EINVAL, "malformed %s value from server: %s", type_label(oid),
                        what);
}

/* ------------------------------------------------------------------------------------------ */
/* Floats: the shortest text that reads back exactly, laid out as PostgreSQL's Ryu-based
 * float8out / float4out do (fixed notation for decimal exponents -4 .. 14, resp. -4 .. 5).    */

/* True when dig * 10^e10 equals odd * 2^k exactly (dig > 0, odd odd). */
static bool dec_equals_dyadic(uint64_t dig, int e10, uint64_t odd, int k)
{
    int a = 0;
    while (!(dig & 1)) {
        dig >>= 1;
        a++;
    }
    if (e10 >= 0) {
        /* dig * 5^e10 * 2^(a + e10) == odd * 2^k */
        for (int i = 0; i < e10; i++) {
            if (dig > odd / 5)
                return false;
            dig *= 5;
        }
        return dig == odd && a + e10 == k;
    }
    /* dig * 2^a == odd * 5^f * 2^(k + f), f = -e10 */
    uint64_t rhs = odd;
    for (int i = 0; i < -e10; i++) {
        if (rhs > dig / 5)
            return false;
        rhs *= 5;
    }
    return rhs == dig && a == k - e10;
}

/* True when dig * 10^e10 lies exactly halfway between d (> 0) and a neighbouring float. Such a
 * candidate reads back as d under round-half-even, but PostgreSQL's Ryu excludes the interval
 * bounds, so it prints more digits instead. */
static bool is_halfway(uint64_t dig, int e10, double d, bool single)
{
    for (int side = 0; side < 2; side++) {
        double gap;
        if (single) {
            float f = (float)d;
            gap = side ? (double)nextafterf(f, INFINITY) - f : f - (double)nextafterf(f, 0);
        } else {
            gap = side ? nextafter(d, INFINITY) - d : d - nextafter(d, 0);
        }
        if (!isfinite(gap) || gap <= 0)
            continue;
        /* midpoint = (2 * d / gap +- 1) * gap / 2, with gap a power of two */
        int k;
        frexp(gap, &k);
        k -= 2; /* gap = 2^(k + 1) */
        uint64_t units = (uint64_t)(d / gap);
        uint64_t odd = side ? 2 * units + 1 : 2 * units - 1;
        if (dec_equals_dyadic(dig, e10, odd, k))
            return true;
    }
    return false;
}

static bool float_roundtrips(const char *s, double d, bool single)
{
    if (single)
        return strtof(s, NULL) == (float)d;
    return strtod(s, NULL) == d;
}

/* Shortest decimal digits (no trailing zeros) and the exponent of the first digit. */
static void shortest_digits(double d, bool single, char digits[24], int *exp10)
{
    char tmp[48];
    int maxp = single ? 9 : 17;
    for (int prec = 1; prec <= maxp; prec++) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
        char *e = strchr(tmp, 'e');
        int ex = (int)strtol(e + 1, NULL, 10);
        /* Collect the mantissa digits. */
        uint64_t m = 0;
        for (const char *c = tmp; c < e; c++)
            if (*c >= '0' && *c <= '9')
                m = m * 10 + (uint64_t)(*c - '0');
        bool ok = float_roundtrips(tmp, d, single) && !is_halfway(m, ex - (prec - 1), d, single);
        if (!ok) {
            /* Near a power of two the interval is lopsided: the correctly rounded candidate can
             * miss while its upper or lower neighbour with as many digits reads back. */
            for (int delta = 1; delta >= -1 && !ok; delta -= 2) {
                uint64_t cand = delta > 0 ? m + 1 : m - 1;
                if (cand == 0)
                    continue;
                snprintf(tmp, sizeof tmp, "%" PRIu64 "e%d", cand, ex - (prec - 1));
                if (float_roundtrips(tmp, d, single) &&
                    !is_halfway(cand, ex - (prec - 1), d, single)) {
                    ok = true;
                    m = cand;
                }
            }
            if (!ok)
                continue;
        }
        /* m has prec digits, or prec+1 after 99..9 + 1. */
        char buf[24];
        int n = (int)put_upad(buf, m, 1);
        ex += n - prec;
        while (n > 1 && buf[n - 1] == '0')
            n--;
        memcpy(digits, buf, (size_t)n);
        digits[n] = '\0';
        *exp10 = ex;
        return;
    }
    /* Unreachable: 17 (9) significant digits always read back. */
    digits[0] = '0';
    digits[1] = '\0';
    *exp10 = 0;
}

/* Writes d as float8out (single: float4out) does; buf holds at least 40 bytes. */
static size_t fmt_float(double d, bool single, char *buf)
{
    if (isnan(d)) {
        memcpy(buf, "NaN", 3);
        return 3;
    }
    if (isinf(d)) {
        if (d < 0) {
            memcpy(buf, "-Infinity", 9);
            return 9;
        }
        memcpy(buf, "Infinity", 8);
        return 8;
    }
    size_t n = 0;
    if (signbit(d))
        buf[n++] = '-';
    if (d == 0) {
        buf[n++] = '0';
        return n;
    }
    char dig[24];
    int ex;
    shortest_digits(fabs(d), single, dig, &ex);
    int nd = (int)strlen(dig);
    if (ex >= -4 && ex < (single ? 6 : 15)) {
        if (ex < 0) {
            buf[n++] = '0';
            buf[n++] = '.';
            for (int i = -1; i > ex; i--)
                buf[n++] = '0';
            memcpy(buf + n, dig, (size_t)nd);
            n += (size_t)nd;
        } else {
            for (int i = 0; i <= ex; i++)
                buf[n++] = i < nd ? dig[i] : '0';
            if (nd > ex + 1) {
                buf[n++] = '.';
                memcpy(buf + n, dig + ex + 1, (size_t)(nd - ex - 1));
                n += (size_t)(nd - ex - 1);
            }
        }
        return n;
    }
    buf[n++] = dig[0];
    if (nd > 1) {
        buf[n++] = '.';
        memcpy(buf + n, dig + 1, (size_t)(nd - 1));
        n += (size_t)(nd - 1);
    }
    buf[n++] = 'e';
    buf[n++] = ex < 0 ? '-' : '+';
    n += put_upad(buf + n, (uint64_t)(ex < 0 ? -ex : ex), 2);
    return n;
}

/* ------------------------------------------------------------------------------------------ */
/* Dates and times (PostgreSQL's j2date / date2j, Julian day numbers)                          */

#define POSTGRES_EPOCH_JDATE 2451545          /* 2000-01-01 */
#define DATE_END_JULIAN      2147483494       /* 5874898-01-01, first date past the range */
#define USECS_PER_DAY        INT64_C(86400000000)
#define USECS_PER_HOUR       INT64_C(3600000000)
#define USECS_PER_MINUTE     INT64_C(60000000)
#define USECS_PER_SEC        INT64_C(1000000)
#define MIN_TIMESTAMP        INT64_C(-211813488000000000) /* 4714-11-24 00:00 BC */
#define END_TIMESTAMP        INT64_C(9223371331200000000) /* 294277-01-01 00:00 */
#define TZDISP_LIMIT         (16 * 3600)

static void j2date(int64_t jd, int *year, int *month, int *day)
{
    unsigned int julian = (unsigned int)jd;
    unsigned int quad, extra;
    int y;

    julian += 32044;
    quad = julian / 146097;
    extra = (julian - quad * 146097) * 4 + 3;
    julian += 60 + quad * 3 + extra / 146097;
    quad = julian / 1461;
    julian -= quad * 1461;
    y = (int)(julian * 4 / 1461);
    julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
    y += (int)(quad * 4);
    *year = y - 4800;
    quad = julian * 2141 / 65536;
    *day = (int)(julian - 7834 * quad / 256);
    *month = (int)((quad + 10) % 12 + 1);
}

static int64_t date2j(int64_t y, int m, int d)
{
    int64_t julian, century;
    if (m > 2) {
        m += 1;
        y += 4800;
    } else {
        m += 13;
        y += 4799;
    }
    century = y / 100;
    julian = y * 365 - 32167;
    julian += y / 4 - century + century / 4;
    julian += 7834 * m / 256 + d;
    return julian;
}

/* "YYYY-MM-DD" for a Julian day (the year as printed: BC years count from 1). */
static size_t put_ymd(char *d, int64_t jd, bool *bc)
{
    int y, m, day;
    j2date(jd, &y, &m, &day);
    *bc = y <= 0;
    size_t n = put_upad(d, (uint64_t)(y > 0 ? y : 1 - y), 4);
    d[n++] = '-';
    n += put_upad(d + n, (uint64_t)m, 2);
    d[n++] = '-';
    n += put_upad(d + n, (uint64_t)day, 2);
    return n;
}

/* "HH:MM:SS[.ffffff]" for microseconds since midnight (0 .. 24:00:00). */
static size_t put_hms(char *d, int64_t t)
{
    int64_t hour = t / USECS_PER_HOUR;
    t -= hour * USECS_PER_HOUR;
    int64_t min = t / USECS_PER_MINUTE;
    t -= min * USECS_PER_MINUTE;
    int64_t sec = t / USECS_PER_SEC;
    t -= sec * USECS_PER_SEC;
    size_t n = put_upad(d, (uint64_t)hour, 2);
    d[n++] = ':';
    n += put_upad(d + n, (uint64_t)min, 2);
    d[n++] = ':';
    n += put_upad(d + n, (uint64_t)sec, 2);
    return n + put_fsec(d + n, (int32_t)t);
}

/* EncodeTimezone: tz is seconds WEST of UTC, printed as +HH[:MM[:SS]] east. */
static size_t put_tz(char *d, int32_t tz)
{
    int sec = tz < 0 ? -tz : tz;
    int min = sec / 60;
    sec -= min * 60;
    int hour = min / 60;
    min -= hour * 60;
    size_t n = 0;
    d[n++] = tz <= 0 ? '+' : '-';
    n += put_upad(d + n, (uint64_t)hour, 2);
    if (sec != 0 || min != 0) {
        d[n++] = ':';
        n += put_upad(d + n, (uint64_t)min, 2);
    }
    if (sec != 0) {
        d[n++] = ':';
        n += put_upad(d + n, (uint64_t)sec, 2);
    }
    return n;
}

static int render_date(int32_t days, struct out *o, struct sqlx_err *err)
{
    if (days == INT32_MAX) {
        o_puts(o, "infinity");
        return 0;
    }
    if (days == INT32_MIN) {
        o_puts(o, "-infinity");
        return 0;
    }
    int64_t jd = (int64_t)days + POSTGRES_EPOCH_JDATE;
    if (jd < 0 || jd >= DATE_END_JULIAN)
        return malformed(err, SQLX_PG_DATE, "date out of range");
    char buf[32];
    bool bc;
    size_t n = put_ymd(buf, jd, &bc);
    if (bc) {
        memcpy(buf + n, " BC", 3);
        n += 3;
    }
    o_put(o, buf, n);
    return 0;
}

static int render_timestamp(int64_t ts, bool with_tz, struct out *o, struct sqlx_err *err)
{
    if (ts == INT64_MAX) {
        o_puts(o, "infinity");
        return 0;
    }
    if (ts == INT64_MIN) {
        o_puts(o, "-infinity");
        return 0;
    }
    uint32_t oid = with_tz ? SQLX_PG_TIMESTAMPTZ : SQLX_PG_TIMESTAMP;
    if (ts < MIN_TIMESTAMP || ts >= END_TIMESTAMP)
        return malformed(err, oid, "timestamp out of range");
    int64_t date = ts / USECS_PER_DAY;
    int64_t time = ts - date * USECS_PER_DAY;
    if (time < 0) {
        time += USECS_PER_DAY;
        date -= 1;
    }
    char buf[64];
    bool bc;
    size_t n = put_ymd(buf, date + POSTGRES_EPOCH_JDATE, &bc);
    buf[n++] = ' ';
    n += put_hms(buf + n, time);
    if (with_tz) {
        memcpy(buf + n, "+00", 3);
        n += 3;
    }
    if (bc) {
        memcpy(buf + n, " BC", 3);
        n += 3;
    }
    o_put(o, buf, n);
    return 0;
}

static int render_time(int64_t t, struct out *o, struct sqlx_err *err)
{
    if (t < 0 || t > USECS_PER_DAY)
        return malformed(err, SQLX_PG_TIME, "time out of range");
    char buf[32];
    o_put(o, buf, put_hms(buf, t));
    return 0;
}

static int render_timetz(int64_t t, int32_t zone, struct out *o, struct sqlx_err *err)
{
    if (t < 0 || t > USECS_PER_DAY)
        return malformed(err, SQLX_PG_TIMETZ, "time out of range");
    if (zone <= -TZDISP_LIMIT || zone >= TZDISP_LIMIT)
        return malformed(err, SQLX_PG_TIMETZ, "time zone displacement out of range");
    char buf[48];
    size_t n = put_hms(buf, t);
    n += put_tz(buf + n, zone);
    o_put(o, buf, n);
    return 0;
}

/* One "N unit(s)" part of an interval (AddPostgresIntPart). */
static size_t put_ival_part(char *d, int64_t v, const char *unit, bool *is_zero, bool *is_before)
{
    if (v == 0)
        return 0;
    size_t n = 0;
    if (!*is_zero)
        d[n++] = ' ';
    if (*is_before && v > 0)
        d[n++] = '+';
    n += put_i64(d + n, v);
    d[n++] = ' ';
    size_t ul = strlen(unit);
    memcpy(d + n, unit, ul);
    n += ul;
    if (v != 1)
        d[n++] = 's';
    *is_before = v < 0;
    *is_zero = false;
    return n;
}

/* EncodeInterval with IntervalStyle postgres: "1 year 2 mons -3 days +04:05:06.5". */
static void render_interval(int64_t time, int32_t days, int32_t months, struct out *o)
{
    char buf[160];
    size_t n = 0;
    bool is_zero = true, is_before = false;
    n += put_ival_part(buf + n, months / 12, "year", &is_zero, &is_before);
    n += put_ival_part(buf + n, months % 12, "mon", &is_zero, &is_before);
    n += put_ival_part(buf + n, days, "day", &is_zero, &is_before);
    int64_t hour = time / USECS_PER_HOUR;
    time -= hour * USECS_PER_HOUR;
    int64_t min = time / USECS_PER_MINUTE;
    time -= min * USECS_PER_MINUTE;
    int64_t sec = time / USECS_PER_SEC;
    int64_t fsec = time - sec * USECS_PER_SEC;
    if (is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
        bool minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
        if (!is_zero)
            buf[n++] = ' ';
        if (minus)
            buf[n++] = '-';
        else if (is_before)
            buf[n++] = '+';
        n += put_upad(buf + n, hour < 0 ? (uint64_t)0 - (uint64_t)hour : (uint64_t)hour, 2);
        buf[n++] = ':';
        n += put_upad(buf + n, (uint64_t)(min < 0 ? -min : min), 2);
        buf[n++] = ':';
        n += put_upad(buf + n, (uint64_t)(sec < 0 ? -sec : sec), 2);
        n += put_fsec(buf + n, (int32_t)fsec);
    }
    o_put(o, buf, n);
}

/* ------------------------------------------------------------------------------------------ */
/* numeric (numeric_recv checks, then get_str_from_var)                                       */

#define NUMERIC_POS    0x0000
#define NUMERIC_NEG    0x4000
#define NUMERIC_NAN    0xC000
#define NUMERIC_PINF   0xD000
#define NUMERIC_NINF   0xF000
#define NUMERIC_DSCALE 0x3FFF
#define NBASE          10000

static int render_numeric(const unsigned char *p, size_t len, struct out *o,
                          struct sqlx_err *err)
{
    if (len < 8)
        return malformed(err, SQLX_PG_NUMERIC, "too short");
    int ndigits = rd_i16(p);
    int weight = rd_i16(p + 2);
    uint16_t sign = rd_u16(p + 4);
    uint16_t dscale = rd_u16(p + 6);
    if (ndigits < 0 || len != 8 + 2 * (size_t)ndigits)
        return malformed(err, SQLX_PG_NUMERIC, "length does not match the digit count");
    switch (sign) {
    case NUMERIC_NAN:
        o_puts(o, "NaN");
        return 0;
    case NUMERIC_PINF:
        o_puts(o, "Infinity");
        return 0;
    case NUMERIC_NINF:
        o_puts(o, "-Infinity");
        return 0;
    case NUMERIC_POS:
    case NUMERIC_NEG:
        break;
    default:
        return malformed(err, SQLX_PG_NUMERIC, "invalid sign");
    }
    if ((dscale & NUMERIC_DSCALE) != dscale)
        return malformed(err, SQLX_PG_NUMERIC, "invalid scale");
    const unsigned char *dg = p + 8;
    for (int i = 0; i < ndigits; i++)
        if (rd_i16(dg + 2 * i) < 0 || rd_i16(dg + 2 * i) >= NBASE)
            return malformed(err, SQLX_PG_NUMERIC, "invalid digit");

    /* Sign, integer part (at least "0"), point, dscale digits rounded up to whole groups. */
    size_t bound = 2 + (weight >= 0 ? 4 * ((size_t)weight + 1) : 1) + (size_t)dscale + 4;
    char *d = o_room(o, bound);
    if (!d)
        return 0;
    char *cp = d;
    int i;
    if (sign == NUMERIC_NEG)
        *cp++ = '-';
    if (weight < 0) {
        i = weight + 1;
        *cp++ = '0';
    } else {
        for (i = 0; i <= weight; i++) {
            int dig = i < ndigits ? rd_i16(dg + 2 * i) : 0;
            bool putit = i > 0;
            int d1 = dig / 1000;
            dig -= d1 * 1000;
            putit |= d1 > 0;
            if (putit)
                *cp++ = (char)('0' + d1);
            d1 = dig / 100;
            dig -= d1 * 100;
            putit |= d1 > 0;
            if (putit)
                *cp++ = (char)('0' + d1);
            d1 = dig / 10;
            dig -= d1 * 10;
            putit |= d1 > 0;
            if (putit)
                *cp++ = (char)('0' + d1);
            *cp++ = (char)('0' + dig);
        }
    }
    if (dscale > 0) {
        *cp++ = '.';
        char *endcp = cp + dscale;
        for (int k = 0; k < dscale; i++, k += 4) {
            int dig = (i >= 0 && i < ndigits) ? rd_i16(dg + 2 * i) : 0;
            int d1 = dig / 1000;
            dig -= d1 * 1000;
            *cp++ = (char)('0' + d1);
            d1 = dig / 100;
            dig -= d1 * 100;
            *cp++ = (char)('0' + d1);
            d1 = dig / 10;
            dig -= d1 * 10;
            *cp++ = (char)('0' + d1);
            *cp++ = (char)('0' + dig);
        }
        cp = endcp;
    }
    o_commit(o, (size_t)(cp - d));
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Scalars in binary format, rendered as their text output (for arrays and TEXT results)       */

static const char hexdig[] = "0123456789abcdef";

static void render_uuid(const unsigned char *p, struct out *o)
{
    char buf[36];
    size_t n = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            buf[n++] = '-';
        buf[n++] = hexdig[p[i] >> 4];
        buf[n++] = hexdig[p[i] & 15];
    }
    o_put(o, buf, n);
}

static void render_bytea_hex(const unsigned char *p, size_t len, struct out *o)
{
    if (len > (SIZE_MAX - 2) / 2) {
        o->failed = true;
        return;
    }
    char *d = o_room(o, 2 + 2 * len);
    if (!d)
        return;
    d[0] = '\\';
    d[1] = 'x';
    for (size_t i = 0; i < len; i++) {
        d[2 + 2 * i] = hexdig[p[i] >> 4];
        d[3 + 2 * i] = hexdig[p[i] & 15];
    }
    o_commit(o, 2 + 2 * len);
}

/* charout: the byte itself, "\ooo" when the high bit is set, nothing for 0. */
static void render_char(unsigned char c, struct out *o)
{
    if (c & 0x80) {
        char buf[4] = { '\\', (char)('0' + (c >> 6)), (char)('0' + ((c >> 3) & 7)),
                        (char)('0' + (c & 7)) };
        o_put(o, buf, 4);
    } else if (c) {
        o_putc(o, (char)c);
    }
}

static int want_len(uint32_t oid, size_t len, size_t want, struct sqlx_err *err)
{
    if (len == want)
        return 0;
    return sqlx_err_set(err, SQLX_EINVAL,
                        "malformed %s value from server: %zu bytes where %zu are expected",
                        type_label(oid), len, want);
}

/* Appends the text output of a binary value of a scalar type. */
static int render_scalar_bin(uint32_t oid, const unsigned char *p, size_t len, struct out *o,
                             struct sqlx_err *err)
{
    char buf[48];
    int rc;
    switch (oid) {
    case SQLX_PG_BOOL:
        if ((rc = want_len(oid, len, 1, err)))
            return rc;
        o_putc(o, p[0] ? 't' : 'f');
        return 0;
    case SQLX_PG_INT2:
        if ((rc = want_len(oid, len, 2, err)))
            return rc;
        o_put(o, buf, put_i64(buf, rd_i16(p)));
        return 0;
    case SQLX_PG_INT4:
        if ((rc = want_len(oid, len, 4, err)))
            return rc;
        o_put(o, buf, put_i64(buf, rd_i32(p)));
        return 0;
    case SQLX_PG_OID:
        if ((rc = want_len(oid, len, 4, err)))
            return rc;
        o_put(o, buf, put_upad(buf, rd_u32(p), 1));
        return 0;
    case SQLX_PG_INT8:
        if ((rc = want_len(oid, len, 8, err)))
            return rc;
        o_put(o, buf, put_i64(buf, rd_i64(p)));
        return 0;
    case SQLX_PG_FLOAT4: {
        if ((rc = want_len(oid, len, 4, err)))
            return rc;
        uint32_t u = rd_u32(p);
        float f;
        memcpy(&f, &u, 4);
        o_put(o, buf, fmt_float(f, true, buf));
        return 0;
    }
    case SQLX_PG_FLOAT8: {
        if ((rc = want_len(oid, len, 8, err)))
            return rc;
        uint64_t u = rd_u64(p);
        double d;
        memcpy(&d, &u, 8);
        o_put(o, buf, fmt_float(d, false, buf));
        return 0;
    }
    case SQLX_PG_CHAR:
        if ((rc = want_len(oid, len, 1, err)))
            return rc;
        render_char(p[0], o);
        return 0;
    case SQLX_PG_TEXT:
    case SQLX_PG_VARCHAR:
    case SQLX_PG_BPCHAR:
    case SQLX_PG_NAME:
    case SQLX_PG_JSON:
    case SQLX_PG_UNKNOWN:
        o_put(o, p, len);
        return 0;
    case SQLX_PG_JSONB:
        if (len < 1 || p[0] != 1)
            return malformed(err, oid, "unsupported jsonb version");
        o_put(o, p + 1, len - 1);
        return 0;
    case SQLX_PG_BYTEA:
        render_bytea_hex(p, len, o);
        return 0;
    case SQLX_PG_UUID:
        if ((rc = want_len(oid, len, 16, err)))
            return rc;
        render_uuid(p, o);
        return 0;
    case SQLX_PG_DATE:
        if ((rc = want_len(oid, len, 4, err)))
            return rc;
        return render_date(rd_i32(p), o, err);
    case SQLX_PG_TIME:
        if ((rc = want_len(oid, len, 8, err)))
            return rc;
        return render_time(rd_i64(p), o, err);
    case SQLX_PG_TIMETZ:
        if ((rc = want_len(oid, len, 12, err)))
            return rc;
        return render_timetz(rd_i64(p), rd_i32(p + 8), o, err);
    case SQLX_PG_TIMESTAMP:
    case SQLX_PG_TIMESTAMPTZ:
        if ((rc = want_len(oid, len, 8, err)))
            return rc;
        return render_timestamp(rd_i64(p), oid == SQLX_PG_TIMESTAMPTZ, o, err);
    case SQLX_PG_INTERVAL:
        if ((rc = want_len(oid, len, 16, err)))
            return rc;
        render_interval(rd_i64(p), rd_i32(p + 8), rd_i32(p + 12), o);
        return 0;
    case SQLX_PG_NUMERIC:
        return render_numeric(p, len, o, err);
    default:
        return sqlx_err_set(err, SQLX_EUNSUPPORTED, "binary format of type %u is not supported",
                            oid);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Arrays (array_recv checks, array_out layout and quoting)                                    */

#define MAXDIM 6

static bool array_isspace(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Quotes the element written at offset start of the open value when array_out would. */
static void quote_element(struct out *o, size_t start)
{
    if (o->failed)
        return;
    size_t n = o_len(o) - start;
    const char *e = o_at(o, start);
    bool need = n == 0 || (n == 4 && strncasecmp(e, "NULL", 4) == 0);
    size_t extra = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = e[i];
        if (ch == '"' || ch == '\\') {
            need = true;
            extra++;
        } else if (ch == '{' || ch == '}' || ch == ',' || array_isspace(ch)) {
            need = true;
        }
    }
    if (!need)
        return;
    if (!o_room(o, extra + 2))
        return;
    o_commit(o, extra + 2);
    char *b = o_at(o, start);
    /* Shift right from the end, escaping as we go. */
    size_t w = n + extra + 2;
    b[--w] = '"';
    for (size_t r = n; r-- > 0;) {
        char ch = b[r];
        b[--w] = ch;
        if (ch == '"' || ch == '\\')
            b[--w] = '\\';
    }
    b[--w] = '"';
}

struct array_rd {
    const unsigned char *p; /* next element */
    const unsigned char *end;
    uint32_t elem;          /* element type */
};

static int render_array_dim(struct array_rd *rd, const int32_t *dims, int ndim, struct out *o,
                            struct sqlx_err *err)
{
    o_putc(o, '{');
    for (int32_t i = 0; i < dims[0]; i++) {
        if (i > 0)
            o_putc(o, ',');
        if (ndim > 1) {
            int rc = render_array_dim(rd, dims + 1, ndim - 1, o, err);
            if (rc)
                return rc;
            continue;
        }
        if (rd->end - rd->p < 4)
            return malformed(err, rd->elem, "array element truncated");
        int32_t len = rd_i32(rd->p);
        rd->p += 4;
        if (len == -1) {
            o_puts(o, "NULL");
            continue;
        }
        if (len < 0 || rd->end - rd->p < len)
            return malformed(err, rd->elem, "array element length out of range");
        size_t start = o_len(o);
        int rc = render_scalar_bin(rd->elem, rd->p, (size_t)len, o, err);
        if (rc)
            return rc;
        rd->p += len;
        quote_element(o, start);
    }
    o_putc(o, '}');
    return 0;
}

static int render_array(uint32_t oid, const unsigned char *p, size_t len, struct out *o,
                        struct sqlx_err *err)
{
    uint32_t want = sqlx_pg_array_elem(oid);
    if (len < 12)
        return malformed(err, oid, "array header truncated");
    int32_t ndim = rd_i32(p);
    int32_t flags = rd_i32(p + 4);
    uint32_t elem = rd_u32(p + 8);
    if (ndim < 0 || ndim > MAXDIM)
        return malformed(err, oid, "invalid number of array dimensions");
    if (flags != 0 && flags != 1)
        return malformed(err, oid, "invalid array flags");
    if (elem != want)
        return malformed(err, oid, "array element type does not match the column type");
    if (len - 12 < (size_t)ndim * 8)
        return malformed(err, oid, "array header truncated");
    int32_t dims[MAXDIM], lbs[MAXDIM];
    uint64_t nitems = ndim > 0 ? 1 : 0;
    bool plain_bounds = true;
    for (int i = 0; i < ndim; i++) {
        dims[i] = rd_i32(p + 12 + 8 * i);
        lbs[i] = rd_i32(p + 16 + 8 * i);
        if (dims[i] < 0)
            return malformed(err, oid, "negative array dimension");
        if ((int64_t)lbs[i] + dims[i] - 1 > INT32_MAX)
            return malformed(err, oid, "array bounds out of range");
        nitems *= (uint64_t)dims[i];
        /* Each element takes at least its 4-byte length. */
        if (nitems > len / 4)
            return malformed(err, oid, "array larger than its data");
        if (lbs[i] != 1)
            plain_bounds = false;
    }
    struct array_rd rd = { p + 12 + 8 * (size_t)ndim, p + len, elem };
    if (nitems == 0) {
        if (rd.p != rd.end)
            return malformed(err, oid, "trailing bytes after an empty array");
        o_puts(o, "{}");
        return 0;
    }
    if (!plain_bounds) {
        char buf[32];
        for (int i = 0; i < ndim; i++) {
            o_putc(o, '[');
            o_put(o, buf, put_i64(buf, lbs[i]));
            o_putc(o, ':');
            o_put(o, buf, put_i64(buf, (int64_t)lbs[i] + dims[i] - 1));
            o_putc(o, ']');
        }
        o_putc(o, '=');
    }
    int rc = render_array_dim(&rd, dims, ndim, o, err);
    if (rc)
        return rc;
    if (rd.p != rd.end)
        return malformed(err, oid, "trailing bytes after the array elements");
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Text-format parsing                                                                         */

static bool parse_i64(const char *p, size_t n, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    if (n > 0 && (p[0] == '-' || p[0] == '+')) {
        neg = p[0] == '-';
        i = 1;
    }
    if (i == n)
        return false;
    uint64_t v = 0;
    uint64_t lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        unsigned dgt = (unsigned)(p[i] - '0');
        if (v > (lim - dgt) / 10)
            return false;
        v = v * 10 + dgt;
    }
    *out = neg ? (int64_t)((uint64_t)0 - v) : (int64_t)v;
    return true;
}

static bool parse_double(const char *p, size_t n, double *out)
{
    char buf[128];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    char *end;
    *out = strtod(buf, &end);
    return end == buf + n;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* byteaout's hex ("\x0aff") or escape ("a\\b\001") form into bytes. */
static int decode_bytea_text(const char *p, size_t n, struct out *o, struct sqlx_err *err)
{
    if (n >= 2 && p[0] == '\\' && p[1] == 'x') {
        if ((n - 2) % 2)
            return malformed(err, SQLX_PG_BYTEA, "odd number of hex digits");
        char *d = o_room(o, (n - 2) / 2);
        if (!d)
            return 0;
        for (size_t i = 2; i < n; i += 2) {
            int hi = hexval(p[i]), lo = hexval(p[i + 1]);
            if (hi < 0 || lo < 0)
                return malformed(err, SQLX_PG_BYTEA, "invalid hex digit");
            d[(i - 2) / 2] = (char)(hi << 4 | lo);
        }
        o_commit(o, (n - 2) / 2);
        return 0;
    }
    char *d = o_room(o, n);
    if (!d)
        return 0;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        if (p[i] != '\\') {
            d[w++] = p[i++];
        } else if (i + 1 < n && p[i + 1] == '\\') {
            d[w++] = '\\';
            i += 2;
        } else if (i + 3 < n && p[i + 1] >= '0' && p[i + 1] <= '3' && p[i + 2] >= '0' &&
                   p[i + 2] <= '7' && p[i + 3] >= '0' && p[i + 3] <= '7') {
            d[w++] = (char)((p[i + 1] - '0') << 6 | (p[i + 2] - '0') << 3 | (p[i + 3] - '0'));
            i += 4;
        } else {
            return malformed(err, SQLX_PG_BYTEA, "invalid escape sequence");
        }
    }
    o_commit(o, w);
    return 0;
}

/* Reads n digits at *p as a number; false unless all are digits. */
static bool take_digits(const char **p, const char *end, int n, int64_t *v)
{
    if (end - *p < n)
        return false;
    int64_t r = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        r = r * 10 + (c - '0');
    }
    *p += n;
    *v = r;
    return true;
}

static bool take_char(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return true;
    }
    return false;
}

/* Parses timestamptz output in DateStyle ISO ("2024-05-01 12:00:00.5+02:30[ BC]") into
 * microseconds since 2000-01-01 UTC. False when the text has another shape. */
static bool parse_timestamptz_iso(const char *s, size_t n, int64_t *ts)
{
    const char *p = s, *end = s + n;
    int64_t y = 0, mo, d, h, mi, sec, fsec = 0, tzh, tzm = 0, tzs = 0;
    int ylen = 0;
    while (p + ylen < end && p[ylen] >= '0' && p[ylen] <= '9')
        ylen++;
    if (ylen < 4 || ylen > 9 || !take_digits(&p, end, ylen, &y))
        return false;
    if (!take_char(&p, end, '-') || !take_digits(&p, end, 2, &mo) || !take_char(&p, end, '-') ||
        !take_digits(&p, end, 2, &d) || !take_char(&p, end, ' ') ||
        !take_digits(&p, end, 2, &h) || !take_char(&p, end, ':') ||
        !take_digits(&p, end, 2, &mi) || !take_char(&p, end, ':') ||
        !take_digits(&p, end, 2, &sec))
        return false;
    if (take_char(&p, end, '.')) {
        int k = 0;
        while (p < end && *p >= '0' && *p <= '9' && k < 6) {
            fsec = fsec * 10 + (*p++ - '0');
            k++;
        }
        if (k == 0)
            return false;
        for (; k < 6; k++)
            fsec *= 10;
    }
    if (p >= end || (*p != '+' && *p != '-'))
        return false;
    int tzsign = *p++ == '-' ? -1 : 1;
    if (!take_digits(&p, end, 2, &tzh))
        return false;
    if (take_char(&p, end, ':')) {
        if (!take_digits(&p, end, 2, &tzm))
            return false;
        if (take_char(&p, end, ':') && !take_digits(&p, end, 2, &tzs))
            return false;
    }
    bool bc = false;
    if (end - p == 3 && memcmp(p, " BC", 3) == 0) {
        bc = true;
        p += 3;
    }
    if (p != end || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || sec > 60)
        return false;
    if (bc)
        y = 1 - y;
    int64_t jd = date2j(y, (int)mo, (int)d);
    int64_t t = ((h * 60 + mi) * 60 + sec) * USECS_PER_SEC + fsec;
    int64_t off = tzsign * ((tzh * 60 + tzm) * 60 + tzs);
    *ts = (jd - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY + t - off * USECS_PER_SEC;
    return *ts >= MIN_TIMESTAMP && *ts < END_TIMESTAMP;
}

/* True when ISO timestamptz text already reads in UTC ("...+00" or "...+00 BC"). */
static bool ends_in_utc(const char *p, size_t n)
{
    if (n >= 6 && memcmp(p + n - 6, "+00 BC", 6) == 0)
        return true;
    return n >= 3 && memcmp(p + n - 3, "+00", 3) == 0;
}

static int out_of_range(struct sqlx_err *err, uint32_t oid, const char *p, size_t n)
{
    return sqlx_err_set(err, SQLX_EINVAL, "invalid %s value from server: \"%.*s\"",
                        type_label(oid), (int)(n > 64 ? 64 : n), p);
}

static int decode_text(uint32_t oid, const char *p, size_t n, struct sqlx_pg_scratch *scratch,
                       struct sqlx_value *out, struct sqlx_err *err)
{
    int64_t i;
    double f;
    struct out o;
    switch (oid) {
    case SQLX_PG_BOOL:
        if ((n == 1 && p[0] == 't') || (n == 4 && memcmp(p, "true", 4) == 0))
            *out = sqlx_value_bool(true);
        else if ((n == 1 && p[0] == 'f') || (n == 5 && memcmp(p, "false", 5) == 0))
            *out = sqlx_value_bool(false);
        else
            return out_of_range(err, oid, p, n);
        return 0;
    case SQLX_PG_INT2:
    case SQLX_PG_INT4:
    case SQLX_PG_INT8:
    case SQLX_PG_OID:
        if (!parse_i64(p, n, &i) ||
            (oid == SQLX_PG_INT2 && (i < INT16_MIN || i > INT16_MAX)) ||
            (oid == SQLX_PG_INT4 && (i < INT32_MIN || i > INT32_MAX)) ||
            (oid == SQLX_PG_OID && (i < 0 || i > (int64_t)UINT32_MAX)))
            return out_of_range(err, oid, p, n);
        *out = sqlx_value_int(i);
        return 0;
    case SQLX_PG_FLOAT4:
    case SQLX_PG_FLOAT8:
        if (!parse_double(p, n, &f))
            return out_of_range(err, oid, p, n);
        if (oid == SQLX_PG_FLOAT4)
            f = (float)f;
        *out = sqlx_value_float(f);
        return 0;
    case SQLX_PG_BYTEA: {
        o_begin(&o, scratch);
        int rc = decode_bytea_text(p, n, &o, err);
        if (rc) {
            o_abort(&o);
            return rc;
        }
        return o_finish(&o, SQLX_V_BLOB, out, err);
    }
    case SQLX_PG_TIMESTAMPTZ: {
        int64_t ts;
        if (ends_in_utc(p, n) || !parse_timestamptz_iso(p, n, &ts))
            break;
        o_begin(&o, scratch);
        int rc = render_timestamp(ts, true, &o, err);
        if (rc) {
            o_abort(&o);
            return rc;
        }
        return o_finish(&o, SQLX_V_TEXT, out, err);
    }
    default:
        break;
    }
    *out = sqlx_value_text(p, n);
    return 0;
}

static int decode_binary(uint32_t oid, const unsigned char *p, size_t n,
                         struct sqlx_pg_scratch *scratch, struct sqlx_value *out,
                         struct sqlx_err *err)
{
    int rc;
    switch (oid) {
    case SQLX_PG_BOOL:
        if ((rc = want_len(oid, n, 1, err)))
            return rc;
        *out = sqlx_value_bool(p[0] != 0);
        return 0;
    case SQLX_PG_INT2:
        if ((rc = want_len(oid, n, 2, err)))
            return rc;
        *out = sqlx_value_int(rd_i16(p));
        return 0;
    case SQLX_PG_INT4:
        if ((rc = want_len(oid, n, 4, err)))
            return rc;
        *out = sqlx_value_int(rd_i32(p));
        return 0;
    case SQLX_PG_OID:
        if ((rc = want_len(oid, n, 4, err)))
            return rc;
        *out = sqlx_value_int(rd_u32(p));
        return 0;
    case SQLX_PG_INT8:
        if ((rc = want_len(oid, n, 8, err)))
            return rc;
        *out = sqlx_value_int(rd_i64(p));
        return 0;
    case SQLX_PG_FLOAT4: {
        if ((rc = want_len(oid, n, 4, err)))
            return rc;
        uint32_t u = rd_u32(p);
        float f;
        memcpy(&f, &u, 4);
        *out = sqlx_value_float(f);
        return 0;
    }
    case SQLX_PG_FLOAT8: {
        if ((rc = want_len(oid, n, 8, err)))
            return rc;
        uint64_t u = rd_u64(p);
        double d;
        memcpy(&d, &u, 8);
        *out = sqlx_value_float(d);
        return 0;
    }
    case SQLX_PG_BYTEA:
        *out = sqlx_value_blob(p, n);
        return 0;
    case SQLX_PG_TEXT:
    case SQLX_PG_VARCHAR:
    case SQLX_PG_BPCHAR:
    case SQLX_PG_NAME:
    case SQLX_PG_JSON:
    case SQLX_PG_UNKNOWN:
        *out = sqlx_value_text((const char *)p, n);
        return 0;
    case SQLX_PG_JSONB:
        if (n < 1 || p[0] != 1)
            return malformed(err, oid, "unsupported jsonb version");
        *out = sqlx_value_text((const char *)p + 1, n - 1);
        return 0;
    case SQLX_PG_CHAR:
        if ((rc = want_len(oid, n, 1, err)))
            return rc;
        if (!(p[0] & 0x80)) {
            *out = sqlx_value_text((const char *)p, p[0] ? 1 : 0);
            return 0;
        }
        break;
    default:
        break;
    }
    const struct pg_type *t = find_type(oid);
    if (!t || !t->binary)
        return sqlx_err_set(err, SQLX_EUNSUPPORTED, "binary format of type %u is not supported",
                            oid);
    struct out o;
    o_begin(&o, scratch);
    rc = t->elem ? render_array(oid, p, n, &o, err) : render_scalar_bin(oid, p, n, &o, err);
    if (rc) {
        o_abort(&o);
        return rc;
    }
    return o_finish(&o, SQLX_V_TEXT, out, err);
}

int sqlx_pg_decode(uint32_t oid, int format, const char *p, int32_t len,
                   struct sqlx_pg_scratch *scratch, struct sqlx_value *out, struct sqlx_err *err)
{
    if (len == -1) {
        *out = sqlx_value_null();
        return 0;
    }
    if (len < 0)
        return sqlx_err_set(err, SQLX_EINVAL, "invalid value length %d from server", (int)len);
    if (len > 0 && !p)
        return sqlx_err_set(err, SQLX_EINTERNAL, "value bytes missing");
    if (!p)
        p = "";
    if (format == SQLX_PG_FORMAT_TEXT)
        return decode_text(oid, p, (size_t)len, scratch, out, err);
    if (format == SQLX_PG_FORMAT_BINARY)
        return decode_binary(oid, (const unsigned char *)p, (size_t)len, scratch, out, err);
    return sqlx_err_set(err, SQLX_EINVAL, "invalid result format code %d", format);
}

/* ------------------------------------------------------------------------------------------ */
/* Parameters                                                                                  */

static int put_done(struct sqlx_buf *out, size_t start, int32_t *len_out, struct sqlx_err *err)
{
    if (out->failed || out->len - start > (size_t)INT32_MAX)
        return sqlx_err_set(err, SQLX_ETOOBIG, "parameter value is too large");
    *len_out = (int32_t)(out->len - start);
    return 0;
}

int sqlx_pg_encode_param(const struct sqlx_value *v, uint32_t *oid_out, int *format_out,
                         struct sqlx_buf *out, int32_t *len_out, struct sqlx_err *err)
{
    size_t start = out->len;
    *format_out = SQLX_PG_FORMAT_BINARY;
    switch (v->type) {
    case SQLX_V_NULL:
        *oid_out = 0;
        *format_out = SQLX_PG_FORMAT_TEXT;
        *len_out = -1;
        return 0;
    case SQLX_V_INT:
        *oid_out = SQLX_PG_INT8;
        wr_u64(out, (uint64_t)v->i);
        break;
    case SQLX_V_FLOAT: {
        uint64_t u;
        memcpy(&u, &v->f, 8);
        *oid_out = SQLX_PG_FLOAT8;
        wr_u64(out, u);
        break;
    }
    case SQLX_V_BOOL:
        *oid_out = SQLX_PG_BOOL;
        sqlx_buf_putc(out, v->b ? 1 : 0);
        break;
    case SQLX_V_TEXT:
        *oid_out = 0;
        *format_out = SQLX_PG_FORMAT_TEXT;
        sqlx_buf_put(out, v->s, v->n);
        break;
    case SQLX_V_BLOB:
        *oid_out = SQLX_PG_BYTEA;
        sqlx_buf_put(out, v->s, v->n);
        break;
    default:
        return sqlx_err_set(err, SQLX_EINTERNAL, "unknown value type %d", (int)v->type);
    }
    return put_done(out, start, len_out, err);
}

static int range_error(uint32_t oid, const struct sqlx_value *v, struct sqlx_err *err)
{
    if (v->type == SQLX_V_INT)
        return sqlx_err_set(err, SQLX_EINVAL, "value %" PRId64 " is out of range for type %s",
                            v->i, type_label(oid));
    return sqlx_err_set(err, SQLX_EINVAL, "value %.17g is out of range for type %s", v->f,
                        type_label(oid));
}

/* Integer types in binary: int2 / int4 / int8 / oid, range checked. */
static int put_int_as(uint32_t oid, int64_t i, const struct sqlx_value *v, struct sqlx_buf *out,
                      struct sqlx_err *err)
{
    switch (oid) {
    case SQLX_PG_INT2:
        if (i < INT16_MIN || i > INT16_MAX)
            return range_error(oid, v, err);
        wr_u16(out, (uint16_t)i);
        return 0;
    case SQLX_PG_INT4:
        if (i < INT32_MIN || i > INT32_MAX)
            return range_error(oid, v, err);
        wr_u32(out, (uint32_t)i);
        return 0;
    case SQLX_PG_OID:
        if (i < 0 || i > (int64_t)UINT32_MAX)
            return range_error(oid, v, err);
        wr_u32(out, (uint32_t)i);
        return 0;
    default:
        wr_u64(out, (uint64_t)i);
        return 0;
    }
}

static void put_float_as(uint32_t oid, double d, struct sqlx_buf *out)
{
    if (oid == SQLX_PG_FLOAT4) {
        float f = (float)d;
        uint32_t u;
        memcpy(&u, &f, 4);
        wr_u32(out, u);
    } else {
        uint64_t u;
        memcpy(&u, &d, 8);
        wr_u64(out, u);
    }
}

static bool is_int_type(uint32_t oid)
{
    return oid == SQLX_PG_INT2 || oid == SQLX_PG_INT4 || oid == SQLX_PG_INT8 ||
           oid == SQLX_PG_OID;
}

int sqlx_pg_encode_param_as(uint32_t oid, const struct sqlx_value *v, int *format_out,
                            struct sqlx_buf *out, int32_t *len_out, struct sqlx_err *err)
{
    size_t start = out->len;
    char buf[48];
    int rc = 0;
    *format_out = SQLX_PG_FORMAT_BINARY;
    if (v->type == SQLX_V_NULL) {
        *format_out = SQLX_PG_FORMAT_TEXT;
        *len_out = -1;
        return 0;
    }
    if (oid == 0) {
        uint32_t ignored;
        return sqlx_pg_encode_param(v, &ignored, format_out, out, len_out, err);
    }
    switch (v->type) {
    case SQLX_V_INT:
        if (is_int_type(oid))
            rc = put_int_as(oid, v->i, v, out, err);
        else if (oid == SQLX_PG_FLOAT4 || oid == SQLX_PG_FLOAT8)
            put_float_as(oid, (double)v->i, out);
        else if (oid == SQLX_PG_BOOL && (v->i == 0 || v->i == 1))
            sqlx_buf_putc(out, (char)v->i);
        else if (oid == SQLX_PG_BOOL)
            rc = sqlx_err_set(err, SQLX_EINVAL, "value %" PRId64 " is not a valid boolean",
                              v->i);
        else {
            *format_out = SQLX_PG_FORMAT_TEXT;
            sqlx_buf_put(out, buf, put_i64(buf, v->i));
        }
        break;
    case SQLX_V_FLOAT:
        if (oid == SQLX_PG_FLOAT4 || oid == SQLX_PG_FLOAT8) {
            put_float_as(oid, v->f, out);
        } else if (is_int_type(oid)) {
            /* Exactly integral values only; 2^63 is the first double past INT64_MAX. */
            if (!(v->f == trunc(v->f) && v->f >= -9223372036854775808.0 &&
                  v->f < 9223372036854775808.0))
                return range_error(oid, v, err);
            rc = put_int_as(oid, (int64_t)v->f, v, out, err);
        } else {
            *format_out = SQLX_PG_FORMAT_TEXT;
            sqlx_buf_put(out, buf, fmt_float(v->f, false, buf));
        }
        break;
    case SQLX_V_BOOL:
        if (oid == SQLX_PG_BOOL) {
            sqlx_buf_putc(out, v->b ? 1 : 0);
        } else {
            *format_out = SQLX_PG_FORMAT_TEXT;
            sqlx_buf_puts(out, v->b ? "true" : "false");
        }
        break;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        /* bytea takes the bytes as they are; every other type parses the text itself. */
        if (oid != SQLX_PG_BYTEA)
            *format_out = SQLX_PG_FORMAT_TEXT;
        sqlx_buf_put(out, v->s, v->n);
        break;
    default:
        return sqlx_err_set(err, SQLX_EINTERNAL, "unknown value type %d", (int)v->type);
    }
    if (rc) {
        out->len = start;
        if (out->data)
            out->data[start] = '\0';
        return rc;
    }
    return put_done(out, start, len_out, err);
}

/* ------------------------------------------------------------------------------------------ */
/* SQLSTATE                                                                                    */

enum sqlx_code sqlx_pg_sqlstate_code(const char *sqlstate, enum sqlx_constraint_kind *kind)
{
    enum sqlx_constraint_kind k = SQLX_CONSTRAINT_NONE;
    enum sqlx_code code = SQLX_EENGINE;
    const char *s = sqlstate ? sqlstate : "";
    if (strlen(s) != 5) {
        /* no usable SQLSTATE: a plain engine error */
    } else if (strncmp(s, "23", 2) == 0) {
        code = SQLX_ECONSTRAINT;
        if (strcmp(s, "23505") == 0)
            k = SQLX_CONSTRAINT_UNIQUE;
        else if (strcmp(s, "23503") == 0 || strcmp(s, "23001") == 0)
            k = SQLX_CONSTRAINT_FOREIGN_KEY;
        else if (strcmp(s, "23514") == 0)
            k = SQLX_CONSTRAINT_CHECK;
        else if (strcmp(s, "23502") == 0)
            k = SQLX_CONSTRAINT_NOT_NULL;
    } else if (strncmp(s, "22", 2) == 0 || strncmp(s, "28", 2) == 0) {
        code = SQLX_EINVAL;
    } else if (strncmp(s, "08", 2) == 0 || strncmp(s, "58", 2) == 0 ||
               strcmp(s, "57P01") == 0 || strcmp(s, "57P02") == 0 || strcmp(s, "57P03") == 0) {
        code = SQLX_EIO;
    } else if (strcmp(s, "57014") == 0 || strcmp(s, "55P03") == 0) {
        code = SQLX_ETIMEOUT;
    } else if (strcmp(s, "40001") == 0 || strcmp(s, "40P01") == 0 || strncmp(s, "53", 2) == 0) {
        code = SQLX_EBUSY;
    } else if (strncmp(s, "54", 2) == 0) {
        code = SQLX_ETOOBIG;
    } else if (strncmp(s, "0A", 2) == 0) {
        code = SQLX_EUNSUPPORTED;
    }
    if (kind)
        *kind = k;
    return code;
}
