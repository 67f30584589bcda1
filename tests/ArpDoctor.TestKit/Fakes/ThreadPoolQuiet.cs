namespace ArpDoctor.TestKit.Fakes;

/// <summary>
/// For tests that drive code on a FakeTimeProvider: before time moves on, let the code react to the last step.
/// </summary>
public static class ThreadPoolQuiet
{
    /// <summary>
    /// Waits until the thread pool has had no queued work and no completed work item for
    /// <paramref name="quietFor"/> (the code under test then sits on one of its timers), at most a second.
    /// </summary>
    public static void Wait(TimeSpan quietFor)
    {
        long last = ThreadPool.CompletedWorkItemCount;
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (quiet.Elapsed < quietFor && limit.Elapsed < TimeSpan.FromSeconds(1))
        {
            Thread.SpinWait(20);
            long now = ThreadPool.CompletedWorkItemCount;
            if (now != last || ThreadPool.PendingWorkItemCount > 0)
            {
                last = now;
                quiet.Restart();
            }
        }
    }
}
