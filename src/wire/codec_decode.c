/* WireVM codec, the receiving side: splits frames off the input (length, tag, sequence id),
 * decodes a frame into field values by its layout's op array (the interpreter) or by one of the
 * verified fast paths for the DataRow, TextRow and BinaryRow shapes, and walks decoded lists.
 * Bytes only: no I/O, no engine knowledge. Never reads outside the frame given. */
#include "wire/codec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/codec_int.h"

/* ---- frames -------------------------------------------------------------------------------------- */

int sqlx_wire_frame_split(const struct sqlx_wire_codec *c, bool tagged, const uint8_t *buf,
                          size_t n, struct sqlx_wire_frame *f, struct sqlx_err *err)
{
    const struct sqlx_wire_framing *fr = &c->framing;
    size_t tag = (tagged && fr->tag) ? 1 : 0;
    size_t hdr = tag + fr->len_width + (fr->sequence ? 1 : 0);
    f->total = 0;
    if (n < hdr)
        return 0;
    uint64_t len = get_uint(buf + tag, fr->len_width, fr->len_big_endian);
    if (fr->len_includes_self) {
        if (len < fr->len_width)
            return sqlx_err_set(
                err, SQLX_EINVAL,
                "malformed frame from the server: length %llu is less than the length field itself",
                (unsigned long long)len);
        len -= fr->len_width;
    }
    if (len > fr->max_frame)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "server sent a frame of %llu bytes, over the limit of %u bytes",
                            (unsigned long long)len, fr->max_frame);
    f->tag = tag ? buf[0] : -1;
    f->seq = fr->sequence ? buf[tag + fr->len_width] : 0;
    f->total = hdr + (size_t)len;
    if (n < f->total)
        return 0;
    f->payload = buf + hdr;
    f->len = (size_t)len;
    return 1;
}

/* ---- decode -------------------------------------------------------------------------------------- */

struct dctx {
    const struct sqlx_wire_layout *l;
    const uint8_t *p; /* payload */
    size_t len;
    size_t pos;
    struct sqlx_wire_msg *msg;
    struct sqlx_err *err;
};

static int malformed(struct dctx *d, const char *what, const char *field)
{
    return sqlx_err_set(d->err, SQLX_EINVAL,
                        "malformed %s message from the server: %s in field \"%s\" at byte %zu",
                        d->l->name, what, field, d->pos);
}

/* Makes room for `more` values after the used ones, left as they were (the caller sets every
 * field it reads); returns the index of the first. */
static uint32_t reserve_vals_raw(struct sqlx_wire_msg *m, size_t more)
{
    size_t need = (size_t)m->nvals + more;
    if (need > m->cap) {
        size_t cap = m->cap ? m->cap : 32;
        while (cap < need)
            cap *= 2;
        m->vals = sqlx_realloc(m->vals, cap * sizeof *m->vals);
        m->cap = (uint32_t)cap;
    }
    uint32_t first = m->nvals;
    m->nvals = (uint32_t)need;
    return first;
}

/* Makes room for `more` values after the used ones, zeroed; returns the index of the first. */
static uint32_t reserve_vals(struct sqlx_wire_msg *m, size_t more)
{
    uint32_t first = reserve_vals_raw(m, more);
    if (more)
        memset(m->vals + first, 0, more * sizeof *m->vals);
    return first;
}

/* Reads a MySQL length-encoded integer; *is_null for 0xfb. */
static int read_lenenc(struct dctx *d, const char *field, uint64_t *out, bool *is_null)
{
    *is_null = false;
    if (d->pos >= d->len)
        return malformed(d, "frame ends before a length-encoded integer", field);
    uint8_t b = d->p[d->pos++];
    unsigned w = 0;
    if (b < 0xfb) {
        *out = b;
        return 0;
    }
    if (b == 0xfb) {
        *is_null = true;
        return 0;
    }
    if (b == 0xfc)
        w = 2;
    else if (b == 0xfd)
        w = 3;
    else if (b == 0xfe)
        w = 8;
    else
        return malformed(d, "invalid length-encoded integer prefix 0xff", field);
    if (d->len - d->pos < w)
        return malformed(d, "frame ends inside a length-encoded integer", field);
    *out = get_uint(d->p + d->pos, w, false);
    d->pos += w;
    return 0;
}

/* Scans a NUL-terminated string at pos; value excludes the NUL. */
static int read_cstring(struct dctx *d, const char *field, struct sqlx_wire_val *v)
{
    const uint8_t *s = d->p + d->pos;
    const uint8_t *nul = d->pos < d->len ? memchr(s, 0, d->len - d->pos) : NULL;
    if (!nul)
        return malformed(d, "string without a terminating NUL", field);
    v->kind = SQLX_WV_BYTES;
    v->p = s;
    v->n = (size_t)(nul - s);
    d->pos += v->n + 1;
    return 0;
}

/* parameter_list, tagged_cstrings, cstring_list: validated in place, kept as a raw span. */
static int read_list(struct dctx *d, const struct sqlx_wire_op *op, struct sqlx_wire_val *v)
{
    size_t start = d->pos;
    uint32_t count = 0;
    for (;;) {
        if (d->pos >= d->len)
            return malformed(d, "list without its terminating zero byte", op->name);
        if (d->p[d->pos] == 0) {
            d->pos++;
            break;
        }
        struct sqlx_wire_val s;
        int rc;
        if (op->type == SQLX_WF_TAGGED_CSTRINGS)
            d->pos++; /* the code byte */
        if ((rc = read_cstring(d, op->name, &s)))
            return rc;
        if (op->type == SQLX_WF_PARAM_LIST && (rc = read_cstring(d, op->name, &s)))
            return rc;
        count++;
    }
    v->kind = SQLX_WV_RAWLIST;
    v->p = d->p + start;
    v->n = d->pos - start;
    v->count = count;
    return 0;
}

static int decode_level(struct dctx *d, const struct sqlx_wire_op *ops, size_t nops, uint32_t vbase,
                        int depth);

/* Whether the "if" of op holds: level holds the values of the op's level, vars the variables. */



static int decode_bitmap(struct dctx *d, const struct sqlx_wire_op *op, struct sqlx_wire_val *v)
{
    const struct sqlx_wire_val *t = type_list(op, d->msg->vars, d->msg->nvars);
    if (!t)
        return malformed(d, "no list of type codes to size the NULL bitmap", op->name);
    size_t n = bitmap_bytes(t->count, op->size);
    if (n > d->len - d->pos)
        return malformed(d, "frame ends inside the NULL bitmap", op->name);
    v->kind = SQLX_WV_BYTES;
    v->p = d->p + d->pos;
    v->n = n;
    d->pos += n;
    return 0;
}

/* One value of a typed field in encoding enc at d->pos. The value keeps its length prefix (a
 * length byte or a length-encoded integer): binary-protocol value decoders read it themselves. */
static int decode_typed_one(struct dctx *d, const struct sqlx_wire_op *op, unsigned enc,
                            struct sqlx_wire_val *v)
{
    size_t left = d->len - d->pos;
    size_t start = d->pos;
    size_t n;
    switch (enc) {
    case SQLX_WENC_FIXED1:
    case SQLX_WENC_FIXED2:
    case SQLX_WENC_FIXED4:
    case SQLX_WENC_FIXED8:
        n = (size_t)1 << (enc - SQLX_WENC_FIXED1);
        if (left < n)
            return malformed(d, "frame ends inside a fixed-size value", op->name);
        break;
    case SQLX_WENC_LEN8:
        if (left < 1 || (size_t)d->p[d->pos] > left - 1)
            return malformed(d, "length-prefixed value longer than the frame", op->name);
        n = 1 + (size_t)d->p[d->pos];
        break;
    case SQLX_WENC_EMPTY:
        n = 0;
        break;
    default: {
        uint64_t u;
        bool is_null;
        int rc = read_lenenc(d, op->name, &u, &is_null);
        if (rc)
            return rc;
        if (is_null)
            return malformed(d, "NULL marker inside a typed value", op->name);
        if (u > d->len - d->pos)
            return malformed(d, "length-encoded string longer than the frame", op->name);
        n = d->pos - start + (size_t)u;
        break;
    }
    }
    v->kind = SQLX_WV_BYTES;
    v->p = d->p + start;
    v->n = n;
    d->pos = start + n;
    return 0;
}


/* typed_values: one value per type code, NULL where the bitmap (field op->ref) has its bit. */
static int decode_typed(struct dctx *d, const struct sqlx_wire_op *op, uint32_t vbase)
{
    const struct sqlx_wire_val *t = type_list(op, d->msg->vars, d->msg->nvars);
    if (!t)
        return malformed(d, "no list of type codes for the values", op->name);
    const uint8_t *bits = NULL;
    if (op->ref != UINT16_MAX) {
        const struct sqlx_wire_val *bm = &d->msg->vals[vbase + op->ref];
        if (bm->kind != SQLX_WV_BYTES || bm->n < bitmap_bytes(t->count, op->size))
            return malformed(d, "missing NULL bitmap", op->name);
        bits = bm->p;
    }
    uint32_t count = t->count; /* from the engine's column list, not from the frame */
    uint32_t first = reserve_vals(d->msg, count);
    struct sqlx_wire_val *gv = &d->msg->vals[vbase + op->slot];
    gv->kind = SQLX_WV_LIST;
    gv->count = count;
    gv->items = NULL;
    gv->first = first;
    for (uint32_t i = 0; i < count; i++) {
        struct sqlx_wire_val *v = &d->msg->vals[first + i];
        uint32_t bit = i + op->size;
        if (bits && (bits[bit / 8] >> (bit % 8)) & 1) {
            v->kind = SQLX_WV_NULL;
            continue;
        }
        if (op->flags & SQLX_WOP_INDICATORS) {
            if (d->pos >= d->len)
                return malformed(d, "frame ends before an indicator byte", op->name);
            uint8_t ind = d->p[d->pos++];
            if (ind == 1) {
                v->kind = SQLX_WV_NULL;
                continue;
            }
            if (ind != 0)
                return malformed(d, "indicator byte other than 0 (value) or 1 (NULL)", op->name);
        }
        const struct sqlx_wire_val *tc = &t->items[i];
        unsigned enc = op->encs[tc->kind == SQLX_WV_INT ? (uint8_t)tc->i : 0];
        int rc = decode_typed_one(d, op, enc, v);
        if (rc)
            return rc;
    }
    return 0;
}

/* A group repeated to the end of the frame: items are reserved one at a time, contiguously (the
 * body holds no nested group), and each must consume at least one byte. */
static int decode_to_end(struct dctx *d, const struct sqlx_wire_op *op, uint32_t vbase, int depth)
{
    uint32_t first = d->msg->nvals, count = 0;
    while (d->pos < d->len) {
        size_t before = d->pos;
        uint32_t at = reserve_vals(d->msg, op->stride);
        int rc = decode_level(d, op + 1, op->body, at, depth + 1);
        if (rc)
            return rc;
        if (d->pos == before)
            return malformed(d, "empty item in a group repeated to the end of the frame", op->name);
        count++;
    }
    struct sqlx_wire_val *gv = &d->msg->vals[vbase + op->slot];
    gv->kind = SQLX_WV_LIST;
    gv->count = count;
    gv->items = NULL;
    gv->first = first;
    return 0;
}

static int decode_repeat(struct dctx *d, const struct sqlx_wire_op *op, uint32_t vbase, int depth)
{
    if (op->flags & SQLX_WOP_TO_END)
        return decode_to_end(d, op, vbase, depth);
    const struct sqlx_wire_val *cv = &d->msg->vals[vbase + op->ref];
    if (cv->kind != SQLX_WV_INT || cv->i < 0)
        return malformed(d, "negative or missing item count", op->name);
    uint64_t count = (uint64_t)cv->i;
    /* The count cannot exceed what the rest of the frame could hold (op->size is the smallest
     * item), which bounds the memory a hostile count can take. */
    uint64_t room = op->size ? (d->len - d->pos) / op->size : UNBOUNDED_ITEMS;
    if (count > room)
        return malformed(d, "item count larger than the frame", op->name);
    uint32_t first = reserve_vals(d->msg, (size_t)count * op->stride);
    struct sqlx_wire_val *gv = &d->msg->vals[vbase + op->slot];
    gv->kind = SQLX_WV_LIST;
    gv->count = (uint32_t)count;
    gv->items = NULL;
    gv->first = first;
    for (uint64_t i = 0; i < count; i++) {
        int rc = decode_level(d, op + 1, op->body, first + (uint32_t)(i * op->stride), depth + 1);
        if (rc)
            return rc;
    }
    return 0;
}

static int decode_one(struct dctx *d, const struct sqlx_wire_op *op, struct sqlx_wire_val *v)
{
    size_t left = d->len - d->pos;
    int rc;
    switch ((enum sqlx_wire_ftype)op->type) {
    case SQLX_WF_INT: {
        if (left < op->width)
            return malformed(d, "frame ends inside an integer", op->name);
        uint64_t u = get_uint(d->p + d->pos, op->width, op->big_endian);
        d->pos += op->width;
        v->kind = SQLX_WV_INT;
        v->i = (op->flags & SQLX_WOP_SIGNED) ? sign_extend(u, op->width) : (int64_t)u;
        if ((op->flags & SQLX_WOP_CONST) && v->i != op->cval)
            return SQLX_WIRE_MISMATCH;
        return 0;
    }
    case SQLX_WF_CSTRING:
        if ((rc = read_cstring(d, op->name, v)))
            return rc;
        if ((op->flags & SQLX_WOP_CONST) &&
            (v->n != op->cstr_len || memcmp(v->p, op->cstr, v->n) != 0))
            return SQLX_WIRE_MISMATCH;
        return 0;
    case SQLX_WF_FIXED_STRING:
    case SQLX_WF_FIXED_BYTES:
        if (left < op->size)
            return malformed(d, "frame ends inside a fixed-size field", op->name);
        v->kind = SQLX_WV_BYTES;
        v->p = d->p + d->pos;
        v->n = op->size;
        d->pos += op->size;
        if (op->flags & SQLX_WOP_CONST) {
            /* The constant is zero-padded to the fixed size. */
            if (memcmp(v->p, op->cstr, op->cstr_len) != 0)
                return SQLX_WIRE_MISMATCH;
            for (size_t i = op->cstr_len; i < op->size; i++)
                if (v->p[i] != 0)
                    return SQLX_WIRE_MISMATCH;
        }
        return 0;
    case SQLX_WF_BYTES_REF:
        /* Filled by decode_level, which sees the length field. */
        return 0;
    case SQLX_WF_BYTES_REST:
        v->kind = SQLX_WV_BYTES;
        v->p = d->p + d->pos;
        v->n = left;
        d->pos = d->len;
        return 0;
    case SQLX_WF_LENENC_INT: {
        uint64_t u;
        bool is_null;
        if ((rc = read_lenenc(d, op->name, &u, &is_null)))
            return rc;
        if (is_null)
            v->kind = SQLX_WV_NULL;
        else
            v->kind = SQLX_WV_INT, v->i = (int64_t)u;
        return 0;
    }
    case SQLX_WF_LENENC_STRING:
    case SQLX_WF_LENENC_BYTES: {
        uint64_t u;
        bool is_null;
        if ((rc = read_lenenc(d, op->name, &u, &is_null)))
            return rc;
        if (is_null) {
            v->kind = SQLX_WV_NULL;
            return 0;
        }
        if (u > d->len - d->pos)
            return malformed(d, "length-encoded string longer than the frame", op->name);
        v->kind = SQLX_WV_BYTES;
        v->p = d->p + d->pos;
        v->n = (size_t)u;
        d->pos += (size_t)u;
        return 0;
    }
    case SQLX_WF_PARAM_LIST:
    case SQLX_WF_TAGGED_CSTRINGS:
    case SQLX_WF_CSTRING_LIST:
        return read_list(d, op, v);
    case SQLX_WF_NULL_BITMAP:
        return decode_bitmap(d, op, v);
    case SQLX_WF_REPEAT:
    case SQLX_WF_TYPED_VALUES:
        break;
    }
    return malformed(d, "unknown field type", op->name);
}

/* Decodes the ops of one level (the message or one group item) into vals[vbase..]. */
static int decode_level(struct dctx *d, const struct sqlx_wire_op *ops, size_t nops, uint32_t vbase,
                        int depth)
{
    size_t ends[MAX_LEVEL_FIELDS];
    if (depth > MAX_DEPTH)
        return malformed(d, "groups nested too deeply", ops[0].name);
    for (size_t i = 0; i < nops; i++) {
        const struct sqlx_wire_op *op = &ops[i];
        int rc;
        if (op->cond_kind != SQLX_WCOND_NONE &&
            !cond_ok(op, d->msg->vals + vbase, d->msg->vars, d->msg->nvars)) {
            d->msg->vals[vbase + op->slot].kind = SQLX_WV_NONE;
            ends[op->slot] = d->pos;
            if (op->type == SQLX_WF_REPEAT)
                i += op->body;
            continue;
        }
        if (op->flags & SQLX_WOP_AFTER) {
            int64_t at = (int64_t)ends[op->after] + op->after_add;
            if (at < 0 || (uint64_t)at > d->len)
                return malformed(d, "offset outside the frame", op->name);
            d->pos = (size_t)at;
        }
        if ((op->flags & SQLX_WOP_OPTIONAL) && d->pos >= d->len) {
            d->msg->vals[vbase + op->slot].kind = SQLX_WV_NONE;
        } else if (op->type == SQLX_WF_REPEAT) {
            if ((rc = decode_repeat(d, op, vbase, depth)))
                return rc;
        } else if (op->type == SQLX_WF_TYPED_VALUES) {
            if ((rc = decode_typed(d, op, vbase)))
                return rc;
        } else if (op->type == SQLX_WF_BYTES_REF) {
            struct sqlx_wire_val *lv = &d->msg->vals[vbase + op->ref];
            struct sqlx_wire_val *v = &d->msg->vals[vbase + op->slot];
            if (lv->kind != SQLX_WV_INT)
                return malformed(d, "missing length", op->name);
            if (lv->i == -1) {
                v->kind = SQLX_WV_NULL;
            } else if (lv->i < 0) {
                return malformed(d, "negative length", op->name);
            } else if ((uint64_t)lv->i > d->len - d->pos) {
                return malformed(d, "length longer than the frame", op->name);
            } else {
                v->kind = SQLX_WV_BYTES;
                v->p = d->p + d->pos;
                v->n = (size_t)lv->i;
                d->pos += v->n;
            }
        } else if ((rc = decode_one(d, op, &d->msg->vals[vbase + op->slot]))) {
            return rc;
        }
        ends[op->slot] = d->pos;
        if (op->type == SQLX_WF_REPEAT)
            i += op->body;
    }
    return 0;
}

static void msg_start(struct sqlx_wire_msg *msg, const struct sqlx_wire_layout *l,
                      const uint8_t *payload, size_t len)
{
    msg->layout = l;
    msg->payload = payload;
    msg->len = len;
    msg->nvals = 0;
    reserve_vals(msg, l->ntop);
}

int sqlx_wire_decode_interpreted(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                                 const uint8_t *payload, size_t len, struct sqlx_wire_msg *msg,
                                 struct sqlx_err *err)
{
    (void)c;
    if (l->max_size && len > l->max_size)
        return SQLX_WIRE_MISMATCH;
    struct dctx d = { .l = l, .p = payload, .len = len, .pos = 0, .msg = msg, .err = err };
    msg_start(msg, l, payload, len);
    int rc = decode_level(&d, l->ops, l->nops, 0, 0);
    if (rc)
        return rc;
    if (d.pos != len)
        return sqlx_err_set(
            err, SQLX_EINVAL,
            "malformed %s message from the server: %zu bytes left over after the last field",
            l->name, len - d.pos);
    return 0;
}

/* Fast path for the counted length-prefixed shape (DataRow). Yields exactly the values and
 * outcomes of the interpreter for the same layout; tests/unit/wire/codec_test.c checks it. */
static int decode_counted_bytes(const struct sqlx_wire_layout *l, const uint8_t *p, size_t len,
                                struct sqlx_wire_msg *msg, struct sqlx_err *err)
{
    const struct sqlx_wire_op *cop = &l->ops[0];
    struct dctx d = { .l = l, .p = p, .len = len, .pos = 0, .msg = msg, .err = err };
    msg_start(msg, l, p, len);
    if (len < cop->width)
        return malformed(&d, "frame ends inside an integer", cop->name);
    int64_t count = cop->width == 2 ? (int16_t)(uint16_t)((p[0] << 8) | p[1]) : get_i32be(p);
    size_t pos = cop->width;
    msg->vals[0].kind = SQLX_WV_INT;
    msg->vals[0].i = count;
    d.pos = pos;
    if (count < 0)
        return malformed(&d, "negative or missing item count", l->ops[1].name);
    if ((uint64_t)count > (len - pos) / l->ops[1].size)
        return malformed(&d, "item count larger than the frame", l->ops[1].name);
    uint32_t first = reserve_vals(msg, (size_t)count * 2);
    struct sqlx_wire_val *gv = &msg->vals[1];
    gv->kind = SQLX_WV_LIST;
    gv->count = (uint32_t)count;
    gv->items = NULL;
    gv->first = first;
    struct sqlx_wire_val *v = msg->vals + first;
    for (int64_t i = 0; i < count; i++, v += 2) {
        if (len - pos < 4) {
            d.pos = pos;
            return malformed(&d, "frame ends inside an integer", l->ops[2].name);
        }
        int32_t n = get_i32be(p + pos);
        pos += 4;
        v[0].kind = SQLX_WV_INT;
        v[0].i = n;
        if (n == -1) {
            v[1].kind = SQLX_WV_NULL;
            continue;
        }
        d.pos = pos;
        if (n < 0)
            return malformed(&d, "negative length", l->ops[3].name);
        if ((size_t)n > len - pos)
            return malformed(&d, "length longer than the frame", l->ops[3].name);
        v[1].kind = SQLX_WV_BYTES;
        v[1].p = p + pos;
        v[1].n = (size_t)n;
        pos += (size_t)n;
    }
    if (pos != len)
        return sqlx_err_set(
            err, SQLX_EINVAL,
            "malformed %s message from the server: %zu bytes left over after the last field",
            l->name, len - pos);
    return 0;
}

/* Fast path for lenenc strings to the end of the frame (MySQL text rows). Yields exactly what the
 * interpreter yields (tests/unit/wire/my_conn_test.c compares them on generated and damaged
 * rows); it saves the per-item level walk. */
static int decode_lenenc_to_end(const struct sqlx_wire_layout *l, const uint8_t *p, size_t len,
                                struct sqlx_wire_msg *msg, struct sqlx_err *err)
{
    const struct sqlx_wire_op *vop = &l->ops[1];
    struct dctx d = { .l = l, .p = p, .len = len, .pos = 0, .msg = msg, .err = err };
    msg_start(msg, l, p, len);
    uint32_t first = msg->nvals, count = 0;
    while (d.pos < len) {
        uint32_t at = reserve_vals(msg, 1);
        struct sqlx_wire_val *v = &msg->vals[at];
        uint8_t b = p[d.pos];
        if (b < 0xfb && (size_t)b < len - d.pos) {
            v->kind = SQLX_WV_BYTES;
            v->p = p + d.pos + 1;
            v->n = b;
            d.pos += 1 + (size_t)b;
        } else {
            uint64_t u;
            bool is_null;
            int rc = read_lenenc(&d, vop->name, &u, &is_null);
            if (rc)
                return rc;
            if (is_null) {
                v->kind = SQLX_WV_NULL;
            } else {
                if (u > len - d.pos)
                    return malformed(&d, "length-encoded string longer than the frame", vop->name);
                v->kind = SQLX_WV_BYTES;
                v->p = p + d.pos;
                v->n = (size_t)u;
                d.pos += (size_t)u;
            }
        }
        count++;
    }
    struct sqlx_wire_val *gv = &msg->vals[0];
    gv->kind = SQLX_WV_LIST;
    gv->count = count;
    gv->items = NULL;
    gv->first = first;
    return 0;
}

/* Fast path for the binary row shape (header, NULL bitmap, typed values). Yields exactly what
 * the interpreter yields, errors included (tests/unit/wire/codec_test.c compares them on
 * generated, truncated and damaged rows); it saves the level walk and the per-value dispatch. */
static int decode_bitmap_typed(const struct sqlx_wire_layout *l, const uint8_t *p, size_t len,
                               struct sqlx_wire_msg *msg, struct sqlx_err *err)
{
    const struct sqlx_wire_op *hop = &l->ops[0], *bop = &l->ops[1], *top = &l->ops[2];
    struct dctx d = { .l = l, .p = p, .len = len, .pos = 0, .msg = msg, .err = err };
    msg->layout = l;
    msg->payload = p;
    msg->len = len;
    msg->nvals = 0;
    reserve_vals_raw(msg, 3);
    memset(msg->vals, 0, 3 * sizeof *msg->vals);
    if (len < 1)
        return malformed(&d, "frame ends inside an integer", hop->name);
    msg->vals[0].kind = SQLX_WV_INT;
    msg->vals[0].i = p[0];
    d.pos = 1;
    if (p[0] != (uint64_t)hop->cval)
        return SQLX_WIRE_MISMATCH;
    const struct sqlx_wire_val *t = type_list(bop, msg->vars, msg->nvars);
    if (!t)
        return malformed(&d, "no list of type codes to size the NULL bitmap", bop->name);
    size_t nb = bitmap_bytes(t->count, bop->size);
    if (nb > len - 1)
        return malformed(&d, "frame ends inside the NULL bitmap", bop->name);
    const uint8_t *bits = p + 1;
    msg->vals[1].kind = SQLX_WV_BYTES;
    msg->vals[1].p = bits;
    msg->vals[1].n = nb;
    size_t pos = 1 + nb;
    uint32_t count = t->count;
    const struct sqlx_wire_val *types = t->items;
    uint32_t first = reserve_vals_raw(msg, count);
    struct sqlx_wire_val *gv = &msg->vals[2];
    gv->kind = SQLX_WV_LIST;
    gv->count = count;
    gv->items = NULL;
    gv->first = first;
    struct sqlx_wire_val *v = msg->vals + first;
    const uint8_t *encs = top->encs;
    uint32_t bit = bop->size;
    for (uint32_t i = 0; i < count; i++, v++, bit++) {
        if ((bits[bit >> 3] >> (bit & 7)) & 1) {
            v->kind = SQLX_WV_NULL;
            v->count = 0;
            v->p = NULL;
            v->n = 0;
            continue;
        }
        unsigned enc = encs[types[i].kind == SQLX_WV_INT ? (uint8_t)types[i].i : 0];
        size_t left = len - pos, n;
        if (enc >= SQLX_WENC_FIXED1 && enc <= SQLX_WENC_FIXED8) {
            n = (size_t)1 << (enc - SQLX_WENC_FIXED1);
            if (left < n) {
                d.pos = pos;
                return malformed(&d, "frame ends inside a fixed-size value", top->name);
            }
        } else if (enc == SQLX_WENC_LEN8 || (enc != SQLX_WENC_EMPTY && left > 0 && p[pos] < 0xfb)) {
            /* a one-byte length: LEN8 always, a length-encoded integer below 0xfb */
            if (left < 1 || (size_t)p[pos] > left - 1) {
                d.pos = pos;
                if (enc == SQLX_WENC_LEN8)
                    return malformed(&d, "length-prefixed value longer than the frame", top->name);
                d.pos = pos + 1;
                return malformed(&d, "length-encoded string longer than the frame", top->name);
            }
            n = 1 + (size_t)p[pos];
        } else if (enc == SQLX_WENC_EMPTY) {
            n = 0;
        } else {
            d.pos = pos;
            uint64_t u;
            bool is_null;
            int rc = read_lenenc(&d, top->name, &u, &is_null);
            if (rc)
                return rc;
            if (is_null)
                return malformed(&d, "NULL marker inside a typed value", top->name);
            if (u > len - d.pos)
                return malformed(&d, "length-encoded string longer than the frame", top->name);
            n = d.pos - pos + (size_t)u;
        }
        v->kind = SQLX_WV_BYTES;
        v->count = 0;
        v->p = p + pos;
        v->n = n;
        pos += n;
    }
    if (pos != len)
        return sqlx_err_set(
            err, SQLX_EINVAL,
            "malformed %s message from the server: %zu bytes left over after the last field",
            l->name, len - pos);
    return 0;
}

int sqlx_wire_decode(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                     const uint8_t *payload, size_t len, struct sqlx_wire_msg *msg,
                     struct sqlx_err *err)
{
    if (l->max_size && len > l->max_size)
        return SQLX_WIRE_MISMATCH;
    if (l->shape == SQLX_WSHAPE_COUNTED_BYTES)
        return decode_counted_bytes(l, payload, len, msg, err);
    if (l->shape == SQLX_WSHAPE_LENENC_TO_END)
        return decode_lenenc_to_end(l, payload, len, msg, err);
    if (l->shape == SQLX_WSHAPE_BITMAP_TYPED)
        return decode_bitmap_typed(l, payload, len, msg, err);
    return sqlx_wire_decode_interpreted(c, l, payload, len, msg, err);
}

int sqlx_wire_decode_frame(const struct sqlx_wire_codec *c, const struct sqlx_wire_frame *f,
                           const uint16_t *candidates, size_t ncand, struct sqlx_wire_msg *msg,
                           struct sqlx_err *err)
{
    int rc;
    if (f->tag >= 0) {
        for (int16_t id = c->by_tag[f->tag & 0xff]; id >= 0; id = c->msgs[id].next_same_tag) {
            rc = sqlx_wire_decode(c, &c->msgs[id], f->payload, f->len, msg, err);
            if (rc != SQLX_WIRE_MISMATCH) {
                msg->seq = f->seq;
                return rc;
            }
        }
        if (f->tag >= 0x20 && f->tag < 0x7f)
            return sqlx_err_set(err, SQLX_EINVAL, "unknown message type '%c' from the server",
                                f->tag);
        return sqlx_err_set(err, SQLX_EINVAL, "unknown message type 0x%02x from the server",
                            (unsigned)f->tag);
    }
    for (size_t i = 0; i < ncand; i++) {
        if (candidates[i] >= c->nmsgs)
            continue;
        const struct sqlx_wire_layout *l = &c->msgs[candidates[i]];
        /* A constant first byte that differs is a mismatch the decoder would find too. */
        if (l->first_byte >= 0 && f->len > 0 && f->payload[0] != (uint8_t)l->first_byte)
            continue;
        rc = sqlx_wire_decode(c, l, f->payload, f->len, msg, err);
        if (rc != SQLX_WIRE_MISMATCH) {
            msg->seq = f->seq;
            return rc;
        }
    }
    return sqlx_err_set(err, SQLX_EINVAL, "unexpected message from the server (%zu bytes)", f->len);
}

void sqlx_wire_msg_free(struct sqlx_wire_msg *msg)
{
    sqlx_free(msg->vals);
    memset(msg, 0, sizeof *msg);
}

const struct sqlx_wire_val *sqlx_wire_msg_val(const struct sqlx_wire_msg *msg, int slot)
{
    static const struct sqlx_wire_val none = { .kind = SQLX_WV_NONE };
    if (slot < 0 || !msg->layout || slot >= msg->layout->ntop)
        return &none;
    return &msg->vals[slot];
}

const struct sqlx_wire_val *sqlx_wire_msg_items(const struct sqlx_wire_msg *msg,
                                                const struct sqlx_wire_val *list)
{
    if (list->kind != SQLX_WV_LIST)
        return NULL;
    return list->items ? list->items : msg->vals + list->first;
}

/* ---- list iteration ------------------------------------------------------------------------------ */

void sqlx_wire_iter_init(struct sqlx_wire_iter *it, uint8_t type, const struct sqlx_wire_val *v)
{
    it->type = type;
    if (v->kind == SQLX_WV_RAWLIST) {
        it->p = v->p;
        it->end = v->p + v->n;
    } else {
        it->p = it->end = NULL;
    }
}

/* A NUL-terminated string at it->p within it->end; false when there is none. */
static bool iter_cstr(struct sqlx_wire_iter *it, struct sqlx_str *out)
{
    const uint8_t *nul = it->p < it->end ? memchr(it->p, 0, (size_t)(it->end - it->p)) : NULL;
    if (!nul)
        return false;
    out->ptr = (const char *)it->p;
    out->len = (size_t)(nul - it->p);
    it->p = nul + 1;
    return true;
}

bool sqlx_wire_iter_next(struct sqlx_wire_iter *it, int *code, struct sqlx_str *name,
                         struct sqlx_str *value)
{
    struct sqlx_str dummy;
    if (!it->p || it->p >= it->end || *it->p == 0)
        return false;
    switch (it->type) {
    case SQLX_WF_TAGGED_CSTRINGS:
        if (code)
            *code = *it->p;
        it->p++;
        return iter_cstr(it, value ? value : &dummy);
    case SQLX_WF_PARAM_LIST:
        return iter_cstr(it, name ? name : &dummy) && iter_cstr(it, value ? value : &dummy);
    case SQLX_WF_CSTRING_LIST:
        return iter_cstr(it, value ? value : &dummy);
    default:
        return false;
    }
}

bool sqlx_wire_tagged_find(const struct sqlx_wire_val *v, int code, struct sqlx_str *out)
{
    struct sqlx_wire_iter it;
    int c;
    struct sqlx_str s;
    sqlx_wire_iter_init(&it, SQLX_WF_TAGGED_CSTRINGS, v);
    while (sqlx_wire_iter_next(&it, &c, NULL, &s)) {
        if (c == code) {
            *out = s;
            return true;
        }
    }
    return false;
}
