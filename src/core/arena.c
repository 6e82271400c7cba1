/* Arena allocator. Owns a list of heap blocks and a list of reset callbacks; hands out 16-byte
 * aligned memory that lives until the next reset or free. Not thread-safe: one arena belongs to one
 * unit of work on one thread.
 *
 *   a->head -> [block: next | size | used | pad | data .......... ] -> older blocks -> NULL
 *
 * Requests larger than a quarter of the block size get a block of their own, linked behind the
 * current head so the head's free tail stays in use. */
#include "core/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

#define ARENA_ALIGN 16
#define ARENA_DEFAULT_BLOCK 8192

struct sqlx_arena_block {
    struct sqlx_arena_block *next; /* older block */
    size_t size;                   /* usable bytes at data */
    size_t used;                   /* bytes handed out from data */
    unsigned char *data;           /* first 16-byte aligned byte after this header */
};

struct sqlx_arena_cleanup {
    struct sqlx_arena_cleanup *next; /* registered earlier */
    void (*fn)(void *);              /* called once at reset or free */
    void *arg;                       /* passed to fn */
};

void sqlx_arena_init(struct sqlx_arena *a, size_t block_size)
{
    a->head = NULL;
    a->cleanups = NULL;
    a->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
    a->total = 0;
}

static size_t block_size_of(const struct sqlx_arena *a)
{
    return a->block_size ? a->block_size : ARENA_DEFAULT_BLOCK;
}

/* One heap allocation holds the header, padding up to the alignment, and size usable bytes. */
static struct sqlx_arena_block *block_new(size_t size)
{
    size_t hdr = sizeof(struct sqlx_arena_block);
    if (size > SIZE_MAX - hdr - ARENA_ALIGN)
        sqlx_oom(SIZE_MAX);
    struct sqlx_arena_block *blk = sqlx_malloc(hdr + ARENA_ALIGN + size);
    uintptr_t p = (uintptr_t)blk + hdr;
    p = (p + ARENA_ALIGN - 1) & ~(uintptr_t)(ARENA_ALIGN - 1);
    blk->data = (unsigned char *)p;
    blk->size = size;
    blk->used = 0;
    blk->next = NULL;
    return blk;
}

void *sqlx_arena_alloc(struct sqlx_arena *a, size_t n)
{
    if (n > SIZE_MAX - ARENA_ALIGN)
        sqlx_oom(n);
    size_t need = n ? (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : ARENA_ALIGN;
    size_t bs = block_size_of(a);
    struct sqlx_arena_block *blk = a->head;

    a->total += need;
    if (blk && blk->size - blk->used >= need) {
        void *p = blk->data + blk->used;
        blk->used += need;
        return p;
    }
    if (need > bs / 4) {
        struct sqlx_arena_block *big = block_new(need);
        big->used = need;
        if (blk) {
            big->next = blk->next;
            blk->next = big;
        } else {
            a->head = big;
        }
        return big->data;
    }
    blk = block_new(bs);
    blk->next = a->head;
    a->head = blk;
    blk->used = need;
    return blk->data;
}

void *sqlx_arena_zalloc(struct sqlx_arena *a, size_t n)
{
    void *p = sqlx_arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

/* NULL in gives NULL out, as sqlx_strdup does. */
char *sqlx_arena_strdup(struct sqlx_arena *a, const char *s)
{
    if (!s)
        return NULL;
    return sqlx_arena_strndup(a, s, strlen(s));
}

char *sqlx_arena_memdup(struct sqlx_arena *a, const void *p, size_t n)
{
    char *d = sqlx_arena_alloc(a, n + 1);
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

char *sqlx_arena_strndup(struct sqlx_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    const char *nul = memchr(s, '\0', n);
    size_t len = nul ? (size_t)(nul - s) : n;
    char *d = sqlx_arena_alloc(a, len + 1);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *sqlx_arena_vprintf(struct sqlx_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        char *empty = sqlx_arena_alloc(a, 1);
        empty[0] = '\0';
        return empty;
    }
    char *d = sqlx_arena_alloc(a, (size_t)n + 1);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    return d;
}

char *sqlx_arena_printf(struct sqlx_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *d = sqlx_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return d;
}

/* The record lives in the arena itself: it is read for the last time before the blocks go. */
void sqlx_arena_on_reset(struct sqlx_arena *a, void (*fn)(void *), void *arg)
{
    struct sqlx_arena_cleanup *c = sqlx_arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->arg = arg;
    c->next = a->cleanups;
    a->cleanups = c;
}

/* Newest first; a callback may register another, which then runs in the same pass. */
static void run_cleanups(struct sqlx_arena *a)
{
    while (a->cleanups) {
        struct sqlx_arena_cleanup *c = a->cleanups;
        a->cleanups = c->next;
        c->fn(c->arg);
    }
}

/* Keeps one block of the default size (the oldest such, which is the first the arena made) so a
 * reused arena allocates nothing in the common case; dedicated large blocks are always freed. */
void sqlx_arena_reset(struct sqlx_arena *a)
{
    run_cleanups(a);
    struct sqlx_arena_block *keep = NULL;
    struct sqlx_arena_block *blk = a->head;
    size_t bs = block_size_of(a);
    while (blk) {
        struct sqlx_arena_block *next = blk->next;
        if (blk->size == bs) {
            sqlx_free(keep);
            keep = blk;
        } else {
            sqlx_free(blk);
        }
        blk = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
    a->total = 0;
}

void sqlx_arena_free(struct sqlx_arena *a)
{
    run_cleanups(a);
    struct sqlx_arena_block *blk = a->head;
    while (blk) {
        struct sqlx_arena_block *next = blk->next;
        sqlx_free(blk);
        blk = next;
    }
    a->head = NULL;
    a->total = 0;
}
