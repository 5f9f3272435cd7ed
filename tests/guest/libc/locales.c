/* locales.c - which locales setlocale accepts, as glibc: C and POSIX, the built-in C.UTF-8, and only
 * locales the host has installed; a name no host has fails and leaves the locale as it was. And a thread's own
 * locale (uselocale): what uselocale(NULL) answers, what its multibyte functions use, other threads unaffected. */
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "check.h"

static locale_t utf8;

/* The bytes of U+00E9 ('é' in UTF-8): one character in a UTF-8 locale, an error in the C locale's ASCII. */
static int decodes_e_acute(void)
{
    wchar_t w = 0;
    mbstate_t state;
    memset(&state, 0, sizeof state);
    return mbrtowc(&w, "\xc3\xa9", 2, &state) == 2 && w == 0xe9;
}

static void *other_thread(void *arg)
{
    (void)arg;
    CHECK(uselocale(NULL) == LC_GLOBAL_LOCALE);   /* the main thread's choice is its own */
    CHECK(MB_CUR_MAX == 1 && !decodes_e_acute());
    return NULL;
}

static void thread_locales(void)
{
    utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    CHECK(utf8 != (locale_t)0);
    CHECK(uselocale(NULL) == LC_GLOBAL_LOCALE);
    CHECK(uselocale(utf8) == LC_GLOBAL_LOCALE);   /* the one before */
    CHECK(uselocale(NULL) == utf8);
    CHECK(MB_CUR_MAX == 6 && decodes_e_acute());
    pthread_t t;
    CHECK(pthread_create(&t, NULL, other_thread, NULL) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(uselocale(LC_GLOBAL_LOCALE) == utf8);
    CHECK(uselocale(NULL) == LC_GLOBAL_LOCALE);
    CHECK(MB_CUR_MAX == 1 && !decodes_e_acute());
    freelocale(utf8);
}

int main(void)
{
    thread_locales();
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
