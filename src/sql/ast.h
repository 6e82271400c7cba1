/* The universal SQL AST: one tree for every dialect. This first cut covers what the REST API
 * builds (SELECT with joins, filters, ordering, paging and aggregates; INSERT, UPDATE, DELETE with
 * RETURNING); the multi-dialect parser extends the same node kinds rather than adding a second
 * tree. Nodes live in an arena. Values are never spliced into SQL text: a SQLX_EX_PARAM carries a
 * universal value that the printer turns into a bound parameter. Positions are 1-based byte
 * offsets into the source text when a parser built the node, 0 when code did. */
#ifndef SQLX_SQL_AST_H
#define SQLX_SQL_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/vec.h"
#include "wire/value.h"

enum sqlx_expr_kind {
    SQLX_EX_COLUMN,   /* [table.]name */
    SQLX_EX_PARAM,    /* bound value */
    SQLX_EX_LITERAL,  /* literal written in the SQL text (parser); printed inline, never user input */
    SQLX_EX_STAR,     /* * or table.* */
    SQLX_EX_BINARY,   /* left op right */
    SQLX_EX_UNARY,    /* op operand (NOT, unary minus) */
    SQLX_EX_IS_NULL,  /* operand IS [NOT] NULL (negated) */
    SQLX_EX_IN,       /* operand [NOT] IN (list) */
    SQLX_EX_FUNC,     /* name([DISTINCT] args | *) */
    SQLX_EX_SUBQUERY, /* (SELECT ...) as an expression; EXISTS when op == SQLX_OP_EXISTS */
};

enum sqlx_op {
    SQLX_OP_NONE = 0,
    SQLX_OP_EQ, SQLX_OP_NEQ, SQLX_OP_LT, SQLX_OP_LTE, SQLX_OP_GT, SQLX_OP_GTE,
    SQLX_OP_AND, SQLX_OP_OR, SQLX_OP_NOT,
    SQLX_OP_LIKE, SQLX_OP_ILIKE,      /* right may carry an escape via like_escape */
    SQLX_OP_ADD, SQLX_OP_SUB, SQLX_OP_MUL, SQLX_OP_DIV, SQLX_OP_MOD, SQLX_OP_NEG,
    SQLX_OP_CONCAT,
    SQLX_OP_EXISTS,
};

struct sqlx_select;

struct sqlx_expr {
    enum sqlx_expr_kind kind;
    enum sqlx_op op;
    int pos;
    bool negated;             /* IS NOT NULL, NOT IN, NOT LIKE */
    bool distinct;            /* FUNC: count(DISTINCT x) */
    bool like_escape;         /* LIKE/ILIKE: append ESCAPE with the dialect's escape character */
    const char *table;        /* COLUMN / STAR qualifier, may be NULL */
    const char *name;         /* COLUMN name, FUNC name (lower-case, dialect-neutral) */
    struct sqlx_value value;  /* PARAM / LITERAL */
    struct sqlx_expr *left;   /* BINARY left, UNARY / IS_NULL / IN operand */
    struct sqlx_expr *right;  /* BINARY right */
    struct sqlx_vec list;     /* IN list, FUNC args: struct sqlx_expr * */
    struct sqlx_select *subquery;
};

struct sqlx_select_item {
    struct sqlx_expr *expr;
    const char *alias;        /* may be NULL */
};

struct sqlx_table_ref {
    const char *schema;       /* may be NULL */
    const char *name;
    const char *alias;        /* may be NULL */
};

enum sqlx_join_kind { SQLX_JOIN_INNER, SQLX_JOIN_LEFT, SQLX_JOIN_RIGHT, SQLX_JOIN_FULL, SQLX_JOIN_CROSS };

struct sqlx_join {
    enum sqlx_join_kind kind;
    struct sqlx_table_ref table;
    struct sqlx_expr *on;     /* may be NULL for CROSS */
};

struct sqlx_order_item {
    struct sqlx_expr *expr;
    bool desc;
    int nulls;                /* 0 = engine default, 1 = NULLS FIRST, 2 = NULLS LAST */
};

struct sqlx_select {
    bool distinct;
    struct sqlx_vec items;    /* struct sqlx_select_item *; empty means * */
    struct sqlx_table_ref from;
    struct sqlx_vec joins;    /* struct sqlx_join * */
    struct sqlx_expr *where;
    struct sqlx_vec group_by; /* struct sqlx_expr * */
    struct sqlx_expr *having;
    struct sqlx_vec order_by; /* struct sqlx_order_item * */
    struct sqlx_expr *limit;  /* may be NULL */
    struct sqlx_expr *offset; /* may be NULL */
};

struct sqlx_assign {
    const char *column;
    struct sqlx_expr *value;
};

struct sqlx_insert {
    struct sqlx_table_ref table;
    const char **columns;     /* may be empty with default_values */
    size_t ncolumns;
    struct sqlx_vec rows;     /* struct sqlx_vec * of struct sqlx_expr *, each ncolumns long */
    bool default_values;      /* INSERT ... DEFAULT VALUES */
    struct sqlx_vec returning;/* struct sqlx_select_item * */
};

struct sqlx_update {
    struct sqlx_table_ref table;
    struct sqlx_vec set;      /* struct sqlx_assign * */
    struct sqlx_expr *where;
    struct sqlx_vec returning;
};

struct sqlx_delete {
    struct sqlx_table_ref table;
    struct sqlx_expr *where;
    struct sqlx_vec returning;
};

enum sqlx_stmt_kind { SQLX_ST_SELECT, SQLX_ST_INSERT, SQLX_ST_UPDATE, SQLX_ST_DELETE };

struct sqlx_ast {
    enum sqlx_stmt_kind kind;
    union {
        struct sqlx_select select;
        struct sqlx_insert insert;
        struct sqlx_update update;
        struct sqlx_delete del;
    };
};

/* Builders. Everything is allocated in the arena; strings (names, text values) are copied. */
struct sqlx_expr *sqlx_ast_column(struct sqlx_arena *a, const char *table, const char *name);
struct sqlx_expr *sqlx_ast_param(struct sqlx_arena *a, const struct sqlx_value *v);
struct sqlx_expr *sqlx_ast_star(struct sqlx_arena *a, const char *table);
struct sqlx_expr *sqlx_ast_binary(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *l,
                                  struct sqlx_expr *r);
struct sqlx_expr *sqlx_ast_unary(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *operand);
struct sqlx_expr *sqlx_ast_is_null(struct sqlx_arena *a, struct sqlx_expr *operand, bool negated);
/* Empty IN list: the printer emits an always-false (or, negated, always-true) predicate. */
struct sqlx_expr *sqlx_ast_in(struct sqlx_arena *a, struct sqlx_expr *operand, bool negated);
struct sqlx_expr *sqlx_ast_func(struct sqlx_arena *a, const char *name);
/* Appends to expr->list (IN values, function arguments). */
void sqlx_ast_add_arg(struct sqlx_arena *a, struct sqlx_expr *e, struct sqlx_expr *arg);
/* AND-combines: returns r when l is NULL. */
struct sqlx_expr *sqlx_ast_and(struct sqlx_arena *a, struct sqlx_expr *l, struct sqlx_expr *r);

struct sqlx_ast *sqlx_ast_select(struct sqlx_arena *a, const char *table);
struct sqlx_ast *sqlx_ast_insert(struct sqlx_arena *a, const char *table);
struct sqlx_ast *sqlx_ast_update(struct sqlx_arena *a, const char *table);
struct sqlx_ast *sqlx_ast_delete(struct sqlx_arena *a, const char *table);
void sqlx_ast_select_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e,
                         const char *alias);
void sqlx_ast_order_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e, bool desc);
void sqlx_ast_join_add(struct sqlx_arena *a, struct sqlx_select *s, enum sqlx_join_kind kind,
                       const char *table, const char *alias, struct sqlx_expr *on);
void sqlx_ast_set_add(struct sqlx_arena *a, struct sqlx_update *u, const char *column,
                      struct sqlx_expr *value);
/* Sets the INSERT column list (copied). */
void sqlx_ast_insert_columns(struct sqlx_arena *a, struct sqlx_insert *ins, const char **cols,
                             size_t n);
/* Appends a row of ins->ncolumns expressions (the array is copied). */
void sqlx_ast_insert_row(struct sqlx_arena *a, struct sqlx_insert *ins, struct sqlx_expr **vals);
/* Adds a RETURNING item to an INSERT / UPDATE / DELETE (to a SELECT: an output column). */
void sqlx_ast_returning_add(struct sqlx_arena *a, struct sqlx_ast *st, struct sqlx_expr *e);

/* Added builders (same rules: arena memory, strings and TEXT/BLOB values copied). */
/* A literal printed inline; only for trees a parser built from SQL text, never for user input. */
struct sqlx_expr *sqlx_ast_literal(struct sqlx_arena *a, const struct sqlx_value *v);
/* (SELECT ...) used as a value; s is referenced, not copied. */
struct sqlx_expr *sqlx_ast_subquery(struct sqlx_arena *a, struct sqlx_select *s);
/* [NOT] EXISTS (SELECT ...); s is referenced, not copied. */
struct sqlx_expr *sqlx_ast_exists(struct sqlx_arena *a, struct sqlx_select *s, bool negated);
/* l [NOT] LIKE|ILIKE r [ESCAPE '<dialect like_escape>']; op is SQLX_OP_LIKE or SQLX_OP_ILIKE. */
struct sqlx_expr *sqlx_ast_like(struct sqlx_arena *a, enum sqlx_op op, struct sqlx_expr *l,
                                struct sqlx_expr *r, bool negated, bool escape);
/* ORDER BY item with explicit NULLS placement (0 default, 1 NULLS FIRST, 2 NULLS LAST). */
void sqlx_ast_order_add_nulls(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e,
                              bool desc, int nulls);
void sqlx_ast_group_add(struct sqlx_arena *a, struct sqlx_select *s, struct sqlx_expr *e);

#endif
