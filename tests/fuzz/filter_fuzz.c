/* libFuzzer target for the list query-string grammar (src/api/filter.c): the input is split into
 * "key=value" arguments at '&' (no decoding), parsed against a fixed table, and the result printed
 * through the SQLite-like dialect. Must never crash, leak or read out of bounds; any parse result
 * is acceptable. */
#include <stdint.h>
#include <string.h>

#include "api/filter.h"
#include "core/buf.h"
#include "sql/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct sqlx_dialect dialect = {
    .quote_open = '"', .quote_close = '"', .param_style = SQLX_PARAM_QNUM,
    .limit_form = SQLX_LIMIT_LIMIT_OFFSET, .ilike_form = SQLX_ILIKE_LOWER,
    .true_literal = "TRUE", .false_literal = "FALSE", .supports_returning = true,
    .upsert_form = "on_conflict", .concat_op = "||", .like_escape = "\\",
};

static struct sqlx_schema *make_schema(void)
{
    static const struct {
        const char *name;
        enum sqlx_tkind kind;
    } cols[] = { { "id", SQLX_T_INTEGER }, { "name", SQLX_T_STRING }, { "ok", SQLX_T_BOOL },
                 { "price", SQLX_T_DECIMAL }, { "at", SQLX_T_TIMESTAMP }, { "x", SQLX_T_UNKNOWN } };
    struct sqlx_schema *s = sqlx_schema_new();
    struct sqlx_table *t = sqlx_schema_add_table(s, "t", SQLX_REL_TABLE);
    for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
        struct sqlx_column *c = sqlx_table_add_column(s, t, cols[i].name);
        c->type = sqlx_type_make(cols[i].kind);
        c->pk_position = i == 0;
    }
    sqlx_schema_publish(s);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct sqlx_schema *schema;
    if (!schema)
        schema = make_schema();
    const struct sqlx_table *t = sqlx_schema_table(schema, "t");
    struct sqlx_arena a;
    sqlx_arena_init(&a, 0);
    struct sqlx_http_req req = { .arena = &a, .method = SQLX_HTTP_GET, .path = "/t" };
    req.args = sqlx_arena_zalloc(&a, (size + 1) * sizeof(*req.args));
    const char *p = (const char *)data, *end = p + size;
    while (p < end && req.nargs < 64) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *stop = amp ? amp : end;
        const char *eq = memchr(p, '=', (size_t)(stop - p));
        struct sqlx_http_arg *arg = &req.args[req.nargs++];
        const char *kend = eq ? eq : stop;
        arg->key = sqlx_arena_memdup(&a, p, (size_t)(kend - p));
        arg->key_len = (size_t)(kend - p);
        arg->value = eq ? sqlx_arena_memdup(&a, eq + 1, (size_t)(stop - eq - 1)) : "";
        arg->value_len = eq ? (size_t)(stop - eq - 1) : 0;
        p = stop + 1;
    }
    struct sqlx_list_query q;
    struct sqlx_err err;
    if (sqlx_api_parse_list(t, &req, 20, 1000, &q, &err) == 0) {
        struct sqlx_ast *ast = sqlx_ast_select(&a, "t");
        ast->select.where = q.where;
        ast->select.order_by = q.order;
        struct sqlx_buf sql;
        struct sqlx_params params = { 0 };
        sqlx_buf_init(&sql, 0);
        if (sqlx_sql_print(ast, &dialect, &a, &sql, &params, &err) == 0 && sql.data &&
            strstr(sql.data, "DROP"))
            __builtin_trap(); /* request text never reaches SQL text */
        sqlx_buf_free(&sql);
    }
    sqlx_arena_free(&a);
    return 0;
}
