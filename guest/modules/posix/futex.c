/* libmc-futex.so: futex (202) - FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET, private
 * or shared. This file checks the arguments as Linux does and hands the call to one of two implementations
 * (futex.h), chosen once when the module starts:
 *
 * - the host's own futex where the host has one (Linux: futex_host.c). A futex is the C library's every
 *   lock and condition variable, so this is what makes a contended mutex or a condition variable cost
 *   what it costs natively: one host system call per wait and per wake, and a waiter that the kernel
 *   wakes directly (the emulation took about twice the host calls and context switches: docs/threads.md);
 * - an emulation on the host's mutexes and condition variables elsewhere (futex_emulated.c), which needs
 *   only POSIX threads. MICROCOSM_FUTEX_EMULATED=1 in the environment chooses it on Linux too, so that the
 *   tests keep it working.
 */
#include <stdlib.h>
#include "futex.h"

static int use_host;

MC_HANDLER(sys_futex)
{
    const int32_t *address = (const int32_t *)a;
    intptr_t op = b;
    int32_t value = (int32_t)c;
    const struct linux_timespec *timeout = (const struct linux_timespec *)d;
    uint32_t bitset = (uint32_t)f;
    int command = (int)(op & LINUX_FUTEX_CMD_MASK);
    int realtime = (op & LINUX_FUTEX_CLOCK_REALTIME) != 0;
    int shared = (op & LINUX_FUTEX_PRIVATE_FLAG) == 0;

    if (((uintptr_t)address & 3) != 0) return -LINUX_EINVAL;
    switch (command) {
    case LINUX_FUTEX_WAIT:
    case LINUX_FUTEX_WAIT_BITSET: {
        clockid_t clock = realtime ? CLOCK_REALTIME : CLOCK_MONOTONIC;
        int64_t deadline = INT64_MAX;
        if (timeout != NULL) {
            struct linux_timespec given;
            if (LX_COPY_IN(given, timeout) != 0) return -LINUX_EFAULT;
            int64_t ns = lx_timespec_ns(&given);
            if (ns < 0) return -LINUX_EINVAL;
            /* FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's is absolute on the clock. */
            deadline = command == LINUX_FUTEX_WAIT ? lx_add_ns(lx_clock_ns(clock), ns) : ns;
        }
        if (command == LINUX_FUTEX_WAIT) bitset = LINUX_FUTEX_BITSET_MATCH_ANY;
        if (bitset == 0) return -LINUX_EINVAL;
        /* A word that cannot be read is -EFAULT (each implementation finds out). */
        return use_host ? futex_host_wait(address, value, bitset, shared, clock, deadline)
                        : futex_emulated_wait(address, value, bitset, clock, deadline);
    }
    case LINUX_FUTEX_WAKE:
    case LINUX_FUTEX_WAKE_BITSET:
        if (realtime) return -LINUX_ENOSYS;   /* FUTEX_CLOCK_REALTIME only goes with a wait */
        if (address == NULL) return -LINUX_EFAULT;
        if (command == LINUX_FUTEX_WAKE) bitset = LINUX_FUTEX_BITSET_MATCH_ANY;
        if (bitset == 0) return -LINUX_EINVAL;
        return use_host ? futex_host_wake(address, value, bitset, shared) : futex_emulated_wake(address, value, bitset);
    default:
        /* REQUEUE, CMP_REQUEUE, WAKE_OP, the PI operations and FUTEX_FD are not implemented. */
        return -LINUX_ENOSYS;
    }
}

/* The futex family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry futex_syscalls[] = { MC_FAMILY_futex(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void futex_module_init(void)
{
    const char *emulated = getenv("MICROCOSM_FUTEX_EMULATED");
    use_host = !(emulated && emulated[0] == '1') && futex_host_available();
    if (!use_host) futex_emulated_init();
    MC_REGISTER_TABLE(futex_syscalls);
}
