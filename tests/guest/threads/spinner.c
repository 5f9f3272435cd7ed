/* Threads that compute without ever making a syscall (ThreadTests, FaultHost's cancel): with no argument, main
 * returns 3 while another thread spins; with "both", main spins too, after starting the other. */
#include <microcosm.h>

static intptr_t spin(intptr_t unused)
{
    (void)unused;
    for (volatile unsigned long i = 0;; i++) { }
    return 0;
}

int main(int argc, char **argv)
{
    mc_thread_spawn(spin, 0, 0);
    if (argc > 1 && argv[1][0] == 'b') spin(0);
    return 3;
}
