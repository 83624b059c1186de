namespace EdgeLstm.Sensors.Devices.Encoders;

/// <summary>
/// Releasing a GPIO line at shutdown, where an I/O error changes nothing: the kernel frees every
/// line a process holds when it exits. Seen under systemd (the VM test, after a watchdog restart):
/// SIGTERM's clean stop released the encoder lines, the GPIO driver failed one release with
/// "Error while reading value from pin: 27, error: 1 (Operation not permitted)", the exception left
/// the worker and it exited 1 instead of 0 with its last status "offline" already published.
/// Each release is attempted on its own, so one failure does not keep the other lines held.
/// </summary>
internal static class GpioRelease
{
    public static void Quietly(Action release)
    {
        try
        {
            release();
        }
        catch (IOException)
        {
            // Nothing to do: the line is released at process exit at the latest.
        }
    }
}
