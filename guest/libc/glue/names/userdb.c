/* userdb.c - the user and group databases: the host's /etc/passwd and /etc/group, read as glibc's
 * "files" source reads them (the guest sees the host's file system). Entries are looked up by a fresh
 * scan each time; the *_r functions copy an entry's strings into the caller's buffer (ERANGE if it is
 * too small), the others into a buffer of their own that the next call reuses. Not found is NULL
 * (or 0 with a NULL result) with errno unchanged, as POSIX says. initgroups sets the process's groups
 * from the group database. */
#include "libc_internal.h"
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PASSWD_FILE "/etc/passwd"
#define GROUP_FILE "/etc/group"

/* Splits line (its newline removed) at ':' into at most count fields; returns how many it found. */
static int split(char *line, char **fields, int count)
{
    line[strcspn(line, "\n")] = '\0';
    int n = 0;
    for (char *p = line; n < count;) {
        fields[n++] = p;
        char *colon = strchr(p, ':');
        if (!colon) break;
        *colon = '\0';
        p = colon + 1;
    }
    return n;
}

static int parse_id(const char *text, unsigned int *id)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value > UINT_MAX) return -1;
    *id = (unsigned int)value;
    return 0;
}

/* Copies s into the buffer at *at; NULL if it does not fit. */
static char *store(const char *s, char **at, char *end)
{
    size_t n = strlen(s) + 1;
    if ((size_t)(end - *at) < n) return NULL;
    char *copy = *at;
    memcpy(copy, s, n);
    *at += n;
    return copy;
}

/* ---- passwd --------------------------------------------------------------------------------------- */

/* Fills pw from a parsed line; ERANGE if buf is too small. */
static int fill_passwd(char **f, unsigned int uid, unsigned int gid, struct passwd *pw, char *buf, size_t size)
{
    char *at = buf, *end = buf + size;
    memset(pw, 0, sizeof *pw);
    if (!(pw->pw_name = store(f[0], &at, end)) || !(pw->pw_passwd = store(f[1], &at, end)) ||
        !(pw->pw_gecos = store(f[4], &at, end)) || !(pw->pw_dir = store(f[5], &at, end)) ||
        !(pw->pw_shell = store(f[6], &at, end)))
        return ERANGE;
    pw->pw_comment = pw->pw_gecos;
    pw->pw_uid = uid;
    pw->pw_gid = gid;
    return 0;
}

/* The next valid entry of an open passwd file into pw: 0, ENOENT at the end, or ERANGE. */
static int next_passwd(FILE *file, const char *name, int by_uid, uid_t uid, struct passwd *pw, char *buf, size_t size)
{
    char *line = NULL;
    size_t capacity = 0;
    int result = ENOENT;
    while (getline(&line, &capacity, file) >= 0) {
        char *f[7];
        unsigned int id, gid;
        if (line[0] == '#' || split(line, f, 7) != 7 || parse_id(f[2], &id) < 0 || parse_id(f[3], &gid) < 0) continue;
        if (name && strcmp(f[0], name) != 0) continue;
        if (by_uid && id != uid) continue;
        result = fill_passwd(f, id, gid, pw, buf, size);
        break;
    }
    free(line);
    return result;
}

static int lookup_passwd(const char *name, int by_uid, uid_t uid, struct passwd *pw, char *buf, size_t size,
                         struct passwd **result)
{
    *result = NULL;
    FILE *file = fopen(PASSWD_FILE, "re");
    if (!file) return errno == ENOENT || errno == EACCES ? 0 : errno;
    int r = next_passwd(file, name, by_uid, uid, pw, buf, size);
    fclose(file);
    if (r == 0) *result = pw;
    return r == ENOENT ? 0 : r;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size, struct passwd **result)
{
    return lookup_passwd(name, 0, 0, pw, buf, size, result);
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size, struct passwd **result)
{
    return lookup_passwd(NULL, 1, uid, pw, buf, size, result);
}

static struct passwd passwd_entry;
static char *passwd_buffer;
static size_t passwd_buffer_size;

/* The non-reentrant forms: one entry and buffer for the program, grown until the entry fits. */
static struct passwd *passwd_static(const char *name, int by_uid, uid_t uid)
{
    int saved = errno;
    for (;;) {
        if (!passwd_buffer) {
            passwd_buffer_size = passwd_buffer_size ? passwd_buffer_size * 2 : 1024;
            if (!(passwd_buffer = malloc(passwd_buffer_size))) { errno = ENOMEM; return NULL; }
        }
        struct passwd *result;
        int r = lookup_passwd(name, by_uid, uid, &passwd_entry, passwd_buffer, passwd_buffer_size, &result);
        if (r != ERANGE) {
            if (r) { errno = r; return NULL; }
            errno = saved;
            return result;
        }
        free(passwd_buffer);
        passwd_buffer = NULL;
    }
}

struct passwd *getpwnam(const char *name) { return passwd_static(name, 0, 0); }
struct passwd *getpwuid(uid_t uid) { return passwd_static(NULL, 1, uid); }

static FILE *passwd_stream;

void setpwent(void)
{
    if (passwd_stream) rewind(passwd_stream);
}

void endpwent(void)
{
    if (passwd_stream) fclose(passwd_stream);
    passwd_stream = NULL;
}

struct passwd *getpwent(void)
{
    if (!passwd_stream && !(passwd_stream = fopen(PASSWD_FILE, "re"))) return NULL;
    for (;;) {
        if (!passwd_buffer) {
            passwd_buffer_size = passwd_buffer_size ? passwd_buffer_size * 2 : 1024;
            if (!(passwd_buffer = malloc(passwd_buffer_size))) { errno = ENOMEM; return NULL; }
        }
        long at = ftell(passwd_stream);
        int r = next_passwd(passwd_stream, NULL, 0, 0, &passwd_entry, passwd_buffer, passwd_buffer_size);
        if (r == 0) return &passwd_entry;
        if (r != ERANGE) return NULL;
        fseek(passwd_stream, at, SEEK_SET);   /* read the entry again into a larger buffer */
        free(passwd_buffer);
        passwd_buffer = NULL;
    }
}

/* ---- group ------------------------------------------------------------------------------------------ */

static int fill_group(char **f, unsigned int gid, struct group *gr, char *buf, size_t size)
{
    /* The member list: pointers first (aligned), then the strings. */
    size_t members = 1;
    for (const char *p = f[3]; *p; p++) members += *p == ',';
    if (f[3][0] == '\0') members = 0;
    uintptr_t aligned = ((uintptr_t)buf + sizeof(char *) - 1) & ~(uintptr_t)(sizeof(char *) - 1);
    size_t pointers = (members + 1) * sizeof(char *);
    if (aligned + pointers > (uintptr_t)buf + size) return ERANGE;
    char **list = (char **)aligned;
    char *at = (char *)aligned + pointers, *end = buf + size;
    memset(gr, 0, sizeof *gr);
    if (!(gr->gr_name = store(f[0], &at, end)) || !(gr->gr_passwd = store(f[1], &at, end))) return ERANGE;
    size_t i = 0;
    for (char *member = f[3]; members && member;) {
        char *comma = strchr(member, ',');
        if (comma) *comma = '\0';
        if (*member && !(list[i++] = store(member, &at, end))) return ERANGE;
        member = comma ? comma + 1 : NULL;
    }
    list[i] = NULL;
    gr->gr_mem = list;
    gr->gr_gid = gid;
    return 0;
}

static int next_group(FILE *file, const char *name, int by_gid, gid_t gid, struct group *gr, char *buf, size_t size)
{
    char *line = NULL;
    size_t capacity = 0;
    int result = ENOENT;
    while (getline(&line, &capacity, file) >= 0) {
        char *f[4];
        unsigned int id;
        if (line[0] == '#' || split(line, f, 4) != 4 || parse_id(f[2], &id) < 0) continue;
        if (name && strcmp(f[0], name) != 0) continue;
        if (by_gid && id != gid) continue;
        result = fill_group(f, id, gr, buf, size);
        break;
    }
    free(line);
    return result;
}

static int lookup_group(const char *name, int by_gid, gid_t gid, struct group *gr, char *buf, size_t size,
                        struct group **result)
{
    *result = NULL;
    FILE *file = fopen(GROUP_FILE, "re");
    if (!file) return errno == ENOENT || errno == EACCES ? 0 : errno;
    int r = next_group(file, name, by_gid, gid, gr, buf, size);
    fclose(file);
    if (r == 0) *result = gr;
    return r == ENOENT ? 0 : r;
}

int getgrnam_r(const char *name, struct group *gr, char *buf, size_t size, struct group **result)
{
    return lookup_group(name, 0, 0, gr, buf, size, result);
}

int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result)
{
    return lookup_group(NULL, 1, gid, gr, buf, size, result);
}

static struct group group_entry;
static char *group_buffer;
static size_t group_buffer_size;

static struct group *group_static(const char *name, int by_gid, gid_t gid)
{
    int saved = errno;
    for (;;) {
        if (!group_buffer) {
            group_buffer_size = group_buffer_size ? group_buffer_size * 2 : 1024;
            if (!(group_buffer = malloc(group_buffer_size))) { errno = ENOMEM; return NULL; }
        }
        struct group *result;
        int r = lookup_group(name, by_gid, gid, &group_entry, group_buffer, group_buffer_size, &result);
        if (r != ERANGE) {
            if (r) { errno = r; return NULL; }
            errno = saved;
            return result;
        }
        free(group_buffer);
        group_buffer = NULL;
    }
}

struct group *getgrnam(const char *name) { return group_static(name, 0, 0); }
struct group *getgrgid(gid_t gid) { return group_static(NULL, 1, gid); }

static FILE *group_stream;

void setgrent(void)
{
    if (group_stream) rewind(group_stream);
}

void endgrent(void)
{
    if (group_stream) fclose(group_stream);
    group_stream = NULL;
}

struct group *getgrent(void)
{
    if (!group_stream && !(group_stream = fopen(GROUP_FILE, "re"))) return NULL;
    for (;;) {
        if (!group_buffer) {
            group_buffer_size = group_buffer_size ? group_buffer_size * 2 : 1024;
            if (!(group_buffer = malloc(group_buffer_size))) { errno = ENOMEM; return NULL; }
        }
        long at = ftell(group_stream);
        int r = next_group(group_stream, NULL, 0, 0, &group_entry, group_buffer, group_buffer_size);
        if (r == 0) return &group_entry;
        if (r != ERANGE) return NULL;
        fseek(group_stream, at, SEEK_SET);
        free(group_buffer);
        group_buffer = NULL;
    }
}

/* getgrouplist: the user's group and every group listing the user as a member. */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *count)
{
    int n = 0, capacity = *count;
    if (n < capacity) groups[n] = group;
    n++;
    FILE *file = fopen(GROUP_FILE, "re");
    if (file) {
        char *line = NULL;
        size_t size = 0;
        while (getline(&line, &size, file) >= 0) {
            char *f[4];
            unsigned int id;
            if (line[0] == '#' || split(line, f, 4) != 4 || parse_id(f[2], &id) < 0 || id == group) continue;
            for (char *member = strtok(f[3], ","); member; member = strtok(NULL, ",")) {
                if (strcmp(member, user) == 0) {
                    if (n < capacity) groups[n] = id;
                    n++;
                    break;
                }
            }
        }
        free(line);
        fclose(file);
    }
    *count = n;
    return n <= capacity ? n : -1;
}

/* initgroups: the user's groups from the group database (getgrouplist), plus `group`. */
int initgroups(const char *user, gid_t group)
{
    int n = 64;
    for (;;) {
        gid_t *groups = malloc((size_t)n * sizeof *groups);
        if (!groups) return -1;
        int count = n;
        if (getgrouplist(user, group, groups, &count) >= 0) {
            int r = setgroups(count, groups);
            free(groups);
            return r;
        }
        free(groups);
        if (count <= n) return -1;
        n = count;
    }
}

/* The login name: the environment's, as there is no utmp for a guest. */
char *getlogin(void)
{
    char *name = getenv("LOGNAME");
    return name ? name : getenv("USER");
}

int getlogin_r(char *buf, size_t size)
{
    const char *name = getlogin();
    if (!name) return ENXIO;
    if (strlen(name) >= size) return ERANGE;
    strcpy(buf, name);
    return 0;
}
