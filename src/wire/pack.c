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

#ifndef SQLX_SOURCE_DIR
#define SQLX_SOURCE_DIR "."
#endif

/* Validation state: the file being checked, the JSON path of the value at hand and the error to
 * fill. The path grows as the walk descends and is cut back to the saved length on the way up. */
struct vctx {
    const char *file;     /* as given to sqlx_pack_load */
    struct sqlx_err *err; /* caller's error */
    char path[256];       /* "$.types.map[3].universal" */
    size_t len;           /* strlen(path) */
};

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
    "protocol", "dialect", "types", NULL,
};
static const char *const detect_keys[] = { "query", "parameter", "pattern", NULL };
static const char *const protocol_keys[] = { "embedded", "default_port", NULL };
static const char *const dialect_keys[] = {
    "quote", "param_style", "limit_form", "ilike", "true_literal", "false_literal",
    "returning", "upsert", "concat", "like_escape", NULL,
};
static const char *const types_keys[] = { "default", "map", NULL };
static const char *const type_row_keys[] = {
    "match", "prefix", "contains", "universal", "bits", "unsigned", "with_tz", NULL,
};

/* ---- paths and messages ---------------------------------------------------------------------- */

static size_t path_push_key(struct vctx *v, const char *key)
{
    size_t saved = v->len;
    int n = snprintf(v->path + v->len, sizeof v->path - v->len, ".%s", key);
    if (n > 0)
        v->len += (size_t)n < sizeof v->path - v->len ? (size_t)n : sizeof v->path - v->len - 1;
    return saved;
}

static size_t path_push_index(struct vctx *v, size_t i)
{
    size_t saved = v->len;
    int n = snprintf(v->path + v->len, sizeof v->path - v->len, "[%zu]", i);
    if (n > 0)
        v->len += (size_t)n < sizeof v->path - v->len ? (size_t)n : sizeof v->path - v->len - 1;
    return saved;
}

static void path_pop(struct vctx *v, size_t saved)
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
static int fail_found(struct vctx *v, const char *expected, const json_t *found)
{
    char f[96];
    describe(found, f, sizeof f);
    sqlx_err_set(v->err, SQLX_EINVAL, "%s: %s: expected %s, found %s", v->file, v->path, expected,
                 f);
    return SQLX_EINVAL;
}

/* "FILE: PATH: WHY" for rules that are not a simple expected/found pair. */
static int fail_rule(struct vctx *v, const char *why)
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
static int check_keys(struct vctx *v, const json_t *obj, const char *const *allowed)
{
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)obj, key, val)
    {
        if (list_index(allowed, key) >= 0)
            continue;
        char expected[400];
        size_t saved = path_push_key(v, key);
        one_of(allowed, expected, sizeof expected);
        sqlx_err_set(v->err, SQLX_EINVAL, "%s: %s: unknown key; expected %s", v->file, v->path,
                     expected);
        path_pop(v, saved);
        return SQLX_EINVAL;
    }
    return 0;
}

/* A string member. Absent and optional: *out = NULL. Empty strings are refused. */
static int get_str(struct vctx *v, const json_t *obj, const char *key, bool required,
                   const char **out)
{
    json_t *j = json_object_get(obj, key);
    *out = NULL;
    if (!j && !required)
        return 0;
    size_t saved = path_push_key(v, key);
    int rc = 0;
    if (!j || !json_is_string(j))
        rc = fail_found(v, "a string", j);
    else if (json_string_length(j) == 0)
        rc = fail_found(v, "a non-empty string", j);
    else if (strlen(json_string_value(j)) != json_string_length(j))
        rc = fail_rule(v, "string contains a NUL character");
    else
        *out = json_string_value(j);
    path_pop(v, saved);
    return rc;
}

/* A string member that must be one of `list`; *idx is its position. */
static int get_enum(struct vctx *v, const json_t *obj, const char *key, const char *const *list,
                    int *idx)
{
    json_t *j = json_object_get(obj, key);
    size_t saved = path_push_key(v, key);
    int rc = 0;
    int i = json_is_string(j) ? list_index(list, json_string_value(j)) : -1;
    if (i < 0) {
        char expected[400];
        one_of(list, expected, sizeof expected);
        rc = fail_found(v, expected, j);
    } else {
        *idx = i;
    }
    path_pop(v, saved);
    return rc;
}

static int get_bool(struct vctx *v, const json_t *obj, const char *key, bool required, bool *out)
{
    json_t *j = json_object_get(obj, key);
    if (!j && !required)
        return 0;
    if (json_is_boolean(j)) {
        *out = json_is_true(j);
        return 0;
    }
    size_t saved = path_push_key(v, key);
    int rc = fail_found(v, "true or false", j);
    path_pop(v, saved);
    return rc;
}

static int get_object(struct vctx *v, const json_t *obj, const char *key, bool required,
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
    size_t saved = path_push_key(v, key);
    int rc = fail_found(v, "an object", j);
    path_pop(v, saved);
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

static int check_identity(struct vctx *v, const json_t *root, struct sqlx_pack *p)
{
    const char *name, *version, *description;
    int family = 0;
    int rc = get_str(v, root, "name", true, &name);
    if (rc)
        return rc;
    if (!is_identifier(name, false)) {
        size_t saved = path_push_key(v, "name");
        rc = fail_found(v, "lower-case letters, digits, '-', '_' or '.' starting with a letter or digit",
                        json_object_get(root, "name"));
        path_pop(v, saved);
        return rc;
    }
    if ((rc = get_enum(v, root, "family", families, &family)) ||
        (rc = get_str(v, root, "version", true, &version)) ||
        (rc = get_str(v, root, "description", false, &description)))
        return rc;
    p->name = sqlx_strdup(name);
    p->family = sqlx_strdup(families[family]);
    p->version = sqlx_strdup(version);
    p->description = sqlx_strdup(description ? description : "");
    return 0;
}

static int check_schemes(struct vctx *v, const json_t *root, struct sqlx_pack *p)
{
    json_t *arr = json_object_get(root, "schemes");
    size_t saved = path_push_key(v, "schemes");
    int rc = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        rc = fail_found(v, "a non-empty array of URL schemes", arr);
        goto out;
    }
    size_t n = json_array_size(arr);
    p->schemes = sqlx_calloc(n + 1, sizeof *p->schemes);
    for (size_t i = 0; i < n; i++) {
        json_t *s = json_array_get(arr, i);
        size_t at = path_push_index(v, i);
        if (!json_is_string(s) || !is_identifier(json_string_value(s), true)) {
            rc = fail_found(v, "a lower-case URL scheme such as \"sqlite\"", s);
            goto out;
        }
        for (size_t k = 0; k < i; k++) {
            if (strcmp(p->schemes[k], json_string_value(s)) == 0) {
                rc = fail_found(v, "a scheme not listed before", s);
                goto out;
            }
        }
        p->schemes[i] = sqlx_strdup(json_string_value(s));
        path_pop(v, at);
    }
out:
    path_pop(v, saved);
    return rc;
}

/* detect.pattern must compile as a POSIX extended regular expression. */
static int check_regex(struct vctx *v, const json_t *d, const char *pattern)
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
    size_t saved = path_push_key(v, "pattern");
    int rc = fail_found(v, expected, json_object_get(d, "pattern"));
    path_pop(v, saved);
    return rc;
}

/* detect: how to recognise the engine from a version string, read either by a query or from a
 * server parameter, matched against a POSIX extended regular expression. */
static int check_detect(struct vctx *v, const json_t *root)
{
    json_t *d;
    const char *query, *param, *pattern;
    int rc = get_object(v, root, "detect", true, &d);
    if (rc)
        return rc;
    size_t saved = path_push_key(v, "detect");
    if ((rc = check_keys(v, d, detect_keys)) || (rc = get_str(v, d, "query", false, &query)) ||
        (rc = get_str(v, d, "parameter", false, &param)) ||
        (rc = get_str(v, d, "pattern", true, &pattern)))
        goto out;
    if (!query && !param) {
        rc = fail_rule(v, "expected \"query\" or \"parameter\" naming where the version string comes from, found neither");
        goto out;
    }
    rc = check_regex(v, d, pattern);
out:
    path_pop(v, saved);
    return rc;
}

static int check_protocol(struct vctx *v, const json_t *root)
{
    json_t *proto;
    bool embedded = false;
    int rc = get_object(v, root, "protocol", true, &proto);
    if (rc)
        return rc;
    size_t saved = path_push_key(v, "protocol");
    if ((rc = check_keys(v, proto, protocol_keys)) ||
        (rc = get_bool(v, proto, "embedded", true, &embedded)))
        goto out;
    json_t *port = json_object_get(proto, "default_port");
    if (port && (!json_is_integer(port) || json_integer_value(port) < 1 ||
                 json_integer_value(port) > 65535)) {
        size_t at = path_push_key(v, "default_port");
        rc = fail_found(v, "an integer port from 1 to 65535", port);
        path_pop(v, at);
        goto out;
    }
    if (!embedded) {
        /* Wire protocols (messages, handshake and query scripts) arrive with the PostgreSQL and
         * MySQL packs; until then only embedded engines load. */
        size_t at = path_push_key(v, "embedded");
        rc = fail_found(v, "true (wire protocol descriptions are not supported yet)",
                        json_object_get(proto, "embedded"));
        path_pop(v, at);
    }
out:
    path_pop(v, saved);
    return rc;
}

/* A string of exactly one character; used for like_escape. */
static int get_char(struct vctx *v, const json_t *obj, const char *key, const char **out)
{
    int rc = get_str(v, obj, key, true, out);
    if (rc)
        return rc;
    if (strlen(*out) == 1)
        return 0;
    size_t saved = path_push_key(v, key);
    rc = fail_found(v, "a string of one character", json_object_get(obj, key));
    path_pop(v, saved);
    return rc;
}

static int check_dialect(struct vctx *v, const json_t *root, struct sqlx_dialect *d)
{
    json_t *dj;
    const char *quote;
    int param = 0, limit = 0, ilike = 0, upsert = 0, concat = 0;
    int rc = get_object(v, root, "dialect", true, &dj);
    if (rc)
        return rc;
    size_t saved = path_push_key(v, "dialect");
    if ((rc = check_keys(v, dj, dialect_keys)) || (rc = get_str(v, dj, "quote", true, &quote)))
        goto out;
    if (strlen(quote) > 2) {
        size_t at = path_push_key(v, "quote");
        rc = fail_found(v, "one character (open and close alike) or two (open, close)",
                        json_object_get(dj, "quote"));
        path_pop(v, at);
        goto out;
    }
    d->quote_open = quote[0];
    d->quote_close = quote[1] ? quote[1] : quote[0];
    if ((rc = get_enum(v, dj, "param_style", param_styles, &param)) ||
        (rc = get_enum(v, dj, "limit_form", limit_forms, &limit)) ||
        (rc = get_enum(v, dj, "ilike", ilike_forms, &ilike)) ||
        (rc = get_str(v, dj, "true_literal", true, &d->true_literal)) ||
        (rc = get_str(v, dj, "false_literal", true, &d->false_literal)) ||
        (rc = get_bool(v, dj, "returning", true, &d->supports_returning)) ||
        (rc = get_enum(v, dj, "upsert", upsert_forms, &upsert)) ||
        (rc = get_enum(v, dj, "concat", concat_ops, &concat)) ||
        (rc = get_char(v, dj, "like_escape", &d->like_escape)))
        goto out;
    d->param_style = pstyles[param];
    d->limit_form = lforms[limit];
    d->ilike_form = iforms[ilike];
    d->upsert_form = upsert_forms[upsert];
    d->concat_op = concat_ops[concat];
out:
    path_pop(v, saved);
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

static int check_bits(struct vctx *v, const json_t *row, const char *universal, int *bits)
{
    json_t *j = json_object_get(row, "bits");
    *bits = 0;
    if (!j)
        return 0;
    size_t saved = path_push_key(v, "bits");
    int rc = 0;
    bool is_int = strcmp(universal, "integer") == 0;
    bool is_float = strcmp(universal, "float") == 0;
    json_int_t b = json_is_integer(j) ? json_integer_value(j) : -1;
    if (is_int && b != 8 && b != 16 && b != 32 && b != 64)
        rc = fail_found(v, "one of 8, 16, 32, 64", j);
    else if (is_float && b != 32 && b != 64)
        rc = fail_found(v, "one of 32, 64", j);
    else if (!is_int && !is_float)
        rc = fail_rule(v, "bits applies only to universal \"integer\" and \"float\"");
    else
        *bits = (int)b;
    path_pop(v, saved);
    return rc;
}

static int check_type_row(struct vctx *v, const json_t *row, struct sqlx_pack_type *t)
{
    int kind = 0;
    if (!json_is_object(row))
        return fail_found(v, "an object", row);
    int rc;
    if ((rc = check_keys(v, row, type_row_keys)))
        return rc;
    json_t *m = json_object_get(row, "match");
    if (!json_is_string(m) || !is_match_text(json_string_value(m))) {
        size_t saved = path_push_key(v, "match");
        rc = fail_found(v, "a lower-case type name without parentheses", m);
        path_pop(v, saved);
        return rc;
    }
    t->match = json_string_value(m);
    if ((rc = get_bool(v, row, "prefix", false, &t->prefix)) ||
        (rc = get_bool(v, row, "contains", false, &t->contains)) ||
        (rc = get_enum(v, row, "universal", universal_kinds, &kind)))
        return rc;
    if (t->prefix && t->contains)
        return fail_rule(v, "expected at most one of \"prefix\" and \"contains\", found both");
    if ((t->prefix || t->contains) && t->match[0] == '\0') {
        size_t saved = path_push_key(v, "match");
        rc = fail_found(v, "a non-empty string for a prefix or contains row", m);
        path_pop(v, saved);
        return rc;
    }
    t->universal = universal_kinds[kind];
    if ((rc = check_bits(v, row, t->universal, &t->bits)) ||
        (rc = get_bool(v, row, "unsigned", false, &t->is_unsigned)) ||
        (rc = get_bool(v, row, "with_tz", false, &t->with_tz)))
        return rc;
    if (t->is_unsigned && strcmp(t->universal, "integer") != 0)
        return fail_rule(v, "unsigned applies only to universal \"integer\"");
    if (t->with_tz && strcmp(t->universal, "timestamp") != 0 && strcmp(t->universal, "time") != 0)
        return fail_rule(v, "with_tz applies only to universal \"timestamp\" and \"time\"");
    return 0;
}

/* Row i may not repeat an earlier row's match text and kind: it could never be chosen. */
static int check_type_unique(struct vctx *v, const struct sqlx_pack_type *rows, size_t i)
{
    const struct sqlx_pack_type *t = &rows[i];
    for (size_t k = 0; k < i; k++) {
        const struct sqlx_pack_type *o = &rows[k];
        if (strcmp(o->match, t->match) == 0 && o->prefix == t->prefix &&
            o->contains == t->contains) {
            char why[200];
            snprintf(why, sizeof why, "duplicate row: \"%s\" is already matched by row %zu",
                     t->match, k);
            return fail_rule(v, why);
        }
    }
    return 0;
}

static int check_types(struct vctx *v, const json_t *root, struct sqlx_pack *p)
{
    json_t *tj;
    int def = 0;
    int rc = get_object(v, root, "types", true, &tj);
    if (rc)
        return rc;
    size_t saved = path_push_key(v, "types");
    if ((rc = check_keys(v, tj, types_keys)) ||
        (rc = get_enum(v, tj, "default", universal_kinds, &def)))
        goto out;
    p->default_type = universal_kinds[def];
    json_t *map = json_object_get(tj, "map");
    size_t at = path_push_key(v, "map");
    if (!json_is_array(map)) {
        rc = fail_found(v, "an array of type rows", map);
        goto out;
    }
    p->ntypes = json_array_size(map);
    p->types = sqlx_calloc(p->ntypes ? p->ntypes : 1, sizeof *p->types);
    for (size_t i = 0; i < p->ntypes; i++) {
        size_t row_at = path_push_index(v, i);
        struct sqlx_pack_type *t = &p->types[i];
        if ((rc = check_type_row(v, json_array_get(map, i), t)) ||
            (rc = check_type_unique(v, p->types, i)))
            goto out;
        path_pop(v, row_at);
    }
    path_pop(v, at);
out:
    path_pop(v, saved);
    return rc;
}

/* ---- public: one pack ---------------------------------------------------------------------------- */

static int check_pack(struct vctx *v, const json_t *root, struct sqlx_pack *p)
{
    int rc;
    if (!json_is_object(root))
        return fail_found(v, "an object", root);
    if ((rc = check_keys(v, root, top_keys)) || (rc = check_identity(v, root, p)) ||
        (rc = check_schemes(v, root, p)) || (rc = check_detect(v, root)) ||
        (rc = check_protocol(v, root)) || (rc = check_dialect(v, root, &p->dialect)) ||
        (rc = check_types(v, root, p)))
        return rc;
    return 0;
}

struct sqlx_pack *sqlx_pack_load(const char *path, struct sqlx_err *err)
{
    json_t *root = sqlx_json_load_file(path, err);
    if (!root)
        return NULL;
    struct sqlx_pack *p = sqlx_calloc(1, sizeof *p);
    p->file = sqlx_strdup(path);
    p->json = root;
    struct vctx v = { .file = path, .err = err, .path = "$", .len = 1 };
    if (check_pack(&v, root, p) != 0) {
        sqlx_pack_free(p);
        return NULL;
    }
    return p;
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
    json_decref((json_t *)p->json);
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
    for (size_t i = 0; i < nnames; i++) {
        size_t plen = strlen(dir) + 1 + strlen(names[i]) + 1;
        char *path = sqlx_malloc(plen);
        snprintf(path, plen, "%s/%s", dir, names[i]);
        struct sqlx_pack *p = sqlx_pack_load(path, err);
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
    for (size_t i = 0; i < nnames; i++)
        sqlx_free(names[i]);
    sqlx_free(names);
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
