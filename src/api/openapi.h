/* The OpenAPI 3.0.3 document for a schema: every route of the REST contract (docs/api.md) with its
 * parameters, request bodies and response schemas derived from the column types. Pure: reads the
 * schema, writes JSON text, touches no database or socket. */
#ifndef SQLX_API_OPENAPI_H
#define SQLX_API_OPENAPI_H

#include <stdbool.h>

#include "core/buf.h"
#include "schema/model.h"

struct sqlx_openapi_opts {
    const char *title;        /* info.title, e.g. "SQLx OS API: demo" */
    const char *version;      /* info.version, the sqlx version */
    const char *server_url;   /* servers[0].url, e.g. "http://127.0.0.1:8080"; NULL gives "/" */
    int max_limit;            /* list `limit` maximum (1000) */
    int default_limit;        /* list `limit` default (20) */
    bool pretty;              /* indent the output (files for people); compact when false */
    const char *license_name; /* info.license.name; NULL gives "Proprietary" */
    const char *license_url;  /* info.license.url; NULL to omit */
};

/* Appends the whole document to out. o may be NULL (defaults: title "SQLx OS API", version
 * "0.0.0", limits 20/1000); zero or NULL fields take the same defaults. When server_url is NULL
 * the document names the relative server "/" (the host that served it). */
void sqlx_api_openapi(const struct sqlx_schema *s, const struct sqlx_openapi_opts *o,
                      struct sqlx_buf *out);

#endif
