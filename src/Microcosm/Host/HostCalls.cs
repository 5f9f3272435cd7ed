using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host;

/// <summary>
/// Calls between the two conventions that meet in the process. Guest code, the modules and every function the
/// core generates use the System V convention on every host; the host's own code — C# methods
/// (<c>UnmanagedCallersOnly</c>, function pointers), host libraries, the host's thread start and exception
/// dispatch — uses the host's. On POSIX they are the same and both directions are plain calls; on Windows the host's
/// is Win64 (arguments in rcx, rdx, r8, r9 and above 32 bytes of shadow space; rsi, rdi and xmm6-15 preserved
/// by the callee), and the crossings below convert.
/// </summary>
internal abstract class HostCalls
{
    /// <summary>
    /// Emits, in generated System V code, a call of the host-convention function whose address is in rax, with
    /// up to seven arguments where System V puts them (rdi, rsi, rdx, rcx, r8, r9, the seventh at [rsp]) and
    /// the stack aligned as for a System V call. It may clobber what a System V call may, and the result is in rax.
    /// </summary>
    public abstract void EmitCallRax(Assembler a);

    /// <summary>As <see cref="EmitCallRax"/>, of the function at <paramref name="function"/>.</summary>
    public void EmitCall(Assembler a, nint function)
    {
        a.mov(rax, (ulong)function);
        EmitCallRax(a);
    }

    /// <summary>Whether host-convention code can call a generated System V function directly (no adapter needed).</summary>
    public abstract bool CallsSystemVDirectly { get; }

    /// <summary>
    /// Emits a host-convention function that calls the System V <paramref name="function"/> (at most six
    /// arguments) and returns its result: what the host's own code calls instead of it (Native/HostEntries.cs),
    /// where <see cref="CallsSystemVDirectly"/> is false.
    /// </summary>
    public abstract void EmitAdapter(Assembler a, nint function);
}
