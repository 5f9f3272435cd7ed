/* files: stdio and descriptor round trips, seeks, stat, rename/unlink, and directory listing.
 * argv[1] is a scratch directory that exists and is empty. */
#include "check.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    if (argc != 2) return 100;
    CHECK(chdir(argv[1]) == 0);
    char cwd[4096];
    CHECK(getcwd(cwd, sizeof cwd) != NULL);

    FILE *f = fopen("data.txt", "w+");
    CHECK(f != NULL);
    for (int i = 0; i < 1000; i++) fprintf(f, "line %04d\n", i);
    CHECK(ftell(f) == 10000);
    CHECK(fseek(f, 10 * 500, SEEK_SET) == 0);
    char line[64];
    CHECK(fgets(line, sizeof line, f) && strcmp(line, "line 0500\n") == 0);
    CHECK(fseek(f, -10, SEEK_END) == 0 && fgets(line, sizeof line, f) && strcmp(line, "line 0999\n") == 0);
    CHECK(fgets(line, sizeof line, f) == NULL && feof(f));
    rewind(f);
    CHECK(fputs("LINE", f) >= 0);
    CHECK(fclose(f) == 0);

    int fd = open("data.txt", O_RDWR);
    CHECK(fd >= 0);
    char raw[16] = { 0 };
    CHECK(read(fd, raw, 10) == 10 && memcmp(raw, "LINE 0000\n", 10) == 0);
    CHECK(lseek(fd, 9990, SEEK_SET) == 9990);
    CHECK(write(fd, "tail", 4) == 4);
    CHECK(pread(fd, raw, 4, 9990) == 4 && memcmp(raw, "tail", 4) == 0);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 10000 && S_ISREG(st.st_mode));
    CHECK(ftruncate(fd, 100) == 0 && fstat(fd, &st) == 0 && st.st_size == 100);
    CHECK(close(fd) == 0);
    CHECK(stat("data.txt", &st) == 0 && st.st_size == 100 && st.st_ino != 0);

    CHECK(open("missing.txt", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(fopen("missing.txt", "r") == NULL && errno == ENOENT);
    CHECK(open("data.txt", O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
    /* O_TMPFILE takes a mode as O_CREAT does (an unnamed file in the directory). A file system
     * without it says EOPNOTSUPP; the mode is what this checks. */
    fd = open(".", O_TMPFILE | O_RDWR, 0640);
    CHECK(fd >= 0 || errno == EOPNOTSUPP);
    if (fd >= 0) {
        CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0640 && S_ISREG(st.st_mode));
        CHECK(write(fd, "x", 1) == 1 && close(fd) == 0);
    }

    CHECK(mkdir("sub", 0755) == 0);
    CHECK(mkdir("sub", 0755) == -1 && errno == EEXIST);
    CHECK(stat("sub", &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(rename("data.txt", "sub/moved.txt") == 0);
    CHECK(access("data.txt", F_OK) == -1 && access("sub/moved.txt", R_OK | W_OK) == 0);
    for (int i = 0; i < 50; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/f%02d", i);
        FILE *g = fopen(name, "w");
        CHECK(g != NULL);
        if (g) fclose(g);
    }

    DIR *dir = opendir("sub");
    CHECK(dir != NULL);
    char *names[64];
    int count = 0, saw_dot = 0, saw_dir_type = 0;
    struct dirent *e;
    while (dir && (e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0) { saw_dot = 1; saw_dir_type = e->d_type == DT_DIR; continue; }
        if (strcmp(e->d_name, "..") == 0) continue;
        if (count < 64) names[count++] = strdup(e->d_name);
    }
    CHECK(saw_dot && saw_dir_type);
    CHECK(count == 51);
    qsort(names, count, sizeof names[0], compare_names);
    CHECK(count > 0 && strcmp(names[0], "f00") == 0 && strcmp(names[50], "moved.txt") == 0);
    if (dir) {
        rewinddir(dir);
        int again = 0;
        while (readdir(dir)) again++;
        CHECK(again == 53);
        CHECK(closedir(dir) == 0);
    }
    struct dirent **list;
    int n = scandir("sub", &list, NULL, alphasort);
    CHECK(n == 53 && strcmp(list[0]->d_name, ".") == 0 && strcmp(list[2]->d_name, "f00") == 0);
    for (int i = 0; i < n; i++) free(list[i]);
    if (n > 0) free(list);
    CHECK(opendir("nowhere") == NULL && errno == ENOENT);
    CHECK(opendir("sub/moved.txt") == NULL && errno == ENOTDIR);
    /* fdopendir checks its descriptor: a file's is ENOTDIR, a closed one EBADF; a directory's works. */
    int file_fd = open("sub/moved.txt", O_RDONLY);
    CHECK(file_fd >= 0 && fdopendir(file_fd) == NULL && errno == ENOTDIR);
    close(file_fd);
    CHECK(fdopendir(file_fd) == NULL && errno == EBADF);
    DIR *by_fd = fdopendir(open("sub", O_RDONLY | O_DIRECTORY));
    CHECK(by_fd != NULL && readdir(by_fd) != NULL);
    if (by_fd) closedir(by_fd);

    for (int i = 0; i < 50; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/f%02d", i);
        CHECK(unlink(name) == 0);
    }
    CHECK(unlink("sub/moved.txt") == 0);
    CHECK(remove("sub") == 0);   /* an empty directory, as glibc's remove removes it */
    CHECK(remove("sub") == -1 && errno == ENOENT);
    CHECK(mkdir("full", 0755) == 0 && mkdir("full/inner", 0755) == 0);
    CHECK(remove("full") == -1 && errno == ENOTEMPTY);
    CHECK(remove("full/inner") == 0 && remove("full") == 0);
    for (int i = 0; i < count; i++) free(names[i]);
    return CHECK_DONE();
}
