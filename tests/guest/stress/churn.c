/* Stress (StressTests): worker threads spawn, kill and join children while every thread registers,
 * replaces, calls and deregisters syscalls, some at numbers the embedder's C# code changes at the
 * same moment. A call to CHURN_BASE + k may find nothing (-ENOSYS), the C# delegate (10k + 1) or
 * the C# UnmanagedCallersOnly handler (10k + 2): anything else is a lost or torn entry.
 * Argument: rounds per worker (default 10). Returns 0, or a code naming the first failed check. */
#include <microcosm.h>

#define WORKERS 8
#define CHURN_BASE 2000
#define CHURN_COUNT 16
#define OWN_BASE 2100
#define SHARED 2200
#define KILL_VALUE 77

#define HANDLER(name, value) \
    static intptr_t name(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f) \
    { (void)n; (void)b; (void)c; (void)d; (void)e; (void)f; return (value); }
HANDLER(plus_one, a + 1)
HANDLER(plus_two, a + 2)
HANDLER(shared_x, 1000001)
HANDLER(shared_y, 1000002)

static int rounds = 10;

static int churn_ok(intptr_t k, intptr_t v) { return v == -MC_ENOSYS || v == 10 * k + 1 || v == 10 * k + 2; }

/* Calls the numbers C# is changing, then returns 0 (or 1000 + the number that answered wrongly). */
static intptr_t caller(intptr_t seed)
{
    for (intptr_t i = 0; i < 200; i++) {
        intptr_t k = (seed + i) % CHURN_COUNT;
        if (!churn_ok(k, mc_syscall(CHURN_BASE + k, i, 0, 0, 0))) return 1000 + k;
    }
    return 0;
}

/* Calls syscalls until it is killed (its value is then the kill's). */
static intptr_t spinner(intptr_t seed)
{
    for (;;) {
        intptr_t k = seed++ % CHURN_COUNT;
        if (!churn_ok(k, mc_syscall(CHURN_BASE + k, 0, 0, 0, 0))) return 2000 + k;
    }
}

/* Waits in join for a thread that never ends on its own, until it is killed itself. */
static intptr_t joiner(intptr_t target)
{
    intptr_t v;
    mc_thread_join(target, &v);
    return 3000; /* never: the kill ends it inside the join */
}

static intptr_t worker(intptr_t w)
{
    intptr_t own = OWN_BASE + w, v;
    for (int r = 0; r < rounds; r++) {
        mc_register(own, plus_one);
        if (mc_syscall(own, r, 0, 0, 0) != r + 1) return 1;
        if (mc_register(own, plus_two) != plus_one) return 2;
        if (mc_syscall(own, r, 0, 0, 0) != r + 2) return 3;
        mc_register(SHARED, (r + w) & 1 ? shared_x : shared_y);
        v = mc_syscall(SHARED, 0, 0, 0, 0);
        if (v != 1000001 && v != 1000002) return 4;

        intptr_t calls = mc_thread_spawn(caller, w * 31 + r, 64 * 1024);
        intptr_t spins = mc_thread_spawn(spinner, r, 64 * 1024);
        if (calls <= 0 || spins <= 0) return 5;
        intptr_t waits = mc_thread_spawn(joiner, spins, 64 * 1024);
        if (waits <= 0) return 6;
        for (int i = 0; i < 50; i++) mc_syscall(CHURN_BASE, 0, 0, 0, 0);
        if (mc_thread_kill(waits, KILL_VALUE + 1) != 0) return 7;
        if (mc_thread_kill(spins, KILL_VALUE) != 0) return 8;
        if (mc_thread_join(calls, &v) != 0) return 9;
        if (v != 0) return v;
        if (mc_thread_join(waits, &v) != 0 || v != KILL_VALUE + 1) return 10;
        if (mc_thread_join(spins, &v) != 0) return 11;
        if (v != KILL_VALUE) return v >= 2000 ? v : 12;

        mc_deregister(own);
        if (mc_syscall(own, 0, 0, 0, 0) != -MC_ENOSYS) return 13;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        rounds = 0;
        for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++) rounds = rounds * 10 + (*p - '0');
    }
    intptr_t tids[WORKERS];
    for (int i = 0; i < WORKERS; i++) {
        tids[i] = mc_thread_spawn(worker, i, 256 * 1024);
        if (tids[i] <= 0) return 100;
    }
    intptr_t first = 0;
    for (int i = 0; i < WORKERS; i++) {
        intptr_t value = -1;
        if (mc_thread_join(tids[i], &value) != 0) value = 101;
        if (value != 0 && first == 0) first = value;
    }
    return (int)first;
}
