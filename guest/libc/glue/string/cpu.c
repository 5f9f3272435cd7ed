/* cpu.c - whether the string routines' long loops may use AVX2 (vector.h): the CPU says it has AVX2 (CPUID
 * leaf 7) and the host's kernel saves the AVX state on a switch (OSXSAVE, and XCR0's SSE and AVX bits), which every
 * host Microcosm runs on does on a CPU that has it. Decided once, in a constructor of libc.so's, which runs before
 * the program's own; until then (another library's constructor that copies) the SSE2 loops serve, which are
 * always right. MICROCOSM_LIBC_VECTORS=sse2 in the environment keeps them on SSE2 (docs/libc.md): a way to compare
 * the two, and to test the SSE2 loops on a CPU that has AVX2. */
#include "string/vector.h"
#include <cpuid.h>
#include <string.h>

int __mc_avx2;

static int cpu_has_avx2(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;   /* XCR0: the kernel saves the SSE and AVX state */
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2);
}

__attribute__((constructor(101))) static void choose_vectors(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    static const char knob[] = "MICROCOSM_LIBC_VECTORS=";
    for (char **e = envp; e && *e; e++)
        if (strncmp(*e, knob, sizeof knob - 1) == 0 && strcmp(*e + sizeof knob - 1, "sse2") == 0) return;
    __mc_avx2 = cpu_has_avx2();
}
