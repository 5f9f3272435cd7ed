/* sys/syslimits.h - Microcosm: the limits a program on Linux sees (glibc's <limits.h> with
 * <linux/limits.h>), where newlib's generic values differ: paths up to 4096 bytes, atomic pipe writes
 * up to 4096 bytes (the host's pipes), 65536 supplementary groups. OPEN_MAX and CHILD_MAX are not
 * constants on Linux (sysconf and getrlimit answer). */
#ifndef _SYS_SYSLIMITS_H_
#define _SYS_SYSLIMITS_H_

#define ARG_MAX          131072   /* bytes of arguments and environment for an exec function */
#define LINK_MAX         127      /* links to a file */
#define MAX_CANON        255      /* bytes in a terminal's canonical input line */
#define MAX_INPUT        255      /* bytes in a terminal's input queue */
#define NAME_MAX         255      /* bytes in a file name */
#define NGROUPS_MAX      65536    /* supplementary group ids */
#define PATH_MAX         4096     /* bytes in a path, with the NUL */
#define PIPE_BUF         4096     /* bytes written to a pipe atomically */
#define IOV_MAX          1024     /* elements of an I/O vector */
#define HOST_NAME_MAX    64       /* bytes in a host name, without the NUL */
#define LOGIN_NAME_MAX   256      /* bytes in a login name, with the NUL */
#define TTY_NAME_MAX     32       /* bytes in a terminal's name, with the NUL */
#define PTHREAD_KEYS_MAX 256      /* thread-specific data keys (glue/thread/pthread.c) */
#define PTHREAD_DESTRUCTOR_ITERATIONS 4   /* rounds of key destructors at a thread's exit */

#define BC_BASE_MAX      99
#define BC_DIM_MAX       2048
#define BC_SCALE_MAX     99
#define BC_STRING_MAX    1000
#define COLL_WEIGHTS_MAX 255
#define EXPR_NEST_MAX    32
#define LINE_MAX         2048
#define RE_DUP_MAX       255      /* newlib's regular expressions count repetitions up to this */

#endif
