/* worker.c - an ordinary busy guest: four threads allocate, write to a scratch file of their own and
 * to stdout, then the program exits through exit() with status 0. argv[1]: a scratch path prefix. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *prefix;

static void *work(void *arg)
{
    long k = (long)arg;
    char path[512];
    snprintf(path, sizeof path, "%s-%ld", prefix, k);
    for (int round = 0; round < 20; round++) {
        char *block = malloc(1000 + 97 * (size_t)round);
        memset(block, (int)k, 1000);
        FILE *f = fopen(path, "w");
        if (!f || fwrite(block, 1, 1000, f) != 1000) return (void *)1;
        fclose(f);
        free(block);
    }
    unlink(path);
    return NULL;
}

int main(int argc, char **argv)
{
    prefix = argc > 1 ? argv[1] : "/tmp/worker";
    pthread_t threads[4];
    for (long k = 0; k < 4; k++) pthread_create(&threads[k], NULL, work, (void *)k);
    long failed = 0;
    for (int k = 0; k < 4; k++) {
        void *result;
        pthread_join(threads[k], &result);
        failed += (long)result;
    }
    printf("worker done\n");
    return failed ? 1 : 0;
}
