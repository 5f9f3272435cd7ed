/* Directory listings for the Windows path module: getdents64 over FindFirstFileW / FindNextFileW, and
 * lseek on a directory descriptor (fd.h). A listing is the directory's path with "\*"; positions (d_off)
 * count entries from 1, so that seeking to one starts the listing again and skips to it (rewinddir is
 * a seek to 0). Inode numbers are a hash of the name: FindFirstFileW gives none, and 0 would read as a
 * deleted entry to some programs. */
#include "fd.h"

static uint64_t name_hash(const WCHAR *name)
{
    uint64_t h = 1469598103934665603ULL;   /* FNV-1a */
    for (; *name; name++) h = (h ^ *name) * 1099511628211ULL;
    return h ? h : 1;
}

/* Starts the listing again (under the file's lock). */
static intptr_t restart(struct win_file *f)
{
    if (f->find != INVALID_HANDLE_VALUE) FindClose(f->find);
    f->find = INVALID_HANDLE_VALUE;
    f->has_next = 0;
    f->position = 0;
    if (f->path == NULL) return -LINUX_EBADF;
    size_t n = 0;
    while (f->path[n]) n++;
    WCHAR *pattern = host_alloc((n + 3) * sizeof(WCHAR));
    if (pattern == NULL) return -LINUX_ENOMEM;
    memcpy(pattern, f->path, n * sizeof(WCHAR));
    if (n > 0 && pattern[n - 1] != '\\' && pattern[n - 1] != '/') pattern[n++] = '\\';
    pattern[n++] = '*';
    pattern[n] = 0;
    f->find = FindFirstFileW(pattern, &f->next);
    host_free(pattern);
    if (f->find == INVALID_HANDLE_VALUE) return GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : lx_last_error();
    f->has_next = 1;
    return 0;
}

/* The next entry into f->next (has_next), or the end. */
static void advance(struct win_file *f)
{
    f->position++;
    f->has_next = f->find != INVALID_HANDLE_VALUE && FindNextFileW(f->find, &f->next);
}

intptr_t win_directory_seek(struct win_file *f, int64_t offset, intptr_t whence)
{
    if (whence == LINUX_SEEK_CUR) offset += (int64_t)f->position;
    else if (whence != LINUX_SEEK_SET) return -LINUX_EINVAL;
    if (offset < 0) return -LINUX_EINVAL;
    host_lock(&f->lock);
    intptr_t r = restart(f);
    while (r == 0 && f->has_next && (int64_t)f->position < offset) advance(f);
    host_unlock(&f->lock);
    return r < 0 ? r : (intptr_t)offset;
}

MC_HIDDEN intptr_t win_getdents(struct win_file *f, void *guest, size_t count);

intptr_t win_getdents(struct win_file *f, void *guest, size_t count)
{
    if (f->kind != WIN_DIRECTORY) return -LINUX_ENOTDIR;
    char out[8192] __attribute__((aligned(8)));
    if (count > sizeof out) count = sizeof out;
    size_t used = 0;
    host_lock(&f->lock);
    intptr_t r = 0;
    if (f->position == 0 && !f->has_next) r = restart(f);
    while (r == 0 && f->has_next) {
        char name[260 * 3 + 1];
        int n = WideCharToMultiByte(CP_UTF8, 0, f->next.name, -1, name, (int)sizeof name, NULL, NULL);
        if (n <= 0) {   /* a name that is not UTF-16 cannot be UTF-8 either: skipped */
            advance(f);
            continue;
        }
        size_t reclen = (offsetof(struct linux_dirent64, d_name) + (size_t)n + 7) & ~(size_t)7;
        if (used + reclen > count) {
            if (used == 0) r = -LINUX_EINVAL;   /* Linux: "result buffer is too small" */
            break;
        }
        struct linux_dirent64 *rec = (struct linux_dirent64 *)(out + used);
        memset(rec, 0, reclen);
        rec->d_ino = name_hash(f->next.name);
        rec->d_off = (int64_t)f->position + 1;
        rec->d_reclen = (uint16_t)reclen;
        rec->d_type = (f->next.attributes & FILE_ATTRIBUTE_DIRECTORY) ? LINUX_DT_DIR
                    : (f->next.attributes & FILE_ATTRIBUTE_REPARSE_POINT) ? LINUX_DT_LNK : LINUX_DT_REG;
        memcpy(rec->d_name, name, (size_t)n);
        used += reclen;
        advance(f);
    }
    host_unlock(&f->lock);
    if (r < 0) return r;
    if (used > 0 && lx_copy_out(guest, out, used) != 0) return -LINUX_EFAULT;
    return (intptr_t)used;
}
