/* Tests for core/buf.c: appends, NUL termination, the max limit with its sticky failure flag,
 * integer and byte-order writers, printf growth, steal, and the string slice helpers. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

Test(buf, put_and_terminate)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_puts(&b, "hello");
    sqlx_buf_putc(&b, ' ');
    sqlx_buf_put(&b, "worldXX", 5);
    cr_assert_eq(b.len, 11);
    cr_assert_str_eq(b.data, "hello world");
    cr_assert_not(b.failed);
    sqlx_buf_free(&b);
    cr_assert_null(b.data);
}

Test(buf, empty_put_terminates)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_put(&b, "", 0);
    cr_assert_not_null(b.data);
    cr_assert_str_eq(b.data, "");
    sqlx_buf_free(&b);
}

Test(buf, grows_past_many_doublings)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    for (int i = 0; i < 100000; i++)
        sqlx_buf_putc(&b, (char)('a' + i % 26));
    cr_assert_eq(b.len, 100000);
    cr_assert_eq(b.data[99999], (char)('a' + 99999 % 26));
    cr_assert_eq(b.data[100000], '\0');
    cr_assert_geq(b.cap, 100001);
    sqlx_buf_free(&b);
}

Test(buf, max_drops_and_sticks)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 8);
    sqlx_buf_puts(&b, "12345");
    cr_assert_not(b.failed);
    sqlx_buf_puts(&b, "6789"); /* 9 > 8: dropped whole */
    cr_assert(b.failed);
    cr_assert_eq(b.len, 5);
    cr_assert_str_eq(b.data, "12345");
    sqlx_buf_puts(&b, "678"); /* fits exactly; the flag stays set */
    cr_assert_eq(b.len, 8);
    cr_assert(b.failed);
    sqlx_buf_putc(&b, 'x');
    cr_assert_eq(b.len, 8);
    sqlx_buf_reset(&b);
    cr_assert_not(b.failed);
    cr_assert_eq(b.len, 0);
    cr_assert_str_eq(b.data, "");
    sqlx_buf_free(&b);
}

Test(buf, printf_small_and_large)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_printf(&b, "%d-%s", 42, "x");
    cr_assert_str_eq(b.data, "42-x");
    char big[5000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sqlx_buf_printf(&b, "[%s]", big);
    cr_assert_eq(b.len, 4 + 2 + 4999);
    cr_assert_eq(b.data[5], 'q');
    cr_assert_eq(b.data[b.len - 1], ']');
    cr_assert_eq(b.data[b.len], '\0');
    sqlx_buf_free(&b);
}

Test(buf, printf_respects_max)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 10);
    sqlx_buf_puts(&b, "abc");
    sqlx_buf_printf(&b, "%s", "0123456789");
    cr_assert(b.failed);
    cr_assert_eq(b.len, 3);
    cr_assert_str_eq(b.data, "abc");
    sqlx_buf_free(&b);
}

Test(buf, put_i64_extremes)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_put_i64(&b, 0);
    sqlx_buf_putc(&b, ' ');
    sqlx_buf_put_i64(&b, -7);
    sqlx_buf_putc(&b, ' ');
    sqlx_buf_put_i64(&b, INT64_MAX);
    sqlx_buf_putc(&b, ' ');
    sqlx_buf_put_i64(&b, INT64_MIN);
    cr_assert_str_eq(b.data, "0 -7 9223372036854775807 -9223372036854775808");
    sqlx_buf_free(&b);
}

Test(buf, byte_order)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_put_u16be(&b, 0x0102);
    sqlx_buf_put_u32be(&b, 0x03040506);
    sqlx_buf_put_u32le(&b, 0x0a0b0c0d);
    const unsigned char want[] = { 1, 2, 3, 4, 5, 6, 0x0d, 0x0c, 0x0b, 0x0a };
    cr_assert_eq(b.len, sizeof want);
    cr_assert_arr_eq(b.data, want, sizeof want);
    sqlx_buf_free(&b);
}

Test(buf, steal_detaches)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    char *s = sqlx_buf_steal(&b); /* nothing written yet: still a string */
    cr_assert_str_eq(s, "");
    sqlx_free(s);
    sqlx_buf_puts(&b, "kept");
    s = sqlx_buf_steal(&b);
    cr_assert_str_eq(s, "kept");
    cr_assert_null(b.data);
    cr_assert_eq(b.len, 0);
    cr_assert_eq(b.cap, 0);
    sqlx_buf_puts(&b, "new");
    cr_assert_str_eq(b.data, "new");
    cr_assert_str_eq(s, "kept");
    sqlx_free(s);
    sqlx_buf_free(&b);
}

Test(buf, str_slices)
{
    struct sqlx_str s = sqlx_str_from("Users");
    cr_assert_eq(s.len, 5);
    cr_assert(sqlx_str_eq(s, "Users"));
    cr_assert_not(sqlx_str_eq(s, "users"));
    cr_assert(sqlx_str_eqi(s, "users"));
    cr_assert_not(sqlx_str_eqi(s, "user"));
    struct sqlx_str part = { "id,name", 2 };
    cr_assert(sqlx_str_eq(part, "id"));
    cr_assert_not(sqlx_str_eq(part, "id,"));
    struct sqlx_str lit = SQLX_STR("abc");
    cr_assert_eq(lit.len, 3);
    cr_assert(sqlx_str_eq(sqlx_str_from(NULL), ""));
}
