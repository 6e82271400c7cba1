/* Introspection entry point: picks the reader for the connection's engine family. Owns nothing;
 * the per-engine files (introspect_<engine>.c) do the reading. Must not run SQL itself. */
#include "schema/introspect.h"

#include <string.h>

#include "wire/conn.h"

struct sqlx_schema *sqlx_schema_introspect(struct sqlx_conn *c, struct sqlx_err *err)
{
    const char *engine = c && c->ops && c->ops->engine ? c->ops->engine : "";

    if (strcmp(engine, "sqlite") == 0)
        return sqlx_schema_introspect_sqlite(c, err);
    sqlx_err_set(err, SQLX_EUNSUPPORTED, "schema introspection is not supported for engine \"%s\"",
                 engine);
    sqlx_err_hint(err, "Supported engines: sqlite.");
    return NULL;
}
