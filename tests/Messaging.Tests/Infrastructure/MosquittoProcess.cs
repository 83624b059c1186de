using System.Diagnostics;
using System.Text;

namespace EdgeLstm.Messaging.Tests.Infrastructure;

/// <summary>
/// One mosquitto broker process on 127.0.0.1 with a generated configuration; can be killed and
/// started again on the same port (mosquitto binds with SO_REUSEADDR, so TIME_WAIT does not block it).
/// </summary>
public sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _configPath;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private MosquittoProcess(string executable, string configPath, int port)
    {
        _executable = executable;
        _configPath = configPath;
        Port = port;
    }

    public int Port { get; }

    public Uri Uri => new($"mqtt://127.0.0.1:{Port}");

    public Uri SecureUri => new($"mqtts://127.0.0.1:{Port}");

    /// <summary>mosquitto from /usr/sbin or PATH, or null when it is not installed.</summary>
    public static string? Locate()
    {
        if (File.Exists("/usr/sbin/mosquitto"))
        {
            return "/usr/sbin/mosquitto";
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "mosquitto"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Writes a configuration (listener, no persistence, plus <paramref name="extraConfig"/>) and starts the broker.</summary>
    public static async Task<MosquittoProcess> StartAsync(string executable, string directory, string name, string extraConfig)
    {
        var port = FreePort.Next();
        var configPath = Path.Combine(directory, name + ".conf");
        var config = new StringBuilder()
            .AppendLine($"listener {port} 127.0.0.1")
            .AppendLine("persistence false")
            .AppendLine("log_dest stderr")
            .AppendLine("log_type error")
            .AppendLine("log_type warning")
            // Started as root, mosquitto would drop to user "mosquitto", which cannot read our temp files.
            .AppendLine($"user {Environment.UserName}")
            .Append(extraConfig)
            .ToString();
        await File.WriteAllTextAsync(configPath, config);
        var broker = new MosquittoProcess(executable, configPath, port);
        await broker.StartAsync();
        return broker;
    }

    /// <summary>Starts (or restarts) the broker on <see cref="Port"/> and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("mosquitto is already running");
        }

        var info = new ProcessStartInfo(_executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(_configPath);
        var process = new Process { StartInfo = info };
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        var clock = Stopwatch.StartNew();
        while (!await FreePort.AcceptsAsync(Port))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"mosquitto did not start on port {Port} (exit {(process.HasExited ? process.ExitCode : "none")}): {Output}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Kills the broker (SIGKILL: a crash, not a clean shutdown) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>SIGHUP: mosquitto reloads its configuration (access lists included) without dropping clients.</summary>
    public async Task ReloadAsync()
    {
        if (_process is not { HasExited: false })
        {
            throw new InvalidOperationException("mosquitto is not running");
        }

        using var kill = Process.Start("kill", ["-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -HUP {_process.Id} failed with exit code {kill.ExitCode}");
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
