/* Response helpers: the JSON error shape {"error":{"code","message","details","hint"}} and the
 * mapping from error values (engine errors included) to HTTP statuses and error codes. */
#ifndef SQLX_API_REPLY_H
#define SQLX_API_REPLY_H

#include "api/http.h"
#include "core/err.h"
#include "core/json.h"

/* Starts a JSON body: resets resp->body, sets status and content type, returns a writer. */
void sqlx_api_reply_json(struct sqlx_http_resp *resp, int status, struct sqlx_jw *w);
/* Writes a whole error response. details_json is raw JSON text or NULL (null). */
void sqlx_api_reply_error(struct sqlx_http_resp *resp, int status, const char *code,
                          const char *message, const char *details_json, const char *hint);
/* Error from an sqlx_err: maps engine constraint errors to 409/422, timeouts to 503, parse
 * errors to 400, not found to 404, others to 500. */
void sqlx_api_reply_err(struct sqlx_http_resp *resp, const struct sqlx_err *err);

#endif
