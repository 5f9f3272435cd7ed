/* Depends on a guest library (libdep.so, through DT_RUNPATH $ORIGIN), a host library
 * (libhost_libc.so.6) and the built-in libmicrocosm.so: what `inspect` shows for each. */
#include <microcosm.h>

int dep_value(void);
int getpid(void);

int main(void)
{
    return dep_value() + (getpid() > 0) + (mc_syscall(4003, 0, 0, 0, 0) == -MC_ENOSYS);
}
