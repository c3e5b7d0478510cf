#!/usr/bin/env python3
"""Exports a StyleGAN2 generator into Mien's model contract (docs/models.md): synthesis.onnx
(ws [1, L, 512] -> image [1, 3, R, R] in [-1, 1]) and mapping.onnx (z [1, 512] -> w [1, 512]), each with
its <name>.mien.json metadata sidecar.

    /usr/bin/python3 tools/models/export-stylegan2.py --random-weights --resolution 64 --out DIR
    /usr/bin/python3 tools/models/export-stylegan2.py --nvlabs network.pkl --nvlabs-repo stylegan2-ada-pytorch \
        --licence "Nvidia Source Code License-NC" --out DIR

--random-weights builds the reference architecture (tools/autodiff/reference-generator.ts: channels 32 at
4-16, 16 at 32-64, modulated convs exported as one weight computed at run time, stride-2 transposed conv +
[1,3,3,1] blur, skip toRGB) with random weights: it checks the exporter and the contract without a
checkpoint. --nvlabs exports G_ema of an NVlabs stylegan2-ada-pytorch / stylegan3 pickle (that repo must be
on disk for unpickling; noise_mode='const', force_fp32) and was not run here: no checkpoint was available.

Needs PyTorch (Debian: apt-get install python3-torch). Use /usr/bin/python3 if pyenv shadows it.
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn

W_DIM = 512
OPSET = 17
SQRT2 = math.sqrt(2)

# FFHQ's alignment (ffhq-dataset align_face) as eye/mouth targets when eye_to_eye == eye_to_mouth.
FFHQ_ALIGNMENT = {
    "name": "ffhq",
    "points": {"leftEye": [0.375, 0.475], "rightEye": [0.625, 0.475], "mouth": [0.5, 0.725]},
    "description": "FFHQ's recipe (ffhq-dataset align_face): eye and mouth centres from 68 landmarks, quad "
    "side max(2 |eye_to_eye|, 1.8 |eye_to_mouth|) * 2 centred 0.1 eye_to_mouth below the eyes; the points "
    "are where it puts them when eye_to_eye = eye_to_mouth.",
}


def band_of(resolution):
    return "coarse" if resolution <= 8 else "middle" if resolution <= 32 else "fine"


def synthesis_layers(resolution):
    """StyleGAN2's ws layout: b4 conv1 (w0), then per block conv0_up, conv1; the last toRGB takes the last w."""
    layers = [{"resolution": 4, "band": "coarse", "name": "b4/conv1"}]
    res = 8
    while res <= resolution:
        for conv in ("conv0_up", "conv1"):
            layers.append({"resolution": res, "band": band_of(res), "name": f"b{res}/{conv}"})
        res *= 2
    layers.append({"resolution": resolution, "band": "fine", "name": f"b{resolution}/torgb"})
    return layers


class ModulatedConv(nn.Module):
    """Affine style, modulation, optional demodulation; batch 1, so the modulated weight is a plain conv weight."""

    def __init__(self, cin, cout, k, demod=True, up=False):
        super().__init__()
        self.cin, self.cout, self.k, self.demod, self.up = cin, cout, k, demod, up
        self.affine = nn.Linear(W_DIM, cin)
        nn.init.normal_(self.affine.weight, std=1 / math.sqrt(W_DIM))
        nn.init.ones_(self.affine.bias)
        self.weight = nn.Parameter(torch.randn(cout, cin, k, k) / math.sqrt(cin * k * k))
        if up:
            blur = torch.tensor([1.0, 3.0, 3.0, 1.0])
            kernel = (blur[:, None] * blur[None, :]) * 4 / 64
            self.register_buffer("blur", kernel.expand(cout, 1, 4, 4).contiguous())

    def forward(self, x, w):
        s = self.affine(w)  # [1, cin]
        weight = self.weight * s.reshape(1, self.cin, 1, 1)
        if self.demod:
            weight = weight * torch.rsqrt(weight.square().sum(dim=[1, 2, 3], keepdim=True) + 1e-8)
        if not self.up:
            return F.conv2d(x, weight, padding=(self.k - 1) // 2)
        y = F.conv_transpose2d(x, weight.transpose(0, 1), stride=2)
        return F.conv2d(y, self.blur, padding=1, groups=self.cout)


class ReferenceSynthesis(nn.Module):
    """The reference architecture of tools/autodiff/reference-generator.ts, in PyTorch."""

    CHANNELS = {4: 32, 8: 32, 16: 32, 32: 16, 64: 16, 128: 16, 256: 16, 512: 16, 1024: 16}

    def __init__(self, resolution):
        super().__init__()
        self.resolution = resolution
        self.num_ws = 2 * int(math.log2(resolution)) - 2
        self.const = nn.Parameter(torch.randn(1, self.CHANNELS[4], 4, 4))
        self.convs = nn.ModuleList()
        self.rgbs = nn.ModuleList()
        self.plan = []  # (kind, res, index into convs/rgbs, w index, noise name)
        # StyleGAN2's ws layout: b4 conv1 takes w0; block k (res 2^(k+2)) takes w(2k-1), w(2k) for its convs
        # and w(2k+1) for its toRGB, the same w as the next block's first conv.
        cin, res = self.CHANNELS[4], 4
        while res <= resolution:
            cout = self.CHANNELS[res]
            k = int(math.log2(res)) - 2
            for up in [False] if res == 4 else [True, False]:
                name = f"noise_{res}_{0 if up else 1}"
                # Constant noise as named buffers: the inversion can promote them to optimised inputs.
                self.register_buffer(name, torch.randn(1, 1, res, res))
                self.register_parameter(f"{name}_strength", nn.Parameter(torch.tensor(0.1)))
                self.register_parameter(f"{name}_bias", nn.Parameter(torch.zeros(1, cout, 1, 1)))
                self.convs.append(ModulatedConv(cin, cout, 3, demod=True, up=up))
                w_index = 0 if res == 4 else 2 * k - 1 if up else 2 * k
                self.plan.append(("conv", res, len(self.convs) - 1, w_index, name))
                cin = cout
            self.rgbs.append(ModulatedConv(cout, 3, 1, demod=False))
            self.plan.append(("rgb", res, len(self.rgbs) - 1, 2 * k + 1, None))
            res *= 2
        w = max(step[3] for step in self.plan) + 1
        assert w == self.num_ws, (w, self.num_ws)

    def forward(self, ws):
        x = self.const
        img = None
        for kind, res, index, w_index, noise in self.plan:
            w = ws[:, w_index]
            if kind == "conv":
                x = self.convs[index](x, w)
                x = x + getattr(self, noise) * getattr(self, f"{noise}_strength")
                x = F.leaky_relu(x + getattr(self, f"{noise}_bias"), 0.2) * SQRT2
            else:
                rgb = self.rgbs[index](x, w)
                img = rgb if img is None else F.interpolate(img, scale_factor=2, mode="bilinear") + rgb
        return img


class Mapping(nn.Module):
    def __init__(self, layers=8):
        super().__init__()
        self.fcs = nn.ModuleList(nn.Linear(W_DIM, W_DIM) for _ in range(layers))
        for fc in self.fcs:
            nn.init.normal_(fc.weight, std=1 / math.sqrt(W_DIM))
            nn.init.zeros_(fc.bias)

    def forward(self, z):
        x = z * torch.rsqrt(z.square().mean(dim=1, keepdim=True) + 1e-8)
        for fc in self.fcs:
            x = F.leaky_relu(fc(x), 0.2) * SQRT2
        return x


def load_nvlabs(pickle_path, repo):
    """G_ema of an NVlabs pickle, wrapped to the contract: ws -> image with constant noise, fp32."""
    import pickle

    sys.path.insert(0, os.path.abspath(repo))
    with open(pickle_path, "rb") as f:
        G = pickle.load(f)["G_ema"].float().eval()

    class Synthesis(nn.Module):
        def __init__(self):
            super().__init__()
            self.synthesis = G.synthesis

        def forward(self, ws):
            return self.synthesis(ws, noise_mode="const", force_fp32=True)

    class NvMapping(nn.Module):
        def __init__(self):
            super().__init__()
            self.mapping = G.mapping

        def forward(self, z):
            return self.mapping(z, None, truncation_psi=1)[:, 0]

    return Synthesis(), NvMapping(), int(G.img_resolution), int(G.synthesis.num_ws)


def export(module, example, input_name, output_name, path):
    with torch.no_grad():
        torch.onnx.export(
            module,
            (example,),
            path,
            input_names=[input_name],
            output_names=[output_name],
            opset_version=OPSET,
            # Folding would merge the noise buffers with their strengths and lose their names.
            do_constant_folding=False,
        )


def write_sidecar(onnx_path, contract):
    sidecar = onnx_path[: -len(".onnx")] + ".mien.json"
    with open(sidecar, "w") as f:
        json.dump(contract, f, indent=2)
        f.write("\n")
    return sidecar


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--random-weights", action="store_true", help="the reference architecture, random weights")
    source.add_argument("--nvlabs", metavar="PKL", help="an NVlabs stylegan2-ada-pytorch / stylegan3 pickle")
    parser.add_argument("--nvlabs-repo", metavar="DIR", help="a checkout of that repository (for unpickling)")
    parser.add_argument("--resolution", type=int, default=64, help="--random-weights only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--licence", default=None, help="required for --nvlabs")
    parser.add_argument("--expression-layers", default="3,4", help="0-based ws indices (default: 4th-5th)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--name", default="stylegan2")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    if args.random_weights:
        synthesis = ReferenceSynthesis(args.resolution).eval()
        mapping = Mapping().eval()
        resolution, num_ws = args.resolution, synthesis.num_ws
        licence = args.licence or "MIT (random weights, tools/models/export-stylegan2.py)"
    else:
        if not args.nvlabs_repo or not args.licence:
            parser.error("--nvlabs needs --nvlabs-repo and --licence")
        synthesis, mapping, resolution, num_ws = load_nvlabs(args.nvlabs, args.nvlabs_repo)
        licence = args.licence

    layers = synthesis_layers(resolution)
    if len(layers) != num_ws:
        sys.exit(f"the generator has {num_ws} ws but StyleGAN2's layout at {resolution} has {len(layers)}")
    os.makedirs(args.out, exist_ok=True)
    synthesis_path = os.path.join(args.out, f"{args.name}-synthesis.onnx")
    mapping_path = os.path.join(args.out, f"{args.name}-mapping.onnx")
    export(synthesis, torch.randn(1, num_ws, W_DIM), "ws", "image", synthesis_path)
    export(mapping, torch.randn(1, W_DIM), "z", "w", mapping_path)
    expression = [int(i) for i in args.expression_layers.split(",")]
    write_sidecar(
        synthesis_path,
        {
            "role": "synthesis",
            "resolution": resolution,
            "numWs": num_ws,
            "layers": layers,
            "expressionLayers": expression,
            "alignment": FFHQ_ALIGNMENT,
            "licence": licence,
        },
    )
    write_sidecar(mapping_path, {"role": "mapping", "zDim": W_DIM, "licence": licence})
    with torch.no_grad():
        image = synthesis(torch.randn(1, num_ws, W_DIM))
    print(f"{synthesis_path}: ws [1, {num_ws}, {W_DIM}] -> image {list(image.shape)}")
    print(f"{mapping_path}: z [1, {W_DIM}] -> w [1, {W_DIM}]")


if __name__ == "__main__":
    main()
