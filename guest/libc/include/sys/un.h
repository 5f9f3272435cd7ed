/* sys/un.h - Unix domain socket addresses (Linux's layout). */
#ifndef _SYS_UN_H
#define _SYS_UN_H

#include <sys/socket.h>
#include <stddef.h>
#include <string.h>

struct sockaddr_un {
  sa_family_t sun_family;
  char sun_path[108];
};

#define SUN_LEN(ptr) (offsetof(struct sockaddr_un, sun_path) + strlen((ptr)->sun_path))

#endif
