/* locks.c - newlib's locks (stdio, malloc) across the start of a second thread. While a program has one
 * thread they are taken without atomic operations (guest/libc/glue/sys/lock.c); the switch must happen
 * before a second thread runs, and a lock taken before it must still exclude the new thread and be
 * released properly after it. */
#include "check.h"
#include <microcosm.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int wrote;

static void pause_ms(int ms)
{
    struct timespec t = { 0, ms * 1000000L };
    nanosleep(&t, NULL);
}

static void *write_line(void *arg)
{
    fputs((const char *)arg, stdout);
    wrote = 1;
    return NULL;
}

/* stdout locked (twice: the lock is recursive) by the only thread, then a second thread that writes to
 * stdout: it must wait until the main thread has unlocked it as many times. */
static void stream_lock_held_across_create(void)
{
    flockfile(stdout);
    flockfile(stdout);
    fputs("first: main, stream locked\n", stdout);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, write_line, "third: the new thread, once unlocked\n") == 0);
    pause_ms(50);
    CHECK(!wrote);   /* it waits for the lock */
    /* Now threaded, the holder takes it once more: the owner recorded before is still this thread. */
    CHECK(ftrylockfile(stdout) == 0);
    funlockfile(stdout);
    funlockfile(stdout);
    fputs("second: main, still locked once\n", stdout);
    pause_ms(20);
    CHECK(!wrote);
    funlockfile(stdout);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(wrote);
    /* Both threads now take it in turn, recursively too. */
    flockfile(stdout);
    CHECK(ftrylockfile(stdout) == 0);
    funlockfile(stdout);
    funlockfile(stdout);
    fflush(stdout);
}

/* malloc and free of sizes 16..4096 with the blocks' contents checked before they are freed. */
#define SLOTS 64

static intptr_t churn(intptr_t seed)
{
    unsigned char *slot[SLOTS] = { 0 };
    size_t size[SLOTS] = { 0 };
    unsigned x = (unsigned)seed * 2654435761u + 1;
    intptr_t bad = 0;
    for (int i = 0; i < 100000; i++) {
        x = x * 1103515245u + 12345u;
        int k = (x >> 8) % SLOTS;
        if (slot[k]) {
            for (size_t j = 0; j < size[k]; j += 61)
                if (slot[k][j] != (unsigned char)(k + seed)) bad++;
            free(slot[k]);
        }
        size[k] = 16 + (x >> 16) % 4081;
        slot[k] = malloc(size[k]);
        if (!slot[k]) return bad + 1;
        memset(slot[k], k + (int)seed, size[k]);
    }
    for (int k = 0; k < SLOTS; k++) free(slot[k]);
    return bad;
}

static void *churn_thread(void *arg) { return (void *)churn((intptr_t)arg); }

static void malloc_from_threads(void)
{
    pthread_t t[3];
    for (intptr_t i = 0; i < 3; i++) CHECK(pthread_create(&t[i], NULL, churn_thread, (void *)(i + 1)) == 0);
    CHECK(churn(7) == 0);
    for (int i = 0; i < 3; i++) {
        void *bad;
        CHECK(pthread_join(t[i], &bad) == 0 && bad == NULL);
    }
}

/* A thread started with the core's spawn call itself, not pthread_create: the library sees it too. */
static void malloc_from_a_raw_thread(void)
{
    intptr_t tid = mc_thread_spawn(churn, 11, 0);
    CHECK(tid > 0);
    CHECK(churn(12) == 0);
    intptr_t bad = -1;
    CHECK(mc_thread_join(tid, &bad) == 0 && bad == 0);
}

int main(int argc, char **argv)
{
    /* Each case needs a program that has had one thread only: the first argument picks one. */
    const char *which = argc > 1 ? argv[1] : "";
    if (strcmp(which, "stream") == 0) {
        stream_lock_held_across_create();
        malloc_from_threads();
    } else if (strcmp(which, "raw") == 0) {
        malloc_from_a_raw_thread();
    } else {
        fprintf(stderr, "usage: locks stream|raw\n");
        return 2;
    }
    if (check_failures == 0) printf("locks.c: ok\n");
    return check_failures;
}
