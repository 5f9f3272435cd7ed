/* console: a terminal's text both ways in UTF-8, whatever the host keeps underneath (a Windows console
 * is UTF-16 and has code pages). Run on a terminal (LibcTests runs it on a pseudo-terminal); prints whether
 * 0 and 1 are terminals, a line of non-ASCII text, a character cut across two writes, then reads one line
 * and prints its bytes in hex ("\n"-ended, as a Linux terminal gives it). No spaces: a console redraws blank
 * cells by moving the cursor. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("tty=%d%d|gr\xc3\xbc\xc3\x9f" "e|\xe6\x97\xa5\xe6\x9c\xac|\xe2\x9c\x93\n", isatty(0), isatty(1));
    fflush(stdout);
    if (write(1, "cut|\xe2\x9c", 6) != 6 || write(1, "\x93|end\n", 6) != 6) return 1;
    char line[128];
    ssize_t n = read(0, line, sizeof line);
    printf("read=%zd:", n);
    for (ssize_t i = 0; i < n; i++) printf("%02x", (unsigned char)line[i]);
    printf("\n");
    return 0;
}
