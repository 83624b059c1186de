using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// A replay file whose content breaks the replay v1 format. The message is a single line in the
/// compiler style "{file}:{line}:{column}: {what}" (column left out when no cell is involved) so
/// that the command line can print it as is, without a stack trace.
/// </summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors",
    Justification = "A format error always carries its location; a location-less constructor would only produce useless messages.")]
public sealed class ReplayFormatException : Exception
{
    // Quoted file text is cut so that a garbage line (a binary file read as text) cannot flood the message.
    private const int MaxQuotedLength = 60;

    public ReplayFormatException(string file, int line, int? column, string? field, string what, Exception? innerException = null)
        : base(FormatMessage(file, line, column, what), innerException)
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
    }

    /// <summary>The display name of the file (the path given to Open, or the name given to the reader).</summary>
    public string File { get; }

    /// <summary>1-based line number.</summary>
    public int Line { get; }

    /// <summary>1-based cell index within the line, when the problem is in one cell.</summary>
    public int? Column { get; }

    /// <summary>The column name (or metadata key) involved, when there is one.</summary>
    public string? Field { get; }

    /// <summary>
    /// Quotes text taken from the file for a message: single quotes, control characters replaced
    /// (the message must stay on one line) and long text shortened.
    /// </summary>
    internal static string Quote(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxQuotedLength) + 5);
        builder.Append('\'');
        var shown = text.Length > MaxQuotedLength ? text[..MaxQuotedLength] : text;
        foreach (var c in shown)
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        builder.Append(text.Length > MaxQuotedLength ? "...'" : "'");
        return builder.ToString();
    }

    private static string FormatMessage(string file, int line, int? column, string what)
    {
        var location = column is { } c ? $"{file}:{line}:{c}" : $"{file}:{line}";
        return OneLine($"{location}: {what}");
    }

    // Callers already quote file text; this is the last guard for the one-line promise
    // (a display name or an inner message with a newline in it).
    private static string OneLine(string message) =>
        message.AsSpan().IndexOfAny('\r', '\n') < 0 ? message : message.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
