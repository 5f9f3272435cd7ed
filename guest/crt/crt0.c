/* The start-up file: the executable's entry is called by the core as a normal function with the
 * start block; it calls main and returns its status, which becomes the exit status. */
#include <microcosm.h>

int main(int argc, char **argv, char **envp);

const struct mc_start *mc_start_info;

int _start(const struct mc_start *start)
{
    mc_start_info = start;
    return main((int)start->argc, start->argv, start->envp);
}
