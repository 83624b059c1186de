using System.Diagnostics;
using System.Text;
using EdgeLstm.Messaging.Tests.Infrastructure;

namespace EdgeLstm.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The built edge-lstm as a child process (`dotnet edge-lstm.dll ...`), so tests see what a user
/// or systemd sees: exit codes, stderr lines, signals, and a real process death for the Last Will.
/// </summary>
public sealed class EdgeLstmProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private EdgeLstmProcess(Process process)
    {
        _process = process;
    }

    /// <summary>edge-lstm.dll beside the test assembly (the project reference copies it, with its settings and model).</summary>
    public static string EntryAssembly { get; } = Path.Combine(AppContext.BaseDirectory, "edge-lstm.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput => Read(_stdout);

    public string StandardError => Read(_stderr);

    /// <summary>Starts edge-lstm with <paramref name="arguments"/>; <paramref name="environment"/> adds variables (EDGE_LSTM_*).</summary>
    public static EdgeLstmProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(EntryAssembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A clean slate: no settings leak in from the test runner's environment.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("EDGE_LSTM_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new EdgeLstmProcess(process);
        process.OutputDataReceived += (_, e) => Append(child._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(child._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to completion; kills it and fails if it takes longer than <paramref name="timeout"/>.</summary>
    public static async Task<EdgeLstmProcess> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var child = Start(arguments, environment);
        await child.WaitForExitAsync(timeout);
        return child;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edge-lstm did not exit within {timeout.TotalSeconds:0} s; stdout: {StandardOutput} stderr: {StandardError}");
        }

        // The exit event can precede the last redirected lines; this waits for the streams to close.
        _process.WaitForExit();
    }

    public Task WaitForOutputAsync(string text, TimeSpan? timeout = null) =>
        Wait.UntilAsync(() => StandardOutput.Contains(text, StringComparison.Ordinal) || _process.HasExited, $"edge-lstm printed \"{text}\"", timeout)
            .ContinueWith(
                t =>
                {
                    t.GetAwaiter().GetResult();
                    if (!StandardOutput.Contains(text, StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"edge-lstm exited ({_process.ExitCode}) without printing \"{text}\"; stdout: {StandardOutput} stderr: {StandardError}");
                    }
                },
                TaskScheduler.Default);

    /// <summary>SIGTERM, as systemd stops a service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the process dies without any chance to say goodbye.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }

    private static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }
}
