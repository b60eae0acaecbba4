using ResNeXtLib.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Tests.Weights;

[Collection(TorchCollection.Name)]
public sealed class SafetensorsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("safetensors-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SaveLoad_RoundTripsFloatAndLong()
    {
        string path = Path.Combine(folder, "round-trip.safetensors");
        using var weights = randn(3, 4, 2);
        using var counter = tensor(42L);

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = weights, ["n"] = counter });
        var loaded = Safetensors.Load(path);

        Assert.True(loaded["w"].equal(weights).all().item<bool>());
        Assert.Equal(ScalarType.Int64, loaded["n"].dtype);
        Assert.Empty(loaded["n"].shape);
        Assert.Equal(42L, loaded["n"].item<long>());
    }

    [Fact]
    public void Load_MissingFile_NamesPath()
    {
        string path = Path.Combine(folder, "absent.safetensors");

        var error = Assert.Throws<FileNotFoundException>(() => Safetensors.Load(path));

        Assert.Contains("absent.safetensors", error.Message);
    }

    [Fact]
    public void Load_NotSafetensors_Rejected()
    {
        string path = Path.Combine(folder, "text.safetensors");
        File.WriteAllText(path, "this is a text file, not weights");

        var error = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));

        Assert.Contains("not a safetensors file", error.Message);
    }
}
