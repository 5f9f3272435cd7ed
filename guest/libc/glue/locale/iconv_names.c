/* iconv_names.c - the encoding names glibc programs pass to iconv_open that newlib's aliases lack:
 * WINDOWS-125x, UTF-32 and its byte orders (newlib's UCS-4), WCHAR_T (UCS-4 in this machine's byte
 * order, as wchar_t is), LATIN9; and glibc's //TRANSLIT and //IGNORE suffixes, which are dropped
 * (the conversion is then newlib's: a character the target lacks becomes '?' and counts as
 * non-reversible). newlib's iconv_open (patched) asks here first. */
#include "libc_internal.h"
#include <stddef.h>
#include <string.h>
#include <strings.h>

static const struct { const char *glibc, *newlib; } names[] = {
    { "UTF-32", "UCS-4" }, { "UTF32", "UCS-4" }, { "UTF-32BE", "UCS-4BE" }, { "UTF-32LE", "UCS-4LE" },
    { "WCHAR_T", "UCS-4-INTERNAL" }, { "LATIN9", "ISO-8859-15" }, { "LATIN-9", "ISO-8859-15" },
    { "WINDOWS-1250", "WIN-1250" }, { "WINDOWS-1251", "WIN-1251" }, { "WINDOWS-1252", "WIN-1252" },
    { "WINDOWS-1253", "WIN-1253" }, { "WINDOWS-1254", "WIN-1254" }, { "WINDOWS-1255", "WIN-1255" },
    { "WINDOWS-1256", "WIN-1256" }, { "WINDOWS-1257", "WIN-1257" }, { "WINDOWS-1258", "WIN-1258" },
};

HIDDEN const char *__mc_iconv_name(const char *name, char *buffer, size_t size)
{
    const char *suffix = strstr(name, "//");
    size_t length = suffix ? (size_t)(suffix - name) : strlen(name);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].glibc) == length && strncasecmp(name, names[i].glibc, length) == 0) return names[i].newlib;
    if (!suffix) return name;
    if (length >= size) return name;   /* too long to be a name newlib knows anyway */
    memcpy(buffer, name, length);
    buffer[length] = '\0';
    return buffer;
}
