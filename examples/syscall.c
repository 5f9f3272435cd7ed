/* syscall: registers a syscall handler at run time, calls it, replaces it, and removes it. */
#include <stdio.h>
#include <microcosm.h>

#define MY_SYSCALL 1000

static intptr_t add(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)c; (void)d; (void)e; (void)f;
    return a + b;
}

static intptr_t multiply(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)c; (void)d; (void)e; (void)f;
    return a * b;
}

int main(void)
{
    printf("before: %ld (-38 is ENOSYS)\n", (long)mc_syscall(MY_SYSCALL, 6, 7, 0, 0));
    mc_register(MY_SYSCALL, add);
    printf("add: %ld\n", (long)mc_syscall(MY_SYSCALL, 6, 7, 0, 0));
    mc_handler_t previous = mc_register(MY_SYSCALL, multiply);
    printf("multiply: %ld (replaced add: %s)\n", (long)mc_syscall(MY_SYSCALL, 6, 7, 0, 0), previous == add ? "yes" : "no");
    mc_deregister(MY_SYSCALL);
    printf("after: %ld\n", (long)mc_syscall(MY_SYSCALL, 6, 7, 0, 0));
    return 0;
}
