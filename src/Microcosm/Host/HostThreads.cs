using System.Runtime.InteropServices;
using Microcosm.Host.Posix;

namespace Microcosm.Host;

/// <summary>Host threads and host thread-local slots (POSIX threads here).</summary>
internal static unsafe partial class HostThreads
{
    private const string Lib = "libc.so.6";
    private const int PTHREAD_CREATE_DETACHED = 1;
    private const int AttrSize = 64; // pthread_attr_t is 56 bytes on x86-64 glibc

    [LibraryImport(Lib)] private static partial int pthread_attr_init(byte* attr);
    [LibraryImport(Lib)] private static partial int pthread_attr_destroy(byte* attr);
    [LibraryImport(Lib)] private static partial int pthread_attr_setstacksize(byte* attr, nuint size);
    [LibraryImport(Lib)] private static partial int pthread_attr_setguardsize(byte* attr, nuint size);
    [LibraryImport(Lib)] private static partial int pthread_attr_setdetachstate(byte* attr, int state);
    [LibraryImport(Lib)] private static partial int pthread_create(nuint* thread, byte* attr, delegate* unmanaged<nint, nint> start, nint arg);
    [LibraryImport(Lib)] private static partial int pthread_join(nuint thread, nint* value);
    [LibraryImport(Lib)] private static partial int pthread_detach(nuint thread);
    [LibraryImport(Lib)] private static partial int pthread_key_create(uint* key, nint destructor);
    [LibraryImport(Lib)] private static partial int pthread_key_delete(uint key);
    [LibraryImport(Lib)] private static partial int pthread_setspecific(uint key, nint value);
    [LibraryImport(Lib)] private static partial nint pthread_getspecific(uint key);
    [LibraryImport(Lib)] private static partial nuint pthread_self();
    [LibraryImport(Lib)] private static partial int pthread_getattr_np(nuint thread, byte* attr);
    [LibraryImport(Lib)] private static partial int pthread_attr_getstack(byte* attr, nint* address, nuint* size);
    [LibraryImport(Lib)] private static partial int pthread_attr_getguardsize(byte* attr, nuint* size);
    [LibraryImport(Lib)] private static partial int gettid();
    [LibraryImport(Lib)] private static partial int tgkill(int process, int thread, int signal);
    [LibraryImport(Lib, EntryPoint = "tgkill", SetLastError = true)] private static partial int tgkillChecked(int process, int thread, int signal);
    private const int ESRCH = 3;

    /// <summary>
    /// The inaccessible region below every stack the core allocates: a stack overflow faults there
    /// (and is reported as a guest fault) instead of running into other memory. 64 KiB rather than one
    /// page, so that a function with a frame of a few pages still lands in it.
    /// </summary>
    public const int StackGuardSize = 64 << 10;

    /// <summary>Starts a detached host thread with exactly <paramref name="stackSize"/> bytes of stack
    /// and <see cref="StackGuardSize"/> of guard below it; returns 0 or the host's errno (EAGAIN, ENOMEM, EINVAL).</summary>
    public static int Start(nuint stackSize, delegate* unmanaged<nint, nint> start, nint arg) =>
        Start(stackSize, start, arg, null);

    /// <summary>
    /// As the detached start above, or — with <paramref name="joinable"/> — a joinable thread whose handle is
    /// stored there before the thread runs (so that whoever sees it end finds the handle); it must later be
    /// given to <see cref="Reap"/> or <see cref="Detach"/>.
    /// </summary>
    public static int Start(nuint stackSize, delegate* unmanaged<nint, nint> start, nint arg, nuint* joinable)
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

    /// <summary>Waits until a joinable host thread has exited (its start routine returned) and frees what the host kept for it.</summary>
    public static void Reap(nuint handle) => pthread_join(handle, null);

    /// <summary>Lets a joinable host thread free itself when it exits.</summary>
    public static void Detach(nuint handle) => pthread_detach(handle);

    /// <summary>The calling thread's stack: its lowest usable address, its size, and the guard below it; null if the host cannot tell.</summary>
    public static (nint Low, nuint Size, nint Guard)? CurrentStack()
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

    /// <summary>The calling thread's kernel thread id.</summary>
    public static int CurrentKernelTid() => gettid();

    /// <summary>Whether thread <paramref name="kernelTid"/> of this process still exists (signal 0 checks without sending;
    /// a thread id is reused only after the kernel's whole id space has gone round).</summary>
    public static bool Exists(int kernelTid) =>
        tgkillChecked(Environment.ProcessId, kernelTid, 0) == 0 || Marshal.GetLastPInvokeError() != ESRCH;

    /// <summary>Sends <paramref name="signal"/> to one thread of this process, by kernel thread id.</summary>
    public static void Signal(int kernelTid, int signal) => tgkill(Environment.ProcessId, kernelTid, signal);

    /// <summary>A new host thread-local slot (initially null on every thread).</summary>
    public static uint CreateSlot()
    {
        uint key;
        int error = pthread_key_create(&key, 0);
        if (error != 0) throw new InvalidOperationException($"no host thread-local slot is left: {PosixError.Describe(error)}");
        return key;
    }

    public static void DeleteSlot(uint key) => pthread_key_delete(key);

    public static void SetSlot(uint key, nint value) => pthread_setspecific(key, value);

    public static nint GetSlot(uint key) => pthread_getspecific(key);

    /// <summary>The native address of <c>pthread_getspecific</c>, which the -9 stub tail-calls.</summary>
    public static nint GetSlotFunction { get; } = NativeLibrary.GetExport(NativeLibrary.Load(Lib), "pthread_getspecific");

    /// <summary>The native address of <c>pthread_setspecific</c> (the guest entry keeps the active boundary with it).</summary>
    public static nint SetSlotFunction { get; } = NativeLibrary.GetExport(NativeLibrary.Load(Lib), "pthread_setspecific");
}
