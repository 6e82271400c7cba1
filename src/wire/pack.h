/* Wire packs: one JSON file per engine (packs/<name>.json) describing identity, protocol, the SQL
 * dialect table and the data-type table. The loader validates every pack and reports the file,
 * the JSON path and what was expected vs found. A loaded pack is immutable and may be shared
 * across threads. The loader reads identity, dialect and types, and for wire engines the protocol
 * (messages, handshake and query scripts, auth plugins, compiled through wire/codec.h and
 * wire/vm.h), capabilities and optimization rules. A pack may "extends" another of its folder. */
#ifndef SQLX_WIRE_PACK_H
#define SQLX_WIRE_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"

enum sqlx_param_style {
    SQLX_PARAM_QMARK,    /* ? */
    SQLX_PARAM_DOLLAR,   /* $1 */
    SQLX_PARAM_QNUM,     /* ?1 (SQLite) */
};

enum sqlx_limit_form {
    SQLX_LIMIT_LIMIT_OFFSET, /* LIMIT n OFFSET m */
    SQLX_LIMIT_FETCH_FIRST,  /* OFFSET m ROWS FETCH FIRST n ROWS ONLY */
};

enum sqlx_ilike_form {
    SQLX_ILIKE_NATIVE,  /* a ILIKE b */
    SQLX_ILIKE_LOWER,   /* lower(a) LIKE lower(b) */
};

/* The dialect table a printer needs. Strings are owned by the pack. */
struct sqlx_dialect {
    char quote_open;            /* identifier quote, e.g. '"' or '`' */
    char quote_close;
    enum sqlx_param_style param_style;
    enum sqlx_limit_form limit_form;
    enum sqlx_ilike_form ilike_form;
    const char *true_literal;   /* "TRUE" or "1" */
    const char *false_literal;
    bool supports_returning;    /* INSERT/UPDATE/DELETE ... RETURNING */
    const char *upsert_form;    /* "on_conflict" | "on_duplicate_key" | "none" */
    const char *concat_op;      /* "||" or "CONCAT" */
    const char *like_escape;    /* escape character used with LIKE patterns, e.g. "\\" */
};

/* One row of the type table: a declared type name pattern mapped to a universal type. */
struct sqlx_pack_type {
    const char *match;    /* lower-case declared type name or prefix, e.g. "varchar" */
    bool prefix;          /* match as a prefix of the declared name (after lower-casing) */
    bool contains;        /* match anywhere in the declared name (SQLite affinity rules); these
                           * rows are tried after the exact and prefix rows, in table order */
    const char *universal;/* universal type kind name: "integer", "decimal", "string", ... */
    int bits;             /* integer width, 0 = default */
    bool is_unsigned;
    bool with_tz;         /* timestamps */
};

/* detect: where the version string comes from and the pattern it must match. */
struct sqlx_pack_detect {
    const char *query;     /* SQL returning one text value, or NULL */
    const char *parameter; /* server parameter from the greeting (server_version), or NULL */
    const char *pattern;   /* POSIX extended regular expression */
};

/* capabilities.features[]: a feature, the version it appeared in, an optional probe query. */
struct sqlx_pack_feature {
    const char *name;      /* "merge" */
    const char *since;     /* "15", "9.5" */
    int since_num;         /* major * 10000 + minor * 100: 150000, 90500 */
    const char *probe;     /* SQL that succeeds when the feature works, or NULL */
};

/* capabilities.limits: a named integer limit ("max_identifier_length": 63). */
struct sqlx_pack_limit {
    const char *name;
    int64_t value;
};

/* capabilities.types[]: a server type by wire identifier (PostgreSQL OID). */
struct sqlx_pack_server_type {
    uint32_t oid;
    const char *name;      /* "int4", "_int4" */
    const char *universal; /* universal kind name */
    uint32_t array_of;     /* element OID for array types, else 0 */
};

/* optimization_rules[]: a condition the advisor checks and the SQL template it proposes. */
struct sqlx_pack_rule {
    const char *name;
    const char *when;
    const char *sql;
    const char *description;
};

struct sqlx_wire_proto;

struct sqlx_pack {
    char *file;           /* path loaded from */
    char *name;           /* "sqlite-3" */
    char *family;         /* "sqlite" | "postgresql" | "mysql" */
    char *version;        /* engine version range text, e.g. "3.35+" */
    char *description;
    char **schemes;       /* URL schemes that select this pack; NULL-terminated */
    struct sqlx_dialect dialect;
    struct sqlx_pack_type *types;
    size_t ntypes;
    const char *default_type; /* universal kind for declared types that match nothing */
    struct sqlx_arena strs; /* owns every string below not owned by its own field (type
                             * matches, dialect, detect, features, limits, rules ...) */
    bool embedded;        /* protocol.embedded */
    int default_port;     /* protocol.default_port, 0 when absent */
    const char *tls;      /* protocol.tls: "none", "pg_sslrequest", "mysql_ssl_flag" */
    bool tested_live;     /* the pack was run against a live server by the test suite */
    const char *extends;  /* name of the pack this one extends, or NULL */
    struct sqlx_pack_detect detect;
    struct sqlx_wire_proto *proto; /* compiled messages and scripts; NULL for embedded packs */
    struct sqlx_pack_feature *features;
    size_t nfeatures;
    struct sqlx_pack_limit *limits;
    size_t nlimits;
    struct sqlx_pack_server_type *server_types;
    size_t nserver_types;
    struct sqlx_pack_rule *rules;
    size_t nrules;
};

/* Loads and validates one pack file. On error returns NULL and err names file, JSON path (like
 * "$.dialect.quote"), and what was expected vs found. Caller frees with sqlx_pack_free. */
struct sqlx_pack *sqlx_pack_load(const char *path, struct sqlx_err *err);
void sqlx_pack_free(struct sqlx_pack *p);

/* The set of packs found in a directory. */
struct sqlx_packset {
    struct sqlx_pack **packs;
    size_t n;
};

/* Directory holding the packs: $SQLX_PACKS, else <exe dir>/../packs, else the source tree's packs/
 * recorded at build time. Returned string is static or from getenv. */
const char *sqlx_pack_dir(void);
/* Loads every *.json in dir (sorted by name). Any invalid pack is an error. */
int sqlx_packset_load(const char *dir, struct sqlx_packset *out, struct sqlx_err *err) SQLX_MUST_CHECK;
void sqlx_packset_free(struct sqlx_packset *s);
/* Finds by exact name or by URL scheme; NULL when none. */
const struct sqlx_pack *sqlx_packset_find(const struct sqlx_packset *s, const char *name_or_scheme);

/* True when p's detect rule reads server parameter `name` and its pattern matches value. */
bool sqlx_pack_detect_param(const struct sqlx_pack *p, const char *name, const char *value);
/* The pack of `family` whose parameter-based detect rule matches, asking get(ctx, name) for the
 * server's parameters; `prefer` wins when it matches too. NULL when none matches. */
const struct sqlx_pack *sqlx_packset_detect(const struct sqlx_packset *s, const char *family,
                                            const struct sqlx_pack *prefer,
                                            const char *(*get)(void *ctx, const char *name),
                                            void *ctx);
/* Server type by OID from capabilities.types, NULL when not listed. */
const struct sqlx_pack_server_type *sqlx_pack_server_type(const struct sqlx_pack *p, uint32_t oid);
/* A named limit, or dflt when the pack names none. */
int64_t sqlx_pack_limit(const struct sqlx_pack *p, const char *name, int64_t dflt);
/* A feature by name, NULL when the pack does not list it. */
const struct sqlx_pack_feature *sqlx_pack_feature(const struct sqlx_pack *p, const char *name);

/* Maps a declared column type (e.g. "VARCHAR(255)", "unsigned big int") through the type table.
 * Returns the matched row or NULL (then default_type applies). Matching: lower-case, strip the
 * parenthesised arguments, exact rows first, then prefix rows in table order, then contains rows
 * in table order. */
const struct sqlx_pack_type *sqlx_pack_match_type(const struct sqlx_pack *p, const char *declared);

#endif
