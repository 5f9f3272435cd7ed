/* A fault on a host thread that the core never entered (created by the host libc's pthread_create):
 * not a guest fault (docs/faults.md), so it goes to the handler that was there before, as it always did.
 *   trap   SIGILL: no .NET handler for it on NativeAOT, so the default action (the process dies of SIGILL)
 *   null   SIGSEGV: .NET's handler, which passes a fault outside managed code on to the default action */
typedef unsigned long pthread_t;
int pthread_create(pthread_t *thread, const void *attr, void *(*start)(void *), void *arg);
int pthread_join(pthread_t thread, void **value);

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

static volatile int zero;

static void *body(void *trap)
{
    if (trap) __builtin_trap();
    *(volatile int *)(unsigned long)zero = 1;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    pthread_t thread;
    if (pthread_create(&thread, 0, body, str_eq(argv[1], "trap") ? (void *)1 : 0) != 0) return 20;
    pthread_join(thread, 0);
    return 100;
}
