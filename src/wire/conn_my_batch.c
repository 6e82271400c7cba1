/* The MySQL-family engine's batches (sqlx_stmt_exec_batch): MariaDB bulk executions (one
 * command alone under autocommit, else in the batch's own transaction), and pipelined
 * COM_STMT_EXECUTEs written in chunks while the answers are drained, which also name the row a
 * failed bulk stumbled on. A batch never leaves part of itself behind. The connection and
 * statement machinery is conn_my.c's (conn_my_int.h); no protocol bytes are parsed here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "wire/codec.h"
#include "wire/conn.h"
#include "wire/conn_my_int.h"
#include "wire/my_types.h"
#include "wire/vm.h"

/* ---- batches --------------------------------------------------------------------------------------- */

/* Queues a text command whose answer batch_result reads later. */
static int queue_query(struct my_conn *mc, const char *sql, struct sqlx_err *err)
{
    sqlx_wire_vm_set(mc->vm, mc->id.v_sql, sqlx_wire_bytes(sql, strlen(sql)));
    int rc = sqlx_wire_vm_run(mc->vm, mc->id.s_batch_query, err);
    return rc < 0 ? sqlx_my__fail(mc, rc, err) : 0;
}

/* Reads the answers of n queued commands; keeps the first error (with its row, when rows is
 * non-zero) and reads on, so the connection stays in step. */
static int read_answers(struct my_conn *mc, size_t n, size_t first_row, struct op_ctx *op,
                        struct sqlx_err *first, bool *failed)
{
    for (size_t k = 0; k < n; k++) {
        struct sqlx_err e;
        sqlx_err_clear(&e);
        int rc = sqlx_my__run_script(mc, mc->id.s_batch_result, op, &e);
        if (rc && !*failed) {
            *failed = true;
            *first = e;
            if (first_row)
                snprintf(first->message, sizeof first->message, "row %zu: %.480s",
                         first_row + k, e.message);
        }
        if (rc && mc->base.broken)
            return rc;
    }
    return 0;
}

/* A value of row `row` could not be encoded. Nothing written yet: the queued commands are dropped.
 * Part of the batch already sent: its answers are read and, when the batch opened its own
 * transaction, it is rolled back. err keeps the encoding error. */
static int batch_abort(struct my_conn *mc, bool flushed, size_t start, size_t queued, bool own_txn,
                       size_t row, int rc, struct sqlx_err *err)
{
    struct sqlx_err cause = { .code = SQLX_EINVAL };
    if (err) {
        cause = *err;
        snprintf(cause.message, sizeof cause.message, "row %zu: %.480s", row + 1, err->message);
    }
    if (!flushed) {
        sqlx_wire_vm_unsend(mc->vm, start);
    } else {
        struct sqlx_err ignored;
        bool failed = false;
        struct op_ctx op = { 0 };
        if (read_answers(mc, queued, 0, &op, &ignored, &failed) == 0 && own_txn) {
            sqlx_wire_vm_set(mc->vm, mc->id.v_sql, sqlx_wire_bytes("ROLLBACK", 8));
            if (sqlx_my__run_script(mc, mc->id.s_simple, &op, &ignored) != 0) {
                /* the connection is marked broken when the rollback could not be sent */
            }
        }
    }
    if (err)
        *err = cause;
    return rc < 0 ? rc : SQLX_EINVAL;
}

/* One type per column for a bulk execution: the type of its non-NULL values, which must agree
 * (wire/my_types.h encodes each universal type as one MySQL type). false when a column mixes
 * them: the caller pipelines executes instead. */
static bool bulk_types(const struct sqlx_value *rows, size_t ncols, size_t nrows,
                       struct sqlx_wire_val *ctypes, struct sqlx_wire_val *pairs,
                       struct sqlx_err *err)
{
    struct sqlx_buf scratch;
    sqlx_buf_init(&scratch, 0);
    bool ok = true;
    for (size_t k = 0; k < ncols && ok; k++) {
        const struct sqlx_value *first = NULL;
        for (size_t r = 0; r < nrows && ok; r++) {
            const struct sqlx_value *v = &rows[r * ncols + k];
            if (v->type == SQLX_V_NULL)
                continue;
            if (!first)
                first = v;
            else
                ok = v->type == first->type;
        }
        uint16_t type = SQLX_MY_TYPE_VAR_STRING;
        sqlx_buf_reset(&scratch);
        if (first && sqlx_my_encode_param(first, &type, &scratch, err) != 0)
            ok = false;
        ctypes[k] = sqlx_wire_int(type & 0xff);
        pairs[k] = sqlx_wire_int(type);
    }
    sqlx_buf_free(&scratch);
    return ok;
}

#define BULK_CHUNK_ROWS  16384u              /* rows per bulk command at most */
#define BULK_KEEP_BYTES  (1024u * 1024u)      /* bulk buffers a connection keeps between batches */
#define BULK_CHUNK_BYTES (4u * 1024u * 1024u) /* encoded values per bulk command, about: well
                                               * under max_allowed_packet (16 MB by default) */

/* Encodes rows from r on, at most max of them and about BULK_CHUNK_BYTES, into data (reset)
 * and vals; the values point into data. *n gets the number of rows encoded (at least one). */
static int bulk_encode(const struct sqlx_value *rows, size_t ncols, size_t r, size_t max,
                       struct sqlx_buf *data, struct sqlx_wire_val *vals, size_t *n,
                       struct sqlx_err *err)
{
    sqlx_buf_reset(data);
    const struct sqlx_value *v = rows + r * ncols;
    size_t i = 0, done = 0;
    while (done < max && (done == 0 || data->len < BULK_CHUNK_BYTES)) {
        for (size_t k = 0; k < ncols; k++, i++) {
            uint16_t type;
            size_t at = data->len;
            int rc = sqlx_my_encode_param(&v[i], &type, data, err);
            if (rc)
                return rc;
            /* fields set one by one: a constructed value would be copied from the stack */
            struct sqlx_wire_val *w = &vals[i];
            w->kind = v[i].type == SQLX_V_NULL ? SQLX_WV_NULL : SQLX_WV_INT;
            w->count = 0;
            w->i = (int64_t)at; /* an offset until data stops moving */
            w->n = data->len - at;
        }
        done++;
    }
    for (size_t j = 0; j < i; j++) {
        struct sqlx_wire_val *w = &vals[j];
        if (w->kind == SQLX_WV_INT) {
            w->kind = SQLX_WV_BYTES;
            w->p = (const uint8_t *)data->data + w->i;
        }
    }
    *n = done;
    return 0;
}

/* MariaDB bulk execution. A batch that fits one COM_STMT_BULK_EXECUTE (BULK_CHUNK_ROWS rows,
 * about BULK_CHUNK_BYTES of values) goes alone when the session autocommits: one statement, so
 * the server applies all of its rows or none, in one round trip. A larger batch runs in its own
 * transaction: START TRANSACTION and the bulk commands go out together, every answer is read,
 * then COMMIT or ROLLBACK; two round trips. 1 = not possible (a column mixes types). */
static int bulk_batch(struct my_conn *mc, struct my_stmt *st, const struct sqlx_value *rows,
                      size_t ncols, size_t nrows, int64_t *total, struct sqlx_err *err)
{
    struct sqlx_wire_val *ctypes = sqlx_calloc(ncols, sizeof *ctypes);
    struct sqlx_wire_val *pairs = sqlx_calloc(ncols, sizeof *pairs);
    size_t chunk = nrows < BULK_CHUNK_ROWS ? nrows : BULK_CHUNK_ROWS;
    if (mc->bulk_cap < chunk * ncols) {
        sqlx_free(mc->bulk_vals);
        mc->bulk_cap = chunk * ncols;
        mc->bulk_vals = sqlx_malloc(mc->bulk_cap * sizeof *mc->bulk_vals);
    }
    struct sqlx_wire_val *vals = mc->bulk_vals;
    struct sqlx_buf *data = &mc->bulk_data;
    int rc = 1;
    bool txn = false; /* the batch runs in a transaction of its own (more than one command) */
    if (!bulk_types(rows, ncols, nrows, ctypes, pairs, err))
        goto out;
    size_t queued = 0;
    uint32_t nc = (uint32_t)ncols;
    sqlx_wire_vm_set(mc->vm, mc->id.v_stmt_id, sqlx_wire_int(st->stmt_id));
    sqlx_wire_vm_set(mc->vm, mc->id.v_param_types, sqlx_wire_list(ctypes, nc));
    sqlx_wire_vm_set(mc->vm, mc->id.v_param_pairs, sqlx_wire_list(pairs, nc));
    for (size_t r = 0, n = 0; r < nrows; r += n) {
        size_t left = nrows - r < chunk ? nrows - r : chunk;
        if ((rc = bulk_encode(rows, ncols, r, left, data, vals, &n, err))) {
            if (!txn)
                goto out; /* nothing went out */
            goto out_unsent;
        }
        if (r == 0 && (n < nrows || !(sqlx_my__var_int(mc, mc->id.v_status) & STATUS_AUTOCOMMIT))) {
            txn = true;
            if ((rc = queue_query(mc, "START TRANSACTION", err)))
                goto out;
        }
        sqlx_wire_vm_set(mc->vm, mc->id.v_params, sqlx_wire_list(vals, (uint32_t)(n * ncols)));
        if ((rc = sqlx_wire_vm_run(mc->vm, mc->id.s_bulk, err)) < 0) {
            rc = sqlx_my__fail(mc, rc, err);
            goto out;
        }
        queued++;
        if (sqlx_wire_vm_pending(mc->vm) >= BATCH_FLUSH_BYTES &&
            ((rc = sqlx_wire_vm_flush(mc->vm, err)) || (rc = sqlx_wire_vm_drain(mc->vm, err)))) {
            rc = sqlx_my__fail(mc, rc, err);
            goto out;
        }
    }
    struct op_ctx op = { 0 };
    struct sqlx_err first_err;
    bool failed = false;
    sqlx_err_clear(&first_err);
    if (txn && (rc = read_answers(mc, 1, 0, &op, &first_err, &failed)))
        goto out;
    op.affected = 0;
    if ((rc = read_answers(mc, queued, 0, &op, &first_err, &failed)))
        goto out;
    *total = op.affected;
    if (!txn) {
        rc = 0;
        if (failed) {
            if (err)
                *err = first_err;
            rc = first_err.code ? first_err.code : SQLX_EENGINE;
        }
        goto out;
    }
    struct op_ctx end = { 0 };
    struct sqlx_err e;
    sqlx_wire_vm_set(mc->vm, mc->id.v_sql,
                     failed ? sqlx_wire_bytes("ROLLBACK", 8) : sqlx_wire_bytes("COMMIT", 6));
    if ((rc = sqlx_my__run_script(mc, mc->id.s_simple, &end, &e)) && !failed) {
        failed = true;
        first_err = e;
    }
    rc = 0;
    if (failed) {
        if (err)
            *err = first_err;
        rc = first_err.code ? first_err.code : SQLX_EENGINE;
    }
    goto out;
out_unsent:
    /* A value that cannot be encoded: whatever went out is read and rolled back. */
    {
        struct sqlx_err ignored;
        bool any = false;
        struct op_ctx drop = { 0 };
        if (read_answers(mc, queued + 1, 0, &drop, &ignored, &any) == 0) {
            sqlx_wire_vm_set(mc->vm, mc->id.v_sql, sqlx_wire_bytes("ROLLBACK", 8));
            if (sqlx_my__run_script(mc, mc->id.s_simple, &drop, &ignored) != 0) {
                /* the connection is marked broken when the rollback could not be sent */
            }
        }
    }
out:
    sqlx_wire_vm_set(mc->vm, mc->id.v_params, sqlx_wire_null());
    sqlx_wire_vm_set(mc->vm, mc->id.v_param_types, sqlx_wire_null());
    sqlx_wire_vm_set(mc->vm, mc->id.v_param_pairs, sqlx_wire_null());
    sqlx_buf_reset(data);
    if (data->cap > BULK_KEEP_BYTES || mc->bulk_cap * sizeof *vals > BULK_KEEP_BYTES) {
        /* an exceptionally large batch does not pin its memory to the connection */
        sqlx_buf_free(data);
        sqlx_buf_init(data, 0);
        sqlx_free(mc->bulk_vals);
        mc->bulk_vals = NULL;
        mc->bulk_cap = 0;
    }
    sqlx_free(ctypes);
    sqlx_free(pairs);
    return rc;
}

/* Pipelined batch: every row's COM_STMT_EXECUTE is written without waiting (in 64 KiB chunks,
 * draining the answers that arrive meanwhile), then every answer is read. Outside a transaction
 * the batch runs inside one, so a failing row leaves none of the batch applied. */
static int exec_batch(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                      size_t nrows, int64_t *affected, struct sqlx_err *err)
{
    struct my_stmt *st = (struct my_stmt *)s;
    struct my_conn *mc = (struct my_conn *)s->conn;
    int rc;
    if (affected)
        *affected = 0;
    if (ncols != (size_t)s->nparams)
        return sqlx_err_set(err, SQLX_EINVAL, "statement expects %d parameters, %zu given",
                            s->nparams, ncols);
    if (!sqlx_my__usable(mc, err))
        return SQLX_EIO;
    if (st->text || st->stmt_id == 0 || nrows == 0) {
        /* nothing to pipeline: the generic loop */
        int64_t total = 0;
        for (size_t r = 0; r < nrows; r++) {
            if ((rc = sqlx_stmt_bind_all(s, rows + r * ncols, ncols, err)))
                return rc;
            while ((rc = sqlx_my__step(s, err)) == SQLX_STEP_ROW)
                ;
            if (rc < 0)
                return rc;
            total += st->changes;
            if ((rc = sqlx_my__reset(s, err)))
                return rc;
        }
        if (affected)
            *affected = total;
        return 0;
    }
    if (st->running && (rc = sqlx_my__reset(s, err)))
        return rc;
    if ((rc = sqlx_my__interrupt_active(mc, err)))
        return rc;
    mc->stats.batches++;
    mc->stats.batch_rows += nrows;
    bool own_txn = nrows > 1 && !(sqlx_my__var_int(mc, mc->id.v_status) & STATUS_IN_TRANS);
    if (own_txn && ncols > 0 && mc->id.s_bulk >= 0 &&
        (sqlx_my__var_int(mc, mc->id.v_client_ext) & EXT_BULK_OPERATIONS)) {
        int64_t total = 0;
        st->types_sent = false; /* a bulk command sends types of its own */
        rc = bulk_batch(mc, st, rows, ncols, nrows, &total, err);
        if (rc == 0) {
            mc->changes = total;
            if (affected)
                *affected = total;
            return 0;
        }
        if (rc < 0 && (mc->base.broken || !err || err->engine_code == 0))
            return rc;
        /* Mixed types, or a row failed (rolled back): the pipelined executes below run the
         * batch again, so a failure names its row. */
    }
    size_t start = sqlx_wire_vm_pending(mc->vm);
    bool flushed = false;
    size_t queued = 0;
    if (own_txn && (rc = queue_query(mc, "START TRANSACTION", err)))
        return rc;
    for (size_t r = 0; r < nrows; r++) {
        for (size_t k = 0; k < ncols; k++) {
            if ((rc = sqlx_my__bind(s, (int)k + 1, &rows[r * ncols + k], err)) == 0)
                continue;
            return batch_abort(mc, flushed, start, queued + (own_txn ? 1 : 0), own_txn, r, rc,
                               err);
        }
        if ((rc = sqlx_my__set_exec_vars(mc, st, err)) ||
            (rc = sqlx_wire_vm_run(mc->vm, mc->id.s_batch_item, err)) < 0)
            return sqlx_my__fail(mc, rc, err);
        queued++;
        if (sqlx_wire_vm_pending(mc->vm) >= BATCH_FLUSH_BYTES) {
            if ((rc = sqlx_wire_vm_flush(mc->vm, err)) || (rc = sqlx_wire_vm_drain(mc->vm, err)))
                return sqlx_my__fail(mc, rc, err);
            flushed = true;
        }
    }
    struct op_ctx op = { 0 };
    struct sqlx_err first;
    bool failed = false;
    sqlx_err_clear(&first);
    if (own_txn && (rc = read_answers(mc, 1, 0, &op, &first, &failed)))
        return rc;
    op.affected = 0;
    if ((rc = read_answers(mc, queued, 1, &op, &first, &failed)))
        return rc;
    int64_t total = op.affected;
    if (own_txn) {
        struct op_ctx end = { 0 };
        sqlx_wire_vm_set(mc->vm, mc->id.v_sql,
                         failed ? sqlx_wire_bytes("ROLLBACK", 8) : sqlx_wire_bytes("COMMIT", 6));
        struct sqlx_err e;
        if ((rc = sqlx_my__run_script(mc, mc->id.s_simple, &end, &e)) && !failed) {
            failed = true;
            first = e;
        }
    }
    if (failed) {
        if (err)
            *err = first;
        return first.code ? first.code : SQLX_EENGINE;
    }
    mc->changes = total;
    if (affected)
        *affected = total;
    return 0;
}

int sqlx_my__exec_batch(struct sqlx_stmt *s, const struct sqlx_value *rows, size_t ncols,
                         size_t nrows, int64_t *affected, struct sqlx_err *err)
{
    int rc = exec_batch(s, rows, ncols, nrows, affected, err);
    if (rc)
        ((struct my_stmt *)s)->types_sent = false; /* queued executions may have been dropped */
    return rc;
}
