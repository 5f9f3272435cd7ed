/* mounts: <mntent.h> as glibc gives it, compared with the same program built natively - a table written with
 * addmntent (blanks and backslashes in fields escaped), read back with getmntent and getmntent_r (comments, blank
 * lines, missing numbers, a line longer than the buffer), hasmntopt; and chroot's answers to a path that is missing
 * or not a directory (and, under Microcosm, EPERM for a directory: a program cannot change its root). */
#define _GNU_SOURCE
#include <errno.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void show(const struct mntent *m)
{
    printf("[%s] [%s] [%s] [%s] %d %d\n", m->mnt_fsname, m->mnt_dir, m->mnt_type, m->mnt_opts, m->mnt_freq, m->mnt_passno);
}

int main(void)
{
    char path[] = "/tmp/mc-mounts-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return perror("mkstemp"), 1;
    close(fd);

    struct mntent written = { "/dev/disk one", "/mnt/with space", "ext4", "rw,noatime,uid=1000", 1, 2 };
    struct mntent odd = { "server:/a\\b", "/mnt/tab\there", "nfs", "ro", 0, 0 };
    FILE *f = setmntent(path, "a");
    printf("addmntent %d\n", addmntent(f, &written));
    printf("endmntent %d\n", endmntent(f));
    f = setmntent(path, "a");
    printf("addmntent %d\n", addmntent(f, &odd));
    endmntent(f);

    f = fopen(path, "a");
    fputs("# a comment\n\n   \ntmpfs /run tmpfs defaults\nproc /proc proc rw 0\n", f);
    fputs("lonely\n", f);   /* the fields that are not there are empty */
    fprintf(f, "long /%0300d x y 0 0\n", 7);
    fputs("last /last ext2 ro,user_xattr 3 4", f);   /* no newline at the end */
    fclose(f);

    f = setmntent(path, "r");
    struct mntent *m;
    while ((m = getmntent(f)) != NULL) {
        show(m);
        char *rw = hasmntopt(m, "rw"), *uid = hasmntopt(m, "uid"), *atime = hasmntopt(m, "atime");
        printf("  rw:%s uid:%s atime:%s\n", rw ? rw : "-", uid ? uid : "-", atime ? atime : "-");
    }
    endmntent(f);

    /* getmntent_r with a small buffer: an entry longer than it is cut, the rest of its line skipped. */
    f = setmntent(path, "r");
    struct mntent entry;
    char small[40];
    while ((m = getmntent_r(f, &entry, small, sizeof small)) != NULL) show(m);
    endmntent(f);
    int r = chroot(path);
    printf("chroot file: %d %s\n", r, strerror(errno));
    unlink(path);

    printf("missing table: %s\n", setmntent("/no/such/mtab", "r") == NULL ? strerror(errno) : "opened");
    r = chroot("/no/such/directory");
    printf("chroot missing: %d %s\n", r, strerror(errno));

#ifdef __microcosm__
    /* A directory: refused, as Linux refuses a process without the privilege (natively, root may: not compared). */
    if (!(chroot("/tmp") == -1 && errno == EPERM)) {
        printf("chroot of a directory: not EPERM (%s)\n", strerror(errno));
        return 1;
    }
#endif
    return 0;
}
