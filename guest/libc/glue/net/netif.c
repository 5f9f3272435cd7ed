/* netif.c - network interface names and indexes (net/if.h), as Linux lists them in /sys/class/net
 * (each interface's directory has its ifindex). */
#include "libc_internal.h"
#include <dirent.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned int read_index(const char *name)
{
    char path[64 + IF_NAMESIZE];
    if (strlen(name) >= IF_NAMESIZE || strchr(name, '/') || name[0] == '.') return 0;
    snprintf(path, sizeof path, "/sys/class/net/%s/ifindex", name);
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    unsigned int index = 0;
    if (fscanf(f, "%u", &index) != 1) index = 0;
    fclose(f);
    return index;
}

unsigned int if_nametoindex(const char *ifname)
{
    unsigned int index = read_index(ifname);
    if (index == 0) errno = ENODEV;
    return index;
}

struct if_nameindex *if_nameindex(void)
{
    DIR *d = opendir("/sys/class/net");
    if (!d) return NULL;
    size_t count = 0, cap = 8;
    struct if_nameindex *list = malloc(cap * sizeof *list);
    struct dirent *e;
    while (list && (e = readdir(d)) != NULL) {
        unsigned int index = read_index(e->d_name);
        if (index == 0) continue;
        if (count + 1 >= cap) {
            struct if_nameindex *bigger = realloc(list, (cap *= 2) * sizeof *list);
            if (!bigger) { if_freenameindex(list); list = NULL; break; }
            list = bigger;
        }
        list[count].if_index = index;
        list[count].if_name = strdup(e->d_name);
        list[++count] = (struct if_nameindex){ 0, NULL };
        if (!list[count - 1].if_name) { if_freenameindex(list); list = NULL; }
    }
    closedir(d);
    if (list && count == 0) list[0] = (struct if_nameindex){ 0, NULL };
    if (!list) errno = ENOBUFS;
    return list;
}

void if_freenameindex(struct if_nameindex *ptr)
{
    if (!ptr) return;
    for (struct if_nameindex *p = ptr; p->if_name; p++) free(p->if_name);
    free(ptr);
}

char *if_indextoname(unsigned int ifindex, char *ifname)
{
    struct if_nameindex *list = if_nameindex();
    char *result = NULL;
    for (struct if_nameindex *p = list; p && p->if_name; p++) {
        if (p->if_index == ifindex) {
            strcpy(ifname, p->if_name);
            result = ifname;
            break;
        }
    }
    if_freenameindex(list);
    if (!result) errno = ENXIO;
    return result;
}
