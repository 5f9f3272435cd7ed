/* spawn.c - other processes: posix_spawn and posix_spawnp, system, popen and pclose, the wait
 * family, and kill for other processes, on the process module's mc_process_spawn (4001), wait4 (61)
 * and kill (62).
 *
 * A new process is a host process, started without a copy of this program (fork, thread/fork.c, makes one).
 * It inherits what POSIX says a new program inherits: the signals this program ignores stay ignored, and the
 * calling thread's mask (the process module gives them to the host process it starts). posix_spawnp searches this program's PATH,
 * as execvp does. Signal numbers are Linux's on both sides of the syscalls. */
#include "libc_internal.h"
#include "signal/signal_internal.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- kill ----------------------------------------------------------------------------------------- */

/* newlib is built with Linux's signal numbers (the target ABI's, 1..64): they cross the syscall as they are. */
int kill(pid_t pid, int sig)
{
    if (sig < 0 || sig >= NSIG) {
        errno = EINVAL;
        return -1;
    }
    /* The program itself: a signal the program sends itself (signal/signal.c). */
    if (pid == getpid()) return sig == 0 ? 0 : __mc_raise(sig, SI_USER);
    /* Its process group: the process module sends the group's other processes theirs, then the program takes its own
     * (last: it may end the program). The group has the program in it, so that is a success whatever the others. */
    if (pid == 0 || (pid < -1 && -pid == getpgrp())) {
        if (sig == 0) return 0;
        int saved = errno;
        (void)SYSCALL(SYS_kill, 0, sig, 0, 0);
        errno = saved;
        return __mc_raise(sig, SI_USER);
    }
    return (int)SYSCALL(SYS_kill, pid, sig, 0, 0);
}

/* Linux's siginfo_t as rt_sigqueueinfo (129) takes it: the value at byte 24, where <signal.h>'s siginfo_t has si_status. */
struct linux_queued_info {
    int signo, error, code, pad;
    pid_t pid;
    uid_t uid;
    union sigval value;
    char rest[96];
};

/* The program itself takes its own (signal/signal.c); another process gets the value and this process as sender
 * (the process module's rt_sigqueueinfo), where the host carries values: on Windows the signal alone, as kill. */
int sigqueue(pid_t pid, int sig, const union sigval value)
{
    if (sig < 0 || sig >= NSIG) {
        errno = EINVAL;
        return -1;
    }
    if (pid == getpid()) return sig == 0 ? 0 : __mc_queue(sig, value);
    if (pid <= 0) return kill(pid, sig);   /* no group for sigqueue on Linux: ESRCH or EINVAL there, kill's here */
    struct linux_queued_info info;
    memset(&info, 0, sizeof info);
    info.signo = sig;
    info.code = SI_QUEUE;
    info.pid = getpid();
    info.uid = getuid();
    info.value = value;
    return (int)SYSCALL(SYS_rt_sigqueueinfo, pid, sig, &info, 0);
}

int killpg(pid_t group, int sig)
{
    if (group < 0) {
        errno = EINVAL;
        return -1;
    }
    return kill(group == 0 ? 0 : -group, sig);
}

/* ---- the wait family --------------------------------------------------------------------------- */

/* The status is Linux's encoding, which <sys/wait.h>'s macros read. */
pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
    return (pid_t)SYSCALL(SYS_wait4, pid, status, options, usage);
}

pid_t wait3(int *status, int options, struct rusage *usage) { return wait4(-1, status, options, usage); }
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, NULL); }
pid_t wait(int *status) { return wait4(-1, status, 0, NULL); }
pid_t _wait(int *status) { return wait(status); }

/* ---- posix_spawn's file actions and attributes ------------------------------------------------------ */

struct __posix_spawn_file_actions {
    size_t count, capacity;
    struct mc_spawn_action *actions;   /* their paths are copies, owned here */
};

struct __posix_spawnattr {
    short flags;
    pid_t pgroup;
    sigset_t mask, defaults;
    int policy;
    struct sched_param param;
};

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
    *fa = calloc(1, sizeof **fa);
    return *fa ? 0 : ENOMEM;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
    if (!*fa) return EINVAL;
    for (size_t i = 0; i < (*fa)->count; i++) free((char *)(*fa)->actions[i].path);
    free((*fa)->actions);
    free(*fa);
    *fa = NULL;
    return 0;
}

static int add(posix_spawn_file_actions_t *fa, struct mc_spawn_action action, const char *path)
{
    if (!fa || !*fa) return EINVAL;
    struct __posix_spawn_file_actions *list = *fa;
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? 2 * list->capacity : 4;
        struct mc_spawn_action *grown = realloc(list->actions, capacity * sizeof *grown);
        if (!grown) return ENOMEM;
        list->actions = grown;
        list->capacity = capacity;
    }
    if (path && !(action.path = strdup(path))) return ENOMEM;
    list->actions[list->count++] = action;
    return 0;
}

static int valid_fd(int fd) { return fd >= 0 && fd < (int)sysconf(_SC_OPEN_MAX); }

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *restrict fa, int fd, const char *restrict path,
                                     int flags, mode_t mode)
{
    if (!valid_fd(fd)) return EBADF;
    return add(fa, (struct mc_spawn_action){ .kind = MC_SPAWN_OPEN, .fd = fd, .flags = flags, .mode = mode }, path);
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
    if (!valid_fd(fd) || !valid_fd(newfd)) return EBADF;
    return add(fa, (struct mc_spawn_action){ .kind = MC_SPAWN_DUP2, .fd = fd, .newfd = newfd }, NULL);
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
    if (!valid_fd(fd)) return EBADF;
    return add(fa, (struct mc_spawn_action){ .kind = MC_SPAWN_CLOSE, .fd = fd }, NULL);
}

int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *restrict fa, const char *restrict path)
{
    return add(fa, (struct mc_spawn_action){ .kind = MC_SPAWN_CHDIR }, path);
}

int posix_spawn_file_actions_addfchdir_np(posix_spawn_file_actions_t *fa, int fd)
{
    if (!valid_fd(fd)) return EBADF;
    return add(fa, (struct mc_spawn_action){ .kind = MC_SPAWN_FCHDIR, .fd = fd }, NULL);
}

int posix_spawnattr_init(posix_spawnattr_t *attr)
{
    *attr = calloc(1, sizeof **attr);
    return *attr ? 0 : ENOMEM;
}

int posix_spawnattr_destroy(posix_spawnattr_t *attr)
{
    free(*attr);
    *attr = NULL;
    return 0;
}

#define ALL_FLAGS (POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSCHEDPARAM | \
                   POSIX_SPAWN_SETSCHEDULER | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID)

int posix_spawnattr_setflags(posix_spawnattr_t *attr, short flags)
{
    if (flags & ~ALL_FLAGS) return EINVAL;
    (*attr)->flags = flags;
    return 0;
}
int posix_spawnattr_getflags(const posix_spawnattr_t *restrict attr, short *restrict flags) { *flags = (*attr)->flags; return 0; }
int posix_spawnattr_setpgroup(posix_spawnattr_t *attr, pid_t group) { (*attr)->pgroup = group; return 0; }
int posix_spawnattr_getpgroup(const posix_spawnattr_t *restrict attr, pid_t *restrict group) { *group = (*attr)->pgroup; return 0; }
int posix_spawnattr_setsigmask(posix_spawnattr_t *restrict attr, const sigset_t *restrict mask) { (*attr)->mask = *mask; return 0; }
int posix_spawnattr_getsigmask(const posix_spawnattr_t *restrict attr, sigset_t *restrict mask) { *mask = (*attr)->mask; return 0; }
int posix_spawnattr_setsigdefault(posix_spawnattr_t *restrict attr, const sigset_t *restrict set) { (*attr)->defaults = *set; return 0; }
int posix_spawnattr_getsigdefault(const posix_spawnattr_t *restrict attr, sigset_t *restrict set) { *set = (*attr)->defaults; return 0; }
int posix_spawnattr_setschedpolicy(posix_spawnattr_t *attr, int policy) { (*attr)->policy = policy; return 0; }
int posix_spawnattr_getschedpolicy(const posix_spawnattr_t *restrict attr, int *restrict policy) { *policy = (*attr)->policy; return 0; }
int posix_spawnattr_setschedparam(posix_spawnattr_t *restrict attr, const struct sched_param *restrict param) { (*attr)->param = *param; return 0; }
int posix_spawnattr_getschedparam(const posix_spawnattr_t *restrict attr, struct sched_param *restrict param) { *param = (*attr)->param; return 0; }

/* ---- spawning --------------------------------------------------------------------------------------- */

/* A request (with `flags`) that passes on what a new program inherits of signals: those ignored, and the calling
 * thread's mask. */
static struct mc_spawn_request passing_signals(uint64_t flags)
{
    return (struct mc_spawn_request){ .size = sizeof(struct mc_spawn_request), .flags = flags | MC_SPAWN_SIGNALS,
                                      .sig_ignore = __mc_signal_ignored(), .sig_mask = __mc_signal_mask() };
}

/* The new process's signals are POSIX's: those this program ignores stay ignored (but those
 * POSIX_SPAWN_SETSIGDEF names), the rest start at their defaults, and its mask is the calling thread's
 * (or POSIX_SPAWN_SETSIGMASK's); scheduling attributes are the host's. */
int posix_spawn(pid_t *restrict pid, const char *restrict path, const posix_spawn_file_actions_t *fa,
                const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict])
{
    struct mc_spawn_request request = passing_signals(0);
    if (attr && *attr) {
        short flags = (*attr)->flags;
        if (flags & POSIX_SPAWN_SETSIGDEF) request.sig_ignore &= ~(uint64_t)(*attr)->defaults;
        if (flags & POSIX_SPAWN_SETSIGMASK) request.sig_mask = (*attr)->mask;
        if (flags & POSIX_SPAWN_SETPGROUP) {
            request.flags |= MC_SPAWN_SETPGROUP;
            request.pgroup = (*attr)->pgroup;
        }
        if (flags & POSIX_SPAWN_SETSID) request.flags |= MC_SPAWN_SETSID;
        if (flags & POSIX_SPAWN_RESETIDS) request.flags |= MC_SPAWN_RESETIDS;
    }
    if (fa && *fa) {
        request.action_count = (*fa)->count;
        request.actions = (*fa)->actions;
    }
    long r = mc_sys6(MC_SYS_PROCESS_SPAWN, (long)path, (long)argv, (long)(envp ? envp : environ), (long)&request, 0, 0);
    int error = mc_error_of(r);
    if (!error && pid) *pid = (pid_t)r;
    return error;
}

/* newlib's execve/execl/execv/execvp call _execve: the process module's exec (docs/processes.md), which passes on
 * what POSIX's exec keeps of signals - those ignored stay ignored, the calling thread's mask stays - the rest start
 * at their defaults. (Linux's execve, 59, starts the new program with every signal at its default.) */
int _execve(const char *path, char *const argv[], char *const envp[])
{
    struct mc_spawn_request request = passing_signals(MC_SPAWN_EXEC);
    return (int)SYSCALL(MC_SYS_PROCESS_SPAWN, path, argv, envp, &request);
}

/* As execvp: a name without a slash is looked for in each directory of PATH (the default, when PATH
 * is unset, is glibc's "/bin:/usr/bin"); a directory that cannot be searched or lacks it is skipped. */
int posix_spawnp(pid_t *restrict pid, const char *restrict file, const posix_spawn_file_actions_t *fa,
                 const posix_spawnattr_t *restrict attr, char *const argv[restrict], char *const envp[restrict])
{
    if (strchr(file, '/')) return posix_spawn(pid, file, fa, attr, argv, envp);
    if (!*file) return ENOENT;
    const char *path = getenv("PATH");
    if (!path) path = "/bin:/usr/bin";
    size_t file_length = strlen(file);
    int denied = 0;
    for (const char *p = path;; p++) {
        const char *end = strchr(p, ':');
        if (!end) end = p + strlen(p);
        size_t dir_length = (size_t)(end - p);
        char candidate[dir_length + file_length + 2];
        memcpy(candidate, p, dir_length);
        size_t at = dir_length;
        if (dir_length > 0) candidate[at++] = '/';   /* an empty entry is the current directory */
        memcpy(candidate + at, file, file_length + 1);
        int error = posix_spawn(pid, candidate, fa, attr, argv, envp);
        if (error == 0) return 0;
        if (error == EACCES) denied = 1;
        else if (error != ENOENT && error != ENOTDIR && error != ENAMETOOLONG) return error;
        if (!*end) break;
        p = end;
    }
    return denied ? EACCES : ENOENT;
}

static pid_t wait_for(pid_t pid, int *status)
{
    pid_t r;
    do r = waitpid(pid, status, 0);
    while (r < 0 && errno == EINTR);
    return r;
}

/* system(NULL): whether there is a shell to run commands with. A command runs as /bin/sh -c command;
 * a shell that cannot be started gives the status of one that exited with 127, as glibc does. */
int system(const char *command)
{
    if (!command) return access("/bin/sh", X_OK) == 0;
    char *argv[] = { "sh", "-c", (char *)command, NULL };
    pid_t pid;
    int error = posix_spawn(&pid, "/bin/sh", NULL, NULL, argv, environ);
    if (error == ENOENT || error == EACCES || error == ENOEXEC) return 127 << 8;
    if (error) {
        errno = error;
        return -1;
    }
    int status;
    return wait_for(pid, &status) < 0 ? -1 : status;
}

int _system_r(struct _reent *reent, const char *command)
{
    (void)reent;
    return system(command);
}

/* popen's streams and their processes (pclose waits for the one whose stream it closes). */
static struct piped {
    FILE *stream;
    pid_t pid;
    struct piped *next;
} *pipes;
static struct __mc_lock pipes_lock;

FILE *popen(const char *command, const char *mode)
{
    int reading = mode[0] == 'r', cloexec = strchr(mode, 'e') != NULL;
    if ((mode[0] != 'r' && mode[0] != 'w') || (mode[1] && mode[1] != 'e')) {
        errno = EINVAL;
        return NULL;
    }
    struct piped *entry = malloc(sizeof *entry);
    if (!entry) return NULL;
    /* Both ends close on exec: the other commands popen starts never inherit this pipe, and the
     * child gets its end as 0 or 1 through a dup2 (which clears the flag on the copy). */
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        free(entry);
        return NULL;
    }
    int ours = reading ? fds[0] : fds[1], theirs = reading ? fds[1] : fds[0], target = reading ? 1 : 0;
    posix_spawn_file_actions_t actions;
    int error = posix_spawn_file_actions_init(&actions);
    if (!error) error = posix_spawn_file_actions_adddup2(&actions, theirs, target);
    char *argv[] = { "sh", "-c", (char *)command, NULL };
    pid_t pid = -1;
    if (!error) error = posix_spawn(&pid, "/bin/sh", &actions, NULL, argv, environ);
    if (actions) posix_spawn_file_actions_destroy(&actions);
    close(theirs);
    FILE *stream = error ? NULL : fdopen(ours, reading ? "r" : "w");
    if (!stream) {
        int saved = error ? error : errno;
        close(ours);
        if (pid > 0) wait_for(pid, &(int){ 0 });
        free(entry);
        errno = saved;
        return NULL;
    }
    if (!cloexec) fcntl(ours, F_SETFD, 0);
    entry->stream = stream;
    entry->pid = pid;
    __mc_lock_acquire(&pipes_lock);
    entry->next = pipes;
    pipes = entry;
    __mc_lock_release(&pipes_lock);
    return stream;
}

int pclose(FILE *stream)
{
    __mc_lock_acquire(&pipes_lock);
    struct piped **link = &pipes;
    while (*link && (*link)->stream != stream) link = &(*link)->next;
    struct piped *entry = *link;
    if (entry) *link = entry->next;
    __mc_lock_release(&pipes_lock);
    if (!entry) {
        errno = ECHILD;
        return -1;
    }
    pid_t pid = entry->pid;
    free(entry);
    fclose(stream);
    int status;
    return wait_for(pid, &status) < 0 ? -1 : status;
}
