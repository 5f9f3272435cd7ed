/* Calls into libfaulty.so, which writes to an unmapped address. */
int faulty_entry(int value);

int main(void) { return faulty_entry(5) == 5 ? 100 : 101; }
