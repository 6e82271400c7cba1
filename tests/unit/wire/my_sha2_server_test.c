/* A scripted caching_sha2_password server on loopback, following the published exchange (MySQL
 * 8 is not packaged for Debian 12, so this is what stands in for it): HandshakeV10 announcing
 * caching_sha2_password, fast-auth success (AuthMoreData 0x01 0x03 + OK), fast-auth failure ->
 * full auth (0x01 0x04) either over TLS with the cleartext password or on plain TCP with the
 * public-key request (0x02), the PEM key, and the RSA-OAEP encrypted password; wrong passwords
 * answered with ERR 1045; and an auth switch from mysql_native_password. The server checks every
 * byte the client sends (sequence ids, the 20-byte scramble, the decrypted password) and records
 * the path taken. Each scenario runs twice: once driven by the test client of my_rawclient.h (the
 * auth.c functions and sqlx_sock only, so a failure points at the scrambles), once through the
 * real engine with sqlx_conn_open("mysql://...") (conn_my.c and the mysql-8.0 pack). */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "unit/wire/my_rawclient.h"
#include "wire/auth.h"
#include "wire/conn.h"
#include "wire/my_types.h"
#include "wire/pack.h"
#include "wire/sock.h"

/* ---- fixtures: key pair and certificate made by the openssl CLI ---- */

static char dir[64];
static char *pub_pem; /* the server's RSA public key, as it sends it */
static size_t pub_len;
static EVP_PKEY *priv;   /* its private key */
static SSL_CTX *tls_ctx; /* server TLS context (self-signed certificate, same key) */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    char *buf = calloc(1, 16384);
    *len = fread(buf, 1, 16383, f);
    fclose(f);
    return buf;
}

static void setup(void)
{
    char cmd[768], path[128];
    snprintf(dir, sizeof dir, "/tmp/sqlx-mysha2-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd,
             "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem "
             "-days 2 -subj /CN=localhost >/dev/null 2>&1 && "
             "openssl pkey -in key.pem -pubout -out pub.pem 2>/dev/null",
             dir);
    cr_assert_eq(system(cmd), 0, "openssl CLI failed");
    snprintf(path, sizeof path, "%s/pub.pem", dir);
    pub_pem = slurp(path, &pub_len);
    snprintf(path, sizeof path, "%s/key.pem", dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    priv = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    cr_assert_not_null(priv);
    tls_ctx = SSL_CTX_new(TLS_server_method());
    cr_assert_not_null(tls_ctx);
    snprintf(path, sizeof path, "%s/cert.pem", dir);
    cr_assert_eq(SSL_CTX_use_certificate_file(tls_ctx, path, SSL_FILETYPE_PEM), 1);
    snprintf(path, sizeof path, "%s/key.pem", dir);
    cr_assert_eq(SSL_CTX_use_PrivateKey_file(tls_ctx, path, SSL_FILETYPE_PEM), 1);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(pub_pem);
    EVP_PKEY_free(priv);
    SSL_CTX_free(tls_ctx);
}

TestSuite(my_sha2_server, .init = setup, .fini = teardown, .timeout = 30);

/* ---- the scripted server ---- */

enum cache {
    CACHE_HIT,  /* the server has the account's hash cached: fast auth decides */
    CACHE_MISS, /* it does not: always ask for full authentication */
};

struct script {
    /* set by the test */
    const char *password;        /* the account's password */
    const char *greeting_plugin; /* RC_SHA2, or RC_NATIVE to force an auth switch */
    enum cache cache;            /* fast-auth outcome when the scramble is right */
    bool offer_tls;              /* announce CLIENT_SSL */
    /* filled by the server */
    int listen_fd;            /* loopback listener */
    int port;                 /* its port */
    pthread_t thread;         /* runs serve() */
    unsigned char nonce[20];  /* scramble of the greeting */
    unsigned char nonce2[20]; /* scramble of the auth switch */
    bool used_tls;            /* the client sent SSLRequest and TLS came up */
    char user[64];            /* user name from HandshakeResponse41 */
    char db[64];              /* database from HandshakeResponse41 */
    char plugin[64];          /* plugin the client named */
    char path[32];            /* "fast", "full-tls", "full-rsa", "denied" */
    char violation[256];      /* first protocol violation seen, empty if none */
};

struct srv_io {
    int fd;      /* accepted socket */
    SSL *ssl;    /* after SSLRequest, else NULL */
    uint8_t seq; /* next sequence id expected / sent */
    struct script *sc;
};

static bool io_read(struct srv_io *io, void *p, size_t n)
{
    unsigned char *b = p;
    while (n) {
        int r = io->ssl ? SSL_read(io->ssl, b, (int)n) : (int)read(io->fd, b, n);
        if (r <= 0)
            return false;
        b += r;
        n -= (size_t)r;
    }
    return true;
}

static bool io_write(struct srv_io *io, const void *p, size_t n)
{
    int w = io->ssl ? SSL_write(io->ssl, p, (int)n) : (int)write(io->fd, p, n);
    return w == (int)n;
}

static void violation(struct srv_io *io, const char *what)
{
    if (!io->sc->violation[0])
        snprintf(io->sc->violation, sizeof io->sc->violation, "%s", what);
}

/* Reads one packet (payload at most cap bytes); checks its sequence id. Returns the length or -1. */
static long srv_read(struct srv_io *io, unsigned char *p, size_t cap)
{
    unsigned char h[4];
    if (!io_read(io, h, 4))
        return -1;
    size_t n = h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16;
    if (h[3] != io->seq) {
        char msg[64];
        snprintf(msg, sizeof msg, "sequence id %u, expected %u", h[3], io->seq);
        violation(io, msg);
        return -1;
    }
    io->seq++;
    if (n > cap || !io_read(io, p, n)) {
        violation(io, "packet too long or cut short");
        return -1;
    }
    return (long)n;
}

static bool srv_write(struct srv_io *io, const void *p, size_t n)
{
    unsigned char h[4] = { (unsigned char)n, (unsigned char)(n >> 8), (unsigned char)(n >> 16),
                           io->seq++ };
    return io_write(io, h, 4) && io_write(io, p, n);
}

static bool srv_ok(struct srv_io *io)
{
    static const unsigned char ok[7] = { 0x00, 0, 0, 0x02, 0, 0, 0 };
    return srv_write(io, ok, sizeof ok);
}

static bool srv_denied(struct srv_io *io)
{
    char pkt[256];
    int n =
        snprintf(pkt, sizeof pkt,
                 "\xff\x15\x04#28000Access denied for user '%s'@'localhost' (using password: YES)",
                 io->sc->user);
    snprintf(io->sc->path, sizeof io->sc->path, "denied");
    return srv_write(io, pkt, (size_t)n);
}

static void put_u16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static uint32_t get_u32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void random_nonce(unsigned char n[20])
{
    /* Printable bytes without NUL, like a real server's scramble. */
    for (int i = 0; i < 20; i++)
        n[i] = (unsigned char)(0x21 + rand() % 90);
}

static bool send_greeting(struct srv_io *io)
{
    struct script *sc = io->sc;
    uint32_t caps = RC_CAP_LONG_PASSWORD | RC_CAP_CONNECT_WITH_DB | RC_CAP_PROTOCOL_41 |
                    RC_CAP_TRANSACTIONS | RC_CAP_SECURE_CONNECTION | RC_CAP_MULTI_RESULTS |
                    RC_CAP_PLUGIN_AUTH | RC_CAP_CONNECT_ATTRS | RC_CAP_PLUGIN_AUTH_LENENC |
                    RC_CAP_DEPRECATE_EOF | (sc->offer_tls ? RC_CAP_SSL : 0);
    unsigned char g[256];
    size_t n = 0;
    g[n++] = 10;
    memcpy(g + n, "8.0.36-scripted", 16);
    n += 16;
    memcpy(g + n, "\x07\x00\x00\x00", 4); /* connection id */
    n += 4;
    memcpy(g + n, sc->nonce, 8);
    n += 8;
    g[n++] = 0;
    put_u16(g + n, caps & 0xffff);
    n += 2;
    g[n++] = 255; /* utf8mb4_0900_ai_ci */
    put_u16(g + n, 0x0002);
    n += 2;
    put_u16(g + n, caps >> 16);
    n += 2;
    g[n++] = 21;
    memset(g + n, 0, 10);
    n += 10;
    memcpy(g + n, sc->nonce + 8, 12);
    n += 12;
    g[n++] = 0;
    size_t pl = strlen(sc->greeting_plugin) + 1;
    memcpy(g + n, sc->greeting_plugin, pl);
    n += pl;
    return srv_write(io, g, n);
}

/* Parses HandshakeResponse41 into sc and the auth response. */
static bool parse_response(struct srv_io *io, const unsigned char *p, size_t n, unsigned char *auth,
                           size_t *auth_len)
{
    struct script *sc = io->sc;
    if (n < 32)
        return violation(io, "HandshakeResponse41 too short"), false;
    uint32_t caps = get_u32(p);
    if (!(caps & RC_CAP_PROTOCOL_41) || !(caps & RC_CAP_PLUGIN_AUTH))
        return violation(io, "client lacks PROTOCOL_41 or PLUGIN_AUTH"), false;
    if ((caps & RC_CAP_SSL) && !io->ssl)
        return violation(io, "CLIENT_SSL in a response sent in the clear"), false;
    size_t i = 32;
    const unsigned char *z = memchr(p + i, 0, n - i);
    if (!z || (size_t)(z - p - i) >= sizeof sc->user)
        return violation(io, "bad user"), false;
    memcpy(sc->user, p + i, (size_t)(z - p - i) + 1);
    i = (size_t)(z - p) + 1;
    size_t alen;
    if (i >= n)
        return violation(io, "no auth response"), false;
    if (caps & RC_CAP_PLUGIN_AUTH_LENENC) {
        if (p[i] >= 0xfb)
            return violation(io, "auth response over 250 bytes"), false;
        alen = p[i++];
    } else {
        alen = p[i++];
    }
    if (alen > n - i || alen > 64)
        return violation(io, "auth response overruns the packet"), false;
    memcpy(auth, p + i, alen);
    *auth_len = alen;
    i += alen;
    if (caps & RC_CAP_CONNECT_WITH_DB) {
        z = memchr(p + i, 0, n - i);
        if (!z || (size_t)(z - p - i) >= sizeof sc->db)
            return violation(io, "bad database"), false;
        memcpy(sc->db, p + i, (size_t)(z - p - i) + 1);
        i = (size_t)(z - p) + 1;
    }
    z = memchr(p + i, 0, n - i);
    if (!z || (size_t)(z - p - i) >= sizeof sc->plugin)
        return violation(io, "bad plugin name"), false;
    memcpy(sc->plugin, p + i, (size_t)(z - p - i) + 1);
    return true;
}

/* Full authentication after 0x01 0x04: cleartext over TLS, else public key + RSA. */
static bool full_auth(struct srv_io *io, const unsigned char nonce[20])
{
    struct script *sc = io->sc;
    unsigned char p[1024];
    long n = srv_read(io, p, sizeof p);
    if (n < 0)
        return false;
    if (io->ssl) {
        snprintf(sc->path, sizeof sc->path, "full-tls");
        size_t pl = strlen(sc->password);
        if ((size_t)n == pl + 1 && p[pl] == 0 && memcmp(p, sc->password, pl) == 0)
            return srv_ok(io);
        if (n == 0 || p[n - 1] != 0)
            violation(io, "cleartext password without its NUL");
        return srv_denied(io);
    }
    if (n != 1 || p[0] != 0x02) {
        violation(io, "expected the public-key request 0x02 on a plain connection");
        return false;
    }
    unsigned char more[4096];
    more[0] = 0x01;
    memcpy(more + 1, pub_pem, pub_len);
    if (!srv_write(io, more, pub_len + 1))
        return false;
    n = srv_read(io, p, sizeof p);
    if (n < 0)
        return false;
    snprintf(sc->path, sizeof sc->path, "full-rsa");
    unsigned char plain[512];
    size_t plen = sizeof plain;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(priv, NULL);
    bool ok = EVP_PKEY_decrypt_init(ctx) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
              EVP_PKEY_decrypt(ctx, plain, &plen, p, (size_t)n) == 1;
    EVP_PKEY_CTX_free(ctx);
    if (!ok) {
        violation(io, "RSA-OAEP ciphertext does not decrypt");
        return srv_denied(io);
    }
    for (size_t i = 0; i < plen; i++)
        plain[i] ^= nonce[i % 20];
    size_t pl = strlen(sc->password);
    if (plen == pl + 1 && plain[pl] == 0 && memcmp(plain, sc->password, pl) == 0)
        return srv_ok(io);
    return srv_denied(io);
}

/* caching_sha2 after the client's scramble: fast auth or full auth. */
static bool sha2_auth(struct srv_io *io, const unsigned char nonce[20], const unsigned char *auth,
                      size_t auth_len)
{
    struct script *sc = io->sc;
    unsigned char want[32];
    size_t wl = sqlx_my_sha2_scramble(sc->password, nonce, want);
    if (auth_len != wl)
        violation(io, "caching_sha2 scramble has the wrong length");
    bool right = auth_len == wl && memcmp(auth, want, wl) == 0;
    if (sc->cache == CACHE_HIT) {
        if (!right)
            return srv_denied(io);
        snprintf(sc->path, sizeof sc->path, "fast");
        static const unsigned char fast_ok[2] = { 0x01, 0x03 };
        return srv_write(io, fast_ok, 2) && srv_ok(io);
    }
    static const unsigned char perform_full[2] = { 0x01, 0x04 };
    return srv_write(io, perform_full, 2) && full_auth(io, nonce);
}

/* After authentication: answers COM_PING and COM_QUERY with OK until COM_QUIT or EOF. */
static void command_phase(struct srv_io *io)
{
    unsigned char p[65536];
    for (;;) {
        io->seq = 0;
        long n = srv_read(io, p, sizeof p);
        if (n <= 0 || p[0] == 0x01)
            return;
        if (!srv_ok(io))
            return;
    }
}

static void serve_one(struct srv_io *io)
{
    struct script *sc = io->sc;
    unsigned char p[4096], auth[64];
    size_t auth_len;
    random_nonce(sc->nonce);
    if (!send_greeting(io))
        return;
    long n = srv_read(io, p, sizeof p);
    if (n < 0)
        return;
    if (n == 32 && (get_u32(p) & RC_CAP_SSL)) { /* SSLRequest */
        if (!sc->offer_tls) {
            violation(io, "SSLRequest to a server without CLIENT_SSL");
            return;
        }
        io->ssl = SSL_new(tls_ctx);
        SSL_set_fd(io->ssl, io->fd);
        if (SSL_accept(io->ssl) != 1) {
            violation(io, "TLS handshake failed");
            return;
        }
        sc->used_tls = true;
        n = srv_read(io, p, sizeof p);
        if (n < 0)
            return;
    }
    if (!parse_response(io, p, (size_t)n, auth, &auth_len))
        return;
    bool ok;
    if (strcmp(sc->greeting_plugin, RC_NATIVE) == 0) {
        /* The account uses caching_sha2: switch, with a fresh nonce. */
        unsigned char sw[64];
        size_t k = 0;
        sw[k++] = 0xfe;
        memcpy(sw + k, RC_SHA2, sizeof RC_SHA2);
        k += sizeof RC_SHA2;
        random_nonce(sc->nonce2);
        memcpy(sw + k, sc->nonce2, 20);
        k += 20;
        sw[k++] = 0;
        if (!srv_write(io, sw, k))
            return;
        n = srv_read(io, p, sizeof p);
        if (n < 0 || n > 64)
            return;
        ok = sha2_auth(io, sc->nonce2, p, (size_t)n);
    } else {
        if (strcmp(sc->plugin, RC_SHA2) != 0)
            violation(io, "client answered the greeting with another plugin");
        ok = sha2_auth(io, sc->nonce, auth, auth_len);
    }
    if (ok && strcmp(sc->path, "denied") != 0)
        command_phase(io);
}

static void *serve(void *arg)
{
    struct script *sc = arg;
    int fd = accept(sc->listen_fd, NULL, NULL);
    if (fd < 0)
        return NULL;
    struct timeval tv = { .tv_sec = 10 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct srv_io io = { .fd = fd, .sc = sc };
    serve_one(&io);
    if (io.ssl) {
        SSL_shutdown(io.ssl);
        SSL_free(io.ssl);
    }
    close(fd);
    return NULL;
}

static void start(struct script *sc)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    sc->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(sc->listen_fd, 0);
    cr_assert_eq(bind(sc->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(sc->listen_fd, 4), 0);
    cr_assert_eq(getsockname(sc->listen_fd, (struct sockaddr *)&a, &len), 0);
    sc->port = ntohs(a.sin_port);
    if (!sc->greeting_plugin)
        sc->greeting_plugin = RC_SHA2;
    cr_assert_eq(pthread_create(&sc->thread, NULL, serve, sc), 0);
}

static void stop(struct script *sc)
{
    pthread_join(sc->thread, NULL);
    close(sc->listen_fd);
    cr_assert_str_empty(sc->violation, "server saw: %s", sc->violation);
}

/* ---- scenarios, driven by the test client ---- */

static void run(struct script *sc, bool tls, const char *pw, int want_rc, const char *want_path)
{
    struct sqlx_err err;
    struct rc c;
    sqlx_err_clear(&err);
    start(sc);
    int rc = rc_connect(&c, "127.0.0.1", sc->port, tls, "app", pw, "db1", &err);
    rc_close(&c);
    stop(sc);
    cr_assert_eq(rc, want_rc, "rc %d: %s", rc, err.message);
    cr_assert_str_eq(sc->path, want_path);
    cr_assert_str_eq(sc->user, "app");
    cr_assert_str_eq(sc->db, "db1");
    cr_assert_eq(sc->used_tls, tls);
    if (want_rc) {
        cr_assert_eq(err.engine_code, 1045);
        cr_assert_str_eq(err.sqlstate, "28000");
        cr_assert(strstr(err.message, "Access denied for user 'app'"), "%s", err.message);
    }
}

Test(my_sha2_server, fast_auth_success)
{
    struct script sc = { .password = "secret", .cache = CACHE_HIT };
    run(&sc, false, "secret", 0, "fast");
}

Test(my_sha2_server, fast_auth_wrong_password)
{
    struct script sc = { .password = "secret", .cache = CACHE_HIT };
    run(&sc, false, "Secret", SQLX_EINVAL, "denied");
}

Test(my_sha2_server, full_auth_over_tls)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS, .offer_tls = true };
    run(&sc, true, "secret", 0, "full-tls");
}

Test(my_sha2_server, full_auth_over_tls_wrong_password)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS, .offer_tls = true };
    run(&sc, true, "nope", SQLX_EINVAL, "denied");
}

Test(my_sha2_server, full_auth_rsa_on_plain_tcp)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS };
    run(&sc, false, "secret", 0, "full-rsa");
}

/* Longer than the 20-byte nonce: the XOR must repeat the nonce (bun #28161, mysql-nio #127). */
Test(my_sha2_server, full_auth_rsa_long_password)
{
    const char *pw = "correct horse battery staple, and then some";
    struct script sc = { .password = pw, .cache = CACHE_MISS };
    run(&sc, false, pw, 0, "full-rsa");
}

Test(my_sha2_server, full_auth_rsa_wrong_password)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS };
    run(&sc, false, "secreT", SQLX_EINVAL, "denied");
}

Test(my_sha2_server, auth_switch_from_native_fast)
{
    struct script sc = { .password = "secret", .cache = CACHE_HIT, .greeting_plugin = RC_NATIVE };
    run(&sc, false, "secret", 0, "fast");
    cr_assert_str_eq(sc.plugin, RC_NATIVE, "the client first answered with the greeting's plugin");
}

/* After a switch the RSA step must use the switch's nonce, not the greeting's. */
Test(my_sha2_server, auth_switch_from_native_then_full_rsa)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS, .greeting_plugin = RC_NATIVE };
    run(&sc, false, "secret", 0, "full-rsa");
}

/* ---- the same scenarios through the engine (sqlx_conn_open, conn_my.c, the mysql-8.0 pack) ---- */

static void run_engine(struct script *sc, const char *ssl_mode, const char *pw, int want_rc,
                       const char *want_path)
{
    struct sqlx_packset packs;
    struct sqlx_err err;
    struct sqlx_conn *conn = NULL;
    char url[256];
    sqlx_err_clear(&err);
    cr_assert_eq(sqlx_packset_load(sqlx_pack_dir(), &packs, &err), 0, "%s", err.message);
    start(sc);
    snprintf(url, sizeof url, "mysql://app:%s@127.0.0.1:%d/db1?ssl-mode=%s", pw, sc->port,
             ssl_mode);
    int rc = sqlx_conn_open(url, &packs, &conn, &err);
    if (rc == 0)
        sqlx_conn_close(conn);
    stop(sc);
    sqlx_packset_free(&packs);
    cr_assert_eq(rc, want_rc, "rc %d: %s", rc, err.message);
    cr_assert_str_eq(sc->path, want_path);
    cr_assert_str_eq(sc->user, "app");
    cr_assert_str_eq(sc->db, "db1");
    cr_assert_eq(sc->used_tls, strcmp(ssl_mode, "disabled") != 0);
    if (want_rc) {
        cr_assert_eq(err.engine_code, 1045);
        cr_assert_str_eq(err.sqlstate, "28000");
        cr_assert(strstr(err.message, "Access denied for user 'app'"), "%s", err.message);
    }
}

Test(my_sha2_server, engine_fast_auth_success)
{
    struct script sc = { .password = "secret", .cache = CACHE_HIT };
    run_engine(&sc, "disabled", "secret", 0, "fast");
}

Test(my_sha2_server, engine_fast_auth_over_tls)
{
    struct script sc = { .password = "secret", .cache = CACHE_HIT, .offer_tls = true };
    run_engine(&sc, "required", "secret", 0, "fast");
}

Test(my_sha2_server, engine_fast_auth_wrong_password)
{
    struct script sc = { .password = "secret", .cache = CACHE_HIT };
    run_engine(&sc, "disabled", "Secret", SQLX_EINVAL, "denied");
}

Test(my_sha2_server, engine_full_auth_over_tls)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS, .offer_tls = true };
    run_engine(&sc, "required", "secret", 0, "full-tls");
}

Test(my_sha2_server, engine_full_auth_over_tls_wrong_password)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS, .offer_tls = true };
    run_engine(&sc, "required", "nope", SQLX_EINVAL, "denied");
}

Test(my_sha2_server, engine_full_auth_rsa_on_plain_tcp)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS };
    run_engine(&sc, "disabled", "secret", 0, "full-rsa");
}

Test(my_sha2_server, engine_full_auth_rsa_long_password)
{
    const char *pw = "correct-horse-battery-staple-and-then-some";
    struct script sc = { .password = pw, .cache = CACHE_MISS };
    run_engine(&sc, "disabled", pw, 0, "full-rsa");
}

Test(my_sha2_server, engine_full_auth_rsa_wrong_password)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS };
    run_engine(&sc, "disabled", "secreT", SQLX_EINVAL, "denied");
}

/* ssl-mode=preferred (the default) takes TLS when offered, so full auth goes in clear over it. */
Test(my_sha2_server, engine_preferred_uses_tls_when_offered)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS, .offer_tls = true };
    run_engine(&sc, "preferred", "secret", 0, "full-tls");
}

Test(my_sha2_server, engine_auth_switch_from_native_fast)
{
    struct script sc = { .password = "secret", .cache = CACHE_HIT, .greeting_plugin = RC_NATIVE };
    run_engine(&sc, "disabled", "secret", 0, "fast");
}

Test(my_sha2_server, engine_auth_switch_from_native_then_full_rsa)
{
    struct script sc = { .password = "secret", .cache = CACHE_MISS, .greeting_plugin = RC_NATIVE };
    run_engine(&sc, "disabled", "secret", 0, "full-rsa");
}
