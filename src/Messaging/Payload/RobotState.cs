namespace EdgeLstm.Messaging.Payload;

/// <summary>Health a robot's worker reports on its status topic.</summary>
public enum RobotState
{
    Online,
    Degraded,
    Offline,
}

public static class RobotStateNames
{
    /// <summary>The lower-case wire name ("online", "degraded", "offline").</summary>
    public static string ToWireName(this RobotState state) => state switch
    {
        RobotState.Online => "online",
        RobotState.Degraded => "degraded",
        RobotState.Offline => "offline",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown robot state"),
    };
}
