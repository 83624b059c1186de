using System.Diagnostics;
using System.Runtime.Versioning;

namespace EdgeLstm.EndToEnd.Tests.Deploy;

/// <summary>
/// deploy/install.sh in a fake root (--root) with a stand-in systemctl that records its calls:
/// the layout it creates, that it is safe to run twice, the password drop-in, and --uninstall.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("elstm-install-").FullName;
    private readonly string _root;
    private readonly string _publish;
    private readonly string _systemctlLog;
    private readonly string _systemctl;

    public InstallScriptTests()
    {
        _root = Path.Combine(_work, "root");
        _publish = Path.Combine(_work, "publish");
        _systemctlLog = Path.Combine(_work, "systemctl.log");
        _systemctl = Path.Combine(_work, "systemctl");

        // A publish folder as publish.sh leaves it; any ELF file will do for the binary.
        Directory.CreateDirectory(Path.Combine(_publish, "models"));
        File.Copy("/bin/true", Path.Combine(_publish, "edge-lstm"));
        File.WriteAllText(Path.Combine(_publish, "appsettings.json"), "{ \"Source\": \"simulator\" }\n");
        File.WriteAllText(Path.Combine(_publish, "models", "default.elstm"), "model v1");

        // Records every call; "is-active" answers "inactive" (3) like systemctl for a stopped unit.
        File.WriteAllText(_systemctl, $"#!/bin/sh\necho \"$*\" >> '{_systemctlLog}'\n[ \"$1\" = is-active ] && exit 3\nexit 0\n");
        File.SetUnixFileMode(_systemctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Script { get; } = FindScript();

    [Fact]
    public void Installs_Binary_Model_Settings_And_Unit_Then_Enables_And_Starts_It()
    {
        var output = Run();

        Assert.True(File.Exists(Rooted("opt/edge-lstm/edge-lstm")), output);
        Assert.True((File.GetUnixFileMode(Rooted("opt/edge-lstm/edge-lstm")) & UnixFileMode.UserExecute) != 0);
        Assert.Equal("model v1", File.ReadAllText(Rooted("opt/edge-lstm/models/default.elstm")));
        Assert.True(File.Exists(Rooted("opt/edge-lstm/appsettings.json")));
        Assert.Contains("\"Source\": \"simulator\"", File.ReadAllText(Rooted("etc/edge-lstm/appsettings.json")), StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(Path.Combine(Path.GetDirectoryName(Script)!, "edge-lstm.service")), File.ReadAllText(Rooted("etc/systemd/system/edge-lstm.service")));

        // The credential file exists (LoadCredential= needs it), empty and readable by root only.
        Assert.Equal(0, new FileInfo(Rooted("etc/edge-lstm/mqtt-password")).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Rooted("etc/edge-lstm/mqtt-password")));
        Assert.False(Directory.Exists(Rooted("etc/systemd/system/edge-lstm.service.d")));

        Assert.Equal(["daemon-reload", "is-active --quiet edge-lstm.service", "enable --now edge-lstm.service"], SystemctlCalls());
    }

    [Fact]
    public void Running_Twice_Updates_The_Program_And_Keeps_The_Settings()
    {
        Run();
        var settings = Rooted("etc/edge-lstm/appsettings.json");
        File.WriteAllText(settings, "{ \"RobotId\": \"mine\" }\n");
        File.WriteAllText(Path.Combine(_publish, "models", "default.elstm"), "model v2");

        var output = Run();

        Assert.Contains("keeping the existing", output, StringComparison.Ordinal);
        Assert.Equal("{ \"RobotId\": \"mine\" }\n", File.ReadAllText(settings));
        Assert.Equal("model v2", File.ReadAllText(Rooted("opt/edge-lstm/models/default.elstm")));
        Assert.Empty(Directory.GetFiles(Rooted("opt/edge-lstm"), ".edge-lstm.new"));
    }

    [Fact]
    public void A_Password_File_Adds_The_Credential_Drop_In_And_Emptying_It_Removes_It()
    {
        Run();
        File.WriteAllText(Rooted("etc/edge-lstm/mqtt-password"), "s3cret\n");
        Run();
        var dropIn = Rooted("etc/systemd/system/edge-lstm.service.d/mqtt-password.conf");
        Assert.Contains("EDGE_LSTM_Mqtt__PasswordFile=%d/mqtt-password", File.ReadAllText(dropIn), StringComparison.Ordinal);
        Assert.Equal("s3cret\n", File.ReadAllText(Rooted("etc/edge-lstm/mqtt-password")));

        File.WriteAllText(Rooted("etc/edge-lstm/mqtt-password"), string.Empty);
        Run();
        Assert.False(File.Exists(dropIn));
    }

    [Fact]
    public void Uninstall_Removes_Everything_But_The_Settings()
    {
        Run();
        Directory.CreateDirectory(Rooted("var/lib/private/edge-lstm"));
        File.Delete(_systemctlLog);

        var output = Run("--uninstall");

        Assert.False(Directory.Exists(Rooted("opt/edge-lstm")), output);
        Assert.False(File.Exists(Rooted("etc/systemd/system/edge-lstm.service")));
        Assert.False(Directory.Exists(Rooted("var/lib/private/edge-lstm")));
        Assert.True(File.Exists(Rooted("etc/edge-lstm/appsettings.json")));
        Assert.True(File.Exists(Rooted("etc/edge-lstm/mqtt-password")));
        Assert.Equal(["disable --now edge-lstm.service", "daemon-reload", "reset-failed edge-lstm.service"], SystemctlCalls());

        // And again: nothing left to remove is not an error.
        Run("--uninstall");
    }

    [Fact]
    public void A_Missing_Publish_Folder_Is_A_Clear_Error()
    {
        File.Delete(Path.Combine(_publish, "edge-lstm"));

        var (exitCode, output) = Execute();

        Assert.Equal(1, exitCode);
        Assert.Contains("edge-lstm is missing; run deploy/publish.sh", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Rooted(string path) => Path.Combine(_root, path);

    private List<string> SystemctlCalls() => [.. File.ReadAllLines(_systemctlLog)];

    private string Run(params string[] extra)
    {
        var (exitCode, output) = Execute(extra);
        Assert.True(exitCode == 0, $"install.sh exited {exitCode}: {output}");
        return output;
    }

    private (int ExitCode, string Output) Execute(params string[] extra)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Script, "--root", _root, "--from", _publish }.Concat(extra))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["SYSTEMCTL"] = _systemctl;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "deploy", "install.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("deploy/install.sh not found above " + AppContext.BaseDirectory);
    }
}
