/* posix_files: the POSIX file functions a program on Linux expects - getline/getdelim, realpath,
 * utime, mkfifo/mknod, statvfs/statfs, flock and lockf, posix_fadvise/posix_fallocate, nftw/ftw,
 * sync. argv[1] is a scratch directory that exists and is empty; it is left empty. */
#define _GNU_SOURCE
#include "check.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <utime.h>

static void test_getline(void)
{
    /* Lines longer than any first buffer, one without a final newline, an empty one. */
    FILE *f = fopen("lines.txt", "w");
    CHECK(f != NULL);
    for (int i = 0; i < 5000; i++) fputc('a' + i % 26, f);
    fputs("\n\nshort\nlast without newline", f);
    CHECK(fclose(f) == 0);

    f = fopen("lines.txt", "r");
    char *line = NULL;
    size_t size = 0;
    CHECK(getline(&line, &size, f) == 5001);
    CHECK(line && strlen(line) == 5001 && line[4999] == 'a' + 4999 % 26 && line[5000] == '\n' && size > 5001);
    CHECK(getline(&line, &size, f) == 1 && strcmp(line, "\n") == 0);
    CHECK(getline(&line, &size, f) == 6 && strcmp(line, "short\n") == 0);
    CHECK(getline(&line, &size, f) == 20 && strcmp(line, "last without newline") == 0);
    CHECK(getline(&line, &size, f) == -1 && feof(f));
    CHECK(getline(NULL, &size, f) == -1 && errno == EINVAL);
    CHECK(fclose(f) == 0);

    f = fopen("lines.txt", "w");
    fputs("PATH=/bin:/usr/bin:", f);
    fclose(f);
    f = fopen("lines.txt", "r");
    char *field = NULL;   /* a caller's own small buffer grows */
    size_t field_size = 0;
    CHECK(getdelim(&field, &field_size, ':', f) == 10 && strcmp(field, "PATH=/bin:") == 0);
    CHECK(getdelim(&field, &field_size, ':', f) == 9 && strcmp(field, "/usr/bin:") == 0);
    CHECK(getdelim(&field, &field_size, ':', f) == -1);
    fclose(f);
    free(line);
    free(field);
    CHECK(unlink("lines.txt") == 0);
}

/* On the Windows host, what it cannot have answers as docs/hosts.md says: no symbolic links (symlink
 * -EPERM), no FIFOs (mkfifo -EPERM), mode bits only "read-only or not", times in 100 ns units. */
static int windows;

static void test_realpath(const char *scratch)
{
    CHECK(mkdir("real", 0755) == 0 && mkdir("real/sub", 0755) == 0);
    FILE *f = fopen("real/sub/file", "w");
    CHECK(f && fclose(f) == 0);
    char expected[PATH_MAX], got[PATH_MAX];
    snprintf(expected, sizeof expected, "%s/real/sub/file", scratch);
    if (windows) {
        CHECK(symlink("real/sub", "link") == -1 && errno == EPERM);
    } else {
        CHECK(symlink("real/sub", "link") == 0);          /* relative link */
        CHECK(symlink(scratch, "real/back") == 0);         /* absolute link */
        CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0);
        CHECK(symlink("nowhere", "dangling") == 0);
        CHECK(realpath("link/../sub/./file", got) == got);
        CHECK_STR(got, expected);
        CHECK(realpath("real/back/link//file", got) == got);
        CHECK_STR(got, expected);
    }
    char *allocated = realpath("./real/sub/../sub/file", NULL);
    CHECK(allocated != NULL);
    if (allocated) CHECK_STR(allocated, expected);
    free(allocated);
    CHECK(realpath(".", got) == got);
    CHECK_STR(got, scratch);
    CHECK(realpath("/", got) && strcmp(got, "/") == 0);
    CHECK(realpath("/..", got) && strcmp(got, "/") == 0);

    CHECK(realpath("missing/file", got) == NULL && errno == ENOENT);
    CHECK(realpath(windows ? "missing" : "dangling", got) == NULL && errno == ENOENT);
    CHECK(realpath("real/sub/file/", got) == NULL && errno == ENOTDIR);
    CHECK(realpath("real/sub/file/..", got) == NULL && errno == ENOTDIR);
    if (!windows) CHECK(realpath("loop1", got) == NULL && errno == ELOOP);
    CHECK(realpath("", got) == NULL && errno == ENOENT);
    CHECK(realpath(NULL, got) == NULL && errno == EINVAL);

    if (!windows) {
        CHECK(unlink("loop1") == 0 && unlink("loop2") == 0 && unlink("dangling") == 0 && unlink("link") == 0);
        CHECK(unlink("real/back") == 0);
    }
    CHECK(unlink("real/sub/file") == 0 && rmdir("real/sub") == 0 && rmdir("real") == 0);
}

static void test_special_files(void)
{
    struct stat st;
    struct utimbuf times = { .actime = 1000000000, .modtime = 1234567890 };
    FILE *f = fopen("stamped", "w");
    CHECK(f && fclose(f) == 0);
    CHECK(utime("stamped", &times) == 0);
    /* Under Wine an access time set before the modification time does not stay (it reads back as now). */
    CHECK(stat("stamped", &st) == 0 && st.st_mtime == 1234567890 && (windows || st.st_atime == 1000000000));
    CHECK(utime("stamped", NULL) == 0 && stat("stamped", &st) == 0 && st.st_mtime > 1234567890);
    CHECK(utime("missing", &times) == -1 && errno == ENOENT);
    /* utimensat's special values: keep one time, set the other to now. */
    struct timespec keep_access[2] = { { 0, UTIME_OMIT }, { 1500000000, 250 } };
    CHECK(utimensat(AT_FDCWD, "stamped", keep_access, 0) == 0);
    CHECK(stat("stamped", &st) == 0 && st.st_mtime == 1500000000 && st.st_mtim.tv_nsec == (windows ? 200 : 250));
    int stamped = open("stamped", O_RDONLY);
    struct timespec now_access[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
    CHECK(stamped >= 0 && futimens(stamped, now_access) == 0);
    CHECK(fstat(stamped, &st) == 0 && st.st_mtime == 1500000000 && st.st_atime > 1500000000);
    close(stamped);
    CHECK(S_BLKSIZE == 512);   /* st_blocks counts 512-byte units */
    CHECK(unlink("stamped") == 0);

    /* A FIFO: created, seen as one, and usable as a pipe (non-blocking read end first). */
    if (windows) {
        CHECK(mkfifo("fifo", 0600) == -1 && errno == EPERM);
        goto after_fifo;
    }
    CHECK(mkfifo("fifo", 0600) == 0);
    CHECK(stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0600);
    CHECK(mkfifo("fifo", 0600) == -1 && errno == EEXIST);
    int reader = open("fifo", O_RDONLY | O_NONBLOCK);
    int writer = open("fifo", O_WRONLY);
    CHECK(reader >= 0 && writer >= 0);
    CHECK(write(writer, "through", 7) == 7);
    char buf[16] = { 0 };
    CHECK(read(reader, buf, sizeof buf) == 7 && memcmp(buf, "through", 7) == 0);
    close(reader);
    close(writer);
    CHECK(unlink("fifo") == 0);

after_fifo:
    CHECK(mknod("plain", S_IFREG | 0640, 0) == 0);
    CHECK(stat("plain", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0 &&
          (windows ? (st.st_mode & 0200) != 0 : (st.st_mode & 0777) == 0640));
    CHECK(mknod("dir", S_IFDIR | 0755, 0) == -1 && errno == EPERM);
    CHECK(unlink("plain") == 0);
    CHECK(major(makedev(259, 70000)) == 259 && minor(makedev(259, 70000)) == 70000);
}

static void test_statvfs(void)
{
    struct statvfs v;
    CHECK(statvfs(".", &v) == 0);
    CHECK(v.f_bsize > 0 && v.f_frsize > 0 && v.f_blocks > 0);
    CHECK(v.f_bfree <= v.f_blocks && v.f_bavail <= v.f_bfree);
    CHECK(v.f_namemax >= 14 && v.f_namemax <= 4096);
    CHECK(!(v.f_flag & ST_RDONLY));   /* the scratch directory is writable */
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    struct statvfs w;
    CHECK(fd >= 0 && fstatvfs(fd, &w) == 0);
    CHECK(w.f_fsid == v.f_fsid && w.f_blocks == v.f_blocks && w.f_frsize == v.f_frsize);
    close(fd);
    struct statfs s;
    CHECK(statfs(".", &s) == 0 && s.f_blocks == v.f_blocks && s.f_namelen == (long)v.f_namemax && s.f_type != 0);
    CHECK(statvfs("missing", &v) == -1 && errno == ENOENT);
    CHECK(fstatvfs(-1, &v) == -1 && errno == EBADF);
}

static void test_locks(void)
{
    /* Two open file descriptions of one file: flock locks conflict between them. */
    int a = open("locked", O_RDWR | O_CREAT, 0600);
    int b = open("locked", O_RDWR);
    CHECK(a >= 0 && b >= 0);
    CHECK(flock(a, LOCK_EX) == 0);
    CHECK(flock(b, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK);
    CHECK(flock(b, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK);
    CHECK(flock(a, LOCK_UN) == 0);
    CHECK(flock(b, LOCK_EX | LOCK_NB) == 0);
    CHECK(flock(b, LOCK_SH) == 0);   /* converts b's lock */
    CHECK(flock(a, LOCK_SH | LOCK_NB) == 0);   /* shared with shared */
    CHECK(flock(a, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK);
    CHECK(flock(a, 0) == -1 && errno == EINVAL);
    CHECK(flock(-1, LOCK_SH) == -1 && errno == EBADF);
    close(b);
    CHECK(flock(a, LOCK_EX | LOCK_NB) == 0);   /* b's lock went with its descriptor */

    /* lockf: record locks from the current offset; this process's own lock never conflicts. */
    CHECK(write(a, "0123456789", 10) == 10 && lseek(a, 0, SEEK_SET) == 0);
    CHECK(lockf(a, F_TLOCK, 5) == 0);
    CHECK(lockf(a, F_TEST, 5) == 0);
    CHECK(lockf(a, F_ULOCK, 5) == 0);
    CHECK(lockf(a, F_LOCK, 0) == 0 && lockf(a, F_ULOCK, 0) == 0);
    CHECK(lockf(a, 99, 0) == -1 && errno == EINVAL);
    close(a);
    CHECK(unlink("locked") == 0);
}

static void test_advice_and_allocation(void)
{
    int fd = open("space", O_RDWR | O_CREAT, 0600);
    CHECK(fd >= 0);
    CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0);
    CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0);
    CHECK(posix_fadvise(fd, 0, 0, 12345) == EINVAL);
    CHECK(posix_fadvise(-1, 0, 0, POSIX_FADV_NORMAL) == EBADF);
    struct stat st;
    CHECK(posix_fallocate(fd, 0, 100000) == 0);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 100000 && st.st_blocks * 512 >= 100000);
    CHECK(posix_fallocate(fd, 0, 10) == 0 && fstat(fd, &st) == 0 && st.st_size == 100000);   /* never shrinks */
    CHECK(posix_fallocate(fd, -1, 10) == EINVAL);
    CHECK(posix_fallocate(fd, 0, 0) == EINVAL);
    int r = fallocate(fd, FALLOC_FL_KEEP_SIZE, 100000, 50000);
    CHECK(r == 0 || errno == EOPNOTSUPP);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 100000);
    int pipes[2];
    CHECK(pipe(pipes) == 0);
    CHECK(posix_fadvise(pipes[0], 0, 0, POSIX_FADV_NORMAL) == ESPIPE);
    CHECK(posix_fallocate(pipes[1], 0, 10) == ESPIPE);
    close(pipes[0]);
    close(pipes[1]);
    close(fd);
    sync();
    CHECK(unlink("space") == 0);
}

/* ---- tree walks ------------------------------------------------------------------------------------- */

static char walk_log[4096];

static int log_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    char line[256];
    snprintf(line, sizeof line, "%d:%d:%s:%s;", type, ftw->level, path + ftw->base, path);
    strncat(walk_log, line, sizeof walk_log - strlen(walk_log) - 1);
    return 0;
}

static int skip_b(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    log_entry(path, st, type, ftw);
    return type == FTW_D && strcmp(path + ftw->base, "b") == 0 ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
}

static int stop_at_f(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return type == FTW_F && strcmp(path + strlen(path) - 2, "/f") == 0 ? 42 : 0;
}

static int count_files;
static int count_ftw(const char *path, const struct stat *st, int type)
{
    (void)path;
    (void)st;
    if (type == FTW_F) count_files++;
    return 0;
}

/* Whether each of the ';'-separated records appears in the log (the order within a directory is
 * the file system's). */
static int logged(const char *record)
{
    return strstr(walk_log, record) != NULL;
}

static int occurrences(const char *text)
{
    int n = 0;
    for (const char *p = walk_log; (p = strstr(p, text)) != NULL; p++) n++;
    return n;
}

static void test_nftw(void)
{
    /* tree/ a/ f ; b/ g ; l -> a ; d -> missing */
    CHECK(mkdir("tree", 0755) == 0 && mkdir("tree/a", 0755) == 0 && mkdir("tree/b", 0755) == 0);
    FILE *f = fopen("tree/a/f", "w");
    CHECK(f && fclose(f) == 0);
    f = fopen("tree/b/g", "w");
    CHECK(f && fclose(f) == 0);
    if (windows) CHECK(symlink("a", "tree/l") == -1 && errno == EPERM);
    else CHECK(symlink("a", "tree/l") == 0 && symlink("missing", "tree/d") == 0);

    /* Physical: links are FTW_SL; directories after their contents with FTW_DEPTH. */
    walk_log[0] = '\0';
    CHECK(nftw("tree", log_entry, 8, FTW_PHYS | FTW_DEPTH) == 0);
    CHECK(logged("5:0:tree:tree;"));
    CHECK(logged("5:1:a:tree/a;") && logged("0:2:f:tree/a/f;"));
    CHECK(logged("5:1:b:tree/b;") && logged("0:2:g:tree/b/g;"));
    CHECK(windows ? !logged("tree/l") : logged("4:1:l:tree/l;") && logged("4:1:d:tree/d;"));
    CHECK(strstr(walk_log, "0:2:f:tree/a/f;") < strstr(walk_log, "5:1:a:tree/a;"));
    CHECK(strstr(walk_log, "5:0:tree:tree;") == walk_log + strlen(walk_log) - strlen("5:0:tree:tree;"));

    /* Logical: the link to a is followed, but a is visited once; the dangling link is FTW_SLN. */
    walk_log[0] = '\0';
    CHECK(nftw("tree", log_entry, 1, 0) == 0);
    CHECK(strncmp(walk_log, "1:0:tree:tree;", 14) == 0);
    CHECK(windows || logged("6:1:d:tree/d;"));
    CHECK(logged("0:2:f:tree/a/f;") != logged("0:2:f:tree/l/f;"));   /* one of the two names */
    CHECK(occurrences(":f:") == 1 && occurrences(":g:") == 1);

    /* GNU FTW_ACTIONRETVAL: skipping b's subtree. */
    walk_log[0] = '\0';
    CHECK(nftw("tree", skip_b, 8, FTW_PHYS | FTW_ACTIONRETVAL) == 0);
    CHECK(logged("1:1:b:tree/b;") && !logged("tree/b/g"));
    CHECK(logged("0:2:f:tree/a/f;"));

    /* A callback's non-zero result stops the walk and is returned. */
    CHECK(nftw("tree", stop_at_f, 8, FTW_PHYS) == 42);

    /* FTW_CHDIR: each entry's name is reachable from the working directory. */
    char before[PATH_MAX], after[PATH_MAX];
    CHECK(getcwd(before, sizeof before) != NULL);
    walk_log[0] = '\0';
    CHECK(nftw("tree", log_entry, 8, FTW_PHYS | FTW_CHDIR) == 0);
    CHECK(getcwd(after, sizeof after) && strcmp(before, after) == 0);
    CHECK(logged("0:2:g:tree/b/g;"));

    count_files = 0;
    CHECK(ftw("tree", count_ftw, 4) == 0 && count_files == 2);   /* f, g (f once: l leads to a) */
    CHECK(nftw("missing", log_entry, 4, 0) == -1 && errno == ENOENT);
    CHECK(nftw("tree", log_entry, 4, 1 << 20) == -1 && errno == EINVAL);

    if (!windows) CHECK(unlink("tree/l") == 0 && unlink("tree/d") == 0);
    CHECK(unlink("tree/a/f") == 0 && unlink("tree/b/g") == 0);
    CHECK(rmdir("tree/a") == 0 && rmdir("tree/b") == 0 && rmdir("tree") == 0);
}

int main(int argc, char **argv)
{
    if (argc != 2) return 100;
    windows = on_windows();
    CHECK(chdir(argv[1]) == 0);
    char scratch[PATH_MAX];
    CHECK(getcwd(scratch, sizeof scratch) != NULL);
    test_getline();
    test_realpath(scratch);
    test_special_files();
    test_statvfs();
    test_locks();
    test_advice_and_allocation();
    test_nftw();
    return CHECK_DONE();
}
