/* files.c - file system work through the C library, timed by the program itself: built twice by bench/workloads.sh,
 * natively (glibc) and with `microcosm cc`, run in the same session. Prints one line per case: NAME NS-PER-ITEM (the
 * best of 3 rounds).
 *
 *   files DIR FILE
 *
 * "file cycle": open(O_CREAT) + write 100 bytes + fstat + close + unlink of a file in DIR, 20,000 times.
 * "read 4 KiB": FILE (made by the script) read through in 4 KiB reads, per read.
 * Then both again while a second thread exists (it waits, doing nothing): Linux makes each call on a descriptor of a
 * process whose threads share their descriptor table take a reference on the file, and a read or write of a file
 * position its lock, which a single-threaded process skips. A Microcosm program always lives in a process with threads
 * (the .NET runtime's), so these two lines are the native figures to set it beside (docs/performance.md). */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static double cycles(const char *dir, long n)
{
    char path[4096], data[100];
    memset(data, 'x', sizeof data);
    snprintf(path, sizeof path, "%s/cycle.tmp", dir);
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
        struct stat st;
        if (fd < 0 || write(fd, data, sizeof data) != (ssize_t)sizeof data || fstat(fd, &st) != 0 || close(fd) != 0 ||
            unlink(path) != 0) {
            perror(path);
            return -1;
        }
    }
    return (now_ns() - start) / n;
}

static double reads(const char *file)
{
    static char buffer[4096];
    int fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror(file);
        return -1;
    }
    long count = 0;
    double start = now_ns();
    while (read(fd, buffer, sizeof buffer) > 0) count++;
    double t = (now_ns() - start) / (count ? count : 1);
    close(fd);
    return t;
}

static void *idle(void *unused)
{
    (void)unused;
    pause();
    return NULL;
}

/* The best of 3 rounds of both cases, printed with SUFFIX after their names; 0, or 1 on a failure. */
static int measure(const char *dir, const char *file, const char *suffix)
{
    double best_cycle = 1e300, best_read = 1e300;
    for (int round = 0; round < 3; round++) {
        double c = cycles(dir, 20000), r = reads(file);
        if (c < 0 || r < 0) return 1;
        if (c < best_cycle) best_cycle = c;
        if (r < best_read) best_read = r;
    }
    char name[64];
    snprintf(name, sizeof name, "file cycle%s", suffix);
    printf("%-28s %9.2f\n", name, best_cycle);
    snprintf(name, sizeof name, "read 4 KiB%s", suffix);
    printf("%-28s %9.2f\n", name, best_read);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: files DIR FILE\n");
        return 2;
    }
    if (measure(argv[1], argv[2], "")) return 1;
    pthread_t thread;
    if (pthread_create(&thread, NULL, idle, NULL) != 0) return 1;
    return measure(argv[1], argv[2], ", 2 threads");
}
