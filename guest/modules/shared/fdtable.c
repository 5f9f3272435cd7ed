/* fdtable.c (in libmc-fd.so): the program's descriptor table (fdtable.h).
 *
 * Two arrays, each two-level so that they can grow without moving (readers take no lock):
 * - slots, one 64-bit word per guest number: 0 when the number is free, else the file's index + 1
 *   (bits 0-31), the close-on-exec flag (bit 32) and the file's generation (bits 33-63);
 * - files: a host descriptor, a reference count (one per number that refers to the file, one per
 *   call in progress) and a generation that changes each time the entry is reused.
 * A reader loads a slot, takes a reference on the file unless its count is already 0 (it is being
 * closed), then checks the generation: if the entry was reused in between, it lets go and looks again.
 * Changes to the slots and the free list take one lock; the last reference closes the host descriptor
 * outside it.
 */
#include <stdatomic.h>
#include "fdtable.h"
#include "host.h"

#define CHUNK_BITS 10
#define CHUNK (1 << CHUNK_BITS)
#define CHUNKS (LX_FD_MAX / CHUNK)

#define SLOT_CLOEXEC (1ULL << 32)
#define GEN_SHIFT 33
#define GEN_MASK 0x7fffffffU

struct lx_file {
    _Atomic int32_t refs;
    intptr_t host;
    _Atomic uint32_t gen;
    uint32_t index;         /* its own place in the array */
    uint32_t next_free;     /* index + 1 of the next free entry, 0 at the end (under the lock) */
};

static _Atomic(_Atomic uint64_t *) slot_chunks[CHUNKS];
static _Atomic(struct lx_file *) file_chunks[CHUNKS];
static host_mutex table_lock;
static uint32_t free_files;   /* index + 1 of the first free file entry, 0: none */
static uint32_t files_made;   /* entries ever handed out: those below are allocated */
static intptr_t lowest_free;  /* no number below this is free (a hint for min = 0) */

static struct lx_file *file_at(uint32_t index)
{
    return &atomic_load(&file_chunks[index >> CHUNK_BITS])[index & (CHUNK - 1)];
}

static _Atomic uint64_t *slot_at(intptr_t fd)
{
    _Atomic uint64_t *chunk = atomic_load(&slot_chunks[fd >> CHUNK_BITS]);
    return chunk ? &chunk[fd & (CHUNK - 1)] : NULL;
}

/* The slot of fd, its chunk made if it is missing (under the lock). NULL: no memory. */
static _Atomic uint64_t *slot_made(intptr_t fd)
{
    _Atomic uint64_t *slot = slot_at(fd);
    if (slot) return slot;
    _Atomic uint64_t *chunk = host_alloc(CHUNK * sizeof *chunk);
    if (!chunk) return NULL;
    atomic_store(&slot_chunks[fd >> CHUNK_BITS], chunk);
    return &chunk[fd & (CHUNK - 1)];
}

static uint64_t slot_word(uint32_t index, int cloexec)
{
    uint64_t gen = atomic_load(&file_at(index)->gen) & GEN_MASK;
    return (uint64_t)(index + 1) | (cloexec ? SLOT_CLOEXEC : 0) | (gen << GEN_SHIFT);
}

static uint32_t word_index(uint64_t word) { return (uint32_t)word - 1; }

/* A file entry for a host descriptor, with one reference (the caller's slot's). Under the lock.
 * UINT32_MAX: no memory or no entries left. */
static uint32_t file_new(intptr_t host)
{
    uint32_t index;
    if (free_files) {
        index = free_files - 1;
        free_files = file_at(index)->next_free;
    } else {
        if (files_made >= LX_FD_MAX) return UINT32_MAX;
        index = files_made;
        if (!atomic_load(&file_chunks[index >> CHUNK_BITS])) {
            struct lx_file *chunk = host_alloc(CHUNK * sizeof *chunk);
            if (!chunk) return UINT32_MAX;
            atomic_store(&file_chunks[index >> CHUNK_BITS], chunk);
        }
        files_made++;
    }
    struct lx_file *f = file_at(index);
    f->index = index;
    f->host = host;
    atomic_store(&f->refs, 1);
    return index;
}

/* Lets go of one reference; the last closes the host descriptor and frees the entry. */
static void file_put(struct lx_file *f)
{
    if (atomic_fetch_sub(&f->refs, 1) != 1) return;
    host_close(f->host);
    host_lock(&table_lock);
    f->host = -1;
    atomic_fetch_add(&f->gen, 1);
    f->next_free = free_files;
    free_files = f->index + 1;
    host_unlock(&table_lock);
}

/* Takes a reference unless the count is 0 (the file is being closed). */
static int file_get(struct lx_file *f)
{
    int32_t refs = atomic_load(&f->refs);
    do {
        if (refs == 0) return 0;
    } while (!atomic_compare_exchange_weak(&f->refs, &refs, refs + 1));
    return 1;
}

struct lx_fd lx_fd_get(intptr_t fd)
{
    struct lx_fd none = { -1, NULL };
    if (fd < 0 || fd >= LX_FD_MAX) return none;
    _Atomic uint64_t *slot = slot_at(fd);
    if (!slot) return none;
    for (;;) {
        uint64_t word = atomic_load(slot);
        if (!word) return none;
        struct lx_file *f = file_at(word_index(word));
        if (!file_get(f)) continue;          /* closing: the slot has changed already */
        if ((atomic_load(&f->gen) & GEN_MASK) == (word >> GEN_SHIFT)) {
            struct lx_fd ref = { f->host, f };
            return ref;
        }
        file_put(f);                         /* the entry was reused meanwhile: look again */
    }
}

struct lx_fd lx_fd_copy(const struct lx_fd *ref)
{
    if (ref->file) atomic_fetch_add(&ref->file->refs, 1);
    return *ref;
}

void lx_fd_put(struct lx_fd *ref)
{
    if (ref->file) file_put(ref->file);
    ref->file = NULL;
}

/* A bound the program set (setrlimit(RLIMIT_NOFILE)) where the host keeps none of its own; 0: none. */
static _Atomic intptr_t set_limit;

intptr_t lx_fd_limit(void)
{
    intptr_t limit = host_descriptor_limit(), chosen = atomic_load(&set_limit);
    if (limit <= 0 || limit > LX_FD_MAX) limit = LX_FD_MAX;
    return chosen > 0 && chosen < limit ? chosen : limit;
}

void lx_fd_set_limit(intptr_t limit) { atomic_store(&set_limit, limit); }

/* The lowest free number >= min below the limit, its slot made; -errno. Under the lock. */
static intptr_t find_free(intptr_t min, intptr_t limit, _Atomic uint64_t **slot_out)
{
    if (min < lowest_free) min = lowest_free;   /* nothing below it is free */
    for (intptr_t fd = min; fd < limit; fd++) {
        _Atomic uint64_t *slot = slot_at(fd);
        if (slot && atomic_load(slot)) continue;
        if (!slot && !(slot = slot_made(fd))) return -LINUX_ENOMEM;
        *slot_out = slot;
        return fd;
    }
    return -LINUX_EMFILE;
}

/* Puts file `index` (whose reference the caller gives) at the lowest free number >= min, below limit
 * (the caller reads it before taking the lock). Under the lock. */
static intptr_t place(uint32_t index, intptr_t min, int cloexec, intptr_t limit)
{
    if (min < 0 || min >= limit) return -LINUX_EINVAL;
    _Atomic uint64_t *slot;
    intptr_t fd = find_free(min, limit, &slot);
    if (fd < 0) return fd;
    atomic_store(slot, slot_word(index, cloexec));
    if (fd == lowest_free) lowest_free = fd + 1;
    return fd;
}

intptr_t lx_fd_install(intptr_t host, intptr_t min, int cloexec)
{
    intptr_t limit = lx_fd_limit();
    host_lock(&table_lock);
    uint32_t index = file_new(host);
    intptr_t fd = index == UINT32_MAX ? -LINUX_ENFILE : place(index, min, cloexec, limit);
    host_unlock(&table_lock);
    if (index == UINT32_MAX) host_close(host);
    else if (fd < 0) file_put(file_at(index));
    return fd;
}

/* Empties a slot; returns the file it held (the slot's reference passes to the caller), or NULL. */
static struct lx_file *take_slot(intptr_t fd)
{
    if (fd < 0 || fd >= LX_FD_MAX) return NULL;
    _Atomic uint64_t *slot = slot_at(fd);
    if (!slot) return NULL;
    uint64_t word = atomic_exchange(slot, 0);
    if (!word) return NULL;
    if (fd < lowest_free) lowest_free = fd;
    return file_at(word_index(word));
}

intptr_t lx_fd_close(intptr_t fd)
{
    host_lock(&table_lock);
    struct lx_file *f = take_slot(fd);
    host_unlock(&table_lock);
    if (!f) return -LINUX_EBADF;
    file_put(f);
    return 0;
}

/* The file index behind fd, with a new reference for a new slot; UINT32_MAX if fd is not open. Under the lock. */
static uint32_t share(intptr_t fd)
{
    if (fd < 0 || fd >= LX_FD_MAX) return UINT32_MAX;
    _Atomic uint64_t *slot = slot_at(fd);
    uint64_t word = slot ? atomic_load(slot) : 0;
    if (!word) return UINT32_MAX;
    /* Under the lock the slot cannot change, so the file is live and its count above 0. */
    atomic_fetch_add(&file_at(word_index(word))->refs, 1);
    return word_index(word);
}

intptr_t lx_fd_dup(intptr_t fd, intptr_t min, int cloexec)
{
    intptr_t limit = lx_fd_limit();
    host_lock(&table_lock);
    uint32_t index = share(fd);
    intptr_t result = index == UINT32_MAX ? -LINUX_EBADF : place(index, min, cloexec, limit);
    host_unlock(&table_lock);
    if (index != UINT32_MAX && result < 0) file_put(file_at(index));
    return result;
}

intptr_t lx_fd_dup2(intptr_t fd, intptr_t target, int cloexec)
{
    intptr_t limit = lx_fd_limit();
    host_lock(&table_lock);
    uint32_t index = share(fd);
    struct lx_file *replaced = NULL;
    intptr_t result;
    _Atomic uint64_t *slot = NULL;
    if (index == UINT32_MAX || target < 0 || target >= limit) {
        result = -LINUX_EBADF;
    } else if (target == fd) {
        result = target;            /* dup2(fd, fd): nothing changes, not even close-on-exec */
    } else if (!(slot = slot_made(target))) {
        result = -LINUX_ENOMEM;
    } else {
        uint64_t old = atomic_exchange(slot, slot_word(index, cloexec));
        if (old) replaced = file_at(word_index(old));
        if (target == lowest_free) lowest_free = target + 1;
        index = UINT32_MAX;         /* the new slot holds the reference */
        result = target;
    }
    host_unlock(&table_lock);
    if (index != UINT32_MAX) file_put(file_at(index));
    if (replaced) file_put(replaced);   /* closed silently, as dup2 closes it */
    return result;
}

intptr_t lx_fd_cloexec(intptr_t fd)
{
    if (fd < 0 || fd >= LX_FD_MAX) return -LINUX_EBADF;
    _Atomic uint64_t *slot = slot_at(fd);
    uint64_t word = slot ? atomic_load(slot) : 0;
    if (!word) return -LINUX_EBADF;
    return (word & SLOT_CLOEXEC) != 0;
}

intptr_t lx_fd_set_cloexec(intptr_t fd, int cloexec)
{
    if (fd < 0 || fd >= LX_FD_MAX) return -LINUX_EBADF;
    host_lock(&table_lock);
    _Atomic uint64_t *slot = slot_at(fd);
    uint64_t word = slot ? atomic_load(slot) : 0;
    if (word) atomic_store(slot, cloexec ? word | SLOT_CLOEXEC : word & ~SLOT_CLOEXEC);
    host_unlock(&table_lock);
    return word ? 0 : -LINUX_EBADF;
}

intptr_t lx_fd_snapshot(struct lx_fd_entry **out)
{
    size_t count = 0, room = 16;
    struct lx_fd_entry *entries = host_alloc(room * sizeof *entries);
    if (!entries) return -LINUX_ENOMEM;
    host_lock(&table_lock);
    for (intptr_t c = 0; c < CHUNKS; c++) {
        _Atomic uint64_t *chunk = atomic_load(&slot_chunks[c]);
        if (!chunk) continue;
        for (intptr_t i = 0; i < CHUNK; i++) {
            uint64_t word = atomic_load(&chunk[i]);
            if (!word) continue;
            if (count == room) {
                struct lx_fd_entry *more = host_realloc(entries, (room *= 2) * sizeof *entries);
                if (!more) {
                    host_unlock(&table_lock);
                    lx_fd_release_all(entries, (intptr_t)count);
                    return -LINUX_ENOMEM;
                }
                entries = more;
            }
            struct lx_file *f = file_at(word_index(word));
            atomic_fetch_add(&f->refs, 1);
            entries[count].guest = (int)(c * CHUNK + i);
            entries[count].cloexec = (word & SLOT_CLOEXEC) != 0;
            entries[count].ref.host = f->host;
            entries[count].ref.file = f;
            count++;
        }
    }
    host_unlock(&table_lock);
    *out = entries;
    return (intptr_t)count;
}

void lx_fd_release_all(struct lx_fd_entry *entries, intptr_t count)
{
    for (intptr_t i = 0; i < count; i++) lx_fd_put(&entries[i].ref);
    host_free(entries);
}

/* ---- the working directory --------------------------------------------------------------------- */

/* The working directory's file, which holds a reference of its own; NULL: the host's (host_cwd_fallback). Read
 * without the lock, as the slots are: a reference taken on an entry that has stopped being the working directory
 * meanwhile is given back and the pointer read again. Entries are never freed before the table's end. */
static _Atomic(struct lx_file *) cwd_file;

struct lx_fd lx_fd_cwd(void)
{
    for (;;) {
        struct lx_file *f = atomic_load(&cwd_file);
        if (f == NULL) {
            struct lx_fd host = { host_cwd_fallback(), NULL };
            return host;
        }
        if (!file_get(f)) continue;   /* closing: cwd_file has changed already */
        if (atomic_load(&cwd_file) == f) {
            struct lx_fd ref = { f->host, f };
            return ref;
        }
        file_put(f);
    }
}

void lx_fd_set_cwd(const struct lx_fd *dir)
{
    struct lx_fd mine = lx_fd_copy(dir);
    struct lx_file *old = atomic_exchange(&cwd_file, mine.file);
    if (old) file_put(old);
}

struct lx_fd lx_fd_wrap(intptr_t host)
{
    host_lock(&table_lock);
    uint32_t index = file_new(host);
    host_unlock(&table_lock);
    struct lx_fd ref = { -1, NULL };
    if (index == UINT32_MAX) {
        host_close(host);
        return ref;
    }
    ref.file = file_at(index);
    ref.host = host;
    return ref;
}

/* ---- the program's start and end --------------------------------------------------------------- */

/* The working directory the program starts in (core syscall -24), held by the table. */
static void cwd_init(void)
{
    char path[4096];
    if (mc_syscall(MC_SYS_WORKING_DIRECTORY, (intptr_t)path, sizeof path, 0, 0) <= 0) return;
    intptr_t host = host_open_directory(path);
    if (host == -1) return;
    struct lx_fd dir = lx_fd_wrap(host);
    atomic_store(&cwd_file, dir.file);   /* the wrap's reference becomes the working directory's */
}

/* The descriptors the embedder gave the program (the CLI: those microcosm inherited), each at its
 * number. They come close-on-exec on the host already. */
__attribute__((constructor(101))) static void fd_table_init(void)
{
    cwd_init();
    for (intptr_t i = 0;; i++) {
        int64_t given[2];
        if (mc_syscall(MC_SYS_TAKE_DESCRIPTOR, i, (intptr_t)given, 0, 0) != 0) break;
        intptr_t fd = given[0];
        intptr_t host = host_adopt((intptr_t)given[1]);
        if (host == -1) continue;
        host_lock(&table_lock);
        _Atomic uint64_t *slot = fd >= 0 && fd < LX_FD_MAX ? slot_made(fd) : NULL;
        uint32_t index = slot && !atomic_load(slot) ? file_new(host) : UINT32_MAX;
        if (index != UINT32_MAX) atomic_store(slot, slot_word(index, 0));
        host_unlock(&table_lock);
        if (index == UINT32_MAX) host_close(host);
    }
}

/* The end of the instance: every host descriptor still open is closed, as a process's are when it
 * ends - references a killed thread never gave back included - and the table's memory goes. */
__attribute__((destructor)) static void fd_table_end(void)
{
    for (intptr_t c = 0; c < CHUNKS; c++) host_free((void *)atomic_exchange(&slot_chunks[c], NULL));
    for (uint32_t c = 0; c < CHUNKS; c++) {
        struct lx_file *chunk = atomic_exchange(&file_chunks[c], NULL);
        if (!chunk) continue;
        for (uint32_t i = 0; i < CHUNK; i++)
            if (atomic_load(&chunk[i].refs) > 0) host_close(chunk[i].host);
        host_free(chunk);
    }
    atomic_store(&cwd_file, NULL);   /* closed with the rest above */
    free_files = files_made = 0;
    lowest_free = 0;
}
