/* Main returns while another thread spins without ever making a syscall. */
#include <microcosm.h>

static intptr_t spin(intptr_t unused)
{
    (void)unused;
    for (volatile unsigned long i = 0;; i++) { }
    return 0;
}

int main(void)
{
    mc_thread_spawn(spin, 0, 0);
    return 3;
}
