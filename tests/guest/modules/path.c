/* Tests of libmc-path.so: creating, opening, renaming, linking and removing files and directories,
 * stat, permissions, times, the working directory, directory listings, and the errors of each. */
#include "check.h"

#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

static char p1[512], p2[512], p3[512];

/* tree DIR: builds, changes and checks a small tree; the C# test checks what it leaves:
 * DIR/sub/ (mode 0750), DIR/sub/renamed.txt ("contents", mode 0600, mtime 1000000000.5),
 * DIR/link -> sub/renamed.txt, DIR/hard.txt (a hard link to it), no DIR/gone/ and no DIR/a.txt. */
static int tree(int argc, char **argv)
{
    const char *dir = argv[0];
    struct stat st;
    CHECK_EQ(sys(__NR_mkdirat, AT_FDCWD, path_join(p1, dir, "sub"), 0750), 0);
    CHECK_EQ(sys(__NR_mkdirat, AT_FDCWD, p1, 0750), -EEXIST);
    long d = sys(__NR_openat, AT_FDCWD, p1, O_RDONLY | O_DIRECTORY);
    CHECK(d >= 0);

    /* create relative to the directory descriptor */
    long fd = sys(__NR_openat, d, "a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(sys(__NR_write, fd, "contents", 8), 8);
    CHECK_EQ(sys(__NR_close, fd), 0);
    CHECK_EQ(sys(__NR_openat, d, "a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644), -EEXIST);
    CHECK_EQ(sys(__NR_newfstatat, d, "a.txt", &st, 0), 0);
    CHECK_EQ(st.st_size, 8);
    CHECK_EQ(st.st_mode & S_IFMT, S_IFREG);
    CHECK_EQ(st.st_nlink, 1);

    /* rename within the directory, then a hard link from outside it */
    CHECK_EQ(sys(__NR_renameat, d, "a.txt", d, "renamed.txt"), 0);
    CHECK_EQ(sys(__NR_newfstatat, d, "a.txt", &st, 0), -ENOENT);
    CHECK_EQ(sys(__NR_linkat, d, "renamed.txt", AT_FDCWD, path_join(p2, dir, "hard.txt"), 0), 0);
    CHECK_EQ(sys(__NR_newfstatat, d, "renamed.txt", &st, 0), 0);
    CHECK_EQ(st.st_nlink, 2);
    struct stat st2;
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, p2, &st2, 0), 0);
    CHECK_EQ(st2.st_ino, st.st_ino);
    CHECK_EQ(sys(__NR_linkat, d, "renamed.txt", AT_FDCWD, p2, 0), -EEXIST);

    /* a symbolic link: readlinkat, and stat with and without following it */
    CHECK_EQ(sys(__NR_symlinkat, "sub/renamed.txt", AT_FDCWD, path_join(p3, dir, "link")), 0);
    char target[64];
    CHECK_EQ(sys(__NR_readlinkat, AT_FDCWD, p3, target, sizeof target), 15);
    CHECK(mem_eq(target, "sub/renamed.txt", 15));
    CHECK_EQ(sys(__NR_readlinkat, AT_FDCWD, p3, target, 3), 3);        /* cut short, no NUL */
    CHECK(mem_eq(target, "sub", 3));
    CHECK_EQ(sys(__NR_readlinkat, AT_FDCWD, p3, target, 0), -EINVAL);
    CHECK_EQ(sys(__NR_readlinkat, AT_FDCWD, p2, target, sizeof target), -EINVAL);   /* not a link */
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, p3, &st, AT_SYMLINK_NOFOLLOW), 0);
    CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
    CHECK_EQ(st.st_size, 15);
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, p3, &st, 0), 0);
    CHECK_EQ(st.st_mode & S_IFMT, S_IFREG);
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, p3, &st, 0x8000), -EINVAL);   /* unknown flag */

    /* AT_EMPTY_PATH: the descriptor itself */
    CHECK_EQ(sys(__NR_newfstatat, d, "", &st, AT_EMPTY_PATH), 0);
    CHECK_EQ(st.st_mode & S_IFMT, S_IFDIR);
    CHECK_EQ(sys(__NR_newfstatat, d, "", &st, 0), -ENOENT);

    /* permissions: chmod, then access checks (root passes R and W, but X needs an x bit) */
    CHECK_EQ(sys(__NR_fchmodat, d, "renamed.txt", 0600), 0);
    CHECK_EQ(sys(__NR_newfstatat, d, "renamed.txt", &st, 0), 0);
    CHECK_EQ(st.st_mode & 07777, 0600);
    CHECK_EQ(sys(__NR_faccessat, d, "renamed.txt", R_OK | W_OK), 0);
    CHECK_EQ(sys(__NR_faccessat, d, "renamed.txt", F_OK), 0);
    CHECK_EQ(sys(__NR_faccessat, d, "renamed.txt", X_OK), -EACCES);
    CHECK_EQ(sys(__NR_faccessat2, d, "renamed.txt", X_OK, AT_EACCESS), -EACCES);
    CHECK_EQ(sys(__NR_faccessat, d, "missing", F_OK), -ENOENT);
    CHECK_EQ(sys(__NR_faccessat, d, "renamed.txt", 8), -EINVAL);

    /* times: set both, then only the modification time (UTIME_OMIT keeps the access time) */
    struct timespec times[2] = { { 123456789, 0 }, { 999999999, 0 } };
    CHECK_EQ(sys(__NR_utimensat, d, "renamed.txt", times, 0), 0);
    times[0].tv_nsec = UTIME_OMIT;
    times[1].tv_sec = 1000000000;
    times[1].tv_nsec = 500000000;
    CHECK_EQ(sys(__NR_utimensat, d, "renamed.txt", times, 0), 0);
    CHECK_EQ(sys(__NR_newfstatat, d, "renamed.txt", &st, 0), 0);
    CHECK_EQ(st.st_atime, 123456789);
    CHECK_EQ(st.st_mtime, 1000000000);
    CHECK_EQ(st.st_mtime_nsec, 500000000);
    times[1].tv_nsec = 1000000000;
    CHECK_EQ(sys(__NR_utimensat, d, "renamed.txt", times, 0), -EINVAL);
    /* UTIME_NOW on the link's directory entry itself through a descriptor (NULL path) */
    struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    CHECK_EQ(sys(__NR_utimensat, d, 0, now, 0), 0);
    CHECK_EQ(sys(__NR_newfstatat, d, "", &st, AT_EMPTY_PATH), 0);
    struct timespec clock;
    CHECK_EQ(sys(__NR_clock_gettime, CLOCK_REALTIME, &clock), 0);
    CHECK(st.st_mtime <= clock.tv_sec && st.st_mtime >= clock.tv_sec - 5);
    CHECK_EQ(sys(__NR_fchmodat, AT_FDCWD, p1, 0750), 0);

    /* removing: a directory needs AT_REMOVEDIR and must be empty */
    CHECK_EQ(sys(__NR_mkdirat, AT_FDCWD, path_join(p1, dir, "gone"), 0700), 0);
    CHECK_EQ(sys(__NR_mkdirat, AT_FDCWD, path_join(p2, dir, "gone/inner"), 0700), 0);
    CHECK_EQ(sys(__NR_unlinkat, AT_FDCWD, p1, 0), -EISDIR);
    CHECK_EQ(sys(__NR_unlinkat, AT_FDCWD, p1, AT_REMOVEDIR), -ENOTEMPTY);
    CHECK_EQ(sys(__NR_unlinkat, AT_FDCWD, p2, AT_REMOVEDIR), 0);
    CHECK_EQ(sys(__NR_unlinkat, AT_FDCWD, p1, AT_REMOVEDIR), 0);
    CHECK_EQ(sys(__NR_unlinkat, AT_FDCWD, p1, AT_REMOVEDIR), -ENOENT);
    CHECK_EQ(sys(__NR_unlinkat, d, "renamed.txt", AT_REMOVEDIR), -ENOTDIR);
    CHECK_EQ(sys(__NR_unlinkat, d, "renamed.txt", 0x1), -EINVAL);
    CHECK_EQ(sys(__NR_close, d), 0);
    return 0;
}

/* errors DIR: opening things that cannot be opened that way. DIR/file exists (made by C#). */
static int errors(int argc, char **argv)
{
    const char *dir = argv[0];
    struct stat st;
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, path_join(p1, dir, "missing"), O_RDONLY), -ENOENT);
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, path_join(p1, dir, "missing/x"), O_CREAT | O_WRONLY, 0644), -ENOENT);
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, path_join(p1, dir, "file/x"), O_RDONLY), -ENOTDIR);
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, path_join(p1, dir, "file"), O_RDONLY | O_DIRECTORY), -ENOTDIR);
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, dir, O_WRONLY), -EISDIR);
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, dir, O_RDWR), -EISDIR);
    CHECK_EQ(sys(__NR_openat, 9999, "relative", O_RDONLY), -EBADF);
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, 0, O_RDONLY), -EFAULT);
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, path_join(p1, dir, "missing"), &st, 0), -ENOENT);
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, path_join(p1, dir, "file/x"), &st, 0), -ENOTDIR);
    CHECK_EQ(sys(__NR_mkdirat, AT_FDCWD, path_join(p1, dir, "file"), 0755), -EEXIST);
    CHECK_EQ(sys(__NR_mkdirat, AT_FDCWD, path_join(p1, dir, "missing/sub"), 0755), -ENOENT);
    CHECK_EQ(sys(__NR_unlinkat, AT_FDCWD, path_join(p1, dir, "missing"), 0), -ENOENT);
    CHECK_EQ(sys(__NR_renameat, AT_FDCWD, path_join(p1, dir, "missing"), AT_FDCWD, path_join(p2, dir, "x")), -ENOENT);
    CHECK_EQ(sys(__NR_renameat, AT_FDCWD, dir, AT_FDCWD, path_join(p2, dir, "file/inside")), -ENOTDIR);
    CHECK_EQ(sys(__NR_readlinkat, AT_FDCWD, path_join(p1, dir, "missing"), p2, 10), -ENOENT);
    CHECK_EQ(sys(__NR_chdir, path_join(p1, dir, "file")), -ENOTDIR);
    CHECK_EQ(sys(__NR_chdir, path_join(p1, dir, "missing")), -ENOENT);
    CHECK_EQ(sys(__NR_symlinkat, "x", AT_FDCWD, path_join(p1, dir, "file")), -EEXIST);
    /* O_EXCL with O_CREAT on an existing file; O_TRUNC empties one */
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, path_join(p1, dir, "file"), O_CREAT | O_EXCL | O_RDWR, 0644), -EEXIST);
    long fd = sys(__NR_openat, AT_FDCWD, p1, O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK_EQ(sys(__NR_fstat, fd, &st), 0);
    CHECK_EQ(st.st_size, 0);
    CHECK_EQ(sys(__NR_close, fd), 0);
    /* O_NOFOLLOW on a symbolic link */
    CHECK_EQ(sys(__NR_symlinkat, "file", AT_FDCWD, path_join(p2, dir, "symlink")), 0);
    CHECK_EQ(sys(__NR_openat, AT_FDCWD, p2, O_RDONLY | O_NOFOLLOW), -ELOOP);
    /* the legacy calls are the same operations */
    CHECK_EQ(sys(__NR_open, path_join(p1, dir, "missing"), O_RDONLY), -ENOENT);
    CHECK_EQ(sys(__NR_stat, p1, &st), -ENOENT);
    CHECK_EQ(sys(__NR_lstat, p2, &st), 0);
    CHECK_EQ(st.st_mode & S_IFMT, S_IFLNK);
    CHECK_EQ(sys(__NR_access, p2, X_OK), -EACCES);
    CHECK_EQ(sys(__NR_mkdir, path_join(p1, dir, "legacy"), 0700), 0);
    CHECK_EQ(sys(__NR_rmdir, p1), 0);
    CHECK_EQ(sys(__NR_unlink, p2), 0);
    CHECK_EQ(sys(__NR_unlink, p2), -ENOENT);
    return 0;
}

/* cwd DIR: chdir and getcwd; relative paths then resolve in DIR. */
static int cwd(int argc, char **argv)
{
    const char *dir = argv[0];
    char buf[512];
    struct stat want, got;
    CHECK_EQ(sys(__NR_chdir, dir), 0);
    long n = sys(__NR_getcwd, buf, sizeof buf);
    CHECK(n > 1);
    CHECK_EQ(n, (long)str_len(buf) + 1);                 /* the length with its NUL */
    CHECK_EQ(buf[0], '/');
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, dir, &want, 0), 0);
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, buf, &got, 0), 0);
    CHECK_EQ(got.st_ino, want.st_ino);
    CHECK_EQ(got.st_dev, want.st_dev);
    CHECK_EQ(sys(__NR_getcwd, buf, 2), -ERANGE);
    CHECK_EQ(sys(__NR_getcwd, buf, 0), -ERANGE);
    CHECK_EQ(sys(__NR_getcwd, 0, 100), -EFAULT);

    long fd = sys(__NR_openat, AT_FDCWD, "relative.txt", O_CREAT | O_WRONLY, 0644);
    CHECK(fd >= 0);
    CHECK_EQ(sys(__NR_close, fd), 0);
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, path_join(buf, dir, "relative.txt"), &got, 0), 0);
    CHECK_EQ(sys(__NR_mkdirat, AT_FDCWD, "inner", 0700), 0);
    long inner = sys(__NR_openat, AT_FDCWD, "inner", O_RDONLY | O_DIRECTORY);
    CHECK(inner >= 0);
    CHECK_EQ(sys(__NR_fchdir, inner), 0);
    CHECK_EQ(sys(__NR_newfstatat, AT_FDCWD, ".", &got, 0), 0);
    CHECK_EQ(sys(__NR_fstat, inner, &want), 0);
    CHECK_EQ(got.st_ino, want.st_ino);
    CHECK_EQ(sys(__NR_close, inner), 0);
    CHECK_EQ(sys(__NR_chdir, ".."), 0);
    return 0;
}

/* list DIR BUFSIZE: prints "type name" for every entry getdents64 returns, reading with a buffer of
 * BUFSIZE bytes (small buffers take several calls). Then checks that seeking works: lseek to an
 * entry's d_off continues after that entry, and lseek to 0 starts over. */
static int list(int argc, char **argv)
{
    long size = 0;
    for (const char *p = argv[1]; *p; p++) size = size * 10 + (*p - '0');
    static char buf[65536] __attribute__((aligned(8)));
    long fd = sys(__NR_openat, AT_FDCWD, argv[0], O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);

    long n, entries = 0, calls = 0;
    int64_t first_off = 0;
    char second[256] = { 0 };
    while ((n = sys(__NR_getdents64, fd, buf, size)) > 0) {
        calls++;
        for (long pos = 0; pos < n;) {
            struct linux_dirent64 *e = (struct linux_dirent64 *)(buf + pos);
            CHECK_EQ(e->d_reclen % 8, 0);
            CHECK(e->d_reclen >= 20 && pos + e->d_reclen <= n);
            put_str(1, e->d_type == DT_DIR ? "d " : e->d_type == DT_REG ? "f " : e->d_type == DT_LNK ? "l " : "? ");
            put_str(1, e->d_name);
            put_str(1, "\n");
            if (entries == 0) first_off = e->d_off;
            if (entries == 1) memcpy(second, e->d_name, str_len(e->d_name) + 1);
            entries++;
            pos += e->d_reclen;
        }
    }
    CHECK_EQ(n, 0);
    CHECK(entries >= 2);
    put_line(2, "calls", calls);

    /* seek to just after the first entry: the next one read is the second */
    CHECK_EQ(sys(__NR_lseek, fd, first_off, SEEK_SET), first_off);
    CHECK(sys(__NR_getdents64, fd, buf, size) > 0);
    CHECK(str_eq(((struct linux_dirent64 *)buf)->d_name, second));
    /* rewind: everything again */
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_SET), 0);
    long again = 0;
    while ((n = sys(__NR_getdents64, fd, buf, size)) > 0)
        for (long pos = 0; pos < n; pos += ((struct linux_dirent64 *)(buf + pos))->d_reclen) again++;
    CHECK_EQ(again, entries);

    /* a buffer too small for one entry; not a directory; not a descriptor */
    CHECK_EQ(sys(__NR_lseek, fd, 0, SEEK_SET), 0);
    CHECK_EQ(sys(__NR_getdents64, fd, buf, 10), -EINVAL);
    CHECK(sys(__NR_getdents64, fd, buf, size) > 0);   /* nothing was lost by the failed call */
    CHECK_EQ(((struct linux_dirent64 *)buf)->d_off, first_off);
    CHECK_EQ(sys(__NR_close, fd), 0);
    long file = sys(__NR_openat, AT_FDCWD, "/proc/self/exe", O_RDONLY);
    if (file >= 0) {
        CHECK_EQ(sys(__NR_getdents64, file, buf, size), -ENOTDIR);
        CHECK_EQ(sys(__NR_close, file), 0);
    }
    CHECK_EQ(sys(__NR_getdents64, 9999, buf, size), -EBADF);
    return 0;
}

const struct test tests[] = {
    { "tree", tree },
    { "errors", errors },
    { "cwd", cwd },
    { "list", list },
    { 0, 0 },
};
