/* Growable byte buffer / string builder (struct sqlx_buf) and a non-owning slice (struct sqlx_str).
 * The buffer keeps a sticky failure flag: a write over `max` sets `failed` and is dropped, so
 * writers check once at the end. data is always NUL-terminated when len > 0 or after any put. */
#ifndef SQLX_CORE_BUF_H
#define SQLX_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct sqlx_str {
    const char *ptr; /* not NUL-terminated */
    size_t len;
};

struct sqlx_buf {
    char *data;  /* heap, owned by the buffer */
    size_t len;  /* bytes used */
    size_t cap;  /* bytes allocated */
    size_t max;  /* 0 = unlimited; otherwise len never exceeds max */
    bool failed; /* a write was dropped because of max */
};

#define SQLX_STR(lit) ((struct sqlx_str){ (lit), sizeof(lit) - 1 })

struct sqlx_str sqlx_str_from(const char *s);
bool sqlx_str_eq(struct sqlx_str a, const char *b);
bool sqlx_str_eqi(struct sqlx_str a, const char *b);

void sqlx_buf_init(struct sqlx_buf *b, size_t max);
void sqlx_buf_free(struct sqlx_buf *b);
void sqlx_buf_reset(struct sqlx_buf *b);          /* len = 0, keeps memory, clears failed */
void sqlx_buf_reserve(struct sqlx_buf *b, size_t extra);
void sqlx_buf_put(struct sqlx_buf *b, const void *p, size_t n);
void sqlx_buf_putc(struct sqlx_buf *b, char c);
void sqlx_buf_puts(struct sqlx_buf *b, const char *s);
void sqlx_buf_printf(struct sqlx_buf *b, const char *fmt, ...) SQLX_PRINTF(2, 3);
void sqlx_buf_put_i64(struct sqlx_buf *b, int64_t v);   /* decimal text */
void sqlx_buf_put_u16be(struct sqlx_buf *b, uint16_t v);
void sqlx_buf_put_u32be(struct sqlx_buf *b, uint32_t v);
void sqlx_buf_put_u32le(struct sqlx_buf *b, uint32_t v);
/* Detaches the data (caller frees with sqlx_free); the buffer is left empty. */
char *sqlx_buf_steal(struct sqlx_buf *b);

#endif
