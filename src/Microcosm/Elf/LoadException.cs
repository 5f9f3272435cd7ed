namespace Microcosm;

/// <summary>
/// A file that cannot be loaded: <see cref="File"/> is the object at fault (the program or one of its
/// dependencies) and <see cref="Reason"/> says why; the message is "FILE: reason". The ELF reader throws it
/// as well, naming the file by the path it was opened with, so that a damaged table found at any stage of a
/// load names the object it belongs to without a caller catching and renaming the error.
/// </summary>
public sealed class LoadException(string file, string reason, bool notFound = false) : Exception($"{file}: {reason}")
{
    public string File { get; } = file;
    public string Reason { get; } = reason;
    /// <summary>The file itself does not exist (the CLI exits 127 for that, 126 otherwise).</summary>
    public bool NotFound { get; } = notFound;
}
