/* Acceptance scenario, middle: formats with the host's snprintf, uses the store through syscalls. */
#include <microcosm.h>
#include <stdio.h>

int acc_leaf_depth(void);

int acc_mid_depth(void) { return acc_leaf_depth() + 1; }
int acc_mid_format(char *buffer, size_t size, const char *what, double value) { return snprintf(buffer, size, "%s = %.4f", what, value); }
intptr_t acc_mid_store(intptr_t value) { return mc_syscall(3000, 0, value, 0, 0); }
intptr_t acc_mid_load(void) { return mc_syscall(3000, 1, 0, 0, 0); }
