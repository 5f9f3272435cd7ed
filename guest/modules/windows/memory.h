/* memory.h - what memory.c offers the rest of the Windows memory module (memory_fork.c). */
#ifndef MC_WINDOWS_MEMORY_H
#define MC_WINDOWS_MEMORY_H
#include "windows.h"

/* Linux's PROT_* bits as a page protection. */
MC_HIDDEN DWORD memory_protection(intptr_t prot);

#endif
