/* PostgreSQL's text form of scalar values, for the decoder in pg_types.c: renders binary float,
 * numeric, date / time, interval, uuid, bytea and the other scalars exactly as the server's own
 * output functions do (float8out, numeric_out, EncodeDateTime, EncodeInterval), so a binary
 * column reads like its text form; and parses the text forms the decoder converts (integers,
 * floats, bytea, ISO timestamptz). Writes only through a scratch writer; no I/O, no state.
 *
 * Binary layouts (network byte order), from the protocol documentation:
 *   numeric   int16 ndigits | int16 weight | uint16 sign | uint16 dscale | ndigits x int16 digit
 *   date      int32 days since 2000-01-01 (INT32_MIN / INT32_MAX = -infinity / infinity)
 *   time      int64 microseconds since midnight
 *   timetz    int64 microseconds | int32 zone, seconds WEST of UTC
 *   timestamp int64 microseconds since 2000-01-01 00:00 (INT64_MIN / INT64_MAX = infinities)
 *   interval  int64 microseconds | int32 days | int32 months
 */
#include "wire/pg_types_int.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* Digit helpers                                                                              */

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

size_t sqlx_wire__pg_put_i64(char *d, int64_t v)
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
size_t sqlx_wire__pg_fmt_float(double d, bool single, char *buf)
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

static int render_date(int32_t days, struct sqlx_wire__pg_out *o, struct sqlx_err *err)
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
        return sqlx_wire__pg_malformed(err, SQLX_PG_DATE, "date out of range");
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

int sqlx_wire__pg_render_timestamp(int64_t ts, bool with_tz, struct sqlx_wire__pg_out *o,
                                   struct sqlx_err *err)
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
        return sqlx_wire__pg_malformed(err, oid, "timestamp out of range");
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

static int render_time(int64_t t, struct sqlx_wire__pg_out *o, struct sqlx_err *err)
{
    if (t < 0 || t > USECS_PER_DAY)
        return sqlx_wire__pg_malformed(err, SQLX_PG_TIME, "time out of range");
    char buf[32];
    o_put(o, buf, put_hms(buf, t));
    return 0;
}

static int render_timetz(int64_t t, int32_t zone, struct sqlx_wire__pg_out *o, struct sqlx_err *err)
{
    if (t < 0 || t > USECS_PER_DAY)
        return sqlx_wire__pg_malformed(err, SQLX_PG_TIMETZ, "time out of range");
    if (zone <= -TZDISP_LIMIT || zone >= TZDISP_LIMIT)
        return sqlx_wire__pg_malformed(err, SQLX_PG_TIMETZ, "time zone displacement out of range");
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
    n += sqlx_wire__pg_put_i64(d + n, v);
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
static void render_interval(int64_t time, int32_t days, int32_t months, struct sqlx_wire__pg_out *o)
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

static int render_numeric(const unsigned char *p, size_t len, struct sqlx_wire__pg_out *o,
                          struct sqlx_err *err)
{
    if (len < 8)
        return sqlx_wire__pg_malformed(err, SQLX_PG_NUMERIC, "too short");
    int ndigits = rd_i16(p);
    int weight = rd_i16(p + 2);
    uint16_t sign = rd_u16(p + 4);
    uint16_t dscale = rd_u16(p + 6);
    if (ndigits < 0 || len != 8 + 2 * (size_t)ndigits)
        return sqlx_wire__pg_malformed(err, SQLX_PG_NUMERIC,
                                       "length does not match the digit count");
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
        return sqlx_wire__pg_malformed(err, SQLX_PG_NUMERIC, "invalid sign");
    }
    if ((dscale & NUMERIC_DSCALE) != dscale)
        return sqlx_wire__pg_malformed(err, SQLX_PG_NUMERIC, "invalid scale");
    const unsigned char *dg = p + 8;
    for (int i = 0; i < ndigits; i++)
        if (rd_i16(dg + 2 * i) < 0 || rd_i16(dg + 2 * i) >= NBASE)
            return sqlx_wire__pg_malformed(err, SQLX_PG_NUMERIC, "invalid digit");

    /* Sign, integer part (at least "0"), point, dscale digits rounded up to whole groups. */
    size_t bound = 2 + (weight >= 0 ? 4 * ((size_t)weight + 1) : 1) + (size_t)dscale + 4;
    char *d = sqlx_wire__pg_out_room(o, bound);
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

static void render_uuid(const unsigned char *p, struct sqlx_wire__pg_out *o)
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

static void render_bytea_hex(const unsigned char *p, size_t len, struct sqlx_wire__pg_out *o)
{
    if (len > (SIZE_MAX - 2) / 2) {
        o->failed = true;
        return;
    }
    char *d = sqlx_wire__pg_out_room(o, 2 + 2 * len);
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
static void render_char(unsigned char c, struct sqlx_wire__pg_out *o)
{
    if (c & 0x80) {
        char buf[4] = { '\\', (char)('0' + (c >> 6)), (char)('0' + ((c >> 3) & 7)),
                        (char)('0' + (c & 7)) };
        o_put(o, buf, 4);
    } else if (c) {
        o_putc(o, (char)c);
    }
}

/* Appends the text output of a binary value of a scalar type. */
int sqlx_wire__pg_render_scalar(uint32_t oid, const unsigned char *p, size_t len,
                                struct sqlx_wire__pg_out *o, struct sqlx_err *err)
{
    char buf[48];
    int rc;
    switch (oid) {
    case SQLX_PG_BOOL:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 1, err)))
            return rc;
        o_putc(o, p[0] ? 't' : 'f');
        return 0;
    case SQLX_PG_INT2:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 2, err)))
            return rc;
        o_put(o, buf, sqlx_wire__pg_put_i64(buf, rd_i16(p)));
        return 0;
    case SQLX_PG_INT4:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 4, err)))
            return rc;
        o_put(o, buf, sqlx_wire__pg_put_i64(buf, rd_i32(p)));
        return 0;
    case SQLX_PG_OID:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 4, err)))
            return rc;
        o_put(o, buf, put_upad(buf, rd_u32(p), 1));
        return 0;
    case SQLX_PG_INT8:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 8, err)))
            return rc;
        o_put(o, buf, sqlx_wire__pg_put_i64(buf, rd_i64(p)));
        return 0;
    case SQLX_PG_FLOAT4: {
        if ((rc = sqlx_wire__pg_want_len(oid, len, 4, err)))
            return rc;
        uint32_t u = rd_u32(p);
        float f;
        memcpy(&f, &u, 4);
        o_put(o, buf, sqlx_wire__pg_fmt_float(f, true, buf));
        return 0;
    }
    case SQLX_PG_FLOAT8: {
        if ((rc = sqlx_wire__pg_want_len(oid, len, 8, err)))
            return rc;
        uint64_t u = rd_u64(p);
        double d;
        memcpy(&d, &u, 8);
        o_put(o, buf, sqlx_wire__pg_fmt_float(d, false, buf));
        return 0;
    }
    case SQLX_PG_CHAR:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 1, err)))
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
            return sqlx_wire__pg_malformed(err, oid, "unsupported jsonb version");
        o_put(o, p + 1, len - 1);
        return 0;
    case SQLX_PG_BYTEA:
        render_bytea_hex(p, len, o);
        return 0;
    case SQLX_PG_UUID:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 16, err)))
            return rc;
        render_uuid(p, o);
        return 0;
    case SQLX_PG_DATE:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 4, err)))
            return rc;
        return render_date(rd_i32(p), o, err);
    case SQLX_PG_TIME:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 8, err)))
            return rc;
        return render_time(rd_i64(p), o, err);
    case SQLX_PG_TIMETZ:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 12, err)))
            return rc;
        return render_timetz(rd_i64(p), rd_i32(p + 8), o, err);
    case SQLX_PG_TIMESTAMP:
    case SQLX_PG_TIMESTAMPTZ:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 8, err)))
            return rc;
        return sqlx_wire__pg_render_timestamp(rd_i64(p), oid == SQLX_PG_TIMESTAMPTZ, o, err);
    case SQLX_PG_INTERVAL:
        if ((rc = sqlx_wire__pg_want_len(oid, len, 16, err)))
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
/* Text-format parsing                                                                         */

bool sqlx_wire__pg_parse_i64(const char *p, size_t n, int64_t *out)
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

bool sqlx_wire__pg_parse_double(const char *p, size_t n, double *out)
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
int sqlx_wire__pg_decode_bytea_text(const char *p, size_t n, struct sqlx_wire__pg_out *o,
                                    struct sqlx_err *err)
{
    if (n >= 2 && p[0] == '\\' && p[1] == 'x') {
        if ((n - 2) % 2)
            return sqlx_wire__pg_malformed(err, SQLX_PG_BYTEA, "odd number of hex digits");
        char *d = sqlx_wire__pg_out_room(o, (n - 2) / 2);
        if (!d)
            return 0;
        for (size_t i = 2; i < n; i += 2) {
            int hi = hexval(p[i]), lo = hexval(p[i + 1]);
            if (hi < 0 || lo < 0)
                return sqlx_wire__pg_malformed(err, SQLX_PG_BYTEA, "invalid hex digit");
            d[(i - 2) / 2] = (char)(hi << 4 | lo);
        }
        o_commit(o, (n - 2) / 2);
        return 0;
    }
    char *d = sqlx_wire__pg_out_room(o, n);
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
            return sqlx_wire__pg_malformed(err, SQLX_PG_BYTEA, "invalid escape sequence");
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
bool sqlx_wire__pg_parse_timestamptz_iso(const char *s, size_t n, int64_t *ts)
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
bool sqlx_wire__pg_ends_in_utc(const char *p, size_t n)
{
    if (n >= 6 && memcmp(p + n - 6, "+00 BC", 6) == 0)
        return true;
    return n >= 3 && memcmp(p + n - 3, "+00", 3) == 0;
}
