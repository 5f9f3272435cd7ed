/* program -> libtop.so -> libmid.so -> libleaf.so, and the program needs libleaf.so directly too.
 * Prints the values computed down the chain, the shared counter, and every initializer and
 * finalizer as it runs (the program's .preinit_array first, then dependencies first). */
#include "loader.h"

int top_value(void);
int top_bump_leaf(void);
int leaf_bump(void);
void *top_leaf_bump_address(void); /* libmid.so's view of leaf_bump */

static void preinit(int argc, char **argv, char **envp)
{
    (void)argv; (void)envp;
    say("preinit program (argc %d)", argc);
}
__attribute__((section(".preinit_array"), used)) static void (*const preinit_entry)(int, char **, char **) = preinit;

__attribute__((constructor(101))) static void init_first(void) { say("init program 101"); }
__attribute__((constructor(102))) static void init_second(void) { say("init program 102"); }
__attribute__((destructor(101))) static void fini_101(void) { say("fini program 101"); }
__attribute__((destructor(102))) static void fini_102(void) { say("fini program 102"); }

int main(int argc, char **argv)
{
    (void)argc; (void)argv;
    say("top_value %d", top_value());
    int first = leaf_bump();
    int second = top_bump_leaf();
    int third = leaf_bump();
    say("counter %d %d %d", first, second, third);
    say("same leaf_bump %s", top_leaf_bump_address() == (void *)leaf_bump ? "yes" : "no");
    return top_value();
}
