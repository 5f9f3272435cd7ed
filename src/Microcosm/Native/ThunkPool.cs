using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Native;

/// <summary>
/// Process-wide native entry points handed out by slot, in blocks. A block is, per slot, two
/// instructions (<c>mov eax, slot; jmp body</c>) and one body that its owner emits: assembling a few
/// hundred instructions instead of a full body per slot is what a process's start-up pays for its
/// first block. Slots are reused after <see cref="Free"/>; blocks stay mapped for the life of the
/// process (a stale pointer may still be called).
/// </summary>
internal sealed class ThunkPool(string name, Action<Assembler, int, int> emitBody, Action<int>? grow = null)
{
    /// <summary>The first block is small (an instance needs about fifteen core entries); later ones hold this many.</summary>
    public const int FirstBlock = 32, SlotsPerBlock = 128;
    private readonly List<ExecutableCode> _blocks = [];
    private readonly Stack<int> _free = new();
    private nint[] _thunks = [];

    /// <summary>Taken while allocating and freeing; <c>grow</c> and the owner's slot bookkeeping run under it.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Allocates a slot (adding a block when none is free) and returns its entry point.</summary>
    public nint Allocate(out int slot)
    {
        lock (Gate)
        {
            if (_free.Count == 0) AddBlock();
            slot = _free.Pop();
            return _thunks[slot];
        }
    }

    public void Free(int slot)
    {
        lock (Gate) _free.Push(slot);
    }

    /// <summary>Slots in use.</summary>
    public int Live
    {
        get { lock (Gate) return _thunks.Length - _free.Count; }
    }

    private void AddBlock()
    {
        int first = _thunks.Length;
        int count = first == 0 ? FirstBlock : SlotsPerBlock;
        var block = ExecutableCode.Emit((a, mark) =>
        {
            var body = a.CreateLabel();
            for (int i = 0; i < count; i++)
            {
                mark($"{name}{i}");
                a.mov(eax, first + i);           // rax carries no argument in the handler signature
                a.jmp(body);
            }
            a.Label(ref body);
            emitBody(a, first, count);
        });
        _blocks.Add(block);
        var thunks = new nint[first + count];
        _thunks.CopyTo(thunks, 0);
        for (int i = 0; i < count; i++) thunks[first + i] = block[$"{name}{i}"];
        grow?.Invoke(thunks.Length);
        _thunks = thunks;
        for (int i = count - 1; i >= 0; i--) _free.Push(first + i);
    }
}
