"""PyTorch autograd peer for bench/autodiff/iteration.bench.ts (optional; needs python3-torch).

Rebuilds the reference generator (activation-modulation export) and the perceptual network from
the raw weights the TS bench dumps, times one forward pass and one iteration (forward + backward
to ws), and writes the synthesis network as exported by torch.onnx plus autograd's gradient, so
the bench can check the gradient graph of a real PyTorch export. Prints one JSON line.
    python3 torch_iteration.py DIR THREADS RUNS
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

directory, threads, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
index = json.load(open(os.path.join(directory, "index.json")))


def tensor(key):
    entry = index[key]
    data = np.fromfile(os.path.join(directory, entry["file"]), dtype=np.float32)
    return torch.from_numpy(data.reshape(entry["dims"]))


def raw(name, shape):
    return torch.from_numpy(np.fromfile(os.path.join(directory, name + ".bin"), dtype=np.float32).reshape(shape))


S = lambda name: tensor("synthesis:" + name)
P = lambda name: tensor("perceptual:" + name)
CHANNELS = {4: 32, 8: 32, 16: 32, 32: 16, 64: 16}
NUM_WS = 10


def style(w, name):
    return w @ S(name + "/affine").t() + S(name + "/affine_bias")


def mod_conv(x, s, name, up, demod, channels_out):
    xs = x * s[:, :, None, None]
    if up:
        y = F.conv_transpose2d(xs, S(name + "/weight_t"), stride=2)
        y = F.conv2d(y, S(name + "/blur"), padding=1, groups=channels_out)
    else:
        weight = S(name + "/weight")
        y = F.conv2d(xs, weight, padding=int(weight.shape[-1] - 1) // 2)
    if demod:
        d = torch.rsqrt((s * s) @ S(name + "/wsq") + 1e-8)
        y = y * d[:, :, None, None]
    return y


def synthesis(ws):
    w = [ws[:, i] for i in range(NUM_WS)]
    x = S("const")
    img = None
    wi = 0
    for res in [4, 8, 16, 32, 64]:
        c = CHANNELS[res]
        for up in ([False] if res == 4 else [True, False]):
            name = "b%d/%s" % (res, "conv0_up" if up else "conv1")
            x = mod_conv(x, style(w[wi], name), name, up, True, c)
            x = x + S("noise_%d_%d" % (res, 0 if up else 1)) * 0.1
            x = x + S(name + "/bias")
            x = F.leaky_relu(x, 0.2) * math.sqrt(2)
            if up:
                wi += 1
        wi += 1
        name = "b%d/torgb" % res
        rgb = mod_conv(x, style(w[wi], name), name, False, False, 3) + S(name + "/bias")
        img = rgb if img is None else F.interpolate(img, scale_factor=2, mode="bilinear", align_corners=False) + rgb
    return img


def features(image):
    x = image * P("scale") + P("shift")
    for block in range(3):
        if block > 0:
            x = F.max_pool2d(x, 2, 2)
        for c in (1, 2):
            name = "conv%d_%d" % (block + 1, c)
            x = F.relu(F.conv2d(x, P(name + "/weight"), P(name + "/bias"), padding=1))
        if block == 1:
            return x


target = raw("target", (1, 3, 64, 64))
target_features = raw("target_features", (1, 16, 32, 32))
ws0 = raw("ws", (1, NUM_WS, 512))


def loss_of(ws):
    image = synthesis(ws)
    return ((features(image) - target_features) ** 2).mean() + ((image - target) ** 2).mean()


def forward():
    with torch.no_grad():
        return loss_of(ws0)


def iteration():
    ws = ws0.clone().requires_grad_(True)
    loss = loss_of(ws)
    loss.backward()
    return ws.grad


def median_ms(fn):
    for _ in range(5):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return min(samples), sorted(samples)[len(samples) // 2]


# The synthesis network exported by torch.onnx, and autograd's gradient of the same loss, so the
# TS side can check that the gradient graph of a real PyTorch export matches autograd.
class Synthesis(torch.nn.Module):
    def forward(self, ws):
        return synthesis(ws)


torch.onnx.export(Synthesis(), (ws0,), os.path.join(directory, "torch-synthesis.onnx"), input_names=["ws"], output_names=["image"], opset_version=17)
iteration().numpy().astype(np.float32).tofile(os.path.join(directory, "torch-grad.bin"))

print(json.dumps({
    "torch": torch.__version__,
    "loss": float(forward()),
    "forward_ms": median_ms(forward),
    "iteration_ms": median_ms(iteration),
}))
