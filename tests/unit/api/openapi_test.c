/* Tests for src/api/openapi.c: builds small schemas in code, generates the document, parses it
 * with jansson and checks paths, parameters, component schemas and operation ids. With
 * SQLX_OPENAPI_OUT=path set, the demo-like document is also saved there for the external
 * validators (tests/openapi/). */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/openapi.h"
#include "core/buf.h"
#include "schema/model.h"

/* ---- schema builders ---- */

static struct sqlx_column *col(struct sqlx_schema *s, struct sqlx_table *t, const char *name,
                               enum sqlx_tkind kind, bool nullable)
{
    struct sqlx_column *c = sqlx_table_add_column(s, t, name);
    c->type = sqlx_type_make(kind);
    c->nullable = nullable;
    return c;
}

static struct sqlx_column *int_col(struct sqlx_schema *s, struct sqlx_table *t, const char *name,
                                   int bits, bool is_unsigned, bool nullable)
{
    struct sqlx_column *c = col(s, t, name, SQLX_T_INTEGER, nullable);
    c->type.bits = bits;
    c->type.is_unsigned = is_unsigned;
    return c;
}

static void fkey(struct sqlx_schema *s, struct sqlx_table *t, const char *column,
                 const char *ref_table, const char *ref_column)
{
    struct sqlx_fkey *f = sqlx_table_add_fkey(s, t, NULL, ref_table, 1);
    f->columns[0] = sqlx_arena_strdup(&s->arena, column);
    f->ref_columns[0] = sqlx_arena_strdup(&s->arena, ref_column);
}

static void users_table(struct sqlx_schema *s)
{
    struct sqlx_table *t = sqlx_schema_add_table(s, "users", SQLX_REL_TABLE);
    struct sqlx_column *c = int_col(s, t, "id", 64, false, false);
    c->pk_position = 1;
    c->autoincrement = true;
    c->declared_type = "INTEGER";
    c = col(s, t, "email", SQLX_T_STRING, false);
    c->type.max_len = 255;
    col(s, t, "name", SQLX_T_STRING, true);
    int_col(s, t, "age", 8, false, true);
    int_col(s, t, "visits", 32, true, false)->default_sql = "0";
    col(s, t, "active", SQLX_T_BOOL, false)->default_sql = "1";
    c = col(s, t, "balance", SQLX_T_DECIMAL, true);
    c->type.precision = 10;
    c->type.scale = 2;
    col(s, t, "score", SQLX_T_FLOAT, true)->type.bits = 32;
    col(s, t, "avatar", SQLX_T_BYTES, true)->type.max_len = 30;
    col(s, t, "born", SQLX_T_DATE, true);
    col(s, t, "wakes", SQLX_T_TIME, true);
    col(s, t, "created", SQLX_T_TIMESTAMP, false)->default_sql = "CURRENT_TIMESTAMP";
    col(s, t, "meta", SQLX_T_JSON, true);
    col(s, t, "uid", SQLX_T_UUID, true);
    c = col(s, t, "role", SQLX_T_ENUM, true);
    c->type.enum_values = sqlx_arena_zalloc(&s->arena, 3 * sizeof(char *));
    c->type.enum_values[0] = "admin";
    c->type.enum_values[1] = "user";
    c->type.n_enum = 2;
    col(s, t, "page", SQLX_T_STRING, true); /* shares the name of a list parameter */
    col(s, t, "extra", SQLX_T_UNKNOWN, true);
}

/* users, orders (two keys to users), order_items (composite key), user_stats (view), logs (no
 * primary key), error (a name the document itself uses). */
static struct sqlx_schema *demo_schema(void)
{
    struct sqlx_schema *s = sqlx_schema_new();
    users_table(s);

    struct sqlx_table *t = sqlx_schema_add_table(s, "orders", SQLX_REL_TABLE);
    int_col(s, t, "id", 64, false, false)->pk_position = 1;
    int_col(s, t, "user_id", 64, false, false);
    int_col(s, t, "reviewer_id", 64, false, true);
    col(s, t, "note", SQLX_T_STRING, true);
    fkey(s, t, "user_id", "users", "id");
    fkey(s, t, "reviewer_id", "users", "id");

    t = sqlx_schema_add_table(s, "order_items", SQLX_REL_TABLE);
    int_col(s, t, "order_id", 32, false, false)->pk_position = 1;
    int_col(s, t, "product_id", 32, false, false)->pk_position = 2;
    int_col(s, t, "qty", 32, false, false);
    fkey(s, t, "order_id", "orders", "id");

    t = sqlx_schema_add_table(s, "user_stats", SQLX_REL_VIEW);
    int_col(s, t, "user_id", 64, false, true);
    int_col(s, t, "orders", 64, false, true);
    t->view_sql = "SELECT 1";

    t = sqlx_schema_add_table(s, "logs", SQLX_REL_TABLE);
    col(s, t, "msg", SQLX_T_STRING, false);

    t = sqlx_schema_add_table(s, "error", SQLX_REL_TABLE);
    int_col(s, t, "id", 64, false, false)->pk_position = 1;

    sqlx_schema_publish(s);
    return s;
}

/* ---- document access ---- */

static json_t *generate(const struct sqlx_schema *s, const struct sqlx_openapi_opts *o)
{
    struct sqlx_buf out;
    json_error_t jerr;
    sqlx_buf_init(&out, 0);
    sqlx_api_openapi(s, o, &out);
    cr_assert(!out.failed);
    json_t *doc = json_loadb(out.data, out.len, 0, &jerr);
    cr_assert_not_null(doc, "document is not JSON: %s at line %d", jerr.text, jerr.line);
    sqlx_buf_free(&out);
    return doc;
}

/* Follows object keys (NULL-terminated list); NULL when any is missing. */
static json_t *at(json_t *v, ...)
{
    va_list ap;
    va_start(ap, v);
    for (const char *k = va_arg(ap, const char *); k && v; k = va_arg(ap, const char *))
        v = json_object_get(v, k);
    va_end(ap);
    return v;
}

static const char *str_at(json_t *v)
{
    cr_assert_not_null(v);
    cr_assert(json_is_string(v));
    return json_string_value(v);
}

static bool array_has(json_t *arr, const char *s)
{
    size_t i;
    json_t *e;
    json_array_foreach(arr, i, e) if (json_is_string(e) &&
                                      strcmp(json_string_value(e), s) == 0) return true;
    return false;
}

/* The inline (non-$ref) parameter with this name, or NULL; counts every such parameter. */
static json_t *param(json_t *params, const char *name, int *count)
{
    size_t i;
    json_t *p, *found = NULL;
    *count = 0;
    json_array_foreach(params, i, p)
    {
        json_t *n = json_object_get(p, "name");
        if (n && strcmp(json_string_value(n), name) == 0) {
            (*count)++;
            found = p;
        }
    }
    return found;
}

static json_t *demo_doc(void)
{
    struct sqlx_schema *s = demo_schema();
    struct sqlx_openapi_opts o = { .title = "SQLx OS API: test",
                                   .version = "1.2.3",
                                   .max_limit = 500,
                                   .default_limit = 25,
                                   .pretty = true };
    json_t *doc = generate(s, &o);
    const char *save = getenv("SQLX_OPENAPI_OUT");
    if (save && *save) {
        struct sqlx_buf out;
        sqlx_buf_init(&out, 0);
        sqlx_api_openapi(s, &o, &out);
        FILE *f = fopen(save, "w");
        cr_assert_not_null(f, "cannot write %s", save);
        cr_assert_eq(fwrite(out.data, 1, out.len, f), out.len);
        cr_assert_eq(fclose(f), 0);
        sqlx_buf_free(&out);
    }
    sqlx_schema_free(s);
    return doc;
}

/* ---- tests ---- */

Test(openapi, header_and_info)
{
    json_t *doc = demo_doc();
    cr_assert_str_eq(str_at(at(doc, "openapi", NULL)), "3.0.3");
    cr_assert_str_eq(str_at(at(doc, "info", "title", NULL)), "SQLx OS API: test");
    cr_assert_str_eq(str_at(at(doc, "info", "version", NULL)), "1.2.3");
    cr_assert_not_null(at(doc, "info", "license", "name", NULL));
    cr_assert_str_eq(str_at(json_object_get(json_array_get(at(doc, "servers", NULL), 0), "url")),
                     "/");
    json_decref(doc);
}

Test(openapi, defaults_without_options)
{
    struct sqlx_schema *s = demo_schema();
    json_t *doc = generate(s, NULL);
    cr_assert_str_eq(str_at(at(doc, "info", "title", NULL)), "SQLx OS API");
    json_t *limit = at(doc, "components", "parameters", "Limit", "schema", NULL);
    cr_assert_eq(json_integer_value(json_object_get(limit, "maximum")), 1000);
    cr_assert_eq(json_integer_value(json_object_get(limit, "default")), 20);
    json_decref(doc);
    sqlx_schema_free(s);
}

Test(openapi, pretty_and_compact_are_the_same_document)
{
    struct sqlx_schema *s = demo_schema();
    struct sqlx_openapi_opts o = { .pretty = true };
    json_t *a = generate(s, &o);
    o.pretty = false;
    json_t *b = generate(s, &o);
    cr_assert(json_equal(a, b));
    json_decref(a);
    json_decref(b);
    sqlx_schema_free(s);
}

Test(openapi, table_paths_and_methods)
{
    json_t *doc = demo_doc();
    json_t *paths = json_object_get(doc, "paths");
    json_t *users = json_object_get(paths, "/users");
    cr_assert_not_null(json_object_get(users, "get"));
    cr_assert_not_null(json_object_get(users, "post"));
    json_t *one = json_object_get(paths, "/users/{id}");
    cr_assert_not_null(one, "single-column key path named after the column");
    const char *methods[] = { "get", "put", "patch", "delete" };
    for (size_t i = 0; i < 4; i++)
        cr_assert_not_null(json_object_get(one, methods[i]), "missing %s", methods[i]);
    cr_assert_not_null(json_object_get(paths, "/healthz"));
    cr_assert_not_null(json_object_get(paths, "/openapi.json"));
    /* No key: list and insert only. */
    cr_assert_not_null(at(paths, "/logs", "post", NULL));
    const char *k;
    json_t *v;
    json_object_foreach(paths, k, v)
        cr_assert(strncmp(k, "/logs/", 6) != 0, "unexpected path %s", k);
    json_decref(doc);
}

Test(openapi, composite_key_is_one_pk_parameter)
{
    json_t *doc = demo_doc();
    json_t *item = at(doc, "paths", "/order-items/{pk}", NULL);
    cr_assert_not_null(item);
    json_t *params = json_object_get(item, "parameters");
    int n;
    json_t *p = param(params, "pk", &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(str_at(json_object_get(p, "in")), "path");
    cr_assert(json_is_true(json_object_get(p, "required")));
    cr_assert_not_null(strstr(str_at(json_object_get(p, "description")), "comma-separated"));
    cr_assert_str_eq(str_at(at(p, "schema", "type", NULL)), "string");
    /* Single-column key: typed like the column. */
    p = param(at(doc, "paths", "/users/{id}", "parameters", NULL), "id", &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(str_at(at(p, "schema", "type", NULL)), "integer");
    cr_assert_str_eq(str_at(at(p, "schema", "format", NULL)), "int64");
    json_decref(doc);
}

Test(openapi, views_are_read_only)
{
    json_t *doc = demo_doc();
    json_t *view = at(doc, "paths", "/user-stats", NULL);
    cr_assert_not_null(view);
    cr_assert_not_null(json_object_get(view, "get"));
    cr_assert_eq(json_object_size(view), 1, "a view has only GET");
    json_t *schemas = at(doc, "components", "schemas", NULL);
    cr_assert_not_null(json_object_get(schemas, "UserStats"));
    cr_assert_null(json_object_get(schemas, "UserStatsInsert"));
    cr_assert_null(json_object_get(schemas, "UserStatsUpdate"));
    const char *k;
    json_t *v;
    json_object_foreach(at(doc, "paths", NULL), k, v)
        cr_assert(strncmp(k, "/user-stats/", 12) != 0, "unexpected path %s", k);
    json_decref(doc);
}

Test(openapi, row_schema_required_and_nullable)
{
    json_t *doc = demo_doc();
    json_t *users = at(doc, "components", "schemas", "Users", NULL);
    json_t *req = json_object_get(users, "required");
    cr_assert(array_has(req, "id"));
    cr_assert(array_has(req, "email"));
    cr_assert(array_has(req, "created"));
    cr_assert(!array_has(req, "name"));
    cr_assert(json_is_true(at(users, "properties", "name", "nullable", NULL)));
    cr_assert_null(at(users, "properties", "email", "nullable", NULL));
    cr_assert_eq(json_integer_value(at(users, "properties", "email", "maxLength", NULL)), 255);

    json_t *ins = at(doc, "components", "schemas", "UsersInsert", NULL);
    req = json_object_get(ins, "required");
    cr_assert_eq(json_array_size(req), 1, "only email must be given on insert");
    cr_assert(array_has(req, "email"));
    cr_assert(json_is_false(json_object_get(ins, "additionalProperties")));
    json_t *upd = at(doc, "components", "schemas", "UsersUpdate", NULL);
    cr_assert_not_null(upd);
    cr_assert_null(json_object_get(upd, "required"));
    json_decref(doc);
}

Test(openapi, column_types)
{
    json_t *doc = demo_doc();
    json_t *p = at(doc, "components", "schemas", "Users", "properties", NULL);
    cr_assert_str_eq(str_at(at(p, "id", "format", NULL)), "int64");
    cr_assert_str_eq(str_at(at(p, "age", "format", NULL)), "int32");
    cr_assert_eq(json_integer_value(at(p, "age", "minimum", NULL)), -128);
    cr_assert_eq(json_integer_value(at(p, "age", "maximum", NULL)), 127);
    cr_assert_str_eq(str_at(at(p, "visits", "format", NULL)), "int64");
    cr_assert_eq(json_integer_value(at(p, "visits", "minimum", NULL)), 0);
    cr_assert_eq(json_integer_value(at(p, "visits", "maximum", NULL)), 4294967295LL);
    cr_assert_str_eq(str_at(at(p, "balance", "type", NULL)), "number");
    cr_assert_str_eq(str_at(at(p, "score", "format", NULL)), "float");
    cr_assert_str_eq(str_at(at(p, "active", "type", NULL)), "boolean");
    cr_assert_str_eq(str_at(at(p, "avatar", "format", NULL)), "byte");
    cr_assert_eq(json_integer_value(at(p, "avatar", "maxLength", NULL)), 40);
    cr_assert_str_eq(str_at(at(p, "born", "format", NULL)), "date");
    cr_assert_not_null(at(p, "wakes", "pattern", NULL));
    cr_assert_str_eq(str_at(at(p, "created", "format", NULL)), "date-time");
    cr_assert_str_eq(str_at(at(p, "uid", "format", NULL)), "uuid");
    cr_assert_null(at(p, "meta", "type", NULL), "json columns take any value");
    cr_assert_null(at(p, "meta", "nullable", NULL), "nullable needs a type in OpenAPI 3.0");
    cr_assert_null(at(p, "extra", "type", NULL));
    json_t *e = at(p, "role", "enum", NULL);
    cr_assert_eq(json_array_size(e), 3);
    cr_assert(array_has(e, "admin"));
    cr_assert(json_is_null(json_array_get(e, 2)), "a nullable enum lists null");
    json_t *q = at(doc, "components", "schemas", "OrderItems", "properties", "qty", NULL);
    cr_assert_str_eq(str_at(json_object_get(q, "format")), "int32");
    json_decref(doc);
}

Test(openapi, list_parameters_and_filters)
{
    json_t *doc = demo_doc();
    json_t *params = at(doc, "paths", "/users", "get", "parameters", NULL);
    int n;
    json_t *f = param(params, "email", &n);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(str_at(json_object_get(f, "in")), "query");
    cr_assert_not_null(strstr(str_at(json_object_get(f, "description")), "not."));
    param(params, "page", &n);
    cr_assert_eq(n, 0, "a column named like a list parameter gets no filter");
    size_t refs = 0, i;
    json_t *p;
    json_array_foreach(params, i, p) if (json_object_get(p, "$ref")) refs++;
    cr_assert_eq(refs, 7);
    json_t *lim = at(doc, "components", "parameters", "Limit", "schema", NULL);
    cr_assert_eq(json_integer_value(json_object_get(lim, "maximum")), 500);
    cr_assert_eq(json_integer_value(json_object_get(lim, "default")), 25);
    json_t *list = at(doc, "components", "schemas", "UsersList", NULL);
    cr_assert(array_has(json_object_get(list, "required"), "pagination"));
    cr_assert_str_eq(str_at(at(list, "properties", "pagination", "$ref", NULL)),
                     "#/components/schemas/Pagination");
    json_decref(doc);
}

Test(openapi, create_and_error_responses)
{
    json_t *doc = demo_doc();
    json_t *post = at(doc, "paths", "/users", "post", NULL);
    json_t *one_of =
        at(post, "requestBody", "content", "application/json", "schema", "oneOf", NULL);
    cr_assert_eq(json_array_size(one_of), 2);
    cr_assert_str_eq(str_at(json_object_get(json_array_get(one_of, 1), "type")), "array");
    const char *codes[] = { "201", "400", "409", "413", "415", "422" };
    for (size_t i = 0; i < 6; i++)
        cr_assert_not_null(at(post, "responses", codes[i], NULL), "missing %s", codes[i]);
    cr_assert_str_eq(str_at(at(post, "responses", "409", "$ref", NULL)),
                     "#/components/responses/Conflict");
    json_t *err = at(doc, "components", "schemas", "Error", "properties", "error", NULL);
    json_t *req = json_object_get(err, "required");
    cr_assert(array_has(req, "code") && array_has(req, "message") && array_has(req, "details") &&
              array_has(req, "hint"));
    cr_assert_not_null(at(doc, "components", "responses", "NotFound", NULL));
    json_decref(doc);
}

Test(openapi, relation_paths_both_ways)
{
    json_t *doc = demo_doc();
    json_t *paths = json_object_get(doc, "paths");
    /* Children: one path per child table even with two keys from it. */
    json_t *kids = at(paths, "/users/{id}/orders", "get", NULL);
    cr_assert_not_null(kids);
    cr_assert_str_eq(
        str_at(at(kids, "responses", "200", "content", "application/json", "schema", "$ref", NULL)),
        "#/components/schemas/OrdersList");
    cr_assert_not_null(at(paths, "/orders/{id}/order-items", "get", NULL));
    /* Parents, named after the key column without _id. */
    json_t *data = at(paths, "/orders/{id}/user", "get", "responses", "200", "content",
                      "application/json", "schema", "properties", "data", NULL);
    cr_assert_str_eq(str_at(json_object_get(data, "$ref")), "#/components/schemas/Users");
    data = at(paths, "/orders/{id}/reviewer", "get", "responses", "200", "content",
              "application/json", "schema", "properties", "data", NULL);
    cr_assert(json_is_true(json_object_get(data, "nullable")), "nullable key: data may be null");
    /* The composite-key child reaches its parent through the pk parameter. */
    json_t *parent = at(paths, "/order-items/{pk}/order", NULL);
    cr_assert_not_null(parent);
    int n;
    param(json_object_get(parent, "parameters"), "pk", &n);
    cr_assert_eq(n, 1);
    json_decref(doc);
}

Test(openapi, operation_ids_unique_and_named)
{
    json_t *doc = demo_doc();
    json_t *seen = json_object();
    const char *k, *m;
    json_t *item, *op;
    json_object_foreach(at(doc, "paths", NULL), k, item)
    {
        json_object_foreach(item, m, op)
        {
            if (strcmp(m, "parameters") == 0)
                continue;
            const char *id = str_at(json_object_get(op, "operationId"));
            cr_assert_null(json_object_get(seen, id), "duplicate operationId %s", id);
            json_object_set_new(seen, id, json_true());
            cr_assert_eq(json_array_size(json_object_get(op, "tags")), 1);
            cr_assert_not_null(json_object_get(op, "summary"));
        }
    }
    const char *want[] = { "listUsers",  "getUser",    "createUser",     "replaceUser",
                           "updateUser", "deleteUser", "listOrderItems", "getOrderItem",
                           "getHealth",  "getOpenApi" };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        cr_assert_not_null(json_object_get(seen, want[i]), "missing operationId %s", want[i]);
    json_decref(seen);
    json_decref(doc);
}

Test(openapi, component_names_do_not_collide)
{
    json_t *doc = demo_doc();
    json_t *schemas = at(doc, "components", "schemas", NULL);
    /* Table "error" must not replace the shared Error schema. */
    cr_assert_not_null(at(schemas, "Error", "properties", "error", NULL));
    cr_assert_not_null(json_object_get(schemas, "Error2"));
    cr_assert_str_eq(str_at(at(doc, "paths", "/error", "get", "responses", "200", "content",
                               "application/json", "schema", "$ref", NULL)),
                     "#/components/schemas/Error2List");
    json_decref(doc);
}

Test(openapi, clashing_routes_fall_back_to_names)
{
    struct sqlx_schema *s = sqlx_schema_new();
    struct sqlx_table *t = sqlx_schema_add_table(s, "order_items", SQLX_REL_TABLE);
    col(s, t, "a", SQLX_T_STRING, true);
    t = sqlx_schema_add_table(s, "OrderItems", SQLX_REL_TABLE);
    col(s, t, "b", SQLX_T_STRING, true);
    t = sqlx_schema_add_table(s, "healthz", SQLX_REL_VIEW);
    col(s, t, "c", SQLX_T_STRING, true);
    sqlx_schema_publish(s);
    json_t *doc = generate(s, NULL);
    json_t *paths = json_object_get(doc, "paths");
    /* Whichever comes first takes the route; the other is reached by its exact name. */
    cr_assert_not_null(json_object_get(paths, "/order-items"));
    cr_assert(json_object_get(paths, "/OrderItems") || json_object_get(paths, "/order_items"));
    /* The system route wins; the view is left out rather than described wrongly. */
    cr_assert_str_eq(str_at(at(paths, "/healthz", "get", "operationId", NULL)), "getHealth");
    size_t i;
    json_t *tag;
    json_array_foreach(json_object_get(doc, "tags"), i, tag)
        cr_assert_str_neq(str_at(json_object_get(tag, "name")), "healthz");
    cr_assert_eq(json_object_size(paths), 4);
    json_decref(doc);
    sqlx_schema_free(s);
}

Test(openapi, empty_schema_is_a_document)
{
    struct sqlx_schema *s = sqlx_schema_new();
    sqlx_schema_publish(s);
    json_t *doc = generate(s, NULL);
    cr_assert_eq(json_object_size(at(doc, "paths", NULL)), 2);
    cr_assert_null(at(doc, "components", "parameters", NULL), "no lists: no list parameters");
    cr_assert_not_null(at(doc, "components", "schemas", "Error", NULL));
    json_decref(doc);
    sqlx_schema_free(s);
}
