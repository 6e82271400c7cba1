/* Tests for src/sql/lexer.c and src/sql/keywords.c: per-dialect quoting, string escapes,
 * dollar quoting, comments, numbers, placeholders, operators, positions and lexical errors. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/arena.h"
#include "sql/keywords.h"
#include "sql/lexer.h"

static struct sqlx_arena arena;

static void setup(void)
{
    sqlx_arena_init(&arena, 0);
}

static void teardown(void)
{
    sqlx_arena_free(&arena);
}

TestSuite(lexer, .init = setup, .fini = teardown);

#define MAXTOK 32

/* Lexes src completely; returns the number of tokens before EOF (asserting no error). */
static int lex_all(enum sqlx_sql_dialect d, unsigned flags, const char *src, struct sqlx_token *out)
{
    struct sqlx_lexer lx;
    struct sqlx_err err;
    sqlx_lexer_init(&lx, src, strlen(src), d, flags, &arena);
    for (int n = 0; n < MAXTOK; n++) {
        int rc = sqlx_lexer_next(&lx, &out[n], &err);
        cr_assert_eq(rc, 0, "lexing %s failed: %s", src, err.message);
        if (out[n].kind == SQLX_TOK_EOF)
            return n;
    }
    cr_assert_fail("too many tokens in %s", src);
    return -1;
}

/* Lexes until an error; returns the error (asserting there is one). */
static struct sqlx_err lex_error(enum sqlx_sql_dialect d, const char *src)
{
    struct sqlx_lexer lx;
    struct sqlx_err err;
    struct sqlx_token t;
    memset(&err, 0, sizeof(err));
    sqlx_lexer_init(&lx, src, strlen(src), d, 0, &arena);
    for (int n = 0; n < MAXTOK; n++) {
        if (sqlx_lexer_next(&lx, &t, &err) != 0) {
            cr_assert_eq(err.code, SQLX_EPARSE);
            return err;
        }
        cr_assert_neq(t.kind, SQLX_TOK_EOF, "expected a lexical error in %s", src);
    }
    cr_assert_fail("no error in %s", src);
    return err;
}

static void assert_val(const struct sqlx_token *t, const char *want, size_t n)
{
    cr_assert_eq(t->vlen, n, "decoded length %zu, want %zu", t->vlen, n);
    cr_assert_eq(memcmp(t->val, want, n), 0, "decoded text differs");
}

Test(lexer, keywords_words_and_positions)
{
    struct sqlx_token t[MAXTOK];
    int n = lex_all(SQLX_SQL_POSTGRES, 0, "SELECT foo\n  FROM bar", t);
    cr_assert_eq(n, 4);
    cr_assert_eq(t[0].kind, SQLX_TOK_WORD);
    cr_assert_eq(t[0].kw, SQLX_KW_SELECT);
    cr_assert_eq(t[0].pos, 1);
    cr_assert_eq(t[0].end, 7);
    cr_assert_eq(t[1].kw, SQLX_KW_NONE_);
    cr_assert_eq(t[1].pos, 8);
    cr_assert_eq(t[2].kw, SQLX_KW_FROM);
    cr_assert_eq(t[2].pos, 14);
    cr_assert(t[2].nl_before);
    cr_assert_not(t[1].nl_before);
}

Test(lexer, keyword_lookup_is_case_insensitive_and_exact)
{
    cr_assert_eq(sqlx_sql__keyword("select", 6), SQLX_KW_SELECT);
    cr_assert_eq(sqlx_sql__keyword("SeLeCt", 6), SQLX_KW_SELECT);
    cr_assert_eq(sqlx_sql__keyword("selec", 5), SQLX_KW_NONE_);
    cr_assert_eq(sqlx_sql__keyword("selects", 7), SQLX_KW_NONE_);
    cr_assert_eq(sqlx_sql__keyword("auto_increment", 14), SQLX_KW_AUTO_INCREMENT);
    cr_assert_eq(sqlx_sql__keyword("zone", 4), SQLX_KW_ZONE);
    cr_assert_eq(sqlx_sql__keyword("abort", 5), SQLX_KW_ABORT);
    cr_assert_str_eq(sqlx_sql__keyword_name(SQLX_KW_WINDOW), "WINDOW");
    cr_assert(sqlx_sql__keyword_reserved(SQLX_KW_SELECT, SQLX_SQL_SQLITE));
    cr_assert_not(sqlx_sql__keyword_reserved(SQLX_KW_KEY, SQLX_SQL_POSTGRES));
    cr_assert(sqlx_sql__keyword_reserved(SQLX_KW_KEY, SQLX_SQL_MYSQL));
    cr_assert_not(sqlx_sql__keyword_bare_alias(SQLX_KW_LIMIT, SQLX_SQL_MYSQL));
    cr_assert(sqlx_sql__keyword_bare_alias(SQLX_KW_YEAR, SQLX_SQL_POSTGRES));
}

Test(lexer, quoted_identifiers_per_dialect)
{
    struct sqlx_token t[MAXTOK];
    cr_assert_eq(lex_all(SQLX_SQL_POSTGRES, 0, "\"a\"\"b\"", t), 1);
    cr_assert_eq(t[0].kind, SQLX_TOK_QIDENT);
    assert_val(&t[0], "a\"b", 3);

    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, 0, "`x``y` \"str\"", t), 2);
    cr_assert_eq(t[0].kind, SQLX_TOK_QIDENT);
    assert_val(&t[0], "x`y", 3);
    cr_assert_eq(t[1].kind, SQLX_TOK_STRING, "MySQL double quotes make a string");

    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, SQLX_LEX_ANSI_QUOTES, "\"id\"", t), 1);
    cr_assert_eq(t[0].kind, SQLX_TOK_QIDENT, "ANSI_QUOTES makes it an identifier");

    cr_assert_eq(lex_all(SQLX_SQL_SQLITE, 0, "[my col] `b` \"c\"", t), 3);
    for (int i = 0; i < 3; i++)
        cr_assert_eq(t[i].kind, SQLX_TOK_QIDENT);
    assert_val(&t[0], "my col", 6);

    cr_assert_eq(lex_all(SQLX_SQL_POSTGRES, 0, "a[1]", t), 4);
    cr_assert_eq(t[1].op, SQLX_TOP_LBRACKET, "PostgreSQL brackets are subscripts");
}

Test(lexer, string_escapes_per_dialect)
{
    struct sqlx_token t[MAXTOK];
    lex_all(SQLX_SQL_POSTGRES, 0, "'it''s' 'a\\nb'", t);
    assert_val(&t[0], "it's", 4);
    assert_val(&t[1], "a\\nb", 4); /* standard_conforming_strings: backslash is literal */

    lex_all(SQLX_SQL_POSTGRES, 0, "E'a\\nb\\x41\\101\\u00e9\\''", t);
    cr_assert_eq(t[0].syntax, SQLX_SYN_STR_ESCAPE);
    assert_val(&t[0], "a\nbAA\xc3\xa9'", 8);

    lex_all(SQLX_SQL_POSTGRES, SQLX_LEX_PG_BACKSLASH_STRINGS, "'a\\tb'", t);
    assert_val(&t[0], "a\tb", 3);

    lex_all(SQLX_SQL_MYSQL, 0, "'a\\'b\\0c\\%' \"q\"\"x\"", t);
    assert_val(&t[0], "a'b\0c\\%", 7);
    assert_val(&t[1], "q\"x", 3);

    lex_all(SQLX_SQL_MYSQL, SQLX_LEX_NO_BACKSLASH_ESCAPES, "'a\\b'", t);
    assert_val(&t[0], "a\\b", 3);

    lex_all(SQLX_SQL_SQLITE, 0, "'a\\b'", t);
    assert_val(&t[0], "a\\b", 3);

    lex_all(SQLX_SQL_MYSQL, 0, "_utf8mb4'x' N'y'", t);
    cr_assert_eq(t[0].kind, SQLX_TOK_STRING);
    assert_val(&t[0], "x", 1);
    cr_assert_eq(t[1].syntax, SQLX_SYN_STR_NATIONAL);
}

Test(lexer, dollar_quoting)
{
    struct sqlx_token t[MAXTOK];
    cr_assert_eq(lex_all(SQLX_SQL_POSTGRES, 0, "$$it's $x$$ $fn$ a $$ b $fn$ $1", t), 3);
    cr_assert_eq(t[0].kind, SQLX_TOK_STRING);
    cr_assert_eq(t[0].syntax, SQLX_SYN_STR_DOLLAR);
    assert_val(&t[0], "it's $x", 7);
    assert_val(&t[1], " a $$ b ", 8);
    cr_assert_eq(t[2].kind, SQLX_TOK_PARAM);
    cr_assert_eq(t[2].ph, SQLX_PH_DOLLAR);
    cr_assert_eq(t[2].index, 1);
}

Test(lexer, comments)
{
    struct sqlx_token t[MAXTOK];
    cr_assert_eq(lex_all(SQLX_SQL_POSTGRES, 0, "a /* x /* nested */ y */ b -- c\nd", t), 3);
    cr_assert(t[2].nl_before);
    /* MySQL: "--" needs a following space; "#" starts a comment. */
    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, 0, "1--1", t), 4);
    cr_assert_eq(t[1].op, SQLX_TOP_MINUS);
    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, 0, "1 -- x\n2 # y\n3", t), 3);
    /* MySQL executable comments are code. */
    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, 0, "SELECT /*!40001 SQL_NO_CACHE */ 1", t), 3);
    cr_assert_eq(t[1].kind, SQLX_TOK_WORD);
    /* Block comments do not nest in MySQL and SQLite; SQLite ends an open one at the end. */
    cr_assert_eq(lex_all(SQLX_SQL_SQLITE, 0, "a /* /* */ b", t), 2);
    cr_assert_eq(lex_all(SQLX_SQL_SQLITE, 0, "a /* open", t), 1);
}

Test(lexer, numbers)
{
    struct sqlx_token t[MAXTOK];
    cr_assert_eq(lex_all(SQLX_SQL_POSTGRES, 0, "1 1.5 .5 1. 1e3 1.5E-3 0x1F", t), 7);
    cr_assert_eq(t[0].kind, SQLX_TOK_INTEGER);
    cr_assert_eq(t[1].kind, SQLX_TOK_DECIMAL);
    cr_assert_eq(t[2].kind, SQLX_TOK_DECIMAL);
    cr_assert_eq(t[3].kind, SQLX_TOK_DECIMAL);
    cr_assert_eq(t[4].kind, SQLX_TOK_FLOAT);
    cr_assert_eq(t[5].kind, SQLX_TOK_FLOAT);
    cr_assert_eq(t[5].rawlen, 6);
    cr_assert_eq(t[6].kind, SQLX_TOK_HEXNUM);
    assert_val(&t[6], "1F", 2);
    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, 0, "0b101 X'0aFF' 1abc", t), 3);
    cr_assert_eq(t[0].kind, SQLX_TOK_BITS);
    cr_assert_eq(t[1].kind, SQLX_TOK_BLOB);
    assert_val(&t[1], "\x0a\xff", 2);
    cr_assert_eq(t[2].kind, SQLX_TOK_WORD, "MySQL identifiers may start with a digit");
    cr_assert_eq(lex_all(SQLX_SQL_POSTGRES, 0, "B'0101'", t), 1);
    cr_assert_eq(t[0].kind, SQLX_TOK_BITS);
}

Test(lexer, placeholders_and_variables)
{
    struct sqlx_token t[MAXTOK];
    cr_assert_eq(lex_all(SQLX_SQL_SQLITE, 0, "? ?12 :name @at $dol", t), 5);
    cr_assert_eq(t[0].ph, SQLX_PH_QMARK);
    cr_assert_eq(t[1].ph, SQLX_PH_QNUM);
    cr_assert_eq(t[1].index, 12);
    cr_assert_eq(t[2].ph, SQLX_PH_COLON);
    assert_val(&t[2], "name", 4);
    cr_assert_eq(t[3].ph, SQLX_PH_AT);
    cr_assert_eq(t[4].ph, SQLX_PH_DOLLAR_NAME);
    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, 0, "? @v @@session.sql_mode @'q x'", t), 4);
    cr_assert_eq(t[0].kind, SQLX_TOK_PARAM);
    cr_assert_eq(t[1].kind, SQLX_TOK_VARIABLE);
    assert_val(&t[1], "v", 1);
    assert_val(&t[2], "@@session.sql_mode", 18);
    assert_val(&t[3], "q x", 3);
}

Test(lexer, operators_per_dialect)
{
    struct sqlx_token t[MAXTOK];
    cr_assert_eq(lex_all(SQLX_SQL_POSTGRES, 0, "a::int ->> #>> @> <@ ?| !~* || a=-1 <-> @@", t), 16);
    cr_assert_eq(t[1].op, SQLX_TOP_CAST);
    cr_assert_eq(t[3].op, SQLX_TOP_ARROW2);
    cr_assert_eq(t[4].op, SQLX_TOP_HASH_GT2);
    cr_assert_eq(t[5].op, SQLX_TOP_AT_GT);
    cr_assert_eq(t[6].op, SQLX_TOP_LT_AT);
    cr_assert_eq(t[7].op, SQLX_TOP_Q_PIPE);
    cr_assert_eq(t[8].op, SQLX_TOP_NOT_TILDE_STAR);
    cr_assert_eq(t[9].op, SQLX_TOP_CONCAT);
    cr_assert_eq(t[11].op, SQLX_TOP_EQ, "a=-1 is = then -");
    cr_assert_eq(t[12].op, SQLX_TOP_MINUS);
    cr_assert_eq(t[14].op, SQLX_TOP_OTHER, "unknown PostgreSQL operators keep their text");
    cr_assert_eq(t[14].rawlen, 3);

    cr_assert_eq(lex_all(SQLX_SQL_MYSQL, 0, "<=> := != && ->", t), 5);
    cr_assert_eq(t[0].op, SQLX_TOP_NULLSAFE_EQ);
    cr_assert_eq(t[1].op, SQLX_TOP_ASSIGN);
    cr_assert_eq(t[2].op, SQLX_TOP_BANGEQ);
    cr_assert_eq(t[3].op, SQLX_TOP_AMPAMP);
    cr_assert_eq(t[4].op, SQLX_TOP_ARROW);

    cr_assert_eq(lex_all(SQLX_SQL_SQLITE, 0, "== <> >= <<", t), 4);
    cr_assert_eq(t[0].op, SQLX_TOP_EQEQ);
    cr_assert_eq(t[3].op, SQLX_TOP_SHL);
}

Test(lexer, errors_carry_line_and_column)
{
    struct sqlx_err e = lex_error(SQLX_SQL_POSTGRES, "SELECT\n  'abc");
    cr_assert_eq(e.position, 10);
    cr_assert_str_eq(e.message, "syntax error at line 2, column 3: unterminated quoted string");
    e = lex_error(SQLX_SQL_POSTGRES, "SELECT /* a /* b */");
    cr_assert_str_eq(e.message, "syntax error at line 1, column 8: unterminated /* comment");
    e = lex_error(SQLX_SQL_POSTGRES, "SELECT $tag$ x");
    cr_assert(strstr(e.message, "unterminated dollar-quoted string"));
    e = lex_error(SQLX_SQL_POSTGRES, "SELECT `x`");
    cr_assert(strstr(e.message, "column 8: unexpected character \"`\""), "%s", e.message);
    e = lex_error(SQLX_SQL_SQLITE, "SELECT X'ABC'");
    cr_assert(strstr(e.message, "odd number of digits"));
    e = lex_error(SQLX_SQL_POSTGRES, "SELECT E'\\x00'");
    cr_assert(strstr(e.message, "null character"));
    e = lex_error(SQLX_SQL_POSTGRES, "SELECT U&'d\\0061t'");
    cr_assert(strstr(e.message, "column 8: unicode escape strings"), "%s", e.message);
    e = lex_error(SQLX_SQL_POSTGRES, "SELECT 12abc");
    cr_assert(strstr(e.message, "trailing junk"));
    /* Columns count characters, not UTF-8 bytes. */
    e = lex_error(SQLX_SQL_POSTGRES, "SELECT '\xc3\xa9', \"x");
    cr_assert(strstr(e.message, "line 1, column 13"), "%s", e.message);
    cr_assert_eq(e.position, 14);
}

Test(lexer, token_describe)
{
    struct sqlx_token t[MAXTOK];
    char buf[64];
    lex_all(SQLX_SQL_POSTGRES, 0, ") FROM", t);
    sqlx_sql__token_describe(&t[0], buf, sizeof(buf));
    cr_assert_str_eq(buf, "\")\"");
    sqlx_sql__token_describe(&t[1], buf, sizeof(buf));
    cr_assert_str_eq(buf, "\"FROM\"");
    sqlx_sql__token_describe(&t[2], buf, sizeof(buf));
    cr_assert_str_eq(buf, "end of input");
}
