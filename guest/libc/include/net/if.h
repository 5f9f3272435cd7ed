/* net/if.h - network interface names. A guest sees the host's interfaces through the socket
 * module; the name-index functions read Linux's /sys/class/net (docs/libc.md). */
#ifndef _NET_IF_H
#define _NET_IF_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>

#define IF_NAMESIZE 16
#define IFNAMSIZ IF_NAMESIZE

_BEGIN_STD_C

struct if_nameindex {
  unsigned int if_index;
  char *if_name;
};

unsigned int if_nametoindex(const char *__ifname);
char *if_indextoname(unsigned int __ifindex, char *__ifname);
struct if_nameindex *if_nameindex(void);
void if_freenameindex(struct if_nameindex *__ptr);

_END_STD_C

#endif
