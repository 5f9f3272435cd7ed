namespace Microcosm.Tests.Embedding;

/// <summary>
/// The NuGet package (`make nuget`, docs/embedding.md) as a .NET developer meets it: a fresh console application that
/// references it from a local feed - nothing else of this repository - runs a guest, on each host (Windows: the
/// application published self-contained for win-x64, which makes the package give it the Windows modules).
/// </summary>
[Collection("make")]   // each runs make on the build tree: one at a time
public sealed class NuGetPackageTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary>The package, packed once per test run from this checkout's build.</summary>
    private static readonly Lazy<string> Feed = new(() =>
    {
        string feed = Path.Combine(TestPaths.Build, "tests", "nuget-feed");
        if (Directory.Exists(feed)) Directory.Delete(feed, recursive: true);
        var pack = Run.Process("make", ["-s", "nuget", $"NUGET_OUT={feed}"], timeoutSeconds: 600);
        Assert.True(pack.ExitCode == 0, pack.StandardOutput + pack.StandardError);
        return feed;
    });

    private const string Program = """
        using Microcosm;
        var output = new MemoryStream();
        using var cosmos = new Cosmos(new CosmosOptions { ModuleDirectory = Sdk.InstalledModuleDirectory, StandardOutput = output });
        int status = await cosmos.RunAsync(args[0], ["from", "a", "package"], new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Console.Write(System.Text.Encoding.UTF8.GetString(output.ToArray()));
        Console.WriteLine($"status {status}");
        return status;
        """;

    [SkippableTheory, OnBothHosts]
    public void AFreshConsoleAppRunsAGuestFromThePackage(TargetHost host)
    {
        if (host == TargetHost.Windows) WindowsLane.SkipUnlessAvailable();
        string app = _scratch.Directory("app");
        // The packages the application restores go outside it (a folder inside would be part of its project); the
        // machine's package cache is a source too, for the package's own dependencies, since nothing else is reachable.
        string packages = _scratch.Directory("packages");
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{packages}" /></config>
              <packageSources>
                <clear />
                <add key="local" value="{Feed.Value}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microcosm" Version="*" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), Program);
        // No variable of this checkout's: the application finds the package's SDK and modules beside itself.
        var environment = new Dictionary<string, string> { ["MICROCOSM_SDK"] = "", ["MICROCOSM_MODULES"] = "", ["NUGET_PACKAGES"] = packages };
        string output = Path.Combine(app, "out");
        string hello = TestPaths.Example("hello");
        ProcessResult result;
        if (host == TargetHost.Linux)
        {
            var publish = Run.Process("dotnet", ["publish", "-o", output, "-nologo", "-v", "quiet"], environment, timeoutSeconds: 300, workingDirectory: app);
            Assert.True(publish.ExitCode == 0, publish.StandardOutput + publish.StandardError);
            Assert.True(File.Exists(Path.Combine(output, "sdk", "libc", "lib", "libc.so")));
            result = Run.Process(Path.Combine(output, "app"), [hello], environment);
        }
        else
        {
            var publish = Run.Process("dotnet", ["publish", "-r", "win-x64", "--self-contained", "-o", output, "-nologo", "-v", "quiet"],
                environment, timeoutSeconds: 300, workingDirectory: app);
            Assert.True(publish.ExitCode == 0, publish.StandardOutput + publish.StandardError);
            result = WindowsLane.Exe(Path.Combine(output, "app.exe"), ["Z:" + hello.Replace('/', '\\')]);
            hello = "Z:" + hello.Replace('/', '\\');
        }
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardOutput}{result.StandardError}");
        Assert.Equal($"Hello from Microcosm! ({hello}, 3 arguments)\nstatus 0\n", result.StandardOutput);
    }
}
