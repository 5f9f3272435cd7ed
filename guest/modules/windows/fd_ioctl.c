/* ioctl (16) for the Windows libmc-fd.so: what programs ask of their terminal, answered from the
 * console - TCGETS and TCSETS* are its modes as a terminal's attributes (console.c), TIOCGWINSZ gives its
 * window, TCFLSH drops what was typed, TCSBRK (tcdrain) and TCXONC have nothing to wait for or stop; FIONREAD
 * counts what waits in a pipe or socket; FIONBIO sets O_NONBLOCK. A descriptor that is not a console is not a
 * terminal (-ENOTTY), as on Linux. */
#include "fd.h"
#include "socket.h"

static intptr_t window_size(struct win_file *f, void *guest)
{
    struct win_console_screen_buffer_info info;
    if (f->kind != WIN_CONSOLE || !GetConsoleScreenBufferInfo(f->handle, &info)) return -LINUX_ENOTTY;
    struct linux_winsize w = {
        .ws_row = (uint16_t)(info.window.bottom - info.window.top + 1),
        .ws_col = (uint16_t)(info.window.right - info.window.left + 1),
    };
    return LX_COPY_OUT(guest, w);
}

intptr_t sys_ioctl(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    LX_FD_OPEN(ref, a);
    struct win_file *file = win_file_of(&ref);
    switch (b) {
    case LINUX_TCGETS:
        return file->kind == WIN_CONSOLE ? win_console_attributes(file, (void *)c) : -LINUX_ENOTTY;
    case LINUX_TCSETS:
    case LINUX_TCSETSW:
    case LINUX_TCSETSF:
        return file->kind == WIN_CONSOLE ? win_console_set_attributes(file, (const void *)c, b) : -LINUX_ENOTTY;
    case LINUX_TCFLSH:
        if (file->kind != WIN_CONSOLE) return -LINUX_ENOTTY;
        if (c != LINUX_TCIFLUSH && c != LINUX_TCOFLUSH && c != LINUX_TCIOFLUSH) return -LINUX_EINVAL;
        return c == LINUX_TCOFLUSH ? 0 : win_console_flush_input(file);   /* a console's output is never held back */
    case LINUX_TCSBRK:
    case LINUX_TCXONC:
        return file->kind == WIN_CONSOLE ? 0 : -LINUX_ENOTTY;
    case LINUX_TIOCGWINSZ:
        return window_size(file, (void *)c);
    case LINUX_FIONREAD: {
        DWORD available = 0;
        if (file->kind == WIN_SOCKET) {
            uint32_t waiting = 0;
            if (ioctlsocket(win_socket_of(file), FIONREAD, &waiting) != 0) return lx_socket_error();
            available = waiting;
        } else if (file->kind == WIN_PIPE && !PeekNamedPipe(file->handle, NULL, 0, NULL, &available, NULL)) available = 0;
        int32_t out = (int32_t)available;
        return LX_COPY_OUT((void *)c, out);
    }
    case LINUX_FIONBIO: {
        int32_t on;
        if (LX_COPY_IN(on, (void *)c) != 0) return -LINUX_EFAULT;
        file->status = on ? file->status | LINUX_O_NONBLOCK : file->status & ~(uint32_t)LINUX_O_NONBLOCK;
        return 0;
    }
    default:
        /* Setting a terminal's size and process groups: a console has none of Linux's (-ENOTTY for what is
         * not a console; -EINVAL for what a console cannot do). */
        return file->kind == WIN_CONSOLE ? -LINUX_EINVAL : -LINUX_ENOTTY;
    }
}
