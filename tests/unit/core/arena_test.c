/* Tests for core/arena.c: alignment, block reuse after reset, dedicated blocks for large requests,
 * string helpers, and cleanup callbacks in reverse order. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/arena.h"

static size_t count_blocks(const struct sqlx_arena *a)
{
    /* The block struct is private; its first field is the next pointer. */
    size_t n = 0;
    for (const void *b = a->head; b; b = *(void *const *)b)
        n++;
    return n;
}

Test(arena, alignment_16)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 0);
    for (size_t n = 0; n < 100; n++) {
        void *p = sqlx_arena_alloc(&a, n);
        cr_assert_eq((uintptr_t)p % 16, 0, "size %zu gave %p", n, p);
        memset(p, 0xab, n);
    }
    void *big = sqlx_arena_alloc(&a, 100000);
    cr_assert_eq((uintptr_t)big % 16, 0);
    sqlx_arena_free(&a);
}

Test(arena, allocations_do_not_overlap)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 256);
    unsigned char *ptrs[200];
    for (int i = 0; i < 200; i++) {
        ptrs[i] = sqlx_arena_alloc(&a, 24);
        memset(ptrs[i], i, 24);
    }
    for (int i = 0; i < 200; i++)
        for (int j = 0; j < 24; j++)
            cr_assert_eq(ptrs[i][j], (unsigned char)i);
    cr_assert_gt(count_blocks(&a), 1);
    sqlx_arena_free(&a);
}

Test(arena, zalloc_zeroes_reused_memory)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 1024);
    unsigned char *p = sqlx_arena_alloc(&a, 64);
    memset(p, 0xff, 64);
    sqlx_arena_reset(&a);
    unsigned char *q = sqlx_arena_zalloc(&a, 64);
    cr_assert_eq(p, q, "the kept block is reused from its start");
    for (int i = 0; i < 64; i++)
        cr_assert_eq(q[i], 0);
    sqlx_arena_free(&a);
}

Test(arena, large_gets_own_block_and_head_keeps_serving)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 1024);
    char *small1 = sqlx_arena_alloc(&a, 16);
    void *head = a.head;
    char *big = sqlx_arena_alloc(&a, 5000);
    memset(big, 1, 5000);
    cr_assert_eq(a.head, head, "a dedicated block does not become the head");
    char *small2 = sqlx_arena_alloc(&a, 16);
    cr_assert_eq(small2, small1 + 16, "small allocations continue in the same block");
    cr_assert_eq(count_blocks(&a), 2);
    sqlx_arena_free(&a);
}

Test(arena, reset_keeps_one_block)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 512);
    for (int i = 0; i < 100; i++)
        (void)sqlx_arena_alloc(&a, 100);
    (void)sqlx_arena_alloc(&a, 10000);
    cr_assert_gt(count_blocks(&a), 5);
    cr_assert_geq(a.total, 100 * 100 + 10000);
    sqlx_arena_reset(&a);
    cr_assert_eq(count_blocks(&a), 1);
    cr_assert_eq(a.total, 0);
    sqlx_arena_free(&a);
    cr_assert_null(a.head);
}

Test(arena, reset_of_only_large_frees_all)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 512);
    (void)sqlx_arena_alloc(&a, 4096);
    sqlx_arena_reset(&a);
    cr_assert_eq(count_blocks(&a), 0);
    char *s = sqlx_arena_strdup(&a, "after");
    cr_assert_str_eq(s, "after");
    sqlx_arena_free(&a);
}

Test(arena, strings)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 0);
    cr_assert_str_eq(sqlx_arena_strdup(&a, "abc"), "abc");
    cr_assert_str_eq(sqlx_arena_strndup(&a, "abcdef", 3), "abc");
    cr_assert_str_eq(sqlx_arena_strndup(&a, "ab", 10), "ab");
    cr_assert_null(sqlx_arena_strdup(&a, NULL));
    cr_assert_str_eq(sqlx_arena_printf(&a, "%s=%d", "x", 5), "x=5");
    char big[20000];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char *s = sqlx_arena_printf(&a, "<%s>", big);
    cr_assert_eq(strlen(s), sizeof big + 1);
    cr_assert_eq(s[0], '<');
    cr_assert_eq(s[sizeof big], '>');
    sqlx_arena_free(&a);
}

static char order[8];
static int norder;

static void record(void *arg)
{
    order[norder++] = *(const char *)arg;
}

Test(arena, cleanups_run_newest_first_once)
{
    struct sqlx_arena a;
    static const char a1 = '1', a2 = '2', a3 = '3';
    sqlx_arena_init(&a, 0);
    sqlx_arena_on_reset(&a, record, (void *)&a1);
    sqlx_arena_on_reset(&a, record, (void *)&a2);
    sqlx_arena_on_reset(&a, record, (void *)&a3);
    sqlx_arena_reset(&a);
    cr_assert_eq(norder, 3);
    cr_assert_arr_eq(order, "321", 3);
    sqlx_arena_reset(&a);
    cr_assert_eq(norder, 3, "cleanups do not run twice");
    sqlx_arena_on_reset(&a, record, (void *)&a1);
    sqlx_arena_free(&a);
    cr_assert_eq(norder, 4, "free runs pending cleanups");
    cr_assert_eq(order[3], '1');
}

Test(arena, zero_initialised_arena_works)
{
    struct sqlx_arena a;
    memset(&a, 0, sizeof a);
    char *s = sqlx_arena_strdup(&a, "ok");
    cr_assert_str_eq(s, "ok");
    sqlx_arena_free(&a);
}
