using System.Diagnostics;
using System.Globalization;
using System.Text;
using EdgeLstm.Sensors.Devices;
using EdgeLstm.Sensors.Events;
using EdgeLstm.Sensors.Replay;

namespace EdgeLstm.Worker.Recording;

/// <summary>
/// Writes a live event stream to a plain replay v1 file that survives a crash or power loss:
/// every <see cref="FlushInterval"/> a background flusher pushes the rows written so far to the
/// file and syncs it to the disk, so at most that much is lost, and the reader takes a file cut
/// mid-row up to its last complete row. The sync runs beside the recording loop, never in it, so
/// a slow SD card cannot delay a sensor read. The loop allocates nothing per row.
/// <para>
/// A write or sync that fails (a full disk, a removed card) stops the recording: <see cref="Record"/>
/// throws one <see cref="IOException"/> saying how many rows the file holds, and the file keeps
/// every row up to the last good flush.
/// </para>
/// </summary>
public sealed class SensorRecorder : IDisposable
{
    /// <summary>Twice a second: a crash loses at most half a second of rows.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(500);

    private const int TextBufferSize = 64 * 1024;

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly FileStream _file;
    private readonly ReplayWriter _writer;
    private readonly Func<SensorHealth>? _health;
    private readonly Action<string>? _log;
    private long _flushes;
    private long _longestGapTicks;
    private long _lastFlushTicks;
    private SensorHealth _lastHealth = SensorHealth.Healthy;
    private int _degradedSpells;
    private bool _disposed;
    private volatile IOException? _failure;
    private long _rowsOnDisk;
    private long _bytesOnDisk;

    /// <param name="health">Polled at every flush; changes are logged and counted. Null for sources that cannot fail.</param>
    /// <param name="log">Progress lines (health changes), e.g. to stderr.</param>
    public SensorRecorder(string path, ISensorSource source, Func<SensorHealth>? health, Action<string>? log, TimeSpan? flushInterval = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(source);
        FlushInterval = flushInterval ?? DefaultFlushInterval;
        _health = health;
        _log = log;
        _path = path;

        // Unbuffered file: the text writer buffers, and its flush must reach the kernel at once.
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            var text = new StreamWriter(_file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), TextBufferSize);
            _writer = new ReplayWriter(text, source.Kinds, Metadata(source));
        }
        catch
        {
            _file.Dispose();
            throw;
        }

        // The preamble on disk before the first row: a file cut at any later point has its header.
        FlushNow();
        if (_failure is { } failure)
        {
            Dispose();
            throw new IOException($"{path}: cannot write the replay header: {failure.Message}", failure);
        }
    }

    public TimeSpan FlushInterval { get; }

    /// <summary>Rows written so far; safe from any thread.</summary>
    public long RowsWritten
    {
        get
        {
            lock (_gate)
            {
                return _writer.RowsWritten;
            }
        }
    }

    /// <summary>
    /// Writes every event until the stream ends or <paramref name="cancellationToken"/> fires,
    /// then flushes and syncs. The events must come from the source given to the constructor.
    /// </summary>
    public RecordingSummary Record(IEnumerable<SensorEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var started = Stopwatch.GetTimestamp();
        using var stopFlusher = new CancellationTokenSource();

        // A thread of its own rather than a pool timer: the flush must not wait for a busy pool.
        var flusher = new Thread(() => FlushPeriodically(stopFlusher.Token)) { IsBackground = true, Name = "edge-lstm record flush" };
        flusher.Start();
        try
        {
            foreach (var e in events)
            {
                if (cancellationToken.IsCancellationRequested || _failure is not null)
                {
                    break;
                }

                Write(in e);
            }
        }
        finally
        {
            stopFlusher.Cancel();
            flusher.Join();
            if (_failure is null)
            {
                FlushNow();
            }
        }

        if (_failure is { } failure)
        {
            throw new IOException($"{_path}: {failure.Message.TrimEnd('.', ' ')}: recording stopped after {_writer.RowsWritten} rows; the file keeps at least its first {Interlocked.Read(ref _rowsOnDisk)} (every row up to the last flush)", failure);
        }

        return new RecordingSummary(_writer.RowsWritten, Stopwatch.GetElapsedTime(started), _flushes, TimeSpan.FromTicks((long)(_longestGapTicks * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency))), _lastHealth, _degradedSpells);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                _writer.Dispose();
            }
            catch (IOException) when (_failure is not null)
            {
                // The rows still buffered cannot be written either; the file is closed regardless.
            }

            if (_failure is not null)
            {
                CutToLastFlush();
            }
        }
    }

    // A write that fails on a full disk can still land part of its buffer, which ends the file in a
    // torn row (seen as a garbled row a reader rejects); cut the file back to the last flush, which
    // shrinking can always do, so it holds exactly the rows the error message promises.
    private void CutToLastFlush()
    {
        try
        {
            using var file = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            var flushed = Interlocked.Read(ref _bytesOnDisk);
            if (file.Length > flushed)
            {
                file.SetLength(flushed);
            }
        }
        catch (IOException)
        {
            // Nothing more can be done for the file; the error already says what it holds.
        }
    }

    private void Write(in SensorEvent e)
    {
        try
        {
            lock (_gate)
            {
                _writer.Write(in e);
            }
        }
        catch (IOException failure)
        {
            // The text buffer filled and its write failed: stop rather than lose rows silently.
            _failure ??= failure;
        }
    }

    private static List<KeyValuePair<string, string>> Metadata(ISensorSource source)
    {
        // The source's own lines first (chip, rates, geometry), then when the recording started;
        // geometry the source knows but does not list is added, as the reader needs it for ticks.
        var metadata = new List<KeyValuePair<string, string>>(source.Metadata);
        AddIfMissing(metadata, "ticks_per_meter", source.Geometry.TicksPerMeter);
        AddIfMissing(metadata, "track_width_m", source.Geometry.TrackWidthMeters);
        metadata.Add(new("recorded_utc", DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        return metadata;
    }

    private static void AddIfMissing(List<KeyValuePair<string, string>> metadata, string key, double? value)
    {
        if (value is { } v && !metadata.Exists(m => m.Key == key))
        {
            metadata.Add(new(key, v.ToString("R", CultureInfo.InvariantCulture)));
        }
    }

    private void FlushPeriodically(CancellationToken cancellationToken)
    {
        // Due times on a fixed grid, so a slow sync does not push every later flush back.
        var interval = (long)(FlushInterval.TotalSeconds * Stopwatch.Frequency);
        var due = Stopwatch.GetTimestamp() + interval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(wait))
            {
                return;
            }

            FlushNow();
            due = Math.Max(due + interval, Stopwatch.GetTimestamp());
        }
    }

    private void FlushNow()
    {
        long rows;
        long bytes;
        try
        {
            lock (_gate)
            {
                if (_disposed || _failure is not null)
                {
                    return;
                }

                _writer.Flush();
                rows = _writer.RowsWritten;
                bytes = _file.Position;
            }

            // fsync outside the lock: the kernel syncs whatever this handle's file holds, and the
            // recording loop goes on writing meanwhile.
            RandomAccess.FlushToDisk(_file.SafeFileHandle);
        }
        catch (IOException failure)
        {
            // A full or failing disk: the recording loop sees this and stops; nothing is retried.
            _failure ??= failure;
            return;
        }

        Interlocked.Exchange(ref _rowsOnDisk, rows);
        Interlocked.Exchange(ref _bytesOnDisk, bytes);
        var now = Stopwatch.GetTimestamp();
        if (_lastFlushTicks != 0)
        {
            _longestGapTicks = Math.Max(_longestGapTicks, now - _lastFlushTicks);
        }

        _lastFlushTicks = now;
        _flushes++;
        CheckHealth();
    }

    private void CheckHealth()
    {
        if (_health is null)
        {
            return;
        }

        SensorHealth health;
        try
        {
            health = _health();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            health = SensorHealth.Degraded("health check failed: " + e.Message);
        }

        if (health != _lastHealth)
        {
            if (!health.IsOk && _lastHealth.IsOk)
            {
                _degradedSpells++;
            }

            _log?.Invoke(health.IsOk ? "sensors recovered: ok" : $"sensors degraded: {health.Reason}");
            _lastHealth = health;
        }
    }
}
