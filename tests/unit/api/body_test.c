/* Tests for src/api/body.c: JSON bodies checked against column types, NOT NULL, length limits and
 * unknown keys, one error per field. */
#include <criterion/criterion.h>
#include <string.h>

#include "api/body.h"

static struct sqlx_schema *schema;
static const struct sqlx_table *items;
static struct sqlx_arena arena;

static void setup(void)
{
    schema = sqlx_schema_new();
    struct sqlx_table *t = sqlx_schema_add_table(schema, "items", SQLX_REL_TABLE);
    struct sqlx_column *c = sqlx_table_add_column(schema, t, "id");
    c->type = sqlx_type_make(SQLX_T_INTEGER);
    c->nullable = false;
    c->pk_position = 1;
    c->autoincrement = true;
    c = sqlx_table_add_column(schema, t, "name");
    c->type = sqlx_type_make(SQLX_T_STRING);
    c->type.max_len = 5;
    c->nullable = false;
    c = sqlx_table_add_column(schema, t, "small");
    c->type = sqlx_type_make(SQLX_T_INTEGER);
    c->type.bits = 16;
    c = sqlx_table_add_column(schema, t, "price");
    c->type = sqlx_type_make(SQLX_T_DECIMAL);
    c->type.precision = 5;
    c->type.scale = 2;
    c = sqlx_table_add_column(schema, t, "flag");
    c->type = sqlx_type_make(SQLX_T_BOOL);
    c->nullable = false;
    c->default_sql = "0";
    c = sqlx_table_add_column(schema, t, "day");
    c->type = sqlx_type_make(SQLX_T_DATE);
    c = sqlx_table_add_column(schema, t, "at");
    c->type = sqlx_type_make(SQLX_T_TIMESTAMP);
    sqlx_schema_publish(schema);
    items = sqlx_schema_table(schema, "items");
    sqlx_arena_init(&arena, 0);
}

static void teardown(void)
{
    sqlx_arena_free(&arena);
    sqlx_schema_free(schema);
}

TestSuite(body, .init = setup, .fini = teardown);

static size_t check(const char *json, enum sqlx_body_mode mode, struct sqlx_row_values *rv,
                    struct sqlx_vec *errors)
{
    json_error_t je;
    json_t *obj = json_loads(json, 0, &je);
    cr_assert_not_null(obj, "test JSON: %s", je.text);
    sqlx_vec_init(errors);
    size_t n = sqlx_api_body_row(items, obj, mode, -1, &arena, rv, errors);
    json_decref(obj);
    return n;
}

static const char *error_for(struct sqlx_vec *errors, const char *field)
{
    for (size_t i = 0; i < errors->len; i++) {
        struct sqlx_field_error *fe = errors->items[i];
        if (strcmp(fe->field, field) == 0)
            return fe->message;
    }
    return NULL;
}

Test(body, valid_insert_converts_values)
{
    struct sqlx_row_values rv;
    struct sqlx_vec errors;
    size_t n = check("{\"name\":\"héllo\",\"small\":-32768,\"price\":\"123.45\",\"flag\":true,"
                     "\"day\":\"2024-02-29\",\"at\":\"2024-01-02T03:04:05.123Z\"}",
                     SQLX_BODY_INSERT, &rv, &errors);
    cr_assert_eq(n, 0, "first error: %s", errors.len ? ((struct sqlx_field_error *)errors.items[0])->message : "");
    cr_assert_eq(rv.n, 6);
    cr_assert_eq(rv.vals[0].type, SQLX_V_TEXT, "5 characters in UTF-8 fit string(5)");
    cr_assert_eq(rv.vals[3].type, SQLX_V_BOOL);
}

Test(body, one_error_per_bad_field)
{
    struct sqlx_row_values rv;
    struct sqlx_vec errors;
    size_t n = check("{\"name\":\"toolong\",\"small\":40000,\"price\":1234.5,\"flag\":\"yes\","
                     "\"day\":\"2023-02-29\",\"at\":\"noon\",\"ghost\":1}",
                     SQLX_BODY_INSERT, &rv, &errors);
    cr_assert_eq(n, 7, "got %zu errors", n);
    cr_assert(strstr(error_for(&errors, "name"), "maximum of 5"));
    cr_assert(strstr(error_for(&errors, "small"), "out of range"));
    cr_assert(strstr(error_for(&errors, "price"), "decimal(5,2)"));
    cr_assert_not_null(error_for(&errors, "flag"));
    cr_assert_not_null(error_for(&errors, "day"), "2023 is not a leap year");
    cr_assert_not_null(error_for(&errors, "at"));
    cr_assert_str_eq(error_for(&errors, "ghost"), "unknown column");
}

Test(body, required_and_null_rules_per_mode)
{
    struct sqlx_row_values rv;
    struct sqlx_vec errors;
    cr_assert_eq(check("{}", SQLX_BODY_INSERT, &rv, &errors), 1);
    cr_assert_str_eq(error_for(&errors, "name"), "is required");
    cr_assert_eq(check("{\"name\":null}", SQLX_BODY_PATCH, &rv, &errors), 1);
    cr_assert_str_eq(error_for(&errors, "name"), "must not be null");
    cr_assert_eq(check("{}", SQLX_BODY_PATCH, &rv, &errors), 0, "patch needs nothing");
    cr_assert_eq(rv.n, 0);
    /* Replace: absent nullable columns become NULL, defaulted ones are left alone. */
    cr_assert_eq(check("{\"name\":\"a\"}", SQLX_BODY_REPLACE, &rv, &errors), 0);
    cr_assert_eq(rv.n, 5, "name + small, price, day, at set to NULL; got %zu", rv.n);
    /* A null generated key on insert is left to the engine. */
    cr_assert_eq(check("{\"id\":null,\"name\":\"a\"}", SQLX_BODY_INSERT, &rv, &errors), 0);
    cr_assert_eq(rv.n, 1);
}

Test(body, bulk_prefixes_field_names)
{
    json_t *obj = json_loads("{\"name\":5}", 0, NULL);
    struct sqlx_row_values rv;
    struct sqlx_vec errors;
    sqlx_vec_init(&errors);
    cr_assert_eq(sqlx_api_body_row(items, obj, SQLX_BODY_INSERT, 3, &arena, &rv, &errors), 1);
    cr_assert_str_eq(((struct sqlx_field_error *)errors.items[0])->field, "[3].name");
    json_decref(obj);
}
