/* libFuzzer target: arbitrary server bytes against the MySQL pack's framer (sequence ids, 16 MB
 * joins), decoder (every layout; the text-row and binary-row fast paths checked against the
 * interpreter, and the one-pass binary row decoder against the codec and the general value
 * decoder, on every frame) and VM (handshake with every auth branch, text and binary result
 * sets, prepare, batch answers, ping, reset), with every yielded row decoded value by value
 * through wire/my_types.h the way conn_my.c does, and rows also taken from the buffer
 * (sqlx_wire_vm_next_buffered, peek and take) on inputs of odd length. The first byte picks the script, the read chunk size and a few
 * capability bits. Must never crash, leak or read outside the input (ASan + UBSan).
 * Corpus: tests/fuzz/corpus/my_decode/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "wire/codec.h"
#include "wire/my_types.h"
#include "wire/pack.h"
#include "wire/vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The server side: the input, handed out in chunks. */
struct feed {
    const uint8_t *p;
    size_t n;
    size_t chunk;
};

static long feed_read(void *ctx, void *out, size_t cap, struct sqlx_err *err)
{
    struct feed *f = ctx;
    if (f->n == 0)
        return sqlx_err_set(err, SQLX_EIO, "server closed the connection");
    size_t k = f->n < f->chunk ? f->n : f->chunk;
    if (k > cap)
        k = cap;
    memcpy(out, f->p, k); /* a private copy: the VM must only read what it was given */
    f->p += k;
    f->n -= k;
    return (long)k;
}

static int feed_write(void *ctx, const void *p, size_t n, struct sqlx_err *err)
{
    (void)ctx;
    (void)p;
    (void)n;
    (void)err;
    return 0;
}

static int feed_tls(void *ctx, struct sqlx_err *err)
{
    (void)ctx;
    (void)err;
    return 0;
}

static int feed_wait(void *ctx, int ms)
{
    (void)ms;
    return ((struct feed *)ctx)->n > 0;
}

static struct sqlx_pack *pack;

static void load_pack(void)
{
    struct sqlx_err err;
    const char *dir = getenv("SQLX_PACKS");
    char path[1024];
    snprintf(path, sizeof path, "%s/mysql-8.0.json", dir && *dir ? dir : SQLX_SOURCE_DIR "/packs");
    pack = sqlx_pack_load(path, &err);
    if (!pack) {
        fprintf(stderr, "my_decode_fuzz: %s\n", err.message);
        abort();
    }
}

static volatile uint64_t sink; /* keeps the walks from being optimised away */

static void walk_values(const struct sqlx_wire_msg *m)
{
    for (uint32_t i = 0; i < m->nvals; i++) {
        const struct sqlx_wire_val *v = &m->vals[i];
        if (v->kind == SQLX_WV_BYTES || v->kind == SQLX_WV_RAWLIST)
            for (size_t k = 0; k < v->n; k++)
                sink += v->p[k];
        else if (v->kind == SQLX_WV_INT)
            sink += (uint64_t)v->i;
    }
}

static void same_or_abort(const struct sqlx_wire_msg *a, const struct sqlx_wire_msg *b, int ra,
                          int rb, const struct sqlx_err *ea, const struct sqlx_err *eb)
{
    if (ra != rb || (ra && strcmp(ea->message, eb->message) != 0))
        abort();
    if (ra)
        return;
    const struct sqlx_wire_val *la = sqlx_wire_msg_val(a, 0), *lb = sqlx_wire_msg_val(b, 0);
    if (la->count != lb->count)
        abort();
    const struct sqlx_wire_val *ia = sqlx_wire_msg_items(a, la), *ib = sqlx_wire_msg_items(b, lb);
    for (uint32_t k = 0; k < la->count; k++)
        if (ia[k].kind != ib[k].kind ||
            (ia[k].kind == SQLX_WV_BYTES && (ia[k].p != ib[k].p || ia[k].n != ib[k].n)))
            abort();
}

/* The same values (text and blob by content, floats bit for bit). */
static bool same_value(const struct sqlx_value *a, const struct sqlx_value *b)
{
    if (a->type != b->type)
        return false;
    if (a->type == SQLX_V_TEXT || a->type == SQLX_V_BLOB)
        return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
    if (a->type == SQLX_V_INT)
        return a->i == b->i;
    if (a->type == SQLX_V_FLOAT)
        return memcmp(&a->f, &b->f, sizeof a->f) == 0;
    return a->type != SQLX_V_BOOL || a->b == b->b;
}

/* A frame as BinaryRow: the fast path against the interpreter (every value), then the one-pass
 * decoder against the codec and the general decoder (the columns the type list names). */
static void binary_row_both_ways(const struct sqlx_wire_codec *c, const struct sqlx_wire_frame *f,
                                 const struct sqlx_wire_val *vars, uint32_t nvars,
                                 const struct sqlx_my_column *planned,
                                 const struct sqlx_my_column *plain, uint32_t ncols)
{
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(c, "BinaryRow");
    struct sqlx_wire_msg a = { .vars = vars, .nvars = nvars }, b = { .vars = vars, .nvars = nvars };
    struct sqlx_err ea, eb;
    int ra = sqlx_wire_decode(c, l, f->payload, f->len, &a, &ea);
    int rb = sqlx_wire_decode_interpreted(c, l, f->payload, f->len, &b, &eb);
    if (ra != rb || (ra < 0 && strcmp(ea.message, eb.message) != 0))
        abort();
    if (ra == 0) {
        if (a.nvals != b.nvals)
            abort();
        for (uint32_t k = 0; k < a.nvals; k++)
            if (a.vals[k].kind != b.vals[k].kind ||
                (a.vals[k].kind == SQLX_WV_BYTES &&
                 (a.vals[k].p != b.vals[k].p || a.vals[k].n != b.vals[k].n)))
                abort();
    }
    struct sqlx_value direct[8], general[8];
    struct sqlx_my_scratch s1, s2;
    sqlx_my_scratch_init(&s1);
    sqlx_my_scratch_init(&s2);
    int rd = sqlx_my_decode_binary_row(planned, ncols, f->payload, f->len, &s1, direct);
    if (rd == 0) {
        if (ra != 0)
            abort(); /* the one-pass decoder took a row the codec refuses */
        const struct sqlx_wire_val *list = sqlx_wire_msg_val(&a, 2);
        sqlx_my_decode_row(plain, sqlx_wire_msg_items(&a, list), ncols, true, &s2, general);
        for (uint32_t k = 0; k < ncols; k++)
            if (!same_value(&direct[k], &general[k]))
                abort();
    }
    sqlx_my_scratch_free(&s1);
    sqlx_my_scratch_free(&s2);
    sqlx_wire_msg_free(&a);
    sqlx_wire_msg_free(&b);
}

/* Splits every frame of the input and decodes it as each backend layout; TextRow both ways,
 * BinaryRow every way (for the three columns the type list names: BIGINT, DATETIME, VARCHAR). */
static void decode_frames(const uint8_t *data, size_t size, const struct sqlx_wire_val *vars,
                          uint32_t nvars)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(pack->proto);
    struct sqlx_wire_msg m = { .vars = vars, .nvars = nvars }, m2 = { .vars = vars, .nvars = nvars };
    struct sqlx_err err, err2;
    const struct sqlx_wire_layout *row = sqlx_wire_codec_find(c, "TextRow");
    struct sqlx_my_column planned[3] = { { .type = 8 }, { .type = 12 }, { .type = 253, .charset = 45 } };
    struct sqlx_my_column plain[3];
    for (int k = 0; k < 3; k++)
        sqlx_my_column_plan(&planned[k]);
    memcpy(plain, planned, sizeof plain);
    for (int k = 0; k < 3; k++)
        plain[k].fast = SQLX_MY_FAST_NONE;
    while (size > 0) {
        struct sqlx_wire_frame f;
        if (sqlx_wire_frame_split(c, true, data, size, &f, &err) != 1)
            break;
        for (uint16_t id = 0; id < c->nmsgs; id++) {
            if (!(c->msgs[id].dir & SQLX_WDIR_BACKEND))
                continue;
            if (sqlx_wire_decode_frame(c, &f, &id, 1, &m, &err) == 0) {
                walk_values(&m);
                sqlx_wire_vm_msg_error(&m, &err2);
            }
        }
        int ra = sqlx_wire_decode(c, row, f.payload, f.len, &m, &err);
        int rb = sqlx_wire_decode_interpreted(c, row, f.payload, f.len, &m2, &err2);
        same_or_abort(&m, &m2, ra, rb, &err, &err2);
        binary_row_both_ways(c, &f, vars, nvars, planned, plain, 3);
        data += f.total;
        size -= f.total;
    }
    sqlx_wire_msg_free(&m);
    sqlx_wire_msg_free(&m2);
}

#define MAX_COLS 64

/* What conn_my.c keeps per result set: column types for binary rows and the decoders. */
struct cols {
    struct sqlx_my_column col[MAX_COLS];
    struct sqlx_wire_val types[MAX_COLS];
    int n, next;
};

static void decode_row(const struct sqlx_wire_msg *m, struct cols *cs, struct sqlx_my_scratch *sc)
{
    bool binary = strcmp(m->layout->name, "BinaryRow") == 0;
    if (!binary && strcmp(m->layout->name, "TextRow") != 0)
        return;
    const struct sqlx_wire_val *list = sqlx_wire_msg_val(m, binary ? 2 : 0);
    if (list->kind != SQLX_WV_LIST)
        return;
    const struct sqlx_wire_val *it = sqlx_wire_msg_items(m, list);
    sqlx_my_scratch_reset(sc);
    for (uint32_t i = 0; i < list->count && (int)i < cs->n; i++) {
        if (it[i].kind != SQLX_WV_BYTES)
            continue;
        struct sqlx_value v;
        struct sqlx_err err;
        size_t used;
        int rc = binary ? sqlx_my_decode_binary(&cs->col[i], it[i].p, it[i].n, &used, sc, &v, &err)
                        : sqlx_my_decode_text(&cs->col[i], (const char *)it[i].p, (long)it[i].n, sc,
                                              &v, &err);
        if (rc == 0 && (v.type == SQLX_V_TEXT || v.type == SQLX_V_BLOB))
            for (size_t k = 0; k < v.n; k++)
                sink += (uint8_t)v.s[k];
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char scripts[][16] = { "handshake", "simple", "prepare",      "execute",
                                        "batch_result", "ping", "reset_session", "handshake" };
    if (!pack)
        load_pack();
    if (size < 1)
        return 0;
    const struct sqlx_wire_proto *p = pack->proto;
    struct cols cs = { .n = 0 };
    struct sqlx_wire_val vars[256] = { { 0 } };
    int ct = sqlx_wire_proto_var(p, "column_types"), caps = sqlx_wire_proto_var(p, "client_caps");
    for (int i = 0; i < 3; i++)
        cs.types[i] = sqlx_wire_int(i == 0 ? 8 : i == 1 ? 12 : 253);
    if (ct >= 0 && ct < 256)
        vars[ct] = sqlx_wire_list(cs.types, 3);
    if (caps >= 0 && caps < 256)
        vars[caps] = sqlx_wire_int((data[0] & 0x40) ? 0x01800000 : 0);
    decode_frames(data + 1, size - 1, vars, 256);

    struct feed feed = { .p = data + 1, .n = size - 1, .chunk = 1 + (data[0] >> 4) * 97 };
    struct sqlx_wire_io io = { .ctx = &feed,
                               .read = feed_read,
                               .write = feed_write,
                               .start_tls = feed_tls,
                               .wait_readable = feed_wait };
    struct sqlx_wire_vm *vm = sqlx_wire_vm_new(p, &io);
    struct sqlx_wire_val params[2] = { sqlx_wire_null(), sqlx_wire_bytes("\x01x", 2) };
    struct sqlx_wire_val ptypes[2] = { sqlx_wire_int(6), sqlx_wire_int(253) };
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "user"), sqlx_wire_bytes("u", 1));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "password"), sqlx_wire_bytes("pw", 2));
    if (data[0] & 0x20)
        sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "database"), sqlx_wire_bytes("db", 2));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "sslmode"),
                     (data[0] & 8) ? sqlx_wire_bytes("prefer", 6) : sqlx_wire_bytes("disable", 7));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "extra_flags"), sqlx_wire_int(0));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "drop_flags"),
                     sqlx_wire_int((data[0] & 0x40) ? 0 : 0x01000000));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "sql"), sqlx_wire_bytes("select 1", 8));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "stmt_id"), sqlx_wire_int(1));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "param_count"), sqlx_wire_int(2));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "param_types"), sqlx_wire_list(ptypes, 2));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "param_type_pairs"), sqlx_wire_list(ptypes, 2));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "params"), sqlx_wire_list(params, 2));
    sqlx_wire_vm_set(vm, ct, sqlx_wire_list(cs.types, 0));
    sqlx_wire_vm_set(vm, caps, sqlx_wire_int((data[0] & 0x40) ? 0x01800000 : 0x00800000));
    int ev_row = sqlx_wire_proto_event(p, "row"), ev_cc = sqlx_wire_proto_event(p, "column_count"),
        ev_col = sqlx_wire_proto_event(p, "column");
    int cc_var = sqlx_wire_proto_var(p, "column_count");
    struct sqlx_my_scratch sc;
    sqlx_my_scratch_init(&sc);
    int script = sqlx_wire_proto_script(p, scripts[data[0] & 7]);
    struct sqlx_err err;
    int rc = sqlx_wire_vm_run(vm, script, &err);
    for (int steps = 0; rc == SQLX_VM_YIELD && steps < 100000; steps++) {
        const struct sqlx_wire_msg *m = sqlx_wire_vm_msg(vm);
        int ev = sqlx_wire_vm_event(vm);
        walk_values(m);
        if (ev == ev_cc) {
            const struct sqlx_wire_val *n = sqlx_wire_vm_get(vm, cc_var);
            cs.n = n->kind == SQLX_WV_INT && n->i >= 0 && n->i <= MAX_COLS ? (int)n->i : 0;
            cs.next = 0;
            memset(cs.types, 0, sizeof cs.types);
            sqlx_wire_vm_set(vm, ct, sqlx_wire_list(cs.types, (uint32_t)cs.n));
        } else if (ev == ev_col && cs.next < cs.n) {
            const struct sqlx_wire_layout *l = m->layout;
            struct sqlx_my_column *c = &cs.col[cs.next];
            c->type = (uint8_t)sqlx_wire_msg_val(m, sqlx_wire_layout_slot(l, "type"))->i;
            c->flags = (uint16_t)sqlx_wire_msg_val(m, sqlx_wire_layout_slot(l, "flags"))->i;
            c->charset = (uint16_t)sqlx_wire_msg_val(m, sqlx_wire_layout_slot(l, "charset"))->i;
            c->decimals = (uint8_t)sqlx_wire_msg_val(m, sqlx_wire_layout_slot(l, "decimals"))->i;
            sqlx_my_column_plan(c);
            cs.types[cs.next++] = sqlx_wire_int(c->type);
        } else if (ev == ev_row) {
            decode_row(m, &cs, &sc);
            /* rows already buffered, as conn_my.c takes them: peek and take, or decoded */
            const uint8_t *pl;
            size_t pn;
            struct sqlx_value vals[MAX_COLS];
            while (size & 1) {
                const struct sqlx_wire_layout *l = sqlx_wire_vm_peek_buffered(vm, ev_row, &pl, &pn);
                if (l && strcmp(l->name, "BinaryRow") == 0 &&
                    sqlx_my_decode_binary_row(cs.col, (uint32_t)cs.n, pl, pn, &sc, vals) == 0) {
                    sqlx_wire_vm_take_buffered(vm, ev_row);
                    continue;
                }
                if (sqlx_wire_vm_next_buffered(vm, ev_row) != 1)
                    break;
                decode_row(sqlx_wire_vm_msg(vm), &cs, &sc);
            }
        }
        rc = sqlx_wire_vm_resume(vm, &err);
    }
    const char *v = sqlx_wire_vm_server_param(vm, "server_version");
    if (v)
        sink += (uint8_t)v[0];
    sqlx_my_scratch_free(&sc);
    sqlx_wire_vm_free(vm);
    return 0;
}
