/* spawn.c (in the Windows libmc-process.so): host processes - mc_process_spawn (4001) over
 * CreateProcessW, and wait4 (61) and kill (62) for the processes it started.
 *
 * A Windows process gets one command line, not an argument vector, and three standard handles plus, by the
 * C runtimes' convention, a block of inherited handles by descriptor number (STARTUPINFO's lpReserved2), so:
 *   - argv becomes a command line quoted as the C runtimes split it again (CommandLineToArgvW's rules);
 *   - the new process's descriptors are the program's table after the request's actions, the close-on-exec
 *     ones dropped: 0, 1 and 2 as the standard handles (NUL for a closed one) and all of them, up to
 *     WIN_SPAWN_FDS, in the block, which microcosm.exe and Microsoft's C runtimes read; only those handles
 *     are inherited (PROC_THREAD_ATTRIBUTE_HANDLE_LIST), none another thread made inheritable meanwhile;
 *   - an ELF program (a Microcosm program, "\x7fELF") is started as `microcosm.exe run --signal-exit-base N
 *     --argv0 ARGV0 -- PATH ARGS`, with the microcosm.exe that runs this one (a program started by the host,
 *     as PT_INTERP does on Linux); ended by a signal, it exits with N + the signal, which wait4 reports as
 *     that signal;
 *   - a script ("#!") runs through its interpreter as on Linux, and /bin/sh is Microcosm's shell (paths.c);
 * wait4 waits for the processes this program started (their handles are kept until they are reaped), and
 * their ends send the program SIGCHLD, which Windows does not (child_ended);
 * kill ends one with TerminateProcess for a signal whose default action ends a process, and wait4 then
 * reports it as killed by that signal.
 */
#include "spawn_request.h"
#include "windows.h"

#define MAX_CHILDREN 1024

/* A Microcosm child ended by signal n exits with SIGNAL_EXIT_BASE + n (`run --signal-exit-base`), a code no
 * exit status can be (those are 0..255) and, with its customer bit set, no Windows status either. */
#define SIGNAL_EXIT_BASE 0xE04D4300u
#define SIGNAL_EXIT_BASE_TEXT u"3763159808"
_Static_assert(SIGNAL_EXIT_BASE == 3763159808u, "the text is the number");

static struct child {
    DWORD pid;
    HANDLE process;
    HANDLE ending;   /* the thread pool's wait for its end, which sends the program SIGCHLD (child_ended), or NULL */
    int killed_by;   /* the signal kill ended it with, or 0 */
    int microcosm;   /* a Microcosm program: an exit code of SIGNAL_EXIT_BASE + n means signal n ended it */
    HANDLE group;    /* a Microcosm program's group record (groups.c), kept until it is reaped, or NULL */
    DWORD host_group;   /* another program's process group, which only this module knows */
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

/* The environment block: NAME=value strings, each NUL-ended, and one more NUL. PATH goes back to Windows' form
 * (host_search_path), which a Microcosm child's core turns into the program's again. */
static WCHAR *environment_block(char *const *envp)
{
    size_t room = 2;
    for (char *const *e = envp; *e; e++) room += strlen(*e) * 2 + 3;
    WCHAR *block = host_alloc(room * sizeof(WCHAR));
    if (block == NULL) return NULL;
    size_t at = 0;
    for (char *const *e = envp; *e; e++) {
        char *path = strncmp(*e, "PATH=", 5) == 0 ? host_search_path(*e + 5) : NULL;
        if (path) {
            static const WCHAR name[] = u"PATH=";
            memcpy(block + at, name, sizeof name - sizeof(WCHAR));
            at += 5;
        }
        int n = MultiByteToWideChar(CP_UTF8, 0, path ? path : *e, -1, block + at, (int)(room - at));
        host_free(path);
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

/* ---- the new process's descriptors -------------------------------------------------------------------------- */

/* Windows hands a new process three standard handles and, by the C runtimes' convention, a block in
 * STARTUPINFO's lpReserved2 naming inherited handles by descriptor number (an int count, a flags byte per
 * descriptor, then a handle per descriptor, unaligned) - what Microsoft's C runtimes read at start and
 * microcosm.exe reads too (WindowsInheritedDescriptors), so descriptors above 2 reach a child as on Linux.
 * The block's size is a 16-bit field: at most WIN_SPAWN_FDS descriptors are handed over. */
#define WIN_SPAWN_FDS 2048
#define CRT_FOPEN 0x01
#define CRT_FPIPE 0x08
#define CRT_FAPPEND 0x20
#define CRT_FDEV 0x40

/* What the new process's descriptor n is to be: a reference into the program's table, or a file an
 * MC_SPAWN_OPEN made, or nothing. */
struct slot {
    struct lx_fd ref;   /* host -1: not from the table */
    HANDLE opened;      /* a file the actions opened, closed after the spawn */
    uint8_t cloexec;
};

/* The new process's table: the program's - every number, close-on-exec ones too, since the actions run
 * before the exec that closes them - changed by the actions as they would change a child's. */
struct child_table {
    struct slot *slot;
    int count;
};

static void slot_clear(struct slot *s)
{
    lx_fd_put(&s->ref);
    s->ref.host = -1;
    if (s->opened) CloseHandle(s->opened);
    s->opened = NULL;
    s->cloexec = 0;
}

static int slot_open(const struct slot *s) { return s->opened != NULL || s->ref.host != -1; }

static void table_free(struct child_table *t)
{
    for (int i = 0; i < t->count; i++) slot_clear(&t->slot[i]);
    host_free(t->slot);
    t->slot = NULL;
    t->count = 0;
}

/* Makes room for descriptor n (below WIN_SPAWN_FDS): 0, or -errno. */
static intptr_t table_reach(struct child_table *t, int n)
{
    if (n < 0 || n >= WIN_SPAWN_FDS) return -LINUX_EBADF;
    if (n < t->count) return 0;
    struct slot *more = host_realloc(t->slot, (size_t)(n + 1) * sizeof *more);
    if (more == NULL) return -LINUX_ENOMEM;
    for (int i = t->count; i <= n; i++) more[i] = (struct slot){ .ref = { -1, NULL } };
    t->slot = more;
    t->count = n + 1;
    return 0;
}

static intptr_t table_init(struct child_table *t)
{
    *t = (struct child_table){ 0 };
    struct lx_fd_entry *entries;
    intptr_t count = lx_fd_snapshot(&entries);
    if (count < 0) return count;
    intptr_t error = table_reach(t, 2);
    for (intptr_t i = 0; error == 0 && i < count; i++) {
        if (entries[i].guest >= WIN_SPAWN_FDS) break;   /* beyond what the block can name: not handed over */
        if ((error = table_reach(t, entries[i].guest)) == 0)
            t->slot[entries[i].guest] = (struct slot){ .ref = lx_fd_copy(&entries[i].ref), .cloexec = (uint8_t)entries[i].cloexec };
    }
    lx_fd_release_all(entries, count);
    return error;
}

/* A file opened for MC_SPAWN_OPEN, a relative path from the directory the new process will be in: its handle, or
 * NULL with *error set. */
static HANDLE open_for_child(const struct mc_spawn_action *a, const WCHAR *directory, intptr_t *error)
{
    WCHAR *path = host_path_in(directory, a->path, error);
    if (path == NULL) return NULL;
    DWORD access = (a->flags & LINUX_O_ACCMODE) == LINUX_O_RDONLY ? GENERIC_READ
                 : (a->flags & LINUX_O_ACCMODE) == LINUX_O_WRONLY ? GENERIC_WRITE : GENERIC_READ | GENERIC_WRITE;
    if (a->flags & LINUX_O_APPEND) access = (access & GENERIC_READ) | FILE_APPEND_DATA | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
    DWORD disposition = (a->flags & LINUX_O_CREAT) ? ((a->flags & LINUX_O_TRUNC) ? CREATE_ALWAYS : OPEN_ALWAYS)
                      : (a->flags & LINUX_O_TRUNC) ? TRUNCATE_EXISTING : OPEN_EXISTING;
    HANDLE h = CreateFileW(path, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, disposition,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    host_path_free(path);
    if (h != INVALID_HANDLE_VALUE) return h;
    *error = lx_last_error();
    return NULL;
}

/* The actions, in order, on the new process's table; the directory it starts in (a path in the module's
 * memory, which starts as the program's working directory; NULL for the host process's) into *directory. */
static intptr_t apply_actions(struct child_table *t, const struct mc_spawn_action *actions, size_t count, WCHAR **directory)
{
    intptr_t error = 0;
    for (size_t i = 0; i < count && error == 0; i++) {
        const struct mc_spawn_action *a = &actions[i];
        switch (a->kind) {
        case MC_SPAWN_CLOSE:   /* closing a number that is not open is no error, as glibc's posix_spawn */
            if (a->fd >= 0 && a->fd < t->count) slot_clear(&t->slot[a->fd]);
            break;
        case MC_SPAWN_DUP2: {
            if (a->fd < 0 || a->fd >= t->count || !slot_open(&t->slot[a->fd])) return -LINUX_EBADF;
            if ((error = table_reach(t, (int)a->newfd)) != 0) return error;
            if (a->fd == a->newfd) {   /* dup2 onto itself: the number stays open across the exec */
                t->slot[a->fd].cloexec = 0;
                break;
            }
            struct slot copy = { .ref = { -1, NULL } };
            const struct slot *from = &t->slot[a->fd];
            if (from->opened) {
                if (!DuplicateHandle(GetCurrentProcess(), from->opened, GetCurrentProcess(), &copy.opened, 0, FALSE, DUPLICATE_SAME_ACCESS))
                    return lx_last_error();
            } else {
                copy.ref = lx_fd_copy(&from->ref);
            }
            slot_clear(&t->slot[a->newfd]);
            t->slot[a->newfd] = copy;
            break;
        }
        case MC_SPAWN_OPEN: {
            if (a->path == NULL) return -LINUX_EFAULT;
            if ((error = table_reach(t, (int)a->fd)) != 0) return error;
            HANDLE h = open_for_child(a, *directory, &error);
            if (h == NULL) return error;
            slot_clear(&t->slot[a->fd]);
            t->slot[a->fd].opened = h;
            t->slot[a->fd].cloexec = (a->flags & LINUX_O_CLOEXEC) != 0;
            break;
        }
        case MC_SPAWN_CHDIR:
            if (a->path == NULL) return -LINUX_EFAULT;
            WCHAR *next = host_path_in(*directory, a->path, &error);
            if (next == NULL) return error;
            host_path_free(*directory);
            *directory = next;
            break;
        case MC_SPAWN_FCHDIR: {   /* the program's descriptor of a directory, which keeps its path */
            LX_FD_OPEN(dir, a->fd);
            struct win_file *f = win_file_of(&dir);
            if (f->kind != WIN_DIRECTORY || f->path == NULL) return -LINUX_ENOTDIR;
            WCHAR *copy = wide_dup(f->path);
            if (copy == NULL) return -LINUX_ENOMEM;
            host_path_free(*directory);
            *directory = copy;
            break;
        }
        default:
            return -LINUX_EINVAL;
        }
    }
    return error;
}

/* The handle a slot hands over and its C runtime flags; NULL for a closed one or one Windows cannot
 * hand to another process (a directory listing, /dev/urandom: no handle of their own). */
static HANDLE slot_handle(const struct slot *s, BYTE *flags)
{
    HANDLE h = s->opened;
    uint32_t status = 0;
    enum win_kind kind;
    if (h) {
        kind = win_kind_of(h);
    } else if (s->ref.host != -1) {
        struct win_file *f = win_file_of(&s->ref);
        if (f->kind == WIN_DIRECTORY || f->kind == WIN_RANDOM) return NULL;
        h = f->handle;
        kind = (enum win_kind)f->kind;
        status = f->status;
    } else {
        return NULL;
    }
    *flags = CRT_FOPEN | (kind == WIN_PIPE || kind == WIN_SOCKET ? CRT_FPIPE : 0)
           | (kind == WIN_CONSOLE || kind == WIN_CHARACTER ? CRT_FDEV : 0) | ((status & LINUX_O_APPEND) ? CRT_FAPPEND : 0);
    return h;
}

/* Inheritable duplicates of what the new process is handed, made for one CreateProcessW and closed after it. */
struct handover {
    int count;            /* descriptors named in the block */
    HANDLE *handle;       /* per descriptor: the inheritable duplicate, or NULL */
    HANDLE std[3];        /* the standard handles (NUL for a closed 0, 1 or 2) */
    HANDLE *list;         /* every handle inherited, once: PROC_THREAD_ATTRIBUTE_HANDLE_LIST */
    int listed;
    BYTE *block;          /* lpReserved2 */
    size_t block_size;
    HANDLE extra;         /* the inheritable duplicate of handover_make's extra, or NULL */
};

static void handover_free(struct handover *h)
{
    for (int i = 0; i < h->listed; i++) CloseHandle(h->list[i]);
    host_free(h->list);
    host_free(h->handle);
    host_free(h->block);
    *h = (struct handover){ 0 };
}

/* `extra`: one more handle to inherit, named in no descriptor (fork's channel), or NULL. */
static intptr_t handover_make(struct handover *h, const struct child_table *t, HANDLE extra)
{
    *h = (struct handover){ 0 };
    int count = 3;
    for (int i = 0; i < t->count; i++)
        if (slot_open(&t->slot[i]) && !t->slot[i].cloexec) count = i + 1;
    h->count = count;
    h->handle = host_alloc((size_t)count * sizeof(HANDLE));
    h->list = host_alloc((size_t)(count + 4) * sizeof(HANDLE));
    h->block_size = 4 + (size_t)count * (1 + sizeof(HANDLE));
    h->block = host_alloc(h->block_size);
    if (h->handle == NULL || h->list == NULL || h->block == NULL) return -LINUX_ENOMEM;
    int32_t n32 = count;
    memcpy(h->block, &n32, 4);
    BYTE *flags = h->block + 4, *handles = h->block + 4 + count;
    for (int i = 0; i < count; i++) {
        BYTE f = 0;
        HANDLE source = i < t->count && !t->slot[i].cloexec ? slot_handle(&t->slot[i], &f) : NULL, copy = INVALID_HANDLE_VALUE;
        if (source != NULL) {
            if (!DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), &h->handle[i], 0, TRUE, DUPLICATE_SAME_ACCESS))
                return lx_last_error();
            h->list[h->listed++] = copy = h->handle[i];
        }
        flags[i] = source != NULL ? f : 0;
        memcpy(handles + (size_t)i * sizeof(HANDLE), &copy, sizeof(HANDLE));
    }
    for (int i = 0; i < 3; i++) {
        h->std[i] = h->handle[i];
        if (h->std[i] != NULL) continue;
        /* A closed 0, 1 or 2: NUL as the standard handle (a Windows program expects one), closed in the block. */
        static const WCHAR nul[] = { 'N', 'U', 'L', 0 };
        HANDLE d = CreateFileW(nul, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
        if (d == INVALID_HANDLE_VALUE) continue;
        SetHandleInformation(d, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
        h->list[h->listed++] = h->std[i] = d;
    }
    if (extra != NULL) {
        if (!DuplicateHandle(GetCurrentProcess(), extra, GetCurrentProcess(), &h->list[h->listed], 0, TRUE, DUPLICATE_SAME_ACCESS))
            return lx_last_error();
        h->extra = h->list[h->listed++];
    }
    return 0;
}

/* Starts the process with exactly the handed-over handles inherited (an attribute list), so that no
 * other handle a thread of this process made inheritable meanwhile leaks into it. */
static BOOL create_process(const WCHAR *program, WCHAR *line, void *environment, const WCHAR *directory,
                           struct handover *h, DWORD flags, struct win_process_information *info)
{
    struct win_startup_info_ex startup = { .info = { .cb = sizeof startup, .flags = STARTF_USESTDHANDLES,
                                                     .reserved2_size = (WORD)h->block_size, .reserved2 = h->block,
                                                     .std_input = h->std[0], .std_output = h->std[1], .std_error = h->std[2] } };
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(NULL, 1, 0, &size);
    void *attributes = size ? host_alloc(size) : NULL;
    BOOL listed = attributes && InitializeProcThreadAttributeList(attributes, 1, 0, &size);
    if (listed && h->listed > 0 &&
        !UpdateProcThreadAttribute(attributes, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, h->list, (SIZE_T)h->listed * sizeof(HANDLE), NULL, NULL)) {
        DeleteProcThreadAttributeList(attributes);
        listed = FALSE;
    }
    startup.attributes = listed ? attributes : NULL;
    BOOL ok = CreateProcessW(program, line, NULL, NULL, h->listed > 0, flags | CREATE_UNICODE_ENVIRONMENT | (listed ? EXTENDED_STARTUPINFO_PRESENT : 0),
                             environment, directory, &startup.info, info);
    if (listed) DeleteProcThreadAttributeList(attributes);
    host_free(attributes);
    return ok;
}

/* ---- starting ------------------------------------------------------------------------------------------------------ */

/* The microcosm.exe that runs this program, which runs its Microcosm children (spawn's, fork's) too: 1, or 0 if its
 * path does not fit. */
#define MICROCOSM_PATH_MAX 1024
static int microcosm_path(WCHAR out[MICROCOSM_PATH_MAX])
{
    DWORD n = GetModuleFileNameW(NULL, out, MICROCOSM_PATH_MAX);
    return n != 0 && n < MICROCOSM_PATH_MAX;
}

/* What the program file is: 1 an ELF program, 2 a script ("#!": its first line, up to 255 bytes, in head), 0 anything
 * else (a Windows program), -errno when it cannot be read. */
#define SCRIPT_HEAD 256   /* as Linux reads a script's interpreter line (BINPRM_BUF_SIZE) */
static int program_kind(const WCHAR *path, char head[SCRIPT_HEAD])
{
    HANDLE h = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) return (int)lx_last_error();
    DWORD n = 0;
    if (!ReadFile(h, head, SCRIPT_HEAD - 1, &n, NULL)) n = 0;
    CloseHandle(h);
    head[n] = 0;
    if (n >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') return 1;
    if (n >= 2 && head[0] == '#' && head[1] == '!') return 2;
    return 0;
}

static char *text_copy(const char *text, size_t length)
{
    char *copy = host_alloc(length + 1);
    if (copy) memcpy(copy, text, length);
    return copy;
}

/* A script runs as Linux runs one: its interpreter line "#!INTERPRETER [ARGUMENT]" makes the request
 * INTERPRETER [ARGUMENT] SCRIPT ARGS... (the script's own argv[0] is dropped). /bin/sh is the SDK's shell here
 * (host_path). 0, or -ENOEXEC for a line naming no interpreter, -ENOMEM. */
static intptr_t run_through_interpreter(struct spawn_copy *c, const char *head)
{
    const char *p = head + 2, *end;
    while (*p == ' ' || *p == '\t') p++;
    for (end = p; *end && *end != ' ' && *end != '\t' && *end != '\n' && *end != '\r';) end++;
    if (end == p || (*end == 0 && strlen(head) == SCRIPT_HEAD - 1)) return -LINUX_ENOEXEC;   /* none, or cut short */
    const char *arg = end, *arg_end;
    while (*arg == ' ' || *arg == '\t') arg++;
    for (arg_end = arg; *arg_end && *arg_end != '\n' && *arg_end != '\r';) arg_end++;
    while (arg_end > arg && (arg_end[-1] == ' ' || arg_end[-1] == '\t')) arg_end--;
    size_t count = 0;
    while (c->argv[count]) count++;
    char **argv = host_alloc((count + 3) * sizeof *argv);
    char *interpreter = text_copy(p, (size_t)(end - p)), *path_arg = interpreter ? text_copy(p, (size_t)(end - p)) : NULL;
    char *optional = arg_end > arg ? text_copy(arg, (size_t)(arg_end - arg)) : NULL;
    if (argv == NULL || path_arg == NULL || (arg_end > arg && optional == NULL)) {
        host_free(argv), host_free(interpreter), host_free(path_arg), host_free(optional);
        return -LINUX_ENOMEM;
    }
    size_t at = 0;
    argv[at++] = interpreter;
    if (optional) argv[at++] = optional;
    argv[at++] = c->path;   /* the script, by the path it was asked for */
    for (size_t i = 1; i < count; i++) argv[at++] = c->argv[i];
    argv[at] = NULL;
    if (count) host_free(c->argv[0]);
    host_free(c->argv);
    c->argv = argv;
    c->path = path_arg;
    return 0;
}

/* A child ended (on a thread of the pool): Windows sends no SIGCHLD, so the module does, through the core (-22),
 * as Linux sends it when a child ends. */
static void __attribute__((ms_abi)) child_ended(void *context, BYTE timed_out)
{
    (void)context;
    (void)timed_out;
    mc_syscall(MC_SYS_SIGNAL_POST, LINUX_SIGCHLD, 0, 0, 0);
}

static int remember(DWORD pid, HANDLE process, int microcosm, HANDLE group, DWORD host_group)
{
    host_lock(&children_lock);
    int stored = 0;
    for (int i = 0; i < MAX_CHILDREN && !stored; i++)
        if (children[i].process == NULL) {
            children[i].pid = pid;
            children[i].process = process;
            children[i].killed_by = 0;
            children[i].microcosm = microcosm;
            children[i].group = group;
            children[i].host_group = host_group;
            if (!RegisterWaitForSingleObject(&children[i].ending, process, child_ended, NULL, INFINITE, WT_EXECUTEONLYONCE))
                children[i].ending = NULL;   /* it still runs and is waited for; its end goes unsignalled */
            stored = 1;
        }
    host_unlock(&children_lock);
    return stored;
}

/* Forgets a child (reaped, or the instance ends): its wait first, which waits for a SIGCHLD being sent. */
static void forget(struct child *c)
{
    if (c->ending) UnregisterWaitEx(c->ending, INVALID_HANDLE_VALUE);
    CloseHandle(c->process);
    if (c->group) CloseHandle(c->group);
    c->ending = NULL;
    c->process = NULL;
    c->group = NULL;
}

/* An exec's new program ends with the process that stands in for it (stand_in_for): a SIGKILL of that process
 * (TerminateProcess, which nothing sees coming) ends the new program too, as it ends the one program on Linux. A job
 * that ends its processes when its last handle closes - this process's, at its end - holds the new program alone (its
 * own children break away from it silently). Where the host refuses the job, the new program outlives a SIGKILL. */
_Static_assert(sizeof(struct win_job_extended_limits) == 144, "JOBOBJECT_EXTENDED_LIMIT_INFORMATION's layout on x64");
static void ends_with_this_process(HANDLE process)
{
    HANDLE job = CreateJobObjectW(NULL, NULL);
    if (job == NULL) return;
    struct win_job_extended_limits limits = { .basic.limit_flags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK };
    if (!SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION, &limits, sizeof limits) || !AssignProcessToJobObject(job, process))
        CloseHandle(job);
    /* else the handle stays open for this process's life */
}

/* Starts the program `c` asks for as a child; for an exec, one that ends with this process. */
static intptr_t start(struct spawn_copy *c, int exec)
{
    /* MC_SPAWN_SIGNALS asks for nothing here: a Windows process has no signal dispositions to start with. */
    if (c->request.flags & ~(uint64_t)(MC_SPAWN_SETPGROUP | MC_SPAWN_SETSID | MC_SPAWN_RESETIDS | MC_SPAWN_SIGNALS)) return -LINUX_EINVAL;
    /* The new process starts in the program's working directory, changed by the actions: a relative program path
     * is found from where they leave it, as Linux's posix_spawn finds it after the file actions. */
    intptr_t error = 0, pid;
    struct child_table table = { 0 };
    struct handover handover = { 0 };
    WCHAR *program = NULL, *line = NULL, *environment = NULL, microcosm[MICROCOSM_PATH_MAX];
    WCHAR *directory = win_cwd_path(&error);
    if (error == 0) error = table_init(&table);
    if (error == 0) error = apply_actions(&table, c->actions, c->request.action_count, &directory);
    if (error == 0) program = host_path_in(directory, c->path, &error);
    if (program == NULL) {
        pid = error;
        goto done;
    }
    char head[SCRIPT_HEAD];
    int kind = program_kind(program, head);
    if (kind == 2) {   /* a script: its interpreter runs it, unless that is a script too (Linux allows a few levels) */
        host_path_free(program);
        program = NULL;
        error = run_through_interpreter(c, head);
        if (error == 0) program = host_path_in(directory, c->path, &error);
        if (program == NULL) {
            pid = error;
            goto done;
        }
        kind = program_kind(program, head);
        if (kind == 2) kind = -LINUX_ENOEXEC;
    }
    if (kind < 0) {
        pid = kind;
        goto done;
    }
    if (kind == 1) {
        if (!microcosm_path(microcosm)) {
            pid = -LINUX_ENOEXEC;
            goto done;
        }
        /* run --signal-exit-base: so that wait4 can tell a signal's end from an exit status (wait_status);
         * --argv0: the program's argv[0] is the one asked for, not its path. */
        WCHAR *argv0 = c->argv[0] ? utf16_of(c->argv[0]) : NULL;
        const WCHAR *prefix[8];
        size_t count = 0;
        prefix[count++] = microcosm;
        prefix[count++] = (const WCHAR *)u"run";
        prefix[count++] = (const WCHAR *)u"--signal-exit-base";
        prefix[count++] = (const WCHAR *)SIGNAL_EXIT_BASE_TEXT;
        if (argv0) {
            prefix[count++] = (const WCHAR *)u"--argv0";
            prefix[count++] = argv0;
        }
        prefix[count++] = (const WCHAR *)u"--";
        prefix[count++] = program;
        line = c->argv[0] && argv0 == NULL ? NULL : command_line(prefix, count, c->argv[0] ? c->argv + 1 : c->argv);
        host_free(argv0);
    } else {
        line = command_line(NULL, 0, c->argv);
    }
    environment = environment_block(c->envp);
    error = line && environment ? 0 : -LINUX_ENOMEM;
    if (error == 0) error = handover_make(&handover, &table, NULL);
    pid = error;
    if (error == 0) {
        struct win_process_information info;
        /* Suspended: it runs in its process group from its first instruction (groups.c). */
        if (create_process(kind == 1 ? microcosm : program, line, environment, directory, &handover, CREATE_SUSPENDED, &info)) {
            int64_t ids = groups_for_child(info.process_id, c->request.flags & MC_SPAWN_SETPGROUP ? (intptr_t)c->request.pgroup : -1,
                                           (c->request.flags & MC_SPAWN_SETSID) != 0);
            HANDLE group = kind == 1 ? groups_give(info.process_id, ids) : NULL;
            if (exec) ends_with_this_process(info.process);
            if (ResumeThread(info.thread) == (DWORD)-1) {
                pid = lx_last_error();
                TerminateProcess(info.process, 1);
                CloseHandle(info.process);
                if (group) CloseHandle(group);
            } else {
                pid = (intptr_t)info.process_id;
                if (!remember(info.process_id, info.process, kind == 1, group, (DWORD)ids)) {
                    CloseHandle(info.process);   /* too many unreaped children: it runs, unwaitable */
                    if (group) CloseHandle(group);
                }
            }
            CloseHandle(info.thread);
        } else {
            pid = GetLastError() == 193 /* ERROR_BAD_EXE_FORMAT */ ? -LINUX_ENOEXEC : lx_last_error();
        }
    }
done:
    handover_free(&handover);
    table_free(&table);
    host_path_free(directory);
    host_free(environment);
    host_free(line);
    host_path_free(program);
    return pid;
}

intptr_t spawn_fork_child(HANDLE channel, struct win_process_information *info)
{
    WCHAR microcosm[MICROCOSM_PATH_MAX];
    if (!microcosm_path(microcosm)) return -LINUX_ENOEXEC;
    struct child_table table;
    struct handover handover = { 0 };
    intptr_t error = table_init(&table);
    WCHAR *directory = error == 0 ? win_cwd_path(&error) : NULL;   /* the child starts where the program is */
    WCHAR *cloexec = error == 0 ? host_alloc(((size_t)table.count * 21 + 1) * sizeof(WCHAR)) : NULL;
    WCHAR number[21] = { 0 };
    WCHAR *line = NULL;
    if (error == 0 && cloexec == NULL) error = -LINUX_ENOMEM;
    if (error == 0) {
        /* Every descriptor is handed over: the close-on-exec ones are listed, for the child to mark again. */
        size_t at = 0;
        for (int i = 0; i < table.count; i++)
            if (slot_open(&table.slot[i]) && table.slot[i].cloexec) {
                if (at) cloexec[at++] = ',';
                at = wide_decimal(cloexec, at, (uint64_t)i);
                table.slot[i].cloexec = 0;
            }
        cloexec[at] = 0;
        error = handover_make(&handover, &table, channel);
    }
    if (error == 0) {
        number[wide_decimal(number, 0, (uint64_t)(uintptr_t)handover.extra)] = 0;
        const WCHAR *prefix[] = { microcosm, (const WCHAR *)u"fork-child", number, cloexec, (const WCHAR *)SIGNAL_EXIT_BASE_TEXT };
        char *none[] = { NULL };
        line = command_line(prefix, 5, none);
        if (line == NULL) error = -LINUX_ENOMEM;
    }
    /* Suspended: the core reserves the program's address ranges in it before its runtime can take any, then starts it. */
    if (error == 0 && !create_process(microcosm, line, NULL, directory, &handover, CREATE_SUSPENDED, info)) error = lx_last_error();
    host_path_free(directory);
    host_free(line);
    host_free(cloexec);
    handover_free(&handover);
    table_free(&table);
    return error;
}

int spawn_keep_child(DWORD pid, HANDLE process, HANDLE group) { return remember(pid, process, 1, group, 0); }

MC_HANDLER(sys_wait4);

/* An exec started the new program as process `pid`: this process stands in for it until it ends (lx_end_as_child). The
 * new program is its group's member in its place (groups.c), and signals sent to this process go on to it (core -30),
 * as a kill of a program that exec'd reaches the new image on Linux. */
static intptr_t stand_in_for(intptr_t pid)
{
    groups_leave();
    mc_syscall(MC_SYS_SIGNAL_FORWARD, pid, 0, 0, 0);
    return lx_end_as_child(pid, sys_wait4);
}

/* mc_process_spawn(path, argv, envp, request) -> pid; with MC_SPAWN_EXEC an exec, as execve below. */
MC_HANDLER(sys_process_spawn)
{
    struct spawn_copy copy;
    intptr_t r = spawn_copy_in(&copy, a, b, c, d);
    int exec = r == 0 && (copy.request.flags & MC_SPAWN_EXEC);
    if (exec) copy.request.flags &= ~(uint64_t)MC_SPAWN_EXEC;
    if (r == 0) r = start(&copy, exec);
    if (exec && r > 0) r = stand_in_for(r);
    spawn_copy_free(&copy);
    return r;
}

/* ---- waiting and killing -------------------------------------------------------------------------------------------- */

/* A Windows exit code as a Linux wait status: exited with its low 8 bits, or killed by the signal kill
 * ended it with, or by the signal an exception code stands for. */
static int wait_status(DWORD code, int killed_by, int microcosm)
{
    if (killed_by) return killed_by;
    if (microcosm && code > SIGNAL_EXIT_BASE && code <= SIGNAL_EXIT_BASE + 64) return (int)(code - SIGNAL_EXIT_BASE);
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
            int status = wait_status(code, children[slot].killed_by, children[slot].microcosm);
            forget(&children[slot]);
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
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
    }
}

/* The signals whose default action ends a process (abi/signals.tsv: not SIGCHLD, SIGCONT, SIGURG, SIGWINCH, the stops). */
static int ends_a_process(int sig)
{
    return ((LINUX_SIGNALS_TERM | LINUX_SIGNALS_CORE) & LINUX_SIGNAL_BIT(sig)) != 0;
}

/* The slot of the child `pid` this module started, or -1 (the caller holds children_lock). */
static int child_slot(DWORD pid)
{
    int slot = -1;
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i].process && children[i].pid == pid) slot = i;
    return slot;
}

int spawn_is_child(DWORD pid)
{
    host_lock(&children_lock);
    int slot = child_slot(pid);
    host_unlock(&children_lock);
    return slot >= 0;
}

int spawn_host_child_group(DWORD pid, DWORD *group)
{
    host_lock(&children_lock);
    int slot = child_slot(pid);
    int found = slot >= 0 && !children[slot].microcosm;
    if (found) *group = children[slot].host_group;
    host_unlock(&children_lock);
    return found;
}

int spawn_set_host_child_group(DWORD pid, DWORD group)
{
    host_lock(&children_lock);
    int slot = child_slot(pid);
    int found = slot >= 0 && !children[slot].microcosm;
    if (found) children[slot].host_group = group;
    host_unlock(&children_lock);
    return found;
}

/* A Microcosm program's signal mailbox (the core's Host/Windows/SignalMailbox.cs, which says the record's layout): the
 * signal goes to `pid` through its named pipe, with what Linux's siginfo_t says of its sender. 1 when it went, 0 when
 * the process has no mailbox (not a Microcosm program, or one not yet started far enough: a Microcosm child the module
 * started is given a few seconds to open it), or -errno. */
#define MAILBOX_RECORD 32
#define MAILBOX_MAGIC 0x4D435347u
static intptr_t post_to_mailbox(DWORD pid, int sig, int code, int64_t value, int starting)
{
    WCHAR name[64];
    name[wide_name(name, "\\\\.\\pipe\\microcosm-signals-", pid)] = 0;
    unsigned char record[MAILBOX_RECORD] = { 0 };
    uint32_t head[5] = { MAILBOX_MAGIC, (uint32_t)sig, (uint32_t)code, (uint32_t)GetCurrentProcessId(), WIN_UID };
    memcpy(record, head, sizeof head);
    memcpy(record + 24, &value, sizeof value);
    for (int tries = 0; tries < 400; tries++) {
        HANDLE pipe = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
        if (pipe != INVALID_HANDLE_VALUE) {
            DWORD written = 0, got = 0;
            BOOL ok = WriteFile(pipe, record, sizeof record, &written, NULL) && written == sizeof record;
            intptr_t r = ok ? 1 : lx_last_error();
            /* Its answer: the signal is pending there (or the process went away first, as a signal to a process that
             * ends does). Closing before it could leave the record unread. */
            unsigned char answer;
            if (ok) ReadFile(pipe, &answer, 1, &got, NULL);
            CloseHandle(pipe);
            return r;
        }
        DWORD error = GetLastError();
        if (error == ERROR_PIPE_BUSY) WaitNamedPipeW(name, 50);   /* taking another sender's record */
        else if (error == ERROR_FILE_NOT_FOUND && starting && tries < 300) Sleep(10);
        else return 0;
    }
    return -LINUX_EAGAIN;
}

/* kill and sigqueue of another process: SIGKILL ends it; another signal goes to a Microcosm program's mailbox, as Linux
 * delivers it (its handler runs, or its default action); to another program, a signal whose default ends a process
 * ends it, and others do nothing (it has no handlers to run). */
static intptr_t send_signal(intptr_t pid, int sig, int code, int64_t value)
{
    if (sig < 0 || sig > 64) return -LINUX_EINVAL;
    if (pid == 0 || pid == -1 || pid == (intptr_t)GetCurrentProcessId() || pid < -1) return -LINUX_EPERM;
    if (sig != 0 && sig != LINUX_SIGKILL) {
        host_lock(&children_lock);
        int child = child_slot((DWORD)pid);
        /* a Microcosm child still running, which may not have opened its mailbox yet */
        int starting = child >= 0 && children[child].microcosm && WaitForSingleObject(children[child].process, 0) == WAIT_TIMEOUT;
        host_unlock(&children_lock);
        intptr_t posted = post_to_mailbox((DWORD)pid, sig, code, value, starting);
        if (posted != 0) return posted < 0 ? posted : 0;
    }
    host_lock(&children_lock);
    int slot = child_slot((DWORD)pid);
    HANDLE process = slot >= 0 ? children[slot].process : NULL;
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
    } else if (r == 0 && sig != 0 && (LINUX_SIGNALS_STOP & LINUX_SIGNAL_BIT(sig))) {
        r = -LINUX_EPERM;   /* stopping a process that is no Microcosm program's: not on this host */
    }
    if (own && process) CloseHandle(process);
    host_unlock(&children_lock);
    return r;
}

#define LINUX_SI_USER 0

struct group_kill {
    int sig;
    int reached, refused;
};

static void count_sent(struct group_kill *k, intptr_t r)
{
    if (r == 0) k->reached++;
    else if (r == -LINUX_EPERM) k->refused++;   /* -ESRCH: it ended meanwhile */
}

static int kill_member(DWORD pid, int64_t ids, void *context)
{
    (void)ids;
    struct group_kill *k = context;
    count_sent(k, send_signal(pid, k->sig, LINUX_SI_USER, 0));
    return 1;
}

/* kill of process group `group`, but the program (its C library takes its own copy): each Microcosm program of it
 * (groups.c) and each child this module started that is no Microcosm program's and is in it. The program's own group
 * always has someone in it; another with nobody is -ESRCH, and one whose every process refused is -EPERM. */
static intptr_t kill_group(DWORD group, int sig)
{
    struct group_kill k = { sig, 0, 0 };
    intptr_t listed = groups_each(group, kill_member, &k);
    if (listed < 0) return listed;
    DWORD pids[MAX_CHILDREN];
    int count = 0;
    host_lock(&children_lock);
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i].process && !children[i].microcosm && children[i].host_group == group) pids[count++] = children[i].pid;
    host_unlock(&children_lock);
    for (int i = 0; i < count; i++) count_sent(&k, send_signal(pids[i], sig, LINUX_SI_USER, 0));
    if (group == groups_own() || k.reached > 0) return 0;
    return k.refused > 0 ? -LINUX_EPERM : -LINUX_ESRCH;
}

/* kill(pid, sig): another process, the rest of the program's own group (0: the C library takes its own copy), or
 * another group (pid < -1). */
MC_HANDLER(sys_kill)
{
    if (b < 0 || b > 64) return -LINUX_EINVAL;
    if (a == 0) return kill_group(groups_own(), (int)b);
    if (a < -1) return a < -(intptr_t)UINT32_MAX ? -LINUX_ESRCH : kill_group((DWORD)-a, (int)b);
    return send_signal(a, (int)b, LINUX_SI_USER, 0);
}

/* rt_sigqueueinfo(pid, sig, info): the code and value of Linux's siginfo_t (si_code at 8, si_value at 24) go with the
 * signal to a Microcosm program; another gets the signal alone. */
MC_HANDLER(sys_rt_sigqueueinfo)
{
    if (a <= 0) return -LINUX_EPERM;
    int32_t code;
    int64_t value;
    if (c == 0 || lx_copy_in(&code, (const char *)c + 8, sizeof code) != 0 || lx_copy_in(&value, (const char *)c + 24, sizeof value) != 0)
        return -LINUX_EFAULT;
    if (code >= 0) return -LINUX_EPERM;   /* as Linux: a process may not claim to be the kernel (or kill) */
    return send_signal(a, (int)b, code, value);
}

MC_HANDLER(sys_fork) { return win_fork(a, b); }

/* execve(path, argv, envp): Windows cannot replace a process's program, so the new program starts as a child
 * with the program's descriptors (as spawn starts one) and this program ends as it ends (lx_end_as_child): a
 * parent sees the same status, the process id is the child's (docs/processes.md). */
MC_HANDLER(sys_execve)
{
    struct spawn_copy copy;
    intptr_t r = spawn_copy_in(&copy, a, b, c, 0);
    if (r == 0) r = start(&copy, 1);
    if (r > 0) r = stand_in_for(r);
    spawn_copy_free(&copy);
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
        if (children[i].process) forget(&children[i]);
}
