/* PostgreSQL data types: type OIDs, text and binary result decoding into universal values, and
 * parameter encoding back. Pure functions over bytes: no I/O, no connection state. Values that
 * have no native universal type (numeric, dates, uuid, arrays, ...) become TEXT in PostgreSQL's
 * own canonical output form, so a column reads the same whichever result format was asked for. */
#ifndef SQLX_WIRE_PG_TYPES_H
#define SQLX_WIRE_PG_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "wire/value.h"

/* Base types (pg_type.oid). */
#define SQLX_PG_BOOL        16u
#define SQLX_PG_BYTEA       17u
#define SQLX_PG_CHAR        18u
#define SQLX_PG_NAME        19u
#define SQLX_PG_INT8        20u
#define SQLX_PG_INT2        21u
#define SQLX_PG_INT4        23u
#define SQLX_PG_TEXT        25u
#define SQLX_PG_OID         26u
#define SQLX_PG_JSON        114u
#define SQLX_PG_FLOAT4      700u
#define SQLX_PG_FLOAT8      701u
#define SQLX_PG_UNKNOWN     705u
#define SQLX_PG_BPCHAR      1042u
#define SQLX_PG_VARCHAR     1043u
#define SQLX_PG_DATE        1082u
#define SQLX_PG_TIME        1083u
#define SQLX_PG_TIMESTAMP   1114u
#define SQLX_PG_TIMESTAMPTZ 1184u
#define SQLX_PG_INTERVAL    1186u
#define SQLX_PG_TIMETZ      1266u
#define SQLX_PG_NUMERIC     1700u
#define SQLX_PG_UUID        2950u
#define SQLX_PG_JSONB       3802u

/* One-dimensional array types of the above (multi-dimensional values share the OID). */
#define SQLX_PG_JSON_ARRAY        199u
#define SQLX_PG_BOOL_ARRAY        1000u
#define SQLX_PG_BYTEA_ARRAY       1001u
#define SQLX_PG_CHAR_ARRAY        1002u
#define SQLX_PG_NAME_ARRAY        1003u
#define SQLX_PG_INT2_ARRAY        1005u
#define SQLX_PG_INT4_ARRAY        1007u
#define SQLX_PG_TEXT_ARRAY        1009u
#define SQLX_PG_BPCHAR_ARRAY      1014u
#define SQLX_PG_VARCHAR_ARRAY     1015u
#define SQLX_PG_INT8_ARRAY        1016u
#define SQLX_PG_FLOAT4_ARRAY      1021u
#define SQLX_PG_FLOAT8_ARRAY      1022u
#define SQLX_PG_OID_ARRAY         1028u
#define SQLX_PG_TIMESTAMP_ARRAY   1115u
#define SQLX_PG_DATE_ARRAY        1182u
#define SQLX_PG_TIME_ARRAY        1183u
#define SQLX_PG_TIMESTAMPTZ_ARRAY 1185u
#define SQLX_PG_INTERVAL_ARRAY    1187u
#define SQLX_PG_NUMERIC_ARRAY     1231u
#define SQLX_PG_TIMETZ_ARRAY      1270u
#define SQLX_PG_UUID_ARRAY        2951u
#define SQLX_PG_JSONB_ARRAY       3807u

/* Result formats as the protocol numbers them (RowDescription, Bind). */
#define SQLX_PG_FORMAT_TEXT   0
#define SQLX_PG_FORMAT_BINARY 1

/* Decoder scratch space for values that must be rendered (numeric, dates, arrays, hex bytea...).
 * Memory handed out stays put until the next reset, so every value of a row can point into it at
 * once. The caller resets it before decoding each row; reset keeps the memory (coalesced into
 * one block big enough for the largest row seen), so steady-state decoding does not allocate.
 * Owned by the caller; blocks come from core/alloc.h. */
struct sqlx_pg_scratch_block;

struct sqlx_pg_scratch {
    struct sqlx_pg_scratch_block *head; /* block being filled; older blocks chained behind it */
    size_t used;                        /* bytes of head in use, including the open value */
    size_t open;                        /* offset in head where the value being written starts */
    size_t total;                       /* bytes handed out since the last reset, all blocks */
    size_t max;                         /* 0 = unlimited; else a row over it fails with ETOOBIG */
};

void sqlx_pg_scratch_init(struct sqlx_pg_scratch *s, size_t max);
/* Forgets every value handed out since the last reset (pointers into it become invalid). */
void sqlx_pg_scratch_reset(struct sqlx_pg_scratch *s);
void sqlx_pg_scratch_free(struct sqlx_pg_scratch *s);

/* True for the types sqlx_pg_decode can read in binary format (the engine asks for binary
 * results only for those columns; everything else comes as text). */
bool sqlx_pg_binary_ok(uint32_t oid);

/* Element type of an array OID listed above, or 0 when oid is not one of them. */
uint32_t sqlx_pg_array_elem(uint32_t oid);

/* SQL name of a type ("int4", "timestamptz", "_int4" for arrays), NULL when unknown. Static
 * storage. */
const char *sqlx_pg_type_name(uint32_t oid);

/* Universal type a column of this type decodes to when not NULL (TEXT for unknown types). */
enum sqlx_vtype sqlx_pg_vtype(uint32_t oid);

/* Decodes one result value. p/len are the value bytes of a DataRow (len -1 = NULL, p may then be
 * NULL); format is SQLX_PG_FORMAT_TEXT or _BINARY. Results:
 *   bool -> BOOL; int2/int4/int8/oid -> INT; float4/float8 -> FLOAT ("NaN", "Infinity" included);
 *   text, varchar, bpchar, name, json, jsonb, char and unknown text-format types -> TEXT;
 *   bytea -> BLOB (text form "\x.." or escape form decoded);
 *   numeric, date, time, timetz, timestamp, timestamptz, interval, uuid, arrays -> TEXT in
 *   PostgreSQL's output form: DateStyle ISO, IntervalStyle postgres, timestamptz in UTC ("+00").
 * Text-format input for those is passed through as the server sent it, except timestamptz, which
 * is converted to UTC when it carries another offset; the engine should still start sessions with
 * DateStyle=ISO, IntervalStyle=postgres, TimeZone=UTC and extra_float_digits=3 so arrays of
 * timestamptz and floats read exactly as their binary form renders.
 * TEXT/BLOB results point into p when no conversion is needed, else into scratch; either way
 * they live until the DataRow buffer is reused or the scratch is reset. Malformed input (wrong
 * length, bad digits, out-of-range dates) fails with SQLX_EINVAL naming the type; binary format
 * for a type sqlx_pg_binary_ok rejects fails with SQLX_EUNSUPPORTED. */
int sqlx_pg_decode(uint32_t oid, int format, const char *p, int32_t len,
                   struct sqlx_pg_scratch *scratch, struct sqlx_value *out,
                   struct sqlx_err *err) SQLX_MUST_CHECK;

/* Encodes a parameter for Bind when its type is not fixed by the statement: INT -> int8 binary,
 * FLOAT -> float8 binary, BOOL -> bool binary, BLOB -> bytea binary, TEXT -> text format with
 * OID 0 (the server infers the type), NULL -> *len_out = -1, OID 0, nothing appended. Appends the
 * value bytes to out; *oid_out goes in Parse, *format_out in Bind, *len_out before the bytes. */
int sqlx_pg_encode_param(const struct sqlx_value *v, uint32_t *oid_out, int *format_out,
                         struct sqlx_buf *out, int32_t *len_out,
                         struct sqlx_err *err) SQLX_MUST_CHECK;

/* Encodes a parameter for a known target type (from ParameterDescription): INT into int2/int4
 * (range checked: "value 70000 is out of range for type smallint"), int8, oid, float4/8, bool
 * (0 or 1) in binary; FLOAT into float4/8 binary, into integer types when integral and in range;
 * BOOL into bool binary; BLOB into bytea binary; TEXT into bytea binary (raw bytes, no escape
 * parsing), otherwise text format for the server to parse (numeric, date, uuid, json, ...);
 * INT/FLOAT/BOOL into other types as their text form. NULL -> *len_out = -1. */
int sqlx_pg_encode_param_as(uint32_t oid, const struct sqlx_value *v, int *format_out,
                            struct sqlx_buf *out, int32_t *len_out,
                            struct sqlx_err *err) SQLX_MUST_CHECK;

/* Maps a five-character SQLSTATE to an error code; sets *kind (may be NULL) for constraint
 * violations and SQLX_CONSTRAINT_NONE otherwise:
 *   23505 unique (UNIQUE; a primary key reads the same), 23503 / 23001 foreign key, 23514 check,
 *   23502 not null, other 23xxx -> ECONSTRAINT;  22xxx bad data -> EINVAL;
 *   28xxx authentication / authorization -> EINVAL (the credentials given are wrong);
 *   08xxx, 57P01-57P03 (shutdown), 58xxx -> EIO;  57014 canceled, 55P03 lock timeout -> ETIMEOUT;
 *   40001 serialization failure, 40P01 deadlock, 53xxx resources -> EBUSY (retry later);
 *   54xxx program limits -> ETOOBIG;  0Axxx -> EUNSUPPORTED;
 *   42xxx and anything else -> EENGINE. */
enum sqlx_code sqlx_pg_sqlstate_code(const char *sqlstate, enum sqlx_constraint_kind *kind);

#endif
