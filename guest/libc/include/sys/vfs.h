/* sys/vfs.h - Microcosm: the other name of <sys/statfs.h>, as on Linux. */
#include <sys/statfs.h>
