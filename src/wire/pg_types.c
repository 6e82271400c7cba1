/* PostgreSQL type codecs: the type table, result values decoded into universal values (text
 * format parsed, binary format read or rendered as the server's text output), parameters encoded,
 * SQLSTATE classes mapped to error codes. Owns the scratch blocks rendered values are written to;
 * the renderers live in pg_text.c (scalars) and pg_array.c (arrays). Does no I/O and keeps no
 * state between calls.
 */
#include "wire/pg_types.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/pg_types_int.h"

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

/* Returns room for n more bytes of the open value (commit them with o_commit), or NULL when
 * that would exceed the scratch max. */
char *sqlx_wire__pg_out_room(struct sqlx_wire__pg_out *o, size_t n)
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

static void o_begin(struct sqlx_wire__pg_out *o, struct sqlx_pg_scratch *s)
{
    o->s = s;
    o->failed = false;
    s->open = s->used;
}

/* Closes the open value into *out as TEXT or BLOB, or drops it and reports the failure. */
static int o_finish(struct sqlx_wire__pg_out *o, enum sqlx_vtype type, struct sqlx_value *out,
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

static void o_abort(struct sqlx_wire__pg_out *o)
{
    o->s->used = o->s->open;
}

/* ------------------------------------------------------------------------------------------ */
/* Errors and byte writers                                                                   */

int sqlx_wire__pg_malformed(struct sqlx_err *err, uint32_t oid, const char *what)
{
    return sqlx_err_set(err, SQLX_EINVAL, "malformed %s value from server: %s", type_label(oid),
                        what);
}

int sqlx_wire__pg_want_len(uint32_t oid, size_t len, size_t want, struct sqlx_err *err)
{
    if (len == want)
        return 0;
    return sqlx_err_set(err, SQLX_EINVAL,
                        "malformed %s value from server: %zu bytes where %zu are expected",
                        type_label(oid), len, want);
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

/* ------------------------------------------------------------------------------------------ */
/* Decoding                                                                                   */

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
    struct sqlx_wire__pg_out o;
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
        if (!sqlx_wire__pg_parse_i64(p, n, &i) ||
            (oid == SQLX_PG_INT2 && (i < INT16_MIN || i > INT16_MAX)) ||
            (oid == SQLX_PG_INT4 && (i < INT32_MIN || i > INT32_MAX)) ||
            (oid == SQLX_PG_OID && (i < 0 || i > (int64_t)UINT32_MAX)))
            return out_of_range(err, oid, p, n);
        *out = sqlx_value_int(i);
        return 0;
    case SQLX_PG_FLOAT4:
    case SQLX_PG_FLOAT8:
        if (!sqlx_wire__pg_parse_double(p, n, &f))
            return out_of_range(err, oid, p, n);
        if (oid == SQLX_PG_FLOAT4)
            f = (float)f;
        *out = sqlx_value_float(f);
        return 0;
    case SQLX_PG_BYTEA: {
        o_begin(&o, scratch);
        int rc = sqlx_wire__pg_decode_bytea_text(p, n, &o, err);
        if (rc) {
            o_abort(&o);
            return rc;
        }
        return o_finish(&o, SQLX_V_BLOB, out, err);
    }
    case SQLX_PG_TIMESTAMPTZ: {
        int64_t ts;
        if (sqlx_wire__pg_ends_in_utc(p, n) || !sqlx_wire__pg_parse_timestamptz_iso(p, n, &ts))
            break;
        o_begin(&o, scratch);
        int rc = sqlx_wire__pg_render_timestamp(ts, true, &o, err);
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
        if ((rc = sqlx_wire__pg_want_len(oid, n, 1, err)))
            return rc;
        *out = sqlx_value_bool(p[0] != 0);
        return 0;
    case SQLX_PG_INT2:
        if ((rc = sqlx_wire__pg_want_len(oid, n, 2, err)))
            return rc;
        *out = sqlx_value_int(rd_i16(p));
        return 0;
    case SQLX_PG_INT4:
        if ((rc = sqlx_wire__pg_want_len(oid, n, 4, err)))
            return rc;
        *out = sqlx_value_int(rd_i32(p));
        return 0;
    case SQLX_PG_OID:
        if ((rc = sqlx_wire__pg_want_len(oid, n, 4, err)))
            return rc;
        *out = sqlx_value_int(rd_u32(p));
        return 0;
    case SQLX_PG_INT8:
        if ((rc = sqlx_wire__pg_want_len(oid, n, 8, err)))
            return rc;
        *out = sqlx_value_int(rd_i64(p));
        return 0;
    case SQLX_PG_FLOAT4: {
        if ((rc = sqlx_wire__pg_want_len(oid, n, 4, err)))
            return rc;
        uint32_t u = rd_u32(p);
        float f;
        memcpy(&f, &u, 4);
        *out = sqlx_value_float(f);
        return 0;
    }
    case SQLX_PG_FLOAT8: {
        if ((rc = sqlx_wire__pg_want_len(oid, n, 8, err)))
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
            return sqlx_wire__pg_malformed(err, oid, "unsupported jsonb version");
        *out = sqlx_value_text((const char *)p + 1, n - 1);
        return 0;
    case SQLX_PG_CHAR:
        if ((rc = sqlx_wire__pg_want_len(oid, n, 1, err)))
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
    struct sqlx_wire__pg_out o;
    o_begin(&o, scratch);
    rc = t->elem ? sqlx_wire__pg_render_array(oid, p, n, &o, err)
                 : sqlx_wire__pg_render_scalar(oid, p, n, &o, err);
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
            sqlx_buf_put(out, buf, sqlx_wire__pg_put_i64(buf, v->i));
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
            sqlx_buf_put(out, buf, sqlx_wire__pg_fmt_float(v->f, false, buf));
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
