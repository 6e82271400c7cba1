/* SQLite introspection: reads sqlite_master and the pragma table-valued functions
 * (pragma_table_xinfo, pragma_index_list, pragma_index_info, pragma_foreign_key_list) into the
 * universal model, through the wire/conn.h interface only, with table names as bound parameters.
 * CHECK constraints, partial-index predicates and view bodies come from the stored CREATE text by
 * a small token scanner. Owns nothing past the returned schema; must not call the SQLite library. */
#include "schema/introspect.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "schema/introspect_int.h"
#include "wire/conn.h"

/* ---- catalog queries (constant text; names are bound as ?1) ------------------------------- */

static const char SQL_VERSION[] = "SELECT sqlite_version()";
static const char SQL_RELATIONS[] =
    "SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view')"
    " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name";
static const char SQL_COLUMNS[] =
    "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1)"
    " ORDER BY cid";
static const char SQL_INDEXES[] =
    "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?1) ORDER BY name";
static const char SQL_INDEX_COLUMNS[] =
    "SELECT seqno, cid, name FROM pragma_index_info(?1) ORDER BY seqno";
static const char SQL_INDEX_SQL[] = "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?1";
/* SQLite numbers a table's foreign keys newest first; descending id gives declaration order. */
static const char SQL_FKEYS[] =
    "SELECT id, seq, \"table\", \"from\", \"to\", on_update, on_delete"
    " FROM pragma_foreign_key_list(?1) ORDER BY id DESC, seq";

/* pragma_table_xinfo.hidden: 1 marks a hidden column of a virtual table. */
#define XINFO_HIDDEN_VTAB 1
/* pragma_index_info.cid: -1 is the rowid, -2 an expression. */
#define INDEX_CID_ROWID -1
#define INDEX_CID_EXPR  -2

/* ---- a small scanner over stored CREATE text --------------------------------------------- */

enum tok_kind { TK_END, TK_WORD, TK_QUOTED, TK_STRING, TK_PUNCT };

struct tok {
    enum tok_kind kind;
    size_t start; /* byte offset in the text */
    size_t len;
};

static bool is_word_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Skips a quoted run starting at s[i] (the opening quote) up to its closing quote; a doubled
 * closing quote stands for itself. Returns the index just past the run. */
static size_t skip_quoted(const char *s, size_t i, char close)
{
    for (i++; s[i]; i++) {
        if (s[i] == close) {
            if (close != ']' && s[i + 1] == close) {
                i++;
                continue;
            }
            return i + 1;
        }
    }
    return i;
}

/* Reads the token at or after s[i], skipping blanks and comments. Returns the index after it. */
static size_t next_tok(const char *s, size_t i, struct tok *t)
{
    for (;;) {
        while (s[i] && isspace((unsigned char)s[i]))
            i++;
        if (s[i] == '-' && s[i + 1] == '-') {
            while (s[i] && s[i] != '\n')
                i++;
        } else if (s[i] == '/' && s[i + 1] == '*') {
            const char *e = strstr(s + i + 2, "*/");
            i = e ? (size_t)(e - s) + 2 : strlen(s);
        } else {
            break;
        }
    }
    t->start = i;
    if (!s[i]) {
        t->kind = TK_END;
        t->len = 0;
        return i;
    }
    size_t j = i;
    char c = s[i];
    if (c == '\'') {
        t->kind = TK_STRING;
        j = skip_quoted(s, i, '\'');
    } else if (c == '"' || c == '`' || c == '[') {
        t->kind = TK_QUOTED;
        j = skip_quoted(s, i, c == '[' ? ']' : c);
    } else if (is_word_byte((unsigned char)c)) {
        t->kind = TK_WORD;
        while (s[j] && is_word_byte((unsigned char)s[j]))
            j++;
    } else {
        t->kind = TK_PUNCT;
        j = i + 1;
    }
    t->len = j - i;
    return j;
}

static bool tok_is(const char *s, const struct tok *t, const char *word)
{
    return t->kind == TK_WORD && strlen(word) == t->len && strncasecmp(s + t->start, word, t->len) == 0;
}

static bool tok_punct(const char *s, const struct tok *t, char c)
{
    return t->kind == TK_PUNCT && s[t->start] == c;
}

/* Copies s[from, to) without surrounding blanks and a final ';'. */
static char *trimmed(struct sqlx_arena *a, const char *s, size_t from, size_t to)
{
    while (from < to && isspace((unsigned char)s[from]))
        from++;
    while (to > from && (isspace((unsigned char)s[to - 1]) || s[to - 1] == ';'))
        to--;
    return sqlx_arena_strndup(a, s + from, to - from);
}

/* An identifier token without its quotes ("a""b" -> a"b). */
static char *ident(struct sqlx_arena *a, const char *s, const struct tok *t)
{
    if (t->kind != TK_QUOTED || t->len < 2)
        return sqlx_arena_strndup(a, s + t->start, t->len);
    char q = s[t->start];
    char *out = sqlx_arena_alloc(a, t->len);
    size_t o = 0;
    for (size_t i = t->start + 1; i < t->start + t->len - 1; i++) {
        out[o++] = s[i];
        if (q != '[' && s[i] == q && s[i + 1] == q)
            i++;
    }
    out[o] = '\0';
    return out;
}

/* The text after the first top-level (depth 0) keyword `word`, or NULL when there is none. */
static char *after_top_keyword(struct sqlx_arena *a, const char *sql, const char *word)
{
    struct tok t;
    size_t i = 0;
    int depth = 0;
    for (;;) {
        i = next_tok(sql, i, &t);
        if (t.kind == TK_END)
            return NULL;
        if (tok_punct(sql, &t, '('))
            depth++;
        else if (tok_punct(sql, &t, ')'))
            depth--;
        else if (depth == 0 && tok_is(sql, &t, word))
            return trimmed(a, sql, i, strlen(sql));
    }
}

/* Adds every CHECK ( ... ) of a CREATE TABLE text; a constraint is named when
 * "CONSTRAINT name" comes right before CHECK. */
static void scan_checks(struct sqlx_schema *s, struct sqlx_table *t, const char *sql)
{
    struct tok tk, name_tok = { 0 };
    size_t i = 0;
    int depth = 0, since_name = -1;

    for (;;) {
        i = next_tok(sql, i, &tk);
        if (tk.kind == TK_END)
            return;
        if (since_name >= 0)
            since_name++;
        if (tok_punct(sql, &tk, '(')) {
            depth++;
        } else if (tok_punct(sql, &tk, ')')) {
            depth--;
        } else if (tok_is(sql, &tk, "CONSTRAINT")) {
            i = next_tok(sql, i, &name_tok);
            since_name = 0;
        } else if (depth >= 1 && tok_is(sql, &tk, "CHECK")) {
            struct tok open;
            size_t body = next_tok(sql, i, &open);
            if (!tok_punct(sql, &open, '('))
                continue;
            int d = 1;
            size_t j = body;
            struct tok in;
            while (d > 0) {
                size_t end = next_tok(sql, j, &in);
                if (in.kind == TK_END)
                    return; /* unbalanced text: stop rather than guess */
                if (tok_punct(sql, &in, '('))
                    d++;
                else if (tok_punct(sql, &in, ')') && --d == 0)
                    break;
                j = end;
            }
            const char *name = since_name == 1 ? ident(&s->arena, sql, &name_tok) : NULL;
            sqlx_table_add_check(s, t, name, trimmed(&s->arena, sql, body, in.start));
            i = in.start + 1;
        }
    }
}

/* ---- per-table readers ------------------------------------------------------------------- */

static int read_columns(struct sqlx_conn *c, struct sqlx_schema *s, struct sqlx_table *t,
                        struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(c, SQL_COLUMNS, t->name, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        if (sqlx_schema__col_int(st, 6, 0) == XINFO_HIDDEN_VTAB)
            continue;
        const char *name = sqlx_schema__col_text(st, 1, &s->arena);
        struct sqlx_column *col = sqlx_table_add_column(s, t, name ? name : "");
        const char *decl = sqlx_schema__col_text(st, 2, &s->arena);
        col->declared_type = decl ? decl : "";
        col->type = sqlx_type_from_decl(c->pack, col->declared_type);
        col->nullable = sqlx_schema__col_int(st, 3, 0) == 0;
        col->default_sql = sqlx_schema__col_text(st, 4, &s->arena);
        col->pk_position = (int)sqlx_schema__col_int(st, 5, 0);
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

static int read_index_columns(struct sqlx_conn *c, struct sqlx_schema *s, const char *index,
                              struct sqlx_vec *cols, struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(c, SQL_INDEX_COLUMNS, index, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        int64_t cid = sqlx_schema__col_int(st, 1, 0);
        const char *name = sqlx_schema__col_text(st, 2, &s->arena);
        if (cid == INDEX_CID_EXPR || !name)
            name = cid == INDEX_CID_ROWID ? "rowid" : "(expr)";
        sqlx_vec_push_arena(cols, &s->arena, (void *)name);
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

/* The WHERE predicate of a partial index, from its CREATE INDEX text. */
static int read_index_where(struct sqlx_conn *c, struct sqlx_schema *s, struct sqlx_index *ix,
                            struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(c, SQL_INDEX_SQL, ix->name, &st, err);
    if (rc < 0)
        return rc;
    rc = sqlx_stmt_step(st, err);
    if (rc == SQLX_STEP_ROW) {
        const char *sql = sqlx_schema__col_text(st, 0, &s->arena);
        if (sql)
            ix->where = after_top_keyword(&s->arena, sql, "WHERE");
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

/* One row of pragma_index_list, kept until the statement is done (one statement at a time). */
struct index_row {
    const char *name;
    bool unique;
    bool primary; /* origin "pk" */
    bool partial;
};

static int read_indexes(struct sqlx_conn *c, struct sqlx_schema *s, struct sqlx_table *t,
                        bool *has_pk_index, struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    struct sqlx_vec rows = { 0 };
    struct index_row *r;
    int rc = sqlx_schema__query(c, SQL_INDEXES, t->name, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        r = sqlx_arena_zalloc(&s->arena, sizeof *r);
        r->name = sqlx_schema__col_text(st, 0, &s->arena);
        r->unique = sqlx_schema__col_int(st, 1, 0) != 0;
        const char *origin = sqlx_schema__col_text(st, 2, &s->arena);
        r->primary = origin && strcmp(origin, "pk") == 0;
        r->partial = sqlx_schema__col_int(st, 3, 0) != 0;
        if (r->name)
            sqlx_vec_push_arena(&rows, &s->arena, r);
    }
    sqlx_stmt_finalize(st);
    if (rc < 0)
        return rc;

    sqlx_vec_foreach(&rows, struct index_row *, r)
    {
        struct sqlx_vec cols = { 0 };
        if ((rc = read_index_columns(c, s, r->name, &cols, err)) < 0)
            return rc;
        struct sqlx_index *ix = sqlx_table_add_index(s, t, r->name, cols.len, r->unique);
        for (size_t k = 0; k < cols.len; k++)
            ix->columns[k] = cols.items[k];
        ix->primary = r->primary;
        if (r->primary)
            *has_pk_index = true;
        if (r->partial && (rc = read_index_where(c, s, ix, err)) < 0)
            return rc;
    }
    return 0;
}

/* One row of pragma_foreign_key_list. */
struct fk_row {
    int64_t id;
    const char *table, *from, *to, *on_update, *on_delete;
};

static void add_fk_group(struct sqlx_schema *s, struct sqlx_table *t, struct fk_row **rows,
                         size_t n)
{
    char *name = sqlx_arena_printf(&s->arena, "fk_%s", t->name);
    for (size_t k = 0; k < n; k++)
        name = sqlx_arena_printf(&s->arena, "%s_%s", name, rows[k]->from ? rows[k]->from : "");
    struct sqlx_fkey *f = sqlx_table_add_fkey(s, t, name, rows[0]->table ? rows[0]->table : "", n);
    for (size_t k = 0; k < n; k++) {
        f->columns[k] = rows[k]->from;
        f->ref_columns[k] = rows[k]->to; /* NULL: the parent's primary key, resolved later */
    }
    if (rows[0]->on_delete)
        f->on_delete = rows[0]->on_delete;
    if (rows[0]->on_update)
        f->on_update = rows[0]->on_update;
}

static int read_fkeys(struct sqlx_conn *c, struct sqlx_schema *s, struct sqlx_table *t,
                      struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    struct sqlx_vec rows = { 0 };
    int rc = sqlx_schema__query(c, SQL_FKEYS, t->name, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        struct fk_row *r = sqlx_arena_zalloc(&s->arena, sizeof *r);
        r->id = sqlx_schema__col_int(st, 0, 0);
        r->table = sqlx_schema__col_text(st, 2, &s->arena);
        r->from = sqlx_schema__col_text(st, 3, &s->arena);
        r->to = sqlx_schema__col_text(st, 4, &s->arena);
        r->on_update = sqlx_schema__col_text(st, 5, &s->arena);
        r->on_delete = sqlx_schema__col_text(st, 6, &s->arena);
        sqlx_vec_push_arena(&rows, &s->arena, r);
    }
    sqlx_stmt_finalize(st);
    if (rc < 0)
        return rc;
    struct fk_row **all = (struct fk_row **)rows.items;
    for (size_t start = 0, k = 1; start < rows.len; k++) {
        if (k == rows.len || all[k]->id != all[start]->id) {
            add_fk_group(s, t, all + start, k - start);
            start = k;
        }
    }
    return 0;
}

/* An INTEGER PRIMARY KEY column of a rowid table aliases the rowid: the engine assigns it. */
static void mark_rowid_alias(struct sqlx_table *t, bool has_pk_index)
{
    struct sqlx_column *col, *pk = NULL;
    int npk = 0;
    if (has_pk_index)
        return; /* WITHOUT ROWID table, or a primary key that is not a rowid alias */
    sqlx_vec_foreach(&t->columns, struct sqlx_column *, col)
    {
        if (col->pk_position > 0) {
            npk++;
            pk = col;
        }
    }
    if (npk == 1 && strcasecmp(pk->declared_type, "INTEGER") == 0) {
        pk->autoincrement = true;
        pk->nullable = false;
    }
}

static int read_table(struct sqlx_conn *c, struct sqlx_schema *s, struct sqlx_table *t,
                      const char *sql, struct sqlx_err *err)
{
    bool has_pk_index = false;
    int rc = read_columns(c, s, t, err);
    if (rc < 0)
        return rc;
    if (t->kind == SQLX_REL_VIEW) {
        t->view_sql = sql ? after_top_keyword(&s->arena, sql, "AS") : NULL;
        return 0;
    }
    if ((rc = read_indexes(c, s, t, &has_pk_index, err)) < 0 ||
        (rc = read_fkeys(c, s, t, err)) < 0)
        return rc;
    mark_rowid_alias(t, has_pk_index);
    if (sql)
        scan_checks(s, t, sql);
    return 0;
}

/* Foreign keys written as REFERENCES parent (no column list) point at the parent's primary key. */
static void resolve_implicit_refs(struct sqlx_schema *s)
{
    struct sqlx_table *t, *p;
    struct sqlx_fkey *f;
    sqlx_vec_foreach(&s->tables, struct sqlx_table *, t)
    {
        sqlx_vec_foreach(&t->fkeys, struct sqlx_fkey *, f)
        {
            for (size_t k = 0; k < f->ncolumns; k++) {
                if (f->ref_columns[k])
                    continue;
                const char *found = "rowid";
                sqlx_vec_foreach(&s->tables, struct sqlx_table *, p)
                {
                    if (strcasecmp(p->name, f->ref_table) != 0)
                        continue;
                    struct sqlx_column *col;
                    sqlx_vec_foreach(&p->columns, struct sqlx_column *, col)
                    {
                        if (col->pk_position == (int)k + 1)
                            found = col->name;
                    }
                }
                f->ref_columns[k] = found;
            }
        }
    }
}

/* Lists tables and views with their CREATE text; texts are kept in rel_sql, parallel to tables. */
static int read_relations(struct sqlx_conn *c, struct sqlx_schema *s, struct sqlx_vec *rel_sql,
                          struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(c, SQL_RELATIONS, NULL, &st, err);
    if (rc < 0)
        return rc;
    while ((rc = sqlx_stmt_step(st, err)) == SQLX_STEP_ROW) {
        const char *name = sqlx_schema__col_text(st, 0, &s->arena);
        const char *type = sqlx_schema__col_text(st, 1, &s->arena);
        if (!name || !type)
            continue;
        sqlx_schema_add_table(s, name, strcmp(type, "view") == 0 ? SQLX_REL_VIEW : SQLX_REL_TABLE);
        sqlx_vec_push_arena(rel_sql, &s->arena, (void *)sqlx_schema__col_text(st, 2, &s->arena));
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

static int read_version(struct sqlx_conn *c, struct sqlx_schema *s, struct sqlx_err *err)
{
    struct sqlx_stmt *st;
    int rc = sqlx_schema__query(c, SQL_VERSION, NULL, &st, err);
    if (rc < 0)
        return rc;
    rc = sqlx_stmt_step(st, err);
    if (rc == SQLX_STEP_ROW) {
        const char *v = sqlx_schema__col_text(st, 0, &s->arena);
        s->version = v ? v : "";
    }
    sqlx_stmt_finalize(st);
    return rc < 0 ? rc : 0;
}

struct sqlx_schema *sqlx_schema_introspect_sqlite(struct sqlx_conn *c, struct sqlx_err *err)
{
    struct sqlx_schema *s = sqlx_schema_new();
    struct sqlx_vec rel_sql = { 0 };
    int rc;

    s->engine = "sqlite";
    if ((rc = read_version(c, s, err)) < 0 || (rc = read_relations(c, s, &rel_sql, err)) < 0)
        goto out_free_schema;
    for (size_t i = 0; i < s->tables.len; i++) {
        struct sqlx_table *t = s->tables.items[i];
        if ((rc = read_table(c, s, t, rel_sql.items[i], err)) < 0) {
            sqlx_err_detail(err, "While reading the catalog of %s \"%s\".",
                            t->kind == SQLX_REL_VIEW ? "view" : "table", t->name);
            goto out_free_schema;
        }
    }
    resolve_implicit_refs(s);
    sqlx_schema_publish(s);
    return s;

out_free_schema:
    sqlx_schema_free(s);
    return NULL;
}
