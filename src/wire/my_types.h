/* MySQL / MariaDB data types: column type codes and flags, text-protocol and binary-protocol
 * result decoding into universal values, binary-protocol parameter encoding, and server errno /
 * SQLSTATE mapping to error codes. Pure functions over bytes: no I/O, no connection state. A
 * value decodes to the same universal value whichever protocol (text or binary) carried it. */
#ifndef SQLX_WIRE_MY_TYPES_H
#define SQLX_WIRE_MY_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "wire/codec.h"
#include "wire/value.h"

/* Column types (enum_field_types; the uint8 "type" of a column definition and of an execute
 * parameter). */
#define SQLX_MY_TYPE_DECIMAL     0
#define SQLX_MY_TYPE_TINY        1
#define SQLX_MY_TYPE_SHORT       2
#define SQLX_MY_TYPE_LONG        3
#define SQLX_MY_TYPE_FLOAT       4
#define SQLX_MY_TYPE_DOUBLE      5
#define SQLX_MY_TYPE_NULL        6
#define SQLX_MY_TYPE_TIMESTAMP   7
#define SQLX_MY_TYPE_LONGLONG    8
#define SQLX_MY_TYPE_INT24       9
#define SQLX_MY_TYPE_DATE        10
#define SQLX_MY_TYPE_TIME        11
#define SQLX_MY_TYPE_DATETIME    12
#define SQLX_MY_TYPE_YEAR        13
#define SQLX_MY_TYPE_NEWDATE     14 /* internal to the server; never sent, decoded like DATE */
#define SQLX_MY_TYPE_VARCHAR     15
#define SQLX_MY_TYPE_BIT         16
#define SQLX_MY_TYPE_TIMESTAMP2  17 /* internal; never sent, decoded like TIMESTAMP */
#define SQLX_MY_TYPE_DATETIME2   18 /* internal; never sent, decoded like DATETIME */
#define SQLX_MY_TYPE_TIME2       19 /* internal; never sent, decoded like TIME */
#define SQLX_MY_TYPE_JSON        245
#define SQLX_MY_TYPE_NEWDECIMAL  246
#define SQLX_MY_TYPE_ENUM        247
#define SQLX_MY_TYPE_SET         248
#define SQLX_MY_TYPE_TINY_BLOB   249
#define SQLX_MY_TYPE_MEDIUM_BLOB 250
#define SQLX_MY_TYPE_LONG_BLOB   251
#define SQLX_MY_TYPE_BLOB        252
#define SQLX_MY_TYPE_VAR_STRING  253
#define SQLX_MY_TYPE_STRING      254
#define SQLX_MY_TYPE_GEOMETRY    255

/* Column definition flags (uint16). */
#define SQLX_MY_FLAG_NOT_NULL       0x0001u
#define SQLX_MY_FLAG_PRI_KEY        0x0002u
#define SQLX_MY_FLAG_UNIQUE_KEY     0x0004u
#define SQLX_MY_FLAG_MULTIPLE_KEY   0x0008u
#define SQLX_MY_FLAG_BLOB           0x0010u
#define SQLX_MY_FLAG_UNSIGNED       0x0020u
#define SQLX_MY_FLAG_ZEROFILL       0x0040u
#define SQLX_MY_FLAG_BINARY         0x0080u /* also set for _bin collations: use the charset */
#define SQLX_MY_FLAG_ENUM           0x0100u
#define SQLX_MY_FLAG_AUTO_INCREMENT 0x0200u
#define SQLX_MY_FLAG_TIMESTAMP      0x0400u
#define SQLX_MY_FLAG_SET            0x0800u
#define SQLX_MY_FLAG_NO_DEFAULT     0x1000u
#define SQLX_MY_FLAG_ON_UPDATE_NOW  0x2000u
#define SQLX_MY_FLAG_NUM            0x8000u

/* Execute parameter type: the flags byte after the type byte; 0x80 marks an unsigned integer. */
#define SQLX_MY_PARAM_UNSIGNED 0x80u

/* Collation id of the "binary" character set: string and blob columns with it are bytes. */
#define SQLX_MY_CHARSET_BINARY     63
/* Column "decimals" value meaning "not fixed" (expressions, FLOAT/DOUBLE without (M,D)). */
#define SQLX_MY_DECIMALS_NOT_FIXED 31

/* What the decoders need from a column definition (Column Definition 41). */
struct sqlx_my_column {
    uint8_t type;     /* SQLX_MY_TYPE_* */
    uint16_t flags;   /* SQLX_MY_FLAG_* */
    uint16_t charset; /* collation id; SQLX_MY_CHARSET_BINARY = bytes */
    uint8_t decimals; /* fractional-second digits of temporal columns (0-6, or 31) */
    uint8_t fast;     /* enum sqlx_my_fast, set by sqlx_my_column_plan; 0 = the general decoder */
};

/* Shortcuts sqlx_my_decode_row takes for the commonest binary values; every one yields exactly
 * what sqlx_my_decode_binary yields (tests/unit/wire/my_types_test.c compares them). */
enum sqlx_my_fast {
    SQLX_MY_FAST_NONE = 0,
    SQLX_MY_FAST_I8,   /* signed TINY: 1 byte */
    SQLX_MY_FAST_I16,  /* signed SHORT: 2 bytes LE */
    SQLX_MY_FAST_I32,  /* signed LONG / INT24: 4 bytes LE */
    SQLX_MY_FAST_I64,  /* signed LONGLONG: 8 bytes LE */
    SQLX_MY_FAST_TEXT, /* length-encoded bytes read as TEXT (strings, decimals, JSON, ENUM, SET) */
    SQLX_MY_FAST_BLOB, /* length-encoded bytes read as BLOB (binary strings, GEOMETRY) */
    SQLX_MY_FAST_DATETIME, /* DATETIME / TIMESTAMP without fixed fractional digits, sent as 7 bytes */
};

/* Chooses col->fast from the other fields (call again when they change). */
void sqlx_my_column_plan(struct sqlx_my_column *col);

/* Decoder scratch for the values that must be rendered (binary dates and times, unsigned
 * BIGINT above INT64_MAX, BIT(64) above INT64_MAX). Each rendered value is at most
 * SQLX_MY_RENDER_MAX bytes; memory handed out stays put until the next reset, so every value of
 * a row can point into it at once. The caller resets it before each row; reset keeps one block
 * as big as the largest row seen, so steady-state decoding does not allocate. Owned by the
 * caller; blocks come from core/alloc.h. */
#define SQLX_MY_RENDER_MAX 40
struct sqlx_my_scratch_block;

struct sqlx_my_scratch {
    struct sqlx_my_scratch_block *head; /* block being filled; older blocks chained behind it */
    size_t used;                        /* bytes of head handed out */
};

void sqlx_my_scratch_init(struct sqlx_my_scratch *s);
/* Forgets every value handed out since the last reset (pointers into it become invalid). */
void sqlx_my_scratch_reset(struct sqlx_my_scratch *s);
void sqlx_my_scratch_free(struct sqlx_my_scratch *s);

/* Type name as SQL spells it ("tinyint", "varchar", "json", ...), "unknown" otherwise. Static. */
const char *sqlx_my_type_name(uint8_t type);

/* Universal type a non-NULL value of this column decodes to (the same in both protocols):
 *   TINY/SHORT/INT24/LONG/LONGLONG/YEAR -> INT (UNSIGNED LONGLONG above INT64_MAX -> TEXT);
 *   FLOAT/DOUBLE -> FLOAT;  DECIMAL/NEWDECIMAL -> TEXT (exact digits as the server sent them);
 *   DATE -> TEXT 'YYYY-MM-DD'; DATETIME/TIMESTAMP -> TEXT 'YYYY-MM-DD HH:MM:SS[.f...]';
 *   TIME -> TEXT '[-]HH:MM:SS[.f...]' (hours may exceed 24, up to 838);
 *   BIT -> INT, the bits read as a big-endian unsigned number (BIT(64) above INT64_MAX -> TEXT
 *     decimal), so BIT(1) reads 0 / 1;
 *   JSON, ENUM, SET -> TEXT;  GEOMETRY -> BLOB;  NULL -> NULL;
 *   VARCHAR, VAR_STRING, STRING and the BLOB types -> BLOB when charset is binary (63), else TEXT.
 * Fractional seconds: decimals 1-6 print exactly that many digits (as the text protocol does);
 * decimals 0 none; 31 (not fixed) six digits when the microseconds are not zero. */
enum sqlx_vtype sqlx_my_vtype(const struct sqlx_my_column *col);

/* Decodes one text-protocol value (a lenenc string of a text result row). len -1 = NULL (p may
 * then be NULL). TEXT/BLOB results point into p (no conversion is ever needed in the text
 * protocol except for BIT, whose raw bytes become an INT). Malformed input (bad digits for a
 * numeric type) fails with SQLX_EINVAL naming the type. scratch may be NULL here; it is only
 * used for BIT(64) values above INT64_MAX. */
int sqlx_my_decode_text(const struct sqlx_my_column *col, const char *p, long len,
                        struct sqlx_my_scratch *scratch, struct sqlx_value *out,
                        struct sqlx_err *err) SQLX_MUST_CHECK;

/* Decodes one non-NULL binary-protocol value starting at p (the caller reads the row's NULL
 * bitmap, offset 2, and skips NULL columns). avail = bytes left in the row; *consumed = bytes the
 * value used (so the caller advances p). TEXT/BLOB results point into p or into scratch (dates,
 * times, big unsigned). A value running past avail, a temporal length byte other than 0/4/7/11
 * (dates) or 0/8/12 (time), or an out-of-range field fails with SQLX_EINVAL naming the type;
 * an unknown type code fails with SQLX_EUNSUPPORTED (its length cannot be known). */
int sqlx_my_decode_binary(const struct sqlx_my_column *col, const unsigned char *p, size_t avail,
                          size_t *consumed, struct sqlx_my_scratch *scratch, struct sqlx_value *out,
                          struct sqlx_err *err) SQLX_MUST_CHECK;

/* Decodes n values of one row, one per column, into out[0..n): vals are the row's values as the
 * codec split them (SQLX_WV_BYTES, or SQLX_WV_NULL; any other kind reads as NULL), binary-
 * protocol values with their length prefix, text values as the string. A value its decoder
 * rejects comes back as its raw bytes (a BLOB) rather than disappearing, so a row always yields
 * n values. Columns planned by sqlx_my_column_plan take the shortcuts. */
void sqlx_my_decode_row(const struct sqlx_my_column *cols, const struct sqlx_wire_val *vals,
                        uint32_t n, bool binary, struct sqlx_my_scratch *scratch,
                        struct sqlx_value *out);

/* The encoding (enum sqlx_wire_enc) sqlx_my_decode_binary reads a binary-protocol value of this
 * type in: what a pack's BinaryRow layout must say for sqlx_my_decode_binary_row to stand in for
 * it (the MySQL engine compares the two tables before taking that path). */
int sqlx_my_binary_encoding(uint8_t type);

/* Decodes a whole binary-protocol row straight from its payload (0x00, the NULL bitmap with
 * offset 2, the non-NULL values in their types' encodings) into out[0..n): the values the
 * codec's BinaryRow layout and sqlx_my_decode_row give together, in one pass
 * (tests/unit/wire/my_conn_test.c compares them on generated and damaged rows). Returns 0, or
 * -1 when the row must take the general path instead: a payload that is not exactly n values, or
 * a value the decoders refuse (the general path keeps its raw bytes, and says what is wrong). */
int sqlx_my_decode_binary_row(const struct sqlx_my_column *cols, uint32_t n, const uint8_t *p,
                              size_t len, struct sqlx_my_scratch *scratch,
                              struct sqlx_value *out);

/* Encodes a COM_STMT_EXECUTE parameter value. *type_out is the two bytes to send in the types
 * block: low byte SQLX_MY_TYPE_*, high byte SQLX_MY_PARAM_UNSIGNED or 0 (send it little-endian).
 *   INT -> LONGLONG (8 bytes LE);  FLOAT -> DOUBLE (8 bytes LE IEEE);  BOOL -> TINY (1 byte 0/1);
 *   TEXT -> VAR_STRING (lenenc length + bytes; the server reads them in the connection charset);
 *   BLOB -> BLOB (lenenc length + bytes);  NULL -> NULL type, nothing appended (the caller sets
 *   the bit in the NULL bitmap).
 * Appends to out; fails (SQLX_ETOOBIG) only when out->max is reached. */
int sqlx_my_encode_param(const struct sqlx_value *v, uint16_t *type_out, struct sqlx_buf *out,
                         struct sqlx_err *err) SQLX_MUST_CHECK;

/* Maps a server error (ERR packet errno and SQLSTATE, which may be NULL or "" when the packet had
 * no '#' marker) or a client-side CR_* errno to an error code; sets *kind (may be NULL) for
 * constraint violations and SQLX_CONSTRAINT_NONE otherwise:
 *   1062/1022/1586 duplicate key -> ECONSTRAINT UNIQUE (primary keys read the same);
 *   1451/1452/1216/1217 -> ECONSTRAINT FOREIGN_KEY;  3819 (MySQL) / 4025 (MariaDB) -> CHECK;
 *   1048/1364/1138 -> ECONSTRAINT NOT_NULL;  other SQLSTATE 23xxx -> ECONSTRAINT NONE;
 *   1045/1044/1698/1862 (access denied, expired password) -> EINVAL (credentials are wrong);
 *   1251/1235/1295 -> EUNSUPPORTED;  1213 deadlock, 1040/1203 too many connections -> EBUSY;
 *   1205 lock wait timeout, 1317 interrupted, 3024/1969 statement timeout -> ETIMEOUT;
 *   2006/2013/2055/1053/1927/1152/1158-1161/1184 connection lost or killed -> EIO;
 *   1153 packet too large, 1118 row size -> ETOOBIG;
 *   1264/1265/1292/1366/1367/1406/1365 bad data and other 22xxx -> EINVAL;
 *   SQLSTATE 08xxx -> EIO, 40001 -> EBUSY, 0Axxx -> EUNSUPPORTED, 28xxx -> EINVAL;
 *   1146/1054/1064 and anything else -> EENGINE. */
enum sqlx_code sqlx_my_errno_code(int errnum, const char *sqlstate,
                                  enum sqlx_constraint_kind *kind);
/* The constraint (or column) a MySQL / MariaDB constraint error names, read from its message:
 * 1062 "... for key 'name'" (MySQL 8 writes 'table.name'), 1451/1452 "CONSTRAINT `name` FOREIGN
 * KEY", 4025 "CONSTRAINT `name` failed", 3819 "Check constraint 'name' is violated", 1048
 * "Column 'name' cannot be null". Writes "" when the message has no name. */
void sqlx_my_error_constraint(int errnum, const char *msg, char *out, size_t cap);

#endif
