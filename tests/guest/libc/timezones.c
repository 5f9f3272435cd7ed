/* timezones: localtime by zone name as glibc has it - TZ=Region/City, TZ=:name, an absolute zone
 * file, abbreviations quoted in <> ("<+04>-4"), a POSIX rule that names no file, an empty TZ (UTC),
 * daylight saving time on both sides of a change, mktime back from local time, and tzname; glibc's
 * tm_gmtoff and tm_zone (gmtime's are GMT's, whatever the local zone), times before 1970, years
 * past tm_year's range (EOVERFLOW), and mktime normalizing a time a change skips or repeats. */
#include "check.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* 2024-01-15 12:00:00 and 2024-07-01 12:00:00 UTC */
#define WINTER ((time_t)1705320000)
#define SUMMER ((time_t)1719835200)

static void expect(const char *tz, time_t t, const char *want)
{
    if (tz) setenv("TZ", tz, 1);
    else unsetenv("TZ");
    tzset();
    struct tm tm;
    char got[64];
    CHECK(localtime_r(&t, &tm) != NULL);
    strftime(got, sizeof got, "%Y-%m-%d %H:%M %Z %z", &tm);
    if (strcmp(got, want) != 0) {
        check_failures++;
        fprintf(stderr, "TZ=%s: got \"%s\", want \"%s\"\n", tz ? tz : "(unset)", got, want);
    }
    CHECK(mktime(&tm) == t);   /* and back */
}

static const char *formatted(const struct tm *tm)
{
    static char text[96];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %z %Z", tm);
    return text;
}

static void fields_and_ranges(void)
{
    setenv("TZ", "America/New_York", 1);
    tzset();
    struct tm tm;
    time_t t = SUMMER;

    /* localtime's offset and zone, in the fields and in %z/%Z; gmtime's are UTC's. */
    CHECK(localtime_r(&t, &tm) != NULL && tm.tm_gmtoff == -4 * 3600 && strcmp(tm.tm_zone, "EDT") == 0);
    CHECK(gmtime_r(&t, &tm) != NULL && tm.tm_gmtoff == 0 && strcmp(tm.tm_zone, "GMT") == 0);
    CHECK_STR(formatted(&tm), "2024-07-01 12:00:00 +0000 GMT");

    /* Before 1970, standard and summer time as the zone's rule has them. */
    t = -1;
    CHECK(localtime_r(&t, &tm) != NULL && tm.tm_isdst == 0);
    CHECK_STR(formatted(&tm), "1969-12-31 18:59:59 -0500 EST");
    t = -15000000;   /* 1969-07-11 09:20 UTC */
    CHECK(localtime_r(&t, &tm) != NULL && tm.tm_isdst == 1);
    CHECK_STR(formatted(&tm), "1969-07-11 05:20:00 -0400 EDT");
    CHECK(mktime(&tm) == -15000000);

    /* A year tm_year cannot hold: NULL and EOVERFLOW, as glibc. */
    t = (time_t)INT64_C(0x1000000000000000);
    errno = 0;
    CHECK(gmtime_r(&t, &tm) == NULL && errno == EOVERFLOW);
    errno = 0;
    CHECK(localtime_r(&t, &tm) == NULL && errno == EOVERFLOW);
    t = (time_t)INT64_C(-67768040609740800);   /* gmtime's first second of tm_year INT_MIN ... */
    CHECK(gmtime_r(&t, &tm) != NULL && tm.tm_year == INT32_MIN);
    errno = 0;
    CHECK(localtime_r(&t, &tm) == NULL && errno == EOVERFLOW);   /* ... is New York's year before */

    /* mktime takes any year, and leaves the structure normalized to the local time of its result:
     * 02:30 on the day summer time starts does not exist (it is 03:30 EDT), and 01:30 on the day it
     * ends with tm_isdst -1 is taken as standard time. */
    struct tm far = { .tm_year = 20000, .tm_mday = 1, .tm_isdst = -1 };
    CHECK(mktime(&far) == (time_t)INT64_C(628930069200) && far.tm_wday == 1);
    struct tm skipped = { .tm_year = 124, .tm_mon = 2, .tm_mday = 10, .tm_hour = 2, .tm_min = 30 };
    CHECK(mktime(&skipped) == 1710055800);
    CHECK(skipped.tm_hour == 3 && skipped.tm_min == 30 && skipped.tm_isdst == 1 && strcmp(skipped.tm_zone, "EDT") == 0);
    struct tm repeated = { .tm_year = 124, .tm_mon = 10, .tm_mday = 3, .tm_hour = 1, .tm_min = 30, .tm_isdst = -1 };
    CHECK(mktime(&repeated) == 1730615400 && repeated.tm_hour == 1 && repeated.tm_isdst == 0);
    CHECK(repeated.tm_gmtoff == -5 * 3600);

    /* %Y has at least one digit: the year 0, and the year 1 (glibc's, not POSIX's 4 digits). */
    struct tm year0 = { .tm_year = -1900, .tm_mday = 1 };
    char text[32];
    strftime(text, sizeof text, "[%Y]", &year0);
    CHECK_STR(text, "[0]");
    year0.tm_year = -1899;
    strftime(text, sizeof text, "[%Y] [%4Y]", &year0);
    CHECK_STR(text, "[1] [0001]");
}

int main(void)
{
    expect("America/New_York", WINTER, "2024-01-15 07:00 EST -0500");
    expect("America/New_York", SUMMER, "2024-07-01 08:00 EDT -0400");
    expect(":Europe/Paris", WINTER, "2024-01-15 13:00 CET +0100");
    expect(":Europe/Paris", SUMMER, "2024-07-01 14:00 CEST +0200");
    expect("/usr/share/zoneinfo/Asia/Kolkata", SUMMER, "2024-07-01 17:30 IST +0530");
    expect("Asia/Dubai", SUMMER, "2024-07-01 16:00 +04 +0400");
    expect("Australia/Sydney", WINTER, "2024-01-15 23:00 AEDT +1100");   /* the southern summer */
    expect("Australia/Sydney", SUMMER, "2024-07-01 22:00 AEST +1000");
    expect("XYZ-3", SUMMER, "2024-07-01 15:00 XYZ +0300");               /* a rule, not a file */
    expect("UTC", SUMMER, "2024-07-01 12:00 UTC +0000");
    expect("", SUMMER, "2024-07-01 12:00 UTC +0000");   /* named as glibc names it */
    setenv("TZ", "Europe/Berlin", 1);
    tzset();
    CHECK_STR(tzname[0], "CET");
    CHECK_STR(tzname[1], "CEST");
    CHECK(timezone == -3600 && daylight == 1);
    fields_and_ranges();
    return CHECK_DONE();
}
