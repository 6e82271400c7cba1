/* WireVM script compiler: turns a pack's scripts (handshake, query flows, async handlers) and
 * auth plugin bindings into op arrays (labels resolved, "if" conditions as SKIP ops, operands
 * resolved to variable slots and per-layout field slots, row loops marked for the buffered-row
 * shortcut), frees them, and looks scripts, variables and events up by name. Knows no message
 * by name: every name comes from the pack. Running the ops is vm.c. */
#include "wire/vm.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "wire/pack_int.h"
#include "wire/vm_int.h"

/* ---- names --------------------------------------------------------------------------------------- */


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
