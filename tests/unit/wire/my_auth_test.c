/* Tests for the MySQL-family scrambles in src/wire/auth.c: the published mysql_native_password
 * and caching_sha2_password fast-auth vectors (go-sql-driver/mysql auth_test.go, re-checked in
 * ../shared/reference/wire-protocols.md 3.5-3.6, without the 21-byte-nonce vector it warns
 * about), MariaDB's client_ed25519 vector (3.7) plus an independent check that the signature
 * verifies under OpenSSL's own Ed25519 with the derived public key, and RSA-OAEP full auth
 * encrypted with a key pair made by the openssl CLI and decrypted again here. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/err.h"
#include "wire/auth.h"

static void unhex(const char *hex, unsigned char *out, size_t n)
{
    cr_assert_eq(strlen(hex), 2 * n, "hex vector of the wrong length");
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        cr_assert_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (unsigned char)v;
    }
}

static void assert_hex(const unsigned char *got, size_t n, const char *want)
{
    unsigned char w[128];
    unhex(want, w, n);
    cr_assert_eq(memcmp(got, w, n), 0, "bytes differ from %s", want);
}

/* ---- mysql_native_password (3.5) ---- */

Test(my_native, go_driver_vector_greeting)
{
    unsigned char nonce[20], out[20];
    unhex("46725c5e01260b743f7217657e671a5f51111815", nonce, 20);
    cr_assert_eq(sqlx_my_native_scramble("secret", nonce, out), 20);
    assert_hex(out, 20, "35b18c9ffbbd7f356dfcac32d3c0f0a41a30cf2d");
}

Test(my_native, go_driver_vector_auth_switch)
{
    unsigned char nonce[20], out[20];
    unhex("60473f08013a4b0c455f423c751f301f5927371f", nonce, 20);
    cr_assert_eq(sqlx_my_native_scramble("secret", nonce, out), 20);
    assert_hex(out, 20, "ca29c3a422e2316715d3a7c7e374083039479592");
}

Test(my_native, empty_password_gives_empty_response)
{
    unsigned char nonce[20] = { 1 }, out[20];
    memset(out, 0xAA, sizeof out);
    cr_assert_eq(sqlx_my_native_scramble("", nonce, out), 0);
    cr_assert_eq(sqlx_my_native_scramble(NULL, nonce, out), 0);
    cr_assert_eq(out[0], 0xAA, "nothing written for an empty password");
}

/* ---- caching_sha2_password fast auth (3.6) ---- */

Test(my_sha2, go_driver_vectors)
{
    static const struct {
        const char *nonce, *password, *want;
    } v[] = {
        { "5a694a7e1e3025380317737f45162954207b2b76", "secret",
          "662005238fa18cf1abe8388b2b0e6bc4f9aa933cdccc78b2d60fb8961a3d39eb" },
        { "065160720e2a321e4c2f015f7e513e5e53503455", "secret",
          "abc98a92599f0baa0043a531af5eda44b16d6e5622212cbe43f0466e288b7c29" },
        { "0a2f4a6f4b492230584c724a250d035052021715", "secret",
          "f490e76f66d9d86665ce54d98c78d0acfe2fb0b08b423da807144873d30b312c" },
        { "0a2f4a6f4b492230584c724a250d035052021715", "secret2",
          "abc3934a012cf342e876071c8ee202de51785b430258a7a0138bc79c4d800bc6" },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        unsigned char nonce[20], out[32];
        unhex(v[i].nonce, nonce, 20);
        cr_assert_eq(sqlx_my_sha2_scramble(v[i].password, nonce, out), 32);
        assert_hex(out, 32, v[i].want);
    }
}

/* MariaDB's documentation puts the nonce before the double hash; MySQL (and ProxySQL) put it
 * after. The wrong order must not be what we compute: recompute it here and compare. */
Test(my_sha2, nonce_order_is_mysqls)
{
    unsigned char nonce[20], out[32], h1[32], h2[32], h3[32], buf[52];
    unhex("0a2f4a6f4b492230584c724a250d035052021715", nonce, 20);
    cr_assert_eq(sqlx_my_sha2_scramble("secret", nonce, out), 32);
    unsigned int len;
    EVP_Digest("secret", 6, h1, &len, EVP_sha256(), NULL);
    EVP_Digest(h1, 32, h2, &len, EVP_sha256(), NULL);
    memcpy(buf, nonce, 20);
    memcpy(buf + 20, h2, 32);
    EVP_Digest(buf, 52, h3, &len, EVP_sha256(), NULL);
    for (int i = 0; i < 32; i++)
        h3[i] ^= h1[i];
    cr_assert_eq(h3[0], 0x0b, "wrong-order value starts 0b0d as the reference says");
    cr_assert_eq(h3[1], 0x0d);
    cr_assert_neq(memcmp(out, h3, 32), 0);
}

Test(my_sha2, empty_password_gives_empty_response)
{
    unsigned char nonce[20] = { 0 }, out[32];
    cr_assert_eq(sqlx_my_sha2_scramble("", nonce, out), 0);
}

/* ---- client_ed25519 (3.7) ---- */

#define ED_SIG                                                                                   \
    "e83dc93f433f33355649ee23aa7592d61a1123090884f58d3063423a24e4305473febba858a2f93923554feea7" \
    "6a44753887ab2f140e854f0fe57ca0b0648a0e"
#define ED_PK "aafda61ba1d60aecb7d9295be71855e131d2b5ec0dcf65483553db824f97009f"

Test(my_ed25519, mariadb_vector)
{
    unsigned char nonce[32], sig[64], pk[32];
    struct sqlx_err err;
    memset(nonce, 'A', sizeof nonce);
    cr_assert_eq(sqlx_my_ed25519_sign("foobar", nonce, sizeof nonce, sig, &err), 0, "%s",
                 err.message);
    assert_hex(sig, 64, ED_SIG);
    cr_assert_eq(sqlx_my_ed25519_pubkey("foobar", pk, &err), 0);
    assert_hex(pk, 32, ED_PK);
}

/* Verifies sig over msg with OpenSSL's own Ed25519 and the public key we derived. */
static bool openssl_verifies(const unsigned char pk[32], const unsigned char *msg, size_t n,
                             const unsigned char sig[64])
{
    EVP_PKEY *key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pk, 32);
    cr_assert_not_null(key);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) == 1 &&
              EVP_DigestVerify(ctx, sig, 64, msg, n) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return ok;
}

Test(my_ed25519, signatures_verify_with_openssl)
{
    static const char *passwords[] = { "", "x", "sqlx_ed25519_pw",
                                       "a much longer password that "
                                       "is well over sixty-four bytes long, to cross a block" };
    struct sqlx_err err;
    for (size_t i = 0; i < sizeof passwords / sizeof passwords[0]; i++) {
        unsigned char nonce[32], sig[64], pk[32];
        for (size_t j = 0; j < sizeof nonce; j++)
            nonce[j] = (unsigned char)(j * 7 + i);
        cr_assert_eq(sqlx_my_ed25519_sign(passwords[i], nonce, 32, sig, &err), 0);
        cr_assert_eq(sqlx_my_ed25519_pubkey(passwords[i], pk, &err), 0);
        cr_assert(openssl_verifies(pk, nonce, 32, sig), "password %zu", i);
        nonce[5] ^= 1;
        cr_assert(!openssl_verifies(pk, nonce, 32, sig), "tampered nonce must not verify");
    }
}

Test(my_ed25519, different_passwords_give_different_keys)
{
    unsigned char a[32], b[32];
    struct sqlx_err err;
    cr_assert_eq(sqlx_my_ed25519_pubkey("foobar", a, &err), 0);
    cr_assert_eq(sqlx_my_ed25519_pubkey("foobaz", b, &err), 0);
    cr_assert_neq(memcmp(a, b, 32), 0);
}

/* ---- caching_sha2 full auth: RSA-OAEP ---- */

struct keypair {
    char dir[64]; /* temporary directory */
    char *pub;    /* public key PEM (SubjectPublicKeyInfo) */
    size_t pub_len;
    char *pkcs1; /* public key PEM ("RSA PUBLIC KEY") */
    size_t pkcs1_len;
    EVP_PKEY *priv; /* private key for decryption */
};

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    static char buf[16384];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return strdup(buf);
}

/* Makes an RSA key pair with the openssl command-line tool, as an administrator would for
 * caching_sha2_password_private_key_path. */
static void make_keypair(struct keypair *kp, int bits)
{
    char cmd[512], path[128];
    snprintf(kp->dir, sizeof kp->dir, "/tmp/sqlx-myauth-XXXXXX");
    cr_assert_not_null(mkdtemp(kp->dir));
    snprintf(cmd, sizeof cmd,
             "cd %s && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:%d -out priv.pem "
             "2>/dev/null && openssl pkey -in priv.pem -pubout -out pub.pem 2>/dev/null && "
             "openssl rsa -in priv.pem -RSAPublicKey_out -out pkcs1.pem 2>/dev/null",
             kp->dir, bits);
    cr_assert_eq(system(cmd), 0, "openssl CLI failed");
    snprintf(path, sizeof path, "%s/pub.pem", kp->dir);
    kp->pub = slurp(path, &kp->pub_len);
    snprintf(path, sizeof path, "%s/pkcs1.pem", kp->dir);
    kp->pkcs1 = slurp(path, &kp->pkcs1_len);
    snprintf(path, sizeof path, "%s/priv.pem", kp->dir);
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    kp->priv = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    cr_assert_not_null(kp->priv);
}

static void free_keypair(struct keypair *kp)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", kp->dir);
    cr_assert_eq(system(cmd), 0);
    free(kp->pub);
    free(kp->pkcs1);
    EVP_PKEY_free(kp->priv);
}

/* Decrypts with OAEP/SHA-1 and returns the plaintext length. */
static size_t oaep_decrypt(EVP_PKEY *priv, const unsigned char *c, size_t n, unsigned char *out,
                           size_t cap)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(priv, NULL);
    size_t len = cap;
    cr_assert_eq(EVP_PKEY_decrypt_init(ctx), 1);
    cr_assert_eq(EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING), 1);
    cr_assert_eq(EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()), 1);
    cr_assert_eq(EVP_PKEY_decrypt(ctx, out, &len, c, n), 1, "OAEP-SHA1 decryption failed");
    EVP_PKEY_CTX_free(ctx);
    return len;
}

static void check_roundtrip(struct keypair *kp, const char *pem, size_t pem_len,
                            const char *password, size_t key_bytes)
{
    unsigned char nonce[20], plain[1024];
    struct sqlx_buf out;
    struct sqlx_err err;
    for (int i = 0; i < 20; i++)
        nonce[i] = (unsigned char)(0x30 + i * 3);
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_my_sha2_rsa_encrypt(password, nonce, 20, pem, pem_len, &out, &err), 0, "%s",
                 err.message);
    cr_assert_eq(out.len, key_bytes);
    size_t n = oaep_decrypt(kp->priv, (unsigned char *)out.data, out.len, plain, sizeof plain);
    size_t pw = strlen(password);
    cr_assert_eq(n, pw + 1, "plaintext is the password and its NUL");
    for (size_t i = 0; i <= pw; i++)
        cr_assert_eq(plain[i] ^ nonce[i % 20], i < pw ? (unsigned char)password[i] : 0, "byte %zu",
                     i);
    sqlx_buf_free(&out);
}

Test(my_rsa, encrypt_then_decrypt_2048)
{
    struct keypair kp;
    make_keypair(&kp, 2048);
    check_roundtrip(&kp, kp.pub, kp.pub_len, "secret", 256);
    check_roundtrip(&kp, kp.pub, kp.pub_len, "", 256);
    /* Longer than the nonce, so the nonce repeats (the bun / mysql-nio bug class). */
    check_roundtrip(&kp, kp.pub, kp.pub_len, "a-password-longer-than-twenty-bytes!", 256);
    check_roundtrip(&kp, kp.pkcs1, kp.pkcs1_len, "secret", 256);
    /* 2048-bit OAEP-SHA1 carries 214 bytes: 213 of password plus the NUL. */
    char longest[214];
    memset(longest, 'p', 213);
    longest[213] = '\0';
    check_roundtrip(&kp, kp.pub, kp.pub_len, longest, 256);
    char toolong[215];
    memset(toolong, 'p', 214);
    toolong[214] = '\0';
    struct sqlx_buf out;
    struct sqlx_err err;
    unsigned char nonce[20] = { 0 };
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_my_sha2_rsa_encrypt(toolong, nonce, 20, kp.pub, kp.pub_len, &out, &err),
                 SQLX_ETOOBIG);
    cr_assert_eq(out.len, 0);
    sqlx_buf_free(&out);
    free_keypair(&kp);
}

Test(my_rsa, encrypt_then_decrypt_4096)
{
    struct keypair kp;
    make_keypair(&kp, 4096);
    check_roundtrip(&kp, kp.pub, kp.pub_len, "secret", 512);
    free_keypair(&kp);
}

Test(my_rsa, malformed_keys_fail_cleanly)
{
    static const char *bad[] = {
        "",
        "not a key",
        "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n"
        "-----END PUBLIC KEY-----\n",
        /* An Ed25519 public key: valid PEM, not RSA. */
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
        "-----END PUBLIC KEY-----\n",
    };
    unsigned char nonce[20] = { 0 };
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sqlx_err_clear(&err);
        cr_assert_eq(
            sqlx_my_sha2_rsa_encrypt("secret", nonce, 20, bad[i], strlen(bad[i]), &out, &err),
            SQLX_EINVAL, "key %zu", i);
        cr_assert(strstr(err.message, "RSA public key"), "%s", err.message);
        cr_assert_eq(out.len, 0);
    }
    /* A key cut short, and a PEM without its NUL terminator inside a larger buffer. */
    struct keypair kp;
    make_keypair(&kp, 2048);
    cr_assert_eq(sqlx_my_sha2_rsa_encrypt("secret", nonce, 20, kp.pub, kp.pub_len / 2, &out, &err),
                 SQLX_EINVAL);
    char *copy = malloc(kp.pub_len + 100);
    memcpy(copy, kp.pub, kp.pub_len);
    memset(copy + kp.pub_len, 'Z', 100);
    cr_assert_eq(sqlx_my_sha2_rsa_encrypt("secret", nonce, 20, copy, kp.pub_len, &out, &err), 0,
                 "%s", err.message);
    cr_assert_eq(out.len, 256);
    cr_assert_eq(sqlx_my_sha2_rsa_encrypt("secret", nonce, 0, kp.pub, kp.pub_len, &out, &err),
                 SQLX_EINVAL, "an empty nonce is refused");
    free(copy);
    free_keypair(&kp);
    sqlx_buf_free(&out);
}
