/* libunresolved.so: refers to a function that nothing defines (a shared object may link so). */
int nowhere_to_be_found(int);

int calls_nowhere(int x) { return nowhere_to_be_found(x) + 1; }
