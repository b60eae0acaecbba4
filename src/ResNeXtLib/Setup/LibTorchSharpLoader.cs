using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ResNeXtLib.Setup;

/// <summary>What <see cref="LibTorchSharpLoader.EnsureLoadable"/> did.</summary>
public enum NativeLoadAction
{
    /// <summary>Not Linux, or the system's libstdc++ has every version TorchSharp needs: TorchSharp loads as usual.</summary>
    NothingNeeded,

    /// <summary>A copy of libLibTorchSharp.so with the missing marker version made weak was written and loaded.</summary>
    LoadedPatchedCopy,

    /// <summary>An earlier call in this process already loaded the patched copy.</summary>
    AlreadyLoaded,
}

/// <summary>Outcome of <see cref="LibTorchSharpLoader.EnsureLoadable"/>, with the log line it printed (if any).</summary>
public sealed record NativeLoadResult(NativeLoadAction Action, string? PatchedCopyPath, string? Message);

/// <summary>
/// Makes TorchSharp's native library load on Linux systems whose libstdc++ is older than the one
/// TorchSharp 0.107.0 was linked against (Debian 12, Ubuntu 22.04).
/// </summary>
/// <remarks>
/// libLibTorchSharp.so from TorchSharp 0.107.0 requires the symbol version GLIBCXX_3.4.32 (GCC 13's
/// libstdc++), which only binds <c>std::ios_base_library_init</c>, a link-time marker that no relocation
/// uses. Debian 12 ships libstdc++ up to GLIBCXX_3.4.30, so dlopen rejects the file. This class writes a
/// copy of the file, with VER_FLG_WEAK set on its GLIBCXX_3.4.32 requirement, into the user's cache folder.
/// It loads libtorch from its package folder and then the copy. TorchSharp's own lookup of "LibTorchSharp"
/// then finds the already-loaded library by its soname. The NuGet cache is never modified.
/// This must run before any member of <c>TorchSharp.torch</c> is touched: the static constructor of
/// that class loads the native library once, and a failure there is final for the process.
/// </remarks>
public static class LibTorchSharpLoader
{
    /// <summary>Symbol versions known to be link-time markers only, which are safe to make weak.</summary>
    public static readonly IReadOnlySet<string> MarkerVersions = new HashSet<string>(StringComparer.Ordinal) { "GLIBCXX_3.4.32" };

    private const string LibraryFileName = "libLibTorchSharp.so";
    private const string StandardLibrarySoname = "libstdc++.so.6";

    private static readonly object Gate = new();
    private static NativeLoadResult? completed;

    /// <summary>
    /// Loads a patched copy of libLibTorchSharp.so when this system's libstdc++ lacks a marker version the
    /// original requires, and prints one line saying so; elsewhere it does nothing. Safe to call repeatedly.
    /// </summary>
    /// <exception cref="FileNotFoundException">TorchSharp's native files are not where the package puts them.</exception>
    /// <exception cref="PlatformNotSupportedException">The system's libstdc++ lacks a version that real code uses.</exception>
    public static NativeLoadResult EnsureLoadable(TextWriter? log = null)
    {
        lock (Gate)
        {
            if (completed is { Action: NativeLoadAction.LoadedPatchedCopy or NativeLoadAction.AlreadyLoaded })
            {
                return completed with { Action = NativeLoadAction.AlreadyLoaded, Message = null };
            }

            if (completed is not null)
            {
                return completed;
            }

            completed = LoadIfNeeded(log ?? Console.Out);
            return completed;
        }
    }

    private static NativeLoadResult LoadIfNeeded(TextWriter log)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new NativeLoadResult(NativeLoadAction.NothingNeeded, null, null);
        }

        var torchSharpAssembly = typeof(TorchSharp.torch).Assembly;
        string originalPath = FindLibTorchSharp(torchSharpAssembly);
        byte[] original = File.ReadAllBytes(originalPath);

        string standardLibraryPath = FindLoadedStandardLibrary();
        var provided = ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(standardLibraryPath), standardLibraryPath);
        var missing = ElfSymbolVersions.ReadVersionNeeds(original, originalPath)
            .Where(need => need.Library == StandardLibrarySoname && !need.IsWeak && !provided.Contains(need.Version))
            .Select(need => need.Version)
            .ToHashSet(StringComparer.Ordinal);

        if (missing.Count == 0)
        {
            return new NativeLoadResult(NativeLoadAction.NothingNeeded, null, null);
        }

        var unsafeToWeaken = missing.Except(MarkerVersions).ToList();
        if (unsafeToWeaken.Count > 0)
        {
            throw new PlatformNotSupportedException(
                $"TorchSharp's {originalPath} needs {string.Join(", ", unsafeToWeaken)} from libstdc++, which {standardLibraryPath} does not provide. " +
                "Use a system with GCC 13's libstdc++ or newer (Ubuntu 24.04, Debian 13, Fedora 39+) or the workbook's dev container.");
        }

        var (patched, _) = ElfSymbolVersions.MarkWeak(original, StandardLibrarySoname, missing, originalPath);
        string patchedPath = WritePatchedCopy(patched);

        string torchDirectory = FindLibTorchDirectory(originalPath, torchSharpAssembly);
        NativeLibrary.Load(Path.Combine(torchDirectory, "libtorch.so"));
        NativeLibrary.Load(patchedPath);

        string message =
            $"ResNeXtLib: this system's libstdc++ lacks {string.Join(", ", missing)}, which TorchSharp only uses as a link-time marker; " +
            $"loaded a copy of {LibraryFileName} with that requirement marked weak from {patchedPath}.";
        log.WriteLine(message);
        return new NativeLoadResult(NativeLoadAction.LoadedPatchedCopy, patchedPath, message);
    }

    private static string FindLibTorchSharp(Assembly torchSharpAssembly)
    {
        string rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm64", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";
        string assemblyDirectory = Path.GetDirectoryName(torchSharpAssembly.Location) ?? AppContext.BaseDirectory;
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, LibraryFileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", LibraryFileName),
            Path.Combine(assemblyDirectory, LibraryFileName),

            // In a notebook TorchSharp.dll is loaded from the NuGet cache: packages/torchsharp/<version>/lib/net8.0/.
            Path.GetFullPath(Path.Combine(assemblyDirectory, "..", "..", "runtimes", rid, "native", LibraryFileName)),
        };

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                $"TorchSharp's native library {LibraryFileName} was not found; looked in: {string.Join(", ", candidates)}. " +
                "Reference the package TorchSharp-cpu 0.107.0 (in a notebook: #r \"nuget: TorchSharp-cpu, 0.107.0\") and restore again.",
                LibraryFileName);
    }

    private static string FindLibTorchDirectory(string libTorchSharpPath, Assembly torchSharpAssembly)
    {
        string sameDirectory = Path.GetDirectoryName(libTorchSharpPath)!;
        if (File.Exists(Path.Combine(sameDirectory, "libtorch.so")))
        {
            return sameDirectory;
        }

        // The notebook layout: libtorch is in its own package, packages/libtorch-cpu-<rid>/<version>/runtimes/<rid>/native/.
        string assemblyDirectory = Path.GetDirectoryName(torchSharpAssembly.Location)!;
        string packagesRoot = Path.GetFullPath(Path.Combine(assemblyDirectory, "..", "..", "..", ".."));
        string rid = Path.GetFileName(Path.GetDirectoryName(sameDirectory)!);
        string libTorchVersion = ReadLibTorchPackageVersion(torchSharpAssembly);
        string packageDirectory = Path.Combine(packagesRoot, $"libtorch-cpu-{rid}");

        var found = Directory.Exists(packageDirectory)
            ? Directory.GetDirectories(packageDirectory)
                .Where(versionDirectory => libTorchVersion.StartsWith(Path.GetFileName(versionDirectory), StringComparison.Ordinal))
                .Select(versionDirectory => Path.Combine(versionDirectory, "runtimes", rid, "native"))
                .FirstOrDefault(native => File.Exists(Path.Combine(native, "libtorch.so")))
            : null;

        return found ?? throw new FileNotFoundException(
            $"libtorch.so for libtorch {libTorchVersion} was not found next to {libTorchSharpPath} or under {packageDirectory}. " +
            "Reference the package TorchSharp-cpu 0.107.0 (in a notebook: #r \"nuget: TorchSharp-cpu, 0.107.0\") and restore again.",
            "libtorch.so");
    }

    // Reading a constant through reflection does not run torch's static constructor, which would load the native library.
    private static string ReadLibTorchPackageVersion(Assembly torchSharpAssembly) =>
        torchSharpAssembly.GetType("TorchSharp.torch")?
            .GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static)?
            .GetRawConstantValue() as string
        ?? "2.10.0.0";

    private static string FindLoadedStandardLibrary()
    {
        NativeLibrary.Load(StandardLibrarySoname);
        foreach (string line in File.ReadLines("/proc/self/maps"))
        {
            int pathStart = line.IndexOf('/');
            if (pathStart >= 0 && Path.GetFileName(line[pathStart..]).StartsWith("libstdc++.so.6", StringComparison.Ordinal))
            {
                return line[pathStart..].Trim();
            }
        }

        throw new FileNotFoundException($"{StandardLibrarySoname} was loaded but does not appear in /proc/self/maps.", StandardLibrarySoname);
    }

    private static string WritePatchedCopy(byte[] patched)
    {
        string hash = Convert.ToHexString(SHA256.HashData(patched))[..16].ToLowerInvariant();
        string directory = Path.Combine(WorkbookPaths.CacheRoot, "native", hash);
        string path = Path.Combine(directory, LibraryFileName);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(patched))
        {
            return path;
        }

        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $"{LibraryFileName}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, patched);
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
