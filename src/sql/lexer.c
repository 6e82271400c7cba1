/* The SQL tokenizer for PostgreSQL, MySQL and SQLite (see lexer.h). Reads the source byte by
 * byte, never past its length, and decodes string and identifier quoting per dialect into the
 * arena. Owns the syntax-error message format (line and column) shared with the parser. Must not
 * know grammar: keywords are only looked up, never interpreted. */
#include "sql/lexer.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"

void sqlx_lexer_init(struct sqlx_lexer *lx, const char *src, size_t len,
                     enum sqlx_sql_dialect dialect, unsigned flags, struct sqlx_arena *a)
{
    memset(lx, 0, sizeof(*lx));
    lx->src = src;
    lx->len = len;
    lx->dialect = dialect;
    lx->flags = flags;
    lx->a = a;
}

int sqlx_sql__syntax_error(struct sqlx_err *err, const char *src, size_t len, int pos,
                           const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int line = 1, col = 1;
    size_t stop = pos > 0 ? (size_t)pos - 1 : 0;
    if (stop > len)
        stop = len;
    for (size_t i = 0; i < stop; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\n') {
            line++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++; /* count characters, not UTF-8 continuation bytes */
        }
    }
    int rc = sqlx_err_set(err, SQLX_EPARSE, "syntax error at line %d, column %d: %s", line, col,
                          msg);
    if (err)
        err->position = pos;
    return rc;
}

void sqlx_sql__token_describe(const struct sqlx_token *tok, char *buf, size_t size)
{
    if (tok->kind == SQLX_TOK_EOF) {
        snprintf(buf, size, "end of input");
        return;
    }
    size_t n = tok->rawlen > 40 ? 40 : tok->rawlen;
    char text[48];
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = tok->raw[i];
        text[j++] = (c == '\n' || c == '\r' || c == '\t' || c == '\0') ? ' ' : c;
    }
    text[j] = '\0';
    snprintf(buf, size, "\"%s%s\"", text, tok->rawlen > n ? "..." : "");
}

static int lex_error(struct sqlx_lexer *lx, struct sqlx_err *err, size_t off, const char *what)
{
    return sqlx_sql__syntax_error(err, lx->src, lx->len, (int)off + 1, "%s", what);
}

static bool is_ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static int peek(const struct sqlx_lexer *lx, size_t ahead)
{
    size_t i = lx->off + ahead;
    return i < lx->len ? (unsigned char)lx->src[i] : -1;
}

/* Skips whitespace and comments. Records whether a newline or any space was seen. */
static int skip_space(struct sqlx_lexer *lx, struct sqlx_token *tok, struct sqlx_err *err)
{
    for (;;) {
        int c = peek(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            lx->off++;
            tok->space_before = true;
        } else if (c == '\n') {
            lx->off++;
            tok->space_before = tok->nl_before = true;
        } else if ((c == '-' && peek(lx, 1) == '-' &&
                    (lx->dialect != SQLX_SQL_MYSQL || peek(lx, 2) <= ' ')) ||
                   (c == '#' && lx->dialect == SQLX_SQL_MYSQL)) {
            /* MySQL needs a space or control character after "--"; "--1" is minus minus one. */
            while (lx->off < lx->len && lx->src[lx->off] != '\n')
                lx->off++;
            tok->space_before = true;
        } else if (c == '/' && peek(lx, 1) == '*') {
            size_t start = lx->off;
            if (lx->dialect == SQLX_SQL_MYSQL && (peek(lx, 2) == '!' ||
                                                   (peek(lx, 2) == 'M' && peek(lx, 3) == '!'))) {
                /* Executable comment: MySQL runs its contents, so they are lexed as code. */
                lx->off += peek(lx, 2) == '!' ? 3 : 4;
                while (is_digit((unsigned char)peek(lx, 0)))
                    lx->off++;
                lx->in_exec_comment = true;
                tok->space_before = true;
                continue;
            }
            int depth = 1;
            lx->off += 2;
            while (depth > 0) {
                if (lx->off >= lx->len) {
                    if (lx->dialect == SQLX_SQL_SQLITE)
                        break; /* SQLite ends an open comment at the end of input */
                    return lex_error(lx, err, start, "unterminated /* comment");
                }
                if (lx->src[lx->off] == '*' && peek(lx, 1) == '/') {
                    depth--;
                    lx->off += 2;
                } else if (lx->dialect == SQLX_SQL_POSTGRES && lx->src[lx->off] == '/' &&
                           peek(lx, 1) == '*') {
                    depth++; /* PostgreSQL block comments nest */
                    lx->off += 2;
                } else {
                    if (lx->src[lx->off] == '\n')
                        tok->nl_before = true;
                    lx->off++;
                }
            }
            tok->space_before = true;
        } else if (c == '*' && peek(lx, 1) == '/' && lx->in_exec_comment) {
            lx->off += 2;
            lx->in_exec_comment = false;
            tok->space_before = true;
        } else {
            return 0;
        }
    }
}

/* Appends one Unicode code point as UTF-8. */
static int put_utf8(struct sqlx_buf *b, unsigned long cp)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    if (cp < 0x80) {
        sqlx_buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        sqlx_buf_putc(b, (char)(0xC0 | (cp >> 6)));
        sqlx_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        sqlx_buf_putc(b, (char)(0xE0 | (cp >> 12)));
        sqlx_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sqlx_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        sqlx_buf_putc(b, (char)(0xF0 | (cp >> 18)));
        sqlx_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
        sqlx_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
        sqlx_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
    return 0;
}

/* PostgreSQL E'' escape after the backslash at lx->off - 1. */
static int pg_escape(struct sqlx_lexer *lx, struct sqlx_buf *b, struct sqlx_err *err)
{
    size_t at = lx->off - 1;
    int c = peek(lx, 0);
    if (c < 0)
        return lex_error(lx, err, at, "unterminated quoted string");
    lx->off++;
    switch (c) {
    case 'b':
        sqlx_buf_putc(b, '\b');
        return 0;
    case 'f':
        sqlx_buf_putc(b, '\f');
        return 0;
    case 'n':
        sqlx_buf_putc(b, '\n');
        return 0;
    case 'r':
        sqlx_buf_putc(b, '\r');
        return 0;
    case 't':
        sqlx_buf_putc(b, '\t');
        return 0;
    case 'x': {
        int v = 0, n = 0;
        while (n < 2 && hexval((unsigned char)peek(lx, 0)) >= 0) {
            v = v * 16 + hexval((unsigned char)peek(lx, 0));
            lx->off++;
            n++;
        }
        if (n == 0) {
            sqlx_buf_putc(b, 'x');
            return 0;
        }
        if (v == 0)
            return lex_error(lx, err, at, "invalid escape: null character not permitted");
        sqlx_buf_putc(b, (char)v);
        return 0;
    }
    case 'u':
    case 'U': {
        int want = c == 'u' ? 4 : 8;
        unsigned long cp = 0;
        for (int i = 0; i < want; i++) {
            int h = hexval((unsigned char)peek(lx, 0));
            if (h < 0)
                return lex_error(lx, err, at, "invalid Unicode escape");
            cp = cp * 16 + (unsigned long)h;
            lx->off++;
        }
        if (put_utf8(b, cp) < 0)
            return lex_error(lx, err, at, "invalid Unicode escape value");
        return 0;
    }
    default:
        if (c >= '0' && c <= '7') {
            int v = c - '0', n = 1;
            while (n < 3 && peek(lx, 0) >= '0' && peek(lx, 0) <= '7') {
                v = v * 8 + (peek(lx, 0) - '0');
                lx->off++;
                n++;
            }
            if ((v & 0xFF) == 0)
                return lex_error(lx, err, at, "invalid escape: null character not permitted");
            sqlx_buf_putc(b, (char)(v & 0xFF));
            return 0;
        }
        sqlx_buf_putc(b, (char)c);
        return 0;
    }
}

/* MySQL backslash escape after the backslash. */
static void my_escape(struct sqlx_lexer *lx, struct sqlx_buf *b)
{
    int c = peek(lx, 0);
    lx->off++;
    switch (c) {
    case '0':
        sqlx_buf_putc(b, '\0');
        break;
    case 'b':
        sqlx_buf_putc(b, '\b');
        break;
    case 'n':
        sqlx_buf_putc(b, '\n');
        break;
    case 'r':
        sqlx_buf_putc(b, '\r');
        break;
    case 't':
        sqlx_buf_putc(b, '\t');
        break;
    case 'Z':
        sqlx_buf_putc(b, '\x1a');
        break;
    case '%':
    case '_':
        /* Kept with the backslash: they escape LIKE wildcards, not the string. */
        sqlx_buf_putc(b, '\\');
        sqlx_buf_putc(b, (char)c);
        break;
    default:
        sqlx_buf_putc(b, (char)c);
        break;
    }
}

/* Reads a quoted run starting at the opening quote (lx->off) up to the matching close quote;
 * a doubled close quote stands for itself. `escapes`: 0 none, 1 PostgreSQL E'', 2 MySQL. */
static int read_quoted(struct sqlx_lexer *lx, char close, int escapes, struct sqlx_token *tok,
                       struct sqlx_err *err)
{
    size_t start = lx->off;
    struct sqlx_buf b;
    int rc = 0;
    sqlx_buf_init(&b, 0);
    lx->off++;
    for (;;) {
        if (lx->off >= lx->len) {
            rc = lex_error(lx, err, start,
                           close == '\'' ? "unterminated quoted string"
                                         : "unterminated quoted identifier");
            goto out;
        }
        char c = lx->src[lx->off++];
        if (c == close) {
            if (peek(lx, 0) == (unsigned char)close) {
                sqlx_buf_putc(&b, close);
                lx->off++;
                continue;
            }
            break;
        }
        if (c == '\\' && escapes == 1) {
            if ((rc = pg_escape(lx, &b, err)))
                goto out;
            continue;
        }
        if (c == '\\' && escapes == 2) {
            if (lx->off >= lx->len)
                continue; /* reported as unterminated on the next round */
            my_escape(lx, &b);
            continue;
        }
        sqlx_buf_putc(&b, c);
    }
    tok->val = sqlx_arena_memdup(lx->a, b.data ? b.data : "", b.len);
    tok->vlen = b.len;
out:
    sqlx_buf_free(&b);
    return rc;
}

static int string_escapes(const struct sqlx_lexer *lx)
{
    if (lx->dialect == SQLX_SQL_MYSQL)
        return (lx->flags & SQLX_LEX_NO_BACKSLASH_ESCAPES) ? 0 : 2;
    if (lx->dialect == SQLX_SQL_POSTGRES && (lx->flags & SQLX_LEX_PG_BACKSLASH_STRINGS))
        return 1;
    return 0;
}

/* X'..' (hex) or B'..' (bits) starting at the quote. */
static int read_hex_or_bits(struct sqlx_lexer *lx, bool hex, struct sqlx_token *tok,
                            struct sqlx_err *err)
{
    size_t start = lx->off - 1;
    int rc = read_quoted(lx, '\'', 0, tok, err);
    if (rc)
        return rc;
    if (hex) {
        if (tok->vlen % 2 != 0)
            return lex_error(lx, err, start, "hexadecimal string has an odd number of digits");
        char *out = sqlx_arena_alloc(lx->a, tok->vlen / 2 + 1);
        for (size_t i = 0; i < tok->vlen; i += 2) {
            int h = hexval((unsigned char)tok->val[i]), l = hexval((unsigned char)tok->val[i + 1]);
            if (h < 0 || l < 0)
                return lex_error(lx, err, start, "invalid hexadecimal digit in string");
            out[i / 2] = (char)(h * 16 + l);
        }
        out[tok->vlen / 2] = '\0';
        tok->val = out;
        tok->vlen /= 2;
        tok->kind = SQLX_TOK_BLOB;
    } else {
        for (size_t i = 0; i < tok->vlen; i++)
            if (tok->val[i] != '0' && tok->val[i] != '1')
                return lex_error(lx, err, start, "invalid binary digit in bit string");
        tok->kind = SQLX_TOK_BITS;
    }
    return 0;
}

/* $tag$ ... $tag$ (PostgreSQL), at the first '$'. Returns 1 when this is not a dollar quote. */
static int read_dollar(struct sqlx_lexer *lx, struct sqlx_token *tok, struct sqlx_err *err)
{
    size_t start = lx->off, i = lx->off + 1;
    if (i < lx->len && is_ident_start((unsigned char)lx->src[i])) {
        while (i < lx->len && is_ident_char((unsigned char)lx->src[i]) && lx->src[i] != '$')
            i++;
    }
    if (i >= lx->len || lx->src[i] != '$')
        return 1;
    size_t taglen = i + 1 - start; /* includes both dollars */
    const char *tag = lx->src + start;
    size_t body = i + 1;
    for (size_t j = body; j + taglen <= lx->len; j++) {
        if (lx->src[j] == '$' && memcmp(lx->src + j, tag, taglen) == 0) {
            tok->val = sqlx_arena_memdup(lx->a, lx->src + body, j - body);
            tok->vlen = j - body;
            lx->off = j + taglen;
            tok->kind = SQLX_TOK_STRING;
            tok->syntax = SQLX_SYN_STR_DOLLAR;
            return 0;
        }
    }
    return lex_error(lx, err, start, "unterminated dollar-quoted string");
}

static int read_number(struct sqlx_lexer *lx, struct sqlx_token *tok, struct sqlx_err *err)
{
    size_t start = lx->off;
    if (peek(lx, 0) == '0' && (peek(lx, 1) == 'x' || peek(lx, 1) == 'X') &&
        hexval((unsigned char)peek(lx, 2)) >= 0) {
        lx->off += 2;
        while (hexval((unsigned char)peek(lx, 0)) >= 0)
            lx->off++;
        tok->kind = SQLX_TOK_HEXNUM;
        tok->val = sqlx_arena_memdup(lx->a, lx->src + start + 2, lx->off - start - 2);
        tok->vlen = lx->off - start - 2;
    } else if (lx->dialect == SQLX_SQL_MYSQL && peek(lx, 0) == '0' && peek(lx, 1) == 'b' &&
               (peek(lx, 2) == '0' || peek(lx, 2) == '1')) {
        lx->off += 2;
        while (peek(lx, 0) == '0' || peek(lx, 0) == '1')
            lx->off++;
        tok->kind = SQLX_TOK_BITS;
        tok->val = sqlx_arena_memdup(lx->a, lx->src + start + 2, lx->off - start - 2);
        tok->vlen = lx->off - start - 2;
    } else {
        tok->kind = SQLX_TOK_INTEGER;
        while (is_digit((unsigned char)peek(lx, 0)))
            lx->off++;
        if (peek(lx, 0) == '.' && !(lx->dialect == SQLX_SQL_POSTGRES && peek(lx, 1) == '.')) {
            tok->kind = SQLX_TOK_DECIMAL;
            lx->off++;
            while (is_digit((unsigned char)peek(lx, 0)))
                lx->off++;
        }
        int e = peek(lx, 0);
        if (e == 'e' || e == 'E') {
            size_t k = 1;
            if (peek(lx, 1) == '+' || peek(lx, 1) == '-')
                k = 2;
            if (is_digit((unsigned char)peek(lx, k))) {
                lx->off += k;
                while (is_digit((unsigned char)peek(lx, 0)))
                    lx->off++;
                tok->kind = SQLX_TOK_FLOAT;
            }
        }
    }
    int next = peek(lx, 0);
    if (next >= 0 && is_ident_char((unsigned char)next)) {
        if (lx->dialect == SQLX_SQL_MYSQL && tok->kind != SQLX_TOK_FLOAT) {
            /* MySQL identifiers may start with digits: 1abc, 123_x. */
            while (lx->off < lx->len && is_ident_char((unsigned char)lx->src[lx->off]))
                lx->off++;
            bool ok = true;
            for (size_t i = start; i < lx->off; i++)
                if (lx->src[i] == '.')
                    ok = false;
            if (ok) {
                tok->kind = SQLX_TOK_WORD;
                tok->val = NULL;
                tok->vlen = 0;
                tok->kw = SQLX_KW_NONE_;
                return 0;
            }
        }
        return lex_error(lx, err, start, "trailing junk after numeric literal");
    }
    return 0;
}

struct optab {
    char text[4];     /* an array, not a pointer: the tables need no relocations */
    enum sqlx_tok_op op;
};

/* Longest first within a shared prefix; searched in order. */
static const struct optab my_ops[] = {
    { "<=>", SQLX_TOP_NULLSAFE_EQ }, { "->>", SQLX_TOP_ARROW2 }, { "<<", SQLX_TOP_SHL },
    { ">>", SQLX_TOP_SHR },          { "<=", SQLX_TOP_LE },      { ">=", SQLX_TOP_GE },
    { "<>", SQLX_TOP_NE },           { "!=", SQLX_TOP_BANGEQ },  { ":=", SQLX_TOP_ASSIGN },
    { "->", SQLX_TOP_ARROW },        { "&&", SQLX_TOP_AMPAMP },  { "||", SQLX_TOP_CONCAT },
    { "!", SQLX_TOP_BANG },          { "~", SQLX_TOP_TILDE },    { "^", SQLX_TOP_CARET },
    { "&", SQLX_TOP_AMP },           { "|", SQLX_TOP_PIPE },     { "=", SQLX_TOP_EQ },
    { "<", SQLX_TOP_LT },            { ">", SQLX_TOP_GT },       { "+", SQLX_TOP_PLUS },
    { "-", SQLX_TOP_MINUS },         { "*", SQLX_TOP_STAR },     { "/", SQLX_TOP_SLASH },
    { "%", SQLX_TOP_PERCENT },       { ":", SQLX_TOP_COLON },
};

static const struct optab lite_ops[] = {
    { "->>", SQLX_TOP_ARROW2 }, { "==", SQLX_TOP_EQEQ },   { "!=", SQLX_TOP_BANGEQ },
    { "<>", SQLX_TOP_NE },      { "<=", SQLX_TOP_LE },     { ">=", SQLX_TOP_GE },
    { "<<", SQLX_TOP_SHL },     { ">>", SQLX_TOP_SHR },    { "||", SQLX_TOP_CONCAT },
    { "->", SQLX_TOP_ARROW },   { "~", SQLX_TOP_TILDE },   { "&", SQLX_TOP_AMP },
    { "|", SQLX_TOP_PIPE },     { "=", SQLX_TOP_EQ },      { "<", SQLX_TOP_LT },
    { ">", SQLX_TOP_GT },       { "+", SQLX_TOP_PLUS },    { "-", SQLX_TOP_MINUS },
    { "*", SQLX_TOP_STAR },     { "/", SQLX_TOP_SLASH },   { "%", SQLX_TOP_PERCENT },
};

/* PostgreSQL operators by exact text (after the run rules in pg_operator). */
static const struct optab pg_ops[] = {
    { "+", SQLX_TOP_PLUS },        { "-", SQLX_TOP_MINUS },       { "*", SQLX_TOP_STAR },
    { "/", SQLX_TOP_SLASH },       { "%", SQLX_TOP_PERCENT },     { "^", SQLX_TOP_CARET },
    { "=", SQLX_TOP_EQ },          { "<>", SQLX_TOP_NE },         { "!=", SQLX_TOP_BANGEQ },
    { "<", SQLX_TOP_LT },          { "<=", SQLX_TOP_LE },         { ">", SQLX_TOP_GT },
    { ">=", SQLX_TOP_GE },         { "||", SQLX_TOP_CONCAT },     { "&&", SQLX_TOP_AMPAMP },
    { "|", SQLX_TOP_PIPE },        { "&", SQLX_TOP_AMP },         { "~", SQLX_TOP_TILDE },
    { "<<", SQLX_TOP_SHL },        { ">>", SQLX_TOP_SHR },        { "->", SQLX_TOP_ARROW },
    { "->>", SQLX_TOP_ARROW2 },    { "#", SQLX_TOP_HASH },        { "#>", SQLX_TOP_HASH_GT },
    { "#>>", SQLX_TOP_HASH_GT2 },  { "@>", SQLX_TOP_AT_GT },      { "<@", SQLX_TOP_LT_AT },
    { "@@", SQLX_TOP_ATAT },       { "?", SQLX_TOP_QUESTION },    { "?|", SQLX_TOP_Q_PIPE },
    { "?&", SQLX_TOP_Q_AMP },      { "~*", SQLX_TOP_TILDE_STAR }, { "!~", SQLX_TOP_NOT_TILDE },
    { "!~*", SQLX_TOP_NOT_TILDE_STAR },
};

static bool is_pg_opchar(int c)
{
    return c >= 0 && strchr("+-*/<>=~!@#%^&|`?", c) != NULL;
}

/* PostgreSQL operator lexing: the longest run of operator characters, cut before a comment
 * start, and without trailing + or - unless the run holds one of ~ ! @ # % ^ & | ` ? (so that
 * "a=-1" is "=" then "-"). */
static void pg_operator(struct sqlx_lexer *lx, struct sqlx_token *tok)
{
    size_t start = lx->off, n = 0;
    while (start + n < lx->len && is_pg_opchar((unsigned char)lx->src[start + n])) {
        if (n > 0 && ((lx->src[start + n] == '-' && lx->src[start + n - 1] == '-') ||
                      (lx->src[start + n] == '*' && lx->src[start + n - 1] == '/'))) {
            n--;
            break;
        }
        n++;
    }
    if (n > 1) {
        bool special = false;
        for (size_t i = 0; i < n; i++)
            if (strchr("~!@#%^&|`?", lx->src[start + i]))
                special = true;
        while (n > 1 && !special &&
               (lx->src[start + n - 1] == '+' || lx->src[start + n - 1] == '-'))
            n--;
    }
    lx->off = start + n;
    tok->op = SQLX_TOP_OTHER;
    for (size_t i = 0; i < sizeof(pg_ops) / sizeof(pg_ops[0]); i++)
        if (strlen(pg_ops[i].text) == n && memcmp(pg_ops[i].text, lx->src + start, n) == 0)
            tok->op = pg_ops[i].op;
}

static bool table_operator(struct sqlx_lexer *lx, const struct optab *tab, size_t ntab,
                           struct sqlx_token *tok)
{
    for (size_t i = 0; i < ntab; i++) {
        size_t n = strlen(tab[i].text);
        if (lx->off + n <= lx->len && memcmp(lx->src + lx->off, tab[i].text, n) == 0) {
            tok->op = tab[i].op;
            lx->off += n;
            return true;
        }
    }
    return false;
}

static void read_word_at(struct sqlx_lexer *lx, struct sqlx_token *tok)
{
    size_t start = lx->off;
    while (lx->off < lx->len && is_ident_char((unsigned char)lx->src[lx->off]))
        lx->off++;
    tok->kind = SQLX_TOK_WORD;
    tok->kw = sqlx_sql__keyword(lx->src + start, lx->off - start);
}

/* Placeholder or variable names after a sigil: identifier characters. */
static size_t name_len(const struct sqlx_lexer *lx, size_t from)
{
    size_t i = from;
    while (i < lx->len && (is_ident_char((unsigned char)lx->src[i]) || lx->src[i] == '.'))
        i++;
    return i - from;
}

static int read_at(struct sqlx_lexer *lx, struct sqlx_token *tok, struct sqlx_err *err)
{
    size_t start = lx->off;
    if (lx->dialect == SQLX_SQL_SQLITE) {
        size_t n = name_len(lx, start + 1);
        if (n == 0)
            return lex_error(lx, err, start, "expected a parameter name after \"@\"");
        tok->kind = SQLX_TOK_PARAM;
        tok->ph = SQLX_PH_AT;
        tok->val = sqlx_arena_memdup(lx->a, lx->src + start + 1, n);
        tok->vlen = n;
        lx->off = start + 1 + n;
        return 0;
    }
    /* MySQL: @name, @'name', @`name`, @"name", @@[scope.]name */
    tok->kind = SQLX_TOK_VARIABLE;
    if (peek(lx, 1) == '@') {
        size_t n = name_len(lx, start + 2);
        if (n == 0)
            return lex_error(lx, err, start, "expected a variable name after \"@@\"");
        tok->val = sqlx_arena_memdup(lx->a, lx->src + start, n + 2);
        tok->vlen = n + 2;
        lx->off = start + 2 + n;
        return 0;
    }
    int q = peek(lx, 1);
    if (q == '\'' || q == '"' || q == '`') {
        lx->off++;
        return read_quoted(lx, (char)q, q == '`' ? 0 : string_escapes(lx), tok, err);
    }
    size_t n = name_len(lx, start + 1);
    if (n == 0)
        return lex_error(lx, err, start, "expected a variable name after \"@\"");
    tok->val = sqlx_arena_memdup(lx->a, lx->src + start + 1, n);
    tok->vlen = n;
    lx->off = start + 1 + n;
    return 0;
}

static int parse_index(const char *s, size_t n, int *out)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
        if (v > 65535)
            return -1;
    }
    *out = (int)v;
    return 0;
}

static int read_prefixed_string(struct sqlx_lexer *lx, struct sqlx_token *tok,
                                struct sqlx_err *err, bool *done)
{
    int c = peek(lx, 0), q = peek(lx, 1);
    enum sqlx_sql_dialect d = lx->dialect;
    *done = true;
    if (q == '\'' && (c == 'x' || c == 'X')) {
        lx->off++;
        return read_hex_or_bits(lx, true, tok, err);
    }
    if (q == '\'' && (c == 'b' || c == 'B') && d != SQLX_SQL_SQLITE) {
        lx->off++;
        return read_hex_or_bits(lx, false, tok, err);
    }
    if (q == '\'' && (c == 'e' || c == 'E') && d == SQLX_SQL_POSTGRES) {
        lx->off++;
        tok->kind = SQLX_TOK_STRING;
        tok->syntax = SQLX_SYN_STR_ESCAPE;
        return read_quoted(lx, '\'', 1, tok, err);
    }
    if (q == '\'' && (c == 'n' || c == 'N') && d != SQLX_SQL_SQLITE) {
        lx->off++;
        tok->kind = SQLX_TOK_STRING;
        tok->syntax = SQLX_SYN_STR_NATIONAL;
        return read_quoted(lx, '\'', string_escapes(lx), tok, err);
    }
    if ((c == 'u' || c == 'U') && q == '&' && d == SQLX_SQL_POSTGRES &&
        (peek(lx, 2) == '\'' || peek(lx, 2) == '"'))
        return lex_error(lx, err, lx->off, "unicode escape strings (U&'...') are not supported");
    if (c == '_' && d == SQLX_SQL_MYSQL) {
        /* Character set introducer: _utf8mb4'text'. The set is dropped; text is UTF-8. */
        size_t i = lx->off + 1;
        while (i < lx->len && is_ident_char((unsigned char)lx->src[i]))
            i++;
        if (i < lx->len && lx->src[i] == '\'' && i > lx->off + 1) {
            lx->off = i;
            tok->kind = SQLX_TOK_STRING;
            return read_quoted(lx, '\'', string_escapes(lx), tok, err);
        }
    }
    *done = false;
    return 0;
}

static int read_token(struct sqlx_lexer *lx, struct sqlx_token *tok, struct sqlx_err *err)
{
    enum sqlx_sql_dialect d = lx->dialect;
    int c = peek(lx, 0);
    size_t start = lx->off;
    bool done;
    int rc;

    if (is_ident_start((unsigned char)c)) {
        if ((rc = read_prefixed_string(lx, tok, err, &done)) || done)
            return rc;
        read_word_at(lx, tok);
        return 0;
    }
    if (is_digit((unsigned char)c) || (c == '.' && is_digit((unsigned char)peek(lx, 1))))
        return read_number(lx, tok, err);
    switch (c) {
    case '\'':
        tok->kind = SQLX_TOK_STRING;
        return read_quoted(lx, '\'', string_escapes(lx), tok, err);
    case '"':
        if (d == SQLX_SQL_MYSQL && !(lx->flags & SQLX_LEX_ANSI_QUOTES)) {
            tok->kind = SQLX_TOK_STRING;
            return read_quoted(lx, '"', string_escapes(lx), tok, err);
        }
        tok->kind = SQLX_TOK_QIDENT;
        if ((rc = read_quoted(lx, '"', 0, tok, err)))
            return rc;
        break;
    case '`':
        if (d == SQLX_SQL_POSTGRES)
            return lex_error(lx, err, start, "unexpected character \"`\"");
        tok->kind = SQLX_TOK_QIDENT;
        if ((rc = read_quoted(lx, '`', 0, tok, err)))
            return rc;
        break;
    case '[':
        if (d == SQLX_SQL_SQLITE) {
            const char *close = memchr(lx->src + start, ']', lx->len - start);
            if (!close)
                return lex_error(lx, err, start, "unterminated quoted identifier");
            tok->kind = SQLX_TOK_QIDENT;
            tok->val = sqlx_arena_memdup(lx->a, lx->src + start + 1,
                                         (size_t)(close - lx->src) - start - 1);
            tok->vlen = (size_t)(close - lx->src) - start - 1;
            lx->off = (size_t)(close - lx->src) + 1;
            break;
        }
        tok->kind = SQLX_TOK_OP;
        tok->op = SQLX_TOP_LBRACKET;
        lx->off++;
        break;
    case '$':
        if (d == SQLX_SQL_POSTGRES || d == SQLX_SQL_SQLITE) {
            size_t n = 0;
            while (is_digit((unsigned char)peek(lx, 1 + n)))
                n++;
            if (n > 0 && d == SQLX_SQL_POSTGRES) {
                tok->kind = SQLX_TOK_PARAM;
                tok->ph = SQLX_PH_DOLLAR;
                if (parse_index(lx->src + start + 1, n, &tok->index) < 0 || tok->index == 0)
                    return lex_error(lx, err, start, "parameter number out of range");
                lx->off += 1 + n;
                break;
            }
            if (d == SQLX_SQL_POSTGRES) {
                rc = read_dollar(lx, tok, err);
                if (rc <= 0)
                    return rc;
                return lex_error(lx, err, start, "unexpected character \"$\"");
            }
            n = name_len(lx, start + 1);
            if (n == 0)
                return lex_error(lx, err, start, "expected a parameter name after \"$\"");
            tok->kind = SQLX_TOK_PARAM;
            tok->ph = SQLX_PH_DOLLAR_NAME;
            tok->val = sqlx_arena_memdup(lx->a, lx->src + start + 1, n);
            tok->vlen = n;
            lx->off += 1 + n;
            break;
        }
        return lex_error(lx, err, start, "unexpected character \"$\"");
    case '?':
        if (d == SQLX_SQL_POSTGRES) {
            pg_operator(lx, tok);
            tok->kind = SQLX_TOK_OP;
            break;
        }
        tok->kind = SQLX_TOK_PARAM;
        tok->ph = SQLX_PH_QMARK;
        lx->off++;
        if (d == SQLX_SQL_SQLITE && is_digit((unsigned char)peek(lx, 0))) {
            size_t n = 0;
            while (is_digit((unsigned char)peek(lx, n)))
                n++;
            if (parse_index(lx->src + lx->off, n, &tok->index) < 0 || tok->index == 0)
                return lex_error(lx, err, start, "parameter number out of range");
            tok->ph = SQLX_PH_QNUM;
            lx->off += n;
        }
        break;
    case ':':
        tok->kind = SQLX_TOK_OP;
        if (peek(lx, 1) == ':' && d != SQLX_SQL_MYSQL) {
            tok->op = SQLX_TOP_CAST;
            lx->off += 2;
        } else if (peek(lx, 1) == '=' && d != SQLX_SQL_POSTGRES) {
            tok->op = SQLX_TOP_ASSIGN;
            lx->off += 2;
        } else if (d == SQLX_SQL_SQLITE && is_ident_char((unsigned char)peek(lx, 1))) {
            size_t n = name_len(lx, start + 1);
            tok->kind = SQLX_TOK_PARAM;
            tok->ph = SQLX_PH_COLON;
            tok->val = sqlx_arena_memdup(lx->a, lx->src + start + 1, n);
            tok->vlen = n;
            lx->off += 1 + n;
        } else {
            tok->op = SQLX_TOP_COLON;
            lx->off++;
        }
        break;
    case '@':
        if (d != SQLX_SQL_POSTGRES)
            return read_at(lx, tok, err);
        pg_operator(lx, tok);
        tok->kind = SQLX_TOK_OP;
        break;
    case '(':
    case ')':
    case ',':
    case ';':
    case '.':
    case ']':
        tok->kind = SQLX_TOK_OP;
        tok->op = c == '(' ? SQLX_TOP_LPAREN
                  : c == ')' ? SQLX_TOP_RPAREN
                  : c == ',' ? SQLX_TOP_COMMA
                  : c == ';' ? SQLX_TOP_SEMI
                  : c == '.' ? SQLX_TOP_DOT
                             : SQLX_TOP_RBRACKET;
        lx->off++;
        break;
    default:
        tok->kind = SQLX_TOK_OP;
        if (d == SQLX_SQL_POSTGRES && is_pg_opchar(c)) {
            pg_operator(lx, tok);
            break;
        }
        if (d == SQLX_SQL_MYSQL &&
            table_operator(lx, my_ops, sizeof(my_ops) / sizeof(my_ops[0]), tok))
            break;
        if (d == SQLX_SQL_SQLITE &&
            table_operator(lx, lite_ops, sizeof(lite_ops) / sizeof(lite_ops[0]), tok))
            break;
        if (c >= 0x20 && c < 0x7F) {
            char what[48];
            snprintf(what, sizeof(what), "unexpected character \"%c\"", (char)c);
            return lex_error(lx, err, start, what);
        }
        return lex_error(lx, err, start, "unexpected character");
    }
    return 0;
}

int sqlx_lexer_next(struct sqlx_lexer *lx, struct sqlx_token *tok, struct sqlx_err *err)
{
    int rc;
    memset(tok, 0, sizeof(*tok));
    if ((rc = skip_space(lx, tok, err)))
        return rc;
    tok->pos = (int)lx->off + 1;
    tok->raw = lx->src + lx->off;
    if (lx->off >= lx->len) {
        tok->kind = SQLX_TOK_EOF;
        tok->end = tok->pos;
        tok->raw = lx->src + lx->len;
        return 0;
    }
    if ((rc = read_token(lx, tok, err)))
        return rc;
    tok->rawlen = lx->off - (size_t)(tok->pos - 1);
    tok->end = (int)lx->off + 1;
    return 0;
}
