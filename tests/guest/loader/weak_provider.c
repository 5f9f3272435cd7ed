/* libweak_provider.so: satisfies libweak_ref.so's weak reference. */
int optional_present(void) { return 77; }
