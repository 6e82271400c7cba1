/* Query-string grammar of list routes -> AST pieces (docs/api.md "List parameters").
 * Owns nothing beyond the request arena. Must not touch the database or quote identifiers: names
 * are only matched against the schema here and quoted later by sql/print. */
#include "api/filter.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

struct op_name {
    const char *name;
    enum sqlx_op op;
};

static const struct op_name cmp_ops[] = {
    { "eq", SQLX_OP_EQ },   { "neq", SQLX_OP_NEQ }, { "gt", SQLX_OP_GT },
    { "gte", SQLX_OP_GTE }, { "lt", SQLX_OP_LT },   { "lte", SQLX_OP_LTE },
    { "like", SQLX_OP_LIKE }, { "ilike", SQLX_OP_ILIKE },
};

/* Parses a whole decimal integer; false on junk, overflow or empty text. */
static bool parse_ll(const char *s, size_t n, long long *out)
{
    char tmp[32];
    if (n == 0 || n >= sizeof(tmp))
        return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (!((tmp[i] >= '0' && tmp[i] <= '9') || (i == 0 && (tmp[i] == '-' || tmp[i] == '+'))))
            return false;
    errno = 0;
    char *end;
    long long v = strtoll(tmp, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

bool sqlx_api_text_value(const struct sqlx_column *c, const char *s, size_t n, struct sqlx_arena *a,
                         struct sqlx_value *out)
{
    switch (c->type.kind) {
    case SQLX_T_INTEGER: {
        long long v;
        if (!parse_ll(s, n, &v))
            return false;
        *out = sqlx_value_int(v);
        return true;
    }
    case SQLX_T_FLOAT:
    case SQLX_T_DECIMAL: {
        long long iv;
        if (parse_ll(s, n, &iv)) {
            *out = sqlx_value_int(iv);
            return true;
        }
        /* Only plain decimal notation: strtod alone would also take hex, "inf" and "nan". */
        char tmp[64];
        if (n == 0 || n >= sizeof(tmp) || !sqlx_json_is_number(s[0] == '+' ? s + 1 : s, s[0] == '+' ? n - 1 : n))
            return false;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        char *end;
        errno = 0;
        double d = strtod(tmp, &end);
        if (errno || *end || end == tmp || d != d)
            return false;
        *out = sqlx_value_float(d);
        return true;
    }
    case SQLX_T_UNKNOWN: {
        /* Untyped columns (computed view columns): numbers compare as numbers, so a numeric
         * text binds as one; anything else stays text. */
        long long iv;
        if (parse_ll(s, n, &iv)) {
            *out = sqlx_value_int(iv);
            return true;
        }
        char tmp[64];
        if (n > 0 && n < sizeof(tmp)) {
            memcpy(tmp, s, n);
            tmp[n] = '\0';
            char *end;
            errno = 0;
            double d = strtod(tmp, &end);
            if (!errno && !*end && end != tmp && d == d && sqlx_json_is_number(tmp, n)) {
                *out = sqlx_value_float(d);
                return true;
            }
        }
        *out = sqlx_value_text(sqlx_arena_memdup(a, s, n), n);
        return true;
    }
    case SQLX_T_BOOL:
        if ((n == 4 && strncmp(s, "true", 4) == 0) || (n == 1 && s[0] == '1') ||
            (n == 1 && s[0] == 't')) {
            *out = sqlx_value_bool(true);
            return true;
        }
        if ((n == 5 && strncmp(s, "false", 5) == 0) || (n == 1 && s[0] == '0') ||
            (n == 1 && s[0] == 'f')) {
            *out = sqlx_value_bool(false);
            return true;
        }
        return false;
    default: {
        char *copy = sqlx_arena_memdup(a, s, n);
        *out = sqlx_value_text(copy, n);
        return true;
    }
    }
}

static int bad_value(struct sqlx_err *err, const char *param, const struct sqlx_column *c,
                     const char *text, size_t n)
{
    sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": \"%.*s\" is not a valid %s",
                 param, (int)(n > 64 ? 64 : n), text, sqlx_tkind_name(c->type.kind));
    return SQLX_EINVAL;
}

/* Splits "a,b,"c,d"" at top-level commas (outside double quotes and parentheses). Quotes around
 * a whole item are removed and \" inside them unescaped. Items are arena strings. */
static int split_list(struct sqlx_arena *a, const char *s, size_t n, struct sqlx_vec *items,
                      struct sqlx_vec *lens)
{
    size_t i = 0;
    while (i <= n) {
        struct sqlx_buf item;
        sqlx_buf_init(&item, 0);
        sqlx_buf_reserve(&item, 1);
        int depth = 0;
        if (i < n && s[i] == '"') {
            i++;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\' && i + 1 < n)
                    i++;
                sqlx_buf_putc(&item, s[i++]);
            }
            if (i >= n) {
                sqlx_buf_free(&item);
                return -1; /* unterminated quote */
            }
            i++;
            if (i < n && s[i] != ',') {
                sqlx_buf_free(&item);
                return -1;
            }
        } else {
            while (i < n && (s[i] != ',' || depth > 0)) {
                if (s[i] == '(')
                    depth++;
                else if (s[i] == ')')
                    depth--;
                sqlx_buf_putc(&item, s[i++]);
            }
        }
        char *copy = sqlx_arena_memdup(a, item.data ? item.data : "", item.len);
        sqlx_vec_push_arena(items, a, copy);
        sqlx_vec_push_arena(lens, a, (void *)(uintptr_t)item.len);
        sqlx_buf_free(&item);
        i++; /* skip the comma (or step past the end) */
    }
    return 0;
}

static struct sqlx_expr *like_param(struct sqlx_arena *a, const char *v, size_t n)
{
    char *pat = sqlx_arena_memdup(a, v, n);
    for (size_t i = 0; i < n; i++)
        if (pat[i] == '*')
            pat[i] = '%';
    struct sqlx_value val = sqlx_value_text(pat, n);
    return sqlx_ast_param(a, &val);
}

/* Builds the predicate for column c from "op.value" or a bare value (equality). param names the
 * query parameter for messages. */
static int build_predicate(const struct sqlx_column *c, const char *param, const char *text,
                           size_t n, struct sqlx_arena *a, struct sqlx_expr **out,
                           struct sqlx_err *err)
{
    bool negate = false;
    if (n >= 4 && strncmp(text, "not.", 4) == 0) {
        negate = true;
        text += 4;
        n -= 4;
    }
    const char *dot = memchr(text, '.', n);
    size_t oplen = dot ? (size_t)(dot - text) : 0;
    const char *val = dot ? dot + 1 : text;
    size_t vlen = dot ? n - oplen - 1 : n;
    struct sqlx_expr *col = sqlx_ast_column(a, NULL, c->name);
    struct sqlx_expr *pred = NULL;

    for (size_t i = 0; dot && i < sizeof(cmp_ops) / sizeof(cmp_ops[0]); i++) {
        if (strlen(cmp_ops[i].name) != oplen || strncmp(cmp_ops[i].name, text, oplen) != 0)
            continue;
        struct sqlx_expr *rhs;
        if (cmp_ops[i].op == SQLX_OP_LIKE || cmp_ops[i].op == SQLX_OP_ILIKE) {
            rhs = like_param(a, val, vlen);
            /* LIKE on a non-text column compares its text form. */
        } else {
            struct sqlx_value v;
            if (!sqlx_api_text_value(c, val, vlen, a, &v))
                return bad_value(err, param, c, val, vlen);
            rhs = sqlx_ast_param(a, &v);
        }
        pred = sqlx_ast_binary(a, cmp_ops[i].op, col, rhs);
        break;
    }
    if (!pred && dot && oplen == 2 && strncmp(text, "in", 2) == 0) {
        if (vlen < 2 || val[0] != '(' || val[vlen - 1] != ')') {
            sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": in. expects a parenthesised list such as in.(1,2,3)", param);
            return SQLX_EINVAL;
        }
        pred = sqlx_ast_in(a, col, false);
        struct sqlx_vec items, lens;
        sqlx_vec_init(&items);
        sqlx_vec_init(&lens);
        if (vlen > 2 && split_list(a, val + 1, vlen - 2, &items, &lens) < 0) {
            sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": unterminated quote in in.(...) list", param);
            return SQLX_EINVAL;
        }
        for (size_t i = 0; i < items.len; i++) {
            struct sqlx_value v;
            size_t ilen = (size_t)(uintptr_t)lens.items[i];
            if (!sqlx_api_text_value(c, items.items[i], ilen, a, &v))
                return bad_value(err, param, c, items.items[i], ilen);
            sqlx_ast_add_arg(a, pred, sqlx_ast_param(a, &v));
        }
    }
    if (!pred && dot && oplen == 2 && strncmp(text, "is", 2) == 0) {
        if (vlen == 4 && strncmp(val, "null", 4) == 0) {
            pred = sqlx_ast_is_null(a, col, false);
        } else if ((vlen == 4 && strncmp(val, "true", 4) == 0) ||
                   (vlen == 5 && strncmp(val, "false", 5) == 0)) {
            struct sqlx_value v = sqlx_value_bool(vlen == 4);
            pred = sqlx_ast_binary(a, SQLX_OP_EQ, col, sqlx_ast_param(a, &v));
        } else {
            sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": is. expects null, true or false", param);
            return SQLX_EINVAL;
        }
    }
    if (!pred) {
        if (negate) {
            sqlx_err_set(err, SQLX_EINVAL, "invalid filter for parameter \"%s\": unknown operator \"%.*s\"", param, (int)(oplen ? oplen : n), text);
            sqlx_err_hint(err, "Operators are eq, neq, gt, gte, lt, lte, like, ilike, in, is, each optionally prefixed by not.");
            return SQLX_EINVAL;
        }
        /* A bare value: equality with the whole text. */
        struct sqlx_value v;
        if (!sqlx_api_text_value(c, text, n, a, &v))
            return bad_value(err, param, c, text, n);
        pred = sqlx_ast_binary(a, SQLX_OP_EQ, col, sqlx_ast_param(a, &v));
    }
    *out = negate ? sqlx_ast_unary(a, SQLX_OP_NOT, pred) : pred;
    return 0;
}

/* or=(a.eq.1,b.gt.2,and(c.lt.3,d.is.null)): each item "col.op.value" or a nested and()/or(). */
static int build_group(const struct sqlx_table *t, enum sqlx_op join, const char *param,
                       const char *s, size_t n, struct sqlx_arena *a, int depth,
                       struct sqlx_expr **out, struct sqlx_err *err)
{
    if (depth > 16 || n < 2 || s[0] != '(' || s[n - 1] != ')') {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": expected a parenthesised list of conditions such as (age.gt.18,name.eq.x)", param);
        return SQLX_EINVAL;
    }
    struct sqlx_vec items, lens;
    sqlx_vec_init(&items);
    sqlx_vec_init(&lens);
    if (split_list(a, s + 1, n - 2, &items, &lens) < 0) {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": unterminated quote", param);
        return SQLX_EINVAL;
    }
    struct sqlx_expr *acc = NULL;
    for (size_t i = 0; i < items.len; i++) {
        const char *it = items.items[i];
        size_t ilen = (size_t)(uintptr_t)lens.items[i];
        struct sqlx_expr *e;
        int rc;
        if (ilen > 4 && (strncmp(it, "and(", 4) == 0 || strncmp(it, "or(", 3) == 0)) {
            bool is_and = it[0] == 'a';
            size_t skip = is_and ? 3 : 2;
            rc = build_group(t, is_and ? SQLX_OP_AND : SQLX_OP_OR, param, it + skip, ilen - skip,
                             a, depth + 1, &e, err);
        } else {
            const char *dot = memchr(it, '.', ilen);
            if (!dot) {
                sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": condition \"%.*s\" is not column.operator.value", param, (int)(ilen > 64 ? 64 : ilen), it);
                return SQLX_EINVAL;
            }
            char *cname = sqlx_arena_strndup(a, it, (size_t)(dot - it));
            const struct sqlx_column *c = sqlx_table_column(t, cname);
            if (!c) {
                sqlx_err_set(err, SQLX_ENOTFOUND, "unknown column \"%s\" in parameter \"%s\"", cname, param);
                return SQLX_ENOTFOUND;
            }
            const char *rest = dot + 1;
            size_t rlen = ilen - (size_t)(rest - it);
            if (!memchr(rest, '.', rlen) && !(rlen >= 3 && strncmp(rest, "not", 3) == 0)) {
                sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": condition \"%.*s\" is not column.operator.value", param, (int)(ilen > 64 ? 64 : ilen), it);
                return SQLX_EINVAL;
            }
            rc = build_predicate(c, param, rest, rlen, a, &e, err);
        }
        if (rc < 0)
            return rc;
        acc = acc ? sqlx_ast_binary(a, join, acc, e) : e;
    }
    *out = acc;
    return 0;
}

static int parse_int_param(const struct sqlx_http_arg *arg, long long min, long long max,
                           long long *out, struct sqlx_err *err)
{
    if (!parse_ll(arg->value, arg->value_len, out) || *out < min || *out > max) {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"%s\": expected an integer from %lld to %lld, found \"%.*s\"", arg->key, min, max, (int)(arg->value_len > 32 ? 32 : arg->value_len), arg->value);
        return SQLX_EINVAL;
    }
    return 0;
}

static int parse_sort(const struct sqlx_table *t, const struct sqlx_http_arg *sort,
                      const struct sqlx_http_arg *order, struct sqlx_arena *a,
                      struct sqlx_list_query *q, struct sqlx_err *err)
{
    bool desc_all = false;
    if (order) {
        if (order->value_len == 4 && strncmp(order->value, "desc", 4) == 0) {
            desc_all = true;
        } else if (!(order->value_len == 3 && strncmp(order->value, "asc", 3) == 0)) {
            sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"order\": expected asc or desc, found \"%.*s\"", (int)(order->value_len > 32 ? 32 : order->value_len), order->value);
            return SQLX_EINVAL;
        }
    }
    if (!sort)
        return 0;
    struct sqlx_vec items, lens;
    sqlx_vec_init(&items);
    sqlx_vec_init(&lens);
    if (split_list(a, sort->value, sort->value_len, &items, &lens) < 0)
        goto bad;
    for (size_t i = 0; i < items.len; i++) {
        const char *name = items.items[i];
        bool desc = false;
        if (name[0] == '-') {
            desc = true;
            name++;
        } else if (name[0] == '+') {
            name++;
        }
        const struct sqlx_column *c = sqlx_table_column(t, name);
        if (!c) {
            if (!*name)
                goto bad;
            sqlx_err_set(err, SQLX_ENOTFOUND, "unknown column \"%s\" in parameter \"sort\"", name);
            return SQLX_ENOTFOUND;
        }
        if (items.len == 1 && order)
            desc = desc_all;
        struct sqlx_order_item *oi = sqlx_arena_zalloc(a, sizeof(*oi));
        oi->expr = sqlx_ast_column(a, NULL, c->name);
        oi->desc = desc;
        /* One order on every engine: NULLs sort as the largest value (PostgreSQL's default), so
         * last ascending and first descending, spelled out for engines that differ. */
        oi->nulls = desc ? 1 : 2;
        sqlx_vec_push_arena(&q->order, a, oi);
    }
    return 0;
bad:
    sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"sort\": expected column names separated by commas, with - for descending");
    return SQLX_EINVAL;
}

static int parse_select(const struct sqlx_table *t, const struct sqlx_http_arg *sel,
                        struct sqlx_arena *a, struct sqlx_list_query *q, struct sqlx_err *err)
{
    struct sqlx_vec items, lens;
    sqlx_vec_init(&items);
    sqlx_vec_init(&lens);
    if (sel->value_len == 0 || split_list(a, sel->value, sel->value_len, &items, &lens) < 0) {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value for parameter \"select\": expected column names separated by commas");
        return SQLX_EINVAL;
    }
    q->select = sqlx_arena_alloc(a, items.len * sizeof(*q->select));
    q->nselect = 0;
    for (size_t i = 0; i < items.len; i++) {
        const char *name = items.items[i];
        if (strcmp(name, "*") == 0) {
            q->select = NULL;
            q->nselect = 0;
            return 0;
        }
        const struct sqlx_column *c = sqlx_table_column(t, name);
        if (!c) {
            sqlx_err_set(err, SQLX_ENOTFOUND, "unknown column \"%s\" in parameter \"select\"", name);
            return SQLX_ENOTFOUND;
        }
        q->select[q->nselect++] = c;
    }
    return 0;
}

int sqlx_api_parse_list(const struct sqlx_table *t, struct sqlx_http_req *req, int default_limit,
                        int max_limit, struct sqlx_list_query *out, struct sqlx_err *err)
{
    struct sqlx_arena *a = req->arena;
    const struct sqlx_http_arg *page = NULL, *limit = NULL, *offset = NULL, *sort = NULL,
                               *order = NULL, *sel = NULL;
    memset(out, 0, sizeof(*out));
    sqlx_vec_init(&out->order);
    out->page = 1;
    out->limit = default_limit;

    for (size_t i = 0; i < req->nargs; i++) {
        struct sqlx_http_arg *arg = &req->args[i];
        if (arg->used)
            continue;
        if (strlen(arg->key) != arg->key_len) {
            sqlx_err_set(err, SQLX_ENOTFOUND, "unknown column \"%s\" in query parameters", arg->key);
            return SQLX_ENOTFOUND;
        }
        const struct sqlx_http_arg **slot = NULL;
        if (strcmp(arg->key, "page") == 0)
            slot = &page;
        else if (strcmp(arg->key, "limit") == 0)
            slot = &limit;
        else if (strcmp(arg->key, "offset") == 0)
            slot = &offset;
        else if (strcmp(arg->key, "sort") == 0)
            slot = &sort;
        else if (strcmp(arg->key, "order") == 0)
            slot = &order;
        else if (strcmp(arg->key, "select") == 0)
            slot = &sel;
        if (slot) {
            if (*slot) {
                sqlx_err_set(err, SQLX_EINVAL, "parameter \"%s\" is given more than once", arg->key);
                return SQLX_EINVAL;
            }
            *slot = arg;
            continue;
        }
        struct sqlx_expr *pred;
        int rc;
        if (strcmp(arg->key, "or") == 0 || strcmp(arg->key, "and") == 0) {
            rc = build_group(t, arg->key[0] == 'o' ? SQLX_OP_OR : SQLX_OP_AND, arg->key,
                             arg->value, arg->value_len, a, 0, &pred, err);
        } else {
            const struct sqlx_column *c = sqlx_table_column(t, arg->key);
            if (!c) {
                sqlx_err_set(err, SQLX_ENOTFOUND, "unknown column \"%s\" in query parameters", arg->key);
                sqlx_err_hint(err, "Filters are column=value or column=operator.value; list parameters are page, limit, offset, sort, order, select, or.");
                return SQLX_ENOTFOUND;
            }
            rc = build_predicate(c, arg->key, arg->value, arg->value_len, a, &pred, err);
        }
        if (rc < 0)
            return rc;
        out->where = sqlx_ast_and(a, out->where, pred);
    }
    if (page && parse_int_param(page, 1, 1000000000LL, &out->page, err) < 0)
        return SQLX_EINVAL;
    if (limit && parse_int_param(limit, 1, max_limit, &out->limit, err) < 0)
        return SQLX_EINVAL;
    if (offset) {
        if (parse_int_param(offset, 0, 1000000000000LL, &out->offset, err) < 0)
            return SQLX_EINVAL;
        out->page = out->offset / out->limit + 1;
    } else {
        out->offset = (out->page - 1) * out->limit;
    }
    if (parse_sort(t, sort, order, a, out, err) < 0)
        return err->code;
    if (sel && parse_select(t, sel, a, out, err) < 0)
        return err->code;
    return 0;
}
