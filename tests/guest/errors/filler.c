/* The good program with 40 000 non-NUL bytes in its read-only data (after one NUL): BadInputTests
 * points the dynamic string table there to check the loader's bound on the length of a string. */
#include <microcosm.h>

__asm__(".section .rodata\n"
        ".globl filler\n.type filler, @object\n"
        "filler:\n.byte 0\n.fill 40000, 1, 0x41\n.byte 0\n"
        ".size filler, 40002\n.previous");

/* A syscall, so that it needs libmicrocosm.so: a DT_NEEDED name in the string table. */
int main(void) { return mc_syscall(9999, 0, 0, 0, 0) == -MC_ENOSYS ? 0 : 1; }
