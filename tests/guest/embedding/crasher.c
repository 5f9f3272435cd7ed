/* crasher.c - a guest whose second thread faults (a store through a null pointer) while the main
 * thread and a third wait in blocking calls: the whole program ends with SIGSEGV. */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *fault(void *arg)
{
    usleep(2000);
    *(volatile int *)arg = 1;
    return NULL;
}

static void *wait_forever(void *arg)
{
    (void)arg;
    for (;;) pause();
    return NULL;
}

int main(void)
{
    pthread_t a, b;
    /* Printed before the faulting thread exists: on a loaded machine its 2 ms can pass before main runs again. */
    printf("crasher started\n");
    fflush(stdout);
    pthread_create(&b, NULL, wait_forever, NULL);
    pthread_create(&a, NULL, fault, NULL);
    for (;;) sleep(1);
}
