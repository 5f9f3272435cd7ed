/* fault.c - a program's own handlers for the faults of its code (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP), run as
 * Linux runs them: on the faulting thread, on its alternate stack with SA_ONSTACK, with a siginfo (si_code, si_addr)
 * and a ucontext holding the registers of the fault, which the thread resumes with - changed, if the handler changed
 * them - when the handler returns. A handler may also leave with siglongjmp.
 *
 * The core decides in its fault handler whether a fault is the program's (core syscall -15, docs/processes.md): the
 * set of signals with a handler (`handled`, kept here as sigaction changes them) and the thread's fault area, whose
 * `blocked` word is the thread's signal mask. A fault it gives the program resumes the thread at its entry, running
 * on the area, with the context at its end; the entry writes the handler's frame (siginfo, ucontext) on the stack the
 * handler runs on, leaves the area, runs the handler and resumes the context. A fault while the area is busy - the
 * frame could not be written: a stack that overflowed without an alternate stack - or of a signal the thread blocks
 * (so one in a handler for it) is the core's: reported, the program ends by the signal, as Linux ends it. */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ucontext.h>
#include <unistd.h>

#define BIT(sig) (1UL << ((sig) - 1))
#define FAULT_SIGNALS (BIT(SIGSEGV) | BIT(SIGBUS) | BIT(SIGFPE) | BIT(SIGILL) | BIT(SIGTRAP))
#define RED_ZONE 128

enum { GREG_RSP = 15, GREG_RIP = 16 };

static volatile uint64_t handled;   /* read by the core's fault handler, on any thread */
static int entry_registered;

/* The core resumes the thread at __mc_fault_entry (below) with the context in rdi and the stack just below it, on the
 * fault area: the entry saves the vector state there with xsave before any code can change it (xstate.c), and calls
 * this one with that image (NULL without AVX). */
HIDDEN _Noreturn void __mc_fault_entered(struct mc_fault_context *context, unsigned char *xsaved);
HIDDEN void __mc_fault_entry(struct mc_fault_context *context);

__asm__(
    ".text\n"
    ".globl __mc_fault_entry\n"
    ".hidden __mc_fault_entry\n"
    ".type __mc_fault_entry, @function\n"
    "__mc_fault_entry:\n"
    "    cld\n"
    "    xor %esi, %esi\n"
    "    mov __mc_xstate_size(%rip), %ecx\n"
    "    test %ecx, %ecx\n"
    "    jz 1f\n"
    "    add $68, %ecx\n"                /* room for the magic just past the image, 64-aligned */
    "    sub %rcx, %rsp\n"
    "    and $-64, %rsp\n"
    "    mov %rdi, %r8\n"
    "    mov %rsp, %rdi\n"
    "    xor %eax, %eax\n"
    "    rep stosb\n"                    /* the header xrstor checks must be 0 where xsave does not write it */
    "    mov __mc_xstate_mask(%rip), %eax\n"
    "    mov __mc_xstate_mask+4(%rip), %edx\n"
    "    xsave (%rsp)\n"
    "    mov %r8, %rdi\n"
    "    mov %rsp, %rsi\n"
    "1:  and $-16, %rsp\n"
    "    call __mc_fault_entered\n"
    "    ud2\n"
    ".size __mc_fault_entry, .-__mc_fault_entry\n");

/* The entry is the core's way into the program both for a fault it has a handler for and for a signal that waits for a
 * thread computing in the program's own code: registered with the first of either. Without it (an older core), a fault
 * stays the core's (reported) and a signal waits for the thread's next call, as before. */
void __mc_fault_entry_ensure(void)
{
    if (__atomic_load_n(&entry_registered, __ATOMIC_ACQUIRE)) return;
    intptr_t area = __mc_thread_libc_offset() + (intptr_t)offsetof(struct __mc_thread_libc, fault);
    __mc_xstate_probe();
    if (__mc_thread_libc_offset() >= 0 && mc_fault_entry(__mc_fault_entry, area, &handled) == 0)
        __atomic_store_n(&entry_registered, 1, __ATOMIC_RELEASE);
}

void __mc_fault_action_set(int sig, int is_handler)
{
    if (!(BIT(sig) & FAULT_SIGNALS)) return;
    if (!is_handler) {
        __atomic_and_fetch(&handled, ~BIT(sig), __ATOMIC_SEQ_CST);
        return;
    }
    __mc_fault_entry_ensure();
    __atomic_or_fetch(&handled, BIT(sig), __ATOMIC_SEQ_CST);
}

/* What a handler is given, below the stack it runs on: the ucontext first, so that the return below it, which
 * writes the resume address just below the red zone of the interrupted stack, never overwrites the registers it
 * has yet to load; the vector state's image above it (xstate.c), which the return has loaded by then. */
struct frame {
    ucontext_t uc;
    siginfo_t info;
};

/* Runs handler(sig, info, uc) on the stack at `sp` (16-aligned) after marking the fault area free, then resumes uc. */
HIDDEN _Noreturn void __mc_fault_run(void *sp, void *handler, long sig, siginfo_t *info, ucontext_t *uc,
                                     volatile uint64_t *busy);
/* Loads every register of `gregs` (Linux's order) and the vector state - an xsave image as xstate.c makes one, which
 * says so in its software bytes, or fxsave's - and jumps to gregs[REG_RIP]. */
HIDDEN _Noreturn void __mc_context_resume(const greg_t *gregs, const struct _libc_fpstate *fp);
HIDDEN _Noreturn void __mc_fault_return(ucontext_t *uc);

__asm__(
    ".text\n"
    ".globl __mc_fault_run\n"
    ".hidden __mc_fault_run\n"
    ".type __mc_fault_run, @function\n"
    "__mc_fault_run:\n"
    "    mov %rdi, %rsp\n"
    "    movq $0, (%r9)\n"               /* off the area: a fault in the handler may use it */
    "    mov %r8, %rbx\n"                /* never returns: callee-saved registers are free */
    "    mov %rsi, %rax\n"
    "    mov %edx, %edi\n"
    "    mov %rcx, %rsi\n"
    "    mov %r8, %rdx\n"
    "    call *%rax\n"
    "    mov %rbx, %rdi\n"
    "    call __mc_fault_return\n"
    "    ud2\n"
    ".size __mc_fault_run, .-__mc_fault_run\n"
    ".globl __mc_context_resume\n"
    ".hidden __mc_context_resume\n"
    ".type __mc_context_resume, @function\n"
    "__mc_context_resume:\n"
    "    test %rsi, %rsi\n"
    "    jz 1f\n"
    "    cmpl $0x46505853, 464(%rsi)\n"  /* FP_XSTATE_MAGIC1 */
    "    jne 2f\n"
    "    mov 480(%rsi), %eax\n"          /* its size: ours, and FP_XSTATE_MAGIC2 just past it */
    "    test %eax, %eax\n"
    "    jz 2f\n"
    "    cmp __mc_xstate_size(%rip), %eax\n"
    "    jne 2f\n"
    "    cmpl $0x46505845, (%rsi,%rax)\n"
    "    jne 2f\n"
    "    mov __mc_xstate_mask(%rip), %eax\n"
    "    mov __mc_xstate_mask+4(%rip), %edx\n"
    "    xrstor (%rsi)\n"
    "    jmp 1f\n"
    "2:  fxrstor (%rsi)\n"
    "1:  mov 15*8(%rdi), %rax\n"         /* the stack to resume on */
    "    mov 16*8(%rdi), %rcx\n"
    "    mov %rcx, -136(%rax)\n"         /* where to resume, below its red zone */
    "    pushq 17*8(%rdi)\n"
    "    popfq\n"                        /* nothing below changes the flags */
    "    mov %rdi, %rsp\n"
    "    pop %r8\n"
    "    pop %r9\n"
    "    pop %r10\n"
    "    pop %r11\n"
    "    pop %r12\n"
    "    pop %r13\n"
    "    pop %r14\n"
    "    pop %r15\n"
    "    pop %rdi\n"
    "    pop %rsi\n"
    "    pop %rbp\n"
    "    pop %rbx\n"
    "    pop %rdx\n"
    "    pop %rax\n"
    "    pop %rcx\n"
    "    pop %rsp\n"
    "    jmp *-136(%rsp)\n"
    ".size __mc_context_resume, .-__mc_context_resume\n");

/* The thread's alternate stack as sigaltstack and a handler's uc_stack show it: SS_ONSTACK when `sp` is on it. */
stack_t __mc_alternate_stack(const struct __mc_thread_libc *t, uintptr_t sp)
{
    int on = !(t->altstack_flags & SS_DISABLE) && sp - (uintptr_t)t->altstack_sp < t->altstack_size;
    return (stack_t){ t->altstack_sp, t->altstack_flags | (on ? SS_ONSTACK : 0), t->altstack_size };
}

/* The stack a handler with `flags` runs on for a fault at `sp`: the top of the thread's alternate stack with
 * SA_ONSTACK when it has one and `sp` is not on it already, else below the red zone of the interrupted stack. */
static char *handler_stack(const struct __mc_thread_libc *t, int flags, uintptr_t sp)
{
    stack_t alt = __mc_alternate_stack(t, sp);
    if ((flags & SA_ONSTACK) && !(alt.ss_flags & (SS_DISABLE | SS_ONSTACK))) return (char *)alt.ss_sp + alt.ss_size;
    return (char *)(sp - RED_ZONE);
}

/* The ucontext a handler is given, from the context the core wrote in the fault area and the vector state's image:
 * the registers and the image (copied to `room`, __mc_xstate_room() bytes, when it is xsave's), the thread's mask,
 * and its alternate stack (whether the interrupted code ran on it, as on Linux). */
static void fill_context(ucontext_t *uc, const struct __mc_thread_libc *t, const struct mc_fault_context *context,
                         const unsigned char *image, unsigned char *room)
{
    uc->uc_stack = __mc_alternate_stack(t, (uintptr_t)context->gregs[GREG_RSP]);
    memcpy(uc->uc_mcontext.gregs, context->gregs, sizeof uc->uc_mcontext.gregs);
    __mc_xstate_place(uc, image, room);
    uc->uc_sigmask = __mc_signal_mask();
}

#define ROUND64(n) (((n) + 63) & ~(uintptr_t)63)

/* Moves to `sp` (16-aligned, below the interrupted code's red zone, where `uc` is), marks the fault area free, takes
 * what waits for the thread if `deliver` (__mc_interrupted_deliver), and resumes uc (__mc_interrupted_return). */
HIDDEN _Noreturn void __mc_interrupted_run(void *sp, ucontext_t *uc, long deliver, volatile uint64_t *busy);
HIDDEN void __mc_interrupted_deliver(ucontext_t *uc);
HIDDEN _Noreturn void __mc_interrupted_return(ucontext_t *uc, long delivered);

__asm__(
    ".text\n"
    ".globl __mc_interrupted_run\n"
    ".hidden __mc_interrupted_run\n"
    ".type __mc_interrupted_run, @function\n"
    "__mc_interrupted_run:\n"
    "    mov %rdi, %rsp\n"
    "    movq $0, (%rcx)\n"               /* off the area: the next interruption or fault may use it */
    "    mov %rsi, %rbx\n"                /* never returns: callee-saved registers are free */
    "    mov %rdx, %r12\n"
    "    test %rdx, %rdx\n"
    "    jz 1f\n"
    "    mov %rbx, %rdi\n"
    "    call __mc_interrupted_deliver\n"
    "1:  mov %rbx, %rdi\n"
    "    mov %r12, %rsi\n"
    "    call __mc_interrupted_return\n"
    "    ud2\n"
    ".size __mc_interrupted_run, .-__mc_interrupted_run\n");

/* What the thread takes where it computes: its pending signals - the first SA_SIGINFO handler gets `uc`, the
 * interrupted context, as on Linux (signal.c takes it from the thread's region) - and an asynchronous cancellation
 * (-2: no cancellation point, so a deferred one waits). */
void __mc_interrupted_deliver(ucontext_t *uc)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    t->interrupted_context = uc;
    __mc_signal_deliver_pending();
    t->interrupted_context = NULL;
    __mc_cancel_entry(-2, 0);
}

/* After delivering, as after a handler: the mask the context holds is put back (a handler may have changed it there)
 * and the registers (__mc_fault_return). Interrupted in the C library, where the mask may be what it was changing:
 * the registers alone. */
void __mc_interrupted_return(ucontext_t *uc, long delivered)
{
    if (delivered) __mc_fault_return(uc);
    __mc_context_resume(uc->uc_mcontext.gregs, uc->uc_mcontext.fpregs);
}

/* The C library's own code and data, from its ELF header to the end of its text. */
extern const char __ehdr_start[] __attribute__((visibility("hidden")));
extern const char __etext[] __attribute__((visibility("hidden")));

/* Signal 0: not a fault. The core interrupted a thread that computes in the program's own code for a signal that waits
 * for it (core syscall -13): the signals pending for it that it does not block are delivered here, on the interrupted
 * stack below its red zone, and the thread resumes where it was, with what a handler changed in the context - a
 * program spinning in a loop runs its handler at once, as on Linux, and a thread with asynchronous cancellation is
 * cancelled there. Not when it was in the C library's own code, which may hold the signal table's lock or a
 * half-changed heap: it resumes at once there, and the signal waits for its next call (or the sender's next
 * interruption, or the listener's own delivery: signal.c). */
static _Noreturn void taken_where_computing(struct __mc_thread_libc *t, struct mc_fault_context *context,
                                            const unsigned char *image)
{
    uintptr_t pc = (uintptr_t)context->gregs[GREG_RIP];
    long deliver = !(pc >= (uintptr_t)__ehdr_start && pc < (uintptr_t)__etext);
    /* 64 bytes apart from the red zone: the resume writes its address just below the red zone (__mc_context_resume),
     * once it has loaded the vector state, which lies above the ucontext. */
    size_t room = __mc_xstate_room();
    uintptr_t below = (uintptr_t)context->gregs[GREG_RSP] - RED_ZONE - 64 - ROUND64(sizeof(ucontext_t)) - room;
    ucontext_t *uc = (ucontext_t *)(below & ~(uintptr_t)63);
    memset(uc, 0, offsetof(ucontext_t, uc_mcontext));
    fill_context(uc, t, context, image, room ? (unsigned char *)uc + ROUND64(sizeof(ucontext_t)) : NULL);
    __mc_interrupted_run(uc, uc, deliver, &t->fault.busy);
}

/* Entered from the core's fault handler through __mc_fault_entry, on the thread's fault area (it never returns). */
void __mc_fault_entered(struct mc_fault_context *context, unsigned char *xsaved)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    int sig = *(const int *)context->info;
    const unsigned char *image = __mc_xstate_finish(context->fpregs, xsaved);
    if (sig == 0) {
        if (t) taken_where_computing(t, context, image);
        /* No region to take it with: it goes on as it was (the area stays busy). */
        __mc_context_resume((const greg_t *)context->gregs, (const struct _libc_fpstate *)image);
    }
    struct sigaction action;
    /* The action changed since the core looked (another thread reset it): the fault ends the program, as the
     * default action of a fault signal does. */
    if (!t || !__mc_signal_take_handler(sig, &action)) {
        for (;;)
            if (mc_exit_signal(sig) < 0) _exit(128 + sig);
    }

    char *top = handler_stack(t, action.sa_flags, context->gregs[GREG_RSP]);
    size_t room = __mc_xstate_room();
    struct frame *f = (struct frame *)(((uintptr_t)top - ROUND64(sizeof(struct frame)) - room) & ~(uintptr_t)63);
    /* Writing the frame may fault (an overflowed stack): the area is still busy, so that fault is the core's. */
    memset(f, 0, sizeof *f);
    f->info.si_signo = sig;
    f->info.si_code = *(const int *)(context->info + 8);
    memcpy(&f->info.si_addr, context->info + 16, sizeof f->info.si_addr);
    fill_context(&f->uc, t, context, image, room ? (unsigned char *)f + ROUND64(sizeof(struct frame)) : NULL);

    sigset_t blocked = f->uc.uc_sigmask | action.sa_mask;
    if (!(action.sa_flags & SA_NODEFER)) blocked |= BIT(sig);
    __mc_signal_set_mask(blocked);
    __mc_fault_run(f, (void *)action.sa_handler, sig, &f->info, &f->uc, &t->fault.busy);
}

/* A handler returned: the mask it ran with is put back (uc_sigmask, as sigreturn does), signals that unblocks are
 * delivered, and the thread resumes from the context, which the handler may have changed. */
void __mc_fault_return(ucontext_t *uc)
{
    __mc_signal_set_mask(uc->uc_sigmask);
    __mc_signal_deliver_pending();
    __mc_context_resume(uc->uc_mcontext.gregs, uc->uc_mcontext.fpregs);
}

/* The calling thread's alternate signal stack, which fault handlers with SA_ONSTACK run on. Changing it while
 * running on it fails with EPERM, as on Linux. */
int sigaltstack(const stack_t *restrict stack, stack_t *restrict old)
{
    struct __mc_thread_libc *t = __mc_thread_libc();
    if (!t) {
        errno = ENOSYS;
        return -1;
    }
    char here;
    stack_t now = __mc_alternate_stack(t, (uintptr_t)&here);
    int on = (now.ss_flags & SS_ONSTACK) != 0;
    if (stack) {
        if (stack->ss_flags & ~SS_DISABLE) { errno = EINVAL; return -1; }
        if (on) { errno = EPERM; return -1; }
        if (!(stack->ss_flags & SS_DISABLE) && stack->ss_size < MINSIGSTKSZ) { errno = ENOMEM; return -1; }
    }
    if (old) *old = now;
    if (stack) {
        int disable = (stack->ss_flags & SS_DISABLE) != 0;
        t->altstack_sp = disable ? NULL : stack->ss_sp;
        t->altstack_size = disable ? 0 : stack->ss_size;
        t->altstack_flags = disable ? SS_DISABLE : 0;
    }
    return 0;
}
