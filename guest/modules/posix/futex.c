/* libmc-futex.so: futex (202) - FUTEX_WAIT, FUTEX_WAKE, FUTEX_WAIT_BITSET and FUTEX_WAKE_BITSET,
 * private or shared, built on the host's pthread mutexes and condition variables rather than on a
 * host futex, so that it works on any POSIX host.
 *
 * Waiters queue in one of BUCKETS lists chosen by address. A waiter compares the futex word with the
 * expected value under its bucket's lock, and a waker takes the same lock, so no wake-up is lost
 * between the comparison and the sleep. Each waiter sleeps on its own condition variable (on its
 * stack), so that FUTEX_WAKE wakes exactly the number asked, oldest first.
 *
 * Private and shared futexes are the same here: all guest threads share one address space, and a
 * shared futex is found by its address. (Linux also matches one file page mapped at two addresses,
 * which this does not.)
 */
#include <pthread.h>
#include "posix.h"

#define BUCKETS 256

struct waiter {
    struct waiter *next, *prev;
    const int32_t *address;
    uint32_t bitset;
    int woken;
    pthread_cond_t wake;
};

struct bucket {
    pthread_mutex_t lock;
    struct waiter *head, *tail;
};

static struct bucket buckets[BUCKETS];

static struct bucket *bucket_of(const int32_t *address)
{
    uintptr_t a = (uintptr_t)address >> 2;
    a ^= a >> 17;
    a *= 0x9E3779B97F4A7C15ull;   /* spread neighbouring words over the buckets */
    return &buckets[(a >> 32) % BUCKETS];
}

static void enqueue(struct bucket *b, struct waiter *w)
{
    w->next = NULL;
    w->prev = b->tail;
    if (b->tail) b->tail->next = w; else b->head = w;
    b->tail = w;
}

static void dequeue(struct bucket *b, struct waiter *w)
{
    if (w->prev) w->prev->next = w->next; else b->head = w->next;
    if (w->next) w->next->prev = w->prev; else b->tail = w->prev;
    w->next = w->prev = NULL;
}

/* Waits while *address == expected, until woken or until `deadline` (ns on `clock`; INT64_MAX for
 * none). 0 when woken, -EAGAIN when the value differs, -ETIMEDOUT.
 *
 * The wait is cut into slices: between two, the waiter leaves the queue, releases the lock and passes
 * a checkpoint, where the core ends the thread if it was killed (exit_group from another thread, the
 * end of the program) - with nothing of it left in the queue. If the value changed meanwhile it
 * returns 0, which callers treat as any wake-up: they re-check their condition. */
static intptr_t wait_on(const int32_t *address, int32_t expected, uint32_t bitset, clockid_t clock, int64_t deadline)
{
    struct bucket *b = bucket_of(address);
    struct waiter w = { .address = address, .bitset = bitset };
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, clock);
    pthread_cond_init(&w.wake, &attributes);
    pthread_condattr_destroy(&attributes);

    intptr_t result = 0;
    pthread_mutex_lock(&b->lock);
    if (__atomic_load_n(address, __ATOMIC_SEQ_CST) != expected) {
        result = -LINUX_EAGAIN;
    } else {
        for (;;) {
            enqueue(b, &w);
            int64_t now = lx_clock_ns(clock);
            int64_t until = deadline - now > LX_SLICE_NS ? now + LX_SLICE_NS : deadline;
            struct timespec at = lx_host_timespec(until);
            while (!w.woken && pthread_cond_timedwait(&w.wake, &b->lock, &at) == 0) { }
            if (w.woken) break;                   /* the waker dequeued us */
            dequeue(b, &w);
            if (until == deadline) { result = -LINUX_ETIMEDOUT; break; }
            pthread_mutex_unlock(&b->lock);
            int interrupted = lx_checkpoint_interrupted();   /* syscalls: made holding no lock */
            pthread_mutex_lock(&b->lock);
            if (interrupted) { result = -LINUX_EINTR; break; }
            if (__atomic_load_n(address, __ATOMIC_SEQ_CST) != expected) break;
        }
    }
    pthread_mutex_unlock(&b->lock);
    pthread_cond_destroy(&w.wake);
    return result;
}

/* Wakes up to `count` waiters on `address` whose bitset meets `bitset`; returns how many. As in
 * Linux, a count of 0 or less still wakes one. */
static intptr_t wake(const int32_t *address, int32_t count, uint32_t bitset)
{
    struct bucket *b = bucket_of(address);
    intptr_t woken = 0;
    pthread_mutex_lock(&b->lock);
    for (struct waiter *w = b->head, *next; w != NULL; w = next) {
        next = w->next;
        if (w->address != address || !(w->bitset & bitset)) continue;
        dequeue(b, w);
        w->woken = 1;
        pthread_cond_signal(&w->wake);   /* under the lock: the waiter cannot free it before we are done */
        if (++woken >= count) break;
    }
    pthread_mutex_unlock(&b->lock);
    return woken;
}

MC_HANDLER(sys_futex)
{
    const int32_t *address = (const int32_t *)a;
    intptr_t op = b;
    int32_t value = (int32_t)c;
    const struct linux_timespec *timeout = (const struct linux_timespec *)d;
    uint32_t bitset = (uint32_t)f;
    int command = (int)(op & LINUX_FUTEX_CMD_MASK);
    int realtime = (op & LINUX_FUTEX_CLOCK_REALTIME) != 0;

    if (((uintptr_t)address & 3) != 0) return -LINUX_EINVAL;
    switch (command) {
    case LINUX_FUTEX_WAIT:
    case LINUX_FUTEX_WAIT_BITSET: {
        /* A word that cannot be read is -EFAULT, as on Linux (checked once: a program that unmaps a
         * futex word while it waits on it gets what it asked for). */
        int32_t word;
        if (LX_COPY_IN(word, address) != 0) return -LINUX_EFAULT;
        if (command == LINUX_FUTEX_WAIT) bitset = LINUX_FUTEX_BITSET_MATCH_ANY;
        if (bitset == 0) return -LINUX_EINVAL;
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
        return wait_on(address, value, bitset, clock, deadline);
    }
    case LINUX_FUTEX_WAKE:
    case LINUX_FUTEX_WAKE_BITSET:
        if (realtime) return -LINUX_ENOSYS;   /* FUTEX_CLOCK_REALTIME only goes with a wait */
        if (address == NULL) return -LINUX_EFAULT;
        if (command == LINUX_FUTEX_WAKE) bitset = LINUX_FUTEX_BITSET_MATCH_ANY;
        if (bitset == 0) return -LINUX_EINVAL;
        return wake(address, value, bitset);
    default:
        /* REQUEUE, CMP_REQUEUE, WAKE_OP, the PI operations and FUTEX_FD are not implemented. */
        return -LINUX_ENOSYS;
    }
}

/* The futex family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry futex_syscalls[] = { MC_FAMILY_futex(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void futex_module_init(void)
{
    for (int i = 0; i < BUCKETS; i++) pthread_mutex_init(&buckets[i].lock, NULL);
    MC_REGISTER_TABLE(futex_syscalls);
}
