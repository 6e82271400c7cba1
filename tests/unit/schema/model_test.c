/* Tests for src/schema/model.c: building and publishing a schema (sorting, routes, primary keys,
 * uniques, referenced_by), lookups by name and route, and the JSON and text output. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "schema/model.h"

Test(model, route_names)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 0);
    struct {
        const char *in, *out;
    } cases[] = {
        { "users", "users" },
        { "order_items", "order-items" },
        { "OrderItems", "order-items" },
        { "orderItems", "order-items" },
        { "HTTPServer", "http-server" },
        { "userID", "user-id" },
        { "user_ID", "user-id" },
        { "__private__table", "private-table" },
        { "table2", "table2" },
        { "Table2Items", "table2-items" },
        { "my table", "my-table" },
        { "a--b", "a-b" },
        { "ALLCAPS", "allcaps" },
        { "_", "_" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        cr_expect_str_eq(sqlx_schema_route_name(&a, cases[i].in), cases[i].out, "route of %s",
                         cases[i].in);
    sqlx_arena_free(&a);
}

/* users(id pk), order_items(order_id, product_id composite pk, user_id -> users.id),
 * "Zeta" view; added out of order. */
static struct sqlx_schema *sample(void)
{
    struct sqlx_schema *s = sqlx_schema_new();
    s->engine = "sqlite";
    s->version = "3.40.1";

    struct sqlx_table *oi = sqlx_schema_add_table(s, "order_items", SQLX_REL_TABLE);
    struct sqlx_column *c = sqlx_table_add_column(s, oi, "product_id");
    c->type = sqlx_type_make(SQLX_T_INTEGER);
    c->pk_position = 2;
    c->nullable = false;
    c = sqlx_table_add_column(s, oi, "order_id");
    c->type = sqlx_type_make(SQLX_T_INTEGER);
    c->pk_position = 1;
    c->nullable = false;
    c = sqlx_table_add_column(s, oi, "user_id");
    c->type = sqlx_type_make(SQLX_T_INTEGER);
    c = sqlx_table_add_column(s, oi, "note");
    c->type = sqlx_type_make(SQLX_T_STRING);
    c->type.max_len = 40;
    c->default_sql = "'n/a'";
    struct sqlx_fkey *f = sqlx_table_add_fkey(s, oi, "fk_order_items_user_id", "users", 1);
    f->columns[0] = "user_id";
    f->ref_columns[0] = "id";
    f->on_delete = "CASCADE";
    struct sqlx_index *ix = sqlx_table_add_index(s, oi, "ix_note", 1, true);
    ix->columns[0] = "note";
    ix = sqlx_table_add_index(s, oi, "ix_partial", 1, true);
    ix->columns[0] = "user_id";
    ix->where = "user_id > 0";
    ix = sqlx_table_add_index(s, oi, "ix_note_again", 1, true);
    ix->columns[0] = "note";
    sqlx_table_add_check(s, oi, "ck_note", "length(note) < 40");

    struct sqlx_table *v = sqlx_schema_add_table(s, "Zeta", SQLX_REL_VIEW);
    v->view_sql = "SELECT 1 AS one";
    c = sqlx_table_add_column(s, v, "one");

    struct sqlx_table *u = sqlx_schema_add_table(s, "users", SQLX_REL_TABLE);
    c = sqlx_table_add_column(s, u, "id");
    c->type = sqlx_type_make(SQLX_T_INTEGER);
    c->pk_position = 1;
    c->autoincrement = true;
    c->nullable = false;
    c = sqlx_table_add_column(s, u, "email");
    c->type = sqlx_type_make(SQLX_T_STRING);

    sqlx_schema_publish(s);
    return s;
}

Test(model, publish_sorts_and_links)
{
    struct sqlx_schema *s = sample();
    cr_assert_eq(s->tables.len, 3);
    const struct sqlx_table *t0 = s->tables.items[0], *t1 = s->tables.items[1],
                            *t2 = s->tables.items[2];
    /* byte order: upper case sorts first */
    cr_expect_str_eq(t0->name, "Zeta");
    cr_expect_str_eq(t1->name, "order_items");
    cr_expect_str_eq(t2->name, "users");
    cr_expect_str_eq(t0->route, "zeta");
    cr_expect_str_eq(t1->route, "order-items");

    cr_assert_eq(t1->npk, 2);
    cr_expect_str_eq(t1->pk[0]->name, "order_id");
    cr_expect_str_eq(t1->pk[1]->name, "product_id");
    cr_expect_eq(((struct sqlx_column *)t1->columns.items[2])->ordinal, 2);

    /* the non-partial unique index, once (duplicate column list dropped) */
    cr_assert_eq(t1->uniques.len, 1);
    cr_expect_str_eq(((struct sqlx_index *)t1->uniques.items[0])->name, "ix_note");
    cr_expect_eq(t1->indexes.len, 3);

    cr_assert_eq(t2->referenced_by.len, 1);
    const struct sqlx_fkey *f = t2->referenced_by.items[0];
    cr_expect_str_eq(f->table, "order_items");
    cr_expect_str_eq(f->on_update, "NO ACTION");
    cr_expect_eq(t1->referenced_by.len, 0);

    /* publishing again changes nothing */
    sqlx_schema_publish(s);
    cr_expect_eq(t2->referenced_by.len, 1);
    cr_expect_eq(t1->uniques.len, 1);
    cr_expect_eq(t1->npk, 2);
    sqlx_schema_free(s);
}

Test(model, lookups)
{
    struct sqlx_schema *s = sample();
    const struct sqlx_table *t = sqlx_schema_table(s, "order_items");
    cr_assert_not_null(t);
    cr_expect_eq(sqlx_schema_table(s, "order-items"), t);
    cr_expect_eq(sqlx_schema_table(s, "ORDER_ITEMS"), t);
    cr_expect_eq(sqlx_schema_table(s, "Order-Items"), t);
    cr_expect_str_eq(sqlx_schema_table(s, "zeta")->name, "Zeta");
    cr_expect_null(sqlx_schema_table(s, "orders"));
    cr_expect_null(sqlx_schema_table(s, NULL));

    const struct sqlx_column *c = sqlx_table_column(t, "note");
    cr_assert_not_null(c);
    cr_expect_eq(c->type.max_len, 40);
    cr_expect_eq(sqlx_table_column(t, "NOTE"), c);
    cr_expect_null(sqlx_table_column(t, "missing"));
    sqlx_schema_free(s);
}

Test(model, route_never_hides_a_name)
{
    struct sqlx_schema *s = sqlx_schema_new();
    sqlx_schema_add_table(s, "order-items", SQLX_REL_TABLE);
    sqlx_schema_add_table(s, "order_items", SQLX_REL_TABLE);
    sqlx_schema_publish(s);
    cr_expect_str_eq(sqlx_schema_table(s, "order-items")->name, "order-items");
    cr_expect_str_eq(sqlx_schema_table(s, "order_items")->name, "order_items");
    sqlx_schema_free(s);
}

Test(model, json_shape)
{
    struct sqlx_schema *s = sample();
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_schema_to_json(s, &b, false);
    json_error_t je;
    json_t *doc = json_loadb(b.data, b.len, 0, &je);
    cr_assert_not_null(doc, "invalid JSON: %s: %s", je.text, b.data);

    cr_expect_str_eq(json_string_value(json_object_get(doc, "engine")), "sqlite");
    cr_expect_str_eq(json_string_value(json_object_get(doc, "version")), "3.40.1");
    json_t *tables = json_object_get(doc, "tables");
    cr_assert_eq(json_array_size(tables), 3);

    json_t *oi = json_array_get(tables, 1);
    cr_expect_str_eq(json_string_value(json_object_get(oi, "name")), "order_items");
    cr_expect_str_eq(json_string_value(json_object_get(oi, "route")), "order-items");
    cr_expect_str_eq(json_string_value(json_object_get(oi, "kind")), "table");
    cr_expect(json_is_null(json_object_get(oi, "view_sql")));
    json_t *pk = json_object_get(oi, "primary_key");
    cr_assert_eq(json_array_size(pk), 2);
    cr_expect_str_eq(json_string_value(json_array_get(pk, 0)), "order_id");

    json_t *note = json_array_get(json_object_get(oi, "columns"), 3);
    cr_expect_str_eq(json_string_value(json_object_get(note, "name")), "note");
    cr_expect_str_eq(json_string_value(json_object_get(note, "type")), "string(40)");
    json_t *ti = json_object_get(note, "type_info");
    cr_expect_str_eq(json_string_value(json_object_get(ti, "kind")), "string");
    cr_expect_eq(json_integer_value(json_object_get(ti, "max_len")), 40);
    cr_expect(json_is_true(json_object_get(note, "nullable")));
    cr_expect_str_eq(json_string_value(json_object_get(note, "default")), "'n/a'");
    cr_expect(json_is_false(json_object_get(note, "autoincrement")));
    cr_expect_eq(json_integer_value(json_object_get(note, "pk_position")), 0);

    json_t *fk = json_array_get(json_object_get(oi, "foreign_keys"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(fk, "ref_table")), "users");
    cr_expect_str_eq(json_string_value(json_object_get(fk, "on_delete")), "CASCADE");
    cr_expect_str_eq(json_string_value(json_array_get(json_object_get(fk, "columns"), 0)),
                     "user_id");
    json_t *idx = json_object_get(oi, "indexes");
    cr_expect_eq(json_array_size(idx), 3);
    cr_expect_str_eq(json_string_value(json_object_get(json_array_get(idx, 1), "where")),
                     "user_id > 0");
    cr_expect_eq(json_array_size(json_object_get(oi, "unique")), 1);
    json_t *ck = json_array_get(json_object_get(oi, "checks"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(ck, "name")), "ck_note");

    json_t *users = json_array_get(tables, 2);
    json_t *rb = json_array_get(json_object_get(users, "referenced_by"), 0);
    cr_expect_str_eq(json_string_value(json_object_get(rb, "table")), "order_items");
    json_t *id = json_array_get(json_object_get(users, "columns"), 0);
    cr_expect(json_is_true(json_object_get(id, "autoincrement")));
    cr_expect_eq(json_integer_value(json_object_get(json_object_get(id, "type_info"), "bits")), 64);

    json_t *zeta = json_array_get(tables, 0);
    cr_expect_str_eq(json_string_value(json_object_get(zeta, "kind")), "view");
    cr_expect_str_eq(json_string_value(json_object_get(zeta, "view_sql")), "SELECT 1 AS one");

    /* stable key order: the document starts the same way every time */
    cr_expect(strncmp(b.data, "{\"engine\":\"sqlite\",\"version\":\"3.40.1\",\"tables\":[{\"name\"",
                      52) == 0,
              "%.80s", b.data);
    json_decref(doc);

    /* pretty output parses to the same document */
    struct sqlx_buf p;
    sqlx_buf_init(&p, 0);
    sqlx_schema_to_json(s, &p, true);
    json_t *d1 = json_loadb(b.data, b.len, 0, NULL), *d2 = json_loadb(p.data, p.len, 0, NULL);
    cr_assert_not_null(d2);
    cr_expect(json_equal(d1, d2));
    cr_expect_not_null(strchr(p.data, '\n'));
    json_decref(d1);
    json_decref(d2);
    sqlx_buf_free(&p);
    sqlx_buf_free(&b);
    sqlx_schema_free(s);
}

Test(model, text_listing)
{
    struct sqlx_schema *s = sample();
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_schema_to_text(s, &b);
    cr_assert_not_null(b.data);
    cr_expect_not_null(strstr(b.data, "sqlite 3.40.1: 2 tables, 1 view"), "%s", b.data);
    cr_expect_not_null(strstr(b.data, "table order_items (/order-items)"), "%s", b.data);
    cr_expect_not_null(strstr(b.data, "primary key (order_id, product_id)"), "%s", b.data);
    cr_expect_not_null(strstr(b.data, "-> users(id) on delete CASCADE"), "%s", b.data);
    cr_expect_not_null(strstr(b.data, "where user_id > 0"), "%s", b.data);
    cr_expect_not_null(strstr(b.data, "check ck_note: length(note) < 40"), "%s", b.data);
    cr_expect_not_null(strstr(b.data, "view Zeta (/zeta)"), "%s", b.data);
    cr_expect_not_null(strstr(b.data, "referenced by order_items(user_id)"), "%s", b.data);
    sqlx_buf_free(&b);
    sqlx_schema_free(s);
}
