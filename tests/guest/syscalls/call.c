/* Returns whatever syscall 1000 returns for (20, 22): the test registers the handler from C#. */
#include <microcosm.h>

int main(void) { return (int)mc_syscall(1000, 20, 22, 0, 0); }
