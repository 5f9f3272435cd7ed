/* sys/_pthreadtypes.h - Microcosm's POSIX thread types (replaces newlib's RTEMS-style object ids).
 * The objects live in the user's memory and are driven by futex words, so every type is a small
 * structure with a static initializer of zeros. Layouts are part of the guest ABI (docs/libc.md). */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#if defined(_POSIX_THREADS) || __POSIX_VISIBLE >= 199506

#include <sys/sched.h>

/* A thread is named by its control block's address. */
typedef unsigned long pthread_t;

#define PTHREAD_SCOPE_PROCESS 0
#define PTHREAD_SCOPE_SYSTEM  1
#define PTHREAD_INHERIT_SCHED  1
#define PTHREAD_EXPLICIT_SCHED 2
#define PTHREAD_CREATE_DETACHED 0
#define PTHREAD_CREATE_JOINABLE 1

typedef struct {
  int is_initialized;
  void *stackaddr;
  __SIZE_TYPE__ stacksize;
  __SIZE_TYPE__ guardsize;
  int contentionscope;
  int inheritsched;
  int schedpolicy;
  struct sched_param schedparam;
  int detachstate;
} pthread_attr_t;

#define PTHREAD_STACK_MIN 16384

#define PTHREAD_PROCESS_PRIVATE 0
#define PTHREAD_PROCESS_SHARED  1

#define PTHREAD_PRIO_NONE    0
#define PTHREAD_PRIO_INHERIT 1
#define PTHREAD_PRIO_PROTECT 2

#define PTHREAD_MUTEX_NORMAL     0
#define PTHREAD_MUTEX_RECURSIVE  1
#define PTHREAD_MUTEX_ERRORCHECK 2
#define PTHREAD_MUTEX_DEFAULT    PTHREAD_MUTEX_NORMAL

/* state: 0 free, 1 locked, 2 locked with waiters (the futex word). */
typedef struct {
  int state;
  int type;
  unsigned long owner;   /* pthread_t of the holder (recursive and error-checking mutexes) */
  unsigned int count;    /* recursion depth */
  int reserved;
} pthread_mutex_t;

typedef struct {
  int is_initialized;
  int type;
  int process_shared;
  int protocol;
} pthread_mutexattr_t;

#define _PTHREAD_MUTEX_INITIALIZER { 0, PTHREAD_MUTEX_NORMAL, 0, 0, 0 }
#define PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP { 0, PTHREAD_MUTEX_RECURSIVE, 0, 0, 0 }

/* sequence: bumped by every signal/broadcast (the futex word waiters sleep on). */
typedef struct {
  unsigned int sequence;
  int clock;             /* 0 = CLOCK_REALTIME (the default), else the clock id + 1 */
  long reserved;
} pthread_cond_t;

typedef struct {
  int is_initialized;
  int clock;             /* clockid_t */
  int process_shared;
} pthread_condattr_t;

#define _PTHREAD_COND_INITIALIZER { 0, 0, 0 }

typedef unsigned int pthread_key_t;

/* state: 0 not run, 1 running, 2 done (the futex word). */
typedef struct {
  int state;
} pthread_once_t;

#define _PTHREAD_ONCE_INIT { 0 }

#if defined(_POSIX_BARRIERS)
typedef struct {
  unsigned int count;
  unsigned int waiting;
  unsigned int generation;  /* the futex word */
  int lock;
} pthread_barrier_t;
typedef struct {
  int is_initialized;
  int process_shared;
} pthread_barrierattr_t;
#endif

typedef int pthread_spinlock_t;

#if defined(_POSIX_READER_WRITER_LOCKS)
/* state: readers holding it, or -1 when a writer holds it; waiters: writers + readers waiting. */
typedef struct {
  int state;
  unsigned int sequence;    /* the futex word waiters sleep on */
  unsigned int writers_waiting;
  int reserved;
} pthread_rwlock_t;
typedef struct {
  int is_initialized;
  int process_shared;
} pthread_rwlockattr_t;
#define _PTHREAD_RWLOCK_INITIALIZER { 0, 0, 0, 0 }
#define PTHREAD_RWLOCK_INITIALIZER _PTHREAD_RWLOCK_INITIALIZER
#endif

#endif /* defined(_POSIX_THREADS) || __POSIX_VISIBLE >= 199506 */

#endif /* ! _SYS__PTHREADTYPES_H_ */
