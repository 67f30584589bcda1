using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Linux.Lab;

namespace ArpDoctor.Cli.Lab;

/// <summary>
/// Hidden helpers that run inside a lab node (<c>ip netns exec NODE arpdoctor lab ...</c>):
/// <c>responder</c> answers ARP after a random delay, <c>tcp-listen</c> accepts connections to the VIP.
/// Both print <c>ready</c> once listening and run until stopped.
/// </summary>
public static class LabHelperCommands
{
    private const string Verb = "lab";

    public static void AddTo(Command lab, CliContext cli)
    {
        lab.Subcommands.Add(Responder(cli));
        lab.Subcommands.Add(TcpListen(cli));
    }

    private static Command Responder(CliContext cli)
    {
        var vips = new Argument<string[]>("VIP") { Arity = ArgumentArity.OneOrMore, Description = "VIPs to answer for" };
        var iface = SharedOptions.Name(new Option<string>("--interface", "-i") { Description = "Interface", DefaultValueFactory = _ => "eth0" });
        var minDelay = SharedOptions.Duration("--min-delay", "Shortest delay before a reply", "0ms");
        var maxDelay = SharedOptions.Duration("--max-delay", "Longest delay before a reply", "20ms");
        var command = new Command("responder", "Answer ARP for VIPs after a random delay (a jittery network), until stopped")
        {
            vips, iface, minDelay, maxDelay,
        };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            var addresses = new List<Ipv4Address>();
            foreach (var text in parse.GetValue(vips)!)
            {
                if (!Arguments.TryVip(text, out var vip, out var error)) return cli.Fail(ExitCodes.Usage, Verb, error);
                addresses.Add(vip);
            }
            TimeSpan min = parse.GetValue(minDelay), max = parse.GetValue(maxDelay);
            if (max < min)
                return cli.Fail(ExitCodes.Usage, Verb, $"--max-delay {parse.GetValue(maxDelay)} must not be below --min-delay {parse.GetValue(minDelay)}");
            var (link, linkError) = cli.OpenLink(parse.GetValue(iface)!);
            if (link is null) return cli.Fail(ExitCodes.Environment, Verb, linkError!.Message);
            using (link)
            {
                using var stop = StopOnSigterm(ct, out var registration);
                using (registration)
                {
                    var responder = new JitteryResponder(link, addresses, min, max);
                    Ready(cli);
                    await responder.RunAsync(stop.Token).ConfigureAwait(false);
                    return ExitCodes.Healthy;
                }
            }
        });
        return command;
    }

    private static Command TcpListen(CliContext cli)
    {
        var port = SharedOptions.RequiredNumber("--port", "Port", new NumberRange(1, 65535, "a TCP port"), "-p");
        var command = new Command("tcp-listen", "Accept TCP connections on every local address and discard what they send, until stopped") { port };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            var listener = new TcpListener(IPAddress.Any, parse.GetValue(port));
            try
            {
                listener.Start();
            }
            catch (SocketException e)
            {
                return cli.Fail(ExitCodes.Environment, Verb, $"cannot listen on port {parse.GetValue(port)}: {e.Message}");
            }
            using var stop = StopOnSigterm(ct, out var registration);
            using (registration)
            {
                Ready(cli);
                var clients = new List<Task>();
                try
                {
                    while (true)
                    {
                        var client = await listener.AcceptSocketAsync(stop.Token).ConfigureAwait(false);
                        clients.Add(DiscardAsync(client, stop.Token));
                    }
                }
                catch (OperationCanceledException)
                {
                    // Stopped.
                }
                finally
                {
                    listener.Stop();
                }
                return ExitCodes.Healthy;
            }
        });
        return command;
    }

    private static async Task DiscardAsync(Socket client, CancellationToken stop)
    {
        using (client)
        {
            var buffer = new byte[1024];
            try
            {
                while (await client.ReceiveAsync(buffer, SocketFlags.None, stop).ConfigureAwait(false) > 0)
                {
                    // Discard: the peer only proves the connection lives.
                }
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                // The client went away or we are stopping.
            }
        }
    }

    private static CancellationTokenSource StopOnSigterm(CancellationToken ct, out PosixSignalRegistration registration)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return stop;
    }

    private static void Ready(CliContext cli)
    {
        cli.Output.Profile.Out.Writer.WriteLine("ready");
        cli.Output.Profile.Out.Writer.Flush();
    }
}
