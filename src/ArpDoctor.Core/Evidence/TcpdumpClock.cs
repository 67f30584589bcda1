namespace ArpDoctor.Core.Evidence;

/// <summary>
/// Turns the stamps of successive tcpdump lines into times, in order. Times of day are dated on day zero (1970-01-01)
/// and carried over midnight; <c>-tttt</c> and <c>-tt</c> stamps are exact; lines without a stamp (<c>-t</c>) have no time.
/// An indented duration is <c>-ttt</c> (since the line before) or <c>-ttttt</c> (since the first line): since-first
/// durations never go down, so the first one that does settles it as <c>-ttt</c>. Until then (at most
/// <see cref="MaxUndecided"/> lines) items are held back; a file whose durations never go down is <c>-ttttt</c>.
/// Relative times start at day zero.
/// </summary>
public sealed class TcpdumpClock<T>
{
    /// <summary>Lines held while it is open whether durations are deltas; past this they are read as since-first.</summary>
    public const int MaxUndecided = 256;

    private readonly List<(TimeSpan Offset, T Item)> _undecided = [];
    private DateTimeOffset? _previous;
    private bool? _deltas;
    private TimeSpan _lastOffset;
    private DateTimeOffset _deltaTime = DateTimeOffset.UnixEpoch;

    /// <summary>Adds one line's stamp and item; appends to <paramref name="output"/> every item whose time is now known.</summary>
    public void Add(TcpdumpStamp stamp, T item, List<(DateTimeOffset? Time, T Item)> output)
    {
        switch (stamp.Kind)
        {
            case TcpdumpStampKind.None:
                output.Add((null, item));
                return;
            case TcpdumpStampKind.Date or TcpdumpStampKind.Epoch:
                _previous = stamp.At;
                output.Add((stamp.At, item));
                return;
            case TcpdumpStampKind.TimeOfDay:
                var date = _previous is { } p ? p.UtcDateTime.Date : DateTime.UnixEpoch;
                var time = new DateTimeOffset(date + stamp.Offset, TimeSpan.Zero);
                if (_previous is { } before && before - time > TimeSpan.FromHours(12)) time = time.AddDays(1);
                _previous = time;
                output.Add((time, item));
                return;
        }
        if (_deltas is null)
        {
            if (_undecided.Count > 0 && stamp.Offset < _lastOffset)
            {
                _deltas = true;
                foreach (var (offset, held) in _undecided) output.Add((_deltaTime += offset, held));
                _undecided.Clear();
            }
            else
            {
                _lastOffset = stamp.Offset;
                _undecided.Add((stamp.Offset, item));
                if (_undecided.Count >= MaxUndecided) Settle(output);
                return;
            }
        }
        if (_deltas == true) output.Add((_deltaTime += stamp.Offset, item));
        else output.Add((DateTimeOffset.UnixEpoch + stamp.Offset, item));
    }

    /// <summary>At the end of the text: items still held are since-first (their durations never went down).</summary>
    public void End(List<(DateTimeOffset? Time, T Item)> output)
    {
        if (_deltas is null && _undecided.Count > 0) Settle(output);
    }

    private void Settle(List<(DateTimeOffset? Time, T Item)> output)
    {
        _deltas = false;
        foreach (var (offset, held) in _undecided) output.Add((DateTimeOffset.UnixEpoch + offset, held));
        _undecided.Clear();
    }
}
