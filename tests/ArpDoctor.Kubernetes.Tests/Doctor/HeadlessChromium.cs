using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Doctor;

/// <summary>
/// One headless Chromium (Debian package <c>chromium</c>) for a test class, driven over the DevTools protocol, so each
/// report page is loaded in a tab of the same browser and read as a person sees it: the rendered text
/// (<c>innerText</c>, which leaves out what is not displayed), the verdict's painted colour, whether the page is wider
/// than the window, every script error and console error, and every request the page made besides itself. Host names
/// resolve to nothing (<c>--host-resolver-rules</c>): a page that needs the network shows it here as a failed request.
/// Started on first use; skipped when Chromium is missing, unless ARPDOCTOR_REQUIRE_LAB=1.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    /// <summary>The width of the window pages are laid out in: a laptop's browser, where a ticket's attachment is opened.</summary>
    public const int Width = 1200;

    private readonly string _profile = Directory.CreateTempSubdirectory("arpdoctor-chromium-").FullName;
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _replies = new();
    private readonly ConcurrentDictionary<string, Tab> _tabs = new(StringComparer.Ordinal);
    private Process? _process;
    private ClientWebSocket? _socket;
    private Task? _reader;
    private int _id;

    /// <summary>How long starting the browser took (once per class).</summary>
    public TimeSpan StartedIn { get; private set; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_socket is { State: WebSocketState.Open })
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await SendAsync("Browser.close", null, null, quick.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or InvalidOperationException)
            {
                // Killed below.
            }
        }
        if (_process is not null)
        {
            if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            _process.Dispose();
        }
        if (_reader is not null) await _reader;
        _socket?.Dispose();
        Directory.Delete(_profile, recursive: true);
    }

    /// <summary>What a page showed once loaded.</summary>
    /// <param name="Text">The body's rendered text: table cells separated by tabs, rows by line ends.</param>
    /// <param name="Html">The DOM after load, serialized.</param>
    /// <param name="VerdictColour">The computed background colour of <c>#verdict</c>, as <c>rgb(r, g, b)</c>.</param>
    /// <param name="ContentWidth">The page's scroll width: above <see cref="Width"/>, something is cut off or needs scrolling.</param>
    /// <param name="Errors">Uncaught exceptions, console errors and error log entries.</param>
    /// <param name="Requests">Every URL the tab asked for besides the page itself.</param>
    /// <param name="Png">The whole page as laid out, when asked for.</param>
    public sealed record Page(string Text, string Html, string VerdictColour, int ContentWidth, IReadOnlyList<string> Errors,
        IReadOnlyList<string> Requests, byte[]? Png);

    /// <summary>Loads <paramref name="file"/> in a new tab of the one browser and reads it.</summary>
    public async Task<Page> LoadAsync(string file, bool screenshot = false)
    {
        Requirements.Tool("chromium");
        await _one.WaitAsync();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            if (_socket is null) await StartAsync(timeout.Token);
            return await LoadInTabAsync(new Uri(file).AbsoluteUri, screenshot, timeout.Token);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task StartAsync(CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND", $"--user-data-dir={_profile}",
                     "--remote-debugging-port=0", "about:blank" })
            start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        string? endpoint = null;
        var seen = new StringBuilder();
        while (endpoint is null)
        {
            var line = await _process.StandardError.ReadLineAsync(ct)
                ?? throw new InvalidOperationException($"chromium ended before it listened for DevTools: {seen}");
            seen.AppendLine(line);
            const string listening = "DevTools listening on ";
            if (line.StartsWith(listening, StringComparison.Ordinal)) endpoint = line[listening.Length..].Trim();
        }
        _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
        _socket = new ClientWebSocket();
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await _socket.ConnectAsync(new Uri(endpoint), ct);
        _reader = Task.Run(ReadAsync, CancellationToken.None);
        StartedIn = clock.Elapsed;
    }

    private async Task<Page> LoadInTabAsync(string url, bool screenshot, CancellationToken ct)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, ct);
        var targetId = target.GetProperty("targetId").GetString()!;
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true }, null, ct);
        var session = attached.GetProperty("sessionId").GetString()!;
        var tab = _tabs[session] = new Tab();
        try
        {
            foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" }) await SendAsync(domain + ".enable", null, session, ct);
            await SendAsync("Emulation.setDeviceMetricsOverride",
                new JsonObject { ["width"] = Width, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session, ct);
            var navigated = await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session, ct);
            if (navigated.TryGetProperty("errorText", out var error)) throw new InvalidOperationException($"chromium could not open {url}: {error}");
            await tab.Loaded.Task.WaitAsync(ct);
            const string read = """
                JSON.stringify({
                  text: document.body.innerText,
                  html: document.documentElement.outerHTML,
                  colour: document.getElementById('verdict') ? getComputedStyle(document.getElementById('verdict')).backgroundColor : '',
                  width: document.documentElement.scrollWidth,
                  height: document.documentElement.scrollHeight })
                """;
            var value = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = read, ["returnByValue"] = true }, session, ct);
            using var seen = JsonDocument.Parse(value.GetProperty("result").GetProperty("value").GetString()!);
            var s = seen.RootElement;
            byte[]? png = null;
            if (screenshot)
            {
                await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
                {
                    ["width"] = Width, ["height"] = Math.Max(200, s.GetProperty("height").GetInt32()), ["deviceScaleFactor"] = 1, ["mobile"] = false,
                }, session, ct);
                var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, session, ct);
                png = Convert.FromBase64String(shot.GetProperty("data").GetString()!);
            }
            lock (tab.Gate)
                return new Page(s.GetProperty("text").GetString()!, s.GetProperty("html").GetString()!, s.GetProperty("colour").GetString()!,
                    s.GetProperty("width").GetInt32(), [.. tab.Errors], [.. tab.Requests.Where(r => r != url)], png);
        }
        finally
        {
            await SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = targetId }, null, ct);
            _tabs.TryRemove(session, out _);
        }
    }

    /// <summary>What one tab reported while it loaded.</summary>
    private sealed class Tab
    {
        public readonly TaskCompletionSource Loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<string> Errors = [];
        public readonly List<string> Requests = [];
        public readonly object Gate = new();

        public void On(string method, JsonElement p)
        {
            lock (Gate)
            {
                switch (method)
                {
                    case "Page.loadEventFired":
                        Loaded.TrySetResult();
                        break;
                    case "Runtime.exceptionThrown":
                        Errors.Add("exception: " + p.GetProperty("exceptionDetails").GetRawText());
                        break;
                    case "Runtime.consoleAPICalled" when p.GetProperty("type").GetString() is "error" or "assert":
                        Errors.Add("console: " + p.GetProperty("args").GetRawText());
                        break;
                    case "Log.entryAdded" when p.GetProperty("entry").GetProperty("level").GetString() == "error":
                        Errors.Add("log: " + p.GetProperty("entry").GetProperty("text").GetString());
                        break;
                    case "Network.requestWillBeSent":
                        Requests.Add(p.GetProperty("request").GetProperty("url").GetString()!);
                        break;
                }
            }
        }
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject? parameters, string? session, CancellationToken ct)
    {
        int id = Interlocked.Increment(ref _id);
        var reply = _replies[id] = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (session is not null) message["sessionId"] = session;
        await _socket!.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct);
        return await reply.Task.WaitAsync(ct);
    }

    /// <summary>Replies complete their request; events go to the tab whose session they name.</summary>
    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket!.State == WebSocketState.Open)
            {
                message.SetLength(0);
                WebSocketReceiveResult part;
                do
                {
                    part = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (part.MessageType == WebSocketMessageType.Close) return;
                    message.Write(buffer, 0, part.Count);
                }
                while (!part.EndOfMessage);
                using var doc = JsonDocument.Parse(message.ToArray());
                var root = doc.RootElement;
                if (root.TryGetProperty("id", out var id))
                {
                    if (!_replies.TryRemove(id.GetInt32(), out var reply)) continue;
                    if (root.TryGetProperty("error", out var error)) reply.TrySetException(new InvalidOperationException($"DevTools: {error.GetRawText()}"));
                    else reply.TrySetResult(root.GetProperty("result").Clone());
                }
                else if (root.TryGetProperty("sessionId", out var session) && _tabs.TryGetValue(session.GetString()!, out var tab))
                {
                    tab.On(root.GetProperty("method").GetString()!, root.GetProperty("params"));
                }
            }
        }
        catch (WebSocketException e)
        {
            foreach (var r in _replies.Values) r.TrySetException(e);
        }
        finally
        {
            foreach (var r in _replies.Values) r.TrySetException(new InvalidOperationException("the DevTools connection closed"));
        }
    }
}
