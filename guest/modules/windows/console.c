/* console.c - a Windows console as a Linux terminal: its text as UTF-8 both ways (WriteConsoleW and ReadConsoleW
 * take UTF-16, whatever the console's code pages), and its modes as the terminal's attributes.
 *
 * Windows keeps a console's input modes on its input buffer: line editing (ICANON), echo (ECHO), Ctrl-C as a signal
 * (ISIG). A Linux program sets them with tcsetattr on any descriptor of its terminal - the input's or the screen's,
 * which are one terminal there - so they are set on the input buffer whichever descriptor is named (CONIN$, opened
 * when the descriptor is the screen's). Outside canonical mode the module reads the keys themselves (input records)
 * and gives them as a Linux terminal sends them: an arrow as ESC [ A (key_text, below). The screen acts on the
 * escape sequences a program writes (ENABLE_VIRTUAL_TERMINAL_PROCESSING, set at the first write), as a Linux program
 * takes for granted of any terminal. What has no counterpart in a console is kept as the program set it, for
 * tcgetattr to give back, and honoured here where it concerns reading:
 *   - ICRNL: the Enter key's "\r" read as "\n" (in line mode the console ends a line with "\r\n": one "\n");
 *   - VMIN and VTIME, outside canonical mode: with VMIN 0, a read waits at most VTIME tenths of a second for a key
 *     and returns 0 without one; otherwise it waits for a key. Either way it returns what was typed, at least one
 *     character (a VMIN above 1 does not make it wait for more);
 *   - ECHO outside canonical mode, which a console cannot do (it echoes only while it edits a line): the module
 *     writes back what it read.
 * The other flags (output processing, parity, the other control characters) are kept and change nothing. */
#include "fd.h"

/* ---- the attributes ------------------------------------------------------------------------------------- */

static host_mutex modes_lock;
static int modes_set;                 /* the program set the attributes: `modes` holds them */
static struct linux_termios modes;
static HANDLE conin, conout;          /* CONIN$ and CONOUT$, opened when a descriptor of the other side needs them */

static HANDLE open_console(const WCHAR *name)
{
    return CreateFileW(name, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
}

static int is_input(HANDLE h)
{
    DWORD events;
    return GetNumberOfConsoleInputEvents(h, &events) != 0;
}

/* The console's input buffer and its screen: the descriptor's own handle when it is that side, else CONIN$ or
 * CONOUT$; NULL if there is none. Under modes_lock. */
static HANDLE input_of(struct win_file *f)
{
    if (is_input(f->handle)) return f->handle;
    if (!conin) conin = open_console((const WCHAR *)u"CONIN$");
    return conin == INVALID_HANDLE_VALUE ? NULL : conin;
}

static HANDLE screen_of(struct win_file *f)
{
    if (!is_input(f->handle)) return f->handle;
    if (!conout) conout = open_console((const WCHAR *)u"CONOUT$");
    return conout == INVALID_HANDLE_VALUE ? NULL : conout;
}

/* What the console's modes say as a terminal's attributes, before the program set any. */
static struct linux_termios attributes_of_mode(DWORD mode)
{
    struct linux_termios t;
    memset(&t, 0, sizeof t);
    t.c_iflag = LINUX_ICRNL;
    t.c_oflag = LINUX_OPOST | LINUX_ONLCR;
    t.c_cflag = LINUX_CS8 | LINUX_CREAD;
    if (mode & ENABLE_LINE_INPUT) t.c_lflag |= LINUX_ICANON;
    if (mode & ENABLE_ECHO_INPUT) t.c_lflag |= LINUX_ECHO;
    if (mode & ENABLE_PROCESSED_INPUT) t.c_lflag |= LINUX_ISIG;
    t.c_cc[LINUX_VINTR] = 3;
    t.c_cc[LINUX_VERASE] = 0x7f;   /* what Backspace gives outside canonical mode */
    t.c_cc[LINUX_VEOF] = 26;       /* Ctrl-Z ends console input on Windows */
    t.c_cc[LINUX_VMIN] = 1;
    return t;
}

intptr_t win_console_attributes(struct win_file *f, void *guest)
{
    DWORD mode;
    if (!GetConsoleMode(f->handle, &mode)) return -LINUX_ENOTTY;
    host_lock(&modes_lock);
    struct linux_termios t = modes;
    int set = modes_set;
    HANDLE input = set ? NULL : input_of(f);
    host_unlock(&modes_lock);
    if (!set) t = attributes_of_mode(input && GetConsoleMode(input, &mode) ? mode : 0);
    return LX_COPY_OUT(guest, t);
}

intptr_t win_console_set_attributes(struct win_file *f, const void *guest, intptr_t request)
{
    struct linux_termios t;
    if (LX_COPY_IN(t, guest) != 0) return -LINUX_EFAULT;
    host_lock(&modes_lock);
    HANDLE input = input_of(f);
    DWORD mode;
    if (!input || !GetConsoleMode(input, &mode)) {
        host_unlock(&modes_lock);
        return -LINUX_ENOTTY;
    }
    int canonical = (t.c_lflag & LINUX_ICANON) != 0;
    mode &= ~(DWORD)(ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT | ENABLE_PROCESSED_INPUT | ENABLE_VIRTUAL_TERMINAL_INPUT);
    /* A console echoes only what it edits as a line. */
    if (canonical) mode |= ENABLE_LINE_INPUT | (t.c_lflag & LINUX_ECHO ? ENABLE_ECHO_INPUT : 0);
    if (t.c_lflag & LINUX_ISIG) mode |= ENABLE_PROCESSED_INPUT;
    if (!SetConsoleMode(input, mode)) {
        intptr_t error = lx_last_error();
        host_unlock(&modes_lock);
        return error;
    }
    modes = t;
    modes_set = 1;
    host_unlock(&modes_lock);
    if (request == LINUX_TCSETSF) win_console_flush_input(f);
    return 0;
}

/* How a read takes the console's input, from the attributes. */
struct reading {
    int line;          /* the console edits a line (ICANON) */
    int cr_as_newline; /* ICRNL */
    int echo_here;     /* ECHO outside canonical mode: the module echoes */
    int wait_ms;       /* outside canonical mode, VMIN 0: how long to wait for a key (VTIME); -1: until one comes */
};

static struct reading reading_of(struct win_file *f)
{
    struct reading how = { .line = 1, .cr_as_newline = 1, .echo_here = 0, .wait_ms = -1 };
    host_lock(&modes_lock);
    if (modes_set) {
        how.line = (modes.c_lflag & LINUX_ICANON) != 0;
        how.cr_as_newline = (modes.c_iflag & LINUX_ICRNL) != 0;
        how.echo_here = !how.line && (modes.c_lflag & LINUX_ECHO);
        if (modes.c_cc[LINUX_VMIN] == 0) how.wait_ms = modes.c_cc[LINUX_VTIME] * 100;
    }
    host_unlock(&modes_lock);
    DWORD mode;
    if (!modes_set && GetConsoleMode(f->handle, &mode)) how.line = (mode & ENABLE_LINE_INPUT) != 0;
    return how;
}

/* Outside canonical mode keys are read as the console's input records and given as a Linux terminal (xterm) sends
 * them: a character as itself (with Alt and without Ctrl - not AltGr - after an ESC), and the keys that have no
 * character as their escape sequences; Backspace as DEL. (The console's own ENABLE_VIRTUAL_TERMINAL_INPUT, which would make them,
 * is left off: Wine's does not make them, and the module's are the same on every host.) A release, the mouse, focus
 * and size changes give nothing. */
static const char *const key_sequences[0x7c] = {
    [0x21] = "\033[5~", [0x22] = "\033[6~", [0x23] = "\033[F", [0x24] = "\033[H",            /* Page Up, Down, End, Home */
    [0x25] = "\033[D", [0x26] = "\033[A", [0x27] = "\033[C", [0x28] = "\033[B",              /* Left, Up, Right, Down */
    [0x2d] = "\033[2~", [0x2e] = "\033[3~",                                                  /* Insert, Delete */
    [0x70] = "\033OP", [0x71] = "\033OQ", [0x72] = "\033OR", [0x73] = "\033OS",              /* F1 - F4 */
    [0x74] = "\033[15~", [0x75] = "\033[17~", [0x76] = "\033[18~", [0x77] = "\033[19~",      /* F5 - F8 */
    [0x78] = "\033[20~", [0x79] = "\033[21~", [0x7a] = "\033[23~", [0x7b] = "\033[24~",      /* F9 - F12 */
};
#define KEY_TEXT_MAX 6         /* the longest sequence, or ESC and a character */
#define KEY_REPEAT_MAX 16
#define LEFT_OR_RIGHT_ALT 0x3
#define LEFT_OR_RIGHT_CTRL 0xc
#define VK_BACK 0x08

/* What one record types (UTF-16, at most KEY_TEXT_MAX * KEY_REPEAT_MAX units at `out`): their count. */
static DWORD key_text(const struct win_input_record *r, WCHAR *out)
{
    if (r->type != KEY_EVENT || !r->key_down) return 0;
    WCHAR one[KEY_TEXT_MAX];
    DWORD length = 0;
    if (r->character) {
        if ((r->control_keys & LEFT_OR_RIGHT_ALT) && !(r->control_keys & LEFT_OR_RIGHT_CTRL)) one[length++] = 0x1b;
        /* Backspace: DEL, as a Linux terminal sends it (VERASE); Windows gives Ctrl-H. */
        one[length++] = r->virtual_key == VK_BACK && r->character == 0x08 ? 0x7f : r->character;
    } else if (r->virtual_key < sizeof key_sequences / sizeof key_sequences[0] && key_sequences[r->virtual_key]) {
        for (const char *c = key_sequences[r->virtual_key]; *c; c++) one[length++] = (WCHAR)*c;
    }
    DWORD repeat = r->repeat == 0 ? 1 : r->repeat > KEY_REPEAT_MAX ? KEY_REPEAT_MAX : r->repeat, total = 0;
    for (DWORD i = 0; i < repeat; i++, total += length) memcpy(out + total, one, length * sizeof(WCHAR));
    return total;
}

/* Waits for the console's input (alertable, in slices with the checkpoint between: the core's interruption is a user
 * APC) until `deadline` (monotonic ns; INT64_MAX: none). 1: input is there; 0: the deadline passed; -EINTR. */
static intptr_t wait_for_input(HANDLE input, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline == INT64_MAX ? LX_SLICE_NS : deadline - monotonic_ns();
        if (left <= 0) return 0;
        if (left > LX_SLICE_NS) left = LX_SLICE_NS;
        DWORD waited = WaitForSingleObjectEx(input, (DWORD)((left + 999999) / 1000000), 1);
        if (waited == WAIT_OBJECT_0) return 1;
        if (waited == WAIT_FAILED) return lx_last_error();
        if (lx_checkpoint_interrupted()) return -LINUX_EINTR;
    }
}

/* Reads the keys typed, as text (UTF-16) into `out` of `capacity` units: waits for at least one character until
 * `deadline`. The count (0: none came), or -EINTR, or -errno. */
static intptr_t read_keys(HANDLE input, WCHAR *out, DWORD capacity, int64_t deadline)
{
    for (;;) {
        DWORD produced = 0, available = 0;
        while (capacity - produced >= KEY_TEXT_MAX * KEY_REPEAT_MAX && GetNumberOfConsoleInputEvents(input, &available) &&
               available > 0) {
            struct win_input_record record;
            DWORD n = 0;
            if (!ReadConsoleInputW(input, &record, 1, &n)) return produced ? (intptr_t)produced : lx_last_error();
            if (n == 0) break;
            produced += key_text(&record, out + produced);
        }
        if (produced > 0) return (intptr_t)produced;
        intptr_t waited = wait_for_input(input, deadline);
        if (waited <= 0) return waited;
    }
}

/* Whether a key waits at the head of the input buffer; what types nothing there is taken out of the way. */
static int key_waits(HANDLE input)
{
    for (;;) {
        struct win_input_record record;
        DWORD n = 0;
        WCHAR text[KEY_TEXT_MAX * KEY_REPEAT_MAX];
        if (!PeekConsoleInputW(input, &record, 1, &n) || n == 0) return 0;
        if (key_text(&record, text) > 0) return 1;
        if (!ReadConsoleInputW(input, &record, 1, &n)) return 0;
    }
}

int win_console_readable(struct win_file *f)
{
    host_lock(&f->lock);
    int kept = f->input_at < f->input_length;
    host_unlock(&f->lock);
    if (kept) return 1;
    if (reading_of(f).line) return WaitForSingleObject(f->handle, 0) == WAIT_OBJECT_0;
    return key_waits(f->handle);
}

intptr_t win_console_flush_input(struct win_file *f)
{
    host_lock(&modes_lock);
    HANDLE input = input_of(f);
    host_unlock(&modes_lock);
    if (!input) return -LINUX_ENOTTY;
    host_lock(&f->lock);
    f->input_at = f->input_length;
    host_unlock(&f->lock);
    FlushConsoleInputBuffer(input);
    return 0;
}

/* ---- reading and writing -------------------------------------------------------------------------------- */

/* ECHO outside canonical mode: what was read, written to the screen. */
static void echo(struct win_file *f, const WCHAR *text, DWORD length)
{
    host_lock(&modes_lock);
    HANDLE screen = screen_of(f);
    host_unlock(&modes_lock);
    DWORD written;
    if (screen) WriteConsoleW(screen, text, length, &written, NULL);
}

/* Ctrl-C ends a console read (Windows: ERROR_OPERATION_ABORTED; Wine: ERROR_INVALID_HANDLE, the handle still a
 * console), and so does the core's interrupt or kill. The SIGINT Ctrl-C stands for reaches the program through the
 * core a moment later: the read waits that moment for the core's interrupt, then ends with EINTR, as Linux's read
 * ends when the terminal's ^C interrupts it, or reads again (SIGINT ignored). 1: read again; -1: EINTR; 0: not a
 * cut, a real error. */
static int console_read_cut(struct win_file *f, DWORD error)
{
    DWORD mode;
    if (error != ERROR_OPERATION_ABORTED && !(error == ERROR_INVALID_HANDLE && GetConsoleMode(f->handle, &mode))) return 0;
    for (int i = 0; i < 20; i++) {
        if (lx_checkpoint_interrupted()) return -1;
        Sleep(5);
    }
    return 1;
}

/* Console input as UTF-8: in canonical mode a line of the console's editing, its "\r\n" as "\n", a line starting
 * with Ctrl-Z as the end of input (VEOF); outside it, the keys typed (reading_of: ICRNL, VMIN and VTIME, ECHO).
 * What does not fit the caller's buffer is kept for the next read, as a terminal keeps the rest of a line. */
#define CONSOLE_LINE 1024
intptr_t win_console_read(struct win_file *f, void *guest, size_t count)
{
    host_lock(&f->lock);
    if (f->input_at == f->input_length) {
        host_unlock(&f->lock);
        struct reading how = reading_of(f);
        WCHAR wide[CONSOLE_LINE];
        DWORD got = 0;
        if (!how.line) {
            int64_t deadline = how.wait_ms < 0 ? INT64_MAX : lx_add_ns(monotonic_ns(), (int64_t)how.wait_ms * 1000000);
            intptr_t keys = read_keys(f->handle, wide, CONSOLE_LINE, deadline);
            if (keys <= 0) return keys;
            got = (DWORD)keys;
        } else {
            while (!ReadConsoleW(f->handle, wide, CONSOLE_LINE, &got, NULL)) {
                DWORD error = GetLastError();
                int cut = console_read_cut(f, error);
                if (cut < 0) return -LINUX_EINTR;
                if (cut == 0) return -lx_win_errno(error);
            }
        }
        if (got == 0 || (how.line && wide[0] == 0x1a)) return 0;
        if (how.echo_here) echo(f, wide, got);
        char *text = host_alloc(CONSOLE_LINE * 3);
        if (text == NULL) return -LINUX_ENOMEM;
        int n = WideCharToMultiByte(CP_UTF8, 0, wide, (int)got, text, CONSOLE_LINE * 3, NULL, NULL);
        uint32_t length = 0;
        for (int i = 0; i < n; i++) {
            if (text[i] == '\r' && how.line) {
                text[length++] = '\n';
                if (i + 1 < n && text[i + 1] == '\n') i++;
            } else if (text[i] == '\r' && how.cr_as_newline) {
                text[length++] = '\n';
            } else {
                text[length++] = text[i];
            }
        }
        host_lock(&f->lock);
        if (f->input_at < f->input_length) {   /* another thread read a line meanwhile: it goes first */
            host_free(text);
        } else {
            host_free(f->input);
            f->input = text;
            f->input_at = 0;
            f->input_length = length;
        }
    }
    size_t n = f->input_length - f->input_at < count ? f->input_length - f->input_at : count;
    intptr_t r = lx_copy_out(guest, f->input + f->input_at, n) == 0 ? (intptr_t)n : -LINUX_EFAULT;
    if (r > 0) f->input_at += (uint32_t)n;
    host_unlock(&f->lock);
    return r;
}

/* Console output: UTF-8 as UTF-16, a sequence cut at the end of one write finished by the next. The first write
 * turns on the screen's handling of escape sequences (a console that has none shows them as they are). */
intptr_t win_console_write(struct win_file *f, const void *guest, size_t count)
{
    static int escapes_asked;
    DWORD mode;
    if (!__atomic_exchange_n(&escapes_asked, 1, __ATOMIC_RELAXED) && GetConsoleMode(f->handle, &mode) && !is_input(f->handle))
        SetConsoleMode(f->handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    unsigned char bytes[1024];
    WCHAR wide[1024 + 4];
    size_t done = 0;
    host_lock(&f->lock);
    while (done < count) {
        size_t chunk = count - done < sizeof bytes - 4 ? count - done : sizeof bytes - 4;
        size_t n = f->pending_count;
        memcpy(bytes, f->pending, n);
        if (lx_copy_in(bytes + n, (const char *)guest + done, chunk) != 0) {
            host_unlock(&f->lock);
            return done ? (intptr_t)done : -LINUX_EFAULT;
        }
        n += chunk;
        /* Keep back an incomplete sequence at the end. */
        size_t complete = n, back = 0;
        while (back < 3 && back < n && (bytes[n - 1 - back] & 0xc0) == 0x80) back++;
        if (back < n) {
            unsigned char lead = bytes[n - 1 - back];
            size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
            if (need > back + 1) complete = n - 1 - back;
        }
        f->pending_count = (uint8_t)(n - complete);
        memcpy(f->pending, bytes + complete, n - complete);
        int length = complete ? MultiByteToWideChar(CP_UTF8, 0, (const char *)bytes, (int)complete, wide, (int)(sizeof wide / sizeof wide[0])) : 0;
        DWORD written;
        if (length > 0 && !WriteConsoleW(f->handle, wide, (DWORD)length, &written, NULL)) {
            intptr_t error = lx_last_error();
            host_unlock(&f->lock);
            return done ? (intptr_t)done : error;
        }
        done += chunk;
    }
    host_unlock(&f->lock);
    return (intptr_t)done;
}
