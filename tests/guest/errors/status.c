/* Returns the decimal number in argv[1] (0-255) as its exit status. */
int main(int argc, char **argv)
{
    if (argc != 2) return 100;
    int n = 0;
    for (const char *p = argv[1]; *p; p++) {
        if (*p < '0' || *p > '9') return 101;
        n = n * 10 + (*p - '0');
    }
    return n;
}
