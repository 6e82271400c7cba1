/* The SQL printer: walks a universal AST and writes SQL text for one dialect table, appending
 * every PARAM value to the bound-parameter list in text order. Owns identifier quoting (the only
 * place in the program that quotes a name) and the inline rendering of parser-built literals.
 * Must never write a PARAM value into the text, and must leave sql and params as they were when
 * it fails. */
#include "sql/print.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nesting deeper than this is refused instead of risking the C stack on a hostile parsed tree.
 * Builders in api/ produce left-deep AND chains, one level per filter, far below this. */
#define MAX_DEPTH 1000

/* LIMIT value printed when only OFFSET is given: SQLite and MySQL need a LIMIT before OFFSET,
 * and INT64_MAX is accepted as "no limit" by SQLite, PostgreSQL and MySQL alike. */
#define NO_LIMIT "9223372036854775807"

/* Binding strength, loosest first. Comparisons, IS NULL, IN and LIKE share one level and are
 * never chained without parentheses (PostgreSQL and SQLite disagree on their associativity). */
enum prec {
    PREC_TOP = 0,   /* a whole clause item: never parenthesised */
    PREC_OR,
    PREC_AND,
    PREC_NOT,
    PREC_CMP,
    PREC_CONCAT,    /* ||: SQLite binds it above *, PostgreSQL below +; see child_parens */
    PREC_ADD,
    PREC_MUL,
    PREC_NEG,
    PREC_ATOM = 100 /* columns, parameters, literals, calls, parenthesised subqueries */
};

struct printer {
    const struct sqlx_dialect *d;
    struct sqlx_arena *a;
    struct sqlx_buf *out;
    struct sqlx_params *params;
    struct sqlx_err *err;
    int depth; /* current expression / subquery nesting */
};

static int print_expr(struct printer *p, const struct sqlx_expr *e, int parent, bool right);
static int print_select(struct printer *p, const struct sqlx_select *s);

void sqlx_sql_quote_ident(const struct sqlx_dialect *d, const char *name, struct sqlx_buf *out)
{
    char open = d->quote_open ? d->quote_open : '"';
    char close = d->quote_close ? d->quote_close : open;
    sqlx_buf_putc(out, open);
    for (const char *c = name; *c; c++) {
        if (*c == close)
            sqlx_buf_putc(out, close);
        sqlx_buf_putc(out, *c);
    }
    sqlx_buf_putc(out, close);
}

/* Writes s as a single-quoted SQL string with embedded quotes doubled. */
static int put_string(struct printer *p, const char *s, size_t n)
{
    if (memchr(s, '\0', n))
        return sqlx_err_set(p->err, SQLX_EINVAL, "text literal contains a NUL byte");
    sqlx_buf_putc(p->out, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            sqlx_buf_putc(p->out, '\'');
        sqlx_buf_putc(p->out, s[i]);
    }
    sqlx_buf_putc(p->out, '\'');
    return 0;
}

/* Shortest of %.15g..%.17g that reads back to the same double, always with a '.' or exponent so
 * the engine types it as a float, and with '.' whatever the C locale says. */
static int put_float(struct printer *p, double f)
{
    char tmp[48];
    if (!isfinite(f))
        return sqlx_err_set(p->err, SQLX_EUNSUPPORTED,
                            "non-finite float literal cannot be written as SQL");
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof(tmp), "%.*g", prec, f);
        for (char *c = tmp; *c; c++)
            if (*c == ',')
                *c = '.';
        if (strtod(tmp, NULL) == f)
            break;
    }
    sqlx_buf_puts(p->out, tmp);
    if (!strpbrk(tmp, ".e"))
        sqlx_buf_puts(p->out, ".0");
    return 0;
}

static int put_literal(struct printer *p, const struct sqlx_value *v)
{
    static const char hex[] = "0123456789ABCDEF";
    switch (v->type) {
    case SQLX_V_NULL:
        sqlx_buf_puts(p->out, "NULL");
        return 0;
    case SQLX_V_INT:
        sqlx_buf_put_i64(p->out, v->i);
        return 0;
    case SQLX_V_FLOAT:
        return put_float(p, v->f);
    case SQLX_V_BOOL:
        if (v->b)
            sqlx_buf_puts(p->out, p->d->true_literal ? p->d->true_literal : "TRUE");
        else
            sqlx_buf_puts(p->out, p->d->false_literal ? p->d->false_literal : "FALSE");
        return 0;
    case SQLX_V_TEXT:
        return put_string(p, v->s, v->n);
    case SQLX_V_BLOB:
        /* X'..' is the standard binary literal (SQLite, MySQL); PostgreSQL needs a translation
         * rule to '\x..'::bytea, which belongs to the translator, not here. */
        sqlx_buf_puts(p->out, "X'");
        for (size_t i = 0; i < v->n; i++) {
            unsigned char c = (unsigned char)v->s[i];
            sqlx_buf_putc(p->out, hex[c >> 4]);
            sqlx_buf_putc(p->out, hex[c & 15]);
        }
        sqlx_buf_putc(p->out, '\'');
        return 0;
    }
    return sqlx_err_set(p->err, SQLX_EINTERNAL, "unknown literal value type %d", (int)v->type);
}

/* Appends v to the parameter list (growing it in the arena) and writes its placeholder. */
static void put_param(struct printer *p, const struct sqlx_value *v)
{
    struct sqlx_params *ps = p->params;
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 8;
        struct sqlx_value *nv = sqlx_arena_alloc(p->a, cap * sizeof(*nv));
        if (ps->n > 0)
            memcpy(nv, ps->v, ps->n * sizeof(*nv));
        ps->v = nv;
        ps->cap = cap;
    }
    ps->v[ps->n++] = *v;
    switch (p->d->param_style) {
    case SQLX_PARAM_DOLLAR:
        sqlx_buf_putc(p->out, '$');
        sqlx_buf_put_i64(p->out, (int64_t)ps->n);
        break;
    case SQLX_PARAM_QNUM:
        sqlx_buf_putc(p->out, '?');
        sqlx_buf_put_i64(p->out, (int64_t)ps->n);
        break;
    case SQLX_PARAM_QMARK:
    default:
        sqlx_buf_putc(p->out, '?');
        break;
    }
}

static bool concat_is_operator(const struct sqlx_dialect *d)
{
    return !d->concat_op || strcmp(d->concat_op, "||") == 0;
}

static int op_prec(const struct printer *p, enum sqlx_op op)
{
    switch (op) {
    case SQLX_OP_OR:
        return PREC_OR;
    case SQLX_OP_AND:
        return PREC_AND;
    case SQLX_OP_EQ:
    case SQLX_OP_NEQ:
    case SQLX_OP_LT:
    case SQLX_OP_LTE:
    case SQLX_OP_GT:
    case SQLX_OP_GTE:
    case SQLX_OP_LIKE:
    case SQLX_OP_ILIKE:
        return PREC_CMP;
    case SQLX_OP_CONCAT:
        return concat_is_operator(p->d) ? PREC_CONCAT : PREC_ATOM;
    case SQLX_OP_ADD:
    case SQLX_OP_SUB:
        return PREC_ADD;
    case SQLX_OP_MUL:
    case SQLX_OP_DIV:
    case SQLX_OP_MOD:
        return PREC_MUL;
    default:
        return PREC_ATOM;
    }
}

static int expr_prec(const struct printer *p, const struct sqlx_expr *e)
{
    switch (e->kind) {
    case SQLX_EX_BINARY:
        return op_prec(p, e->op);
    case SQLX_EX_UNARY:
        return e->op == SQLX_OP_NOT ? PREC_NOT : PREC_NEG;
    case SQLX_EX_IS_NULL:
    case SQLX_EX_IN:
        return PREC_CMP;
    case SQLX_EX_SUBQUERY:
        /* NOT EXISTS (...) reads as an atom; a negated EXISTS still needs no parentheses. */
        return PREC_ATOM;
    case SQLX_EX_LITERAL:
        /* A negative number after unary minus would read "--5", a comment. */
        if ((e->value.type == SQLX_V_INT && e->value.i < 0) ||
            (e->value.type == SQLX_V_FLOAT && signbit(e->value.f)))
            return PREC_NEG;
        return PREC_ATOM;
    default:
        return PREC_ATOM;
    }
}

/* Whether a child of precedence `child` under an operator of precedence `parent` needs
 * parentheses. The tree's shape is kept exactly: equal precedence on the right is parenthesised
 * (a - (b - c)) except for AND, OR and ||, which are associative. */
static bool child_parens(int parent, int child, bool right)
{
    if (parent == PREC_TOP || child == PREC_ATOM)
        return false;
    if (parent == PREC_CONCAT)
        return child != PREC_CONCAT && child < PREC_NEG;
    if (parent == PREC_NOT || parent == PREC_NEG)
        return true;
    if (child != parent)
        return child < parent;
    if (parent == PREC_AND || parent == PREC_OR)
        return false;
    if (parent == PREC_CMP)
        return true;
    return right;
}

static const char *op_text(enum sqlx_op op)
{
    switch (op) {
    case SQLX_OP_EQ:
        return " = ";
    case SQLX_OP_NEQ:
        return " <> ";
    case SQLX_OP_LT:
        return " < ";
    case SQLX_OP_LTE:
        return " <= ";
    case SQLX_OP_GT:
        return " > ";
    case SQLX_OP_GTE:
        return " >= ";
    case SQLX_OP_AND:
        return " AND ";
    case SQLX_OP_OR:
        return " OR ";
    case SQLX_OP_ADD:
        return " + ";
    case SQLX_OP_SUB:
        return " - ";
    case SQLX_OP_MUL:
        return " * ";
    case SQLX_OP_DIV:
        return " / ";
    case SQLX_OP_MOD:
        return " % ";
    case SQLX_OP_CONCAT:
        return " || ";
    default:
        return NULL;
    }
}

static int need(struct printer *p, const void *ptr, const char *what)
{
    if (ptr)
        return 0;
    return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: %s is missing", what);
}

/* Function names are written bare, so they must be plain identifiers: defence in depth against a
 * caller that lets a request choose an aggregate without a whitelist. */
static int put_func_name(struct printer *p, const char *name)
{
    int rc = need(p, name, "function name");
    if (rc)
        return rc;
    for (const char *c = name; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_' ||
                  (c != name && *c >= '0' && *c <= '9');
        if (!ok)
            return sqlx_err_set(p->err, SQLX_EINVAL, "invalid function name \"%s\"", name);
    }
    if (!*name)
        return sqlx_err_set(p->err, SQLX_EINVAL, "invalid function name \"\"");
    sqlx_buf_puts(p->out, name);
    return 0;
}

static int print_list(struct printer *p, const struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        int rc = print_expr(p, v->items[i], PREC_TOP, false);
        if (rc)
            return rc;
    }
    return 0;
}

static void put_qualified(struct printer *p, const char *table, const char *name)
{
    if (table) {
        sqlx_sql_quote_ident(p->d, table, p->out);
        sqlx_buf_putc(p->out, '.');
    }
    if (name)
        sqlx_sql_quote_ident(p->d, name, p->out);
}

/* CONCAT(a, b, c) for dialects without ||: a left-deep chain flattens into one call. */
static int print_concat_args(struct printer *p, const struct sqlx_expr *e)
{
    int rc;
    if (e->kind == SQLX_EX_BINARY && e->op == SQLX_OP_CONCAT) {
        if ((rc = need(p, e->left, "concatenation operand")) ||
            (rc = need(p, e->right, "concatenation operand")) ||
            (rc = print_concat_args(p, e->left)))
            return rc;
        sqlx_buf_puts(p->out, ", ");
        return print_concat_args(p, e->right);
    }
    return print_expr(p, e, PREC_TOP, false);
}

static int print_like(struct printer *p, const struct sqlx_expr *e)
{
    bool lower = e->op == SQLX_OP_ILIKE && p->d->ilike_form == SQLX_ILIKE_LOWER;
    int rc;
    if (lower) {
        sqlx_buf_puts(p->out, "lower(");
        if ((rc = print_expr(p, e->left, PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    } else if ((rc = print_expr(p, e->left, PREC_CMP, false))) {
        return rc;
    }
    if (e->negated)
        sqlx_buf_puts(p->out, " NOT");
    sqlx_buf_puts(p->out, e->op == SQLX_OP_ILIKE && !lower ? " ILIKE " : " LIKE ");
    if (lower) {
        sqlx_buf_puts(p->out, "lower(");
        if ((rc = print_expr(p, e->right, PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    } else if ((rc = print_expr(p, e->right, PREC_CMP, true))) {
        return rc;
    }
    if (e->like_escape) {
        const char *esc = p->d->like_escape;
        if (!esc || !*esc)
            return sqlx_err_set(p->err, SQLX_EUNSUPPORTED,
                                "LIKE with an escape character is not supported by this dialect");
        sqlx_buf_puts(p->out, " ESCAPE ");
        return put_string(p, esc, strlen(esc));
    }
    return 0;
}

static int print_binary(struct printer *p, const struct sqlx_expr *e)
{
    int rc, prec = op_prec(p, e->op);
    if ((rc = need(p, e->left, "left operand")) || (rc = need(p, e->right, "right operand")))
        return rc;
    if (e->op == SQLX_OP_LIKE || e->op == SQLX_OP_ILIKE)
        return print_like(p, e);
    if (e->op == SQLX_OP_CONCAT && !concat_is_operator(p->d)) {
        sqlx_buf_puts(p->out, "CONCAT(");
        if ((rc = print_concat_args(p, e)))
            return rc;
        sqlx_buf_putc(p->out, ')');
        return 0;
    }
    const char *text = op_text(e->op);
    if (!text)
        return sqlx_err_set(p->err, SQLX_EINVAL, "operator %d is not a binary operator",
                            (int)e->op);
    if ((rc = print_expr(p, e->left, prec, false)))
        return rc;
    sqlx_buf_puts(p->out, text);
    return print_expr(p, e->right, prec, true);
}

static int print_unary(struct printer *p, const struct sqlx_expr *e)
{
    int rc = need(p, e->left, "operand");
    if (rc)
        return rc;
    if (e->op == SQLX_OP_NOT) {
        sqlx_buf_puts(p->out, "NOT ");
        return print_expr(p, e->left, PREC_NOT, false);
    }
    if (e->op == SQLX_OP_NEG) {
        sqlx_buf_putc(p->out, '-');
        return print_expr(p, e->left, PREC_NEG, false);
    }
    return sqlx_err_set(p->err, SQLX_EINVAL, "operator %d is not a unary operator", (int)e->op);
}

static int print_in(struct printer *p, const struct sqlx_expr *e)
{
    int rc = need(p, e->left, "IN operand");
    if (rc)
        return rc;
    if (!e->subquery && e->list.len == 0) {
        /* x IN () is a syntax error everywhere; the empty set matches nothing. */
        sqlx_buf_puts(p->out, e->negated ? "(1=1)" : "(1=0)");
        return 0;
    }
    if ((rc = print_expr(p, e->left, PREC_CMP, false)))
        return rc;
    sqlx_buf_puts(p->out, e->negated ? " NOT IN (" : " IN (");
    rc = e->subquery ? print_select(p, e->subquery) : print_list(p, &e->list);
    if (rc)
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_func(struct printer *p, const struct sqlx_expr *e)
{
    int rc = put_func_name(p, e->name);
    if (rc)
        return rc;
    sqlx_buf_putc(p->out, '(');
    if (e->distinct)
        sqlx_buf_puts(p->out, "DISTINCT ");
    if ((rc = print_list(p, &e->list)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_subquery(struct printer *p, const struct sqlx_expr *e)
{
    int rc = need(p, e->subquery, "subquery");
    if (rc)
        return rc;
    if (e->op == SQLX_OP_EXISTS)
        sqlx_buf_puts(p->out, e->negated ? "NOT EXISTS (" : "EXISTS (");
    else
        sqlx_buf_putc(p->out, '(');
    if ((rc = print_select(p, e->subquery)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_node(struct printer *p, const struct sqlx_expr *e)
{
    int rc;
    switch (e->kind) {
    case SQLX_EX_COLUMN:
        if ((rc = need(p, e->name, "column name")))
            return rc;
        put_qualified(p, e->table, e->name);
        return 0;
    case SQLX_EX_PARAM:
        put_param(p, &e->value);
        return 0;
    case SQLX_EX_LITERAL:
        return put_literal(p, &e->value);
    case SQLX_EX_STAR:
        put_qualified(p, e->table, NULL);
        sqlx_buf_putc(p->out, '*');
        return 0;
    case SQLX_EX_BINARY:
        return print_binary(p, e);
    case SQLX_EX_UNARY:
        return print_unary(p, e);
    case SQLX_EX_IS_NULL:
        if ((rc = need(p, e->left, "IS NULL operand")) ||
            (rc = print_expr(p, e->left, PREC_CMP, false)))
            return rc;
        sqlx_buf_puts(p->out, e->negated ? " IS NOT NULL" : " IS NULL");
        return 0;
    case SQLX_EX_IN:
        return print_in(p, e);
    case SQLX_EX_FUNC:
        return print_func(p, e);
    case SQLX_EX_SUBQUERY:
        return print_subquery(p, e);
    }
    return sqlx_err_set(p->err, SQLX_EINTERNAL, "unknown expression kind %d", (int)e->kind);
}

/* Prints e as a child of an operator of precedence `parent` (PREC_TOP for a clause item),
 * on the operator's right side when `right`. */
static int print_expr(struct printer *p, const struct sqlx_expr *e, int parent, bool right)
{
    int rc = need(p, e, "expression");
    if (rc)
        return rc;
    if (++p->depth > MAX_DEPTH) {
        rc = sqlx_err_set(p->err, SQLX_ETOOBIG, "SQL expression nesting exceeds %d levels",
                          MAX_DEPTH);
        goto out;
    }
    bool parens = child_parens(parent, expr_prec(p, e), right);
    if (parens)
        sqlx_buf_putc(p->out, '(');
    if ((rc = print_node(p, e)))
        goto out;
    if (parens)
        sqlx_buf_putc(p->out, ')');
out:
    p->depth--;
    return rc;
}

static int print_table(struct printer *p, const struct sqlx_table_ref *t)
{
    int rc = need(p, t->name, "table name");
    if (rc)
        return rc;
    put_qualified(p, t->schema, t->name);
    if (t->alias) {
        sqlx_buf_puts(p->out, " AS ");
        sqlx_sql_quote_ident(p->d, t->alias, p->out);
    }
    return 0;
}

/* Comma-separated select items or RETURNING items, each with an optional alias. */
static int print_items(struct printer *p, const struct sqlx_vec *items)
{
    for (size_t i = 0; i < items->len; i++) {
        const struct sqlx_select_item *it = items->items[i];
        int rc;
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if ((rc = need(p, it, "select item")) ||
            (rc = print_expr(p, it->expr, PREC_TOP, false)))
            return rc;
        if (it->alias) {
            sqlx_buf_puts(p->out, " AS ");
            sqlx_sql_quote_ident(p->d, it->alias, p->out);
        }
    }
    return 0;
}

static int print_join(struct printer *p, const struct sqlx_join *j)
{
    static const char *const kw[] = {
        [SQLX_JOIN_INNER] = " JOIN ",       [SQLX_JOIN_LEFT] = " LEFT JOIN ",
        [SQLX_JOIN_RIGHT] = " RIGHT JOIN ", [SQLX_JOIN_FULL] = " FULL JOIN ",
        [SQLX_JOIN_CROSS] = " CROSS JOIN ",
    };
    int rc;
    if ((unsigned)j->kind > SQLX_JOIN_CROSS)
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown join kind %d", (int)j->kind);
    if ((j->kind == SQLX_JOIN_CROSS) != (j->on == NULL))
    {
        const char *name = j->table.name ? j->table.name : "";
        if (j->on)
            return sqlx_err_set(p->err, SQLX_EINVAL,
                                "CROSS JOIN to table \"%s\" cannot have an ON condition", name);
        return sqlx_err_set(p->err, SQLX_EINVAL, "join to table \"%s\" has no ON condition",
                            name);
    }
    sqlx_buf_puts(p->out, kw[j->kind]);
    if ((rc = print_table(p, &j->table)))
        return rc;
    if (j->on) {
        sqlx_buf_puts(p->out, " ON ");
        return print_expr(p, j->on, PREC_TOP, false);
    }
    return 0;
}

static int print_order(struct printer *p, const struct sqlx_vec *order)
{
    for (size_t i = 0; i < order->len; i++) {
        const struct sqlx_order_item *o = order->items[i];
        int rc;
        sqlx_buf_puts(p->out, i > 0 ? ", " : " ORDER BY ");
        if ((rc = need(p, o, "ORDER BY item")) ||
            (rc = print_expr(p, o->expr, PREC_TOP, false)))
            return rc;
        if (o->desc)
            sqlx_buf_puts(p->out, " DESC");
        /* SQLite 3.30+ and PostgreSQL take NULLS FIRST/LAST; MySQL needs an emulation
         * (ORDER BY x IS NULL, x) that the translation rules will add. */
        if (o->nulls == 1)
            sqlx_buf_puts(p->out, " NULLS FIRST");
        else if (o->nulls == 2)
            sqlx_buf_puts(p->out, " NULLS LAST");
    }
    return 0;
}

static int print_limit(struct printer *p, const struct sqlx_select *s)
{
    int rc = 0;
    if (p->d->limit_form == SQLX_LIMIT_FETCH_FIRST) {
        /* PostgreSQL takes only a simple value after FETCH FIRST; anything else is wrapped. */
        if (s->offset) {
            sqlx_buf_puts(p->out, " OFFSET ");
            if ((rc = print_expr(p, s->offset, PREC_NEG, false)))
                return rc;
            sqlx_buf_puts(p->out, " ROWS");
        }
        if (s->limit) {
            sqlx_buf_puts(p->out, " FETCH FIRST ");
            if ((rc = print_expr(p, s->limit, PREC_NEG, false)))
                return rc;
            sqlx_buf_puts(p->out, " ROWS ONLY");
        }
        return 0;
    }
    if (s->limit || s->offset) {
        sqlx_buf_puts(p->out, " LIMIT ");
        if (s->limit)
            rc = print_expr(p, s->limit, PREC_TOP, false);
        else
            sqlx_buf_puts(p->out, NO_LIMIT);
        if (rc)
            return rc;
    }
    if (s->offset) {
        sqlx_buf_puts(p->out, " OFFSET ");
        rc = print_expr(p, s->offset, PREC_TOP, false);
    }
    return rc;
}

static int print_select(struct printer *p, const struct sqlx_select *s)
{
    int rc;
    if (++p->depth > MAX_DEPTH) {
        rc = sqlx_err_set(p->err, SQLX_ETOOBIG, "SQL expression nesting exceeds %d levels",
                          MAX_DEPTH);
        goto out;
    }
    sqlx_buf_puts(p->out, s->distinct ? "SELECT DISTINCT " : "SELECT ");
    if (s->items.len == 0)
        sqlx_buf_putc(p->out, '*');
    else if ((rc = print_items(p, &s->items)))
        goto out;
    if (s->from.name) {
        sqlx_buf_puts(p->out, " FROM ");
        if ((rc = print_table(p, &s->from)))
            goto out;
    } else if (s->joins.len > 0) {
        rc = sqlx_err_set(p->err, SQLX_EINVAL, "SELECT with joins has no FROM table");
        goto out;
    }
    for (size_t i = 0; i < s->joins.len; i++)
        if ((rc = print_join(p, s->joins.items[i])))
            goto out;
    if (s->where) {
        sqlx_buf_puts(p->out, " WHERE ");
        if ((rc = print_expr(p, s->where, PREC_TOP, false)))
            goto out;
    }
    if (s->group_by.len > 0) {
        sqlx_buf_puts(p->out, " GROUP BY ");
        if ((rc = print_list(p, &s->group_by)))
            goto out;
    }
    if (s->having) {
        sqlx_buf_puts(p->out, " HAVING ");
        if ((rc = print_expr(p, s->having, PREC_TOP, false)))
            goto out;
    }
    if ((rc = print_order(p, &s->order_by)))
        goto out;
    rc = print_limit(p, s);
out:
    p->depth--;
    return rc;
}

static int print_returning(struct printer *p, const struct sqlx_vec *ret)
{
    if (ret->len == 0)
        return 0;
    if (!p->d->supports_returning)
        return sqlx_err_set(p->err, SQLX_EUNSUPPORTED, "RETURNING is not supported by this dialect");
    sqlx_buf_puts(p->out, " RETURNING ");
    return print_items(p, ret);
}

static int print_where(struct printer *p, const struct sqlx_expr *where)
{
    if (!where)
        return 0;
    sqlx_buf_puts(p->out, " WHERE ");
    return print_expr(p, where, PREC_TOP, false);
}

static int print_insert_columns(struct printer *p, const struct sqlx_insert *ins)
{
    if (ins->ncolumns == 0)
        return 0;
    sqlx_buf_puts(p->out, " (");
    for (size_t i = 0; i < ins->ncolumns; i++) {
        int rc = need(p, ins->columns[i], "column name");
        if (rc)
            return rc;
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        sqlx_sql_quote_ident(p->d, ins->columns[i], p->out);
    }
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_insert_rows(struct printer *p, const struct sqlx_insert *ins)
{
    sqlx_buf_puts(p->out, " VALUES ");
    for (size_t r = 0; r < ins->rows.len; r++) {
        const struct sqlx_vec *row = ins->rows.items[r];
        int rc;
        if (!row || row->len == 0 || (ins->ncolumns > 0 && row->len != ins->ncolumns))
            return sqlx_err_set(p->err, SQLX_EINVAL,
                                "INSERT row %zu has %zu values but %zu columns are listed", r + 1,
                                row ? row->len : 0, ins->ncolumns);
        sqlx_buf_puts(p->out, r > 0 ? ", (" : "(");
        if ((rc = print_list(p, row)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    }
    return 0;
}

static int print_insert(struct printer *p, const struct sqlx_insert *ins)
{
    int rc;
    /* Checked first so a dialect without RETURNING fails before any text is written. */
    if (ins->returning.len > 0 && !p->d->supports_returning)
        return print_returning(p, &ins->returning);
    if ((rc = need(p, ins->table.name, "table name")))
        return rc;
    if (ins->default_values && ins->rows.len > 0)
        return sqlx_err_set(p->err, SQLX_EINVAL,
                            "INSERT into table \"%s\" has both DEFAULT VALUES and rows",
                            ins->table.name);
    if (!ins->default_values && ins->rows.len == 0)
        return sqlx_err_set(p->err, SQLX_EINVAL, "INSERT into table \"%s\" has no rows",
                            ins->table.name);
    sqlx_buf_puts(p->out, "INSERT INTO ");
    put_qualified(p, ins->table.schema, ins->table.name);
    if (ins->default_values)
        sqlx_buf_puts(p->out, " DEFAULT VALUES");
    else if ((rc = print_insert_columns(p, ins)) || (rc = print_insert_rows(p, ins)))
        return rc;
    return print_returning(p, &ins->returning);
}

static int print_update(struct printer *p, const struct sqlx_update *u)
{
    int rc;
    if (u->returning.len > 0 && !p->d->supports_returning)
        return print_returning(p, &u->returning);
    if (u->set.len == 0)
        return sqlx_err_set(p->err, SQLX_EINVAL, "UPDATE of table \"%s\" sets no columns",
                            u->table.name ? u->table.name : "");
    sqlx_buf_puts(p->out, "UPDATE ");
    if ((rc = print_table(p, &u->table)))
        return rc;
    for (size_t i = 0; i < u->set.len; i++) {
        const struct sqlx_assign *as = u->set.items[i];
        sqlx_buf_puts(p->out, i > 0 ? ", " : " SET ");
        if ((rc = need(p, as, "SET item")) || (rc = need(p, as->column, "column name")))
            return rc;
        sqlx_sql_quote_ident(p->d, as->column, p->out);
        sqlx_buf_puts(p->out, " = ");
        if ((rc = print_expr(p, as->value, PREC_TOP, false)))
            return rc;
    }
    if ((rc = print_where(p, u->where)))
        return rc;
    return print_returning(p, &u->returning);
}

static int print_delete(struct printer *p, const struct sqlx_delete *del)
{
    int rc;
    if (del->returning.len > 0 && !p->d->supports_returning)
        return print_returning(p, &del->returning);
    sqlx_buf_puts(p->out, "DELETE FROM ");
    if ((rc = print_table(p, &del->table)) || (rc = print_where(p, del->where)))
        return rc;
    return print_returning(p, &del->returning);
}

int sqlx_sql_print(const struct sqlx_ast *st, const struct sqlx_dialect *d, struct sqlx_arena *a,
                   struct sqlx_buf *sql, struct sqlx_params *params, struct sqlx_err *err)
{
    struct printer p = { .d = d, .a = a, .out = sql, .params = params, .err = err };
    size_t sql_len = sql->len, nparams = params->n;
    int rc;
    switch (st->kind) {
    case SQLX_ST_SELECT:
        rc = print_select(&p, &st->select);
        break;
    case SQLX_ST_INSERT:
        rc = print_insert(&p, &st->insert);
        break;
    case SQLX_ST_UPDATE:
        rc = print_update(&p, &st->update);
        break;
    case SQLX_ST_DELETE:
        rc = print_delete(&p, &st->del);
        break;
    default:
        rc = sqlx_err_set(err, SQLX_EINTERNAL, "unknown statement kind %d", (int)st->kind);
        break;
    }
    if (rc == 0 && sql->failed)
        rc = sqlx_err_set(err, SQLX_ETOOBIG, "SQL text exceeds the buffer limit");
    if (rc != 0) {
        /* Roll back: a failed render leaves no partial statement and no stray parameters. */
        sql->len = sql_len;
        if (sql->data)
            sql->data[sql_len] = '\0';
        params->n = nparams;
    }
    return rc;
}
