using System.Text;
using System.Text.Json;
using EdgeLstm.Messaging.Payload;
using EdgeLstm.Messaging.Publishing;
using EdgeLstm.Messaging.Tests.Infrastructure;

namespace EdgeLstm.Messaging.Tests;

public sealed class PredictionJsonTests
{
    private static readonly MiniJsonSchemaValidator Schema = MiniJsonSchemaValidator.FromFile(TestPredictions.SchemaPath);

    private static string Serialise(Action<PredictionMessage>? change = null, int poses = TestPredictions.Poses)
    {
        var ring = new PredictionRing(1, TestPredictions.Poses);
        Assert.True(ring.TryGetSlot(poses, out var slot));
        TestPredictions.Fill(slot, 123);
        change?.Invoke(slot);
        using var writer = new PredictionJsonWriter(TestPredictions.Poses);
        Assert.True(writer.TryWrite(slot, out var json));
        return Encoding.UTF8.GetString(json.Span);
    }

    [Fact]
    public void Serialised_Prediction_Is_Valid_Against_The_Schema()
    {
        var json = Serialise();

        Assert.Empty(Schema.Validate(json));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(123, root.GetProperty("seq").GetInt64());
        Assert.Equal("odom", root.GetProperty("frame").GetString());
        Assert.Equal(TestPredictions.Poses, root.GetProperty("path").GetArrayLength());
        Assert.Equal(3.5f, root.GetProperty("path")[19][0].GetSingle(), 5);
        Assert.Equal(TestPredictions.Model, root.GetProperty("model").GetString());
        Assert.Equal(180.5, root.GetProperty("latency_us").GetDouble());
    }

    [Fact]
    public void Prediction_With_Spread_Is_Valid_And_Carries_One_Spread_Per_Pose()
    {
        var json = Serialise(slot =>
        {
            slot.HasSpread = true;
            for (var k = 0; k < slot.PathLength; k++)
            {
                slot.Spread[4 * k] = 0.02f * (k + 1);
                slot.Spread[(4 * k) + 1] = 0.01f * (k + 1);
                slot.Spread[(4 * k) + 2] = -0.3f;
                slot.Spread[(4 * k) + 3] = 0.005f * (k + 1);
            }
        });

        Assert.Empty(Schema.Validate(json));
        using var document = JsonDocument.Parse(json);
        var spread = document.RootElement.GetProperty("spread");
        Assert.Equal(TestPredictions.Poses, spread.GetArrayLength());
        Assert.Equal(0.4f, spread[19][0].GetSingle(), 5);
        Assert.Equal(-0.3f, spread[19][2].GetSingle(), 5);
    }

    [Fact]
    public void Student_T_Spread_Publishes_Its_Degrees_Of_Freedom_And_Keeps_The_Gaussian_90_Percent_Reading()
    {
        static void Spread(PredictionMessage slot)
        {
            slot.HasSpread = true;
            for (var k = 0; k < slot.PathLength; k++)
            {
                slot.Spread[4 * k] = 0.02f * (k + 1);
                slot.Spread[(4 * k) + 1] = 0.02f * (k + 1);
                slot.Spread[(4 * k) + 3] = 0.005f;
            }
        }

        var gaussian = Serialise(Spread);
        var student = Serialise(slot =>
        {
            Spread(slot);
            slot.SpreadDegreesOfFreedom = 3;
        });
        double[] perPoseNu = [1.5, 2.25, double.PositiveInfinity];
        var varying = Serialise(slot =>
        {
            Spread(slot);
            slot.SpreadDegreesOfFreedomPerPose = perPoseNu;
        });

        Assert.Empty(Schema.Validate(student));
        Assert.Empty(Schema.Validate(varying));
        Assert.DoesNotContain("spread_dof", gaussian, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(student);
        Assert.Equal(3, document.RootElement.GetProperty("spread_dof").GetDouble());

        // ν along the path: one entry per spread entry, null where the pose is Gaussian (JSON has no ∞).
        using var perPose = JsonDocument.Parse(varying);
        var entries = perPose.RootElement.GetProperty("spread_dof");
        Assert.Equal(perPose.RootElement.GetProperty("spread").GetArrayLength(), entries.GetArrayLength());
        Assert.Equal(1.5, entries[0].GetDouble());
        Assert.Equal(2.25, entries[1].GetDouble());
        Assert.Equal(JsonValueKind.Null, entries[2].ValueKind);
        Assert.All(entries.EnumerateArray().Skip(3), e => Assert.Equal(JsonValueKind.Null, e.ValueKind));

        // The published σ are the Gaussian's with the same 90 % ellipse, so watch's 90 % radius is √4.605·σ
        // (σ = 0.2 m at 1 s) whether or not the payload says ν: a subscriber that predates spread_dof still reads it right.
        foreach (var json in new[] { student, gaussian, varying })
        {
            var watched = (Subscribing.ObservedPrediction)Subscribing.ObservedMessageParser.ParsePrediction("r", "t", new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));
            Assert.Equal(Math.Sqrt(-2 * Math.Log(0.1)) * 0.2, watched.Radius90At1s!.Value, 4);
        }

        Assert.NotEmpty(Schema.Validate(student.Replace("\"spread_dof\":3", "\"spread_dof\":1", StringComparison.Ordinal)));
        Assert.NotEmpty(Schema.Validate(varying.Replace("\"spread_dof\":[1.5", "\"spread_dof\":[0.5", StringComparison.Ordinal)));
        Assert.NotEmpty(Schema.Validate(varying.Replace("\"spread_dof\":[1.5", "\"spread_dof\":[\"1.5\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Student_T_Heading_Intervals_Publish_Their_Degrees_Of_Freedom()
    {
        static void Spread(PredictionMessage slot)
        {
            slot.HasSpread = true;
            for (var k = 0; k < slot.PathLength; k++)
            {
                slot.Spread[4 * k] = 0.02f;
                slot.Spread[(4 * k) + 1] = 0.02f;
                slot.Spread[(4 * k) + 3] = 0.01f * (k + 1);
            }
        }

        var gaussian = Serialise(slot =>
        {
            Spread(slot);
            slot.YawDegreesOfFreedom = double.PositiveInfinity;
        });
        var student = Serialise(slot =>
        {
            Spread(slot);
            slot.YawDegreesOfFreedom = 2.5;
        });
        double[] perPoseNu = [double.PositiveInfinity, 4, 1.75];
        var varying = Serialise(slot =>
        {
            Spread(slot);
            slot.SpreadDegreesOfFreedom = 3;
            slot.YawDegreesOfFreedomPerPose = perPoseNu;
        });

        Assert.Empty(Schema.Validate(gaussian));
        Assert.Empty(Schema.Validate(student));
        Assert.Empty(Schema.Validate(varying));
        Assert.DoesNotContain("yaw_dof", gaussian, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(student);
        Assert.Equal(2.5, document.RootElement.GetProperty("yaw_dof").GetDouble());
        Assert.False(document.RootElement.TryGetProperty("spread_dof", out _));

        // One entry per spread entry, null where the pose's interval is Gaussian; the positions' ν beside it.
        using var perPose = JsonDocument.Parse(varying);
        var entries = perPose.RootElement.GetProperty("yaw_dof");
        Assert.Equal(perPose.RootElement.GetProperty("spread").GetArrayLength(), entries.GetArrayLength());
        Assert.Equal(JsonValueKind.Null, entries[0].ValueKind);
        Assert.Equal(4, entries[1].GetDouble());
        Assert.Equal(1.75, entries[2].GetDouble());
        Assert.Equal(3, perPose.RootElement.GetProperty("spread_dof").GetDouble());

        Assert.NotEmpty(Schema.Validate(student.Replace("\"yaw_dof\":2.5", "\"yaw_dof\":1", StringComparison.Ordinal)));
        Assert.NotEmpty(Schema.Validate(varying.Replace("\"yaw_dof\":[null,4", "\"yaw_dof\":[null,\"4\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Prediction_Without_Spread_Has_No_Spread_Field_And_Is_Valid()
    {
        var json = Serialise();

        Assert.Empty(Schema.Validate(json));
        using var document = JsonDocument.Parse(json);
        Assert.False(document.RootElement.TryGetProperty("spread", out _));
    }

    [Fact]
    public void Schema_Rejects_A_Spread_With_A_Correlation_Beyond_One()
    {
        var json = Serialise(slot =>
        {
            slot.HasSpread = true;
            slot.Spread.AsSpan().Fill(0.1f);
            slot.Spread[2] = 1.5f;
        });

        Assert.NotEmpty(Schema.Validate(json));
    }

    [Fact]
    public void Empty_Path_And_Odd_Model_Names_Are_Still_Valid()
    {
        var json = Serialise(slot => slot.ModelName = "quote\" and ünïcode", poses: 0);

        Assert.Empty(Schema.Validate(json));
        using var document = JsonDocument.Parse(json);
        Assert.Equal("quote\" and ünïcode", document.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public void NaN_Or_Infinity_Is_Refused_Not_Published()
    {
        var ring = new PredictionRing(1, 2);
        using var writer = new PredictionJsonWriter(2);
        Assert.True(ring.TryGetSlot(2, out var slot));
        TestPredictions.Fill(slot, 1);

        slot.Path[4] = float.NaN;
        Assert.False(writer.TryWrite(slot, out _));
        slot.Path[4] = 0;
        slot.V = double.PositiveInfinity;
        Assert.False(writer.TryWrite(slot, out _));
    }

    [Fact]
    public void Writing_Allocates_Nothing_After_Warm_Up()
    {
        var ring = new PredictionRing(1, TestPredictions.Poses);
        using var writer = new PredictionJsonWriter(TestPredictions.Poses);
        Assert.True(ring.TryGetSlot(TestPredictions.Poses, out var slot));
        TestPredictions.Fill(slot, 1);
        writer.TryWrite(slot, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            slot.Seq = i;
            writer.TryWrite(slot, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData("""{"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":1}""", "seq")]
    [InlineData("""{"seq":1.5,"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":1}""", "seq")]
    [InlineData("""{"seq":1,"t":1,"frame":"map","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":1}""", "frame")]
    [InlineData("""{"seq":1,"t":1,"frame":"odom","pose":{"x":0,"y":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":1}""", "yaw")]
    [InlineData("""{"seq":1,"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[[1,2]],"model":"m","latency_us":1}""", "path")]
    [InlineData("""{"seq":1,"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[[1,2,3,4]],"model":"m","latency_us":1}""", "path")]
    [InlineData("""{"seq":1,"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[[1,"2",3]],"model":"m","latency_us":1}""", "path")]
    [InlineData("""{"seq":1,"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0,"path":[],"model":"m","latency_us":1}""", "dt")]
    [InlineData("""{"seq":1,"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":-1}""", "latency_us")]
    [InlineData("""{"seq":1,"t":1,"frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":1,"extra":true}""", "extra")]
    [InlineData("""{"seq":1,"t":"1","frame":"odom","pose":{"x":0,"y":0,"yaw":0},"v":0,"w":0,"dt":0.1,"path":[],"model":"m","latency_us":1}""", "t")]
    public void Schema_Validator_Rejects_Bad_Payloads(string json, string culprit)
    {
        var errors = Schema.Validate(json);

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(culprit, StringComparison.Ordinal));
    }

    [Fact]
    public void Schema_Validator_Refuses_Keywords_It_Does_Not_Implement()
    {
        using var document = JsonDocument.Parse("""{"type":"object","patternProperties":{"^x":{"type":"number"}}}""");

        Assert.Throws<NotSupportedException>(() => new MiniJsonSchemaValidator(document.RootElement));
    }
}
