/* Private to the MySQL-family engine's two files (conn_my.c: connection, statements, rows;
 * conn_my_batch.c: batches): the connection and statement structs, the server bits the engine
 * reads, and the helpers both use. Not for other modules: callers see wire/conn.h and
 * wire/my.h. */
#ifndef SQLX_WIRE_CONN_MY_INT_H
#define SQLX_WIRE_CONN_MY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "wire/codec.h"
#include "wire/conn.h"
#include "wire/my.h"
#include "wire/my_types.h"
#include "wire/pack.h"
#include "wire/sock.h"
#include "wire/transport.h"
#include "wire/vm.h"

#define STMT_CACHE_SIZE   64
#define BATCH_FLUSH_BYTES (64u * 1024u) /* pipelined batches are written in chunks of this size */

/* Server status bits (OK / EOF packets). */
#define STATUS_IN_TRANS      0x0001
#define STATUS_AUTOCOMMIT    0x0002
#define STATUS_MORE_RESULTS  0x0008
#define STATUS_STATE_CHANGED 0x4000
/* Client capability bits the URL options add or drop. */
#define CAP_MULTI_STATEMENTS 0x00010000
#define CAP_SESSION_TRACK    0x00800000
#define CAP_DEPRECATE_EOF    0x01000000
/* MariaDB extended capabilities (client_ext_caps). */
#define EXT_BULK_OPERATIONS 0x04

#define ER_UNSUPPORTED_PS 1295 /* "This command is not supported in the prepared statement protocol" */

/* pump: the current result set ended and another follows; the VM waits at the result_end yield. */
#define PUMP_PAUSE 2

/* What the engine needs from the pack, looked up by name once per connection. */
struct my_ids {
    int s_handshake, s_simple, s_prepare, s_execute, s_batch_item, s_batch_query, s_batch_result,
        s_close, s_ping, s_reset, s_terminate;
    int s_bulk; /* bulk_item (MariaDB bulk execution), -1 when the pack has none */
    int v_user, v_password, v_database, v_sslmode, v_extra, v_drop, v_sql, v_stmt_id,
        v_param_count, v_param_types, v_param_pairs, v_send_types, v_params, v_column_types,
        v_connection_id,
        v_client_caps, v_status, v_affected, v_insert_id, v_column_count, v_client_ext;
    int e_ok, e_column_count, e_column, e_row, e_result_end, e_prepare_ok;
    const struct sqlx_wire_layout *l_coldef, *l_textrow, *l_binrow;
    int cd_name, cd_charset, cd_type, cd_flags, cd_decimals; /* ColumnDefinition */
    int tr_values, br_values;                                /* TextRow, BinaryRow */
    bool direct_binrow; /* BinaryRow is the layout sqlx_my_decode_binary_row reads */
};


struct my_stmt {
    struct sqlx_stmt base; /* must be first */
    uint32_t stmt_id;      /* server statement id; 0 for a text statement */
    bool text;             /* runs through COM_QUERY (text protocol) */
    char *sql;             /* cache key and text of a text statement (heap) */
    size_t sql_len;
    int slot; /* cache slot, -1 when uncached */
    /* parameters */
    struct sqlx_buf *param_data;      /* encoded value per parameter, reused across binds */
    struct sqlx_wire_val *param_vals; /* values list of COM_STMT_EXECUTE */
    struct sqlx_wire_val *ptypes;     /* type code per parameter (INT) */
    struct sqlx_wire_val *ppairs;     /* type code | flags << 8 per parameter (INT) */
    int64_t *sent_pairs;              /* ppairs as the server last received them */
    bool types_sent;                  /* the server holds sent_pairs as the parameter types */
    bool *bound;
    /* columns of the current result set */
    int ncols;
    int cap_cols;
    char **names;                 /* column names (heap), kept while they match */
    struct sqlx_my_column *mcols; /* what the value decoders need, per column */
    struct sqlx_wire_val *ctypes; /* type code per column (INT), for binary rows */
    struct sqlx_value *vals;      /* the current row, decoded when it arrives */
    int next_col;                 /* column definition expected next */
    /* execution */
    bool running;      /* the VM is suspended in this statement's flow */
    bool paused;       /* the current result set ended; another follows */
    bool pending_row;  /* next_result already read the first row of the new result set */
    bool done;         /* ran to completion since the last reset */
    bool interrupted;  /* another statement ran before this one finished */
    unsigned results;  /* result sets seen in this run */
    uint32_t row_count; /* values of the current row in vals */
    int64_t changes;
    int64_t insert_id;
    struct sqlx_my_scratch scratch; /* rendered values of the current row */
};

struct cache_entry {
    struct my_stmt *s; /* NULL for an empty slot */
    bool in_use;       /* lent out by prepare, not yet given back by finalize */
};

/* What the current operation does with the events the VM yields. */
struct op_ctx {
    struct my_stmt *st; /* receives columns; its rows stop the run while it streams */
    int64_t affected;   /* sum over OK packets */
    int64_t insert_id;
};

struct my_conn {
    struct sqlx_conn base; /* must be first */
    struct sqlx_sock *sock;
    struct sqlx_sock_transport tr; /* the VM's transport over sock */
    struct sqlx_wire_vm *vm;
    const struct sqlx_wire_proto *proto;
    struct my_ids id;
    struct sqlx_tls_opts tls;
    char *user, *password; /* heap copies, for the second connection of a cancel */
    const char *sslmode;   /* static */
    int64_t extra, drop;   /* capability flags the URL adds and drops */
    char *host;            /* heap */
    int port;
    char *root_cert, *cert, *key;
    int connect_timeout_ms;
    uint32_t connection_id;
    char *server_version;
    bool session_tracked; /* the server reports session state changes (SESSION_TRACK) */
    bool dirty;           /* the session changed since it was opened or reset */
    struct cache_entry cache[STMT_CACHE_SIZE];
    unsigned next_evict;
    struct my_stmt *active; /* statement whose results are streaming */
    int64_t changes;
    int64_t insert_id;
    struct sqlx_my_stats stats;
    struct op_ctx *op;
    /* bulk batches' encoded values, kept from batch to batch: buffers this large come from
     * mmap, and taking them anew each time costs a page fault per 4 KiB */
    struct sqlx_wire_val *bulk_vals;
    size_t bulk_cap; /* entries of bulk_vals */
    struct sqlx_buf bulk_data;
};

/* conn_my.c */
int64_t sqlx_my__var_int(struct my_conn *mc, int slot);
/* Turns a failed run into the interface's error; marks the connection broken when it is. */
int sqlx_my__fail(struct my_conn *mc, int rc, struct sqlx_err *err);
/* Runs a script to its end, handling the events it yields with op. */
int sqlx_my__run_script(struct my_conn *mc, int script, struct op_ctx *op, struct sqlx_err *err);
/* Reads past what the statement still streaming has left, so another command can go out. */
int sqlx_my__interrupt_active(struct my_conn *mc, struct sqlx_err *err);
bool sqlx_my__usable(struct my_conn *mc, struct sqlx_err *err);
int sqlx_my__bind(struct sqlx_stmt *s, int idx, const struct sqlx_value *v, struct sqlx_err *err);
/* Points the COM_STMT_EXECUTE variables at the statement's parameters and column types. */
int sqlx_my__set_exec_vars(struct my_conn *mc, struct my_stmt *st, struct sqlx_err *err);
int sqlx_my__step(struct sqlx_stmt *s, struct sqlx_err *err);
int sqlx_my__reset(struct sqlx_stmt *s, struct sqlx_err *err);

/* conn_my_batch.c */
int sqlx_my__exec_batch(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                        size_t nrows, int64_t *affected, struct sqlx_err *err);

#endif
