/* <mntent.h>: the mounted file systems table (glibc's interface, which BusyBox, util-linux and gnulib's
 * mountlist use): /etc/mtab, /proc/self/mounts or an fstab read one entry at a time. */
#ifndef _MNTENT_H
#define _MNTENT_H

#include <stdio.h>

#define MOUNTED "/etc/mtab"
#define _PATH_MOUNTED MOUNTED
#define MNTTAB "/etc/fstab"
#define _PATH_MNTTAB MNTTAB

#define MNTTYPE_IGNORE "ignore"
#define MNTTYPE_NFS "nfs"
#define MNTTYPE_SWAP "swap"

#define MNTOPT_DEFAULTS "defaults"
#define MNTOPT_RO "ro"
#define MNTOPT_RW "rw"
#define MNTOPT_SUID "suid"
#define MNTOPT_NOSUID "nosuid"
#define MNTOPT_NOAUTO "noauto"

#ifdef __cplusplus
extern "C" {
#endif

struct mntent {
    char *mnt_fsname; /* the device or server */
    char *mnt_dir;    /* where it is mounted */
    char *mnt_type;   /* the file system's type */
    char *mnt_opts;   /* its options, comma-separated */
    int mnt_freq;     /* dump's frequency, in days */
    int mnt_passno;   /* fsck's pass number */
};

FILE *setmntent(const char *file, const char *mode);
struct mntent *getmntent(FILE *stream);
struct mntent *getmntent_r(FILE *stream, struct mntent *result, char *buffer, int size);
int addmntent(FILE *stream, const struct mntent *entry);
int endmntent(FILE *stream);
char *hasmntopt(const struct mntent *entry, const char *option);

#ifdef __cplusplus
}
#endif

#endif
