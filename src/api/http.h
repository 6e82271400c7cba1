/* HTTP request and response as the API handlers see them, independent of libmicrohttpd: the
 * server glue (server.c) fills a request and sends the response. Everything a request needs lives
 * in its arena, which dies when the response has been sent. */
#ifndef SQLX_API_HTTP_H
#define SQLX_API_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"

enum sqlx_http_method {
    SQLX_HTTP_GET, SQLX_HTTP_HEAD, SQLX_HTTP_POST, SQLX_HTTP_PUT, SQLX_HTTP_PATCH,
    SQLX_HTTP_DELETE, SQLX_HTTP_OPTIONS, SQLX_HTTP_OTHER,
};

struct sqlx_http_arg {
    const char *key;   /* percent-decoded, NUL-terminated */
    size_t key_len;    /* may be less than strlen when the key held %00 */
    const char *value; /* percent-decoded; "" for a bare key */
    size_t value_len;
    bool used;         /* set by the handler that consumed it */
};

struct sqlx_http_req {
    struct sqlx_arena *arena;      /* the request's arena */
    enum sqlx_http_method method;
    const char *method_name;       /* as sent */
    const char *path;              /* raw path, still percent-encoded */
    const char *content_type;      /* NULL when absent */
    struct sqlx_http_arg *args;    /* query arguments in order */
    size_t nargs;
    const char *body;              /* NUL-terminated copy of the body, NULL when none */
    size_t body_len;
};

struct sqlx_http_resp {
    int status;
    const char *content_type;      /* static string */
    struct sqlx_buf body;          /* heap buffer, handed to the server */
    const char *allow;             /* Allow header for 405, static or arena */
    const char *location;          /* Location header for 201, arena */
};

const char *sqlx_http_method_name(enum sqlx_http_method m);
enum sqlx_http_method sqlx_http_method_parse(const char *name);
#endif
