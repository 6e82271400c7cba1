/* WireVM, the machine: runs the op arrays vm_compile.c makes of a pack's scripts (handshake,
 * query flows, async handlers) over a transport: frames are split from one large input buffer
 * in place, messages are encoded into one output buffer flushed with one write, and events
 * (rows, notices, copy data) are yielded to the engine, which resumes the script afterwards. Owns the connection state, the
 * server parameters and the auth plugin bindings (the only native per-protocol code: crypto from
 * wire/auth.h). Knows no message by name: every name, tag and field comes from the pack.
 *
 * Script op array (one script; "if" conditions compile to a SKIP op before the op they guard):
 *
 *   pc  op      operands
 *   0   SEND    layout, one operand per top-level field ($var, @field, literal)
 *   1   FLUSH
 *   2   RECV    pc per layout id (cases), else pc, candidate layouts (untagged protocols)
 *   3   YIELD   event id
 *   4   JUMP    target pc
 */
#include "wire/vm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/auth.h"
#include "wire/vm_int.h"

#define IN_START       (16u * 1024u) /* input buffer size of a new VM */
#define IN_DEFAULT     (64u * 1024u) /* size once a read filled the buffer; grows for larger frames */
#define IN_SHRINK      (4u * IN_DEFAULT)
#define IN_COMPACT     1024u /* leftovers up to this size move to the front before a read */

/* ---- the machine --------------------------------------------------------------------------------- */

/* A variable: a value, and storage for bytes copied in by store ops and plugins. */
struct vm_var {
    uint8_t *own; /* heap, grows */
    size_t cap;
};

/* A server parameter (ParameterStatus), both NUL-terminated heap strings. */
struct vm_param {
    char *name;
    char *value;
};

struct sqlx_wire_vm {
    const struct sqlx_wire_proto *p;
    struct sqlx_wire_io io;
    uint8_t *in; /* input buffer */
    size_t in_cap;
    bool in_full; /* the last read filled all the room it was given */
    size_t in_pos;            /* first unparsed byte */
    size_t in_end;            /* end of received bytes */
    struct sqlx_buf out;      /* messages waiting for the next flush */
    struct sqlx_wire_msg msg; /* last received message */
    struct sqlx_wire_val *varv; /* p->nvars values; layouts read them too (msg.vars) */
    struct vm_var *vars;        /* p->nvars: storage of bytes copied into variables */
    uint8_t seq;                /* next sequence id to send and to expect (sequence framing) */
    struct vm_param *params;
    size_t nparams;
    const struct script *script; /* running or suspended script, NULL when idle */
    uint32_t pc;
    bool in_async;      /* executing an async handler */
    uint32_t apc;       /* pc in p->async */
    int32_t async_then; /* pc after the async handler: the recv's else, -1 = recv again */
    bool suspended;     /* stopped at a yield */
    int event;          /* event id of the last yield */
    enum sqlx_conn_state state;
    bool broken;
    bool has_saved; /* saved holds a server error for the next raise */
    struct sqlx_err saved;
    bool scram_live; /* scram holds an exchange to free */
    struct sqlx_scram scram;
    /* The row loop the script last waited in, as loop_frame found it: kept so taking rows from
     * the buffer reads no script tables, which fall out of the cache while rows stream. */
    const struct script *loop_script; /* NULL = nothing cached */
    uint32_t loop_pc;
    int loop_event;                          /* the loop's yield event; -1 = no row loop there */
    const struct sqlx_wire_layout *loop_row; /* the loop's message */
    size_t peeked_total;                     /* frame sqlx_wire_vm_peek_buffered found, 0 none */
    uint8_t peeked_seq;
};

struct sqlx_wire_vm *sqlx_wire_vm_new(const struct sqlx_wire_proto *p,
                                      const struct sqlx_wire_io *io)
{
    struct sqlx_wire_vm *vm = sqlx_calloc(1, sizeof *vm);
    vm->p = p;
    vm->io = *io;
    vm->in_cap = IN_START;
    vm->in = sqlx_malloc(vm->in_cap);
    sqlx_buf_init(&vm->out, 0);
    vm->vars = sqlx_calloc(p->nvars ? p->nvars : 1, sizeof *vm->vars);
    vm->varv = sqlx_calloc(p->nvars ? p->nvars : 1, sizeof *vm->varv);
    vm->msg.vars = vm->varv;
    vm->msg.nvars = (uint32_t)p->nvars;
    vm->state = SQLX_CONN_INIT;
    vm->event = -1;
    return vm;
}

static void end_scram(struct sqlx_wire_vm *vm)
{
    if (vm->scram_live)
        sqlx_scram_free(&vm->scram);
    vm->scram_live = false;
}

void sqlx_wire_vm_free(struct sqlx_wire_vm *vm)
{
    if (!vm)
        return;
    end_scram(vm);
    for (size_t i = 0; i < vm->p->nvars; i++)
        sqlx_free(vm->vars[i].own);
    for (size_t i = 0; i < vm->nparams; i++) {
        sqlx_free(vm->params[i].name);
        sqlx_free(vm->params[i].value);
    }
    sqlx_free(vm->params);
    sqlx_free(vm->vars);
    sqlx_free(vm->varv);
    sqlx_free(vm->in);
    sqlx_buf_free(&vm->out);
    sqlx_wire_msg_free(&vm->msg);
    sqlx_free(vm);
}

void sqlx_wire_vm_set_io(struct sqlx_wire_vm *vm, const struct sqlx_wire_io *io)
{
    vm->io = *io;
}

void sqlx_wire_vm_set(struct sqlx_wire_vm *vm, int slot, struct sqlx_wire_val v)
{
    if (slot >= 0 && (size_t)slot < vm->p->nvars)
        vm->varv[slot] = v;
}

const struct sqlx_wire_val *sqlx_wire_vm_get(const struct sqlx_wire_vm *vm, int slot)
{
    static const struct sqlx_wire_val none = { .kind = SQLX_WV_NONE };
    if (slot < 0 || (size_t)slot >= vm->p->nvars)
        return &none;
    return &vm->varv[slot];
}

const char *sqlx_wire_vm_server_param(const struct sqlx_wire_vm *vm, const char *name)
{
    for (size_t i = 0; i < vm->nparams; i++)
        if (strcmp(vm->params[i].name, name) == 0)
            return vm->params[i].value;
    return NULL;
}

bool sqlx_wire_vm_suspended(const struct sqlx_wire_vm *vm)
{
    return vm->suspended;
}

int sqlx_wire_vm_event(const struct sqlx_wire_vm *vm)
{
    return vm->event;
}

const struct sqlx_wire_msg *sqlx_wire_vm_msg(const struct sqlx_wire_vm *vm)
{
    return &vm->msg;
}

enum sqlx_conn_state sqlx_wire_vm_state(const struct sqlx_wire_vm *vm)
{
    return vm->state;
}

void sqlx_wire_vm_set_state(struct sqlx_wire_vm *vm, enum sqlx_conn_state s)
{
    vm->state = s;
}

bool sqlx_wire_vm_broken(const struct sqlx_wire_vm *vm)
{
    return vm->broken;
}

const struct sqlx_err *sqlx_wire_vm_saved_error(const struct sqlx_wire_vm *vm)
{
    return vm->has_saved ? &vm->saved : NULL;
}

size_t sqlx_wire_vm_pending(const struct sqlx_wire_vm *vm)
{
    return vm->out.len;
}

void sqlx_wire_vm_unsend(struct sqlx_wire_vm *vm, size_t keep)
{
    if (keep < vm->out.len)
        vm->out.len = keep;
}

size_t sqlx_wire_vm_buffered(const struct sqlx_wire_vm *vm)
{
    return vm->in_end - vm->in_pos;
}

/* Marks the conversation lost. */
static int broken(struct sqlx_wire_vm *vm, int rc)
{
    vm->broken = true;
    vm->state = SQLX_CONN_ERROR;
    vm->suspended = false;
    vm->script = NULL;
    return rc;
}

int sqlx_wire_vm_send(struct sqlx_wire_vm *vm, const struct sqlx_wire_layout *l,
                      const struct sqlx_wire_val *vals, struct sqlx_err *err)
{
    return sqlx_wire_encode_ex(vm->p->codec, l, vals, vm->varv, (uint32_t)vm->p->nvars, &vm->seq,
                               &vm->out, err);
}

int sqlx_wire_vm_flush(struct sqlx_wire_vm *vm, struct sqlx_err *err)
{
    if (vm->out.len == 0)
        return 0;
    int rc = vm->io.write(vm->io.ctx, vm->out.data, vm->out.len, err);
    vm->out.len = 0;
    if (rc)
        return broken(vm, rc);
    return 0;
}

/* Makes room to read more of a frame that needs `need` contiguous bytes, then reads once, as
 * much as there is room for. Compacts only when the frame would not fit where it starts. The
 * buffer grows at most twofold per read, so a frame length the server claims costs memory only
 * as its bytes really arrive. */
static int fill(struct sqlx_wire_vm *vm, size_t need, struct sqlx_err *err)
{
    size_t have = vm->in_end - vm->in_pos;
    vm->peeked_total = 0; /* buffered bytes may move */
    if (have == 0) {
        vm->in_pos = vm->in_end = 0;
        if (vm->in_cap > IN_SHRINK && need <= IN_DEFAULT) {
            sqlx_free(vm->in);
            vm->in_cap = IN_DEFAULT;
            vm->in = sqlx_malloc(vm->in_cap);
        }
    } else if (vm->in_pos + need > vm->in_cap || vm->in_end == vm->in_cap ||
               (vm->in_pos > 0 && have <= IN_COMPACT)) {
        /* A small leftover (the start of the next row) moves to the front, so streamed reads
         * land in the same few kilobytes, which stay in the CPU cache. */
        memmove(vm->in, vm->in + vm->in_pos, have);
        vm->in_pos = 0;
        vm->in_end = have;
    }
    if (vm->in_end == vm->in_cap) {
        size_t cap = vm->in_cap * 2;
        if (need > vm->in_cap && cap > need)
            cap = need;
        vm->in = sqlx_realloc(vm->in, cap);
        vm->in_cap = cap;
    } else if (vm->in_full && vm->in_cap < IN_DEFAULT) {
        /* Under load (the last read filled all the room there was) the small start buffer grows
         * to the usual size, so streaming rows takes as few reads as before. */
        vm->in = sqlx_realloc(vm->in, IN_DEFAULT);
        vm->in_cap = IN_DEFAULT;
    }
    size_t room = vm->in_cap - vm->in_end;
    long n = vm->io.read(vm->io.ctx, vm->in + vm->in_end, room, err);
    vm->in_full = n > 0 && (size_t)n == room;
    if (n <= 0) {
        if (n == 0)
            sqlx_err_set(err, SQLX_EIO, "server closed the connection unexpectedly");
        /* A server that said why it is closing (FATAL) explains better than the socket. */
        if (vm->has_saved && err) {
            char why[sizeof err->message];
            snprintf(why, sizeof why, "%s", err->message);
            *err = vm->saved;
            if (!err->detail[0])
                sqlx_err_detail(err, "The server closed the connection (%s).", why);
            vm->has_saved = false;
            return broken(vm, vm->saved.code);
        }
        return broken(vm, n < 0 ? (int)n : SQLX_EIO);
    }
    vm->in_end += (size_t)n;
    return 0;
}

int sqlx_wire_vm_drain(struct sqlx_wire_vm *vm, struct sqlx_err *err)
{
    while (vm->io.wait_readable && vm->io.wait_readable(vm->io.ctx, 0) > 0) {
        size_t before = vm->in_end - vm->in_pos;
        int rc = fill(vm, before + 1, err);
        if (rc)
            return rc;
        if (vm->in_end - vm->in_pos > 64u * 1024u * 1024u)
            break;
    }
    return 0;
}

/* Sequence framing: every frame carries the next id, in both directions; a gap means the two
 * sides no longer agree on where the conversation is. */
static int check_seq(struct sqlx_wire_vm *vm, uint8_t seq, struct sqlx_err *err)
{
    if (seq != vm->seq) {
        sqlx_err_set(err, SQLX_EIO,
                     "packets out of order: the server sent sequence id %u where %u was expected",
                     (unsigned)seq, (unsigned)vm->seq);
        return broken(vm, SQLX_EIO);
    }
    vm->seq = (uint8_t)(seq + 1);
    return 0;
}

/* Largest payload of one frame (a frame that long continues in the next one, split framing). */
static size_t frame_max(const struct sqlx_wire_codec *c)
{
    return ((size_t)1 << (8 * c->framing.len_width)) - 1;
}

/* f (at in_pos) has the largest length: the message continues in the frames after it. Their
 * payloads are moved down over their headers, in place, until a shorter frame ends it; f then
 * covers the joined payload. The joined size is bounded by max_frame. */
static int join_frames(struct sqlx_wire_vm *vm, struct sqlx_wire_frame *f, struct sqlx_err *err)
{
    const struct sqlx_wire_codec *c = vm->p->codec;
    size_t hdr = f->total - f->len, max = frame_max(c), joined = f->len;
    for (;;) {
        size_t at = vm->in_pos + hdr + joined; /* the next header */
        struct sqlx_wire_frame g;
        int r = sqlx_wire_frame_split(c, true, vm->in + at, vm->in_end - at, &g, err);
        if (r < 0)
            return broken(vm, r);
        if (r == 0) {
            int rc = fill(vm, hdr + joined + (g.total ? g.total : hdr), err);
            if (rc)
                return rc;
            continue;
        }
        int rc = check_seq(vm, g.seq, err);
        if (rc)
            return rc;
        if (joined + g.len > c->framing.max_frame) {
            sqlx_err_set(err, SQLX_EINVAL,
                         "server sent a message of more than %u bytes, over the limit",
                         c->framing.max_frame);
            return broken(vm, SQLX_EINVAL);
        }
        memmove(vm->in + at, vm->in + at + hdr, vm->in_end - at - hdr);
        vm->in_end -= hdr;
        joined += g.len;
        if (g.len < max)
            break;
    }
    f->payload = vm->in + vm->in_pos + hdr;
    f->len = joined;
    f->total = hdr + joined;
    return 0;
}

/* Next frame, reading as needed. */
static int next_frame(struct sqlx_wire_vm *vm, const struct vop *op, struct sqlx_wire_frame *f,
                      struct sqlx_err *err)
{
    const struct sqlx_wire_codec *c = vm->p->codec;
    if (op->unframed) {
        size_t size = c->msgs[op->cand[0]].fixed_size;
        while (vm->in_end - vm->in_pos < size) {
            int rc = fill(vm, size, err);
            if (rc)
                return rc;
        }
        f->tag = -1;
        f->seq = 0;
        f->payload = vm->in + vm->in_pos;
        f->len = size;
        f->total = size;
        vm->in_pos += size;
        return 0;
    }
    for (;;) {
        int r =
            sqlx_wire_frame_split(c, true, vm->in + vm->in_pos, vm->in_end - vm->in_pos, f, err);
        if (r < 0)
            return broken(vm, r);
        if (r == 1) {
            if (c->framing.sequence) {
                int rc = check_seq(vm, f->seq, err);
                if (rc)
                    return rc;
                if (c->framing.split && f->len == frame_max(c) && (rc = join_frames(vm, f, err)))
                    return rc;
            }
            vm->in_pos += f->total;
            return 0;
        }
        size_t need = f->total ? f->total : (size_t)(c->framing.len_width + 2);
        int rc = fill(vm, need, err);
        if (rc)
            return rc;
    }
}

/* ---- operands and conditions --------------------------------------------------------------------- */

static struct sqlx_wire_val eval(const struct sqlx_wire_vm *vm, const struct operand *o)
{
    struct sqlx_wire_val v = { .kind = SQLX_WV_NONE };
    switch ((enum opnd_kind)o->kind) {
    case OPND_VAR:
        return vm->varv[o->var];
    case OPND_FIELD:
        if (vm->msg.layout && o->slots[vm->msg.layout->id] >= 0) {
            v = vm->msg.vals[o->slots[vm->msg.layout->id]];
            if (v.kind == SQLX_WV_LIST && !v.items)
                v.items = vm->msg.vals + v.first;
        }
        return v;
    case OPND_INT:
        return sqlx_wire_int(o->i);
    case OPND_STR:
        return sqlx_wire_bytes(o->s, o->n);
    case OPND_NULL:
        return sqlx_wire_null();
    case OPND_NONE:
        break;
    }
    return v;
}

static bool val_eq(const struct sqlx_wire_val *a, const struct sqlx_wire_val *b)
{
    if (a->kind == SQLX_WV_INT && b->kind == SQLX_WV_INT)
        return a->i == b->i;
    if (a->kind == SQLX_WV_BYTES && b->kind == SQLX_WV_BYTES)
        return a->n == b->n && (a->n == 0 || memcmp(a->p, b->p, a->n) == 0);
    bool a_null = a->kind == SQLX_WV_NULL || a->kind == SQLX_WV_NONE;
    bool b_null = b->kind == SQLX_WV_NULL || b->kind == SQLX_WV_NONE;
    return a_null && b_null;
}

static bool cond_holds(const struct sqlx_wire_vm *vm, const struct vop *op)
{
    struct sqlx_wire_val subject = eval(vm, &op->args[0]);
    if (op->cmp == CMP_HAS || op->cmp == CMP_LACKS) {
        int64_t x = subject.kind == SQLX_WV_INT ? subject.i : 0, m = op->args[1].i;
        return op->cmp == CMP_HAS ? (x & m) == m : (x & m) == 0;
    }
    bool any = false;
    for (uint16_t i = 1; i < op->nargs && !any; i++) {
        struct sqlx_wire_val lit = eval(vm, &op->args[i]);
        any = val_eq(&subject, &lit);
    }
    return (op->cmp == CMP_EQ || op->cmp == CMP_IN) ? any : !any;
}

/* Copies v into variable slot, owning bytes. */
static void store_copy(struct sqlx_wire_vm *vm, uint16_t slot, const struct sqlx_wire_val *v)
{
    struct vm_var *var = &vm->vars[slot];
    struct sqlx_wire_val *val = &vm->varv[slot];
    if (v->kind != SQLX_WV_BYTES && v->kind != SQLX_WV_RAWLIST) {
        *val = *v;
        if (v->kind == SQLX_WV_LIST) /* lists point into the frame: never kept */
            val->kind = SQLX_WV_NONE;
        return;
    }
    if (var->cap < v->n + 1) {
        var->cap = v->n + 1 < 64 ? 64 : v->n + 1;
        sqlx_free(var->own);
        var->own = sqlx_malloc(var->cap);
    }
    if (v->n)
        memcpy(var->own, v->p, v->n);
    var->own[v->n] = 0;
    *val = *v;
    val->p = var->own;
}

static void set_param(struct sqlx_wire_vm *vm, const struct sqlx_wire_val *name,
                      const struct sqlx_wire_val *value)
{
    if (name->kind != SQLX_WV_BYTES || value->kind != SQLX_WV_BYTES)
        return;
    for (size_t i = 0; i < vm->nparams; i++) {
        if (strlen(vm->params[i].name) == name->n &&
            memcmp(vm->params[i].name, name->p, name->n) == 0) {
            sqlx_free(vm->params[i].value);
            vm->params[i].value = sqlx_strndup((const char *)value->p, value->n);
            return;
        }
    }
    vm->params = sqlx_realloc(vm->params, (vm->nparams + 1) * sizeof *vm->params);
    vm->params[vm->nparams].name = sqlx_strndup((const char *)name->p, name->n);
    vm->params[vm->nparams].value = sqlx_strndup((const char *)value->p, value->n);
    vm->nparams++;
}

/* ---- server errors ------------------------------------------------------------------------------- */

static void copy_str(char *dst, size_t cap, const uint8_t *p, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, p, n);
    dst[n] = '\0';
}

static int parse_small_int(const uint8_t *p, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n && i < 9; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 0;
        v = v * 10 + (p[i] - '0');
    }
    return (int)v;
}

/* Puts one named error field into err (and severity into sev). */
static void error_field(struct sqlx_err *err, char *sev, size_t sevcap, const char *name,
                        const struct sqlx_wire_val *v)
{
    if (v->kind == SQLX_WV_INT) {
        if (strcmp(name, "error_code") == 0)
            err->engine_code = (int)v->i;
        return;
    }
    if (v->kind != SQLX_WV_BYTES)
        return;
    if (strcmp(name, "sqlstate") == 0)
        copy_str(err->sqlstate, sizeof err->sqlstate, v->p, v->n);
    else if (strcmp(name, "message") == 0)
        copy_str(err->message, sizeof err->message, v->p, v->n);
    else if (strcmp(name, "detail") == 0)
        copy_str(err->detail, sizeof err->detail, v->p, v->n);
    else if (strcmp(name, "hint") == 0)
        copy_str(err->hint, sizeof err->hint, v->p, v->n);
    else if (strcmp(name, "constraint") == 0)
        copy_str(err->constraint, sizeof err->constraint, v->p, v->n);
    else if (strcmp(name, "position") == 0)
        err->position = parse_small_int(v->p, v->n);
    else if (strcmp(name, "severity_nonlocalized") == 0 ||
             (strcmp(name, "severity") == 0 && !sev[0]))
        copy_str(sev, sevcap, v->p, v->n);
}

static void msg_error(const struct sqlx_wire_msg *msg, struct sqlx_err *err, char *sev,
                      size_t sevcap)
{
    sqlx_err_clear(err);
    sev[0] = '\0';
    err->code = SQLX_EENGINE;
    const struct sqlx_wire_layout *l = msg->layout;
    for (uint16_t i = 0; l && i < l->nops; i++) {
        const struct sqlx_wire_op *op = &l->ops[i];
        const struct sqlx_wire_val *v = &msg->vals[op->slot];
        if (op->type == SQLX_WF_TAGGED_CSTRINGS && op->codes) {
            struct sqlx_wire_iter it;
            int code;
            struct sqlx_str text;
            sqlx_wire_iter_init(&it, SQLX_WF_TAGGED_CSTRINGS, v);
            while (sqlx_wire_iter_next(&it, &code, NULL, &text)) {
                const char *name = op->codes[(unsigned char)code];
                if (!name)
                    continue; /* unknown codes are skipped, never rejected */
                struct sqlx_wire_val tv = sqlx_wire_bytes(text.ptr, text.len);
                error_field(err, sev, sevcap, name, &tv);
            }
        } else {
            error_field(err, sev, sevcap, op->name, v);
        }
        if (op->type == SQLX_WF_REPEAT)
            i = (uint16_t)(i + op->body);
    }
    if (!err->message[0])
        snprintf(err->message, sizeof err->message, "the server reported an error");
}

void sqlx_wire_vm_msg_error(const struct sqlx_wire_msg *msg, struct sqlx_err *err)
{
    char sev[16];
    struct sqlx_err tmp;
    msg_error(msg, &tmp, sev, sizeof sev);
    if (err)
        *err = tmp;
}

/* A severity (PostgreSQL FATAL, PANIC) or an engine error number (MySQL 1927: the connection was
 * killed) that ends the connection. */
static bool is_fatal(const struct vop *op, const char *sev, int engine_code)
{
    for (uint16_t i = 0; i < op->nfatal; i++) {
        const struct fatal_item *f = &op->fatal[i];
        if (f->sev ? strcmp(f->sev, sev) == 0 : engine_code != 0 && f->code == engine_code)
            return true;
    }
    return false;
}

/* ---- auth plugins -------------------------------------------------------------------------------- */

static int want_bytes(const struct sqlx_wire_val *v, const char *what, struct sqlx_err *err)
{
    if (v->kind == SQLX_WV_BYTES || v->kind == SQLX_WV_RAWLIST)
        return 0;
    return sqlx_err_set(err, SQLX_EINVAL, "authentication: %s is missing", what);
}

/* NUL-terminated copy of a bytes value into a fixed buffer; false when it does not fit. */
static bool cstr(const struct sqlx_wire_val *v, char *out, size_t cap)
{
    if (v->kind != SQLX_WV_BYTES || v->n >= cap || memchr(v->p, 0, v->n))
        return false;
    memcpy(out, v->p, v->n);
    out[v->n] = '\0';
    return true;
}

/* SASL: is the plugin's mechanism among those the server offered (cstring_list or bytes)? */
static bool offers(const struct sqlx_wire_val *list, const char *mech)
{
    struct sqlx_wire_iter it;
    struct sqlx_str s;
    sqlx_wire_iter_init(&it, SQLX_WF_CSTRING_LIST, list);
    while (sqlx_wire_iter_next(&it, NULL, NULL, &s))
        if (s.len == strlen(mech) && memcmp(s.ptr, mech, s.len) == 0)
            return true;
    return false;
}

/* The MySQL family's plugins. a[0] is the password (absent: empty), a[1] the server's scramble
 * as sent (a trailing NUL is dropped), a[2] the server's RSA public key (PEM) for full auth. */
static int my_auth(const struct vop *op, const struct sqlx_wire_val *a, char *password,
                   size_t cap, struct sqlx_buf *out, struct sqlx_err *err)
{
    size_t need = op->builtin == BI_MY_ED25519 ? SQLX_MY_ED25519_NONCE_LEN : SQLX_MY_NONCE_LEN;
    password[0] = '\0';
    if (a[0].kind == SQLX_WV_BYTES && !cstr(&a[0], password, cap))
        return sqlx_err_set(err, SQLX_EINVAL, "the password is too long or contains a NUL character");
    if (a[1].kind != SQLX_WV_BYTES || a[1].n < need)
        return sqlx_err_set(err, SQLX_EINVAL,
                            "%s authentication: the server's scramble is %zu bytes, expected %zu",
                            builtin_name(op->builtin), a[1].kind == SQLX_WV_BYTES ? a[1].n : 0,
                            need);
    const unsigned char *nonce = a[1].p;
    unsigned char resp[SQLX_MY_ED25519_SIG_LEN];
    size_t n = 0;
    int rc = 0;
    switch (op->builtin) {
    case BI_MY_NATIVE:
        n = sqlx_my_native_scramble(password, nonce, resp);
        break;
    case BI_MY_SHA2:
        n = sqlx_my_sha2_scramble(password, nonce, resp);
        break;
    case BI_MY_ED25519:
        rc = sqlx_my_ed25519_sign(password, nonce, need, resp, err);
        n = SQLX_MY_ED25519_SIG_LEN;
        break;
    default:
        if (a[2].kind != SQLX_WV_BYTES || a[2].n == 0)
            return sqlx_err_set(err, SQLX_EINVAL,
                                "caching_sha2_password: the server sent no RSA public key");
        return sqlx_my_sha2_rsa_encrypt(password, nonce, need, (const char *)a[2].p, a[2].n, out,
                                        err);
    }
    if (rc == 0)
        sqlx_buf_put(out, resp, n);
    memset(resp, 0, sizeof resp);
    return rc;
}

static int run_auth(struct sqlx_wire_vm *vm, const struct vop *op, struct sqlx_err *err)
{
    struct sqlx_wire_val a[3];
    char user[256], password[1024];
    struct sqlx_buf out;
    int rc = 0;
    for (uint16_t i = 0; i < op->nargs && i < 3; i++)
        a[i] = eval(vm, &op->args[i]);
    sqlx_buf_init(&out, 0);
    switch (op->builtin) {
    case BI_CLEARTEXT:
        if ((rc = want_bytes(&a[0], "the password", err)))
            break;
        sqlx_buf_put(&out, a[0].p, a[0].n);
        break;
    case BI_PG_MD5: {
        char md5[36];
        if (!cstr(&a[0], user, sizeof user) || !cstr(&a[1], password, sizeof password)) {
            rc = sqlx_err_set(err, SQLX_EINVAL,
                              "the server asked for a password (md5) but none was given");
            sqlx_err_hint(
                err, "Put the password in the database URL: postgresql://user:password@host/db.");
            break;
        }
        if (a[2].kind != SQLX_WV_BYTES || a[2].n != 4) {
            rc = sqlx_err_set(err, SQLX_EINVAL, "md5 authentication: salt of 4 bytes expected");
            break;
        }
        sqlx_pg_md5(user, password, a[2].p, md5);
        sqlx_buf_put(&out, md5, strlen(md5));
        break;
    }
    case BI_SCRAM_SHA_256:
        if (op->step == STEP_START) {
            if (a[0].kind == SQLX_WV_RAWLIST && !offers(&a[0], op->text)) {
                rc = sqlx_err_set(
                    err, SQLX_EUNSUPPORTED,
                    "the server offers no SASL mechanism this client supports (wanted %s)",
                    op->text);
                break;
            }
            user[0] = '\0';
            if (op->nargs > 1 && a[1].kind == SQLX_WV_BYTES && !cstr(&a[1], user, sizeof user)) {
                rc = sqlx_err_set(err, SQLX_EINVAL, "user name too long for SCRAM");
                break;
            }
            end_scram(vm);
            rc = sqlx_scram_start(&vm->scram, user, NULL, NULL, 0, &out, err);
            vm->scram_live = rc == 0;
        } else if (op->step == STEP_CONTINUE) {
            if (!vm->scram_live) {
                rc = sqlx_err_set(err, SQLX_EINVAL, "SCRAM continue without a started exchange");
                break;
            }
            if (!cstr(&a[0], password, sizeof password)) {
                rc = sqlx_err_set(
                    err, SQLX_EINVAL,
                    "the server asked for a password (SCRAM-SHA-256) but none was given");
                sqlx_err_hint(
                    err,
                    "Put the password in the database URL: postgresql://user:password@host/db.");
                break;
            }
            if ((rc = want_bytes(&a[1], "the server-first message", err)))
                break;
            rc = sqlx_scram_continue(&vm->scram, password, (const char *)a[1].p, a[1].n, &out, err);
        } else {
            if (!vm->scram_live) {
                rc = sqlx_err_set(err, SQLX_EINVAL, "SCRAM finish without a started exchange");
                break;
            }
            if (!(rc = want_bytes(&a[0], "the server-final message", err)))
                rc = sqlx_scram_finish(&vm->scram, (const char *)a[0].p, a[0].n, err);
            end_scram(vm);
        }
        break;
    case BI_MY_NATIVE:
    case BI_MY_SHA2:
    case BI_MY_SHA2_RSA:
    case BI_MY_ED25519:
        rc = my_auth(op, a, password, sizeof password, &out, err);
        break;
    default:
        rc = sqlx_err_set(err, SQLX_EINTERNAL, "unknown auth plugin %d", op->builtin);
        break;
    }
    memset(password, 0, sizeof password);
    if (rc == 0 && op->step != STEP_FINISH) {
        struct sqlx_wire_val v = sqlx_wire_bytes(out.data ? out.data : "", out.len);
        store_copy(vm, op->var, &v);
    }
    if (out.data)
        memset(out.data, 0, out.len);
    sqlx_buf_free(&out);
    return rc;
}

/* ---- the loop ------------------------------------------------------------------------------------ */

static int64_t eval_expr(const struct sqlx_wire_vm *vm, const struct expr *e)
{
    if (!e->op) {
        struct sqlx_wire_val v = eval(vm, e->leaf);
        return v.kind == SQLX_WV_INT ? v.i : 0;
    }
    uint64_t a = (uint64_t)eval_expr(vm, e->a), b = (uint64_t)eval_expr(vm, e->b);
    switch (e->op) {
    case '|':
        return (int64_t)(a | b);
    case '&':
        return (int64_t)(a & b);
    case '~':
        return (int64_t)(a & ~b);
    case '<':
        return b < 64 ? (int64_t)(a << b) : 0;
    case '>':
        return b < 64 ? (int64_t)(a >> b) : 0;
    case '+':
        return (int64_t)(a + b);
    default:
        return (int64_t)(a - b);
    }
}

/* Joins the bytes of the operands (absent and NULL ones add nothing) into the variable. */
static void op_concat(struct sqlx_wire_vm *vm, const struct vop *op)
{
    struct sqlx_buf b;
    sqlx_buf_init(&b, 0);
    for (uint16_t i = 0; i < op->nargs; i++) {
        struct sqlx_wire_val v = eval(vm, &op->args[i]);
        if (v.kind == SQLX_WV_BYTES)
            sqlx_buf_put(&b, v.p, v.n);
    }
    struct sqlx_wire_val v = sqlx_wire_bytes(b.data ? b.data : "", b.len);
    store_copy(vm, op->var, &v);
    sqlx_buf_free(&b);
}

static int op_send(struct sqlx_wire_vm *vm, const struct vop *op, struct sqlx_err *err)
{
    struct sqlx_wire_val vals[MAX_FIELDS];
    const struct sqlx_wire_layout *l = &vm->p->codec->msgs[op->msg];
    for (uint16_t i = 0; i < op->nargs; i++)
        vals[i] = eval(vm, &op->args[i]);
    int rc = sqlx_wire_encode_ex(vm->p->codec, l, vals, vm->varv, (uint32_t)vm->p->nvars, &vm->seq,
                                 &vm->out, err);
    return rc ? broken(vm, rc) : 0;
}

/* Receives one message and dispatches it: a case sets pc, an async message enters its handler,
 * anything else is a protocol violation. */
static int op_recv(struct sqlx_wire_vm *vm, const struct vop *op, struct sqlx_err *err)
{
    struct sqlx_wire_frame f;
    int rc = next_frame(vm, op, &f, err);
    if (rc)
        return rc;
    rc = sqlx_wire_decode_frame(vm->p->codec, &f, op->cand, op->ncand, &vm->msg, err);
    if (rc)
        return broken(vm, rc < 0 ? rc : SQLX_EINVAL);
    uint16_t id = vm->msg.layout->id;
    if (op->cases[id] >= 0) {
        vm->pc = (uint32_t)op->cases[id];
        return 0;
    }
    if (vm->p->async_entry[id] >= 0) {
        /* An async message runs its handler, then the recv receives again, or goes to its else
         * when it has one (so a script can stop after any single message). */
        vm->in_async = true;
        vm->apc = (uint32_t)vm->p->async_entry[id];
        vm->async_then = op->target;
        return 0;
    }
    if (op->target >= 0) {
        vm->pc = (uint32_t)op->target;
        return 0;
    }
    sqlx_err_set(err, SQLX_EIO, "unexpected %s message from the server in script %s",
                 vm->msg.layout->name, vm->script->name);
    return broken(vm, SQLX_EIO);
}

static int op_tls(struct sqlx_wire_vm *vm, struct sqlx_err *err)
{
    /* Bytes that arrived before the handshake would be trusted as if they had come over TLS
     * (CVE-2021-23222): refuse them. */
    if (vm->in_end != vm->in_pos) {
        sqlx_err_set(err, SQLX_EIO, "server sent unexpected data before the TLS handshake");
        return broken(vm, SQLX_EIO);
    }
    if (!vm->io.start_tls) {
        sqlx_err_set(err, SQLX_EUNSUPPORTED, "this transport cannot start TLS");
        return broken(vm, SQLX_EUNSUPPORTED);
    }
    int rc = vm->io.start_tls(vm->io.ctx, err);
    return rc ? broken(vm, rc) : 0;
}

/* Runs from the current pc until the script yields, finishes or fails. */
static int exec(struct sqlx_wire_vm *vm, struct sqlx_err *err)
{
    char sev[16];
    int rc;
    for (;;) {
        const struct script *s = vm->in_async ? &vm->p->async : vm->script;
        uint32_t *pc = vm->in_async ? &vm->apc : &vm->pc;
        if (*pc >= s->nops) {
            if (vm->in_async) {
                vm->in_async = false;
                continue;
            }
            vm->script = NULL;
            return SQLX_VM_DONE;
        }
        const struct vop *op = &s->ops[*pc];
        switch ((enum vop_code)op->code) {
        case VOP_SEND:
            if ((rc = op_send(vm, op, err)))
                return rc;
            (*pc)++;
            break;
        case VOP_FLUSH:
            if ((rc = sqlx_wire_vm_flush(vm, err)))
                return rc;
            (*pc)++;
            break;
        case VOP_RECV:
            if ((rc = op_recv(vm, op, err)))
                return rc;
            if (!vm->in_async && *pc < s->nops && s->ops[*pc].code == VOP_YIELD) {
                /* a row loop's "recv, yield": the yield without another dispatch */
                op = &s->ops[*pc];
                *pc = (uint32_t)op->target;
                vm->event = op->event;
                vm->suspended = true;
                return SQLX_VM_YIELD;
            }
            break;
        case VOP_JUMP:
            *pc = (uint32_t)op->target;
            break;
        case VOP_SKIP:
            *pc = cond_holds(vm, op) ? *pc + 1 : (uint32_t)op->target;
            break;
        case VOP_STORE: {
            struct sqlx_wire_val v = eval(vm, &op->args[0]);
            store_copy(vm, op->var, &v);
            (*pc)++;
            break;
        }
        case VOP_PARAM: {
            struct sqlx_wire_val n = eval(vm, &op->args[0]), v = eval(vm, &op->args[1]);
            set_param(vm, &n, &v);
            (*pc)++;
            break;
        }
        case VOP_AUTH:
            if ((rc = run_auth(vm, op, err)))
                return broken(vm, rc);
            (*pc)++;
            break;
        case VOP_TLS:
            if ((rc = op_tls(vm, err)))
                return rc;
            (*pc)++;
            break;
        case VOP_YIELD:
            *pc = (uint32_t)op->target;
            vm->event = op->event;
            vm->suspended = true;
            return SQLX_VM_YIELD;
        case VOP_STATE:
            vm->state = (enum sqlx_conn_state)op->state;
            (*pc)++;
            break;
        case VOP_ERROR:
            if (!vm->has_saved) {
                msg_error(&vm->msg, &vm->saved, sev, sizeof sev);
                vm->has_saved = true;
                if (is_fatal(op, sev, vm->saved.engine_code))
                    vm->broken = true;
            }
            (*pc)++;
            break;
        case VOP_RAISE:
            (*pc)++;
            if (vm->has_saved) {
                vm->has_saved = false;
                if (err)
                    *err = vm->saved;
                vm->script = NULL;
                return vm->saved.code;
            }
            break;
        case VOP_FAIL:
            if (op->text) {
                sqlx_err_set(err, (enum sqlx_code)op->errcode, "%s", op->text);
                return broken(vm, op->errcode);
            }
            msg_error(&vm->msg, &vm->saved, sev, sizeof sev);
            if (err)
                *err = vm->saved;
            return broken(vm, vm->saved.code);
        case VOP_FINISH:
            vm->script = NULL;
            return SQLX_VM_DONE;
        case VOP_ADD: {
            struct sqlx_wire_val *var = &vm->varv[op->var];
            int64_t base = var->kind == SQLX_WV_INT ? var->i : 0;
            *var = sqlx_wire_int(base + op->args[0].i);
            (*pc)++;
            break;
        }
        case VOP_RET:
            vm->in_async = false;
            if (vm->async_then >= 0)
                vm->pc = (uint32_t)vm->async_then;
            break;
        case VOP_SEQUENCE:
            vm->seq = (uint8_t)op->args[0].i;
            (*pc)++;
            break;
        case VOP_COMPUTE:
            vm->varv[op->var] = sqlx_wire_int(eval_expr(vm, op->expr));
            (*pc)++;
            break;
        case VOP_CONCAT:
            op_concat(vm, op);
            (*pc)++;
            break;
        }
    }
}

int sqlx_wire_vm_run(struct sqlx_wire_vm *vm, int script, struct sqlx_err *err)
{
    if (script < 0 || (size_t)script >= vm->p->nscripts)
        return sqlx_err_set(err, SQLX_EINTERNAL, "the wire pack has no such script");
    if (vm->broken)
        return sqlx_err_set(err, SQLX_EIO, "the connection is broken and cannot be used");
    vm->script = &vm->p->scripts[script];
    vm->pc = 0;
    vm->in_async = false;
    vm->suspended = false;
    vm->has_saved = false;
    int rc = exec(vm, err);
    vm->suspended = rc == SQLX_VM_YIELD;
    return rc;
}

/* The next buffered frame when the suspended script is in a row loop whose yield has this
 * event and the frame is the loop's message by its tag or first byte (not decoded yet). */
static const struct sqlx_wire_layout *loop_frame(struct sqlx_wire_vm *vm, int event,
                                                 struct sqlx_wire_frame *f)
{
    if (!vm->suspended || !vm->script || vm->in_async || vm->broken || vm->has_saved)
        return NULL;
    if (vm->loop_script != vm->script || vm->loop_pc != vm->pc) {
        const struct vop *op = vm->pc < vm->script->nops ? &vm->script->ops[vm->pc] : NULL;
        vm->loop_script = vm->script;
        vm->loop_pc = vm->pc;
        vm->loop_event = -1;
        if (op && op->code == VOP_RECV && op->loop_layout >= 0) {
            vm->loop_event = vm->script->ops[op->cases[op->loop_layout]].event;
            vm->loop_row = &vm->p->codec->msgs[op->loop_layout];
        }
    }
    if (vm->loop_event != event || event < 0)
        return NULL;
    const struct sqlx_wire_codec *c = vm->p->codec;
    const struct sqlx_wire_layout *l = vm->loop_row;
    struct sqlx_err ignored;
    if (sqlx_wire_frame_split(c, true, vm->in + vm->in_pos, vm->in_end - vm->in_pos, f,
                              &ignored) != 1)
        return NULL; /* not whole yet, or malformed: the recv reads on, or says what is wrong */
    if (c->framing.sequence && (f->seq != vm->seq || (c->framing.split && f->len == frame_max(c))))
        return NULL;
    if (l->tag >= 0 ? f->tag != l->tag
                    : (f->len == 0 || f->payload[0] != (uint8_t)l->first_byte))
        return NULL;
    return l;
}

/* Consumes the frame at in_pos (total bytes, sequence id seq) as the loop's recv and yield do. */
static void take_frame(struct sqlx_wire_vm *vm, size_t total, uint8_t seq, int event)
{
    if (vm->p->codec->framing.sequence)
        vm->seq = (uint8_t)(seq + 1);
    vm->in_pos += total;
    vm->event = event;
    vm->peeked_total = 0;
}

int sqlx_wire_vm_next_buffered(struct sqlx_wire_vm *vm, int event)
{
    struct sqlx_wire_frame f;
    struct sqlx_err ignored;
    const struct sqlx_wire_layout *l = loop_frame(vm, event, &f);
    if (!l || sqlx_wire_decode(vm->p->codec, l, f.payload, f.len, &vm->msg, &ignored) != 0)
        return 0; /* another message after all, or a malformed one: the recv decides */
    vm->msg.seq = f.seq;
    take_frame(vm, f.total, f.seq, event);
    return 1;
}

const struct sqlx_wire_layout *sqlx_wire_vm_peek_buffered(struct sqlx_wire_vm *vm, int event,
                                                          const uint8_t **payload, size_t *len)
{
    struct sqlx_wire_frame f;
    const struct sqlx_wire_layout *l = loop_frame(vm, event, &f);
    vm->peeked_total = 0;
    if (l) {
        *payload = f.payload;
        *len = f.len;
        vm->peeked_total = f.total;
        vm->peeked_seq = f.seq;
    }
    return l;
}

void sqlx_wire_vm_take_buffered(struct sqlx_wire_vm *vm, int event)
{
    if (!vm->peeked_total)
        return;
    /* the engine decoded the payload itself: the message is not kept */
    vm->msg.layout = NULL;
    vm->msg.payload = NULL;
    vm->msg.len = 0;
    vm->msg.nvals = 0;
    vm->msg.seq = vm->peeked_seq;
    take_frame(vm, vm->peeked_total, vm->peeked_seq, event);
}

int sqlx_wire_vm_resume(struct sqlx_wire_vm *vm, struct sqlx_err *err)
{
    vm->peeked_total = 0;
    if (!vm->suspended || !vm->script)
        return sqlx_err_set(err, SQLX_EINTERNAL, "no suspended script to resume");
    vm->suspended = false;
    int rc = exec(vm, err);
    vm->suspended = rc == SQLX_VM_YIELD;
    return rc;
}
