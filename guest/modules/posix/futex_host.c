/* futex_host.c (in libmc-futex.so): futexes on the host's futex system call, where the host is Linux.
 *
 * A guest's futex word is a word of the host process, so the host's futex serves it as it is: the kernel
 * compares and sleeps atomically, wakes exactly the number asked, honours the bitsets and the clocks, and
 * tells private from shared futexes as it does for a native program (a shared one is also matched through
 * a file page mapped twice).
 *
 * What the module adds is the kill. A killed thread ends at a syscall (docs/threads.md), and one asleep in
 * the host's futex makes none; the core interrupts it with its interrupt signal, installed without
 * SA_RESTART, so the wait fails with EINTR. The wait then passes a checkpoint, where the thread ends if it
 * was killed, and returns -EINTR if it was interrupted for a signal (core syscall -13: the C library then
 * runs the handler or acts on a cancellation), or else waits again. A signal that lands after the
 * dispatcher's check for kills but before the host call sleeps interrupts nothing, so the wait also goes
 * in slices of LX_SLICE_NS with the checkpoint between two, as every blocking call of the modules does:
 * the interruption makes a kill act at once, the slices within one slice if the interruption was lost.
 */
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "futex.h"

/* The host's futex (LINUX_SYS_futex: the module runs it only on Linux): its result, or -errno (the host's). */
static long host_futex(const int32_t *address, int op, int32_t value, const struct timespec *timeout, uint32_t bitset)
{
    long r = syscall(LINUX_SYS_futex, address, op, value, timeout, NULL, bitset);
    return r == -1 ? -errno : r;
}

int futex_host_available(void)
{
    struct utsname host;
    if (uname(&host) != 0 || strcmp(host.sysname, "Linux") != 0) return 0;   /* elsewhere the number is another call */
    int32_t probe = 0;
    /* A kernel built without futexes says ENOSYS. */
    return host_futex(&probe, LINUX_FUTEX_WAKE | LINUX_FUTEX_PRIVATE_FLAG, 1, NULL, 0) == 0;
}

intptr_t futex_host_wait(const int32_t *address, int32_t expected, uint32_t bitset, int shared, clockid_t clock, int64_t deadline)
{
    /* WAIT_BITSET whatever the guest asked: its timeout is absolute, so a slice ends at the same time
     * however late the call starts, and FUTEX_WAIT is WAIT_BITSET with every bit (Linux). */
    int op = LINUX_FUTEX_WAIT_BITSET | (shared ? 0 : LINUX_FUTEX_PRIVATE_FLAG)
           | (clock == CLOCK_REALTIME ? LINUX_FUTEX_CLOCK_REALTIME : 0);
    for (int first = 1;; first = 0) {
        int64_t now = lx_clock_ns(clock);
        int64_t until = deadline - now > LX_SLICE_NS ? now + LX_SLICE_NS : deadline;
        struct timespec at = lx_host_timespec(until);
        long r = host_futex(address, op, expected, &at, bitset);
        if (r >= 0) return 0;
        /* The word differs: at once, -EAGAIN; after a slice or an interruption, it changed while the
         * thread waited, which callers take as any wake-up (they re-check their condition). */
        if (r == -EAGAIN) return first ? -LINUX_EAGAIN : 0;
        if (r == -ETIMEDOUT) {
            if (until == deadline) return -LINUX_ETIMEDOUT;
        } else if (r != -EINTR) {
            return -lx_errno((int)-r);   /* EFAULT: the word cannot be read */
        }
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
    }
}

intptr_t futex_host_wake(const int32_t *address, int32_t count, uint32_t bitset, int shared)
{
    long r = host_futex(address, LINUX_FUTEX_WAKE_BITSET | (shared ? 0 : LINUX_FUTEX_PRIVATE_FLAG), count, NULL, bitset);
    return r < 0 ? -lx_errno((int)-r) : r;
}
