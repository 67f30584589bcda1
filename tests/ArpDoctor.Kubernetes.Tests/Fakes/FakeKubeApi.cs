using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Kubernetes.Tests.Fakes;

/// <summary>
/// A stateful stand-in for the Kubernetes API server over real HTTP (Kestrel on 127.0.0.1, random port):
/// JSON objects, a cluster-wide resourceVersion bumped on every write, 409 on a PUT carrying a stale
/// resourceVersion, strategic-merge PATCH for DaemonSets (with a DaemonSet controller that rolls pods
/// forward one per read), 404/403 <c>Status</c> bodies like the real ones. Reached through a kubeconfig
/// file, so the production client code path is the one under test.
/// </summary>
public sealed class FakeKubeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly HashSet<string> _crds = new(StringComparer.Ordinal);
    private readonly HashSet<(string Verb, string Resource)> _forbidden = [];
    private long _resourceVersion = 1000;
    // Service watch history: every change with its resourceVersion; watches older than the floor get 410 Gone.
    private readonly List<(long Version, string Type, JsonObject Object)> _serviceHistory = [];
    private long _historyFloor;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _closeWatches = new();

    private FakeKubeApi(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The cluster fixture loaded, if any (see <see cref="ClusterFixtures"/>).</summary>
    public string? LoadedFixture { get; set; }

    /// <summary>Called once, just before the next ConfigMap PUT or PATCH is judged: another writer getting in between read and write.</summary>
    public Action<FakeKubeApi>? BeforeNextConfigMapWrite { get; set; }

    /// <summary>When set, ConfigMap writes are applied at once but answered only after this long.</summary>
    public TimeSpan? AnswerConfigMapWritesAfter { get; set; }

    /// <summary>Content types of the PATCH requests received, to check the client sends what the server accepts.</summary>
    public List<string> PatchContentTypes { get; } = [];

    /// <param name="tls">Serve HTTPS with a self-signed certificate no kubeconfig trusts (for the TLS failure path).</param>
    /// <param name="certificate">Serve HTTPS with this certificate (e.g. one a test CA signed for some name).</param>
    /// <param name="bind">Address to listen on (default 127.0.0.1), e.g. one a lab namespace can reach.</param>
    public static async Task<FakeKubeApi> StartAsync(bool tls = false, IPAddress? bind = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(bind ?? IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
            else if (tls) listen.UseHttps(SelfSigned());
        }));
        var app = builder.Build();
        var fake = new FakeKubeApi(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address);
        return fake;
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 SelfSigned()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=fake-apiserver", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var san = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
            cert.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
            foreach (var stop in _running.Values) stop.Cancel();
        await KubeletIdleAsync();
        await _closeWatches.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---- state, for arranging and asserting ----

    /// <summary>Stores an object (a real-shaped manifest); its kind decides where it lives.</summary>
    public void Add(string json) => Add(JsonNode.Parse(json)!.AsObject());

    public void Add(JsonObject obj)
    {
        lock (_gate)
        {
            var kind = obj["kind"]!.GetValue<string>();
            var resource = ResourceOf(kind);
            _kinds[resource] = (kind, obj["apiVersion"]?.GetValue<string>() ?? "v1");
            if (kind == "CustomResourceDefinition" && obj["spec"]?["names"]?["plural"]?.GetValue<string>() is { } plural) _crds.Add(plural);
            var meta = obj["metadata"]!.AsObject();
            meta["resourceVersion"] = NextVersion();
            meta["uid"] ??= Guid.NewGuid().ToString();
            meta["creationTimestamp"] ??= "2026-01-01T00:00:00Z";
            meta["managedFields"] ??= new JsonArray(ManagedFieldsEntry(obj, "kubectl-client-side-apply", "Update"));
            if (resource == "daemonsets") meta["generation"] ??= 1;
            if (!BuiltIn.Contains(resource)) _crds.Add(resource);
            var key = Key(resource, meta["namespace"]?.GetValue<string>(), meta["name"]!.GetValue<string>());
            bool existed = _objects.ContainsKey(key);
            _objects[key] = obj;
            if (resource == "services") Changed(existed ? "MODIFIED" : "ADDED", obj);
        }
    }

    /// <summary>Deletes a Service (a DELETED watch event).</summary>
    public void DeleteService(string ns, string name)
    {
        lock (_gate)
        {
            if (!_objects.Remove(Key("services", ns, name), out var obj)) return;
            obj["metadata"]!["resourceVersion"] = NextVersion();
            Changed("DELETED", obj);
        }
    }

    /// <summary>Forgets the watch history up to now, as etcd compaction does: a watch from an older resourceVersion gets 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _historyFloor = _resourceVersion;
            _serviceHistory.Clear();
        }
    }

    /// <summary>Ends every open watch stream (as the server does at its timeout); clients resume.</summary>
    public void CloseWatches()
    {
        CancellationTokenSource old;
        lock (_gate)
        {
            old = _closeWatches;
            _closeWatches = new CancellationTokenSource();
        }
        old.Cancel();
        old.Dispose();
    }

    /// <summary>While true every request gets 503 and open watches end: the API server is down.</summary>
    public bool Unavailable
    {
        get { lock (_gate) return _unavailable; }
        set
        {
            lock (_gate) _unavailable = value;
            if (value) CloseWatches();
        }
    }

    private bool _unavailable;

    private readonly Queue<(int Status, string? RetryAfter, string? Method, string? Resource)> _failures = new();

    /// <summary>
    /// The next <paramref name="times"/> requests (of <paramref name="method"/> on <paramref name="resource"/>, when given)
    /// are answered <paramref name="status"/> with a Status body and <paramref name="retryAfter"/> as <c>Retry-After</c>,
    /// as an overloaded or restarting API server answers; status 0 drops the connection without an answer, -1 never answers.
    /// </summary>
    public void FailNext(int status, int times = 1, string? retryAfter = null, string? method = null, string? resource = null)
    {
        lock (_gate)
            for (int i = 0; i < times; i++) _failures.Enqueue((status, retryAfter, method, resource));
    }

    /// <summary>Requests answered by <see cref="FailNext"/>, in order: <c>METHOD resource status</c>.</summary>
    public List<string> Failed { get; } = [];

    private (int Status, string? RetryAfter)? TakeFailure(string method, string[] path)
    {
        lock (_gate)
        {
            if (!_failures.TryPeek(out var f)) return null;
            if ((f.Method is not null && f.Method != method) || (f.Resource is not null && !path.Contains(f.Resource))) return null;
            _failures.Dequeue();
            Failed.Add($"{method} {string.Join('/', path)} {f.Status}");
            return (f.Status, f.RetryAfter);
        }
    }

    /// <summary>Every Service watch is answered at once with 410 Gone (an ERROR event), whatever its resourceVersion.</summary>
    public bool ExpireEveryWatch { get; set; }

    /// <summary>The resourceVersion of every Service watch opened, in order.</summary>
    public List<string> WatchesFrom { get; } = [];

    /// <summary>How many Service lists were served.</summary>
    public int ServiceLists { get; private set; }

    /// <summary>Every stored Event.</summary>
    public IReadOnlyList<JsonObject> Events()
    {
        lock (_gate)
            return _objects.Where(kv => kv.Key.StartsWith("events/", StringComparison.Ordinal)).Select(kv => (JsonObject)kv.Value.DeepClone()).ToList();
    }

    private void Changed(string type, JsonObject obj)
    {
        _serviceHistory.Add((long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), type, (JsonObject)obj.DeepClone()));
        var old = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    /// <summary>Registers a MetalLB CRD with no objects (the list is empty, not 404).</summary>
    public void InstallCrd(string plural)
    {
        lock (_gate) _crds.Add(plural);
    }

    public JsonObject? Get(string resource, string? ns, string name)
    {
        lock (_gate) return _objects.TryGetValue(Key(resource, ns, name), out var o) ? (JsonObject)o.DeepClone() : null;
    }

    public string? ConfigMapData(string ns, string name, string key) =>
        Get("configmaps", ns, name)?["data"]?[key]?.GetValue<string>();

    /// <summary>Another client's write: edits the stored ConfigMap's data and bumps its resourceVersion.</summary>
    public void EditConfigMap(string ns, string name, string key, Func<string, string> edit)
    {
        lock (_gate)
        {
            var cm = _objects[Key("configmaps", ns, name)];
            cm["data"]![key] = edit(cm["data"]![key]!.GetValue<string>());
            cm["metadata"]!["resourceVersion"] = NextVersion();
            Track(cm, "kubectl-edit", "Update");
        }
    }

    /// <summary>Answers 403 to <paramref name="verb"/> (get, list, update, patch) on <paramref name="resource"/> (plural).</summary>
    public void Forbid(string verb, string resource)
    {
        lock (_gate) _forbidden.Add((verb, resource));
    }

    /// <summary>Answers 403 to <paramref name="verb"/> on one object, as a rule with resourceNames leaves the others allowed.</summary>
    public void ForbidNamed(string verb, string resource, string name)
    {
        lock (_gate) _forbiddenNamed.Add((verb, resource, name));
    }

    private readonly HashSet<(string Verb, string Resource, string Name)> _forbiddenNamed = [];

    /// <summary>
    /// Authorizes as RBAC does for a user bound to one ClusterRole: a request is allowed only when some rule lists its
    /// API group, resource and verb (or <c>*</c>); anything else is 403 with the server's message. Discovery is
    /// allowed (everyone holds <c>system:discovery</c>).
    /// </summary>
    public void GrantOnly(JsonObject clusterRole)
    {
        lock (_gate)
        {
            _granted = [];
            foreach (var rule in clusterRole["rules"]!.AsArray())
                foreach (var g in rule!["apiGroups"]!.AsArray())
                    foreach (var r in rule["resources"]!.AsArray())
                        foreach (var v in rule["verbs"]!.AsArray())
                            _granted.Add((g!.GetValue<string>(), r!.GetValue<string>(), v!.GetValue<string>()));
        }
    }

    private HashSet<(string Group, string Resource, string Verb)>? _granted;

    private bool Denied(string group, string verb, string resource)
    {
        if (_forbidden.Contains((verb, resource))) return true;
        if (_granted is null) return false;
        return !_granted.Any(g => (g.Group == "*" || g.Group == group) && (g.Resource == "*" || g.Resource == resource) && (g.Verb == "*" || g.Verb == verb));
    }

    /// <summary>A kubeconfig for this server, written to <paramref name="directory"/>; context <c>fake</c> is current.</summary>
    public string WriteKubeconfig(string directory, string? serverOverride = null, string? certificateAuthorityData = null, string? tlsServerName = null)
    {
        var extra = (certificateAuthorityData is null ? "" : $"\n    certificate-authority-data: {certificateAuthorityData}")
            + (tlsServerName is null ? "" : $"\n    tls-server-name: {tlsServerName}");
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {serverOverride ?? Url.ToString().TrimEnd('/')}{extra}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: tester
            current-context: fake
            users:
            - name: tester
              user:
                token: test-token
            """);
        return path;
    }

    // ---- HTTP ----

    /// <summary>How many requests reached the server (a TLS failure must keep this 0: no token was sent).</summary>
    public int Requests => _requests;

    private int _requests;

    /// <summary>Every <c>group/resource:verb</c> a client used, as RBAC names them (a watch is <c>watch</c>).</summary>
    public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>The Impersonate-* headers of the latest request, <c>name: value</c> in lower case, sorted.</summary>
    public IReadOnlyList<string> LastImpersonation { get; private set; } = [];

    /// <summary>When set, a request without <c>Authorization: Bearer</c> this token is answered 401, as a server does for a rotated-out token.</summary>
    public string? RequireToken { get; set; }

    /// <summary>The Authorization header of the latest request ("" when it had none).</summary>
    public string LastAuthorization { get; private set; } = "";

    /// <summary>
    /// A kubelet stand-in: runs each Pod created, once, and answers with its exit code and its log (stdout and stderr
    /// together). While it runs the Pod is Running; then Succeeded or Failed, its container terminated with that code.
    /// Deleting the Pod cancels the run, as a kubelet kills the container.
    /// </summary>
    public Func<JsonObject, CancellationToken, Task<(int Exit, string Log)>>? Kubelet { get; set; }

    /// <summary>Every Pod created, as it was stored, in order.</summary>
    public List<JsonObject> PodsCreated { get; } = [];

    /// <summary>An admission stand-in: changes each Pod before it is stored (a mutating policy, say).</summary>
    public Action<JsonObject>? AdmitPod { get; set; }

    private readonly Dictionary<string, string> _logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    private readonly List<Task> _kubeletRuns = [];

    /// <summary>The Pods still present, <c>ns/name</c>.</summary>
    public IReadOnlyList<string> Pods()
    {
        lock (_gate)
            return _objects.Where(kv => kv.Key.StartsWith("pods/", StringComparison.Ordinal))
                .Select(kv => $"{kv.Value["metadata"]!["namespace"]}/{kv.Value["metadata"]!["name"]}").ToList();
    }

    /// <summary>Waits until every Pod run the kubelet started has ended (cancelled by deletion or finished).</summary>
    public async Task KubeletIdleAsync()
    {
        Task[] runs;
        lock (_gate) runs = [.. _kubeletRuns];
        await Task.WhenAll(runs);
    }

    private void StartPod(string key, JsonObject pod)
    {
        pod["status"] = new JsonObject { ["phase"] = "Pending" };
        if (Kubelet is not { } kubelet) return;
        var stop = new CancellationTokenSource();
        _running[key] = stop;
        var spec = (JsonObject)pod.DeepClone();
        _kubeletRuns.Add(Task.Run(async () =>
        {
            lock (_gate)
                if (_objects.TryGetValue(key, out var p)) p["status"] = new JsonObject { ["phase"] = "Running" };
            (int Exit, string Log) ended;
            try
            {
                ended = await kubelet(spec, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            lock (_gate)
            {
                _logs[key] = ended.Log;
                if (!_objects.TryGetValue(key, out var p)) return;
                var container = spec["spec"]!["containers"]![0]!["name"]!.GetValue<string>();
                p["status"] = new JsonObject
                {
                    ["phase"] = ended.Exit == 0 ? "Succeeded" : "Failed",
                    ["containerStatuses"] = new JsonArray(new JsonObject
                    {
                        ["name"] = container,
                        ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = ended.Exit, ["reason"] = ended.Exit == 0 ? "Completed" : "Error" } },
                    }),
                };
                p["metadata"]!["resourceVersion"] = NextVersion();
            }
        }));
    }

    /// <summary>
    /// The pod proxy's far end: answers <c>GET /api/v1/namespaces/NS/pods/NAME:PORT/proxy/PATH</c> for a Pod that exists,
    /// with the status and text the Pod's port answered (as the API server passes them back); <c>null</c> is every Pod's
    /// port refusing connections (the API server's 503).
    /// </summary>
    public Func<AgentPodTarget, CancellationToken, Task<(int Status, string Body)>>? PodProxy { get; set; }

    /// <summary>GET …/pods/NAME:PORT/proxy/PATH: RBAC's <c>get pods/proxy</c>, the Pod must exist, then <see cref="PodProxy"/> answers.</summary>
    private async Task<bool> ServeProxyAsync(HttpContext http, string[] path)
    {
        if (path.Length < 7 || path[0] != "api" || path[2] != "namespaces" || path[4] != "pods" || path[6] != "proxy") return false;
        var ns = path[3];
        var (name, port) = path[5].Split(':') is [var n, var p] && int.TryParse(p, out var number) ? (n, number) : (path[5], 0);
        HttpStatusCode status;
        string text;
        string type = "application/json";
        lock (_gate)
        {
            Used.Add("/pods/proxy:get");
            if (http.Request.Method != "GET")
                (status, text) = (HttpStatusCode.MethodNotAllowed, StatusBody(405, "MethodNotAllowed", "only GET is served here").ToJsonString());
            else if (Denied("", "get", "pods/proxy"))
                (status, text) = (HttpStatusCode.Forbidden, Forbidden("", "get", "pods/proxy", ns, name).Item2.ToJsonString());
            else if (!_objects.ContainsKey(Key("pods", ns, name)))
                (status, text) = (HttpStatusCode.NotFound, NotFound("pods", ns, name).Item2.ToJsonString());
            else (status, text) = (0, "");
        }
        if (status == 0)
        {
            var target = new AgentPodTarget(ns, name, port, "/" + string.Join('/', path[7..]));
            if (PodProxy is { } proxy)
            {
                var answer = await proxy(target, http.RequestAborted);
                (status, text, type) = ((HttpStatusCode)answer.Status, answer.Body, "text/plain; version=0.0.4; charset=utf-8");
            }
            else
                (status, text) = (HttpStatusCode.ServiceUnavailable, StatusBody(503, "ServiceUnavailable",
                    $"error trying to reach service: dial tcp {name}:{port}: connect: connection refused").ToJsonString());
        }
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = type;
        await http.Response.WriteAsync(text);
        return true;
    }

    /// <summary>GET /api/v1/namespaces/NS/pods/NAME/log: the log as text, as a kubelet serves it through the API server.</summary>
    private async Task<bool> ServeLogAsync(HttpContext http, string[] path)
    {
        if (http.Request.Method != "GET" || path.Length != 7 || path[0] != "api" || path[2] != "namespaces" || path[4] != "pods" || path[6] != "log") return false;
        var (ns, name) = (path[3], path[5]);
        HttpStatusCode status;
        string text;
        string type = "text/plain";
        lock (_gate)
        {
            Used.Add("/pods/log:get");
            var key = Key("pods", ns, name);
            if (Denied("", "get", "pods/log"))
                (status, text, type) = (HttpStatusCode.Forbidden, Forbidden("", "get", "pods/log", ns, name).Item2.ToJsonString(), "application/json");
            else if (!_objects.ContainsKey(key))
                (status, text, type) = (HttpStatusCode.NotFound, NotFound("pods", ns, name).Item2.ToJsonString(), "application/json");
            else if (_logs.TryGetValue(key, out var log))
                (status, text) = (HttpStatusCode.OK, log);
            else
                (status, text, type) = (HttpStatusCode.BadRequest, StatusBody(400, "BadRequest", $"container in pod \"{name}\" is waiting to start: ContainerCreating").ToJsonString(), "application/json");
        }
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = type;
        await http.Response.WriteAsync(text);
        return true;
    }

    private (HttpStatusCode, JsonNode) Delete(string resource, string? ns, string name)
    {
        var key = Key(resource, ns, name);
        if (!_objects.Remove(key, out var gone)) return NotFound(resource, ns, name);
        if (_running.Remove(key, out var stop)) stop.Cancel();
        _logs.Remove(key);
        return (HttpStatusCode.OK, gone);
    }

    private async Task HandleAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        LastAuthorization = http.Request.Headers.Authorization.ToString();
        LastImpersonation = http.Request.Headers.Where(h => h.Key.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value.Select(v => $"{h.Key.ToLowerInvariant()}: {v}")).Order(StringComparer.Ordinal).ToList();
        if (RequireToken is { } token && LastAuthorization != $"Bearer {token}")
        {
            http.Response.StatusCode = 401;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(StatusBody(401, "Unauthorized", "Unauthorized").ToJsonString());
            return;
        }
        var path = http.Request.Path.Value!.Trim('/').Split('/');
        if (Unavailable)
        {
            http.Response.StatusCode = 503;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(StatusBody(503, "ServiceUnavailable", "the fake API server is down").ToJsonString());
            return;
        }
        if (!IsWatch(http) && TakeFailure(http.Request.Method, path) is { } failure)
        {
            if (failure.Status == 0)
            {
                http.Abort();
                return;
            }
            if (failure.Status < 0)
            {
                // Hangs: no answer until the client goes away.
                try { await Task.Delay(Timeout.Infinite, http.RequestAborted); } catch (OperationCanceledException) { }
                return;
            }
            http.Response.StatusCode = failure.Status;
            if (failure.RetryAfter is { } after) http.Response.Headers.RetryAfter = after;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(StatusBody(failure.Status, failure.Status == 429 ? "TooManyRequests" : "ServiceUnavailable",
                failure.Status == 429 ? "Too many requests, please try again later." : "the server is currently unable to handle the request").ToJsonString());
            return;
        }
        if (await ServeLogAsync(http, path)) return;
        if (await ServeProxyAsync(http, path)) return;
        if (http.Request.Method == "GET" && http.Request.Query["watch"] is var w && (w == "true" || w == "1") && path[^1] == "services")
        {
            lock (_gate) Used.Add("/services:watch");
            await WatchServicesAsync(http);
            return;
        }
        string? body = null;
        if (http.Request.ContentLength > 0 || http.Request.Method is "PUT" or "PATCH" or "POST")
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync();
        }
        var manager = http.Request.Query["fieldManager"].ToString() is { Length: > 0 } fm ? fm : FieldManagerFromUserAgent(http.Request.Headers.UserAgent.ToString());
        var (status, response) = Route(http.Request.Method, path, http.Request.Query, http.Request.ContentType, body, manager);
        if (http.Request.Method is "PATCH" or "PUT" && path.Contains("configmaps") && AnswerConfigMapWritesAfter is { } late)
        {
            // The write is applied, and only the answer is late: a client that gives up does not know it landed.
            await Task.Delay(late);
        }
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(response.ToJsonString());
    }

    private static bool IsWatch(HttpContext http) => http.Request.Query["watch"] is var w && (w == "true" || w == "1");

    /// <summary>A Service watch: newline-delimited events after the resourceVersion asked for, then whatever changes, until closed.</summary>
    private async Task WatchServicesAsync(HttpContext http)
    {
        var from = http.Request.Query["resourceVersion"].ToString();
        long since = long.TryParse(from, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        CancellationToken closed;
        bool forbidden;
        lock (_gate)
        {
            WatchesFrom.Add(from);
            closed = _closeWatches.Token;
            forbidden = Denied("", "watch", "services");
        }
        if (forbidden)
        {
            http.Response.StatusCode = 403;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(Forbidden("", "watch", "services", null, null).Item2.ToJsonString());
            return;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        using var both = CancellationTokenSource.CreateLinkedTokenSource(closed, http.RequestAborted);
        try
        {
            while (true)
            {
                List<string> lines = [];
                Task changed;
                lock (_gate)
                {
                    if (since < _historyFloor || ExpireEveryWatch)
                    {
                        lines.Add(new JsonObject
                        {
                            ["type"] = "ERROR",
                            ["object"] = StatusBody(410, "Expired", $"too old resource version: {since} ({_historyFloor})"),
                        }.ToJsonString());
                    }
                    else
                    {
                        foreach (var (version, type, obj) in _serviceHistory)
                        {
                            if (version <= since) continue;
                            lines.Add(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString());
                            since = version;
                        }
                    }
                    changed = _changed.Task;
                }
                foreach (var line in lines)
                    await http.Response.WriteAsync(line + "\n", both.Token);
                await http.Response.Body.FlushAsync(both.Token);
                if (lines.Count > 0 && lines[0].Contains("\"ERROR\"", StringComparison.Ordinal)) return;
                await changed.WaitAsync(both.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Closed by the test or the client went away: the stream just ends.
        }
    }

    // What the fake serves, as discovery documents say it (kubectl maps "service" to a resource through them).
    // (group, version, resource, kind, namespaced, short names)
    private static readonly (string Group, string Version, string Resource, string Kind, bool Namespaced, string[] Short)[] Served =
    [
        ("", "v1", "services", "Service", true, ["svc"]),
        ("", "v1", "endpoints", "Endpoints", true, ["ep"]),
        ("", "v1", "events", "Event", true, ["ev"]),
        ("", "v1", "configmaps", "ConfigMap", true, ["cm"]),
        ("", "v1", "nodes", "Node", false, ["no"]),
        ("", "v1", "pods", "Pod", true, ["po"]),
        ("", "v1", "namespaces", "Namespace", false, ["ns"]),
        ("apps", "v1", "daemonsets", "DaemonSet", true, ["ds"]),
        ("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, []),
        ("coordination.k8s.io", "v1", "leases", "Lease", true, []),
    ];

    /// <summary>The legacy discovery documents (/api, /api/v1, /apis, /apis/G/V), as a real server answers a client that asks for plain JSON.</summary>
    private static JsonNode? Discovery(string[] p)
    {
        static JsonArray Verbs() => new("get", "list", "watch", "create", "update", "patch", "delete");
        JsonObject ResourceList(string groupVersion, IEnumerable<(string Group, string Version, string Resource, string Kind, bool Namespaced, string[] Short)> rs) => new()
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = new JsonArray([.. rs.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Resource, ["singularName"] = r.Kind.ToLowerInvariant(), ["namespaced"] = r.Namespaced, ["kind"] = r.Kind,
                ["verbs"] = Verbs(), ["shortNames"] = new JsonArray([.. r.Short.Select(x => (JsonNode)x)]),
            })]),
        };
        switch (p)
        {
            case ["api"]:
                return new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"),
                    ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1:443" }) };
            case ["api", "v1"]:
                return ResourceList("v1", Served.Where(r => r.Group == ""));
            case ["apis"]:
                return new JsonObject
                {
                    ["kind"] = "APIGroupList",
                    ["apiVersion"] = "v1",
                    ["groups"] = new JsonArray([.. Served.Where(r => r.Group != "").Select(r => r.Group).Distinct().Select(g =>
                    {
                        var version = Served.First(r => r.Group == g).Version;
                        var gv = new JsonObject { ["groupVersion"] = $"{g}/{version}", ["version"] = version };
                        return (JsonNode)new JsonObject { ["name"] = g, ["versions"] = new JsonArray(gv), ["preferredVersion"] = gv.DeepClone() };
                    })]),
                };
            case ["apis", var group, var version] when Served.Any(r => r.Group == group && r.Version == version):
                return ResourceList($"{group}/{version}", Served.Where(r => r.Group == group && r.Version == version));
            default:
                return null;
        }
    }

    private (HttpStatusCode, JsonNode) Route(string method, string[] p, IQueryCollection query, string? contentType, string? body, string manager)
    {
        // /api/v1/{resource} | /api/v1/namespaces/{ns}/{resource}/{name}
        // /apis/{group}/{version}/{resource} | /apis/{group}/{version}/namespaces/{ns}/{resource}/{name}
        if (method == "GET" && Discovery(p) is { } discovery) return (HttpStatusCode.OK, discovery);
        int at = p[0] == "api" ? 2 : 3;
        if (p.Length <= at) return NotFound("", "", "");
        string? ns = null;
        if (p[at] == "namespaces" && p.Length > at + 2)
        {
            ns = p[at + 1];
            at += 2;
        }
        var resource = p[at];
        var name = p.Length > at + 1 ? p[at + 1] : null;
        var verb = (method, name) switch
        {
            ("GET", null) => "list",
            ("GET", _) => "get",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("POST", null) => "create",
            _ => method.ToLowerInvariant(),
        };
        lock (_gate)
        {
            var group = p[0] == "api" ? "" : p[1];
            Used.Add($"{group}/{resource}:{verb}");
            if (Denied(group, verb, resource) || (name is not null && _forbiddenNamed.Contains((verb, resource, name))))
                return Forbidden(group, verb, resource, ns, name);
            if (!BuiltIn.Contains(resource) && !_crds.Contains(resource))
                return (HttpStatusCode.NotFound, StatusBody(404, "NotFound", "the server could not find the requested resource"));
            return verb switch
            {
                "list" => List(resource, ns, query["fieldSelector"].ToString()),
                "get" => GetOne(resource, ns, name!),
                "update" => Put(resource, ns, name!, body!, manager),
                "patch" => Patch(resource, ns, name!, contentType ?? "", body!, manager),
                "create" => Create(resource, ns, body!, manager),
                "delete" => Delete(resource, ns, name!),
                _ => (HttpStatusCode.MethodNotAllowed, StatusBody(405, "MethodNotAllowed", $"{method} is not supported by the fake")),
            };
        }
    }

    private (HttpStatusCode, JsonNode) List(string resource, string? ns, string fieldSelector)
    {
        if (resource == "services") ServiceLists++;
        try
        {
            // An unknown field label is refused whether or not anything would match, as a real server does.
            MatchesFieldSelector(resource, new JsonObject { ["metadata"] = new JsonObject() }, fieldSelector);
        }
        catch (ArgumentException e)
        {
            return (HttpStatusCode.BadRequest, StatusBody(400, "BadRequest", $"Unable to find \"/v1, Resource={resource}\" that match label selector \"\", field selector \"{fieldSelector}\": {e.Message}"));
        }
        var items = new JsonArray();
        foreach (var (key, obj) in _objects.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!key.StartsWith(resource + "/", StringComparison.Ordinal)) continue;
            if (ns is not null && obj["metadata"]!["namespace"]?.GetValue<string>() != ns) continue;
            if (!MatchesFieldSelector(resource, obj, fieldSelector)) continue;
            items.Add(obj.DeepClone());
        }
        var listKind = KindOf(resource);
        return (HttpStatusCode.OK, new JsonObject
        {
            ["kind"] = listKind + "List",
            ["apiVersion"] = ApiVersionOf(resource),
            ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    }

    /// <summary>The field labels a real server accepts for a resource (Events: involvedObject.*, reason, type, source; others: metadata.*).</summary>
    private static string? FieldValue(string resource, JsonObject obj, string field) => (resource, field) switch
    {
        (_, "metadata.name") => obj["metadata"]!["name"]?.GetValue<string>(),
        (_, "metadata.namespace") => obj["metadata"]!["namespace"]?.GetValue<string>(),
        ("events", "reason" or "type" or "reportingComponent") => obj[field]?.GetValue<string>(),
        ("events", "source") => obj["source"]?["component"]?.GetValue<string>(),
        ("events", _) when field.StartsWith("involvedObject.", StringComparison.Ordinal) =>
            obj["involvedObject"]?[field["involvedObject.".Length..]]?.GetValue<string>(),
        _ => throw new ArgumentException($"field label not supported: {field}"),
    };

    private static bool MatchesFieldSelector(string resource, JsonObject obj, string selector)
    {
        if (string.IsNullOrEmpty(selector)) return true;
        foreach (var term in selector.Split(','))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var kv = term.Split(negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if ((FieldValue(resource, obj, kv[0]) == kv[1]) == negate) return false;
        }
        return true;
    }

    private (HttpStatusCode, JsonNode) GetOne(string resource, string? ns, string name)
    {
        if (!_objects.TryGetValue(Key(resource, ns, name), out var obj)) return NotFound(resource, ns, name);
        if (resource == "daemonsets") StepDaemonSetController(obj);
        if (resource == "daemonsets") ReplaceOnePod(obj);
        return (HttpStatusCode.OK, obj.DeepClone());
    }

    private (HttpStatusCode, JsonNode) Put(string resource, string? ns, string name, string body, string manager)
    {
        if (resource == "configmaps" && BeforeNextConfigMapWrite is { } hook)
        {
            BeforeNextConfigMapWrite = null;
            hook(this);
        }
        var key = Key(resource, ns, name);
        if (!_objects.TryGetValue(key, out var current)) return NotFound(resource, ns, name);
        var incoming = JsonNode.Parse(body)!.AsObject();
        var sent = incoming["metadata"]?["resourceVersion"]?.GetValue<string>();
        var have = current["metadata"]!["resourceVersion"]!.GetValue<string>();
        if (!string.IsNullOrEmpty(sent) && sent != have)
            return (HttpStatusCode.Conflict, StatusBody(409, "Conflict",
                $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"));
        incoming["metadata"]!["resourceVersion"] = NextVersion();
        incoming["metadata"]!["uid"] = current["metadata"]!["uid"]!.DeepClone();
        incoming["metadata"]!["creationTimestamp"] = current["metadata"]!["creationTimestamp"]!.DeepClone();
        Track(incoming, manager, "Update");
        _objects[key] = incoming;
        return (HttpStatusCode.OK, incoming.DeepClone());
    }

    private (HttpStatusCode, JsonNode) Create(string resource, string? ns, string body, string manager)
    {
        var incoming = JsonNode.Parse(body)!.AsObject();
        // A real server fills kind and apiVersion, and records the writer (clients often send neither).
        incoming["kind"] ??= KindOf(resource);
        incoming["apiVersion"] ??= ApiVersionOf(resource);
        var meta = incoming["metadata"]!.AsObject();
        var name = meta["name"]!.GetValue<string>();
        var key = Key(resource, ns, name);
        if (_objects.ContainsKey(key))
            return (HttpStatusCode.Conflict, StatusBody(409, "AlreadyExists", $"{resource} \"{name}\" already exists"));
        meta["namespace"] = ns;
        meta["resourceVersion"] = NextVersion();
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = "2026-01-01T00:00:00Z";
        meta["managedFields"] ??= new JsonArray(ManagedFieldsEntry(incoming, manager, "Update"));
        _objects[key] = incoming;
        if (resource == "pods")
        {
            AdmitPod?.Invoke(incoming);
            PodsCreated.Add((JsonObject)incoming.DeepClone());
            StartPod(key, incoming);
        }
        return (HttpStatusCode.Created, incoming.DeepClone());
    }

    private (HttpStatusCode, JsonNode) Patch(string resource, string? ns, string name, string contentType, string body, string manager)
    {
        PatchContentTypes.Add(contentType);
        if (resource == "configmaps" && BeforeNextConfigMapWrite is { } hook)
        {
            BeforeNextConfigMapWrite = null;
            hook(this);
        }
        // Strategic merge exists only for built-in kinds; JSON merge patch (RFC 7386) for every kind. For maps the two agree,
        // and no patch this project sends touches a list.
        bool strategic = contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal);
        bool merge = contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal);
        if (!(merge || (strategic && !IsCustom(resource))))
            return (HttpStatusCode.UnsupportedMediaType, StatusBody(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml{(IsCustom(resource) ? "" : ", application/strategic-merge-patch+json")} (got {contentType})"));
        var key = Key(resource, ns, name);
        if (!_objects.TryGetValue(key, out var current)) return NotFound(resource, ns, name);
        JsonObject patch;
        try
        {
            patch = JsonNode.Parse(body)!.AsObject();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return (HttpStatusCode.BadRequest, StatusBody(400, "BadRequest", $"error decoding patch: {e.Message}"));
        }
        // A resourceVersion in the patch is a precondition, as on a real server: a stale one is a conflict.
        var sent = patch["metadata"]?["resourceVersion"]?.GetValue<string>();
        var have = current["metadata"]!["resourceVersion"]!.GetValue<string>();
        if (!string.IsNullOrEmpty(sent) && sent != have)
            return (HttpStatusCode.Conflict, StatusBody(409, "Conflict",
                $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again"));
        if (patch["metadata"] is JsonObject pm && (pm["uid"] is not null && pm["uid"]!.GetValue<string>() != current["metadata"]!["uid"]!.GetValue<string>()))
            return (HttpStatusCode.Conflict, StatusBody(409, "Conflict", $"Precondition failed: UID in precondition: {pm["uid"]}, UID in object meta: {current["metadata"]!["uid"]}"));
        var before = current["spec"]?.ToJsonString();
        var candidate = (JsonObject)current.DeepClone();
        Merge(candidate, patch);
        if (Validate(resource, candidate) is { } invalid) return (HttpStatusCode.UnprocessableEntity, StatusBody(422, "Invalid", invalid));
        candidate["metadata"]!["resourceVersion"] = NextVersion();
        if (resource == "daemonsets" && candidate["spec"]?.ToJsonString() != before)
        {
            candidate["metadata"]!["generation"] = Num(candidate["metadata"]!["generation"]) + 1;
            candidate["status"]!["updatedNumberScheduled"] = 0;
        }
        Track(candidate, manager, "Update");
        _objects[key] = candidate;
        return (HttpStatusCode.OK, candidate.DeepClone());
    }

    /// <summary>What the API server's validation refuses in the few kinds this project writes.</summary>
    private static string? Validate(string resource, JsonObject obj)
    {
        if (resource != "configmaps") return null;
        foreach (var (k, v) in obj["data"]?.AsObject() ?? [])
        {
            if (v is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
                return $"ConfigMap \"{obj["metadata"]!["name"]}\" is invalid: data[{k}]: Invalid value: a string is required";
        }
        return null;
    }

    /// <summary>The managedFields entry the server keeps for one manager: the object's fields in FieldsV1 form.</summary>
    /// <param name="time">When the write happened; the server stamps the entry with the time of the write (RFC 3339, seconds).</param>
    private static JsonObject ManagedFieldsEntry(JsonObject obj, string manager, string operation, string time = "2026-01-01T00:00:00Z") => new()
    {
        ["manager"] = manager,
        ["operation"] = operation,
        ["apiVersion"] = obj["apiVersion"]?.DeepClone(),
        ["time"] = time,
        ["fieldsType"] = "FieldsV1",
        ["fieldsV1"] = FieldsV1(obj, depth: 0),
    };

    private static JsonObject FieldsV1(JsonObject obj, int depth)
    {
        var fields = new JsonObject();
        if (depth > 0) fields["."] = new JsonObject();
        foreach (var (k, v) in obj)
        {
            if (depth == 0 && k is "apiVersion" or "kind" or "status") continue;
            if (depth == 1 && k is "resourceVersion" or "uid" or "creationTimestamp" or "managedFields" or "generation" or "name" or "namespace") continue;
            fields[$"f:{k}"] = v is JsonObject child && depth < 3 ? FieldsV1(child, depth + 1) : new JsonObject();
        }
        return fields;
    }

    /// <summary>Records a write by <paramref name="manager"/> in managedFields, as the server does on every write.</summary>
    private static void Track(JsonObject obj, string manager, string operation)
    {
        var meta = obj["metadata"]!.AsObject();
        var list = meta["managedFields"] as JsonArray ?? new JsonArray();
        var mine = list.OfType<JsonObject>().FirstOrDefault(e => e["manager"]?.GetValue<string>() == manager && e["operation"]?.GetValue<string>() == operation);
        if (mine is not null) list.Remove(mine);
        list.Add(ManagedFieldsEntry(obj, manager, operation, Now()));
        meta["managedFields"] = list;
    }

    /// <summary>The field manager the server derives from the User-Agent when none is given: its product name.</summary>
    private static string FieldManagerFromUserAgent(string userAgent) =>
        userAgent.Split('/', ' ')[0] is { Length: > 0 } product ? product : "unknown";

    private static bool IsCustom(string resource) => !BuiltIn.Contains(resource);

    /// <summary>Strategic merge for maps: objects merge key by key, null deletes, anything else replaces.</summary>
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (k, v) in patch.ToList())
        {
            if (v is null) target.Remove(k);
            else if (v is JsonObject po && target[k] is JsonObject to) Merge(to, po);
            else target[k] = v.DeepClone();
        }
    }

    /// <summary>One step of the DaemonSet controller per read: observe the new generation, then update one pod at a time.</summary>
    private static void StepDaemonSetController(JsonObject ds)
    {
        var status = ds["status"]!.AsObject();
        var generation = Num(ds["metadata"]!["generation"]);
        var desired = (int)Num(status["desiredNumberScheduled"]);
        if (Num(status["observedGeneration"]) < generation)
        {
            status["observedGeneration"] = generation;
            return;
        }
        var updated = status["updatedNumberScheduled"] is null ? desired : (int)Num(status["updatedNumberScheduled"]);
        if (updated < desired) updated++;
        status["updatedNumberScheduled"] = updated;
        status["numberAvailable"] = updated < desired ? desired - 1 : desired;
    }

    /// <summary>
    /// The DaemonSet controller's pod replacement: while fewer pods carry the DaemonSet's current generation (label
    /// <c>pod-template-generation</c>) than its status counts as updated, one old pod is deleted and a new one made, with a
    /// new name and uid and its containers started now. Pods that a fixture does not give are not invented.
    /// </summary>
    private void ReplaceOnePod(JsonObject ds)
    {
        var (ns, name) = (ds["metadata"]!["namespace"]!.GetValue<string>(), ds["metadata"]!["name"]!.GetValue<string>());
        var generation = Num(ds["metadata"]!["generation"]).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var owned = _objects.Where(kv => kv.Key.StartsWith($"pods/{ns}/", StringComparison.Ordinal)
                && kv.Value["metadata"]!["ownerReferences"] is JsonArray refs
                && refs.OfType<JsonObject>().Any(r => r["kind"]?.GetValue<string>() == "DaemonSet" && r["name"]?.GetValue<string>() == name))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var current = owned.Count(kv => Label(kv.Value, "pod-template-generation") == generation);
        var updated = (int)Num(ds["status"]!["updatedNumberScheduled"]);
        var old = owned.FirstOrDefault(kv => Label(kv.Value, "pod-template-generation") != generation);
        if (current >= updated || old.Value is null) return;
        _objects.Remove(old.Key);
        var pod = (JsonObject)old.Value.DeepClone();
        var meta = pod["metadata"]!.AsObject();
        var fresh = $"{name}-{Guid.NewGuid().ToString("N")[..5]}";
        meta["name"] = fresh;
        meta["uid"] = Guid.NewGuid().ToString();
        meta["resourceVersion"] = NextVersion();
        meta["creationTimestamp"] = Now();
        meta["labels"]!["pod-template-generation"] = generation;
        foreach (var status in pod["status"]?["containerStatuses"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            status["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Now() } };
            status["restartCount"] = 0;
        }
        _objects[Key("pods", ns, fresh)] = pod;
    }

    private static string? Label(JsonObject obj, string key) => obj["metadata"]?["labels"]?[key]?.GetValue<string>();

    /// <summary>The time a real server writes in managedFields and startedAt: UTC, whole seconds.</summary>
    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A JSON number as written, whichever CLR type the node was built from.</summary>
    private static long Num(JsonNode? n) => n is null ? 0 : long.Parse(n.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private (HttpStatusCode, JsonNode) NotFound(string resource, string? ns, string name) =>
        (HttpStatusCode.NotFound, StatusBody(404, "NotFound", $"{resource} \"{name}\" not found"));

    /// <summary>The API server's 403 Status (RBAC authorizer's wording): <c>nodes is forbidden: User "tester" cannot list resource "nodes" in API group "" at the cluster scope</c>.</summary>
    private static (HttpStatusCode, JsonNode) Forbidden(string group, string verb, string resource, string? ns, string? name) =>
        (HttpStatusCode.Forbidden, StatusBody(403, "Forbidden",
            $"{resource}{(group.Length == 0 ? "" : $".{group}")}{(name is null ? "" : $" \"{name}\"")} is forbidden: User \"tester\" cannot {verb} resource \"{resource}\" in API group \"{group}\"{(ns is null ? " at the cluster scope" : $" in the namespace \"{ns}\"")}"));

    private static JsonObject StatusBody(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private string NextVersion() => (++_resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Key(string resource, string? ns, string name) => $"{resource}/{ns ?? ""}/{name}";

    /// <summary>Resources every API server serves; any other is a custom resource, 404 until its CRD is installed.</summary>
    private static readonly HashSet<string> BuiltIn =
    [
        "configmaps", "daemonsets", "deployments", "nodes", "services", "events", "pods", "leases", "endpoints", "endpointslices",
        "namespaces", "customresourcedefinitions",
    ];

    private readonly Dictionary<string, (string Kind, string ApiVersion)> _kinds = new(StringComparer.Ordinal);

    /// <summary>The plural resource name the API server uses for a kind (lower case, English plural).</summary>
    public static string ResourceOf(string kind)
    {
        var lower = kind.ToLowerInvariant();
        return lower switch
        {
            "endpoints" => lower,
            _ when lower.EndsWith('s') => lower + "es",
            _ when lower.EndsWith('y') => lower[..^1] + "ies",
            _ => lower + "s",
        };
    }

    private string KindOf(string resource) => _kinds.TryGetValue(resource, out var k) ? k.Kind
        : Served.FirstOrDefault(r => r.Resource == resource).Kind ?? resource;

    private string ApiVersionOf(string resource) => _kinds.TryGetValue(resource, out var k) ? k.ApiVersion
        : Served.FirstOrDefault(r => r.Resource == resource) is { Kind: not null } r ? (r.Group.Length == 0 ? r.Version : $"{r.Group}/{r.Version}")
        : IsCustom(resource) ? "metallb.io/v1beta1" : "v1";
}

/// <summary>What the pod proxy was asked for: the Pod, the port after its name, and the path after <c>/proxy</c>.</summary>
public sealed record AgentPodTarget(string Namespace, string Pod, int Port, string Path);
