using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Posix;

/// <summary>The host's convention is System V too: calls are calls, and a generated function is its own entry.</summary>
internal sealed class PosixCalls : HostCalls
{
    public override void EmitCallRax(Assembler a) => a.call(rax);

    public override nint Export(nint function) => function;
}
