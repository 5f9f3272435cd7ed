/* A libc's exit() from a thread other than main: kill(1, status), then kill(0, status). The program's
 * status is the thread's; main is waiting in join when it happens. */
#include <microcosm.h>

static intptr_t exits_process(intptr_t status)
{
    mc_thread_kill(1, status);
    mc_thread_exit(status);
    return -1;
}

int main(void)
{
    intptr_t tid = mc_thread_spawn(exits_process, 5, 0), v;
    mc_thread_join(tid, &v);
    return 99;   /* never reached: main was killed while it waited */
}
