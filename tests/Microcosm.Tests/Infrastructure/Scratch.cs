namespace Microcosm.Tests.Infrastructure;

/// <summary>A temporary directory for one test, removed afterwards (unless <see cref="Keep"/> was called).</summary>
internal sealed class Scratch : IDisposable
{
    private bool _keep;

    public string Root { get; } = System.IO.Directory.CreateTempSubdirectory("microcosm-test-").FullName;

    /// <summary>A path in the directory (its parent directories created).</summary>
    public string File(string name)
    {
        string path = Path.Combine(Root, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    public string Directory(string name) => System.IO.Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>Copies a file (keeping its permissions) to <paramref name="name"/> in the directory.</summary>
    public string Copy(string source, string name)
    {
        string path = File(name);
        System.IO.File.Copy(source, path, overwrite: true);
        return path;
    }

    public void Keep() => _keep = true;

    public void Dispose()
    {
        if (!_keep) System.IO.Directory.Delete(Root, recursive: true);
    }
}
