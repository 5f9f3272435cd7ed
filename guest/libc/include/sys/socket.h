/* sys/socket.h - sockets, with Linux x86-64's constants and structure layouts (glibc's), so that
 * the values reach the socket syscalls (41-55, 288) unchanged. The standard modules provide them on
 * the host's sockets (docs/abi.md). */
#ifndef _SYS_SOCKET_H
#define _SYS_SOCKET_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <stdint.h>

_BEGIN_STD_C

typedef unsigned int socklen_t;
typedef unsigned short sa_family_t;

struct sockaddr {
  sa_family_t sa_family;
  char sa_data[14];
};

/* Large enough and aligned for every address family. */
struct sockaddr_storage {
  sa_family_t ss_family;
  char __ss_padding[128 - sizeof(sa_family_t) - sizeof(unsigned long)];
  unsigned long __ss_align;
};

struct msghdr {
  void *msg_name;
  socklen_t msg_namelen;
  struct iovec *msg_iov;
  size_t msg_iovlen;
  void *msg_control;
  size_t msg_controllen;
  int msg_flags;
};

struct cmsghdr {
  size_t cmsg_len;
  int cmsg_level;
  int cmsg_type;
  /* followed by the data, aligned to size_t */
};

#define CMSG_ALIGN(len) (((len) + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1))
#define CMSG_DATA(cmsg) ((unsigned char *)((struct cmsghdr *)(cmsg) + 1))
#define CMSG_SPACE(len) (CMSG_ALIGN(len) + CMSG_ALIGN(sizeof(struct cmsghdr)))
#define CMSG_LEN(len) (CMSG_ALIGN(sizeof(struct cmsghdr)) + (len))
#define CMSG_FIRSTHDR(mhdr) \
  ((size_t)(mhdr)->msg_controllen >= sizeof(struct cmsghdr) ? (struct cmsghdr *)(mhdr)->msg_control \
                                                             : (struct cmsghdr *)0)
#define CMSG_NXTHDR(mhdr, cmsg) __cmsg_nxthdr((mhdr), (cmsg))
static __inline struct cmsghdr *__cmsg_nxthdr(struct msghdr *__mhdr, struct cmsghdr *__cmsg)
{
  if (__cmsg->cmsg_len < sizeof(struct cmsghdr)) return (struct cmsghdr *)0;
  __cmsg = (struct cmsghdr *)((unsigned char *)__cmsg + CMSG_ALIGN(__cmsg->cmsg_len));
  unsigned char *__end = (unsigned char *)__mhdr->msg_control + __mhdr->msg_controllen;
  if ((unsigned char *)(__cmsg + 1) > __end
      || (unsigned char *)__cmsg + CMSG_ALIGN(__cmsg->cmsg_len) > __end)
    return (struct cmsghdr *)0;
  return __cmsg;
}

#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2

struct linger {
  int l_onoff;
  int l_linger;
};

struct ucred {
  pid_t pid;
  uid_t uid;
  gid_t gid;
};

/* Types; SOCK_NONBLOCK and SOCK_CLOEXEC may be or'ed in (Linux's O_NONBLOCK and O_CLOEXEC). */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_RDM 4
#define SOCK_SEQPACKET 5
#define SOCK_NONBLOCK 04000
#define SOCK_CLOEXEC 02000000

#define PF_UNSPEC 0
#define PF_LOCAL 1
#define PF_UNIX PF_LOCAL
#define PF_INET 2
#define PF_INET6 10
#define PF_NETLINK 16
#define PF_PACKET 17
#define AF_UNSPEC PF_UNSPEC
#define AF_LOCAL PF_LOCAL
#define AF_UNIX PF_UNIX
#define AF_INET PF_INET
#define AF_INET6 PF_INET6
#define AF_NETLINK PF_NETLINK
#define AF_PACKET PF_PACKET

#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_ACCEPTCONN 30
#define SO_PROTOCOL 38
#define SO_DOMAIN 39

#define SOMAXCONN 4096

#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_CMSG_CLOEXEC 0x40000000

#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2

int socket(int __domain, int __type, int __protocol);
int socketpair(int __domain, int __type, int __protocol, int __fds[2]);
int bind(int __fd, const struct sockaddr *__addr, socklen_t __len);
int connect(int __fd, const struct sockaddr *__addr, socklen_t __len);
int listen(int __fd, int __backlog);
int accept(int __fd, struct sockaddr *__restrict __addr, socklen_t *__restrict __len);
int accept4(int __fd, struct sockaddr *__restrict __addr, socklen_t *__restrict __len, int __flags);
int shutdown(int __fd, int __how);
int getsockname(int __fd, struct sockaddr *__restrict __addr, socklen_t *__restrict __len);
int getpeername(int __fd, struct sockaddr *__restrict __addr, socklen_t *__restrict __len);
int getsockopt(int __fd, int __level, int __name, void *__restrict __value, socklen_t *__restrict __len);
int setsockopt(int __fd, int __level, int __name, const void *__value, socklen_t __len);
ssize_t send(int __fd, const void *__buf, size_t __n, int __flags);
ssize_t recv(int __fd, void *__buf, size_t __n, int __flags);
ssize_t sendto(int __fd, const void *__buf, size_t __n, int __flags, const struct sockaddr *__addr,
               socklen_t __len);
ssize_t recvfrom(int __fd, void *__restrict __buf, size_t __n, int __flags,
                 struct sockaddr *__restrict __addr, socklen_t *__restrict __len);
ssize_t sendmsg(int __fd, const struct msghdr *__msg, int __flags);
ssize_t recvmsg(int __fd, struct msghdr *__msg, int __flags);

_END_STD_C

#endif
