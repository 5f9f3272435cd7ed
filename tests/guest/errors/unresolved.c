/* Depends on libunresolved.so (found through DT_RUNPATH $ORIGIN), whose reference cannot bind. */
int calls_nowhere(int x);

int main(void) { return calls_nowhere(1); }
