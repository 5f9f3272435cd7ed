/* fork.c - what a fork costs: fork + _exit and fork + exec of /bin/true, each waited for, with a resident heap of
 * MB megabytes (argv[1]) that the child's copy must hold. Prints "MB fork-exit-us fork-exec-us" (means of N rounds,
 * argv[2], best of 3 runs; with a third argument, "exit-only", fork + exec is not measured and printed as 0: the
 * Windows host has no /bin/true). Built for Microcosm and natively (bench/fork.sh), and run on both hosts
 * (bench/hosts.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static double rounds(int n, int exec)
{
    double start = now_us();
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); exit(1); }
        if (pid == 0) {
            if (exec) execl("/bin/true", "true", (char *)NULL);
            _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
    }
    return (now_us() - start) / n;
}

int main(int argc, char **argv)
{
    size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 0;
    int n = argc > 2 ? atoi(argv[2]) : 20;
    char *heap = mb ? malloc(mb << 20) : NULL;
    if (heap) memset(heap, 1, mb << 20);   /* resident: every page touched */
    int exec = !(argc > 3 && strcmp(argv[3], "exit-only") == 0);
    double best_exit = 1e30, best_exec = exec ? 1e30 : 0;
    for (int run = 0; run < 3; run++) {
        double e = rounds(n, 0), x = exec ? rounds(n, 1) : 0;
        if (e < best_exit) best_exit = e;
        if (x < best_exec) best_exec = x;
    }
    printf("%zu %.0f %.0f\n", mb, best_exit, best_exec);
    free(heap);
    return 0;
}
