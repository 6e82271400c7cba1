/* Builders for the universal SQL AST (sql/ast.h). Every node, vector array and string lives in
 * the arena passed in; names and TEXT/BLOB values are copied so the caller's buffers (HTTP
 * request text, JSON documents) may change or die after building. Builders never fail: the arena
 * aborts on out-of-memory. Rendering to SQL is sql/print.c's job, never this file's. */
#include "sql/ast.h"

#include <string.h>
#include <strings.h>

static const char *dup_or_null(struct sqlx_arena *a, const char *s)
{
    return s ? sqlx_arena_strdup(a, s) : NULL;
}

static struct sqlx_expr *new_expr(struct sqlx_arena *a, enum sqlx_expr_kind kind)
{
    struct sqlx_expr *e = sqlx_arena_zalloc(a, sizeof(*e));
    e->kind = kind;
    return e;
}

/* Copies a value so that TEXT and BLOB bytes live in the arena. A zero-length value still gets a
 * valid (empty) pointer so printers and binders never see NULL with type TEXT. */
static struct sqlx_value copy_value(struct sqlx_arena *a, const struct sqlx_value *v)
{
    struct sqlx_value out = *v;
    if (v->type == SQLX_V_TEXT || v->type == SQLX_V_BLOB) {
        char *s = sqlx_arena_alloc(a, v->n + 1);
        if (v->n > 0)
            memcpy(s, v->s, v->n);
        s[v->n] = '\0';
        out.s = s;
    }
    return out;
}

struct sqlx_expr *sqlx_ast_column(struct sqlx_arena *a, const char *table, const char *name)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_COLUMN);
    e->table = dup_or_null(a, table);
    e->name = dup_or_null(a, name);
    return e;
}

struct sqlx_expr *sqlx_ast_param(struct sqlx_arena *a, const struct sqlx_value *v)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_PARAM);
    e->value = copy_value(a, v);
    return e;
}

struct sqlx_expr *sqlx_ast_literal(struct sqlx_arena *a, const struct sqlx_value *v)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_LITERAL);
    e->value = copy_value(a, v);
    return e;
}

struct sqlx_expr *sqlx_ast_star(struct sqlx_arena *a, const char *table)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_STAR);
    e->table = dup_or_null(a, table);
    return e;
}

struct sqlx_expr *sqlx_ast_binary(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *l,
                                  struct sqlx_expr *r)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_BINARY);
    e->op = op;
    e->left = l;
    e->right = r;
    return e;
}

struct sqlx_expr *sqlx_ast_like(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *l,
                                struct sqlx_expr *r, bool negated, bool escape)
{
    struct sqlx_expr *e = sqlx_ast_binary(a, op, l, r);
    e->negated = negated;
    e->like_escape = escape;
    return e;
}

struct sqlx_expr *sqlx_ast_unary(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *operand)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_UNARY);
    e->op = op;
    e->left = operand;
    return e;
}

struct sqlx_expr *sqlx_ast_is_null(struct sqlx_arena *a, struct sqlx_expr *operand, bool negated)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_IS_NULL);
    e->left = operand;
    e->negated = negated;
    return e;
}

struct sqlx_expr *sqlx_ast_in(struct sqlx_arena *a, struct sqlx_expr *operand, bool negated)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_IN);
    e->left = operand;
    e->negated = negated;
    return e;
}

struct sqlx_expr *sqlx_ast_func(struct sqlx_arena *a, const char *name)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_FUNC);
    e->name = dup_or_null(a, name);
    return e;
}

struct sqlx_expr *sqlx_ast_subquery(struct sqlx_arena *a, struct sqlx_select *s)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_SUBQUERY);
    e->subquery = s;
    return e;
}

struct sqlx_expr *sqlx_ast_exists(struct sqlx_arena *a, struct sqlx_select *s, bool negated)
{
    struct sqlx_expr *e = sqlx_ast_subquery(a, s);
    e->op = SQLX_OP_EXISTS;
    e->negated = negated;
    return e;
}

void sqlx_ast_add_arg(struct sqlx_arena *a, struct sqlx_expr *e, struct sqlx_expr *arg)
{
    sqlx_vec_push_arena(&e->list, a, arg);
}

struct sqlx_expr *sqlx_ast_and(struct sqlx_arena *a, struct sqlx_expr *l, struct sqlx_expr *r)
{
    if (!l)
        return r;
    if (!r)
        return l;
    return sqlx_ast_binary(a, SQLX_OP_AND, l, r);
}

static struct sqlx_ast *new_stmt(struct sqlx_arena *a, enum sqlx_stmt_kind kind)
{
    struct sqlx_ast *st = sqlx_arena_zalloc(a, sizeof(*st));
    st->kind = kind;
    return st;
}

struct sqlx_ast *sqlx_ast_select(struct sqlx_arena *a, const char *table)
{
    struct sqlx_ast *st = new_stmt(a, SQLX_ST_SELECT);
    st->select.from.name = dup_or_null(a, table);
    return st;
}

struct sqlx_ast *sqlx_ast_insert(struct sqlx_arena *a, const char *table)
{
    struct sqlx_ast *st = new_stmt(a, SQLX_ST_INSERT);
    st->insert.table.name = dup_or_null(a, table);
    return st;
}

struct sqlx_ast *sqlx_ast_update(struct sqlx_arena *a, const char *table)
{
    struct sqlx_ast *st = new_stmt(a, SQLX_ST_UPDATE);
    st->update.table.name = dup_or_null(a, table);
    return st;
}

struct sqlx_ast *sqlx_ast_delete(struct sqlx_arena *a, const char *table)
{
    struct sqlx_ast *st = new_stmt(a, SQLX_ST_DELETE);
    st->del.table.name = dup_or_null(a, table);
    return st;
}

static struct sqlx_select_item *new_item(struct sqlx_arena *a, struct sqlx_expr *e,
                                         const char *alias)
{
    struct sqlx_select_item *it = sqlx_arena_zalloc(a, sizeof(*it));
    it->expr = e;
    it->alias = dup_or_null(a, alias);
    return it;
}

void sqlx_ast_select_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e,
                         const char *alias)
{
    sqlx_vec_push_arena(&s->items, a, new_item(a, e, alias));
}

void sqlx_ast_order_add_nulls(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e,
                              bool desc, int nulls)
{
    struct sqlx_order_item *it = sqlx_arena_zalloc(a, sizeof(*it));
    it->expr = e;
    it->desc = desc;
    it->nulls = nulls;
    sqlx_vec_push_arena(&s->order_by, a, it);
}

void sqlx_ast_order_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e, bool desc)
{
    sqlx_ast_order_add_nulls(a, s, e, desc, 0);
}

void sqlx_ast_group_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e)
{
    sqlx_vec_push_arena(&s->group_by, a, e);
}

void sqlx_ast_join_add(struct sqlx_arena *a, struct sqlx_select *s, enum sqlx_join_kind kind,
                       const char *table, const char *alias, struct sqlx_expr *on)
{
    struct sqlx_join *j = sqlx_arena_zalloc(a, sizeof(*j));
    j->kind = kind;
    j->table.name = dup_or_null(a, table);
    j->table.alias = dup_or_null(a, alias);
    j->on = on;
    sqlx_vec_push_arena(&s->joins, a, j);
}

void sqlx_ast_set_add(struct sqlx_arena *a, struct sqlx_update *u, const char *column,
                      struct sqlx_expr *value)
{
    struct sqlx_assign *as = sqlx_arena_zalloc(a, sizeof(*as));
    as->column = dup_or_null(a, column);
    as->value = value;
    sqlx_vec_push_arena(&u->set, a, as);
}

void sqlx_ast_insert_columns(struct sqlx_arena *a, struct sqlx_insert *ins, const char **cols,
                             size_t n)
{
    const char **copy = NULL;
    if (n > 0) {
        copy = sqlx_arena_alloc(a, n * sizeof(*copy));
        for (size_t i = 0; i < n; i++)
            copy[i] = dup_or_null(a, cols[i]);
    }
    ins->columns = copy;
    ins->ncolumns = n;
}

void sqlx_ast_insert_row(struct sqlx_arena *a, struct sqlx_insert *ins, struct sqlx_expr **vals)
{
    struct sqlx_vec *row = sqlx_arena_zalloc(a, sizeof(*row));
    for (size_t i = 0; i < ins->ncolumns; i++)
        sqlx_vec_push_arena(row, a, vals[i]);
    sqlx_vec_push_arena(&ins->rows, a, row);
}

void sqlx_ast_returning_add(struct sqlx_arena *a, struct sqlx_ast *st, struct sqlx_expr *e)
{
    struct sqlx_vec *v = NULL;
    switch (st->kind) {
    case SQLX_ST_INSERT:
        v = &st->insert.returning;
        break;
    case SQLX_ST_UPDATE:
        v = &st->update.returning;
        break;
    case SQLX_ST_DELETE:
        v = &st->del.returning;
        break;
    case SQLX_ST_SELECT:
        v = &st->select.items;
        break;
    default:
        break;
    }
    if (v)
        sqlx_vec_push_arena(v, a, new_item(a, e, NULL));
}

/* ---- builders for the multi-dialect nodes ---- */

struct sqlx_expr *sqlx_ast_expr_new(struct sqlx_arena *a, enum sqlx_expr_kind kind)
{
    return new_expr(a, kind);
}

struct sqlx_ast *sqlx_ast_stmt_new(struct sqlx_arena *a, enum sqlx_stmt_kind kind)
{
    return new_stmt(a, kind);
}

struct sqlx_select *sqlx_ast_query_new(struct sqlx_arena *a)
{
    return sqlx_arena_zalloc(a, sizeof(struct sqlx_select));
}

struct sqlx_expr *sqlx_ast_lit(struct sqlx_arena *a, enum sqlx_lit_kind kind,
                               const struct sqlx_value *v)
{
    struct sqlx_expr *e = sqlx_ast_literal(a, v);
    e->lit = kind;
    return e;
}

struct sqlx_type_name *sqlx_ast_type_name(struct sqlx_arena *a, const char *name,
                                          enum sqlx_type_kind kind)
{
    struct sqlx_type_name *t = sqlx_arena_zalloc(a, sizeof(*t));
    char *n = sqlx_arena_strdup(a, name ? name : "");
    for (char *c = n; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    t->name = n;
    t->text = n;
    t->kind = kind;
    return t;
}

struct sqlx_expr *sqlx_ast_cast(struct sqlx_arena *a, struct sqlx_expr *operand,
                                struct sqlx_type_name *type)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_CAST);
    e->left = operand;
    e->type = type;
    return e;
}

struct sqlx_expr *sqlx_ast_case(struct sqlx_arena *a, struct sqlx_expr *operand)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_CASE);
    e->left = operand;
    return e;
}

void sqlx_ast_case_when(struct sqlx_arena *a, struct sqlx_expr *c, struct sqlx_expr *when,
                        struct sqlx_expr *then)
{
    sqlx_vec_push_arena(&c->list, a, when);
    sqlx_vec_push_arena(&c->list, a, then);
}

struct sqlx_expr *sqlx_ast_between(struct sqlx_arena *a, struct sqlx_expr *operand,
                                   struct sqlx_expr *low, struct sqlx_expr *high, bool negated)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_BETWEEN);
    e->left = operand;
    e->right = low;
    e->extra = high;
    e->negated = negated;
    return e;
}

struct sqlx_expr *sqlx_ast_placeholder(struct sqlx_arena *a, enum sqlx_placeholder ph, int index,
                                       const char *name)
{
    struct sqlx_expr *e = new_expr(a, SQLX_EX_PLACEHOLDER);
    e->ph = ph;
    e->index = index;
    e->name = dup_or_null(a, name);
    return e;
}

bool sqlx_ast_has_from(const struct sqlx_select *s)
{
    return s->from.kind != SQLX_TREF_TABLE || s->from.name != NULL;
}

static const char dialect_names[][24] = {
    [SQLX_SQL_POSTGRES] = "postgres",
    [SQLX_SQL_MYSQL] = "mysql",
    [SQLX_SQL_SQLITE] = "sqlite",
};

const char *sqlx_sql_dialect_name(enum sqlx_sql_dialect d)
{
    if ((unsigned)d < sizeof(dialect_names) / sizeof(dialect_names[0]))
        return dialect_names[d];
    return "unknown";
}

int sqlx_sql_dialect_parse(const char *name)
{
    static const struct {
        char name[12]; /* an array, not a pointer: the table needs no relocations */
        enum sqlx_sql_dialect d;
    } names[] = {
        { "postgres", SQLX_SQL_POSTGRES }, { "postgresql", SQLX_SQL_POSTGRES },
        { "pg", SQLX_SQL_POSTGRES },       { "mysql", SQLX_SQL_MYSQL },
        { "mariadb", SQLX_SQL_MYSQL },     { "sqlite", SQLX_SQL_SQLITE },
        { "sqlite3", SQLX_SQL_SQLITE },
    };
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcasecmp(name, names[i].name) == 0)
            return (int)names[i].d;
    return -1;
}
