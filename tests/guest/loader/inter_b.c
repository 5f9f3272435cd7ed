/* libinter_b.so: its dup_name() is hidden by libinter_a.so's, which comes first in the scope. */
const char *dup_name(void) { return "libinter_b"; }
const char *b_asks_dup(void) { return dup_name(); }
