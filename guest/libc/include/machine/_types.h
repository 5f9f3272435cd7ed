/* machine/_types.h - Microcosm's type sizes: those of Linux x86-64 wherever newlib lets a machine
 * choose, so that struct stat, uid/gid and mode values from the standard modules fit unchanged. */
#ifndef _MACHINE__TYPES_H
#define _MACHINE__TYPES_H
#include <machine/_default_types.h>

#define __machine_dev_t_defined
typedef __uint64_t __dev_t;
#define __machine_ino_t_defined
typedef __uint64_t __ino_t;
#define __machine_uid_t_defined
typedef __uint32_t __uid_t;
#define __machine_gid_t_defined
typedef __uint32_t __gid_t;
#define __machine_mode_t_defined
typedef __uint32_t __mode_t;
#define __machine_blksize_t_defined
typedef long __blksize_t;
#define __machine_blkcnt_t_defined
typedef long __blkcnt_t;
#define __machine_fsblkcnt_t_defined
typedef __uint64_t __fsblkcnt_t;
#define __machine_fsfilcnt_t_defined
typedef __uint64_t __fsfilcnt_t;   /* struct statfs's file counts are 64 bits */

#endif
