/* Helpers shared by the translator's function rules (translate_funcs.c) and date rules
 * (translate_dates.c) and nothing else: node builders with short names and argument checks.
 * The date rules are declared here for the function table of translate_funcs.c. */
#ifndef SQLX_SQL_TRANSLATE_CALL_INT_H
#define SQLX_SQL_TRANSLATE_CALL_INT_H

#include <string.h>

#include "sql/translate_int.h"

static inline struct sqlx_expr *arg(const struct sqlx_expr *e, size_t i)
{
    return i < e->list.len ? e->list.items[i] : NULL;
}

static inline struct sqlx_expr *f1(struct sqlx_tr *t, const char *name, struct sqlx_expr *a)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 1, a);
}

static inline struct sqlx_expr *f2(struct sqlx_tr *t, const char *name, struct sqlx_expr *a,
                            struct sqlx_expr *b)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 2, a, b);
}

static inline struct sqlx_expr *f3(struct sqlx_tr *t, const char *name, struct sqlx_expr *a,
                            struct sqlx_expr *b, struct sqlx_expr *c)
{
    return sqlx_sql__tr_func(t, name, a ? a->pos : 0, 3, a, b, c);
}

static inline struct sqlx_expr *bin(struct sqlx_tr *t, enum sqlx_op op, struct sqlx_expr *l,
                             struct sqlx_expr *r)
{
    return sqlx_sql__tr_bin(t, op, l, r);
}

static inline struct sqlx_expr *lit_i(struct sqlx_tr *t, long long v)
{
    return sqlx_sql__tr_int(t, v);
}

static inline struct sqlx_expr *lit_s(struct sqlx_tr *t, const char *s)
{
    return sqlx_sql__tr_str(t, s);
}

static inline struct sqlx_expr *cast(struct sqlx_tr *t, struct sqlx_expr *e, const char *type,
                              enum sqlx_type_kind kind)
{
    return sqlx_sql__tr_cast(t, e, type, kind);
}

static inline enum sqlx_sql__ty ty(struct sqlx_tr *t, const struct sqlx_expr *e)
{
    return sqlx_sql__tr_type_of(t, e);
}

static inline bool lit_text(const struct sqlx_expr *e, const char **s, size_t *n)
{
    if (!sqlx_sql__tr_is_str(e))
        return false;
    *s = e->value.s;
    *n = e->value.n;
    return true;
}

/* Replaces the call's name (keeping arguments, DISTINCT, ORDER BY, OVER ...). */
static inline int rename_to(struct sqlx_expr *e, const char *name)
{
    e->name = name;
    e->syntax = SQLX_SYN_DEFAULT;
    return 0;
}

static inline int nargs_fail(struct sqlx_tr *t, const struct sqlx_expr *e, size_t lo, size_t hi)
{
    if (e->list.len >= lo && e->list.len <= hi)
        return 0;
    return sqlx_sql__tr_fail(t, e->pos, sqlx_arena_printf(t->a, "%s() with %zu arguments",
                                                          e->name, e->list.len));
}

/* A timestamp-valued operand for PostgreSQL date functions: string literals need a type. */
static inline struct sqlx_expr *pg_ts(struct sqlx_tr *t, struct sqlx_expr *e)
{
    if (t->to == SQLX_SQL_POSTGRES && sqlx_sql__tr_is_str(e))
        return cast(t, e, "timestamp", SQLX_TY_TIMESTAMP);
    if (t->to == SQLX_SQL_MYSQL && sqlx_sql__tr_is_str(e))
        return cast(t, e, "datetime", SQLX_TY_TIMESTAMP);
    return e;
}

static inline struct sqlx_expr *text_arg(struct sqlx_tr *t, struct sqlx_expr *e)
{
    enum sqlx_sql__ty k = ty(t, e);
    if (t->to == SQLX_SQL_POSTGRES && k != SQLX_TY__TEXT && k != SQLX_TY__NULL &&
        !sqlx_sql__tr_is_str(e))
        return cast(t, e, "text", SQLX_TY_STRING);
    return e;
}

static inline struct sqlx_expr *nullif_empty(struct sqlx_tr *t, struct sqlx_expr *e)
{
    if (sqlx_sql__tr_not_null(e))
        return e;
    return f2(t, "coalesce", e, lit_s(t, ""));
}


/* translate_dates.c: the date and time function rules */
int sqlx_sql__trf_date_add(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_date_fn(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_date_format(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_date_part_fn(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_date_trunc(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_datediff(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_extract(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_julianday(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_last_day(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_make_date(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_now(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_str_to_date(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_strftime(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_timestampdiff(struct sqlx_tr *t, struct sqlx_expr **slot);
int sqlx_sql__trf_to_char(struct sqlx_tr *t, struct sqlx_expr **slot);

#endif
