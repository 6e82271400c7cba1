/* Authentication primitives the wire packs bind to by name: SCRAM-SHA-256 (RFC 5802 / 7677, with
 * PostgreSQL's SASLprep fallback), PostgreSQL MD5, and the MySQL family's mysql_native_password,
 * caching_sha2_password (fast scramble, RSA full auth) and MariaDB client_ed25519. Pure functions
 * over bytes: no I/O, no protocol framing. */
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

/* ---- MySQL family ----
 * nonce is the server's scramble with the trailing NUL of the greeting / AuthSwitchRequest
 * already dropped: 20 bytes for native and caching_sha2, 32 for client_ed25519. */
#define SQLX_MY_NONCE_LEN         20
#define SQLX_MY_NATIVE_LEN        20
#define SQLX_MY_SHA2_LEN          32
#define SQLX_MY_ED25519_NONCE_LEN 32
#define SQLX_MY_ED25519_SIG_LEN   64
#define SQLX_MY_ED25519_PK_LEN    32

/* mysql_native_password: SHA1(pw) XOR SHA1(nonce || SHA1(SHA1(pw))) into out. Returns the auth
 * response length: 20, or 0 for an empty (or NULL) password, which is sent as an empty
 * response. */
size_t sqlx_my_native_scramble(const char *password, const unsigned char nonce[20],
                               unsigned char out[20]);

/* caching_sha2_password fast auth: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) || nonce) (MySQL's
 * order: the nonce goes last). Returns 32, or 0 for an empty password (empty response). */
size_t sqlx_my_sha2_scramble(const char *password, const unsigned char nonce[20],
                             unsigned char out[32]);

/* caching_sha2_password (and sha256_password) full auth on a plain connection: encrypts
 * (password || NUL) XOR nonce (repeated cyclically) with the server's RSA public key (PEM, as the
 * server sends it after the 0x02 request; SubjectPublicKeyInfo or PKCS#1 "RSA PUBLIC KEY") using
 * RSA-OAEP with SHA-1 / MGF1-SHA-1 as MySQL 8.0.5+ does. Appends the ciphertext (the key size,
 * e.g. 256 bytes) to out. Fails with SQLX_EINVAL for a key that does not parse or is not RSA,
 * nonce_len 0, and SQLX_ETOOBIG for a password too long for the key (2048-bit: 213 bytes). */
int sqlx_my_sha2_rsa_encrypt(const char *password, const unsigned char *nonce, size_t nonce_len,
                             const char *pem, size_t pem_len, struct sqlx_buf *out,
                             struct sqlx_err *err) SQLX_MUST_CHECK;

/* MariaDB client_ed25519: the 64-byte Ed25519 signature of msg (the server's 32-byte nonce) with
 * MariaDB's key scheme: SHA-512(password) is used directly as the expanded secret key (clamped
 * first half = scalar, second half = nonce prefix), unlike RFC 8032, which hashes a 32-byte seed.
 * The password may be empty. Fails (SQLX_EINTERNAL) only if libcrypto does. */
int sqlx_my_ed25519_sign(const char *password, const unsigned char *msg, size_t n,
                         unsigned char sig[64], struct sqlx_err *err) SQLX_MUST_CHECK;

/* The public key the server stores for password under client_ed25519 (mysql.user, base64). */
int sqlx_my_ed25519_pubkey(const char *password, unsigned char pk[32],
                           struct sqlx_err *err) SQLX_MUST_CHECK;

#endif
