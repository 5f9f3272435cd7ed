/* Registration of a module's syscall table, from its constructor. */
#include "module.h"

void mc_register_all(const struct mc_syscall_entry *entries, size_t count)
{
    for (size_t i = 0; i < count; i++)
        mc_register(entries[i].num, entries[i].fn);
}
