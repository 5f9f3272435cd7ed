/* messages: strerror's text for every errno name the C library has, one "NAME<TAB>text" line each,
 * the names Linux gives one number (ENOTSUP and EOPNOTSUPP, EDEADLOCK and EDEADLK), and strsignal's
 * text for every signal number. Built twice, for Microcosm and (as messages-native) for the host with its glibc: the test compares
 * the two outputs line by line, so the messages are glibc's wording. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define SHOW(name) printf("%s\t%s\n", #name, strerror(name))

int main(void)
{
#ifdef EPERM
    SHOW(EPERM);
#endif
#ifdef ENOENT
    SHOW(ENOENT);
#endif
#ifdef ESRCH
    SHOW(ESRCH);
#endif
#ifdef EINTR
    SHOW(EINTR);
#endif
#ifdef EIO
    SHOW(EIO);
#endif
#ifdef ENXIO
    SHOW(ENXIO);
#endif
#ifdef E2BIG
    SHOW(E2BIG);
#endif
#ifdef ENOEXEC
    SHOW(ENOEXEC);
#endif
#ifdef EBADF
    SHOW(EBADF);
#endif
#ifdef ECHILD
    SHOW(ECHILD);
#endif
#ifdef EAGAIN
    SHOW(EAGAIN);
#endif
#ifdef ENOMEM
    SHOW(ENOMEM);
#endif
#ifdef EACCES
    SHOW(EACCES);
#endif
#ifdef EFAULT
    SHOW(EFAULT);
#endif
#ifdef ENOTBLK
    SHOW(ENOTBLK);
#endif
#ifdef EBUSY
    SHOW(EBUSY);
#endif
#ifdef EEXIST
    SHOW(EEXIST);
#endif
#ifdef EXDEV
    SHOW(EXDEV);
#endif
#ifdef ENODEV
    SHOW(ENODEV);
#endif
#ifdef ENOTDIR
    SHOW(ENOTDIR);
#endif
#ifdef EISDIR
    SHOW(EISDIR);
#endif
#ifdef EINVAL
    SHOW(EINVAL);
#endif
#ifdef ENFILE
    SHOW(ENFILE);
#endif
#ifdef EMFILE
    SHOW(EMFILE);
#endif
#ifdef ENOTTY
    SHOW(ENOTTY);
#endif
#ifdef ETXTBSY
    SHOW(ETXTBSY);
#endif
#ifdef EFBIG
    SHOW(EFBIG);
#endif
#ifdef ENOSPC
    SHOW(ENOSPC);
#endif
#ifdef ESPIPE
    SHOW(ESPIPE);
#endif
#ifdef EROFS
    SHOW(EROFS);
#endif
#ifdef EMLINK
    SHOW(EMLINK);
#endif
#ifdef EPIPE
    SHOW(EPIPE);
#endif
#ifdef EDOM
    SHOW(EDOM);
#endif
#ifdef ERANGE
    SHOW(ERANGE);
#endif
#ifdef EDEADLK
    SHOW(EDEADLK);
#endif
#ifdef ENAMETOOLONG
    SHOW(ENAMETOOLONG);
#endif
#ifdef ENOLCK
    SHOW(ENOLCK);
#endif
#ifdef ENOSYS
    SHOW(ENOSYS);
#endif
#ifdef ENOTEMPTY
    SHOW(ENOTEMPTY);
#endif
#ifdef ELOOP
    SHOW(ELOOP);
#endif
#ifdef ENOMSG
    SHOW(ENOMSG);
#endif
#ifdef EIDRM
    SHOW(EIDRM);
#endif
#ifdef ECHRNG
    SHOW(ECHRNG);
#endif
#ifdef EL2NSYNC
    SHOW(EL2NSYNC);
#endif
#ifdef EL3HLT
    SHOW(EL3HLT);
#endif
#ifdef EL3RST
    SHOW(EL3RST);
#endif
#ifdef ELNRNG
    SHOW(ELNRNG);
#endif
#ifdef EUNATCH
    SHOW(EUNATCH);
#endif
#ifdef ENOCSI
    SHOW(ENOCSI);
#endif
#ifdef EL2HLT
    SHOW(EL2HLT);
#endif
#ifdef EBADE
    SHOW(EBADE);
#endif
#ifdef EBADR
    SHOW(EBADR);
#endif
#ifdef EXFULL
    SHOW(EXFULL);
#endif
#ifdef ENOANO
    SHOW(ENOANO);
#endif
#ifdef EBADRQC
    SHOW(EBADRQC);
#endif
#ifdef EBADSLT
    SHOW(EBADSLT);
#endif
#ifdef EBFONT
    SHOW(EBFONT);
#endif
#ifdef ENOSTR
    SHOW(ENOSTR);
#endif
#ifdef ENODATA
    SHOW(ENODATA);
#endif
#ifdef ETIME
    SHOW(ETIME);
#endif
#ifdef ENOSR
    SHOW(ENOSR);
#endif
#ifdef ENONET
    SHOW(ENONET);
#endif
#ifdef ENOPKG
    SHOW(ENOPKG);
#endif
#ifdef EREMOTE
    SHOW(EREMOTE);
#endif
#ifdef ENOLINK
    SHOW(ENOLINK);
#endif
#ifdef EADV
    SHOW(EADV);
#endif
#ifdef ESRMNT
    SHOW(ESRMNT);
#endif
#ifdef ECOMM
    SHOW(ECOMM);
#endif
#ifdef EPROTO
    SHOW(EPROTO);
#endif
#ifdef EMULTIHOP
    SHOW(EMULTIHOP);
#endif
#ifdef EDOTDOT
    SHOW(EDOTDOT);
#endif
#ifdef EBADMSG
    SHOW(EBADMSG);
#endif
#ifdef EOVERFLOW
    SHOW(EOVERFLOW);
#endif
#ifdef ENOTUNIQ
    SHOW(ENOTUNIQ);
#endif
#ifdef EBADFD
    SHOW(EBADFD);
#endif
#ifdef EREMCHG
    SHOW(EREMCHG);
#endif
#ifdef ELIBACC
    SHOW(ELIBACC);
#endif
#ifdef ELIBBAD
    SHOW(ELIBBAD);
#endif
#ifdef ELIBSCN
    SHOW(ELIBSCN);
#endif
#ifdef ELIBMAX
    SHOW(ELIBMAX);
#endif
#ifdef ELIBEXEC
    SHOW(ELIBEXEC);
#endif
#ifdef EILSEQ
    SHOW(EILSEQ);
#endif
#ifdef ERESTART
    SHOW(ERESTART);
#endif
#ifdef ESTRPIPE
    SHOW(ESTRPIPE);
#endif
#ifdef EUSERS
    SHOW(EUSERS);
#endif
#ifdef ENOTSOCK
    SHOW(ENOTSOCK);
#endif
#ifdef EDESTADDRREQ
    SHOW(EDESTADDRREQ);
#endif
#ifdef EMSGSIZE
    SHOW(EMSGSIZE);
#endif
#ifdef EPROTOTYPE
    SHOW(EPROTOTYPE);
#endif
#ifdef ENOPROTOOPT
    SHOW(ENOPROTOOPT);
#endif
#ifdef EPROTONOSUPPORT
    SHOW(EPROTONOSUPPORT);
#endif
#ifdef ESOCKTNOSUPPORT
    SHOW(ESOCKTNOSUPPORT);
#endif
#ifdef EOPNOTSUPP
    SHOW(EOPNOTSUPP);
#endif
#ifdef ENOTSUP
    SHOW(ENOTSUP);
#endif
#ifdef EPFNOSUPPORT
    SHOW(EPFNOSUPPORT);
#endif
#ifdef EAFNOSUPPORT
    SHOW(EAFNOSUPPORT);
#endif
#ifdef EADDRINUSE
    SHOW(EADDRINUSE);
#endif
#ifdef EADDRNOTAVAIL
    SHOW(EADDRNOTAVAIL);
#endif
#ifdef ENETDOWN
    SHOW(ENETDOWN);
#endif
#ifdef ENETUNREACH
    SHOW(ENETUNREACH);
#endif
#ifdef ENETRESET
    SHOW(ENETRESET);
#endif
#ifdef ECONNABORTED
    SHOW(ECONNABORTED);
#endif
#ifdef ECONNRESET
    SHOW(ECONNRESET);
#endif
#ifdef ENOBUFS
    SHOW(ENOBUFS);
#endif
#ifdef EISCONN
    SHOW(EISCONN);
#endif
#ifdef ENOTCONN
    SHOW(ENOTCONN);
#endif
#ifdef ESHUTDOWN
    SHOW(ESHUTDOWN);
#endif
#ifdef ETOOMANYREFS
    SHOW(ETOOMANYREFS);
#endif
#ifdef ETIMEDOUT
    SHOW(ETIMEDOUT);
#endif
#ifdef ECONNREFUSED
    SHOW(ECONNREFUSED);
#endif
#ifdef EHOSTDOWN
    SHOW(EHOSTDOWN);
#endif
#ifdef EHOSTUNREACH
    SHOW(EHOSTUNREACH);
#endif
#ifdef EALREADY
    SHOW(EALREADY);
#endif
#ifdef EINPROGRESS
    SHOW(EINPROGRESS);
#endif
#ifdef ESTALE
    SHOW(ESTALE);
#endif
#ifdef EUCLEAN
    SHOW(EUCLEAN);
#endif
#ifdef ENOTNAM
    SHOW(ENOTNAM);
#endif
#ifdef ENAVAIL
    SHOW(ENAVAIL);
#endif
#ifdef EISNAM
    SHOW(EISNAM);
#endif
#ifdef EREMOTEIO
    SHOW(EREMOTEIO);
#endif
#ifdef EDQUOT
    SHOW(EDQUOT);
#endif
#ifdef ENOMEDIUM
    SHOW(ENOMEDIUM);
#endif
#ifdef EMEDIUMTYPE
    SHOW(EMEDIUMTYPE);
#endif
#ifdef ECANCELED
    SHOW(ECANCELED);
#endif
#ifdef ENOKEY
    SHOW(ENOKEY);
#endif
#ifdef EKEYEXPIRED
    SHOW(EKEYEXPIRED);
#endif
#ifdef EKEYREVOKED
    SHOW(EKEYREVOKED);
#endif
#ifdef EKEYREJECTED
    SHOW(EKEYREJECTED);
#endif
#ifdef EOWNERDEAD
    SHOW(EOWNERDEAD);
#endif
#ifdef ENOTRECOVERABLE
    SHOW(ENOTRECOVERABLE);
#endif
#ifdef ERFKILL
    SHOW(ERFKILL);
#endif
#ifdef EHWPOISON
    SHOW(EHWPOISON);
#endif
    char buffer[64];
    printf("unknown\t%s\n", strerror(4000));
    printf("strerror_r\t%d\n", strerror_r(4000, buffer, sizeof buffer) == 0 ? 0 : 1);
    printf("ENOTSUP == EOPNOTSUPP\t%d\n", ENOTSUP == EOPNOTSUPP);
    printf("EDEADLOCK == EDEADLK\t%d\n", EDEADLOCK == EDEADLK);
    for (int signal = 0; signal <= 65; signal++) printf("signal %d\t%s\n", signal, strsignal(signal));
    return 0;
}
