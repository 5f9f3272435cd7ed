/* computing_signals.c - a signal for a thread that computes without making a system call: its handler runs on that
 * thread at once, where it computes, and the computation goes on with its registers (general and SSE) as they were,
 * as on Linux; an SA_SIGINFO handler's ucontext is that of the computation. Compared with the same program built
 * natively.
 *
 *   computing_signals            signals the program sends itself: pthread_kill of the main thread and of another,
 *                                and its real timer (SIGALRM)
 *   computing_signals outside    a signal from another process (a fork child's kill of its parent)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <sys/time.h>
#include <ucontext.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile pthread_t expected;
static volatile sig_atomic_t on_expected;

static void handler(int sig)
{
    on_expected = pthread_equal(pthread_self(), expected);
    got = sig;
}

static struct state spin(void);
static volatile sig_atomic_t context_in_loop = -1;

/* SIGALRM's: the context it is given is the loop's, where the timer stopped it. */
static void info_handler(int sig, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    uintptr_t pc = uc ? (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] : 0;
    context_in_loop = uc && info->si_signo == sig && pc - (uintptr_t)spin < 512;
    handler(sig);
}

struct state {
    unsigned long x, y, n;
    double d;
};

static void step(struct state *s)
{
    s->x = s->x * 6364136223846793005UL + 1442695040888963407UL;
    s->y ^= s->x >> 7;
    s->d += 0.5;
    s->n++;
}

/* A loop without a call in it, its state in registers, until a handler sets `got`: a resumption that lost a register
 * would leave its state different from the same number of steps taken again. */
static __attribute__((noinline)) struct state spin(void)
{
    struct state s = { 1, 2, 0, 0.0 };
    unsigned long x = s.x, y = s.y, n = 0;
    double d = 0.0;
    while (!got) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        y ^= x >> 7;
        d += 0.5;
        n++;
    }
    return (struct state){ x, y, n, d };
}

static __attribute__((noinline)) int intact(struct state s)
{
    struct state again = { 1, 2, 0, 0.0 };
    while (again.n < s.n) step(&again);
    return again.x == s.x && again.y == s.y && again.d == s.d;
}

static void report(const char *what, struct state s)
{
    printf("%s: signal %d, handler on the computing thread: %s, its computation intact: %s\n", what, (int)got,
           on_expected ? "yes" : "no", intact(s) ? "yes" : "no");
    fflush(stdout);
    got = 0;
    on_expected = 0;
}

static void pause_ms(int ms)
{
    struct timespec t = { 0, ms * 1000000L };
    nanosleep(&t, NULL);
}

static void *kill_after(void *target)
{
    pause_ms(50);
    pthread_kill(*(pthread_t *)target, SIGUSR1);
    return NULL;
}

static void *spinner(void *arg)
{
    (void)arg;
    expected = pthread_self();
    struct state s = spin();
    report("pthread_kill of another thread", s);
    return NULL;
}

static void in_program(void)
{
    /* The main thread computes; another thread sends it SIGUSR1. */
    pthread_t main_thread = pthread_self(), sender;
    expected = main_thread;
    pthread_create(&sender, NULL, kill_after, &main_thread);
    struct state s = spin();
    pthread_join(sender, NULL);
    report("pthread_kill of the main thread", s);

    /* Another thread computes; the main thread sends it SIGUSR2 once it has started. */
    pthread_t worker;
    expected = main_thread;
    pthread_create(&worker, NULL, spinner, NULL);
    while (pthread_equal(expected, main_thread)) pause_ms(1);
    pause_ms(20);
    pthread_kill(worker, SIGUSR2);
    pthread_join(worker, NULL);

    /* The real timer's SIGALRM, while the main thread computes. */
    expected = main_thread;
    struct itimerval timer = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &timer, NULL);
    s = spin();
    report("setitimer", s);
    printf("setitimer: SA_SIGINFO handler's context is the loop's: %s\n", context_in_loop == 1 ? "yes" : "no");
}

static void outside(void)
{
    expected = pthread_self();
    pid_t child = fork();
    if (child == 0) {
        pause_ms(100);
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    struct state s = spin();
    int status;
    waitpid(child, &status, 0);
    report("kill from another process", s);
    printf("the child exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(int argc, char **argv)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigaction(SIGUSR1, &action, NULL);
    sigaction(SIGUSR2, &action, NULL);
    action.sa_sigaction = info_handler;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &action, NULL);
    if (argc > 1 && strcmp(argv[1], "outside") == 0)
        outside();
    else
        in_program();
    return 0;
}
