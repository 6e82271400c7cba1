/* WireVM codec, the sending side: encodes a message from field values by its layout (constant
 * fields from the layout, LEN_OF and COUNT_OF computed, typed values checked against their
 * type's encoding), framed and, where the protocol splits, cut into frames of the largest size.
 * Bytes only: no I/O, no engine knowledge. */
#include "wire/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/codec_int.h"

/* ---- encode -------------------------------------------------------------------------------------- */

struct ectx {
    const struct sqlx_wire_layout *l;
    struct sqlx_buf *out;
    struct sqlx_err *err;
    const struct sqlx_wire_val *vars; /* variables for conditions and type lists, may be NULL */
    uint32_t nvars;
};

static int bad_value(struct ectx *e, const struct sqlx_wire_op *op, const char *what)
{
    return sqlx_err_set(e->err, SQLX_EINVAL, "cannot encode field \"%s\" of message %s: %s",
                        op->name, e->l->name, what);
}

static bool int_fits(int64_t v, unsigned width, bool is_signed)
{
    if (width >= 8)
        return true;
    if (is_signed) {
        int64_t lim = (int64_t)1 << (8 * width - 1);
        return v >= -lim && v < lim;
    }
    return v >= 0 && (uint64_t)v < ((uint64_t)1 << (8 * width));
}

static void put_int(struct sqlx_buf *out, const struct sqlx_wire_op *op, int64_t v)
{
    uint8_t b[8];
    put_uint(b, op->width, op->big_endian, (uint64_t)v);
    sqlx_buf_put(out, b, op->width);
}

static void put_lenenc(struct sqlx_buf *out, uint64_t v)
{
    uint8_t b[9];
    if (v < 0xfb) {
        b[0] = (uint8_t)v;
        sqlx_buf_put(out, b, 1);
    } else if (v <= 0xffff) {
        b[0] = 0xfc;
        put_uint(b + 1, 2, false, v);
        sqlx_buf_put(out, b, 3);
    } else if (v <= 0xffffff) {
        b[0] = 0xfd;
        put_uint(b + 1, 3, false, v);
        sqlx_buf_put(out, b, 4);
    } else {
        b[0] = 0xfe;
        put_uint(b + 1, 8, false, v);
        sqlx_buf_put(out, b, 9);
    }
}

static bool is_bytes(const struct sqlx_wire_val *v)
{
    return v->kind == SQLX_WV_BYTES;
}

static int encode_list(struct ectx *e, const struct sqlx_wire_op *op, const struct sqlx_wire_val *v)
{
    if (v->kind == SQLX_WV_RAWLIST) {
        sqlx_buf_put(e->out, v->p, v->n);
        return 0;
    }
    if (v->kind != SQLX_WV_LIST)
        return bad_value(e, op, "expected a list");
    unsigned stride = op->type == SQLX_WF_CSTRING_LIST ? 1 : 2;
    for (uint32_t i = 0; i < v->count; i++) {
        const struct sqlx_wire_val *it = &v->items[(size_t)i * stride];
        if (op->type == SQLX_WF_TAGGED_CSTRINGS) {
            if (it[0].kind != SQLX_WV_INT || it[0].i <= 0 || it[0].i > 255 || !is_bytes(&it[1]))
                return bad_value(e, op, "expected code and text pairs");
            sqlx_buf_putc(e->out, (char)it[0].i);
            it++;
        }
        for (unsigned k = 0; k < (op->type == SQLX_WF_PARAM_LIST ? 2u : 1u); k++) {
            if (!is_bytes(&it[k]) || memchr(it[k].p, 0, it[k].n) || (k == 0 && it[k].n == 0))
                return bad_value(e, op, "expected non-empty strings without NUL characters");
            sqlx_buf_put(e->out, it[k].p, it[k].n);
            sqlx_buf_putc(e->out, '\0');
        }
    }
    sqlx_buf_putc(e->out, '\0');
    return 0;
}

static int encode_level(struct ectx *e, const struct sqlx_wire_op *ops, size_t nops,
                        const struct sqlx_wire_val *vals);

/* NULL bitmap of the typed values field it covers: a bit per NULL item, after bit_offset bits. */
static int encode_bitmap(struct ectx *e, const struct sqlx_wire_op *op,
                         const struct sqlx_wire_val *vals)
{
    const struct sqlx_wire_val *t = type_list(op, e->vars, e->nvars);
    const struct sqlx_wire_val *tv = &vals[op->ref];
    if (!t || tv->kind != SQLX_WV_LIST || tv->count != t->count || (tv->count && !tv->items))
        return bad_value(e, op, "expected as many typed values as type codes");
    size_t n = bitmap_bytes(t->count, op->size);
    size_t at = e->out->len;
    for (size_t i = 0; i < n; i++)
        sqlx_buf_putc(e->out, '\0');
    if (e->out->failed)
        return 0; /* reported once by the caller */
    uint8_t *bits = (uint8_t *)e->out->data + at;
    for (uint32_t i = 0; i < tv->count; i++) {
        uint32_t bit = i + op->size;
        if (tv->items[i].kind == SQLX_WV_NULL)
            bits[bit / 8] |= (uint8_t)(1u << (bit % 8));
    }
    return 0;
}

/* Values in the encodings their type codes select, each given complete (with its length prefix,
 * as wire/my_types.h encodes parameters; integers may also be given as INT for fixed widths);
 * NULL items are left to the bitmap or marked by their indicator byte. A list of type codes
 * shorter than the values repeats (one type per column over many rows of a bulk execution). */
/* Appends n bytes to a buffer whose room encode_typed made beforehand (no checks). */
static inline void put_reserved(struct sqlx_buf *b, const void *p, size_t n)
{
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static int encode_typed(struct ectx *e, const struct sqlx_wire_op *op,
                        const struct sqlx_wire_val *v)
{
    const struct sqlx_wire_val *t = type_list(op, e->vars, e->nvars);
    if (!t || v->kind != SQLX_WV_LIST || (v->count && !v->items) ||
        (v->count != t->count && (t->count == 0 || v->count % t->count != 0)))
        return bad_value(e, op, "expected as many typed values as type codes, or a multiple of them");
    bool ind = op->flags & SQLX_WOP_INDICATORS;
    /* Room for the whole list at once (a bulk command carries thousands of values), unless the
     * buffer is size-capped: then every write goes through its checks. */
    size_t need = 0;
    for (uint32_t i = 0; i < v->count; i++)
        need += (ind ? 1 : 0) + (v->items[i].kind == SQLX_WV_BYTES ? v->items[i].n : 8);
    bool direct = !e->out->max;
    if (direct)
        sqlx_buf_reserve(e->out, need);
    for (uint32_t i = 0, k = 0; i < v->count; i++, k = k + 1 == t->count ? 0 : k + 1) {
        const struct sqlx_wire_val *it = &v->items[i];
        const struct sqlx_wire_val *tc = &t->items[k];
        unsigned enc = op->encs[tc->kind == SQLX_WV_INT ? (uint8_t)tc->i : 0];
        uint8_t flag = it->kind == SQLX_WV_NULL ? 1 : 0;
        if (ind) {
            if (direct)
                put_reserved(e->out, &flag, 1);
            else
                sqlx_buf_putc(e->out, (char)flag);
        }
        if (flag)
            continue;
        size_t want;
        if (enc >= SQLX_WENC_FIXED1 && enc <= SQLX_WENC_FIXED8) {
            want = (size_t)1 << (enc - SQLX_WENC_FIXED1);
            if (it->kind == SQLX_WV_INT) {
                uint8_t b[8];
                put_uint(b, (unsigned)want, false, (uint64_t)it->i);
                if (direct)
                    put_reserved(e->out, b, want);
                else
                    sqlx_buf_put(e->out, b, want);
                continue;
            }
        } else if (!is_bytes(it)) {
            want = 0;
        } else if (enc == SQLX_WENC_LEN8) {
            want = it->n ? 1 + (size_t)it->p[0] : 1;
        } else if (enc == SQLX_WENC_EMPTY) {
            want = 0;
        } else {
            want = lenenc_total(it->p, it->n);
        }
        if (!is_bytes(it) || it->n != want || (want == 0 && enc != SQLX_WENC_EMPTY))
            return bad_value(e, op, "a value whose bytes do not match its type's encoding");
        if (direct)
            put_reserved(e->out, it->p, it->n);
        else
            sqlx_buf_put(e->out, it->p, it->n);
    }
    if (direct && e->out->data)
        e->out->data[e->out->len] = '\0';
    return 0;
}

/* The value an automatic integer (length or count) takes from the field it sizes. */
static int auto_int(struct ectx *e, const struct sqlx_wire_op *op, const struct sqlx_wire_val *vals,
                    int64_t *out)
{
    const struct sqlx_wire_val *t = &vals[op->ref];
    if (op->flags & SQLX_WOP_COUNT_OF) {
        if (t->kind != SQLX_WV_LIST)
            return bad_value(e, op, "the group it counts is not a list");
        *out = t->count;
        return 0;
    }
    if (t->kind == SQLX_WV_NULL) {
        *out = -1;
        return 0;
    }
    if (!is_bytes(t))
        return bad_value(e, op, "the field it measures is not bytes");
    *out = (int64_t)t->n;
    return 0;
}

static int encode_one(struct ectx *e, const struct sqlx_wire_op *op,
                      const struct sqlx_wire_val *vals)
{
    const struct sqlx_wire_val *v = &vals[op->slot];
    int64_t iv = 0;
    int rc;
    switch ((enum sqlx_wire_ftype)op->type) {
    case SQLX_WF_INT:
        if (op->flags & SQLX_WOP_CONST) {
            iv = op->cval;
        } else if (op->flags & (SQLX_WOP_LEN_OF | SQLX_WOP_COUNT_OF)) {
            if ((rc = auto_int(e, op, vals, &iv)))
                return rc;
        } else if (v->kind == SQLX_WV_INT) {
            iv = v->i;
        } else {
            return bad_value(e, op, "expected an integer");
        }
        if (!int_fits(iv, op->width, op->flags & SQLX_WOP_SIGNED))
            return bad_value(e, op, "integer out of range for the field width");
        put_int(e->out, op, iv);
        return 0;
    case SQLX_WF_CSTRING:
        if (op->flags & SQLX_WOP_CONST) {
            sqlx_buf_put(e->out, op->cstr, op->cstr_len);
        } else {
            if (!is_bytes(v) || memchr(v->p, 0, v->n))
                return bad_value(e, op, "expected a string without NUL characters");
            sqlx_buf_put(e->out, v->p, v->n);
        }
        sqlx_buf_putc(e->out, '\0');
        return 0;
    case SQLX_WF_FIXED_STRING:
    case SQLX_WF_FIXED_BYTES: {
        const void *p = op->cstr;
        size_t n = op->cstr_len;
        if (!(op->flags & SQLX_WOP_CONST)) {
            if (!is_bytes(v) || v->n > op->size)
                return bad_value(e, op, "expected bytes no longer than the fixed size");
            p = v->p;
            n = v->n;
        }
        sqlx_buf_put(e->out, p, n);
        for (size_t i = n; i < op->size; i++)
            sqlx_buf_putc(e->out, '\0');
        return 0;
    }
    case SQLX_WF_BYTES_REF:
        if (v->kind == SQLX_WV_NULL)
            return 0;
        if (!is_bytes(v))
            return bad_value(e, op, "expected bytes or NULL");
        sqlx_buf_put(e->out, v->p, v->n);
        return 0;
    case SQLX_WF_BYTES_REST:
        if (!is_bytes(v))
            return bad_value(e, op, "expected bytes");
        sqlx_buf_put(e->out, v->p, v->n);
        return 0;
    case SQLX_WF_LENENC_INT:
        if (v->kind == SQLX_WV_NULL) {
            sqlx_buf_putc(e->out, (char)0xfb);
            return 0;
        }
        if (v->kind != SQLX_WV_INT || v->i < 0)
            return bad_value(e, op, "expected a non-negative integer");
        put_lenenc(e->out, (uint64_t)v->i);
        return 0;
    case SQLX_WF_LENENC_STRING:
    case SQLX_WF_LENENC_BYTES:
        if (v->kind == SQLX_WV_NULL) {
            sqlx_buf_putc(e->out, (char)0xfb);
            return 0;
        }
        if (!is_bytes(v))
            return bad_value(e, op, "expected bytes or NULL");
        put_lenenc(e->out, v->n);
        sqlx_buf_put(e->out, v->p, v->n);
        return 0;
    case SQLX_WF_PARAM_LIST:
    case SQLX_WF_TAGGED_CSTRINGS:
    case SQLX_WF_CSTRING_LIST:
        return encode_list(e, op, v);
    case SQLX_WF_NULL_BITMAP:
        return encode_bitmap(e, op, vals);
    case SQLX_WF_TYPED_VALUES:
        return encode_typed(e, op, v);
    case SQLX_WF_REPEAT:
        if (v->kind != SQLX_WV_LIST || (v->count && !v->items))
            return bad_value(e, op, "expected a list of items");
        for (uint32_t i = 0; i < v->count; i++)
            if ((rc = encode_level(e, op + 1, op->body, v->items + (size_t)i * op->stride)))
                return rc;
        return 0;
    }
    return bad_value(e, op, "unknown field type");
}

/* Fields are written in order; "after" offsets apply to decoding only. */
static int encode_level(struct ectx *e, const struct sqlx_wire_op *ops, size_t nops,
                        const struct sqlx_wire_val *vals)
{
    for (size_t i = 0; i < nops; i++) {
        const struct sqlx_wire_op *op = &ops[i];
        int rc;
        bool given = vals[op->slot].kind != SQLX_WV_NONE;
        bool automatic = op->flags & (SQLX_WOP_CONST | SQLX_WOP_LEN_OF | SQLX_WOP_COUNT_OF);
        if (op->type == SQLX_WF_NULL_BITMAP)
            automatic = true;
        if (op->cond_kind != SQLX_WCOND_NONE && !cond_ok(op, vals, e->vars, e->nvars)) {
            /* absent: the condition does not hold */
        } else if (!(op->flags & SQLX_WOP_OPTIONAL) || given || automatic) {
            if ((rc = encode_one(e, op, vals)))
                return rc;
        }
        if (op->type == SQLX_WF_REPEAT)
            i += op->body;
    }
    return 0;
}

/* Cuts the payload at [start + hdr, end) into frames of the largest length (the last one shorter,
 * empty when the payload is a multiple of it), inserting a header before each continuation. */
static int split_frames(const struct sqlx_wire_framing *fr, struct sqlx_buf *out, size_t start,
                        size_t hdr, size_t payload, struct sqlx_err *err, const char *name)
{
    size_t max = ((size_t)1 << (8 * fr->len_width)) - 1;
    size_t nframes = payload / max + 1;
    size_t extra = (nframes - 1) * hdr;
    static const uint8_t zeros[16] = { 0 };
    for (size_t k = 0; k < extra; k += sizeof zeros)
        sqlx_buf_put(out, zeros, extra - k < sizeof zeros ? extra - k : sizeof zeros);
    if (out->failed) {
        out->len = start;
        return sqlx_err_set(err, SQLX_ETOOBIG, "message %s does not fit the output buffer", name);
    }
    uint8_t *base = (uint8_t *)out->data + start;
    /* Move the chunks to their places from the last one back, so nothing is overwritten. */
    for (size_t k = nframes; k-- > 1;) {
        size_t from = hdr + k * max;
        size_t n = k == nframes - 1 ? payload - k * max : max;
        memmove(base + from + k * hdr, base + from, n);
    }
    return 0;
}

int sqlx_wire_encode_ex(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                        const struct sqlx_wire_val *vals, const struct sqlx_wire_val *vars,
                        uint32_t nvars, uint8_t *seq, struct sqlx_buf *out, struct sqlx_err *err)
{
    const struct sqlx_wire_framing *fr = &c->framing;
    struct ectx e = { .l = l, .out = out, .err = err, .vars = vars, .nvars = nvars };
    size_t start = out->len;
    size_t hdr = 0;
    bool tagged = !l->untagged && l->tag >= 0;
    if (!l->unframed) {
        if (tagged)
            sqlx_buf_putc(out, (char)l->tag);
        hdr = out->len - start + fr->len_width + (fr->sequence ? 1 : 0);
        static const uint8_t zeros[8] = { 0 };
        sqlx_buf_put(out, zeros, fr->len_width + (fr->sequence ? 1u : 0u));
    }
    int rc = encode_level(&e, l->ops, l->nops, vals);
    if (rc || out->failed) {
        out->len = start;
        return rc ? rc
                  : sqlx_err_set(err, SQLX_ETOOBIG, "message %s does not fit the output buffer",
                                 l->name);
    }
    if (l->unframed)
        return 0;
    size_t payload = out->len - start - hdr;
    uint64_t len = payload + (fr->len_includes_self ? fr->len_width : 0);
    uint64_t max = fr->len_width >= 4 ? 0xffffffffu : ((uint64_t)1 << (8 * fr->len_width)) - 1;
    bool split = fr->split && !tagged && !fr->len_includes_self && len >= max;
    if ((len > max && !split) || payload > fr->max_frame) {
        out->len = start;
        return sqlx_err_set(err, SQLX_ETOOBIG,
                            "message %s of %zu bytes is too large for the protocol", l->name,
                            payload);
    }
    if (!split) {
        size_t at = start + (tagged ? 1 : 0);
        put_uint((uint8_t *)out->data + at, fr->len_width, fr->len_big_endian, len);
        if (fr->sequence)
            ((uint8_t *)out->data)[at + fr->len_width] = seq ? (*seq)++ : 0;
        return 0;
    }
    if ((rc = split_frames(fr, out, start, hdr, payload, err, l->name)))
        return rc;
    /* Headers: every frame but the last carries the largest length. */
    size_t nframes = payload / max + 1;
    uint8_t *base = (uint8_t *)out->data + start;
    for (size_t k = 0; k < nframes; k++) {
        size_t n = k == nframes - 1 ? payload - k * max : max;
        uint8_t *h = base + k * (hdr + max);
        put_uint(h, fr->len_width, fr->len_big_endian, n);
        h[fr->len_width] = seq ? (*seq)++ : 0;
    }
    return 0;
}

int sqlx_wire_encode(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                     const struct sqlx_wire_val *vals, struct sqlx_buf *out, struct sqlx_err *err)
{
    return sqlx_wire_encode_ex(c, l, vals, NULL, 0, NULL, out, err);
}
