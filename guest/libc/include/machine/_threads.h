/* machine/_threads.h - the types of C11 <threads.h> (newlib's header includes this file): C11
 * threads are Microcosm's POSIX threads (glue/thread/threads.c), so each type is its POSIX counterpart. */
#ifndef _MACHINE__THREADS_H_
#define _MACHINE__THREADS_H_
/* <sys/features.h> first: it defines _POSIX_THREADS, under which <sys/_pthreadtypes.h> declares the
 * types; included first by a program, <threads.h> would otherwise find none of them. */
#include <sys/features.h>
#include <sys/_pthreadtypes.h>

typedef pthread_cond_t cnd_t;
typedef pthread_mutex_t mtx_t;
typedef pthread_t thrd_t;
typedef pthread_key_t tss_t;
typedef pthread_once_t once_flag;

#define ONCE_FLAG_INIT _PTHREAD_ONCE_INIT
#define TSS_DTOR_ITERATIONS 4   /* as the POSIX keys' destructors (glue/thread/pthread.c) */
#endif
