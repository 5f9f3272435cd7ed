/* spawn.c (in the Windows libmc-process.so): host processes - mc_process_spawn (4001) over
 * CreateProcessW, and wait4 (61) and kill (62) for the processes it started.
 *
 * A Windows process gets one command line and three standard handles, not an argument vector and a
 * descriptor table, so:
 *   - argv becomes a command line quoted as the C runtimes split it again (CommandLineToArgvW's rules);
 *   - the new process's 0, 1 and 2 are what the program's are after the request's actions, which act on
 *     those three numbers (an open, a dup2 of any descriptor of the program's, a close); other numbers
 *     cannot be handed to a Windows process and are not;
 *   - an ELF program (a Microcosm program, "\x7fELF") is started as `microcosm.exe run -- PATH ARGS`, with
 *     the microcosm.exe that runs this one (a program started by the host, as PT_INTERP does on Linux);
 *     a script ("#!") cannot run: Windows has no /bin/sh (-ENOEXEC).
 * wait4 waits for the processes this program started (their handles are kept until they are reaped);
 * kill ends one with TerminateProcess for a signal whose default action ends a process, and wait4 then
 * reports it as killed by that signal.
 */
#include "spawn_request.h"
#include "windows.h"

#define MAX_CHILDREN 1024

static struct child {
    DWORD pid;
    HANDLE process;
    int killed_by;   /* the signal kill ended it with, or 0 */
} children[MAX_CHILDREN];
static host_mutex children_lock;

/* ---- the command line ------------------------------------------------------------------------------------- */

/* Appends one argument, quoted the way CommandLineToArgvW and the C runtimes split it. */
static size_t quote(WCHAR *out, size_t at, const WCHAR *arg)
{
    int plain = arg[0] != 0;
    for (const WCHAR *p = arg; *p; p++)
        if (*p == ' ' || *p == '\t' || *p == '"' || *p == '\n' || *p == '\v') plain = 0;
    if (plain) {
        while (*arg) out[at++] = *arg++;
        return at;
    }
    out[at++] = '"';
    for (const WCHAR *p = arg;; p++) {
        size_t backslashes = 0;
        while (*p == '\\') p++, backslashes++;
        if (*p == 0) {   /* double them before the closing quote */
            for (size_t i = 0; i < backslashes * 2; i++) out[at++] = '\\';
            break;
        }
        if (*p == '"') {
            for (size_t i = 0; i < backslashes * 2 + 1; i++) out[at++] = '\\';
            out[at++] = '"';
        } else {
            for (size_t i = 0; i < backslashes; i++) out[at++] = '\\';
            out[at++] = *p;
        }
    }
    out[at++] = '"';
    return at;
}

/* The command line of argv (UTF-16, in the module's memory), with `prefix` arguments first. */
static WCHAR *command_line(const WCHAR *const *prefix, size_t prefix_count, char *const *argv)
{
    size_t room = 16, count = 0;
    for (size_t i = 0; i < prefix_count; i++) {
        for (const WCHAR *p = prefix[i]; *p; p++) count++;
        count = count * 2 + 3;
    }
    for (char *const *a = argv; *a; a++) room += strlen(*a) * 2 + 3;
    room += count + 16;
    WCHAR *line = host_alloc(room * sizeof(WCHAR));
    if (line == NULL) return NULL;
    size_t at = 0;
    for (size_t i = 0; i < prefix_count; i++) {
        if (at) line[at++] = ' ';
        at = quote(line, at, prefix[i]);
    }
    for (char *const *a = argv; *a; a++) {
        WCHAR *wide = utf16_of(*a);
        if (wide == NULL) {
            host_free(line);
            return NULL;
        }
        if (at) line[at++] = ' ';
        at = quote(line, at, wide);
        host_free(wide);
    }
    line[at] = 0;
    return line;
}

/* The environment block: NAME=value strings, each NUL-ended, and one more NUL. */
static WCHAR *environment_block(char *const *envp)
{
    size_t room = 2;
    for (char *const *e = envp; *e; e++) room += strlen(*e) + 1;
    WCHAR *block = host_alloc(room * sizeof(WCHAR));
    if (block == NULL) return NULL;
    size_t at = 0;
    for (char *const *e = envp; *e; e++) {
        int n = MultiByteToWideChar(CP_UTF8, 0, *e, -1, block + at, (int)(room - at));
        if (n <= 0) {
            host_free(block);
            return NULL;
        }
        at += (size_t)n;
    }
    block[at++] = 0;
    if (at == 1) block[at++] = 0;   /* an empty block is two NULs */
    return block;
}

/* ---- the standard handles --------------------------------------------------------------------------------------- */

/* The new process's 0, 1 and 2: the program's, after the actions (on those numbers only). Each is a
 * reference into the descriptor table (or a file the actions opened, holding its own handle). */
struct std_handles {
    struct lx_fd ref[3];
    HANDLE opened[3];   /* handles an MC_SPAWN_OPEN made, closed after the spawn */
};

static void std_release(struct std_handles *s)
{
    for (int i = 0; i < 3; i++) {
        lx_fd_put(&s->ref[i]);
        if (s->opened[i]) CloseHandle(s->opened[i]);
        s->opened[i] = NULL;
    }
}

static HANDLE std_handle(struct std_handles *s, int n)
{
    return s->opened[n] ? s->opened[n] : s->ref[n].host != -1 ? win_file_of(&s->ref[n])->handle : NULL;
}

static intptr_t apply_actions(struct std_handles *s, const struct mc_spawn_action *actions, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const struct mc_spawn_action *a = &actions[i];
        switch (a->kind) {
        case MC_SPAWN_CLOSE:
            if (a->fd >= 0 && a->fd <= 2) {
                lx_fd_put(&s->ref[a->fd]);
                s->ref[a->fd].host = -1;
                if (s->opened[a->fd]) CloseHandle(s->opened[a->fd]);
                s->opened[a->fd] = NULL;
            }
            break;
        case MC_SPAWN_DUP2: {
            if (a->newfd < 0 || a->newfd > 2 || a->fd == a->newfd) break;
            struct lx_fd source = { -1, NULL };
            HANDLE opened = NULL;
            if (a->fd >= 0 && a->fd <= 2) {   /* one of the three as the actions left it */
                if (s->opened[a->fd]) {
                    if (!DuplicateHandle(GetCurrentProcess(), s->opened[a->fd], GetCurrentProcess(), &opened, 0, FALSE, DUPLICATE_SAME_ACCESS))
                        return lx_last_error();
                } else if (s->ref[a->fd].host != -1) {
                    source = lx_fd_copy(&s->ref[a->fd]);
                } else {
                    return -LINUX_EBADF;
                }
            } else if ((source = lx_fd_get(a->fd)).host == -1) {
                return -LINUX_EBADF;
            }
            lx_fd_put(&s->ref[a->newfd]);
            if (s->opened[a->newfd]) CloseHandle(s->opened[a->newfd]);
            s->ref[a->newfd] = source;
            s->opened[a->newfd] = opened;
            break;
        }
        case MC_SPAWN_OPEN: {
            if (a->path == NULL) return -LINUX_EFAULT;
            if (a->fd < 0 || a->fd > 2) break;
            intptr_t error = 0;
            WCHAR *path = host_path(a->path, &error);
            if (path == NULL) return error;
            DWORD access = (a->flags & LINUX_O_ACCMODE) == LINUX_O_RDONLY ? GENERIC_READ
                         : (a->flags & LINUX_O_ACCMODE) == LINUX_O_WRONLY ? GENERIC_WRITE : GENERIC_READ | GENERIC_WRITE;
            if (a->flags & LINUX_O_APPEND) access = (access & GENERIC_READ) | FILE_APPEND_DATA | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
            DWORD disposition = (a->flags & LINUX_O_CREAT) ? ((a->flags & LINUX_O_TRUNC) ? CREATE_ALWAYS : OPEN_ALWAYS)
                              : (a->flags & LINUX_O_TRUNC) ? TRUNCATE_EXISTING : OPEN_EXISTING;
            HANDLE h = CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, disposition,
                                   FILE_ATTRIBUTE_NORMAL, NULL);
            host_path_free(path);
            if (h == INVALID_HANDLE_VALUE) return lx_last_error();
            lx_fd_put(&s->ref[a->fd]);
            s->ref[a->fd].host = -1;
            if (s->opened[a->fd]) CloseHandle(s->opened[a->fd]);
            s->opened[a->fd] = h;
            break;
        }
        case MC_SPAWN_CHDIR:
        case MC_SPAWN_FCHDIR:
            break;   /* applied by the caller: the new process's directory */
        default:
            return -LINUX_EINVAL;
        }
    }
    return 0;
}

/* ---- starting ------------------------------------------------------------------------------------------------------ */

/* What the program file is: 1 an ELF program, 2 a script, 0 anything else (a Windows program). */
static int program_kind(const WCHAR *path)
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return -1;
    unsigned char head[4] = { 0 };
    DWORD n = 0;
    ReadFile(h, head, 4, &n, NULL);
    CloseHandle(h);
    if (n == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') return 1;
    if (n >= 2 && head[0] == '#' && head[1] == '!') return 2;
    return 0;
}

static int remember(DWORD pid, HANDLE process)
{
    host_lock(&children_lock);
    int stored = 0;
    for (int i = 0; i < MAX_CHILDREN && !stored; i++)
        if (children[i].process == NULL) {
            children[i].pid = pid;
            children[i].process = process;
            children[i].killed_by = 0;
            stored = 1;
        }
    host_unlock(&children_lock);
    return stored;
}

static intptr_t start(struct spawn_copy *c)
{
    if (c->request.flags & ~(uint64_t)(MC_SPAWN_SETPGROUP | MC_SPAWN_SETSID | MC_SPAWN_RESETIDS)) return -LINUX_EINVAL;
    intptr_t error = 0;
    WCHAR *program = host_path(c->path, &error);
    if (program == NULL) return error;
    int kind = program_kind(program);
    if (kind < 0) {
        error = lx_last_error();
        host_path_free(program);
        return error;
    }
    if (kind == 2) {
        host_path_free(program);
        return -LINUX_ENOEXEC;
    }
    WCHAR microcosm[1024];
    WCHAR *line;
    if (kind == 1) {
        DWORD n = GetModuleFileNameW(NULL, microcosm, 1024);
        if (n == 0 || n >= 1024) {
            host_path_free(program);
            return -LINUX_ENOEXEC;
        }
        static const WCHAR run[] = { 'r', 'u', 'n', 0 }, dashes[] = { '-', '-', 0 };
        const WCHAR *prefix[] = { microcosm, run, dashes, program };
        line = command_line(prefix, 4, c->argv[0] ? c->argv + 1 : c->argv);
    } else {
        line = command_line(NULL, 0, c->argv);
    }
    WCHAR *environment = environment_block(c->envp);
    struct std_handles s = { 0 };
    for (int i = 0; i < 3; i++) s.ref[i] = lx_fd_get(i);
    error = line && environment ? apply_actions(&s, c->actions, c->request.action_count) : -LINUX_ENOMEM;
    WCHAR *directory = NULL;
    for (size_t i = 0; error == 0 && i < c->request.action_count; i++)
        if (c->actions[i].kind == MC_SPAWN_CHDIR && c->actions[i].path) {
            host_path_free(directory);
            directory = host_path(c->actions[i].path, &error);
        }
    /* Inheritable copies of the three handles for the new process (NUL for a closed one). */
    HANDLE inherit[3] = { NULL, NULL, NULL };
    for (int i = 0; error == 0 && i < 3; i++) {
        HANDLE h = std_handle(&s, i);
        if (h == NULL) {
            static const WCHAR nul[] = { 'N', 'U', 'L', 0 };
            h = CreateFileW(nul, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
            if (h == INVALID_HANDLE_VALUE) h = NULL;
            inherit[i] = h;
            if (h) SetHandleInformation(h, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        } else if (!DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &inherit[i], 0, TRUE, DUPLICATE_SAME_ACCESS)) {
            error = lx_last_error();
        }
    }
    intptr_t pid = error;
    if (error == 0) {
        struct win_startup_info startup = { .cb = sizeof startup, .flags = STARTF_USESTDHANDLES,
                                            .std_input = inherit[0], .std_output = inherit[1], .std_error = inherit[2] };
        struct win_process_information info;
        if (CreateProcessW(kind == 1 ? microcosm : program, line, NULL, NULL, TRUE, CREATE_UNICODE_ENVIRONMENT, environment,
                           directory, &startup, &info)) {
            CloseHandle(info.thread);
            if (remember(info.process_id, info.process)) pid = (intptr_t)info.process_id;
            else {
                CloseHandle(info.process);   /* too many unreaped children: it runs, unwaitable */
                pid = (intptr_t)info.process_id;
            }
        } else {
            pid = GetLastError() == 193 /* ERROR_BAD_EXE_FORMAT */ ? -LINUX_ENOEXEC : lx_last_error();
        }
    }
    for (int i = 0; i < 3; i++)
        if (inherit[i]) CloseHandle(inherit[i]);
    std_release(&s);
    host_path_free(directory);
    host_free(environment);
    host_free(line);
    host_path_free(program);
    return pid;
}

/* mc_process_spawn(path, argv, envp, request) -> pid */
MC_HANDLER(sys_process_spawn)
{
    struct spawn_copy copy;
    intptr_t r = spawn_copy_in(&copy, a, b, c, d);
    if (r == 0) r = start(&copy);
    spawn_copy_free(&copy);
    return r;
}

/* ---- waiting and killing -------------------------------------------------------------------------------------------- */

/* A Windows exit code as a Linux wait status: exited with its low 8 bits, or killed by the signal kill
 * ended it with, or by the signal an exception code stands for. */
static int wait_status(DWORD code, int killed_by)
{
    if (killed_by) return killed_by;
    switch (code) {
    case 0xC0000005: case 0xC0000096: case 0xC00000FD: return 11;   /* access violation, privileged, stack: SIGSEGV */
    case 0xC000001D: return 4;                                       /* illegal instruction: SIGILL */
    case 0xC0000094: case 0xC000008E: return 8;                      /* division: SIGFPE */
    case 0xC000013A: return 2;                                       /* Ctrl-C: SIGINT */
    case 0xC0000409: return 6;                                       /* fail-fast (abort): SIGABRT */
    default: return (int)((code & 0xff) << 8);
    }
}

MC_HANDLER(sys_wait4)
{
    intptr_t pid = a;
    if (c & ~(intptr_t)(LINUX_WNOHANG | LINUX_WUNTRACED | LINUX_WCONTINUED)) return -LINUX_EINVAL;
    if (pid < -1 || pid == 0) pid = -1;   /* process groups: a program's children are all of its one group */
    for (;;) {
        HANDLE handles[64];
        int slots[64], n = 0;
        host_lock(&children_lock);
        for (int i = 0; i < MAX_CHILDREN && n < 64; i++)
            if (children[i].process && (pid == -1 || children[i].pid == (DWORD)pid)) {
                handles[n] = children[i].process;
                slots[n++] = i;
            }
        host_unlock(&children_lock);
        if (n == 0) return -LINUX_ECHILD;
        DWORD w = WaitForMultipleObjects((DWORD)n, handles, FALSE, (c & LINUX_WNOHANG) ? 0 : LX_SLICE_MS);
        if (w < (DWORD)n) {
            int slot = slots[w];
            host_lock(&children_lock);
            DWORD code = 0, child_pid = children[slot].pid;
            GetExitCodeProcess(children[slot].process, &code);
            int status = wait_status(code, children[slot].killed_by);
            CloseHandle(children[slot].process);
            children[slot].process = NULL;
            host_unlock(&children_lock);
            int32_t out = status;
            if (b != 0 && LX_COPY_OUT((void *)b, out) != 0) return -LINUX_EFAULT;
            if (d != 0) {
                struct linux_rusage usage;
                memset(&usage, 0, sizeof usage);
                if (LX_COPY_OUT((void *)d, usage) != 0) return -LINUX_EFAULT;
            }
            return (intptr_t)child_pid;
        }
        if (w != WAIT_TIMEOUT) return lx_last_error();
        if (c & LINUX_WNOHANG) return 0;
        lx_checkpoint();
    }
}

/* The signals whose default action ends a process (not SIGCHLD, SIGCONT, SIGURG, SIGWINCH, the stops). */
static int ends_a_process(int sig)
{
    return sig != 17 && sig != 18 && sig != 23 && sig != 28 && sig != 19 && sig != 20 && sig != 21 && sig != 22;
}

MC_HANDLER(sys_kill)
{
    intptr_t pid = a;
    int sig = (int)b;
    if (sig < 0 || sig > 64) return -LINUX_EINVAL;
    if (pid == 0 || pid == -1 || pid == (intptr_t)GetCurrentProcessId() || pid < -1) return -LINUX_EPERM;
    host_lock(&children_lock);
    HANDLE process = NULL;
    int slot = -1;
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i].process && children[i].pid == (DWORD)pid) slot = i, process = children[i].process;
    intptr_t r = 0;
    int own = 0;
    if (process == NULL) {
        process = OpenProcess(PROCESS_TERMINATE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
        own = 1;
        if (process == NULL) r = GetLastError() == ERROR_ACCESS_DENIED ? -LINUX_EPERM : -LINUX_ESRCH;
    }
    if (r == 0 && sig != 0 && ends_a_process(sig)) {
        if (!TerminateProcess(process, 128 + (uint32_t)sig)) r = lx_last_error();
        else if (slot >= 0) children[slot].killed_by = sig;
    } else if (r == 0 && sig != 0 && (sig == 19 || sig == 20 || sig == 21 || sig == 22)) {
        r = -LINUX_EPERM;   /* stopping a process: not on this host */
    }
    if (own && process) CloseHandle(process);
    host_unlock(&children_lock);
    return r;
}

/* The spawn family (abi/families.tsv): the same calls on every host. */
static const struct mc_syscall_entry spawn_syscalls[] = { MC_FAMILY_spawn(MC_FAMILY_ENTRY) };

__attribute__((constructor)) static void spawn_init(void)
{
    MC_REGISTER_TABLE(spawn_syscalls);
}

/* The end of the instance: the handles of children nobody waited for go (the children run on). */
__attribute__((destructor)) static void spawn_end(void)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i].process) CloseHandle(children[i].process);
}
