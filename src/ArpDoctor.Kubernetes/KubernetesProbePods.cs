using System.Net;
using ArpDoctor.Core.Cluster;
using k8s;
using k8s.Models;

namespace ArpDoctor.Kubernetes;

/// <summary>A probe Pod to create: one container on one node's network, running one command.</summary>
/// <param name="ActiveDeadlineSeconds">The kubelet ends the Pod after this long, whatever happens to the client.</param>
public sealed record ProbePodSpec(string Namespace, string Name, string Node, string Image, IReadOnlyList<string> Command, int ActiveDeadlineSeconds);

/// <summary>How a probe Pod ended: its phase, its container's exit code when it terminated, and its log.</summary>
public sealed record ProbePodOutcome(string Phase, int? ExitCode, string? Reason);

/// <summary>
/// Short-lived probe Pods, as <c>kubectl debug node</c> makes them: pinned to the node by <c>nodeName</c> (no scheduler),
/// the node's network (<c>hostNetwork</c>), every taint tolerated, never restarted, bounded by
/// <c>activeDeadlineSeconds</c>; its one container drops every capability but adds NET_RAW back, and cannot gain more.
/// It needs pods create, get and delete and pods/log get in the Pod's namespace.
/// </summary>
public sealed class KubernetesProbePods(IKubernetes client, string server)
{
    public const string ContainerName = "probe";

    /// <summary>The probe Pods of the cluster behind <paramref name="api"/>; <c>null</c> when it is not a Kubernetes connection.</summary>
    public static KubernetesProbePods? Of(IClusterApi api) => api is KubernetesCluster k ? new KubernetesProbePods(k.Client, k.Server) : null;

    public static V1Pod Manifest(ProbePodSpec spec) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = spec.Name,
            NamespaceProperty = spec.Namespace,
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/name"] = "arpdoctor",
                ["app.kubernetes.io/component"] = "doctor-probe",
            },
        },
        Spec = new V1PodSpec
        {
            NodeName = spec.Node,
            HostNetwork = true,
            RestartPolicy = "Never",
            ActiveDeadlineSeconds = spec.ActiveDeadlineSeconds,
            TerminationGracePeriodSeconds = 0,
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            Tolerations = [new V1Toleration { OperatorProperty = "Exists" }],
            Containers =
            [
                new V1Container
                {
                    Name = ContainerName,
                    Image = spec.Image,
                    Command = [.. spec.Command],
                    ImagePullPolicy = "IfNotPresent",
                    SecurityContext = new V1SecurityContext
                    {
                        AllowPrivilegeEscalation = false,
                        Privileged = false,
                        ReadOnlyRootFilesystem = true,
                        Capabilities = new V1Capabilities { Drop = ["ALL"], Add = ["NET_RAW"] },
                    },
                    Resources = new V1ResourceRequirements
                    {
                        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("200m"), ["memory"] = new("128Mi") },
                        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("32Mi") },
                    },
                },
            ],
        },
    };

    public async Task CreateAsync(ProbePodSpec spec, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.CreateNamespacedPodAsync(Manifest(spec), spec.Namespace, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe($"create pod {spec.Namespace}/{spec.Name}", server, e, permission: $"create pods -n {spec.Namespace}");
        }
    }

    /// <summary>Polls the Pod every <paramref name="every"/> until it has ended (Succeeded or Failed); cancelled at the caller's deadline.</summary>
    public async Task<ProbePodOutcome> WaitEndedAsync(string ns, string name, TimeSpan every, TimeProvider time, CancellationToken ct)
    {
        while (true)
        {
            V1Pod pod;
            try
            {
                pod = await client.CoreV1.ReadNamespacedPodAsync(name, ns, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                throw ApiErrors.Describe($"get pod {ns}/{name}", server, e, permission: $"get pods -n {ns}");
            }
            var phase = pod.Status?.Phase ?? "Pending";
            if (phase is "Succeeded" or "Failed")
            {
                var terminated = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ContainerName)?.State?.Terminated;
                return new ProbePodOutcome(phase, terminated?.ExitCode, terminated?.Reason ?? pod.Status?.Reason);
            }
            await Task.Delay(every, time, ct).ConfigureAwait(false);
        }
    }

    public async Task<string> LogAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(name, ns, container: ContainerName, cancellationToken: ct).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            return await reader.ReadToEndAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe($"get the log of pod {ns}/{name}", server, e, permission: $"get pods/log -n {ns}");
        }
    }

    /// <summary>Deletes the Pod at once (grace period 0); one already gone is no error.</summary>
    public async Task DeleteAsync(string ns, string name, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(name, ns, gracePeriodSeconds: 0, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ApiErrors.IsStatus(e, HttpStatusCode.NotFound))
        {
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe($"delete pod {ns}/{name}", server, e, permission: $"delete pods -n {ns}");
        }
    }
}
