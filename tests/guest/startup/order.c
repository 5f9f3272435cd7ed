/* Prints the modules' initializer order and the per-thread counters a module keeps in the thread
 * structure: main counts to 3, a second thread to 2 (its region starts zeroed). */
#include <stdio.h>
#include <microcosm.h>

static intptr_t count_twice(intptr_t arg)
{
    (void)arg;
    mc_syscall(5001, 0, 0, 0, 0);
    return mc_syscall(5001, 0, 0, 0, 0);
}

int main(void)
{
    printf("order %s\n", (const char *)mc_syscall(5000, 0, 0, 0, 0));
    mc_syscall(5001, 0, 0, 0, 0);
    mc_syscall(5001, 0, 0, 0, 0);
    intptr_t mine = mc_syscall(5001, 0, 0, 0, 0), theirs = 0;
    mc_thread_join(mc_thread_spawn(count_twice, 0, 0), &theirs);
    printf("main %ld thread %ld\n", (long)mine, (long)theirs);
    return 0;
}
