/* Declarations shared by the PostgreSQL type codec's files and nothing else: pg_types.c (type
 * table, scratch, decoding, parameters), pg_text.c (text forms of scalars) and pg_array.c
 * (arrays). Holds the writer that appends a rendered value to the scratch, big-endian readers,
 * and the renderers and parsers the decoder calls. The small writers and readers are static
 * inline, like parse_int.h's token helpers, so every file keeps them inlined. */
#ifndef SQLX_WIRE_PG_TYPES_INT_H
#define SQLX_WIRE_PG_TYPES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/err.h"
#include "wire/pg_types.h"

/* One scratch block; blocks chain from the newest (sqlx_pg_scratch.head) to the oldest. */
struct sqlx_pg_scratch_block {
    struct sqlx_pg_scratch_block *next; /* older block */
    size_t size;                        /* bytes in data */
    char data[];                        /* the space handed out */
};

/* A writer appending to the open value of a scratch; `failed` is sticky (over the max). */
struct sqlx_wire__pg_out {
    struct sqlx_pg_scratch *s; /* where the value goes */
    bool failed;               /* a write was dropped: the value is over the scratch max */
};

/* ---- pg_types.c ---- */

/* Returns room for n more bytes of the open value (commit them with o_commit), or NULL when
 * that would exceed the scratch max. */
char *sqlx_wire__pg_out_room(struct sqlx_wire__pg_out *o, size_t n);
/* "malformed <type> value from server: <what>"; returns SQLX_EINVAL. */
int sqlx_wire__pg_malformed(struct sqlx_err *err, uint32_t oid, const char *what);
/* 0 when a binary value has the length its type needs, else SQLX_EINVAL naming both. */
int sqlx_wire__pg_want_len(uint32_t oid, size_t len, size_t want, struct sqlx_err *err);

/* ---- pg_text.c ---- */

/* Writes v in decimal (at most 20 bytes, no NUL); returns the length. */
size_t sqlx_wire__pg_put_i64(char *d, int64_t v);
/* Writes d as float8out (single: float4out) does; buf holds at least 40 bytes. */
size_t sqlx_wire__pg_fmt_float(double d, bool single, char *buf);
/* Appends the text output of a binary value of a scalar type. */
int sqlx_wire__pg_render_scalar(uint32_t oid, const unsigned char *p, size_t len,
                                struct sqlx_wire__pg_out *o, struct sqlx_err *err);
/* Appends a timestamp (with_tz: timestamptz, in UTC) in DateStyle ISO. */
int sqlx_wire__pg_render_timestamp(int64_t ts, bool with_tz, struct sqlx_wire__pg_out *o,
                                   struct sqlx_err *err);
/* Whole-text parsers: false unless all n bytes make one number in range. */
bool sqlx_wire__pg_parse_i64(const char *p, size_t n, int64_t *out);
bool sqlx_wire__pg_parse_double(const char *p, size_t n, double *out);
/* byteaout's hex ("\x0aff") or escape ("a\\b\001") form into bytes. */
int sqlx_wire__pg_decode_bytea_text(const char *p, size_t n, struct sqlx_wire__pg_out *o,
                                    struct sqlx_err *err);
/* Parses timestamptz output in DateStyle ISO ("2024-05-01 12:00:00.5+02:30[ BC]") into
 * microseconds since 2000-01-01 UTC. False when the text has another shape. */
bool sqlx_wire__pg_parse_timestamptz_iso(const char *s, size_t n, int64_t *ts);
/* True when ISO timestamptz text already reads in UTC ("...+00" or "...+00 BC"). */
bool sqlx_wire__pg_ends_in_utc(const char *p, size_t n);

/* ---- pg_array.c ---- */

/* Appends array_out's text for a binary array of type oid (an array type of the table). */
int sqlx_wire__pg_render_array(uint32_t oid, const unsigned char *p, size_t len,
                               struct sqlx_wire__pg_out *o, struct sqlx_err *err);

/* ---- writer ---- */

static inline void o_commit(struct sqlx_wire__pg_out *o, size_t n)
{
    o->s->used += n;
}

static inline void o_put(struct sqlx_wire__pg_out *o, const void *p, size_t n)
{
    char *d = sqlx_wire__pg_out_room(o, n);
    if (d && n) {
        memcpy(d, p, n);
        o_commit(o, n);
    }
}

static inline void o_puts(struct sqlx_wire__pg_out *o, const char *str)
{
    o_put(o, str, strlen(str));
}

static inline void o_putc(struct sqlx_wire__pg_out *o, char c)
{
    o_put(o, &c, 1);
}

/* Length of the open value so far. */
static inline size_t o_len(const struct sqlx_wire__pg_out *o)
{
    return o->s->used - o->s->open;
}

/* Address of byte off of the open value; valid until the next sqlx_wire__pg_out_room. */
static inline char *o_at(const struct sqlx_wire__pg_out *o, size_t off)
{
    return o->s->head->data + o->s->open + off;
}

/* ---- big-endian readers ---- */

static inline uint16_t rd_u16(const unsigned char *p)
{
    return (uint16_t)(((unsigned)p[0] << 8) | p[1]);
}

static inline uint32_t rd_u32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline uint64_t rd_u64(const unsigned char *p)
{
    return ((uint64_t)rd_u32(p) << 32) | rd_u32(p + 4);
}

static inline int16_t rd_i16(const unsigned char *p)
{
    return (int16_t)rd_u16(p);
}

static inline int32_t rd_i32(const unsigned char *p)
{
    return (int32_t)rd_u32(p);
}

static inline int64_t rd_i64(const unsigned char *p)
{
    return (int64_t)rd_u64(p);
}

#endif
