using System.Runtime.InteropServices;

namespace ArpDoctor.Linux.Processes;

/// <summary>
/// Replaces the running program with another one (<c>execv</c>): the same process, PID, standard streams
/// and signals, and the new program's exit code is the process's. No child is left to wait for.
/// </summary>
public static partial class ProcessImage
{
    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="args"/> in place of this program. Returns only when
    /// that fails, with the reason (<c>No such file or directory</c>, <c>Permission denied</c>).
    /// </summary>
    public static unsafe string Replace(string path, IReadOnlyList<string> args)
    {
        // argv: the program, its arguments, a null pointer.
        var argv = new nint[args.Count + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(path);
            for (int i = 0; i < args.Count; i++)
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            fixed (nint* pointers = argv)
                execv(path, pointers);
            return Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }
        finally
        {
            foreach (var p in argv)
                if (p != 0) Marshal.FreeCoTaskMem(p);
        }
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int execv(string path, nint* argv);
}
