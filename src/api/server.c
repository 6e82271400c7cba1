/* libmicrohttpd glue: one request context per HTTP request (arena + body buffer), query arguments
 * collected with their lengths, the response handed back to MHD. Knows nothing of tables; every
 * decision about a request is made by sqlx_api_handle. */
#include "api/server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "api/reply.h"
#include "core/alloc.h"
#include "core/log.h"
#include "core/url.h"

struct sqlx_server {
    struct MHD_Daemon *daemon;
    struct sqlx_api *api;
};

/* Per-request state, from the first header callback to the completion callback. */
struct req_ctx {
    struct sqlx_arena arena; /* dies with the request */
    struct sqlx_buf body;    /* the uploaded body */
    bool too_big;            /* body exceeded max_body: answer 413 */
    bool answered;           /* a response was queued early */
    struct sqlx_vec args;    /* struct sqlx_http_arg * */
};

/* MHD is told not to decode anything (see no_unescape), so keys and values arrive raw and are
 * decoded here, '+' as a space as in every query string. */
static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   size_t key_size, const char *value, size_t value_size)
{
    struct req_ctx *rc = cls;
    (void)kind;
    struct sqlx_http_arg *arg = sqlx_arena_zalloc(&rc->arena, sizeof(*arg));
    char *k = sqlx_arena_memdup(&rc->arena, key, key_size);
    arg->key_len = sqlx_percent_decode(k, key_size, true);
    arg->key = k;
    if (value) {
        char *v = sqlx_arena_memdup(&rc->arena, value, value_size);
        arg->value_len = sqlx_percent_decode(v, value_size, true);
        arg->value = v;
    } else {
        arg->value = "";
        arg->value_len = 0;
    }
    sqlx_vec_push_arena(&rc->args, &rc->arena, arg);
    return MHD_YES;
}

/* Keeps the request line raw: MHD would otherwise decode the path before the router could split
 * it, so that /t/a%2Fb looked like /t/a/b and a decoded key could be decoded twice. */
static size_t no_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    return strlen(s);
}

static enum MHD_Result send_response(struct MHD_Connection *conn, struct sqlx_http_resp *resp)
{
    size_t len = resp->body.len;
    char *data = sqlx_buf_steal(&resp->body);
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data ? data : (char *)"",
                                                             data ? MHD_RESPMEM_MUST_FREE
                                                                  : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        sqlx_free(data);
        return MHD_NO;
    }
    if (resp->content_type)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
    if (resp->allow)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, resp->allow);
    if (resp->location)
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, resp->location);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)resp->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result reply_too_big(struct sqlx_server *srv, struct MHD_Connection *conn)
{
    struct sqlx_http_resp resp = { 0 };
    char msg[128];
    sqlx_buf_init(&resp.body, 0);
    snprintf(msg, sizeof(msg), "request body is larger than the limit of %zu bytes",
             srv->api->cfg.max_body);
    sqlx_api_reply_error(&resp, 413, "payload_too_large", msg, NULL,
                         "Send a smaller body, or start the server with a larger --max-body.");
    return send_response(conn, &resp);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    struct sqlx_server *srv = cls;
    struct req_ctx *rc = *con_cls;
    (void)version;
    if (!rc) {
        rc = sqlx_calloc(1, sizeof(*rc));
        sqlx_arena_init(&rc->arena, 8192);
        sqlx_buf_init(&rc->body, 0);
        sqlx_vec_init(&rc->args);
        *con_cls = rc;
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > srv->api->cfg.max_body) {
            rc->answered = true;
            return reply_too_big(srv, conn);
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!rc->too_big && !rc->answered) {
            if (rc->body.len + *upload_data_size > srv->api->cfg.max_body)
                rc->too_big = true;
            else
                sqlx_buf_put(&rc->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (rc->answered)
        return MHD_YES;
    if (rc->too_big)
        return reply_too_big(srv, conn);

    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, collect_arg, rc);
    struct sqlx_http_req req = {
        .arena = &rc->arena,
        .method = sqlx_http_method_parse(method),
        .method_name = method,
        .path = url,
        .content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                    MHD_HTTP_HEADER_CONTENT_TYPE),
        .nargs = rc->args.len,
        .body = rc->body.len ? rc->body.data : NULL,
        .body_len = rc->body.len,
    };
    req.args = sqlx_arena_alloc(&rc->arena, (rc->args.len + 1) * sizeof(*req.args));
    for (size_t i = 0; i < rc->args.len; i++)
        req.args[i] = *(struct sqlx_http_arg *)rc->args.items[i];

    struct sqlx_http_resp resp = { 0 };
    sqlx_buf_init(&resp.body, 0);
    sqlx_api_handle(srv->api, &req, &resp);
    enum MHD_Result ret = send_response(conn, &resp);
    sqlx_buf_free(&resp.body);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    struct req_ctx *rc = *con_cls;
    if (!rc)
        return;
    sqlx_arena_free(&rc->arena);
    sqlx_buf_free(&rc->body);
    sqlx_free(rc);
    *con_cls = NULL;
}

int sqlx_server_start(struct sqlx_api *api, struct sqlx_server **out, struct sqlx_err *err)
{
    struct sockaddr_in6 sa6 = { 0 };
    struct sockaddr_in sa4 = { 0 };
    struct sockaddr *sa;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    const char *host = api->cfg.host;
    if (strcmp(host, "localhost") == 0)
        host = "127.0.0.1";
    if (inet_pton(AF_INET, host, &sa4.sin_addr) == 1) {
        sa4.sin_family = AF_INET;
        sa4.sin_port = htons((uint16_t)api->cfg.port);
        sa = (struct sockaddr *)&sa4;
    } else if (inet_pton(AF_INET6, host, &sa6.sin6_addr) == 1) {
        sa6.sin6_family = AF_INET6;
        sa6.sin6_port = htons((uint16_t)api->cfg.port);
        sa = (struct sockaddr *)&sa6;
        flags |= MHD_USE_IPv6;
    } else {
        return sqlx_err_set(err, SQLX_EINVAL, "invalid listen address \"%s\": expected an IPv4 or IPv6 address", api->cfg.host);
    }
    struct sqlx_server *s = sqlx_calloc(1, sizeof(*s));
    s->api = api;
    s->daemon = MHD_start_daemon(flags, (uint16_t)api->cfg.port, NULL, NULL, on_request, s,
                                 MHD_OPTION_SOCK_ADDR, sa,
                                 MHD_OPTION_THREAD_POOL_SIZE, (unsigned)api->cfg.threads,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
                                 MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
                                 MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
                                 MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
                                 MHD_OPTION_END);
    if (!s->daemon) {
        sqlx_free(s);
        return sqlx_err_set(err, SQLX_EIO, "cannot listen on %s port %d: address in use or not permitted", api->cfg.host, api->cfg.port);
    }
    *out = s;
    return 0;
}

void sqlx_server_stop(struct sqlx_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    sqlx_free(s);
}
