/* The SQL tokenizer: turns PostgreSQL, MySQL or SQLite text into tokens one at a time for the
 * parser, with 1-based byte positions. Knows each dialect's quoting (identifiers "x", `x`, [x];
 * strings '', E'', N'', $tag$..$tag$, MySQL "" and backslash escapes), comments (--, #, nested
 * block comments in PostgreSQL), numbers, placeholders and operators. Decoded strings and quoted
 * identifiers are copied into the arena given; the source must outlive the tokens (raw text
 * points into it). Knows nothing of grammar beyond the keyword table, nor of I/O. */
#ifndef SQLX_SQL_LEXER_H
#define SQLX_SQL_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/err.h"
#include "sql/ast.h"
#include "sql/keywords.h"

/* Options that change lexing and parsing (server settings of the source). */
#define SQLX_LEX_PIPES_AS_CONCAT 1u      /* MySQL sql_mode PIPES_AS_CONCAT: || is concatenation */
#define SQLX_LEX_ANSI_QUOTES 2u          /* MySQL sql_mode ANSI_QUOTES: "x" is an identifier */
#define SQLX_LEX_NO_BACKSLASH_ESCAPES 4u /* MySQL sql_mode NO_BACKSLASH_ESCAPES */
#define SQLX_LEX_PG_BACKSLASH_STRINGS 8u /* PostgreSQL standard_conforming_strings = off */

enum sqlx_tok_kind {
    SQLX_TOK_EOF = 0,
    SQLX_TOK_WORD,     /* unquoted word; kw is its keyword id or SQLX_KW_NONE_ */
    SQLX_TOK_QIDENT,   /* quoted identifier; val is the decoded name */
    SQLX_TOK_STRING,   /* string literal; val is the decoded text */
    SQLX_TOK_INTEGER,  /* digits (text in raw) */
    SQLX_TOK_DECIMAL,  /* digits with a point: 1.5, .5, 1. */
    SQLX_TOK_FLOAT,    /* number with an exponent: 1e3, 1.5E-3 */
    SQLX_TOK_HEXNUM,   /* 0x1F: val is the hex digits */
    SQLX_TOK_BLOB,     /* X'..': val is the decoded bytes */
    SQLX_TOK_BITS,     /* B'0101', MySQL 0b0101: val is the 0/1 digits */
    SQLX_TOK_PARAM,    /* placeholder: ph, index, val (name for :name / @name / $name) */
    SQLX_TOK_VARIABLE, /* MySQL @name / @@name: val is the name (with @@ for system variables) */
    SQLX_TOK_OP,       /* operator or punctuation: op */
};

enum sqlx_tok_op {
    SQLX_TOP_NONE = 0,
    SQLX_TOP_LPAREN, SQLX_TOP_RPAREN, SQLX_TOP_COMMA, SQLX_TOP_SEMI, SQLX_TOP_DOT,
    SQLX_TOP_LBRACKET, SQLX_TOP_RBRACKET, SQLX_TOP_COLON,
    SQLX_TOP_PLUS, SQLX_TOP_MINUS, SQLX_TOP_STAR, SQLX_TOP_SLASH, SQLX_TOP_PERCENT,
    SQLX_TOP_CARET,     /* ^ */
    SQLX_TOP_EQ,        /* = */
    SQLX_TOP_EQEQ,      /* == (SQLite) */
    SQLX_TOP_NE,        /* <> */
    SQLX_TOP_BANGEQ,    /* != */
    SQLX_TOP_LT, SQLX_TOP_LE, SQLX_TOP_GT, SQLX_TOP_GE,
    SQLX_TOP_NULLSAFE_EQ, /* <=> (MySQL) */
    SQLX_TOP_CONCAT,    /* || */
    SQLX_TOP_AMPAMP,    /* && */
    SQLX_TOP_PIPE,      /* | */
    SQLX_TOP_AMP,       /* & */
    SQLX_TOP_TILDE,     /* ~ */
    SQLX_TOP_BANG,      /* ! */
    SQLX_TOP_SHL,       /* << */
    SQLX_TOP_SHR,       /* >> */
    SQLX_TOP_CAST,      /* :: */
    SQLX_TOP_ASSIGN,    /* := */
    SQLX_TOP_ARROW,     /* -> */
    SQLX_TOP_ARROW2,    /* ->> */
    SQLX_TOP_HASH,      /* # (PostgreSQL XOR) */
    SQLX_TOP_HASH_GT,   /* #> */
    SQLX_TOP_HASH_GT2,  /* #>> */
    SQLX_TOP_AT_GT,     /* @> */
    SQLX_TOP_LT_AT,     /* <@ */
    SQLX_TOP_ATAT,      /* @@ */
    SQLX_TOP_QUESTION,  /* ? as an operator (PostgreSQL) */
    SQLX_TOP_Q_PIPE,    /* ?| */
    SQLX_TOP_Q_AMP,     /* ?& */
    SQLX_TOP_TILDE_STAR,/* ~* */
    SQLX_TOP_NOT_TILDE, /* !~ */
    SQLX_TOP_NOT_TILDE_STAR, /* !~* */
    SQLX_TOP_OTHER,     /* any other PostgreSQL operator: its text is in raw */
};

struct sqlx_token {
    enum sqlx_tok_kind kind;
    enum sqlx_kw kw;          /* WORD: keyword id, else SQLX_KW_NONE_ */
    enum sqlx_tok_op op;      /* OP */
    int pos;                  /* 1-based byte offset of the first byte */
    int end;                  /* 1-based offset one past the last byte */
    const char *raw;          /* the token's source text (not NUL-terminated) */
    size_t rawlen;
    const char *val;          /* decoded text (arena, NUL-terminated) for QIDENT, STRING,
                               * HEXNUM, BLOB, BITS, named PARAM, VARIABLE; NULL otherwise */
    size_t vlen;
    enum sqlx_syntax syntax;  /* STRING: STR_ESCAPE, STR_DOLLAR, STR_NATIONAL */
    enum sqlx_placeholder ph; /* PARAM spelling */
    int index;                /* PARAM number ($1, ?1), 0 for ? and named ones */
    bool nl_before;           /* whitespace before the token contained a newline */
    bool space_before;        /* any whitespace or comment before the token */
};

struct sqlx_lexer {
    const char *src;
    size_t len;
    size_t off;               /* next byte to read */
    enum sqlx_sql_dialect dialect;
    unsigned flags;           /* SQLX_LEX_* */
    struct sqlx_arena *a;
    bool in_exec_comment;     /* MySQL: inside an executable comment (slash-star-bang) */
};

void sqlx_lexer_init(struct sqlx_lexer *lx, const char *src, size_t len,
                     enum sqlx_sql_dialect dialect, unsigned flags, struct sqlx_arena *a);
/* Reads the next token (SQLX_TOK_EOF at the end, repeatedly). On a lexical error (unterminated
 * string or comment, bad escape, stray character) returns SQLX_EPARSE with err's message naming
 * line and column and err->position set. */
int sqlx_lexer_next(struct sqlx_lexer *lx, struct sqlx_token *tok, struct sqlx_err *err)
    SQLX_MUST_CHECK;

/* Sets a syntax error at byte offset pos (1-based) of src: "syntax error at line L, column C:
 * <message>", err->position = pos. Returns SQLX_EPARSE. Shared by the lexer and parser. */
int sqlx_sql__syntax_error(struct sqlx_err *err, const char *src, size_t len, int pos,
                           const char *fmt, ...) SQLX_PRINTF(5, 6);
/* Short human description of a token for messages: "\")\"", "end of input", "keyword FROM",
 * "identifier \"x\"", "string constant". Written into buf (NUL-terminated, truncated). */
void sqlx_sql__token_describe(const struct sqlx_token *tok, char *buf, size_t size);

#endif
