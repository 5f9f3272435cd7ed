/* Calls each of libhash's 60 functions and reads its variable; prints the sum. */
#include "loader.h"

#define D(n) int hash_fn_##n(void);
#define D10(d) D(d##0) D(d##1) D(d##2) D(d##3) D(d##4) D(d##5) D(d##6) D(d##7) D(d##8) D(d##9)
D10(1) D10(2) D10(3) D10(4) D10(5) D10(6)
extern int hash_data;

#define C(n) + hash_fn_##n()
#define C10(d) C(d##0) C(d##1) C(d##2) C(d##3) C(d##4) C(d##5) C(d##6) C(d##7) C(d##8) C(d##9)

int main(void)
{
    long sum = 0 C10(1) C10(2) C10(3) C10(4) C10(5) C10(6);
    say("sum %ld, data %d", sum, hash_data);
    return 0;
}
