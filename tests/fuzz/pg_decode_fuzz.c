/* libFuzzer target: arbitrary server bytes against the PostgreSQL pack's frame decoder and the
 * VM's message handling. The first byte picks a script (handshake, simple query, prepare,
 * execute, pipeline end, notification wait) and the read chunk size; the rest is what "the
 * server" sends. Every yielded row is walked value by value. Must never crash, leak or read
 * outside the input (ASan + UBSan). Corpus: tests/fuzz/corpus/pg_decode/. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "wire/codec.h"
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
    /* A private copy: the VM must only ever read what it was given. */
    memcpy(out, f->p, k);
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
    snprintf(path, sizeof path, "%s/postgresql-15.json",
             dir && *dir ? dir : SQLX_SOURCE_DIR "/packs");
    pack = sqlx_pack_load(path, &err);
    if (!pack) {
        fprintf(stderr, "pg_decode_fuzz: %s\n", err.message);
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

/* Splits and decodes every frame of the input directly, both ways for DataRow. */
static void decode_frames(const uint8_t *data, size_t size)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(pack->proto);
    struct sqlx_wire_msg m = { 0 };
    struct sqlx_err err;
    const struct sqlx_wire_layout *row = sqlx_wire_codec_find(c, "DataRow");
    while (size > 0) {
        struct sqlx_wire_frame f;
        int r = sqlx_wire_frame_split(c, true, data, size, &f, &err);
        if (r != 1)
            break;
        if (sqlx_wire_decode_frame(c, &f, NULL, 0, &m, &err) == 0) {
            walk_values(&m);
            struct sqlx_err e2;
            sqlx_wire_vm_msg_error(&m, &e2);
        }
        if (row && sqlx_wire_decode_interpreted(c, row, f.payload, f.len, &m, &err) == 0)
            walk_values(&m);
        data += f.total;
        size -= f.total;
    }
    sqlx_wire_msg_free(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char scripts[][20] = { "handshake", "simple",    "prepare",
                                        "execute",   "batch_end", "wait_notification" };
    if (!pack)
        load_pack();
    if (size < 1)
        return 0;
    decode_frames(data + 1, size - 1);

    struct feed feed = { .p = data + 1, .n = size - 1, .chunk = 1 + (data[0] >> 3) * 37 };
    struct sqlx_wire_io io = { .ctx = &feed,
                               .read = feed_read,
                               .write = feed_write,
                               .start_tls = feed_tls,
                               .wait_readable = feed_wait };
    struct sqlx_wire_vm *vm = sqlx_wire_vm_new(pack->proto, &io);
    const struct sqlx_wire_proto *p = pack->proto;
    struct sqlx_wire_val startup[2] = { sqlx_wire_bytes("user", 4), sqlx_wire_bytes("u", 1) };
    struct sqlx_wire_val params[2] = { sqlx_wire_null(), sqlx_wire_bytes("1", 1) };
    struct sqlx_wire_val formats[1] = { sqlx_wire_int(1) };
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "user"), sqlx_wire_bytes("u", 1));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "password"), sqlx_wire_bytes("pw", 2));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "sslmode"),
                     (data[0] & 4) ? sqlx_wire_bytes("prefer", 6) : sqlx_wire_bytes("disable", 7));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "startup_params"), sqlx_wire_list(startup, 1));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "sql"), sqlx_wire_bytes("select 1", 8));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "stmt_name"), sqlx_wire_bytes("s1", 2));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "param_types"), sqlx_wire_list(NULL, 0));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "params"), sqlx_wire_list(params, 1));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "param_formats"), sqlx_wire_list(formats, 1));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "result_formats"), sqlx_wire_list(formats, 1));
    int script = sqlx_wire_proto_script(p, scripts[data[0] % (sizeof scripts / sizeof scripts[0])]);
    struct sqlx_err err;
    int rc = sqlx_wire_vm_run(vm, script, &err);
    for (int steps = 0; rc == SQLX_VM_YIELD && steps < 100000; steps++) {
        walk_values(sqlx_wire_vm_msg(vm));
        rc = sqlx_wire_vm_resume(vm, &err);
    }
    for (int i = 0; i < 8; i++) {
        const char *name = sqlx_wire_vm_server_param(vm, i % 2 ? "server_version" : "TimeZone");
        if (name)
            sink += (uint8_t)name[0];
    }
    sqlx_wire_vm_free(vm);
    return 0;
}
