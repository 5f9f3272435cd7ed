/* netdb.h - host, service and protocol names (glibc's layouts and values). Names are looked up
 * as glibc's "files" sources look them up: /etc/hosts, /etc/services, /etc/protocols; a guest
 * has no DNS resolver (docs/libc.md). */
#ifndef _NETDB_H
#define _NETDB_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <stdint.h>

_BEGIN_STD_C

struct hostent {
  char *h_name;
  char **h_aliases;
  int h_addrtype;
  int h_length;
  char **h_addr_list;
};
#define h_addr h_addr_list[0]

struct servent {
  char *s_name;
  char **s_aliases;
  int s_port;
  char *s_proto;
};

struct protoent {
  char *p_name;
  char **p_aliases;
  int p_proto;
};

struct addrinfo {
  int ai_flags;
  int ai_family;
  int ai_socktype;
  int ai_protocol;
  socklen_t ai_addrlen;
  struct sockaddr *ai_addr;
  char *ai_canonname;
  struct addrinfo *ai_next;
};

#define AI_PASSIVE 0x0001
#define AI_CANONNAME 0x0002
#define AI_NUMERICHOST 0x0004
#define AI_V4MAPPED 0x0008
#define AI_ALL 0x0010
#define AI_ADDRCONFIG 0x0020
#define AI_NUMERICSERV 0x0400

#define NI_MAXHOST 1025
#define NI_MAXSERV 32
#define NI_NUMERICHOST 1
#define NI_NUMERICSERV 2
#define NI_NOFQDN 4
#define NI_NAMEREQD 8
#define NI_DGRAM 16

#define EAI_BADFLAGS -1
#define EAI_NONAME -2
#define EAI_AGAIN -3
#define EAI_FAIL -4
#define EAI_NODATA -5
#define EAI_FAMILY -6
#define EAI_SOCKTYPE -7
#define EAI_SERVICE -8
#define EAI_ADDRFAMILY -9
#define EAI_MEMORY -10
#define EAI_SYSTEM -11
#define EAI_OVERFLOW -12

/* h_errno values */
#define NETDB_INTERNAL -1
#define NETDB_SUCCESS 0
#define HOST_NOT_FOUND 1
#define TRY_AGAIN 2
#define NO_RECOVERY 3
#define NO_DATA 4
#define NO_ADDRESS NO_DATA

int *__h_errno_location(void);
#define h_errno (*__h_errno_location())

int getaddrinfo(const char *__restrict __node, const char *__restrict __service,
                const struct addrinfo *__restrict __hints, struct addrinfo **__restrict __res);
void freeaddrinfo(struct addrinfo *__ai);
const char *gai_strerror(int __errcode);
int getnameinfo(const struct sockaddr *__restrict __sa, socklen_t __salen, char *__restrict __host,
                socklen_t __hostlen, char *__restrict __serv, socklen_t __servlen, int __flags);

struct hostent *gethostbyname(const char *__name);
struct hostent *gethostbyname2(const char *__name, int __af);
struct hostent *gethostbyaddr(const void *__addr, socklen_t __len, int __type);
void sethostent(int __stayopen);
void endhostent(void);
struct hostent *gethostent(void);
const char *hstrerror(int __err);
void herror(const char *__s);

struct servent *getservbyname(const char *__name, const char *__proto);
struct servent *getservbyport(int __port, const char *__proto);
void setservent(int __stayopen);
void endservent(void);
struct servent *getservent(void);

struct protoent *getprotobyname(const char *__name);
struct protoent *getprotobynumber(int __proto);
void setprotoent(int __stayopen);
void endprotoent(void);
struct protoent *getprotoent(void);

_END_STD_C

#endif
