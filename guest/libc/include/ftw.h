/* ftw.h - Microcosm: file tree walks (glue/fs/ftw.c), with glibc's values, including the GNU
 * FTW_ACTIONRETVAL extension. */
#ifndef _FTW_H
#define _FTW_H

#include <sys/cdefs.h>
#include <sys/stat.h>

/* The type of an entry given to the callback. */
enum {
    FTW_F,     /* a file that is not a directory */
    FTW_D,     /* a directory (before its contents, without FTW_DEPTH) */
    FTW_DNR,   /* a directory that cannot be read */
    FTW_NS,    /* stat failed (the stat buffer is undefined) */
    FTW_SL,    /* a symbolic link (nftw with FTW_PHYS) */
    FTW_DP,    /* a directory, after its contents (FTW_DEPTH) */
    FTW_SLN    /* a symbolic link to nothing (nftw without FTW_PHYS) */
};

/* nftw flags */
enum {
    FTW_PHYS = 1,          /* do not follow symbolic links */
    FTW_MOUNT = 2,         /* stay on the starting file system */
    FTW_CHDIR = 4,         /* chdir to each directory before its entries */
    FTW_DEPTH = 8,         /* directories after their contents */
    FTW_ACTIONRETVAL = 16  /* GNU: the callback's result steers the walk (below) */
};

#if __GNU_VISIBLE
enum {
    FTW_CONTINUE = 0,
    FTW_STOP = 1,
    FTW_SKIP_SUBTREE = 2,
    FTW_SKIP_SIBLINGS = 3
};
#endif

struct FTW {
    int base;    /* offset of the entry's name in the path */
    int level;   /* depth below the starting point (0) */
};

__BEGIN_DECLS
int ftw(const char *__dir, int (*__fn)(const char *, const struct stat *, int), int __fds);
int nftw(const char *__dir, int (*__fn)(const char *, const struct stat *, int, struct FTW *), int __fds,
         int __flags);
__END_DECLS

#endif
