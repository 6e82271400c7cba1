/* The API application: configuration, the pool, the published schema snapshot and the dialect,
 * plus the request entry point that routes one HTTP request to a REST handler. Independent of the
 * HTTP library (server.c is the libmicrohttpd glue). The struct is read-only while serving. */
#ifndef SQLX_API_API_H
#define SQLX_API_API_H

#include <stddef.h>

#include "api/http.h"
#include "core/err.h"
#include "schema/model.h"
#include "wire/pack.h"

struct sqlx_pool;

struct sqlx_api_config {
    const char *db_url;      /* database URL */
    const char *host;        /* listen address, default 127.0.0.1 */
    int port;                /* default 8080 */
    int threads;             /* HTTP worker threads, 0 = number of CPUs */
    size_t pool_size;        /* database connections, 0 = threads */
    size_t max_body;         /* request body limit in bytes, default 1 MiB */
    int default_limit;       /* list default page size (20) */
    int max_limit;           /* list maximum page size (1000) */
    int acquire_timeout_ms;  /* pool wait (5000) */
};

struct sqlx_api {
    struct sqlx_api_config cfg;
    struct sqlx_packset packs;
    struct sqlx_pool *pool;
    struct sqlx_schema *schema;       /* immutable snapshot */
    const struct sqlx_dialect *dialect;
    char *openapi;                    /* generated once at open; heap */
    size_t openapi_len;
};

/* Fills defaults for zero fields. */
void sqlx_api_config_defaults(struct sqlx_api_config *cfg);
/* Loads packs, opens the pool, introspects the schema, renders the OpenAPI document. */
int sqlx_api_open(struct sqlx_api *api, const struct sqlx_api_config *cfg,
                  struct sqlx_err *err) SQLX_MUST_CHECK;
void sqlx_api_close(struct sqlx_api *api);
/* Routes and answers one request. Never fails: every problem becomes an error response. */
void sqlx_api_handle(struct sqlx_api *api, struct sqlx_http_req *req, struct sqlx_http_resp *resp);

#endif
