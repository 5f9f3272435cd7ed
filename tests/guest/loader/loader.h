/* loader.h - shared by the loader test guests: print one line through the C library (the SDK's; the
 * host's for hostlib.c) and flush at once, so that lines from different objects, initializers and
 * finalizers come out in the order they ran. */
#ifndef LOADER_TEST_H
#define LOADER_TEST_H

#include <stdarg.h>
#include <stdio.h>

__attribute__((format(printf, 1, 2))) static inline void say(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    putchar('\n');
    fflush(stdout);
}

#endif
