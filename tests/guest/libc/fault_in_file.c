/* fault_in_file: closes descriptors 4 to 20 and puts a file of its own at each (a program that tidies
 * and reuses low numbers; 3 is left to the .NET runtime's /dev/urandom), then faults: microcosm's
 * fault report must reach its stderr, not the file. */
#include <fcntl.h>
#include <unistd.h>

int main(void)
{
    for (int fd = 4; fd <= 20; fd++) close(fd);
    int fd = open("out", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) return 1;
    for (int target = 4; target <= 20; target++)
        if (target != fd) dup2(fd, target);
    volatile int *nowhere = 0;
    *nowhere = 1;
    return 0;
}
