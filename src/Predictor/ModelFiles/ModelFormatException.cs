namespace EdgeLstm.Predictor.ModelFiles;

/// <summary>A model file that cannot be used: the message names the file and what was wrong.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string path, string what)
        : base($"{path}: {what}")
    {
        FilePath = path;
    }

    public ModelFormatException()
    {
        FilePath = string.Empty;
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FilePath = string.Empty;
    }

    public string FilePath { get; }
}
