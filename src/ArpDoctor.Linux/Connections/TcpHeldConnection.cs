using System.Net;
using System.Net.Sockets;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Linux.Connections;

/// <summary>
/// A TCP connection held open like a websocket: a receive is always pending, so a reset or close is
/// noticed (and timed) the moment it arrives; each check sends a few bytes, which is what makes the
/// kernel use, and re-resolve, the VIP's neighbour entry. After a drop the next check reconnects.
/// </summary>
public sealed class TcpHeldConnection(IPEndPoint endpoint, TimeProvider time) : IHeldConnection
{
    private static readonly byte[] Keepalive = "arpdoctor keepalive\n"u8.ToArray();
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private Socket? _socket;
    private Task<(DateTimeOffset Time, string Reason)>? _broken;

    public Ipv4Address Vip { get; } = Ipv4Address.FromIPAddress(endpoint.Address);
    public IPEndPoint Endpoint { get; } = endpoint;

    /// <summary>Connects; returns why not (one phrase) or null.</summary>
    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        Close();
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(Endpoint, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            return Describe(e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return $"no answer within {ConnectTimeout.TotalSeconds:0} s";
        }
        _socket = socket;
        _broken = WatchAsync(socket);
        return null;
    }

    private async Task<(DateTimeOffset, string)> WatchAsync(Socket socket)
    {
        var buffer = new byte[512];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false) == 0)
                    return (time.GetUtcNow(), "closed by the peer");
            }
        }
        catch (SocketException e)
        {
            return (time.GetUtcNow(), Describe(e));
        }
        catch (ObjectDisposedException)
        {
            return (time.GetUtcNow(), "closed");
        }
    }

    public async ValueTask<HeldConnectionStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            var error = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            return error is null
                ? new HeldConnectionStatus(HeldConnectionState.Up, time.GetUtcNow(), "connected")
                : new HeldConnectionStatus(HeldConnectionState.Unreachable, time.GetUtcNow(), error);
        }
        if (_broken is { IsCompleted: true } broken)
        {
            var (at, reason) = await broken.ConfigureAwait(false);
            Close();
            return new HeldConnectionStatus(HeldConnectionState.Dropped, at, reason);
        }
        try
        {
            await _socket.SendAsync(Keepalive, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            Close();
            return new HeldConnectionStatus(HeldConnectionState.Dropped, time.GetUtcNow(), Describe(e));
        }
        return new HeldConnectionStatus(HeldConnectionState.Up, time.GetUtcNow(), "");
    }

    private static string Describe(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.Shutdown or SocketError.ConnectionAborted => "connection aborted",
        _ => e.Message,
    };

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _broken = null;
    }

    public void Dispose() => Close();
}
