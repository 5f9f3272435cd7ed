/* features.h - Microcosm: the name glibc programs include for the feature test macros; newlib keeps
 * them in <sys/features.h>. */
#include <sys/features.h>
