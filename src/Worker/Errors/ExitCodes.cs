namespace EdgeLstm.Worker.Errors;

/// <summary>Process exit codes; systemd's unit lists <see cref="Configuration"/> as not worth a restart.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A failure while running (broker gone for good, I/O error).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a malformed replay, a corrupt model, a bad argument.</summary>
    public const int BadInput = 2;

    /// <summary>The configuration is invalid (sysexits EX_CONFIG): restarting will not help.</summary>
    public const int Configuration = 78;
}
