"""Golden for src/engine/upsample.ts: PyTorch's interpolate (align_corners=False) on a small seeded
image, bicubic (PyTorch's Keys parameter a = -0.75) and bilinear, enlarging 5x4 -> 9x7 and 7x5 -> 10x7.

Run with Debian's torch: /usr/bin/python3 scripts/reference/upsample_reference.py > test/fixtures/upsample-golden.json
"""
import json

import torch
import torch.nn.functional as F

torch.manual_seed(7)
cases = []
for (in_w, in_h, out_w, out_h) in [(5, 4, 9, 7), (7, 5, 10, 7)]:
    planes = torch.rand(1, 3, in_h, in_w, dtype=torch.float64) * 255
    for mode in ["bicubic", "bilinear"]:
        out = F.interpolate(planes, size=(out_h, out_w), mode=mode, align_corners=False)
        cases.append({
            "mode": mode,
            "keysA": -0.75,
            "inWidth": in_w, "inHeight": in_h, "outWidth": out_w, "outHeight": out_h,
            "input": planes.flatten().tolist(),
            "output": out.flatten().tolist(),
        })
print(json.dumps({"source": "torch.nn.functional.interpolate, align_corners=False", "cases": cases}))
