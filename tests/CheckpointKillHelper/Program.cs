// Saves checkpoints of ResNeXt-50 (about 100 MB each) to one path in a loop, so that a test can kill this process
// in the middle of a save. Before save k it sets every element of fc.bias to k, so the test can tell which save a
// file came from. Usage: CheckpointKillHelper PATH FIRST_GENERATION
using System.Globalization;
using ResNeXtLib;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;

if (args.Length != 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out int generation))
{
    Console.Error.WriteLine("Usage: CheckpointKillHelper PATH FIRST_GENERATION (a whole number that goes into fc.bias)");
    return 2;
}

WorkbookSetup.Initialize();
using var model = new ResNeXt(ResNeXtConfig.ResNeXt50_32x4d());
using var trainer = new Trainer(model, new TrainingOptions());
var bias = model.named_parameters().Single(p => p.name == "fc.bias").parameter;
Console.WriteLine("ready");

for (; ; generation++)
{
    using (torch.no_grad())
    {
        bias.fill_(generation);
    }

    Console.WriteLine($"saving {generation}");
    trainer.SaveCheckpoint(args[0]);
    Console.WriteLine($"saved {generation}");
}
