using ResNeXtLib.Setup;

namespace ResNeXtLib.Tests.Setup;

public class ElfSymbolVersionsTests
{
    private static readonly IReadOnlySet<string> Marker = new HashSet<string> { "GLIBCXX_3.4.32" };

    // A build without a runtime identifier puts native package files under runtimes/<rid>/native.
    private static byte[] ReadOutputFile(string name)
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, name),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", name),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-arm64", "native", name),
        ];
        return File.ReadAllBytes(candidates.First(File.Exists));
    }

    [LinuxFact]
    public void ReadVersionNeeds_LibTorchSharp_ListsMarkerVersion()
    {
        var needs = ElfSymbolVersions.ReadVersionNeeds(ReadOutputFile("libLibTorchSharp.so"));

        var marker = Assert.Single(needs, need => need.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", marker.Library);
        Assert.False(marker.IsWeak);
        Assert.Contains(needs, need => need.Library == "libc.so.6" && need.Version == "GLIBC_2.2.5");
    }

    [LinuxFact]
    public void MarkWeak_LibTorchSharp_SetsOnlyTheWeakFlag()
    {
        byte[] original = ReadOutputFile("libLibTorchSharp.so");

        var (patched, changed) = ElfSymbolVersions.MarkWeak(original, "libstdc++.so.6", Marker);

        Assert.Equal(1, changed);
        Assert.Equal(original.Length, patched.Length);
        var marker = ElfSymbolVersions.ReadVersionNeeds(patched).Single(need => need.Version == "GLIBCXX_3.4.32");
        Assert.True(marker.IsWeak);

        var differingOffsets = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var onlyDifference = Assert.Single(differingOffsets);
        Assert.Equal(marker.FlagsOffset, onlyDifference);
        Assert.Equal(original[onlyDifference] | ElfSymbolVersions.WeakFlag, patched[onlyDifference]);
    }

    [LinuxFact]
    public void MarkWeak_OtherVersionsKeepTheirFlags()
    {
        byte[] original = ReadOutputFile("libLibTorchSharp.so");

        var (patched, _) = ElfSymbolVersions.MarkWeak(original, "libstdc++.so.6", Marker);

        var before = ElfSymbolVersions.ReadVersionNeeds(original).Where(need => need.Version != "GLIBCXX_3.4.32");
        var after = ElfSymbolVersions.ReadVersionNeeds(patched).Where(need => need.Version != "GLIBCXX_3.4.32");
        Assert.Equal(before, after);
    }

    [LinuxFact]
    public void MarkWeak_FileWithoutThatNeed_LeftAlone()
    {
        byte[] original = ReadOutputFile("libc10.so");
        Assert.DoesNotContain(ElfSymbolVersions.ReadVersionNeeds(original), need => need.Version == "GLIBCXX_3.4.32");

        var (patched, changed) = ElfSymbolVersions.MarkWeak(original, "libstdc++.so.6", Marker);

        Assert.Equal(0, changed);
        Assert.Equal(original, patched);
    }

    [LinuxFact]
    public void MarkWeak_AlreadyPatched_ChangesNothing()
    {
        var (once, _) = ElfSymbolVersions.MarkWeak(ReadOutputFile("libLibTorchSharp.so"), "libstdc++.so.6", Marker);

        var (twice, changed) = ElfSymbolVersions.MarkWeak(once, "libstdc++.so.6", Marker);

        Assert.Equal(0, changed);
        Assert.Equal(once, twice);
    }

    [LinuxFact]
    public void ReadVersionDefinitions_SystemLibstdcxx_HasBaseVersion()
    {
        string? libstdcxx = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        Assert.NotNull(libstdcxx);

        var versions = ElfSymbolVersions.ReadVersionDefinitions(File.ReadAllBytes(libstdcxx!));

        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [LinuxFact]
    public void ReadVersionNeeds_NotElf_NamesFile()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadVersionNeeds("not an elf file at all, just text......................................."u8.ToArray(), "notes.txt"));

        Assert.Contains("notes.txt", error.Message);
        Assert.Contains("not an ELF file", error.Message);
    }

    [LinuxFact]
    public void ReadVersionNeeds_TruncatedElf_NamesFile()
    {
        byte[] truncated = ReadOutputFile("libLibTorchSharp.so")[..4096];

        var error = Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadVersionNeeds(truncated, "cut.so"));

        Assert.Contains("cut.so", error.Message);
        Assert.Contains("truncated", error.Message);
    }
}
