namespace EdgeLstm.Predictor;

internal static class Program
{
    public static int Main(string[] args) => Cli.CommandLine.Run(args);
}
