/* ucontext.h - ucontext_t (sys/ucontext.h). getcontext, setcontext, makecontext and swapcontext are not provided. */
#ifndef _UCONTEXT_H
#define _UCONTEXT_H
#include <sys/ucontext.h>
#endif
