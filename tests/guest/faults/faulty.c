/* A shared library whose function faults: the report must name the library and the function. */
__attribute__((noinline)) void faulty_store(volatile int *p, int value) { *p = value; }

int faulty_entry(int value)
{
    faulty_store((volatile int *)0x10, value);
    return value;
}
