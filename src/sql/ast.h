/* The universal SQL AST: one tree for every dialect. The REST API builds its subset (SELECT with
 * joins, filters, ordering, paging and aggregates; INSERT, UPDATE, DELETE with RETURNING) with the
 * builders below; the PostgreSQL / MySQL / SQLite parser (sql/parser.h) fills the same node kinds
 * with the full grammar (CASE, CAST, window functions, CTEs, set operations, upserts, DDL ...).
 * Nodes live in an arena. Values are never spliced into SQL text: a SQLX_EX_PARAM carries a
 * universal value that the printer turns into a bound parameter. Positions are 1-based byte
 * offsets into the source text when a parser built the node, 0 when code did. Names are
 * dialect-neutral; `syntax` fields only record how the source spelled a construct when a printer
 * may want to keep that spelling (they never change the meaning, and equality ignores them). */
#ifndef SQLX_SQL_AST_H
#define SQLX_SQL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/vec.h"
#include "wire/value.h"

/* The source dialects the parser reads (the printers are driven by a pack's dialect table). */
enum sqlx_sql_dialect {
    SQLX_SQL_POSTGRES = 0,
    SQLX_SQL_MYSQL,           /* MySQL 8 and MariaDB 10.x */
    SQLX_SQL_SQLITE,
};

enum sqlx_expr_kind {
    SQLX_EX_COLUMN,   /* [schema.][table.]name */
    SQLX_EX_PARAM,    /* bound value */
    SQLX_EX_LITERAL,  /* literal written in the SQL text (parser); printed inline, never user input */
    SQLX_EX_STAR,     /* * or table.* */
    SQLX_EX_BINARY,   /* left op right */
    SQLX_EX_UNARY,    /* op operand (NOT, unary minus, unary plus, ~) */
    SQLX_EX_IS_NULL,  /* operand IS [NOT] NULL (negated) */
    SQLX_EX_IN,       /* operand [NOT] IN (list) or IN (subquery) */
    SQLX_EX_FUNC,     /* name([DISTINCT] args | *) [WITHIN GROUP] [FILTER] [OVER] */
    SQLX_EX_SUBQUERY, /* (SELECT ...) as an expression; EXISTS when op == SQLX_OP_EXISTS,
                       * ARRAY(SELECT ...) when op == SQLX_OP_ARRAY */
    /* ---- added for the multi-dialect parser ---- */
    SQLX_EX_PLACEHOLDER, /* a parameter marker written in SQL text: ?, $1, ?1, :name, @name */
    SQLX_EX_CASE,     /* CASE [left] WHEN list[0] THEN list[1] ... [ELSE right] END */
    SQLX_EX_CAST,     /* CAST(left AS type), left::type, CONVERT(left, type) */
    SQLX_EX_BETWEEN,  /* left [NOT] BETWEEN [SYMMETRIC] right AND extra */
    SQLX_EX_IS_TRUTH, /* left IS [NOT] TRUE | FALSE | UNKNOWN: value is BOOL true/false, NULL for
                       * UNKNOWN */
    SQLX_EX_QUANTIFIED, /* left op ANY|SOME|ALL (subquery) or (right: a PostgreSQL array) */
    SQLX_EX_COLLATE,  /* left COLLATE name */
    SQLX_EX_ROW,      /* (a, b, ...) or ROW(a, b, ...): list */
    SQLX_EX_ARRAY,    /* ARRAY[list...] (PostgreSQL) */
    SQLX_EX_SUBSCRIPT,/* left[right] or left[right:extra] when slice (either bound may be NULL) */
    SQLX_EX_INTERVAL, /* INTERVAL left [name]: PostgreSQL INTERVAL '1 day' (name NULL or a field
                       * qualifier such as "day"), MySQL INTERVAL expr unit (name "day",
                       * "day_hour", ...); name is lower-case */
    SQLX_EX_GROUPING, /* GROUP BY element ROLLUP(list) | CUBE(list) | GROUPING SETS(list); a set
                       * of several expressions is a ROW, the empty set () an empty ROW */
    SQLX_EX_DEFAULT,  /* DEFAULT in VALUES rows and SET lists */
    SQLX_EX_VARIABLE, /* MySQL @name (user variable) or @@[scope.]name (system variable, name
                       * keeps the @@ prefix) */
};

enum sqlx_op {
    SQLX_OP_NONE = 0,
    SQLX_OP_EQ, SQLX_OP_NEQ, SQLX_OP_LT, SQLX_OP_LTE, SQLX_OP_GT, SQLX_OP_GTE,
    SQLX_OP_AND, SQLX_OP_OR, SQLX_OP_NOT,
    SQLX_OP_LIKE, SQLX_OP_ILIKE,      /* ESCAPE: extra, or like_escape for code-built trees */
    SQLX_OP_ADD, SQLX_OP_SUB, SQLX_OP_MUL, SQLX_OP_DIV, SQLX_OP_MOD, SQLX_OP_NEG,
    SQLX_OP_CONCAT,
    SQLX_OP_EXISTS,
    /* ---- added for the multi-dialect parser ---- */
    SQLX_OP_PLUS,     /* unary + */
    SQLX_OP_BITNOT,   /* unary ~ */
    SQLX_OP_BITAND,   /* & */
    SQLX_OP_BITOR,    /* | */
    SQLX_OP_BITXOR,   /* MySQL ^, PostgreSQL # */
    SQLX_OP_SHL,      /* << */
    SQLX_OP_SHR,      /* >> */
    SQLX_OP_POW,      /* PostgreSQL ^ (exponent) */
    SQLX_OP_INTDIV,   /* MySQL DIV (integer division) */
    SQLX_OP_XOR,      /* MySQL logical XOR */
    SQLX_OP_GLOB,     /* SQLite GLOB (negated: NOT GLOB) */
    SQLX_OP_REGEXP,   /* REGEXP / RLIKE / PostgreSQL ~ (negated: NOT REGEXP, !~) */
    SQLX_OP_IREGEXP,  /* PostgreSQL ~* (negated: !~*) */
    SQLX_OP_SIMILAR,  /* SIMILAR TO (PostgreSQL); ESCAPE in extra */
    SQLX_OP_MATCH,    /* SQLite MATCH */
    SQLX_OP_IS_DISTINCT, /* IS DISTINCT FROM; negated: IS NOT DISTINCT FROM, MySQL <=>, SQLite IS */
    SQLX_OP_JSON_GET,      /* -> */
    SQLX_OP_JSON_GET_TEXT, /* ->> */
    SQLX_OP_JSON_PATH,     /* #> */
    SQLX_OP_JSON_PATH_TEXT,/* #>> */
    SQLX_OP_CONTAINS,      /* @> */
    SQLX_OP_CONTAINED_BY,  /* <@ */
    SQLX_OP_OVERLAP,       /* && (PostgreSQL; in MySQL && is AND) */
    SQLX_OP_JSON_HAS,      /* ? (PostgreSQL) */
    SQLX_OP_JSON_HAS_ANY,  /* ?| */
    SQLX_OP_JSON_HAS_ALL,  /* ?& */
    SQLX_OP_TS_MATCH,      /* @@ */
    SQLX_OP_ASSIGN,   /* MySQL := */
    SQLX_OP_ARRAY,    /* SUBQUERY: ARRAY(SELECT ...) */
    SQLX_OP_OTHER,    /* any other operator; its text is in name (PostgreSQL user operators) */
};

/* How the source spelled a construct, kept only where a printer may want the same spelling.
 * Equality ignores these; the meaning never depends on them. */
enum sqlx_syntax {
    SQLX_SYN_DEFAULT = 0,
    SQLX_SYN_CAST_COLONS,    /* CAST: x::type (PostgreSQL) */
    SQLX_SYN_CAST_CONVERT,   /* CAST: CONVERT(x, type) (MySQL) */
    SQLX_SYN_SYMBOLIC,       /* AND / OR / NOT / IS_DISTINCT / MOD written &&, ||, !, <=>, % */
    SQLX_SYN_KEYWORD,        /* MOD / DIV written as a keyword; NOT NULL written NOTNULL */
    SQLX_SYN_IS,             /* IS_DISTINCT: SQLite a IS b / a IS NOT b */
    SQLX_SYN_ISNULL,         /* IS_NULL: x ISNULL / x NOTNULL (SQLite, PostgreSQL) */
    SQLX_SYN_NO_PARENS,      /* FUNC: CURRENT_TIMESTAMP, CURRENT_DATE, USER ... without () */
    SQLX_SYN_KEYWORD_ARGS,   /* FUNC: EXTRACT(f FROM x), SUBSTRING(x FROM a FOR b),
                              * POSITION(a IN b), TRIM(... FROM x), OVERLAY(... PLACING ...) */
    SQLX_SYN_STR_ESCAPE,     /* LITERAL: E'...' (PostgreSQL) */
    SQLX_SYN_STR_DOLLAR,     /* LITERAL: $tag$...$tag$ (PostgreSQL) */
    SQLX_SYN_STR_NATIONAL,   /* LITERAL: N'...' */
    SQLX_SYN_HEX_NUMBER,     /* LITERAL: 0x1F */
    SQLX_SYN_SOME,           /* QUANTIFIED: SOME instead of ANY */
    SQLX_SYN_WITH_ROLLUP,    /* GROUPING: MySQL GROUP BY a, b WITH ROLLUP */
    SQLX_SYN_ROW_KEYWORD,    /* ROW: ROW(a, b); VALUES: MySQL VALUES ROW(...) */
    SQLX_SYN_RLIKE,          /* REGEXP written RLIKE */
    SQLX_SYN_REPLACE_INTO,   /* INSERT: MySQL REPLACE INTO (or_action REPLACE) */
    SQLX_SYN_INSERT_IGNORE,  /* INSERT: MySQL INSERT IGNORE (or_action IGNORE) */
    SQLX_SYN_INSERT_SET,     /* INSERT: MySQL INSERT ... SET a = 1, b = 2 */
    SQLX_SYN_START_TRANSACTION, /* TXN BEGIN: START TRANSACTION */
    SQLX_SYN_BEGIN_TRANSACTION, /* TXN BEGIN: BEGIN TRANSACTION / BEGIN WORK */
    SQLX_SYN_END,            /* TXN COMMIT: END [TRANSACTION] */
    SQLX_SYN_NEQ_BANG,       /* NEQ written != */
    SQLX_SYN_EQ_DOUBLE,      /* EQ written == (SQLite) */
};

/* LITERAL kinds. SQLX_LIT_VALUE (code-built literals) means "as value.type says". */
enum sqlx_lit_kind {
    SQLX_LIT_VALUE = 0,
    SQLX_LIT_INTEGER,  /* value INT */
    SQLX_LIT_DECIMAL,  /* value TEXT: the digits as written ("1.50", ".5", or an integer too big
                        * for 64 bits) */
    SQLX_LIT_FLOAT,    /* value TEXT: approximate numeric with an exponent as written ("1e3") */
    SQLX_LIT_STRING,   /* value TEXT: the decoded string (escapes resolved) */
    SQLX_LIT_BLOB,     /* value BLOB: X'..' (and MySQL 0x.. hex literals, syntax HEX_NUMBER) */
    SQLX_LIT_BITS,     /* value TEXT of '0'/'1' characters: B'0101' */
    SQLX_LIT_BOOL,     /* value BOOL */
    SQLX_LIT_NULL,     /* value NULL */
    SQLX_LIT_TYPED,    /* type 'text': DATE '2024-01-01', TIMESTAMP '...', TIME '...', and any
                        * PostgreSQL typename 'text'; value TEXT, type set */
};

/* Placeholder spellings (SQLX_EX_PLACEHOLDER). */
enum sqlx_placeholder {
    SQLX_PH_QMARK = 0, /* ? (index 0; numbered by position by the engine) */
    SQLX_PH_DOLLAR,    /* $n */
    SQLX_PH_QNUM,      /* ?n (SQLite) */
    SQLX_PH_COLON,     /* :name (SQLite) */
    SQLX_PH_AT,        /* @name (SQLite) */
    SQLX_PH_DOLLAR_NAME, /* $name (SQLite) */
};

/* Special argument forms of a FUNC node. Most are only syntax (see SQLX_SYN_KEYWORD_ARGS); the
 * TRIM sides carry meaning. */
enum sqlx_func_form {
    SQLX_FN_PLAIN = 0,
    SQLX_FN_TRIM_BOTH,     /* trim(BOTH [chars] FROM s): args s [, chars] */
    SQLX_FN_TRIM_LEADING,  /* trim(LEADING [chars] FROM s) */
    SQLX_FN_TRIM_TRAILING, /* trim(TRAILING [chars] FROM s) */
};

enum sqlx_grouping_kind { SQLX_GROUP_ROLLUP = 0, SQLX_GROUP_CUBE, SQLX_GROUP_SETS };

struct sqlx_select;
struct sqlx_window;
struct sqlx_type_name;

struct sqlx_expr {
    enum sqlx_expr_kind kind;
    enum sqlx_op op;
    int pos;
    bool negated;             /* IS NOT NULL, NOT IN, NOT LIKE, NOT BETWEEN, IS NOT TRUE,
                               * NOT EXISTS, IS NOT DISTINCT FROM */
    bool distinct;            /* FUNC: count(DISTINCT x) */
    bool like_escape;         /* LIKE/ILIKE: append ESCAPE with the dialect's escape character */
    const char *table;        /* COLUMN / STAR qualifier, may be NULL */
    const char *name;         /* COLUMN name, FUNC name (lower-case, dialect-neutral), COLLATE
                               * collation, INTERVAL unit, PLACEHOLDER / VARIABLE name, OTHER
                               * operator text */
    struct sqlx_value value;  /* PARAM / LITERAL; IS_TRUTH: BOOL or NULL (UNKNOWN) */
    struct sqlx_expr *left;   /* BINARY left, UNARY / IS_NULL / IN / CAST / BETWEEN / COLLATE /
                               * QUANTIFIED / INTERVAL operand, CASE operand (may be NULL),
                               * SUBSCRIPT base */
    struct sqlx_expr *right;  /* BINARY right, BETWEEN low, CASE ELSE, QUANTIFIED array,
                               * SUBSCRIPT index or slice lower bound */
    struct sqlx_vec list;     /* IN list, FUNC args, CASE WHEN/THEN pairs (even length), ROW and
                               * ARRAY elements, GROUPING elements: struct sqlx_expr * */
    struct sqlx_select *subquery; /* SUBQUERY, IN (SELECT), QUANTIFIED (SELECT) */
    /* ---- added for the multi-dialect parser ---- */
    const char *schema;       /* COLUMN / STAR / FUNC schema qualifier, may be NULL */
    enum sqlx_syntax syntax;  /* source spelling, see enum sqlx_syntax */
    enum sqlx_lit_kind lit;   /* LITERAL kind; SQLX_LIT_VALUE for code-built literals */
    struct sqlx_expr *extra;  /* third operand: BETWEEN high, LIKE / SIMILAR ESCAPE, SUBSCRIPT
                               * slice upper bound, FUNC group_concat SEPARATOR */
    struct sqlx_type_name *type; /* CAST target, LIT_TYPED literal type */
    struct sqlx_window *over; /* FUNC: OVER (...) / OVER name; NULL when not a window call */
    struct sqlx_expr *filter; /* FUNC: FILTER (WHERE ...) */
    struct sqlx_vec order_by; /* FUNC: ORDER BY inside the call (string_agg, group_concat,
                               * array_agg) or WITHIN GROUP: struct sqlx_order_item * */
    bool within_group;        /* FUNC: order_by came from WITHIN GROUP (ORDER BY ...) */
    bool all;                 /* QUANTIFIED: ALL (else ANY / SOME) */
    bool symmetric;           /* BETWEEN SYMMETRIC */
    bool slice;               /* SUBSCRIPT: [lower:upper] */
    enum sqlx_func_form form; /* FUNC special argument form */
    enum sqlx_placeholder ph; /* PLACEHOLDER spelling */
    int index;                /* PLACEHOLDER number: $3 and ?3 give 3, ? gives 0 */
    enum sqlx_grouping_kind grouping; /* GROUPING kind */
};

/* A type name as written in CAST, :: and column definitions, with its universal kind (the same
 * names as schema/types.h, which this layer may not include). */
enum sqlx_type_kind {
    SQLX_TY_UNKNOWN = 0, /* a name the parser does not classify (user types, domains) */
    SQLX_TY_INTEGER,     /* bits: 8, 16, 24, 32, 64 (0 when the name does not say) */
    SQLX_TY_DECIMAL,     /* args: precision [, scale] */
    SQLX_TY_FLOAT,       /* bits 32 or 64 */
    SQLX_TY_BOOL,
    SQLX_TY_STRING,      /* args: length for char / varchar */
    SQLX_TY_BYTES,
    SQLX_TY_DATE,
    SQLX_TY_TIME,
    SQLX_TY_TIMESTAMP,   /* with_tz for timestamptz / TIMESTAMP WITH TIME ZONE */
    SQLX_TY_INTERVAL,
    SQLX_TY_JSON,
    SQLX_TY_UUID,
    SQLX_TY_ENUM,        /* MySQL ENUM('a', 'b'): args are the string literals */
};

struct sqlx_type_name {
    int pos;
    const char *schema;       /* schema qualifier of a user type, may be NULL */
    const char *name;         /* lower-case name as written with single spaces: "varchar",
                               * "double precision", "timestamp", "character varying", "int4" */
    struct sqlx_vec args;     /* type modifiers: LITERAL exprs, e.g. (10, 2) or ENUM labels */
    enum sqlx_type_kind kind; /* universal kind decided by the parser from the name */
    int bits;                 /* INTEGER / FLOAT width when the name says it, else 0 */
    bool is_unsigned;         /* MySQL UNSIGNED */
    bool zerofill;            /* MySQL ZEROFILL */
    bool with_tz;             /* TIMESTAMP / TIME WITH TIME ZONE, timestamptz */
    int array_dims;           /* PostgreSQL int[] / int[][]: number of [] suffixes */
    const char *charset;      /* MySQL CHARACTER SET name, may be NULL */
    const char *text;         /* the whole type as written, normalised: "varchar(255)" */
};

struct sqlx_select_item {
    struct sqlx_expr *expr;
    const char *alias;        /* may be NULL */
    int pos;                  /* parser: position of the expression */
};

/* What a FROM item is. A zeroed table_ref is a TABLE with no name, meaning "no FROM". */
enum sqlx_tref_kind {
    SQLX_TREF_TABLE = 0,      /* [schema.]name */
    SQLX_TREF_SUBQUERY,       /* (SELECT ...) or (VALUES ...) [AS] alias [(cols)] */
    SQLX_TREF_FUNC,           /* table function: generate_series(1, 3), json_each(x) */
    SQLX_TREF_JOIN,           /* parenthesised join group: (nested_from JOIN ... ) */
};

struct sqlx_table_ref {
    const char *schema;       /* may be NULL */
    const char *name;
    const char *alias;        /* may be NULL */
    /* ---- added for the multi-dialect parser ---- */
    enum sqlx_tref_kind kind;
    int pos;
    bool lateral;             /* LATERAL (subquery or function) */
    bool only;                /* PostgreSQL ONLY t */
    struct sqlx_select *subquery; /* SUBQUERY */
    struct sqlx_expr *func;   /* FUNC: the call (a SQLX_EX_FUNC node) */
    bool with_ordinality;     /* FUNC: WITH ORDINALITY */
    struct sqlx_vec col_aliases; /* alias (c1, c2, ...): const char * */
    struct sqlx_table_ref *nested_from; /* JOIN: the first item of the group */
    struct sqlx_vec nested_joins;       /* JOIN: struct sqlx_join * */
};

enum sqlx_join_kind {
    SQLX_JOIN_INNER, SQLX_JOIN_LEFT, SQLX_JOIN_RIGHT, SQLX_JOIN_FULL, SQLX_JOIN_CROSS,
    SQLX_JOIN_COMMA,          /* FROM a, b (a cross join with comma precedence) */
};

struct sqlx_join {
    enum sqlx_join_kind kind;
    struct sqlx_table_ref table;
    struct sqlx_expr *on;     /* may be NULL for CROSS, COMMA, NATURAL and USING */
    /* ---- added for the multi-dialect parser ---- */
    bool natural;             /* NATURAL [LEFT|RIGHT|FULL|INNER] JOIN */
    struct sqlx_vec using_cols; /* USING (c1, c2): const char * */
    int pos;
};

struct sqlx_order_item {
    struct sqlx_expr *expr;
    bool desc;
    int nulls;                /* 0 = engine default, 1 = NULLS FIRST, 2 = NULLS LAST */
    int pos;
    bool asc_written;         /* syntax: ASC was written */
};

/* ---- window functions ---- */

enum sqlx_frame_unit { SQLX_FRAME_ROWS = 0, SQLX_FRAME_RANGE, SQLX_FRAME_GROUPS };

enum sqlx_bound_kind {
    SQLX_BOUND_UNBOUNDED_PRECEDING = 0,
    SQLX_BOUND_PRECEDING,     /* offset PRECEDING */
    SQLX_BOUND_CURRENT_ROW,
    SQLX_BOUND_FOLLOWING,     /* offset FOLLOWING */
    SQLX_BOUND_UNBOUNDED_FOLLOWING,
};

enum sqlx_frame_exclude {
    SQLX_EXCLUDE_NONE = 0,    /* nothing written (same as EXCLUDE NO OTHERS) */
    SQLX_EXCLUDE_CURRENT_ROW,
    SQLX_EXCLUDE_GROUP,
    SQLX_EXCLUDE_TIES,
    SQLX_EXCLUDE_NO_OTHERS,
};

struct sqlx_frame_bound {
    enum sqlx_bound_kind kind;
    struct sqlx_expr *offset; /* PRECEDING / FOLLOWING value */
};

struct sqlx_frame {
    enum sqlx_frame_unit unit;
    struct sqlx_frame_bound start;
    bool has_end;             /* BETWEEN start AND end; else the end is CURRENT ROW implicitly */
    struct sqlx_frame_bound end;
    enum sqlx_frame_exclude exclude;
};

struct sqlx_window {
    int pos;
    const char *name;         /* WINDOW name AS (...): the defined name; NULL inside OVER */
    const char *base;         /* OVER (w ORDER BY ...) or OVER w: the window referred to */
    bool ref_only;            /* OVER w, without parentheses */
    struct sqlx_vec partition;/* PARTITION BY: struct sqlx_expr * */
    struct sqlx_vec order;    /* ORDER BY: struct sqlx_order_item * */
    struct sqlx_frame *frame; /* may be NULL */
};

/* ---- queries ---- */

struct sqlx_cte {
    int pos;
    const char *name;
    struct sqlx_vec columns;  /* name (c1, c2) AS ...: const char * */
    struct sqlx_select *query;/* the body (NULL when dml is set) */
    struct sqlx_ast *dml;     /* PostgreSQL data-modifying CTE (INSERT/UPDATE/DELETE RETURNING) */
    int materialized;         /* 0 = not said, 1 = MATERIALIZED, 2 = NOT MATERIALIZED */
};

struct sqlx_with {
    int pos;
    bool recursive;
    struct sqlx_vec ctes;     /* struct sqlx_cte * */
};

enum sqlx_setop { SQLX_SETOP_NONE = 0, SQLX_SETOP_UNION, SQLX_SETOP_INTERSECT, SQLX_SETOP_EXCEPT };

/* How LIMIT / OFFSET were written (the values are in limit / offset whatever the form). */
enum sqlx_limit_syntax {
    SQLX_LIMIT_SYN_NONE = 0,  /* code-built, or no LIMIT written */
    SQLX_LIMIT_SYN_LIMIT,     /* LIMIT n [OFFSET m], or OFFSET m alone */
    SQLX_LIMIT_SYN_COMMA,     /* LIMIT m, n (MySQL, SQLite) */
    SQLX_LIMIT_SYN_FETCH,     /* [OFFSET m ROWS] FETCH FIRST|NEXT n ROWS ONLY|WITH TIES */
};

enum sqlx_lock_mode {
    SQLX_LOCK_NONE = 0, SQLX_LOCK_UPDATE, SQLX_LOCK_SHARE, SQLX_LOCK_NO_KEY_UPDATE,
    SQLX_LOCK_KEY_SHARE,
};
enum sqlx_lock_wait { SQLX_LOCK_WAIT = 0, SQLX_LOCK_NOWAIT, SQLX_LOCK_SKIP_LOCKED };

/* A query. Three shapes share the struct:
 * - a plain SELECT (setop NONE, values empty): items, from, joins, where, group_by, ...;
 * - a VALUES list (values non-empty): only values, order_by, limit, offset apply;
 * - a set operation (setop != NONE): larg setop [ALL] rarg, then this node's order_by / limit /
 *   offset apply to the combined result. Operands that carry their own ORDER BY / LIMIT / WITH
 *   are parenthesised by printers.
 * with, order_by, limit, offset apply to every shape. */
struct sqlx_select {
    bool distinct;
    struct sqlx_vec items;    /* struct sqlx_select_item *; empty means * */
    struct sqlx_table_ref from;
    struct sqlx_vec joins;    /* struct sqlx_join * */
    struct sqlx_expr *where;
    struct sqlx_vec group_by; /* struct sqlx_expr * (GROUPING nodes for ROLLUP / CUBE / SETS) */
    struct sqlx_expr *having;
    struct sqlx_vec order_by; /* struct sqlx_order_item * */
    struct sqlx_expr *limit;  /* may be NULL */
    struct sqlx_expr *offset; /* may be NULL */
    /* ---- added for the multi-dialect parser ---- */
    int pos;
    struct sqlx_with *with;   /* WITH ... before this query, may be NULL */
    struct sqlx_vec distinct_on; /* PostgreSQL DISTINCT ON (exprs): struct sqlx_expr * */
    struct sqlx_vec windows;  /* WINDOW w AS (...): struct sqlx_window * (name set) */
    enum sqlx_limit_syntax limit_syntax;
    bool limit_all;           /* LIMIT ALL written (limit is NULL) */
    bool with_ties;           /* FETCH FIRST n ROWS WITH TIES */
    enum sqlx_setop setop;
    bool setop_all;           /* UNION ALL, INTERSECT ALL, EXCEPT ALL */
    struct sqlx_select *larg; /* set operation operands */
    struct sqlx_select *rarg;
    struct sqlx_vec values;   /* VALUES rows: struct sqlx_vec * of struct sqlx_expr * */
    bool values_row;          /* syntax: MySQL VALUES ROW(...), ROW(...) */
    enum sqlx_lock_mode lock; /* FOR UPDATE / FOR SHARE ... */
    enum sqlx_lock_wait lock_wait;
    struct sqlx_vec lock_of;  /* FOR UPDATE OF t1, t2: const char * */
};

/* ---- INSERT / UPDATE / DELETE ---- */

struct sqlx_assign {
    const char *column;
    struct sqlx_expr *value;
    /* ---- added for the multi-dialect parser ---- */
    const char *table;        /* MySQL multi-table UPDATE: SET t.c = v, may be NULL */
    struct sqlx_vec columns;  /* PostgreSQL SET (a, b) = (...): const char *; column is NULL */
    int pos;
};

/* The conflict resolution of SQLite INSERT OR ... / UPDATE OR ..., MySQL REPLACE and IGNORE. */
enum sqlx_or_action {
    SQLX_OR_NONE = 0, SQLX_OR_REPLACE, SQLX_OR_IGNORE, SQLX_OR_ABORT, SQLX_OR_FAIL,
    SQLX_OR_ROLLBACK,
};

enum sqlx_upsert_form {
    SQLX_UPSERT_ON_CONFLICT = 0, /* PostgreSQL / SQLite ON CONFLICT [target] DO NOTHING|UPDATE */
    SQLX_UPSERT_ON_DUPLICATE_KEY, /* MySQL ON DUPLICATE KEY UPDATE */
};

struct sqlx_upsert {
    int pos;
    enum sqlx_upsert_form form;
    struct sqlx_vec target;   /* ON CONFLICT (a, lower(b)): struct sqlx_index_elem * */
    struct sqlx_expr *target_where; /* ON CONFLICT (...) WHERE pred (partial index) */
    const char *constraint;   /* ON CONFLICT ON CONSTRAINT name */
    bool do_nothing;          /* DO NOTHING */
    struct sqlx_vec set;      /* DO UPDATE SET / ON DUPLICATE KEY UPDATE: struct sqlx_assign * */
    struct sqlx_expr *where;  /* DO UPDATE SET ... WHERE */
};

struct sqlx_insert {
    struct sqlx_table_ref table;
    const char **columns;     /* may be empty with default_values */
    size_t ncolumns;
    struct sqlx_vec rows;     /* struct sqlx_vec * of struct sqlx_expr *, each ncolumns long */
    bool default_values;      /* INSERT ... DEFAULT VALUES */
    struct sqlx_vec returning;/* struct sqlx_select_item * */
    /* ---- added for the multi-dialect parser ---- */
    struct sqlx_with *with;
    struct sqlx_select *query;/* INSERT ... SELECT (rows empty) */
    enum sqlx_or_action or_action; /* INSERT OR REPLACE / IGNORE, REPLACE INTO, INSERT IGNORE */
    struct sqlx_upsert *upsert;    /* may be NULL */
    const char *row_alias;    /* MySQL VALUES (...) AS new: the row alias, may be NULL */
    enum sqlx_syntax syntax;  /* REPLACE_INTO, INSERT_IGNORE, INSERT_SET */
};

struct sqlx_update {
    struct sqlx_table_ref table;
    struct sqlx_vec set;      /* struct sqlx_assign * */
    struct sqlx_expr *where;
    struct sqlx_vec returning;
    /* ---- added for the multi-dialect parser ---- */
    struct sqlx_with *with;
    struct sqlx_vec joins;    /* MySQL UPDATE t JOIN u ON ... / t, u SET: struct sqlx_join * */
    struct sqlx_table_ref *from; /* PostgreSQL / SQLite UPDATE ... FROM first item, may be NULL */
    struct sqlx_vec from_joins;  /* the rest of the FROM list: struct sqlx_join * */
    enum sqlx_or_action or_action; /* SQLite UPDATE OR ... */
    struct sqlx_vec order_by; /* MySQL / SQLite UPDATE ... ORDER BY ... LIMIT n */
    struct sqlx_expr *limit;
};

struct sqlx_delete {
    struct sqlx_table_ref table;
    struct sqlx_expr *where;
    struct sqlx_vec returning;
    /* ---- added for the multi-dialect parser ---- */
    struct sqlx_with *with;
    struct sqlx_vec targets;  /* MySQL multi-table DELETE t1, t2 FROM ...: struct sqlx_table_ref *
                               * (empty for a single-table DELETE) */
    struct sqlx_vec joins;    /* MySQL DELETE ... FROM t JOIN u ...: struct sqlx_join * */
    struct sqlx_table_ref *using_first; /* PostgreSQL DELETE ... USING first item, may be NULL */
    struct sqlx_vec using_joins; /* the rest of the USING list: struct sqlx_join * */
    struct sqlx_vec order_by; /* MySQL / SQLite DELETE ... ORDER BY ... LIMIT n */
    struct sqlx_expr *limit;
};

/* ---- transactions ---- */

enum sqlx_txn_op {
    SQLX_TXN_BEGIN = 0, SQLX_TXN_COMMIT, SQLX_TXN_ROLLBACK, SQLX_TXN_SAVEPOINT,
    SQLX_TXN_RELEASE, SQLX_TXN_ROLLBACK_TO,
};
enum sqlx_txn_mode {
    SQLX_TXN_MODE_NONE = 0, SQLX_TXN_DEFERRED, SQLX_TXN_IMMEDIATE, SQLX_TXN_EXCLUSIVE, /* SQLite */
};

struct sqlx_txn {
    enum sqlx_txn_op op;
    const char *savepoint;    /* SAVEPOINT / RELEASE / ROLLBACK TO name */
    enum sqlx_txn_mode mode;  /* SQLite BEGIN DEFERRED | IMMEDIATE | EXCLUSIVE */
    const char *isolation;    /* "serializable", "repeatable read", "read committed",
                               * "read uncommitted"; NULL when not said */
    int access;               /* 0 = not said, 1 = READ ONLY, 2 = READ WRITE */
    bool chain;               /* COMMIT AND CHAIN */
    enum sqlx_syntax syntax;  /* START_TRANSACTION, BEGIN_TRANSACTION, END */
};

/* ---- DDL ---- */

enum sqlx_fk_action {
    SQLX_FK_NONE = 0,         /* not said (NO ACTION) */
    SQLX_FK_NO_ACTION, SQLX_FK_RESTRICT, SQLX_FK_CASCADE, SQLX_FK_SET_NULL, SQLX_FK_SET_DEFAULT,
};

enum sqlx_constraint_type {
    SQLX_CON_NOT_NULL = 0,
    SQLX_CON_NULL,            /* explicit NULL */
    SQLX_CON_DEFAULT,         /* expr */
    SQLX_CON_PRIMARY_KEY,     /* column, or table with columns */
    SQLX_CON_UNIQUE,          /* column, or table with columns */
    SQLX_CON_CHECK,           /* expr */
    SQLX_CON_FOREIGN_KEY,     /* REFERENCES ref_table (ref_columns); table form has columns */
    SQLX_CON_GENERATED,       /* [GENERATED ALWAYS] AS (expr) [STORED | VIRTUAL] */
    SQLX_CON_IDENTITY,        /* GENERATED ALWAYS | BY DEFAULT AS IDENTITY */
    SQLX_CON_AUTO_INCREMENT,  /* MySQL AUTO_INCREMENT (SQLite AUTOINCREMENT is a PK flag) */
    SQLX_CON_COLLATE,         /* COLLATE name (in name) */
    SQLX_CON_ON_UPDATE,       /* MySQL ON UPDATE expr */
    SQLX_CON_COMMENT,         /* MySQL COMMENT 'text': expr is the string literal */
};

struct sqlx_constraint {
    int pos;
    enum sqlx_constraint_type type;
    const char *name;         /* CONSTRAINT name, may be NULL; COLLATE: the collation */
    struct sqlx_expr *expr;   /* DEFAULT value, CHECK / GENERATED expression, ON UPDATE value */
    struct sqlx_vec columns;  /* table PRIMARY KEY / UNIQUE / FOREIGN KEY columns:
                               * struct sqlx_index_elem * */
    struct sqlx_table_ref ref_table; /* FOREIGN KEY target */
    struct sqlx_vec ref_columns;     /* FOREIGN KEY target columns: const char * */
    enum sqlx_fk_action on_delete;
    enum sqlx_fk_action on_update;
    int match;                /* FOREIGN KEY MATCH: 0 not said, 1 FULL, 2 PARTIAL, 3 SIMPLE */
    int deferrable;           /* 0 not said, 1 DEFERRABLE, 2 NOT DEFERRABLE */
    int initially;            /* 0 not said, 1 INITIALLY DEFERRED, 2 INITIALLY IMMEDIATE */
    bool stored;              /* GENERATED: STORED (else VIRTUAL, the SQLite / MySQL default) */
    bool always;              /* GENERATED ALWAYS (IDENTITY: ALWAYS, else BY DEFAULT) */
    bool desc;                /* SQLite column PRIMARY KEY DESC */
    bool autoincrement;       /* SQLite PRIMARY KEY AUTOINCREMENT */
    enum sqlx_or_action on_conflict; /* SQLite ON CONFLICT clause of a constraint */
    bool nulls_not_distinct;  /* PostgreSQL UNIQUE NULLS NOT DISTINCT */
};

struct sqlx_column_def {
    int pos;
    const char *name;
    struct sqlx_type_name *type; /* may be NULL (SQLite allows columns without a type) */
    struct sqlx_vec constraints; /* struct sqlx_constraint * in source order */
};

struct sqlx_table_option {
    const char *name;         /* lower-case: "engine", "default charset", "auto_increment",
                               * "without rowid", "strict", "comment" */
    const char *value;        /* as written (unquoted), may be NULL */
};

struct sqlx_create_table {
    struct sqlx_table_ref table;
    bool if_not_exists;
    bool temporary;
    bool unlogged;            /* PostgreSQL UNLOGGED */
    struct sqlx_vec columns;  /* struct sqlx_column_def * */
    struct sqlx_vec constraints; /* table constraints: struct sqlx_constraint * */
    struct sqlx_select *as_query; /* CREATE TABLE ... AS SELECT */
    struct sqlx_vec options;  /* struct sqlx_table_option * (MySQL ENGINE=, SQLite WITHOUT
                               * ROWID / STRICT) */
    struct sqlx_vec indexes;  /* MySQL [UNIQUE] KEY / INDEX name (cols) inside CREATE TABLE:
                               * struct sqlx_create_index * (table left empty) */
};

enum sqlx_alter_kind {
    SQLX_ALTER_ADD_COLUMN = 0,  /* column */
    SQLX_ALTER_DROP_COLUMN,     /* name */
    SQLX_ALTER_RENAME_COLUMN,   /* name -> new_name */
    SQLX_ALTER_RENAME_TABLE,    /* new_name */
    SQLX_ALTER_COLUMN_TYPE,     /* name, type [USING expr] (PostgreSQL ALTER COLUMN TYPE) */
    SQLX_ALTER_SET_DEFAULT,     /* name, expr */
    SQLX_ALTER_DROP_DEFAULT,    /* name */
    SQLX_ALTER_SET_NOT_NULL,    /* name */
    SQLX_ALTER_DROP_NOT_NULL,   /* name */
    SQLX_ALTER_ADD_CONSTRAINT,  /* constraint */
    SQLX_ALTER_DROP_CONSTRAINT, /* name */
    SQLX_ALTER_MODIFY_COLUMN,   /* MySQL MODIFY column / CHANGE name column (new definition) */
};

struct sqlx_alter_cmd {
    int pos;
    enum sqlx_alter_kind kind;
    const char *name;         /* column or constraint acted on */
    const char *new_name;     /* RENAME target */
    struct sqlx_column_def *column; /* ADD COLUMN / MODIFY / CHANGE definition */
    struct sqlx_constraint *constraint; /* ADD CONSTRAINT */
    struct sqlx_type_name *type;/* COLUMN_TYPE */
    struct sqlx_expr *expr;   /* SET DEFAULT value, COLUMN_TYPE USING */
    bool if_exists;           /* DROP COLUMN IF EXISTS, DROP CONSTRAINT IF EXISTS */
    bool if_not_exists;       /* ADD COLUMN IF NOT EXISTS */
    bool cascade;             /* DROP ... CASCADE */
    bool first;               /* MySQL ... FIRST */
    const char *after;        /* MySQL ... AFTER column */
};

struct sqlx_alter_table {
    struct sqlx_table_ref table;
    bool if_exists;
    bool only;
    struct sqlx_vec cmds;     /* struct sqlx_alter_cmd * */
};

enum sqlx_object_kind {
    SQLX_OBJ_TABLE = 0, SQLX_OBJ_VIEW, SQLX_OBJ_MATERIALIZED_VIEW, SQLX_OBJ_INDEX, SQLX_OBJ_TYPE,
};

struct sqlx_drop {
    enum sqlx_object_kind object;
    struct sqlx_vec names;    /* struct sqlx_table_ref * (schema, name) */
    bool if_exists;
    bool cascade;
    bool restrict_written;    /* RESTRICT written (the default behaviour) */
    bool concurrently;        /* DROP INDEX CONCURRENTLY */
    bool temporary;           /* MySQL DROP TEMPORARY TABLE */
    struct sqlx_table_ref *on_table; /* MySQL DROP INDEX i ON t, may be NULL */
};

/* One key part of an index, ON CONFLICT target or table PRIMARY KEY / UNIQUE list. */
struct sqlx_index_elem {
    int pos;
    struct sqlx_expr *expr;   /* a COLUMN for plain columns, any expression otherwise */
    bool desc;
    bool asc_written;         /* syntax: ASC was written */
    int nulls;                /* 0, 1 = NULLS FIRST, 2 = NULLS LAST */
    const char *collate;      /* may be NULL */
    const char *opclass;      /* PostgreSQL operator class, may be NULL */
    int prefix_len;           /* MySQL col(10) prefix length, 0 when none */
};

struct sqlx_create_index {
    const char *name;         /* may be NULL (PostgreSQL picks one) */
    const char *schema;       /* schema qualifier of the index name, may be NULL */
    struct sqlx_table_ref table;
    bool unique;
    bool concurrently;
    bool if_not_exists;
    const char *method;       /* USING btree | hash | gin | gist ..., lower-case, may be NULL */
    struct sqlx_vec elems;    /* struct sqlx_index_elem * */
    struct sqlx_vec include;  /* INCLUDE (c1, c2): const char * */
    struct sqlx_expr *where;  /* partial index predicate */
};

struct sqlx_create_view {
    struct sqlx_table_ref name;
    bool or_replace;
    bool temporary;
    bool materialized;
    bool if_not_exists;       /* SQLite CREATE VIEW IF NOT EXISTS */
    struct sqlx_vec columns;  /* view (c1, c2): const char * */
    struct sqlx_select *query;
    int check_option;         /* 0 none, 1 WITH CHECK OPTION / CASCADED, 2 LOCAL */
};

struct sqlx_create_type {
    struct sqlx_table_ref name;
    struct sqlx_vec labels;   /* CREATE TYPE name AS ENUM ('a', 'b'): const char * */
};

/* ---- statements ---- */

enum sqlx_stmt_kind {
    SQLX_ST_SELECT, SQLX_ST_INSERT, SQLX_ST_UPDATE, SQLX_ST_DELETE,
    /* ---- added for the multi-dialect parser ---- */
    SQLX_ST_TXN,
    SQLX_ST_CREATE_TABLE,
    SQLX_ST_ALTER_TABLE,
    SQLX_ST_DROP,
    SQLX_ST_CREATE_INDEX,
    SQLX_ST_CREATE_VIEW,
    SQLX_ST_CREATE_TYPE,
};

struct sqlx_ast {
    enum sqlx_stmt_kind kind;
    int pos;                  /* parser: first byte of the statement (1-based), else 0 */
    int end;                  /* parser: one past its last byte (1-based), else 0 */
    union {
        struct sqlx_select select;
        struct sqlx_insert insert;
        struct sqlx_update update;
        struct sqlx_delete del;
        struct sqlx_txn txn;
        struct sqlx_create_table create_table;
        struct sqlx_alter_table alter_table;
        struct sqlx_drop drop;
        struct sqlx_create_index create_index;
        struct sqlx_create_view create_view;
        struct sqlx_create_type create_type;
    };
};

/* A script: the statements of one source text in order (empty statements are skipped). */
struct sqlx_stmt_list {
    struct sqlx_vec stmts;    /* struct sqlx_ast * */
    enum sqlx_sql_dialect dialect; /* the dialect the text was parsed as */
};

/* Builders. Everything is allocated in the arena; strings (names, text values) are copied. */
struct sqlx_expr *sqlx_ast_column(struct sqlx_arena *a, const char *table, const char *name);
struct sqlx_expr *sqlx_ast_param(struct sqlx_arena *a, const struct sqlx_value *v);
struct sqlx_expr *sqlx_ast_star(struct sqlx_arena *a, const char *table);
struct sqlx_expr *sqlx_ast_binary(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *l,
                                  struct sqlx_expr *r);
struct sqlx_expr *sqlx_ast_unary(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *operand);
struct sqlx_expr *sqlx_ast_is_null(struct sqlx_arena *a, struct sqlx_expr *operand, bool negated);
/* Empty IN list: the printer emits an always-false (or, negated, always-true) predicate. */
struct sqlx_expr *sqlx_ast_in(struct sqlx_arena *a, struct sqlx_expr *operand, bool negated);
struct sqlx_expr *sqlx_ast_func(struct sqlx_arena *a, const char *name);
/* Appends to expr->list (IN values, function arguments). */
void sqlx_ast_add_arg(struct sqlx_arena *a, struct sqlx_expr *e, struct sqlx_expr *arg);
/* AND-combines: returns r when l is NULL. */
struct sqlx_expr *sqlx_ast_and(struct sqlx_arena *a, struct sqlx_expr *l, struct sqlx_expr *r);

struct sqlx_ast *sqlx_ast_select(struct sqlx_arena *a, const char *table);
struct sqlx_ast *sqlx_ast_insert(struct sqlx_arena *a, const char *table);
struct sqlx_ast *sqlx_ast_update(struct sqlx_arena *a, const char *table);
struct sqlx_ast *sqlx_ast_delete(struct sqlx_arena *a, const char *table);
void sqlx_ast_select_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e,
                         const char *alias);
void sqlx_ast_order_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e, bool desc);
void sqlx_ast_join_add(struct sqlx_arena *a, struct sqlx_select *s, enum sqlx_join_kind kind,
                       const char *table, const char *alias, struct sqlx_expr *on);
void sqlx_ast_set_add(struct sqlx_arena *a, struct sqlx_update *u, const char *column,
                      struct sqlx_expr *value);
/* Sets the INSERT column list (copied). */
void sqlx_ast_insert_columns(struct sqlx_arena *a, struct sqlx_insert *ins, const char **cols,
                             size_t n);
/* Appends a row of ins->ncolumns expressions (the array is copied). */
void sqlx_ast_insert_row(struct sqlx_arena *a, struct sqlx_insert *ins, struct sqlx_expr **vals);
/* Adds a RETURNING item to an INSERT / UPDATE / DELETE (to a SELECT: an output column). */
void sqlx_ast_returning_add(struct sqlx_arena *a, struct sqlx_ast *st, struct sqlx_expr *e);

/* Added builders (same rules: arena memory, strings and TEXT/BLOB values copied). */
/* A literal printed inline; only for trees a parser built from SQL text, never for user input. */
struct sqlx_expr *sqlx_ast_literal(struct sqlx_arena *a, const struct sqlx_value *v);
/* (SELECT ...) used as a value; s is referenced, not copied. */
struct sqlx_expr *sqlx_ast_subquery(struct sqlx_arena *a, struct sqlx_select *s);
/* [NOT] EXISTS (SELECT ...); s is referenced, not copied. */
struct sqlx_expr *sqlx_ast_exists(struct sqlx_arena *a, struct sqlx_select *s, bool negated);
/* l [NOT] LIKE|ILIKE r [ESCAPE '<dialect like_escape>']; op is SQLX_OP_LIKE or SQLX_OP_ILIKE. */
struct sqlx_expr *sqlx_ast_like(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *l,
                                struct sqlx_expr *r, bool negated, bool escape);
/* ORDER BY item with explicit NULLS placement (0 default, 1 NULLS FIRST, 2 NULLS LAST). */
void sqlx_ast_order_add_nulls(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e,
                              bool desc, int nulls);
void sqlx_ast_group_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e);

/* Builders for the multi-dialect nodes (issue 3). Children are referenced, not copied; names and
 * values are copied. pos is left 0; parsers set it. */
/* A zeroed node of any kind. */
struct sqlx_expr *sqlx_ast_expr_new(struct sqlx_arena *a, enum sqlx_expr_kind kind);
/* A zeroed statement of any kind. */
struct sqlx_ast *sqlx_ast_stmt_new(struct sqlx_arena *a, enum sqlx_stmt_kind kind);
/* A zeroed query (no FROM). */
struct sqlx_select *sqlx_ast_query_new(struct sqlx_arena *a);
/* A literal of a parser kind: INTEGER takes an INT value, DECIMAL / FLOAT / STRING / BITS /
 * TYPED a TEXT value, BLOB a BLOB, BOOL a BOOL, NULL a NULL. */
struct sqlx_expr *sqlx_ast_lit(struct sqlx_arena *a, enum sqlx_lit_kind kind,
                               const struct sqlx_value *v);
/* A type name; name is lower-cased when copied, text set to name. */
struct sqlx_type_name *sqlx_ast_type_name(struct sqlx_arena *a, const char *name,
                                          enum sqlx_type_kind kind);
/* CAST(operand AS type). */
struct sqlx_expr *sqlx_ast_cast(struct sqlx_arena *a, struct sqlx_expr *operand,
                                struct sqlx_type_name *type);
/* CASE [operand] WHEN ... END; add branches with sqlx_ast_case_when, set ->right for ELSE. */
struct sqlx_expr *sqlx_ast_case(struct sqlx_arena *a, struct sqlx_expr *operand);
void sqlx_ast_case_when(struct sqlx_arena *a, struct sqlx_expr *c, struct sqlx_expr *when,
                        struct sqlx_expr *then);
/* operand [NOT] BETWEEN low AND high. */
struct sqlx_expr *sqlx_ast_between(struct sqlx_arena *a, struct sqlx_expr *operand,
                                   struct sqlx_expr *low, struct sqlx_expr *high, bool negated);
/* A placeholder written in SQL text: style, number (0 for ?), name (for :name / @name / $name). */
struct sqlx_expr *sqlx_ast_placeholder(struct sqlx_arena *a, enum sqlx_placeholder ph, int index,
                                       const char *name);
/* Is FROM present? A plain query with a named table, or any non-TABLE from item. */
bool sqlx_ast_has_from(const struct sqlx_select *s);
/* Lower-case dialect name ("postgres", "mysql", "sqlite") and its inverse, which also accepts
 * "postgresql", "pg", "mariadb" and "sqlite3"; -1 when unknown. */
const char *sqlx_sql_dialect_name(enum sqlx_sql_dialect d);
int sqlx_sql_dialect_parse(const char *name);

/* Structural equality ignoring positions and syntax records (ast_equal.c): two trees are equal
 * when they mean the same statement. With SQLX_AST_EQ_SYNTAX the syntax records must match too. */
#define SQLX_AST_EQ_SYNTAX 1u
bool sqlx_ast_equal(const struct sqlx_ast *x, const struct sqlx_ast *y, unsigned flags);
bool sqlx_ast_expr_equal(const struct sqlx_expr *x, const struct sqlx_expr *y, unsigned flags);
bool sqlx_ast_query_equal(const struct sqlx_select *x, const struct sqlx_select *y, unsigned flags);

/* Debug S-expression dump of any tree (ast_dump.c), one line, stable for tests:
 * (select (items (col a)) (from (table t)) (where (= (col a) (int 1)))). With SQLX_AST_DUMP_POS
 * nodes carry @pos; with SQLX_AST_DUMP_SYNTAX the syntax records are shown as :tags. */
#define SQLX_AST_DUMP_POS 1u
#define SQLX_AST_DUMP_SYNTAX 2u
struct sqlx_buf;
void sqlx_ast_dump(const struct sqlx_ast *st, unsigned flags, struct sqlx_buf *out);
void sqlx_ast_dump_expr(const struct sqlx_expr *e, unsigned flags, struct sqlx_buf *out);
void sqlx_ast_dump_query(const struct sqlx_select *q, unsigned flags, struct sqlx_buf *out);

/* Walks every expression of a statement (ast_walk.c): select items, clauses, join conditions,
 * subqueries, CTE bodies, window definitions, DML values, DDL defaults and checks. pre runs
 * before a node's children, post after them; either may be NULL and either may replace *slot.
 * query, when set, runs on every query (struct sqlx_select) before its contents. A callback's
 * non-zero result stops the walk and is returned. Nesting deeper than max_depth (0: 1000) stops
 * with SQLX_ETOOBIG and *depth_pos set to the position of the node that was too deep. */
struct sqlx_ast_walker {
    int (*pre)(struct sqlx_expr **slot, void *ctx);
    int (*post)(struct sqlx_expr **slot, void *ctx);
    int (*query)(struct sqlx_select *q, void *ctx);
    void *ctx;
    int max_depth;
    int depth_pos;            /* out: position of the node that exceeded max_depth */
};
int sqlx_ast_walk(struct sqlx_ast *st, struct sqlx_ast_walker *w) SQLX_MUST_CHECK;
int sqlx_ast_walk_expr(struct sqlx_expr **slot, struct sqlx_ast_walker *w) SQLX_MUST_CHECK;
int sqlx_ast_walk_query(struct sqlx_select *q, struct sqlx_ast_walker *w) SQLX_MUST_CHECK;

#endif
