/* setjmp.h - Microcosm: newlib's setjmp/longjmp (machine/setjmp.h: jmp_buf), plus POSIX's
 * sigsetjmp/siglongjmp and XSI's _setjmp/_longjmp as functions (glue/signal/setjmp.c), as glibc has them.
 * sigsetjmp with a non-zero savemask saves the signal mask that sigprocmask keeps, and siglongjmp
 * restores it. */
#ifndef _SETJMP_H_
#define _SETJMP_H_

#include "_ansi.h"
#include <machine/setjmp.h>
#include <sys/_sigset.h>

_BEGIN_STD_C

void longjmp(jmp_buf __jmpb, int __retval) __attribute__((__noreturn__));
int setjmp(jmp_buf __jmpb) __attribute__((__returns_twice__));

#if __POSIX_VISIBLE
typedef struct __mc_sigjmp_buf {
    jmp_buf __jmpbuf;
    int __mask_saved;
    __sigset_t __saved_mask;
} sigjmp_buf[1];

int sigsetjmp(sigjmp_buf __env, int __savemask) __attribute__((__returns_twice__));
void siglongjmp(sigjmp_buf __env, int __retval) __attribute__((__noreturn__));
#endif

#if __XSI_VISIBLE || __BSD_VISIBLE
int _setjmp(jmp_buf __jmpb) __attribute__((__returns_twice__));
void _longjmp(jmp_buf __jmpb, int __retval) __attribute__((__noreturn__));
#endif

_END_STD_C

#endif /* _SETJMP_H_ */
