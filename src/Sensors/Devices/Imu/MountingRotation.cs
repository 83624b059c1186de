using System.Globalization;
using System.Numerics;

namespace EdgeLstm.Sensors.Devices.Imu;

/// <summary>
/// The fixed rotation from the IMU's sensor axes to the robot body frame (REP-103: x forward,
/// y left, z up): <c>body = R · sensor</c>. Column j of R is sensor axis j expressed in the body
/// frame, which is exactly what a named orientation such as "y-forward-z-up" states.
/// </summary>
public sealed class MountingRotation
{
    private const double DegreesToRadians = Math.PI / 180.0;

    // Row-major R.
    private readonly double _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

    private MountingRotation(string description, Vector3D cx, Vector3D cy, Vector3D cz)
    {
        Description = description;
        (_m00, _m10, _m20) = (cx.X, cx.Y, cx.Z);
        (_m01, _m11, _m21) = (cy.X, cy.Y, cy.Z);
        (_m02, _m12, _m22) = (cz.X, cz.Y, cz.Z);
    }

    /// <summary>Sensor axes already match the body: x forward, z up.</summary>
    public static MountingRotation Identity { get; } =
        new("x-forward-z-up", new(1, 0, 0), new(0, 1, 0), new(0, 0, 1));

    /// <summary>How this rotation was specified, for logs and replay metadata.</summary>
    public string Description { get; }

    /// <summary>Element (row, column) of R.</summary>
    public double this[int row, int column] => (row, column) switch
    {
        (0, 0) => _m00, (0, 1) => _m01, (0, 2) => _m02,
        (1, 0) => _m10, (1, 1) => _m11, (1, 2) => _m12,
        (2, 0) => _m20, (2, 1) => _m21, (2, 2) => _m22,
        _ => throw new ArgumentOutOfRangeException(nameof(row), $"({row}, {column}) is outside a 3x3 matrix."),
    };

    /// <summary>
    /// From a name "&lt;axis&gt;-&lt;direction&gt;-&lt;axis&gt;-&lt;direction&gt;" giving where two
    /// sensor axes point on the robot, e.g. "x-forward-z-up" (identity), "y-forward-z-up",
    /// "x-backward-z-down". Directions: forward, backward, left, right, up, down. The third axis
    /// follows from the right-hand rule.
    /// </summary>
    public static MountingRotation FromNamedOrientation(string name) =>
        TryParseNamed(name, out MountingRotation? rotation, out string error)
            ? rotation
            : throw new ArgumentException(error, nameof(name));

    /// <summary>
    /// From the sensor frame's attitude on the body in degrees: R = Rz(yaw) · Ry(pitch) · Rx(roll)
    /// (intrinsic z-y'-x'', the aerospace convention).
    /// </summary>
    public static MountingRotation FromYawPitchRoll(double yawDegrees, double pitchDegrees, double rollDegrees)
    {
        double cy = Math.Cos(yawDegrees * DegreesToRadians), sy = Math.Sin(yawDegrees * DegreesToRadians);
        double cp = Math.Cos(pitchDegrees * DegreesToRadians), sp = Math.Sin(pitchDegrees * DegreesToRadians);
        double cr = Math.Cos(rollDegrees * DegreesToRadians), sr = Math.Sin(rollDegrees * DegreesToRadians);

        // Columns of Rz·Ry·Rx.
        var columnX = new Vector3D(cy * cp, sy * cp, -sp);
        var columnY = new Vector3D((cy * sp * sr) - (sy * cr), (sy * sp * sr) + (cy * cr), cp * sr);
        var columnZ = new Vector3D((cy * sp * cr) + (sy * sr), (sy * sp * cr) - (cy * sr), cp * cr);
        string description = string.Create(CultureInfo.InvariantCulture, $"ypr:{yawDegrees},{pitchDegrees},{rollDegrees}");
        return new MountingRotation(description, columnX, columnY, columnZ);
    }

    /// <summary>
    /// Parses a named orientation ("y-forward-z-up") or "ypr:yaw,pitch,roll" in degrees.
    /// </summary>
    public static MountingRotation Parse(string text) =>
        TryParse(text, out MountingRotation? rotation, out string error)
            ? rotation
            : throw new FormatException(error);

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MountingRotation? rotation, out string error)
    {
        rotation = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "mounting is empty; expected a name like \"x-forward-z-up\" or \"ypr:yaw,pitch,roll\"";
            return false;
        }

        string trimmed = text.Trim();
        if (!trimmed.StartsWith("ypr:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseNamed(trimmed, out rotation, out error);
        }

        string[] parts = trimmed[4..].Split(',');
        var angles = new double[3];
        if (parts.Length != 3)
        {
            error = $"mounting \"{text}\": expected three angles in degrees, \"ypr:yaw,pitch,roll\"";
            return false;
        }

        for (int i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out angles[i]) || !double.IsFinite(angles[i]))
            {
                error = $"mounting \"{text}\": \"{parts[i].Trim()}\" is not an angle in degrees";
                return false;
            }
        }

        rotation = FromYawPitchRoll(angles[0], angles[1], angles[2]);
        error = string.Empty;
        return true;
    }

    /// <summary>Rotates a sensor-frame vector into the body frame.</summary>
    public Vector3 Apply(Vector3 sensor) => new(
        (float)((_m00 * sensor.X) + (_m01 * sensor.Y) + (_m02 * sensor.Z)),
        (float)((_m10 * sensor.X) + (_m11 * sensor.Y) + (_m12 * sensor.Z)),
        (float)((_m20 * sensor.X) + (_m21 * sensor.Y) + (_m22 * sensor.Z)));

    /// <summary>Rotates both vectors of a reading into the body frame; time and temperature unchanged.</summary>
    public ImuReading Apply(in ImuReading sensor) =>
        sensor with { Acceleration = Apply(sensor.Acceleration), AngularVelocity = Apply(sensor.AngularVelocity) };

    public override string ToString() => Description;

    private static bool TryParseNamed(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MountingRotation? rotation, out string error)
    {
        rotation = null;
        string[] tokens = name.Trim().ToLowerInvariant().Split('-');
        if (tokens.Length != 4)
        {
            error = $"mounting \"{name}\": expected \"<axis>-<direction>-<axis>-<direction>\" such as \"x-forward-z-up\"";
            return false;
        }

        var columns = new Vector3D?[3];
        for (int pair = 0; pair < 2; pair++)
        {
            int axis = tokens[pair * 2] switch { "x" => 0, "y" => 1, "z" => 2, _ => -1 };
            Vector3D? direction = tokens[(pair * 2) + 1] switch
            {
                "forward" => new Vector3D(1, 0, 0),
                "backward" => new Vector3D(-1, 0, 0),
                "left" => new Vector3D(0, 1, 0),
                "right" => new Vector3D(0, -1, 0),
                "up" => new Vector3D(0, 0, 1),
                "down" => new Vector3D(0, 0, -1),
                _ => null,
            };
            if (axis < 0 || direction is null)
            {
                error = $"mounting \"{name}\": \"{tokens[pair * 2]}-{tokens[(pair * 2) + 1]}\" is not a sensor axis (x, y, z) and a direction (forward, backward, left, right, up, down)";
                return false;
            }

            if (columns[axis] is not null)
            {
                error = $"mounting \"{name}\": sensor axis {tokens[pair * 2]} is given twice";
                return false;
            }

            columns[axis] = direction;
        }

        Vector3D first = columns[0] ?? columns[1]!.Value;
        Vector3D second = columns[2] ?? columns[1]!.Value;
        if (Math.Abs(first.Dot(second)) > 0.5)
        {
            error = $"mounting \"{name}\": the two directions must be perpendicular";
            return false;
        }

        // Right-handed: x = y × z, y = z × x, z = x × y.
        Vector3D cx = columns[0] ?? columns[1]!.Value.Cross(columns[2]!.Value);
        Vector3D cy = columns[1] ?? columns[2]!.Value.Cross(columns[0]!.Value);
        Vector3D cz = columns[2] ?? columns[0]!.Value.Cross(columns[1]!.Value);
        rotation = new MountingRotation(name.Trim().ToLowerInvariant(), cx, cy, cz);
        error = string.Empty;
        return true;
    }

    private readonly record struct Vector3D(double X, double Y, double Z)
    {
        public double Dot(Vector3D o) => (X * o.X) + (Y * o.Y) + (Z * o.Z);

        public Vector3D Cross(Vector3D o) => new((Y * o.Z) - (Z * o.Y), (Z * o.X) - (X * o.Z), (X * o.Y) - (Y * o.X));
    }
}
