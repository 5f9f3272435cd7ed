/* errno_table.c - Linux errno numbers (what the syscalls return) to newlib's (what guests see).
 * The numbers are Linux x86-64's (asm-generic/errno-base.h, errno.h); a name newlib lacks maps to
 * EIO, never to a wrong error. */
#include "libc_internal.h"
#include <string.h>

static const short from_linux[] = {
#ifdef EPERM
    [1] = EPERM,
#endif
#ifdef ENOENT
    [2] = ENOENT,
#endif
#ifdef ESRCH
    [3] = ESRCH,
#endif
#ifdef EINTR
    [4] = EINTR,
#endif
#ifdef EIO
    [5] = EIO,
#endif
#ifdef ENXIO
    [6] = ENXIO,
#endif
#ifdef E2BIG
    [7] = E2BIG,
#endif
#ifdef ENOEXEC
    [8] = ENOEXEC,
#endif
#ifdef EBADF
    [9] = EBADF,
#endif
#ifdef ECHILD
    [10] = ECHILD,
#endif
#ifdef EAGAIN
    [11] = EAGAIN,
#endif
#ifdef ENOMEM
    [12] = ENOMEM,
#endif
#ifdef EACCES
    [13] = EACCES,
#endif
#ifdef EFAULT
    [14] = EFAULT,
#endif
#ifdef ENOTBLK
    [15] = ENOTBLK,
#endif
#ifdef EBUSY
    [16] = EBUSY,
#endif
#ifdef EEXIST
    [17] = EEXIST,
#endif
#ifdef EXDEV
    [18] = EXDEV,
#endif
#ifdef ENODEV
    [19] = ENODEV,
#endif
#ifdef ENOTDIR
    [20] = ENOTDIR,
#endif
#ifdef EISDIR
    [21] = EISDIR,
#endif
#ifdef EINVAL
    [22] = EINVAL,
#endif
#ifdef ENFILE
    [23] = ENFILE,
#endif
#ifdef EMFILE
    [24] = EMFILE,
#endif
#ifdef ENOTTY
    [25] = ENOTTY,
#endif
#ifdef ETXTBSY
    [26] = ETXTBSY,
#endif
#ifdef EFBIG
    [27] = EFBIG,
#endif
#ifdef ENOSPC
    [28] = ENOSPC,
#endif
#ifdef ESPIPE
    [29] = ESPIPE,
#endif
#ifdef EROFS
    [30] = EROFS,
#endif
#ifdef EMLINK
    [31] = EMLINK,
#endif
#ifdef EPIPE
    [32] = EPIPE,
#endif
#ifdef EDOM
    [33] = EDOM,
#endif
#ifdef ERANGE
    [34] = ERANGE,
#endif
#ifdef EDEADLK
    [35] = EDEADLK,
#endif
#ifdef ENAMETOOLONG
    [36] = ENAMETOOLONG,
#endif
#ifdef ENOLCK
    [37] = ENOLCK,
#endif
#ifdef ENOSYS
    [38] = ENOSYS,
#endif
#ifdef ENOTEMPTY
    [39] = ENOTEMPTY,
#endif
#ifdef ELOOP
    [40] = ELOOP,
#endif
#ifdef ENOMSG
    [42] = ENOMSG,
#endif
#ifdef EIDRM
    [43] = EIDRM,
#endif
#ifdef ECHRNG
    [44] = ECHRNG,
#endif
#ifdef EL2NSYNC
    [45] = EL2NSYNC,
#endif
#ifdef EL3HLT
    [46] = EL3HLT,
#endif
#ifdef EL3RST
    [47] = EL3RST,
#endif
#ifdef ELNRNG
    [48] = ELNRNG,
#endif
#ifdef EUNATCH
    [49] = EUNATCH,
#endif
#ifdef ENOCSI
    [50] = ENOCSI,
#endif
#ifdef EL2HLT
    [51] = EL2HLT,
#endif
#ifdef EBADE
    [52] = EBADE,
#endif
#ifdef EBADR
    [53] = EBADR,
#endif
#ifdef EXFULL
    [54] = EXFULL,
#endif
#ifdef ENOANO
    [55] = ENOANO,
#endif
#ifdef EBADRQC
    [56] = EBADRQC,
#endif
#ifdef EBADSLT
    [57] = EBADSLT,
#endif
#ifdef EBFONT
    [59] = EBFONT,
#endif
#ifdef ENOSTR
    [60] = ENOSTR,
#endif
#ifdef ENODATA
    [61] = ENODATA,
#endif
#ifdef ETIME
    [62] = ETIME,
#endif
#ifdef ENOSR
    [63] = ENOSR,
#endif
#ifdef ENONET
    [64] = ENONET,
#endif
#ifdef ENOPKG
    [65] = ENOPKG,
#endif
#ifdef EREMOTE
    [66] = EREMOTE,
#endif
#ifdef ENOLINK
    [67] = ENOLINK,
#endif
#ifdef EADV
    [68] = EADV,
#endif
#ifdef ESRMNT
    [69] = ESRMNT,
#endif
#ifdef ECOMM
    [70] = ECOMM,
#endif
#ifdef EPROTO
    [71] = EPROTO,
#endif
#ifdef EMULTIHOP
    [72] = EMULTIHOP,
#endif
#ifdef EDOTDOT
    [73] = EDOTDOT,
#endif
#ifdef EBADMSG
    [74] = EBADMSG,
#endif
#ifdef EOVERFLOW
    [75] = EOVERFLOW,
#endif
#ifdef ENOTUNIQ
    [76] = ENOTUNIQ,
#endif
#ifdef EBADFD
    [77] = EBADFD,
#endif
#ifdef EREMCHG
    [78] = EREMCHG,
#endif
#ifdef ELIBACC
    [79] = ELIBACC,
#endif
#ifdef ELIBBAD
    [80] = ELIBBAD,
#endif
#ifdef ELIBSCN
    [81] = ELIBSCN,
#endif
#ifdef ELIBMAX
    [82] = ELIBMAX,
#endif
#ifdef ELIBEXEC
    [83] = ELIBEXEC,
#endif
#ifdef EILSEQ
    [84] = EILSEQ,
#endif
#ifdef ERESTART
    [85] = ERESTART,
#endif
#ifdef ESTRPIPE
    [86] = ESTRPIPE,
#endif
#ifdef EUSERS
    [87] = EUSERS,
#endif
#ifdef ENOTSOCK
    [88] = ENOTSOCK,
#endif
#ifdef EDESTADDRREQ
    [89] = EDESTADDRREQ,
#endif
#ifdef EMSGSIZE
    [90] = EMSGSIZE,
#endif
#ifdef EPROTOTYPE
    [91] = EPROTOTYPE,
#endif
#ifdef ENOPROTOOPT
    [92] = ENOPROTOOPT,
#endif
#ifdef EPROTONOSUPPORT
    [93] = EPROTONOSUPPORT,
#endif
#ifdef ESOCKTNOSUPPORT
    [94] = ESOCKTNOSUPPORT,
#endif
#ifdef EOPNOTSUPP
    [95] = EOPNOTSUPP,
#endif
#ifdef EPFNOSUPPORT
    [96] = EPFNOSUPPORT,
#endif
#ifdef EAFNOSUPPORT
    [97] = EAFNOSUPPORT,
#endif
#ifdef EADDRINUSE
    [98] = EADDRINUSE,
#endif
#ifdef EADDRNOTAVAIL
    [99] = EADDRNOTAVAIL,
#endif
#ifdef ENETDOWN
    [100] = ENETDOWN,
#endif
#ifdef ENETUNREACH
    [101] = ENETUNREACH,
#endif
#ifdef ENETRESET
    [102] = ENETRESET,
#endif
#ifdef ECONNABORTED
    [103] = ECONNABORTED,
#endif
#ifdef ECONNRESET
    [104] = ECONNRESET,
#endif
#ifdef ENOBUFS
    [105] = ENOBUFS,
#endif
#ifdef EISCONN
    [106] = EISCONN,
#endif
#ifdef ENOTCONN
    [107] = ENOTCONN,
#endif
#ifdef ESHUTDOWN
    [108] = ESHUTDOWN,
#endif
#ifdef ETOOMANYREFS
    [109] = ETOOMANYREFS,
#endif
#ifdef ETIMEDOUT
    [110] = ETIMEDOUT,
#endif
#ifdef ECONNREFUSED
    [111] = ECONNREFUSED,
#endif
#ifdef EHOSTDOWN
    [112] = EHOSTDOWN,
#endif
#ifdef EHOSTUNREACH
    [113] = EHOSTUNREACH,
#endif
#ifdef EALREADY
    [114] = EALREADY,
#endif
#ifdef EINPROGRESS
    [115] = EINPROGRESS,
#endif
#ifdef ESTALE
    [116] = ESTALE,
#endif
#ifdef EUCLEAN
    [117] = EUCLEAN,
#endif
#ifdef ENOTNAM
    [118] = ENOTNAM,
#endif
#ifdef ENAVAIL
    [119] = ENAVAIL,
#endif
#ifdef EISNAM
    [120] = EISNAM,
#endif
#ifdef EREMOTEIO
    [121] = EREMOTEIO,
#endif
#ifdef EDQUOT
    [122] = EDQUOT,
#endif
#ifdef ENOMEDIUM
    [123] = ENOMEDIUM,
#endif
#ifdef EMEDIUMTYPE
    [124] = EMEDIUMTYPE,
#endif
#ifdef ECANCELED
    [125] = ECANCELED,
#endif
#ifdef ENOKEY
    [126] = ENOKEY,
#endif
#ifdef EKEYEXPIRED
    [127] = EKEYEXPIRED,
#endif
#ifdef EKEYREVOKED
    [128] = EKEYREVOKED,
#endif
#ifdef EKEYREJECTED
    [129] = EKEYREJECTED,
#endif
#ifdef EOWNERDEAD
    [130] = EOWNERDEAD,
#endif
#ifdef ENOTRECOVERABLE
    [131] = ENOTRECOVERABLE,
#endif
#ifdef ERFKILL
    [132] = ERFKILL,
#endif
#ifdef EHWPOISON
    [133] = EHWPOISON,
#endif
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
