using System.Runtime.InteropServices;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Host.Posix;

/// <summary>
/// Thread-local slots as pthread keys. Generated code calls <c>pthread_getspecific</c> and
/// <c>pthread_setspecific</c> through their native addresses, or reads a key with one <c>%fs</c>-relative
/// load where <see cref="SlotOffsetProbe"/> proved where glibc keeps its value. Each key is probed when it is
/// created, on the creating thread: then no thread holds a value in it that the probe's stores could overwrite.
/// </summary>
internal sealed unsafe partial class PosixThreadSlots : HostThreadSlots
{
    private const string Lib = "libc.so.6";

    [LibraryImport(Lib)] private static partial int pthread_key_create(uint* key, nint destructor);
    [LibraryImport(Lib)] private static partial int pthread_key_delete(uint key);
    [LibraryImport(Lib)] private static partial int pthread_setspecific(uint key, nint value);
    [LibraryImport(Lib)] private static partial nint pthread_getspecific(uint key);

    private static readonly nint LibC = NativeLibrary.Load(Lib);

    /// <summary>The native addresses generated code calls (both async-signal-safe: no locks).</summary>
    private static readonly nint GetFunction = NativeLibrary.GetExport(LibC, "pthread_getspecific");
    private static readonly nint SetFunction = NativeLibrary.GetExport(LibC, "pthread_setspecific");

    private readonly Lock _gate = new();
    private readonly Dictionary<uint, int> _directOffsets = [];   // the keys whose value the probe found, and where

    public override uint Create()
    {
        uint key;
        int error = pthread_key_create(&key, 0);
        if (error != 0) throw new InvalidOperationException($"no host thread-local slot is left: {PosixError.Describe(error)}");
        if (SlotOffsetProbe.Find(key) is int offset)
            lock (_gate) _directOffsets[key] = offset;
        return key;
    }

    public override void Delete(uint slot)
    {
        lock (_gate) _directOffsets.Remove(slot);
        pthread_key_delete(slot);
    }

    public override void Set(uint slot, nint value) => pthread_setspecific(slot, value);

    /// <summary>For <see cref="SlotOffsetProbe"/>, which stores with pthread_setspecific as everything else does.</summary>
    internal static void SetValue(uint slot, nint value) => pthread_setspecific(slot, value);

    public override nint Get(uint slot) => pthread_getspecific(slot);

    public override void EmitGet(Assembler a)
    {
        a.mov(rax, (ulong)GetFunction);
        a.call(rax);
    }

    public override void EmitSet(Assembler a)
    {
        a.mov(rax, (ulong)SetFunction);
        a.call(rax);
    }

    public override bool ReadsDirectly(uint slot) => DirectOffset(slot) != null;

    public override (Register Segment, int Offset)? DirectLocation(uint slot) => DirectOffset(slot) is int offset ? (Register.FS, offset) : null;

    public override bool TryEmitDirectGet(Assembler a, uint slot, AssemblerRegister64 into)
    {
        if (DirectOffset(slot) is not int offset) return false;
        a.mov(into, __qword_ptr.fs[offset]);
        return true;
    }

    /// <summary>The probed offset of the slot's value, unless the AppContext switch asks for calls.</summary>
    private int? DirectOffset(uint slot)
    {
        if (SlotOffsetProbe.ReadsByCall) return null;
        lock (_gate) return _directOffsets.TryGetValue(slot, out int offset) ? offset : null;
    }

    public override void EmitGetAndReturn(Assembler a, uint slot)
    {
        if (TryEmitDirectGet(a, slot, rax))
        {
            a.ret();
            return;
        }
        a.mov(edi, slot);
        a.mov(rax, (ulong)GetFunction);
        a.jmp(rax);
    }
}
