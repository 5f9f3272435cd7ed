/* ctrl_c: Ctrl-C typed at the terminal the program reads from (ConsoleTests runs it under script(1); under
 * Wine the terminal is a console, and Ctrl-C its control event): with a handler, the handler runs and the
 * blocked read ends with EINTR; `ctrl_c default` leaves SIGINT at its default, which ends the program by the
 * signal (status 130). No spaces: a console redraws blank cells by moving the cursor. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t handled;

static void on_int(int sig)
{
    (void)sig;
    handled++;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "default") != 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_int;   /* no SA_RESTART: the read ends */
        sigaction(SIGINT, &sa, NULL);
    }
    printf("ready|\n");
    fflush(stdout);
    char line[64];
    errno = 0;
    ssize_t n = read(0, line, sizeof line);
    printf("read=%zd|%s|handler=%d\n", n, n < 0 && errno == EINTR ? "EINTR" : "other", (int)handled);
    return 0;
}
