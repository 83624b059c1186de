using BenchmarkDotNet.Running;

namespace EdgeLstm.Bench;

internal static class Program
{
    /// <summary>
    /// BenchmarkDotNet by default (<c>dotnet run -c Release --project bench/EdgeLstm.Bench -- --filter '*'</c>);
    /// <c>ort ...</c> prints the ONNX Runtime rows of <c>edge-lstm bench</c>.
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == OrtLatencyMode.Name)
        {
            return OrtLatencyMode.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
