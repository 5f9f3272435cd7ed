/* Ends with the raw exit system call (the instruction, not syscall 60 through mc_syscall), which ends
 * only the calling host thread, with status 37:
 *   rawexit            on the main thread, its only thread
 *   rawexit threads    on the main thread while another thread waits in a join (it is killed)
 * A run that gets past the exit returns 100. */
#include <microcosm.h>

static void raw_exit(int status)
{
    __asm__ volatile("syscall" : : "a"(60), "D"(status) : "rcx", "r11", "memory");
}

static volatile intptr_t never;
static intptr_t waits(intptr_t unused) { (void)unused; return mc_thread_join(never, 0); }
static intptr_t spins(intptr_t unused) { (void)unused; for (;;) mc_thread_self(); return 0; }

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 1) {
        never = mc_thread_spawn(spins, 0, 0);
        mc_thread_spawn(waits, 0, 0);
    }
    raw_exit(37);
    return 100;
}
