/* dlfcn.h - Microcosm: the dynamic linking interface, on the core's loader (glue/process/dlfcn.c). The
 * constants are glibc's; RTLD_LAZY binds now (the core never binds lazily), RTLD_NODELETE and
 * RTLD_DEEPBIND change nothing (objects stay mapped until the program ends). */
#ifndef _DLFCN_H
#define _DLFCN_H

#include <sys/cdefs.h>

#define RTLD_LAZY     0x00001
#define RTLD_NOW      0x00002
#define RTLD_NOLOAD   0x00004
#define RTLD_DEEPBIND 0x00008
#define RTLD_GLOBAL   0x00100
#define RTLD_LOCAL    0
#define RTLD_NODELETE 0x01000

#if __GNU_VISIBLE
#define RTLD_NEXT    ((void *)-1l)
#define RTLD_DEFAULT ((void *)0)

typedef struct {
    const char *dli_fname;   /* the object's path */
    void *dli_fbase;         /* its load address */
    const char *dli_sname;   /* the nearest symbol */
    void *dli_saddr;         /* its address */
} Dl_info;
#endif

__BEGIN_DECLS
void *dlopen(const char *__file, int __mode);
void *dlsym(void *__restrict __handle, const char *__restrict __name);
int dlclose(void *__handle);
char *dlerror(void);
#if __GNU_VISIBLE
int dladdr(const void *__address, Dl_info *__info);
#endif
__END_DECLS

#endif
