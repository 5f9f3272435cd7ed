/* fd.h - the parts of the Windows fd module (libmc-fd.so) kept in their own files, and what it shares
 * with the path module (which links against it). */
#ifndef MC_WINDOWS_FD_H
#define MC_WINDOWS_FD_H

#include "windows.h"

/* poll (7): fd_poll.c */
MC_HIDDEN intptr_t sys_poll(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f);
/* ioctl (16): fd_ioctl.c */
MC_HIDDEN intptr_t sys_ioctl(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f);

/* read and write of a file object (fd.c), for read, readv and the like. */
MC_HIDDEN intptr_t win_read(struct win_file *f, void *guest, size_t count);
MC_HIDDEN intptr_t win_write(struct win_file *f, const void *guest, size_t count);

/* A console as a terminal (console.c): its text as UTF-8 both ways; its modes as a terminal's attributes (TCGETS,
 * TCSETS, TCSETSW, TCSETSF), tcflush's input flush; whether a read would find text (poll). */
MC_HIDDEN intptr_t win_console_read(struct win_file *f, void *guest, size_t count);
MC_HIDDEN intptr_t win_console_write(struct win_file *f, const void *guest, size_t count);
MC_HIDDEN intptr_t win_console_attributes(struct win_file *f, void *guest);
MC_HIDDEN intptr_t win_console_set_attributes(struct win_file *f, const void *guest, intptr_t request);
MC_HIDDEN intptr_t win_console_flush_input(struct win_file *f);
MC_HIDDEN int win_console_readable(struct win_file *f);

/* A directory's listing position (directory.c): lseek on a directory descriptor. */
MC_HIDDEN intptr_t win_directory_seek(struct win_file *f, int64_t offset, intptr_t whence);

/* statfs of the volume holding a path (NULL: the current one) into the guest's structure (statfs.c). */
MC_HIDDEN intptr_t win_statfs(const WCHAR *path, void *guest);

#endif
