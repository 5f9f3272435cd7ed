/* libinter_a.so: defines who() (also defined by the program) and dup_name() (also defined by
 * libinter_b.so, later in the scope). Its own calls go through the global scope. */
const char *who(void) { return "libinter_a"; }
const char *dup_name(void) { return "libinter_a"; }
const char *a_asks_who(void) { return who(); }
