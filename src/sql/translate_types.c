/* The translator's types: what can be told about an expression's type without a schema
 * (literals, casts, operators, known functions; a column is unknown unless its name follows the
 * usual date naming, see temporal_name), and type names rewritten for the target family, for
 * CAST targets (which MySQL restricts to a few names) and for column definitions. */
#include <string.h>
#include <strings.h>

#include "sql/translate_int.h"

bool sqlx_sql__ty_numeric(enum sqlx_sql__ty ty)
{
    return ty == SQLX_TY__INT || ty == SQLX_TY__DEC || ty == SQLX_TY__FLOAT;
}

bool sqlx_sql__ty_temporal(enum sqlx_sql__ty ty)
{
    return ty == SQLX_TY__DATE || ty == SQLX_TY__TS || ty == SQLX_TY__TIME;
}

static enum sqlx_sql__ty from_kind(const struct sqlx_type_name *tn)
{
    if (!tn)
        return SQLX_TY__UNKNOWN;
    switch (tn->kind) {
    case SQLX_TY_INTEGER:
        return SQLX_TY__INT;
    case SQLX_TY_DECIMAL:
        return SQLX_TY__DEC;
    case SQLX_TY_FLOAT:
        return SQLX_TY__FLOAT;
    case SQLX_TY_BOOL:
        return SQLX_TY__BOOL;
    case SQLX_TY_STRING:
    case SQLX_TY_ENUM:
    case SQLX_TY_UUID:
    case SQLX_TY_JSON:
        return SQLX_TY__TEXT;
    case SQLX_TY_BYTES:
        return SQLX_TY__BLOB;
    case SQLX_TY_DATE:
        return SQLX_TY__DATE;
    case SQLX_TY_TIME:
        return SQLX_TY__TIME;
    case SQLX_TY_TIMESTAMP:
        return SQLX_TY__TS;
    case SQLX_TY_INTERVAL:
        return SQLX_TY__INTERVAL;
    default:
        return SQLX_TY__UNKNOWN;
    }
}

/* Function results by name (after translation the names may be any family's). */
struct fn_type {
    const char *name;
    enum sqlx_sql__ty ty;
    int from_arg; /* >= 0: the type of that argument instead */
};

static const struct fn_type fn_types[] = {
    { "count", SQLX_TY__INT, -1 },        { "row_number", SQLX_TY__INT, -1 },
    { "rank", SQLX_TY__INT, -1 },         { "dense_rank", SQLX_TY__INT, -1 },
    { "ntile", SQLX_TY__INT, -1 },        { "length", SQLX_TY__INT, -1 },
    { "char_length", SQLX_TY__INT, -1 },  { "character_length", SQLX_TY__INT, -1 },
    { "octet_length", SQLX_TY__INT, -1 }, { "strpos", SQLX_TY__INT, -1 },
    { "instr", SQLX_TY__INT, -1 },        { "locate", SQLX_TY__INT, -1 },
    { "position", SQLX_TY__INT, -1 },     { "ascii", SQLX_TY__INT, -1 },
    { "unicode", SQLX_TY__INT, -1 },      { "datediff", SQLX_TY__INT, -1 },
    { "timestampdiff", SQLX_TY__INT, -1 }, { "year", SQLX_TY__INT, -1 },
    { "month", SQLX_TY__INT, -1 },        { "day", SQLX_TY__INT, -1 },
    { "dayofmonth", SQLX_TY__INT, -1 },   { "hour", SQLX_TY__INT, -1 },
    { "minute", SQLX_TY__INT, -1 },       { "quarter", SQLX_TY__INT, -1 },
    { "dayofweek", SQLX_TY__INT, -1 },    { "dayofyear", SQLX_TY__INT, -1 },
    { "weekday", SQLX_TY__INT, -1 },      { "sign", SQLX_TY__INT, -1 },
    { "avg", SQLX_TY__DEC, -1 },          { "percent_rank", SQLX_TY__FLOAT, -1 },
    { "cume_dist", SQLX_TY__FLOAT, -1 },  { "sqrt", SQLX_TY__FLOAT, -1 },
    { "power", SQLX_TY__FLOAT, -1 },      { "pow", SQLX_TY__FLOAT, -1 },
    { "exp", SQLX_TY__FLOAT, -1 },        { "ln", SQLX_TY__FLOAT, -1 },
    { "log", SQLX_TY__FLOAT, -1 },        { "log10", SQLX_TY__FLOAT, -1 },
    { "pi", SQLX_TY__FLOAT, -1 },         { "julianday", SQLX_TY__FLOAT, -1 },
    { "total", SQLX_TY__FLOAT, -1 },      { "stddev", SQLX_TY__FLOAT, -1 },
    { "stddev_pop", SQLX_TY__FLOAT, -1 }, { "stddev_samp", SQLX_TY__FLOAT, -1 },
    { "variance", SQLX_TY__FLOAT, -1 },   { "var_pop", SQLX_TY__FLOAT, -1 },
    { "var_samp", SQLX_TY__FLOAT, -1 },   { "lower", SQLX_TY__TEXT, -1 },
    { "upper", SQLX_TY__TEXT, -1 },       { "lcase", SQLX_TY__TEXT, -1 },
    { "ucase", SQLX_TY__TEXT, -1 },       { "concat", SQLX_TY__TEXT, -1 },
    { "concat_ws", SQLX_TY__TEXT, -1 },   { "substr", SQLX_TY__TEXT, -1 },
    { "substring", SQLX_TY__TEXT, -1 },   { "mid", SQLX_TY__TEXT, -1 },
    { "trim", SQLX_TY__TEXT, -1 },        { "ltrim", SQLX_TY__TEXT, -1 },
    { "rtrim", SQLX_TY__TEXT, -1 },       { "btrim", SQLX_TY__TEXT, -1 },
    { "replace", SQLX_TY__TEXT, -1 },     { "repeat", SQLX_TY__TEXT, -1 },
    { "reverse", SQLX_TY__TEXT, -1 },     { "left", SQLX_TY__TEXT, -1 },
    { "right", SQLX_TY__TEXT, -1 },       { "lpad", SQLX_TY__TEXT, -1 },
    { "rpad", SQLX_TY__TEXT, -1 },        { "to_char", SQLX_TY__TEXT, -1 },
    { "date_format", SQLX_TY__TEXT, -1 }, { "strftime", SQLX_TY__TEXT, -1 },
    { "string_agg", SQLX_TY__TEXT, -1 },  { "group_concat", SQLX_TY__TEXT, -1 },
    { "hex", SQLX_TY__TEXT, -1 },         { "printf", SQLX_TY__TEXT, -1 },
    { "format", SQLX_TY__TEXT, -1 },      { "chr", SQLX_TY__TEXT, -1 },
    { "char", SQLX_TY__TEXT, -1 },        { "space", SQLX_TY__TEXT, -1 },
    { "md5", SQLX_TY__TEXT, -1 },         { "now", SQLX_TY__TS, -1 },
    { "current_timestamp", SQLX_TY__TS, -1 }, { "localtimestamp", SQLX_TY__TS, -1 },
    { "sysdate", SQLX_TY__TS, -1 },       { "datetime", SQLX_TY__TS, -1 },
    { "date_trunc", SQLX_TY__TS, -1 },    { "date_add", SQLX_TY__TS, -1 },
    { "date_sub", SQLX_TY__TS, -1 },      { "str_to_date", SQLX_TY__DATE, -1 },
    { "current_date", SQLX_TY__DATE, -1 }, { "curdate", SQLX_TY__DATE, -1 },
    { "date", SQLX_TY__DATE, -1 },        { "make_date", SQLX_TY__DATE, -1 },
    { "last_day", SQLX_TY__DATE, -1 },    { "to_date", SQLX_TY__DATE, -1 },
    { "current_time", SQLX_TY__TIME, -1 }, { "time", SQLX_TY__TIME, -1 },
    { "bool_and", SQLX_TY__BOOL, -1 },    { "bool_or", SQLX_TY__BOOL, -1 },
    { "every", SQLX_TY__BOOL, -1 },       { "min", SQLX_TY__UNKNOWN, 0 },
    { "max", SQLX_TY__UNKNOWN, 0 },       { "sum", SQLX_TY__UNKNOWN, 0 },
    { "abs", SQLX_TY__UNKNOWN, 0 },       { "round", SQLX_TY__UNKNOWN, 0 },
    { "ceil", SQLX_TY__UNKNOWN, 0 },      { "ceiling", SQLX_TY__UNKNOWN, 0 },
    { "floor", SQLX_TY__UNKNOWN, 0 },     { "trunc", SQLX_TY__UNKNOWN, 0 },
    { "truncate", SQLX_TY__UNKNOWN, 0 },  { "coalesce", SQLX_TY__UNKNOWN, 0 },
    { "ifnull", SQLX_TY__UNKNOWN, 0 },    { "nullif", SQLX_TY__UNKNOWN, 0 },
    { "greatest", SQLX_TY__UNKNOWN, 0 },  { "least", SQLX_TY__UNKNOWN, 0 },
    { "lag", SQLX_TY__UNKNOWN, 0 },       { "lead", SQLX_TY__UNKNOWN, 0 },
    { "first_value", SQLX_TY__UNKNOWN, 0 }, { "last_value", SQLX_TY__UNKNOWN, 0 },
    { "nth_value", SQLX_TY__UNKNOWN, 0 },
};

/* Column names that by the common convention hold dates or timestamps: *_date, *_at, *_on,
 * *_ts, date, *_time, *timestamp. Used only to recognise date arithmetic (date + 30) that would
 * otherwise be translated as number arithmetic; documented in the translator's README entry. */
static enum sqlx_sql__ty temporal_name(const char *name)
{
    size_t n = strlen(name);
    static const struct {
        const char *suffix;
        enum sqlx_sql__ty ty;
    } sfx[] = {
        { "_date", SQLX_TY__DATE }, { "_on", SQLX_TY__DATE },     { "_day", SQLX_TY__DATE },
        { "_at", SQLX_TY__TS },     { "_ts", SQLX_TY__TS },       { "_time", SQLX_TY__TS },
        { "timestamp", SQLX_TY__TS }, { "datetime", SQLX_TY__TS },
    };
    if (strcasecmp(name, "date") == 0 || strcasecmp(name, "day") == 0)
        return SQLX_TY__DATE;
    for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
        size_t m = strlen(sfx[i].suffix);
        if (n > m && strcasecmp(name + n - m, sfx[i].suffix) == 0)
            return sfx[i].ty;
    }
    return SQLX_TY__UNKNOWN;
}

static enum sqlx_sql__ty lit_type(const struct sqlx_expr *e)
{
    switch (e->lit) {
    case SQLX_LIT_INTEGER:
        return SQLX_TY__INT;
    case SQLX_LIT_DECIMAL:
        return SQLX_TY__DEC;
    case SQLX_LIT_FLOAT:
        return SQLX_TY__FLOAT;
    case SQLX_LIT_STRING:
        return SQLX_TY__TEXT;
    case SQLX_LIT_BLOB:
        return SQLX_TY__BLOB;
    case SQLX_LIT_BOOL:
        return SQLX_TY__BOOL;
    case SQLX_LIT_NULL:
        return SQLX_TY__NULL;
    case SQLX_LIT_TYPED:
        return from_kind(e->type);
    default:
        break;
    }
    switch (e->value.type) {
    case SQLX_V_INT:
        return SQLX_TY__INT;
    case SQLX_V_FLOAT:
        return SQLX_TY__FLOAT;
    case SQLX_V_TEXT:
        return SQLX_TY__TEXT;
    case SQLX_V_BOOL:
        return SQLX_TY__BOOL;
    case SQLX_V_BLOB:
        return SQLX_TY__BLOB;
    default:
        return SQLX_TY__NULL;
    }
}

/* The wider of two numeric types; UNKNOWN when either is unknown. */
static enum sqlx_sql__ty arith(enum sqlx_sql__ty a, enum sqlx_sql__ty b)
{
    if (a == SQLX_TY__NULL)
        return b;
    if (b == SQLX_TY__NULL)
        return a;
    /* with an exact or approximate operand the result is not an integer, whatever the other */
    if ((a == SQLX_TY__FLOAT || b == SQLX_TY__FLOAT) &&
        (a == SQLX_TY__UNKNOWN || b == SQLX_TY__UNKNOWN))
        return SQLX_TY__FLOAT;
    if ((a == SQLX_TY__DEC || b == SQLX_TY__DEC) && (a == SQLX_TY__UNKNOWN || b == SQLX_TY__UNKNOWN))
        return SQLX_TY__DEC;
    if (!sqlx_sql__ty_numeric(a) || !sqlx_sql__ty_numeric(b))
        return SQLX_TY__UNKNOWN;
    if (a == SQLX_TY__FLOAT || b == SQLX_TY__FLOAT)
        return SQLX_TY__FLOAT;
    if (a == SQLX_TY__DEC || b == SQLX_TY__DEC)
        return SQLX_TY__DEC;
    return SQLX_TY__INT;
}

static enum sqlx_sql__ty binary_type(const struct sqlx_tr *t, const struct sqlx_expr *e)
{
    enum sqlx_sql__ty l = sqlx_sql__tr_type_of(t, e->left), r = sqlx_sql__tr_type_of(t, e->right);
    switch (e->op) {
    case SQLX_OP_ADD:
    case SQLX_OP_SUB:
        if (sqlx_sql__ty_temporal(l) && r == SQLX_TY__INT)
            return l;
        if (l == SQLX_TY__INT && sqlx_sql__ty_temporal(r) && e->op == SQLX_OP_ADD)
            return r;
        if (sqlx_sql__ty_temporal(l) && r == SQLX_TY__INTERVAL)
            return l == SQLX_TY__DATE ? SQLX_TY__TS : l;
        if (e->op == SQLX_OP_SUB && l == SQLX_TY__DATE && r == SQLX_TY__DATE)
            return SQLX_TY__INT;
        return arith(l, r);
    case SQLX_OP_MUL:
    case SQLX_OP_MOD:
        return arith(l, r);
    case SQLX_OP_DIV:
        if (arith(l, r) == SQLX_TY__INT)
            return t->ff->int_division ? SQLX_TY__INT : SQLX_TY__DEC;
        return arith(l, r);
    case SQLX_OP_INTDIV:
        return SQLX_TY__INT;
    case SQLX_OP_CONCAT:
        return SQLX_TY__TEXT;
    case SQLX_OP_BITAND:
    case SQLX_OP_BITOR:
    case SQLX_OP_BITXOR:
    case SQLX_OP_SHL:
    case SQLX_OP_SHR:
        return SQLX_TY__INT;
    case SQLX_OP_POW:
        return SQLX_TY__FLOAT;
    case SQLX_OP_JSON_GET:
    case SQLX_OP_JSON_PATH:
    case SQLX_OP_OTHER:
        return SQLX_TY__UNKNOWN;
    case SQLX_OP_JSON_GET_TEXT:
    case SQLX_OP_JSON_PATH_TEXT:
        return SQLX_TY__TEXT;
    default:
        return SQLX_TY__BOOL; /* comparisons, AND, OR, LIKE ... */
    }
}

static enum sqlx_sql__ty func_type(const struct sqlx_tr *t, const struct sqlx_expr *e)
{
    for (size_t i = 0; i < sizeof(fn_types) / sizeof(fn_types[0]); i++) {
        if (strcmp(fn_types[i].name, e->name) != 0)
            continue;
        if (fn_types[i].from_arg < 0)
            return fn_types[i].ty;
        /* COALESCE and friends: the first argument whose type is known. */
        for (size_t a = (size_t)fn_types[i].from_arg; a < e->list.len; a++) {
            enum sqlx_sql__ty ty = sqlx_sql__tr_type_of(t, e->list.items[a]);
            if (ty != SQLX_TY__UNKNOWN && ty != SQLX_TY__NULL)
                return ty == SQLX_TY__INT && strcmp(e->name, "avg") == 0 ? SQLX_TY__DEC : ty;
            if (strcmp(e->name, "coalesce") != 0 && strcmp(e->name, "ifnull") != 0 &&
                strcmp(e->name, "greatest") != 0 && strcmp(e->name, "least") != 0)
                break;
        }
        return SQLX_TY__UNKNOWN;
    }
    if (strcmp(e->name, "extract") == 0 || strcmp(e->name, "date_part") == 0)
        return t->to == SQLX_SQL_POSTGRES ? SQLX_TY__DEC : SQLX_TY__INT;
    return SQLX_TY__UNKNOWN;
}

enum sqlx_sql__ty sqlx_sql__tr_type_of(const struct sqlx_tr *t, const struct sqlx_expr *e)
{
    if (!e)
        return SQLX_TY__UNKNOWN;
    switch (e->kind) {
    case SQLX_EX_LITERAL:
        return lit_type(e);
    case SQLX_EX_COLUMN:
        return temporal_name(e->name);
    case SQLX_EX_CAST:
        return from_kind(e->type);
    case SQLX_EX_BINARY:
        return binary_type(t, e);
    case SQLX_EX_UNARY:
        if (e->op == SQLX_OP_NOT)
            return SQLX_TY__BOOL;
        return sqlx_sql__tr_type_of(t, e->left);
    case SQLX_EX_FUNC:
        return func_type(t, e);
    case SQLX_EX_CASE:
        for (size_t i = 1; i < e->list.len; i += 2) {
            enum sqlx_sql__ty ty = sqlx_sql__tr_type_of(t, e->list.items[i]);
            if (ty != SQLX_TY__NULL)
                return ty;
        }
        return sqlx_sql__tr_type_of(t, e->right);
    case SQLX_EX_SUBQUERY:
        if (e->op == SQLX_OP_EXISTS)
            return SQLX_TY__BOOL;
        if (e->subquery && e->subquery->setop == SQLX_SETOP_NONE && e->subquery->items.len == 1) {
            const struct sqlx_select_item *it = e->subquery->items.items[0];
            return sqlx_sql__tr_type_of(t, it->expr);
        }
        return SQLX_TY__UNKNOWN;
    case SQLX_EX_INTERVAL:
        return SQLX_TY__INTERVAL;
    case SQLX_EX_IS_NULL:
    case SQLX_EX_IN:
    case SQLX_EX_BETWEEN:
    case SQLX_EX_IS_TRUTH:
    case SQLX_EX_QUANTIFIED:
        return SQLX_TY__BOOL;
    case SQLX_EX_COLLATE:
        return SQLX_TY__TEXT;
    default:
        return SQLX_TY__UNKNOWN;
    }
}

/* ---- type names ---- */

struct sqlx_type_name *sqlx_sql__tr_type(struct sqlx_tr *t, const char *name,
                                         enum sqlx_type_kind kind)
{
    return sqlx_ast_type_name(t->a, name, kind);
}

static struct sqlx_expr *int_lit(struct sqlx_tr *t, long long v)
{
    struct sqlx_value val = sqlx_value_int(v);
    return sqlx_ast_lit(t->a, SQLX_LIT_INTEGER, &val);
}

/* A copy of src renamed, keeping args when keep_args. */
static struct sqlx_type_name *renamed(struct sqlx_tr *t, const struct sqlx_type_name *src,
                                      const char *name, bool keep_args)
{
    struct sqlx_type_name *n = sqlx_ast_type_name(t->a, name, src->kind);
    n->pos = src->pos;
    n->bits = src->bits;
    if (keep_args)
        n->args = src->args;
    return n;
}

static bool named(const struct sqlx_type_name *tn, const char *name)
{
    return strcmp(tn->name, name) == 0;
}

static bool is_text_name(const struct sqlx_type_name *tn)
{
    return named(tn, "text") || named(tn, "tinytext") || named(tn, "mediumtext") ||
           named(tn, "longtext") || named(tn, "clob") || named(tn, "citext");
}

static int int_bits(const struct sqlx_tr *t, const struct sqlx_type_name *tn)
{
    if (named(tn, "signed") || named(tn, "unsigned") || named(tn, "signed integer") ||
        named(tn, "unsigned integer"))
        return 64;
    /* SQLite's INTEGER is 64-bit, but INT / INTEGER columns keep their usual width so foreign
     * keys still match the other engines' columns. */
    (void)t;
    return tn->bits ? tn->bits : 32;
}

static struct sqlx_type_name *pg_type(struct sqlx_tr *t, const struct sqlx_type_name *tn,
                                      bool cast)
{
    int bits;
    switch (tn->kind) {
    case SQLX_TY_INTEGER:
        bits = int_bits(t, tn);
        if (cast && t->from == SQLX_SQL_SQLITE)
            bits = 64; /* SQLite integers are 64-bit */
        if (tn->is_unsigned && !cast)
            bits = bits >= 32 ? (bits == 64 ? 65 : 64) : bits * 2;
        if (named(tn, "serial") || named(tn, "bigserial") || named(tn, "smallserial"))
            return renamed(t, tn, tn->name, false);
        if (bits > 64)
            return renamed(t, tn, "numeric(20)", false);
        return renamed(t, tn, bits <= 16 ? "smallint" : bits <= 32 ? "integer" : "bigint", false);
    case SQLX_TY_DECIMAL: {
        struct sqlx_type_name *n = renamed(t, tn, "numeric", true);
        if (t->from == SQLX_SQL_MYSQL && tn->args.len == 0)
            sqlx_vec_push_arena(&n->args, t->a, int_lit(t, 10));
        return n;
    }
    case SQLX_TY_FLOAT:
        return renamed(t, tn, tn->bits == 32 && t->from != SQLX_SQL_SQLITE ? "real"
                                                                           : "double precision",
                       false);
    case SQLX_TY_BOOL:
        return renamed(t, tn, "boolean", false);
    case SQLX_TY_STRING:
        if (is_text_name(tn))
            return renamed(t, tn, "text", false);
        if (cast && t->from == SQLX_SQL_MYSQL && tn->args.len == 0)
            return renamed(t, tn, "text", false);
        if (named(tn, "char") || named(tn, "character") || named(tn, "nchar") || named(tn, "bpchar"))
            return renamed(t, tn, cast ? "varchar" : "char", true);
        return renamed(t, tn, tn->args.len ? "varchar" : "text", true);
    case SQLX_TY_BYTES:
        return renamed(t, tn, "bytea", false);
    case SQLX_TY_DATE:
        return renamed(t, tn, "date", false);
    case SQLX_TY_TIME:
        return renamed(t, tn, "time", false);
    case SQLX_TY_TIMESTAMP: {
        struct sqlx_type_name *n = renamed(t, tn, tn->with_tz ? "timestamptz" : "timestamp", false);
        n->with_tz = tn->with_tz;
        return n;
    }
    case SQLX_TY_JSON:
        return renamed(t, tn, named(tn, "jsonb") ? "jsonb" : "json", false);
    case SQLX_TY_UUID:
        return renamed(t, tn, "uuid", false);
    case SQLX_TY_INTERVAL:
        return renamed(t, tn, "interval", false);
    default:
        return NULL;
    }
}

static struct sqlx_type_name *my_cast_type(struct sqlx_tr *t, const struct sqlx_type_name *tn)
{
    struct sqlx_type_name *n;
    switch (tn->kind) {
    case SQLX_TY_INTEGER:
        return renamed(t, tn, tn->is_unsigned || named(tn, "unsigned") ? "unsigned" : "signed",
                       false);
    case SQLX_TY_DECIMAL:
        n = renamed(t, tn, "decimal", true);
        if (tn->args.len == 0) {
            sqlx_vec_push_arena(&n->args, t->a, int_lit(t, 65));
            sqlx_vec_push_arena(&n->args, t->a, int_lit(t, 30));
        }
        return n;
    case SQLX_TY_FLOAT:
        return renamed(t, tn, "double", false);
    case SQLX_TY_STRING:
    case SQLX_TY_UUID:
    case SQLX_TY_ENUM:
        return renamed(t, tn, "char", !is_text_name(tn));
    case SQLX_TY_BYTES:
        return renamed(t, tn, "binary", false);
    case SQLX_TY_DATE:
        return renamed(t, tn, "date", false);
    case SQLX_TY_TIME:
        return renamed(t, tn, "time", false);
    case SQLX_TY_TIMESTAMP:
        return renamed(t, tn, "datetime", false);
    case SQLX_TY_JSON:
        return renamed(t, tn, "json", false);
    default:
        return NULL;
    }
}

static struct sqlx_type_name *my_column_type(struct sqlx_tr *t, const struct sqlx_type_name *tn)
{
    struct sqlx_type_name *n;
    int bits;
    switch (tn->kind) {
    case SQLX_TY_INTEGER:
        bits = int_bits(t, tn);
        if (named(tn, "serial") || named(tn, "serial4"))
            return renamed(t, tn, "int", false);
        if (named(tn, "bigserial") || named(tn, "serial8"))
            return renamed(t, tn, "bigint", false);
        n = renamed(t, tn, bits <= 8 ? "tinyint" : bits <= 16 ? "smallint" : bits <= 24 ? "mediumint"
                                           : bits <= 32 ? "int" : "bigint",
                    t->from == SQLX_SQL_MYSQL);
        n->is_unsigned = tn->is_unsigned;
        return n;
    case SQLX_TY_DECIMAL:
        n = renamed(t, tn, "decimal", true);
        if (tn->args.len == 0 && t->from != SQLX_SQL_MYSQL) {
            sqlx_vec_push_arena(&n->args, t->a, int_lit(t, 65));
            sqlx_vec_push_arena(&n->args, t->a, int_lit(t, 30));
        }
        return n;
    case SQLX_TY_FLOAT:
        return renamed(t, tn, tn->bits == 32 && t->from != SQLX_SQL_SQLITE ? "float" : "double",
                       false);
    case SQLX_TY_BOOL:
        return renamed(t, tn, "boolean", false);
    case SQLX_TY_STRING:
        if (is_text_name(tn) || tn->args.len == 0)
            return renamed(t, tn, t->from == SQLX_SQL_MYSQL ? tn->name : "longtext", false);
        if (named(tn, "char") || named(tn, "character") || named(tn, "nchar") || named(tn, "bpchar"))
            return renamed(t, tn, "char", true);
        return renamed(t, tn, "varchar", true);
    case SQLX_TY_BYTES:
        return renamed(t, tn, "longblob", false);
    case SQLX_TY_DATE:
        return renamed(t, tn, "date", false);
    case SQLX_TY_TIME:
        return renamed(t, tn, "time", false);
    case SQLX_TY_TIMESTAMP:
        if (t->from == SQLX_SQL_MYSQL)
            return renamed(t, tn, tn->name, true);
        n = renamed(t, tn, "datetime", false);
        if (t->from == SQLX_SQL_POSTGRES)
            sqlx_vec_push_arena(&n->args, t->a, int_lit(t, 6));
        return n;
    case SQLX_TY_JSON:
        return renamed(t, tn, "json", false);
    case SQLX_TY_UUID:
        n = renamed(t, tn, "char", false);
        sqlx_vec_push_arena(&n->args, t->a, int_lit(t, 36));
        return n;
    case SQLX_TY_ENUM:
        return renamed(t, tn, "enum", true);
    default:
        return NULL;
    }
}

static struct sqlx_type_name *lite_type(struct sqlx_tr *t, const struct sqlx_type_name *tn,
                                        bool cast)
{
    switch (tn->kind) {
    case SQLX_TY_INTEGER:
        return renamed(t, tn, "integer", false);
    case SQLX_TY_DECIMAL:
        /* SQLite's NUMERIC keeps whole values as integers (and then divides them with
         * truncation): an exact number without a scale is best approximated by REAL. */
        if (cast && tn->args.len == 0)
            return sqlx_sql__tr_type(t, "real", SQLX_TY_FLOAT);
        return renamed(t, tn, "numeric", !cast);
    case SQLX_TY_FLOAT:
        return renamed(t, tn, "real", false);
    case SQLX_TY_BOOL:
        return renamed(t, tn, cast ? "integer" : "boolean", false);
    case SQLX_TY_STRING:
        if (cast || is_text_name(tn) || tn->args.len == 0)
            return renamed(t, tn, "text", false);
        return renamed(t, tn, named(tn, "char") || named(tn, "character") ? "char" : "varchar",
                       true);
    case SQLX_TY_BYTES:
        return renamed(t, tn, "blob", false);
    case SQLX_TY_DATE:
        return renamed(t, tn, cast ? "text" : "date", false);
    case SQLX_TY_TIME:
        return renamed(t, tn, cast ? "text" : "time", false);
    case SQLX_TY_TIMESTAMP:
        return renamed(t, tn, cast ? "text" : "datetime", false);
    case SQLX_TY_JSON:
    case SQLX_TY_UUID:
    case SQLX_TY_ENUM:
        return renamed(t, tn, "text", false);
    default:
        return NULL;
    }
}

int sqlx_sql__tr_type_name(struct sqlx_tr *t, struct sqlx_type_name **slot, bool cast)
{
    const struct sqlx_type_name *tn = *slot;
    struct sqlx_type_name *n = NULL;
    if (!tn || t->from == t->to)
        return 0;
    if (tn->array_dims > 0 && t->to != SQLX_SQL_POSTGRES)
        return sqlx_sql__tr_fail(t, tn->pos, "an array type");
    if (tn->kind == SQLX_TY_INTERVAL && t->to != SQLX_SQL_POSTGRES)
        return sqlx_sql__tr_fail(t, tn->pos, "the INTERVAL type");
    if (tn->kind == SQLX_TY_UNKNOWN && t->from == SQLX_SQL_SQLITE) {
        /* SQLite takes any type name and gives it an affinity (rules of its "Datatypes"
         * page, in their order). */
        struct sqlx_type_name *a = sqlx_arena_alloc(t->a, sizeof(*a));
        *a = *tn;
        a->kind = strstr(tn->name, "int")                               ? SQLX_TY_INTEGER
                  : strstr(tn->name, "char") || strstr(tn->name, "clob") ||
                          strstr(tn->name, "text")                      ? SQLX_TY_STRING
                  : strstr(tn->name, "blob")                            ? SQLX_TY_BYTES
                  : strstr(tn->name, "real") || strstr(tn->name, "floa") ||
                          strstr(tn->name, "doub")                      ? SQLX_TY_FLOAT
                                                                        : SQLX_TY_DECIMAL;
        a->bits = a->kind == SQLX_TY_INTEGER ? 64 : 0;
        a->args.len = 0;
        tn = a;
    }
    if (tn->kind == SQLX_TY_UNKNOWN)
        return sqlx_sql__tr_fail(t, tn->pos, "this type");
    switch (t->to) {
    case SQLX_SQL_POSTGRES:
        n = pg_type(t, tn, cast);
        break;
    case SQLX_SQL_MYSQL:
        n = cast ? my_cast_type(t, tn) : my_column_type(t, tn);
        break;
    case SQLX_SQL_SQLITE:
        n = lite_type(t, tn, cast);
        break;
    }
    if (!n)
        return sqlx_sql__tr_fail(t, tn->pos, "this type");
    n->pos = tn->pos;
    *slot = n;
    return 0;
}
