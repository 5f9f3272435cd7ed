/* exec_signals: a signal sent to a program that exec'd reaches the new image, by its process id, as on Linux (where
 * exec keeps the process; on Windows the new image is another process, for which the old one stands in); built
 * natively too (exec_signals-native) and both must print the same. A fork child installs a SIGUSR1 handler and execs
 * this program again; the parent sends it SIGUSR1 by the child's pid once the new image says it is ready: the new
 * image's handler runs, with the parent as sender, and the old image's never does. A second child execs into an image
 * that leaves SIGTERM at its default, and the parent's SIGTERM ends it; a third is ended by SIGKILL, the new image
 * with it (its end of a pipe closes). */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile pid_t sender;

static void on_usr1(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)context;
    sender = info->si_pid;
    got = 1;
}

static void old_image_handler(int sig)
{
    (void)sig;
    static const char text[] = "the old image's handler ran\n";
    if (write(1, text, sizeof text - 1) < 0) _exit(90);
}

/* The new image: argv = { name, "usr1" or "term", ready fd, the parent's pid }. */
static int new_image(char **argv)
{
    int ready = atoi(argv[2]);
    pid_t parent = (pid_t)atoi(argv[3]);
    if (strcmp(argv[1], "usr1") == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_sigaction = on_usr1;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGUSR1, &sa, NULL);
    }
    if (write(ready, "r", 1) != 1) return 91;
    for (int i = 0; i < 500 && !got; i++) nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    printf("the new image: %s", got ? "SIGUSR1 handled" : "no SIGUSR1");
    if (got) printf(", from %s", sender == parent ? "the parent" : "another process");
    printf("\n");
    return got ? 5 : 6;
}

/* A fork child that sets `how`'s old handler and execs this program into `how`; the parent waits for its word, and
 * keeps the pipe's read end in *ready_end if asked. */
static pid_t child_execing(const char *self, const char *how, int *ready_end)
{
    int ready[2];
    if (pipe(ready) != 0) exit(92);
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        close(ready[0]);
        signal(SIGUSR1, old_image_handler);   /* exec puts it back to the default: it never runs */
        char fd[16], parent[16];
        snprintf(fd, sizeof fd, "%d", ready[1]);
        snprintf(parent, sizeof parent, "%d", (int)getppid());
        execl(self, "exec_signals", how, fd, parent, (char *)NULL);
        _exit(93);
    }
    close(ready[1]);
    char byte;
    if (read(ready[0], &byte, 1) != 1) exit(94);
    if (ready_end) *ready_end = ready[0];
    else close(ready[0]);
    return child;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 4) return new_image(argv);
    const char *self = "/proc/self/exe";

    pid_t child = child_execing(self, "usr1", NULL);
    kill(child, SIGUSR1);
    int status;
    waitpid(child, &status, 0);
    printf("kill of a child that exec'd: it exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

    child = child_execing(self, "term", NULL);
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
    printf("SIGTERM to a child that exec'd into its default: %s\n",
           WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM ? "ended by it" : "not ended by it");

    int ready_end;
    child = child_execing(self, "kill", &ready_end);
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    struct pollfd end = { .fd = ready_end, .events = POLLIN };
    char byte;
    int gone = poll(&end, 1, 3000) == 1 && read(ready_end, &byte, 1) == 0;   /* every writer closed: the new image ended */
    printf("SIGKILL to a child that exec'd: %s; the new image %s\n",
           WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL ? "ended by it" : "not ended by it", gone ? "gone" : "still there");
    return 0;
}
