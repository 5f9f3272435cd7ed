/* ucontext.c - getcontext, setcontext, makecontext and swapcontext, and the ucontext a signal's SA_SIGINFO handler
 * gets when the signal is taken at a call; built natively and with `microcosm cc`, the output compared (LibcTests).
 * Each line says what was seen; nothing printed depends on addresses. */
#define _GNU_SOURCE
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

static ucontext_t main_context, generator_context, linked_context;
static long yielded;

/* A generator: yields 1, 2, 3 by switching back to main, then returns (to uc_link: main's context again). */
static void generator(int first, int step)
{
    for (int i = 0; i < 3; i++) {
        yielded = first + i * step;
        swapcontext(&generator_context, &main_context);
    }
    yielded = -1;
}

/* Eight arguments: six in registers, two on the stack above the return address. */
static void eight(long a, long b, long c, long d, long e, long f, long g, long h)
{
    printf("eight arguments: %ld %ld %ld %ld %ld %ld %ld %ld\n", a, b, c, d, e, f, g, h);
    /* the stack the function runs on is aligned as a call leaves it: SSE spills and printf of a double work */
    volatile double x = (double)(a + h) / 4;
    printf("a double on the context's stack: %.2f\n", x);
}

/* Changes the rounding mode and returns to main through swapcontext: main's own mode must come back with its context. */
static void rounding(void)
{
    fesetround(FE_DOWNWARD);
    swapcontext(&generator_context, &main_context);
}

static volatile int handled;
static ucontext_t *resume_through;

static void on_usr1(int sig, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    handled++;
    printf("handler: signal %d, a context: %s\n", sig, uc ? "yes" : "no");
    if (!uc) return;
    printf("handler: the context's mask blocks SIGUSR2 (blocked before): %d, SIGUSR1 (the signal): %d\n",
           sigismember(&uc->uc_sigmask, SIGUSR2), sigismember(&uc->uc_sigmask, SIGUSR1));
    printf("handler: a place to return to: %s\n", uc->uc_mcontext.gregs[REG_RIP] != 0 ? "yes" : "no");
    (void)info;
    /* What the thread goes on with is the context's mask, as sigreturn puts it back. */
    sigaddset(&uc->uc_sigmask, SIGTERM);
    if (resume_through) setcontext(uc);   /* resumes where the signal was taken: raise returns */
}

int main(void)
{
    /* 1. getcontext returns again each time setcontext resumes its context. */
    volatile int passes = 0;
    ucontext_t again;
    getcontext(&again);
    if (++passes < 3) setcontext(&again);
    printf("getcontext returned %d times\n", passes);

    /* 2. A generator on a stack of its own, with arguments, linked back to main when it returns. */
    static char stack[64 * 1024];
    getcontext(&generator_context);
    generator_context.uc_stack.ss_sp = stack;
    generator_context.uc_stack.ss_size = sizeof stack;
    generator_context.uc_link = &main_context;
    makecontext(&generator_context, (void (*)(void))generator, 2, 10, 5);
    for (;;) {
        swapcontext(&main_context, &generator_context);
        printf("yielded %ld\n", yielded);
        if (yielded < 0) break;
    }

    /* 3. Eight arguments, and a function whose end with uc_link set returns to the linked context. */
    static char stack2[64 * 1024];
    getcontext(&linked_context);
    linked_context.uc_stack.ss_sp = stack2;
    linked_context.uc_stack.ss_size = sizeof stack2;
    linked_context.uc_link = &main_context;
    makecontext(&linked_context, (void (*)(void))eight, 8, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    swapcontext(&main_context, &linked_context);
    printf("back in main after the linked function ended\n");

    /* 4. The mask is part of a context: setcontext puts back the one getcontext saw. */
    sigset_t usr1, now;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    volatile int mask_pass = 0;
    ucontext_t masked;
    getcontext(&masked);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("mask pass %d: SIGUSR1 blocked %d\n", mask_pass, sigismember(&now, SIGUSR1));
    if (mask_pass++ == 0) {
        sigprocmask(SIG_UNBLOCK, &usr1, NULL);
        setcontext(&masked);
    }
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);

    /* 5. The rounding mode (MXCSR) is part of a context too. */
    static char stack3[64 * 1024];
    getcontext(&generator_context);
    generator_context.uc_stack.ss_sp = stack3;
    generator_context.uc_stack.ss_size = sizeof stack3;
    generator_context.uc_link = &main_context;
    makecontext(&generator_context, rounding, 0);
    swapcontext(&main_context, &generator_context);
    printf("main's rounding mode after the switch back: %s\n", fegetround() == FE_TONEAREST ? "to nearest" : "changed");

    /* 6. A signal taken at a call (raise) gives its SA_SIGINFO handler a context: the mask before the handler (SIGUSR2
     * blocked, SIGUSR1 not) and a place to return to; the mask the handler leaves in it is the thread's afterwards. */
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_usr1;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &action, NULL);
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    raise(SIGUSR1);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("after the handler: SIGTERM blocked %d, SIGUSR2 blocked %d, SIGUSR1 blocked %d\n",
           sigismember(&now, SIGTERM), sigismember(&now, SIGUSR2), sigismember(&now, SIGUSR1));

    /* 7. A handler that resumes its context with setcontext: raise returns, and the program goes on. */
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &term, NULL);
    resume_through = &main_context;
    int r = raise(SIGUSR1);
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("resumed through setcontext: raise returned %d, handled %d times, SIGTERM blocked %d\n", r, handled,
           sigismember(&now, SIGTERM));
    return 0;
}
