/* struct stat of a Windows handle (windows.h). Windows has no owners and no mode bits: every file is the
 * user's (WIN_UID, WIN_GID), a read-only one has no write bits, and every regular file reads as
 * executable, as access(X_OK) answers (docs/hosts.md). An AF_UNIX socket's file is a socket. */
#include "windows.h"

static struct linux_timespec linux_time(struct win_filetime t)
{
    int64_t ns = filetime_ns(t);
    int64_t s = ns / LX_NSEC_PER_SEC, rest = ns % LX_NSEC_PER_SEC;
    if (rest < 0) s--, rest += LX_NSEC_PER_SEC;
    struct linux_timespec out = { s, rest };
    return out;
}

intptr_t win_stat(HANDLE handle, enum win_kind kind, struct linux_stat *out)
{
    memset(out, 0, sizeof *out);
    out->st_uid = WIN_UID;
    out->st_gid = WIN_GID;
    out->st_blksize = 4096;
    out->st_nlink = 1;
    switch (kind) {
    case WIN_PIPE:
        out->st_mode = LINUX_S_IFIFO | 0600;
        return 0;
    case WIN_SOCKET:
        out->st_mode = LINUX_S_IFSOCK | 0777;   /* as Linux shows a socket */
        return 0;
    case WIN_CONSOLE:
    case WIN_CHARACTER:
    case WIN_RANDOM:
        out->st_mode = LINUX_S_IFCHR | 0666;
        return 0;
    default:
        break;
    }
    struct win_by_handle_file_information info;
    if (!GetFileInformationByHandle(handle, &info)) return lx_last_error();
    int directory = (info.attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    uint32_t permissions = 0755;
    if (info.attributes & FILE_ATTRIBUTE_READONLY) permissions &= ~0222u;
    out->st_mode = (directory ? LINUX_S_IFDIR : LINUX_S_IFREG) | permissions;
    /* An AF_UNIX socket's name (socket_file.c): only a file of its exact size is looked into. */
    if (!directory && info.size_high == 0 && info.size_low == WIN_SOCKET_FILE_SIZE && win_is_socket_file(handle))
        out->st_mode = LINUX_S_IFSOCK | 0755;
    out->st_dev = info.volume_serial;
    out->st_ino = ((uint64_t)info.index_high << 32) | info.index_low;
    out->st_nlink = info.links ? info.links : 1;
    out->st_size = (int64_t)(((uint64_t)info.size_high << 32) | info.size_low);
    out->st_blocks = (out->st_size + 511) / 512;
    out->st_atim = linux_time(info.access);
    out->st_mtim = linux_time(info.write);
    out->st_ctim = linux_time(info.write);   /* no change time on Windows: the last write */
    return 0;
}
