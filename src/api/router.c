/* The router: splits the raw path into segments, answers the service routes (/, /healthz,
 * /openapi.json) and dispatches table routes to the REST handlers by method. Also the entry point
 * sqlx_api_handle, which returns the borrowed connection to the pool once the response is built. */
#include "api/rest_int.h"

#include <string.h>

#include "api/reply.h"
#include "core/url.h"
#include "wire/pool.h"

/* ---- router -------------------------------------------------------------------------------- */

static void method_not_allowed(struct rq *r, const char *allow)
{
    char *msg = sqlx_arena_printf(r->a, "method %s is not allowed on %s", r->req->method_name, r->req->path);
    sqlx_api_reply_error(r->resp, 405, "method_not_allowed", msg, NULL, NULL);
    r->resp->allow = allow;
}

static void handle_health(struct rq *r)
{
    struct sqlx_jw w;
    if (sqlx_api__conn(r) < 0)
        return;
    bool ok = sqlx_conn_ping(r->conn);
    if (!ok)
        r->conn->broken = true;
    sqlx_api_reply_json(r->resp, ok ? 200 : 503, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "status");
    sqlx_jw_str(&w, ok ? "ok" : "unavailable");
    sqlx_jw_key(&w, "database");
    sqlx_jw_str(&w, ok ? "ok" : "unreachable");
    sqlx_jw_obj_end(&w);
}

static void handle_index(struct rq *r)
{
    struct sqlx_jw w;
    sqlx_api_reply_json(r->resp, 200, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "name");
    sqlx_jw_str(&w, "sqlx");
    sqlx_jw_key(&w, "openapi");
    sqlx_jw_str(&w, "/openapi.json");
    sqlx_jw_key(&w, "tables");
    sqlx_jw_arr_begin(&w);
    const struct sqlx_table *t;
    sqlx_vec_foreach(&r->api->schema->tables, const struct sqlx_table *, t) {
        sqlx_jw_obj_begin(&w);
        sqlx_jw_key(&w, "name");
        sqlx_jw_str(&w, t->name);
        sqlx_jw_key(&w, "kind");
        sqlx_jw_str(&w, t->kind == SQLX_REL_VIEW ? "view" : "table");
        sqlx_jw_key(&w, "url");
        struct sqlx_buf u;
        sqlx_buf_init(&u, 0);
        sqlx_buf_printf(&u, "/%s", t->route);
        sqlx_jw_strn(&w, u.data, u.len);
        sqlx_buf_free(&u);
        sqlx_jw_obj_end(&w);
    }
    sqlx_jw_arr_end(&w);
    sqlx_jw_obj_end(&w);
}

/* Splits the path into at most 4 decoded segments; returns the count or -1 when deeper. */
/* Splits the raw (still percent-encoded) path into at most 4 segments. Names (table, relation)
 * are decoded here; the key segment stays raw so that its commas separate key columns and an
 * encoded %2C stays part of a value (sqlx_api__pk_where decodes each part). Returns the count, or
 * -1 when the path is deeper or a name decodes to something holding a NUL byte. */
static int split_path(struct sqlx_arena *a, const char *path, char **seg)
{
    int n = 0;
    const char *p = path;
    while (*p == '/')
        p++;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (n == 4)
            return -1;
        seg[n] = sqlx_arena_strndup(a, p, len);
        if (n != 1 && sqlx_percent_decode(seg[n], len, false) != strlen(seg[n]))
            return -1;
        n++;
        p += len;
        if (*p == '/')
            p++;
    }
    return n;
}

/* The service routes: GET only. Returns false when the path is not one of them. */
static bool service_route(struct rq *r, enum sqlx_http_method m, int n, char **seg)
{
    enum { INDEX, HEALTH, OPENAPI } which;
    if (n == 0)
        which = INDEX;
    else if (n == 1 && strcmp(seg[0], "healthz") == 0)
        which = HEALTH;
    else if (n == 1 && strcmp(seg[0], "openapi.json") == 0)
        which = OPENAPI;
    else
        return false;
    if (m != SQLX_HTTP_GET) {
        method_not_allowed(r, "GET, HEAD");
        return true;
    }
    switch (which) {
    case INDEX:
        handle_index(r);
        break;
    case HEALTH:
        handle_health(r);
        break;
    case OPENAPI:
        sqlx_buf_reset(&r->resp->body);
        sqlx_buf_put(&r->resp->body, r->api->openapi, r->api->openapi_len);
        r->resp->status = 200;
        r->resp->content_type = "application/json";
        break;
    }
    return true;
}

/* /{t}, /{t}/{pk}, /{t}/{pk}/{rel}: table and view routes by method. */
static void table_route(struct rq *r, enum sqlx_http_method m, const struct sqlx_table *t, int n,
                        char **seg)
{
    bool view = t->kind == SQLX_REL_VIEW;
    if (n == 1) {
        if (m == SQLX_HTTP_GET)
            sqlx_api__list(r, t, NULL);
        else if (m == SQLX_HTTP_POST && !view)
            sqlx_api__create(r, t);
        else
            method_not_allowed(r, view ? "GET, HEAD" : "GET, HEAD, POST");
        return;
    }
    if (n == 3) {
        if (m == SQLX_HTTP_GET)
            sqlx_api__relation(r, t, seg[1], seg[2]);
        else
            method_not_allowed(r, "GET, HEAD");
        return;
    }
    if (m == SQLX_HTTP_GET) {
        struct sqlx_expr *where = sqlx_api__pk_where(r, t, seg[1], NULL);
        if (where && sqlx_api__conn(r) == 0)
            sqlx_api__reply_one(r, t, where, seg[1], false, 200);
    } else if (view) {
        method_not_allowed(r, "GET, HEAD");
    } else if (m == SQLX_HTTP_PUT || m == SQLX_HTTP_PATCH) {
        sqlx_api__update(r, t, seg[1], m == SQLX_HTTP_PATCH);
    } else if (m == SQLX_HTTP_DELETE) {
        sqlx_api__delete(r, t, seg[1]);
    } else {
        method_not_allowed(r, "GET, HEAD, PUT, PATCH, DELETE");
    }
}

static void route(struct rq *r)
{
    struct sqlx_http_req *req = r->req;
    enum sqlx_http_method m = req->method == SQLX_HTTP_HEAD ? SQLX_HTTP_GET : req->method;
    char *seg[4] = { 0 };
    int n = split_path(r->a, req->path, seg);
    if (service_route(r, m, n, seg))
        return;
    const struct sqlx_table *t = n >= 1 && n <= 3 ? sqlx_schema_table(r->api->schema, seg[0]) : NULL;
    if (!t) {
        char *msg = n < 1 || n > 3
            ? sqlx_arena_printf(r->a, "no route for path \"%s\"", req->path)
            : sqlx_arena_printf(r->a, "table \"%s\" not found", seg[0]);
        sqlx_api_reply_error(r->resp, 404, "not_found", msg, NULL,
                             "GET / lists the tables; GET /openapi.json describes every route.");
        return;
    }
    table_route(r, m, t, n, seg);
}

void sqlx_api_handle(struct sqlx_api *api, struct sqlx_http_req *req, struct sqlx_http_resp *resp)
{
    struct rq r = { .api = api, .req = req, .resp = resp, .a = req->arena };
    sqlx_err_clear(&r.err);
    resp->status = 500;
    route(&r);
    if (r.conn)
        sqlx_pool_release(api->pool, r.conn);
}

