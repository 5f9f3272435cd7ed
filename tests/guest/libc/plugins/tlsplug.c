/* tlsplug: a plug-in the tls test program opens at run time, with thread-local variables of its own
 * (the general- and local-dynamic models): threads that started before it was opened see its initial values. */
__thread int plug_value = 9;
static __thread long plug_sum;
__thread int plug_array[1000] = { [999] = 99 };

int plug_get(void) { return plug_value; }
void plug_set(int value) { plug_value = value; }
int *plug_address(void) { return &plug_value; }
long plug_add(long n) { return plug_sum += n; }
int plug_last(void) { return plug_array[999]; }
