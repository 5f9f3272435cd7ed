/* futex_emulated.c (in libmc-futex.so): futexes built on the host's pthread mutexes and condition
 * variables rather than on a host futex, so that the module works on a POSIX host without one (futex.c
 * uses the host's futex where there is one: futex_host.c).
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
#include "futex.h"

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

/* Waits while *address == expected, until woken or until `deadline` (futex.h).
 *
 * The wait is cut into slices: between two, the waiter leaves the queue, releases the lock and passes
 * a checkpoint, where the core ends the thread if it was killed (exit_group from another thread, the
 * end of the program) - with nothing of it left in the queue. If the value changed meanwhile it
 * returns 0, which callers treat as any wake-up: they re-check their condition. */
intptr_t futex_emulated_wait(const int32_t *address, int32_t expected, uint32_t bitset, clockid_t clock, int64_t deadline)
{
    /* A word that cannot be read is -EFAULT, as on Linux (checked once: a program that unmaps a futex word
     * while it waits on it gets what it asked for). */
    int32_t word;
    if (LX_COPY_IN(word, address) != 0) return -LINUX_EFAULT;
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
intptr_t futex_emulated_wake(const int32_t *address, int32_t count, uint32_t bitset)
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

void futex_emulated_init(void)
{
    for (int i = 0; i < BUCKETS; i++) pthread_mutex_init(&buckets[i].lock, NULL);
}
