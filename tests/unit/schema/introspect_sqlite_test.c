/* Tests for src/schema/introspect_sqlite.c: a temporary SQLite database with a rich schema
 * (composite primary key, cascading foreign keys, unique constraints and indexes, a partial index,
 * CHECK constraints, a view, typed columns) is read back through the connection interface. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "schema/introspect.h"
#include "schema/model.h"
#include "wire/conn.h"
#include "wire/pack.h"

static const char ddl[] =
    "CREATE TABLE users (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  email VARCHAR(255) NOT NULL UNIQUE,\n"
    "  name TEXT,\n"
    "  active BOOLEAN NOT NULL DEFAULT 1,\n"
    "  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n"
    "  balance DECIMAL(10,2) DEFAULT 0 CHECK (balance >= 0),\n"
    "  CONSTRAINT \"ck name\" CHECK (length(name) < 100 AND name <> ')')\n"
    ");\n"
    "CREATE TABLE products (\n"
    "  sku TEXT PRIMARY KEY,\n"
    "  title VARCHAR(80) NOT NULL,\n"
    "  price NUMERIC(8,3) NOT NULL,\n"
    "  -- a comment with CHECK (1) inside\n"
    "  kind TEXT /* CHECK (2) */ CHECK (kind IN ('a', 'b(')),\n"
    "  UNIQUE (title, kind)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE orders (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n"
    "  placed_at timestamptz,\n"
    "  status TEXT NOT NULL DEFAULT 'new',\n"
    "  CONSTRAINT ck_status CHECK (status IN ('new','paid','shipped'))\n"
    ");\n"
    "CREATE TABLE order_items (\n"
    "  order_id INTEGER NOT NULL,\n"
    "  product_sku TEXT NOT NULL,\n"
    "  line INT NOT NULL,\n"
    "  qty SMALLINT NOT NULL CHECK (qty > 0),\n"
    "  PRIMARY KEY (order_id, line),\n"
    "  FOREIGN KEY (order_id) REFERENCES orders ON DELETE CASCADE ON UPDATE CASCADE,\n"
    "  FOREIGN KEY (product_sku) REFERENCES products(sku) ON DELETE RESTRICT\n"
    ");\n"
    "CREATE INDEX ix_orders_status ON orders(status) WHERE status <> 'shipped';\n"
    "CREATE UNIQUE INDEX ux_users_name ON users(lower(name), id);\n"
    "CREATE INDEX ix_items_sku ON order_items(product_sku);\n"
    "CREATE VIEW user_orders(user, n) AS SELECT u.email, count(o.id) FROM users u\n"
    "  LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.email;\n"
    "ANALYZE;\n";

static char tmpdir[] = "/tmp/sqlx-introspect-XXXXXX";
static char dbpath[256];
static struct sqlx_packset packs;
static struct sqlx_conn *conn;
static struct sqlx_schema *schema;

static void setup(void)
{
    struct sqlx_err err;
    char url[300];
    sqlx_err_clear(&err);
    if (!getenv("SQLX_PACKS"))
        setenv("SQLX_PACKS", SQLX_SOURCE_DIR "/packs", 1);
    cr_assert_not_null(mkdtemp(tmpdir));
    snprintf(dbpath, sizeof dbpath, "%s/test.db", tmpdir);
    snprintf(url, sizeof url, "sqlite:%s?mode=rwc", dbpath);
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_conn_open(url, &packs, &conn, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_conn_exec(conn, ddl, &err), 0, "%s", err.message);
    schema = sqlx_schema_introspect(conn, &err);
    cr_assert_not_null(schema, "%s (%s)", err.message, err.detail);
}

static void teardown(void)
{
    char p[300];
    sqlx_schema_free(schema);
    if (conn)
        sqlx_conn_close(conn);
    sqlx_packset_free(&packs);
    unlink(dbpath);
    snprintf(p, sizeof p, "%s-wal", dbpath);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", dbpath);
    unlink(p);
    rmdir(tmpdir);
}

static const struct sqlx_table *table(const char *name)
{
    const struct sqlx_table *t = sqlx_schema_table(schema, name);
    cr_assert_not_null(t, "no table %s", name);
    return t;
}

static const struct sqlx_column *column(const struct sqlx_table *t, const char *name)
{
    const struct sqlx_column *c = sqlx_table_column(t, name);
    cr_assert_not_null(c, "no column %s.%s", t->name, name);
    return c;
}

static const struct sqlx_index *index_named(const struct sqlx_table *t, const char *name)
{
    for (size_t i = 0; i < t->indexes.len; i++) {
        const struct sqlx_index *ix = t->indexes.items[i];
        if (ix->name && strcmp(ix->name, name) == 0)
            return ix;
    }
    cr_assert_fail("no index %s on %s", name, t->name);
    return NULL;
}

/* The formatted universal type of a column, compared to text. */
static void expect_type(const struct sqlx_table *t, const char *col, const char *text)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_type_format(&column(t, col)->type, &b);
    cr_expect_str_eq(b.data, text, "type of %s.%s", t->name, col);
    sqlx_buf_free(&b);
}

TestSuite(introspect_sqlite, .init = setup, .fini = teardown);

Test(introspect_sqlite, engine_and_relations)
{
    cr_expect_str_eq(schema->engine, "sqlite");
    cr_expect(strncmp(schema->version, "3.", 2) == 0, "version %s", schema->version);
    /* sorted; sqlite_* internal tables (sqlite_stat1 from ANALYZE) skipped */
    const char *names[] = { "order_items", "orders", "products", "users", "user_orders" };
    cr_assert_eq(schema->tables.len, 5);
    const char *sorted[] = { "order_items", "orders", "products", "user_orders", "users" };
    for (size_t i = 0; i < 5; i++) {
        const struct sqlx_table *t = schema->tables.items[i];
        cr_expect_str_eq(t->name, sorted[i]);
        cr_expect_not_null(sqlx_schema_table(schema, names[i]));
    }
    cr_expect_eq(table("order-items"), table("order_items"));
    cr_expect_eq(table("user_orders")->kind, SQLX_REL_VIEW);
    cr_expect_eq(table("users")->kind, SQLX_REL_TABLE);
}

Test(introspect_sqlite, columns_and_types)
{
    const struct sqlx_table *u = table("users");
    cr_assert_eq(u->columns.len, 6);
    cr_expect_str_eq(((struct sqlx_column *)u->columns.items[1])->name, "email");
    expect_type(u, "id", "integer(64)");
    expect_type(u, "email", "string(255)");
    expect_type(u, "name", "string");
    expect_type(u, "active", "bool");
    expect_type(u, "created_at", "timestamp");
    expect_type(u, "balance", "decimal(10,2)");
    cr_expect_str_eq(column(u, "email")->declared_type, "VARCHAR(255)");
    cr_expect(!column(u, "email")->nullable);
    cr_expect(column(u, "name")->nullable);
    cr_expect_str_eq(column(u, "active")->default_sql, "1");
    cr_expect_str_eq(column(u, "created_at")->default_sql, "CURRENT_TIMESTAMP");
    cr_expect_null(column(u, "name")->default_sql);
    cr_expect_eq(column(u, "balance")->ordinal, 5);

    const struct sqlx_table *o = table("orders");
    expect_type(o, "placed_at", "timestamp with time zone");
    cr_expect_str_eq(column(o, "status")->default_sql, "'new'");
    const struct sqlx_table *p = table("products");
    expect_type(p, "price", "decimal(8,3)");
    expect_type(p, "title", "string(80)");
    const struct sqlx_table *oi = table("order_items");
    expect_type(oi, "qty", "integer(16)");
}

Test(introspect_sqlite, primary_keys_and_rowid_alias)
{
    const struct sqlx_table *u = table("users");
    cr_assert_eq(u->npk, 1);
    cr_expect_str_eq(u->pk[0]->name, "id");
    cr_expect(u->pk[0]->autoincrement);
    cr_expect(!u->pk[0]->nullable);
    cr_expect_eq(u->pk[0]->pk_position, 1);
    cr_expect(!column(u, "email")->autoincrement);

    const struct sqlx_table *oi = table("order_items");
    cr_assert_eq(oi->npk, 2);
    cr_expect_str_eq(oi->pk[0]->name, "order_id");
    cr_expect_str_eq(oi->pk[1]->name, "line");
    cr_expect_eq(column(oi, "line")->pk_position, 2);
    cr_expect(!oi->pk[0]->autoincrement, "a composite key is not a rowid alias");

    const struct sqlx_table *p = table("products");
    cr_assert_eq(p->npk, 1);
    cr_expect(!p->pk[0]->autoincrement, "TEXT primary key of a WITHOUT ROWID table");
    bool primary = false;
    for (size_t i = 0; i < p->indexes.len; i++)
        primary |= ((struct sqlx_index *)p->indexes.items[i])->primary;
    cr_expect(primary, "the WITHOUT ROWID key has a primary index");
}

Test(introspect_sqlite, unique_constraints_and_indexes)
{
    const struct sqlx_table *u = table("users");
    /* email UNIQUE and the unique expression index */
    cr_assert_eq(u->uniques.len, 2);
    bool email = false, expr = false;
    for (size_t i = 0; i < u->uniques.len; i++) {
        const struct sqlx_index *ix = u->uniques.items[i];
        cr_expect(ix->unique);
        if (ix->ncolumns == 1 && strcmp(ix->columns[0], "email") == 0)
            email = true;
        if (ix->ncolumns == 2 && strcmp(ix->columns[0], "(expr)") == 0 &&
            strcmp(ix->columns[1], "id") == 0)
            expr = strcmp(ix->name, "ux_users_name") == 0;
    }
    cr_expect(email && expr);

    const struct sqlx_table *p = table("products");
    cr_assert_eq(p->uniques.len, 1);
    const struct sqlx_index *tk = p->uniques.items[0];
    cr_assert_eq(tk->ncolumns, 2);
    cr_expect_str_eq(tk->columns[0], "title");
    cr_expect_str_eq(tk->columns[1], "kind");

    const struct sqlx_table *o = table("orders");
    const struct sqlx_index *st = index_named(o, "ix_orders_status");
    cr_expect(!st->unique);
    cr_assert_not_null(st->where);
    cr_expect_str_eq(st->where, "status <> 'shipped'");
    cr_expect_eq(o->uniques.len, 0);

    const struct sqlx_index *sku = index_named(table("order_items"), "ix_items_sku");
    cr_expect_null(sku->where);
    cr_assert_eq(sku->ncolumns, 1);
    cr_expect_str_eq(sku->columns[0], "product_sku");
}

Test(introspect_sqlite, foreign_keys)
{
    const struct sqlx_table *o = table("orders");
    cr_assert_eq(o->fkeys.len, 1);
    const struct sqlx_fkey *f = o->fkeys.items[0];
    cr_expect_str_eq(f->table, "orders");
    cr_expect_str_eq(f->ref_table, "users");
    cr_assert_eq(f->ncolumns, 1);
    cr_expect_str_eq(f->columns[0], "user_id");
    cr_expect_str_eq(f->ref_columns[0], "id");
    cr_expect_str_eq(f->on_delete, "CASCADE");
    cr_expect_str_eq(f->on_update, "NO ACTION");
    cr_expect_str_eq(f->name, "fk_orders_user_id");

    const struct sqlx_table *oi = table("order_items");
    cr_assert_eq(oi->fkeys.len, 2);
    const struct sqlx_fkey *f0 = oi->fkeys.items[0], *f1 = oi->fkeys.items[1];
    /* declaration order */
    cr_expect_str_eq(f0->ref_table, "orders");
    cr_expect_str_eq(f0->ref_columns[0], "id", "implicit reference resolves to the parent key");
    cr_expect_str_eq(f0->on_delete, "CASCADE");
    cr_expect_str_eq(f0->on_update, "CASCADE");
    cr_expect_str_eq(f1->ref_table, "products");
    cr_expect_str_eq(f1->ref_columns[0], "sku");
    cr_expect_str_eq(f1->on_delete, "RESTRICT");

    const struct sqlx_table *u = table("users");
    cr_assert_eq(u->referenced_by.len, 1);
    cr_expect_str_eq(((struct sqlx_fkey *)u->referenced_by.items[0])->table, "orders");
    cr_expect_eq(table("orders")->referenced_by.len, 1);
    cr_expect_eq(table("products")->referenced_by.len, 1);
    cr_expect_eq(oi->referenced_by.len, 0);
}

Test(introspect_sqlite, checks)
{
    const struct sqlx_table *u = table("users");
    cr_assert_eq(u->checks.len, 2);
    const struct sqlx_check *c0 = u->checks.items[0], *c1 = u->checks.items[1];
    cr_expect_null(c0->name);
    cr_expect_str_eq(c0->expr, "balance >= 0");
    cr_expect_str_eq(c1->name, "ck name");
    cr_expect_str_eq(c1->expr, "length(name) < 100 AND name <> ')'");

    const struct sqlx_table *p = table("products");
    cr_assert_eq(p->checks.len, 1, "comments are not checks");
    cr_expect_str_eq(((struct sqlx_check *)p->checks.items[0])->expr, "kind IN ('a', 'b(')");

    const struct sqlx_table *o = table("orders");
    cr_assert_eq(o->checks.len, 1);
    cr_expect_str_eq(((struct sqlx_check *)o->checks.items[0])->name, "ck_status");
    cr_expect_str_eq(((struct sqlx_check *)o->checks.items[0])->expr,
                     "status IN ('new','paid','shipped')");
    cr_expect_eq(table("order_items")->checks.len, 1);
}

Test(introspect_sqlite, view)
{
    const struct sqlx_table *v = table("user_orders");
    cr_assert_not_null(v->view_sql);
    cr_expect(strncmp(v->view_sql, "SELECT u.email, count(o.id) FROM users u", 40) == 0, "%s",
              v->view_sql);
    cr_expect_eq(v->columns.len, 2);
    cr_expect_str_eq(((struct sqlx_column *)v->columns.items[0])->name, "user");
    cr_expect_eq(v->npk, 0);
    cr_expect_eq(v->fkeys.len, 0);
    expect_type(v, "user", "string(255)");
}

Test(introspect_sqlite, json_round_trip)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_schema_to_json(schema, &b, true);
    cr_assert_not_null(b.data);
    cr_expect_not_null(strstr(b.data, "\"route\": \"order-items\""), "%.400s", b.data);
    sqlx_buf_free(&b);
}

Test(introspect_sqlite, dispatch_unsupported_engine)
{
    struct sqlx_conn_ops ops = { .engine = "oracle" };
    struct sqlx_conn fake = { .ops = &ops };
    struct sqlx_err err;
    sqlx_err_clear(&err);
    cr_expect_null(sqlx_schema_introspect(&fake, &err));
    cr_expect_eq(err.code, SQLX_EUNSUPPORTED);
    cr_expect_not_null(strstr(err.message, "oracle"));
}
