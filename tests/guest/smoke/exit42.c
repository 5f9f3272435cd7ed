/* The smallest guest: no C library, no host library; its status is the exit status. */
int main(void) { return 42; }
