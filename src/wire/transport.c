/* The socket transport of wire/transport.h: four small adapters from the VM's io calls to
 * wire/sock.h, counting what passes. */
#include "wire/transport.h"

static long t_read(void *ctx, void *p, size_t n, struct sqlx_err *err)
{
    struct sqlx_sock_transport *t = ctx;
    long r = sqlx_sock_read(*t->sock, p, n, err);
    if (r > 0 && t->bytes_in)
        *t->bytes_in += (uint64_t)r;
    return r;
}

static int t_write(void *ctx, const void *p, size_t n, struct sqlx_err *err)
{
    struct sqlx_sock_transport *t = ctx;
    if (t->writes)
        (*t->writes)++;
    if (t->bytes_out)
        *t->bytes_out += n;
    return sqlx_sock_write(*t->sock, p, n, err);
}

static int t_tls(void *ctx, struct sqlx_err *err)
{
    struct sqlx_sock_transport *t = ctx;
    return sqlx_sock_start_tls(*t->sock, t->tls, err);
}

static int t_wait(void *ctx, int timeout_ms)
{
    struct sqlx_sock_transport *t = ctx;
    return sqlx_sock_wait_readable(*t->sock, timeout_ms);
}

struct sqlx_wire_io sqlx_sock_transport_io(struct sqlx_sock_transport *t)
{
    struct sqlx_wire_io io = { .ctx = t, .read = t_read, .write = t_write,
                               .start_tls = t->tls ? t_tls : NULL, .wait_readable = t_wait };
    return io;
}
