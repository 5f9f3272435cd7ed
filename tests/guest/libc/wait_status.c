/* wait_status (a host program): runs COMMAND [ARGS...] with every signal at its default action and none
 * blocked, and prints how it ended as waitpid saw it: "signal N" (WIFSIGNALED) or "exit N". What a test
 * needs to tell a process a signal killed from one that exited with 128 + N, which a shell's $? does not. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    fflush(stdout);
    pid_t child = fork();
    if (child < 0) return 2;
    if (child == 0) {
        for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        execvp(argv[1], argv + 1);
        _exit(127);
    }
    int status;
    if (waitpid(child, &status, 0) != child) return 2;
    if (WIFSIGNALED(status)) printf("signal %d\n", WTERMSIG(status));
    else printf("exit %d\n", WEXITSTATUS(status));
    return 0;
}
