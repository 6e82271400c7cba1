/* TCP and TLS sockets for the wire engines: connect with a timeout over every resolved address,
 * the TLS client handshake through OpenSSL with libpq's sslmode rules, raw reads and writes, and
 * the tls-server-end-point hash for SCRAM channel binding. Owns the fd, the SSL_CTX and the SSL of
 * one connection. Knows nothing of any protocol: SSLRequest and the like are the engine's. */
#include "wire/sock.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"

#define DEFAULT_TIMEOUT_MS 10000

struct sqlx_sock {
    int fd;                /* connected TCP socket, -1 once closed */
    SSL_CTX *ctx;          /* this connection's TLS context, NULL before sqlx_sock_start_tls */
    SSL *ssl;              /* TLS session, NULL when the connection is plain */
    BIO_METHOD *bio_meth;  /* socket BIO that sends with MSG_NOSIGNAL (no SIGPIPE), NULL if plain */
    int timeout_ms;        /* connect timeout, reused to bound the TLS handshake */
    atomic_bool shut;      /* sqlx_sock_shutdown was called (possibly from another thread) */
    bool nowait;           /* the BIO reads with MSG_DONTWAIT (sqlx_sock_wait_readable's peek) */
    bool failed;           /* a TLS failure met by wait_readable's peek, kept for the next read */
    bool tls_dead;         /* TLS hit EOF or a fatal error: no close_notify may be sent */
    struct sqlx_err failure; /* that failure (the SSL error queue does not keep it) */
    char where[300];       /* "host:port" or "[v6]:port" for error messages */
};

int sqlx_sslmode_parse(const char *s)
{
    if (!s)
        return -1;
    if (strcmp(s, "disable") == 0)
        return SQLX_SSL_DISABLE;
    if (strcmp(s, "allow") == 0 || strcmp(s, "prefer") == 0)
        return SQLX_SSL_PREFER;
    if (strcmp(s, "require") == 0)
        return SQLX_SSL_REQUIRE;
    if (strcmp(s, "verify-ca") == 0)
        return SQLX_SSL_VERIFY_CA;
    if (strcmp(s, "verify-full") == 0)
        return SQLX_SSL_VERIFY_FULL;
    return -1;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool is_ip_literal(const char *host)
{
    unsigned char tmp[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, tmp) == 1 || inet_pton(AF_INET6, host, tmp) == 1;
}

static void format_where(char *out, size_t size, const char *host, int port)
{
    if (strchr(host, ':'))
        snprintf(out, size, "[%s]:%d", host, port);
    else
        snprintf(out, size, "%s:%d", host, port);
}

static void format_addr(const struct addrinfo *ai, char *out, size_t size)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    if (ai->ai_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ai->ai_addr)->sin_addr, ip, sizeof ip);
    else if (ai->ai_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr, ip, sizeof ip);
    snprintf(out, size, "%s", ip);
}

/* Waits until fd is ready for `events` or timeout_ms passes (negative = forever), retrying on
 * EINTR with the remaining time. Returns 1 ready, 0 timeout, -1 error (errno set). */
static int poll_fd(int fd, short events, int timeout_ms)
{
    long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = events };
        int wait = -1;
        if (timeout_ms >= 0) {
            long left = deadline - now_ms();
            wait = left > 0 ? (int)left : 0;
        }
        int r = poll(&pfd, 1, wait);
        if (r >= 0)
            return r > 0 ? 1 : 0;
        if (errno != EINTR)
            return -1;
    }
}

static int set_blocking(int fd, bool blocking)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return -1;
    fl = blocking ? (fl & ~O_NONBLOCK) : (fl | O_NONBLOCK);
    return fcntl(fd, F_SETFL, fl);
}

/* One non-blocking connect attempt bounded by timeout_ms. Returns the blocking fd, or -1 with
 * *why set to an errno value (ETIMEDOUT on timeout). */
static int connect_one(const struct addrinfo *ai, int timeout_ms, int *why)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    ai->ai_protocol);
    if (fd < 0) {
        *why = errno;
        return -1;
    }
    int r = connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (r < 0 && errno != EINPROGRESS && errno != EINTR) {
        *why = errno;
        goto out_close;
    }
    if (r < 0) {
        int ready = poll_fd(fd, POLLOUT, timeout_ms);
        if (ready <= 0) {
            *why = ready == 0 ? ETIMEDOUT : errno;
            goto out_close;
        }
        int soerr = 0;
        socklen_t len = sizeof soerr;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
            soerr = errno;
        if (soerr != 0) {
            *why = soerr;
            goto out_close;
        }
    }
    if (set_blocking(fd, true) < 0) {
        *why = errno;
        goto out_close;
    }
    int one = 1;
    if (ai->ai_family == AF_INET || ai->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    return fd;

out_close:
    close(fd);
    return -1;
}

/* The timeout applies to each address in turn, as libpq's connect_timeout does, so one black-holed
 * address does not starve the next. Every connect failure is SQLX_EIO (the pool's "cannot reach
 * the server" case); a timeout is told apart only by its message. */
int sqlx_sock_connect(const char *host, int port, int timeout_ms, struct sqlx_sock **out,
                      struct sqlx_err *err)
{
    *out = NULL;
    if (!host || !*host)
        host = "localhost";
    if (port <= 0 || port > 65535)
        return sqlx_err_set(err, SQLX_EINVAL, "invalid port number %d for host \"%s\"", port, host);
    if (timeout_ms <= 0)
        timeout_ms = DEFAULT_TIMEOUT_MS;
    char where[300];
    format_where(where, sizeof where, host, port);

    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_protocol = IPPROTO_TCP };
    struct addrinfo *res = NULL;
    int gai = getaddrinfo(host, portstr, &hints, &res);
    if (gai != 0) {
        const char *reason = gai == EAI_SYSTEM ? strerror(errno) : gai_strerror(gai);
        return sqlx_err_set(err, SQLX_EIO, "could not translate host name \"%s\" to address: %s",
                            host, reason);
    }

    int fd = -1, why = 0, tried = 0;
    char detail[400] = "";
    size_t dlen = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = connect_one(ai, timeout_ms, &why);
        if (fd >= 0)
            break;
        tried++;
        char ip[INET6_ADDRSTRLEN];
        format_addr(ai, ip, sizeof ip);
        if (dlen < sizeof detail) {
            int w = snprintf(detail + dlen, sizeof detail - dlen, "%s%s: %s", dlen ? "; " : "", ip,
                             why == ETIMEDOUT ? "timeout" : strerror(why));
            dlen += w > 0 ? (size_t)w : 0;
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (why == ETIMEDOUT)
            sqlx_err_set(err, SQLX_EIO, "could not connect to %s: timeout expired after %d ms", where,
                         timeout_ms);
        else
            sqlx_err_set(err, SQLX_EIO, "could not connect to %s: %s", where, strerror(why));
        if (tried > 1)
            sqlx_err_detail(err, "Tried %d addresses (%s).", tried, detail);
        return SQLX_EIO;
    }

    struct sqlx_sock *s = sqlx_calloc(1, sizeof *s);
    s->fd = fd;
    s->timeout_ms = timeout_ms;
    atomic_init(&s->shut, false);
    memcpy(s->where, where, sizeof s->where);
    *out = s;
    return 0;
}

/* ---- TLS ---- */

/* A socket BIO of our own: OpenSSL's socket BIO writes with write(2), which raises SIGPIPE when
 * the server has gone; ours sends with MSG_NOSIGNAL (libpq does the same) and can read without
 * blocking on request. The BIO's data pointer is the struct sqlx_sock. */
static int bio_write(BIO *b, const char *p, int n)
{
    struct sqlx_sock *s = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    ssize_t w = send(s->fd, p, (size_t)n, MSG_NOSIGNAL);
    if (w < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        BIO_set_retry_write(b);
    return (int)w;
}

static int bio_read(BIO *b, char *p, int n)
{
    struct sqlx_sock *s = BIO_get_data(b);
    BIO_clear_retry_flags(b);
    ssize_t r = recv(s->fd, p, (size_t)n, s->nowait ? MSG_DONTWAIT : 0);
    if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
        BIO_set_retry_read(b);
    return (int)r;
}

static int bio_puts(BIO *b, const char *str)
{
    return bio_write(b, str, (int)strlen(str));
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)num;
    switch (cmd) {
    case BIO_CTRL_FLUSH:
        return 1;
    case BIO_C_GET_FD: {
        const struct sqlx_sock *s = BIO_get_data(b);
        if (ptr)
            *(int *)ptr = s->fd;
        return s->fd;
    }
    default:
        return 0;
    }
}

static int bio_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

static BIO *make_bio(struct sqlx_sock *s)
{
    s->bio_meth = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "sqlx socket");
    if (!s->bio_meth)
        return NULL;
    if (!BIO_meth_set_write(s->bio_meth, bio_write) || !BIO_meth_set_read(s->bio_meth, bio_read) ||
        !BIO_meth_set_puts(s->bio_meth, bio_puts) || !BIO_meth_set_ctrl(s->bio_meth, bio_ctrl) ||
        !BIO_meth_set_create(s->bio_meth, bio_create))
        return NULL;
    BIO *b = BIO_new(s->bio_meth);
    if (!b)
        return NULL;
    BIO_set_data(b, s);
    return b;
}

/* Best available text for the last OpenSSL failure: the error queue's reason, else errno. */
static void ssl_reason(char *out, size_t size, int saved_errno)
{
    unsigned long e = ERR_get_error();
    if (e && ERR_SYSTEM_ERROR(e)) {
        snprintf(out, size, "%s", strerror(ERR_GET_REASON(e)));
    } else if (e) {
        const char *r = ERR_reason_error_string(e);
        if (r)
            snprintf(out, size, "%s", r);
        else
            ERR_error_string_n(e, out, size);
    } else if (saved_errno) {
        snprintf(out, size, "%s", strerror(saved_errno));
    } else {
        snprintf(out, size, "server closed the connection unexpectedly");
    }
}

static void set_io_timeout(int fd, int ms)
{
    struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* Encrypted client keys are not supported (there is no sslpassword option yet): without this
 * callback OpenSSL would prompt on the controlling terminal and block the server. */
static int no_passphrase(char *buf, int size, int rwflag, void *userdata)
{
    (void)buf, (void)size, (void)rwflag, (void)userdata;
    return 0;
}

/* Loads trust anchors and the client certificate into ctx; decides whether to verify. libpq's
 * rules: verify-ca and verify-full always verify; prefer and require verify only when a root
 * certificate file is given (then they behave as verify-ca); "system" names the system store. */
static int configure_ctx(SSL_CTX *ctx, const struct sqlx_tls_opts *o, bool *verify,
                         struct sqlx_err *err)
{
    char why[256];
    *verify = o->mode >= SQLX_SSL_VERIFY_CA || (o->root_cert && *o->root_cert);
    if (!SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION)) {
        ssl_reason(why, sizeof why, 0);
        return sqlx_err_set(err, SQLX_EIO, "could not set minimum TLS version: %s", why);
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
    if (*verify) {
        bool system = !o->root_cert || !*o->root_cert || strcmp(o->root_cert, "system") == 0;
        int ok = system ? SSL_CTX_set_default_verify_paths(ctx)
                        : SSL_CTX_load_verify_locations(ctx, o->root_cert, NULL);
        if (!ok) {
            ssl_reason(why, sizeof why, errno);
            if (system)
                return sqlx_err_set(err, SQLX_EIO, "could not load the system root certificates: %s",
                                    why);
            return sqlx_err_set(err, SQLX_EIO, "could not read root certificate file \"%s\": %s",
                                o->root_cert, why);
        }
    }
    if (o->cert && *o->cert) {
        SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
        if (!SSL_CTX_use_certificate_chain_file(ctx, o->cert)) {
            ssl_reason(why, sizeof why, errno);
            return sqlx_err_set(err, SQLX_EIO, "could not load client certificate file \"%s\": %s",
                                o->cert, why);
        }
        const char *key = o->key && *o->key ? o->key : o->cert;
        if (!SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM)) {
            if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
                ERR_clear_error();
                return sqlx_err_set(err, SQLX_EIO, "client certificate \"%s\" does not match private key \"%s\"",
                                    o->cert, key);
            }
            ssl_reason(why, sizeof why, errno);
            return sqlx_err_set(err, SQLX_EIO, "could not load private key file \"%s\": %s", key,
                                why);
        }
        if (!SSL_CTX_check_private_key(ctx)) {
            ssl_reason(why, sizeof why, 0);
            return sqlx_err_set(err, SQLX_EIO, "client certificate \"%s\" does not match private key \"%s\": %s",
                                o->cert, key, why);
        }
    }
    return 0;
}

/* SNI for names only (RFC 6066 forbids literals), and for verify-full the name or address the
 * certificate must carry (SAN, falling back to CN as OpenSSL does). */
static int configure_ssl(SSL *ssl, const struct sqlx_tls_opts *o, bool verify,
                         struct sqlx_err *err)
{
    const char *host = o->host && *o->host ? o->host : NULL;
    bool literal = host && is_ip_literal(host);
    if (host && !literal && !SSL_set_tlsext_host_name(ssl, host))
        return sqlx_err_set(err, SQLX_EIO, "could not set TLS server name \"%s\"", host);
    SSL_set_verify(ssl, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
    if (o->mode == SQLX_SSL_VERIFY_FULL) {
        if (!host)
            return sqlx_err_set(err, SQLX_EINVAL, "sslmode verify-full requires a host name to verify");
        X509_VERIFY_PARAM *vpm = SSL_get0_param(ssl);
        int ok;
        if (literal) {
            ok = X509_VERIFY_PARAM_set1_ip_asc(vpm, host);
        } else {
            X509_VERIFY_PARAM_set_hostflags(vpm, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
            ok = X509_VERIFY_PARAM_set1_host(vpm, host, 0);
        }
        if (!ok)
            return sqlx_err_set(err, SQLX_EIO, "could not set the host name \"%s\" to verify", host);
    }
    return 0;
}

/* Without SSL_VERIFY_PEER OpenSSL still records a verification result, so it is only reported
 * when verification was asked for. */
static int handshake_error(struct sqlx_sock *s, const struct sqlx_tls_opts *o, bool verify, int rc,
                           struct sqlx_err *err)
{
    int saved = errno;
    int e = SSL_get_error(s->ssl, rc);
    long vr = verify ? SSL_get_verify_result(s->ssl) : X509_V_OK;
    char why[256];
    if (vr != X509_V_OK) {
        ERR_clear_error();
        sqlx_err_set(err, SQLX_EIO, "server certificate verification failed: %s",
                     X509_verify_cert_error_string(vr));
        if (vr == X509_V_ERR_HOSTNAME_MISMATCH || vr == X509_V_ERR_IP_ADDRESS_MISMATCH)
            sqlx_err_detail(err, "The certificate of %s does not name \"%s\".", s->where,
                            o->host ? o->host : "");
        else if (vr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                 vr == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
                 vr == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
            sqlx_err_hint(err, "Check the root certificate (sslrootcert) or use sslmode=require to skip verification.");
        return SQLX_EIO;
    }
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
        ERR_clear_error();
        return sqlx_err_set(err, SQLX_EIO, "TLS handshake with %s failed: timeout expired after %d ms",
                            s->where, s->timeout_ms);
    }
    if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
        snprintf(why, sizeof why, "%s",
                 saved ? strerror(saved) : "server closed the connection unexpectedly");
    else
        ssl_reason(why, sizeof why, saved);
    ERR_clear_error();
    return sqlx_err_set(err, SQLX_EIO, "TLS handshake with %s failed: %s", s->where, why);
}

int sqlx_sock_start_tls(struct sqlx_sock *s, const struct sqlx_tls_opts *o, struct sqlx_err *err)
{
    if (o->mode == SQLX_SSL_DISABLE)
        return sqlx_err_set(err, SQLX_EINVAL, "TLS was not requested (sslmode is disable)");
    if (s->ssl)
        return sqlx_err_set(err, SQLX_EINVAL, "TLS is already active on the connection to %s",
                            s->where);
    ERR_clear_error();
    int rc = SQLX_EIO;
    bool verify = false;
    s->ctx = SSL_CTX_new(TLS_client_method());
    if (!s->ctx) {
        char why[256];
        ssl_reason(why, sizeof why, 0);
        return sqlx_err_set(err, SQLX_EIO, "could not create TLS context: %s", why);
    }
    rc = configure_ctx(s->ctx, o, &verify, err);
    if (rc < 0)
        goto out_fail;
    s->ssl = SSL_new(s->ctx);
    BIO *bio = s->ssl ? make_bio(s) : NULL;
    if (!bio) {
        rc = sqlx_err_set(err, SQLX_EIO, "could not set up TLS for the connection to %s", s->where);
        goto out_fail;
    }
    SSL_set_bio(s->ssl, bio, bio);
    rc = configure_ssl(s->ssl, o, verify, err);
    if (rc < 0)
        goto out_fail;

    set_io_timeout(s->fd, s->timeout_ms);
    int r;
    do {
        errno = 0;
        r = SSL_connect(s->ssl);
    } while (r <= 0 && SSL_get_error(s->ssl, r) == SSL_ERROR_WANT_READ && errno == EINTR);
    if (r != 1) {
        rc = handshake_error(s, o, verify, r, err);
        set_io_timeout(s->fd, 0);
        goto out_fail;
    }
    set_io_timeout(s->fd, 0);
    return 0;

out_fail:
    ERR_clear_error();
    SSL_free(s->ssl); /* frees the BIO too */
    s->ssl = NULL;
    SSL_CTX_free(s->ctx);
    s->ctx = NULL;
    BIO_meth_free(s->bio_meth);
    s->bio_meth = NULL;
    return rc;
}

bool sqlx_sock_is_tls(const struct sqlx_sock *s)
{
    return s && s->ssl;
}

static int io_error(struct sqlx_sock *s, const char *what, int e, struct sqlx_err *err)
{
    if (atomic_load(&s->shut))
        return sqlx_err_set(err, SQLX_EIO, "connection to %s was shut down", s->where);
    if (e == EPIPE || e == ECONNRESET)
        return sqlx_err_set(err, SQLX_EIO, "server closed the connection unexpectedly (%s)",
                            s->where);
    return sqlx_err_set(err, SQLX_EIO, "could not %s %s: %s", what, s->where, strerror(e));
}

static int eof_error(struct sqlx_sock *s, struct sqlx_err *err)
{
    if (atomic_load(&s->shut))
        return sqlx_err_set(err, SQLX_EIO, "connection to %s was shut down", s->where);
    sqlx_err_set(err, SQLX_EIO, "server closed the connection unexpectedly");
    sqlx_err_detail(err, "The server at %s closed the connection; it probably terminated abnormally before or while processing the request.",
                    s->where);
    return SQLX_EIO;
}

/* Handles one failed SSL_read / SSL_write. Returns 1 to retry (after waiting for the socket when
 * OpenSSL asks), or a negative code with err filled. */
static int ssl_io_failed(struct sqlx_sock *s, int r, const char *what, struct sqlx_err *err)
{
    int saved = errno;
    int e = SSL_get_error(s->ssl, r);
    char why[256];
    if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE &&
        !(e == SSL_ERROR_SYSCALL && saved == EINTR && ERR_peek_error() == 0))
        s->tls_dead = true;
    switch (e) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE:
        ERR_clear_error();
        if (atomic_load(&s->shut))
            return eof_error(s, err);
        if (poll_fd(s->fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, -1) < 0 && errno != EINTR)
            return io_error(s, what, errno, err);
        return 1;
    case SSL_ERROR_ZERO_RETURN:
        ERR_clear_error();
        return eof_error(s, err);
    case SSL_ERROR_SYSCALL:
        if (ERR_peek_error() == 0) {
            if (saved == EINTR)
                return 1;
            if (saved == 0)
                return eof_error(s, err);
            return io_error(s, what, saved, err);
        }
        break;
    case SSL_ERROR_SSL:
        if (ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
            ERR_clear_error();
            return eof_error(s, err);
        }
        break;
    default:
        break;
    }
    ssl_reason(why, sizeof why, saved);
    ERR_clear_error();
    if (atomic_load(&s->shut))
        return sqlx_err_set(err, SQLX_EIO, "connection to %s was shut down", s->where);
    return sqlx_err_set(err, SQLX_EIO, "TLS error on the connection to %s: %s", s->where, why);
}

int sqlx_sock_write(struct sqlx_sock *s, const void *p, size_t n, struct sqlx_err *err)
{
    const char *c = p;
    if (s->fd < 0)
        return sqlx_err_set(err, SQLX_EIO, "connection to %s is closed", s->where);
    while (n > 0) {
        int chunk = n > INT_MAX ? INT_MAX : (int)n;
        if (s->ssl) {
            ERR_clear_error();
            errno = 0;
            int w = SSL_write(s->ssl, c, chunk);
            if (w > 0) {
                c += w;
                n -= (size_t)w;
                continue;
            }
            int rc = ssl_io_failed(s, w, "send data to", err);
            if (rc < 0)
                return rc;
            continue;
        }
        ssize_t w = send(s->fd, c, (size_t)chunk, MSG_NOSIGNAL);
        if (w > 0) {
            c += w;
            n -= (size_t)w;
        } else if (w < 0 && errno != EINTR) {
            return io_error(s, "send data to", errno, err);
        }
    }
    return 0;
}

long sqlx_sock_read(struct sqlx_sock *s, void *p, size_t n, struct sqlx_err *err)
{
    if (s->fd < 0)
        return sqlx_err_set(err, SQLX_EIO, "connection to %s is closed", s->where);
    if (n == 0)
        return sqlx_err_set(err, SQLX_EINVAL, "read of zero bytes from %s", s->where);
    if (s->failed) {
        if (err)
            *err = s->failure;
        return s->failure.code;
    }
    int chunk = n > INT_MAX ? INT_MAX : (int)n;
    for (;;) {
        if (s->ssl) {
            ERR_clear_error();
            errno = 0;
            int r = SSL_read(s->ssl, p, chunk);
            if (r > 0)
                return r;
            int rc = ssl_io_failed(s, r, "receive data from", err);
            if (rc < 0)
                return rc;
            continue;
        }
        ssize_t r = recv(s->fd, p, (size_t)chunk, 0);
        if (r > 0)
            return (long)r;
        if (r == 0)
            return eof_error(s, err);
        if (errno != EINTR)
            return io_error(s, "receive data from", errno, err);
    }
}

/* Under TLS a readable socket may carry only records without application data (TLS 1.3 session
 * tickets, for one), after which a read would block. So readable bytes are run through SSL_peek
 * with a non-blocking BIO read: application data or EOF / error (which the next read reports)
 * count as ready; otherwise the wait goes on for the rest of the time. */
int sqlx_sock_wait_readable(struct sqlx_sock *s, int timeout_ms)
{
    if (!s || s->fd < 0)
        return -1;
    if (!s->ssl)
        return poll_fd(s->fd, POLLIN, timeout_ms);
    long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
    for (;;) {
        if (SSL_pending(s->ssl) > 0)
            return 1;
        int left = -1;
        if (timeout_ms >= 0) {
            long l = deadline - now_ms();
            left = l > 0 ? (int)l : 0;
        }
        int r = poll_fd(s->fd, POLLIN, left);
        if (r <= 0)
            return r;
        if (s->failed)
            return 1;
        char c;
        ERR_clear_error();
        errno = 0;
        s->nowait = true;
        int n = SSL_peek(s->ssl, &c, 1);
        s->nowait = false;
        if (n > 0)
            return 1;
        if (SSL_get_error(s->ssl, n) != SSL_ERROR_WANT_READ) {
            if (ssl_io_failed(s, n, "receive data from", &s->failure) < 0) {
                s->failed = true;
                return 1;
            }
        }
        ERR_clear_error();
        if (timeout_ms >= 0 && now_ms() >= deadline)
            return 0;
    }
}

/* RFC 5929 tls-server-end-point: the leaf certificate's DER hashed with its signature's digest,
 * MD5 and SHA-1 replaced by SHA-256. X509_get_signature_info also sees through RSA-PSS parameters.
 * Signatures without a single digest (Ed25519, Ed448) cannot be bound: 0, as PostgreSQL refuses. */
size_t sqlx_sock_server_cert_hash(struct sqlx_sock *s, unsigned char *out, size_t size)
{
    if (!s || !s->ssl)
        return 0;
    X509 *cert = SSL_get1_peer_certificate(s->ssl);
    if (!cert)
        return 0;
    size_t len = 0;
    int mdnid = NID_undef, pknid = NID_undef;
    if (!X509_get_signature_info(cert, &mdnid, &pknid, NULL, NULL))
        goto out_free;
    if (mdnid == NID_md5 || mdnid == NID_sha1)
        mdnid = NID_sha256;
    const EVP_MD *md = mdnid == NID_undef ? NULL : EVP_get_digestbynid(mdnid);
    if (!md || (size_t)EVP_MD_get_size(md) > size)
        goto out_free;
    unsigned char buf[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (X509_digest(cert, md, buf, &n) && n <= size) {
        memcpy(out, buf, n);
        len = n;
    }
out_free:
    ERR_clear_error();
    X509_free(cert);
    return len;
}

int sqlx_sock_fd(const struct sqlx_sock *s)
{
    return s ? s->fd : -1;
}

void sqlx_sock_shutdown(struct sqlx_sock *s)
{
    if (!s || s->fd < 0)
        return;
    atomic_store(&s->shut, true);
    shutdown(s->fd, SHUT_RDWR);
}

/* Sends close_notify when the link is still up, without ever blocking: the socket is made
 * non-blocking first and the result ignored, as the engine has already said goodbye. */
void sqlx_sock_close(struct sqlx_sock *s)
{
    if (!s)
        return;
    if (s->ssl) {
        if (!s->tls_dead && !atomic_load(&s->shut) && s->fd >= 0 && set_blocking(s->fd, false) == 0)
            SSL_shutdown(s->ssl);
        ERR_clear_error();
        SSL_free(s->ssl);
    }
    SSL_CTX_free(s->ctx);
    BIO_meth_free(s->bio_meth);
    if (s->fd >= 0)
        close(s->fd);
    sqlx_free(s);
}
