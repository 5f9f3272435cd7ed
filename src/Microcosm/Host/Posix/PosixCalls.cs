using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Posix;

/// <summary>The host's convention is System V too: calls are calls, and a generated function is its own entry.</summary>
internal sealed class PosixCalls : HostCalls
{
    public override void EmitCallRax(Assembler a) => a.call(rax);

    public override bool CallsSystemVDirectly => true;

    public override void EmitAdapter(Assembler a, nint function)
    {
        a.mov(rax, (ulong)function);
        a.jmp(rax);
    }
}
