/* Process-wide allocation wrappers over the C library. Owns the out-of-memory policy: print what
 * failed and abort, so no caller ever handles NULL. Must not be bypassed outside src/core. */
#include "core/alloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

void sqlx_oom(size_t n)
{
    /* fprintf may itself allocate; fputs of fixed text first makes sure something is printed. */
    fputs("sqlx: fatal: out of memory\n", stderr);
    fprintf(stderr, "sqlx: failed to allocate %zu bytes\n", n);
    abort();
}

/* A zero-byte request still returns a unique pointer, so NULL only ever means "absent". */
void *sqlx_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        sqlx_oom(n);
    return p;
}

void *sqlx_calloc(size_t count, size_t n)
{
    if (n && count > SIZE_MAX / n)
        sqlx_oom(SIZE_MAX);
    void *p = calloc(count ? count : 1, n ? n : 1);
    if (!p)
        sqlx_oom(count * n);
    return p;
}

void *sqlx_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        sqlx_oom(n);
    return q;
}

/* NULL in gives NULL out, so optional strings can be copied without a branch at each caller. */
char *sqlx_strdup(const char *s)
{
    if (!s)
        return NULL;
    return sqlx_strndup(s, strlen(s));
}

/* Copies at most n bytes, stopping early at a NUL; the result is always NUL-terminated. */
char *sqlx_strndup(const char *s, size_t n)
{
    if (!s)
        return NULL;
    const char *nul = memchr(s, '\0', n);
    size_t len = nul ? (size_t)(nul - s) : n;
    if (len == SIZE_MAX)
        sqlx_oom(len);
    char *d = sqlx_malloc(len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void sqlx_free(void *p)
{
    free(p);
}

void sqlx_heap_trim(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
