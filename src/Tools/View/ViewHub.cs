using System.Collections.Concurrent;
using System.Threading.Channels;

namespace EdgeLstm.Tools.View;

/// <summary>
/// Fans the broker's messages out to every open page. Each page has its own bounded queue that
/// drops its oldest events, so a slow or stalled browser tab never holds up the MQTT receive loop
/// or the other pages. A page that opens late first gets the last status and the last few seconds
/// of predictions of each robot, so it has a track to draw at once.
/// </summary>
internal sealed class ViewHub
{
    private const int PageQueueCapacity = 512;

    // 5 s at 50 Hz: enough odometry track to show where the robot has been when a page opens.
    private const int HistoryPerRobot = 250;

    private readonly ConcurrentDictionary<long, Channel<string>> _pages = new();
    private readonly Dictionary<string, RobotHistory> _robots = new(StringComparer.Ordinal);
    private readonly Lock _historyLock = new();
    private long _nextPage;

    public int Pages => _pages.Count;

    /// <summary>Registers a page; the reader yields its backlog first, then live events.</summary>
    public (long Id, ChannelReader<string> Events) Open()
    {
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(PageQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        var id = Interlocked.Increment(ref _nextPage);
        lock (_historyLock)
        {
            foreach (var robot in _robots.Values)
            {
                robot.CopyTo(channel.Writer);
            }

            _pages[id] = channel;
        }

        return (id, channel.Reader);
    }

    public void Close(long id)
    {
        if (_pages.TryRemove(id, out var channel))
        {
            channel.Writer.TryComplete();
        }
    }

    /// <summary>Sends a server-sent event (already formatted, see <see cref="ViewEvents"/>) about <paramref name="robot"/>.</summary>
    public void Publish(string robot, string sseEvent, bool isStatus)
    {
        lock (_historyLock)
        {
            if (!_robots.TryGetValue(robot, out var history))
            {
                history = new RobotHistory(HistoryPerRobot);
                _robots[robot] = history;
            }

            history.Add(sseEvent, isStatus);
            foreach (var page in _pages.Values)
            {
                page.Writer.TryWrite(sseEvent);
            }
        }
    }

    /// <summary>Sends an event that is not kept for late pages (the broker connection state).</summary>
    public void Broadcast(string sseEvent)
    {
        foreach (var page in _pages.Values)
        {
            page.Writer.TryWrite(sseEvent);
        }
    }

    private sealed class RobotHistory(int capacity)
    {
        private readonly Queue<string> _predictions = new(capacity);
        private string? _status;

        public void Add(string sseEvent, bool isStatus)
        {
            if (isStatus)
            {
                _status = sseEvent;
                return;
            }

            if (_predictions.Count == capacity)
            {
                _predictions.Dequeue();
            }

            _predictions.Enqueue(sseEvent);
        }

        public void CopyTo(ChannelWriter<string> writer)
        {
            if (_status is not null)
            {
                writer.TryWrite(_status);
            }

            foreach (var prediction in _predictions)
            {
                writer.TryWrite(prediction);
            }
        }
    }
}
