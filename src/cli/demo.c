/* The bundled demo database: examples/demo/demo.db, built from examples/demo/schema.sql and
 * data.sql on first use (into a temporary file, then renamed, so a failed build leaves nothing).
 * Owns only that file. */
#include "cli/cli.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "wire/conn.h"
#include "wire/pack.h"

static char demo_url[PATH_MAX + 16];

/* Reads a whole file into a heap string; NULL when unreadable. */
static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        sqlx_buf_put(&b, chunk, n);
    fclose(f);
    sqlx_buf_putc(&b, '\0');
    return sqlx_buf_steal(&b);
}

static int build_demo(struct sqlx_arena *a, const char *dir, const char *db)
{
    char *tmp = sqlx_arena_printf(a, "%s.tmp%ld", db, (long)getpid());
    char *schema = sqlx_arena_printf(a, "%s/schema.sql", dir);
    char *data = sqlx_arena_printf(a, "%s/data.sql", dir);
    struct sqlx_packset packs;
    struct sqlx_err err;
    struct sqlx_conn *c = NULL;
    int rc = -1;
    if (sqlx_packset_load(sqlx_pack_dir(), &packs, &err) < 0) {
        fprintf(stderr, "sqlx: %s\n", err.message);
        return -1;
    }
    const struct sqlx_pack *pack = sqlx_packset_find(&packs, "sqlite");
    unlink(tmp);
    if (!pack || sqlx_wire_sqlite_open(tmp, pack, true, &c, &err) < 0) {
        fprintf(stderr, "sqlx: cannot create the demo database: %s\n", pack ? err.message : "no sqlite pack");
        goto out;
    }
    const char *files[] = { schema, data };
    for (int i = 0; i < 2; i++) {
        char *sql = read_file(files[i]);
        if (!sql) {
            fprintf(stderr, "sqlx: cannot read \"%s\"\n", files[i]);
            goto out;
        }
        int erc = sqlx_conn_exec(c, sql, &err);
        sqlx_free(sql);
        if (erc < 0) {
            fprintf(stderr, "sqlx: demo database: %s: %s\n", files[i], err.message);
            goto out;
        }
    }
    sqlx_conn_close(c);
    c = NULL;
    if (rename(tmp, db) != 0) {
        fprintf(stderr, "sqlx: cannot move the demo database into place at \"%s\"\n", db);
        goto out;
    }
    rc = 0;
out:
    if (c)
        sqlx_conn_close(c);
    if (rc < 0) {
        unlink(tmp);
    }
    unlink(sqlx_arena_printf(a, "%s-wal", tmp));
    unlink(sqlx_arena_printf(a, "%s-shm", tmp));
    sqlx_packset_free(&packs);
    return rc;
}

const char *sqlx_cli_demo_url(void)
{
    struct sqlx_arena a;
    sqlx_arena_init(&a, 0);
    const char *dir = SQLX_SOURCE_DIR "/examples/demo";
    char *db = sqlx_arena_printf(&a, "%s/demo.db", dir);
    struct stat st;
    const char *url = demo_url;
    if (stat(db, &st) != 0) {
        fprintf(stderr, "sqlx: creating the demo database at %s\n", db);
        if (build_demo(&a, dir, db) < 0)
            url = NULL;
    }
    if (url)
        snprintf(demo_url, sizeof(demo_url), "sqlite:%s", db);
    sqlx_arena_free(&a);
    return url;
}
