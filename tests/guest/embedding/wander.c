/* wander: changes its working directory, as many programs do, in a host that runs others: prints where it starts,
 * makes a file there by a relative name, changes to DIR (argv[1], relative or not), prints where it is and makes
 * another file there. Its host's working directory and other instances' must not move (docs/embedding.md). */
#include <stdio.h>
#include <unistd.h>

static int make(const char *name)
{
    FILE *f = fopen(name, "w");
    return f != NULL && fclose(f) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    char cwd[4096];
    if (argc != 2 || getcwd(cwd, sizeof cwd) == NULL) return 2;
    printf("start %s\n", cwd);
    if (make("made-at-start") != 0 || chdir(argv[1]) != 0 || getcwd(cwd, sizeof cwd) == NULL) return 3;
    printf("now %s\n", cwd);
    return make("made-after-chdir");
}
