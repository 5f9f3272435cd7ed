/* File system statistics, host -> Linux's struct statfs. The figures come from POSIX statvfs; the
 * file system type (a Linux magic number) only from a host that has Linux's statfs, else 0. */
#include <string.h>
#include <sys/statvfs.h>
#if __has_include(<sys/vfs.h>)
#include <sys/vfs.h>
#define HOST_HAS_STATFS 1
#endif
#include "posix.h"

static const struct {
    int64_t lx;
    unsigned long host;
} mount_flags[] = {
    { LINUX_ST_RDONLY, ST_RDONLY },
    { LINUX_ST_NOSUID, ST_NOSUID },
#ifdef ST_NODEV
    { LINUX_ST_NODEV, ST_NODEV },
#endif
#ifdef ST_NOEXEC
    { LINUX_ST_NOEXEC, ST_NOEXEC },
#endif
#ifdef ST_SYNCHRONOUS
    { LINUX_ST_SYNCHRONOUS, ST_SYNCHRONOUS },
#endif
#ifdef ST_MANDLOCK
    { LINUX_ST_MANDLOCK, ST_MANDLOCK },
#endif
#ifdef ST_NOATIME
    { LINUX_ST_NOATIME, ST_NOATIME },
#endif
#ifdef ST_NODIRATIME
    { LINUX_ST_NODIRATIME, ST_NODIRATIME },
#endif
#ifdef ST_RELATIME
    { LINUX_ST_RELATIME, ST_RELATIME },
#endif
};

static void statfs_from_host(struct linux_statfs *out, const struct statvfs *in)
{
    memset(out, 0, sizeof *out);
    out->f_bsize = (int64_t)in->f_bsize;
    out->f_frsize = (int64_t)(in->f_frsize ? in->f_frsize : in->f_bsize);
    out->f_blocks = (uint64_t)in->f_blocks;
    out->f_bfree = (uint64_t)in->f_bfree;
    out->f_bavail = (uint64_t)in->f_bavail;
    out->f_files = (uint64_t)in->f_files;
    out->f_ffree = (uint64_t)in->f_ffree;
    /* glibc makes statvfs's f_fsid from statfs's two words, the first in the low half. */
    uint64_t fsid = (uint64_t)in->f_fsid;
    out->f_fsid[0] = (int32_t)(uint32_t)fsid;
    out->f_fsid[1] = (int32_t)(uint32_t)(fsid >> 32);
    out->f_namelen = (int64_t)in->f_namemax;
    out->f_flags = LINUX_ST_VALID;
    for (size_t i = 0; i < sizeof mount_flags / sizeof mount_flags[0]; i++)
        if (in->f_flag & mount_flags[i].host) out->f_flags |= mount_flags[i].lx;
}

intptr_t lx_fstatfs(int fd, struct linux_statfs *out)
{
    if (out == NULL) return -LINUX_EFAULT;
    struct statvfs host;
    if (fstatvfs(fd, &host) == -1) return -lx_errno(errno);
    statfs_from_host(out, &host);
#ifdef HOST_HAS_STATFS
    struct statfs type;
    if (fstatfs(fd, &type) == 0) out->f_type = (int64_t)type.f_type;
#endif
    return 0;
}

intptr_t lx_statfs(const char *path, struct linux_statfs *out)
{
    if (path == NULL || out == NULL) return -LINUX_EFAULT;
    struct statvfs host;
    if (statvfs(path, &host) == -1) return -lx_errno(errno);
    statfs_from_host(out, &host);
#ifdef HOST_HAS_STATFS
    struct statfs type;
    if (statfs(path, &type) == 0) out->f_type = (int64_t)type.f_type;
#endif
    return 0;
}
