/* A host thread created by a host library (pthread_create from the host libc) becomes a Microcosm
 * thread with -17, makes syscalls, and is released by kill(0). Returns 0. */
#include <pthread.h>
#include <stdio.h>
#include <microcosm.h>

static intptr_t adopted_tid;
static int result;

static void *host_thread(void *arg)
{
    (void)arg;
    if (mc_thread_self() != NULL) { result = 1; return NULL; }     /* not ours yet */
    adopted_tid = mc_thread_adopt();
    if (adopted_tid <= 1) { result = 2; return NULL; }
    if (mc_thread_adopt() != adopted_tid) { result = 3; return NULL; } /* idempotent */
    if (mc_thread_id() != adopted_tid) { result = 4; return NULL; }
    mc_thread_exit(11);                                              /* released: returns */
    if (mc_thread_self() != NULL) { result = 5; return NULL; }
    result = 100;
    return NULL;
}

int main(void)
{
    pthread_t thread;
    if (pthread_create(&thread, NULL, host_thread, NULL) != 0) return 20;
    pthread_join(thread, NULL);
    if (result != 100) return result;
    intptr_t value = 0;
    if (mc_thread_join(adopted_tid, &value) != 0 || value != 11) return 21;
    printf("adopted thread %ld released with 11\n", (long)adopted_tid);
    return 0;
}
