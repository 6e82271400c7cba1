/* Tests for src/wire/codec.c: layout compilation errors with JSON paths, every field type decoded
 * and encoded (both byte orders, strings, lists, repeat groups, after: offsets, MySQL
 * length-encoded values), frame splitting for PostgreSQL and MySQL framing, malformed frames, and
 * the DataRow fast path proven equal to the interpreter on generated and mangled rows. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "wire/codec.h"
#include "wire/pack_int.h"

static const char pg_proto[] =
    "{\"byte_order\":\"big\",\"framing\":{\"tag\":true,\"length\":\"uint32\","
    "\"length_includes_self\":true,\"max_frame\":65536}}";
static const char my_proto[] =
    "{\"byte_order\":\"little\",\"framing\":{\"tag\":false,\"length\":\"uint24_le\","
    "\"length_includes_self\":false,\"sequence\":true}}";

/* A compiled codec with the JSON kept alive for the strings it points into. */
struct fixture {
    json_t *proto;
    json_t *msgs;
    struct sqlx_wire_codec *c;
    struct sqlx_err err;
};

static int compile(struct fixture *f, const char *proto, const char *msgs)
{
    json_error_t je;
    f->proto = json_loads(proto, 0, &je);
    f->msgs = json_loads(msgs, 0, &je);
    cr_assert_not_null(f->proto, "%s", je.text);
    cr_assert_not_null(f->msgs, "bad test JSON: %s", je.text);
    struct sqlx_wire__vctx v = { .file = "t.json", .err = &f->err, .path = "$", .len = 1 };
    return sqlx_wire__codec_compile(&v, f->proto, f->msgs, &f->c);
}

static void release(struct fixture *f)
{
    sqlx_wire_codec_free(f->c);
    json_decref(f->proto);
    json_decref(f->msgs);
}

static void expect_compile_error(const char *proto, const char *msgs, const char *want)
{
    struct fixture f = { 0 };
    int rc = compile(&f, proto, msgs);
    cr_assert_eq(rc, SQLX_EINVAL, "compiled although broken: want %s", want);
    cr_assert_null(f.c);
    cr_assert_str_eq(f.err.message, want);
    release(&f);
}

static const char datarow_msgs[] =
    "{\"DataRow\":{\"direction\":\"backend\",\"tag\":\"D\",\"fields\":["
    "{\"name\":\"ncols\",\"type\":\"int16\"},"
    "{\"name\":\"columns\",\"type\":\"repeat\",\"count\":\"ncols\",\"fields\":["
    "{\"name\":\"length\",\"type\":\"int32\"},{\"name\":\"value\",\"type\":\"bytes:length\"}]}]}}";

Test(codec, compile_errors_name_path)
{
    expect_compile_error(
        pg_proto,
        "{\"A\":{\"direction\":\"backend\",\"tag\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int33\"}]}}",
        "t.json: $.messages.A.fields[0].type: expected a field type: uint8..uint64 or int8..int64 (optionally _le/_be, uint24), cstring, fixed_string:N, fixed_bytes:N, bytes, bytes:FIELD, lenenc_int, lenenc_string, lenenc_bytes, parameter_list, tagged_cstrings, cstring_list or repeat, found \"int33\"");
    expect_compile_error(
        pg_proto,
        "{\"A\":{\"direction\":\"backend\",\"tag\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"bytes:len\"}]}}",
        "t.json: $.messages.A.fields[0].type: expected the name of an earlier field of the same message or group, found \"bytes:len\"");
    expect_compile_error(
        pg_proto, "{\"A\":{\"direction\":\"backend\",\"fields\":[]}}",
        "t.json: $.messages.A: expected \"tag\" (or \"untagged\": true), found neither");
    expect_compile_error(
        pg_proto, "{\"A\":{\"direction\":\"sideways\",\"tag\":\"A\",\"fields\":[]}}",
        "t.json: $.messages.A.direction: expected one of \"frontend\", \"backend\", \"both\", found \"sideways\"");
    expect_compile_error(
        pg_proto,
        "{\"A\":{\"direction\":\"backend\",\"tag\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int8\"},{\"name\":\"x\",\"type\":\"int8\"}]}}",
        "t.json: $.messages.A.fields[1].name: expected a field name not used before in the same message or group, found \"x\"");
    expect_compile_error(
        pg_proto,
        "{\"A\":{\"direction\":\"backend\",\"tag\":\"R\",\"fields\":[]},\"B\":{\"direction\":\"backend\",\"tag\":\"R\",\"fields\":[]}}",
        "t.json: $.messages.B: message \"B\" can never be decoded: \"A\" before it has the same tag and no constant field to tell them apart");
    expect_compile_error(
        "{\"framing\":{\"tag\":true,\"length\":\"int32\",\"length_includes_self\":true}}", "{}",
        "t.json: $.protocol.framing.length: expected an unsigned 16, 24 or 32-bit integer type such as \"uint32\" or \"uint24_le\", found \"int32\"");
    expect_compile_error(
        pg_proto,
        "{\"S\":{\"direction\":\"backend\",\"unframed\":true,\"fields\":[{\"name\":\"x\",\"type\":\"cstring\"}]}}",
        "t.json: $.messages.S: an unframed message must have fixed-size fields only");
    expect_compile_error(
        pg_proto,
        "{\"A\":{\"direction\":\"backend\",\"tag\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int8\",\"value\":\"s\"}]}}",
        "t.json: $.messages.A.fields[0].value: expected an integer constant, found \"s\"");
    expect_compile_error(
        pg_proto,
        "{\"A\":{\"direction\":\"backend\",\"tag\":\"A\",\"fields\":[{\"name\":\"x\",\"type\":\"int8\",\"offset\":\"after:y\"}]}}",
        "t.json: $.messages.A.fields[0].offset: expected \"after:\" and the name of an earlier field, found \"after:y\"");
}

Test(codec, layout_slots_and_shape)
{
    struct fixture f = { 0 };
    cr_assert_eq(compile(&f, pg_proto, datarow_msgs), 0, "%s", f.err.message);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(f.c, "DataRow");
    cr_assert_not_null(l);
    cr_assert_eq(l->tag, 'D');
    cr_assert_eq(l->nops, 4);
    cr_assert_eq(l->ntop, 2);
    cr_assert_eq(l->shape, SQLX_WSHAPE_COUNTED_BYTES);
    cr_assert_eq(sqlx_wire_layout_slot(l, "columns"), 1);
    cr_assert_eq(sqlx_wire_layout_item_slot(l, 1, "value"), 1);
    cr_assert_eq(sqlx_wire_layout_slot(l, "value"), -1);
    cr_assert_eq(f.c->by_tag['D'], 0);
    cr_assert_null(sqlx_wire_codec_find(f.c, "Nope"));
    release(&f);
}

/* One message with every scalar type, encoded then decoded. */
static const char all_msgs[] =
    "{\"All\":{\"direction\":\"both\",\"tag\":\"x\",\"fields\":["
    "{\"name\":\"u8\",\"type\":\"uint8\"},{\"name\":\"i16\",\"type\":\"int16\"},"
    "{\"name\":\"u16le\",\"type\":\"uint16_le\"},{\"name\":\"u24\",\"type\":\"uint24_le\"},"
    "{\"name\":\"i32\",\"type\":\"int32\"},{\"name\":\"i64\",\"type\":\"int64_le\"},"
    "{\"name\":\"u64\",\"type\":\"uint64\"},{\"name\":\"s\",\"type\":\"cstring\"},"
    "{\"name\":\"fs\",\"type\":\"fixed_string:3\"},{\"name\":\"fb\",\"type\":\"fixed_bytes:2\"},"
    "{\"name\":\"len\",\"type\":\"int32\"},{\"name\":\"data\",\"type\":\"bytes:len\"},"
    "{\"name\":\"le\",\"type\":\"lenenc_int\"},{\"name\":\"ls\",\"type\":\"lenenc_string\"},"
    "{\"name\":\"lb\",\"type\":\"lenenc_bytes\"},{\"name\":\"params\",\"type\":\"parameter_list\"},"
    "{\"name\":\"tags\",\"type\":\"tagged_cstrings\"},{\"name\":\"names\",\"type\":\"cstring_list\"},"
    "{\"name\":\"rest\",\"type\":\"bytes\"}]}}";

Test(codec, every_type_round_trips)
{
    struct fixture f = { 0 };
    cr_assert_eq(compile(&f, pg_proto, all_msgs), 0, "%s", f.err.message);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(f.c, "All");
    struct sqlx_wire_val params[4] = { sqlx_wire_bytes("user", 4), sqlx_wire_bytes("bob", 3),
                                       sqlx_wire_bytes("db", 2), sqlx_wire_bytes("", 0) };
    struct sqlx_wire_val tags[4] = { sqlx_wire_int('C'), sqlx_wire_bytes("23505", 5),
                                     sqlx_wire_int('M'), sqlx_wire_bytes("dup", 3) };
    struct sqlx_wire_val names[2] = { sqlx_wire_bytes("SCRAM-SHA-256", 13),
                                      sqlx_wire_bytes("X", 1) };
    struct sqlx_wire_val vals[19] = {
        sqlx_wire_int(200),
        sqlx_wire_int(-2),
        sqlx_wire_int(0x1234),
        sqlx_wire_int(0xabcdef),
        sqlx_wire_int(-100000),
        sqlx_wire_int(-5000000000LL),
        sqlx_wire_int(-1),
        sqlx_wire_bytes("hello", 5),
        sqlx_wire_bytes("ab", 2),
        sqlx_wire_bytes("\x01\x02", 2),
        { 0 },
        sqlx_wire_bytes("xyz", 3),
        sqlx_wire_int(70000),
        sqlx_wire_bytes("lenenc", 6),
        sqlx_wire_null(),
        sqlx_wire_list(params, 2),
        sqlx_wire_list(tags, 2),
        sqlx_wire_list(names, 2),
        sqlx_wire_bytes("tail", 4),
    };
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_wire_encode(f.c, l, vals, &out, &f.err), 0, "%s", f.err.message);
    /* Header: tag and a length that counts itself. */
    const uint8_t *b = (const uint8_t *)out.data;
    cr_assert_eq(b[0], 'x');
    uint32_t len = ((uint32_t)b[1] << 24) | ((uint32_t)b[2] << 16) | ((uint32_t)b[3] << 8) | b[4];
    cr_assert_eq(len, out.len - 1);
    /* Byte orders as declared. */
    cr_assert_eq(b[5], 200);
    cr_assert_eq(b[6], 0xff);
    cr_assert_eq(b[7], 0xfe);
    cr_assert_eq(b[8], 0x34); /* uint16_le */
    cr_assert_eq(b[9], 0x12);
    cr_assert_eq(b[10], 0xef); /* uint24_le */

    struct sqlx_wire_frame fr;
    cr_assert_eq(sqlx_wire_frame_split(f.c, true, b, out.len, &fr, &f.err), 1);
    cr_assert_eq(fr.total, out.len);
    struct sqlx_wire_msg m = { 0 };
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fr, NULL, 0, &m, &f.err), 0, "%s", f.err.message);
    cr_assert_eq(m.layout, l);
    const struct sqlx_wire_val *d = m.vals;
    cr_assert_eq(d[0].i, 200);
    cr_assert_eq(d[1].i, -2);
    cr_assert_eq(d[2].i, 0x1234);
    cr_assert_eq(d[3].i, 0xabcdef);
    cr_assert_eq(d[4].i, -100000);
    cr_assert_eq(d[5].i, -5000000000LL);
    cr_assert_eq(d[6].i, -1); /* uint64 all ones keeps its bit pattern */
    cr_assert_eq(d[7].n, 5);
    cr_assert_eq(memcmp(d[7].p, "hello", 5), 0);
    cr_assert_eq(d[8].n, 3); /* fixed_string:3 from "ab" is zero-padded */
    cr_assert_eq(memcmp(d[8].p, "ab\0", 3), 0);
    cr_assert_eq(d[10].i, 3); /* automatic length */
    cr_assert_eq(memcmp(d[11].p, "xyz", 3), 0);
    cr_assert_eq(d[12].i, 70000);
    cr_assert_eq(d[13].n, 6);
    cr_assert_eq(d[14].kind, SQLX_WV_NULL);
    cr_assert_eq(d[15].kind, SQLX_WV_RAWLIST);
    cr_assert_eq(d[15].count, 2);
    struct sqlx_wire_iter it;
    struct sqlx_str k, v;
    int code;
    sqlx_wire_iter_init(&it, SQLX_WF_PARAM_LIST, &d[15]);
    cr_assert(sqlx_wire_iter_next(&it, NULL, &k, &v));
    cr_assert(sqlx_str_eq(k, "user") && sqlx_str_eq(v, "bob"));
    cr_assert(sqlx_wire_iter_next(&it, NULL, &k, &v));
    cr_assert(sqlx_str_eq(k, "db") && v.len == 0);
    cr_assert_not(sqlx_wire_iter_next(&it, NULL, &k, &v));
    cr_assert(sqlx_wire_tagged_find(&d[16], 'M', &v));
    cr_assert(sqlx_str_eq(v, "dup"));
    cr_assert_not(sqlx_wire_tagged_find(&d[16], 'D', &v));
    sqlx_wire_iter_init(&it, SQLX_WF_TAGGED_CSTRINGS, &d[16]);
    cr_assert(sqlx_wire_iter_next(&it, &code, NULL, &v));
    cr_assert_eq(code, 'C');
    cr_assert_eq(d[17].count, 2);
    cr_assert_eq(d[18].n, 4);
    cr_assert_eq(memcmp(d[18].p, "tail", 4), 0);

    /* A decoded message re-encodes to the same bytes (raw lists are copied verbatim). */
    struct sqlx_buf again;
    sqlx_buf_init(&again, 0);
    struct sqlx_wire_val copy[19];
    memcpy(copy, d, sizeof copy);
    cr_assert_eq(sqlx_wire_encode(f.c, l, copy, &again, &f.err), 0, "%s", f.err.message);
    cr_assert_eq(again.len, out.len);
    cr_assert_eq(memcmp(again.data, out.data, out.len), 0);
    sqlx_buf_free(&again);
    sqlx_buf_free(&out);
    sqlx_wire_msg_free(&m);
    release(&f);
}

Test(codec, encode_errors)
{
    struct fixture f = { 0 };
    cr_assert_eq(compile(&f, pg_proto, all_msgs), 0, "%s", f.err.message);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(f.c, "All");
    struct sqlx_wire_val vals[19] = { 0 };
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    vals[0] = sqlx_wire_int(256);
    cr_assert_eq(sqlx_wire_encode(f.c, l, vals, &out, &f.err), SQLX_EINVAL);
    cr_assert_str_eq(
        f.err.message,
        "cannot encode field \"u8\" of message All: integer out of range for the field width");
    cr_assert_eq(out.len, 0, "a failed encode leaves nothing behind");
    vals[0] = sqlx_wire_int(1);
    cr_assert_eq(sqlx_wire_encode(f.c, l, vals, &out, &f.err), SQLX_EINVAL);
    cr_assert_str_eq(f.err.message,
                     "cannot encode field \"i16\" of message All: expected an integer");
    sqlx_buf_free(&out);
    release(&f);
}

/* Builds a DataRow payload of n columns; NULL where lens[i] < 0. */
static size_t make_row(uint8_t *p, int n, const int *lens)
{
    size_t pos = 0;
    p[pos++] = (uint8_t)(n >> 8);
    p[pos++] = (uint8_t)n;
    for (int i = 0; i < n; i++) {
        int32_t len = lens[i];
        uint32_t u = (uint32_t)len;
        p[pos++] = (uint8_t)(u >> 24);
        p[pos++] = (uint8_t)(u >> 16);
        p[pos++] = (uint8_t)(u >> 8);
        p[pos++] = (uint8_t)u;
        for (int k = 0; k < len; k++)
            p[pos++] = (uint8_t)('a' + (i + k) % 26);
    }
    return pos;
}

/* Decodes with both paths and requires the same outcome and, on success, the same values. */
static void same_both_ways(struct fixture *f, const struct sqlx_wire_layout *l, const uint8_t *p,
                           size_t len)
{
    struct sqlx_wire_msg a = { 0 }, b = { 0 };
    struct sqlx_err ea, eb;
    int ra = sqlx_wire_decode(f->c, l, p, len, &a, &ea);
    int rb = sqlx_wire_decode_interpreted(f->c, l, p, len, &b, &eb);
    cr_assert_eq(ra, rb, "fast %d vs interpreted %d (%s / %s)", ra, rb, ea.message, eb.message);
    if (ra == 0) {
        cr_assert_eq(a.nvals, b.nvals);
        for (uint32_t i = 0; i < a.nvals; i++) {
            const struct sqlx_wire_val *x = &a.vals[i], *y = &b.vals[i];
            cr_assert_eq(x->kind, y->kind, "value %u", i);
            cr_assert_eq(x->count, y->count, "value %u", i);
            if (x->kind == SQLX_WV_INT)
                cr_assert_eq(x->i, y->i);
            if (x->kind == SQLX_WV_BYTES)
                cr_assert(x->p == y->p && x->n == y->n, "value %u", i);
            if (x->kind == SQLX_WV_LIST)
                cr_assert_eq(x->first, y->first);
        }
    } else {
        cr_assert_str_eq(ea.message, eb.message);
    }
    sqlx_wire_msg_free(&a);
    sqlx_wire_msg_free(&b);
}

Test(codec, datarow_fast_path_equals_interpreter)
{
    struct fixture f = { 0 };
    cr_assert_eq(compile(&f, pg_proto, datarow_msgs), 0, "%s", f.err.message);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(f.c, "DataRow");
    uint8_t buf[4096];
    unsigned seed = 12345;
    for (int round = 0; round < 2000; round++) {
        int n = (int)(rand_r(&seed) % 12);
        int lens[12];
        for (int i = 0; i < n; i++)
            lens[i] = (int)(rand_r(&seed) % 40) - 1; /* -1 = NULL */
        size_t len = make_row(buf, n, lens);
        same_both_ways(&f, l, buf, len);
        /* Mangled variants: truncated, with trailing junk, with a corrupted byte. */
        if (len > 0)
            same_both_ways(&f, l, buf, (size_t)rand_r(&seed) % len);
        buf[len] = 0x55;
        same_both_ways(&f, l, buf, len + 1);
        if (len > 2) {
            size_t at = (size_t)rand_r(&seed) % len;
            buf[at] = (uint8_t)rand_r(&seed);
            same_both_ways(&f, l, buf, len);
        }
    }
    /* Edge cases: negative count, length -2, huge length, empty row. */
    const uint8_t neg_count[] = { 0xff, 0xff };
    same_both_ways(&f, l, neg_count, 2);
    const uint8_t neg_len[] = { 0, 1, 0xff, 0xff, 0xff, 0xfe };
    same_both_ways(&f, l, neg_len, sizeof neg_len);
    const uint8_t huge[] = { 0, 1, 0x7f, 0xff, 0xff, 0xff, 'a' };
    same_both_ways(&f, l, huge, sizeof huge);
    const uint8_t empty[] = { 0, 0 };
    same_both_ways(&f, l, empty, 2);
    release(&f);
}

Test(codec, datarow_values)
{
    struct fixture f = { 0 };
    cr_assert_eq(compile(&f, pg_proto, datarow_msgs), 0, "%s", f.err.message);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(f.c, "DataRow");
    uint8_t buf[64];
    int lens[3] = { 2, -1, 0 };
    size_t len = make_row(buf, 3, lens);
    struct sqlx_wire_msg m = { 0 };
    cr_assert_eq(sqlx_wire_decode(f.c, l, buf, len, &m, &f.err), 0, "%s", f.err.message);
    const struct sqlx_wire_val *cols = sqlx_wire_msg_items(&m, sqlx_wire_msg_val(&m, 1));
    cr_assert_eq(sqlx_wire_msg_val(&m, 0)->i, 3);
    cr_assert_eq(cols[1].kind, SQLX_WV_BYTES);
    cr_assert_eq(memcmp(cols[1].p, "ab", 2), 0);
    cr_assert_eq(cols[3].kind, SQLX_WV_NULL);
    cr_assert_eq(cols[5].kind, SQLX_WV_BYTES);
    cr_assert_eq(cols[5].n, 0);
    sqlx_wire_msg_free(&m);
    release(&f);
}

Test(codec, malformed_messages)
{
    struct fixture f = { 0 };
    cr_assert_eq(
        compile(
            &f, pg_proto,
            "{\"E\":{\"direction\":\"backend\",\"tag\":\"E\",\"fields\":[{\"name\":\"fields\",\"type\":\"tagged_cstrings\"}]},"
            "\"K\":{\"direction\":\"backend\",\"tag\":\"K\",\"fields\":[{\"name\":\"pid\",\"type\":\"int32\"},{\"name\":\"s\",\"type\":\"cstring\"}]}}"),
        0, "%s", f.err.message);
    const struct sqlx_wire_layout *e = sqlx_wire_codec_find(f.c, "E");
    const struct sqlx_wire_layout *k = sqlx_wire_codec_find(f.c, "K");
    struct sqlx_wire_msg m = { 0 };
    const uint8_t no_end[] = { 'M', 'x', 0 };
    cr_assert_eq(sqlx_wire_decode(f.c, e, no_end, sizeof no_end, &m, &f.err), SQLX_EINVAL);
    cr_assert_str_eq(
        f.err.message,
        "malformed E message from the server: list without its terminating zero byte in field \"fields\" at byte 3");
    const uint8_t no_nul[] = { 'M', 'x' };
    cr_assert_eq(sqlx_wire_decode(f.c, e, no_nul, sizeof no_nul, &m, &f.err), SQLX_EINVAL);
    const uint8_t short_int[] = { 0, 0, 1 };
    cr_assert_eq(sqlx_wire_decode(f.c, k, short_int, sizeof short_int, &m, &f.err), SQLX_EINVAL);
    cr_assert_str_eq(
        f.err.message,
        "malformed K message from the server: frame ends inside an integer in field \"pid\" at byte 0");
    const uint8_t extra[] = { 0, 0, 0, 1, 'a', 0, 'z' };
    cr_assert_eq(sqlx_wire_decode(f.c, k, extra, sizeof extra, &m, &f.err), SQLX_EINVAL);
    cr_assert_str_eq(f.err.message,
                     "malformed K message from the server: 1 bytes left over after the last field");
    /* Unknown tags. */
    struct sqlx_wire_frame fr = { .tag = 'Q', .payload = extra, .len = 0 };
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fr, NULL, 0, &m, &f.err), SQLX_EINVAL);
    cr_assert_str_eq(f.err.message, "unknown message type 'Q' from the server");
    sqlx_wire_msg_free(&m);
    release(&f);
}

Test(codec, frame_split_pg)
{
    struct fixture f = { 0 };
    cr_assert_eq(compile(&f, pg_proto, datarow_msgs), 0, "%s", f.err.message);
    struct sqlx_wire_frame fr;
    const uint8_t z[] = { 'Z', 0, 0, 0, 5, 'I', 'X' };
    cr_assert_eq(sqlx_wire_frame_split(f.c, true, z, 3, &fr, &f.err), 0);
    cr_assert_eq(fr.total, 0, "header incomplete: size unknown");
    cr_assert_eq(sqlx_wire_frame_split(f.c, true, z, 5, &fr, &f.err), 0);
    cr_assert_eq(fr.total, 6, "header complete: total known");
    cr_assert_eq(sqlx_wire_frame_split(f.c, true, z, sizeof z, &fr, &f.err), 1);
    cr_assert_eq(fr.tag, 'Z');
    cr_assert_eq(fr.len, 1);
    cr_assert_eq(fr.payload[0], 'I');
    const uint8_t bad[] = { 'Z', 0, 0, 0, 3 };
    cr_assert_eq(sqlx_wire_frame_split(f.c, true, bad, sizeof bad, &fr, &f.err), SQLX_EINVAL);
    const uint8_t big[] = { 'D', 0x7f, 0, 0, 0 };
    cr_assert_eq(sqlx_wire_frame_split(f.c, true, big, sizeof big, &fr, &f.err), SQLX_EINVAL);
    cr_assert_str_eq(f.err.message,
                     "server sent a frame of 2130706428 bytes, over the limit of 65536 bytes");
    release(&f);
}

/* MySQL framing: 3-byte little-endian length, sequence id, untagged messages told apart by their
 * constant first byte; length-encoded integers of every width; after: offsets; optional fields. */
Test(codec, mysql_framing_and_lenenc)
{
    struct fixture f = { 0 };
    cr_assert_eq(
        compile(
            &f, my_proto,
            "{\"OK\":{\"direction\":\"backend\",\"fields\":[{\"name\":\"header\",\"type\":\"uint8\",\"value\":0},"
            "{\"name\":\"affected\",\"type\":\"lenenc_int\"},{\"name\":\"last_id\",\"type\":\"lenenc_int\"},"
            "{\"name\":\"status\",\"type\":\"uint16\"},{\"name\":\"info\",\"type\":\"bytes\",\"optional\":true}]},"
            "\"ERR\":{\"direction\":\"backend\",\"fields\":[{\"name\":\"header\",\"type\":\"uint8\",\"value\":255},"
            "{\"name\":\"error_code\",\"type\":\"uint16\"},{\"name\":\"marker\",\"type\":\"fixed_string:1\"},"
            "{\"name\":\"sqlstate\",\"type\":\"fixed_string:5\"},{\"name\":\"message\",\"type\":\"bytes\"}]},"
            "\"Greeting\":{\"direction\":\"backend\",\"fields\":[{\"name\":\"version\",\"type\":\"uint8\",\"value\":10},"
            "{\"name\":\"server\",\"type\":\"cstring\"},{\"name\":\"filler\",\"type\":\"fixed_bytes:2\"},"
            "{\"name\":\"tail\",\"type\":\"fixed_bytes:2\",\"offset\":\"after:server+3\"}]}}"),
        0, "%s", f.err.message);
    uint16_t cand[3] = { 0, 1, 2 };
    /* OK with affected = 0x10000 (0xfd + 3 bytes) and last_id = 300 (0xfc + 2 bytes). */
    const uint8_t ok[] = {
        10, 0, 0, 2, 0x00, 0xfd, 0x00, 0x00, 0x01, 0xfc, 0x2c, 0x01, 0x02, 0x00
    };
    struct sqlx_wire_frame fr;
    struct sqlx_wire_msg m = { 0 };
    cr_assert_eq(sqlx_wire_frame_split(f.c, false, ok, sizeof ok, &fr, &f.err), 1);
    cr_assert_eq(fr.seq, 2);
    cr_assert_eq(fr.len, 10);
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fr, cand, 3, &m, &f.err), 0, "%s", f.err.message);
    cr_assert_str_eq(m.layout->name, "OK");
    cr_assert_eq(m.vals[1].i, 0x10000);
    cr_assert_eq(m.vals[2].i, 300);
    cr_assert_eq(m.vals[3].i, 2);
    cr_assert_eq(m.vals[4].kind, SQLX_WV_NONE, "optional field absent");
    cr_assert_eq(m.seq, 2);
    const uint8_t err[] = { 0xff, 0x48, 0x04, '#', '4', '2', 'S', '0', '2', 'n', 'o' };
    struct sqlx_wire_frame fe = { .tag = -1, .payload = err, .len = sizeof err };
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fe, cand, 3, &m, &f.err), 0, "%s", f.err.message);
    cr_assert_str_eq(m.layout->name, "ERR");
    cr_assert_eq(m.vals[1].i, 1096);
    /* after:server+3 jumps over the filler and one more byte after the server string. */
    const uint8_t greet[] = { 10, '8', 0, 'a', 'b', 'Z', 'c', 'd' };
    struct sqlx_wire_frame fg = { .tag = -1, .payload = greet, .len = sizeof greet };
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fg, cand, 3, &m, &f.err), 0, "%s", f.err.message);
    cr_assert_eq(memcmp(m.vals[3].p, "cd", 2), 0);
    const uint8_t unknown[] = { 0x42 };
    struct sqlx_wire_frame fu = { .tag = -1, .payload = unknown, .len = 1 };
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fu, cand, 3, &m, &f.err), SQLX_EINVAL);
    /* Encoding writes the 3-byte length after which the engine patches the sequence id. */
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    struct sqlx_wire_val vals[5] = {
        { 0 }, sqlx_wire_int(251), sqlx_wire_int(1 << 24), sqlx_wire_int(0), { 0 }
    };
    cr_assert_eq(sqlx_wire_encode(f.c, sqlx_wire_codec_find(f.c, "OK"), vals, &out, &f.err), 0,
                 "%s", f.err.message);
    const uint8_t want[] = { 15, 0, 0, 0, 0x00, 0xfc, 251, 0, 0xfe, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
    cr_assert_eq(out.len, sizeof want);
    cr_assert_eq(memcmp(out.data, want, sizeof want), 0);
    sqlx_buf_free(&out);
    sqlx_wire_msg_free(&m);
    release(&f);
}

Test(codec, lenenc_null_and_truncation)
{
    struct fixture f = { 0 };
    cr_assert_eq(
        compile(
            &f, my_proto,
            "{\"Row\":{\"direction\":\"backend\",\"fields\":[{\"name\":\"a\",\"type\":\"lenenc_string\"},"
            "{\"name\":\"b\",\"type\":\"lenenc_bytes\"}]}}"),
        0, "%s", f.err.message);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(f.c, "Row");
    struct sqlx_wire_msg m = { 0 };
    const uint8_t row[] = { 0xfb, 2, 'h', 'i' };
    cr_assert_eq(sqlx_wire_decode(f.c, l, row, sizeof row, &m, &f.err), 0, "%s", f.err.message);
    cr_assert_eq(m.vals[0].kind, SQLX_WV_NULL);
    cr_assert_eq(m.vals[1].n, 2);
    const uint8_t cut[] = { 0xfb, 5, 'h' };
    cr_assert_eq(sqlx_wire_decode(f.c, l, cut, sizeof cut, &m, &f.err), SQLX_EINVAL);
    const uint8_t bad[] = { 0xff };
    cr_assert_eq(sqlx_wire_decode(f.c, l, bad, sizeof bad, &m, &f.err), SQLX_EINVAL);
    const uint8_t wide[] = { 0xfe, 1, 0, 0, 0, 0, 0, 0, 0 };
    cr_assert_eq(sqlx_wire_decode(f.c, l, wide, sizeof wide, &m, &f.err), SQLX_EINVAL);
    sqlx_wire_msg_free(&m);
    release(&f);
}

/* Variants sharing a tag are told apart by constants (PostgreSQL Authentication messages). */
Test(codec, tag_variants_by_constant)
{
    struct fixture f = { 0 };
    cr_assert_eq(
        compile(
            &f, pg_proto,
            "{\"AuthOk\":{\"direction\":\"backend\",\"tag\":\"R\",\"fields\":[{\"name\":\"code\",\"type\":\"int32\",\"value\":0}]},"
            "\"AuthMD5\":{\"direction\":\"backend\",\"tag\":\"R\",\"fields\":[{\"name\":\"code\",\"type\":\"int32\",\"value\":5},{\"name\":\"salt\",\"type\":\"fixed_bytes:4\"}]},"
            "\"AuthOther\":{\"direction\":\"backend\",\"tag\":\"R\",\"fields\":[{\"name\":\"code\",\"type\":\"int32\"},{\"name\":\"data\",\"type\":\"bytes\"}]}}"),
        0, "%s", f.err.message);
    struct sqlx_wire_msg m = { 0 };
    const uint8_t md5[] = { 0, 0, 0, 5, 1, 2, 3, 4 };
    struct sqlx_wire_frame fr = { .tag = 'R', .payload = md5, .len = sizeof md5 };
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fr, NULL, 0, &m, &f.err), 0, "%s", f.err.message);
    cr_assert_str_eq(m.layout->name, "AuthMD5");
    const uint8_t gss[] = { 0, 0, 0, 7 };
    fr.payload = gss;
    fr.len = sizeof gss;
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fr, NULL, 0, &m, &f.err), 0, "%s", f.err.message);
    cr_assert_str_eq(m.layout->name, "AuthOther");
    /* A matching constant with a malformed rest is an error, not the next variant. */
    const uint8_t short_md5[] = { 0, 0, 0, 5, 1 };
    fr.payload = short_md5;
    fr.len = sizeof short_md5;
    cr_assert_eq(sqlx_wire_decode_frame(f.c, &fr, NULL, 0, &m, &f.err), SQLX_EINVAL);
    sqlx_wire_msg_free(&m);
    release(&f);
}

/* Nested repeat groups and the item-slot lookup. */
Test(codec, nested_groups)
{
    struct fixture f = { 0 };
    cr_assert_eq(
        compile(
            &f, pg_proto,
            "{\"T\":{\"direction\":\"both\",\"tag\":\"T\",\"fields\":[{\"name\":\"n\",\"type\":\"uint8\"},"
            "{\"name\":\"outer\",\"type\":\"repeat\",\"count\":\"n\",\"fields\":["
            "{\"name\":\"name\",\"type\":\"cstring\"},{\"name\":\"m\",\"type\":\"uint8\"},"
            "{\"name\":\"inner\",\"type\":\"repeat\",\"count\":\"m\",\"fields\":[{\"name\":\"x\",\"type\":\"int16\"}]}]},"
            "{\"name\":\"end\",\"type\":\"uint8\"}]}}"),
        0, "%s", f.err.message);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(f.c, "T");
    cr_assert_eq(sqlx_wire_layout_slot(l, "end"), 2);
    cr_assert_eq(sqlx_wire_layout_item_slot(l, 1, "inner"), 2);
    struct sqlx_wire_val in1[2] = { sqlx_wire_int(7), sqlx_wire_int(-8) };
    struct sqlx_wire_val in2[1] = { sqlx_wire_int(9) };
    struct sqlx_wire_val items[6] = { sqlx_wire_bytes("a", 1),  { 0 }, sqlx_wire_list(in1, 2),
                                      sqlx_wire_bytes("bc", 2), { 0 }, sqlx_wire_list(in2, 1) };
    struct sqlx_wire_val top[3] = { { 0 }, sqlx_wire_list(items, 2), sqlx_wire_int(99) };
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_wire_encode(f.c, l, top, &out, &f.err), 0, "%s", f.err.message);
    struct sqlx_wire_msg m = { 0 };
    cr_assert_eq(sqlx_wire_decode(f.c, l, (const uint8_t *)out.data + 5, out.len - 5, &m, &f.err),
                 0, "%s", f.err.message);
    const struct sqlx_wire_val *outer = sqlx_wire_msg_items(&m, &m.vals[1]);
    cr_assert_eq(m.vals[0].i, 2);
    cr_assert_eq(m.vals[2].i, 99);
    const struct sqlx_wire_val *inner = sqlx_wire_msg_items(&m, &outer[2]);
    cr_assert_eq(outer[2].count, 2);
    cr_assert_eq(inner[1].i, -8);
    inner = sqlx_wire_msg_items(&m, &outer[5]);
    cr_assert_eq(inner[0].i, 9);
    cr_assert_eq(outer[3].n, 2);
    sqlx_buf_free(&out);
    sqlx_wire_msg_free(&m);
    release(&f);
}
