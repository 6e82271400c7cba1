/* The SQLite engine behind the connection interface, through libsqlite3 (SQLite has no wire).
 * Owns the sqlite3 handle and its prepared statements; maps SQLite values to universal values and
 * SQLite's extended result codes to struct sqlx_err. Must not know about pools, HTTP or SQL ASTs.
 * A connection is used by one thread at a time, so the handle is opened without SQLite's mutex. */
#include "wire/conn.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/alloc.h"

#define BUSY_TIMEOUT_MS 5000
#define STMT_CACHE_SIZE 32

struct sqlite_stmt {
    struct sqlx_stmt base; /* must be first */
    sqlite3_stmt *st;      /* the prepared statement */
    int slot;              /* index in the connection's statement cache, -1 when not cached */
};

/* One cached prepared statement, keyed by its exact SQL text. The API prints the same text for
 * the same route shape, so the hot paths prepare once per connection. */
struct stmt_cache_entry {
    char *sql;              /* heap copy of the key, NULL for an empty slot */
    size_t len;
    struct sqlite_stmt *s;  /* owned by the cache */
    bool in_use;            /* lent out by prepare, not yet given back by finalize */
};

struct sqlite_conn {
    struct sqlx_conn base; /* must be first: the interface casts between the two */
    sqlite3 *db;           /* the handle; NULL after close */
    bool memory;           /* ":memory:" database: no file, no WAL */
    struct stmt_cache_entry cache[STMT_CACHE_SIZE];
    unsigned next_evict;   /* round-robin eviction cursor */
};

static sqlite3 *db_of(struct sqlx_conn *c)
{
    return ((struct sqlite_conn *)c)->db;
}

static sqlite3_stmt *st_of(struct sqlx_stmt *s)
{
    return ((struct sqlite_stmt *)s)->st;
}

/* ---- errors -------------------------------------------------------------------------------------- */

static enum sqlx_constraint_kind constraint_kind(int xcode)
{
    switch (xcode) {
    case SQLITE_CONSTRAINT_UNIQUE:
        return SQLX_CONSTRAINT_UNIQUE;
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return SQLX_CONSTRAINT_PRIMARY_KEY;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return SQLX_CONSTRAINT_FOREIGN_KEY;
    case SQLITE_CONSTRAINT_CHECK:
        return SQLX_CONSTRAINT_CHECK;
    case SQLITE_CONSTRAINT_NOTNULL:
        return SQLX_CONSTRAINT_NOT_NULL;
    default:
        return SQLX_CONSTRAINT_NONE;
    }
}

/* Which SQLX_E* a SQLite result code becomes. SQLITE_BUSY means the busy timeout ran out. */
static enum sqlx_code code_of(int xcode)
{
    switch (xcode & 0xff) {
    case SQLITE_CONSTRAINT:
        return SQLX_ECONSTRAINT;
    case SQLITE_BUSY:
        return SQLX_ETIMEOUT;
    case SQLITE_LOCKED:
        return SQLX_EBUSY;
    case SQLITE_TOOBIG:
        return SQLX_ETOOBIG;
    case SQLITE_RANGE:
    case SQLITE_MISUSE:
        return SQLX_EINVAL;
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
        return SQLX_EIO;
    default:
        return SQLX_EENGINE;
    }
}

/* Fills err from the handle's last error: engine_code is the extended result code, the message is
 * SQLite's own. A constraint error also names the constraint the way SQLite does, that is the text
 * after "constraint failed: " ("users.email", "t.a, t.b", a CHECK constraint's name or expression);
 * foreign key errors name nothing. I/O and corruption errors mark the connection broken. */
static int set_error(struct sqlx_conn *c, struct sqlx_err *err)
{
    sqlite3 *db = db_of(c);
    int xcode = sqlite3_extended_errcode(db);
    enum sqlx_code code = code_of(xcode);
    const char *msg = sqlite3_errmsg(db);
    sqlx_err_set(err, code, "%s", msg);
    if (!err)
        return code;
    err->engine_code = xcode;
#if SQLITE_VERSION_NUMBER >= 3038000
    int off = sqlite3_error_offset(db);
    if (off >= 0)
        err->position = off + 1;
#endif
    if (code == SQLX_ECONSTRAINT) {
        err->constraint_kind = constraint_kind(xcode);
        const char *named = strstr(msg, "constraint failed: ");
        if (named)
            snprintf(err->constraint, sizeof err->constraint, "%s", named + 19);
    }
    int primary = xcode & 0xff;
    if (primary == SQLITE_IOERR || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        c->broken = true;
    return code;
}

/* ---- statements ---------------------------------------------------------------------------------- */

/* Runs one or more statements without results. SQLite reports error offsets relative to the
 * failing statement, not to the whole text, so exec errors carry no position. */
static int sqlite_exec(struct sqlx_conn *c, const char *sql, struct sqlx_err *err)
{
    c->state = SQLX_CONN_QUERY;
    int rc = sqlite3_exec(db_of(c), sql, NULL, NULL, NULL);
    c->state = SQLX_CONN_READY;
    if (rc == SQLITE_OK)
        return 0;
    rc = set_error(c, err);
    if (err)
        err->position = 0;
    return rc;
}

/* True when text holds only blanks and semicolons. */
static bool is_blank(const char *s, const char *end)
{
    for (; s < end; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != ';')
            return false;
    return true;
}

/* Prepares exactly one statement: text after it must be blanks, semicolons or comments (checked by
 * preparing the rest, which yields no statement for comments), so trailing SQL is never silently
 * dropped. */
static int check_single(struct sqlx_conn *c, const char *tail, const char *end,
                        struct sqlx_err *err)
{
    if (is_blank(tail, end))
        return 0;
    sqlite3_stmt *rest = NULL;
    const char *tail2 = NULL;
    int rc = sqlite3_prepare_v3(db_of(c), tail, (int)(end - tail), 0, &rest, &tail2);
    if (rc != SQLITE_OK)
        return set_error(c, err);
    if (!rest)
        return 0;
    sqlite3_finalize(rest);
    return sqlx_err_set(err, SQLX_EINVAL, "more than one SQL statement given to prepare");
}

/* A cached statement for exactly this text that nobody is using, or NULL. */
static struct sqlite_stmt *cache_lookup(struct sqlite_conn *sc, const char *sql, size_t len)
{
    for (int i = 0; i < STMT_CACHE_SIZE; i++) {
        struct stmt_cache_entry *e = &sc->cache[i];
        if (e->sql && !e->in_use && e->len == len && memcmp(e->sql, sql, len) == 0) {
            e->in_use = true;
            return e->s;
        }
    }
    return NULL;
}

static void cache_drop(struct stmt_cache_entry *e)
{
    sqlite3_finalize(e->s->st);
    sqlx_free(e->s);
    sqlx_free(e->sql);
    memset(e, 0, sizeof(*e));
}

/* Puts a fresh statement in a free slot, or evicts an idle one; leaves it uncached when every
 * slot is lent out. */
static void cache_insert(struct sqlite_conn *sc, struct sqlite_stmt *s, const char *sql, size_t len)
{
    int slot = -1;
    for (int i = 0; i < STMT_CACHE_SIZE && slot < 0; i++)
        if (!sc->cache[i].sql)
            slot = i;
    for (int n = 0; n < STMT_CACHE_SIZE && slot < 0; n++) {
        int i = (int)(sc->next_evict++ % STMT_CACHE_SIZE);
        if (!sc->cache[i].in_use) {
            cache_drop(&sc->cache[i]);
            slot = i;
        }
    }
    if (slot < 0)
        return;
    struct stmt_cache_entry *e = &sc->cache[slot];
    e->sql = sqlx_strndup(sql, len);
    e->len = len;
    e->s = s;
    e->in_use = true;
    s->slot = slot;
}

static int sqlite_prepare(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                          struct sqlx_err *err)
{
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    struct sqlite_conn *sc = (struct sqlite_conn *)c;
    *out = NULL;
    struct sqlite_stmt *cached = cache_lookup(sc, sql, len);
    if (cached) {
        *out = &cached->base;
        return 0;
    }
    if (len > (size_t)sqlite3_limit(db_of(c), SQLITE_LIMIT_SQL_LENGTH, -1))
        return sqlx_err_set(err, SQLX_ETOOBIG, "SQL statement of %zu bytes is over the limit", len);
    if (sqlite3_prepare_v3(db_of(c), sql, (int)len, SQLITE_PREPARE_PERSISTENT, &st, &tail) !=
        SQLITE_OK)
        return set_error(c, err);
    if (!st)
        return sqlx_err_set(err, SQLX_EINVAL, "empty SQL statement");
    int rc = check_single(c, tail, sql + len, err);
    if (rc) {
        sqlite3_finalize(st);
        return rc;
    }
    struct sqlite_stmt *s = sqlx_calloc(1, sizeof *s);
    s->base.conn = c;
    s->base.nparams = sqlite3_bind_parameter_count(st);
    s->st = st;
    s->slot = -1;
    cache_insert(sc, s, sql, len);
    *out = &s->base;
    return 0;
}

static int sqlite_bind(struct sqlx_stmt *s, int idx, const struct sqlx_value *v,
                       struct sqlx_err *err)
{
    sqlite3_stmt *st = st_of(s);
    int rc;
    if (idx < 1 || idx > s->nparams)
        return sqlx_err_set(err, SQLX_EINVAL, "parameter index %d is out of range: the statement has %d parameters",
                            idx, s->nparams);
    switch (v->type) {
    case SQLX_V_NULL:
        rc = sqlite3_bind_null(st, idx);
        break;
    case SQLX_V_INT:
        rc = sqlite3_bind_int64(st, idx, v->i);
        break;
    case SQLX_V_FLOAT:
        rc = sqlite3_bind_double(st, idx, v->f);
        break;
    case SQLX_V_BOOL:
        rc = sqlite3_bind_int(st, idx, v->b ? 1 : 0);
        break;
    case SQLX_V_TEXT:
        rc = sqlite3_bind_text64(st, idx, v->n ? v->s : "", v->n, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    case SQLX_V_BLOB:
        /* A zero-length blob must stay a blob, not become NULL as a NULL pointer would. */
        rc = v->n ? sqlite3_bind_blob64(st, idx, v->s, v->n, SQLITE_TRANSIENT)
                  : sqlite3_bind_zeroblob(st, idx, 0);
        break;
    default:
        return sqlx_err_set(err, SQLX_EINTERNAL, "unknown value type %d for parameter %d",
                            (int)v->type, idx);
    }
    if (rc != SQLITE_OK)
        return set_error(s->conn, err);
    return 0;
}

static int sqlite_step(struct sqlx_stmt *s, struct sqlx_err *err)
{
    s->conn->state = SQLX_CONN_QUERY;
    int rc = sqlite3_step(st_of(s));
    if (rc == SQLITE_ROW) {
        s->conn->state = SQLX_CONN_RESULT;
        return SQLX_STEP_ROW;
    }
    s->conn->state = SQLX_CONN_READY;
    if (rc == SQLITE_DONE)
        return SQLX_STEP_DONE;
    return set_error(s->conn, err);
}

static int sqlite_column_count(struct sqlx_stmt *s)
{
    return sqlite3_column_count(st_of(s));
}

static const char *sqlite_column_name(struct sqlx_stmt *s, int i)
{
    return sqlite3_column_name(st_of(s), i);
}

static const char *sqlite_column_decltype(struct sqlx_stmt *s, int i)
{
    return sqlite3_column_decltype(st_of(s), i);
}

/* SQLite's storage class decides the value type; there is no boolean storage class, so booleans
 * come back as integers and the schema layer reads them through the declared type. */
static void sqlite_column_value(struct sqlx_stmt *s, int i, struct sqlx_value *out)
{
    sqlite3_stmt *st = st_of(s);
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        *out = sqlx_value_int(sqlite3_column_int64(st, i));
        return;
    case SQLITE_FLOAT:
        *out = sqlx_value_float(sqlite3_column_double(st, i));
        return;
    case SQLITE_TEXT: {
        const char *t = (const char *)sqlite3_column_text(st, i);
        *out = sqlx_value_text(t ? t : "", (size_t)sqlite3_column_bytes(st, i));
        return;
    }
    case SQLITE_BLOB: {
        const void *b = sqlite3_column_blob(st, i);
        *out = sqlx_value_blob(b ? b : "", (size_t)sqlite3_column_bytes(st, i));
        return;
    }
    default:
        *out = sqlx_value_null();
        return;
    }
}

/* sqlite3_reset returns the error of the last failed step, which step already reported; the reset
 * itself cannot fail, so its result is not an error here. Bindings are kept. */
static int sqlite_reset(struct sqlx_stmt *s, struct sqlx_err *err)
{
    (void)err;
    int ignored = sqlite3_reset(st_of(s));
    (void)ignored;
    s->conn->state = SQLX_CONN_READY;
    return 0;
}

/* Cached statements go back to the cache, reset and with their bindings cleared. */
static void sqlite_finalize(struct sqlx_stmt *s)
{
    struct sqlite_stmt *ss = (struct sqlite_stmt *)s;
    if (ss->slot >= 0) {
        struct sqlite_conn *sc = (struct sqlite_conn *)s->conn;
        int ignored = sqlite3_reset(ss->st);
        (void)ignored; /* the step that failed already reported it */
        sqlite3_clear_bindings(ss->st);
        sc->cache[ss->slot].in_use = false;
        s->conn->state = SQLX_CONN_READY;
        return;
    }
    sqlite3_finalize(ss->st);
    sqlx_free(s);
}

/* ---- connection ---------------------------------------------------------------------------------- */

static int64_t sqlite_changes(struct sqlx_conn *c)
{
    return sqlite3_changes64(db_of(c));
}

static int64_t sqlite_last_insert_id(struct sqlx_conn *c)
{
    return sqlite3_last_insert_rowid(db_of(c));
}

static bool sqlite_in_transaction(struct sqlx_conn *c)
{
    return sqlite3_get_autocommit(db_of(c)) == 0;
}

/* An embedded database has no link to lose; the handle is healthy unless marked broken. */
static bool sqlite_ping(struct sqlx_conn *c)
{
    return db_of(c) != NULL && !c->broken;
}

/* sqlite3_close_v2 defers the close until the last statement is finalized, so a forgotten
 * statement leaks rather than leaving a dangling handle. */
static void sqlite_close(struct sqlx_conn *c)
{
    struct sqlite_conn *sc = (struct sqlite_conn *)c;
    for (int i = 0; i < STMT_CACHE_SIZE; i++)
        if (sc->cache[i].sql)
            cache_drop(&sc->cache[i]);
    sqlite3_close_v2(sc->db);
    sc->db = NULL;
    c->state = SQLX_CONN_CLOSED;
    sqlx_free(sc);
}

static const struct sqlx_conn_ops sqlite_ops = {
    .engine = "sqlite",
    .exec = sqlite_exec,
    .prepare = sqlite_prepare,
    .bind = sqlite_bind,
    .step = sqlite_step,
    .column_count = sqlite_column_count,
    .column_name = sqlite_column_name,
    .column_decltype = sqlite_column_decltype,
    .column_value = sqlite_column_value,
    .reset = sqlite_reset,
    .finalize = sqlite_finalize,
    .changes = sqlite_changes,
    .last_insert_id = sqlite_last_insert_id,
    .in_transaction = sqlite_in_transaction,
    .ping = sqlite_ping,
    .close = sqlite_close,
};

/* Settings every connection gets: foreign keys enforced, a case-sensitive LIKE (the pack prints
 * ILIKE as lower(a) LIKE lower(b)), and WAL for files so readers do not block the writer. */
static int configure(struct sqlite_conn *sc, struct sqlx_err *err)
{
    int rc;
    sqlite3_extended_result_codes(sc->db, 1);
    sqlite3_busy_timeout(sc->db, BUSY_TIMEOUT_MS);
    if ((rc = sqlite_exec(&sc->base, "PRAGMA foreign_keys=ON", err)) != 0 ||
        (rc = sqlite_exec(&sc->base, "PRAGMA case_sensitive_like=ON", err)) != 0)
        return rc;
    if (!sc->memory && (rc = sqlite_exec(&sc->base, "PRAGMA journal_mode=WAL", err)) != 0)
        return rc;
    return 0;
}

int sqlx_wire_sqlite_open(const char *path, const struct sqlx_pack *pack, bool create,
                          struct sqlx_conn **out, struct sqlx_err *err)
{
    struct stat st;
    bool memory = strcmp(path, ":memory:") == 0;
    *out = NULL;
    if (!memory && !create && stat(path, &st) != 0 && errno == ENOENT) {
        sqlx_err_set(err, SQLX_ENOTFOUND, "database file \"%s\" does not exist", path);
        sqlx_err_hint(err, "Check the path, or add ?mode=rwc to the URL to create the file.");
        return SQLX_ENOTFOUND;
    }
    struct sqlite_conn *sc = sqlx_calloc(1, sizeof *sc);
    sc->base.ops = &sqlite_ops;
    sc->base.pack = pack;
    sc->base.state = SQLX_CONN_INIT;
    sc->memory = memory;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &sc->db, flags, NULL);
    if (rc != SQLITE_OK) {
        if (!sc->db) /* SQLite could not even allocate the handle */
            sqlx_oom(sizeof(void *));
        sqlx_err_set(err, code_of(rc), "could not open database file \"%s\": %s", path,
                     sqlite3_errmsg(sc->db));
        if (err)
            err->engine_code = sqlite3_extended_errcode(sc->db);
        rc = code_of(rc);
        goto out_close;
    }
    sc->base.state = SQLX_CONN_READY;
    if ((rc = configure(sc, err)) != 0)
        goto out_close;
    *out = &sc->base;
    return 0;
out_close:
    sqlite_close(&sc->base);
    return rc;
}
