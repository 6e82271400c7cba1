/* The HTTP server: libmicrohttpd with an internal thread pool, feeding requests to
 * sqlx_api_handle. Collects bodies up to the configured limit (413 beyond it). */
#ifndef SQLX_API_SERVER_H
#define SQLX_API_SERVER_H

#include "api/api.h"
#include "core/err.h"

struct sqlx_server;

/* Starts listening on api->cfg.host:port. */
int sqlx_server_start(struct sqlx_api *api, struct sqlx_server **out,
                      struct sqlx_err *err) SQLX_MUST_CHECK;
/* Stops accepting, waits for requests in flight, frees the server. */
void sqlx_server_stop(struct sqlx_server *s);

#endif
