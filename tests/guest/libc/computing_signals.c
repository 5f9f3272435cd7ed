/* computing_signals.c - a signal for a thread that computes without making a system call: its handler runs on that
 * thread at once, where it computes, and the computation goes on with its registers (general and SSE) as they were,
 * as on Linux; an SA_SIGINFO handler's ucontext is that of the computation. Compared with the same program built
 * natively.
 *
 *   computing_signals            signals the program sends itself: pthread_kill of the main thread and of another,
 *                                and its real timer (SIGALRM)
 *   computing_signals outside    a signal from another process (a fork child's kill of its parent)
 *   computing_signals avx        the AVX registers whole (their upper halves too) after a handler that changes them, for
 *                                a signal where the thread computes (SIGALRM) and for a fault (SIGILL), and the
 *                                handler's context holding them as Linux lays it out (the xsave image fpregs points to)
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

/* The AVX case. ymm0..ymm15 are loaded with a pattern, the thread waits in a loop without a call (or faults on ud2),
 * and they are stored again; the handler fills every ymm register with ones on the way. */
static unsigned char ymm_in[16][32] __attribute__((aligned(32))), ymm_out[16][32] __attribute__((aligned(32)));
static volatile sig_atomic_t upper_in_context = -1;

#define YMM_ALL(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11) op(12) op(13) op(14) op(15)
#define LOAD(i) "vmovdqa " #i "*32(%[in]), %%ymm" #i "\n"
#define STORE(i) "vmovdqa %%ymm" #i ", " #i "*32(%[out])\n"
#define ONES(i) "vbroadcastss %[one], %%ymm" #i "\n"
#define CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", \
                 "xmm12", "xmm13", "xmm14", "xmm15"

__attribute__((target("avx"))) static void scramble_vectors(void)
{
    static const float one = 1.0f;
    __asm__ volatile(YMM_ALL(ONES) : : [one] "m"(one) : CLOBBERS);
}

/* The upper half of ymm1 as the context shows it: Linux's xsave image (magic 0x46505853 at byte 464 of fpregs, the
 * AVX upper halves at the offset CPUID leaf 0xd gives, 16 bytes each). */
static int upper_half_in(const ucontext_t *uc)
{
    const unsigned char *fp = (const unsigned char *)uc->uc_mcontext.fpregs;
    uint32_t magic, eax, ebx, ecx, edx;
    if (!fp) return 0;
    memcpy(&magic, fp + 464, sizeof magic);
    __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(0xd), "c"(2));
    return magic == 0x46505853 && memcmp(fp + ebx + 16, ymm_in[1] + 16, 16) == 0;
}

/* A timer's tick that comes before the loop has loaded the registers (a thread slow to get there, under load) is not
 * the one looked at: the timer ticks again, up to 50 times. */
static volatile sig_atomic_t ticks;

static void avx_handler(int sig, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    (void)info;
    if (got) return;
    int upper = upper_half_in(uc);
    if (sig == SIGALRM && !upper && ++ticks < 50) return;
    upper_in_context = upper;
    if (sig == SIGILL) uc->uc_mcontext.gregs[REG_RIP] += 2;   /* past the ud2 */
    scramble_vectors();
    got = sig;
}

__attribute__((target("avx"))) static void vectors_through(int fault)
{
    if (fault)
        __asm__ volatile(YMM_ALL(LOAD) "ud2\n" YMM_ALL(STORE) : : [in] "r"(ymm_in), [out] "r"(ymm_out) : CLOBBERS, "memory");
    else
        __asm__ volatile(YMM_ALL(LOAD) "1: cmpl $0, %[got]\n je 1b\n" YMM_ALL(STORE)
                         : : [in] "r"(ymm_in), [out] "r"(ymm_out), [got] "m"(got) : CLOBBERS, "memory");
}

static void avx(void)
{
    if (!__builtin_cpu_supports("avx")) {
        printf("no AVX on this machine\n");
        return;
    }
    for (int i = 0; i < 16; i++)
        for (int k = 0; k < 32; k++) ymm_in[i][k] = (unsigned char)(i * 32 + k + 1);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = avx_handler;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &action, NULL);
    sigaction(SIGILL, &action, NULL);
    for (int fault = 0; fault < 2; fault++) {
        memset(ymm_out, 0, sizeof ymm_out);
        got = 0;
        upper_in_context = -1;
        ticks = 0;
        if (!fault) {
            struct itimerval timer = { { 0, 20000 }, { 0, 20000 } };
            setitimer(ITIMER_REAL, &timer, NULL);
        }
        vectors_through(fault);
        if (!fault) setitimer(ITIMER_REAL, &(struct itimerval){ { 0, 0 }, { 0, 0 } }, NULL);
        int whole = memcmp(ymm_in, ymm_out, sizeof ymm_in) == 0, lower = 1;
        for (int i = 0; i < 16; i++) lower &= memcmp(ymm_in[i], ymm_out[i], 16) == 0;
        printf("%s: signal %d, ymm0-15 whole: %s (lower halves: %s), the handler's context holds the upper halves: %s\n",
               fault ? "ud2 (SIGILL)" : "setitimer (SIGALRM)", (int)got, whole ? "yes" : "no", lower ? "yes" : "no",
               upper_in_context == 1 ? "yes" : "no");
    }
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
    else if (argc > 1 && strcmp(argv[1], "avx") == 0)
        avx();
    else
        in_program();
    return 0;
}
