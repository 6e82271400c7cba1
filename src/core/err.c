/* The error value's setters and the stable names of error codes. Owns no memory: every field of
 * struct sqlx_err is a fixed array, so an error can be filled anywhere, even when out of memory. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void sqlx_err_clear(struct sqlx_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

/* Formats through a scratch copy so that a message may quote the error's own previous text, as in
 * sqlx_err_set(err, err->code, "file \"%s\": %s", path, err->message). All fields are cleared, not
 * only detail, hint and position, so no SQLSTATE or constraint from an earlier error lingers. */
int sqlx_err_set(struct sqlx_err *err, enum sqlx_code code, const char *fmt, ...)
{
    if (!err)
        return code;
    char msg[sizeof err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sqlx_err_clear(err);
    err->code = code;
    memcpy(err->message, msg, sizeof msg);
    return code;
}

void sqlx_err_detail(struct sqlx_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    char tmp[sizeof err->detail];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    memcpy(err->detail, tmp, sizeof tmp);
}

void sqlx_err_hint(struct sqlx_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    char tmp[sizeof err->hint];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    memcpy(err->hint, tmp, sizeof tmp);
}

const char *sqlx_code_name(enum sqlx_code code)
{
    switch (code) {
    case SQLX_OK:
        return "ok";
    case SQLX_EINVAL:
        return "invalid";
    case SQLX_ENOTFOUND:
        return "not_found";
    case SQLX_EIO:
        return "io";
    case SQLX_EPARSE:
        return "parse";
    case SQLX_EENGINE:
        return "engine";
    case SQLX_ECONSTRAINT:
        return "constraint";
    case SQLX_ETOOBIG:
        return "too_big";
    case SQLX_ETIMEOUT:
        return "timeout";
    case SQLX_EUNSUPPORTED:
        return "unsupported";
    case SQLX_EINTERNAL:
        return "internal";
    case SQLX_EBUSY:
        return "busy";
    }
    return "unknown";
}
