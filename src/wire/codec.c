/* WireVM message codec, the compiler: turns a pack's framing and message layouts into op arrays
 * (and recognises the shapes that have verified fast paths), frees them, and looks layouts,
 * slots and variables up by name. Decoding is codec_decode.c, encoding codec_encode.c; shared
 * arithmetic is codec_int.h. Does no I/O and knows no engine: names, tags and fields all come
 * from the pack. */
#include "wire/codec.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/codec_int.h"
#include "wire/pack_int.h"

#define MAX_OPS           1024 /* ops per layout */
#define DEFAULT_MAX_FRAME (256u * 1024u * 1024u)

/* ---- compile ----------------------------------------------------------------------------------- */

static const char *const framing_keys[] = {
    "tag", "length", "length_includes_self", "sequence", "split", "max_frame", "$comment", NULL,
};
static const char *const message_keys[] = {
    "direction", "tag",      "untagged",    "unframed", "async", "fields",
    "max_size",  "description", "$comment", NULL,
};
static const char *const field_keys[] = {
    "name",     "type",  "value",       "count",    "fields", "offset",     "optional",
    "codes",    "if",    "types",       "nulls",    "encodings", "bit_offset", "indicators",
    "description", "$comment", NULL,
};
static const char *const directions[] = { "frontend", "backend", "both", NULL };

/* Growable op array of one layout while it is compiled. */
struct opvec {
    struct sqlx_wire_op *ops;
    size_t n;
    size_t cap;
};

static struct sqlx_wire_op *opvec_push(struct opvec *o)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 16;
        o->ops = sqlx_realloc(o->ops, o->cap * sizeof *o->ops);
    }
    struct sqlx_wire_op *op = &o->ops[o->n++];
    memset(op, 0, sizeof *op);
    return op;
}

/* Parses "uint16", "int32_le", "uint24" ...; false when the text is not an integer type. */
static bool parse_int_type(const char *t, bool default_be, struct sqlx_wire_op *op)
{
    bool is_signed = true;
    if (strncmp(t, "uint", 4) == 0) {
        is_signed = false;
        t += 4;
    } else if (strncmp(t, "int", 3) == 0) {
        t += 3;
    } else {
        return false;
    }
    int bits = 0;
    if (strncmp(t, "8", 1) == 0 && (t[1] == '\0' || t[1] == '_'))
        bits = 8, t += 1;
    else if (strncmp(t, "16", 2) == 0)
        bits = 16, t += 2;
    else if (strncmp(t, "24", 2) == 0)
        bits = 24, t += 2;
    else if (strncmp(t, "32", 2) == 0)
        bits = 32, t += 2;
    else if (strncmp(t, "64", 2) == 0)
        bits = 64, t += 2;
    else
        return false;
    bool be = default_be;
    if (strcmp(t, "_le") == 0)
        be = false;
    else if (strcmp(t, "_be") == 0)
        be = true;
    else if (*t != '\0')
        return false;
    if (bits == 24 && is_signed)
        return false;
    op->type = SQLX_WF_INT;
    op->width = (uint8_t)(bits / 8);
    op->big_endian = be;
    op->flags |= is_signed ? SQLX_WOP_SIGNED : 0;
    return true;
}

/* Parses a positive decimal count (1..65535) into *out. */
static bool parse_size(const char *s, uint32_t *out)
{
    uint32_t n = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        n = n * 10 + (uint32_t)(*s - '0');
        if (n > 65535)
            return false;
    }
    *out = n;
    return n > 0;
}

/* Names of the fields already compiled at one level, by slot, for references. */
struct level {
    const char *names[MAX_LEVEL_FIELDS];
    size_t op_index[MAX_LEVEL_FIELDS]; /* index of the field's op in the op vector */
    size_t n;
};

static int find_name(const struct level *lv, const char *name)
{
    for (size_t i = 0; i < lv->n; i++)
        if (strcmp(lv->names[i], name) == 0)
            return (int)i;
    return -1;
}

static const char type_help[] =
    "a field type: uint8..uint64 or int8..int64 (optionally _le/_be, uint24), cstring, "
    "fixed_string:N, fixed_bytes:N, bytes, bytes:FIELD, lenenc_int, lenenc_string, lenenc_bytes, "
    "parameter_list, tagged_cstrings, cstring_list or repeat";

/* Resolves a reference to an earlier integer field of the same level. */
static int resolve_int_ref(struct sqlx_wire__vctx *v, const struct level *lv, const struct opvec *o,
                           const char *name, const char *key, const json_t *found, int *slot)
{
    int s = find_name(lv, name);
    size_t at = sqlx_wire__path_key(v, key);
    int rc = 0;
    if (s < 0) {
        rc = sqlx_wire__fail_found(v, "the name of an earlier field of the same message or group",
                                   found);
    } else if (o->ops[lv->op_index[s]].type != SQLX_WF_INT) {
        rc = sqlx_wire__fail_found(v, "the name of an earlier integer field", found);
    } else if (o->ops[lv->op_index[s]].flags &
               (SQLX_WOP_CONST | SQLX_WOP_LEN_OF | SQLX_WOP_COUNT_OF)) {
        rc = sqlx_wire__fail_found(
            v, "an integer field that is not constant and sizes nothing else", found);
    }
    sqlx_wire__path_pop(v, at);
    *slot = s;
    return rc;
}

static int compile_fields(struct sqlx_wire__vctx *v, const json_t *arr, struct sqlx_wire_codec *c,
                          struct opvec *o, int depth, size_t *nslots, bool *needs_frame);

/* Fewest bytes one item of a group can take: it bounds the item count a frame can claim. */
static uint32_t min_item_size(const struct sqlx_wire_op *ops, size_t nops)
{
    uint32_t n = 0;
    for (size_t i = 0; i < nops; i++) {
        const struct sqlx_wire_op *op = &ops[i];
        if ((op->flags & (SQLX_WOP_OPTIONAL | SQLX_WOP_AFTER)) || op->cond_kind != SQLX_WCOND_NONE ||
            op->type == SQLX_WF_NULL_BITMAP || op->type == SQLX_WF_TYPED_VALUES) {
        } else if (op->type == SQLX_WF_INT) {
            n += op->width;
        } else if (op->type == SQLX_WF_FIXED_STRING || op->type == SQLX_WF_FIXED_BYTES) {
            n += op->size;
        } else if (op->type != SQLX_WF_BYTES_REF && op->type != SQLX_WF_BYTES_REST &&
                   op->type != SQLX_WF_REPEAT) {
            n += 1; /* a NUL, a list terminator or a length byte at least */
        }
        if (op->type == SQLX_WF_REPEAT)
            i += op->body;
    }
    return n;
}

/* Reads the type text of one field into op (not repeat bodies). */
static int compile_type(struct sqlx_wire__vctx *v, const json_t *f, const char *type,
                        bool default_be, struct level *lv, struct opvec *o, size_t self)
{
    struct sqlx_wire_op *op = &o->ops[self];
    if (parse_int_type(type, default_be, op))
        return 0;
    if (strcmp(type, "cstring") == 0 || strcmp(type, "null_terminated_string") == 0) {
        op->type = SQLX_WF_CSTRING;
    } else if (strncmp(type, "fixed_string:", 13) == 0 || strncmp(type, "fixed_bytes:", 12) == 0) {
        bool str = type[6] == 's';
        op->type = str ? SQLX_WF_FIXED_STRING : SQLX_WF_FIXED_BYTES;
        if (!parse_size(type + (str ? 13 : 12), &op->size))
            goto bad;
    } else if (strcmp(type, "bytes") == 0) {
        op->type = SQLX_WF_BYTES_REST;
    } else if (strncmp(type, "bytes:", 6) == 0) {
        int s;
        int rc = resolve_int_ref(v, lv, o, type + 6, "type", json_object_get(f, "type"), &s);
        if (rc)
            return rc;
        op = &o->ops[self];
        op->type = SQLX_WF_BYTES_REF;
        op->ref = (uint16_t)s;
        struct sqlx_wire_op *len = &o->ops[lv->op_index[s]];
        len->flags |= SQLX_WOP_LEN_OF;
        len->ref = op->slot;
    } else if (strcmp(type, "lenenc_int") == 0 || strcmp(type, "length_encoded_int") == 0) {
        op->type = SQLX_WF_LENENC_INT;
    } else if (strcmp(type, "lenenc_string") == 0 || strcmp(type, "length_encoded_string") == 0) {
        op->type = SQLX_WF_LENENC_STRING;
    } else if (strcmp(type, "lenenc_bytes") == 0 || strcmp(type, "length_encoded_bytes") == 0) {
        op->type = SQLX_WF_LENENC_BYTES;
    } else if (strcmp(type, "parameter_list") == 0) {
        op->type = SQLX_WF_PARAM_LIST;
    } else if (strcmp(type, "tagged_cstrings") == 0) {
        op->type = SQLX_WF_TAGGED_CSTRINGS;
    } else if (strcmp(type, "cstring_list") == 0) {
        op->type = SQLX_WF_CSTRING_LIST;
    } else {
        goto bad;
    }
    return 0;
bad:;
    size_t at = sqlx_wire__path_key(v, "type");
    int rc = sqlx_wire__fail_found(v, type_help, json_object_get(f, "type"));
    sqlx_wire__path_pop(v, at);
    return rc;
}

/* "value": an integer for integer fields, a string for string fields. */
static int compile_const(struct sqlx_wire__vctx *v, const json_t *f, struct sqlx_wire_op *op)
{
    json_t *c = json_object_get(f, "value");
    if (!c)
        return 0;
    size_t at = sqlx_wire__path_key(v, "value");
    int rc = 0;
    if (op->type == SQLX_WF_INT) {
        if (!json_is_integer(c))
            rc = sqlx_wire__fail_found(v, "an integer constant", c);
        else
            op->cval = json_integer_value(c);
    } else if (op->type == SQLX_WF_CSTRING || op->type == SQLX_WF_FIXED_STRING ||
               op->type == SQLX_WF_FIXED_BYTES) {
        if (!json_is_string(c))
            rc = sqlx_wire__fail_found(v, "a string constant", c);
        else if (op->type == SQLX_WF_CSTRING &&
                 strlen(json_string_value(c)) != json_string_length(c))
            rc = sqlx_wire__fail_rule(v, "a cstring constant cannot contain a NUL character");
        else if (op->type != SQLX_WF_CSTRING && json_string_length(c) > op->size)
            rc = sqlx_wire__fail_found(v, "a constant no longer than the fixed size", c);
        else
            op->cstr = sqlx_wire__keep(v, json_string_value(c), json_string_length(c)),
            op->cstr_len = json_string_length(c);
    } else {
        rc = sqlx_wire__fail_rule(v, "only integer and string fields can have a constant value");
    }
    sqlx_wire__path_pop(v, at);
    if (!rc)
        op->flags |= SQLX_WOP_CONST;
    return rc;
}

/* "offset": "after:FIELD" or "after:FIELD+N" / "after:FIELD-N". */
static int compile_offset(struct sqlx_wire__vctx *v, const json_t *f, const struct level *lv,
                          struct sqlx_wire_op *op)
{
    json_t *j = json_object_get(f, "offset");
    if (!j)
        return 0;
    size_t at = sqlx_wire__path_key(v, "offset");
    int rc = 0;
    const char *s = json_is_string(j) ? json_string_value(j) : "";
    char name[64];
    long add = 0;
    if (strncmp(s, "after:", 6) != 0) {
        rc = sqlx_wire__fail_found(v, "\"after:FIELD\" or \"after:FIELD+N\"", j);
        goto out;
    }
    s += 6;
    size_t n = strcspn(s, "+-");
    if (n == 0 || n >= sizeof name) {
        rc = sqlx_wire__fail_found(v, "\"after:FIELD\" or \"after:FIELD+N\"", j);
        goto out;
    }
    memcpy(name, s, n);
    name[n] = '\0';
    if (s[n]) {
        char *end;
        add = strtol(s + n, &end, 10);
        if (*end || add < -65535 || add > 65535) {
            rc = sqlx_wire__fail_found(v, "\"after:FIELD+N\" with N a small integer", j);
            goto out;
        }
    }
    int slot = find_name(lv, name);
    if (slot < 0) {
        rc = sqlx_wire__fail_found(v, "\"after:\" and the name of an earlier field", j);
        goto out;
    }
    op->flags |= SQLX_WOP_AFTER;
    op->after = (uint16_t)slot;
    op->after_add = (int32_t)add;
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

/* "codes" of a tagged_cstrings field: one-character codes to names. */
static int compile_codes(struct sqlx_wire__vctx *v, const json_t *f, struct sqlx_wire_op *op)
{
    json_t *c = json_object_get(f, "codes");
    if (!c)
        return 0;
    size_t at = sqlx_wire__path_key(v, "codes");
    int rc = 0;
    const char *k;
    json_t *val;
    if (op->type != SQLX_WF_TAGGED_CSTRINGS) {
        rc = sqlx_wire__fail_rule(v, "\"codes\" applies only to tagged_cstrings fields");
        goto out;
    }
    if (!json_is_object(c)) {
        rc = sqlx_wire__fail_found(v, "an object of one-character codes to names", c);
        goto out;
    }
    json_object_foreach (c, k, val) {
        size_t kat = sqlx_wire__path_key(v, k);
        if (strlen(k) != 1 || !json_is_string(val) || json_string_length(val) == 0)
            rc = sqlx_wire__fail_found(v, "a one-character code mapped to a field name", val);
        sqlx_wire__path_pop(v, kat);
        if (rc)
            goto out;
    }
    const char **tab = sqlx_arena_zalloc(v->strs, 256 * sizeof *tab);
    json_object_foreach (c, k, val)
        tab[(unsigned char)k[0]] = sqlx_wire__keep(v, json_string_value(val), json_string_length(val));
    op->codes = tab;
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

static const char *const typed_only_keys[] = { "types",      "nulls",      "encodings",
                                                "bit_offset", "indicators", NULL };

/* "FILE: PATH.key: expected WHAT, found VALUE" for key of obj (the value found is obj's member). */
static int fail_at_obj(struct sqlx_wire__vctx *v, const json_t *obj, const char *key,
                       const char *expected)
{
    size_t at = sqlx_wire__path_key(v, key);
    int rc = obj ? sqlx_wire__fail_found(v, expected, json_object_get(obj, key))
                 : sqlx_wire__fail_rule(v, expected);
    sqlx_wire__path_pop(v, at);
    return rc;
}

/* A variable a layout reads: its slot in the codec's table (the VM numbers the rest after it). */
static int intern_var(struct sqlx_wire_codec *c, const char *name)
{
    for (uint16_t i = 0; i < c->nvars; i++)
        if (strcmp(c->vars[i], name) == 0)
            return i;
    if (c->nvars >= 1024)
        return -1;
    c->vars = sqlx_realloc(c->vars, (c->nvars + 1u) * sizeof *c->vars);
    c->vars[c->nvars] = name;
    return c->nvars++;
}

static bool is_var_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* "fixed:1" ... -> enum sqlx_wire_enc; -1 when unknown. */
static int parse_enc(const char *s)
{
    static const char names[][8] = { "lenenc", "fixed:1", "fixed:2", "fixed:4",
                                     "fixed:8", "len8",    "empty" };
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

/* "encodings": {"1": "fixed:1", ..., "default": "lenenc"} -> a 256-entry table. */
static int compile_encodings(struct sqlx_wire__vctx *v, const json_t *f, struct sqlx_wire_op *op)
{
    static const char expected[] =
        "an object of type codes (\"0\" to \"255\" or \"default\") to \"lenenc\", \"fixed:1\", \"fixed:2\", \"fixed:4\", \"fixed:8\", \"len8\" or \"empty\"";
    json_t *e = json_object_get(f, "encodings");
    if (!json_is_object(e))
        return fail_at_obj(v, f, "encodings", expected);
    uint8_t *t = sqlx_calloc(256, 1);
    op->encs = t;
    const char *k;
    json_t *val;
    json_t *d = json_object_get(e, "default");
    int denc = d && json_is_string(d) ? parse_enc(json_string_value(d)) : SQLX_WENC_LENENC;
    if (denc < 0)
        return fail_at_obj(v, f, "encodings", expected);
    memset(t, denc, 256);
    json_object_foreach (e, k, val) {
        char *end;
        long code = strtol(k, &end, 10);
        int enc = json_is_string(val) ? parse_enc(json_string_value(val)) : -1;
        if (strcmp(k, "default") == 0 && enc >= 0)
            continue;
        if (*end || end == k || code < 0 || code > 255 || enc < 0) {
            size_t at = sqlx_wire__path_key(v, "encodings");
            size_t kat = sqlx_wire__path_key(v, k);
            int rc = sqlx_wire__fail_found(v, expected, val);
            sqlx_wire__path_pop(v, kat);
            sqlx_wire__path_pop(v, at);
            return rc;
        }
        t[code] = (uint8_t)enc;
    }
    return 0;
}

/* null_bitmap {types, bit_offset} and typed_values {types, nulls, encodings}. */
static int compile_typed(struct sqlx_wire__vctx *v, const json_t *f, struct sqlx_wire_codec *c,
                         const char *type, struct level *lv, struct opvec *o, size_t self)
{
    struct sqlx_wire_op *op = &o->ops[self];
    const char *types = NULL, *nulls = NULL;
    int rc;
    bool bitmap = strcmp(type, "null_bitmap") == 0;
    if ((rc = sqlx_wire__get_str(v, f, "types", true, &types)) ||
        (rc = sqlx_wire__get_str(v, f, "nulls", false, &nulls)))
        return rc;
    if (types[0] != '$' || !is_var_name(types + 1))
        return fail_at_obj(v, f, "types", "\"$variable\" naming the list of type codes");
    int slot = intern_var(c, types + 1);
    if (slot < 0)
        return fail_at_obj(v, f, "types", "fewer variables");
    op = &o->ops[self];
    op->var = (uint16_t)slot;
    op->ref = UINT16_MAX;
    json_t *bo = json_object_get(f, "bit_offset");
    if (bitmap) {
        op->type = SQLX_WF_NULL_BITMAP;
        if (bo && (!json_is_integer(bo) || json_integer_value(bo) < 0 || json_integer_value(bo) > 7))
            return fail_at_obj(v, f, "bit_offset", "an integer from 0 to 7");
        op->size = bo ? (uint32_t)json_integer_value(bo) : 0;
        if (nulls || json_object_get(f, "encodings"))
            return fail_at_obj(v, f, nulls ? "nulls" : "encodings",
                           "no such key on a null_bitmap (it belongs on the typed_values field)");
        return 0;
    }
    op->type = SQLX_WF_TYPED_VALUES;
    if (bo)
        return fail_at_obj(v, f, "bit_offset", "no bit_offset on typed_values (it belongs on the null_bitmap)");
    bool ind = false;
    if ((rc = sqlx_wire__get_bool(v, f, "indicators", false, &ind)))
        return rc;
    if (ind && nulls)
        return fail_at_obj(v, f, "indicators", "either \"nulls\" (a bitmap) or \"indicators\", not both");
    if (ind)
        op->flags |= SQLX_WOP_INDICATORS;
    if ((rc = compile_encodings(v, f, op)))
        return rc;
    if (nulls) {
        int s = find_name(lv, nulls);
        struct sqlx_wire_op *bm = s >= 0 ? &o->ops[lv->op_index[s]] : NULL;
        if (!bm || bm->type != SQLX_WF_NULL_BITMAP || bm->ref != UINT16_MAX)
            return fail_at_obj(v, f, "nulls", "the name of an earlier null_bitmap field not used by another typed_values field");
        if (bm->var != op->var)
            return fail_at_obj(v, f, "nulls", "a null_bitmap over the same \"types\" variable");
        bm->ref = op->slot;
        op->ref = (uint16_t)s;
        op->size = bm->size;
    }
    return 0;
}

/* "if": {"field" | "var": NAME, "eq" | "ne" | "has" | "lacks": INTEGER}. */
static int compile_field_cond(struct sqlx_wire__vctx *v, const json_t *f, struct sqlx_wire_codec *c,
                              const struct level *lv, const struct opvec *o, struct sqlx_wire_op *op)
{
    static const char *const keys[] = { "field", "var", "eq", "ne", "has", "lacks", "$comment", NULL };
    static const char *const cmps[] = { "eq", "ne", "has", "lacks" };
    json_t *cond = json_object_get(f, "if");
    if (!cond)
        return 0;
    size_t at = sqlx_wire__path_key(v, "if");
    int rc = 0;
    if (!json_is_object(cond)) {
        rc = sqlx_wire__fail_found(v, "a condition object", cond);
        goto out;
    }
    if ((rc = sqlx_wire__check_keys(v, cond, keys)))
        goto out;
    json_t *field = json_object_get(cond, "field"), *var = json_object_get(cond, "var");
    if (!!field == !!var || !json_is_string(field ? field : var)) {
        rc = sqlx_wire__fail_rule(v, "expected one of \"field\" and \"var\" naming what to test");
        goto out;
    }
    int which = -1;
    json_t *val = NULL;
    for (int i = 0; i < 4; i++) {
        json_t *j = json_object_get(cond, cmps[i]);
        if (!j)
            continue;
        if (which >= 0) {
            rc = sqlx_wire__fail_rule(v, "expected one comparison (eq, ne, has, lacks), found several");
            goto out;
        }
        which = i;
        val = j;
    }
    if (which < 0 || !json_is_integer(val)) {
        rc = sqlx_wire__fail_rule(v, "expected a comparison with an integer: eq, ne, has or lacks");
        goto out;
    }
    const char *name = json_string_value(field ? field : var);
    name = sqlx_wire__keep(v, name, strlen(name));
    if (field) {
        int s = find_name(lv, name);
        if (s < 0 || o->ops[lv->op_index[s]].type != SQLX_WF_INT) {
            rc = fail_at_obj(v, cond, "field", "the name of an earlier integer field of the same message or group");
            goto out;
        }
        op->cond_kind = SQLX_WCOND_FIELD;
        op->cond_slot = (uint16_t)s;
    } else {
        int s = is_var_name(name) ? intern_var(c, name) : -1;
        if (s < 0) {
            rc = fail_at_obj(v, cond, "var", "a variable name (without '$')");
            goto out;
        }
        op->cond_kind = SQLX_WCOND_VAR;
        op->cond_slot = (uint16_t)s;
    }
    op->cond_cmp = (uint8_t)which;
    op->cond_value = json_integer_value(val);
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

static int compile_field(struct sqlx_wire__vctx *v, const json_t *f, struct sqlx_wire_codec *c,
                         struct level *lv, struct opvec *o, int depth, bool *needs_frame)
{
    bool default_be = c->big_endian;
    const char *name, *type;
    bool optional = false;
    int rc;
    if (!json_is_object(f))
        return sqlx_wire__fail_found(v, "a field object with \"name\" and \"type\"", f);
    if ((rc = sqlx_wire__check_keys(v, f, field_keys)) ||
        (rc = sqlx_wire__get_str(v, f, "name", true, &name)) ||
        (rc = sqlx_wire__get_str(v, f, "type", true, &type)) ||
        (rc = sqlx_wire__get_bool(v, f, "optional", false, &optional)))
        return rc;
    if (find_name(lv, name) >= 0) {
        size_t at = sqlx_wire__path_key(v, "name");
        rc = sqlx_wire__fail_found(v, "a field name not used before in the same message or group",
                                   json_object_get(f, "name"));
        sqlx_wire__path_pop(v, at);
        return rc;
    }
    if (lv->n >= MAX_LEVEL_FIELDS || o->n >= MAX_OPS)
        return sqlx_wire__fail_rule(v, "too many fields");
    size_t self = o->n;
    struct sqlx_wire_op *op = opvec_push(o);
    op->name = name;
    op->slot = (uint16_t)lv->n;
    if (optional)
        op->flags |= SQLX_WOP_OPTIONAL;
    if (strcmp(type, "repeat") == 0) {
        const char *count;
        json_t *body = json_object_get(f, "fields");
        int s = -1;
        if ((rc = sqlx_wire__get_str(v, f, "count", true, &count)))
            return rc;
        bool to_end = strcmp(count, "*") == 0;
        if (!to_end &&
            (rc = resolve_int_ref(v, lv, o, count, "count", json_object_get(f, "count"), &s)))
            return rc;
        if (depth >= MAX_DEPTH)
            return sqlx_wire__fail_rule(v, "repeat groups are nested too deeply");
        size_t at = sqlx_wire__path_key(v, "fields");
        if (!json_is_array(body) || json_array_size(body) == 0) {
            rc = sqlx_wire__fail_found(v, "a non-empty array of fields", body);
            sqlx_wire__path_pop(v, at);
            return rc;
        }
        size_t stride = 0;
        rc = compile_fields(v, body, c, o, depth + 1, &stride, needs_frame);
        sqlx_wire__path_pop(v, at);
        if (rc)
            return rc;
        op = &o->ops[self];
        op->type = SQLX_WF_REPEAT;
        op->body = (uint16_t)(o->n - self - 1);
        op->stride = (uint16_t)stride;
        op->size = min_item_size(op + 1, op->body);
        if (to_end) {
            /* Items follow one another to the end of the frame, so their values must stay
             * contiguous (no nested groups) and each must take at least one byte. */
            op->flags |= SQLX_WOP_TO_END;
            for (uint16_t k = 1; k <= op->body; k++) {
                uint8_t t = op[k].type;
                if (t == SQLX_WF_REPEAT || t == SQLX_WF_TYPED_VALUES ||
                    t == SQLX_WF_NULL_BITMAP || t == SQLX_WF_BYTES_REST)
                    return sqlx_wire__fail_rule(
                        v, "a group repeated to the end of the frame (\"count\": \"*\") cannot hold groups, typed values or rest-of-frame bytes");
            }
            if (op->size == 0)
                return sqlx_wire__fail_rule(
                    v, "a group repeated to the end of the frame needs items of at least one byte");
        } else {
            op->ref = (uint16_t)s;
            struct sqlx_wire_op *cnt = &o->ops[lv->op_index[s]];
            cnt->flags |= SQLX_WOP_COUNT_OF;
            cnt->ref = op->slot;
        }
    } else {
        if (json_object_get(f, "fields") || json_object_get(f, "count"))
            return sqlx_wire__fail_rule(v, "\"fields\" and \"count\" apply only to repeat fields");
        if (strcmp(type, "null_bitmap") == 0 || strcmp(type, "typed_values") == 0) {
            if ((rc = compile_typed(v, f, c, type, lv, o, self)))
                return rc;
        } else {
            for (const char *const *k = typed_only_keys; *k; k++)
                if (json_object_get(f, *k))
                    return fail_at_obj(v, f, *k, "no such key on this field (it applies only to null_bitmap and typed_values fields)");
            if ((rc = compile_type(v, f, type, default_be, lv, o, self)))
                return rc;
        }
        op = &o->ops[self];
        if ((rc = compile_const(v, f, op)) || (rc = compile_codes(v, f, op)))
            return rc;
    }
    op = &o->ops[self];
    if ((rc = compile_offset(v, f, lv, op)) || (rc = compile_field_cond(v, f, c, lv, o, op)))
        return rc;
    if (op->type != SQLX_WF_INT && op->type != SQLX_WF_FIXED_BYTES &&
        op->type != SQLX_WF_FIXED_STRING)
        *needs_frame = true;
    lv->names[lv->n] = name;
    lv->op_index[lv->n] = self;
    lv->n++;
    return 0;
}

static int compile_fields(struct sqlx_wire__vctx *v, const json_t *arr, struct sqlx_wire_codec *c,
                          struct opvec *o, int depth, size_t *nslots, bool *needs_frame)
{
    struct level lv;
    lv.n = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        size_t at = sqlx_wire__path_index(v, i);
        if (lv.n > 0) {
            const struct sqlx_wire_op *prev = &o->ops[lv.op_index[lv.n - 1]];
            if (prev->type == SQLX_WF_REPEAT && (prev->flags & SQLX_WOP_TO_END))
                return sqlx_wire__fail_rule(
                    v, "no field can follow a group repeated to the end of the frame");
        }
        int rc = compile_field(v, json_array_get(arr, i), c, &lv, o, depth, needs_frame);
        if (rc)
            return rc;
        sqlx_wire__path_pop(v, at);
    }
    /* Every NULL bitmap must be named by a typed_values field's "nulls". */
    for (size_t k = 0; k < lv.n; k++) {
        const struct sqlx_wire_op *op = &o->ops[lv.op_index[k]];
        if (op->type == SQLX_WF_NULL_BITMAP && op->ref == UINT16_MAX) {
            char why[160];
            snprintf(why, sizeof why,
                     "null_bitmap field \"%s\" is not named by the \"nulls\" of a later typed_values field",
                     op->name);
            return sqlx_wire__fail_rule(v, why);
        }
    }
    *nslots = lv.n;
    return 0;
}

/* The DataRow shape: count, then count x (int32 len, bytes:len), big-endian, nothing else. */
static uint8_t detect_shape(const struct sqlx_wire_layout *l)
{
    const struct sqlx_wire_op *o = l->ops;
    if (l->nops != 4 || l->ntop != 2)
        return SQLX_WSHAPE_GENERIC;
    bool ok = o[0].type == SQLX_WF_INT && (o[0].width == 2 || o[0].width == 4) && o[0].big_endian &&
              o[0].flags == (SQLX_WOP_SIGNED | SQLX_WOP_COUNT_OF) && o[1].type == SQLX_WF_REPEAT &&
              o[1].flags == 0 && o[1].ref == 0 && o[1].body == 2 && o[1].stride == 2 &&
              o[1].size == 4 && o[2].type == SQLX_WF_INT && o[2].width == 4 && o[2].big_endian &&
              o[2].flags == (SQLX_WOP_SIGNED | SQLX_WOP_LEN_OF) && o[3].type == SQLX_WF_BYTES_REF &&
              o[3].flags == 0 && o[3].ref == 0;
    return ok ? SQLX_WSHAPE_COUNTED_BYTES : SQLX_WSHAPE_GENERIC;
}

/* The MySQL text row shape: lenenc strings repeated to the end of the frame, nothing else. */
static bool is_lenenc_to_end(const struct sqlx_wire_layout *l)
{
    const struct sqlx_wire_op *o = l->ops;
    return l->nops == 2 && l->ntop == 1 && o[0].type == SQLX_WF_REPEAT &&
           o[0].flags == SQLX_WOP_TO_END && o[0].cond_kind == SQLX_WCOND_NONE && o[0].body == 1 &&
           o[0].stride == 1 &&
           (o[1].type == SQLX_WF_LENENC_STRING || o[1].type == SQLX_WF_LENENC_BYTES) &&
           o[1].flags == 0 && o[1].cond_kind == SQLX_WCOND_NONE;
}

/* The MySQL binary row shape: a constant uint8 header, a NULL bitmap, then the typed values the
 * bitmap covers (no indicator bytes, no conditions, no offsets). */
static bool is_bitmap_typed(const struct sqlx_wire_layout *l)
{
    const struct sqlx_wire_op *o = l->ops;
    if (l->nops != 3 || l->ntop != 3)
        return false;
    for (int i = 0; i < 3; i++)
        if (o[i].cond_kind != SQLX_WCOND_NONE || o[i].slot != i)
            return false;
    return o[0].type == SQLX_WF_INT && o[0].width == 1 && o[0].flags == SQLX_WOP_CONST &&
           o[1].type == SQLX_WF_NULL_BITMAP && o[1].flags == 0 && o[1].ref == 2 &&
           o[2].type == SQLX_WF_TYPED_VALUES && o[2].flags == 0 && o[2].ref == 1 &&
           o[2].var == o[1].var && o[2].size == o[1].size && o[2].encs != NULL;
}

static size_t int_size(const struct sqlx_wire_op *op)
{
    return op->type == SQLX_WF_INT ? op->width : op->size;
}

static int compile_message(struct sqlx_wire__vctx *v, struct sqlx_wire_codec *c, const char *name,
                           const json_t *m, struct sqlx_wire_layout *l)
{
    int dir = 0, rc;
    bool untagged = false, unframed = false, async = false, needs_frame = false;
    const char *tag = NULL;
    if (!json_is_object(m))
        return sqlx_wire__fail_found(v, "a message object", m);
    if ((rc = sqlx_wire__check_keys(v, m, message_keys)) ||
        (rc = sqlx_wire__get_enum(v, m, "direction", directions, &dir)) ||
        (rc = sqlx_wire__get_str(v, m, "tag", false, &tag)) ||
        (rc = sqlx_wire__get_bool(v, m, "untagged", false, &untagged)) ||
        (rc = sqlx_wire__get_bool(v, m, "unframed", false, &unframed)) ||
        (rc = sqlx_wire__get_bool(v, m, "async", false, &async)))
        return rc;
    l->name = sqlx_wire__keep(v, name, strlen(name));
    l->dir = (uint8_t)(dir + 1);
    l->untagged = untagged || !c->framing.tag;
    l->unframed = unframed;
    l->async = async;
    l->tag = -1;
    l->next_same_tag = -1;
    if (tag && (strlen(tag) != 1 || untagged || unframed || !c->framing.tag)) {
        size_t at = sqlx_wire__path_key(v, "tag");
        rc = sqlx_wire__fail_found(
            v, "one character, and only on framed, tagged messages of a tagged protocol",
            json_object_get(m, "tag"));
        sqlx_wire__path_pop(v, at);
        return rc;
    }
    if (!tag && c->framing.tag && !untagged && !unframed)
        return sqlx_wire__fail_rule(v, "expected \"tag\" (or \"untagged\": true), found neither");
    if (tag)
        l->tag = (int16_t)(unsigned char)tag[0];
    json_t *fields = json_object_get(m, "fields");
    size_t at = sqlx_wire__path_key(v, "fields");
    if (!json_is_array(fields)) {
        rc = sqlx_wire__fail_found(v, "an array of fields", fields);
        sqlx_wire__path_pop(v, at);
        return rc;
    }
    struct opvec o = { 0 };
    size_t ntop = 0;
    rc = compile_fields(v, fields, c, &o, 0, &ntop, &needs_frame);
    sqlx_wire__path_pop(v, at);
    l->ops = o.ops;
    l->nops = (uint16_t)o.n;
    l->ntop = (uint16_t)ntop;
    if (rc)
        return rc;
    if (unframed) {
        if (needs_frame || l->nops == 0)
            return sqlx_wire__fail_rule(v, "an unframed message must have fixed-size fields only");
        for (size_t i = 0; i < l->nops; i++)
            l->fixed_size += (uint32_t)int_size(&l->ops[i]);
    }
    json_t *ms = json_object_get(m, "max_size");
    if (ms) {
        if (!json_is_integer(ms) || json_integer_value(ms) < 1 ||
            json_integer_value(ms) > (json_int_t)0x7fffffff)
            return fail_at_obj(v, m, "max_size", "an integer from 1 to 2147483647");
        l->max_size = (uint32_t)json_integer_value(ms);
    }
    l->first_byte = -1;
    if (l->nops > 0 && l->ops[0].type == SQLX_WF_INT && l->ops[0].width == 1 &&
        (l->ops[0].flags & SQLX_WOP_CONST) && l->ops[0].cond_kind == SQLX_WCOND_NONE &&
        !(l->ops[0].flags & (SQLX_WOP_OPTIONAL | SQLX_WOP_AFTER)))
        l->first_byte = (int16_t)(l->ops[0].cval & 0xff);
    l->shape = detect_shape(l);
    if (is_lenenc_to_end(l))
        l->shape = SQLX_WSHAPE_LENENC_TO_END;
    else if (is_bitmap_typed(l))
        l->shape = SQLX_WSHAPE_BITMAP_TYPED;
    return 0;
}

/* Links backend layouts sharing a tag, in pack order; a layout can only follow one that has a
 * constant field to tell them apart. */
static int link_tags(struct sqlx_wire__vctx *v, struct sqlx_wire_codec *c)
{
    for (int t = 0; t < 256; t++)
        c->by_tag[t] = -1;
    for (uint16_t i = 0; i < c->nmsgs; i++) {
        struct sqlx_wire_layout *l = &c->msgs[i];
        if (l->tag < 0 || !(l->dir & SQLX_WDIR_BACKEND))
            continue;
        int16_t *link = &c->by_tag[l->tag];
        while (*link >= 0) {
            const struct sqlx_wire_layout *prev = &c->msgs[*link];
            bool has_const = false;
            for (size_t k = 0; k < prev->nops; k++)
                has_const = has_const || (prev->ops[k].flags & SQLX_WOP_CONST);
            if (!has_const) {
                char why[256];
                snprintf(
                    why, sizeof why,
                    "message \"%s\" can never be decoded: \"%s\" before it has the same tag and no constant field to tell them apart",
                    l->name, prev->name);
                size_t at = sqlx_wire__path_key(v, l->name);
                int rc = sqlx_wire__fail_rule(v, why);
                sqlx_wire__path_pop(v, at);
                return rc;
            }
            link = &c->msgs[*link].next_same_tag;
        }
        *link = (int16_t)i;
    }
    return 0;
}

static int compile_framing(struct sqlx_wire__vctx *v, const json_t *proto,
                           struct sqlx_wire_codec *c)
{
    json_t *f;
    const char *order = NULL, *len = NULL;
    int rc;
    if ((rc = sqlx_wire__get_str(v, proto, "byte_order", false, &order)))
        return rc;
    if (order && strcmp(order, "big") != 0 && strcmp(order, "little") != 0) {
        size_t at = sqlx_wire__path_key(v, "byte_order");
        rc =
            sqlx_wire__fail_found(v, "\"big\" or \"little\"", json_object_get(proto, "byte_order"));
        sqlx_wire__path_pop(v, at);
        return rc;
    }
    c->big_endian = !order || strcmp(order, "big") == 0;
    if ((rc = sqlx_wire__get_object(v, proto, "framing", true, &f)))
        return rc;
    size_t at = sqlx_wire__path_key(v, "framing");
    struct sqlx_wire_op op = { 0 };
    if ((rc = sqlx_wire__check_keys(v, f, framing_keys)) ||
        (rc = sqlx_wire__get_bool(v, f, "tag", true, &c->framing.tag)) ||
        (rc = sqlx_wire__get_str(v, f, "length", true, &len)) ||
        (rc = sqlx_wire__get_bool(v, f, "length_includes_self", true,
                                  &c->framing.len_includes_self)) ||
        (rc = sqlx_wire__get_bool(v, f, "sequence", false, &c->framing.sequence)) ||
        (rc = sqlx_wire__get_bool(v, f, "split", false, &c->framing.split)))
        goto out;
    if (!parse_int_type(len, c->big_endian, &op) || (op.flags & SQLX_WOP_SIGNED) || op.width < 2 ||
        op.width > 4) {
        size_t lat = sqlx_wire__path_key(v, "length");
        rc = sqlx_wire__fail_found(
            v, "an unsigned 16, 24 or 32-bit integer type such as \"uint32\" or \"uint24_le\"",
            json_object_get(f, "length"));
        sqlx_wire__path_pop(v, lat);
        goto out;
    }
    if (c->framing.split && (!c->framing.sequence || c->framing.tag || c->framing.len_includes_self)) {
        size_t lat = sqlx_wire__path_key(v, "split");
        rc = sqlx_wire__fail_rule(
            v, "split frames need sequence ids, no tag and a length that does not count itself (MySQL framing)");
        sqlx_wire__path_pop(v, lat);
        goto out;
    }
    c->framing.len_width = op.width;
    c->framing.len_big_endian = op.big_endian;
    c->framing.max_frame = DEFAULT_MAX_FRAME;
    json_t *mf = json_object_get(f, "max_frame");
    if (mf) {
        if (!json_is_integer(mf) || json_integer_value(mf) < 16 ||
            json_integer_value(mf) > (json_int_t)0x7fffffff) {
            size_t lat = sqlx_wire__path_key(v, "max_frame");
            rc = sqlx_wire__fail_found(v, "an integer from 16 to 2147483647", mf);
            sqlx_wire__path_pop(v, lat);
            goto out;
        }
        c->framing.max_frame = (uint32_t)json_integer_value(mf);
    }
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

int sqlx_wire__codec_compile(struct sqlx_wire__vctx *v, const void *protocol_json,
                             const void *messages_json, struct sqlx_wire_codec **out)
{
    const json_t *proto = protocol_json, *msgs = messages_json;
    struct sqlx_wire_codec *c = sqlx_calloc(1, sizeof *c);
    struct sqlx_arena *saved_strs = v->strs;
    int rc;
    *out = NULL;
    sqlx_arena_init(&c->strs, 4096);
    v->strs = &c->strs;
    size_t at = sqlx_wire__path_key(v, "protocol");
    rc = compile_framing(v, proto, c);
    sqlx_wire__path_pop(v, at);
    if (rc)
        goto fail;
    at = sqlx_wire__path_key(v, "messages");
    if (!json_is_object(msgs) || json_object_size(msgs) == 0 || json_object_size(msgs) > 4096) {
        rc = sqlx_wire__fail_found(v, "an object of message layouts", msgs);
        sqlx_wire__path_pop(v, at);
        goto fail;
    }
    c->msgs = sqlx_calloc(json_object_size(msgs), sizeof *c->msgs);
    const char *name;
    json_t *m;
    json_object_foreach ((json_t *)msgs, name, m) {
        size_t mat = sqlx_wire__path_key(v, name);
        struct sqlx_wire_layout *l = &c->msgs[c->nmsgs];
        l->id = c->nmsgs++;
        if ((rc = compile_message(v, c, name, m, l)) != 0) {
            sqlx_wire__path_pop(v, at);
            goto fail;
        }
        sqlx_wire__path_pop(v, mat);
    }
    rc = link_tags(v, c);
    sqlx_wire__path_pop(v, at);
    if (rc)
        goto fail;
    v->strs = saved_strs;
    *out = c;
    return 0;
fail:
    v->strs = saved_strs;
    sqlx_wire_codec_free(c);
    return rc;
}

void sqlx_wire_codec_free(struct sqlx_wire_codec *c)
{
    if (!c)
        return;
    for (uint16_t i = 0; i < c->nmsgs; i++) {
        for (uint16_t k = 0; k < c->msgs[i].nops; k++)
            sqlx_free((void *)c->msgs[i].ops[k].encs);
        sqlx_free(c->msgs[i].ops);
    }
    sqlx_free(c->msgs);
    sqlx_free(c->vars);
    sqlx_arena_free(&c->strs);
    sqlx_free(c);
}

const struct sqlx_wire_layout *sqlx_wire_codec_find(const struct sqlx_wire_codec *c,
                                                    const char *name)
{
    for (uint16_t i = 0; c && i < c->nmsgs; i++)
        if (strcmp(c->msgs[i].name, name) == 0)
            return &c->msgs[i];
    return NULL;
}

int sqlx_wire_layout_slot(const struct sqlx_wire_layout *l, const char *field)
{
    for (uint16_t i = 0; l && i < l->nops; i++) {
        const struct sqlx_wire_op *op = &l->ops[i];
        if (strcmp(op->name, field) == 0)
            return op->slot;
        if (op->type == SQLX_WF_REPEAT)
            i = (uint16_t)(i + op->body);
    }
    return -1;
}

int sqlx_wire_layout_item_slot(const struct sqlx_wire_layout *l, int group, const char *field)
{
    for (uint16_t i = 0; l && i < l->nops; i++) {
        const struct sqlx_wire_op *op = &l->ops[i];
        if (op->type != SQLX_WF_REPEAT)
            continue;
        if (op->slot == group) {
            for (uint16_t k = (uint16_t)(i + 1); k <= i + op->body; k++) {
                if (strcmp(l->ops[k].name, field) == 0)
                    return l->ops[k].slot;
                if (l->ops[k].type == SQLX_WF_REPEAT)
                    k = (uint16_t)(k + l->ops[k].body);
            }
            return -1;
        }
        i = (uint16_t)(i + op->body);
    }
    return -1;
}

int sqlx_wire_layout_stride(const struct sqlx_wire_layout *l, int group)
{
    for (uint16_t i = 0; l && i < l->nops; i++) {
        const struct sqlx_wire_op *op = &l->ops[i];
        if (op->type != SQLX_WF_REPEAT)
            continue;
        if (op->slot == group)
            return op->stride;
        i = (uint16_t)(i + op->body);
    }
    return 0;
}

int sqlx_wire_codec_var(const struct sqlx_wire_codec *c, const char *name)
{
    for (uint16_t i = 0; c && i < c->nvars; i++)
        if (strcmp(c->vars[i], name) == 0)
            return i;
    return -1;
}
