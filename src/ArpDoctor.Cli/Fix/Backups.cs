using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ArpDoctor.Core.Cluster;

namespace ArpDoctor.Cli.Fix;

/// <summary>Where a backup was taken: the object's uid, the API server and the kubeconfig context. Empty strings in a backup that did not record them.</summary>
public sealed record BackupOrigin(string Uid, string Server, string Context);

/// <summary>
/// The backup of a ConfigMap, as a <c>kubectl get -o json</c>-shaped file (so <c>kubectl apply -f</c>
/// would also read it). Written to a temporary file and renamed, so a backup is never half-written.
/// </summary>
public static class Backups
{
    /// <summary>The XDG state directory's <c>arpdoctor/backups</c>: <c>$XDG_STATE_HOME</c>, else <c>~/.local/state</c>.</summary>
    public static string DefaultDirectory()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (string.IsNullOrEmpty(state) || !Path.IsPathRooted(state))
            state = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "arpdoctor", "backups");
    }

    /// <summary>Annotations of the backup file (not of the object) that say where it was taken; a rollback checks them.</summary>
    public const string ServerAnnotation = "arpdoctor.io/backup-server", ContextAnnotation = "arpdoctor.io/backup-context";

    /// <summary>
    /// Writes the backup into <paramref name="directory"/>, creating it (mode 0700) when it does not exist yet. The file
    /// carries the object's uid (as <c>kubectl get</c> does) and, as annotations, the server and context it was read from.
    /// </summary>
    public static string Write(string directory, ConfigMapSnapshot cm, DateTimeOffset now, string server, string context)
    {
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var json = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = cm.Name,
                ["namespace"] = cm.Namespace,
                ["resourceVersion"] = cm.ResourceVersion,
                ["uid"] = cm.Uid,
                ["labels"] = ToJson(cm.Labels),
                ["annotations"] = ToJson(new Dictionary<string, string>(cm.Annotations) { [ServerAnnotation] = server, [ContextAnnotation] = context }),
            },
            ["data"] = ToJson(cm.Data),
        };
        var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var path = Path.GetFullPath(Path.Combine(directory, $"{cm.Name}.{cm.Namespace}.rv{cm.ResourceVersion}.{stamp}.json"));
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                    json.WriteTo(writer);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return path;
    }

    /// <summary>Reads a backup; <c>false</c> with a one-line reason when it is not one.</summary>
    public static bool TryRead(string path, out ConfigMapSnapshot cm, out BackupOrigin origin, out string error)
    {
        origin = new BackupOrigin("", "", "");
        cm = new ConfigMapSnapshot("", "", "", new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());
        error = "";
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            error = e is JsonException ? $"{path} is not JSON: {e.Message.Split('\n')[0]}" : $"cannot read {path}: {e.Message.Split('\n')[0]}";
            return false;
        }
        if (root is not JsonObject || root["kind"] is not JsonValue kind || kind.GetValueKind() != JsonValueKind.String || kind.GetValue<string>() != "ConfigMap"
            || root["metadata"]?["name"] is null || root["data"] is not JsonObject data)
        {
            error = $"{path} is not a ConfigMap backup (expected kind ConfigMap with metadata.name and data)";
            return false;
        }
        try
        {
            var meta = root["metadata"]!;
            var annotations = FromJson(meta["annotations"]);
            origin = new BackupOrigin(meta["uid"]?.GetValue<string>() ?? "",
                annotations.GetValueOrDefault(ServerAnnotation, ""), annotations.GetValueOrDefault(ContextAnnotation, ""));
            annotations.Remove(ServerAnnotation);
            annotations.Remove(ContextAnnotation);
            cm = new ConfigMapSnapshot(
                meta["namespace"]?.GetValue<string>() ?? "default",
                meta["name"]!.GetValue<string>(),
                meta["resourceVersion"]?.GetValue<string>() ?? "",
                data.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? ""),
                FromJson(meta["labels"]), annotations);
            return true;
        }
        catch (InvalidOperationException e)
        {
            error = $"{path}: a value is not a string: {e.Message.Split('\n')[0]}";
            return false;
        }
    }

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[k] = v;
        return o;
    }

    private static Dictionary<string, string> FromJson(JsonNode? node) =>
        node is JsonObject o ? o.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "") : [];
}
