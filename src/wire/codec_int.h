/* Private to the codec's three files (codec.c compiles layouts, codec_decode.c splits and
 * decodes frames, codec_encode.c encodes messages): the byte-order readers and writers, the
 * "if" test, and the typed-values helpers both directions share. Not for other modules. */
#ifndef SQLX_WIRE_CODEC_INT_H
#define SQLX_WIRE_CODEC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/codec.h"

#define MAX_LEVEL_FIELDS 64     /* fields per level (message or group item) */
#define MAX_DEPTH        4      /* nested repeat groups */
#define UNBOUNDED_ITEMS  65536u /* cap on items of a group whose item may be empty */

static inline uint64_t get_uint(const uint8_t *p, unsigned width, bool be)
{
    uint64_t v = 0;
    if (be) {
        for (unsigned i = 0; i < width; i++)
            v = (v << 8) | p[i];
    } else {
        for (unsigned i = width; i-- > 0;)
            v = (v << 8) | p[i];
    }
    return v;
}

static inline void put_uint(uint8_t *p, unsigned width, bool be, uint64_t v)
{
    for (unsigned i = 0; i < width; i++) {
        unsigned shift = 8 * (be ? width - 1 - i : i);
        p[i] = (uint8_t)(v >> shift);
    }
}

static inline int64_t sign_extend(uint64_t v, unsigned width)
{
    if (width >= 8)
        return (int64_t)v;
    uint64_t sign = (uint64_t)1 << (8 * width - 1);
    if (v & sign)
        return (int64_t)(v | ~((sign << 1) - 1));
    return (int64_t)v;
}

static inline int32_t get_i32be(const uint8_t *p)
{
    uint32_t u = ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
    return (int32_t)u;
}

/* Whether a field's "if" holds: a field of the same level or a variable, compared. */
static inline bool cond_ok(const struct sqlx_wire_op *op, const struct sqlx_wire_val *level,
                    const struct sqlx_wire_val *vars, uint32_t nvars)
{
    const struct sqlx_wire_val *sv = NULL;
    if (op->cond_kind == SQLX_WCOND_FIELD)
        sv = &level[op->cond_slot];
    else if (vars && op->cond_slot < nvars)
        sv = &vars[op->cond_slot];
    int64_t x = sv && sv->kind == SQLX_WV_INT ? sv->i : 0;
    switch (op->cond_cmp) {
    case SQLX_WCMP_EQ:
        return x == op->cond_value;
    case SQLX_WCMP_NE:
        return x != op->cond_value;
    case SQLX_WCMP_HAS:
        return (x & op->cond_value) == op->cond_value;
    default:
        return (x & op->cond_value) == 0;
    }
}

/* The type-code list a typed field reads; NULL when the variable holds no given list. */
static inline const struct sqlx_wire_val *type_list(const struct sqlx_wire_op *op,
                                             const struct sqlx_wire_val *vars, uint32_t nvars)
{
    if (!vars || op->var >= nvars)
        return NULL;
    const struct sqlx_wire_val *t = &vars[op->var];
    if (t->kind != SQLX_WV_LIST || (t->count && !t->items))
        return NULL;
    return t;
}

static inline size_t bitmap_bytes(uint32_t count, uint32_t bit_offset)
{
    return ((size_t)count + bit_offset + 7) / 8;
}

/* Length of a complete length-encoded value at p[0..n) (prefix included); 0 when malformed. */
static inline size_t lenenc_total(const uint8_t *p, size_t n)
{
    if (n == 0 || p[0] == 0xfb || p[0] == 0xff)
        return 0;
    unsigned w = p[0] < 0xfb ? 0 : p[0] == 0xfc ? 2 : p[0] == 0xfd ? 3 : 8;
    if (n < 1 + w)
        return 0;
    uint64_t len = w ? get_uint(p + 1, w, false) : p[0];
    if (len > n - 1 - w)
        return 0;
    return 1 + w + (size_t)len;
}

#endif
