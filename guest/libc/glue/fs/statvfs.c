/* statvfs.c - file system statistics: statfs/fstatfs are the path and fd modules' syscalls (struct
 * statfs is the syscall's own layout), and statvfs/fstatvfs are made from them as glibc makes them. */
#include "libc_internal.h"
#include <string.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>

int statfs(const char *path, struct statfs *buf) { return (int)SYSCALL(SYS_statfs, path, buf, 0, 0); }
int fstatfs(int fd, struct statfs *buf) { return (int)SYSCALL(SYS_fstatfs, fd, buf, 0, 0); }

#define ST_VALID 0x0020   /* statfs: f_flags is filled in */

static void to_statvfs(const struct statfs *in, struct statvfs *out)
{
    memset(out, 0, sizeof *out);
    out->f_bsize = (unsigned long)in->f_bsize;
    out->f_frsize = (unsigned long)(in->f_frsize ? in->f_frsize : in->f_bsize);
    out->f_blocks = in->f_blocks;
    out->f_bfree = in->f_bfree;
    out->f_bavail = in->f_bavail;
    out->f_files = in->f_files;
    out->f_ffree = in->f_ffree;
    out->f_favail = in->f_ffree;   /* Linux keeps no inodes back for the superuser */
    out->f_fsid = (unsigned long)(unsigned int)in->f_fsid.__val[0] | ((unsigned long)(unsigned int)in->f_fsid.__val[1] << 32);
    out->f_flag = (unsigned long)(in->f_flags & ~ST_VALID);
    out->f_namemax = (unsigned long)in->f_namelen;
}

int statvfs(const char *restrict path, struct statvfs *restrict buf)
{
    struct statfs fs;
    if (statfs(path, &fs) < 0) return -1;
    to_statvfs(&fs, buf);
    return 0;
}

int fstatvfs(int fd, struct statvfs *buf)
{
    struct statfs fs;
    if (fstatfs(fd, &fs) < 0) return -1;
    to_statvfs(&fs, buf);
    return 0;
}
