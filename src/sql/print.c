/* The SQL printer: walks a universal AST and writes SQL text for one dialect table, appending
 * every PARAM value to the bound-parameter list in text order. This file owns identifier quoting
 * (the only place in the program that quotes a name), inline literals and expressions; queries
 * and DML are in print_query.c, DDL and type names in print_ddl.c. Must never write a PARAM
 * value into the text, and must leave sql and params as they were when it fails. */
#include "sql/print.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql/keywords.h"
#include "sql/print_int.h"

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

const char *sqlx_sql__pr_target(const struct sqlx_printer *p)
{
    switch (p->fam) {
    case SQLX_SQL_POSTGRES:
        return "PostgreSQL";
    case SQLX_SQL_MYSQL:
        return p->mariadb ? "MariaDB" : "MySQL";
    case SQLX_SQL_SQLITE:
        return "SQLite";
    }
    return "the target dialect";
}

int sqlx_sql__pr_unsupported(struct sqlx_printer *p, int pos, const char *what)
{
    int rc = sqlx_err_set(p->err, SQLX_EUNSUPPORTED, "%s is not supported by %s", what,
                          sqlx_sql__pr_target(p));
    if (p->err)
        p->err->position = pos;
    return rc;
}

int sqlx_sql__pr_need(struct sqlx_printer *p, const void *ptr, const char *what)
{
    if (ptr)
        return 0;
    return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: %s is missing", what);
}

/* Keywords are written as given (upper case); kept as a function so a lower-case style could be
 * chosen in one place. */
void sqlx_sql__pr_kw(struct sqlx_printer *p, const char *s)
{
    sqlx_buf_puts(p->out, s);
}

/* Can name be written without quotes in the target? Plain words only, never a keyword that any
 * of the three dialects reserves (so the text also reads back the same in the others), and for
 * PostgreSQL, which folds unquoted names to lower case, no upper-case letter. */
static bool bare_ok(const struct sqlx_printer *p, const char *name)
{
    const char *c = name;
    if (!*c || (*c >= '0' && *c <= '9'))
        return false;
    for (; *c; c++) {
        bool lower = (*c >= 'a' && *c <= 'z'), upper = (*c >= 'A' && *c <= 'Z');
        if (!(lower || upper || *c == '_' || (*c >= '0' && *c <= '9')))
            return false;
        if (upper && p->fam == SQLX_SQL_POSTGRES)
            return false;
    }
    enum sqlx_kw kw = sqlx_sql__keyword(name, strlen(name));
    if (kw == SQLX_KW_NONE_)
        return true;
    return !sqlx_sql__keyword_reserved(kw, SQLX_SQL_POSTGRES) &&
           !sqlx_sql__keyword_reserved(kw, SQLX_SQL_MYSQL) &&
           !sqlx_sql__keyword_reserved(kw, SQLX_SQL_SQLITE);
}

void sqlx_sql__pr_ident(struct sqlx_printer *p, const char *name)
{
    if (p->fold_lower) {
        char *l = sqlx_arena_strdup(p->a, name);
        for (char *c = l; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        name = l;
    }
    if (!p->quote_all && bare_ok(p, name)) {
        sqlx_buf_puts(p->out, name);
        return;
    }
    sqlx_sql_quote_ident(p->d, name, p->out);
}

void sqlx_sql__pr_qualified(struct sqlx_printer *p, const char *qual, const char *name)
{
    if (qual) {
        sqlx_sql__pr_ident(p, qual);
        sqlx_buf_putc(p->out, '.');
    }
    if (name)
        sqlx_sql__pr_ident(p, name);
}

/* Writes s as a single-quoted SQL string. Quotes are doubled everywhere; MySQL (backslash
 * escapes on by default) also needs every backslash doubled, and writes NUL as \0. */
int sqlx_sql__pr_string(struct sqlx_printer *p, const char *s, size_t n)
{
    bool my = !p->legacy && p->fam == SQLX_SQL_MYSQL;
    if (memchr(s, '\0', n) && !my)
        return sqlx_err_set(p->err, SQLX_EINVAL, "text literal contains a NUL byte");
    sqlx_buf_putc(p->out, '\'');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'')
            sqlx_buf_putc(p->out, '\'');
        else if (my && s[i] == '\\')
            sqlx_buf_putc(p->out, '\\');
        if (my && s[i] == '\0') {
            sqlx_buf_puts(p->out, "\\0");
            continue;
        }
        sqlx_buf_putc(p->out, s[i]);
    }
    sqlx_buf_putc(p->out, '\'');
    return 0;
}

/* Shortest of %.15g..%.17g that reads back to the same double, always with a '.' or exponent so
 * the engine types it as a float, and with '.' whatever the C locale says. */
static int put_float(struct sqlx_printer *p, double f)
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

static void put_hex(struct sqlx_printer *p, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        sqlx_buf_putc(p->out, hex[c >> 4]);
        sqlx_buf_putc(p->out, hex[c & 15]);
    }
}

static int put_value(struct sqlx_printer *p, const struct sqlx_value *v)
{
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
        return sqlx_sql__pr_string(p, v->s, v->n);
    case SQLX_V_BLOB:
        /* X'..' is the standard binary literal (SQLite, MySQL); PostgreSQL reads '\x..' as
         * bytea. */
        if (!p->legacy && p->fam == SQLX_SQL_POSTGRES) {
            sqlx_buf_puts(p->out, "'\\x");
            put_hex(p, v->s, v->n);
            sqlx_buf_puts(p->out, "'::bytea");
            return 0;
        }
        sqlx_buf_puts(p->out, "X'");
        put_hex(p, v->s, v->n);
        sqlx_buf_putc(p->out, '\'');
        return 0;
    }
    return sqlx_err_set(p->err, SQLX_EINTERNAL, "unknown literal value type %d", (int)v->type);
}

static int put_literal(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    const struct sqlx_value *v = &e->value;
    if (p->mask_literals && e->lit != SQLX_LIT_NULL && v->type != SQLX_V_NULL) {
        sqlx_buf_putc(p->out, '?');
        return 0;
    }
    switch (e->lit) {
    case SQLX_LIT_DECIMAL:
    case SQLX_LIT_FLOAT:
        if (v->type != SQLX_V_TEXT)
            break;
        sqlx_buf_put(p->out, v->s, v->n);
        return 0;
    case SQLX_LIT_BITS:
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, e->pos, "a bit-string literal");
        sqlx_buf_puts(p->out, "B'");
        sqlx_buf_put(p->out, v->s, v->n);
        sqlx_buf_putc(p->out, '\'');
        return 0;
    case SQLX_LIT_TYPED: {
        int rc;
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_string(p, v->s, v->n);
        if (!e->type)
            break;
        bool plain = e->type->kind == SQLX_TY_DATE || e->type->kind == SQLX_TY_TIME ||
                     e->type->kind == SQLX_TY_TIMESTAMP;
        if (p->fam == SQLX_SQL_POSTGRES || (plain && !e->type->with_tz && !e->type->args.len)) {
            if ((rc = sqlx_sql__pr_type(p, e->type)))
                return rc;
            sqlx_buf_putc(p->out, ' ');
            return sqlx_sql__pr_string(p, v->s, v->n);
        }
        sqlx_buf_puts(p->out, "CAST(");
        if ((rc = sqlx_sql__pr_string(p, v->s, v->n)))
            return rc;
        sqlx_buf_puts(p->out, " AS ");
        if ((rc = sqlx_sql__pr_type(p, e->type)))
            return rc;
        sqlx_buf_putc(p->out, ')');
        return 0;
    }
    case SQLX_LIT_BOOL:
        if (!p->legacy && v->type == SQLX_V_BOOL) {
            sqlx_buf_puts(p->out, v->b ? "TRUE" : "FALSE");
            return 0;
        }
        break;
    default:
        break;
    }
    return put_value(p, v);
}

/* Appends v to the parameter list (growing it in the arena) and writes its placeholder. */
static void put_param(struct sqlx_printer *p, const struct sqlx_value *v)
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

/* A parameter marker written in the source text, in the target's style. */
static int put_placeholder(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    bool named = e->ph == SQLX_PH_COLON || e->ph == SQLX_PH_AT || e->ph == SQLX_PH_DOLLAR_NAME;
    int seq = ++p->ph_next;
    int n = e->index > 0 ? e->index : seq;
    if (named) {
        if (p->fam != SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, e->pos, "a named parameter");
        sqlx_buf_putc(p->out, e->ph == SQLX_PH_COLON ? ':' : e->ph == SQLX_PH_AT ? '@' : '$');
        sqlx_buf_puts(p->out, e->name ? e->name : "");
        return 0;
    }
    switch (p->fam) {
    case SQLX_SQL_POSTGRES:
        sqlx_buf_printf(p->out, "$%d", n);
        return 0;
    case SQLX_SQL_MYSQL:
        if (e->index > 0 && e->index != seq)
            return sqlx_sql__pr_unsupported(p, e->pos, "a numbered parameter out of order");
        sqlx_buf_putc(p->out, '?');
        return 0;
    case SQLX_SQL_SQLITE:
        if (e->index > 0)
            sqlx_buf_printf(p->out, "?%d", e->index);
        else
            sqlx_buf_putc(p->out, '?');
        return 0;
    }
    return 0;
}

static bool concat_is_operator(const struct sqlx_printer *p)
{
    if (!p->legacy)
        return p->fam != SQLX_SQL_MYSQL;
    return !p->d->concat_op || strcmp(p->d->concat_op, "||") == 0;
}

static int op_prec(const struct sqlx_printer *p, enum sqlx_op op)
{
    switch (op) {
    case SQLX_OP_OR:
        return SQLX_PREC_OR;
    case SQLX_OP_XOR:
        return SQLX_PREC_XOR;
    case SQLX_OP_AND:
        return SQLX_PREC_AND;
    case SQLX_OP_EQ:
    case SQLX_OP_NEQ:
    case SQLX_OP_LT:
    case SQLX_OP_LTE:
    case SQLX_OP_GT:
    case SQLX_OP_GTE:
    case SQLX_OP_LIKE:
    case SQLX_OP_ILIKE:
    case SQLX_OP_GLOB:
    case SQLX_OP_REGEXP:
    case SQLX_OP_IREGEXP:
    case SQLX_OP_SIMILAR:
    case SQLX_OP_MATCH:
    case SQLX_OP_IS_DISTINCT:
        return SQLX_PREC_CMP;
    case SQLX_OP_CONCAT:
        return concat_is_operator(p) ? SQLX_PREC_CONCAT : SQLX_PREC_ATOM;
    case SQLX_OP_ADD:
    case SQLX_OP_SUB:
        return SQLX_PREC_ADD;
    case SQLX_OP_MUL:
    case SQLX_OP_DIV:
    case SQLX_OP_MOD:
    case SQLX_OP_INTDIV:
        return SQLX_PREC_MUL;
    case SQLX_OP_POW:
        return p->fam == SQLX_SQL_POSTGRES ? SQLX_PREC_POW : SQLX_PREC_ATOM;
    case SQLX_OP_BITAND:
    case SQLX_OP_BITOR:
    case SQLX_OP_BITXOR:
    case SQLX_OP_SHL:
    case SQLX_OP_SHR:
    case SQLX_OP_JSON_GET:
    case SQLX_OP_JSON_GET_TEXT:
    case SQLX_OP_JSON_PATH:
    case SQLX_OP_JSON_PATH_TEXT:
    case SQLX_OP_CONTAINS:
    case SQLX_OP_CONTAINED_BY:
    case SQLX_OP_OVERLAP:
    case SQLX_OP_JSON_HAS:
    case SQLX_OP_JSON_HAS_ANY:
    case SQLX_OP_JSON_HAS_ALL:
    case SQLX_OP_TS_MATCH:
    case SQLX_OP_ASSIGN:
    case SQLX_OP_OTHER:
        return SQLX_PREC_BIT;
    default:
        return SQLX_PREC_ATOM;
    }
}

static int expr_prec(const struct sqlx_printer *p, const struct sqlx_expr *e)
{
    switch (e->kind) {
    case SQLX_EX_BINARY:
        if (!p->legacy && e->op == SQLX_OP_IS_DISTINCT && p->fam == SQLX_SQL_MYSQL &&
            !e->negated)
            return SQLX_PREC_NOT; /* NOT (a <=> b) */
        return op_prec(p, e->op);
    case SQLX_EX_UNARY:
        if (e->op == SQLX_OP_NOT)
            return SQLX_PREC_NOT;
        return SQLX_PREC_NEG;
    case SQLX_EX_IS_NULL:
    case SQLX_EX_IN:
    case SQLX_EX_BETWEEN:
    case SQLX_EX_IS_TRUTH:
    case SQLX_EX_QUANTIFIED:
        return SQLX_PREC_CMP;
    case SQLX_EX_COLLATE:
    case SQLX_EX_SUBSCRIPT:
        return SQLX_PREC_POSTFIX;
    case SQLX_EX_SUBQUERY:
        /* NOT EXISTS (...) reads as an atom; a negated EXISTS still needs no parentheses. */
        return SQLX_PREC_ATOM;
    case SQLX_EX_LITERAL:
        /* A negative number after unary minus would read "--5", a comment. */
        if ((e->value.type == SQLX_V_INT && e->value.i < 0) ||
            (e->value.type == SQLX_V_FLOAT && signbit(e->value.f)) ||
            ((e->lit == SQLX_LIT_DECIMAL || e->lit == SQLX_LIT_FLOAT) &&
             e->value.type == SQLX_V_TEXT && e->value.n > 0 && e->value.s[0] == '-'))
            return SQLX_PREC_NEG;
        return SQLX_PREC_ATOM;
    default:
        return SQLX_PREC_ATOM;
    }
}

static bool standard_prec(int prec)
{
    return prec == SQLX_PREC_OR || prec == SQLX_PREC_AND || prec == SQLX_PREC_NOT ||
           prec == SQLX_PREC_CMP || prec == SQLX_PREC_CONCAT || prec == SQLX_PREC_ADD ||
           prec == SQLX_PREC_MUL || prec == SQLX_PREC_NEG;
}

/* Whether a child of precedence `child` under an operator of precedence `parent` needs
 * parentheses. The tree's shape is kept exactly: equal precedence on the right is parenthesised
 * (a - (b - c)) except for AND, OR and ||, which are associative. Levels whose rank differs
 * between dialects are always parenthesised. */
static bool child_parens(int parent, int child, bool right)
{
    if (parent == SQLX_PREC_TOP || child == SQLX_PREC_ATOM)
        return false;
    if (!standard_prec(parent) || !standard_prec(child))
        return !(parent == SQLX_PREC_POSTFIX && child == SQLX_PREC_POSTFIX && !right);
    if (parent == SQLX_PREC_CONCAT)
        return child != SQLX_PREC_CONCAT && child < SQLX_PREC_NEG;
    if (parent == SQLX_PREC_NOT || parent == SQLX_PREC_NEG)
        return true;
    if (child != parent)
        return child < parent;
    if (parent == SQLX_PREC_AND || parent == SQLX_PREC_OR)
        return false;
    if (parent == SQLX_PREC_CMP)
        return true;
    return right;
}

static const char *op_text(const struct sqlx_printer *p, const struct sqlx_expr *e)
{
    bool pg = p->fam == SQLX_SQL_POSTGRES, my = p->fam == SQLX_SQL_MYSQL;
    switch (e->op) {
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
        break;
    }
    if (p->legacy)
        return NULL;
    switch (e->op) {
    case SQLX_OP_BITAND:
        return " & ";
    case SQLX_OP_BITOR:
        return " | ";
    case SQLX_OP_BITXOR:
        return pg ? " # " : my ? " ^ " : NULL;
    case SQLX_OP_SHL:
        return " << ";
    case SQLX_OP_SHR:
        return " >> ";
    case SQLX_OP_POW:
        return pg ? " ^ " : NULL;
    case SQLX_OP_INTDIV:
        return my ? " DIV " : NULL;
    case SQLX_OP_XOR:
        return my ? " XOR " : NULL;
    case SQLX_OP_GLOB:
        return p->fam == SQLX_SQL_SQLITE ? (e->negated ? " NOT GLOB " : " GLOB ") : NULL;
    case SQLX_OP_REGEXP:
        if (pg)
            return e->negated ? " !~ " : " ~ ";
        return e->negated ? " NOT REGEXP " : " REGEXP ";
    case SQLX_OP_IREGEXP:
        return pg ? (e->negated ? " !~* " : " ~* ") : NULL;
    case SQLX_OP_SIMILAR:
        return pg ? (e->negated ? " NOT SIMILAR TO " : " SIMILAR TO ") : NULL;
    case SQLX_OP_MATCH:
        return p->fam == SQLX_SQL_SQLITE ? (e->negated ? " NOT MATCH " : " MATCH ") : NULL;
    case SQLX_OP_IS_DISTINCT:
        if (p->fam == SQLX_SQL_SQLITE)
            return e->negated ? " IS " : " IS NOT ";
        if (my)
            return " <=> ";
        return e->negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ";
    case SQLX_OP_JSON_GET:
        return " -> ";
    case SQLX_OP_JSON_GET_TEXT:
        return " ->> ";
    case SQLX_OP_JSON_PATH:
        return pg ? " #> " : NULL;
    case SQLX_OP_JSON_PATH_TEXT:
        return pg ? " #>> " : NULL;
    case SQLX_OP_CONTAINS:
        return pg ? " @> " : NULL;
    case SQLX_OP_CONTAINED_BY:
        return pg ? " <@ " : NULL;
    case SQLX_OP_OVERLAP:
        return pg ? " && " : NULL;
    case SQLX_OP_JSON_HAS:
        return pg ? " ? " : NULL;
    case SQLX_OP_JSON_HAS_ANY:
        return pg ? " ?| " : NULL;
    case SQLX_OP_JSON_HAS_ALL:
        return pg ? " ?& " : NULL;
    case SQLX_OP_TS_MATCH:
        return pg ? " @@ " : NULL;
    case SQLX_OP_ASSIGN:
        return my ? " := " : NULL;
    default:
        return NULL;
    }
}

static const char *op_name(enum sqlx_op op)
{
    switch (op) {
    case SQLX_OP_BITXOR:
        return "the bitwise XOR operator";
    case SQLX_OP_POW:
        return "the ^ exponent operator";
    case SQLX_OP_INTDIV:
        return "the DIV operator";
    case SQLX_OP_XOR:
        return "the logical XOR operator";
    case SQLX_OP_GLOB:
        return "GLOB";
    case SQLX_OP_IREGEXP:
        return "case-insensitive regular expression matching";
    case SQLX_OP_SIMILAR:
        return "SIMILAR TO";
    case SQLX_OP_MATCH:
        return "MATCH";
    case SQLX_OP_ASSIGN:
        return "the := assignment operator";
    default:
        return "this operator";
    }
}

/* Arguments of MySQL CONCAT(): nested || operands flatten into one argument list. */
static int print_concat_args(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if (e->kind == SQLX_EX_BINARY && e->op == SQLX_OP_CONCAT) {
        if ((rc = sqlx_sql__pr_need(p, e->left, "concatenation operand")) ||
            (rc = sqlx_sql__pr_need(p, e->right, "concatenation operand")) ||
            (rc = print_concat_args(p, e->left)))
            return rc;
        sqlx_buf_puts(p->out, ", ");
        return print_concat_args(p, e->right);
    }
    return sqlx_sql__pr_expr(p, e, SQLX_PREC_TOP, false);
}

static int print_escape(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    if (e->extra) {
        sqlx_buf_puts(p->out, " ESCAPE ");
        return sqlx_sql__pr_expr(p, e->extra, SQLX_PREC_NEG, false);
    }
    if (e->like_escape) {
        const char *esc = p->d->like_escape;
        if (!esc || !*esc)
            return sqlx_err_set(p->err, SQLX_EUNSUPPORTED,
                                "LIKE with an escape character is not supported by this dialect");
        sqlx_buf_puts(p->out, " ESCAPE ");
        return sqlx_sql__pr_string(p, esc, strlen(esc));
    }
    return 0;
}

static int print_like(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    bool lower = e->op == SQLX_OP_ILIKE && p->legacy && p->d->ilike_form == SQLX_ILIKE_LOWER;
    bool native = e->op == SQLX_OP_ILIKE && !lower &&
                  (p->legacy || p->fam == SQLX_SQL_POSTGRES);
    int rc;
    if (lower) {
        sqlx_buf_puts(p->out, "lower(");
        if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    } else if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_CMP, false))) {
        return rc;
    }
    if (e->negated)
        sqlx_buf_puts(p->out, " NOT");
    sqlx_buf_puts(p->out, native ? " ILIKE " : " LIKE ");
    if (lower) {
        sqlx_buf_puts(p->out, "lower(");
        if ((rc = sqlx_sql__pr_expr(p, e->right, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    } else if ((rc = sqlx_sql__pr_expr(p, e->right, SQLX_PREC_CMP, true))) {
        return rc;
    }
    return print_escape(p, e);
}

static int print_binary(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc, prec = op_prec(p, e->op);
    if ((rc = sqlx_sql__pr_need(p, e->left, "left operand")) ||
        (rc = sqlx_sql__pr_need(p, e->right, "right operand")))
        return rc;
    if (e->op == SQLX_OP_LIKE || e->op == SQLX_OP_ILIKE)
        return print_like(p, e);
    if (e->op == SQLX_OP_CONCAT && !concat_is_operator(p)) {
        sqlx_buf_puts(p->out, "CONCAT(");
        if ((rc = print_concat_args(p, e)))
            return rc;
        sqlx_buf_putc(p->out, ')');
        return 0;
    }
    if (!p->legacy && e->op == SQLX_OP_POW && p->fam != SQLX_SQL_POSTGRES) {
        sqlx_buf_puts(p->out, "power(");
        if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_puts(p->out, ", ");
        if ((rc = sqlx_sql__pr_expr(p, e->right, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ')');
        return 0;
    }
    if (e->op == SQLX_OP_OTHER && !p->legacy) {
        if (p->fam != SQLX_SQL_POSTGRES || !e->name)
            return sqlx_sql__pr_unsupported(p, e->pos, "a user-defined operator");
        if ((rc = sqlx_sql__pr_expr(p, e->left, prec, false)))
            return rc;
        sqlx_buf_printf(p->out, " %s ", e->name);
        return sqlx_sql__pr_expr(p, e->right, prec, true);
    }
    const char *text = op_text(p, e);
    if (!text) {
        if (!p->legacy)
            return sqlx_sql__pr_unsupported(p, e->pos, op_name(e->op));
        return sqlx_err_set(p->err, SQLX_EINVAL, "operator %d is not a binary operator",
                            (int)e->op);
    }
    bool my_not = !p->legacy && e->op == SQLX_OP_IS_DISTINCT && p->fam == SQLX_SQL_MYSQL &&
                  !e->negated;
    if (my_not)
        sqlx_buf_puts(p->out, "NOT (");
    if ((rc = sqlx_sql__pr_expr(p, e->left, prec, false)))
        return rc;
    sqlx_buf_puts(p->out, text);
    if ((rc = sqlx_sql__pr_expr(p, e->right, prec, true)))
        return rc;
    if (my_not)
        sqlx_buf_putc(p->out, ')');
    if (e->op == SQLX_OP_SIMILAR)
        return print_escape(p, e);
    return 0;
}

static int print_unary(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc = sqlx_sql__pr_need(p, e->left, "operand");
    if (rc)
        return rc;
    switch (e->op) {
    case SQLX_OP_NOT:
        sqlx_buf_puts(p->out, "NOT ");
        return sqlx_sql__pr_expr(p, e->left, SQLX_PREC_NOT, false);
    case SQLX_OP_NEG:
        sqlx_buf_putc(p->out, '-');
        return sqlx_sql__pr_expr(p, e->left, SQLX_PREC_NEG, false);
    case SQLX_OP_PLUS:
        if (p->legacy)
            break;
        sqlx_buf_putc(p->out, '+');
        return sqlx_sql__pr_expr(p, e->left, SQLX_PREC_NEG, false);
    case SQLX_OP_BITNOT:
        if (p->legacy)
            break;
        sqlx_buf_putc(p->out, '~');
        return sqlx_sql__pr_expr(p, e->left, SQLX_PREC_NEG, false);
    default:
        break;
    }
    return sqlx_err_set(p->err, SQLX_EINVAL, "operator %d is not a unary operator", (int)e->op);
}

/* Are all items literals (fingerprints collapse such IN lists)? */
static bool all_literals(const struct sqlx_vec *list)
{
    for (size_t i = 0; i < list->len; i++) {
        const struct sqlx_expr *x = list->items[i];
        if (!x || (x->kind != SQLX_EX_LITERAL && x->kind != SQLX_EX_PARAM &&
                   x->kind != SQLX_EX_PLACEHOLDER &&
                   !(x->kind == SQLX_EX_UNARY && x->left && x->left->kind == SQLX_EX_LITERAL)))
            return false;
    }
    return true;
}

static int print_in(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc = sqlx_sql__pr_need(p, e->left, "IN operand");
    if (rc)
        return rc;
    if (!e->subquery && e->list.len == 0) {
        /* x IN () is a syntax error everywhere; the empty set matches nothing. */
        sqlx_buf_puts(p->out, e->negated ? "(1=1)" : "(1=0)");
        return 0;
    }
    if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_CMP, false)))
        return rc;
    sqlx_buf_puts(p->out, e->negated ? " NOT IN (" : " IN (");
    if (e->subquery)
        rc = sqlx_sql__pr_query(p, e->subquery);
    else if (p->mask_literals && all_literals(&e->list))
        sqlx_buf_putc(p->out, '?');
    else
        rc = sqlx_sql__pr_list(p, &e->list);
    if (rc)
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

int sqlx_sql__pr_list(struct sqlx_printer *p, const struct sqlx_vec *list)
{
    for (size_t i = 0; i < list->len; i++) {
        int rc;
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if ((rc = sqlx_sql__pr_expr(p, list->items[i], SQLX_PREC_TOP, false)))
            return rc;
    }
    return 0;
}

void sqlx_sql__pr_upper(struct sqlx_printer *p, const char *s)
{
    for (; *s; s++)
        sqlx_buf_putc(p->out, (*s >= 'a' && *s <= 'z') ? (char)(*s - 'a' + 'A') : *s);
}

static int print_subquery(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc = sqlx_sql__pr_need(p, e->subquery, "subquery");
    if (rc)
        return rc;
    if (e->op == SQLX_OP_EXISTS) {
        sqlx_buf_puts(p->out, e->negated ? "NOT EXISTS (" : "EXISTS (");
    } else if (e->op == SQLX_OP_ARRAY && !p->legacy) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, e->pos, "ARRAY(subquery)");
        sqlx_buf_puts(p->out, "ARRAY(");
    } else {
        sqlx_buf_putc(p->out, '(');
    }
    if ((rc = sqlx_sql__pr_query(p, e->subquery)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_case(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    sqlx_buf_puts(p->out, "CASE");
    if (e->left) {
        sqlx_buf_putc(p->out, ' ');
        if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_TOP, false)))
            return rc;
    }
    if (e->list.len == 0 || e->list.len % 2)
        return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: CASE without WHEN pairs");
    for (size_t i = 0; i + 1 < e->list.len; i += 2) {
        sqlx_buf_puts(p->out, " WHEN ");
        if ((rc = sqlx_sql__pr_expr(p, e->list.items[i], SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_puts(p->out, " THEN ");
        if ((rc = sqlx_sql__pr_expr(p, e->list.items[i + 1], SQLX_PREC_TOP, false)))
            return rc;
    }
    if (e->right) {
        sqlx_buf_puts(p->out, " ELSE ");
        if ((rc = sqlx_sql__pr_expr(p, e->right, SQLX_PREC_TOP, false)))
            return rc;
    }
    sqlx_buf_puts(p->out, " END");
    return 0;
}

static int print_cast(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if ((rc = sqlx_sql__pr_need(p, e->left, "CAST operand")) ||
        (rc = sqlx_sql__pr_need(p, e->type, "CAST type")))
        return rc;
    sqlx_buf_puts(p->out, "CAST(");
    if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_TOP, false)))
        return rc;
    sqlx_buf_puts(p->out, " AS ");
    if ((rc = sqlx_sql__pr_type(p, e->type)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_between(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if ((rc = sqlx_sql__pr_need(p, e->left, "BETWEEN operand")) ||
        (rc = sqlx_sql__pr_need(p, e->right, "BETWEEN bound")) ||
        (rc = sqlx_sql__pr_need(p, e->extra, "BETWEEN bound")))
        return rc;
    if (e->symmetric && p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, e->pos, "BETWEEN SYMMETRIC");
    if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_CMP, false)))
        return rc;
    sqlx_buf_puts(p->out, e->negated ? " NOT BETWEEN " : " BETWEEN ");
    if (e->symmetric)
        sqlx_buf_puts(p->out, "SYMMETRIC ");
    if ((rc = sqlx_sql__pr_expr(p, e->right, SQLX_PREC_CMP, true)))
        return rc;
    sqlx_buf_puts(p->out, " AND ");
    return sqlx_sql__pr_expr(p, e->extra, SQLX_PREC_CMP, true);
}

static int print_is_truth(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc = sqlx_sql__pr_need(p, e->left, "IS operand");
    if (rc || (rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_CMP, false)))
        return rc;
    sqlx_buf_puts(p->out, e->negated ? " IS NOT " : " IS ");
    if (e->value.type == SQLX_V_NULL) {
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, e->pos, "IS UNKNOWN");
        sqlx_buf_puts(p->out, "UNKNOWN");
    } else {
        sqlx_buf_puts(p->out, e->value.b ? "TRUE" : "FALSE");
    }
    return 0;
}

static const char *cmp_text(enum sqlx_op op)
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
    default:
        return NULL;
    }
}

static int print_quantified(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    const char *text = cmp_text(e->op);
    int rc;
    if (!text && e->op != SQLX_OP_LIKE && e->op != SQLX_OP_ILIKE)
        return sqlx_sql__pr_unsupported(p, e->pos, "this operator with ANY or ALL");
    if (p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, e->pos, e->all ? "ALL (subquery)" : "ANY (subquery)");
    if (!e->subquery && p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, e->pos, "ANY / ALL over an array");
    if ((rc = sqlx_sql__pr_need(p, e->left, "ANY operand")) ||
        (rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_CMP, false)))
        return rc;
    if (!text)
        text = e->op == SQLX_OP_LIKE ? " LIKE " : " ILIKE ";
    sqlx_buf_puts(p->out, text);
    sqlx_buf_puts(p->out, e->all ? "ALL (" : e->syntax == SQLX_SYN_SOME ? "SOME (" : "ANY (");
    if (e->subquery)
        rc = sqlx_sql__pr_query(p, e->subquery);
    else if (!(rc = sqlx_sql__pr_need(p, e->right, "ANY array")))
        rc = sqlx_sql__pr_expr(p, e->right, SQLX_PREC_TOP, false);
    if (rc)
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_row(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    bool kw = e->list.len < 2 && p->fam != SQLX_SQL_SQLITE;
    if (e->list.len == 0 && p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, e->pos, "an empty row value");
    sqlx_buf_puts(p->out, kw ? "ROW(" : "(");
    if ((rc = sqlx_sql__pr_list(p, &e->list)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static int print_array(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if (p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, e->pos, "an ARRAY constructor");
    sqlx_buf_puts(p->out, "ARRAY[");
    for (size_t i = 0; i < e->list.len; i++) {
        const struct sqlx_expr *x = e->list.items[i];
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if (x && x->kind == SQLX_EX_ARRAY) {
            /* Nested brackets are written without the ARRAY keyword. */
            size_t at = p->out->len;
            if ((rc = print_array(p, x)))
                return rc;
            memmove(p->out->data + at, p->out->data + at + 5, p->out->len - at - 5);
            p->out->len -= 5;
            p->out->data[p->out->len] = '\0';
        } else if ((rc = sqlx_sql__pr_expr(p, x, SQLX_PREC_TOP, false))) {
            return rc;
        }
    }
    sqlx_buf_putc(p->out, ']');
    return 0;
}

static int print_subscript(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if (p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, e->pos, "an array subscript");
    if ((rc = sqlx_sql__pr_need(p, e->left, "subscript base")) ||
        (rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_POSTFIX, false)))
        return rc;
    sqlx_buf_putc(p->out, '[');
    if (e->right && (rc = sqlx_sql__pr_expr(p, e->right, SQLX_PREC_TOP, false)))
        return rc;
    if (e->slice) {
        sqlx_buf_putc(p->out, ':');
        if (e->extra && (rc = sqlx_sql__pr_expr(p, e->extra, SQLX_PREC_TOP, false)))
            return rc;
    }
    sqlx_buf_putc(p->out, ']');
    return 0;
}

/* INTERVAL: PostgreSQL INTERVAL 'text' [field]; MySQL INTERVAL expr unit. The other spelling
 * of each is the translator's business; here a MySQL-style interval in PostgreSQL becomes
 * expr * INTERVAL '1 unit', which means the same. */
static int print_interval(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    const struct sqlx_expr *v = e->left;
    bool str = v && v->kind == SQLX_EX_LITERAL && v->value.type == SQLX_V_TEXT;
    if ((rc = sqlx_sql__pr_need(p, v, "INTERVAL value")))
        return rc;
    if (p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, e->pos, "INTERVAL");
    if (p->fam == SQLX_SQL_MYSQL) {
        if (!e->name || strstr(e->name, " to "))
            return sqlx_sql__pr_unsupported(p, e->pos, "an INTERVAL without a unit");
        sqlx_buf_puts(p->out, "INTERVAL ");
        if ((rc = sqlx_sql__pr_expr(p, v, SQLX_PREC_BIT, false)))
            return rc;
        sqlx_buf_putc(p->out, ' ');
        sqlx_sql__pr_upper(p, e->name);
        return 0;
    }
    if (str) {
        sqlx_buf_puts(p->out, "INTERVAL ");
        if ((rc = sqlx_sql__pr_string(p, v->value.s, v->value.n)))
            return rc;
        if (e->name) {
            sqlx_buf_putc(p->out, ' ');
            sqlx_sql__pr_upper(p, e->name);
        }
        return 0;
    }
    if (!e->name || strchr(e->name, '_') || strstr(e->name, " to "))
        return sqlx_sql__pr_unsupported(p, e->pos, "this INTERVAL unit");
    sqlx_buf_putc(p->out, '(');
    if ((rc = sqlx_sql__pr_expr(p, v, SQLX_PREC_MUL, false)))
        return rc;
    sqlx_buf_printf(p->out, " * INTERVAL '1 %s')", e->name);
    return 0;
}

static int print_grouping(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    static const char *const kw[] = { "ROLLUP (", "CUBE (", "GROUPING SETS (" };
    int rc;
    if (p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, e->pos, e->grouping == SQLX_GROUP_ROLLUP ? "ROLLUP"
                                                   : e->grouping == SQLX_GROUP_CUBE ? "CUBE"
                                                                                    : "GROUPING SETS");
    if ((unsigned)e->grouping > SQLX_GROUP_SETS)
        return sqlx_err_set(p->err, SQLX_EINVAL, "unknown grouping kind %d", (int)e->grouping);
    sqlx_buf_puts(p->out, kw[e->grouping]);
    for (size_t i = 0; i < e->list.len; i++) {
        const struct sqlx_expr *x = e->list.items[i];
        if (i > 0)
            sqlx_buf_puts(p->out, ", ");
        if (x && x->kind == SQLX_EX_ROW) {
            /* a set of several expressions, or () */
            sqlx_buf_putc(p->out, '(');
            if ((rc = sqlx_sql__pr_list(p, &x->list)))
                return rc;
            sqlx_buf_putc(p->out, ')');
        } else if ((rc = sqlx_sql__pr_expr(p, x, SQLX_PREC_TOP, false))) {
            return rc;
        }
    }
    sqlx_buf_putc(p->out, ')');
    return 0;
}

/* MySQL rejects COLLATE binary on text; BINARY x says the same for any operand. */
static bool my_binary(const struct sqlx_printer *p, const struct sqlx_expr *e)
{
    return p->fam == SQLX_SQL_MYSQL && e && e->kind == SQLX_EX_COLLATE && e->name &&
           strcasecmp(e->name, "binary") == 0;
}

static int print_collate(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if ((rc = sqlx_sql__pr_need(p, e->left, "COLLATE operand")) ||
        (rc = sqlx_sql__pr_need(p, e->name, "collation")))
        return rc;
    if (my_binary(p, e)) {
        sqlx_buf_puts(p->out, "BINARY ");
        return sqlx_sql__pr_expr(p, e->left, SQLX_PREC_POSTFIX, false);
    }
    /* (BINARY x) COLLATE c: without parentheses BINARY would take x COLLATE c */
    if (my_binary(p, e->left))
        sqlx_buf_putc(p->out, '(');
    if ((rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_POSTFIX, false)))
        return rc;
    if (my_binary(p, e->left))
        sqlx_buf_putc(p->out, ')');
    sqlx_buf_puts(p->out, " COLLATE ");
    if (p->fam == SQLX_SQL_POSTGRES)
        sqlx_sql_quote_ident(p->d, e->name, p->out);
    else
        sqlx_sql__pr_ident(p, e->name);
    return 0;
}

static int print_node(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    switch (e->kind) {
    case SQLX_EX_COLUMN:
        if ((rc = sqlx_sql__pr_need(p, e->name, "column name")))
            return rc;
        if (e->schema) {
            sqlx_sql__pr_ident(p, e->schema);
            sqlx_buf_putc(p->out, '.');
        }
        sqlx_sql__pr_qualified(p, e->table, e->name);
        return 0;
    case SQLX_EX_PARAM:
        put_param(p, &e->value);
        return 0;
    case SQLX_EX_LITERAL:
        return put_literal(p, e);
    case SQLX_EX_STAR:
        if (e->schema) {
            sqlx_sql__pr_ident(p, e->schema);
            sqlx_buf_putc(p->out, '.');
        }
        sqlx_sql__pr_qualified(p, e->table, NULL);
        sqlx_buf_putc(p->out, '*');
        return 0;
    case SQLX_EX_BINARY:
        return print_binary(p, e);
    case SQLX_EX_UNARY:
        return print_unary(p, e);
    case SQLX_EX_IS_NULL:
        if ((rc = sqlx_sql__pr_need(p, e->left, "IS NULL operand")) ||
            (rc = sqlx_sql__pr_expr(p, e->left, SQLX_PREC_CMP, false)))
            return rc;
        sqlx_buf_puts(p->out, e->negated ? " IS NOT NULL" : " IS NULL");
        return 0;
    case SQLX_EX_IN:
        return print_in(p, e);
    case SQLX_EX_FUNC:
        return sqlx_sql__pr_func(p, e);
    case SQLX_EX_SUBQUERY:
        return print_subquery(p, e);
    default:
        break;
    }
    if (p->legacy)
        return sqlx_err_set(p->err, SQLX_EINTERNAL, "unknown expression kind %d", (int)e->kind);
    switch (e->kind) {
    case SQLX_EX_PLACEHOLDER:
        if (p->mask_literals) {
            sqlx_buf_putc(p->out, '?');
            return 0;
        }
        return put_placeholder(p, e);
    case SQLX_EX_CASE:
        return print_case(p, e);
    case SQLX_EX_CAST:
        return print_cast(p, e);
    case SQLX_EX_BETWEEN:
        return print_between(p, e);
    case SQLX_EX_IS_TRUTH:
        return print_is_truth(p, e);
    case SQLX_EX_QUANTIFIED:
        return print_quantified(p, e);
    case SQLX_EX_COLLATE:
        return print_collate(p, e);
    case SQLX_EX_ROW:
        return print_row(p, e);
    case SQLX_EX_ARRAY:
        return print_array(p, e);
    case SQLX_EX_SUBSCRIPT:
        return print_subscript(p, e);
    case SQLX_EX_INTERVAL:
        return print_interval(p, e);
    case SQLX_EX_GROUPING:
        return print_grouping(p, e);
    case SQLX_EX_DEFAULT:
        sqlx_buf_puts(p->out, "DEFAULT");
        return 0;
    case SQLX_EX_VARIABLE:
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, e->pos, "a MySQL variable");
        if (e->name && e->name[0] != '@')
            sqlx_buf_putc(p->out, '@');
        sqlx_buf_puts(p->out, e->name ? e->name : "");
        return 0;
    default:
        break;
    }
    return sqlx_err_set(p->err, SQLX_EINTERNAL, "unknown expression kind %d", (int)e->kind);
}

/* Prints e as a child of an operator of precedence `parent` (SQLX_PREC_TOP for a clause item),
 * on the operator's right side when `right`. */
int sqlx_sql__pr_expr(struct sqlx_printer *p, const struct sqlx_expr *e, int parent, bool right)
{
    int rc = sqlx_sql__pr_need(p, e, "expression");
    if (rc)
        return rc;
    if (++p->depth > SQLX_PRINT_MAX_DEPTH) {
        rc = sqlx_err_set(p->err, SQLX_ETOOBIG, "SQL expression nesting exceeds %d levels",
                          SQLX_PRINT_MAX_DEPTH);
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

/* ---- statements ---- */

static int print_stmt(struct sqlx_printer *p, const struct sqlx_ast *st)
{
    switch (st->kind) {
    case SQLX_ST_SELECT:
        return sqlx_sql__pr_query(p, &st->select);
    case SQLX_ST_INSERT:
        return sqlx_sql__pr_insert(p, &st->insert);
    case SQLX_ST_UPDATE:
        return sqlx_sql__pr_update(p, &st->update);
    case SQLX_ST_DELETE:
        return sqlx_sql__pr_delete(p, &st->del);
    default:
        break;
    }
    if (p->legacy)
        return sqlx_err_set(p->err, SQLX_EINTERNAL, "unknown statement kind %d", (int)st->kind);
    if (st->kind == SQLX_ST_TXN)
        return sqlx_sql__pr_txn(p, &st->txn);
    return sqlx_sql__pr_ddl(p, st);
}

static int run(struct sqlx_printer *p, const struct sqlx_ast *st)
{
    size_t sql_len = p->out->len, nparams = p->params->n;
    int rc = print_stmt(p, st);
    if (rc == 0 && p->out->failed)
        rc = sqlx_err_set(p->err, SQLX_ETOOBIG, "SQL text exceeds the buffer limit");
    if (rc != 0) {
        /* Roll back: a failed render leaves no partial statement and no stray parameters. */
        p->out->len = sql_len;
        if (p->out->data)
            p->out->data[sql_len] = '\0';
        p->params->n = nparams;
    }
    return rc;
}

int sqlx_sql_print(const struct sqlx_ast *st, const struct sqlx_dialect *d, struct sqlx_arena *a,
                   struct sqlx_buf *sql, struct sqlx_params *params, struct sqlx_err *err)
{
    struct sqlx_printer p = { .d = d, .a = a, .out = sql, .params = params, .err = err,
                              .legacy = true, .quote_all = true };
    /* The family only matters for node kinds the REST API never builds. */
    if (d->quote_open == '`')
        p.fam = SQLX_SQL_MYSQL;
    else if (d->param_style == SQLX_PARAM_DOLLAR)
        p.fam = SQLX_SQL_POSTGRES;
    else
        p.fam = SQLX_SQL_SQLITE;
    return run(&p, st);
}

int sqlx_sql_print_as(const struct sqlx_ast *st, const struct sqlx_dialect *d,
                      const struct sqlx_print_opts *o, struct sqlx_arena *a, struct sqlx_buf *sql,
                      struct sqlx_params *params, struct sqlx_err *err)
{
    struct sqlx_printer p = { .d = d, .a = a, .out = sql, .params = params, .err = err,
                              .fam = o->family, .mariadb = o->mariadb, .lenient = o->lenient,
                              .quote_all = o->quote_all,
                              .fold_lower = o->fold_lower, .mask_literals = o->mask_literals };
    return run(&p, st);
}
