using Microcosm.Elf;
using Microcosm.Host;

namespace Microcosm.Loading;

/// <summary>A program and its lookup scope: the program first, then its dependencies breadth-first.</summary>
public sealed class LinkedProgram(GuestObject root, IReadOnlyList<LoadedObject> scope)
{
    public GuestObject Root { get; } = root;
    public IReadOnlyList<LoadedObject> Scope { get; } = scope;
}

/// <summary>
/// One instance's dynamic linker: opens and maps objects, finds dependencies, checks symbol
/// versions and relocates, sharing each object among every program of the instance that needs it.
/// </summary>
internal sealed class Linker(LibrarySearch search, BuiltinObject builtin, Threads.ThreadStructures? threads = null) : IDisposable
{
    private readonly List<LoadedObject> _objects = [];
    private int _loads;

    /// <summary>
    /// Loads without running any guest code: IFUNC and IRELATIVE resolvers are checked (they must be in
    /// the object's code) but not called, and their relocations get the resolver's own address. For the
    /// fuzzer and tests, which load untrusted files all the way through relocation; such a load is not
    /// runnable. Internal: embedders always get resolvers called.
    /// </summary>
    internal bool RunsNoGuestCode { get; init; }

    /// <summary>For a fork child: where each object (by file identity) must lie - a reservation the caller holds - or 0
    /// for anywhere. Null outside a fork child's load.</summary>
    internal Func<ulong, ulong, nint>? Placement { get; set; }

    /// <summary>For a fork child: every slot a relocation bound to something outside the guest objects (the core's
    /// <c>mc_syscall</c>, a host library), with the value written. The parent's memory, copied over the objects, holds
    /// the parent's addresses there; these put this process's back. Null unless asked for.</summary>
    internal List<(nint Slot, ulong Value)>? ExternalSlots { get; set; }

    /// <summary>Every object of the instance, in load order.</summary>
    public IReadOnlyList<LoadedObject> Objects => _objects;

    /// <summary>Loads <paramref name="path"/> and its dependencies; with <paramref name="relocate"/> also binds them.
    /// Every <c>libhost_</c> dependency this load resolves must pass <paramref name="hostLibraries"/> (named
    /// <paramref name="policyScope"/> in errors). On failure nothing new stays mapped.</summary>
    public LinkedProgram Load(string path, bool relocate = true, HostLibraryPolicy? hostLibraries = null, string policyScope = "program")
    {
        int firstNew = _objects.Count;
        try
        {
            var root = FindLoaded(path) as GuestObject ?? OpenGuest(path, Path.GetFileName(path), neededBy: null);
            // The entry is jumped to without further checks: it must be code, not a segment's zero-filled tail.
            if (root.File.Entry != 0 && !root.File.IsCode(root.File.Entry))
                throw new LoadException(path, $"entry point 0x{root.File.Entry:x} is not in the contents of an executable segment");
            var scope = Dependencies(root, root, firstNew, hostLibraries, policyScope);
            if (relocate) Relocate(scope, scope);
            return new LinkedProgram(root, scope);
        }
        catch
        {
            Unload(firstNew);
            throw;
        }
    }

    /// <summary>
    /// dlopen: loads <paramref name="name"/> (a path, or a name found as a DT_NEEDED of
    /// <paramref name="requester"/> would be; an object already loaded is shared) and its dependencies
    /// into a running program, and relocates what is new against <paramref name="global"/> (the
    /// program's scope, and objects opened with RTLD_GLOBAL) followed by the object's own scope, as
    /// ld.so does. Returns the object and its own scope (itself, then its dependencies breadth-first).
    /// On failure nothing new stays mapped.
    /// </summary>
    public (LoadedObject Root, List<LoadedObject> Scope) LoadAtRunTime(string name, GuestObject requester, GuestObject program,
        IReadOnlyList<LoadedObject> global, HostLibraryPolicy? hostLibraries)
    {
        int firstNew = _objects.Count;
        try
        {
            var root = name.Contains('/')
                ? FindLoaded(name) ?? OpenGuest(name, Path.GetFileName(name), neededBy: null)
                : Resolve(name, requester, program, hostLibraries, "program");
            // As ld.so refuses: an executable's start-up code and data assume it is the program.
            if (root is GuestObject { IsExecutable: true } executable && executable != program)
                throw new LoadException(executable.Path, "cannot be loaded at run time: it is an executable, not a shared object");
            var local = Dependencies(root, program, firstNew, hostLibraries, "program");
            var scope = new List<LoadedObject>(global);
            foreach (var obj in local)
                if (!scope.Contains(obj)) scope.Add(obj);
            Relocate(local, scope);
            return (root, local);
        }
        catch
        {
            Unload(firstNew);
            throw;
        }
    }

    /// <summary>The scope of <paramref name="root"/>: itself, then its dependencies breadth-first, resolving
    /// the DT_NEEDED entries of the objects loaded since <paramref name="firstNew"/>; versions checked.</summary>
    private List<LoadedObject> Dependencies(LoadedObject root, GuestObject program, int firstNew, HostLibraryPolicy? hostLibraries, string policyScope)
    {
        var scope = new List<LoadedObject> { root };
        for (int i = 0; i < scope.Count; i++)
        {
            if (scope[i] is not GuestObject g) continue;
            if (_objects.IndexOf(g) >= firstNew && g.Dynamic != null)
                foreach (var name in g.Dynamic.Needed) g.Needed.Add(Resolve(name, g, program, hostLibraries, policyScope));
            foreach (var dep in g.Needed)
                if (!scope.Contains(dep)) scope.Add(dep);
        }
        CheckVersions(scope);
        return scope;
    }

    /// <summary>Relocates the objects of <paramref name="objects"/> not yet relocated, dependencies first
    /// (reverse order), binding their symbols in <paramref name="scope"/>; then makes their RELRO read-only.</summary>
    private void Relocate(List<LoadedObject> objects, List<LoadedObject> scope)
    {
        int generation = ++_loads;
        for (int i = objects.Count - 1; i >= 0; i--)
        {
            if (objects[i] is not GuestObject g || g.Relocated) continue;
            var relocator = new Relocator(g, scope, generation, RunsNoGuestCode, ExternalSlots);
            relocator.Run();
            // Code that reads the thread pointer reads the host slot holding the thread's structure instead. Only code that
            // may: an executable with TLS (its own accesses need no relocation), or an object whose relocations give thread
            // pointer offsets (initial-exec). A library's own TLS is otherwise reached through __tls_get_addr, and its code
            // is not decoded (libstdc++.so's megabyte took 9 ms of every C++ program's start).
            if ((g.TlsModule != 0 && g.IsExecutable) || relocator.UsesThreadPointer || (g.Dynamic != null && (g.Dynamic.Flags & ElfConstants.DF_STATIC_TLS) != 0))
                ThreadPointerLoads.Patch(g, Threads.ThreadLocalStorage.PointerSlot);
            if (g.TlsModule != 0) TlsThreads(g).PublishTls(g.TlsModule);   // its image is final: every thread gets it
            ImageMapper.ProtectRelro(g);
            Initializers.Check(g);
            g.Relocated = true;
            g.RelocatedIn = generation;
        }
    }

    private void Unload(int firstNew)
    {
        for (int i = _objects.Count - 1; i >= firstNew; i--)
        {
            if (_objects[i] is GuestObject { TlsModule: not 0 } g) TlsThreads(g).Tls.Remove(g.TlsModule);
            _objects[i].Dispose();
        }
        _objects.RemoveRange(firstNew, _objects.Count - firstNew);
    }

    /// <summary>An object already loaded under <paramref name="name"/>: by path when it has a slash, else by name
    /// (RTLD_NOLOAD).</summary>
    public LoadedObject? FindLoadedByName(string name) =>
        name.Contains('/') ? FindLoaded(name) : _objects.FirstOrDefault(o => o.Name == name);

    private LoadedObject? FindLoaded(string path)
    {
        string full = Path.GetFullPath(path);
        return _objects.FirstOrDefault(o => o is GuestObject && Path.GetFullPath(o.Path) == full);
    }

    private LoadedObject Resolve(string name, GuestObject requester, GuestObject program, HostLibraryPolicy? hostLibraries, string scope)
    {
        // Checked before sharing: a host library another scope already opened is still refused here.
        if (HostLibraryObject.TryParse(name, out _) && hostLibraries?.Refusal(name[HostLibraryObject.Prefix.Length..]) is { } rule)
            throw new LoadException(requester.Path,
                $"host library '{name[HostLibraryObject.Prefix.Length..]}' ({name}, needed by {requester.Name}) is refused by the {scope} host-library policy: {rule}");
        if (name == BuiltinObject.SyscallLibrary)
        {
            if (!_objects.Contains(builtin)) _objects.Add(builtin);
            return builtin;
        }
        var loaded = _objects.FirstOrDefault(o => o.Name == name);
        if (loaded != null) return loaded;
        if (HostLibraryObject.TryParse(name, out string hostName)) return OpenHost(name, hostName, requester);

        var searched = new List<string>();
        var skipped = new List<string>();
        bool byPath = name.Contains('/');
        IEnumerable<string> candidates = byPath ? [name] : search.Directories(requester, program).Select(d => Path.Combine(d, name));
        foreach (var candidate in candidates)
        {
            searched.Add(candidate);
            if (byPath) return OpenGuest(candidate, name, requester)!;
            var found = OpenGuest(candidate, name, requester, probe: true, out string? incompatible);
            if (found != null) return found;
            if (incompatible != null) skipped.Add($"{candidate} ({incompatible})");
        }
        string where = byPath ? ""
            : searched.Count == 0 ? "; no directory to search (no SDK was found: set MICROCOSM_SDK, or give a library path)"
            : $"; searched {string.Join(", ", searched.Select(Path.GetDirectoryName).Distinct())}";
        if (skipped.Count > 0) where += $"; skipped, not x86-64 ELF shared objects: {string.Join(", ", skipped)}";
        if (HostCLibraryNames.Contains(name))
            where += $". {requester.Name} was built for the host's C library (glibc), not Microcosm's: build it with `microcosm cc`";
        throw new LoadException(requester.Path, $"cannot find dependency '{name}' (needed by {requester.Name}){where}");
    }

    /// <summary>The sonames of glibc's libraries: a program that needs one was built by the host's compiler.</summary>
    private static readonly string[] HostCLibraryNames =
        ["libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1", "ld-linux-x86-64.so.2"];

    private HostLibraryObject OpenHost(string name, string hostName, GuestObject requester)
    {
        nint handle = HostPlatform.Libraries.Open(hostName, out string? error);
        if (handle == 0)
            throw new LoadException(requester.Path, $"cannot load host library '{hostName}' for dependency '{name}' (needed by {requester.Name}): {error}");
        string path = hostName.Length == 0 ? "(host default scope)" : HostPlatform.Libraries.PathOf(handle) ?? hostName;
        var host = new HostLibraryObject(name, hostName, path, handle);
        _objects.Add(host);
        return host;
    }

    /// <summary>Opens, checks and maps a guest ELF file; an object already loaded from the same file is shared.</summary>
    private GuestObject OpenGuest(string path, string neededAs, GuestObject? neededBy) =>
        OpenGuest(path, neededAs, neededBy, probe: false, out string? _)!;

    /// <summary>
    /// As <see cref="OpenGuest(string, string, GuestObject?)"/>; with <paramref name="probe"/> (a library
    /// search trying a directory), a file that does not exist gives null, and so does one that is no
    /// x86-64 ELF shared object (<paramref name="incompatible"/> says why), as ld.so skips it: a linker script
    /// named libc.so, a 32-bit library. Its first page, read once, serves the check and the parse.
    /// </summary>
    private unsafe GuestObject? OpenGuest(string path, string neededAs, GuestObject? neededBy, bool probe, out string? incompatible)
    {
        incompatible = null;
        string suffix = neededBy == null ? "" : $" (needed by {neededBy.Name})";
        using var file = HostPlatform.Files.Open(path, out string? error, out bool exists, map: false);
        if (file == null)
        {
            if (probe && !exists) return null;
            throw new LoadException(path, (error ?? "cannot open") + suffix, notFound: !exists);
        }
        var same = _objects.OfType<GuestObject>().FirstOrDefault(o => o.Device == file.Device && o.Inode == file.Inode);
        if (same != null) return same;
        var source = new DescriptorElfSource(file);
        if (probe && LibrarySearch.Incompatibility(source) is { } reason)
        {
            incompatible = reason;
            return null;
        }
        GuestObject? obj = null;
        try
        {
            var elf = ElfFile.Parse(source);
            // A program with no interpreter and TLS: a static one from the host's compiler (glibc's start-up sets up TLS).
            // (A shared object has no entry point: one opened at run time, with TLS, is not such a program.)
            if (neededBy == null && elf.Interpreter == null && elf.Tls != null && elf.Entry != 0)
                throw new LoadException(path, "is a static program from the host's compiler (its C library, glibc, linked in): " +
                                              "Microcosm runs programs built with `microcosm cc`, which links them dynamically");
            var image = ImageMapper.Map(file, elf, Placement?.Invoke(file.Device, file.Inode) ?? 0);
            try
            {
                obj = new GuestObject(neededAs, path, elf, image, file.Device, file.Inode);
            }
            catch
            {
                HostPlatform.Memory.Release(image.Reservation, image.Span);
                throw;
            }
            if (elf.Tls is { } tls) AddTls(obj, tls);
        }
        catch (LoadException ex) when (ex.File == path)
        {
            obj?.Dispose();
            // The one place that knows who needed the file: its errors say so.
            if (neededBy == null) throw;
            throw new LoadException(path, ex.Reason + suffix);
        }
        _objects.Add(obj);
        return obj;
    }

    /// <summary>The instance's threads, which thread-local storage needs (a linker made without them, for tests, loads none).</summary>
    private Threads.ThreadStructures TlsThreads(GuestObject obj) =>
        threads ?? throw new LoadException(obj.Path, "uses thread-local storage, which this load (without an instance's threads) cannot give");

    /// <summary>Gives the object's TLS block its module id and place below the thread pointer (every block is static).</summary>
    private void AddTls(GuestObject obj, in Elf64Phdr tls)
    {
        if (!obj.Contains((ulong)obj.Address(tls.VAddr), tls.FileSize))
            throw new LoadException(obj.Path, $"its PT_TLS image at 0x{tls.VAddr:x} (0x{tls.FileSize:x} bytes) is not in its loaded segments");
        var tlsOf = TlsThreads(obj).Tls;
        if (!tlsOf.ReadsDirectly)
            throw new LoadException(obj.Path, "uses thread-local storage, whose thread pointer this host cannot give guest code in one instruction " +
                                              "(its thread-local slots are not where Microcosm can read them directly)");
        var (id, offset) = tlsOf.Add(obj.Address(tls.VAddr), tls.FileSize, tls.MemSize, tls.Align, tls.VAddr, out string? reason)
            ?? throw new LoadException(obj.Path, reason!);
        obj.TlsModule = id;
        obj.TlsOffset = offset;
    }

    /// <summary>Every version an object requires of a guest dependency must be defined there (unless weak), as ld.so checks.</summary>
    private static void CheckVersions(List<LoadedObject> scope)
    {
        foreach (var obj in scope.OfType<GuestObject>())
        {
            if (obj.Symbols == null) continue;
            foreach (var required in obj.Symbols.Versions.Requirements)
            {
                if (required == null || required.Weak) continue;
                var provider = obj.Needed.OfType<GuestObject>().FirstOrDefault(n => n.Name == required.File || Path.GetFileName(n.Path) == required.File);
                if (provider?.Symbols == null) continue;
                if (!provider.Symbols.Versions.Defines(required))
                    throw new LoadException(obj.Path, $"version '{required.Text}' not found in {provider.Name} (required by {obj.Name})");
            }
        }
    }

    public void Dispose()
    {
        Unload(0);   // newest first: each object's TLS block is the last one then, and goes back
    }
}
