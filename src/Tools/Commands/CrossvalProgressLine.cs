using System.Globalization;
using EdgeLstm.Tools.Training;

namespace EdgeLstm.Tools.Commands;

/// <summary>
/// crossval's progress: a bar over every epoch of every member of every fold on a terminal, with
/// the fold, member and time left as its caption; a plain line per member when redirected. Time
/// left = the current member's own estimate plus the members still to come at the mean time of
/// the members already trained.
/// </summary>
internal sealed class CrossvalProgressLine(TerminalProgress bar)
{
    private int _finishedMembers;
    private TimeSpan _finishedTime;
    private TimeSpan _memberStart;
    private (int Fold, int Member) _current = (-1, -1);

    public void Report(CrossValidationProgress p)
    {
        if (p.Training is not { } t)
        {
            return;
        }

        if ((p.Fold, t.Member) != _current)
        {
            if (_current.Fold >= 0)
            {
                _finishedMembers++;
                _finishedTime += p.Elapsed - _memberStart;
            }

            _current = (p.Fold, t.Member);
            _memberStart = p.Elapsed;
        }

        var membersLeft = ((p.Folds - p.Fold - 1) * t.Members) + (t.Members - t.Member - 1);
        var perMember = _finishedMembers > 0 ? _finishedTime / _finishedMembers : t.Epoch.Elapsed + t.Epoch.Remaining;
        var left = t.Epoch.Remaining + (perMember * membersLeft);
        var c = CultureInfo.InvariantCulture;
        var line = string.Create(c, $"fold {p.Fold + 1}/{p.Folds} (leaving out {p.LeftOut})  member {t.Member + 1}/{t.Members}  epoch {t.Epoch.Epoch,3}  {p.Elapsed:mm\\:ss} elapsed, ~{left:mm\\:ss} left");
        if (TerminalProgress.IsLive || t.Epoch.Epoch == 1)
        {
            var epochsDone = ((((p.Fold * t.Members) + t.Member) * t.Epoch.Epochs) + t.Epoch.Epoch);
            bar.Report(epochsDone, line);
        }
    }

    /// <summary>Epochs at most, for the bar's length: folds × members × epochs (early stopping ends sooner).</summary>
    public static double Total(int folds, int members, int epochs) => (double)folds * members * epochs;
}
