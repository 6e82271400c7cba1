/* Vector of pointers. Items are not owned; the vector's own array is heap memory freed by
 * sqlx_vec_free, or arena memory when built with sqlx_vec_push_arena (then never freed alone). */
#ifndef SQLX_CORE_VEC_H
#define SQLX_CORE_VEC_H

#include <stddef.h>

struct sqlx_arena;

struct sqlx_vec {
    void **items;
    size_t len;
    size_t cap;
};

#define sqlx_vec_foreach(v, type, it) \
    for (size_t it##_i = 0; it##_i < (v)->len && (((it) = (type)(v)->items[it##_i]), 1); it##_i++)

void sqlx_vec_init(struct sqlx_vec *v);
void sqlx_vec_push(struct sqlx_vec *v, void *item);
/* Grows inside the arena instead of the heap: use for vectors that die with the arena. */
void sqlx_vec_push_arena(struct sqlx_vec *v, struct sqlx_arena *a, void *item);
void *sqlx_vec_get(const struct sqlx_vec *v, size_t i); /* NULL when out of range */
void *sqlx_vec_pop(struct sqlx_vec *v);
void sqlx_vec_free(struct sqlx_vec *v);

#endif
