/* The printer's queries and DML: SELECT (CTEs, FROM items, joins, grouping, windows, set
 * operations, VALUES, ORDER BY, every LIMIT form, locking), INSERT (rows, queries, DEFAULT
 * VALUES, upserts), UPDATE and DELETE with their joins, RETURNING, and transaction statements.
 * The REST API's statements keep their historical spelling (legacy mode); parsed statements are
 * spelled for the target family. Meaning-changing rewrites are not done here (sql/translate.h). */
#include <string.h>

#include "sql/print_int.h"

/* LIMIT value printed when only OFFSET is given: SQLite and MySQL need a LIMIT before OFFSET,
 * and INT64_MAX is accepted as "no limit" by SQLite, PostgreSQL and MySQL alike. */
#define NO_LIMIT "9223372036854775807"

static void put_alias_cols(struct sqlx_printer *p, const struct sqlx_vec *cols)
{
    if (cols->len == 0)
        return;
    sqlx_buf_puts(p->out, " (");
    for (size_t i = 0; i < cols->len; i++) {
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        sqlx_sql__pr_ident(p, cols->items[i]);
    }
    sqlx_buf_putc(p->out, ')');
}

static int print_join(struct sqlx_printer *p, const struct sqlx_join *j);

/* A FROM item: table, derived table, table function or parenthesised join group. */
int sqlx_sql__pr_table_ref(struct sqlx_printer *p, const struct sqlx_table_ref *t)
{
    int rc;
    switch (t->kind) {
    case SQLX_TREF_TABLE:
        if ((rc = sqlx_sql__pr_need(p, t->name, "table name")))
            return rc;
        if (t->only) {
            if (p->fam != SQLX_SQL_POSTGRES)
                return sqlx_sql__pr_unsupported(p, t->pos, "ONLY");
            sqlx_buf_puts(p->out, "ONLY ");
        }
        sqlx_sql__pr_qualified(p, t->schema, t->name);
        break;
    case SQLX_TREF_SUBQUERY:
        if ((rc = sqlx_sql__pr_need(p, t->subquery, "derived table")))
            return rc;
        if (t->lateral) {
            if (p->fam == SQLX_SQL_SQLITE || (p->fam == SQLX_SQL_MYSQL && !sqlx_sql__pr_mysql8_ok(p)))
                return sqlx_sql__pr_unsupported(p, t->pos, "LATERAL");
            sqlx_buf_puts(p->out, "LATERAL ");
        }
        sqlx_buf_putc(p->out, '(');
        if ((rc = sqlx_sql__pr_query(p, t->subquery)))
            return rc;
        sqlx_buf_putc(p->out, ')');
        if (!t->alias && p->fam != SQLX_SQL_SQLITE) {
            /* PostgreSQL and MySQL require a name for every derived table. */
            sqlx_buf_printf(p->out, " AS sqlx_t%d", ++p->alias_next);
            return 0;
        }
        break;
    case SQLX_TREF_FUNC:
        if ((rc = sqlx_sql__pr_need(p, t->func, "table function")))
            return rc;
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, t->pos, "a table function in FROM");
        if (t->lateral) {
            if (p->fam != SQLX_SQL_POSTGRES)
                return sqlx_sql__pr_unsupported(p, t->pos, "LATERAL");
            sqlx_buf_puts(p->out, "LATERAL ");
        }
        if ((rc = sqlx_sql__pr_expr(p, t->func, SQLX_PREC_TOP, false)))
            return rc;
        if (t->with_ordinality) {
            if (p->fam != SQLX_SQL_POSTGRES)
                return sqlx_sql__pr_unsupported(p, t->pos, "WITH ORDINALITY");
            sqlx_buf_puts(p->out, " WITH ORDINALITY");
        }
        break;
    case SQLX_TREF_JOIN:
        if ((rc = sqlx_sql__pr_need(p, t->nested_from, "join group")))
            return rc;
        sqlx_buf_putc(p->out, '(');
        if ((rc = sqlx_sql__pr_table_ref(p, t->nested_from)))
            return rc;
        for (size_t i = 0; i < t->nested_joins.len; i++)
            if ((rc = print_join(p, t->nested_joins.items[i])))
                return rc;
        sqlx_buf_putc(p->out, ')');
        break;
    default:
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown FROM item kind %d", (int)t->kind);
    }
    if (t->alias) {
        sqlx_buf_puts(p->out, " AS ");
        sqlx_sql__pr_ident(p, t->alias);
    }
    if (t->col_aliases.len > 0) {
        if (p->fam != SQLX_SQL_POSTGRES && t->kind != SQLX_TREF_TABLE)
            return sqlx_sql__pr_unsupported(p, t->pos, "a column alias list on a derived table");
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, t->pos, "a column alias list on a table");
        put_alias_cols(p, &t->col_aliases);
    }
    return 0;
}

static int print_join(struct sqlx_printer *p, const struct sqlx_join *j)
{
    static const char *const kw[] = {
        [SQLX_JOIN_INNER] = " JOIN ",       [SQLX_JOIN_LEFT] = " LEFT JOIN ",
        [SQLX_JOIN_RIGHT] = " RIGHT JOIN ", [SQLX_JOIN_FULL] = " FULL JOIN ",
        [SQLX_JOIN_CROSS] = " CROSS JOIN ", [SQLX_JOIN_COMMA] = ", ",
    };
    int rc;
    if ((unsigned)j->kind > SQLX_JOIN_COMMA || (p->legacy && j->kind == SQLX_JOIN_COMMA))
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown join kind %d", (int)j->kind);
    if (p->legacy && (j->kind == SQLX_JOIN_CROSS) != (j->on == NULL)) {
        const char *name = j->table.name ? j->table.name : "";
        if (j->on)
            return sqlx_err_set(p->err, SQLX_EINVAL,
                                "CROSS JOIN to table \"%s\" cannot have an ON condition", name);
        return sqlx_err_set(p->err, SQLX_EINVAL, "join to table \"%s\" has no ON condition",
                            name);
    }
    if (j->kind == SQLX_JOIN_FULL && p->fam == SQLX_SQL_MYSQL)
        return sqlx_sql__pr_unsupported(p, j->pos, "FULL JOIN");
    if (j->natural) {
        if (j->kind == SQLX_JOIN_CROSS || j->kind == SQLX_JOIN_COMMA)
            return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: NATURAL CROSS JOIN");
        if (j->kind == SQLX_JOIN_FULL && p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, j->pos, "NATURAL FULL JOIN");
        sqlx_buf_puts(p->out, " NATURAL");
    }
    sqlx_buf_puts(p->out, kw[j->kind]);
    if ((rc = sqlx_sql__pr_table_ref(p, &j->table)))
        return rc;
    if (j->on) {
        sqlx_buf_puts(p->out, " ON ");
        return sqlx_sql__pr_expr(p, j->on, SQLX_PREC_TOP, false);
    }
    if (j->using_cols.len > 0) {
        sqlx_buf_puts(p->out, " USING");
        put_alias_cols(p, &j->using_cols);
        return 0;
    }
    if (!p->legacy && !j->natural && j->kind != SQLX_JOIN_CROSS && j->kind != SQLX_JOIN_COMMA) {
        /* An inner join without condition (MySQL allows it) is a cross join; MySQL and SQLite
         * take ON TRUE as well as PostgreSQL does. */
        sqlx_buf_puts(p->out, " ON TRUE");
    }
    return 0;
}

/* Comma-separated select items or RETURNING items, each with an optional alias. */
static int print_items(struct sqlx_printer *p, const struct sqlx_vec *items)
{
    for (size_t i = 0; i < items->len; i++) {
        const struct sqlx_select_item *it = items->items[i];
        int rc;
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if ((rc = sqlx_sql__pr_need(p, it, "select item")) ||
            (rc = sqlx_sql__pr_expr(p, it->expr, SQLX_PREC_TOP, false)))
            return rc;
        if (it->alias) {
            sqlx_buf_puts(p->out, " AS ");
            sqlx_sql__pr_ident(p, it->alias);
        }
    }
    return 0;
}

/* ---- LIMIT ---- */

static int legacy_limit(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc = 0;
    if (p->d->limit_form == SQLX_LIMIT_FETCH_FIRST) {
        /* PostgreSQL takes only a simple value after FETCH FIRST; anything else is wrapped. */
        if (s->offset) {
            sqlx_buf_puts(p->out, " OFFSET ");
            if ((rc = sqlx_sql__pr_expr(p, s->offset, SQLX_PREC_NEG, false)))
                return rc;
            sqlx_buf_puts(p->out, " ROWS");
        }
        if (s->limit) {
            sqlx_buf_puts(p->out, " FETCH FIRST ");
            if ((rc = sqlx_sql__pr_expr(p, s->limit, SQLX_PREC_NEG, false)))
                return rc;
            sqlx_buf_puts(p->out, " ROWS ONLY");
        }
        return 0;
    }
    if (s->limit || s->offset) {
        sqlx_buf_puts(p->out, " LIMIT ");
        if (s->limit)
            rc = sqlx_sql__pr_expr(p, s->limit, SQLX_PREC_TOP, false);
        else
            sqlx_buf_puts(p->out, NO_LIMIT);
        if (rc)
            return rc;
    }
    if (s->offset) {
        sqlx_buf_puts(p->out, " OFFSET ");
        rc = sqlx_sql__pr_expr(p, s->offset, SQLX_PREC_TOP, false);
    }
    return rc;
}

/* LIMIT n [OFFSET m] everywhere; FETCH FIRST only for WITH TIES (PostgreSQL); an OFFSET alone
 * needs the family's "no limit" value in MySQL and SQLite. */
static int print_limit(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc;
    if (p->legacy)
        return legacy_limit(p, s);
    if (s->with_ties) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, s->pos, "FETCH FIRST ... WITH TIES");
        if (s->offset) {
            sqlx_buf_puts(p->out, " OFFSET ");
            if ((rc = sqlx_sql__pr_expr(p, s->offset, SQLX_PREC_ATOM, false)))
                return rc;
            sqlx_buf_puts(p->out, " ROWS");
        }
        sqlx_buf_puts(p->out, " FETCH FIRST ");
        if (s->limit && (rc = sqlx_sql__pr_expr(p, s->limit, SQLX_PREC_ATOM, false)))
            return rc;
        sqlx_buf_puts(p->out, " ROWS WITH TIES");
        return 0;
    }
    if (s->limit) {
        sqlx_buf_puts(p->out, " LIMIT ");
        if ((rc = sqlx_sql__pr_expr(p, s->limit, SQLX_PREC_TOP, false)))
            return rc;
    } else if (s->limit_all && p->fam == SQLX_SQL_POSTGRES) {
        sqlx_buf_puts(p->out, " LIMIT ALL");
    } else if (s->offset) {
        sqlx_buf_puts(p->out, p->fam == SQLX_SQL_SQLITE   ? " LIMIT -1"
                              : p->fam == SQLX_SQL_MYSQL ? " LIMIT 18446744073709551615"
                                                         : "");
    }
    if (s->offset) {
        sqlx_buf_puts(p->out, " OFFSET ");
        if ((rc = sqlx_sql__pr_expr(p, s->offset, SQLX_PREC_TOP, false)))
            return rc;
    }
    return 0;
}

static int print_lock(struct sqlx_printer *p, const struct sqlx_select *s)
{
    static const char *const mode[] = { "", " FOR UPDATE", " FOR SHARE", " FOR NO KEY UPDATE",
                                        " FOR KEY SHARE" };
    if (s->lock == SQLX_LOCK_NONE)
        return 0;
    if ((unsigned)s->lock > SQLX_LOCK_KEY_SHARE)
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown lock mode %d", (int)s->lock);
    if (p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, s->pos, "FOR UPDATE / FOR SHARE");
    if (p->fam == SQLX_SQL_MYSQL && s->lock > SQLX_LOCK_SHARE)
        return sqlx_sql__pr_unsupported(p, s->pos, "this row lock mode");
    if (p->fam == SQLX_SQL_MYSQL && s->lock == SQLX_LOCK_SHARE && p->mariadb)
        sqlx_buf_puts(p->out, " LOCK IN SHARE MODE");
    else
        sqlx_buf_puts(p->out, mode[s->lock]);
    if (s->lock_of.len > 0) {
        sqlx_buf_puts(p->out, " OF ");
        for (size_t i = 0; i < s->lock_of.len; i++) {
            if (i > 0)
                sqlx_buf_puts(p->out, ", ");
            sqlx_sql__pr_ident(p, s->lock_of.items[i]);
        }
    }
    if (s->lock_wait == SQLX_LOCK_NOWAIT)
        sqlx_buf_puts(p->out, " NOWAIT");
    else if (s->lock_wait == SQLX_LOCK_SKIP_LOCKED)
        sqlx_buf_puts(p->out, " SKIP LOCKED");
    return 0;
}

/* ---- queries ---- */

static int print_with(struct sqlx_printer *p, const struct sqlx_with *w)
{
    int rc;
    sqlx_buf_puts(p->out, w->recursive ? "WITH RECURSIVE " : "WITH ");
    for (size_t i = 0; i < w->ctes.len; i++) {
        const struct sqlx_cte *c = w->ctes.items[i];
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if ((rc = sqlx_sql__pr_need(p, c, "CTE")) || (rc = sqlx_sql__pr_need(p, c->name, "CTE name")))
            return rc;
        sqlx_sql__pr_ident(p, c->name);
        put_alias_cols(p, &c->columns);
        sqlx_buf_puts(p->out, " AS ");
        if (c->materialized) {
            if (p->fam == SQLX_SQL_MYSQL)
                return sqlx_sql__pr_unsupported(p, c->pos, "MATERIALIZED in a CTE");
            sqlx_buf_puts(p->out, c->materialized == 1 ? "MATERIALIZED " : "NOT MATERIALIZED ");
        }
        sqlx_buf_putc(p->out, '(');
        if (c->dml) {
            if (p->fam != SQLX_SQL_POSTGRES)
                return sqlx_sql__pr_unsupported(p, c->pos, "a data-modifying CTE");
            switch (c->dml->kind) {
            case SQLX_ST_INSERT:
                rc = sqlx_sql__pr_insert(p, &c->dml->insert);
                break;
            case SQLX_ST_UPDATE:
                rc = sqlx_sql__pr_update(p, &c->dml->update);
                break;
            case SQLX_ST_DELETE:
                rc = sqlx_sql__pr_delete(p, &c->dml->del);
                break;
            default:
                rc = sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: CTE statement");
                break;
            }
        } else if (!(rc = sqlx_sql__pr_need(p, c->query, "CTE body"))) {
            rc = sqlx_sql__pr_query(p, c->query);
        }
        if (rc)
            return rc;
        sqlx_buf_putc(p->out, ')');
    }
    sqlx_buf_putc(p->out, ' ');
    return 0;
}

static int print_values(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc;
    sqlx_buf_puts(p->out, "VALUES ");
    bool row_kw = p->fam == SQLX_SQL_MYSQL && !p->mariadb;
    for (size_t r = 0; r < s->values.len; r++) {
        const struct sqlx_vec *row = s->values.items[r];
        if (!row)
            return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: VALUES row");
        if (r > 0)
            sqlx_buf_puts(p->out, ", ");
        sqlx_buf_puts(p->out, row_kw ? "ROW(" : "(");
        if ((rc = sqlx_sql__pr_list(p, row)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    }
    return 0;
}

static bool has_tail(const struct sqlx_select *q)
{
    return q->order_by.len > 0 || q->limit || q->offset || q->with || q->limit_all ||
           q->lock != SQLX_LOCK_NONE;
}

/* One operand of a set operation. PostgreSQL and MySQL parenthesise an operand with its own
 * ORDER BY / LIMIT / WITH, or a nested operation of another kind; SQLite has no parenthesised
 * operands (its compound operators are all equal and left-associative), so such an operand
 * becomes SELECT * FROM (operand). */
static int print_operand(struct sqlx_printer *p, const struct sqlx_select *parent,
                         const struct sqlx_select *q, bool right)
{
    int rc;
    bool nested = q->setop != SQLX_SETOP_NONE;
    bool wrap = has_tail(q) || (nested && (right || q->setop != parent->setop ||
                                           q->setop_all != parent->setop_all)) ||
                (q->values.len > 0 && p->fam == SQLX_SQL_MYSQL);
    if (p->fam == SQLX_SQL_SQLITE && !right && nested && !has_tail(q))
        wrap = false;
    if (!wrap)
        return sqlx_sql__pr_query(p, q);
    if (p->fam == SQLX_SQL_SQLITE || (q->values.len > 0 && p->fam == SQLX_SQL_MYSQL)) {
        sqlx_buf_puts(p->out, "SELECT * FROM (");
        if ((rc = sqlx_sql__pr_query(p, q)))
            return rc;
        if (p->fam == SQLX_SQL_SQLITE)
            sqlx_buf_putc(p->out, ')');
        else
            sqlx_buf_printf(p->out, ") AS sqlx_t%d", ++p->alias_next);
        return 0;
    }
    sqlx_buf_putc(p->out, '(');
    if ((rc = sqlx_sql__pr_query(p, q)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_setop(struct sqlx_printer *p, const struct sqlx_select *s)
{
    static const char *const kw[] = { "", " UNION ", " INTERSECT ", " EXCEPT " };
    int rc;
    if ((unsigned)s->setop > SQLX_SETOP_EXCEPT || !s->larg || !s->rarg)
        return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: set operation");
    if (s->setop_all && s->setop != SQLX_SETOP_UNION && p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, s->pos, s->setop == SQLX_SETOP_INTERSECT
                                                       ? "INTERSECT ALL" : "EXCEPT ALL");
    if ((rc = print_operand(p, s, s->larg, false)))
        return rc;
    sqlx_buf_puts(p->out, kw[s->setop]);
    if (s->setop_all)
        sqlx_buf_puts(p->out, "ALL ");
    return print_operand(p, s, s->rarg, true);
}

static int print_group_by(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc;
    if (s->group_by.len == 0)
        return 0;
    sqlx_buf_puts(p->out, " GROUP BY ");
    const struct sqlx_expr *g = s->group_by.items[0];
    if (p->fam == SQLX_SQL_MYSQL && g && g->kind == SQLX_EX_GROUPING) {
        /* MySQL knows only GROUP BY a, b WITH ROLLUP. */
        if (s->group_by.len != 1 || g->grouping != SQLX_GROUP_ROLLUP)
            return sqlx_sql__pr_unsupported(p, g->pos, g->grouping == SQLX_GROUP_ROLLUP
                                                           ? "ROLLUP mixed with other GROUP BY keys"
                                                       : g->grouping == SQLX_GROUP_CUBE
                                                           ? "CUBE"
                                                           : "GROUPING SETS");
        for (size_t i = 0; i < g->list.len; i++)
            if (((const struct sqlx_expr *)g->list.items[i])->kind == SQLX_EX_ROW)
                return sqlx_sql__pr_unsupported(p, g->pos, "ROLLUP over column groups");
        if ((rc = sqlx_sql__pr_list(p, &g->list)))
            return rc;
        sqlx_buf_puts(p->out, " WITH ROLLUP");
        return 0;
    }
    return sqlx_sql__pr_list(p, &s->group_by);
}

static int print_windows(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc;
    for (size_t i = 0; i < s->windows.len; i++) {
        const struct sqlx_window *w = s->windows.items[i];
        sqlx_buf_puts(p->out, i > 0 ? ", " : " WINDOW ");
        if ((rc = sqlx_sql__pr_need(p, w->name, "window name")))
            return rc;
        sqlx_sql__pr_ident(p, w->name);
        sqlx_buf_puts(p->out, " AS ");
        if ((rc = sqlx_sql__pr_window(p, w)))
            return rc;
    }
    return 0;
}

static int print_plain(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc;
    sqlx_buf_puts(p->out, s->distinct ? "SELECT DISTINCT " : "SELECT ");
    if (s->distinct_on.len > 0) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, s->pos, "DISTINCT ON");
        p->out->len -= 1; /* "SELECT DISTINCT" then " ON (...) " */
        sqlx_buf_puts(p->out, " ON (");
        if ((rc = sqlx_sql__pr_list(p, &s->distinct_on)))
            return rc;
        sqlx_buf_puts(p->out, ") ");
    }
    if (s->items.len == 0)
        sqlx_buf_putc(p->out, '*');
    else if ((rc = print_items(p, &s->items)))
        return rc;
    if (sqlx_ast_has_from(s)) {
        sqlx_buf_puts(p->out, " FROM ");
        if ((rc = sqlx_sql__pr_table_ref(p, &s->from)))
            return rc;
    } else if (s->joins.len > 0) {
        return sqlx_err_set(p->err, SQLX_EINVAL, "SELECT with joins has no FROM table");
    }
    for (size_t i = 0; i < s->joins.len; i++)
        if ((rc = print_join(p, s->joins.items[i])))
            return rc;
    if (s->where) {
        sqlx_buf_puts(p->out, " WHERE ");
        if ((rc = sqlx_sql__pr_expr(p, s->where, SQLX_PREC_TOP, false)))
            return rc;
    }
    if ((rc = print_group_by(p, s)))
        return rc;
    if (s->having) {
        sqlx_buf_puts(p->out, " HAVING ");
        if ((rc = sqlx_sql__pr_expr(p, s->having, SQLX_PREC_TOP, false)))
            return rc;
    }
    return print_windows(p, s);
}

static int legacy_select(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc;
    sqlx_buf_puts(p->out, s->distinct ? "SELECT DISTINCT " : "SELECT ");
    if (s->items.len == 0)
        sqlx_buf_putc(p->out, '*');
    else if ((rc = print_items(p, &s->items)))
        return rc;
    if (s->from.name) {
        sqlx_buf_puts(p->out, " FROM ");
        if ((rc = sqlx_sql__pr_table_ref(p, &s->from)))
            return rc;
    } else if (s->joins.len > 0) {
        return sqlx_err_set(p->err, SQLX_EINVAL, "SELECT with joins has no FROM table");
    }
    for (size_t i = 0; i < s->joins.len; i++)
        if ((rc = print_join(p, s->joins.items[i])))
            return rc;
    if (s->where) {
        sqlx_buf_puts(p->out, " WHERE ");
        if ((rc = sqlx_sql__pr_expr(p, s->where, SQLX_PREC_TOP, false)))
            return rc;
    }
    if (s->group_by.len > 0) {
        sqlx_buf_puts(p->out, " GROUP BY ");
        if ((rc = sqlx_sql__pr_list(p, &s->group_by)))
            return rc;
    }
    if (s->having) {
        sqlx_buf_puts(p->out, " HAVING ");
        if ((rc = sqlx_sql__pr_expr(p, s->having, SQLX_PREC_TOP, false)))
            return rc;
    }
    if ((rc = sqlx_sql__pr_order(p, &s->order_by, " ORDER BY ")))
        return rc;
    return legacy_limit(p, s);
}

int sqlx_sql__pr_query(struct sqlx_printer *p, const struct sqlx_select *s)
{
    int rc;
    if (++p->depth > SQLX_PRINT_MAX_DEPTH) {
        rc = sqlx_err_set(p->err, SQLX_ETOOBIG, "SQL expression nesting exceeds %d levels",
                          SQLX_PRINT_MAX_DEPTH);
        goto out;
    }
    if (p->legacy) {
        rc = legacy_select(p, s);
        goto out;
    }
    if (s->with && (rc = print_with(p, s->with)))
        goto out;
    if (s->setop != SQLX_SETOP_NONE)
        rc = print_setop(p, s);
    else if (s->values.len > 0)
        rc = print_values(p, s);
    else
        rc = print_plain(p, s);
    if (rc || (rc = sqlx_sql__pr_order(p, &s->order_by, " ORDER BY ")) ||
        (rc = print_limit(p, s)))
        goto out;
    rc = print_lock(p, s);
out:
    p->depth--;
    return rc;
}

/* ---- INSERT / UPDATE / DELETE ---- */

static int print_returning(struct sqlx_printer *p, const struct sqlx_vec *ret, bool allowed)
{
    if (ret->len == 0)
        return 0;
    if (!p->legacy && !allowed)
        return sqlx_sql__pr_unsupported(p, 0, "RETURNING");
    if (p->legacy && !p->d->supports_returning)
        return sqlx_err_set(p->err, SQLX_EUNSUPPORTED, "RETURNING is not supported by this dialect");
    sqlx_buf_puts(p->out, " RETURNING ");
    return print_items(p, ret);
}

/* RETURNING on INSERT and DELETE: PostgreSQL, SQLite 3.35+ and MariaDB 10.5+; on UPDATE not in
 * MariaDB. MySQL has none. */
static bool returning_ok(const struct sqlx_printer *p, bool update)
{
    if (p->fam != SQLX_SQL_MYSQL)
        return true;
    return sqlx_sql__pr_mariadb_ok(p) && !update;
}

static int print_where(struct sqlx_printer *p, const struct sqlx_expr *where)
{
    if (!where)
        return 0;
    sqlx_buf_puts(p->out, " WHERE ");
    return sqlx_sql__pr_expr(p, where, SQLX_PREC_TOP, false);
}

static int print_insert_columns(struct sqlx_printer *p, const struct sqlx_insert *ins)
{
    if (ins->ncolumns == 0)
        return 0;
    sqlx_buf_puts(p->out, " (");
    for (size_t i = 0; i < ins->ncolumns; i++) {
        int rc = sqlx_sql__pr_need(p, ins->columns[i], "column name");
        if (rc)
            return rc;
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        sqlx_sql__pr_ident(p, ins->columns[i]);
    }
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_insert_rows(struct sqlx_printer *p, const struct sqlx_insert *ins)
{
    sqlx_buf_puts(p->out, " VALUES ");
    for (size_t r = 0; r < ins->rows.len; r++) {
        const struct sqlx_vec *row = ins->rows.items[r];
        int rc;
        if (!row || (p->legacy && row->len == 0) ||
            (ins->ncolumns > 0 && row->len != ins->ncolumns))
            return sqlx_err_set(p->err, SQLX_EINVAL,
                                "INSERT row %zu has %zu values but %zu columns are listed", r + 1,
                                row ? row->len : 0, ins->ncolumns);
        sqlx_buf_puts(p->out, r > 0 ? ", (" : "(");
        if ((rc = sqlx_sql__pr_list(p, row)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    }
    return 0;
}

static int print_assign(struct sqlx_printer *p, const struct sqlx_assign *as)
{
    int rc;
    if ((rc = sqlx_sql__pr_need(p, as, "SET item")))
        return rc;
    if (as->columns.len > 0) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, as->pos, "SET (a, b) = (...)");
        sqlx_buf_putc(p->out, '(');
        for (size_t i = 0; i < as->columns.len; i++) {
            if (i > 0)
                sqlx_buf_puts(p->out, ", ");
            sqlx_sql__pr_ident(p, as->columns.items[i]);
        }
        sqlx_buf_putc(p->out, ')');
    } else {
        if ((rc = sqlx_sql__pr_need(p, as->column, "column name")))
            return rc;
        if (as->table && !p->legacy) {
            if (p->fam != SQLX_SQL_MYSQL)
                return sqlx_sql__pr_unsupported(p, as->pos, "a table-qualified SET column");
            sqlx_sql__pr_ident(p, as->table);
            sqlx_buf_putc(p->out, '.');
        }
        sqlx_sql__pr_ident(p, as->column);
    }
    sqlx_buf_puts(p->out, " = ");
    return sqlx_sql__pr_expr(p, as->value, SQLX_PREC_TOP, false);
}

static int print_assigns(struct sqlx_printer *p, const struct sqlx_vec *set, const char *lead)
{
    for (size_t i = 0; i < set->len; i++) {
        int rc;
        sqlx_buf_puts(p->out, i > 0 ? ", " : lead);
        if ((rc = print_assign(p, set->items[i])))
            return rc;
    }
    return 0;
}

static int print_index_elems(struct sqlx_printer *p, const struct sqlx_vec *elems);

static int print_upsert(struct sqlx_printer *p, const struct sqlx_upsert *u)
{
    int rc;
    if (u->form == SQLX_UPSERT_ON_DUPLICATE_KEY) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, u->pos, "ON DUPLICATE KEY UPDATE");
        return print_assigns(p, &u->set, " ON DUPLICATE KEY UPDATE ");
    }
    if (p->fam == SQLX_SQL_MYSQL)
        return sqlx_sql__pr_unsupported(p, u->pos, "ON CONFLICT");
    sqlx_buf_puts(p->out, " ON CONFLICT");
    if (u->constraint) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, u->pos, "ON CONFLICT ON CONSTRAINT");
        sqlx_buf_puts(p->out, " ON CONSTRAINT ");
        sqlx_sql__pr_ident(p, u->constraint);
    } else if (u->target.len > 0) {
        sqlx_buf_putc(p->out, ' ');
        if ((rc = print_index_elems(p, &u->target)))
            return rc;
        if (u->target_where && (rc = print_where(p, u->target_where)))
            return rc;
    }
    if (u->do_nothing) {
        sqlx_buf_puts(p->out, " DO NOTHING");
        return 0;
    }
    if (u->target.len == 0 && !u->constraint && p->fam == SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, u->pos, "ON CONFLICT DO UPDATE without conflict columns");
    if ((rc = print_assigns(p, &u->set, " DO UPDATE SET ")))
        return rc;
    return print_where(p, u->where);
}

static int legacy_insert(struct sqlx_printer *p, const struct sqlx_insert *ins)
{
    int rc;
    /* Checked first so a dialect without RETURNING fails before any text is written. */
    if (ins->returning.len > 0 && !p->d->supports_returning)
        return print_returning(p, &ins->returning, false);
    if ((rc = sqlx_sql__pr_need(p, ins->table.name, "table name")))
        return rc;
    if (ins->default_values && ins->rows.len > 0)
        return sqlx_err_set(p->err, SQLX_EINVAL,
                            "INSERT into table \"%s\" has both DEFAULT VALUES and rows",
                            ins->table.name);
    if (!ins->default_values && ins->rows.len == 0)
        return sqlx_err_set(p->err, SQLX_EINVAL, "INSERT into table \"%s\" has no rows",
                            ins->table.name);
    sqlx_buf_puts(p->out, "INSERT INTO ");
    sqlx_sql__pr_qualified(p, ins->table.schema, ins->table.name);
    if (ins->default_values)
        sqlx_buf_puts(p->out, " DEFAULT VALUES");
    else if ((rc = print_insert_columns(p, ins)) || (rc = print_insert_rows(p, ins)))
        return rc;
    return print_returning(p, &ins->returning, true);
}

static int insert_verb(struct sqlx_printer *p, const struct sqlx_insert *ins)
{
    static const char *const lite[] = { "INSERT", "INSERT OR REPLACE", "INSERT OR IGNORE",
                                        "INSERT OR ABORT", "INSERT OR FAIL", "INSERT OR ROLLBACK" };
    if ((unsigned)ins->or_action > SQLX_OR_ROLLBACK)
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown INSERT OR action");
    if (p->fam == SQLX_SQL_SQLITE) {
        sqlx_buf_puts(p->out, lite[ins->or_action]);
        return 0;
    }
    if (p->fam == SQLX_SQL_MYSQL && ins->or_action == SQLX_OR_REPLACE) {
        sqlx_buf_puts(p->out, "REPLACE");
        return 0;
    }
    if (p->fam == SQLX_SQL_MYSQL && ins->or_action == SQLX_OR_IGNORE) {
        sqlx_buf_puts(p->out, "INSERT IGNORE");
        return 0;
    }
    if (ins->or_action != SQLX_OR_NONE)
        return sqlx_sql__pr_unsupported(p, 0, ins->or_action == SQLX_OR_REPLACE ? "INSERT OR REPLACE"
                                              : ins->or_action == SQLX_OR_IGNORE ? "INSERT OR IGNORE"
                                                                                 : "INSERT OR ...");
    sqlx_buf_puts(p->out, "INSERT");
    return 0;
}

int sqlx_sql__pr_insert(struct sqlx_printer *p, const struct sqlx_insert *ins)
{
    int rc;
    if (p->legacy)
        return legacy_insert(p, ins);
    if ((rc = sqlx_sql__pr_need(p, ins->table.name, "table name")))
        return rc;
    if (ins->returning.len > 0 && !returning_ok(p, false))
        return print_returning(p, &ins->returning, false);
    if (ins->with && (rc = print_with(p, ins->with)))
        return rc;
    if ((rc = insert_verb(p, ins)))
        return rc;
    sqlx_buf_puts(p->out, " INTO ");
    sqlx_sql__pr_qualified(p, ins->table.schema, ins->table.name);
    if (ins->table.alias) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, ins->table.pos, "an INSERT target alias");
        sqlx_buf_puts(p->out, " AS ");
        sqlx_sql__pr_ident(p, ins->table.alias);
    }
    if (ins->default_values) {
        if (p->fam == SQLX_SQL_MYSQL)
            sqlx_buf_puts(p->out, " () VALUES ()");
        else
            sqlx_buf_puts(p->out, " DEFAULT VALUES");
    } else {
        if ((rc = print_insert_columns(p, ins)))
            return rc;
        if (ins->query) {
            sqlx_buf_putc(p->out, ' ');
            rc = sqlx_sql__pr_query(p, ins->query);
        } else {
            rc = print_insert_rows(p, ins);
        }
        if (rc)
            return rc;
    }
    if (ins->row_alias) {
        if (p->fam != SQLX_SQL_MYSQL || !sqlx_sql__pr_mysql8_ok(p))
            return sqlx_sql__pr_unsupported(p, 0, "an INSERT row alias");
        sqlx_buf_puts(p->out, " AS ");
        sqlx_sql__pr_ident(p, ins->row_alias);
    }
    if (ins->upsert && (rc = print_upsert(p, ins->upsert)))
        return rc;
    return print_returning(p, &ins->returning, true);
}

static int print_joins(struct sqlx_printer *p, const struct sqlx_vec *joins)
{
    for (size_t i = 0; i < joins->len; i++) {
        int rc = print_join(p, joins->items[i]);
        if (rc)
            return rc;
    }
    return 0;
}

static int print_dml_tail(struct sqlx_printer *p, const struct sqlx_vec *order,
                          const struct sqlx_expr *limit)
{
    int rc;
    if ((order->len > 0 || limit) && p->fam == SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, 0, "ORDER BY / LIMIT in UPDATE or DELETE");
    if ((order->len > 0 || limit) && p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, 0, "ORDER BY / LIMIT in UPDATE or DELETE");
    if ((rc = sqlx_sql__pr_order(p, order, " ORDER BY ")))
        return rc;
    if (limit) {
        sqlx_buf_puts(p->out, " LIMIT ");
        return sqlx_sql__pr_expr(p, limit, SQLX_PREC_TOP, false);
    }
    return 0;
}

int sqlx_sql__pr_update(struct sqlx_printer *p, const struct sqlx_update *u)
{
    int rc;
    if (u->returning.len > 0 && (p->legacy ? !p->d->supports_returning : !returning_ok(p, true)))
        return print_returning(p, &u->returning, false);
    if (u->set.len == 0)
        return sqlx_err_set(p->err, SQLX_EINVAL, "UPDATE of table \"%s\" sets no columns",
                            u->table.name ? u->table.name : "");
    if (!p->legacy && u->with && (rc = print_with(p, u->with)))
        return rc;
    sqlx_buf_puts(p->out, "UPDATE ");
    if (!p->legacy && u->or_action != SQLX_OR_NONE) {
        static const char *const act[] = { "", "OR REPLACE ", "OR IGNORE ", "OR ABORT ",
                                           "OR FAIL ", "OR ROLLBACK " };
        if (p->fam == SQLX_SQL_MYSQL && u->or_action == SQLX_OR_IGNORE)
            sqlx_buf_puts(p->out, "IGNORE ");
        else if (p->fam != SQLX_SQL_SQLITE || (unsigned)u->or_action > SQLX_OR_ROLLBACK)
            return sqlx_sql__pr_unsupported(p, 0, "UPDATE OR ...");
        else
            sqlx_buf_puts(p->out, act[u->or_action]);
    }
    if ((rc = sqlx_sql__pr_table_ref(p, &u->table)))
        return rc;
    if (u->joins.len > 0) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, 0, "UPDATE with JOIN");
        if ((rc = print_joins(p, &u->joins)))
            return rc;
    }
    if ((rc = print_assigns(p, &u->set, " SET ")))
        return rc;
    if (u->from) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, u->from->pos, "UPDATE ... FROM");
        sqlx_buf_puts(p->out, " FROM ");
        if ((rc = sqlx_sql__pr_table_ref(p, u->from)) || (rc = print_joins(p, &u->from_joins)))
            return rc;
    }
    if ((rc = print_where(p, u->where)))
        return rc;
    if (!p->legacy && (rc = print_dml_tail(p, &u->order_by, u->limit)))
        return rc;
    return print_returning(p, &u->returning, true);
}

int sqlx_sql__pr_delete(struct sqlx_printer *p, const struct sqlx_delete *del)
{
    int rc;
    if (del->returning.len > 0 && (p->legacy ? !p->d->supports_returning : !returning_ok(p, false)))
        return print_returning(p, &del->returning, false);
    if (p->legacy) {
        sqlx_buf_puts(p->out, "DELETE FROM ");
        if ((rc = sqlx_sql__pr_table_ref(p, &del->table)) || (rc = print_where(p, del->where)))
            return rc;
        return print_returning(p, &del->returning, true);
    }
    if (del->with && (rc = print_with(p, del->with)))
        return rc;
    sqlx_buf_puts(p->out, "DELETE ");
    if (del->targets.len > 0) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, 0, "a multi-table DELETE");
        for (size_t i = 0; i < del->targets.len; i++) {
            const struct sqlx_table_ref *t = del->targets.items[i];
            if (i > 0)
                sqlx_buf_puts(p->out, ", ");
            sqlx_sql__pr_qualified(p, t->schema, t->name);
        }
        sqlx_buf_putc(p->out, ' ');
    }
    sqlx_buf_puts(p->out, "FROM ");
    if ((rc = sqlx_sql__pr_table_ref(p, &del->table)))
        return rc;
    if (del->joins.len > 0) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, 0, "DELETE with JOIN");
        if ((rc = print_joins(p, &del->joins)))
            return rc;
    }
    if (del->using_first) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, del->using_first->pos, "DELETE ... USING");
        sqlx_buf_puts(p->out, " USING ");
        if ((rc = sqlx_sql__pr_table_ref(p, del->using_first)) ||
            (rc = print_joins(p, &del->using_joins)))
            return rc;
    }
    if ((rc = print_where(p, del->where)) || (rc = print_dml_tail(p, &del->order_by, del->limit)))
        return rc;
    return print_returning(p, &del->returning, true);
}

/* ---- index elements (ON CONFLICT targets share them with CREATE INDEX) ---- */

static int print_index_elems(struct sqlx_printer *p, const struct sqlx_vec *elems)
{
    int rc;
    sqlx_buf_putc(p->out, '(');
    for (size_t i = 0; i < elems->len; i++) {
        const struct sqlx_index_elem *el = elems->items[i];
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if ((rc = sqlx_sql__pr_need(p, el, "index element")) ||
            (rc = sqlx_sql__pr_need(p, el->expr, "index expression")))
            return rc;
        if (el->expr->kind == SQLX_EX_COLUMN && !el->expr->table) {
            sqlx_sql__pr_ident(p, el->expr->name);
        } else {
            sqlx_buf_putc(p->out, '(');
            if ((rc = sqlx_sql__pr_expr(p, el->expr, SQLX_PREC_TOP, false)))
                return rc;
            sqlx_buf_putc(p->out, ')');
        }
        if (el->prefix_len > 0) {
            if (p->fam != SQLX_SQL_MYSQL)
                return sqlx_sql__pr_unsupported(p, el->pos, "an index prefix length");
            sqlx_buf_printf(p->out, "(%d)", el->prefix_len);
        }
        if (el->collate) {
            sqlx_buf_puts(p->out, " COLLATE ");
            sqlx_sql__pr_ident(p, el->collate);
        }
        if (el->opclass) {
            if (p->fam != SQLX_SQL_POSTGRES)
                return sqlx_sql__pr_unsupported(p, el->pos, "an operator class");
            sqlx_buf_putc(p->out, ' ');
            sqlx_sql__pr_ident(p, el->opclass);
        }
        if (el->desc)
            sqlx_buf_puts(p->out, " DESC");
        if (el->nulls) {
            if (p->fam != SQLX_SQL_POSTGRES)
                return sqlx_sql__pr_unsupported(p, el->pos, "NULLS FIRST / LAST in an index");
            sqlx_buf_puts(p->out, el->nulls == 1 ? " NULLS FIRST" : " NULLS LAST");
        }
    }
    sqlx_buf_putc(p->out, ')');
    return 0;
}

int sqlx_sql__pr_index_elems(struct sqlx_printer *p, const struct sqlx_vec *elems)
{
    return print_index_elems(p, elems);
}

/* ---- transactions ---- */

int sqlx_sql__pr_txn(struct sqlx_printer *p, const struct sqlx_txn *t)
{
    bool pg = p->fam == SQLX_SQL_POSTGRES, my = p->fam == SQLX_SQL_MYSQL;
    switch (t->op) {
    case SQLX_TXN_BEGIN:
        if (p->fam == SQLX_SQL_SQLITE) {
            static const char *const mode[] = { "BEGIN", "BEGIN DEFERRED", "BEGIN IMMEDIATE",
                                                "BEGIN EXCLUSIVE" };
            if (t->isolation || t->access)
                return sqlx_sql__pr_unsupported(p, 0, "a transaction isolation level or access mode");
            sqlx_buf_puts(p->out, mode[(unsigned)t->mode <= 3 ? t->mode : 0]);
            return 0;
        }
        if (t->mode != SQLX_TXN_MODE_NONE)
            return sqlx_sql__pr_unsupported(p, 0, "BEGIN DEFERRED / IMMEDIATE / EXCLUSIVE");
        sqlx_buf_puts(p->out, my || t->syntax == SQLX_SYN_START_TRANSACTION ? "START TRANSACTION"
                                                                             : "BEGIN");
        if (t->isolation) {
            if (my)
                return sqlx_sql__pr_unsupported(p, 0, "an isolation level in START TRANSACTION");
            sqlx_buf_puts(p->out, " ISOLATION LEVEL ");
            const char *c;
            for (c = t->isolation; *c; c++)
                sqlx_buf_putc(p->out, (*c >= 'a' && *c <= 'z') ? (char)(*c - 'a' + 'A') : *c);
        }
        if (t->access)
            sqlx_buf_puts(p->out, t->isolation && pg ? (t->access == 1 ? ", READ ONLY" : ", READ WRITE")
                                                     : (t->access == 1 ? " READ ONLY" : " READ WRITE"));
        return 0;
    case SQLX_TXN_COMMIT:
    case SQLX_TXN_ROLLBACK:
        sqlx_buf_puts(p->out, t->op == SQLX_TXN_COMMIT ? "COMMIT" : "ROLLBACK");
        if (t->chain) {
            if (p->fam == SQLX_SQL_SQLITE)
                return sqlx_sql__pr_unsupported(p, 0, "AND CHAIN");
            sqlx_buf_puts(p->out, " AND CHAIN");
        }
        return 0;
    case SQLX_TXN_SAVEPOINT:
    case SQLX_TXN_RELEASE:
    case SQLX_TXN_ROLLBACK_TO:
        if (!t->savepoint)
            return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: savepoint name");
        sqlx_buf_puts(p->out, t->op == SQLX_TXN_SAVEPOINT ? "SAVEPOINT "
                              : t->op == SQLX_TXN_RELEASE ? "RELEASE SAVEPOINT "
                                                          : "ROLLBACK TO SAVEPOINT ");
        sqlx_sql__pr_ident(p, t->savepoint);
        return 0;
    }
    return sqlx_err_set(p->err, SQLX_EINVAL, "unknown transaction statement %d", (int)t->op);
}
