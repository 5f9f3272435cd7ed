/* options.c - getopt and getopt_long as glibc has them: "-" is an operand, operands are permuted
 * after the options, a short option's attached argument is taken whole ("-i=x" is "=x"), "--opt=ARG"
 * and "--opt ARG", abbreviations, and glibc's messages for an unknown, ambiguous or incomplete
 * option (checked on stderr by the test that runs this, as "ERRORS" lines). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "check.h"

static const struct option longopts[] = {
    { "in-place", optional_argument, NULL, 'i' },
    { "expression", required_argument, NULL, 'e' },
    { "expert", no_argument, NULL, 'x' },
    { "quiet", no_argument, NULL, 'n' },
    { NULL, 0, NULL, 0 },
};

/* Parses argv (NULL-terminated) and describes what getopt_long returned: "c[=arg] ... | operands". */
static const char *parse(const char *const *args)
{
    static char out[512];
    char *argv[32];
    int argc = 0;
    while (args[argc]) { argv[argc] = (char *)args[argc]; argc++; }
    argv[argc] = NULL;
    optind = 1;   /* a new scan (glibc also accepts 0) */
    out[0] = '\0';
    int c;
    while ((c = getopt_long(argc, argv, "ne:i::x", longopts, NULL)) != -1) {
        size_t n = strlen(out);
        if (c == '?') snprintf(out + n, sizeof out - n, "? ");
        else snprintf(out + n, sizeof out - n, "%c%s%s ", c, optarg ? "=" : "", optarg ? optarg : "");
    }
    strncat(out, "|", sizeof out - strlen(out) - 1);
    for (int i = optind; i < argc; i++) {
        strncat(out, " ", sizeof out - strlen(out) - 1);
        strncat(out, argv[i], sizeof out - strlen(out) - 1);
    }
    return out;
}

#define ARGS(...) ((const char *const[]){ "prog", __VA_ARGS__, NULL })

int main(void)
{
    CHECK_STR(parse(ARGS("-i", "s/b/X/", "-")), "i | s/b/X/ -");
    CHECK_STR(parse(ARGS("-n", "-", "x")), "n | - x");
    CHECK_STR(parse(ARGS("a", "-n", "b", "-e", "s", "c")), "n e=s | a b c");
    CHECK_STR(parse(ARGS("-i==*==", "f")), "i===*== | f");
    CHECK_STR(parse(ARGS("-es/x/y/", "--", "-n")), "e=s/x/y/ | -n");
    CHECK_STR(parse(ARGS("--in-place=.bak", "--expression", "p", "--quiet", "f")), "i=.bak e=p n | f");
    CHECK_STR(parse(ARGS("--qui", "--expr=1", "f")), "n e=1 | f");
    CHECK_STR(parse(ARGS("-nx", "f")), "n x | f");
    fputs("ERRORS\n", stderr);
    CHECK_STR(parse(ARGS("-z", "f")), "? | f");
    CHECK_STR(parse(ARGS("--frobnicate", "f")), "? | f");
    CHECK_STR(parse(ARGS("--exp", "f")), "? | f");
    CHECK_STR(parse(ARGS("--quiet=yes", "f")), "? | f");
    CHECK_STR(parse(ARGS("f", "-e")), "? | f");
    CHECK_STR(parse(ARGS("f", "--expression")), "? | f");
    return CHECK_DONE();
}
