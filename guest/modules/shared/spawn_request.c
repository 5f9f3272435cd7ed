/* Copies of what a guest passes to mc_process_spawn (spawn_request.h). */
#include <stddef.h>
#include <string.h>
#include "host.h"
#include "spawn_request.h"

#define MAX_STRING (128 * 1024)
#define MAX_VECTOR (1 << 20)

static void free_vector(char **vector)
{
    if (vector == NULL) return;
    for (char **p = vector; *p; p++) host_free(*p);
    host_free(vector);
}

void spawn_copy_free(struct spawn_copy *c)
{
    host_free(c->path);
    free_vector(c->argv);
    free_vector(c->envp);
    if (c->actions)
        for (size_t i = 0; i < c->request.action_count; i++) host_free((char *)c->actions[i].path);
    host_free(c->actions);
}

/* A guest's NULL-terminated array of strings. */
static intptr_t copy_vector(char *const *guest, char ***out)
{
    size_t count = 0, room = 16;
    char **copy = host_alloc((room + 1) * sizeof *copy);
    if (copy == NULL) return -LINUX_ENOMEM;
    for (;;) {
        const char *item;
        if (LX_COPY_IN(item, guest + count) != 0) {
            free_vector(copy);
            return -LINUX_EFAULT;
        }
        if (item == NULL) break;
        if (count == MAX_VECTOR) {
            free_vector(copy);
            return -LINUX_E2BIG;
        }
        if (count == room) {
            char **grown = host_realloc(copy, (room * 2 + 1) * sizeof *copy);
            if (grown == NULL) {
                free_vector(copy);
                return -LINUX_ENOMEM;
            }
            copy = grown;
            memset(copy + room, 0, (room + 1) * sizeof *copy);
            room *= 2;
        }
        intptr_t r = lx_string_dup(item, MAX_STRING, &copy[count]);
        if (r < 0) {
            copy[count] = NULL;
            free_vector(copy);
            return r;
        }
        count++;
    }
    *out = copy;
    return 0;
}

intptr_t spawn_copy_in(struct spawn_copy *c, intptr_t path, intptr_t argv, intptr_t envp, intptr_t request)
{
    intptr_t r;
    memset(c, 0, sizeof *c);
    if ((r = lx_string_dup((const char *)path, LINUX_PATH_MAX, &c->path)) < 0) return r == -LINUX_E2BIG ? -LINUX_ENAMETOOLONG : r;
    if ((r = copy_vector((char *const *)argv, &c->argv)) < 0) return r;
    if ((r = copy_vector((char *const *)envp, &c->envp)) < 0) return r;
    if (request == 0) return 0;
    size_t size;
    if (LX_COPY_IN(size, (const void *)request) != 0) return -LINUX_EFAULT;
    /* Fields are only appended: a program built before sig_ignore and sig_mask passes the first five, and the rest
     * stays 0 (its flags cannot name them). */
    size_t first = offsetof(struct mc_spawn_request, sig_ignore);
    if (size < first) return -LINUX_EINVAL;
    if (lx_copy_in(&c->request, (const void *)request, size < sizeof c->request ? first : sizeof c->request) != 0)
        return -LINUX_EFAULT;
    if (c->request.action_count > MAX_VECTOR) return -LINUX_EINVAL;
    /* An exec has no actions, and of the flags only which signals go on. */
    if ((c->request.flags & MC_SPAWN_EXEC) &&
        (c->request.action_count || (c->request.flags & ~(uint64_t)(MC_SPAWN_EXEC | MC_SPAWN_SIGNALS))))
        return -LINUX_EINVAL;
    size_t count = c->request.action_count;
    c->actions = host_alloc((count ? count : 1) * sizeof *c->actions);
    if (c->actions == NULL) {
        c->request.action_count = 0;
        return -LINUX_ENOMEM;
    }
    if (lx_copy_in(c->actions, c->request.actions, count * sizeof *c->actions) != 0) {
        memset(c->actions, 0, count * sizeof *c->actions);
        return -LINUX_EFAULT;
    }
    for (size_t i = 0; i < count; i++) {
        const char *guest_path = c->actions[i].path;
        c->actions[i].path = NULL;
        if (guest_path == NULL) continue;   /* an action that needs one fails with EFAULT below */
        char *copy;
        if ((r = lx_string_dup(guest_path, LINUX_PATH_MAX, &copy)) < 0) return r == -LINUX_E2BIG ? -LINUX_ENAMETOOLONG : r;
        c->actions[i].path = copy;
    }
    return 0;
}

intptr_t lx_end_as_child(intptr_t pid, intptr_t (*wait4)(intptr_t, intptr_t, intptr_t, intptr_t, intptr_t, intptr_t, intptr_t))
{
    int32_t status = 0;
    intptr_t r;
    do r = wait4(LINUX_SYS_wait4, pid, (intptr_t)&status, 0, 0, 0, 0);
    while (r == -LINUX_EINTR);   /* the program's handlers are gone with its image: nothing runs them */
    if (r < 0) return r;
    int signal = status & 0x7f;
    if (signal != 0 && signal != 0x7f) {
        mc_exit_signal(signal);
    } else {
        mc_syscall(MC_SYS_KILL, 1, (status >> 8) & 0xff, 0, 0);   /* as exit_group: the main thread, then this one */
        mc_syscall(MC_SYS_KILL, 0, (status >> 8) & 0xff, 0, 0);
    }
    return 0;   /* an adopted thread, released: it goes on as a host thread */
}
