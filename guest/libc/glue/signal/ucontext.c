/* ucontext.c - getcontext, setcontext, makecontext and swapcontext (<ucontext.h>), as glibc gives them on x86-64:
 * a context is the registers the psABI has a callee keep (rbx, rbp, r12-r15, rsp and where to go on: rip), the
 * argument registers (for makecontext's function), the x87 control environment and MXCSR, and the thread's signal
 * mask. The other registers are a call's to clobber, so a context resumed by setcontext looks like getcontext
 * returning 0 again. Coroutine libraries, language runtimes and test suites switch stacks with these.
 *
 * The ucontext a signal's SA_SIGINFO handler gets when the signal is taken at a call (signal.c) is made here too:
 * glibc's layout, as a fault's is (fault.c). */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <ucontext.h>

/* The offsets the assembly below uses, checked against the header's layout, and the slot of each register in gregs:
 * the numbers REG_* stand for (an enum, which the assembler cannot read). */
#define UC_GREGS 40
#define UC_FPREGS 224
#define UC_FPREGS_MEM 304
#define FP_MXCSR 24
#define SLOT_R8 0
#define SLOT_R9 1
#define SLOT_R12 4
#define SLOT_R13 5
#define SLOT_R14 6
#define SLOT_R15 7
#define SLOT_RDI 8
#define SLOT_RSI 9
#define SLOT_RBP 10
#define SLOT_RBX 11
#define SLOT_RDX 12
#define SLOT_RCX 14
#define SLOT_RSP 15
#define SLOT_RIP 16
_Static_assert(offsetof(ucontext_t, uc_mcontext.gregs) == UC_GREGS, "gregs");
_Static_assert(offsetof(ucontext_t, uc_mcontext.fpregs) == UC_FPREGS, "fpregs");
_Static_assert(offsetof(ucontext_t, __fpregs_mem) == UC_FPREGS_MEM, "__fpregs_mem");
_Static_assert(offsetof(struct _libc_fpstate, mxcsr) == FP_MXCSR, "mxcsr");
_Static_assert(SLOT_R8 == REG_R8 && SLOT_R9 == REG_R9 && SLOT_R12 == REG_R12 && SLOT_R13 == REG_R13 && SLOT_R14 == REG_R14 &&
               SLOT_R15 == REG_R15 && SLOT_RDI == REG_RDI && SLOT_RSI == REG_RSI && SLOT_RBP == REG_RBP &&
               SLOT_RBX == REG_RBX && SLOT_RDX == REG_RDX && SLOT_RCX == REG_RCX && SLOT_RSP == REG_RSP &&
               SLOT_RIP == REG_RIP, "gregs' slots");

/* The assembly's calls into C: the mask is the C library's own (per thread: signal.c). Saving it only reads it (no
 * pending signal is delivered there: signal.c's delivery saves a context before it blocks the signal); setting it
 * delivers what it unblocks, as sigprocmask does. */
HIDDEN void __mc_context_save_mask(ucontext_t *uc);
HIDDEN void __mc_context_load_mask(const ucontext_t *uc);
void __mc_context_save_mask(ucontext_t *uc) { uc->uc_sigmask = __mc_signal_mask(); }
void __mc_context_load_mask(const ucontext_t *uc) { pthread_sigmask(SIG_SETMASK, &uc->uc_sigmask, NULL); }

#define STR2(x) #x
#define STR(x) STR2(x)
/* A register's place in the ucontext at the register named in the instruction: "AT(SLOT_RBX)(%rdi)". */
#define AT(slot) STR(UC_GREGS + 8 * slot)
/* Stores the registers a context keeps into the ucontext at %rdi, as if the caller's call returned there: rip is the
 * return address and rsp the caller's stack pointer after it; then the FP control state (fnstenv masks the x87
 * exceptions, so fldenv puts them back). Leaves rcx pointing at the FP state. */
#define SAVE_REGISTERS                                                  \
    "    mov %rbx, " AT(SLOT_RBX) "(%rdi)\n"                        \
    "    mov %rbp, " AT(SLOT_RBP) "(%rdi)\n"                        \
    "    mov %r12, " AT(SLOT_R12) "(%rdi)\n"                        \
    "    mov %r13, " AT(SLOT_R13) "(%rdi)\n"                        \
    "    mov %r14, " AT(SLOT_R14) "(%rdi)\n"                        \
    "    mov %r15, " AT(SLOT_R15) "(%rdi)\n"                        \
    "    mov %rdi, " AT(SLOT_RDI) "(%rdi)\n"                        \
    "    mov %rsi, " AT(SLOT_RSI) "(%rdi)\n"                        \
    "    mov %rdx, " AT(SLOT_RDX) "(%rdi)\n"                        \
    "    mov %rcx, " AT(SLOT_RCX) "(%rdi)\n"                        \
    "    mov %r8, " AT(SLOT_R8) "(%rdi)\n"                          \
    "    mov %r9, " AT(SLOT_R9) "(%rdi)\n"                          \
    "    mov (%rsp), %rcx\n"                                        \
    "    mov %rcx, " AT(SLOT_RIP) "(%rdi)\n"                        \
    "    lea 8(%rsp), %rcx\n"                                       \
    "    mov %rcx, " AT(SLOT_RSP) "(%rdi)\n"                        \
    "    lea " STR(UC_FPREGS_MEM) "(%rdi), %rcx\n"                  \
    "    mov %rcx, " STR(UC_FPREGS) "(%rdi)\n"                      \
    "    fnstenv (%rcx)\n"                                          \
    "    fldenv (%rcx)\n"                                           \
    "    stmxcsr " STR(FP_MXCSR) "(%rcx)\n"

#define FUNCTION(name) ".globl " #name "\n.type " #name ", @function\n" #name ":\n"
#define END(name) ".size " #name ", .-" #name "\n"

__asm__(".text\n"
        /* int getcontext(ucontext_t *uc) */
        FUNCTION(getcontext)
        SAVE_REGISTERS
        "    sub $8, %rsp\n"                    /* the call's alignment (entry: rsp = 8 mod 16) */
        "    call __mc_context_save_mask\n"
        "    add $8, %rsp\n"
        "    xor %eax, %eax\n"
        "    ret\n"
        END(getcontext)

        /* int setcontext(const ucontext_t *uc): the mask first (a signal it unblocks is taken here, as Linux takes it
         * at setcontext's rt_sigprocmask), then the FP control state, the stack and the registers; "returns" 0 where
         * the context was made. */
        FUNCTION(setcontext)
        "    push %rdi\n"
        "    call __mc_context_load_mask\n"
        "    pop %rdx\n"
        "    mov " STR(UC_FPREGS) "(%rdx), %rcx\n"
        "    test %rcx, %rcx\n"
        "    jz 1f\n"
        "    fldenv (%rcx)\n"
        "    ldmxcsr " STR(FP_MXCSR) "(%rcx)\n"
        "1:  mov " AT(SLOT_RSP) "(%rdx), %rsp\n"
        "    mov " AT(SLOT_RBX) "(%rdx), %rbx\n"
        "    mov " AT(SLOT_RBP) "(%rdx), %rbp\n"
        "    mov " AT(SLOT_R12) "(%rdx), %r12\n"
        "    mov " AT(SLOT_R13) "(%rdx), %r13\n"
        "    mov " AT(SLOT_R14) "(%rdx), %r14\n"
        "    mov " AT(SLOT_R15) "(%rdx), %r15\n"
        "    pushq " AT(SLOT_RIP) "(%rdx)\n"
        "    mov " AT(SLOT_RDI) "(%rdx), %rdi\n"
        "    mov " AT(SLOT_RSI) "(%rdx), %rsi\n"
        "    mov " AT(SLOT_RCX) "(%rdx), %rcx\n"
        "    mov " AT(SLOT_R8) "(%rdx), %r8\n"
        "    mov " AT(SLOT_R9) "(%rdx), %r9\n"
        "    mov " AT(SLOT_RDX) "(%rdx), %rdx\n"
        "    xor %eax, %eax\n"
        "    ret\n"
        END(setcontext)

        /* int swapcontext(ucontext_t *save, const ucontext_t *uc): getcontext(save), then setcontext(uc); resuming
         * save returns 0 from here. r12 is saved already, so it can carry uc across the mask's call. */
        FUNCTION(swapcontext)
        SAVE_REGISTERS
        "    mov %rsi, %r12\n"
        "    sub $8, %rsp\n"
        "    call __mc_context_save_mask\n"
        "    add $8, %rsp\n"
        "    mov %r12, %rdi\n"
        "    jmp setcontext\n"
        END(swapcontext)

        /* Where a function makecontext started returns to: rbx holds uc_link (kept across the function, callee-saved);
         * the next context, or the thread's end as glibc ends it (exit(0)). rsp is 16-aligned here. */
        ".type __mc_context_start, @function\n"
        "__mc_context_start:\n"
        "    mov %rbx, %rdi\n"
        "    test %rdi, %rdi\n"
        "    jz 1f\n"
        "    call setcontext\n"
        "1:  xor %edi, %edi\n"
        "    call exit\n"
        "    hlt\n"
        END(__mc_context_start));

HIDDEN void __mc_context_start(void);

/* The context runs func(args...) on uc_stack: the first six arguments in registers, the rest on the stack above the
 * return address (__mc_context_start), which lies where a call would have put it (rsp + 8 16-aligned). Arguments are
 * taken as 64-bit values, as glibc takes them (a pointer passed as two ints is not portable either way). */
void makecontext(ucontext_t *uc, void (*func)(void), int argc, ...)
{
    static const int registers[6] = { REG_RDI, REG_RSI, REG_RDX, REG_RCX, REG_R8, REG_R9 };
    int on_stack = argc > 6 ? argc - 6 : 0;
    uintptr_t top = (uintptr_t)uc->uc_stack.ss_sp + uc->uc_stack.ss_size;
    uintptr_t *args = (uintptr_t *)((top - (uintptr_t)on_stack * 8) & ~(uintptr_t)15);
    args[-1] = (uintptr_t)__mc_context_start;
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++) {
        greg_t value = va_arg(ap, greg_t);
        if (i < 6) uc->uc_mcontext.gregs[registers[i]] = value;
        else args[i - 6] = (uintptr_t)value;
    }
    va_end(ap);
    uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)func;
    uc->uc_mcontext.gregs[REG_RSP] = (greg_t)(uintptr_t)(args - 1);
    uc->uc_mcontext.gregs[REG_RBX] = (greg_t)(uintptr_t)uc->uc_link;
}
