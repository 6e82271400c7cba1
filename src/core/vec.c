/* Vector of pointers. Owns only its item array (heap, or arena when grown with
 * sqlx_vec_push_arena); never the items. A vector must not mix heap and arena growth. */
#include "core/vec.h"

#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/arena.h"

#define VEC_MIN_CAP 8

void sqlx_vec_init(struct sqlx_vec *v)
{
    v->items = NULL;
    v->len = 0;
    v->cap = 0;
}

static size_t grown_cap(size_t cap)
{
    if (cap > SIZE_MAX / 2 / sizeof(void *))
        sqlx_oom(SIZE_MAX);
    return cap ? cap * 2 : VEC_MIN_CAP;
}

void sqlx_vec_push(struct sqlx_vec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = grown_cap(v->cap);
        v->items = sqlx_realloc(v->items, cap * sizeof(void *));
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

/* The old array stays in the arena until it is reset: doubling bounds that waste to the final
 * array's size. */
void sqlx_vec_push_arena(struct sqlx_vec *v, struct sqlx_arena *a, void *item)
{
    if (v->len == v->cap) {
        size_t cap = grown_cap(v->cap);
        void **items = sqlx_arena_alloc(a, cap * sizeof(void *));
        if (v->len)
            memcpy(items, v->items, v->len * sizeof(void *));
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

void *sqlx_vec_get(const struct sqlx_vec *v, size_t i)
{
    return i < v->len ? v->items[i] : NULL;
}

void *sqlx_vec_pop(struct sqlx_vec *v)
{
    return v->len ? v->items[--v->len] : NULL;
}

void sqlx_vec_free(struct sqlx_vec *v)
{
    sqlx_free(v->items);
    sqlx_vec_init(v);
}
