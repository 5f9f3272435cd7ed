using Microcosm.Fuzz;
using SharpFuzz;

// The loader's fuzz target (docs/fuzzing.md).
//   Microcosm.Fuzz                 run under afl-fuzz (fuzz/run.sh): one input per iteration, from afl
//   Microcosm.Fuzz --replay FILE…  run inputs once each and print what the loader said: reproduces a
//                                  finding outside afl (an exception or crash here is the finding)
// MICROCOSM_FUZZ_LIBRARIES (colon-separated directories) is where DT_NEEDED names are looked for.

var libraries = (Environment.GetEnvironmentVariable("MICROCOSM_FUZZ_LIBRARIES") ?? "")
    .Split(':', StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToList();
string scratch = Directory.CreateTempSubdirectory("microcosm-fuzz-").FullName;
var target = new LoaderTarget(scratch, libraries);
List<string> watched = [scratch, .. libraries];
try
{
    if (args is ["--replay", .. var files])
    {
        foreach (string file in files)
        {
            string? outcome = target.Run(File.ReadAllBytes(file));
            MappingCheck.AssertNoneOf(watched);
            Console.WriteLine($"{file}: {outcome ?? "loaded"}");
        }
        return 0;
    }
    if (args.Length != 0)
    {
        Console.Error.WriteLine("usage: Microcosm.Fuzz [--replay FILE...]   (see docs/fuzzing.md)");
        return 2;
    }
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Run(buffer.ToArray());
        MappingCheck.AssertNoneOf(watched);
    });
    return 0;
}
finally
{
    Directory.Delete(scratch, recursive: true);
}
