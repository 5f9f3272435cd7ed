/* err_warn: the err.h functions write "NAME: message[: strerror]" lines on stderr; errx exits with
 * its status; glibc's error() and error_at_line() name the program by its full argv[0], or by
 * error_print_progname's hook with glibc's spacing. The test
 * compares stderr line by line. */
#include <err.h>
#include <errno.h>
#include <error.h>
#include <stdarg.h>
#include <stdio.h>

static void both(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vwarnx(format, ap);
    va_end(ap);
    va_start(ap, format);
    errno = EACCES;
    vwarn(format, ap);
    va_end(ap);
}

static void hook(void) { fputs("[hook]", stderr); }

int main(void)
{
    printf("stdout first\n");
    fflush(stdout);
    errno = ENOENT;
    warn("cannot open %s", "missing.txt");
    if (errno != ENOENT) return 10;   /* warn leaves errno as it was */
    warnx("plain %d", 42);
    both("via %s", "va_list");
    errno = EEXIST;
    warn(NULL);
    error(0, ENOENT, "soft %s", "failure");   /* glibc's: the full argv[0] */
    error_at_line(0, 0, "input.txt", 7, "bad line");
    /* A name hook replaces "NAME: " entirely for error(); error_at_line still writes "FILE:LINE: ". */
    error_print_progname = hook;
    error(0, 0, "hooked");
    error_at_line(0, 0, "input.txt", 8, "hooked line");
    error_print_progname = NULL;
    if (error_message_count != 4) return 11;
    errx(3, "giving up after %d tries", 2);
}
