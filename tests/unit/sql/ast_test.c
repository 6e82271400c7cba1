/* Tests for src/sql/ast.c: builders put every node in the arena and copy every string and
 * TEXT/BLOB value, so the caller's buffers may change after building without touching the tree. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/arena.h"
#include "sql/ast.h"

static struct sqlx_arena arena;

static void setup(void)
{
    sqlx_arena_init(&arena, 0);
}

static void teardown(void)
{
    sqlx_arena_free(&arena);
}

TestSuite(ast, .init = setup, .fini = teardown);

Test(ast, column_copies_table_and_name)
{
    char table[] = "users", name[] = "email";
    struct sqlx_expr *e = sqlx_ast_column(&arena, table, name);
    memset(table, 'X', sizeof(table) - 1);
    memset(name, 'Y', sizeof(name) - 1);
    cr_assert_eq(e->kind, SQLX_EX_COLUMN);
    cr_assert_str_eq(e->table, "users");
    cr_assert_str_eq(e->name, "email");
    cr_assert_neq((const void *)e->table, (const void *)table);
    cr_assert_eq(e->pos, 0, "code-built nodes carry no position");
}

Test(ast, column_without_table_keeps_null)
{
    struct sqlx_expr *e = sqlx_ast_column(&arena, NULL, "id");
    cr_assert_null(e->table);
    cr_assert_str_eq(e->name, "id");
}

Test(ast, param_text_is_copied)
{
    char text[] = "hello world";
    struct sqlx_value v = sqlx_value_text(text, 5); /* "hello", not NUL-terminated in source */
    struct sqlx_expr *e = sqlx_ast_param(&arena, &v);
    memset(text, '!', sizeof(text) - 1);
    cr_assert_eq(e->kind, SQLX_EX_PARAM);
    cr_assert_eq(e->value.type, SQLX_V_TEXT);
    cr_assert_eq(e->value.n, 5);
    cr_assert_neq((const void *)e->value.s, (const void *)text);
    cr_assert_eq(memcmp(e->value.s, "hello", 5), 0);
    cr_assert_eq(e->value.s[5], '\0', "copied text is NUL-terminated for convenience");
}

Test(ast, param_blob_with_nul_bytes_is_copied)
{
    unsigned char blob[] = { 0x00, 0xFF, 0x00, 0x41 };
    struct sqlx_value v = sqlx_value_blob(blob, sizeof(blob));
    struct sqlx_expr *e = sqlx_ast_param(&arena, &v);
    memset(blob, 0x55, sizeof(blob));
    cr_assert_eq(e->value.type, SQLX_V_BLOB);
    cr_assert_eq(e->value.n, 4);
    cr_assert_eq(memcmp(e->value.s, "\x00\xFF\x00\x41", 4), 0);
}

Test(ast, empty_text_param_has_valid_pointer)
{
    struct sqlx_value v = sqlx_value_text(NULL, 0);
    struct sqlx_expr *e = sqlx_ast_param(&arena, &v);
    cr_assert_not_null(e->value.s);
    cr_assert_eq(e->value.n, 0);
}

Test(ast, scalar_params_keep_their_value)
{
    struct sqlx_value vi = sqlx_value_int(-42), vf = sqlx_value_float(2.5);
    struct sqlx_value vb = sqlx_value_bool(true), vn = sqlx_value_null();
    cr_assert_eq(sqlx_ast_param(&arena, &vi)->value.i, -42);
    cr_assert_float_eq(sqlx_ast_param(&arena, &vf)->value.f, 2.5, 0.0);
    cr_assert(sqlx_ast_param(&arena, &vb)->value.b);
    cr_assert_eq(sqlx_ast_param(&arena, &vn)->value.type, SQLX_V_NULL);
}

Test(ast, literal_text_is_copied)
{
    char text[] = "it's";
    struct sqlx_value v = sqlx_value_text(text, 4);
    struct sqlx_expr *e = sqlx_ast_literal(&arena, &v);
    text[0] = 'X';
    cr_assert_eq(e->kind, SQLX_EX_LITERAL);
    cr_assert_eq(memcmp(e->value.s, "it's", 4), 0);
}

Test(ast, func_star_and_in_lists)
{
    char fname[] = "count";
    struct sqlx_expr *f = sqlx_ast_func(&arena, fname);
    sqlx_ast_add_arg(&arena, f, sqlx_ast_star(&arena, NULL));
    fname[0] = 'Z';
    cr_assert_str_eq(f->name, "count");
    cr_assert_eq(f->list.len, 1);
    cr_assert_eq(((struct sqlx_expr *)f->list.items[0])->kind, SQLX_EX_STAR);

    struct sqlx_expr *in = sqlx_ast_in(&arena, sqlx_ast_column(&arena, NULL, "id"), true);
    for (int i = 0; i < 100; i++) {
        struct sqlx_value v = sqlx_value_int(i);
        sqlx_ast_add_arg(&arena, in, sqlx_ast_param(&arena, &v));
    }
    cr_assert(in->negated);
    cr_assert_eq(in->list.len, 100);
    cr_assert_eq(((struct sqlx_expr *)in->list.items[99])->value.i, 99);
}

Test(ast, and_combines_and_skips_null)
{
    struct sqlx_expr *a = sqlx_ast_column(&arena, NULL, "a");
    struct sqlx_expr *b = sqlx_ast_column(&arena, NULL, "b");
    cr_assert_eq(sqlx_ast_and(&arena, NULL, b), b);
    cr_assert_eq(sqlx_ast_and(&arena, a, NULL), a);
    cr_assert_null(sqlx_ast_and(&arena, NULL, NULL));
    struct sqlx_expr *both = sqlx_ast_and(&arena, a, b);
    cr_assert_eq(both->kind, SQLX_EX_BINARY);
    cr_assert_eq(both->op, SQLX_OP_AND);
    cr_assert_eq(both->left, a);
    cr_assert_eq(both->right, b);
}

Test(ast, like_sets_flags)
{
    struct sqlx_expr *e = sqlx_ast_like(&arena, SQLX_OP_ILIKE, sqlx_ast_column(&arena, NULL, "a"),
                                        sqlx_ast_column(&arena, NULL, "b"), true, true);
    cr_assert_eq(e->op, SQLX_OP_ILIKE);
    cr_assert(e->negated);
    cr_assert(e->like_escape);
}

Test(ast, select_parts_copy_names)
{
    char table[] = "users", alias[] = "n", jt[] = "orders", ja[] = "o";
    struct sqlx_ast *st = sqlx_ast_select(&arena, table);
    struct sqlx_select *s = &st->select;
    sqlx_ast_select_add(&arena, s, sqlx_ast_column(&arena, NULL, "name"), alias);
    sqlx_ast_join_add(&arena, s, SQLX_JOIN_LEFT, jt, ja, NULL);
    sqlx_ast_order_add(&arena, s, sqlx_ast_column(&arena, NULL, "id"), true);
    sqlx_ast_order_add_nulls(&arena, s, sqlx_ast_column(&arena, NULL, "x"), false, 2);
    sqlx_ast_group_add(&arena, s, sqlx_ast_column(&arena, NULL, "g"));
    table[0] = alias[0] = jt[0] = ja[0] = '#';

    cr_assert_eq(st->kind, SQLX_ST_SELECT);
    cr_assert_str_eq(s->from.name, "users");
    const struct sqlx_select_item *it = s->items.items[0];
    cr_assert_str_eq(it->alias, "n");
    const struct sqlx_join *j = s->joins.items[0];
    cr_assert_eq(j->kind, SQLX_JOIN_LEFT);
    cr_assert_str_eq(j->table.name, "orders");
    cr_assert_str_eq(j->table.alias, "o");
    const struct sqlx_order_item *o1 = s->order_by.items[0], *o2 = s->order_by.items[1];
    cr_assert(o1->desc);
    cr_assert_eq(o1->nulls, 0);
    cr_assert_not(o2->desc);
    cr_assert_eq(o2->nulls, 2);
    cr_assert_eq(s->group_by.len, 1);
}

Test(ast, select_without_table)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, NULL);
    cr_assert_null(st->select.from.name);
    cr_assert_eq(st->select.items.len, 0);
}

Test(ast, insert_copies_columns_and_rows)
{
    char c1[] = "name", c2[] = "age";
    const char *cols[] = { c1, c2 };
    struct sqlx_ast *st = sqlx_ast_insert(&arena, "users");
    sqlx_ast_insert_columns(&arena, &st->insert, cols, 2);
    struct sqlx_value v1 = sqlx_value_text("ann", 3), v2 = sqlx_value_int(30);
    struct sqlx_expr *row[2] = { sqlx_ast_param(&arena, &v1), sqlx_ast_param(&arena, &v2) };
    struct sqlx_expr *first = row[0];
    sqlx_ast_insert_row(&arena, &st->insert, row);
    c1[0] = 'X';
    cols[1] = "other";
    row[0] = NULL;

    cr_assert_eq(st->kind, SQLX_ST_INSERT);
    cr_assert_str_eq(st->insert.table.name, "users");
    cr_assert_eq(st->insert.ncolumns, 2);
    cr_assert_str_eq(st->insert.columns[0], "name");
    cr_assert_str_eq(st->insert.columns[1], "age");
    cr_assert_eq(st->insert.rows.len, 1);
    const struct sqlx_vec *r = st->insert.rows.items[0];
    cr_assert_eq(r->len, 2);
    cr_assert_eq(r->items[0], first, "row array was copied before the caller cleared it");
}

Test(ast, update_set_copies_column)
{
    char col[] = "age";
    struct sqlx_ast *st = sqlx_ast_update(&arena, "users");
    struct sqlx_value v = sqlx_value_int(1);
    sqlx_ast_set_add(&arena, &st->update, col, sqlx_ast_param(&arena, &v));
    col[0] = 'X';
    const struct sqlx_assign *as = st->update.set.items[0];
    cr_assert_str_eq(as->column, "age");
    cr_assert_eq(as->value->value.i, 1);
}

Test(ast, returning_goes_to_the_statement_kind)
{
    struct sqlx_ast *ins = sqlx_ast_insert(&arena, "t");
    struct sqlx_ast *upd = sqlx_ast_update(&arena, "t");
    struct sqlx_ast *del = sqlx_ast_delete(&arena, "t");
    struct sqlx_ast *sel = sqlx_ast_select(&arena, "t");
    sqlx_ast_returning_add(&arena, ins, sqlx_ast_column(&arena, NULL, "id"));
    sqlx_ast_returning_add(&arena, upd, sqlx_ast_column(&arena, NULL, "id"));
    sqlx_ast_returning_add(&arena, upd, sqlx_ast_column(&arena, NULL, "v"));
    sqlx_ast_returning_add(&arena, del, sqlx_ast_column(&arena, NULL, "id"));
    sqlx_ast_returning_add(&arena, sel, sqlx_ast_column(&arena, NULL, "id"));
    cr_assert_eq(ins->insert.returning.len, 1);
    cr_assert_eq(upd->update.returning.len, 2);
    cr_assert_eq(del->del.returning.len, 1);
    cr_assert_eq(sel->select.items.len, 1);
    cr_assert_str_eq(del->del.table.name, "t");
}

Test(ast, subquery_and_exists)
{
    struct sqlx_ast *inner = sqlx_ast_select(&arena, "t");
    struct sqlx_expr *sq = sqlx_ast_subquery(&arena, &inner->select);
    struct sqlx_expr *ex = sqlx_ast_exists(&arena, &inner->select, true);
    cr_assert_eq(sq->kind, SQLX_EX_SUBQUERY);
    cr_assert_eq(sq->op, SQLX_OP_NONE);
    cr_assert_eq(ex->op, SQLX_OP_EXISTS);
    cr_assert(ex->negated);
    cr_assert_eq(ex->subquery, &inner->select);
}
