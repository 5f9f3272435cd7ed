/* raw_keys: a terminal out of canonical mode, as a full-screen program (an editor, a pager) puts it - each key read
 * as it is typed, no echo, the Enter key's "\r" as it is, an arrow as its escape sequence - and put back. Run on a
 * terminal (LibcTests runs it on a pseudo-terminal and types "ab", Enter, the up arrow and Backspace at the prompt);
 * on Windows the terminal is a console (docs/hosts.md). Prints what tcgetattr says after each change, the seven bytes
 * typed, one read each, and what a read with VMIN 0 and VTIME 1 gives when nothing more is typed (0, after a tenth of a
 * second).
 *   raw_keys echo   the same with ECHO kept (as `stty -icanon` leaves it): the two keys typed ("xy") are echoed as
 *                   they are read, which a console does not do itself outside line editing.
 * (Without ISIG, Ctrl-C would be read as a character: not tested, since under Wine the pseudo-terminal's own ISIG, which
 * Wine's console leaves on, makes it the host's SIGINT whatever the program set: docs/hosts.md.) */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void modes(const char *when)
{
    struct termios t;
    if (tcgetattr(0, &t) != 0) {
        printf("%s: tcgetattr failed\n", when);
        return;
    }
    printf("%s:icanon=%d,echo=%d,isig=%d,icrnl=%d,vmin=%d\n", when, !!(t.c_lflag & ICANON), !!(t.c_lflag & ECHO),
           !!(t.c_lflag & ISIG), !!(t.c_iflag & ICRNL), t.c_cc[VMIN]);
}

int main(int argc, char **argv)
{
    int echo = argc > 1 && strcmp(argv[1], "echo") == 0;
    struct termios saved, raw;
    if (tcgetattr(0, &saved) != 0) return 1;
    modes("before");
    raw = saved;
    raw.c_lflag &= ~(tcflag_t)(echo ? ICANON : ICANON | ECHO);
    raw.c_iflag &= ~(tcflag_t)ICRNL;
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(0, TCSAFLUSH, &raw) != 0) return 2;
    modes("raw");
    printf("keys|end\n");
    fflush(stdout);
    if (!echo) printf("read=");
    for (int i = 0; i < (echo ? 2 : 7); i++) {
        unsigned char c;
        ssize_t n = read(0, &c, 1);
        printf(n == 1 ? "%02x," : "[%d]", n == 1 ? c : (int)n);
    }
    printf(echo ? "|read\n" : "\n");
    raw.c_cc[VMIN] = 0;
    raw.c_cc[VTIME] = 1;
    if (tcsetattr(0, TCSANOW, &raw) != 0) return 3;
    char more[8];
    printf("timed=%zd\n", read(0, more, sizeof more));
    if (tcsetattr(0, TCSANOW, &saved) != 0) return 4;
    modes("after");
    return 0;
}
