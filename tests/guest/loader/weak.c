/* Weak definitions and weak references. Built twice: weak_first needs libweak_def.so before
 * libstrong_def.so, strong_first the other way round. As with ld.so, the first definition in
 * scope order wins, weak or not (LD_DYNAMIC_WEAK semantics are not used). */
#include "loader.h"
#include <stddef.h>

const char *pick(void);
extern int weak_value;
const char *weak_lib_asks_pick(void);
int weak_lib_reads_value(void);
const char *strong_lib_asks_pick(void);
int call_present(void);
int call_missing(void);
int missing_var_is_null(void);

/* Undefined weak references of the program itself (kept dynamic with -z dynamic-undefined-weak). */
extern int program_missing(void) __attribute__((weak));
extern int program_missing_var __attribute__((weak));

int main(void)
{
    say("program: pick %s, weak_value %d", pick(), weak_value);
    say("libweak_def: pick %s, weak_value %d", weak_lib_asks_pick(), weak_lib_reads_value());
    say("libstrong_def: pick %s", strong_lib_asks_pick());
    say("weak reference to a definition in scope: %d", call_present());
    say("weak reference to nothing: %d, variable null %d", call_missing(), missing_var_is_null());
    say("program weak references null: %d %d", program_missing == NULL, &program_missing_var == NULL);
    return 0;
}
