/* A program whose code reads thread-local storage through %fs directly (built with -mtls-direct-seg-refs, and
 * -nolibc, so that microcosm cc's own check at link time lets it through): the loader must refuse it. */
static __thread int counter;

int main(void) { return ++counter; }
