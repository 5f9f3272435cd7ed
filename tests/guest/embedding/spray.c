/* spray.c - a guest that does to descriptors what would hurt a host sharing them: it says hello on
 * stdout, writes to and closes every number from 3 to 1023 it did not open, puts a file of its own
 * (argv[1]) on 0, 1 and 2, and ends through exit(), which closes its stdio. Its own descriptors are
 * all a host may see touched. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    printf("hello from spray\n");
    fflush(stdout);
    for (int fd = 3; fd < 1024; fd++) {
        if (write(fd, "GUEST", 5) < 0) continue;
        close(fd);
    }
    for (int fd = 3; fd < 1024; fd++) close(fd);
    if (argc > 1) {
        int own = open(argv[1], O_WRONLY | O_CREAT | O_APPEND, 0600);
        for (int fd = 0; fd <= 2; fd++) dup2(own, fd);
        close(own);
        printf("into the guest's own file\n");
    }
    return 0;
}
