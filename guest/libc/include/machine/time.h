/* machine/time.h - Microcosm: clock() counts microseconds, as POSIX (XSI) has it; C11's
 * timespec_get, which newlib's <time.h> lacks (it includes this file). */
#ifndef _MACHTIME_H_
#define _MACHTIME_H_
#include <sys/timespec.h>

#define _CLOCKS_PER_SEC_ 1000000

#define TIME_UTC 1
int timespec_get(struct timespec *ts, int base);
#endif
