/* io_internal.h - what io/ offers the glue above it (the sockets of net/). */
#ifndef MICROCOSM_IO_INTERNAL_H
#define MICROCOSM_IO_INTERNAL_H

#include "libc_internal.h"

/* The result of a write to a descriptor: as mc_errno_result, raising SIGPIPE first for EPIPE. */
HIDDEN long __mc_write_result(long r);

#endif
