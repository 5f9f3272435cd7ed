/* exit_thread: exit() called by a second thread while the main thread waits: atexit handlers run,
 * buffered stdio output (not yet written: no newline, a file stream) is flushed, and the status is
 * the program's. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void last_words(void) { printf(" [atexit ran]"); }

static void *leave(void *arg)
{
    (void)arg;
    printf("pending output from thread");   /* stays in stdout's buffer until exit flushes it */
    exit(7);
}

int main(void)
{
    atexit(last_words);
    setvbuf(stdout, NULL, _IOFBF, 4096);
    printf("main says hi;");
    pthread_t t;
    pthread_create(&t, NULL, leave, NULL);
    for (;;) pause();
}
