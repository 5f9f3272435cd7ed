using System.Runtime.InteropServices;
using Microcosm.Host;

namespace Microcosm.Threads;

/// <summary>
/// The native half of a Microcosm thread, in memory that never moves (one per pooled thread block,
/// <see cref="ThreadStructures"/>): what generated code needs without entering .NET — the native
/// start routine (<see cref="ThreadStartStub"/>) reads the function to run and writes the exit
/// value, the handler thunks' tail reads whether the thread is ending — and the state word that joins
/// wait on. <see cref="GuestThread"/> is the managed half.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ThreadRecord
{
    public nint Structure;        // 0: the thread structure (-9)
    public long Tid;              // 8
    public nint Function;         // 16: intptr_t fn(intptr_t), for a natively started thread
    public nint Argument;         // 24
    public nint Managed;          // 32: a GCHandle of the GuestThread
    public int State;             // 40: the word waits sleep on (HostWaits), see the constants below
    public int Terminating;       // 44: not 0 once the thread is ending (kill, exit, fault): handler thunks unwind
    public nint EndValue;         // 48: the exit value a terminating thread ends with
    public nint ExitValue;        // 56: the exit value, once State has Done
    public nint Innermost;        // 64: Boundary*, the innermost C# → guest entry on the thread
    public nint SlowPathWord;     // 72: long*, the dispatcher's slow-path word, in which a pending kill on this thread counts
    public uint InstanceSlot;     // 80: the instance's host slot for -9
    public int HostTid;           // 84: the host's id of the thread it runs on (for HostThreads.Interrupt and Exists), or 0
    public fixed byte SignalStack[HostFaults.StackDescriptionSize]; // 88: this block's alternate signal stack, as the host describes it
    public nuint HostThread;      // 112: a spawned thread's joinable host thread (its handle), reaped by its join; else 0
    public Faults.FaultDelivery Fault; // 120 (FaultDelivery.InRecord): the program's own fault handling (-15) and Stop, read by the fault route

    public const int StructureOffset = 0, FunctionOffset = 16, ArgumentOffset = 24, StateOffset = 40;
    public const int TerminatingOffset = 44, EndValueOffset = 48, ExitValueOffset = 56, InnermostOffset = 64;
    public const int SlowPathWordOffset = 72, InstanceSlotOffset = 80, HostTidOffset = 84, SignalStackOffset = 88;

    // ---- the state word ---------------------------------------------------------------------
    // Every change a waiter must notice changes the word, so that a wait on the value it saw
    // cannot miss it: Done, a kill interrupting a join (Nudge) and the block's reuse (NewLife).

    /// <summary>The thread has ended and <see cref="ExitValue"/> is final: a join may take it.</summary>
    public const int Done = 1;
    /// <summary>The thread is ending: it accepts no more kills (set just before <see cref="Done"/>).</summary>
    public const int Closed = 2;
    /// <summary>A kill is pending: the dispatcher's slow-path word counts it until the thread closes.</summary>
    public const int KillRequested = 4;
    /// <summary>The unit of the change counter in the upper bits.</summary>
    public const int Nudge = 8;
}
