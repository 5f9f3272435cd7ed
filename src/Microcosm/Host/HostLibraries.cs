namespace Microcosm.Host;

/// <summary>Libraries loaded by the host's own loader, for <c>libhost_&lt;name&gt;</c> dependencies and for naming the
/// host code a guest fault happened in.</summary>
internal abstract unsafe class HostLibraries
{
    /// <summary>Opens <paramref name="name"/>, or the host's default symbol scope when it is empty; 0 with the reason if it cannot.</summary>
    public abstract nint Open(string name, out string? error);

    /// <summary>Looks up a NUL-terminated symbol name; 0 if the library has none.</summary>
    public abstract nint Symbol(nint handle, byte* name);

    public abstract void Close(nint handle);

    /// <summary>The file the host loader opened for a handle, or null.</summary>
    public abstract string? PathOf(nint handle);

    /// <summary>The size of the host data symbol defined at <paramref name="address"/>, or null if the host loader
    /// knows no symbol exactly there.</summary>
    public abstract ulong? SymbolSize(nint address);

    /// <summary>The host library whose code holds <paramref name="address"/>: its file and the address it is loaded
    /// at (its ELF virtual addresses start there); null if no library holds it.</summary>
    public abstract (string Path, nint Base)? Locate(nint address);
}
