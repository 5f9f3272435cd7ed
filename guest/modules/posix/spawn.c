/* spawn.c (in libmc-process.so): host processes - Microcosm's mc_process_spawn (4001), and the
 * Linux calls that deal with other processes: wait4 (61) and kill (62).
 *
 * A host fork would copy the .NET runtime with one thread (fork.c makes a new host process a copy of the
 * program instead). A new process is a host process started with the host's posix_spawn (which is safe in a process with
 * many threads, as this one is): usually a program, which may itself be a Microcosm program (its
 * PT_INTERP starts microcosm). It gets the default disposition and an empty mask for every signal,
 * whatever the host process (the .NET runtime ignores SIGPIPE, for one) has set, as a new process
 * started by a shell would.
 *
 * wait4 blocks in slices (module.h): a wait for one process polls a pidfd for at most a slice at a
 * time; a wait for any child sleeps in growing steps, each a WNOHANG attempt. Between slices the
 * checkpoint lets the core end the thread if it was killed.
 *
 * kill reaches other host processes (and process groups other than the program's own) with Linux
 * signal numbers. The program itself and "every process" (-1) are refused with -EPERM here, because the
 * host process is the program's: the C library handles signals the program sends itself. Its own
 * process group (0, or minus its id) means the group's other processes: the C library sends them the
 * signal here, then takes its own copy itself.
 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fdtable.h"
#include "spawn_request.h"
#include "posix.h"

/* ---- the new process's descriptors ------------------------------------------------------------------- */

/* The new process starts with the program's descriptors at their guest numbers - host descriptors
 * are close-on-exec and numbered differently, so they are handed over by file actions: every open
 * number is first copied to a temporary above every number involved, then from there to its guest
 * number (so that no copy overwrites a source still to be copied), and the temporaries are closed.
 * 0, 1 and 2 that the program has closed are closed in the new process too (the host process's own
 * would otherwise show through). Then the guest's own actions run as they are - they speak guest
 * numbers, which are now the new process's - and last the numbers still close-on-exec for the guest
 * are closed, as exec would close them. */
struct inheritance {
    struct lx_fd_entry *entries;   /* every open number, in increasing order, each held */
    intptr_t count;
    unsigned char *cloexec;        /* per entry: still close-on-exec after the guest's actions */
};

static struct lx_fd_entry *find_entry(struct inheritance *in, int guest)
{
    intptr_t low = 0, high = in->count - 1;
    while (low <= high) {
        intptr_t mid = (low + high) / 2;
        if (in->entries[mid].guest == guest) return &in->entries[mid];
        if (in->entries[mid].guest < guest) low = mid + 1;
        else high = mid - 1;
    }
    return NULL;
}

/* The guest's action changes which numbers exec would close. */
static void follow_action(struct inheritance *in, const struct mc_spawn_action *a)
{
    int target = a->kind == MC_SPAWN_DUP2 ? a->newfd : a->kind == MC_SPAWN_OPEN || a->kind == MC_SPAWN_CLOSE ? a->fd : -1;
    struct lx_fd_entry *e = target >= 0 ? find_entry(in, target) : NULL;
    if (e) in->cloexec[e - in->entries] = 0;   /* replaced, closed or dup2'd onto itself: not close-on-exec */
}

/* The highest number involved in handing the descriptors over (2 at least): every guest number and every host
 * descriptor behind one. Copies made above it overwrite nothing still needed. */
static int top_number(const struct lx_fd_entry *entries, intptr_t count)
{
    int top = 2;
    for (intptr_t i = 0; i < count; i++) {
        if (entries[i].guest > top) top = entries[i].guest;
        if (entries[i].ref.host > top) top = (int)entries[i].ref.host;
    }
    return top;
}

static int hand_over(posix_spawn_file_actions_t *actions, struct inheritance *in)
{
    int top = top_number(in->entries, in->count);
    int error = 0;
    for (intptr_t i = 0; !error && i < in->count; i++)
        error = posix_spawn_file_actions_adddup2(actions, in->entries[i].ref.host, top + 1 + (int)i);
    for (intptr_t i = 0; !error && i < in->count; i++)
        error = posix_spawn_file_actions_adddup2(actions, top + 1 + (int)i, in->entries[i].guest);
    for (intptr_t i = 0; !error && i < in->count; i++)
        error = posix_spawn_file_actions_addclose(actions, top + 1 + (int)i);
    for (int fd = 0; !error && fd <= 2; fd++)
        if (!find_entry(in, fd)) error = posix_spawn_file_actions_addclose(actions, fd);
    return error;
}

static int close_cloexec(posix_spawn_file_actions_t *actions, struct inheritance *in)
{
    int error = 0;
    for (intptr_t i = 0; !error && i < in->count; i++)
        if (in->cloexec[i]) error = posix_spawn_file_actions_addclose(actions, in->entries[i].guest);
    return error;
}

/* Applies one guest action to the host's file actions; 0 or a host errno. */
static int add_action(posix_spawn_file_actions_t *actions, const struct mc_spawn_action *a)
{
    switch (a->kind) {
    case MC_SPAWN_OPEN:
        if (a->path == NULL) return EFAULT;
        return posix_spawn_file_actions_addopen(actions, a->fd, a->path, lx_open_flags_to_host(a->flags), a->mode);
    case MC_SPAWN_CLOSE:
        return posix_spawn_file_actions_addclose(actions, a->fd);
    case MC_SPAWN_DUP2:
        return posix_spawn_file_actions_adddup2(actions, a->fd, a->newfd);
    case MC_SPAWN_CHDIR:
        if (a->path == NULL) return EFAULT;
        return posix_spawn_file_actions_addchdir_np(actions, a->path);
    case MC_SPAWN_FCHDIR:
        return posix_spawn_file_actions_addfchdir_np(actions, a->fd);
    default:
        return EINVAL;
    }
}

/* The new process starts in the program's working directory (fdtable.h, lx_fd_cwd), not the host process's: the
 * first of its file actions, so that the program's own actions, a relative program path among them, resolve
 * from there as they would after a fork in the program. 0 or a host errno. */
static int start_in(posix_spawn_file_actions_t *actions, const struct lx_fd *cwd)
{
    return cwd->host == AT_FDCWD ? 0 : posix_spawn_file_actions_addfchdir_np(actions, (int)cwd->host);
}

/* A set of Linux signal numbers (bit sig - 1) as the host's (the same numbers on a Linux host). */
static void host_set(sigset_t *set, uint64_t bits)
{
    sigemptyset(set);
    for (int sig = 1; sig <= 64; sig++)
        if ((bits >> (sig - 1)) & 1 && sig != 32 && sig != 33) sigaddset(set, sig);
}

/* The new process's signals: the program's `ignore` set ignored and `mask` blocked (MC_SPAWN_SIGNALS: the C library's
 * posix_spawn passes what POSIX's child inherits), every other at its default, whatever the host process (the .NET
 * runtime ignores SIGPIPE, for one) has set; the flags that say so. */
static short child_signals(posix_spawnattr_t *attributes, uint64_t ignore, uint64_t mask)
{
    sigset_t blocked, defaults;
    host_set(&blocked, mask);
    host_set(&defaults, ~ignore);
    posix_spawnattr_setsigmask(attributes, &blocked);
    posix_spawnattr_setsigdefault(attributes, &defaults);
    return POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
}

/* The host process's dispositions while a new program starts: a signal the program ignores must be ignored in the host
 * for the new one to start with it ignored (posix_spawn and execve keep SIG_IGN, and nothing else). Changed under a
 * lock, put back by restore_dispositions. A signal the program ignores is one it discards anyway: the host discarding
 * it meanwhile changes nothing for it. */
struct dispositions {
    struct sigaction before[65];
    unsigned char changed[65];
};
static pthread_mutex_t dispositions_lock = PTHREAD_MUTEX_INITIALIZER;

/* `ignore` ignored; with `reset_ignored`, a signal the host ignores and the program does not at its default (an exec:
 * a spawn's child resets those itself, SETSIGDEF). */
static void set_dispositions(struct dispositions *d, uint64_t ignore, int reset_ignored)
{
    pthread_mutex_lock(&dispositions_lock);
    memset(d->changed, 0, sizeof d->changed);
    for (int sig = 1; sig < 65; sig++) {
        int wanted = (ignore >> (sig - 1)) & 1;
        if (!wanted && !reset_ignored) continue;   /* a spawn with nothing ignored reads no action at all */
        if (sig == SIGKILL || sig == SIGSTOP || sig == 32 || sig == 33 || sigaction(sig, NULL, &d->before[sig]) != 0) continue;
        if (wanted == (d->before[sig].sa_handler == SIG_IGN)) continue;
        signal(sig, wanted ? SIG_IGN : SIG_DFL);
        d->changed[sig] = 1;
    }
}

static void restore_dispositions(const struct dispositions *d)
{
    for (int sig = 1; sig < 65; sig++)
        if (d->changed[sig]) sigaction(sig, &d->before[sig], NULL);
    pthread_mutex_unlock(&dispositions_lock);
}

/* Starts the process from the copies. */
static intptr_t spawn(const char *path, char *const *argv, char *const *envp, const struct mc_spawn_request *request,
                      const struct mc_spawn_action *request_actions)
{
    struct inheritance in = { 0 };
    in.count = lx_fd_snapshot(&in.entries);
    if (in.count < 0) return in.count;
    in.cloexec = malloc(in.count > 0 ? (size_t)in.count : 1);
    if (in.cloexec == NULL) {
        lx_fd_release_all(in.entries, in.count);
        return -LINUX_ENOMEM;
    }
    for (intptr_t i = 0; i < in.count; i++) in.cloexec[i] = (unsigned char)in.entries[i].cloexec;

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int error = 0;
    if (posix_spawn_file_actions_init(&actions) != 0) error = LINUX_ENOMEM;
    else if (posix_spawnattr_init(&attributes) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        error = LINUX_ENOMEM;
    }
    if (error) {
        free(in.cloexec);
        lx_fd_release_all(in.entries, in.count);
        return -error;
    }
    int inherits = request != NULL && (request->flags & MC_SPAWN_SIGNALS);
    uint64_t ignore = inherits ? request->sig_ignore : 0;
    short flags = child_signals(&attributes, ignore, inherits ? request->sig_mask : 0);
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    int r = start_in(&actions, &cwd);
    if (!r) r = hand_over(&actions, &in);
    if (r) error = lx_errno(r);
    if (request != NULL) {
        if (request->flags & MC_SPAWN_SETPGROUP) {
            flags |= POSIX_SPAWN_SETPGROUP;
            posix_spawnattr_setpgroup(&attributes, (pid_t)request->pgroup);
        }
        if (request->flags & MC_SPAWN_SETSID) flags |= POSIX_SPAWN_SETSID;
        if (request->flags & MC_SPAWN_RESETIDS) flags |= POSIX_SPAWN_RESETIDS;
        for (size_t i = 0; !error && i < request->action_count; i++) {
            follow_action(&in, &request_actions[i]);
            if ((r = add_action(&actions, &request_actions[i]))) error = lx_errno(r);
        }
    }
    if (!error && (r = close_cloexec(&actions, &in))) error = lx_errno(r);
    posix_spawnattr_setflags(&attributes, flags);
    pid_t pid = 0;
    if (!error) {
        struct dispositions kept;
        set_dispositions(&kept, ignore, 0);
        r = posix_spawn(&pid, lx_exe_path(path), &actions, &attributes, argv, envp);
        restore_dispositions(&kept);
        if (r) error = lx_errno(r);
    }
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    free(in.cloexec);
    lx_fd_release_all(in.entries, in.count);
    return error ? -error : pid;
}

static intptr_t exec_copy(struct spawn_copy *copy, const struct mc_spawn_request *request);

/* mc_process_spawn(path, argv, envp, request) -> pid; with MC_SPAWN_EXEC, an exec (exec_copy). */
MC_HANDLER(sys_process_spawn)
{
    struct spawn_copy copy;
    intptr_t copied = spawn_copy_in(&copy, a, b, c, d);
    if (copied < 0) {
        spawn_copy_free(&copy);
        return copied;
    }
    const char *path = copy.path;
    char *const *argv = copy.argv, *const *envp = copy.envp;
    const struct mc_spawn_request *request = d != 0 ? &copy.request : NULL;
    uint64_t known = MC_SPAWN_SETPGROUP | MC_SPAWN_SETSID | MC_SPAWN_RESETIDS | MC_SPAWN_SIGNALS | MC_SPAWN_EXEC;
    int exec = request != NULL && (request->flags & MC_SPAWN_EXEC);
    if (request != NULL && (request->flags & ~known)) {
        spawn_copy_free(&copy);
        return -LINUX_EINVAL;
    }
    intptr_t result = exec ? exec_copy(&copy, request) : spawn(path, argv, envp, request, copy.actions);
    spawn_copy_free(&copy);
    return result;
}

/* fork's child (fork.c): `exe fork-child CHANNEL CLOEXEC` - the CLI restoring the program's copy - with every number
 * of the program, the close-on-exec ones too (fork keeps them; CLOEXEC lists them, for the child to mark again), and
 * `channel` at CHANNEL, above them all. Its pid, or -errno. */
intptr_t spawn_fork_child(const char *exe, int channel)
{
    struct inheritance in = { 0 };
    in.count = lx_fd_snapshot(&in.entries);
    if (in.count < 0) return in.count;
    int top = top_number(in.entries, in.count);
    int at = (channel > top ? channel : top) + 1 + (int)in.count;   /* above the numbers and hand_over's temporaries */
    char number[16], *cloexec = malloc((size_t)in.count * 12 + 1);
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int error = cloexec == NULL ? ENOMEM : posix_spawn_file_actions_init(&actions);
    if (!error && (error = posix_spawnattr_init(&attributes)) != 0) posix_spawn_file_actions_destroy(&actions);
    if (error) {
        free(cloexec);
        lx_fd_release_all(in.entries, in.count);
        return -lx_errno(error);
    }
    size_t used = 0;
    cloexec[0] = 0;
    for (intptr_t i = 0; i < in.count; i++)
        if (in.entries[i].cloexec) used += (size_t)sprintf(cloexec + used, used ? ",%d" : "%d", in.entries[i].guest);
    snprintf(number, sizeof number, "%d", at);
    posix_spawnattr_setflags(&attributes, child_signals(&attributes, 0, 0));   /* the image brings the program's own */
    /* The working directory first, then the channel: the hand-over's copies may land on their host numbers. */
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    error = start_in(&actions, &cwd);
    if (!error) error = posix_spawn_file_actions_adddup2(&actions, channel, at);
    if (!error) error = hand_over(&actions, &in);
    pid_t pid = 0;
    char *argv[] = { (char *)exe, "fork-child", number, cloexec, NULL };
    if (!error) error = posix_spawn(&pid, exe, &actions, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    free(cloexec);
    lx_fd_release_all(in.entries, in.count);
    return error ? -lx_errno(error) : pid;
}

/* ---- exec ------------------------------------------------------------------------------------------------- */

/* What sat at a number exec replaces or closes, to put back if the host's execve fails. */
struct saved_fd {
    int fd;
    int copy;      /* a close-on-exec copy above every number involved, or -1: it was not open */
    int cloexec;
};

static int save_fd(struct saved_fd *s, int fd, int above)
{
    s->fd = fd;
    int flags = fcntl(fd, F_GETFD);
    s->cloexec = flags >= 0 && (flags & FD_CLOEXEC);
    s->copy = flags < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, above);
    return flags < 0 || s->copy >= 0 ? 0 : -1;
}

static void restore_fd(const struct saved_fd *s)
{
    if (s->copy < 0) {
        close(s->fd);
        return;
    }
    dup2(s->copy, s->fd);
    if (s->cloexec) fcntl(s->fd, F_SETFD, FD_CLOEXEC);
    close(s->copy);
}

/* The host's own descriptors that exec would pass on (not close-on-exec, and not one the program hands over):
 * made close-on-exec; their numbers into `marked` (room for `room`), to be cleared again if the exec fails. */
static int mark_host_descriptors(const unsigned char *handed, int top, int *marked, int room)
{
    int count = 0;
    DIR *dir = opendir("/proc/self/fd");
    if (dir == NULL) return 0;   /* no /proc: the core and .NET open everything close-on-exec anyway */
    for (struct dirent *e; (e = readdir(dir)) != NULL && count < room;) {
        char *end;
        long fd = strtol(e->d_name, &end, 10);
        if (*end != 0 || end == e->d_name || fd == dirfd(dir) || (fd <= top && handed[fd])) continue;
        int flags = fcntl((int)fd, F_GETFD);
        if (flags < 0 || (flags & FD_CLOEXEC)) continue;
        if (fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC) == 0) marked[count++] = (int)fd;
    }
    closedir(dir);
    return count;
}

/* execve where the host process is the program's (the CLI: mc_program_is_process): the process itself executes
 * the new program - a Microcosm program through its PT_INTERP, as any - keeping its id, with the program's
 * descriptors that are not close-on-exec at their guest numbers, 0, 1 or 2 closed where the program has
 * none, and no other descriptor (the host's own are made close-on-exec). execve keeps what is ignored and the
 * mask: the new program starts with `ignore` ignored and `blocked` blocked - what the C library's exec passes
 * (MC_SPAWN_EXEC), POSIX's inheritance - and every other signal at its default (.NET ignores SIGPIPE for
 * itself). Other threads end with the old image, as Linux's execve ends them.
 * If the host's execve fails, everything is put back and its error returned. */
static intptr_t replace_process(const char *path, char *const *argv, char *const *envp, uint64_t ignore, uint64_t blocked)
{
    struct lx_fd_entry *entries;
    intptr_t count = lx_fd_snapshot(&entries);
    if (count < 0) return count;
    int top = top_number(entries, count);
    unsigned char *handed = calloc((size_t)top + 1, 1);   /* numbers the new program gets (or gets closed) */
    int *temps = malloc(((size_t)count + 1) * sizeof *temps), marked[256];
    struct saved_fd *saved = malloc(((size_t)top + 1) * sizeof *saved);
    int saves = 0, marks = 0;
    intptr_t error = handed && temps && saved ? 0 : -LINUX_ENOMEM;
    /* Copies of the sources above every number involved, so that no dup2 below overwrites one still needed. */
    for (intptr_t i = 0; i < count && temps; i++) temps[i] = -1;
    for (intptr_t i = 0; !error && i < count; i++) {
        if (entries[i].cloexec) continue;
        if ((temps[i] = fcntl((int)entries[i].ref.host, F_DUPFD_CLOEXEC, top + 1)) < 0) error = -lx_errno(errno);
        else handed[entries[i].guest] = 1;
    }
    for (int fd = 0; !error && fd <= 2; fd++) handed[fd] = 1;
    for (int fd = 0; !error && fd <= top; fd++)
        if (handed[fd] && save_fd(&saved[saves++], fd, top + 1) < 0) error = -lx_errno(errno);
    struct dispositions kept;
    sigset_t wanted, mask;
    int shuffled = !error, host_cwd = -1;
    if (shuffled) {
        /* The new program starts in the program's working directory, changed to before the numbers move (one of
         * them may be its descriptor's); the host process's is put back if the exec fails. */
        LX_DIRFD(cwd, LINUX_AT_FDCWD);
        int here = cwd.host == AT_FDCWD ? -1 : open(".", LX_O_SEARCH | O_DIRECTORY | O_CLOEXEC);
        if (here >= 0) {
            host_cwd = fcntl(here, F_DUPFD_CLOEXEC, (top > 2 ? top : 2) + 1);   /* above every number that moves */
            close(here);
        }
        if (host_cwd >= 0 && fchdir((int)cwd.host) != 0) {
            close(host_cwd);
            host_cwd = -1;
        }
        marks = mark_host_descriptors(handed, top, marked, (int)(sizeof marked / sizeof marked[0]));
        for (int fd = 0; fd <= 2; fd++) close(fd);   /* put back below unless the program has it */
        for (intptr_t i = 0; i < count; i++)
            if (temps[i] >= 0) dup2(temps[i], entries[i].guest);   /* dup2 leaves the copy without close-on-exec */
        set_dispositions(&kept, ignore, 1);
        host_set(&wanted, blocked);
        pthread_sigmask(SIG_SETMASK, &wanted, &mask);
        execve(lx_exe_path(path), argv, envp);
        error = -lx_errno(errno);
        /* The exec failed: everything as it was. */
        if (host_cwd >= 0) {
            if (fchdir(host_cwd) != 0) { /* the host's directory went meanwhile: nothing to put back */ }
            close(host_cwd);
        }
        pthread_sigmask(SIG_SETMASK, &mask, NULL);
        restore_dispositions(&kept);
        for (int i = 0; i < marks; i++) fcntl(marked[i], F_SETFD, fcntl(marked[i], F_GETFD) & ~FD_CLOEXEC);
    }
    for (int i = 0; i < saves; i++) {
        if (shuffled) restore_fd(&saved[i]);
        else if (saved[i].copy >= 0) close(saved[i].copy);
    }
    for (intptr_t i = 0; temps && i < count; i++)
        if (temps[i] >= 0) close(temps[i]);
    free(saved);
    free(temps);
    free(handed);
    lx_fd_release_all(entries, count);
    return error;
}

/* An exec of the copies: on success never returns - the process is replaced, or (where it cannot be) the program ends
 * as the new one it started ends (lx_end_as_child). `request` (NULL: none) may say which signals go on ignored and
 * blocked (MC_SPAWN_SIGNALS). */
MC_HANDLER(sys_wait4);
static intptr_t exec_copy(struct spawn_copy *copy, const struct mc_spawn_request *request)
{
    int inherits = request != NULL && (request->flags & MC_SPAWN_SIGNALS);
    if (mc_program_is_process())
        return replace_process(copy->path, copy->argv, copy->envp, inherits ? request->sig_ignore : 0, inherits ? request->sig_mask : 0);
    intptr_t r = spawn(copy->path, copy->argv, copy->envp, request, NULL);
    return r > 0 ? lx_end_as_child(r, sys_wait4) : r;
}

/* execve(path, argv, envp), as Linux's: the new program starts with its signals at their defaults (the C library's
 * exec is mc_process_spawn with MC_SPAWN_EXEC, which passes on what POSIX's exec keeps). */
MC_HANDLER(sys_execve)
{
    struct spawn_copy copy;
    intptr_t r = spawn_copy_in(&copy, a, b, c, 0);
    if (r == 0) r = exec_copy(&copy, NULL);
    spawn_copy_free(&copy);
    return r;
}

/* Waits (a slice at most) for pid to change state: a pidfd where the host has them, else a sleep. */
static void wait_a_slice(pid_t pid, long *pause_ns)
{
    if (pid > 0) {
        int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (pidfd >= 0) {
            struct pollfd p = { .fd = pidfd, .events = POLLIN };
            poll(&p, 1, (int)(LX_SLICE_NS / 1000000));
            close(pidfd);
            return;
        }
    }
    /* Any child, or no pidfds: short sleeps at first (a command that ends at once is seen at once),
     * growing to a slice. */
    struct timespec t = lx_host_timespec(*pause_ns);
    nanosleep(&t, NULL);
    *pause_ns = *pause_ns * 2 > LX_SLICE_NS ? LX_SLICE_NS : *pause_ns * 2;
}

/* wait4(pid, status, options, rusage) */
MC_HANDLER(sys_wait4)
{
    pid_t pid = (pid_t)a;
    int *status = (int *)b;
    int options = (int)c;
    struct rusage *usage = (struct rusage *)d;
    if (options & ~(LINUX_WNOHANG | LINUX_WUNTRACED | LINUX_WCONTINUED)) return -LINUX_EINVAL;
    if (options & LINUX_WNOHANG) return lx_result(LX_RETRY(wait4(pid, status, options, usage)));
    long pause_ns = 1000 * 1000;
    for (;;) {
        long r = LX_RETRY(wait4(pid, status, options | WNOHANG, usage));
        if (r != 0) return lx_result(r);
        wait_a_slice(pid, &pause_ns);
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
    }
}

/* Whether the process's group is orphaned: no member's parent is in another group of the same session (as far as
 * this process can tell: its own parent). Linux discards a terminal stop signal there. */
static int group_orphaned(void)
{
    pid_t parent = getppid();
    return getpgid(parent) == getpgrp() || getsid(parent) != getsid(0);
}

/* Stops this process by `sig`, so that its parent's waitpid sees it stopped by that signal as by a native one: the
 * host's action for it (the runtime's handler, taking it for the program) is the default meanwhile, and the signal is
 * the calling thread's alone and not blocked, so that it stops the process on its way out of tgkill, before the
 * action is put back; SIGCONT goes on from there. */
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static intptr_t stop_by(int sig)
{
    if (sig == SIGSTOP) return lx_result(kill(getpid(), SIGSTOP));
    struct sigaction stop, before;
    memset(&stop, 0, sizeof stop);
    stop.sa_handler = SIG_DFL;
    sigset_t one, mask;
    sigemptyset(&one);
    sigaddset(&one, sig);
    pthread_mutex_lock(&stop_lock);
    sigaction(sig, &stop, &before);
    pthread_sigmask(SIG_UNBLOCK, &one, &mask);
    intptr_t r = lx_result(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig));
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    sigaction(sig, &before, NULL);
    pthread_mutex_unlock(&stop_lock);
    return r;
}

/* The process group of `pid` as /proc/pid/stat says (its fifth field, after the name in parentheses); -1 if it has
 * gone or cannot be read. */
static pid_t group_of(pid_t pid)
{
    char path[32], line[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, line, sizeof line - 1);
    close(fd);
    if (n <= 0) return -1;
    line[n] = 0;
    const char *after_name = strrchr(line, ')');   /* the name may hold anything, a ')' too: the last one ends it */
    int parent, group;
    char state;
    return after_name && sscanf(after_name + 1, " %c %d %d", &state, &parent, &group) == 3 ? (pid_t)group : -1;
}

/* kill(0, sig): the other processes of the program's own group. The host's kill of the group would reach this process
 * too, where the program's C library takes its own copy at once (a signal it sends itself is delivered before kill
 * returns), so each is sent the signal alone; one the group gains meanwhile can be missed. 0 when none refused it (an
 * empty rest of the group included: the program is in it), else -EPERM. */
static intptr_t kill_rest_of_group(int sig)
{
    pid_t self = getpid(), group = getpgrp();
    DIR *processes = opendir("/proc");
    if (processes == NULL) return -(intptr_t)lx_errno(errno);
    int refused = 0, reached = 0;
    struct dirent *entry;
    while ((entry = readdir(processes)) != NULL) {
        char *end;
        long pid = strtol(entry->d_name, &end, 10);
        if (*end != 0 || pid <= 0 || pid == self || group_of((pid_t)pid) != group) continue;
        if (kill((pid_t)pid, sig) == 0) reached++;
        else if (errno == EPERM) refused++;   /* ESRCH: it ended meanwhile */
    }
    closedir(processes);
    return refused > 0 && reached == 0 ? -LINUX_EPERM : 0;
}

/* kill(pid, sig): another process (pid > 0), the rest of the program's own process group (0: above) or another
 * group (pid < -1); Linux signal numbers. The program's own signals are its C library's, except a stop signal to its
 * own process, which the C library sends for a stop signal's default action: the process stops here, by that signal
 * (stop_by), as job control expects (a shell's SIGCONT continues it); a terminal stop signal in an orphaned group does
 * not stop it, as on Linux. */
MC_HANDLER(sys_kill)
{
    pid_t pid = (pid_t)a;
    int sig = (int)b;
    if (sig < 0 || sig > 64) return -LINUX_EINVAL;
    if (pid == getpid() && sig != 0 && (LINUX_SIGNALS_STOP & LINUX_SIGNAL_BIT(sig)))
        return sig != LINUX_SIGSTOP && group_orphaned() ? 0 : stop_by(sig);
    if (pid == 0 || (pid < -1 && -pid == getpgrp())) return kill_rest_of_group(sig);
    if (pid == -1 || pid == getpid()) return -LINUX_EPERM;
    return lx_result(kill(pid, sig));
}

/* rt_sigqueueinfo(pid, sig, info): sigqueue to another process (pid > 0), with the C library's siginfo in Linux's
 * layout, which goes to the host as it is: the kernel checks it (another process may be given only a negative
 * si_code) and the receiver's handler reads its value and sender. The program's own signals are its C library's. */
MC_HANDLER(sys_rt_sigqueueinfo)
{
    pid_t pid = (pid_t)a;
    int sig = (int)b;
    if (sig < 0 || sig > 64) return -LINUX_EINVAL;
    if (pid <= 0 || pid == getpid()) return -LINUX_EPERM;
    return lx_result(syscall(SYS_rt_sigqueueinfo, pid, sig, (void *)c));
}

/* fork(resume, arg): fork.c. */
MC_HANDLER(sys_fork) { return lx_fork(a, b); }

/* The spawn family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry spawn_syscalls[] = { MC_FAMILY_spawn(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void spawn_init(void)
{
    MC_REGISTER_TABLE(spawn_syscalls);
}
