/* owners.c - ids, owners and the creation mask, as a program sees them on Linux: getresuid and
 * getresgid agree with getuid & co., setting an id to its current value succeeds, chown & co. with
 * the current owner (or -1) succeed and name missing files with ENOENT, and umask applies to the
 * files the program creates. Argument: a scratch directory, left empty. */
#define _GNU_SOURCE   /* getresuid & co., as with glibc */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    uid_t ruid, euid, suid;
    gid_t rgid, egid, sgid;
    CHECK(getresuid(&ruid, &euid, &suid) == 0 && ruid == getuid() && euid == geteuid());
    CHECK(getresgid(&rgid, &egid, &sgid) == 0 && rgid == getgid() && egid == getegid());
    CHECK(setresuid((uid_t)-1, (uid_t)-1, (uid_t)-1) == 0);
    CHECK(setresgid((gid_t)-1, (gid_t)-1, (gid_t)-1) == 0);
    CHECK(seteuid(geteuid()) == 0 && setegid(getegid()) == 0);
    CHECK(setreuid((uid_t)-1, geteuid()) == 0 && setregid((gid_t)-1, getegid()) == 0);
    errno = 0;
    CHECK(seteuid((uid_t)-1) == -1 && errno == EINVAL);
    if (geteuid() != 0) {   /* only root may set other groups */
        gid_t none = getgid();
        errno = 0;
        CHECK(setgroups(1, &none) == -1 && errno == EPERM);
    } else {
        gid_t groups[256];
        int n = getgroups(256, groups);
        CHECK(n >= 0 && setgroups(n, groups) == 0);
    }

    char file[512], link[512], missing[512];
    snprintf(file, sizeof file, "%s/owned", argv[1]);
    snprintf(link, sizeof link, "%s/link", argv[1]);
    snprintf(missing, sizeof missing, "%s/missing", argv[1]);

    mode_t old = umask(077);
    int fd = open(file, O_CREAT | O_WRONLY | O_EXCL, 0666);
    CHECK(fd >= 0);
    struct stat st;
    /* Windows keeps only "read-only or not" (docs/hosts.md): there the write bit is all that shows. */
    int windows = on_windows();
    CHECK(fstat(fd, &st) == 0 && (windows ? (st.st_mode & 0200) != 0 : (st.st_mode & 0777) == 0600));   /* 0666 less the mask */
    CHECK(umask(old) == 077);
    CHECK(mkdir(missing, 0777) == 0 && stat(missing, &st) == 0 &&
          (windows ? (st.st_mode & 0200) != 0 : (st.st_mode & 0777) == (0777 & ~old)));
    CHECK(rmdir(missing) == 0);

    CHECK(fchown(fd, (uid_t)-1, (gid_t)-1) == 0);
    CHECK(fchown(fd, getuid(), getgid()) == 0);
    CHECK(chown(file, geteuid(), getegid()) == 0);
    if (windows) {   /* no symbolic links there: none is made */
        CHECK(symlink("owned", link) == -1 && errno == EPERM);
    } else {
        CHECK(symlink("owned", link) == 0);
        CHECK(lchown(link, (uid_t)-1, getegid()) == 0);
        CHECK(fchownat(AT_FDCWD, link, (uid_t)-1, (gid_t)-1, AT_SYMLINK_NOFOLLOW) == 0);
    }
    CHECK(stat(file, &st) == 0 && st.st_uid == geteuid());
    errno = 0;
    CHECK(chown(missing, (uid_t)-1, (gid_t)-1) == -1 && errno == ENOENT);
    errno = 0;
    CHECK(fchownat(AT_FDCWD, file, (uid_t)-1, (gid_t)-1, 0x12345) == -1 && errno == EINVAL);
    if (geteuid() != 0) {
        errno = 0;
        CHECK(chown(file, 0, 0) == -1 && errno == EPERM);
    }
    close(fd);
    CHECK((windows || unlink(link) == 0) && unlink(file) == 0);
    return CHECK_DONE();
}
