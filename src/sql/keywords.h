/* The SQL keyword table: every word the grammar (sql/parse_*.c) treats specially, in one
 * alphabetical X-macro list with its reservation per dialect. keywords.c expands it into the
 * lookup table; tools/check-keywords.sh checks the list is sorted and matches the words the
 * grammar files use. Parsers test keywords only through these ids, never by string. */
#ifndef SQLX_SQL_KEYWORDS_H
#define SQLX_SQL_KEYWORDS_H

#include <stddef.h>

#include "sql/ast.h"

/* Reservation flags. A word reserved in a dialect cannot be an unquoted identifier there; a
 * NOALIAS word can never be an alias written without AS (it may continue an expression or start
 * a clause), though it may still be a column or table name when not reserved. */
#define SQLX_KWF_PG 1u       /* reserved in PostgreSQL */
#define SQLX_KWF_MY 2u       /* reserved in MySQL */
#define SQLX_KWF_LITE 4u     /* reserved in SQLite */
#define SQLX_KWF_ALL 7u      /* reserved everywhere */
#define SQLX_KWF_NOALIAS 8u  /* never an implicit alias */
#define SQLX_KWF_NONE 0u

/* X(NAME, flags): NAME is the upper-case keyword. Keep sorted (the checker enforces it). */
#define SQLX_SQL_KEYWORDS(X)                                              \
    X(ABORT, SQLX_KWF_NONE)                                               \
    X(ACTION, SQLX_KWF_NONE)                                              \
    X(ADD, SQLX_KWF_MY)                                                   \
    X(AFTER, SQLX_KWF_NONE)                                               \
    X(ALL, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                               \
    X(ALTER, SQLX_KWF_ALL)                                                \
    X(ALWAYS, SQLX_KWF_NONE)                                              \
    X(AND, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                               \
    X(ANY, SQLX_KWF_PG)                                                   \
    X(ARRAY, SQLX_KWF_PG)                                                 \
    X(AS, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                                \
    X(ASC, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                               \
    X(ASYMMETRIC, SQLX_KWF_PG)                                            \
    X(AT, SQLX_KWF_NOALIAS)                                               \
    X(AUTOINCREMENT, SQLX_KWF_NONE)                                       \
    X(AUTO_INCREMENT, SQLX_KWF_NONE)                                      \
    X(BEGIN, SQLX_KWF_NONE)                                               \
    X(BETWEEN, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                           \
    X(BINARY, SQLX_KWF_MY)                                                \
    X(BOTH, SQLX_KWF_PG | SQLX_KWF_MY)                                    \
    X(BY, SQLX_KWF_ALL)                                                   \
    X(CASCADE, SQLX_KWF_NONE)                                             \
    X(CASCADED, SQLX_KWF_NONE)                                            \
    X(CASE, SQLX_KWF_ALL)                                                 \
    X(CAST, SQLX_KWF_PG)                                                  \
    X(CHAIN, SQLX_KWF_NONE)                                               \
    X(CHANGE, SQLX_KWF_MY)                                                \
    X(CHARACTER, SQLX_KWF_MY)                                             \
    X(CHARSET, SQLX_KWF_NONE)                                             \
    X(CHECK, SQLX_KWF_ALL)                                                \
    X(COLLATE, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                           \
    X(COLUMN, SQLX_KWF_PG | SQLX_KWF_MY)                                  \
    X(COMMENT, SQLX_KWF_NONE)                                             \
    X(COMMIT, SQLX_KWF_NONE)                                              \
    X(COMMITTED, SQLX_KWF_NONE)                                           \
    X(CONCURRENTLY, SQLX_KWF_NONE)                                        \
    X(CONFLICT, SQLX_KWF_NONE)                                            \
    X(CONSTRAINT, SQLX_KWF_ALL)                                           \
    X(CONVERT, SQLX_KWF_MY)                                               \
    X(CREATE, SQLX_KWF_ALL)                                               \
    X(CROSS, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(CUBE, SQLX_KWF_NONE)                                                \
    X(CURRENT, SQLX_KWF_NONE)                                             \
    X(CURRENT_DATE, SQLX_KWF_ALL)                                         \
    X(CURRENT_TIME, SQLX_KWF_ALL)                                         \
    X(CURRENT_TIMESTAMP, SQLX_KWF_ALL)                                    \
    X(CURRENT_USER, SQLX_KWF_PG | SQLX_KWF_MY)                            \
    X(DATE, SQLX_KWF_NONE)                                                \
    X(DAY, SQLX_KWF_NONE)                                                 \
    X(DEFAULT, SQLX_KWF_ALL)                                              \
    X(DEFERRABLE, SQLX_KWF_PG)                                            \
    X(DEFERRED, SQLX_KWF_NONE)                                            \
    X(DELETE, SQLX_KWF_MY | SQLX_KWF_LITE)                                \
    X(DESC, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(DISTINCT, SQLX_KWF_ALL)                                             \
    X(DIV, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                                \
    X(DO, SQLX_KWF_PG | SQLX_KWF_NOALIAS)                                 \
    X(DOUBLE, SQLX_KWF_MY)                                                \
    X(DROP, SQLX_KWF_MY | SQLX_KWF_LITE)                                  \
    X(DUPLICATE, SQLX_KWF_NONE)                                           \
    X(ELSE, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(END, SQLX_KWF_PG | SQLX_KWF_NOALIAS)                                \
    X(ENUM, SQLX_KWF_NONE)                                                \
    X(ESCAPE, SQLX_KWF_NOALIAS)                                           \
    X(EXCEPT, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                            \
    X(EXCLUDE, SQLX_KWF_NONE)                                             \
    X(EXCLUSIVE, SQLX_KWF_NONE)                                           \
    X(EXISTS, SQLX_KWF_MY | SQLX_KWF_LITE)                                \
    X(EXTRACT, SQLX_KWF_NONE)                                             \
    X(FAIL, SQLX_KWF_NONE)                                                \
    X(FALSE, SQLX_KWF_PG | SQLX_KWF_MY)                                   \
    X(FETCH, SQLX_KWF_PG | SQLX_KWF_MY | SQLX_KWF_NOALIAS)                \
    X(FILTER, SQLX_KWF_NOALIAS)                                           \
    X(FIRST, SQLX_KWF_NONE)                                               \
    X(FOLLOWING, SQLX_KWF_NONE)                                           \
    X(FOR, SQLX_KWF_PG | SQLX_KWF_MY | SQLX_KWF_NOALIAS)                  \
    X(FOREIGN, SQLX_KWF_ALL)                                              \
    X(FROM, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(FULL, SQLX_KWF_PG | SQLX_KWF_NOALIAS)                               \
    X(GENERATED, SQLX_KWF_NONE)                                           \
    X(GLOB, SQLX_KWF_NOALIAS)                                             \
    X(GROUP, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(GROUPING, SQLX_KWF_NONE)                                            \
    X(GROUPS, SQLX_KWF_NONE)                                              \
    X(HAVING, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                            \
    X(HOUR, SQLX_KWF_NONE)                                                \
    X(IDENTITY, SQLX_KWF_NONE)                                            \
    X(IF, SQLX_KWF_NONE)                                                  \
    X(IGNORE, SQLX_KWF_MY)                                                \
    X(ILIKE, SQLX_KWF_PG | SQLX_KWF_NOALIAS)                              \
    X(IMMEDIATE, SQLX_KWF_NONE)                                           \
    X(IN, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                                \
    X(INCLUDE, SQLX_KWF_NONE)                                             \
    X(INDEX, SQLX_KWF_MY | SQLX_KWF_LITE)                                 \
    X(INITIALLY, SQLX_KWF_PG)                                             \
    X(INNER, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(INSERT, SQLX_KWF_MY | SQLX_KWF_LITE)                                \
    X(INTERSECT, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                         \
    X(INTERVAL, SQLX_KWF_MY)                                              \
    X(INTO, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(IS, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                                \
    X(ISNULL, SQLX_KWF_LITE | SQLX_KWF_NOALIAS)                           \
    X(ISOLATION, SQLX_KWF_NONE)                                           \
    X(JOIN, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(KEY, SQLX_KWF_MY)                                                   \
    X(LAST, SQLX_KWF_NONE)                                                \
    X(LATERAL, SQLX_KWF_PG | SQLX_KWF_MY | SQLX_KWF_NOALIAS)              \
    X(LEADING, SQLX_KWF_PG | SQLX_KWF_MY)                                 \
    X(LEFT, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(LEVEL, SQLX_KWF_NONE)                                               \
    X(LIKE, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(LIMIT, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(LOCAL, SQLX_KWF_NONE)                                               \
    X(LOCALTIME, SQLX_KWF_PG | SQLX_KWF_MY)                               \
    X(LOCALTIMESTAMP, SQLX_KWF_PG | SQLX_KWF_MY)                          \
    X(LOCK, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                               \
    X(LOCKED, SQLX_KWF_NONE)                                              \
    X(MATCH, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                              \
    X(MATERIALIZED, SQLX_KWF_NONE)                                        \
    X(MINUTE, SQLX_KWF_NONE)                                              \
    X(MOD, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                                \
    X(MODE, SQLX_KWF_NONE)                                                \
    X(MODIFY, SQLX_KWF_NONE)                                              \
    X(MONTH, SQLX_KWF_NONE)                                               \
    X(NATURAL, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                           \
    X(NEXT, SQLX_KWF_NONE)                                                \
    X(NO, SQLX_KWF_NONE)                                                  \
    X(NOT, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                               \
    X(NOTHING, SQLX_KWF_NONE)                                             \
    X(NOTNULL, SQLX_KWF_PG | SQLX_KWF_LITE | SQLX_KWF_NOALIAS)            \
    X(NOWAIT, SQLX_KWF_NONE)                                              \
    X(NULL, SQLX_KWF_ALL)                                                 \
    X(NULLS, SQLX_KWF_NOALIAS)                                            \
    X(OF, SQLX_KWF_NONE)                                                  \
    X(OFFSET, SQLX_KWF_PG | SQLX_KWF_NOALIAS)                             \
    X(ON, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                                \
    X(ONLY, SQLX_KWF_PG)                                                  \
    X(OPTION, SQLX_KWF_NONE)                                              \
    X(OR, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                                \
    X(ORDER, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(ORDINALITY, SQLX_KWF_NONE)                                          \
    X(OTHERS, SQLX_KWF_NONE)                                              \
    X(OUTER, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(OVER, SQLX_KWF_NOALIAS)                                             \
    X(OVERLAY, SQLX_KWF_NONE)                                             \
    X(PARTIAL, SQLX_KWF_NONE)                                             \
    X(PARTITION, SQLX_KWF_MY)                                             \
    X(PLACING, SQLX_KWF_PG)                                               \
    X(POSITION, SQLX_KWF_NONE)                                            \
    X(PRECEDING, SQLX_KWF_NONE)                                           \
    X(PRECISION, SQLX_KWF_MY)                                             \
    X(PRIMARY, SQLX_KWF_ALL)                                              \
    X(RANGE, SQLX_KWF_MY)                                                 \
    X(READ, SQLX_KWF_MY)                                                  \
    X(RECURSIVE, SQLX_KWF_NONE)                                           \
    X(REFERENCES, SQLX_KWF_ALL)                                           \
    X(REGEXP, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                             \
    X(RELEASE, SQLX_KWF_MY)                                               \
    X(RENAME, SQLX_KWF_MY)                                                \
    X(REPEATABLE, SQLX_KWF_NONE)                                          \
    X(REPLACE, SQLX_KWF_MY)                                               \
    X(RESTRICT, SQLX_KWF_MY)                                              \
    X(RETURNING, SQLX_KWF_PG | SQLX_KWF_NOALIAS)                          \
    X(RIGHT, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(RLIKE, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                              \
    X(ROLLBACK, SQLX_KWF_NONE)                                            \
    X(ROLLUP, SQLX_KWF_NONE)                                              \
    X(ROW, SQLX_KWF_MY)                                                   \
    X(ROWID, SQLX_KWF_NONE)                                               \
    X(ROWS, SQLX_KWF_MY)                                                  \
    X(SAVEPOINT, SQLX_KWF_NONE)                                           \
    X(SECOND, SQLX_KWF_NONE)                                              \
    X(SELECT, SQLX_KWF_ALL)                                               \
    X(SEPARATOR, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                          \
    X(SERIALIZABLE, SQLX_KWF_NONE)                                        \
    X(SESSION_USER, SQLX_KWF_PG)                                          \
    X(SET, SQLX_KWF_MY | SQLX_KWF_LITE | SQLX_KWF_NOALIAS)                \
    X(SETS, SQLX_KWF_NONE)                                                \
    X(SHARE, SQLX_KWF_NONE)                                               \
    X(SIMILAR, SQLX_KWF_PG | SQLX_KWF_NOALIAS)                            \
    X(SIMPLE, SQLX_KWF_NONE)                                              \
    X(SKIP, SQLX_KWF_NONE)                                                \
    X(SOME, SQLX_KWF_PG)                                                  \
    X(START, SQLX_KWF_NONE)                                               \
    X(STORED, SQLX_KWF_NONE)                                              \
    X(STRICT, SQLX_KWF_NONE)                                              \
    X(SUBSTRING, SQLX_KWF_NONE)                                           \
    X(SYMMETRIC, SQLX_KWF_PG)                                             \
    X(TABLE, SQLX_KWF_ALL)                                                \
    X(TEMP, SQLX_KWF_NONE)                                                \
    X(TEMPORARY, SQLX_KWF_NONE)                                           \
    X(THEN, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(TIES, SQLX_KWF_NONE)                                                \
    X(TIME, SQLX_KWF_NONE)                                                \
    X(TIMESTAMP, SQLX_KWF_NONE)                                           \
    X(TO, SQLX_KWF_ALL)                                                   \
    X(TRAILING, SQLX_KWF_PG | SQLX_KWF_MY)                                \
    X(TRANSACTION, SQLX_KWF_NONE)                                         \
    X(TRIM, SQLX_KWF_NONE)                                                \
    X(TRUE, SQLX_KWF_PG | SQLX_KWF_MY)                                    \
    X(TYPE, SQLX_KWF_NONE)                                                \
    X(UNBOUNDED, SQLX_KWF_NONE)                                           \
    X(UNCOMMITTED, SQLX_KWF_NONE)                                         \
    X(UNION, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(UNIQUE, SQLX_KWF_ALL)                                               \
    X(UNKNOWN, SQLX_KWF_NONE)                                             \
    X(UNLOGGED, SQLX_KWF_NONE)                                            \
    X(UNSIGNED, SQLX_KWF_MY)                                              \
    X(UPDATE, SQLX_KWF_MY | SQLX_KWF_LITE)                                \
    X(USING, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(VALUE, SQLX_KWF_NONE)                                               \
    X(VALUES, SQLX_KWF_MY | SQLX_KWF_LITE | SQLX_KWF_NOALIAS)             \
    X(VARYING, SQLX_KWF_NONE)                                             \
    X(VIEW, SQLX_KWF_NONE)                                                \
    X(VIRTUAL, SQLX_KWF_NONE)                                             \
    X(WHEN, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(WHERE, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                             \
    X(WINDOW, SQLX_KWF_PG | SQLX_KWF_MY | SQLX_KWF_NOALIAS)               \
    X(WITH, SQLX_KWF_ALL | SQLX_KWF_NOALIAS)                              \
    X(WITHIN, SQLX_KWF_NOALIAS)                                           \
    X(WITHOUT, SQLX_KWF_NONE)                                             \
    X(WORK, SQLX_KWF_NONE)                                                \
    X(WRITE, SQLX_KWF_MY)                                                 \
    X(XOR, SQLX_KWF_MY | SQLX_KWF_NOALIAS)                                \
    X(YEAR, SQLX_KWF_NONE)                                                \
    X(ZEROFILL, SQLX_KWF_MY)                                              \
    X(ZONE, SQLX_KWF_NONE)

enum sqlx_kw {
    SQLX_KW_NONE_ = 0, /* not a keyword */
#define SQLX_KW_ENUM_(name, flags) SQLX_KW_##name,
    SQLX_SQL_KEYWORDS(SQLX_KW_ENUM_)
#undef SQLX_KW_ENUM_
    SQLX_KW_COUNT_
};

/* Keyword id of a word (case-insensitive, ASCII), SQLX_KW_NONE_ when it is not a keyword. */
enum sqlx_kw sqlx_sql__keyword(const char *word, size_t len);
/* Upper-case spelling of a keyword ("SELECT"). */
const char *sqlx_sql__keyword_name(enum sqlx_kw kw);
/* Is the keyword reserved in the dialect (cannot be an unquoted identifier there)? */
bool sqlx_sql__keyword_reserved(enum sqlx_kw kw, enum sqlx_sql_dialect d);
/* May the keyword be an alias written without AS in the dialect? */
bool sqlx_sql__keyword_bare_alias(enum sqlx_kw kw, enum sqlx_sql_dialect d);

#endif
