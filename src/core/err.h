/* The one error value: a code, the engine's SQLSTATE / errno when a server sent one, a message,
 * an optional detail and hint, and an input position. Fallible calls return 0 or a negative
 * SQLX_E* code and fill a caller-supplied struct sqlx_err. */
#ifndef SQLX_CORE_ERR_H
#define SQLX_CORE_ERR_H

#include <stdbool.h>

#define SQLX_MUST_CHECK __attribute__((warn_unused_result))
#define SQLX_PRINTF(a, b) __attribute__((format(printf, a, b)))

enum sqlx_code {
    SQLX_OK = 0,
    SQLX_EINVAL = -1,     /* bad argument or malformed input */
    SQLX_ENOTFOUND = -2,  /* named object does not exist */
    SQLX_EIO = -3,        /* file or socket failure */
    SQLX_EPARSE = -4,     /* syntax error in some text (JSON, URL, SQL, filter) */
    SQLX_EENGINE = -5,    /* the database engine reported an error */
    SQLX_ECONSTRAINT = -6,/* engine constraint violation (unique, foreign key, check, not null) */
    SQLX_ETOOBIG = -7,    /* input over a size limit */
    SQLX_ETIMEOUT = -8,   /* waited too long (pool, lock) */
    SQLX_EUNSUPPORTED = -9, /* valid request the target cannot do */
    SQLX_EINTERNAL = -10, /* a "cannot happen" branch */
    SQLX_EBUSY = -11,     /* resource exhausted (pool, rate) */
};

enum sqlx_constraint_kind {
    SQLX_CONSTRAINT_NONE = 0,
    SQLX_CONSTRAINT_UNIQUE,
    SQLX_CONSTRAINT_PRIMARY_KEY,
    SQLX_CONSTRAINT_FOREIGN_KEY,
    SQLX_CONSTRAINT_CHECK,
    SQLX_CONSTRAINT_NOT_NULL,
};

struct sqlx_err {
    enum sqlx_code code;          /* SQLX_OK when no error is set */
    int engine_code;              /* engine's numeric code (SQLite extended code, MySQL errno), 0 if none */
    char sqlstate[6];             /* five-character SQLSTATE, empty if none */
    enum sqlx_constraint_kind constraint_kind; /* for SQLX_ECONSTRAINT */
    char constraint[128];         /* constraint or column list the engine named, may be empty */
    int position;                 /* 1-based input position, 0 if none */
    char message[512];            /* lower-case primary message, no final period */
    char detail[512];             /* full sentence, may be empty */
    char hint[256];               /* full sentence, may be empty */
};

void sqlx_err_clear(struct sqlx_err *err);

/* Sets code and message (printf-style); clears detail, hint, position. Returns code so callers can
 * write `return sqlx_err_set(err, SQLX_EINVAL, "...")`. err may be NULL. */
int sqlx_err_set(struct sqlx_err *err, enum sqlx_code code, const char *fmt, ...) SQLX_PRINTF(3, 4);
void sqlx_err_detail(struct sqlx_err *err, const char *fmt, ...) SQLX_PRINTF(2, 3);
void sqlx_err_hint(struct sqlx_err *err, const char *fmt, ...) SQLX_PRINTF(2, 3);

/* Stable lower-case name of a code ("invalid", "not_found", ...). */
const char *sqlx_code_name(enum sqlx_code code);

#endif
