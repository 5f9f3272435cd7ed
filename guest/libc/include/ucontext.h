/* ucontext.h - ucontext_t (sys/ucontext.h) and the functions that save and switch to one (glue/signal/ucontext.c), as
 * glibc declares them. */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H
#include <sys/ucontext.h>

#ifdef __cplusplus
extern "C" {
#endif
int getcontext(ucontext_t *__ucp);
int setcontext(const ucontext_t *__ucp);
void makecontext(ucontext_t *__ucp, void (*__func)(void), int __argc, ...);
int swapcontext(ucontext_t *__restrict __oucp, const ucontext_t *__restrict __ucp);
#ifdef __cplusplus
}
#endif
#endif
