/* WireVM: compiles a pack's scripts (handshake, query flows, async handlers) into op arrays and
 * runs them over a transport: frames are split from one large input buffer in place, messages are
 * encoded into one output buffer flushed with one write, and events (rows, notices, copy data)
 * are yielded to the engine, which resumes the script afterwards. Owns the connection state, the
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

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/auth.h"
#include "wire/pack_int.h"

#define IN_START       (16u * 1024u) /* input buffer size of a new VM */
#define IN_DEFAULT     (64u * 1024u) /* size once a read filled the buffer; grows for larger frames */
#define IN_SHRINK      (4u * IN_DEFAULT)
#define IN_COMPACT     1024u /* leftovers up to this size move to the front before a read */
#define MAX_SCRIPT_OPS 4096
#define MAX_FIELDS     64

enum vop_code {
    VOP_SEND,
    VOP_FLUSH,
    VOP_RECV,
    VOP_JUMP,
    VOP_SKIP, /* skip the next op unless the condition holds */
    VOP_STORE,
    VOP_PARAM,
    VOP_AUTH,
    VOP_TLS,
    VOP_YIELD,
    VOP_STATE,
    VOP_ERROR,
    VOP_RAISE,
    VOP_FAIL,
    VOP_FINISH,
    VOP_ADD,
    VOP_RET, /* end of an async handler: back to the interrupted recv */
    VOP_SEQUENCE, /* sets the sequence id of sequence framing (0 before each MySQL command) */
    VOP_COMPUTE,  /* integer expression into a variable (capability flags) */
    VOP_CONCAT,   /* bytes of several values into a variable (the two halves of a nonce) */
};

enum opnd_kind { OPND_NONE, OPND_VAR, OPND_FIELD, OPND_INT, OPND_STR, OPND_NULL };

enum cmp_kind { CMP_EQ, CMP_NE, CMP_IN, CMP_NOT_IN, CMP_HAS, CMP_LACKS };

/* Built-in auth plugins a pack's authentication.plugins can bind to. */
enum builtin {
    BI_CLEARTEXT,
    BI_PG_MD5,
    BI_SCRAM_SHA_256,
    BI_MY_NATIVE,     /* mysql_native_password scramble: args password, nonce */
    BI_MY_SHA2,       /* caching_sha2_password fast scramble: args password, nonce */
    BI_MY_SHA2_RSA,   /* caching_sha2_password full auth, RSA: args password, nonce, public key */
    BI_MY_ED25519,    /* MariaDB client_ed25519 signature: args password, nonce */
    BI_COUNT
};

struct operand;

/* A compute expression: a leaf operand, or an operator over two sub-expressions. */
struct expr {
    char op;              /* 0 leaf; '|' '&' '~' (and-not) '<' (shift left) '>' '+' '-' */
    struct operand *leaf; /* leaf */
    struct expr *a, *b;
};
enum auth_step { STEP_RESPOND, STEP_START, STEP_CONTINUE, STEP_FINISH };

/* A value reference in an op. */
struct operand {
    uint8_t kind;  /* enum opnd_kind */
    uint16_t var;  /* VAR: slot */
    int64_t i;     /* INT */
    const char *s; /* STR (in the protocol's strs arena) */
    size_t n;
    int16_t *slots;   /* FIELD: top-level slot per layout id, -1 when the layout lacks it */
    const char *name; /* FIELD / VAR name for messages */
};

struct fatal_item;

struct vop {
    uint8_t code;         /* enum vop_code */
    uint8_t state;        /* STATE: enum sqlx_conn_state */
    uint8_t cmp;          /* SKIP: enum cmp_kind */
    uint8_t builtin;      /* AUTH: enum builtin */
    uint8_t step;         /* AUTH: enum auth_step */
    bool unframed;        /* RECV: the cases are unframed fixed-size messages */
    uint16_t msg;         /* SEND: layout id */
    uint16_t var;         /* STORE / ADD / AUTH output */
    uint16_t event;       /* YIELD */
    int32_t target;       /* JUMP, SKIP (pc when the condition fails), RECV else (-1 none),
                           * YIELD (pc to resume at) */
    int errcode;          /* FAIL: code for a literal message */
    const char *text;     /* FAIL: literal message; AUTH: SASL mechanism */
    const struct fatal_item *fatal; /* ERROR / FAIL: severities and error numbers that end the
                                     * connection, nfatal of them */
    uint16_t nfatal;
    struct operand *args; /* SEND: one per top-level slot; STORE/ADD: 1; PARAM: 2; AUTH: n;
                            * SKIP: subject then values */
    uint16_t nargs;
    struct expr *expr; /* COMPUTE */
    int32_t *cases; /* RECV: target pc per layout id, -1 none */
    uint16_t *cand; /* RECV: layouts in case order, for untagged and unframed frames */
    uint16_t ncand;
    int32_t loop_layout; /* RECV: the message whose case is a yield that resumes at this recv
                          * (a row loop), when a frame can be told to be it without decoding
                          * the other cases; -1 none (see sqlx_wire_vm_next_buffered) */
};

struct script {
    const char *name; /* "handshake", "execute", "async" */
    struct vop *ops;
    uint32_t nops;
};

/* One "fatal" entry: a severity name, or (sev NULL) an engine error number. */
struct fatal_item {
    const char *sev; /* "FATAL", "PANIC"; NULL for a number */
    long long code;  /* engine error number when sev is NULL */
};

struct plugin_ref {
    const char *name;      /* pack name, e.g. "scram-sha-256" */
    uint8_t builtin;       /* enum builtin */
    const char *mechanism; /* SASL mechanism name, e.g. "SCRAM-SHA-256" */
};

struct sqlx_wire_proto {
    unsigned refs; /* packs sharing it (an extending pack reuses its base's compiled protocol) */
    struct sqlx_wire_codec *codec;
    struct script *scripts; /* [0] handshake, then the query flows */
    size_t nscripts;
    struct script async;  /* all async handlers, back to back */
    int32_t *async_entry; /* pc in async per layout id, -1 none */
    const char **vars;    /* names, in strs or the codec's strs */
    size_t nvars;
    const char **events;
    size_t nevents;
    struct plugin_ref *plugins;
    size_t nplugins;
    struct sqlx_arena strs; /* owns names, literals and fatal lists copied from the pack JSON */
};

/* ---- names --------------------------------------------------------------------------------------- */

static const char *builtin_name(int b)
{
    switch (b) {
    case BI_CLEARTEXT:
        return "cleartext";
    case BI_PG_MD5:
        return "pg_md5";
    case BI_SCRAM_SHA_256:
        return "scram-sha-256";
    case BI_MY_NATIVE:
        return "mysql_native_password";
    case BI_MY_SHA2:
        return "caching_sha2_password";
    case BI_MY_SHA2_RSA:
        return "caching_sha2_rsa";
    case BI_MY_ED25519:
        return "client_ed25519";
    default:
        return NULL;
    }
}

static int state_from_name(const char *s)
{
    static const char names[][10] = { "INIT",  "GREETING", "AUTH",  "READY",
                                      "QUERY", "RESULT",   "ERROR", "CLOSED" };
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

static int code_from_name(const char *s)
{
    for (int c = SQLX_EINVAL; c >= SQLX_EBUSY; c--)
        if (strcmp(sqlx_code_name((enum sqlx_code)c), s) == 0)
            return c;
    return 0;
}

/* ---- compile ------------------------------------------------------------------------------------- */

struct label {
    const char *name;
    uint32_t pc;
};

/* Compiler state of one script. */
struct cctx {
    struct sqlx_wire__vctx *v;
    struct sqlx_wire_proto *p;
    const struct sqlx_wire_codec *codec;
    struct label *labels;
    size_t nlabels;
    bool is_async;
};

static int intern(const char ***tab, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*tab)[i], name) == 0)
            return (int)i;
    if (*n >= 65535)
        return -1;
    *tab = sqlx_realloc(*tab, (*n + 1) * sizeof **tab);
    (*tab)[*n] = name;
    return (int)(*n)++;
}

static int fail_key(struct sqlx_wire__vctx *v, const json_t *obj, const char *key,
                    const char *expected)
{
    size_t at = sqlx_wire__path_key(v, key);
    int rc = sqlx_wire__fail_found(v, expected, json_object_get(obj, key));
    sqlx_wire__path_pop(v, at);
    return rc;
}

static bool is_var_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* "$var", "@field", an integer, a string, null. */
static int compile_operand(struct cctx *cc, const json_t *j, struct operand *o)
{
    memset(o, 0, sizeof *o);
    if (json_is_null(j)) {
        o->kind = OPND_NULL;
        return 0;
    }
    if (json_is_integer(j)) {
        o->kind = OPND_INT;
        o->i = json_integer_value(j);
        return 0;
    }
    if (json_is_true(j) || json_is_false(j)) {
        o->kind = OPND_INT;
        o->i = json_is_true(j);
        return 0;
    }
    if (!json_is_string(j))
        return sqlx_wire__fail_found(cc->v,
                                     "\"$variable\", \"@field\", a string, an integer or null", j);
    const char *s = json_string_value(j);
    if (s[0] == '$' || s[0] == '@')
        s = sqlx_wire__keep(cc->v, s, strlen(s));
    if (s[0] == '$') {
        if (!is_var_name(s + 1))
            return sqlx_wire__fail_found(
                cc->v, "a variable name of lower-case letters, digits and '_' after '$'", j);
        int slot = intern(&cc->p->vars, &cc->p->nvars, s + 1);
        if (slot < 0)
            return sqlx_wire__fail_rule(cc->v, "too many variables");
        o->kind = OPND_VAR;
        o->var = (uint16_t)slot;
        o->name = s + 1;
        return 0;
    }
    if (s[0] == '@') {
        bool any = false;
        o->kind = OPND_FIELD;
        o->name = s + 1;
        o->slots = sqlx_calloc(cc->codec->nmsgs ? cc->codec->nmsgs : 1, sizeof *o->slots);
        for (uint16_t i = 0; i < cc->codec->nmsgs; i++) {
            o->slots[i] = (int16_t)sqlx_wire_layout_slot(&cc->codec->msgs[i], s + 1);
            any = any || o->slots[i] >= 0;
        }
        if (!any)
            return sqlx_wire__fail_found(cc->v, "\"@\" and a field name of some message", j);
        return 0;
    }
    o->kind = OPND_STR;
    o->s = sqlx_wire__keep(cc->v, s, json_string_length(j));
    o->n = json_string_length(j);
    return 0;
}

static int find_label(const struct cctx *cc, const char *name, int32_t *pc)
{
    for (size_t i = 0; i < cc->nlabels; i++) {
        if (strcmp(cc->labels[i].name, name) == 0) {
            *pc = (int32_t)cc->labels[i].pc;
            return 0;
        }
    }
    return -1;
}

/* A jump target: a label of the same script, or "next" for the op after this one. */
static int compile_target(struct cctx *cc, const json_t *obj, const char *key, uint32_t self,
                          int32_t *pc)
{
    const char *name;
    int rc = sqlx_wire__get_str(cc->v, obj, key, true, &name);
    if (rc)
        return rc;
    if (strcmp(name, "next") == 0) {
        *pc = (int32_t)self + 1;
        return 0;
    }
    if (find_label(cc, name, pc) != 0)
        return fail_key(cc->v, obj, key, "a label of the same script, or \"next\"");
    return 0;
}

static const struct sqlx_wire_layout *get_layout(struct cctx *cc, const json_t *obj,
                                                 const char *key, int rc_out[1])
{
    const char *name;
    rc_out[0] = sqlx_wire__get_str(cc->v, obj, key, true, &name);
    if (rc_out[0])
        return NULL;
    const struct sqlx_wire_layout *l = sqlx_wire_codec_find(cc->codec, name);
    if (!l)
        rc_out[0] = fail_key(cc->v, obj, key, "the name of a message in $.messages");
    return l;
}

static int compile_send(struct cctx *cc, const json_t *st, struct vop *op)
{
    int rc;
    const struct sqlx_wire_layout *l = get_layout(cc, st, "msg", &rc);
    if (!l)
        return rc;
    if (!(l->dir & SQLX_WDIR_FRONTEND))
        return fail_key(cc->v, st, "msg",
                        "a message the client sends (direction frontend or both)");
    if (l->ntop > MAX_FIELDS)
        return fail_key(cc->v, st, "msg", "a message of at most 64 top-level fields");
    op->msg = l->id;
    op->nargs = l->ntop;
    op->args = sqlx_calloc(l->ntop ? l->ntop : 1, sizeof *op->args);
    json_t *set = json_object_get(st, "set");
    if (set && !json_is_object(set))
        return fail_key(cc->v, st, "set", "an object of field names to values");
    size_t at = sqlx_wire__path_key(cc->v, "set");
    const char *k;
    json_t *val;
    json_object_foreach (set, k, val) {
        int slot = sqlx_wire_layout_slot(l, k);
        size_t kat = sqlx_wire__path_key(cc->v, k);
        if (slot < 0)
            rc = sqlx_wire__fail_rule(cc->v, "no such field in the message");
        else
            rc = compile_operand(cc, val, &op->args[slot]);
        sqlx_wire__path_pop(cc->v, kat);
        if (rc)
            goto out;
    }
    /* Every field the encoder cannot fill itself needs a value. */
    for (uint16_t i = 0; i < l->nops; i++) {
        const struct sqlx_wire_op *f = &l->ops[i];
        bool automatic =
            (f->flags & (SQLX_WOP_CONST | SQLX_WOP_LEN_OF | SQLX_WOP_COUNT_OF | SQLX_WOP_OPTIONAL)) ||
            f->cond_kind != SQLX_WCOND_NONE || f->type == SQLX_WF_NULL_BITMAP;
        if (!automatic && op->args[f->slot].kind == OPND_NONE) {
            char why[160];
            snprintf(why, sizeof why, "expected a value for field \"%s\" of message %s", f->name,
                     l->name);
            rc = sqlx_wire__fail_rule(cc->v, why);
            goto out;
        }
        if (f->type == SQLX_WF_REPEAT)
            i = (uint16_t)(i + f->body);
    }
out:
    sqlx_wire__path_pop(cc->v, at);
    return rc;
}

static int compile_recv(struct cctx *cc, const json_t *st, struct vop *op, uint32_t self)
{
    json_t *cases = json_object_get(st, "cases");
    int rc = 0;
    if (!json_is_object(cases) || json_object_size(cases) == 0)
        return fail_key(cc->v, st, "cases", "an object of message names to labels");
    op->cases = sqlx_calloc(cc->codec->nmsgs, sizeof *op->cases);
    for (uint16_t i = 0; i < cc->codec->nmsgs; i++)
        op->cases[i] = -1;
    op->cand = sqlx_calloc(json_object_size(cases), sizeof *op->cand);
    op->target = -1;
    size_t at = sqlx_wire__path_key(cc->v, "cases");
    const char *k;
    json_t *val;
    int framed = 0, unframed = 0;
    uint32_t size = 0;
    json_object_foreach (cases, k, val) {
        (void)val;
        const struct sqlx_wire_layout *l = sqlx_wire_codec_find(cc->codec, k);
        if (!l) {
            size_t kat = sqlx_wire__path_key(cc->v, k);
            rc = sqlx_wire__fail_rule(cc->v, "expected a case named after a message in $.messages");
            sqlx_wire__path_pop(cc->v, kat);
            goto out;
        }
        if (!(l->dir & SQLX_WDIR_BACKEND)) {
            rc = fail_key(cc->v, cases, k, "a case for a message the server sends");
            goto out;
        }
        if ((rc = compile_target(cc, cases, k, self, &op->cases[l->id])))
            goto out;
        op->cand[op->ncand++] = l->id;
        if (l->unframed) {
            if (unframed && l->fixed_size != size) {
                rc = fail_key(cc->v, cases, k, "unframed cases of one size");
                goto out;
            }
            size = l->fixed_size;
            unframed++;
        } else {
            framed++;
        }
    }
    if (framed && unframed) {
        rc = sqlx_wire__fail_rule(cc->v, "a recv cannot mix unframed and framed messages");
        goto out;
    }
    op->unframed = unframed > 0;
    sqlx_wire__path_pop(cc->v, at);
    if (json_object_get(st, "else"))
        rc = compile_target(cc, st, "else", self, &op->target);
    return rc;
out:
    sqlx_wire__path_pop(cc->v, at);
    return rc;
}

static int compile_auth(struct cctx *cc, const json_t *st, struct vop *op)
{
    const char *plugin, *step = NULL, *out = NULL;
    int rc;
    if ((rc = sqlx_wire__get_str(cc->v, st, "plugin", true, &plugin)) ||
        (rc = sqlx_wire__get_str(cc->v, st, "step", false, &step)) ||
        (rc = sqlx_wire__get_str(cc->v, st, "out", false, &out)))
        return rc;
    const struct plugin_ref *ref = NULL;
    for (size_t i = 0; i < cc->p->nplugins; i++)
        if (strcmp(cc->p->plugins[i].name, plugin) == 0)
            ref = &cc->p->plugins[i];
    if (!ref)
        return fail_key(cc->v, st, "plugin", "a plugin named in $.authentication.plugins");
    op->builtin = ref->builtin;
    op->text = ref->mechanism;
    size_t want;
    if (ref->builtin == BI_SCRAM_SHA_256) {
        if (!step || (strcmp(step, "start") && strcmp(step, "continue") && strcmp(step, "finish")))
            return fail_key(cc->v, st, "step", "one of \"start\", \"continue\", \"finish\"");
        op->step = step[0] == 's' ? STEP_START : step[0] == 'c' ? STEP_CONTINUE : STEP_FINISH;
        want = op->step == STEP_START ? 1 : op->step == STEP_CONTINUE ? 2 : 1;
    } else {
        if (step && strcmp(step, "respond") != 0)
            return fail_key(cc->v, st, "step", "\"respond\" (or no step)");
        op->step = STEP_RESPOND;
        want = ref->builtin == BI_PG_MD5 || ref->builtin == BI_MY_SHA2_RSA ? 3
               : ref->builtin == BI_CLEARTEXT                             ? 1
                                                                          : 2;
    }
    json_t *args = json_object_get(st, "args");
    if (!json_is_array(args) || (json_array_size(args) != want &&
                                 !(op->step == STEP_START && json_array_size(args) == 2))) {
        char exp[128];
        snprintf(exp, sizeof exp, "an array of %zu arguments for %s", want,
                 builtin_name(ref->builtin));
        return fail_key(cc->v, st, "args", exp);
    }
    op->nargs = (uint16_t)json_array_size(args);
    op->args = sqlx_calloc(op->nargs, sizeof *op->args);
    size_t at = sqlx_wire__path_key(cc->v, "args");
    for (size_t i = 0; i < op->nargs && !rc; i++) {
        size_t iat = sqlx_wire__path_index(cc->v, i);
        rc = compile_operand(cc, json_array_get(args, i), &op->args[i]);
        sqlx_wire__path_pop(cc->v, iat);
    }
    sqlx_wire__path_pop(cc->v, at);
    if (rc)
        return rc;
    bool needs_out = op->step != STEP_FINISH;
    if (needs_out != (out != NULL))
        return fail_key(cc->v, st, "out",
                        needs_out ? "the variable that receives the response"
                                  : "no output for the finish step");
    if (out) {
        if (!is_var_name(out))
            return fail_key(cc->v, st, "out", "a variable name (without '$')");
        op->var = (uint16_t)intern(&cc->p->vars, &cc->p->nvars, out);
    }
    return 0;
}

/* The subject of a condition: a variable or a field, by bare name. */
static int compile_subject(struct cctx *cc, const char *name, bool is_var, struct operand *o)
{
    memset(o, 0, sizeof *o);
    o->name = name;
    if (is_var) {
        int slot = is_var_name(name) ? intern(&cc->p->vars, &cc->p->nvars, name) : -1;
        if (slot < 0)
            return SQLX_EINVAL;
        o->kind = OPND_VAR;
        o->var = (uint16_t)slot;
        return 0;
    }
    bool any = false;
    o->kind = OPND_FIELD;
    o->slots = sqlx_calloc(cc->codec->nmsgs ? cc->codec->nmsgs : 1, sizeof *o->slots);
    for (uint16_t i = 0; i < cc->codec->nmsgs; i++) {
        o->slots[i] = (int16_t)sqlx_wire_layout_slot(&cc->codec->msgs[i], name);
        any = any || o->slots[i] >= 0;
    }
    return any ? 0 : SQLX_EINVAL;
}

/* "if": {"var": NAME | "field": NAME, "eq" | "ne": VALUE | "in" | "not_in": [VALUES]} */
static int compile_cond(struct cctx *cc, const json_t *cond, struct vop *op)
{
    static const char *const keys[] = { "var", "field", "eq",  "ne",    "in",
                                        "not_in", "has", "lacks", NULL };
    static const char *const cmps[] = { "eq", "ne", "in", "not_in", "has", "lacks" };
    int rc;
    if (!json_is_object(cond))
        return sqlx_wire__fail_found(cc->v, "a condition object", cond);
    if ((rc = sqlx_wire__check_keys(cc->v, cond, keys)))
        return rc;
    json_t *var = json_object_get(cond, "var"), *field = json_object_get(cond, "field");
    if (!!var == !!field || !json_is_string(var ? var : field))
        return sqlx_wire__fail_rule(cc->v,
                                    "expected one of \"var\" and \"field\" naming what to test");
    const json_t *vals = NULL;
    int which = -1;
    for (int i = 0; i < 6; i++) {
        json_t *j = json_object_get(cond, cmps[i]);
        if (!j)
            continue;
        if (which >= 0)
            return sqlx_wire__fail_rule(
                cc->v, "expected one comparison (eq, ne, in, not_in, has, lacks), found several");
        which = i;
        vals = j;
    }
    if (which < 0)
        return sqlx_wire__fail_rule(cc->v,
                                    "expected a comparison: eq, ne, in, not_in, has or lacks");
    op->cmp = (uint8_t)which;
    if (which >= CMP_HAS && !json_is_integer(vals))
        return fail_key(cc->v, cond, cmps[which], "an integer bit mask");
    bool list = which == CMP_IN || which == CMP_NOT_IN;
    if (list && (!json_is_array(vals) || json_array_size(vals) == 0))
        return fail_key(cc->v, cond, cmps[which], "a non-empty array of values");
    size_t nvals = list ? json_array_size(vals) : 1;
    op->nargs = (uint16_t)(1 + nvals);
    op->args = sqlx_calloc(op->nargs, sizeof *op->args);
    const char *subject = json_string_value(var ? var : field);
    rc = compile_subject(cc, sqlx_wire__keep(cc->v, subject, strlen(subject)), var != NULL,
                         &op->args[0]);
    if (rc)
        return sqlx_wire__fail_found(
            cc->v, var ? "a variable name" : "the name of a field of some message",
            var ? var : field);
    for (size_t i = 0; i < nvals; i++) {
        json_t *j = list ? json_array_get(vals, i) : (json_t *)vals;
        if (!json_is_string(j) && !json_is_integer(j) && !json_is_null(j))
            return fail_key(cc->v, cond, cmps[which], "string, integer or null values");
        if ((rc = compile_operand(cc, j, &op->args[1 + i])))
            return rc;
    }
    return 0;
}

static const char *const step_keys_common[] = { "op", "if", "$comment", NULL };

/* Keys each op accepts besides op, if and $comment. */
static const char *op_keys(const char *op)
{
    static const char table[][48] = {
        "send msg set",
        "flush",
        "recv cases else",
        "jump to",
        "store var value",
        "param name value",
        "auth plugin step args out",
        "tls",
        "yield event",
        "state state",
        "error fatal",
        "raise",
        "fail message code fatal",
        "finish",
        "add var value",
        "sequence value",
        "compute var value",
        "concat var values",
    };
    size_t n = strlen(op);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strncmp(table[i], op, n) == 0 && (table[i][n] == ' ' || table[i][n] == '\0'))
            return table[i];
    return NULL;
}

static int check_op_keys(struct cctx *cc, const json_t *st, const char *spec)
{
    const char *k;
    json_t *val;
    json_object_foreach ((json_t *)st, k, val) {
        (void)val;
        bool ok = false;
        for (int i = 0; step_keys_common[i]; i++)
            ok = ok || strcmp(k, step_keys_common[i]) == 0;
        const char *s = strchr(spec, ' ');
        while (!ok && s) {
            s++;
            size_t n = strcspn(s, " ");
            ok = strlen(k) == n && strncmp(s, k, n) == 0;
            s = strchr(s, ' ');
        }
        if (!ok) {
            char exp[160];
            snprintf(exp, sizeof exp, "unknown key for op \"%.*s\"; expected op, if, $comment%s%s",
                     (int)strcspn(spec, " "), spec, strchr(spec, ' ') ? " or" : "",
                     strchr(spec, ' ') ? strchr(spec, ' ') : "");
            size_t at = sqlx_wire__path_key(cc->v, k);
            int rc = sqlx_wire__fail_rule(cc->v, exp);
            sqlx_wire__path_pop(cc->v, at);
            return rc;
        }
    }
    return 0;
}

static int compile_var_key(struct cctx *cc, const json_t *st, const char *key, uint16_t *slot)
{
    const char *name;
    int rc = sqlx_wire__get_str(cc->v, st, key, true, &name);
    if (rc)
        return rc;
    if (!is_var_name(name))
        return fail_key(cc->v, st, key, "a variable name (without '$')");
    int s = intern(&cc->p->vars, &cc->p->nvars, name);
    if (s < 0)
        return sqlx_wire__fail_rule(cc->v, "too many variables");
    *slot = (uint16_t)s;
    return 0;
}

static int compile_fatal(struct cctx *cc, const json_t *st, struct vop *op)
{
    json_t *f = json_object_get(st, "fatal");
    if (!f)
        return 0;
    if (!json_is_array(f))
        return fail_key(cc->v, st, "fatal", "an array of severity names and engine error numbers");
    for (size_t i = 0; i < json_array_size(f); i++)
        if (!json_is_string(json_array_get(f, i)) && !json_is_integer(json_array_get(f, i)))
            return fail_key(cc->v, st, "fatal",
                            "an array of severity names and engine error numbers");
    struct fatal_item *items = sqlx_arena_zalloc(cc->v->strs, (json_array_size(f) + 1) * sizeof *items);
    for (size_t i = 0; i < json_array_size(f); i++) {
        const json_t *e = json_array_get(f, i);
        if (json_is_string(e))
            items[i].sev = sqlx_wire__keep(cc->v, json_string_value(e), json_string_length(e));
        else
            items[i].code = (long long)json_integer_value(e);
    }
    op->fatal = items;
    op->nfatal = (uint16_t)json_array_size(f);
    return 0;
}

/* The op code of an op name, -1 when unknown. SKIP and RET have no name: the compiler makes them. */
static int op_code(const char *name)
{
    static const char names[][9] = {
        [VOP_SEND] = "send",   [VOP_FLUSH] = "flush",   [VOP_RECV] = "recv",
        [VOP_JUMP] = "jump",   [VOP_STORE] = "store",   [VOP_PARAM] = "param",
        [VOP_AUTH] = "auth",   [VOP_TLS] = "tls",       [VOP_YIELD] = "yield",
        [VOP_STATE] = "state", [VOP_ERROR] = "error",   [VOP_RAISE] = "raise",
        [VOP_FAIL] = "fail",   [VOP_FINISH] = "finish", [VOP_ADD] = "add",
        [VOP_SEQUENCE] = "sequence", [VOP_COMPUTE] = "compute", [VOP_CONCAT] = "concat",
    };
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (names[i][0] && strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* A one-operand op reading key `key` (store, add). */
static int compile_value_op(struct cctx *cc, const json_t *st, struct vop *op)
{
    int rc;
    op->nargs = 1;
    op->args = sqlx_calloc(1, sizeof *op->args);
    if ((rc = compile_var_key(cc, st, "var", &op->var)))
        return rc;
    if (op->code == VOP_ADD) {
        json_t *val = json_object_get(st, "value");
        if (!json_is_integer(val))
            return fail_key(cc->v, st, "value", "an integer");
        op->args[0].kind = OPND_INT;
        op->args[0].i = json_integer_value(val);
        return 0;
    }
    size_t at = sqlx_wire__path_key(cc->v, "value");
    rc = compile_operand(cc, json_object_get(st, "value"), &op->args[0]);
    sqlx_wire__path_pop(cc->v, at);
    return rc;
}

static int compile_param(struct cctx *cc, const json_t *st, struct vop *op)
{
    static const char keys[][6] = { "name", "value" };
    op->nargs = 2;
    op->args = sqlx_calloc(2, sizeof *op->args);
    for (int i = 0; i < 2; i++) {
        size_t at = sqlx_wire__path_key(cc->v, keys[i]);
        int rc = compile_operand(cc, json_object_get(st, keys[i]), &op->args[i]);
        sqlx_wire__path_pop(cc->v, at);
        if (rc)
            return rc;
    }
    return 0;
}

static int compile_fail(struct cctx *cc, const json_t *st, struct vop *op)
{
    const char *code = NULL;
    int rc;
    if ((rc = sqlx_wire__get_str(cc->v, st, "message", false, &op->text)) ||
        (rc = sqlx_wire__get_str(cc->v, st, "code", false, &code)) ||
        (rc = compile_fatal(cc, st, op)))
        return rc;
    op->errcode = SQLX_EIO;
    if (code && (op->errcode = code_from_name(code)) == 0)
        return fail_key(cc->v, st, "code",
                        "an error code name such as \"io\", \"unsupported\", \"invalid\"");
    return 0;
}

/* An integer expression: an operand ("$var", "@field", an integer), or [OP, A, B] with OP one of
 * "|", "&", "&~" (and not), "<<", ">>", "+", "-". */
static int compile_expr(struct cctx *cc, const json_t *j, struct expr **out, int depth)
{
    static const char ops[][3] = { "|", "&", "&~", "<<", ">>", "+", "-" };
    static const char codes[] = { '|', '&', '~', '<', '>', '+', '-' };
    struct expr *e = sqlx_calloc(1, sizeof *e);
    *out = e;
    if (depth > 8)
        return sqlx_wire__fail_rule(cc->v, "expression nested too deeply");
    if (!json_is_array(j)) {
        e->leaf = sqlx_calloc(1, sizeof *e->leaf);
        int rc = compile_operand(cc, j, e->leaf);
        if (!rc && e->leaf->kind != OPND_INT && e->leaf->kind != OPND_VAR &&
            e->leaf->kind != OPND_FIELD)
            rc = sqlx_wire__fail_found(cc->v, "an integer, \"$variable\" or \"@field\"", j);
        return rc;
    }
    const char *o = json_string_value(json_array_get(j, 0));
    for (size_t i = 0; o && i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(ops[i], o) == 0)
            e->op = codes[i];
    if (json_array_size(j) != 3 || !e->op)
        return sqlx_wire__fail_found(
            cc->v, "[OP, A, B] with OP one of \"|\", \"&\", \"&~\", \"<<\", \">>\", \"+\", \"-\"", j);
    int rc;
    for (size_t i = 1; i <= 2; i++) {
        size_t at = sqlx_wire__path_index(cc->v, i);
        rc = compile_expr(cc, json_array_get(j, i), i == 1 ? &e->a : &e->b, depth + 1);
        sqlx_wire__path_pop(cc->v, at);
        if (rc)
            return rc;
    }
    return 0;
}

static void free_expr(struct expr *e)
{
    if (!e)
        return;
    if (e->leaf)
        sqlx_free(e->leaf->slots);
    sqlx_free(e->leaf);
    free_expr(e->a);
    free_expr(e->b);
    sqlx_free(e);
}

static int compile_op(struct cctx *cc, const json_t *st, const char *name, struct vop *op,
                      uint32_t self)
{
    int rc, code = op_code(name);
    const char *s;
    if (code < 0)
        return fail_key(
            cc->v, st, "op",
            "one of send, flush, recv, jump, store, param, auth, tls, yield, state, error, raise, fail, finish, add, sequence, compute, concat");
    op->code = (uint8_t)code;
    bool in_async_forbidden = code == VOP_RECV || code == VOP_JUMP || code == VOP_TLS;
    if (cc->is_async && in_async_forbidden)
        return sqlx_wire__fail_rule(
            cc->v,
            "an async handler can only send, flush, store, param, yield, state, error, fail, finish or add");
    switch ((enum vop_code)code) {
    case VOP_SEND:
        return compile_send(cc, st, op);
    case VOP_RECV:
        return compile_recv(cc, st, op, self);
    case VOP_JUMP:
        return compile_target(cc, st, "to", self, &op->target);
    case VOP_STORE:
    case VOP_ADD:
        return compile_value_op(cc, st, op);
    case VOP_PARAM:
        return compile_param(cc, st, op);
    case VOP_AUTH:
        return compile_auth(cc, st, op);
    case VOP_YIELD:
        if ((rc = sqlx_wire__get_str(cc->v, st, "event", true, &s)))
            return rc;
        if (!is_var_name(s))
            return fail_key(cc->v, st, "event",
                            "an event name of lower-case letters, digits and '_'");
        op->event = (uint16_t)intern(&cc->p->events, &cc->p->nevents, s);
        return 0;
    case VOP_STATE: {
        if ((rc = sqlx_wire__get_str(cc->v, st, "state", true, &s)))
            return rc;
        int k = state_from_name(s);
        if (k < 0)
            return fail_key(cc->v, st, "state",
                            "one of INIT, GREETING, AUTH, READY, QUERY, RESULT, ERROR, CLOSED");
        op->state = (uint8_t)k;
        return 0;
    }
    case VOP_ERROR:
        return compile_fatal(cc, st, op);
    case VOP_FAIL:
        return compile_fail(cc, st, op);
    case VOP_SEQUENCE: {
        json_t *val = json_object_get(st, "value");
        if (!json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 255)
            return fail_key(cc->v, st, "value", "a sequence id from 0 to 255");
        op->nargs = 1;
        op->args = sqlx_calloc(1, sizeof *op->args);
        op->args[0].kind = OPND_INT;
        op->args[0].i = json_integer_value(val);
        return 0;
    }
    case VOP_COMPUTE: {
        if ((rc = compile_var_key(cc, st, "var", &op->var)))
            return rc;
        size_t at = sqlx_wire__path_key(cc->v, "value");
        rc = compile_expr(cc, json_object_get(st, "value"), &op->expr, 0);
        sqlx_wire__path_pop(cc->v, at);
        return rc;
    }
    case VOP_CONCAT: {
        json_t *vals = json_object_get(st, "values");
        if ((rc = compile_var_key(cc, st, "var", &op->var)))
            return rc;
        if (!json_is_array(vals) || json_array_size(vals) == 0 || json_array_size(vals) > 16)
            return fail_key(cc->v, st, "values", "an array of 1 to 16 values");
        op->nargs = (uint16_t)json_array_size(vals);
        op->args = sqlx_calloc(op->nargs, sizeof *op->args);
        size_t at = sqlx_wire__path_key(cc->v, "values");
        for (size_t i = 0; i < op->nargs && !rc; i++) {
            size_t iat = sqlx_wire__path_index(cc->v, i);
            rc = compile_operand(cc, json_array_get(vals, i), &op->args[i]);
            sqlx_wire__path_pop(cc->v, iat);
        }
        sqlx_wire__path_pop(cc->v, at);
        return rc;
    }
    case VOP_FLUSH:
    case VOP_TLS:
    case VOP_RAISE:
    case VOP_FINISH:
        return 0;
    case VOP_SKIP:
    case VOP_RET:
        break;
    }
    return fail_key(cc->v, st, "op", "an op a script can name");
}

/* First pass: label positions (an op with "if" takes two slots). */
static int collect_labels(struct cctx *cc, const json_t *arr, uint32_t *nops)
{
    uint32_t pc = 0;
    cc->labels = sqlx_calloc(json_array_size(arr) + 1, sizeof *cc->labels);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *st = json_array_get(arr, i);
        size_t at = sqlx_wire__path_index(cc->v, i);
        int rc = 0;
        if (!json_is_object(st)) {
            rc = sqlx_wire__fail_found(cc->v, "a step object with \"op\" or \"label\"", st);
        } else if (json_object_get(st, "label")) {
            const char *name;
            int32_t dummy;
            if (json_object_size(st) != 1 + (json_object_get(st, "$comment") ? 1u : 0u))
                rc = sqlx_wire__fail_rule(cc->v,
                                          "a label step holds only \"label\" (and \"$comment\")");
            else if (!(rc = sqlx_wire__get_str(cc->v, st, "label", true, &name)) &&
                     (find_label(cc, name, &dummy) == 0 || strcmp(name, "next") == 0))
                rc = fail_key(cc->v, st, "label", "a label not defined before in the script");
            if (!rc) {
                cc->labels[cc->nlabels].name = name;
                cc->labels[cc->nlabels++].pc = pc;
            }
        } else {
            pc += json_object_get(st, "if") ? 2 : 1;
        }
        if (rc)
            return rc;
        sqlx_wire__path_pop(cc->v, at);
    }
    if (pc > MAX_SCRIPT_OPS)
        return sqlx_wire__fail_rule(cc->v, "script too long");
    *nops = pc;
    return 0;
}

/* The layout a recv at pc k takes as a row loop: its case is a yield resuming at k, and a frame
 * of it is known without trying another case first (untagged: every case before it has a
 * different constant first byte; tagged: it leads its tag's chain). -1 when there is none. */
static int32_t row_loop_layout(const struct sqlx_wire_codec *c, const struct script *s, uint32_t k)
{
    const struct vop *op = &s->ops[k];
    if (op->unframed || !op->cases)
        return -1;
    for (uint16_t j = 0; j < op->ncand; j++) {
        uint16_t id = op->cand[j];
        int32_t t = op->cases[id];
        if (t < 0 || (uint32_t)t >= s->nops || s->ops[t].code != VOP_YIELD ||
            s->ops[t].target != (int32_t)k)
            continue;
        const struct sqlx_wire_layout *l = &c->msgs[id];
        if (l->tag >= 0)
            return c->by_tag[l->tag & 0xff] == (int16_t)id ? id : -1;
        if (l->first_byte < 0)
            return -1;
        for (uint16_t e = 0; e < j; e++) {
            int16_t fb = c->msgs[op->cand[e]].first_byte;
            if (fb < 0 || fb == l->first_byte)
                return -1;
        }
        return id;
    }
    return -1;
}

static int compile_steps(struct cctx *cc, const json_t *arr, struct script *s)
{
    uint32_t nops = 0;
    int rc;
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return sqlx_wire__fail_found(cc->v, "a non-empty array of steps", arr);
    if ((rc = collect_labels(cc, arr, &nops)))
        return rc;
    s->ops = sqlx_calloc(nops + 1, sizeof *s->ops);
    s->nops = nops;
    uint32_t pc = 0;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *st = json_array_get(arr, i);
        if (json_object_get(st, "label"))
            continue;
        size_t at = sqlx_wire__path_index(cc->v, i);
        const char *name;
        if ((rc = sqlx_wire__get_str(cc->v, st, "op", true, &name)))
            return rc;
        const char *spec = op_keys(name);
        if (spec && (rc = check_op_keys(cc, st, spec)))
            return rc;
        json_t *cond = json_object_get(st, "if");
        if (cond) {
            struct vop *sk = &s->ops[pc];
            sk->code = VOP_SKIP;
            sk->target = (int32_t)pc + 2;
            size_t cat = sqlx_wire__path_key(cc->v, "if");
            rc = compile_cond(cc, cond, sk);
            sqlx_wire__path_pop(cc->v, cat);
            if (rc)
                return rc;
            pc++;
        }
        if ((rc = compile_op(cc, st, name, &s->ops[pc], pc)))
            return rc;
        pc++;
        sqlx_wire__path_pop(cc->v, at);
    }
    /* A yield resumes where the unconditional jumps after it lead (a row loop's "yield, jump
     * back to recv" resumes at the recv): one dispatch less per row. */
    for (uint32_t k = 0; k < nops; k++) {
        if (s->ops[k].code != VOP_YIELD)
            continue;
        uint32_t t = k + 1;
        for (int hops = 0; hops < 8 && t < nops && s->ops[t].code == VOP_JUMP; hops++)
            t = (uint32_t)s->ops[t].target;
        s->ops[k].target = (int32_t)t;
    }
    for (uint32_t k = 0; k < nops; k++)
        if (s->ops[k].code == VOP_RECV)
            s->ops[k].loop_layout = row_loop_layout(cc->codec, s, k);
    return 0;
}

static int compile_script(struct sqlx_wire__vctx *v, struct sqlx_wire_proto *p, const char *name,
                          const json_t *arr, struct script *s)
{
    struct cctx cc = { .v = v, .p = p, .codec = p->codec };
    s->name = name;
    int rc = compile_steps(&cc, arr, s);
    sqlx_free(cc.labels);
    return rc;
}

static void free_ops(struct script *s);

/* "async": {"NoticeResponse": [steps], ...}: handlers laid back to back, each ending in RET. */
static int compile_async(struct sqlx_wire__vctx *v, struct sqlx_wire_proto *p, const json_t *obj)
{
    p->async.name = "async";
    p->async_entry = sqlx_calloc(p->codec->nmsgs, sizeof *p->async_entry);
    for (uint16_t i = 0; i < p->codec->nmsgs; i++)
        p->async_entry[i] = -1;
    if (!obj)
        return 0;
    if (!json_is_object(obj))
        return sqlx_wire__fail_found(v, "an object of message names to handler steps", obj);
    const char *k;
    json_t *arr;
    json_object_foreach ((json_t *)obj, k, arr) {
        size_t at = sqlx_wire__path_key(v, k);
        const struct sqlx_wire_layout *l = sqlx_wire_codec_find(p->codec, k);
        int rc = 0;
        if (!l || !l->async) {
            rc = sqlx_wire__fail_rule(v, "expected the name of a message marked \"async\": true");
        } else {
            struct script one = { 0 };
            struct cctx cc = { .v = v, .p = p, .codec = p->codec, .is_async = true };
            rc = compile_steps(&cc, arr, &one);
            sqlx_free(cc.labels);
            if (rc)
                free_ops(&one);
            if (!rc) {
                uint32_t base = p->async.nops;
                p->async.ops =
                    sqlx_realloc(p->async.ops, (base + one.nops + 1) * sizeof *p->async.ops);
                for (uint32_t i = 0; i < one.nops; i++) {
                    p->async.ops[base + i] = one.ops[i];
                    if (one.ops[i].code == VOP_SKIP || one.ops[i].code == VOP_YIELD)
                        p->async.ops[base + i].target += (int32_t)base;
                }
                memset(&p->async.ops[base + one.nops], 0, sizeof *p->async.ops);
                p->async.ops[base + one.nops].code = VOP_RET;
                p->async.nops = base + one.nops + 1;
                p->async_entry[l->id] = (int32_t)base;
                sqlx_free(one.ops); /* the ops' own arrays moved into p->async */
            }
        }
        if (rc)
            return rc;
        sqlx_wire__path_pop(v, at);
    }
    return 0;
}

static int compile_plugins(struct sqlx_wire__vctx *v, struct sqlx_wire_proto *p, const json_t *auth)
{
    static const char *const auth_keys[] = { "plugins", "$comment", NULL };
    static const char *const plugin_keys[] = { "builtin", "mechanism", "description", "$comment",
                                               NULL };
    json_t *plugins;
    int rc;
    if (!auth)
        return 0;
    if (!json_is_object(auth))
        return sqlx_wire__fail_found(v, "an object", auth);
    if ((rc = sqlx_wire__check_keys(v, auth, auth_keys)) ||
        (rc = sqlx_wire__get_object(v, auth, "plugins", true, &plugins)))
        return rc;
    size_t at = sqlx_wire__path_key(v, "plugins");
    p->plugins = sqlx_calloc(json_object_size(plugins) + 1, sizeof *p->plugins);
    const char *k;
    json_t *pj;
    json_object_foreach (plugins, k, pj) {
        size_t kat = sqlx_wire__path_key(v, k);
        const char *b;
        struct plugin_ref *r = &p->plugins[p->nplugins];
        if (!json_is_object(pj)) {
            rc = sqlx_wire__fail_found(v, "an object with \"builtin\"", pj);
            goto out;
        }
        if ((rc = sqlx_wire__check_keys(v, pj, plugin_keys)) ||
            (rc = sqlx_wire__get_str(v, pj, "builtin", true, &b)) ||
            (rc = sqlx_wire__get_str(v, pj, "mechanism", false, &r->mechanism)))
            goto out;
        int found = -1;
        for (int i = 0; i < BI_COUNT; i++)
            if (strcmp(builtin_name(i), b) == 0)
                found = i;
        if (found < 0) {
            rc = fail_key(
                v, pj, "builtin",
                "one of \"cleartext\", \"pg_md5\", \"scram-sha-256\", \"mysql_native_password\", \"caching_sha2_password\", \"caching_sha2_rsa\", \"client_ed25519\"");
            goto out;
        }
        if (found == BI_SCRAM_SHA_256 && !r->mechanism) {
            rc = sqlx_wire__fail_rule(
                v, "expected \"mechanism\" (the SASL name) for a SCRAM plugin, found none");
            goto out;
        }
        r->name = sqlx_wire__keep(v, k, strlen(k));
        r->builtin = (uint8_t)found;
        p->nplugins++;
        sqlx_wire__path_pop(v, kat);
    }
out:
    sqlx_wire__path_pop(v, at);
    return rc;
}

int sqlx_wire__proto_compile(struct sqlx_wire__vctx *v, const void *root_json,
                             struct sqlx_wire_proto **out)
{
    const json_t *root = root_json;
    struct sqlx_wire_proto *p = sqlx_calloc(1, sizeof *p);
    struct sqlx_arena *saved_strs = v->strs;
    int rc;
    *out = NULL;
    p->refs = 1;
    sqlx_arena_init(&p->strs, 4096);
    if ((rc = sqlx_wire__codec_compile(v, json_object_get(root, "protocol"),
                                       json_object_get(root, "messages"), &p->codec)))
        goto fail;
    v->strs = &p->strs;
    /* Variables the layouts read keep their codec slots: messages read them from the VM's array. */
    for (uint16_t i = 0; i < p->codec->nvars; i++)
        (void)intern(&p->vars, &p->nvars, p->codec->vars[i]);
    size_t at = sqlx_wire__path_key(v, "authentication");
    rc = compile_plugins(v, p, json_object_get(root, "authentication"));
    sqlx_wire__path_pop(v, at);
    if (rc)
        goto fail;
    json_t *query = json_object_get(root, "query");
    if (query && !json_is_object(query)) {
        at = sqlx_wire__path_key(v, "query");
        rc = sqlx_wire__fail_found(v, "an object of named scripts", query);
        sqlx_wire__path_pop(v, at);
        goto fail;
    }
    p->scripts = sqlx_calloc(1 + json_object_size(query), sizeof *p->scripts);
    at = sqlx_wire__path_key(v, "handshake");
    p->nscripts = 1;
    rc = compile_script(v, p, "handshake", json_object_get(root, "handshake"), &p->scripts[0]);
    sqlx_wire__path_pop(v, at);
    if (rc)
        goto fail;
    const char *k;
    json_t *arr;
    size_t qat = sqlx_wire__path_key(v, "query");
    json_object_foreach (query, k, arr) {
        size_t kat = sqlx_wire__path_key(v, k);
        if (strcmp(k, "handshake") == 0 || strcmp(k, "async") == 0 || !is_var_name(k)) {
            rc = sqlx_wire__fail_rule(
                v,
                "expected a script name of lower-case letters, digits and '_' other than handshake and async");
            sqlx_wire__path_pop(v, qat);
            goto fail;
        }
        rc = compile_script(v, p, sqlx_wire__keep(v, k, strlen(k)), arr, &p->scripts[p->nscripts]);
        p->nscripts++;
        if (rc) {
            sqlx_wire__path_pop(v, qat);
            goto fail;
        }
        sqlx_wire__path_pop(v, kat);
    }
    sqlx_wire__path_pop(v, qat);
    at = sqlx_wire__path_key(v, "async");
    rc = compile_async(v, p, json_object_get(root, "async"));
    sqlx_wire__path_pop(v, at);
    if (rc)
        goto fail;
    v->strs = saved_strs;
    *out = p;
    return 0;
fail:
    v->strs = saved_strs;
    sqlx_wire_proto_free(p);
    return rc;
}

static void free_ops(struct script *s)
{
    for (uint32_t i = 0; s->ops && i < s->nops; i++) {
        struct vop *op = &s->ops[i];
        for (uint16_t k = 0; op->args && k < op->nargs; k++)
            sqlx_free(op->args[k].slots);
        sqlx_free(op->args);
        sqlx_free(op->cases);
        sqlx_free(op->cand);
        free_expr(op->expr);
    }
    sqlx_free(s->ops);
}

struct sqlx_wire_proto *sqlx_wire_proto_ref(struct sqlx_wire_proto *p)
{
    p->refs++;
    return p;
}

void sqlx_wire_proto_free(struct sqlx_wire_proto *p)
{
    if (!p || --p->refs > 0)
        return;
    for (size_t i = 0; i < p->nscripts; i++)
        free_ops(&p->scripts[i]);
    free_ops(&p->async);
    sqlx_free(p->scripts);
    sqlx_free(p->async_entry);
    sqlx_free(p->vars);
    sqlx_free(p->events);
    sqlx_free(p->plugins);
    sqlx_wire_codec_free(p->codec);
    sqlx_arena_free(&p->strs);
    sqlx_free(p);
}

const struct sqlx_wire_codec *sqlx_wire_proto_codec(const struct sqlx_wire_proto *p)
{
    return p->codec;
}

int sqlx_wire_proto_script(const struct sqlx_wire_proto *p, const char *name)
{
    for (size_t i = 0; i < p->nscripts; i++)
        if (strcmp(p->scripts[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *sqlx_wire_proto_script_name(const struct sqlx_wire_proto *p, int i)
{
    return i >= 0 && (size_t)i < p->nscripts ? p->scripts[i].name : NULL;
}

int sqlx_wire_proto_script_ops(const struct sqlx_wire_proto *p, int script)
{
    return script >= 0 && (size_t)script < p->nscripts ? (int)p->scripts[script].nops : -1;
}

int sqlx_wire_proto_var(const struct sqlx_wire_proto *p, const char *name)
{
    for (size_t i = 0; i < p->nvars; i++)
        if (strcmp(p->vars[i], name) == 0)
            return (int)i;
    return -1;
}

int sqlx_wire_proto_event(const struct sqlx_wire_proto *p, const char *name)
{
    for (size_t i = 0; i < p->nevents; i++)
        if (strcmp(p->events[i], name) == 0)
            return (int)i;
    return -1;
}

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
