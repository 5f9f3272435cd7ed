/* err.h - Microcosm: the BSD/glibc error message functions (glue/log/err.c). Each writes to stderr the
 * program's name (program_invocation_short_name), ": ", the formatted message, and for err, verr,
 * warn and vwarn ": " and strerror(errno); then a newline. err and verr exit with the given status. */
#ifndef _ERR_H
#define _ERR_H

#include <sys/cdefs.h>
#include <stdarg.h>

__BEGIN_DECLS
void warn(const char *__format, ...) __attribute__((__format__(__printf__, 1, 2)));
void vwarn(const char *__format, va_list __ap) __attribute__((__format__(__printf__, 1, 0)));
void warnx(const char *__format, ...) __attribute__((__format__(__printf__, 1, 2)));
void vwarnx(const char *__format, va_list __ap) __attribute__((__format__(__printf__, 1, 0)));
void err(int __status, const char *__format, ...) __attribute__((__noreturn__, __format__(__printf__, 2, 3)));
void verr(int __status, const char *__format, va_list __ap) __attribute__((__noreturn__, __format__(__printf__, 2, 0)));
void errx(int __status, const char *__format, ...) __attribute__((__noreturn__, __format__(__printf__, 2, 3)));
void verrx(int __status, const char *__format, va_list __ap) __attribute__((__noreturn__, __format__(__printf__, 2, 0)));
__END_DECLS

#endif
