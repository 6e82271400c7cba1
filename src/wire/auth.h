/* Authentication primitives the wire packs bind to by name: SCRAM-SHA-256 (RFC 5802 / 7677, with
 * PostgreSQL's SASLprep fallback), PostgreSQL MD5, and (for the MySQL family, later) the native
 * and caching_sha2 scrambles. Pure functions over bytes: no I/O, no protocol framing. */
#ifndef SQLX_WIRE_AUTH_H
#define SQLX_WIRE_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"

/* State of one SCRAM-SHA-256 exchange, client side. */
struct sqlx_scram {
    char nonce[64];            /* client nonce (printable, no ',') */
    char *client_first_bare;   /* "n=user,r=nonce", heap */
    char *client_final_wo_proof; /* "c=biws,r=fullnonce", heap */
    char *server_first;        /* heap copy */
    unsigned char server_key[32];
    unsigned char salted[32];
    char *auth_message;        /* heap */
    const char *gs2_header;    /* "n,," (no channel binding) or "p=tls-server-end-point,," */
    unsigned char cbind[64];   /* channel-binding data (server cert hash) */
    size_t cbind_len;
};

/* Starts an exchange: writes client-first-message ("n,,n=<user>,r=<nonce>") to out. nonce NULL
 * draws 24 random bytes (base64) from OpenSSL; tests pass a fixed nonce. user may be "" (PostgreSQL
 * takes the user from the startup packet). cbind/cbind_len non-zero selects SCRAM-SHA-256-PLUS. */
int sqlx_scram_start(struct sqlx_scram *s, const char *user, const char *nonce,
                     const unsigned char *cbind, size_t cbind_len, struct sqlx_buf *out,
                     struct sqlx_err *err) SQLX_MUST_CHECK;
/* Reads server-first-message (r=,s=,i=), checks the nonce prefix and iteration count, derives the
 * keys from the password (SASLprep, falling back to raw bytes as PostgreSQL does), and writes
 * client-final-message (with p=proof) to out. */
int sqlx_scram_continue(struct sqlx_scram *s, const char *password, const char *server_first,
                        size_t n, struct sqlx_buf *out, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Verifies server-final-message ("v=" signature, or "e=" error). */
int sqlx_scram_finish(struct sqlx_scram *s, const char *server_final, size_t n,
                      struct sqlx_err *err) SQLX_MUST_CHECK;
void sqlx_scram_free(struct sqlx_scram *s);

/* PostgreSQL MD5: "md5" + hex(md5(hex(md5(password || user)) || salt)), NUL-terminated (36 bytes). */
void sqlx_pg_md5(const char *user, const char *password, const unsigned char salt[4], char out[36]);

#endif
