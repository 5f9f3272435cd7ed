/* locales.c - which locales setlocale accepts, as glibc: C and POSIX, the built-in C.UTF-8, and only
 * locales the host has installed; a name no host has fails and leaves the locale as it was. */
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

int main(void)
{
    CHECK_STR(setlocale(LC_ALL, "POSIX"), "C");
    CHECK(setlocale(LC_ALL, "C.UTF-8") != NULL && MB_CUR_MAX == 6);
    CHECK_STR(nl_langinfo(CODESET), "UTF-8");
    CHECK(setlocale(LC_ALL, "C.utf8") != NULL);
    /* Well-formed names that no host has: refused, and the locale stays C.utf8. */
    CHECK(setlocale(LC_ALL, "xx_YY.UTF-8") == NULL);
    CHECK(setlocale(LC_CTYPE, "qq_QQ") == NULL);
    CHECK(setlocale(LC_ALL, "../../etc/passwd") == NULL);
    CHECK(MB_CUR_MAX == 6);
    CHECK_STR(setlocale(LC_ALL, "C"), "C");
    CHECK(MB_CUR_MAX == 1);
    return CHECK_DONE();
}
