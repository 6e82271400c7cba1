/* The translator's DDL rules: column types (sql/translate_types.c names them), auto-numbered
 * columns (SERIAL, IDENTITY, AUTO_INCREMENT, INTEGER PRIMARY KEY AUTOINCREMENT), TINYINT(1) and
 * boolean defaults, UNSIGNED as a CHECK, enums (MySQL ENUM, PostgreSQL CREATE TYPE ... AS ENUM)
 * as CHECK constraints or inline ENUMs, MySQL's KEY clauses and table options, CREATE INDEX
 * options, DROP and ALTER TABLE forms. Expressions inside DDL are translated by the common
 * expression walk afterwards. */
#include <string.h>
#include <strings.h>

#include "sql/translate_int.h"

static struct sqlx_constraint *new_con(struct sqlx_tr *t, enum sqlx_constraint_type type, int pos)
{
    struct sqlx_constraint *c = sqlx_arena_zalloc(t->a, sizeof(*c));
    c->type = type;
    c->pos = pos;
    return c;
}

static bool has_con(const struct sqlx_column_def *col, enum sqlx_constraint_type type)
{
    for (size_t i = 0; i < col->constraints.len; i++)
        if (((const struct sqlx_constraint *)col->constraints.items[i])->type == type)
            return true;
    return false;
}

static struct sqlx_constraint *find_con(struct sqlx_column_def *col, enum sqlx_constraint_type type)
{
    for (size_t i = 0; i < col->constraints.len; i++) {
        struct sqlx_constraint *c = col->constraints.items[i];
        if (c->type == type)
            return c;
    }
    return NULL;
}

static void drop_con(struct sqlx_column_def *col, const struct sqlx_constraint *c)
{
    size_t k = 0;
    for (size_t i = 0; i < col->constraints.len; i++)
        if (col->constraints.items[i] != c)
            col->constraints.items[k++] = col->constraints.items[i];
    col->constraints.len = k;
}

static const struct sqlx_sql__enum *find_enum(struct sqlx_tr *t, const struct sqlx_type_name *tn)
{
    if (!tn || tn->kind != SQLX_TY_UNKNOWN)
        return NULL;
    for (size_t i = 0; i < t->enums.len; i++) {
        const struct sqlx_sql__enum *en = t->enums.items[i];
        if (strcmp(en->name, tn->name) == 0)
            return en;
    }
    return NULL;
}

static struct sqlx_expr *col_ref(struct sqlx_tr *t, const struct sqlx_column_def *col)
{
    struct sqlx_expr *c = sqlx_ast_column(t->a, NULL, col->name);
    c->pos = col->pos;
    return c;
}

/* CHECK (col IN ('a', 'b')) for the labels of an enum. */
static struct sqlx_constraint *enum_check(struct sqlx_tr *t, const struct sqlx_column_def *col,
                                          const struct sqlx_vec *labels, bool exprs)
{
    struct sqlx_expr *in = sqlx_ast_in(t->a, col_ref(t, col), false);
    for (size_t i = 0; i < labels->len; i++)
        sqlx_ast_add_arg(t->a, in, exprs ? labels->items[i] : sqlx_sql__tr_str(t, labels->items[i]));
    struct sqlx_constraint *c = new_con(t, SQLX_CON_CHECK, col->pos);
    c->expr = in;
    return c;
}

static size_t longest_label(const struct sqlx_vec *labels, bool exprs)
{
    size_t longest = 1;
    for (size_t i = 0; i < labels->len; i++) {
        size_t n;
        if (exprs) {
            const struct sqlx_expr *l = labels->items[i];
            n = l->value.type == SQLX_V_TEXT ? l->value.n : 1;
        } else {
            n = strlen(labels->items[i]);
        }
        if (n > longest)
            longest = n;
    }
    return longest;
}

static struct sqlx_type_name *varchar(struct sqlx_tr *t, size_t n, int pos)
{
    struct sqlx_type_name *tn = sqlx_sql__tr_type(t, t->to == SQLX_SQL_SQLITE ? "text" : "varchar",
                                                  SQLX_TY_STRING);
    tn->pos = pos;
    if (t->to != SQLX_SQL_SQLITE)
        sqlx_vec_push_arena(&tn->args, t->a, sqlx_sql__tr_int(t, (long long)n));
    return tn;
}

/* Is col the table's single-column primary key (column constraint or table constraint)? */
static struct sqlx_constraint *pk_of(struct sqlx_create_table *ct, struct sqlx_column_def *col,
                                     bool *table_level)
{
    struct sqlx_constraint *c = find_con(col, SQLX_CON_PRIMARY_KEY);
    *table_level = false;
    if (c)
        return c;
    for (size_t i = 0; ct && i < ct->constraints.len; i++) {
        struct sqlx_constraint *tc = ct->constraints.items[i];
        if (tc->type != SQLX_CON_PRIMARY_KEY || tc->columns.len != 1)
            continue;
        const struct sqlx_index_elem *el = tc->columns.items[0];
        if (el->expr->kind == SQLX_EX_COLUMN && strcasecmp(el->expr->name, col->name) == 0) {
            *table_level = true;
            return tc;
        }
    }
    return NULL;
}

static bool is_keyed(struct sqlx_create_table *ct, struct sqlx_column_def *col)
{
    bool tl;
    if (pk_of(ct, col, &tl) || has_con(col, SQLX_CON_UNIQUE))
        return true;
    for (size_t i = 0; ct && i < ct->constraints.len; i++) {
        struct sqlx_constraint *tc = ct->constraints.items[i];
        if ((tc->type != SQLX_CON_PRIMARY_KEY && tc->type != SQLX_CON_UNIQUE) || tc->columns.len < 1)
            continue;
        const struct sqlx_index_elem *el = tc->columns.items[0];
        if (el->expr->kind == SQLX_EX_COLUMN && strcasecmp(el->expr->name, col->name) == 0)
            return true;
    }
    return false;
}

static void remove_table_con(struct sqlx_create_table *ct, const struct sqlx_constraint *c)
{
    size_t k = 0;
    for (size_t i = 0; i < ct->constraints.len; i++)
        if (ct->constraints.items[i] != c)
            ct->constraints.items[k++] = ct->constraints.items[i];
    ct->constraints.len = k;
}

/* An auto-numbered column in the target's form. */
static int make_auto(struct sqlx_tr *t, struct sqlx_create_table *ct, struct sqlx_column_def *col,
                     int pos)
{
    bool table_level;
    struct sqlx_constraint *pk = pk_of(ct, col, &table_level);
    switch (t->to) {
    case SQLX_SQL_POSTGRES: {
        struct sqlx_constraint *id = new_con(t, SQLX_CON_IDENTITY, pos);
        sqlx_vec_push_arena(&col->constraints, t->a, id);
        return 0;
    }
    case SQLX_SQL_MYSQL:
        if (!has_con(col, SQLX_CON_NOT_NULL))
            sqlx_vec_push_arena(&col->constraints, t->a, new_con(t, SQLX_CON_NOT_NULL, pos));
        sqlx_vec_push_arena(&col->constraints, t->a, new_con(t, SQLX_CON_AUTO_INCREMENT, pos));
        if (!is_keyed(ct, col)) {
            /* MySQL numbers only indexed columns. */
            if (!ct)
                return sqlx_sql__tr_fail(t, pos, "an auto-numbered column added without a key");
            struct sqlx_create_index *ix = sqlx_arena_zalloc(t->a, sizeof(*ix));
            struct sqlx_index_elem *el = sqlx_arena_zalloc(t->a, sizeof(*el));
            el->expr = col_ref(t, col);
            sqlx_vec_push_arena(&ix->elems, t->a, el);
            sqlx_vec_push_arena(&ct->indexes, t->a, ix);
        }
        return 0;
    case SQLX_SQL_SQLITE:
        /* Only INTEGER PRIMARY KEY columns are numbered by SQLite. */
        if (!pk)
            return sqlx_sql__tr_fail(t, pos, "an auto-numbered column that is not the primary key");
        if (table_level) {
            remove_table_con(ct, pk);
            pk = new_con(t, SQLX_CON_PRIMARY_KEY, pos);
            sqlx_vec_push_arena(&col->constraints, t->a, pk);
        }
        pk->autoincrement = true;
        col->type = sqlx_sql__tr_type(t, "integer", SQLX_TY_INTEGER);
        return 0;
    }
    return 0;
}

/* 0 / 1 defaults of a column that becomes a PostgreSQL boolean. */
static void bool_defaults(struct sqlx_tr *t, struct sqlx_column_def *col)
{
    long long v;
    struct sqlx_constraint *d = find_con(col, SQLX_CON_DEFAULT);
    if (d && d->expr && sqlx_sql__tr_is_int_lit(d->expr, &v) && (v == 0 || v == 1)) {
        struct sqlx_value b = sqlx_value_bool(v == 1);
        d->expr = sqlx_ast_lit(t->a, SQLX_LIT_BOOL, &b);
    }
}

static int translate_column(struct sqlx_tr *t, struct sqlx_create_table *ct,
                            struct sqlx_column_def *col)
{
    int rc;
    struct sqlx_type_name *tn = col->type;
    bool autonum = false;
    int apos = col->pos;
    /* constraints that change form or disappear */
    for (size_t i = 0; i < col->constraints.len; i++) {
        struct sqlx_constraint *c = col->constraints.items[i];
        switch (c->type) {
        case SQLX_CON_IDENTITY:
        case SQLX_CON_AUTO_INCREMENT:
            if (t->to == SQLX_SQL_POSTGRES && c->type == SQLX_CON_IDENTITY)
                break;
            if (t->to == SQLX_SQL_MYSQL && c->type == SQLX_CON_AUTO_INCREMENT)
                break;
            autonum = true;
            apos = c->pos;
            drop_con(col, c);
            i--;
            break;
        case SQLX_CON_PRIMARY_KEY:
            if (c->autoincrement && t->to != SQLX_SQL_SQLITE) {
                c->autoincrement = false;
                autonum = true;
                apos = c->pos;
            }
            if (c->desc && t->to != SQLX_SQL_SQLITE)
                c->desc = false; /* the order of the key's index only */
            if (c->on_conflict != SQLX_OR_NONE && t->to != SQLX_SQL_SQLITE)
                return sqlx_sql__tr_fail(t, c->pos, "a constraint ON CONFLICT clause");
            break;
        case SQLX_CON_COMMENT:
            if (t->to != SQLX_SQL_MYSQL) {
                drop_con(col, c);
                i--;
            }
            break;
        case SQLX_CON_ON_UPDATE:
            if (t->to != SQLX_SQL_MYSQL)
                return sqlx_sql__tr_fail(t, c->pos, "ON UPDATE for a column");
            break;
        case SQLX_CON_COLLATE:
            return sqlx_sql__tr_fail(t, c->pos, "a column collation");
        case SQLX_CON_GENERATED:
            if (!c->stored && t->to == SQLX_SQL_POSTGRES)
                c->stored = true; /* PostgreSQL 15 computes generated columns on write only */
            break;
        default:
            if (c->on_conflict != SQLX_OR_NONE && t->to != SQLX_SQL_SQLITE)
                return sqlx_sql__tr_fail(t, c->pos, "a constraint ON CONFLICT clause");
            break;
        }
    }
    if (tn && (strcmp(tn->name, "serial") == 0 || strcmp(tn->name, "bigserial") == 0 ||
               strcmp(tn->name, "smallserial") == 0 || strcmp(tn->name, "serial4") == 0 ||
               strcmp(tn->name, "serial8") == 0)) {
        if (t->to != SQLX_SQL_POSTGRES) {
            autonum = true;
            apos = tn->pos;
            if (!has_con(col, SQLX_CON_NOT_NULL) && t->to == SQLX_SQL_MYSQL)
                sqlx_vec_push_arena(&col->constraints, t->a, new_con(t, SQLX_CON_NOT_NULL, tn->pos));
        }
    }
    /* types */
    const struct sqlx_sql__enum *en = find_enum(t, tn);
    if (en) {
        if (t->to == SQLX_SQL_MYSQL) {
            struct sqlx_type_name *e = sqlx_sql__tr_type(t, "enum", SQLX_TY_ENUM);
            e->pos = tn->pos;
            for (size_t i = 0; i < en->labels.len; i++)
                sqlx_vec_push_arena(&e->args, t->a, sqlx_sql__tr_str(t, en->labels.items[i]));
            col->type = e;
        } else {
            col->type = varchar(t, longest_label(&en->labels, false), tn->pos);
            sqlx_vec_push_arena(&col->constraints, t->a, enum_check(t, col, &en->labels, false));
        }
    } else if (tn && tn->kind == SQLX_TY_ENUM && t->to != SQLX_SQL_MYSQL) {
        col->type = varchar(t, longest_label(&tn->args, true), tn->pos);
        sqlx_vec_push_arena(&col->constraints, t->a, enum_check(t, col, &tn->args, true));
    } else if (tn && tn->kind == SQLX_TY_INTEGER && tn->bits == 8 && tn->args.len == 1 &&
               t->from == SQLX_SQL_MYSQL && t->to == SQLX_SQL_POSTGRES && !tn->is_unsigned) {
        long long w;
        if (sqlx_sql__tr_is_int_lit(tn->args.items[0], &w) && w == 1) {
            /* MySQL's boolean convention */
            col->type = sqlx_sql__tr_type(t, "boolean", SQLX_TY_BOOL);
            col->type->pos = tn->pos;
        } else if ((rc = sqlx_sql__tr_type_name(t, &col->type, false))) {
            return rc;
        }
    } else if (tn) {
        bool unsig = tn->is_unsigned && t->to != SQLX_SQL_MYSQL;
        if ((rc = sqlx_sql__tr_type_name(t, &col->type, false)))
            return rc;
        if (unsig && !autonum) {
            struct sqlx_constraint *c = new_con(t, SQLX_CON_CHECK, tn->pos);
            c->expr = sqlx_sql__tr_bin(t, SQLX_OP_GTE, col_ref(t, col), sqlx_sql__tr_int(t, 0));
            sqlx_vec_push_arena(&col->constraints, t->a, c);
        }
    }
    if (t->to == SQLX_SQL_POSTGRES && col->type && col->type->kind == SQLX_TY_BOOL)
        bool_defaults(t, col);
    if (autonum && (rc = make_auto(t, ct, col, apos)))
        return rc;
    return 0;
}

/* MySQL [UNIQUE] KEY name (cols) inside CREATE TABLE: a UNIQUE constraint, or a CREATE INDEX
 * statement after the table. */
static int split_indexes(struct sqlx_tr *t, struct sqlx_ast *st)
{
    struct sqlx_create_table *ct = &st->create_table;
    if (t->to == SQLX_SQL_MYSQL || ct->indexes.len == 0)
        return 0;
    for (size_t i = 0; i < ct->indexes.len; i++) {
        struct sqlx_create_index *ix = ct->indexes.items[i];
        if (ix->unique) {
            struct sqlx_constraint *c = new_con(t, SQLX_CON_UNIQUE, 0);
            c->name = ix->name;
            c->columns = ix->elems;
            sqlx_vec_push_arena(&ct->constraints, t->a, c);
            continue;
        }
        struct sqlx_ast *ci = sqlx_ast_stmt_new(t->a, SQLX_ST_CREATE_INDEX);
        ci->create_index = *ix;
        ci->create_index.table = ct->table;
        ci->create_index.table.alias = NULL;
        if (!ci->create_index.name)
            ci->create_index.name = sqlx_arena_printf(t->a, "%s_ix%zu", ct->table.name, i + 1);
        ci->create_index.method = NULL;
        sqlx_vec_push_arena(&t->pending, t->a, ci);
    }
    ct->indexes.len = 0;
    return 0;
}

static int create_table(struct sqlx_tr *t, struct sqlx_ast *st)
{
    struct sqlx_create_table *ct = &st->create_table;
    int rc;
    if (ct->unlogged && t->to != SQLX_SQL_POSTGRES)
        ct->unlogged = false; /* durability only */
    for (size_t i = 0; i < ct->columns.len; i++)
        if ((rc = translate_column(t, ct, ct->columns.items[i])))
            return rc;
    for (size_t i = 0; i < ct->constraints.len; i++) {
        struct sqlx_constraint *c = ct->constraints.items[i];
        if (c->on_conflict != SQLX_OR_NONE && t->to != SQLX_SQL_SQLITE)
            return sqlx_sql__tr_fail(t, c->pos, "a constraint ON CONFLICT clause");
        if (c->nulls_not_distinct && t->to != SQLX_SQL_POSTGRES)
            return sqlx_sql__tr_fail(t, c->pos, "UNIQUE NULLS NOT DISTINCT");
        if ((c->deferrable || c->initially) && t->to == SQLX_SQL_MYSQL)
            return sqlx_sql__tr_fail(t, c->pos, "a deferrable constraint");
    }
    /* Table options describe storage (engine, character set, row format): they are dropped for
     * engines that have no such thing; STRICT / WITHOUT ROWID only exist in SQLite. */
    if (t->to != t->from)
        ct->options.len = 0;
    return split_indexes(t, st);
}

static int create_index(struct sqlx_tr *t, struct sqlx_create_index *ix)
{
    if (t->to != SQLX_SQL_POSTGRES) {
        ix->concurrently = false; /* locking only */
        if (ix->include.len > 0)
            ix->include.len = 0; /* covering columns only speed up reads */
        if (ix->method && (t->to == SQLX_SQL_SQLITE || (strcasecmp(ix->method, "btree") != 0 &&
                                                        strcasecmp(ix->method, "hash") != 0)))
            ix->method = NULL;
    }
    if (ix->where && t->to == SQLX_SQL_MYSQL) {
        /* A plain index over all rows answers the same queries; a partial UNIQUE index is a
         * constraint and has no equivalent. */
        if (ix->unique)
            return sqlx_sql__tr_fail(t, ix->where->pos, "a partial unique index");
        ix->where = NULL;
    }
    if (ix->if_not_exists && t->to == SQLX_SQL_MYSQL && !t->mariadb)
        return sqlx_sql__tr_fail(t, 0, "CREATE INDEX IF NOT EXISTS");
    for (size_t i = 0; i < ix->elems.len; i++) {
        struct sqlx_index_elem *el = ix->elems.items[i];
        if (el->nulls && t->to != SQLX_SQL_POSTGRES)
            el->nulls = 0; /* index order only */
        if (el->opclass && t->to != SQLX_SQL_POSTGRES)
            return sqlx_sql__tr_fail(t, el->pos, "an operator class");
        if (el->prefix_len && t->to != SQLX_SQL_MYSQL)
            el->prefix_len = 0;
    }
    return 0;
}

static int alter_table(struct sqlx_tr *t, struct sqlx_ast *st, bool *drop)
{
    struct sqlx_alter_table *at = &st->alter_table;
    int rc;
    for (size_t i = 0; i < at->cmds.len; i++) {
        struct sqlx_alter_cmd *c = at->cmds.items[i];
        if (c->column && (rc = translate_column(t, NULL, c->column)))
            return rc;
        if (c->type && (rc = sqlx_sql__tr_type_name(t, &c->type, false)))
            return rc;
        if (t->to != SQLX_SQL_MYSQL) {
            /* column placement (FIRST / AFTER) only orders SELECT * */
            c->first = false;
            c->after = NULL;
        }
    }
    if (t->to == SQLX_SQL_SQLITE && at->cmds.len > 1) {
        /* SQLite takes one action per ALTER TABLE. */
        for (size_t i = 0; i < at->cmds.len; i++) {
            struct sqlx_ast *one = sqlx_ast_stmt_new(t->a, SQLX_ST_ALTER_TABLE);
            one->pos = st->pos;
            one->alter_table = *at;
            one->alter_table.cmds.items = NULL;
            one->alter_table.cmds.len = one->alter_table.cmds.cap = 0;
            sqlx_vec_push_arena(&one->alter_table.cmds, t->a, at->cmds.items[i]);
            sqlx_vec_push_arena(&t->pending, t->a, one);
        }
        *drop = true;
    }
    return 0;
}

static int create_type(struct sqlx_tr *t, struct sqlx_ast *st, bool *drop)
{
    struct sqlx_sql__enum *en = sqlx_arena_zalloc(t->a, sizeof(*en));
    en->name = st->create_type.name.name;
    en->labels = st->create_type.labels;
    sqlx_vec_push_arena(&t->enums, t->a, en);
    if (t->to != SQLX_SQL_POSTGRES)
        *drop = true; /* the labels go into the columns that use the type */
    return 0;
}

static int drop_stmt(struct sqlx_tr *t, struct sqlx_ast *st, bool *drop)
{
    struct sqlx_drop *d = &st->drop;
    if (d->object == SQLX_OBJ_TYPE && t->to != SQLX_SQL_POSTGRES) {
        for (size_t i = 0; i < d->names.len; i++) {
            const struct sqlx_table_ref *n = d->names.items[i];
            struct sqlx_type_name probe = { .name = n->name, .kind = SQLX_TY_UNKNOWN };
            if (!find_enum(t, &probe) && !d->if_exists)
                return sqlx_sql__tr_fail(t, st->pos, "DROP TYPE of a type not created in this script");
        }
        *drop = true;
        return 0;
    }
    if (d->concurrently && t->to != SQLX_SQL_POSTGRES)
        d->concurrently = false;
    if (d->restrict_written && t->to == SQLX_SQL_SQLITE)
        d->restrict_written = false;
    if (d->cascade && t->to != SQLX_SQL_POSTGRES)
        return sqlx_sql__tr_fail(t, st->pos, "DROP ... CASCADE (MySQL accepts it but drops no dependent view)");
    if (d->object == SQLX_OBJ_INDEX && t->to == SQLX_SQL_MYSQL && !d->on_table)
        return sqlx_sql__tr_fail(t, st->pos, "DROP INDEX without its table");
    if (d->on_table && t->to != SQLX_SQL_MYSQL)
        d->on_table = NULL;
    if (d->temporary && t->to != SQLX_SQL_MYSQL)
        d->temporary = false;
    return 0;
}

int sqlx_sql__tr_ddl(struct sqlx_tr *t, struct sqlx_ast *st, bool *drop)
{
    *drop = false;
    if (t->from == t->to)
        return 0;
    switch (st->kind) {
    case SQLX_ST_CREATE_TABLE:
        return create_table(t, st);
    case SQLX_ST_ALTER_TABLE:
        return alter_table(t, st, drop);
    case SQLX_ST_CREATE_INDEX:
        return create_index(t, &st->create_index);
    case SQLX_ST_CREATE_TYPE:
        return create_type(t, st, drop);
    case SQLX_ST_DROP:
        return drop_stmt(t, st, drop);
    case SQLX_ST_CREATE_VIEW:
        if (st->create_view.if_not_exists && t->to != SQLX_SQL_SQLITE &&
            !(t->to == SQLX_SQL_MYSQL && t->mariadb))
            return sqlx_sql__tr_fail(t, st->pos, "CREATE VIEW IF NOT EXISTS");
        if (st->create_view.or_replace && t->to == SQLX_SQL_SQLITE)
            return sqlx_sql__tr_fail(t, st->pos, "CREATE OR REPLACE VIEW");
        return 0;
    default:
        return 0;
    }
}
