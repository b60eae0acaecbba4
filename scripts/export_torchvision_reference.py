#!/usr/bin/python3
"""Export a torchvision ResNeXt's weights and its output for a fixed input, for ResNeXtLib to reproduce.

Writes two safetensors files: the state dict (keys exactly as torchvision names them) and the tensors "input"
and "output". Both models are randomly initialized from a fixed seed, and batch normalization gets random
weights and running statistics, so that a loader that skips or swaps any tensor produces a different output.
The output is computed in evaluation mode.

Modes:
  reduced (default)  A small ResNeXt built from torchvision's own Bottleneck block with torchvision's module
                     names: stem of 32 channels, stages of 2, 1, 1, 1 blocks with 64, 128, 256 and 512 output
                     channels, cardinality 8 and 4, 8, 16, 32 channels per group, 10 classes, input 2x3x64x64.
                     The unit tests load the committed copy in tests/ResNeXtLib.Tests/Fixtures/.
  full               torchvision.models.resnext50_32x4d() itself, input 1x3x224x224, about 100 MB. Written
                     under artifacts/reference/ (not committed); the test that reads it is skipped without it.

Needs Debian's python3-torch and python3-torchvision (tested with 1.13.1 and 0.14.1); run with /usr/bin/python3.
"""

import argparse
import json
import pathlib
import struct

import torch
import torchvision
from torchvision.models.resnet import Bottleneck

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
SEED = 2017


class ReducedResNeXt(torch.nn.Module):
    """torchvision's ResNet layout (conv1, bn1, relu, maxpool, layer1..layer4, avgpool, fc) at reduced width.

    torchvision's ResNet class fixes the stem at 64 channels and the stages at planes 64..512. Even with one
    block per stage its ResNeXt has 9,411,880 parameters, too large for a committed test fixture. This class
    takes smaller planes and builds every block with torchvision's Bottleneck, so block arithmetic and names
    stay torchvision's.
    """

    def __init__(self, layers=(2, 1, 1, 1), planes=(16, 32, 64, 128), stem=32, groups=8, width_per_group=16,
                 num_classes=10):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(3, stem, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(stem)
        self.relu = torch.nn.ReLU(inplace=True)
        self.maxpool = torch.nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        inplanes = stem
        for index, (blocks, stage_planes) in enumerate(zip(layers, planes)):
            stride = 1 if index == 0 else 2
            out_channels = stage_planes * Bottleneck.expansion
            downsample = None
            if stride != 1 or inplanes != out_channels:
                downsample = torch.nn.Sequential(
                    torch.nn.Conv2d(inplanes, out_channels, kernel_size=1, stride=stride, bias=False),
                    torch.nn.BatchNorm2d(out_channels))
            stage = [Bottleneck(inplanes, stage_planes, stride, downsample, groups=groups, base_width=width_per_group)]
            inplanes = out_channels
            stage += [Bottleneck(inplanes, stage_planes, groups=groups, base_width=width_per_group)
                      for _ in range(1, blocks)]
            setattr(self, f"layer{index + 1}", torch.nn.Sequential(*stage))
        self.avgpool = torch.nn.AdaptiveAvgPool2d(1)
        self.fc = torch.nn.Linear(inplanes, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def randomize_batch_norm(model):
    """Give every batch normalization random affine weights and running statistics near the identity."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_(0.0, 0.1)
                module.running_mean.normal_(0.0, 0.1)
                module.running_var.uniform_(0.5, 1.5)


def save_safetensors(path, tensors):
    """Write tensors in the safetensors layout: 8-byte header length, JSON header, raw little-endian data."""
    header = {}
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        tensor = tensor.detach().cpu().contiguous()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[tensor.dtype]
        data = tensor.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":"))
    text += " " * (-len(text) % 8)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)))
        file.write(text.encode("utf-8"))
        for chunk in chunks:
            file.write(chunk)


def export(model, input_shape, folder, stem):
    torch.manual_seed(SEED + 1)
    randomize_batch_norm(model)
    model.eval()
    torch.manual_seed(SEED + 2)
    sample = torch.randn(*input_shape)
    with torch.no_grad():
        output = model(sample)
    save_safetensors(folder / f"{stem}.safetensors", model.state_dict())
    save_safetensors(folder / f"{stem}-io.safetensors", {"input": sample, "output": output})
    parameters = sum(p.numel() for p in model.parameters())
    print(f"{stem}: {parameters:,} parameters, input {list(sample.shape)}, output {list(output.shape)}, "
          f"max |output| {output.abs().max().item():.4f}; written to {folder}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", choices=["reduced", "full"], default="reduced",
                        help="reduced: the committed test fixture; full: torchvision's resnext50_32x4d")
    parser.add_argument("--output", type=pathlib.Path, default=None,
                        help="output folder (default: tests/ResNeXtLib.Tests/Fixtures or artifacts/reference)")
    arguments = parser.parse_args()

    torch.manual_seed(SEED)
    if arguments.mode == "reduced":
        model = ReducedResNeXt()
        export(model, (2, 3, 64, 64), arguments.output or REPOSITORY / "tests/ResNeXtLib.Tests/Fixtures",
               "resnext-reduced")
    else:
        model = torchvision.models.resnext50_32x4d()
        export(model, (1, 3, 224, 224), arguments.output or REPOSITORY / "artifacts/reference", "resnext50_32x4d")


if __name__ == "__main__":
    main()
