/* libtlsbench.so for tls.c: a variable reached from its own library's code (the general-dynamic model). */
__thread long in_library;

long library_bump(void)
{
    return ++in_library;
}
