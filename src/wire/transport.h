/* The WireVM transport over a socket (wire/sock.h) that both network engines use: reads, writes,
 * the TLS upgrade and the readiness wait go to the engine's socket, and the traffic is counted
 * into the engine's statistics. Holds no socket of its own and allocates nothing. */
#ifndef SQLX_WIRE_TRANSPORT_H
#define SQLX_WIRE_TRANSPORT_H

#include <stdint.h>

#include "wire/sock.h"
#include "wire/vm.h"

struct sqlx_sock_transport {
    struct sqlx_sock **sock;         /* the engine's socket field (read at each call) */
    const struct sqlx_tls_opts *tls; /* options of the TLS upgrade; NULL: the VM cannot start TLS */
    uint64_t *writes;                /* counters the engine reports; each may be NULL */
    uint64_t *bytes_in;
    uint64_t *bytes_out;
};

/* The VM's view of t, which must outlive every VM given it. */
struct sqlx_wire_io sqlx_sock_transport_io(struct sqlx_sock_transport *t);

#endif
