/* errno_table.c - Linux errno numbers (what the syscalls return) to newlib's (what guests see).
 * The numbers are Linux x86-64's (asm-generic/errno-base.h, errno.h); a name newlib lacks maps to
 * EIO, never to a wrong error. */
#include "libc_internal.h"
#include <string.h>

static const short from_linux[] = {
    /* Every Linux error newlib names, by its Linux number (abi/errno.tsv, through abi/generate.sh). */
#include "errno_from_linux.inc"
};

int __mc_errno_from_linux(int linux_errno)
{
    if (linux_errno > 0 && (size_t)linux_errno < sizeof from_linux / sizeof from_linux[0] && from_linux[linux_errno])
        return from_linux[linux_errno];
    return EIO;
}

/* newlib's strerror, strerror_r and perror ask here for a number they have no message for: glibc's
 * "Unknown error N" (newlib's was ""). One buffer for the program: glibc's strerror is not
 * thread-safe for unknown numbers either, and strerror_r copies the text out at once. */
char *_user_strerror(int errnum, int internal, int *errptr)
{
    static char unknown[32];
    (void)internal;
    (void)errptr;
    char digits[12], *p = digits + sizeof digits;
    unsigned int n = errnum < 0 ? 0u - (unsigned int)errnum : (unsigned int)errnum;
    *--p = '\0';
    do *--p = (char)('0' + n % 10); while ((n /= 10) != 0);
    if (errnum < 0) *--p = '-';
    strcpy(unknown, "Unknown error ");
    strcat(unknown, p);
    return unknown;
}
