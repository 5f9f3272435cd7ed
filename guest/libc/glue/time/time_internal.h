/* time_internal.h - what time/ offers the glue above it: the real timer's state after fork. */
#ifndef MICROCOSM_TIME_INTERNAL_H
#define MICROCOSM_TIME_INTERNAL_H

#include "libc_internal.h"

/* fork's child (thread/fork.c): its real timer is disarmed (Linux clears a child's alarm and interval timers), and
 * the parent's timer thread did not come along. */
HIDDEN void __mc_time_fork_child(void);

#endif
