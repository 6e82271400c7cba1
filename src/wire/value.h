/* Universal values: what every engine's rows decode into and what every bound parameter is.
 * Text and blob values point at memory owned elsewhere (the statement until the next step, or
 * an arena); copy them to keep them. */
#ifndef SQLX_WIRE_VALUE_H
#define SQLX_WIRE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sqlx_vtype {
    SQLX_V_NULL = 0,
    SQLX_V_INT,    /* i */
    SQLX_V_FLOAT,  /* f */
    SQLX_V_BOOL,   /* b */
    SQLX_V_TEXT,   /* s, n: UTF-8, not necessarily NUL-terminated */
    SQLX_V_BLOB,   /* s, n: bytes */
};

struct sqlx_value {
    enum sqlx_vtype type;
    union {
        int64_t i;
        double f;
        bool b;
        struct {
            const char *s;
            size_t n;
        };
    };
};

static inline struct sqlx_value sqlx_value_null(void)
{
    struct sqlx_value v = { .type = SQLX_V_NULL };
    return v;
}
static inline struct sqlx_value sqlx_value_int(int64_t i)
{
    struct sqlx_value v = { .type = SQLX_V_INT, .i = i };
    return v;
}
static inline struct sqlx_value sqlx_value_float(double f)
{
    struct sqlx_value v = { .type = SQLX_V_FLOAT, .f = f };
    return v;
}
static inline struct sqlx_value sqlx_value_bool(bool b)
{
    struct sqlx_value v = { .type = SQLX_V_BOOL, .b = b };
    return v;
}
static inline struct sqlx_value sqlx_value_text(const char *s, size_t n)
{
    struct sqlx_value v = { .type = SQLX_V_TEXT, .s = s, .n = n };
    return v;
}
static inline struct sqlx_value sqlx_value_blob(const void *p, size_t n)
{
    struct sqlx_value v = { .type = SQLX_V_BLOB, .s = (const char *)p, .n = n };
    return v;
}

/* Setters for hot decoders: they store the fields in place, where assigning a constructed value
 * copies a temporary the compiler builds on the stack (a store-forwarding stall per value). */
static inline void sqlx_value_set_null(struct sqlx_value *v)
{
    v->type = SQLX_V_NULL;
}
static inline void sqlx_value_set_int(struct sqlx_value *v, int64_t i)
{
    v->type = SQLX_V_INT;
    v->i = i;
}
static inline void sqlx_value_set_float(struct sqlx_value *v, double f)
{
    v->type = SQLX_V_FLOAT;
    v->f = f;
}
static inline void sqlx_value_set_bytes(struct sqlx_value *v, enum sqlx_vtype type, const void *p,
                                        size_t n)
{
    v->type = type;
    v->s = (const char *)p;
    v->n = n;
}

#endif
