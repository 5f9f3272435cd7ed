/* locale.c - which locales exist: the host's, as glibc finds them. newlib's setlocale accepted any
 * well-formed name ("xx_YY", "ru_RU.KOI8-R"), so programs and test suites that probe for a locale
 * ran their tests for it where glibc on the same host would have said it is not there. newlib's
 * __loadlocale asks here for every name but "C" and "POSIX":
 *
 * - C.UTF-8 (C.utf8) is built in, as in glibc 2.35 and later;
 * - another name exists if the host has it: glibc's /usr/lib/locale/NAME/ (or the name with its
 *   codeset normalized, "en_US.UTF-8" -> "en_US.utf8"), a name in glibc's locale-archive, or the
 *   BSDs' and macOS's /usr/share/locale/NAME/.
 *
 * Only the name is taken from the host: newlib's own tables give the character set's behavior. */
#include "libc_internal.h"
#include <ctype.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ARCHIVE "/usr/lib/locale/locale-archive"

/* glibc's normalization of a codeset: letters lowercased, digits kept, everything else dropped
 * ("UTF-8" -> "utf8", "ISO-8859-1" -> "iso88591"). */
static void normalize(const char *name, char *out, size_t size)
{
    const char *dot = strchr(name, '.');
    const char *at = strchr(name, '@');
    size_t n = 0;
    if (!dot || (at && at < dot)) {
        strncpy(out, name, size - 1);
        out[size - 1] = '\0';
        return;
    }
    for (const char *p = name; p <= dot && n + 1 < size; p++) out[n++] = *p;
    for (const char *p = dot + 1; *p && *p != '@' && n + 1 < size; p++)
        if (isalnum((unsigned char)*p)) out[n++] = (char)tolower((unsigned char)*p);
    if (at) for (const char *p = at; *p && n + 1 < size; p++) out[n++] = *p;
    out[n] = '\0';
}

static int has_ctype(const char *dir, const char *name)
{
    char path[512];
    struct stat st;
    if (strlen(dir) + strlen(name) + 16 > sizeof path) return 0;
    strcpy(path, dir);
    strcat(path, name);
    strcat(path, "/LC_CTYPE");
    return stat(path, &st) == 0;
}

/* Whether glibc's locale archive names it: its name table holds each name NUL-terminated. */
static int in_archive(const char *name, const char *normalized)
{
    int fd = open(ARCHIVE, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct stat st;
    int found = 0;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            const char *names[2] = { name, normalized };
            for (int i = 0; i < 2 && !found; i++) {
                char key[256];
                size_t len = strlen(names[i]);
                if (len + 2 > sizeof key) continue;
                key[0] = '\0';
                memcpy(key + 1, names[i], len + 1);   /* "\0NAME\0" */
                found = memmem(map, (size_t)st.st_size, key, len + 2) != NULL;
            }
            munmap(map, (size_t)st.st_size);
        }
    }
    close(fd);
    return found;
}

HIDDEN int __mc_locale_installed(const char *name)
{
    char normalized[256];
    if (strchr(name, '/') || name[0] == '.' || strlen(name) >= sizeof normalized) return 0;
    normalize(name, normalized, sizeof normalized);
    if (strcmp(normalized, "C.utf8") == 0) return 1;
    return has_ctype("/usr/lib/locale/", name) || has_ctype("/usr/lib/locale/", normalized) ||
           has_ctype("/usr/share/locale/", name) || in_archive(name, normalized);
}
