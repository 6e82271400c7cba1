/* HTTP helpers shared by the server glue and the handlers: method names and percent-decoding.
 * No sockets here. */
#include "api/http.h"

#include <string.h>

static const char *const method_names[] = {
    [SQLX_HTTP_GET] = "GET",       [SQLX_HTTP_HEAD] = "HEAD",     [SQLX_HTTP_POST] = "POST",
    [SQLX_HTTP_PUT] = "PUT",       [SQLX_HTTP_PATCH] = "PATCH",   [SQLX_HTTP_DELETE] = "DELETE",
    [SQLX_HTTP_OPTIONS] = "OPTIONS", [SQLX_HTTP_OTHER] = "OTHER",
};

const char *sqlx_http_method_name(enum sqlx_http_method m)
{
    return m <= SQLX_HTTP_OTHER ? method_names[m] : "OTHER";
}

enum sqlx_http_method sqlx_http_method_parse(const char *name)
{
    for (int m = SQLX_HTTP_GET; m < SQLX_HTTP_OTHER; m++)
        if (strcmp(name, method_names[m]) == 0)
            return (enum sqlx_http_method)m;
    return SQLX_HTTP_OTHER;
}
