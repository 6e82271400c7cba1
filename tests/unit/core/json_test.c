/* Tests for core/json.c: the streaming writer (commas, nesting, pretty output, escaping, invalid
 * UTF-8, integers, round-tripping doubles, non-finite values, raw and jansson values) and parsing
 * with positioned errors. */
#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/json.h"

static struct sqlx_buf out;
static struct sqlx_jw w;

static void setup(void)
{
    sqlx_buf_init(&out, 0);
    sqlx_jw_init(&w, &out, false);
}

static void teardown(void)
{
    sqlx_buf_free(&out);
}

TestSuite(json, .init = setup, .fini = teardown);

/* The writer's output must always be JSON that jansson accepts. */
static void assert_valid(void)
{
    json_error_t je;
    json_t *v = json_loadb(out.data, out.len, JSON_DECODE_ANY, &je);
    cr_assert_not_null(v, "invalid output %s: %s", out.data, je.text);
    json_decref(v);
}

Test(json, object_and_array_commas)
{
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "data");
    sqlx_jw_arr_begin(&w);
    sqlx_jw_int(&w, 1);
    sqlx_jw_str(&w, "two");
    sqlx_jw_null(&w);
    sqlx_jw_bool(&w, true);
    sqlx_jw_bool(&w, false);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_obj_end(&w);
    sqlx_jw_arr_begin(&w);
    sqlx_jw_arr_end(&w);
    sqlx_jw_arr_end(&w);
    sqlx_jw_key(&w, "pagination");
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "page");
    sqlx_jw_int(&w, 1);
    sqlx_jw_keyn(&w, "limitXX", 5);
    sqlx_jw_int(&w, -20);
    sqlx_jw_obj_end(&w);
    sqlx_jw_obj_end(&w);
    cr_assert_str_eq(out.data,
                     "{\"data\":[1,\"two\",null,true,false,{},[]],\"pagination\":{\"page\":1,\"limit\":-20}}");
    cr_assert_eq(w.depth, 0);
    cr_assert_not(out.failed);
    assert_valid();
}

Test(json, pretty)
{
    sqlx_jw_init(&w, &out, true);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "a");
    sqlx_jw_arr_begin(&w);
    sqlx_jw_int(&w, 1);
    sqlx_jw_int(&w, 2);
    sqlx_jw_arr_end(&w);
    sqlx_jw_key(&w, "b");
    sqlx_jw_obj_begin(&w);
    sqlx_jw_obj_end(&w);
    sqlx_jw_obj_end(&w);
    cr_assert_str_eq(out.data, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
    assert_valid();
}

Test(json, string_escapes)
{
    sqlx_jw_str(&w, "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f end");
    cr_assert_str_eq(out.data, "\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f end\"");
    assert_valid();
}

Test(json, embedded_nul_with_length)
{
    sqlx_jw_strn(&w, "a\0b", 3);
    cr_assert_eq(out.len, 10);
    cr_assert(memcmp(out.data, "\"a\\u0000b\"", 10) == 0);
}

Test(json, null_string_is_null)
{
    sqlx_jw_arr_begin(&w);
    sqlx_jw_str(&w, NULL);
    sqlx_jw_str(&w, "");
    sqlx_jw_arr_end(&w);
    cr_assert_str_eq(out.data, "[null,\"\"]");
}

Test(json, utf8_kept_and_invalid_replaced)
{
    /* é, €, 😀 pass through; a lone continuation, an overlong '/', a surrogate, a truncated
     * sequence each become U+FFFD per bad byte. */
    sqlx_jw_str(&w, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    cr_assert_str_eq(out.data, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
    sqlx_buf_reset(&out);
    sqlx_jw_init(&w, &out, false);
    sqlx_jw_str(&w, "a\x80" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82");
    cr_assert_str_eq(out.data,
                     "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "d\xef\xbf\xbd\xef\xbf\xbd\"");
    assert_valid();
}

Test(json, escape_into_buffer)
{
    sqlx_json_escape(&out, "x\"y", 3);
    cr_assert_str_eq(out.data, "x\\\"y");
}

Test(json, escaped_keys)
{
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "we\"ird\n");
    sqlx_jw_int(&w, 0);
    sqlx_jw_obj_end(&w);
    cr_assert_str_eq(out.data, "{\"we\\\"ird\\n\":0}");
    assert_valid();
}

Test(json, integers)
{
    sqlx_jw_arr_begin(&w);
    sqlx_jw_int(&w, 0);
    sqlx_jw_int(&w, INT64_MAX);
    sqlx_jw_int(&w, INT64_MIN);
    sqlx_jw_arr_end(&w);
    cr_assert_str_eq(out.data, "[0,9223372036854775807,-9223372036854775808]");
}

Test(json, doubles_short_and_non_finite)
{
    sqlx_jw_arr_begin(&w);
    sqlx_jw_double(&w, 0.1);
    sqlx_jw_double(&w, 1.5);
    sqlx_jw_double(&w, 100.0);
    sqlx_jw_double(&w, -2.25e-300);
    sqlx_jw_double(&w, NAN);
    sqlx_jw_double(&w, INFINITY);
    sqlx_jw_double(&w, -INFINITY);
    sqlx_jw_arr_end(&w);
    cr_assert_str_eq(out.data, "[0.1,1.5,100,-2.25e-300,null,null,null]");
    assert_valid();
}

Test(json, doubles_round_trip)
{
    const double vals[] = { 0.1 + 0.2, 1.0 / 3.0, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, -0.0,
                            123456789.123456789, 2.718281828459045, 1e21, 5e-324 };
    srand(7);
    for (int i = 0; i < 2000; i++) {
        double v;
        if (i < (int)(sizeof vals / sizeof vals[0])) {
            v = vals[i];
        } else {
            uint64_t bits = ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^ (uint64_t)rand();
            memcpy(&v, &bits, sizeof v);
            if (!isfinite(v))
                continue;
        }
        sqlx_buf_reset(&out);
        sqlx_jw_init(&w, &out, false);
        sqlx_jw_double(&w, v);
        double back = strtod(out.data, NULL);
        cr_assert(memcmp(&back, &v, sizeof v) == 0 || (v == 0 && back == 0), "%.17g -> %s", v,
                  out.data);
        cr_assert_leq(out.len, 24);
        assert_valid();
    }
}

Test(json, raw_and_jansson_values)
{
    json_t *v = json_pack("{s:i, s:[s, f, b, n], s:{}}", "n", 5, "list", "x\"y", 0.5, 1, "o");
    sqlx_jw_arr_begin(&w);
    sqlx_jw_raw(&w, "{\"pre\":1}", 9);
    sqlx_jw_json(&w, v);
    sqlx_jw_json(&w, NULL);
    sqlx_jw_arr_end(&w);
    cr_assert_str_eq(out.data,
                     "[{\"pre\":1},{\"n\":5,\"list\":[\"x\\\"y\",0.5,true,null],\"o\":{}},null]");
    json_decref(v);
    assert_valid();
}

Test(json, unbalanced_and_too_deep_mark_failed)
{
    sqlx_jw_arr_end(&w);
    cr_assert(out.failed);
    cr_assert_eq(out.len, 0);
    sqlx_buf_reset(&out);
    sqlx_jw_init(&w, &out, false);
    for (int i = 0; i < SQLX_JW_MAX_DEPTH; i++)
        sqlx_jw_arr_begin(&w);
    cr_assert_not(out.failed, "exactly the maximum depth is fine");
    sqlx_jw_arr_begin(&w);
    cr_assert(out.failed);
}

Test(json, writer_respects_buffer_max)
{
    struct sqlx_buf small;
    struct sqlx_jw sw;
    sqlx_buf_init(&small, 16);
    sqlx_jw_init(&sw, &small, false);
    sqlx_jw_arr_begin(&sw);
    for (int i = 0; i < 10; i++)
        sqlx_jw_str(&sw, "abcdef");
    sqlx_jw_arr_end(&sw);
    cr_assert(small.failed);
    cr_assert_leq(small.len, 16);
    sqlx_buf_free(&small);
}

Test(json, parse_ok)
{
    struct sqlx_err e;
    sqlx_err_clear(&e);
    const char *t = "{\"a\": [1, 2.5, \"x\"]}";
    json_t *v = sqlx_json_parse(t, strlen(t), &e);
    cr_assert_not_null(v);
    cr_assert_eq(json_integer_value(json_array_get(json_object_get(v, "a"), 0)), 1);
    json_decref(v);
    v = sqlx_json_parse("42", 2, &e);
    cr_assert_not_null(v, "scalars are accepted at the top level");
    json_decref(v);
}

Test(json, parse_errors_have_positions)
{
    struct sqlx_err e;
    const char *t = "{\"a\" 1}";
    sqlx_err_clear(&e);
    cr_assert_null(sqlx_json_parse(t, strlen(t), &e));
    cr_assert_eq(e.code, SQLX_EPARSE);
    cr_assert_str_eq(e.message, "invalid JSON at line 1, column 6 (byte 6): ':' expected near '1'");
    cr_assert_eq(e.position, 6);

    t = "[1,\n  2,\n  x]";
    sqlx_err_clear(&e);
    cr_assert_null(sqlx_json_parse(t, strlen(t), &e));
    cr_assert(strncmp(e.message, "invalid JSON at line 3, column 3 (byte 12): ", 44) == 0, "%s",
              e.message);
    cr_assert_eq(e.position, 12);
    cr_assert_eq(t[e.position - 1], 'x', "position is the 1-based offset of the bad byte");

    t = "{\"a\":1,\"a\":2}";
    cr_assert_null(sqlx_json_parse(t, strlen(t), &e));
    cr_assert_not_null(strstr(e.message, "duplicate object key"), "%s", e.message);

    cr_assert_null(sqlx_json_parse("[1,2", 4, &e));
    cr_assert_not_null(strstr(e.message, "line 1, column 4 (byte 4)"), "%s", e.message);

    cr_assert_null(sqlx_json_parse("", 0, &e));
    cr_assert_eq(e.code, SQLX_EPARSE);
    cr_assert_null(sqlx_json_parse(NULL, 0, &e));
    cr_assert_eq(e.code, SQLX_EINVAL);
}

Test(json, load_file)
{
    struct sqlx_err e;
    char path[] = "/tmp/sqlx_json_testXXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, "{\"k\": true}\n", 12), 12);
    close(fd);
    sqlx_err_clear(&e);
    json_t *v = sqlx_json_load_file(path, &e);
    cr_assert_not_null(v, "%s", e.message);
    cr_assert(json_is_true(json_object_get(v, "k")));
    json_decref(v);

    fd = open(path, O_WRONLY | O_TRUNC);
    cr_assert_eq(write(fd, "{\n  \"k\": tru }", 14), 14);
    close(fd);
    cr_assert_null(sqlx_json_load_file(path, &e));
    cr_assert_eq(e.code, SQLX_EPARSE);
    char want[128];
    snprintf(want, sizeof want, "invalid JSON in file \"%s\" at line 2, column ", path);
    cr_assert(strncmp(e.message, want, strlen(want)) == 0, "%s", e.message);
    cr_assert_gt(e.position, 0);
    unlink(path);

    cr_assert_null(sqlx_json_load_file("/nonexistent/dir/x.json", &e));
    cr_assert_eq(e.code, SQLX_ENOTFOUND);
    cr_assert_str_eq(e.message,
                     "could not open JSON file \"/nonexistent/dir/x.json\": No such file or directory");
}

Test(json, is_number_follows_the_json_grammar)
{
    const char *yes[] = { "0", "-0", "12", "-12.50", "1e10", "1E+2", "2.5e-3", "80.19" };
    const char *no[] = { "", "-", "01", "1.", ".5", "+1", "1e", "0x1F", "NaN", "Infinity",
                         "1 ", " 1", "1.2.3", "--1" };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        cr_expect(sqlx_json_is_number(yes[i], strlen(yes[i])), "%s is a number", yes[i]);
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        cr_expect_not(sqlx_json_is_number(no[i], strlen(no[i])), "\"%s\" is not a number", no[i]);
}
