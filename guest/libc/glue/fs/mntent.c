/* mntent.c - <mntent.h>, as glibc reads and writes the table: one entry per line, six fields separated by blanks,
 * missing ones empty (the numbers 0), blank lines and '#' comments skipped; a space, tab, newline or backslash inside a field
 * is written as its octal escape (\040, \011, \012, \134) and read back. On the Linux host /etc/mtab is the host's
 * (/proc/self/mounts); a Windows host has none (setmntent: ENOENT). */
#include "libc_internal.h"
#include <mntent.h>
#include <stdlib.h>
#include <string.h>

FILE *setmntent(const char *file, const char *mode)
{
    /* The stream is never inherited by a program this one starts, as glibc's is not ('e'). */
    size_t n = strlen(mode);
    char with_cloexec[n + 2];
    memcpy(with_cloexec, mode, n);
    memcpy(with_cloexec + n, "e", 2);
    return fopen(file, strchr(mode, 'e') ? mode : with_cloexec);
}

int endmntent(FILE *stream)
{
    if (stream) fclose(stream);
    return 1;   /* always, as glibc */
}

/* The next field of *line (blanks before it skipped), its escapes decoded in place; NULL at the end of the line. */
static char *field(char **line)
{
    char *p = *line + strspn(*line, " \t\n");
    if (*p == 0) return NULL;
    char *start = p, *out = p;
    while (*p && !strchr(" \t\n", *p)) {
        if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
            *out++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
            p += 4;
        } else {
            *out++ = *p++;
        }
    }
    *line = *p ? p + 1 : p;
    *out = 0;
    return start;
}

struct mntent *getmntent_r(FILE *stream, struct mntent *result, char *buffer, int size)
{
    while (fgets(buffer, size, stream)) {
        size_t length = strlen(buffer);
        if (length > 0 && buffer[length - 1] != '\n' && !feof(stream)) {   /* longer than the buffer: skip the rest */
            int c;
            while ((c = getc(stream)) != EOF && c != '\n') {}
        }
        char *line = buffer + strspn(buffer, " \t");
        if (*line == '#' || *line == '\n' || *line == 0) continue;
        /* A field that is not there is empty, as in glibc. */
        char **fields[] = { &result->mnt_fsname, &result->mnt_dir, &result->mnt_type, &result->mnt_opts };
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            char *value = field(&line);
            *fields[i] = value ? value : (char *)"";
        }
        char *freq = field(&line), *passno = freq ? field(&line) : NULL;
        result->mnt_freq = freq ? atoi(freq) : 0;
        result->mnt_passno = passno ? atoi(passno) : 0;
        return result;
    }
    return NULL;
}

struct mntent *getmntent(FILE *stream)
{
    /* One entry per program, as glibc's: the next call overwrites it. */
    static struct mntent entry;
    static char *buffer;
    if (buffer == NULL && (buffer = malloc(4096)) == NULL) return NULL;
    return getmntent_r(stream, &entry, buffer, 4096);
}

/* A field with its blanks and backslashes escaped. */
static int put_field(FILE *stream, const char *text)
{
    for (const char *p = text; *p; p++) {
        int r = strchr(" \t\n\\", *p) ? fprintf(stream, "\\%03o", (unsigned char)*p) : putc(*p, stream);
        if (r < 0) return -1;
    }
    return 0;
}

int addmntent(FILE *stream, const struct mntent *entry)
{
    if (fseek(stream, 0, SEEK_END) != 0) return 1;
    if (put_field(stream, entry->mnt_fsname) || putc(' ', stream) == EOF || put_field(stream, entry->mnt_dir) ||
        putc(' ', stream) == EOF || put_field(stream, entry->mnt_type) || putc(' ', stream) == EOF ||
        put_field(stream, entry->mnt_opts) || fprintf(stream, " %d %d\n", entry->mnt_freq, entry->mnt_passno) < 0)
        return 1;
    return fflush(stream) == 0 ? 0 : 1;
}

char *hasmntopt(const struct mntent *entry, const char *option)
{
    size_t n = strlen(option);
    for (char *p = entry->mnt_opts; p && *p;) {
        if (strncmp(p, option, n) == 0 && (p[n] == 0 || p[n] == ',' || p[n] == '=')) return p;
        p = strchr(p, ',');
        if (p) p++;
    }
    return NULL;
}
