using System.Runtime.InteropServices;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Posix;

/// <summary>POSIX threads (glibc's), kernel thread ids, and the interrupt signal.</summary>
internal sealed unsafe partial class PosixThreads : HostThreads
{
    private const string Lib = "libc.so.6";
    private const int PTHREAD_CREATE_DETACHED = 1;
    private const int AttrSize = 64; // pthread_attr_t is 56 bytes on x86-64 glibc
    private const int ENOMEM = 12, ESRCH = 3;
    private const int SYS_gettid = 186;

    [LibraryImport(Lib)] private static partial int pthread_attr_init(byte* attr);
    [LibraryImport(Lib)] private static partial int pthread_attr_destroy(byte* attr);
    [LibraryImport(Lib)] private static partial int pthread_attr_setstacksize(byte* attr, nuint size);
    [LibraryImport(Lib)] private static partial int pthread_attr_setguardsize(byte* attr, nuint size);
    [LibraryImport(Lib)] private static partial int pthread_attr_setdetachstate(byte* attr, int state);
    [LibraryImport(Lib)] private static partial int pthread_create(nuint* thread, byte* attr, delegate* unmanaged<nint, nint> start, nint arg);
    [LibraryImport(Lib)] private static partial int pthread_join(nuint thread, nint* value);
    [LibraryImport(Lib)] private static partial int pthread_detach(nuint thread);
    [LibraryImport(Lib)] private static partial nuint pthread_self();
    [LibraryImport(Lib)] private static partial int pthread_getattr_np(nuint thread, byte* attr);
    [LibraryImport(Lib)] private static partial int pthread_attr_getstack(byte* attr, nint* address, nuint* size);
    [LibraryImport(Lib)] private static partial int pthread_attr_getguardsize(byte* attr, nuint* size);
    [LibraryImport(Lib)] private static partial int gettid();
    [LibraryImport(Lib, EntryPoint = "tgkill", SetLastError = true)] private static partial int tgkillChecked(int process, int thread, int signal);

    public override int Start(nuint stackSize, delegate* unmanaged<nint, nint> start, nint arg, nuint* joinable = null)
    {
        byte* attr = stackalloc byte[AttrSize];
        int error = pthread_attr_init(attr);
        if (error != 0) return error;
        try
        {
            if ((error = pthread_attr_setstacksize(attr, stackSize)) != 0) return error;
            if ((error = pthread_attr_setguardsize(attr, StackGuardSize)) != 0) return error;
            if (joinable == null && (error = pthread_attr_setdetachstate(attr, PTHREAD_CREATE_DETACHED)) != 0) return error;
            nuint detached;
            return pthread_create(joinable != null ? joinable : &detached, attr, start, arg); // glibc stores the handle first
        }
        finally
        {
            pthread_attr_destroy(attr);
        }
    }

    public override void Reap(nuint handle) => pthread_join(handle, null);

    public override void Detach(nuint handle) => pthread_detach(handle);

    /// <summary>pthread_create's errors are errno values.</summary>
    public override bool IsOutOfMemory(int error) => error == ENOMEM;

    public override string Describe(int error) => PosixError.Describe(error);

    public override (nint Low, nuint Size, nint Guard)? CurrentStack()
    {
        byte* attr = stackalloc byte[AttrSize];
        if (pthread_getattr_np(pthread_self(), attr) != 0) return null;
        try
        {
            nint low;
            nuint size, guard;
            if (pthread_attr_getstack(attr, &low, &size) != 0 || pthread_attr_getguardsize(attr, &guard) != 0) return null;
            // The host's main thread reports no guard, but the kernel keeps a gap below its stack: count a page.
            return (low, size, (nint)Math.Max(guard, (nuint)HostMemory.PageSize));
        }
        finally
        {
            pthread_attr_destroy(attr);
        }
    }

    /// <summary>The kernel thread id.</summary>
    public override int CurrentId() => gettid();

    public override void EmitCurrentId(Assembler a)
    {
        a.mov(eax, SYS_gettid);
        a.syscall();
    }

    /// <summary>Signal 0 checks without sending; a thread id is reused only after the kernel's whole id space has gone round.</summary>
    public override bool Exists(int id) =>
        tgkillChecked(Environment.ProcessId, id, 0) == 0 || Marshal.GetLastPInvokeError() != ESRCH;

    public override void EmitInterruptHandler(Assembler a, nint route) => InterruptSignal.EmitHandler(a, route);

    public override int InterruptEvent => InterruptSignal.Number;

    public override void InstallInterruptHandler(nint handler, nint stop) => InterruptSignal.Install(handler);   // the signal reaches a computing thread: the handler asks the route

    public override void Interrupt(int id, bool stop = false, Func<bool>? stillWanted = null) => InterruptSignal.Send(id);   // the signal reaches a computing thread too

    public override ThreadExitWatch? WatchCurrentThreadExit() => PidfdExitWatch.ForCurrentThread();
}
