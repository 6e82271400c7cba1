/* WireVM: the interpreter that runs a pack's handshake and query scripts over a transport. A
 * script is compiled from the pack's JSON into an op array (send a message built from variables
 * and fields, flush, receive and branch on the message type or a field, call an auth plugin,
 * store a value, yield an event to the caller and resume, fail with the server's error); the VM
 * keeps the connection state (INIT .. CLOSED), one input buffer that frames are parsed from in
 * place, and one output buffer written with a single write per flush. I/O goes through struct
 * sqlx_wire_io, so the VM knows no sockets and tests can script a fake server. */
#ifndef SQLX_WIRE_VM_H
#define SQLX_WIRE_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "wire/codec.h"
#include "wire/conn.h"

struct sqlx_wire__vctx;
struct sqlx_wire_proto;
struct sqlx_wire_vm;

/* The transport under a VM. read blocks until at least one byte arrives and returns the count,
 * or a negative SQLX_E* with err filled (EOF included). start_tls may be NULL when the transport
 * cannot; wait_readable returns 1 ready, 0 timeout, < 0 error. */
struct sqlx_wire_io {
    void *ctx;
    long (*read)(void *ctx, void *p, size_t n, struct sqlx_err *err);
    int (*write)(void *ctx, const void *p, size_t n, struct sqlx_err *err);
    int (*start_tls)(void *ctx, struct sqlx_err *err);
    int (*wait_readable)(void *ctx, int timeout_ms);
};

/* Results of running a script. */
#define SQLX_VM_DONE  0 /* the script finished */
#define SQLX_VM_YIELD 1 /* an event for the caller (sqlx_wire_vm_event); resume afterwards */

/* ---- compiled protocol (built by the pack loader) ----------------------------------------------- */

/* Compiles the wire part of a pack: protocol framing, messages, authentication plugins, async
 * handlers, the handshake and the query scripts. Errors name file and JSON path. The result copies
 * what it keeps (the JSON may go after); it is immutable and may be shared by threads. */
int sqlx_wire__proto_compile(struct sqlx_wire__vctx *v, const void *root_json,
                             struct sqlx_wire_proto **out) SQLX_MUST_CHECK;
/* Another owner of p (packs extending one base share its compiled protocol); free drops one. */
struct sqlx_wire_proto *sqlx_wire_proto_ref(struct sqlx_wire_proto *p);
void sqlx_wire_proto_free(struct sqlx_wire_proto *p);

const struct sqlx_wire_codec *sqlx_wire_proto_codec(const struct sqlx_wire_proto *p);
/* Script by name: "handshake" or a key of "query" ("execute"); -1 when absent. */
int sqlx_wire_proto_script(const struct sqlx_wire_proto *p, const char *name);
/* Variable slot by name (without the '$'); -1 when no script uses it. */
int sqlx_wire_proto_var(const struct sqlx_wire_proto *p, const char *name);
/* Event id of a yield by name; -1 when no script yields it. */
int sqlx_wire_proto_event(const struct sqlx_wire_proto *p, const char *name);
/* Names of the compiled scripts, for `sqlx packs show` and docs; NULL past the end. */
const char *sqlx_wire_proto_script_name(const struct sqlx_wire_proto *p, int i);
/* Number of ops a script compiled to (tests, docs); -1 for an unknown id. */
int sqlx_wire_proto_script_ops(const struct sqlx_wire_proto *p, int script);

/* ---- running ------------------------------------------------------------------------------------ */

/* A VM over one transport. The io struct is copied; io.ctx stays the caller's. */
struct sqlx_wire_vm *sqlx_wire_vm_new(const struct sqlx_wire_proto *p,
                                      const struct sqlx_wire_io *io);
void sqlx_wire_vm_free(struct sqlx_wire_vm *vm);
/* Replaces the transport context (after a reconnect, or to run a cancel on another socket). */
void sqlx_wire_vm_set_io(struct sqlx_wire_vm *vm, const struct sqlx_wire_io *io);

/* Starts script `script` from its first op and runs until it finishes (SQLX_VM_DONE), yields
 * (SQLX_VM_YIELD) or fails (negative SQLX_E*, err filled). A script started while another one
 * is suspended abandons the other. */
int sqlx_wire_vm_run(struct sqlx_wire_vm *vm, int script, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Continues a script after a yield. */
int sqlx_wire_vm_resume(struct sqlx_wire_vm *vm, struct sqlx_err *err) SQLX_MUST_CHECK;
/* True while a script is suspended at a yield. */
bool sqlx_wire_vm_suspended(const struct sqlx_wire_vm *vm);
/* A shortcut through a suspended row loop (a recv whose case for one message is a yield that
 * resumes at the same recv, like a result set's rows): when the input buffer already holds a
 * whole frame of that message and the loop's yield has this event, takes it exactly as the recv
 * and the yield would (the message becomes sqlx_wire_vm_msg, the event is the yield's, the
 * script stays suspended at the recv) without running the script. Returns 1 when it did, 0 when
 * the script must be resumed instead (nothing whole buffered, another message, a malformed
 * frame, not in a row loop); it never reads from the transport. */
int sqlx_wire_vm_next_buffered(struct sqlx_wire_vm *vm, int event);
/* The same shortcut for an engine that decodes the row payload itself: returns the loop's
 * message layout and the frame's payload when the next buffered frame is one (nothing is
 * consumed or decoded), else NULL. sqlx_wire_vm_take_buffered, called next (before anything
 * else runs on the VM), consumes that frame as the recv and yield would, except that sqlx_wire_vm_msg holds no message afterwards (its layout
 * is NULL); an engine that cannot decode the payload resumes the script instead, which reads
 * the frame as usual. */
struct sqlx_wire_layout;
const struct sqlx_wire_layout *sqlx_wire_vm_peek_buffered(struct sqlx_wire_vm *vm, int event,
                                                          const uint8_t **payload, size_t *len);
void sqlx_wire_vm_take_buffered(struct sqlx_wire_vm *vm, int event);
/* Event id of the last yield. */
int sqlx_wire_vm_event(const struct sqlx_wire_vm *vm);
/* The message received last; its values point into the input buffer and stay valid until the
 * script receives again. */
const struct sqlx_wire_msg *sqlx_wire_vm_msg(const struct sqlx_wire_vm *vm);

/* Variables. set stores a reference: bytes and lists stay the caller's and must live until the
 * scripts that read them are done; slot -1 is ignored. get returns a NONE value for -1. */
void sqlx_wire_vm_set(struct sqlx_wire_vm *vm, int slot, struct sqlx_wire_val v);
const struct sqlx_wire_val *sqlx_wire_vm_get(const struct sqlx_wire_vm *vm, int slot);
/* A server parameter stored by a script's "param" op (ParameterStatus), NUL-terminated; NULL
 * when the server sent none by that name. */
const char *sqlx_wire_vm_server_param(const struct sqlx_wire_vm *vm, const char *name);

/* Encodes a message into the output buffer (sent at the next flush). */
int sqlx_wire_vm_send(struct sqlx_wire_vm *vm, const struct sqlx_wire_layout *l,
                      const struct sqlx_wire_val *vals, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Writes the output buffer in one write. */
int sqlx_wire_vm_flush(struct sqlx_wire_vm *vm, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Bytes waiting in the output buffer. */
size_t sqlx_wire_vm_pending(const struct sqlx_wire_vm *vm);
/* Drops unsent output past the first `keep` bytes (messages queued but not yet flushed). */
void sqlx_wire_vm_unsend(struct sqlx_wire_vm *vm, size_t keep);
/* Moves whatever the server has sent so far into the input buffer without blocking, so a long
 * pipelined write never deadlocks against a server blocked on its own output. Must not be called
 * while a received message is still in use. */
int sqlx_wire_vm_drain(struct sqlx_wire_vm *vm, struct sqlx_err *err) SQLX_MUST_CHECK;
/* Bytes received and not yet parsed. */
size_t sqlx_wire_vm_buffered(const struct sqlx_wire_vm *vm);

enum sqlx_conn_state sqlx_wire_vm_state(const struct sqlx_wire_vm *vm);
void sqlx_wire_vm_set_state(struct sqlx_wire_vm *vm, enum sqlx_conn_state s);
/* True after an I/O error, a protocol violation, a failed script or a fatal server error: the
 * conversation can no longer be trusted. */
bool sqlx_wire_vm_broken(const struct sqlx_wire_vm *vm);

/* The first server error saved by an "error" op since the last run, or NULL. */
const struct sqlx_err *sqlx_wire_vm_saved_error(const struct sqlx_wire_vm *vm);

/* Fills err from an error message (a tagged_cstrings field whose codes name sqlstate, message,
 * detail, hint, position, constraint, severity..., or top-level fields with those names). */
void sqlx_wire_vm_msg_error(const struct sqlx_wire_msg *msg, struct sqlx_err *err);

#endif
