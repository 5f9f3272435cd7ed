/* files.c - file system work through the C library, timed by the program itself: built twice by bench/workloads.sh,
 * natively (glibc) and with `microcosm cc`, run in the same session. Prints one line per case: NAME NS-PER-ITEM (the
 * best of 3 rounds).
 *
 *   files DIR FILE
 *
 * "file cycle": open(O_CREAT) + write 100 bytes + fstat + close + unlink of a file in DIR, 20,000 times.
 * "read 4 KiB": FILE (made by the script) read through in 4 KiB reads, per read. */
#include <fcntl.h>
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

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: files DIR FILE\n");
        return 2;
    }
    double best_cycle = 1e300, best_read = 1e300;
    for (int round = 0; round < 3; round++) {
        double c = cycles(argv[1], 20000), r = reads(argv[2]);
        if (c < 0 || r < 0) return 1;
        if (c < best_cycle) best_cycle = c;
        if (r < best_read) best_read = r;
    }
    printf("%-28s %9.2f\n", "file cycle", best_cycle);
    printf("%-28s %9.2f\n", "read 4 KiB", best_read);
    return 0;
}
