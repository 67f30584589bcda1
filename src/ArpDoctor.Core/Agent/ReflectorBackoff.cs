namespace ArpDoctor.Core.Agent;

/// <summary>
/// The pause before a list/watch starts again, as client-go's reflector takes it (k8s.io/client-go/tools/cache
/// reflector.go: <c>wait.NewExponentialBackoffManager(800ms, 30s, 2min, 2.0, 1.0, clock)</c>): it starts at
/// <see cref="Initial"/>, doubles up to <see cref="Max"/>, each pause stretched by up to as much again at random so
/// a DaemonSet's agents do not come back in step, and starts over once <see cref="Reset"/> passed since the last pause
/// (a healthy stretch).
/// </summary>
public sealed class ReflectorBackoff(TimeProvider time, TimeSpan initial, TimeSpan max, TimeSpan reset, Func<double>? jitter = null)
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromMilliseconds(800);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultReset = TimeSpan.FromMinutes(2);

    private readonly Func<double> _jitter = jitter ?? Random.Shared.NextDouble;
    private TimeSpan _next = initial;
    private long? _lastPause;

    public TimeSpan Initial { get; } = initial;
    public TimeSpan Max { get; } = max;
    public TimeSpan Reset { get; } = reset;

    /// <summary>The next pause; the one after it is twice as long (up to <see cref="Max"/>) unless <see cref="Reset"/> passes first.</summary>
    public TimeSpan Next()
    {
        if (_lastPause is { } last && time.GetElapsedTime(last) > Reset) _next = Initial;
        _lastPause = time.GetTimestamp();
        var pause = _next + _next * Math.Clamp(_jitter(), 0, 1);
        _next = _next * 2 > Max ? Max : _next * 2;
        return pause;
    }
}
