/* Tests for src/schema/introspect_pg.c against the PostgreSQL at $SQLX_TEST_PG_URL (set by
 * tests/run.sh through tests/harness/pg.sh; the tests are skipped only when it is unset). Each
 * test process builds its fixture in a schema of its own (sqlx_introspect_<pid>) through the
 * sqlx connection, points search_path at it, and reads it back through sqlx_schema_introspect:
 * every type family, arrays, enums, domains, identity and serial, composite and foreign keys
 * with actions, unique and partial and expression indexes, checks and views. */
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
static char nsp[64];

static const char *const fixture[] = {
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy, \"very\"')",
    "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)",
    "CREATE DOMAIN short_text AS varchar(10)",
    "CREATE TABLE accounts ("
    " id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    " email varchar(255) NOT NULL UNIQUE,"
    " code char(3),"
    " balance numeric(12,2) NOT NULL DEFAULT 0 CONSTRAINT balance_nonneg CHECK (balance >= 0),"
    " ratio real, score double precision, small smallint,"
    " active boolean NOT NULL DEFAULT true,"
    " created_at timestamptz NOT NULL DEFAULT now(),"
    " seen_at timestamp(3), born date, wake time, gap interval, uid uuid, doc jsonb, meta json,"
    " pic bytea, tags text[], nums integer[], feeling mood, qty posint, nick short_text,"
    " anything numeric, \"Weird Col\" text,"
    " total numeric GENERATED ALWAYS AS (balance * 2) STORED)",
    "CREATE TABLE posts ("
    " id serial PRIMARY KEY,"
    " owner_id bigint NOT NULL REFERENCES accounts (id) ON DELETE CASCADE ON UPDATE RESTRICT,"
    " title text NOT NULL, CHECK (length(title) > 0))",
    "CREATE TABLE post_tags ("
    " post_id int NOT NULL, tag varchar(30) NOT NULL, PRIMARY KEY (tag, post_id),"
    " CONSTRAINT post_tags_post_fk FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE SET NULL)",
    "CREATE TABLE tag_votes ("
    " post_id int, tag varchar(30), n int DEFAULT 1,"
    " CONSTRAINT votes_pt FOREIGN KEY (tag, post_id) REFERENCES post_tags (tag, post_id),"
    " CONSTRAINT votes_uq UNIQUE (post_id, tag))",
    "CREATE UNIQUE INDEX accounts_lower_email ON accounts (lower(email))",
    "CREATE UNIQUE INDEX posts_title_live ON posts (owner_id, title) WHERE title <> ''",
    "CREATE INDEX posts_owner ON posts (owner_id)",
    "CREATE VIEW account_posts AS SELECT a.id, a.email, count(p.id) AS n FROM accounts a"
    " LEFT JOIN posts p ON p.owner_id = a.id GROUP BY a.id, a.email",
    "CREATE MATERIALIZED VIEW post_counts AS SELECT owner_id, count(*) AS n FROM posts"
    " GROUP BY owner_id",
    NULL,
};

static void exec(const char *sql)
{
    struct sqlx_err err;
    sqlx_err_clear(&err);
    cr_assert_eq(sqlx_conn_exec(conn, sql, &err), 0, "%s: %s", sql, err.message);
}

/* Runs head + name + tail (schema names are generated here, never user input). */
static void exec_on(const char *head, const char *name, const char *tail)
{
    char sql[256];
    snprintf(sql, sizeof sql, "%s%s%s", head, name, tail);
    exec(sql);
}

static void setup(void)
{
    struct sqlx_err err;
    const char *url = getenv("SQLX_TEST_PG_URL");

    if (!url || !url[0])
        return; /* each test skips itself */
    sqlx_err_clear(&err);
    if (!getenv("SQLX_PACKS"))
        setenv("SQLX_PACKS", SQLX_SOURCE_DIR "/packs", 1);
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_conn_open(url, &packs, &conn, &err), 0, "%s: %s", url, err.message);
    snprintf(nsp, sizeof nsp, "sqlx_introspect_%ld", (long)getpid());
    exec_on("DROP SCHEMA IF EXISTS ", nsp, " CASCADE");
    exec_on("CREATE SCHEMA ", nsp, "");
    exec_on("SET search_path TO ", nsp, "");
    for (const char *const *q = fixture; *q; q++)
        exec(*q);
    schema = sqlx_schema_introspect(conn, &err);
    cr_assert_not_null(schema, "introspection failed: %s (%s)", err.message, err.detail);
}

static void teardown(void)
{
    struct sqlx_err err;
    char sql[128];
    if (schema)
        sqlx_schema_free(schema);
    if (conn) {
        snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS %s CASCADE", nsp);
        if (sqlx_conn_exec(conn, sql, &err) != 0)
            fprintf(stderr, "teardown: %s\n", err.message);
        sqlx_conn_close(conn);
        sqlx_packset_free(&packs);
    }
}

TestSuite(introspect_pg, .init = setup, .fini = teardown);

static void need_pg(void)
{
    if (!getenv("SQLX_TEST_PG_URL") || !getenv("SQLX_TEST_PG_URL")[0])
        cr_skip_test("SQLX_TEST_PG_URL is not set");
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

Test(introspect_pg, relations_sorted_with_kinds)
{
    need_pg();
    const char *want[] = { "account_posts", "accounts", "post_counts", "post_tags", "posts",
                           "tag_votes" };
    cr_assert_str_eq(schema->engine, "postgresql");
    cr_assert(strncmp(schema->version, "15", 2) == 0, "version %s", schema->version);
    cr_assert_eq(schema->tables.len, 6);
    for (size_t i = 0; i < 6; i++) {
        const struct sqlx_table *t = schema->tables.items[i];
        cr_assert_str_eq(t->name, want[i]);
    }
    cr_assert_eq(table("account_posts")->kind, SQLX_REL_VIEW);
    cr_assert_eq(table("post_counts")->kind, SQLX_REL_VIEW, "a materialized view is a view");
    cr_assert_eq(table("accounts")->kind, SQLX_REL_TABLE);
    cr_assert_str_eq(table("post_tags")->route, "post-tags");
    cr_assert_eq(table("accounts")->columns.len, 25);
}

Test(introspect_pg, scalar_types)
{
    need_pg();
    const struct sqlx_column *c = column("accounts", "id");
    cr_assert_eq(c->type.kind, SQLX_T_INTEGER);
    cr_assert_eq(c->type.bits, 64);
    cr_assert_str_eq(c->declared_type, "bigint");
    cr_assert_eq(column("accounts", "small")->type.bits, 16);
    cr_assert_eq(column("posts", "id")->type.bits, 32);

    c = column("accounts", "email");
    cr_assert_eq(c->type.kind, SQLX_T_STRING);
    cr_assert_eq(c->type.max_len, 255);
    cr_assert_str_eq(c->declared_type, "character varying(255)");
    cr_assert_eq(column("accounts", "code")->type.max_len, 3);
    cr_assert_eq(column("accounts", "Weird Col")->type.kind, SQLX_T_STRING);
    cr_assert_eq(column("accounts", "Weird Col")->type.max_len, 0);

    c = column("accounts", "balance");
    cr_assert_eq(c->type.kind, SQLX_T_DECIMAL);
    cr_assert_eq(c->type.precision, 12);
    cr_assert_eq(c->type.scale, 2);
    c = column("accounts", "anything");
    cr_assert_eq(c->type.kind, SQLX_T_DECIMAL);
    cr_assert_eq(c->type.precision, 0, "unconstrained numeric is unbounded");

    cr_assert_eq(column("accounts", "ratio")->type.kind, SQLX_T_FLOAT);
    cr_assert_eq(column("accounts", "ratio")->type.bits, 32);
    cr_assert_eq(column("accounts", "score")->type.bits, 64);
    cr_assert_eq(column("accounts", "active")->type.kind, SQLX_T_BOOL);

    c = column("accounts", "created_at");
    cr_assert_eq(c->type.kind, SQLX_T_TIMESTAMP);
    cr_assert(c->type.with_tz);
    c = column("accounts", "seen_at");
    cr_assert_eq(c->type.kind, SQLX_T_TIMESTAMP);
    cr_assert_not(c->type.with_tz);
    cr_assert_eq(c->type.precision, 3);
    cr_assert_str_eq(c->declared_type, "timestamp(3) without time zone");

    cr_assert_eq(column("accounts", "born")->type.kind, SQLX_T_DATE);
    cr_assert_eq(column("accounts", "wake")->type.kind, SQLX_T_TIME);
    cr_assert_eq(column("accounts", "gap")->type.kind, SQLX_T_INTERVAL);
    cr_assert_eq(column("accounts", "uid")->type.kind, SQLX_T_UUID);
    cr_assert_eq(column("accounts", "doc")->type.kind, SQLX_T_JSON);
    cr_assert_eq(column("accounts", "meta")->type.kind, SQLX_T_JSON);
    cr_assert_eq(column("accounts", "pic")->type.kind, SQLX_T_BYTES);
}

Test(introspect_pg, arrays_enums_domains)
{
    need_pg();
    const struct sqlx_column *c = column("accounts", "tags");
    cr_assert_str_eq(c->declared_type, "text[]");
    cr_assert_eq(c->type.kind, SQLX_T_UNKNOWN);
    cr_assert_str_eq(column("accounts", "nums")->declared_type, "integer[]");
    cr_assert_eq(column("accounts", "nums")->type.kind, SQLX_T_UNKNOWN);

    c = column("accounts", "feeling");
    cr_assert_eq(c->type.kind, SQLX_T_ENUM);
    cr_assert_eq(c->type.n_enum, 3);
    cr_assert_str_eq(c->type.enum_values[0], "sad");
    cr_assert_str_eq(c->type.enum_values[1], "ok");
    cr_assert_str_eq(c->type.enum_values[2], "happy, \"very\"");
    cr_assert_null(c->type.enum_values[3]);
    cr_assert_str_eq(c->declared_type, "mood");

    c = column("accounts", "qty");
    cr_assert_str_eq(c->declared_type, "posint");
    cr_assert_eq(c->type.kind, SQLX_T_INTEGER, "a domain reads as its base type");
    cr_assert_eq(c->type.bits, 32);
    c = column("accounts", "nick");
    cr_assert_eq(c->type.kind, SQLX_T_STRING);
    cr_assert_eq(c->type.max_len, 10, "the domain's varchar(10) modifier");
}

Test(introspect_pg, nullability_defaults_generated)
{
    need_pg();
    const struct sqlx_column *c = column("accounts", "id");
    cr_assert(c->autoincrement, "identity column");
    cr_assert_not(c->nullable);
    cr_assert_eq(c->pk_position, 1);
    cr_assert_null(c->default_sql);

    c = column("posts", "id");
    cr_assert(c->autoincrement, "serial column");
    cr_assert(strncmp(c->default_sql, "nextval(", 8) == 0, "%s", c->default_sql);

    c = column("accounts", "total");
    cr_assert(c->autoincrement, "generated column");
    cr_assert(column("accounts", "active")->default_sql);
    cr_assert_str_eq(column("accounts", "active")->default_sql, "true");
    cr_assert_str_eq(column("accounts", "balance")->default_sql, "0");
    cr_assert_str_eq(column("accounts", "created_at")->default_sql, "now()");
    cr_assert_not(column("accounts", "email")->nullable);
    cr_assert(column("accounts", "code")->nullable);
    cr_assert_not(column("accounts", "code")->autoincrement);
    cr_assert_str_eq(column("tag_votes", "n")->default_sql, "1");
    cr_assert_eq(column("accounts", "email")->ordinal, 1);
}

Test(introspect_pg, primary_keys_composite_in_key_order)
{
    need_pg();
    const struct sqlx_table *t = table("post_tags");
    cr_assert_eq(t->npk, 2);
    cr_assert_str_eq(t->pk[0]->name, "tag");
    cr_assert_str_eq(t->pk[1]->name, "post_id");
    cr_assert_eq(column("post_tags", "tag")->pk_position, 1);
    cr_assert_eq(column("post_tags", "post_id")->pk_position, 2);
    cr_assert_eq(table("tag_votes")->npk, 0);
    cr_assert_eq(table("account_posts")->npk, 0);
    cr_assert(column("account_posts", "id")->nullable, "view columns are nullable");
}

Test(introspect_pg, foreign_keys_with_actions)
{
    need_pg();
    const struct sqlx_fkey *f = fkey_named(table("posts"), "posts_owner_id_fkey");
    cr_assert_str_eq(f->ref_table, "accounts");
    cr_assert_eq(f->ncolumns, 1);
    cr_assert_str_eq(f->columns[0], "owner_id");
    cr_assert_str_eq(f->ref_columns[0], "id");
    cr_assert_str_eq(f->on_delete, "CASCADE");
    cr_assert_str_eq(f->on_update, "RESTRICT");

    f = fkey_named(table("post_tags"), "post_tags_post_fk");
    cr_assert_str_eq(f->on_delete, "SET NULL");
    cr_assert_str_eq(f->on_update, "NO ACTION");

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

Test(introspect_pg, indexes_unique_partial_expression)
{
    need_pg();
    const struct sqlx_table *t = table("accounts");
    const struct sqlx_index *ix = index_named(t, "accounts_pkey");
    cr_assert(ix->primary);
    cr_assert(ix->unique);
    ix = index_named(t, "accounts_email_key");
    cr_assert(ix->unique);
    cr_assert_not(ix->primary);
    cr_assert_eq(ix->ncolumns, 1);
    cr_assert_str_eq(ix->columns[0], "email");
    ix = index_named(t, "accounts_lower_email");
    cr_assert_str_eq(ix->columns[0], "(lower(email::text))");

    const struct sqlx_table *p = table("posts");
    ix = index_named(p, "posts_title_live");
    cr_assert(ix->unique);
    cr_assert_eq(ix->ncolumns, 2);
    cr_assert_str_eq(ix->columns[1], "title");
    cr_assert_not_null(ix->where);
    cr_assert_str_eq(ix->where, "title <> ''::text");
    ix = index_named(p, "posts_owner");
    cr_assert_not(ix->unique);
    cr_assert_null(ix->where);

    /* uniques: constraints through their index; partial ones are left out by publish */
    const struct sqlx_table *v = table("tag_votes");
    cr_assert_eq(v->uniques.len, 1);
    const struct sqlx_index *u = v->uniques.items[0];
    cr_assert_str_eq(u->name, "votes_uq");
    cr_assert_str_eq(u->columns[0], "post_id");
    cr_assert_str_eq(u->columns[1], "tag");
    const struct sqlx_index *pu;
    sqlx_vec_foreach(&p->uniques, const struct sqlx_index *, pu) {
        cr_assert_str_neq(pu->name, "posts_title_live");
    }
}

Test(introspect_pg, checks_and_views)
{
    need_pg();
    const struct sqlx_table *t = table("accounts");
    cr_assert_eq(t->checks.len, 1);
    const struct sqlx_check *ck = t->checks.items[0];
    cr_assert_str_eq(ck->name, "balance_nonneg");
    cr_assert_str_eq(ck->expr, "balance >= 0::numeric");
    ck = table("posts")->checks.items[0];
    cr_assert_str_eq(ck->name, "posts_title_check");
    cr_assert_str_eq(ck->expr, "length(title) > 0");

    const struct sqlx_table *v = table("account_posts");
    cr_assert_not_null(v->view_sql);
    cr_assert(strncmp(v->view_sql, "SELECT a.id,", 12) == 0, "%s", v->view_sql);
    cr_assert_neq(v->view_sql[strlen(v->view_sql) - 1], ';');
    cr_assert_eq(v->columns.len, 3);
    cr_assert_eq(column("account_posts", "n")->type.kind, SQLX_T_INTEGER);
    cr_assert_null(table("accounts")->view_sql);
}

Test(introspect_pg, empty_schema_and_json_round)
{
    need_pg();
    struct sqlx_err err;
    char empty[80];
    snprintf(empty, sizeof empty, "%s_empty", nsp);
    exec_on("DROP SCHEMA IF EXISTS ", empty, " CASCADE");
    exec_on("CREATE SCHEMA ", empty, "");
    exec_on("SET search_path TO ", empty, "");
    struct sqlx_schema *s = sqlx_schema_introspect(conn, &err);
    cr_assert_not_null(s, "%s", err.message);
    cr_assert_eq(s->tables.len, 0);
    sqlx_schema_free(s);
    exec_on("DROP SCHEMA ", empty, "");

    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    sqlx_schema_to_json(schema, &out, false);
    cr_assert_not_null(strstr(out.data, "\"engine\":\"postgresql\""), "%.200s", out.data);
    cr_assert_not_null(strstr(out.data, "\"values\":[\"sad\",\"ok\",\"happy, \\\"very\\\"\"]"),
                       "enum labels in the JSON");
    sqlx_buf_free(&out);
}
