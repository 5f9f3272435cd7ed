/* fdtable.h - the program's descriptor table, kept by libmc-fd.so and used by every module that
 * takes or makes descriptors (path, memory, socket, process link against libmc-fd.so).
 *
 * A guest descriptor is a number in this table, not a host descriptor: the instance owns the host
 * descriptors behind its numbers, and a guest can reach no other (the host's own 0, 1 and 2 included:
 * the program's 0, 1 and 2 are duplicates the core hands over at start, MC_SYS_TAKE_DESCRIPTOR).
 * Several Microcosm instances in one process each have their own table, as processes do.
 *
 * Numbers refer to *files* (an open host descriptor and a reference count); dup and dup2 make two
 * numbers refer to the same file, as two descriptors share an open file description on Linux, and the
 * close-on-exec flag belongs to the number. Every host descriptor behind the table is close-on-exec on
 * the host, so that no process started by anyone in the host process inherits it unless a spawn hands
 * it over at its guest number (spawn.c).
 *
 * A handler that uses a descriptor holds a reference for the length of the call (LX_FD), so that a
 * close by another thread meanwhile cannot make it act on a host descriptor that was closed and then
 * reused by someone else (another instance, or the host): the host descriptor is closed when the last
 * reference goes. The number itself is free at once, as on Linux.
 */
#ifndef MC_FDTABLE_H
#define MC_FDTABLE_H

#include "module.h"


/* The most descriptors a program can have (Linux's default fs.nr_open). */
#define LX_FD_MAX (1 << 20)

struct lx_file;

/* A reference to the file behind a guest descriptor: host is its host descriptor, or -1 when the
 * number was not open (the caller returns -EBADF). */
struct lx_fd {
    intptr_t host;
    struct lx_file *file;
};

MC_EXPORT struct lx_fd lx_fd_get(intptr_t fd);
MC_EXPORT void lx_fd_put(struct lx_fd *ref);
/* Another reference to the same file (ref must hold one). */
MC_EXPORT struct lx_fd lx_fd_copy(const struct lx_fd *ref);

/* Declares `name`, a reference to guest descriptor `guest` held until the end of the enclosing block. */
#define LX_FD(name, guest) struct lx_fd name __attribute__((cleanup(lx_fd_put))) = lx_fd_get(guest)
/* As LX_FD, returning -EBADF from the enclosing handler when the number is not open. */
#define LX_FD_OPEN(name, guest) \
    LX_FD(name, guest);         \
    if (name.host == -1) return -LINUX_EBADF

/* As LX_FD for the directory argument of the *at() calls: AT_FDCWD is the program's working directory (lx_fd_cwd). */
#define LX_DIRFD(name, guest) \
    struct lx_fd name __attribute__((cleanup(lx_fd_put))) = (guest) == LINUX_AT_FDCWD ? lx_fd_cwd() : lx_fd_get(guest)

/* The program's working directory, the instance's own (docs/embedding.md, "The working directory"): a file of the
 * table that no number names - a directory descriptor on POSIX, a directory object on Windows - held open by the
 * table, so that a chdir changes this instance's alone, never the host process's. It starts as the directory core
 * syscall -24 names. lx_fd_cwd gives a reference to it; its host is the host's own working directory (AT_FDCWD, or
 * Windows' 0) only when the start directory could not be opened. lx_fd_set_cwd makes dir's file the working
 * directory (a reference of its own: the caller keeps dir's). */
MC_EXPORT struct lx_fd lx_fd_cwd(void);
MC_EXPORT void lx_fd_set_cwd(const struct lx_fd *dir);
/* A reference to a new file of the table for a host descriptor it now owns, which no number names (chdir's new
 * directory); { -1, NULL } with the descriptor closed when there is no memory. */
MC_EXPORT struct lx_fd lx_fd_wrap(intptr_t host);

/* Puts a new host descriptor (which the table now owns) at the lowest free number >= min; returns the
 * number, or -errno (EMFILE, EINVAL for a min past the limit), having closed the host descriptor. The
 * caller made it close-on-exec on the host when it was created (O_CLOEXEC, SOCK_CLOEXEC, ...): set
 * afterwards, a spawn by another thread in between could inherit it. */
MC_EXPORT intptr_t lx_fd_install(intptr_t host, intptr_t min, int cloexec);
MC_EXPORT intptr_t lx_fd_close(intptr_t fd);
/* dup / F_DUPFD / F_DUPFD_CLOEXEC: the same file at the lowest free number >= min. */
MC_EXPORT intptr_t lx_fd_dup(intptr_t fd, intptr_t min, int cloexec);
/* dup2 / dup3 (the caller checks dup3's fd == target): target made to refer to fd's file. */
MC_EXPORT intptr_t lx_fd_dup2(intptr_t fd, intptr_t target, int cloexec);
/* FD_CLOEXEC of a number: 0 or 1, or -EBADF; set: 0 or -EBADF. */
MC_EXPORT intptr_t lx_fd_cloexec(intptr_t fd);
MC_EXPORT intptr_t lx_fd_set_cloexec(intptr_t fd, int cloexec);
/* The lowest number a new descriptor may not reach: the host's limit (RLIMIT_NOFILE), at most LX_FD_MAX. */
MC_EXPORT intptr_t lx_fd_limit(void);
/* Bounds the table below the host's limit, for a host that keeps none (Windows' RLIMIT_NOFILE); 0: unbounded. */
MC_EXPORT void lx_fd_set_limit(intptr_t limit);

/* Every open number with a reference to its file, in increasing order (for spawn.c): returns the
 * count and a malloc'd array, or -ENOMEM. lx_fd_release_all puts the references and frees it. */
struct lx_fd_entry {
    int guest;
    int cloexec;
    struct lx_fd ref;
};
MC_EXPORT intptr_t lx_fd_snapshot(struct lx_fd_entry **out);
MC_EXPORT void lx_fd_release_all(struct lx_fd_entry *entries, intptr_t count);

#endif
