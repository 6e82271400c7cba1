/* Declarations shared by the AST dump's two files and nothing else: ast_dump.c (names, values,
 * type names, windows, expressions) and ast_dump_stmt.c (queries and statements), which call
 * into each other for subqueries and the expressions inside statements. The node writers are
 * static inline, like parse_int.h's token helpers. */
#ifndef SQLX_SQL_AST_DUMP_INT_H
#define SQLX_SQL_AST_DUMP_INT_H

#include <stddef.h>

#include "core/buf.h"
#include "sql/ast.h"

/* Dump state: where the text goes and which SQLX_AST_DUMP_* extras are asked for. */
struct sqlx_dumper {
    struct sqlx_buf *out; /* caller's buffer, appended to */
    unsigned flags;       /* SQLX_AST_DUMP_POS | SQLX_AST_DUMP_SYNTAX */
};

/* ast_dump.c */
/* Writes bytes as a double-quoted string with \" \\ and \xHH escapes. */
void sqlx_sql__dump_quoted(struct sqlx_dumper *d, const char *s, size_t n);
/* A name: bare when it is a plain word, quoted otherwise; "?" when missing. */
void sqlx_sql__dump_name(struct sqlx_dumper *d, const char *s);
/* schema.table.name, each part optional. */
void sqlx_sql__dump_qualified(struct sqlx_dumper *d, const char *schema, const char *table,
                              const char *name);
/* " :tag" for a syntax record, when syntax dumping is on and s is not the default. */
void sqlx_sql__dump_syntax(struct sqlx_dumper *d, enum sqlx_syntax s);
/* An expression ("?" when NULL); child writes a space first; opt_child writes " (label e)"
 * when e is not NULL. */
void sqlx_sql__dump_expr(struct sqlx_dumper *d, const struct sqlx_expr *e);
void sqlx_sql__dump_child(struct sqlx_dumper *d, const struct sqlx_expr *e);
void sqlx_sql__dump_opt_child(struct sqlx_dumper *d, const char *label,
                              const struct sqlx_expr *e);
/* Each expression, or each name, of a vector with a space before it. */
void sqlx_sql__dump_exprs(struct sqlx_dumper *d, const struct sqlx_vec *v);
void sqlx_sql__dump_names(struct sqlx_dumper *d, const struct sqlx_vec *v);
/* " (type ...)", or " ?" when t is NULL. */
void sqlx_sql__dump_type(struct sqlx_dumper *d, const struct sqlx_type_name *t);
/* " (label item...)" for an ORDER BY list; nothing when it is empty. */
void sqlx_sql__dump_order(struct sqlx_dumper *d, const char *label, const struct sqlx_vec *v);
/* A window's base name, PARTITION BY, ORDER BY and frame. */
void sqlx_sql__dump_window_body(struct sqlx_dumper *d, const struct sqlx_window *w);

/* ast_dump_stmt.c */
/* A query ("?" when NULL). */
void sqlx_sql__dump_query(struct sqlx_dumper *d, const struct sqlx_select *q);

/* ---- node writers ---- */

static inline void put(struct sqlx_dumper *d, const char *s)
{
    sqlx_buf_puts(d->out, s);
}

static inline void sp(struct sqlx_dumper *d)
{
    sqlx_buf_putc(d->out, ' ');
}

static inline void put_pos(struct sqlx_dumper *d, int pos)
{
    if ((d->flags & SQLX_AST_DUMP_POS) && pos > 0) {
        sqlx_buf_putc(d->out, '@');
        sqlx_buf_put_i64(d->out, pos);
    }
}

static inline void open_node(struct sqlx_dumper *d, const char *name, int pos)
{
    sqlx_buf_putc(d->out, '(');
    put(d, name);
    put_pos(d, pos);
}

static inline void close_node(struct sqlx_dumper *d)
{
    sqlx_buf_putc(d->out, ')');
}

#endif
