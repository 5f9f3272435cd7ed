/* Uses the C# key-value module (examples/csharp-module): put, get, overwrite, delete, errors (a bad
 * pointer is -EFAULT, never a fault in the host). */
#include <microcosm.h>

#define KV_PUT 4096
#define KV_GET 4097
#define KV_DELETE 4098

static int same(const char *a, const char *b, long n) { for (long i = 0; i < n; i++) if (a[i] != b[i]) return 0; return 1; }

int main(void)
{
    char buffer[16];
    if (mc_syscall(KV_PUT, (intptr_t)"greeting", (intptr_t)"hello", 5, 0) != 0) return 1;
    if (mc_syscall(KV_GET, (intptr_t)"greeting", (intptr_t)buffer, sizeof buffer, 0) != 5 || !same(buffer, "hello", 5)) return 2;
    mc_syscall(KV_PUT, (intptr_t)"greeting", (intptr_t)"bonjour", 7, 0);
    if (mc_syscall(KV_GET, (intptr_t)"greeting", (intptr_t)buffer, 3, 0) != 7 || !same(buffer, "bon", 3)) return 3;
    if (mc_syscall(KV_DELETE, (intptr_t)"greeting", 0, 0, 0) != 0) return 4;
    if (mc_syscall(KV_GET, (intptr_t)"greeting", (intptr_t)buffer, sizeof buffer, 0) != -2) return 5;   /* ENOENT */
    if (mc_syscall(KV_PUT, (intptr_t)"", (intptr_t)"x", 1, 0) != -22) return 6;                        /* EINVAL */
    if (mc_syscall(KV_PUT, 0, (intptr_t)"x", 1, 0) != -14) return 7;                                   /* EFAULT */
    if (mc_syscall(KV_PUT, 1, (intptr_t)"x", 1, 0) != -14) return 8;                                   /* a bad key */
    if (mc_syscall(KV_PUT, (intptr_t)"k", 1, 1, 0) != -14) return 9;                                   /* a bad value */
    mc_syscall(KV_PUT, (intptr_t)"k", (intptr_t)"v", 1, 0);
    if (mc_syscall(KV_GET, (intptr_t)"k", 1, 1, 0) != -14) return 10;                                  /* a bad buffer */
    return 0;
}
