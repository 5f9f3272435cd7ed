using Microcosm.Examples;

namespace Microcosm.Tests.Syscalls;

/// <summary>The sample module written in C# (examples/csharp-module), installed by an embedder.</summary>
public class CSharpModuleTests
{
    public CSharpModuleTests() => GuestBuild.Ensure();

    [Fact]
    public void GuestUsesTheCSharpModule()
    {
        using var cosmos = new Cosmos();
        KeyValueModule.Register(cosmos.Syscalls);
        Assert.Equal(0, cosmos.Run(TestPaths.Guest("csmodule/kvdemo")));
    }

    [Fact]
    public void WithoutTheModuleTheCallsAreEnosys()
    {
        using var cosmos = new Cosmos();
        Assert.Equal(1, cosmos.Run(TestPaths.Guest("csmodule/kvdemo"))); // the first put fails
    }
}
