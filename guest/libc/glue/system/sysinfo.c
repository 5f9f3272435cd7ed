/* sysinfo.c - the system as the host reports it: memory, load and uptime (sysinfo), the processors
 * the program may use (sched_getaffinity) and those the system has. */
#include "libc_internal.h"
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

int sysinfo(struct sysinfo *info) { return (int)SYSCALL(SYS_sysinfo, info, 0, 0, 0); }

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
    /* The syscall writes as many bytes as it returns; the rest of the caller's set is cleared, as
     * glibc does. */
    long r = mc_errno_result(mc_sys(SYS_sched_getaffinity, pid, (long)size, (long)set, 0));
    if (r < 0) return -1;
    if ((size_t)r < size) memset((char *)set + r, 0, size - (size_t)r);
    return 0;
}

int sched_getcpu(void)
{
    unsigned int cpu;
    if (SYSCALL(SYS_getcpu, &cpu, 0, 0, 0) < 0) return -1;
    return (int)cpu;
}

/* The processors this program can run on: its affinity mask (a container's or taskset's limit
 * included), at least 1. */
int get_nprocs(void)
{
    for (size_t size = sizeof(cpu_set_t); size <= 1 << 20; size *= 2) {
        cpu_set_t *set = malloc(size);
        if (set == NULL) break;
        long r = mc_sys(SYS_sched_getaffinity, 0, (long)size, (long)set, 0);
        if (r > 0) {
            int count = CPU_COUNT_S((size_t)r, set);
            free(set);
            return count > 0 ? count : 1;
        }
        free(set);
        if (mc_error_of(r) != EINVAL) break;   /* EINVAL: more processors than the set holds */
    }
    return 1;
}

/* The processors the system has: Linux lists them in /sys/devices/system/cpu/present as ranges
 * ("0-3,8"); where that cannot be read (another host), the processors this program can use. */
int get_nprocs_conf(void)
{
    int fd = open("/sys/devices/system/cpu/present", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        char text[256];
        ssize_t n = read(fd, text, sizeof text - 1);
        close(fd);
        if (n > 0) {
            text[n] = '\0';
            int count = 0;
            char *p = text;
            while (*p >= '0' && *p <= '9') {
                long first = strtol(p, &p, 10), last = first;
                if (*p == '-') last = strtol(p + 1, &p, 10);
                if (last >= first) count += (int)(last - first + 1);
                if (*p != ',') break;
                p++;
            }
            int usable = get_nprocs();
            if (count > 0) return count > usable ? count : usable;
        }
    }
    return get_nprocs();
}

long get_phys_pages(void)
{
    struct sysinfo info;
    if (sysinfo(&info) < 0) return -1;
    return (long)((unsigned long long)info.totalram * info.mem_unit / 4096);
}

long get_avphys_pages(void)
{
    struct sysinfo info;
    if (sysinfo(&info) < 0) return -1;
    return (long)((unsigned long long)info.freeram * info.mem_unit / 4096);
}
