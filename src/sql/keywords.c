/* Expands the keyword list of sql/keywords.h into a sorted lookup table and answers keyword
 * questions (id of a word, reservation per dialect). Owns no state; the table is const. The list
 * itself lives only in keywords.h, which tools/check-keywords.sh checks against the grammar. */
#include "sql/keywords.h"

#include <string.h>

struct kwdef {
    char name[20];    /* upper-case (an array, not a pointer: the table needs no relocations) */
    unsigned flags;   /* SQLX_KWF_* */
};

static const struct kwdef kwtab[SQLX_KW_COUNT_] = {
    [SQLX_KW_NONE_] = { "", 0 },
#define SQLX_KW_ROW_(name, fl) [SQLX_KW_##name] = { #name, fl },
    SQLX_SQL_KEYWORDS(SQLX_KW_ROW_)
#undef SQLX_KW_ROW_
};

/* Compares a word (any case) with an upper-case keyword, like strcmp on the upper-cased word. */
static int cmp_upper(const char *w, size_t len, const char *kw)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)w[i];
        if (c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        unsigned char k = (unsigned char)kw[i];
        if (k == '\0')
            return 1;
        if (c != k)
            return c < k ? -1 : 1;
    }
    return kw[len] == '\0' ? 0 : -1;
}

enum sqlx_kw sqlx_sql__keyword(const char *word, size_t len)
{
    size_t lo = 1, hi = SQLX_KW_COUNT_;
    if (len == 0 || len > 20)
        return SQLX_KW_NONE_;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_upper(word, len, kwtab[mid].name);
        if (c == 0)
            return (enum sqlx_kw)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return SQLX_KW_NONE_;
}

const char *sqlx_sql__keyword_name(enum sqlx_kw kw)
{
    if ((unsigned)kw >= SQLX_KW_COUNT_)
        return "";
    return kwtab[kw].name;
}

static unsigned dialect_bit(enum sqlx_sql_dialect d)
{
    switch (d) {
    case SQLX_SQL_POSTGRES:
        return SQLX_KWF_PG;
    case SQLX_SQL_MYSQL:
        return SQLX_KWF_MY;
    case SQLX_SQL_SQLITE:
        return SQLX_KWF_LITE;
    }
    return SQLX_KWF_ALL;
}

bool sqlx_sql__keyword_reserved(enum sqlx_kw kw, enum sqlx_sql_dialect d)
{
    if (kw == SQLX_KW_NONE_ || (unsigned)kw >= SQLX_KW_COUNT_)
        return false;
    return (kwtab[kw].flags & dialect_bit(d)) != 0;
}

bool sqlx_sql__keyword_bare_alias(enum sqlx_kw kw, enum sqlx_sql_dialect d)
{
    if (kw == SQLX_KW_NONE_ || (unsigned)kw >= SQLX_KW_COUNT_)
        return true;
    return !(kwtab[kw].flags & SQLX_KWF_NOALIAS) && !sqlx_sql__keyword_reserved(kw, d);
}
