/* Tests for core/map.c: put/get/replace/delete, growth over many keys, tombstone reuse,
 * case-insensitive keys, length-bounded lookup, and iteration. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/map.h"

Test(map, put_get_replace)
{
    struct sqlx_map m;
    int one = 1, two = 2;
    sqlx_map_init(&m, false);
    cr_assert_null(sqlx_map_get(&m, "x"));
    cr_assert_null(sqlx_map_put(&m, "x", &one));
    cr_assert_eq(sqlx_map_get(&m, "x"), &one);
    cr_assert_eq(sqlx_map_put(&m, "x", &two), &one);
    cr_assert_eq(sqlx_map_get(&m, "x"), &two);
    cr_assert_eq(m.len, 1);
    cr_assert(sqlx_map_has(&m, "x"));
    cr_assert_not(sqlx_map_has(&m, "X"));
    sqlx_map_free(&m);
}

Test(map, keys_are_copied)
{
    struct sqlx_map m;
    char key[8] = "abc";
    int v = 5;
    sqlx_map_init(&m, false);
    sqlx_map_put(&m, key, &v);
    key[0] = 'z';
    cr_assert_eq(sqlx_map_get(&m, "abc"), &v);
    cr_assert_null(sqlx_map_get(&m, "zbc"));
    sqlx_map_free(&m);
}

Test(map, many_keys_and_deletes)
{
    struct sqlx_map m;
    char k[32];
    sqlx_map_init(&m, false);
    for (intptr_t i = 0; i < 5000; i++) {
        snprintf(k, sizeof k, "key%ld", (long)i);
        sqlx_map_put(&m, k, (void *)(i + 1));
    }
    cr_assert_eq(m.len, 5000);
    cr_assert_eq(m.cap & (m.cap - 1), 0, "capacity is a power of two");
    for (intptr_t i = 0; i < 5000; i += 2) {
        snprintf(k, sizeof k, "key%ld", (long)i);
        cr_assert_eq((intptr_t)sqlx_map_del(&m, k), i + 1);
    }
    cr_assert_eq(m.len, 2500);
    for (intptr_t i = 0; i < 5000; i++) {
        snprintf(k, sizeof k, "key%ld", (long)i);
        if (i % 2)
            cr_assert_eq((intptr_t)sqlx_map_get(&m, k), i + 1, "%s", k);
        else
            cr_assert_null(sqlx_map_get(&m, k), "%s", k);
    }
    cr_assert_null(sqlx_map_del(&m, "key0"), "second delete finds nothing");
    sqlx_map_free(&m);
}

Test(map, churn_does_not_fill_with_tombstones)
{
    struct sqlx_map m;
    char k[32];
    int v = 1;
    sqlx_map_init(&m, false);
    for (int i = 0; i < 100000; i++) {
        snprintf(k, sizeof k, "k%d", i);
        sqlx_map_put(&m, k, &v);
        cr_assert_eq(sqlx_map_del(&m, k), &v);
    }
    cr_assert_eq(m.len, 0);
    cr_assert_leq(m.cap, 64, "rehash drops tombstones instead of growing (cap %zu)", m.cap);
    sqlx_map_put(&m, "last", &v);
    cr_assert_eq(sqlx_map_get(&m, "last"), &v);
    sqlx_map_free(&m);
}

Test(map, nocase)
{
    struct sqlx_map m;
    int v = 1, w = 2;
    sqlx_map_init(&m, true);
    sqlx_map_put(&m, "Content-Type", &v);
    cr_assert_eq(sqlx_map_get(&m, "content-type"), &v);
    cr_assert_eq(sqlx_map_get(&m, "CONTENT-TYPE"), &v);
    cr_assert_eq(sqlx_map_put(&m, "CONTENT-type", &w), &v);
    cr_assert_eq(m.len, 1);
    cr_assert_eq(sqlx_map_del(&m, "content-TYPE"), &w);
    cr_assert_eq(m.len, 0);
    sqlx_map_free(&m);
}

Test(map, getn_uses_exact_length)
{
    struct sqlx_map m;
    int v = 1, w = 2;
    sqlx_map_init(&m, false);
    sqlx_map_put(&m, "id", &v);
    sqlx_map_put(&m, "idx", &w);
    cr_assert_eq(sqlx_map_getn(&m, "id,name", 2), &v);
    cr_assert_eq(sqlx_map_getn(&m, "idxyz", 3), &w);
    cr_assert_null(sqlx_map_getn(&m, "i", 1));
    cr_assert_null(sqlx_map_getn(&m, "id\0x", 4));
    sqlx_map_free(&m);
}

Test(map, foreach_sees_live_entries_only)
{
    struct sqlx_map m;
    int vals[4] = { 1, 2, 4, 8 };
    const char *keys[4] = { "a", "b", "c", "d" };
    int sum = 0, count = 0;
    sqlx_map_init(&m, false);
    for (int i = 0; i < 4; i++)
        sqlx_map_put(&m, keys[i], &vals[i]);
    sqlx_map_del(&m, "c");
    sqlx_map_foreach(&m, e)
    {
        sum += *(int *)e->value;
        count++;
    }
    cr_assert_eq(count, 3);
    cr_assert_eq(sum, 11);
    sqlx_map_free(&m);
}

Test(map, empty_map_lookups_and_foreach)
{
    struct sqlx_map m;
    int count = 0;
    sqlx_map_init(&m, false);
    cr_assert_null(sqlx_map_get(&m, "a"));
    cr_assert_null(sqlx_map_del(&m, "a"));
    sqlx_map_foreach(&m, e)
    {
        (void)e;
        count++;
    }
    cr_assert_eq(count, 0);
    sqlx_map_free(&m);
}

Test(map, empty_key)
{
    struct sqlx_map m;
    int v = 3;
    sqlx_map_init(&m, false);
    sqlx_map_put(&m, "", &v);
    cr_assert_eq(sqlx_map_get(&m, ""), &v);
    sqlx_map_free(&m);
}
