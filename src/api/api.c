/* Opening and closing the API application: packs, pool, schema snapshot, OpenAPI document.
 * Owns everything in struct sqlx_api; request handling lives in rest.c. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/openapi.h"
#include "core/alloc.h"
#include "schema/introspect.h"
#include "wire/conn.h"
#include "wire/pool.h"

#ifndef SQLX_VERSION
#define SQLX_VERSION "0.1.0"
#endif

void sqlx_api_config_defaults(struct sqlx_api_config *cfg)
{
    if (!cfg->host)
        cfg->host = "127.0.0.1";
    if (!cfg->port)
        cfg->port = 8080;
    if (cfg->threads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        cfg->threads = n > 0 ? (int)n : 2;
    }
    if (!cfg->pool_size)
        cfg->pool_size = (size_t)cfg->threads + 2;
    if (!cfg->max_body)
        cfg->max_body = 1024 * 1024;
    if (!cfg->default_limit)
        cfg->default_limit = 20;
    if (!cfg->max_limit)
        cfg->max_limit = 1000;
    if (!cfg->acquire_timeout_ms)
        cfg->acquire_timeout_ms = 5000;
}

int sqlx_api_open(struct sqlx_api *api, const struct sqlx_api_config *cfg, struct sqlx_err *err)
{
    memset(api, 0, sizeof(*api));
    api->cfg = *cfg;
    sqlx_api_config_defaults(&api->cfg);
    int rc = sqlx_packset_load(sqlx_pack_dir(), &api->packs, err);
    if (rc < 0)
        return rc;

    struct sqlx_pool_config pc = {
        .url = api->cfg.db_url,
        .min = 1,
        .max = api->cfg.pool_size,
        .max_waiters = 4096,
        .acquire_timeout_ms = api->cfg.acquire_timeout_ms,
        .idle_timeout_ms = 60000,
    };
    rc = sqlx_pool_create(&pc, &api->packs, &api->pool, err);
    if (rc < 0)
        goto fail;
    struct sqlx_conn *c = sqlx_pool_acquire(api->pool, err);
    if (!c) {
        rc = err->code ? err->code : SQLX_EINTERNAL;
        goto fail;
    }
    api->dialect = &c->pack->dialect;
    api->schema = sqlx_schema_introspect(c, err);
    sqlx_pool_release(api->pool, c);
    if (!api->schema) {
        rc = err->code ? err->code : SQLX_EINTERNAL;
        goto fail;
    }

    struct sqlx_buf doc;
    sqlx_buf_init(&doc, 0);
    char server[300];
    snprintf(server, sizeof(server), "http://%s:%d", api->cfg.host, api->cfg.port);
    struct sqlx_openapi_opts oo = {
        .title = "SQLx OS API",
        .version = SQLX_VERSION,
        .server_url = server,
        .max_limit = api->cfg.max_limit,
        .default_limit = api->cfg.default_limit,
        .license_name = "MIT",
        .license_url = "https://opensource.org/licenses/MIT",
    };
    sqlx_api_openapi(api->schema, &oo, &doc);
    api->openapi_len = doc.len;
    api->openapi = sqlx_buf_steal(&doc);
    return 0;
fail:
    sqlx_api_close(api);
    return rc;
}

void sqlx_api_close(struct sqlx_api *api)
{
    if (api->pool)
        sqlx_pool_destroy(api->pool);
    if (api->schema)
        sqlx_schema_free(api->schema);
    sqlx_free(api->openapi);
    sqlx_packset_free(&api->packs);
    memset(api, 0, sizeof(*api));
}
