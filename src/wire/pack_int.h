/* Pack validation helpers shared inside wire/ by the one pack loader (pack.c) and the compilers it
 * calls for messages (codec.c) and scripts (vm.c): the JSON path being checked and typed getters
 * that report "FILE: PATH: expected WHAT, found VALUE". Not for use outside src/wire. */
#ifndef SQLX_WIRE_PACK_INT_H
#define SQLX_WIRE_PACK_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"

/* Validation state: the file being checked, the JSON path of the value at hand and the error to
 * fill. The path grows as the walk descends and is cut back to the saved length on the way up. */
struct sqlx_wire__vctx {
    const char *file;     /* as given to sqlx_pack_load */
    struct sqlx_err *err; /* caller's error */
    char path[256];       /* "$.types.map[3].universal" */
    size_t len;           /* strlen(path) */
    void *protos;         /* pack.c: compiled protocols shared while a folder loads, or NULL */
    struct sqlx_arena *strs; /* where kept strings are copied (the pack's or the protocol's), so
                              * nothing compiled points into the JSON; NULL keeps JSON pointers */
};

/* s[0..n) copied NUL-terminated into v->strs (s itself when v->strs is NULL). */
const char *sqlx_wire__keep(struct sqlx_wire__vctx *v, const char *s, size_t n);

size_t sqlx_wire__path_key(struct sqlx_wire__vctx *v, const char *key);
size_t sqlx_wire__path_index(struct sqlx_wire__vctx *v, size_t i);
void sqlx_wire__path_pop(struct sqlx_wire__vctx *v, size_t saved);
/* "FILE: PATH: expected WHAT, found VALUE"; returns SQLX_EINVAL. */
int sqlx_wire__fail_found(struct sqlx_wire__vctx *v, const char *expected, const json_t *found);
/* "FILE: PATH: WHY"; returns SQLX_EINVAL. */
int sqlx_wire__fail_rule(struct sqlx_wire__vctx *v, const char *why);
/* Rejects keys outside `allowed` (NULL-terminated), naming the first stray key. */
int sqlx_wire__check_keys(struct sqlx_wire__vctx *v, const json_t *obj, const char *const *allowed);
/* A non-empty string member; absent and optional gives *out = NULL. */
int sqlx_wire__get_str(struct sqlx_wire__vctx *v, const json_t *obj, const char *key, bool required,
                       const char **out);
int sqlx_wire__get_bool(struct sqlx_wire__vctx *v, const json_t *obj, const char *key,
                        bool required, bool *out);
int sqlx_wire__get_object(struct sqlx_wire__vctx *v, const json_t *obj, const char *key,
                          bool required, json_t **out);
/* A string member that must be one of `list`; *idx is its position. */
int sqlx_wire__get_enum(struct sqlx_wire__vctx *v, const json_t *obj, const char *key,
                        const char *const *list, int *idx);

#endif
