/* The program itself uses __thread (a PT_TLS segment, local-exec accesses without relocations): exits with 3 + argc. */
__thread int per_thread_value = 3;
int main(int argc, char **argv)
{
    (void)argv;
    per_thread_value += argc;
    return per_thread_value;
}
