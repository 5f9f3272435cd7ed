/* libinter_y.so: needed second by the program, so it is ahead of libinter_z.so (a dependency
 * of the first) in breadth-first order; its bfs_name() wins. */
const char *bfs_name(void) { return "libinter_y"; }
