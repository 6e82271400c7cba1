/* DDL grammar and type names: CREATE [TEMP] TABLE (columns with every column constraint,
 * generated and identity columns, table constraints, MySQL inline indexes and table options,
 * SQLite WITHOUT ROWID / STRICT, CREATE TABLE AS), ALTER TABLE, DROP TABLE / VIEW / INDEX / TYPE,
 * CREATE [UNIQUE] INDEX [CONCURRENTLY] (expression and partial indexes), CREATE [OR REPLACE]
 * [MATERIALIZED] VIEW, CREATE TYPE ... AS ENUM. Type names are classified into universal kinds
 * here. Must not parse queries or expressions itself. */
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "sql/parse_int.h"

/* ---- type names ---- */

struct type_class {
    char name[20];    /* an array, not a pointer: the table needs no relocations */
    enum sqlx_type_kind kind;
    int bits;
};

static const struct type_class type_classes[] = {
    { "int", SQLX_TY_INTEGER, 32 },       { "integer", SQLX_TY_INTEGER, 32 },
    { "int4", SQLX_TY_INTEGER, 32 },      { "smallint", SQLX_TY_INTEGER, 16 },
    { "int2", SQLX_TY_INTEGER, 16 },      { "bigint", SQLX_TY_INTEGER, 64 },
    { "int8", SQLX_TY_INTEGER, 64 },      { "tinyint", SQLX_TY_INTEGER, 8 },
    { "mediumint", SQLX_TY_INTEGER, 24 }, { "serial", SQLX_TY_INTEGER, 32 },
    { "serial4", SQLX_TY_INTEGER, 32 },   { "bigserial", SQLX_TY_INTEGER, 64 },
    { "serial8", SQLX_TY_INTEGER, 64 },   { "smallserial", SQLX_TY_INTEGER, 16 },
    { "signed", SQLX_TY_INTEGER, 64 },    { "unsigned", SQLX_TY_INTEGER, 64 },
    { "signed integer", SQLX_TY_INTEGER, 64 }, { "unsigned integer", SQLX_TY_INTEGER, 64 },
    { "unsigned big int", SQLX_TY_INTEGER, 64 }, { "big int", SQLX_TY_INTEGER, 64 },
    { "decimal", SQLX_TY_DECIMAL, 0 },    { "numeric", SQLX_TY_DECIMAL, 0 },
    { "dec", SQLX_TY_DECIMAL, 0 },        { "fixed", SQLX_TY_DECIMAL, 0 },
    { "real", SQLX_TY_FLOAT, 32 },        { "float4", SQLX_TY_FLOAT, 32 },
    { "float", SQLX_TY_FLOAT, 0 },        { "float8", SQLX_TY_FLOAT, 64 },
    { "double", SQLX_TY_FLOAT, 64 },      { "double precision", SQLX_TY_FLOAT, 64 },
    { "bool", SQLX_TY_BOOL, 0 },          { "boolean", SQLX_TY_BOOL, 0 },
    { "char", SQLX_TY_STRING, 0 },        { "character", SQLX_TY_STRING, 0 },
    { "varchar", SQLX_TY_STRING, 0 },     { "character varying", SQLX_TY_STRING, 0 },
    { "char varying", SQLX_TY_STRING, 0 }, { "varying character", SQLX_TY_STRING, 0 },
    { "nchar", SQLX_TY_STRING, 0 },       { "nvarchar", SQLX_TY_STRING, 0 },
    { "native character", SQLX_TY_STRING, 0 }, { "bpchar", SQLX_TY_STRING, 0 },
    { "text", SQLX_TY_STRING, 0 },        { "tinytext", SQLX_TY_STRING, 0 },
    { "mediumtext", SQLX_TY_STRING, 0 },  { "longtext", SQLX_TY_STRING, 0 },
    { "clob", SQLX_TY_STRING, 0 },        { "citext", SQLX_TY_STRING, 0 },
    { "bytea", SQLX_TY_BYTES, 0 },        { "blob", SQLX_TY_BYTES, 0 },
    { "tinyblob", SQLX_TY_BYTES, 0 },     { "mediumblob", SQLX_TY_BYTES, 0 },
    { "longblob", SQLX_TY_BYTES, 0 },     { "binary", SQLX_TY_BYTES, 0 },
    { "varbinary", SQLX_TY_BYTES, 0 },    { "date", SQLX_TY_DATE, 0 },
    { "time", SQLX_TY_TIME, 0 },          { "timetz", SQLX_TY_TIME, 0 },
    { "timestamp", SQLX_TY_TIMESTAMP, 0 }, { "timestamptz", SQLX_TY_TIMESTAMP, 0 },
    { "datetime", SQLX_TY_TIMESTAMP, 0 }, { "interval", SQLX_TY_INTERVAL, 0 },
    { "json", SQLX_TY_JSON, 0 },          { "jsonb", SQLX_TY_JSON, 0 },
    { "uuid", SQLX_TY_UUID, 0 },          { "enum", SQLX_TY_ENUM, 0 },
};

static void classify(struct sqlx_type_name *t)
{
    for (size_t i = 0; i < sizeof(type_classes) / sizeof(type_classes[0]); i++) {
        if (strcmp(type_classes[i].name, t->name) == 0) {
            t->kind = type_classes[i].kind;
            t->bits = type_classes[i].bits;
            break;
        }
    }
    if (strcmp(t->name, "timestamptz") == 0 || strcmp(t->name, "timetz") == 0)
        t->with_tz = true;
    if (strncmp(t->name, "unsigned", 8) == 0)
        t->is_unsigned = true;
}

/* Words that end a SQLite type name (they start a column constraint). */
static bool ends_lite_type(const struct sqlx_token *t)
{
    if (t->kind != SQLX_TOK_WORD)
        return true;
    switch (t->kw) {
    case SQLX_KW_CONSTRAINT:
    case SQLX_KW_PRIMARY:
    case SQLX_KW_NOT:
    case SQLX_KW_NULL:
    case SQLX_KW_UNIQUE:
    case SQLX_KW_CHECK:
    case SQLX_KW_DEFAULT:
    case SQLX_KW_COLLATE:
    case SQLX_KW_REFERENCES:
    case SQLX_KW_GENERATED:
    case SQLX_KW_AS:
    case SQLX_KW_ON:
    case SQLX_KW_AUTOINCREMENT:
        return true;
    default:
        return false;
    }
}

static void append_word(struct sqlx_parser *p, struct sqlx_buf *b)
{
    if (b->len > 0)
        sqlx_buf_putc(b, ' ');
    const struct sqlx_token *t = tok(p);
    if (t->kind == SQLX_TOK_QIDENT)
        sqlx_buf_put(b, t->val, t->vlen);
    else
        for (size_t i = 0; i < t->rawlen; i++) {
            char c = t->raw[i];
            sqlx_buf_putc(b, (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c);
        }
    sqlx_sql__advance(p);
}

/* Multi-word names: DOUBLE PRECISION, CHARACTER VARYING, CHAR VARYING, BIT VARYING,
 * NATIONAL CHARACTER [VARYING], SIGNED / UNSIGNED INTEGER. */
static void more_words(struct sqlx_parser *p, struct sqlx_buf *b)
{
    if (p->d == SQLX_SQL_SQLITE) {
        while (!ends_lite_type(tok(p)))
            append_word(p, b);
        return;
    }
    const char *n = b->data;
    if (p->prev.kw == SQLX_KW_DOUBLE && is_kw(p, SQLX_KW_PRECISION)) {
        append_word(p, b);
    } else if ((p->prev.kw == SQLX_KW_CHARACTER || strcmp(n, "char") == 0 ||
                strcmp(n, "bit") == 0) &&
               is_kw(p, SQLX_KW_VARYING)) {
        append_word(p, b);
    } else if (strcmp(n, "national") == 0 && is_kw(p, SQLX_KW_CHARACTER)) {
        append_word(p, b);
        if (is_kw(p, SQLX_KW_VARYING))
            append_word(p, b);
    } else if ((strcmp(n, "signed") == 0 || strcmp(n, "unsigned") == 0) &&
               p->d == SQLX_SQL_MYSQL && tok(p)->kind == SQLX_TOK_WORD &&
               tok(p)->rawlen == 7 && strncasecmp(tok(p)->raw, "integer", 7) == 0) {
        append_word(p, b);
    }
}

static int type_args(struct sqlx_parser *p, struct sqlx_type_name *t)
{
    if (!is_op(p, SQLX_TOP_LPAREN))
        return 0;
    sqlx_sql__advance(p);
    do {
        struct sqlx_expr *e;
        if (p->d == SQLX_SQL_MYSQL && tok(p)->kind == SQLX_TOK_STRING)
            e = sqlx_sql__expr_at(p, p->lv->unary); /* ENUM / SET labels */
        else
            e = sqlx_sql__expr_at(p, p->lv->unary);
        if (!e)
            return p->rc;
        sqlx_vec_push_arena(&t->args, p->a, e);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return sqlx_sql__expect_op(p, SQLX_TOP_RPAREN);
}

/* WITH / WITHOUT TIME ZONE after TIME / TIMESTAMP. */
static int time_zone(struct sqlx_parser *p, struct sqlx_type_name *t)
{
    if ((is_kw(p, SQLX_KW_WITH) || is_kw(p, SQLX_KW_WITHOUT)) && is_kw_at(p, 1, SQLX_KW_TIME)) {
        bool with = is_kw(p, SQLX_KW_WITH);
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        if (sqlx_sql__expect_kw(p, SQLX_KW_ZONE))
            return p->rc;
        t->with_tz = with;
    }
    return 0;
}

/* The source text of the type, lower-cased outside quotes, whitespace runs made one space. */
static const char *type_text(struct sqlx_parser *p, int pos, int end)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    char quote = 0;
    bool space = false;
    for (int i = pos - 1; i < end - 1 && (size_t)i < p->len; i++) {
        char c = p->src[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        } else if (c >= 'A' && c <= 'Z') {
            c = (char)(c - 'A' + 'a');
        }
        if (space && b.len > 0 && c != '(' && c != ')' && c != ',' &&
            b.data[b.len - 1] != '(' && b.data[b.len - 1] != ',')
            sqlx_buf_putc(&b, ' ');
        space = false;
        sqlx_buf_putc(&b, c);
    }
    const char *s = sqlx_arena_memdup(p->a, b.data ? b.data : "", b.len);
    sqlx_buf_free(&b);
    return s;
}

struct sqlx_type_name *sqlx_sql__type(struct sqlx_parser *p)
{
    const struct sqlx_token *t0 = tok(p);
    if (t0->kind != SQLX_TOK_WORD && t0->kind != SQLX_TOK_QIDENT) {
        sqlx_sql__expected(p, "a type name");
        return NULL;
    }
    struct sqlx_type_name *t = sqlx_arena_zalloc(p->a, sizeof(*t));
    t->pos = t0->pos;
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    append_word(p, &b);
    if (p->d == SQLX_SQL_POSTGRES && is_op(p, SQLX_TOP_DOT)) {
        sqlx_sql__advance(p);
        t->schema = sqlx_arena_memdup(p->a, b.data, b.len);
        sqlx_buf_reset(&b);
        if (tok(p)->kind != SQLX_TOK_WORD && tok(p)->kind != SQLX_TOK_QIDENT) {
            sqlx_buf_free(&b);
            sqlx_sql__expected(p, "a type name");
            return NULL;
        }
        append_word(p, &b);
    }
    more_words(p, &b);
    t->name = sqlx_arena_memdup(p->a, b.data, b.len);
    sqlx_buf_free(&b);
    classify(t);
    if (type_args(p, t))
        return NULL;
    if (t->kind == SQLX_TY_TIME || t->kind == SQLX_TY_TIMESTAMP) {
        if (p->d == SQLX_SQL_POSTGRES && time_zone(p, t))
            return NULL;
    }
    if (t->kind == SQLX_TY_INTERVAL && p->d == SQLX_SQL_POSTGRES) {
        /* INTERVAL DAY TO SECOND field restrictions are accepted and kept in the text only. */
        while (is_kw(p, SQLX_KW_YEAR) || is_kw(p, SQLX_KW_MONTH) || is_kw(p, SQLX_KW_DAY) ||
               is_kw(p, SQLX_KW_HOUR) || is_kw(p, SQLX_KW_MINUTE) || is_kw(p, SQLX_KW_SECOND) ||
               is_kw(p, SQLX_KW_TO))
            sqlx_sql__advance(p);
    }
    if (p->d == SQLX_SQL_MYSQL) {
        for (;;) {
            if (accept_kw(p, SQLX_KW_UNSIGNED)) {
                t->is_unsigned = true;
            } else if (accept_kw(p, SQLX_KW_ZEROFILL)) {
                t->zerofill = true;
            } else if (is_kw(p, SQLX_KW_CHARACTER) && is_kw_at(p, 1, SQLX_KW_SET)) {
                sqlx_sql__advance(p);
                sqlx_sql__advance(p);
                if (!(t->charset = sqlx_sql__any_name(p, "a character set name")))
                    return NULL;
            } else if (accept_kw(p, SQLX_KW_CHARSET)) {
                if (!(t->charset = sqlx_sql__any_name(p, "a character set name")))
                    return NULL;
            } else {
                break;
            }
        }
    }
    while (p->d == SQLX_SQL_POSTGRES && is_op(p, SQLX_TOP_LBRACKET)) {
        sqlx_sql__advance(p);
        if (tok(p)->kind == SQLX_TOK_INTEGER)
            sqlx_sql__advance(p);
        if (sqlx_sql__expect_op(p, SQLX_TOP_RBRACKET))
            return NULL;
        t->array_dims++;
    }
    if (p->rc)
        return NULL;
    t->text = type_text(p, t->pos, p->prev.end);
    return t;
}

/* ---- index elements ---- */

static int index_elem(struct sqlx_parser *p, struct sqlx_vec *out)
{
    struct sqlx_index_elem *el = sqlx_arena_zalloc(p->a, sizeof(*el));
    el->pos = cur_pos(p);
    const struct sqlx_token *t = tok(p);
    if (p->d == SQLX_SQL_MYSQL && (t->kind == SQLX_TOK_WORD || t->kind == SQLX_TOK_QIDENT) &&
        is_op_at(p, 1, SQLX_TOP_LPAREN) && sqlx_sql__peek(p, 2)->kind == SQLX_TOK_INTEGER &&
        is_op_at(p, 3, SQLX_TOP_RPAREN)) {
        /* MySQL prefix index: name(10) */
        struct sqlx_expr *c = sqlx_ast_expr_new(p->a, SQLX_EX_COLUMN);
        c->pos = el->pos;
        if (!(c->name = sqlx_sql__any_name(p, "a column name")))
            return p->rc;
        sqlx_sql__advance(p);
        const struct sqlx_token *n = tok(p);
        long v = 0;
        for (size_t i = 0; i < n->rawlen && v < 100000; i++)
            v = v * 10 + (n->raw[i] - '0');
        el->prefix_len = (int)v;
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        el->expr = c;
    } else if (!(el->expr = sqlx_sql__expr_at(p, p->lv->unary))) {
        return p->rc;
    }
    if (el->expr->kind == SQLX_EX_COLLATE) {
        el->collate = el->expr->name;
        el->expr = el->expr->left;
    }
    if (accept_kw(p, SQLX_KW_COLLATE)) {
        const struct sqlx_token *c = tok(p);
        if (c->kind == SQLX_TOK_STRING && p->d != SQLX_SQL_POSTGRES)
            el->collate = sqlx_sql__string(p, NULL);
        else
            el->collate = sqlx_sql__any_name(p, "a collation name");
        if (!el->collate)
            return p->rc;
    }
    if (p->d == SQLX_SQL_POSTGRES && sqlx_sql__at_ident(p) && !is_kw(p, SQLX_KW_NULLS) &&
        !is_kw(p, SQLX_KW_ASC) && !is_kw(p, SQLX_KW_DESC)) {
        if (!(el->opclass = sqlx_sql__ident(p, "an operator class")))
            return p->rc;
    }
    if (accept_kw(p, SQLX_KW_DESC))
        el->desc = true;
    else if (accept_kw(p, SQLX_KW_ASC))
        el->asc_written = true;
    if (accept_kw(p, SQLX_KW_NULLS)) {
        if (accept_kw(p, SQLX_KW_FIRST))
            el->nulls = 1;
        else if (accept_kw(p, SQLX_KW_LAST))
            el->nulls = 2;
        else
            return sqlx_sql__expected(p, "FIRST or LAST");
    }
    sqlx_vec_push_arena(out, p->a, el);
    return 0;
}

int sqlx_sql__index_elems(struct sqlx_parser *p, struct sqlx_vec *out)
{
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
        return p->rc;
    do {
        if (index_elem(p, out))
            return p->rc;
    } while (accept_op(p, SQLX_TOP_COMMA));
    return sqlx_sql__expect_op(p, SQLX_TOP_RPAREN);
}

/* ---- constraints ---- */

static int fk_action(struct sqlx_parser *p, enum sqlx_fk_action *out)
{
    if (accept_kw(p, SQLX_KW_CASCADE)) {
        *out = SQLX_FK_CASCADE;
    } else if (accept_kw(p, SQLX_KW_RESTRICT)) {
        *out = SQLX_FK_RESTRICT;
    } else if (accept_kw(p, SQLX_KW_SET)) {
        if (accept_kw(p, SQLX_KW_NULL))
            *out = SQLX_FK_SET_NULL;
        else if (accept_kw(p, SQLX_KW_DEFAULT))
            *out = SQLX_FK_SET_DEFAULT;
        else
            return sqlx_sql__expected(p, "NULL or DEFAULT");
    } else if (accept_kw(p, SQLX_KW_NO)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_ACTION))
            return p->rc;
        *out = SQLX_FK_NO_ACTION;
    } else {
        return sqlx_sql__expected(p, "CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION");
    }
    return 0;
}

static int references(struct sqlx_parser *p, struct sqlx_constraint *c)
{
    if (sqlx_sql__qualified(p, &c->ref_table, "a table name"))
        return p->rc;
    if (is_op(p, SQLX_TOP_LPAREN) && sqlx_sql__name_list(p, &c->ref_columns, "a column name"))
        return p->rc;
    for (;;) {
        if (is_kw(p, SQLX_KW_ON) && is_kw_at(p, 1, SQLX_KW_DELETE)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            if (fk_action(p, &c->on_delete))
                return p->rc;
        } else if (is_kw(p, SQLX_KW_ON) && is_kw_at(p, 1, SQLX_KW_UPDATE)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            if (fk_action(p, &c->on_update))
                return p->rc;
        } else if (accept_kw(p, SQLX_KW_MATCH)) {
            if (accept_kw(p, SQLX_KW_FULL))
                c->match = 1;
            else if (accept_kw(p, SQLX_KW_PARTIAL))
                c->match = 2;
            else if (accept_kw(p, SQLX_KW_SIMPLE))
                c->match = 3;
            else
                return sqlx_sql__expected(p, "FULL, PARTIAL or SIMPLE");
        } else if (accept_kw(p, SQLX_KW_DEFERRABLE)) {
            c->deferrable = 1;
        } else if (is_kw(p, SQLX_KW_NOT) && is_kw_at(p, 1, SQLX_KW_DEFERRABLE)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            c->deferrable = 2;
        } else if (accept_kw(p, SQLX_KW_INITIALLY)) {
            if (accept_kw(p, SQLX_KW_DEFERRED))
                c->initially = 1;
            else if (accept_kw(p, SQLX_KW_IMMEDIATE))
                c->initially = 2;
            else
                return sqlx_sql__expected(p, "DEFERRED or IMMEDIATE");
        } else {
            return 0;
        }
    }
}

/* SQLite ON CONFLICT clause of a constraint. */
static int conflict_clause(struct sqlx_parser *p, struct sqlx_constraint *c)
{
    if (p->d != SQLX_SQL_SQLITE || !is_kw(p, SQLX_KW_ON) || !is_kw_at(p, 1, SQLX_KW_CONFLICT))
        return 0;
    sqlx_sql__advance(p);
    sqlx_sql__advance(p);
    if (accept_kw(p, SQLX_KW_REPLACE))
        c->on_conflict = SQLX_OR_REPLACE;
    else if (accept_kw(p, SQLX_KW_IGNORE))
        c->on_conflict = SQLX_OR_IGNORE;
    else if (accept_kw(p, SQLX_KW_ABORT))
        c->on_conflict = SQLX_OR_ABORT;
    else if (accept_kw(p, SQLX_KW_FAIL))
        c->on_conflict = SQLX_OR_FAIL;
    else if (accept_kw(p, SQLX_KW_ROLLBACK))
        c->on_conflict = SQLX_OR_ROLLBACK;
    else
        return sqlx_sql__expected(p, "REPLACE, IGNORE, ABORT, FAIL or ROLLBACK");
    return 0;
}

static int paren_expr(struct sqlx_parser *p, struct sqlx_expr **out)
{
    if (sqlx_sql__expect_op(p, SQLX_TOP_LPAREN) || !(*out = sqlx_sql__expr(p)))
        return p->rc;
    return sqlx_sql__expect_op(p, SQLX_TOP_RPAREN);
}

static int generated_tail(struct sqlx_parser *p, struct sqlx_constraint *c)
{
    c->type = SQLX_CON_GENERATED;
    if (paren_expr(p, &c->expr))
        return p->rc;
    if (accept_kw(p, SQLX_KW_STORED))
        c->stored = true;
    else
        accept_kw(p, SQLX_KW_VIRTUAL);
    return 0;
}

/* GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)] | GENERATED ALWAYS AS (expr) ... */
static int generated(struct sqlx_parser *p, struct sqlx_constraint *c)
{
    if (accept_kw(p, SQLX_KW_ALWAYS)) {
        c->always = true;
    } else if (accept_kw(p, SQLX_KW_BY)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_DEFAULT))
            return p->rc;
    } else {
        return sqlx_sql__expected(p, "ALWAYS or BY DEFAULT");
    }
    if (sqlx_sql__expect_kw(p, SQLX_KW_AS))
        return p->rc;
    if (accept_kw(p, SQLX_KW_IDENTITY)) {
        c->type = SQLX_CON_IDENTITY;
        if (is_op(p, SQLX_TOP_LPAREN)) {
            /* Sequence options are skipped: start and step do not change the column's type. */
            int depth = 0;
            do {
                if (is_op(p, SQLX_TOP_LPAREN))
                    depth++;
                else if (is_op(p, SQLX_TOP_RPAREN))
                    depth--;
                else if (tok(p)->kind == SQLX_TOK_EOF)
                    return sqlx_sql__expected(p, "\")\"");
                sqlx_sql__advance(p);
            } while (depth > 0);
        }
        return 0;
    }
    return generated_tail(p, c);
}

/* One column constraint; returns 1 (without consuming) when none starts here. */
static int column_constraint(struct sqlx_parser *p, struct sqlx_column_def *col)
{
    struct sqlx_constraint *c = sqlx_arena_zalloc(p->a, sizeof(*c));
    c->pos = cur_pos(p);
    if (accept_kw(p, SQLX_KW_CONSTRAINT) &&
        !(c->name = sqlx_sql__ident(p, "a constraint name")))
        return p->rc;
    const struct sqlx_token *t = tok(p);
    enum sqlx_kw kw = t->kind == SQLX_TOK_WORD ? t->kw : SQLX_KW_NONE_;
    switch (kw) {
    case SQLX_KW_NOT:
        sqlx_sql__advance(p);
        if (sqlx_sql__expect_kw(p, SQLX_KW_NULL) || conflict_clause(p, c))
            return p->rc;
        c->type = SQLX_CON_NOT_NULL;
        break;
    case SQLX_KW_NULL:
        sqlx_sql__advance(p);
        c->type = SQLX_CON_NULL;
        break;
    case SQLX_KW_DEFAULT:
        sqlx_sql__advance(p);
        c->type = SQLX_CON_DEFAULT;
        p->no_collate = true;
        c->expr = sqlx_sql__expr_at(p, p->lv->bitor_);
        p->no_collate = false;
        if (!c->expr)
            return p->rc;
        break;
    case SQLX_KW_PRIMARY:
    case SQLX_KW_KEY:
        sqlx_sql__advance(p);
        if (kw == SQLX_KW_KEY && p->d != SQLX_SQL_MYSQL)
            return sqlx_sql__error_at(p, c->pos, "KEY alone is MySQL syntax");
        if (kw == SQLX_KW_PRIMARY && sqlx_sql__expect_kw(p, SQLX_KW_KEY))
            return p->rc;
        c->type = SQLX_CON_PRIMARY_KEY;
        if (accept_kw(p, SQLX_KW_DESC))
            c->desc = true;
        else
            accept_kw(p, SQLX_KW_ASC);
        if (conflict_clause(p, c))
            return p->rc;
        c->autoincrement = accept_kw(p, SQLX_KW_AUTOINCREMENT);
        break;
    case SQLX_KW_UNIQUE:
        sqlx_sql__advance(p);
        c->type = SQLX_CON_UNIQUE;
        if (p->d == SQLX_SQL_MYSQL)
            accept_kw(p, SQLX_KW_KEY);
        if (p->d == SQLX_SQL_POSTGRES && is_kw(p, SQLX_KW_NULLS) && is_kw_at(p, 1, SQLX_KW_NOT)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            if (sqlx_sql__expect_kw(p, SQLX_KW_DISTINCT))
                return p->rc;
            c->nulls_not_distinct = true;
        }
        if (conflict_clause(p, c))
            return p->rc;
        break;
    case SQLX_KW_CHECK:
        sqlx_sql__advance(p);
        c->type = SQLX_CON_CHECK;
        if (paren_expr(p, &c->expr))
            return p->rc;
        break;
    case SQLX_KW_REFERENCES:
        sqlx_sql__advance(p);
        c->type = SQLX_CON_FOREIGN_KEY;
        if (references(p, c))
            return p->rc;
        break;
    case SQLX_KW_GENERATED:
        sqlx_sql__advance(p);
        if (generated(p, c))
            return p->rc;
        break;
    case SQLX_KW_AS:
        if (p->d == SQLX_SQL_POSTGRES)
            return sqlx_sql__expected(p, "a column constraint");
        sqlx_sql__advance(p);
        c->always = true;
        if (generated_tail(p, c))
            return p->rc;
        break;
    case SQLX_KW_AUTO_INCREMENT:
        sqlx_sql__advance(p);
        c->type = SQLX_CON_AUTO_INCREMENT;
        break;
    case SQLX_KW_COLLATE:
        sqlx_sql__advance(p);
        c->type = SQLX_CON_COLLATE;
        if (tok(p)->kind == SQLX_TOK_STRING && p->d != SQLX_SQL_POSTGRES)
            c->name = sqlx_sql__string(p, NULL);
        else
            c->name = sqlx_sql__any_name(p, "a collation name");
        if (!c->name)
            return p->rc;
        break;
    case SQLX_KW_ON:
        if (p->d != SQLX_SQL_MYSQL || !is_kw_at(p, 1, SQLX_KW_UPDATE))
            return c->name ? sqlx_sql__expected(p, "a column constraint") : 1;
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        c->type = SQLX_CON_ON_UPDATE;
        if (!(c->expr = sqlx_sql__expr_at(p, p->lv->bitor_)))
            return p->rc;
        break;
    case SQLX_KW_COMMENT:
        if (p->d != SQLX_SQL_MYSQL)
            return c->name ? sqlx_sql__expected(p, "a column constraint") : 1;
        sqlx_sql__advance(p);
        c->type = SQLX_CON_COMMENT;
        if (tok(p)->kind != SQLX_TOK_STRING)
            return sqlx_sql__expected(p, "a string constant");
        if (!(c->expr = sqlx_sql__expr_at(p, p->lv->unary)))
            return p->rc;
        break;
    default:
        if (c->name)
            return sqlx_sql__expected(p, "a column constraint");
        return 1;
    }
    sqlx_vec_push_arena(&col->constraints, p->a, c);
    return 0;
}

static bool at_column_end(struct sqlx_parser *p)
{
    return is_op(p, SQLX_TOP_COMMA) || is_op(p, SQLX_TOP_RPAREN) ||
           tok(p)->kind == SQLX_TOK_EOF || is_op(p, SQLX_TOP_SEMI);
}

static struct sqlx_column_def *column_def(struct sqlx_parser *p)
{
    struct sqlx_column_def *col = sqlx_arena_zalloc(p->a, sizeof(*col));
    col->pos = cur_pos(p);
    if (!(col->name = sqlx_sql__ident(p, "a column name")))
        return NULL;
    if (!at_column_end(p) && !(p->d == SQLX_SQL_SQLITE && ends_lite_type(tok(p)))) {
        if (!(col->type = sqlx_sql__type(p)))
            return NULL;
    }
    for (;;) {
        int rc = column_constraint(p, col);
        if (rc == 1)
            break;
        if (rc)
            return NULL;
    }
    return col;
}

/* PRIMARY KEY (...), UNIQUE (...), CHECK (...), FOREIGN KEY (...) REFERENCES ...; MySQL inline
 * [UNIQUE] KEY / INDEX name (...). Returns 1 when no table constraint starts here. */
static int table_constraint(struct sqlx_parser *p, struct sqlx_create_table *ct,
                            struct sqlx_vec *out)
{
    struct sqlx_constraint *c = sqlx_arena_zalloc(p->a, sizeof(*c));
    c->pos = cur_pos(p);
    bool named = false;
    if (accept_kw(p, SQLX_KW_CONSTRAINT)) {
        named = true;
        if (sqlx_sql__at_ident(p) && !is_kw(p, SQLX_KW_PRIMARY) && !is_kw(p, SQLX_KW_UNIQUE) &&
            !is_kw(p, SQLX_KW_CHECK) && !is_kw(p, SQLX_KW_FOREIGN) &&
            !(c->name = sqlx_sql__ident(p, "a constraint name")))
            return p->rc;
    }
    if (accept_kw(p, SQLX_KW_PRIMARY)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_KEY))
            return p->rc;
        c->type = SQLX_CON_PRIMARY_KEY;
    } else if (accept_kw(p, SQLX_KW_UNIQUE)) {
        c->type = SQLX_CON_UNIQUE;
        if (p->d == SQLX_SQL_MYSQL) {
            if (!accept_kw(p, SQLX_KW_KEY))
                accept_kw(p, SQLX_KW_INDEX);
            if (sqlx_sql__at_ident(p) && !c->name &&
                !(c->name = sqlx_sql__ident(p, "an index name")))
                return p->rc;
        }
    } else if (accept_kw(p, SQLX_KW_CHECK)) {
        c->type = SQLX_CON_CHECK;
        if (paren_expr(p, &c->expr))
            return p->rc;
        sqlx_vec_push_arena(out, p->a, c);
        return 0;
    } else if (accept_kw(p, SQLX_KW_FOREIGN)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_KEY))
            return p->rc;
        c->type = SQLX_CON_FOREIGN_KEY;
        if (p->d == SQLX_SQL_MYSQL && sqlx_sql__at_ident(p) && !c->name &&
            !(c->name = sqlx_sql__ident(p, "a constraint name")))
            return p->rc;
        struct sqlx_vec names = { 0 };
        if (sqlx_sql__name_list(p, &names, "a column name"))
            return p->rc;
        for (size_t i = 0; i < names.len; i++) {
            struct sqlx_index_elem *el = sqlx_arena_zalloc(p->a, sizeof(*el));
            el->expr = sqlx_ast_expr_new(p->a, SQLX_EX_COLUMN);
            el->expr->name = names.items[i];
            sqlx_vec_push_arena(&c->columns, p->a, el);
        }
        if (sqlx_sql__expect_kw(p, SQLX_KW_REFERENCES) || references(p, c))
            return p->rc;
        sqlx_vec_push_arena(out, p->a, c);
        return 0;
    } else if (p->d == SQLX_SQL_MYSQL && !named &&
               (is_kw(p, SQLX_KW_KEY) || is_kw(p, SQLX_KW_INDEX))) {
        struct sqlx_create_index *ix = sqlx_arena_zalloc(p->a, sizeof(*ix));
        sqlx_sql__advance(p);
        if (sqlx_sql__at_ident(p) && !(ix->name = sqlx_sql__ident(p, "an index name")))
            return p->rc;
        if (sqlx_sql__index_elems(p, &ix->elems))
            return p->rc;
        sqlx_vec_push_arena(&ct->indexes, p->a, ix);
        return 0;
    } else {
        return named ? sqlx_sql__expected(p, "PRIMARY KEY, UNIQUE, CHECK or FOREIGN KEY") : 1;
    }
    if (sqlx_sql__index_elems(p, &c->columns) || conflict_clause(p, c))
        return p->rc;
    sqlx_vec_push_arena(out, p->a, c);
    return 0;
}

static bool at_table_constraint(struct sqlx_parser *p)
{
    const struct sqlx_token *t = tok(p);
    if (t->kind != SQLX_TOK_WORD)
        return false;
    switch (t->kw) {
    case SQLX_KW_CONSTRAINT:
    case SQLX_KW_PRIMARY:
    case SQLX_KW_UNIQUE:
    case SQLX_KW_CHECK:
    case SQLX_KW_FOREIGN:
        return true;
    case SQLX_KW_KEY:
    case SQLX_KW_INDEX:
        return p->d == SQLX_SQL_MYSQL;
    default:
        return false;
    }
}

static int table_options(struct sqlx_parser *p, struct sqlx_create_table *ct)
{
    for (;;) {
        struct sqlx_table_option *o = sqlx_arena_zalloc(p->a, sizeof(*o));
        if (p->d == SQLX_SQL_SQLITE) {
            if (accept_kw(p, SQLX_KW_WITHOUT)) {
                if (sqlx_sql__expect_kw(p, SQLX_KW_ROWID))
                    return p->rc;
                o->name = "without rowid";
            } else if (accept_kw(p, SQLX_KW_STRICT)) {
                o->name = "strict";
            } else {
                return 0;
            }
        } else if (p->d == SQLX_SQL_MYSQL) {
            bool dflt = accept_kw(p, SQLX_KW_DEFAULT);
            const struct sqlx_token *t = tok(p);
            bool option_word = t->kind == SQLX_TOK_WORD &&
                               (t->kw == SQLX_KW_NONE_ || t->kw == SQLX_KW_CHARSET ||
                                t->kw == SQLX_KW_CHARACTER || t->kw == SQLX_KW_COLLATE ||
                                t->kw == SQLX_KW_COMMENT || t->kw == SQLX_KW_AUTO_INCREMENT);
            if (!option_word) {
                if (dflt)
                    return sqlx_sql__expected(p, "a table option");
                return 0;
            }
            if (is_kw(p, SQLX_KW_CHARACTER) && is_kw_at(p, 1, SQLX_KW_SET)) {
                sqlx_sql__advance(p);
                sqlx_sql__advance(p);
                o->name = "charset";
            } else {
                o->name = sqlx_sql__lower(p, t);
                sqlx_sql__advance(p);
                if (strcmp(o->name, "character") == 0)
                    o->name = "charset";
            }
            accept_op(p, SQLX_TOP_EQ);
            t = tok(p);
            if (t->kind == SQLX_TOK_STRING)
                o->value = sqlx_sql__string(p, NULL);
            else if (t->kind == SQLX_TOK_WORD || t->kind == SQLX_TOK_QIDENT ||
                     t->kind == SQLX_TOK_INTEGER) {
                o->value = t->kind == SQLX_TOK_QIDENT ? t->val
                                                      : sqlx_arena_memdup(p->a, t->raw, t->rawlen);
                sqlx_sql__advance(p);
            } else {
                return sqlx_sql__expected(p, "a table option value");
            }
        } else {
            return 0;
        }
        if (p->rc)
            return p->rc;
        sqlx_vec_push_arena(&ct->options, p->a, o);
        accept_op(p, SQLX_TOP_COMMA);
    }
}

static bool if_not_exists(struct sqlx_parser *p)
{
    if (is_kw(p, SQLX_KW_IF) && is_kw_at(p, 1, SQLX_KW_NOT) && is_kw_at(p, 2, SQLX_KW_EXISTS)) {
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        return true;
    }
    return false;
}

static bool if_exists(struct sqlx_parser *p)
{
    if (is_kw(p, SQLX_KW_IF) && is_kw_at(p, 1, SQLX_KW_EXISTS)) {
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        return true;
    }
    return false;
}

static struct sqlx_ast *create_table(struct sqlx_parser *p, struct sqlx_ast *st)
{
    struct sqlx_create_table *ct = &st->create_table;
    ct->if_not_exists = if_not_exists(p);
    if (sqlx_sql__qualified(p, &ct->table, "a table name"))
        return NULL;
    if (is_op(p, SQLX_TOP_LPAREN) && !sqlx_sql__at_query(p)) {
        sqlx_sql__advance(p);
        do {
            if (at_table_constraint(p)) {
                int rc = table_constraint(p, ct, &ct->constraints);
                if (rc)
                    return NULL;
            } else {
                struct sqlx_column_def *col = column_def(p);
                if (!col)
                    return NULL;
                sqlx_vec_push_arena(&ct->columns, p->a, col);
            }
        } while (accept_op(p, SQLX_TOP_COMMA));
        if (sqlx_sql__expect_op(p, SQLX_TOP_RPAREN) || table_options(p, ct))
            return NULL;
        if (!is_kw(p, SQLX_KW_AS))
            return st;
    }
    if (p->d == SQLX_SQL_MYSQL && table_options(p, ct))
        return NULL;
    if (!accept_kw(p, SQLX_KW_AS) && !(p->d == SQLX_SQL_MYSQL && sqlx_sql__at_query(p))) {
        sqlx_sql__expected(p, "\"(\" or AS");
        return NULL;
    }
    if (!(ct->as_query = sqlx_sql__query(p)))
        return NULL;
    return st;
}

static struct sqlx_ast *create_index(struct sqlx_parser *p, struct sqlx_ast *st, bool unique)
{
    struct sqlx_create_index *ix = &st->create_index;
    ix->unique = unique;
    if (sqlx_sql__expect_kw(p, SQLX_KW_INDEX))
        return NULL;
    ix->concurrently = p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_CONCURRENTLY);
    ix->if_not_exists = if_not_exists(p);
    if (!is_kw(p, SQLX_KW_ON)) {
        struct sqlx_table_ref name = { 0 };
        if (sqlx_sql__qualified(p, &name, "an index name"))
            return NULL;
        ix->name = name.name;
        ix->schema = name.schema;
    }
    if (p->d == SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_USING) &&
        !(ix->method = sqlx_sql__lower(p, tok(p))))
        return NULL;
    if (p->d == SQLX_SQL_MYSQL && ix->method)
        sqlx_sql__advance(p);
    if (sqlx_sql__expect_kw(p, SQLX_KW_ON))
        return NULL;
    if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ONLY))
        ix->table.only = true;
    if (sqlx_sql__qualified(p, &ix->table, "a table name"))
        return NULL;
    if (accept_kw(p, SQLX_KW_USING)) {
        if (tok(p)->kind != SQLX_TOK_WORD) {
            sqlx_sql__expected(p, "an index method");
            return NULL;
        }
        ix->method = sqlx_sql__lower(p, tok(p));
        sqlx_sql__advance(p);
    }
    if (sqlx_sql__index_elems(p, &ix->elems))
        return NULL;
    if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_INCLUDE) &&
        sqlx_sql__name_list(p, &ix->include, "a column name"))
        return NULL;
    if (p->d == SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_USING)) {
        if (tok(p)->kind != SQLX_TOK_WORD) {
            sqlx_sql__expected(p, "an index method");
            return NULL;
        }
        ix->method = sqlx_sql__lower(p, tok(p));
        sqlx_sql__advance(p);
    }
    if (p->d != SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_WHERE) &&
        !(ix->where = sqlx_sql__expr(p)))
        return NULL;
    return st;
}

static struct sqlx_ast *create_view(struct sqlx_parser *p, struct sqlx_ast *st)
{
    struct sqlx_create_view *v = &st->create_view;
    v->if_not_exists = if_not_exists(p);
    if (sqlx_sql__qualified(p, &v->name, "a view name"))
        return NULL;
    if (is_op(p, SQLX_TOP_LPAREN) && sqlx_sql__name_list(p, &v->columns, "a column name"))
        return NULL;
    if (sqlx_sql__expect_kw(p, SQLX_KW_AS) || !(v->query = sqlx_sql__query(p)))
        return NULL;
    if (is_kw(p, SQLX_KW_WITH)) {
        sqlx_sql__advance(p);
        v->check_option = 1;
        if (accept_kw(p, SQLX_KW_LOCAL))
            v->check_option = 2;
        else
            accept_kw(p, SQLX_KW_CASCADED);
        if (sqlx_sql__expect_kw(p, SQLX_KW_CHECK) || sqlx_sql__expect_kw(p, SQLX_KW_OPTION))
            return NULL;
    }
    return st;
}

static struct sqlx_ast *create_type(struct sqlx_parser *p, struct sqlx_ast *st)
{
    struct sqlx_create_type *ty = &st->create_type;
    if (sqlx_sql__qualified(p, &ty->name, "a type name") || sqlx_sql__expect_kw(p, SQLX_KW_AS) ||
        sqlx_sql__expect_kw(p, SQLX_KW_ENUM) || sqlx_sql__expect_op(p, SQLX_TOP_LPAREN))
        return NULL;
    if (!is_op(p, SQLX_TOP_RPAREN)) {
        do {
            const char *label = sqlx_sql__string(p, NULL);
            if (!label)
                return NULL;
            sqlx_vec_push_arena(&ty->labels, p->a, (void *)label);
        } while (accept_op(p, SQLX_TOP_COMMA));
    }
    if (sqlx_sql__expect_op(p, SQLX_TOP_RPAREN))
        return NULL;
    return st;
}

struct sqlx_ast *sqlx_sql__create(struct sqlx_parser *p)
{
    int pos = cur_pos(p);
    sqlx_sql__advance(p); /* CREATE */
    bool or_replace = false, temporary = false, unlogged = false, unique = false, mat = false;
    if (is_kw(p, SQLX_KW_OR) && is_kw_at(p, 1, SQLX_KW_REPLACE)) {
        sqlx_sql__advance(p);
        sqlx_sql__advance(p);
        or_replace = true;
    }
    if (accept_kw(p, SQLX_KW_TEMP) || accept_kw(p, SQLX_KW_TEMPORARY))
        temporary = true;
    if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_UNLOGGED))
        unlogged = true;
    unique = accept_kw(p, SQLX_KW_UNIQUE);
    if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_MATERIALIZED))
        mat = true;
    struct sqlx_ast *st;
    if (!unique && !mat && !or_replace && accept_kw(p, SQLX_KW_TABLE)) {
        st = sqlx_ast_stmt_new(p->a, SQLX_ST_CREATE_TABLE);
        st->create_table.temporary = temporary;
        st->create_table.unlogged = unlogged;
        st = create_table(p, st);
    } else if (!temporary && !mat && !or_replace && !unlogged && is_kw(p, SQLX_KW_INDEX)) {
        st = create_index(p, sqlx_ast_stmt_new(p->a, SQLX_ST_CREATE_INDEX), unique);
    } else if (!unique && !unlogged && accept_kw(p, SQLX_KW_VIEW)) {
        st = sqlx_ast_stmt_new(p->a, SQLX_ST_CREATE_VIEW);
        st->create_view.or_replace = or_replace;
        st->create_view.temporary = temporary;
        st->create_view.materialized = mat;
        st = create_view(p, st);
    } else if (p->d == SQLX_SQL_POSTGRES && !unique && !mat && !or_replace && !temporary &&
               !unlogged && accept_kw(p, SQLX_KW_TYPE)) {
        st = create_type(p, sqlx_ast_stmt_new(p->a, SQLX_ST_CREATE_TYPE));
    } else {
        sqlx_sql__expected(p, "TABLE, INDEX, VIEW or TYPE");
        return NULL;
    }
    if (st)
        st->pos = pos;
    return st;
}

/* ---- ALTER TABLE ---- */

static int column_position(struct sqlx_parser *p, struct sqlx_alter_cmd *cmd)
{
    if (p->d != SQLX_SQL_MYSQL)
        return 0;
    if (accept_kw(p, SQLX_KW_FIRST))
        cmd->first = true;
    else if (accept_kw(p, SQLX_KW_AFTER) && !(cmd->after = sqlx_sql__ident(p, "a column name")))
        return p->rc;
    return 0;
}

static int alter_add(struct sqlx_parser *p, struct sqlx_alter_cmd *cmd)
{
    bool column = accept_kw(p, SQLX_KW_COLUMN);
    if (!column && at_table_constraint(p) && !is_kw(p, SQLX_KW_KEY) && !is_kw(p, SQLX_KW_INDEX)) {
        struct sqlx_vec one = { 0 };
        struct sqlx_create_table dummy = { 0 };
        int rc = table_constraint(p, &dummy, &one);
        if (rc)
            return rc == 1 ? sqlx_sql__expected(p, "a constraint") : p->rc;
        cmd->kind = SQLX_ALTER_ADD_CONSTRAINT;
        cmd->constraint = one.items[0];
        return 0;
    }
    cmd->kind = SQLX_ALTER_ADD_COLUMN;
    cmd->if_not_exists = if_not_exists(p);
    if (!(cmd->column = column_def(p)))
        return p->rc;
    return column_position(p, cmd);
}

static int alter_drop(struct sqlx_parser *p, struct sqlx_alter_cmd *cmd)
{
    if (accept_kw(p, SQLX_KW_CONSTRAINT) ||
        (p->d == SQLX_SQL_MYSQL && is_kw(p, SQLX_KW_FOREIGN) && is_kw_at(p, 1, SQLX_KW_KEY))) {
        if (is_kw(p, SQLX_KW_FOREIGN)) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
        }
        cmd->kind = SQLX_ALTER_DROP_CONSTRAINT;
    } else {
        accept_kw(p, SQLX_KW_COLUMN);
        cmd->kind = SQLX_ALTER_DROP_COLUMN;
    }
    cmd->if_exists = if_exists(p);
    if (!(cmd->name = sqlx_sql__ident(p, "a column or constraint name")))
        return p->rc;
    if (accept_kw(p, SQLX_KW_CASCADE))
        cmd->cascade = true;
    else
        accept_kw(p, SQLX_KW_RESTRICT);
    return 0;
}

static int alter_column(struct sqlx_parser *p, struct sqlx_alter_cmd *cmd)
{
    accept_kw(p, SQLX_KW_COLUMN);
    if (!(cmd->name = sqlx_sql__ident(p, "a column name")))
        return p->rc;
    if (accept_kw(p, SQLX_KW_TYPE) ||
        (is_kw(p, SQLX_KW_SET) && tok(p)->kind == SQLX_TOK_WORD && p->d == SQLX_SQL_POSTGRES &&
         sqlx_sql__peek(p, 1)->rawlen == 4 &&
         strncasecmp(sqlx_sql__peek(p, 1)->raw, "data", 4) == 0 && is_kw_at(p, 2, SQLX_KW_TYPE))) {
        if (p->prev.kw != SQLX_KW_TYPE) {
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
            sqlx_sql__advance(p);
        }
        cmd->kind = SQLX_ALTER_COLUMN_TYPE;
        if (!(cmd->type = sqlx_sql__type(p)))
            return p->rc;
        if (accept_kw(p, SQLX_KW_USING) && !(cmd->expr = sqlx_sql__expr(p)))
            return p->rc;
        return 0;
    }
    if (accept_kw(p, SQLX_KW_SET)) {
        if (accept_kw(p, SQLX_KW_DEFAULT)) {
            cmd->kind = SQLX_ALTER_SET_DEFAULT;
            if (!(cmd->expr = sqlx_sql__expr_at(p, p->lv->bitor_)))
                return p->rc;
            return 0;
        }
        if (sqlx_sql__expect_kw(p, SQLX_KW_NOT) || sqlx_sql__expect_kw(p, SQLX_KW_NULL))
            return p->rc;
        cmd->kind = SQLX_ALTER_SET_NOT_NULL;
        return 0;
    }
    if (accept_kw(p, SQLX_KW_DROP)) {
        if (accept_kw(p, SQLX_KW_DEFAULT)) {
            cmd->kind = SQLX_ALTER_DROP_DEFAULT;
            return 0;
        }
        if (sqlx_sql__expect_kw(p, SQLX_KW_NOT) || sqlx_sql__expect_kw(p, SQLX_KW_NULL))
            return p->rc;
        cmd->kind = SQLX_ALTER_DROP_NOT_NULL;
        return 0;
    }
    return sqlx_sql__expected(p, "TYPE, SET or DROP");
}

static int alter_cmd(struct sqlx_parser *p, struct sqlx_alter_cmd *cmd)
{
    if (accept_kw(p, SQLX_KW_ADD))
        return alter_add(p, cmd);
    if (accept_kw(p, SQLX_KW_DROP))
        return alter_drop(p, cmd);
    if (accept_kw(p, SQLX_KW_ALTER))
        return alter_column(p, cmd);
    if (accept_kw(p, SQLX_KW_RENAME)) {
        if (accept_kw(p, SQLX_KW_TO) || (p->d == SQLX_SQL_MYSQL && accept_kw(p, SQLX_KW_AS)) ||
            (p->d == SQLX_SQL_MYSQL && !is_kw(p, SQLX_KW_COLUMN))) {
            cmd->kind = SQLX_ALTER_RENAME_TABLE;
            cmd->new_name = sqlx_sql__ident(p, "a table name");
            return p->rc;
        }
        if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_CONSTRAINT)) {
            sqlx_sql__error_at(p, p->prev.pos, "RENAME CONSTRAINT is not supported");
            return p->rc;
        }
        accept_kw(p, SQLX_KW_COLUMN);
        cmd->kind = SQLX_ALTER_RENAME_COLUMN;
        if (!(cmd->name = sqlx_sql__ident(p, "a column name")) ||
            sqlx_sql__expect_kw(p, SQLX_KW_TO) ||
            !(cmd->new_name = sqlx_sql__ident(p, "a column name")))
            return p->rc;
        return 0;
    }
    if (p->d == SQLX_SQL_MYSQL && (is_kw(p, SQLX_KW_MODIFY) || is_kw(p, SQLX_KW_CHANGE))) {
        bool change = is_kw(p, SQLX_KW_CHANGE);
        sqlx_sql__advance(p);
        accept_kw(p, SQLX_KW_COLUMN);
        cmd->kind = SQLX_ALTER_MODIFY_COLUMN;
        if (change && !(cmd->name = sqlx_sql__ident(p, "a column name")))
            return p->rc;
        if (!(cmd->column = column_def(p)))
            return p->rc;
        if (!change)
            cmd->name = cmd->column->name;
        return column_position(p, cmd);
    }
    return sqlx_sql__expected(p, "ADD, DROP, ALTER, RENAME, MODIFY or CHANGE");
}

struct sqlx_ast *sqlx_sql__alter(struct sqlx_parser *p)
{
    struct sqlx_ast *st = sqlx_ast_stmt_new(p->a, SQLX_ST_ALTER_TABLE);
    st->pos = cur_pos(p);
    struct sqlx_alter_table *at = &st->alter_table;
    sqlx_sql__advance(p); /* ALTER */
    if (sqlx_sql__expect_kw(p, SQLX_KW_TABLE))
        return NULL;
    at->if_exists = if_exists(p);
    if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_ONLY))
        at->only = true;
    if (sqlx_sql__qualified(p, &at->table, "a table name"))
        return NULL;
    do {
        struct sqlx_alter_cmd *cmd = sqlx_arena_zalloc(p->a, sizeof(*cmd));
        cmd->pos = cur_pos(p);
        if (alter_cmd(p, cmd))
            return NULL;
        sqlx_vec_push_arena(&at->cmds, p->a, cmd);
    } while (accept_op(p, SQLX_TOP_COMMA));
    return st;
}

/* ---- DROP ---- */

struct sqlx_ast *sqlx_sql__drop(struct sqlx_parser *p)
{
    struct sqlx_ast *st = sqlx_ast_stmt_new(p->a, SQLX_ST_DROP);
    st->pos = cur_pos(p);
    struct sqlx_drop *dr = &st->drop;
    sqlx_sql__advance(p); /* DROP */
    if (p->d == SQLX_SQL_MYSQL && (accept_kw(p, SQLX_KW_TEMPORARY)))
        dr->temporary = true;
    if (accept_kw(p, SQLX_KW_TABLE)) {
        dr->object = SQLX_OBJ_TABLE;
    } else if (accept_kw(p, SQLX_KW_VIEW)) {
        dr->object = SQLX_OBJ_VIEW;
    } else if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_MATERIALIZED)) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_VIEW))
            return NULL;
        dr->object = SQLX_OBJ_MATERIALIZED_VIEW;
    } else if (accept_kw(p, SQLX_KW_INDEX)) {
        dr->object = SQLX_OBJ_INDEX;
        dr->concurrently = p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_CONCURRENTLY);
    } else if (p->d == SQLX_SQL_POSTGRES && accept_kw(p, SQLX_KW_TYPE)) {
        dr->object = SQLX_OBJ_TYPE;
    } else {
        sqlx_sql__expected(p, "TABLE, VIEW, INDEX or TYPE");
        return NULL;
    }
    dr->if_exists = if_exists(p);
    do {
        struct sqlx_table_ref *t = sqlx_arena_zalloc(p->a, sizeof(*t));
        if (sqlx_sql__qualified(p, t, "a name"))
            return NULL;
        sqlx_vec_push_arena(&dr->names, p->a, t);
    } while (accept_op(p, SQLX_TOP_COMMA));
    if (dr->object == SQLX_OBJ_INDEX && p->d == SQLX_SQL_MYSQL) {
        if (sqlx_sql__expect_kw(p, SQLX_KW_ON))
            return NULL;
        dr->on_table = sqlx_arena_zalloc(p->a, sizeof(*dr->on_table));
        if (sqlx_sql__qualified(p, dr->on_table, "a table name"))
            return NULL;
    }
    if (accept_kw(p, SQLX_KW_CASCADE))
        dr->cascade = true;
    else if (accept_kw(p, SQLX_KW_RESTRICT))
        dr->restrict_written = true;
    return st;
}
