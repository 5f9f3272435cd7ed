/* libweak_ref.so: undefined weak references. optional_present is defined by libweak_provider.so
 * (in the scope at run time although this library does not need it); the others by nobody. */
#include <stddef.h>

extern int optional_present(void) __attribute__((weak));
extern int optional_missing(void) __attribute__((weak));
extern int optional_missing_var __attribute__((weak));

/* -1: the reference is null; otherwise what the function returns. */
int call_present(void) { return optional_present ? optional_present() : -1; }
int call_missing(void) { return optional_missing ? optional_missing() : -1; }
int missing_var_is_null(void) { return &optional_missing_var == NULL; }
