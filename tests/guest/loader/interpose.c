/* The global scope is the program, then its dependencies breadth-first:
 *   interpose -> libinter_a.so, libinter_b.so, libinter_x.so, libinter_y.so; libinter_x.so -> libinter_z.so
 * so the scope is interpose, a, b, x, y, z. */
#include "loader.h"

const char *a_asks_who(void);
const char *dup_name(void);
const char *b_asks_dup(void);
const char *bfs_name(void);
const char *x_asks_bfs(void);

/* Interposes libinter_a.so's who(), also for libinter_a.so's own call. */
const char *who(void) { return "program"; }

int main(void)
{
    say("program calls who: %s", who());
    say("libinter_a calls who: %s", a_asks_who());
    say("program calls dup_name: %s", dup_name());
    say("libinter_b calls dup_name: %s", b_asks_dup());
    say("program calls bfs_name: %s", bfs_name());
    say("libinter_z calls bfs_name: %s", x_asks_bfs());
    return 0;
}
