/* libgone.so: built where no search path finds it, so that needs_gone's dependency is missing. */
int gone_value(void) { return 3; }
