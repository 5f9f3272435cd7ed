/* sys/dirent.h - directory entries as the getdents64 syscall returns them (Linux x86-64 layout),
 * and the DIR stream of Microcosm's opendir/readdir (guest/libc/posix/dirent.c). */
#ifndef _SYS_DIRENT_H
#define _SYS_DIRENT_H

#include <sys/types.h>
#include <sys/lock.h>

#define MAXNAMLEN 255

struct dirent {
  __uint64_t d_ino;
  __int64_t d_off;          /* the position after this entry (for telldir/seekdir) */
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[MAXNAMLEN + 1];
};

#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12
#define DT_WHT 14

/* The stream: a buffer of raw getdents64 records and the entry readdir returned last. The dd_
 * names are the traditional ones (newlib's POSIX directory code compiles against them). */
typedef struct {
  int dd_fd;
  int dd_len;               /* size of dd_buf */
  long dd_loc;              /* next record in dd_buf */
  long dd_size;             /* bytes of records in dd_buf */
  char *dd_buf;
  long dd_seek;             /* the position of the record at dd_loc */
  struct dirent dd_entry;   /* what readdir returns */
} DIR;

#define _DIRENT_HAVE_D_TYPE 1
#define _DIRENT_HAVE_D_OFF 1
#define _DIRENT_HAVE_D_RECLEN 1

#endif
