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

WCHAR *wide_dup(const WCHAR *text)
{
    size_t n = 0;
    while (text[n]) n++;
    WCHAR *copy = host_alloc((n + 1) * sizeof(WCHAR));
    if (copy) memcpy(copy, text, (n + 1) * sizeof(WCHAR));
    return copy;
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

/* Microcosm's shell (guest/shell), the /bin/sh of this host, which has none of its own: bin/sh in the SDK - the one
 * MICROCOSM_SDK names, else the sdk directory beside microcosm.exe's directory or one above it, found by its
 * include/microcosm.h as the core finds it (CosmosOptions.cs, Sdk.Directory). NULL when there is no SDK. */
#define SHELL_PATH_MAX 1024
static WCHAR *sdk_shell(void)
{
    static const WCHAR marker[] = u"\\sdk\\include\\microcosm.h", shell[] = u"\\sdk\\bin\\sh";
    WCHAR *path = host_alloc(SHELL_PATH_MAX * sizeof(WCHAR));
    if (path == NULL) return NULL;
    DWORD n = GetEnvironmentVariableW(u"MICROCOSM_SDK", path, SHELL_PATH_MAX - 8);
    if (n != 0 && n < SHELL_PATH_MAX - 8) {
        static const WCHAR in_sdk[] = u"\\bin\\sh";
        memcpy(path + n, in_sdk, sizeof in_sdk);
        return path;
    }
    size_t suffix = sizeof marker / sizeof marker[0];
    n = GetModuleFileNameW(NULL, path, SHELL_PATH_MAX);
    if (n == 0 || n + suffix >= SHELL_PATH_MAX) {
        host_free(path);
        return NULL;
    }
    for (size_t end = n; end > 0;) {
        while (end > 0 && path[end - 1] != '\\' && path[end - 1] != '/') end--;   /* up one: the last name goes */
        if (end == 0) break;
        end--;
        memcpy(path + end, marker, sizeof marker);
        if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES) {
            memcpy(path + end, shell, sizeof shell);
            return path;
        }
    }
    host_free(path);
    return NULL;
}

/* The drive a guest directory "/mnt/d" or "/mnt/d/..." names (n bytes at p), as WSL names drives: 'D', or 0 if p has
 * another form. The form of another drive's directory where a ':' cannot be (the program's PATH). */
static char mnt_drive(const char *p, size_t n)
{
    if (n < 6 || strncmp(p, "/mnt/", 5) != 0) return 0;
    char letter = p[5] | 0x20;
    return letter >= 'a' && letter <= 'z' && (n == 6 || p[6] == '/') ? (char)(letter - 0x20) : 0;
}

/* Linux's name of the program's own file: /proc/self/exe, or /proc/PID/exe with this process's id. Windows has no
 * /proc, and no other name of it is the program's (the process's executable is microcosm.exe). */
int host_names_own_exe(const char *p)
{
    if (strncmp(p, "/proc/", 6) != 0) return 0;
    p += 6;
    if (strcmp(p, "self/exe") == 0) return 1;
    const char *digits = p;
    uint64_t pid = 0;
    while (*p >= '0' && *p <= '9' && p - digits < 10) pid = pid * 10 + (uint64_t)(*p++ - '0');
    return p != digits && pid == GetCurrentProcessId() && strcmp(p, "/exe") == 0;
}

WCHAR *host_own_exe(intptr_t *error)
{
    /* The path the core loaded the program from (-23's first object), against the directory it started in (-24),
     * from which a relative one was found. */
    struct mc_dl_object program;
    if (mc_syscall(MC_SYS_DL_OBJECT, 0, (intptr_t)&program, 0, 0) != 1 || program.name == NULL) {
        *error = -LINUX_ENOENT;
        return NULL;
    }
    WCHAR *path = utf16_of(program.name);
    if (path == NULL || host_path_absolute(path)) {
        if (path == NULL) *error = -LINUX_ENOMEM;
        return path;
    }
    char start[1024];
    WCHAR *directory = mc_syscall(MC_SYS_WORKING_DIRECTORY, (intptr_t)start, sizeof start, 0, 0) > 0 ? utf16_of(start) : NULL;
    if (directory == NULL) {
        host_path_free(path);
        *error = -LINUX_ENOENT;
        return NULL;
    }
    path = host_path_join(directory, path, error);
    host_free(directory);
    return path;
}

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
    if (strcmp(prefix, "/bin/sh") == 0) {
        WCHAR *shell = sdk_shell();
        if (shell) return shell;
    }
    if (length < (intptr_t)sizeof prefix - 1 && host_names_own_exe(prefix)) return host_own_exe(error);
    char *whole;
    length = lx_string_dup(guest, LINUX_PATH_MAX, &whole);
    if (length < 0) {
        *error = length == -LINUX_E2BIG ? -LINUX_ENAMETOOLONG : length;
        return NULL;
    }
    /* "/mnt/d/x" -> "D:/x"; "/mnt/d" -> "D:/", the drive's root (not "D:", its current directory) */
    char drive = mnt_drive(whole, (size_t)length);
    if (drive) {
        whole[4] = drive;
        whole[5] = ':';
        if (whole[6] == 0) whole[6] = '/', whole[7] = 0;   /* room: lx_string_dup allocates 256 bytes at least */
        memmove(whole, whole + 4, strlen(whole + 4) + 1);
    }
    /* Windows takes '/' for '\' everywhere, and a path starting with one is on the current drive. */
    WCHAR *host = utf16_of(whole);
    host_free(whole);
    if (host == NULL) *error = -LINUX_EILSEQ;
    return host;
}

void host_path_free(WCHAR *path) { host_free(path); }

int host_path_absolute(const WCHAR *p)
{
    return p[0] == '/' || p[0] == '\\' || (p[0] && p[1] == ':');
}

WCHAR *host_path_in(const WCHAR *directory, const char *guest, intptr_t *error)
{
    WCHAR *path = host_path(guest, error);
    return path == NULL || directory == NULL || host_path_absolute(path) ? path : host_path_join(directory, path, error);
}

WCHAR *host_path_join(const WCHAR *directory, WCHAR *path, intptr_t *error)
{
    size_t base = 0, rest = 0;
    while (directory[base]) base++;
    while (path[rest]) rest++;
    WCHAR *joined = host_alloc((base + rest + 2) * sizeof(WCHAR));
    if (joined == NULL) {
        host_path_free(path);
        *error = -LINUX_ENOMEM;
        return NULL;
    }
    memcpy(joined, directory, base * sizeof(WCHAR));
    if (base > 0 && directory[base - 1] != '\\' && directory[base - 1] != '/') joined[base++] = '\\';
    memcpy(joined + base, path, (rest + 1) * sizeof(WCHAR));
    host_path_free(path);
    return joined;
}

/* The current drive's letter, or 0 (a UNC current directory). */
static char current_drive(void)
{
    DWORD needed = GetCurrentDirectoryW(0, NULL);   /* a buffer too small gets nothing at all: ask for the size */
    WCHAR *current = needed ? host_alloc(needed * sizeof(WCHAR)) : NULL;
    char drive = 0;
    if (current && GetCurrentDirectoryW(needed, current) != 0 && current[0] < 128 && current[1] == ':') drive = (char)current[0];
    host_free(current);
    return drive;
}

char *host_search_path(const char *guest)
{
    char drive = current_drive();
    size_t length = strlen(guest);
    char *out = host_alloc(length * 2 + 3);   /* each entry gains at most "X:" */
    if (out == NULL) return NULL;
    size_t at = 0;
    for (const char *p = guest;;) {
        const char *end = strchr(p, ':');
        if (end == NULL) end = p + strlen(p);
        size_t n = (size_t)(end - p);
        char other = mnt_drive(p, n);
        if (other) {
            out[at++] = other, out[at++] = ':';
            p += 6, n -= 6;
            if (n == 0) out[at++] = '\\';
        } else if (n > 0 && p[0] == '/' && drive) {
            out[at++] = drive, out[at++] = ':';
        }
        for (size_t i = 0; i < n; i++) out[at++] = p[i] == '/' ? '\\' : p[i];
        if (*end == 0) break;
        out[at++] = ';';
        p = end + 1;
    }
    out[at] = 0;
    return out;
}

intptr_t guest_path(const WCHAR *host, char *out, size_t size)
{
    /* The drive is left out when it is the current one (the form host_path reads back): "C:\x" -> "/x". */
    WCHAR drive = (WCHAR)current_drive();
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

size_t wide_name(WCHAR *out, const char *prefix, uint64_t n)
{
    size_t at = 0;
    for (const char *p = prefix; *p; p++) out[at++] = (WCHAR)*p;
    return wide_decimal(out, at, n);
}
