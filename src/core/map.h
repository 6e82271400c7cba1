/* Hash map from NUL-terminated string keys to pointers (open addressing, linear probing).
 * Keys are copied into the map; values are not owned. Optional case-insensitive keys. */
#ifndef SQLX_CORE_MAP_H
#define SQLX_CORE_MAP_H

#include <stdbool.h>
#include <stddef.h>

struct sqlx_map_entry {
    char *key;   /* NULL for an empty slot; owned by the map */
    void *value;
    unsigned hash;
    bool tomb;   /* deleted */
};

struct sqlx_map {
    struct sqlx_map_entry *slots;
    size_t cap;  /* power of two */
    size_t len;  /* live entries */
    size_t used; /* live + tombstones */
    bool nocase; /* keys compared ASCII case-insensitively */
};

#define sqlx_map_foreach(m, e) \
    for (struct sqlx_map_entry *e = (m)->slots; e && e < (m)->slots + (m)->cap; e++) \
        if (e->key && !e->tomb)

void sqlx_map_init(struct sqlx_map *m, bool nocase);
void sqlx_map_free(struct sqlx_map *m);
/* Inserts or replaces; returns the previous value or NULL. */
void *sqlx_map_put(struct sqlx_map *m, const char *key, void *value);
void *sqlx_map_get(const struct sqlx_map *m, const char *key);
void *sqlx_map_getn(const struct sqlx_map *m, const char *key, size_t keylen);
bool sqlx_map_has(const struct sqlx_map *m, const char *key);
void *sqlx_map_del(struct sqlx_map *m, const char *key);

#endif
