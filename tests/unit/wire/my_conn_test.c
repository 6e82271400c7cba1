/* Tests for the MySQL family on WireVM: codec extensions the MySQL packs need (sequence ids,
 * 16 MB split and join, conditional fields, the text-row fast path against the interpreter,
 * binary rows with their NULL bitmap) over an in-memory transport, and integration tests of
 * src/wire/conn_my.c against a real MariaDB 10.11 (tests/harness/mariadb.sh exports
 * SQLX_TEST_MY_*; a live test is skipped only when its variable is unset): every auth plugin the
 * server offers, TLS modes, a wrong password, every listed type in the text and binary protocols
 * with NULLs, multiple result sets, a 20 MB blob, a connection killed mid-query and the pool,
 * KILL QUERY cancel, COM_PING and COM_RESET_CONNECTION, the statement cache and batches. */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "wire/codec.h"
#include "wire/conn.h"
#include "wire/my.h"
#include "wire/my_types.h"
#include "wire/pack.h"
#include "wire/pool.h"
#include "wire/vm.h"

static struct sqlx_packset packs;

static void setup(void)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
}

static void teardown(void)
{
    sqlx_packset_free(&packs);
}

TestSuite(my_conn, .init = setup, .fini = teardown, .timeout = 120);

static const struct sqlx_pack *my_pack(void)
{
    const struct sqlx_pack *p = sqlx_packset_find(&packs, "mysql-8.0");
    cr_assert_not_null(p);
    return p;
}

/* ---- in-memory transport ------------------------------------------------------------------------ */

struct mem {
    const uint8_t *p; /* what "the server" sends */
    size_t n;
    size_t chunk;
    struct sqlx_buf sent; /* what the client wrote */
};

static long mem_read(void *ctx, void *out, size_t cap, struct sqlx_err *err)
{
    struct mem *m = ctx;
    if (m->n == 0)
        return sqlx_err_set(err, SQLX_EIO, "server closed the connection");
    size_t k = m->n < m->chunk ? m->n : m->chunk;
    if (k > cap)
        k = cap;
    memcpy(out, m->p, k);
    m->p += k;
    m->n -= k;
    return (long)k;
}

static int mem_write(void *ctx, const void *p, size_t n, struct sqlx_err *err)
{
    (void)err;
    sqlx_buf_put(&((struct mem *)ctx)->sent, p, n);
    return 0;
}

static int mem_wait(void *ctx, int ms)
{
    (void)ms;
    return ((struct mem *)ctx)->n > 0;
}

/* Appends one MySQL frame (3-byte length, sequence id, payload). */
static void frame(struct sqlx_buf *b, uint8_t seq, const void *p, size_t n)
{
    uint8_t h[4] = { (uint8_t)n, (uint8_t)(n >> 8), (uint8_t)(n >> 16), seq };
    sqlx_buf_put(b, h, 4);
    sqlx_buf_put(b, p, n);
}

static struct sqlx_wire_vm *mem_vm(struct mem *m)
{
    struct sqlx_wire_io io = { .ctx = m, .read = mem_read, .write = mem_write,
                               .wait_readable = mem_wait };
    sqlx_buf_init(&m->sent, 0);
    return sqlx_wire_vm_new(my_pack()->proto, &io);
}

/* The simple-query flow over a scripted server: a one-column result set, then its end. */
static int run_simple(struct sqlx_wire_vm *vm, int *rows, struct sqlx_err *err)
{
    const struct sqlx_wire_proto *p = my_pack()->proto;
    int sql = sqlx_wire_proto_var(p, "sql");
    int caps = sqlx_wire_proto_var(p, "client_caps");
    sqlx_wire_vm_set(vm, sql, sqlx_wire_bytes("select", 6));
    sqlx_wire_vm_set(vm, caps, sqlx_wire_int(0x01800000)); /* DEPRECATE_EOF, SESSION_TRACK */
    int ev_row = sqlx_wire_proto_event(p, "row");
    int rc = sqlx_wire_vm_run(vm, sqlx_wire_proto_script(p, "simple"), err);
    *rows = 0;
    while (rc == SQLX_VM_YIELD) {
        if (sqlx_wire_vm_event(vm) == ev_row)
            (*rows)++;
        rc = sqlx_wire_vm_resume(vm, err);
    }
    return rc;
}

static const uint8_t coldef[] = { 3, 'd', 'e', 'f', 0, 0, 0, 1, 'a', 0, 0x0c, 45, 0, 10, 0, 0,
                                  0, 253, 0, 0, 0, 0, 0 };
static const uint8_t okend[] = { 0xfe, 0, 0, 2, 0, 0, 0 };

Test(my_conn, sequence_ids_are_checked)
{
    struct sqlx_buf srv;
    sqlx_buf_init(&srv, 0);
    uint8_t one = 1, row[] = { 2, 'h', 'i' };
    frame(&srv, 1, &one, 1);
    frame(&srv, 2, coldef, sizeof coldef);
    frame(&srv, 3, row, sizeof row);
    frame(&srv, 4, okend, sizeof okend);
    struct mem m = { .p = (const uint8_t *)srv.data, .n = srv.len, .chunk = 5 };
    struct sqlx_wire_vm *vm = mem_vm(&m);
    struct sqlx_err err;
    int rows;
    cr_assert_eq(run_simple(vm, &rows, &err), SQLX_VM_DONE, "%s", err.message);
    cr_assert_eq(rows, 1);
    cr_assert_eq(m.sent.len, 4 + 7);
    cr_assert_eq(((uint8_t *)m.sent.data)[3], 0, "a command starts at sequence id 0");
    sqlx_wire_vm_free(vm);
    sqlx_buf_free(&m.sent);

    /* The same answer with a gap in the sequence ids breaks the connection. */
    ((uint8_t *)srv.data)[4 + 1 + 4 + sizeof coldef + 3] = 7;
    m = (struct mem){ .p = (const uint8_t *)srv.data, .n = srv.len, .chunk = 64 };
    vm = mem_vm(&m);
    cr_assert_eq(run_simple(vm, &rows, &err), SQLX_EIO);
    cr_assert_str_eq(err.message,
                     "packets out of order: the server sent sequence id 7 where 3 was expected");
    cr_assert(sqlx_wire_vm_broken(vm));
    sqlx_wire_vm_free(vm);
    sqlx_buf_free(&m.sent);
    sqlx_buf_free(&srv);
}

/* The execute flow over a scripted server; rows are recorded as "id:text;" ("-" for NULL).
 * With buffered set, rows already in the buffer are taken with sqlx_wire_vm_next_buffered
 * (counted in *shortcut) and the script runs only when it must. */
static int run_execute(struct sqlx_wire_vm *vm, bool buffered, struct sqlx_buf *rows,
                       int *shortcut, struct sqlx_err *err)
{
    const struct sqlx_wire_proto *p = my_pack()->proto;
    static struct sqlx_wire_val types[2];
    types[0] = sqlx_wire_int(8);
    types[1] = sqlx_wire_int(253);
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "client_caps"), sqlx_wire_int(0x01800200));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "client_ext_caps"), sqlx_wire_int(0));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "stmt_id"), sqlx_wire_int(1));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "param_count"), sqlx_wire_int(0));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "send_types"), sqlx_wire_int(0));
    sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "column_types"), sqlx_wire_list(types, 2));
    int ev_row = sqlx_wire_proto_event(p, "row");
    int values = -1;
    int rc = sqlx_wire_vm_run(vm, sqlx_wire_proto_script(p, "execute"), err);
    *shortcut = 0;
    while (rc == SQLX_VM_YIELD) {
        if (sqlx_wire_vm_event(vm) == ev_row) {
            for (bool more = true; more;) {
                const struct sqlx_wire_msg *m = sqlx_wire_vm_msg(vm);
                if (values < 0)
                    values = sqlx_wire_layout_slot(m->layout, "values");
                const struct sqlx_wire_val *list = sqlx_wire_msg_val(m, values);
                const struct sqlx_wire_val *it = sqlx_wire_msg_items(m, list);
                char tmp[64];
                int64_t id = 0;
                if (it[0].kind == SQLX_WV_BYTES)
                    memcpy(&id, it[0].p, 8);
                int n = snprintf(tmp, sizeof tmp, "%lld:", it[0].kind == SQLX_WV_NULL ? -1LL : (long long)id);
                sqlx_buf_put(rows, tmp, (size_t)n);
                if (it[1].kind == SQLX_WV_BYTES)
                    sqlx_buf_put(rows, it[1].p + 1, it[1].n - 1);
                else
                    sqlx_buf_putc(rows, '-');
                sqlx_buf_putc(rows, ';');
                more = buffered && sqlx_wire_vm_next_buffered(vm, ev_row) == 1;
                *shortcut += more;
            }
        }
        rc = sqlx_wire_vm_resume(vm, err);
    }
    return rc;
}

/* Rows taken from the buffer by sqlx_wire_vm_next_buffered are exactly the rows the script
 * yields: same values, same end, same error for a damaged stream (a sequence gap, an error
 * packet among the rows), over reads of every size. */
Test(my_conn, buffered_rows_equal_the_script)
{
    uint8_t cd_int[sizeof coldef], cd_str[sizeof coldef];
    memcpy(cd_int, coldef, sizeof coldef);
    memcpy(cd_str, coldef, sizeof coldef);
    cd_int[17] = 8;
    cr_assert_eq(coldef[17], 253);
    static const uint8_t errpkt[] = { 0xff, 0x15, 0x04, '#', '2', '8', '0', '0', '0', 'b', 'a', 'd' };
    for (int variant = 0; variant < 3; variant++) {
        struct sqlx_buf srv;
        sqlx_buf_init(&srv, 0);
        uint8_t two = 2, seq = 1;
        frame(&srv, seq++, &two, 1);
        frame(&srv, seq++, cd_int, sizeof cd_int);
        frame(&srv, seq++, cd_str, sizeof cd_str);
        unsigned rnd = 99;
        for (int r = 0; r < 400; r++) {
            uint8_t row[80];
            size_t n = 0;
            row[n++] = 0;
            bool id_null = r % 17 == 3, s_null = r % 5 == 1;
            row[n++] = (uint8_t)((id_null ? 4 : 0) | (s_null ? 8 : 0));
            if (!id_null) {
                int64_t id = r * 1000 - 7;
                memcpy(row + n, &id, 8);
                n += 8;
            }
            if (!s_null) {
                size_t len = rand_r(&rnd) % 60;
                row[n++] = (uint8_t)len;
                for (size_t i = 0; i < len; i++)
                    row[n++] = (uint8_t)('a' + (r + i) % 26);
            }
            if (variant == 1 && r == 250)
                seq += 3; /* a gap: the connection breaks at this row */
            if (variant == 2 && r == 300) {
                frame(&srv, seq++, errpkt, sizeof errpkt);
                break;
            }
            frame(&srv, seq++, row, n);
        }
        frame(&srv, seq++, okend, sizeof okend);
        static const size_t chunks[] = { 1, 7, 64, 1000, 1 << 20 };
        for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
            struct sqlx_buf a, b;
            sqlx_buf_init(&a, 0);
            sqlx_buf_init(&b, 0);
            struct sqlx_err ea = { 0 }, eb = { 0 };
            int sa, sb;
            struct mem ma = { .p = (const uint8_t *)srv.data, .n = srv.len, .chunk = chunks[k] };
            struct sqlx_wire_vm *va = mem_vm(&ma);
            int ra = run_execute(va, false, &a, &sa, &ea);
            struct mem mb = { .p = (const uint8_t *)srv.data, .n = srv.len, .chunk = chunks[k] };
            struct sqlx_wire_vm *vb = mem_vm(&mb);
            int rb = run_execute(vb, true, &b, &sb, &eb);
            cr_assert_eq(ra, rb, "variant %d chunk %zu: %d (%s) vs %d (%s)", variant, chunks[k], ra,
                         ea.message, rb, eb.message);
            cr_assert_eq(ra, variant == 0 ? SQLX_VM_DONE : variant == 1 ? SQLX_EIO : SQLX_EENGINE,
                         "variant %d: %s", variant, ea.message);
            cr_assert_str_eq(ea.message, eb.message);
            cr_assert_eq(a.len, b.len, "variant %d chunk %zu", variant, chunks[k]);
            cr_assert_eq(memcmp(a.data, b.data, a.len), 0, "variant %d chunk %zu", variant, chunks[k]);
            cr_assert_eq(sa, 0);
            if (chunks[k] >= 1000)
                cr_assert_gt(sb, 100, "rows taken from the buffer: %d", sb);
            cr_assert_eq(sqlx_wire_vm_broken(va), sqlx_wire_vm_broken(vb));
            sqlx_wire_vm_free(va);
            sqlx_wire_vm_free(vb);
            sqlx_buf_free(&ma.sent);
            sqlx_buf_free(&mb.sent);
            sqlx_buf_free(&a);
            sqlx_buf_free(&b);
        }
        sqlx_buf_free(&srv);
    }
}

/* A row of 0xffffff + 10 bytes arrives as two frames and is joined in place; one of exactly
 * 0xffffff bytes is followed by an empty frame. */
Test(my_conn, split_frames_are_joined)
{
    for (int variant = 0; variant < 2; variant++) {
        size_t vlen = variant == 0 ? 0xffffffu + 10 - 9 : 0xffffffu - 9;
        uint8_t *payload = sqlx_malloc(vlen + 9);
        payload[0] = 0xfe; /* lenenc, 8 bytes */
        for (int k = 0; k < 8; k++)
            payload[1 + k] = (uint8_t)((uint64_t)vlen >> (8 * k));
        for (size_t i = 0; i < vlen; i++)
            payload[9 + i] = (uint8_t)(i * 7);
        size_t total = vlen + 9;
        struct sqlx_buf srv;
        sqlx_buf_init(&srv, 0);
        uint8_t one = 1;
        frame(&srv, 1, &one, 1);
        frame(&srv, 2, coldef, sizeof coldef);
        frame(&srv, 3, payload, 0xffffff);
        frame(&srv, 4, payload + 0xffffff, total - 0xffffff);
        frame(&srv, 5, okend, sizeof okend);
        struct mem m = { .p = (const uint8_t *)srv.data, .n = srv.len, .chunk = 1 << 20 };
        struct sqlx_wire_vm *vm = mem_vm(&m);
        const struct sqlx_wire_proto *p = my_pack()->proto;
        struct sqlx_err err;
        sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "sql"), sqlx_wire_bytes("x", 1));
        sqlx_wire_vm_set(vm, sqlx_wire_proto_var(p, "client_caps"), sqlx_wire_int(0x01000000));
        int rc = sqlx_wire_vm_run(vm, sqlx_wire_proto_script(p, "simple"), &err);
        int rows = 0;
        while (rc == SQLX_VM_YIELD) {
            if (sqlx_wire_vm_event(vm) == sqlx_wire_proto_event(p, "row")) {
                const struct sqlx_wire_msg *msg = sqlx_wire_vm_msg(vm);
                const struct sqlx_wire_val *list = sqlx_wire_msg_val(msg, 0);
                cr_assert_eq(list->count, 1);
                const struct sqlx_wire_val *v = sqlx_wire_msg_items(msg, list);
                cr_assert_eq(v->n, vlen);
                cr_assert_eq(memcmp(v->p, payload + 9, vlen), 0, "joined bytes are intact");
                rows++;
            }
            rc = sqlx_wire_vm_resume(vm, &err);
        }
        cr_assert_eq(rc, SQLX_VM_DONE, "%s", err.message);
        cr_assert_eq(rows, 1);
        sqlx_wire_vm_free(vm);
        sqlx_buf_free(&m.sent);
        sqlx_buf_free(&srv);
        sqlx_free(payload);
    }
}

/* Encoding a payload of 0xffffff bytes or more splits it, numbering the frames. */
Test(my_conn, large_messages_are_split_on_encode)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(my_pack()->proto);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(c, "ComQuery");
    for (size_t n = 0xffffff - 1; n <= 0xffffff + 1; n++) {
        char *sql = sqlx_malloc(n - 1);
        memset(sql, 'x', n - 1);
        struct sqlx_wire_val vals[2] = { { 0 }, sqlx_wire_bytes(sql, n - 1) };
        struct sqlx_buf out;
        sqlx_buf_init(&out, 0);
        uint8_t seq = 0;
        struct sqlx_err err;
        cr_assert_eq(sqlx_wire_encode_ex(c, l, vals, NULL, 0, &seq, &out, &err), 0, "%s",
                     err.message);
        const uint8_t *b = (const uint8_t *)out.data;
        size_t first = n < 0xffffff ? n : 0xffffff;
        cr_assert_eq(b[0] | b[1] << 8 | b[2] << 16, (int)first);
        cr_assert_eq(b[3], 0);
        cr_assert_eq(b[4], 3, "COM_QUERY");
        if (n < 0xffffff) {
            cr_assert_eq(out.len, 4 + n);
            cr_assert_eq(seq, 1);
        } else {
            const uint8_t *h = b + 4 + 0xffffff;
            cr_assert_eq(h[0] | h[1] << 8 | h[2] << 16, (int)(n - 0xffffff));
            cr_assert_eq(h[3], 1, "the continuation has the next sequence id");
            cr_assert_eq(out.len, 8 + n);
            cr_assert_eq(seq, 2);
            cr_assert_eq(memcmp(h + 4, sql, n - 0xffffff), 0);
        }
        sqlx_buf_free(&out);
        sqlx_free(sql);
    }
}

/* The text-row fast path gives exactly what the interpreter gives: same code, same error text,
 * same values, on generated rows and on each of them cut, extended and damaged. */
Test(my_conn, text_row_fast_path_equals_interpreter)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(my_pack()->proto);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(c, "TextRow");
    cr_assert_eq(l->shape, SQLX_WSHAPE_LENENC_TO_END);
    struct sqlx_wire_msg a = { 0 }, b = { 0 };
    uint8_t row[600];
    unsigned seed = 12345;
    for (int iter = 0; iter < 3000; iter++) {
        size_t n = 0;
        int cols = (int)(rand_r(&seed) % 8);
        for (int k = 0; k < cols && n < 400; k++) {
            int kind = (int)(rand_r(&seed) % 4);
            if (kind == 0) {
                row[n++] = 0xfb;
            } else if (kind == 1) {
                size_t len = rand_r(&seed) % 40;
                row[n++] = (uint8_t)len;
                for (size_t i = 0; i < len; i++)
                    row[n++] = (uint8_t)rand_r(&seed);
            } else if (kind == 2) {
                size_t len = 251 + rand_r(&seed) % 100;
                row[n++] = 0xfc;
                row[n++] = (uint8_t)len;
                row[n++] = (uint8_t)(len >> 8);
                if (n + len > sizeof row)
                    len = sizeof row - n;
                memset(row + n, 'z', len);
                n += len;
            } else {
                row[n++] = (uint8_t)rand_r(&seed); /* anything, often malformed */
            }
        }
        for (int variant = 0; variant < 4; variant++) {
            uint8_t buf[610];
            size_t len = n;
            memcpy(buf, row, n);
            if (variant == 1 && len)
                len = rand_r(&seed) % len;
            if (variant == 2)
                buf[len++] = (uint8_t)rand_r(&seed);
            if (variant == 3 && len)
                buf[rand_r(&seed) % len] = (uint8_t)rand_r(&seed);
            struct sqlx_err ea = { 0 }, eb = { 0 };
            int ra = sqlx_wire_decode(c, l, buf, len, &a, &ea);
            int rb = sqlx_wire_decode_interpreted(c, l, buf, len, &b, &eb);
            cr_assert_eq(ra, rb, "iteration %d variant %d", iter, variant);
            if (ra) {
                cr_assert_str_eq(ea.message, eb.message);
                continue;
            }
            const struct sqlx_wire_val *la = sqlx_wire_msg_val(&a, 0), *lb = sqlx_wire_msg_val(&b, 0);
            cr_assert_eq(la->count, lb->count);
            const struct sqlx_wire_val *ia = sqlx_wire_msg_items(&a, la), *ib = sqlx_wire_msg_items(&b, lb);
            for (uint32_t k = 0; k < la->count; k++) {
                cr_assert_eq(ia[k].kind, ib[k].kind);
                if (ia[k].kind == SQLX_WV_BYTES)
                    cr_assert(ia[k].p == ib[k].p && ia[k].n == ib[k].n);
            }
        }
    }
    sqlx_wire_msg_free(&a);
    sqlx_wire_msg_free(&b);
}

/* A binary row: NULL bitmap with offset 2, then each non-NULL value in its type's encoding. */
Test(my_conn, binary_row_layout)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(my_pack()->proto);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(c, "BinaryRow");
    int slot = sqlx_wire_codec_var(c, "column_types");
    cr_assert_geq(slot, 0);
    /* LONGLONG, NULL column (VAR_STRING), DATETIME, VAR_STRING, TINY */
    struct sqlx_wire_val types[5] = { sqlx_wire_int(8), sqlx_wire_int(253), sqlx_wire_int(12),
                                      sqlx_wire_int(253), sqlx_wire_int(1) };
    struct sqlx_wire_val vars[64] = { { 0 } };
    vars[slot] = sqlx_wire_list(types, 5);
    const uint8_t row[] = { 0x00, 0x08, /* bitmap, (5 + 2 + 7) / 8 bytes: column 1 (bit 3) is NULL */
                            1, 0, 0, 0, 0, 0, 0, 0x80, 4, 0xe8, 7, 2, 29, 2, 'o', 'k', 0xff };
    struct sqlx_wire_msg m = { .vars = vars, .nvars = 64 };
    struct sqlx_err err;
    cr_assert_eq(sqlx_wire_decode(c, l, row, sizeof row, &m, &err), 0, "%s", err.message);
    const struct sqlx_wire_val *list = sqlx_wire_msg_val(&m, sqlx_wire_layout_slot(l, "values"));
    const struct sqlx_wire_val *it = sqlx_wire_msg_items(&m, list);
    cr_assert_eq(list->count, 5);
    cr_assert_eq(it[0].n, 8);
    cr_assert_eq(it[1].kind, SQLX_WV_NULL);
    cr_assert_eq(it[2].n, 5, "the length byte stays with the date");
    cr_assert_eq(it[2].p[0], 4);
    cr_assert_eq(it[3].n, 3);
    cr_assert_eq(it[4].n, 1);
    cr_assert_eq(it[4].p[0], 0xff);
    /* One byte short: the last value does not fit. */
    cr_assert_eq(sqlx_wire_decode(c, l, row, sizeof row - 1, &m, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "frame ends inside a fixed-size value"), "%s", err.message);
    /* Without the engine's type list the row cannot be read. */
    vars[slot] = sqlx_wire_null();
    cr_assert_eq(sqlx_wire_decode(c, l, row, sizeof row, &m, &err), SQLX_EINVAL);
    sqlx_wire_msg_free(&m);
}

/* Compares the binary-row fast path with the interpreter on one frame: same code, same error
 * text, same top-level values and items. */
static void same_binary_decode(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                               const uint8_t *buf, size_t len, struct sqlx_wire_msg *a,
                               struct sqlx_wire_msg *b, int iter)
{
    struct sqlx_err ea = { 0 }, eb = { 0 };
    int ra = sqlx_wire_decode(c, l, buf, len, a, &ea);
    int rb = sqlx_wire_decode_interpreted(c, l, buf, len, b, &eb);
    cr_assert_eq(ra, rb, "iteration %d: fast %d (%s) vs interpreted %d (%s)", iter, ra, ea.message,
                 rb, eb.message);
    if (ra) {
        if (ra < 0)
            cr_assert_str_eq(ea.message, eb.message, "iteration %d", iter);
        return;
    }
    cr_assert_eq(a->nvals, b->nvals, "iteration %d", iter);
    for (uint32_t k = 0; k < a->nvals; k++) {
        const struct sqlx_wire_val *x = &a->vals[k], *y = &b->vals[k];
        cr_assert_eq(x->kind, y->kind, "iteration %d value %u", iter, k);
        if (x->kind == SQLX_WV_BYTES)
            cr_assert(x->p == y->p && x->n == y->n, "iteration %d value %u", iter, k);
        else if (x->kind == SQLX_WV_INT)
            cr_assert_eq(x->i, y->i);
        else if (x->kind == SQLX_WV_LIST)
            cr_assert(x->count == y->count && x->first == y->first);
    }
}

/* The binary-row fast path gives exactly what the interpreter gives, on generated rows of every
 * encoding (fixed widths, one-byte lengths, length-encoded strings of each prefix size, NULLs)
 * and on each of them cut, extended and damaged, with a wrong header and without a type list. */
Test(my_conn, binary_row_fast_path_equals_interpreter)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(my_pack()->proto);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(c, "BinaryRow");
    cr_assert_eq(l->shape, SQLX_WSHAPE_BITMAP_TYPED);
    int slot = sqlx_wire_codec_var(c, "column_types");
    cr_assert_geq(slot, 0);
    /* codes: TINY, SHORT, LONG, LONGLONG, NULL, DATETIME, TIME, VAR_STRING, BLOB, NEWDECIMAL */
    static const int codes[] = { 1, 2, 3, 8, 6, 12, 11, 253, 252, 246 };
    struct sqlx_wire_val types[20];
    struct sqlx_wire_val vars[64] = { { 0 } };
    struct sqlx_wire_msg a = { .vars = vars, .nvars = 64 }, b = { .vars = vars, .nvars = 64 };
    static uint8_t row[70000], buf[70010];
    unsigned seed = 4242;
    int ok = 0;
    for (int iter = 0; iter < 3000; iter++) {
        uint32_t ncols = (uint32_t)(rand_r(&seed) % 20);
        for (uint32_t k = 0; k < ncols; k++)
            types[k] = sqlx_wire_int(codes[rand_r(&seed) % 10]);
        vars[slot] = iter % 97 == 0 ? sqlx_wire_null() : sqlx_wire_list(types, ncols);
        size_t nb = (ncols + 2 + 7) / 8, n = 0;
        row[n++] = iter % 89 == 0 ? 0xfe : 0x00;
        memset(row + n, 0, nb);
        for (uint32_t k = 0; k < ncols; k++)
            if (rand_r(&seed) % 5 == 0)
                row[n + (k + 2) / 8] |= (uint8_t)(1u << ((k + 2) % 8));
        n += nb;
        for (uint32_t k = 0; k < ncols; k++) {
            if (row[1 + (k + 2) / 8] & (1u << ((k + 2) % 8)))
                continue;
            int code = (int)types[k].i;
            size_t len;
            if (code == 1 || code == 2 || code == 3 || code == 8) {
                len = code == 1 ? 1 : code == 2 ? 2 : code == 3 ? 4 : 8;
                for (size_t i = 0; i < len; i++)
                    row[n++] = (uint8_t)rand_r(&seed);
            } else if (code == 12 || code == 11) {
                len = (size_t)(rand_r(&seed) % 12);
                row[n++] = (uint8_t)len;
                memset(row + n, 1, len);
                n += len;
            } else if (code != 6) {
                int form = (int)(rand_r(&seed) % 5);
                len = form == 0 ? 300 : form == 1 ? 66000 : (size_t)(rand_r(&seed) % 60);
                if (form == 4) {
                    row[n++] = (uint8_t)(0xfb + rand_r(&seed) % 5); /* NULL marker, 0xff, huge */
                    len = 0;
                } else if (form == 0) {
                    row[n++] = 0xfc;
                    row[n++] = (uint8_t)len;
                    row[n++] = (uint8_t)(len >> 8);
                } else if (form == 1) {
                    row[n++] = 0xfd;
                    row[n++] = (uint8_t)len;
                    row[n++] = (uint8_t)(len >> 8);
                    row[n++] = (uint8_t)(len >> 16);
                } else {
                    row[n++] = (uint8_t)len;
                }
                if (n + len > sizeof row - 16)
                    break;
                memset(row + n, 'v', len);
                n += len;
            }
        }
        for (int variant = 0; variant < 4; variant++) {
            size_t len = n;
            memcpy(buf, row, n);
            if (variant == 1 && len)
                len = rand_r(&seed) % len;
            if (variant == 2)
                buf[len++] = (uint8_t)rand_r(&seed);
            if (variant == 3 && len)
                buf[rand_r(&seed) % len] = (uint8_t)rand_r(&seed);
            same_binary_decode(c, l, buf, len, &a, &b, iter);
            ok += variant == 0 && sqlx_wire_decode(c, l, buf, len, &a, &(struct sqlx_err){ 0 }) == 0;
        }
    }
    cr_assert_gt(ok, 1000, "most generated rows decode (%d did)", ok);
    sqlx_wire_msg_free(&a);
    sqlx_wire_msg_free(&b);
}

/* True when two decoded values are the same (text and blob by content, floats bit for bit). */
static bool same_value(const struct sqlx_value *a, const struct sqlx_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case SQLX_V_NULL:
        return true;
    case SQLX_V_INT:
        return a->i == b->i;
    case SQLX_V_FLOAT:
        return memcmp(&a->f, &b->f, sizeof a->f) == 0;
    case SQLX_V_BOOL:
        return a->b == b->b;
    case SQLX_V_TEXT:
    case SQLX_V_BLOB:
        return a->n == b->n && memcmp(a->s, b->s, a->n) == 0;
    }
    return false;
}

/* The one-pass row decoder (shortcuts included) gives the values the codec's BinaryRow layout
 * and the general value decoder give, or declines (-1) so the row takes that path; it never
 * succeeds on a row the codec rejects. Rows of every column type the server sends, planned and not, with
 * every temporal length and length-encoding size, cut, extended and damaged. */
Test(my_conn, binary_row_direct_decoder_equals_codec)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(my_pack()->proto);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(c, "BinaryRow");
    for (int t = 0; t < 256; t++)
        cr_assert_eq(l->ops[2].encs[t], sqlx_my_binary_encoding((uint8_t)t),
                     "type %d: the pack and the value decoders read it alike", t);
    int slot = sqlx_wire_codec_var(c, "column_types");
    int vslot = sqlx_wire_layout_slot(l, "values");
    static const uint8_t codes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 245, 246,
                                     247, 252, 253, 254, 255 };
    struct sqlx_my_column cols[16];
    struct sqlx_wire_val types[16], vars[64] = { { 0 } };
    struct sqlx_wire_msg m = { .vars = vars, .nvars = 64 };
    struct sqlx_value a[16], b[16];
    struct sqlx_my_scratch sa, sb;
    sqlx_my_scratch_init(&sa);
    sqlx_my_scratch_init(&sb);
    static uint8_t row[70000], buf[70010];
    unsigned seed = 2027;
    int direct = 0, valid = 0;
    for (int iter = 0; iter < 4000; iter++) {
        uint32_t ncols = 1 + (uint32_t)(rand_r(&seed) % 16);
        for (uint32_t k = 0; k < ncols; k++) {
            memset(&cols[k], 0, sizeof cols[k]);
            cols[k].type = codes[rand_r(&seed) % sizeof codes];
            cols[k].flags = rand_r(&seed) % 3 == 0 ? SQLX_MY_FLAG_UNSIGNED : 0;
            cols[k].charset = rand_r(&seed) % 4 == 0 ? SQLX_MY_CHARSET_BINARY : 45;
            cols[k].decimals = (uint8_t)(rand_r(&seed) % 3 == 0 ? 31 : rand_r(&seed) % 7);
            if (iter % 3)
                sqlx_my_column_plan(&cols[k]);
            types[k] = sqlx_wire_int(cols[k].type);
        }
        vars[slot] = sqlx_wire_list(types, ncols);
        size_t nb = (ncols + 2 + 7) / 8, n = 0;
        row[n++] = 0;
        memset(row + n, 0, nb);
        for (uint32_t k = 0; k < ncols; k++)
            if (rand_r(&seed) % 6 == 0)
                row[1 + (k + 2) / 8] |= (uint8_t)(1u << ((k + 2) % 8));
        n += nb;
        for (uint32_t k = 0; k < ncols; k++) {
            if (row[1 + (k + 2) / 8] & (1u << ((k + 2) % 8)))
                continue;
            int enc = sqlx_my_binary_encoding(cols[k].type);
            if (enc >= SQLX_WENC_FIXED1 && enc <= SQLX_WENC_FIXED8) {
                for (size_t i = 0; i < ((size_t)1 << (enc - SQLX_WENC_FIXED1)); i++)
                    row[n++] = (uint8_t)rand_r(&seed);
            } else if (enc == SQLX_WENC_LEN8) {
                static const uint8_t lens[] = { 0, 4, 7, 11, 8, 12 };
                uint8_t len = lens[rand_r(&seed) % 6];
                row[n++] = len;
                /* plausible fields: year 2024, small month/day/hours, zero microseconds */
                const uint8_t f[12] = { 0xe8, 7, 5, 17, 13, 45, 59, 0, 0, 0, 0, 0 };
                const uint8_t tm[12] = { 0, 2, 0, 0, 0, 5, 6, 7, 1, 0, 0, 0 };
                memcpy(row + n, cols[k].type == 11 ? tm : f, len);
                n += len;
            } else if (enc == SQLX_WENC_LENENC) {
                int form = (int)(rand_r(&seed) % 4);
                size_t len = form == 0 ? 300 : form == 1 ? 66000 : (size_t)(rand_r(&seed) % 9);
                if (form == 0) {
                    row[n++] = 0xfc;
                    row[n++] = (uint8_t)len;
                    row[n++] = (uint8_t)(len >> 8);
                } else if (form == 1) {
                    row[n++] = 0xfd;
                    row[n++] = (uint8_t)len;
                    row[n++] = (uint8_t)(len >> 8);
                    row[n++] = (uint8_t)(len >> 16);
                } else {
                    row[n++] = (uint8_t)len;
                }
                if (n + len > sizeof row - 16)
                    break;
                memset(row + n, cols[k].type == 246 ? '7' : 'v', len);
                n += len;
            }
        }
        for (int variant = 0; variant < 4; variant++) {
            size_t len = n;
            memcpy(buf, row, n);
            if (variant == 1 && len)
                len = rand_r(&seed) % len;
            if (variant == 2)
                buf[len++] = (uint8_t)rand_r(&seed);
            if (variant == 3 && len)
                buf[rand_r(&seed) % len] = (uint8_t)rand_r(&seed);
            struct sqlx_err err;
            sqlx_my_scratch_reset(&sa);
            sqlx_my_scratch_reset(&sb);
            int rc = sqlx_wire_decode(c, l, buf, len, &m, &err);
            int rd = sqlx_my_decode_binary_row(cols, ncols, buf, len, &sb, b);
            if (rc != 0) {
                cr_assert_eq(rd, -1, "iteration %d variant %d: the codec refused (%s)", iter,
                             variant, err.message);
                continue;
            }
            valid++;
            if (rd != 0)
                continue;
            direct++;
            /* the reference: the codec's values through the general decoder (no shortcuts) */
            struct sqlx_my_column plain[16];
            memcpy(plain, cols, sizeof plain);
            for (uint32_t k = 0; k < ncols; k++)
                plain[k].fast = SQLX_MY_FAST_NONE;
            const struct sqlx_wire_val *list = sqlx_wire_msg_val(&m, vslot);
            sqlx_my_decode_row(plain, sqlx_wire_msg_items(&m, list), list->count, true, &sa, a);
            for (uint32_t k = 0; k < ncols; k++)
                cr_assert(same_value(&a[k], &b[k]), "iteration %d variant %d column %u (type %u)",
                          iter, variant, k, cols[k].type);
        }
    }
    /* rows with a value the decoders refuse (a random TIME length, BIT over 64 bits) decline */
    cr_assert_gt(direct, valid / 3, "rows decoded in one pass: %d of %d", direct, valid);
    sqlx_my_scratch_free(&sa);
    sqlx_my_scratch_free(&sb);
    sqlx_wire_msg_free(&m);
}

/* OK packets read their info and session state only under the capabilities that carry them. */
Test(my_conn, conditional_fields)
{
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(my_pack()->proto);
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(c, "OK");
    int caps = sqlx_wire_codec_var(c, "client_caps");
    cr_assert_geq(caps, 0);
    struct sqlx_wire_val vars[64] = { { 0 } };
    struct sqlx_wire_msg m = { .vars = vars, .nvars = 64 };
    struct sqlx_err err;
    /* SESSION_TRACK with SESSION_STATE_CHANGED: lenenc info, then the state block. */
    const uint8_t tracked[] = { 0, 1, 0, 0x02, 0x40, 0, 0, 2, 'h', 'i', 3, 1, 1, 'x' };
    vars[caps] = sqlx_wire_int(0x00800000);
    cr_assert_eq(sqlx_wire_decode(c, l, tracked, sizeof tracked, &m, &err), 0, "%s", err.message);
    cr_assert_eq(m.vals[sqlx_wire_layout_slot(l, "info")].n, 2);
    cr_assert_eq(m.vals[sqlx_wire_layout_slot(l, "session_state")].n, 3);
    cr_assert_eq(m.vals[sqlx_wire_layout_slot(l, "info_text")].kind, SQLX_WV_NONE);
    /* Without SESSION_TRACK the rest of the packet is plain info text. */
    const uint8_t plain[] = { 0, 1, 0, 0x02, 0x00, 0, 0, 'R', 'o', 'w', 's' };
    vars[caps] = sqlx_wire_int(0);
    cr_assert_eq(sqlx_wire_decode(c, l, plain, sizeof plain, &m, &err), 0, "%s", err.message);
    cr_assert_eq(m.vals[sqlx_wire_layout_slot(l, "info")].kind, SQLX_WV_NONE);
    cr_assert_eq(m.vals[sqlx_wire_layout_slot(l, "info_text")].n, 4);
    sqlx_wire_msg_free(&m);
}

/* ---- live server ----------------------------------------------------------------------------------- */

static const char *url_of(const char *var)
{
    const char *u = getenv(var);
    if (!u || !*u)
        cr_skip_test("%s is not set (run through tests/run.sh or source tests/harness/mariadb.sh env)",
                     var);
    return u;
}

static struct sqlx_conn *open_url(const char *url)
{
    struct sqlx_conn *c;
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_open(url, &packs, &c, &err), 0, "%s: %s", url, err.message);
    return c;
}

static struct sqlx_conn *open_with(const char *suffix)
{
    char url[1024];
    const char *base = url_of("SQLX_TEST_MY_URL");
    snprintf(url, sizeof url, "%s%s", base, suffix);
    return open_url(url);
}

static void exec_ok(struct sqlx_conn *c, const char *sql)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_exec(c, sql, &err), 0, "%s: %s", sql, err.message);
}

/* The first column of the first row as text (ints printed), "NULL", or the error message. */
static void scalar_text(struct sqlx_conn *c, const char *sql, char *out, size_t cap)
{
    struct sqlx_stmt *s;
    struct sqlx_err err;
    if (sqlx_conn_prepare(c, sql, strlen(sql), &s, &err)) {
        snprintf(out, cap, "error: %.200s", err.message);
        return;
    }
    int rc = sqlx_stmt_step(s, &err);
    snprintf(out, cap, "no row");
    if (rc == SQLX_STEP_ROW) {
        struct sqlx_value v;
        sqlx_stmt_column(s, 0, &v);
        if (v.type == SQLX_V_NULL)
            snprintf(out, cap, "NULL");
        else if (v.type == SQLX_V_INT)
            snprintf(out, cap, "%lld", (long long)v.i);
        else if (v.type == SQLX_V_TEXT || v.type == SQLX_V_BLOB)
            snprintf(out, cap, "%.*s", (int)v.n, v.s);
        else
            snprintf(out, cap, "type %d", v.type);
    }
    while (rc == SQLX_STEP_ROW)
        rc = sqlx_stmt_step(s, &err);
    if (rc < 0)
        snprintf(out, cap, "error: %.200s", err.message);
    sqlx_stmt_finalize(s);
}

Test(my_conn, native_password)
{
    struct sqlx_conn *c = open_url(url_of("SQLX_TEST_MY_URL"));
    char buf[256];
    scalar_text(c, "SELECT CURRENT_USER()", buf, sizeof buf);
    cr_assert(strncmp(buf, "sqlx_native@", 12) == 0, "%s", buf);
    cr_assert_str_eq(c->pack->name, "mariadb-10.11", "mysql:// to MariaDB picks the MariaDB pack");
    cr_assert(strstr(sqlx_my_server_version(c), "MariaDB"));
    cr_assert_gt(sqlx_my_connection_id(c), 0);
    scalar_text(c, "SELECT @@time_zone", buf, sizeof buf);
    cr_assert_str_eq(buf, "+00:00", "sessions run in UTC");
    sqlx_conn_close(c);
}

Test(my_conn, ed25519)
{
    struct sqlx_conn *c = open_url(url_of("SQLX_TEST_MY_ED25519_URL"));
    char buf[256];
    scalar_text(c, "SELECT CURRENT_USER()", buf, sizeof buf);
    cr_assert(strncmp(buf, "sqlx_ed25519@", 13) == 0, "%s", buf);
    sqlx_conn_close(c);
    /* A wrong password is refused by the ed25519 plugin as well. */
    char url[512];
    snprintf(url, sizeof url, "%s", url_of("SQLX_TEST_MY_ED25519_URL"));
    char *pw = strstr(url, "_pw@");
    cr_assert_not_null(pw);
    pw[1] = 'X';
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_open(url, &packs, &c, &err), SQLX_EINVAL);
    cr_assert_eq(err.engine_code, 1045);
}

Test(my_conn, wrong_password)
{
    char url[512];
    snprintf(url, sizeof url, "%s", url_of("SQLX_TEST_MY_URL"));
    char *pw = strstr(url, "_pw@");
    cr_assert_not_null(pw);
    pw[1] = 'X';
    struct sqlx_conn *c;
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_open(url, &packs, &c, &err), SQLX_EINVAL);
    cr_assert_null(c);
    cr_assert_eq(err.engine_code, 1045);
    cr_assert_str_eq(err.sqlstate, "28000");
    cr_assert(strstr(err.message, "Access denied for user 'sqlx_native'"), "%s", err.message);
    cr_assert(strstr(err.hint, "password"), "%s", err.hint);
}

static void expect_tls(const char *suffix, bool want)
{
    struct sqlx_conn *c = open_with(suffix);
    char buf[256];
    scalar_text(c,
                "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'",
                buf, sizeof buf);
    cr_assert_eq(buf[0] != '\0' && strcmp(buf, "no row") != 0, want, "%s: cipher '%s'", suffix,
                 buf);
    sqlx_conn_close(c);
}

Test(my_conn, tls_modes)
{
    const char *ca = url_of("SQLX_TEST_MY_CA");
    char q[600];
    expect_tls("?ssl-mode=disabled", false);
    expect_tls("?ssl-mode=preferred", true);
    expect_tls("?ssl-mode=required", true);
    expect_tls("?sslmode=require", true);
    snprintf(q, sizeof q, "?ssl-mode=verify_ca&ssl-ca=%s", ca);
    expect_tls(q, true);
    snprintf(q, sizeof q, "?ssl-mode=verify_identity&ssl-ca=%s", ca);
    expect_tls(q, true);
    /* Verification against the system's CAs fails: the server's CA is private. */
    char url[1024];
    snprintf(url, sizeof url, "%s?ssl-mode=verify_ca", url_of("SQLX_TEST_MY_URL"));
    struct sqlx_conn *c;
    struct sqlx_err err;
    cr_assert_neq(sqlx_conn_open(url, &packs, &c, &err), 0);
    cr_assert(strstr(err.message, "certificate"), "%s", err.message);
    snprintf(url, sizeof url, "%s?ssl-mode=sometimes", url_of("SQLX_TEST_MY_URL"));
    cr_assert_eq(sqlx_conn_open(url, &packs, &c, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "ssl-mode"), "%s", err.message);
}

/* ---- types ------------------------------------------------------------------------------------------- */

static const char types_ddl[] =
    "CREATE TABLE sqlx_my_types (id INT PRIMARY KEY, ti TINYINT, tu TINYINT UNSIGNED, si SMALLINT, "
    "su SMALLINT UNSIGNED, mi MEDIUMINT, mu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, "
    "bu BIGINT UNSIGNED, de DECIMAL(20,6), fl FLOAT, db DOUBLE, d DATE, dt DATETIME(6), "
    "ts TIMESTAMP(3) NULL, tm TIME(6), y YEAR, vc VARCHAR(50), ch CHAR(5), tx TEXT, bl BLOB, "
    "vb VARBINARY(10), js JSON, en ENUM('a','b'), st SET('x','y'), bt BIT(12), b1 BIT(1), bo BOOLEAN)";

static const char types_row1[] =
    "INSERT INTO sqlx_my_types VALUES (1, -128, 255, -32768, 65535, -8388608, 16777215, "
    "-2147483648, 4294967295, -9223372036854775808, 18446744073709551615, "
    "'-12345678901234.123456', 1.5, -2.25e300, '2024-02-29', '2024-02-29 23:59:58.123456', "
    "'2024-01-02 03:04:05.678', '-123:45:06.5', 2155, 'h\xc3\xa9llo', 'ab', 'text', x'00ff10', x'01', "
    "'{\"a\": [1, 2]}', 'b', 'x,y', b'101010101010', b'1', TRUE)";

static const char types_row3[] =
    "INSERT INTO sqlx_my_types VALUES (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '1970-01-01', "
    "'1970-01-01 00:00:00', '2000-01-01 00:00:00', '00:00:00', 2000, '', '', '', '', '', '[]', "
    "'a', '', b'0', b'0', FALSE)";

struct want {
    const char *col;
    enum sqlx_vtype type;
    const char *text; /* TEXT/BLOB bytes, or the INT printed, or the FLOAT printed %.17g */
};

static const struct want row1[] = {
    { "ti", SQLX_V_INT, "-128" },
    { "tu", SQLX_V_INT, "255" },
    { "si", SQLX_V_INT, "-32768" },
    { "su", SQLX_V_INT, "65535" },
    { "mi", SQLX_V_INT, "-8388608" },
    { "mu", SQLX_V_INT, "16777215" },
    { "i", SQLX_V_INT, "-2147483648" },
    { "iu", SQLX_V_INT, "4294967295" },
    { "bi", SQLX_V_INT, "-9223372036854775808" },
    { "bu", SQLX_V_TEXT, "18446744073709551615" },
    { "de", SQLX_V_TEXT, "-12345678901234.123456" },
    { "fl", SQLX_V_FLOAT, "1.5" },
    { "db", SQLX_V_FLOAT, "-2.25e+300" },
    { "d", SQLX_V_TEXT, "2024-02-29" },
    { "dt", SQLX_V_TEXT, "2024-02-29 23:59:58.123456" },
    { "ts", SQLX_V_TEXT, "2024-01-02 03:04:05.678" },
    { "tm", SQLX_V_TEXT, "-123:45:06.500000" },
    { "y", SQLX_V_INT, "2155" },
    { "vc", SQLX_V_TEXT, "h\xc3\xa9llo" },
    { "ch", SQLX_V_TEXT, "ab" },
    { "tx", SQLX_V_TEXT, "text" },
    { "bl", SQLX_V_BLOB, "\x00\xff\x10" },
    { "vb", SQLX_V_BLOB, "\x01" },
    { "js", SQLX_V_TEXT, "{\"a\": [1, 2]}" },
    { "en", SQLX_V_TEXT, "b" },
    { "st", SQLX_V_TEXT, "x,y" },
    { "bt", SQLX_V_INT, "2730" },
    { "b1", SQLX_V_INT, "1" },
    { "bo", SQLX_V_INT, "1" },
};

static size_t want_len(const struct want *w)
{
    if (strcmp(w->col, "bl") == 0)
        return 3;
    return strlen(w->text);
}

static void render(const struct sqlx_value *v, char *out, size_t cap)
{
    if (v->type == SQLX_V_INT)
        snprintf(out, cap, "%lld", (long long)v->i);
    else if (v->type == SQLX_V_FLOAT)
        snprintf(out, cap, "%.17g", v->f);
    else
        out[0] = '\0';
}

static int col_index(struct sqlx_stmt *s, const char *name)
{
    for (int i = 0; i < sqlx_stmt_column_count(s); i++)
        if (strcmp(sqlx_stmt_column_name(s, i), name) == 0)
            return i;
    cr_assert_fail("no column %s", name);
    return -1;
}

/* Reads the three rows of sqlx_my_types through s and checks every value. */
static void check_types(struct sqlx_stmt *s, const char *how)
{
    struct sqlx_err err;
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s: %s", how, err.message);
    cr_assert_eq(sqlx_stmt_column_count(s), 30, "%s", how);
    char buf[64];
    for (size_t k = 0; k < sizeof row1 / sizeof row1[0]; k++) {
        const struct want *w = &row1[k];
        struct sqlx_value v;
        sqlx_stmt_column(s, col_index(s, w->col), &v);
        cr_assert_eq(v.type, w->type, "%s: column %s type %d", how, w->col, v.type);
        if (v.type == SQLX_V_TEXT || v.type == SQLX_V_BLOB) {
            cr_assert(v.n == want_len(w) && memcmp(v.s, w->text, v.n) == 0,
                      "%s: column %s is '%.*s'", how, w->col, (int)v.n, v.s);
        } else {
            render(&v, buf, sizeof buf);
            cr_assert_str_eq(buf, w->text, "%s: column %s", how, w->col);
        }
    }
    /* Row 2: NULL everywhere but the key. */
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s: %s", how, err.message);
    for (int i = 1; i < 30; i++) {
        struct sqlx_value v;
        sqlx_stmt_column(s, i, &v);
        cr_assert_eq(v.type, SQLX_V_NULL, "%s: column %s of the NULL row", how,
                     sqlx_stmt_column_name(s, i));
    }
    /* Row 3: zeros and empty values are not NULL. */
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s: %s", how, err.message);
    for (int i = 1; i < 30; i++) {
        struct sqlx_value v;
        sqlx_stmt_column(s, i, &v);
        cr_assert_neq(v.type, SQLX_V_NULL, "%s: column %s", how, sqlx_stmt_column_name(s, i));
    }
    struct sqlx_value v;
    sqlx_stmt_column(s, col_index(s, "tm"), &v);
    cr_assert(v.n == 15 && memcmp(v.s, "00:00:00.000000", 15) == 0, "%s: '%.*s'", how, (int)v.n,
              v.s);
    sqlx_stmt_column(s, col_index(s, "ch"), &v);
    cr_assert_eq(v.type, SQLX_V_TEXT);
    cr_assert_eq(v.n, 0);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE, "%s: %s", how, err.message);
}

/* sql with "sqlx_my_types" renamed to table (tests run in parallel). */
static void exec_on(struct sqlx_conn *c, const char *sql, const char *table)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    const char *at = strstr(sql, "sqlx_my_types");
    cr_assert_not_null(at);
    sqlx_buf_put(&b, sql, (size_t)(at - sql));
    sqlx_buf_puts(&b, table);
    sqlx_buf_puts(&b, at + strlen("sqlx_my_types"));
    sqlx_buf_putc(&b, '\0');
    exec_ok(c, b.data);
    sqlx_buf_free(&b);
}

static void types_both_protocols(const char *suffix, const char *table)
{
    struct sqlx_conn *c = open_with(suffix);
    exec_on(c, "DROP TABLE IF EXISTS sqlx_my_types", table);
    exec_on(c, types_ddl, table);
    exec_on(c, types_row1, table);
    exec_on(c, "INSERT INTO sqlx_my_types (id) VALUES (2)", table);
    exec_on(c, types_row3, table);
    char q[128];
    snprintf(q, sizeof q, "SELECT * FROM %s ORDER BY id", table);
    struct sqlx_stmt *s;
    struct sqlx_err err;
    cr_assert_eq(sqlx_my_prepare_text(c, q, strlen(q), &s, &err), 0, "%s", err.message);
    check_types(s, "text protocol");
    sqlx_stmt_finalize(s);
    cr_assert_eq(sqlx_conn_prepare(c, q, strlen(q), &s, &err), 0, "%s", err.message);
    check_types(s, "binary protocol");
    /* Run again: the prepared statement re-executes with the same columns. */
    cr_assert_eq(sqlx_stmt_reset(s, &err), 0);
    check_types(s, "binary protocol, second run");
    cr_assert_str_eq(sqlx_stmt_column_decltype(s, col_index(s, "dt")), "datetime");
    sqlx_stmt_finalize(s);
    exec_on(c, "DROP TABLE sqlx_my_types", table);
    sqlx_conn_close(c);
}

Test(my_conn, types_text_and_binary)
{
    types_both_protocols("", "sqlx_my_types");
}

Test(my_conn, types_with_eof_packets)
{
    types_both_protocols("?deprecate_eof=false", "sqlx_my_types_eof");
}

/* Parameters of every universal type go out in the binary protocol and come back unchanged. */
Test(my_conn, parameters_round_trip)
{
    struct sqlx_conn *c = open_with("");
    const char *q = "SELECT ?, ?, ?, ?, ?, ?, ?";
    struct sqlx_stmt *s;
    struct sqlx_err err;
    cr_assert_eq(sqlx_conn_prepare(c, q, strlen(q), &s, &err), 0, "%s", err.message);
    cr_assert_eq(s->nparams, 7);
    struct sqlx_value in[7] = {
        sqlx_value_int(INT64_MIN), sqlx_value_float(0.1),        sqlx_value_text("\xc3\xa9t\xc3\xa9", 5),
        sqlx_value_blob("\0\1\2", 3), sqlx_value_null(),       sqlx_value_bool(true),
        sqlx_value_int(42),
    };
    cr_assert_eq(sqlx_stmt_bind_all(s, in, 7, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
    struct sqlx_value v;
    sqlx_stmt_column(s, 0, &v);
    cr_assert(v.type == SQLX_V_INT && v.i == INT64_MIN);
    sqlx_stmt_column(s, 1, &v);
    cr_assert(v.type == SQLX_V_FLOAT && v.f == 0.1);
    sqlx_stmt_column(s, 2, &v);
    cr_assert(v.n == 5 && memcmp(v.s, "\xc3\xa9t\xc3\xa9", 5) == 0);
    sqlx_stmt_column(s, 3, &v);
    cr_assert(v.type == SQLX_V_BLOB && v.n == 3 && memcmp(v.s, "\0\1\2", 3) == 0);
    sqlx_stmt_column(s, 4, &v);
    cr_assert_eq(v.type, SQLX_V_NULL);
    sqlx_stmt_column(s, 5, &v);
    cr_assert(v.type == SQLX_V_INT && v.i == 1);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE);
    sqlx_stmt_finalize(s);
    sqlx_conn_close(c);
}

/* One CONCAT(?, '|', ?) execution: the text it returns, "NULL" for NULL. */
static void concat_once(struct sqlx_stmt *s, struct sqlx_value a, struct sqlx_value b, char *out,
                        size_t cap)
{
    struct sqlx_err err;
    struct sqlx_value in[2] = { a, b }, v;
    cr_assert_eq(sqlx_stmt_bind_all(s, in, 2, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
    sqlx_stmt_column(s, 0, &v);
    if (v.type == SQLX_V_NULL)
        snprintf(out, cap, "NULL");
    else
        snprintf(out, cap, "%.*s", (int)v.n, v.s);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE);
    cr_assert_eq(sqlx_stmt_reset(s, &err), 0, "%s", err.message);
}

/* Parameter types go with a statement's first execution and whenever they change; executions
 * with the same types leave them out (the server reuses its own), and the values still arrive
 * right: a value read with the wrong type would come back as garbage or an error. */
Test(my_conn, parameter_types_sent_only_when_they_change)
{
    struct sqlx_conn *c = open_with("");
    const char *q = "SELECT CONCAT(?, '|', ?)";
    struct sqlx_stmt *s;
    struct sqlx_err err;
    struct sqlx_my_stats a, b;
    char out[64];
    cr_assert_eq(sqlx_conn_prepare(c, q, strlen(q), &s, &err), 0, "%s", err.message);
    sqlx_my_stats(c, &a);
    concat_once(s, sqlx_value_int(12), sqlx_value_text("ab", 2), out, sizeof out);
    cr_assert_str_eq(out, "12|ab");
    concat_once(s, sqlx_value_int(-34), sqlx_value_text("cd", 2), out, sizeof out);
    cr_assert_str_eq(out, "-34|cd");
    concat_once(s, sqlx_value_int(56), sqlx_value_text("", 0), out, sizeof out);
    cr_assert_str_eq(out, "56|");
    sqlx_my_stats(c, &b);
    cr_assert_eq(b.type_sends - a.type_sends, 1, "types went with the first execution only");
    concat_once(s, sqlx_value_text("x", 1), sqlx_value_int(5), out, sizeof out);
    cr_assert_str_eq(out, "x|5");
    concat_once(s, sqlx_value_null(), sqlx_value_int(6), out, sizeof out);
    cr_assert_str_eq(out, "NULL");
    concat_once(s, sqlx_value_float(1.5), sqlx_value_text("z", 1), out, sizeof out);
    cr_assert_str_eq(out, "1.5|z");
    concat_once(s, sqlx_value_float(2.5), sqlx_value_text("w", 1), out, sizeof out);
    cr_assert_str_eq(out, "2.5|w");
    sqlx_my_stats(c, &a);
    cr_assert_eq(a.type_sends - b.type_sends, 3, "three changes of types, one repeat");
    /* An execution the server refuses (duplicate key): the next one sends the types again. */
    cr_assert_eq(sqlx_conn_exec(c, "CREATE TEMPORARY TABLE pt (id INT PRIMARY KEY, v VARCHAR(8))", &err), 0,
                 "%s", err.message);
    const char *ins = "INSERT INTO pt (id, v) VALUES (?, ?)";
    struct sqlx_stmt *d;
    cr_assert_eq(sqlx_conn_prepare(c, ins, strlen(ins), &d, &err), 0, "%s", err.message);
    struct sqlx_value r1[2] = { sqlx_value_int(1), sqlx_value_text("a", 1) };
    struct sqlx_value r2[2] = { sqlx_value_int(1), sqlx_value_text("b", 1) };
    struct sqlx_value r3[2] = { sqlx_value_int(2), sqlx_value_text("c", 1) };
    sqlx_my_stats(c, &a);
    cr_assert_eq(sqlx_stmt_bind_all(d, r1, 2, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(d, &err), SQLX_STEP_DONE, "%s", err.message);
    cr_assert_eq(sqlx_stmt_reset(d, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_bind_all(d, r2, 2, &err), 0, "%s", err.message);
    cr_assert_lt(sqlx_stmt_step(d, &err), 0, "duplicate key");
    cr_assert_eq(err.engine_code, 1062, "%s", err.message);
    cr_assert_eq(sqlx_stmt_reset(d, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_bind_all(d, r3, 2, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_stmt_step(d, &err), SQLX_STEP_DONE, "%s", err.message);
    sqlx_my_stats(c, &b);
    cr_assert_eq(b.type_sends - a.type_sends, 2, "first execution, then the one after the error");
    scalar_text(c, "SELECT GROUP_CONCAT(id, v ORDER BY id) FROM pt", out, sizeof out);
    cr_assert_str_eq(out, "1a,2c");
    sqlx_stmt_finalize(d);
    sqlx_stmt_finalize(s);
    sqlx_conn_close(c);
}

/* ---- results, errors, cache, batches -------------------------------------------------------------- */

static int count_rows(struct sqlx_stmt *s, struct sqlx_err *err)
{
    int n = 0, rc;
    while ((rc = sqlx_stmt_step(s, err)) == SQLX_STEP_ROW)
        n++;
    return rc < 0 ? rc : n;
}

static void check_multi(struct sqlx_conn *c, struct sqlx_stmt *s, const char *how)
{
    struct sqlx_err err;
    cr_assert_eq(count_rows(s, &err), 2, "%s: %s", how, err.message);
    cr_assert_str_eq(sqlx_stmt_column_name(s, 0), "a");
    cr_assert_eq(sqlx_my_next_result(s, &err), 1, "%s: %s", how, err.message);
    cr_assert_str_eq(sqlx_stmt_column_name(s, 0), "b");
    cr_assert_eq(sqlx_stmt_column_count(s), 2);
    cr_assert_eq(count_rows(s, &err), 1, "%s: %s", how, err.message);
    cr_assert_eq(sqlx_my_next_result(s, &err), 0, "%s: the trailing OK is no result set", how);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE);
    char buf[32];
    scalar_text(c, "SELECT 7", buf, sizeof buf);
    cr_assert_str_eq(buf, "7", "%s: the connection is in step", how);
}

Test(my_conn, multiple_result_sets)
{
    struct sqlx_conn *c = open_with("?multi_statements=true");
    exec_ok(c, "DROP PROCEDURE IF EXISTS sqlx_two");
    exec_ok(c, "CREATE PROCEDURE sqlx_two() BEGIN SELECT 1 AS a UNION SELECT 2; "
               "SELECT 'x' AS b, 'y' AS c; END");
    struct sqlx_stmt *s;
    struct sqlx_err err;
    const char *call = "CALL sqlx_two()";
    cr_assert_eq(sqlx_conn_prepare(c, call, strlen(call), &s, &err), 0, "%s", err.message);
    check_multi(c, s, "CALL prepared");
    sqlx_stmt_finalize(s);
    cr_assert_eq(sqlx_my_prepare_text(c, call, strlen(call), &s, &err), 0, "%s", err.message);
    check_multi(c, s, "CALL as text");
    sqlx_stmt_finalize(s);
    const char *multi = "SELECT 1 AS a UNION SELECT 2; SELECT 'x' AS b, 'y' AS c; DO 1";
    cr_assert_eq(sqlx_my_prepare_text(c, multi, strlen(multi), &s, &err), 0, "%s", err.message);
    check_multi(c, s, "multi-statement");
    /* Finalizing with results unread keeps the connection in step. */
    cr_assert_eq(sqlx_stmt_reset(s, &err), 0);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW);
    sqlx_stmt_finalize(s);
    exec_ok(c, "DO 1; DO 2");
    exec_ok(c, "DROP PROCEDURE sqlx_two");
    sqlx_conn_close(c);
    /* Without multi_statements the server refuses several statements. */
    c = open_with("");
    cr_assert_eq(sqlx_conn_exec(c, "DO 1; DO 2", &err), SQLX_EENGINE);
    cr_assert_eq(err.engine_code, 1064);
    sqlx_conn_close(c);
}

Test(my_conn, error_mapping)
{
    struct sqlx_conn *c = open_with("");
    struct sqlx_err err;
    exec_ok(c, "DROP TABLE IF EXISTS sqlx_my_child");
    exec_ok(c, "DROP TABLE IF EXISTS sqlx_my_parent");
    exec_ok(c, "CREATE TABLE sqlx_my_parent (id INT PRIMARY KEY, email VARCHAR(50) NOT NULL UNIQUE, "
               "age INT CHECK (age >= 0)) ENGINE=InnoDB");
    exec_ok(c, "CREATE TABLE sqlx_my_child (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) "
               "REFERENCES sqlx_my_parent (id)) ENGINE=InnoDB");
    exec_ok(c, "INSERT INTO sqlx_my_parent VALUES (1, 'a@x', 3)");
    cr_assert_eq(sqlx_conn_exec(c, "INSERT INTO sqlx_my_parent VALUES (2, 'a@x', 3)", &err),
                 SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_UNIQUE);
    cr_assert_eq(err.engine_code, 1062);
    cr_assert_str_eq(err.sqlstate, "23000");
    cr_assert(strstr(err.message, "Duplicate entry"), "%s", err.message);
    cr_assert_eq(sqlx_conn_exec(c, "INSERT INTO sqlx_my_parent VALUES (3, NULL, 3)", &err),
                 SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_NOT_NULL);
    cr_assert_eq(sqlx_conn_exec(c, "INSERT INTO sqlx_my_child VALUES (1, 99)", &err),
                 SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_FOREIGN_KEY);
    cr_assert_eq(sqlx_conn_exec(c, "INSERT INTO sqlx_my_parent VALUES (4, 'b@x', -1)", &err),
                 SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_CHECK);
    cr_assert_eq(err.engine_code, 4025);
    struct sqlx_stmt *s;
    cr_assert_eq(sqlx_conn_prepare(c, "SELEKT 1", 8, &s, &err), SQLX_EENGINE);
    cr_assert_eq(err.engine_code, 1064);
    cr_assert_str_eq(err.sqlstate, "42000");
    cr_assert_not(c->broken);
    exec_ok(c, "INSERT INTO sqlx_my_parent VALUES (5, 'c@x', 1)");
    cr_assert_eq(sqlx_conn_changes(c), 1);
    exec_ok(c, "DROP TABLE sqlx_my_child");
    exec_ok(c, "DROP TABLE sqlx_my_parent");
    sqlx_conn_close(c);
}

Test(my_conn, statement_cache_and_insert_id)
{
    struct sqlx_conn *c = open_with("");
    struct sqlx_err err;
    exec_ok(c, "DROP TABLE IF EXISTS sqlx_my_cache");
    exec_ok(c, "CREATE TABLE sqlx_my_cache (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
    const char *q = "INSERT INTO sqlx_my_cache (v) VALUES (?)";
    for (int i = 0; i < 5; i++) {
        struct sqlx_stmt *s;
        cr_assert_eq(sqlx_conn_prepare(c, q, strlen(q), &s, &err), 0, "%s", err.message);
        struct sqlx_value v = sqlx_value_int(i);
        cr_assert_eq(sqlx_stmt_bind(s, 1, &v, &err), 0);
        cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE, "%s", err.message);
        cr_assert_eq(sqlx_conn_changes(c), 1);
        cr_assert_eq(sqlx_conn_last_insert_id(c), i + 1);
        sqlx_stmt_finalize(s);
    }
    struct sqlx_my_stats st;
    sqlx_my_stats(c, &st);
    cr_assert_eq(st.prepares, 1);
    cr_assert_eq(st.cache_hits, 4);
    /* Two statements of the same text at once get one each. */
    struct sqlx_stmt *a, *b;
    const char *sel = "SELECT v FROM sqlx_my_cache ORDER BY id";
    cr_assert_eq(sqlx_conn_prepare(c, sel, strlen(sel), &a, &err), 0);
    cr_assert_eq(sqlx_conn_prepare(c, sel, strlen(sel), &b, &err), 0);
    cr_assert_neq(a, b);
    cr_assert_eq(sqlx_stmt_step(a, &err), SQLX_STEP_ROW);
    cr_assert_eq(count_rows(b, &err), 5, "%s", err.message);
    cr_assert_lt(sqlx_stmt_step(a, &err), 0, "a was cut short by b");
    cr_assert(strstr(err.message, "cut short"));
    sqlx_stmt_finalize(a);
    sqlx_stmt_finalize(b);
    /* More distinct statements than the cache holds: evicted ones are closed on the server. */
    for (int i = 0; i < 100; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "SELECT %d", i);
        struct sqlx_stmt *s;
        cr_assert_eq(sqlx_conn_prepare(c, sql, strlen(sql), &s, &err), 0, "%s", err.message);
        cr_assert_eq(count_rows(s, &err), 1);
        sqlx_stmt_finalize(s);
    }
    char buf[64];
    scalar_text(c, "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE "
                   "VARIABLE_NAME = 'Com_stmt_close'",
                buf, sizeof buf);
    cr_assert_geq(atoi(buf), 30, "statements closed: %s", buf);
    exec_ok(c, "DROP TABLE sqlx_my_cache");
    sqlx_conn_close(c);
}

Test(my_conn, exec_batch)
{
    struct sqlx_conn *c = open_with("");
    struct sqlx_err err;
    exec_ok(c, "DROP TABLE IF EXISTS sqlx_my_batch");
    exec_ok(c, "CREATE TABLE sqlx_my_batch (id INT PRIMARY KEY, name VARCHAR(40))");
    const char *q = "INSERT INTO sqlx_my_batch VALUES (?, ?)";
    struct sqlx_stmt *s;
    cr_assert_eq(sqlx_conn_prepare(c, q, strlen(q), &s, &err), 0, "%s", err.message);
    enum { N = 10000 };
    struct sqlx_value *rows = sqlx_calloc(2 * N, sizeof *rows);
    char (*names)[24] = sqlx_calloc(N, sizeof *names);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "name %d", i);
        rows[2 * i] = sqlx_value_int(i);
        rows[2 * i + 1] = i % 7 ? sqlx_value_text(names[i], strlen(names[i])) : sqlx_value_null();
    }
    int64_t affected = 0;
    struct sqlx_my_stats before, after;
    sqlx_my_stats(c, &before);
    cr_assert_eq(sqlx_stmt_exec_batch(s, rows, 2, N, &affected, &err), 0, "%s", err.message);
    sqlx_my_stats(c, &after);
    cr_assert_eq(affected, N);
    cr_assert_lt(after.writes - before.writes, 200, "pipelined: %llu writes",
                 (unsigned long long)(after.writes - before.writes));
    char buf[64];
    scalar_text(c, "SELECT COUNT(*) FROM sqlx_my_batch WHERE name IS NULL", buf, sizeof buf);
    cr_assert_eq(atoi(buf), (N + 6) / 7);
    cr_assert_not(sqlx_conn_in_transaction(c), "the batch's own transaction is committed");
    /* A duplicate key in row 3: the error names the row and nothing of the batch stays. */
    struct sqlx_value bad[8] = { sqlx_value_int(N + 1), sqlx_value_null(), sqlx_value_int(N + 2),
                                 sqlx_value_null(),     sqlx_value_int(5),  sqlx_value_null(),
                                 sqlx_value_int(N + 3), sqlx_value_null() };
    cr_assert_eq(sqlx_stmt_exec_batch(s, bad, 2, 4, &affected, &err), SQLX_ECONSTRAINT);
    cr_assert_eq(err.constraint_kind, SQLX_CONSTRAINT_UNIQUE);
    cr_assert(strncmp(err.message, "row 3: ", 7) == 0, "%s", err.message);
    scalar_text(c, "SELECT COUNT(*) FROM sqlx_my_batch", buf, sizeof buf);
    cr_assert_eq(atoi(buf), N, "rolled back: %s", buf);
    /* More rows than one bulk command takes (and a row of values over the byte bound): the
     * batch runs in its own transaction, so a duplicate in the last command undoes the first. */
    enum { M = 20000 };
    struct sqlx_value *big = sqlx_calloc(2 * M, sizeof *big);
    static char wide[5000];
    memset(wide, 'w', sizeof wide);
    for (int i = 0; i < M; i++) {
        big[2 * i] = sqlx_value_int(100000 + i);
        big[2 * i + 1] = i == 1 ? sqlx_value_text(wide, 40) : sqlx_value_null();
    }
    big[2 * (M - 1)] = sqlx_value_int(100000);
    int brc = sqlx_stmt_exec_batch(s, big, 2, M, &affected, &err);
    cr_assert_eq(brc, SQLX_ECONSTRAINT, "%d: %s", brc, err.message);
    scalar_text(c, "SELECT COUNT(*) FROM sqlx_my_batch", buf, sizeof buf);
    cr_assert_eq(atoi(buf), N, "rolled back across bulk commands: %s", buf);
    cr_assert_not(sqlx_conn_in_transaction(c));
    big[2 * (M - 1)] = sqlx_value_int(100000 + M - 1);
    sqlx_my_stats(c, &before);
    cr_assert_eq(sqlx_stmt_exec_batch(s, big, 2, M, &affected, &err), 0, "%s", err.message);
    sqlx_my_stats(c, &after);
    cr_assert_eq(affected, M);
    scalar_text(c, "SELECT COUNT(*) FROM sqlx_my_batch", buf, sizeof buf);
    cr_assert_eq(atoi(buf), N + M);
    cr_assert_not(sqlx_conn_in_transaction(c), "committed");
    exec_ok(c, "DELETE FROM sqlx_my_batch WHERE id >= 100000");
    /* Wide rows: about 4.4 MB of values, more than one bulk command carries. */
    exec_ok(c, "CREATE TEMPORARY TABLE sqlx_my_wide (id INT PRIMARY KEY, v TEXT)");
    const char *wq = "INSERT INTO sqlx_my_wide VALUES (?, ?)";
    struct sqlx_stmt *ws;
    cr_assert_eq(sqlx_conn_prepare(c, wq, strlen(wq), &ws, &err), 0, "%s", err.message);
    for (int i = 0; i < 1100; i++) {
        big[2 * i] = sqlx_value_int(i);
        big[2 * i + 1] = sqlx_value_text(wide, 4000 + (size_t)(i % 7));
    }
    cr_assert_eq(sqlx_stmt_exec_batch(ws, big, 2, 1100, &affected, &err), 0, "%s", err.message);
    cr_assert_eq(affected, 1100);
    scalar_text(c, "SELECT CONCAT(COUNT(*), ' ', SUM(LENGTH(v))) FROM sqlx_my_wide", buf, sizeof buf);
    cr_assert_str_eq(buf, "1100 4403297");
    sqlx_stmt_finalize(ws);
    sqlx_free(big);
    /* Inside the caller's transaction the batch is pipelined executes; a column mixing types
     * (INT and TEXT) is fine there too. */
    exec_ok(c, "BEGIN");
    struct sqlx_value mixed[4] = { sqlx_value_int(N + 10), sqlx_value_int(7), sqlx_value_int(N + 11),
                                   sqlx_value_text("t", 1) };
    cr_assert_eq(sqlx_stmt_exec_batch(s, mixed, 2, 2, &affected, &err), 0, "%s", err.message);
    cr_assert_eq(affected, 2);
    cr_assert(sqlx_conn_in_transaction(c));
    exec_ok(c, "ROLLBACK");
    /* Outside one, mixed types fall back from bulk execution to pipelined executes. */
    cr_assert_eq(sqlx_stmt_exec_batch(s, mixed, 2, 2, &affected, &err), 0, "%s", err.message);
    scalar_text(c, "SELECT name FROM sqlx_my_batch WHERE id = 10010", buf, sizeof buf);
    cr_assert_str_eq(buf, "7");
    sqlx_stmt_finalize(s);
    sqlx_free(rows);
    sqlx_free(names);
    exec_ok(c, "DROP TABLE sqlx_my_batch");
    sqlx_conn_close(c);
}

Test(my_conn, ping_and_reset_session)
{
    struct sqlx_conn *c = open_with("");
    struct sqlx_err err;
    cr_assert(sqlx_conn_ping(c));
    /* Prepared statements and plain queries leave the session clean: no reset needed. */
    char buf[64];
    scalar_text(c, "SELECT 1", buf, sizeof buf);
    cr_assert_eq(c->ops->reset_session(c, &err), 0, "%s", err.message);
    struct sqlx_my_stats st;
    sqlx_my_stats(c, &st);
    cr_assert_eq(st.resets, 0, "a clean session is not reset");
    /* A user variable changes the session: reset clears it and the statement cache. */
    exec_ok(c, "SET @sqlx_x = 5");
    scalar_text(c, "SELECT @sqlx_x", buf, sizeof buf);
    cr_assert_str_eq(buf, "5");
    cr_assert_eq(c->ops->reset_session(c, &err), 0, "%s", err.message);
    sqlx_my_stats(c, &st);
    cr_assert_eq(st.resets, 1);
    scalar_text(c, "SELECT @sqlx_x", buf, sizeof buf);
    cr_assert_str_eq(buf, "NULL");
    scalar_text(c, "SELECT @@time_zone", buf, sizeof buf);
    cr_assert_str_eq(buf, "+00:00", "session settings are restored after the reset");
    cr_assert(sqlx_conn_ping(c));
    sqlx_conn_close(c);
}

/* ---- kill, cancel, pool, 20 MB -------------------------------------------------------------------- */

struct later {
    struct sqlx_conn *target;
    bool kill_connection; /* KILL CONNECTION from a second connection; else sqlx_conn_cancel */
    int rc;
    struct sqlx_err err;
};

static void *act_later(void *arg)
{
    struct later *l = arg;
    usleep(400 * 1000);
    if (!l->kill_connection) {
        l->rc = sqlx_conn_cancel(l->target, &l->err);
        return NULL;
    }
    struct sqlx_conn *k;
    if ((l->rc = sqlx_conn_open(getenv("SQLX_TEST_MY_URL"), &packs, &k, &l->err)))
        return NULL;
    char sql[64];
    snprintf(sql, sizeof sql, "KILL CONNECTION %u", sqlx_my_connection_id(l->target));
    l->rc = sqlx_conn_exec(k, sql, &l->err);
    sqlx_conn_close(k);
    return NULL;
}

Test(my_conn, cancel_with_kill_query)
{
    struct sqlx_conn *c = open_with("");
    struct sqlx_err err;
    struct later l = { .target = c };
    pthread_t th;
    pthread_create(&th, NULL, act_later, &l);
    int rc = sqlx_conn_exec(c,
                            "SELECT COUNT(*) FROM information_schema.COLLATIONS a, "
                            "information_schema.COLLATIONS b, information_schema.COLLATIONS c, "
                            "information_schema.COLLATIONS d, information_schema.COLLATIONS e",
                            &err);
    pthread_join(th, NULL);
    cr_assert_eq(l.rc, 0, "cancel: %s", l.err.message);
    cr_assert_lt(rc, 0);
    cr_assert_eq(err.engine_code, 1317, "%d %s", err.engine_code, err.message);
    cr_assert(strstr(err.message, "interrupted"), "%s", err.message);
    cr_assert_not(c->broken, "KILL QUERY leaves the connection usable");
    char buf[32];
    scalar_text(c, "SELECT 5", buf, sizeof buf);
    cr_assert_str_eq(buf, "5");
    sqlx_conn_close(c);
}

Test(my_conn, killed_connection_and_pool_recovery)
{
    char url[1024];
    snprintf(url, sizeof url, "%s", url_of("SQLX_TEST_MY_URL"));
    struct sqlx_pool_config cfg = { .url = url, .min = 1, .max = 2, .acquire_timeout_ms = 5000,
                                    .health_check_ms = -1 };
    struct sqlx_pool *p;
    struct sqlx_err err;
    cr_assert_eq(sqlx_pool_create(&cfg, &packs, &p, &err), 0, "%s", err.message);
    struct sqlx_conn *c = sqlx_pool_acquire(p, &err);
    cr_assert_not_null(c, "%s", err.message);
    uint32_t victim = sqlx_my_connection_id(c);
    struct later l = { .target = c, .kill_connection = true };
    pthread_t th;
    pthread_create(&th, NULL, act_later, &l);
    int rc = sqlx_conn_exec(c, "SELECT SLEEP(20)", &err);
    pthread_join(th, NULL);
    cr_assert_eq(l.rc, 0, "kill: %s", l.err.message);
    cr_assert_eq(rc, SQLX_EIO, "%d %s", rc, err.message);
    cr_assert(err.message[0], "a clear message");
    cr_assert(c->broken);
    sqlx_pool_release(p, c);
    for (int i = 0; i < 3; i++) {
        struct sqlx_conn *d = sqlx_pool_acquire(p, &err);
        cr_assert_not_null(d, "%s", err.message);
        cr_assert_neq(sqlx_my_connection_id(d), victim);
        char buf[32];
        scalar_text(d, "SELECT 40 + 2", buf, sizeof buf);
        cr_assert_str_eq(buf, "42");
        sqlx_pool_release(p, d);
    }
    struct sqlx_pool_stats st;
    sqlx_pool_stats(p, &st);
    cr_assert_geq(st.discarded, 1);
    sqlx_pool_destroy(p);
}

/* The server's max_allowed_packet must hold the blob: raised through root on the harness's
 * private socket when it is smaller (the test users have no SUPER privilege). */
static void ensure_max_packet(struct sqlx_conn *c, long need)
{
    char buf[64];
    scalar_text(c, "SELECT @@global.max_allowed_packet", buf, sizeof buf);
    if (atol(buf) >= need)
        return;
    const char *sock = getenv("SQLX_TEST_MY_SOCKET");
    cr_assert(sock && *sock, "max_allowed_packet is %s and SQLX_TEST_MY_SOCKET is unset", buf);
    char cmd[512];
    snprintf(cmd, sizeof cmd,
             "mariadb --no-defaults -S '%s' -uroot -e 'SET GLOBAL max_allowed_packet=%ld' 2>&1",
             sock, need);
    cr_assert_eq(system(cmd), 0, "could not raise max_allowed_packet through %s", sock);
}

Test(my_conn, blob_of_20_mb)
{
    struct sqlx_conn *c = open_with("");
    ensure_max_packet(c, 64L << 20);
    sqlx_conn_close(c);
    c = open_with(""); /* a new session sees the new global value */
    struct sqlx_err err;
    exec_ok(c, "DROP TABLE IF EXISTS sqlx_my_blob");
    exec_ok(c, "CREATE TABLE sqlx_my_blob (id INT PRIMARY KEY, b LONGBLOB)");
    size_t n = 20u << 20;
    uint8_t *blob = sqlx_malloc(n);
    for (size_t i = 0; i < n; i++)
        blob[i] = (uint8_t)(i * 31 + (i >> 13));
    const char *ins = "INSERT INTO sqlx_my_blob VALUES (1, ?)";
    struct sqlx_stmt *s;
    cr_assert_eq(sqlx_conn_prepare(c, ins, strlen(ins), &s, &err), 0, "%s", err.message);
    struct sqlx_value v = sqlx_value_blob(blob, n);
    cr_assert_eq(sqlx_stmt_bind(s, 1, &v, &err), 0);
    cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE, "%s", err.message);
    sqlx_stmt_finalize(s);
    const char *sel = "SELECT b, LENGTH(b) FROM sqlx_my_blob WHERE id = 1";
    for (int text = 0; text < 2; text++) {
        if (text)
            cr_assert_eq(sqlx_my_prepare_text(c, sel, strlen(sel), &s, &err), 0);
        else
            cr_assert_eq(sqlx_conn_prepare(c, sel, strlen(sel), &s, &err), 0);
        cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_ROW, "%s", err.message);
        sqlx_stmt_column(s, 0, &v);
        cr_assert_eq(v.type, SQLX_V_BLOB);
        cr_assert_eq(v.n, n, "%s protocol", text ? "text" : "binary");
        cr_assert_eq(memcmp(v.s, blob, n), 0);
        sqlx_stmt_column(s, 1, &v);
        cr_assert_eq(v.i, (int64_t)n);
        cr_assert_eq(sqlx_stmt_step(s, &err), SQLX_STEP_DONE);
        sqlx_stmt_finalize(s);
    }
    exec_ok(c, "DROP TABLE sqlx_my_blob");
    sqlx_free(blob);
    sqlx_conn_close(c);
}
