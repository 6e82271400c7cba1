/* Tests for src/schema/introspect_my.c against the MariaDB at $SQLX_TEST_MY_URL (set by
 * tests/run.sh through tests/harness/mariadb.sh; the tests are skipped only when it is unset).
 * Each test process creates a database of its own (sqlx_introspect_<pid>) and its fixture with
 * the `mariadb` command-line client, so the fixture does not depend on the code under test, then
 * reads it back through an sqlx connection and sqlx_schema_introspect: every type family,
 * unsigned, TINYINT(1) and BIT(1) booleans, ENUM labels, MariaDB's JSON alias, AUTO_INCREMENT and
 * generated columns, defaults, composite and foreign keys with actions, indexes, checks, views. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "schema/introspect.h"
#include "schema/model.h"
#include "wire/conn.h"
#include "wire/pack.h"

static struct sqlx_packset packs;
static struct sqlx_conn *conn;
static struct sqlx_schema *schema;
static char dbname[64];

/* MariaDB syntax: BOOLEAN is TINYINT(1), JSON is LONGTEXT with a json_valid check, a
 * column-level CHECK is named after its column, an unnamed table-level one CONSTRAINT_<n>. */
static const char fixture[] =
    "CREATE TABLE accounts ("
    " id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " email VARCHAR(255) NOT NULL,"
    " code CHAR(3),"
    " balance DECIMAL(12,2) NOT NULL DEFAULT 0,"
    " ratio FLOAT, score DOUBLE, small SMALLINT, tiny TINYINT UNSIGNED, mid MEDIUMINT,"
    " active BOOLEAN NOT NULL DEFAULT TRUE, flag BIT(1), bits BIT(12),"
    " created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
    " seen_at DATETIME(3), born DATE, wake TIME, yr YEAR,"
    " status ENUM('new', 'it''s', 'a,b') NOT NULL DEFAULT 'new',"
    " perms SET('r', 'w'), doc JSON, bio TEXT, pic BLOB, raw VARBINARY(16), uid UUID,"
    " `Weird Col` VARCHAR(20),"
    " total DECIMAL(14,2) AS (balance * 2) PERSISTENT,"
    " CONSTRAINT accounts_email_key UNIQUE (email),"
    " CONSTRAINT balance_nonneg CHECK (balance >= 0)"
    ") CHARACTER SET utf8mb4;\n"
    "CREATE TABLE posts ("
    " id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
    " owner_id BIGINT UNSIGNED NOT NULL,"
    " title VARCHAR(100) NOT NULL DEFAULT 'untitled',"
    " qty INT CHECK (qty > 0),"
    " CHECK (CHAR_LENGTH(title) > 0),"
    " INDEX posts_owner (owner_id),"
    " CONSTRAINT posts_owner_fk FOREIGN KEY (owner_id) REFERENCES accounts (id)"
    "   ON DELETE CASCADE ON UPDATE RESTRICT"
    ");\n"
    "CREATE TABLE post_tags ("
    " post_id INT NOT NULL, tag VARCHAR(30) NOT NULL,"
    " PRIMARY KEY (tag, post_id), INDEX post_tags_post (post_id),"
    " CONSTRAINT post_tags_post_fk FOREIGN KEY (post_id) REFERENCES posts (id)"
    "   ON DELETE NO ACTION ON UPDATE CASCADE"
    ");\n"
    "CREATE TABLE tag_votes ("
    " post_id INT, tag VARCHAR(30), n INT DEFAULT 1, note VARCHAR(10) DEFAULT 'x''y',"
    " maybe VARCHAR(10) DEFAULT NULL, word VARCHAR(10) DEFAULT 'NULL',"
    " CONSTRAINT votes_pt FOREIGN KEY (tag, post_id) REFERENCES post_tags (tag, post_id),"
    " CONSTRAINT votes_uq UNIQUE (post_id, tag)"
    ");\n"
    "CREATE VIEW account_posts AS SELECT a.id, a.email, COUNT(p.id) AS n FROM accounts a"
    " LEFT JOIN posts p ON p.owner_id = a.id GROUP BY a.id, a.email;\n"
    "CREATE SEQUENCE not_a_table;\n";

/* The parts of a mysql://USER:PASSWORD@HOST:PORT/DB URL the command-line client needs. */
struct my_url {
    char user[64], password[128], host[128], port[8];
    size_t path_at;  /* offset of the '/' before the database name */
    size_t query_at; /* offset of '?' or the end */
};

static void parse_url(const char *url, struct my_url *u)
{
    const char *p = strstr(url, "://");
    cr_assert_not_null(p, "bad URL %s", url);
    p += 3;
    const char *at = strchr(p, '@');
    cr_assert_not_null(at, "URL without user: %s", url);
    const char *colon = memchr(p, ':', (size_t)(at - p));
    const char *uend = colon ? colon : at;
    snprintf(u->user, sizeof u->user, "%.*s", (int)(uend - p), p);
    snprintf(u->password, sizeof u->password, "%.*s", colon ? (int)(at - colon - 1) : 0,
             colon ? colon + 1 : "");
    const char *host = at + 1;
    const char *slash = strchr(host, '/');
    cr_assert_not_null(slash, "URL without a database: %s", url);
    const char *hcolon = memchr(host, ':', (size_t)(slash - host));
    const char *hend = hcolon ? hcolon : slash;
    snprintf(u->host, sizeof u->host, "%.*s", (int)(hend - host), host);
    snprintf(u->port, sizeof u->port, "%.*s", hcolon ? (int)(slash - hcolon - 1) : 4,
             hcolon ? hcolon + 1 : "3306");
    u->path_at = (size_t)(slash - url);
    const char *q = strchr(slash, '?');
    u->query_at = q ? (size_t)(q - url) : strlen(url);
}

/* The test URL pointed at database db ("" for none). */
static void url_for(const char *db, char *out, size_t n)
{
    const char *url = getenv("SQLX_TEST_MY_URL");
    struct my_url u;
    parse_url(url, &u);
    snprintf(out, n, "%.*s/%s%s", (int)u.path_at, url, db, url + u.query_at);
}

/* Runs sql through the mariadb client as the test user; returns its exit status. */
static int client(const char *sql)
{
    struct my_url u;
    char cmd[512];
    parse_url(getenv("SQLX_TEST_MY_URL"), &u);
    setenv("MYSQL_PWD", u.password, 1);
    snprintf(cmd, sizeof cmd,
             "mariadb --no-defaults --protocol=TCP --batch -h '%s' -P '%s' -u '%s' "
             "--default-character-set=utf8mb4",
             u.host, u.port, u.user);
    FILE *f = popen(cmd, "w");
    if (!f)
        return -1;
    fputs(sql, f);
    return pclose(f);
}

/* The same, failing the test on any error. */
static void run_client(const char *sql)
{
    int status = client(sql);
    cr_assert_eq(status, 0, "mariadb client failed (status %d) on: %.300s", status, sql);
}

static int client_db(const char *db, const char *sql)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_printf(&b, "USE `%s`;\n%s", db, sql);
    int status = client(b.data);
    sqlx_buf_free(&b);
    return status;
}

static void recreate_db(const char *db)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "DROP DATABASE IF EXISTS `%s`; CREATE DATABASE `%s` CHARACTER SET utf8mb4;\n", db,
             db);
    run_client(sql);
}

static void drop_db(const char *db)
{
    char sql[128];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS `%s`;\n", db);
    if (client(sql) != 0)
        fprintf(stderr, "could not drop database %s\n", db);
}

static int open_conn(const char *db, struct sqlx_conn **out, struct sqlx_err *err)
{
    char url[512];
    sqlx_err_clear(err);
    url_for(db, url, sizeof url);
    return sqlx_conn_open(url, &packs, out, err);
}

static bool have_my(void)
{
    const char *url = getenv("SQLX_TEST_MY_URL");
    return url && url[0];
}

/* Criterion skips .fini when .init fails, so a failing setup drops its database itself. */
static void setup(void)
{
    struct sqlx_err err;

    if (!have_my())
        return; /* each test skips itself */
    sqlx_err_clear(&err);
    if (!getenv("SQLX_PACKS"))
        setenv("SQLX_PACKS", SQLX_SOURCE_DIR "/packs", 1);
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
    snprintf(dbname, sizeof dbname, "sqlx_introspect_%ld", (long)getpid());
    recreate_db(dbname);
    if (client_db(dbname, fixture) != 0) {
        drop_db(dbname);
        cr_assert_fail("the mariadb client could not create the fixture");
    }
    if (open_conn(dbname, &conn, &err) != 0) {
        drop_db(dbname);
        cr_assert_fail("cannot open %s: %s", dbname, err.message);
    }
    schema = sqlx_schema_introspect(conn, &err);
    if (!schema) {
        sqlx_conn_close(conn);
        conn = NULL;
        drop_db(dbname);
        cr_assert_fail("introspection failed: %s (%s)", err.message, err.detail);
    }
}

static void teardown(void)
{
    if (schema)
        sqlx_schema_free(schema);
    if (conn)
        sqlx_conn_close(conn);
    if (dbname[0])
        drop_db(dbname);
    if (have_my())
        sqlx_packset_free(&packs);
}

TestSuite(introspect_my, .init = setup, .fini = teardown);

static void need_my(void)
{
    if (!have_my())
        cr_skip_test("SQLX_TEST_MY_URL is not set");
}

static const struct sqlx_table *table(const char *name)
{
    const struct sqlx_table *t = sqlx_schema_table(schema, name);
    cr_assert_not_null(t, "table %s missing", name);
    return t;
}

static const struct sqlx_column *column(const char *tname, const char *cname)
{
    const struct sqlx_column *c = sqlx_table_column(table(tname), cname);
    cr_assert_not_null(c, "column %s.%s missing", tname, cname);
    return c;
}

static const struct sqlx_index *index_named(const struct sqlx_table *t, const char *name)
{
    const struct sqlx_index *ix;
    sqlx_vec_foreach(&t->indexes, const struct sqlx_index *, ix) {
        if (strcmp(ix->name, name) == 0)
            return ix;
    }
    cr_assert_fail("index %s missing on %s", name, t->name);
    return NULL;
}

static const struct sqlx_fkey *fkey_named(const struct sqlx_table *t, const char *name)
{
    const struct sqlx_fkey *f;
    sqlx_vec_foreach(&t->fkeys, const struct sqlx_fkey *, f) {
        if (f->name && strcmp(f->name, name) == 0)
            return f;
    }
    cr_assert_fail("foreign key %s missing on %s", name, t->name);
    return NULL;
}

static const struct sqlx_check *check_named(const struct sqlx_table *t, const char *name)
{
    const struct sqlx_check *ck;
    sqlx_vec_foreach(&t->checks, const struct sqlx_check *, ck) {
        if (ck->name && strcmp(ck->name, name) == 0)
            return ck;
    }
    cr_assert_fail("check %s missing on %s", name, t->name);
    return NULL;
}

Test(introspect_my, relations_sorted_with_kinds)
{
    need_my();
    const char *want[] = { "account_posts", "accounts", "post_tags", "posts", "tag_votes" };
    cr_assert_str_eq(schema->engine, "mysql");
    cr_assert_not_null(strstr(schema->version, "MariaDB"), "version %s", schema->version);
    cr_assert_eq(schema->tables.len, 5, "the sequence is no table: %zu", schema->tables.len);
    for (size_t i = 0; i < 5; i++) {
        const struct sqlx_table *t = schema->tables.items[i];
        cr_assert_str_eq(t->name, want[i]);
    }
    cr_assert_eq(table("account_posts")->kind, SQLX_REL_VIEW);
    cr_assert_eq(table("accounts")->kind, SQLX_REL_TABLE);
    cr_assert_str_eq(table("post_tags")->route, "post-tags");
    cr_assert_eq(table("accounts")->columns.len, 26);
    cr_assert_eq(column("accounts", "email")->ordinal, 1);
}

Test(introspect_my, integer_decimal_float_types)
{
    need_my();
    const struct sqlx_column *c = column("accounts", "id");
    cr_assert_eq(c->type.kind, SQLX_T_INTEGER);
    cr_assert_eq(c->type.bits, 64);
    cr_assert(c->type.is_unsigned);
    cr_assert_str_eq(c->declared_type, "bigint(20) unsigned");
    cr_assert_eq(column("accounts", "small")->type.bits, 16);
    cr_assert_not(column("accounts", "small")->type.is_unsigned);
    c = column("accounts", "tiny");
    cr_assert_eq(c->type.kind, SQLX_T_INTEGER, "TINYINT(3) is no boolean");
    cr_assert_eq(c->type.bits, 8);
    cr_assert(c->type.is_unsigned);
    cr_assert_eq(column("accounts", "mid")->type.bits, 32);
    cr_assert_eq(column("posts", "id")->type.bits, 32);
    c = column("accounts", "yr");
    cr_assert_eq(c->type.kind, SQLX_T_INTEGER);
    cr_assert_eq(c->type.bits, 16);

    c = column("accounts", "balance");
    cr_assert_eq(c->type.kind, SQLX_T_DECIMAL);
    cr_assert_eq(c->type.precision, 12);
    cr_assert_eq(c->type.scale, 2);
    cr_assert_eq(column("accounts", "ratio")->type.kind, SQLX_T_FLOAT);
    cr_assert_eq(column("accounts", "ratio")->type.bits, 32);
    cr_assert_eq(column("accounts", "score")->type.bits, 64);

    cr_assert_eq(column("accounts", "active")->type.kind, SQLX_T_BOOL);
    cr_assert_str_eq(column("accounts", "active")->declared_type, "tinyint(1)");
    cr_assert_eq(column("accounts", "flag")->type.kind, SQLX_T_BOOL, "BIT(1)");
    c = column("accounts", "bits");
    cr_assert_eq(c->type.kind, SQLX_T_INTEGER);
    cr_assert(c->type.is_unsigned);
}

Test(introspect_my, text_time_and_other_types)
{
    need_my();
    const struct sqlx_column *c = column("accounts", "email");
    cr_assert_eq(c->type.kind, SQLX_T_STRING);
    cr_assert_eq(c->type.max_len, 255);
    cr_assert_str_eq(c->declared_type, "varchar(255)");
    cr_assert_eq(column("accounts", "code")->type.max_len, 3);
    cr_assert_eq(column("accounts", "Weird Col")->type.max_len, 20);
    c = column("accounts", "bio");
    cr_assert_eq(c->type.kind, SQLX_T_STRING);
    cr_assert_eq(c->type.max_len, 0, "TEXT limits are bytes: left unbounded");
    cr_assert_eq(column("accounts", "perms")->type.kind, SQLX_T_STRING);
    cr_assert_eq(column("accounts", "pic")->type.kind, SQLX_T_BYTES);
    c = column("accounts", "raw");
    cr_assert_eq(c->type.kind, SQLX_T_BYTES);
    cr_assert_eq(c->type.max_len, 16);

    c = column("accounts", "created_at");
    cr_assert_eq(c->type.kind, SQLX_T_TIMESTAMP);
    cr_assert(c->type.with_tz, "TIMESTAMP is an instant");
    c = column("accounts", "seen_at");
    cr_assert_eq(c->type.kind, SQLX_T_TIMESTAMP);
    cr_assert_not(c->type.with_tz);
    cr_assert_eq(c->type.precision, 3);
    cr_assert_str_eq(c->declared_type, "datetime(3)");
    cr_assert_eq(column("accounts", "born")->type.kind, SQLX_T_DATE);
    cr_assert_eq(column("accounts", "wake")->type.kind, SQLX_T_TIME);
    cr_assert_eq(column("accounts", "uid")->type.kind, SQLX_T_UUID);
    c = column("accounts", "doc");
    cr_assert_eq(c->type.kind, SQLX_T_JSON, "MariaDB's JSON is LONGTEXT + json_valid check");
    cr_assert_str_eq(c->declared_type, "longtext");
}

Test(introspect_my, enum_labels)
{
    need_my();
    const struct sqlx_column *c = column("accounts", "status");
    cr_assert_eq(c->type.kind, SQLX_T_ENUM);
    cr_assert_eq(c->type.n_enum, 3);
    cr_assert_str_eq(c->type.enum_values[0], "new");
    cr_assert_str_eq(c->type.enum_values[1], "it's");
    cr_assert_str_eq(c->type.enum_values[2], "a,b");
    cr_assert_null(c->type.enum_values[3]);
    cr_assert_str_eq(c->declared_type, "enum('new','it''s','a,b')");
}

Test(introspect_my, nullability_defaults_generated)
{
    need_my();
    const struct sqlx_column *c = column("accounts", "id");
    cr_assert(c->autoincrement, "AUTO_INCREMENT column");
    cr_assert_not(c->nullable);
    cr_assert_eq(c->pk_position, 1);
    cr_assert_null(c->default_sql);
    cr_assert(column("posts", "id")->autoincrement);

    c = column("accounts", "total");
    cr_assert(c->autoincrement, "generated column");
    cr_assert_not(column("accounts", "email")->autoincrement);
    cr_assert_str_eq(column("accounts", "active")->default_sql, "1");
    cr_assert_str_eq(column("accounts", "balance")->default_sql, "0.00");
    cr_assert_str_eq(column("accounts", "created_at")->default_sql, "current_timestamp()");
    cr_assert_str_eq(column("accounts", "status")->default_sql, "'new'");
    cr_assert_str_eq(column("posts", "title")->default_sql, "'untitled'");
    cr_assert_str_eq(column("tag_votes", "n")->default_sql, "1");
    cr_assert_str_eq(column("tag_votes", "note")->default_sql, "'x''y'");
    cr_assert_null(column("tag_votes", "maybe")->default_sql, "DEFAULT NULL is no default");
    cr_assert_str_eq(column("tag_votes", "word")->default_sql, "'NULL'",
                     "the text 'NULL' is a default");
    cr_assert_null(column("accounts", "code")->default_sql);
    cr_assert_null(column("accounts", "email")->default_sql);
    cr_assert_not(column("accounts", "email")->nullable);
    cr_assert(column("accounts", "code")->nullable);
}

Test(introspect_my, primary_keys_composite_in_key_order)
{
    need_my();
    const struct sqlx_table *t = table("post_tags");
    cr_assert_eq(t->npk, 2);
    cr_assert_str_eq(t->pk[0]->name, "tag");
    cr_assert_str_eq(t->pk[1]->name, "post_id");
    cr_assert_eq(column("post_tags", "tag")->pk_position, 1);
    cr_assert_eq(column("post_tags", "post_id")->pk_position, 2);
    cr_assert_eq(table("tag_votes")->npk, 0);
    cr_assert_eq(table("account_posts")->npk, 0);
    cr_assert(column("account_posts", "email")->nullable, "view columns are nullable");
    cr_assert_null(column("account_posts", "n")->default_sql, "a view column has no default");
    cr_assert_not(column("account_posts", "id")->autoincrement);
}

Test(introspect_my, foreign_keys_with_actions)
{
    need_my();
    const struct sqlx_fkey *f = fkey_named(table("posts"), "posts_owner_fk");
    cr_assert_str_eq(f->ref_table, "accounts");
    cr_assert_eq(f->ncolumns, 1);
    cr_assert_str_eq(f->columns[0], "owner_id");
    cr_assert_str_eq(f->ref_columns[0], "id");
    cr_assert_str_eq(f->on_delete, "CASCADE");
    cr_assert_str_eq(f->on_update, "RESTRICT");

    f = fkey_named(table("post_tags"), "post_tags_post_fk");
    cr_assert_str_eq(f->on_delete, "NO ACTION");
    cr_assert_str_eq(f->on_update, "CASCADE");

    f = fkey_named(table("tag_votes"), "votes_pt");
    cr_assert_eq(f->ncolumns, 2);
    cr_assert_str_eq(f->columns[0], "tag");
    cr_assert_str_eq(f->columns[1], "post_id");
    cr_assert_str_eq(f->ref_table, "post_tags");
    cr_assert_str_eq(f->ref_columns[0], "tag");
    cr_assert_str_eq(f->ref_columns[1], "post_id");

    const struct sqlx_table *acc = table("accounts");
    cr_assert_eq(acc->referenced_by.len, 1);
    const struct sqlx_fkey *rb = acc->referenced_by.items[0];
    cr_assert_str_eq(rb->table, "posts");
}

Test(introspect_my, indexes_and_uniques)
{
    need_my();
    const struct sqlx_table *t = table("accounts");
    const struct sqlx_index *ix = index_named(t, "PRIMARY");
    cr_assert(ix->primary);
    cr_assert(ix->unique);
    cr_assert_str_eq(ix->columns[0], "id");
    ix = index_named(t, "accounts_email_key");
    cr_assert(ix->unique);
    cr_assert_not(ix->primary);
    cr_assert_eq(ix->ncolumns, 1);
    cr_assert_str_eq(ix->columns[0], "email");
    ix = index_named(table("posts"), "posts_owner");
    cr_assert_not(ix->unique);
    cr_assert_null(ix->where);
    ix = index_named(table("post_tags"), "PRIMARY");
    cr_assert_eq(ix->ncolumns, 2);
    cr_assert_str_eq(ix->columns[0], "tag");

    const struct sqlx_table *v = table("tag_votes");
    cr_assert_eq(v->uniques.len, 1);
    const struct sqlx_index *u = v->uniques.items[0];
    cr_assert_str_eq(u->name, "votes_uq");
    cr_assert_str_eq(u->columns[0], "post_id");
    cr_assert_str_eq(u->columns[1], "tag");
}

Test(introspect_my, checks_and_views)
{
    need_my();
    const struct sqlx_table *t = table("accounts");
    cr_assert_str_eq(check_named(t, "balance_nonneg")->expr, "`balance` >= 0");
    cr_assert_str_eq(check_named(t, "doc")->expr, "json_valid(`doc`)");
    const struct sqlx_table *p = table("posts");
    cr_assert_eq(p->checks.len, 2);
    cr_assert_str_eq(check_named(p, "qty")->expr, "`qty` > 0", "column-level check");
    cr_assert_str_eq(check_named(p, "CONSTRAINT_1")->expr, "char_length(`title`) > 0");

    const struct sqlx_table *v = table("account_posts");
    cr_assert_not_null(v->view_sql);
    cr_assert(strncmp(v->view_sql, "select ", 7) == 0, "%s", v->view_sql);
    cr_assert_eq(v->columns.len, 3);
    cr_assert_eq(column("account_posts", "n")->type.kind, SQLX_T_INTEGER);
    cr_assert_null(table("accounts")->view_sql);
}

Test(introspect_my, empty_database_and_json)
{
    need_my();
    struct sqlx_err err;
    struct sqlx_conn *c2 = NULL;
    struct sqlx_schema *s = NULL;
    char empty[80];
    snprintf(empty, sizeof empty, "%s_empty", dbname);
    recreate_db(empty);
    if (open_conn(empty, &c2, &err) == 0) {
        s = sqlx_schema_introspect(c2, &err);
        sqlx_conn_close(c2);
    }
    drop_db(empty);
    cr_assert_not_null(s, "%s", err.message);
    cr_assert_eq(s->tables.len, 0);
    sqlx_schema_free(s);

    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    sqlx_schema_to_json(schema, &out, false);
    cr_assert_not_null(strstr(out.data, "\"engine\":\"mysql\""), "%.200s", out.data);
    cr_assert_not_null(strstr(out.data, "\"values\":[\"new\",\"it's\",\"a,b\"]"),
                       "enum labels in the JSON");
    sqlx_buf_free(&out);
}

Test(introspect_my, no_database_selected)
{
    need_my();
    struct sqlx_err err;
    struct sqlx_conn *c2 = NULL;
    cr_assert_eq(open_conn("", &c2, &err), 0, "a URL without a database: %s", err.message);
    struct sqlx_schema *s = sqlx_schema_introspect(c2, &err);
    sqlx_conn_close(c2);
    cr_assert_null(s);
    cr_assert_eq(err.code, SQLX_EINVAL);
    cr_assert_str_eq(err.message, "no database selected");
}
