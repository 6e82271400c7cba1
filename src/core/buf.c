/* The growable byte buffer and the string slice. Owns the buffer's heap array (through
 * core/alloc.h). Writes over the buffer's max are dropped and set the sticky `failed` flag; no
 * write ever reports an error any other way. */
#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"

struct sqlx_str sqlx_str_from(const char *s)
{
    struct sqlx_str r = { s, s ? strlen(s) : 0 };
    return r;
}

bool sqlx_str_eq(struct sqlx_str a, const char *b)
{
    size_t n = strlen(b);
    return a.len == n && (n == 0 || memcmp(a.ptr, b, n) == 0);
}

bool sqlx_str_eqi(struct sqlx_str a, const char *b)
{
    size_t n = strlen(b);
    return a.len == n && (n == 0 || strncasecmp(a.ptr, b, n) == 0);
}

void sqlx_buf_init(struct sqlx_buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
    b->failed = false;
}

void sqlx_buf_free(struct sqlx_buf *b)
{
    sqlx_free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
}

void sqlx_buf_reset(struct sqlx_buf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

/* Makes room for extra more bytes plus the terminating NUL. Growth doubles, so appends are
 * amortised O(1). */
void sqlx_buf_reserve(struct sqlx_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        sqlx_oom(SIZE_MAX);
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    b->data = sqlx_realloc(b->data, cap);
    b->cap = cap;
}

/* True when n more bytes fit under max; otherwise marks the buffer failed. */
static bool fits(struct sqlx_buf *b, size_t n)
{
    if (b->max && (n > b->max || b->len > b->max - n)) {
        b->failed = true;
        return false;
    }
    return true;
}

void sqlx_buf_put(struct sqlx_buf *b, const void *p, size_t n)
{
    if (!fits(b, n))
        return;
    if (b->cap - b->len <= n || !b->data)
        sqlx_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sqlx_buf_putc(struct sqlx_buf *b, char c)
{
    if (!fits(b, 1))
        return;
    if (b->cap - b->len <= 1 || !b->data)
        sqlx_buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void sqlx_buf_puts(struct sqlx_buf *b, const char *s)
{
    sqlx_buf_put(b, s, strlen(s));
}

void sqlx_buf_printf(struct sqlx_buf *b, const char *fmt, ...)
{
    va_list ap;
    sqlx_buf_reserve(b, 64);
    size_t room = b->cap - b->len;
    va_start(ap, fmt);
    int n = vsnprintf(b->data + b->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->data[b->len] = '\0';
        b->failed = true;
        return;
    }
    if ((size_t)n >= room) {
        sqlx_buf_reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (!fits(b, (size_t)n)) {
        b->data[b->len] = '\0';
        return;
    }
    b->len += (size_t)n;
}

/* Decimal digits by hand: this runs for every integer of every JSON response. */
void sqlx_buf_put_i64(struct sqlx_buf *b, int64_t v)
{
    char tmp[24];
    char *end = tmp + sizeof tmp;
    char *p = end;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    sqlx_buf_put(b, p, (size_t)(end - p));
}

void sqlx_buf_put_u16be(struct sqlx_buf *b, uint16_t v)
{
    unsigned char x[2] = { (unsigned char)(v >> 8), (unsigned char)v };
    sqlx_buf_put(b, x, 2);
}

void sqlx_buf_put_u32be(struct sqlx_buf *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 8), (unsigned char)v };
    sqlx_buf_put(b, x, 4);
}

void sqlx_buf_put_u32le(struct sqlx_buf *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    sqlx_buf_put(b, x, 4);
}

/* An untouched buffer still yields an empty string, so the caller always gets memory to free. */
char *sqlx_buf_steal(struct sqlx_buf *b)
{
    char *d = b->data;
    if (!d) {
        d = sqlx_malloc(1);
        d[0] = '\0';
    }
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = false;
    return d;
}
