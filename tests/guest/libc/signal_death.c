/* signal_death: ends as its argument says, each time killed by a signal, as a native program would be:
 *   pipe     writes to a pipe whose reading end is closed (SIGPIPE's default action)
 *   abort    abort()
 *   raise    raise(SIGTERM)
 *   segv     writes through a null pointer
 *   thread   abort() on a second thread while the main thread waits for it
 * Before that it prints "buffered" with stdio (on a pipe or a file: held in the buffer), registers an
 * atexit handler and has a destructor, both writing to stderr: a program a signal kills flushes nothing
 * and runs neither. Built natively too (signal_death-native). */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void at_exit(void) { fputs("atexit handler ran\n", stderr); }
__attribute__((destructor)) static void destructor(void) { fputs("destructor ran\n", stderr); }

static void *aborting(void *arg)
{
    (void)arg;
    abort();
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    atexit(at_exit);
    printf("buffered\n");
    const char *how = argv[1];
    if (strcmp(how, "pipe") == 0) {
        int ends[2];
        if (pipe(ends) != 0) return 3;
        close(ends[0]);
        write(ends[1], "x", 1);
    } else if (strcmp(how, "abort") == 0) {
        abort();
    } else if (strcmp(how, "raise") == 0) {
        raise(SIGTERM);
    } else if (strcmp(how, "segv") == 0) {
        *(volatile int *)0 = 1;
    } else if (strcmp(how, "thread") == 0) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, aborting, NULL) != 0) return 3;
        pthread_join(thread, NULL);
    }
    return 4;   /* not killed */
}
