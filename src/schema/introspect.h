/* Introspection: reads an engine's catalog into the universal model through a connection. One file
 * per engine family (introspect_sqlite.c, introspect_pg.c, introspect_my.c). */
#ifndef SQLX_SCHEMA_INTROSPECT_H
#define SQLX_SCHEMA_INTROSPECT_H

#include "core/err.h"
#include "schema/model.h"

struct sqlx_conn;

/* Builds and publishes a schema; caller frees with sqlx_schema_free. NULL and err on failure. */
struct sqlx_schema *sqlx_schema_introspect(struct sqlx_conn *c, struct sqlx_err *err);
struct sqlx_schema *sqlx_schema_introspect_sqlite(struct sqlx_conn *c, struct sqlx_err *err);
/* PostgreSQL family: the connection's current schema (public unless search_path says otherwise). */
struct sqlx_schema *sqlx_schema_introspect_pg(struct sqlx_conn *c, struct sqlx_err *err);
/* MySQL family (MySQL, MariaDB, TiDB...): the connection's current database (the URL's path);
 * SQLX_EINVAL when none is selected. */
struct sqlx_schema *sqlx_schema_introspect_my(struct sqlx_conn *c, struct sqlx_err *err);

#endif
