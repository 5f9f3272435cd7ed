/* environment: environ and getenv from the start block - in the program's constructors too, which run before
 * main (C++ static objects read the environment there) - setenv/unsetenv, and the clocks. Expects
 * MC_TEST_VALUE=hello world in its environment. */
#define _GNU_SOURCE   /* secure_getenv, as glibc asks */
#include "check.h"
#include <errno.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

extern char **environ;
extern char *program_invocation_short_name;

static const char *value_in_constructor, *name_in_constructor;
__attribute__((constructor)) static void before_main(void)
{
    value_in_constructor = getenv("MC_TEST_VALUE");
    name_in_constructor = program_invocation_short_name;
    setenv("MC_TEST_FROM_CONSTRUCTOR", "set", 1);   /* main sees what a constructor set */
}

int main(int argc, char **argv)
{
    CHECK(value_in_constructor && strcmp(value_in_constructor, "hello world") == 0);
    CHECK(name_in_constructor && strcmp(name_in_constructor, "environment") == 0);
    CHECK(getenv("MC_TEST_FROM_CONSTRUCTOR") && strcmp(getenv("MC_TEST_FROM_CONSTRUCTOR"), "set") == 0);
    CHECK(argc == 3 && strcmp(argv[1], "one") == 0 && strcmp(argv[2], "two words") == 0 && argv[3] == NULL);
    const char *value = getenv("MC_TEST_VALUE");
    CHECK(value && strcmp(value, "hello world") == 0);
    int found = 0;
    for (char **e = environ; *e; e++) if (strcmp(*e, "MC_TEST_VALUE=hello world") == 0) found = 1;
    CHECK(found);
    CHECK(getenv("MC_TEST_MISSING") == NULL);
    CHECK(setenv("MC_TEST_NEW", "42", 0) == 0 && strcmp(getenv("MC_TEST_NEW"), "42") == 0);
    CHECK(setenv("MC_TEST_NEW", "43", 0) == 0 && strcmp(getenv("MC_TEST_NEW"), "42") == 0);
    CHECK(setenv("MC_TEST_NEW", "44", 1) == 0 && strcmp(getenv("MC_TEST_NEW"), "44") == 0);
    CHECK(unsetenv("MC_TEST_NEW") == 0 && getenv("MC_TEST_NEW") == NULL);
    /* A name that is missing, empty or holds '=' is EINVAL, for both. */
    errno = 0;
    CHECK(setenv("", "x", 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(setenv("A=B", "x", 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(setenv(NULL, "x", 1) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(unsetenv("") == -1 && errno == EINVAL);
    errno = 0;
    CHECK(unsetenv(NULL) == -1 && errno == EINVAL);

    /* putenv puts the string itself in the environment; "NAME" alone removes NAME. */
    static char entry[] = "MC_PUT=one";
    CHECK(putenv(entry) == 0 && strcmp(getenv("MC_PUT"), "one") == 0);
    entry[7] = 't';
    CHECK(strcmp(getenv("MC_PUT"), "tne") == 0);
    int in_environ = 0;
    for (char **e = environ; *e; e++) in_environ |= *e == entry;
    CHECK(in_environ);
    static char removal[] = "MC_PUT";
    CHECK(putenv(removal) == 0 && getenv("MC_PUT") == NULL);
    CHECK(strcmp(secure_getenv("MC_TEST_VALUE"), "hello world") == 0);


    time_t now = time(NULL);
    CHECK(now > 1700000000);   /* after November 2023 */
    struct timespec rt, mono1, mono2, cpu;
    CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0 && rt.tv_sec >= now - 1 && rt.tv_sec <= now + 1);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &mono1) == 0);
    struct timespec nap = { 0, 50 * 1000 * 1000 };
    CHECK(nanosleep(&nap, NULL) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &mono2) == 0);
    long elapsed_ms = (mono2.tv_sec - mono1.tv_sec) * 1000 + (mono2.tv_nsec - mono1.tv_nsec) / 1000000;
    CHECK(elapsed_ms >= 49 && elapsed_ms < 5000);
    CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0);
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= now - 1);
    CHECK(usleep(1000) == 0);
    CHECK(sleep(0) == 0);
    clock_t c = clock();
    CHECK(c != (clock_t)-1);

    struct tm tm;
    time_t fixed = 86400 * 365;   /* 1971-01-01 00:00:00 UTC */
    CHECK(gmtime_r(&fixed, &tm) != NULL && tm.tm_year == 71 && tm.tm_mon == 0 && tm.tm_mday == 1);
    char text[64];
    CHECK(strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm) == 19);
    CHECK_STR(text, "1971-01-01 00:00:00");
    CHECK(mktime(&tm) != (time_t)-1);
    CHECK(getpid() > 0);
    /* Last, as it leaves the environment empty: a program may set environ itself, to an array of
     * its own or to NULL. */
    static char first[] = "MC_OWN=1";
    static char *own[] = { first, NULL };
    environ = own;
    CHECK(setenv("MC_ADDED", "2", 1) == 0 && strcmp(getenv("MC_OWN"), "1") == 0 && strcmp(getenv("MC_ADDED"), "2") == 0);
    CHECK(own[1] == NULL);   /* the program's array is left as it was */
    environ = NULL;
    CHECK(getenv("MC_OWN") == NULL && unsetenv("MC_OWN") == 0);
    CHECK(setenv("MC_AFTER_NULL", "3", 1) == 0 && strcmp(getenv("MC_AFTER_NULL"), "3") == 0);
    CHECK(clearenv() == 0 && getenv("MC_AFTER_NULL") == NULL && (environ == NULL || environ[0] == NULL));
    return CHECK_DONE();
}
