using System.Net;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// The artefact the Dockerfile ships: the native AOT executable scripts/publish-native.sh builds, alone, started as the
/// DaemonSet starts it: UID/GID 65532, an empty environment (no HOME), only the file capability cap_net_raw, with / and
/// /tmp mounted read-only. It must answer /healthz. The executable comes from <c>ARPDOCTOR_NATIVE_EXE</c> (.ci/run
/// publishes it once with the same script), as publishing native AOT takes minutes.
/// <code>
///   lab segment   n1 eth0 192.0.2.11 (the agent probes here)
///   API link      test process 198.51.100.245/30 (fake API) ── veth ── n1 img0 198.51.100.246/30 (agent, /healthz on :19465)
/// </code>
/// </summary>
[Collection("lab")]
public sealed class ImageArtefactTests
{
    private static readonly IPAddress ApiAddress = IPAddress.Parse("198.51.100.245");
    private const string AgentAddress = "198.51.100.246";
    private const int Port = 19465;

    [Fact]
    public void The_Dockerfile_builds_the_image_binary_with_publish_native_for_the_target_architecture_and_ships_only_it()
    {
        var dockerfile = File.ReadAllText(Path.Combine(YamlDocs.RepoRoot, "Dockerfile"));
        Assert.Contains("RUN scripts/publish-native.sh /out linux-$([ \"$TARGETARCH\" = arm64 ] && echo arm64 || echo x64)", dockerfile, StringComparison.Ordinal);
        Assert.Contains("install -D -m 0755 /mnt/out/arpdoctor /usr/local/bin/arpdoctor", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("cp -a /mnt/out", dockerfile, StringComparison.Ordinal);
        Assert.Contains("-p:PublishAot=true", File.ReadAllText(Path.Combine(YamlDocs.RepoRoot, "scripts", "publish-native.sh")), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_native_image_binary_alone_answers_healthz_as_65532_with_no_HOME_on_a_read_only_root()
    {
        Requirements.Lab();
        Requirements.Tool("setpriv");
        Requirements.Tool("setcap");
        Requirements.Tool("unshare");
        var native = Requirements.NativeExecutable();
        var dir = Directory.CreateTempSubdirectory("arpdoctor-image-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        // Only the executable, as the Dockerfile copies it: no plotting libraries, symbols or assemblies beside it.
        var binary = Path.Combine(dir, "arpdoctor");
        CommandRunner.RunChecked("install", "-m", "0755", native, binary);
        CommandRunner.RunChecked("setcap", "cap_net_raw+ep", binary);

        using var lab = Labs.Create(1, Linux.Lab.LabMode.Loose, vips: 1);
        var hostEnd = $"adtimg{Environment.ProcessId}";
        var node1 = lab.Plan.NodeNamespace(1);
        try
        {
            CommandRunner.RunChecked("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", "img0", "netns", node1);
            CommandRunner.RunChecked("ip", "addr", "add", $"{ApiAddress}/30", "dev", hostEnd);
            CommandRunner.RunChecked("ip", "link", "set", hostEnd, "up");
            CommandRunner.RunChecked("ip", "-n", node1, "addr", "add", $"{AgentAddress}/30", "dev", "img0");
            CommandRunner.RunChecked("ip", "-n", node1, "link", "set", "img0", "up");
            await using var api = await FakeKubeApi.StartAsync(bind: ApiAddress);
            api.Add(Manifests.Node("n1", "192.0.2.11"));
            var kubeconfig = api.WriteKubeconfig(dir);

            // A mount namespace of its own where / and /tmp (the artefact's directory) are read-only, as readOnlyRootFilesystem
            // makes them; then UID 65532, an empty environment and only the binary's file capability.
            var start = "mount -o remount,bind,ro / && mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp && " +
                "exec setpriv --reuid 65532 --regid 65532 --clear-groups env -i DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 " +
                $"'{binary}' agent -i eth0 --node n1 --listen {AgentAddress}:{Port} --kubeconfig '{kubeconfig}'";
            using var agent = BackgroundArpdoctor.StartProgramIn(node1, "unshare", "--mount", "--propagation", "private", "sh", "-c", start);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            HttpStatusCode? status = null;
            for (int i = 0; i < 100 && status != HttpStatusCode.OK && !agent.HasExited; i++)
            {
                await Task.Delay(200);
                try { status = (await http.GetAsync($"http://{AgentAddress}:{Port}/healthz")).StatusCode; }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
            }
            Assert.True(status == HttpStatusCode.OK, $"/healthz: {status?.ToString() ?? "no answer"}\n{agent.Output}\n{agent.Error}");
            Assert.DoesNotContain("extract", agent.Error, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            CommandRunner.Run("ip", ["link", "del", hostEnd]);
            Directory.Delete(dir, recursive: true);
        }
    }
}
