/* libinter_x.so: needed first by the program; it needs libinter_z.so, one level deeper. */
const char *z_asks_bfs(void);
const char *x_asks_bfs(void) { return z_asks_bfs(); }
