/* Kill of self and of another thread, kill interrupting a join, and join's errors. Returns 0. */
#include <microcosm.h>

static volatile int after_exit;

static void deep_exit(int depth, intptr_t value)
{
    if (depth == 0) { mc_thread_exit(value); after_exit = 1; return; }
    deep_exit(depth - 1, value);
    after_exit = 2;
}

static intptr_t exits_itself(intptr_t value) { deep_exit(10, value); return -1; }

static intptr_t loops_with_syscalls(intptr_t unused) { (void)unused; while (mc_get(0) != (mc_handler_t)1) { } return 0; }

static volatile intptr_t target;
static volatile int joining;
static intptr_t joins_target(intptr_t unused) { (void)unused; intptr_t v; joining = 1; mc_thread_join(target, &v); return -2; }

int main(void)
{
    intptr_t v = 0;
    intptr_t t = mc_thread_spawn(exits_itself, 7, 0);
    if (mc_thread_join(t, &v) != 0 || v != 7 || after_exit) return 1;

    t = mc_thread_spawn(loops_with_syscalls, 0, 0);
    if (mc_thread_kill(t, 9) != 0) return 2;
    if (mc_thread_join(t, &v) != 0 || v != 9) return 3;

    /* a thread waiting in join is interrupted by kill */
    target = mc_thread_spawn(loops_with_syscalls, 0, 0);
    intptr_t joiner = mc_thread_spawn(joins_target, 0, 0);
    while (!joining) mc_get(0);
    for (int i = 0; i < 20000; i++) mc_get(0);         /* give it time to start waiting */
    if (mc_thread_kill(joiner, 21) != 0) return 4;
    if (mc_thread_join(joiner, &v) != 0 || v != 21) return 5;
    mc_thread_kill(target, 22);
    if (mc_thread_join(target, &v) != 0 || v != 22) return 6;

    /* errors */
    if (mc_thread_join(1, &v) != -35) return 7;         /* EDEADLK: joining oneself */
    if (mc_thread_join(target, &v) != -3) return 8;     /* ESRCH: already joined */
    if (mc_thread_join(99999, &v) != -3) return 9;      /* ESRCH: unknown */
    if (mc_thread_kill(99999, 0) != -3) return 10;
    if (mc_thread_kill(target, 0) != -3) return 11;     /* ended and joined */
    return 0;
}
