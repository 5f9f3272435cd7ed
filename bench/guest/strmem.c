/* strmem.c - the C library's string and memory routines and malloc, timed by the program itself: built
 * twice by bench/workloads.sh, natively (glibc) and with `microcosm cc` (the guest C library), and run
 * in the same session. Prints one line per case: NAME NS-PER-CALL (the best of 5 rounds).
 *
 * Built with -fno-builtin, so that every call reaches the library instead of the compiler's inline
 * expansion. Alignments are odd on purpose: newlib's routines were fast only for aligned buffers. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static unsigned char a[1 << 16], b[1 << 16];
static volatile size_t sink;

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

#define CASE(NAME, N, BODY)                                                  \
    do {                                                                     \
        double best = 1e300;                                                 \
        for (int round = 0; round < 5; round++) {                            \
            double start = now_ns();                                         \
            for (long i = 0; i < (N); i++) { BODY; }                         \
            double t = (now_ns() - start) / (N);                             \
            if (t < best) best = t;                                          \
        }                                                                    \
        printf("%-28s %9.2f\n", NAME, best);                                 \
    } while (0)

/* malloc and free of sizes 16..16 + sizes - 1 through 64 slots, the slot and size from *x, n times. */
static void churn_slots(void **slot, unsigned *x, long n, unsigned sizes)
{
    for (long i = 0; i < n; i++) {
        *x = *x * 1103515245u + 12345u;
        unsigned k = (*x >> 8) % 64;
        free(slot[k]);
        slot[k] = malloc(16 + (*x >> 16) % sizes);
    }
}

/* Sizes 16..4096 in one thread (the C library's lock, if any, is taken with no contention). */
static void churn(long n)
{
    static void *slot[64];
    static unsigned x = 1;
    churn_slots(slot, &x, n, 4081);
}

/* The same churn of sizes 16..1016 (those glibc's per-thread cache and the C library's keep) on two threads at once:
 * ns per malloc + free on each, the lock's contention and the caches' effect. */
static void *churn_thread(void *arg)
{
    void *slot[64] = { 0 };
    unsigned x = (unsigned)(uintptr_t)arg;
    churn_slots(slot, &x, 2000000, 1001);
    for (int k = 0; k < 64; k++) free(slot[k]);
    return NULL;
}

static double two_threads(void)
{
    double best = 1e300;
    for (int round = 0; round < 5; round++) {
        pthread_t t[2];
        double start = now_ns();
        for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, churn_thread, (void *)(uintptr_t)(i + 1));
        for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
        double per = (now_ns() - start) / 2000000;
        if (per < best) best = per;
    }
    return best;
}

int main(void)
{
    for (size_t i = 0; i < sizeof a; i++) a[i] = b[i] = (unsigned char)(1 + i % 251);
    char *s20 = (char *)a + 40000 + 3, *s1000 = (char *)a + 5000 + 7, *t1000 = (char *)b + 5000 + 1;
    s20[20] = 0;
    s1000[1000] = 0;
    t1000[1000] = 0;
    memcpy(t1000, s1000, 1000);

    CASE("memcpy 16", 20000000, memcpy(a + 1 + (i & 7), b + 3, 16));
    CASE("memcpy 256 unaligned", 5000000, memcpy(a + 1, b + 3, 256));
    CASE("memcpy 4096 unaligned", 500000, memcpy(a + 1, b + 6, 4096));
    CASE("memmove 1000 back by 8", 1000000, memmove(a + 108, a + 100, 1000));
    CASE("memmove 1000 forward by 8", 1000000, memmove(a + 100, a + 108, 1000));
    CASE("memset 256", 5000000, memset(a + 1, (int)i, 256));
    CASE("memset 4096", 500000, memset(a + 1, (int)i, 4096));
    CASE("memcmp 64 equal unaligned", 5000000, sink += (size_t)memcmp(s1000 + 64, t1000 + 64, 64));
    CASE("memcmp 1000 equal unaligned", 1000000, sink += (size_t)memcmp(s1000, t1000, 1000));
    CASE("strlen 20", 20000000, sink += strlen(s20));
    CASE("strlen 1000", 2000000, sink += strlen(s1000));
    CASE("strchr 1000 (absent)", 2000000, sink += (size_t)strchr(s1000, 0xff));
    CASE("strcmp 1000 equal unaligned", 1000000, sink += (size_t)strcmp(s1000, t1000));
    CASE("strcspn 1000, 3-byte set", 500000, sink += strcspn(s1000, "\xfc\xfd\xfe"));
    CASE("strcpy 1000", 1000000, strcpy((char *)b + 20001, s1000));
    CASE("malloc+free 16..4096", 5000000, churn(1); (void)i);
    printf("%-28s %9.2f\n", "malloc+free 2 threads", two_threads());
    return sink == 42;
}
