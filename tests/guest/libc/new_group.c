/* new_group (a host program): runs COMMAND [ARGS...] in a process group of its own, in place (exec: the same process
 * id). Its parent stays in another group of the same session, so the new group is not orphaned and the terminal stop
 * signals stop it, as they stop a shell's job, wherever the tests run (in an orphaned group, Linux discards them). */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    if (setpgid(0, 0) != 0) perror("setpgid");
    execvp(argv[1], argv + 1);
    perror(argv[1]);
    return 127;
}
