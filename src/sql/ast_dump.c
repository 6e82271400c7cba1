/* Debug dump of any AST as one-line S-expressions (sql/ast.h sqlx_ast_dump): every semantic
 * field of every node, in a stable format that tests compare against. Positions and syntax
 * records appear only when asked for. This file holds names, values, type names, windows and
 * expressions; ast_dump_stmt.c holds queries and statements. Writes to a caller's buffer; never
 * fails (a malformed tree prints "?" where a required child is missing). Not SQL: sql/print.c
 * renders SQL. */
#include "sql/ast_dump_int.h"

#include <stdio.h>
#include <string.h>

/* Writes bytes as a double-quoted string with \" \\ and \xHH escapes. */
void sqlx_sql__dump_quoted(struct sqlx_dumper *d, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    sqlx_buf_putc(d->out, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            sqlx_buf_putc(d->out, '\\');
            sqlx_buf_putc(d->out, (char)c);
        } else if (c < 0x20 || c == 0x7f) {
            sqlx_buf_puts(d->out, "\\x");
            sqlx_buf_putc(d->out, hex[c >> 4]);
            sqlx_buf_putc(d->out, hex[c & 15]);
        } else {
            sqlx_buf_putc(d->out, (char)c);
        }
    }
    sqlx_buf_putc(d->out, '"');
}

/* A name: bare when it is a plain word, quoted otherwise; "?" when missing. */
void sqlx_sql__dump_name(struct sqlx_dumper *d, const char *s)
{
    if (!s) {
        put(d, "?");
        return;
    }
    bool plain = *s != '\0';
    for (const char *c = s; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
              u == '_' || u == '$' || u >= 0x80))
            plain = false;
    }
    if (plain)
        put(d, s);
    else
        sqlx_sql__dump_quoted(d, s, strlen(s));
}

void sqlx_sql__dump_qualified(struct sqlx_dumper *d, const char *schema, const char *table,
                              const char *name)
{
    if (schema) {
        sqlx_sql__dump_name(d, schema);
        sqlx_buf_putc(d->out, '.');
    }
    if (table) {
        sqlx_sql__dump_name(d, table);
        if (name)
            sqlx_buf_putc(d->out, '.');
    }
    if (name)
        sqlx_sql__dump_name(d, name);
}

void sqlx_sql__dump_child(struct sqlx_dumper *d, const struct sqlx_expr *e)
{
    sp(d);
    sqlx_sql__dump_expr(d, e);
}

void sqlx_sql__dump_opt_child(struct sqlx_dumper *d, const char *label, const struct sqlx_expr *e)
{
    if (!e)
        return;
    sp(d);
    open_node(d, label, 0);
    sqlx_sql__dump_child(d, e);
    close_node(d);
}

void sqlx_sql__dump_exprs(struct sqlx_dumper *d, const struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        sqlx_sql__dump_child(d, v->items[i]);
}

void sqlx_sql__dump_names(struct sqlx_dumper *d, const struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        sp(d);
        sqlx_sql__dump_name(d, v->items[i]);
    }
}

static const char *op_name(enum sqlx_op op)
{
    static const char names[][24] = {
        [SQLX_OP_NONE] = "?",          [SQLX_OP_EQ] = "=",
        [SQLX_OP_NEQ] = "<>",          [SQLX_OP_LT] = "<",
        [SQLX_OP_LTE] = "<=",          [SQLX_OP_GT] = ">",
        [SQLX_OP_GTE] = ">=",          [SQLX_OP_AND] = "and",
        [SQLX_OP_OR] = "or",           [SQLX_OP_NOT] = "not",
        [SQLX_OP_LIKE] = "like",       [SQLX_OP_ILIKE] = "ilike",
        [SQLX_OP_ADD] = "+",           [SQLX_OP_SUB] = "-",
        [SQLX_OP_MUL] = "*",           [SQLX_OP_DIV] = "/",
        [SQLX_OP_MOD] = "%",           [SQLX_OP_NEG] = "neg",
        [SQLX_OP_CONCAT] = "||",       [SQLX_OP_EXISTS] = "exists",
        [SQLX_OP_PLUS] = "pos",        [SQLX_OP_BITNOT] = "bitnot",
        [SQLX_OP_BITAND] = "&",        [SQLX_OP_BITOR] = "|",
        [SQLX_OP_BITXOR] = "bitxor",   [SQLX_OP_SHL] = "<<",
        [SQLX_OP_SHR] = ">>",          [SQLX_OP_POW] = "pow",
        [SQLX_OP_INTDIV] = "div",      [SQLX_OP_XOR] = "xor",
        [SQLX_OP_GLOB] = "glob",       [SQLX_OP_REGEXP] = "regexp",
        [SQLX_OP_IREGEXP] = "iregexp", [SQLX_OP_SIMILAR] = "similar",
        [SQLX_OP_MATCH] = "match",     [SQLX_OP_IS_DISTINCT] = "is-distinct",
        [SQLX_OP_JSON_GET] = "->",     [SQLX_OP_JSON_GET_TEXT] = "->>",
        [SQLX_OP_JSON_PATH] = "#>",    [SQLX_OP_JSON_PATH_TEXT] = "#>>",
        [SQLX_OP_CONTAINS] = "@>",     [SQLX_OP_CONTAINED_BY] = "<@",
        [SQLX_OP_OVERLAP] = "&&",      [SQLX_OP_JSON_HAS] = "?",
        [SQLX_OP_JSON_HAS_ANY] = "?|", [SQLX_OP_JSON_HAS_ALL] = "?&",
        [SQLX_OP_TS_MATCH] = "@@",     [SQLX_OP_ASSIGN] = ":=",
        [SQLX_OP_ARRAY] = "array",     [SQLX_OP_OTHER] = "op",
    };
    if ((unsigned)op < sizeof(names) / sizeof(names[0]) && names[op][0])
        return names[op];
    return "?";
}

static const char *syntax_name(enum sqlx_syntax s)
{
    static const char names[][24] = {
        [SQLX_SYN_DEFAULT] = "",
        [SQLX_SYN_CAST_COLONS] = "colons",
        [SQLX_SYN_CAST_CONVERT] = "convert",
        [SQLX_SYN_SYMBOLIC] = "symbolic",
        [SQLX_SYN_KEYWORD] = "keyword",
        [SQLX_SYN_IS] = "is",
        [SQLX_SYN_ISNULL] = "isnull",
        [SQLX_SYN_NO_PARENS] = "no-parens",
        [SQLX_SYN_KEYWORD_ARGS] = "keyword-args",
        [SQLX_SYN_STR_ESCAPE] = "e-string",
        [SQLX_SYN_STR_DOLLAR] = "dollar",
        [SQLX_SYN_STR_NATIONAL] = "national",
        [SQLX_SYN_HEX_NUMBER] = "hex",
        [SQLX_SYN_SOME] = "some",
        [SQLX_SYN_WITH_ROLLUP] = "with-rollup",
        [SQLX_SYN_ROW_KEYWORD] = "row-keyword",
        [SQLX_SYN_RLIKE] = "rlike",
        [SQLX_SYN_REPLACE_INTO] = "replace-into",
        [SQLX_SYN_INSERT_IGNORE] = "insert-ignore",
        [SQLX_SYN_INSERT_SET] = "insert-set",
        [SQLX_SYN_START_TRANSACTION] = "start-transaction",
        [SQLX_SYN_BEGIN_TRANSACTION] = "begin-transaction",
        [SQLX_SYN_END] = "end",
        [SQLX_SYN_NEQ_BANG] = "bang",
        [SQLX_SYN_EQ_DOUBLE] = "double",
    };
    if ((unsigned)s < sizeof(names) / sizeof(names[0]) && names[s][0])
        return names[s];
    return "?";
}

void sqlx_sql__dump_syntax(struct sqlx_dumper *d, enum sqlx_syntax s)
{
    if ((d->flags & SQLX_AST_DUMP_SYNTAX) && s != SQLX_SYN_DEFAULT) {
        put(d, " :");
        put(d, syntax_name(s));
    }
}

/* A value node; syn (when not DEFAULT and syntax dumping is on) is added as a :tag. */
static void put_value_syn(struct sqlx_dumper *d, const struct sqlx_value *v, enum sqlx_syntax syn)
{
    char tmp[40];
    switch (v->type) {
    case SQLX_V_NULL:
        put(d, "(null");
        break;
    case SQLX_V_INT:
        put(d, "(int ");
        sqlx_buf_put_i64(d->out, v->i);
        break;
    case SQLX_V_FLOAT:
        snprintf(tmp, sizeof(tmp), "(float %.17g", v->f);
        put(d, tmp);
        break;
    case SQLX_V_BOOL:
        put(d, v->b ? "(bool true" : "(bool false");
        break;
    case SQLX_V_TEXT:
        put(d, "(str ");
        sqlx_sql__dump_quoted(d, v->s, v->n);
        break;
    case SQLX_V_BLOB: {
        static const char hex[] = "0123456789abcdef";
        put(d, "(blob \"");
        for (size_t i = 0; i < v->n; i++) {
            unsigned char c = (unsigned char)v->s[i];
            sqlx_buf_putc(d->out, hex[c >> 4]);
            sqlx_buf_putc(d->out, hex[c & 15]);
        }
        put(d, "\"");
        break;
    }
    default:
        put(d, "(?");
        break;
    }
    sqlx_sql__dump_syntax(d, syn);
    put(d, ")");
}

static void put_value(struct sqlx_dumper *d, const struct sqlx_value *v)
{
    put_value_syn(d, v, SQLX_SYN_DEFAULT);
}

void sqlx_sql__dump_type(struct sqlx_dumper *d, const struct sqlx_type_name *t)
{
    sp(d);
    if (!t) {
        put(d, "?");
        return;
    }
    open_node(d, "type", t->pos);
    sp(d);
    sqlx_sql__dump_qualified(d, t->schema, NULL, t->name);
    sqlx_sql__dump_exprs(d, &t->args);
    if (t->is_unsigned && strncmp(t->name ? t->name : "", "unsigned", 8) != 0)
        put(d, " unsigned");
    if (t->zerofill)
        put(d, " zerofill");
    if (t->with_tz && strcmp(t->name ? t->name : "", "timestamptz") != 0 &&
        strcmp(t->name ? t->name : "", "timetz") != 0)
        put(d, " tz");
    for (int i = 0; i < t->array_dims; i++)
        put(d, " []");
    if (t->charset) {
        put(d, " (charset ");
        sqlx_sql__dump_name(d, t->charset);
        put(d, ")");
    }
    close_node(d);
}

static void d_literal(struct sqlx_dumper *d, const struct sqlx_expr *e)
{
    const struct sqlx_value *v = &e->value;
    const char *tag = NULL;
    switch (e->lit) {
    case SQLX_LIT_VALUE:
    case SQLX_LIT_INTEGER:
    case SQLX_LIT_STRING:
    case SQLX_LIT_BLOB:
    case SQLX_LIT_BOOL:
    case SQLX_LIT_NULL:
        put_value_syn(d, v, e->syntax);
        return;
    case SQLX_LIT_DECIMAL:
        tag = "dec";
        break;
    case SQLX_LIT_FLOAT:
        tag = "approx";
        break;
    case SQLX_LIT_BITS:
        tag = "bits";
        break;
    case SQLX_LIT_TYPED:
        open_node(d, "typed", 0);
        sqlx_sql__dump_type(d, e->type);
        sp(d);
        sqlx_sql__dump_quoted(d, v->type == SQLX_V_TEXT ? v->s : "",
                              v->type == SQLX_V_TEXT ? v->n : 0);
        close_node(d);
        return;
    }
    open_node(d, tag ? tag : "?", 0);
    sp(d);
    sqlx_sql__dump_quoted(d, v->type == SQLX_V_TEXT ? v->s : "", v->type == SQLX_V_TEXT ? v->n : 0);
    close_node(d);
}

void sqlx_sql__dump_order(struct sqlx_dumper *d, const char *label, const struct sqlx_vec *v)
{
    if (v->len == 0)
        return;
    sp(d);
    open_node(d, label, 0);
    for (size_t i = 0; i < v->len; i++) {
        const struct sqlx_order_item *o = v->items[i];
        sp(d);
        if (!o) {
            put(d, "?");
            continue;
        }
        open_node(d, o->desc ? "desc" : "asc", 0);
        sqlx_sql__dump_child(d, o->expr);
        if (o->nulls == 1)
            put(d, " nulls-first");
        else if (o->nulls == 2)
            put(d, " nulls-last");
        close_node(d);
    }
    close_node(d);
}

static void d_bound(struct sqlx_dumper *d, const struct sqlx_frame_bound *b)
{
    static const char names[][24] = {
        [SQLX_BOUND_UNBOUNDED_PRECEDING] = "unbounded-preceding",
        [SQLX_BOUND_PRECEDING] = "preceding",
        [SQLX_BOUND_CURRENT_ROW] = "current-row",
        [SQLX_BOUND_FOLLOWING] = "following",
        [SQLX_BOUND_UNBOUNDED_FOLLOWING] = "unbounded-following",
    };
    sp(d);
    if (b->kind == SQLX_BOUND_PRECEDING || b->kind == SQLX_BOUND_FOLLOWING) {
        open_node(d, names[b->kind], 0);
        sqlx_sql__dump_child(d, b->offset);
        close_node(d);
    } else if ((unsigned)b->kind <= SQLX_BOUND_UNBOUNDED_FOLLOWING) {
        put(d, names[b->kind]);
    } else {
        put(d, "?");
    }
}

void sqlx_sql__dump_window_body(struct sqlx_dumper *d, const struct sqlx_window *w)
{
    if (w->base) {
        put(d, " (base ");
        sqlx_sql__dump_name(d, w->base);
        put(d, ")");
    }
    if (w->partition.len > 0) {
        sp(d);
        open_node(d, "partition-by", 0);
        sqlx_sql__dump_exprs(d, &w->partition);
        close_node(d);
    }
    sqlx_sql__dump_order(d, "order-by", &w->order);
    if (w->frame) {
        static const char units[][24] = { "rows", "range", "groups" };
        static const char excl[][24] = { "", " exclude-current-row", " exclude-group",
                                            " exclude-ties", " exclude-no-others" };
        const struct sqlx_frame *f = w->frame;
        sp(d);
        open_node(d, (unsigned)f->unit <= SQLX_FRAME_GROUPS ? units[f->unit] : "?", 0);
        d_bound(d, &f->start);
        if (f->has_end)
            d_bound(d, &f->end);
        if ((unsigned)f->exclude <= SQLX_EXCLUDE_NO_OTHERS)
            put(d, excl[f->exclude]);
        close_node(d);
    }
}

static void d_over(struct sqlx_dumper *d, const struct sqlx_window *w)
{
    if (!w)
        return;
    sp(d);
    open_node(d, "over", w->pos);
    if (w->ref_only) {
        sp(d);
        sqlx_sql__dump_name(d, w->base);
    } else {
        sqlx_sql__dump_window_body(d, w);
    }
    close_node(d);
}

static void d_func(struct sqlx_dumper *d, const struct sqlx_expr *e)
{
    static const char forms[][24] = { "", " both", " leading", " trailing" };
    open_node(d, "func", e->pos);
    sp(d);
    sqlx_sql__dump_qualified(d, e->schema, NULL, e->name);
    sqlx_sql__dump_syntax(d, e->syntax);
    if (e->distinct)
        put(d, " distinct");
    if ((unsigned)e->form <= SQLX_FN_TRIM_TRAILING)
        put(d, forms[e->form]);
    sqlx_sql__dump_exprs(d, &e->list);
    sqlx_sql__dump_order(d, e->within_group ? "within-group" : "order-by", &e->order_by);
    sqlx_sql__dump_opt_child(d, "separator", e->extra);
    sqlx_sql__dump_opt_child(d, "filter", e->filter);
    d_over(d, e->over);
    close_node(d);
}

static void d_subquery_node(struct sqlx_dumper *d, const char *name, const struct sqlx_expr *e)
{
    open_node(d, name, e->pos);
    sp(d);
    sqlx_sql__dump_query(d, e->subquery);
    close_node(d);
}

static void d_placeholder(struct sqlx_dumper *d, const struct sqlx_expr *e)
{
    char tmp[24];
    open_node(d, "placeholder", e->pos);
    sp(d);
    switch (e->ph) {
    case SQLX_PH_QMARK:
        put(d, "?");
        break;
    case SQLX_PH_DOLLAR:
    case SQLX_PH_QNUM:
        snprintf(tmp, sizeof(tmp), "%s%d", e->ph == SQLX_PH_DOLLAR ? "$" : "?", e->index);
        put(d, tmp);
        break;
    case SQLX_PH_COLON:
    case SQLX_PH_AT:
    case SQLX_PH_DOLLAR_NAME:
        put(d, e->ph == SQLX_PH_COLON ? ":" : e->ph == SQLX_PH_AT ? "@" : "$");
        sqlx_sql__dump_name(d, e->name);
        break;
    }
    close_node(d);
}

static void d_binary(struct sqlx_dumper *d, const struct sqlx_expr *e)
{
    char name[40];
    if (e->op == SQLX_OP_IS_DISTINCT)
        snprintf(name, sizeof(name), "%s", e->negated ? "is-not-distinct" : "is-distinct");
    else
        snprintf(name, sizeof(name), "%s%s", e->negated ? "not-" : "", op_name(e->op));
    open_node(d, name, e->pos);
    if (e->op == SQLX_OP_OTHER) {
        sp(d);
        sqlx_sql__dump_quoted(d, e->name ? e->name : "", e->name ? strlen(e->name) : 0);
    }
    sqlx_sql__dump_syntax(d, e->syntax);
    sqlx_sql__dump_child(d, e->left);
    sqlx_sql__dump_child(d, e->right);
    sqlx_sql__dump_opt_child(d, "escape", e->extra);
    if (e->like_escape)
        put(d, " dialect-escape");
    close_node(d);
}

static void d_expr_kind(struct sqlx_dumper *d, const struct sqlx_expr *e)
{
    static const char groupings[][24] = { "rollup", "cube", "grouping-sets" };
    switch (e->kind) {
    case SQLX_EX_COLUMN:
        open_node(d, "col", e->pos);
        sp(d);
        sqlx_sql__dump_qualified(d, e->schema, e->table, e->name ? e->name : "?");
        close_node(d);
        return;
    case SQLX_EX_STAR:
        open_node(d, "star", e->pos);
        if (e->table) {
            sp(d);
            sqlx_sql__dump_qualified(d, e->schema, e->table, NULL);
        }
        close_node(d);
        return;
    case SQLX_EX_PARAM:
        open_node(d, "param", e->pos);
        sp(d);
        put_value(d, &e->value);
        close_node(d);
        return;
    case SQLX_EX_LITERAL:
        d_literal(d, e);
        return;
    case SQLX_EX_BINARY:
        d_binary(d, e);
        return;
    case SQLX_EX_UNARY:
        open_node(d, op_name(e->op), e->pos);
        if (e->op == SQLX_OP_OTHER) {
            sp(d);
            sqlx_sql__dump_quoted(d, e->name ? e->name : "", e->name ? strlen(e->name) : 0);
        }
        sqlx_sql__dump_syntax(d, e->syntax);
        sqlx_sql__dump_child(d, e->left);
        close_node(d);
        return;
    case SQLX_EX_IS_NULL:
        open_node(d, e->negated ? "is-not-null" : "is-null", e->pos);
        sqlx_sql__dump_syntax(d, e->syntax);
        sqlx_sql__dump_child(d, e->left);
        close_node(d);
        return;
    case SQLX_EX_IN:
        open_node(d, e->negated ? "not-in" : "in", e->pos);
        sqlx_sql__dump_child(d, e->left);
        if (e->subquery) {
            sp(d);
            sqlx_sql__dump_query(d, e->subquery);
        } else {
            put(d, " (list");
            sqlx_sql__dump_exprs(d, &e->list);
            put(d, ")");
        }
        close_node(d);
        return;
    case SQLX_EX_FUNC:
        d_func(d, e);
        return;
    case SQLX_EX_SUBQUERY:
        if (e->op == SQLX_OP_EXISTS)
            d_subquery_node(d, e->negated ? "not-exists" : "exists", e);
        else if (e->op == SQLX_OP_ARRAY)
            d_subquery_node(d, "array-subquery", e);
        else
            d_subquery_node(d, "subquery", e);
        return;
    case SQLX_EX_PLACEHOLDER:
        d_placeholder(d, e);
        return;
    case SQLX_EX_CASE:
        open_node(d, "case", e->pos);
        if (e->left)
            sqlx_sql__dump_child(d, e->left);
        for (size_t i = 0; i + 1 < e->list.len; i += 2) {
            put(d, " (when");
            sqlx_sql__dump_child(d, e->list.items[i]);
            sqlx_sql__dump_child(d, e->list.items[i + 1]);
            put(d, ")");
        }
        sqlx_sql__dump_opt_child(d, "else", e->right);
        close_node(d);
        return;
    case SQLX_EX_CAST:
        open_node(d, "cast", e->pos);
        sqlx_sql__dump_syntax(d, e->syntax);
        sqlx_sql__dump_child(d, e->left);
        sqlx_sql__dump_type(d, e->type);
        close_node(d);
        return;
    case SQLX_EX_BETWEEN:
        open_node(d, e->negated ? "not-between" : "between", e->pos);
        if (e->symmetric)
            put(d, " symmetric");
        sqlx_sql__dump_child(d, e->left);
        sqlx_sql__dump_child(d, e->right);
        sqlx_sql__dump_child(d, e->extra);
        close_node(d);
        return;
    case SQLX_EX_IS_TRUTH: {
        const char *what = e->value.type == SQLX_V_BOOL ? (e->value.b ? "true" : "false")
                                                        : "unknown";
        char name[32];
        snprintf(name, sizeof(name), "is-%s%s", e->negated ? "not-" : "", what);
        open_node(d, name, e->pos);
        sqlx_sql__dump_child(d, e->left);
        close_node(d);
        return;
    }
    case SQLX_EX_QUANTIFIED:
        open_node(d, e->all ? "all" : "any", e->pos);
        sqlx_sql__dump_syntax(d, e->syntax);
        sp(d);
        put(d, op_name(e->op));
        sqlx_sql__dump_child(d, e->left);
        if (e->subquery) {
            sp(d);
            sqlx_sql__dump_query(d, e->subquery);
        } else {
            sqlx_sql__dump_child(d, e->right);
        }
        close_node(d);
        return;
    case SQLX_EX_COLLATE:
        open_node(d, "collate", e->pos);
        sqlx_sql__dump_child(d, e->left);
        sp(d);
        sqlx_sql__dump_name(d, e->name);
        close_node(d);
        return;
    case SQLX_EX_ROW:
        open_node(d, "row", e->pos);
        sqlx_sql__dump_syntax(d, e->syntax);
        sqlx_sql__dump_exprs(d, &e->list);
        close_node(d);
        return;
    case SQLX_EX_ARRAY:
        open_node(d, "array", e->pos);
        sqlx_sql__dump_exprs(d, &e->list);
        close_node(d);
        return;
    case SQLX_EX_SUBSCRIPT:
        open_node(d, e->slice ? "slice" : "subscript", e->pos);
        sqlx_sql__dump_child(d, e->left);
        if (e->slice) {
            sp(d);
            if (e->right)
                sqlx_sql__dump_expr(d, e->right);
            else
                put(d, "_");
            sp(d);
            if (e->extra)
                sqlx_sql__dump_expr(d, e->extra);
            else
                put(d, "_");
        } else {
            sqlx_sql__dump_child(d, e->right);
        }
        close_node(d);
        return;
    case SQLX_EX_INTERVAL:
        open_node(d, "interval", e->pos);
        sqlx_sql__dump_child(d, e->left);
        if (e->name) {
            sp(d);
            sqlx_sql__dump_name(d, e->name);
        }
        close_node(d);
        return;
    case SQLX_EX_GROUPING:
        open_node(d, (unsigned)e->grouping <= SQLX_GROUP_SETS ? groupings[e->grouping] : "?",
                  e->pos);
        sqlx_sql__dump_syntax(d, e->syntax);
        sqlx_sql__dump_exprs(d, &e->list);
        close_node(d);
        return;
    case SQLX_EX_DEFAULT:
        open_node(d, "default", e->pos);
        close_node(d);
        return;
    case SQLX_EX_VARIABLE:
        open_node(d, "var", e->pos);
        sp(d);
        sqlx_sql__dump_name(d, e->name);
        close_node(d);
        return;
    }
    put(d, "(?)");
}

void sqlx_sql__dump_expr(struct sqlx_dumper *d, const struct sqlx_expr *e)
{
    if (!e) {
        put(d, "?");
        return;
    }
    d_expr_kind(d, e);
}

void sqlx_ast_dump_expr(const struct sqlx_expr *e, unsigned flags, struct sqlx_buf *out)
{
    struct sqlx_dumper d = { .out = out, .flags = flags };
    sqlx_sql__dump_expr(&d, e);
}
