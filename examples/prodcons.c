/* prodcons: producers and consumers passing numbered items through a bounded queue guarded by a
 * pthread mutex and two condition variables. Prints the totals, which show no item lost or doubled. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CAPACITY 16
#define PRODUCERS 4
#define CONSUMERS 4
#define ITEMS_PER_PRODUCER 25000

static long queue[CAPACITY];
static int head, tail, size;
static int producers_left = PRODUCERS;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *produce(void *arg)
{
    long base = (long)arg * ITEMS_PER_PRODUCER;
    for (long i = 1; i <= ITEMS_PER_PRODUCER; i++) {
        pthread_mutex_lock(&lock);
        while (size == CAPACITY) pthread_cond_wait(&not_full, &lock);
        queue[tail] = base + i;
        tail = (tail + 1) % CAPACITY;
        size++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&lock);
    }
    pthread_mutex_lock(&lock);
    if (--producers_left == 0) pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&lock);
    return NULL;
}

struct tally { long count, sum; };

static void *consume(void *arg)
{
    struct tally *t = arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (size == 0 && producers_left > 0) pthread_cond_wait(&not_empty, &lock);
        if (size == 0) {
            pthread_mutex_unlock(&lock);
            return t;
        }
        long item = queue[head];
        head = (head + 1) % CAPACITY;
        size--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&lock);
        t->count++;
        t->sum += item;
    }
}

int main(void)
{
    pthread_t producers[PRODUCERS], consumers[CONSUMERS];
    struct tally tallies[CONSUMERS] = { { 0, 0 } };
    for (long i = 0; i < CONSUMERS; i++) pthread_create(&consumers[i], NULL, consume, &tallies[i]);
    for (long i = 0; i < PRODUCERS; i++) pthread_create(&producers[i], NULL, produce, (void *)i);
    for (int i = 0; i < PRODUCERS; i++) pthread_join(producers[i], NULL);
    long count = 0, sum = 0;
    for (int i = 0; i < CONSUMERS; i++) {
        struct tally *t;
        pthread_join(consumers[i], (void **)&t);
        count += t->count;
        sum += t->sum;
    }
    long n = (long)PRODUCERS * ITEMS_PER_PRODUCER;
    printf("consumed %ld items, sum %ld (expected %ld items, sum %ld)\n", count, sum, n, n * (n + 1) / 2);
    return count == n && sum == n * (n + 1) / 2 ? 0 : 1;
}
