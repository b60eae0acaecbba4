using ResNeXtLib.Models;
using ResNeXtLib.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Tests.Weights;

[Collection(TorchCollection.Name)]
public class StateDictLoaderTests
{
    private static Dictionary<string, Tensor> CopyOfStateDict(nn.Module module) =>
        module.state_dict().ToDictionary(entry => entry.Key, entry => entry.Value.detach().clone());

    [Fact]
    public void MatchingStateDict_CopiesEveryTensor()
    {
        using var source = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var target = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        var stateDict = CopyOfStateDict(source);

        StateDictLoader.Load(target, stateDict);

        foreach (var (key, tensor) in target.state_dict())
        {
            Assert.True(tensor.equal(stateDict[key]).all().item<bool>(), $"{key} differs after loading");
        }
    }

    [Fact]
    public void MissingKey_RejectedWithKeyAndShape()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        var stateDict = CopyOfStateDict(model);
        stateDict.Remove("layer2.0.conv2.weight");

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(model, stateDict));

        Assert.Contains("'layer2.0.conv2.weight' is missing", error.Message);
        Assert.Contains("[64, 8, 3, 3]", error.Message);
        Assert.Single(error.Problems);
    }

    [Fact]
    public void DataParallelPrefix_NamedFirst()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        var stateDict = CopyOfStateDict(model).ToDictionary(entry => "module." + entry.Key, entry => entry.Value);

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(model, stateDict));

        Assert.StartsWith("every key of the state dict starts with 'module.'", error.Problems[0]);
        Assert.Contains("remove that prefix", error.Message);
    }

    [Fact]
    public void WrongShape_RejectedWithBothShapes()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        var stateDict = CopyOfStateDict(model);
        stateDict["fc.weight"] = zeros(1000, 256);

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(model, stateDict));

        Assert.Contains("'fc.weight' has shape [1000, 256] in the state dict but [10, 256] in the model", error.Message);
    }

    [Fact]
    public void UnexpectedKey_Rejected()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        var stateDict = CopyOfStateDict(model);
        stateDict["layer9.0.conv1.weight"] = zeros(1);

        var error = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(model, stateDict));

        Assert.Contains("'layer9.0.conv1.weight'", error.Message);
        Assert.Contains("no counterpart in the model", error.Message);
    }

    [Fact]
    public void RejectedStateDict_LeavesModelUnchanged()
    {
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var before = model.state_dict()["conv1.weight"].detach().clone();
        var stateDict = CopyOfStateDict(model);
        stateDict["conv1.weight"] = ones_like(stateDict["conv1.weight"]);
        stateDict.Remove("fc.bias");

        Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(model, stateDict));

        Assert.True(model.state_dict()["conv1.weight"].equal(before).all().item<bool>());
    }
}
