/* The file objects behind the program's descriptors (windows.h). */
#include "windows.h"

struct win_file *win_file_new(HANDLE handle, enum win_kind kind, uint32_t status)
{
    struct win_file *f = host_alloc(sizeof *f);
    if (f == NULL) {
        if (handle != NULL && handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
        return NULL;
    }
    f->handle = handle;
    f->kind = (uint8_t)kind;
    f->status = status;
    f->find = INVALID_HANDLE_VALUE;
    return f;
}

enum win_kind win_kind_of(HANDLE handle)
{
    DWORD mode;
    switch (GetFileType(handle)) {
    case FILE_TYPE_DISK: {
        struct win_by_handle_file_information info;
        if (GetFileInformationByHandle(handle, &info) && (info.attributes & FILE_ATTRIBUTE_DIRECTORY)) return WIN_DIRECTORY;
        return WIN_FILE;
    }
    case FILE_TYPE_PIPE: return WIN_PIPE;
    case FILE_TYPE_CHAR: return GetConsoleMode(handle, &mode) ? WIN_CONSOLE : WIN_CHARACTER;
    default: return WIN_CHARACTER;
    }
}

intptr_t win_install(HANDLE handle, enum win_kind kind, uint32_t status, int cloexec)
{
    struct win_file *f = win_file_new(handle, kind, status);
    if (f == NULL) return -LINUX_ENOMEM;
    return lx_fd_install((intptr_t)f, 0, cloexec);
}

intptr_t win_missing_path_error(const WCHAR *path)
{
    size_t n = 0;
    while (path[n]) n++;
    WCHAR *prefix = host_alloc((n + 1) * sizeof(WCHAR));
    if (prefix == NULL) return -LINUX_ENOENT;
    memcpy(prefix, path, (n + 1) * sizeof(WCHAR));
    intptr_t error = -LINUX_ENOENT;
    /* Each parent in turn, the nearest first: the first that exists says which. */
    while (n > 0) {
        while (n > 0 && prefix[n - 1] != '\\' && prefix[n - 1] != '/') n--;   /* drop the last name */
        while (n > 1 && (prefix[n - 1] == '\\' || prefix[n - 1] == '/')) n--;  /* and its separators */
        if (n == 0 || (n == 2 && prefix[1] == ':')) break;
        prefix[n] = 0;
        DWORD attributes = GetFileAttributesW(prefix);
        if (attributes != INVALID_FILE_ATTRIBUTES) {
            if (!(attributes & FILE_ATTRIBUTE_DIRECTORY)) error = -LINUX_ENOTDIR;
            break;
        }
    }
    host_free(prefix);
    return error;
}

struct win_file *win_directory_open(const WCHAR *path, intptr_t *error)
{
    /* FILE_TRAVERSE: the right chdir asks for (search), which Windows checks only where the user may not bypass it. */
    HANDLE h = CreateFileW(path, FILE_READ_ATTRIBUTES | 0x20 /* FILE_TRAVERSE */, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        *error = (e == ERROR_PATH_NOT_FOUND || e == ERROR_FILE_NOT_FOUND) && GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES
               ? win_missing_path_error(path) : -(intptr_t)lx_win_errno(e);
        return NULL;
    }
    if (win_kind_of(h) != WIN_DIRECTORY) {
        CloseHandle(h);
        *error = -LINUX_ENOTDIR;
        return NULL;
    }
    struct win_file *f = win_file_new(h, WIN_DIRECTORY, LINUX_O_RDONLY);
    DWORD n = f ? GetFullPathNameW(path, 0, NULL, NULL) : 0;
    if (f) f->path = n ? host_alloc(n * sizeof(WCHAR)) : NULL;
    if (f == NULL || f->path == NULL || GetFullPathNameW(path, n, f->path, NULL) == 0) {
        if (f) host_close((intptr_t)f);
        *error = -LINUX_ENOMEM;
        return NULL;
    }
    return f;
}

WCHAR *win_cwd_path(intptr_t *error)
{
    *error = 0;
    LX_DIRFD(cwd, LINUX_AT_FDCWD);
    struct win_file *d = cwd.host == 0 ? NULL : win_file_of(&cwd);
    if (d == NULL || d->path == NULL) return NULL;
    WCHAR *copy = wide_dup(d->path);
    if (copy == NULL) *error = -LINUX_ENOMEM;
    return copy;
}
