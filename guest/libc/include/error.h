/* error.h - Microcosm: glibc's error reporting functions (glue/log/err.c). error() flushes stdout, then
 * writes "NAME: message[: strerror(errnum)]" to stderr, and exits with status if it is not 0. */
#ifndef _ERROR_H
#define _ERROR_H

#include <sys/cdefs.h>

__BEGIN_DECLS
void error(int __status, int __errnum, const char *__format, ...) __attribute__((__format__(__printf__, 3, 4)));
void error_at_line(int __status, int __errnum, const char *__file, unsigned int __line, const char *__format, ...)
    __attribute__((__format__(__printf__, 5, 6)));
extern unsigned int error_message_count;   /* messages written so far */
extern int error_one_per_line;             /* error_at_line: once per file and line */
extern void (*error_print_progname)(void); /* called instead of writing the name, if set */
__END_DECLS

#endif
