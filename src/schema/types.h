/* The universal type lattice. Every engine's column types map onto these kinds; the lattice answers
 * whether a value of one type fits another (assignable), the least common supertype (join), the
 * greatest common subtype (meet), and whether a change widens or narrows (migrations).
 *
 * Order inside the numeric family: Bool < Integer(8 < 16 < 32 < 64) < Decimal(p,s) < Float.
 * Unknown is the top of the lattice (anything is assignable to it); SQLX_T_NONE is the bottom
 * returned by meet when two types share no values. */
#ifndef SQLX_SCHEMA_TYPES_H
#define SQLX_SCHEMA_TYPES_H

#include <stdbool.h>
#include <stddef.h>

struct sqlx_buf;
struct sqlx_pack;
struct sqlx_arena;

enum sqlx_tkind {
    SQLX_T_NONE = 0, /* bottom: no values */
    SQLX_T_INTEGER,
    SQLX_T_DECIMAL,
    SQLX_T_FLOAT,
    SQLX_T_BOOL,
    SQLX_T_STRING,
    SQLX_T_BYTES,
    SQLX_T_DATE,
    SQLX_T_TIME,
    SQLX_T_TIMESTAMP,
    SQLX_T_INTERVAL,
    SQLX_T_JSON,
    SQLX_T_UUID,
    SQLX_T_ENUM,
    SQLX_T_UNKNOWN,  /* top */
};

struct sqlx_type {
    enum sqlx_tkind kind;
    int bits;            /* INTEGER: 8, 16, 32, 64 (0 = 64); FLOAT: 32 or 64 */
    bool is_unsigned;    /* INTEGER */
    int precision;       /* DECIMAL: total digits, 0 = unbounded; TIMESTAMP/TIME: fractional digits */
    int scale;           /* DECIMAL */
    int max_len;         /* STRING / BYTES: maximum length in characters / bytes, 0 = unbounded */
    bool with_tz;        /* TIMESTAMP / TIME */
    const char **enum_values; /* ENUM: NULL-terminated, owned by the schema arena */
    size_t n_enum;
};

/* Lower-case kind name ("integer", "decimal", ...) and its inverse (-1 when unknown). */
const char *sqlx_tkind_name(enum sqlx_tkind k);
int sqlx_tkind_parse(const char *name);

struct sqlx_type sqlx_type_make(enum sqlx_tkind k);
bool sqlx_type_equal(const struct sqlx_type *a, const struct sqlx_type *b);
/* Can every value of `from` be stored in `to` without loss? */
bool sqlx_type_assignable(const struct sqlx_type *from, const struct sqlx_type *to);
/* Least upper bound (smallest type both are assignable to). */
struct sqlx_type sqlx_type_join(const struct sqlx_type *a, const struct sqlx_type *b);
/* Greatest lower bound (largest type assignable to both); kind NONE when none. */
struct sqlx_type sqlx_type_meet(const struct sqlx_type *a, const struct sqlx_type *b);
/* A change from -> to is widening when from is assignable to to and they differ; narrowing when
 * to is assignable to from and they differ; otherwise it is neither (incompatible). */
bool sqlx_type_is_widening(const struct sqlx_type *from, const struct sqlx_type *to);
bool sqlx_type_is_narrowing(const struct sqlx_type *from, const struct sqlx_type *to);
/* Human text: "integer(32)", "decimal(10,2)", "string(255)", "timestamp with time zone". */
void sqlx_type_format(const struct sqlx_type *t, struct sqlx_buf *out);

/* Maps a declared column type through a pack's type table, reading arguments such as
 * VARCHAR(255) -> max_len 255, DECIMAL(10,2) -> precision/scale. enum values are not parsed here. */
struct sqlx_type sqlx_type_from_decl(const struct sqlx_pack *pack, const char *declared);

#endif
