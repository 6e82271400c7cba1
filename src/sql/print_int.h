/* Declarations shared by the printer's files (print.c: identifiers, literals, expressions;
 * print_call.c: calls, windows, ORDER BY; print_query.c: queries and DML; print_ddl.c: DDL and
 * type names) and nothing else. The printer
 * state carries the target family so that every construct is spelled for that engine; the REST
 * path (sqlx_sql_print) runs in legacy mode, which keeps its historical output byte for byte. */
#ifndef SQLX_SQL_PRINT_INT_H
#define SQLX_SQL_PRINT_INT_H

#include <stdbool.h>

#include "sql/print.h"

/* Binding strength, loosest first. The standard levels (OR .. NEG) keep the REST printer's
 * rules; the others (XOR, BIT, POW, POSTFIX) exist only in some dialects or bind differently in
 * each, so a child at one of them is always parenthesised. */
enum sqlx_sql__prec {
    SQLX_PREC_TOP = 0, /* a whole clause item: never parenthesised */
    SQLX_PREC_OR,
    SQLX_PREC_XOR,     /* MySQL XOR */
    SQLX_PREC_AND,
    SQLX_PREC_NOT,
    SQLX_PREC_CMP,     /* comparisons, IS, IN, LIKE, BETWEEN, quantified comparisons */
    SQLX_PREC_BIT,     /* | & # << >>: each dialect ranks them differently */
    SQLX_PREC_CONCAT,  /* ||: SQLite binds it above *, PostgreSQL below +; see child_parens */
    SQLX_PREC_ADD,
    SQLX_PREC_MUL,
    SQLX_PREC_POW,     /* PostgreSQL ^ */
    SQLX_PREC_NEG,
    SQLX_PREC_POSTFIX, /* COLLATE, subscripts */
    SQLX_PREC_ATOM = 100 /* columns, parameters, literals, calls, parenthesised subqueries */
};

struct sqlx_printer {
    const struct sqlx_dialect *d;
    enum sqlx_sql_dialect fam;   /* target family: spellings and reserved words */
    bool legacy;                 /* REST mode: quote every name, pack-driven LIMIT / ILIKE */
    bool mariadb;                /* MySQL family: MariaDB extensions allowed */
    bool lenient;                /* MySQL family: accept every MySQL 8 and MariaDB form */
    bool fold_lower;             /* write identifiers in lower case */
    bool quote_all;              /* quote every identifier */
    bool mask_literals;          /* fingerprint: literals print as ? */
    struct sqlx_arena *a;
    struct sqlx_buf *out;
    struct sqlx_params *params;
    struct sqlx_err *err;
    int depth;                   /* current expression / subquery nesting */
    int ph_next;                 /* next number for a ? written as $n */
    int alias_next;              /* next generated derived-table alias */
};

/* MySQL family: may a MariaDB-only form be written? May a MySQL-8-only form? */
static inline bool sqlx_sql__pr_mariadb_ok(const struct sqlx_printer *p)
{
    return p->mariadb || p->lenient;
}
static inline bool sqlx_sql__pr_mysql8_ok(const struct sqlx_printer *p)
{
    return !p->mariadb || p->lenient;
}

/* Nesting deeper than this is refused instead of risking the C stack on a hostile tree. */
#define SQLX_PRINT_MAX_DEPTH 1000

/* print.c */
void sqlx_sql__pr_ident(struct sqlx_printer *p, const char *name);
void sqlx_sql__pr_qualified(struct sqlx_printer *p, const char *schema, const char *name);
int sqlx_sql__pr_expr(struct sqlx_printer *p, const struct sqlx_expr *e, int parent, bool right);
int sqlx_sql__pr_list(struct sqlx_printer *p, const struct sqlx_vec *list);
int sqlx_sql__pr_string(struct sqlx_printer *p, const char *s, size_t n);
int sqlx_sql__pr_need(struct sqlx_printer *p, const void *ptr, const char *what);
/* Fails with SQLX_EUNSUPPORTED, "<what> is not supported by <target>", at source position pos. */
int sqlx_sql__pr_unsupported(struct sqlx_printer *p, int pos, const char *what);
const char *sqlx_sql__pr_target(const struct sqlx_printer *p);
void sqlx_sql__pr_kw(struct sqlx_printer *p, const char *s);
/* Writes s upper-cased (ASCII). */
void sqlx_sql__pr_upper(struct sqlx_printer *p, const char *s);

/* print_call.c */
int sqlx_sql__pr_func(struct sqlx_printer *p, const struct sqlx_expr *e);
int sqlx_sql__pr_window(struct sqlx_printer *p, const struct sqlx_window *w);
int sqlx_sql__pr_order(struct sqlx_printer *p, const struct sqlx_vec *order, const char *lead);

/* print_query.c */
int sqlx_sql__pr_query(struct sqlx_printer *p, const struct sqlx_select *s);
int sqlx_sql__pr_insert(struct sqlx_printer *p, const struct sqlx_insert *ins);
int sqlx_sql__pr_update(struct sqlx_printer *p, const struct sqlx_update *u);
int sqlx_sql__pr_delete(struct sqlx_printer *p, const struct sqlx_delete *del);
int sqlx_sql__pr_txn(struct sqlx_printer *p, const struct sqlx_txn *t);
int sqlx_sql__pr_table_ref(struct sqlx_printer *p, const struct sqlx_table_ref *t);
/* (elem, elem ...) of CREATE INDEX, table keys and ON CONFLICT targets. */
int sqlx_sql__pr_index_elems(struct sqlx_printer *p, const struct sqlx_vec *elems);

/* print_ddl.c */
int sqlx_sql__pr_type(struct sqlx_printer *p, const struct sqlx_type_name *t);
int sqlx_sql__pr_ddl(struct sqlx_printer *p, const struct sqlx_ast *st);

#endif
