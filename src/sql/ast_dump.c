/* Debug dump of any AST as one-line S-expressions (sql/ast.h sqlx_ast_dump): every semantic
 * field of every node, in a stable format that tests compare against. Positions and syntax
 * records appear only when asked for. Writes to a caller's buffer; never fails (a malformed
 * tree prints "?" where a required child is missing). Not SQL: sql/print.c renders SQL. */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "sql/ast.h"

struct dump {
    struct sqlx_buf *out;
    unsigned flags;
};

static void d_expr(struct dump *d, const struct sqlx_expr *e);
static void d_query(struct dump *d, const struct sqlx_select *q);
static void d_stmt(struct dump *d, const struct sqlx_ast *st);

static void put(struct dump *d, const char *s)
{
    sqlx_buf_puts(d->out, s);
}

static void sp(struct dump *d)
{
    sqlx_buf_putc(d->out, ' ');
}

/* Writes bytes as a double-quoted string with \" \\ and \xHH escapes. */
static void put_quoted(struct dump *d, const char *s, size_t n)
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
static void put_name(struct dump *d, const char *s)
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
        put_quoted(d, s, strlen(s));
}

static void put_qualified(struct dump *d, const char *schema, const char *table, const char *name)
{
    if (schema) {
        put_name(d, schema);
        sqlx_buf_putc(d->out, '.');
    }
    if (table) {
        put_name(d, table);
        if (name)
            sqlx_buf_putc(d->out, '.');
    }
    if (name)
        put_name(d, name);
}

static void put_pos(struct dump *d, int pos)
{
    if ((d->flags & SQLX_AST_DUMP_POS) && pos > 0) {
        sqlx_buf_putc(d->out, '@');
        sqlx_buf_put_i64(d->out, pos);
    }
}

static void open_node(struct dump *d, const char *name, int pos)
{
    sqlx_buf_putc(d->out, '(');
    put(d, name);
    put_pos(d, pos);
}

static void close_node(struct dump *d)
{
    sqlx_buf_putc(d->out, ')');
}

static void child(struct dump *d, const struct sqlx_expr *e)
{
    sp(d);
    d_expr(d, e);
}

static void opt_child(struct dump *d, const char *label, const struct sqlx_expr *e)
{
    if (!e)
        return;
    sp(d);
    open_node(d, label, 0);
    child(d, e);
    close_node(d);
}

static void d_exprs(struct dump *d, const struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        child(d, v->items[i]);
}

static void d_names(struct dump *d, const struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        sp(d);
        put_name(d, v->items[i]);
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

static void put_syntax(struct dump *d, enum sqlx_syntax s)
{
    if ((d->flags & SQLX_AST_DUMP_SYNTAX) && s != SQLX_SYN_DEFAULT) {
        put(d, " :");
        put(d, syntax_name(s));
    }
}

/* A value node; syn (when not DEFAULT and syntax dumping is on) is added as a :tag. */
static void put_value_syn(struct dump *d, const struct sqlx_value *v, enum sqlx_syntax syn)
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
        put_quoted(d, v->s, v->n);
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
    put_syntax(d, syn);
    put(d, ")");
}

static void put_value(struct dump *d, const struct sqlx_value *v)
{
    put_value_syn(d, v, SQLX_SYN_DEFAULT);
}

static void d_type(struct dump *d, const struct sqlx_type_name *t)
{
    sp(d);
    if (!t) {
        put(d, "?");
        return;
    }
    open_node(d, "type", t->pos);
    sp(d);
    put_qualified(d, t->schema, NULL, t->name);
    d_exprs(d, &t->args);
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
        put_name(d, t->charset);
        put(d, ")");
    }
    close_node(d);
}

static void d_literal(struct dump *d, const struct sqlx_expr *e)
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
        d_type(d, e->type);
        sp(d);
        put_quoted(d, v->type == SQLX_V_TEXT ? v->s : "", v->type == SQLX_V_TEXT ? v->n : 0);
        close_node(d);
        return;
    }
    open_node(d, tag ? tag : "?", 0);
    sp(d);
    put_quoted(d, v->type == SQLX_V_TEXT ? v->s : "", v->type == SQLX_V_TEXT ? v->n : 0);
    close_node(d);
}

static void d_order(struct dump *d, const char *label, const struct sqlx_vec *v)
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
        child(d, o->expr);
        if (o->nulls == 1)
            put(d, " nulls-first");
        else if (o->nulls == 2)
            put(d, " nulls-last");
        close_node(d);
    }
    close_node(d);
}

static void d_bound(struct dump *d, const struct sqlx_frame_bound *b)
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
        child(d, b->offset);
        close_node(d);
    } else if ((unsigned)b->kind <= SQLX_BOUND_UNBOUNDED_FOLLOWING) {
        put(d, names[b->kind]);
    } else {
        put(d, "?");
    }
}

static void d_window_body(struct dump *d, const struct sqlx_window *w)
{
    if (w->base) {
        put(d, " (base ");
        put_name(d, w->base);
        put(d, ")");
    }
    if (w->partition.len > 0) {
        sp(d);
        open_node(d, "partition-by", 0);
        d_exprs(d, &w->partition);
        close_node(d);
    }
    d_order(d, "order-by", &w->order);
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

static void d_over(struct dump *d, const struct sqlx_window *w)
{
    if (!w)
        return;
    sp(d);
    open_node(d, "over", w->pos);
    if (w->ref_only) {
        sp(d);
        put_name(d, w->base);
    } else {
        d_window_body(d, w);
    }
    close_node(d);
}

static void d_func(struct dump *d, const struct sqlx_expr *e)
{
    static const char forms[][24] = { "", " both", " leading", " trailing" };
    open_node(d, "func", e->pos);
    sp(d);
    put_qualified(d, e->schema, NULL, e->name);
    put_syntax(d, e->syntax);
    if (e->distinct)
        put(d, " distinct");
    if ((unsigned)e->form <= SQLX_FN_TRIM_TRAILING)
        put(d, forms[e->form]);
    d_exprs(d, &e->list);
    d_order(d, e->within_group ? "within-group" : "order-by", &e->order_by);
    opt_child(d, "separator", e->extra);
    opt_child(d, "filter", e->filter);
    d_over(d, e->over);
    close_node(d);
}

static void d_subquery_node(struct dump *d, const char *name, const struct sqlx_expr *e)
{
    open_node(d, name, e->pos);
    sp(d);
    d_query(d, e->subquery);
    close_node(d);
}

static void d_placeholder(struct dump *d, const struct sqlx_expr *e)
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
        put_name(d, e->name);
        break;
    }
    close_node(d);
}

static void d_binary(struct dump *d, const struct sqlx_expr *e)
{
    char name[40];
    if (e->op == SQLX_OP_IS_DISTINCT)
        snprintf(name, sizeof(name), "%s", e->negated ? "is-not-distinct" : "is-distinct");
    else
        snprintf(name, sizeof(name), "%s%s", e->negated ? "not-" : "", op_name(e->op));
    open_node(d, name, e->pos);
    if (e->op == SQLX_OP_OTHER) {
        sp(d);
        put_quoted(d, e->name ? e->name : "", e->name ? strlen(e->name) : 0);
    }
    put_syntax(d, e->syntax);
    child(d, e->left);
    child(d, e->right);
    opt_child(d, "escape", e->extra);
    if (e->like_escape)
        put(d, " dialect-escape");
    close_node(d);
}

static void d_expr_kind(struct dump *d, const struct sqlx_expr *e)
{
    static const char groupings[][24] = { "rollup", "cube", "grouping-sets" };
    switch (e->kind) {
    case SQLX_EX_COLUMN:
        open_node(d, "col", e->pos);
        sp(d);
        put_qualified(d, e->schema, e->table, e->name ? e->name : "?");
        close_node(d);
        return;
    case SQLX_EX_STAR:
        open_node(d, "star", e->pos);
        if (e->table) {
            sp(d);
            put_qualified(d, e->schema, e->table, NULL);
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
            put_quoted(d, e->name ? e->name : "", e->name ? strlen(e->name) : 0);
        }
        put_syntax(d, e->syntax);
        child(d, e->left);
        close_node(d);
        return;
    case SQLX_EX_IS_NULL:
        open_node(d, e->negated ? "is-not-null" : "is-null", e->pos);
        put_syntax(d, e->syntax);
        child(d, e->left);
        close_node(d);
        return;
    case SQLX_EX_IN:
        open_node(d, e->negated ? "not-in" : "in", e->pos);
        child(d, e->left);
        if (e->subquery) {
            sp(d);
            d_query(d, e->subquery);
        } else {
            put(d, " (list");
            d_exprs(d, &e->list);
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
            child(d, e->left);
        for (size_t i = 0; i + 1 < e->list.len; i += 2) {
            put(d, " (when");
            child(d, e->list.items[i]);
            child(d, e->list.items[i + 1]);
            put(d, ")");
        }
        opt_child(d, "else", e->right);
        close_node(d);
        return;
    case SQLX_EX_CAST:
        open_node(d, "cast", e->pos);
        put_syntax(d, e->syntax);
        child(d, e->left);
        d_type(d, e->type);
        close_node(d);
        return;
    case SQLX_EX_BETWEEN:
        open_node(d, e->negated ? "not-between" : "between", e->pos);
        if (e->symmetric)
            put(d, " symmetric");
        child(d, e->left);
        child(d, e->right);
        child(d, e->extra);
        close_node(d);
        return;
    case SQLX_EX_IS_TRUTH: {
        const char *what = e->value.type == SQLX_V_BOOL ? (e->value.b ? "true" : "false")
                                                        : "unknown";
        char name[32];
        snprintf(name, sizeof(name), "is-%s%s", e->negated ? "not-" : "", what);
        open_node(d, name, e->pos);
        child(d, e->left);
        close_node(d);
        return;
    }
    case SQLX_EX_QUANTIFIED:
        open_node(d, e->all ? "all" : "any", e->pos);
        put_syntax(d, e->syntax);
        sp(d);
        put(d, op_name(e->op));
        child(d, e->left);
        if (e->subquery) {
            sp(d);
            d_query(d, e->subquery);
        } else {
            child(d, e->right);
        }
        close_node(d);
        return;
    case SQLX_EX_COLLATE:
        open_node(d, "collate", e->pos);
        child(d, e->left);
        sp(d);
        put_name(d, e->name);
        close_node(d);
        return;
    case SQLX_EX_ROW:
        open_node(d, "row", e->pos);
        put_syntax(d, e->syntax);
        d_exprs(d, &e->list);
        close_node(d);
        return;
    case SQLX_EX_ARRAY:
        open_node(d, "array", e->pos);
        d_exprs(d, &e->list);
        close_node(d);
        return;
    case SQLX_EX_SUBSCRIPT:
        open_node(d, e->slice ? "slice" : "subscript", e->pos);
        child(d, e->left);
        if (e->slice) {
            sp(d);
            if (e->right)
                d_expr(d, e->right);
            else
                put(d, "_");
            sp(d);
            if (e->extra)
                d_expr(d, e->extra);
            else
                put(d, "_");
        } else {
            child(d, e->right);
        }
        close_node(d);
        return;
    case SQLX_EX_INTERVAL:
        open_node(d, "interval", e->pos);
        child(d, e->left);
        if (e->name) {
            sp(d);
            put_name(d, e->name);
        }
        close_node(d);
        return;
    case SQLX_EX_GROUPING:
        open_node(d, (unsigned)e->grouping <= SQLX_GROUP_SETS ? groupings[e->grouping] : "?",
                  e->pos);
        put_syntax(d, e->syntax);
        d_exprs(d, &e->list);
        close_node(d);
        return;
    case SQLX_EX_DEFAULT:
        open_node(d, "default", e->pos);
        close_node(d);
        return;
    case SQLX_EX_VARIABLE:
        open_node(d, "var", e->pos);
        sp(d);
        put_name(d, e->name);
        close_node(d);
        return;
    }
    put(d, "(?)");
}

static void d_expr(struct dump *d, const struct sqlx_expr *e)
{
    if (!e) {
        put(d, "?");
        return;
    }
    d_expr_kind(d, e);
}

/* ---- queries ---- */

static void d_join(struct dump *d, const struct sqlx_join *j);

static void d_tref(struct dump *d, const struct sqlx_table_ref *t)
{
    if (!t) {
        put(d, "?");
        return;
    }
    switch (t->kind) {
    case SQLX_TREF_TABLE:
        open_node(d, t->only ? "table-only" : "table", t->pos);
        sp(d);
        put_qualified(d, t->schema, NULL, t->name);
        break;
    case SQLX_TREF_SUBQUERY:
        open_node(d, t->lateral ? "lateral-derived" : "derived", t->pos);
        sp(d);
        d_query(d, t->subquery);
        break;
    case SQLX_TREF_FUNC:
        open_node(d, t->lateral ? "lateral-func" : "table-func", t->pos);
        child(d, t->func);
        if (t->with_ordinality)
            put(d, " with-ordinality");
        break;
    case SQLX_TREF_JOIN:
        open_node(d, "join-group", t->pos);
        sp(d);
        d_tref(d, t->nested_from);
        for (size_t i = 0; i < t->nested_joins.len; i++)
            d_join(d, t->nested_joins.items[i]);
        break;
    default:
        open_node(d, "?", t->pos);
        break;
    }
    if (t->alias) {
        put(d, " (as ");
        put_name(d, t->alias);
        d_names(d, &t->col_aliases);
        put(d, ")");
    }
    close_node(d);
}

static void d_join(struct dump *d, const struct sqlx_join *j)
{
    static const char kinds[][24] = { "join", "left-join", "right-join", "full-join",
                                         "cross-join", "comma" };
    sp(d);
    if (!j) {
        put(d, "?");
        return;
    }
    char name[40];
    snprintf(name, sizeof(name), "%s%s", j->natural ? "natural-" : "",
             (unsigned)j->kind <= SQLX_JOIN_COMMA ? kinds[j->kind] : "?");
    open_node(d, name, j->pos);
    sp(d);
    d_tref(d, &j->table);
    opt_child(d, "on", j->on);
    if (j->using_cols.len > 0) {
        put(d, " (using");
        d_names(d, &j->using_cols);
        put(d, ")");
    }
    close_node(d);
}

static void d_items(struct dump *d, const char *label, const struct sqlx_vec *v)
{
    sp(d);
    open_node(d, label, 0);
    for (size_t i = 0; i < v->len; i++) {
        const struct sqlx_select_item *it = v->items[i];
        sp(d);
        if (!it) {
            put(d, "?");
        } else if (it->alias) {
            put(d, "(as ");
            d_expr(d, it->expr);
            sp(d);
            put_name(d, it->alias);
            put(d, ")");
        } else {
            d_expr(d, it->expr);
        }
    }
    close_node(d);
}

static void d_with(struct dump *d, const struct sqlx_with *w)
{
    if (!w)
        return;
    sp(d);
    open_node(d, w->recursive ? "with-recursive" : "with", w->pos);
    for (size_t i = 0; i < w->ctes.len; i++) {
        const struct sqlx_cte *c = w->ctes.items[i];
        sp(d);
        if (!c) {
            put(d, "?");
            continue;
        }
        open_node(d, "cte", c->pos);
        sp(d);
        put_name(d, c->name);
        if (c->columns.len > 0) {
            put(d, " (columns");
            d_names(d, &c->columns);
            put(d, ")");
        }
        if (c->materialized)
            put(d, c->materialized == 1 ? " materialized" : " not-materialized");
        sp(d);
        if (c->dml)
            d_stmt(d, c->dml);
        else
            d_query(d, c->query);
        close_node(d);
    }
    close_node(d);
}

static void d_rows(struct dump *d, const struct sqlx_vec *rows)
{
    for (size_t i = 0; i < rows->len; i++) {
        const struct sqlx_vec *row = rows->items[i];
        put(d, " (row");
        if (row)
            d_exprs(d, row);
        put(d, ")");
    }
}

static void d_limit(struct dump *d, const struct sqlx_select *q)
{
    static const char forms[][24] = { "", "limit", "comma", "fetch" };
    opt_child(d, "limit", q->limit);
    opt_child(d, "offset", q->offset);
    if (q->with_ties)
        put(d, " with-ties");
    if ((d->flags & SQLX_AST_DUMP_SYNTAX) && q->limit_syntax != SQLX_LIMIT_SYN_NONE &&
        (unsigned)q->limit_syntax <= SQLX_LIMIT_SYN_FETCH) {
        put(d, " :");
        put(d, forms[q->limit_syntax]);
        if (q->limit_all)
            put(d, " :limit-all");
    }
    if (q->lock != SQLX_LOCK_NONE) {
        static const char locks[][24] = { "", "update", "share", "no-key-update",
                                             "key-share" };
        put(d, " (lock ");
        put(d, (unsigned)q->lock <= SQLX_LOCK_KEY_SHARE ? locks[q->lock] : "?");
        if (q->lock_of.len > 0) {
            put(d, " (of");
            d_names(d, &q->lock_of);
            put(d, ")");
        }
        if (q->lock_wait == SQLX_LOCK_NOWAIT)
            put(d, " nowait");
        else if (q->lock_wait == SQLX_LOCK_SKIP_LOCKED)
            put(d, " skip-locked");
        put(d, ")");
    }
}

static void d_select_body(struct dump *d, const struct sqlx_select *q)
{
    if (q->distinct)
        put(d, " distinct");
    if (q->distinct_on.len > 0) {
        put(d, " (distinct-on");
        d_exprs(d, &q->distinct_on);
        put(d, ")");
    }
    d_items(d, "items", &q->items);
    if (sqlx_ast_has_from(q)) {
        put(d, " (from ");
        d_tref(d, &q->from);
        for (size_t i = 0; i < q->joins.len; i++)
            d_join(d, q->joins.items[i]);
        put(d, ")");
    }
    opt_child(d, "where", q->where);
    if (q->group_by.len > 0) {
        put(d, " (group-by");
        d_exprs(d, &q->group_by);
        put(d, ")");
    }
    opt_child(d, "having", q->having);
    for (size_t i = 0; i < q->windows.len; i++) {
        const struct sqlx_window *w = q->windows.items[i];
        if (!w)
            continue;
        put(d, " (window ");
        put_name(d, w->name);
        d_window_body(d, w);
        put(d, ")");
    }
}

static void d_query(struct dump *d, const struct sqlx_select *q)
{
    if (!q) {
        put(d, "?");
        return;
    }
    if (q->setop != SQLX_SETOP_NONE) {
        static const char ops[][24] = { "", "union", "intersect", "except" };
        char name[24];
        snprintf(name, sizeof(name), "%s%s",
                 (unsigned)q->setop <= SQLX_SETOP_EXCEPT ? ops[q->setop] : "?",
                 q->setop_all ? "-all" : "");
        open_node(d, name, q->pos);
        d_with(d, q->with);
        sp(d);
        d_query(d, q->larg);
        sp(d);
        d_query(d, q->rarg);
    } else if (q->values.len > 0) {
        open_node(d, "values", q->pos);
        if ((d->flags & SQLX_AST_DUMP_SYNTAX) && q->values_row)
            put(d, " :row-keyword");
        d_with(d, q->with);
        d_rows(d, &q->values);
    } else {
        open_node(d, "select", q->pos);
        d_with(d, q->with);
        d_select_body(d, q);
    }
    d_order(d, "order-by", &q->order_by);
    d_limit(d, q);
    close_node(d);
}

/* ---- statements ---- */

static const char *or_name(enum sqlx_or_action a)
{
    static const char names[][24] = { "", "replace", "ignore", "abort", "fail", "rollback" };
    return (unsigned)a <= SQLX_OR_ROLLBACK ? names[a] : "?";
}

static void d_assigns(struct dump *d, const struct sqlx_vec *v)
{
    put(d, " (set");
    for (size_t i = 0; i < v->len; i++) {
        const struct sqlx_assign *as = v->items[i];
        if (!as) {
            put(d, " ?");
            continue;
        }
        put(d, " (= ");
        if (as->column) {
            put_qualified(d, NULL, as->table, as->column);
        } else {
            put(d, "(");
            for (size_t j = 0; j < as->columns.len; j++) {
                if (j)
                    sp(d);
                put_name(d, as->columns.items[j]);
            }
            put(d, ")");
        }
        child(d, as->value);
        put(d, ")");
    }
    put(d, ")");
}

static void d_elems(struct dump *d, const struct sqlx_vec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        const struct sqlx_index_elem *el = v->items[i];
        sp(d);
        if (!el) {
            put(d, "?");
            continue;
        }
        bool plain = !el->desc && !el->nulls && !el->collate && !el->opclass && !el->prefix_len;
        if (plain) {
            d_expr(d, el->expr);
            continue;
        }
        put(d, "(elem ");
        d_expr(d, el->expr);
        if (el->prefix_len) {
            put(d, " (prefix ");
            sqlx_buf_put_i64(d->out, el->prefix_len);
            put(d, ")");
        }
        if (el->collate) {
            put(d, " (collate ");
            put_name(d, el->collate);
            put(d, ")");
        }
        if (el->opclass) {
            put(d, " (opclass ");
            put_name(d, el->opclass);
            put(d, ")");
        }
        if (el->desc)
            put(d, " desc");
        if (el->nulls)
            put(d, el->nulls == 1 ? " nulls-first" : " nulls-last");
        put(d, ")");
    }
}

static void d_returning(struct dump *d, const struct sqlx_vec *v)
{
    if (v->len > 0)
        d_items(d, "returning", v);
}

static void d_insert(struct dump *d, const struct sqlx_insert *ins)
{
    d_with(d, ins->with);
    sp(d);
    d_tref(d, &ins->table);
    if (ins->or_action != SQLX_OR_NONE) {
        put(d, " (or ");
        put(d, or_name(ins->or_action));
        put(d, ")");
    }
    put_syntax(d, ins->syntax);
    if (ins->ncolumns > 0) {
        put(d, " (columns");
        for (size_t i = 0; i < ins->ncolumns; i++) {
            sp(d);
            put_name(d, ins->columns[i]);
        }
        put(d, ")");
    }
    if (ins->default_values)
        put(d, " default-values");
    if (ins->rows.len > 0) {
        put(d, " (values");
        d_rows(d, &ins->rows);
        put(d, ")");
    }
    if (ins->row_alias) {
        put(d, " (row-alias ");
        put_name(d, ins->row_alias);
        put(d, ")");
    }
    if (ins->query) {
        sp(d);
        d_query(d, ins->query);
    }
    if (ins->upsert) {
        const struct sqlx_upsert *u = ins->upsert;
        sp(d);
        open_node(d, u->form == SQLX_UPSERT_ON_CONFLICT ? "on-conflict" : "on-duplicate-key",
                  u->pos);
        if (u->target.len > 0) {
            put(d, " (target");
            d_elems(d, &u->target);
            put(d, ")");
        }
        opt_child(d, "target-where", u->target_where);
        if (u->constraint) {
            put(d, " (constraint ");
            put_name(d, u->constraint);
            put(d, ")");
        }
        if (u->do_nothing)
            put(d, " do-nothing");
        else
            d_assigns(d, &u->set);
        opt_child(d, "where", u->where);
        close_node(d);
    }
    d_returning(d, &ins->returning);
}

static void d_from_list(struct dump *d, const char *label, const struct sqlx_table_ref *first,
                        const struct sqlx_vec *joins)
{
    if (!first && joins->len == 0)
        return;
    put(d, " (");
    put(d, label);
    sp(d);
    d_tref(d, first);
    for (size_t i = 0; i < joins->len; i++)
        d_join(d, joins->items[i]);
    put(d, ")");
}

static void d_dml_tail(struct dump *d, const struct sqlx_expr *where, const struct sqlx_vec *order,
                       const struct sqlx_expr *limit, const struct sqlx_vec *returning)
{
    opt_child(d, "where", where);
    d_order(d, "order-by", order);
    opt_child(d, "limit", limit);
    d_returning(d, returning);
}

static void d_update(struct dump *d, const struct sqlx_update *u)
{
    d_with(d, u->with);
    sp(d);
    d_tref(d, &u->table);
    for (size_t i = 0; i < u->joins.len; i++)
        d_join(d, u->joins.items[i]);
    if (u->or_action != SQLX_OR_NONE) {
        put(d, " (or ");
        put(d, or_name(u->or_action));
        put(d, ")");
    }
    d_assigns(d, &u->set);
    if (u->from)
        d_from_list(d, "from", u->from, &u->from_joins);
    d_dml_tail(d, u->where, &u->order_by, u->limit, &u->returning);
}

static void d_delete(struct dump *d, const struct sqlx_delete *del)
{
    d_with(d, del->with);
    if (del->targets.len > 0) {
        put(d, " (targets");
        for (size_t i = 0; i < del->targets.len; i++) {
            sp(d);
            d_tref(d, del->targets.items[i]);
        }
        put(d, ")");
    }
    sp(d);
    d_tref(d, &del->table);
    for (size_t i = 0; i < del->joins.len; i++)
        d_join(d, del->joins.items[i]);
    if (del->using_first)
        d_from_list(d, "using", del->using_first, &del->using_joins);
    d_dml_tail(d, del->where, &del->order_by, del->limit, &del->returning);
}

static void d_txn(struct dump *d, const struct sqlx_txn *t)
{
    static const char modes[][24] = { "", " deferred", " immediate", " exclusive" };
    if ((unsigned)t->mode <= SQLX_TXN_EXCLUSIVE)
        put(d, modes[t->mode]);
    if (t->savepoint) {
        sp(d);
        put_name(d, t->savepoint);
    }
    if (t->isolation) {
        put(d, " (isolation ");
        put_quoted(d, t->isolation, strlen(t->isolation));
        put(d, ")");
    }
    if (t->access)
        put(d, t->access == 1 ? " read-only" : " read-write");
    if (t->chain)
        put(d, " chain");
    put_syntax(d, t->syntax);
}

static void d_constraint(struct dump *d, const struct sqlx_constraint *c)
{
    static const char types[][24] = {
        [SQLX_CON_NOT_NULL] = "not-null",   [SQLX_CON_NULL] = "null",
        [SQLX_CON_DEFAULT] = "default",     [SQLX_CON_PRIMARY_KEY] = "primary-key",
        [SQLX_CON_UNIQUE] = "unique",       [SQLX_CON_CHECK] = "check",
        [SQLX_CON_FOREIGN_KEY] = "references", [SQLX_CON_GENERATED] = "generated",
        [SQLX_CON_IDENTITY] = "identity",   [SQLX_CON_AUTO_INCREMENT] = "auto-increment",
        [SQLX_CON_COLLATE] = "collate",     [SQLX_CON_ON_UPDATE] = "on-update",
        [SQLX_CON_COMMENT] = "comment",
    };
    static const char actions[][24] = { "", "no-action", "restrict", "cascade", "set-null",
                                           "set-default" };
    sp(d);
    if (!c) {
        put(d, "?");
        return;
    }
    open_node(d, (unsigned)c->type <= SQLX_CON_COMMENT ? types[c->type] : "?", c->pos);
    if (c->name && c->type != SQLX_CON_COLLATE) {
        put(d, " (name ");
        put_name(d, c->name);
        put(d, ")");
    } else if (c->type == SQLX_CON_COLLATE) {
        sp(d);
        put_name(d, c->name);
    }
    if (c->columns.len > 0) {
        put(d, " (columns");
        d_elems(d, &c->columns);
        put(d, ")");
    }
    if (c->expr)
        child(d, c->expr);
    if (c->type == SQLX_CON_FOREIGN_KEY) {
        sp(d);
        d_tref(d, &c->ref_table);
        if (c->ref_columns.len > 0) {
            put(d, " (columns");
            d_names(d, &c->ref_columns);
            put(d, ")");
        }
        if (c->on_delete && (unsigned)c->on_delete <= SQLX_FK_SET_DEFAULT) {
            put(d, " (on-delete ");
            put(d, actions[c->on_delete]);
            put(d, ")");
        }
        if (c->on_update && (unsigned)c->on_update <= SQLX_FK_SET_DEFAULT) {
            put(d, " (on-update ");
            put(d, actions[c->on_update]);
            put(d, ")");
        }
        if (c->match)
            put(d, c->match == 1 ? " match-full" : c->match == 2 ? " match-partial"
                                                                 : " match-simple");
    }
    if (c->deferrable)
        put(d, c->deferrable == 1 ? " deferrable" : " not-deferrable");
    if (c->initially)
        put(d, c->initially == 1 ? " initially-deferred" : " initially-immediate");
    if (c->type == SQLX_CON_GENERATED)
        put(d, c->stored ? " stored" : " virtual");
    if (c->type == SQLX_CON_IDENTITY)
        put(d, c->always ? " always" : " by-default");
    if (c->desc)
        put(d, " desc");
    if (c->autoincrement)
        put(d, " autoincrement");
    if (c->nulls_not_distinct)
        put(d, " nulls-not-distinct");
    if (c->on_conflict != SQLX_OR_NONE) {
        put(d, " (on-conflict ");
        put(d, or_name(c->on_conflict));
        put(d, ")");
    }
    close_node(d);
}

static void d_column(struct dump *d, const struct sqlx_column_def *col)
{
    sp(d);
    if (!col) {
        put(d, "?");
        return;
    }
    open_node(d, "column", col->pos);
    sp(d);
    put_name(d, col->name);
    if (col->type)
        d_type(d, col->type);
    for (size_t i = 0; i < col->constraints.len; i++)
        d_constraint(d, col->constraints.items[i]);
    close_node(d);
}

static void d_index_body(struct dump *d, const struct sqlx_create_index *ix)
{
    if (ix->name) {
        sp(d);
        put_qualified(d, ix->schema, NULL, ix->name);
    }
    if (ix->unique)
        put(d, " unique");
    if (ix->concurrently)
        put(d, " concurrently");
    if (ix->if_not_exists)
        put(d, " if-not-exists");
    if (ix->table.name) {
        sp(d);
        d_tref(d, &ix->table);
    }
    if (ix->method) {
        put(d, " (using ");
        put_name(d, ix->method);
        put(d, ")");
    }
    put(d, " (elems");
    d_elems(d, &ix->elems);
    put(d, ")");
    if (ix->include.len > 0) {
        put(d, " (include");
        d_names(d, &ix->include);
        put(d, ")");
    }
    opt_child(d, "where", ix->where);
}

static void d_create_table(struct dump *d, const struct sqlx_create_table *ct)
{
    sp(d);
    d_tref(d, &ct->table);
    if (ct->temporary)
        put(d, " temporary");
    if (ct->unlogged)
        put(d, " unlogged");
    if (ct->if_not_exists)
        put(d, " if-not-exists");
    for (size_t i = 0; i < ct->columns.len; i++)
        d_column(d, ct->columns.items[i]);
    for (size_t i = 0; i < ct->constraints.len; i++)
        d_constraint(d, ct->constraints.items[i]);
    for (size_t i = 0; i < ct->indexes.len; i++) {
        put(d, " (index");
        d_index_body(d, ct->indexes.items[i]);
        put(d, ")");
    }
    if (ct->as_query) {
        put(d, " (as ");
        d_query(d, ct->as_query);
        put(d, ")");
    }
    for (size_t i = 0; i < ct->options.len; i++) {
        const struct sqlx_table_option *o = ct->options.items[i];
        put(d, " (option ");
        put_quoted(d, o->name ? o->name : "", o->name ? strlen(o->name) : 0);
        if (o->value) {
            sp(d);
            put_quoted(d, o->value, strlen(o->value));
        }
        put(d, ")");
    }
}

static void d_alter(struct dump *d, const struct sqlx_alter_table *at)
{
    static const char kinds[][24] = {
        [SQLX_ALTER_ADD_COLUMN] = "add-column",       [SQLX_ALTER_DROP_COLUMN] = "drop-column",
        [SQLX_ALTER_RENAME_COLUMN] = "rename-column", [SQLX_ALTER_RENAME_TABLE] = "rename-table",
        [SQLX_ALTER_COLUMN_TYPE] = "set-type",        [SQLX_ALTER_SET_DEFAULT] = "set-default",
        [SQLX_ALTER_DROP_DEFAULT] = "drop-default",   [SQLX_ALTER_SET_NOT_NULL] = "set-not-null",
        [SQLX_ALTER_DROP_NOT_NULL] = "drop-not-null",
        [SQLX_ALTER_ADD_CONSTRAINT] = "add-constraint",
        [SQLX_ALTER_DROP_CONSTRAINT] = "drop-constraint",
        [SQLX_ALTER_MODIFY_COLUMN] = "modify-column",
    };
    sp(d);
    d_tref(d, &at->table);
    if (at->if_exists)
        put(d, " if-exists");
    if (at->only)
        put(d, " only");
    for (size_t i = 0; i < at->cmds.len; i++) {
        const struct sqlx_alter_cmd *c = at->cmds.items[i];
        sp(d);
        if (!c) {
            put(d, "?");
            continue;
        }
        open_node(d, (unsigned)c->kind <= SQLX_ALTER_MODIFY_COLUMN ? kinds[c->kind] : "?",
                  c->pos);
        if (c->name) {
            sp(d);
            put_name(d, c->name);
        }
        if (c->new_name) {
            put(d, " (to ");
            put_name(d, c->new_name);
            put(d, ")");
        }
        if (c->if_exists)
            put(d, " if-exists");
        if (c->if_not_exists)
            put(d, " if-not-exists");
        if (c->column)
            d_column(d, c->column);
        if (c->constraint)
            d_constraint(d, c->constraint);
        if (c->type)
            d_type(d, c->type);
        if (c->expr)
            child(d, c->expr);
        if (c->cascade)
            put(d, " cascade");
        if (c->first)
            put(d, " first");
        if (c->after) {
            put(d, " (after ");
            put_name(d, c->after);
            put(d, ")");
        }
        close_node(d);
    }
}

static void d_drop(struct dump *d, const struct sqlx_drop *dr)
{
    static const char objs[][24] = { "table", "view", "materialized-view", "index", "type" };
    sp(d);
    put(d, (unsigned)dr->object <= SQLX_OBJ_TYPE ? objs[dr->object] : "?");
    if (dr->temporary)
        put(d, " temporary");
    if (dr->concurrently)
        put(d, " concurrently");
    if (dr->if_exists)
        put(d, " if-exists");
    for (size_t i = 0; i < dr->names.len; i++) {
        const struct sqlx_table_ref *t = dr->names.items[i];
        sp(d);
        if (t)
            put_qualified(d, t->schema, NULL, t->name);
        else
            put(d, "?");
    }
    if (dr->on_table) {
        put(d, " (on ");
        d_tref(d, dr->on_table);
        put(d, ")");
    }
    if (dr->cascade)
        put(d, " cascade");
    if (dr->restrict_written && (d->flags & SQLX_AST_DUMP_SYNTAX))
        put(d, " :restrict");
}

static void d_stmt(struct dump *d, const struct sqlx_ast *st)
{
    static const char txn_ops[][24] = { "begin", "commit", "rollback", "savepoint", "release",
                                           "rollback-to" };
    if (!st) {
        put(d, "?");
        return;
    }
    switch (st->kind) {
    case SQLX_ST_SELECT:
        d_query(d, &st->select);
        return;
    case SQLX_ST_INSERT:
        open_node(d, "insert", st->pos);
        d_insert(d, &st->insert);
        break;
    case SQLX_ST_UPDATE:
        open_node(d, "update", st->pos);
        d_update(d, &st->update);
        break;
    case SQLX_ST_DELETE:
        open_node(d, "delete", st->pos);
        d_delete(d, &st->del);
        break;
    case SQLX_ST_TXN:
        open_node(d, (unsigned)st->txn.op <= SQLX_TXN_ROLLBACK_TO ? txn_ops[st->txn.op] : "?",
                  st->pos);
        d_txn(d, &st->txn);
        break;
    case SQLX_ST_CREATE_TABLE:
        open_node(d, "create-table", st->pos);
        d_create_table(d, &st->create_table);
        break;
    case SQLX_ST_ALTER_TABLE:
        open_node(d, "alter-table", st->pos);
        d_alter(d, &st->alter_table);
        break;
    case SQLX_ST_DROP:
        open_node(d, "drop", st->pos);
        d_drop(d, &st->drop);
        break;
    case SQLX_ST_CREATE_INDEX:
        open_node(d, "create-index", st->pos);
        d_index_body(d, &st->create_index);
        break;
    case SQLX_ST_CREATE_VIEW: {
        const struct sqlx_create_view *v = &st->create_view;
        open_node(d, v->materialized ? "create-materialized-view" : "create-view", st->pos);
        sp(d);
        put_qualified(d, v->name.schema, NULL, v->name.name);
        if (v->or_replace)
            put(d, " or-replace");
        if (v->temporary)
            put(d, " temporary");
        if (v->if_not_exists)
            put(d, " if-not-exists");
        if (v->columns.len > 0) {
            put(d, " (columns");
            d_names(d, &v->columns);
            put(d, ")");
        }
        sp(d);
        d_query(d, v->query);
        if (v->check_option)
            put(d, v->check_option == 2 ? " check-option-local" : " check-option");
        break;
    }
    case SQLX_ST_CREATE_TYPE: {
        const struct sqlx_create_type *t = &st->create_type;
        open_node(d, "create-enum", st->pos);
        sp(d);
        put_qualified(d, t->name.schema, NULL, t->name.name);
        for (size_t i = 0; i < t->labels.len; i++) {
            sp(d);
            put_quoted(d, t->labels.items[i], strlen(t->labels.items[i]));
        }
        break;
    }
    default:
        put(d, "(?");
        break;
    }
    close_node(d);
}

void sqlx_ast_dump(const struct sqlx_ast *st, unsigned flags, struct sqlx_buf *out)
{
    struct dump d = { .out = out, .flags = flags };
    d_stmt(&d, st);
}

void sqlx_ast_dump_expr(const struct sqlx_expr *e, unsigned flags, struct sqlx_buf *out)
{
    struct dump d = { .out = out, .flags = flags };
    d_expr(&d, e);
}

void sqlx_ast_dump_query(const struct sqlx_select *q, unsigned flags, struct sqlx_buf *out)
{
    struct dump d = { .out = out, .flags = flags };
    d_query(&d, q);
}
