/* mc_syscall6 passes six arguments; the C# handler for 1001 returns a weighted sum of them. */
#include <microcosm.h>

int main(void) { return (int)mc_syscall6(1001, 1, 2, 3, 4, 5, 6); }
