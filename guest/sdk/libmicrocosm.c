/* Link-time stand-in for the core's built-in libmicrocosm.so. Programs link against this so that
 * their references to mc_syscall (and mc_copy_checked) become dynamic; at load time the core binds them to its own
 * dispatcher and this file is never loaded. */
#include <microcosm.h>

intptr_t mc_syscall(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d)
{
    (void)num; (void)a; (void)b; (void)c; (void)d;
    return -MC_ENOSYS;
}

intptr_t mc_syscall6(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    (void)num; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f;
    return -MC_ENOSYS;
}

intptr_t mc_copy_checked(void *dst, const void *src, size_t n)
{
    (void)dst; (void)src; (void)n;
    return -MC_ENOSYS;
}

/* The general-dynamic TLS model's lookup (docs/abi.md, "Thread-local storage"): the core emits it per instance. */
void *__tls_get_addr(void *index)
{
    (void)index;
    return 0;
}
