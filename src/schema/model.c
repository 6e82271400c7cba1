/* The universal schema model: building (tables, columns, keys, indexes, checks), publishing
 * (sorting, routes, primary-key arrays, referenced_by, lookup maps) and serialising to JSON and
 * text. Owns every object in the schema's arena plus the heap arrays of its maps. Knows no engine
 * and runs no SQL.
 *
 * JSON shape (keys always present, in this order; see README.md):
 *   {"engine","version","tables":[{"name","route","kind","columns":[{"name","type","type_info",
 *    "declared_type","nullable","default","autoincrement","pk_position"}],"primary_key":[..],
 *    "unique":[{"name","columns"}],"foreign_keys":[{"name","columns","ref_table","ref_columns",
 *    "on_delete","on_update"}],"referenced_by":[{"name","table","columns","ref_columns"}],
 *    "indexes":[{"name","columns","unique","primary","where"}],"checks":[{"name","expr"}],
 *    "view_sql"}]} */
#include "schema/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/json.h"

struct sqlx_schema *sqlx_schema_new(void)
{
    struct sqlx_schema *s = sqlx_calloc(1, sizeof *s);
    sqlx_arena_init(&s->arena, 0);
    s->engine = "";
    s->version = "";
    sqlx_vec_init(&s->tables);
    sqlx_map_init(&s->by_name, false);
    return s;
}

void sqlx_schema_free(struct sqlx_schema *s)
{
    struct sqlx_table *t;
    if (!s)
        return;
    sqlx_vec_foreach(&s->tables, struct sqlx_table *, t) sqlx_map_free(&t->colmap);
    sqlx_map_free(&s->by_name);
    sqlx_arena_free(&s->arena);
    sqlx_free(s);
}

struct sqlx_table *sqlx_schema_add_table(struct sqlx_schema *s, const char *name,
                                         enum sqlx_relkind kind)
{
    struct sqlx_table *t = sqlx_arena_zalloc(&s->arena, sizeof *t);
    t->name = sqlx_arena_strdup(&s->arena, name);
    t->route = t->name;
    t->kind = kind;
    sqlx_map_init(&t->colmap, false);
    sqlx_vec_push_arena(&s->tables, &s->arena, t);
    return t;
}

struct sqlx_column *sqlx_table_add_column(struct sqlx_schema *s, struct sqlx_table *t,
                                          const char *name)
{
    struct sqlx_column *c = sqlx_arena_zalloc(&s->arena, sizeof *c);
    c->name = sqlx_arena_strdup(&s->arena, name);
    c->declared_type = "";
    c->type = sqlx_type_make(SQLX_T_UNKNOWN);
    c->nullable = true;
    c->ordinal = (int)t->columns.len;
    sqlx_vec_push_arena(&t->columns, &s->arena, c);
    return c;
}

struct sqlx_fkey *sqlx_table_add_fkey(struct sqlx_schema *s, struct sqlx_table *t, const char *name,
                                      const char *ref_table, size_t ncolumns)
{
    struct sqlx_fkey *f = sqlx_arena_zalloc(&s->arena, sizeof *f);
    f->name = name ? sqlx_arena_strdup(&s->arena, name) : NULL;
    f->table = t->name;
    f->ref_table = sqlx_arena_strdup(&s->arena, ref_table);
    f->columns = sqlx_arena_zalloc(&s->arena, (ncolumns + 1) * sizeof *f->columns);
    f->ref_columns = sqlx_arena_zalloc(&s->arena, (ncolumns + 1) * sizeof *f->ref_columns);
    f->ncolumns = ncolumns;
    f->on_delete = "NO ACTION";
    f->on_update = "NO ACTION";
    sqlx_vec_push_arena(&t->fkeys, &s->arena, f);
    return f;
}

struct sqlx_index *sqlx_table_add_index(struct sqlx_schema *s, struct sqlx_table *t,
                                        const char *name, size_t ncolumns, bool unique)
{
    struct sqlx_index *ix = sqlx_arena_zalloc(&s->arena, sizeof *ix);
    ix->name = name ? sqlx_arena_strdup(&s->arena, name) : NULL;
    ix->columns = sqlx_arena_zalloc(&s->arena, (ncolumns + 1) * sizeof *ix->columns);
    ix->ncolumns = ncolumns;
    ix->unique = unique;
    sqlx_vec_push_arena(&t->indexes, &s->arena, ix);
    return ix;
}

struct sqlx_check *sqlx_table_add_check(struct sqlx_schema *s, struct sqlx_table *t,
                                        const char *name, const char *expr)
{
    struct sqlx_check *ck = sqlx_arena_zalloc(&s->arena, sizeof *ck);
    ck->name = name ? sqlx_arena_strdup(&s->arena, name) : NULL;
    ck->expr = sqlx_arena_strdup(&s->arena, expr ? expr : "");
    sqlx_vec_push_arena(&t->checks, &s->arena, ck);
    return ck;
}

/* ---- routes ------------------------------------------------------------------------------ */

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_lower_or_digit(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* Word boundaries: any run of characters that are not letters, digits or non-ASCII bytes; a
 * lower-case letter or digit followed by an upper-case one ("orderItems"); and the last capital of
 * an acronym before a lower-case letter ("HTTPServer" -> "http-server"). */
char *sqlx_schema_route_name(struct sqlx_arena *a, const char *name)
{
    size_t n = strlen(name);
    char *out = sqlx_arena_alloc(a, 2 * n + 1);
    size_t o = 0;
    bool pending_dash = false;

    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool alnum = isalnum((unsigned char)c) || ((unsigned char)c & 0x80);
        if (!alnum) {
            pending_dash = o > 0;
            continue;
        }
        if (is_upper(c) && i > 0 &&
            (is_lower_or_digit(name[i - 1]) ||
             (is_upper(name[i - 1]) && i + 1 < n && name[i + 1] >= 'a' && name[i + 1] <= 'z')))
            pending_dash = o > 0;
        if (pending_dash)
            out[o++] = '-';
        pending_dash = false;
        out[o++] = (char)tolower((unsigned char)c);
    }
    if (o == 0) /* nothing usable ("_"): keep the name as it is */
        return sqlx_arena_strdup(a, name);
    out[o] = '\0';
    return out;
}

/* ---- publishing -------------------------------------------------------------------------- */

static int cmp_table(const void *x, const void *y)
{
    const struct sqlx_table *a = *(const struct sqlx_table *const *)x;
    const struct sqlx_table *b = *(const struct sqlx_table *const *)y;
    return strcmp(a->name, b->name);
}

static int cmp_pk(const void *x, const void *y)
{
    const struct sqlx_column *a = *(const struct sqlx_column *const *)x;
    const struct sqlx_column *b = *(const struct sqlx_column *const *)y;
    return (a->pk_position > b->pk_position) - (a->pk_position < b->pk_position);
}

static bool same_columns(const struct sqlx_index *a, const struct sqlx_index *b)
{
    if (a->ncolumns != b->ncolumns)
        return false;
    for (size_t i = 0; i < a->ncolumns; i++)
        if (!a->columns[i] || !b->columns[i] || strcmp(a->columns[i], b->columns[i]) != 0)
            return false;
    return true;
}

static void publish_table(struct sqlx_schema *s, struct sqlx_table *t)
{
    struct sqlx_column *c;
    struct sqlx_index *ix;
    size_t npk = 0;

    t->route = sqlx_schema_route_name(&s->arena, t->name);
    sqlx_map_free(&t->colmap);
    sqlx_map_init(&t->colmap, false);
    sqlx_vec_foreach(&t->columns, struct sqlx_column *, c)
    {
        c->ordinal = (int)c_i;
        sqlx_map_put(&t->colmap, c->name, c);
        if (c->pk_position > 0)
            npk++;
    }
    t->npk = npk;
    t->pk = sqlx_arena_zalloc(&s->arena, (npk + 1) * sizeof *t->pk);
    npk = 0;
    sqlx_vec_foreach(&t->columns, struct sqlx_column *, c)
    {
        if (c->pk_position > 0)
            t->pk[npk++] = c;
    }
    qsort(t->pk, t->npk, sizeof *t->pk, cmp_pk);

    sqlx_vec_foreach(&t->indexes, struct sqlx_index *, ix)
    {
        if (!ix->unique || ix->primary || ix->where)
            continue;
        bool seen = false;
        for (size_t j = 0; j < t->uniques.len && !seen; j++)
            seen = same_columns(t->uniques.items[j], ix);
        if (!seen)
            sqlx_vec_push_arena(&t->uniques, &s->arena, ix);
    }
    t->referenced_by.len = 0;
}

static struct sqlx_table *find_by_exact_name(struct sqlx_schema *s, const char *name)
{
    struct sqlx_table *t = sqlx_map_get(&s->by_name, name);
    if (t && strcmp(t->name, name) == 0)
        return t;
    sqlx_vec_foreach(&s->tables, struct sqlx_table *, t)
    {
        if (strcasecmp(t->name, name) == 0)
            return t;
    }
    return NULL;
}

void sqlx_schema_publish(struct sqlx_schema *s)
{
    struct sqlx_table *t;
    struct sqlx_fkey *f;

    if (s->tables.len > 1)
        qsort(s->tables.items, s->tables.len, sizeof *s->tables.items, cmp_table);
    sqlx_vec_foreach(&s->tables, struct sqlx_table *, t) publish_table(s, t);

    /* Exact names first, so a route never hides a table whose name it spells. */
    sqlx_map_free(&s->by_name);
    sqlx_map_init(&s->by_name, false);
    sqlx_vec_foreach(&s->tables, struct sqlx_table *, t) sqlx_map_put(&s->by_name, t->name, t);
    sqlx_vec_foreach(&s->tables, struct sqlx_table *, t)
    {
        if (!sqlx_map_has(&s->by_name, t->route))
            sqlx_map_put(&s->by_name, t->route, t);
    }

    sqlx_vec_foreach(&s->tables, struct sqlx_table *, t)
    {
        sqlx_vec_foreach(&t->fkeys, struct sqlx_fkey *, f)
        {
            if (!f->table)
                f->table = t->name;
            struct sqlx_table *ref = find_by_exact_name(s, f->ref_table);
            if (ref)
                sqlx_vec_push_arena(&ref->referenced_by, &s->arena, f);
        }
    }
}

/* ---- lookups ----------------------------------------------------------------------------- */

const struct sqlx_table *sqlx_schema_table(const struct sqlx_schema *s, const char *name)
{
    const struct sqlx_table *t;
    if (!s || !name)
        return NULL;
    t = sqlx_map_get(&s->by_name, name);
    if (t)
        return t;
    /* Unquoted identifiers are case-insensitive in SQL: fall back to a case-blind scan. */
    sqlx_vec_foreach(&s->tables, const struct sqlx_table *, t)
    {
        if (strcasecmp(t->name, name) == 0 || strcasecmp(t->route, name) == 0)
            return t;
    }
    return NULL;
}

const struct sqlx_column *sqlx_table_column(const struct sqlx_table *t, const char *name)
{
    const struct sqlx_column *c;
    if (!t || !name)
        return NULL;
    c = sqlx_map_get(&t->colmap, name);
    if (c)
        return c;
    sqlx_vec_foreach(&t->columns, const struct sqlx_column *, c)
    {
        if (strcasecmp(c->name, name) == 0)
            return c;
    }
    return NULL;
}

/* ---- JSON -------------------------------------------------------------------------------- */

static void jw_str_or_null(struct sqlx_jw *w, const char *s)
{
    if (s)
        sqlx_jw_str(w, s);
    else
        sqlx_jw_null(w);
}

static void jw_names(struct sqlx_jw *w, const char *const *names, size_t n)
{
    sqlx_jw_arr_begin(w);
    for (size_t i = 0; i < n; i++)
        jw_str_or_null(w, names[i]);
    sqlx_jw_arr_end(w);
}

/* The type as an object with only the parameters its kind has. */
static void jw_type_info(struct sqlx_jw *w, const struct sqlx_type *ty)
{
    sqlx_jw_obj_begin(w);
    sqlx_jw_key(w, "kind");
    sqlx_jw_str(w, sqlx_tkind_name(ty->kind));
    switch (ty->kind) {
    case SQLX_T_INTEGER:
        sqlx_jw_key(w, "bits");
        sqlx_jw_int(w, ty->bits ? ty->bits : 64);
        sqlx_jw_key(w, "unsigned");
        sqlx_jw_bool(w, ty->is_unsigned);
        break;
    case SQLX_T_FLOAT:
        sqlx_jw_key(w, "bits");
        sqlx_jw_int(w, ty->bits == 32 ? 32 : 64);
        break;
    case SQLX_T_DECIMAL:
        sqlx_jw_key(w, "precision");
        sqlx_jw_int(w, ty->precision);
        sqlx_jw_key(w, "scale");
        sqlx_jw_int(w, ty->scale);
        break;
    case SQLX_T_STRING:
    case SQLX_T_BYTES:
        sqlx_jw_key(w, "max_len");
        sqlx_jw_int(w, ty->max_len);
        break;
    case SQLX_T_TIME:
    case SQLX_T_TIMESTAMP:
        sqlx_jw_key(w, "precision");
        sqlx_jw_int(w, ty->precision);
        sqlx_jw_key(w, "with_tz");
        sqlx_jw_bool(w, ty->with_tz);
        break;
    case SQLX_T_ENUM:
        sqlx_jw_key(w, "values");
        jw_names(w, ty->enum_values, ty->n_enum);
        break;
    default:
        break;
    }
    sqlx_jw_obj_end(w);
}

static void jw_column(struct sqlx_jw *w, const struct sqlx_column *c, struct sqlx_buf *tmp)
{
    sqlx_buf_reset(tmp);
    sqlx_type_format(&c->type, tmp);
    sqlx_jw_obj_begin(w);
    sqlx_jw_key(w, "name");
    sqlx_jw_str(w, c->name);
    sqlx_jw_key(w, "type");
    sqlx_jw_strn(w, tmp->data ? tmp->data : "", tmp->len);
    sqlx_jw_key(w, "type_info");
    jw_type_info(w, &c->type);
    sqlx_jw_key(w, "declared_type");
    sqlx_jw_str(w, c->declared_type ? c->declared_type : "");
    sqlx_jw_key(w, "nullable");
    sqlx_jw_bool(w, c->nullable);
    sqlx_jw_key(w, "default");
    jw_str_or_null(w, c->default_sql);
    sqlx_jw_key(w, "autoincrement");
    sqlx_jw_bool(w, c->autoincrement);
    sqlx_jw_key(w, "pk_position");
    sqlx_jw_int(w, c->pk_position);
    sqlx_jw_obj_end(w);
}

static void jw_fkey(struct sqlx_jw *w, const struct sqlx_fkey *f, bool incoming)
{
    sqlx_jw_obj_begin(w);
    sqlx_jw_key(w, "name");
    jw_str_or_null(w, f->name);
    if (incoming) {
        sqlx_jw_key(w, "table");
        jw_str_or_null(w, f->table);
    }
    sqlx_jw_key(w, "columns");
    jw_names(w, f->columns, f->ncolumns);
    if (!incoming) {
        sqlx_jw_key(w, "ref_table");
        jw_str_or_null(w, f->ref_table);
    }
    sqlx_jw_key(w, "ref_columns");
    jw_names(w, f->ref_columns, f->ncolumns);
    if (!incoming) {
        sqlx_jw_key(w, "on_delete");
        jw_str_or_null(w, f->on_delete);
        sqlx_jw_key(w, "on_update");
        jw_str_or_null(w, f->on_update);
    }
    sqlx_jw_obj_end(w);
}

static void jw_index(struct sqlx_jw *w, const struct sqlx_index *ix, bool full)
{
    sqlx_jw_obj_begin(w);
    sqlx_jw_key(w, "name");
    jw_str_or_null(w, ix->name);
    sqlx_jw_key(w, "columns");
    jw_names(w, ix->columns, ix->ncolumns);
    if (full) {
        sqlx_jw_key(w, "unique");
        sqlx_jw_bool(w, ix->unique);
        sqlx_jw_key(w, "primary");
        sqlx_jw_bool(w, ix->primary);
        sqlx_jw_key(w, "where");
        jw_str_or_null(w, ix->where);
    }
    sqlx_jw_obj_end(w);
}

static void jw_table(struct sqlx_jw *w, const struct sqlx_table *t, struct sqlx_buf *tmp)
{
    const struct sqlx_column *c;
    const struct sqlx_index *ix;
    const struct sqlx_fkey *f;
    const struct sqlx_check *ck;

    sqlx_jw_obj_begin(w);
    sqlx_jw_key(w, "name");
    sqlx_jw_str(w, t->name);
    sqlx_jw_key(w, "route");
    sqlx_jw_str(w, t->route);
    sqlx_jw_key(w, "kind");
    sqlx_jw_str(w, t->kind == SQLX_REL_VIEW ? "view" : "table");
    sqlx_jw_key(w, "columns");
    sqlx_jw_arr_begin(w);
    sqlx_vec_foreach(&t->columns, const struct sqlx_column *, c) jw_column(w, c, tmp);
    sqlx_jw_arr_end(w);
    sqlx_jw_key(w, "primary_key");
    sqlx_jw_arr_begin(w);
    for (size_t i = 0; i < t->npk; i++)
        sqlx_jw_str(w, t->pk[i]->name);
    sqlx_jw_arr_end(w);
    sqlx_jw_key(w, "unique");
    sqlx_jw_arr_begin(w);
    sqlx_vec_foreach(&t->uniques, const struct sqlx_index *, ix) jw_index(w, ix, false);
    sqlx_jw_arr_end(w);
    sqlx_jw_key(w, "foreign_keys");
    sqlx_jw_arr_begin(w);
    sqlx_vec_foreach(&t->fkeys, const struct sqlx_fkey *, f) jw_fkey(w, f, false);
    sqlx_jw_arr_end(w);
    sqlx_jw_key(w, "referenced_by");
    sqlx_jw_arr_begin(w);
    sqlx_vec_foreach(&t->referenced_by, const struct sqlx_fkey *, f) jw_fkey(w, f, true);
    sqlx_jw_arr_end(w);
    sqlx_jw_key(w, "indexes");
    sqlx_jw_arr_begin(w);
    sqlx_vec_foreach(&t->indexes, const struct sqlx_index *, ix) jw_index(w, ix, true);
    sqlx_jw_arr_end(w);
    sqlx_jw_key(w, "checks");
    sqlx_jw_arr_begin(w);
    sqlx_vec_foreach(&t->checks, const struct sqlx_check *, ck)
    {
        sqlx_jw_obj_begin(w);
        sqlx_jw_key(w, "name");
        jw_str_or_null(w, ck->name);
        sqlx_jw_key(w, "expr");
        sqlx_jw_str(w, ck->expr);
        sqlx_jw_obj_end(w);
    }
    sqlx_jw_arr_end(w);
    sqlx_jw_key(w, "view_sql");
    jw_str_or_null(w, t->view_sql);
    sqlx_jw_obj_end(w);
}

void sqlx_schema_to_json(const struct sqlx_schema *s, struct sqlx_buf *out, bool pretty)
{
    struct sqlx_jw w;
    struct sqlx_buf tmp;
    const struct sqlx_table *t;

    sqlx_buf_init(&tmp, 0);
    sqlx_jw_init(&w, out, pretty);
    sqlx_jw_obj_begin(&w);
    sqlx_jw_key(&w, "engine");
    sqlx_jw_str(&w, s->engine ? s->engine : "");
    sqlx_jw_key(&w, "version");
    sqlx_jw_str(&w, s->version ? s->version : "");
    sqlx_jw_key(&w, "tables");
    sqlx_jw_arr_begin(&w);
    sqlx_vec_foreach(&s->tables, const struct sqlx_table *, t) jw_table(&w, t, &tmp);
    sqlx_jw_arr_end(&w);
    sqlx_jw_obj_end(&w);
    sqlx_buf_free(&tmp);
}

/* ---- text -------------------------------------------------------------------------------- */

static void put_list(struct sqlx_buf *out, const char *const *names, size_t n)
{
    sqlx_buf_putc(out, '(');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sqlx_buf_puts(out, ", ");
        sqlx_buf_puts(out, names[i] ? names[i] : "?");
    }
    sqlx_buf_putc(out, ')');
}

static void text_columns(const struct sqlx_table *t, struct sqlx_buf *out, struct sqlx_buf *tmp)
{
    const struct sqlx_column *c;
    int w = 4;
    sqlx_vec_foreach(&t->columns, const struct sqlx_column *, c)
    {
        if ((int)strlen(c->name) > w)
            w = (int)strlen(c->name);
    }
    sqlx_vec_foreach(&t->columns, const struct sqlx_column *, c)
    {
        sqlx_buf_reset(tmp);
        sqlx_type_format(&c->type, tmp);
        sqlx_buf_printf(out, "  %-*s  %-24s", w, c->name, tmp->data ? tmp->data : "");
        if (!c->nullable)
            sqlx_buf_puts(out, "  not null");
        if (c->pk_position > 0)
            sqlx_buf_printf(out, "  pk %d", c->pk_position);
        if (c->autoincrement)
            sqlx_buf_puts(out, "  auto");
        if (c->default_sql)
            sqlx_buf_printf(out, "  default %s", c->default_sql);
        while (out->len > 0 && out->data[out->len - 1] == ' ')
            out->len--; /* padding of the last field */
        sqlx_buf_putc(out, '\n');
    }
}

static void text_table(const struct sqlx_table *t, struct sqlx_buf *out, struct sqlx_buf *tmp)
{
    const struct sqlx_index *ix;
    const struct sqlx_fkey *f;
    const struct sqlx_check *ck;

    sqlx_buf_printf(out, "%s %s (/%s)\n", t->kind == SQLX_REL_VIEW ? "view" : "table", t->name,
                    t->route);
    text_columns(t, out, tmp);
    if (t->npk > 0) {
        sqlx_buf_puts(out, "  primary key (");
        for (size_t i = 0; i < t->npk; i++)
            sqlx_buf_printf(out, "%s%s", i ? ", " : "", t->pk[i]->name);
        sqlx_buf_puts(out, ")\n");
    }
    sqlx_vec_foreach(&t->uniques, const struct sqlx_index *, ix)
    {
        sqlx_buf_puts(out, "  unique ");
        put_list(out, ix->columns, ix->ncolumns);
        sqlx_buf_putc(out, '\n');
    }
    sqlx_vec_foreach(&t->fkeys, const struct sqlx_fkey *, f)
    {
        sqlx_buf_printf(out, "  foreign key %s ", f->name ? f->name : "");
        put_list(out, f->columns, f->ncolumns);
        sqlx_buf_printf(out, " -> %s", f->ref_table);
        put_list(out, f->ref_columns, f->ncolumns);
        sqlx_buf_printf(out, " on delete %s on update %s\n", f->on_delete, f->on_update);
    }
    sqlx_vec_foreach(&t->referenced_by, const struct sqlx_fkey *, f)
    {
        sqlx_buf_printf(out, "  referenced by %s", f->table);
        put_list(out, f->columns, f->ncolumns);
        sqlx_buf_putc(out, '\n');
    }
    sqlx_vec_foreach(&t->indexes, const struct sqlx_index *, ix)
    {
        sqlx_buf_printf(out, "  %sindex %s ",
                        ix->primary ? "primary " : ix->unique ? "unique " : "",
                        ix->name ? ix->name : "");
        put_list(out, ix->columns, ix->ncolumns);
        if (ix->where)
            sqlx_buf_printf(out, " where %s", ix->where);
        sqlx_buf_putc(out, '\n');
    }
    sqlx_vec_foreach(&t->checks, const struct sqlx_check *, ck)
    {
        if (ck->name)
            sqlx_buf_printf(out, "  check %s: %s\n", ck->name, ck->expr);
        else
            sqlx_buf_printf(out, "  check %s\n", ck->expr);
    }
    if (t->view_sql)
        sqlx_buf_printf(out, "  as %s\n", t->view_sql);
}

void sqlx_schema_to_text(const struct sqlx_schema *s, struct sqlx_buf *out)
{
    const struct sqlx_table *t;
    size_t ntables = 0, nviews = 0;
    struct sqlx_buf tmp;

    sqlx_vec_foreach(&s->tables, const struct sqlx_table *, t)
    {
        if (t->kind == SQLX_REL_VIEW)
            nviews++;
        else
            ntables++;
    }
    sqlx_buf_printf(out, "%s %s: %zu table%s, %zu view%s\n", s->engine ? s->engine : "",
                    s->version ? s->version : "", ntables, ntables == 1 ? "" : "s", nviews,
                    nviews == 1 ? "" : "s");
    sqlx_buf_init(&tmp, 0);
    sqlx_vec_foreach(&s->tables, const struct sqlx_table *, t)
    {
        sqlx_buf_putc(out, '\n');
        text_table(t, out, &tmp);
    }
    sqlx_buf_free(&tmp);
}
