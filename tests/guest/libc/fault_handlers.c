/* fault_handlers: a program's own handlers for the faults of its code, built natively too (fault_handlers-native),
 * and both must print the same: a SIGSEGV handler that makes the page accessible and returns (the access is made
 * again), one that leaves with siglongjmp, a SIGFPE and a SIGILL handler that step over the instruction through the
 * ucontext (and set the result register), a stack overflow caught on an alternate stack - twice -, a fault handled
 * on a second thread, and SA_RESETHAND.
 *
 * `fault_handlers nested` faults inside its SIGSEGV handler, `overflow` overflows its stack with a handler but no
 * alternate stack, `reset` faults twice under SA_RESETHAND: each ends the program by SIGSEGV, as natively. */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jump;

/* A write to an address no page holds (through a volatile, which the compiler cannot see through). */
static void poke(uintptr_t address)
{
    volatile uintptr_t at = address;
    *(volatile int *)at = 1;
}

static volatile int handled;
static char *page;
static volatile int last_code;
static void *volatile last_addr;
static volatile greg_t last_rip;

static void on(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    if (sigaction(sig, &sa, NULL) != 0) {
        perror("sigaction");
        exit(2);
    }
}

static void record(siginfo_t *info, void *context)
{
    handled++;
    last_code = info->si_code;
    last_addr = info->si_addr;
    last_rip = ((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP];
}

/* Makes the page it faulted on readable and writable, and returns: the access is made again. */
static void unprotect(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    record(info, context);
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static void leave(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    record(info, context);
    siglongjmp(jump, 1);
}

/* Steps over the 2-byte instruction that faulted, with 42 as its result. */
static void step_over(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    record(info, context);
    ucontext_t *uc = context;
    uc->uc_mcontext.gregs[REG_RIP] += 2;
    uc->uc_mcontext.gregs[REG_RAX] = 42;
}

static int blocked(int sig)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

static void protected_page(void)
{
    page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    handled = 0;
    on(SIGSEGV, unprotect, 0);
    *(volatile int *)(page + 8) = 5;
    printf("segv returns: handled=%d code=%s addr=%s value=%d\n", handled,
           last_code == SEGV_ACCERR ? "ACCERR" : last_code == SEGV_MAPERR ? "MAPERR" : "other",
           last_addr == page + 8 ? "the access" : "other", *(volatile int *)(page + 8));
}

static void null_write(void)
{
    handled = 0;
    on(SIGSEGV, leave, 0);
    if (sigsetjmp(jump, 1) == 0) {
        poke(16);
        puts("segv jump: not reached");
    }
    printf("segv jump: handled=%d code=%s addr=%p unblocked=%d\n", handled,
           last_code == SEGV_MAPERR ? "MAPERR" : "other", last_addr, !blocked(SIGSEGV));
}

static void divide_by_zero(void)
{
    handled = 0;
    on(SIGFPE, step_over, 0);
    int result;
    uintptr_t at;
    __asm__ volatile("lea 1f(%%rip), %1\n\t"
                     "mov $7, %%eax\n\t"
                     "cltd\n\t"
                     "xor %%ecx, %%ecx\n"
                     "1:\tidivl %%ecx\n\t"          /* f7 f9 */
                     : "=a"(result), "=r"(at) : : "rcx", "rdx");
    printf("fpe: handled=%d code=%s addr=%s rip=%s result=%d\n", handled, last_code == FPE_INTDIV ? "INTDIV" : "other",
           (uintptr_t)last_addr == at ? "the idiv" : "other", (uintptr_t)last_rip == at ? "the idiv" : "other", result);
}

static void illegal(void)
{
    handled = 0;
    on(SIGILL, step_over, 0);
    uintptr_t at;
    __asm__ volatile("lea 1f(%%rip), %0\n"
                     "1:\tud2\n"                    /* 0f 0b */
                     : "=r"(at) : : "rax");
    printf("ill: handled=%d code=%s addr=%s\n", handled, last_code == ILL_ILLOPN ? "ILLOPN" : "other",
           (uintptr_t)last_addr == at ? "the ud2" : "other");
}

static char *alternate;
static volatile int depth, on_alternate, onstack_flag;

static void overflowed(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    char here;
    on_alternate = &here >= alternate && &here < alternate + SIGSTKSZ * 4;
    stack_t now;
    sigaltstack(NULL, &now);
    onstack_flag = (now.ss_flags & SS_ONSTACK) != 0;
    record(info, context);
    siglongjmp(jump, 1);
}

static volatile int forever = 1;

/* Recurses until the stack overflows (`forever` is never 0; the compiler cannot know). */
static int recurse(int n)
{
    volatile char pad[1024];
    pad[0] = (char)n;
    depth = n;
    return forever ? recurse(n + 1) + pad[0] : 0;
}

static void stack_overflow(const char *round)
{
    handled = 0;
    depth = 0;
    if (sigsetjmp(jump, 1) == 0) {
        recurse(1);
        puts("overflow: not reached");
    }
    printf("overflow %s: handled=%d on the alternate stack=%d SS_ONSTACK=%d deep=%d unblocked=%d\n", round, handled,
           on_alternate, onstack_flag, depth > 1000, !blocked(SIGSEGV));
}

static sigjmp_buf thread_jump;
static void leave_thread(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    record(info, context);
    siglongjmp(thread_jump, 1);
}

static void *faulting_thread(void *arg)
{
    (void)arg;
    if (sigsetjmp(thread_jump, 1) == 0) poke(24);
    return (void *)(intptr_t)handled;
}

static void on_a_thread(void)
{
    handled = 0;
    on(SIGSEGV, leave_thread, 0);
    pthread_t t;
    void *result;
    pthread_create(&t, NULL, faulting_thread, NULL);
    pthread_join(t, &result);
    printf("thread: handled=%d addr=%p\n", (int)(intptr_t)result, last_addr);
}

static void reset_hand(void)
{
    handled = 0;
    on(SIGSEGV, leave, SA_RESETHAND);
    if (sigsetjmp(jump, 1) == 0) poke(32);
    struct sigaction now;
    sigaction(SIGSEGV, NULL, &now);
    printf("resethand: handled=%d default after=%d\n", handled, now.sa_handler == SIG_DFL);
}

static void fault_in_handler(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)info;
    (void)context;
    puts("nested: in the handler");
    fflush(stdout);
    poke(40);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *mode = argc > 1 ? argv[1] : "all";
    if (strcmp(mode, "nested") == 0) {
        on(SIGSEGV, fault_in_handler, 0);
        poke(8);
        return 0;
    }
    if (strcmp(mode, "overflow") == 0) {
        on(SIGSEGV, overflowed, 0);
        puts("overflow without an alternate stack");
        recurse(1);
        return 0;
    }
    if (strcmp(mode, "reset") == 0) {
        reset_hand();
        poke(48);
        return 0;
    }
    protected_page();
    null_write();
    divide_by_zero();
    illegal();

    alternate = malloc(SIGSTKSZ * 4);
    stack_t ss = { .ss_sp = alternate, .ss_flags = 0, .ss_size = SIGSTKSZ * 4 };
    if (sigaltstack(&ss, NULL) != 0) perror("sigaltstack");
    on(SIGSEGV, overflowed, SA_ONSTACK);
    stack_overflow("once");
    stack_overflow("again");

    on_a_thread();
    reset_hand();
    puts("done");
    return 0;
}
