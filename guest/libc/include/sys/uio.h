/* sys/uio.h - vectored I/O (readv/writev, syscalls 19 and 20). */
#ifndef _SYS_UIO_H
#define _SYS_UIO_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>
#include <sys/types.h>

struct iovec {
  void *iov_base;
  size_t iov_len;
};

#define IOV_MAX 1024
#define UIO_MAXIOV IOV_MAX

_BEGIN_STD_C
ssize_t readv(int __fd, const struct iovec *__iov, int __count);
ssize_t writev(int __fd, const struct iovec *__iov, int __count);
_END_STD_C

#endif
