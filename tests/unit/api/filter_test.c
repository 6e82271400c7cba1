/* Tests for src/api/filter.c: the list query-string grammar, printed through the SQLite-like
 * dialect so the expected SQL and parameters can be compared as text. */
#include <criterion/criterion.h>
#include <string.h>

#include "api/filter.h"
#include "sql/print.h"

static struct sqlx_schema *schema;
static const struct sqlx_table *users;
static struct sqlx_arena arena;

static const struct sqlx_dialect dialect = {
    .quote_open = '"', .quote_close = '"', .param_style = SQLX_PARAM_QMARK,
    .limit_form = SQLX_LIMIT_LIMIT_OFFSET, .ilike_form = SQLX_ILIKE_LOWER,
    .true_literal = "1", .false_literal = "0", .supports_returning = true,
    .upsert_form = "on_conflict", .concat_op = "||", .like_escape = "\\",
};

static void setup(void)
{
    schema = sqlx_schema_new();
    struct sqlx_table *t = sqlx_schema_add_table(schema, "users", SQLX_REL_TABLE);
    struct sqlx_column *c = sqlx_table_add_column(schema, t, "id");
    c->type = sqlx_type_make(SQLX_T_INTEGER);
    c->nullable = false;
    c->pk_position = 1;
    c = sqlx_table_add_column(schema, t, "name");
    c->type = sqlx_type_make(SQLX_T_STRING);
    c = sqlx_table_add_column(schema, t, "active");
    c->type = sqlx_type_make(SQLX_T_BOOL);
    c = sqlx_table_add_column(schema, t, "score");
    c->type = sqlx_type_make(SQLX_T_FLOAT);
    sqlx_schema_publish(schema);
    users = sqlx_schema_table(schema, "users");
    sqlx_arena_init(&arena, 0);
}

static void teardown(void)
{
    sqlx_arena_free(&arena);
    sqlx_schema_free(schema);
}

TestSuite(filter, .init = setup, .fini = teardown);

/* Builds a request from "k=v" pairs (values already decoded). */
static struct sqlx_http_req make_req(const char **kv, size_t n)
{
    struct sqlx_http_req req = { .arena = &arena, .method = SQLX_HTTP_GET, .path = "/users" };
    req.args = sqlx_arena_zalloc(&arena, (n + 1) * sizeof(*req.args));
    for (size_t i = 0; i < n; i++) {
        const char *eq = strchr(kv[i], '=');
        req.args[i].key = sqlx_arena_strndup(&arena, kv[i], (size_t)(eq - kv[i]));
        req.args[i].key_len = (size_t)(eq - kv[i]);
        req.args[i].value = eq + 1;
        req.args[i].value_len = strlen(eq + 1);
    }
    req.nargs = n;
    return req;
}

/* Parses and prints the WHERE clause as "SELECT * FROM users WHERE ..."; returns rc. */
static int where_sql(const char **kv, size_t n, struct sqlx_buf *sql, struct sqlx_params *p,
                     struct sqlx_err *err)
{
    struct sqlx_http_req req = make_req(kv, n);
    struct sqlx_list_query q;
    int rc = sqlx_api_parse_list(users, &req, 20, 1000, &q, err);
    if (rc < 0)
        return rc;
    struct sqlx_ast *ast = sqlx_ast_select(&arena, "users");
    ast->select.where = q.where;
    cr_assert_eq(sqlx_sql_print(ast, &dialect, &arena, sql, p, err), 0, "%s", err->message);
    return 0;
}

Test(filter, operators_become_bound_predicates)
{
    const char *kv[] = { "id=gt.5", "name=like.a*", "active=is.true", "score=not.lte.1.5" };
    struct sqlx_buf sql;
    struct sqlx_params p = { 0 };
    struct sqlx_err err;
    sqlx_buf_init(&sql, 0);
    cr_assert_eq(where_sql(kv, 4, &sql, &p, &err), 0, "%s", err.message);
    cr_assert(strstr(sql.data, "\"id\" > ?"), "%s", sql.data);
    cr_assert(strstr(sql.data, "\"name\" LIKE ?"), "%s", sql.data);
    cr_assert(strstr(sql.data, "NOT"), "%s", sql.data);
    cr_assert_eq(p.n, 4);
    cr_assert_eq(p.v[0].type, SQLX_V_INT);
    cr_assert_eq(p.v[0].i, 5);
    cr_assert_eq(p.v[1].type, SQLX_V_TEXT);
    cr_assert_eq(strncmp(p.v[1].s, "a%", p.v[1].n), 0, "like * becomes %%");
    cr_assert_eq(p.v[2].type, SQLX_V_BOOL);
    cr_assert_eq(p.v[3].type, SQLX_V_FLOAT);
    sqlx_buf_free(&sql);
}

Test(filter, bare_value_is_equality_and_in_list_splits_quotes)
{
    const char *kv[] = { "name=O'Brien; DROP TABLE users", "id=in.(1,2,3)",
                         "name=in.(\"a,b\",c)" };
    struct sqlx_buf sql;
    struct sqlx_params p = { 0 };
    struct sqlx_err err;
    sqlx_buf_init(&sql, 0);
    cr_assert_eq(where_sql(kv, 3, &sql, &p, &err), 0, "%s", err.message);
    cr_assert_null(strstr(sql.data, "DROP"), "values never reach the SQL text: %s", sql.data);
    cr_assert(strstr(sql.data, "\"id\" IN (?, ?, ?)") || strstr(sql.data, "\"id\" IN (?,?,?)"),
              "%s", sql.data);
    cr_assert_eq(p.n, 1 + 3 + 2);
    cr_assert_eq(p.v[4].n, 3);
    cr_assert_eq(memcmp(p.v[4].s, "a,b", 3), 0);
    sqlx_buf_free(&sql);
}

Test(filter, or_group_and_nested_and)
{
    const char *kv[] = { "or=(id.eq.1,and(name.eq.x,active.is.false))" };
    struct sqlx_buf sql;
    struct sqlx_params p = { 0 };
    struct sqlx_err err;
    sqlx_buf_init(&sql, 0);
    cr_assert_eq(where_sql(kv, 1, &sql, &p, &err), 0, "%s", err.message);
    cr_assert(strstr(sql.data, " OR "), "%s", sql.data);
    cr_assert(strstr(sql.data, " AND "), "%s", sql.data);
    cr_assert_eq(p.n, 3);
    sqlx_buf_free(&sql);
}

Test(filter, errors_name_the_parameter)
{
    struct {
        const char *arg;
        int code;
        const char *needle;
    } cases[] = {
        { "nope=1", SQLX_ENOTFOUND, "\"nope\"" },
        { "id=gt.abc", SQLX_EINVAL, "\"id\"" },
        { "limit=0", SQLX_EINVAL, "\"limit\"" },
        { "limit=1001", SQLX_EINVAL, "\"limit\"" },
        { "page=x", SQLX_EINVAL, "\"page\"" },
        { "offset=-1", SQLX_EINVAL, "\"offset\"" },
        { "sort=-nope", SQLX_ENOTFOUND, "\"nope\"" },
        { "order=sideways", SQLX_EINVAL, "\"order\"" },
        { "select=id,zzz", SQLX_ENOTFOUND, "\"zzz\"" },
        { "id=in.1,2", SQLX_EINVAL, "\"id\"" },
        { "name=is.maybe", SQLX_EINVAL, "\"name\"" },
        { "or=id.eq.1", SQLX_EINVAL, "\"or\"" },
        { "or=(ghost.eq.1)", SQLX_ENOTFOUND, "\"ghost\"" },
        { "id=not.bogus.1", SQLX_EINVAL, "\"id\"" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *kv[] = { cases[i].arg };
        struct sqlx_http_req req = make_req(kv, 1);
        struct sqlx_list_query q;
        struct sqlx_err err;
        sqlx_err_clear(&err);
        int rc = sqlx_api_parse_list(users, &req, 20, 1000, &q, &err);
        cr_expect_eq(rc, cases[i].code, "%s: rc %d", cases[i].arg, rc);
        cr_expect(strstr(err.message, cases[i].needle), "%s: message \"%s\"", cases[i].arg,
                  err.message);
    }
}

Test(filter, paging_sort_and_select)
{
    const char *kv[] = { "page=3", "limit=10", "sort=-score,name", "select=id,name" };
    struct sqlx_http_req req = make_req(kv, 4);
    struct sqlx_list_query q;
    struct sqlx_err err;
    cr_assert_eq(sqlx_api_parse_list(users, &req, 20, 1000, &q, &err), 0, "%s", err.message);
    cr_assert_eq(q.page, 3);
    cr_assert_eq(q.limit, 10);
    cr_assert_eq(q.offset, 20);
    cr_assert_eq(q.order.len, 2);
    cr_assert(((struct sqlx_order_item *)q.order.items[0])->desc);
    cr_assert_not(((struct sqlx_order_item *)q.order.items[1])->desc);
    cr_assert_eq(q.nselect, 2);
    cr_assert_str_eq(q.select[1]->name, "name");

    const char *kv2[] = { "offset=25", "limit=10", "sort=name", "order=desc" };
    req = make_req(kv2, 4);
    cr_assert_eq(sqlx_api_parse_list(users, &req, 20, 1000, &q, &err), 0, "%s", err.message);
    cr_assert_eq(q.page, 3, "offset 25 with limit 10 is page 3");
    cr_assert_eq(q.offset, 25);
    cr_assert(((struct sqlx_order_item *)q.order.items[0])->desc, "order=desc applies");
}
