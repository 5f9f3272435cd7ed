using Microcosm.Elf;

namespace Microcosm.Loading;

/// <summary>Where an object comes from: a guest ELF file, a host library, or the core itself.</summary>
public enum ObjectKind { Guest, Host, Builtin }

/// <summary>A symbol definition found in some object; <paramref name="IsCanonicalPlt"/> when it is an executable's
/// canonical PLT entry (an undefined symbol with a value), which only address references bind to.</summary>
internal readonly record struct SymbolDefinition(LoadedObject Owner, ulong Address, ulong Size, byte Type, bool IsCanonicalPlt = false);

/// <summary>A reference to resolve: a name (with both hashes, the SysV one computed on demand), a required version,
/// and whether it fills a PLT slot (which an executable's canonical PLT entry must not satisfy).</summary>
internal unsafe ref struct SymbolQuery
{
    public ReadOnlySpan<byte> Name;
    public byte* NamePointer;   // NUL-terminated, for the host loader
    public uint GnuHash;
    public uint SysVHash;       // uint.MaxValue until needed
    public SymbolVersion? Version;
    public bool Plt;

    public SymbolQuery(ReadOnlySpan<byte> name, byte* pointer, SymbolVersion? version, bool plt)
    {
        Name = name; NamePointer = pointer; GnuHash = ElfHash.Gnu(name); SysVHash = uint.MaxValue; Version = version; Plt = plt;
    }
}

/// <summary>An object in an instance's address space that symbols can be looked up in.</summary>
public abstract class LoadedObject : IDisposable
{
    protected LoadedObject(string name, string path) { Name = name; Path = path; }

    /// <summary>The name it is known by: its DT_SONAME, or the name it was needed as.</summary>
    public string Name { get; protected set; }
    /// <summary>The file it was loaded from (for a host library, as the host loader reports it).</summary>
    public string Path { get; }
    public abstract ObjectKind Kind { get; }
    /// <summary>The objects it depends on (DT_NEEDED), in order.</summary>
    public List<LoadedObject> Needed { get; } = [];

    internal abstract bool TryFind(ref SymbolQuery query, out SymbolDefinition definition);

    public virtual void Dispose() { }

    public override string ToString() => Name;
}

/// <summary>The core's own library, <c>libmicrocosm.so</c>: its exports bind to the instance's dispatcher.</summary>
internal sealed class BuiltinObject(string name, IReadOnlyDictionary<string, nint> exports) : LoadedObject(name, $"(built-in {name})")
{
    public const string SyscallLibrary = "libmicrocosm.so";
    public override ObjectKind Kind => ObjectKind.Builtin;
    public IReadOnlyDictionary<string, nint> Exports { get; } = exports;

    internal override bool TryFind(ref SymbolQuery query, out SymbolDefinition definition)
    {
        foreach (var (name, address) in Exports)
        {
            if (System.Text.Encoding.UTF8.GetByteCount(name) == query.Name.Length && System.Text.Encoding.UTF8.GetString(query.Name) == name)
            {
                definition = new SymbolDefinition(this, (ulong)address, 0, ElfConstants.STT_FUNC);
                return true;
            }
        }
        definition = default;
        return false;
    }
}

/// <summary>A <c>libhost_&lt;name&gt;</c> dependency: the host library <c>&lt;name&gt;</c> opened by the host's loader.</summary>
internal sealed unsafe class HostLibraryObject(string name, string hostName, string path, nint handle) : LoadedObject(name, path)
{
    public const string Prefix = "libhost_";
    public override ObjectKind Kind => ObjectKind.Host;
    /// <summary>The host library's name; empty for the host's default symbol scope (<c>libhost_.so</c>).</summary>
    public string HostName { get; } = hostName;
    private nint _handle = handle;

    /// <summary>The host library a <c>libhost_</c> name stands for: <c>libhost_libc.so.6</c> → <c>libc.so.6</c>, <c>libhost_.so</c> → default scope.</summary>
    public static bool TryParse(string needed, out string hostName)
    {
        hostName = "";
        if (!needed.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        hostName = needed[Prefix.Length..];
        if (hostName == ".so") hostName = "";
        return true;
    }

    internal override bool TryFind(ref SymbolQuery query, out SymbolDefinition definition)
    {
        nint address = Host.HostPlatform.Libraries.Symbol(_handle, query.NamePointer);
        definition = address != 0 ? new SymbolDefinition(this, (ulong)address, 0, ElfConstants.STT_FUNC) : default;
        return address != 0;
    }

    public override void Dispose()
    {
        Host.HostPlatform.Libraries.Close(_handle);
        _handle = 0;
    }
}
