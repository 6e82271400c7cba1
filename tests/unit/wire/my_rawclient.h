/* A minimal MySQL-protocol client for tests, independent of the WireVM engine: the connection
 * phase (HandshakeV10, optional SSLRequest + TLS, HandshakeResponse41, auth switch, AuthMoreData
 * for caching_sha2 fast and full auth) written out with the auth.c scrambles and sqlx_sock, plus
 * COM_QUERY and COM_STMT_PREPARE / EXECUTE returning raw rows, so the auth and value codecs can be
 * checked against a scripted server and a live MariaDB on their own. Header-only (static
 * functions) because only tests include it; packets over 16 MB are not joined. */
#ifndef SQLX_TESTS_MY_RAWCLIENT_H
#define SQLX_TESTS_MY_RAWCLIENT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "wire/auth.h"
#include "wire/my_types.h"
#include "wire/sock.h"

#define RC_CAP_LONG_PASSWORD      (1u << 0)
#define RC_CAP_CONNECT_WITH_DB    (1u << 3)
#define RC_CAP_PROTOCOL_41        (1u << 9)
#define RC_CAP_SSL                (1u << 11)
#define RC_CAP_TRANSACTIONS       (1u << 13)
#define RC_CAP_SECURE_CONNECTION  (1u << 15)
#define RC_CAP_MULTI_RESULTS      (1u << 17)
#define RC_CAP_PLUGIN_AUTH        (1u << 19)
#define RC_CAP_CONNECT_ATTRS      (1u << 20)
#define RC_CAP_PLUGIN_AUTH_LENENC (1u << 21)
#define RC_CAP_DEPRECATE_EOF      (1u << 24)

#define RC_SHA2    "caching_sha2_password"
#define RC_NATIVE  "mysql_native_password"
#define RC_ED25519 "client_ed25519"

struct rc {
    struct sqlx_sock *s; /* connection */
    bool tls;            /* TLS is up */
    bool ready;          /* authenticated: commands may be sent */
    uint8_t seq;         /* next sequence id */
    unsigned char *in;   /* last packet read (heap, grows) */
    size_t n;            /* its length */
    size_t cap;          /* bytes allocated for in */
    char plugins[128];   /* plugins used, space-separated, in order */
};

/* A result set: column definitions and raw row payloads (copied). */
#define RC_MAX_COLS 64
#define RC_MAX_ROWS 256
struct rc_rows {
    int ncols;
    struct sqlx_my_column cols[RC_MAX_COLS];
    char names[RC_MAX_COLS][64];
    int nrows;
    unsigned char *row[RC_MAX_ROWS];
    size_t len[RC_MAX_ROWS];
    bool binary; /* rows are binary-protocol rows */
};

static inline int rc_read(struct rc *c, struct sqlx_err *err)
{
    unsigned char h[4];
    size_t got = 0;
    while (got < 4) {
        long r = sqlx_sock_read(c->s, h + got, 4 - got, err);
        if (r < 0)
            return (int)r;
        got += (size_t)r;
    }
    c->n = h[0] | (size_t)h[1] << 8 | (size_t)h[2] << 16;
    if (h[3] != c->seq)
        return sqlx_err_set(err, SQLX_EIO, "packet out of sequence: %u, expected %u", h[3], c->seq);
    c->seq++;
    if (c->n + 1 > c->cap) {
        c->cap = c->n + 1;
        c->in = realloc(c->in, c->cap);
    }
    for (got = 0; got < c->n;) {
        long r = sqlx_sock_read(c->s, c->in + got, c->n - got, err);
        if (r < 0)
            return (int)r;
        got += (size_t)r;
    }
    c->in[c->n] = 0;
    return 0;
}

static inline int rc_write(struct rc *c, const void *p, size_t n, struct sqlx_err *err)
{
    unsigned char h[4] = { (unsigned char)n, (unsigned char)(n >> 8), (unsigned char)(n >> 16),
                           c->seq++ };
    int rc = sqlx_sock_write(c->s, h, 4, err);
    return rc ? rc : sqlx_sock_write(c->s, p, n, err);
}

/* ERR packet -> error through sqlx_my_errno_code, errno and SQLSTATE kept. */
static inline int rc_err(struct rc *c, struct sqlx_err *err)
{
    int errnum = c->n >= 3 ? c->in[1] | c->in[2] << 8 : 0;
    char state[6] = "";
    size_t off = 3;
    if (c->n >= 9 && c->in[3] == '#') {
        memcpy(state, c->in + 4, 5);
        off = 9;
    }
    enum sqlx_code code = sqlx_my_errno_code(errnum, state, NULL);
    sqlx_err_set(err, code, "%.*s", (int)(c->n - off), (const char *)c->in + off);
    err->engine_code = errnum;
    memcpy(err->sqlstate, state, sizeof state);
    return code;
}

static inline void rc_note_plugin(struct rc *c, const char *plugin)
{
    size_t l = strlen(c->plugins);
    snprintf(c->plugins + l, sizeof c->plugins - l, "%s%s", l ? " " : "", plugin);
}

/* The auth response for plugin over nonce (nonce_len bytes, trailing NUL already dropped). */
static inline int rc_scramble(const char *plugin, const char *pw, const unsigned char *nonce,
                              size_t nonce_len, unsigned char *out, size_t *out_len,
                              struct sqlx_err *err)
{
    if (strcmp(plugin, RC_NATIVE) == 0) {
        *out_len = nonce_len >= 20 ? sqlx_my_native_scramble(pw, nonce, out) : 0;
        return 0;
    }
    if (strcmp(plugin, RC_SHA2) == 0) {
        *out_len = nonce_len >= 20 ? sqlx_my_sha2_scramble(pw, nonce, out) : 0;
        return 0;
    }
    if (strcmp(plugin, RC_ED25519) == 0) {
        *out_len = 64;
        return sqlx_my_ed25519_sign(pw, nonce, nonce_len, out, err);
    }
    return sqlx_err_set(err, SQLX_EUNSUPPORTED, "authentication plugin \"%s\" is not supported",
                        plugin);
}

/* Connects and authenticates. On success the connection is ready for commands. */
static inline int rc_connect(struct rc *c, const char *host, int port, bool tls, const char *user,
                             const char *pw, const char *db, struct sqlx_err *err)
{
    unsigned char nonce[64], auth[128], out[1024];
    size_t nonce_len = 20, alen = 0;
    char plugin[64];
    memset(c, 0, sizeof *c);
    int rc = sqlx_sock_connect(host, port, 5000, &c->s, err);
    if (rc)
        return rc;
    if ((rc = rc_read(c, err)))
        return rc;
    if (c->n < 1 || c->in[0] != 10)
        return c->n && c->in[0] == 0xff ? rc_err(c, err)
                                        : sqlx_err_set(err, SQLX_EIO, "not a HandshakeV10");
    /* HandshakeV10: version NUL, id(4), nonce[8], 0, caps lo(2), charset, status(2), caps hi(2),
     * nonce length, 10 reserved (MariaDB: 6 + extended caps 4), nonce part 2 + NUL, plugin NUL */
    const unsigned char *g = c->in, *end = c->in + c->n;
    const unsigned char *v = memchr(g + 1, 0, c->n - 1);
    if (!v || end - v < 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10 + 13)
        return sqlx_err_set(err, SQLX_EIO, "greeting too short");
    const unsigned char *q = v + 1 + 4;
    memcpy(nonce, q, 8);
    uint32_t caps = (uint32_t)(q[9] | q[10] << 8) | (uint32_t)(q[14] | q[15] << 8) << 16;
    q += 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
    memcpy(nonce + 8, q, 12);
    if (q[12] != 0)
        return sqlx_err_set(err, SQLX_EIO, "nonce part 2 does not end with a NUL");
    snprintf(plugin, sizeof plugin, "%.63s", (const char *)q + 13);
    uint32_t mine = RC_CAP_LONG_PASSWORD | RC_CAP_PROTOCOL_41 | RC_CAP_SECURE_CONNECTION |
                    RC_CAP_PLUGIN_AUTH | RC_CAP_PLUGIN_AUTH_LENENC | RC_CAP_TRANSACTIONS |
                    RC_CAP_MULTI_RESULTS | (db ? RC_CAP_CONNECT_WITH_DB : 0) |
                    (tls ? RC_CAP_SSL : 0);
    if (tls && !(caps & RC_CAP_SSL))
        return sqlx_err_set(err, SQLX_EUNSUPPORTED, "server does not offer TLS");
    mine &= caps | RC_CAP_LONG_PASSWORD;
    unsigned char hdr[32] = { 0 };
    hdr[0] = (unsigned char)mine;
    hdr[1] = (unsigned char)(mine >> 8);
    hdr[2] = (unsigned char)(mine >> 16);
    hdr[3] = (unsigned char)(mine >> 24);
    hdr[6] = 0x00;
    hdr[7] = 0x40; /* max packet 1 GB */
    hdr[8] = 45;   /* utf8mb4_general_ci */
    if (tls) {
        struct sqlx_tls_opts o = { .mode = SQLX_SSL_REQUIRE };
        if ((rc = rc_write(c, hdr, 32, err)) || (rc = sqlx_sock_start_tls(c->s, &o, err)))
            return rc;
        c->tls = true;
    }
    if ((rc = rc_scramble(plugin, pw, nonce, nonce_len, auth, &alen, err)))
        return rc;
    rc_note_plugin(c, plugin);
    size_t k = 32, ul = strlen(user), dl = db ? strlen(db) : 0, pl = strlen(plugin);
    memcpy(out, hdr, 32);
    memcpy(out + k, user, ul + 1);
    k += ul + 1;
    out[k++] = (unsigned char)alen;
    memcpy(out + k, auth, alen);
    k += alen;
    if (db) {
        memcpy(out + k, db, dl + 1);
        k += dl + 1;
    }
    memcpy(out + k, plugin, pl + 1);
    k += pl + 1;
    if ((rc = rc_write(c, out, k, err)))
        return rc;
    for (;;) {
        if ((rc = rc_read(c, err)))
            return rc;
        if (c->n == 0)
            return sqlx_err_set(err, SQLX_EIO, "empty packet during authentication");
        if (c->in[0] == 0x00) {
            c->ready = true;
            return 0;
        }
        if (c->in[0] == 0xff)
            return rc_err(c, err);
        if (c->in[0] == 0xfe) { /* AuthSwitchRequest: plugin NUL, nonce [+ NUL] */
            const unsigned char *z = memchr(c->in + 1, 0, c->n - 1);
            if (!z)
                return sqlx_err_set(err, SQLX_EIO, "bad AuthSwitchRequest");
            snprintf(plugin, sizeof plugin, "%.63s", (const char *)c->in + 1);
            nonce_len = c->n - (size_t)(z + 1 - c->in);
            if (nonce_len && z[nonce_len] == 0)
                nonce_len--; /* the trailing NUL */
            if (nonce_len > sizeof nonce)
                return sqlx_err_set(err, SQLX_EIO, "nonce too long");
            memcpy(nonce, z + 1, nonce_len);
            if ((rc = rc_scramble(plugin, pw, nonce, nonce_len, auth, &alen, err)))
                return rc;
            rc_note_plugin(c, plugin);
            if ((rc = rc_write(c, auth, alen, err)))
                return rc;
            continue;
        }
        if (c->in[0] == 0x01 && c->n == 2 && c->in[1] == 0x03)
            continue; /* caching_sha2 fast auth succeeded: OK follows */
        if (c->in[0] == 0x01 && c->n == 2 && c->in[1] == 0x04) { /* full auth */
            if (c->tls) {
                rc = rc_write(c, pw, strlen(pw) + 1, err);
            } else {
                static const unsigned char req = 0x02;
                if ((rc = rc_write(c, &req, 1, err)) || (rc = rc_read(c, err)))
                    return rc;
                if (c->n < 2 || c->in[0] != 0x01)
                    return sqlx_err_set(err, SQLX_EIO, "expected the public key");
                struct sqlx_buf enc;
                sqlx_buf_init(&enc, 0);
                rc = sqlx_my_sha2_rsa_encrypt(pw, nonce, nonce_len, (const char *)c->in + 1,
                                              c->n - 1, &enc, err);
                if (rc == 0)
                    rc = rc_write(c, enc.data, enc.len, err);
                sqlx_buf_free(&enc);
            }
            if (rc)
                return rc;
            continue;
        }
        return sqlx_err_set(err, SQLX_EIO, "unexpected packet 0x%02x during authentication",
                            c->in[0]);
    }
}

static inline void rc_close(struct rc *c)
{
    if (c->s && c->ready) {
        struct sqlx_err err;
        static const unsigned char quit = 0x01;
        c->seq = 0;
        if (rc_write(c, &quit, 1, &err) != 0)
            fprintf(stderr, "COM_QUIT: %s\n", err.message);
    }
    if (c->s)
        sqlx_sock_close(c->s);
    free(c->in);
    memset(c, 0, sizeof *c);
}

static inline void rc_rows_free(struct rc_rows *r)
{
    for (int i = 0; i < r->nrows; i++)
        free(r->row[i]);
    memset(r, 0, sizeof *r);
}

static inline bool rc_lenenc(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    if (*p >= end)
        return false;
    unsigned char b = **p;
    size_t k = b < 0xfb ? 0 : b == 0xfc ? 2 : b == 0xfd ? 3 : b == 0xfe ? 8 : 99;
    if (k == 99 || (size_t)(end - *p) < 1 + k)
        return false;
    uint64_t x = k ? 0 : b;
    for (size_t i = k; i > 0; i--)
        x = (x << 8) | (*p)[i];
    *p += 1 + k;
    *v = x;
    return true;
}

/* Parses a Column Definition 41 packet. */
static inline int rc_coldef(struct rc *c, struct rc_rows *r, int i, struct sqlx_err *err)
{
    const unsigned char *p = c->in, *end = c->in + c->n;
    uint64_t l = 0;
    for (int f = 0; f < 6; f++) { /* catalog, schema, table, org_table, name, org_name */
        if (!rc_lenenc(&p, end, &l) || l > (uint64_t)(end - p))
            return sqlx_err_set(err, SQLX_EIO, "bad column definition");
        if (f == 4)
            snprintf(r->names[i], sizeof r->names[i], "%.*s", (int)l, (const char *)p);
        p += l;
    }
    if (!rc_lenenc(&p, end, &l) || l != 12 || end - p < 12)
        return sqlx_err_set(err, SQLX_EIO, "bad column definition");
    r->cols[i].charset = (uint16_t)(p[0] | p[1] << 8);
    r->cols[i].type = p[6];
    r->cols[i].flags = (uint16_t)(p[7] | p[8] << 8);
    r->cols[i].decimals = p[9];
    return 0;
}

static inline bool rc_is_eof(const struct rc *c)
{
    return c->n > 0 && c->n < 9 && c->in[0] == 0xfe;
}

/* Reads column count's definitions, EOF, rows and the closing EOF into r. */
static inline int rc_result(struct rc *c, uint64_t ncols, bool binary, struct rc_rows *r,
                            struct sqlx_err *err)
{
    int rc;
    memset(r, 0, sizeof *r);
    r->binary = binary;
    if (ncols > RC_MAX_COLS)
        return sqlx_err_set(err, SQLX_ETOOBIG, "too many columns for the test client");
    r->ncols = (int)ncols;
    for (int i = 0; i < r->ncols; i++)
        if ((rc = rc_read(c, err)) || (rc = rc_coldef(c, r, i, err)))
            return rc;
    if ((rc = rc_read(c, err)))
        return rc;
    if (!rc_is_eof(c))
        return sqlx_err_set(err, SQLX_EIO, "expected EOF after column definitions");
    for (;;) {
        if ((rc = rc_read(c, err)))
            return rc;
        if (rc_is_eof(c))
            return 0;
        if (c->n && c->in[0] == 0xff)
            return rc_err(c, err);
        if (r->nrows == RC_MAX_ROWS)
            return sqlx_err_set(err, SQLX_ETOOBIG, "too many rows for the test client");
        r->row[r->nrows] = malloc(c->n ? c->n : 1);
        memcpy(r->row[r->nrows], c->in, c->n);
        r->len[r->nrows++] = c->n;
    }
}

/* COM_QUERY; a statement without a result set leaves r empty. */
static inline int rc_query(struct rc *c, const char *sql, struct rc_rows *r, struct sqlx_err *err)
{
    size_t n = strlen(sql);
    unsigned char *pkt = malloc(n + 1);
    pkt[0] = 0x03;
    memcpy(pkt + 1, sql, n);
    c->seq = 0;
    int rc = rc_write(c, pkt, n + 1, err);
    free(pkt);
    memset(r, 0, sizeof *r);
    if (rc || (rc = rc_read(c, err)))
        return rc;
    if (c->in[0] == 0xff)
        return rc_err(c, err);
    if (c->in[0] == 0x00)
        return 0;
    const unsigned char *p = c->in;
    uint64_t ncols;
    if (!rc_lenenc(&p, c->in + c->n, &ncols))
        return sqlx_err_set(err, SQLX_EIO, "bad column count");
    return rc_result(c, ncols, false, r, err);
}

/* COM_STMT_PREPARE + EXECUTE (no parameters) + CLOSE. */
static inline int rc_prepared(struct rc *c, const char *sql, struct rc_rows *r,
                              struct sqlx_err *err)
{
    size_t n = strlen(sql);
    unsigned char *pkt = malloc(n + 1);
    pkt[0] = 0x16;
    memcpy(pkt + 1, sql, n);
    c->seq = 0;
    int rc = rc_write(c, pkt, n + 1, err);
    free(pkt);
    memset(r, 0, sizeof *r);
    if (rc || (rc = rc_read(c, err)))
        return rc;
    if (c->in[0] == 0xff)
        return rc_err(c, err);
    if (c->n < 12)
        return sqlx_err_set(err, SQLX_EIO, "bad PREPARE_OK");
    unsigned char id[4];
    memcpy(id, c->in + 1, 4);
    int ncols = c->in[5] | c->in[6] << 8, nparams = c->in[7] | c->in[8] << 8;
    if (nparams)
        return sqlx_err_set(err, SQLX_EUNSUPPORTED, "the test client binds no parameters");
    for (int i = 0; ncols && i <= ncols; i++) /* column definitions and EOF */
        if ((rc = rc_read(c, err)))
            return rc;
    unsigned char ex[10] = { 0x17, id[0], id[1], id[2], id[3], 0, 1, 0, 0, 0 };
    c->seq = 0;
    if ((rc = rc_write(c, ex, sizeof ex, err)) || (rc = rc_read(c, err)))
        return rc;
    if (c->in[0] == 0xff)
        return rc_err(c, err);
    if (c->in[0] != 0x00) {
        const unsigned char *p = c->in;
        uint64_t nc;
        if (!rc_lenenc(&p, c->in + c->n, &nc))
            return sqlx_err_set(err, SQLX_EIO, "bad column count");
        if ((rc = rc_result(c, nc, true, r, err)))
            return rc;
    }
    unsigned char cl[5] = { 0x19, id[0], id[1], id[2], id[3] };
    c->seq = 0;
    return rc_write(c, cl, sizeof cl, err);
}

/* Decodes row i of r into vals (r->ncols of them). */
static inline int rc_row_values(const struct rc_rows *r, int i, struct sqlx_my_scratch *scratch,
                                struct sqlx_value *vals, struct sqlx_err *err)
{
    const unsigned char *p = r->row[i], *end = r->row[i] + r->len[i];
    int rc;
    if (!r->binary) {
        for (int k = 0; k < r->ncols; k++) {
            uint64_t l;
            if (p < end && *p == 0xfb) {
                p++;
                rc = sqlx_my_decode_text(&r->cols[k], NULL, -1, scratch, &vals[k], err);
            } else if (!rc_lenenc(&p, end, &l) || l > (uint64_t)(end - p)) {
                return sqlx_err_set(err, SQLX_EIO, "bad text row");
            } else {
                rc = sqlx_my_decode_text(&r->cols[k], (const char *)p, (long)l, scratch, &vals[k],
                                         err);
                p += l;
            }
            if (rc)
                return rc;
        }
        return p == end ? 0 : sqlx_err_set(err, SQLX_EIO, "text row has trailing bytes");
    }
    size_t bm = ((size_t)r->ncols + 7 + 2) / 8;
    if ((size_t)(end - p) < 1 + bm || p[0] != 0x00)
        return sqlx_err_set(err, SQLX_EIO, "bad binary row header");
    const unsigned char *bitmap = p + 1;
    p += 1 + bm;
    for (int k = 0; k < r->ncols; k++) {
        int bit = k + 2;
        if (bitmap[bit / 8] & (1u << (bit % 8))) {
            vals[k] = sqlx_value_null();
            continue;
        }
        size_t used;
        if ((rc = sqlx_my_decode_binary(&r->cols[k], p, (size_t)(end - p), &used, scratch, &vals[k],
                                        err)))
            return rc;
        p += used;
    }
    return p == end ? 0 : sqlx_err_set(err, SQLX_EIO, "binary row has trailing bytes");
}

#endif
