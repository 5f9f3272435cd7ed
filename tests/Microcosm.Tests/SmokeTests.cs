namespace Microcosm.Tests;

public class SmokeTests
{
    public SmokeTests() => GuestBuild.Ensure();

    [Fact]
    public void ExitStatusIsTheGuestsReturnValue()
    {
        var result = Run.Guest("smoke/exit42");
        Assert.Equal(42, result.ExitCode);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void RunsInProcessThroughTheLibrary()
    {
        using var cosmos = new Cosmos();
        Assert.Equal(42, cosmos.Run(TestPaths.Guest("smoke/exit42")));
    }

    [Fact]
    public void SharedLibraryLinksLibgcc()
    {
        var result = Run.Cli("inspect", TestPaths.Guest("smoke/libleaf.so"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("type: ET_DYN", result.StandardOutput);
        Assert.DoesNotContain("unresolved", result.StandardOutput); // __divti3 came from libgcc, linked into the object
    }
}
