/* Request bodies -> column values: checks every field of a JSON object against the table's columns
 * (types, NOT NULL, maximum length, unknown keys) before the database sees it, collecting one
 * error per field. Pure: no I/O. */
#ifndef SQLX_API_BODY_H
#define SQLX_API_BODY_H

#include <jansson.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/vec.h"
#include "schema/model.h"
#include "wire/value.h"

enum sqlx_body_mode {
    SQLX_BODY_INSERT,  /* POST: required columns must be present */
    SQLX_BODY_REPLACE, /* PUT: absent nullable columns become NULL */
    SQLX_BODY_PATCH,   /* PATCH: only what is given */
};

struct sqlx_field_error {
    const char *field;   /* column name, prefixed with "[i]." in bulk bodies */
    const char *message; /* full sentence */
};

struct sqlx_row_values {
    const struct sqlx_column **cols;
    struct sqlx_value *vals;
    size_t n;
};

/* Validates one object. Appends struct sqlx_field_error * (arena) to errors; returns how many it
 * added. index >= 0 prefixes field names with "[index]." (bulk). */
size_t sqlx_api_body_row(const struct sqlx_table *t, json_t *obj, enum sqlx_body_mode mode,
                         int index, struct sqlx_arena *a, struct sqlx_row_values *out,
                         struct sqlx_vec *errors);

#endif
