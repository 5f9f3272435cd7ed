using Iced.Intel;

namespace Microcosm.Host;

/// <summary>
/// Waiting on a 32-bit word in memory until another thread changes it (futex on Linux; WaitOnAddress on
/// Windows), process-private: what joins wait on, so that a thread that ends in native code wakes its
/// joiners without entering .NET.
/// </summary>
internal abstract unsafe class HostWaits
{
    /// <summary>Sleeps while <c>*word == expected</c>, at most <paramref name="timeout"/> (null: no limit). It may
    /// return early (a signal, a spurious wake-up): callers re-check their condition.</summary>
    public abstract void Wait(int* word, int expected, TimeSpan? timeout = null);

    /// <summary>Wakes every thread waiting on <paramref name="word"/>.</summary>
    public abstract void WakeAll(int* word);

    /// <summary>Emits <see cref="WakeAll"/> of the word whose address is in rdi; it may clobber what a System V call may.</summary>
    public abstract void EmitWakeAll(Assembler a);
}
