using ResNeXtLib.Models;
using ResNeXtLib.Weights;
using ResNeXtWorkbook.NotebookRunner;

namespace ResNeXtLib.Tests.Weights;

[Collection(TorchCollection.Name)]
public class TorchvisionReferenceTests
{
    private const double Tolerance = 1e-4;

    private static readonly string RepositoryRoot = NotebookExecutor.FindRepositoryRoot(AppContext.BaseDirectory);

    private static string Fixture(string name) => Path.Combine(RepositoryRoot, "tests", "ResNeXtLib.Tests", "Fixtures", name);

    [Fact]
    public void ReducedFixture_ReproducesPyTorchOutput()
    {
        var check = TorchvisionReference.Check(
            TorchvisionReference.ReducedResNeXt(),
            Fixture(TorchvisionReference.ReducedWeightsFile),
            Fixture(TorchvisionReference.ReducedInputOutputFile));

        Assert.Equal("[2, 10]", check.OutputShape);
        Assert.InRange(check.MaxAbsoluteDifference, 0, Tolerance);

        // An output of all zeros would match trivially; the fixture's output is not.
        Assert.True(check.MaxAbsoluteOutput > 0.1, $"max |output| {check.MaxAbsoluteOutput}");
    }

    [Fact]
    public void ReducedFixture_EveryKeyLoaded()
    {
        using var model = new ResNeXt(TorchvisionReference.ReducedResNeXt());
        var stateDict = Safetensors.Load(Fixture(TorchvisionReference.ReducedWeightsFile));

        Assert.Equal(model.state_dict().Keys.OrderBy(key => key, StringComparer.Ordinal), stateDict.Keys.OrderBy(key => key, StringComparer.Ordinal));
        Assert.Equal(554_282, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void ReducedFixture_WrongConfigRejected()
    {
        var error = Assert.Throws<StateDictMismatchException>(() => TorchvisionReference.Check(
            ResNeXtConfig.FashionMnistSmall(),
            Fixture(TorchvisionReference.ReducedWeightsFile),
            Fixture(TorchvisionReference.ReducedInputOutputFile)));

        Assert.Contains("'conv1.weight' has shape [32, 3, 7, 7] in the state dict but [32, 1, 3, 3] in the model", error.Message);
    }

    [FullReferenceFact]
    public void FullResNeXt50_ReproducesPyTorchOutput()
    {
        var check = TorchvisionReference.Check(
            ResNeXtConfig.ResNeXt50_32x4d(),
            FullReferenceFactAttribute.WeightsPath,
            FullReferenceFactAttribute.InputOutputPath);

        Assert.Equal("[1, 1000]", check.OutputShape);
        Assert.InRange(check.MaxAbsoluteDifference, 0, Tolerance);
    }
}

/// <summary>A fact that runs only after `/usr/bin/python3 scripts/export_torchvision_reference.py full` wrote its files.</summary>
public sealed class FullReferenceFactAttribute : FactAttribute
{
    private static readonly string Folder = Path.Combine(NotebookExecutor.FindRepositoryRoot(AppContext.BaseDirectory), "artifacts", "reference");

    public static string WeightsPath => Path.Combine(Folder, "resnext50_32x4d.safetensors");

    public static string InputOutputPath => Path.Combine(Folder, "resnext50_32x4d-io.safetensors");

    public FullReferenceFactAttribute()
    {
        if (!File.Exists(WeightsPath) || !File.Exists(InputOutputPath))
        {
            Skip = $"No full-size reference in {Folder}; write it with /usr/bin/python3 scripts/export_torchvision_reference.py full.";
        }
    }
}
