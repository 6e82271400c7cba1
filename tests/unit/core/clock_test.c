/* Tests for core/clock.c: the monotonic clock moves forward and its two units agree. */
#include <criterion/criterion.h>
#include <time.h>

#include "core/clock.h"

Test(clock, monotonic_and_advancing)
{
    uint64_t a = sqlx_clock_ns();
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    uint64_t b = sqlx_clock_ns();
    cr_assert_geq(b - a, 20u * 1000 * 1000);
    cr_assert_lt(b - a, 5ull * 1000 * 1000 * 1000);
}

Test(clock, seconds_match_nanoseconds)
{
    double s = sqlx_clock_sec();
    uint64_t ns = sqlx_clock_ns();
    double diff = (double)ns / 1e9 - s;
    cr_assert(diff >= 0 && diff < 0.5, "diff %f", diff);
}
