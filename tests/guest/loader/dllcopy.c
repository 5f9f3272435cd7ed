/* Reads msvcrt.dll's __argc, an exported int. The program's code reaches it directly, so the link copies it into
 * the program (an R_X86_64_COPY): the Windows host refuses that before anything runs, naming the symbol, since a
 * DLL's export says nothing of its size (docs/hosts.md). */
extern int __argc;

int main(void)
{
    return __argc;
}
