/* sys/statvfs.h - Microcosm: POSIX file system statistics (glue/fs/statvfs.c, from Linux's statfs). */
#ifndef _SYS_STATVFS_H
#define _SYS_STATVFS_H

#include <sys/cdefs.h>
#include <sys/types.h>

struct statvfs {
    unsigned long f_bsize;    /* preferred block size */
    unsigned long f_frsize;   /* fundamental block size: the unit of f_blocks, f_bfree, f_bavail */
    fsblkcnt_t f_blocks;
    fsblkcnt_t f_bfree;
    fsblkcnt_t f_bavail;      /* free for unprivileged users */
    fsfilcnt_t f_files;
    fsfilcnt_t f_ffree;
    fsfilcnt_t f_favail;
    unsigned long f_fsid;
    unsigned long f_flag;     /* ST_* */
    unsigned long f_namemax;
    int __f_spare[6];
};

#define ST_RDONLY      1
#define ST_NOSUID      2
#if __GNU_VISIBLE
#define ST_NODEV       4
#define ST_NOEXEC      8
#define ST_SYNCHRONOUS 16
#define ST_MANDLOCK    64
#define ST_NOATIME     1024
#define ST_NODIRATIME  2048
#define ST_RELATIME    4096
#endif

__BEGIN_DECLS
int statvfs(const char *__restrict __path, struct statvfs *__restrict __buf);
int fstatvfs(int __fd, struct statvfs *__buf);
__END_DECLS

#endif
