/* struct stat, file types and directory entry types, host -> Linux, field by field. The file type
 * bits are translated by name because POSIX does not fix their values (Linux's are the traditional
 * ones, which most hosts share); permission bits (07777) are the same everywhere. */
#include <dirent.h>
#include <string.h>
#include "posix.h"

uint32_t lx_mode_from_host(mode_t mode)
{
    uint32_t type;
    if (S_ISREG(mode)) type = LINUX_S_IFREG;
    else if (S_ISDIR(mode)) type = LINUX_S_IFDIR;
    else if (S_ISLNK(mode)) type = LINUX_S_IFLNK;
    else if (S_ISCHR(mode)) type = LINUX_S_IFCHR;
    else if (S_ISBLK(mode)) type = LINUX_S_IFBLK;
    else if (S_ISFIFO(mode)) type = LINUX_S_IFIFO;
    else if (S_ISSOCK(mode)) type = LINUX_S_IFSOCK;
    else type = 0;
    return type | (uint32_t)(mode & 07777);
}

void lx_stat_from_host(struct linux_stat *out, const struct stat *in)
{
    memset(out, 0, sizeof *out);   /* padding and the unused words read as 0, as from Linux */
    out->st_dev = (uint64_t)in->st_dev;
    out->st_ino = (uint64_t)in->st_ino;
    out->st_nlink = (uint64_t)in->st_nlink;
    out->st_mode = lx_mode_from_host(in->st_mode);
    out->st_uid = (uint32_t)in->st_uid;
    out->st_gid = (uint32_t)in->st_gid;
    out->st_rdev = (uint64_t)in->st_rdev;
    out->st_size = (int64_t)in->st_size;
    out->st_blksize = (int64_t)in->st_blksize;
    out->st_blocks = (int64_t)in->st_blocks;
    out->st_atim.tv_sec = (int64_t)in->st_atim.tv_sec;
    out->st_atim.tv_nsec = (int64_t)in->st_atim.tv_nsec;
    out->st_mtim.tv_sec = (int64_t)in->st_mtim.tv_sec;
    out->st_mtim.tv_nsec = (int64_t)in->st_mtim.tv_nsec;
    out->st_ctim.tv_sec = (int64_t)in->st_ctim.tv_sec;
    out->st_ctim.tv_nsec = (int64_t)in->st_ctim.tv_nsec;
}

uint8_t lx_dtype_from_host(unsigned char type)
{
    switch (type) {
    case DT_FIFO: return LINUX_DT_FIFO;
    case DT_CHR: return LINUX_DT_CHR;
    case DT_DIR: return LINUX_DT_DIR;
    case DT_BLK: return LINUX_DT_BLK;
    case DT_REG: return LINUX_DT_REG;
    case DT_LNK: return LINUX_DT_LNK;
    case DT_SOCK: return LINUX_DT_SOCK;
    default: return LINUX_DT_UNKNOWN;
    }
}
