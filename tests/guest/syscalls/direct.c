/* -2 returns a native-callable pointer even for a C# handler; call it directly, bypassing the table. */
#include <microcosm.h>

int main(void)
{
    mc_handler_t fn = mc_get(1000);
    if (!fn) return -1;
    return (int)fn(1000, 40, 2, 0, 0, 0, 0);
}
