/* WireVM message codec: compiles a pack's framing and message layouts into op arrays, splits
 * frames, decodes frames into field values (interpreted, plus one verified fast path for the
 * counted length-prefixed shape of DataRow) and encodes messages from field values.
 * Owns byte-order and framing arithmetic for every protocol; does no I/O and knows no engine:
 * message names, tags and fields all come from the pack. Never reads outside the frame given. */
#include "wire/codec.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/pack_int.h"

#define MAX_LEVEL_FIELDS  64   /* fields per level (message or group item) */
#define MAX_DEPTH         4    /* nested repeat groups */
#define MAX_OPS           1024 /* ops per layout */
#define DEFAULT_MAX_FRAME (256u * 1024u * 1024u)
#define UNBOUNDED_ITEMS   65536u /* cap on items of a group whose item may be empty */

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

/* ---- integers ------------------------------------------------------------------------------------ */

static uint64_t get_uint(const uint8_t *p, unsigned width, bool be)
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

static void put_uint(uint8_t *p, unsigned width, bool be, uint64_t v)
{
    for (unsigned i = 0; i < width; i++) {
        unsigned shift = 8 * (be ? width - 1 - i : i);
        p[i] = (uint8_t)(v >> shift);
    }
}

static int64_t sign_extend(uint64_t v, unsigned width)
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
static bool cond_ok(const struct sqlx_wire_op *op, const struct sqlx_wire_val *level,
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
static const struct sqlx_wire_val *type_list(const struct sqlx_wire_op *op,
                                             const struct sqlx_wire_val *vars, uint32_t nvars)
{
    if (!vars || op->var >= nvars)
        return NULL;
    const struct sqlx_wire_val *t = &vars[op->var];
    if (t->kind != SQLX_WV_LIST || (t->count && !t->items))
        return NULL;
    return t;
}

static size_t bitmap_bytes(uint32_t count, uint32_t bit_offset)
{
    return ((size_t)count + bit_offset + 7) / 8;
}

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

/* Length of a complete length-encoded value at p[0..n) (prefix included); 0 when malformed. */
static size_t lenenc_total(const uint8_t *p, size_t n)
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

int sqlx_wire_codec_var(const struct sqlx_wire_codec *c, const char *name)
{
    for (uint16_t i = 0; c && i < c->nvars; i++)
        if (strcmp(c->vars[i], name) == 0)
            return i;
    return -1;
}
