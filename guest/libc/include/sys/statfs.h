/* sys/statfs.h - Microcosm: Linux's statfs()/fstatfs(), whose structure is the syscalls' own
 * (x86-64 layout), filled by the standard modules. */
#ifndef _SYS_STATFS_H
#define _SYS_STATFS_H

#include <sys/cdefs.h>
#include <sys/types.h>

typedef struct {
    int __val[2];
} fsid_t;

struct statfs {
    long f_type;              /* file system type (a Linux magic number; 0 when the host has none) */
    long f_bsize;             /* preferred block size */
    fsblkcnt_t f_blocks;      /* in f_frsize units */
    fsblkcnt_t f_bfree;
    fsblkcnt_t f_bavail;
    fsfilcnt_t f_files;
    fsfilcnt_t f_ffree;
    fsid_t f_fsid;
    long f_namelen;
    long f_frsize;
    long f_flags;             /* ST_* mount flags, with ST_VALID (0x20) set */
    long f_spare[4];
};

__BEGIN_DECLS
int statfs(const char *__path, struct statfs *__buf);
int fstatfs(int __fd, struct statfs *__buf);
__END_DECLS

#endif
