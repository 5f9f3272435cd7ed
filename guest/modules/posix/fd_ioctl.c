/* ioctl (16) for libmc-fd.so: the terminal requests programs use to find out about their terminal
 * (TCGETS, which isatty() is built on, and TIOCGWINSZ), setting it (TCSETS*, TIOCSWINSZ), its
 * queues (TCFLSH, TCSBRK, TCXONC: tcflush, tcdrain, tcflow), its foreground process group and
 * session (TIOCGPGRP, TIOCSPGRP, TIOCGSID), the controlling terminal (TIOCSCTTY, TIOCNOTTY), a pseudo-terminal
 * master's slave (TIOCGPTN, TIOCSPTLCK, where the host has them), and FIONREAD / FIONBIO. Any other request is -ENOTTY,
 * Linux's answer to a request a descriptor does not support.
 *
 * The guest sees the kernel's struct termios (36 bytes, speeds in c_cflag's CBAUD bits), not a libc's.
 * Flags, control characters and speeds are translated one by one through the tables below: POSIX
 * names them but does not fix their values, and a BSD host numbers them differently. Host flags
 * with no Linux name are kept as they are when the guest sets attributes.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "fd.h"
#include "fdtable.h"

struct bit {
    uint32_t lx;
    tcflag_t host;
};

static const struct bit iflag_bits[] = {
    { LINUX_IGNBRK, IGNBRK }, { LINUX_BRKINT, BRKINT }, { LINUX_IGNPAR, IGNPAR },
    { LINUX_PARMRK, PARMRK }, { LINUX_INPCK, INPCK }, { LINUX_ISTRIP, ISTRIP },
    { LINUX_INLCR, INLCR }, { LINUX_IGNCR, IGNCR }, { LINUX_ICRNL, ICRNL },
    { LINUX_IXON, IXON }, { LINUX_IXANY, IXANY }, { LINUX_IXOFF, IXOFF },
#ifdef IMAXBEL
    { LINUX_IMAXBEL, IMAXBEL },
#endif
#ifdef IUTF8
    { LINUX_IUTF8, IUTF8 },
#endif
};

static const struct bit oflag_bits[] = {
    { LINUX_OPOST, OPOST }, { LINUX_ONLCR, ONLCR }, { LINUX_OCRNL, OCRNL },
    { LINUX_ONOCR, ONOCR }, { LINUX_ONLRET, ONLRET },
};

static const struct bit cflag_bits[] = {   /* CSIZE and the speed are values: see below */
    { LINUX_CSTOPB, CSTOPB }, { LINUX_CREAD, CREAD }, { LINUX_PARENB, PARENB },
    { LINUX_PARODD, PARODD }, { LINUX_HUPCL, HUPCL }, { LINUX_CLOCAL, CLOCAL },
};

static const struct bit lflag_bits[] = {
    { LINUX_ISIG, ISIG }, { LINUX_ICANON, ICANON }, { LINUX_ECHO, ECHO },
    { LINUX_ECHOE, ECHOE }, { LINUX_ECHOK, ECHOK }, { LINUX_ECHONL, ECHONL },
    { LINUX_NOFLSH, NOFLSH }, { LINUX_TOSTOP, TOSTOP }, { LINUX_IEXTEN, IEXTEN },
#ifdef ECHOCTL
    { LINUX_ECHOCTL, ECHOCTL },
#endif
#ifdef ECHOKE
    { LINUX_ECHOKE, ECHOKE },
#endif
};

static const struct {
    int lx, host;
} cc_index[] = {
    { LINUX_VINTR, VINTR }, { LINUX_VQUIT, VQUIT }, { LINUX_VERASE, VERASE },
    { LINUX_VKILL, VKILL }, { LINUX_VEOF, VEOF }, { LINUX_VTIME, VTIME }, { LINUX_VMIN, VMIN },
    { LINUX_VSTART, VSTART }, { LINUX_VSTOP, VSTOP }, { LINUX_VSUSP, VSUSP }, { LINUX_VEOL, VEOL },
#ifdef VREPRINT
    { LINUX_VREPRINT, VREPRINT },
#endif
#ifdef VDISCARD
    { LINUX_VDISCARD, VDISCARD },
#endif
#ifdef VWERASE
    { LINUX_VWERASE, VWERASE },
#endif
#ifdef VLNEXT
    { LINUX_VLNEXT, VLNEXT },
#endif
#ifdef VEOL2
    { LINUX_VEOL2, VEOL2 },
#endif
};

/* Linux speed codes (CBAUD) for the host's speed_t values. */
static const struct {
    uint32_t lx;
    speed_t host;
} speeds[] = {
    { 0000000, B0 }, { 0000001, B50 }, { 0000002, B75 }, { 0000003, B110 }, { 0000004, B134 },
    { 0000005, B150 }, { 0000006, B200 }, { 0000007, B300 }, { 0000010, B600 }, { 0000011, B1200 },
    { 0000012, B1800 }, { 0000013, B2400 }, { 0000014, B4800 }, { 0000015, B9600 },
    { 0000016, B19200 }, { 0000017, B38400 },
#ifdef B57600
    { 0010001, B57600 },
#endif
#ifdef B115200
    { 0010002, B115200 },
#endif
#ifdef B230400
    { 0010003, B230400 },
#endif
#ifdef B460800
    { 0010004, B460800 },
#endif
#ifdef B921600
    { 0010007, B921600 },
#endif
};

#define COUNT(table) (sizeof(table) / sizeof((table)[0]))

static uint32_t bits_from_host(const struct bit *table, size_t n, tcflag_t host)
{
    uint32_t lx = 0;
    for (size_t i = 0; i < n; i++)
        if (host & table[i].host) lx |= table[i].lx;
    return lx;
}

/* The host word with every bit the table names set as the guest asks; others kept. */
static tcflag_t bits_to_host(const struct bit *table, size_t n, uint32_t lx, tcflag_t host)
{
    for (size_t i = 0; i < n; i++) {
        host &= ~table[i].host;
        if (lx & table[i].lx) host |= table[i].host;
    }
    return host;
}

static void termios_from_host(const struct termios *in, struct linux_termios *out)
{
    out->c_iflag = bits_from_host(iflag_bits, COUNT(iflag_bits), in->c_iflag);
    out->c_oflag = bits_from_host(oflag_bits, COUNT(oflag_bits), in->c_oflag);
    out->c_lflag = bits_from_host(lflag_bits, COUNT(lflag_bits), in->c_lflag);
    uint32_t cflag = bits_from_host(cflag_bits, COUNT(cflag_bits), in->c_cflag);
    switch (in->c_cflag & CSIZE) {
    case CS5: cflag |= LINUX_CS5; break;
    case CS6: cflag |= LINUX_CS6; break;
    case CS7: cflag |= LINUX_CS7; break;
    default: cflag |= LINUX_CS8; break;
    }
    speed_t speed = cfgetospeed(in);
    for (size_t i = 0; i < COUNT(speeds); i++)
        if (speeds[i].host == speed) cflag |= speeds[i].lx;
    out->c_cflag = cflag;
    out->c_line = 0;   /* N_TTY, the only line discipline a guest can see */
    for (int i = 0; i < LINUX_NCCS; i++) out->c_cc[i] = 0;
    for (size_t i = 0; i < COUNT(cc_index); i++) out->c_cc[cc_index[i].lx] = in->c_cc[cc_index[i].host];
}

static int termios_to_host(const struct linux_termios *in, struct termios *out)
{
    out->c_iflag = bits_to_host(iflag_bits, COUNT(iflag_bits), in->c_iflag, out->c_iflag);
    out->c_oflag = bits_to_host(oflag_bits, COUNT(oflag_bits), in->c_oflag, out->c_oflag);
    out->c_lflag = bits_to_host(lflag_bits, COUNT(lflag_bits), in->c_lflag, out->c_lflag);
    tcflag_t cflag = bits_to_host(cflag_bits, COUNT(cflag_bits), in->c_cflag, out->c_cflag) & ~(tcflag_t)CSIZE;
    switch (in->c_cflag & LINUX_CSIZE) {
    case LINUX_CS5: cflag |= CS5; break;
    case LINUX_CS6: cflag |= CS6; break;
    case LINUX_CS7: cflag |= CS7; break;
    default: cflag |= CS8; break;
    }
    out->c_cflag = cflag;
    for (size_t i = 0; i < COUNT(cc_index); i++) out->c_cc[cc_index[i].host] = in->c_cc[cc_index[i].lx];
    for (size_t i = 0; i < COUNT(speeds); i++)
        if (speeds[i].lx == (in->c_cflag & LINUX_CBAUD))
            return cfsetispeed(out, speeds[i].host) == 0 && cfsetospeed(out, speeds[i].host) == 0 ? 0 : -1;
    errno = EINVAL;   /* a speed the host cannot express */
    return -1;
}

static intptr_t get_attributes(int fd, struct linux_termios *guest)
{
    struct termios host;
    if (tcgetattr(fd, &host) == -1) return -lx_errno(errno);
    struct linux_termios out;
    termios_from_host(&host, &out);
    return LX_COPY_OUT(guest, out);
}

static intptr_t set_attributes(int fd, intptr_t request, const struct linux_termios *guest)
{
    struct termios host;
    struct linux_termios in;
    if (tcgetattr(fd, &host) == -1) return -lx_errno(errno);   /* not a terminal: ENOTTY before the pointer */
    if (LX_COPY_IN(in, guest) != 0) return -LINUX_EFAULT;
    if (termios_to_host(&in, &host) == -1) return -lx_errno(errno);
    int when = request == LINUX_TCSETS ? TCSANOW : request == LINUX_TCSETSW ? TCSADRAIN : TCSAFLUSH;
    return lx_result(LX_RETRY(tcsetattr(fd, when, &host)));
}

/* A request whose argument the guest passes in: a terminal's, so ENOTTY comes before a bad pointer, as
 * the terminal layer sees the pointer only once the descriptor is a terminal. */
static intptr_t copy_in_for_terminal(int fd, void *to, const void *guest, size_t size)
{
    if (lx_copy_in(to, guest, size) == 0) return 0;
    return isatty(fd) ? -LINUX_EFAULT : -LINUX_ENOTTY;
}

/* The ioctls whose argument points at an int the host fills (FIONREAD, TIOCGPTN) or reads (FIONBIO, TIOCSPTLCK): a
 * 32-bit int in the guest on both sides. */
static intptr_t get_int(int fd, unsigned long request, void *arg)
{
    int n;
    if (ioctl(fd, request, &n) == -1) return -lx_errno(errno);
    int32_t out = n;
    return LX_COPY_OUT(arg, out);
}

static intptr_t set_int(int fd, unsigned long request, const void *arg)
{
    int32_t in;
    if (LX_COPY_IN(in, arg) != 0) return -LINUX_EFAULT;
    int value = in;
    return lx_result(ioctl(fd, request, &value));
}

intptr_t sys_ioctl(intptr_t num, intptr_t a, intptr_t b, intptr_t c, intptr_t d, intptr_t e, intptr_t f)
{
    LX_FD_OPEN(ref, a);   /* a closed descriptor is EBADF before the request is looked at, as on Linux */
    int fd = ref.host;
    void *arg = (void *)c;
    switch (b) {
    case LINUX_TCGETS:
        return get_attributes(fd, arg);
    case LINUX_TCSETS:
    case LINUX_TCSETSW:
    case LINUX_TCSETSF:
        return set_attributes(fd, b, arg);
    case LINUX_TIOCGWINSZ: {
        struct winsize host;
        if (ioctl(fd, TIOCGWINSZ, &host) == -1) return -lx_errno(errno);
        struct linux_winsize out = { .ws_row = host.ws_row, .ws_col = host.ws_col, .ws_xpixel = host.ws_xpixel, .ws_ypixel = host.ws_ypixel };
        return LX_COPY_OUT(arg, out);
    }
    case LINUX_TIOCSWINSZ: {
        struct linux_winsize in;
        intptr_t r = copy_in_for_terminal(fd, &in, arg, sizeof in);
        if (r != 0) return r;
        struct winsize host = { .ws_row = in.ws_row, .ws_col = in.ws_col, .ws_xpixel = in.ws_xpixel, .ws_ypixel = in.ws_ypixel };
        return lx_result(ioctl(fd, TIOCSWINSZ, &host));
    }
    case LINUX_FIONREAD:
        return get_int(fd, FIONREAD, arg);
    case LINUX_FIONBIO:   /* any value but 0 sets it, as Linux reads it */
        return set_int(fd, FIONBIO, arg);
    case LINUX_TCSBRK:   /* the argument is a value: 0 sends a break, anything else drains */
        return lx_result(c == 0 ? tcsendbreak(fd, 0) : LX_RETRY(tcdrain(fd)));
    case LINUX_TCXONC: {
        int action;
        switch (c) {
        case LINUX_TCOOFF: action = TCOOFF; break;
        case LINUX_TCOON: action = TCOON; break;
        case LINUX_TCIOFF: action = TCIOFF; break;
        case LINUX_TCION: action = TCION; break;
        default: return -LINUX_EINVAL;
        }
        return lx_result(tcflow(fd, action));
    }
    case LINUX_TCFLSH: {
        int queue;
        switch (c) {
        case LINUX_TCIFLUSH: queue = TCIFLUSH; break;
        case LINUX_TCOFLUSH: queue = TCOFLUSH; break;
        case LINUX_TCIOFLUSH: queue = TCIOFLUSH; break;
        default: return -LINUX_EINVAL;
        }
        return lx_result(tcflush(fd, queue));
    }
    case LINUX_TIOCGPGRP: {
        pid_t group = tcgetpgrp(fd);
        if (group == -1) return -lx_errno(errno);
        int32_t out = (int32_t)group;
        return LX_COPY_OUT(arg, out);
    }
    case LINUX_TIOCSPGRP: {
        int32_t in;
        intptr_t r = copy_in_for_terminal(fd, &in, arg, sizeof in);
        return r != 0 ? r : lx_result(tcsetpgrp(fd, (pid_t)in));
    }
    case LINUX_TIOCGSID: {
        pid_t session = tcgetsid(fd);
        if (session == -1) return -lx_errno(errno);
        int32_t out = (int32_t)session;
        return LX_COPY_OUT(arg, out);
    }
    case LINUX_TIOCSCTTY:   /* the argument is a value: 1 steals the terminal from another session (privileged) */
        return lx_result(ioctl(fd, TIOCSCTTY, (int)c));
    case LINUX_TIOCNOTTY:
        return lx_result(ioctl(fd, TIOCNOTTY));
#if defined(TIOCGPTN) && defined(TIOCSPTLCK)
    case LINUX_TIOCGPTN:
        return get_int(fd, TIOCGPTN, arg);
    case LINUX_TIOCSPTLCK:
        return set_int(fd, TIOCSPTLCK, arg);
#endif
    default:
        return -LINUX_ENOTTY;
    }
}
