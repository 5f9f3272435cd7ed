/* ftw.c - file tree walks (ftw, nftw) as glibc performs them: entries in directory order, a
 * directory reported before its contents (FTW_D) or after them (FTW_DP with FTW_DEPTH), symbolic
 * links followed unless FTW_PHYS (then FTW_SL), a link to nothing FTW_SLN, an unreadable directory
 * FTW_DNR, a failed stat FTW_NS; each directory visited once even when links lead to it twice;
 * FTW_MOUNT stays on one file system, FTW_CHDIR works inside each directory, and FTW_ACTIONRETVAL
 * (GNU) lets the callback skip a subtree or the rest of a directory, or stop.
 *
 * A directory's names are read whole and the directory closed before its entries are visited, so a
 * walk holds no directory open while it descends, whatever the descriptor limit given. */
#include "libc_internal.h"
#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct walk {
    int (*nftw_fn)(const char *, const struct stat *, int, struct FTW *);
    int (*ftw_fn)(const char *, const struct stat *, int);   /* ftw: no struct FTW, fewer types */
    int flags;
    dev_t dev;                 /* the starting point's file system (FTW_MOUNT) */
    char *path;                /* the entry's path, as the caller wrote the start of it */
    size_t capacity;
    int start_dir;             /* FTW_CHDIR: the working directory to return to, else -1 */
    struct { dev_t dev; ino_t ino; } *seen;   /* directories visited (without FTW_PHYS) */
    size_t seen_count, seen_capacity;
};

static int report(struct walk *w, const struct stat *st, int type, int base, int level)
{
    if (w->ftw_fn) {
        /* ftw knows no FTW_SL, FTW_DP or FTW_SLN: a link is followed, so these read as F, D, NS. */
        static const int ftw_type[] = { FTW_F, FTW_D, FTW_DNR, FTW_NS, FTW_F, FTW_D, FTW_NS };
        return w->ftw_fn(w->path, st, ftw_type[type]);
    }
    struct FTW ftw = { .base = base, .level = level };
    return w->nftw_fn(w->path, st, type, &ftw);
}

/* Marks a directory visited; 1 if it had been already, -1 if out of memory. */
static int seen_before(struct walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->seen_count; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino) return 1;
    if (w->seen_count == w->seen_capacity) {
        size_t capacity = w->seen_capacity ? 2 * w->seen_capacity : 64;
        void *grown = realloc(w->seen, capacity * sizeof *w->seen);
        if (!grown) return -1;
        w->seen = grown;
        w->seen_capacity = capacity;
    }
    w->seen[w->seen_count].dev = st->st_dev;
    w->seen[w->seen_count].ino = st->st_ino;
    w->seen_count++;
    return 0;
}

/* With FTW_CHDIR: makes the directory path[0..length) the working directory. */
static int enter(struct walk *w, size_t length)
{
    if (w->start_dir < 0) return 0;
    char saved = w->path[length];
    w->path[length] = '\0';
    int r = fchdir(w->start_dir) == 0 && chdir(length ? w->path : "/") == 0 ? 0 : -1;
    w->path[length] = saved;
    return r;
}

/* The names in a directory, read whole: a NULL-terminated array of strings in one allocation. */
static char **read_names(DIR *dir)
{
    size_t count = 0, bytes = 0, capacity = 4096;
    char *text = malloc(capacity);
    if (!text) return NULL;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        size_t n = strlen(e->d_name) + 1;
        if (bytes + n > capacity) {
            while (bytes + n > capacity) capacity *= 2;
            char *grown = realloc(text, capacity);
            if (!grown) { free(text); return NULL; }
            text = grown;
        }
        memcpy(text + bytes, e->d_name, n);
        bytes += n;
        count++;
    }
    char **names = malloc((count + 1) * sizeof *names + bytes);
    if (!names) { free(text); return NULL; }
    char *copy = (char *)(names + count + 1);
    memcpy(copy, text, bytes);
    free(text);
    for (size_t i = 0; i < count; i++) {
        names[i] = copy;
        copy += strlen(copy) + 1;
    }
    names[count] = NULL;
    return names;
}

static int visit(struct walk *w, size_t length, int base, int level);

/* A directory whose stat is st: FTW_D, its entries, FTW_DP; or FTW_DNR if it cannot be read. */
static int walk_directory(struct walk *w, const struct stat *st, size_t length, int base, int level)
{
    const char *open_path = w->start_dir >= 0 && level > 0 ? w->path + base : w->path;
    DIR *dir = opendir(open_path);
    if (!dir) return errno == EACCES ? report(w, st, FTW_DNR, base, level) : -1;
    char **names = read_names(dir);
    int read_error = names ? 0 : errno;
    closedir(dir);
    if (!names) { errno = read_error ? read_error : ENOMEM; return -1; }

    int result = 0;
    if (!(w->flags & FTW_DEPTH)) {
        result = report(w, st, FTW_D, base, level);
        if (result != 0) {
            free(names);
            return (w->flags & FTW_ACTIONRETVAL) && result == FTW_SKIP_SUBTREE ? 0 : result;
        }
    }
    for (size_t i = 0; names[i] && result == 0; i++) {
        size_t name_length = strlen(names[i]);
        size_t needed = length + 1 + name_length + 1;
        if (needed > w->capacity) {
            size_t capacity = w->capacity;
            while (capacity < needed) capacity *= 2;
            char *grown = realloc(w->path, capacity);
            if (!grown) { result = -1; errno = ENOMEM; break; }
            w->path = grown;
            w->capacity = capacity;
        }
        size_t at = length;
        if (at == 0 || w->path[at - 1] != '/') w->path[at++] = '/';
        memcpy(w->path + at, names[i], name_length + 1);
        if (enter(w, length) < 0) { result = -1; break; }
        result = visit(w, at + name_length, (int)at, level + 1);
        w->path[length] = '\0';
    }
    free(names);
    if ((w->flags & FTW_ACTIONRETVAL) && result == FTW_SKIP_SIBLINGS) result = 0;
    if (result == 0 && (w->flags & FTW_DEPTH)) {
        /* As glibc: with FTW_CHDIR a directory's FTW_DP is reported from inside it. */
        result = enter(w, length) < 0 ? -1 : report(w, st, FTW_DP, base, level);
    }
    return result;
}

/* One entry, path[0..length), its name at base. With FTW_CHDIR the working directory is its
 * parent's (the starting point is reached from the original working directory). */
static int visit(struct walk *w, size_t length, int base, int level)
{
    const char *p = w->start_dir >= 0 && level > 0 ? w->path + base : w->path;
    struct stat st;
    int type;
    if (((w->flags & FTW_PHYS) ? lstat(p, &st) : stat(p, &st)) < 0) {
        if (level == 0) {
            /* The starting point: only a link to nothing is reported; otherwise the walk fails. */
            if (!(w->flags & FTW_PHYS) && errno == ENOENT && lstat(p, &st) == 0 && S_ISLNK(st.st_mode))
                return report(w, &st, FTW_SLN, base, level);
            return -1;
        }
        if (errno != EACCES && errno != ENOENT) return -1;
        if (!(w->flags & FTW_PHYS) && lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) type = FTW_SLN;
        else type = FTW_NS;
    } else {
        type = S_ISDIR(st.st_mode) ? FTW_D : S_ISLNK(st.st_mode) ? FTW_SL : FTW_F;
    }
    if (level == 0) w->dev = st.st_dev;
    if (type != FTW_NS && (w->flags & FTW_MOUNT) && st.st_dev != w->dev) return 0;

    int result;
    if (type == FTW_D) {
        int seen = (w->flags & FTW_PHYS) ? 0 : seen_before(w, &st);
        if (seen < 0) { errno = ENOMEM; return -1; }
        if (seen) return 0;
        result = walk_directory(w, &st, length, base, level);
    } else {
        result = report(w, &st, type, base, level);
    }
    if ((w->flags & FTW_ACTIONRETVAL) && result == FTW_SKIP_SUBTREE) result = 0;
    return result;
}

static int walk(struct walk *w, const char *start, int descriptors)
{
    (void)descriptors;   /* no directory stays open during the walk, so any limit >= 1 is kept */
    size_t length = strlen(start);
    w->capacity = length + 256;
    w->path = malloc(w->capacity);
    if (!w->path) { errno = ENOMEM; return -1; }
    memcpy(w->path, start, length + 1);
    /* The base of the starting point is after its last slash (a trailing one excepted). */
    size_t end = length;
    while (end > 1 && w->path[end - 1] == '/') end--;
    int base = (int)end;
    while (base > 0 && w->path[base - 1] != '/') base--;
    w->start_dir = -1;
    if (w->flags & FTW_CHDIR) {
        w->start_dir = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (w->start_dir < 0) { free(w->path); return -1; }
    }
    int result = visit(w, length, base, 0);
    if ((w->flags & FTW_ACTIONRETVAL) && (result == FTW_SKIP_SUBTREE || result == FTW_SKIP_SIBLINGS)) result = 0;
    int error = errno;
    if (w->start_dir >= 0) {
        fchdir(w->start_dir);
        close(w->start_dir);
    }
    free(w->path);
    free(w->seen);
    errno = error;
    return result;
}

int nftw(const char *start, int (*fn)(const char *, const struct stat *, int, struct FTW *), int descriptors, int flags)
{
    if (flags & ~(FTW_PHYS | FTW_MOUNT | FTW_CHDIR | FTW_DEPTH | FTW_ACTIONRETVAL)) { errno = EINVAL; return -1; }
    struct walk w = { .nftw_fn = fn, .flags = flags };
    return walk(&w, start, descriptors);
}

int ftw(const char *start, int (*fn)(const char *, const struct stat *, int), int descriptors)
{
    struct walk w = { .ftw_fn = fn, .flags = 0 };
    return walk(&w, start, descriptors);
}
