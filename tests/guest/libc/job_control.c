/* job_control: the stop signals as a shell's job control sends them, built natively too (job_control-native); the
 * test stops the program with SIGTSTP from outside, sees it stopped, continues it with SIGCONT, and both must print
 * the same. `job_control handler`: a SIGTSTP handler runs (an editor restores the terminal there), sets SIGTSTP back
 * to its default and raises it, which stops the process; SIGCONT's handler runs once it is continued. `job_control
 * default`: SIGTSTP at its default stops the process (the program has touched its signals: a SIGCONT handler). */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t continued, stopping;

static void on_tstp(int sig)
{
    (void)sig;
    stopping = 1;
    static const char line[] = "tstp handler: stopping\n";
    write(1, line, sizeof line - 1);
    signal(SIGTSTP, SIG_DFL);
    raise(SIGTSTP);   /* stops here until SIGCONT */
    static const char back[] = "tstp handler: back\n";
    write(1, back, sizeof back - 1);
}

static void on_cont(int sig)
{
    (void)sig;
    continued = 1;
}

int main(int argc, char **argv)
{
    int handler = argc > 1 && strcmp(argv[1], "handler") == 0;
    if (handler) signal(SIGTSTP, on_tstp);
    signal(SIGCONT, on_cont);
    printf("ready\n");
    fflush(stdout);
    for (int i = 0; i < 2000 && !continued; i++) nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    printf("continued=%d handler ran=%d\n", (int)continued, (int)stopping);
    return continued ? 0 : 1;
}
