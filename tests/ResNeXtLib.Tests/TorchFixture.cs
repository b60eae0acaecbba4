namespace ResNeXtLib.Tests;

/// <summary>Makes TorchSharp's native library loadable once for every test class that uses tensors.</summary>
public sealed class TorchFixture
{
    public TorchFixture() => WorkbookSetup.Initialize();
}

[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<TorchFixture>
{
    public const string Name = "Torch";
}
