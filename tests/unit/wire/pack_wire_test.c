/* Tests for the wire-pack parts of the loader (src/wire/pack.c with codec.c and vm.c): the
 * shipped PostgreSQL family packs, "extends" inheritance, capabilities, limits, server types,
 * optimization rules, detect rules after connecting, and validation errors with JSON paths. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wire/pack.h"
#include "wire/vm.h"

static struct sqlx_packset set;

static void setup(void)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_packset_load(SQLX_SOURCE_DIR "/packs", &set, &err), 0, "%s", err.message);
}

static void teardown(void)
{
    sqlx_packset_free(&set);
}

TestSuite(pack_wire, .init = setup, .fini = teardown);

static const struct sqlx_pack *get(const char *name)
{
    const struct sqlx_pack *p = sqlx_packset_find(&set, name);
    cr_assert_not_null(p, "no pack %s", name);
    return p;
}

Test(pack_wire, postgresql_15)
{
    const struct sqlx_pack *p = get("postgresql-15");
    cr_assert_not_null(p->proto);
    cr_assert_not(p->embedded);
    cr_assert(p->tested_live);
    cr_assert_eq(p->default_port, 5432);
    cr_assert_str_eq(p->tls, "pg_sslrequest");
    cr_assert_str_eq(p->detect.parameter, "server_version");
    const struct sqlx_pack_feature *f = sqlx_pack_feature(p, "merge");
    cr_assert_not_null(f);
    cr_assert_eq(f->since_num, 150000);
    cr_assert_eq(sqlx_pack_feature(p, "upsert_on_conflict")->since_num, 90500);
    cr_assert_str_eq(sqlx_pack_feature(p, "jsonb")->probe, "SELECT '{}'::jsonb");
    cr_assert_null(sqlx_pack_feature(p, "time_travel"));
    cr_assert_eq(sqlx_pack_limit(p, "max_identifier_length", 0), 63);
    cr_assert_eq(sqlx_pack_limit(p, "no_such_limit", -5), -5);
    const struct sqlx_pack_server_type *t = sqlx_pack_server_type(p, 1007);
    cr_assert_str_eq(t->name, "_int4");
    cr_assert_eq(t->array_of, 23);
    cr_assert_null(sqlx_pack_server_type(p, 999999));
    cr_assert_eq(p->nrules, 2);
    cr_assert_geq(sqlx_wire_proto_script(p->proto, "execute"), 0);
    cr_assert_eq(sqlx_pack_match_type(p, "INTEGER")->bits, 32);
    /* The embedded pack has no protocol. */
    cr_assert_null(get("sqlite-3")->proto);
    cr_assert(get("sqlite-3")->embedded);
}

Test(pack_wire, extends_inherits_and_overrides)
{
    const struct sqlx_pack *base = get("postgresql-15");
    const struct sqlx_pack *crdb = get("cockroachdb");
    cr_assert_str_eq(crdb->extends, "postgresql-15");
    cr_assert_not(crdb->tested_live);
    cr_assert_not_null(crdb->proto, "messages and scripts are inherited");
    cr_assert_eq(crdb->default_port, 26257, "protocol merges key by key");
    cr_assert_str_eq(crdb->tls, "pg_sslrequest");
    cr_assert_eq(crdb->dialect.param_style, base->dialect.param_style);
    cr_assert_eq(sqlx_pack_match_type(crdb, "int")->bits, 64, "CockroachDB INT is 64-bit");
    cr_assert_eq(sqlx_pack_match_type(base, "int")->bits, 32);
    cr_assert_null(sqlx_pack_feature(crdb, "listen_notify"));
    cr_assert_eq(sqlx_pack_limit(crdb, "max_identifier_length", 0), 128);
    cr_assert_eq(sqlx_pack_server_type(crdb, 23)->oid, 23, "capabilities.types inherited");
    cr_assert_eq(get("yugabytedb")->default_port, 5433);
    cr_assert_eq(get("timescaledb")->default_port, 5432);
    cr_assert_not_null(get("timescaledb")->detect.query);
    /* URL schemes select the packs; "postgresql" is the live-tested one. */
    cr_assert_str_eq(get("postgresql")->name, "postgresql-15");
    cr_assert_str_eq(get("crdb")->name, "cockroachdb");
    cr_assert_str_eq(get("pg")->name, "postgresql-any");
}

/* A fake server's parameters for detect. */
struct params {
    const char *server_version;
    const char *crdb_version;
};

static const char *param(void *ctx, const char *name)
{
    const struct params *p = ctx;
    if (strcmp(name, "server_version") == 0)
        return p->server_version;
    if (strcmp(name, "crdb_version") == 0)
        return p->crdb_version;
    return NULL;
}

Test(pack_wire, detect_after_connect)
{
    const struct sqlx_pack *pg15 = get("postgresql-15");
    cr_assert(sqlx_pack_detect_param(pg15, "server_version", "15.4"));
    cr_assert(sqlx_pack_detect_param(pg15, "server_version", "15.18 (Debian 15.18-0+deb12u1)"));
    cr_assert_not(sqlx_pack_detect_param(pg15, "server_version", "16.1"));
    cr_assert_not(sqlx_pack_detect_param(pg15, "server_version", "15.2-YB-2.25.0.0-b0"));
    cr_assert_not(sqlx_pack_detect_param(pg15, "crdb_version", "15.4"));
    struct params pg = { .server_version = "15.18 (Debian)" };
    cr_assert_eq(sqlx_packset_detect(&set, "postgresql", pg15, param, &pg), pg15);
    struct params pg16 = { .server_version = "16.2" };
    cr_assert_str_eq(sqlx_packset_detect(&set, "postgresql", pg15, param, &pg16)->name,
                     "postgresql-any");
    struct params crdb = { .server_version = "13.0.0",
                           .crdb_version = "CockroachDB CCL v23.1.11 (x86_64)" };
    cr_assert_str_eq(sqlx_packset_detect(&set, "postgresql", pg15, param, &crdb)->name,
                     "cockroachdb");
    struct params yb = { .server_version = "11.2-YB-2.18.0.0-b0" };
    cr_assert_str_eq(sqlx_packset_detect(&set, "postgresql", pg15, param, &yb)->name, "yugabytedb");
    struct params old = { .server_version = "9.6.24" };
    cr_assert_null(sqlx_packset_detect(&set, "postgresql", pg15, param, &old));
}

/* ---- validation errors ------------------------------------------------------------------------- */

/* Writes the PostgreSQL pack, edited by edit(), as NAME.json in a fresh folder and loads it. */
static char dir[64];

static void expect_error(void (*edit)(json_t *root), const char *want_suffix)
{
    struct sqlx_err err;
    snprintf(dir, sizeof dir, "/tmp/sqlx-pack-wire-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    json_error_t je;
    json_t *root = json_load_file(SQLX_SOURCE_DIR "/packs/postgresql-15.json", 0, &je);
    cr_assert_not_null(root, "%s", je.text);
    edit(root);
    char path[128];
    snprintf(path, sizeof path, "%s/x.json", dir);
    cr_assert_eq(json_dump_file(root, path, 0), 0);
    json_decref(root);
    struct sqlx_pack *p = sqlx_pack_load(path, &err);
    char want[1024];
    snprintf(want, sizeof want, "%s: %s", path, want_suffix);
    cr_assert_null(p, "loaded; want %s", want_suffix);
    cr_assert_str_eq(err.message, want);
    unlink(path);
    rmdir(dir);
}

static void drop_framing(json_t *r)
{
    json_object_del(json_object_get(r, "protocol"), "framing");
}

static void bad_since(json_t *r)
{
    json_t *f = json_array_get(json_object_get(json_object_get(r, "capabilities"), "features"), 0);
    json_object_set_new(f, "since", json_string("soon"));
}

static void bad_type_oid(json_t *r)
{
    json_t *t = json_array_get(json_object_get(json_object_get(r, "capabilities"), "types"), 2);
    json_object_set_new(t, "oid", json_integer(0));
}

static void bad_step(json_t *r)
{
    json_t *simple = json_object_get(json_object_get(r, "query"), "simple");
    json_object_set_new(json_array_get(simple, 0), "msg", json_string("Qeury"));
}

static void bad_recv_case(json_t *r)
{
    json_t *hs = json_object_get(r, "handshake");
    for (size_t i = 0; i < json_array_size(hs); i++) {
        json_t *cases = json_object_get(json_array_get(hs, i), "cases");
        if (cases && json_object_get(cases, "AuthenticationOk")) {
            json_object_set_new(cases, "AuthenticationOk", json_string("nowhere"));
            return;
        }
    }
}

static void bad_plugin(json_t *r)
{
    json_t *plugins = json_object_get(json_object_get(r, "authentication"), "plugins");
    json_object_set_new(json_object_get(plugins, "md5"), "builtin", json_string("sha1"));
}

static void embedded_with_messages(json_t *r)
{
    json_object_set_new(json_object_get(r, "protocol"), "embedded", json_true());
    json_object_del(json_object_get(r, "protocol"), "framing");
}

static void missing_base(json_t *r)
{
    json_object_set_new(r, "extends", json_string("no-such-pack"));
}

static void bad_field_type(json_t *r)
{
    json_t *q = json_object_get(json_object_get(r, "messages"), "Query");
    json_object_set_new(json_array_get(json_object_get(q, "fields"), 0), "type",
                        json_string("text"));
}

Test(pack_wire, validation_errors)
{
    expect_error(drop_framing, "$.protocol.framing: expected an object, found nothing");
    expect_error(
        bad_since,
        "$.capabilities.features[0].since: expected a version such as \"15\" or \"9.5\", found \"soon\"");
    expect_error(
        bad_type_oid,
        "$.capabilities.types[2].oid: expected a positive 32-bit type identifier, found 0");
    expect_error(
        bad_step,
        "$.query.simple[0].msg: expected the name of a message in $.messages, found \"Qeury\"");
    expect_error(
        bad_recv_case,
        "$.handshake[15].cases.AuthenticationOk: expected a label of the same script, or \"next\", found \"nowhere\"");
    expect_error(
        bad_plugin,
        "$.authentication.plugins.md5.builtin: expected one of \"cleartext\", \"pg_md5\", \"scram-sha-256\", \"mysql_native_password\", \"caching_sha2_password\", \"caching_sha2_rsa\", \"client_ed25519\", found \"sha1\"");
    expect_error(
        embedded_with_messages,
        "$.messages: only wire packs (protocol.embedded false) describe messages and scripts");
    expect_error(
        bad_field_type,
        "$.messages.Query.fields[0].type: expected a field type: uint8..uint64 or int8..int64 (optionally _le/_be, uint24), cstring, fixed_string:N, fixed_bytes:N, bytes, bytes:FIELD, lenenc_int, lenenc_string, lenenc_bytes, parameter_list, tagged_cstrings, cstring_list or repeat, found \"text\"");
}

Test(pack_wire, extends_missing_base)
{
    struct sqlx_err err;
    snprintf(dir, sizeof dir, "/tmp/sqlx-pack-wire-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    json_error_t je;
    json_t *root = json_load_file(SQLX_SOURCE_DIR "/packs/cockroachdb.json", 0, &je);
    missing_base(root);
    char path[128];
    snprintf(path, sizeof path, "%s/c.json", dir);
    cr_assert_eq(json_dump_file(root, path, 0), 0);
    json_decref(root);
    cr_assert_null(sqlx_pack_load(path, &err));
    cr_assert(strstr(err.message, "$.extends: cannot read base pack \"no-such-pack\"") != NULL,
              "%s", err.message);
    unlink(path);
    rmdir(dir);
}
