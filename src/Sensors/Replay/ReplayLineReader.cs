namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Reads the lines of a replay file, counting them for error messages, and turns the exceptions
/// of a damaged gzip stream into a located <see cref="ReplayFormatException"/>. Unlike
/// <see cref="TextReader.ReadLine"/> it tells whether the line it returned had its terminator:
/// a recording cut by a crash or power loss ends in an unterminated line, and only such a line
/// may be treated as an interrupted row. Terminators are those of <see cref="TextReader.ReadLine"/>:
/// "\n", "\r\n" and a lone "\r".
/// </summary>
internal sealed class ReplayLineReader : IDisposable
{
    private const int BufferSize = 4096;

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[BufferSize];
    private char[] _pending = new char[256];
    private int _position;
    private int _length;
    private bool _skipLineFeed;
    private bool _endOfInput;

    public ReplayLineReader(TextReader reader, string file)
    {
        _reader = reader;
        File = file;
    }

    public string File { get; }

    /// <summary>1-based number of the line returned last (0 before the first).</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// False when the line returned last ended at the end of the input without a line terminator,
    /// which only the last line of a file can do.
    /// </summary>
    public bool LastLineTerminated { get; private set; } = true;

    public string? ReadLine()
    {
        // Characters of a line that spans buffer refills; most lines fit in one buffer and are
        // made into a string straight from it.
        var pendingLength = 0;
        while (true)
        {
            if (_position == _length && !Fill())
            {
                if (pendingLength == 0)
                {
                    return null;
                }

                LastLineTerminated = false;
                LineNumber++;
                return new string(_pending, 0, pendingLength);
            }

            if (_skipLineFeed)
            {
                // The "\n" of a "\r\n" pair that a refill separated from its "\r".
                _skipLineFeed = false;
                if (_buffer[_position] == '\n')
                {
                    _position++;
                    continue;
                }
            }

            var available = _buffer.AsSpan(_position, _length - _position);
            var end = available.IndexOfAny('\r', '\n');
            if (end < 0)
            {
                Append(ref pendingLength, available);
                _position = _length;
                continue;
            }

            string line;
            if (pendingLength == 0)
            {
                line = new string(available[..end]);
            }
            else
            {
                Append(ref pendingLength, available[..end]);
                line = new string(_pending, 0, pendingLength);
            }

            _position += end + 1;
            if (available[end] == '\r')
            {
                if (_position < _length)
                {
                    if (_buffer[_position] == '\n')
                    {
                        _position++;
                    }
                }
                else
                {
                    _skipLineFeed = true;
                }
            }

            LastLineTerminated = true;
            LineNumber++;
            return line;
        }
    }

    public void Dispose() => _reader.Dispose();

    private bool Fill()
    {
        if (_endOfInput)
        {
            return false;
        }

        int read;
        try
        {
            read = _reader.Read(_buffer, 0, _buffer.Length);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }
        catch (EndOfStreamException ex)
        {
            throw Damaged(ex);
        }

        _position = 0;
        _length = read;
        _endOfInput = read == 0;
        return read > 0;
    }

    private void Append(ref int pendingLength, ReadOnlySpan<char> text)
    {
        if (pendingLength + text.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, pendingLength + text.Length));
        }

        text.CopyTo(_pending.AsSpan(pendingLength));
        pendingLength += text.Length;
    }

    // Located at the line that could not be read; the text names the last line that was read whole.
    private ReplayFormatException Damaged(Exception ex) =>
        new(File, LineNumber + 1, null, null,
            $"compressed data is truncated or corrupt after line {LineNumber}: expected a complete gzip stream", ex);
}
