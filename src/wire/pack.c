/* Wire pack loader and validator: reads packs/<name>.json with jansson, checks every key against
 * the pack format (docs/packs.md, packs/schema/pack.schema.json) and fills struct sqlx_pack.
 * Errors name the file, the JSON path ("$.dialect.quote") and what was expected vs found.
 * Owns the pack set and the type-name matcher; must not open connections or know any engine. */
#include "wire/pack.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "core/alloc.h"
#include "core/json.h"
#include "wire/pack_int.h"
#include "wire/vm.h"

#ifndef SQLX_SOURCE_DIR
#define SQLX_SOURCE_DIR "."
#endif

/* The universal type kinds of schema/types.h (enum sqlx_tkind), by name. wire/ sits below schema/
 * and may not include it, so it keeps its own copy; keep the two in step. */
static const char *const universal_kinds[] = {
    "integer", "decimal", "float", "bool", "string", "bytes", "date", "time", "timestamp",
    "interval", "json", "uuid", "enum", "unknown", NULL,
};
static const char *const families[] = { "sqlite", "postgresql", "mysql", NULL };
static const char *const param_styles[] = { "?", "$1", "?1", NULL };
static const char *const limit_forms[] = { "limit_offset", "fetch_first", NULL };
static const char *const ilike_forms[] = { "native", "lower", NULL };
static const char *const upsert_forms[] = { "on_conflict", "on_duplicate_key", "none", NULL };
static const char *const concat_ops[] = { "||", "CONCAT", NULL };
/* The enum values of the lists above, index for index. */
static const enum sqlx_param_style pstyles[] = { SQLX_PARAM_QMARK, SQLX_PARAM_DOLLAR,
                                                 SQLX_PARAM_QNUM };
static const enum sqlx_limit_form lforms[] = { SQLX_LIMIT_LIMIT_OFFSET, SQLX_LIMIT_FETCH_FIRST };
static const enum sqlx_ilike_form iforms[] = { SQLX_ILIKE_NATIVE, SQLX_ILIKE_LOWER };

static const char *const top_keys[] = {
    "$schema", "$comment", "name", "family", "version", "description", "schemes", "detect",
    "protocol", "dialect", "types", "tested_live", "extends", "messages", "authentication",
    "handshake", "query", "async", "capabilities", "optimization_rules", NULL,
};
/* Keys that only a wire pack (protocol.embedded false) may have. */
static const char *const wire_keys[] = {
    "messages", "authentication", "handshake", "query", "async", NULL,
};
/* Keys a pack never inherits through "extends": they say who the pack itself is. */
static const char *const own_keys[] = {
    "$schema", "$comment", "name", "version", "description", "schemes", "detect", "tested_live",
    "extends", NULL,
};
/* Objects merged key by key through "extends" (the child's keys win); other keys are replaced. */
static const char *const merged_keys[] = { "protocol", "dialect", "capabilities", NULL };
static const char *const tls_kinds[] = { "none", "pg_sslrequest", "mysql_ssl_flag", NULL };
static const char *const capability_keys[] = { "features", "limits", "types", "$comment", NULL };
static const char *const feature_keys[] = { "name", "since", "probe", "description", NULL };
static const char *const server_type_keys[] = { "oid", "name", "universal", "array_of", NULL };
static const char *const rule_keys[] = { "name", "when", "sql", "description", NULL };
static const char *const detect_keys[] = { "query", "parameter", "pattern", NULL };
static const char *const protocol_keys[] = {
    "embedded", "default_port", "byte_order", "framing", "tls", "$comment", NULL,
};
static const char *const dialect_keys[] = {
    "quote", "param_style", "limit_form", "ilike", "true_literal", "false_literal",
    "returning", "upsert", "concat", "like_escape", NULL,
};
static const char *const types_keys[] = { "default", "map", NULL };
static const char *const type_row_keys[] = {
    "match", "prefix", "contains", "universal", "bits", "unsigned", "with_tz", NULL,
};

/* ---- paths and messages ---------------------------------------------------------------------- */

size_t sqlx_wire__path_key(struct sqlx_wire__vctx *v, const char *key)
{
    size_t saved = v->len;
    int n = snprintf(v->path + v->len, sizeof v->path - v->len, ".%s", key);
    if (n > 0)
        v->len += (size_t)n < sizeof v->path - v->len ? (size_t)n : sizeof v->path - v->len - 1;
    return saved;
}

size_t sqlx_wire__path_index(struct sqlx_wire__vctx *v, size_t i)
{
    size_t saved = v->len;
    int n = snprintf(v->path + v->len, sizeof v->path - v->len, "[%zu]", i);
    if (n > 0)
        v->len += (size_t)n < sizeof v->path - v->len ? (size_t)n : sizeof v->path - v->len - 1;
    return saved;
}

void sqlx_wire__path_pop(struct sqlx_wire__vctx *v, size_t saved)
{
    v->len = saved;
    v->path[saved] = '\0';
}

/* Describes a JSON value for the "found ..." half of a message. */
static void describe(const json_t *j, char *out, size_t cap)
{
    if (!j) {
        snprintf(out, cap, "nothing");
        return;
    }
    switch (json_typeof(j)) {
    case JSON_STRING: {
        const char *s = json_string_value(j);
        size_t n = strlen(s);
        if (n > 60)
            snprintf(out, cap, "\"%.60s...\"", s);
        else
            snprintf(out, cap, "\"%s\"", s);
        return;
    }
    case JSON_INTEGER:
        snprintf(out, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        return;
    case JSON_REAL:
        snprintf(out, cap, "%g", json_real_value(j));
        return;
    case JSON_TRUE:
        snprintf(out, cap, "true");
        return;
    case JSON_FALSE:
        snprintf(out, cap, "false");
        return;
    case JSON_NULL:
        snprintf(out, cap, "null");
        return;
    case JSON_OBJECT:
        snprintf(out, cap, "an object");
        return;
    case JSON_ARRAY:
        snprintf(out, cap, "an array");
        return;
    }
    snprintf(out, cap, "a value");
}

/* "FILE: PATH: expected WHAT, found VALUE" */
int sqlx_wire__fail_found(struct sqlx_wire__vctx *v, const char *expected, const json_t *found)
{
    char f[96];
    describe(found, f, sizeof f);
    sqlx_err_set(v->err, SQLX_EINVAL, "%s: %s: expected %s, found %s", v->file, v->path, expected,
                 f);
    return SQLX_EINVAL;
}

/* "FILE: PATH: WHY" for rules that are not a simple expected/found pair. */
int sqlx_wire__fail_rule(struct sqlx_wire__vctx *v, const char *why)
{
    sqlx_err_set(v->err, SQLX_EINVAL, "%s: %s: %s", v->file, v->path, why);
    return SQLX_EINVAL;
}

/* Renders a NULL-terminated list as `one of "a", "b", "c"`. */
static void one_of(const char *const *list, char *out, size_t cap)
{
    size_t len = 0;
    int n = snprintf(out, cap, "one of ");
    len = n > 0 ? (size_t)n : 0;
    for (size_t i = 0; list[i] && len < cap; i++) {
        n = snprintf(out + len, cap - len, "%s\"%s\"", i ? ", " : "", list[i]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

static int list_index(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

/* ---- typed getters: each checks one key of obj and leaves v->path unchanged ---------------------- */

/* Rejects keys outside `allowed`, naming the first stray key. */
int sqlx_wire__check_keys(struct sqlx_wire__vctx *v, const json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val)
    {
        if (list_index(allowed, key) >= 0)
            continue;
        char expected[400];
        size_t saved = sqlx_wire__path_key(v, key);
        one_of(allowed, expected, sizeof expected);
        sqlx_err_set(v->err, SQLX_EINVAL, "%s: %s: unknown key; expected %s", v->file, v->path,
                     expected);
        sqlx_wire__path_pop(v, saved);
        return SQLX_EINVAL;
    }
    return 0;
}

/* A string member. Absent and optional: *out = NULL. Empty strings are refused. */
int sqlx_wire__get_str(struct sqlx_wire__vctx *v, const json_t *obj, const char *key, bool required,
                   const char **out)
{
    json_t *j = json_object_get(obj, key);
    *out = NULL;
    if (!j && !required)
        return 0;
    size_t saved = sqlx_wire__path_key(v, key);
    int rc = 0;
    if (!j || !json_is_string(j))
        rc = sqlx_wire__fail_found(v, "a string", j);
    else if (json_string_length(j) == 0)
        rc = sqlx_wire__fail_found(v, "a non-empty string", j);
    else if (strlen(json_string_value(j)) != json_string_length(j))
        rc = sqlx_wire__fail_rule(v, "string contains a NUL character");
    else
        *out = sqlx_wire__keep(v, json_string_value(j), json_string_length(j));
    sqlx_wire__path_pop(v, saved);
    return rc;
}

const char *sqlx_wire__keep(struct sqlx_wire__vctx *v, const char *s, size_t n)
{
    return v->strs ? sqlx_arena_memdup(v->strs, s, n) : s;
}

/* A string member that must be one of `list`; *idx is its position. */
int sqlx_wire__get_enum(struct sqlx_wire__vctx *v, const json_t *obj, const char *key, const char *const *list,
                    int *idx)
{
    json_t *j = json_object_get(obj, key);
    size_t saved = sqlx_wire__path_key(v, key);
    int rc = 0;
    int i = json_is_string(j) ? list_index(list, json_string_value(j)) : -1;
    if (i < 0) {
        char expected[400];
        one_of(list, expected, sizeof expected);
        rc = sqlx_wire__fail_found(v, expected, j);
    } else {
        *idx = i;
    }
    sqlx_wire__path_pop(v, saved);
    return rc;
}

int sqlx_wire__get_bool(struct sqlx_wire__vctx *v, const json_t *obj, const char *key, bool required, bool *out)
{
    json_t *j = json_object_get(obj, key);
    if (!j && !required)
        return 0;
    if (json_is_boolean(j)) {
        *out = json_is_true(j);
        return 0;
    }
    size_t saved = sqlx_wire__path_key(v, key);
    int rc = sqlx_wire__fail_found(v, "true or false", j);
    sqlx_wire__path_pop(v, saved);
    return rc;
}

int sqlx_wire__get_object(struct sqlx_wire__vctx *v, const json_t *obj, const char *key, bool required,
                      json_t **out)
{
    json_t *j = json_object_get(obj, key);
    *out = NULL;
    if (!j && !required)
        return 0;
    if (json_is_object(j)) {
        *out = j;
        return 0;
    }
    size_t saved = sqlx_wire__path_key(v, key);
    int rc = sqlx_wire__fail_found(v, "an object", j);
    sqlx_wire__path_pop(v, saved);
    return rc;
}

/* ---- sections ------------------------------------------------------------------------------------ */

static bool is_identifier(const char *s, bool allow_scheme_chars)
{
    if (!((*s >= 'a' && *s <= 'z') || (!allow_scheme_chars && *s >= '0' && *s <= '9')))
        return false;
    for (s++; *s; s++) {
        bool ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.';
        ok = ok || (allow_scheme_chars ? *s == '+' : *s == '_');
        if (!ok)
            return false;
    }
    return true;
}

static int check_identity(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    const char *name, *version, *description;
    int family = 0;
    int rc = sqlx_wire__get_str(v, root, "name", true, &name);
    if (rc)
        return rc;
    if (!is_identifier(name, false)) {
        size_t saved = sqlx_wire__path_key(v, "name");
        rc = sqlx_wire__fail_found(v, "lower-case letters, digits, '-', '_' or '.' starting with a letter or digit",
                        json_object_get(root, "name"));
        sqlx_wire__path_pop(v, saved);
        return rc;
    }
    if ((rc = sqlx_wire__get_enum(v, root, "family", families, &family)) ||
        (rc = sqlx_wire__get_str(v, root, "version", true, &version)) ||
        (rc = sqlx_wire__get_str(v, root, "description", false, &description)))
        return rc;
    p->name = sqlx_strdup(name);
    p->family = sqlx_strdup(families[family]);
    p->version = sqlx_strdup(version);
    p->description = sqlx_strdup(description ? description : "");
    return 0;
}

static int check_schemes(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    json_t *arr = json_object_get(root, "schemes");
    size_t saved = sqlx_wire__path_key(v, "schemes");
    int rc = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        rc = sqlx_wire__fail_found(v, "a non-empty array of URL schemes", arr);
        goto out;
    }
    size_t n = json_array_size(arr);
    p->schemes = sqlx_calloc(n + 1, sizeof *p->schemes);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(arr, i);
        size_t at = sqlx_wire__path_index(v, i);
        if (!json_is_string(s) || !is_identifier(json_string_value(s), true)) {
            rc = sqlx_wire__fail_found(v, "a lower-case URL scheme such as \"sqlite\"", s);
            goto out;
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(p->schemes[k], json_string_value(s)) == 0) {
                rc = sqlx_wire__fail_found(v, "a scheme not listed before", s);
                goto out;
            }
        }
        p->schemes[i] = sqlx_strdup(json_string_value(s));
        sqlx_wire__path_pop(v, at);
    }
out:
    sqlx_wire__path_pop(v, saved);
    return rc;
}

/* detect.pattern must compile as a POSIX extended regular expression. */
static int check_regex(struct sqlx_wire__vctx *v, const json_t *d, const char *pattern)
{
    regex_t re;
    char why[128], expected[200];
    int rerr = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
    if (rerr == 0) {
        regfree(&re);
        return 0;
    }
    regerror(rerr, &re, why, sizeof why);
    snprintf(expected, sizeof expected, "a POSIX extended regular expression (%s)", why);
    size_t saved = sqlx_wire__path_key(v, "pattern");
    int rc = sqlx_wire__fail_found(v, expected, json_object_get(d, "pattern"));
    sqlx_wire__path_pop(v, saved);
    return rc;
}

/* detect: how to recognise the engine from a version string, read either by a query or from a
 * server parameter, matched against a POSIX extended regular expression. */
static int check_detect(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    json_t *d;
    const char *query, *param, *pattern;
    int rc = sqlx_wire__get_object(v, root, "detect", true, &d);
    if (rc)
        return rc;
    size_t saved = sqlx_wire__path_key(v, "detect");
    if ((rc = sqlx_wire__check_keys(v, d, detect_keys)) || (rc = sqlx_wire__get_str(v, d, "query", false, &query)) ||
        (rc = sqlx_wire__get_str(v, d, "parameter", false, &param)) ||
        (rc = sqlx_wire__get_str(v, d, "pattern", true, &pattern)))
        goto out;
    if (!query && !param) {
        rc = sqlx_wire__fail_rule(v, "expected \"query\" or \"parameter\" naming where the version string comes from, found neither");
        goto out;
    }
    rc = check_regex(v, d, pattern);
    p->detect.query = query;
    p->detect.parameter = param;
    p->detect.pattern = pattern;
out:
    sqlx_wire__path_pop(v, saved);
    return rc;
}

/* The JSON a compiled protocol is made from. Packs extending one base hold the base's objects by
 * reference, so equal pointers mean the same protocol. */
struct proto_key {
    const json_t *parts[7]; /* messages, authentication, handshake, query, async, framing, byte_order */
};

/* Compiled protocols of the folder being loaded, shared by the packs whose wire JSON is the same
 * objects (an extending pack that changes only its port, dialect or types). */
struct proto_cache {
    struct proto_key *keys;
    struct sqlx_wire_proto **protos;
    size_t n;
};

static void proto_key_of(const json_t *root, struct proto_key *k)
{
    static const char *const parts[] = { "messages", "authentication", "handshake", "query",
                                         "async" };
    for (int i = 0; i < 5; i++)
        k->parts[i] = json_object_get(root, parts[i]);
    const json_t *proto = json_object_get(root, "protocol");
    k->parts[5] = json_object_get(proto, "framing");
    k->parts[6] = json_object_get(proto, "byte_order");
}

static int compile_shared(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    struct proto_cache *pc = v->protos;
    struct proto_key k;
    proto_key_of(root, &k);
    for (size_t i = 0; pc && i < pc->n; i++) {
        if (memcmp(&pc->keys[i], &k, sizeof k) == 0) {
            p->proto = sqlx_wire_proto_ref(pc->protos[i]);
            return 0;
        }
    }
    int rc = sqlx_wire__proto_compile(v, root, &p->proto);
    if (rc == 0 && pc && k.parts[0]) {
        pc->keys = sqlx_realloc(pc->keys, (pc->n + 1) * sizeof *pc->keys);
        pc->protos = sqlx_realloc(pc->protos, (pc->n + 1) * sizeof *pc->protos);
        pc->keys[pc->n] = k;
        pc->protos[pc->n++] = sqlx_wire_proto_ref(p->proto);
    }
    return rc;
}

static void proto_cache_free(struct proto_cache *pc)
{
    for (size_t i = 0; i < pc->n; i++)
        sqlx_wire_proto_free(pc->protos[i]);
    sqlx_free(pc->keys);
    sqlx_free(pc->protos);
}

/* An embedded pack has no wire description; a wire pack needs one and is compiled here. */
static int check_wire(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    if (p->embedded) {
        for (int i = 0; wire_keys[i]; i++) {
            if (!json_object_get(root, wire_keys[i]))
                continue;
            size_t at = sqlx_wire__path_key(v, wire_keys[i]);
            int rc = sqlx_wire__fail_rule(v, "only wire packs (protocol.embedded false) describe messages and scripts");
            sqlx_wire__path_pop(v, at);
            return rc;
        }
        return 0;
    }
    if (strcmp(p->family, "sqlite") == 0) {
        size_t at = sqlx_wire__path_key(v, "protocol");
        size_t at2 = sqlx_wire__path_key(v, "embedded");
        int rc = sqlx_wire__fail_found(v, "true (the sqlite family runs in-process)", json_false());
        sqlx_wire__path_pop(v, at2);
        sqlx_wire__path_pop(v, at);
        return rc;
    }
    return compile_shared(v, root, p);
}

static int check_protocol(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    json_t *proto;
    bool embedded = false;
    int rc = sqlx_wire__get_object(v, root, "protocol", true, &proto);
    if (rc)
        return rc;
    size_t saved = sqlx_wire__path_key(v, "protocol");
    if ((rc = sqlx_wire__check_keys(v, proto, protocol_keys)) ||
        (rc = sqlx_wire__get_bool(v, proto, "embedded", true, &embedded)))
        goto out;
    json_t *port = json_object_get(proto, "default_port");
    if (port && (!json_is_integer(port) || json_integer_value(port) < 1 ||
                 json_integer_value(port) > 65535)) {
        size_t at = sqlx_wire__path_key(v, "default_port");
        rc = sqlx_wire__fail_found(v, "an integer port from 1 to 65535", port);
        sqlx_wire__path_pop(v, at);
        goto out;
    }
    p->embedded = embedded;
    p->default_port = port ? (int)json_integer_value(port) : 0;
    p->tls = "none";
    if (json_object_get(proto, "tls")) {
        int tls = 0;
        if ((rc = sqlx_wire__get_enum(v, proto, "tls", tls_kinds, &tls)))
            goto out;
        p->tls = tls_kinds[tls];
    }
    if (embedded && json_object_get(proto, "framing")) {
        size_t at = sqlx_wire__path_key(v, "framing");
        rc = sqlx_wire__fail_rule(v, "an embedded engine has no framing");
        sqlx_wire__path_pop(v, at);
        goto out;
    }
out:
    sqlx_wire__path_pop(v, saved);
    return rc;
}

/* "9.5" -> 90500, "15" -> 150000; -1 when the text is not MAJOR[.MINOR]. */
static int parse_version(const char *s)
{
    int major = 0, minor = 0, digits = 0;
    for (; *s >= '0' && *s <= '9' && digits < 4; s++, digits++)
        major = major * 10 + (*s - '0');
    if (!digits)
        return -1;
    if (*s == '.') {
        s++;
        digits = 0;
        for (; *s >= '0' && *s <= '9' && digits < 2; s++, digits++)
            minor = minor * 10 + (*s - '0');
        if (!digits)
            return -1;
    }
    return *s ? -1 : major * 10000 + minor * 100;
}

static int check_feature(struct sqlx_wire__vctx *v, const json_t *f, struct sqlx_pack_feature *out)
{
    int rc;
    if (!json_is_object(f))
        return sqlx_wire__fail_found(v, "a feature object with \"name\" and \"since\"", f);
    if ((rc = sqlx_wire__check_keys(v, f, feature_keys)) ||
        (rc = sqlx_wire__get_str(v, f, "name", true, &out->name)) ||
        (rc = sqlx_wire__get_str(v, f, "since", true, &out->since)) ||
        (rc = sqlx_wire__get_str(v, f, "probe", false, &out->probe)))
        return rc;
    out->since_num = parse_version(out->since);
    if (out->since_num < 0) {
        size_t at = sqlx_wire__path_key(v, "since");
        rc = sqlx_wire__fail_found(v, "a version such as \"15\" or \"9.5\"", json_object_get(f, "since"));
        sqlx_wire__path_pop(v, at);
    }
    return rc;
}

static int check_server_type(struct sqlx_wire__vctx *v, const json_t *t,
                             struct sqlx_pack_server_type *out)
{
    int rc, kind = 0;
    if (!json_is_object(t))
        return sqlx_wire__fail_found(v, "a type object with \"oid\", \"name\" and \"universal\"", t);
    if ((rc = sqlx_wire__check_keys(v, t, server_type_keys)) ||
        (rc = sqlx_wire__get_str(v, t, "name", true, &out->name)) ||
        (rc = sqlx_wire__get_enum(v, t, "universal", universal_kinds, &kind)))
        return rc;
    out->universal = universal_kinds[kind];
    const char *const ints[] = { "oid", "array_of" };
    for (int i = 0; i < 2; i++) {
        json_t *j = json_object_get(t, ints[i]);
        if (!j && i == 1)
            break;
        if (!json_is_integer(j) || json_integer_value(j) < 1 || json_integer_value(j) > 0xffffffffLL) {
            size_t at = sqlx_wire__path_key(v, ints[i]);
            rc = sqlx_wire__fail_found(v, "a positive 32-bit type identifier", j);
            sqlx_wire__path_pop(v, at);
            return rc;
        }
        *(i == 0 ? &out->oid : &out->array_of) = (uint32_t)json_integer_value(j);
    }
    return 0;
}

/* Checks every element of array `key` of obj with fn, into a fresh array of `size`-byte rows. */
static int check_rows(struct sqlx_wire__vctx *v, const json_t *obj, const char *key, size_t size,
                      int (*fn)(struct sqlx_wire__vctx *, const json_t *, void *), void **rows,
                      size_t *n)
{
    json_t *arr = json_object_get(obj, key);
    if (!arr)
        return 0;
    size_t at = sqlx_wire__path_key(v, key);
    int rc = 0;
    if (!json_is_array(arr)) {
        rc = sqlx_wire__fail_found(v, "an array", arr);
        goto out;
    }
    *rows = sqlx_calloc(json_array_size(arr) + 1, size);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        size_t iat = sqlx_wire__path_index(v, i);
        if ((rc = fn(v, json_array_get(arr, i), (char *)*rows + i * size)))
            goto out;
        sqlx_wire__path_pop(v, iat);
        (*n)++;
    }
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

static int feature_row(struct sqlx_wire__vctx *v, const json_t *j, void *out)
{
    return check_feature(v, j, out);
}

static int type_row(struct sqlx_wire__vctx *v, const json_t *j, void *out)
{
    return check_server_type(v, j, out);
}

static int rule_row(struct sqlx_wire__vctx *v, const json_t *j, void *out)
{
    struct sqlx_pack_rule *r = out;
    int rc;
    if (!json_is_object(j))
        return sqlx_wire__fail_found(v, "a rule object with \"name\", \"when\" and \"sql\"", j);
    if ((rc = sqlx_wire__check_keys(v, j, rule_keys)) ||
        (rc = sqlx_wire__get_str(v, j, "name", true, &r->name)) ||
        (rc = sqlx_wire__get_str(v, j, "when", true, &r->when)) ||
        (rc = sqlx_wire__get_str(v, j, "sql", true, &r->sql)) ||
        (rc = sqlx_wire__get_str(v, j, "description", false, &r->description)))
        return rc;
    return 0;
}

static int check_limits(struct sqlx_wire__vctx *v, const json_t *caps, struct sqlx_pack *p)
{
    json_t *lim = json_object_get(caps, "limits");
    if (!lim)
        return 0;
    size_t at = sqlx_wire__path_key(v, "limits");
    int rc = 0;
    const char *k;
    json_t *val;
    if (!json_is_object(lim)) {
        rc = sqlx_wire__fail_found(v, "an object of limit names to integers", lim);
        goto out;
    }
    p->limits = sqlx_calloc(json_object_size(lim) + 1, sizeof *p->limits);
    json_object_foreach(lim, k, val)
    {
        if (!json_is_integer(val) || json_integer_value(val) < 0) {
            size_t kat = sqlx_wire__path_key(v, k);
            rc = sqlx_wire__fail_found(v, "a non-negative integer", val);
            sqlx_wire__path_pop(v, kat);
            goto out;
        }
        p->limits[p->nlimits].name = sqlx_wire__keep(v, k, strlen(k));
        p->limits[p->nlimits++].value = json_integer_value(val);
    }
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

static int check_capabilities(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    json_t *caps;
    int rc = sqlx_wire__get_object(v, root, "capabilities", false, &caps);
    if (rc || !caps)
        return rc;
    size_t at = sqlx_wire__path_key(v, "capabilities");
    void *rows = NULL;
    if ((rc = sqlx_wire__check_keys(v, caps, capability_keys)))
        goto out;
    rc = check_rows(v, caps, "features", sizeof *p->features, feature_row, &rows, &p->nfeatures);
    p->features = rows;
    if (rc)
        goto out;
    rows = NULL;
    rc = check_rows(v, caps, "types", sizeof *p->server_types, type_row, &rows, &p->nserver_types);
    p->server_types = rows;
    if (rc)
        goto out;
    rc = check_limits(v, caps, p);
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

static int check_rules(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    void *rows = NULL;
    int rc = check_rows(v, root, "optimization_rules", sizeof *p->rules, rule_row, &rows, &p->nrules);
    p->rules = rows;
    return rc;
}

/* A string of exactly one character; used for like_escape. */
static int get_char(struct sqlx_wire__vctx *v, const json_t *obj, const char *key, const char **out)
{
    int rc = sqlx_wire__get_str(v, obj, key, true, out);
    if (rc)
        return rc;
    if (strlen(*out) == 1)
        return 0;
    size_t saved = sqlx_wire__path_key(v, key);
    rc = sqlx_wire__fail_found(v, "a string of one character", json_object_get(obj, key));
    sqlx_wire__path_pop(v, saved);
    return rc;
}

static int check_dialect(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_dialect *d)
{
    json_t *dj;
    const char *quote;
    int param = 0, limit = 0, ilike = 0, upsert = 0, concat = 0;
    int rc = sqlx_wire__get_object(v, root, "dialect", true, &dj);
    if (rc)
        return rc;
    size_t saved = sqlx_wire__path_key(v, "dialect");
    if ((rc = sqlx_wire__check_keys(v, dj, dialect_keys)) || (rc = sqlx_wire__get_str(v, dj, "quote", true, &quote)))
        goto out;
    if (strlen(quote) > 2) {
        size_t at = sqlx_wire__path_key(v, "quote");
        rc = sqlx_wire__fail_found(v, "one character (open and close alike) or two (open, close)",
                        json_object_get(dj, "quote"));
        sqlx_wire__path_pop(v, at);
        goto out;
    }
    d->quote_open = quote[0];
    d->quote_close = quote[1] ? quote[1] : quote[0];
    if ((rc = sqlx_wire__get_enum(v, dj, "param_style", param_styles, &param)) ||
        (rc = sqlx_wire__get_enum(v, dj, "limit_form", limit_forms, &limit)) ||
        (rc = sqlx_wire__get_enum(v, dj, "ilike", ilike_forms, &ilike)) ||
        (rc = sqlx_wire__get_str(v, dj, "true_literal", true, &d->true_literal)) ||
        (rc = sqlx_wire__get_str(v, dj, "false_literal", true, &d->false_literal)) ||
        (rc = sqlx_wire__get_bool(v, dj, "returning", true, &d->supports_returning)) ||
        (rc = sqlx_wire__get_enum(v, dj, "upsert", upsert_forms, &upsert)) ||
        (rc = sqlx_wire__get_enum(v, dj, "concat", concat_ops, &concat)) ||
        (rc = get_char(v, dj, "like_escape", &d->like_escape)))
        goto out;
    d->param_style = pstyles[param];
    d->limit_form = lforms[limit];
    d->ilike_form = iforms[ilike];
    d->upsert_form = upsert_forms[upsert];
    d->concat_op = concat_ops[concat];
out:
    sqlx_wire__path_pop(v, saved);
    return rc;
}

/* A declared type name as the matcher sees it: lower-case, no parentheses. */
static bool is_match_text(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'A' && *s <= 'Z') || *s == '(' || *s == ')')
            return false;
    return true;
}

static int check_bits(struct sqlx_wire__vctx *v, const json_t *row, const char *universal, int *bits)
{
    json_t *j = json_object_get(row, "bits");
    *bits = 0;
    if (!j)
        return 0;
    size_t saved = sqlx_wire__path_key(v, "bits");
    int rc = 0;
    bool is_int = strcmp(universal, "integer") == 0;
    bool is_float = strcmp(universal, "float") == 0;
    json_int_t b = json_is_integer(j) ? json_integer_value(j) : -1;
    if (is_int && b != 8 && b != 16 && b != 32 && b != 64)
        rc = sqlx_wire__fail_found(v, "one of 8, 16, 32, 64", j);
    else if (is_float && b != 32 && b != 64)
        rc = sqlx_wire__fail_found(v, "one of 32, 64", j);
    else if (!is_int && !is_float)
        rc = sqlx_wire__fail_rule(v, "bits applies only to universal \"integer\" and \"float\"");
    else
        *bits = (int)b;
    sqlx_wire__path_pop(v, saved);
    return rc;
}

static int check_type_row(struct sqlx_wire__vctx *v, const json_t *row, struct sqlx_pack_type *t)
{
    int kind = 0;
    if (!json_is_object(row))
        return sqlx_wire__fail_found(v, "an object", row);
    int rc;
    if ((rc = sqlx_wire__check_keys(v, row, type_row_keys)))
        return rc;
    json_t *m = json_object_get(row, "match");
    if (!json_is_string(m) || !is_match_text(json_string_value(m))) {
        size_t saved = sqlx_wire__path_key(v, "match");
        rc = sqlx_wire__fail_found(v, "a lower-case type name without parentheses", m);
        sqlx_wire__path_pop(v, saved);
        return rc;
    }
    t->match = sqlx_wire__keep(v, json_string_value(m), json_string_length(m));
    if ((rc = sqlx_wire__get_bool(v, row, "prefix", false, &t->prefix)) ||
        (rc = sqlx_wire__get_bool(v, row, "contains", false, &t->contains)) ||
        (rc = sqlx_wire__get_enum(v, row, "universal", universal_kinds, &kind)))
        return rc;
    if (t->prefix && t->contains)
        return sqlx_wire__fail_rule(v, "expected at most one of \"prefix\" and \"contains\", found both");
    if ((t->prefix || t->contains) && t->match[0] == '\0') {
        size_t saved = sqlx_wire__path_key(v, "match");
        rc = sqlx_wire__fail_found(v, "a non-empty string for a prefix or contains row", m);
        sqlx_wire__path_pop(v, saved);
        return rc;
    }
    t->universal = universal_kinds[kind];
    if ((rc = check_bits(v, row, t->universal, &t->bits)) ||
        (rc = sqlx_wire__get_bool(v, row, "unsigned", false, &t->is_unsigned)) ||
        (rc = sqlx_wire__get_bool(v, row, "with_tz", false, &t->with_tz)))
        return rc;
    if (t->is_unsigned && strcmp(t->universal, "integer") != 0)
        return sqlx_wire__fail_rule(v, "unsigned applies only to universal \"integer\"");
    if (t->with_tz && strcmp(t->universal, "timestamp") != 0 && strcmp(t->universal, "time") != 0)
        return sqlx_wire__fail_rule(v, "with_tz applies only to universal \"timestamp\" and \"time\"");
    return 0;
}

/* Row i may not repeat an earlier row's match text and kind: it could never be chosen. */
static int check_type_unique(struct sqlx_wire__vctx *v, const struct sqlx_pack_type *rows, size_t i)
{
    const struct sqlx_pack_type *t = &rows[i];
    for (size_t k = 0; k < i; k++) {
        const struct sqlx_pack_type *o = &rows[k];
        if (strcmp(o->match, t->match) == 0 && o->prefix == t->prefix &&
            o->contains == t->contains) {
            char why[200];
            snprintf(why, sizeof why, "duplicate row: \"%s\" is already matched by row %zu",
                     t->match, k);
            return sqlx_wire__fail_rule(v, why);
        }
    }
    return 0;
}

static int check_types(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    json_t *tj;
    int def = 0;
    int rc = sqlx_wire__get_object(v, root, "types", true, &tj);
    if (rc)
        return rc;
    size_t saved = sqlx_wire__path_key(v, "types");
    if ((rc = sqlx_wire__check_keys(v, tj, types_keys)) ||
        (rc = sqlx_wire__get_enum(v, tj, "default", universal_kinds, &def)))
        goto out;
    p->default_type = universal_kinds[def];
    json_t *map = json_object_get(tj, "map");
    size_t at = sqlx_wire__path_key(v, "map");
    if (!json_is_array(map)) {
        rc = sqlx_wire__fail_found(v, "an array of type rows", map);
        goto out;
    }
    p->ntypes = json_array_size(map);
    p->types = sqlx_calloc(p->ntypes ? p->ntypes : 1, sizeof *p->types);
    for (size_t i = 0; i < p->ntypes; i++) {
        size_t row_at = sqlx_wire__path_index(v, i);
        struct sqlx_pack_type *t = &p->types[i];
        if ((rc = check_type_row(v, json_array_get(map, i), t)) ||
            (rc = check_type_unique(v, p->types, i)))
            goto out;
        sqlx_wire__path_pop(v, row_at);
    }
    sqlx_wire__path_pop(v, at);
out:
    sqlx_wire__path_pop(v, saved);
    return rc;
}

/* ---- public: one pack ---------------------------------------------------------------------------- */

static int check_pack(struct sqlx_wire__vctx *v, const json_t *root, struct sqlx_pack *p)
{
    int rc;
    if (!json_is_object(root))
        return sqlx_wire__fail_found(v, "an object", root);
    if ((rc = sqlx_wire__check_keys(v, root, top_keys)) || (rc = check_identity(v, root, p)) ||
        (rc = check_schemes(v, root, p)) || (rc = check_detect(v, root, p)) ||
        (rc = sqlx_wire__get_bool(v, root, "tested_live", false, &p->tested_live)) ||
        (rc = check_protocol(v, root, p)) || (rc = check_dialect(v, root, &p->dialect)) ||
        (rc = check_types(v, root, p)) || (rc = check_capabilities(v, root, p)) ||
        (rc = check_rules(v, root, p)) || (rc = check_wire(v, root, p)))
        return rc;
    return 0;
}


/* Copies into child what it inherits from base: keys it lacks (but never its identity), and the
 * missing keys of the merged objects. */
static void inherit(json_t *child, const json_t *base)
{
    const char *k;
    json_t *bv;
    json_object_foreach((json_t *)base, k, bv)
    {
        if (list_index(own_keys, k) >= 0)
            continue;
        json_t *cv = json_object_get(child, k);
        if (!cv) {
            json_object_set(child, k, bv);
        } else if (list_index(merged_keys, k) >= 0 && json_is_object(cv) && json_is_object(bv)) {
            const char *k2;
            json_t *v2;
            json_object_foreach(bv, k2, v2)
            {
                if (!json_object_get(cv, k2))
                    json_object_set(cv, k2, v2);
            }
        }
    }
}

/* Parsed documents of the packs that extend nothing, by path, shared while one folder loads: a
 * base read by several extenders (and loaded as a pack itself) is parsed once, and extenders
 * share its sub-objects by reference instead of each holding a copy. */
struct doc_cache {
    char **paths;
    json_t **docs;
    size_t n;
    struct proto_cache protos; /* compiled protocols shared the same way */
};

static void doc_cache_free(struct doc_cache *dc)
{
    for (size_t i = 0; i < dc->n; i++) {
        sqlx_free(dc->paths[i]);
        json_decref(dc->docs[i]);
    }
    sqlx_free(dc->paths);
    sqlx_free(dc->docs);
    proto_cache_free(&dc->protos);
}

/* A new reference to the document at path: from the cache when it is there, else parsed and,
 * when it extends nothing (so it is never modified), remembered. */
static json_t *load_doc(struct doc_cache *dc, const char *path, struct sqlx_err *err)
{
    for (size_t i = 0; dc && i < dc->n; i++)
        if (strcmp(dc->paths[i], path) == 0)
            return json_incref(dc->docs[i]);
    json_t *doc = sqlx_json_load_file(path, err);
    if (doc && dc && json_is_object(doc) && !json_object_get(doc, "extends")) {
        dc->paths = sqlx_realloc(dc->paths, (dc->n + 1) * sizeof *dc->paths);
        dc->docs = sqlx_realloc(dc->docs, (dc->n + 1) * sizeof *dc->docs);
        dc->paths[dc->n] = sqlx_strdup(path);
        dc->docs[dc->n++] = json_incref(doc);
    }
    return doc;
}

/* Resolves "extends": the base is <folder of path>/<name>.json, itself resolved first (at most
 * four levels). Errors name the child file and $.extends. */
static int resolve_extends(const char *path, json_t *root, int depth, struct doc_cache *dc,
                           struct sqlx_err *err)
{
    json_t *ext = json_object_get(root, "extends");
    if (!ext)
        return 0;
    if (!json_is_string(ext) || !is_identifier(json_string_value(ext), false))
        return sqlx_err_set(err, SQLX_EINVAL, "%s: $.extends: expected the name of a pack in the same folder", path);
    if (depth >= 4)
        return sqlx_err_set(err, SQLX_EINVAL, "%s: $.extends: packs extend each other too deeply (or in a cycle)", path);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 1;
    char base[PATH_MAX];
    int n = snprintf(base, sizeof base, "%.*s/%s.json", (int)dirlen, slash ? path : ".",
                     json_string_value(ext));
    if (n < 0 || (size_t)n >= sizeof base)
        return sqlx_err_set(err, SQLX_EINVAL, "%s: $.extends: path too long", path);
    struct sqlx_err berr;
    json_t *b = load_doc(dc, base, &berr);
    if (!b)
        return sqlx_err_set(err, SQLX_EINVAL, "%s: $.extends: cannot read base pack \"%s\": %s", path,
                            json_string_value(ext), berr.message);
    int rc = 0;
    if (json_object_get(b, "extends")) {
        /* A base that extends another is merged into a private copy. */
        json_t *copy = json_deep_copy(b);
        json_decref(b);
        b = copy;
        rc = b ? resolve_extends(base, b, depth + 1, NULL, err)
               : sqlx_err_set(err, SQLX_EINVAL, "%s: $.extends: cannot copy base pack", path);
    }
    if (rc == 0)
        inherit(root, b);
    json_decref(b);
    return rc;
}

static struct sqlx_pack *load_pack(const char *path, struct doc_cache *dc, struct sqlx_err *err)
{
    json_t *root = load_doc(dc, path, err);
    if (!root)
        return NULL;
    struct sqlx_pack *p = sqlx_calloc(1, sizeof *p);
    p->file = sqlx_strdup(path);
    sqlx_arena_init(&p->strs, 4096);
    if (json_is_object(root) && resolve_extends(path, root, 0, dc, err) != 0) {
        json_decref(root);
        sqlx_pack_free(p);
        return NULL;
    }
    if (json_is_string(json_object_get(root, "extends")))
        p->extends = sqlx_arena_strdup(&p->strs, json_string_value(json_object_get(root, "extends")));
    struct sqlx_wire__vctx v = { .file = path, .err = err, .path = "$", .len = 1,
                                 .protos = dc ? &dc->protos : NULL, .strs = &p->strs };
    int rc = check_pack(&v, root, p);
    /* Everything kept was copied: the document goes now (a folder load's cache keeps bases). */
    json_decref(root);
    if (rc != 0) {
        sqlx_pack_free(p);
        return NULL;
    }
    return p;
}

struct sqlx_pack *sqlx_pack_load(const char *path, struct sqlx_err *err)
{
    return load_pack(path, NULL, err);
}

void sqlx_pack_free(struct sqlx_pack *p)
{
    if (!p)
        return;
    sqlx_free(p->file);
    sqlx_free(p->name);
    sqlx_free(p->family);
    sqlx_free(p->version);
    sqlx_free(p->description);
    for (char **s = p->schemes; s && *s; s++)
        sqlx_free(*s);
    sqlx_free(p->schemes);
    sqlx_free(p->types);
    sqlx_wire_proto_free(p->proto);
    sqlx_free(p->features);
    sqlx_free(p->limits);
    sqlx_free(p->server_types);
    sqlx_free(p->rules);
    sqlx_arena_free(&p->strs);
    sqlx_free(p);
}

/* ---- pack directory and pack set ----------------------------------------------------------------- */

/* <dir of /proc/self/exe>/../packs, resolved once per process; empty when it does not exist. The
 * buffer is written only inside pthread_once and read-only afterwards. */
static char exe_packs_dir[PATH_MAX];
static pthread_once_t exe_packs_once = PTHREAD_ONCE_INIT;

static void find_exe_packs(void)
{
    char exe[PATH_MAX];
    char guess[PATH_MAX + 16];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return;
    *slash = '\0';
    int w = snprintf(guess, sizeof guess, "%s/../packs", exe);
    if (w < 0 || (size_t)w >= sizeof guess)
        return;
    struct stat st;
    if (stat(guess, &st) != 0 || !S_ISDIR(st.st_mode))
        return;
    if (!realpath(guess, exe_packs_dir))
        exe_packs_dir[0] = '\0';
}

const char *sqlx_pack_dir(void)
{
    const char *env = getenv("SQLX_PACKS");
    if (env && *env)
        return env;
    pthread_once(&exe_packs_once, find_exe_packs);
    if (exe_packs_dir[0])
        return exe_packs_dir;
    return SQLX_SOURCE_DIR "/packs";
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the regular files *.json directly in dir, sorted; subfolders such as schema/ are not
 * packs. Caller frees each name and the array. */
static int list_pack_files(const char *dir, char ***out, size_t *count, struct sqlx_err *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        int e = errno;
        char ebuf[128];
        int rc = sqlx_err_set(err, e == ENOENT ? SQLX_ENOTFOUND : SQLX_EIO,
                              "could not open pack directory \"%s\": %s", dir,
                              strerror_r(e, ebuf, sizeof ebuf));
        sqlx_err_hint(err, "Set SQLX_PACKS to the folder holding the *.json wire packs.");
        return rc;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 || e->d_name[0] == '.')
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, 0) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            names = sqlx_realloc(names, cap * sizeof *names);
        }
        names[n++] = sqlx_strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    *out = names;
    *count = n;
    return 0;
}

/* Two packs may not share a name or a URL scheme: lookups would be ambiguous. */
static int check_unique(const struct sqlx_packset *s, const struct sqlx_pack *p,
                        struct sqlx_err *err)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct sqlx_pack *o = s->packs[i];
        if (strcmp(o->name, p->name) == 0)
            return sqlx_err_set(err, SQLX_EINVAL,
                                "%s: $.name: pack name \"%s\" is already used by %s", p->file,
                                p->name, o->file);
        for (char **a = p->schemes; *a; a++)
            for (char **b = o->schemes; *b; b++)
                if (strcmp(*a, *b) == 0)
                    return sqlx_err_set(err, SQLX_EINVAL,
                                        "%s: $.schemes: URL scheme \"%s\" is already claimed by %s",
                                        p->file, *a, o->file);
    }
    return 0;
}

int sqlx_packset_load(const char *dir, struct sqlx_packset *out, struct sqlx_err *err)
{
    char **names = NULL;
    size_t nnames = 0;
    out->packs = NULL;
    out->n = 0;
    int rc = list_pack_files(dir, &names, &nnames, err);
    if (rc)
        return rc;
    out->packs = sqlx_calloc(nnames ? nnames : 1, sizeof *out->packs);
    struct doc_cache dc = { 0 };
    for (size_t i = 0; i < nnames; i++) {
        size_t plen = strlen(dir) + 1 + strlen(names[i]) + 1;
        char *path = sqlx_malloc(plen);
        snprintf(path, plen, "%s/%s", dir, names[i]);
        struct sqlx_pack *p = load_pack(path, &dc, err);
        sqlx_free(path);
        if (!p) {
            rc = err && err->code ? (int)err->code : SQLX_EINVAL;
            goto out_free;
        }
        if ((rc = check_unique(out, p, err)) != 0) {
            sqlx_pack_free(p);
            goto out_free;
        }
        out->packs[out->n++] = p;
    }
    goto out_names;
out_free:
    sqlx_packset_free(out);
out_names:
    doc_cache_free(&dc);
    for (size_t i = 0; i < nnames; i++)
        sqlx_free(names[i]);
    sqlx_free(names);
    /* The documents (about 1 MB of short-lived JSON objects for the bundled packs) are gone;
     * their pages go back too instead of staying resident for the life of the process. */
    sqlx_heap_trim();
    return rc;
}

void sqlx_packset_free(struct sqlx_packset *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        sqlx_pack_free(s->packs[i]);
    sqlx_free(s->packs);
    s->packs = NULL;
    s->n = 0;
}

const struct sqlx_pack *sqlx_packset_find(const struct sqlx_packset *s, const char *name_or_scheme)
{
    if (!s || !name_or_scheme)
        return NULL;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->packs[i]->name, name_or_scheme) == 0)
            return s->packs[i];
    for (size_t i = 0; i < s->n; i++)
        for (char **sc = s->packs[i]->schemes; *sc; sc++)
            if (strcasecmp(*sc, name_or_scheme) == 0)
                return s->packs[i];
    return NULL;
}

/* ---- type names ---------------------------------------------------------------------------------- */

/* Lower-cases `declared`, drops parenthesised arguments and folds runs of blanks into one space:
 * "  NUMERIC(10, 2)" -> "numeric", "TIMESTAMP(3) WITH  TIME ZONE" -> "timestamp with time zone".
 * Over-long names are cut at cap - 1 bytes; no real type name comes close. */
static void normalize_type(const char *declared, char *out, size_t cap)
{
    size_t n = 0;
    int depth = 0;
    bool space = false;
    for (const char *s = declared; *s && n + 1 < cap; s++) {
        char c = *s;
        if (c == '(') {
            depth++;
            continue;
        }
        if (c == ')') {
            depth -= depth > 0;
            continue;
        }
        if (depth > 0)
            continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < cap)
            out[n++] = ' ';
        space = false;
        out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[n] = '\0';
}

const struct sqlx_pack_type *sqlx_pack_match_type(const struct sqlx_pack *p, const char *declared)
{
    char name[128];
    if (!p)
        return NULL;
    normalize_type(declared ? declared : "", name, sizeof name);
    for (size_t i = 0; i < p->ntypes; i++) {
        const struct sqlx_pack_type *t = &p->types[i];
        if (!t->prefix && !t->contains && strcmp(t->match, name) == 0)
            return t;
    }
    for (size_t i = 0; i < p->ntypes; i++) {
        const struct sqlx_pack_type *t = &p->types[i];
        if (t->prefix && strncmp(t->match, name, strlen(t->match)) == 0)
            return t;
    }
    for (size_t i = 0; i < p->ntypes; i++) {
        const struct sqlx_pack_type *t = &p->types[i];
        if (t->contains && strstr(name, t->match) != NULL)
            return t;
    }
    return NULL;
}

/* ---- detect and capabilities --------------------------------------------------------------------- */

bool sqlx_pack_detect_param(const struct sqlx_pack *p, const char *name, const char *value)
{
    regex_t re;
    if (!p || !p->detect.parameter || !value || strcmp(p->detect.parameter, name) != 0)
        return false;
    if (regcomp(&re, p->detect.pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, value, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

const struct sqlx_pack *sqlx_packset_detect(const struct sqlx_packset *s, const char *family,
                                            const struct sqlx_pack *prefer,
                                            const char *(*get)(void *ctx, const char *name),
                                            void *ctx)
{
    if (prefer && prefer->detect.parameter &&
        sqlx_pack_detect_param(prefer, prefer->detect.parameter, get(ctx, prefer->detect.parameter)))
        return prefer;
    /* Packs naming a rarer parameter (crdb_version) are more specific than server_version:
     * try those first, then the rest in folder order. */
    for (int pass = 0; s && pass < 2; pass++) {
        for (size_t i = 0; i < s->n; i++) {
            const struct sqlx_pack *p = s->packs[i];
            if (p == prefer || strcmp(p->family, family) != 0 || !p->detect.parameter)
                continue;
            bool generic = strcmp(p->detect.parameter, "server_version") == 0;
            if (generic != (pass == 1))
                continue;
            if (sqlx_pack_detect_param(p, p->detect.parameter, get(ctx, p->detect.parameter)))
                return p;
        }
    }
    return NULL;
}

const struct sqlx_pack_server_type *sqlx_pack_server_type(const struct sqlx_pack *p, uint32_t oid)
{
    for (size_t i = 0; p && i < p->nserver_types; i++)
        if (p->server_types[i].oid == oid)
            return &p->server_types[i];
    return NULL;
}

int64_t sqlx_pack_limit(const struct sqlx_pack *p, const char *name, int64_t dflt)
{
    for (size_t i = 0; p && i < p->nlimits; i++)
        if (strcmp(p->limits[i].name, name) == 0)
            return p->limits[i].value;
    return dflt;
}

const struct sqlx_pack_feature *sqlx_pack_feature(const struct sqlx_pack *p, const char *name)
{
    for (size_t i = 0; p && i < p->nfeatures; i++)
        if (strcmp(p->features[i].name, name) == 0)
            return &p->features[i];
    return NULL;
}
