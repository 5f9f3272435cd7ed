using System.Runtime.InteropServices;

namespace Microcosm.Host.Posix;

/// <summary>
/// Signals on Linux x86-64 (glibc): sigaction, the alternate signal stack, and the layouts of
/// <c>siginfo_t</c> and <c>ucontext_t</c> that the fault handler reads and rewrites.
/// </summary>
internal static unsafe partial class Signals
{
    private const string Lib = "libc.so.6";

    public const int MaxSignal = 64;

    public const int SA_SIGINFO = 0x4, SA_ONSTACK = 0x08000000, SA_RESTART = 0x10000000;
    public const int SA_NODEFER = 0x40000000;
    public const int SS_ONSTACK = 1, SS_DISABLE = 2;
    public static readonly nint SIG_DFL = 0, SIG_IGN = 1;

    // siginfo_t: si_signo (int) at 0, si_errno at 4, si_code at 8; for the fault signals si_addr at 16.
    public const int SigInfoCode = 8, SigInfoAddress = 16;

    // ucontext_t: uc_flags, uc_link, uc_stack (24 bytes), then mcontext_t whose first member is gregs[23]
    // in the order of <sys/ucontext.h> (REG_R8 = 0 ... REG_RDI = 8, REG_RSI = 9, REG_RSP = 15, REG_RIP = 16, REG_EFL = 17).
    private const int GRegs = 40;
    /// <summary>The 23 general registers, and the pointer to the fxsave image that follows them in mcontext_t.</summary>
    public const int ContextRegisters = GRegs, ContextFpState = GRegs + 23 * 8;
    public const int ContextRdi = GRegs + 8 * 8, ContextRsi = GRegs + 9 * 8, ContextRsp = GRegs + 15 * 8;
    public const int ContextRip = GRegs + 16 * 8, ContextFlags = GRegs + 17 * 8;

    /// <summary>glibc's <c>struct sigaction</c> (152 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 152)]
    public struct SigAction
    {
        [FieldOffset(0)] public nint Handler;   // sa_handler / sa_sigaction
        [FieldOffset(8)] public fixed ulong Mask[16];
        [FieldOffset(136)] public int Flags;
        [FieldOffset(144)] public nint Restorer;
    }

    /// <summary><c>stack_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StackT
    {
        public nint Pointer;
        public int Flags;
        public nuint Size;
    }

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigaction(int signal, SigAction* action, SigAction* old);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sigaltstack(StackT* stack, StackT* old);

    [LibraryImport(Lib)]
    public static partial int sigemptyset(ulong* set);

    [LibraryImport(Lib)]
    public static partial int pthread_sigmask(int how, ulong* set, ulong* old);

    /// <summary>The first real-time signal glibc leaves to programs (it keeps some below it for itself).</summary>
    [LibraryImport(Lib, EntryPoint = "__libc_current_sigrtmin")]
    public static partial int FirstRealTimeSignal();

    private static readonly nint LibC = NativeLibrary.Load(Lib);

    /// <summary>Native addresses of libc's <c>signal</c> and <c>raise</c>, which the handler calls for SIG_DFL (both async-signal-safe).</summary>
    public static nint SignalFunction { get; } = NativeLibrary.GetExport(LibC, "signal");
    public static nint RaiseFunction { get; } = NativeLibrary.GetExport(LibC, "raise");

    /// <summary>Native address of <c>sigaltstack</c>, which the native thread start routine calls.</summary>
    public static nint SigAltStackFunction { get; } = NativeLibrary.GetExport(LibC, "sigaltstack");
}
