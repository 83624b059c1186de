namespace EdgeLstm.Fuzz;

/// <summary>
/// Makes "unbounded memory for a small input" a crash afl-fuzz records: a target may allocate a
/// fixed allowance plus a linear share of its input (a recording's frames grow with its rows), no
/// more. A header declaring a huge tensor, or a time jump turned into billions of frames, exceeds
/// it long before the machine notices.
/// </summary>
internal static class AllocationBudget
{
    /// <summary>Fixed allowance: a model's buffers, configuration providers, JSON documents.</summary>
    public const long FixedBytes = 64L << 20;

    /// <summary>Per input byte: a 5 s silence (the assembler's time-jump bound) in a 6-byte row is 250 frames.</summary>
    public const long BytesPerInputByte = 32L << 10;

    public static void Run(Action<byte[]> target, byte[] input)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        target(input);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var budget = FixedBytes + (BytesPerInputByte * input.Length);
        if (allocated > budget)
        {
            throw new InsufficientMemoryException($"{allocated >> 20} MiB allocated for a {input.Length}-byte input (budget {budget >> 20} MiB)");
        }
    }
}
