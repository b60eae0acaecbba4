using ResNeXtLib.Setup;
using TorchSharp;

namespace ResNeXtLib.Tests.Setup;

public class LibTorchSharpLoaderTests
{
    [Fact]
    public void Initialize_ThenTensorMath_Works()
    {
        WorkbookSetup.Initialize();

        using var sum = torch.ones(2, 3).sum();

        Assert.Equal(6f, sum.item<float>());
    }

    [Fact]
    public void Initialize_CalledTwice_PrintsNothingNew()
    {
        WorkbookSetup.Initialize();
        var log = new StringWriter();

        var result = WorkbookSetup.Initialize(log);

        Assert.NotEqual(NativeLoadAction.LoadedPatchedCopy, result.Action);
        Assert.Equal(string.Empty, log.ToString());
    }

    [LinuxFact]
    public void PatchedCopy_LivesOutsideNuGetCache()
    {
        var result = WorkbookSetup.Initialize();
        if (result.PatchedCopyPath is null)
        {
            Assert.Equal(NativeLoadAction.NothingNeeded, result.Action);
            return;
        }

        Assert.StartsWith(WorkbookPaths.CacheRoot, result.PatchedCopyPath);
        Assert.DoesNotContain(".nuget", result.PatchedCopyPath);
        var marker = ElfSymbolVersions.ReadVersionNeeds(File.ReadAllBytes(result.PatchedCopyPath)).Single(need => need.Version == "GLIBCXX_3.4.32");
        Assert.True(marker.IsWeak);
    }
}
