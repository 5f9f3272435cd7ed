/* formats: printf and scanf conversions, floating point included, strtod, and qsort. */
#include "check.h"
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <wchar.h>

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void)
{
    char buf[256];

    snprintf(buf, sizeof buf, "%d|%5d|%-5d|%05d|%+d|%x|%X|%#o|%c|%s|%.3s|%%", 42, 42, 42, 42, 42, 255, 255, 8, 'z', "str", "truncate");
    CHECK_STR(buf, "42|   42|42   |00042|+42|ff|FF|010|z|str|tru|%");
    snprintf(buf, sizeof buf, "%ld|%lld|%lu|%zu|%" PRId64 "|%" PRIu64 "|%jd", -1L, -123456789012345LL, 4000000000UL, (size_t)7, INT64_MIN, UINT64_MAX, (intmax_t)-5);
    CHECK_STR(buf, "-1|-123456789012345|4000000000|7|-9223372036854775808|18446744073709551615|-5");
    snprintf(buf, sizeof buf, "%f|%.2f|%e|%.3E|%g|%g|%g|%a", 3.14159, 2.675, 12345.678, 0.000123, 100000.0, 1e-5, 0.5, 1.0);
    CHECK_STR(buf, "3.141590|2.67|1.234568e+04|1.230E-04|100000|1e-05|0.5|0x1p+0");
    snprintf(buf, sizeof buf, "%8.3f|%-8.2f|%+.1e|%Lf", -1.5, 2.25, 31415.9, (long double)1.25);
    CHECK_STR(buf, "  -1.500|2.25    |+3.1e+04|1.250000");
    snprintf(buf, sizeof buf, "%f|%f|%f", INFINITY, -INFINITY, NAN);
    CHECK_STR(buf, "inf|-inf|nan");
    snprintf(buf, sizeof buf, "%.17g|%.0f|%.10f", 0.1, 1e20, 1.0 / 3.0);
    CHECK_STR(buf, "0.10000000000000001|100000000000000000000|0.3333333333");
    /* A double's every digit, as glibc prints them (the exact binary value), at any precision; a
     * long double's too; and the same through the wide printf. */
    static char wide_buf[512];
    snprintf(wide_buf, sizeof wide_buf, "%.60f|%.0f|%.40e", 0.1, 1e100, 1.0 / 3.0);
    CHECK_STR(wide_buf, "0.100000000000000005551115123125782702118158340454101562500000|"
                        "10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104|"
                        "3.3333333333333331482961625624739099293947e-01");
    snprintf(wide_buf, sizeof wide_buf, "%.70g|%.30Lf", 5e-324, 0.1L);
    CHECK_STR(wide_buf, "4.940656458412465441765687928682213723650598026143247644255856825006755e-324|"
                        "0.100000000000000000001355252716");
    wchar_t wide[96];
    swprintf(wide, 96, L"%.50f", 0.1);
    CHECK(wcscmp(wide, L"0.10000000000000000555111512312578270211815834045410") == 0);
    CHECK(snprintf(buf, 4, "%s", "abcdef") == 6 && strcmp(buf, "abc") == 0);
    /* Positional arguments (POSIX; translated messages reorder them). */
    snprintf(buf, sizeof buf, "%2$s %1$s", "world", "hello");
    CHECK_STR(buf, "hello world");
    snprintf(buf, sizeof buf, "%3$d|%1$.*2$f|%1$g", 2.5, 2, 7);
    CHECK_STR(buf, "7|2.50|2.5");

    int i1, i2; unsigned u; double d; float f; char word[32]; long l; char c;
    CHECK(sscanf("12 -7 0x1F 2.5e3 1.25 hello 99999999999 Q", "%d %d %x %lf %f %31s %ld %c", &i1, &i2, &u, &d, &f, word, &l, &c) == 8);
    CHECK(i1 == 12 && i2 == -7 && u == 31 && d == 2500.0 && f == 1.25f && strcmp(word, "hello") == 0 && l == 99999999999L && c == 'Q');
    CHECK(sscanf("key=value;rest", "%[^=]=%[^;]", word, buf) == 2 && strcmp(word, "key") == 0 && strcmp(buf, "value") == 0);
    CHECK(sscanf("4 5", "%2$d %1$d", &i1, &i2) == 2 && i1 == 5 && i2 == 4);
    CHECK(sscanf("abc", "%d", &i1) == 0);
    CHECK(sscanf("", "%d", &i1) == EOF);

    char *end;
    CHECK(strtod("3.25abc", &end) == 3.25 && strcmp(end, "abc") == 0);
    CHECK(strtod("-1e-3", NULL) == -0.001);
    CHECK(strtod("0x1.8p1", NULL) == 3.0);
    CHECK(isinf(strtod("inf", NULL)) && isnan(strtod("nan", NULL)));
    CHECK(strtod("1e400", NULL) == HUGE_VAL);
    CHECK(strtod("2.2250738585072014e-308", NULL) == 2.2250738585072014e-308);
    CHECK(strtol("  -0x7f", &end, 0) == -127 && *end == 0);
    /* "0x" with no hex digit after it is the number 0, ending at the 'x' (C's rule). */
    CHECK(strtol("0x", &end, 16) == 0 && *end == 'x');
    CHECK(strtoul("0xz", &end, 0) == 0 && *end == 'x');
    CHECK(strtoll("0x1g", &end, 0) == 1 && *end == 'g');
    wchar_t *wend;
    CHECK(wcstol(L"0x", &wend, 0) == 0 && *wend == L'x');
    CHECK(strtoul("777", NULL, 8) == 511);
    CHECK(strtoll("9223372036854775807", NULL, 10) == INT64_MAX);
    CHECK(atoi("  42x") == 42);
    CHECK(fabs(sqrt(2.0) - 1.4142135623730951) < 1e-15 && fabs(sin(M_PI / 2) - 1.0) < 1e-15);
    CHECK(fabs(pow(2.0, 0.5) - sqrt(2.0)) < 1e-15 && fabs(log(exp(3.0)) - 3.0) < 1e-14);
    CHECK(floor(-1.5) == -2.0 && ceil(-1.5) == -1.0 && fmod(7.5, 2.0) == 1.5);

    int numbers[1000];
    unsigned seed = 12345;
    for (int i = 0; i < 1000; i++) { seed = seed * 1103515245 + 12345; numbers[i] = (int)(seed >> 8) % 10000 - 5000; }
    qsort(numbers, 1000, sizeof numbers[0], compare_ints);
    int sorted = 1;
    for (int i = 1; i < 1000; i++) if (numbers[i - 1] > numbers[i]) sorted = 0;
    CHECK(sorted);
    const char *names[] = { "pear", "apple", "fig", "banana", "cherry" };
    qsort(names, 5, sizeof names[0], compare_strings);
    CHECK_STR(names[0], "apple");
    CHECK_STR(names[4], "pear");
    int key = numbers[500];
    CHECK(bsearch(&key, numbers, 1000, sizeof numbers[0], compare_ints) != NULL);
    /* exp, exp2, log, log2 and pow are the code glibc has: its results, errno on overflow,
     * underflow and poles, log2 exact at powers of two. */
    volatile double one = 1, three = 3, big = 1000, zero = 0, minus_one = -1;
    snprintf(buf, sizeof buf, "%.17g %.17g %.17g", exp(one), log(three), pow(three, 0.5));
    CHECK_STR(buf, "2.7182818284590451 1.0986122886681098 1.7320508075688772");
    int inexact = 0;
    for (int e = -1074; e <= 1023; e++) inexact += log2(ldexp(1.0, e)) != e;
    CHECK(inexact == 0);
    errno = 0;
    CHECK(exp(big) == HUGE_VAL && errno == ERANGE);
    errno = 0;
    CHECK(exp(-big) == 0 && errno == ERANGE);
    errno = 0;
    CHECK(pow(zero, -2.0) == HUGE_VAL && errno == ERANGE);
    errno = 0;
    CHECK(log(zero) == -HUGE_VAL && errno == ERANGE);
    errno = 0;
    CHECK(isnan(log(minus_one)) && errno == EDOM);
    CHECK(math_errhandling & MATH_ERREXCEPT);
    return CHECK_DONE();
}
