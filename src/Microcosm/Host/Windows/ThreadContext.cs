namespace Microcosm.Host.Windows;

/// <summary>Where x64's CONTEXT (winnt.h) keeps what the core reads and rewrites: the vectored fault handler's and a
/// suspended thread's (<see cref="WindowsThreadStop"/>). The structure is 1232 bytes, 16-byte aligned.</summary>
internal static class ThreadContext
{
    public const int Size = 0x4D0, Alignment = 16;
    public const int ContextFlags = 0x30, EFlags = 0x44;
    public const int Rax = 0x78, Rcx = 0x80, Rdx = 0x88, Rbx = 0x90, Rsp = 0x98, Rbp = 0xA0, Rsi = 0xA8, Rdi = 0xB0;
    public const int R8 = 0xB8, Rip = 0xF8, FltSave = 0x100;

    /// <summary>DF and TF: cleared when a thread is made to resume at a landing, as a call would expect.</summary>
    public const int DirectionAndTrapFlags = 0x500;
}
