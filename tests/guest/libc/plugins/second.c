/* A second plug-in: opened with RTLD_GLOBAL, its symbols then bind the objects opened after it. */
int second_value(void) { return 7; }
