/* Tests of libmc-fd.so: reading and writing files (plain, vectored, positional), offsets, dup,
 * fcntl, fstat, truncation, errors, a pipe between two threads, and poll. */
#include <asm/ioctls.h>
#include <asm/termios.h>
#include <asm/poll.h>
#include <linux/uio.h>
#include "check.h"

/* cat FILE: copies the file to stdout in 4000-byte reads (not a power of two, to cross pages). */
static int cat(int argc, char **argv)
{
    long fd = sys(__NR_openat, AT_FDCWD, argv[0], O_RDONLY | O_CLOEXEC);
    CHECK(fd >= 0);
    static char buf[4000];
    long total = 0, n;
    while ((n = sys(__NR_read, fd, buf, sizeof buf)) > 0) {
        CHECK_EQ(sys(__NR_write, 1, buf, n), n);
        total += n;
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_CUR), total);
    CHECK_EQ(sys(__NR_close, fd), 0);
    return 0;
}

/* rw DIR: writes DIR/rw.txt through every write call and checks every read call and offset. The
 * file is left as "HELLO, vectors!" + "<positional>" for the C# test to read. */
static int rw(int argc, char **argv)
{
    char path[512], buf[64];
    path_join(path, argv[0], "rw.txt");
    long fd = sys(__NR_openat, AT_FDCWD, path, O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(sys(__NR_write, fd, "hello, world", 12), 12);
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_CUR), 12);
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_SET), 0);
    CHECK_EQ(sys(__NR_read, fd, buf, sizeof buf), 12);
    CHECK(mem_eq(buf, "hello, world", 12));
    CHECK_EQ(sys(__NR_read, fd, buf, sizeof buf), 0);                 /* end of file */

    /* positional calls leave the offset alone */
    CHECK_EQ(sys(__NR_pread64, fd, buf, 5, 7), 5);
    CHECK(mem_eq(buf, "world", 5));
    CHECK_EQ(sys(__NR_pwrite64, fd, "HELLO", 5, 0), 5);
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_CUR), 12);

    /* vectored: "HELLO, " kept, then "vectors!" written from three pieces */
    CHECK_EQ(sys(__NR_lseek, fd, 7, SEEK_SET), 7);
    struct iovec out[3] = { { "vec", 3 }, { "tor", 3 }, { "s!", 2 } };
    CHECK_EQ(sys(__NR_writev, fd, out, 3), 8);
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_END), 15);
    char a[4] = { 0 }, b[11] = { 0 };
    struct iovec in[2] = { { a, 3 }, { b, 12 } };
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_SET), 0);
    CHECK_EQ(sys(__NR_readv, fd, in, 2), 15);
    CHECK(mem_eq(a, "HEL", 3));
    CHECK(mem_eq(b, "LO, vectors!", 12));
    CHECK_EQ(sys(__NR_writev, fd, out, -1), -EINVAL);
    CHECK_EQ(sys(__NR_readv, fd, in, 1025), -EINVAL);

    /* seeking past the end and writing leaves a hole of zeros */
    CHECK_EQ(sys(__NR_pwrite64, fd, "<positional>", 12, 20), 12);
    struct stat st;
    CHECK_EQ(sys(__NR_fstat, fd, &st), 0);
    CHECK_EQ(st.st_size, 32);
    CHECK_EQ(sys(__NR_pread64, fd, buf, 5, 15), 5);
    CHECK(mem_eq(buf, "\0\0\0\0\0", 5));
    /* ... which ftruncate cuts back */
    CHECK_EQ(sys(__NR_ftruncate, fd, 15), 0);
    CHECK_EQ(sys(__NR_fstat, fd, &st), 0);
    CHECK_EQ(st.st_size, 15);
    CHECK_EQ(sys(__NR_ftruncate, fd, -1), -EINVAL);
    CHECK_EQ(sys(__NR_pwrite64, fd, "<positional>", 12, 15), 12);
    CHECK_EQ(sys(__NR_fsync, fd), 0);
    CHECK_EQ(sys(__NR_fdatasync, fd), 0);
    CHECK_EQ(sys(__NR_lseek, fd, -1, SEEK_SET), -EINVAL);
    CHECK_EQ(sys(__NR_lseek, fd, 0, 99), -EINVAL);
    CHECK_EQ(sys(__NR_pread64, fd, buf, 1, -1), -EINVAL);
    CHECK_EQ(sys(__NR_close, fd), 0);
    return 0;
}

/* dup DIR: dup, dup2, dup3 and fcntl's descriptor commands on one file. */
static int dup(int argc, char **argv)
{
    char path[512], c;
    long fd = sys(__NR_openat, AT_FDCWD, path_join(path, argv[0], "dup.txt"), O_CREAT | O_RDWR | O_TRUNC, 0600);
    CHECK(fd >= 0);
    CHECK_EQ(sys(__NR_write, fd, "0123456789", 10), 10);

    /* a duplicate shares the offset */
    long d = sys(__NR_dup, fd);
    CHECK(d >= 0 && d != fd);
    CHECK_EQ(sys(__NR_lseek, d, 3, SEEK_SET), 3);
    CHECK_EQ(sys(__NR_read, fd, &c, 1), 1);
    CHECK_EQ(c, '3');
    CHECK_EQ(sys(__NR_fcntl, d, F_GETFD), 0);                          /* dup clears FD_CLOEXEC */

    CHECK_EQ(sys(__NR_dup2, fd, 60), 60);
    CHECK_EQ(sys(__NR_read, 60, &c, 1), 1);
    CHECK_EQ(c, '4');
    CHECK_EQ(sys(__NR_dup2, 60, 60), 60);                              /* same descriptor: no-op */
    CHECK_EQ(sys(__NR_dup3, fd, 61, O_CLOEXEC), 61);
    CHECK_EQ(sys(__NR_fcntl, 61, F_GETFD), FD_CLOEXEC);
    CHECK_EQ(sys(__NR_fcntl, 61, F_SETFD, 0), 0);
    CHECK_EQ(sys(__NR_fcntl, 61, F_GETFD), 0);
    CHECK_EQ(sys(__NR_dup3, 61, 61, 0), -EINVAL);
    CHECK_EQ(sys(__NR_dup3, fd, 62, O_APPEND), -EINVAL);

    long high = sys(__NR_fcntl, fd, F_DUPFD, 100);
    CHECK(high >= 100);
    CHECK_EQ(sys(__NR_fcntl, high, F_GETFD), 0);
    long high2 = sys(__NR_fcntl, fd, F_DUPFD_CLOEXEC, 200);
    CHECK(high2 >= 200);
    CHECK_EQ(sys(__NR_fcntl, high2, F_GETFD), FD_CLOEXEC);

    /* status flags */
    CHECK_EQ(sys(__NR_fcntl, fd, F_GETFL) & O_ACCMODE, O_RDWR);
    CHECK_EQ(sys(__NR_fcntl, fd, F_GETFL) & O_APPEND, 0);
    CHECK_EQ(sys(__NR_fcntl, fd, F_SETFL, O_APPEND), 0);
    CHECK_EQ(sys(__NR_fcntl, d, F_GETFL) & O_APPEND, O_APPEND);       /* shared by the duplicate */
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_SET), 0);
    CHECK_EQ(sys(__NR_write, fd, "!", 1), 1);                          /* O_APPEND: at the end */
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_CUR), 11);
    CHECK_EQ(sys(__NR_fcntl, fd, 9999), -EINVAL);

    /* record locks: our own lock is not a conflict; F_GETLK reports F_UNLCK */
    struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 5 };
    CHECK_EQ(sys(__NR_fcntl, fd, F_SETLK, &lock), 0);
    lock.l_type = F_RDLCK;
    CHECK_EQ(sys(__NR_fcntl, fd, F_GETLK, &lock), 0);
    CHECK_EQ(lock.l_type, F_UNLCK);
    lock.l_type = 7;
    CHECK_EQ(sys(__NR_fcntl, fd, F_SETLK, &lock), -EINVAL);

    long fds[] = { fd, d, 60, 61, high, high2 };
    for (int i = 0; i < 6; i++) CHECK_EQ(sys(__NR_close, fds[i]), 0);
    CHECK_EQ(sys(__NR_close, fd), -EBADF);
    return 0;
}

/* errors: the descriptor errors every call reports the Linux way. */
static int errors(int argc, char **argv)
{
    char buf[8];
    struct stat st;
    const long bad = 9999;
    CHECK_EQ(sys(__NR_read, bad, buf, 1), -EBADF);
    CHECK_EQ(sys(__NR_write, bad, buf, 1), -EBADF);
    CHECK_EQ(sys(__NR_pread64, bad, buf, 1, 0), -EBADF);
    CHECK_EQ(sys(__NR_lseek, bad, 0, SEEK_SET), -EBADF);
    CHECK_EQ(sys(__NR_close, bad), -EBADF);
    CHECK_EQ(sys(__NR_dup, bad), -EBADF);
    CHECK_EQ(sys(__NR_dup2, bad, 70), -EBADF);
    CHECK_EQ(sys(__NR_fstat, bad, &st), -EBADF);
    CHECK_EQ(sys(__NR_fcntl, bad, F_GETFD), -EBADF);
    CHECK_EQ(sys(__NR_fsync, bad), -EBADF);
    CHECK_EQ(sys(__NR_ftruncate, bad, 0), -EBADF);
    CHECK_EQ(sys(__NR_ioctl, bad, TCGETS, buf), -EBADF);
    CHECK_EQ(sys(__NR_ioctl, bad, 0x12345678, buf), -EBADF);

    /* a directory: reading is EISDIR, and it is not a terminal */
    long dir = sys(__NR_openat, AT_FDCWD, argv[0], O_RDONLY | O_DIRECTORY);
    CHECK(dir >= 0);
    CHECK_EQ(sys(__NR_read, dir, buf, sizeof buf), -EISDIR);
    char termios[60];
    CHECK_EQ(sys(__NR_ioctl, dir, TCGETS, termios), -ENOTTY);
    CHECK_EQ(sys(__NR_ioctl, dir, TIOCGWINSZ, termios), -ENOTTY);
    CHECK_EQ(sys(__NR_ioctl, dir, 0x12345678, termios), -ENOTTY);
    CHECK_EQ(sys(__NR_ftruncate, dir, 0), -EINVAL);
    CHECK_EQ(sys(__NR_close, dir), 0);

    /* writing to a read-only descriptor */
    char path[512];
    long fd = sys(__NR_openat, AT_FDCWD, path_join(path, argv[0], "ro.txt"), O_CREAT | O_RDONLY, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(sys(__NR_write, fd, "x", 1), -EBADF);
    CHECK_EQ(sys(__NR_close, fd), 0);
    return 0;
}

/* ---- pipes ------------------------------------------------------------------------------------------ */

#define PIPE_BYTES (1 << 20)   /* far more than a pipe buffer holds: the writer must block and resume */

static long pipe_write_end;

static intptr_t writer(intptr_t unused)
{
    static unsigned char chunk[1000];
    long sent = 0;
    while (sent < PIPE_BYTES) {
        long n = PIPE_BYTES - sent < (long)sizeof chunk ? PIPE_BYTES - sent : (long)sizeof chunk;
        for (long i = 0; i < n; i++) chunk[i] = (unsigned char)((sent + i) * 7);
        long w = sys(__NR_write, pipe_write_end, chunk, n);
        if (w <= 0) return -1;
        sent += w;
    }
    return sys(__NR_close, pipe_write_end) == 0 ? sent : -2;
}

/* pipe: a writer thread sends 1 MiB of a known pattern through a pipe; main reads it all, checks
 * every byte, and sees the end of file once the writer has closed its end. poll reports readiness. */
static int pipe(int argc, char **argv)
{
    int fds[2];
    CHECK_EQ(sys(__NR_pipe2, fds, O_CLOEXEC), 0);
    CHECK_EQ(sys(__NR_fcntl, fds[0], F_GETFD), FD_CLOEXEC);
    CHECK_EQ(sys(__NR_fcntl, fds[0], F_GETFL) & O_ACCMODE, O_RDONLY);
    CHECK_EQ(sys(__NR_fcntl, fds[1], F_GETFL) & O_ACCMODE, O_WRONLY);
    CHECK_EQ(sys(__NR_lseek, fds[0], 0, SEEK_CUR), -ESPIPE);
    CHECK_EQ(sys(__NR_pipe2, fds, 0x4), -EINVAL);

    /* nothing to read yet: poll with no wait says so */
    struct pollfd p = { .fd = fds[0], .events = POLLIN };
    CHECK_EQ(sys(__NR_poll, &p, 1, 0), 0);
    CHECK_EQ(p.revents, 0);

    pipe_write_end = fds[1];
    long tid = mc_thread_spawn(writer, 0, 0);
    CHECK(tid > 1);
    CHECK_EQ(sys(__NR_poll, &p, 1, 10000), 1);                         /* wakes when data arrives */
    CHECK(p.revents & POLLIN);

    static unsigned char buf[3000];
    long got = 0, n;
    while ((n = sys(__NR_read, fds[0], buf, sizeof buf)) > 0) {
        for (long i = 0; i < n; i++)
            if (buf[i] != (unsigned char)((got + i) * 7)) CHECK_EQ(got + i, -1);   /* report the offset */
        got += n;
    }
    CHECK_EQ(n, 0);                                                   /* end of file: the writer closed */
    CHECK_EQ(got, PIPE_BYTES);
    intptr_t sent = 0;
    CHECK_EQ(mc_thread_join(tid, &sent), 0);
    CHECK_EQ(sent, PIPE_BYTES);
    CHECK_EQ(sys(__NR_poll, &p, 1, 0), 1);
    CHECK(p.revents & POLLHUP);                                        /* the write end is gone */
    CHECK_EQ(sys(__NR_close, fds[0]), 0);

    /* the legacy pipe(2), and writing to a pipe nobody reads */
    CHECK_EQ(sys(__NR_pipe, fds), 0);
    CHECK_EQ(sys(__NR_fcntl, fds[0], F_GETFD), 0);
    CHECK_EQ(sys(__NR_close, fds[0]), 0);
    CHECK_EQ(sys(__NR_write, fds[1], "x", 1), -EPIPE);   /* the host runtime ignores SIGPIPE */
    CHECK_EQ(sys(__NR_close, fds[1]), 0);
    return 0;
}

/* nonblock: O_NONBLOCK through pipe2 and F_SETFL; FIONREAD counts what is waiting; poll times out. */
static int nonblock(int argc, char **argv)
{
    int fds[2];
    char buf[16];
    CHECK_EQ(sys(__NR_pipe2, fds, O_NONBLOCK), 0);
    CHECK_EQ(sys(__NR_fcntl, fds[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
    CHECK_EQ(sys(__NR_read, fds[0], buf, sizeof buf), -EAGAIN);
    CHECK_EQ(sys(__NR_fcntl, fds[0], F_SETFL, 0), 0);
    CHECK_EQ(sys(__NR_fcntl, fds[0], F_GETFL) & O_NONBLOCK, 0);
    int on = 1;
    CHECK_EQ(sys(__NR_ioctl, fds[0], FIONBIO, &on), 0);
    CHECK_EQ(sys(__NR_fcntl, fds[0], F_GETFL) & O_NONBLOCK, O_NONBLOCK);
    CHECK_EQ(sys(__NR_write, fds[1], "abcde", 5), 5);
    int waiting = -1;
    CHECK_EQ(sys(__NR_ioctl, fds[0], FIONREAD, &waiting), 0);
    CHECK_EQ(waiting, 5);
    CHECK_EQ(sys(__NR_read, fds[0], buf, sizeof buf), 5);

    /* poll for 150 ms on an empty pipe: 0 ready, and at least that long */
    struct pollfd p[2] = { { .fd = fds[0], .events = POLLIN }, { .fd = -1, .events = POLLIN } };
    long start = now_ns(CLOCK_MONOTONIC);
    CHECK_EQ(sys(__NR_poll, p, 2, 150), 0);
    CHECK(now_ns(CLOCK_MONOTONIC) - start >= 150000000L);
    /* a write end is writable; a closed descriptor is POLLNVAL */
    struct pollfd w[2] = { { .fd = fds[1], .events = POLLOUT }, { .fd = 9999, .events = POLLIN } };
    CHECK_EQ(sys(__NR_poll, w, 2, -1), 2);
    CHECK(w[0].revents & POLLOUT);
    CHECK_EQ(w[1].revents, POLLNVAL);
    CHECK_EQ(sys(__NR_close, fds[0]), 0);
    CHECK_EQ(sys(__NR_close, fds[1]), 0);
    return 0;
}

/* fstat FILE: prints what fstat says, for the C# test to compare with the host's view. */
static int fstat(int argc, char **argv)
{
    long fd = sys(__NR_openat, AT_FDCWD, argv[0], O_RDONLY);
    CHECK(fd >= 0);
    struct stat st;
    CHECK_EQ(sys(__NR_fstat, fd, &st), 0);
    put_line(1, "size", (long)st.st_size);
    put_line(1, "mode", (long)st.st_mode);
    put_line(1, "nlink", (long)st.st_nlink);
    put_line(1, "mtime", (long)st.st_mtime);
    put_line(1, "mtime_nsec", (long)st.st_mtime_nsec);
    put_line(1, "blocks_cover_size", st.st_blocks * 512 >= (long)st.st_size);
    CHECK_EQ(sys(__NR_close, fd), 0);
    return 0;
}

/* tty: what the guest sees of its standard input, printed for the C# test, which knows what it
 * connected: a terminal (TCGETS and TIOCGWINSZ succeed; its mode and size are printed, and echo is
 * switched off and on again through TCSETS) or not (both -ENOTTY). */
static int tty(int argc, char **argv)
{
    struct termios t;
    struct winsize ws;
    long r = sys(__NR_ioctl, 0, TCGETS, &t);
    put_line(1, "tcgets", r);
    put_line(1, "winsz", sys(__NR_ioctl, 0, TIOCGWINSZ, &ws));
    if (r != 0) return 0;
    put_line(1, "icanon", (t.c_lflag & ICANON) != 0);
    put_line(1, "echo", (t.c_lflag & ECHO) != 0);
    put_line(1, "rows", ws.ws_row);
    put_line(1, "cols", ws.ws_col);
    struct termios changed = t, back;
    changed.c_lflag ^= ECHO;
    CHECK_EQ(sys(__NR_ioctl, 0, TCSETS, &changed), 0);
    CHECK_EQ(sys(__NR_ioctl, 0, TCGETS, &back), 0);
    CHECK_EQ(back.c_lflag & ECHO, changed.c_lflag & ECHO);
    CHECK_EQ(back.c_cc[VMIN], t.c_cc[VMIN]);
    CHECK_EQ(back.c_cflag & CBAUD, t.c_cflag & CBAUD);
    CHECK_EQ(sys(__NR_ioctl, 0, TCSETSW, &t), 0);
    CHECK_EQ(sys(__NR_ioctl, 0, TCGETS, &back), 0);
    CHECK_EQ(back.c_lflag & ECHO, t.c_lflag & ECHO);
    return 0;
}

const struct test tests[] = {
    { "cat", cat },
    { "rw", rw },
    { "dup", dup },
    { "errors", errors },
    { "pipe", pipe },
    { "nonblock", nonblock },
    { "fstat", fstat },
    { "tty", tty },
    { 0, 0 },
};
