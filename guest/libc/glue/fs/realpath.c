/* realpath.c - the canonical absolute path of a file: every symbolic link followed, "." and ".."
 * removed, one component at a time (lstat, readlink), as Linux's realpath(3) resolves it. The result
 * holds only real directories, so ".." simply drops its last component. */
#include "libc_internal.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 40   /* Linux's limit on links followed in one lookup (ELOOP) */

/* Removes the last component of an absolute path ("/a/b" -> "/a", "/a" -> "/"). */
static size_t drop_last(char *path, size_t length)
{
    while (length > 1 && path[length - 1] != '/') length--;
    if (length > 1) length--;   /* the slash before it, unless it is the root's */
    path[length] = '\0';
    return length;
}

char *realpath(const char *restrict path, char *restrict resolved)
{
    if (path == NULL) { errno = EINVAL; return NULL; }
    if (path[0] == '\0') { errno = ENOENT; return NULL; }

    char pending[PATH_MAX];   /* what is left to resolve */
    char out[PATH_MAX];       /* the resolved prefix: absolute, no links, no "." or ".." */
    size_t pending_length = strlen(path);
    if (pending_length >= sizeof pending) { errno = ENAMETOOLONG; return NULL; }
    memcpy(pending, path, pending_length + 1);

    size_t length;
    if (pending[0] == '/') {
        strcpy(out, "/");
        length = 1;
    } else {
        if (getcwd(out, sizeof out) == NULL) return NULL;
        length = strlen(out);
    }

    int links = 0;
    size_t at = 0;
    while (pending[at] != '\0') {
        while (pending[at] == '/') at++;
        if (pending[at] == '\0') break;
        size_t end = at;
        while (pending[end] != '\0' && pending[end] != '/') end++;
        size_t name_length = end - at;
        int more = pending[end] != '\0';   /* a slash follows: this must be a directory */

        if (name_length == 1 && pending[at] == '.') { at = end; continue; }
        if (name_length == 2 && pending[at] == '.' && pending[at + 1] == '.') {
            length = drop_last(out, length);
            at = end;
            continue;
        }
        size_t before = length;
        if (length + (length > 1) + name_length >= sizeof out) { errno = ENAMETOOLONG; return NULL; }
        if (length > 1) out[length++] = '/';
        memcpy(out + length, pending + at, name_length);
        length += name_length;
        out[length] = '\0';

        struct stat st;
        if (lstat(out, &st) < 0) return NULL;
        if (S_ISLNK(st.st_mode)) {
            if (++links > MAX_LINKS) { errno = ELOOP; return NULL; }
            char target[PATH_MAX];
            ssize_t n = readlink(out, target, sizeof target - 1);
            if (n < 0) return NULL;
            if (n == 0) { errno = ENOENT; return NULL; }   /* an empty link leads nowhere */
            target[n] = '\0';
            /* The link's target takes the link's place in what is left to resolve. */
            size_t rest = strlen(pending + end);
            if ((size_t)n + rest >= sizeof pending) { errno = ENAMETOOLONG; return NULL; }
            memmove(pending + n, pending + end, rest + 1);
            memcpy(pending, target, (size_t)n);
            at = 0;
            if (target[0] == '/') {
                strcpy(out, "/");
                length = 1;
            } else {
                length = before;
                out[length] = '\0';
            }
            continue;
        }
        if (more && !S_ISDIR(st.st_mode)) { errno = ENOTDIR; return NULL; }
        at = end;
    }

    if (resolved == NULL) {
        char *copy = strdup(out);
        if (copy == NULL) errno = ENOMEM;
        return copy;
    }
    memcpy(resolved, out, length + 1);
    return resolved;
}
