long leaf_divide(long a, long b) { return a / b; }   /* 128-bit division would pull in libgcc */
unsigned __int128 leaf_mul128(unsigned long a, unsigned long b) { return (unsigned __int128)a * b; }
__int128 leaf_div128(__int128 a, __int128 b) { return a / b; }
