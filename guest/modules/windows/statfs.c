/* statfs of a Windows volume (fd.h): its sizes from GetDiskFreeSpaceExW, in 4 KiB blocks; Windows tells
 * no file counts (0, as Linux says for file systems without a fixed inode table). */
#include "fd.h"

#define NTFS_MAGIC 0x5346544e   /* what Linux's ntfs3 reports as f_type */

intptr_t win_statfs(const WCHAR *path, void *guest)
{
    ULONGLONG available, total, free_bytes;
    if (!GetDiskFreeSpaceExW(path, &available, &total, &free_bytes)) return lx_last_error();
    struct linux_statfs out;
    memset(&out, 0, sizeof out);
    out.f_type = NTFS_MAGIC;
    out.f_bsize = out.f_frsize = 4096;
    out.f_blocks = total / 4096;
    out.f_bfree = free_bytes / 4096;
    out.f_bavail = available / 4096;
    out.f_namelen = 255;
    out.f_flags = LINUX_ST_VALID;
    return LX_COPY_OUT(guest, out);
}
