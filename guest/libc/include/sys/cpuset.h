/* sys/cpuset.h - Microcosm: cpu_set_t and the CPU_* macros as Linux has them (a 1024-bit mask),
 * for sched_getaffinity (included by <sched.h> when _GNU_SOURCE is defined). */
#ifndef _SYS_CPUSET_H_
#define _SYS_CPUSET_H_

#include <stddef.h>

#define CPU_SETSIZE 1024
#define __CPU_BITS  (8 * sizeof(unsigned long))

typedef struct {
    unsigned long __bits[CPU_SETSIZE / __CPU_BITS];
} cpu_set_t;

static __inline int __mc_cpu_count(size_t size, const cpu_set_t *set)
{
    int n = 0;
    for (size_t i = 0; i < size / sizeof(unsigned long); i++) n += __builtin_popcountl(set->__bits[i]);
    return n;
}

#define CPU_ALLOC_SIZE(count) ((((count) + __CPU_BITS - 1) / __CPU_BITS) * sizeof(unsigned long))
#define CPU_ALLOC(count)      ((cpu_set_t *)__builtin_calloc(1, CPU_ALLOC_SIZE(count)))
#define CPU_FREE(set)         __builtin_free(set)

#define CPU_ZERO_S(size, set) ((void)__builtin_memset((set), 0, (size)))
#define CPU_SET_S(cpu, size, set) \
    ((size_t)(cpu) / 8 < (size) ? ((set)->__bits[(size_t)(cpu) / __CPU_BITS] |= 1UL << ((size_t)(cpu) % __CPU_BITS)) : 0)
#define CPU_CLR_S(cpu, size, set) \
    ((size_t)(cpu) / 8 < (size) ? ((set)->__bits[(size_t)(cpu) / __CPU_BITS] &= ~(1UL << ((size_t)(cpu) % __CPU_BITS))) : 0)
#define CPU_ISSET_S(cpu, size, set) \
    ((size_t)(cpu) / 8 < (size) ? (((set)->__bits[(size_t)(cpu) / __CPU_BITS] >> ((size_t)(cpu) % __CPU_BITS)) & 1) != 0 : 0)
#define CPU_COUNT_S(size, set) __mc_cpu_count((size), (set))
#define CPU_EQUAL_S(size, a, b) (__builtin_memcmp((a), (b), (size)) == 0)

#define CPU_ZERO(set)          CPU_ZERO_S(sizeof(cpu_set_t), set)
#define CPU_SET(cpu, set)      CPU_SET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_CLR(cpu, set)      CPU_CLR_S(cpu, sizeof(cpu_set_t), set)
#define CPU_ISSET(cpu, set)    CPU_ISSET_S(cpu, sizeof(cpu_set_t), set)
#define CPU_COUNT(set)         CPU_COUNT_S(sizeof(cpu_set_t), set)
#define CPU_EQUAL(a, b)        CPU_EQUAL_S(sizeof(cpu_set_t), a, b)

#endif
