/* Connection dispatch: parses a database URL, picks the pack by URL scheme and opens the engine of
 * the pack's family; plus the thin wrappers over struct sqlx_conn_ops that every caller uses.
 * Owns no connection state itself; must not know any engine's internals beyond its open call. */
#include "wire/conn.h"

#include <string.h>

#include "core/arena.h"
#include "core/url.h"
#include "wire/my.h"
#include "wire/pack.h"
#include "wire/pg.h"

/* SQLite URL options, in the vocabulary of SQLite's own URI filenames:
 *   sqlite:PATH             open an existing file (missing file: SQLX_ENOTFOUND)
 *   sqlite:PATH?mode=rw     the same, spelled out
 *   sqlite:PATH?mode=rwc    create the file when it does not exist
 *   sqlite::memory:  or  sqlite:PATH?mode=memory   a private in-memory database
 * Opening never creates a file by default, so a mistyped path fails instead of serving an empty
 * database. */
static int open_sqlite(const struct sqlx_url *u, const struct sqlx_pack *pack,
                       struct sqlx_conn **out, struct sqlx_err *err)
{
    const char *path = u->database;
    const char *mode = sqlx_url_param(u, "mode");
    bool create = false;
    if (mode && strcmp(mode, "memory") == 0) {
        path = ":memory:";
    } else if (mode && strcmp(mode, "rwc") == 0) {
        create = true;
    } else if (mode && strcmp(mode, "rw") != 0) {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value \"%s\" for SQLite URL option \"mode\"", mode);
        sqlx_err_hint(err, "Use mode=rw (the default), mode=rwc to create the file, or mode=memory.");
        return SQLX_EINVAL;
    }
    if (!path || !*path) {
        sqlx_err_set(err, SQLX_EINVAL, "SQLite URL names no database file");
        sqlx_err_hint(err, "Write sqlite:PATH, for example sqlite:app.db, or sqlite::memory:.");
        return SQLX_EINVAL;
    }
    return sqlx_wire_sqlite_open(path, pack, create, out, err);
}

int sqlx_conn_open(const char *url, const struct sqlx_packset *packs, struct sqlx_conn **out,
                   struct sqlx_err *err)
{
    struct sqlx_arena a;
    struct sqlx_url u;
    int rc;
    *out = NULL;
    if (!url || !packs)
        return sqlx_err_set(err, SQLX_EINVAL, "no database URL or pack set given");
    sqlx_arena_init(&a, 0);
    if ((rc = sqlx_url_parse(url, &a, &u, err)) != 0)
        goto out_free_arena;
    const struct sqlx_pack *pack = sqlx_packset_find(packs, u.scheme);
    if (!pack) {
        rc = sqlx_err_set(err, SQLX_ENOTFOUND, "no wire pack for URL scheme \"%s\"", u.scheme);
        sqlx_err_hint(err, "Run `sqlx packs list` to see the packs and the schemes they claim.");
        goto out_free_arena;
    }
    if (strcmp(pack->family, "sqlite") == 0) {
        rc = open_sqlite(&u, pack, out, err);
    } else if (strcmp(pack->family, "postgresql") == 0) {
        rc = sqlx_wire_pg_open(&u, pack, packs, out, err);
    } else if (strcmp(pack->family, "mysql") == 0) {
        rc = sqlx_wire_my_open(&u, pack, packs, out, err);
    } else {
        rc = sqlx_err_set(err, SQLX_EUNSUPPORTED,
                          "engine family \"%s\" of pack \"%s\" is not supported yet", pack->family,
                          pack->name);
    }
out_free_arena:
    sqlx_arena_free(&a);
    return rc;
}

int sqlx_conn_exec(struct sqlx_conn *c, const char *sql, struct sqlx_err *err)
{
    return c->ops->exec(c, sql, err);
}

int sqlx_conn_prepare(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                      struct sqlx_err *err)
{
    return c->ops->prepare(c, sql, len, out, err);
}

int sqlx_stmt_bind(struct sqlx_stmt *s, int idx, const struct sqlx_value *v, struct sqlx_err *err)
{
    return s->conn->ops->bind(s, idx, v, err);
}

int sqlx_stmt_bind_all(struct sqlx_stmt *s, const struct sqlx_value *values, size_t n,
                       struct sqlx_err *err)
{
    if (n != (size_t)s->nparams)
        return sqlx_err_set(err, SQLX_EINVAL, "statement expects %d parameters, %zu given",
                            s->nparams, n);
    for (size_t i = 0; i < n; i++) {
        int rc = s->conn->ops->bind(s, (int)i + 1, &values[i], err);
        if (rc)
            return rc;
    }
    return 0;
}

int sqlx_stmt_step(struct sqlx_stmt *s, struct sqlx_err *err)
{
    return s->conn->ops->step(s, err);
}

int sqlx_stmt_column_count(struct sqlx_stmt *s)
{
    return s->conn->ops->column_count(s);
}

const char *sqlx_stmt_column_name(struct sqlx_stmt *s, int i)
{
    return s->conn->ops->column_name(s, i);
}

const char *sqlx_stmt_column_decltype(struct sqlx_stmt *s, int i)
{
    return s->conn->ops->column_decltype(s, i);
}

void sqlx_stmt_column(struct sqlx_stmt *s, int i, struct sqlx_value *out)
{
    s->conn->ops->column_value(s, i, out);
}

int sqlx_stmt_reset(struct sqlx_stmt *s, struct sqlx_err *err)
{
    return s->conn->ops->reset(s, err);
}

void sqlx_stmt_finalize(struct sqlx_stmt *s)
{
    if (s)
        s->conn->ops->finalize(s);
}

/* The generic batch: bind, step to the end, reset, per row. */
static int batch_loop(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                      size_t nrows, int64_t *affected, struct sqlx_err *err)
{
    int64_t total = 0;
    for (size_t r = 0; r < nrows; r++) {
        int rc = sqlx_stmt_bind_all(s, rows + r * ncols, ncols, err);
        if (rc)
            return rc;
        while ((rc = s->conn->ops->step(s, err)) == SQLX_STEP_ROW)
            ;
        if (rc < 0)
            return rc;
        total += s->conn->ops->changes(s->conn);
        if ((rc = s->conn->ops->reset(s, err)) != 0)
            return rc;
    }
    if (affected)
        *affected = total;
    return 0;
}

int sqlx_stmt_exec_batch(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                         size_t nrows, int64_t *affected, struct sqlx_err *err)
{
    if (s->conn->ops->exec_batch)
        return s->conn->ops->exec_batch(s, rows, ncols, nrows, affected, err);
    return batch_loop(s, rows, ncols, nrows, affected, err);
}

int sqlx_conn_cancel(struct sqlx_conn *c, struct sqlx_err *err)
{
    if (!c->ops->cancel)
        return sqlx_err_set(err, SQLX_EUNSUPPORTED, "the %s engine cannot cancel a running statement", c->ops->engine);
    return c->ops->cancel(c, err);
}

int64_t sqlx_conn_changes(struct sqlx_conn *c)
{
    return c->ops->changes(c);
}

int64_t sqlx_conn_last_insert_id(struct sqlx_conn *c)
{
    return c->ops->last_insert_id(c);
}

bool sqlx_conn_in_transaction(struct sqlx_conn *c)
{
    return c->ops->in_transaction(c);
}

bool sqlx_conn_ping(struct sqlx_conn *c)
{
    return !c->broken && c->ops->ping(c);
}

void sqlx_conn_close(struct sqlx_conn *c)
{
    if (c)
        c->ops->close(c);
}
