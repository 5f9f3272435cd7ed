/* Tests of libmc-futex.so: wake-ups between threads (private and shared, with bitsets), timeouts,
 * the value check, errors, kills and signals reaching a waiter, and a futex-based mutex under contention. */
#include <linux/futex.h>
#include "check.h"

static long futex(int32_t *word, int op, int32_t value, const struct timespec *timeout, uint32_t bitset)
{
    return sys(__NR_futex, word, op, value, timeout, 0, bitset);
}

static int32_t word;
static volatile int started;

static intptr_t waiter(intptr_t op)
{
    started = 1;
    return futex(&word, (int)op, 0, 0, (uint32_t)(op >> 32));
}

/* Wakes one waiter on `word` with `op`, retrying until one was waiting (so the wake-up is known to
 * have reached a sleeping thread, not one still on its way). Returns how many tries it took. */
static long wake_one(int op, uint32_t bitset)
{
    long tries = 0;
    while (futex(&word, op, 1, 0, bitset) != 1) {
        struct timespec d = { 0, 1000000 };
        sys(__NR_nanosleep, &d, 0);
        if (++tries > 10000) return -1;
    }
    return tries;
}

/* wake: a thread waits; main wakes it - FUTEX_WAIT/WAKE private and shared, and with bitsets. */
static int wake(int argc, char **argv)
{
    const int ops[] = { FUTEX_WAIT_PRIVATE, FUTEX_WAIT };
    for (int i = 0; i < 2; i++) {
        word = 0;
        long tid = mc_thread_spawn(waiter, ops[i], 0);
        CHECK(tid > 0);
        CHECK(wake_one(i == 0 ? FUTEX_WAKE_PRIVATE : FUTEX_WAKE, 0) >= 0);
        intptr_t result = -1;
        CHECK_EQ(mc_thread_join(tid, &result), 0);
        CHECK_EQ(result, 0);                                          /* woken */
    }

    /* bitsets: a waiter on bit 2 is not woken through bit 1 */
    word = 0;
    long tid = mc_thread_spawn(waiter, FUTEX_WAIT_BITSET_PRIVATE | (2L << 32), 0);
    while (!started) sys(__NR_sched_yield);
    for (int i = 0; i < 50; i++) {
        CHECK_EQ(futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, 1), 0);
        sys(__NR_sched_yield);
    }
    CHECK(wake_one(FUTEX_WAKE_BITSET_PRIVATE, 2 | 4) >= 0);
    intptr_t result = -1;
    CHECK_EQ(mc_thread_join(tid, &result), 0);
    CHECK_EQ(result, 0);

    /* nobody waiting: 0 woken; the value differs: EAGAIN at once */
    CHECK_EQ(futex(&word, FUTEX_WAKE_PRIVATE, 1, 0, 0), 0);
    word = 5;
    CHECK_EQ(futex(&word, FUTEX_WAIT_PRIVATE, 4, 0, 0), -EAGAIN);
    return 0;
}

/* Many waiters: FUTEX_WAKE with a count wakes that many, INT_MAX wakes the rest. */
static int32_t counter;

static intptr_t counted_waiter(intptr_t unused)
{
    long r = futex(&word, FUTEX_WAIT_PRIVATE, 0, 0, 0);
    __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
    return r;
}

static int wakemany(int argc, char **argv)
{
    enum { N = 8 };
    long tids[N];
    word = 0;
    for (int i = 0; i < N; i++) tids[i] = mc_thread_spawn(counted_waiter, 0, 0);
    /* wake 3 once all 8 are asleep: retry until a wake finds someone, counting every wake-up */
    long woken = 0;
    for (long tries = 0; woken < 3 && tries < 100000; tries++) {
        woken += futex(&word, FUTEX_WAKE_PRIVATE, (int32_t)(3 - woken), 0, 0);
        if (woken < 3) sys(__NR_sched_yield);
    }
    CHECK_EQ(woken, 3);
    /* the three run on (however loaded the machine), and no fourth follows them */
    struct timespec d = { 0, 1000000 };
    for (int i = 0; i < 10000 && __atomic_load_n(&counter, __ATOMIC_SEQ_CST) < 3; i++) sys(__NR_nanosleep, &d, 0);
    d.tv_nsec = 100000000;
    sys(__NR_nanosleep, &d, 0);
    CHECK_EQ(__atomic_load_n(&counter, __ATOMIC_SEQ_CST), 3);
    while (woken < N) woken += futex(&word, FUTEX_WAKE_PRIVATE, 0x7fffffff, 0, 0);
    CHECK_EQ(woken, N);
    for (int i = 0; i < N; i++) {
        intptr_t r = -1;
        CHECK_EQ(mc_thread_join(tids[i], &r), 0);
        CHECK_EQ(r, 0);
    }
    CHECK_EQ(counter, N);
    return 0;
}

/* timeout: a relative FUTEX_WAIT timeout, an absolute FUTEX_WAIT_BITSET one on both clocks, and the
 * errors of the arguments. */
static int timeout(int argc, char **argv)
{
    word = 0;
    struct timespec rel = { 0, 150000000 };
    long start = now_ns(CLOCK_MONOTONIC);
    CHECK_EQ(futex(&word, FUTEX_WAIT_PRIVATE, 0, &rel, 0), -ETIMEDOUT);
    long took = now_ns(CLOCK_MONOTONIC) - start;
    CHECK(took >= 150000000L);
    CHECK(took < 5000000000L);

    long until = now_ns(CLOCK_MONOTONIC) + 80000000L;
    struct timespec at = { until / 1000000000L, until % 1000000000L };
    CHECK_EQ(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, &at, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
    CHECK(now_ns(CLOCK_MONOTONIC) >= until);
    until = now_ns(CLOCK_REALTIME) + 80000000L;
    at.tv_sec = until / 1000000000L;
    at.tv_nsec = until % 1000000000L;
    CHECK_EQ(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &at, FUTEX_BITSET_MATCH_ANY), -ETIMEDOUT);
    CHECK(now_ns(CLOCK_REALTIME) >= until);
    struct timespec zero = { 0, 0 };
    CHECK_EQ(futex(&word, FUTEX_WAIT, 0, &zero, 0), -ETIMEDOUT);

    /* errors */
    struct timespec bad = { 0, 1000000000 };
    CHECK_EQ(futex(&word, FUTEX_WAIT_PRIVATE, 0, &bad, 0), -EINVAL);
    CHECK_EQ(futex((int32_t *)((char *)&word + 1), FUTEX_WAIT_PRIVATE, 0, 0, 0), -EINVAL);   /* unaligned */
    CHECK_EQ(futex(&word, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, 0), -EINVAL);                    /* empty bitset */
    CHECK_EQ(futex(&word, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, 0), -EINVAL);
    CHECK_EQ(futex(&word, FUTEX_CMP_REQUEUE_PI, 1, 0, 0), -ENOSYS);
    CHECK_EQ(futex(&word, 99, 1, 0, 0), -ENOSYS);
    return 0;
}

/* ---- a thread asleep in a wait that nothing wakes ------------------------------------------------- */

static int32_t untouched;
static int32_t asleep;

/* Waits on `untouched` (0, and never woken) with `op`; a realtime one until an hour from now. */
static intptr_t sleeper(intptr_t op)
{
    long in_an_hour = now_ns(CLOCK_REALTIME) + 3600L * 1000000000L;
    struct timespec at = { in_an_hour / 1000000000L, in_an_hour % 1000000000L };
    __atomic_store_n(&asleep, 1, __ATOMIC_SEQ_CST);
    return futex(&untouched, (int)op, 0, (op & FUTEX_CLOCK_REALTIME) ? &at : 0, FUTEX_BITSET_MATCH_ANY);
}

/* Starts a sleeper and gives it time to fall asleep (if it has not, what reaches it reaches it at its call). */
static long start_sleeper(int op)
{
    __atomic_store_n(&asleep, 0, __ATOMIC_SEQ_CST);
    long tid = mc_thread_spawn(sleeper, op, 0);
    while (tid > 0 && !__atomic_load_n(&asleep, __ATOMIC_SEQ_CST)) sys(__NR_sched_yield);
    struct timespec d = { 0, 20000000 };
    sys(__NR_nanosleep, &d, 0);
    return tid;
}

/* interrupted: what must reach a thread asleep in a futex wait does. On Linux the wait sleeps in the host's
 * futex, where only the core's interruption reaches it (the module's slices only if the interruption is
 * lost): a signal for the thread (core syscall -13, as the C library sends one) ends the wait with -EINTR,
 * the word unchanged, and a kill ends the thread with the kill's value. Neither wait ever ends otherwise,
 * so a thread not reached would hang its join. */
static int interrupted(int argc, char **argv)
{
    const int ops[] = { FUTEX_WAIT_PRIVATE, FUTEX_WAIT, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME };
    for (int i = 0; i < 3; i++) {
        long tid = start_sleeper(ops[i]);
        CHECK(tid > 0);
        CHECK_EQ(mc_syscall(MC_SYS_INTERRUPT, tid, 0, 0, 0), 0);
        intptr_t result = 0;
        CHECK_EQ(mc_thread_join(tid, &result), 0);
        CHECK_EQ(result, -EINTR);

        tid = start_sleeper(ops[i]);
        CHECK(tid > 0);
        CHECK_EQ(mc_thread_kill(tid, 40 + i), 0);
        CHECK_EQ(mc_thread_join(tid, &result), 0);
        CHECK_EQ(result, 40 + i);
    }
    CHECK_EQ(untouched, 0);
    return 0;
}

/* alarms: a signal or a kill sent while the thread is on its way into the wait - before its call, between the
 * module's checks and its sleep, or asleep - reaches it all the same, at once. Each round starts a sleeper and
 * sends at a different moment: at once (before the thread runs), or from a few to a few hundred nanoseconds
 * after the thread says it is about to call the wait (a spin of up to 480 iterations). On a Linux
 * host with futex_waitv the wait has no slices: one signal lost in the window would hang its join for ever, and
 * the test's harness would time it out. */
static int alarms(int argc, char **argv)
{
    enum { ROUNDS_EACH = 150 };
    for (int i = 0; i < 2 * ROUNDS_EACH; i++) {
        __atomic_store_n(&asleep, 0, __ATOMIC_SEQ_CST);
        long tid = mc_thread_spawn(sleeper, FUTEX_WAIT_PRIVATE, 0);
        CHECK(tid > 0);
        while (i % 25 != 0 && !__atomic_load_n(&asleep, __ATOMIC_SEQ_CST)) {
        }
        for (volatile int spin = 0; spin < (i % 25) * 20; spin++) {
        }
        intptr_t result = 0;
        if (i % 2 == 0) {
            CHECK_EQ(mc_syscall(MC_SYS_INTERRUPT, tid, 0, 0, 0), 0);
            CHECK_EQ(mc_thread_join(tid, &result), 0);
            CHECK_EQ(result, -EINTR);
        } else {
            CHECK_EQ(mc_thread_kill(tid, 7), 0);
            CHECK_EQ(mc_thread_join(tid, &result), 0);
            CHECK_EQ(result, 7);
        }
    }
    CHECK_EQ(untouched, 0);
    return 0;
}

/* ---- a mutex (0 free, 1 locked, 2 locked with waiters), the classic futex protocol ----------------- */

static int32_t lock_word;
static long shared_total;

static void lock(void)
{
    int32_t c = 0;
    if (__atomic_compare_exchange_n(&lock_word, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) return;
    if (c != 2) c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        futex(&lock_word, FUTEX_WAIT_PRIVATE, 2, 0, 0);
        c = __atomic_exchange_n(&lock_word, 2, __ATOMIC_ACQUIRE);
    }
}

static void unlock(void)
{
    if (__atomic_fetch_sub(&lock_word, 1, __ATOMIC_RELEASE) != 1) {
        __atomic_store_n(&lock_word, 0, __ATOMIC_RELEASE);
        futex(&lock_word, FUTEX_WAKE_PRIVATE, 1, 0, 0);
    }
}

#define ROUNDS 20000

static intptr_t contender(intptr_t unused)
{
    for (int i = 0; i < ROUNDS; i++) {
        lock();
        long v = shared_total;
        if ((i & 63) == 0) sys(__NR_sched_yield);         /* hold the lock across a yield sometimes */
        shared_total = v + 1;
        unlock();
    }
    return 0;
}

/* mutex: four threads increment a counter under the futex mutex; no increment (and no wake-up) is lost. */
static int mutex(int argc, char **argv)
{
    enum { T = 4 };
    long tids[T];
    for (int i = 0; i < T; i++) CHECK((tids[i] = mc_thread_spawn(contender, 0, 0)) > 0);
    for (int i = 0; i < T; i++) CHECK_EQ(mc_thread_join(tids[i], 0), 0);
    CHECK_EQ(shared_total, (long)T * ROUNDS);
    CHECK_EQ(lock_word, 0);
    return 0;
}

const struct test tests[] = {
    { "wake", wake },
    { "wakemany", wakemany },
    { "timeout", timeout },
    { "interrupted", interrupted },
    { "alarms", alarms },
    { "mutex", mutex },
    { 0, 0 },
};
