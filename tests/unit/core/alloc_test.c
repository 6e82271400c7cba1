/* Tests for core/alloc.c: the wrappers return usable memory, copy strings exactly, and the
 * out-of-memory path aborts instead of returning NULL. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"

Test(alloc, malloc_zero_is_unique_pointer)
{
    void *a = sqlx_malloc(0);
    void *b = sqlx_malloc(0);
    cr_assert_not_null(a);
    cr_assert_not_null(b);
    cr_assert_neq(a, b);
    sqlx_free(a);
    sqlx_free(b);
}

Test(alloc, calloc_zeroes)
{
    unsigned char *p = sqlx_calloc(100, 3);
    for (int i = 0; i < 300; i++)
        cr_assert_eq(p[i], 0);
    sqlx_free(p);
}

Test(alloc, realloc_keeps_prefix)
{
    char *p = sqlx_malloc(4);
    memcpy(p, "abc", 4);
    p = sqlx_realloc(p, 1 << 20);
    cr_assert_str_eq(p, "abc");
    sqlx_free(p);
}

Test(alloc, strdup_and_strndup)
{
    char *s = sqlx_strdup("hello");
    cr_assert_str_eq(s, "hello");
    sqlx_free(s);
    s = sqlx_strndup("hello", 3);
    cr_assert_str_eq(s, "hel");
    sqlx_free(s);
    s = sqlx_strndup("hi", 10); /* stops at the NUL */
    cr_assert_str_eq(s, "hi");
    sqlx_free(s);
    cr_assert_null(sqlx_strdup(NULL));
}

Test(alloc, calloc_overflow_aborts, .signal = SIGABRT)
{
    void *p = sqlx_calloc(SIZE_MAX / 2, 4);
    sqlx_free(p);
}
