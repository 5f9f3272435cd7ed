/* locks.c - POSIX record locks (fcntl F_SETLK, F_SETLKW, F_GETLK) over LockFileEx.
 *
 * The two kinds differ: a POSIX lock belongs to the process and the file (any descriptor of it reaches
 * it), a process never conflicts with itself, a lock on a range it holds replaces the old one (a read lock
 * becomes a write lock, or half of it is unlocked), and closing the file lets go of all of them. A Windows
 * lock belongs to the handle, must be unlocked with exactly the range it was taken with, and two
 * handles of one process do conflict. SQLite's locking, and most programs', rely on the POSIX kind.
 *
 * So this process's locks are kept here, per file (volume serial and file index), as sorted ranges that
 * never overlap, and mirrored onto Windows as one LockFileEx per range, taken on a duplicate of the first
 * locking descriptor's handle: other processes see them and conflict with them, this one never does.
 * A change unlocks the mirrored ranges it touches and locks the new ones; if Windows refuses one (another
 * process holds it), the old ones are locked again and the change fails with EAGAIN (F_SETLKW retries).
 * Closing a file object of the file lets go of all the process's locks on it (win_locks_closed).
 * What stays Windows': the locks are mandatory for other handles (I/O into a range another handle holds
 * fails), and F_GETLK names no pid. docs/hosts.md lists both. */
#include "windows.h"

struct lock_range {
    uint64_t start, end;   /* [start, end); end WIN_LOCK_LIMIT: to the end of any file */
    uint8_t type;          /* LINUX_F_RDLCK or LINUX_F_WRLCK */
};

struct locked_file {
    DWORD volume;
    uint64_t index;
    HANDLE handle;               /* the duplicate the Windows locks are taken on */
    struct lock_range *ranges;   /* sorted by start, never overlapping */
    size_t count;
    struct locked_file *next;
};

static host_mutex table_lock;
static struct locked_file *files;

static int identify(HANDLE handle, DWORD *volume, uint64_t *index)
{
    struct win_by_handle_file_information info;
    if (!GetFileInformationByHandle(handle, &info)) return 0;
    *volume = info.volume_serial;
    *index = ((uint64_t)info.index_high << 32) | info.index_low;
    return 1;
}

static struct locked_file *find(DWORD volume, uint64_t index)
{
    for (struct locked_file *f = files; f != NULL; f = f->next)
        if (f->volume == volume && f->index == index) return f;
    return NULL;
}

static BOOL mirror(HANDLE handle, const struct lock_range *r, int lock)
{
    uint64_t length = r->end - r->start;
    struct win_overlapped at = { 0, 0, (DWORD)r->start, (DWORD)(r->start >> 32), NULL };
    if (!lock) return UnlockFileEx(handle, 0, (DWORD)length, (DWORD)(length >> 32), &at);
    DWORD flags = LOCKFILE_FAIL_IMMEDIATELY | (r->type == LINUX_F_WRLCK ? LOCKFILE_EXCLUSIVE_LOCK : 0);
    return LockFileEx(handle, flags, 0, (DWORD)length, (DWORD)(length >> 32), &at);
}

/* The ranges after setting [start, end) to type (0: unlocking it), merged where neighbours agree; count
 * in *count. NULL without memory. */
static struct lock_range *changed(const struct locked_file *f, uint64_t start, uint64_t end, uint8_t type, size_t *count)
{
    struct lock_range *out = host_alloc((f->count + 3) * sizeof *out);
    if (out == NULL) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++) {   /* what is kept of each range: the parts outside [start, end) */
        const struct lock_range *r = &f->ranges[i];
        if (r->end <= start || r->start >= end) {
            out[n++] = *r;
            continue;
        }
        if (r->start < start) out[n++] = (struct lock_range){ r->start, start, r->type };
        if (r->end > end) out[n++] = (struct lock_range){ end, r->end, r->type };
    }
    if (type != 0) out[n++] = (struct lock_range){ start, end, type };
    for (size_t i = 1; i < n; i++)   /* in order already but for the new range: an insertion sort */
        for (size_t j = i; j > 0 && out[j - 1].start > out[j].start; j--) {
            struct lock_range t = out[j - 1];
            out[j - 1] = out[j];
            out[j] = t;
        }
    size_t merged = 0;
    for (size_t i = 0; i < n; i++) {
        if (merged > 0 && out[merged - 1].end == out[i].start && out[merged - 1].type == out[i].type)
            out[merged - 1].end = out[i].end;
        else
            out[merged++] = out[i];
    }
    *count = merged;
    return out;
}

static int touches(const struct lock_range *r, uint64_t start, uint64_t end)
{
    /* Overlapping, or adjacent (a merge changes the neighbour's mirrored range too). */
    return r->start <= end && r->end >= start;
}

/* Mirrors the change from f's ranges to next's onto Windows, for the ranges touching [start, end): 1, or 0
 * with everything as it was when Windows refused a lock. */
static int apply(struct locked_file *f, const struct lock_range *next, size_t next_count, uint64_t start, uint64_t end)
{
    for (size_t i = 0; i < f->count; i++)
        if (touches(&f->ranges[i], start, end)) mirror(f->handle, &f->ranges[i], 0);
    size_t i;
    for (i = 0; i < next_count; i++)
        if (touches(&next[i], start, end) && !mirror(f->handle, &next[i], 1)) break;
    if (i == next_count) return 1;
    DWORD error = GetLastError();
    while (i-- > 0)
        if (touches(&next[i], start, end)) mirror(f->handle, &next[i], 0);
    for (size_t k = 0; k < f->count; k++)
        if (touches(&f->ranges[k], start, end)) mirror(f->handle, &f->ranges[k], 1);
    SetLastError(error);
    return 0;
}

static void forget(struct locked_file *f)
{
    for (struct locked_file **p = &files; *p != NULL; p = &(*p)->next)
        if (*p == f) {
            *p = f->next;
            break;
        }
    for (size_t i = 0; i < f->count; i++) mirror(f->handle, &f->ranges[i], 0);
    CloseHandle(f->handle);
    host_free(f->ranges);
    host_free(f);
}

/* F_SETLK / F_SETLKW of [start, end) to type (LINUX_F_UNLCK too): 0 or -errno. */
intptr_t win_lock_set(struct win_file *file, uint64_t start, uint64_t end, int type, int wait)
{
    DWORD volume;
    uint64_t index;
    if (!identify(file->handle, &volume, &index)) return lx_last_error();
    uint8_t kind = type == LINUX_F_UNLCK ? 0 : (uint8_t)type;
    for (;;) {
        host_lock(&table_lock);
        struct locked_file *f = find(volume, index);
        if (f == NULL) {
            if (kind == 0) {   /* unlocking what is not locked is not an error on Linux */
                host_unlock(&table_lock);
                return 0;
            }
            f = host_alloc(sizeof *f);
            if (f == NULL || !DuplicateHandle(GetCurrentProcess(), file->handle, GetCurrentProcess(), &f->handle, 0, FALSE,
                                              DUPLICATE_SAME_ACCESS)) {
                host_free(f);
                host_unlock(&table_lock);
                return -LINUX_ENOLCK;
            }
            f->volume = volume;
            f->index = index;
            f->next = files;
            files = f;
        }
        size_t count;
        struct lock_range *next = changed(f, start, end, kind, &count);
        if (next == NULL) {
            host_unlock(&table_lock);
            return -LINUX_ENOLCK;
        }
        if (apply(f, next, count, start, end)) {
            host_free(f->ranges);
            f->ranges = next;
            f->count = count;
            if (count == 0) forget(f);
            host_unlock(&table_lock);
            return 0;
        }
        DWORD error = GetLastError();
        host_free(next);
        if (f->count == 0) forget(f);
        host_unlock(&table_lock);
        if (error != ERROR_LOCK_VIOLATION) return -lx_win_errno(error);
        if (!wait) return -LINUX_EAGAIN;
        Sleep(10);   /* F_SETLKW: Windows cannot wait for a lock and be interrupted; poll, passing the checkpoint */
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
    }
}

/* F_GETLK: whether another process holds a lock that conflicts with type over [start, end): 0 (none, or
 * only this process's own), or 1 with *held its type. Only the parts this process holds no lock on are
 * asked of Windows (asking elsewhere would find our own locks). */
int win_lock_test(struct win_file *file, uint64_t start, uint64_t end, int type, int *held)
{
    DWORD volume;
    uint64_t index;
    int known = identify(file->handle, &volume, &index);
    host_lock(&table_lock);
    const struct locked_file *f = known ? find(volume, index) : NULL;
    HANDLE handle = f != NULL ? f->handle : file->handle;
    uint64_t at = start;
    size_t i = 0;
    int conflict = 0;
    while (!conflict && at < end) {
        while (f != NULL && i < f->count && f->ranges[i].end <= at) i++;
        if (f != NULL && i < f->count && f->ranges[i].start <= at) {   /* our own: skip it */
            at = f->ranges[i].end;
            continue;
        }
        uint64_t gap_end = f != NULL && i < f->count && f->ranges[i].start < end ? f->ranges[i].start : end;
        struct lock_range probe = { at, gap_end, (uint8_t)type };
        if (mirror(handle, &probe, 1)) mirror(handle, &probe, 0);
        else conflict = GetLastError() == ERROR_LOCK_VIOLATION;
        at = gap_end;
    }
    host_unlock(&table_lock);
    *held = LINUX_F_WRLCK;   /* which kind Windows does not say: the one that conflicts with anything */
    return conflict;
}

/* A file object is being closed: on Linux, closing a descriptor of a file lets go of all the process's
 * locks on it. */
void win_locks_closed(struct win_file *file)
{
    if (file->kind != WIN_FILE || files == NULL) return;
    DWORD volume;
    uint64_t index;
    if (!identify(file->handle, &volume, &index)) return;
    host_lock(&table_lock);
    struct locked_file *f = find(volume, index);
    if (f != NULL) forget(f);
    host_unlock(&table_lock);
}
