/* 64 threads register, replace and call syscalls concurrently: each on its own number (where every
 * result is predictable) and all on one shared number (where any registered handler may answer, but
 * never -ENOSYS or garbage). Returns 0 when no call saw a lost or torn entry. */
#include <microcosm.h>

#define THREADS 64
#define ROUNDS 300
#define SHARED 3000

#define HANDLER(name, value) \
    static intptr_t name(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f) \
    { (void)n; (void)b; (void)c; (void)d; (void)e; (void)f; return (value); }
HANDLER(plus_one, a + 1)
HANDLER(plus_two, a + 2)
HANDLER(shared_x, 1000001)
HANDLER(shared_y, 1000002)

static intptr_t worker(intptr_t i)
{
    intptr_t own = 2000 + i;
    for (int r = 0; r < ROUNDS; r++) {
        mc_register(own, plus_one);
        if (mc_syscall(own, r, 0, 0, 0) != r + 1) return 1;
        if (mc_register(own, plus_two) != plus_one) return 2;
        if (mc_syscall(own, r, 0, 0, 0) != r + 2) return 3;
        if (mc_get(own) != plus_two) return 4;
        mc_register(SHARED, (r + i) & 1 ? shared_x : shared_y);
        intptr_t v = mc_syscall(SHARED, 0, 0, 0, 0);
        if (v != 1000001 && v != 1000002) return 5;
        mc_handler_t seen = mc_get(SHARED);
        if (seen != shared_x && seen != shared_y) return 6;
    }
    mc_deregister(own);
    return mc_syscall(own, 0, 0, 0, 0) == -MC_ENOSYS ? 0 : 7;
}

int main(void)
{
    intptr_t tids[THREADS];
    for (int i = 0; i < THREADS; i++) {
        tids[i] = mc_thread_spawn(worker, i, 256 * 1024);
        if (tids[i] <= 0) return 100;
    }
    int failures = 0;
    for (int i = 0; i < THREADS; i++) {
        intptr_t value = -1;
        if (mc_thread_join(tids[i], &value) != 0 || value != 0) failures++;
    }
    return failures;
}
