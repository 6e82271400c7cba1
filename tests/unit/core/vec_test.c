/* Tests for core/vec.c: heap and arena growth, get/pop bounds, iteration. */
#include <criterion/criterion.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/vec.h"

Test(vec, push_get_pop)
{
    struct sqlx_vec v;
    sqlx_vec_init(&v);
    cr_assert_null(sqlx_vec_get(&v, 0));
    cr_assert_null(sqlx_vec_pop(&v));
    for (intptr_t i = 1; i <= 1000; i++)
        sqlx_vec_push(&v, (void *)i);
    cr_assert_eq(v.len, 1000);
    cr_assert_eq((intptr_t)sqlx_vec_get(&v, 0), 1);
    cr_assert_eq((intptr_t)sqlx_vec_get(&v, 999), 1000);
    cr_assert_null(sqlx_vec_get(&v, 1000));
    cr_assert_eq((intptr_t)sqlx_vec_pop(&v), 1000);
    cr_assert_eq(v.len, 999);
    sqlx_vec_free(&v);
    cr_assert_eq(v.len, 0);
    cr_assert_null(v.items);
}

Test(vec, arena_growth)
{
    struct sqlx_arena a;
    struct sqlx_vec v;
    sqlx_arena_init(&a, 0);
    sqlx_vec_init(&v);
    for (intptr_t i = 0; i < 500; i++)
        sqlx_vec_push_arena(&v, &a, (void *)(i * 3));
    cr_assert_eq(v.len, 500);
    for (size_t i = 0; i < 500; i++)
        cr_assert_eq((intptr_t)sqlx_vec_get(&v, i), (intptr_t)i * 3);
    sqlx_arena_free(&a); /* the array dies with the arena; no sqlx_vec_free */
}

Test(vec, foreach_visits_in_order)
{
    struct sqlx_vec v;
    const char *s;
    const char *words[] = { "a", "b", "c" };
    char seen[4] = { 0 };
    int n = 0;
    sqlx_vec_init(&v);
    for (int i = 0; i < 3; i++)
        sqlx_vec_push(&v, (void *)words[i]);
    sqlx_vec_foreach(&v, const char *, s)
    {
        seen[n++] = s[0];
    }
    cr_assert_str_eq(seen, "abc");
    sqlx_vec_free(&v);
}
