/* PostgreSQL introspection: reads pg_catalog for the connection's current schema (public unless
 * the search_path says otherwise) into the universal model, through the wire/conn.h interface
 * only, with the schema name as a bound parameter. Six catalog queries whatever the number of
 * tables (relations, columns, keys, indexes, checks, version), joined here by table oid, so a
 * remote catalog costs six round trips. Types map through the pack's type table by type name,
 * with a built-in table for names the pack does not list; sizes come from the type modifier.
 * Owns nothing past the returned schema; must not speak the protocol itself. */
#include "schema/introspect.h"

#include <inttypes.h>
#include <string.h>

#include <jansson.h>

#include "core/map.h"
#include "schema/introspect_int.h"
#include "wire/conn.h"
#include "wire/pack.h"
#include "wire/value.h"

/* ---- catalog queries (constant text; the schema name is bound as $1) ---------------------- */

/* Every selected value is text, int4, int8 or bool, so the engine needs no catalog-only types
 * ("char", name, oid, int2vector) to decode them. Relation kinds: r table, p partitioned table,
 * f foreign table, v view, m materialized view; partitions are left to their parent. */
#define REL_FILTER                                                                          \
    "c.relkind IN ('r', 'p', 'f', 'v', 'm') AND NOT c.relispartition"

static const char SQL_VERSION[] =
    "SELECT current_setting('server_version'), COALESCE(current_schema()::text, 'public')";

static const char SQL_RELATIONS[] =
    "SELECT c.oid::int8, c.relname::text, c.relkind::text,"
    " CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END"
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = $1 AND " REL_FILTER " ORDER BY c.relname";

/* A domain column is read as its base type (with the domain's modifier); an enum brings its
 * labels in sort order as a JSON array; an array brings its element type name. */
static const char SQL_COLUMNS[] =
    "SELECT a.attrelid::int8, a.attname::text, format_type(a.atttypid, a.atttypmod),"
    " a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text,"
    " b.typname::text, b.typcategory::text,"
    " (CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END)::int4,"
    " CASE WHEN b.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder)::text"
    "   FROM pg_enum e WHERE e.enumtypid = b.oid) END,"
    " et.typname::text"
    " FROM pg_attribute a"
    " JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " JOIN pg_type t ON t.oid = a.atttypid"
    " JOIN pg_type b ON b.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END"
    " LEFT JOIN pg_type et ON et.oid = b.typelem AND b.typcategory = 'A'"
    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
    " WHERE n.nspname = $1 AND " REL_FILTER " AND a.attnum > 0 AND NOT a.attisdropped"
    " ORDER BY a.attrelid, a.attnum";

/* Primary and foreign keys, one row per key column in key order (both arrays unnested side by
 * side; a primary key has no confkey, so the referenced side is NULL). */
static const char SQL_KEYS[] =
    "SELECT con.conrelid::int8, con.conname::text, con.contype::text, k.ord::int4,"
    " a.attname::text, fc.relname::text, fa.attname::text,"
    " con.confdeltype::text, con.confupdtype::text"
    " FROM pg_constraint con"
    " JOIN pg_class c ON c.oid = con.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord)"
    " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum"
    " LEFT JOIN pg_class fc ON fc.oid = con.confrelid"
    " LEFT JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum"
    " WHERE n.nspname = $1 AND con.contype IN ('p', 'f')"
    " ORDER BY con.conrelid, con.contype, con.conname, k.ord";

/* Index key columns in order (INCLUDE columns left out); an expression key (attnum 0) is its
 * text in parentheses. Unique constraints are read here through the index behind them. */
static const char SQL_INDEXES[] =
    "SELECT i.indrelid::int8, ic.relname::text, i.indisunique, i.indisprimary, k.ord::int4,"
    " CASE WHEN k.attnum > 0 THEN a.attname::text"
    "   ELSE '(' || pg_get_indexdef(i.indexrelid, k.ord::int4, true) || ')' END,"
    " pg_get_expr(i.indpred, i.indrelid, true)"
    " FROM pg_index i"
    " JOIN pg_class ic ON ic.oid = i.indexrelid"
    " JOIN pg_class c ON c.oid = i.indrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)"
    " LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
    " WHERE n.nspname = $1 AND k.ord <= i.indnkeyatts"
    " ORDER BY i.indrelid, ic.relname, k.ord";

static const char SQL_CHECKS[] =
    "SELECT con.conrelid::int8, con.conname::text, pg_get_expr(con.conbin, con.conrelid, true)"
    " FROM pg_constraint con"
    " JOIN pg_class c ON c.oid = con.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = $1 AND con.contype = 'c'"
    " ORDER BY con.conrelid, con.conname";

/* Varlena type modifiers carry a 4-byte header (VARHDRSZ); numeric packs (precision << 16 |
 * scale) after it. */
#define TYPMOD_HEADER 4

/* ---- statement helpers ------------------------------------------------------------------- */

/* Column i as a bool. PostgreSQL-specific, so not in introspect_rows.c: a bool that arrives as
 * text is spelled 't' / 'f'. */
static bool col_bool(struct sqlx_stmt *st, int i)
{
    struct sqlx_value v;
    sqlx_stmt_column(st, i, &v);
    if (v.type == SQLX_V_TEXT)
        return v.n > 0 && (v.s[0] == 't' || v.s[0] == 'T' || v.s[0] == '1');
    return sqlx_schema__col_int(st, i, 0) != 0;
}

/* The state of one run: the schema being built and its tables by oid. */
struct pg_ctx {
    struct sqlx_conn *conn;
    struct sqlx_schema *s;
    const char *nsp;        /* schema read (current_schema()) */
    struct sqlx_map by_oid; /* decimal oid -> struct sqlx_table * */
};

static struct sqlx_table *table_of(struct pg_ctx *x, struct sqlx_stmt *st, int i)
{
    char key[24];
    snprintf(key, sizeof key, "%" PRId64, sqlx_schema__col_int(st, i, 0));
    return sqlx_map_get(&x->by_oid, key);
}

/* ---- types ------------------------------------------------------------------------------- */

/* Built-in PostgreSQL type names, used when the pack's type table has no row for a name. The
 * name is an array, not a pointer, so the table needs no relocation and stays in .rodata. */
struct pg_builtin {
    char name[12];      /* pg_type.typname */
    enum sqlx_tkind kind;
    int bits;           /* integer and float width */
    bool with_tz;
};

static const struct pg_builtin pg_builtins[] = {
    { "int2", SQLX_T_INTEGER, 16, false },       { "int4", SQLX_T_INTEGER, 32, false },
    { "int8", SQLX_T_INTEGER, 64, false },       { "float4", SQLX_T_FLOAT, 32, false },
    { "float8", SQLX_T_FLOAT, 64, false },       { "numeric", SQLX_T_DECIMAL, 0, false },
    { "money", SQLX_T_DECIMAL, 0, false },       { "bool", SQLX_T_BOOL, 0, false },
    { "text", SQLX_T_STRING, 0, false },         { "varchar", SQLX_T_STRING, 0, false },
    { "bpchar", SQLX_T_STRING, 0, false },       { "char", SQLX_T_STRING, 0, false },
    { "name", SQLX_T_STRING, 0, false },         { "citext", SQLX_T_STRING, 0, false },
    { "xml", SQLX_T_STRING, 0, false },          { "inet", SQLX_T_STRING, 0, false },
    { "cidr", SQLX_T_STRING, 0, false },         { "macaddr", SQLX_T_STRING, 0, false },
    { "bytea", SQLX_T_BYTES, 0, false },         { "date", SQLX_T_DATE, 0, false },
    { "time", SQLX_T_TIME, 0, false },           { "timetz", SQLX_T_TIME, 0, true },
    { "timestamp", SQLX_T_TIMESTAMP, 0, false }, { "timestamptz", SQLX_T_TIMESTAMP, 0, true },
    { "interval", SQLX_T_INTERVAL, 0, false },   { "json", SQLX_T_JSON, 0, false },
    { "jsonb", SQLX_T_JSON, 0, false },          { "uuid", SQLX_T_UUID, 0, false },
};

/* Parses an enum's labels (a JSON array of strings) into a NULL-terminated arena array. */
static void set_enum_values(struct sqlx_schema *s, struct sqlx_type *ty, const char *labels)
{
    json_t *arr = labels ? json_loads(labels, 0, NULL) : NULL;
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    const char **vals = sqlx_arena_zalloc(&s->arena, (n + 1) * sizeof *vals);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *v = json_string_value(json_array_get(arr, i));
        if (v)
            vals[k++] = sqlx_arena_strdup(&s->arena, v);
    }
    ty->enum_values = vals;
    ty->n_enum = k;
    json_decref(arr);
}

/* The universal type of a column from its base type name, type category and modifier. */
static struct sqlx_type pg_type(struct pg_ctx *x, const char *typname, const char *category,
                                int typmod, const char *enum_labels)
{
    struct sqlx_type ty = sqlx_type_make(SQLX_T_UNKNOWN);
    bool with_tz = false;
    int bits = 0;
    const struct sqlx_pack_type *row = NULL;

    if (enum_labels) {
        ty = sqlx_type_make(SQLX_T_ENUM);
        set_enum_values(x->s, &ty, enum_labels);
        return ty;
    }
    /* Arrays stay unknown: the lattice has no array kind, and a pack's "contains" rows would
     * take "_int4" for an integer. */
    if (!typname || (category && strcmp(category, "A") == 0))
        return ty;
    row = x->conn->pack ? sqlx_pack_match_type(x->conn->pack, typname) : NULL;
    if (row) {
        int k = sqlx_tkind_parse(row->universal);
        ty = sqlx_type_make(k < 0 ? SQLX_T_UNKNOWN : (enum sqlx_tkind)k);
        bits = row->bits;
        with_tz = row->with_tz;
        ty.is_unsigned = row->is_unsigned;
    }
    for (size_t i = 0; i < sizeof pg_builtins / sizeof pg_builtins[0]; i++) {
        const struct pg_builtin *b = &pg_builtins[i];
        if (strcmp(b->name, typname) != 0)
            continue;
        if (!row)
            ty = sqlx_type_make(b->kind);
        bits = bits ? bits : b->bits;
        with_tz = with_tz || b->with_tz;
        break;
    }
    switch (ty.kind) {
    case SQLX_T_INTEGER:
        ty.bits = bits ? bits : 64;
        break;
    case SQLX_T_FLOAT:
        ty.bits = bits ? bits : 64;
        break;
    case SQLX_T_DECIMAL:
        if (strcmp(typname, "numeric") == 0 && typmod >= TYPMOD_HEADER) {
            int p = ((typmod - TYPMOD_HEADER) >> 16) & 0xFFFF;
            int sc = (int)(int16_t)((typmod - TYPMOD_HEADER) & 0xFFFF); /* may be negative */
            ty.precision = p;
            ty.scale = sc >= 0 && sc <= p ? sc : 0;
        }
        break;
    case SQLX_T_STRING:
    case SQLX_T_BYTES:
        if ((strcmp(typname, "varchar") == 0 || strcmp(typname, "bpchar") == 0) &&
            typmod >= TYPMOD_HEADER)
            ty.max_len = typmod - TYPMOD_HEADER;
        break;
    case SQLX_T_TIME:
    case SQLX_T_TIMESTAMP:
        ty.with_tz = with_tz;
        if (typmod >= 0)
            ty.precision = typmod;
        break;
    default:
        break;
    }
    return ty;
}

/* ---- readers ----------------------------------------------------------------------------- */

static int read_version(struct pg_ctx *x, struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_VERSION, NULL, &st, err);
    if (rc < 0)
        return rc;
    rc = sqlx_stmt_step(st, err);
    if (rc == SQLX_STEP_ROW) {
        const char *v = sqlx_schema__col_text(st, 0, &x->s->arena);
        const char *nsp = sqlx_schema__col_text(st, 1, &x->s->arena);
        x->s->version = v ? v : "";
        x->nsp = nsp ? nsp : "public";
        while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW)
            ;
    }
    sqlx_stmt_finalize(st);
    if (rc < 0)
        return rc;
    if (!x->nsp)
        return sqlx_err_set(err, SQLX_EENGINE, "server returned no current schema");
    return 0;
}

static int read_relations(struct pg_ctx *x, struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_RELATIONS, x->nsp, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        const char *oid = sqlx_schema__col_text(st, 0, &x->s->arena);
        const char *name = sqlx_schema__col_text(st, 1, &x->s->arena);
        const char *kind = sqlx_schema__col_text(st, 2, &x->s->arena);
        if (!oid || !name || !kind)
            continue;
        bool view = kind[0] == 'v' || kind[0] == 'm';
        struct sqlx_table *t =
            sqlx_schema_add_table(x->s, name, view ? SQLX_REL_VIEW : SQLX_REL_TABLE);
        if (view) {
            const char *def = sqlx_schema__col_text(st, 3, &x->s->arena);
            if (def) {
                /* pg_get_viewdef starts with a blank and ends with ';'. */
                size_t from = 0, to = strlen(def);
                while (def[from] == ' ' || def[from] == '\n')
                    from++;
                while (to > from && (def[to - 1] == ';' || def[to - 1] == ' ' ||
                                     def[to - 1] == '\n'))
                    to--;
                t->view_sql = sqlx_arena_strndup(&x->s->arena, def + from, to - from);
            }
        }
        sqlx_map_put(&x->by_oid, oid, t);
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

static int read_columns(struct pg_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_COLUMNS, x->nsp, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct sqlx_table *t = table_of(x, st, 0);
        const char *name = sqlx_schema__col_text(st, 1, a);
        if (!t || !name)
            continue;
        struct sqlx_column *col = sqlx_table_add_column(x->s, t, name);
        const char *decl = sqlx_schema__col_text(st, 2, a);
        const char *identity = sqlx_schema__col_text(st, 5, a);
        const char *generated = sqlx_schema__col_text(st, 6, a);
        col->declared_type = decl ? decl : "";
        col->nullable = !col_bool(st, 3);
        col->default_sql = sqlx_schema__col_text(st, 4, a);
        col->type = pg_type(x, sqlx_schema__col_text(st, 7, a), sqlx_schema__col_text(st, 8, a),
                            (int)sqlx_schema__col_int(st, 9, 0), sqlx_schema__col_text(st, 10, a));
        /* Identity columns, serials (a nextval default) and generated columns get their
         * value from the engine. */
        if ((identity && identity[0]) || (generated && generated[0]) ||
            (col->default_sql && strncmp(col->default_sql, "nextval(", 8) == 0))
            col->autoincrement = true;
        if (t->kind == SQLX_REL_VIEW)
            col->nullable = true;
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

static const char *fk_action(const char *code)
{
    switch (code ? code[0] : 'a') {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return "NO ACTION";
    }
}

/* One row of SQL_KEYS, kept until the constraint's last column is read. */
struct key_row {
    struct sqlx_table *t;
    const char *name, *type, *column, *ref_table, *ref_column, *on_delete, *on_update;
};

static void add_key(struct pg_ctx *x, struct key_row **rows, size_t n)
{
    struct key_row *r0 = rows[0];
    if (strcmp(r0->type, "p") == 0) {
        for (size_t k = 0; k < n; k++) {
            struct sqlx_column *col = sqlx_schema__column_named(r0->t, rows[k]->column);
            if (col) {
                col->pk_position = (int)k + 1;
                col->nullable = false;
            }
        }
        return;
    }
    struct sqlx_fkey *f =
        sqlx_table_add_fkey(x->s, r0->t, r0->name, r0->ref_table ? r0->ref_table : "", n);
    for (size_t k = 0; k < n; k++) {
        f->columns[k] = rows[k]->column ? rows[k]->column : "";
        f->ref_columns[k] = rows[k]->ref_column ? rows[k]->ref_column : "";
    }
    f->on_delete = fk_action(r0->on_delete);
    f->on_update = fk_action(r0->on_update);
}

static int read_keys(struct pg_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_vec rows = { 0 };
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_KEYS, x->nsp, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct key_row *r = sqlx_arena_zalloc(a, sizeof *r);
        r->t = table_of(x, st, 0);
        r->name = sqlx_schema__col_text(st, 1, a);
        r->type = sqlx_schema__col_text(st, 2, a);
        r->column = sqlx_schema__col_text(st, 4, a);
        r->ref_table = sqlx_schema__col_text(st, 5, a);
        r->ref_column = sqlx_schema__col_text(st, 6, a);
        r->on_delete = sqlx_schema__col_text(st, 7, a);
        r->on_update = sqlx_schema__col_text(st, 8, a);
        if (r->t && r->name && r->type)
            sqlx_vec_push_arena(&rows, a, r);
    }
    sqlx_stmt_finalize(st);
    if (rc < 0)
        return rc;
    struct key_row **all = (struct key_row **)rows.items;
    for (size_t start = 0, k = 1; start < rows.len; k++) {
        if (k == rows.len || all[k]->t != all[start]->t ||
            strcmp(all[k]->name, all[start]->name) != 0 ||
            strcmp(all[k]->type, all[start]->type) != 0) {
            add_key(x, all + start, k - start);
            start = k;
        }
    }
    return 0;
}

/* One row of SQL_INDEXES. */
struct index_row {
    struct sqlx_table *t;
    const char *name, *column, *where;
    bool unique, primary;
};

static void add_index(struct pg_ctx *x, struct index_row **rows, size_t n)
{
    struct index_row *r0 = rows[0];
    struct sqlx_index *ix = sqlx_table_add_index(x->s, r0->t, r0->name, n, r0->unique);
    for (size_t k = 0; k < n; k++)
        ix->columns[k] = rows[k]->column ? rows[k]->column : "(expr)";
    ix->primary = r0->primary;
    ix->where = r0->where;
}

static int read_indexes(struct pg_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_vec rows = { 0 };
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_INDEXES, x->nsp, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct index_row *r = sqlx_arena_zalloc(a, sizeof *r);
        r->t = table_of(x, st, 0);
        r->name = sqlx_schema__col_text(st, 1, a);
        r->unique = col_bool(st, 2);
        r->primary = col_bool(st, 3);
        r->column = sqlx_schema__col_text(st, 5, a);
        r->where = sqlx_schema__col_text(st, 6, a);
        if (r->t && r->name)
            sqlx_vec_push_arena(&rows, a, r);
    }
    sqlx_stmt_finalize(st);
    if (rc < 0)
        return rc;
    struct index_row **all = (struct index_row **)rows.items;
    for (size_t start = 0, k = 1; start < rows.len; k++) {
        if (k == rows.len || all[k]->t != all[start]->t ||
            strcmp(all[k]->name, all[start]->name) != 0) {
            add_index(x, all + start, k - start);
            start = k;
        }
    }
    return 0;
}

static int read_checks(struct pg_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_CHECKS, x->nsp, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct sqlx_table *t = table_of(x, st, 0);
        const char *expr = sqlx_schema__col_text(st, 2, a);
        if (t && expr)
            sqlx_table_add_check(x->s, t, sqlx_schema__col_text(st, 1, a), expr);
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

struct sqlx_schema *sqlx_schema_introspect_pg(struct sqlx_conn *c, struct sqlx_err *err)
{
    struct pg_ctx x = { .conn = c, .s = sqlx_schema_new() };
    int rc;

    x.s->engine = "postgresql";
    sqlx_map_init(&x.by_oid, false);
    if ((rc = read_version(&x, err)) < 0 || (rc = read_relations(&x, err)) < 0 ||
        (rc = read_columns(&x, err)) < 0 || (rc = read_keys(&x, err)) < 0 ||
        (rc = read_indexes(&x, err)) < 0 || (rc = read_checks(&x, err)) < 0) {
        if (err && !err->detail[0]) /* keep the server's own detail when it sent one */
            sqlx_err_detail(err, "While reading the catalog of schema \"%s\".",
                            x.nsp ? x.nsp : "?");
        goto out_free_schema;
    }
    sqlx_map_free(&x.by_oid);
    sqlx_schema_publish(x.s);
    return x.s;

out_free_schema:
    sqlx_map_free(&x.by_oid);
    sqlx_schema_free(x.s);
    return NULL;
}
