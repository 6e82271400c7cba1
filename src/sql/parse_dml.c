/* DML and transaction grammar: INSERT (multi-row VALUES, INSERT ... SELECT, DEFAULT VALUES,
 * MySQL INSERT ... SET, INSERT OR REPLACE / IGNORE, REPLACE INTO, INSERT IGNORE, ON CONFLICT ...
 * DO NOTHING / DO UPDATE, ON DUPLICATE KEY UPDATE, RETURNING), UPDATE (FROM, MySQL joins, ORDER
 * BY / LIMIT), DELETE (USING, MySQL multi-table forms), BEGIN / START TRANSACTION / COMMIT /
 * ROLLBACK [TO SAVEPOINT] / SAVEPOINT / RELEASE. Must not parse queries itself (parse_select.c). */
#include <string.h>

#include "sql/parse_int.h"

static struct sqlx_ast *stmt(struct sqlx_parser *p, enum sqlx_stmt_kind kind)
{
    struct sqlx_ast *st = sqlx_ast_stmt_new(p->a, kind);
    st->pos = cur_pos(p);
    return st;
}

/* col = expr | t.col = expr | (a, b) = expr */
static int assignments(struct sqlx_parser *p, struct sqlx_vec *out)
{
    do {
        struct sqlx_assign *as = sqlx_arena_zalloc(p->a, sizeof(*as));
        as->pos = cur_pos(p);
        if (is_op(p, SQLX_TOP_LPAREN)) {
            if (sqlx_sql__name_list(p, &as->columns, "a column name"))
                return p->rc;
        } else {
            if (!(as->column = sqlx_sql__ident(p, "a column name")))
                return p->rc;
            if (accept_op(p, SQLX_TOP_DOT)) {
                as->table = as->column;
                if (!(as->column = sqlx_sql__any_name(p, "a column name")))
                    return p->rc;
            }
        }
        if (sqlx_sql__expect_op(p, SQLX_TOP_EQ) || !(as->value = sqlx_sql__expr(p)))
            return p->rc;
        sqlx_vec_push_arena(out, p->a, as);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return 0;
}

static int or_action(struct sqlx_parser *p, enum sqlx_or_action *out)
{
    if (accept_kw(p, SQLX_KW_REPLACE))
        *out = SQLX_OR_REPLACE;
    else if (accept_kw(p, SQLX_KW_IGNORE))
        *out = SQLX_OR_IGNORE;
    else if (accept_kw(p, SQLX_KW_ABORT))
        *out = SQLX_OR_ABORT;
    else if (accept_kw(p, SQLX_KW_FAIL))
        *out = SQLX_OR_FAIL;
    else if (accept_kw(p, SQLX_KW_ROLLBACK))
        *out = SQLX_OR_ROLLBACK;
    else
        return sqlx_sql__expected(p, "REPLACE, IGNORE, ABORT, FAIL or ROLLBACK");
    return 0;
}

static int set_columns(struct sqlx_parser *p, struct sqlx_insert *ins, const struct sqlx_vec *v)
{
    ins->ncolumns = v->len;
    ins->columns = sqlx_arena_alloc(p->a, (v->len ? v->len : 1) * sizeof(*ins->columns));
    for (size_t i = 0; i < v->len; i++)
        ins->columns[i] = v->items[i];
    return 0;
}

/* The rows after VALUES; empty_cols: MySQL's empty column list "()" was written, so every row
 * must be empty too. */
static int values_rows(struct sqlx_parser *p, struct sqlx_insert *ins, bool empty_cols)
{
    do {
        struct sqlx_vec *row = sqlx_arena_zalloc(p->a, sizeof(*row));
        int pos = cur_pos(p);
        if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
            return p->rc;
        if (!accept_op(p, SQLX_TOP_RPAREN)) {
            if (sqlx_sql__expr_list(p, row) || sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
                return p->rc;
        } else if (p->d != SQLX_SQL_MYSQL) {
            return sqlx_sql__error_at(p, pos, "a VALUES row needs at least one value");
        }
        if ((ins->ncolumns > 0 || empty_cols) && row->len != ins->ncolumns)
            return sqlx_sql__error_at(p, pos, "VALUES row has %zu values but %zu columns are listed",
                                      row->len, ins->ncolumns);
        sqlx_vec_push_arena(&ins->rows, p->a, row);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return 0;
}

/* MySQL INSERT ... SET a = 1, b = 2: one row with the assigned columns. */
static int insert_set(struct sqlx_parser *p, struct sqlx_insert *ins)
{
    struct sqlx_vec assigns = { 0 }, cols = { 0 };
    struct sqlx_vec *row = sqlx_arena_zalloc(p->a, sizeof(*row));
    if (assignments(p, &assigns))
        return p->rc;
    for (size_t i = 0; i < assigns.len; i++) {
        struct sqlx_assign *as = assigns.items[i];
        if (!as->column)
            return sqlx_sql__error_at(p, as->pos, "INSERT ... SET takes one column per assignment");
        sqlx_vec_push_arena(&cols, p->a, (void *)as->column);
        sqlx_vec_push_arena(row, p->a, as->value);
    }
    set_columns(p, ins, &cols);
    sqlx_vec_push_arena(&ins->rows, p->a, row);
    ins->syntax = SQLX_SYN_INSERT_SET;
    return 0;
}

static int on_conflict(struct sqlx_parser *p, struct sqlx_insert *ins)
{
    struct sqlx_upsert *u = sqlx_arena_zalloc(p->a, sizeof(*u));
    u->pos = cur_pos(p);
    u->form = SQLX_UPSERT_ON_CONFLICT;
    sqlx_sql__advance(p); /* ON */
    sqlx_sql__advance(p); /* CONFLICT */
    if (is_op(p, SQLX_TOP_LPAREN)) {
        if (sqlx_sql__index_elems(p, &u->target))
            return p->rc;
        if (accept_kw(p, SQLX_KW_WHERE) && !(u->target_where = sqlx_sql__expr(p)))
            return p->rc;
    } else if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ON)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_CONSTRAINT) ||
            !(u->constraint = sqlx_sql__ident(p, "a constraint name")))
            return p->rc;
    }
    if (sqlx_sql__expect_kw(p, SQLX_KW_DO))
        return p->rc;
    if (accept_kw(p, SQLX_KW_NOTHING)) {
        u->do_nothing = true;
    } else {
        if (sqlx_sql__expect_kw(p, SQLX_KW_UPDATE) || sqlx_sql__expect_kw(p, SQLX_KW_SET) ||
            assignments(p, &u->set))
            return p->rc;
        if (accept_kw(p, SQLX_KW_WHERE) && !(u->where = sqlx_sql__expr(p)))
            return p->rc;
    }
    ins->upsert = u;
    return 0;
}

static int on_duplicate(struct sqlx_parser *p, struct sqlx_insert *ins)
{
    struct sqlx_upsert *u = sqlx_arena_zalloc(p->a, sizeof(*u));
    u->pos = cur_pos(p);
    u->form = SQLX_UPSERT_ON_DUPLICATE_KEY;
    sqlx_sql__advance(p); /* ON */
    sqlx_sql__advance(p); /* DUPLICATE */
    if (sqlx_sql__expect_kw(p, SQLX_KW_KEY) || sqlx_sql__expect_kw(p, SQLX_KW_UPDATE) ||
        assignments(p, &u->set))
        return p->rc;
    ins->upsert = u;
    return 0;
}

/* Everything before the rows; *empty_cols is set for MySQL's empty column list "()". */
static int insert_head(struct sqlx_parser *p, struct sqlx_insert *ins, bool *empty_cols)
{
    if (accept_kw(p, SQLX_KW_REPLACE)) {
        ins->or_action = SQLX_OR_REPLACE;
        ins->syntax = SQLX_SYN_REPLACE_INTO;
    } else {
        if (sqlx_sql__expect_kw(p, SQLX_KW_INSERT))
            return p->rc;
        if (p->d == SQLX_SQL_SQLITE && accept_kw(p, SQLX_KW_OR)) {
            if (or_action(p, &ins->or_action))
                return p->rc;
        } else if (p->d == SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_IGNORE)) {
            ins->or_action = SQLX_OR_IGNORE;
            ins->syntax = SQLX_SYN_INSERT_IGNORE;
        }
    }
    if (p->d == SQLX_SQL_MYSQL)
        accept_kw(p, SQLX_KW_INTO);
    else if (sqlx_sql__expect_kw(p, SQLX_KW_INTO))
        return p->rc;
    if (sqlx_sql__qualified(p, &ins->table, "a table name"))
        return p->rc;
    if (p->d != SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_AS) &&
        !(ins->table.alias = sqlx_sql__ident(p, "an alias")))
        return p->rc;
    if (p->d == SQLX_SQL_MYSQL && is_op(p, SQLX_TOP_LPAREN) && is_op_at(p, 1, SQLX_TOP_RPAREN)) {
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        *empty_cols = true;
    } else if (is_op(p, SQLX_TOP_LPAREN) && !sqlx_sql__at_query(p)) {
        struct sqlx_vec cols = { 0 };
        if (sqlx_sql__name_list(p, &cols, "a column name"))
            return p->rc;
        set_columns(p, ins, &cols);
    }
    return 0;
}

static int insert_body(struct sqlx_parser *p, struct sqlx_insert *ins, bool empty_cols)
{
    if (empty_cols && !is_kw(p, SQLX_KW_VALUES) && !is_kw(p, SQLX_KW_VALUE))
        return sqlx_sql__expected(p, "VALUES after an empty column list");
    if (accept_kw(p, SQLX_KW_DEFAULT)) {
        ins->default_values = true;
        return sqlx_sql__expect_kw(p, SQLX_KW_VALUES);
    }
    if (is_kw(p, SQLX_KW_VALUES) || (p->d == SQLX_SQL_MYSQL && is_kw(p, SQLX_KW_VALUE))) {
        sqlx_sql__advance(p);
        if (values_rows(p, ins, empty_cols))
            return p->rc;
        if (ins->ncolumns == 0 && ins->rows.len == 1 &&
            ((const struct sqlx_vec *)ins->rows.items[0])->len == 0) {
            /* MySQL INSERT INTO t () VALUES () / VALUES (): one row of defaults, which is
             * DEFAULT VALUES (and how the printers spell DEFAULT VALUES for MySQL). */
            ins->default_values = true;
            memset(&ins->rows, 0, sizeof(ins->rows));
        }
        if (p->d == SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_AS)) {
            if (!(ins->row_alias = sqlx_sql__ident(p, "a row alias")))
                return p->rc;
        }
        return 0;
    }
    if (p->d == SQLX_SQL_MYSQL && is_kw(p, SQLX_KW_SET)) {
        if (ins->ncolumns > 0)
            return sqlx_sql__expected(p, "VALUES or SELECT after a column list");
        sqlx_sql__advance(p);
        return insert_set(p, ins);
    }
    if (sqlx_sql__at_query(p)) {
        ins->query = sqlx_sql__query(p);
        return p->rc;
    }
    return sqlx_sql__expected(p, "VALUES, SELECT or DEFAULT VALUES");
}

struct sqlx_ast *sqlx_sql__insert(struct sqlx_parser *p, struct sqlx_with *with)
{
    struct sqlx_ast *st = stmt(p, SQLX_ST_INSERT);
    struct sqlx_insert *ins = &st->insert;
    ins->with = with;
    bool empty_cols = false;
    if (insert_head(p, ins, &empty_cols) || insert_body(p, ins, empty_cols))
        return NULL;
    if (is_kw(p, SQLX_KW_ON) && is_kw_at(p, 1, SQLX_KW_CONFLICT) && p->d != SQLX_SQL_MYSQL) {
        if (on_conflict(p, ins))
            return NULL;
    } else if (is_kw(p, SQLX_KW_ON) && is_kw_at(p, 1, SQLX_KW_DUPLICATE) &&
               p->d == SQLX_SQL_MYSQL) {
        if (on_duplicate(p, ins))
            return NULL;
    }
    if (sqlx_sql__returning(p, &ins->returning))
        return NULL;
    return st;
}

/* MySQL / SQLite UPDATE and DELETE ... ORDER BY ... LIMIT n */
static int order_limit(struct sqlx_parser *p, struct sqlx_vec *order, struct sqlx_expr **limit)
{
    if (p->d == SQLX_SQL_POSTGRES)
        return 0;
    if (accept_kw(p, SQLX_KW_ORDER)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_BY) || sqlx_sql__order_list(p, order))
            return p->rc;
    }
    if (accept_kw(p, SQLX_KW_LIMIT) && !(*limit = sqlx_sql__expr(p)))
        return p->rc;
    return 0;
}

struct sqlx_ast *sqlx_sql__update(struct sqlx_parser *p, struct sqlx_with *with)
{
    struct sqlx_ast *st = stmt(p, SQLX_ST_UPDATE);
    struct sqlx_update *u = &st->update;
    u->with = with;
    sqlx_sql__advance(p); /* UPDATE */
    if (p->d == SQLX_SQL_SQLITE && accept_kw(p, SQLX_KW_OR) && or_action(p, &u->or_action))
        return NULL;
    if (p->d == SQLX_SQL_MYSQL) {
        if (accept_kw(p, SQLX_KW_IGNORE))
            u->or_action = SQLX_OR_IGNORE;
        if (sqlx_sql__from_list(p, &u->table, &u->joins, true))
            return NULL;
        if (u->table.kind != SQLX_TREF_TABLE) {
            sqlx_sql__error_at(p, u->table.pos, "UPDATE needs a table name");
            return NULL;
        }
    } else {
        if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ONLY))
            u->table.only = true;
        if (sqlx_sql__qualified(p, &u->table, "a table name") ||
            sqlx_sql__opt_alias(p, &u->table.alias))
            return NULL;
    }
    if (sqlx_sql__expect_kw(p, SQLX_KW_SET) || assignments(p, &u->set))
        return NULL;
    if (p->d != SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_FROM)) {
        u->from = sqlx_arena_zalloc(p->a, sizeof(*u->from));
        if (sqlx_sql__from_list(p, u->from, &u->from_joins, true))
            return NULL;
    }
    if (accept_kw(p, SQLX_KW_WHERE) && !(u->where = sqlx_sql__expr(p)))
        return NULL;
    if (order_limit(p, &u->order_by, &u->limit) || sqlx_sql__returning(p, &u->returning))
        return NULL;
    return st;
}

/* MySQL DELETE t1[.*], t2 FROM ... / DELETE FROM t1, t2 USING ...: the target names. */
static int delete_targets(struct sqlx_parser *p, struct sqlx_delete *del)
{
    do {
        struct sqlx_table_ref *t = sqlx_arena_zalloc(p->a, sizeof(*t));
        if (sqlx_sql__qualified(p, t, "a table name"))
            return p->rc;
        if (is_op(p, SQLX_TOP_DOT) && is_op_at(p, 1, SQLX_TOP_STAR)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
        }
        sqlx_vec_push_arena(&del->targets, p->a, t);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return 0;
}

static struct sqlx_ast *delete_mysql(struct sqlx_parser *p, struct sqlx_ast *st)
{
    struct sqlx_delete *del = &st->del;
    if (!accept_kw(p, SQLX_KW_FROM)) {
        /* DELETE t1, t2 FROM refs */
        if (delete_targets(p, del) || sqlx_sql__expect_kw(p, SQLX_KW_FROM) ||
            sqlx_sql__from_list(p, &del->table, &del->joins, true))
            return NULL;
    } else if (is_op_at(p, 1, SQLX_TOP_COMMA) ||
               (is_op_at(p, 1, SQLX_TOP_DOT) && is_op_at(p, 2, SQLX_TOP_STAR)) ||
               is_kw_at(p, 1, SQLX_KW_USING)) {
        /* DELETE FROM t1, t2 USING refs */
        if (delete_targets(p, del) || sqlx_sql__expect_kw(p, SQLX_KW_USING) ||
            sqlx_sql__from_list(p, &del->table, &del->joins, true))
            return NULL;
    } else {
        if (sqlx_sql__qualified(p, &del->table, "a table name") ||
            sqlx_sql__opt_alias(p, &del->table.alias))
            return NULL;
    }
    return st;
}

struct sqlx_ast *sqlx_sql__delete(struct sqlx_parser *p, struct sqlx_with *with)
{
    struct sqlx_ast *st = stmt(p, SQLX_ST_DELETE);
    struct sqlx_delete *del = &st->del;
    del->with = with;
    sqlx_sql__advance(p); /* DELETE */
    if (p->d == SQLX_SQL_MYSQL) {
        accept_kw(p, SQLX_KW_IGNORE);
        if (!delete_mysql(p, st))
            return NULL;
    } else {
        if (sqlx_sql__expect_kw(p, SQLX_KW_FROM))
            return NULL;
        if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ONLY))
            del->table.only = true;
        if (sqlx_sql__qualified(p, &del->table, "a table name") ||
            sqlx_sql__opt_alias(p, &del->table.alias))
            return NULL;
        if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_USING)) {
            del->using_first = sqlx_arena_zalloc(p->a, sizeof(*del->using_first));
            if (sqlx_sql__from_list(p, del->using_first, &del->using_joins, true))
                return NULL;
        }
    }
    if (accept_kw(p, SQLX_KW_WHERE) && !(del->where = sqlx_sql__expr(p)))
        return NULL;
    if (order_limit(p, &del->order_by, &del->limit) || sqlx_sql__returning(p, &del->returning))
        return NULL;
    return st;
}

/* ---- transactions ---- */

static int isolation(struct sqlx_parser *p, struct sqlx_txn *t)
{
    if (accept_kw(p, SQLX_KW_SERIALIZABLE)) {
        t->isolation = "serializable";
    } else if (accept_kw(p, SQLX_KW_REPEATABLE)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_READ))
            return p->rc;
        t->isolation = "repeatable read";
    } else if (accept_kw(p, SQLX_KW_READ)) {
        if (accept_kw(p, SQLX_KW_COMMITTED))
            t->isolation = "read committed";
        else if (accept_kw(p, SQLX_KW_UNCOMMITTED))
            t->isolation = "read uncommitted";
        else
            return sqlx_sql__expected(p, "COMMITTED or UNCOMMITTED");
    } else {
        return sqlx_sql__expected(p, "an isolation level");
    }
    return 0;
}

/* ISOLATION LEVEL ..., READ ONLY, READ WRITE, in any order, comma-separated or not. */
static int txn_modes(struct sqlx_parser *p, struct sqlx_txn *t)
{
    for (;;) {
        if (accept_kw(p, SQLX_KW_ISOLATION)) {
            if (sqlx_sql__expect_kw(p, SQLX_KW_LEVEL) || isolation(p, t))
                return p->rc;
        } else if (is_kw(p, SQLX_KW_READ) &&
                   (is_kw_at(p, 1, SQLX_KW_ONLY) || is_kw_at(p, 1, SQLX_KW_WRITE))) {
            sqlx_sql__advance(p);
            t->access = accept_kw(p, SQLX_KW_ONLY) ? 1 : 2;
            if (t->access == 2)
                sqlx_sql__advance(p);
        } else {
            return 0;
        }
        accept_op(p, SQLX_TOP_COMMA);
    }
}

static int chain(struct sqlx_parser *p, struct sqlx_txn *t)
{
    if (!accept_kw(p, SQLX_KW_AND))
        return 0;
    bool no = accept_kw(p, SQLX_KW_NO);
    if (sqlx_sql__expect_kw(p, SQLX_KW_CHAIN))
        return p->rc;
    t->chain = !no;
    return 0;
}

struct sqlx_ast *sqlx_sql__txn(struct sqlx_parser *p)
{
    struct sqlx_ast *st = stmt(p, SQLX_ST_TXN);
    struct sqlx_txn *t = &st->txn;
    const struct sqlx_token *k = tok(p);
    enum sqlx_kw kw = k->kw;
    sqlx_sql__advance(p);
    switch (kw) {
    case SQLX_KW_BEGIN:
        t->op = SQLX_TXN_BEGIN;
        if (p->d == SQLX_SQL_SQLITE) {
            if (accept_kw(p, SQLX_KW_DEFERRED))
                t->mode = SQLX_TXN_DEFERRED;
            else if (accept_kw(p, SQLX_KW_IMMEDIATE))
                t->mode = SQLX_TXN_IMMEDIATE;
            else if (accept_kw(p, SQLX_KW_EXCLUSIVE))
                t->mode = SQLX_TXN_EXCLUSIVE;
        }
        if (accept_kw(p, SQLX_KW_TRANSACTION) || accept_kw(p, SQLX_KW_WORK))
            t->syntax = SQLX_SYN_BEGIN_TRANSACTION;
        if (p->d == SQLX_SQL_POSTGRES && txn_modes(p, t))
            return NULL;
        break;
    case SQLX_KW_START:
        t->op = SQLX_TXN_BEGIN;
        t->syntax = SQLX_SYN_START_TRANSACTION;
        if (sqlx_sql__expect_kw(p, SQLX_KW_TRANSACTION) || txn_modes(p, t))
            return NULL;
        break;
    case SQLX_KW_COMMIT:
    case SQLX_KW_END:
        t->op = SQLX_TXN_COMMIT;
        if (kw == SQLX_KW_END)
            t->syntax = SQLX_SYN_END;
        if (!accept_kw(p, SQLX_KW_TRANSACTION))
            accept_kw(p, SQLX_KW_WORK);
        if (chain(p, t))
            return NULL;
        break;
    case SQLX_KW_ROLLBACK:
        t->op = SQLX_TXN_ROLLBACK;
        if (!accept_kw(p, SQLX_KW_TRANSACTION))
            accept_kw(p, SQLX_KW_WORK);
        if (accept_kw(p, SQLX_KW_TO)) {
            t->op = SQLX_TXN_ROLLBACK_TO;
            accept_kw(p, SQLX_KW_SAVEPOINT);
            if (!(t->savepoint = sqlx_sql__ident(p, "a savepoint name")))
                return NULL;
        } else if (chain(p, t)) {
            return NULL;
        }
        break;
    case SQLX_KW_SAVEPOINT:
        t->op = SQLX_TXN_SAVEPOINT;
        if (!(t->savepoint = sqlx_sql__ident(p, "a savepoint name")))
            return NULL;
        break;
    case SQLX_KW_RELEASE:
        t->op = SQLX_TXN_RELEASE;
        accept_kw(p, SQLX_KW_SAVEPOINT);
        if (!(t->savepoint = sqlx_sql__ident(p, "a savepoint name")))
            return NULL;
        break;
    default:
        sqlx_sql__error_at(p, st->pos, "not a transaction statement");
        return NULL;
    }
    return st;
}
