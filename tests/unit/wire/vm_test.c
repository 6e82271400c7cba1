/* Tests for src/wire/vm.c: the PostgreSQL pack's scripts run against a scripted fake server on a
 * socketpair (one thread per test): handshakes for trust, md5, SCRAM failure and server errors,
 * TLS negotiation rules, query flows with rows, notices and errors interleaved, fatal errors and
 * EOF, malformed and unexpected messages, frames split across reads and larger than the input
 * buffer, and script compilation errors with their JSON paths. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/buf.h"
#include "wire/auth.h"
#include "wire/pack.h"
#include "wire/pack_int.h"
#include "wire/vm.h"

/* ---- transport over an fd ---------------------------------------------------------------------- */

struct fdio {
    int fd;
    int tls_calls;
};

static long fd_read(void *ctx, void *p, size_t n, struct sqlx_err *err)
{
    ssize_t r = read(((struct fdio *)ctx)->fd, p, n);
    if (r <= 0)
        return sqlx_err_set(err, SQLX_EIO, "server closed the connection");
    return r;
}

static int fd_write(void *ctx, const void *p, size_t n, struct sqlx_err *err)
{
    const char *c = p;
    while (n) {
        ssize_t w = send(((struct fdio *)ctx)->fd, c, n, MSG_NOSIGNAL);
        if (w <= 0)
            return sqlx_err_set(err, SQLX_EIO, "write failed");
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int fd_tls(void *ctx, struct sqlx_err *err)
{
    (void)err;
    ((struct fdio *)ctx)->tls_calls++;
    return 0;
}

static int fd_wait(void *ctx, int ms)
{
    struct pollfd p = { .fd = ((struct fdio *)ctx)->fd, .events = POLLIN };
    return poll(&p, 1, ms);
}

/* ---- fake server ------------------------------------------------------------------------------- */

/* Server-side message builder: tag, length patched at the end. */
static void msg_begin(struct sqlx_buf *b, char tag)
{
    sqlx_buf_putc(b, tag);
    sqlx_buf_put_u32be(b, 0);
}

static void msg_end(struct sqlx_buf *b, size_t start)
{
    uint32_t len = (uint32_t)(b->len - start - 1);
    unsigned char *p = (unsigned char *)b->data + start + 1;
    p[0] = (unsigned char)(len >> 24);
    p[1] = (unsigned char)(len >> 16);
    p[2] = (unsigned char)(len >> 8);
    p[3] = (unsigned char)len;
}

static void put_cstr(struct sqlx_buf *b, const char *s)
{
    sqlx_buf_put(b, s, strlen(s) + 1);
}

static void auth_msg(struct sqlx_buf *b, uint32_t code, const void *extra, size_t n)
{
    size_t at = b->len;
    msg_begin(b, 'R');
    sqlx_buf_put_u32be(b, code);
    if (n)
        sqlx_buf_put(b, extra, n);
    msg_end(b, at);
}

static void param_status(struct sqlx_buf *b, const char *name, const char *value)
{
    size_t at = b->len;
    msg_begin(b, 'S');
    put_cstr(b, name);
    put_cstr(b, value);
    msg_end(b, at);
}

static void ready(struct sqlx_buf *b, char status)
{
    size_t at = b->len;
    msg_begin(b, 'Z');
    sqlx_buf_putc(b, status);
    msg_end(b, at);
}

static void error_msg(struct sqlx_buf *b, char tag, const char *sev, const char *code,
                      const char *msg)
{
    size_t at = b->len;
    msg_begin(b, tag);
    sqlx_buf_putc(b, 'S');
    put_cstr(b, sev);
    sqlx_buf_putc(b, 'V');
    put_cstr(b, sev);
    sqlx_buf_putc(b, 'C');
    put_cstr(b, code);
    sqlx_buf_putc(b, 'M');
    put_cstr(b, msg);
    sqlx_buf_putc(b, 'Z'); /* an unknown field code: skipped */
    put_cstr(b, "ignored");
    sqlx_buf_putc(b, 0);
    msg_end(b, at);
}

static void post_auth(struct sqlx_buf *b)
{
    auth_msg(b, 0, NULL, 0);
    param_status(b, "server_version", "15.4");
    param_status(b, "client_encoding", "UTF8");
    size_t at = b->len;
    msg_begin(b, 'K');
    sqlx_buf_put_u32be(b, 4242);
    sqlx_buf_put_u32be(b, 0xdeadbeef);
    msg_end(b, at);
    ready(b, 'I');
}

/* Reads one client message: untagged when the protocol has none yet. Returns the tag (0 when
 * untagged), fills payload. */
static int read_full(int fd, void *p, size_t n)
{
    char *c = p;
    while (n) {
        ssize_t r = read(fd, c, n);
        if (r <= 0)
            return -1;
        c += r;
        n -= (size_t)r;
    }
    return 0;
}

static int srv_read(int fd, bool tagged, struct sqlx_buf *payload)
{
    unsigned char hdr[5];
    int tag = 0;
    if (tagged) {
        if (read_full(fd, hdr, 1))
            return -1;
        tag = hdr[0];
    }
    if (read_full(fd, hdr + 1, 4))
        return -1;
    uint32_t len =
        ((uint32_t)hdr[1] << 24) | ((uint32_t)hdr[2] << 16) | ((uint32_t)hdr[3] << 8) | hdr[4];
    sqlx_buf_reset(payload);
    sqlx_buf_reserve(payload, len);
    if (len > 4 && read_full(fd, payload->data, len - 4))
        return -1;
    payload->len = len - 4;
    return tag;
}

static void srv_send(int fd, const struct sqlx_buf *b)
{
    const char *p = b->data;
    size_t n = b->len;
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* One test's server: a function run on its own thread with the server end of the pair. */
struct server {
    int fd;
    void (*run)(struct server *s);
    struct sqlx_buf seen; /* what the server read last */
    char note[256];       /* what the server checked, for assertions after join */
    int tag;
};

static void *server_main(void *arg)
{
    struct server *s = arg;
    s->run(s);
    close(s->fd);
    return NULL;
}

/* ---- harness ---------------------------------------------------------------------------------- */

struct rig {
    struct sqlx_pack *pack;
    struct sqlx_wire_vm *vm;
    struct fdio io;
    struct server srv;
    pthread_t th;
    struct sqlx_err err;
    char last[512]; /* what the server read last, kept after rig_stop */
    size_t last_len;
};

static void rig_start(struct rig *r, void (*run)(struct server *))
{
    int sv[2];
    memset(r, 0, sizeof *r);
    r->pack = sqlx_pack_load(SQLX_SOURCE_DIR "/packs/postgresql-15.json", &r->err);
    cr_assert_not_null(r->pack, "%s", r->err.message);
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    r->io.fd = sv[0];
    struct sqlx_wire_io io = { .ctx = &r->io,
                               .read = fd_read,
                               .write = fd_write,
                               .start_tls = fd_tls,
                               .wait_readable = fd_wait };
    r->vm = sqlx_wire_vm_new(r->pack->proto, &io);
    sqlx_buf_init(&r->srv.seen, 0);
    r->srv.fd = sv[1];
    r->srv.run = run;
    pthread_create(&r->th, NULL, server_main, &r->srv);
}

static void rig_stop(struct rig *r)
{
    shutdown(r->io.fd, SHUT_RDWR);
    pthread_join(r->th, NULL);
    close(r->io.fd);
    sqlx_wire_vm_free(r->vm);
    r->last_len = r->srv.seen.len < sizeof r->last ? r->srv.seen.len : sizeof r->last;
    if (r->last_len)
        memcpy(r->last, r->srv.seen.data, r->last_len);
    sqlx_buf_free(&r->srv.seen);
    sqlx_pack_free(r->pack);
}

static int var(struct rig *r, const char *name)
{
    int slot = sqlx_wire_proto_var(r->pack->proto, name);
    cr_assert_geq(slot, 0, "pack has no variable %s", name);
    return slot;
}

static struct sqlx_wire_val startup[4];

static void set_login(struct rig *r, const char *user, const char *password, const char *sslmode)
{
    startup[0] = sqlx_wire_bytes("user", 4);
    startup[1] = sqlx_wire_bytes(user, strlen(user));
    startup[2] = sqlx_wire_bytes("database", 8);
    startup[3] = sqlx_wire_bytes("db", 2);
    sqlx_wire_vm_set(r->vm, var(r, "startup_params"), sqlx_wire_list(startup, 2));
    sqlx_wire_vm_set(r->vm, var(r, "user"), sqlx_wire_bytes(user, strlen(user)));
    if (password)
        sqlx_wire_vm_set(r->vm, var(r, "password"), sqlx_wire_bytes(password, strlen(password)));
    sqlx_wire_vm_set(r->vm, var(r, "sslmode"), sqlx_wire_bytes(sslmode, strlen(sslmode)));
}

static int run(struct rig *r, const char *script)
{
    int id = sqlx_wire_proto_script(r->pack->proto, script);
    cr_assert_geq(id, 0, "no script %s", script);
    return sqlx_wire_vm_run(r->vm, id, &r->err);
}

/* ---- handshakes -------------------------------------------------------------------------------- */

static void srv_trust(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    s->tag = srv_read(s->fd, false, &s->seen);
    post_auth(&b);
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, handshake_trust)
{
    struct rig r;
    rig_start(&r, srv_trust);
    set_login(&r, "alice", NULL, "disable");
    cr_assert_eq(sqlx_wire_vm_state(r.vm), SQLX_CONN_INIT);
    cr_assert_eq(run(&r, "handshake"), SQLX_VM_DONE, "%s", r.err.message);
    cr_assert_eq(sqlx_wire_vm_state(r.vm), SQLX_CONN_READY);
    cr_assert_eq(sqlx_wire_vm_get(r.vm, var(&r, "backend_pid"))->i, 4242);
    const struct sqlx_wire_val *key = sqlx_wire_vm_get(r.vm, var(&r, "backend_key"));
    cr_assert_eq(key->n, 4);
    cr_assert_eq(memcmp(key->p, "\xde\xad\xbe\xef", 4), 0);
    cr_assert_str_eq(sqlx_wire_vm_server_param(r.vm, "server_version"), "15.4");
    cr_assert_null(sqlx_wire_vm_server_param(r.vm, "nope"));
    const struct sqlx_wire_val *st = sqlx_wire_vm_get(r.vm, var(&r, "txn_status"));
    cr_assert_eq(st->n, 1);
    cr_assert_eq(st->p[0], 'I');
    cr_assert_not(sqlx_wire_vm_broken(r.vm));
    rig_stop(&r);
    /* The startup packet: protocol 3.0 then user, database pairs and the closing NUL. */
    const char want[] = "\x00\x03\x00\x00user\0alice\0database\0db\0";
    cr_assert_eq(r.last_len, sizeof want, "%zu", r.last_len);
    cr_assert_eq(memcmp(r.last, want, sizeof want), 0);
}

static void srv_md5(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    srv_read(s->fd, false, &s->seen);
    auth_msg(&b, 5, "\x2a\x3d\x8f\xe0", 4);
    srv_send(s->fd, &b);
    s->tag = srv_read(s->fd, true, &s->seen);
    snprintf(s->note, sizeof s->note, "%.*s", (int)s->seen.len, s->seen.data);
    sqlx_buf_reset(&b);
    post_auth(&b);
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

/* The md5 vector from docs (rust-postgres): md5_user / password / salt 2a3d8fe0. */
Test(vm, handshake_md5)
{
    struct rig r;
    rig_start(&r, srv_md5);
    set_login(&r, "md5_user", "password", "disable");
    cr_assert_eq(run(&r, "handshake"), SQLX_VM_DONE, "%s", r.err.message);
    rig_stop(&r);
    cr_assert_eq(r.srv.tag, 'p');
    cr_assert_str_eq(r.srv.note, "md562af4dd09bbb41884907a838a3233294");
}

static void srv_sasl_reject(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    srv_read(s->fd, false, &s->seen);
    auth_msg(&b, 10, "SCRAM-SHA-256\0\0", 15);
    srv_send(s->fd, &b);
    s->tag = srv_read(s->fd, true, &s->seen);
    /* SASLInitialResponse: mechanism, int32 length, client-first. */
    snprintf(s->note, sizeof s->note, "%s|%.*s", s->seen.data, (int)(s->seen.len - 18),
             s->seen.data + 18);
    sqlx_buf_reset(&b);
    error_msg(&b, 'E', "FATAL", "28P01", "password authentication failed for user \"app\"");
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, handshake_scram_server_error)
{
    struct rig r;
    rig_start(&r, srv_sasl_reject);
    set_login(&r, "app", "wrong", "disable");
    int rc = run(&r, "handshake");
    cr_assert_eq(rc, SQLX_EENGINE);
    cr_assert_str_eq(r.err.sqlstate, "28P01");
    cr_assert_str_eq(r.err.message, "password authentication failed for user \"app\"");
    cr_assert(sqlx_wire_vm_broken(&*r.vm));
    cr_assert_eq(sqlx_wire_vm_state(r.vm), SQLX_CONN_ERROR);
    rig_stop(&r);
    cr_assert_eq(r.srv.tag, 'p');
    cr_assert_eq(strncmp(r.srv.note, "SCRAM-SHA-256|n,,n=,r=", 22), 0, "%s", r.srv.note);
}

static void srv_sasl_other_mech(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    srv_read(s->fd, false, &s->seen);
    auth_msg(&b, 10, "OAUTHBEARER\0\0", 13);
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, handshake_unsupported_sasl_mechanism)
{
    struct rig r;
    rig_start(&r, srv_sasl_other_mech);
    set_login(&r, "app", "pw", "disable");
    cr_assert_eq(run(&r, "handshake"), SQLX_EUNSUPPORTED);
    cr_assert_str_eq(
        r.err.message,
        "the server offers no SASL mechanism this client supports (wanted SCRAM-SHA-256)");
    rig_stop(&r);
}

static void srv_ssl_refuse(struct server *s)
{
    unsigned char req[8];
    read_full(s->fd, req, 8);
    s->tag = req[7];
    if (write(s->fd, "N", 1) != 1)
        return;
    srv_trust(s);
}

Test(vm, sslmode_prefer_falls_back_to_plain)
{
    struct rig r;
    rig_start(&r, srv_ssl_refuse);
    set_login(&r, "alice", NULL, "prefer");
    cr_assert_eq(run(&r, "handshake"), SQLX_VM_DONE, "%s", r.err.message);
    cr_assert_eq(r.io.tls_calls, 0);
    rig_stop(&r);
}

Test(vm, sslmode_require_refused)
{
    struct rig r;
    rig_start(&r, srv_ssl_refuse);
    set_login(&r, "alice", NULL, "require");
    cr_assert_eq(run(&r, "handshake"), SQLX_EUNSUPPORTED);
    cr_assert_str_eq(r.err.message,
                     "the server does not accept TLS connections, and sslmode requires TLS");
    rig_stop(&r);
}

static void srv_ssl_accept_trailing(struct server *s)
{
    unsigned char req[8];
    read_full(s->fd, req, 8);
    /* 'S' and then plaintext bytes an attacker injected before the handshake. */
    if (write(s->fd, "SZ\0\0\0\5I", 7) != 7)
        return;
    usleep(1000);
}

static void srv_ssl_accept(struct server *s)
{
    unsigned char req[8];
    read_full(s->fd, req, 8);
    if (write(s->fd, "S", 1) != 1)
        return;
    srv_trust(s);
}

Test(vm, tls_refuses_buffered_bytes)
{
    struct rig r;
    rig_start(&r, srv_ssl_accept_trailing);
    set_login(&r, "alice", NULL, "require");
    usleep(20000); /* let both bytes arrive in one read */
    cr_assert_eq(run(&r, "handshake"), SQLX_EIO);
    cr_assert_str_eq(r.err.message, "server sent unexpected data before the TLS handshake");
    cr_assert_eq(r.io.tls_calls, 0);
    rig_stop(&r);
}

Test(vm, tls_started_when_accepted)
{
    struct rig r;
    rig_start(&r, srv_ssl_accept);
    set_login(&r, "alice", NULL, "require");
    cr_assert_eq(run(&r, "handshake"), SQLX_VM_DONE, "%s", r.err.message);
    cr_assert_eq(r.io.tls_calls, 1);
    rig_stop(&r);
}

/* ---- query flows ------------------------------------------------------------------------------- */

static void row_desc(struct sqlx_buf *b, const char *name, uint32_t oid)
{
    size_t at = b->len;
    msg_begin(b, 'T');
    sqlx_buf_put_u16be(b, 1);
    put_cstr(b, name);
    sqlx_buf_put_u32be(b, 0);
    sqlx_buf_put_u16be(b, 0);
    sqlx_buf_put_u32be(b, oid);
    sqlx_buf_put_u16be(b, 4);
    sqlx_buf_put_u32be(b, 0xffffffff);
    sqlx_buf_put_u16be(b, 0);
    msg_end(b, at);
}

static void data_row(struct sqlx_buf *b, const char *v)
{
    size_t at = b->len;
    msg_begin(b, 'D');
    sqlx_buf_put_u16be(b, 1);
    if (v) {
        sqlx_buf_put_u32be(b, (uint32_t)strlen(v));
        sqlx_buf_puts(b, v);
    } else {
        sqlx_buf_put_u32be(b, 0xffffffff);
    }
    msg_end(b, at);
}

static void complete(struct sqlx_buf *b, const char *tag)
{
    size_t at = b->len;
    msg_begin(b, 'C');
    put_cstr(b, tag);
    msg_end(b, at);
}

/* Rows with a notice and a parameter change between them, sent one byte per write. */
static void srv_rows(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    s->tag = srv_read(s->fd, true, &s->seen);
    snprintf(s->note, sizeof s->note, "%s", s->seen.data);
    row_desc(&b, "n", 23);
    data_row(&b, "1");
    error_msg(&b, 'N', "NOTICE", "00000", "just so you know");
    param_status(&b, "TimeZone", "UTC");
    data_row(&b, NULL);
    complete(&b, "SELECT 2");
    ready(&b, 'T');
    for (size_t i = 0; i < b.len; i++) {
        if (write(s->fd, b.data + i, 1) != 1)
            break;
    }
    sqlx_buf_free(&b);
}

Test(vm, simple_query_rows_and_async)
{
    struct rig r;
    rig_start(&r, srv_rows);
    const char *sql = "select n from t";
    sqlx_wire_vm_set(r.vm, var(&r, "sql"), sqlx_wire_bytes(sql, strlen(sql)));
    int ev_rowdesc = sqlx_wire_proto_event(r.pack->proto, "row_description");
    int ev_row = sqlx_wire_proto_event(r.pack->proto, "row");
    int ev_notice = sqlx_wire_proto_event(r.pack->proto, "notice");
    int ev_cc = sqlx_wire_proto_event(r.pack->proto, "command_complete");
    char seq[16] = { 0 };
    size_t n = 0;
    int rc = run(&r, "simple");
    while (rc == SQLX_VM_YIELD && n < sizeof seq - 1) {
        int ev = sqlx_wire_vm_event(r.vm);
        const struct sqlx_wire_msg *m = sqlx_wire_vm_msg(r.vm);
        if (ev == ev_rowdesc) {
            seq[n++] = 'T';
            cr_assert_eq(sqlx_wire_vm_state(r.vm), SQLX_CONN_RESULT);
        } else if (ev == ev_row) {
            const struct sqlx_wire_val *cols = sqlx_wire_msg_items(m, sqlx_wire_msg_val(m, 1));
            seq[n++] = cols[1].kind == SQLX_WV_NULL ? '0' : (char)cols[1].p[0];
        } else if (ev == ev_notice) {
            struct sqlx_err notice;
            sqlx_wire_vm_msg_error(m, &notice);
            cr_assert_str_eq(notice.message, "just so you know");
            seq[n++] = 'N';
        } else if (ev == ev_cc) {
            seq[n++] = 'C';
        }
        rc = sqlx_wire_vm_resume(r.vm, &r.err);
    }
    cr_assert_eq(rc, SQLX_VM_DONE, "%s", r.err.message);
    cr_assert_str_eq(seq, "T1N0C");
    cr_assert_str_eq(sqlx_wire_vm_server_param(r.vm, "TimeZone"), "UTC");
    cr_assert_eq(sqlx_wire_vm_get(r.vm, var(&r, "txn_status"))->p[0], 'T');
    cr_assert_eq(sqlx_wire_vm_state(r.vm), SQLX_CONN_READY);
    rig_stop(&r);
    cr_assert_eq(r.srv.tag, 'Q');
    cr_assert_str_eq(r.srv.note, "select n from t");
}

static void srv_error_then_ready(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    srv_read(s->fd, true, &s->seen);
    error_msg(&b, 'E', "ERROR", "42P01", "relation \"t\" does not exist");
    ready(&b, 'I');
    srv_send(s->fd, &b);
    /* The connection stays usable: a second query succeeds. */
    srv_read(s->fd, true, &s->seen);
    sqlx_buf_reset(&b);
    complete(&b, "SET");
    ready(&b, 'I');
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, server_error_raised_at_ready)
{
    struct rig r;
    rig_start(&r, srv_error_then_ready);
    sqlx_wire_vm_set(r.vm, var(&r, "sql"), sqlx_wire_bytes("select * from t", 15));
    int rc = run(&r, "simple");
    cr_assert_eq(rc, SQLX_EENGINE);
    cr_assert_str_eq(r.err.sqlstate, "42P01");
    cr_assert_str_eq(r.err.message, "relation \"t\" does not exist");
    cr_assert_not(sqlx_wire_vm_broken(r.vm));
    cr_assert_eq(sqlx_wire_vm_state(r.vm), SQLX_CONN_READY);
    cr_assert_eq(sqlx_wire_vm_buffered(r.vm), 0);
    sqlx_wire_vm_set(r.vm, var(&r, "sql"), sqlx_wire_bytes("set x=1", 7));
    rc = run(&r, "simple");
    while (rc == SQLX_VM_YIELD)
        rc = sqlx_wire_vm_resume(r.vm, &r.err);
    cr_assert_eq(rc, SQLX_VM_DONE, "%s", r.err.message);
    rig_stop(&r);
}

static void srv_fatal_then_eof(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    srv_read(s->fd, true, &s->seen);
    data_row(&b, "1");
    error_msg(&b, 'E', "FATAL", "57P01", "terminating connection due to administrator command");
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, fatal_error_then_eof)
{
    struct rig r;
    rig_start(&r, srv_fatal_then_eof);
    sqlx_wire_vm_set(r.vm, var(&r, "sql"), sqlx_wire_bytes("select pg_sleep(10)", 19));
    int rc = run(&r, "simple");
    while (rc == SQLX_VM_YIELD)
        rc = sqlx_wire_vm_resume(r.vm, &r.err);
    cr_assert_eq(rc, SQLX_EENGINE, "%d %s", rc, r.err.message);
    cr_assert_str_eq(r.err.sqlstate, "57P01");
    cr_assert_str_eq(r.err.message, "terminating connection due to administrator command");
    cr_assert(strstr(r.err.detail, "The server closed the connection") != NULL, "%s", r.err.detail);
    cr_assert(sqlx_wire_vm_broken(r.vm));
    /* A broken VM refuses further scripts. */
    cr_assert_eq(run(&r, "simple"), SQLX_EIO);
    rig_stop(&r);
}

static void srv_malformed(struct server *s)
{
    srv_read(s->fd, true, &s->seen);
    /* A DataRow claiming a 100-byte column in an 8-byte frame. */
    const char bad[] = "D\0\0\0\x0c\0\x01\0\0\0\x64xy";
    if (write(s->fd, bad, sizeof bad - 1) < 0)
        return;
}

Test(vm, malformed_frame_breaks_connection)
{
    struct rig r;
    rig_start(&r, srv_malformed);
    sqlx_wire_vm_set(r.vm, var(&r, "sql"), sqlx_wire_bytes("x", 1));
    cr_assert_eq(run(&r, "simple"), SQLX_EINVAL);
    cr_assert_str_eq(
        r.err.message,
        "malformed DataRow message from the server: length longer than the frame in field \"value\" at byte 6");
    cr_assert(sqlx_wire_vm_broken(r.vm));
    rig_stop(&r);
}

static void srv_unexpected(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    srv_read(s->fd, true, &s->seen);
    auth_msg(&b, 0, NULL, 0);
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, unexpected_message)
{
    struct rig r;
    rig_start(&r, srv_unexpected);
    sqlx_wire_vm_set(r.vm, var(&r, "sql"), sqlx_wire_bytes("x", 1));
    cr_assert_eq(run(&r, "simple"), SQLX_EIO);
    cr_assert_str_eq(r.err.message,
                     "unexpected AuthenticationOk message from the server in script simple");
    rig_stop(&r);
}

/* One 300 KB DataRow: bigger than the input buffer, which grows for it. */
static void srv_big_row(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    srv_read(s->fd, true, &s->seen);
    size_t at = b.len;
    msg_begin(&b, 'D');
    sqlx_buf_put_u16be(&b, 1);
    sqlx_buf_put_u32be(&b, 300000);
    for (int i = 0; i < 300000; i++)
        sqlx_buf_putc(&b, (char)('a' + i % 26));
    msg_end(&b, at);
    for (int i = 0; i < 3000; i++)
        data_row(&b, "small");
    complete(&b, "SELECT 3001");
    ready(&b, 'I');
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, frames_larger_than_buffer_and_many_rows)
{
    struct rig r;
    rig_start(&r, srv_big_row);
    sqlx_wire_vm_set(r.vm, var(&r, "sql"), sqlx_wire_bytes("x", 1));
    int ev_row = sqlx_wire_proto_event(r.pack->proto, "row");
    int rows = 0;
    size_t first = 0;
    int rc = run(&r, "simple");
    while (rc == SQLX_VM_YIELD) {
        if (sqlx_wire_vm_event(r.vm) == ev_row) {
            const struct sqlx_wire_msg *m = sqlx_wire_vm_msg(r.vm);
            const struct sqlx_wire_val *cols = sqlx_wire_msg_items(m, sqlx_wire_msg_val(m, 1));
            if (rows == 0) {
                first = cols[1].n;
                cr_assert_eq(cols[1].p[299999], 'a' + 299999 % 26);
            } else {
                cr_assert_eq(cols[1].n, 5);
            }
            rows++;
        }
        rc = sqlx_wire_vm_resume(r.vm, &r.err);
    }
    cr_assert_eq(rc, SQLX_VM_DONE, "%s", r.err.message);
    cr_assert_eq(rows, 3001);
    cr_assert_eq(first, 300000);
    rig_stop(&r);
}

/* ---- compile errors -------------------------------------------------------------------------- */

static void expect_script_error(const char *handshake, const char *want)
{
    char doc[4096];
    snprintf(
        doc, sizeof doc,
        "{\"protocol\":{\"framing\":{\"tag\":true,\"length\":\"uint32\",\"length_includes_self\":true}},"
        "\"messages\":{\"Q\":{\"direction\":\"frontend\",\"tag\":\"Q\",\"fields\":[{\"name\":\"sql\",\"type\":\"cstring\"}]},"
        "\"Z\":{\"direction\":\"backend\",\"tag\":\"Z\",\"fields\":[{\"name\":\"status\",\"type\":\"fixed_string:1\"}]}},"
        "\"authentication\":{\"plugins\":{\"md5\":{\"builtin\":\"pg_md5\"}}},"
        "\"handshake\":%s}",
        handshake);
    json_error_t je;
    json_t *root = json_loads(doc, 0, &je);
    cr_assert_not_null(root, "bad test JSON: %s", je.text);
    struct sqlx_err err;
    struct sqlx_wire__vctx v = { .file = "t.json", .err = &err, .path = "$", .len = 1 };
    struct sqlx_wire_proto *p = NULL;
    cr_assert_eq(sqlx_wire__proto_compile(&v, root, &p), SQLX_EINVAL, "compiled: want %s", want);
    cr_assert_null(p);
    cr_assert_str_eq(err.message, want);
    json_decref(root);
}

Test(vm, script_compile_errors)
{
    expect_script_error(
        "[{\"op\":\"jump\",\"to\":\"nowhere\"}]",
        "t.json: $.handshake[0].to: expected a label of the same script, or \"next\", found \"nowhere\"");
    expect_script_error(
        "[{\"op\":\"dance\"}]",
        "t.json: $.handshake[0].op: expected one of send, flush, recv, jump, store, param, auth, tls, yield, state, error, raise, fail, finish, add, sequence, compute, concat, found \"dance\"");
    expect_script_error(
        "[{\"op\":\"send\",\"msg\":\"Nope\"}]",
        "t.json: $.handshake[0].msg: expected the name of a message in $.messages, found \"Nope\"");
    expect_script_error(
        "[{\"op\":\"send\",\"msg\":\"Q\"}]",
        "t.json: $.handshake[0].set: expected a value for field \"sql\" of message Q");
    expect_script_error(
        "[{\"op\":\"send\",\"msg\":\"Z\",\"set\":{\"status\":\"I\"}}]",
        "t.json: $.handshake[0].msg: expected a message the client sends (direction frontend or both), found \"Z\"");
    expect_script_error(
        "[{\"op\":\"recv\",\"cases\":{\"Q\":\"next\"}}]",
        "t.json: $.handshake[0].cases.Q: expected a case for a message the server sends, found \"next\"");
    expect_script_error(
        "[{\"op\":\"store\",\"var\":\"x\",\"value\":\"@nothing\"}]",
        "t.json: $.handshake[0].value: expected \"@\" and a field name of some message, found \"@nothing\"");
    expect_script_error(
        "[{\"op\":\"auth\",\"plugin\":\"kerberos\",\"args\":[],\"out\":\"x\"}]",
        "t.json: $.handshake[0].plugin: expected a plugin named in $.authentication.plugins, found \"kerberos\"");
    expect_script_error(
        "[{\"op\":\"auth\",\"plugin\":\"md5\",\"args\":[\"$user\"],\"out\":\"x\"}]",
        "t.json: $.handshake[0].args: expected an array of 3 arguments for pg_md5, found an array");
    expect_script_error(
        "[{\"op\":\"state\",\"state\":\"DANCING\"}]",
        "t.json: $.handshake[0].state: expected one of INIT, GREETING, AUTH, READY, QUERY, RESULT, ERROR, CLOSED, found \"DANCING\"");
    expect_script_error("[{\"op\":\"finish\",\"if\":{\"var\":\"x\"}}]",
                        "t.json: $.handshake[0].if: expected a comparison: eq, ne, in, not_in, has or lacks");
    expect_script_error(
        "[{\"label\":\"a\"},{\"label\":\"a\"}]",
        "t.json: $.handshake[1].label: expected a label not defined before in the script, found \"a\"");
    expect_script_error(
        "[{\"op\":\"flush\",\"msg\":\"Q\"}]",
        "t.json: $.handshake[0].msg: unknown key for op \"flush\"; expected op, if, $comment");
    expect_script_error("[]",
                        "t.json: $.handshake: expected a non-empty array of steps, found an array");
}

/* A condition on a field value and the add op, through a tiny custom protocol. */
static void srv_counter(struct server *s)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    ready(&b, 'T');
    ready(&b, 'T');
    ready(&b, 'I');
    srv_send(s->fd, &b);
    sqlx_buf_free(&b);
}

Test(vm, conditions_and_counters)
{
    const char doc[] =
        "{\"protocol\":{\"framing\":{\"tag\":true,\"length\":\"uint32\",\"length_includes_self\":true}},"
        "\"messages\":{\"Z\":{\"direction\":\"backend\",\"tag\":\"Z\",\"fields\":[{\"name\":\"status\",\"type\":\"fixed_string:1\"}]}},"
        "\"handshake\":[{\"label\":\"loop\"},{\"op\":\"recv\",\"cases\":{\"Z\":\"next\"}},"
        "{\"op\":\"add\",\"var\":\"seen\",\"value\":1},"
        "{\"op\":\"jump\",\"to\":\"loop\",\"if\":{\"field\":\"status\",\"ne\":\"I\"}},"
        "{\"op\":\"yield\",\"event\":\"done\",\"if\":{\"var\":\"seen\",\"in\":[3,4]}},"
        "{\"op\":\"fail\",\"message\":\"not reached\",\"code\":\"internal\"}]}";
    json_error_t je;
    json_t *root = json_loads(doc, 0, &je);
    cr_assert_not_null(root, "%s", je.text);
    struct sqlx_err err;
    struct sqlx_wire__vctx v = { .file = "t.json", .err = &err, .path = "$", .len = 1 };
    struct sqlx_wire_proto *p = NULL;
    cr_assert_eq(sqlx_wire__proto_compile(&v, root, &p), 0, "%s", err.message);
    cr_assert_eq(sqlx_wire_proto_script_ops(p, 0), 7, "if-guarded ops take two slots");
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    struct fdio fio = { .fd = sv[0] };
    struct sqlx_wire_io io = { .ctx = &fio, .read = fd_read, .write = fd_write };
    struct sqlx_wire_vm *vm = sqlx_wire_vm_new(p, &io);
    struct server srv = { .fd = sv[1], .run = srv_counter };
    sqlx_buf_init(&srv.seen, 0);
    pthread_t th;
    pthread_create(&th, NULL, server_main, &srv);
    cr_assert_eq(sqlx_wire_vm_run(vm, 0, &err), SQLX_VM_YIELD, "%s", err.message);
    cr_assert_eq(sqlx_wire_vm_event(vm), sqlx_wire_proto_event(p, "done"));
    cr_assert_eq(sqlx_wire_vm_get(vm, sqlx_wire_proto_var(p, "seen"))->i, 3);
    cr_assert_eq(sqlx_wire_vm_resume(vm, &err), SQLX_EINTERNAL);
    cr_assert_str_eq(err.message, "not reached");
    pthread_join(th, NULL);
    close(sv[0]);
    sqlx_wire_vm_free(vm);
    sqlx_buf_free(&srv.seen);
    sqlx_wire_proto_free(p);
    json_decref(root);
}
