/* SHA-1 and SHA-256 (FIPS 180-4) for the MySQL family's password scrambles
 * (mysql_native_password, caching_sha2_password), so a connection that needs no TLS never starts
 * libcrypto's provider machinery (about 2 MB of resident code for one digest). Streaming contexts
 * over bytes; no I/O, no allocation. Anything else (TLS, RSA, SCRAM, HMAC) stays on libcrypto. */
#ifndef SQLX_WIRE_SHA_H
#define SQLX_WIRE_SHA_H

#include <stddef.h>
#include <stdint.h>

#define SQLX_SHA1_LEN   20
#define SQLX_SHA256_LEN 32

/* One running hash; the same shape serves both (SHA-1 uses h[0..4]). */
struct sqlx_sha {
    uint32_t h[8];      /* chaining state */
    uint64_t len;       /* bytes hashed so far */
    uint8_t block[64];  /* input waiting for a whole block */
    size_t fill;        /* bytes of block used */
};

void sqlx_sha1_init(struct sqlx_sha *s);
void sqlx_sha1_update(struct sqlx_sha *s, const void *p, size_t n);
/* Writes the digest and wipes the context. */
void sqlx_sha1_final(struct sqlx_sha *s, uint8_t out[SQLX_SHA1_LEN]);

void sqlx_sha256_init(struct sqlx_sha *s);
void sqlx_sha256_update(struct sqlx_sha *s, const void *p, size_t n);
void sqlx_sha256_final(struct sqlx_sha *s, uint8_t out[SQLX_SHA256_LEN]);

#endif
