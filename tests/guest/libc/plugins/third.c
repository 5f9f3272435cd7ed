/* Opened after second.so (RTLD_GLOBAL): its reference to second_value binds there; it names no dependency. */
int second_value(void);
int third_value(void) { return second_value() * 6; }
