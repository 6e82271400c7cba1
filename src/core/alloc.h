/* Process-wide allocation wrappers. Every heap allocation outside an arena goes through here so
 * the out-of-memory policy is decided once: log and abort. Callers never see NULL. */
#ifndef SQLX_CORE_ALLOC_H
#define SQLX_CORE_ALLOC_H

#include <stddef.h>

void *sqlx_malloc(size_t n);
void *sqlx_calloc(size_t count, size_t n);
void *sqlx_realloc(void *p, size_t n);
char *sqlx_strdup(const char *s);
char *sqlx_strndup(const char *s, size_t n);
void sqlx_free(void *p);
/* Gives free heap pages back to the system: for after a large, short-lived burst of allocations
 * (parsing documents), whose pages would otherwise stay resident. No effect where the C library
 * cannot do it. */
void sqlx_heap_trim(void);

/* Never returns: prints what failed to stderr and aborts. */
void sqlx_oom(size_t n) __attribute__((noreturn));

#endif
