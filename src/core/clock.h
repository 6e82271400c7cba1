/* Monotonic and wall clocks. */
#ifndef SQLX_CORE_CLOCK_H
#define SQLX_CORE_CLOCK_H

#include <stdint.h>

uint64_t sqlx_clock_ns(void);     /* CLOCK_MONOTONIC nanoseconds */
double sqlx_clock_sec(void);      /* CLOCK_MONOTONIC seconds */

#endif
