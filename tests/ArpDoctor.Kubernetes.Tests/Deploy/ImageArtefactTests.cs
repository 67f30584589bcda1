using System.Net;
using System.Text.RegularExpressions;
using ArpDoctor.Kubernetes.Tests.Fakes;
using ArpDoctor.Linux.Processes;
using ArpDoctor.TestKit;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Deploy;

/// <summary>
/// The artefact the Dockerfile ships, built by the Dockerfile's own publish command, started as the DaemonSet starts it:
/// UID/GID 65532, an empty environment (no HOME), only the file capability cap_net_raw, with / and /tmp mounted read-only.
/// It must answer /healthz. (The earlier bundle extracted its native libraries at start-up and could not start so.)
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

    /// <summary>The Dockerfile's publish and clean-up command, for <paramref name="rid"/>, writing to <paramref name="output"/>.</summary>
    internal static string PublishCommand(string rid, string output)
    {
        var dockerfile = File.ReadAllText(Path.Combine(YamlDocs.RepoRoot, "Dockerfile")).Replace("\\\n", " ", StringComparison.Ordinal);
        var line = dockerfile.Split('\n').Single(l => l.Contains("dotnet publish", StringComparison.Ordinal));
        var command = line[(line.IndexOf("dotnet publish", StringComparison.Ordinal))..];
        return Regex.Replace(command.Replace("\"$RID\"", rid, StringComparison.Ordinal), @"(?<=\s)/out(?=[\s/])", output);
    }

    [SkippableFact]
    public async Task The_shipped_artefact_answers_healthz_as_65532_with_no_HOME_on_a_read_only_root()
    {
        Requirements.Lab();
        Requirements.Tool("setpriv");
        Requirements.Tool("setcap");
        Requirements.Tool("unshare");
        var dir = Directory.CreateTempSubdirectory("arpdoctor-image-").FullName;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var output = Path.Combine(dir, "out");
        // The Dockerfile's build context, copied as its COPY lines copy it (the sources without build outputs): building
        // in the checkout itself would rewrite the bin/ folders other test projects are being built from.
        var context = Path.Combine(dir, "src-context");
        CommandRunner.RunChecked("mkdir", "-p", context);
        CommandRunner.RunChecked("bash", "-c",
            $"cd '{YamlDocs.RepoRoot}' && cp global.json Directory.Build.props Directory.Packages.props ArpDoctor.sln '{context}/' " +
            $"&& tar --exclude=bin --exclude=obj -cf - src | tar -xf - -C '{context}'");
        var publish = CommandRunner.Run("bash", ["-c", $"cd '{context}' && {PublishCommand("linux-x64", output).Replace("dotnet publish", "dotnet publish -nologo -v quiet", StringComparison.Ordinal)}"], TimeSpan.FromMinutes(10));
        Assert.True(publish.Succeeded, publish.StandardOutput + publish.StandardError);
        Assert.False(File.Exists(Path.Combine(output, "libSkiaSharp.so")), "the agent's image carries no plotting libraries");
        CommandRunner.RunChecked("setcap", "cap_net_raw+ep", Path.Combine(output, "arpdoctor"));

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
                $"'{Path.Combine(output, "arpdoctor")}' agent -i eth0 --node n1 --listen {AgentAddress}:{Port} --kubeconfig '{kubeconfig}'";
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
