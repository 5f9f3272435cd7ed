/* libweak_def.so: weak definitions of pick() and weak_value. */
__attribute__((weak)) const char *pick(void) { return "weak"; }
__attribute__((weak)) int weak_value = 1;
const char *weak_lib_asks_pick(void) { return pick(); }
int weak_lib_reads_value(void) { return weak_value; }
