/* The built-in dialect tables of sql/dialects.h: one printer table and one feature table per
 * family, const data only. The printer tables repeat the packs' "dialect" sections
 * (packs/postgresql.json, packs/sqlite-3.json, the MySQL pack) so that `sqlx translate` works
 * without loading packs; keep them in step. */
#include "sql/dialects.h"

static const struct sqlx_dialect tables[] = {
    [SQLX_SQL_POSTGRES] = {
        .quote_open = '"', .quote_close = '"', .param_style = SQLX_PARAM_DOLLAR,
        .limit_form = SQLX_LIMIT_LIMIT_OFFSET, .ilike_form = SQLX_ILIKE_NATIVE,
        .true_literal = "TRUE", .false_literal = "FALSE", .supports_returning = true,
        .upsert_form = "on_conflict", .concat_op = "||", .like_escape = "\\",
    },
    [SQLX_SQL_MYSQL] = {
        .quote_open = '`', .quote_close = '`', .param_style = SQLX_PARAM_QMARK,
        .limit_form = SQLX_LIMIT_LIMIT_OFFSET, .ilike_form = SQLX_ILIKE_LOWER,
        .true_literal = "TRUE", .false_literal = "FALSE", .supports_returning = false,
        .upsert_form = "on_duplicate_key", .concat_op = "CONCAT", .like_escape = "\\",
    },
    [SQLX_SQL_SQLITE] = {
        .quote_open = '"', .quote_close = '"', .param_style = SQLX_PARAM_QNUM,
        .limit_form = SQLX_LIMIT_LIMIT_OFFSET, .ilike_form = SQLX_ILIKE_LOWER,
        .true_literal = "TRUE", .false_literal = "FALSE", .supports_returning = true,
        .upsert_form = "on_conflict", .concat_op = "||", .like_escape = "\\",
    },
};

static const struct sqlx_sql_features features[] = {
    [SQLX_SQL_POSTGRES] = {
        .nulls_low = false, .nulls_syntax = true, .int_division = true, .like_ci = false,
        .ilike = true, .concat_op = true, .concat_skips_null = true, .greatest_skips_null = true,
        .length_bytes = false, .bool_type = true, .filter_clause = true, .full_join = true,
        .returning = true, .limit_expr = true, .derived_col_aliases = true, .interval = true,
        .stddev = true,
    },
    [SQLX_SQL_MYSQL] = {
        .nulls_low = true, .nulls_syntax = false, .int_division = false, .like_ci = true,
        .ilike = false, .concat_op = false, .concat_skips_null = false,
        .greatest_skips_null = false, .length_bytes = true, .bool_type = false,
        .filter_clause = false, .full_join = false, .returning = false, .limit_expr = false,
        .derived_col_aliases = false, .interval = true, .stddev = true,
    },
    [SQLX_SQL_SQLITE] = {
        .nulls_low = true, .nulls_syntax = true, .int_division = true, .like_ci = true,
        .ilike = false, .concat_op = true, .concat_skips_null = false,
        .greatest_skips_null = false, .length_bytes = false, .bool_type = false,
        .filter_clause = true, .full_join = true, .returning = true, .limit_expr = true,
        .derived_col_aliases = false, .interval = false, .stddev = false,
    },
};

const struct sqlx_dialect *sqlx_sql_dialect_table(enum sqlx_sql_dialect d)
{
    if ((unsigned)d > SQLX_SQL_SQLITE)
        d = SQLX_SQL_POSTGRES;
    return &tables[d];
}

const struct sqlx_sql_features *sqlx_sql_dialect_features(enum sqlx_sql_dialect d)
{
    if ((unsigned)d > SQLX_SQL_SQLITE)
        d = SQLX_SQL_POSTGRES;
    return &features[d];
}
