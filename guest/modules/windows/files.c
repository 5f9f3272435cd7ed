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
