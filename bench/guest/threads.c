/* Threads benchmark, run under `microcosm run`: each Microcosm figure is measured next to its native
 * baseline in the same process and run, and printed with the ratio.
 *   spawn+join     mc_thread_spawn + mc_thread_join   vs  host pthread_create + pthread_join
 *   thread self    mc_syscall(-9)                     vs  a C indirect call returning a pointer
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <microcosm.h>
#include "measure.h"

static intptr_t guest_fn(intptr_t arg) { return arg; }
static void *host_fn(void *arg) { return arg; }

static void *self_value;
__attribute__((noinline)) static void *native_self(void) { return self_value; }
static void *(*volatile native_table[1])(void) = { native_self };

static double spawn_join(long n)
{
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        intptr_t value;
        mc_thread_join(mc_thread_spawn(guest_fn, i, 64 * 1024), &value);
    }
    return (now_ns() - start) / n;
}

static double pthread_pair(long n)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        pthread_t t;
        void *value;
        pthread_create(&t, &attr, host_fn, (void *)i);
        pthread_join(t, &value);
    }
    pthread_attr_destroy(&attr);
    return (now_ns() - start) / n;
}

static double thread_self(long n)
{
    void *volatile sink;
    double start = now_ns();
    for (long i = 0; i < n; i++) sink = (void *)mc_syscall(MC_SYS_THREAD_SELF, 0, 0, 0, 0);
    (void)sink;
    return (now_ns() - start) / n;
}

static double indirect_call(long n)
{
    void *volatile sink;
    double start = now_ns();
    for (long i = 0; i < n; i++) sink = native_table[0]();
    (void)sink;
    return (now_ns() - start) / n;
}

static void report(const char *figure, const char *baseline, double ours, double theirs, double target)
{
    double ratio = ours / theirs;
    printf("%-14s %10.1f ns   %-34s %10.1f ns   ratio %5.2fx   target <= %.1fx %s\n", figure, ours, baseline,
           theirs, ratio, target, ratio <= target ? "(met)" : "(NOT met)");
}

int main(int argc, char **argv)
{
    long pairs = argc > 1 ? atol(argv[1]) : 5000, calls = argc > 2 ? atol(argv[2]) : 20000000;
    self_value = mc_thread_self();
    pthread_pair(200); spawn_join(200);               /* warm up both paths */
    double ours = best_of(5, spawn_join, pairs), theirs = best_of(5, pthread_pair, pairs);
    report("spawn+join", "pthread_create+pthread_join", ours, theirs, 1.5);
    ours = best_of(5, thread_self, calls);
    theirs = best_of(5, indirect_call, calls);
    report("thread self", "C indirect call", ours, theirs, 2.0);
    fflush(stdout);
    return 0;
}
