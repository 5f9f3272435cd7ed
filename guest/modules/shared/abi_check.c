/* abi_check.c - checks linux_abi.h against the Linux kernel's own UAPI headers (linux-libc-dev).
 * Compiled with -fsyntax-only when the modules are built on a Linux host; never linked. A mistake in
 * a value or a layout stops the build here instead of surfacing as a wrong answer in a guest. */
#include <stddef.h>
#include <asm/unistd.h>
#include <asm/signal.h>
#include <asm/stat.h>
#include <asm/poll.h>
#include <asm/termios.h>
#include <asm/ioctls.h>
#include <asm/statfs.h>
#include <asm/socket.h>
#include <linux/errno.h>
#include <linux/in.h>
#include <linux/limits.h>
#include <linux/in6.h>
#include <linux/tcp.h>
#include <linux/un.h>
#include <linux/fadvise.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/fcntl.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/random.h>
#include <linux/resource.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/uio.h>
#include <linux/utsname.h>
#include <linux/wait.h>
#include "linux_abi.h"

#define SAME(name) _Static_assert(LINUX_##name == name, #name);
#define NR(name) _Static_assert(LINUX_SYS_##name == __NR_##name, "__NR_" #name);
#define FIELD(ours, theirs, field) \
    _Static_assert(offsetof(struct ours, field) == offsetof(struct theirs, field), #ours "." #field); \
    _Static_assert(sizeof(((struct ours *)0)->field) == sizeof(((struct theirs *)0)->field), #ours "." #field " size");
#define SIZE(ours, theirs) _Static_assert(sizeof(struct ours) == sizeof(struct theirs), #ours " size");

/* wait4 options */
SAME(WNOHANG) SAME(WUNTRACED) SAME(WCONTINUED)

/* errno values and syscall numbers: every row of abi/errno.tsv and abi/syscalls.tsv's Linux rows */
#include "linux_abi_check_errno.inc"
#include "linux_abi_check.inc"
/* signal numbers: every row of abi/signals.tsv */
#include "linux_abi_check_signals.inc"

/* flags and constants (DT_*, F_OK .. X_OK and UTIME_* have no UAPI header: glibc's own values) */
SAME(O_ACCMODE) SAME(O_RDONLY) SAME(O_WRONLY) SAME(O_RDWR) SAME(O_CREAT) SAME(O_EXCL)
SAME(O_NOCTTY) SAME(O_TRUNC) SAME(O_APPEND) SAME(O_NONBLOCK) SAME(O_DSYNC)
_Static_assert(LINUX_O_ASYNC == FASYNC, "O_ASYNC");
SAME(O_DIRECT) SAME(O_LARGEFILE) SAME(O_DIRECTORY) SAME(O_NOFOLLOW) SAME(O_NOATIME)
SAME(O_CLOEXEC) SAME(__O_SYNC) SAME(O_SYNC) SAME(O_PATH) SAME(__O_TMPFILE) SAME(O_TMPFILE)
SAME(F_DUPFD) SAME(F_GETFD) SAME(F_SETFD) SAME(F_GETFL) SAME(F_SETFL) SAME(F_GETLK)
SAME(F_SETLK) SAME(F_SETLKW) SAME(F_DUPFD_CLOEXEC) SAME(F_SETOWN) SAME(F_GETOWN) SAME(FD_CLOEXEC) SAME(F_RDLCK) SAME(F_WRLCK)
SAME(F_UNLCK) SAME(SEEK_SET) SAME(SEEK_CUR) SAME(SEEK_END) SAME(SEEK_DATA) SAME(SEEK_HOLE)
SAME(AT_FDCWD) SAME(AT_SYMLINK_NOFOLLOW) SAME(AT_REMOVEDIR) SAME(AT_EACCESS)
SAME(AT_SYMLINK_FOLLOW) SAME(AT_NO_AUTOMOUNT) SAME(AT_EMPTY_PATH)
SAME(S_IFMT) SAME(S_IFSOCK) SAME(S_IFLNK) SAME(S_IFREG) SAME(S_IFBLK) SAME(S_IFDIR) SAME(S_IFCHR) SAME(S_IFIFO)
SAME(POLLIN) SAME(POLLPRI) SAME(POLLOUT) SAME(POLLERR) SAME(POLLHUP) SAME(POLLNVAL)
SAME(POLLRDNORM) SAME(POLLRDBAND) SAME(POLLWRNORM) SAME(POLLWRBAND) SAME(POLLRDHUP) SAME(TCGETS)
SAME(TCSETS) SAME(TCSETSW) SAME(TCSETSF) SAME(TIOCGWINSZ) SAME(TIOCSWINSZ) SAME(FIONREAD)
SAME(FIONBIO) SAME(VINTR) SAME(VQUIT) SAME(VERASE) SAME(VKILL) SAME(VEOF) SAME(VTIME) SAME(VMIN)
SAME(VSTART) SAME(VSTOP) SAME(VSUSP) SAME(VEOL) SAME(VREPRINT) SAME(VDISCARD) SAME(VWERASE)
SAME(VLNEXT) SAME(VEOL2) SAME(IGNBRK) SAME(BRKINT) SAME(IGNPAR) SAME(PARMRK) SAME(INPCK)
SAME(ISTRIP) SAME(INLCR) SAME(IGNCR) SAME(ICRNL) SAME(IXON) SAME(IXANY) SAME(IXOFF)
SAME(IMAXBEL) SAME(IUTF8) SAME(OPOST) SAME(ONLCR) SAME(OCRNL) SAME(ONOCR) SAME(ONLRET)
SAME(CBAUD) SAME(CSIZE) SAME(CS5) SAME(CS6) SAME(CS7) SAME(CS8) SAME(CSTOPB) SAME(CREAD)
SAME(PARENB) SAME(PARODD) SAME(HUPCL) SAME(CLOCAL) SAME(ISIG) SAME(ICANON) SAME(NOFLSH)
SAME(TOSTOP) SAME(IEXTEN) SAME(ECHO) SAME(ECHOE) SAME(ECHOK) SAME(ECHONL) SAME(ECHOCTL) SAME(ECHOKE)
SAME(PROT_NONE) SAME(PROT_READ) SAME(PROT_WRITE) SAME(PROT_EXEC)
SAME(MAP_SHARED) SAME(MAP_PRIVATE) SAME(MAP_SHARED_VALIDATE) SAME(MAP_TYPE) SAME(MAP_FIXED)
SAME(MAP_ANONYMOUS) SAME(MAP_32BIT) SAME(MAP_GROWSDOWN) SAME(MAP_DENYWRITE) SAME(MAP_EXECUTABLE)
SAME(MAP_LOCKED) SAME(MAP_NORESERVE) SAME(MAP_POPULATE) SAME(MAP_NONBLOCK) SAME(MAP_STACK)
SAME(MAP_HUGETLB) SAME(MAP_FIXED_NOREPLACE) SAME(MADV_NORMAL) SAME(MADV_RANDOM)
SAME(MADV_SEQUENTIAL) SAME(MADV_WILLNEED) SAME(MADV_DONTNEED) SAME(MADV_FREE) SAME(MADV_REMOVE)
SAME(MADV_DONTFORK) SAME(MADV_DOFORK) SAME(MADV_MERGEABLE) SAME(MADV_UNMERGEABLE)
SAME(MADV_HUGEPAGE) SAME(MADV_NOHUGEPAGE) SAME(MADV_DONTDUMP) SAME(MADV_DODUMP)
SAME(MREMAP_MAYMOVE) SAME(MREMAP_FIXED) SAME(MS_ASYNC) SAME(MS_INVALIDATE) SAME(MS_SYNC)
SAME(CLOCK_REALTIME) SAME(CLOCK_MONOTONIC) SAME(CLOCK_PROCESS_CPUTIME_ID)
SAME(CLOCK_THREAD_CPUTIME_ID) SAME(CLOCK_MONOTONIC_RAW) SAME(CLOCK_REALTIME_COARSE)
SAME(CLOCK_MONOTONIC_COARSE) SAME(CLOCK_BOOTTIME) SAME(CLOCK_REALTIME_ALARM)
SAME(CLOCK_BOOTTIME_ALARM) SAME(CLOCK_TAI) SAME(TIMER_ABSTIME) SAME(GRND_NONBLOCK)
SAME(TCSBRK) SAME(TCXONC) SAME(TCFLSH) SAME(TIOCGPGRP) SAME(TIOCSPGRP) SAME(TIOCGSID)
SAME(TIOCSCTTY) SAME(TIOCNOTTY) SAME(TIOCGPTN) SAME(TIOCSPTLCK)
SAME(TCOOFF) SAME(TCOON) SAME(TCIOFF) SAME(TCION) SAME(TCIFLUSH) SAME(TCOFLUSH) SAME(TCIOFLUSH)
SAME(LOCK_SH) SAME(LOCK_EX) SAME(LOCK_NB) SAME(LOCK_UN) SAME(POSIX_FADV_NORMAL) SAME(POSIX_FADV_RANDOM)
SAME(POSIX_FADV_SEQUENTIAL) SAME(POSIX_FADV_WILLNEED) SAME(POSIX_FADV_DONTNEED) SAME(POSIX_FADV_NOREUSE)
SAME(FALLOC_FL_KEEP_SIZE) SAME(FALLOC_FL_PUNCH_HOLE) SAME(RUSAGE_SELF) SAME(RUSAGE_CHILDREN)
SAME(RUSAGE_THREAD) SAME(RLIMIT_CPU) SAME(RLIMIT_FSIZE) SAME(RLIMIT_DATA) SAME(RLIMIT_STACK)
SAME(RLIMIT_CORE) SAME(RLIMIT_RSS) SAME(RLIMIT_NPROC) SAME(RLIMIT_NOFILE) SAME(RLIMIT_MEMLOCK)
SAME(RLIMIT_AS) SAME(RLIMIT_LOCKS) SAME(RLIMIT_SIGPENDING) SAME(RLIMIT_MSGQUEUE) SAME(RLIMIT_NICE)
SAME(RLIMIT_RTPRIO) SAME(RLIMIT_RTTIME) SAME(RLIM_NLIMITS) SAME(SI_LOAD_SHIFT) SAME(PRIO_PROCESS)
SAME(PRIO_PGRP) SAME(PRIO_USER)
_Static_assert(LINUX_RLIM_INFINITY == (unsigned long long)RLIM64_INFINITY, "RLIM64_INFINITY");
SAME(GRND_RANDOM) SAME(GRND_INSECURE) SAME(FUTEX_WAIT) SAME(FUTEX_WAKE) SAME(FUTEX_WAIT_BITSET)
SAME(FUTEX_WAKE_BITSET) SAME(FUTEX_PRIVATE_FLAG) SAME(FUTEX_CLOCK_REALTIME)
_Static_assert(LINUX_UIO_MAXIOV == UIO_MAXIOV, "UIO_MAXIOV");
_Static_assert(LINUX_PATH_MAX == PATH_MAX, "PATH_MAX");
_Static_assert(LINUX_NCCS == NCCS, "NCCS");
_Static_assert(LINUX_FUTEX_BITSET_MATCH_ANY == FUTEX_BITSET_MATCH_ANY, "FUTEX_BITSET_MATCH_ANY");
_Static_assert(LINUX_UTS_LEN == __NEW_UTS_LEN + 1, "__NEW_UTS_LEN");

/* structures */
SIZE(linux_stat, stat)
FIELD(linux_stat, stat, st_dev) FIELD(linux_stat, stat, st_ino) FIELD(linux_stat, stat, st_nlink)
FIELD(linux_stat, stat, st_mode) FIELD(linux_stat, stat, st_uid) FIELD(linux_stat, stat, st_gid)
FIELD(linux_stat, stat, st_rdev) FIELD(linux_stat, stat, st_size) FIELD(linux_stat, stat, st_blksize)
FIELD(linux_stat, stat, st_blocks)
_Static_assert(offsetof(struct linux_stat, st_atim) == offsetof(struct stat, st_atime), "st_atim");
_Static_assert(offsetof(struct linux_stat, st_mtim) == offsetof(struct stat, st_mtime), "st_mtim");
_Static_assert(offsetof(struct linux_stat, st_ctim) == offsetof(struct stat, st_ctime), "st_ctim");
_Static_assert(offsetof(struct linux_stat, st_mtim.tv_nsec) == offsetof(struct stat, st_mtime_nsec), "st_mtime_nsec");
SIZE(linux_timespec, __kernel_timespec)
FIELD(linux_timespec, __kernel_timespec, tv_sec) FIELD(linux_timespec, __kernel_timespec, tv_nsec)
SIZE(linux_timeval, __kernel_old_timeval)
FIELD(linux_timeval, __kernel_old_timeval, tv_sec) FIELD(linux_timeval, __kernel_old_timeval, tv_usec)
SIZE(linux_timezone, timezone)
SIZE(linux_flock, flock)
FIELD(linux_flock, flock, l_type) FIELD(linux_flock, flock, l_whence) FIELD(linux_flock, flock, l_start)
FIELD(linux_flock, flock, l_len) FIELD(linux_flock, flock, l_pid)
SIZE(linux_iovec, iovec)
FIELD(linux_iovec, iovec, iov_base) FIELD(linux_iovec, iovec, iov_len)
SIZE(linux_pollfd, pollfd)
FIELD(linux_pollfd, pollfd, fd) FIELD(linux_pollfd, pollfd, events) FIELD(linux_pollfd, pollfd, revents)
SIZE(linux_winsize, winsize)
FIELD(linux_winsize, winsize, ws_row) FIELD(linux_winsize, winsize, ws_col)
FIELD(linux_winsize, winsize, ws_xpixel) FIELD(linux_winsize, winsize, ws_ypixel)
SIZE(linux_termios, termios)
FIELD(linux_termios, termios, c_iflag) FIELD(linux_termios, termios, c_oflag) FIELD(linux_termios, termios, c_cflag)
FIELD(linux_termios, termios, c_lflag) FIELD(linux_termios, termios, c_line) FIELD(linux_termios, termios, c_cc)
SIZE(linux_utsname, new_utsname)
FIELD(linux_utsname, new_utsname, sysname) FIELD(linux_utsname, new_utsname, machine)
FIELD(linux_utsname, new_utsname, domainname)
/* struct linux_dirent64 has no UAPI header: its layout is the one fs/readdir.c writes. */
_Static_assert(offsetof(struct linux_dirent64, d_off) == 8 && offsetof(struct linux_dirent64, d_reclen) == 16 &&
               offsetof(struct linux_dirent64, d_type) == 18 && offsetof(struct linux_dirent64, d_name) == 19,
               "linux_dirent64");
SIZE(linux_statfs, statfs)
FIELD(linux_statfs, statfs, f_type) FIELD(linux_statfs, statfs, f_bsize) FIELD(linux_statfs, statfs, f_blocks)
FIELD(linux_statfs, statfs, f_bfree) FIELD(linux_statfs, statfs, f_bavail) FIELD(linux_statfs, statfs, f_files)
FIELD(linux_statfs, statfs, f_ffree) FIELD(linux_statfs, statfs, f_fsid) FIELD(linux_statfs, statfs, f_namelen)
FIELD(linux_statfs, statfs, f_frsize) FIELD(linux_statfs, statfs, f_flags) FIELD(linux_statfs, statfs, f_spare)
SIZE(linux_rusage, rusage)
FIELD(linux_rusage, rusage, ru_utime) FIELD(linux_rusage, rusage, ru_stime) FIELD(linux_rusage, rusage, ru_maxrss)
FIELD(linux_rusage, rusage, ru_minflt) FIELD(linux_rusage, rusage, ru_majflt) FIELD(linux_rusage, rusage, ru_inblock)
FIELD(linux_rusage, rusage, ru_oublock) FIELD(linux_rusage, rusage, ru_nvcsw) FIELD(linux_rusage, rusage, ru_nivcsw)
SIZE(linux_rlimit, rlimit64)
FIELD(linux_rlimit, rlimit64, rlim_cur) FIELD(linux_rlimit, rlimit64, rlim_max)
SIZE(linux_rlimit, rlimit)
SIZE(linux_sysinfo, sysinfo)
FIELD(linux_sysinfo, sysinfo, uptime) FIELD(linux_sysinfo, sysinfo, loads) FIELD(linux_sysinfo, sysinfo, totalram)
FIELD(linux_sysinfo, sysinfo, freeram) FIELD(linux_sysinfo, sysinfo, sharedram) FIELD(linux_sysinfo, sysinfo, bufferram)
FIELD(linux_sysinfo, sysinfo, totalswap) FIELD(linux_sysinfo, sysinfo, freeswap) FIELD(linux_sysinfo, sysinfo, procs)
FIELD(linux_sysinfo, sysinfo, totalhigh) FIELD(linux_sysinfo, sysinfo, freehigh) FIELD(linux_sysinfo, sysinfo, mem_unit)

/* sockets: the options and the address layouts the kernel's UAPI has (the families, types and MSG_
 * flags are not in it) */
SAME(SOL_SOCKET) SAME(SO_DEBUG) SAME(SO_REUSEADDR) SAME(SO_TYPE) SAME(SO_ERROR) SAME(SO_DONTROUTE)
SAME(SO_BROADCAST) SAME(SO_SNDBUF) SAME(SO_RCVBUF) SAME(SO_KEEPALIVE) SAME(SO_OOBINLINE) SAME(SO_LINGER)
SAME(SO_REUSEPORT) SAME(SO_PEERCRED) SAME(SO_RCVLOWAT) SAME(SO_SNDLOWAT) SAME(SO_ACCEPTCONN)
SAME(SO_PROTOCOL) SAME(SO_DOMAIN)
_Static_assert(LINUX_SO_RCVTIMEO == SO_RCVTIMEO_OLD && LINUX_SO_SNDTIMEO == SO_SNDTIMEO_OLD, "SO_*TIMEO");
SAME(IPPROTO_IP) SAME(IPPROTO_TCP) SAME(IPPROTO_UDP) SAME(IPPROTO_IPV6) SAME(IP_TOS) SAME(IP_TTL)
SAME(IP_MULTICAST_IF) SAME(IP_MULTICAST_TTL) SAME(IP_MULTICAST_LOOP) SAME(IP_ADD_MEMBERSHIP)
SAME(IP_DROP_MEMBERSHIP) SAME(IPV6_UNICAST_HOPS) SAME(IPV6_MULTICAST_IF) SAME(IPV6_MULTICAST_HOPS)
SAME(IPV6_MULTICAST_LOOP) SAME(IPV6_ADD_MEMBERSHIP) SAME(IPV6_DROP_MEMBERSHIP) SAME(IPV6_V6ONLY)
SAME(TCP_NODELAY) SAME(TCP_MAXSEG) SAME(TCP_CORK) SAME(TCP_KEEPIDLE) SAME(TCP_KEEPINTVL) SAME(TCP_KEEPCNT)
SIZE(linux_sockaddr_in, sockaddr_in)
FIELD(linux_sockaddr_in, sockaddr_in, sin_family) FIELD(linux_sockaddr_in, sockaddr_in, sin_port)
FIELD(linux_sockaddr_in, sockaddr_in, sin_addr)
SIZE(linux_sockaddr_in6, sockaddr_in6)
FIELD(linux_sockaddr_in6, sockaddr_in6, sin6_family) FIELD(linux_sockaddr_in6, sockaddr_in6, sin6_port)
FIELD(linux_sockaddr_in6, sockaddr_in6, sin6_flowinfo) FIELD(linux_sockaddr_in6, sockaddr_in6, sin6_addr)
FIELD(linux_sockaddr_in6, sockaddr_in6, sin6_scope_id)
SIZE(linux_sockaddr_un, sockaddr_un)
FIELD(linux_sockaddr_un, sockaddr_un, sun_family) FIELD(linux_sockaddr_un, sockaddr_un, sun_path)
