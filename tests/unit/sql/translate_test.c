/* Tests for the translator (src/sql/translate*.c) and the dialect printer it drives
 * (src/sql/print*.c): exact output of the main rules for each direction, refusals that name the
 * construct and its line and column, printing of hand-built trees of every new node kind, round
 * trips (parse, print, parse gives the same tree), and the golden files of
 * tests/golden/translate/ (TOPIC.sql in, TOPIC.out expected; SQLX_GOLDEN_UPDATE=1 rewrites the
 * .out files). */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "sql/ast.h"
#include "sql/dialects.h"
#include "sql/parser.h"
#include "sql/print.h"
#include "sql/translate.h"

static struct sqlx_arena arena;
static struct sqlx_buf out;
static struct sqlx_err err;

static void setup(void)
{
    sqlx_arena_init(&arena, 0);
    sqlx_buf_init(&out, 0);
    sqlx_err_clear(&err);
}

static void teardown(void)
{
    sqlx_buf_free(&out);
    sqlx_arena_free(&arena);
}

TestSuite(translate, .init = setup, .fini = teardown);

/* The translation of sql, or "ERROR: line L, column C: message". */
static const char *tr(enum sqlx_sql_dialect from, enum sqlx_sql_dialect to, const char *sql)
{
    struct sqlx_translate_opts o = { .from = from, .to = to };
    sqlx_buf_reset(&out);
    sqlx_err_clear(&err);
    if (sqlx_sql_translate_text(sql, strlen(sql), &o, &arena, &out, &err) != 0) {
        char where[64] = "";
        if (err.position > 0)
            sqlx_sql_position_text(sql, strlen(sql), err.position, where, sizeof(where));
        return sqlx_arena_printf(&arena, "ERROR: %s%s%s", where, where[0] ? ": " : "",
                                 err.message);
    }
    /* one statement: drop the ";\n" */
    if (out.len >= 2)
        out.len -= 2;
    return sqlx_arena_strndup(&arena, out.data, out.len);
}

#define PG SQLX_SQL_POSTGRES
#define MY SQLX_SQL_MYSQL
#define LITE SQLX_SQL_SQLITE

Test(translate, concatenation_keeps_null_semantics)
{
    cr_assert_str_eq(tr(PG, MY, "SELECT a || b FROM t"), "SELECT CONCAT(a, b) FROM t");
    /* PostgreSQL's concat() skips NULLs; MySQL's CONCAT() does not. */
    cr_assert_str_eq(tr(PG, MY, "SELECT concat(a, 'x') FROM t"),
                     "SELECT concat(coalesce(a, ''), 'x') FROM t");
    cr_assert_str_eq(tr(MY, PG, "SELECT CONCAT(a, 'x') FROM t"), "SELECT a || 'x' FROM t");
    cr_assert_str_eq(tr(MY, PG, "SELECT CONCAT(a, b) FROM t"),
                     "SELECT CAST(a AS TEXT) || b FROM t");
    cr_assert_str_eq(tr(MY, LITE, "SELECT CONCAT(a, b) FROM t"), "SELECT a || b FROM t");
    /* MySQL's || is OR */
    cr_assert_str_eq(tr(MY, PG, "SELECT a || b FROM t"), "SELECT a OR b FROM t");
}

Test(translate, division_integer_vs_exact)
{
    cr_assert_str_eq(tr(PG, MY, "SELECT 7 / 2"), "SELECT 7 DIV 2");
    cr_assert_str_eq(tr(PG, MY, "SELECT 7.0 / 2"), "SELECT 7.0 / 2");
    cr_assert_str_eq(tr(MY, PG, "SELECT a / b FROM t"), "SELECT CAST(a AS NUMERIC) / b FROM t");
    cr_assert_str_eq(tr(MY, LITE, "SELECT a / b FROM t"), "SELECT CAST(a AS REAL) / b FROM t");
    cr_assert_str_eq(tr(MY, PG, "SELECT a DIV b FROM t"),
                     "SELECT trunc(CAST(a AS NUMERIC) / b) FROM t");
    /* The types of a and b decide: the translator does not guess. */
    const char *r = tr(PG, MY, "SELECT id,\n a / b FROM t");
    cr_assert(strncmp(r, "ERROR: line 2, column 4: division", 33) == 0, "%s", r);
}

Test(translate, like_case_rules)
{
    cr_assert_str_eq(tr(MY, PG, "SELECT 1 FROM t WHERE n LIKE 'usb%'"),
                     "SELECT 1 FROM t WHERE n ILIKE 'usb%'");
    /* no letters: case does not matter */
    cr_assert_str_eq(tr(MY, PG, "SELECT 1 FROM t WHERE n LIKE '1_%'"),
                     "SELECT 1 FROM t WHERE n LIKE '1_%'");
    cr_assert_str_eq(tr(PG, LITE, "SELECT 1 FROM t WHERE n LIKE 'Usb%'"),
                     "SELECT 1 FROM t WHERE n GLOB 'Usb*'");
    cr_assert_str_eq(tr(PG, MY, "SELECT 1 FROM t WHERE n LIKE 'Usb%'"),
                     "SELECT 1 FROM t WHERE n LIKE ('Usb%' COLLATE utf8mb4_bin)");
    cr_assert_str_eq(tr(PG, MY, "SELECT 1 FROM t WHERE n ILIKE 'Usb%'"),
                     "SELECT 1 FROM t WHERE n LIKE 'Usb%'");
    cr_assert_str_eq(tr(LITE, PG, "SELECT 1 FROM t WHERE n GLOB 'a*[?]'"),
                     "SELECT 1 FROM t WHERE n LIKE 'a%?'");
    /* MySQL LIKE BINARY (a byte-wise collation) is case-sensitive: no ILIKE, GLOB in SQLite */
    cr_assert_str_eq(tr(MY, PG, "SELECT 1 FROM t WHERE n LIKE BINARY 'Usb%'"),
                     "SELECT 1 FROM t WHERE n LIKE ('Usb%' COLLATE \"C\")");
    cr_assert_str_eq(tr(MY, LITE, "SELECT 1 FROM t WHERE n LIKE BINARY 'Usb%'"),
                     "SELECT 1 FROM t WHERE n GLOB 'Usb*'");
    cr_assert_str_eq(tr(MY, LITE, "SELECT 1 FROM t WHERE n LIKE 'Usb%' COLLATE utf8mb4_bin"),
                     "SELECT 1 FROM t WHERE n GLOB 'Usb*'");
}

Test(translate, null_ordering_made_explicit)
{
    cr_assert_str_eq(tr(PG, MY, "SELECT a FROM t ORDER BY a, b DESC"),
                     "SELECT a FROM t ORDER BY a IS NULL, a, b IS NULL DESC, b DESC");
    cr_assert_str_eq(tr(PG, LITE, "SELECT a FROM t ORDER BY a, b DESC"),
                     "SELECT a FROM t ORDER BY a NULLS LAST, b DESC NULLS FIRST");
    cr_assert_str_eq(tr(LITE, PG, "SELECT a FROM t ORDER BY a"),
                     "SELECT a FROM t ORDER BY a NULLS FIRST");
    /* same default placement, nothing to say */
    cr_assert_str_eq(tr(MY, LITE, "SELECT a FROM t ORDER BY a"), "SELECT a FROM t ORDER BY a");
    cr_assert_str_eq(tr(PG, MY, "SELECT a, COUNT(*) FROM t GROUP BY a ORDER BY 2"),
                     "SELECT a, count(*) FROM t GROUP BY a ORDER BY 2");
}

Test(translate, limit_forms)
{
    cr_assert_str_eq(tr(MY, PG, "SELECT a FROM t LIMIT 2, 3"), "SELECT a FROM t LIMIT 3 OFFSET 2");
    cr_assert_str_eq(tr(LITE, MY, "SELECT a FROM t LIMIT 2 + 1"), "SELECT a FROM t LIMIT 3");
    cr_assert_str_eq(tr(PG, MY, "SELECT a FROM t OFFSET 5"),
                     "SELECT a FROM t LIMIT 18446744073709551615 OFFSET 5");
    cr_assert_str_eq(tr(PG, LITE, "SELECT a FROM t OFFSET 5"), "SELECT a FROM t LIMIT -1 OFFSET 5");
    cr_assert_str_eq(tr(PG, MY, "SELECT a FROM t FETCH FIRST 3 ROWS ONLY"),
                     "SELECT a FROM t LIMIT 3");
}

Test(translate, strings_and_identifiers)
{
    cr_assert_str_eq(tr(PG, MY, "SELECT 'a\\b', 'it''s'"), "SELECT 'a\\\\b', 'it''s'");
    cr_assert_str_eq(tr(MY, PG, "SELECT 'it\\'s', \"dq\""), "SELECT 'it''s', 'dq'");
    cr_assert_str_eq(tr(PG, MY, "SELECT \"Mixed Case\", \"order\" FROM t"),
                     "SELECT `Mixed Case`, `order` FROM t");
    cr_assert_str_eq(tr(MY, PG, "SELECT `Name` FROM `Users`"), "SELECT name FROM users");
    cr_assert_str_eq(tr(LITE, PG, "SELECT [id] FROM [t] WHERE a == 2"),
                     "SELECT id FROM t WHERE a = 2");
    /* 0 / 1 against a column may be a boolean in PostgreSQL: quoted, it takes the column's type */
    cr_assert_str_eq(tr(LITE, PG, "SELECT id FROM t WHERE flag = 1"),
                     "SELECT id FROM t WHERE flag = '1'");
}

Test(translate, greatest_least_nulls)
{
    cr_assert_str_eq(tr(PG, MY, "SELECT GREATEST(a, 5) FROM t"),
                     "SELECT greatest(coalesce(a, 5), 5) FROM t");
    cr_assert_str_eq(tr(MY, PG, "SELECT GREATEST(a, 5) FROM t"),
                     "SELECT CASE WHEN a IS NULL THEN NULL ELSE greatest(a, 5) END FROM t");
    cr_assert_str_eq(tr(LITE, MY, "SELECT max(a, b) FROM t"), "SELECT greatest(a, b) FROM t");
    cr_assert_str_eq(tr(LITE, MY, "SELECT max(a) FROM t"), "SELECT max(a) FROM t");
}

Test(translate, variance_semantics)
{
    cr_assert_str_eq(tr(MY, PG, "SELECT VARIANCE(x), STD(x) FROM t"),
                     "SELECT var_pop(x), stddev_pop(x) FROM t");
    cr_assert_str_eq(tr(PG, MY, "SELECT variance(x), stddev(x) FROM t"),
                     "SELECT var_samp(x), stddev_samp(x) FROM t");
    const char *r = tr(PG, LITE, "SELECT var_pop(x) FROM t");
    cr_assert(strstr(r, "sum(CAST(x AS REAL) * CAST(x AS REAL))") != NULL, "%s", r);
}

Test(translate, dates)
{
    /* order_date is taken for a date (see translate_types.c): date + integer stays a date */
    cr_assert_str_eq(tr(MY, PG, "SELECT DATE_ADD(order_date, INTERVAL 7 DAY) FROM t"),
                     "SELECT order_date + 7 FROM t");
    cr_assert_str_eq(tr(MY, PG, "SELECT DATE_ADD(x, INTERVAL 7 DAY) FROM t"),
                     "SELECT x + INTERVAL '7 day' FROM t");
    cr_assert_str_eq(tr(MY, LITE, "SELECT DATE_ADD(x, INTERVAL 7 DAY) FROM t"),
                     "SELECT datetime(x, '+7 days') FROM t");
    cr_assert_str_eq(tr(PG, MY, "SELECT order_date + 30 FROM t"),
                     "SELECT order_date + INTERVAL 30 DAY FROM t");
    cr_assert_str_eq(tr(MY, PG, "SELECT DATE_FORMAT(d, '%Y-%m-%d %H:%i') FROM t"),
                     "SELECT to_char(d, 'YYYY-MM-DD HH24:MI') FROM t");
    cr_assert_str_eq(tr(LITE, MY, "SELECT strftime('%Y-%m', d) FROM t"),
                     "SELECT date_format(d, '%Y-%m') FROM t");
    cr_assert_str_eq(tr(PG, LITE, "SELECT EXTRACT(YEAR FROM d) FROM t"),
                     "SELECT CAST(strftime('%Y', d) AS INTEGER) FROM t");
    cr_assert_str_eq(tr(MY, LITE, "SELECT STR_TO_DATE('31/12/2023', '%d/%m/%Y')"),
                     "SELECT date('2023-12-31')");
}

Test(translate, upserts_and_returning)
{
    cr_assert_str_eq(tr(PG, MY, "INSERT INTO s (k, q) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE "
                                "SET q = s.q + EXCLUDED.q"),
                     "INSERT INTO s (k, q) VALUES ('a', 1) ON DUPLICATE KEY UPDATE q = s.q + "
                     "values(q)");
    cr_assert_str_eq(tr(MY, LITE, "INSERT INTO s (k, q) VALUES ('a', 1) ON DUPLICATE KEY UPDATE "
                                  "q = q + VALUES(q)"),
                     "INSERT INTO s (k, q) VALUES ('a', 1) ON CONFLICT DO UPDATE SET q = q + "
                     "excluded.q");
    cr_assert_str_eq(tr(MY, PG, "INSERT IGNORE INTO s (k) VALUES ('a')"),
                     "INSERT INTO s (k) VALUES ('a') ON CONFLICT DO NOTHING");
    const char *r = tr(MY, PG, "INSERT INTO s (k) VALUES (1) ON DUPLICATE KEY UPDATE k = 2");
    cr_assert(strstr(r, "ERROR: line 1, column 30: ON DUPLICATE KEY UPDATE") == r, "%s", r);
    r = tr(PG, MY, "DELETE FROM s RETURNING id");
    cr_assert(strstr(r, "ERROR: ") == r && strstr(r, "RETURNING"), "%s", r);
    struct sqlx_translate_opts o = { .from = PG, .to = MY, .mariadb = true };
    sqlx_buf_reset(&out);
    cr_assert_eq(sqlx_sql_translate_text("DELETE FROM s RETURNING id", 26, &o, &arena, &out, &err),
                 0);
    cr_assert_str_eq(out.data, "DELETE FROM s RETURNING id;\n");
}

Test(translate, update_assignment_order)
{
    /* MySQL reads columns already assigned: the reader goes first. */
    cr_assert_str_eq(tr(PG, MY, "UPDATE t SET a = a * 2, b = a < 0"),
                     "UPDATE t SET b = a < 0, a = a * 2");
    const char *r = tr(PG, MY, "UPDATE t SET a = b, b = a");
    cr_assert(strstr(r, "ERROR:") == r, "%s", r);
    /* ... and from MySQL, a later right side reads the new value */
    cr_assert_str_eq(tr(MY, PG, "UPDATE t SET a = a + 1, b = a"),
                     "UPDATE t SET a = a + 1, b = a + 1");
    cr_assert_str_eq(tr(MY, PG, "UPDATE s JOIN p ON p.k = s.k SET s.v = p.v WHERE p.x = 5"),
                     "UPDATE s SET v = p.v FROM p WHERE p.k = s.k AND p.x = 5");
    cr_assert_str_eq(tr(PG, LITE, "DELETE FROM s USING p WHERE p.k = s.k"),
                     "DELETE FROM s WHERE EXISTS (SELECT 1 FROM p WHERE p.k = s.k)");
}

Test(translate, ddl_types_and_auto_numbers)
{
    cr_assert_str_eq(tr(PG, MY, "CREATE TABLE t (id SERIAL PRIMARY KEY, ok BOOLEAN DEFAULT TRUE)"),
                     "CREATE TABLE t (id INT PRIMARY KEY NOT NULL AUTO_INCREMENT, ok BOOLEAN "
                     "DEFAULT TRUE)");
    cr_assert_str_eq(tr(LITE, PG, "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                  "f BOOLEAN DEFAULT 0)"),
                     "CREATE TABLE t (id INTEGER PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "
                     "f BOOLEAN DEFAULT FALSE)");
    cr_assert_str_eq(tr(MY, PG, "CREATE TABLE t (p ENUM('a', 'bb') NOT NULL, f TINYINT(1) "
                                "DEFAULT 1, n INT UNSIGNED)"),
                     "CREATE TABLE t (p VARCHAR(2) NOT NULL CHECK (p IN ('a', 'bb')), f BOOLEAN "
                     "DEFAULT TRUE, n BIGINT CHECK (n >= 0))");
    cr_assert_str_eq(tr(MY, LITE, "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, PRIMARY KEY "
                                  "(id)) ENGINE=InnoDB"),
                     "CREATE TABLE t (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT)");
}

Test(translate, enum_type_folds_into_columns)
{
    const char *sql = "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
                      "CREATE TABLE p (m mood NOT NULL)";
    struct sqlx_translate_opts o = { .from = PG, .to = MY };
    cr_assert_eq(sqlx_sql_translate_text(sql, strlen(sql), &o, &arena, &out, &err), 0, "%s",
                 err.message);
    cr_assert_str_eq(out.data, "CREATE TABLE p (m ENUM('sad', 'happy') NOT NULL);\n");
}

Test(translate, unsupported_constructs_name_position)
{
    const char *r = tr(PG, MY, "SELECT a.x, COUNT(*)\nFROM a FULL JOIN b ON a.x = b.x GROUP BY a.x");
    cr_assert(strstr(r, "ERROR: line 2, column 8: FULL JOIN") == r, "%s", r);
    /* a plain one is rewritten as LEFT JOIN UNION ALL the unmatched rows of RIGHT JOIN */
    r = tr(PG, MY, "SELECT a.x, b.y FROM a FULL JOIN b ON a.x = b.x");
    cr_assert(strstr(r, "LEFT JOIN b ON a.x = b.x UNION ALL") != NULL, "%s", r);
    cr_assert(strstr(r, "NOT EXISTS (SELECT 1 FROM a AS sqlx_fj WHERE sqlx_fj.x = b.x)") != NULL,
              "%s", r);
    r = tr(PG, LITE, "SELECT x ~ 'a' FROM t");
    cr_assert(strstr(r, "ERROR: line 1, column 10: regular expression") == r, "%s", r);
    r = tr(MY, PG, "SELECT MAX(a) FROM t GROUP BY b WITH ROLLUP");
    cr_assert_str_eq(r, "SELECT max(a) FROM t GROUP BY ROLLUP (b)");
}

Test(translate, print_hand_built_nodes)
{
    /* CASE, CAST, BETWEEN and IS TRUE built with the AST builders, printed per family. */
    struct sqlx_ast *st = sqlx_ast_select(&arena, "t");
    struct sqlx_expr *c = sqlx_ast_case(&arena, NULL);
    struct sqlx_value one = sqlx_value_int(1), two = sqlx_value_int(2);
    sqlx_ast_case_when(&arena, c,
                       sqlx_ast_between(&arena, sqlx_ast_column(&arena, NULL, "a"),
                                        sqlx_ast_lit(&arena, SQLX_LIT_INTEGER, &one),
                                        sqlx_ast_lit(&arena, SQLX_LIT_INTEGER, &two), false),
                       sqlx_ast_cast(&arena, sqlx_ast_column(&arena, NULL, "b"),
                                     sqlx_ast_type_name(&arena, "varchar", SQLX_TY_STRING)));
    sqlx_ast_select_add(&arena, &st->select, c, "x");
    struct sqlx_expr *it = sqlx_ast_expr_new(&arena, SQLX_EX_IS_TRUTH);
    it->left = sqlx_ast_column(&arena, NULL, "ok");
    it->value = sqlx_value_bool(false);
    it->negated = true;
    sqlx_ast_select_add(&arena, &st->select, it, NULL);
    static const char *const want[] = {
        "SELECT CASE WHEN a BETWEEN 1 AND 2 THEN CAST(b AS VARCHAR) END AS x, ok IS NOT FALSE "
        "FROM t",
        "SELECT CASE WHEN a BETWEEN 1 AND 2 THEN CAST(b AS VARCHAR) END AS x, ok IS NOT FALSE "
        "FROM t",
        "SELECT CASE WHEN a BETWEEN 1 AND 2 THEN CAST(b AS VARCHAR) END AS x, ok IS NOT FALSE "
        "FROM t",
    };
    for (int d = 0; d < 3; d++) {
        struct sqlx_print_opts po = { .family = (enum sqlx_sql_dialect)d };
        struct sqlx_params params = { 0 };
        sqlx_buf_reset(&out);
        cr_assert_eq(sqlx_sql_print_as(st, sqlx_sql_dialect_table(d), &po, &arena, &out, &params,
                                       &err), 0, "%s", err.message);
        cr_assert_str_eq(out.data, want[d]);
    }
}

/* parse(print(parse(sql))) == parse(sql) in the same dialect. */
static void roundtrip(enum sqlx_sql_dialect d, const char *sql)
{
    struct sqlx_parse_opts po = { .dialect = d };
    struct sqlx_ast *a, *b;
    cr_assert_eq(sqlx_sql_parse_one(sql, strlen(sql), &po, &arena, &a, &err), 0, "%s: %s", sql,
                 err.message);
    struct sqlx_print_opts pr = { .family = d, .lenient = true };
    struct sqlx_params params = { 0 };
    sqlx_buf_reset(&out);
    cr_assert_eq(sqlx_sql_print_as(a, sqlx_sql_dialect_table(d), &pr, &arena, &out, &params, &err),
                 0, "%s: %s", sql, err.message);
    cr_assert_eq(sqlx_sql_parse_one(out.data, out.len, &po, &arena, &b, &err), 0, "%s -> %s: %s",
                 sql, out.data, err.message);
    cr_assert(sqlx_ast_equal(a, b, 0), "%s -> %s", sql, out.data);
}

Test(translate, round_trips)
{
    static const char *const pg[] = {
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n",
        "SELECT DISTINCT ON (a) a, b::text, x ~* 'y', ARRAY[1, 2][1] FROM t ORDER BY a NULLS FIRST",
        "SELECT sum(x) FILTER (WHERE y) OVER (PARTITION BY g ORDER BY h ROWS BETWEEN 1 PRECEDING "
        "AND CURRENT ROW) FROM t",
        "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a RETURNING *",
        "CREATE TABLE t (id SERIAL PRIMARY KEY, v NUMERIC(8, 2) CHECK (v > 0), "
        "ts TIMESTAMP WITH TIME ZONE)",
        "SELECT a FROM t FETCH FIRST 2 ROWS WITH TIES",
    };
    static const char *const my[] = {
        "SELECT `a`, GROUP_CONCAT(DISTINCT b ORDER BY b SEPARATOR '|') FROM t GROUP BY a WITH ROLLUP",
        "SELECT a DIV b, a XOR b, @v, 0x41 FROM t LIMIT 1, 2",
        "INSERT INTO t (a) VALUES (1) ON DUPLICATE KEY UPDATE a = VALUES(a)",
        "CREATE TABLE t (id INT UNSIGNED NOT NULL AUTO_INCREMENT, e ENUM('x', 'y'), PRIMARY KEY "
        "(id), KEY ix (e)) ENGINE=InnoDB",
        "UPDATE t JOIN u ON u.id = t.id SET t.a = u.a WHERE u.b = 1",
    };
    static const char *const lite[] = {
        "SELECT [a], a GLOB 'x*', a IS NOT b FROM t ORDER BY a COLLATE NOCASE LIMIT -1 OFFSET 2",
        "INSERT OR REPLACE INTO t (a) VALUES (1)",
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v) WITHOUT ROWID",
        "VALUES (1, 'a'), (2, 'b')",
    };
    for (size_t i = 0; i < sizeof(pg) / sizeof(pg[0]); i++)
        roundtrip(PG, pg[i]);
    for (size_t i = 0; i < sizeof(my) / sizeof(my[0]); i++)
        roundtrip(MY, my[i]);
    for (size_t i = 0; i < sizeof(lite) / sizeof(lite[0]); i++)
        roundtrip(LITE, lite[i]);
}

/* ---- golden files ---- */

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
        sqlx_buf_put(&b, chunk, k);
    fclose(f);
    char *s = sqlx_arena_memdup(&arena, b.data ? b.data : "", b.len);
    *n = b.len;
    sqlx_buf_free(&b);
    return s;
}

/* Translates one section (statements of one source dialect) to each target, statement by
 * statement, appending to g. */
static void golden_section(const char *text, size_t len, int from, const char *targets,
                           struct sqlx_buf *g)
{
    struct sqlx_parse_opts po = { .dialect = (enum sqlx_sql_dialect)from };
    struct sqlx_stmt_list list;
    struct sqlx_err e;
    sqlx_err_clear(&e);
    if (sqlx_sql_parse(text, len, &po, &arena, &list, &e) != 0) {
        sqlx_buf_printf(g, "PARSE ERROR: %s\n", e.message);
        return;
    }
    char tgt[128];
    snprintf(tgt, sizeof(tgt), "%s", targets);
    for (char *save = NULL, *w = strtok_r(tgt, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int to = sqlx_sql_dialect_parse(w);
        cr_assert(to >= 0, "unknown dialect %s", w);
        sqlx_buf_printf(g, "-- %s -> %s\n", sqlx_sql_dialect_name(from), w);
        for (size_t i = 0; i < list.stmts.len; i++) {
            const struct sqlx_ast *st = list.stmts.items[i];
            const char *s = text + st->pos - 1;
            size_t n = (size_t)(st->end - st->pos);
            struct sqlx_translate_opts o = { .from = from, .to = to };
            struct sqlx_buf one;
            sqlx_buf_init(&one, 0);
            sqlx_err_clear(&e);
            if (sqlx_sql_translate_text(s, n, &o, &arena, &one, &e) != 0) {
                char where[64] = "";
                if (e.position > 0)
                    sqlx_sql_position_text(s, n, e.position, where, sizeof(where));
                sqlx_buf_printf(g, "ERROR: %s%s%s\n", where, where[0] ? ": " : "", e.message);
            } else {
                sqlx_buf_put(g, one.data ? one.data : "", one.len);
            }
            sqlx_buf_free(&one);
        }
    }
}

static void golden_file(const char *dir, const char *name, int *checked)
{
    char path[1024];
    size_t n;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    char *src = read_all(path, &n);
    cr_assert(src, "cannot read %s", path);
    struct sqlx_buf g, sec;
    sqlx_buf_init(&g, 0);
    sqlx_buf_init(&sec, 0);
    int from = -1;
    char targets[128] = "";
    char *line = src;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        if (ll >= 9 && strncmp(line, "-- from: ", 9) == 0) {
            if (from >= 0)
                golden_section(sec.data ? sec.data : "", sec.len, from, targets, &g);
            sqlx_buf_reset(&sec);
            char w[32];
            snprintf(w, sizeof(w), "%.*s", (int)(ll - 9), line + 9);
            from = sqlx_sql_dialect_parse(w);
            cr_assert(from >= 0, "%s: unknown dialect %s", name, w);
        } else if (ll >= 7 && strncmp(line, "-- to: ", 7) == 0) {
            snprintf(targets, sizeof(targets), "%.*s", (int)(ll - 7), line + 7);
        } else if (from >= 0) {
            sqlx_buf_put(&sec, line, ll);
            sqlx_buf_putc(&sec, '\n');
        }
        line = nl ? nl + 1 : NULL;
    }
    if (from >= 0)
        golden_section(sec.data ? sec.data : "", sec.len, from, targets, &g);
    char outp[1024];
    snprintf(outp, sizeof(outp), "%s/%.*s.out", dir, (int)(strlen(name) - 4), name);
    const char *upd = getenv("SQLX_GOLDEN_UPDATE");
    if (upd && *upd == '1') {
        FILE *f = fopen(outp, "wb");
        cr_assert(f, "cannot write %s", outp);
        fwrite(g.data ? g.data : "", 1, g.len, f);
        fclose(f);
    }
    size_t en;
    char *expect = read_all(outp, &en);
    cr_assert(expect, "missing %s (run with SQLX_GOLDEN_UPDATE=1 and review it)", outp);
    if (en != g.len || memcmp(expect, g.data ? g.data : "", en) != 0) {
        /* first differing line, for the message */
        size_t i = 0, line_no = 1;
        while (i < en && i < g.len && expect[i] == g.data[i]) {
            if (expect[i] == '\n')
                line_no++;
            i++;
        }
        cr_assert_fail("%s differs from the translation at line %zu", outp, line_no);
    }
    (*checked)++;
    sqlx_buf_free(&sec);
    sqlx_buf_free(&g);
}

Test(translate, golden_files)
{
    const char *dir = SQLX_SOURCE_DIR "/tests/golden/translate";
    DIR *d = opendir(dir);
    cr_assert(d, "cannot open %s", dir);
    int checked = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t n = strlen(de->d_name);
        if (n > 4 && strcmp(de->d_name + n - 4, ".sql") == 0)
            golden_file(dir, de->d_name, &checked);
    }
    closedir(d);
    cr_assert_geq(checked, 6, "expected the golden files of tests/golden/translate");
}
