using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microcosm.Host;
using Microcosm.Loading;
using Microcosm.Processes;
using Microcosm.Syscalls;
using Microcosm.Threads;
using Microsoft.Win32.SafeHandles;

namespace Microcosm;

// fork (docs/processes.md, "fork"): the parent writes its program's image (-20, asked by the process module's fork,
// which has started the child: `microcosm fork-child`), and the child, a fresh instance with the same options and
// freshly started modules, puts the program back where it was and resumes the forking thread's copy.
public sealed unsafe partial class Cosmos
{
    /// <summary>The memory module's export that lists the guest's mappings: (start, end) pairs, the count returned.</summary>
    private const string MemoryRangesExport = "mc_fork_ranges";
    /// <summary>The descriptor table's export that sets a number's close-on-exec flag (shared/fdtable.h).</summary>
    private const string SetCloexecExport = "lx_fd_set_cloexec";
    /// <summary>The memory module's export that takes over mappings a fork child's core put in place.</summary>
    private const string MemoryAdoptExport = "mc_fork_adopt";
    /// <summary>The memory module's exports for shared mappings, which a child shares rather than copies (a host whose
    /// module lacks them copies them).</summary>
    private const string SharedListExport = "mc_fork_shared_list", SharedTakeExport = "mc_fork_shared_take";

    /// <summary>What a fork takes from the start block: its pages (argv and environ point into them) and what
    /// dlopen's initializers get.</summary>
    private readonly record struct StartPages(nint Address, ulong Length, nint Argc, nint Argv, nint Envp);

    /// <summary>The exit of a fork child whose parent gave up on it before it ran (EX_TEMPFAIL).</summary>
    internal const int AbandonedChild = 75;

    private LinkedProgram? _program;
    private StartPages? _start;
    /// <summary>How often fork reads the host's list of mappings again when it finds a hole in a range it copies.</summary>
    private const int SnapshotAttempts = 5;
    private string? _programPath;
    /// <summary>In a fork child, the stack its main thread runs the program on (the parent's copy), not the host's.</summary>
    private (nint Low, ulong Size)? _resumedStack;

    /// <summary>-20 (descriptor, resume, argument, process, thread): writes the image of the program, as the calling
    /// thread sees it now, to host descriptor <c>descriptor</c>; <c>resume(argument)</c> is where the child's main thread
    /// goes on. A child created suspended (<c>process</c> and <c>thread</c>, host handles, on Windows) gets the program's
    /// ranges reserved first, then runs (<see cref="HostProcess.StartSuspendedChild"/>).</summary>
    private nint WriteForkImage(in SyscallArgs call)
    {
        var (descriptor, resume, argument, process, thread) = (call.A, call.B, call.C, call.D, call.E);
        // The handler thunk stored the arguments on the guest's stack, below the guest's frames (the C# code itself may
        // run on another stack: ManagedHandlerThunks): where the forking thread's guest frames end.
        nint guestAt = (nint)Unsafe.AsPointer(ref Unsafe.AsRef(in call));
        if (!_options.ProgramIsProcess) return -Errno.ENOSYS;   // a child would be a new CLI process: only the CLI's program is one
        if (_program is not { } program || _start is not { } start || GuestThread.Current is not { } current) return -Errno.EINVAL;
        // The program's objects, those it opened with dlopen included: the child opens those again as the program did.
        var modules = _modules?.Scope ?? [];
        var programObjects = _linker.Objects.OfType<GuestObject>().Where(o => !modules.Contains(o)).ToList();
        var history = _runtimeLinker.History;
        if (history.Any(e => e.Handle > 0)) return -Errno.ENOSYS;   // a host library it opened: nothing to open again in the child
        if (FindModuleFunction(MemoryRangesExport) is not { } rangesOf) return -Errno.ENOSYS;

        var image = new ForkImage
        {
            ModuleDirectory = _options.ModuleDirectory,
            LibraryPath = [.. _options.LibraryPath],
            SystemLibraryPath = [.. _options.SystemLibraryPath],
            UseEnvironmentLibraryPath = _options.UseEnvironmentLibraryPath,
            ProgramHostAllow = [.. _options.ProgramHostLibraries.Allow],
            ProgramHostDeny = [.. _options.ProgramHostLibraries.Deny],
            ModuleHostAllow = [.. _options.ModuleHostLibraries.Allow],
            ModuleHostDeny = [.. _options.ModuleHostLibraries.Deny],
            ProgramName = _options.ProgramName,
            MainStackSize = _options.MainStackSize,
            Trace = _options.Trace != null,
            TraceCalls = _options.TraceCalls ?? "",
            TraceFile = _options.TraceFile ?? "",
            ProgramPath = _programPath!,
            Argc = start.Argc,
            Argv = start.Argv,
            Envp = start.Envp,
            StartAddress = start.Address,
            StartLength = start.Length,
            Structure = current.Structure,
            Resume = resume,
            Argument = argument,
        };
        foreach (var o in programObjects)
            image.Objects.Add(new ForkObject(o.Path, o.Device, o.Inode, o.LoadAddress, o.Span));
        foreach (var o in _programObjects) image.Initialized.Add(programObjects.IndexOf(o));
        image.DlHistory.AddRange(history.Select(e => (e.Path, e.Flags, (long)e.Handle)));
        (image.StructureUsed, image.FaultEntry) = _threads.Structures.Layout;
        image.StructureBytes = new ReadOnlySpan<byte>((void*)(current.Structure + ThreadStructures.HeaderSize), image.StructureUsed - ThreadStructures.HeaderSize).ToArray();
        int tls = (int)_threads.Structures.Tls.Used;
        image.TlsBytes = new ReadOnlySpan<byte>((void*)(current.Structure - tls), tls).ToArray();

        var mappings = GuestMappings(rangesOf);
        image.Mappings.AddRange(mappings);
        var shared = FindModuleFunction(SharedListExport) is { } sharedOf ? SharedMappings(sharedOf, process) : [];
        image.ParentId = Environment.ProcessId;
        if (ForkingStack(guestAt) is not var (low, size)) return -Errno.EFAULT;
        (image.StackLow, image.StackSize) = (low, size);
        // The host's list of mappings is read in pieces, and another thread's mmap between two can make it skip one:
        // every range here is mapped whole, so a list with a hole in one is read again.
        var whole = programObjects.Select(o => (o.LoadAddress, o.Span)).Concat(mappings).Append((low, size)).ToList();
        List<(MappedRegion Region, bool Content)>? regions = null;
        for (int attempt = 0; regions == null; attempt++)
        {
            if (attempt == SnapshotAttempts) return -Errno.EAGAIN;
            regions = RegionsToCopy(programObjects, mappings, shared, (low, size), (nint)HostMemory.PageDown((ulong)guestAt - 4096), start, whole, image.Shared);
        }
        image.Reserved.AddRange(HostPlatform.Memory.ReservationsHolding(whole.Append((start.Address, start.Length)).Append(ThreadStructures.BlockOf(current.Structure))));
        // An address taken there: the module tries a new child, as it does for one that found an address taken itself.
        if (process != 0 && HostPlatform.Process.StartSuspendedChild(process, thread, image.Reserved) is not null) return -Errno.EAGAIN;
        try
        {
            // On a thread of the pool, the caller waiting: an interruption meant for the calling thread (a signal chosen
            // for it before fork blocked them; a Windows host cancels the thread's blocked call) cannot cut the image.
            Task.Run(() =>
            {
                using var stream = new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, 1 << 16);
                using var writer = new BinaryWriter(stream);
                image.Write(writer);
                ForkRegions.Write(writer, regions);
            }).GetAwaiter().GetResult();
        }
        catch (IOException)
        {
            return -Errno.EPIPE;   // the child went away
        }
        return 0;
    }

    /// <summary>The stack the calling thread runs the program on: in a fork child the parent's copy (a fork of a fork),
    /// else its host thread's.</summary>
    private (nint Low, ulong Size)? ForkingStack(nint here)
    {
        if (_resumedStack is var (low, size) && low <= here && here < low + (nint)size) return (low, size);
        return HostPlatform.Threads.CurrentStack() is var (hostLow, hostSize, _) ? (hostLow, hostSize) : null;
    }

    /// <summary>
    /// What travels, and whether with its bytes: the objects' writable pages, the guest's own mappings (readable ones
    /// with their bytes), the forking thread's stack from <paramref name="cut"/> up (the frames below the guest's, this
    /// one's included: the part below comes back fresh), and the start block. Null if the host's list shows a hole in
    /// one of <paramref name="whole"/>, the ranges that are mapped whole (those three). The <paramref name="shared"/>
    /// mappings travel without their bytes: <paramref name="pieces"/> gets them, one piece per protection, for the child
    /// to map shared.
    /// </summary>
    private static List<(MappedRegion Region, bool Content)>? RegionsToCopy(List<GuestObject> objects, List<(nint Start, ulong Length)> mappings,
        List<ForkShared> shared, (nint Low, ulong Size) stack, nint cut, StartPages start, List<(nint Start, ulong Length)> whole, List<ForkShared> pieces)
    {
        var regions = new List<(MappedRegion Region, bool Content)>();
        var mapped = HostPlatform.Memory.Snapshot();
        if (whole.Any(r => !Whole(mapped.Within(r.Start, r.Length), r.Start, r.Length))) return null;
        foreach (var o in objects)
            foreach (var r in mapped.Within(o.LoadAddress, o.Span))
                if ((r.Protection & Protection.Write) != 0) regions.Add((r, true));
        pieces.Clear();
        foreach (var e in shared)
            foreach (var r in mapped.Within(e.Start, (ulong)e.Length))
                pieces.Add(e with { Start = r.Start, Length = (nint)r.Length, Offset = e.Offset + (ulong)(r.Start - e.Start), Prot = (nint)r.Protection });
        foreach (var (s, length) in mappings)
            foreach (var r in mapped.Within(s, length))
                regions.Add((r, (r.Protection & Protection.Read) != 0 && !shared.Any(e => e.Start <= r.Start && r.Start < e.Start + e.Length)));
        foreach (var r in mapped.Within(stack.Low, stack.Size))
        {
            bool readable = (r.Protection & Protection.Read) != 0;
            if (r.End <= cut || r.Start >= cut) regions.Add((r, readable && r.Start >= cut));
            else
            {
                regions.Add((r with { Length = (ulong)(cut - r.Start) }, false));
                regions.Add((new MappedRegion(cut, (ulong)(r.End - cut), r.Protection), readable));
            }
        }
        regions.Add((new MappedRegion(start.Address, start.Length, Protection.Read | Protection.Write), true));
        return regions;
    }

    /// <summary>Whether the pieces cover [start, start + length) without a hole.</summary>
    private static bool Whole(List<MappedRegion> pieces, nint start, ulong length)
    {
        nint at = start;
        foreach (var p in pieces)
        {
            if (p.Start != at) return false;
            at = p.End;
        }
        return at == start + (nint)length;
    }

    /// <summary>The guest's own mappings, as the memory module keeps them (its export <see cref="MemoryRangesExport"/>).</summary>
    private static List<(nint Start, ulong Length)> GuestMappings(nint rangesOf) =>
        [.. ModuleList<MappedRange>(rangesOf, MemoryRangesExport, 256, 0).Select(r => (r.Start, (ulong)(r.End - r.Start)))];

    /// <summary>A (start, end) pair of the memory module's list.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct MappedRange(nint Start, nint End);

    /// <summary>A list the memory module writes: <c>listOf(out, room, extra)</c> fills up to room entries and says how many
    /// there are in all, so a list longer than the room is asked for again with more.</summary>
    private static T[] ModuleList<T>(nint listOf, string name, int room, nint extra) where T : unmanaged
    {
        for (; ; room *= 4)
        {
            var entries = new T[room];
            nint count;
            fixed (T* p = entries) count = Guest.Call(listOf, (nint)p, room, extra);
            if (count < 0) throw new InvalidOperationException($"the memory module's {name} failed ({count})");
            if (count <= room) return entries[..(int)count];
        }
    }

    /// <summary>The guest's shared mappings and what backs each, as the memory module keeps them (<see cref="SharedListExport"/>),
    /// handed over to the <paramref name="child"/> where the host needs that.</summary>
    private static List<ForkShared> SharedMappings(nint listOf, nint child) => [.. ModuleList<ForkShared>(listOf, SharedListExport, 16, child)];

    private nint? FindModuleFunction(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* pointer = bytes)
            foreach (var obj in _modules?.Scope ?? [])
            {
                var query = new SymbolQuery(bytes.AsSpan(0, name.Length), pointer, version: null, plt: false);
                if (obj is GuestObject && obj.TryFind(ref query, out var found)) return (nint)found.Address;
            }
        return null;
    }

    /// <summary>
    /// Runs a fork child: the program of <paramref name="image"/> (whose ranges the caller has reserved) is loaded
    /// where the parent had it, its memory read from <paramref name="regions"/>, and the forking thread's copy goes on
    /// as this instance's main thread - <paramref name="restored"/> is called just before, when nothing can fail any
    /// more; if it says the parent is gone (it gave up on this child), the copy does not run and the child exits with
    /// <see cref="AbandonedChild"/>. The descriptors the CLI gave the program are the parent's; <paramref name="cloexec"/> lists those that were
    /// close-on-exec there. Returns and throws as <see cref="Run(string, IReadOnlyList{string}?)"/> does.
    /// </summary>
    internal int RunForked(ForkImage image, BinaryReader regions, IReadOnlyList<int> cloexec, Func<bool> restored)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ran) throw new InvalidOperationException("this instance has already run a program");
        _ran = true;
        StartModules();
        if (FindModuleFunction(SetCloexecExport) is not { } setCloexec || FindModuleFunction(MemoryAdoptExport) is not { } adopt)
            throw new LoadException(image.ProgramPath, $"the modules lack {SetCloexecExport} or {MemoryAdoptExport}, which a fork child needs");
        var placed = image.Objects.ToDictionary(o => (o.Device, o.Inode), o => o.Reservation);
        _linker.Placement = (device, inode) => placed.TryGetValue((device, inode), out nint at) ? at
            : throw new LoadException(image.ProgramPath, $"a fork child found an object the parent did not have (device {device}, inode {inode}): did a library change on disk?");
        _linker.ExternalSlots = [];
        LinkedProgram program;
        try
        {
            program = Load(image.ProgramPath);
            _runtimeLinker.Attach(program, order =>
            {
                AddProgramCode(order);
                Initializers.Run(null, order, _programObjects, (int)image.Argc, image.Argv, image.Envp);
            });
            _runtimeLinker.Replay(image.DlHistory.Select(e => new RuntimeLinker.DlEvent(e.Path, e.Flags, (nint)e.Handle)));
        }
        finally
        {
            _linker.Placement = null;
        }
        var slots = _linker.ExternalSlots;
        _linker.ExternalSlots = null;
        var modules = _modules?.Scope ?? [];
        var objects = _linker.Objects.OfType<GuestObject>().Where(o => !modules.Contains(o)).ToList();
        AddProgramCode(objects);   // the parent's dlopen'ed objects too, loaded again by the replay
        // Each one loaded was one of the parent's (the placement refuses others): as many means the same.
        if (objects.Count != image.Objects.Count)
            throw new LoadException(image.ProgramPath, "a fork child loaded other objects than the parent had: did a library change on disk?");
        var byIdentity = objects.ToDictionary(o => (o.Device, o.Inode));
        foreach (int i in image.Initialized)
        {
            var o = byIdentity[(image.Objects[i].Device, image.Objects[i].Inode)];
            o.Initialized = true;
            _programObjects.Add(o);
        }
        try
        {
            ForkRegions.Read(regions, at => objects.Any(o => o.LoadAddress <= at && at < o.LoadAddress + (nint)o.Span));
        }
        catch (EndOfStreamException)
        {
            throw new LoadException(image.ProgramPath, "the fork image ends early (the parent stopped writing it)");
        }
        catch (InvalidDataException ex)
        {
            throw new LoadException(image.ProgramPath, $"a fork child cannot put the parent's memory in place: {ex.Message}");
        }
        // The parent's bytes hold the parent's addresses of the core and of host libraries: this process's go back.
        var mapped = HostPlatform.Memory.Snapshot();
        foreach (var (slot, value) in slots)
            if (mapped.Within(slot, 8) is [{ Protection: var p }] && (p & Protection.Write) != 0) *(ulong*)slot = value;
        _threads.Structures.TakeLayout(image.StructureUsed, image.FaultEntry);
        (_program, _programPath) = (program, image.ProgramPath);
        _resumedStack = (image.StackLow, image.StackSize);
        _start = new StartPages(image.StartAddress, image.StartLength, image.Argc, image.Argv, image.Envp);
        var main = _threads.StartOrThrow(ThreadManager.MainTid, image.MainStackSize, t => RunMain(t, () =>
        {
            image.StructureBytes.CopyTo(new Span<byte>((void*)(t.Structure + ThreadStructures.HeaderSize), image.StructureBytes.Length));
            // The same objects, loaded in the same order, have their TLS blocks at the same offsets as in the parent.
            if (image.TlsBytes.Length != _threads.Structures.Tls.Used)
                throw new InvalidOperationException($"the fork image's thread-local storage ({image.TlsBytes.Length} bytes) differs from this load's ({_threads.Structures.Tls.Used})");
            image.TlsBytes.CopyTo(new Span<byte>((void*)(t.Structure - image.TlsBytes.Length), image.TlsBytes.Length));
            foreach (int fd in cloexec) Guest.Call(setCloexec, fd, 1);
            if (image.Shared.Count > 0) TakeSharedMappings(image);
            var pairs = image.Mappings.SelectMany(m => new[] { m.Start, m.Start + (nint)m.Length }).ToArray();
            fixed (nint* p = pairs)
                if (Guest.Call(adopt, (nint)p, image.Mappings.Count) < 0) throw new InvalidOperationException("the memory module cannot take the parent's mappings");
            // The copy's guard is as the parent's thread's was: this host's, as this thread's is.
            nint guard = HostPlatform.Threads.CurrentStack()?.Guard ?? HostThreads.StackGuardSize;
            return restored() ? Guest.CallOnOwnStack(image.Resume, image.Argument, image.StackLow, (nuint)image.StackSize, guard) : AbandonedChild;
        }), "main", structureAt: image.Structure);
        return Finish(main);
    }

    /// <summary>In a fork child: the parent's shared mappings, mapped where it has them and shared with it (the memory
    /// module opens what backs them through the parent, which waits for this child's answer meanwhile).</summary>
    private void TakeSharedMappings(ForkImage image)
    {
        if (FindModuleFunction(SharedTakeExport) is not { } take)
            throw new InvalidOperationException($"the parent shares mappings, and this child's memory module lacks {SharedTakeExport}");
        var pieces = image.Shared.ToArray();
        nint result;
        fixed (ForkShared* p = pieces) result = Guest.Call(take, (nint)p, pieces.Length, (nint)image.ParentId);
        if (result < 0) throw new InvalidOperationException($"the memory module cannot share the parent's shared mappings (errno {-result})");
    }
}
