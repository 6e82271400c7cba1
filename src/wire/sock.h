/* Sockets for the wire engines: TCP connect with a timeout (IPv4/IPv6, by name), optional TLS
 * through OpenSSL with libpq's sslmode semantics, raw reads and writes. No protocol knowledge:
 * TLS negotiation messages (SSLRequest, the MySQL SSL flag) are sent by the engine's script, which
 * then calls sqlx_sock_start_tls. Reads are raw; the caller keeps its own input buffer. */
#ifndef SQLX_WIRE_SOCK_H
#define SQLX_WIRE_SOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct sqlx_sock;

enum sqlx_sslmode {
    SQLX_SSL_DISABLE,     /* never TLS */
    SQLX_SSL_PREFER,      /* TLS if the server agrees, no verification (default, as libpq) */
    SQLX_SSL_REQUIRE,     /* TLS or fail; no verification (unless a root cert is given) */
    SQLX_SSL_VERIFY_CA,   /* TLS, chain verified against the root cert */
    SQLX_SSL_VERIFY_FULL, /* TLS, chain and host name verified */
};

struct sqlx_tls_opts {
    enum sqlx_sslmode mode;
    const char *root_cert; /* PEM file of trusted CAs (sslrootcert); NULL = system default */
    const char *cert;      /* client certificate PEM (sslcert), may be NULL */
    const char *key;       /* client key PEM (sslkey), may be NULL */
    const char *host;      /* name to verify and send as SNI (not for IP literals' SNI) */
};

/* Parses "disable", "allow" (as prefer), "prefer", "require", "verify-ca", "verify-full";
 * -1 when unknown. */
int sqlx_sslmode_parse(const char *s);

/* Connects to host:port (name resolved, every address tried in order) within timeout_ms
 * (0 = 10 s). Sets TCP_NODELAY. Errors name host and port and the system's reason. */
int sqlx_sock_connect(const char *host, int port, int timeout_ms, struct sqlx_sock **out,
                      struct sqlx_err *err) SQLX_MUST_CHECK;
/* Runs the TLS client handshake on the open connection, verifying per o->mode. */
int sqlx_sock_start_tls(struct sqlx_sock *s, const struct sqlx_tls_opts *o,
                        struct sqlx_err *err) SQLX_MUST_CHECK;
bool sqlx_sock_is_tls(const struct sqlx_sock *s);
/* Writes all n bytes (blocking). */
int sqlx_sock_write(struct sqlx_sock *s, const void *p, size_t n, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Reads at most n bytes (blocking until at least one arrives). Returns the count (> 0), or a
 * negative SQLX_EIO with err filled on EOF ("server closed the connection") or failure. */
long sqlx_sock_read(struct sqlx_sock *s, void *p, size_t n, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Waits up to timeout_ms for readable data (TLS-buffered bytes count); 1 ready, 0 timeout, <0 error. */
int sqlx_sock_wait_readable(struct sqlx_sock *s, int timeout_ms);
/* Hash of the server's leaf certificate for SCRAM channel binding (tls-server-end-point, RFC 5929);
 * returns its length, 0 when not TLS or not computable. */
size_t sqlx_sock_server_cert_hash(struct sqlx_sock *s, unsigned char *out, size_t size);
int sqlx_sock_fd(const struct sqlx_sock *s);
/* Shuts the socket down for both directions without freeing it (another thread may be blocked
 * in a read: it then returns an error). */
void sqlx_sock_shutdown(struct sqlx_sock *s);
void sqlx_sock_close(struct sqlx_sock *s);

#endif
