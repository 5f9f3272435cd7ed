/* thread_internal.h - what the files of thread/ share among themselves. */
#ifndef MICROCOSM_THREAD_INTERNAL_H
#define MICROCOSM_THREAD_INTERNAL_H

#include "libc_internal.h"

/* fork's child (fork.c): the calling thread is the program's only thread, and its main one (pthread.c). */
HIDDEN void __mc_pthread_fork_child(void);

#endif
