/* Guest and C# calling each other, with the thread ending in the middle. The C# test registers:
 *   1003: calls 1002 through the table, then (if it ever continues) records that it did;
 *   1004: calls 1005 through the table, the same way.
 * Guest handlers: 1002 ends the thread with 77; 1005 calls 1003 (so: guest -> C# -> guest -> C# ->
 * guest -> exit, two boundaries deep); 1007 loops making syscalls until killed from outside, called
 * from 1006 (C#). */
#include <microcosm.h>

static intptr_t ends_thread(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)b; (void)c; (void)d; (void)e; (void)f;
    mc_thread_exit(a);
    return -1;
}

static intptr_t calls_csharp(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)b; (void)c; (void)d; (void)e; (void)f;
    return mc_syscall(1003, a + 1, 0, 0, 0) + 1000;
}

static intptr_t loops(intptr_t n, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)n; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
    while (mc_get(0) != (mc_handler_t)1) { }
    return 0;
}

static volatile int started;
static intptr_t one_deep(intptr_t arg) { return mc_syscall(1003, arg, 0, 0, 0) + 1000; }
static intptr_t two_deep(intptr_t arg) { return mc_syscall(1004, arg, 0, 0, 0) + 1000; }
static intptr_t killed_inside(intptr_t arg) { started = 1; return mc_syscall(1006, arg, 0, 0, 0) + 1000; }

int main(void)
{
    mc_register(1002, ends_thread);
    mc_register(1005, calls_csharp);
    mc_register(1007, loops);
    intptr_t v1 = 0, v2 = 0, v3 = 0;
    mc_thread_join(mc_thread_spawn(one_deep, 77, 0), &v1);
    mc_thread_join(mc_thread_spawn(two_deep, 77, 0), &v2);
    intptr_t t = mc_thread_spawn(killed_inside, 0, 0);
    while (!started) mc_get(0);
    for (int i = 0; i < 1000; i++) mc_get(0);
    mc_thread_kill(t, 55);
    mc_thread_join(t, &v3);
    return v1 == 77 && v2 == 78 && v3 == 55 ? 0 : (int)(v1 + 256 * v2 + 65536 * v3);
}
