/* Module symbols are not visible to a program that does not depend on the module. */
#include <stdio.h>

extern int modb_value(void) __attribute__((weak));
extern void modc_log(char) __attribute__((weak));

int main(void)
{
    printf("modb_value %s, modc_log %s\n", modb_value ? "visible" : "hidden", modc_log ? "visible" : "hidden");
    return 0;
}
