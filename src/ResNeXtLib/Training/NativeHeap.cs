using System.Runtime.InteropServices;

namespace ResNeXtLib.Training;

/// <summary>Returns memory that the C allocator keeps but no tensor uses to the operating system.</summary>
/// <remarks>
/// libtorch allocates tensors with glibc's malloc, which keeps freed blocks for reuse. Between epochs that can
/// leave the resident size of a training process 50 to 100 MiB above what it uses, varying from epoch to epoch.
/// glibc's <c>malloc_trim(0)</c> releases those pages. Elsewhere (Windows, macOS, musl-based Linux) this does nothing.
/// </remarks>
internal static class NativeHeap
{
    private static bool unavailable;

    /// <summary>Calls glibc's <c>malloc_trim(0)</c> on Linux; returns false where it is not available.</summary>
    public static bool ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux() || unavailable)
        {
            return false;
        }

        try
        {
            MallocTrim(0);
            return true;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return false;
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
