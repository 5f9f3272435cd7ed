/* destructors: the end of a program as glibc has it - exit() runs the atexit handlers, then the
 * objects' destructors, which can still write to stdio, then flushes the streams; _exit flushes
 * nothing (what is still buffered is lost) and runs no destructor (one that writes unbuffered would show). Prints
 * its steps on stdout (a pipe: fully buffered). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int underscore;
__attribute__((destructor)) static void destructor(void)
{
    printf("destructor\n");
    if (underscore) write(1, "destructor after _exit\n", 23);
}
static void handler(void) { printf("atexit\n"); }

int main(int argc, char **argv)
{
    atexit(handler);
    printf("main\n");
    if (argc > 1 && strcmp(argv[1], "_exit") == 0) {
        underscore = 1;
        _exit(3);
    }
    return 0;
}
