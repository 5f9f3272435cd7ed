namespace Microcosm.Tests;

/// <summary>
/// Microcosm embedded in a .NET application that hosts many guests (docs/embedding.md): what the host
/// can rely on. Each check runs in a subprocess host (tests/Microcosm.EmbedHost), because what it checks
/// is that host process itself, which a defect could damage or bring down.
/// </summary>
public sealed class EmbeddingTests
{
    public EmbeddingTests() => GuestBuild.Ensure();

    private static ProcessResult Host(string mode, int timeoutSeconds = 120)
    {
        string scratch = Directory.CreateTempSubdirectory("microcosm-embed-").FullName;
        try
        {
            return Run.Process("dotnet", [Path.Combine(AppContext.BaseDirectory, "Microcosm.EmbedHost.dll"), mode,
                TestPaths.Guests, Path.Combine(TestPaths.Build, "modules"), scratch],
                new() { ["MICROCOSM_SDK"] = TestPaths.Sdk }, timeoutSeconds);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void GuestsOwnTheirDescriptorsAndTheHostsStayTheHosts()
    {
        // Guests close and replace 0-2 and write to and close every number up to 1023, one after another
        // and four at once; the host's 0-2 and its open data file come out untouched, and each guest's
        // stdout reached the pipe the host gave it.
        var result = Host("descriptors");
        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("host intact\n", result.StandardOutput);
    }
}
