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
 * runs the handler or acts on a cancellation), or else waits again.
 *
 * The signal can be lost: it may land after the thread's last check and before the host call sleeps. The
 * core also counts every kill and signal interruption in the thread's alarms (struct mc_thread_header) and
 * wakes that word, so the wait reads the alarms, passes a checkpoint if they moved since it last did, and
 * sleeps on the guest's word and the alarms at once (futex_waitv, Linux 5.16): an alarm that comes in
 * between makes the kernel refuse to sleep. Where futex_waitv is missing, and for a wait on a bitset (which
 * futex_waitv has not), the wait goes in slices of LX_SLICE_NS with the checkpoint between two, as every
 * other blocking call of the modules does; each slice costs the wait a host timer, about a microsecond.
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

/* futex_waitv's words, the host's: FUTEX2_SIZE_U32 and FUTEX2_PRIVATE their flags (Linux's UAPI). */
#define HOST_FUTEX2_SIZE_U32 0x02
#define HOST_FUTEX2_PRIVATE LINUX_FUTEX_PRIVATE_FLAG
struct host_futex_waitv {
    uint64_t val;
    uint64_t uaddr;
    uint32_t flags;
    uint32_t reserved;
};

static int have_waitv;

/* Whether the host has futex_waitv: a call with no words is EINVAL there, ENOSYS on a kernel before 5.16. */
static int futex_waitv_available(void)
{
    return syscall(LINUX_SYS_futex_waitv, NULL, 0, 0, NULL, 0) == -1 && errno == EINVAL;
}

int futex_host_available(void)
{
    struct utsname host;
    if (uname(&host) != 0 || strcmp(host.sysname, "Linux") != 0) return 0;   /* elsewhere the number is another call */
    int32_t probe = 0;
    /* A kernel built without futexes says ENOSYS. */
    if (host_futex(&probe, LINUX_FUTEX_WAKE | LINUX_FUTEX_PRIVATE_FLAG, 1, NULL, 0) != 0) return 0;
    have_waitv = futex_waitv_available();
    return 1;
}

/* The wait in slices, each a host timer, with the checkpoint between two (the file's comment says when). */
static intptr_t wait_in_slices(const int32_t *address, int32_t expected, uint32_t bitset, int shared, clockid_t clock, int64_t deadline)
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

/* The wait on the word and the thread's alarms at once: no timer but the guest's own deadline. */
static intptr_t wait_with_alarms(struct mc_thread_header *self, const int32_t *address, int32_t expected, int shared,
                                 clockid_t clock, int64_t deadline)
{
    struct timespec at = lx_host_timespec(deadline);
    for (int slept = 0;;) {
        int32_t alarms = __atomic_load_n(&self->alarms, __ATOMIC_SEQ_CST);
        /* An alarm since the last checkpoint: the kill or the signal it stands for is recorded already. */
        if (alarms != self->alarms_seen) {
            self->alarms_seen = alarms;
            if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
        }
        struct host_futex_waitv words[2] = {
            { .val = (uint32_t)expected, .uaddr = (uintptr_t)address,
              .flags = HOST_FUTEX2_SIZE_U32 | (shared ? 0 : HOST_FUTEX2_PRIVATE) },
            { .val = (uint32_t)alarms, .uaddr = (uintptr_t)&self->alarms, .flags = HOST_FUTEX2_SIZE_U32 | HOST_FUTEX2_PRIVATE },
        };
        long r = syscall(LINUX_SYS_futex_waitv, words, 2, 0, deadline == INT64_MAX ? NULL : &at, clock);
        if (r == 0) return 0;       /* woken on the word */
        if (r == 1) {               /* an alarm: checked above */
            slept = 1;
            continue;
        }
        r = -errno;
        if (r == -EAGAIN) {
            /* One of the two differs. The word: at once -EAGAIN, after a sleep it changed meanwhile (as above). */
            if (__atomic_load_n(address, __ATOMIC_SEQ_CST) != expected) return slept ? 0 : -LINUX_EAGAIN;
            continue;
        }
        if (r == -ETIMEDOUT) return -LINUX_ETIMEDOUT;
        if (r != -EINTR) return -lx_errno((int)-r);   /* EFAULT: the word cannot be read */
        slept = 1;   /* a signal: an alarm shows above; one of the host runtime's waits again */
    }
}

intptr_t futex_host_wait(const int32_t *address, int32_t expected, uint32_t bitset, int shared, clockid_t clock, int64_t deadline)
{
    struct mc_thread_header *self = (struct mc_thread_header *)mc_thread_self();   /* also a checkpoint */
    /* A host thread that is not one of the instance's (self NULL) has no alarms; no kill or signal reaches it. */
    if (have_waitv && bitset == LINUX_FUTEX_BITSET_MATCH_ANY && self != NULL)
        return wait_with_alarms(self, address, expected, shared, clock, deadline);
    return wait_in_slices(address, expected, bitset, shared, clock, deadline);
}

intptr_t futex_host_wake(const int32_t *address, int32_t count, uint32_t bitset, int shared)
{
    long r = host_futex(address, LINUX_FUTEX_WAKE_BITSET | (shared ? 0 : LINUX_FUTEX_PRIVATE_FLAG), count, NULL, bitset);
    return r < 0 ? -lx_errno((int)-r) : r;
}
