/* Guest paths (UTF-8, Linux's conventions) and Windows paths (UTF-16), both ways (windows.h). */
#include "windows.h"

WCHAR *utf16_of(const char *text)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
    if (n <= 0) return NULL;
    WCHAR *wide = host_alloc((size_t)n * sizeof(WCHAR));
    if (wide && MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, wide, n) != n) {
        host_free(wide);
        return NULL;
    }
    return wide;
}

char *utf8_of(const WCHAR *text)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    if (n <= 0) return NULL;
    char *narrow = host_alloc((size_t)n);
    if (narrow && WideCharToMultiByte(CP_UTF8, 0, text, -1, narrow, n, NULL, NULL) != n) {
        host_free(narrow);
        return NULL;
    }
    return narrow;
}

/* Names a Linux program uses for devices, and what they are on Windows. /dev/fd/N and /dev/stdin & co.
 * are the descriptors' (windows/path.c opens them from the table, not by name). */
static const struct {
    const char *guest;
    const char *host;
} devices[] = {
    { "/dev/null", "NUL" },
    { "/dev/tty", "CON" },
};

WCHAR *host_path(const char *guest, intptr_t *error)
{
    char prefix[64];
    intptr_t length = lx_string_prefix(prefix, guest, sizeof prefix);
    if (length < 0) {
        *error = length;
        return NULL;
    }
    if (length == 0) {
        *error = -LINUX_ENOENT;
        return NULL;
    }
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strcmp(prefix, devices[i].guest) == 0) return utf16_of(devices[i].host);
    char *whole;
    length = lx_string_dup(guest, LINUX_PATH_MAX, &whole);
    if (length < 0) {
        *error = length == -LINUX_E2BIG ? -LINUX_ENAMETOOLONG : length;
        return NULL;
    }
    /* Windows takes '/' for '\' everywhere, and a path starting with one is on the current drive. */
    WCHAR *host = utf16_of(whole);
    host_free(whole);
    if (host == NULL) *error = -LINUX_EILSEQ;
    return host;
}

void host_path_free(WCHAR *path) { host_free(path); }

intptr_t guest_path(const WCHAR *host, char *out, size_t size)
{
    /* The drive is left out when it is the current one (the form host_path reads back): "C:\x" -> "/x". */
    WCHAR drive = 0;
    DWORD needed = GetCurrentDirectoryW(0, NULL);   /* a buffer too small gets nothing at all: ask for the size */
    WCHAR *current = needed ? host_alloc(needed * sizeof(WCHAR)) : NULL;
    if (current && GetCurrentDirectoryW(needed, current) != 0 && current[0] && current[1] == ':') drive = current[0];
    host_free(current);
    const WCHAR *start = host;
    if (drive && host[0] && host[1] == ':' && (host[0] | 0x20) == (drive | 0x20)) start = host + 2;
    int n = WideCharToMultiByte(CP_UTF8, 0, start, -1, out, (int)size, NULL, NULL);
    if (n <= 0) return -LINUX_ERANGE;
    for (int i = 0; i < n; i++)
        if (out[i] == '\\') out[i] = '/';
    return n - 1;
}

size_t wide_decimal(WCHAR *out, size_t at, uint64_t n)
{
    WCHAR digits[20];
    int count = 0;
    do digits[count++] = (WCHAR)('0' + n % 10); while ((n /= 10) != 0);
    while (count) out[at++] = digits[--count];
    return at;
}
