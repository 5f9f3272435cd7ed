/* check.h - what the module test programs share. They are built -nolibc: every service comes from
 * the standard modules through mc_syscall6 with Linux numbers, and the numbers, flags and structure
 * layouts come from the Linux kernel's own UAPI headers - an independent check of the modules'
 * private linux_abi.h.
 *
 * A test is a subcommand (argv[1]) returning 0; a failed check prints "FAIL file:line: expression =
 * value (want value)" on stderr and makes the subcommand return 1.
 */
#ifndef MODULE_TEST_CHECK_H
#define MODULE_TEST_CHECK_H

#include <microcosm.h>
#include <asm/unistd.h>
#include <asm/stat.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>      /* SEEK_* */
#include <linux/stat.h>    /* S_IF*, unless a libc header came first: see below */
#include <linux/time.h>

/* sys(__NR_x, args...): a Linux syscall through the modules, missing arguments 0. */
#define SYS_(n, a, b, c, d, e, f, ...) \
    mc_syscall6((n), (intptr_t)(a), (intptr_t)(b), (intptr_t)(c), (intptr_t)(d), (intptr_t)(e), (intptr_t)(f))
#define sys(...) SYS_(__VA_ARGS__, 0, 0, 0, 0, 0, 0)

/* linux/stat.h leaves the file types to glibc when it sees glibc's headers (stdint.h pulls them in). */
#ifndef S_IFMT
#define S_IFMT   0170000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFDIR  0040000
#endif

/* Not in the kernel's UAPI headers (they are libc's): the values every Linux libc uses. */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[];
};

/* ---- text output (write(2) on fd 1 or 2) ------------------------------------------------------------- */

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t str_len(const char *s);
int str_eq(const char *a, const char *b);
int str_starts(const char *s, const char *prefix);
int mem_eq(const void *a, const void *b, size_t n);
void put_str(int fd, const char *s);
void put_num(int fd, long value);
void put_line(int fd, const char *name, long value);   /* "name=value\n" */
/* Joins a directory and a name into buf ("dir/name"). Returns buf. */
char *path_join(char *buf, const char *dir, const char *name);
long now_ns(int clock);

void check_failed(const char *file, int line, const char *expression, long got, long want);

#define CHECK_EQ(expression, expected) do { \
        long got_ = (long)(expression), want_ = (long)(expected); \
        if (got_ != want_) { check_failed(__FILE__, __LINE__, #expression, got_, want_); return 1; } \
    } while (0)
#define CHECK(condition) do { \
        long got_ = (long)(condition); \
        if (!got_) { check_failed(__FILE__, __LINE__, #condition, got_, 1); return 1; } \
    } while (0)

/* A program's subcommands: { "name", function }, ending with { 0, 0 }. main() in check.c runs argv[1]. */
struct test {
    const char *name;
    int (*run)(int argc, char **argv);
};
extern const struct test tests[];

#endif
