namespace ArpDoctor.Core.Analysis;

/// <summary>
/// Keeps at most <see cref="Capacity"/> timeline points whatever the evidence size: when full, every
/// other point is dropped and only every 2nd, 4th, ... later point is kept, so the plot still spans
/// the whole evidence evenly. Winners and announcements are thinned like replies.
/// </summary>
public sealed class BoundedTimeline(int capacity = BoundedTimeline.DefaultCapacity)
{
    public const int DefaultCapacity = 20_000;

    private readonly List<TimelinePoint> _points = [];
    private long _seen;
    private long _stride = 1;
    private long _skip;

    public int Capacity { get; } = capacity < 2 ? 2 : capacity;
    public IReadOnlyList<TimelinePoint> Points => _points;
    /// <summary>Points offered, kept or not.</summary>
    public long Seen => _seen;
    public bool Thinned => _stride > 1;

    public void Add(in TimelinePoint point)
    {
        long index = _seen++;
        // A countdown instead of index % stride: this runs once per reply, millions of times.
        if (_skip > 0)
        {
            _skip--;
            return;
        }
        if (_points.Count == Capacity)
        {
            int kept = 0;
            for (int i = 0; i < _points.Count; i += 2) _points[kept++] = _points[i];
            _points.RemoveRange(kept, _points.Count - kept);
            _stride *= 2;
            if (index % _stride != 0)
            {
                _skip = _stride - (index % _stride) - 1;
                return;
            }
        }
        _points.Add(point);
        _skip = _stride - 1;
    }
}
