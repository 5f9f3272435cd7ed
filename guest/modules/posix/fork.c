/* fork.c (in libmc-process.so): fork (57) as Microcosm gives it (docs/processes.md, "fork"). The host process
 * holds the .NET runtime, which a host fork would copy with one thread and its locks in any state, so the child is
 * a new host process instead: `microcosm fork-child`, which a fork image (written by the core, -20) turns into a
 * copy of the program - its objects and mappings at the same addresses, the forking thread's stack and structure -
 * with the program's descriptors at their numbers, and the calling thread goes on there from `resume(arg)`.
 *
 * Linux's fork takes no arguments; Microcosm's C library passes resume and arg (its fork is a setjmp, and
 * resume its longjmp). The child answers one byte on the channel once the copy is in place; until then a failure
 * is the parent's fork's (-EAGAIN), and a child that found an address range the program needs taken on its side
 * (ASLR placed something of its own there) is tried again with a new one. */
#include <errno.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "spawn_request.h"
#include "posix.h"

/* A host call a signal for the program must not cut short: fork is not interrupted on Linux (a signal that arrives
 * meanwhile is delivered after it), and the child is either answering or ending, so the wait is short. */
#define UNINTERRUPTED(expr)                                   \
    ({                                                        \
        long _r;                                              \
        while ((_r = (long)(expr)) == -1 && errno == EINTR) { \
        }                                                     \
        _r;                                                   \
    })

/* One attempt: the child's pid once its copy runs, -EAGAIN for a child that found an address taken, or -errno. */
static intptr_t fork_once(const char *exe, intptr_t resume, intptr_t arg)
{
    int channel[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, channel) != 0) return -lx_errno(errno);
    intptr_t pid = spawn_fork_child(exe, channel[1]);
    close(channel[1]);
    if (pid < 0) {
        close(channel[0]);
        return pid;
    }
    intptr_t r = mc_syscall6(MC_SYS_FORK_IMAGE, channel[0], resume, arg, 0, 0, 0);   /* 0, 0: the child reserves its ranges itself */
    char restored = 0;
    if (r == 0 && UNINTERRUPTED(read(channel[0], &restored, 1)) != 1) restored = 0;
    close(channel[0]);
    if (r == 0 && restored == 1) return pid;
    int status = 0;
    UNINTERRUPTED(waitpid((pid_t)pid, &status, 0));
    /* A child that found a range taken exits as soon as it has read which ranges: the image's memory, still being
     * written, then meets a closed channel (-EPIPE), and that is the child's answer too, not the parent's failure. */
    if (WIFEXITED(status) && WEXITSTATUS(status) == FORK_ADDRESS_TAKEN) return -LINUX_EAGAIN;
    return r < 0 ? r : -LINUX_ENOMEM;   /* the child could not become the copy: Linux's answer when it cannot make one */
}

/* fork(resume, arg) -> the child's pid; the child goes on from resume(arg). */
intptr_t lx_fork(intptr_t resume, intptr_t arg)
{
    if (!mc_program_is_process()) return -LINUX_ENOSYS;   /* an embedder's program: its process is not the program's */
    char exe[4096];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (length < 0) return -lx_errno(errno);
    exe[length] = 0;
    intptr_t r = -LINUX_EAGAIN;
    for (int attempt = 0; attempt < FORK_ATTEMPTS && r == -LINUX_EAGAIN; attempt++) r = fork_once(exe, resume, arg);
    return r;
}
