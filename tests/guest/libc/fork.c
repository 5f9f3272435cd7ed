/* fork.c - fork as POSIX gives it, compared with the same program built natively (LibcTests): the child is a copy
 * of the caller's memory (data, heap, mmap'd pages, the stack) that changes apart from the parent's; it shares the
 * parent's open files (offsets too) and keeps close-on-exec descriptors; only the calling thread goes on in it, and it
 * can start threads of its own, fork again, exec, or be ended by a signal or by overflowing its stack (a copy of the
 * parent's); atfork handlers run in POSIX's order; pending signals and alarms are not inherited, handlers are; stdio
 * buffers are copied as they stand. A forking server answers clients, each connection in a child of its own. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int global = 1;

static void report(const char *what, int status)
{
    if (WIFEXITED(status)) printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else printf("%s: status 0x%x\n", what, status);
}

static int wait_for(pid_t pid)
{
    int status = -1;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return status;
}

/* Every fork but the first flushes first: what a child's copy of the buffer holds would depend on its size. */
static pid_t fork_flushed(void)
{
    fflush(stdout);
    return fork();
}

static char order[64];
static void add(char c) { size_t n = strlen(order); order[n] = c; order[n + 1] = 0; }
static void prepare1(void) { add('P'); }
static void prepare2(void) { add('p'); }
static void parent1(void) { add('A'); }
static void parent2(void) { add('a'); }
static void child1(void) { add('C'); }
static void child2(void) { add('c'); }

static void copies(void)
{
    char *heap = malloc(64);
    strcpy(heap, "heap");
    char *mapped = mmap(NULL, 3 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(mapped, 'm', 3 << 20);
    char on_stack[32] = "stack";
    pid_t pid = fork_flushed();
    if (pid == 0) {
        printf("child sees: global %d, %s, %c%c, %s\n", global, heap, mapped[0], mapped[(3 << 20) - 1], on_stack);
        global = 2;
        strcpy(heap, "HEAP");
        mapped[0] = 'M';
        strcpy(on_stack, "STACK");
        printf("child changed: global %d, %s, %c, %s\n", global, heap, mapped[0], on_stack);
        fflush(stdout);
        _exit(0);
    }
    report("copy child", wait_for(pid));
    printf("parent keeps: global %d, %s, %c, %s\n", global, heap, mapped[0], on_stack);
    munmap(mapped, 3 << 20);
    free(heap);
}

static void files(void)
{
    char name[] = "/tmp/microcosm-fork-XXXXXX";
    int fd = mkstemp(name);
    int cloexec = open(name, O_RDONLY | O_CLOEXEC);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        write(fd, "child,", 6);
        printf("child: close-on-exec kept %s\n", fcntl(cloexec, F_GETFD) == FD_CLOEXEC ? "yes" : "no");
        printf("child: parent is %s\n", getppid() > 1 ? "there" : "gone");
        fflush(stdout);
        _exit(0);
    }
    report("file child", wait_for(pid));
    write(fd, "parent", 6);
    char text[32] = { 0 };
    pread(fd, text, sizeof text - 1, 0);
    printf("shared offset: %s\n", text);
    close(cloexec);
    close(fd);
    unlink(name);
}

static void *twice(void *arg) { return (void *)((intptr_t)arg * 2); }

/* Heap churn whose blocks must keep their contents: two of these at once in a child need the heap's lock to be a
 * real one there (a single-threaded parent's child starts its threads like any program). */
static void *churn(void *arg)
{
    unsigned seed = (unsigned)(intptr_t)arg;
    char *blocks[16] = { 0 };
    intptr_t bad = 0;
    for (int i = 0; i < 20000; i++) {
        seed = seed * 1103515245u + 12345u;
        int k = (int)(seed >> 16) % 16;
        if (blocks[k]) {
            for (int j = 0; j < 64; j++) bad += blocks[k][j] != (char)k;
            free(blocks[k]);
        }
        blocks[k] = malloc(64 + (seed >> 8) % 2000);
        memset(blocks[k], k, 64);
    }
    for (int k = 0; k < 16; k++) free(blocks[k]);
    return (void *)bad;
}

static void children(void)
{
    pid_t pid = fork_flushed();
    if (pid == 0) {
        pthread_t t;
        void *result;
        pthread_create(&t, NULL, twice, (void *)21);
        pthread_join(t, &result);
        _exit((int)(intptr_t)result);
    }
    report("child with a thread of its own", wait_for(pid));
    pid = fork_flushed();
    if (pid == 0) {
        pthread_t a, b;
        void *bad_a, *bad_b;
        pthread_create(&a, NULL, churn, (void *)1);
        pthread_create(&b, NULL, churn, (void *)2);
        pthread_join(a, &bad_a);
        pthread_join(b, &bad_b);
        _exit(bad_a || bad_b ? 1 : 0);
    }
    report("child whose two threads share the heap", wait_for(pid));
    pid = fork_flushed();
    if (pid == 0) {
        pid_t grandchild = fork_flushed();
        if (grandchild == 0) _exit(5);
        if (grandchild < 0) _exit(100 + errno);   /* a failure says why (native prints none of these) */
        int status = wait_for(grandchild);
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) + 1 : WIFSIGNALED(status) ? 200 + WTERMSIG(status) : 99);
    }
    report("child of a child, plus one", wait_for(pid));
    int sum = 0;
    for (int i = 0; i < 10; i++) {
        pid = fork_flushed();
        if (pid == 0) _exit(i);
        int status = wait_for(pid);
        sum += WIFEXITED(status) ? WEXITSTATUS(status) : 100;
    }
    printf("ten children: %d\n", sum);
    fflush(stdout);
    pid = vfork();
    if (pid == 0) _exit(4);
    report("vfork", wait_for(pid));
}

static volatile int forever = 1;

/* Recurses until the stack overflows (`forever` is never 0; the compiler cannot know). */
static int recurse(int n)
{
    volatile char pad[1024];
    pad[0] = (char)n;
    return forever ? recurse(n + 1) + pad[0] : 0;
}

static void exec_and_signals(void)
{
    int p[2];
    pipe(p);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]);
        close(p[1]);
        /* A host program: Windows has no echo program (cmd's is built in, and ends its line with \r\n). */
        if (on_windows()) execl("C:/windows/system32/cmd.exe", "cmd", "/c", "echo hello through a pipe", (char *)NULL);
        else execlp("echo", "echo", "hello through a pipe", (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char line[64] = { 0 };
    read(p[0], line, sizeof line - 1);
    close(p[0]);
    line[strcspn(line, "\r\n")] = 0;
    printf("from the child's exec: %s\n", line);
    report("exec child", wait_for(pid));

    pid = fork_flushed();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    usleep(50 * 1000);
    kill(pid, SIGTERM);
    report("child sent SIGTERM", wait_for(pid));

    pid = fork_flushed();
    if (pid == 0) abort();
    report("child that aborts", wait_for(pid));

    /* Its stack is a copy of the parent's, where the parent had it: its guard stops the overflow as the parent's would. */
    pid = fork_flushed();
    if (pid == 0) _exit(recurse(1));
    report("child that overflows its stack", wait_for(pid));

    sigset_t usr2, was;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    sigprocmask(SIG_BLOCK, &usr2, &was);
    raise(SIGUSR2);
    alarm(100);
    pid = fork_flushed();
    if (pid == 0) {
        sigset_t pending;
        sigpending(&pending);
        printf("child: SIGUSR2 pending %s, alarm left %u\n", sigismember(&pending, SIGUSR2) ? "yes" : "no", alarm(0));
        fflush(stdout);
        _exit(0);
    }
    report("signal state child", wait_for(pid));
    sigset_t pending;
    sigpending(&pending);
    printf("parent: SIGUSR2 pending %s, alarm set %s\n", sigismember(&pending, SIGUSR2) ? "yes" : "no", alarm(0) > 0 ? "yes" : "no");
    signal(SIGUSR2, SIG_IGN);
    sigprocmask(SIG_SETMASK, &was, NULL);
    signal(SIGUSR2, SIG_DFL);
}

static void upper_each_line(int connection)
{
    char buffer[128];
    ssize_t n;
    while ((n = read(connection, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < n; i++) buffer[i] = (char)toupper((unsigned char)buffer[i]);
        write(connection, buffer, (size_t)n);
    }
}

static volatile sig_atomic_t children_ended;
static void on_child(int sig) { (void)sig; children_ended = 1; }

/* Forks while earlier children end: each end sends SIGCHLD, which a program with a handler takes; it must not cut a
 * fork short (Linux delivers it after). */
static void while_children_end(void)
{
    signal(SIGCHLD, on_child);
    pid_t pids[10];
    int failed = 0;
    for (int i = 0; i < 10; i++) {
        pids[i] = fork_flushed();
        if (pids[i] == 0) _exit(0);
        if (pids[i] < 0) {
            failed++;
            fprintf(stderr, "fork %d of 10 failed: %s\n", i + 1, strerror(errno));   /* rare on Windows under load */
        }
        usleep(5000);
    }
    int ended = 0;
    for (int i = 0; i < 10; i++)
        if (pids[i] > 0 && WIFEXITED(wait_for(pids[i]))) ended++;
    signal(SIGCHLD, SIG_DFL);
    printf("forks while children ended: %d failed, %d ended, SIGCHLD %s\n", failed, ended, children_ended ? "taken" : "not taken");
}

/* A forking server: each accepted connection is served by a child of its own; the clients are children too. */
static void server(void)
{
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 8) != 0
        || getsockname(listener, (struct sockaddr *)&address, &length) != 0) {
        printf("server: cannot listen\n");
        return;
    }
    pid_t clients[3];
    for (int i = 0; i < 3; i++) {
        clients[i] = fork_flushed();
        if (clients[i] == 0) {
            close(listener);
            int s = socket(AF_INET, SOCK_STREAM, 0);
            if (connect(s, (struct sockaddr *)&address, sizeof address) != 0) _exit(2);
            char message[32], answer[32] = { 0 };
            int n = snprintf(message, sizeof message, "client %d", i);
            write(s, message, (size_t)n);
            shutdown(s, SHUT_WR);
            size_t got = 0;
            ssize_t r;
            while ((r = read(s, answer + got, sizeof answer - 1 - got)) > 0) got += (size_t)r;
            _exit(strncmp(answer, "CLIENT ", 7) == 0 && answer[7] == '0' + i ? 0 : 1);
        }
    }
    pid_t handlers[3];
    for (int i = 0; i < 3; i++) {
        int connection = accept(listener, NULL, NULL);
        handlers[i] = fork_flushed();
        if (handlers[i] == 0) {
            close(listener);
            upper_each_line(connection);
            _exit(0);
        }
        close(connection);
    }
    int served = 0, answered = 0;
    for (int i = 0; i < 3; i++) {
        int status = wait_for(handlers[i]);
        served += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        status = wait_for(clients[i]);
        answered += WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    close(listener);
    printf("forking server: %d connections served, %d clients answered\n", served, answered);
}

int main(void)
{
    pthread_atfork(prepare1, parent1, child1);
    pthread_atfork(prepare2, parent2, child2);
    printf("unflushed before fork, ");   /* stdout is a pipe: buffered, so the child's copy holds this too */
    pid_t pid = fork();
    if (pid == 0) {
        printf("in the child (atfork %s)\n", order);
        exit(0);   /* flushes the copy */
    }
    report("first child", wait_for(pid));
    printf("atfork in the parent: %s\n", order);
    fflush(stdout);
    pthread_atfork(NULL, NULL, NULL);
    copies();
    files();
    children();
    exec_and_signals();
    while_children_end();
    server();
    fflush(stdout);
    return 0;
}
