/* greet.c - libgreet.so: a shared library that the greeter program loads beside itself ($ORIGIN). */
#include "greet.h"
#include <stdio.h>

int greet_count;

const char *greet_language(void) { return "English"; }

int greet(const char *name, char *out, unsigned long size)
{
    greet_count++;
    return snprintf(out, size, "Hello, %s!", name);
}
