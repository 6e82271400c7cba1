/* OpenAPI 3.0.3 document for a published schema (see openapi.h and docs/api.md). Owns only
 * scratch names in a private arena that dies before the call returns; reads the schema, writes
 * through the streaming JSON writer, and never touches a database or socket. Decimal columns are
 * JSON numbers (type `number`, precision in the description) because that is how rows are
 * written; json and unknown columns are `{}` (any value): OpenAPI 3.0 allows `nullable` only
 * beside `type`. */
#include "api/openapi.h"

#include <string.h>

#include "core/arena.h"
#include "core/json.h"
#include "core/map.h"

/* One table or view as it appears in the document. */
struct tinfo {
    const struct sqlx_table *t; /* the table or view */
    bool skip;                  /* its route and name clash with earlier paths: left out */
    bool writable;              /* a table (views are read-only) */
    const char *base;           /* component schema base name ("OrderItems") */
    const char *one;            /* singular for operation ids ("OrderItem") */
    const char *list_path;      /* "/order-items" */
    const char *pk_param;       /* key path parameter: the key column's name, or "pk" */
    const char *pk_path;        /* "/order-items/{pk}", NULL without a primary key */
};

/* Generation state for one call. */
struct gen {
    const struct sqlx_schema *s; /* the schema being described */
    struct sqlx_openapi_opts o;  /* options with defaults filled in */
    struct sqlx_jw w;            /* writer into the caller's buffer */
    struct sqlx_arena a;         /* names and paths built during the call */
    struct sqlx_map names;       /* component schema names in use */
    struct sqlx_map opids;       /* operationIds in use */
    struct sqlx_map paths;       /* path keys in use */
    struct sqlx_map tags;        /* tag names in use */
    struct tinfo *ti;            /* one per entry of s->tables, same order */
    size_t nt;                   /* entries in ti */
    const char *sys_tag;         /* tag of /healthz and /openapi.json */
    bool has_read;               /* some table is listed: read error responses are used */
    bool has_write;              /* some table takes writes: write error responses are used */
};

/* List query parameters of docs/api.md; a column with one of these names gets no filter. */
static const char *const list_params[] = { "page",  "limit",  "offset", "sort",
                                           "order", "select", "or" };
static const char *const list_param_refs[] = { "Page",  "Limit",  "Offset", "Sort",
                                               "Order", "Select", "Or" };
#define NLIST_PARAMS (sizeof list_params / sizeof list_params[0])

/* Paths the server answers itself; a table whose route is one of these is reached by name. */
static const char *const system_paths[] = { "/healthz",      "/readyz", "/metrics",
                                            "/openapi.json", "/docs",   "/graphql" };

/* Component schemas per table: <Base>, <Base>Insert, ...; a base is taken when all are free. */
static const char *const schema_suffixes[] = { "", "Insert", "Update", "List", "Item" };
#define NSUFFIXES (sizeof schema_suffixes / sizeof schema_suffixes[0])

static const char filter_help[] =
    "`value` means equality; `op.value` takes op in eq, neq, gt, gte, lt, lte, like, ilike (`*` "
    "matches any run of characters), in (`in.(a,b,\"c,d\")`) and is (`is.null`, `is.true`, "
    "`is.false`); `not.` before op negates (`not.in.(1,2)`).";

/* ---- small helpers ---- */

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_name_char(char c)
{
    return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '-';
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* "order_items" -> "OrderItems": ASCII letters and digits only, so the result is a valid
 * component name and operationId part; a leading digit or an empty result gets a "T". */
static char *pascal_name(struct sqlx_arena *a, const char *name)
{
    size_t n = strlen(name), j = 0;
    char *out = sqlx_arena_alloc(a, n + 2);
    bool up = true;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!is_alpha(c) && !is_digit(c)) {
            up = true;
            continue;
        }
        if (j == 0 && is_digit(c))
            out[j++] = 'T';
        out[j++] = (up && c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
        up = false;
    }
    if (j == 0)
        out[j++] = 'T';
    out[j] = '\0';
    return out;
}

/* English plural to singular for operation ids ("Users" -> "User"); a heuristic only, since
 * uniqueness is enforced afterwards. */
static char *singular(struct sqlx_arena *a, const char *p)
{
    size_t n = strlen(p);
    if (n > 3 && ends_with(p, n, "ies"))
        return sqlx_arena_printf(a, "%.*sy", (int)(n - 3), p);
    if (n > 4 && (ends_with(p, n, "sses") || ends_with(p, n, "xes") || ends_with(p, n, "ches") ||
                  ends_with(p, n, "shes")))
        return sqlx_arena_strndup(a, p, n - 2);
    if (n > 1 && ends_with(p, n, "s") && !ends_with(p, n, "ss"))
        return sqlx_arena_strndup(a, p, n - 1);
    return sqlx_arena_strdup(a, p);
}

/* Takes want, or want2, want3... whichever is free in m, and marks it used. */
static const char *claim(struct gen *g, struct sqlx_map *m, const char *want)
{
    const char *name = want;
    for (int i = 2; sqlx_map_has(m, name); i++)
        name = sqlx_arena_printf(&g->a, "%s%d", want, i);
    sqlx_map_put(m, name, g);
    return name;
}

/* Appends "/" and seg percent-encoded (RFC 3986 unreserved characters stay as they are). */
static void put_segment(struct sqlx_buf *b, const char *seg)
{
    static const char hex[] = "0123456789ABCDEF";
    sqlx_buf_putc(b, '/');
    for (const unsigned char *p = (const unsigned char *)seg; *p; p++) {
        if (is_name_char((char)*p) || *p == '~') {
            sqlx_buf_putc(b, (char)*p);
        } else {
            sqlx_buf_putc(b, '%');
            sqlx_buf_putc(b, hex[*p >> 4]);
            sqlx_buf_putc(b, hex[*p & 15]);
        }
    }
}

/* prefix (may be NULL) + "/" + encoded seg, in the arena. */
static char *join_path(struct gen *g, const char *prefix, const char *seg)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    if (prefix)
        sqlx_buf_puts(&b, prefix);
    put_segment(&b, seg);
    char *out = sqlx_arena_strndup(&g->a, b.data, b.len);
    sqlx_buf_free(&b);
    return out;
}

static struct tinfo *find_info(struct gen *g, const char *name)
{
    const struct sqlx_table *t = name ? sqlx_schema_table(g->s, name) : NULL;
    for (size_t i = 0; t && i < g->nt; i++)
        if (g->ti[i].t == t)
            return g->ti[i].skip ? NULL : &g->ti[i];
    return NULL;
}

/* ---- JSON shorthands ---- */

static void kv_str(struct gen *g, const char *k, const char *v)
{
    sqlx_jw_key(&g->w, k);
    sqlx_jw_str(&g->w, v);
}

static void kv_int(struct gen *g, const char *k, int64_t v)
{
    sqlx_jw_key(&g->w, k);
    sqlx_jw_int(&g->w, v);
}

static void kv_bool(struct gen *g, const char *k, bool v)
{
    sqlx_jw_key(&g->w, k);
    sqlx_jw_bool(&g->w, v);
}

/* {"$ref": "#/components/<kind>/<name>"} as the value of key k (no key when k is NULL). */
static void ref(struct gen *g, const char *k, const char *kind, const char *name)
{
    if (k)
        sqlx_jw_key(&g->w, k);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "$ref", sqlx_arena_printf(&g->a, "#/components/%s/%s", kind, name));
    sqlx_jw_obj_end(&g->w);
}

/* "content": {"application/json": {"schema": {"$ref": ...}}} */
static void json_content_ref(struct gen *g, const char *schema)
{
    sqlx_jw_key(&g->w, "content");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "application/json");
    sqlx_jw_obj_begin(&g->w);
    ref(g, "schema", "schemas", schema);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

/* Opens "content": {"application/json": {"schema": — the caller writes the schema value. */
static void json_content_begin(struct gen *g)
{
    sqlx_jw_key(&g->w, "content");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "application/json");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "schema");
}

static void json_content_end(struct gen *g)
{
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

static void str_array(struct gen *g, const char *k, const char *const *v, size_t n)
{
    sqlx_jw_key(&g->w, k);
    sqlx_jw_arr_begin(&g->w);
    for (size_t i = 0; i < n; i++)
        sqlx_jw_str(&g->w, v[i]);
    sqlx_jw_arr_end(&g->w);
}

/* ---- column types ---- */

/* Integer type, format and bounds. 64-bit unsigned gets no maximum: 2^64-1 does not fit the
 * signed 64-bit integers many JSON readers (jansson among them) accept. */
static void write_integer(struct gen *g, const struct sqlx_type *ty)
{
    int bits = ty->bits == 0 ? 64 : ty->bits;
    kv_str(g, "type", "integer");
    if (ty->is_unsigned) {
        kv_str(g, "format", bits < 32 ? "int32" : "int64");
        kv_int(g, "minimum", 0);
        if (bits < 64)
            kv_int(g, "maximum", (int64_t)((UINT64_C(1) << bits) - 1));
        return;
    }
    kv_str(g, "format", bits <= 32 ? "int32" : "int64");
    if (bits < 32) {
        kv_int(g, "minimum", -(INT64_C(1) << (bits - 1)));
        kv_int(g, "maximum", (INT64_C(1) << (bits - 1)) - 1);
    }
}

static void write_enum(struct gen *g, const struct sqlx_type *ty, bool nullable)
{
    kv_str(g, "type", "string");
    if (ty->n_enum == 0 || !ty->enum_values)
        return;
    sqlx_jw_key(&g->w, "enum");
    sqlx_jw_arr_begin(&g->w);
    for (size_t i = 0; i < ty->n_enum && ty->enum_values[i]; i++)
        sqlx_jw_str(&g->w, ty->enum_values[i]);
    if (nullable) /* OpenAPI 3.0.3: nullable adds null, but an enum must still list it */
        sqlx_jw_null(&g->w);
    sqlx_jw_arr_end(&g->w);
}

/* Writes type keywords into an open schema object; returns false for "any value" ({}), which
 * must not carry `nullable`. */
static bool write_type_keywords(struct gen *g, const struct sqlx_type *ty, bool nullable)
{
    switch (ty->kind) {
    case SQLX_T_INTEGER:
        write_integer(g, ty);
        return true;
    case SQLX_T_DECIMAL:
        kv_str(g, "type", "number");
        return true;
    case SQLX_T_FLOAT:
        kv_str(g, "type", "number");
        kv_str(g, "format", ty->bits == 32 ? "float" : "double");
        return true;
    case SQLX_T_BOOL:
        kv_str(g, "type", "boolean");
        return true;
    case SQLX_T_STRING:
        kv_str(g, "type", "string");
        if (ty->max_len > 0)
            kv_int(g, "maxLength", ty->max_len);
        return true;
    case SQLX_T_BYTES:
        kv_str(g, "type", "string");
        kv_str(g, "format", "byte");
        if (ty->max_len > 0) /* base64 text of max_len bytes */
            kv_int(g, "maxLength", 4 * (((int64_t)ty->max_len + 2) / 3));
        return true;
    case SQLX_T_DATE:
        kv_str(g, "type", "string");
        kv_str(g, "format", "date");
        return true;
    case SQLX_T_TIME:
        kv_str(g, "type", "string");
        kv_str(g, "pattern",
               "^[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?$");
        return true;
    case SQLX_T_TIMESTAMP:
        kv_str(g, "type", "string");
        kv_str(g, "format", "date-time");
        return true;
    case SQLX_T_INTERVAL:
        kv_str(g, "type", "string");
        return true;
    case SQLX_T_UUID:
        kv_str(g, "type", "string");
        kv_str(g, "format", "uuid");
        return true;
    case SQLX_T_ENUM:
        write_enum(g, ty, nullable);
        return true;
    case SQLX_T_JSON:
    case SQLX_T_UNKNOWN:
    case SQLX_T_NONE:
        break;
    }
    return false;
}

/* Human description of a column: declared type, universal type, key and default facts. */
static const char *column_description(struct gen *g, const struct sqlx_column *c)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_puts(&b, "Column `");
    sqlx_buf_puts(&b, c->name);
    sqlx_buf_puts(&b, "`: ");
    sqlx_type_format(&c->type, &b);
    if (c->declared_type && c->declared_type[0])
        sqlx_buf_printf(&b, " (declared %s)", c->declared_type);
    sqlx_buf_puts(&b, ".");
    if (c->pk_position > 0)
        sqlx_buf_printf(&b, " Primary key (position %d).", c->pk_position);
    if (c->autoincrement)
        sqlx_buf_puts(&b, " Generated by the database when omitted.");
    if (c->default_sql)
        sqlx_buf_printf(&b, " Default: %s.", c->default_sql);
    char *out = sqlx_arena_strndup(&g->a, b.data ? b.data : "", b.len);
    sqlx_buf_free(&b);
    return out;
}

/* The schema of one column as a value. nullable applies only to types that have one. */
static void column_schema(struct gen *g, const struct sqlx_column *c, bool nullable, bool describe)
{
    sqlx_jw_obj_begin(&g->w);
    if (write_type_keywords(g, &c->type, nullable) && nullable)
        kv_bool(g, "nullable", true);
    if (describe)
        kv_str(g, "description", column_description(g, c));
    sqlx_jw_obj_end(&g->w);
}

/* ---- component schemas ---- */

static bool insert_required(const struct sqlx_column *c)
{
    return !c->nullable && !c->default_sql && !c->autoincrement;
}

enum row_shape { ROW_READ, ROW_INSERT, ROW_UPDATE };

/* Row (every column), Insert (writable columns, required when the database cannot fill them) and
 * Update (every field optional); unknown keys are rejected on input, as the server does (422). */
static void row_schema(struct gen *g, const struct tinfo *ti, enum row_shape shape)
{
    const struct sqlx_table *t = ti->t;
    const struct sqlx_column *c;
    size_t nreq = 0;
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "object");
    kv_str(g, "description",
           sqlx_arena_printf(&g->a, "%s of %s `%s`.",
                             shape == ROW_READ     ? "A row"
                             : shape == ROW_INSERT ? "A new row (POST, PUT)"
                                                   : "Changed columns (PATCH)",
                             t->kind == SQLX_REL_VIEW ? "view" : "table", t->name));
    sqlx_jw_key(&g->w, "properties");
    sqlx_jw_obj_begin(&g->w);
    sqlx_vec_foreach (&t->columns, const struct sqlx_column *, c) {
        sqlx_jw_key(&g->w, c->name);
        column_schema(g, c, c->nullable, true);
        if (shape == ROW_READ ? !c->nullable : shape == ROW_INSERT && insert_required(c))
            nreq++;
    }
    sqlx_jw_obj_end(&g->w);
    if (nreq > 0) {
        sqlx_jw_key(&g->w, "required");
        sqlx_jw_arr_begin(&g->w);
        sqlx_vec_foreach (&t->columns, const struct sqlx_column *, c)
            if (shape == ROW_READ ? !c->nullable : insert_required(c))
                sqlx_jw_str(&g->w, c->name);
        sqlx_jw_arr_end(&g->w);
    }
    if (shape != ROW_READ)
        kv_bool(g, "additionalProperties", false);
    sqlx_jw_obj_end(&g->w);
}

/* {type: object, required: [data], properties: {data: <value written by the caller>}} opening. */
static void data_wrapper_begin(struct gen *g)
{
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "object");
    str_array(g, "required", (const char *const[]){ "data" }, 1);
    sqlx_jw_key(&g->w, "properties");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "data");
}

static void data_wrapper_end(struct gen *g)
{
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

static void table_components(struct gen *g, const struct tinfo *ti)
{
    sqlx_jw_key(&g->w, ti->base);
    row_schema(g, ti, ROW_READ);
    if (ti->writable) {
        sqlx_jw_key(&g->w, sqlx_arena_printf(&g->a, "%sInsert", ti->base));
        row_schema(g, ti, ROW_INSERT);
        if (ti->pk_path) {
            sqlx_jw_key(&g->w, sqlx_arena_printf(&g->a, "%sUpdate", ti->base));
            row_schema(g, ti, ROW_UPDATE);
        }
    }
    sqlx_jw_key(&g->w, sqlx_arena_printf(&g->a, "%sList", ti->base));
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "object");
    str_array(g, "required", (const char *const[]){ "data", "pagination" }, 2);
    sqlx_jw_key(&g->w, "properties");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "data");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "array");
    ref(g, "items", "schemas", ti->base);
    sqlx_jw_obj_end(&g->w);
    ref(g, "pagination", "schemas", "Pagination");
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    if (ti->pk_path) {
        sqlx_jw_key(&g->w, sqlx_arena_printf(&g->a, "%sItem", ti->base));
        data_wrapper_begin(g);
        ref(g, NULL, "schemas", ti->base);
        data_wrapper_end(g);
    }
}

static void error_schema(struct gen *g)
{
    sqlx_jw_key(&g->w, "Error");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "object");
    kv_str(g, "description", "Every error response has this shape.");
    str_array(g, "required", (const char *const[]){ "error" }, 1);
    sqlx_jw_key(&g->w, "properties");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "error");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "object");
    str_array(g, "required", (const char *const[]){ "code", "message", "details", "hint" }, 4);
    sqlx_jw_key(&g->w, "properties");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "code");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "string");
    kv_str(g, "description",
           "Stable machine-readable code: invalid_parameter, unknown_column, invalid_json, "
           "invalid_body, not_found, method_not_allowed, conflict, foreign_key_violation, "
           "payload_too_large, unsupported_media_type, validation_failed, "
           "database_unavailable, and others.");
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_key(&g->w, "message");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "string");
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_key(&g->w, "details");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "description",
           "Structured detail (an object or an array, e.g. one {field, message} per invalid "
           "field) or null.");
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_key(&g->w, "hint");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "string");
    kv_bool(g, "nullable", true);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

static void int_prop(struct gen *g, const char *name, int64_t min, const char *desc)
{
    sqlx_jw_key(&g->w, name);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "integer");
    kv_str(g, "format", "int64");
    kv_int(g, "minimum", min);
    kv_str(g, "description", desc);
    sqlx_jw_obj_end(&g->w);
}

static void pagination_schema(struct gen *g)
{
    sqlx_jw_key(&g->w, "Pagination");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "object");
    str_array(g, "required", (const char *const[]){ "page", "limit", "total", "pages" }, 4);
    sqlx_jw_key(&g->w, "properties");
    sqlx_jw_obj_begin(&g->w);
    int_prop(g, "page", 1, "Page number, from 1 (offset / limit + 1 when offset is given).");
    int_prop(g, "limit", 1, "Rows per page.");
    int_prop(g, "total", 0, "Rows matching the filters.");
    int_prop(g, "pages", 0, "Pages at this limit.");
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

/* ---- components.parameters and components.responses ---- */

static void query_param(struct gen *g, const char *key, const char *name, const char *desc)
{
    sqlx_jw_key(&g->w, key);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "name", name);
    kv_str(g, "in", "query");
    kv_bool(g, "required", false);
    kv_str(g, "description", desc);
    sqlx_jw_key(&g->w, "schema");
    sqlx_jw_obj_begin(&g->w);
}

static void query_param_end(struct gen *g)
{
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

static void list_parameters(struct gen *g)
{
    query_param(g, "Page", "page", "Page number, from 1.");
    kv_str(g, "type", "integer");
    kv_int(g, "minimum", 1);
    kv_int(g, "default", 1);
    query_param_end(g);
    query_param(g, "Limit", "limit", "Rows per page.");
    kv_str(g, "type", "integer");
    kv_int(g, "minimum", 1);
    kv_int(g, "maximum", g->o.max_limit);
    kv_int(g, "default", g->o.default_limit);
    query_param_end(g);
    query_param(g, "Offset", "offset", "Rows to skip; when given it wins over `page`.");
    kv_str(g, "type", "integer");
    kv_int(g, "minimum", 0);
    query_param_end(g);
    query_param(g, "Sort", "sort",
                "Sort columns, comma-separated; `-col` sorts descending. Without it rows come in "
                "primary-key order.");
    kv_str(g, "type", "string");
    query_param_end(g);
    query_param(g, "Order", "order", "Direction for a single sort column.");
    kv_str(g, "type", "string");
    str_array(g, "enum", (const char *const[]){ "asc", "desc" }, 2);
    query_param_end(g);
    query_param(g, "Select", "select", "Columns to return, comma-separated.");
    kv_str(g, "type", "string");
    query_param_end(g);
    query_param(g, "Or", "or",
                sqlx_arena_printf(&g->a,
                                  "Conditions joined by OR: `(col.op.value,col.op.value,...)`. "
                                  "Each condition: %s",
                                  filter_help));
    kv_str(g, "type", "string");
    query_param_end(g);
}

/* One shared error response with an example body of the given code. */
static void error_response(struct gen *g, const char *key, const char *desc, const char *code,
                           const char *message)
{
    sqlx_jw_key(&g->w, key);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "description", desc);
    sqlx_jw_key(&g->w, "content");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "application/json");
    sqlx_jw_obj_begin(&g->w);
    ref(g, "schema", "schemas", "Error");
    sqlx_jw_key(&g->w, "example");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "error");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "code", code);
    kv_str(g, "message", message);
    sqlx_jw_key(&g->w, "details");
    sqlx_jw_null(&g->w);
    sqlx_jw_key(&g->w, "hint");
    sqlx_jw_null(&g->w);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

static void responses_component(struct gen *g)
{
    sqlx_jw_key(&g->w, "responses");
    sqlx_jw_obj_begin(&g->w);
    if (g->has_read) {
        error_response(g, "BadRequest",
                       "Malformed request: bad parameter, unknown column, invalid JSON or body.",
                       "invalid_parameter", "invalid value for parameter \"limit\"");
        error_response(g, "NotFound", "No such table, row or relation.", "not_found",
                       "row not found");
        error_response(g, "DatabaseUnavailable", "No database connection could be had.",
                       "database_unavailable", "database unavailable");
    }
    if (g->has_write) {
        error_response(g, "Conflict", "Unique, primary-key or foreign-key violation.", "conflict",
                       "duplicate key value violates unique constraint");
        error_response(g, "PayloadTooLarge", "Request body over the size limit.",
                       "payload_too_large", "request body too large");
        error_response(g, "UnsupportedMediaType", "Body without Content-Type: application/json.",
                       "unsupported_media_type", "content type must be application/json");
        error_response(g, "ValidationFailed",
                       "Values break column types, NOT NULL, maximum length or checks, or name "
                       "unknown columns.",
                       "validation_failed", "validation failed");
    }
    error_response(g, "TooManyRequests", "Rate limit exceeded (when rate limits are configured).",
                   "rate_limited", "too many requests");
    sqlx_jw_obj_end(&g->w);
}

static void components(struct gen *g)
{
    sqlx_jw_key(&g->w, "components");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "schemas");
    sqlx_jw_obj_begin(&g->w);
    error_schema(g);
    if (g->has_read)
        pagination_schema(g);
    for (size_t i = 0; i < g->nt; i++)
        if (!g->ti[i].skip)
            table_components(g, &g->ti[i]);
    sqlx_jw_obj_end(&g->w);
    if (g->has_read) {
        sqlx_jw_key(&g->w, "parameters");
        sqlx_jw_obj_begin(&g->w);
        list_parameters(g);
        sqlx_jw_obj_end(&g->w);
    }
    responses_component(g);
    sqlx_jw_obj_end(&g->w);
}

/* ---- operations ---- */

/* Opens an operation; id is final (from opid(), or reserved in advance for system routes). */
static void op_begin(struct gen *g, const char *method, const char *id, const char *tag,
                     const char *summary, const char *desc)
{
    sqlx_jw_key(&g->w, method);
    sqlx_jw_obj_begin(&g->w);
    str_array(g, "tags", &tag, 1);
    kv_str(g, "summary", summary);
    kv_str(g, "description", desc);
    kv_str(g, "operationId", id);
}

/* A free operationId based on want. */
static const char *opid(struct gen *g, const char *want)
{
    return claim(g, &g->opids, want);
}

static void resp_ref(struct gen *g, const char *status, const char *name)
{
    ref(g, status, "responses", name);
}

/* Closes "responses" after adding the given shared error responses, then the operation. */
static void op_end(struct gen *g, const char *const *errors)
{
    for (; *errors; errors += 2)
        resp_ref(g, errors[0], errors[1]);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

static const char *const read_errors[] = { "400", "BadRequest",      "404", "NotFound",
                                           "429", "TooManyRequests", "503", "DatabaseUnavailable",
                                           NULL };
static const char *const create_errors[] = {
    "400", "BadRequest",           "409", "Conflict",         "413", "PayloadTooLarge",
    "415", "UnsupportedMediaType", "422", "ValidationFailed", "429", "TooManyRequests",
    "503", "DatabaseUnavailable",  NULL
};
static const char *const update_errors[] = { "400", "BadRequest",
                                             "404", "NotFound",
                                             "409", "Conflict",
                                             "413", "PayloadTooLarge",
                                             "415", "UnsupportedMediaType",
                                             "422", "ValidationFailed",
                                             "429", "TooManyRequests",
                                             "503", "DatabaseUnavailable",
                                             NULL };
static const char *const delete_errors[] = {
    "400", "BadRequest",          "404", "NotFound", "409", "Conflict", "429", "TooManyRequests",
    "503", "DatabaseUnavailable", NULL
};

/* Opens "responses" with a 2xx whose body is a reference to a component schema. */
static void responses_begin(struct gen *g, const char *status, const char *desc, const char *schema)
{
    sqlx_jw_key(&g->w, "responses");
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, status);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "description", desc);
    if (schema)
        json_content_ref(g, schema);
}

/* "parameters" of a list: the shared ones, then one filter per column of the listed table. */
static void list_params_of(struct gen *g, const struct sqlx_table *t)
{
    const struct sqlx_column *c;
    sqlx_jw_key(&g->w, "parameters");
    sqlx_jw_arr_begin(&g->w);
    for (size_t i = 0; i < NLIST_PARAMS; i++)
        ref(g, NULL, "parameters", list_param_refs[i]);
    sqlx_vec_foreach (&t->columns, const struct sqlx_column *, c) {
        bool reserved = false;
        for (size_t i = 0; i < NLIST_PARAMS; i++)
            reserved = reserved || strcmp(c->name, list_params[i]) == 0;
        if (reserved)
            continue;
        sqlx_jw_obj_begin(&g->w);
        kv_str(g, "name", c->name);
        kv_str(g, "in", "query");
        kv_bool(g, "required", false);
        kv_str(g, "description",
               sqlx_arena_printf(&g->a, "Filter on column `%s`: %s", c->name, filter_help));
        sqlx_jw_key(&g->w, "schema");
        sqlx_jw_obj_begin(&g->w);
        kv_str(g, "type", "string");
        sqlx_jw_obj_end(&g->w);
        sqlx_jw_obj_end(&g->w);
    }
    sqlx_jw_arr_end(&g->w);
}

static void op_list(struct gen *g, const struct tinfo *ti)
{
    const char *name = ti->t->name;
    op_begin(g, "get", opid(g, sqlx_arena_printf(&g->a, "list%s", ti->base)), name,
             sqlx_arena_printf(&g->a, "List rows of %s", name),
             "Pages through the rows with filters, sorting and column selection (docs/api.md).");
    list_params_of(g, ti->t);
    responses_begin(g, "200", "One page of rows.", sqlx_arena_printf(&g->a, "%sList", ti->base));
    sqlx_jw_obj_end(&g->w);
    op_end(g, read_errors);
}

static void op_create(struct gen *g, const struct tinfo *ti)
{
    const char *name = ti->t->name;
    const char *insert = sqlx_arena_printf(&g->a, "%sInsert", ti->base);
    op_begin(g, "post", opid(g, sqlx_arena_printf(&g->a, "create%s", ti->one)), name,
             sqlx_arena_printf(&g->a, "Insert rows into %s", name),
             "Inserts one object, or an array of objects in one all-or-nothing transaction.");
    sqlx_jw_key(&g->w, "requestBody");
    sqlx_jw_obj_begin(&g->w);
    kv_bool(g, "required", true);
    json_content_begin(g);
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "oneOf");
    sqlx_jw_arr_begin(&g->w);
    ref(g, NULL, "schemas", insert);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "array");
    kv_int(g, "minItems", 1);
    ref(g, "items", "schemas", insert);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_arr_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    json_content_end(g);
    sqlx_jw_obj_end(&g->w);
    responses_begin(g, "201", "The inserted row, or rows for an array body.", NULL);
    json_content_begin(g);
    data_wrapper_begin(g);
    sqlx_jw_obj_begin(&g->w);
    sqlx_jw_key(&g->w, "oneOf");
    sqlx_jw_arr_begin(&g->w);
    ref(g, NULL, "schemas", ti->base);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "array");
    ref(g, "items", "schemas", ti->base);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_arr_end(&g->w);
    sqlx_jw_obj_end(&g->w);
    data_wrapper_end(g);
    json_content_end(g);
    sqlx_jw_obj_end(&g->w);
    op_end(g, create_errors);
}

/* The operations on /{t}/{pk}: method, operationId verb, summary, description, request body
 * schema suffix (NULL: none), shared error responses. */
struct item_op {
    const char *method;        /* lower-case HTTP method */
    const char *verb;          /* operationId prefix */
    const char *summary;       /* followed by the table name */
    const char *desc;          /* operation description */
    const char *body;          /* "Insert" or "Update" component suffix, or NULL */
    const char *const *errors; /* status, response name pairs, NULL-terminated */
};

static const struct item_op item_ops[] = {
    { "get", "get", "Get a row of", "The row with this primary key.", NULL, read_errors },
    { "put", "replace", "Replace a row of",
      "Writes every writable column: absent nullable columns become NULL, absent columns with a "
      "default keep their value. Key values in the body must match the path.",
      "Insert", update_errors },
    { "patch", "update", "Update a row of",
      "Updates the given columns only. Key values in the body must match the path.", "Update",
      update_errors },
    { "delete", "delete", "Delete a row of", "Deletes the row and returns it.", NULL,
      delete_errors },
};

static void op_item(struct gen *g, const struct tinfo *ti, const struct item_op *op)
{
    const char *name = ti->t->name;
    op_begin(g, op->method, opid(g, sqlx_arena_printf(&g->a, "%s%s", op->verb, ti->one)), name,
             sqlx_arena_printf(&g->a, "%s %s", op->summary, name), op->desc);
    if (op->body) {
        sqlx_jw_key(&g->w, "requestBody");
        sqlx_jw_obj_begin(&g->w);
        kv_bool(g, "required", true);
        json_content_ref(g, sqlx_arena_printf(&g->a, "%s%s", ti->base, op->body));
        sqlx_jw_obj_end(&g->w);
    }
    responses_begin(g, "200", "The row.", sqlx_arena_printf(&g->a, "%sItem", ti->base));
    sqlx_jw_obj_end(&g->w);
    op_end(g, op->errors);
}

/* The path parameter of the primary key, as a path-level "parameters" array. */
static void pk_parameters(struct gen *g, const struct tinfo *ti)
{
    const struct sqlx_table *t = ti->t;
    sqlx_jw_key(&g->w, "parameters");
    sqlx_jw_arr_begin(&g->w);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "name", ti->pk_param);
    kv_str(g, "in", "path");
    kv_bool(g, "required", true);
    if (t->npk == 1) {
        kv_str(g, "description", sqlx_arena_printf(&g->a, "Primary key `%s`.", t->pk[0]->name));
        sqlx_jw_key(&g->w, "schema");
        column_schema(g, t->pk[0], false, false);
    } else {
        struct sqlx_buf b;
        sqlx_buf_init(&b, 0);
        sqlx_buf_puts(&b, "Composite primary key: the values of ");
        for (size_t i = 0; i < t->npk; i++)
            sqlx_buf_printf(&b, "%s`%s`", i ? ", " : "", t->pk[i]->name);
        sqlx_buf_puts(&b, ", comma-separated in key order (e.g. `3,17`).");
        kv_str(g, "description", b.data);
        sqlx_buf_free(&b);
        sqlx_jw_key(&g->w, "schema");
        sqlx_jw_obj_begin(&g->w);
        kv_str(g, "type", "string");
        sqlx_jw_obj_end(&g->w);
    }
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_arr_end(&g->w);
}

/* ---- relation paths ---- */

/* Does table `rel` (a name or route) have a foreign key to t? Then /{t}/{pk}/{rel} lists its
 * rows (rule 1 of docs/api.md), so the name cannot reach a parent. */
static bool names_child(struct gen *g, const struct sqlx_table *t, const char *rel)
{
    const struct sqlx_table *c = sqlx_schema_table(g->s, rel);
    const struct sqlx_fkey *fk;
    if (!c)
        return false;
    sqlx_vec_foreach (&c->fkeys, const struct sqlx_fkey *, fk)
        if (sqlx_schema_table(g->s, fk->ref_table) == t)
            return true;
    return false;
}

static void child_path(struct gen *g, const struct tinfo *ti, const struct sqlx_fkey *fk)
{
    struct tinfo *ci = find_info(g, fk->table);
    if (!ci)
        return;
    const char *path = join_path(g, ti->pk_path, ci->t->route);
    if (sqlx_map_has(&g->paths, path))
        return; /* a second foreign key from the same child: same route */
    sqlx_map_put(&g->paths, path, g);
    sqlx_jw_key(&g->w, path);
    sqlx_jw_obj_begin(&g->w);
    pk_parameters(g, ti);
    op_begin(g, "get", opid(g, sqlx_arena_printf(&g->a, "list%s%s", ti->one, ci->base)),
             ti->t->name,
             sqlx_arena_printf(&g->a, "List %s rows of a %s row", ci->t->name, ti->t->name),
             sqlx_arena_printf(&g->a,
                               "Rows of `%s` whose foreign key points at this row; takes the "
                               "same parameters as the list of `%s`.",
                               ci->t->name, ci->t->name));
    list_params_of(g, ci->t);
    responses_begin(g, "200", "One page of child rows.",
                    sqlx_arena_printf(&g->a, "%sList", ci->base));
    sqlx_jw_obj_end(&g->w);
    op_end(g, read_errors);
    sqlx_jw_obj_end(&g->w);
}

/* The relation segment for a parent: "user" for user_id, else the column, else the parent's
 * route, whichever rule 2 of docs/api.md resolves to this key and is still free. */
static const char *parent_path(struct gen *g, const struct tinfo *ti, const struct sqlx_fkey *fk,
                               const struct tinfo *pi)
{
    const char *cand[3];
    size_t n = 0;
    if (fk->ncolumns == 1) {
        const char *col = fk->columns[0];
        size_t len = strlen(col);
        if (len > 3 && ends_with(col, len, "_id"))
            cand[n++] = sqlx_arena_strndup(&g->a, col, len - 3);
        cand[n++] = col;
    }
    cand[n++] = pi->t->route;
    for (size_t i = 0; i < n; i++) {
        if (names_child(g, ti->t, cand[i]))
            continue;
        const char *path = join_path(g, ti->pk_path, cand[i]);
        if (!sqlx_map_has(&g->paths, path)) {
            sqlx_map_put(&g->paths, path, g);
            return path;
        }
    }
    return NULL;
}

static bool fk_nullable(const struct sqlx_table *t, const struct sqlx_fkey *fk)
{
    for (size_t i = 0; i < fk->ncolumns; i++) {
        const struct sqlx_column *c = sqlx_table_column(t, fk->columns[i]);
        if (!c || c->nullable)
            return true;
    }
    return false;
}

static void parent_op(struct gen *g, const struct tinfo *ti, const struct sqlx_fkey *fk,
                      const struct tinfo *pi, const char *path)
{
    const char *seg = strrchr(path, '/') + 1;
    bool nullable = fk_nullable(ti->t, fk);
    sqlx_jw_key(&g->w, path);
    sqlx_jw_obj_begin(&g->w);
    pk_parameters(g, ti);
    op_begin(g, "get",
             opid(g, sqlx_arena_printf(&g->a, "get%s%s", ti->one, pascal_name(&g->a, seg))),
             ti->t->name,
             sqlx_arena_printf(&g->a, "Get the %s row of a %s row", pi->t->name, ti->t->name),
             sqlx_arena_printf(&g->a, "The `%s` row this row's foreign key points at%s.",
                               pi->t->name, nullable ? "; data is null when the key is NULL" : ""));
    responses_begin(g, "200", "The referenced row.", NULL);
    json_content_begin(g);
    data_wrapper_begin(g);
    if (nullable) {
        sqlx_jw_obj_begin(&g->w);
        kv_str(g, "type", "object");
        kv_bool(g, "nullable", true);
        sqlx_jw_key(&g->w, "allOf");
        sqlx_jw_arr_begin(&g->w);
        ref(g, NULL, "schemas", pi->base);
        sqlx_jw_arr_end(&g->w);
        sqlx_jw_obj_end(&g->w);
    } else {
        ref(g, NULL, "schemas", pi->base);
    }
    data_wrapper_end(g);
    json_content_end(g);
    sqlx_jw_obj_end(&g->w);
    op_end(g, read_errors);
    sqlx_jw_obj_end(&g->w);
}

static void relation_paths(struct gen *g, const struct tinfo *ti)
{
    const struct sqlx_fkey *fk;
    sqlx_vec_foreach (&ti->t->referenced_by, const struct sqlx_fkey *, fk)
        child_path(g, ti, fk);
    sqlx_vec_foreach (&ti->t->fkeys, const struct sqlx_fkey *, fk) {
        const struct tinfo *pi = find_info(g, fk->ref_table);
        const char *path = pi ? parent_path(g, ti, fk, pi) : NULL;
        if (path)
            parent_op(g, ti, fk, pi, path);
    }
}

/* ---- system paths ---- */

static void system_op(struct gen *g, const char *path, const char *id, const char *summary,
                      const char *desc, bool health)
{
    static const char *const errors[] = { "429", "TooManyRequests", NULL };
    sqlx_jw_key(&g->w, path);
    sqlx_jw_obj_begin(&g->w);
    op_begin(g, "get", id, g->sys_tag, summary, desc);
    responses_begin(g, "200", health ? "The database answers." : "This document.", NULL);
    json_content_begin(g);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "type", "object");
    if (health) {
        str_array(g, "required", (const char *const[]){ "status" }, 1);
        sqlx_jw_key(&g->w, "properties");
        sqlx_jw_obj_begin(&g->w);
        sqlx_jw_key(&g->w, "status");
        sqlx_jw_obj_begin(&g->w);
        kv_str(g, "type", "string");
        str_array(g, "enum", (const char *const[]){ "ok" }, 1);
        sqlx_jw_obj_end(&g->w);
        sqlx_jw_obj_end(&g->w);
    }
    sqlx_jw_obj_end(&g->w);
    json_content_end(g);
    sqlx_jw_obj_end(&g->w);
    if (health) {
        sqlx_jw_key(&g->w, "503");
        sqlx_jw_obj_begin(&g->w);
        kv_str(g, "description", "The database does not answer.");
        sqlx_jw_obj_end(&g->w);
    }
    op_end(g, errors);
    sqlx_jw_obj_end(&g->w);
}

static void paths(struct gen *g)
{
    sqlx_jw_key(&g->w, "paths");
    sqlx_jw_obj_begin(&g->w);
    for (size_t i = 0; i < g->nt; i++) {
        const struct tinfo *ti = &g->ti[i];
        if (ti->skip)
            continue;
        sqlx_jw_key(&g->w, ti->list_path);
        sqlx_jw_obj_begin(&g->w);
        op_list(g, ti);
        if (ti->writable)
            op_create(g, ti);
        sqlx_jw_obj_end(&g->w);
        if (!ti->pk_path)
            continue;
        sqlx_jw_key(&g->w, ti->pk_path);
        sqlx_jw_obj_begin(&g->w);
        pk_parameters(g, ti);
        for (size_t k = 0; k < sizeof item_ops / sizeof item_ops[0]; k++)
            if (k == 0 || ti->writable)
                op_item(g, ti, &item_ops[k]);
        sqlx_jw_obj_end(&g->w);
    }
    /* Relations after every table's own paths, so those keep their names. */
    for (size_t i = 0; i < g->nt; i++)
        if (!g->ti[i].skip && g->ti[i].pk_path)
            relation_paths(g, &g->ti[i]);
    system_op(g, "/healthz", "getHealth", "Health check",
              "Answers 200 when the database answers a trivial query, 503 otherwise.", true);
    system_op(g, "/openapi.json", "getOpenApi", "This OpenAPI document",
              "The OpenAPI 3.0.3 description of every route, generated from the schema.", false);
    sqlx_jw_obj_end(&g->w);
}

/* ---- the document ---- */

/* Names, routes and key parameters of every table, before anything is written. */
static void plan_table(struct gen *g, struct tinfo *ti, const struct sqlx_table *t)
{
    ti->t = t;
    ti->writable = t->kind == SQLX_REL_TABLE;
    ti->list_path = join_path(g, NULL, t->route ? t->route : t->name);
    if (sqlx_map_has(&g->paths, ti->list_path))
        ti->list_path = join_path(g, NULL, t->name);
    if (sqlx_map_has(&g->paths, ti->list_path)) {
        ti->skip = true;
        return;
    }
    sqlx_map_put(&g->paths, ti->list_path, g);
    const char *want = pascal_name(&g->a, t->name), *base = want;
    for (int n = 2;; n++) {
        bool free_all = true;
        for (size_t i = 0; i < NSUFFIXES && free_all; i++)
            free_all = !sqlx_map_has(&g->names,
                                     sqlx_arena_printf(&g->a, "%s%s", base, schema_suffixes[i]));
        if (free_all)
            break;
        base = sqlx_arena_printf(&g->a, "%s%d", want, n);
    }
    for (size_t i = 0; i < NSUFFIXES; i++)
        sqlx_map_put(&g->names, sqlx_arena_printf(&g->a, "%s%s", base, schema_suffixes[i]), g);
    ti->base = base;
    ti->one = singular(&g->a, base);
    sqlx_map_put(&g->tags, t->name, g);
    g->has_read = true;
    g->has_write = g->has_write || ti->writable;
    if (t->npk == 0)
        return;
    ti->pk_param = "pk";
    if (t->npk == 1) {
        const char *col = t->pk[0]->name;
        bool plain = col[0] != '\0';
        for (const char *p = col; *p; p++)
            plain = plain && is_name_char(*p);
        if (plain)
            ti->pk_param = col;
    }
    ti->pk_path = sqlx_arena_printf(&g->a, "%s/{%s}", ti->list_path, ti->pk_param);
    sqlx_map_put(&g->paths, ti->pk_path, g);
}

static void plan(struct gen *g)
{
    static const char *const reserved[] = { "Error", "Pagination" };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        sqlx_map_put(&g->names, reserved[i], g);
    for (size_t i = 0; i < sizeof system_paths / sizeof system_paths[0]; i++)
        sqlx_map_put(&g->paths, system_paths[i], g);
    sqlx_map_put(&g->opids, "getHealth", g);
    sqlx_map_put(&g->opids, "getOpenApi", g);
    g->nt = g->s->tables.len;
    g->ti = sqlx_arena_zalloc(&g->a, (g->nt ? g->nt : 1) * sizeof *g->ti);
    for (size_t i = 0; i < g->nt; i++)
        plan_table(g, &g->ti[i], sqlx_vec_get(&g->s->tables, i));
    g->sys_tag = claim(g, &g->tags, "system");
}

static void info(struct gen *g)
{
    sqlx_jw_key(&g->w, "info");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "title", g->o.title);
    kv_str(g, "version", g->o.version);
    kv_str(g, "description",
           "REST API generated by SQLx OS from the database schema. Every table and view has a "
           "list route with paging, sorting, column selection and filters; tables take inserts "
           "and, with a primary key, reads, replaces, updates and deletes by key; views are "
           "read-only. Foreign keys give relation routes both ways. Decimal columns are JSON "
           "numbers. Errors share one shape: {\"error\": {code, message, details, hint}}.");
    sqlx_jw_key(&g->w, "license");
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "name", g->o.license_name);
    if (g->o.license_url)
        kv_str(g, "url", g->o.license_url);
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_obj_end(&g->w);
}

static void servers_and_tags(struct gen *g)
{
    sqlx_jw_key(&g->w, "servers");
    sqlx_jw_arr_begin(&g->w);
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "url", g->o.server_url ? g->o.server_url : "/");
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_arr_end(&g->w);
    /* No authentication is described: the document states an open API. */
    sqlx_jw_key(&g->w, "security");
    sqlx_jw_arr_begin(&g->w);
    sqlx_jw_arr_end(&g->w);
    sqlx_jw_key(&g->w, "tags");
    sqlx_jw_arr_begin(&g->w);
    for (size_t i = 0; i < g->nt; i++) {
        const struct sqlx_table *t = g->ti[i].t;
        if (g->ti[i].skip)
            continue;
        sqlx_jw_obj_begin(&g->w);
        kv_str(g, "name", t->name);
        kv_str(g, "description",
               sqlx_arena_printf(&g->a, "%s `%s`%s.", t->kind == SQLX_REL_VIEW ? "View" : "Table",
                                 t->name, t->kind == SQLX_REL_VIEW ? " (read-only)" : ""));
        sqlx_jw_obj_end(&g->w);
    }
    sqlx_jw_obj_begin(&g->w);
    kv_str(g, "name", g->sys_tag);
    kv_str(g, "description", "Health and description of the service.");
    sqlx_jw_obj_end(&g->w);
    sqlx_jw_arr_end(&g->w);
}

static void fill_opts(struct sqlx_openapi_opts *d, const struct sqlx_openapi_opts *o)
{
    if (o)
        *d = *o;
    else
        memset(d, 0, sizeof *d);
    if (!d->title)
        d->title = "SQLx OS API";
    if (!d->version)
        d->version = "0.0.0";
    if (d->max_limit <= 0)
        d->max_limit = 1000;
    if (d->default_limit <= 0)
        d->default_limit = 20;
    if (d->default_limit > d->max_limit)
        d->default_limit = d->max_limit;
    if (!d->license_name)
        d->license_name = "Proprietary";
}

void sqlx_api_openapi(const struct sqlx_schema *s, const struct sqlx_openapi_opts *o,
                      struct sqlx_buf *out)
{
    struct gen g;
    memset(&g, 0, sizeof g);
    g.s = s;
    fill_opts(&g.o, o);
    sqlx_arena_init(&g.a, 0);
    sqlx_map_init(&g.names, false);
    sqlx_map_init(&g.opids, false);
    sqlx_map_init(&g.paths, false);
    sqlx_map_init(&g.tags, false);
    plan(&g);
    sqlx_jw_init(&g.w, out, g.o.pretty);
    sqlx_jw_obj_begin(&g.w);
    kv_str(&g, "openapi", "3.0.3");
    info(&g);
    servers_and_tags(&g);
    paths(&g);
    components(&g);
    sqlx_jw_obj_end(&g.w);
    sqlx_map_free(&g.tags);
    sqlx_map_free(&g.paths);
    sqlx_map_free(&g.opids);
    sqlx_map_free(&g.names);
    sqlx_arena_free(&g.a);
}
