/* greet.h - the interface of libgreet.so, a shared library of the "greeter" example's own. */
#ifndef GREET_H
#define GREET_H
const char *greet_language(void);
int greet(const char *name, char *out, unsigned long size);
extern int greet_count;
#endif
