/* sys/sysinfo.h - Microcosm: Linux's sysinfo() and glibc's processor and memory counts
 * (glue/system/sysinfo.c). */
#ifndef _SYS_SYSINFO_H
#define _SYS_SYSINFO_H

#include <sys/cdefs.h>

#define SI_LOAD_SHIFT 16

struct sysinfo {
    long uptime;              /* seconds since boot */
    unsigned long loads[3];   /* 1, 5 and 15 minute load averages, << SI_LOAD_SHIFT */
    unsigned long totalram;   /* in mem_unit units */
    unsigned long freeram;
    unsigned long sharedram;
    unsigned long bufferram;
    unsigned long totalswap;
    unsigned long freeswap;
    unsigned short procs;     /* processes on the system */
    unsigned short pad;
    unsigned long totalhigh;
    unsigned long freehigh;
    unsigned int mem_unit;    /* bytes */
    char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

__BEGIN_DECLS
int sysinfo(struct sysinfo *__info);
int get_nprocs(void);         /* processors this program can run on */
int get_nprocs_conf(void);    /* processors configured in the system */
long get_phys_pages(void);
long get_avphys_pages(void);
__END_DECLS

#endif
