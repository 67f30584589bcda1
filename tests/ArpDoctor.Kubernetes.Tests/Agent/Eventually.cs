namespace ArpDoctor.Kubernetes.Tests.Agent;

/// <summary>Polls a condition on real time; fails with <paramref name="what"/> when it does not hold in time.</summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"not within {seconds}s: {what}");
            await Task.Delay(20);
        }
    }
}
