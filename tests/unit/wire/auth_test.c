/* Tests for src/wire/auth.c: the RFC 7677 SCRAM-SHA-256 exchange byte for byte (and the
 * PostgreSQL-shaped variant with an empty user), channel binding, user name escaping, SASLprep
 * mapping and its raw-bytes fallback, rejection of tampered, mismatched, malformed and random
 * server messages, and the PostgreSQL MD5 vectors. Expected proofs for the SASLprep cases were
 * computed independently with Python's hashlib/hmac over the prepared bytes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/err.h"
#include "wire/auth.h"

#define CNONCE "rOprNGfwEbeRWgbNEkqO"
#define SNONCE CNONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
#define SERVER_FIRST "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
#define FINAL_PREFIX "c=biws,r=" SNONCE ",p="

/* Runs start + continue with the RFC nonces and salt; returns the client-final-message. */
static char *exchange(struct sqlx_scram *s, const char *user, const char *password)
{
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(s, user, CNONCE, NULL, 0, &out, &err), 0, "%s", err.message);
    sqlx_buf_reset(&out);
    cr_assert_eq(sqlx_scram_continue(s, password, SERVER_FIRST, strlen(SERVER_FIRST), &out, &err), 0,
                 "%s", err.message);
    return sqlx_buf_steal(&out);
}

Test(scram, rfc7677_full_exchange)
{
    struct sqlx_scram s;
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, NULL, 0, &out, &err), 0, "%s", err.message);
    cr_assert_str_eq(out.data, "n,,n=user,r=" CNONCE);
    cr_assert_str_eq(s.gs2_header, "n,,");
    sqlx_buf_reset(&out);
    cr_assert_eq(sqlx_scram_continue(&s, "pencil", SERVER_FIRST, strlen(SERVER_FIRST), &out, &err), 0,
                 "%s", err.message);
    cr_assert_str_eq(out.data, FINAL_PREFIX "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    static const unsigned char salted[32] = {
        0xc4, 0xa4, 0x95, 0x10, 0x32, 0x3a, 0xb4, 0xf9, 0x52, 0xca, 0xc1, 0xfa, 0x99, 0x44, 0x19, 0x39,
        0xe7, 0x8e, 0xa7, 0x4d, 0x6b, 0xe8, 0x1d, 0xdf, 0x70, 0x96, 0xe8, 0x75, 0x13, 0xdc, 0x61, 0x5d,
    };
    static const unsigned char server_key[32] = {
        0xc1, 0xf3, 0xcb, 0xc1, 0xc1, 0x3a, 0x9d, 0x35, 0xa1, 0x4c, 0x09, 0x90, 0xee, 0xd9, 0x76, 0x29,
        0xea, 0x22, 0x58, 0x63, 0xe5, 0x66, 0xa4, 0x31, 0x4a, 0xb9, 0x9f, 0x3f, 0x00, 0xe5, 0xd9, 0xd5,
    };
    cr_assert_eq(memcmp(s.salted, salted, 32), 0);
    cr_assert_eq(memcmp(s.server_key, server_key, 32), 0);
    const char *final = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    cr_assert_eq(sqlx_scram_finish(&s, final, strlen(final), &err), 0, "%s", err.message);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
    cr_assert_null(s.auth_message);
    cr_assert_null(s.client_first_bare);
}

Test(scram, postgres_shaped_empty_user)
{
    struct sqlx_scram s;
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "", CNONCE, NULL, 0, &out, &err), 0);
    cr_assert_str_eq(out.data, "n,,n=,r=" CNONCE);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
    char *got = exchange(&s, NULL, "pencil");
    cr_assert_str_eq(got, FINAL_PREFIX "qvT2SWdEH5Q06albL+hjSYuUhCG7VndFyzIb7CK4n9k=");
    sqlx_free(got);
    const char *final = "v=3HO6Qt1M4MKJrmlKaoOqLAI0/0TV0HZe7J9H3MBtSOg=";
    cr_assert_eq(sqlx_scram_finish(&s, final, strlen(final), &err), 0, "%s", err.message);
    sqlx_scram_free(&s);
}

Test(scram, channel_binding_header_and_proof)
{
    struct sqlx_scram s;
    struct sqlx_err err;
    struct sqlx_buf out;
    unsigned char cb[32];
    for (int i = 0; i < 32; i++)
        cb[i] = (unsigned char)i;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, cb, sizeof cb, &out, &err), 0);
    cr_assert_str_eq(out.data, "p=tls-server-end-point,,n=user,r=" CNONCE);
    sqlx_buf_reset(&out);
    cr_assert_eq(sqlx_scram_continue(&s, "pencil", SERVER_FIRST, strlen(SERVER_FIRST), &out, &err), 0);
    cr_assert_str_eq(out.data, "c=cD10bHMtc2VydmVyLWVuZC1wb2ludCwsAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,r=" SNONCE
                               ",p=nY1Wus9a+gM2DrbQ1msXFgyhW6KM5ktOxWiU+/P/EGY=");
    const char *final = "v=RwppMGddhz/J0lFYaRReBjXcQeNUFP5Qc76Lo5Exrig=";
    cr_assert_eq(sqlx_scram_finish(&s, final, strlen(final), &err), 0, "%s", err.message);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);

    unsigned char big[65] = { 0 };
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, big, sizeof big, &out, &err), SQLX_EINVAL);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
}

Test(scram, user_name_escaping)
{
    struct sqlx_scram s;
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "a,b=c,,==", CNONCE, NULL, 0, &out, &err), 0);
    cr_assert_str_eq(out.data, "n,,n=a=2Cb=3Dc=2C=2C=3D=3D,r=" CNONCE);
    cr_assert_str_eq(s.client_first_bare, "n=a=2Cb=3Dc=2C=2C=3D=3D,r=" CNONCE);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
}

Test(scram, random_nonce)
{
    struct sqlx_scram a, b;
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&a, "", NULL, NULL, 0, &out, &err), 0);
    cr_assert_eq(sqlx_scram_start(&b, "", NULL, NULL, 0, &out, &err), 0);
    cr_assert_eq(strlen(a.nonce), 32);
    cr_assert_str_neq(a.nonce, b.nonce);
    for (const char *p = a.nonce; *p; p++)
        cr_assert(*p > 0x20 && *p < 0x7f && *p != ',');
    sqlx_buf_free(&out);
    sqlx_scram_free(&a);
    sqlx_scram_free(&b);
}

Test(scram, bad_client_nonce_rejected)
{
    struct sqlx_scram s;
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "", "ab,cd", NULL, 0, &out, &err), SQLX_EINVAL);
    cr_assert_eq(sqlx_scram_start(&s, "", "", NULL, 0, &out, &err), SQLX_EINVAL);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
}

struct prep_case {
    const char *password;
    const char *proof;
};

/* Each password's expected proof is that of its prepared bytes (or raw bytes on fallback). */
Test(scram, saslprep_mapping_and_fallback)
{
    static const struct prep_case cases[] = {
        /* soft hyphen is mapped to nothing: same as "pencil" */
        { "pen\xC2\xAD" "cil", "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=" },
        /* no-break space becomes a space: proof of "pen cil" */
        { "pen\xC2\xA0" "cil", "SAcKH+VyrxxRpeoToBlfrNJ5iRx6X3hAGVixFKYkM/4=" },
        /* zero-width space: PostgreSQL's table maps it to a space ("pencil ") */
        { "pencil\xE2\x80\x8B", "GUu3mdLIUKVTyNOr5JtssPJIYicMLuYjxy2sXPx5Rx0=" },
        /* precomposed Latin-1 letter kept, no-break space mapped: "café x" */
        { "caf\xC3\xA9\xC2\xA0x", "FkCzZEBTi9CyrDjZe+RDh9kiqk3OAjZ/5gioK2baSjk=" },
        /* Cyrillic and CJK kept, ideographic space mapped: "пароль 密码" */
        { "\xD0\xBF\xD0\xB0\xD1\x80\xD0\xBE\xD0\xBB\xD1\x8C\xE3\x80\x80\xE5\xAF\x86\xE7\xA0\x81",
          "b4S7L7a7uwlCwakuwCR4J2d52COqXQi4r7UkFlljVdU=" },
        /* full-width ASCII is normalised to ASCII: same as "pencil" */
        { "\xEF\xBD\x90\xEF\xBD\x85\xEF\xBD\x8E\xEF\xBD\x83\xEF\xBD\x89\xEF\xBD\x8C",
          "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=" },
        /* the ij ligature needs NFKC beyond our tables: raw bytes, the no-break space unmapped */
        { "\xC4\xB3\xC2\xA0", "WxNsAlSoqIJKTy4aBKe2QU/QCM3p+IrNJEFx0KCCkIs=" },
        /* invalid UTF-8: raw bytes */
        { "pencil\xFF", "nbRAeuufZJ+yqXtaaFd+snyTCBNwupMlnVRh/mUKt9g=" },
        /* empty after mapping: raw bytes */
        { "\xC2\xAD", "+K8hBY1FFtBv6znZfdZIRVGkhQL22PizWfoLa92f50c=" },
        /* ASCII control in a non-ASCII password is prohibited: raw bytes */
        { "\xC3\xA9\t", "in+WaA1B0taOH2CZ/40F4WSSGRC++nfGwSicaSR7EA4=" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sqlx_scram s;
        char *got = exchange(&s, "user", cases[i].password);
        char want[200];
        snprintf(want, sizeof want, "%s%s", FINAL_PREFIX, cases[i].proof);
        cr_expect_str_eq(got, want, "case %zu", i);
        sqlx_free(got);
        sqlx_scram_free(&s);
    }
}

Test(scram, tampered_server_signature_fails)
{
    struct sqlx_scram s;
    struct sqlx_err err;
    char *got = exchange(&s, "user", "pencil");
    sqlx_free(got);
    const char *bad = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G5=";
    /* only a padding bit differs: non-canonical base64 is refused too */
    cr_assert_eq(sqlx_scram_finish(&s, bad, strlen(bad), &err), SQLX_EINVAL);
    const char *flipped = "v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    cr_assert_eq(sqlx_scram_finish(&s, flipped, strlen(flipped), &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "incorrect server signature"), "%s", err.message);
    /* right prefix, truncated */
    const char *shortsig = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5n";
    cr_assert_eq(sqlx_scram_finish(&s, shortsig, strlen(shortsig), &err), SQLX_EINVAL);
    /* a wrong password gives a different proof and the right signature no longer verifies */
    sqlx_scram_free(&s);
    got = exchange(&s, "user", "pencil2");
    cr_assert_str_neq(got, FINAL_PREFIX "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
    sqlx_free(got);
    const char *good = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    cr_assert_eq(sqlx_scram_finish(&s, good, strlen(good), &err), SQLX_EINVAL);
    sqlx_scram_free(&s);
}

Test(scram, server_error_reported)
{
    struct sqlx_scram s;
    struct sqlx_err err;
    char *got = exchange(&s, "user", "pencil");
    sqlx_free(got);
    const char *e = "e=invalid-proof";
    cr_assert_eq(sqlx_scram_finish(&s, e, strlen(e), &err), SQLX_EENGINE);
    cr_assert(strstr(err.message, "\"invalid-proof\""), "%s", err.message);
    sqlx_scram_free(&s);

    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, NULL, 0, &out, &err), 0);
    e = "e=unknown-user";
    cr_assert_eq(sqlx_scram_continue(&s, "pencil", e, strlen(e), &out, &err), SQLX_EENGINE);
    cr_assert(strstr(err.message, "unknown-user"), "%s", err.message);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
}

Test(scram, nonce_prefix_mismatch_fails)
{
    static const char *firsts[] = {
        "r=XOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkq,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", /* no server part */
    };
    for (size_t i = 0; i < 3; i++) {
        struct sqlx_scram s;
        struct sqlx_err err;
        struct sqlx_buf out;
        sqlx_buf_init(&out, 0);
        cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, NULL, 0, &out, &err), 0);
        sqlx_buf_reset(&out);
        cr_assert_eq(sqlx_scram_continue(&s, "pencil", firsts[i], strlen(firsts[i]), &out, &err),
                     SQLX_EINVAL, "case %zu", i);
        cr_assert(strstr(err.message, "nonce"), "%s", err.message);
        cr_assert_eq(out.len, 0);
        sqlx_buf_free(&out);
        sqlx_scram_free(&s);
    }
}

Test(scram, malformed_server_first_fails)
{
    static const char *firsts[] = {
        "",
        "r=",
        "r=" SNONCE,
        "r=" SNONCE ",i=4096",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-1",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096x",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=10000001",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999999999999",
        "r=" SNONCE ",s=,i=4096",
        "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ=,i=4096",
        "r=" SNONCE ",s=W22Z*J0SNY7soEsUEjb6gQ==,i=4096",
        "r=" SNONCE ",s====,i=4096",
        "m=ext,r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "s=W22ZaJ0SNY7soEsUEjb6gQ==,r=" SNONCE ",i=4096",
        "r=" SNONCE "\x01,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
    };
    for (size_t i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
        struct sqlx_scram s;
        struct sqlx_err err;
        struct sqlx_buf out;
        sqlx_buf_init(&out, 0);
        cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, NULL, 0, &out, &err), 0);
        int rc = sqlx_scram_continue(&s, "pencil", firsts[i], strlen(firsts[i]), &out, &err);
        cr_expect_eq(rc, SQLX_EINVAL, "case %zu: rc %d", i, rc);
        cr_expect(strstr(err.message, "invalid SCRAM server-first-message") != NULL, "case %zu: %s", i,
                  err.message);
        sqlx_buf_free(&out);
        sqlx_scram_free(&s);
    }
    /* an embedded NUL within the given length */
    struct sqlx_scram s;
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, NULL, 0, &out, &err), 0);
    const char withnul[] = "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096\0,x";
    cr_assert_eq(sqlx_scram_continue(&s, "pencil", withnul, sizeof withnul - 1, &out, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "NUL"), "%s", err.message);
    /* extensions after the iteration count are allowed */
    const char ext[] = "r=" SNONCE ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,x=future";
    sqlx_buf_reset(&out);
    cr_assert_eq(sqlx_scram_continue(&s, "pencil", ext, sizeof ext - 1, &out, &err), 0, "%s",
                 err.message);
    /* a second continue is out of order */
    cr_assert_eq(sqlx_scram_continue(&s, "pencil", ext, sizeof ext - 1, &out, &err), SQLX_EINVAL);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
}

Test(scram, malformed_server_final_fails)
{
    static const char *finals[] = {
        "", "v", "v=", "x=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4", "v=!!!!", "v=AAAA",
    };
    for (size_t i = 0; i < sizeof finals / sizeof finals[0]; i++) {
        struct sqlx_scram s;
        struct sqlx_err err;
        char *got = exchange(&s, "user", "pencil");
        sqlx_free(got);
        cr_expect_eq(sqlx_scram_finish(&s, finals[i], strlen(finals[i]), &err), SQLX_EINVAL,
                     "case %zu", i);
        cr_expect(strstr(err.message, "SCRAM"), "%s", err.message);
        sqlx_scram_free(&s);
    }
    /* finish before continue is out of order */
    struct sqlx_scram s;
    struct sqlx_err err;
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, NULL, 0, &out, &err), 0);
    const char *v = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    cr_assert_eq(sqlx_scram_finish(&s, v, strlen(v), &err), SQLX_EINVAL);
    sqlx_buf_free(&out);
    sqlx_scram_free(&s);
}

/* Random and mutated server messages: never a crash (ASan build), never a success for garbage. */
Test(scram, random_server_bytes_never_crash)
{
    unsigned int seed = 12345;
    char msg[300];
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(rand_r(&seed) % (int)sizeof msg);
        if (round % 2 == 0) {
            for (size_t i = 0; i < n; i++)
                msg[i] = (char)rand_r(&seed);
        } else {
            /* mutate a valid message in a few places */
            const char *base = SERVER_FIRST;
            n = strlen(base);
            memcpy(msg, base, n);
            for (int k = 0; k < 3; k++)
                msg[rand_r(&seed) % (int)n] = (char)rand_r(&seed);
            if (rand_r(&seed) % 4 == 0)
                n = (size_t)(rand_r(&seed) % (int)n);
        }
        struct sqlx_scram s;
        struct sqlx_err err;
        struct sqlx_buf out;
        sqlx_buf_init(&out, 0);
        cr_assert_eq(sqlx_scram_start(&s, "user", CNONCE, NULL, 0, &out, &err), 0);
        int rc = sqlx_scram_continue(&s, "pencil", msg, n, &out, &err);
        if (rc == 0) {
            /* a mutation that still parsed must at least carry our nonce prefix */
            cr_assert(n > 2 + strlen(CNONCE) && memcmp(msg, "r=" CNONCE, 2 + strlen(CNONCE)) == 0);
            size_t m = (size_t)(rand_r(&seed) % 80);
            for (size_t i = 0; i < m; i++)
                msg[i] = (char)rand_r(&seed);
            cr_assert_neq(sqlx_scram_finish(&s, msg, m, &err), 0);
        } else {
            cr_assert(err.message[0] != '\0');
        }
        sqlx_buf_free(&out);
        sqlx_scram_free(&s);
    }
}

Test(pg_md5, vectors)
{
    char out[36];
    static const unsigned char salt1[4] = { 0x2a, 0x3d, 0x8f, 0xe0 };
    sqlx_pg_md5("md5_user", "password", salt1, out);
    cr_assert_str_eq(out, "md562af4dd09bbb41884907a838a3233294");
    static const unsigned char salt2[4] = { 0xa2, 0x68, 0x92, 0xc4 };
    sqlx_pg_md5("username", "foobar", salt2, out);
    cr_assert_str_eq(out, "md57b4e445f6041af0d6d962d0cbd830f18");
    cr_assert_eq(strlen(out), 35);
}
