/* libinter_z.so: defines bfs_name() too, but it is found after libinter_y.so breadth-first
 * (and would be found first depth-first). */
const char *bfs_name(void) { return "libinter_z"; }
const char *z_asks_bfs(void) { return bfs_name(); }
