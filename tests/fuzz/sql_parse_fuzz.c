/* libFuzzer target for the SQL lexer and parser (src/sql/lexer.c, parser.c, parse_*.c) and the
 * tree consumers that must accept anything the parser returns (ast_dump.c, ast_equal.c,
 * ast_walk.c). The first input byte picks the dialect (low two bits) and the lexer options
 * (next four bits); the rest is the SQL text. Must never crash, leak, hang or read out of bounds;
 * any parse result is acceptable, but a successful parse must be equal to itself and dumpable. */
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "sql/parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_stmt(struct sqlx_ast *st)
{
    struct sqlx_buf out;
    sqlx_buf_init(&out, 0);
    sqlx_ast_dump(st, SQLX_AST_DUMP_POS | SQLX_AST_DUMP_SYNTAX, &out);
    if (out.len == 0)
        __builtin_trap(); /* every statement dumps to something */
    sqlx_buf_free(&out);
    if (!sqlx_ast_equal(st, st, SQLX_AST_EQ_SYNTAX))
        __builtin_trap(); /* equality is reflexive */
    struct sqlx_ast_walker w = { 0 };
    if (sqlx_ast_walk(st, &w) != 0)
        __builtin_trap(); /* the parser already bounded the nesting */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct sqlx_parse_opts o = {
        .dialect = (enum sqlx_sql_dialect)((data[0] & 3) % 3),
        .flags = (unsigned)((data[0] >> 2) & 0xF),
    };
    const char *sql = (const char *)data + 1;
    size_t len = size - 1;
    struct sqlx_arena a;
    struct sqlx_err err;
    sqlx_arena_init(&a, 0);

    struct sqlx_stmt_list list;
    if (sqlx_sql_parse(sql, len, &o, &a, &list, &err) == 0) {
        for (size_t i = 0; i < list.stmts.len; i++)
            check_stmt(list.stmts.items[i]);
    } else if (err.position < 1 || (size_t)err.position > len + 1 || err.message[0] == '\0') {
        __builtin_trap(); /* errors always point into the text (or just past it) */
    }
    struct sqlx_expr *e;
    if (sqlx_sql_parse_expr(sql, len, &o, &a, &e, &err) == 0) {
        struct sqlx_buf out;
        sqlx_buf_init(&out, 0);
        sqlx_ast_dump_expr(e, 0, &out);
        sqlx_buf_free(&out);
        if (!sqlx_ast_expr_equal(e, e, 0))
            __builtin_trap();
    }
    struct sqlx_type_name *t;
    if (sqlx_sql_parse_type(sql, len, &o, &a, &t, &err) == 0 && (!t || !t->name || !t->text))
        __builtin_trap(); /* a parsed type always has its name and text */
    sqlx_arena_free(&a);
    return 0;
}
