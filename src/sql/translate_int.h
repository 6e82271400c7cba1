/* Declarations shared by the translator's files and nothing else: translate.c (driver, query
 * rules), translate_dml.c, translate_expr.c (operators, literals, casts, date arithmetic),
 * translate_funcs.c and translate_dates.c (functions), translate_types.c (type inference and
 * type names), translate_ddl.c. Every rule runs on an already-translated subtree (bottom-up walk)
 * and rewrites it into nodes that the target's printer spells with the source's meaning. */
#ifndef SQLX_SQL_TRANSLATE_INT_H
#define SQLX_SQL_TRANSLATE_INT_H

#include <stdbool.h>

#include "sql/dialects.h"
#include "sql/translate.h"

/* What the translator can tell about an expression's type without a schema. */
enum sqlx_sql__ty {
    SQLX_TY__UNKNOWN = 0,
    SQLX_TY__NULL,      /* the NULL literal */
    SQLX_TY__INT,
    SQLX_TY__DEC,       /* exact decimal */
    SQLX_TY__FLOAT,
    SQLX_TY__TEXT,
    SQLX_TY__BOOL,
    SQLX_TY__DATE,
    SQLX_TY__TS,        /* timestamp / datetime */
    SQLX_TY__TIME,
    SQLX_TY__INTERVAL,
    SQLX_TY__BLOB,
};

/* A PostgreSQL enum type met earlier in the script (CREATE TYPE ... AS ENUM). */
struct sqlx_sql__enum {
    const char *name;
    struct sqlx_vec labels; /* const char * */
};

struct sqlx_tr {
    enum sqlx_sql_dialect from, to;
    bool mariadb;
    const struct sqlx_sql_features *ff; /* source facts */
    const struct sqlx_sql_features *tf; /* target facts */
    struct sqlx_arena *a;
    struct sqlx_err *err;
    struct sqlx_vec enums;              /* struct sqlx_sql__enum * */
    struct sqlx_vec out;                /* rewritten statements: struct sqlx_ast * */
    struct sqlx_vec pending;            /* statements a DDL rule adds after the current one
                                         * (already translated): struct sqlx_ast * */
    struct sqlx_vec nulls_done;         /* ORDER BY lists already given explicit NULL
                                         * placement (windows shared by several calls):
                                         * struct sqlx_vec * */
};

/* Fails with SQLX_EUNSUPPORTED: "<what> has no equivalent in <target>" at pos. */
int sqlx_sql__tr_fail(struct sqlx_tr *t, int pos, const char *what);
const char *sqlx_sql__tr_target(const struct sqlx_tr *t);

/* Node builders (arena). */
struct sqlx_expr *sqlx_sql__tr_func(struct sqlx_tr *t, const char *name, int pos, int nargs, ...);
struct sqlx_expr *sqlx_sql__tr_bin(struct sqlx_tr *t, enum sqlx_op op, struct sqlx_expr *l,
                                   struct sqlx_expr *r);
struct sqlx_expr *sqlx_sql__tr_int(struct sqlx_tr *t, long long v);
struct sqlx_expr *sqlx_sql__tr_str(struct sqlx_tr *t, const char *s);
struct sqlx_expr *sqlx_sql__tr_cast(struct sqlx_tr *t, struct sqlx_expr *e, const char *type,
                                    enum sqlx_type_kind kind);
struct sqlx_expr *sqlx_sql__tr_case_when(struct sqlx_tr *t, struct sqlx_expr *cond,
                                         struct sqlx_expr *then, struct sqlx_expr *els);
struct sqlx_expr *sqlx_sql__tr_is_null(struct sqlx_tr *t, struct sqlx_expr *e, bool negated);
/* A shallow copy of a node (children shared). */
struct sqlx_expr *sqlx_sql__tr_copy(struct sqlx_tr *t, const struct sqlx_expr *e);
bool sqlx_sql__tr_is_func(const struct sqlx_expr *e, const char *name);
bool sqlx_sql__tr_is_str(const struct sqlx_expr *e);
bool sqlx_sql__tr_is_int_lit(const struct sqlx_expr *e, long long *v);
/* The expression cannot be NULL (literal, COUNT, comparison of non-null ...). */
bool sqlx_sql__tr_not_null(const struct sqlx_expr *e);

/* translate_types.c */
enum sqlx_sql__ty sqlx_sql__tr_type_of(const struct sqlx_tr *t, const struct sqlx_expr *e);
bool sqlx_sql__ty_numeric(enum sqlx_sql__ty ty);
bool sqlx_sql__ty_temporal(enum sqlx_sql__ty ty);
/* Rewrites a type name for the target (CAST targets when cast is true, else column types). */
int sqlx_sql__tr_type_name(struct sqlx_tr *t, struct sqlx_type_name **slot, bool cast);
struct sqlx_type_name *sqlx_sql__tr_type(struct sqlx_tr *t, const char *name,
                                         enum sqlx_type_kind kind);

/* translate_expr.c: the post-order expression rule. */
int sqlx_sql__tr_expr(struct sqlx_tr *t, struct sqlx_expr **slot);
/* *slot = base +/- interval (an INTERVAL node, either spelling) in the target's form. */
int sqlx_sql__tr_date_add(struct sqlx_tr *t, struct sqlx_expr **slot, struct sqlx_expr *base,
                          struct sqlx_expr *interval, bool sub);
/* Whole days from b to a (a - b). */
struct sqlx_expr *sqlx_sql__tr_days_between(struct sqlx_tr *t, struct sqlx_expr *a,
                                            struct sqlx_expr *b);

/* translate_funcs.c: function calls. */
int sqlx_sql__tr_call(struct sqlx_tr *t, struct sqlx_expr **slot);

/* translate_dml.c: INSERT / UPDATE / DELETE / transactions, before the expression walk; the
 * UPDATE SET order after it. */
int sqlx_sql__tr_insert(struct sqlx_tr *t, struct sqlx_insert *ins);
int sqlx_sql__tr_update(struct sqlx_tr *t, struct sqlx_update *u);
int sqlx_sql__tr_delete(struct sqlx_tr *t, struct sqlx_delete *d);
int sqlx_sql__tr_txn(struct sqlx_tr *t, struct sqlx_txn *x);
int sqlx_sql__tr_set_order(struct sqlx_tr *t, struct sqlx_update *u);

/* translate_ddl.c: DDL statements; may append extra statements to t->out after st. */
int sqlx_sql__tr_ddl(struct sqlx_tr *t, struct sqlx_ast *st, bool *drop);

#endif
