/* sleeper.c - a guest that waits for ever (a thread in read on its stdin, the main thread in
 * nanosleep) until its embedder kills it. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *reader(void *arg)
{
    (void)arg;
    char c;
    while (read(0, &c, 1) != 0) {}
    return NULL;
}

int main(void)
{
    pthread_t t;
    pthread_create(&t, NULL, reader, NULL);
    printf("sleeper started\n");
    fflush(stdout);
    for (;;) sleep(1);
}
