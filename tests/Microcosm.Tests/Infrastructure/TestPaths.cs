namespace Microcosm.Tests.Infrastructure;

/// <summary>Where things are: the repository, the built CLI and SDK, and the guest test programs.</summary>
public static class TestPaths
{
    public static string Root { get; } = FindRoot();
    public static string Build => Path.Combine(Root, "build");
    public static string Cli => Path.Combine(Build, "bin", "microcosm");
    public static string Sdk => Path.Combine(Build, "sdk");
    /// <summary>Guest programs and libraries built from tests/guest by <see cref="GuestBuild"/>.</summary>
    public static string Guests => Path.Combine(Build, "tests", "guest");

    public static string Guest(string name) => Path.Combine(Guests, name);

    /// <summary>An example the README shows, built into build/examples.</summary>
    public static string Example(string name) => Path.Combine(Build, "examples", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Microcosm.slnx"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root from " + AppContext.BaseDirectory);
    }
}
