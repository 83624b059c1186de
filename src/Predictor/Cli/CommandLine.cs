namespace EdgeLstm.Predictor.Cli;

/// <summary>The edge-lstm command line: one subcommand a capability.</summary>
internal static class CommandLine
{
    public static int Run(string[] args)
    {
        Console.WriteLine("edge-lstm");
        return args.Length;
    }
}
