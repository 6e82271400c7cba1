/* The MySQL-family engine (MySQL, MariaDB, TiDB ...) on WireVM: every layout, the handshake and
 * every command flow come from the pack (packs/mysql-8.0.json and its extenders); this file binds
 * the connection interface to the pack's scripts by name, keeps the statement cache, encodes
 * parameters and decodes rows through wire/my_types.h (whole binary rows straight from the
 * buffer where the pack allows), resets dirty sessions for the pool and cancels with KILL QUERY.
 * Batches are conn_my_batch.c; what the two share is conn_my_int.h. Owns the socket
 * (wire/sock.h). Must not parse protocol bytes itself: it reads decoded fields by the names the
 * pack gives, and leaves value bytes to wire/my_types.h. */
#include "wire/my.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/url.h"
#include "wire/codec.h"
#include "wire/conn.h"
#include "wire/conn_my_int.h"
#include "wire/my_types.h"
#include "wire/pack.h"
#include "wire/sock.h"
#include "wire/transport.h"
#include "wire/vm.h"

static const struct sqlx_conn_ops my_ops;

/* ---- pack bindings --------------------------------------------------------------------------------- */

/* Whether the pack's BinaryRow says what sqlx_my_decode_binary_row reads: a 0 header, a NULL
 * bitmap with offset 2, then each type in the encoding the value decoders read. A pack that
 * says otherwise has its rows decoded by the codec only. */
static bool binrow_is_direct(const struct sqlx_wire_layout *l)
{
    if (l->shape != SQLX_WSHAPE_BITMAP_TYPED || l->ops[0].cval != 0 || l->ops[1].size != 2)
        return false;
    for (int t = 0; t < 256; t++)
        if (l->ops[2].encs[t] != sqlx_my_binary_encoding((uint8_t)t))
            return false;
    return true;
}

static int bind_pack(struct my_conn *mc, const struct sqlx_pack *pack, struct sqlx_err *err)
{
    const struct sqlx_wire_proto *p = pack->proto;
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(p);
    struct my_ids *id = &mc->id;
    const char *missing = NULL;
#define SCRIPT(f, n)                                            \
    if ((id->f = sqlx_wire_proto_script(p, n)) < 0 && !missing) \
    missing = "script " n
#define VAR(f, n)   id->f = sqlx_wire_proto_var(p, n)
#define EVENT(f, n) id->f = sqlx_wire_proto_event(p, n)
#define LAYOUT(f, n)                                       \
    if (!(id->f = sqlx_wire_codec_find(c, n)) && !missing) \
    missing = "message " n
    SCRIPT(s_handshake, "handshake");
    SCRIPT(s_simple, "simple");
    SCRIPT(s_prepare, "prepare");
    SCRIPT(s_execute, "execute");
    SCRIPT(s_batch_item, "batch_item");
    SCRIPT(s_batch_query, "batch_query");
    SCRIPT(s_batch_result, "batch_result");
    SCRIPT(s_close, "close_statement");
    SCRIPT(s_ping, "ping");
    SCRIPT(s_reset, "reset_session");
    SCRIPT(s_terminate, "terminate");
    id->s_bulk = sqlx_wire_proto_script(p, "bulk_item");
    VAR(v_user, "user");
    VAR(v_password, "password");
    VAR(v_database, "database");
    VAR(v_sslmode, "sslmode");
    VAR(v_extra, "extra_flags");
    VAR(v_drop, "drop_flags");
    VAR(v_sql, "sql");
    VAR(v_stmt_id, "stmt_id");
    VAR(v_param_count, "param_count");
    VAR(v_param_types, "param_types");
    VAR(v_param_pairs, "param_type_pairs");
    VAR(v_send_types, "send_types");
    VAR(v_params, "params");
    VAR(v_column_types, "column_types");
    VAR(v_connection_id, "connection_id");
    VAR(v_client_caps, "client_caps");
    VAR(v_status, "status");
    VAR(v_affected, "affected_rows");
    VAR(v_insert_id, "insert_id");
    VAR(v_column_count, "column_count");
    VAR(v_client_ext, "client_ext_caps");
    EVENT(e_ok, "ok");
    EVENT(e_column_count, "column_count");
    EVENT(e_column, "column");
    EVENT(e_row, "row");
    EVENT(e_result_end, "result_end");
    EVENT(e_prepare_ok, "prepare_ok");
    LAYOUT(l_coldef, "ColumnDefinition");
    LAYOUT(l_textrow, "TextRow");
    LAYOUT(l_binrow, "BinaryRow");
#undef SCRIPT
#undef VAR
#undef EVENT
#undef LAYOUT
    if (missing)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "wire pack \"%s\" cannot drive the MySQL engine: it has no %s",
                            pack->name, missing);
    id->cd_name = sqlx_wire_layout_slot(id->l_coldef, "name");
    id->cd_charset = sqlx_wire_layout_slot(id->l_coldef, "charset");
    id->cd_type = sqlx_wire_layout_slot(id->l_coldef, "type");
    id->cd_flags = sqlx_wire_layout_slot(id->l_coldef, "flags");
    id->cd_decimals = sqlx_wire_layout_slot(id->l_coldef, "decimals");
    id->tr_values = sqlx_wire_layout_slot(id->l_textrow, "values");
    id->br_values = sqlx_wire_layout_slot(id->l_binrow, "values");
    if (id->cd_name < 0 || id->cd_charset < 0 || id->cd_type < 0 || id->cd_flags < 0 ||
        id->cd_decimals < 0 || id->tr_values < 0 || id->br_values < 0 || id->v_sql < 0 ||
        id->v_params < 0 || id->v_column_types < 0 || id->v_status < 0 || id->e_row < 0)
        return sqlx_err_set(
            err, SQLX_EINVAL,
            "wire pack \"%s\" cannot drive the MySQL engine: a message lacks a field the engine reads",
            pack->name);
    id->direct_binrow = binrow_is_direct(id->l_binrow);
    return 0;
}

/* ---- errors and events ----------------------------------------------------------------------------- */

int64_t sqlx_my__var_int(struct my_conn *mc, int slot)
{
    const struct sqlx_wire_val *v = sqlx_wire_vm_get(mc->vm, slot);
    return v->kind == SQLX_WV_INT ? v->i : 0;
}

/* Turns a failed run into the interface's error: errno and SQLSTATE mapped to a code and a
 * constraint kind, and the broken flag when the conversation is lost. */
int sqlx_my__fail(struct my_conn *mc, int rc, struct sqlx_err *err)
{
    if (mc->vm && sqlx_wire_vm_broken(mc->vm))
        mc->base.broken = true;
    if (mc->vm)
        mc->base.state = sqlx_wire_vm_state(mc->vm);
    if (!err)
        return rc;
    if (err->engine_code > 0 && err->code == SQLX_EENGINE) {
        enum sqlx_constraint_kind kind = SQLX_CONSTRAINT_NONE;
        err->code = sqlx_my_errno_code(err->engine_code, err->sqlstate, &kind);
        err->constraint_kind = kind;
        if (err->code == SQLX_ECONSTRAINT)
            sqlx_my_error_constraint(err->engine_code, err->message, err->constraint,
                                     sizeof(err->constraint));
        if (err->code == SQLX_EIO)
            mc->base.broken = true; /* killed, shut down: the server closes the connection */
        return err->code;
    }
    if (err->code == SQLX_OK)
        err->code = rc < 0 ? (enum sqlx_code)rc : SQLX_EINTERNAL;
    return err->code;
}

/* The statement has no current row (its values may point into a message that is gone). */
static void row_clear(struct my_stmt *st)
{
    st->row_count = 0;
    st->base.row = NULL;
    st->base.row_n = 0;
}

static void col_free(struct my_stmt *st)
{
    for (int i = 0; i < st->cap_cols; i++)
        sqlx_free(st->names[i]);
}

/* A result set of n columns starts: the column arrays fit n; names are kept while they match. */
static void take_column_count(struct my_conn *mc, struct my_stmt *st, int64_t n)
{
    if (n < 0 || n > 65535)
        n = 0;
    if (n > st->cap_cols) {
        size_t old = (size_t)st->cap_cols, add = (size_t)n - old;
        st->names = sqlx_realloc(st->names, (size_t)n * sizeof *st->names);
        st->mcols = sqlx_realloc(st->mcols, (size_t)n * sizeof *st->mcols);
        st->ctypes = sqlx_realloc(st->ctypes, (size_t)n * sizeof *st->ctypes);
        st->vals = sqlx_realloc(st->vals, (size_t)n * sizeof *st->vals);
        memset(st->names + old, 0, add * sizeof *st->names);
        memset(st->mcols + old, 0, add * sizeof *st->mcols);
        memset(st->ctypes + old, 0, add * sizeof *st->ctypes);
        memset(st->vals + old, 0, add * sizeof *st->vals);
        st->cap_cols = (int)n;
    }
    st->ncols = (int)n;
    st->next_col = 0;
    st->results++;
    sqlx_wire_vm_set(mc->vm, mc->id.v_column_types, sqlx_wire_list(st->ctypes, (uint32_t)n));
}

static bool same_name(const char *name, const struct sqlx_wire_val *v)
{
    return name && v->kind == SQLX_WV_BYTES && strlen(name) == v->n && memcmp(name, v->p, v->n) == 0;
}

/* One Column Definition: name (kept while it does not change), type, flags, charset. */
static void take_column(struct my_conn *mc, struct my_stmt *st, const struct sqlx_wire_msg *m)
{
    if (st->next_col >= st->ncols)
        return;
    int k = st->next_col;
    const struct sqlx_wire_val *name = sqlx_wire_msg_val(m, mc->id.cd_name);
    if (!same_name(st->names[k], name)) {
        sqlx_free(st->names[k]);
        st->names[k] = name->kind == SQLX_WV_BYTES ? sqlx_strndup((const char *)name->p, name->n)
                                                   : sqlx_strdup("");
    }
    struct sqlx_my_column *c = &st->mcols[k];
    c->type = (uint8_t)sqlx_wire_msg_val(m, mc->id.cd_type)->i;
    c->flags = (uint16_t)sqlx_wire_msg_val(m, mc->id.cd_flags)->i;
    c->charset = (uint16_t)sqlx_wire_msg_val(m, mc->id.cd_charset)->i;
    c->decimals = (uint8_t)sqlx_wire_msg_val(m, mc->id.cd_decimals)->i;
    sqlx_my_column_plan(c);
    st->ctypes[k] = sqlx_wire_int(c->type);
    st->next_col++;
}

static void take_params(struct my_stmt *st, int n)
{
    st->base.nparams = n;
    size_t k = (size_t)n + 1;
    st->param_data = sqlx_calloc(k, sizeof *st->param_data);
    st->param_vals = sqlx_calloc(k, sizeof *st->param_vals);
    st->ptypes = sqlx_calloc(k, sizeof *st->ptypes);
    st->ppairs = sqlx_calloc(k, sizeof *st->ppairs);
    st->sent_pairs = sqlx_calloc(k, sizeof *st->sent_pairs);
    st->types_sent = false;
    st->bound = sqlx_calloc(k, sizeof *st->bound);
    for (int i = 0; i < n; i++)
        sqlx_buf_init(&st->param_data[i], 0);
}

/* An OK packet: rows affected, last insert id, status (a session that changed is dirty). */
static void take_ok(struct my_conn *mc, struct op_ctx *op)
{
    int64_t affected = sqlx_my__var_int(mc, mc->id.v_affected);
    int64_t id = sqlx_my__var_int(mc, mc->id.v_insert_id);
    int64_t status = sqlx_my__var_int(mc, mc->id.v_status);
    if (status & STATUS_STATE_CHANGED)
        mc->dirty = true;
    mc->changes = affected;
    if (id)
        mc->insert_id = id;
    if (op) {
        op->affected += affected;
        if (id)
            op->insert_id = id;
        if (op->st) {
            op->st->changes = affected;
            if (id)
                op->st->insert_id = id;
        }
    }
}

/* Runs the VM from a run/resume result until it finishes, fails, yields a row the current
 * statement streams (SQLX_VM_YIELD) or reaches the end of a result set another follows while the
 * statement streams (PUMP_PAUSE); other events are handled here. */
static int pump(struct my_conn *mc, int rc, struct sqlx_err *err)
{
    struct op_ctx *op = mc->op;
    struct my_stmt *st = op ? op->st : NULL;
    while (rc == SQLX_VM_YIELD) {
        int ev = sqlx_wire_vm_event(mc->vm);
        if (ev == mc->id.e_row) {
            if (st && st->running)
                return SQLX_VM_YIELD;
        } else if (ev == mc->id.e_column) {
            if (st)
                take_column(mc, st, sqlx_wire_vm_msg(mc->vm));
        } else if (ev == mc->id.e_column_count) {
            if (st)
                take_column_count(mc, st, sqlx_my__var_int(mc, mc->id.v_column_count));
        } else if (ev == mc->id.e_ok) {
            take_ok(mc, op);
        } else if (ev == mc->id.e_result_end) {
            int64_t status = sqlx_my__var_int(mc, mc->id.v_status);
            if (status & STATUS_STATE_CHANGED)
                mc->dirty = true;
            if (st && st->running && (status & STATUS_MORE_RESULTS))
                return PUMP_PAUSE;
        } else if (ev == mc->id.e_prepare_ok) {
            if (st) {
                st->stmt_id = (uint32_t)sqlx_my__var_int(mc, mc->id.v_stmt_id);
                take_params(st, (int)sqlx_my__var_int(mc, mc->id.v_param_count));
                take_column_count(mc, st, sqlx_my__var_int(mc, mc->id.v_column_count));
                st->results = 0;
            }
        }
        rc = sqlx_wire_vm_resume(mc->vm, err);
    }
    return rc;
}

int sqlx_my__run_script(struct my_conn *mc, int script, struct op_ctx *op, struct sqlx_err *err)
{
    struct op_ctx *saved = mc->op;
    mc->op = op;
    int rc = sqlx_wire_vm_run(mc->vm, script, err);
    rc = pump(mc, rc, err);
    mc->op = saved;
    mc->base.state = sqlx_wire_vm_state(mc->vm);
    if (rc < 0)
        return sqlx_my__fail(mc, rc, err);
    return 0;
}

/* Reads the active statement's remaining results (rows dropped) so the connection is in step. */
static int finish_active(struct my_conn *mc, struct sqlx_err *err)
{
    struct my_stmt *st = mc->active;
    if (!st)
        return 0;
    mc->active = NULL;
    row_clear(st);
    st->running = false;
    st->paused = false;
    st->pending_row = false;
    st->done = true;
    struct op_ctx op = { .st = st };
    struct op_ctx *saved = mc->op;
    mc->op = &op;
    int rc = pump(mc, sqlx_wire_vm_resume(mc->vm, err), err);
    mc->op = saved;
    mc->base.state = sqlx_wire_vm_state(mc->vm);
    return rc < 0 ? sqlx_my__fail(mc, rc, err) : 0;
}

int sqlx_my__interrupt_active(struct my_conn *mc, struct sqlx_err *err)
{
    if (!mc->active)
        return 0;
    mc->active->interrupted = true;
    struct sqlx_err ignored;
    int rc = finish_active(mc, &ignored);
    if (rc && mc->base.broken) {
        if (err)
            *err = ignored;
        return rc;
    }
    return 0;
}

bool sqlx_my__usable(struct my_conn *mc, struct sqlx_err *err)
{
    if (mc->base.broken || !mc->vm) {
        sqlx_err_set(err, SQLX_EIO, "the MySQL connection is broken and cannot be used");
        sqlx_err_hint(err, "Open a new connection; the pool replaces broken ones on its own.");
        return false;
    }
    return true;
}

/* ---- statements ------------------------------------------------------------------------------------ */

static void stmt_free(struct my_conn *mc, struct my_stmt *st)
{
    const struct sqlx_wire_val *ct = mc->vm ? sqlx_wire_vm_get(mc->vm, mc->id.v_column_types) : NULL;
    if (ct && ct->kind == SQLX_WV_LIST && ct->items == st->ctypes)
        sqlx_wire_vm_set(mc->vm, mc->id.v_column_types, sqlx_wire_null());
    for (int i = 0; i < st->base.nparams; i++)
        sqlx_buf_free(&st->param_data[i]);
    sqlx_free(st->param_data);
    sqlx_free(st->param_vals);
    sqlx_free(st->ptypes);
    sqlx_free(st->ppairs);
    sqlx_free(st->sent_pairs);
    sqlx_free(st->bound);
    col_free(st);
    sqlx_free(st->names);
    sqlx_free(st->mcols);
    sqlx_free(st->vals);
    sqlx_free(st->ctypes);
    sqlx_free(st->sql);
    sqlx_my_scratch_free(&st->scratch);
    sqlx_free(st);
}

/* Queues COM_STMT_CLOSE (no answer; it leaves with the next command) and frees the statement. */
static void stmt_drop(struct my_conn *mc, struct my_stmt *st)
{
    if (mc->active == st)
        mc->active = NULL;
    if (!st->text && st->stmt_id && mc->vm && !mc->base.broken) {
        struct sqlx_err ignored;
        sqlx_wire_vm_set(mc->vm, mc->id.v_stmt_id, sqlx_wire_int(st->stmt_id));
        if (sqlx_wire_vm_run(mc->vm, mc->id.s_close, &ignored) < 0) {
            /* the connection is lost; the server forgets the statement with it */
        }
    }
    stmt_free(mc, st);
}

static struct my_stmt *cache_lookup(struct my_conn *mc, const char *sql, size_t len)
{
    for (int i = 0; i < STMT_CACHE_SIZE; i++) {
        struct cache_entry *e = &mc->cache[i];
        if (e->s && !e->in_use && e->s->sql_len == len && memcmp(e->s->sql, sql, len) == 0) {
            e->in_use = true;
            return e->s;
        }
    }
    return NULL;
}

static void cache_insert(struct my_conn *mc, struct my_stmt *st)
{
    int slot = -1;
    for (int i = 0; i < STMT_CACHE_SIZE && slot < 0; i++)
        if (!mc->cache[i].s)
            slot = i;
    for (int n = 0; n < STMT_CACHE_SIZE && slot < 0; n++) {
        int i = (int)(mc->next_evict++ % STMT_CACHE_SIZE);
        if (!mc->cache[i].in_use) {
            stmt_drop(mc, mc->cache[i].s);
            mc->cache[i].s = NULL;
            slot = i;
        }
    }
    if (slot < 0)
        return;
    mc->cache[slot].s = st;
    mc->cache[slot].in_use = true;
    st->slot = slot;
}

/* Forgets every cached statement: the server dropped them (COM_RESET_CONNECTION). */
static void cache_forget(struct my_conn *mc)
{
    for (int i = 0; i < STMT_CACHE_SIZE; i++) {
        struct my_stmt *st = mc->cache[i].s;
        if (!st)
            continue;
        if (mc->cache[i].in_use) {
            st->slot = -1; /* lent out: freed at finalize; its id is gone */
            st->stmt_id = 0;
        } else {
            stmt_free(mc, st);
        }
        mc->cache[i].s = NULL;
        mc->cache[i].in_use = false;
    }
}

static struct my_stmt *stmt_new(struct my_conn *mc, const char *sql, size_t len, bool text)
{
    struct my_stmt *st = sqlx_calloc(1, sizeof *st);
    st->base.conn = &mc->base;
    st->slot = -1;
    st->text = text;
    st->sql = sqlx_strndup(sql, len);
    st->sql_len = len;
    sqlx_my_scratch_init(&st->scratch);
    return st;
}

int sqlx_my_prepare_text(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                         struct sqlx_err *err)
{
    *out = NULL;
    if (!sqlx_my_is(c))
        return sqlx_err_set(err, SQLX_EUNSUPPORTED, "not a MySQL connection");
    struct my_conn *mc = (struct my_conn *)c;
    if (!sqlx_my__usable(mc, err))
        return SQLX_EIO;
    struct my_stmt *st = stmt_new(mc, sql, len, true);
    take_params(st, 0);
    *out = &st->base;
    return 0;
}

static int my_prepare(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                      struct sqlx_err *err)
{
    struct my_conn *mc = (struct my_conn *)c;
    *out = NULL;
    if (!sqlx_my__usable(mc, err))
        return SQLX_EIO;
    struct my_stmt *st = cache_lookup(mc, sql, len);
    if (st) {
        mc->stats.cache_hits++;
        row_clear(st);
        *out = &st->base;
        return 0;
    }
    int rc = sqlx_my__interrupt_active(mc, err);
    if (rc)
        return rc;
    st = stmt_new(mc, sql, len, false);
    sqlx_wire_vm_set(mc->vm, mc->id.v_sql, sqlx_wire_bytes(st->sql, len));
    struct op_ctx op = { .st = st };
    rc = sqlx_my__run_script(mc, mc->id.s_prepare, &op, err);
    mc->stats.prepares++;
    if (rc) {
        bool refused = err && err->engine_code == ER_UNSUPPORTED_PS && !mc->base.broken;
        stmt_free(mc, st);
        if (refused) /* the server cannot prepare this statement: run it as text */
            return sqlx_my_prepare_text(c, sql, len, out, err);
        return rc;
    }
    if (!st->param_data)
        take_params(st, 0);
    cache_insert(mc, st);
    *out = &st->base;
    return 0;
}

int sqlx_my__bind(struct sqlx_stmt *s, int idx, const struct sqlx_value *v, struct sqlx_err *err)
{
    struct my_stmt *st = (struct my_stmt *)s;
    if (idx < 1 || idx > s->nparams)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "parameter index %d is out of range: the statement has %d parameters",
                            idx, s->nparams);
    int i = idx - 1;
    uint16_t type = 0;
    sqlx_buf_reset(&st->param_data[i]);
    int rc = sqlx_my_encode_param(v, &type, &st->param_data[i], err);
    if (rc) {
        if (err && err->message[0])
            sqlx_err_set(err, err->code, "parameter %d: %s", idx, err->message);
        return rc;
    }
    st->ptypes[i] = sqlx_wire_int(type & 0xff);
    st->ppairs[i] = sqlx_wire_int(type);
    st->param_vals[i] = v->type == SQLX_V_NULL
                            ? sqlx_wire_null()
                            : sqlx_wire_bytes(st->param_data[i].data ? st->param_data[i].data : "",
                                              st->param_data[i].len);
    st->bound[i] = true;
    return 0;
}

/* Points the COM_STMT_EXECUTE variables at the statement's parameters and column types. */
int sqlx_my__set_exec_vars(struct my_conn *mc, struct my_stmt *st, struct sqlx_err *err)
{
    uint32_t n = (uint32_t)st->base.nparams;
    for (uint32_t i = 0; i < n; i++)
        if (!st->bound[i])
            return sqlx_err_set(err, SQLX_EINVAL, "parameter %u is not bound", i + 1);
    sqlx_wire_vm_set(mc->vm, mc->id.v_stmt_id, sqlx_wire_int(st->stmt_id));
    sqlx_wire_vm_set(mc->vm, mc->id.v_param_count, sqlx_wire_int(n));
    sqlx_wire_vm_set(mc->vm, mc->id.v_param_types, sqlx_wire_list(st->ptypes, n));
    sqlx_wire_vm_set(mc->vm, mc->id.v_param_pairs, sqlx_wire_list(st->ppairs, n));
    /* The types go with the first execution and whenever they change; otherwise the server
     * reuses the ones it has (new_params_bound 0), as libmariadb does. */
    bool send = !st->types_sent;
    for (uint32_t i = 0; i < n && !send; i++)
        send = st->ppairs[i].i != st->sent_pairs[i];
    if (send) {
        for (uint32_t i = 0; i < n; i++)
            st->sent_pairs[i] = st->ppairs[i].i;
        st->types_sent = true;
        mc->stats.type_sends += n > 0;
    }
    sqlx_wire_vm_set(mc->vm, mc->id.v_send_types, sqlx_wire_int(send && n > 0));
    sqlx_wire_vm_set(mc->vm, mc->id.v_params, sqlx_wire_list(st->param_vals, n));
    sqlx_wire_vm_set(mc->vm, mc->id.v_column_types,
                     sqlx_wire_list(st->ctypes, (uint32_t)st->ncols));
    return 0;
}

/* Starts the statement's flow: COM_STMT_EXECUTE, or COM_QUERY for a text statement. */
static int start_run(struct my_conn *mc, struct my_stmt *st, struct sqlx_err *err)
{
    if (st->text) {
        sqlx_wire_vm_set(mc->vm, mc->id.v_sql, sqlx_wire_bytes(st->sql, st->sql_len));
        st->ncols = 0;
        return sqlx_wire_vm_run(mc->vm, mc->id.s_simple, err);
    }
    if (st->stmt_id == 0)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "the prepared statement was dropped by a session reset; prepare it again");
    int rc = sqlx_my__set_exec_vars(mc, st, err);
    return rc ? rc : sqlx_wire_vm_run(mc->vm, mc->id.s_execute, err);
}

/* Decodes the row the VM just yielded into the statement's values (text or binary, as the
 * message says), so column reads are a copy. */
static void take_row(struct my_conn *mc, struct my_stmt *st)
{
    const struct sqlx_wire_msg *m = sqlx_wire_vm_msg(mc->vm);
    bool binary = m->layout == mc->id.l_binrow;
    row_clear(st);
    if (!binary && m->layout != mc->id.l_textrow)
        return;
    const struct sqlx_wire_val *list =
        sqlx_wire_msg_val(m, binary ? mc->id.br_values : mc->id.tr_values);
    if (list->kind != SQLX_WV_LIST)
        return;
    uint32_t n = list->count < (uint32_t)st->ncols ? list->count : (uint32_t)st->ncols;
    sqlx_my_decode_row(st->mcols, sqlx_wire_msg_items(m, list), n, binary, &st->scratch, st->vals);
    st->row_count = n;
    st->base.row = st->vals;
    st->base.row_n = (int)n;
}

/* The statement's next row when it is already in the input buffer: a binary row decoded
 * straight from its payload where the pack allows, else through the codec. */
static bool take_buffered_row(struct my_conn *mc, struct my_stmt *st)
{
    const uint8_t *p;
    size_t n;
    if (mc->id.direct_binrow &&
        sqlx_wire_vm_peek_buffered(mc->vm, mc->id.e_row, &p, &n) == mc->id.l_binrow &&
        sqlx_my_decode_binary_row(st->mcols, (uint32_t)st->ncols, p, n, &st->scratch, st->vals) == 0) {
        sqlx_wire_vm_take_buffered(mc->vm, mc->id.e_row);
        st->row_count = (uint32_t)st->ncols;
        st->base.row = st->vals;
        st->base.row_n = st->ncols;
        return true;
    }
    if (sqlx_wire_vm_next_buffered(mc->vm, mc->id.e_row)) {
        take_row(mc, st);
        return true;
    }
    return false;
}

int sqlx_my__step(struct sqlx_stmt *s, struct sqlx_err *err)
{
    struct my_stmt *st = (struct my_stmt *)s;
    struct my_conn *mc = (struct my_conn *)s->conn;
    int rc;
    if (st->pending_row) {
        st->pending_row = false;
        return SQLX_STEP_ROW;
    }
    row_clear(st);
    if (st->interrupted)
        return sqlx_err_set(
            err, SQLX_EINVAL,
            "statement was cut short: another statement ran on the same connection before all its rows were read");
    if (st->done || st->paused)
        return SQLX_STEP_DONE;
    struct op_ctx op = { .st = st };
    struct op_ctx *saved = mc->op;
    sqlx_my_scratch_reset(&st->scratch);
    if (!st->running) {
        if (!sqlx_my__usable(mc, err))
            return SQLX_EIO;
        if ((rc = sqlx_my__interrupt_active(mc, err)))
            return rc;
        st->changes = 0;
        st->insert_id = 0;
        st->results = 0;
        st->running = true;
        mc->active = st;
        mc->op = &op;
        rc = start_run(mc, st, err);
    } else {
        /* the next row already buffered: taken without running the script */
        if (take_buffered_row(mc, st))
            return SQLX_STEP_ROW;
        mc->op = &op;
        rc = sqlx_wire_vm_resume(mc->vm, err);
    }
    rc = pump(mc, rc, err);
    mc->op = saved;
    mc->base.state = sqlx_wire_vm_state(mc->vm);
    if (rc == SQLX_VM_YIELD) {
        take_row(mc, st);
        return SQLX_STEP_ROW;
    }
    if (rc == PUMP_PAUSE) {
        st->paused = true;
        return SQLX_STEP_DONE;
    }
    st->running = false;
    st->done = true;
    if (mc->active == st)
        mc->active = NULL;
    if (rc < 0) {
        st->types_sent = false; /* the execution may not have reached the server */
        return sqlx_my__fail(mc, rc, err);
    }
    mc->changes = st->changes;
    if (st->insert_id)
        mc->insert_id = st->insert_id;
    return SQLX_STEP_DONE;
}

int sqlx_my_next_result(struct sqlx_stmt *s, struct sqlx_err *err)
{
    if (!s || !sqlx_my_is(s->conn))
        return sqlx_err_set(err, SQLX_EUNSUPPORTED, "not a MySQL statement");
    struct my_stmt *st = (struct my_stmt *)s;
    struct my_conn *mc = (struct my_conn *)s->conn;
    if (!st->running || mc->active != st)
        return 0;
    if (!st->paused) {
        /* rows of the current result set are left: read past them */
        int rc;
        while ((rc = sqlx_my__step(s, err)) == SQLX_STEP_ROW)
            ;
        if (rc < 0)
            return rc;
        if (!st->paused)
            return 0;
    }
    st->paused = false;
    row_clear(st);
    unsigned before = st->results;
    struct op_ctx op = { .st = st };
    struct op_ctx *saved = mc->op;
    mc->op = &op;
    sqlx_my_scratch_reset(&st->scratch);
    int rc = pump(mc, sqlx_wire_vm_resume(mc->vm, err), err);
    mc->op = saved;
    mc->base.state = sqlx_wire_vm_state(mc->vm);
    if (rc == SQLX_VM_YIELD) {
        take_row(mc, st);
        st->pending_row = true;
        return 1;
    }
    if (rc == PUMP_PAUSE) {
        st->paused = true;
        return 1;
    }
    st->running = false;
    st->done = true;
    mc->active = NULL;
    if (rc < 0)
        return sqlx_my__fail(mc, rc, err);
    mc->changes = st->changes;
    /* a last result set without rows still counts */
    return st->results != before ? 1 : 0;
}

static int my_column_count(struct sqlx_stmt *s)
{
    return ((struct my_stmt *)s)->ncols;
}

static const char *my_column_name(struct sqlx_stmt *s, int i)
{
    struct my_stmt *st = (struct my_stmt *)s;
    return i >= 0 && i < st->ncols ? st->names[i] : NULL;
}

static const char *my_column_decltype(struct sqlx_stmt *s, int i)
{
    struct my_stmt *st = (struct my_stmt *)s;
    if (i < 0 || i >= st->ncols)
        return NULL;
    const struct sqlx_pack_server_type *t =
        sqlx_pack_server_type(s->conn->pack, st->mcols[i].type);
    return t ? t->name : sqlx_my_type_name(st->mcols[i].type);
}

/* Column i of the current row, decoded when the row arrived (NULL past the row's values). */
static void my_column_value(struct sqlx_stmt *s, int i, struct sqlx_value *out)
{
    struct my_stmt *st = (struct my_stmt *)s;
    struct my_conn *mc = (struct my_conn *)s->conn;
    if ((uint32_t)i >= st->row_count || !st->running || mc->active != st || st->paused) {
        sqlx_value_set_null(out);
        return;
    }
    *out = st->vals[i];
}

int sqlx_my__reset(struct sqlx_stmt *s, struct sqlx_err *err)
{
    struct my_stmt *st = (struct my_stmt *)s;
    struct my_conn *mc = (struct my_conn *)s->conn;
    int rc = 0;
    if (st->running && mc->active == st)
        rc = finish_active(mc, err);
    row_clear(st);
    st->running = false;
    st->paused = false;
    st->pending_row = false;
    st->done = false;
    st->interrupted = false;
    return rc;
}

static void my_finalize(struct sqlx_stmt *s)
{
    struct my_stmt *st = (struct my_stmt *)s;
    struct my_conn *mc = (struct my_conn *)s->conn;
    struct sqlx_err ignored;
    if (sqlx_my__reset(s, &ignored) != 0 && mc->base.broken) {
        /* nothing more can be said to the server; the statement dies with the connection */
    }
    if (st->slot >= 0) {
        for (int i = 0; i < s->nparams; i++)
            st->bound[i] = false;
        mc->cache[st->slot].in_use = false;
        return;
    }
    stmt_drop(mc, st);
}

/* ---- connection ------------------------------------------------------------------------------------ */

static int my_exec(struct sqlx_conn *c, const char *sql, struct sqlx_err *err)
{
    struct my_conn *mc = (struct my_conn *)c;
    if (!sqlx_my__usable(mc, err))
        return SQLX_EIO;
    int rc = sqlx_my__interrupt_active(mc, err);
    if (rc)
        return rc;
    struct op_ctx op = { 0 };
    sqlx_wire_vm_set(mc->vm, mc->id.v_sql, sqlx_wire_bytes(sql, strlen(sql)));
    rc = sqlx_my__run_script(mc, mc->id.s_simple, &op, err);
    if (rc == 0)
        mc->changes = op.affected;
    return rc;
}

static int64_t my_changes(struct sqlx_conn *c)
{
    return ((struct my_conn *)c)->changes;
}

static int64_t my_last_insert_id(struct sqlx_conn *c)
{
    return ((struct my_conn *)c)->insert_id;
}

static bool my_in_transaction(struct sqlx_conn *c)
{
    struct my_conn *mc = (struct my_conn *)c;
    return mc->vm && (sqlx_my__var_int(mc, mc->id.v_status) & STATUS_IN_TRANS);
}

/* COM_PING: one round trip that proves the server answers. */
static bool my_ping(struct sqlx_conn *c)
{
    struct my_conn *mc = (struct my_conn *)c;
    struct sqlx_err err;
    if (mc->base.broken || !mc->vm)
        return false;
    if (mc->active)
        return true; /* a result is streaming: the link is alive */
    return sqlx_my__run_script(mc, mc->id.s_ping, NULL, &err) == 0;
}

/* COM_RESET_CONNECTION when the session changed (the server reported a state change: variables,
 * temporary tables, user variables ...); the server drops the prepared statements with it. */
static int my_reset_session(struct sqlx_conn *c, struct sqlx_err *err)
{
    struct my_conn *mc = (struct my_conn *)c;
    if (!sqlx_my__usable(mc, err))
        return SQLX_EIO;
    int rc = sqlx_my__interrupt_active(mc, err);
    if (rc)
        return rc;
    if (!mc->dirty)
        return 0;
    cache_forget(mc);
    mc->stats.resets++;
    rc = sqlx_my__run_script(mc, mc->id.s_reset, NULL, err);
    if (rc == 0)
        mc->dirty = false;
    return rc;
}

static int my_cancel(struct sqlx_conn *c, struct sqlx_err *err);

static void my_close(struct sqlx_conn *c)
{
    struct my_conn *mc = (struct my_conn *)c;
    struct sqlx_err ignored;
    if (mc->vm && !mc->base.broken && mc->base.state != SQLX_CONN_INIT) {
        if (sqlx_wire_vm_run(mc->vm, mc->id.s_terminate, &ignored) < 0) {
            /* the server is gone already; closing the socket is all that is left */
        }
    }
    for (int i = 0; i < STMT_CACHE_SIZE; i++)
        if (mc->cache[i].s)
            stmt_free(mc, mc->cache[i].s);
    sqlx_wire_vm_free(mc->vm);
    mc->vm = NULL;
    if (mc->sock)
        sqlx_sock_close(mc->sock);
    sqlx_free(mc->user);
    if (mc->password)
        memset(mc->password, 0, strlen(mc->password));
    sqlx_free(mc->password);
    sqlx_free(mc->host);
    sqlx_free(mc->root_cert);
    sqlx_free(mc->cert);
    sqlx_free(mc->key);
    sqlx_free(mc->server_version);
    sqlx_free(mc->bulk_vals);
    sqlx_buf_free(&mc->bulk_data);
    sqlx_free(mc);
}

static const struct sqlx_conn_ops my_ops = {
    .engine = "mysql",
    .exec = my_exec,
    .prepare = my_prepare,
    .bind = sqlx_my__bind,
    .step = sqlx_my__step,
    .column_count = my_column_count,
    .column_name = my_column_name,
    .column_decltype = my_column_decltype,
    .column_value = my_column_value,
    .reset = sqlx_my__reset,
    .finalize = my_finalize,
    .changes = my_changes,
    .last_insert_id = my_last_insert_id,
    .in_transaction = my_in_transaction,
    .exec_batch = sqlx_my__exec_batch,
    .cancel = my_cancel,
    .ping = my_ping,
    .close = my_close,
    .reset_session = my_reset_session,
};

/* ---- open ------------------------------------------------------------------------------------------ */

static const char *param2(const struct sqlx_url *u, const char *a, const char *b)
{
    const char *v = sqlx_url_param(u, a);
    if (!v || !*v)
        v = sqlx_url_param(u, b);
    return v && *v ? v : NULL;
}

/* ssl-mode in MySQL's words or PostgreSQL's -> sock.h mode; -1 when unknown. */
static int parse_ssl_mode(const char *s)
{
    static const struct {
        const char *name;
        int mode;
    } names[] = {
        { "disabled", SQLX_SSL_DISABLE },     { "preferred", SQLX_SSL_PREFER },
        { "required", SQLX_SSL_REQUIRE },     { "verify_ca", SQLX_SSL_VERIFY_CA },
        { "verify_identity", SQLX_SSL_VERIFY_FULL },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(names[i].name, s) == 0)
            return names[i].mode;
    return sqlx_sslmode_parse(s);
}

static int bool_option(const struct sqlx_url *u, const char *key, bool dflt, bool *out,
                       struct sqlx_err *err)
{
    const char *v = sqlx_url_param(u, key);
    *out = dflt;
    if (!v || !*v)
        return 0;
    if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcmp(v, "on") == 0) {
        *out = true;
    } else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0 || strcmp(v, "off") == 0) {
        *out = false;
    } else {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value \"%s\" for MySQL URL option \"%s\"", v,
                     key);
        sqlx_err_hint(err, "Use true or false.");
        return SQLX_EINVAL;
    }
    return 0;
}

static int parse_options(struct my_conn *mc, const struct sqlx_url *u, const char **sslmode,
                         int64_t *extra, int64_t *drop, struct sqlx_err *err)
{
    const char *mode = param2(u, "ssl-mode", "sslmode");
    int m = parse_ssl_mode(mode ? mode : "preferred");
    if (m < 0) {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value \"%s\" for MySQL URL option \"ssl-mode\"",
                     mode);
        sqlx_err_hint(err, "Use disabled, preferred, required, verify_ca or verify_identity.");
        return SQLX_EINVAL;
    }
    mc->tls.mode = (enum sqlx_sslmode)m;
    static const char modes[][12] = { "disable", "prefer", "require", "verify-ca", "verify-full" };
    *sslmode = modes[m];
    const char *files[3] = { param2(u, "ssl-ca", "sslrootcert"), param2(u, "ssl-cert", "sslcert"),
                             param2(u, "ssl-key", "sslkey") };
    mc->root_cert = files[0] ? sqlx_strdup(files[0]) : NULL;
    mc->cert = files[1] ? sqlx_strdup(files[1]) : NULL;
    mc->key = files[2] ? sqlx_strdup(files[2]) : NULL;
    mc->tls.root_cert = mc->root_cert;
    mc->tls.cert = mc->cert;
    mc->tls.key = mc->key;
    bool multi, eof;
    int rc;
    if ((rc = bool_option(u, "multi_statements", false, &multi, err)) ||
        (rc = bool_option(u, "deprecate_eof", true, &eof, err)))
        return rc;
    *extra = multi ? CAP_MULTI_STATEMENTS : 0;
    *drop = eof ? 0 : CAP_DEPRECATE_EOF;
    const char *ct = sqlx_url_param(u, "connect_timeout");
    mc->connect_timeout_ms = 10000;
    if (ct && *ct) {
        char *end;
        long secs = strtol(ct, &end, 10);
        if (*end || secs < 0 || secs > 86400) {
            sqlx_err_set(err, SQLX_EINVAL,
                         "invalid value \"%s\" for MySQL URL option \"connect_timeout\"", ct);
            sqlx_err_hint(err, "Give whole seconds, for example connect_timeout=5.");
            return SQLX_EINVAL;
        }
        mc->connect_timeout_ms = secs > 0 ? (int)secs * 1000 : 10000;
    }
    return 0;
}

static const char *server_param(void *ctx, const char *name)
{
    return sqlx_wire_vm_server_param(ctx, name);
}

static int open_host(struct my_conn *mc, const char *user, const char *pw, const char *db,
                     const char *sslmode, int64_t extra, int64_t drop, struct sqlx_err *err)
{
    int rc = sqlx_sock_connect(mc->host, mc->port, mc->connect_timeout_ms, &mc->sock, err);
    if (rc)
        return rc;
    mc->tr = (struct sqlx_sock_transport){ .sock = &mc->sock, .tls = &mc->tls,
                                           .writes = &mc->stats.writes,
                                           .bytes_in = &mc->stats.bytes_in,
                                           .bytes_out = &mc->stats.bytes_out };
    struct sqlx_wire_io io = sqlx_sock_transport_io(&mc->tr);
    mc->vm = sqlx_wire_vm_new(mc->proto, &io);
    sqlx_wire_vm_set(mc->vm, mc->id.v_user, sqlx_wire_bytes(user, strlen(user)));
    sqlx_wire_vm_set(mc->vm, mc->id.v_password, sqlx_wire_bytes(pw, strlen(pw)));
    if (db && *db)
        sqlx_wire_vm_set(mc->vm, mc->id.v_database, sqlx_wire_bytes(db, strlen(db)));
    sqlx_wire_vm_set(mc->vm, mc->id.v_sslmode, sqlx_wire_bytes(sslmode, strlen(sslmode)));
    sqlx_wire_vm_set(mc->vm, mc->id.v_extra, sqlx_wire_int(extra));
    sqlx_wire_vm_set(mc->vm, mc->id.v_drop, sqlx_wire_int(drop));
    rc = sqlx_my__run_script(mc, mc->id.s_handshake, NULL, err);
    /* The URL's strings are not kept past open. */
    sqlx_wire_vm_set(mc->vm, mc->id.v_password, sqlx_wire_null());
    sqlx_wire_vm_set(mc->vm, mc->id.v_user, sqlx_wire_null());
    sqlx_wire_vm_set(mc->vm, mc->id.v_database, sqlx_wire_null());
    if (rc && err && err->engine_code == 1045 && !err->hint[0])
        sqlx_err_hint(err, "Check the user name and password in the database URL.");
    return rc;
}

int sqlx_wire_my_open(const struct sqlx_url *u, const struct sqlx_pack *pack,
                      const struct sqlx_packset *packs, struct sqlx_conn **out,
                      struct sqlx_err *err)
{
    *out = NULL;
    if (!pack->proto)
        return sqlx_err_set(err, SQLX_EINVAL, "wire pack \"%s\" describes no wire protocol",
                            pack->name);
    struct my_conn *mc = sqlx_calloc(1, sizeof *mc);
    sqlx_buf_init(&mc->bulk_data, 0);
    mc->base.ops = &my_ops;
    mc->base.pack = pack;
    mc->base.state = SQLX_CONN_INIT;
    mc->proto = pack->proto;
    const char *sslmode = "prefer";
    int64_t extra = 0, drop = 0;
    int rc;
    if ((rc = bind_pack(mc, pack, err)) ||
        (rc = parse_options(mc, u, &sslmode, &extra, &drop, err)))
        goto fail;
    if (u->nhosts > 1) {
        rc = sqlx_err_set(err, SQLX_EUNSUPPORTED, "MySQL URLs name one host, this one names %zu",
                          u->nhosts);
        goto fail;
    }
    const char *user = u->user && *u->user ? u->user : getenv("USER");
    if (!user || !*user)
        user = "root";
    mc->host = sqlx_strdup(u->nhosts && u->hosts[0].host && *u->hosts[0].host ? u->hosts[0].host
                                                                               : "localhost");
    mc->port = u->nhosts && u->hosts[0].port ? u->hosts[0].port
                                             : (pack->default_port ? pack->default_port : 3306);
    mc->tls.host = mc->host;
    mc->user = sqlx_strdup(user);
    mc->password = sqlx_strdup(u->password ? u->password : "");
    mc->sslmode = sslmode;
    mc->extra = extra;
    mc->drop = drop;
    if ((rc = open_host(mc, mc->user, mc->password, u->database, sslmode, extra, drop, err)))
        goto fail;
    mc->connection_id = (uint32_t)sqlx_my__var_int(mc, mc->id.v_connection_id);
    mc->session_tracked = sqlx_my__var_int(mc, mc->id.v_client_caps) & CAP_SESSION_TRACK;
    mc->dirty = false;
    const char *version = sqlx_wire_vm_server_param(mc->vm, "server_version");
    mc->server_version = version ? sqlx_strdup(version) : NULL;
    const struct sqlx_pack *better =
        sqlx_packset_detect(packs, pack->family, pack, server_param, mc->vm);
    if (better)
        mc->base.pack = better;
    mc->base.state = SQLX_CONN_READY;
    *out = &mc->base;
    return 0;
fail:
    my_close(&mc->base);
    return rc;
}

/* KILL QUERY on a second connection opened with the same URL: the server stops the statement
 * this connection runs (it then answers it with an error) and the connection stays usable. Safe
 * from another thread: it reads only what open fixed. */
static int my_cancel(struct sqlx_conn *c, struct sqlx_err *err)
{
    struct my_conn *mc = (struct my_conn *)c;
    if (!mc->connection_id)
        return sqlx_err_set(err, SQLX_EUNSUPPORTED,
                            "the server sent no connection id, so statements cannot be cancelled");
    struct my_conn *k = sqlx_calloc(1, sizeof *k);
    k->base.ops = &my_ops;
    k->base.pack = mc->base.pack;
    k->proto = mc->proto;
    k->id = mc->id;
    k->tls = mc->tls;
    k->host = sqlx_strdup(mc->host);
    k->tls.host = k->host;
    k->port = mc->port;
    k->connect_timeout_ms = mc->connect_timeout_ms;
    int rc = open_host(k, mc->user, mc->password, NULL, mc->sslmode, 0, mc->drop, err);
    if (rc == 0) {
        char sql[48];
        snprintf(sql, sizeof sql, "KILL QUERY %u", (unsigned)mc->connection_id);
        k->base.state = SQLX_CONN_READY;
        rc = my_exec(&k->base, sql, err);
    }
    my_close(&k->base);
    return rc;
}

/* ---- MySQL extras (my.h) --------------------------------------------------------------------------- */

bool sqlx_my_is(const struct sqlx_conn *c)
{
    return c && c->ops == &my_ops;
}

uint32_t sqlx_my_connection_id(struct sqlx_conn *c)
{
    return sqlx_my_is(c) ? ((struct my_conn *)c)->connection_id : 0;
}

const char *sqlx_my_server_version(struct sqlx_conn *c)
{
    return sqlx_my_is(c) ? ((struct my_conn *)c)->server_version : NULL;
}

void sqlx_my_stats(struct sqlx_conn *c, struct sqlx_my_stats *out)
{
    if (sqlx_my_is(c))
        *out = ((struct my_conn *)c)->stats;
    else
        memset(out, 0, sizeof *out);
}
