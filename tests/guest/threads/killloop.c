/* A thread killed while it loops on syscalls that never enter C#: a module's (getpid, natively
 * dispatched) or the core's native -9 stub. Its join must give the kill's value. Returns 0, or the
 * number of the check that failed. */
#include <microcosm.h>
#include <asm/unistd.h>

static volatile int started;

static intptr_t loops_on_getpid(intptr_t unused)
{
    (void)unused;
    started = 1;
    for (;;) mc_syscall(__NR_getpid, 0, 0, 0, 0);
    return -1;
}

static intptr_t loops_on_self(intptr_t unused)
{
    (void)unused;
    started = 1;
    for (;;) mc_syscall(MC_SYS_THREAD_SELF, 0, 0, 0, 0);
    return -1;
}

static int kill_and_join(mc_thread_fn fn, intptr_t value)
{
    started = 0;
    intptr_t tid = mc_thread_spawn(fn, 0, 0);
    if (tid <= 1) return 1;
    while (!started) { }
    if (mc_thread_kill(tid, value) != 0) return 2;
    intptr_t got = -1;
    if (mc_thread_join(tid, &got) != 0) return 3;
    return got == value ? 0 : 4;
}

int main(void)
{
    for (int i = 0; i < 20; i++) {
        int r = kill_and_join(loops_on_getpid, 98);
        if (r) return 10 + r;
        r = kill_and_join(loops_on_self, 97);
        if (r) return 20 + r;
    }
    return 0;
}
