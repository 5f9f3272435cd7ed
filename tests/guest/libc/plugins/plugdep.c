/* libplugdep.so: a dependency of the plug-in, loaded with it. */
int dep_twice(int x) { return 2 * x; }
