/* setjmp.c - POSIX sigsetjmp/siglongjmp and XSI _setjmp/_longjmp over newlib's setjmp/longjmp.
 *
 * sigsetjmp must return twice, so it cannot call setjmp and return: it saves the mask (a C helper),
 * then jumps to setjmp with its own caller's stack and registers untouched, so that setjmp records
 * sigsetjmp's caller. The signal mask is the one sigprocmask keeps (signal.c). */
#include "libc_internal.h"
#include <setjmp.h>
#include <signal.h>

HIDDEN void __mc_sigsetjmp_save(sigjmp_buf env, int savemask);

void __mc_sigsetjmp_save(sigjmp_buf env, int savemask)
{
    env->__mask_saved = savemask != 0;
    if (savemask) sigprocmask(SIG_BLOCK, NULL, &env->__saved_mask);
}

/* On entry the stack pointer is 8 below a 16-byte boundary: pushing env aligns it for the call. */
__asm__(
    ".text\n"
    ".globl sigsetjmp\n"
    ".type sigsetjmp, @function\n"
    "sigsetjmp:\n"
    "    push %rdi\n"
    "    call __mc_sigsetjmp_save\n"
    "    pop %rdi\n"
    "    jmp setjmp@PLT\n"          /* env's first member is its jmp_buf */
    ".size sigsetjmp, .-sigsetjmp\n"
    ".globl _setjmp\n"
    ".type _setjmp, @function\n"
    "_setjmp:\n"
    "    jmp setjmp@PLT\n"
    ".size _setjmp, .-_setjmp\n");

void siglongjmp(sigjmp_buf env, int value)
{
    if (env->__mask_saved) sigprocmask(SIG_SETMASK, &env->__saved_mask, NULL);
    longjmp(env->__jmpbuf, value);
}

void _longjmp(jmp_buf env, int value) { longjmp(env, value); }
