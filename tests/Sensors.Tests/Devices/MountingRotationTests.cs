using System.Numerics;
using EdgeLstm.Sensors.Devices.Imu;

namespace EdgeLstm.Sensors.Tests.Devices;

public sealed class MountingRotationTests
{
    [Fact]
    public void X_Forward_Z_Up_Is_Identity()
    {
        var rotation = MountingRotation.FromNamedOrientation("x-forward-z-up");
        Assert.Equal(new Vector3(1, 2, 3), rotation.Apply(new Vector3(1, 2, 3)));
    }

    [Fact]
    public void Y_Forward_Z_Up_Turns_Sensor_Y_Into_Body_Forward()
    {
        var rotation = MountingRotation.Parse("y-forward-z-up");
        AssertVector(new Vector3(1, 0, 0), rotation.Apply(new Vector3(0, 1, 0)));
        AssertVector(new Vector3(0, -1, 0), rotation.Apply(new Vector3(1, 0, 0))); // sensor x points right
        AssertVector(new Vector3(0, 0, 1), rotation.Apply(new Vector3(0, 0, 1)));
    }

    [Fact]
    public void Upside_Down_Mount_Reports_Gravity_Up_In_Body_Frame()
    {
        var rotation = MountingRotation.Parse("x-backward-z-down");
        var reading = new ImuReading(new Vector3(0, 0, -9.81f), new Vector3(0.1f, 0.2f, 0.3f), 20, 5);
        ImuReading body = rotation.Apply(reading);
        AssertVector(new Vector3(0, 0, 9.81f), body.Acceleration);
        AssertVector(new Vector3(-0.1f, 0.2f, -0.3f), body.AngularVelocity);
        Assert.Equal(5, body.TimestampNs);
    }

    [Theory]
    [InlineData("y-forward-z-up", -90, 0, 0)]
    [InlineData("x-backward-z-down", 0, 180, 0)]
    [InlineData("x-forward-z-down", 0, 0, 180)]
    [InlineData("x-left-z-up", 90, 0, 0)]
    public void Named_Orientations_Match_Yaw_Pitch_Roll(string name, double yaw, double pitch, double roll)
    {
        var named = MountingRotation.Parse(name);
        var angles = MountingRotation.Parse($"ypr:{yaw},{pitch},{roll}");
        for (int row = 0; row < 3; row++)
        {
            for (int column = 0; column < 3; column++)
            {
                Assert.Equal(named[row, column], angles[row, column], 1e-12);
            }
        }
    }

    [Fact]
    public void Every_Valid_Name_Is_A_Proper_Rotation()
    {
        string[] axes = ["x", "y", "z"];
        string[] directions = ["forward", "backward", "left", "right", "up", "down"];
        int valid = 0;
        foreach (string a1 in axes)
        {
            foreach (string d1 in directions)
            {
                foreach (string a2 in axes)
                {
                    foreach (string d2 in directions)
                    {
                        if (!MountingRotation.TryParse($"{a1}-{d1}-{a2}-{d2}", out MountingRotation? r, out _))
                        {
                            continue;
                        }

                        valid++;
                        double det =
                            (r[0, 0] * ((r[1, 1] * r[2, 2]) - (r[1, 2] * r[2, 1]))) -
                            (r[0, 1] * ((r[1, 0] * r[2, 2]) - (r[1, 2] * r[2, 0]))) +
                            (r[0, 2] * ((r[1, 0] * r[2, 1]) - (r[1, 1] * r[2, 0])));
                        Assert.Equal(1.0, det, 1e-12);
                    }
                }
            }
        }

        Assert.Equal(24 * 6, valid); // 24 orientations, each named by any two of its axes, in either order
    }

    [Theory]
    [InlineData("x-forward-x-up", "given twice")]
    [InlineData("x-forward-y-backward", "perpendicular")]
    [InlineData("w-forward-z-up", "not a sensor axis")]
    [InlineData("x-forward", "expected")]
    [InlineData("ypr:1,2", "three angles")]
    [InlineData("ypr:1,a,3", "not an angle")]
    public void Bad_Mountings_Are_Refused_With_A_Reason(string text, string reason)
    {
        Assert.False(MountingRotation.TryParse(text, out _, out string error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static void AssertVector(Vector3 expected, Vector3 actual)
    {
        Assert.Equal(expected.X, actual.X, 1e-5);
        Assert.Equal(expected.Y, actual.Y, 1e-5);
        Assert.Equal(expected.Z, actual.Z, 1e-5);
    }
}
