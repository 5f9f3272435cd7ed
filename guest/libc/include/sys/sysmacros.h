/* sys/sysmacros.h - Microcosm: device numbers in Linux's encoding (st_dev and st_rdev are Linux's):
 * 12 bits of major and 20 of minor in the low 32 bits, the rest above. */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#include <sys/types.h>

static __inline unsigned int __mc_major(dev_t dev)
{
    return (unsigned int)(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffU));
}
static __inline unsigned int __mc_minor(dev_t dev)
{
    return (unsigned int)((dev & 0xff) | ((dev >> 12) & ~0xffU));
}
static __inline dev_t __mc_makedev(unsigned int major, unsigned int minor)
{
    return (dev_t)(((unsigned long long)(major & 0xfff) << 8) | ((unsigned long long)(major & ~0xfffU) << 32) |
                   (minor & 0xff) | ((unsigned long long)(minor & ~0xffU) << 12));
}
#define major(dev)        __mc_major(dev)
#define minor(dev)        __mc_minor(dev)
#define makedev(maj, min) __mc_makedev((maj), (min))

#endif
