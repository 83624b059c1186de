using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeLstm.EndToEnd.Tests.Deploy;

/// <summary>
/// The real `edge-lstm run` started as systemd starts a Type=notify unit with WatchdogSec=: a
/// notification socket, WATCHDOG_USEC, and SYSTEMD_EXEC_PID naming the process (so the Generic
/// Host's systemd lifetime switches on). It must say READY=1, ping the watchdog while predicting,
/// keep STATUS= current, and say STOPPING=1 on SIGTERM before exiting 0.
/// </summary>
public sealed class ServiceNotifyTests
{
    [Fact]
    public async Task Run_Under_A_Fake_Systemd_Notifies_Ready_Watchdog_Status_And_Stopping()
    {
        using var systemd = new FakeNotifySocket();
        var entry = Path.Combine(AppContext.BaseDirectory, "edge-lstm.dll");
        var info = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath() };

        // exec keeps the shell's PID, so SYSTEMD_EXEC_PID=$$ names the worker itself, as systemd's would.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("SYSTEMD_EXEC_PID=$$ exec dotnet \"$0\" run --set Mqtt:EmbeddedPort=\"$1\"");
        info.ArgumentList.Add(entry);
        info.ArgumentList.Add(FreePort().ToString(CultureInfo.InvariantCulture));
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("EDGE_LSTM_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["NOTIFY_SOCKET"] = systemd.Path;
        info.Environment["WATCHDOG_USEC"] = "2000000";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await systemd.WaitForAsync(m => m.Contains("READY=1"), TimeSpan.FromSeconds(30), "READY=1");
            await systemd.WaitForAsync(m => m.Count(x => x == "WATCHDOG=1") >= 2, TimeSpan.FromSeconds(10), "two watchdog pings");
            await systemd.WaitForAsync(m => m.Any(x => x.StartsWith("STATUS=", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "STATUS=");
        }
        catch (TimeoutException e)
        {
            process.Kill();
            throw new TimeoutException($"{e.Message}; stderr: {await stderr}", e);
        }

        var statusLine = systemd.Messages.First(x => x.StartsWith("STATUS=", StringComparison.Ordinal));
        Assert.Matches(@"^STATUS=\d+\.\d frames/s, broker connected, 0 lost$", statusLine);

        // The 1 s ping spacing (half of WATCHDOG_USEC) holds in the real process too.
        var pings = systemd.Received.Where(r => r.Message == "WATCHDOG=1").Select(r => r.At).ToList();
        Assert.True(pings[1] - pings[0] >= TimeSpan.FromMilliseconds(900), $"pings {(pings[1] - pings[0]).TotalMilliseconds:0} ms apart");

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}; stderr: {await stderr}; stdout: {await stdout}");
        await systemd.WaitForAsync(m => m.Contains("STOPPING=1"), TimeSpan.FromSeconds(2), "STOPPING=1");
        Assert.True(systemd.Messages.ToList().IndexOf("READY=1") < systemd.Messages.ToList().IndexOf("STOPPING=1"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
