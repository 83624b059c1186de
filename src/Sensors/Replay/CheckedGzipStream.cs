using System.Buffers.Binary;
using System.IO.Compression;

namespace EdgeLstm.Sensors.Replay;

/// <summary>
/// Decompresses a gzip file and notices when it was cut short. .NET's GZipStream simply ends
/// when the compressed data runs out, so a recording truncated by a crash or an interrupted copy
/// would otherwise replay as a shorter, apparently valid file (or fail on a half row with a
/// misleading message). At the end of the data the gzip trailer's ISIZE (the last four bytes of
/// the file: uncompressed length mod 2^32) must match what was decompressed; zlib itself already
/// checks the trailer's CRC when the trailer is there. Cut data leaves deflate bytes in that
/// place, which match by chance with probability 2^-32. Limitation: a multi-member gzip (several
/// gzip files concatenated) fails this check; replay writers produce a single member.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private long _decompressed;
    private bool _verified;

    public CheckedGzipStream(FileStream file)
    {
        _file = file;
        _gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(_gzip.Read(buffer), buffer.Length);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read, int requested)
    {
        if (read > 0)
        {
            _decompressed += read;
        }
        else if (requested > 0)
        {
            VerifyComplete();
        }

        return read;
    }

    private void VerifyComplete()
    {
        if (_verified)
        {
            return;
        }

        _verified = true;

        // Read the trailer by offset: GZipStream owns the file position.
        Span<byte> isize = stackalloc byte[4];
        var fileLength = RandomAccess.GetLength(_file.SafeFileHandle);
        var complete = fileLength >= isize.Length
            && RandomAccess.Read(_file.SafeFileHandle, isize, fileLength - isize.Length) == isize.Length
            && BinaryPrimitives.ReadUInt32LittleEndian(isize) == unchecked((uint)_decompressed);
        if (!complete)
        {
            throw new InvalidDataException("The gzip data ends before its trailer: the file is truncated.");
        }
    }
}
