using Spectre.Console;

namespace EdgeLstm.Tools.Commands;

/// <summary>
/// A long command's progress: on a terminal a Spectre.Console bar with elapsed and remaining time;
/// with output redirected (a log, CI, a test), the plain lines the command writes instead, so logs
/// stay greppable and free of escape codes.
/// </summary>
public sealed class TerminalProgress
{
    private readonly ProgressTask? _task;
    private readonly Action<string> _plainLine;

    private TerminalProgress(ProgressTask? task, Action<string> plainLine)
    {
        _task = task;
        _plainLine = plainLine;
    }

    /// <summary>True when a bar is drawn: standard output and error both go to a terminal.</summary>
    public static bool IsLive => !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    /// <summary>
    /// Runs <paramref name="work"/> with a progress of <paramref name="total"/> units; redirected, the
    /// lines it reports go to <paramref name="plainLine"/> (standard output by default).
    /// </summary>
    public static T Run<T>(string title, double total, Func<TerminalProgress, T> work, Action<string>? plainLine = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var plain = plainLine ?? Console.WriteLine;
        if (!IsLive)
        {
            return work(new TerminalProgress(null, plain));
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1));
                var result = work(new TerminalProgress(task, plain));

                // Early stopping ends sooner than the most epochs the bar was sized for: done is done.
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Moves the bar to <paramref name="done"/> units; <paramref name="line"/> is its caption, or a plain line when redirected.</summary>
    public void Report(double done, string line)
    {
        if (_task is null)
        {
            _plainLine(line);
            return;
        }

        _task.Value = Math.Min(done, _task.MaxValue);
        _task.Description = Markup.Escape(line);
    }
}
