using System.Diagnostics;

namespace EdgeLstm.EndToEnd.Tests.View;

/// <summary>
/// Debian's chromium, headless, with a throw-away profile and every background fetch off (the test
/// must not touch the network), driven over the DevTools protocol on a port it picks itself.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string RequireVariable = "EDGE_LSTM_REQUIRE_BROWSER";

    private readonly Process _process;
    private readonly DirectoryInfo _profile;

    private HeadlessChromium(Process process, DirectoryInfo profile, int port)
    {
        _process = process;
        _profile = profile;
        DevToolsPort = port;
    }

    public static string? ExecutablePath { get; } =
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public int DevToolsPort { get; }

    public static async Task<HeadlessChromium> StartAsync(int width, int height)
    {
        var executable = ExecutablePath ?? throw new InvalidOperationException("chromium is not installed (apt-get install -y chromium)");
        var profile = Directory.CreateTempSubdirectory("edge-lstm-chromium-");
        var info = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0", $"--window-size={width},{height}", "about:blank",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // With port 0 chromium picks a free port and writes it as the first line of DevToolsActivePort.
        var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                break;
            }

            if (File.Exists(portFile) && (await File.ReadAllLinesAsync(portFile)) is [var first, ..] && int.TryParse(first, out var port))
            {
                return new HeadlessChromium(process, profile, port);
            }

            await Task.Delay(100);
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"chromium did not open its DevTools port within 30 s (exited: {process.HasExited})");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A profile file still being closed; the temp folder is cleaned by the system later.
        }
    }
}
