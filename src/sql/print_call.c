/* The printer's function calls and windows: names, argument forms per family (EXTRACT, TRIM,
 * POSITION, OVERLAY, CONVERT ... USING), DISTINCT / ORDER BY / SEPARATOR inside a call, WITHIN
 * GROUP, FILTER and OVER; window definitions with frames; ORDER BY lists. Spellings only, like
 * the rest of the printer. */
#include <string.h>

#include "sql/print_int.h"

/* Function names are written bare, so they must be plain identifiers: defence in depth against a
 * caller that lets a request choose an aggregate without a whitelist. */
static int put_func_name(struct sqlx_printer *p, const char *name)
{
    int rc = sqlx_sql__pr_need(p, name, "function name");
    if (rc)
        return rc;
    for (const char *c = name; *c; c++) {
        bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_' ||
                  (c != name && *c >= '0' && *c <= '9');
        if (!ok)
            return sqlx_err_set(p->err, SQLX_EINVAL, "invalid function name \"%s\"", name);
    }
    if (!*name)
        return sqlx_err_set(p->err, SQLX_EINVAL, "invalid function name \"\"");
    sqlx_buf_puts(p->out, name);
    return 0;
}

static const struct sqlx_expr *arg(const struct sqlx_expr *e, size_t i)
{
    return i < e->list.len ? e->list.items[i] : NULL;
}

/* EXTRACT(FIELD FROM x): the field is the first argument, a lower-case string literal. */
static int print_extract(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    const struct sqlx_expr *f = arg(e, 0), *x = arg(e, 1);
    int rc;
    if (!f || !x || f->kind != SQLX_EX_LITERAL || f->value.type != SQLX_V_TEXT)
        return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: EXTRACT needs a field");
    if (p->fam == SQLX_SQL_SQLITE)
        return sqlx_sql__pr_unsupported(p, e->pos, "EXTRACT");
    sqlx_buf_puts(p->out, "EXTRACT(");
    char *field = sqlx_arena_strndup(p->a, f->value.s, f->value.n);
    sqlx_sql__pr_upper(p, field);
    sqlx_buf_puts(p->out, " FROM ");
    if ((rc = sqlx_sql__pr_expr(p, x, SQLX_PREC_TOP, false)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

/* TRIM with a side or a character set: the keyword form in PostgreSQL and MySQL, trim / ltrim /
 * rtrim (s, chars) in SQLite. */
static int print_trim(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    const struct sqlx_expr *s = arg(e, 0), *chars = arg(e, 1);
    int rc;
    if (!s)
        return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: TRIM needs a string");
    if (p->fam == SQLX_SQL_SQLITE) {
        sqlx_buf_puts(p->out, e->form == SQLX_FN_TRIM_LEADING    ? "ltrim("
                              : e->form == SQLX_FN_TRIM_TRAILING ? "rtrim("
                                                                 : "trim(");
        if ((rc = sqlx_sql__pr_expr(p, s, SQLX_PREC_TOP, false)))
            return rc;
        if (chars) {
            sqlx_buf_puts(p->out, ", ");
            if ((rc = sqlx_sql__pr_expr(p, chars, SQLX_PREC_TOP, false)))
                return rc;
        }
        sqlx_buf_putc(p->out, ')');
        return 0;
    }
    sqlx_buf_puts(p->out, e->form == SQLX_FN_TRIM_LEADING    ? "TRIM(LEADING "
                          : e->form == SQLX_FN_TRIM_TRAILING ? "TRIM(TRAILING "
                                                             : "TRIM(BOTH ");
    if (chars) {
        if ((rc = sqlx_sql__pr_expr(p, chars, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ' ');
    }
    sqlx_buf_puts(p->out, "FROM ");
    if ((rc = sqlx_sql__pr_expr(p, s, SQLX_PREC_TOP, false)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

/* POSITION(a IN b); SQLite has only instr(b, a). */
static int print_position(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    const struct sqlx_expr *a = arg(e, 0), *b = arg(e, 1);
    int rc;
    if (!a || !b || e->list.len != 2)
        return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: POSITION needs two operands");
    bool lite = p->fam == SQLX_SQL_SQLITE;
    sqlx_buf_puts(p->out, lite ? "instr(" : "POSITION(");
    if ((rc = sqlx_sql__pr_expr(p, lite ? b : a, lite ? SQLX_PREC_TOP : SQLX_PREC_CMP + 1,
                                false)))
        return rc;
    sqlx_buf_puts(p->out, lite ? ", " : " IN ");
    if ((rc = sqlx_sql__pr_expr(p, lite ? a : b, SQLX_PREC_TOP, false)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return 0;
}

/* OVERLAY(x PLACING y FROM a [FOR b]) (PostgreSQL). */
static int print_overlay(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    static const char *const kw[] = { "OVERLAY(", " PLACING ", " FROM ", " FOR " };
    if (p->fam != SQLX_SQL_POSTGRES)
        return sqlx_sql__pr_unsupported(p, e->pos, "OVERLAY");
    if (e->list.len < 3 || e->list.len > 4)
        return sqlx_err_set(p->err, SQLX_EINVAL, "malformed SQL tree: OVERLAY needs 3 or 4 operands");
    for (size_t i = 0; i < e->list.len; i++) {
        int rc;
        sqlx_buf_puts(p->out, kw[i]);
        if ((rc = sqlx_sql__pr_expr(p, e->list.items[i], SQLX_PREC_TOP, false)))
            return rc;
    }
    sqlx_buf_putc(p->out, ')');
    return 0;
}

static bool is_name(const struct sqlx_expr *e, const char *name)
{
    return e->name && strcmp(e->name, name) == 0;
}

/* The call's argument list after the name and '(' up to the ')' exclusive. */
static int print_call_args(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if (e->distinct)
        sqlx_buf_puts(p->out, "DISTINCT ");
    if ((rc = sqlx_sql__pr_list(p, &e->list)))
        return rc;
    if (e->order_by.len > 0 && !e->within_group) {
        if (p->fam == SQLX_SQL_SQLITE)
            return sqlx_sql__pr_unsupported(p, e->pos, "ORDER BY inside an aggregate call");
        if ((rc = sqlx_sql__pr_order(p, &e->order_by, " ORDER BY ")))
            return rc;
    }
    if (e->extra) {
        if (p->fam != SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, e->pos, "GROUP_CONCAT ... SEPARATOR");
        sqlx_buf_puts(p->out, " SEPARATOR ");
        if ((rc = sqlx_sql__pr_expr(p, e->extra, SQLX_PREC_TOP, false)))
            return rc;
    }
    return 0;
}

/* WITHIN GROUP, FILTER and OVER after a call. */
static int print_call_suffix(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if (e->within_group && e->order_by.len > 0) {
        if (p->fam != SQLX_SQL_POSTGRES)
            return sqlx_sql__pr_unsupported(p, e->pos, "WITHIN GROUP");
        sqlx_buf_puts(p->out, " WITHIN GROUP (");
        if ((rc = sqlx_sql__pr_order(p, &e->order_by, "ORDER BY ")))
            return rc;
        sqlx_buf_putc(p->out, ')');
    }
    if (e->filter) {
        if (p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, e->pos, "an aggregate FILTER clause");
        sqlx_buf_puts(p->out, " FILTER (WHERE ");
        if ((rc = sqlx_sql__pr_expr(p, e->filter, SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_putc(p->out, ')');
    }
    if (e->over) {
        sqlx_buf_puts(p->out, " OVER ");
        if ((rc = sqlx_sql__pr_window(p, e->over)))
            return rc;
    }
    return 0;
}

int sqlx_sql__pr_func(struct sqlx_printer *p, const struct sqlx_expr *e)
{
    int rc;
    if (p->legacy) {
        if ((rc = put_func_name(p, e->name)))
            return rc;
        sqlx_buf_putc(p->out, '(');
        if (e->distinct)
            sqlx_buf_puts(p->out, "DISTINCT ");
        if ((rc = sqlx_sql__pr_list(p, &e->list)))
            return rc;
        sqlx_buf_putc(p->out, ')');
        return 0;
    }
    if (e->syntax == SQLX_SYN_NO_PARENS && e->list.len == 0 && !e->over) {
        if ((rc = put_func_name(p, e->name)))
            return rc;
        p->out->len -= strlen(e->name);
        sqlx_sql__pr_upper(p, e->name);
        return 0;
    }
    if (is_name(e, "extract") && e->list.len == 2)
        return print_extract(p, e);
    if (is_name(e, "trim") && (e->form != SQLX_FN_PLAIN || e->list.len == 2))
        return print_trim(p, e);
    if (is_name(e, "position") && e->syntax == SQLX_SYN_KEYWORD_ARGS)
        return print_position(p, e);
    if (is_name(e, "overlay") && e->syntax == SQLX_SYN_KEYWORD_ARGS)
        return print_overlay(p, e);
    if (is_name(e, "convert") && e->syntax == SQLX_SYN_KEYWORD_ARGS && e->list.len == 2) {
        const struct sqlx_expr *cs = arg(e, 1);
        if (p->fam != SQLX_SQL_MYSQL || cs->kind != SQLX_EX_LITERAL)
            return sqlx_sql__pr_unsupported(p, e->pos, "CONVERT ... USING");
        sqlx_buf_puts(p->out, "CONVERT(");
        if ((rc = sqlx_sql__pr_expr(p, arg(e, 0), SQLX_PREC_TOP, false)))
            return rc;
        sqlx_buf_puts(p->out, " USING ");
        sqlx_buf_put(p->out, cs->value.s, cs->value.n);
        sqlx_buf_putc(p->out, ')');
        return 0;
    }
    if (e->schema) {
        sqlx_sql__pr_ident(p, e->schema);
        sqlx_buf_putc(p->out, '.');
    }
    if ((rc = put_func_name(p, e->name)))
        return rc;
    sqlx_buf_putc(p->out, '(');
    if ((rc = print_call_args(p, e)))
        return rc;
    sqlx_buf_putc(p->out, ')');
    return print_call_suffix(p, e);
}

/* ---- windows ---- */

static int print_bound(struct sqlx_printer *p, const struct sqlx_frame_bound *b)
{
    int rc;
    switch (b->kind) {
    case SQLX_BOUND_UNBOUNDED_PRECEDING:
        sqlx_buf_puts(p->out, "UNBOUNDED PRECEDING");
        return 0;
    case SQLX_BOUND_CURRENT_ROW:
        sqlx_buf_puts(p->out, "CURRENT ROW");
        return 0;
    case SQLX_BOUND_UNBOUNDED_FOLLOWING:
        sqlx_buf_puts(p->out, "UNBOUNDED FOLLOWING");
        return 0;
    case SQLX_BOUND_PRECEDING:
    case SQLX_BOUND_FOLLOWING:
        if ((rc = sqlx_sql__pr_need(p, b->offset, "frame offset")) ||
            (rc = sqlx_sql__pr_expr(p, b->offset, SQLX_PREC_NEG, false)))
            return rc;
        sqlx_buf_puts(p->out, b->kind == SQLX_BOUND_PRECEDING ? " PRECEDING" : " FOLLOWING");
        return 0;
    }
    return sqlx_err_set(p->err, SQLX_EINVAL, "unknown frame bound %d", (int)b->kind);
}

static int print_frame(struct sqlx_printer *p, const struct sqlx_frame *f, int pos)
{
    static const char *const unit[] = { "ROWS ", "RANGE ", "GROUPS " };
    static const char *const excl[] = { "", " EXCLUDE CURRENT ROW", " EXCLUDE GROUP",
                                        " EXCLUDE TIES", " EXCLUDE NO OTHERS" };
    int rc;
    if ((unsigned)f->unit > SQLX_FRAME_GROUPS || (unsigned)f->exclude > SQLX_EXCLUDE_NO_OTHERS)
        return sqlx_err_set(p->err, SQLX_EINVAL, "malformed window frame");
    if (f->unit == SQLX_FRAME_GROUPS && p->fam == SQLX_SQL_MYSQL)
        return sqlx_sql__pr_unsupported(p, pos, "a GROUPS window frame");
    if (f->exclude != SQLX_EXCLUDE_NONE && p->fam == SQLX_SQL_MYSQL)
        return sqlx_sql__pr_unsupported(p, pos, "a window frame EXCLUDE clause");
    sqlx_buf_puts(p->out, unit[f->unit]);
    if (f->has_end)
        sqlx_buf_puts(p->out, "BETWEEN ");
    if ((rc = print_bound(p, &f->start)))
        return rc;
    if (f->has_end) {
        sqlx_buf_puts(p->out, " AND ");
        if ((rc = print_bound(p, &f->end)))
            return rc;
    }
    sqlx_buf_puts(p->out, excl[f->exclude]);
    return 0;
}

/* A window: OVER name, or (base PARTITION BY ... ORDER BY ... frame). */
int sqlx_sql__pr_window(struct sqlx_printer *p, const struct sqlx_window *w)
{
    int rc;
    const char *sep = "";
    if (w->ref_only) {
        if ((rc = sqlx_sql__pr_need(p, w->base, "window name")))
            return rc;
        sqlx_sql__pr_ident(p, w->base);
        return 0;
    }
    sqlx_buf_putc(p->out, '(');
    if (w->base) {
        sqlx_sql__pr_ident(p, w->base);
        sep = " ";
    }
    if (w->partition.len > 0) {
        sqlx_buf_puts(p->out, sep);
        sqlx_buf_puts(p->out, "PARTITION BY ");
        if ((rc = sqlx_sql__pr_list(p, &w->partition)))
            return rc;
        sep = " ";
    }
    if (w->order.len > 0) {
        sqlx_buf_puts(p->out, sep);
        if ((rc = sqlx_sql__pr_order(p, &w->order, "ORDER BY ")))
            return rc;
        sep = " ";
    }
    if (w->frame) {
        sqlx_buf_puts(p->out, sep);
        if ((rc = print_frame(p, w->frame, w->pos)))
            return rc;
    }
    sqlx_buf_putc(p->out, ')');
    return 0;
}

/* ORDER BY items after `lead` (" ORDER BY " in a query). */
int sqlx_sql__pr_order(struct sqlx_printer *p, const struct sqlx_vec *order, const char *lead)
{
    for (size_t i = 0; i < order->len; i++) {
        const struct sqlx_order_item *o = order->items[i];
        int rc;
        sqlx_buf_puts(p->out, i > 0 ? ", " : lead);
        if ((rc = sqlx_sql__pr_need(p, o, "ORDER BY item")))
            return rc;
        /* MySQL has no NULLS FIRST / LAST and sorts NULLs low; where the request differs from
         * that, the REST API's order is emulated with a leading "x IS NULL" key. */
        bool emulate = p->legacy && p->fam == SQLX_SQL_MYSQL &&
                       ((o->nulls == 2 && !o->desc) || (o->nulls == 1 && o->desc));
        if (emulate) {
            if ((rc = sqlx_sql__pr_expr(p, o->expr, SQLX_PREC_TOP, false)))
                return rc;
            sqlx_buf_puts(p->out, o->desc ? " IS NULL DESC, " : " IS NULL, ");
        }
        if ((rc = sqlx_sql__pr_expr(p, o->expr, SQLX_PREC_TOP, false)))
            return rc;
        if (o->desc)
            sqlx_buf_puts(p->out, " DESC");
        /* SQLite 3.30+ and PostgreSQL take NULLS FIRST/LAST; for MySQL the translator writes
         * the emulation (ORDER BY x IS NULL, x). */
        if (o->nulls != 0 && !p->legacy && p->fam == SQLX_SQL_MYSQL)
            return sqlx_sql__pr_unsupported(p, o->pos, "NULLS FIRST / NULLS LAST");
        if (p->legacy && p->fam == SQLX_SQL_MYSQL)
            continue; /* emulated above, or MySQL's own order already */
        if (o->nulls == 1)
            sqlx_buf_puts(p->out, " NULLS FIRST");
        else if (o->nulls == 2)
            sqlx_buf_puts(p->out, " NULLS LAST");
    }
    return 0;
}

