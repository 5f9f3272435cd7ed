/* dso_handle.c - linked into every C++ program and shared library by `microcosm c++`, as gcc's crtbeginS.o is under
 * Linux: __dso_handle names the object a static object's destructor belongs to (the compiler passes its address to
 * __cxa_atexit and __cxa_thread_atexit), one per object, so it is hidden. Its value is only ever compared. */
void *__dso_handle __attribute__((visibility("hidden"))) = &__dso_handle;
