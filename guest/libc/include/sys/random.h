/* sys/random.h - getrandom (syscall 318). */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <_ansi.h>          /* _BEGIN_STD_C */
#include <sys/cdefs.h>
#include <sys/types.h>

#define GRND_NONBLOCK 1
#define GRND_RANDOM   2

_BEGIN_STD_C
ssize_t getrandom(void *__buf, size_t __len, unsigned int __flags);
int getentropy(void *__buf, size_t __len);
_END_STD_C

#endif
