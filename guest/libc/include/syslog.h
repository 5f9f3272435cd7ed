/* syslog.h - the system log; the declarations are in <sys/syslog.h>, as in glibc. */
#include <sys/syslog.h>
