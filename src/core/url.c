/* Database URL parsing into struct sqlx_url, and redaction of passwords for logs. Everything it
 * returns lives in the caller's arena. It must not resolve hosts, open files or look at packs: a
 * scheme is only a name here.
 *
 *   sqlite:PATH | sqlite://PATH                     (PATH relative, or absolute with a leading /)
 *   scheme://[user[:password]@]host[:port][,host[:port]...][/database][?key=value&...]
 *   host = name | [IPv6]                            (percent-decoding in every part but the port) */
#include "core/url.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"

#define URL_MAX_HOSTS 64

int sqlx_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t sqlx_percent_decode(char *s, size_t len, bool plus)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len && (hi = sqlx_hex_digit(s[i + 1])) >= 0 &&
            (lo = sqlx_hex_digit(s[i + 2])) >= 0) {
            s[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (plus && s[i] == '+') {
            s[o++] = ' ';
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = '\0';
    return o;
}

/* Decodes %XX escapes of s[0..n) into a new arena string. A '%' not followed by two hex digits is
 * an error when strict, and kept literally otherwise (sqlite file paths may contain '%'). An
 * escape that decodes to NUL is always an error: it would silently cut the value short. */
static int decode(struct sqlx_arena *a, const char *s, size_t n, bool strict, const char *what,
                  const char **out, struct sqlx_err *err)
{
    char *d = sqlx_arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            int hi = -1;
            int lo = -1;
            if (i + 2 < n) {
                hi = sqlx_hex_digit(s[i + 1]);
                lo = sqlx_hex_digit(s[i + 2]);
            }
            if (hi >= 0 && lo >= 0 && (hi || lo)) {
                d[j++] = (char)(hi * 16 + lo);
                i += 2;
                continue;
            }
            /* The offending text is not quoted: it may be part of a password. */
            if (strict || (hi == 0 && lo == 0))
                return sqlx_err_set(err, SQLX_EPARSE,
                                    "invalid percent-encoding in %s of database URL", what);
        }
        d[j++] = s[i];
    }
    d[j] = '\0';
    *out = d;
    return 0;
}

static bool is_scheme_char(char c, bool first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return !first && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
}

/* Parses the decimal port of s[0..n); 1..65535. */
static int parse_port(const char *s, size_t n, int *port, struct sqlx_err *err)
{
    long v = 0;
    if (n == 0 || n > 5)
        goto bad;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            goto bad;
        v = v * 10 + (s[i] - '0');
    }
    if (v < 1 || v > 65535)
        goto bad;
    *port = (int)v;
    return 0;
bad:
    sqlx_err_set(err, SQLX_EPARSE, "invalid port \"%.*s\" in database URL", (int)(n > 32 ? 32 : n),
                 s);
    sqlx_err_hint(err, "A port is a number from 1 to 65535.");
    return SQLX_EPARSE;
}

/* One host of a comma-separated list: name[:port] or [v6][:port]. */
static int parse_host(struct sqlx_arena *a, const char *s, size_t n, struct sqlx_url_host *h,
                      struct sqlx_err *err)
{
    const char *end = s + n;
    const char *name = s;
    size_t namelen;
    const char *colon;
    h->port = 0;
    if (n && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (!close)
            return sqlx_err_set(err, SQLX_EPARSE,
                                "unterminated IPv6 address \"%.*s\" in database URL",
                                (int)(n > 64 ? 64 : n), s);
        name = s + 1;
        namelen = (size_t)(close - name);
        if (namelen == 0)
            return sqlx_err_set(err, SQLX_EPARSE, "empty IPv6 address in database URL");
        if (close + 1 < end && close[1] != ':')
            return sqlx_err_set(err, SQLX_EPARSE,
                                "unexpected \"%.*s\" after IPv6 address in database URL",
                                (int)(end - close - 1 > 32 ? 32 : end - close - 1), close + 1);
        colon = close + 1 < end ? close + 1 : NULL;
        /* A zone index is written %25 (RFC 6874): decode it like any other host. */
        int rc = decode(a, name, namelen, true, "host", &h->host, err);
        if (rc)
            return rc;
    } else {
        colon = memchr(s, ':', n);
        if (colon && memchr(colon + 1, ':', (size_t)(end - colon - 1))) {
            sqlx_err_set(err, SQLX_EPARSE, "invalid host \"%.*s\" in database URL",
                         (int)(n > 64 ? 64 : n), s);
            sqlx_err_hint(err, "Write IPv6 addresses in brackets, as in [::1]:5432.");
            return SQLX_EPARSE;
        }
        namelen = colon ? (size_t)(colon - s) : n;
        int rc = decode(a, name, namelen, true, "host", &h->host, err);
        if (rc)
            return rc;
    }
    if (colon)
        return parse_port(colon + 1, (size_t)(end - colon - 1), &h->port, err);
    return 0;
}

static int parse_hosts(struct sqlx_arena *a, const char *s, size_t n, struct sqlx_url *u,
                       struct sqlx_err *err)
{
    if (n == 0)
        return 0;
    size_t count = 1;
    for (size_t i = 0; i < n; i++)
        count += s[i] == ',';
    if (count > URL_MAX_HOSTS)
        return sqlx_err_set(err, SQLX_EPARSE, "too many hosts in database URL (at most %d)",
                            URL_MAX_HOSTS);
    u->hosts = sqlx_arena_zalloc(a, count * sizeof *u->hosts);
    const char *p = s;
    const char *end = s + n;
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        if (stop == p)
            return sqlx_err_set(err, SQLX_EPARSE, "empty host in database URL host list");
        int rc = parse_host(a, p, (size_t)(stop - p), &u->hosts[u->nhosts], err);
        if (rc)
            return rc;
        u->nhosts++;
        if (!comma)
            break;
        p = comma + 1;
        if (p == end)
            return sqlx_err_set(err, SQLX_EPARSE, "empty host in database URL host list");
    }
    return 0;
}

/* key=value pairs separated by '&'; empty pairs are skipped, a key without '=' has value "". */
static int parse_params(struct sqlx_arena *a, const char *s, bool strict, struct sqlx_url *u,
                        struct sqlx_err *err)
{
    size_t count = 1;
    for (const char *p = s; *p; p++)
        count += *p == '&';
    u->params = sqlx_arena_zalloc(a, count * sizeof *u->params);
    const char *p = s;
    while (*p) {
        const char *amp = strchr(p, '&');
        size_t n = amp ? (size_t)(amp - p) : strlen(p);
        if (n) {
            const char *eq = memchr(p, '=', n);
            size_t klen = eq ? (size_t)(eq - p) : n;
            struct sqlx_url_param *kv = &u->params[u->nparams];
            if (klen == 0)
                return sqlx_err_set(err, SQLX_EPARSE,
                                    "empty parameter name in database URL query \"%.*s\"",
                                    (int)(n > 64 ? 64 : n), p);
            int rc = decode(a, p, klen, strict, "parameter name", &kv->key, err);
            if (rc)
                return rc;
            if (eq)
                rc = decode(a, eq + 1, n - klen - 1, strict, "parameter value", &kv->value, err);
            else
                kv->value = "";
            if (rc)
                return rc;
            u->nparams++;
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    return 0;
}

/* sqlite:PATH and sqlite://PATH: everything after the scheme (and the optional "//") up to '?' is
 * the file path, so sqlite:///abs.db is /abs.db and sqlite://rel.db is rel.db. */
static int parse_sqlite(struct sqlx_arena *a, const char *rest, struct sqlx_url *u,
                        struct sqlx_err *err)
{
    if (rest[0] == '/' && rest[1] == '/')
        rest += 2;
    const char *q = strchr(rest, '?');
    size_t n = q ? (size_t)(q - rest) : strlen(rest);
    if (n == 0) {
        sqlx_err_set(err, SQLX_EPARSE, "missing file path in sqlite database URL");
        sqlx_err_hint(err, "Write sqlite:app.db for a relative path or sqlite:/data/app.db for an absolute one.");
        return SQLX_EPARSE;
    }
    int rc = decode(a, rest, n, false, "file path", &u->database, err);
    if (rc)
        return rc;
    return q ? parse_params(a, q + 1, false, u, err) : 0;
}

/* scheme://[userinfo@]hosts[/database][?params]. The userinfo ends at the last '@' of the
 * authority, so an unescaped '@' in a password still parses. */
static int parse_network(struct sqlx_arena *a, const char *rest, struct sqlx_url *u,
                         struct sqlx_err *err)
{
    int rc;
    if (rest[0] != '/' || rest[1] != '/') {
        sqlx_err_set(err, SQLX_EPARSE, "expected \"//\" after \"%s:\" in database URL", u->scheme);
        sqlx_err_hint(err, "Write %s://user:password@host:port/database.", u->scheme);
        return SQLX_EPARSE;
    }
    const char *auth = rest + 2;
    size_t alen = strcspn(auth, "/?");
    const char *at = NULL;
    for (size_t i = 0; i < alen; i++)
        if (auth[i] == '@')
            at = auth + i;
    const char *hosts = auth;
    if (at) {
        size_t ulen = (size_t)(at - auth);
        const char *colon = memchr(auth, ':', ulen);
        size_t namelen = colon ? (size_t)(colon - auth) : ulen;
        if (namelen) {
            rc = decode(a, auth, namelen, true, "user name", &u->user, err);
            if (rc)
                return rc;
        }
        if (colon) {
            rc = decode(a, colon + 1, ulen - namelen - 1, true, "password", &u->password, err);
            if (rc)
                return rc;
        }
        hosts = at + 1;
    }
    rc = parse_hosts(a, hosts, (size_t)(auth + alen - hosts), u, err);
    if (rc)
        return rc;
    const char *p = auth + alen;
    if (*p == '/') {
        p++;
        size_t dlen = strcspn(p, "?");
        if (dlen) {
            rc = decode(a, p, dlen, true, "database name", &u->database, err);
            if (rc)
                return rc;
        }
        p += dlen;
    }
    return *p == '?' ? parse_params(a, p + 1, true, u, err) : 0;
}

int sqlx_url_parse(const char *text, struct sqlx_arena *a, struct sqlx_url *out,
                   struct sqlx_err *err)
{
    memset(out, 0, sizeof *out);
    if (!text || !*text)
        return sqlx_err_set(err, SQLX_EINVAL, "empty database URL");
    size_t slen = 0;
    while (is_scheme_char(text[slen], slen == 0))
        slen++;
    if (slen == 0 || text[slen] != ':') {
        sqlx_err_set(err, SQLX_EPARSE, "missing scheme in database URL");
        sqlx_err_hint(err, "Start the URL with a scheme, as in sqlite:app.db or postgresql://localhost/app.");
        return SQLX_EPARSE;
    }
    char *scheme = sqlx_arena_strndup(a, text, slen);
    for (char *c = scheme; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + ('a' - 'A'));
    if (strcmp(scheme, "postgres") == 0)
        scheme = sqlx_arena_strdup(a, "postgresql");
    else if (strcmp(scheme, "sqlite3") == 0)
        scheme = sqlx_arena_strdup(a, "sqlite");
    out->scheme = scheme;
    const char *rest = text + slen + 1;
    int rc = strcmp(scheme, "sqlite") == 0 ? parse_sqlite(a, rest, out, err)
                                            : parse_network(a, rest, out, err);
    if (rc) {
        const char *scheme_kept = out->scheme;
        memset(out, 0, sizeof *out);
        out->scheme = scheme_kept;
    }
    return rc;
}

const char *sqlx_url_param(const struct sqlx_url *u, const char *key)
{
    for (size_t i = 0; i < u->nparams; i++)
        if (strcmp(u->params[i].key, key) == 0)
            return u->params[i].value;
    return NULL;
}

/* True when the query key s[0..n) names a secret whose value must not be printed. */
static bool is_secret_key(const char *s, size_t n)
{
    static const char *const keys[] = { "password", "pass", "pwd", "sslpassword" };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strlen(keys[i]) == n && strncasecmp(s, keys[i], n) == 0)
            return true;
    return false;
}

/* Replaces the password of the userinfo and the values of password-like query parameters. */
char *sqlx_url_redact(const char *text, struct sqlx_arena *a)
{
    if (!text)
        return NULL;
    size_t n = strlen(text);
    size_t secrets = 2;
    for (const char *c = text; *c; c++)
        secrets += *c == '&';
    char *d = sqlx_arena_alloc(a, n + 1 + 3 * secrets);
    size_t j = 0;
    const char *sep = strstr(text, "://");
    const char *p = text;
    if (sep) {
        const char *auth = sep + 3;
        size_t alen = strcspn(auth, "/?");
        const char *at = NULL;
        for (size_t i = 0; i < alen; i++)
            if (auth[i] == '@')
                at = auth + i;
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon) {
            memcpy(d, text, (size_t)(colon + 1 - text));
            j = (size_t)(colon + 1 - text);
            memcpy(d + j, "***", 3);
            j += 3;
            p = at;
        }
    }
    const char *q = strchr(p, '?');
    size_t upto = q ? (size_t)(q + 1 - p) : strlen(p);
    memcpy(d + j, p, upto);
    j += upto;
    if (q) {
        p = q + 1;
        while (*p) {
            size_t seg = strcspn(p, "&");
            const char *eq = memchr(p, '=', seg);
            if (eq && is_secret_key(p, (size_t)(eq - p))) {
                size_t klen = (size_t)(eq + 1 - p);
                memcpy(d + j, p, klen);
                j += klen;
                memcpy(d + j, "***", 3);
                j += 3;
            } else {
                memcpy(d + j, p, seg);
                j += seg;
            }
            p += seg;
            if (*p == '&')
                d[j++] = *p++;
        }
    }
    d[j] = '\0';
    return d;
}
