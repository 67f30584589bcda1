namespace ArpDoctor.TestKit.Fakes;

/// <summary>
/// A <see cref="TimeProvider"/> that moves only when told, and lets a test see its pending timers: <see cref="PendingTimers"/>,
/// <see cref="NextDue"/>, <see cref="AdvanceToNextTimer"/>. Timers fire on the thread that advances the clock, in due
/// order, each at its own due time (the clock stands at it while the callback runs).
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<Timer> _timers = [];
    private long _now; // ticks since start

    public ManualClock() : this(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref _now));
    public override long GetTimestamp() => Interlocked.Read(ref _now);
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>The time the clock was made at.</summary>
    public DateTimeOffset Start => start;

    /// <summary>Time since the clock was made.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _now));

    /// <summary>Timers that will fire if the clock moves far enough.</summary>
    public int PendingTimers
    {
        get { lock (_lock) return _timers.Count(t => t.Due is not null); }
    }

    /// <summary>When the next timer is due (from now), or null when none is pending.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (_lock)
            {
                var due = _timers.Where(t => t.Due is not null).Select(t => t.Due!.Value).DefaultIfEmpty(long.MaxValue).Min();
                return due == long.MaxValue ? null : TimeSpan.FromTicks(Math.Max(0, due - _now));
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_lock) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock by <paramref name="by"/>, firing every timer due on the way at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        long target = Interlocked.Read(ref _now) + by.Ticks;
        while (true)
        {
            Timer? next;
            lock (_lock)
            {
                next = _timers.Where(t => t.Due is { } d && d <= target).OrderBy(t => t.Due).ThenBy(t => t.Order).FirstOrDefault();
                if (next is null) break;
                Interlocked.Exchange(ref _now, Math.Max(_now, next.Due!.Value));
                next.Due = next.Period > 0 ? _now + next.Period : null;
            }
            // Without a SynchronizationContext (a test runner's defers continuations), what the timer completes runs here, now.
            var context = SynchronizationContext.Current;
            SynchronizationContext.SetSynchronizationContext(null);
            try
            {
                next.Fire();
            }
            finally
            {
                SynchronizationContext.SetSynchronizationContext(context);
            }
        }
        lock (_lock) Interlocked.Exchange(ref _now, Math.Max(_now, target));
    }

    /// <summary>Moves the clock to the next pending timer and fires it (and any due with it); false when none is pending.</summary>
    public bool AdvanceToNextTimer()
    {
        if (NextDue is not { } due) return false;
        Advance(due);
        return true;
    }

    private long _order;

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long? Due;
        public long Period;
        public long Order;

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + Math.Max(0, dueTime.Ticks);
                Period = period == Timeout.InfiniteTimeSpan ? 0 : period.Ticks;
                Order = clock._order++;
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._lock)
            {
                Due = null;
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
