/* PostgreSQL arrays in binary format, for the decoder in pg_types.c: array_recv's checks, then
 * array_out's text ("{1,NULL,\"a b\"}", "[0:1]={a,b}", nested braces per dimension) with each
 * element rendered by pg_text.c. Writes only through a scratch writer; no I/O, no state.
 *
 * Binary layout (network byte order), from the protocol documentation:
 *   array     int32 ndim | int32 has_nulls | uint32 elem oid | ndim x (int32 size, int32 lbound)
 *             | per element: int32 len (-1 = NULL) + bytes
 */
#include "wire/pg_types_int.h"

#include <strings.h>

/* ------------------------------------------------------------------------------------------ */
/* Arrays (array_recv checks, array_out layout and quoting)                                    */

#define MAXDIM 6

static bool array_isspace(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Quotes the element written at offset start of the open value when array_out would. */
static void quote_element(struct sqlx_wire__pg_out *o, size_t start)
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
    if (!sqlx_wire__pg_out_room(o, extra + 2))
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

static int render_array_dim(struct array_rd *rd, const int32_t *dims, int ndim,
                            struct sqlx_wire__pg_out *o, struct sqlx_err *err)
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
            return sqlx_wire__pg_malformed(err, rd->elem, "array element truncated");
        int32_t len = rd_i32(rd->p);
        rd->p += 4;
        if (len == -1) {
            o_puts(o, "NULL");
            continue;
        }
        if (len < 0 || rd->end - rd->p < len)
            return sqlx_wire__pg_malformed(err, rd->elem, "array element length out of range");
        size_t start = o_len(o);
        int rc = sqlx_wire__pg_render_scalar(rd->elem, rd->p, (size_t)len, o, err);
        if (rc)
            return rc;
        rd->p += len;
        quote_element(o, start);
    }
    o_putc(o, '}');
    return 0;
}

int sqlx_wire__pg_render_array(uint32_t oid, const unsigned char *p, size_t len,
                               struct sqlx_wire__pg_out *o, struct sqlx_err *err)
{
    uint32_t want = sqlx_pg_array_elem(oid);
    if (len < 12)
        return sqlx_wire__pg_malformed(err, oid, "array header truncated");
    int32_t ndim = rd_i32(p);
    int32_t flags = rd_i32(p + 4);
    uint32_t elem = rd_u32(p + 8);
    if (ndim < 0 || ndim > MAXDIM)
        return sqlx_wire__pg_malformed(err, oid, "invalid number of array dimensions");
    if (flags != 0 && flags != 1)
        return sqlx_wire__pg_malformed(err, oid, "invalid array flags");
    if (elem != want)
        return sqlx_wire__pg_malformed(err, oid,
                                       "array element type does not match the column type");
    if (len - 12 < (size_t)ndim * 8)
        return sqlx_wire__pg_malformed(err, oid, "array header truncated");
    int32_t dims[MAXDIM], lbs[MAXDIM];
    uint64_t nitems = ndim > 0 ? 1 : 0;
    bool plain_bounds = true;
    for (int i = 0; i < ndim; i++) {
        dims[i] = rd_i32(p + 12 + 8 * i);
        lbs[i] = rd_i32(p + 16 + 8 * i);
        if (dims[i] < 0)
            return sqlx_wire__pg_malformed(err, oid, "negative array dimension");
        if ((int64_t)lbs[i] + dims[i] - 1 > INT32_MAX)
            return sqlx_wire__pg_malformed(err, oid, "array bounds out of range");
        nitems *= (uint64_t)dims[i];
        /* Each element takes at least its 4-byte length. */
        if (nitems > len / 4)
            return sqlx_wire__pg_malformed(err, oid, "array larger than its data");
        if (lbs[i] != 1)
            plain_bounds = false;
    }
    struct array_rd rd = { p + 12 + 8 * (size_t)ndim, p + len, elem };
    if (nitems == 0) {
        if (rd.p != rd.end)
            return sqlx_wire__pg_malformed(err, oid, "trailing bytes after an empty array");
        o_puts(o, "{}");
        return 0;
    }
    if (!plain_bounds) {
        char buf[32];
        for (int i = 0; i < ndim; i++) {
            o_putc(o, '[');
            o_put(o, buf, sqlx_wire__pg_put_i64(buf, lbs[i]));
            o_putc(o, ':');
            o_put(o, buf, sqlx_wire__pg_put_i64(buf, (int64_t)lbs[i] + dims[i] - 1));
            o_putc(o, ']');
        }
        o_putc(o, '=');
    }
    int rc = render_array_dim(&rd, dims, ndim, o, err);
    if (rc)
        return rc;
    if (rd.p != rd.end)
        return sqlx_wire__pg_malformed(err, oid, "trailing bytes after the array elements");
    return 0;
}
