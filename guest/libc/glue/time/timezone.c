/* timezone.c - time zones by name, as glibc has them: TZ=Europe/Paris (or :Europe/Paris, or an
 * absolute path), and without TZ the system's zone, /etc/localtime. newlib understands only POSIX
 * rules ("CET-1CEST,M3.5.0,M10.5.0/3"); every TZif file of version 2 or later (RFC 8536) ends with
 * the rule that describes its zone from the last transition on, so newlib's tzset (patched to ask
 * here first) gets that. Past changes of a zone's rules (before its current rule began) are not
 * applied: times of earlier years are converted with today's rule.
 *
 * As glibc does, a TZ value is first tried as a zone file (under TZDIR, else /usr/share/zoneinfo),
 * then taken as a POSIX rule. No TZ and no readable /etc/localtime is UTC, as is an empty TZ. */
#include "libc_internal.h"
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RULE_MAX 128
#define FILE_MAX (256 * 1024)   /* real TZif files are a few kilobytes */

/* The rule at the end of a TZif file of version 2 or later: the text between its last two newlines. */
static int rule_of_file(const char *path, char *rule)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char *data = malloc(FILE_MAX);
    ssize_t length = 0, n;
    while (data && length < FILE_MAX && (n = read(fd, data + length, FILE_MAX - length)) > 0) length += n;
    close(fd);
    int found = 0;
    if (data && length > 6 && memcmp(data, "TZif", 4) == 0 && data[4] >= '2' && data[length - 1] == '\n') {
        ssize_t start = length - 2;
        while (start >= 0 && data[start] != '\n') start--;
        size_t size = (size_t)(length - 1 - (start + 1));
        if (start >= 0 && size > 0 && size < RULE_MAX) {
            memcpy(rule, data + start + 1, size);
            rule[size] = '\0';
            found = 1;
        }
    }
    free(data);
    return found;
}

/* A zone name names a file under the zone directory; ".." would leave it (glibc refuses that too). */
static int zone_path(const char *name, char *path)
{
    if (name[0] == '/') return strlen(name) < PATH_MAX ? (strcpy(path, name), 1) : 0;
    if (!*name || strstr(name, "..")) return 0;
    const char *dir = getenv("TZDIR");
    if (!dir || !*dir) dir = "/usr/share/zoneinfo";
    size_t d = strlen(dir), n = strlen(name);
    if (d + 1 + n >= PATH_MAX) return 0;
    memcpy(path, dir, d);
    path[d] = '/';
    memcpy(path + d + 1, name, n + 1);
    return 1;
}

static struct __mc_lock cache_lock;
static char cached_tz[PATH_MAX + 2];   /* the TZ value the cache is for */
static int cached_unset = -1;          /* 1: for an unset TZ; 0: for cached_tz; -1: empty */
static const char *cached_answer;
/* UTC by the name glibc gives it (newlib's own UTC, for no rule at all, is named GMT). */
static const char utc_rule[] = "UTC0";
static char cached_rule[RULE_MAX];

/* What newlib's tzset should parse for this TZ value. Called by every localtime. */
HIDDEN const char *__mc_tz_rule(const char *tz)
{
    if (tz && strlen(tz) > PATH_MAX) return tz;
    __mc_lock_acquire(&cache_lock);
    if (cached_unset == (tz == NULL) && (tz == NULL || strcmp(tz, cached_tz) == 0)) {
        const char *answer = cached_answer;
        __mc_lock_release(&cache_lock);
        return answer == cached_rule || answer == utc_rule ? answer : tz;
    }
    char path[PATH_MAX];
    const char *answer;
    if (tz == NULL) {
        answer = rule_of_file("/etc/localtime", cached_rule) ? cached_rule : utc_rule;
    } else {
        const char *name = tz[0] == ':' ? tz + 1 : tz;
        if (!*name) answer = utc_rule;   /* TZ="" is UTC */
        else answer = zone_path(name, path) && rule_of_file(path, cached_rule) ? cached_rule : tz;
    }
    cached_unset = tz == NULL;
    if (tz) strcpy(cached_tz, tz);
    cached_answer = answer;
    __mc_lock_release(&cache_lock);
    return answer;
}
