/* Depends on libgone.so, which is not on any search path at run time. */
int gone_value(void);

int main(void) { return gone_value(); }
