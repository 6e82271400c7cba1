/* String-keyed hash map: open addressing with linear probing, FNV-1a hashes, tombstones on delete
 * and a rehash that drops them when live + tombstones pass 3/4 of the slots. Owns the slot array
 * and a copy of every key; never the values. */
#include "core/map.h"

#include <stdint.h>
#include <string.h>

#include "core/alloc.h"

#define MAP_MIN_CAP 16

static unsigned char fold(unsigned char c, bool nocase)
{
    return (nocase && c >= 'A' && c <= 'Z') ? (unsigned char)(c + ('a' - 'A')) : c;
}

static unsigned hash_key(const char *key, size_t n, bool nocase)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= fold((unsigned char)key[i], nocase);
        h *= 16777619u;
    }
    return h;
}

/* stored is NUL-terminated; key has exactly n bytes. */
static bool key_eq(const char *stored, const char *key, size_t n, bool nocase)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char s = (unsigned char)stored[i];
        if (s == '\0' || fold(s, nocase) != fold((unsigned char)key[i], nocase))
            return false;
    }
    return stored[n] == '\0';
}

void sqlx_map_init(struct sqlx_map *m, bool nocase)
{
    m->slots = NULL;
    m->cap = 0;
    m->len = 0;
    m->used = 0;
    m->nocase = nocase;
}

void sqlx_map_free(struct sqlx_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        sqlx_free(m->slots[i].key);
    sqlx_free(m->slots);
    m->slots = NULL;
    m->cap = 0;
    m->len = 0;
    m->used = 0;
}

/* Slot holding key, or NULL. */
static struct sqlx_map_entry *find(const struct sqlx_map *m, const char *key, size_t n, unsigned h)
{
    if (!m->cap)
        return NULL;
    size_t mask = m->cap - 1;
    for (size_t i = h & mask, probes = 0; probes < m->cap; i = (i + 1) & mask, probes++) {
        struct sqlx_map_entry *e = &m->slots[i];
        if (!e->key && !e->tomb)
            return NULL;
        if (e->key && e->hash == h && key_eq(e->key, key, n, m->nocase))
            return e;
    }
    return NULL;
}

/* Re-inserts live entries into a table sized for them; tombstones are dropped. */
static void rehash(struct sqlx_map *m, size_t cap)
{
    struct sqlx_map_entry *old = m->slots;
    size_t oldcap = m->cap;
    m->slots = sqlx_calloc(cap, sizeof *m->slots);
    m->cap = cap;
    m->used = m->len;
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i].key)
            continue;
        size_t j = old[i].hash & (cap - 1);
        while (m->slots[j].key)
            j = (j + 1) & (cap - 1);
        m->slots[j] = old[i];
    }
    sqlx_free(old);
}

void *sqlx_map_put(struct sqlx_map *m, const char *key, void *value)
{
    size_t n = strlen(key);
    unsigned h = hash_key(key, n, m->nocase);
    struct sqlx_map_entry *e = find(m, key, n, h);
    if (e) {
        void *prev = e->value;
        e->value = value;
        return prev;
    }
    if ((m->used + 1) * 4 > m->cap * 3) {
        size_t cap = MAP_MIN_CAP;
        while ((m->len + 1) * 2 > cap)
            cap *= 2;
        rehash(m, cap);
    }
    size_t mask = m->cap - 1;
    size_t i = h & mask;
    while (m->slots[i].key)
        i = (i + 1) & mask;
    e = &m->slots[i];
    if (!e->tomb)
        m->used++;
    e->key = sqlx_strndup(key, n);
    e->value = value;
    e->hash = h;
    e->tomb = false;
    m->len++;
    return NULL;
}

void *sqlx_map_getn(const struct sqlx_map *m, const char *key, size_t keylen)
{
    struct sqlx_map_entry *e = find(m, key, keylen, hash_key(key, keylen, m->nocase));
    return e ? e->value : NULL;
}

void *sqlx_map_get(const struct sqlx_map *m, const char *key)
{
    return sqlx_map_getn(m, key, strlen(key));
}

bool sqlx_map_has(const struct sqlx_map *m, const char *key)
{
    size_t n = strlen(key);
    return find(m, key, n, hash_key(key, n, m->nocase)) != NULL;
}

/* The key's copy is freed at once; the slot stays a tombstone so later probes walk past it. */
void *sqlx_map_del(struct sqlx_map *m, const char *key)
{
    size_t n = strlen(key);
    struct sqlx_map_entry *e = find(m, key, n, hash_key(key, n, m->nocase));
    if (!e)
        return NULL;
    void *prev = e->value;
    sqlx_free(e->key);
    e->key = NULL;
    e->value = NULL;
    e->tomb = true;
    m->len--;
    return prev;
}
