/* sys/_default_fcntl.h - Microcosm's file control values: Linux x86-64's, because the target ABI's
 * syscalls take Linux's flags, commands and struct flock unchanged (docs/abi.md). Replaces newlib's
 * generic values; the _F* names newlib's own code uses are kept, with the Linux bits. */
#ifndef _SYS__DEFAULT_FCNTL_H_
#define _SYS__DEFAULT_FCNTL_H_
#include <_ansi.h>
#include <sys/cdefs.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define _FOPEN     (-1)
#define _FREAD     0x0001   /* stdio's internal read flag (not an open flag) */
#define _FWRITE    0x0002
#define _FAPPEND   02000
#define _FCREAT    0100
#define _FTRUNC    01000
#define _FEXCL     0200
#define _FSYNC     04010000
#define _FNONBLOCK 04000
#define _FNDELAY   _FNONBLOCK
#define _FNOCTTY   0400
#define _FNOINHERIT 02000000
#define _FDIRECT   040000
#define _FNOFOLLOW 0400000
#define _FDIRECTORY 0200000
#define _FASYNC    020000

#define O_ACCMODE  3
#define O_RDONLY   0
#define O_WRONLY   1
#define O_RDWR     2
#define O_CREAT    0100
#define O_EXCL     0200
#define O_NOCTTY   0400
#define O_TRUNC    01000
#define O_APPEND   02000
#define O_NONBLOCK 04000
#define O_NDELAY   O_NONBLOCK
#define O_DSYNC    010000
#define O_ASYNC    020000
#define O_DIRECT   040000
#define O_LARGEFILE 0
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_NOATIME  01000000
#define O_CLOEXEC  02000000
#define O_SYNC     04010000
#define O_RSYNC    O_SYNC
#define O_PATH     010000000
#define O_TMPFILE  (020000000 | O_DIRECTORY)
#define O_EXEC     O_PATH
#define O_SEARCH   O_PATH

#if __MISC_VISIBLE
#define FAPPEND    O_APPEND
#define FSYNC      O_SYNC
#define FASYNC     O_ASYNC
#define FNONBIO    O_NONBLOCK
#define FNDELAY    O_NONBLOCK
#define FREAD      _FREAD
#define FWRITE     _FWRITE
#define FCREAT     O_CREAT
#define FTRUNC     O_TRUNC
#define FEXCL      O_EXCL
#define FNOCTTY    O_NOCTTY
#endif
#if __BSD_VISIBLE
#define FNONBLOCK  O_NONBLOCK
#endif

#define FD_CLOEXEC 1

#define F_DUPFD    0
#define F_GETFD    1
#define F_SETFD    2
#define F_GETFL    3
#define F_SETFL    4
#define F_GETLK    5
#define F_SETLK    6
#define F_SETLKW   7
#define F_SETOWN   8
#define F_GETOWN   9
#define F_DUPFD_CLOEXEC 1030

#define F_RDLCK    0
#define F_WRLCK    1
#define F_UNLCK    2

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS          0x200
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

#define POSIX_FADV_NORMAL     0
#define POSIX_FADV_RANDOM     1
#define POSIX_FADV_SEQUENTIAL 2
#define POSIX_FADV_WILLNEED   3
#define POSIX_FADV_DONTNEED   4
#define POSIX_FADV_NOREUSE    5

struct flock {
    short l_type;
    short l_whence;
    off_t l_start;
    off_t l_len;
    pid_t l_pid;
};

#include <sys/stat.h> /* the mode bits for open/creat */

extern int open(const char *, int, ...);
#if __ATFILE_VISIBLE
extern int openat(int, const char *, int, ...);
#endif
extern int creat(const char *, mode_t);
extern int fcntl(int, int, ...);
#if __BSD_VISIBLE
extern int flock(int, int);
#endif
#if __GNU_VISIBLE
#include <sys/time.h>
extern int futimesat(int, const char *, const struct timeval *);
#endif
extern int posix_fadvise(int, off_t, off_t, int);
extern int posix_fallocate(int, off_t, off_t);
#if __GNU_VISIBLE
#define FALLOC_FL_KEEP_SIZE  0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
extern int fallocate(int, int, off_t, off_t);
#endif

#ifdef __cplusplus
}
#endif
#endif
