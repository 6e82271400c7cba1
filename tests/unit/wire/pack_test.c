/* Tests for src/wire/pack.c: the real packs/sqlite-3.json loads with the expected dialect and type
 * table; broken variants of it, written to temporary files, fail with the file, the JSON path and
 * what was expected; pack sets skip packs/schema/ and refuse duplicate names and schemes. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/err.h"
#include "wire/pack.h"

#define REAL_PACK SQLX_SOURCE_DIR "/packs/sqlite-3.json"

static char tmpdir[64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sqlx-pack-test-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(pack, .init = make_tmpdir, .fini = remove_tmpdir);

static json_t *real_doc(void)
{
    json_error_t je;
    json_t *doc = json_load_file(REAL_PACK, 0, &je);
    cr_assert_not_null(doc, "cannot read %s: %s", REAL_PACK, je.text);
    return doc;
}

/* Writes doc to tmpdir/name and loads it; returns the pack (or NULL with err filled). */
static struct sqlx_pack *load_doc(json_t *doc, const char *name, char *path, size_t cap,
                                  struct sqlx_err *err)
{
    snprintf(path, cap, "%s/%s", tmpdir, name);
    cr_assert_eq(json_dump_file(doc, path, JSON_INDENT(2)), 0);
    sqlx_err_clear(err);
    return sqlx_pack_load(path, err);
}

/* Loads doc and expects failure whose message is "<file>: <suffix>" exactly. */
static void expect_error(json_t *doc, const char *suffix)
{
    char path[256], want[768];
    struct sqlx_err err;
    struct sqlx_pack *p = load_doc(doc, "broken.json", path, sizeof path, &err);
    cr_assert_null(p, "a broken pack loaded; expected error \"%s\"", suffix);
    cr_assert_eq(err.code, SQLX_EINVAL, "code %d: %s", err.code, err.message);
    snprintf(want, sizeof want, "%s: %s", path, suffix);
    cr_assert_str_eq(err.message, want);
    json_decref(doc);
}

static json_t *section(json_t *doc, const char *key)
{
    json_t *s = json_object_get(doc, key);
    cr_assert_not_null(s);
    return s;
}

static json_t *type_row(json_t *doc, size_t i)
{
    return json_array_get(section(section(doc, "types"), "map"), i);
}

Test(pack, real_sqlite_pack_loads)
{
    struct sqlx_err err;
    sqlx_err_clear(&err);
    struct sqlx_pack *p = sqlx_pack_load(REAL_PACK, &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert_str_eq(p->name, "sqlite-3");
    cr_assert_str_eq(p->family, "sqlite");
    cr_assert_str_eq(p->version, "3.35+");
    cr_assert_str_eq(p->file, REAL_PACK);
    cr_assert_str_eq(p->schemes[0], "sqlite");
    cr_assert_str_eq(p->schemes[1], "sqlite3");
    cr_assert_str_eq(p->schemes[2], "file");
    cr_assert_null(p->schemes[3]);
    cr_assert_eq(p->dialect.quote_open, '"');
    cr_assert_eq(p->dialect.quote_close, '"');
    cr_assert_eq(p->dialect.param_style, SQLX_PARAM_QNUM);
    cr_assert_eq(p->dialect.limit_form, SQLX_LIMIT_LIMIT_OFFSET);
    cr_assert_eq(p->dialect.ilike_form, SQLX_ILIKE_LOWER);
    cr_assert_str_eq(p->dialect.true_literal, "TRUE");
    cr_assert_str_eq(p->dialect.false_literal, "FALSE");
    cr_assert(p->dialect.supports_returning);
    cr_assert_str_eq(p->dialect.upsert_form, "on_conflict");
    cr_assert_str_eq(p->dialect.concat_op, "||");
    cr_assert_str_eq(p->dialect.like_escape, "\\");
    cr_assert_str_eq(p->default_type, "decimal");
    cr_assert_gt(p->ntypes, 30);
    cr_assert_not_null(p->file);
    sqlx_pack_free(p);
}

static void expect_type(const struct sqlx_pack *p, const char *declared, const char *universal,
                        int bits)
{
    const struct sqlx_pack_type *t = sqlx_pack_match_type(p, declared);
    cr_assert_not_null(t, "\"%s\" matched nothing", declared);
    cr_assert_str_eq(t->universal, universal, "\"%s\" -> %s, expected %s", declared, t->universal,
                     universal);
    cr_assert_eq(t->bits, bits, "\"%s\" -> %d bits, expected %d", declared, t->bits, bits);
}

Test(pack, sqlite_type_table_and_affinity_rules)
{
    struct sqlx_err err;
    struct sqlx_pack *p = sqlx_pack_load(REAL_PACK, &err);
    cr_assert_not_null(p, "%s", err.message);
    expect_type(p, "INTEGER", "integer", 64);
    expect_type(p, "int", "integer", 32);
    expect_type(p, "SMALLINT", "integer", 16);
    expect_type(p, "tinyint(1)", "integer", 8);
    expect_type(p, "VARCHAR(255)", "string", 0);
    expect_type(p, "  Character  Varying (20) ", "string", 0);
    expect_type(p, "DOUBLE   PRECISION", "float", 64);
    expect_type(p, "NUMERIC(10, 2)", "decimal", 0);
    expect_type(p, "BLOB", "bytes", 0);
    expect_type(p, "DATETIME", "timestamp", 0);
    expect_type(p, "boolean", "bool", 0);
    expect_type(p, "UUID", "uuid", 0);
    expect_type(p, "json", "json", 0);
    const struct sqlx_pack_type *t = sqlx_pack_match_type(p, "UNSIGNED BIG INT");
    cr_assert_not_null(t);
    cr_assert(t->is_unsigned);
    t = sqlx_pack_match_type(p, "TIMESTAMP(3) WITH TIME ZONE");
    cr_assert_not_null(t);
    cr_assert_str_eq(t->universal, "timestamp");
    cr_assert(t->with_tz);
    /* No declared type: BLOB affinity, any value. */
    expect_type(p, "", "unknown", 0);
    expect_type(p, NULL, "unknown", 0);
    /* SQLite's affinity rules, in their order: INT wins over everything ("FLOATING POINT" has
     * INTEGER affinity), then CHAR/CLOB/TEXT, then BLOB, then REAL/FLOA/DOUB. */
    expect_type(p, "BIGINTEGER", "integer", 64);
    expect_type(p, "FLOATING POINT", "integer", 64);
    expect_type(p, "my_text_type", "string", 0);
    expect_type(p, "VARYING CHARACTER(70)", "string", 0);
    expect_type(p, "imageblob", "bytes", 0);
    expect_type(p, "FLOAT8", "float", 64);
    expect_type(p, "doubles", "float", 64);
    /* NUMERIC affinity: no row, the pack's default applies. */
    cr_assert_null(sqlx_pack_match_type(p, "STRING"));
    cr_assert_null(sqlx_pack_match_type(p, "money"));
    sqlx_pack_free(p);
}

Test(pack, contains_and_prefix_rows_order)
{
    char path[256];
    struct sqlx_err err;
    json_t *doc = real_doc();
    json_t *map = json_array();
    json_array_append_new(map, json_pack("{s:s, s:b, s:s}", "match", "big", "contains", 1,
                                         "universal", "string"));
    json_array_append_new(map, json_pack("{s:s, s:b, s:s, s:i}", "match", "big", "prefix", 1,
                                         "universal", "integer", "bits", 64));
    json_array_append_new(map, json_pack("{s:s, s:s}", "match", "bigserial", "universal", "uuid"));
    json_object_set_new(section(doc, "types"), "map", map);
    struct sqlx_pack *p = load_doc(doc, "order.json", path, sizeof path, &err);
    cr_assert_not_null(p, "%s", err.message);
    cr_assert_str_eq(sqlx_pack_match_type(p, "BIGSERIAL")->universal, "uuid");
    cr_assert_str_eq(sqlx_pack_match_type(p, "bigthing")->universal, "integer");
    cr_assert_str_eq(sqlx_pack_match_type(p, "notbig")->universal, "string");
    cr_assert_null(sqlx_pack_match_type(p, "small"));
    sqlx_pack_free(p);
    json_decref(doc);
}

Test(pack, error_param_style)
{
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "dialect"), "param_style", json_string("%s"));
    expect_error(doc, "$.dialect.param_style: expected one of \"?\", \"$1\", \"?1\", found \"%s\"");
}

Test(pack, error_missing_quote)
{
    json_t *doc = real_doc();
    json_object_del(section(doc, "dialect"), "quote");
    expect_error(doc, "$.dialect.quote: expected a string, found nothing");
}

Test(pack, error_long_quote)
{
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "dialect"), "quote", json_string("<<>>"));
    expect_error(doc, "$.dialect.quote: expected one character (open and close alike) or two (open, close), found \"<<>>\"");
}

Test(pack, error_returning_not_bool)
{
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "dialect"), "returning", json_string("yes"));
    expect_error(doc, "$.dialect.returning: expected true or false, found \"yes\"");
}

Test(pack, error_like_escape_two_chars)
{
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "dialect"), "like_escape", json_string("ab"));
    expect_error(doc, "$.dialect.like_escape: expected a string of one character, found \"ab\"");
}

Test(pack, error_universal_kind)
{
    json_t *doc = real_doc();
    json_object_set_new(type_row(doc, 2), "universal", json_string("integr"));
    expect_error(doc, "$.types.map[2].universal: expected one of \"integer\", \"decimal\", \"float\", \"bool\", \"string\", \"bytes\", \"date\", \"time\", \"timestamp\", \"interval\", \"json\", \"uuid\", \"enum\", \"unknown\", found \"integr\"");
}

Test(pack, error_bits)
{
    json_t *doc = real_doc();
    json_object_set_new(type_row(doc, 0), "bits", json_integer(12));
    expect_error(doc, "$.types.map[0].bits: expected one of 8, 16, 32, 64, found 12");
}

Test(pack, error_bits_on_string)
{
    json_t *doc = real_doc();
    json_t *row = json_array_get(section(section(doc, "types"), "map"), 18);
    cr_assert_str_eq(json_string_value(json_object_get(row, "universal")), "string");
    json_object_set_new(row, "bits", json_integer(8));
    expect_error(doc, "$.types.map[18].bits: bits applies only to universal \"integer\" and \"float\"");
}

Test(pack, error_type_match_upper_case)
{
    json_t *doc = real_doc();
    json_object_set_new(type_row(doc, 1), "match", json_string("INT"));
    expect_error(doc, "$.types.map[1].match: expected a lower-case type name without parentheses, found \"INT\"");
}

Test(pack, error_prefix_and_contains)
{
    json_t *doc = real_doc();
    json_object_set_new(type_row(doc, 3), "prefix", json_true());
    json_object_set_new(type_row(doc, 3), "contains", json_true());
    expect_error(doc, "$.types.map[3]: expected at most one of \"prefix\" and \"contains\", found both");
}

Test(pack, error_duplicate_type_row)
{
    json_t *doc = real_doc();
    json_object_set_new(type_row(doc, 4), "match", json_string("integer"));
    expect_error(doc, "$.types.map[4]: duplicate row: \"integer\" is already matched by row 0");
}

Test(pack, error_types_map_not_array)
{
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "types"), "map", json_object());
    expect_error(doc, "$.types.map: expected an array of type rows, found an object");
}

Test(pack, error_unknown_top_key)
{
    json_t *doc = real_doc();
    json_object_set_new(doc, "dialekt", json_object());
    expect_error(doc, "$.dialekt: unknown key; expected one of \"$schema\", \"$comment\", \"name\", \"family\", \"version\", \"description\", \"schemes\", \"detect\", \"protocol\", \"dialect\", \"types\", \"tested_live\", \"extends\", \"messages\", \"authentication\", \"handshake\", \"query\", \"async\", \"capabilities\", \"optimization_rules\"");
}

Test(pack, error_unknown_dialect_key)
{
    char path[256];
    struct sqlx_err err;
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "dialect"), "quoting", json_string("\""));
    cr_assert_null(load_doc(doc, "k.json", path, sizeof path, &err));
    cr_assert(strstr(err.message, ": $.dialect.quoting: unknown key; expected one of \"quote\","),
              "%s", err.message);
    json_decref(doc);
}

Test(pack, error_empty_schemes)
{
    json_t *doc = real_doc();
    json_object_set_new(doc, "schemes", json_array());
    expect_error(doc, "$.schemes: expected a non-empty array of URL schemes, found an array");
}

Test(pack, error_bad_scheme_item)
{
    json_t *doc = real_doc();
    json_array_append_new(section(doc, "schemes"), json_integer(5));
    expect_error(doc, "$.schemes[3]: expected a lower-case URL scheme such as \"sqlite\", found 5");
}

Test(pack, error_repeated_scheme)
{
    json_t *doc = real_doc();
    json_array_append_new(section(doc, "schemes"), json_string("sqlite"));
    expect_error(doc, "$.schemes[3]: expected a scheme not listed before, found \"sqlite\"");
}

Test(pack, error_family)
{
    json_t *doc = real_doc();
    json_object_set_new(doc, "family", json_string("oracle"));
    expect_error(doc, "$.family: expected one of \"sqlite\", \"postgresql\", \"mysql\", found \"oracle\"");
}

Test(pack, error_name)
{
    json_t *doc = real_doc();
    json_object_set_new(doc, "name", json_string("SQLite 3"));
    expect_error(doc, "$.name: expected lower-case letters, digits, '-', '_' or '.' starting with a letter or digit, found \"SQLite 3\"");
}

Test(pack, error_version_empty)
{
    json_t *doc = real_doc();
    json_object_set_new(doc, "version", json_string(""));
    expect_error(doc, "$.version: expected a non-empty string, found \"\"");
}

Test(pack, error_detect_pattern)
{
    char path[256];
    struct sqlx_err err;
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "detect"), "pattern", json_string("(3\\."));
    cr_assert_null(load_doc(doc, "re.json", path, sizeof path, &err));
    cr_assert(strstr(err.message, ": $.detect.pattern: expected a POSIX extended regular expression ("),
              "%s", err.message);
    cr_assert(strstr(err.message, "found \"(3\\.\""), "%s", err.message);
    json_decref(doc);
}

Test(pack, error_detect_source)
{
    json_t *doc = real_doc();
    json_object_del(section(doc, "detect"), "query");
    expect_error(doc, "$.detect: expected \"query\" or \"parameter\" naming where the version string comes from, found neither");
}

Test(pack, error_protocol_not_embedded)
{
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "protocol"), "embedded", json_false());
    expect_error(doc, "$.protocol.embedded: expected true (the sqlite family runs in-process), found false");
}

Test(pack, error_protocol_port)
{
    json_t *doc = real_doc();
    json_object_set_new(section(doc, "protocol"), "default_port", json_integer(70000));
    expect_error(doc, "$.protocol.default_port: expected an integer port from 1 to 65535, found 70000");
}

Test(pack, error_root_not_object)
{
    json_t *doc = json_pack("[i]", 1);
    expect_error(doc, "$: expected an object, found an array");
}

Test(pack, error_missing_section)
{
    json_t *doc = real_doc();
    json_object_del(doc, "types");
    expect_error(doc, "$.types: expected an object, found nothing");
}

Test(pack, invalid_json_names_file)
{
    char path[256];
    struct sqlx_err err;
    snprintf(path, sizeof path, "%s/bad.json", tmpdir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("{\"name\": \"x\",\n  \"family\": }\n", f);
    fclose(f);
    cr_assert_null(sqlx_pack_load(path, &err));
    cr_assert_eq(err.code, SQLX_EPARSE);
    cr_assert(strstr(err.message, path), "%s", err.message);
    cr_assert(strstr(err.message, "line 2"), "%s", err.message);
}

Test(pack, missing_file)
{
    struct sqlx_err err;
    cr_assert_null(sqlx_pack_load("/nonexistent/x.json", &err));
    cr_assert_eq(err.code, SQLX_ENOTFOUND);
    cr_assert(strstr(err.message, "/nonexistent/x.json"), "%s", err.message);
}

Test(pack, real_packset_skips_schema_folder)
{
    struct sqlx_packset set;
    struct sqlx_err err;
    struct stat st;
    cr_assert_eq(stat(SQLX_SOURCE_DIR "/packs/schema/pack.schema.json", &st), 0);
    cr_assert_eq(sqlx_packset_load(SQLX_SOURCE_DIR "/packs", &set, &err), 0, "%s", err.message);
    cr_assert_geq(set.n, 1);
    const struct sqlx_pack *p = sqlx_packset_find(&set, "sqlite-3");
    cr_assert_not_null(p);
    cr_assert_eq(sqlx_packset_find(&set, "sqlite"), p);
    cr_assert_eq(sqlx_packset_find(&set, "sqlite3"), p);
    cr_assert_eq(sqlx_packset_find(&set, "file"), p);
    cr_assert_null(sqlx_packset_find(&set, "nosuchdb"));
    cr_assert_null(sqlx_packset_find(&set, NULL));
    for (size_t i = 0; i < set.n; i++)
        cr_assert_null(strstr(set.packs[i]->file, "/schema/"));
    sqlx_packset_free(&set);
    cr_assert_eq(set.n, 0);
}

static void write_pack(const char *name, json_t *doc)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    cr_assert_eq(json_dump_file(doc, path, 0), 0);
}

Test(pack, packset_sorted_and_ignores_non_packs)
{
    struct sqlx_packset set;
    struct sqlx_err err;
    char sub[128];
    json_t *doc = real_doc();
    json_object_set_new(doc, "name", json_string("b-pack"));
    json_object_set_new(doc, "schemes", json_pack("[s]", "bee"));
    write_pack("b.json", doc);
    json_object_set_new(doc, "name", json_string("a-pack"));
    json_object_set_new(doc, "schemes", json_pack("[s]", "ay"));
    write_pack("a.json", doc);
    write_pack("notes.txt", doc);
    snprintf(sub, sizeof sub, "%s/schema", tmpdir);
    cr_assert_eq(mkdir(sub, 0700), 0);
    write_pack("schema/x.json", json_object_get(doc, "dialect")); /* not a pack: must be skipped */
    json_decref(doc);
    cr_assert_eq(sqlx_packset_load(tmpdir, &set, &err), 0, "%s", err.message);
    cr_assert_eq(set.n, 2);
    cr_assert_str_eq(set.packs[0]->name, "a-pack");
    cr_assert_str_eq(set.packs[1]->name, "b-pack");
    cr_assert_eq(sqlx_packset_find(&set, "bee"), set.packs[1]);
    sqlx_packset_free(&set);
}

Test(pack, packset_duplicate_scheme)
{
    struct sqlx_packset set;
    struct sqlx_err err;
    json_t *doc = real_doc();
    write_pack("one.json", doc);
    json_object_set_new(doc, "name", json_string("other"));
    json_object_set_new(doc, "schemes", json_pack("[s, s]", "other", "sqlite3"));
    write_pack("two.json", doc);
    json_decref(doc);
    cr_assert_neq(sqlx_packset_load(tmpdir, &set, &err), 0);
    cr_assert_eq(set.n, 0);
    cr_assert(strstr(err.message, "two.json: $.schemes: URL scheme \"sqlite3\" is already claimed by "),
              "%s", err.message);
    cr_assert(strstr(err.message, "one.json"), "%s", err.message);
}

Test(pack, packset_duplicate_name)
{
    struct sqlx_packset set;
    struct sqlx_err err;
    json_t *doc = real_doc();
    write_pack("one.json", doc);
    json_object_set_new(doc, "schemes", json_pack("[s]", "other"));
    write_pack("two.json", doc);
    json_decref(doc);
    cr_assert_eq(sqlx_packset_load(tmpdir, &set, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "two.json: $.name: pack name \"sqlite-3\" is already used by "),
              "%s", err.message);
}

Test(pack, packset_invalid_pack_fails_whole_set)
{
    struct sqlx_packset set;
    struct sqlx_err err;
    json_t *doc = real_doc();
    write_pack("good.json", doc);
    json_object_set_new(section(doc, "dialect"), "limit_form", json_string("top"));
    json_object_set_new(doc, "name", json_string("bad"));
    write_pack("bad.json", doc);
    json_decref(doc);
    cr_assert_eq(sqlx_packset_load(tmpdir, &set, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "bad.json: $.dialect.limit_form: expected one of \"limit_offset\", \"fetch_first\", found \"top\""),
              "%s", err.message);
}

Test(pack, packset_missing_dir)
{
    struct sqlx_packset set;
    struct sqlx_err err;
    cr_assert_eq(sqlx_packset_load("/nonexistent/packs", &set, &err), SQLX_ENOTFOUND);
    cr_assert(strstr(err.message, "\"/nonexistent/packs\""), "%s", err.message);
}

Test(pack, pack_dir_env_and_fallback)
{
    setenv("SQLX_PACKS", "/somewhere/packs", 1);
    cr_assert_str_eq(sqlx_pack_dir(), "/somewhere/packs");
    unsetenv("SQLX_PACKS");
    /* The test binary has no packs/ beside it, so the source tree's folder applies. */
    char path[512];
    snprintf(path, sizeof path, "%s/sqlite-3.json", sqlx_pack_dir());
    struct stat st;
    cr_assert_eq(stat(path, &st), 0, "%s", path);
}
