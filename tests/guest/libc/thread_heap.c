/* thread_heap.c - malloc and free from several threads at once (the C library's cache per thread in front of its heap,
 * glue/sys/malloc.c): blocks freed on another thread than the one that made them, four threads churning blocks whose
 * contents each checks, and threads that come and go without the heap growing for each (a thread's cache goes back to
 * the heap when it ends). Built natively and with `microcosm cc`; the output compared (LibcTests). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 64

/* Fills a block with a pattern of its own, and checks it is still there. */
static void fill(unsigned char *block, size_t size, unsigned seed)
{
    for (size_t i = 0; i < size; i++) block[i] = (unsigned char)(seed + i * 7);
}

static int intact(const unsigned char *block, size_t size, unsigned seed)
{
    for (size_t i = 0; i < size; i++)
        if (block[i] != (unsigned char)(seed + i * 7)) return 0;
    return 1;
}

/* Four threads: each keeps SLOTS blocks of random sizes up to 2 KiB, replaces one at random each round, and checks each
 * block's pattern before it frees it (a block two threads were given at once would be overwritten). */
static void *churn(void *arg)
{
    unsigned x = (unsigned)(uintptr_t)arg * 2654435761u + 1;
    unsigned char *block[SLOTS] = { 0 };
    size_t size[SLOTS] = { 0 };
    unsigned seed[SLOTS] = { 0 };
    long bad = 0;
    for (long round = 0; round < 200000; round++) {
        x = x * 1103515245u + 12345u;
        unsigned k = (x >> 8) % SLOTS;
        if (block[k] && !intact(block[k], size[k], seed[k])) bad++;
        free(block[k]);
        size[k] = 1 + (x >> 16) % 2048;
        seed[k] = x;
        block[k] = malloc(size[k]);
        if (!block[k]) return (void *)-1;
        fill(block[k], size[k], seed[k]);
    }
    for (int k = 0; k < SLOTS; k++) {
        if (!intact(block[k], size[k], seed[k])) bad++;
        free(block[k]);
    }
    return (void *)bad;
}

/* Blocks made by the main thread, checked and freed by another. */
static unsigned char *handed[1000];

static void *free_handed(void *unused)
{
    (void)unused;
    long bad = 0;
    for (int i = 0; i < 1000; i++) {
        if (!intact(handed[i], 1 + i % 1000, (unsigned)i)) bad++;
        free(handed[i]);
    }
    return (void *)bad;
}

/* A short life: blocks of every cached size made and freed, so that the thread's cache is full when it ends. */
static void *short_life(void *arg)
{
    unsigned x = (unsigned)(uintptr_t)arg + 1;
    void *block[SLOTS] = { 0 };
    for (int round = 0; round < 2000; round++) {
        x = x * 1103515245u + 12345u;
        unsigned k = (x >> 8) % SLOTS;
        free(block[k]);
        block[k] = malloc(16 + (x >> 16) % 1016);
    }
    for (int k = 0; k < SLOTS; k++) free(block[k]);
    return NULL;
}

int main(void)
{
    for (int i = 0; i < 1000; i++) {
        handed[i] = malloc(1 + i % 1000);
        fill(handed[i], 1 + i % 1000, (unsigned)i);
    }
    pthread_t t;
    void *bad;
    pthread_create(&t, NULL, free_handed, NULL);
    pthread_join(t, &bad);
    printf("blocks freed by another thread intact: %s\n", bad == 0 ? "yes" : "no");

    pthread_t four[4];
    for (int i = 0; i < 4; i++) pthread_create(&four[i], NULL, churn, (void *)(uintptr_t)i);
    long all = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(four[i], &bad);
        all += (long)bad;
    }
    printf("four threads churning, blocks intact: %s\n", all == 0 ? "yes" : "no");

    /* 300 threads one after another: what each leaves cached goes back, so the heap grows by far less than 300 full
     * caches (each up to 7 blocks of each of 64 sizes: about 230 KB). */
    char *before = sbrk(0);
    for (int i = 0; i < 300; i++) {
        pthread_create(&t, NULL, short_life, (void *)(uintptr_t)i);
        pthread_join(t, NULL);
    }
    char *after = sbrk(0);
    printf("heap grown by under 16 MB after 300 threads: %s\n", after - before < (16 << 20) ? "yes" : "no");
    return 0;
}
