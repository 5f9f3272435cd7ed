/* Reading guest strings with the core's checked copy (module.h). */
#include <stdint.h>
#include <string.h>
#include "host.h"

#define PAGE 4096

intptr_t lx_string_prefix(char *to, const char *guest, size_t size)
{
    size_t used = 0;
    while (used + 1 < size) {
        uintptr_t at = (uintptr_t)guest + used;
        size_t chunk = PAGE - at % PAGE;
        if (chunk > size - 1 - used) chunk = size - 1 - used;
        if (lx_copy_in(to + used, (const void *)at, chunk) != 0) return -LINUX_EFAULT;
        const char *nul = memchr(to + used, '\0', chunk);
        if (nul) return (intptr_t)(nul - to);
        used += chunk;
    }
    to[used] = '\0';
    return (intptr_t)used;
}

intptr_t lx_string_dup(const char *guest, size_t max, char **out)
{
    size_t size = 256, used = 0;
    char *copy = NULL;
    for (;;) {
        char *grown = host_realloc(copy, size);
        if (grown == NULL) {
            host_free(copy);
            return -LINUX_ENOMEM;
        }
        copy = grown;
        /* Read on from where the last round stopped, a page at a time. */
        intptr_t length = lx_string_prefix(copy + used, guest + used, size - used);
        if (length < 0) {
            host_free(copy);
            return length;
        }
        if (used + (size_t)length < size - 1) {
            *out = copy;
            return (intptr_t)(used + (size_t)length);
        }
        used += (size_t)length;
        if (size >= max) {
            host_free(copy);
            return -LINUX_E2BIG;
        }
        size = size * 2 < max ? size * 2 : max;
    }
}
