/* Tests for wire/sha.c: the FIPS 180-4 examples (one block, two blocks, a million 'a'), the
 * empty message, and agreement with libcrypto on random input of every length from 0 to 300
 * bytes fed in random pieces (so every padding boundary and every buffering path runs). */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/sha.h"

static void hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void sha1_hex(const void *p, size_t n, char out[41])
{
    struct sqlx_sha s;
    uint8_t d[SQLX_SHA1_LEN];
    sqlx_sha1_init(&s);
    sqlx_sha1_update(&s, p, n);
    sqlx_sha1_final(&s, d);
    hex(d, sizeof d, out);
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
    struct sqlx_sha s;
    uint8_t d[SQLX_SHA256_LEN];
    sqlx_sha256_init(&s);
    sqlx_sha256_update(&s, p, n);
    sqlx_sha256_final(&s, d);
    hex(d, sizeof d, out);
}

static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

Test(sha, sha1_standard_examples)
{
    char h[41];
    sha1_hex("abc", 3, h);
    cr_assert_str_eq(h, "a9993e364706816aba3e25717850c26c9cd0d89d");
    sha1_hex("", 0, h);
    cr_assert_str_eq(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    sha1_hex(two_blocks, strlen(two_blocks), h);
    cr_assert_str_eq(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
}

Test(sha, sha256_standard_examples)
{
    char h[65];
    sha256_hex("abc", 3, h);
    cr_assert_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256_hex("", 0, h);
    cr_assert_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex(two_blocks, strlen(two_blocks), h);
    cr_assert_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* A million 'a', fed 1000 at a time. */
Test(sha, million_a)
{
    char chunk[1000], h1[41], h256[65];
    uint8_t d1[SQLX_SHA1_LEN], d256[SQLX_SHA256_LEN];
    struct sqlx_sha a, b;
    memset(chunk, 'a', sizeof chunk);
    sqlx_sha1_init(&a);
    sqlx_sha256_init(&b);
    for (int i = 0; i < 1000; i++) {
        sqlx_sha1_update(&a, chunk, sizeof chunk);
        sqlx_sha256_update(&b, chunk, sizeof chunk);
    }
    sqlx_sha1_final(&a, d1);
    sqlx_sha256_final(&b, d256);
    hex(d1, sizeof d1, h1);
    hex(d256, sizeof d256, h256);
    cr_assert_str_eq(h1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    cr_assert_str_eq(h256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every length 0..300, random bytes in random pieces, against libcrypto's one-shot digest. */
Test(sha, agrees_with_libcrypto)
{
    unsigned seed = 777;
    uint8_t msg[300];
    for (size_t len = 0; len <= sizeof msg; len++) {
        for (size_t i = 0; i < len; i++)
            msg[i] = (uint8_t)rand_r(&seed);
        for (int algo = 0; algo < 2; algo++) {
            struct sqlx_sha s;
            uint8_t ours[32], theirs[32];
            unsigned int n = 0;
            if (algo == 0)
                sqlx_sha1_init(&s);
            else
                sqlx_sha256_init(&s);
            size_t at = 0;
            while (at < len) {
                size_t piece = 1 + rand_r(&seed) % 80;
                if (piece > len - at)
                    piece = len - at;
                if (algo == 0)
                    sqlx_sha1_update(&s, msg + at, piece);
                else
                    sqlx_sha256_update(&s, msg + at, piece);
                at += piece;
            }
            if (algo == 0)
                sqlx_sha1_final(&s, ours);
            else
                sqlx_sha256_final(&s, ours);
            cr_assert(EVP_Digest(msg, len, theirs, &n, algo == 0 ? EVP_sha1() : EVP_sha256(), NULL));
            cr_assert_eq(n, algo == 0 ? 20u : 32u);
            cr_assert_eq(memcmp(ours, theirs, n), 0, "length %zu, %s", len,
                         algo == 0 ? "SHA-1" : "SHA-256");
        }
    }
}
