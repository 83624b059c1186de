using EdgeLstm.Worker.Errors;


namespace EdgeLstm.Worker.Service;

/// <summary>The exit code the hosted worker wants the process to end with (the host itself only knows "stopped").</summary>
public sealed class WorkerOutcome
{
    private int _exitCode = ExitCodes.Ok;

    public int ExitCode
    {
        get => Volatile.Read(ref _exitCode);
        set => Volatile.Write(ref _exitCode, value);
    }
}
