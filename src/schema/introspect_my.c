/* MySQL-family introspection (MariaDB 10.2+, MySQL 8): reads information_schema for the
 * connection's current database (DATABASE(), the URL's path) into the universal model, through
 * the wire/conn.h interface only, with the database name as a bound parameter. Six catalog
 * queries whatever the number of tables (version, relations, columns, keys, indexes, checks),
 * joined here by table name. Types map through a built-in table of MySQL type names (unsigned,
 * TINYINT(1) as bool, ENUM labels, MariaDB's JSON alias), then the pack's type table for names
 * it does not know. Owns nothing past the returned schema; must not speak the protocol itself. */
#include "schema/introspect.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/map.h"
#include "schema/introspect_int.h"
#include "wire/conn.h"
#include "wire/pack.h"

/* ---- catalog queries (constant text; the database name is bound as ?) --------------------- */

static const char SQL_VERSION[] = "SELECT VERSION(), DATABASE()";

/* Sequences (MariaDB) and system views are left out; system-versioned tables are tables. */
static const char SQL_RELATIONS[] =
    "SELECT t.TABLE_NAME, t.TABLE_TYPE, v.VIEW_DEFINITION"
    " FROM information_schema.TABLES t"
    " LEFT JOIN information_schema.VIEWS v"
    "   ON v.TABLE_SCHEMA = t.TABLE_SCHEMA AND v.TABLE_NAME = t.TABLE_NAME"
    " WHERE t.TABLE_SCHEMA = ? AND t.TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')"
    " ORDER BY t.TABLE_NAME";

static const char SQL_COLUMNS[] =
    "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA,"
    " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION,"
    " GENERATION_EXPRESSION"
    " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?"
    " ORDER BY TABLE_NAME, ORDINAL_POSITION";

/* Primary and foreign keys, one row per key column in key order; the referenced side and the
 * actions are NULL for a primary key. */
static const char SQL_KEYS[] =
    "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.ORDINAL_POSITION,"
    " k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME, r.DELETE_RULE,"
    " r.UPDATE_RULE"
    " FROM information_schema.KEY_COLUMN_USAGE k"
    " JOIN information_schema.TABLE_CONSTRAINTS tc"
    "   ON tc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND tc.TABLE_NAME = k.TABLE_NAME"
    "   AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
    " LEFT JOIN information_schema.REFERENTIAL_CONSTRAINTS r"
    "   ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME"
    "   AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME"
    " WHERE k.TABLE_SCHEMA = ? AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'FOREIGN KEY')"
    " ORDER BY k.TABLE_NAME, tc.CONSTRAINT_TYPE, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

/* Index key columns in order. Unique constraints are unique indexes here; the primary key's
 * index is named PRIMARY. A functional key part (MySQL 8) has no column name. */
static const char SQL_INDEXES[] =
    "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME"
    " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?"
    " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

/* CHECK_CONSTRAINTS has TABLE_NAME on MariaDB, whose check names are unique per table only (a
 * column-level check is named after its column); MySQL's names are unique per schema and its
 * view has no TABLE_NAME. */
static const char SQL_CHECKS_MARIADB[] =
    "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
    " WHERE CONSTRAINT_SCHEMA = ? ORDER BY TABLE_NAME, CONSTRAINT_NAME";
static const char SQL_CHECKS_MYSQL[] =
    "SELECT tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE"
    " FROM information_schema.TABLE_CONSTRAINTS tc"
    " JOIN information_schema.CHECK_CONSTRAINTS cc"
    "   ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
    " WHERE tc.CONSTRAINT_SCHEMA = ? AND tc.CONSTRAINT_TYPE = 'CHECK'"
    " ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME";

/* ---- statement helpers ------------------------------------------------------------------- */

/* A size from information_schema as an int for the model (0 when unknown, NULL or huge). */
static int col_size(struct sqlx_stmt *st, int i)
{
    int64_t n = sqlx_schema__col_int(st, i, -1);
    return n > 0 && n <= INT32_MAX ? (int)n : 0;
}

/* The state of one run: the schema being built and its tables by name. */
struct my_ctx {
    struct sqlx_conn *conn;
    struct sqlx_schema *s;
    const char *db;           /* database read (DATABASE()) */
    bool mariadb;             /* VERSION() names MariaDB */
    struct sqlx_map by_name;  /* table name -> struct sqlx_table * */
};

static struct sqlx_table *table_of(struct my_ctx *x, const char *name)
{
    return name ? sqlx_map_get(&x->by_name, name) : NULL;
}

/* ---- types ------------------------------------------------------------------------------- */

/* Built-in MySQL type names (information_schema DATA_TYPE). The name is an array, not a
 * pointer, so the table needs no relocation and stays in .rodata. MEDIUMINT (24 bits) is an
 * integer(32) in the lattice; TEXT and BLOB limits are bytes, not characters, so they are left
 * unbounded; TIMESTAMP is an instant (stored in UTC, shown in the session's zone), DATETIME a
 * wall-clock time. */
struct my_builtin {
    char name[12];            /* DATA_TYPE */
    enum sqlx_tkind kind;
    int bits;                 /* integer and float width */
    bool sized;               /* CHARACTER_MAXIMUM_LENGTH is the model's max_len */
    bool with_tz;
};

static const struct my_builtin my_builtins[] = {
    { "tinyint", SQLX_T_INTEGER, 8, false, false },
    { "smallint", SQLX_T_INTEGER, 16, false, false },
    { "mediumint", SQLX_T_INTEGER, 32, false, false },
    { "int", SQLX_T_INTEGER, 32, false, false },
    { "integer", SQLX_T_INTEGER, 32, false, false },
    { "bigint", SQLX_T_INTEGER, 64, false, false },
    { "year", SQLX_T_INTEGER, 16, false, false },
    { "decimal", SQLX_T_DECIMAL, 0, false, false },
    { "numeric", SQLX_T_DECIMAL, 0, false, false },
    { "float", SQLX_T_FLOAT, 32, false, false },
    { "double", SQLX_T_FLOAT, 64, false, false },
    { "real", SQLX_T_FLOAT, 64, false, false },
    { "char", SQLX_T_STRING, 0, true, false },
    { "varchar", SQLX_T_STRING, 0, true, false },
    { "tinytext", SQLX_T_STRING, 0, false, false },
    { "text", SQLX_T_STRING, 0, false, false },
    { "mediumtext", SQLX_T_STRING, 0, false, false },
    { "longtext", SQLX_T_STRING, 0, false, false },
    { "set", SQLX_T_STRING, 0, false, false },
    { "inet4", SQLX_T_STRING, 0, false, false },
    { "inet6", SQLX_T_STRING, 0, false, false },
    { "binary", SQLX_T_BYTES, 0, true, false },
    { "varbinary", SQLX_T_BYTES, 0, true, false },
    { "tinyblob", SQLX_T_BYTES, 0, false, false },
    { "blob", SQLX_T_BYTES, 0, false, false },
    { "mediumblob", SQLX_T_BYTES, 0, false, false },
    { "longblob", SQLX_T_BYTES, 0, false, false },
    { "date", SQLX_T_DATE, 0, false, false },
    { "time", SQLX_T_TIME, 0, false, false },
    { "datetime", SQLX_T_TIMESTAMP, 0, false, false },
    { "timestamp", SQLX_T_TIMESTAMP, 0, false, true },
    { "json", SQLX_T_JSON, 0, false, false },
    { "uuid", SQLX_T_UUID, 0, false, false },
};

/* Parses the labels of COLUMN_TYPE "enum('a','it''s')" into a NULL-terminated arena array. */
static void set_enum_values(struct sqlx_schema *s, struct sqlx_type *ty, const char *coltype)
{
    const char *p = strchr(coltype, '(');
    size_t cap = 1, k = 0;
    for (const char *q = coltype; *q; q++)
        cap += *q == ',';
    const char **vals = sqlx_arena_zalloc(&s->arena, (cap + 1) * sizeof *vals);
    struct sqlx_buf label;
    sqlx_buf_init(&label, 0);
    while (p && *p && k < cap) {
        p = strchr(p, '\'');
        if (!p)
            break;
        sqlx_buf_reset(&label);
        for (p++; *p; p++) {
            if (*p == '\'' && p[1] == '\'') {
                sqlx_buf_putc(&label, '\'');
                p++;
            } else if (*p == '\'') {
                break;
            } else {
                sqlx_buf_putc(&label, *p);
            }
        }
        if (!*p)
            break; /* unterminated: keep what was complete */
        vals[k++] = sqlx_arena_strndup(&s->arena, label.data ? label.data : "", label.len);
        p++;
    }
    sqlx_buf_free(&label);
    ty->enum_values = vals;
    ty->n_enum = k;
}

/* The universal type of a column from DATA_TYPE, COLUMN_TYPE and the sizes of its row. */
struct my_coltype {
    const char *data_type;    /* "int", "varchar", "enum" */
    const char *column_type;  /* "int(10) unsigned", "tinyint(1)", "enum('a','b')" */
    int max_len;              /* CHARACTER_MAXIMUM_LENGTH */
    int precision;            /* NUMERIC_PRECISION */
    int scale;                /* NUMERIC_SCALE */
    int time_precision;       /* DATETIME_PRECISION */
};

static bool has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = s; (p = strstr(p, word)) != NULL; p += n) {
        bool start = p == s || p[-1] == ' ';
        if (start && (p[n] == '\0' || p[n] == ' '))
            return true;
    }
    return false;
}

static const struct my_builtin *builtin_of(const char *data_type)
{
    for (size_t i = 0; i < sizeof my_builtins / sizeof my_builtins[0]; i++) {
        if (strcmp(my_builtins[i].name, data_type) == 0)
            return &my_builtins[i];
    }
    return NULL;
}

/* A type name the built-in table does not know, through the pack's type table. */
static struct sqlx_type pack_type(struct my_ctx *x, const char *data_type)
{
    const struct sqlx_pack_type *row =
        x->conn->pack ? sqlx_pack_match_type(x->conn->pack, data_type) : NULL;
    struct sqlx_type ty = sqlx_type_make(SQLX_T_UNKNOWN);
    if (row) {
        int k = sqlx_tkind_parse(row->universal);
        ty = sqlx_type_make(k < 0 ? SQLX_T_UNKNOWN : (enum sqlx_tkind)k);
        ty.bits = row->bits;
        ty.is_unsigned = row->is_unsigned;
        ty.with_tz = row->with_tz;
    }
    return ty;
}

static struct sqlx_type my_type(struct my_ctx *x, const struct my_coltype *c)
{
    const char *dt = c->data_type ? c->data_type : "";
    const char *ct = c->column_type ? c->column_type : "";
    const struct my_builtin *b = builtin_of(dt);
    struct sqlx_type ty;

    if (strcmp(dt, "enum") == 0) {
        ty = sqlx_type_make(SQLX_T_ENUM);
        set_enum_values(x->s, &ty, ct);
        return ty;
    }
    /* The MySQL convention for booleans: TINYINT(1) (BOOLEAN is an alias), and BIT(1). */
    if (strncmp(ct, "tinyint(1)", 10) == 0 || strcmp(ct, "bit(1)") == 0)
        return sqlx_type_make(SQLX_T_BOOL);
    if (strcmp(dt, "bit") == 0) {
        ty = sqlx_type_make(SQLX_T_INTEGER);
        ty.bits = 64;
        ty.is_unsigned = true;
        return ty;
    }
    if (!b)
        return pack_type(x, dt);
    ty = sqlx_type_make(b->kind);
    ty.bits = b->bits;
    switch (b->kind) {
    case SQLX_T_INTEGER:
        ty.is_unsigned = has_word(ct, "unsigned");
        break;
    case SQLX_T_DECIMAL:
        ty.precision = c->precision;
        ty.scale = c->scale >= 0 && c->scale <= c->precision ? c->scale : 0;
        break;
    case SQLX_T_STRING:
    case SQLX_T_BYTES:
        ty.max_len = b->sized ? c->max_len : 0;
        break;
    case SQLX_T_TIME:
    case SQLX_T_TIMESTAMP:
        ty.precision = c->time_precision;
        ty.with_tz = b->with_tz;
        break;
    default:
        break;
    }
    return ty;
}

/* ---- defaults ---------------------------------------------------------------------------- */

static bool numeric_kind(enum sqlx_tkind k)
{
    return k == SQLX_T_INTEGER || k == SQLX_T_DECIMAL || k == SQLX_T_FLOAT || k == SQLX_T_BOOL;
}

/* COLUMN_DEFAULT as SQL text, NULL when the column has none. MariaDB (10.2.7+) reports an SQL
 * expression ('abc' quoted, current_timestamp(), and NULL as the word NULL); MySQL 8 reports a
 * literal's bare value, and marks expressions with DEFAULT_GENERATED in EXTRA. */
static const char *default_sql(struct my_ctx *x, const char *def, const char *extra,
                               const struct sqlx_type *ty)
{
    if (!def)
        return NULL;
    if (x->mariadb)
        return strcasecmp(def, "NULL") == 0 ? NULL : def;
    if ((extra && strstr(extra, "DEFAULT_GENERATED")) || numeric_kind(ty->kind))
        return def;
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    sqlx_buf_putc(&b, '\'');
    for (const char *p = def; *p; p++) {
        if (*p == '\'')
            sqlx_buf_putc(&b, '\'');
        sqlx_buf_putc(&b, *p);
    }
    sqlx_buf_putc(&b, '\'');
    const char *out = sqlx_arena_strndup(&x->s->arena, b.data, b.len);
    sqlx_buf_free(&b);
    return out;
}

/* ---- readers ----------------------------------------------------------------------------- */

static int read_version(struct my_ctx *x, struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_VERSION, NULL, &st, err);
    if (rc < 0)
        return rc;
    rc = sqlx_stmt_step(st, err);
    if (rc == SQLX_STEP_ROW) {
        const char *v = sqlx_schema__col_text(st, 0, &x->s->arena);
        x->s->version = v ? v : "";
        x->db = sqlx_schema__col_text(st, 1, &x->s->arena);
        while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW)
            ;
    }
    sqlx_stmt_finalize(st);
    if (rc < 0)
        return rc;
    x->mariadb = x->s->version && strcasestr(x->s->version, "mariadb") != NULL;
    if (!x->db) {
        sqlx_err_set(err, SQLX_EINVAL, "no database selected");
        sqlx_err_hint(err, "Name the database in the URL path: mysql://user@host/DATABASE.");
        return SQLX_EINVAL;
    }
    return 0;
}

static int read_relations(struct my_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_RELATIONS, x->db, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        const char *name = sqlx_schema__col_text(st, 0, a);
        const char *kind = sqlx_schema__col_text(st, 1, a);
        if (!name || !kind)
            continue;
        bool view = strcmp(kind, "VIEW") == 0;
        struct sqlx_table *t =
            sqlx_schema_add_table(x->s, name, view ? SQLX_REL_VIEW : SQLX_REL_TABLE);
        if (view)
            t->view_sql = sqlx_schema__col_text(st, 2, a);
        sqlx_map_put(&x->by_name, name, t);
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

static void add_column(struct my_ctx *x, struct sqlx_stmt *st, struct sqlx_table *t,
                       const char *name)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_column *col = sqlx_table_add_column(x->s, t, name);
    const char *nullable = sqlx_schema__col_text(st, 4, a);
    const char *extra = sqlx_schema__col_text(st, 6, a);
    const char *generated = sqlx_schema__col_text(st, 11, a);
    struct my_coltype c = {
        .data_type = sqlx_schema__col_text(st, 3, a),
        .column_type = sqlx_schema__col_text(st, 2, a),
        .max_len = col_size(st, 7),
        .precision = col_size(st, 8),
        .scale = col_size(st, 9),
        .time_precision = col_size(st, 10),
    };
    col->declared_type = c.column_type ? c.column_type : "";
    col->type = my_type(x, &c);
    col->nullable = !nullable || strcmp(nullable, "NO") != 0;
    /* A view's columns take no inserts (information_schema gives them the base column's
     * default, or 0 for an aggregate) and may be NULL through outer joins. */
    if (t->kind == SQLX_REL_VIEW) {
        col->nullable = true;
        return;
    }
    col->default_sql = default_sql(x, sqlx_schema__col_text(st, 5, a), extra, &col->type);
    /* AUTO_INCREMENT and generated columns (VIRTUAL / STORED / PERSISTENT) get their value from
     * the engine; MySQL reports an empty expression for ordinary columns, MariaDB NULL. */
    if ((extra && strcasestr(extra, "auto_increment")) || (generated && generated[0]))
        col->autoincrement = true;
}

static int read_columns(struct my_ctx *x, struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_COLUMNS, x->db, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct sqlx_table *t = table_of(x, sqlx_schema__col_text(st, 0, &x->s->arena));
        const char *name = sqlx_schema__col_text(st, 1, &x->s->arena);
        if (t && name)
            add_column(x, st, t, name);
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

/* One row of SQL_KEYS, kept until the constraint's last column is read. */
struct key_row {
    struct sqlx_table *t;
    const char *name, *type, *column, *ref_table, *ref_column, *on_delete, *on_update;
};

static void add_key(struct my_ctx *x, struct key_row **rows, size_t n)
{
    struct key_row *r0 = rows[0];
    if (strcmp(r0->type, "PRIMARY KEY") == 0) {
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
    /* information_schema spells the rules as the model does ("SET NULL", "NO ACTION"). */
    if (r0->on_delete)
        f->on_delete = r0->on_delete;
    if (r0->on_update)
        f->on_update = r0->on_update;
}

static int read_keys(struct my_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_vec rows = { 0 };
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_KEYS, x->db, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct key_row *r = sqlx_arena_zalloc(a, sizeof *r);
        r->t = table_of(x, sqlx_schema__col_text(st, 0, a));
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
    const char *name, *column;
    bool unique;
};

static void add_index(struct my_ctx *x, struct index_row **rows, size_t n)
{
    struct index_row *r0 = rows[0];
    struct sqlx_index *ix = sqlx_table_add_index(x->s, r0->t, r0->name, n, r0->unique);
    for (size_t k = 0; k < n; k++)
        ix->columns[k] = rows[k]->column ? rows[k]->column : "(expr)";
    ix->primary = strcmp(r0->name, "PRIMARY") == 0;
}

static int read_indexes(struct my_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_vec rows = { 0 };
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(x->conn, SQL_INDEXES, x->db, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct index_row *r = sqlx_arena_zalloc(a, sizeof *r);
        r->t = table_of(x, sqlx_schema__col_text(st, 0, a));
        r->name = sqlx_schema__col_text(st, 1, a);
        r->unique = sqlx_schema__col_int(st, 2, -1) == 0; /* a NULL NON_UNIQUE is not unique */
        r->column = sqlx_schema__col_text(st, 4, a);
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

/* MariaDB's JSON is LONGTEXT with the check json_valid(`col`): such a column reads as JSON. */
static void mark_json(struct sqlx_table *t, const char *expr)
{
    static const char head[] = "json_valid(`";
    size_t n = strlen(expr), h = sizeof head - 1;
    if (n <= h + 2 || strncasecmp(expr, head, h) != 0 || strcmp(expr + n - 2, "`)") != 0)
        return;
    struct sqlx_column *col;
    sqlx_vec_foreach(&t->columns, struct sqlx_column *, col) {
        size_t len = strlen(col->name);
        if (len == n - h - 2 && strncmp(expr + h, col->name, len) == 0 &&
            col->type.kind == SQLX_T_STRING && col->type.max_len == 0) {
            col->type = sqlx_type_make(SQLX_T_JSON);
            return;
        }
    }
}

static int read_checks(struct my_ctx *x, struct sqlx_err *err)
{
    struct sqlx_arena *a = &x->s->arena;
    struct sqlx_stmt *st;
    const char *sql = x->mariadb ? SQL_CHECKS_MARIADB : SQL_CHECKS_MYSQL;
    int rc = sqlx_schema__query(x->conn, sql, x->db, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct sqlx_table *t = table_of(x, sqlx_schema__col_text(st, 0, a));
        const char *expr = sqlx_schema__col_text(st, 2, a);
        if (!t || !expr)
            continue;
        sqlx_table_add_check(x->s, t, sqlx_schema__col_text(st, 1, a), expr);
        if (x->mariadb)
            mark_json(t, expr);
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

struct sqlx_schema *sqlx_schema_introspect_my(struct sqlx_conn *c, struct sqlx_err *err)
{
    struct my_ctx x = { .conn = c, .s = sqlx_schema_new() };
    int rc;

    x.s->engine = "mysql";
    sqlx_map_init(&x.by_name, false);
    if ((rc = read_version(&x, err)) < 0 || (rc = read_relations(&x, err)) < 0 ||
        (rc = read_columns(&x, err)) < 0 || (rc = read_keys(&x, err)) < 0 ||
        (rc = read_indexes(&x, err)) < 0 || (rc = read_checks(&x, err)) < 0) {
        if (err && !err->detail[0] && x.db) /* keep the server's own detail when it sent one */
            sqlx_err_detail(err, "While reading information_schema for database \"%s\".", x.db);
        goto out_free_schema;
    }
    sqlx_map_free(&x.by_name);
    sqlx_schema_publish(x.s);
    return x.s;

out_free_schema:
    sqlx_map_free(&x.by_name);
    sqlx_schema_free(x.s);
    return NULL;
}
