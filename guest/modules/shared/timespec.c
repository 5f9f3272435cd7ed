/* Guest timespecs (module.h). */
#include "module.h"

int64_t lx_timespec_ns(const struct linux_timespec *t)
{
    if (t->tv_sec < 0 || t->tv_nsec < 0 || t->tv_nsec >= LX_NSEC_PER_SEC) return -1;
    if (t->tv_sec > (INT64_MAX - t->tv_nsec) / LX_NSEC_PER_SEC) return INT64_MAX;
    return t->tv_sec * LX_NSEC_PER_SEC + t->tv_nsec;
}
