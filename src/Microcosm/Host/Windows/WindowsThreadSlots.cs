using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;
using static Microcosm.Host.Windows.Kernel32;

namespace Microcosm.Host.Windows;

/// <summary>
/// Thread-local slots as TLS indexes. Their values live in the thread's own TEB, which <c>gs</c> addresses on
/// x64: the first 64 in the array TlsSlots at gs:[0x1480], the others in the TlsExpansionSlots array whose
/// address is at gs:[0x1780] (allocated by TlsSetValue at a thread's first store there). This layout is
/// Windows's public TEB (winternl.h) and what TlsGetValue itself reads, so generated code reads and (for the
/// first 64) writes the values directly: no call, as the POSIX host reads glibc's keys through <c>fs</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("windows")]
internal sealed class WindowsThreadSlots : HostThreadSlots
{
    private const int TlsSlots = 0x1480, TlsExpansionSlots = 0x1780, Direct = 64;
    private const uint TLS_OUT_OF_INDEXES = 0xFFFFFFFF;

    private static readonly nint SetValue = Export("TlsSetValue");

    public override uint Create()
    {
        uint slot = TlsAlloc();
        if (slot == TLS_OUT_OF_INDEXES) throw new InvalidOperationException($"no host thread-local slot is left: {LastError()}");
        return slot;
    }

    public override void Delete(uint slot) => TlsFree(slot);

    public override void Set(uint slot, nint value) => TlsSetValue(slot, value);

    public override nint Get(uint slot) => TlsGetValue(slot);

    /// <summary>Emits rax = another thread's value of <paramref name="slot"/>, read in its TEB at <paramref name="teb"/> as
    /// <see cref="EmitGet"/> reads the caller's (the thread suspended: <see cref="WindowsThreadStop"/>).</summary>
    public static void EmitReadOf(Assembler a, AssemblerRegister64 teb, uint slot)
    {
        if (slot < Direct)
        {
            a.mov(rax, __qword_ptr[teb + TlsSlots + (int)slot * 8]);
            return;
        }
        var none = a.CreateLabel();
        a.mov(rax, __qword_ptr[teb + TlsExpansionSlots]);
        a.test(rax, rax);
        a.jz(none);
        a.mov(rax, __qword_ptr[rax + (int)(slot - Direct) * 8]);
        a.Label(ref none);
    }

    /// <summary>A load from the TEB, through the expansion array for slots above the first 64 (0 while it has none).</summary>
    public override void EmitGet(Assembler a)
    {
        var expansion = a.CreateLabel();
        var done = a.CreateLabel();
        a.mov(eax, edi);
        a.cmp(eax, Direct);
        a.jae(expansion);
        a.mov(rax, __qword_ptr.gs[rax * 8 + TlsSlots]);
        a.jmp(done);
        a.Label(ref expansion);
        a.mov(rcx, __qword_ptr.gs[TlsExpansionSlots]);
        a.test(rcx, rcx);
        a.mov(eax, 0);
        a.jz(done);
        a.mov(eax, edi);
        a.mov(rax, __qword_ptr[rcx + rax * 8 - Direct * 8]);
        a.Label(ref done);
    }

    /// <summary>A store into the TEB for the first 64 slots; TlsSetValue for the others (it allocates the expansion array).</summary>
    public override void EmitSet(Assembler a)
    {
        var expansion = a.CreateLabel();
        var done = a.CreateLabel();
        a.mov(eax, edi);
        a.cmp(eax, Direct);
        a.jae(expansion);
        a.mov(__qword_ptr.gs[rax * 8 + TlsSlots], rsi);
        a.jmp(done);
        a.Label(ref expansion);
        HostPlatform.Calls.EmitCall(a, SetValue);
        a.Label(ref done);
    }

    public override bool ReadsDirectly(uint slot) => slot < Direct;

    public override (Register Segment, int Offset)? DirectLocation(uint slot) => slot < Direct ? (Register.GS, TlsSlots + 8 * (int)slot) : null;

    public override bool TryEmitDirectGet(Assembler a, uint slot, AssemblerRegister64 into)
    {
        if (slot >= Direct) return false;
        a.mov(into, __qword_ptr.gs[TlsSlots + 8 * (int)slot]);
        return true;
    }

    public override void EmitGetAndReturn(Assembler a, uint slot)
    {
        if (!TryEmitDirectGet(a, slot, rax))
        {
            a.mov(edi, slot);
            EmitGet(a);
        }
        a.ret();
    }
}
