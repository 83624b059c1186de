using System.Numerics;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Devices.Imu;
using EdgeLstm.Sensors.Devices.Mpu6050;
using EdgeLstm.Sensors.Tests.Devices.Simulation;

namespace EdgeLstm.Sensors.Tests.Devices;

/// <summary>The real MPU binding on a simulated chip with injected faults.</summary>
public sealed class ImuSupervisorTests : IDisposable
{
    private readonly SimulatedMpu6xxx _chip = new() { NoiseLsb = 2, AngularVelocity = new Vector3(0, 0, 0.5f) };
    private readonly Mpu6xxx _mpu;

    public ImuSupervisorTests() => _mpu = new Mpu6xxx(_chip, shouldDispose: true, _ => { }, MonotonicClock.NowNs);

    public void Dispose() => _mpu.Dispose();

    [Fact]
    public void A_Glitch_Within_The_Retries_Is_Invisible_But_Counted()
    {
        var supervisor = new ImuSupervisor(_mpu, new ImuFaultPolicy(MaxRetries: 2));
        _chip.FailNextReads(2);
        Assert.True(supervisor.TryRead(out ImuReading reading));
        Assert.Equal(0.5, reading.AngularVelocity.Z, 0.01);
        Assert.Equal(2, supervisor.ReadErrors);
        Assert.True(supervisor.Health.IsOk);
    }

    [Fact]
    public void Persistent_Bus_Errors_Degrade_Then_Reinitialize_Then_Recover()
    {
        var supervisor = new ImuSupervisor(_mpu, new ImuFaultPolicy(MaxRetries: 1, ReinitializeAfterFailures: 3, RecoverAfterSuccesses: 2));
        int resetsBefore = _chip.Resets;
        _chip.FailNextReads(6); // three samples of two attempts each

        for (int i = 0; i < 3; i++)
        {
            Assert.False(supervisor.TryRead(out _));
            Assert.Equal(HealthState.Degraded, supervisor.Health.State);
        }

        Assert.Contains("Remote I/O error", supervisor.Health.Reason, StringComparison.Ordinal);
        Assert.Equal(6, supervisor.ReadErrors);
        Assert.Equal(1, supervisor.Reinitializations);
        Assert.Equal(resetsBefore + 1, _chip.Resets);

        Assert.True(supervisor.TryRead(out _));
        Assert.False(supervisor.Health.IsOk); // one good sample is not yet recovery
        Assert.True(supervisor.TryRead(out _));
        Assert.True(supervisor.Health.IsOk);
    }

    [Fact]
    public void Failed_Reinitialization_Is_Counted_And_Retried_Later()
    {
        var supervisor = new ImuSupervisor(_mpu, new ImuFaultPolicy(MaxRetries: 0, ReinitializeAfterFailures: 2));
        _chip.FailNextReads(3); // two samples fail, then the re-init's WHO_AM_I read fails
        Assert.False(supervisor.TryRead(out _));
        Assert.False(supervisor.TryRead(out _));
        Assert.Equal(1, supervisor.FailedReinitializations);
        Assert.Contains("re-initialisation failed", supervisor.Health.Reason, StringComparison.Ordinal);

        _chip.FailNextReads(2);
        Assert.False(supervisor.TryRead(out _));
        Assert.False(supervisor.TryRead(out _));
        Assert.Equal(1, supervisor.Reinitializations);
        Assert.True(supervisor.TryRead(out _));
    }

    [Fact]
    public void Frozen_Chip_Is_Detected_As_Stuck_And_Cured_By_Reinitialization()
    {
        var supervisor = new ImuSupervisor(_mpu, new ImuFaultPolicy(StuckThreshold: 4, ReinitializeAfterFailures: 3, RecoverAfterSuccesses: 1));
        Assert.True(supervisor.TryRead(out _));
        _chip.Frozen = true;

        int delivered = 0;
        for (int i = 0; i < 5; i++)
        {
            delivered += supervisor.TryRead(out _) ? 1 : 0;
        }

        // 1 fresh + 2 repeats pass, then the 4th identical value trips the detector; three stuck
        // samples trigger the re-initialisation whose reset unfreezes the chip.
        Assert.Equal(2, delivered);
        Assert.Equal(3, supervisor.StuckReadings);
        Assert.Equal(1, supervisor.Reinitializations);
        Assert.False(_chip.Frozen);

        Assert.True(supervisor.TryRead(out _));
        Assert.True(supervisor.Health.IsOk);
    }

    [Fact]
    public void Invalid_Policy_Is_Refused_Naming_The_Field()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImuSupervisor(_mpu, new ImuFaultPolicy(StuckThreshold: 1)));
        Assert.Contains("StuckThreshold", error.Message, StringComparison.Ordinal);
    }
}
