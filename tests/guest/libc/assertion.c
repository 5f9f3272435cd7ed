/* assertion: a failed assert() reports as glibc's does and aborts (status 134). */
#include <assert.h>

int main(int argc, char **argv)
{
    (void)argv;
    assert(argc == 2);
    return 0;
}
