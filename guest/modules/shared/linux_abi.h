/* linux_abi.h - the Linux x86-64 ABI as guest programs see it: flags and structure layouts of the
 * syscalls the standard modules implement, and (generated from abi/) errno values and syscall numbers.
 *
 * Private to the modules. Everything is prefixed (LINUX_, struct linux_...) so that it can sit beside
 * the host's own headers: the modules translate between the two, and on a non-Linux host the host
 * values differ from these. abi_check.c verifies this file against the kernel's UAPI headers when
 * the modules are built on Linux.
 */
#ifndef MC_LINUX_ABI_H
#define MC_LINUX_ABI_H

#include <stdint.h>

/* ---- errno values and syscall numbers: generated from abi/errno.tsv and abi/syscalls.tsv ------------ */

#include "linux_errno.h"      /* LINUX_EPERM ... */
#include "linux_syscalls.h"   /* LINUX_SYS_read ... (Microcosm's own numbers are <microcosm.h>'s MC_SYS_*) */
#include "linux_signals.h"    /* LINUX_SIGHUP ..., LINUX_SIGNALS_STOP ... (abi/signals.tsv) */

/* ---- open(2) and fcntl(2) (asm-generic/fcntl.h; octal as there) -------------------------------- */
#define LINUX_O_ACCMODE   00000003
#define LINUX_O_RDONLY    00000000
#define LINUX_O_WRONLY    00000001
#define LINUX_O_RDWR      00000002
#define LINUX_O_CREAT     00000100
#define LINUX_O_EXCL      00000200
#define LINUX_O_NOCTTY    00000400
#define LINUX_O_TRUNC     00001000
#define LINUX_O_APPEND    00002000
#define LINUX_O_NONBLOCK  00004000
#define LINUX_O_DSYNC     00010000
#define LINUX_O_ASYNC     00020000
#define LINUX_O_DIRECT    00040000
#define LINUX_O_LARGEFILE 00100000
#define LINUX_O_DIRECTORY 00200000
#define LINUX_O_NOFOLLOW  00400000
#define LINUX_O_NOATIME   01000000
#define LINUX_O_CLOEXEC   02000000
#define LINUX___O_SYNC    04000000
#define LINUX_O_SYNC      (LINUX___O_SYNC | LINUX_O_DSYNC)
#define LINUX_O_PATH      010000000
#define LINUX___O_TMPFILE 020000000
#define LINUX_O_TMPFILE   (LINUX___O_TMPFILE | LINUX_O_DIRECTORY)

#define LINUX_F_DUPFD         0
#define LINUX_F_GETFD         1
#define LINUX_F_SETFD         2
#define LINUX_F_GETFL         3
#define LINUX_F_SETFL         4
#define LINUX_F_GETLK         5
#define LINUX_F_SETLK         6
#define LINUX_F_SETLKW        7
#define LINUX_F_DUPFD_CLOEXEC 1030
#define LINUX_F_SETOWN        8
#define LINUX_F_GETOWN        9
#define LINUX_FD_CLOEXEC      1

#define LINUX_F_RDLCK 0
#define LINUX_F_WRLCK 1
#define LINUX_F_UNLCK 2

struct linux_flock {            /* 32 bytes */
    int16_t l_type;
    int16_t l_whence;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
};

#define LINUX_SEEK_SET  0
#define LINUX_SEEK_CUR  1
#define LINUX_SEEK_END  2
#define LINUX_SEEK_DATA 3
#define LINUX_SEEK_HOLE 4

/* ---- *at() (linux/fcntl.h) ----------------------------------------------------------------------- */
#define LINUX_AT_FDCWD            (-100)
#define LINUX_AT_SYMLINK_NOFOLLOW 0x100
#define LINUX_AT_REMOVEDIR        0x200
#define LINUX_AT_EACCESS          0x200   /* faccessat2 only: same bit as AT_REMOVEDIR */
#define LINUX_AT_SYMLINK_FOLLOW   0x400
#define LINUX_AT_NO_AUTOMOUNT     0x800
#define LINUX_AT_EMPTY_PATH       0x1000

#define LINUX_F_OK 0
#define LINUX_X_OK 1
#define LINUX_W_OK 2
#define LINUX_R_OK 4

#define LINUX_UTIME_NOW  ((1l << 30) - 1l)
#define LINUX_UTIME_OMIT ((1l << 30) - 2l)

/* ---- struct stat (asm/stat.h, x86-64) -------------------------------------------------------------- */
#define LINUX_S_IFMT   0170000
#define LINUX_S_IFSOCK 0140000
#define LINUX_S_IFLNK  0120000
#define LINUX_S_IFREG  0100000
#define LINUX_S_IFBLK  0060000
#define LINUX_S_IFDIR  0040000
#define LINUX_S_IFCHR  0020000
#define LINUX_S_IFIFO  0010000

struct linux_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct linux_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

struct linux_timezone {
    int32_t tz_minuteswest;
    int32_t tz_dsttime;
};

struct linux_stat {             /* 144 bytes */
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;          /* before st_mode on x86-64 (unlike the generic layout) */
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t __pad0;
    uint64_t st_rdev;
    int64_t st_size;
    int64_t st_blksize;
    int64_t st_blocks;          /* 512-byte units */
    struct linux_timespec st_atim;
    struct linux_timespec st_mtim;
    struct linux_timespec st_ctim;
    int64_t __unused[3];
};

/* ---- getdents64 -------------------------------------------------------------------------------------- */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;              /* the position after this entry, for lseek */
    uint16_t d_reclen;          /* whole record, padded to 8 bytes */
    uint8_t d_type;
    char d_name[];              /* NUL-terminated */
};

#define LINUX_DT_UNKNOWN 0
#define LINUX_DT_FIFO    1
#define LINUX_DT_CHR     2
#define LINUX_DT_DIR     4
#define LINUX_DT_BLK     6
#define LINUX_DT_REG     8
#define LINUX_DT_LNK     10
#define LINUX_DT_SOCK    12

/* ---- vectors, poll ------------------------------------------------------------------------------------- */
#define LINUX_UIO_MAXIOV 1024
#define LINUX_PATH_MAX 4096       /* a path with its NUL */

struct linux_iovec {
    uint64_t iov_base;          /* a guest pointer */
    uint64_t iov_len;
};

struct linux_pollfd {
    int32_t fd;
    int16_t events;
    int16_t revents;
};

#define LINUX_POLLIN     0x0001
#define LINUX_POLLPRI    0x0002
#define LINUX_POLLOUT    0x0004
#define LINUX_POLLERR    0x0008
#define LINUX_POLLHUP    0x0010
#define LINUX_POLLNVAL   0x0020
#define LINUX_POLLRDNORM 0x0040
#define LINUX_POLLRDBAND 0x0080
#define LINUX_POLLWRNORM 0x0100
#define LINUX_POLLWRBAND 0x0200
#define LINUX_POLLRDHUP  0x2000

/* ---- terminals (asm-generic/ioctls.h, asm-generic/termbits.h) --------------------------------------- */
#define LINUX_TCGETS     0x5401
#define LINUX_TCSETS     0x5402
#define LINUX_TCSETSW    0x5403
#define LINUX_TCSETSF    0x5404
#define LINUX_TIOCGWINSZ 0x5413
#define LINUX_TIOCSWINSZ 0x5414
#define LINUX_FIONREAD   0x541B
#define LINUX_FIONBIO    0x5421
#define LINUX_TCSBRK     0x5409   /* arg 0: send a break; otherwise wait until output is sent (tcdrain) */
#define LINUX_TCXONC     0x540A
#define LINUX_TCFLSH     0x540B
#define LINUX_TIOCGPGRP  0x540F
#define LINUX_TIOCSPGRP  0x5410
#define LINUX_TIOCGSID   0x5429
#define LINUX_TIOCSCTTY  0x540E
#define LINUX_TIOCNOTTY  0x5422
#define LINUX_TIOCGPTN   0x80045430
#define LINUX_TIOCSPTLCK 0x40045431

#define LINUX_TCOOFF    0
#define LINUX_TCOON     1
#define LINUX_TCIOFF    2
#define LINUX_TCION     3
#define LINUX_TCIFLUSH  0
#define LINUX_TCOFLUSH  1
#define LINUX_TCIOFLUSH 2

struct linux_winsize {
    uint16_t ws_row;
    uint16_t ws_col;
    uint16_t ws_xpixel;
    uint16_t ws_ypixel;
};

#define LINUX_NCCS 19
struct linux_termios {          /* the kernel's struct termios (TCGETS), 36 bytes: no speed fields */
    uint32_t c_iflag;
    uint32_t c_oflag;
    uint32_t c_cflag;
    uint32_t c_lflag;
    uint8_t c_line;
    uint8_t c_cc[LINUX_NCCS];
};

/* c_cc indices */
#define LINUX_VINTR    0
#define LINUX_VQUIT    1
#define LINUX_VERASE   2
#define LINUX_VKILL    3
#define LINUX_VEOF     4
#define LINUX_VTIME    5
#define LINUX_VMIN     6
#define LINUX_VSTART   8
#define LINUX_VSTOP    9
#define LINUX_VSUSP    10
#define LINUX_VEOL     11
#define LINUX_VREPRINT 12
#define LINUX_VDISCARD 13
#define LINUX_VWERASE  14
#define LINUX_VLNEXT   15
#define LINUX_VEOL2    16

/* c_iflag */
#define LINUX_IGNBRK  0000001
#define LINUX_BRKINT  0000002
#define LINUX_IGNPAR  0000004
#define LINUX_PARMRK  0000010
#define LINUX_INPCK   0000020
#define LINUX_ISTRIP  0000040
#define LINUX_INLCR   0000100
#define LINUX_IGNCR   0000200
#define LINUX_ICRNL   0000400
#define LINUX_IXON    0002000
#define LINUX_IXANY   0004000
#define LINUX_IXOFF   0010000
#define LINUX_IMAXBEL 0020000
#define LINUX_IUTF8   0040000
/* c_oflag */
#define LINUX_OPOST   0000001
#define LINUX_ONLCR   0000004
#define LINUX_OCRNL   0000010
#define LINUX_ONOCR   0000020
#define LINUX_ONLRET  0000040
/* c_cflag */
#define LINUX_CBAUD   0010017
#define LINUX_CSIZE   0000060
#define LINUX_CS5     0000000
#define LINUX_CS6     0000020
#define LINUX_CS7     0000040
#define LINUX_CS8     0000060
#define LINUX_CSTOPB  0000100
#define LINUX_CREAD   0000200
#define LINUX_PARENB  0000400
#define LINUX_PARODD  0001000
#define LINUX_HUPCL   0002000
#define LINUX_CLOCAL  0004000
/* c_lflag */
#define LINUX_ISIG    0000001
#define LINUX_ICANON  0000002
#define LINUX_ECHO    0000010
#define LINUX_ECHOE   0000020
#define LINUX_ECHOK   0000040
#define LINUX_ECHONL  0000100
#define LINUX_NOFLSH  0000200
#define LINUX_TOSTOP  0000400
#define LINUX_ECHOCTL 0001000
#define LINUX_ECHOKE  0004000
#define LINUX_IEXTEN  0100000

/* ---- memory (asm-generic/mman-common.h, asm/mman.h) -------------------------------------------------- */
#define LINUX_PROT_NONE  0x0
#define LINUX_PROT_READ  0x1
#define LINUX_PROT_WRITE 0x2
#define LINUX_PROT_EXEC  0x4

#define LINUX_MAP_SHARED          0x01
#define LINUX_MAP_PRIVATE         0x02
#define LINUX_MAP_SHARED_VALIDATE 0x03
#define LINUX_MAP_TYPE            0x0f
#define LINUX_MAP_FIXED           0x10
#define LINUX_MAP_ANONYMOUS       0x20
#define LINUX_MAP_32BIT           0x40
#define LINUX_MAP_GROWSDOWN       0x0100
#define LINUX_MAP_DENYWRITE       0x0800
#define LINUX_MAP_EXECUTABLE      0x1000
#define LINUX_MAP_LOCKED          0x2000
#define LINUX_MAP_NORESERVE       0x4000
#define LINUX_MAP_POPULATE        0x8000
#define LINUX_MAP_NONBLOCK        0x10000
#define LINUX_MAP_STACK           0x20000
#define LINUX_MAP_HUGETLB         0x40000
#define LINUX_MAP_FIXED_NOREPLACE 0x100000

#define LINUX_MADV_NORMAL     0
#define LINUX_MADV_RANDOM     1
#define LINUX_MADV_SEQUENTIAL 2
#define LINUX_MADV_WILLNEED   3
#define LINUX_MADV_DONTNEED   4
#define LINUX_MADV_FREE       8
#define LINUX_MADV_REMOVE     9
#define LINUX_MADV_DONTFORK   10
#define LINUX_MADV_DOFORK     11
#define LINUX_MADV_MERGEABLE  12
#define LINUX_MADV_UNMERGEABLE 13
#define LINUX_MADV_HUGEPAGE   14
#define LINUX_MADV_NOHUGEPAGE 15
#define LINUX_MADV_DONTDUMP   16
#define LINUX_MADV_DODUMP     17

#define LINUX_MREMAP_MAYMOVE 1
#define LINUX_MREMAP_FIXED   2

#define LINUX_MS_ASYNC      1
#define LINUX_MS_INVALIDATE 2
#define LINUX_MS_SYNC       4

/* ---- time (linux/time.h) -------------------------------------------------------------------------------- */
#define LINUX_CLOCK_REALTIME           0
#define LINUX_CLOCK_MONOTONIC          1
#define LINUX_CLOCK_PROCESS_CPUTIME_ID 2
#define LINUX_CLOCK_THREAD_CPUTIME_ID  3
#define LINUX_CLOCK_MONOTONIC_RAW      4
#define LINUX_CLOCK_REALTIME_COARSE    5
#define LINUX_CLOCK_MONOTONIC_COARSE   6
#define LINUX_CLOCK_BOOTTIME           7
#define LINUX_CLOCK_REALTIME_ALARM     8
#define LINUX_CLOCK_BOOTTIME_ALARM     9
#define LINUX_CLOCK_TAI                11
#define LINUX_TIMER_ABSTIME            1

/* ---- process -------------------------------------------------------------------------------------------- */
#define LINUX_UTS_LEN 65
struct linux_utsname {
    char sysname[LINUX_UTS_LEN];
    char nodename[LINUX_UTS_LEN];
    char release[LINUX_UTS_LEN];
    char version[LINUX_UTS_LEN];
    char machine[LINUX_UTS_LEN];
    char domainname[LINUX_UTS_LEN];
};

#define LINUX_GRND_NONBLOCK 0x1
#define LINUX_GRND_RANDOM   0x2
#define LINUX_GRND_INSECURE 0x4

/* ---- futex (linux/futex.h) -------------------------------------------------------------------------------- */
#define LINUX_FUTEX_WAIT           0
#define LINUX_FUTEX_WAKE           1
#define LINUX_FUTEX_WAIT_BITSET    9
#define LINUX_FUTEX_WAKE_BITSET    10
#define LINUX_FUTEX_PRIVATE_FLAG   128
#define LINUX_FUTEX_CLOCK_REALTIME 256
#define LINUX_FUTEX_CMD_MASK       (~(LINUX_FUTEX_PRIVATE_FLAG | LINUX_FUTEX_CLOCK_REALTIME))
#define LINUX_FUTEX_BITSET_MATCH_ANY 0xffffffffu

/* ---- file locks, advice and allocation (asm-generic/fcntl.h, linux/fadvise.h, linux/falloc.h) ------- */
#define LINUX_LOCK_SH 1
#define LINUX_LOCK_EX 2
#define LINUX_LOCK_NB 4
#define LINUX_LOCK_UN 8

#define LINUX_POSIX_FADV_NORMAL     0
#define LINUX_POSIX_FADV_RANDOM     1
#define LINUX_POSIX_FADV_SEQUENTIAL 2
#define LINUX_POSIX_FADV_WILLNEED   3
#define LINUX_POSIX_FADV_DONTNEED   4
#define LINUX_POSIX_FADV_NOREUSE    5

#define LINUX_FALLOC_FL_KEEP_SIZE  0x01
#define LINUX_FALLOC_FL_PUNCH_HOLE 0x02

/* ---- file systems (asm-generic/statfs.h; the ST_* flags have no UAPI header: glibc's values) ------ */
struct linux_statfs {           /* 120 bytes on x86-64 */
    int64_t f_type;
    int64_t f_bsize;
    uint64_t f_blocks;
    uint64_t f_bfree;
    uint64_t f_bavail;
    uint64_t f_files;
    uint64_t f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen;
    int64_t f_frsize;
    int64_t f_flags;
    int64_t f_spare[4];
};

#define LINUX_ST_RDONLY      0x0001
#define LINUX_ST_NOSUID      0x0002
#define LINUX_ST_NODEV       0x0004
#define LINUX_ST_NOEXEC      0x0008
#define LINUX_ST_SYNCHRONOUS 0x0010
#define LINUX_ST_VALID       0x0020   /* f_flags is filled in */
#define LINUX_ST_MANDLOCK    0x0040
#define LINUX_ST_NOATIME     0x0400
#define LINUX_ST_NODIRATIME  0x0800
#define LINUX_ST_RELATIME    0x1000

/* ---- resources (linux/resource.h, asm-generic/resource.h) ---------------------------------------- */
#define LINUX_RUSAGE_SELF     0
#define LINUX_RUSAGE_CHILDREN (-1)
#define LINUX_RUSAGE_THREAD   1

struct linux_rusage {           /* 144 bytes */
    struct linux_timeval ru_utime;
    struct linux_timeval ru_stime;
    int64_t ru_maxrss;          /* KiB */
    int64_t ru_ixrss;
    int64_t ru_idrss;
    int64_t ru_isrss;
    int64_t ru_minflt;
    int64_t ru_majflt;
    int64_t ru_nswap;
    int64_t ru_inblock;
    int64_t ru_oublock;
    int64_t ru_msgsnd;
    int64_t ru_msgrcv;
    int64_t ru_nsignals;
    int64_t ru_nvcsw;
    int64_t ru_nivcsw;
};

struct linux_rlimit {           /* also the prlimit64 structure on x86-64 */
    uint64_t rlim_cur;
    uint64_t rlim_max;
};

#define LINUX_RLIM_INFINITY     (~0ULL)
#define LINUX_RLIMIT_CPU        0
#define LINUX_RLIMIT_FSIZE      1
#define LINUX_RLIMIT_DATA       2
#define LINUX_RLIMIT_STACK      3
#define LINUX_RLIMIT_CORE       4
#define LINUX_RLIMIT_RSS        5
#define LINUX_RLIMIT_NPROC      6
#define LINUX_RLIMIT_NOFILE     7
#define LINUX_RLIMIT_MEMLOCK    8
#define LINUX_RLIMIT_AS         9
#define LINUX_RLIMIT_LOCKS      10
#define LINUX_RLIMIT_SIGPENDING 11
#define LINUX_RLIMIT_MSGQUEUE   12
#define LINUX_RLIMIT_NICE       13
#define LINUX_RLIMIT_RTPRIO     14
#define LINUX_RLIMIT_RTTIME     15
#define LINUX_RLIM_NLIMITS      16

#define LINUX_PRIO_PROCESS 0
#define LINUX_PRIO_PGRP    1
#define LINUX_PRIO_USER    2

/* ---- system information (linux/sysinfo.h) --------------------------------------------------------- */
#define LINUX_SI_LOAD_SHIFT 16
struct linux_sysinfo {          /* 112 bytes */
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram;
    uint64_t freeram;
    uint64_t sharedram;
    uint64_t bufferram;
    uint64_t totalswap;
    uint64_t freeswap;
    uint16_t procs;
    uint16_t pad;
    uint64_t totalhigh;
    uint64_t freehigh;
    uint32_t mem_unit;
    char _f[4];
};

/* ---- sockets (asm-generic/socket.h, linux/in.h, linux/in6.h, linux/un.h, linux/tcp.h; the address
 * families, socket types and MSG_ flags have no UAPI header: glibc's bits/socket.h values) ---------- */
#define LINUX_AF_UNSPEC      0
#define LINUX_AF_UNIX        1
#define LINUX_AF_INET        2
#define LINUX_AF_INET6       10

#define LINUX_SOCK_STREAM    1
#define LINUX_SOCK_DGRAM     2
#define LINUX_SOCK_RAW       3
#define LINUX_SOCK_SEQPACKET 5
#define LINUX_SOCK_TYPE_MASK 0xf
#define LINUX_SOCK_NONBLOCK  04000       /* = O_NONBLOCK */
#define LINUX_SOCK_CLOEXEC   02000000    /* = O_CLOEXEC */

#define LINUX_SOL_SOCKET     1
#define LINUX_SO_DEBUG       1
#define LINUX_SO_REUSEADDR   2
#define LINUX_SO_TYPE        3
#define LINUX_SO_ERROR       4
#define LINUX_SO_DONTROUTE   5
#define LINUX_SO_BROADCAST   6
#define LINUX_SO_SNDBUF      7
#define LINUX_SO_RCVBUF      8
#define LINUX_SO_KEEPALIVE   9
#define LINUX_SO_OOBINLINE   10
#define LINUX_SO_LINGER      13
#define LINUX_SO_REUSEPORT   15
#define LINUX_SO_PEERCRED    17
#define LINUX_SO_RCVLOWAT    18
#define LINUX_SO_SNDLOWAT    19
#define LINUX_SO_RCVTIMEO    20          /* SO_RCVTIMEO_OLD: a struct timeval of two longs */
#define LINUX_SO_SNDTIMEO    21
#define LINUX_SO_ACCEPTCONN  30
#define LINUX_SO_PROTOCOL    38
#define LINUX_SO_DOMAIN      39

#define LINUX_IPPROTO_IP     0
#define LINUX_IPPROTO_TCP    6
#define LINUX_IPPROTO_UDP    17
#define LINUX_IPPROTO_IPV6   41
#define LINUX_IP_TOS         1
#define LINUX_IP_TTL         2
#define LINUX_IP_MULTICAST_IF   32
#define LINUX_IP_MULTICAST_TTL  33
#define LINUX_IP_MULTICAST_LOOP 34
#define LINUX_IP_ADD_MEMBERSHIP 35
#define LINUX_IP_DROP_MEMBERSHIP 36
#define LINUX_IPV6_UNICAST_HOPS   16
#define LINUX_IPV6_MULTICAST_IF   17
#define LINUX_IPV6_MULTICAST_HOPS 18
#define LINUX_IPV6_MULTICAST_LOOP 19
#define LINUX_IPV6_ADD_MEMBERSHIP 20
#define LINUX_IPV6_DROP_MEMBERSHIP 21
#define LINUX_IPV6_V6ONLY    26
#define LINUX_TCP_NODELAY    1
#define LINUX_TCP_MAXSEG     2
#define LINUX_TCP_CORK       3
#define LINUX_TCP_KEEPIDLE   4
#define LINUX_TCP_KEEPINTVL  5
#define LINUX_TCP_KEEPCNT    6

#define LINUX_MSG_OOB        0x1
#define LINUX_MSG_PEEK       0x2
#define LINUX_MSG_DONTROUTE  0x4
#define LINUX_MSG_CTRUNC     0x8
#define LINUX_MSG_TRUNC      0x20
#define LINUX_MSG_DONTWAIT   0x40
#define LINUX_MSG_EOR        0x80
#define LINUX_MSG_WAITALL    0x100
#define LINUX_MSG_NOSIGNAL   0x4000
#define LINUX_MSG_MORE       0x8000
#define LINUX_MSG_CMSG_CLOEXEC 0x40000000

#define LINUX_SHUT_RD        0
#define LINUX_SHUT_WR        1
#define LINUX_SHUT_RDWR      2

#define LINUX_SCM_RIGHTS     1

struct linux_sockaddr_in {       /* 16 bytes */
    uint16_t sin_family;
    uint16_t sin_port;           /* network order */
    uint32_t sin_addr;           /* network order */
    uint8_t sin_zero[8];
};

struct linux_sockaddr_in6 {      /* 28 bytes */
    uint16_t sin6_family;
    uint16_t sin6_port;
    uint32_t sin6_flowinfo;
    uint8_t sin6_addr[16];
    uint32_t sin6_scope_id;
};

struct linux_sockaddr_un {       /* 110 bytes */
    uint16_t sun_family;
    char sun_path[108];
};

struct linux_msghdr {            /* 56 bytes */
    uint64_t msg_name;           /* guest pointers */
    uint32_t msg_namelen;
    uint32_t _pad1;
    uint64_t msg_iov;
    uint64_t msg_iovlen;
    uint64_t msg_control;
    uint64_t msg_controllen;
    int32_t msg_flags;
    uint32_t _pad2;
};

struct linux_cmsghdr {           /* 16 bytes, then the data, aligned to 8 */
    uint64_t cmsg_len;
    int32_t cmsg_level;
    int32_t cmsg_type;
};

struct linux_linger {
    int32_t l_onoff;
    int32_t l_linger;
};

struct linux_ucred {
    int32_t pid;
    uint32_t uid;
    uint32_t gid;
};

/* ---- wait4 options (the values every Linux host uses) ------------------------------------------------ */
#define LINUX_WNOHANG    1
#define LINUX_WUNTRACED  2
#define LINUX_WCONTINUED 8

#endif
