/* JSON responses and the error shape {"error":{"code","message","details","hint"}}. Owns the
 * mapping from error values to HTTP statuses; must not decide anything about routes. */
#include "api/reply.h"

#include <string.h>

void sqlx_api_reply_json(struct sqlx_http_resp *resp, int status, struct sqlx_jw *w)
{
    sqlx_buf_reset(&resp->body);
    resp->status = status;
    resp->content_type = "application/json";
    sqlx_jw_init(w, &resp->body, false);
}

void sqlx_api_reply_error(struct sqlx_http_resp *resp, int status, const char *code,
                          const char *message, const char *details_json, const char *hint)
{
    struct sqlx_jw w;
    sqlx_api_reply_json(resp, status, &w);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "error");
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "code");
    sqlx_jw_str(&w, code);
    sqlx_jw_key(&w, "message");
    sqlx_jw_str(&w, message);
    sqlx_jw_key(&w, "details");
    if (details_json)
        sqlx_jw_raw(&w, details_json, strlen(details_json));
    else
        sqlx_jw_null(&w);
    sqlx_jw_key(&w, "hint");
    if (hint && *hint)
        sqlx_jw_str(&w, hint);
    else
        sqlx_jw_null(&w);
    sqlx_jw_obj_end(&w);
    sqlx_jw_obj_end(&w);
}

static void constraint_details(const struct sqlx_err *err, struct sqlx_buf *out)
{
    struct sqlx_jw w;
    sqlx_jw_init(&w, out, false);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "constraint");
    sqlx_jw_str(&w, err->constraint);
    if (err->engine_code) {
        sqlx_jw_key(&w, "engine_code");
        sqlx_jw_int(&w, err->engine_code);
    }
    if (err->sqlstate[0]) {
        sqlx_jw_key(&w, "sqlstate");
        sqlx_jw_str(&w, err->sqlstate);
    }
    sqlx_jw_obj_end(&w);
}

void sqlx_api_reply_err(struct sqlx_http_resp *resp, const struct sqlx_err *err)
{
    int status = 500;
    const char *code = "internal_error";
    const char *hint = err->hint[0] ? err->hint : NULL;
    struct sqlx_buf details;
    sqlx_buf_init(&details, 0);

    switch (err->code) {
    case SQLX_ECONSTRAINT:
        constraint_details(err, &details);
        switch (err->constraint_kind) {
        case SQLX_CONSTRAINT_UNIQUE:
        case SQLX_CONSTRAINT_PRIMARY_KEY:
            status = 409;
            code = "conflict";
            break;
        case SQLX_CONSTRAINT_FOREIGN_KEY:
            status = 409;
            code = "foreign_key_violation";
            if (!hint)
                hint = "A referenced row does not exist, or other rows still reference this one.";
            break;
        default:
            /* CHECK and NOT NULL: the same 422 as our own validation, naming the constraint. */
            status = 422;
            code = "validation_failed";
            break;
        }
        break;
    case SQLX_EINVAL:
    case SQLX_EPARSE:
        status = 400;
        code = "invalid_parameter";
        break;
    case SQLX_ENOTFOUND:
        status = 404;
        code = "not_found";
        break;
    case SQLX_ETOOBIG:
        status = 413;
        code = "payload_too_large";
        break;
    case SQLX_ETIMEOUT:
    case SQLX_EBUSY:
    case SQLX_EIO:
        status = 503;
        code = "database_unavailable";
        break;
    case SQLX_EUNSUPPORTED:
        status = 501;
        code = "not_implemented";
        break;
    default:
        break;
    }
    sqlx_api_reply_error(resp, status, code, err->message[0] ? err->message : "internal error",
                         details.len ? details.data : NULL, hint);
    sqlx_buf_free(&details);
}
