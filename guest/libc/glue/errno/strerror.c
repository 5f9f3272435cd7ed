/* strerror.c - error messages as glibc words them (newlib's differ: "Bad file number" for EBADF,
 * "Not owner" for EPERM, ...), because programs print them and their test suites compare the output
 * with what glibc prints. Replaces newlib's strerror.o: strerror, strerror_l, and _strerror_r, which
 * newlib's strerror_r, __xpg_strerror_r and perror use. A number without a message is "Unknown
 * error N" (_user_strerror, errno_table.c), and strerror_r reports it with EINVAL. */
#include "libc_internal.h"
#include <errno.h>
#include <locale.h>
#include <string.h>

char *_user_strerror(int errnum, int internal, int *errptr);

static const struct { int number; const char *text; } messages[] = {
    /* glibc's message for every Linux error newlib names (abi/errno.tsv, through abi/generate.sh). */
#include "errno_messages.inc"
    /* newlib's own numbers, which Linux lacks */
#ifdef EFTYPE
    { EFTYPE, "Inappropriate file type or format" },
#endif
#ifdef ENMFILE
    { ENMFILE, "No more files" },
#endif
#ifdef ENOSHARE
    { ENOSHARE, "No such host or network path" },
#endif
#ifdef ECASECLASH
    { ECASECLASH, "Filename exists with different case" },
#endif
};

char *_strerror_r(struct _reent *reent, int errnum, int internal, int *errptr)
{
    (void)reent;
    if (errnum == 0) return "Success";
    for (size_t i = 0; i < sizeof messages / sizeof messages[0]; i++)
        if (messages[i].number == errnum) return (char *)messages[i].text;
    if (errptr) *errptr = EINVAL;
    return _user_strerror(errnum, internal, errptr);
}

char *strerror(int errnum) { return _strerror_r(_REENT, errnum, 0, NULL); }

char *strerror_l(int errnum, locale_t locale)
{
    (void)locale;   /* the messages are English in every locale, as glibc's without translations */
    return strerror(errnum);
}
