/* microcosm-modules.so: its dependencies are the modules; it initializes last. */
void modc_log(char who);

__attribute__((constructor)) static void start(void) { modc_log('R'); }
