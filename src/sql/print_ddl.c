/* The printer's DDL: type names, CREATE / ALTER / DROP TABLE with column and table constraints,
 * CREATE / DROP INDEX, CREATE / DROP VIEW and CREATE TYPE ... AS ENUM, spelled for the target
 * family. A construct the family lacks fails naming it; rewriting one construct into another
 * (SERIAL into AUTO_INCREMENT, ENUM into CHECK) is the translator's work, not this file's. */
#include <string.h>

#include "sql/print_int.h"

static void put_upper(struct sqlx_printer *p, const char *s)
{
    for (; *s; s++)
        sqlx_buf_putc(p->out, (*s >= 'a' && *s <= 'z') ? (char)(*s - 'a' + 'A') : *s);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int sqlx_sql__pr_type(struct sqlx_printer *p, const struct sqlx_type_name *t)
{
    int rc;
    if ((rc = sqlx_sql__pr_need(p, t->name, "type name")))
        return rc;
    if (t->schema) {
        sqlx_sql__pr_ident(p, t->schema);
        sqlx_buf_putc(p->out, '.');
    }
    if (t->kind == SQLX_TY_UNKNOWN && !strchr(t->name, ' '))
        sqlx_sql__pr_ident(p, t->name);
    else
        put_upper(p, t->name);
    if (t->args.len > 0) {
        sqlx_buf_putc(p->out, '(');
        if ((rc = sqlx_sql__pr_list(p, &t->args)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    }
    if (t->is_unsigned && strncmp(t->name, "unsigned", 8) != 0) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, t->pos, "UNSIGNED");
        sqlx_buf_puts(p->out, " UNSIGNED");
    }
    if (t->zerofill) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, t->pos, "ZEROFILL");
        sqlx_buf_puts(p->out, " ZEROFILL");
    }
    if (t->charset) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, t->pos, "CHARACTER SET");
        sqlx_buf_puts(p->out, " CHARACTER SET ");
        sqlx_sql__pr_ident(p, t->charset);
    }
    if (t->with_tz && (t->kind == SQLX_TY_TIME || t->kind == SQLX_TY_TIMESTAMP) &&
        !ends_with(t->name, "tz")) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, t->pos, "WITH TIME ZONE");
        sqlx_buf_puts(p->out, " WITH TIME ZONE");
    }
    for (int i = 0; i < t->array_dims; i++) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, t->pos, "an array type");
        sqlx_buf_puts(p->out, "[]");
    }
    return 0;
}

static void put_name_list(struct sqlx_printer *p, const struct sqlx_vec *names)
{
    sqlx_buf_putc(p->out, '(');
    for (size_t i = 0; i < names->len; i++) {
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        sqlx_sql__pr_ident(p, names->items[i]);
    }
    sqlx_buf_putc(p->out, ')');
}

static const char *fk_action(enum sqlx_fk_action a)
{
    switch (a) {
    case SQLX_FK_NO_ACTION:
        return "NO ACTION";
    case SQLX_FK_RESTRICT:
        return "RESTRICT";
    case SQLX_FK_CASCADE:
        return "CASCADE";
    case SQLX_FK_SET_NULL:
        return "SET NULL";
    case SQLX_FK_SET_DEFAULT:
        return "SET DEFAULT";
    default:
        return NULL;
    }
}

static int print_references(struct sqlx_printer *p, const struct sqlx_constraint *c)
{
    sqlx_buf_puts(p->out, "REFERENCES ");
    sqlx_sql__pr_qualified(p, c->ref_table.schema, c->ref_table.name);
    if (c->ref_columns.len > 0) {
        sqlx_buf_putc(p->out, ' ');
        put_name_list(p, &c->ref_columns);
    }
    if (c->match) {
        static const char *const m[] = { "", " MATCH FULL", " MATCH PARTIAL", " MATCH SIMPLE" };
        if ((unsigned)c->match > 3)
            return sqlx_err_set(p->err, SQLX_EINVAL, "unknown MATCH kind");
        sqlx_buf_puts(p->out, m[c->match]);
    }
    const char *del = fk_action(c->on_delete), *upd = fk_action(c->on_update);
    if (del)
        sqlx_buf_printf(p->out, " ON DELETE %s", del);
    if (upd)
        sqlx_buf_printf(p->out, " ON UPDATE %s", upd);
    if (c->deferrable) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, c->pos, "DEFERRABLE");
        sqlx_buf_puts(p->out, c->deferrable == 1 ? " DEFERRABLE" : " NOT DEFERRABLE");
    }
    if (c->initially) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, c->pos, "INITIALLY DEFERRED / IMMEDIATE");
        sqlx_buf_puts(p->out, c->initially == 1 ? " INITIALLY DEFERRED" : " INITIALLY IMMEDIATE");
    }
    return 0;
}

/* A DEFAULT value: literals, signed numbers and niladic functions are written bare; any other
 * expression in parentheses (SQLite and MySQL require them). */
static int print_default(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    bool bare = e->kind == SQLX_EX_LITERAL ||
                (e->kind == SQLX_EX_UNARY && e->left && e->left->kind == SQLX_EX_LITERAL) ||
                (e->kind == SQLX_EX_FUNC && e->syntax == SQLX_SYN_NO_PARENS);
    if (bare)
        return sqlx_sql__pr_expr(p, e, SQLX_PREC_TOP, false);
    sqlx_buf_putc(p->out, '(');
    if ((rc = sqlx_sql__pr_expr(p, e, SQLX_PREC_TOP, false)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static const char *const or_actions[] = { "", " ON CONFLICT REPLACE", " ON CONFLICT IGNORE",
                                          " ON CONFLICT ABORT", " ON CONFLICT FAIL",
                                          " ON CONFLICT ROLLBACK" };

static int print_conflict_clause(struct sqlx_printer *p, const struct sqlx_constraint *c)
{
    if (c->on_conflict == SQLX_OR_NONE)
        return 0;
    if (p->fam != SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, c->pos, "a constraint ON CONFLICT clause");
    if ((unsigned)c->on_conflict > SQLX_OR_ROLLBACK)
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown ON CONFLICT action");
    sqlx_buf_puts(p->out, or_actions[c->on_conflict]);
    return 0;
}

/* A column constraint (table == false) or table constraint. */
static int print_constraint(struct sqlx_printer *p, const struct sqlx_constraint *c, bool table)
{
    int rc;
    if (c->name && c->type != SQLX_CON_COLLATE) {
        sqlx_buf_puts(p->out, "CONSTRAINT ");
        sqlx_sql__pr_ident(p, c->name);
        sqlx_buf_putc(p->out, ' ');
    }
    switch (c->type) {
    case SQLX_CON_NOT_NULL:
        sqlx_buf_puts(p->out, "NOT NULL");
        return print_conflict_clause(p, c);
    case SQLX_CON_NULL:
        sqlx_buf_puts(p->out, "NULL");
        return 0;
    case SQLX_CON_DEFAULT:
        if ((rc = sqlx_sql__pr_need(p, c->expr, "DEFAULT value")))
            return rc;
        sqlx_buf_puts(p->out, "DEFAULT ");
        return print_default(p, c->expr);
    case SQLX_CON_PRIMARY_KEY:
        sqlx_buf_puts(p->out, "PRIMARY KEY");
        if (table || c->columns.len > 0) {
            sqlx_buf_putc(p->out, ' ');
            if ((rc = sqlx_sql__pr_index_elems(p, &c->columns)))
                return rc;
        } else if (c->desc) {
            if (p->fam != SQLX_SQL_SQLITE)
                return sqlx_sql__pr_unsupported(p, c->pos, "PRIMARY KEY DESC");
            sqlx_buf_puts(p->out, " DESC");
        }
        if ((rc = print_conflict_clause(p, c)))
            return rc;
        if (c->autoincrement) {
            if (p->fam != SQLX_SQL_SQLITE)
                return sqlx_sql__pr_unsupported(p, c->pos, "AUTOINCREMENT");
            sqlx_buf_puts(p->out, " AUTOINCREMENT");
        }
        return 0;
    case SQLX_CON_UNIQUE:
        sqlx_buf_puts(p->out, "UNIQUE");
        if (c->nulls_not_distinct) {
            if (p->fam != SQLX_SQL_POSTGRES)
                return sqlx_sql__pr_unsupported(p, c->pos, "UNIQUE NULLS NOT DISTINCT");
            sqlx_buf_puts(p->out, " NULLS NOT DISTINCT");
        }
        if (table || c->columns.len > 0) {
            sqlx_buf_putc(p->out, ' ');
            if ((rc = sqlx_sql__pr_index_elems(p, &c->columns)))
                return rc;
        }
        return print_conflict_clause(p, c);
    case SQLX_CON_CHECK:
        if ((rc = sqlx_sql__pr_need(p, c->expr, "CHECK expression")))
            return rc;
        sqlx_buf_puts(p->out, "CHECK (");
        if ((rc = sqlx_sql__pr_expr(p, c->expr, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ')');
        return 0;
    case SQLX_CON_FOREIGN_KEY:
        if (table || c->columns.len > 0) {
            sqlx_buf_puts(p->out, "FOREIGN KEY ");
            if ((rc = sqlx_sql__pr_index_elems(p, &c->columns)))
                return rc;
            sqlx_buf_putc(p->out, ' ');
        }
        return print_references(p, c);
    case SQLX_CON_GENERATED:
        if ((rc = sqlx_sql__pr_need(p, c->expr, "generated column expression")))
            return rc;
        if (!c->stored && p->fam == SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, c->pos, "a virtual generated column");
        sqlx_buf_puts(p->out, "GENERATED ALWAYS AS (");
        if ((rc = sqlx_sql__pr_expr(p, c->expr, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_puts(p->out, c->stored ? ") STORED" : ") VIRTUAL");
        return 0;
    case SQLX_CON_IDENTITY:
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, c->pos, "an identity column");
        sqlx_buf_puts(p->out, c->always ? "GENERATED ALWAYS AS IDENTITY"
                                        : "GENERATED BY DEFAULT AS IDENTITY");
        return 0;
    case SQLX_CON_AUTO_INCREMENT:
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, c->pos, "AUTO_INCREMENT");
        sqlx_buf_puts(p->out, "AUTO_INCREMENT");
        return 0;
    case SQLX_CON_COLLATE:
        if ((rc = sqlx_sql__pr_need(p, c->name, "collation")))
            return rc;
        sqlx_buf_puts(p->out, "COLLATE ");
        if (p->fam == SQLX_SQL_POSTGRES)
            sqlx_sql_quote_ident(p->d, c->name, p->out);
        else
            sqlx_sql__pr_ident(p, c->name);
        return 0;
    case SQLX_CON_ON_UPDATE:
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, c->pos, "ON UPDATE for a column");
        sqlx_buf_puts(p->out, "ON UPDATE ");
        return sqlx_sql__pr_expr(p, c->expr, SQLX_PREC_TOP, false);
    case SQLX_CON_COMMENT:
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, c->pos, "a column COMMENT");
        sqlx_buf_puts(p->out, "COMMENT ");
        return sqlx_sql__pr_expr(p, c->expr, SQLX_PREC_TOP, false);
    }
    return sqlx_err_set(p->err, SQLX_EINVAL, "unknown constraint kind %d", (int)c->type);
}

static int print_column(struct sqlx_printer *p, const struct sqlx_column_def *col)
{
    int rc;
    if ((rc = sqlx_sql__pr_need(p, col->name, "column name")))
        return rc;
    sqlx_sql__pr_ident(p, col->name);
    if (col->type) {
        sqlx_buf_putc(p->out, ' ');
        if ((rc = sqlx_sql__pr_type(p, col->type)))
            return rc;
    } else if (p->fam != SQLX_SQL_SQLITE) {
        return sqlx_sql__pr_unsupported(p, col->pos, "a column without a type");
    }
    for (size_t i = 0; i < col->constraints.len; i++) {
        sqlx_buf_putc(p->out, ' ');
        if ((rc = print_constraint(p, col->constraints.items[i], false)))
            return rc;
    }
    return 0;
}

/* MySQL [UNIQUE] KEY name (cols) inside CREATE TABLE. */
static int print_inline_index(struct sqlx_printer *p, const struct sqlx_create_index *ix)
{
    if (p->fam != SQLX_SQL_MYSQL)
        return sqlx_sql__pr_unsupported(p, 0, "an index inside CREATE TABLE");
    sqlx_buf_puts(p->out, ix->unique ? "UNIQUE KEY " : "KEY ");
    if (ix->name) {
        sqlx_sql__pr_ident(p, ix->name);
        sqlx_buf_putc(p->out, ' ');
    }
    return sqlx_sql__pr_index_elems(p, &ix->elems);
}

static int print_table_option(struct sqlx_printer *p, const struct sqlx_table_option *o,
                              bool first)
{
    if (p->fam == SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, 0, "a table option");
    if (p->fam == SQLX_SQL_SQLITE) {
        if (strcmp(o->name, "without rowid") != 0 && strcmp(o->name, "strict") != 0)
            return sqlx_sql__pr_unsupported(p, 0, "this table option");
        sqlx_buf_puts(p->out, first ? " " : ", ");
        put_upper(p, o->name);
        return 0;
    }
    if (strcmp(o->name, "without rowid") == 0 || strcmp(o->name, "strict") == 0)
        return sqlx_sql__pr_unsupported(p, 0, "this table option");
    sqlx_buf_putc(p->out, ' ');
    put_upper(p, o->name);
    if (o->value) {
        sqlx_buf_putc(p->out, '=');
        if (strcmp(o->name, "comment") == 0)
            return sqlx_sql__pr_string(p, o->value, strlen(o->value));
        sqlx_buf_puts(p->out, o->value);
    }
    return 0;
}

static int print_create_table(struct sqlx_printer *p, const struct sqlx_create_table *ct)
{
    int rc;
    sqlx_buf_puts(p->out, "CREATE ");
    if (ct->temporary)
        sqlx_buf_puts(p->out, p->fam == SQLX_SQL_SQLITE ? "TEMP " : "TEMPORARY ");
    if (ct->unlogged) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, 0, "UNLOGGED");
        sqlx_buf_puts(p->out, "UNLOGGED ");
    }
    sqlx_buf_puts(p->out, "TABLE ");
    if (ct->if_not_exists)
        sqlx_buf_puts(p->out, "IF NOT EXISTS ");
    sqlx_sql__pr_qualified(p, ct->table.schema, ct->table.name);
    if (ct->as_query) {
        sqlx_buf_puts(p->out, " AS ");
        return sqlx_sql__pr_query(p, ct->as_query);
    }
    sqlx_buf_puts(p->out, " (");
    const char *sep = "";
    for (size_t i = 0; i < ct->columns.len; i++, sep = ", ") {
        sqlx_buf_puts(p->out, sep);
        if ((rc = print_column(p, ct->columns.items[i])))
            return rc;
    }
    for (size_t i = 0; i < ct->constraints.len; i++, sep = ", ") {
        sqlx_buf_puts(p->out, sep);
        if ((rc = print_constraint(p, ct->constraints.items[i], true)))
            return rc;
    }
    for (size_t i = 0; i < ct->indexes.len; i++, sep = ", ") {
        sqlx_buf_puts(p->out, sep);
        if ((rc = print_inline_index(p, ct->indexes.items[i])))
            return rc;
    }
    sqlx_buf_putc(p->out, ')');
    for (size_t i = 0; i < ct->options.len; i++)
        if ((rc = print_table_option(p, ct->options.items[i], i == 0)))
            return rc;
    return 0;
}

static int print_alter_cmd(struct sqlx_printer *p, const struct sqlx_alter_cmd *c)
{
    int rc;
    bool pg = p->fam == SQLX_SQL_POSTGRES, my = p->fam == SQLX_SQL_MYSQL;
    switch (c->kind) {
    case SQLX_ALTER_ADD_COLUMN:
        sqlx_buf_puts(p->out, "ADD COLUMN ");
        if (c->if_not_exists) {
            if (p->fam == SQLX_SQL_SQLITE)
                return sqlx_sql__pr_unsupported(p, c->pos, "ADD COLUMN IF NOT EXISTS");
            sqlx_buf_puts(p->out, "IF NOT EXISTS ");
        }
        if ((rc = sqlx_sql__pr_need(p, c->column, "column definition")) ||
            (rc = print_column(p, c->column)))
            return rc;
        break;
    case SQLX_ALTER_DROP_COLUMN:
        sqlx_buf_puts(p->out, "DROP COLUMN ");
        if (c->if_exists) {
            if (p->fam == SQLX_SQL_SQLITE)
                return sqlx_sql__pr_unsupported(p, c->pos, "DROP COLUMN IF EXISTS");
            sqlx_buf_puts(p->out, "IF EXISTS ");
        }
        sqlx_sql__pr_ident(p, c->name);
        if (c->cascade) {
            if (!pg)
                return sqlx_sql__pr_unsupported(p, c->pos, "DROP COLUMN ... CASCADE");
            sqlx_buf_puts(p->out, " CASCADE");
        }
        return 0;
    case SQLX_ALTER_RENAME_COLUMN:
        sqlx_buf_puts(p->out, "RENAME COLUMN ");
        sqlx_sql__pr_ident(p, c->name);
        sqlx_buf_puts(p->out, " TO ");
        sqlx_sql__pr_ident(p, c->new_name);
        return 0;
    case SQLX_ALTER_RENAME_TABLE:
        sqlx_buf_puts(p->out, "RENAME TO ");
        sqlx_sql__pr_ident(p, c->new_name);
        return 0;
    case SQLX_ALTER_COLUMN_TYPE:
        if (!pg)
            return sqlx_sql__pr_unsupported(p, c->pos, "ALTER COLUMN ... TYPE");
        sqlx_buf_puts(p->out, "ALTER COLUMN ");
        sqlx_sql__pr_ident(p, c->name);
        sqlx_buf_puts(p->out, " TYPE ");
        if ((rc = sqlx_sql__pr_type(p, c->type)))
            return rc;
        if (c->expr) {
            sqlx_buf_puts(p->out, " USING ");
            return sqlx_sql__pr_expr(p, c->expr, SQLX_PREC_TOP, false);
        }
        return 0;
    case SQLX_ALTER_SET_DEFAULT:
    case SQLX_ALTER_DROP_DEFAULT:
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, c->pos, "ALTER COLUMN ... DEFAULT");
        sqlx_buf_puts(p->out, "ALTER COLUMN ");
        sqlx_sql__pr_ident(p, c->name);
        if (c->kind == SQLX_ALTER_DROP_DEFAULT) {
            sqlx_buf_puts(p->out, " DROP DEFAULT");
            return 0;
        }
        sqlx_buf_puts(p->out, " SET DEFAULT ");
        return print_default(p, c->expr);
    case SQLX_ALTER_SET_NOT_NULL:
    case SQLX_ALTER_DROP_NOT_NULL:
        if (!pg)
            return sqlx_sql__pr_unsupported(p, c->pos, "ALTER COLUMN ... NOT NULL");
        sqlx_buf_puts(p->out, "ALTER COLUMN ");
        sqlx_sql__pr_ident(p, c->name);
        sqlx_buf_puts(p->out, c->kind == SQLX_ALTER_SET_NOT_NULL ? " SET NOT NULL"
                                                                  : " DROP NOT NULL");
        return 0;
    case SQLX_ALTER_ADD_CONSTRAINT:
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, c->pos, "ADD CONSTRAINT");
        sqlx_buf_puts(p->out, "ADD ");
        return print_constraint(p, c->constraint, true);
    case SQLX_ALTER_DROP_CONSTRAINT:
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, c->pos, "DROP CONSTRAINT");
        sqlx_buf_puts(p->out, "DROP CONSTRAINT ");
        if (c->if_exists)
            sqlx_buf_puts(p->out, "IF EXISTS ");
        sqlx_sql__pr_ident(p, c->name);
        if (c->cascade) {
            if (!pg)
                return sqlx_sql__pr_unsupported(p, c->pos, "DROP CONSTRAINT ... CASCADE");
            sqlx_buf_puts(p->out, " CASCADE");
        }
        return 0;
    case SQLX_ALTER_MODIFY_COLUMN:
        if (!my)
            return sqlx_sql__pr_unsupported(p, c->pos, "MODIFY / CHANGE COLUMN");
        if (c->name && c->column && c->column->name && strcmp(c->name, c->column->name) != 0) {
            sqlx_buf_puts(p->out, "CHANGE COLUMN ");
            sqlx_sql__pr_ident(p, c->name);
            sqlx_buf_putc(p->out, ' ');
        } else {
            sqlx_buf_puts(p->out, "MODIFY COLUMN ");
        }
        if ((rc = sqlx_sql__pr_need(p, c->column, "column definition")) ||
            (rc = print_column(p, c->column)))
            return rc;
        break;
    default:
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown ALTER TABLE action %d", (int)c->kind);
    }
    if (c->first || c->after) {
        if (!my)
            return sqlx_sql__pr_unsupported(p, c->pos, "FIRST / AFTER column placement");
        if (c->first) {
            sqlx_buf_puts(p->out, " FIRST");
        } else {
            sqlx_buf_puts(p->out, " AFTER ");
            sqlx_sql__pr_ident(p, c->after);
        }
    }
    return 0;
}

static int print_alter_table(struct sqlx_printer *p, const struct sqlx_alter_table *at)
{
    int rc;
    if (at->cmds.len > 1 && p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, 0, "several actions in one ALTER TABLE");
    sqlx_buf_puts(p->out, "ALTER TABLE ");
    if (at->if_exists) {
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, 0, "ALTER TABLE IF EXISTS");
        sqlx_buf_puts(p->out, "IF EXISTS ");
    }
    if (at->only) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, 0, "ONLY");
        sqlx_buf_puts(p->out, "ONLY ");
    }
    sqlx_sql__pr_qualified(p, at->table.schema, at->table.name);
    for (size_t i = 0; i < at->cmds.len; i++) {
        sqlx_buf_puts(p->out, i > 0 ? ", " : " ");
        if ((rc = print_alter_cmd(p, at->cmds.items[i])))
            return rc;
    }
    return 0;
}

static int print_create_index(struct sqlx_printer *p, const struct sqlx_create_index *ix)
{
    int rc;
    sqlx_buf_puts(p->out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    if (ix->concurrently) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, 0, "CREATE INDEX CONCURRENTLY");
        sqlx_buf_puts(p->out, "CONCURRENTLY ");
    }
    if (ix->if_not_exists) {
        if (p->fam == SQLX_SQL_MYSQL && !sqlx_sql__pr_mariadb_ok(p))
            return sqlx_sql__pr_unsupported(p, 0, "CREATE INDEX IF NOT EXISTS");
        sqlx_buf_puts(p->out, "IF NOT EXISTS ");
    }
    if (ix->name) {
        sqlx_sql__pr_qualified(p, ix->schema, ix->name);
        sqlx_buf_putc(p->out, ' ');
    } else if (p->fam != SQLX_SQL_POSTGRES) {
        return sqlx_sql__pr_unsupported(p, 0, "an index without a name");
    }
    sqlx_buf_puts(p->out, "ON ");
    sqlx_sql__pr_qualified(p, ix->table.schema, ix->table.name);
    if (ix->method) {
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, 0, "an index method");
        sqlx_buf_puts(p->out, " USING ");
        put_upper(p, ix->method);
    }
    sqlx_buf_putc(p->out, ' ');
    for (size_t i = 0; i < ix->elems.len; i++) {
        const struct sqlx_index_elem *el = ix->elems.items[i];
        if (el && el->expr && el->expr->kind != SQLX_EX_COLUMN && p->fam == SQLX_SQL_MYSQL &&
            !sqlx_sql__pr_mysql8_ok(p))
            return sqlx_sql__pr_unsupported(p, el->pos, "an expression index");
    }
    if ((rc = sqlx_sql__pr_index_elems(p, &ix->elems)))
        return rc;
    if (ix->include.len > 0) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, 0, "INCLUDE columns");
        sqlx_buf_puts(p->out, " INCLUDE ");
        put_name_list(p, &ix->include);
    }
    if (ix->where) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, ix->where->pos, "a partial index");
        sqlx_buf_puts(p->out, " WHERE ");
        return sqlx_sql__pr_expr(p, ix->where, SQLX_PREC_TOP, false);
    }
    return 0;
}

static int print_drop(struct sqlx_printer *p, const struct sqlx_drop *d)
{
    static const char *const obj[] = { "TABLE", "VIEW", "MATERIALIZED VIEW", "INDEX", "TYPE" };
    if ((unsigned)d->object > SQLX_OBJ_TYPE)
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown DROP object %d", (int)d->object);
    if ((d->object == SQLX_OBJ_MATERIALIZED_VIEW || d->object == SQLX_OBJ_TYPE) &&
        p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, 0, d->object == SQLX_OBJ_TYPE ? "DROP TYPE"
                                                                          : "DROP MATERIALIZED VIEW");
    if (d->object == SQLX_OBJ_INDEX && p->fam == SQLX_SQL_MYSQL && !d->on_table)
        return sqlx_sql__pr_unsupported(p, 0, "DROP INDEX without the table name");
    if (d->names.len > 1 && p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, 0, "dropping several objects in one statement");
    sqlx_buf_puts(p->out, "DROP ");
    if (d->temporary) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, 0, "DROP TEMPORARY TABLE");
        sqlx_buf_puts(p->out, "TEMPORARY ");
    }
    sqlx_buf_puts(p->out, obj[d->object]);
    sqlx_buf_putc(p->out, ' ');
    if (d->concurrently) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, 0, "DROP INDEX CONCURRENTLY");
        sqlx_buf_puts(p->out, "CONCURRENTLY ");
    }
    if (d->if_exists)
        sqlx_buf_puts(p->out, "IF EXISTS ");
    for (size_t i = 0; i < d->names.len; i++) {
        const struct sqlx_table_ref *t = d->names.items[i];
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        sqlx_sql__pr_qualified(p, t->schema, t->name);
    }
    if (d->on_table) {
        if (p->fam != SQLX_SQL_MYSQL) {
            /* PostgreSQL and SQLite index names are unique per schema: the table is redundant. */
        } else {
            sqlx_buf_puts(p->out, " ON ");
            sqlx_sql__pr_qualified(p, d->on_table->schema, d->on_table->name);
        }
    }
    if (d->cascade) {
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, 0, "DROP ... CASCADE");
        sqlx_buf_puts(p->out, " CASCADE");
    } else if (d->restrict_written && p->fam != SQLX_SQL_SQLITE) {
        sqlx_buf_puts(p->out, " RESTRICT");
    }
    return 0;
}

static int print_create_view(struct sqlx_printer *p, const struct sqlx_create_view *v)
{
    int rc;
    sqlx_buf_puts(p->out, "CREATE ");
    if (v->or_replace) {
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, 0, "CREATE OR REPLACE VIEW");
        sqlx_buf_puts(p->out, "OR REPLACE ");
    }
    if (v->temporary) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, 0, "a temporary view");
        sqlx_buf_puts(p->out, "TEMPORARY ");
    }
    if (v->materialized) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, 0, "a materialized view");
        sqlx_buf_puts(p->out, "MATERIALIZED ");
    }
    sqlx_buf_puts(p->out, "VIEW ");
    if (v->if_not_exists) {
        if (p->fam != SQLX_SQL_SQLITE && !(p->fam == SQLX_SQL_MYSQL && sqlx_sql__pr_mariadb_ok(p)) &&
            !(p->fam == SQLX_SQL_POSTGRES && v->materialized))
            return sqlx_sql__pr_unsupported(p, 0, "CREATE VIEW IF NOT EXISTS");
        sqlx_buf_puts(p->out, "IF NOT EXISTS ");
    }
    sqlx_sql__pr_qualified(p, v->name.schema, v->name.name);
    if (v->columns.len > 0) {
        sqlx_buf_putc(p->out, ' ');
        put_name_list(p, &v->columns);
    }
    sqlx_buf_puts(p->out, " AS ");
    if ((rc = sqlx_sql__pr_need(p, v->query, "view query")) ||
        (rc = sqlx_sql__pr_query(p, v->query)))
        return rc;
    if (v->check_option) {
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, 0, "WITH CHECK OPTION");
        sqlx_buf_puts(p->out, v->check_option == 2 ? " WITH LOCAL CHECK OPTION"
                                                   : " WITH CHECK OPTION");
    }
    return 0;
}

static int print_create_type(struct sqlx_printer *p, const struct sqlx_create_type *t)
{
    int rc;
    if (p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, 0, "CREATE TYPE");
    sqlx_buf_puts(p->out, "CREATE TYPE ");
    sqlx_sql__pr_qualified(p, t->name.schema, t->name.name);
    sqlx_buf_puts(p->out, " AS ENUM (");
    for (size_t i = 0; i < t->labels.len; i++) {
        const char *l = t->labels.items[i];
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if ((rc = sqlx_sql__pr_string(p, l, strlen(l))))
            return rc;
    }
    sqlx_buf_putc(p->out, ')');
    return 0;
}

int sqlx_sql__pr_ddl(struct sqlx_printer *p, const struct sqlx_ast *st)
{
    switch (st->kind) {
    case SQLX_ST_CREATE_TABLE:
        return print_create_table(p, &st->create_table);
    case SQLX_ST_ALTER_TABLE:
        return print_alter_table(p, &st->alter_table);
    case SQLX_ST_DROP:
        return print_drop(p, &st->drop);
    case SQLX_ST_CREATE_INDEX:
        return print_create_index(p, &st->create_index);
    case SQLX_ST_CREATE_VIEW:
        return print_create_view(p, &st->create_view);
    case SQLX_ST_CREATE_TYPE:
        return print_create_type(p, &st->create_type);
    default:
        break;
    }
    return sqlx_err_set(p->err, SQLX_EINTERNAL, "unknown statement kind %d", (int)st->kind);
}
