using System.Runtime.InteropServices;
using System.Text;
using Microcosm.Loading;

namespace Microcosm.Syscalls;

/// <summary>
/// Loading at run time for a running program: the core syscalls behind the C library's dlopen, dlsym,
/// dlclose and dladdr (-4 … -7, docs/abi.md; their entries are in <see cref="CoreSyscalls"/>). Objects are found, shared, mapped and relocated by the
/// instance's <see cref="Linker"/>, as at start-up: an object opened at run time binds its symbols in
/// the global scope (the program's, then objects opened with RTLD_GLOBAL), then in its own; its
/// initializers run on the calling thread before dlopen returns. Nothing is ever unmapped before the
/// instance is disposed: dlclose only counts (as musl's), so no pointer into an object goes stale.
/// One lock serializes loading (an initializer may dlopen in turn: the lock is re-entrant).
/// </summary>
internal sealed unsafe class RuntimeLinker
{
    public const int ErrorSize = 512;
    private const int RtldNoload = 0x4, RtldGlobal = 0x100;
    private const nint Default = 0, Next = -1, FirstHandle = 0x1000;
    /// <summary>The longest names read from the guest, NUL included: PATH_MAX for a file, a generous bound for a symbol.</summary>
    private const int PathMax = 4096, SymbolNameMax = 64 << 10;

    /// <summary><c>Dl_info</c>, as dladdr fills it.</summary>
    private struct DlInfo
    {
        public nint FileName, Base, SymbolName, SymbolAddress;
    }

    private readonly Linker _linker;
    private readonly HostLibraryPolicy? _policy;
    private readonly Func<string?> _workingDirectory;
    private readonly Lock _gate = new();
    private readonly List<Opened> _handles = [];
    private readonly Dictionary<LoadedObject, Opened> _byRoot = [];
    private readonly Dictionary<LoadedObject, nint> _names = [];   // dladdr's dli_fname strings, one per object
    private readonly List<LoadedObject> _global = [];
    private readonly List<DlEvent> _history = [];
    private LinkedProgram? _program;
    private Action<List<GuestObject>>? _initialize;

    private sealed class Opened(nint handle, LoadedObject root, List<LoadedObject> scope)
    {
        public nint Handle { get; } = handle;
        public LoadedObject Root { get; } = root;
        public List<LoadedObject> Scope { get; } = scope;
        public int References { get; set; } = 1;
    }

    /// <summary>A run-time linker over <paramref name="linker"/>'s objects; host libraries as <paramref name="policy"/> allows.
    /// <paramref name="workingDirectory"/> gives the program's working directory now (its path module's, which a chdir
    /// changes), from which a relative name with a '/' is opened, as Linux's dlopen opens it; null: the host's.</summary>
    public RuntimeLinker(Linker linker, HostLibraryPolicy? policy, Func<string?> workingDirectory)
    {
        _linker = linker;
        _policy = policy;
        _workingDirectory = workingDirectory;
    }

    /// <summary>The program now running, and how to run initializers (on the calling thread, with the program's arguments).</summary>
    public void Attach(LinkedProgram program, Action<List<GuestObject>> initialize)
    {
        lock (_gate)
        {
            _program = program;
            _initialize = initialize;
            _global.Clear();
            _global.AddRange(program.Scope);
        }
    }

    /// <summary>dlopen(path or NULL, flags, caller, error buffer): a handle, or 0 with the reason in the buffer.</summary>
    public nint DlOpen(nint path, int flags, nint caller, nint error)
    {
        lock (_gate)
        {
            if (_program is not { } program) return Fail(error, "no program is running");
            if (path == 0)
            {
                _history.Add(new DlEvent(null, flags, 0));
                return HandleOf(program.Root, _global).Handle;
            }
            int read = GuestMemory.TryReadCString(path, PathMax, out byte[] bytes);
            if (read == -Errno.EFAULT) return Fail(error, $"cannot read the file name at 0x{path:x}: Bad address");
            if (read != 0) return Fail(error, $"cannot open shared object file: File name too long (no NUL in {PathMax} bytes at 0x{path:x})");
            string name = Encoding.UTF8.GetString(bytes);
            if (name.Length == 0) return Fail(error, "cannot open shared object file: empty file name");
            var requester = ObjectAt(caller) ?? program.Root;
            string file = name.Contains('/') && !System.IO.Path.IsPathRooted(name) && _workingDirectory() is { } cwd ? System.IO.Path.Combine(cwd, name) : name;
            try
            {
                if ((flags & RtldNoload) != 0)
                {
                    var loaded = _linker.FindLoadedByName(file);
                    if (loaded == null || loaded is BuiltinObject) return Fail(error, $"{name}: not loaded (RTLD_NOLOAD)");
                    _history.Add(new DlEvent(System.IO.Path.GetFullPath(loaded.Path), flags, 0));
                    return Promote(HandleOf(loaded, ScopeOf(loaded)), flags).Handle;
                }
                var (root, scope) = _linker.LoadAtRunTime(file, requester, program.Root, _global, _policy);
                var opened = HandleOf(root, scope);
                Promote(opened, flags);
                if (root is GuestObject) _history.Add(new DlEvent(System.IO.Path.GetFullPath(root.Path), flags, 0));
                else _history.Add(new DlEvent(null, flags, opened.Handle));   // a host library: counted, not opened again
                _initialize!(Initializers.Order(root));
                return opened.Handle;
            }
            catch (LoadException ex)
            {
                return Fail(error, ex.NotFound || ex.Reason.StartsWith("cannot find dependency", StringComparison.Ordinal) && ex.File == requester.Path
                    ? $"{name}: cannot open shared object file: No such file or directory"
                    : $"{ex.File}: {ex.Reason}");
            }
        }
    }

    /// <summary>An object's own scope: itself, then its dependencies breadth-first.</summary>
    private static List<LoadedObject> ScopeOf(LoadedObject root)
    {
        var scope = new List<LoadedObject> { root };
        for (int i = 0; i < scope.Count; i++)
            foreach (var dep in scope[i].Needed)
                if (!scope.Contains(dep)) scope.Add(dep);
        return scope;
    }

    /// <summary>The handle of <paramref name="root"/> (one per object, counted), made on its first dlopen.</summary>
    private Opened HandleOf(LoadedObject root, List<LoadedObject> scope)
    {
        if (_byRoot.TryGetValue(root, out var opened))
        {
            opened.References++;
            return opened;
        }
        opened = new Opened(FirstHandle + _handles.Count, root, scope);
        _handles.Add(opened);
        _byRoot.Add(root, opened);
        return opened;
    }

    /// <summary>RTLD_GLOBAL: the object's scope joins the global scope (for the objects opened later, and for RTLD_DEFAULT).</summary>
    private Opened Promote(Opened opened, int flags)
    {
        if ((flags & RtldGlobal) != 0)
            foreach (var obj in opened.Scope)
                if (!_global.Contains(obj)) _global.Add(obj);
        return opened;
    }

    /// <summary>dlsym(handle, name, caller, error buffer): RTLD_DEFAULT (0) searches the global scope,
    /// RTLD_NEXT (-1) the objects after the caller's in it, a handle its object's scope.</summary>
    public nint DlSym(nint handle, nint namePointer, nint caller, nint error)
    {
        lock (_gate)
        {
            if (_program is not { } program) return Fail(error, "no program is running");
            if (namePointer == 0) return Fail(error, "undefined symbol: (null)");
            IEnumerable<LoadedObject> scope;
            string where;
            if (handle == Default)
            {
                scope = _global;
                where = "RTLD_DEFAULT";
            }
            else if (handle == Next)
            {
                var self = ObjectAt(caller);
                int at = self == null ? -1 : _global.IndexOf(self);
                scope = at < 0 ? [] : _global.Skip(at + 1);
                where = "RTLD_NEXT";
            }
            else if (handle >= FirstHandle && handle < FirstHandle + _handles.Count)
            {
                var opened = _handles[(int)(handle - FirstHandle)];
                scope = opened.Root == program.Root ? _global : opened.Scope;
                where = opened.Root.Path;
            }
            else
            {
                return Fail(error, $"invalid handle 0x{handle:x}");
            }
            int read = GuestMemory.TryReadCString(namePointer, SymbolNameMax, out byte[] bytes);
            if (read == -Errno.EFAULT) return Fail(error, $"cannot read the symbol name at 0x{namePointer:x}: Bad address");
            if (read != 0) return Fail(error, $"{where}: undefined symbol: the name at 0x{namePointer:x} has no NUL in {SymbolNameMax} bytes");
            byte[] terminated = [.. bytes, 0]; // the host loader's dlsym takes the name NUL-terminated
            fixed (byte* pointer = terminated)
            {
                var query = new SymbolQuery(bytes, pointer, version: null, plt: false);
                try
                {
                    foreach (var obj in scope)
                    {
                        if (!obj.TryFind(ref query, out var definition) || definition.IsCanonicalPlt && obj != program.Root) continue;
                        // Under the fault boundary, like all guest code the core calls: a resolver that faults is reported.
                        if (definition.Type == Elf.ElfConstants.STT_GNU_IFUNC && definition.Owner is GuestObject)
                            return Threads.Guest.Call((nint)definition.Address);
                        // A thread-local variable's address is the calling thread's copy, as glibc's dlsym gives it.
                        if (definition.Type == Elf.ElfConstants.STT_TLS && definition.Owner is GuestObject { TlsModule: not 0 } owner)
                            return Threads.GuestThread.Current is { } thread ? thread.Structure - (nint)owner.TlsOffset + (nint)definition.Address
                                : Fail(error, $"{where}: {Encoding.UTF8.GetString(bytes)} is thread-local, and the caller is not a Microcosm thread");
                        return (nint)definition.Address;
                    }
                }
                catch (LoadException ex)
                {
                    return Fail(error, $"{ex.File}: {ex.Reason}");
                }
            }
            return Fail(error, $"{where}: undefined symbol: {Encoding.UTF8.GetString(bytes)}");
        }
    }

    /// <summary>dlclose(handle): 0, or -EINVAL for a handle dlopen never gave. Counts only: nothing is unmapped.</summary>
    public nint DlClose(nint handle)
    {
        lock (_gate)
        {
            if (handle < FirstHandle || handle >= FirstHandle + _handles.Count) return -Errno.EINVAL;
            var opened = _handles[(int)(handle - FirstHandle)];
            if (opened.References == 0) return -Errno.EINVAL;
            opened.References--;
            _history.Add(new DlEvent(null, 0, -handle));
            return 0;
        }
    }

    /// <summary>
    /// One dlopen or dlclose the program made, for a fork child to make again: an object opened (by its full path: the
    /// working directory may have changed since), the program itself (no path), or a handle closed (negative). A host
    /// library's open is only counted (positive handle): the child has no host libraries of the program's.
    /// </summary>
    internal readonly record struct DlEvent(string? Path, int Flags, nint Handle);

    /// <summary>The program's dlopen and dlclose calls so far, in order.</summary>
    internal List<DlEvent> History
    {
        get { lock (_gate) return [.. _history]; }
    }

    /// <summary>
    /// A fork child: makes the parent's dlopen and dlclose calls again, with the same handles, reference counts and
    /// global scope as a result, but without initializers (the objects' memory comes from the parent, initialized).
    /// Objects load where the linker's placement says. A host library opened by the program cannot be (the handle
    /// would name nothing here): LoadException.
    /// </summary>
    internal void Replay(IEnumerable<DlEvent> history)
    {
        lock (_gate)
        {
            var program = _program ?? throw new InvalidOperationException("no program to replay dlopen for");
            foreach (var e in history)
            {
                if (e.Handle < 0)
                {
                    _handles[(int)(-e.Handle - FirstHandle)].References--;
                    _history.Add(e);
                    continue;
                }
                if (e.Handle > 0) throw new LoadException(program.Root.Path, "a fork child cannot open again a host library the program opened with dlopen");
                if (e.Path == null)
                {
                    HandleOf(program.Root, _global);
                    _history.Add(e);
                    continue;
                }
                var (root, scope) = _linker.LoadAtRunTime(e.Path, program.Root, program.Root, _global, _policy);
                Promote(HandleOf(root, scope), e.Flags);
                _history.Add(e);
            }
        }
    }

    /// <summary>dladdr(address, Dl_info *): 1 with the object (path, base) and the nearest exported symbol at
    /// or below the address (or nulls), if a guest object holds it; else 0.</summary>
    public nint DlAddr(nint address, nint info)
    {
        lock (_gate)
        {
            if (info == 0 || ObjectAt(address) is not { } obj) return 0;
            var out_ = new DlInfo { FileName = NameOf(obj), Base = obj.LoadAddress };
            if (obj.Symbols is { } symbols)
            {
                ulong offset = (ulong)(address - obj.Base), best = 0;
                uint found = 0;
                for (uint i = 1; i < symbols.Count; i++)
                {
                    ref readonly var sym = ref symbols[i];
                    if (!Elf.SymbolTable.IsExported(sym) || sym.Section == Elf.ElfConstants.SHN_ABS || sym.Value > offset) continue;
                    if (found == 0 || sym.Value > best) { best = sym.Value; found = i; }
                }
                if (found != 0)
                {
                    out_.SymbolName = (nint)symbols.NamePointer(found);
                    out_.SymbolAddress = obj.Base + (nint)best;
                }
            }
            return GuestMemory.TryWrite(info, out_) ? 1 : -Errno.EFAULT;
        }
    }

    /// <summary><c>struct mc_dl_object</c> (microcosm.h), as <see cref="DlObject"/> fills it.</summary>
    private struct DlObjectInfo
    {
        public nint Base, ProgramHeaders, ProgramHeaderCount, Name, TlsModule, TlsOffset;
    }

    /// <summary>dl_object(index, struct mc_dl_object *): 1 with the index-th guest object - the program first, then
    /// the others in the order they were loaded - else 0 (the C library's dl_iterate_phdr and _dl_find_object, which
    /// gcc's unwinder asks for the frame tables of the code it unwinds through: docs/cxx.md).</summary>
    public nint DlObject(nint index, nint info)
    {
        lock (_gate)
        {
            if (_program is not { } program || index < 0 || NthObject(program.Root, index) is not { } obj) return 0;
            nint headers = StartBlock.ProgramHeaders(obj);
            var out_ = new DlObjectInfo
            {
                Base = obj.Base, ProgramHeaders = headers, ProgramHeaderCount = headers == 0 ? 0 : obj.File.ProgramHeaders.Length,
                Name = NameOf(obj), TlsModule = obj.TlsModule, TlsOffset = (nint)obj.TlsOffset,
            };
            return GuestMemory.TryWrite(info, out_) ? 1 : -Errno.EFAULT;
        }
    }

    /// <summary>The index-th guest object, the program first. A loop, not a query: gcc's unwinder asks for every frame
    /// of every exception, from every thread, and each allocation would bring the next collection nearer.</summary>
    private GuestObject? NthObject(GuestObject program, nint index)
    {
        if (index == 0) return program;
        var objects = _linker.Objects;
        for (int i = 0; i < objects.Count; i++)
            if (objects[i] is GuestObject g && g != program && --index == 0) return g;
        return null;
    }

    /// <summary>The object's path as a C string, made once (dladdr's dli_fname, dl_iterate_phdr's dlpi_name).</summary>
    private nint NameOf(GuestObject obj)
    {
        if (!_names.TryGetValue(obj, out nint fileName))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(obj.Path + "\0");
            fileName = (nint)NativeMemory.Alloc((nuint)bytes.Length);
            bytes.CopyTo(new Span<byte>((void*)fileName, bytes.Length));
            _names.Add(obj, fileName);
        }
        return fileName;
    }

    private GuestObject? ObjectAt(nint address) =>
        address == 0 ? null : _linker.Objects.OfType<GuestObject>().FirstOrDefault(o => o.Contains((ulong)address, 1));

    /// <summary>The failure of dlopen or dlsym: 0, with <paramref name="message"/> in the caller's error buffer
    /// (if it gave one); -EFAULT if that buffer cannot be written.</summary>
    private static nint Fail(nint error, string message)
    {
        if (error == 0) return 0;
        byte[] bytes = Encoding.UTF8.GetBytes(message);
        var text = new byte[Math.Min(bytes.Length, ErrorSize - 1) + 1]; // cut to the buffer, NUL-terminated
        bytes.AsSpan(0, text.Length - 1).CopyTo(text);
        return GuestMemory.TryWrite(error, text) ? 0 : -Errno.EFAULT;
    }

    /// <summary>Frees dladdr's strings (the instance is being disposed: no guest code runs any more).</summary>
    public void Dispose()
    {
        foreach (nint p in _names.Values) NativeMemory.Free((void*)p);
        _names.Clear();
    }
}
