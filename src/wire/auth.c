/* Client side of SCRAM-SHA-256 (RFC 5802 / RFC 7677, optional tls-server-end-point channel
 * binding), PostgreSQL's SASLprep of the password, PostgreSQL MD5 password hashing, and the MySQL
 * family's scrambles (mysql_native_password, caching_sha2_password fast and RSA full auth, MariaDB
 * client_ed25519; see the section at the end), all with OpenSSL's libcrypto. Pure functions
 * over bytes: no sockets, no message framing. Secrets (salted password, keys, the prepared
 * password) are wiped with OPENSSL_cleanse once no longer needed.
 *
 * Exchange (RFC 5802 section 3), as bytes the engine carries in SASL messages:
 *   client-first  gs2-header "n=" user ",r=" cnonce        gs2-header "n,," or "p=tls-server-end-point,,"
 *   server-first  "r=" cnonce snonce ",s=" b64(salt) ",i=" iterations [",..." extensions]
 *   client-final  "c=" b64(gs2-header cbind-data) ",r=" cnonce snonce ",p=" b64(ClientProof)
 *   server-final  "v=" b64(ServerSignature)  or  "e=" server-error
 * Messages are appended to the caller's buffer. Server messages are parsed strictly (attribute
 * order, canonical base64, printable nonce, no NUL, at most SCRAM_MAX_SERVER_MSG bytes); malformed
 * ones are SQLX_EINVAL, an "e=" from the server SQLX_EENGINE, a wrong server signature SQLX_EINVAL.
 */
#include "wire/auth.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/sha.h"

#define SCRAM_KEY_LEN 32
#define GS2_NONE "n,,"
#define GS2_CBIND "p=tls-server-end-point,,"
/* Server messages longer than this are refused: PostgreSQL's server-first is about 90 bytes. */
#define SCRAM_MAX_SERVER_MSG 8192
/* Iteration counts accepted from the server. PostgreSQL's scram_iterations defaults to 4096 and
 * may be set as low as 1, which libpq accepts, so we do too. The ceiling is ours: PBKDF2 at
 * 10,000,000 rounds already costs a few seconds of CPU, and a hostile server could otherwise pin a
 * core for minutes per connection attempt. */
#define SCRAM_MIN_ITERATIONS 1
#define SCRAM_MAX_ITERATIONS 10000000L

/* ---- base64 (RFC 4648, padded), strict on input ---- */

/* Appends base64 of at most B64_MAX_IN bytes (gs2 header + channel binding, or a proof). */
#define B64_MAX_IN 128
static void b64_put(struct sqlx_buf *out, const unsigned char *p, size_t n)
{
    unsigned char tmp[4 * ((B64_MAX_IN + 2) / 3) + 1];
    if (n > B64_MAX_IN) {
        out->failed = true;
        return;
    }
    int len = EVP_EncodeBlock(tmp, p, (int)n);
    sqlx_buf_put(out, tmp, (size_t)(len > 0 ? len : 0));
}

static bool b64_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

/* Decodes padded base64 of exactly n characters into out (sqlx_malloc'd, *out_len bytes).
 * Returns false on any character outside the alphabet, misplaced padding or a bad length. */
static bool b64_decode(const char *p, size_t n, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (n == 0 || n % 4 != 0 || n > SCRAM_MAX_SERVER_MSG)
        return false;
    size_t pad = 0;
    if (p[n - 1] == '=')
        pad = p[n - 2] == '=' ? 2 : 1;
    for (size_t i = 0; i < n - pad; i++)
        if (!b64_char((unsigned char)p[i]))
            return false;
    /* Canonical form only: the bits a padded final group drops must be zero, so that no two
     * strings decode to the same bytes (a flipped padding bit is a different signature). */
    if (pad) {
        static const char alphabet[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        size_t v = (size_t)(strchr(alphabet, p[n - pad - 1]) - alphabet);
        if (v & (pad == 1 ? 0x3u : 0xFu))
            return false;
    }
    unsigned char *buf = sqlx_malloc(n / 4 * 3 + 1);
    int len = EVP_DecodeBlock(buf, (const unsigned char *)p, (int)n);
    if (len < 0 || (size_t)len < pad) {
        sqlx_free(buf);
        return false;
    }
    *out = buf;
    *out_len = (size_t)len - pad;
    return true;
}

/* ---- SASLprep (RFC 4013), PostgreSQL flavour ----
 *
 * PostgreSQL (src/common/saslprep.c) prepares the password as follows, and on any failure uses
 * the raw bytes unchanged; the server did the same when it stored the verifier, so the client
 * must match it exactly, not merely "do SASLprep":
 *   1. pure ASCII: used as is (even control characters);
 *   2. not valid UTF-8: raw bytes;
 *   3. map non-ASCII spaces (RFC 3454 C.1.2) to U+0020, then drop B.1 "mapped to nothing";
 *   4. empty result: raw bytes;
 *   5. NFKC; prohibited (C.1.2-C.9), unassigned in Unicode 3.2 (A.1) or bidi violations: raw.
 * Without Unicode tables we cannot run NFKC in general. What is covered exactly: steps 1-4, ASCII
 * controls (prohibited, so raw), and strings whose every remaining character lies in
 * `nfkc_stable` below: characters assigned in Unicode 3.2 that NFKC leaves alone in any context
 * (no compatibility decomposition, never combining, never the second half of a composition) and
 * are neither prohibited nor right-to-left, plus the full-width forms of ASCII (U+FF01-U+FF5E),
 * which NFKC maps to ASCII by a fixed offset. Any other character makes us fall back to the raw
 * bytes. That still matches PostgreSQL whenever the password needs no mapping and is already in
 * NFKC (typed passwords in most scripts), or contains a prohibited or unassigned character; it
 * differs only for passwords that both contain such a character and need mapping or normalising
 * (for example a compatibility ligature such as U+0133, a decomposed accent, half-width Katakana).
 * These cases were checked against a PostgreSQL 15 server, which computes the stored verifier
 * with its own SASLprep. */

struct cp_range {
    uint32_t lo, hi;
};

static const struct cp_range non_ascii_space[] = {
    { 0x00A0, 0x00A0 }, { 0x1680, 0x1680 }, { 0x2000, 0x200B },
    { 0x202F, 0x202F }, { 0x205F, 0x205F }, { 0x3000, 0x3000 },
};

static const struct cp_range mapped_to_nothing[] = {
    { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x1806, 0x1806 }, { 0x180B, 0x180D },
    { 0x200B, 0x200D }, { 0x2060, 0x2060 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF },
};

static const struct cp_range nfkc_stable[] = {
    { 0x00A1, 0x00A7 }, /* Latin-1 punctuation and signs without decompositions */
    { 0x00A9, 0x00A9 }, { 0x00AB, 0x00AC }, { 0x00AE, 0x00AE }, { 0x00B0, 0x00B1 },
    { 0x00B6, 0x00B7 }, { 0x00BB, 0x00BB },
    { 0x00BF, 0x00FF }, /* Latin-1 letters, precomposed ones recompose to themselves */
    { 0x0100, 0x0131 }, /* Latin Extended-A minus the compatibility ligatures and long s */
    { 0x0134, 0x013E }, { 0x0141, 0x0148 }, { 0x014A, 0x017E },
    { 0x0391, 0x03A1 }, /* basic Greek capitals and small letters */
    { 0x03A3, 0x03A9 }, { 0x03B1, 0x03C9 },
    { 0x0400, 0x045F }, /* basic Cyrillic */
    { 0x20AC, 0x20AC }, /* euro sign */
    { 0x3041, 0x3093 }, /* Hiragana letters (not the voicing marks) */
    { 0x30A1, 0x30F6 }, /* Katakana letters */
    { 0x4E00, 0x9FA5 }, /* CJK unified ideographs assigned in Unicode 3.2 */
    { 0xAC00, 0xD7A3 }, /* precomposed Hangul syllables */
};

static bool in_table(uint32_t c, const struct cp_range *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (c >= t[i].lo && c <= t[i].hi)
            return true;
    return false;
}

#define IN_TABLE(c, t) in_table((c), (t), sizeof(t) / sizeof((t)[0]))

/* Decodes one UTF-8 sequence at p (n bytes left), rejecting overlong forms, surrogates and code
 * points above U+10FFFF. Returns its length, 0 when invalid. */
static size_t utf8_next(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned char b = p[0];
    size_t len;
    uint32_t c, min;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        len = 2, c = b & 0x1F, min = 0x80;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3, c = b & 0x0F, min = 0x800;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4, c = b & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static void utf8_put(struct sqlx_buf *b, uint32_t c)
{
    char u[4];
    if (c < 0x80) {
        sqlx_buf_putc(b, (char)c);
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        sqlx_buf_put(b, u, 2);
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        sqlx_buf_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        sqlx_buf_put(b, u, 4);
    }
}

/* Writes the prepared password (see the comment above) to out, which must be empty. Returns true
 * when SASLprep applied, false when out holds the raw bytes instead. */
static bool saslprep(const char *pw, struct sqlx_buf *out)
{
    const unsigned char *p = (const unsigned char *)pw;
    size_t n = strlen(pw);
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        ascii = ascii && p[i] < 0x80;
    if (ascii)
        goto out_raw;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t len = utf8_next(p + i, n - i, &c);
        if (len == 0)
            goto out_raw;
        i += len;
        if (IN_TABLE(c, non_ascii_space))
            c = 0x20;
        else if (IN_TABLE(c, mapped_to_nothing))
            continue;
        else if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFEE0; /* NFKC of a full-width ASCII form is the ASCII character */
        if (c < 0x80 ? (c < 0x20 || c == 0x7F) : !IN_TABLE(c, nfkc_stable))
            goto out_raw;
        utf8_put(out, c);
    }
    if (out->len > 0 && !out->failed)
        return true;
out_raw:
    if (out->data)
        OPENSSL_cleanse(out->data, out->cap);
    sqlx_buf_reset(out);
    sqlx_buf_put(out, pw, n);
    return false;
}

/* ---- SCRAM-SHA-256 ---- */

static bool nonce_char(unsigned char c)
{
    return c >= 0x21 && c <= 0x7E && c != ',';
}

int sqlx_scram_start(struct sqlx_scram *s, const char *user, const char *nonce,
                     const unsigned char *cbind, size_t cbind_len, struct sqlx_buf *out,
                     struct sqlx_err *err)
{
    memset(s, 0, sizeof *s);
    if (cbind_len > sizeof s->cbind)
        return sqlx_err_set(err, SQLX_EINVAL, "channel binding data too long (%zu bytes, at most %zu)",
                            cbind_len, sizeof s->cbind);
    if (nonce) {
        size_t n = strlen(nonce);
        if (n == 0 || n >= sizeof s->nonce)
            return sqlx_err_set(err, SQLX_EINVAL, "invalid SCRAM client nonce length %zu", n);
        for (size_t i = 0; i < n; i++)
            if (!nonce_char((unsigned char)nonce[i]))
                return sqlx_err_set(err, SQLX_EINVAL, "invalid character in SCRAM client nonce");
        memcpy(s->nonce, nonce, n + 1);
    } else {
        unsigned char raw[24];
        if (RAND_bytes(raw, sizeof raw) != 1)
            return sqlx_err_set(err, SQLX_EINTERNAL, "could not generate a SCRAM nonce");
        EVP_EncodeBlock((unsigned char *)s->nonce, raw, sizeof raw); /* 32 characters */
    }
    s->gs2_header = cbind_len > 0 ? GS2_CBIND : GS2_NONE;
    if (cbind_len > 0) {
        memcpy(s->cbind, cbind, cbind_len);
        s->cbind_len = cbind_len;
    }

    struct sqlx_buf bare;
    sqlx_buf_init(&bare, 0);
    sqlx_buf_puts(&bare, "n=");
    for (const char *u = user ? user : ""; *u; u++) {
        if (*u == ',')
            sqlx_buf_puts(&bare, "=2C");
        else if (*u == '=')
            sqlx_buf_puts(&bare, "=3D");
        else
            sqlx_buf_putc(&bare, *u);
    }
    sqlx_buf_puts(&bare, ",r=");
    sqlx_buf_puts(&bare, s->nonce);
    s->client_first_bare = sqlx_buf_steal(&bare);

    sqlx_buf_puts(out, s->gs2_header);
    sqlx_buf_puts(out, s->client_first_bare);
    if (out->failed)
        return sqlx_err_set(err, SQLX_ETOOBIG, "SCRAM client-first-message does not fit the output buffer");
    return 0;
}

/* Takes the value of attribute `name` at *p (up to the next ',' or end); advances past it. */
static bool take_attr(const char **p, const char *end, char name, struct sqlx_str *val)
{
    const char *q = *p;
    if (end - q < 2 || q[0] != name || q[1] != '=')
        return false;
    q += 2;
    const char *comma = memchr(q, ',', (size_t)(end - q));
    const char *stop = comma ? comma : end;
    val->ptr = q;
    val->len = (size_t)(stop - q);
    *p = comma ? comma + 1 : end;
    return true;
}

static int server_error(const char *what, const char *p, size_t n, struct sqlx_err *err)
{
    /* The server's error is a short token like "invalid-proof"; print only safe characters. */
    char msg[64];
    size_t k = 0;
    for (size_t i = 2; i < n && p[i] != ',' && k + 1 < sizeof msg; i++)
        msg[k++] = (p[i] >= 0x20 && p[i] < 0x7F) ? p[i] : '?';
    msg[k] = '\0';
    return sqlx_err_set(err, SQLX_EENGINE, "SCRAM authentication failed: server reported \"%s\" in %s",
                        msg, what);
}

static int bad_msg(struct sqlx_err *err, const char *what, const char *why)
{
    return sqlx_err_set(err, SQLX_EINVAL, "invalid SCRAM %s: %s", what, why);
}

static bool parse_iterations(struct sqlx_str v, long *out)
{
    long it = 0;
    if (v.len == 0 || v.len > 9)
        return false;
    for (size_t i = 0; i < v.len; i++) {
        if (v.ptr[i] < '0' || v.ptr[i] > '9')
            return false;
        it = it * 10 + (v.ptr[i] - '0');
    }
    *out = it;
    return true;
}

/* SaltedPassword, ClientKey, StoredKey and ServerKey (RFC 5802 section 3). */
static int derive_keys(struct sqlx_scram *s, const char *password, const unsigned char *salt,
                       size_t salt_len, long iterations, unsigned char client_key[SCRAM_KEY_LEN],
                       unsigned char stored_key[SCRAM_KEY_LEN], struct sqlx_err *err)
{
    struct sqlx_buf pw;
    sqlx_buf_init(&pw, 0);
    saslprep(password ? password : "", &pw);
    int ok = PKCS5_PBKDF2_HMAC(pw.len ? pw.data : "", (int)pw.len, salt, (int)salt_len,
                               (int)iterations, EVP_sha256(), SCRAM_KEY_LEN, s->salted);
    if (pw.data)
        OPENSSL_cleanse(pw.data, pw.cap);
    sqlx_buf_free(&pw);
    unsigned int len = 0;
    ok = ok && HMAC(EVP_sha256(), s->salted, SCRAM_KEY_LEN, (const unsigned char *)"Client Key", 10,
                    client_key, &len);
    ok = ok && EVP_Digest(client_key, SCRAM_KEY_LEN, stored_key, NULL, EVP_sha256(), NULL);
    ok = ok && HMAC(EVP_sha256(), s->salted, SCRAM_KEY_LEN, (const unsigned char *)"Server Key", 10,
                    s->server_key, &len);
    if (!ok)
        return sqlx_err_set(err, SQLX_EINTERNAL, "could not derive SCRAM keys");
    return 0;
}

int sqlx_scram_continue(struct sqlx_scram *s, const char *password, const char *server_first,
                        size_t n, struct sqlx_buf *out, struct sqlx_err *err)
{
    static const char what[] = "server-first-message";
    if (!s->client_first_bare || s->auth_message)
        return sqlx_err_set(err, SQLX_EINVAL, "SCRAM exchange is not waiting for a server-first-message");
    if (n > SCRAM_MAX_SERVER_MSG)
        return sqlx_err_set(err, SQLX_ETOOBIG, "SCRAM server-first-message too long (%zu bytes)", n);
    if (!server_first || memchr(server_first, '\0', n))
        return bad_msg(err, what, "contains a NUL byte");
    const char *p = server_first, *end = server_first + n;
    if (n >= 2 && p[0] == 'e' && p[1] == '=')
        return server_error(what, p, n, err);
    if (n >= 2 && p[0] == 'm' && p[1] == '=')
        return bad_msg(err, what, "unsupported mandatory extension");

    struct sqlx_str rv, sv, iv;
    if (!take_attr(&p, end, 'r', &rv))
        return bad_msg(err, what, "missing nonce");
    if (!take_attr(&p, end, 's', &sv))
        return bad_msg(err, what, "missing salt");
    if (!take_attr(&p, end, 'i', &iv))
        return bad_msg(err, what, "missing iteration count");
    size_t cn = strlen(s->nonce);
    if (rv.len <= cn || memcmp(rv.ptr, s->nonce, cn) != 0)
        return bad_msg(err, what, "server nonce does not start with the client nonce");
    for (size_t i = 0; i < rv.len; i++)
        if (!nonce_char((unsigned char)rv.ptr[i]))
            return bad_msg(err, what, "invalid character in nonce");
    long iterations = 0;
    if (!parse_iterations(iv, &iterations) || iterations < SCRAM_MIN_ITERATIONS ||
        iterations > SCRAM_MAX_ITERATIONS)
        return sqlx_err_set(err, SQLX_EINVAL, "invalid SCRAM %s: iteration count \"%.*s\" is outside 1..%ld",
                            what, (int)(iv.len > 20 ? 20 : iv.len), iv.ptr, SCRAM_MAX_ITERATIONS);
    unsigned char *salt;
    size_t salt_len;
    if (!b64_decode(sv.ptr, sv.len, &salt, &salt_len) || salt_len == 0) {
        sqlx_free(salt);
        return bad_msg(err, what, "salt is not valid base64");
    }

    unsigned char client_key[SCRAM_KEY_LEN], stored_key[SCRAM_KEY_LEN], sig[SCRAM_KEY_LEN];
    int rc = derive_keys(s, password, salt, salt_len, iterations, client_key, stored_key, err);
    sqlx_free(salt);
    if (rc < 0)
        goto out_wipe;

    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    unsigned char cb[sizeof GS2_CBIND + sizeof s->cbind];
    size_t gl = strlen(s->gs2_header);
    memcpy(cb, s->gs2_header, gl);
    memcpy(cb + gl, s->cbind, s->cbind_len);
    sqlx_buf_puts(&b, "c=");
    b64_put(&b, cb, gl + s->cbind_len);
    sqlx_buf_puts(&b, ",r=");
    sqlx_buf_put(&b, rv.ptr, rv.len);
    s->client_final_wo_proof = sqlx_buf_steal(&b);
    s->server_first = sqlx_strndup(server_first, n);

    sqlx_buf_printf(&b, "%s,%s,%s", s->client_first_bare, s->server_first,
                    s->client_final_wo_proof);
    s->auth_message = sqlx_buf_steal(&b);

    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), stored_key, SCRAM_KEY_LEN, (const unsigned char *)s->auth_message,
              strlen(s->auth_message), sig, &len)) {
        rc = sqlx_err_set(err, SQLX_EINTERNAL, "could not compute the SCRAM client signature");
        goto out_wipe;
    }
    for (size_t i = 0; i < SCRAM_KEY_LEN; i++)
        sig[i] ^= client_key[i]; /* ClientProof = ClientKey XOR ClientSignature */
    sqlx_buf_puts(out, s->client_final_wo_proof);
    sqlx_buf_puts(out, ",p=");
    b64_put(out, sig, SCRAM_KEY_LEN);
    rc = out->failed ? sqlx_err_set(err, SQLX_ETOOBIG, "SCRAM client-final-message does not fit the output buffer")
                     : 0;
out_wipe:
    OPENSSL_cleanse(client_key, sizeof client_key);
    OPENSSL_cleanse(stored_key, sizeof stored_key);
    OPENSSL_cleanse(sig, sizeof sig);
    return rc;
}

int sqlx_scram_finish(struct sqlx_scram *s, const char *server_final, size_t n,
                      struct sqlx_err *err)
{
    static const char what[] = "server-final-message";
    if (!s->auth_message)
        return sqlx_err_set(err, SQLX_EINVAL, "SCRAM exchange is not waiting for a server-final-message");
    if (n > SCRAM_MAX_SERVER_MSG)
        return sqlx_err_set(err, SQLX_ETOOBIG, "SCRAM server-final-message too long (%zu bytes)", n);
    if (!server_final || memchr(server_final, '\0', n))
        return bad_msg(err, what, "contains a NUL byte");
    const char *p = server_final, *end = server_final + n;
    if (n >= 2 && p[0] == 'e' && p[1] == '=')
        return server_error(what, p, n, err);
    struct sqlx_str v;
    if (!take_attr(&p, end, 'v', &v))
        return bad_msg(err, what, "missing server signature");
    unsigned char *got;
    size_t got_len;
    if (!b64_decode(v.ptr, v.len, &got, &got_len)) {
        sqlx_free(got);
        return bad_msg(err, what, "server signature is not valid base64");
    }
    unsigned char want[SCRAM_KEY_LEN];
    unsigned int len = 0;
    int rc = 0;
    if (!HMAC(EVP_sha256(), s->server_key, SCRAM_KEY_LEN, (const unsigned char *)s->auth_message,
              strlen(s->auth_message), want, &len))
        rc = sqlx_err_set(err, SQLX_EINTERNAL, "could not compute the SCRAM server signature");
    else if (got_len != SCRAM_KEY_LEN || CRYPTO_memcmp(got, want, SCRAM_KEY_LEN) != 0)
        rc = sqlx_err_set(err, SQLX_EINVAL, "SCRAM authentication failed: incorrect server signature");
    if (rc == SQLX_EINVAL)
        sqlx_err_detail(err, "The server could not prove that it knows the password; it may not be the server it claims to be.");
    OPENSSL_cleanse(want, sizeof want);
    sqlx_free(got);
    return rc;
}

static void free_secret_str(char **p)
{
    if (*p) {
        OPENSSL_cleanse(*p, strlen(*p));
        sqlx_free(*p);
        *p = NULL;
    }
}

void sqlx_scram_free(struct sqlx_scram *s)
{
    if (!s)
        return;
    free_secret_str(&s->client_first_bare);
    free_secret_str(&s->client_final_wo_proof);
    free_secret_str(&s->server_first);
    free_secret_str(&s->auth_message);
    OPENSSL_cleanse(s, sizeof *s);
}

/* ---- PostgreSQL MD5 ---- */

static void hex32(const unsigned char d[16], char out[32])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < 16; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
}

/* On a libcrypto without MD5 (FIPS mode) out is left as the empty string, which no server accepts
 * as an md5 response, so the failure surfaces as an authentication error. */
void sqlx_pg_md5(const char *user, const char *password, const unsigned char salt[4], char out[36])
{
    unsigned char d[16];
    char inner[32];
    unsigned int len = 0;
    out[0] = '\0';
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        return;
    bool ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL) &&
              EVP_DigestUpdate(ctx, password, strlen(password)) &&
              EVP_DigestUpdate(ctx, user, strlen(user)) && EVP_DigestFinal_ex(ctx, d, &len);
    if (ok)
        hex32(d, inner);
    ok = ok && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) && EVP_DigestUpdate(ctx, inner, 32) &&
         EVP_DigestUpdate(ctx, salt, 4) && EVP_DigestFinal_ex(ctx, d, &len);
    if (ok) {
        memcpy(out, "md5", 3);
        hex32(d, out + 3);
        out[35] = '\0';
    }
    EVP_MD_CTX_free(ctx);
    OPENSSL_cleanse(inner, sizeof inner);
    OPENSSL_cleanse(d, sizeof d);
}

/* ---- MySQL family: mysql_native_password and caching_sha2_password ----
 * Both scrambles XOR a hash of the password with a hash that mixes in the server nonce, so the
 * password never crosses the wire. The hashes are wire/sha.c's own: a plain connection then
 * never starts libcrypto's providers (about 2 MB resident; libmariadb's connect costs less). */

size_t sqlx_my_native_scramble(const char *password, const unsigned char nonce[20],
                               unsigned char out[20])
{
    uint8_t h1[SQLX_SHA1_LEN], h2[SQLX_SHA1_LEN], h3[SQLX_SHA1_LEN];
    struct sqlx_sha s;
    size_t n = password ? strlen(password) : 0;
    if (n == 0)
        return 0;
    /* h1 = SHA1(pw), h2 = SHA1(h1), h3 = SHA1(nonce || h2), out = h1 XOR h3 */
    sqlx_sha1_init(&s);
    sqlx_sha1_update(&s, password, n);
    sqlx_sha1_final(&s, h1);
    sqlx_sha1_init(&s);
    sqlx_sha1_update(&s, h1, sizeof h1);
    sqlx_sha1_final(&s, h2);
    sqlx_sha1_init(&s);
    sqlx_sha1_update(&s, nonce, SQLX_MY_NONCE_LEN);
    sqlx_sha1_update(&s, h2, sizeof h2);
    sqlx_sha1_final(&s, h3);
    for (int i = 0; i < SQLX_SHA1_LEN; i++)
        out[i] = h1[i] ^ h3[i];
    explicit_bzero(h1, sizeof h1);
    explicit_bzero(h2, sizeof h2);
    explicit_bzero(h3, sizeof h3);
    return SQLX_MY_NATIVE_LEN;
}

size_t sqlx_my_sha2_scramble(const char *password, const unsigned char nonce[20],
                             unsigned char out[32])
{
    uint8_t h1[SQLX_SHA256_LEN], h2[SQLX_SHA256_LEN], h3[SQLX_SHA256_LEN];
    struct sqlx_sha s;
    size_t n = password ? strlen(password) : 0;
    if (n == 0)
        return 0;
    /* h1 = SHA256(pw), h2 = SHA256(h1), h3 = SHA256(h2 || nonce), out = h1 XOR h3 */
    sqlx_sha256_init(&s);
    sqlx_sha256_update(&s, password, n);
    sqlx_sha256_final(&s, h1);
    sqlx_sha256_init(&s);
    sqlx_sha256_update(&s, h1, sizeof h1);
    sqlx_sha256_final(&s, h2);
    sqlx_sha256_init(&s);
    sqlx_sha256_update(&s, h2, sizeof h2);
    sqlx_sha256_update(&s, nonce, SQLX_MY_NONCE_LEN);
    sqlx_sha256_final(&s, h3);
    for (int i = 0; i < SQLX_SHA256_LEN; i++)
        out[i] = h1[i] ^ h3[i];
    explicit_bzero(h1, sizeof h1);
    explicit_bzero(h2, sizeof h2);
    explicit_bzero(h3, sizeof h3);
    return SQLX_MY_SHA2_LEN;
}

/* A server public key is a few hundred bytes of PEM (4096-bit RSA: about 800). */
#define MY_PEM_MAX       16384
/* RSA-OAEP with SHA-1 adds 2 * 20 + 2 bytes of padding. */
#define MY_OAEP_OVERHEAD 42

static EVP_PKEY *load_public_pem(const char *pem, size_t pem_len)
{
    EVP_PKEY *pkey = NULL;
    const unsigned char *data = (const unsigned char *)pem;
    size_t len = pem_len;
    OSSL_DECODER_CTX *dctx = OSSL_DECODER_CTX_new_for_pkey(
        &pkey, "PEM", NULL, "RSA", OSSL_KEYMGMT_SELECT_PUBLIC_KEY, NULL, NULL);
    if (!dctx)
        return NULL;
    if (!OSSL_DECODER_from_data(dctx, &data, &len)) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    OSSL_DECODER_CTX_free(dctx);
    return pkey;
}

int sqlx_my_sha2_rsa_encrypt(const char *password, const unsigned char *nonce, size_t nonce_len,
                             const char *pem, size_t pem_len, struct sqlx_buf *out,
                             struct sqlx_err *err)
{
    int rc = 0;
    size_t pw_len = password ? strlen(password) : 0;
    unsigned char *plain = NULL, *cipher = NULL;
    size_t cipher_len = 0;
    EVP_PKEY_CTX *ctx = NULL;
    if (!nonce || nonce_len == 0)
        return sqlx_err_set(err, SQLX_EINVAL, "server sent an empty authentication nonce");
    if (!pem || pem_len == 0 || pem_len > MY_PEM_MAX)
        return sqlx_err_set(err, SQLX_EINVAL, "server sent an invalid RSA public key");
    EVP_PKEY *pkey = load_public_pem(pem, pem_len);
    if (!pkey || !EVP_PKEY_is_a(pkey, "RSA")) {
        rc = sqlx_err_set(err, SQLX_EINVAL, "server sent an invalid RSA public key");
        sqlx_err_detail(err, "The key is not a PEM-encoded RSA public key.");
        goto out_free_key;
    }
    size_t key_size = (size_t)EVP_PKEY_get_size(pkey);
    if (key_size <= MY_OAEP_OVERHEAD || pw_len + 1 > key_size - MY_OAEP_OVERHEAD) {
        rc = sqlx_err_set(err, SQLX_ETOOBIG, "password is too long for the server's RSA key");
        sqlx_err_detail(err, "A %zu-bit key can carry a password of at most %zu bytes.",
                        key_size * 8,
                        key_size > MY_OAEP_OVERHEAD ? key_size - MY_OAEP_OVERHEAD - 1 : 0);
        goto out_free_key;
    }
    /* (password || NUL) XOR nonce, the nonce repeated as often as needed. */
    plain = sqlx_malloc(pw_len + 1);
    for (size_t i = 0; i <= pw_len; i++)
        plain[i] = (unsigned char)(i < pw_len ? password[i] : 0) ^ nonce[i % nonce_len];
    ctx = EVP_PKEY_CTX_new(pkey, NULL);
    cipher_len = key_size;
    cipher = sqlx_malloc(key_size);
    if (!ctx || EVP_PKEY_encrypt_init(ctx) <= 0 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) <= 0 ||
        EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) <= 0 ||
        EVP_PKEY_encrypt(ctx, cipher, &cipher_len, plain, pw_len + 1) <= 0) {
        rc = sqlx_err_set(err, SQLX_EINTERNAL,
                          "could not encrypt the password with the server's RSA key");
        goto out_free_ctx;
    }
    sqlx_buf_put(out, cipher, cipher_len);
    if (out->failed)
        rc = sqlx_err_set(err, SQLX_ETOOBIG, "authentication response is too large");
out_free_ctx:
    EVP_PKEY_CTX_free(ctx);
    OPENSSL_cleanse(plain, pw_len + 1);
    sqlx_free(plain);
    sqlx_free(cipher);
out_free_key:
    EVP_PKEY_free(pkey);
    return rc;
}

/* ---- MariaDB client_ed25519 ----
 * OpenSSL's Ed25519 (EVP) only signs with a 32-byte RFC 8032 seed, which it hashes itself;
 * MariaDB instead takes az = SHA-512(password) as the expanded key. So the signature is computed
 * here from the RFC 8032 formulas with BIGNUM arithmetic:
 *   a = clamp(az[0..32]) (little-endian), A = a*B;  r = SHA-512(az[32..64] || M) mod L, R = r*B;
 *   k = SHA-512(R || A || M) mod L;  S = (r + k*a) mod L;  signature = R || S (S little-endian).
 * Points use extended twisted Edwards coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, xy = T/Z, with
 * the unified addition of Hisil et al. (complete for a = -1), so doubling is an addition too.
 * BIGNUM arithmetic is not constant-time; a client signs once per connection with a key the
 * server already knows the public half of, and a timing attacker would have to sit on the client
 * host, which is accepted here. */

/* Curve constants, big-endian hex: p = 2^255 - 19, group order L, base point B. */
#define ED_P  "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed"
#define ED_L  "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed"
#define ED_BX "216936d3cd6e53fec0a4e231fdd6dc5c692cc7609525a7b2c9562d608f25d51a"
#define ED_BY "6666666666666666666666666666666666666666666666666666666666666658"

struct ed_pt {
    BIGNUM *x, *y, *z, *t; /* extended coordinates */
};

struct ed_ctx {
    BN_CTX *bn;      /* temporaries */
    BIGNUM *p;       /* field prime */
    BIGNUM *l;       /* group order */
    BIGNUM *d2;      /* 2d mod p, d = -121665/121666 */
    struct ed_pt b;  /* base point */
    BIGNUM *tmp[10]; /* scratch for ed_add */
};

static bool pt_new(struct ed_pt *q)
{
    q->x = BN_new();
    q->y = BN_new();
    q->z = BN_new();
    q->t = BN_new();
    return q->x && q->y && q->z && q->t;
}

static void pt_free(struct ed_pt *q)
{
    BN_clear_free(q->x);
    BN_clear_free(q->y);
    BN_clear_free(q->z);
    BN_clear_free(q->t);
}

static bool pt_copy(struct ed_pt *r, const struct ed_pt *a)
{
    return BN_copy(r->x, a->x) && BN_copy(r->y, a->y) && BN_copy(r->z, a->z) && BN_copy(r->t, a->t);
}

static void pt_swap(struct ed_pt *a, struct ed_pt *b)
{
    struct ed_pt tmp = *a;
    *a = *b;
    *b = tmp;
}

static void ed_ctx_free(struct ed_ctx *c)
{
    BN_CTX_free(c->bn);
    BN_free(c->p);
    BN_free(c->l);
    BN_free(c->d2);
    pt_free(&c->b);
    for (size_t i = 0; i < sizeof c->tmp / sizeof c->tmp[0]; i++)
        BN_clear_free(c->tmp[i]);
}

/* c must be zeroed; ed_ctx_free releases whatever was made even when this fails. */
static bool ed_ctx_init(struct ed_ctx *c)
{
    bool ok = (c->bn = BN_CTX_new()) && pt_new(&c->b) && BN_hex2bn(&c->p, ED_P) &&
              BN_hex2bn(&c->l, ED_L) && BN_hex2bn(&c->b.x, ED_BX) && BN_hex2bn(&c->b.y, ED_BY) &&
              BN_one(c->b.z) && BN_mod_mul(c->b.t, c->b.x, c->b.y, c->p, c->bn);
    for (size_t i = 0; ok && i < sizeof c->tmp / sizeof c->tmp[0]; i++)
        ok = (c->tmp[i] = BN_new()) != NULL;
    /* d2 = 2 * (-121665) * 121666^-1 mod p */
    BIGNUM *num = BN_new(), *den = BN_new();
    ok = ok && num && den && (c->d2 = BN_new()) && BN_set_word(num, 121665) &&
         BN_sub(num, c->p, num) && BN_set_word(den, 121666) &&
         BN_mod_inverse(den, den, c->p, c->bn) && BN_mod_mul(c->d2, num, den, c->p, c->bn) &&
         BN_mod_add(c->d2, c->d2, c->d2, c->p, c->bn);
    BN_free(num);
    BN_free(den);
    return ok;
}

/* r = a + b (r may be a or b). */
static bool ed_add(struct ed_ctx *c, struct ed_pt *r, const struct ed_pt *a, const struct ed_pt *b)
{
    BIGNUM **t = c->tmp;
    BIGNUM *A = t[0], *B = t[1], *C = t[2], *D = t[3], *E = t[4], *F = t[5], *G = t[6], *H = t[7],
           *u = t[8], *v = t[9];
    const BIGNUM *p = c->p;
    BN_CTX *bn = c->bn;
    return BN_mod_sub(u, a->y, a->x, p, bn) && BN_mod_sub(v, b->y, b->x, p, bn) &&
           BN_mod_mul(A, u, v, p, bn) && /* A = (Y1-X1)(Y2-X2) */
           BN_mod_add(u, a->y, a->x, p, bn) && BN_mod_add(v, b->y, b->x, p, bn) &&
           BN_mod_mul(B, u, v, p, bn) && /* B = (Y1+X1)(Y2+X2) */
           BN_mod_mul(u, a->t, b->t, p, bn) && BN_mod_mul(C, u, c->d2, p, bn) && /* C = 2d T1 T2 */
           BN_mod_mul(u, a->z, b->z, p, bn) && BN_mod_add(D, u, u, p, bn) &&     /* D = 2 Z1 Z2 */
           BN_mod_sub(E, B, A, p, bn) && BN_mod_sub(F, D, C, p, bn) && BN_mod_add(G, D, C, p, bn) &&
           BN_mod_add(H, B, A, p, bn) && BN_mod_mul(r->x, E, F, p, bn) &&
           BN_mod_mul(r->y, G, H, p, bn) && BN_mod_mul(r->t, E, H, p, bn) &&
           BN_mod_mul(r->z, F, G, p, bn);
}

/* r = s * B for a scalar 0 <= s < 2^256 (Montgomery ladder over the 256 bits). */
static bool ed_mul_base(struct ed_ctx *c, struct ed_pt *r, const BIGNUM *s)
{
    struct ed_pt r0 = { 0 }, r1 = { 0 };
    bool ok = pt_new(&r0) && pt_new(&r1) && BN_set_word(r0.x, 0) && BN_one(r0.y) && BN_one(r0.z) &&
              BN_set_word(r0.t, 0) && pt_copy(&r1, &c->b);
    for (int i = 255; ok && i >= 0; i--) {
        bool bit = BN_is_bit_set(s, i);
        if (bit)
            pt_swap(&r0, &r1);
        ok = ed_add(c, &r1, &r0, &r1) && ed_add(c, &r0, &r0, &r0);
        if (bit)
            pt_swap(&r0, &r1);
    }
    ok = ok && pt_copy(r, &r0);
    pt_free(&r0);
    pt_free(&r1);
    return ok;
}

/* Point encoding: y little-endian, the sign (low bit) of x in the top bit. */
static bool ed_encode(struct ed_ctx *c, const struct ed_pt *q, unsigned char out[32])
{
    BIGNUM *zi = BN_new(), *x = BN_new(), *y = BN_new();
    bool ok = zi && x && y && BN_mod_inverse(zi, q->z, c->p, c->bn) &&
              BN_mod_mul(x, q->x, zi, c->p, c->bn) && BN_mod_mul(y, q->y, zi, c->p, c->bn) &&
              BN_bn2lebinpad(y, out, 32) == 32;
    if (ok && BN_is_odd(x))
        out[31] |= 0x80;
    BN_free(zi);
    BN_free(x);
    BN_free(y);
    return ok;
}

/* One libcrypto digest of a || b (SHA-512 for ed25519). */
static bool digest(const EVP_MD *md, const void *a, size_t an, const void *b, size_t bn,
                   unsigned char *out)
{
    unsigned int len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        return false;
    bool ok = EVP_DigestInit_ex(ctx, md, NULL) && EVP_DigestUpdate(ctx, a, an) &&
              (bn == 0 || EVP_DigestUpdate(ctx, b, bn)) && EVP_DigestFinal_ex(ctx, out, &len);
    EVP_MD_CTX_free(ctx);
    return ok;
}

/* SHA-512 of up to three parts, read as a little-endian number reduced mod L into r. */
static bool ed_hash_mod_l(struct ed_ctx *c, BIGNUM *r, const void *a, size_t an, const void *b,
                          size_t bn_len, const void *m, size_t mn)
{
    unsigned char h[64];
    unsigned int len = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    bool ok = md && EVP_DigestInit_ex(md, EVP_sha512(), NULL) && EVP_DigestUpdate(md, a, an) &&
              EVP_DigestUpdate(md, b, bn_len) && (mn == 0 || EVP_DigestUpdate(md, m, mn)) &&
              EVP_DigestFinal_ex(md, h, &len) && BN_lebin2bn(h, 64, r) &&
              BN_nnmod(r, r, c->l, c->bn);
    EVP_MD_CTX_free(md);
    OPENSSL_cleanse(h, sizeof h);
    return ok;
}

/* Derives az = SHA-512(password), the scalar a and the public key A (encoded). */
static bool ed_keys(struct ed_ctx *c, const char *password, unsigned char az[64], BIGNUM *a,
                    unsigned char pk[32])
{
    unsigned char s[32];
    struct ed_pt A = { 0 };
    size_t n = password ? strlen(password) : 0;
    if (!digest(EVP_sha512(), password ? password : "", n, NULL, 0, az))
        return false;
    memcpy(s, az, 32);
    s[0] &= 248;
    s[31] &= 127;
    s[31] |= 64;
    bool ok = BN_lebin2bn(s, 32, a) && pt_new(&A) && ed_mul_base(c, &A, a) && ed_encode(c, &A, pk);
    pt_free(&A);
    OPENSSL_cleanse(s, sizeof s);
    return ok;
}

int sqlx_my_ed25519_pubkey(const char *password, unsigned char pk[32], struct sqlx_err *err)
{
    struct ed_ctx c = { 0 };
    unsigned char az[64];
    BIGNUM *a = BN_secure_new();
    bool ok = a && ed_ctx_init(&c) && ed_keys(&c, password, az, a, pk);
    ed_ctx_free(&c);
    BN_clear_free(a);
    OPENSSL_cleanse(az, sizeof az);
    return ok ? 0 : sqlx_err_set(err, SQLX_EINTERNAL, "could not derive the ed25519 public key");
}

int sqlx_my_ed25519_sign(const char *password, const unsigned char *msg, size_t n,
                         unsigned char sig[64], struct sqlx_err *err)
{
    struct ed_ctx c = { 0 };
    struct ed_pt R = { 0 };
    unsigned char az[64], pk[32];
    BIGNUM *a = BN_secure_new(), *r = BN_secure_new(), *k = BN_new(), *s = BN_secure_new();
    bool ok = a && r && k && s && pt_new(&R) && ed_ctx_init(&c) && ed_keys(&c, password, az, a, pk);
    /* r = H(prefix || M); R = rB; k = H(R || A || M); S = r + k a (mod L) */
    ok = ok && ed_hash_mod_l(&c, r, az + 32, 32, msg, n, NULL, 0) && ed_mul_base(&c, &R, r) &&
         ed_encode(&c, &R, sig) && ed_hash_mod_l(&c, k, sig, 32, pk, 32, msg, n) &&
         BN_mod_mul(s, k, a, c.l, c.bn) && BN_mod_add(s, s, r, c.l, c.bn) &&
         BN_bn2lebinpad(s, sig + 32, 32) == 32;
    ed_ctx_free(&c);
    pt_free(&R);
    BN_clear_free(a);
    BN_clear_free(r);
    BN_free(k);
    BN_clear_free(s);
    OPENSSL_cleanse(az, sizeof az);
    if (!ok) {
        memset(sig, 0, 64);
        return sqlx_err_set(err, SQLX_EINTERNAL, "could not compute the ed25519 signature");
    }
    return 0;
}
