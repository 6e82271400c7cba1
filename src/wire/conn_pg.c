/* The PostgreSQL engine behind the connection interface, on WireVM: every message layout, tag,
 * handshake and query flow comes from the pack (packs/postgresql-15.json) and runs in the VM; this
 * file binds the interface to the pack's scripts by name, keeps the per-connection statement cache
 * (named statements keyed by SQL text), encodes parameters and decodes rows through wire/pg_types.h,
 * pipelines batches, and owns the socket (wire/sock.h), cancel, COPY and LISTEN/NOTIFY.
 * Must not parse protocol bytes itself: it reads decoded fields by the names the pack gives them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/url.h"
#include "wire/codec.h"
#include "wire/conn.h"
#include "wire/pack.h"
#include "wire/pg.h"
#include "wire/pg_types.h"
#include "wire/sock.h"
#include "wire/transport.h"
#include "wire/vm.h"

#define STMT_CACHE_SIZE   64
#define BATCH_FLUSH_BYTES (64u * 1024u) /* pipelined batches are written in chunks of this size */
#define COPY_CHUNK        (64u * 1024u)
#define MAX_NOTES         10000 /* queued notifications kept before the oldest drop */

/* What the engine needs from the pack, looked up by name once per connection. */
struct pg_ids {
    int s_handshake, s_simple, s_prepare, s_execute, s_batch_item, s_batch_end, s_batch_abort,
        s_wait, s_cancel, s_terminate;
    int v_user, v_password, v_sslmode, v_startup, v_sql, v_stmt_name, v_param_types,
        v_param_formats, v_params, v_result_formats, v_backend_pid, v_backend_key, v_txn;
    int e_row, e_rowdesc, e_paramdesc, e_complete, e_notice, e_notification, e_copy_in, e_copy_out,
        e_copy_data;
    const struct sqlx_wire_layout *l_rowdesc, *l_datarow, *l_complete, *l_paramdesc, *l_notify,
        *l_copy_data, *l_copy_done, *l_copy_fail, *l_close;
    int rd_fields, rd_stride, rd_name, rd_type; /* RowDescription */
    int dr_cols, dr_stride, dr_value;           /* DataRow */
    int cc_tag;                                 /* CommandComplete */
    int pd_types, pd_stride, pd_oid;            /* ParameterDescription */
    int nt_pid, nt_channel, nt_payload;         /* NotificationResponse */
    int cd_data;                                /* CopyData */
    int cf_message;                             /* CopyFail */
    int cl_kind, cl_name;                       /* Close */
};

struct pg_col {
    char *name;     /* into the statement's names block */
    uint32_t oid;   /* type OID */
    int16_t format; /* result format asked for in Bind */
};

struct pg_conn;

struct pg_stmt {
    struct sqlx_stmt base; /* must be first */
    char name[24];         /* server-side statement name */
    char *sql;             /* cache key (heap) */
    size_t sql_len;
    int slot;                    /* cache slot, -1 when uncached */
    uint32_t *param_oids;        /* from ParameterDescription */
    struct sqlx_buf *param_data; /* encoded value per parameter, reused across binds */
    int32_t *param_len;          /* -1 = NULL */
    bool *bound;
    struct sqlx_wire_val *param_vals; /* Bind params list: (length, value) per parameter */
    struct sqlx_wire_val *fmt_vals;   /* Bind parameter formats */
    struct sqlx_wire_val *res_vals;   /* Bind result formats, one per column */
    int ncols;
    struct pg_col *cols;
    char *names;      /* column names, NUL-separated (heap) */
    bool running;     /* rows are streaming: the VM is suspended in execute */
    bool done;        /* ran to completion since the last reset */
    bool interrupted; /* another statement ran before this one finished */
    int64_t changes;
    struct sqlx_pg_scratch scratch; /* decoded values of the current row */
};

/* A cached statement, keyed by SQL text. */
struct cache_entry {
    struct pg_stmt *s; /* NULL for an empty slot */
    bool in_use;       /* lent out by prepare, not yet given back by finalize */
};

/* A queued notification; strings are heap copies. */
struct pg_note {
    int32_t pid;
    char *channel;
    char *payload;
};

/* What the current operation does with the events the VM yields. */
struct op_ctx {
    struct pg_stmt *st; /* receives row and parameter descriptions; rows stop the run */
    int64_t affected;   /* sum of command tags */
    long (*copy_read)(void *ctx, char *buf, size_t cap);
    int (*copy_write)(void *ctx, const char *p, size_t n);
    void *copy_ctx;
    int copy_rc; /* first failure of a copy callback */
};

struct pg_conn {
    struct sqlx_conn base; /* must be first */
    struct sqlx_sock *sock;
    struct sqlx_sock_transport tr; /* the VM's transport over sock */
    struct sqlx_wire_vm *vm;
    const struct sqlx_wire_proto *proto;
    struct pg_ids id;
    struct sqlx_tls_opts tls;
    char *host; /* host connected to (heap) */
    int port;
    char *root_cert, *cert, *key; /* TLS files (heap, may be NULL) */
    int connect_timeout_ms;
    bool text_results;  /* result_format=text: never ask for binary results */
    int32_t cancel_pid; /* BackendKeyData, immutable after open */
    uint8_t cancel_key[256];
    size_t cancel_key_len;
    struct cache_entry cache[STMT_CACHE_SIZE];
    unsigned next_evict;
    unsigned next_name;
    struct pg_stmt *active; /* statement whose rows are streaming */
    struct sqlx_buf closes; /* names of statements to Close before the next Sync */
    int64_t changes;
    struct pg_note *notes;
    size_t nnotes, capnotes;
    struct pg_note current; /* the notification handed out last */
    void (*on_notice)(void *ctx, const struct sqlx_err *notice);
    void *notice_ctx;
    struct sqlx_pg_stats stats;
    struct op_ctx *op; /* operation in progress */
};

static const struct sqlx_conn_ops pg_ops;

/* ---- pack bindings --------------------------------------------------------------------------------- */

/* Looks up everything the engine uses; a pack missing any of it cannot drive this engine. */
static int bind_pack(struct pg_conn *pc, const struct sqlx_pack *pack, struct sqlx_err *err)
{
    const struct sqlx_wire_proto *p = pack->proto;
    const struct sqlx_wire_codec *c = sqlx_wire_proto_codec(p);
    struct pg_ids *id = &pc->id;
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
    SCRIPT(s_batch_end, "batch_end");
    SCRIPT(s_batch_abort, "batch_abort");
    SCRIPT(s_wait, "wait_notification");
    SCRIPT(s_cancel, "cancel");
    SCRIPT(s_terminate, "terminate");
    VAR(v_user, "user");
    VAR(v_password, "password");
    VAR(v_sslmode, "sslmode");
    VAR(v_startup, "startup_params");
    VAR(v_sql, "sql");
    VAR(v_stmt_name, "stmt_name");
    VAR(v_param_types, "param_types");
    VAR(v_param_formats, "param_formats");
    VAR(v_params, "params");
    VAR(v_result_formats, "result_formats");
    VAR(v_backend_pid, "backend_pid");
    VAR(v_backend_key, "backend_key");
    VAR(v_txn, "txn_status");
    EVENT(e_row, "row");
    EVENT(e_rowdesc, "row_description");
    EVENT(e_paramdesc, "parameter_description");
    EVENT(e_complete, "command_complete");
    EVENT(e_notice, "notice");
    EVENT(e_notification, "notification");
    EVENT(e_copy_in, "copy_in");
    EVENT(e_copy_out, "copy_out");
    EVENT(e_copy_data, "copy_data");
    LAYOUT(l_rowdesc, "RowDescription");
    LAYOUT(l_datarow, "DataRow");
    LAYOUT(l_complete, "CommandComplete");
    LAYOUT(l_paramdesc, "ParameterDescription");
    LAYOUT(l_notify, "NotificationResponse");
    LAYOUT(l_copy_data, "CopyData");
    LAYOUT(l_copy_done, "CopyDone");
    LAYOUT(l_copy_fail, "CopyFail");
    LAYOUT(l_close, "Close");
#undef SCRIPT
#undef VAR
#undef EVENT
#undef LAYOUT
    if (missing)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "wire pack \"%s\" cannot drive the PostgreSQL engine: it has no %s",
                            pack->name, missing);
    id->rd_fields = sqlx_wire_layout_slot(id->l_rowdesc, "fields");
    id->rd_stride = sqlx_wire_layout_stride(id->l_rowdesc, id->rd_fields);
    id->rd_name = sqlx_wire_layout_item_slot(id->l_rowdesc, id->rd_fields, "name");
    id->rd_type = sqlx_wire_layout_item_slot(id->l_rowdesc, id->rd_fields, "type_oid");
    id->dr_cols = sqlx_wire_layout_slot(id->l_datarow, "columns");
    id->dr_stride = sqlx_wire_layout_stride(id->l_datarow, id->dr_cols);
    id->dr_value = sqlx_wire_layout_item_slot(id->l_datarow, id->dr_cols, "value");
    id->cc_tag = sqlx_wire_layout_slot(id->l_complete, "command_tag");
    id->pd_types = sqlx_wire_layout_slot(id->l_paramdesc, "param_types");
    id->pd_stride = sqlx_wire_layout_stride(id->l_paramdesc, id->pd_types);
    id->pd_oid = sqlx_wire_layout_item_slot(id->l_paramdesc, id->pd_types, "oid");
    id->nt_pid = sqlx_wire_layout_slot(id->l_notify, "pid");
    id->nt_channel = sqlx_wire_layout_slot(id->l_notify, "channel");
    id->nt_payload = sqlx_wire_layout_slot(id->l_notify, "payload");
    id->cd_data = sqlx_wire_layout_slot(id->l_copy_data, "data");
    id->cf_message = sqlx_wire_layout_slot(id->l_copy_fail, "message");
    id->cl_kind = sqlx_wire_layout_slot(id->l_close, "kind");
    id->cl_name = sqlx_wire_layout_slot(id->l_close, "name");
    if (id->rd_stride <= 0 || id->rd_name < 0 || id->rd_type < 0 || id->dr_stride <= 0 ||
        id->dr_value < 0 || id->cc_tag < 0 || id->pd_stride <= 0 || id->pd_oid < 0 ||
        id->nt_channel < 0 || id->nt_payload < 0 || id->cd_data < 0 || id->cf_message < 0 ||
        id->cl_kind < 0 || id->cl_name < 0)
        return sqlx_err_set(
            err, SQLX_EINVAL,
            "wire pack \"%s\" cannot drive the PostgreSQL engine: a message lacks a field the engine reads",
            pack->name);
    return 0;
}

/* ---- errors and events ----------------------------------------------------------------------------- */

/* Turns a failed run into the interface's error: SQLSTATE-based code and constraint kind, and the
 * broken flag when the conversation is lost. */
static int fail(struct pg_conn *pc, int rc, struct sqlx_err *err)
{
    if (sqlx_wire_vm_broken(pc->vm))
        pc->base.broken = true;
    pc->base.state = sqlx_wire_vm_state(pc->vm);
    if (!err)
        return rc;
    if (err->sqlstate[0]) {
        enum sqlx_constraint_kind kind = SQLX_CONSTRAINT_NONE;
        err->code = sqlx_pg_sqlstate_code(err->sqlstate, &kind);
        err->constraint_kind = kind;
        if (kind == SQLX_CONSTRAINT_NONE)
            err->constraint[0] = '\0';
        return err->code;
    }
    if (err->code == SQLX_OK)
        err->code = rc < 0 ? (enum sqlx_code)rc : SQLX_EINTERNAL;
    return err->code;
}

/* The integer at the end of a command tag: "INSERT 0 5" -> 5, "SELECT 3" -> 3, "CREATE" -> 0. */
static int64_t tag_count(const struct sqlx_wire_val *tag)
{
    if (tag->kind != SQLX_WV_BYTES)
        return 0;
    size_t end = tag->n;
    size_t start = end;
    while (start > 0 && tag->p[start - 1] >= '0' && tag->p[start - 1] <= '9')
        start--;
    if (start == end || (start > 0 && tag->p[start - 1] != ' '))
        return 0;
    int64_t v = 0;
    for (size_t i = start; i < end && v < INT64_MAX / 10; i++)
        v = v * 10 + (tag->p[i] - '0');
    return v;
}

static void take_rowdesc(struct pg_conn *pc, struct pg_stmt *st, const struct sqlx_wire_msg *m)
{
    const struct sqlx_wire_val *list = sqlx_wire_msg_val(m, pc->id.rd_fields);
    const struct sqlx_wire_val *items = sqlx_wire_msg_items(m, list);
    int n = list->kind == SQLX_WV_LIST ? (int)list->count : 0;
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += items[i * pc->id.rd_stride + pc->id.rd_name].n + 1;
    sqlx_free(st->cols);
    sqlx_free(st->names);
    sqlx_free(st->res_vals);
    st->cols = sqlx_calloc((size_t)n + 1, sizeof *st->cols);
    st->names = sqlx_malloc(total + 1);
    st->res_vals = sqlx_calloc((size_t)n + 1, sizeof *st->res_vals);
    char *w = st->names;
    for (int i = 0; i < n; i++) {
        const struct sqlx_wire_val *f = &items[i * pc->id.rd_stride];
        const struct sqlx_wire_val *name = &f[pc->id.rd_name];
        memcpy(w, name->p, name->n);
        w[name->n] = '\0';
        st->cols[i].name = w;
        w += name->n + 1;
        st->cols[i].oid = (uint32_t)f[pc->id.rd_type].i;
        st->cols[i].format = !pc->text_results && sqlx_pg_binary_ok(st->cols[i].oid)
                                 ? SQLX_PG_FORMAT_BINARY
                                 : SQLX_PG_FORMAT_TEXT;
        st->res_vals[i] = sqlx_wire_int(st->cols[i].format);
    }
    st->ncols = n;
}

static void take_paramdesc(struct pg_conn *pc, struct pg_stmt *st, const struct sqlx_wire_msg *m)
{
    const struct sqlx_wire_val *list = sqlx_wire_msg_val(m, pc->id.pd_types);
    const struct sqlx_wire_val *items = sqlx_wire_msg_items(m, list);
    int n = list->kind == SQLX_WV_LIST ? (int)list->count : 0;
    st->base.nparams = n;
    st->param_oids = sqlx_calloc((size_t)n + 1, sizeof *st->param_oids);
    st->param_data = sqlx_calloc((size_t)n + 1, sizeof *st->param_data);
    st->param_len = sqlx_calloc((size_t)n + 1, sizeof *st->param_len);
    st->bound = sqlx_calloc((size_t)n + 1, sizeof *st->bound);
    st->param_vals = sqlx_calloc(2 * (size_t)n + 1, sizeof *st->param_vals);
    st->fmt_vals = sqlx_calloc((size_t)n + 1, sizeof *st->fmt_vals);
    for (int i = 0; i < n; i++) {
        st->param_oids[i] = (uint32_t)items[i * pc->id.pd_stride + pc->id.pd_oid].i;
        sqlx_buf_init(&st->param_data[i], 0);
        st->param_len[i] = -1;
    }
}

static void take_notice(struct pg_conn *pc, const struct sqlx_wire_msg *m)
{
    if (!pc->on_notice)
        return;
    struct sqlx_err notice;
    sqlx_wire_vm_msg_error(m, &notice);
    notice.code = SQLX_OK;
    pc->on_notice(pc->notice_ctx, &notice);
}

static void take_notification(struct pg_conn *pc, const struct sqlx_wire_msg *m)
{
    const struct sqlx_wire_val *ch = sqlx_wire_msg_val(m, pc->id.nt_channel);
    const struct sqlx_wire_val *pl = sqlx_wire_msg_val(m, pc->id.nt_payload);
    if (ch->kind != SQLX_WV_BYTES || pl->kind != SQLX_WV_BYTES)
        return;
    if (pc->nnotes >= MAX_NOTES) { /* a listener that never reads: drop the oldest */
        sqlx_free(pc->notes[0].channel);
        sqlx_free(pc->notes[0].payload);
        memmove(pc->notes, pc->notes + 1, (pc->nnotes - 1) * sizeof *pc->notes);
        pc->nnotes--;
    }
    if (pc->nnotes == pc->capnotes) {
        pc->capnotes = pc->capnotes ? pc->capnotes * 2 : 8;
        pc->notes = sqlx_realloc(pc->notes, pc->capnotes * sizeof *pc->notes);
    }
    struct pg_note *n = &pc->notes[pc->nnotes++];
    n->pid = (int32_t)sqlx_wire_msg_val(m, pc->id.nt_pid)->i;
    n->channel = sqlx_strndup((const char *)ch->p, ch->n);
    n->payload = sqlx_strndup((const char *)pl->p, pl->n);
}

static int send_msg(struct pg_conn *pc, const struct sqlx_wire_layout *l, int slot,
                    struct sqlx_wire_val v, struct sqlx_err *err)
{
    struct sqlx_wire_val vals[4] = { { 0 } };
    if (slot >= 0 && slot < 4)
        vals[slot] = v;
    return sqlx_wire_vm_send(pc->vm, l, vals, err);
}

/* CopyInResponse: streams the caller's data, then CopyDone (or CopyFail); without a source the
 * copy is refused with CopyFail so the connection stays in step. */
static int feed_copy(struct pg_conn *pc, struct op_ctx *op, struct sqlx_err *err)
{
    int rc = 0;
    if (!op || !op->copy_read) {
        const char *why = "COPY FROM STDIN needs a data source: use sqlx_pg_copy_in";
        rc = send_msg(pc, pc->id.l_copy_fail, pc->id.cf_message, sqlx_wire_bytes(why, strlen(why)),
                      err);
        return rc ? rc : sqlx_wire_vm_flush(pc->vm, err);
    }
    char *buf = sqlx_malloc(COPY_CHUNK);
    for (;;) {
        long n = op->copy_read(op->copy_ctx, buf, COPY_CHUNK);
        if (n < 0) {
            const char *why = "copy abandoned by the client";
            op->copy_rc = SQLX_EINVAL;
            rc = send_msg(pc, pc->id.l_copy_fail, pc->id.cf_message,
                          sqlx_wire_bytes(why, strlen(why)), err);
            break;
        }
        if (n == 0) {
            rc = send_msg(pc, pc->id.l_copy_done, -1, sqlx_wire_null(), err);
            break;
        }
        if ((rc = send_msg(pc, pc->id.l_copy_data, pc->id.cd_data, sqlx_wire_bytes(buf, (size_t)n),
                           err)))
            break;
        if (sqlx_wire_vm_pending(pc->vm) >= BATCH_FLUSH_BYTES &&
            ((rc = sqlx_wire_vm_flush(pc->vm, err)) || (rc = sqlx_wire_vm_drain(pc->vm, err))))
            break;
    }
    sqlx_free(buf);
    return rc ? rc : sqlx_wire_vm_flush(pc->vm, err);
}

/* Runs the VM from a run/resume result until it finishes, fails or yields a row the current
 * statement wants (then returns SQLX_VM_YIELD); every other event is handled here. */
static int pump(struct pg_conn *pc, int rc, struct sqlx_err *err)
{
    struct op_ctx *op = pc->op;
    while (rc == SQLX_VM_YIELD) {
        int ev = sqlx_wire_vm_event(pc->vm);
        const struct sqlx_wire_msg *m = sqlx_wire_vm_msg(pc->vm);
        if (ev == pc->id.e_row) {
            if (op && op->st && op->st->running)
                return SQLX_VM_YIELD;
        } else if (ev == pc->id.e_complete) {
            int64_t n = tag_count(sqlx_wire_msg_val(m, pc->id.cc_tag));
            pc->changes = n;
            if (op) {
                op->affected += n;
                if (op->st)
                    op->st->changes = n;
            }
        } else if (ev == pc->id.e_rowdesc) {
            if (op && op->st && !op->st->running)
                take_rowdesc(pc, op->st, m);
        } else if (ev == pc->id.e_paramdesc) {
            if (op && op->st && !op->st->running)
                take_paramdesc(pc, op->st, m);
        } else if (ev == pc->id.e_notice) {
            take_notice(pc, m);
        } else if (ev == pc->id.e_notification) {
            take_notification(pc, m);
        } else if (ev == pc->id.e_copy_in) {
            if ((rc = feed_copy(pc, op, err)))
                return rc;
        } else if (ev == pc->id.e_copy_data) {
            const struct sqlx_wire_val *d = sqlx_wire_msg_val(m, pc->id.cd_data);
            if (op && op->copy_write && !op->copy_rc && d->kind == SQLX_WV_BYTES)
                op->copy_rc = op->copy_write(op->copy_ctx, (const char *)d->p, d->n) ? SQLX_EIO : 0;
        }
        rc = sqlx_wire_vm_resume(pc->vm, err);
    }
    return rc;
}

/* Runs script `script` to its end with op handling events. */
static int run_script(struct pg_conn *pc, int script, struct op_ctx *op, struct sqlx_err *err)
{
    struct op_ctx *saved = pc->op;
    pc->op = op;
    int rc = sqlx_wire_vm_run(pc->vm, script, err);
    rc = pump(pc, rc, err);
    pc->op = saved;
    pc->base.state = sqlx_wire_vm_state(pc->vm);
    if (rc < 0)
        return fail(pc, rc, err);
    return 0;
}

/* Reads the active statement's remaining results so the connection is in step again; the
 * statement learns that it was cut short. */
static int finish_active(struct pg_conn *pc, struct sqlx_err *err)
{
    struct pg_stmt *st = pc->active;
    if (!st)
        return 0;
    pc->active = NULL;
    st->running = false;
    st->done = true;
    struct op_ctx op = { .st = st };
    struct op_ctx *saved = pc->op;
    pc->op = &op;
    int rc = pump(pc, sqlx_wire_vm_resume(pc->vm, err), err);
    pc->op = saved;
    pc->base.state = sqlx_wire_vm_state(pc->vm);
    return rc < 0 ? fail(pc, rc, err) : 0;
}

static int interrupt_active(struct pg_conn *pc, struct sqlx_err *err)
{
    if (!pc->active)
        return 0;
    pc->active->interrupted = true;
    struct sqlx_err ignored;
    int rc = finish_active(pc, &ignored);
    /* The cut-short statement's own error (if any) is not the new statement's; only a lost
     * connection matters here. */
    if (rc && pc->base.broken) {
        if (err)
            *err = ignored;
        return rc;
    }
    return 0;
}

/* Queues a Close for each evicted statement ahead of the next Sync-terminated flow. */
static int send_closes(struct pg_conn *pc, struct sqlx_err *err)
{
    size_t at = 0;
    while (at < pc->closes.len) {
        const char *name = pc->closes.data + at;
        size_t n = strlen(name);
        struct sqlx_wire_val vals[4] = { { 0 } };
        vals[pc->id.cl_kind] = sqlx_wire_bytes("S", 1);
        vals[pc->id.cl_name] = sqlx_wire_bytes(name, n);
        int rc = sqlx_wire_vm_send(pc->vm, pc->id.l_close, vals, err);
        if (rc)
            return rc;
        at += n + 1;
    }
    sqlx_buf_reset(&pc->closes);
    return 0;
}

static bool usable(struct pg_conn *pc, struct sqlx_err *err)
{
    if (pc->base.broken || !pc->vm) {
        sqlx_err_set(err, SQLX_EIO, "the PostgreSQL connection is broken and cannot be used");
        sqlx_err_hint(err, "Open a new connection; the pool replaces broken ones on its own.");
        return false;
    }
    return true;
}

/* ---- statements ------------------------------------------------------------------------------------ */

static void stmt_free(struct pg_stmt *st)
{
    for (int i = 0; i < st->base.nparams; i++)
        sqlx_buf_free(&st->param_data[i]);
    sqlx_free(st->param_data);
    sqlx_free(st->param_oids);
    sqlx_free(st->param_len);
    sqlx_free(st->bound);
    sqlx_free(st->param_vals);
    sqlx_free(st->fmt_vals);
    sqlx_free(st->res_vals);
    sqlx_free(st->cols);
    sqlx_free(st->names);
    sqlx_free(st->sql);
    sqlx_pg_scratch_free(&st->scratch);
    sqlx_free(st);
}

/* Remembers a statement to close on the server and frees it here. */
static void stmt_drop(struct pg_conn *pc, struct pg_stmt *st)
{
    if (pc->active == st)
        pc->active = NULL;
    sqlx_buf_put(&pc->closes, st->name, strlen(st->name) + 1);
    stmt_free(st);
}

static struct pg_stmt *cache_lookup(struct pg_conn *pc, const char *sql, size_t len)
{
    for (int i = 0; i < STMT_CACHE_SIZE; i++) {
        struct cache_entry *e = &pc->cache[i];
        if (e->s && !e->in_use && e->s->sql_len == len && memcmp(e->s->sql, sql, len) == 0) {
            e->in_use = true;
            return e->s;
        }
    }
    return NULL;
}

static void cache_insert(struct pg_conn *pc, struct pg_stmt *st)
{
    int slot = -1;
    for (int i = 0; i < STMT_CACHE_SIZE && slot < 0; i++)
        if (!pc->cache[i].s)
            slot = i;
    for (int n = 0; n < STMT_CACHE_SIZE && slot < 0; n++) {
        int i = (int)(pc->next_evict++ % STMT_CACHE_SIZE);
        if (!pc->cache[i].in_use) {
            stmt_drop(pc, pc->cache[i].s);
            pc->cache[i].s = NULL;
            slot = i;
        }
    }
    if (slot < 0)
        return;
    pc->cache[slot].s = st;
    pc->cache[slot].in_use = true;
    st->slot = slot;
}

static int pg_prepare(struct sqlx_conn *c, const char *sql, size_t len, struct sqlx_stmt **out,
                      struct sqlx_err *err)
{
    struct pg_conn *pc = (struct pg_conn *)c;
    *out = NULL;
    if (!usable(pc, err))
        return SQLX_EIO;
    if (memchr(sql, 0, len))
        return sqlx_err_set(err, SQLX_EINVAL, "SQL text contains a NUL character");
    struct pg_stmt *st = cache_lookup(pc, sql, len);
    if (st) {
        pc->stats.cache_hits++;
        *out = &st->base;
        return 0;
    }
    int rc = interrupt_active(pc, err);
    if (rc)
        return rc;
    st = sqlx_calloc(1, sizeof *st);
    st->base.conn = c;
    st->slot = -1;
    st->sql = sqlx_strndup(sql, len);
    st->sql_len = len;
    sqlx_pg_scratch_init(&st->scratch, 0);
    snprintf(st->name, sizeof st->name, "sqlx_%u", ++pc->next_name);
    sqlx_wire_vm_set(pc->vm, pc->id.v_stmt_name, sqlx_wire_bytes(st->name, strlen(st->name)));
    sqlx_wire_vm_set(pc->vm, pc->id.v_sql, sqlx_wire_bytes(st->sql, len));
    sqlx_wire_vm_set(pc->vm, pc->id.v_param_types, sqlx_wire_list(NULL, 0));
    struct op_ctx op = { .st = st };
    if ((rc = send_closes(pc, err)) == 0)
        rc = run_script(pc, pc->id.s_prepare, &op, err);
    pc->stats.prepares++;
    if (rc) {
        stmt_free(st);
        return rc;
    }
    if (!st->param_oids) /* no ParameterDescription: no parameters */
        st->param_oids = sqlx_calloc(1, sizeof *st->param_oids);
    cache_insert(pc, st);
    *out = &st->base;
    return 0;
}

static int pg_bind(struct sqlx_stmt *s, int idx, const struct sqlx_value *v, struct sqlx_err *err)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    if (idx < 1 || idx > s->nparams)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "parameter index %d is out of range: the statement has %d parameters",
                            idx, s->nparams);
    int i = idx - 1;
    int format = SQLX_PG_FORMAT_TEXT;
    int32_t len = -1;
    sqlx_buf_reset(&st->param_data[i]);
    int rc =
        st->param_oids[i]
            ? sqlx_pg_encode_param_as(st->param_oids[i], v, &format, &st->param_data[i], &len, err)
            : sqlx_pg_encode_param(v, &(uint32_t){ 0 }, &format, &st->param_data[i], &len, err);
    if (rc) {
        if (err && err->message[0])
            sqlx_err_set(err, err->code, "parameter $%d: %s", idx, err->message);
        return rc;
    }
    st->param_len[i] = len;
    st->fmt_vals[i] = sqlx_wire_int(format);
    st->bound[i] = true;
    return 0;
}

/* Points the Bind variables at the statement's parameters and result formats. */
static int set_bind_vars(struct pg_conn *pc, struct pg_stmt *st, struct sqlx_err *err)
{
    for (int i = 0; i < st->base.nparams; i++) {
        if (!st->bound[i])
            return sqlx_err_set(err, SQLX_EINVAL, "parameter $%d is not bound", i + 1);
        st->param_vals[2 * i] = sqlx_wire_null(); /* the length is computed */
        st->param_vals[2 * i + 1] =
            st->param_len[i] < 0
                ? sqlx_wire_null()
                : sqlx_wire_bytes(st->param_data[i].data ? st->param_data[i].data : "",
                                  (size_t)st->param_len[i]);
    }
    sqlx_wire_vm_set(pc->vm, pc->id.v_stmt_name, sqlx_wire_bytes(st->name, strlen(st->name)));
    sqlx_wire_vm_set(pc->vm, pc->id.v_params,
                     sqlx_wire_list(st->param_vals, (uint32_t)st->base.nparams));
    sqlx_wire_vm_set(pc->vm, pc->id.v_param_formats,
                     sqlx_wire_list(st->fmt_vals, (uint32_t)st->base.nparams));
    sqlx_wire_vm_set(pc->vm, pc->id.v_result_formats,
                     sqlx_wire_list(st->res_vals, (uint32_t)st->ncols));
    return 0;
}

static int pg_step(struct sqlx_stmt *s, struct sqlx_err *err)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    struct pg_conn *pc = (struct pg_conn *)s->conn;
    int rc;
    if (st->interrupted)
        return sqlx_err_set(
            err, SQLX_EINVAL,
            "statement was cut short: another statement ran on the same connection before all its rows were read");
    if (st->done)
        return SQLX_STEP_DONE;
    struct op_ctx op = { .st = st };
    struct op_ctx *saved = pc->op;
    if (!st->running) {
        if (!usable(pc, err))
            return SQLX_EIO;
        if ((rc = interrupt_active(pc, err)) || (rc = set_bind_vars(pc, st, err)) ||
            (rc = send_closes(pc, err)))
            return rc;
        st->changes = 0;
        st->running = true;
        pc->active = st;
        pc->op = &op;
        rc = sqlx_wire_vm_run(pc->vm, pc->id.s_execute, err);
    } else {
        pc->op = &op;
        rc = sqlx_wire_vm_resume(pc->vm, err);
    }
    sqlx_pg_scratch_reset(&st->scratch);
    rc = pump(pc, rc, err);
    pc->op = saved;
    pc->base.state = sqlx_wire_vm_state(pc->vm);
    if (rc == SQLX_VM_YIELD)
        return SQLX_STEP_ROW;
    st->running = false;
    st->done = true;
    if (pc->active == st)
        pc->active = NULL;
    if (rc < 0)
        return fail(pc, rc, err);
    pc->changes = st->changes;
    return SQLX_STEP_DONE;
}

static int pg_column_count(struct sqlx_stmt *s)
{
    return ((struct pg_stmt *)s)->ncols;
}

static const char *pg_column_name(struct sqlx_stmt *s, int i)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    return i >= 0 && i < st->ncols ? st->cols[i].name : NULL;
}

static const char *pg_column_decltype(struct sqlx_stmt *s, int i)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    if (i < 0 || i >= st->ncols)
        return NULL;
    const struct sqlx_pack_server_type *t = sqlx_pack_server_type(s->conn->pack, st->cols[i].oid);
    return t ? t->name : sqlx_pg_type_name(st->cols[i].oid);
}

/* Decodes column i of the current DataRow. A value the type decoder rejects comes back as its
 * raw bytes (text format: as text) rather than disappearing. */
static void pg_column_value(struct sqlx_stmt *s, int i, struct sqlx_value *out)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    struct pg_conn *pc = (struct pg_conn *)s->conn;
    *out = sqlx_value_null();
    if (!st->running || pc->active != st || i < 0 || i >= st->ncols)
        return;
    const struct sqlx_wire_msg *m = sqlx_wire_vm_msg(pc->vm);
    const struct sqlx_wire_val *list = sqlx_wire_msg_val(m, pc->id.dr_cols);
    if (m->layout != pc->id.l_datarow || list->kind != SQLX_WV_LIST || (uint32_t)i >= list->count)
        return;
    const struct sqlx_wire_val *v =
        &sqlx_wire_msg_items(m, list)[i * pc->id.dr_stride + pc->id.dr_value];
    if (v->kind != SQLX_WV_BYTES)
        return;
    struct sqlx_err err;
    const struct pg_col *col = &st->cols[i];
    if (sqlx_pg_decode(col->oid, col->format, (const char *)v->p, (int32_t)v->n, &st->scratch, out,
                       &err) != 0)
        *out = col->format == SQLX_PG_FORMAT_TEXT ? sqlx_value_text((const char *)v->p, v->n)
                                                  : sqlx_value_blob(v->p, v->n);
}

static int pg_reset(struct sqlx_stmt *s, struct sqlx_err *err)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    struct pg_conn *pc = (struct pg_conn *)s->conn;
    int rc = 0;
    if (st->running && pc->active == st)
        rc = finish_active(pc, err);
    st->running = false;
    st->done = false;
    st->interrupted = false;
    return rc;
}

static void pg_finalize(struct sqlx_stmt *s)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    struct pg_conn *pc = (struct pg_conn *)s->conn;
    struct sqlx_err ignored;
    if (pg_reset(s, &ignored) != 0 && pc->base.broken) {
        /* Nothing more can be said to the server; the statement dies with the connection. */
    }
    if (st->slot >= 0) {
        for (int i = 0; i < s->nparams; i++)
            st->bound[i] = false;
        pc->cache[st->slot].in_use = false;
        return;
    }
    stmt_drop(pc, st);
}

/* A value of row `row` could not be encoded. Nothing sent yet: the queued messages are dropped.
 * Part of the batch already sent: the pack's batch_abort flow makes the server fail the implicit
 * transaction before its Sync, so none of the batch stays applied. Either way err keeps the
 * encoding error. */
static int batch_abort(struct pg_conn *pc, bool flushed, size_t start, size_t row,
                       struct sqlx_err *err)
{
    struct sqlx_err cause = { .code = SQLX_EINVAL };
    if (err) {
        cause = *err;
        snprintf(cause.message, sizeof cause.message, "row %zu: %.480s", row + 1, err->message);
    }
    int code = err ? (int)err->code : SQLX_EINVAL;
    if (!flushed) {
        sqlx_wire_vm_unsend(pc->vm, start);
    } else {
        struct sqlx_err ignored;
        struct op_ctx op = { .st = NULL };
        if (run_script(pc, pc->id.s_batch_abort, &op, &ignored) != 0 && pc->base.broken && err) {
            *err = ignored;
            return ignored.code;
        }
    }
    if (err)
        *err = cause;
    return code < 0 ? code : SQLX_EINVAL;
}

/* Pipelined batch: Bind + Execute per row, written in chunks while the server's answers are read
 * into the input buffer as they come, then one Sync; one round trip for the whole batch. */
static int pg_exec_batch(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                         size_t nrows, int64_t *affected, struct sqlx_err *err)
{
    struct pg_stmt *st = (struct pg_stmt *)s;
    struct pg_conn *pc = (struct pg_conn *)s->conn;
    int rc;
    if (affected)
        *affected = 0;
    if (ncols != (size_t)s->nparams)
        return sqlx_err_set(err, SQLX_EINVAL, "statement expects %d parameters, %zu given",
                            s->nparams, ncols);
    if (!usable(pc, err))
        return SQLX_EIO;
    if (st->running && (rc = pg_reset(s, err)))
        return rc;
    if ((rc = interrupt_active(pc, err)) || (rc = send_closes(pc, err)))
        return rc;
    pc->stats.batches++;
    pc->stats.batch_rows += nrows;
    struct op_ctx op = { .st = NULL };
    bool flushed = false;
    size_t start = sqlx_wire_vm_pending(pc->vm);
    for (size_t r = 0; r < nrows; r++) {
        for (size_t k = 0; k < ncols; k++)
            if ((rc = pg_bind(s, (int)k + 1, &rows[r * ncols + k], err)))
                return batch_abort(pc, flushed, start, r, err);
        if ((rc = set_bind_vars(pc, st, err)) ||
            (rc = sqlx_wire_vm_run(pc->vm, pc->id.s_batch_item, err)) < 0)
            return fail(pc, rc, err);
        if (sqlx_wire_vm_pending(pc->vm) >= BATCH_FLUSH_BYTES) {
            if ((rc = sqlx_wire_vm_flush(pc->vm, err)) || (rc = sqlx_wire_vm_drain(pc->vm, err)))
                return fail(pc, rc, err);
            flushed = true;
        }
    }
    rc = run_script(pc, pc->id.s_batch_end, &op, err);
    if (rc == 0 && affected)
        *affected = op.affected;
    pc->changes = op.affected;
    return rc;
}

/* ---- connection ------------------------------------------------------------------------------------ */

static int pg_exec(struct sqlx_conn *c, const char *sql, struct sqlx_err *err)
{
    struct pg_conn *pc = (struct pg_conn *)c;
    if (!usable(pc, err))
        return SQLX_EIO;
    int rc = interrupt_active(pc, err);
    if (rc)
        return rc;
    struct op_ctx op = { 0 };
    sqlx_wire_vm_set(pc->vm, pc->id.v_sql, sqlx_wire_bytes(sql, strlen(sql)));
    rc = run_script(pc, pc->id.s_simple, &op, err);
    if (rc == 0)
        pc->changes = op.affected;
    return rc;
}

static int64_t pg_changes(struct sqlx_conn *c)
{
    return ((struct pg_conn *)c)->changes;
}

/* PostgreSQL has no connection-wide last insert id; callers use RETURNING. */
static int64_t pg_last_insert_id(struct sqlx_conn *c)
{
    (void)c;
    return 0;
}

static bool pg_in_transaction(struct sqlx_conn *c)
{
    struct pg_conn *pc = (struct pg_conn *)c;
    const struct sqlx_wire_val *t = sqlx_wire_vm_get(pc->vm, pc->id.v_txn);
    return t->kind == SQLX_WV_BYTES && t->n == 1 && t->p[0] != 'I';
}

/* An empty query: one round trip that proves the server answers. */
static bool pg_ping(struct sqlx_conn *c)
{
    struct pg_conn *pc = (struct pg_conn *)c;
    struct sqlx_err err;
    if (pc->base.broken)
        return false;
    if (pc->active)
        return true; /* a result is streaming: the link is alive */
    return pg_exec(c, "", &err) == 0;
}

/* CancelRequest on a fresh socket, from any thread: reads only what open fixed. The server never
 * answers; it closes the socket once it has acted, which is waited for briefly. */
static int pg_cancel(struct sqlx_conn *c, struct sqlx_err *err)
{
    struct pg_conn *pc = (struct pg_conn *)c;
    struct sqlx_sock *sock = NULL;
    if (pc->cancel_key_len == 0)
        return sqlx_err_set(err, SQLX_EUNSUPPORTED,
                            "the server sent no cancel key, so statements cannot be cancelled");
    int rc = sqlx_sock_connect(pc->host, pc->port, pc->connect_timeout_ms, &sock, err);
    if (rc)
        return rc;
    struct sqlx_sock_transport tr = { .sock = &sock };
    struct sqlx_wire_io io = sqlx_sock_transport_io(&tr);
    struct sqlx_wire_vm *vm = sqlx_wire_vm_new(pc->proto, &io);
    sqlx_wire_vm_set(vm, pc->id.v_backend_pid, sqlx_wire_int(pc->cancel_pid));
    sqlx_wire_vm_set(vm, pc->id.v_backend_key, sqlx_wire_bytes(pc->cancel_key, pc->cancel_key_len));
    rc = sqlx_wire_vm_run(vm, pc->id.s_cancel, err);
    if (rc == 0) {
        char b[16];
        struct sqlx_err ignored;
        if (sqlx_sock_wait_readable(sock, 2000) > 0 &&
            sqlx_sock_read(sock, b, sizeof b, &ignored) > 0) {
            /* the server says nothing to a cancel request; anything read is ignored */
        }
    }
    sqlx_wire_vm_free(vm);
    sqlx_sock_close(sock);
    return rc < 0 ? rc : 0;
}

static void free_notes(struct pg_conn *pc)
{
    for (size_t i = 0; i < pc->nnotes; i++) {
        sqlx_free(pc->notes[i].channel);
        sqlx_free(pc->notes[i].payload);
    }
    sqlx_free(pc->notes);
    sqlx_free(pc->current.channel);
    sqlx_free(pc->current.payload);
}

static void pg_close(struct sqlx_conn *c)
{
    struct pg_conn *pc = (struct pg_conn *)c;
    struct sqlx_err ignored;
    if (pc->vm && !pc->base.broken) {
        if (sqlx_wire_vm_run(pc->vm, pc->id.s_terminate, &ignored) < 0) {
            /* the server is gone already; closing the socket is all that is left */
        }
    }
    for (int i = 0; i < STMT_CACHE_SIZE; i++)
        if (pc->cache[i].s)
            stmt_free(pc->cache[i].s);
    sqlx_wire_vm_free(pc->vm);
    if (pc->sock)
        sqlx_sock_close(pc->sock);
    sqlx_buf_free(&pc->closes);
    free_notes(pc);
    sqlx_free(pc->host);
    sqlx_free(pc->root_cert);
    sqlx_free(pc->cert);
    sqlx_free(pc->key);
    sqlx_free(pc);
}

static const struct sqlx_conn_ops pg_ops = {
    .engine = "postgresql",
    .exec = pg_exec,
    .prepare = pg_prepare,
    .bind = pg_bind,
    .step = pg_step,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_decltype = pg_column_decltype,
    .column_value = pg_column_value,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .changes = pg_changes,
    .last_insert_id = pg_last_insert_id,
    .in_transaction = pg_in_transaction,
    .exec_batch = pg_exec_batch,
    .cancel = pg_cancel,
    .ping = pg_ping,
    .close = pg_close,
};

/* ---- open ------------------------------------------------------------------------------------------ */

/* Settings every session starts with, so values read the same in text and binary. */
static const char session_settings[][2][20] = {
    { "client_encoding", "UTF8" }, { "DateStyle", "ISO" },        { "IntervalStyle", "postgres" },
    { "TimeZone", "UTC" },         { "extra_float_digits", "3" },
};

static int64_t now_ms(void)
{
    return (int64_t)(sqlx_clock_ns() / 1000000u);
}

static const char *param_or(const struct sqlx_url *u, const char *key, const char *dflt)
{
    const char *v = sqlx_url_param(u, key);
    return v && *v ? v : dflt;
}

static const char *server_param(void *ctx, const char *name)
{
    return sqlx_wire_vm_server_param(ctx, name);
}

/* Connects to one host and runs the handshake; on success pc->sock and pc->vm are live. */
static int open_host(struct pg_conn *pc, const struct sqlx_url *u, const char *host, int port,
                     const char *user, const char *sslmode, struct sqlx_err *err)
{
    const char *db = u->database && *u->database ? u->database : user;
    const char *app = param_or(u, "application_name", "sqlx");
    struct sqlx_wire_val startup[2 * (3 + sizeof session_settings / sizeof session_settings[0])];
    size_t n = 0;
    const char *pairs[3][2] = { { "user", user }, { "database", db }, { "application_name", app } };
    for (size_t i = 0; i < 3; i++) {
        startup[n++] = sqlx_wire_bytes(pairs[i][0], strlen(pairs[i][0]));
        startup[n++] = sqlx_wire_bytes(pairs[i][1], strlen(pairs[i][1]));
    }
    for (size_t i = 0; i < sizeof session_settings / sizeof session_settings[0]; i++) {
        startup[n++] = sqlx_wire_bytes(session_settings[i][0], strlen(session_settings[i][0]));
        startup[n++] = sqlx_wire_bytes(session_settings[i][1], strlen(session_settings[i][1]));
    }
    sqlx_free(pc->host);
    pc->host = sqlx_strdup(host);
    pc->port = port;
    pc->tls.host = pc->host;
    int rc = sqlx_sock_connect(host, port, pc->connect_timeout_ms, &pc->sock, err);
    if (rc)
        return rc;
    pc->tr = (struct sqlx_sock_transport){ .sock = &pc->sock, .tls = &pc->tls,
                                           .writes = &pc->stats.writes,
                                           .bytes_in = &pc->stats.bytes_in,
                                           .bytes_out = &pc->stats.bytes_out };
    struct sqlx_wire_io io = sqlx_sock_transport_io(&pc->tr);
    pc->vm = sqlx_wire_vm_new(pc->proto, &io);
    sqlx_wire_vm_set(pc->vm, pc->id.v_user, sqlx_wire_bytes(user, strlen(user)));
    if (u->password)
        sqlx_wire_vm_set(pc->vm, pc->id.v_password,
                         sqlx_wire_bytes(u->password, strlen(u->password)));
    sqlx_wire_vm_set(pc->vm, pc->id.v_sslmode, sqlx_wire_bytes(sslmode, strlen(sslmode)));
    sqlx_wire_vm_set(pc->vm, pc->id.v_startup, sqlx_wire_list(startup, (uint32_t)(n / 2)));
    rc = run_script(pc, pc->id.s_handshake, NULL, err);
    /* The URL's strings are not kept past open. */
    sqlx_wire_vm_set(pc->vm, pc->id.v_password, sqlx_wire_null());
    sqlx_wire_vm_set(pc->vm, pc->id.v_startup, sqlx_wire_null());
    sqlx_wire_vm_set(pc->vm, pc->id.v_user, sqlx_wire_null());
    if (rc && err && strncmp(err->sqlstate, "28", 2) == 0 && !err->hint[0])
        sqlx_err_hint(err, "Check the user name and password in the database URL.");
    return rc;
}

static void close_host(struct pg_conn *pc)
{
    sqlx_wire_vm_free(pc->vm);
    pc->vm = NULL;
    if (pc->sock)
        sqlx_sock_close(pc->sock);
    pc->sock = NULL;
    pc->base.broken = false;
}

/* target_session_attrs=read-write: a server in recovery or read-only by default is skipped. */
static bool is_read_write(struct pg_conn *pc)
{
    const char *hs = sqlx_wire_vm_server_param(pc->vm, "in_hot_standby");
    const char *ro = sqlx_wire_vm_server_param(pc->vm, "default_transaction_read_only");
    return !(hs && strcmp(hs, "on") == 0) && !(ro && strcmp(ro, "on") == 0);
}

static void keep_cancel_key(struct pg_conn *pc)
{
    const struct sqlx_wire_val *pid = sqlx_wire_vm_get(pc->vm, pc->id.v_backend_pid);
    const struct sqlx_wire_val *key = sqlx_wire_vm_get(pc->vm, pc->id.v_backend_key);
    if (pid->kind == SQLX_WV_INT && key->kind == SQLX_WV_BYTES && key->n <= sizeof pc->cancel_key) {
        pc->cancel_pid = (int32_t)pid->i;
        memcpy(pc->cancel_key, key->p, key->n);
        pc->cancel_key_len = key->n;
    }
}

static int parse_options(struct pg_conn *pc, const struct sqlx_url *u, const char **sslmode,
                         bool *read_write, struct sqlx_err *err)
{
    const char *mode = param_or(u, "sslmode", "prefer");
    int m = sqlx_sslmode_parse(mode);
    if (m < 0) {
        sqlx_err_set(err, SQLX_EINVAL, "invalid value \"%s\" for PostgreSQL URL option \"sslmode\"",
                     mode);
        sqlx_err_hint(err, "Use disable, prefer, require, verify-ca or verify-full.");
        return SQLX_EINVAL;
    }
    pc->tls.mode = (enum sqlx_sslmode)m;
    static const char modes[][12] = { "disable", "prefer", "require", "verify-ca", "verify-full" };
    *sslmode = modes[m];
    const char *files[3] = { sqlx_url_param(u, "sslrootcert"), sqlx_url_param(u, "sslcert"),
                             sqlx_url_param(u, "sslkey") };
    pc->root_cert = files[0] && *files[0] ? sqlx_strdup(files[0]) : NULL;
    pc->cert = files[1] && *files[1] ? sqlx_strdup(files[1]) : NULL;
    pc->key = files[2] && *files[2] ? sqlx_strdup(files[2]) : NULL;
    pc->tls.root_cert = pc->root_cert;
    pc->tls.cert = pc->cert;
    pc->tls.key = pc->key;
    const char *tsa = param_or(u, "target_session_attrs", "any");
    if (strcmp(tsa, "any") != 0 && strcmp(tsa, "read-write") != 0) {
        sqlx_err_set(err, SQLX_EINVAL,
                     "invalid value \"%s\" for PostgreSQL URL option \"target_session_attrs\"",
                     tsa);
        sqlx_err_hint(err, "Use any or read-write.");
        return SQLX_EINVAL;
    }
    *read_write = strcmp(tsa, "read-write") == 0;
    const char *rf = param_or(u, "result_format", "auto");
    if (strcmp(rf, "auto") != 0 && strcmp(rf, "text") != 0) {
        sqlx_err_set(err, SQLX_EINVAL,
                     "invalid value \"%s\" for PostgreSQL URL option \"result_format\"", rf);
        sqlx_err_hint(err, "Use auto (binary where it decodes faster) or text.");
        return SQLX_EINVAL;
    }
    pc->text_results = strcmp(rf, "text") == 0;
    const char *ct = sqlx_url_param(u, "connect_timeout");
    pc->connect_timeout_ms = 10000;
    if (ct && *ct) {
        char *end;
        long secs = strtol(ct, &end, 10);
        if (*end || secs < 0 || secs > 86400) {
            sqlx_err_set(err, SQLX_EINVAL,
                         "invalid value \"%s\" for PostgreSQL URL option \"connect_timeout\"", ct);
            sqlx_err_hint(err, "Give whole seconds, for example connect_timeout=5.");
            return SQLX_EINVAL;
        }
        pc->connect_timeout_ms = secs > 0 ? (int)secs * 1000 : 10000;
    }
    return 0;
}

int sqlx_wire_pg_open(const struct sqlx_url *u, const struct sqlx_pack *pack,
                      const struct sqlx_packset *packs, struct sqlx_conn **out,
                      struct sqlx_err *err)
{
    *out = NULL;
    if (!pack->proto)
        return sqlx_err_set(err, SQLX_EINVAL, "wire pack \"%s\" describes no wire protocol",
                            pack->name);
    struct pg_conn *pc = sqlx_calloc(1, sizeof *pc);
    pc->base.ops = &pg_ops;
    pc->base.pack = pack;
    pc->base.state = SQLX_CONN_INIT;
    pc->proto = pack->proto;
    sqlx_buf_init(&pc->closes, 0);
    const char *sslmode = "prefer";
    bool read_write = false;
    int rc;
    if ((rc = bind_pack(pc, pack, err)) || (rc = parse_options(pc, u, &sslmode, &read_write, err)))
        goto fail;
    const char *user = u->user && *u->user ? u->user : getenv("USER");
    if (!user || !*user)
        user = "postgres";
    rc = SQLX_EINVAL;
    sqlx_err_set(err, SQLX_EINVAL, "PostgreSQL URL names no host");
    for (size_t h = 0; h < (u->nhosts ? u->nhosts : 1); h++) {
        const char *host =
            u->nhosts && u->hosts[h].host && *u->hosts[h].host ? u->hosts[h].host : "localhost";
        int port = u->nhosts && u->hosts[h].port ? u->hosts[h].port
                                                 : (pack->default_port ? pack->default_port : 5432);
        rc = open_host(pc, u, host, port, user, sslmode, err);
        if (rc == 0 && read_write && !is_read_write(pc)) {
            rc = sqlx_err_set(err, SQLX_EUNSUPPORTED,
                              "server %s:%d is read-only (target_session_attrs=read-write)", host,
                              port);
        }
        if (rc == 0)
            break;
        close_host(pc);
    }
    if (rc)
        goto fail;
    keep_cancel_key(pc);
    const struct sqlx_pack *better =
        sqlx_packset_detect(packs, pack->family, pack, server_param, pc->vm);
    if (better)
        pc->base.pack = better;
    pc->base.state = SQLX_CONN_READY;
    *out = &pc->base;
    return 0;
fail:
    pg_close(&pc->base);
    return rc;
}

/* ---- PostgreSQL extras (pg.h) ---------------------------------------------------------------------- */

bool sqlx_pg_is(const struct sqlx_conn *c)
{
    return c && c->ops == &pg_ops;
}

static struct pg_conn *as_pg(struct sqlx_conn *c, struct sqlx_err *err)
{
    if (sqlx_pg_is(c))
        return (struct pg_conn *)c;
    sqlx_err_set(err, SQLX_EUNSUPPORTED, "not a PostgreSQL connection");
    return NULL;
}

int sqlx_pg_copy_in(struct sqlx_conn *c, const char *sql,
                    long (*read)(void *ctx, char *buf, size_t cap), void *ctx, int64_t *rows,
                    struct sqlx_err *err)
{
    struct pg_conn *pc = as_pg(c, err);
    if (!pc)
        return SQLX_EUNSUPPORTED;
    if (!usable(pc, err))
        return SQLX_EIO;
    int rc = interrupt_active(pc, err);
    if (rc)
        return rc;
    struct op_ctx op = { .copy_read = read, .copy_ctx = ctx };
    sqlx_wire_vm_set(pc->vm, pc->id.v_sql, sqlx_wire_bytes(sql, strlen(sql)));
    rc = run_script(pc, pc->id.s_simple, &op, err);
    if (rows)
        *rows = op.affected;
    if (rc == 0 && op.copy_rc)
        rc = sqlx_err_set(err, (enum sqlx_code)op.copy_rc,
                          "COPY FROM STDIN was abandoned by its data source");
    return rc;
}

int sqlx_pg_copy_out(struct sqlx_conn *c, const char *sql,
                     int (*write)(void *ctx, const char *p, size_t n), void *ctx, int64_t *rows,
                     struct sqlx_err *err)
{
    struct pg_conn *pc = as_pg(c, err);
    if (!pc)
        return SQLX_EUNSUPPORTED;
    if (!usable(pc, err))
        return SQLX_EIO;
    int rc = interrupt_active(pc, err);
    if (rc)
        return rc;
    struct op_ctx op = { .copy_write = write, .copy_ctx = ctx };
    sqlx_wire_vm_set(pc->vm, pc->id.v_sql, sqlx_wire_bytes(sql, strlen(sql)));
    rc = run_script(pc, pc->id.s_simple, &op, err);
    if (rows)
        *rows = op.affected;
    if (rc == 0 && op.copy_rc)
        rc = sqlx_err_set(err, (enum sqlx_code)op.copy_rc, "COPY TO STDOUT: the data sink failed");
    return rc;
}

static void pop_note(struct pg_conn *pc, struct sqlx_pg_notification *out)
{
    sqlx_free(pc->current.channel);
    sqlx_free(pc->current.payload);
    pc->current = pc->notes[0];
    memmove(pc->notes, pc->notes + 1, (pc->nnotes - 1) * sizeof *pc->notes);
    pc->nnotes--;
    out->pid = pc->current.pid;
    out->channel = pc->current.channel;
    out->payload = pc->current.payload;
}

int sqlx_pg_notification_wait(struct sqlx_conn *c, int timeout_ms, struct sqlx_pg_notification *out,
                              struct sqlx_err *err)
{
    struct pg_conn *pc = as_pg(c, err);
    if (!pc)
        return SQLX_EUNSUPPORTED;
    if (pc->nnotes) {
        pop_note(pc, out);
        return 1;
    }
    if (!usable(pc, err))
        return SQLX_EIO;
    int rc = interrupt_active(pc, err);
    if (rc)
        return rc;
    /* One message at a time, so notices and parameter changes cannot hold the wait past its
     * deadline. */
    int64_t deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : -1;
    while (!pc->nnotes) {
        if (sqlx_wire_vm_buffered(pc->vm) == 0) {
            int64_t left = deadline < 0 ? -1 : deadline - now_ms();
            if (deadline >= 0 && left < 0)
                left = 0;
            int ready = sqlx_sock_wait_readable(pc->sock, left > INT32_MAX ? INT32_MAX : (int)left);
            if (ready < 0)
                return sqlx_err_set(err, SQLX_EIO, "waiting for a notification failed");
            if (ready == 0)
                return 0;
        }
        if ((rc = run_script(pc, pc->id.s_wait, NULL, err)))
            return rc;
    }
    pop_note(pc, out);
    return 1;
}

void sqlx_pg_on_notice(struct sqlx_conn *c, void (*fn)(void *ctx, const struct sqlx_err *notice),
                       void *ctx)
{
    struct pg_conn *pc = as_pg(c, NULL);
    if (!pc)
        return;
    pc->on_notice = fn;
    pc->notice_ctx = ctx;
}

const char *sqlx_pg_server_param(struct sqlx_conn *c, const char *name)
{
    struct pg_conn *pc = as_pg(c, NULL);
    return pc && pc->vm ? sqlx_wire_vm_server_param(pc->vm, name) : NULL;
}

int32_t sqlx_pg_backend_pid(struct sqlx_conn *c)
{
    struct pg_conn *pc = as_pg(c, NULL);
    return pc ? pc->cancel_pid : 0;
}

void sqlx_pg_stats(struct sqlx_conn *c, struct sqlx_pg_stats *out)
{
    struct pg_conn *pc = as_pg(c, NULL);
    if (pc)
        *out = pc->stats;
    else
        memset(out, 0, sizeof *out);
}
