/* libgen.c - basename and dirname (POSIX versions: they may modify their argument). */
#include <libgen.h>
#include <string.h>

char *basename(char *path)
{
    static char dot[] = ".";
    if (!path || !*path) return dot;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') path[--n] = 0;
    char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

char *dirname(char *path)
{
    static char dot[] = ".";
    if (!path || !*path) return dot;
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    while (n > 0 && path[n - 1] != '/') n--;
    if (n == 0) return dot;
    while (n > 1 && path[n - 1] == '/') n--;
    path[n] = 0;
    return path;
}
