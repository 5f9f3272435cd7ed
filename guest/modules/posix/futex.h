/* futex.h - the two ways libmc-futex.so waits on a word (futex.c chooses one at start): the host's own
 * futex (futex_host.c, Linux) and an emulation on the host's mutexes and condition variables
 * (futex_emulated.c, for a host without a futex). futex.c has already checked the arguments.
 *
 * A wait takes an absolute deadline in ns on `clock` (INT64_MAX for none) and returns 0 when woken (or
 * when the word changed during the wait), -EAGAIN when it differs from `expected` at the start,
 * -ETIMEDOUT, -EINTR when the thread was interrupted for a signal, or -EFAULT. A wake returns how many
 * waiters whose bitset meets `bitset` it woke, at most `count` (at least one: Linux wakes one for 0). */
#ifndef MC_FUTEX_H
#define MC_FUTEX_H

#include "posix.h"

MC_HIDDEN int futex_host_available(void);
MC_HIDDEN intptr_t futex_host_wait(const int32_t *address, int32_t expected, uint32_t bitset, int shared,
                                   clockid_t clock, int64_t deadline);
MC_HIDDEN intptr_t futex_host_wake(const int32_t *address, int32_t count, uint32_t bitset, int shared);

MC_HIDDEN void futex_emulated_init(void);
MC_HIDDEN intptr_t futex_emulated_wait(const int32_t *address, int32_t expected, uint32_t bitset,
                                       clockid_t clock, int64_t deadline);
MC_HIDDEN intptr_t futex_emulated_wake(const int32_t *address, int32_t count, uint32_t bitset);

#endif
