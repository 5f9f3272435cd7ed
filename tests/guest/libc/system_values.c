/* system_values: what a program asks about the system, answered as glibc on Linux does - pathconf,
 * fpathconf and confstr, sysconf's names, <limits.h>'s, MB_CUR_MAX's type - and the smaller POSIX
 * and BSD functions: lsearch/lfind, versionsort, linkat, futimes/lutimes, get_current_dir_name,
 * getdtablesize, siginterrupt declared by default. Runs in the directory its argument names. */
#define _GNU_SOURCE   /* get_current_dir_name, versionsort, lutimes, as glibc asks */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <search.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include "check.h"

static int compare_ints(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv)
{
    if (argc > 1 && chdir(argv[1]) != 0) return 100;   /* the scratch directory */
    /* pathconf and fpathconf: Linux's limits; a missing file ENOENT, a closed descriptor EBADF. */
    CHECK(pathconf(".", _PC_NAME_MAX) == 255 && pathconf(".", _PC_PATH_MAX) == 4096);
    CHECK(pathconf(".", _PC_PIPE_BUF) == 4096 && pathconf(".", _PC_LINK_MAX) > 0);
    errno = 0;
    CHECK(pathconf("no-such-file", _PC_NAME_MAX) == -1 && errno == ENOENT);
    CHECK(fpathconf(0, _PC_NAME_MAX) == 255);
    errno = 0;
    CHECK(fpathconf(999, _PC_NAME_MAX) == -1 && errno == EBADF);
    errno = 0;
    CHECK(pathconf(".", 12345) == -1 && errno == EINVAL);
    char text[64];
    CHECK(confstr(_CS_PATH, text, sizeof text) == sizeof "/bin:/usr/bin" && strcmp(text, "/bin:/usr/bin") == 0);
    CHECK(confstr(_CS_PATH, text, 5) == sizeof "/bin:/usr/bin" && strcmp(text, "/bin") == 0);

    /* sysconf's names, and the constants that agree with them. */
    CHECK(sysconf(_SC_VERSION) == 200809L && sysconf(_SC_THREADS) == 200809L);
    CHECK(sysconf(_SC_MONOTONIC_CLOCK) > 0 && sysconf(_SC_XOPEN_VERSION) == 700);
    CHECK(sysconf(_SC_IOV_MAX) == IOV_MAX && sysconf(_SC_NGROUPS_MAX) == NGROUPS_MAX);
    CHECK(sysconf(_SC_LOGIN_NAME_MAX) == LOGIN_NAME_MAX && sysconf(_SC_TTY_NAME_MAX) == TTY_NAME_MAX);
    CHECK(sysconf(_SC_HOST_NAME_MAX) == HOST_NAME_MAX && sysconf(_SC_RE_DUP_MAX) == RE_DUP_MAX);
    CHECK(sysconf(_SC_THREAD_KEYS_MAX) == PTHREAD_KEYS_MAX);
    CHECK(sysconf(_SC_THREAD_DESTRUCTOR_ITERATIONS) == PTHREAD_DESTRUCTOR_ITERATIONS);
    CHECK(sysconf(_SC_SEM_VALUE_MAX) == INT_MAX && sysconf(_SC_STREAM_MAX) > 0);
    /* POSIX's SSIZE_MAX: the largest ssize_t, glibc's value (a preprocessor constant, as #if needs it). */
#if !defined SSIZE_MAX || SSIZE_MAX != 9223372036854775807L
    CHECK(!"SSIZE_MAX is not LONG_MAX");
#endif
    CHECK((ssize_t)SSIZE_MAX > 0 && (size_t)SSIZE_MAX == (size_t)-1 / 2);
    CHECK(sysconf(_SC_LEVEL1_DCACHE_LINESIZE) == 64);
    CHECK(getdtablesize() == sysconf(_SC_OPEN_MAX));
    size_t mb = MB_CUR_MAX;   /* a size_t, as C says (-Wall -Werror compiles the %zu below) */
    snprintf(text, sizeof text, "%zu", MB_CUR_MAX);
    CHECK(mb >= 1 && strcmp(text, "1") == 0);

    /* lfind and lsearch: found, or (lsearch) appended. */
    int table[8] = { 5, 3, 9 };
    size_t count = 3;
    int key = 9;
    CHECK(lfind(&key, table, &count, sizeof table[0], compare_ints) == &table[2]);
    key = 4;
    CHECK(lfind(&key, table, &count, sizeof table[0], compare_ints) == NULL && count == 3);
    CHECK(lsearch(&key, table, &count, sizeof table[0], compare_ints) == &table[3] && count == 4 && table[3] == 4);
    CHECK(lsearch(&key, table, &count, sizeof table[0], compare_ints) == &table[3] && count == 4);

    /* versionsort orders numbers by value. */
    CHECK(mkdir("v", 0755) == 0);
    const char *names[] = { "v/file10", "v/file9", "v/file1" };
    for (int i = 0; i < 3; i++) close(open(names[i], O_CREAT | O_WRONLY, 0644));
    struct dirent **list;
    int n = scandir("v", &list, NULL, versionsort);
    CHECK(n == 5 && strcmp(list[2]->d_name, "file1") == 0 && strcmp(list[3]->d_name, "file9") == 0 &&
          strcmp(list[4]->d_name, "file10") == 0);
    for (int i = 0; i < n; i++) free(list[i]);
    if (n > 0) free(list);

    /* linkat, futimes, lutimes. */
    int dir = open("v", O_RDONLY | O_DIRECTORY);
    CHECK(linkat(dir, "file1", AT_FDCWD, "v/hard", 0) == 0);
    struct stat st;
    CHECK(stat("v/hard", &st) == 0 && st.st_nlink == 2);
    int fd = open("v/file9", O_RDWR);
    struct timeval times[2] = { { 1000000000, 0 }, { 1200000000, 500000 } };
    CHECK(futimes(fd, times) == 0 && fstat(fd, &st) == 0 && st.st_mtime == 1200000000);
    close(fd);
    int windows = on_windows();
    if (windows) {   /* no symbolic links there: none is made */
        CHECK(symlink("file10", "v/link") == -1 && errno == EPERM);
    } else {
        CHECK(symlink("file10", "v/link") == 0);
        CHECK(lutimes("v/link", times) == 0 && lstat("v/link", &st) == 0 && st.st_mtime == 1200000000);
        CHECK(stat("v/file10", &st) == 0 && st.st_mtime != 1200000000);   /* the link's own time */
    }
    close(dir);

    /* get_current_dir_name: $PWD when it names the working directory, else the real path. */
    char *cwd = getcwd(NULL, 0), *name;
    setenv("PWD", "/nonexistent-dir", 1);
    CHECK((name = get_current_dir_name()) != NULL && strcmp(name, cwd) == 0);
    free(name);
    setenv("PWD", cwd, 1);
    CHECK((name = get_current_dir_name()) != NULL && strcmp(name, cwd) == 0);
    free(name);
    free(cwd);

    CHECK(siginterrupt(SIGALRM, 1) == 0);
    const char *files[] = { "v/file10", "v/file9", "v/file1", "v/hard", "v/link" };
    for (int i = 0; i < (windows ? 4 : 5); i++) CHECK(unlink(files[i]) == 0);
    CHECK(rmdir("v") == 0);
    return CHECK_DONE();
}
