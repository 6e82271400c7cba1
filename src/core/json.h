/* JSON: a fast streaming writer into a sqlx_buf for responses (struct sqlx_jw), and helpers over
 * jansson for parsing input with positioned errors. The writer inserts commas itself and escapes
 * strings per RFC 8259; it does not validate nesting beyond a fixed depth. */
#ifndef SQLX_CORE_JSON_H
#define SQLX_CORE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/err.h"

#define SQLX_JW_MAX_DEPTH 64

struct sqlx_jw {
    struct sqlx_buf *out;
    int depth;
    bool need_comma[SQLX_JW_MAX_DEPTH]; /* per level: a value was already written */
    bool after_key;                     /* the next value follows a key: no comma */
    bool pretty;                        /* two-space indentation */
};

void sqlx_jw_init(struct sqlx_jw *w, struct sqlx_buf *out, bool pretty);
void sqlx_jw_obj_begin(struct sqlx_jw *w);
void sqlx_jw_obj_end(struct sqlx_jw *w);
void sqlx_jw_arr_begin(struct sqlx_jw *w);
void sqlx_jw_arr_end(struct sqlx_jw *w);
void sqlx_jw_key(struct sqlx_jw *w, const char *key);
void sqlx_jw_keyn(struct sqlx_jw *w, const char *key, size_t n);
void sqlx_jw_str(struct sqlx_jw *w, const char *s);
void sqlx_jw_strn(struct sqlx_jw *w, const char *s, size_t n);
void sqlx_jw_int(struct sqlx_jw *w, int64_t v);
void sqlx_jw_double(struct sqlx_jw *w, double v); /* non-finite values are written as null */
void sqlx_jw_bool(struct sqlx_jw *w, bool v);
void sqlx_jw_null(struct sqlx_jw *w);
/* Writes already-valid JSON text as one value. */
void sqlx_jw_raw(struct sqlx_jw *w, const char *json, size_t n);
/* Serialises a jansson value as one value. */
void sqlx_jw_json(struct sqlx_jw *w, const json_t *v);
/* Is s[0..n) a number in JSON's grammar (-?int[.frac][e[+-]exp])? */
bool sqlx_json_is_number(const char *s, size_t n);
/* Escapes s as a JSON string body (without quotes) into out. */
void sqlx_json_escape(struct sqlx_buf *out, const char *s, size_t n);

/* Parses text with jansson. On failure fills err (SQLX_EPARSE) with message naming line, column and
 * byte position, and err->position = 1-based byte offset. Caller owns the result (json_decref). */
json_t *sqlx_json_parse(const char *text, size_t len, struct sqlx_err *err);
/* Loads a file; errors name the file. */
json_t *sqlx_json_load_file(const char *path, struct sqlx_err *err);

#endif
