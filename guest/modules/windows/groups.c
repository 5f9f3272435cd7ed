/* groups.c (in the Windows libmc-process.so): process groups and sessions, which Windows does not have
 * (docs/hosts.md, "Identity").
 *
 * Each Microcosm program's process says which group and session it is in through a small named mapping of its own,
 * "Local\microcosm-group-PID" (struct group_record). A child this module starts - spawn, fork, exec - is created
 * suspended and given its record before it runs: the program's group and session, or those posix_spawn's attributes
 * ask for (spawn.c). The parent keeps a handle to it until it reaps the child, and the child opens its own at start,
 * so the record lives as long as either needs it. A process started otherwise (from a Windows shell) finds no record
 * and leads a group and a session of its own, as a process did here before groups.
 *
 * A group's members are found by listing the host's processes (Toolhelp) and reading each one's record. A process that
 * is no Microcosm program's has no record: it is a group of its own, unless this module started it, in which case
 * spawn.c remembers the group it was started in. A program that exec'd another (a child on Windows, spawn.c) leaves
 * its group: the new program, started with its record, is the member in its place.
 */
#include "windows.h"

_Static_assert(sizeof(struct win_process_entry) == 568, "PROCESSENTRY32W's layout on x64");

struct group_record {
    volatile int64_t ids;   /* the group's id in the low half, the session's in the high half */
    volatile int32_t left;  /* 1 once the program exec'd another */
};

static struct group_record fallback;   /* where no mapping could be made: the process's own, seen by nobody else */
static struct group_record *own = &fallback;

static int64_t ids(DWORD group, DWORD session) { return (int64_t)((uint64_t)session << 32 | group); }
static DWORD group_in(int64_t word) { return (DWORD)word; }
static DWORD session_in(int64_t word) { return (DWORD)((uint64_t)word >> 32); }

/* `pid`'s record, mapped (UnmapViewOfFile when done), and the mapping's handle in *handle: made if `make` (or the one
 * that exists), else opened; NULL where there is none. */
static struct group_record *map_record(DWORD pid, int make, HANDLE *handle)
{
    WCHAR name[64];
    name[wide_name(name, "Local\\microcosm-group-", pid)] = 0;
    HANDLE h = make ? CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(struct group_record), name)
                    : OpenFileMappingW(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, name);
    if (h == NULL) return NULL;
    struct group_record *record = MapViewOfFileEx(h, FILE_MAP_READ | FILE_MAP_WRITE, 0, 0, sizeof(struct group_record), NULL);
    if (record == NULL) {
        CloseHandle(h);
        return NULL;
    }
    *handle = h;
    return record;
}

static void unmap_record(struct group_record *record, HANDLE handle)
{
    UnmapViewOfFile(record);
    CloseHandle(handle);
}

/* Another process's record as it stands: 1 with its ids and whether it left (exec'd), or 0 if it has none. */
static int read_record(DWORD pid, int64_t *ids_out, int *left)
{
    HANDLE handle;
    struct group_record *record = map_record(pid, 0, &handle);
    if (record == NULL) return 0;
    *ids_out = __atomic_load_n(&record->ids, __ATOMIC_ACQUIRE);
    *left = __atomic_load_n(&record->left, __ATOMIC_ACQUIRE);
    unmap_record(record, handle);
    return 1;
}

/* The process's record: the one its parent made for it (a Microcosm program's child), or a new one for a group and a
 * session of its own. */
__attribute__((constructor)) static void groups_init(void)
{
    DWORD self = GetCurrentProcessId();
    HANDLE handle;   /* kept for the process's life: the record is how others see its group */
    struct group_record *record = map_record(self, 1, &handle);
    if (record != NULL) own = record;
    int64_t none = 0;
    __atomic_compare_exchange_n(&own->ids, &none, ids(self, self), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

DWORD groups_own(void) { return group_in(__atomic_load_n(&own->ids, __ATOMIC_ACQUIRE)); }

/* The group and session of another process: its record's; a child of this module that is no Microcosm program's: the
 * group spawn.c remembers, in the program's session; another process that runs: its own; -1 if none runs. */
static int64_t ids_of(DWORD pid)
{
    int64_t mine = __atomic_load_n(&own->ids, __ATOMIC_ACQUIRE);
    if (pid == GetCurrentProcessId()) return mine;
    int64_t theirs;
    int left;
    if (read_record(pid, &theirs, &left) && theirs != 0) return theirs;
    DWORD group;
    if (spawn_host_child_group(pid, &group)) return ids(group, session_in(mine));
    HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (process == NULL) return GetLastError() == ERROR_ACCESS_DENIED ? ids(pid, pid) : -1;
    DWORD code = 0;
    BOOL runs = GetExitCodeProcess(process, &code) && code == STILL_ACTIVE;
    CloseHandle(process);
    return runs ? ids(pid, pid) : -1;
}

int64_t groups_for_child(DWORD child, intptr_t group, int new_session)
{
    int64_t mine = __atomic_load_n(&own->ids, __ATOMIC_ACQUIRE);
    if (new_session) return ids(child, child);
    return ids(group < 0 ? group_in(mine) : group == 0 ? child : (DWORD)group, session_in(mine));
}

HANDLE groups_give(DWORD child, int64_t child_ids)
{
    HANDLE handle;
    struct group_record *record = map_record(child, 1, &handle);
    if (record == NULL) return NULL;   /* the child will lead a group of its own */
    __atomic_store_n(&record->ids, child_ids, __ATOMIC_RELEASE);
    UnmapViewOfFile(record);
    return handle;
}

void groups_leave(void) { __atomic_store_n(&own->left, 1, __ATOMIC_RELEASE); }

intptr_t groups_each(DWORD group, int (*visit)(DWORD pid, int64_t ids, void *context), void *context)
{
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snapshot == INVALID_HANDLE_VALUE) return lx_last_error();
    DWORD self = GetCurrentProcessId();
    int visited = 0;
    struct win_process_entry entry = { .size = sizeof entry };
    for (BOOL more = Process32FirstW(snapshot, &entry); more; more = Process32NextW(snapshot, &entry)) {
        int64_t theirs;
        int left;
        if (entry.process_id == self || entry.process_id == 0 || !read_record(entry.process_id, &theirs, &left)) continue;
        if (left || theirs == 0 || group_in(theirs) != group) continue;
        visited++;
        if (!visit(entry.process_id, theirs, context)) break;
    }
    CloseHandle(snapshot);
    return visited;
}

/* ---- the calls ------------------------------------------------------------------------------------------------- */

/* The ids of the process a guest's pid names (0: the program), or -1 for none. */
static int64_t ids_named(intptr_t pid)
{
    if (pid < 0 || pid > UINT32_MAX) return -1;
    return ids_of(pid == 0 ? GetCurrentProcessId() : (DWORD)pid);
}

intptr_t groups_getpgid(intptr_t pid)
{
    int64_t word = ids_named(pid);
    return word < 0 ? -LINUX_ESRCH : (intptr_t)group_in(word);
}

intptr_t groups_getsid(intptr_t pid)
{
    int64_t word = ids_named(pid);
    return word < 0 ? -LINUX_ESRCH : (intptr_t)session_in(word);
}

struct session_search {
    DWORD session;
    int found;
};

static int look_for_session(DWORD pid, int64_t theirs, void *context)
{
    struct session_search *search = context;
    (void)pid;
    if (session_in(theirs) == search->session) search->found = 1;
    return !search->found;   /* on until one is found */
}

/* Whether group `group` has a process in `session`: the program, the group's leader, or another Microcosm program. */
static int group_in_session(DWORD group, DWORD session)
{
    int64_t mine = __atomic_load_n(&own->ids, __ATOMIC_ACQUIRE);
    if (group_in(mine) == group) return session_in(mine) == session;
    int64_t leader = ids_of(group);
    if (leader > 0 && group_in(leader) == group && session_in(leader) == session) return 1;
    struct session_search search = { session, 0 };
    groups_each(group, look_for_session, &search);
    return search.found;
}

/* setpgid(pid, pgid) as Linux checks it: the program or a child it started (ESRCH), in its session and no session's
 * leader (EPERM), into a new group of its own (pgid 0 or its id) or a group of the session (EPERM). */
intptr_t groups_setpgid(intptr_t pid, intptr_t pgid)
{
    if (pid < 0 || pgid < 0) return -LINUX_EINVAL;
    if (pid > UINT32_MAX || pgid > UINT32_MAX) return -LINUX_ESRCH;
    DWORD self = GetCurrentProcessId();
    DWORD target = pid == 0 ? self : (DWORD)pid;
    if (target != self && !spawn_is_child(target)) return -LINUX_ESRCH;
    int64_t mine = __atomic_load_n(&own->ids, __ATOMIC_ACQUIRE), theirs = ids_of(target);
    if (theirs < 0) return -LINUX_ESRCH;
    DWORD group = pgid == 0 ? target : (DWORD)pgid, session = session_in(mine);
    if (session_in(theirs) != session || session == target) return -LINUX_EPERM;
    if (group != target && !group_in_session(group, session)) return -LINUX_EPERM;
    if (target == self) {
        __atomic_store_n(&own->ids, ids(group, session), __ATOMIC_RELEASE);
        return 0;
    }
    if (spawn_set_host_child_group(target, group)) return 0;
    HANDLE handle;
    struct group_record *record = map_record(target, 0, &handle);
    if (record == NULL) return -LINUX_ESRCH;   /* a child that has ended */
    __atomic_store_n(&record->ids, ids(group, session), __ATOMIC_RELEASE);
    unmap_record(record, handle);
    return 0;
}

/* setsid(): a new session and group, led by the program; EPERM for a group's leader. */
intptr_t groups_setsid(void)
{
    DWORD self = GetCurrentProcessId();
    if (groups_own() == self) return -LINUX_EPERM;
    __atomic_store_n(&own->ids, ids(self, self), __ATOMIC_RELEASE);
    return (intptr_t)self;
}
