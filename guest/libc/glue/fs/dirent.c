/* dirent.c - directory streams on getdents64 (syscall 217). The stream reads records in blocks into
 * its buffer; readdir copies one into the stream's own struct dirent (the same layout), so the entry
 * stays valid until the next readdir on that stream, as POSIX says. telldir/seekdir use the records'
 * d_off cookies with lseek, as the kernel defines them. */
#include "libc_internal.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DIR_BUFFER 32768

DIR *fdopendir(int fd)
{
    struct stat st;   /* as glibc: a closed descriptor is EBADF, one not of a directory ENOTDIR */
    if (fstat(fd, &st) != 0) return NULL;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    DIR *dir = calloc(1, sizeof *dir);
    char *buf = malloc(DIR_BUFFER);
    if (!dir || !buf) {
        free(dir);
        free(buf);
        errno = ENOMEM;
        return NULL;
    }
    dir->dd_fd = fd;
    dir->dd_buf = buf;
    dir->dd_len = DIR_BUFFER;
    return dir;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return NULL;
    DIR *dir = fdopendir(fd);
    if (!dir) close(fd);
    return dir;
}

int closedir(DIR *dir)
{
    int r = close(dir->dd_fd);
    free(dir->dd_buf);
    free(dir);
    return r;
}

int dirfd(DIR *dir) { return dir->dd_fd; }

struct dirent *readdir(DIR *dir)
{
    if (dir->dd_loc >= dir->dd_size) {
        long n = mc_sys(SYS_getdents64, dir->dd_fd, (long)dir->dd_buf, dir->dd_len, 0);
        if (mc_errno_result(n) < 0) return NULL;
        if (n == 0) return NULL;   /* the end; errno untouched */
        dir->dd_size = n;
        dir->dd_loc = 0;
    }
    const struct dirent *raw = (const struct dirent *)(dir->dd_buf + dir->dd_loc);
    size_t name_room = raw->d_reclen - offsetof(struct dirent, d_name);
    struct dirent *entry = &dir->dd_entry;
    entry->d_ino = raw->d_ino;
    entry->d_off = raw->d_off;
    entry->d_reclen = sizeof *entry;
    entry->d_type = raw->d_type;
    size_t len = strnlen(raw->d_name, name_room < sizeof entry->d_name ? name_room : sizeof entry->d_name - 1);
    memcpy(entry->d_name, raw->d_name, len);
    entry->d_name[len] = 0;
    dir->dd_loc += raw->d_reclen;
    dir->dd_seek = raw->d_off;
    return entry;
}

int readdir_r(DIR *dir, struct dirent *entry, struct dirent **result)
{
    int saved = errno;
    errno = 0;
    struct dirent *e = readdir(dir);
    int error = errno;
    errno = saved;
    if (!e) {
        *result = NULL;
        return error;
    }
    memcpy(entry, e, sizeof *entry);
    *result = entry;
    return 0;
}

void seekdir(DIR *dir, long position)
{
    if (lseek(dir->dd_fd, position, SEEK_SET) < 0) return;
    dir->dd_loc = dir->dd_size = 0;
    dir->dd_seek = position;
}

void rewinddir(DIR *dir) { seekdir(dir, 0); }

long telldir(DIR *dir) { return dir->dd_seek; }

int alphasort(const struct dirent **a, const struct dirent **b) { return strcoll((*a)->d_name, (*b)->d_name); }
int versionsort(const struct dirent **a, const struct dirent **b) { return strverscmp((*a)->d_name, (*b)->d_name); }

int scandir(const char *path, struct dirent ***list, int (*select)(const struct dirent *),
            int (*compare)(const struct dirent **, const struct dirent **))
{
    DIR *dir = opendir(path);
    if (!dir) return -1;
    struct dirent **entries = NULL;
    size_t count = 0, capacity = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir)) != NULL) {
        if (select && !select(e)) continue;
        if (count == capacity) {
            capacity = capacity ? capacity * 2 : 16;
            struct dirent **grown = realloc(entries, capacity * sizeof *entries);
            if (!grown) goto fail;
            entries = grown;
        }
        if (!(entries[count] = malloc(sizeof *e))) goto fail;
        memcpy(entries[count++], e, sizeof *e);
    }
    if (errno) goto fail;
    closedir(dir);
    if (compare) qsort(entries, count, sizeof *entries, (int (*)(const void *, const void *))compare);
    *list = entries;
    return (int)count;
fail:
    while (count) free(entries[--count]);
    free(entries);
    closedir(dir);
    errno = errno ? errno : ENOMEM;
    return -1;
}
