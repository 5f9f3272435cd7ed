using Iced.Intel;

namespace Microcosm.Host;

/// <summary>
/// Host thread-local slots (pthread keys on POSIX; TLS indexes on Windows): each holds one pointer per thread,
/// null until set. The core keeps in them what a thread must find without a lookup — its structure (-9), its
/// record, its active boundary — and generated code reads them: how is the host's to say, here, when the code
/// is emitted (one load from the thread's own memory where the host's layout allows, a call otherwise).
/// </summary>
internal abstract class HostThreadSlots
{
    /// <summary>A new slot, null on every thread; throws if the host has none left.</summary>
    public abstract uint Create();

    public abstract void Delete(uint slot);

    public abstract void Set(uint slot, nint value);

    public abstract nint Get(uint slot);

    /// <summary>Emits a read of the slot in edi into rax, as a call: it may clobber what a System V call may, and
    /// the stack must be aligned as for one. Async-signal-safe: the fault handler's route uses it.</summary>
    public abstract void EmitGet(Assembler a);

    /// <summary>Emits a write of rsi to the slot in edi, as a call (as <see cref="EmitGet"/>).</summary>
    public abstract void EmitSet(Assembler a);

    /// <summary>Where a thread's value of <paramref name="slot"/> lies relative to a segment base the host keeps per thread
    /// (<c>fs</c> under glibc, <c>gs</c> on Windows), when it is there for that slot: what <see cref="TryEmitDirectGet"/> loads,
    /// and what the loader writes into the thread pointer loads of guest code (Loading/ThreadPointerLoads.cs). Null if not.</summary>
    public abstract (Register Segment, int Offset)? DirectLocation(uint slot);

    /// <summary>Whether generated code reads <paramref name="slot"/> with one load (<see cref="TryEmitDirectGet"/>).</summary>
    public abstract bool ReadsDirectly(uint slot);

    /// <summary>
    /// Emits one instruction that loads <paramref name="slot"/>'s value on the running thread into
    /// <paramref name="into"/>, with no call and nothing else clobbered, where the host's layout is known for that
    /// slot; emits nothing and returns false where it is not (then use <see cref="EmitGet"/>).
    /// </summary>
    public abstract bool TryEmitDirectGet(Assembler a, uint slot, AssemblerRegister64 into);

    /// <summary>Emits a whole function that returns <paramref name="slot"/>'s value on the calling thread (-9's stub):
    /// the direct load where it can, else a tail call of the host's own lookup.</summary>
    public abstract void EmitGetAndReturn(Assembler a, uint slot);
}
