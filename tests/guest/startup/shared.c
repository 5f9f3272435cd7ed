/* A program that depends on a module shares the loaded copy: same state, constructor run once. */
#include <stdio.h>
#include <microcosm.h>

extern int modb_state, modb_constructed;
int modb_value(void);

int main(void)
{
    int *seen_by_module = (int *)mc_syscall(5002, 0, 0, 0, 0);
    modb_state = 42;
    printf("same %s, value %d, constructed %d\n", seen_by_module == &modb_state ? "yes" : "no", modb_value(), modb_constructed);
    return 0;
}
