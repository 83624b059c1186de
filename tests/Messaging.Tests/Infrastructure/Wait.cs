using System.Diagnostics;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>Waits on conditions with a deadline instead of sleeping a fixed time.</summary>
internal static class Wait
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(10);

    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Default;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"timed out after {limit.TotalSeconds:0.#} s waiting until {what}");
            }

            await Task.Delay(10);
        }
    }
}
