/* The translator's statement rules for DML and transactions: upserts (ON CONFLICT vs ON
 * DUPLICATE KEY UPDATE, EXCLUDED vs VALUES()), INSERT OR / IGNORE / REPLACE, RETURNING, UPDATE ...
 * FROM and DELETE ... USING against MySQL's multi-table forms, MySQL's left-to-right SET
 * assignment, and transaction statement options. Run before the expression walk (the SET order
 * after it). */
#include <string.h>
#include <strings.h>

#include "sql/translate_int.h"

static bool names_table(const struct sqlx_table_ref *ref, const char *q)
{
    if (!q)
        return false;
    if (ref->alias)
        return strcmp(ref->alias, q) == 0;
    return ref->name && strcmp(ref->name, q) == 0;
}

/* EXCLUDED.col (PostgreSQL, SQLite) <-> VALUES(col) (MySQL) inside upsert assignments. */
static int excluded_pre(struct sqlx_expr **slot, void *ctx)
{
    struct sqlx_tr *t = ctx;
    struct sqlx_expr *e = *slot;
    if (t->to == SQLX_SQL_MYSQL && e->kind == SQLX_EX_COLUMN && e->table &&
        strcasecmp(e->table, "excluded") == 0) {
        *slot = sqlx_sql__tr_func(t, "values", e->pos, 1, sqlx_ast_column(t->a, NULL, e->name));
        return 0;
    }
    if (t->to != SQLX_SQL_MYSQL && (sqlx_sql__tr_is_func(e, "values") ||
                                    sqlx_sql__tr_is_func(e, "value")) &&
        e->list.len == 1) {
        struct sqlx_expr *c = e->list.items[0];
        if (c->kind != SQLX_EX_COLUMN)
            return sqlx_sql__tr_fail(t, e->pos, "VALUES() of an expression");
        *slot = sqlx_ast_column(t->a, "excluded", c->name);
        (*slot)->pos = e->pos;
    }
    return 0;
}

struct qualify_ctx {
    const char *table;
};

static int qualify_pre(struct sqlx_expr **slot, void *ctx)
{
    struct qualify_ctx *c = ctx;
    struct sqlx_expr *e = *slot;
    if (e->kind == SQLX_EX_COLUMN && !e->table)
        e->table = c->table;
    return 0;
}

static int fix_upsert(struct sqlx_tr *t, struct sqlx_insert *ins)
{
    struct sqlx_upsert *u = ins->upsert;
    int rc;
    for (size_t i = 0; i < u->set.len; i++) {
        struct sqlx_assign *as = u->set.items[i];
        struct sqlx_ast_walker w = { .pre = excluded_pre, .ctx = t };
        if ((rc = sqlx_ast_walk_expr(&as->value, &w)))
            return rc;
        if (t->to == SQLX_SQL_POSTGRES && t->from != SQLX_SQL_POSTGRES) {
            /* PostgreSQL finds a bare column of DO UPDATE ambiguous (target or EXCLUDED). */
            struct qualify_ctx qc = { ins->table.alias ? ins->table.alias : ins->table.name };
            struct sqlx_ast_walker wq = { .pre = qualify_pre, .ctx = &qc };
            if ((rc = sqlx_ast_walk_expr(&as->value, &wq)))
                return rc;
        }
        /* PostgreSQL names the target table in DO UPDATE; MySQL's ON DUPLICATE KEY may not. */
        if (as->table && names_table(&ins->table, as->table))
            as->table = NULL;
    }
    if (t->to == SQLX_SQL_MYSQL && u->form == SQLX_UPSERT_ON_CONFLICT) {
        if (u->where || u->target_where)
            return sqlx_sql__tr_fail(t, u->pos, "ON CONFLICT ... WHERE");
        if (u->do_nothing) {
            /* Only duplicate keys are ignored, as with DO NOTHING (INSERT IGNORE would also
             * swallow other errors): assign a column to itself. */
            const char *col = NULL;
            if (u->target.len > 0) {
                const struct sqlx_index_elem *el = u->target.items[0];
                if (el->expr->kind == SQLX_EX_COLUMN)
                    col = el->expr->name;
            }
            if (!col && ins->ncolumns > 0)
                col = ins->columns[0];
            if (!col)
                return sqlx_sql__tr_fail(t, u->pos, "ON CONFLICT DO NOTHING without columns");
            struct sqlx_assign *as = sqlx_arena_zalloc(t->a, sizeof(*as));
            as->column = col;
            as->value = sqlx_ast_column(t->a, NULL, col);
            sqlx_vec_push_arena(&u->set, t->a, as);
            u->do_nothing = false;
        }
        u->form = SQLX_UPSERT_ON_DUPLICATE_KEY;
        u->target.len = 0;
        return 0;
    }
    if (t->to != SQLX_SQL_MYSQL && u->form == SQLX_UPSERT_ON_DUPLICATE_KEY) {
        if (t->to == SQLX_SQL_POSTGRES)
            return sqlx_sql__tr_fail(t, u->pos,
                                     "ON DUPLICATE KEY UPDATE (PostgreSQL needs the conflict columns)");
        u->form = SQLX_UPSERT_ON_CONFLICT;
    }
    return 0;
}

int sqlx_sql__tr_insert(struct sqlx_tr *t, struct sqlx_insert *ins)
{
    int rc;
    if (ins->upsert && (rc = fix_upsert(t, ins)))
        return rc;
    if (ins->row_alias)
        return sqlx_sql__tr_fail(t, ins->table.pos, "an INSERT row alias");
    switch (ins->or_action) {
    case SQLX_OR_NONE:
        break;
    case SQLX_OR_IGNORE:
        if (t->to == SQLX_SQL_POSTGRES) {
            if (ins->upsert)
                return sqlx_sql__tr_fail(t, ins->table.pos, "INSERT IGNORE with an upsert");
            ins->upsert = sqlx_arena_zalloc(t->a, sizeof(*ins->upsert));
            ins->upsert->do_nothing = true;
            ins->or_action = SQLX_OR_NONE;
        }
        break;
    case SQLX_OR_REPLACE:
        if (t->to == SQLX_SQL_POSTGRES)
            return sqlx_sql__tr_fail(t, ins->table.pos, "REPLACE / INSERT OR REPLACE");
        break;
    default:
        if (t->to != SQLX_SQL_SQLITE)
            return sqlx_sql__tr_fail(t, ins->table.pos, "INSERT OR ABORT / FAIL / ROLLBACK");
        break;
    }
    if (ins->table.alias && t->to == SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, ins->table.pos, "an INSERT target alias");
    if (ins->returning.len > 0 && t->to == SQLX_SQL_MYSQL && !t->mariadb)
        return sqlx_sql__tr_fail(t, ins->table.pos, "INSERT ... RETURNING");
    return 0;
}

/* Does e mention column `name` (unqualified, or qualified by the target table)? */
struct mention {
    const char *name;
    const struct sqlx_table_ref *table;
    bool found;
};

static int mention_pre(struct sqlx_expr **slot, void *ctx)
{
    struct mention *m = ctx;
    const struct sqlx_expr *e = *slot;
    if (e->kind == SQLX_EX_COLUMN && strcasecmp(e->name, m->name) == 0 &&
        (!e->table || names_table(m->table, e->table)))
        m->found = true;
    return 0;
}

static bool mentions(struct sqlx_expr *e, const char *name, const struct sqlx_table_ref *table)
{
    struct mention m = { name, table, false };
    struct sqlx_ast_walker w = { .pre = mention_pre, .ctx = &m };
    if (sqlx_ast_walk_expr(&e, &w))
        return true;
    return m.found;
}

/* Replaces columns assigned before position `upto` by their assigned (already substituted)
 * values; post-order, so a replacement is not visited again. */
struct subst_ctx {
    struct sqlx_update *u;
    size_t upto;
};

static int subst_post(struct sqlx_expr **slot, void *ctx)
{
    struct subst_ctx *c = ctx;
    const struct sqlx_expr *e = *slot;
    if (e->kind != SQLX_EX_COLUMN)
        return 0;
    for (size_t j = c->upto; j-- > 0;) {
        struct sqlx_assign *as = c->u->set.items[j];
        if (as->column && strcasecmp(e->name, as->column) == 0 &&
            (!e->table || names_table(&c->u->table, e->table) ||
             (as->table && strcasecmp(as->table, e->table) == 0))) {
            *slot = as->value;
            return 0;
        }
    }
    return 0;
}

/* MySQL evaluates SET assignments left to right, each seeing the columns already assigned;
 * PostgreSQL and SQLite evaluate every right side on the old row. Into MySQL: order the
 * assignments so that none reads a column assigned before it (fails on a cycle). From MySQL:
 * substitute earlier assignments into later right sides. */
int sqlx_sql__tr_set_order(struct sqlx_tr *t, struct sqlx_update *u)
{
    size_t n = u->set.len;
    if (n < 2)
        return 0;
    if (t->from == SQLX_SQL_MYSQL && t->to != SQLX_SQL_MYSQL) {
        /* a later right side reads the new value: write that value out */
        for (size_t i = 1; i < n; i++) {
            struct sqlx_assign *later = u->set.items[i];
            struct subst_ctx sc = { .u = u, .upto = i };
            struct sqlx_ast_walker w = { .post = subst_post, .ctx = &sc };
            int rc = sqlx_ast_walk_expr(&later->value, &w);
            if (rc)
                return rc;
        }
        return 0;
    }
    if (t->to != SQLX_SQL_MYSQL || t->from == SQLX_SQL_MYSQL)
        return 0;
    struct sqlx_assign **done = sqlx_arena_zalloc(t->a, n * sizeof(*done));
    bool *used = sqlx_arena_zalloc(t->a, n * sizeof(*used));
    for (size_t k = 0; k < n; k++) {
        /* Pick an assignment whose column no other remaining right side reads (those must
         * run before it, while they still see the old value). */
        size_t pick = n;
        for (size_t i = 0; i < n && pick == n; i++) {
            if (used[i])
                continue;
            struct sqlx_assign *a = u->set.items[i];
            bool ok = true;
            for (size_t j = 0; j < n && ok; j++) {
                struct sqlx_assign *b = u->set.items[j];
                if (j != i && !used[j] && a->column && mentions(b->value, a->column, &u->table))
                    ok = false;
            }
            if (ok)
                pick = i;
        }
        if (pick == n)
            return sqlx_sql__tr_fail(t, ((struct sqlx_assign *)u->set.items[0])->pos,
                                     "an UPDATE whose SET assignments read each other's columns");
        used[pick] = true;
        done[k] = u->set.items[pick];
    }
    for (size_t k = 0; k < n; k++)
        u->set.items[k] = done[k];
    return 0;
}

static struct sqlx_join *comma_join(struct sqlx_tr *t, const struct sqlx_table_ref *ref)
{
    struct sqlx_join *j = sqlx_arena_zalloc(t->a, sizeof(*j));
    j->kind = SQLX_JOIN_COMMA;
    j->table = *ref;
    j->pos = ref->pos;
    return j;
}

/* Inner / comma joins of MySQL's multi-table UPDATE and DELETE as a FROM / USING list whose
 * join conditions move into WHERE. */
static int joins_to_list(struct sqlx_tr *t, struct sqlx_vec *joins, struct sqlx_table_ref **first,
                         struct sqlx_vec *rest, struct sqlx_expr **where)
{
    struct sqlx_expr *conds = NULL;
    for (size_t i = 0; i < joins->len; i++) {
        struct sqlx_join *j = joins->items[i];
        if (j->kind != SQLX_JOIN_INNER && j->kind != SQLX_JOIN_CROSS && j->kind != SQLX_JOIN_COMMA)
            return sqlx_sql__tr_fail(t, j->pos, "an outer join in UPDATE or DELETE");
        if (j->natural || j->using_cols.len > 0)
            return sqlx_sql__tr_fail(t, j->pos, "NATURAL / USING joins in UPDATE or DELETE");
        if (j->on)
            conds = sqlx_ast_and(t->a, conds, j->on);
        if (i == 0) {
            *first = sqlx_arena_alloc(t->a, sizeof(**first));
            **first = j->table;
        } else {
            sqlx_vec_push_arena(rest, t->a, comma_join(t, &j->table));
        }
    }
    if (conds)
        *where = *where ? sqlx_ast_and(t->a, conds, *where) : conds;
    joins->len = 0;
    return 0;
}

int sqlx_sql__tr_update(struct sqlx_tr *t, struct sqlx_update *u)
{
    int rc;
    if ((u->order_by.len > 0 || u->limit) && t->to != SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, u->table.pos, "UPDATE ... ORDER BY / LIMIT");
    if (u->or_action != SQLX_OR_NONE && t->to != SQLX_SQL_SQLITE &&
        !(t->to == SQLX_SQL_MYSQL && u->or_action == SQLX_OR_IGNORE))
        return sqlx_sql__tr_fail(t, u->table.pos, "UPDATE OR ...");
    if (u->returning.len > 0 && t->to == SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, u->table.pos, "UPDATE ... RETURNING");
    if (t->to == SQLX_SQL_MYSQL) {
        /* UPDATE t SET ... FROM a, b WHERE -> UPDATE t, a, b SET t.c = ... WHERE */
        if (u->from) {
            sqlx_vec_push_arena(&u->joins, t->a, comma_join(t, u->from));
            for (size_t i = 0; i < u->from_joins.len; i++)
                sqlx_vec_push_arena(&u->joins, t->a, u->from_joins.items[i]);
            u->from = NULL;
            u->from_joins.len = 0;
        }
        if (u->joins.len > 0) {
            const char *q = u->table.alias ? u->table.alias : u->table.name;
            for (size_t i = 0; i < u->set.len; i++) {
                struct sqlx_assign *as = u->set.items[i];
                if (!as->table)
                    as->table = q;
            }
        }
        return 0;
    }
    /* From MySQL: UPDATE t JOIN u ON c SET t.x = ... -> UPDATE t SET x = ... FROM u WHERE c */
    if (u->joins.len > 0 &&
        (rc = joins_to_list(t, &u->joins, &u->from, &u->from_joins, &u->where)))
        return rc;
    for (size_t i = 0; i < u->set.len; i++) {
        struct sqlx_assign *as = u->set.items[i];
        if (as->table) {
            if (!names_table(&u->table, as->table))
                return sqlx_sql__tr_fail(t, as->pos, "an UPDATE that sets columns of several tables");
            as->table = NULL;
        }
    }
    return 0;
}

int sqlx_sql__tr_delete(struct sqlx_tr *t, struct sqlx_delete *d)
{
    int rc;
    if ((d->order_by.len > 0 || d->limit) && t->to != SQLX_SQL_MYSQL)
        return sqlx_sql__tr_fail(t, d->table.pos, "DELETE ... ORDER BY / LIMIT");
    if (d->returning.len > 0 && t->to == SQLX_SQL_MYSQL && !t->mariadb)
        return sqlx_sql__tr_fail(t, d->table.pos, "DELETE ... RETURNING");
    if (t->to == SQLX_SQL_MYSQL) {
        if (d->using_first) {
            sqlx_vec_push_arena(&d->joins, t->a, comma_join(t, d->using_first));
            for (size_t i = 0; i < d->using_joins.len; i++)
                sqlx_vec_push_arena(&d->joins, t->a, d->using_joins.items[i]);
            d->using_first = NULL;
            d->using_joins.len = 0;
        }
        if ((d->joins.len > 0 || d->table.alias) && d->targets.len == 0) {
            struct sqlx_table_ref *tg = sqlx_arena_zalloc(t->a, sizeof(*tg));
            tg->name = d->table.alias ? d->table.alias : d->table.name;
            sqlx_vec_push_arena(&d->targets, t->a, tg);
            if (d->returning.len > 0)
                return sqlx_sql__tr_fail(t, d->table.pos, "RETURNING in a multi-table DELETE");
        }
        return 0;
    }
    if (d->targets.len > 1)
        return sqlx_sql__tr_fail(t, d->table.pos, "a DELETE from several tables");
    if (d->targets.len == 1) {
        const struct sqlx_table_ref *tg = d->targets.items[0];
        if (!names_table(&d->table, tg->name)) {
            /* DELETE s FROM x JOIN s ...: make s the table deleted from. */
            struct sqlx_table_ref *found = NULL;
            for (size_t i = 0; i < d->joins.len; i++) {
                struct sqlx_join *j = d->joins.items[i];
                if (names_table(&j->table, tg->name))
                    found = &j->table;
            }
            if (!found || found->kind != SQLX_TREF_TABLE)
                return sqlx_sql__tr_fail(t, d->table.pos, "this multi-table DELETE");
            struct sqlx_table_ref tmp = *found;
            *found = d->table;
            d->table = tmp;
        }
        d->targets.len = 0;
    }
    if (d->joins.len > 0) {
        struct sqlx_join *j0 = d->joins.items[0];
        (void)j0;
        if ((rc = joins_to_list(t, &d->joins, &d->using_first, &d->using_joins, &d->where)))
            return rc;
    }
    if (d->using_first && t->to == SQLX_SQL_SQLITE) {
        /* DELETE FROM t USING u WHERE c -> DELETE FROM t WHERE EXISTS (SELECT 1 FROM u WHERE c) */
        struct sqlx_select *q = sqlx_ast_query_new(t->a);
        sqlx_ast_select_add(t->a, q, sqlx_sql__tr_int(t, 1), NULL);
        q->from = *d->using_first;
        q->joins = d->using_joins;
        q->where = d->where;
        d->where = sqlx_ast_exists(t->a, q, false);
        d->using_first = NULL;
        d->using_joins.len = 0;
    }
    return 0;
}

int sqlx_sql__tr_txn(struct sqlx_tr *t, struct sqlx_txn *x)
{
    if (x->op == SQLX_TXN_BEGIN) {
        if (t->to != SQLX_SQL_SQLITE)
            x->mode = SQLX_TXN_MODE_NONE;
        if (t->to == SQLX_SQL_SQLITE && (x->isolation || x->access))
            return sqlx_sql__tr_fail(t, 0, "a transaction isolation level or access mode");
        if (t->to != SQLX_SQL_POSTGRES)
            x->syntax = SQLX_SYN_DEFAULT;
    }
    if (x->chain && t->to == SQLX_SQL_SQLITE)
        return sqlx_sql__tr_fail(t, 0, "COMMIT AND CHAIN");
    return 0;
}

