/* Introspection entry point: picks the reader for the connection's engine family. Owns nothing;
 * the per-engine files (introspect_<engine>.c) do the reading. Must not run SQL itself. */
#include "schema/introspect.h"

#include <string.h>

#include "wire/conn.h"
#include "wire/pack.h"

struct sqlx_schema *sqlx_schema_introspect(struct sqlx_conn *c, struct sqlx_err *err)
{
    const char *engine = c && c->ops && c->ops->engine ? c->ops->engine : "";
    const char *family = c && c->pack && c->pack->family ? c->pack->family : "";

    if (strcmp(engine, "sqlite") == 0)
        return sqlx_schema_introspect_sqlite(c, err);
    if (strcmp(engine, "postgresql") == 0 || strcmp(family, "postgresql") == 0)
        return sqlx_schema_introspect_pg(c, err);
    if (strcmp(engine, "mysql") == 0 || strcmp(engine, "mariadb") == 0 ||
        strcmp(family, "mysql") == 0)
        return sqlx_schema_introspect_my(c, err);
    sqlx_err_set(err, SQLX_EUNSUPPORTED, "schema introspection is not supported for engine \"%s\"",
                 engine);
    sqlx_err_hint(err, "Supported engines: sqlite, postgresql, mysql (MariaDB).");
    return NULL;
}
