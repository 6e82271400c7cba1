/* Private to the WireVM's two files (vm_compile.c turns a pack's scripts into op arrays, vm.c
 * runs them): the op array's shape, the compiled protocol, and the names both sides print.
 * Not for other modules: engines see only wire/vm.h. */
#ifndef SQLX_WIRE_VM_INT_H
#define SQLX_WIRE_VM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/auth.h"
#include "wire/codec.h"
#include "wire/vm.h"

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

/* The name an auth builtin has in packs, NULL for none. */
static inline const char *builtin_name(int b)
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

#endif
