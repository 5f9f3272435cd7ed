/* The file an AF_UNIX socket bound to a path leaves there (windows.h). Winsock's own AF_UNIX (Windows 10
 * 1803 and later) is missing from Wine and from older Windows, and has no SOCK_DGRAM: so an AF_UNIX
 * socket is a loopback one underneath (socket.c), and its name in the file system is a small file that
 * says which port, and whether a stream or datagram socket listens there (connecting one to the other is
 * EPROTOTYPE on Linux, and a program such as syslog tries one then the other) - what connect and sendto
 * read, and what stat recognizes as a socket (S_IFSOCK). Its size and first bytes mark it:
 * "!<microcosm-socket>stream NNNNN\n" or "!<microcosm-socket>dgram  NNNNN\n". */
#include "windows.h"

#define MARKER "!<microcosm-socket>"
#define MARKER_LENGTH (sizeof MARKER - 1)
#define STREAM "stream "
#define DGRAM "dgram  "
#define TYPE_LENGTH (sizeof STREAM - 1)

_Static_assert(MARKER_LENGTH + TYPE_LENGTH + 6 == WIN_SOCKET_FILE_SIZE, "a socket file is the marker, its type, 5 digits and a newline");

int win_socket_file_port(HANDLE h, int *type)
{
    char text[WIN_SOCKET_FILE_SIZE + 1];
    DWORD got = 0;
    struct win_overlapped start = { 0 };   /* from the beginning, whatever the handle's position */
    if (!ReadFile(h, text, sizeof text, &got, &start) || got != WIN_SOCKET_FILE_SIZE) return -1;
    if (memcmp(text, MARKER, MARKER_LENGTH) != 0 || text[WIN_SOCKET_FILE_SIZE - 1] != '\n') return -1;
    if (memcmp(text + MARKER_LENGTH, STREAM, TYPE_LENGTH) == 0) *type = LINUX_SOCK_STREAM;
    else if (memcmp(text + MARKER_LENGTH, DGRAM, TYPE_LENGTH) == 0) *type = LINUX_SOCK_DGRAM;
    else return -1;
    int port = 0;
    for (size_t i = MARKER_LENGTH + TYPE_LENGTH; i < WIN_SOCKET_FILE_SIZE - 1; i++) {
        if (text[i] < '0' || text[i] > '9') return -1;
        port = port * 10 + (text[i] - '0');
    }
    return port > 0 && port <= 0xffff ? port : -1;
}

int win_is_socket_file(HANDLE h)
{
    /* The handle may not read (stat opens to look at attributes only): another that can. */
    HANDLE reader = ReOpenFile(h, FILE_READ_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, 0);
    if (reader == INVALID_HANDLE_VALUE) return 0;
    int type;
    int port = win_socket_file_port(reader, &type);
    CloseHandle(reader);
    return port > 0;
}

int win_socket_file_write(HANDLE h, int type, uint16_t port)
{
    char text[WIN_SOCKET_FILE_SIZE];
    memcpy(text, MARKER, MARKER_LENGTH);
    memcpy(text + MARKER_LENGTH, type == LINUX_SOCK_STREAM ? STREAM : DGRAM, TYPE_LENGTH);
    for (int i = 4; i >= 0; i--, port /= 10) text[MARKER_LENGTH + TYPE_LENGTH + (size_t)i] = (char)('0' + port % 10);
    text[WIN_SOCKET_FILE_SIZE - 1] = '\n';
    DWORD written = 0;
    return WriteFile(h, text, sizeof text, &written, NULL) && written == sizeof text;
}
