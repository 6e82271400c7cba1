/* Arena allocator: one per unit of work (HTTP request, connection, CLI command). Allocations are
 * freed together by sqlx_arena_reset or sqlx_arena_free; reset callbacks release non-memory
 * resources (statements, pooled connections) in reverse order of registration. Not thread-safe. */
#ifndef SQLX_CORE_ARENA_H
#define SQLX_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "core/err.h"

struct sqlx_arena_block;
struct sqlx_arena_cleanup;

struct sqlx_arena {
    struct sqlx_arena_block *head;       /* newest block first */
    struct sqlx_arena_cleanup *cleanups; /* newest first */
    size_t block_size;                   /* default size of new blocks */
    size_t total;                        /* bytes handed out since last reset */
};

/* block_size 0 picks a default (8 KiB). */
void sqlx_arena_init(struct sqlx_arena *a, size_t block_size);
void *sqlx_arena_alloc(struct sqlx_arena *a, size_t n);   /* 16-byte aligned, uninitialised */
void *sqlx_arena_zalloc(struct sqlx_arena *a, size_t n);  /* zeroed */
char *sqlx_arena_strdup(struct sqlx_arena *a, const char *s);
char *sqlx_arena_strndup(struct sqlx_arena *a, const char *s, size_t n);
/* Copies exactly n bytes (NUL bytes included) and appends a NUL. */
char *sqlx_arena_memdup(struct sqlx_arena *a, const void *p, size_t n);
char *sqlx_arena_printf(struct sqlx_arena *a, const char *fmt, ...) SQLX_PRINTF(2, 3);
char *sqlx_arena_vprintf(struct sqlx_arena *a, const char *fmt, va_list ap) SQLX_PRINTF(2, 0);
/* Registers fn(arg) to run at the next reset or free. */
void sqlx_arena_on_reset(struct sqlx_arena *a, void (*fn)(void *), void *arg);
/* Runs cleanups, frees all blocks but the first (kept for reuse). */
void sqlx_arena_reset(struct sqlx_arena *a);
void sqlx_arena_free(struct sqlx_arena *a);

#endif
