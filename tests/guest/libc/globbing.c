/* globbing: POSIX's glob - sorted matches, GLOB_NOMATCH when nothing matches (the pattern itself
 * with GLOB_NOCHECK), a backslash quoting a special character unless GLOB_NOESCAPE, GLOB_MARK, and
 * GLOB_APPEND. Runs in the directory its argument names. */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv)
{
    if (argc > 1 && chdir(argv[1]) != 0) return 100;
    const char *files[] = { "b.txt", "a.txt", "a*b", "c.log" };
    /* Windows cannot hold a '*' in a name: there "a*b" is not made, and the quoted pattern matches nothing. */
    int windows = on_windows();
    for (int i = 0; i < 4; i++) {
        int fd = open(files[i], O_CREAT | O_WRONLY, 0644);
        CHECK(fd >= 0 || (windows && i == 2 && errno == ENOENT));
        if (fd >= 0) close(fd);
    }
    CHECK(mkdir("dir", 0755) == 0);

    glob_t g;
    CHECK(glob("*.txt", 0, NULL, &g) == 0 && g.gl_pathc == 2 && strcmp(g.gl_pathv[0], "a.txt") == 0 &&
          strcmp(g.gl_pathv[1], "b.txt") == 0 && g.gl_pathv[2] == NULL);
    CHECK(glob("*.log", GLOB_APPEND, NULL, &g) == 0 && g.gl_pathc == 3 && strcmp(g.gl_pathv[2], "c.log") == 0);
    globfree(&g);
    CHECK(glob("*.none", 0, NULL, &g) == GLOB_NOMATCH && g.gl_pathc == 0);
    globfree(&g);
    CHECK(glob("*.none", GLOB_NOCHECK, NULL, &g) == 0 && g.gl_pathc == 1 && strcmp(g.gl_pathv[0], "*.none") == 0);
    globfree(&g);
    if (windows)
        CHECK(glob("a\\*b", 0, NULL, &g) == GLOB_NOMATCH);
    else
        CHECK(glob("a\\*b", 0, NULL, &g) == 0 && g.gl_pathc == 1 && strcmp(g.gl_pathv[0], "a*b") == 0);
    globfree(&g);
    CHECK(glob("a\\*b", GLOB_NOESCAPE, NULL, &g) == GLOB_NOMATCH);
    globfree(&g);
    CHECK(glob("di*", GLOB_MARK, NULL, &g) == 0 && g.gl_pathc == 1 && strcmp(g.gl_pathv[0], "dir/") == 0);
    globfree(&g);
    CHECK(GLOB_NOSPACE != 0 && GLOB_ABORTED != 0 && GLOB_NOMATCH != 0);

    for (int i = 0; i < 4; i++) CHECK(unlink(files[i]) == 0 || (windows && i == 2));
    CHECK(rmdir("dir") == 0);
    return CHECK_DONE();
}
