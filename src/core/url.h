/* Database URL parsing: sqlite:PATH, sqlite://PATH, postgresql://user:pass@host:port,host2/db?k=v,
 * mysql://..., mariadb://..., and any other scheme (it names a pack). Percent-decoding applies to
 * user, password, database and query values. Everything lives in the arena passed in. */
#ifndef SQLX_CORE_URL_H
#define SQLX_CORE_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct sqlx_arena;

struct sqlx_url_host {
    const char *host; /* without brackets for IPv6 */
    int port;         /* 0 when not given */
};

struct sqlx_url_param {
    const char *key;
    const char *value;
};

struct sqlx_url {
    const char *scheme;   /* lower-case: "sqlite", "postgresql" ("postgres" normalised), "mysql", ... */
    const char *user;     /* NULL when absent */
    const char *password; /* NULL when absent */
    struct sqlx_url_host *hosts;
    size_t nhosts;
    const char *database; /* path without leading '/', NULL when absent; for sqlite the file path */
    struct sqlx_url_param *params;
    size_t nparams;
};

int sqlx_url_parse(const char *text, struct sqlx_arena *a, struct sqlx_url *out,
                   struct sqlx_err *err) SQLX_MUST_CHECK;
/* Value of a query parameter, or NULL. */
const char *sqlx_url_param(const struct sqlx_url *u, const char *key);
/* Value of one hex digit, or -1. */
int sqlx_hex_digit(char c);
/* Decodes %XX escapes in place (and '+' as a space when plus is true, as in query strings);
 * a '%' not followed by two hex digits is kept as it is. NUL-terminates and returns the new
 * length, which may be less than strlen when an escape decoded to NUL. */
size_t sqlx_percent_decode(char *s, size_t len, bool plus);
/* The URL with the password replaced by "***", for logs and banners. */
char *sqlx_url_redact(const char *text, struct sqlx_arena *a);

#endif
