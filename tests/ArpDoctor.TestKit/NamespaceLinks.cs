using System.Runtime.InteropServices;
using ArpDoctor.Core.Links;
using ArpDoctor.Linux.LiveCapture;
using ArpDoctor.Linux.Processes;

namespace ArpDoctor.TestKit;

/// <summary>
/// Opens a real libpcap link on an interface inside a named network namespace, while the test process
/// (and so the fake API server on 127.0.0.1) stays in its own: one thread enters the namespace, opens the
/// capture (its socket belongs to that namespace from then on), and returns.
/// </summary>
public static partial class NamespaceLinks
{
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setns(int fd, int nstype);

    /// <summary>
    /// Waits until <paramref name="interfaceName"/> in <paramref name="netns"/> is operationally up: a veth brought up has
    /// carrier only once the kernel's link watch has run (up to a second later), and until then a capture refuses it.
    /// </summary>
    public static void WaitForCarrier(string netns, string interfaceName, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        string state = "";
        while (DateTime.UtcNow < deadline)
        {
            state = CommandRunner.RunChecked("ip", "-n", netns, "-o", "link", "show", "dev", interfaceName);
            if (state.Contains(" state UP ", StringComparison.Ordinal)) return;
            Thread.Sleep(20);
        }
        throw new TimeoutException($"{interfaceName} in {netns} has no carrier: {state.Trim()}");
    }

    public static (IArpLink? Link, LinkError? Error) Open(string netns, string interfaceName)
    {
        (IArpLink?, LinkError?) result = (null, new LinkError(LinkErrorKind.CaptureFailed, "not opened"));
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/var/run/netns/{netns}");
                if (setns((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns {netns}: errno {Marshal.GetLastPInvokeError()}");
                try
                {
                    var (link, error) = PcapArpLink.Open(interfaceName);
                    result = (link, error);
                }
                finally
                {
                    if (setns((int)home.DangerousGetHandle(), CloneNewNet) != 0)
                        Environment.FailFast("cannot return to the test's network namespace");
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return result;
    }
}
