/* shell_jobs.c - job control as a shell does it through a terminal, compared with the same program built natively
 * (LibcTests): a "shell" in its own session, with a pseudo-terminal as its controlling terminal, runs a job (a fork
 * child) in a process group of its own in the foreground; the terminal's suspend character (^Z) stops the job, the
 * shell sees it stopped by SIGTSTP and takes the terminal back, then gives it to the job again and continues it
 * (SIGCONT to the group), and the job reads the line typed next and exits. Then a job in the background that blocks
 * SIGTTIN and SIGTTOU (rather than ignoring them) reads - EIO - and takes the terminal with tcsetpgrp, as a shell
 * does with SIGTTOU blocked. The program's main process plays the terminal: it reads what the shell and the jobs
 * write and types as a user would. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static void say(const char *text)
{
    write(1, text, strlen(text));
}

static void job(void)
{
    /* As a shell's child does, racing its parent: its own group, and the terminal (SIGTTOU ignored meanwhile). */
    setpgid(0, 0);
    signal(SIGTTOU, SIG_IGN);
    tcsetpgrp(0, getpgrp());
    signal(SIGTTOU, SIG_DFL);
    signal(SIGTSTP, SIG_DFL);
    say("job: waiting for a line\n");
    char line[64];
    ssize_t n;
    while ((n = read(0, line, sizeof line - 1)) < 0 && errno == EINTR) {}
    line[n > 0 ? n : 0] = 0;
    char out[128];
    snprintf(out, sizeof out, "job: read %s", line);
    say(out);
    _exit(0);
}

/* In the background, with the terminal's job-control signals blocked: the kernel checks the calling thread's mask. */
static void blocking_job(void)
{
    setpgid(0, 0);
    alarm(5);   /* were the signals sent again and again, it would end by SIGALRM instead of hanging */
    sigset_t job;
    sigemptyset(&job);
    sigaddset(&job, SIGTTIN);
    sigaddset(&job, SIGTTOU);
    sigprocmask(SIG_BLOCK, &job, NULL);
    char c;
    ssize_t n = read(0, &c, 1);
    int read_error = errno;
    int taken = tcsetpgrp(0, getpgrp());
    char out[192];
    snprintf(out, sizeof out, "blocking job: read from the background: %zd (%s); tcsetpgrp: %d, in the foreground: %s\n", n,
             n < 0 ? strerror(read_error) : "-", taken, tcgetpgrp(0) == getpgrp() ? "yes" : "no");
    say(out);
    _exit(0);
}

static void shell(int slave)
{
    setsid();
    ioctl(slave, TIOCSCTTY, 0);
    dup2(slave, 0);
    dup2(slave, 1);
    dup2(slave, 2);
    if (slave > 2) close(slave);
    struct termios t;
    tcgetattr(0, &t);
    t.c_lflag &= ~(tcflag_t)ECHO;   /* the terminal's side sees what the programs write, not its own typing */
    t.c_oflag &= ~(tcflag_t)OPOST;
    tcsetattr(0, TCSANOW, &t);
    signal(SIGTTOU, SIG_IGN);   /* as a shell: it takes the terminal back from a stopped job */
    signal(SIGTSTP, SIG_IGN);
    pid_t child = fork();
    if (child == 0) job();
    setpgid(child, child);
    tcsetpgrp(0, child);
    char out[128];
    int status;
    waitpid(child, &status, WUNTRACED);
    tcsetpgrp(0, getpgrp());
    snprintf(out, sizeof out, "shell: job %s by signal %d, the terminal's group is the shell's: %s\n",
             WIFSTOPPED(status) ? "stopped" : "ended", WIFSTOPPED(status) ? WSTOPSIG(status) : -1,
             tcgetpgrp(0) == getpgrp() ? "yes" : "no");
    say(out);
    tcsetpgrp(0, child);
    kill(-child, SIGCONT);
    waitpid(child, &status, WCONTINUED);
    snprintf(out, sizeof out, "shell: job continued: %s, in the foreground: %s\n", WIFCONTINUED(status) ? "yes" : "no",
             tcgetpgrp(0) == child ? "yes" : "no");
    say(out);
    waitpid(child, &status, 0);
    tcsetpgrp(0, getpgrp());
    snprintf(out, sizeof out, "shell: job exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    say(out);
    child = fork();
    if (child == 0) blocking_job();
    setpgid(child, child);
    waitpid(child, &status, 0);
    tcsetpgrp(0, getpgrp());
    snprintf(out, sizeof out, "shell: the blocking job %s %d\n", WIFEXITED(status) ? "exited" : "ended by signal",
             WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    say(out);
    say("shell: done\n");
    _exit(0);
}

/* The terminal's side: what came from the programs so far, read until `want` shows (10 s at most). */
static char seen[4096];
static size_t seen_length;

static int await(int master, const char *want)
{
    for (int tries = 0; tries < 1000; tries++) {
        if (strstr(seen, want)) return 1;
        struct timespec pause = { 0, 10000000 };
        ssize_t n = read(master, seen + seen_length, sizeof seen - 1 - seen_length);
        if (n > 0) {
            seen_length += (size_t)n;
            seen[seen_length] = 0;
        } else {
            nanosleep(&pause, NULL);
        }
    }
    return 0;
}

int main(void)
{
    int master, slave;
    if (openpty(&master, &slave, NULL, NULL, NULL) != 0) {
        perror("openpty");
        return 1;
    }
    fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(master);
        shell(slave);
    }
    close(slave);
    struct termios t;
    int ok = await(master, "job: waiting for a line\n");
    tcgetattr(master, &t);
    char suspend = (char)t.c_cc[VSUSP];
    write(master, &suspend, 1);   /* ^Z */
    ok = ok && await(master, "shell: job continued");
    write(master, "hello\n", 6);
    ok = ok && await(master, "shell: done\n");
    int status;
    waitpid(pid, &status, 0);
    printf("%s", seen);
    printf("the terminal saw it all: %s; the shell exited %d\n", ok ? "yes" : "no", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}
