/* Calls the host's libm (--host-lib libm.so.6): the argument comes from the command line, so gcc
 * cannot fold the calls at compile time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    double x = argc > 1 ? strtod(argv[1], NULL) : 0.0;
    printf("cos(%g) = %.6f\n", x, cos(x));
    printf("pow(%g, 3) = %.3f\n", x, pow(x, 3.0));
    printf("atan2(1, %g) = %.6f\n", x, atan2(1.0, x));
    fflush(stdout);
    return (int)floor(x * 10);
}
