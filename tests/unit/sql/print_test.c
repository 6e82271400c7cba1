/* Tests for src/sql/print.c: golden SQL text for three hand-built dialect tables (SQLite-like,
 * PostgreSQL-like, MySQL-like) over every node kind, parameter numbering, quoting, refusal of
 * RETURNING, rollback on failure; then the printed SQL run on a real in-memory SQLite with the
 * parameters bound through libsqlite3, to show the text is valid and binds land where intended. */
#include <criterion/criterion.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "sql/ast.h"
#include "sql/print.h"

static const struct sqlx_dialect SQLITE = {
    .quote_open = '"', .quote_close = '"', .param_style = SQLX_PARAM_QMARK,
    .limit_form = SQLX_LIMIT_LIMIT_OFFSET, .ilike_form = SQLX_ILIKE_LOWER,
    .true_literal = "1", .false_literal = "0", .supports_returning = true,
    .upsert_form = "on_conflict", .concat_op = "||", .like_escape = "\\",
};
static const struct sqlx_dialect PG = {
    .quote_open = '"', .quote_close = '"', .param_style = SQLX_PARAM_DOLLAR,
    .limit_form = SQLX_LIMIT_FETCH_FIRST, .ilike_form = SQLX_ILIKE_NATIVE,
    .true_literal = "TRUE", .false_literal = "FALSE", .supports_returning = true,
    .upsert_form = "on_conflict", .concat_op = "||", .like_escape = "\\",
};
static const struct sqlx_dialect MYSQL = {
    .quote_open = '`', .quote_close = '`', .param_style = SQLX_PARAM_QMARK,
    .limit_form = SQLX_LIMIT_LIMIT_OFFSET, .ilike_form = SQLX_ILIKE_LOWER,
    .true_literal = "TRUE", .false_literal = "FALSE", .supports_returning = false,
    .upsert_form = "on_duplicate_key", .concat_op = "CONCAT", .like_escape = "!",
};

static struct sqlx_arena arena;
static struct sqlx_buf sql;
static struct sqlx_params params;
static struct sqlx_err err;

static void setup(void)
{
    sqlx_arena_init(&arena, 0);
    sqlx_buf_init(&sql, 0);
    memset(&params, 0, sizeof(params));
    sqlx_err_clear(&err);
}

static void teardown(void)
{
    sqlx_buf_free(&sql);
    sqlx_arena_free(&arena);
}

TestSuite(print, .init = setup, .fini = teardown);

/* Renders st from scratch (empty text, no parameters) and returns the text. */
static const char *render(const struct sqlx_ast *st, const struct sqlx_dialect *d)
{
    sqlx_buf_reset(&sql);
    memset(&params, 0, sizeof(params));
    int rc = sqlx_sql_print(st, d, &arena, &sql, &params, &err);
    cr_assert_eq(rc, 0, "print failed: %s", err.message);
    return sql.data;
}

/* Renders st expecting failure with code; returns the message. */
static const char *render_fail(const struct sqlx_ast *st, const struct sqlx_dialect *d, int code)
{
    sqlx_buf_reset(&sql);
    memset(&params, 0, sizeof(params));
    int rc = sqlx_sql_print(st, d, &arena, &sql, &params, &err);
    cr_assert_eq(rc, code, "expected code %d, got %d (%s)", code, rc, err.message);
    cr_assert_eq(err.code, code);
    cr_assert_eq(sql.len, 0, "failed print left text: %s", sql.data);
    cr_assert_eq(params.n, 0);
    return err.message;
}

/* A SELECT of one WHERE expression, to test expressions alone. */
static const char *where_sql(struct sqlx_expr *e, const struct sqlx_dialect *d)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    st->select.where = e;
    return render(st, d);
}

static struct sqlx_expr *col(const char *name)
{
    return sqlx_ast_column(&arena, NULL, name);
}

static struct sqlx_expr *pint(int64_t i)
{
    struct sqlx_value v = sqlx_value_int(i);
    return sqlx_ast_param(&arena, &v);
}

static struct sqlx_expr *ptext(const char *s)
{
    struct sqlx_value v = sqlx_value_text(s, strlen(s));
    return sqlx_ast_param(&arena, &v);
}

static struct sqlx_expr *lit(struct sqlx_value v)
{
    return sqlx_ast_literal(&arena, &v);
}

static struct sqlx_expr *bin(enum sqlx_op op, struct sqlx_expr *l, struct sqlx_expr *r)
{
    return sqlx_ast_binary(&arena, op, l, r);
}

static struct sqlx_expr *eq(const char *c, int64_t v)
{
    return bin(SQLX_OP_EQ, col(c), pint(v));
}

/* ---- identifiers ---- */

Test(print, quote_ident_doubles_the_quote_char)
{
    sqlx_sql_quote_ident(&SQLITE, "a\"b", &sql);
    cr_assert_str_eq(sql.data, "\"a\"\"b\"");
    sqlx_buf_reset(&sql);
    sqlx_sql_quote_ident(&MYSQL, "a`b\"c", &sql);
    cr_assert_str_eq(sql.data, "`a``b\"c`");
    sqlx_buf_reset(&sql);
    sqlx_sql_quote_ident(&PG, "", &sql);
    cr_assert_str_eq(sql.data, "\"\"");
}

Test(print, column_with_quote_in_statement)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "my\"table");
    sqlx_ast_select_add(&arena, &st->select, sqlx_ast_column(&arena, "my\"table", "a\"b"), "x\"y");
    cr_assert_str_eq(render(st, &SQLITE),
                     "SELECT \"my\"\"table\".\"a\"\"b\" AS \"x\"\"y\" FROM \"my\"\"table\"");
}

Test(print, hostile_identifier_stays_one_identifier)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    sqlx_ast_select_add(&arena, &st->select, col("x\"; DROP TABLE t; --"), NULL);
    cr_assert_str_eq(render(st, &PG), "SELECT \"x\"\"; DROP TABLE t; --\" FROM \"t\"");
    cr_assert_str_eq(render(st, &MYSQL), "SELECT `x\"; DROP TABLE t; --` FROM `t`");
}

/* ---- SELECT across dialects ---- */

static struct sqlx_ast *users_query(void)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "users");
    struct sqlx_select *s = &st->select;
    s->from.alias = "u";
    sqlx_ast_select_add(&arena, s, sqlx_ast_column(&arena, "u", "id"), NULL);
    sqlx_ast_select_add(&arena, s, sqlx_ast_column(&arena, "u", "name"), "n");
    s->where = sqlx_ast_and(&arena, bin(SQLX_OP_GTE, sqlx_ast_column(&arena, "u", "age"), pint(18)),
                            bin(SQLX_OP_NEQ, col("name"), ptext("bob")));
    sqlx_ast_order_add(&arena, s, col("id"), true);
    s->limit = pint(10);
    s->offset = pint(20);
    return st;
}

Test(print, select_sqlite)
{
    cr_assert_str_eq(render(users_query(), &SQLITE),
                     "SELECT \"u\".\"id\", \"u\".\"name\" AS \"n\" FROM \"users\" AS \"u\" "
                     "WHERE \"u\".\"age\" >= ? AND \"name\" <> ? ORDER BY \"id\" DESC "
                     "LIMIT ? OFFSET ?");
    cr_assert_eq(params.n, 4);
    cr_assert_eq(params.v[0].i, 18);
    cr_assert_eq(params.v[1].type, SQLX_V_TEXT);
    cr_assert_eq(memcmp(params.v[1].s, "bob", 3), 0);
    cr_assert_eq(params.v[2].i, 10);
    cr_assert_eq(params.v[3].i, 20);
}

Test(print, select_pg_fetch_first)
{
    cr_assert_str_eq(render(users_query(), &PG),
                     "SELECT \"u\".\"id\", \"u\".\"name\" AS \"n\" FROM \"users\" AS \"u\" "
                     "WHERE \"u\".\"age\" >= $1 AND \"name\" <> $2 ORDER BY \"id\" DESC "
                     "OFFSET $3 ROWS FETCH FIRST $4 ROWS ONLY");
    /* Parameters follow text order: the offset (20) comes before the limit (10). */
    cr_assert_eq(params.v[2].i, 20);
    cr_assert_eq(params.v[3].i, 10);
}

Test(print, select_mysql)
{
    cr_assert_str_eq(render(users_query(), &MYSQL),
                     "SELECT `u`.`id`, `u`.`name` AS `n` FROM `users` AS `u` "
                     "WHERE `u`.`age` >= ? AND `name` <> ? ORDER BY `id` DESC LIMIT ? OFFSET ?");
}

Test(print, select_star_distinct_schema_no_from)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "users");
    st->select.distinct = true;
    st->select.from.schema = "public";
    cr_assert_str_eq(render(st, &PG), "SELECT DISTINCT * FROM \"public\".\"users\"");

    st = sqlx_ast_select(&arena, NULL);
    sqlx_ast_select_add(&arena, &st->select, lit(sqlx_value_int(1)), "one");
    cr_assert_str_eq(render(st, &SQLITE), "SELECT 1 AS \"one\"");

    st = sqlx_ast_select(&arena, "t");
    sqlx_ast_select_add(&arena, &st->select, sqlx_ast_star(&arena, "t"), NULL);
    cr_assert_str_eq(render(st, &MYSQL), "SELECT `t`.* FROM `t`");
}

Test(print, param_numbering_continues)
{
    struct sqlx_value pre[2] = { sqlx_value_int(7), sqlx_value_int(8) };
    sqlx_buf_puts(&sql, "WITH x AS (...) ");
    params.v = pre;
    params.n = 2;
    params.cap = 2;
    struct sqlx_ast *st = sqlx_ast_delete(&arena, "t");
    st->del.where = sqlx_ast_and(&arena, eq("a", 1), eq("b", 2));
    cr_assert_eq(sqlx_sql_print(st, &PG, &arena, &sql, &params, &err), 0);
    cr_assert_str_eq(sql.data, "WITH x AS (...) DELETE FROM \"t\" WHERE \"a\" = $3 AND \"b\" = $4");
    cr_assert_eq(params.n, 4);
    cr_assert_eq(params.v[0].i, 7, "earlier parameters survive the growth");
    cr_assert_eq(params.v[1].i, 8);
    cr_assert_eq(params.v[2].i, 1);
    cr_assert_eq(params.v[3].i, 2);
}

Test(print, qnum_style_and_many_params)
{
    struct sqlx_dialect d = SQLITE;
    d.param_style = SQLX_PARAM_QNUM;
    struct sqlx_expr *in = sqlx_ast_in(&arena, col("id"), false);
    for (int i = 0; i < 12; i++)
        sqlx_ast_add_arg(&arena, in, pint(i * 10));
    cr_assert_str_eq(where_sql(in, &d), "SELECT * FROM \"t\" WHERE \"id\" IN "
                                        "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    cr_assert_eq(params.n, 12);
    for (int i = 0; i < 12; i++)
        cr_assert_eq(params.v[i].i, i * 10);
}

/* ---- precedence ---- */

Test(print, or_inside_and_is_parenthesised)
{
    struct sqlx_expr *e = sqlx_ast_and(&arena, bin(SQLX_OP_OR, eq("a", 1), eq("b", 2)), eq("c", 3));
    cr_assert_str_eq(where_sql(e, &SQLITE),
                     "SELECT * FROM \"t\" WHERE (\"a\" = ? OR \"b\" = ?) AND \"c\" = ?");
    e = bin(SQLX_OP_AND, eq("c", 3), bin(SQLX_OP_OR, eq("a", 1), eq("b", 2)));
    cr_assert_str_eq(where_sql(e, &PG),
                     "SELECT * FROM \"t\" WHERE \"c\" = $1 AND (\"a\" = $2 OR \"b\" = $3)");
}

Test(print, and_inside_or_has_no_parens)
{
    struct sqlx_expr *e = bin(SQLX_OP_OR, sqlx_ast_and(&arena, eq("a", 1), eq("b", 2)),
                              sqlx_ast_and(&arena, eq("c", 3), eq("d", 4)));
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE \"a\" = ? AND \"b\" = ? "
                                            "OR \"c\" = ? AND \"d\" = ?");
    /* Long AND chains stay flat whichever way they nest. */
    e = sqlx_ast_and(&arena, eq("a", 1), sqlx_ast_and(&arena, eq("b", 2), eq("c", 3)));
    cr_assert_str_eq(where_sql(e, &SQLITE),
                     "SELECT * FROM \"t\" WHERE \"a\" = ? AND \"b\" = ? AND \"c\" = ?");
}

Test(print, arithmetic_keeps_tree_shape)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, NULL);
    struct sqlx_select *s = &st->select;
    sqlx_ast_select_add(&arena, s, bin(SQLX_OP_MUL, bin(SQLX_OP_ADD, col("a"), col("b")), col("c")),
                        NULL);
    sqlx_ast_select_add(&arena, s, bin(SQLX_OP_ADD, bin(SQLX_OP_MUL, col("a"), col("b")), col("c")),
                        NULL);
    sqlx_ast_select_add(&arena, s, bin(SQLX_OP_SUB, col("a"), bin(SQLX_OP_SUB, col("b"), col("c"))),
                        NULL);
    sqlx_ast_select_add(&arena, s, bin(SQLX_OP_SUB, bin(SQLX_OP_SUB, col("a"), col("b")), col("c")),
                        NULL);
    sqlx_ast_select_add(&arena, s, bin(SQLX_OP_DIV, col("a"), bin(SQLX_OP_MOD, col("b"), col("c"))),
                        NULL);
    cr_assert_str_eq(render(st, &SQLITE), "SELECT (\"a\" + \"b\") * \"c\", \"a\" * \"b\" + \"c\", "
                                          "\"a\" - (\"b\" - \"c\"), \"a\" - \"b\" - \"c\", "
                                          "\"a\" / (\"b\" % \"c\")");
}

Test(print, comparisons_never_chain)
{
    struct sqlx_expr *e = bin(SQLX_OP_EQ, bin(SQLX_OP_LT, col("a"), col("b")), lit(sqlx_value_bool(true)));
    cr_assert_str_eq(where_sql(e, &PG), "SELECT * FROM \"t\" WHERE (\"a\" < \"b\") = TRUE");
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE (\"a\" < \"b\") = 1");
    e = bin(SQLX_OP_GT, bin(SQLX_OP_ADD, col("a"), pint(1)), col("b"));
    cr_assert_str_eq(where_sql(e, &PG), "SELECT * FROM \"t\" WHERE \"a\" + $1 > \"b\"");
}

Test(print, unary_not_and_minus)
{
    struct sqlx_expr *e = sqlx_ast_unary(&arena, SQLX_OP_NOT, eq("a", 1));
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE NOT (\"a\" = ?)");
    e = sqlx_ast_and(&arena, sqlx_ast_unary(&arena, SQLX_OP_NOT, col("flag")), eq("b", 2));
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE NOT \"flag\" AND \"b\" = ?");
    e = bin(SQLX_OP_EQ, sqlx_ast_unary(&arena, SQLX_OP_NOT, col("flag")), col("b"));
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE (NOT \"flag\") = \"b\"");

    struct sqlx_ast *st = sqlx_ast_select(&arena, NULL);
    sqlx_ast_select_add(&arena, &st->select,
                        sqlx_ast_unary(&arena, SQLX_OP_NEG, bin(SQLX_OP_ADD, col("a"), col("b"))), NULL);
    sqlx_ast_select_add(&arena, &st->select, sqlx_ast_unary(&arena, SQLX_OP_NEG, col("a")), NULL);
    sqlx_ast_select_add(&arena, &st->select,
                        sqlx_ast_unary(&arena, SQLX_OP_NEG, lit(sqlx_value_int(-5))), NULL);
    sqlx_ast_select_add(&arena, &st->select,
                        sqlx_ast_unary(&arena, SQLX_OP_NEG, sqlx_ast_unary(&arena, SQLX_OP_NEG, pint(3))),
                        NULL);
    sqlx_ast_select_add(&arena, &st->select, bin(SQLX_OP_SUB, col("a"), lit(sqlx_value_int(-5))),
                        NULL);
    /* Never "--", which would start a comment. */
    cr_assert_str_eq(render(st, &PG),
                     "SELECT -(\"a\" + \"b\"), -\"a\", -(-5), -(-$1), \"a\" - -5");
}

Test(print, concat_operator_and_function)
{
    struct sqlx_expr *chain = bin(SQLX_OP_CONCAT, bin(SQLX_OP_CONCAT, col("a"), ptext("-")), col("b"));
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    sqlx_ast_select_add(&arena, &st->select, chain, NULL);
    sqlx_ast_select_add(&arena, &st->select,
                        bin(SQLX_OP_CONCAT, bin(SQLX_OP_ADD, col("a"), col("b")), col("c")), NULL);
    sqlx_ast_select_add(&arena, &st->select,
                        bin(SQLX_OP_MUL, bin(SQLX_OP_CONCAT, col("a"), col("b")), col("c")), NULL);
    cr_assert_str_eq(render(st, &SQLITE), "SELECT \"a\" || ? || \"b\", (\"a\" + \"b\") || \"c\", "
                                          "(\"a\" || \"b\") * \"c\" FROM \"t\"");
    cr_assert_str_eq(render(st, &MYSQL), "SELECT CONCAT(`a`, ?, `b`), CONCAT(`a` + `b`, `c`), "
                                         "CONCAT(`a`, `b`) * `c` FROM `t`");
}

/* ---- predicates ---- */

Test(print, is_null_and_is_not_null)
{
    struct sqlx_expr *e = sqlx_ast_and(&arena, sqlx_ast_is_null(&arena, col("a"), false),
                                       sqlx_ast_is_null(&arena, col("b"), true));
    cr_assert_str_eq(where_sql(e, &SQLITE),
                     "SELECT * FROM \"t\" WHERE \"a\" IS NULL AND \"b\" IS NOT NULL");
    e = sqlx_ast_is_null(&arena, bin(SQLX_OP_ADD, col("a"), pint(1)), false);
    cr_assert_str_eq(where_sql(e, &PG), "SELECT * FROM \"t\" WHERE \"a\" + $1 IS NULL");
    e = sqlx_ast_is_null(&arena, bin(SQLX_OP_EQ, col("a"), pint(1)), true);
    cr_assert_str_eq(where_sql(e, &PG), "SELECT * FROM \"t\" WHERE (\"a\" = $1) IS NOT NULL");
}

Test(print, in_list_and_not_in)
{
    struct sqlx_expr *in = sqlx_ast_in(&arena, col("id"), false);
    sqlx_ast_add_arg(&arena, in, pint(1));
    sqlx_ast_add_arg(&arena, in, pint(2));
    struct sqlx_expr *nin = sqlx_ast_in(&arena, col("s"), true);
    sqlx_ast_add_arg(&arena, nin, ptext("x"));
    cr_assert_str_eq(where_sql(sqlx_ast_and(&arena, in, nin), &PG),
                     "SELECT * FROM \"t\" WHERE \"id\" IN ($1, $2) AND \"s\" NOT IN ($3)");
}

Test(print, empty_in_list)
{
    struct sqlx_expr *in = sqlx_ast_in(&arena, col("id"), false);
    cr_assert_str_eq(where_sql(in, &SQLITE), "SELECT * FROM \"t\" WHERE (1=0)");
    struct sqlx_expr *nin = sqlx_ast_in(&arena, col("id"), true);
    cr_assert_str_eq(where_sql(sqlx_ast_and(&arena, nin, eq("a", 1)), &MYSQL),
                     "SELECT * FROM `t` WHERE (1=1) AND `a` = ?");
    cr_assert_eq(params.n, 1);
}

Test(print, in_subquery)
{
    struct sqlx_ast *inner = sqlx_ast_select(&arena, "orders");
    sqlx_ast_select_add(&arena, &inner->select, col("user_id"), NULL);
    inner->select.where = bin(SQLX_OP_GT, col("total"), pint(100));
    struct sqlx_expr *in = sqlx_ast_in(&arena, col("id"), false);
    in->subquery = &inner->select;
    struct sqlx_expr *e = sqlx_ast_and(&arena, eq("a", 1), in);
    cr_assert_str_eq(where_sql(e, &PG), "SELECT * FROM \"t\" WHERE \"a\" = $1 AND \"id\" IN "
                                        "(SELECT \"user_id\" FROM \"orders\" WHERE \"total\" > $2)");
}

Test(print, like_and_ilike_forms)
{
    struct sqlx_expr *like = sqlx_ast_like(&arena, SQLX_OP_LIKE, col("name"), ptext("a%"), false, false);
    struct sqlx_expr *ilike = sqlx_ast_like(&arena, SQLX_OP_ILIKE, col("name"), ptext("b%"), true, false);
    struct sqlx_expr *e = sqlx_ast_and(&arena, like, ilike);
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE \"name\" LIKE ? AND "
                                            "lower(\"name\") NOT LIKE lower(?)");
    cr_assert_str_eq(where_sql(e, &PG), "SELECT * FROM \"t\" WHERE \"name\" LIKE $1 AND "
                                        "\"name\" NOT ILIKE $2");
}

Test(print, like_escape)
{
    struct sqlx_expr *e = sqlx_ast_like(&arena, SQLX_OP_LIKE, col("a"), ptext("x\\_%"), false, true);
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE \"a\" LIKE ? ESCAPE '\\'");
    e = sqlx_ast_like(&arena, SQLX_OP_ILIKE, col("a"), ptext("x!_%"), false, true);
    cr_assert_str_eq(where_sql(e, &MYSQL),
                     "SELECT * FROM `t` WHERE lower(`a`) LIKE lower(?) ESCAPE '!'");
    struct sqlx_dialect d = PG;
    d.like_escape = "'";
    cr_assert_str_eq(where_sql(e, &d), "SELECT * FROM \"t\" WHERE \"a\" ILIKE $1 ESCAPE ''''");
    d.like_escape = NULL;
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    st->select.where = e;
    cr_assert_str_eq(render_fail(st, &d, SQLX_EUNSUPPORTED),
                     "LIKE with an escape character is not supported by this dialect");
}

Test(print, like_operands_with_lower_precedence)
{
    struct sqlx_expr *e = sqlx_ast_like(&arena, SQLX_OP_LIKE,
                                        bin(SQLX_OP_CONCAT, col("a"), col("b")), ptext("%"), false, false);
    cr_assert_str_eq(where_sql(e, &SQLITE), "SELECT * FROM \"t\" WHERE \"a\" || \"b\" LIKE ?");
    e = bin(SQLX_OP_EQ, sqlx_ast_like(&arena, SQLX_OP_LIKE, col("a"), ptext("%"), false, false),
            lit(sqlx_value_bool(false)));
    cr_assert_str_eq(where_sql(e, &PG), "SELECT * FROM \"t\" WHERE (\"a\" LIKE $1) = FALSE");
}

/* ---- functions, subqueries ---- */

Test(print, functions)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    struct sqlx_expr *cnt = sqlx_ast_func(&arena, "count");
    sqlx_ast_add_arg(&arena, cnt, sqlx_ast_star(&arena, NULL));
    struct sqlx_expr *cd = sqlx_ast_func(&arena, "count");
    cd->distinct = true;
    sqlx_ast_add_arg(&arena, cd, col("x"));
    struct sqlx_expr *co = sqlx_ast_func(&arena, "coalesce");
    sqlx_ast_add_arg(&arena, co, col("a"));
    sqlx_ast_add_arg(&arena, co, pint(0));
    struct sqlx_expr *now = sqlx_ast_func(&arena, "now");
    sqlx_ast_select_add(&arena, &st->select, cnt, "n");
    sqlx_ast_select_add(&arena, &st->select, cd, NULL);
    sqlx_ast_select_add(&arena, &st->select, co, NULL);
    sqlx_ast_select_add(&arena, &st->select, now, NULL);
    cr_assert_str_eq(render(st, &PG), "SELECT count(*) AS \"n\", count(DISTINCT \"x\"), "
                                      "coalesce(\"a\", $1), now() FROM \"t\"");
}

Test(print, hostile_function_name_is_refused)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    sqlx_ast_select_add(&arena, &st->select, sqlx_ast_func(&arena, "count(*); DROP TABLE t; --"),
                        NULL);
    cr_assert_str_eq(render_fail(st, &SQLITE, SQLX_EINVAL),
                     "invalid function name \"count(*); DROP TABLE t; --\"");
    st = sqlx_ast_select(&arena, "t");
    sqlx_ast_select_add(&arena, &st->select, sqlx_ast_func(&arena, "1abc"), NULL);
    render_fail(st, &SQLITE, SQLX_EINVAL);
}

Test(print, scalar_subquery_and_exists)
{
    struct sqlx_ast *inner = sqlx_ast_select(&arena, "orders");
    struct sqlx_expr *mx = sqlx_ast_func(&arena, "max");
    sqlx_ast_add_arg(&arena, mx, col("total"));
    sqlx_ast_select_add(&arena, &inner->select, mx, NULL);
    inner->select.where = bin(SQLX_OP_EQ, sqlx_ast_column(&arena, "orders", "user_id"),
                              sqlx_ast_column(&arena, "u", "id"));
    struct sqlx_ast *st = sqlx_ast_select(&arena, "users");
    st->select.from.alias = "u";
    sqlx_ast_select_add(&arena, &st->select, sqlx_ast_subquery(&arena, &inner->select), "top");
    st->select.where = sqlx_ast_and(&arena, sqlx_ast_exists(&arena, &inner->select, false),
                                    sqlx_ast_exists(&arena, &inner->select, true));
    cr_assert_str_eq(render(st, &SQLITE),
                     "SELECT (SELECT max(\"total\") FROM \"orders\" WHERE \"orders\".\"user_id\" = "
                     "\"u\".\"id\") AS \"top\" FROM \"users\" AS \"u\" WHERE EXISTS (SELECT "
                     "max(\"total\") FROM \"orders\" WHERE \"orders\".\"user_id\" = \"u\".\"id\") "
                     "AND NOT EXISTS (SELECT max(\"total\") FROM \"orders\" WHERE "
                     "\"orders\".\"user_id\" = \"u\".\"id\")");
}

/* ---- literals ---- */

Test(print, literals_inline)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, NULL);
    struct sqlx_select *s = &st->select;
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_int(42)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_int(INT64_MIN)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_float(0.1)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_float(1.0)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_float(-2.5e300)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_float(1.0 / 3.0)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_text("it's", 4)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_text("", 0)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_null()), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_bool(true)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_bool(false)), NULL);
    sqlx_ast_select_add(&arena, s, lit(sqlx_value_blob("\x00\xab", 2)), NULL);
    cr_assert_str_eq(render(st, &SQLITE), "SELECT 42, -9223372036854775808, 0.1, 1.0, -2.5e+300, "
                                          "0.3333333333333333, 'it''s', '', NULL, 1, 0, X'00AB'");
    cr_assert_eq(params.n, 0, "literals are never parameters");
    cr_assert_str_eq(render(st, &PG), "SELECT 42, -9223372036854775808, 0.1, 1.0, -2.5e+300, "
                                      "0.3333333333333333, 'it''s', '', NULL, TRUE, FALSE, X'00AB'");
}

Test(print, bad_literals_are_refused)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, NULL);
    sqlx_ast_select_add(&arena, &st->select, lit(sqlx_value_float(INFINITY)), NULL);
    render_fail(st, &SQLITE, SQLX_EUNSUPPORTED);
    st = sqlx_ast_select(&arena, NULL);
    sqlx_ast_select_add(&arena, &st->select, lit(sqlx_value_text("a\0b", 3)), NULL);
    cr_assert_str_eq(render_fail(st, &SQLITE, SQLX_EINVAL), "text literal contains a NUL byte");
}

/* ---- clauses ---- */

Test(print, joins)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "users");
    struct sqlx_select *s = &st->select;
    s->from.alias = "u";
    sqlx_ast_join_add(&arena, s, SQLX_JOIN_INNER, "orders", "o",
                      bin(SQLX_OP_EQ, sqlx_ast_column(&arena, "o", "user_id"),
                          sqlx_ast_column(&arena, "u", "id")));
    sqlx_ast_join_add(&arena, s, SQLX_JOIN_LEFT, "items", NULL,
                      sqlx_ast_and(&arena, bin(SQLX_OP_EQ, sqlx_ast_column(&arena, "items", "oid"),
                                               sqlx_ast_column(&arena, "o", "id")),
                                   eq("kind", 2)));
    sqlx_ast_join_add(&arena, s, SQLX_JOIN_RIGHT, "r", NULL, eq("x", 3));
    sqlx_ast_join_add(&arena, s, SQLX_JOIN_FULL, "f", NULL, eq("y", 4));
    sqlx_ast_join_add(&arena, s, SQLX_JOIN_CROSS, "c", "cc", NULL);
    cr_assert_str_eq(render(st, &PG),
                     "SELECT * FROM \"users\" AS \"u\" JOIN \"orders\" AS \"o\" ON \"o\".\"user_id\" "
                     "= \"u\".\"id\" LEFT JOIN \"items\" ON \"items\".\"oid\" = \"o\".\"id\" AND "
                     "\"kind\" = $1 RIGHT JOIN \"r\" ON \"x\" = $2 FULL JOIN \"f\" ON \"y\" = $3 "
                     "CROSS JOIN \"c\" AS \"cc\"");
}

Test(print, join_without_on_is_refused)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "users");
    sqlx_ast_join_add(&arena, &st->select, SQLX_JOIN_LEFT, "orders", NULL, NULL);
    cr_assert_str_eq(render_fail(st, &SQLITE, SQLX_EINVAL),
                     "join to table \"orders\" has no ON condition");
}

Test(print, group_by_having_order_nulls)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "orders");
    struct sqlx_select *s = &st->select;
    struct sqlx_expr *sum = sqlx_ast_func(&arena, "sum");
    sqlx_ast_add_arg(&arena, sum, col("total"));
    sqlx_ast_select_add(&arena, s, col("user_id"), NULL);
    sqlx_ast_select_add(&arena, s, sum, "s");
    sqlx_ast_group_add(&arena, s, col("user_id"));
    sqlx_ast_group_add(&arena, s, col("kind"));
    s->having = bin(SQLX_OP_GT, sum, pint(100));
    sqlx_ast_order_add_nulls(&arena, s, col("kind"), false, 1);
    sqlx_ast_order_add_nulls(&arena, s, col("user_id"), true, 2);
    sqlx_ast_order_add(&arena, s, col("x"), false);
    cr_assert_str_eq(render(st, &SQLITE),
                     "SELECT \"user_id\", sum(\"total\") AS \"s\" FROM \"orders\" GROUP BY "
                     "\"user_id\", \"kind\" HAVING sum(\"total\") > ? ORDER BY \"kind\" NULLS "
                     "FIRST, \"user_id\" DESC NULLS LAST, \"x\"");
}

Test(print, limit_and_offset_alone)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    st->select.offset = pint(5);
    cr_assert_str_eq(render(st, &SQLITE), "SELECT * FROM \"t\" LIMIT 9223372036854775807 OFFSET ?");
    cr_assert_str_eq(render(st, &MYSQL), "SELECT * FROM `t` LIMIT 9223372036854775807 OFFSET ?");
    cr_assert_str_eq(render(st, &PG), "SELECT * FROM \"t\" OFFSET $1 ROWS");
    st->select.offset = NULL;
    st->select.limit = pint(3);
    cr_assert_str_eq(render(st, &SQLITE), "SELECT * FROM \"t\" LIMIT ?");
    cr_assert_str_eq(render(st, &PG), "SELECT * FROM \"t\" FETCH FIRST $1 ROWS ONLY");
    st->select.limit = bin(SQLX_OP_ADD, pint(3), pint(4));
    cr_assert_str_eq(render(st, &PG), "SELECT * FROM \"t\" FETCH FIRST ($1 + $2) ROWS ONLY");
    cr_assert_str_eq(render(st, &SQLITE), "SELECT * FROM \"t\" LIMIT ? + ?");
}

/* ---- INSERT / UPDATE / DELETE ---- */

static struct sqlx_ast *insert_two_rows(void)
{
    const char *cols[] = { "name", "age" };
    struct sqlx_ast *st = sqlx_ast_insert(&arena, "users");
    sqlx_ast_insert_columns(&arena, &st->insert, cols, 2);
    struct sqlx_expr *r1[] = { ptext("ann"), pint(30) };
    struct sqlx_expr *r2[] = { ptext("bob"), lit(sqlx_value_null()) };
    sqlx_ast_insert_row(&arena, &st->insert, r1);
    sqlx_ast_insert_row(&arena, &st->insert, r2);
    return st;
}

Test(print, insert_multi_row)
{
    struct sqlx_ast *st = insert_two_rows();
    cr_assert_str_eq(render(st, &MYSQL),
                     "INSERT INTO `users` (`name`, `age`) VALUES (?, ?), (?, NULL)");
    cr_assert_eq(params.n, 3);
    sqlx_ast_returning_add(&arena, st, col("id"));
    sqlx_ast_returning_add(&arena, st, col("name"));
    cr_assert_str_eq(render(st, &PG), "INSERT INTO \"users\" (\"name\", \"age\") VALUES ($1, $2), "
                                      "($3, NULL) RETURNING \"id\", \"name\"");
}

Test(print, insert_default_values)
{
    struct sqlx_ast *st = sqlx_ast_insert(&arena, "t");
    st->insert.default_values = true;
    cr_assert_str_eq(render(st, &SQLITE), "INSERT INTO \"t\" DEFAULT VALUES");
    sqlx_ast_returning_add(&arena, st, sqlx_ast_star(&arena, NULL));
    cr_assert_str_eq(render(st, &SQLITE), "INSERT INTO \"t\" DEFAULT VALUES RETURNING *");
}

Test(print, insert_without_rows_is_refused)
{
    struct sqlx_ast *st = sqlx_ast_insert(&arena, "t");
    cr_assert_str_eq(render_fail(st, &SQLITE, SQLX_EINVAL), "INSERT into table \"t\" has no rows");
}

Test(print, returning_unsupported)
{
    struct sqlx_ast *ins = insert_two_rows();
    sqlx_ast_returning_add(&arena, ins, col("id"));
    struct sqlx_ast *upd = sqlx_ast_update(&arena, "t");
    sqlx_ast_set_add(&arena, &upd->update, "a", pint(1));
    sqlx_ast_returning_add(&arena, upd, col("id"));
    struct sqlx_ast *del = sqlx_ast_delete(&arena, "t");
    sqlx_ast_returning_add(&arena, del, col("id"));
    struct sqlx_ast *all[] = { ins, upd, del };
    for (int i = 0; i < 3; i++)
        cr_assert_str_eq(render_fail(all[i], &MYSQL, SQLX_EUNSUPPORTED),
                         "RETURNING is not supported by this dialect");
}

Test(print, update)
{
    struct sqlx_ast *st = sqlx_ast_update(&arena, "users");
    sqlx_ast_set_add(&arena, &st->update, "name", ptext("x"));
    sqlx_ast_set_add(&arena, &st->update, "age", bin(SQLX_OP_ADD, col("age"), pint(1)));
    st->update.where = eq("id", 7);
    cr_assert_str_eq(render(st, &MYSQL), "UPDATE `users` SET `name` = ?, `age` = `age` + ? "
                                         "WHERE `id` = ?");
    sqlx_ast_returning_add(&arena, st, col("age"));
    cr_assert_str_eq(render(st, &PG), "UPDATE \"users\" SET \"name\" = $1, \"age\" = \"age\" + $2 "
                                      "WHERE \"id\" = $3 RETURNING \"age\"");
    cr_assert_eq(params.v[2].i, 7);
    render_fail(sqlx_ast_update(&arena, "t"), &PG, SQLX_EINVAL);
}

Test(print, delete)
{
    struct sqlx_ast *st = sqlx_ast_delete(&arena, "users");
    cr_assert_str_eq(render(st, &SQLITE), "DELETE FROM \"users\"");
    st->del.where = sqlx_ast_is_null(&arena, col("email"), false);
    sqlx_ast_returning_add(&arena, st, col("id"));
    cr_assert_str_eq(render(st, &SQLITE),
                     "DELETE FROM \"users\" WHERE \"email\" IS NULL RETURNING \"id\"");
}

/* ---- safety ---- */

Test(print, injection_values_stay_in_params)
{
    static const char *const evil[] = {
        "'; DROP TABLE users; --",
        "\" OR 1=1 --",
        "x' OR 'a'='a",
        "`; DELETE FROM t; #",
        "$1",
    };
    const struct sqlx_dialect *ds[] = { &SQLITE, &PG, &MYSQL };
    for (int di = 0; di < 3; di++) {
        struct sqlx_ast *st = sqlx_ast_select(&arena, "users");
        struct sqlx_expr *where = NULL;
        for (int i = 0; i < 5; i++)
            where = sqlx_ast_and(&arena, where, bin(SQLX_OP_EQ, col("name"), ptext(evil[i])));
        st->select.where = where;
        const char *text = render(st, ds[di]);
        cr_assert_eq(params.n, 5);
        for (int i = 0; i < 5; i++) {
            if (i < 4) /* "$1" is also PostgreSQL's own placeholder text */
                cr_assert_null(strstr(text, evil[i]), "value %d leaked into SQL: %s", i, text);
            cr_assert_eq(params.v[i].n, strlen(evil[i]));
            cr_assert_eq(memcmp(params.v[i].s, evil[i], params.v[i].n), 0);
        }
        cr_assert_null(strchr(text, '\''), "no string literal in %s", text);
        cr_assert_null(strstr(text, "DROP"));
        cr_assert_null(strstr(text, "--"));
    }
}

Test(print, failure_leaves_buffer_and_params_untouched)
{
    struct sqlx_value pre = sqlx_value_int(1);
    sqlx_buf_puts(&sql, "keep");
    params.v = &pre;
    params.n = 1;
    params.cap = 1;
    struct sqlx_ast *st = sqlx_ast_delete(&arena, "t");
    st->del.where = eq("a", 5);
    sqlx_ast_returning_add(&arena, st, col("id"));
    cr_assert_eq(sqlx_sql_print(st, &MYSQL, &arena, &sql, &params, &err), SQLX_EUNSUPPORTED);
    cr_assert_str_eq(sql.data, "keep");
    cr_assert_eq(sql.len, 4);
    cr_assert_eq(params.n, 1);
    /* A failure deep inside (after parameters were added) rolls back too. */
    st = sqlx_ast_select(&arena, "t");
    st->select.where = sqlx_ast_and(&arena, eq("a", 5), lit(sqlx_value_float(NAN)));
    cr_assert_eq(sqlx_sql_print(st, &SQLITE, &arena, &sql, &params, &err), SQLX_EUNSUPPORTED);
    cr_assert_str_eq(sql.data, "keep");
    cr_assert_eq(params.n, 1);
}

Test(print, buffer_limit_is_an_error)
{
    struct sqlx_buf small;
    sqlx_buf_init(&small, 16);
    struct sqlx_ast *st = users_query();
    int rc = sqlx_sql_print(st, &SQLITE, &arena, &small, &params, &err);
    cr_assert_eq(rc, SQLX_ETOOBIG);
    cr_assert_eq(small.len, 0);
    cr_assert_eq(params.n, 0);
    sqlx_buf_free(&small);
}

Test(print, deep_nesting_is_refused)
{
    struct sqlx_expr *e = col("a");
    for (int i = 0; i < 1500; i++)
        e = sqlx_ast_unary(&arena, SQLX_OP_NOT, e);
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    st->select.where = e;
    render_fail(st, &SQLITE, SQLX_ETOOBIG);
    /* A long left-deep AND chain from many filters is well within the limit. */
    e = NULL;
    for (int i = 0; i < 500; i++)
        e = sqlx_ast_and(&arena, e, eq("a", i));
    st->select.where = e;
    render(st, &SQLITE);
    cr_assert_eq(params.n, 500);
}

Test(print, malformed_tree_is_an_error)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    st->select.where = bin(SQLX_OP_EQ, col("a"), NULL);
    cr_assert_str_eq(render_fail(st, &SQLITE, SQLX_EINVAL),
                     "malformed SQL tree: right operand is missing");
    st->select.where = bin(SQLX_OP_NOT, col("a"), col("b"));
    render_fail(st, &SQLITE, SQLX_EINVAL);
}

/* ---- end to end on a real SQLite ---- */

static sqlite3 *db;

static void exec_sql(const char *text)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db, text, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", text, msg ? msg : "");
}

/* Prepares the printed statement and binds params in order through libsqlite3. */
static sqlite3_stmt *prepare_printed(const struct sqlx_ast *st)
{
    const char *text = render(st, &SQLITE);
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, text, -1, &stmt, NULL);
    cr_assert_eq(rc, SQLITE_OK, "prepare %s: %s", text, sqlite3_errmsg(db));
    cr_assert_eq((size_t)sqlite3_bind_parameter_count(stmt), params.n, "%s", text);
    for (size_t i = 0; i < params.n; i++) {
        const struct sqlx_value *v = &params.v[i];
        int idx = (int)i + 1;
        switch (v->type) {
        case SQLX_V_NULL:
            rc = sqlite3_bind_null(stmt, idx);
            break;
        case SQLX_V_INT:
            rc = sqlite3_bind_int64(stmt, idx, v->i);
            break;
        case SQLX_V_FLOAT:
            rc = sqlite3_bind_double(stmt, idx, v->f);
            break;
        case SQLX_V_BOOL:
            rc = sqlite3_bind_int(stmt, idx, v->b);
            break;
        case SQLX_V_TEXT:
            rc = sqlite3_bind_text(stmt, idx, v->s, (int)v->n, SQLITE_TRANSIENT);
            break;
        case SQLX_V_BLOB:
            rc = sqlite3_bind_blob(stmt, idx, v->s, (int)v->n, SQLITE_TRANSIENT);
            break;
        }
        cr_assert_eq(rc, SQLITE_OK);
    }
    return stmt;
}

static void e2e_setup(void)
{
    setup();
    cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    exec_sql("CREATE TABLE \"user\"\"s\" (id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, "
             "score REAL, avatar BLOB)");
}

static void e2e_teardown(void)
{
    sqlite3_close(db);
    db = NULL;
    teardown();
}

TestSuite(print_e2e, .init = e2e_setup, .fini = e2e_teardown);

static const char *const T = "user\"s";

Test(print_e2e, insert_select_update_delete_on_sqlite)
{
    const char *hostile = "Robert'); DROP TABLE \"user\"\"s\";--";
    /* INSERT three rows with RETURNING. */
    const char *cols[] = { "name", "age", "score", "avatar" };
    struct sqlx_ast *ins = sqlx_ast_insert(&arena, T);
    sqlx_ast_insert_columns(&arena, &ins->insert, cols, 4);
    struct sqlx_value f1 = sqlx_value_float(1.5), b1 = sqlx_value_blob("\x00\x01", 2);
    struct sqlx_value nul = sqlx_value_null();
    struct sqlx_expr *r1[] = { ptext("al_ice"), pint(30), sqlx_ast_param(&arena, &f1),
                               sqlx_ast_param(&arena, &b1) };
    struct sqlx_expr *r2[] = { ptext("ALBERT"), pint(17), sqlx_ast_param(&arena, &nul),
                               sqlx_ast_param(&arena, &nul) };
    struct sqlx_expr *r3[] = { ptext(hostile), pint(40), sqlx_ast_param(&arena, &f1),
                               sqlx_ast_param(&arena, &nul) };
    sqlx_ast_insert_row(&arena, &ins->insert, r1);
    sqlx_ast_insert_row(&arena, &ins->insert, r2);
    sqlx_ast_insert_row(&arena, &ins->insert, r3);
    sqlx_ast_returning_add(&arena, ins, col("id"));
    sqlite3_stmt *stmt = prepare_printed(ins);
    int n = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        cr_assert_eq(sqlite3_column_int(stmt, 0), ++n);
    cr_assert_eq(n, 3);
    sqlite3_finalize(stmt);

    /* SELECT: ILIKE via lower(), LIKE with ESCAPE, IN, ordering with NULLS LAST, paging. */
    struct sqlx_ast *sel = sqlx_ast_select(&arena, T);
    struct sqlx_select *s = &sel->select;
    s->from.alias = "u";
    sqlx_ast_select_add(&arena, s, sqlx_ast_column(&arena, "u", "name"), NULL);
    sqlx_ast_select_add(&arena, s, bin(SQLX_OP_ADD, col("age"), pint(1000)), "next");
    struct sqlx_expr *in = sqlx_ast_in(&arena, col("age"), false);
    sqlx_ast_add_arg(&arena, in, pint(30));
    sqlx_ast_add_arg(&arena, in, pint(17));
    s->where = sqlx_ast_and(&arena, sqlx_ast_like(&arena, SQLX_OP_ILIKE, col("name"), ptext("al%"),
                                                  false, false),
                            in);
    sqlx_ast_order_add_nulls(&arena, s, col("score"), false, 2);
    s->limit = pint(1);
    s->offset = pint(1);
    stmt = prepare_printed(sel);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW, "%s: %s", sql.data, sqlite3_errmsg(db));
    cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "ALBERT",
                     "score NULL sorts last, so row 2 is ALBERT");
    cr_assert_eq(sqlite3_column_int(stmt, 1), 1017);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);

    s->where = sqlx_ast_like(&arena, SQLX_OP_LIKE, col("name"), ptext("al\\_%"), false, true);
    s->limit = s->offset = NULL;
    stmt = prepare_printed(sel);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "al_ice");
    cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);

    /* UPDATE the hostile row by value; its text went in verbatim and the table survived. */
    struct sqlx_ast *upd = sqlx_ast_update(&arena, T);
    sqlx_ast_set_add(&arena, &upd->update, "age", bin(SQLX_OP_MUL, col("age"), pint(2)));
    sqlx_ast_set_add(&arena, &upd->update, "score", lit(sqlx_value_float(0.1)));
    upd->update.where = bin(SQLX_OP_EQ, col("name"), ptext(hostile));
    sqlx_ast_returning_add(&arena, upd, col("age"));
    sqlx_ast_returning_add(&arena, upd, col("score"));
    stmt = prepare_printed(upd);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(stmt, 0), 80);
    cr_assert_eq(sqlite3_column_double(stmt, 1), 0.1, "float literal round-trips exactly");
    cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);

    /* DELETE with a NOT IN and an IS NOT NULL, returning what went. */
    struct sqlx_ast *del = sqlx_ast_delete(&arena, T);
    struct sqlx_expr *nin = sqlx_ast_in(&arena, col("id"), true);
    sqlx_ast_add_arg(&arena, nin, pint(2));
    del->del.where = sqlx_ast_and(&arena, nin, sqlx_ast_is_null(&arena, col("avatar"), true));
    sqlx_ast_returning_add(&arena, del, col("name"));
    stmt = prepare_printed(del);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "al_ice");
    cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);

    /* Two rows remain, the hostile name among them, unchanged. */
    struct sqlx_ast *cnt = sqlx_ast_select(&arena, T);
    struct sqlx_expr *count = sqlx_ast_func(&arena, "count");
    sqlx_ast_add_arg(&arena, count, sqlx_ast_star(&arena, NULL));
    sqlx_ast_select_add(&arena, &cnt->select, count, NULL);
    cnt->select.where = sqlx_ast_in(&arena, col("name"), false);
    sqlx_ast_add_arg(&arena, cnt->select.where, ptext(hostile));
    sqlx_ast_add_arg(&arena, cnt->select.where, ptext("ALBERT"));
    stmt = prepare_printed(cnt);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(stmt, 0), 2);
    sqlite3_finalize(stmt);
}

Test(print_e2e, empty_in_and_default_values_on_sqlite)
{
    exec_sql("CREATE TABLE d (id INTEGER PRIMARY KEY, v TEXT DEFAULT 'x')");
    struct sqlx_ast *ins = sqlx_ast_insert(&arena, "d");
    ins->insert.default_values = true;
    sqlx_ast_returning_add(&arena, ins, col("v"));
    sqlite3_stmt *stmt = prepare_printed(ins);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(stmt, 0), "x");
    sqlite3_finalize(stmt);

    struct sqlx_ast *sel = sqlx_ast_select(&arena, "d");
    sel->select.where = sqlx_ast_in(&arena, col("id"), false);
    stmt = prepare_printed(sel);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_DONE, "empty IN matches nothing");
    sqlite3_finalize(stmt);
    sel->select.where = sqlx_ast_in(&arena, col("id"), true);
    stmt = prepare_printed(sel);
    cr_assert_eq(sqlite3_step(stmt), SQLITE_ROW, "empty NOT IN matches everything");
    sqlite3_finalize(stmt);
}

/* The REST API asks for NULLs last ascending / first descending; MySQL has no NULLS FIRST/LAST
 * and sorts NULLs low, so the printer adds an "x IS NULL" key only where the orders differ. */
Test(print, nulls_order_emulated_for_mysql)
{
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    sqlx_ast_order_add_nulls(&arena, &st->select, sqlx_ast_column(&arena, NULL, "a"), false, 2);
    sqlx_ast_order_add_nulls(&arena, &st->select, sqlx_ast_column(&arena, NULL, "b"), true, 1);
    sqlx_ast_order_add_nulls(&arena, &st->select, sqlx_ast_column(&arena, NULL, "c"), false, 1);
    sqlx_ast_order_add_nulls(&arena, &st->select, sqlx_ast_column(&arena, NULL, "d"), true, 2);
    cr_assert_str_eq(render(st, &MYSQL),
                     "SELECT * FROM `t` ORDER BY `a` IS NULL, `a`, `b` IS NULL DESC, `b` DESC, "
                     "`c`, `d` DESC");
    cr_assert_str_eq(render(st, &PG),
                     "SELECT * FROM \"t\" ORDER BY \"a\" NULLS LAST, \"b\" DESC NULLS FIRST, "
                     "\"c\" NULLS FIRST, \"d\" DESC NULLS LAST");
}
