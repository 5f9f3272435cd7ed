/* semaphore.h - Microcosm: POSIX unnamed semaphores on a futex word (glue/thread/semaphore.c). There is
 * one process, so a process-shared semaphore is shared by the program's threads like any other.
 * Named semaphores (sem_open) are not provided: they fail with ENOSYS. */
#ifndef _SEMAPHORE_H
#define _SEMAPHORE_H

#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/_timespec.h>
#include <limits.h>

typedef struct {
    volatile int __value;       /* the count; the futex word */
    volatile int __waiters;     /* threads blocked in a wait */
    int __pshared;
    int __spare[5];
} sem_t;

#define SEM_FAILED ((sem_t *)0)
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX INT_MAX
#endif

__BEGIN_DECLS
int sem_init(sem_t *__sem, int __pshared, unsigned int __value);
int sem_destroy(sem_t *__sem);
int sem_wait(sem_t *__sem);
int sem_trywait(sem_t *__sem);
int sem_timedwait(sem_t *__restrict __sem, const struct timespec *__restrict __abstime);
#if __GNU_VISIBLE
int sem_clockwait(sem_t *__restrict __sem, clockid_t __clock, const struct timespec *__restrict __abstime);
#endif
int sem_post(sem_t *__sem);
int sem_getvalue(sem_t *__restrict __sem, int *__restrict __value);
sem_t *sem_open(const char *__name, int __oflag, ...);
int sem_close(sem_t *__sem);
int sem_unlink(const char *__name);
__END_DECLS

#endif
