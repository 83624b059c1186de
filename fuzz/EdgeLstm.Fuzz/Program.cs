using EdgeLstm.Fuzz;
using SharpFuzz;

// edge-lstm-fuzz TARGET           under afl-fuzz: one input per run on stdin (fuzz/run.sh)
// edge-lstm-fuzz TARGET FILE...   outside afl: each file once, the finding (if any) printed
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    await Console.Error.WriteLineAsync($"usage: edge-lstm-fuzz {{{string.Join('|', FuzzTargets.All.Keys)}}} [FILE...]");
    return 64;
}

if (args.Length == 1)
{
    Fuzzer.Run(stream => AllocationBudget.Run(target, ReadAll(stream)));
    return 0;
}

var findings = 0;
foreach (var file in args.Skip(1))
{
    try
    {
        AllocationBudget.Run(target, File.ReadAllBytes(file));
        Console.WriteLine($"{file}: ok");
    }
#pragma warning disable CA1031 // reproducing: every escaping exception is the finding to show
    catch (Exception e)
#pragma warning restore CA1031
    {
        findings++;
        Console.WriteLine($"{file}: FINDING {e.GetType().FullName}: {e.Message}");
        Console.WriteLine(e.StackTrace);
    }
}

return findings == 0 ? 0 : 1;

static byte[] ReadAll(Stream stream)
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    return copy.ToArray();
}
