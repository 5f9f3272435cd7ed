/* arpa/inet.h - conversions between Internet addresses and text. */
#ifndef _ARPA_INET_H
#define _ARPA_INET_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>
#include <netinet/in.h>

_BEGIN_STD_C

in_addr_t inet_addr(const char *__cp);
int inet_aton(const char *__cp, struct in_addr *__inp);
char *inet_ntoa(struct in_addr __in);
in_addr_t inet_network(const char *__cp);
struct in_addr inet_makeaddr(in_addr_t __net, in_addr_t __host);
in_addr_t inet_lnaof(struct in_addr __in);
in_addr_t inet_netof(struct in_addr __in);
int inet_pton(int __af, const char *__restrict __src, void *__restrict __dst);
const char *inet_ntop(int __af, const void *__restrict __src, char *__restrict __dst, socklen_t __size);

_END_STD_C

#endif
