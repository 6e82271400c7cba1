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

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t sqlx_http_unescape(char *s, size_t len, bool plus)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len && (hi = hexval(s[i + 1])) >= 0 && (lo = hexval(s[i + 2])) >= 0) {
            s[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (plus && s[i] == '+') {
            s[o++] = ' ';
        } else {
            s[o++] = s[i];
        }
    }
    if (o < len)
        s[o] = '\0';
    return o;
}
