/* err.c - the BSD/glibc error message functions (err.h): "NAME: message: strerror(errno)\n" on
 * stderr, NAME being program_invocation_short_name (argv[0]'s last component); err and errx then
 * exit. errno is read before anything is written, so a failed write cannot change the message.
 * glibc's error() and error_at_line() (error.h) are at the end. */
#include "libc_internal.h"
#include <err.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char *program_invocation_short_name;

static void message(int with_error, const char *format, va_list ap)
{
    int error = errno;
    flockfile(stderr);
    fprintf(stderr, "%s: ", program_invocation_short_name);
    if (format) {
        vfprintf(stderr, format, ap);
        if (with_error) fputs(": ", stderr);
    }
    if (with_error) fputs(strerror(error), stderr);
    fputc('\n', stderr);
    funlockfile(stderr);
    errno = error;
}

void vwarn(const char *format, va_list ap) { message(1, format, ap); }
void vwarnx(const char *format, va_list ap) { message(0, format, ap); }

void warn(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    message(1, format, ap);
    va_end(ap);
}

void warnx(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    message(0, format, ap);
    va_end(ap);
}

void verr(int status, const char *format, va_list ap)
{
    message(1, format, ap);
    exit(status);
}

void verrx(int status, const char *format, va_list ap)
{
    message(0, format, ap);
    exit(status);
}

void err(int status, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    verr(status, format, ap);
}

void errx(int status, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    verrx(status, format, ap);
}

/* ---- glibc's error() ------------------------------------------------------------------------------ */

/* As glibc: stdout is flushed first, and the name is argv[0] as given (program_invocation_name). */
#include <error.h>

extern char *program_invocation_name;

unsigned int error_message_count;
int error_one_per_line;
void (*error_print_progname)(void);

static void error_message(int status, int errnum, const char *file, unsigned int line, const char *format, va_list ap)
{
    fflush(stdout);
    flockfile(stderr);
    /* glibc's spacing: error() writes "NAME: " (nothing of its own after a hook), error_at_line
     * "NAME:" (or the hook's) then "FILE:LINE: ". */
    if (error_print_progname) error_print_progname();
    else fprintf(stderr, file ? "%s:" : "%s: ", program_invocation_name);
    if (file) fprintf(stderr, "%s:%u: ", file, line);
    vfprintf(stderr, format, ap);
    error_message_count++;
    if (errnum) fprintf(stderr, ": %s", strerror(errnum));
    fputc('\n', stderr);
    funlockfile(stderr);
    fflush(stderr);
    if (status) exit(status);
}

void error(int status, int errnum, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    error_message(status, errnum, NULL, 0, format, ap);
    va_end(ap);
}

void error_at_line(int status, int errnum, const char *file, unsigned int line, const char *format, ...)
{
    static const char *last_file;
    static unsigned int last_line;
    if (error_one_per_line) {
        if (last_file && line == last_line && (file == last_file || strcmp(file, last_file) == 0)) return;
        last_file = file;
        last_line = line;
    }
    va_list ap;
    va_start(ap, format);
    error_message(status, errnum, file, line, format, ap);
    va_end(ap);
}
