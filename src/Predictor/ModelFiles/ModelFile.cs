using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using EdgeLstm.Predictor.Features;
using EdgeLstm.Predictor.Model;

namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>
/// The <c>.elstm</c> model file: little-endian binary.
/// <code>
/// magic      8 bytes  "ELSTM\r\n\x1A" (the CR LF and ^Z catch text-mode mangling, as PNG does)
/// version    u32      7 (1 to 6 are still read: 1 has no calibration fields and one member, 2 no uncertainty,
///                     3 Gaussian regions only, 4 one ν for every step, 5 no driving-activity inputs,
///                     6 Gaussian heading intervals only)
/// header     name, H, K, step s, frame Hz, prior, prior tau, quantisation, features
///            (name, mean, std each), output scale (3K floats)
///            v2: prior speed scale f64, prior yaw source u8, members u16, provenance string
///            v3: uncertainty u8 (0 none, 1 present); if present: method u8, floors v₀ ω₀ s₀ s₀_yaw
///                (4 f32), provenance string, θ (K·3·4 f32), calibration scale (2K f32), CV σ (K f32)
///            v4: after the CV σ, the regions' degrees of freedom ν (f32, +∞ for Gaussian regions)
///            v5: instead, ν of each step's regions (K f32)
///            v6: after the uncertainty's provenance, the activity window T and floors a₀ b₀ (3 f32),
///                and θ holds six inputs per row (K·3·6 f32)
///            v7: after the regions' ν, the heading intervals' ν of each step (K f32, +∞ Gaussian)
/// tensors    u32 count, then each: name, type (0 f32, 1 i8), rank, dims (u32), data;
///            ensemble member m ≥ 1 has its tensors under the prefix "m{m}." (see MemberTensors)
/// trailer    u32      CRC-32 of every byte before it
/// </code>
/// Strings are a u16 byte length and UTF-8. Everything is checked at load: a wrong magic, version,
/// size or checksum is a <see cref="ModelFormatException"/> naming the file, never a crash later.
/// </summary>
public static class ModelFile
{
    public const uint FormatVersion = 7;

    /// <summary>The oldest version this build still reads.</summary>
    public const uint OldestReadableVersion = 1;
    public const string Extension = ".elstm";
    private const long MaxFileBytes = 256L * 1024 * 1024;
    private static readonly byte[] Magic = "ELSTM\r\n\x1A"u8.ToArray();

    public static void Write(string path, ModelConfig config, IReadOnlyList<TensorData> tensors)
    {
        var bytes = ToBytes(config, tensors);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Write beside and rename, so a crash never leaves a half-written model under the real name.
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    public static byte[] ToBytes(ModelConfig config, IReadOnlyList<TensorData> tensors) => ToBytes(config, tensors, FormatVersion);

    /// <summary>Writes a given format version (tests of old files): version 1 holds no calibration or members, 2 no uncertainty.</summary>
    internal static byte[] ToBytes(ModelConfig config, IReadOnlyList<TensorData> tensors, uint version)
    {
        config.Validate();
        if (version == 1 && (config.PriorSpeedScale != 1.0 || config.PriorYawSource != PriorYawSource.GyroWhenFresh || config.Members != 1))
        {
            throw new ArgumentException("format version 1 holds neither a calibrated prior nor ensemble members", nameof(version));
        }

        if (version < 3 && config.Uncertainty is not null)
        {
            throw new ArgumentException($"format version {version} holds no uncertainty", nameof(version));
        }

        if (version < 4 && config.Uncertainty is { IsGaussian: false })
        {
            throw new ArgumentException($"format version {version} holds Gaussian regions only", nameof(version));
        }

        if (version == 4 && config.Uncertainty is { StepDegreesOfFreedom: [var first, ..] nu } && nu.Any(v => v != first))
        {
            throw new ArgumentException("format version 4 holds one ν for every step", nameof(version));
        }

        if (version < 6 && config.Uncertainty is { UsesActivity: true })
        {
            throw new ArgumentException($"format version {version} holds no driving-activity inputs of the spread", nameof(version));
        }

        if (version < 7 && config.Uncertainty is { IsYawGaussian: false })
        {
            throw new ArgumentException($"format version {version} holds Gaussian heading intervals only", nameof(version));
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(version);
            WriteString(writer, config.Name);
            writer.Write((uint)config.HiddenSize);
            writer.Write((uint)config.HorizonSteps);
            writer.Write(config.StepSeconds);
            writer.Write(config.FrameRateHz);
            writer.Write((byte)config.Prior);
            writer.Write(config.PriorTau);
            writer.Write((byte)config.Quantisation);
            writer.Write((ushort)config.Features.Count);
            foreach (var feature in config.Features)
            {
                WriteString(writer, feature.Name);
                writer.Write(feature.Mean);
                writer.Write(feature.Std);
            }

            foreach (var scale in config.OutputScale)
            {
                writer.Write(scale);
            }

            if (version >= 2)
            {
                writer.Write(config.PriorSpeedScale);
                writer.Write((byte)config.PriorYawSource);
                writer.Write((ushort)config.Members);
                WriteString(writer, config.Provenance);
            }

            if (version >= 3)
            {
                UncertaintyBlock.Write(writer, config.Uncertainty, WriteString, version);
            }

            writer.Write((uint)tensors.Count);
            foreach (var tensor in tensors)
            {
                WriteTensor(writer, tensor);
            }
        }

        var body = stream.ToArray();
        var result = new byte[body.Length + 4];
        body.CopyTo(result, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(body.Length), Crc32.HashToUInt32(body));
        return result;
    }

    public static (ModelConfig Config, IReadOnlyDictionary<string, TensorData> Tensors) Read(string path)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                throw new ModelFormatException(path, $"{length} bytes is larger than any model ({MaxFileBytes} at most)");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFormatException(path, $"cannot read the model: {e.Message}");
        }

        return Parse(path, bytes);
    }

    public static (ModelConfig Config, IReadOnlyDictionary<string, TensorData> Tensors) Parse(string path, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            var found = Convert.ToHexString(bytes[..Math.Min(bytes.Length, Magic.Length)]);
            throw new ModelFormatException(path, $"not an edge-lstm model: magic is {(found.Length == 0 ? "missing (empty file)" : found)}, expected {Convert.ToHexString(Magic)} (\"ELSTM\")");
        }

        if (bytes.Length < Magic.Length + 8)
        {
            throw new ModelFormatException(path, $"truncated: {bytes.Length} bytes, too short for a version and checksum");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes[Magic.Length..]);
        if (version < OldestReadableVersion || version > FormatVersion)
        {
            throw new ModelFormatException(path, $"model format version {version}, this edge-lstm reads version {OldestReadableVersion} up to version {FormatVersion}");
        }

        var body = bytes[..^4];
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]);
        var computed = Crc32.HashToUInt32(body);
        if (stored != computed)
        {
            throw new ModelFormatException(path, $"checksum mismatch: stored CRC-32 {stored:X8}, computed {computed:X8} (the file is truncated or corrupt)");
        }

        try
        {
            return ParseBody(body[(Magic.Length + 4)..].ToArray(), version);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or DecoderFallbackException or InvalidDataException)
        {
            throw new ModelFormatException(path, $"invalid model: {e.Message}");
        }
    }

    public static uint Checksum(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
    }

    private static (ModelConfig, IReadOnlyDictionary<string, TensorData>) ParseBody(byte[] body, uint version)
    {
        using var reader = new BinaryReader(new MemoryStream(body), new UTF8Encoding(false, throwOnInvalidBytes: true));
        var name = ReadString(reader);
        var hidden = (int)reader.ReadUInt32();
        var horizon = (int)reader.ReadUInt32();
        var step = reader.ReadDouble();
        var rate = reader.ReadDouble();
        var prior = (PriorKind)reader.ReadByte();
        var tau = reader.ReadDouble();
        var quantisation = (QuantisationMode)reader.ReadByte();
        var featureCount = reader.ReadUInt16();
        var features = new FeatureSpec[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            features[f] = new FeatureSpec(ReadString(reader), reader.ReadSingle(), reader.ReadSingle());
        }

        if (horizon is < 1 or > 1000)
        {
            throw new InvalidDataException($"horizon of {horizon} steps is outside 1..1000");
        }

        var scale = new float[ModelConfig.PoseDims * horizon];
        for (var i = 0; i < scale.Length; i++)
        {
            scale[i] = reader.ReadSingle();
        }

        // Version 1 files predate the calibrated prior and ensembles: an uncalibrated single network.
        var speedScale = version >= 2 ? reader.ReadDouble() : 1.0;
        var yawSource = version >= 2 ? (PriorYawSource)reader.ReadByte() : PriorYawSource.GyroWhenFresh;
        var members = version >= 2 ? reader.ReadUInt16() : 1;
        var provenance = version >= 2 ? ReadString(reader) : string.Empty;

        // Files before version 3 carry no uncertainty: the model publishes none.
        var uncertainty = version >= 3 ? UncertaintyBlock.Read(reader, horizon, ReadString, version) : null;

        var config = new ModelConfig
        {
            Name = name,
            HiddenSize = hidden,
            HorizonSteps = horizon,
            StepSeconds = step,
            FrameRateHz = rate,
            Prior = prior,
            PriorTau = tau,
            Quantisation = quantisation,
            Features = features,
            OutputScale = scale,
            PriorSpeedScale = speedScale,
            PriorYawSource = yawSource,
            Members = members,
            Provenance = provenance,
            Uncertainty = uncertainty,
        };
        config.Validate();
        if (features.FirstOrDefault(f => !FeatureExtractor.IsKnown(f.Name)) is { } unknown)
        {
            throw new InvalidDataException($"unknown feature '{unknown.Name}' (known: {string.Join(", ", FeatureExtractor.KnownNames)})");
        }

        var count = reader.ReadUInt32();
        if (count > 64 * (uint)members)
        {
            throw new InvalidDataException($"{count} tensors, expected at most {64 * members}");
        }

        var tensors = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        for (var t = 0; t < count; t++)
        {
            var tensor = ReadTensor(reader, body.Length);
            if (!tensors.TryAdd(tensor.Name, tensor))
            {
                throw new InvalidDataException($"tensor '{tensor.Name}' appears twice");
            }
        }

        if (reader.BaseStream.Position != body.Length)
        {
            throw new InvalidDataException($"{body.Length - reader.BaseStream.Position} unexpected bytes after the last tensor");
        }

        return (config, tensors);
    }

    private static void WriteTensor(BinaryWriter writer, TensorData tensor)
    {
        WriteString(writer, tensor.Name);
        writer.Write((byte)tensor.Type);
        writer.Write((byte)tensor.Shape.Length);
        foreach (var d in tensor.Shape)
        {
            writer.Write((uint)d);
        }

        if (tensor.Floats is { } floats)
        {
            foreach (var v in floats)
            {
                writer.Write(v);
            }
        }
        else
        {
            foreach (var v in tensor.Bytes!)
            {
                writer.Write(v);
            }
        }
    }

    private static TensorData ReadTensor(BinaryReader reader, long bodyLength)
    {
        var name = ReadString(reader);
        var type = reader.ReadByte();
        var rank = reader.ReadByte();
        if (rank is < 1 or > 4)
        {
            throw new InvalidDataException($"tensor '{name}' has rank {rank}, expected 1..4");
        }

        var shape = new int[rank];
        long length = 1;
        for (var d = 0; d < rank; d++)
        {
            var size = reader.ReadUInt32();
            shape[d] = (int)Math.Min(size, int.MaxValue);

            // Checked before multiplying: a declared shape larger than the file is an error, never an overflow or a huge array.
            if (size > 0 && length > (bodyLength - reader.BaseStream.Position) / size)
            {
                throw new InvalidDataException($"tensor '{name}' declares dimension {d} of {size}, more than the file holds");
            }

            length *= size;
        }

        var elementBytes = type switch
        {
            (byte)TensorType.Float32 => 4,
            (byte)TensorType.Int8 => 1,
            _ => throw new InvalidDataException($"tensor '{name}' has unknown element type {type}"),
        };
        if (length * elementBytes > bodyLength - reader.BaseStream.Position)
        {
            throw new InvalidDataException($"tensor '{name}' of shape ({string.Join(", ", shape)}) runs past the end of the file");
        }

        if (type == (byte)TensorType.Float32)
        {
            var data = new float[length];
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = reader.ReadSingle();
            }

            return TensorData.Of(name, data, shape);
        }

        var bytes = new sbyte[length];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = reader.ReadSByte();
        }

        return TensorData.Of(name, bytes, shape);
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(checked((ushort)bytes.Length));
        writer.Write(bytes);
    }

    private static string ReadString(BinaryReader reader)
    {
        var length = reader.ReadUInt16();
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException("a string runs past the end of the file");
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
