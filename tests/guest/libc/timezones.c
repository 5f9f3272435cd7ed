/* timezones: localtime by zone name as glibc has it - TZ=Region/City, TZ=:name, an absolute zone
 * file, abbreviations quoted in <> ("<+04>-4"), a POSIX rule that names no file, an empty TZ (UTC),
 * daylight saving time on both sides of a change, mktime back from local time, and tzname. */
#include "check.h"
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
    expect("", SUMMER, "2024-07-01 12:00 GMT +0000");
    setenv("TZ", "Europe/Berlin", 1);
    tzset();
    CHECK_STR(tzname[0], "CET");
    CHECK_STR(tzname[1], "CEST");
    CHECK(timezone == -3600 && daylight == 1);
    return CHECK_DONE();
}
