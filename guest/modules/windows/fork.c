/* fork.c (in the Windows libmc-process.so): fork (57) as the POSIX host's (posix/fork.c, docs/processes.md "fork"):
 * the child is a new host process, `microcosm.exe fork-child`, that a fork image (written by the core, -20) turns into
 * a copy of the program, and the calling thread goes on there from `resume(arg)`.
 *
 * What Windows changes:
 *   - the channel is a duplex named pipe (Windows' anonymous pipes go one way); its child end is inherited and named
 *     by its handle value on the command line, and the program's descriptors travel as spawn hands them over
 *     (lpReserved2), close-on-exec ones too, listed for the child to mark again;
 *   - the child is created suspended and the core reserves the program's address ranges in it (VirtualAllocEx)
 *     before it runs: a child that started first would find its .NET runtime's memory where the program's was,
 *     since both processes place their runtimes the same way and the program's ranges are what came after. */
#include "spawn_request.h"
#include "windows.h"

/* A name of its own for each channel: the process id and a count. */
static void channel_name(WCHAR *out)
{
    static uint32_t serial;
    size_t at = wide_name(out, "\\\\.\\pipe\\microcosm-fork-", GetCurrentProcessId());
    out[at++] = '-';
    out[wide_decimal(out, at, __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED))] = 0;
}

/* The exit code of a child the parent ends before its copy ran (not FORK_ADDRESS_TAKEN: that is the child's own answer). */
#define FORK_GIVEN_UP 1

/* One attempt: the child's pid once its copy runs, -EAGAIN for a child that could not hold an address range the
 * program needs, or -errno. */
static intptr_t fork_once(intptr_t resume, intptr_t arg)
{
    WCHAR name[80];
    channel_name(name);
    HANDLE server = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_TYPE_BYTE | PIPE_REJECT_REMOTE_CLIENTS,
                                     1, 1 << 16, 1 << 16, 0, NULL);
    if (server == INVALID_HANDLE_VALUE) return lx_last_error();
    HANDLE client = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (client == INVALID_HANDLE_VALUE) {
        intptr_t error = lx_last_error();
        CloseHandle(server);
        return error;
    }
    struct win_process_information child;
    intptr_t r = spawn_fork_child(client, &child);
    CloseHandle(client);
    if (r < 0) {
        CloseHandle(server);
        return r;
    }
    /* Its group record before it runs: the program's group and session (groups.c). */
    HANDLE group = groups_give(child.process_id, groups_for_child(child.process_id, -1, 0));
    r = mc_syscall6(MC_SYS_FORK_IMAGE, (intptr_t)server, resume, arg, (intptr_t)child.process, (intptr_t)child.thread, 0);
    CloseHandle(child.thread);
    char restored = 0;
    DWORD got = 0;
    /* Not cut short by a signal for the program (kill interrupts a blocked call by cancelling it): fork is not
     * interrupted on Linux, and the child is either answering or ending. */
    while (r == 0 && !ReadFile(server, &restored, 1, &got, NULL) && GetLastError() == ERROR_OPERATION_ABORTED) {
    }
    CloseHandle(server);   /* a child that has not answered finds the channel closed, and does not run the copy */
    if (r == 0 && got == 1 && restored == 1) {
        if (!spawn_keep_child(child.process_id, child.process, group)) {
            CloseHandle(child.process);   /* it runs, unwaitable */
            if (group) CloseHandle(group);
        }
        return (intptr_t)child.process_id;
    }
    if (group) CloseHandle(group);
    /* A child whose channel broke while the core wrote the image (-EPIPE) is ending by itself (a range taken: it says so
     * with its exit code, which ending it here could overwrite while it ends); one the core did not start is still
     * suspended, and ended here. */
    if (r < 0 && WaitForSingleObject(child.process, r == -LINUX_EPIPE ? 5000 : 0) != WAIT_OBJECT_0)
        TerminateProcess(child.process, FORK_GIVEN_UP);
    WaitForSingleObject(child.process, INFINITE);
    DWORD code = 0;
    GetExitCodeProcess(child.process, &code);
    CloseHandle(child.process);
    /* A child that could not hold a range exits as soon as it knows, while the image may still be written: the write's
     * failure is then the child's answer, not the parent's. */
    if (code == FORK_ADDRESS_TAKEN) return -LINUX_EAGAIN;
    return r < 0 ? r : -LINUX_ENOMEM;   /* the child could not become the copy: Linux's answer when it cannot make one */
}

intptr_t win_fork(intptr_t resume, intptr_t arg)
{
    if (!mc_program_is_process()) return -LINUX_ENOSYS;   /* an embedder's program: its process is not the program's */
    intptr_t r = -LINUX_EAGAIN;
    for (int attempt = 0; attempt < FORK_ATTEMPTS && r == -LINUX_EAGAIN; attempt++) r = fork_once(resume, arg);
    return r;
}
