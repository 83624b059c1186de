using EdgeLstm.Predictor.Model;
using EdgeLstm.Predictor.ModelFiles;
using EdgeLstm.Predictor.Prediction;
using EdgeLstm.Predictor.Quantisation;



namespace EdgeLstm.Predictor.Loading;

/// <summary>Finds and loads models: the bundled default or a path, float or int8.</summary>
public static class ModelLoader
{
    /// <summary>The bundled model the worker runs: int8. Its float32 reference, default.elstm, lies beside it.</summary>
    public const string DefaultModelName = "default.int8.elstm";

    /// <summary>The bundled model: beside the executable, else in the repository's models/.</summary>
    public static string DefaultModelPath()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "models", DefaultModelName);
        if (File.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", DefaultModelName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return beside;
    }

    public static string Resolve(string? path) => string.IsNullOrWhiteSpace(path) ? DefaultModelPath() : path;

    public static LstmModel LoadFloat(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "model file not found");
        }

        var (config, tensors) = ModelFile.Read(path);
        if (config.Quantisation != QuantisationMode.Float32)
        {
            throw new ModelFormatException(path, $"is a {config.Quantisation} model; this needs the float32 model it was made from");
        }

        return FloatModelFile.FromTensors(path, config, tensors);
    }

    /// <summary>A float32 model file as an ensemble (a single network is a one-member ensemble).</summary>
    public static LstmEnsemble LoadFloatEnsemble(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "model file not found");
        }

        var (config, tensors) = ModelFile.Read(path);
        if (config.Quantisation != QuantisationMode.Float32)
        {
            throw new ModelFormatException(path, $"is a {config.Quantisation} model; this needs the float32 model it was made from");
        }

        return EnsembleModelFile.FromTensors(path, config, tensors);
    }

    /// <summary>A predictor for any model file, with the kernel its quantisation calls for.</summary>
    public static PathPredictor LoadPredictor(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, "model file not found");
        }

        var (config, tensors) = ModelFile.Read(path);
        return config.Quantisation switch
        {
            QuantisationMode.Float32 when config.Members == 1 => new PathPredictor(FloatModelFile.FromTensors(path, config, tensors)),
            QuantisationMode.Float32 => EnsemblePredictor.Float(EnsembleModelFile.FromTensors(path, config, tensors)),
            QuantisationMode.Int8 when config.Members == 1 => new PathPredictor(config, new Int8LstmStepper(Int8ModelFile.FromTensors(path, config, tensors))),
            QuantisationMode.Int8 => new PathPredictor(config, new EnsembleStepper([.. Int8EnsembleModelFile.FromTensors(path, config, tensors).Select(w => new Int8LstmStepper(w))])),
            _ => throw new ModelFormatException(path, $"quantisation {config.Quantisation} is not supported by this build"),
        };
    }
}
