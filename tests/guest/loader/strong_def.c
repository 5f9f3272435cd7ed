/* libstrong_def.so: strong definitions of the same pick() and weak_value. */
const char *pick(void) { return "strong"; }
int weak_value = 2;
const char *strong_lib_asks_pick(void) { return pick(); }
