/* Tests for src/wire/sock.c against servers run in threads of the test itself: plain TCP (connect,
 * every address tried, refused, timeout on a full accept queue, read/write, EOF, wait_readable,
 * shutdown from another thread) and TLS with a throwaway CA and server certificate made by the
 * openssl CLI (sslmode require / verify-ca / verify-full with right and wrong CA and host names,
 * disable, tls-server-end-point hash, handshake timeout, EOF and no SIGPIPE on a dead peer). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/err.h"
#include "wire/sock.h"

/* ---- servers ---- */

enum srv_mode {
    SRV_ECHO,       /* read "hello", answer "world", then close (close_notify under TLS) */
    SRV_SILENT,     /* accept, never write, close when the client does */
    SRV_ABORT,      /* accept (and TLS handshake), then close at once without close_notify */
    SRV_GARBAGE,    /* plain text reply to whatever arrives, then close */
};

struct server {
    int lfd;            /* listening socket on 127.0.0.1 */
    int port;           /* its port */
    enum srv_mode mode; /* what to do with the one connection */
    SSL_CTX *ctx;       /* TLS server context, NULL for plain */
    pthread_t th;       /* the serving thread */
    int accepted_tls;   /* 1 when SSL_accept succeeded */
    int first_byte;     /* first byte the client sent (-1 if none): 0x16 means a TLS ClientHello */
};

static int listen_local(int backlog, int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert_geq(fd, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(fd, backlog), 0);
    socklen_t len = sizeof a;
    cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* Waits up to 5 s for data; returns recv's result, or -1 on timeout. */
static long recv_wait(int fd, void *p, size_t n)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    if (poll(&pfd, 1, 5000) <= 0)
        return -1;
    return recv(fd, p, n, 0);
}

static void *serve(void *arg)
{
    struct server *sv = arg;
    int fd = accept(sv->lfd, NULL, NULL);
    if (fd < 0)
        return NULL;
    char buf[64];
    SSL *ssl = NULL;
    if (sv->mode == SRV_GARBAGE) {
        long n = recv_wait(fd, buf, sizeof buf);
        sv->first_byte = n > 0 ? (unsigned char)buf[0] : -1;
        const char reply[] = "HTTP/1.0 400 Bad Request\r\n\r\n";
        if (send(fd, reply, sizeof reply - 1, MSG_NOSIGNAL) < 0)
            goto out;
        goto out;
    }
    if (sv->ctx) {
        unsigned char peek;
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        if (poll(&pfd, 1, 5000) > 0 && recv(fd, &peek, 1, MSG_PEEK) == 1)
            sv->first_byte = peek;
        ssl = SSL_new(sv->ctx);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1) {
            ERR_clear_error();
            goto out;
        }
        sv->accepted_tls = 1;
    }
    switch (sv->mode) {
    case SRV_ECHO: {
        size_t got = 0;
        while (got < 5) {
            long n = ssl ? SSL_read(ssl, buf + got, (int)(5 - got)) : recv_wait(fd, buf + got, 5 - got);
            if (n <= 0)
                goto out;
            got += (size_t)n;
        }
        if (memcmp(buf, "hello", 5) == 0) {
            if (ssl) {
                if (SSL_write(ssl, "world", 5) != 5)
                    goto out;
                SSL_shutdown(ssl);
            } else if (send(fd, "world", 5, MSG_NOSIGNAL) != 5) {
                goto out;
            }
        }
        break;
    }
    case SRV_SILENT:
        if (!ssl) {
            long n = recv_wait(fd, buf, sizeof buf);
            sv->first_byte = n > 0 ? (unsigned char)buf[0] : -1;
        }
        while (recv_wait(fd, buf, sizeof buf) > 0)
            ;
        break;
    case SRV_ABORT:
    case SRV_GARBAGE:
        break;
    }
out:
    SSL_free(ssl);
    ERR_clear_error();
    close(fd);
    return NULL;
}

static void server_start(struct server *sv, enum srv_mode mode, SSL_CTX *ctx)
{
    memset(sv, 0, sizeof *sv);
    sv->mode = mode;
    sv->ctx = ctx;
    sv->first_byte = -1;
    sv->lfd = listen_local(4, &sv->port);
    cr_assert_eq(pthread_create(&sv->th, NULL, serve, sv), 0);
}

static void server_join(struct server *sv)
{
    pthread_join(sv->th, NULL);
    close(sv->lfd);
}

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Reads exactly n bytes. */
static void read_exact(struct sqlx_sock *s, char *p, size_t n)
{
    struct sqlx_err err;
    size_t got = 0;
    while (got < n) {
        long r = sqlx_sock_read(s, p + got, n - got, &err);
        cr_assert_gt(r, 0, "%s", err.message);
        got += (size_t)r;
    }
}

/* Says hello, expects world, then expects EOF with the documented message. */
static void talk(struct sqlx_sock *s)
{
    struct sqlx_err err;
    char buf[16];
    cr_assert_eq(sqlx_sock_write(s, "hello", 5, &err), 0, "%s", err.message);
    read_exact(s, buf, 5);
    cr_assert_eq(memcmp(buf, "world", 5), 0);
    long r = sqlx_sock_read(s, buf, sizeof buf, &err);
    cr_assert_eq(r, SQLX_EIO);
    cr_assert_eq(err.code, SQLX_EIO);
    cr_assert_str_eq(err.message, "server closed the connection unexpectedly");
}

/* ---- plain TCP ---- */

TestSuite(sock, .timeout = 30);

Test(sock, sslmode_parse)
{
    cr_assert_eq(sqlx_sslmode_parse("disable"), SQLX_SSL_DISABLE);
    cr_assert_eq(sqlx_sslmode_parse("allow"), SQLX_SSL_PREFER);
    cr_assert_eq(sqlx_sslmode_parse("prefer"), SQLX_SSL_PREFER);
    cr_assert_eq(sqlx_sslmode_parse("require"), SQLX_SSL_REQUIRE);
    cr_assert_eq(sqlx_sslmode_parse("verify-ca"), SQLX_SSL_VERIFY_CA);
    cr_assert_eq(sqlx_sslmode_parse("verify-full"), SQLX_SSL_VERIFY_FULL);
    cr_assert_eq(sqlx_sslmode_parse("VERIFY-FULL"), -1);
    cr_assert_eq(sqlx_sslmode_parse(""), -1);
    cr_assert_eq(sqlx_sslmode_parse(NULL), -1);
}

Test(sock, echo_then_eof)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_ECHO, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    cr_assert_not(sqlx_sock_is_tls(s));
    int nodelay = 0;
    socklen_t len = sizeof nodelay;
    cr_assert_eq(getsockopt(sqlx_sock_fd(s), IPPROTO_TCP, TCP_NODELAY, &nodelay, &len), 0);
    cr_assert_neq(nodelay, 0);
    talk(s);
    sqlx_sock_close(s);
    server_join(&sv);
}

Test(sock, name_resolution_tries_every_address)
{
    /* "localhost" may resolve to ::1 first; the listener is on 127.0.0.1 only. */
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_ECHO, NULL);
    cr_assert_eq(sqlx_sock_connect("localhost", sv.port, 2000, &s, &err), 0, "%s", err.message);
    talk(s);
    sqlx_sock_close(s);
    server_join(&sv);
}

Test(sock, refused_names_host_and_port)
{
    /* A bound socket that does not listen: the port is ours and refuses connections. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &len);
    int port = ntohs(a.sin_port);
    struct sqlx_sock *s = (struct sqlx_sock *)&fd;
    struct sqlx_err err;
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", port, 2000, &s, &err), SQLX_EIO);
    cr_assert_null(s);
    char want[100];
    snprintf(want, sizeof want, "could not connect to 127.0.0.1:%d: Connection refused", port);
    cr_assert_str_eq(err.message, want);
    cr_assert_eq(sqlx_sock_connect("::1", port, 2000, &s, &err), SQLX_EIO);
    snprintf(want, sizeof want, "[::1]:%d", port);
    cr_assert(strstr(err.message, want), "%s", err.message);
    close(fd);
}

Test(sock, bad_arguments)
{
    struct sqlx_sock *s;
    struct sqlx_err err;
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", 0, 100, &s, &err), SQLX_EINVAL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", 70000, 100, &s, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "70000"), "%s", err.message);
}

/* A listener with backlog 0 takes one connection into its accept queue and then drops SYNs, so
 * the next connect hangs exactly like one to an unroutable address, without leaving the host. */
Test(sock, connect_timeout)
{
    int port;
    int lfd = listen_local(0, &port);
    struct sqlx_sock *held[4] = { 0 };
    struct sqlx_err err;
    int timed_out = 0;
    for (int i = 0; i < 4 && !timed_out; i++) {
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        int rc = sqlx_sock_connect("127.0.0.1", port, 300, &held[i], &err);
        long ms = elapsed_ms(&t0);
        if (rc < 0) {
            cr_assert_eq(rc, SQLX_EIO);
            char want[100];
            snprintf(want, sizeof want, "could not connect to 127.0.0.1:%d: timeout expired after 300 ms",
                     port);
            cr_assert_str_eq(err.message, want);
            cr_assert_geq(ms, 250);
            cr_assert_lt(ms, 2000);
            timed_out = 1;
        }
    }
    cr_assert(timed_out, "the accept queue never filled up");
    for (int i = 0; i < 4; i++)
        sqlx_sock_close(held[i]);
    close(lfd);
}

Test(sock, wait_readable)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_ECHO, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_sock_wait_readable(s, 50), 0);
    cr_assert_eq(sqlx_sock_write(s, "hello", 5, &err), 0);
    cr_assert_eq(sqlx_sock_wait_readable(s, 5000), 1);
    char buf[5];
    read_exact(s, buf, 5);
    sqlx_sock_close(s);
    server_join(&sv);
}

struct shut_arg {
    struct sqlx_sock *s; /* socket to shut down */
};

static void *shut_later(void *arg)
{
    struct shut_arg *a = arg;
    usleep(100 * 1000);
    sqlx_sock_shutdown(a->s);
    return NULL;
}

Test(sock, shutdown_unblocks_reader)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_SILENT, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_sock_write(s, "x", 1, &err), 0);
    struct shut_arg a = { s };
    pthread_t th;
    pthread_create(&th, NULL, shut_later, &a);
    char buf[8];
    long r = sqlx_sock_read(s, buf, sizeof buf, &err);
    cr_assert_eq(r, SQLX_EIO);
    cr_assert(strstr(err.message, "shut down"), "%s", err.message);
    pthread_join(th, NULL);
    cr_assert_eq(sqlx_sock_write(s, "x", 1, &err), SQLX_EIO);
    sqlx_sock_close(s);
    server_join(&sv);
}

Test(sock, write_to_dead_peer_no_sigpipe)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_ABORT, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    server_join(&sv);
    char chunk[4096] = { 0 };
    int rc = 0;
    for (int i = 0; i < 200 && rc == 0; i++) {
        rc = sqlx_sock_write(s, chunk, sizeof chunk, &err);
        usleep(1000);
    }
    cr_assert_eq(rc, SQLX_EIO);
    cr_assert(strstr(err.message, "127.0.0.1"), "%s", err.message);
    sqlx_sock_close(s);
}

/* ---- TLS ---- */

static char tmpdir[64];
static char path_ca[128], path_other_ca[128], path_cert[128], path_key[128];
static char path_cert384[128], path_key384[128], path_hash[128];
static char path_client_cert[128], path_client_key[128], path_client_enc_key[128];

static void run(const char *cmd)
{
    char full[2048];
    snprintf(full, sizeof full, "cd '%s' && (%s) >/dev/null 2>&1", tmpdir, cmd);
    cr_assert_eq(system(full), 0, "failed: %s", cmd);
}

/* A CA, a server certificate it signs (CN=localhost, SAN DNS:localhost and IP:127.0.0.1), one
 * signed with SHA-384 for the channel-binding hash, and an unrelated CA. EC keys: fast to make. */
static void tls_setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/sqlx-sock-test-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
    const char *ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "openssl req -x509 %s -keyout ca.key -out ca.crt -days 2 -subj '/CN=sqlx test CA'", ec);
    run(cmd);
    snprintf(cmd, sizeof cmd, "openssl req -x509 %s -keyout other.key -out other.crt -days 2 -subj '/CN=other CA'", ec);
    run(cmd);
    run("printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf");
    snprintf(cmd, sizeof cmd, "openssl req %s -keyout server.key -out server.csr -subj '/CN=localhost'", ec);
    run(cmd);
    run("openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 2 -sha256 -extfile ext.cnf");
    run("openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server384.crt -days 2 -sha384 -extfile ext.cnf");
    run("openssl x509 -in server.crt -outform DER | openssl dgst -sha256 -binary > server.sha256");
    snprintf(cmd, sizeof cmd, "openssl req %s -keyout client.key -out client.csr -subj '/CN=sqlx'", ec);
    run(cmd);
    run("openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 2");
    run("openssl pkey -in client.key -aes256 -passout pass:secret -out client-enc.key");
    snprintf(path_ca, sizeof path_ca, "%s/ca.crt", tmpdir);
    snprintf(path_other_ca, sizeof path_other_ca, "%s/other.crt", tmpdir);
    snprintf(path_cert, sizeof path_cert, "%s/server.crt", tmpdir);
    snprintf(path_key, sizeof path_key, "%s/server.key", tmpdir);
    snprintf(path_cert384, sizeof path_cert384, "%s/server384.crt", tmpdir);
    snprintf(path_key384, sizeof path_key384, "%s/server.key", tmpdir);
    snprintf(path_hash, sizeof path_hash, "%s/server.sha256", tmpdir);
    snprintf(path_client_cert, sizeof path_client_cert, "%s/client.crt", tmpdir);
    snprintf(path_client_key, sizeof path_client_key, "%s/client.key", tmpdir);
    snprintf(path_client_enc_key, sizeof path_client_enc_key, "%s/client-enc.key", tmpdir);
}

static void tls_teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

static SSL_CTX *server_ctx(const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    cr_assert_not_null(ctx);
    cr_assert_eq(SSL_CTX_use_certificate_chain_file(ctx, cert), 1);
    cr_assert_eq(SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM), 1);
    return ctx;
}

/* Connects to a TLS echo server and runs the handshake with opts; on success talks and checks
 * EOF. Returns start_tls's code and leaves its error in *err. */
static int tls_try(struct sqlx_tls_opts *o, struct sqlx_err *err)
{
    SSL_CTX *ctx = server_ctx(path_cert, path_key);
    struct server sv;
    struct sqlx_sock *s;
    server_start(&sv, SRV_ECHO, ctx);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, err), 0, "%s", err->message);
    int rc = sqlx_sock_start_tls(s, o, err);
    if (rc == 0) {
        cr_assert(sqlx_sock_is_tls(s));
        talk(s);
        cr_assert_eq(sv.accepted_tls, 1);
    } else {
        cr_assert_not(sqlx_sock_is_tls(s));
    }
    sqlx_sock_close(s);
    server_join(&sv);
    SSL_CTX_free(ctx);
    return rc;
}

TestSuite(tls, .init = tls_setup, .fini = tls_teardown, .timeout = 60);

Test(tls, require_does_not_verify)
{
    struct sqlx_err err;
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE, .host = "wrong.example" };
    cr_assert_eq(tls_try(&o, &err), 0, "%s", err.message);
    o.mode = SQLX_SSL_PREFER;
    cr_assert_eq(tls_try(&o, &err), 0, "%s", err.message);
}

Test(tls, require_with_root_cert_verifies_chain)
{
    struct sqlx_err err;
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE, .root_cert = path_ca, .host = "wrong.example" };
    cr_assert_eq(tls_try(&o, &err), 0, "%s", err.message); /* as verify-ca: no host check */
    o.root_cert = path_other_ca;
    cr_assert_eq(tls_try(&o, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "server certificate verification failed: "), "%s", err.message);
}

Test(tls, verify_ca)
{
    struct sqlx_err err;
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_VERIFY_CA, .root_cert = path_ca, .host = "wrong.example" };
    cr_assert_eq(tls_try(&o, &err), 0, "%s", err.message);
    o.root_cert = path_other_ca;
    cr_assert_eq(tls_try(&o, &err), SQLX_EIO);
    cr_assert_str_eq(err.message,
                     "server certificate verification failed: unable to get local issuer certificate");
    cr_assert(err.hint[0] != '\0');
}

Test(tls, verify_ca_system_store_rejects_private_ca)
{
    struct sqlx_err err;
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_VERIFY_CA, .host = "localhost" };
    cr_assert_eq(tls_try(&o, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "server certificate verification failed"), "%s", err.message);
}

Test(tls, missing_root_cert_file)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_SILENT, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_VERIFY_CA, .root_cert = "/nonexistent/root.crt" };
    cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "could not read root certificate file \"/nonexistent/root.crt\""),
              "%s", err.message);
    sqlx_sock_close(s);
    server_join(&sv);
}

Test(tls, verify_full_host_names)
{
    struct sqlx_err err;
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_VERIFY_FULL, .root_cert = path_ca, .host = "localhost" };
    cr_assert_eq(tls_try(&o, &err), 0, "%s", err.message);
    o.host = "127.0.0.1"; /* IP SAN */
    cr_assert_eq(tls_try(&o, &err), 0, "%s", err.message);
    o.host = "wronghost";
    cr_assert_eq(tls_try(&o, &err), SQLX_EIO);
    cr_assert_str_eq(err.message, "server certificate verification failed: hostname mismatch");
    cr_assert(strstr(err.detail, "\"wronghost\""), "%s", err.detail);
    o.host = "127.0.0.2";
    cr_assert_eq(tls_try(&o, &err), SQLX_EIO);
    cr_assert_str_eq(err.message, "server certificate verification failed: IP address mismatch");
    o.host = "sub.localhost"; /* no partial or implicit wildcard */
    cr_assert_eq(tls_try(&o, &err), SQLX_EIO);
    o.host = NULL;
    struct server sv;
    struct sqlx_sock *s;
    server_start(&sv, SRV_SILENT, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "verify-full requires a host name"), "%s", err.message);
    sqlx_sock_close(s);
    server_join(&sv);
}

Test(tls, verify_full_wrong_ca)
{
    struct sqlx_err err;
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_VERIFY_FULL, .root_cert = path_other_ca,
                               .host = "localhost" };
    cr_assert_eq(tls_try(&o, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "server certificate verification failed"), "%s", err.message);
}

Test(tls, disable_never_starts_tls)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_GARBAGE, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_DISABLE, .host = "localhost" };
    cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), SQLX_EINVAL);
    cr_assert_not(sqlx_sock_is_tls(s));
    cr_assert_eq(sqlx_sock_server_cert_hash(s, (unsigned char[64]){ 0 }, 64), 0);
    cr_assert_eq(sqlx_sock_write(s, "plain", 5, &err), 0);
    char buf[8];
    read_exact(s, buf, 4);
    cr_assert_eq(memcmp(buf, "HTTP", 4), 0);
    sqlx_sock_close(s);
    server_join(&sv);
    cr_assert_eq(sv.first_byte, 'p'); /* no ClientHello (0x16) went out */
}

Test(tls, server_cert_hash)
{
    unsigned char want[32];
    FILE *f = fopen(path_hash, "rb");
    cr_assert_not_null(f);
    cr_assert_eq(fread(want, 1, 32, f), 32);
    fclose(f);
    const char *certs[2] = { path_cert, path_cert384 };
    size_t lens[2] = { 32, 48 };
    for (int i = 0; i < 2; i++) {
        SSL_CTX *ctx = server_ctx(certs[i], path_key);
        struct server sv;
        struct sqlx_sock *s;
        struct sqlx_err err;
        server_start(&sv, SRV_ECHO, ctx);
        cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
        struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE, .host = "localhost" };
        cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), 0, "%s", err.message);
        unsigned char h[64];
        cr_assert_eq(sqlx_sock_server_cert_hash(s, h, sizeof h), lens[i]);
        if (i == 0)
            cr_assert_eq(memcmp(h, want, 32), 0);
        cr_assert_eq(sqlx_sock_server_cert_hash(s, h, 16), 0); /* too small */
        talk(s);
        sqlx_sock_close(s);
        server_join(&sv);
        SSL_CTX_free(ctx);
    }
}

Test(tls, handshake_timeout)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_SILENT, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 300, &s, &err), 0, "%s", err.message);
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE, .host = "localhost" };
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), SQLX_EIO);
    cr_assert_lt(elapsed_ms(&t0), 3000);
    cr_assert(strstr(err.message, "timeout expired"), "%s", err.message);
    sqlx_sock_close(s);
    server_join(&sv);
    cr_assert_eq(sv.first_byte, 0x16);
}

Test(tls, handshake_with_non_tls_server)
{
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_GARBAGE, NULL);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE, .host = "localhost" };
    cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "TLS handshake with 127.0.0.1:"), "%s", err.message);
    sqlx_sock_close(s);
    server_join(&sv);
}

Test(tls, abrupt_close_is_eof_and_no_sigpipe)
{
    SSL_CTX *ctx = server_ctx(path_cert, path_key);
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_ABORT, ctx);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE, .host = "localhost" };
    cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), 0, "%s", err.message);
    server_join(&sv);
    char buf[8];
    cr_assert_eq(sqlx_sock_read(s, buf, sizeof buf, &err), SQLX_EIO);
    cr_assert_str_eq(err.message, "server closed the connection unexpectedly");
    char chunk[4096] = { 0 };
    int rc = 0;
    for (int i = 0; i < 200 && rc == 0; i++)
        rc = sqlx_sock_write(s, chunk, sizeof chunk, &err);
    cr_assert_eq(rc, SQLX_EIO);
    sqlx_sock_close(s);
    SSL_CTX_free(ctx);
}

Test(tls, wait_readable_counts_buffered_bytes)
{
    SSL_CTX *ctx = server_ctx(path_cert, path_key);
    struct server sv;
    struct sqlx_sock *s;
    struct sqlx_err err;
    server_start(&sv, SRV_ECHO, ctx);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, &err), 0, "%s", err.message);
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE, .host = "localhost" };
    cr_assert_eq(sqlx_sock_start_tls(s, &o, &err), 0, "%s", err.message);
    /* TLS 1.3 session tickets make the socket readable but are no data to wait for */
    cr_assert_eq(sqlx_sock_wait_readable(s, 150), 0);
    cr_assert_eq(sqlx_sock_write(s, "hello", 5, &err), 0);
    cr_assert_eq(sqlx_sock_wait_readable(s, 5000), 1);
    char c;
    cr_assert_eq(sqlx_sock_read(s, &c, 1, &err), 1); /* the rest of the record is now buffered */
    cr_assert_eq(c, 'w');
    cr_assert_eq(sqlx_sock_wait_readable(s, 0), 1);
    char rest[4];
    read_exact(s, rest, 4);
    cr_assert_eq(memcmp(rest, "orld", 4), 0);
    sqlx_sock_close(s);
    server_join(&sv);
    SSL_CTX_free(ctx);
}

/* The server demands a certificate signed by the test CA. */
static int client_cert_try(const char *cert, const char *key, struct sqlx_err *err)
{
    SSL_CTX *ctx = server_ctx(path_cert, path_key);
    cr_assert_eq(SSL_CTX_load_verify_locations(ctx, path_ca, NULL), 1);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
    struct server sv;
    struct sqlx_sock *s;
    server_start(&sv, SRV_ECHO, ctx);
    cr_assert_eq(sqlx_sock_connect("127.0.0.1", sv.port, 2000, &s, err), 0, "%s", err->message);
    struct sqlx_tls_opts o = { .mode = SQLX_SSL_VERIFY_FULL, .root_cert = path_ca, .host = "localhost",
                               .cert = cert, .key = key };
    int rc = sqlx_sock_start_tls(s, &o, err);
    if (rc == 0) {
        /* TLS 1.3: a rejected client certificate surfaces on the first read, not in SSL_connect */
        char buf[16];
        if (sqlx_sock_wait_readable(s, 300) == 0)
            cr_assert_eq(sqlx_sock_write(s, "hello", 5, err), 0, "%s", err->message);
        long r = sqlx_sock_read(s, buf, 5, err);
        rc = r > 0 ? 0 : (int)r;
    }
    sqlx_sock_close(s);
    server_join(&sv);
    SSL_CTX_free(ctx);
    return rc;
}

Test(tls, client_certificate)
{
    struct sqlx_err err;
    cr_assert_eq(client_cert_try(path_client_cert, path_client_key, &err), 0, "%s", err.message);
    cr_assert_eq(client_cert_try(NULL, NULL, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "certificate required"), "%s", err.message);
    /* key of another certificate */
    cr_assert_eq(client_cert_try(path_client_cert, path_key, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "does not match private key"), "%s", err.message);
    /* an encrypted key is refused at once, never prompting on a terminal */
    cr_assert_eq(client_cert_try(path_client_cert, path_client_enc_key, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "could not load private key file"), "%s", err.message);
    cr_assert_eq(client_cert_try("/nonexistent.crt", NULL, &err), SQLX_EIO);
    cr_assert(strstr(err.message, "could not load client certificate file \"/nonexistent.crt\""), "%s",
              err.message);
}
