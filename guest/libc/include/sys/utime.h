/* sys/utime.h - Microcosm: struct utimbuf and utime() (glue/fs/fs.c, over utimensat). */
#ifndef _SYS_UTIME_H
#define _SYS_UTIME_H

#include <sys/cdefs.h>
#include <sys/types.h>

struct utimbuf {
    time_t actime;    /* access time */
    time_t modtime;   /* modification time */
};

__BEGIN_DECLS
int utime(const char *__path, const struct utimbuf *__times);
__END_DECLS

#endif
