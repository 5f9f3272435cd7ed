using System.Runtime.InteropServices;
using Iced.Intel;
using Microcosm.Host;
using static Iced.Intel.AssemblerRegisters;

namespace Microcosm.Threads;

/// <summary>
/// The program's ELF thread-local storage (docs/abi.md, "Thread-local storage"), without <c>%fs</c>. A thread's
/// <em>thread pointer</em> is its structure's address, whose first word already holds the address itself, as the
/// x86-64 TLS ABI asks of the word the thread pointer points at. Every object's TLS block lies below it, at a
/// fixed offset (x86-64's "variant II"), in a region of <see cref="Capacity"/> bytes that every thread's block
/// holds: all blocks are static, those of objects loaded at run time too, so an access never allocates and
/// never fails. The loader redirects each <c>mov %fs:0, REG</c> of a program's code to the host slot holding
/// the structure (Loading/ThreadPointerLoads.cs), and the general-dynamic model's <c>__tls_get_addr</c> is
/// emitted here: the thread pointer minus the module's offset plus the variable's.
/// </summary>
internal sealed unsafe class ThreadLocalStorage : IDisposable
{
    /// <summary>Bytes of thread-local storage every thread has for all objects together.</summary>
    public const int Capacity = 1 << 20;
    /// <summary>The largest alignment a TLS block may ask for: the thread pointer is page-aligned.</summary>
    public const ulong MaxAlignment = HostMemory.PageSize;
    /// <summary>How many objects with TLS an instance can load (module ids 1 … this).</summary>
    public const int MaxModules = 4095;

    public const string GetAddressEntry = "__tls_get_addr";

    /// <summary>
    /// Process-wide host slot: the thread pointer (the structure) of the Microcosm thread running on the host thread, of
    /// any instance, as the instance's own -9 slot holds it for that instance. One slot for all instances, made with the
    /// first: under glibc only the first 32 keys of a process lie where one load reads them, and an embedder may run many
    /// instances at once. Set and cleared where the -9 slot is.
    /// </summary>
    public static readonly uint PointerSlot = HostPlatform.Slots.Create();

    /// <summary>One object's TLS: its initialization image (in the object's mapped memory), and where its block lies
    /// below the thread pointer. Published once the object is relocated: only then is its image final.</summary>
    private readonly record struct Module(nint Image, ulong FileSize, ulong MemSize, long Offset, bool Published);

    private readonly Lock _gate = new();
    private readonly List<Module> _modules = [];   // index: id - 1
    private readonly long* _offsets;                // id -> offset, read by __tls_get_addr
    private readonly Native.ExecutableCode _code;
    private long _used;                             // bytes below the thread pointer handed out

    public ThreadLocalStorage()
    {
        uint slot = PointerSlot;
        _offsets = (long*)NativeMemory.AllocZeroed(MaxModules + 1, sizeof(long));
        _code = Native.ExecutableCode.Emit((a, mark) =>
        {
            // void *__tls_get_addr(struct { size_t module, offset; } *index): may clobber what a call may.
            mark(GetAddressEntry);
            if (!HostPlatform.Slots.TryEmitDirectGet(a, slot, rax))
            {
                a.push(rdi);
                a.mov(edi, slot);
                HostPlatform.Slots.EmitGet(a);
                a.pop(rdi);
            }
            a.mov(rcx, __qword_ptr[rdi]);
            a.mov(rdx, (ulong)_offsets);
            a.sub(rax, __qword_ptr[rdx + rcx * 8]);
            a.add(rax, __qword_ptr[rdi + 8]);
            a.ret();
        });
    }

    /// <summary>Whether generated and patched code can read the thread pointer with one load (else no object with TLS loads).</summary>
    public bool ReadsDirectly => HostPlatform.Slots.ReadsDirectly(PointerSlot);

    public nint GetAddress => _code[GetAddressEntry];

    /// <summary>Bytes below the thread pointer in use: what a fork copies.</summary>
    public long Used
    {
        get { lock (_gate) return _used; }
    }

    /// <summary>
    /// Gives an object's PT_TLS a module id and a place below the thread pointer: glibc's variant II rule, the
    /// block aligned to <paramref name="align"/> with its first byte congruent to <paramref name="virtualAddress"/>.
    /// Null, with the reason, when it does not fit.
    /// </summary>
    public (int Id, long Offset)? Add(nint image, ulong fileSize, ulong memSize, ulong align, ulong virtualAddress, out string? reason)
    {
        reason = null;
        if (align == 0) align = 1;
        if ((align & (align - 1)) != 0 || align > MaxAlignment)
        {
            reason = $"its thread-local storage asks for alignment {align}; Microcosm aligns TLS blocks to powers of two up to {MaxAlignment}";
            return null;
        }
        if (fileSize > memSize)
        {
            reason = $"its PT_TLS segment has a file size (0x{fileSize:x}) larger than its memory size (0x{memSize:x})";
            return null;
        }
        lock (_gate)
        {
            long firstByte = (long)((0 - virtualAddress) & (align - 1));
            long offset = (long)(((ulong)_used + memSize - (ulong)firstByte + align - 1) & ~(align - 1)) + firstByte;
            if (memSize > Capacity || offset > Capacity)
            {
                reason = $"its thread-local storage ({memSize} bytes) does not fit in what is left of the {Capacity >> 20} MiB every thread has for all objects ({Capacity - _used} bytes)";
                return null;
            }
            if (_modules.Count >= MaxModules)
            {
                reason = $"it would be the {MaxModules + 1}th object with thread-local storage; Microcosm takes {MaxModules}";
                return null;
            }
            _modules.Add(new Module(image, fileSize, memSize, offset, Published: false));
            _offsets[_modules.Count] = offset;
            _used = offset;
            return (_modules.Count, offset);
        }
    }

    /// <summary>Takes back the last module added (a load that failed); an earlier one's space stays (ids are never reused).</summary>
    public void Remove(int id)
    {
        lock (_gate)
        {
            if (id != _modules.Count) return;
            _modules.RemoveAt(id - 1);
            _offsets[id] = 0;
            _used = _modules.Count == 0 ? 0 : _modules[^1].Offset;
        }
    }

    /// <summary>
    /// The object is relocated: its image is final. Every live thread's block gets its initial values (no thread can
    /// reach the block before the load returns); threads started later get them in <see cref="Initialize"/>.
    /// </summary>
    public void Publish(int id, IEnumerable<nint> liveStructures)
    {
        lock (_gate)
        {
            _modules[id - 1] = _modules[id - 1] with { Published = true };
            foreach (nint structure in liveStructures) Fill(structure, _modules[id - 1]);
        }
    }

    /// <summary>A new thread's blocks: every published object's initial values.</summary>
    public void Initialize(nint structure)
    {
        lock (_gate)
            foreach (var module in _modules)
                if (module.Published) Fill(structure, module);
    }

    private static void Fill(nint threadPointer, in Module module)
    {
        byte* block = (byte*)(threadPointer - (nint)module.Offset);
        Buffer.MemoryCopy((void*)module.Image, block, module.FileSize, module.FileSize);
        new Span<byte>(block + module.FileSize, (int)(module.MemSize - module.FileSize)).Clear();
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _code.Dispose();
        NativeMemory.Free(_offsets);
    }
}
