/* sys/wait.h - Microcosm: waiting for host processes (glue/spawn/spawn.c) as Linux has it: Linux's option
 * values and status encoding, WCONTINUED and WIFCONTINUED, wait3 and wait4 (newlib's had neither).
 * Signal numbers in a status are the C library's (<signal.h>). */
#ifndef _SYS_WAIT_H
#define _SYS_WAIT_H

#include <sys/cdefs.h>
#include <sys/types.h>

__BEGIN_DECLS

#define WNOHANG 1
#define WUNTRACED 2
#define WCONTINUED 8

/* A status: bits 0-6 the terminating signal (0: exited; 0x7f: stopped), bit 7 a core dump, bits 8-15
 * the exit status or the stopping signal; 0xffff: continued. */
#define WEXITSTATUS(w)  (((w) >> 8) & 0xff)
#define WTERMSIG(w)     ((w) & 0x7f)
#define WSTOPSIG(w)     WEXITSTATUS(w)
#define WIFEXITED(w)    (WTERMSIG(w) == 0)
#define WIFSIGNALED(w)  (((signed char)(((w) & 0x7f) + 1) >> 1) > 0)
#define WIFSTOPPED(w)   (((w) & 0xff) == 0x7f)
#define WIFCONTINUED(w) ((w) == 0xffff)
#define WCOREDUMP(w)    ((w) & 0x80)

struct rusage;

pid_t wait(int *);
pid_t waitpid(pid_t, int *, int);
pid_t wait3(int *, int, struct rusage *);
pid_t wait4(pid_t, int *, int, struct rusage *);

/* Prototypes of the _<systemcall> names newlib has for some compilers. */
pid_t _wait(int *);

__END_DECLS

#endif
