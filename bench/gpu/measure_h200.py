"""Measures, on one NVIDIA Hopper GPU, the figures plan's roofline is fitted against.

Run on the device machine (PyTorch with CUDA, no network, no serving engine installed):
    PYTHONUNBUFFERED=1 python3 bench/gpu/measure_h200.py OUT_DIR
Writes OUT_DIR/h200_measurements.jsonl (one JSON object per measurement) and prints a summary.

What it measures, all with random weights and inputs (never zeros), timed with CUDA events,
median of repeated runs after warm-up, weights rotated across copies so that no timing sees a
cache-resident matrix:
  ceilings   device-to-device copy bandwidth, bf16 and fp8 8192^3 matrix products,
             host-to-device copy bandwidth (pinned and pageable)
  gemm       every projection GEMM of Llama 3.2 3B, 3.1 8B and 3.1 70B at the shapes one GPU
             runs under tensor parallelism 1, 2, 4 and 8 (QKV and gate/up split by columns, O and
             down by rows), for 1 to 8192 tokens, in bf16 (cuBLAS) and fp8 (torch._scaled_mm,
             tensor-wise scales; M padded to 16, which that kernel requires)
  attention  decode (one query token per sequence, grouped-query, contiguous KV) and causal
             prefill, at the head counts one GPU holds under TP 1..8
  step       a whole decoder step under CUDA-graph replay (the way engines run decode): RMSNorm,
             QKV, rotary, attention, O, SiLU-gated MLP, residuals; Llama 3.1 8B (all 32 layers +
             LM head) at TP1 and Llama 3.1 70B per layer at the TP1..TP8 shard shapes (10 layers
             timed, scaled to 80), decode batch 1..256 at 1024 tokens of context (DECODE_CONTEXT
             changes it) and prefill of 128..8192 tokens, both replayed from CUDA graphs. No all-reduce: one GPU's compute share only.
  overhead   the cost of one tiny kernel inside a CUDA graph (a chain of N dependent kernels)
  lora       the extra time of LoRA adapters on a decode step's seven projections (one grouped
             GEMM pair per distinct adapter in the batch), rank 8..64, 1..32 distinct adapters
  encoder    a BERT-large-shaped encoder (bge-large / e5-large: 24 layers, 1024 hidden) forward
This is PyTorch's own kernels, not a serving engine: elementwise operations are not fused, so a
full step is an upper bound on what a tuned engine needs on the same GPU.
"""
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

OUT = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(OUT, exist_ok=True)
LOG = open(os.path.join(OUT, "h200_measurements.jsonl"), "w")
DEV = torch.device("cuda")
torch.manual_seed(1234)
torch.backends.cuda.matmul.allow_tf32 = False
T0 = time.time()


def emit(section, **row):
    row = {"section": section, **row}
    LOG.write(json.dumps(row) + "\n")
    LOG.flush()


def rnd(*shape, dtype=torch.bfloat16, scale=0.02):
    return (torch.randn(*shape, device=DEV, dtype=torch.float32) * scale).to(dtype)


def time_fn(fn, reps=20, warmup=3):
    """Median milliseconds of fn() over reps runs, each timed with CUDA events."""
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        a = torch.cuda.Event(enable_timing=True)
        b = torch.cuda.Event(enable_timing=True)
        a.record()
        fn()
        b.record()
        b.synchronize()
        times.append(a.elapsed_time(b))
    return statistics.median(times)


def time_graphed(fn, inner=20, reps=10):
    """Median milliseconds per fn() call, with `inner` calls captured in one CUDA graph and the
    graph replayed: a kernel timed alone would also count the host's launch latency, which for
    kernels of a few microseconds is as long as the kernel (run-to-run spread of 25% seen)."""
    g = graphed(lambda: [fn() for _ in range(inner)])
    ms = time_fn(g.replay, reps=reps, warmup=2) / inner
    del g
    return ms


def copies_for(nbytes, budget=256 << 20, cap=16):
    return max(1, min(cap, math.ceil(budget / max(nbytes, 1))))


MODELS = {
    # id: hidden, heads, kv_heads, head_dim, intermediate, layers, vocab
    "llama-3.2-3b-instruct": (3072, 24, 8, 128, 8192, 28, 128256),
    "llama-3.1-8b-instruct": (4096, 32, 8, 128, 14336, 32, 128256),
    "llama-3.1-70b-instruct": (8192, 64, 8, 128, 28672, 80, 128256),
}


def shard_gemms(model, tp):
    h, nh, nkv, d, inter, _, _ = MODELS[model]
    return {
        "qkv": (h, (nh + 2 * nkv) * d // tp),
        "o": (nh * d // tp, h),
        "gate_up": (h, 2 * inter // tp),
        "down": (inter // tp, h),
    }


def env():
    p = torch.cuda.get_device_properties(0)
    emit("env", torch=torch.__version__, cuda=torch.version.cuda, gpu=p.name,
         sms=p.multi_processor_count, memory_bytes=p.total_memory)
    print(f"env: {p.name}, torch {torch.__version__}, CUDA {torch.version.cuda}")


def ceilings():
    n = 1 << 30  # 1 GiB each way
    src = torch.randint(0, 255, (n,), device=DEV, dtype=torch.uint8)
    dst = torch.empty_like(src)
    ms = time_fn(lambda: dst.copy_(src), reps=20)
    emit("ceiling", what="d2d_copy", bytes_moved=2 * n, ms=ms, gb_per_s=2 * n / ms / 1e6)
    print(f"d2d copy: {2 * n / ms / 1e6:.0f} GB/s (read + write)")
    del src, dst
    m = 8192
    a, b = rnd(m, m), rnd(m, m)
    ms = time_fn(lambda: a @ b, reps=10)
    emit("ceiling", what="gemm_bf16_8192", ms=ms, tflops=2 * m**3 / ms / 1e9)
    print(f"bf16 8192^3: {2 * m**3 / ms / 1e9:.0f} TFLOP/s")
    try:
        a8 = a.to(torch.float8_e4m3fn)
        b8 = b.to(torch.float8_e4m3fn).t().contiguous().t()
        one = torch.ones((), device=DEV, dtype=torch.float32)
        ms = time_fn(lambda: torch._scaled_mm(a8, b8, one, one, out_dtype=torch.bfloat16), reps=10)
        emit("ceiling", what="gemm_fp8_8192", ms=ms, tflops=2 * m**3 / ms / 1e9)
        print(f"fp8 8192^3: {2 * m**3 / ms / 1e9:.0f} TFLOP/s")
    except Exception as e:  # noqa: BLE001
        emit("ceiling", what="gemm_fp8_8192", error=str(e)[:300])
    del a, b
    n = 1 << 31  # 2 GiB host to device
    for pinned in (True, False):
        host = torch.empty(n, dtype=torch.uint8, pin_memory=pinned)
        host.fill_(7)
        dev = torch.empty(n, dtype=torch.uint8, device=DEV)
        ms = time_fn(lambda: dev.copy_(host, non_blocking=pinned), reps=5, warmup=1)
        emit("ceiling", what="h2d_pinned" if pinned else "h2d_pageable", bytes=n, ms=ms,
             gb_per_s=n / ms / 1e6)
        print(f"h2d {'pinned' if pinned else 'pageable'}: {n / ms / 1e6:.1f} GB/s")
        del host, dev
    torch.cuda.empty_cache()


TOKENS = [1, 8, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]


def gemm_sweep():
    one = torch.ones((), device=DEV, dtype=torch.float32)
    xs = {t: rnd(t, 28672) for t in TOKENS}
    for model in MODELS:
        for tp in (1, 2, 4, 8):
            for name, (k, n) in shard_gemms(model, tp).items():
                wbytes = k * n * 2
                ws = [rnd(n, k) for _ in range(copies_for(wbytes))]
                ws8 = [w.to(torch.float8_e4m3fn) for w in ws]
                for t in TOKENS:
                    x = xs[t][:, :k].contiguous()
                    i = [0]

                    def bf16():
                        i[0] = (i[0] + 1) % len(ws)
                        return x @ ws[i[0]].t()
                    inner = 20 if t <= 512 else 3
                    ms = time_graphed(bf16, inner)
                    flops = 2 * t * k * n
                    emit("gemm", model=model, tp=tp, gemm=name, dtype="bf16", tokens=t, k=k, n=n,
                         ms=ms, tflops=flops / ms / 1e9,
                         gb_per_s=(wbytes + 2 * t * (k + n)) / ms / 1e6)
                    tpad = max(16, (t + 15) // 16 * 16)
                    x8 = (xs[tpad][:, :k] if tpad in xs else rnd(tpad, k)).contiguous().to(
                        torch.float8_e4m3fn)
                    try:
                        def fp8():
                            i[0] = (i[0] + 1) % len(ws8)
                            return torch._scaled_mm(x8, ws8[i[0]].t(), one, one,
                                                    out_dtype=torch.bfloat16)
                        ms = time_graphed(fp8, inner)
                        emit("gemm", model=model, tp=tp, gemm=name, dtype="fp8", tokens=t,
                             padded_tokens=tpad, k=k, n=n, ms=ms, tflops=flops / ms / 1e9,
                             gb_per_s=(wbytes / 2 + t * k + 2 * t * n) / ms / 1e6)
                    except Exception as e:  # noqa: BLE001
                        emit("gemm", model=model, tp=tp, gemm=name, dtype="fp8", tokens=t,
                             error=str(e)[:300])
                del ws, ws8
        print(f"gemm {model}: done at {time.time() - T0:.0f} s")
    del xs
    torch.cuda.empty_cache()


def decode_attention(q, k, v):
    """q [B, Hq, d], k/v [B, Hkv, C, d] -> [B, Hq, d]; reads each KV head once per group."""
    b, hq, d = q.shape
    hkv = k.shape[1]
    qg = q.view(b, hkv, hq // hkv, d)
    s = torch.matmul(qg, k.transpose(-1, -2)) * (1.0 / math.sqrt(d))
    p = torch.softmax(s.float(), dim=-1).to(q.dtype)
    return torch.matmul(p, v).view(b, hq, d)


def prefill_attention(q, k, v):
    """q [1, Hq, L, d], k/v [1, Hkv, L, d], causal."""
    try:
        return F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)
    except Exception:  # noqa: BLE001
        rep = q.shape[1] // k.shape[1]
        return F.scaled_dot_product_attention(q, k.repeat_interleave(rep, 1),
                                              v.repeat_interleave(rep, 1), is_causal=True)


def attention_sweep():
    d = 128
    for hq, hkv, label in ((32, 8, "8b-tp1"), (8, 2, "8b-tp4"), (64, 8, "70b-tp1"),
                           (16, 2, "70b-tp4"), (8, 1, "70b-tp8")):
        for batch in (1, 16, 64, 256):
            for ctx in (1024, 4096, 16384):
                if batch * ctx * hkv * d * 4 > (24 << 30):
                    continue
                n = copies_for(batch * ctx * hkv * d * 4, cap=4)
                kv = [(rnd(batch, hkv, ctx, d, scale=1), rnd(batch, hkv, ctx, d, scale=1))
                      for _ in range(n)]
                q = rnd(batch, hq, d, scale=1)
                i = [0]

                def run():
                    i[0] = (i[0] + 1) % n
                    return decode_attention(q, *kv[i[0]])
                ms = time_graphed(run, 10)
                kv_bytes = 2 * batch * ctx * hkv * d * 2
                emit("attention", phase="decode", heads=hq, kv_heads=hkv, label=label,
                     batch=batch, context=ctx, ms=ms, gb_per_s=kv_bytes / ms / 1e6)
                del kv
        for length in (512, 2048, 8192, 32768):
            q = rnd(1, hq, length, d, scale=1)
            k = rnd(1, hkv, length, d, scale=1)
            v = rnd(1, hkv, length, d, scale=1)
            ms = time_graphed(lambda: prefill_attention(q, k, v), 3)
            flops = 4 * hq * d * length * length / 2  # causal half of QK^T and PV
            emit("attention", phase="prefill", heads=hq, kv_heads=hkv, label=label,
                 length=length, ms=ms, tflops=flops / ms / 1e9)
            del q, k, v
    torch.cuda.empty_cache()
    print(f"attention: done at {time.time() - T0:.0f} s")


class Layer:
    """One Llama decoder layer's weights for one GPU of a TP group."""

    def __init__(self, model, tp):
        h, nh, nkv, d, inter, _, _ = MODELS[model]
        self.h, self.nh, self.nkv, self.d = h, nh // tp, max(1, nkv // tp), d
        self.inter = inter // tp
        self.wqkv = rnd((self.nh + 2 * self.nkv) * d, h)
        self.wo = rnd(h, self.nh * d)
        self.wgu = rnd(2 * self.inter, h)
        self.wdown = rnd(h, self.inter)
        self.n1 = torch.ones(h, device=DEV, dtype=torch.bfloat16)
        self.n2 = torch.ones(h, device=DEV, dtype=torch.bfloat16)

    def bytes(self):
        return 2 * sum(w.numel() for w in (self.wqkv, self.wo, self.wgu, self.wdown))


def rotary(x, cos, sin):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((x1 * cos - x2 * sin, x2 * cos + x1 * sin), dim=-1)


def layer_decode(L, x, kc, vc, cos, sin, parts):
    b = x.shape[0]
    r = x
    y = F.rms_norm(x, (L.h,), L.n1) if parts != "gemm" else x
    qkv = y @ L.wqkv.t()
    q = qkv[:, : L.nh * L.d].view(b, L.nh, L.d)
    if parts != "gemm":
        q = rotary(q, cos, sin)
        a = decode_attention(q, kc, vc).reshape(b, L.nh * L.d)
    else:
        a = q.reshape(b, L.nh * L.d)
    x = r + a @ L.wo.t()
    r = x
    y = F.rms_norm(x, (L.h,), L.n2) if parts != "gemm" else x
    gu = y @ L.wgu.t()
    g, u = gu[:, : L.inter], gu[:, L.inter:]
    return r + (F.silu(g) * u if parts != "gemm" else g) @ L.wdown.t()


def layer_prefill(L, x, cos, sin):
    t = x.shape[0]
    r = x
    y = F.rms_norm(x, (L.h,), L.n1)
    qkv = y @ L.wqkv.t()
    q = qkv[:, : L.nh * L.d].view(t, L.nh, L.d)
    k = qkv[:, L.nh * L.d: (L.nh + L.nkv) * L.d].view(t, L.nkv, L.d)
    v = qkv[:, (L.nh + L.nkv) * L.d:].view(t, L.nkv, L.d)
    q, k = rotary(q, cos, sin), rotary(k, cos, sin)
    a = prefill_attention(q.transpose(0, 1)[None], k.transpose(0, 1)[None],
                          v.transpose(0, 1)[None])
    x = r + a[0].transpose(0, 1).reshape(t, L.nh * L.d) @ L.wo.t()
    r = x
    gu = F.rms_norm(x, (L.h,), L.n2) @ L.wgu.t()
    return r + (F.silu(gu[:, : L.inter]) * gu[:, L.inter:]) @ L.wdown.t()


def graphed(fn):
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(2):
            fn()
    torch.cuda.current_stream().wait_stream(s)
    g = torch.cuda.CUDAGraph()
    with torch.cuda.graph(g):
        fn()
    return g


def step_sweep():
    ctx = int(os.environ.get("DECODE_CONTEXT", "1024"))
    for model, tps, timed_layers in (("llama-3.1-8b-instruct", (1, 2, 4, 8), None),
                                     ("llama-3.1-70b-instruct", (1, 2, 4, 8), 10)):
        h, _, _, d, _, layers, vocab = MODELS[model]
        for tp in tps:
            n = timed_layers or layers
            Ls = [Layer(model, tp) for _ in range(n)]
            lm = rnd(vocab // tp, h)
            scale = layers / n
            wbytes = sum(L.bytes() for L in Ls) * scale + lm.numel() * 2
            for batch in (1, 8, 32, 64, 128, 256):
                kvs = [(rnd(batch, L.nkv, ctx, d, scale=1), rnd(batch, L.nkv, ctx, d, scale=1))
                       for L in Ls]
                x0 = rnd(batch, h, scale=1)
                cos = torch.rand(1, 1, d // 2, device=DEV, dtype=torch.bfloat16)
                sin = torch.rand(1, 1, d // 2, device=DEV, dtype=torch.bfloat16)
                for parts in ("full", "gemm"):
                    def body():
                        x = x0
                        for L, (kc, vc) in zip(Ls, kvs):
                            x = layer_decode(L, x, kc, vc, cos, sin, parts)
                        return x @ lm.t() if timed_layers is None else x
                    try:
                        g = graphed(body)
                        ms = time_fn(g.replay, reps=20)
                    except Exception as e:  # noqa: BLE001
                        emit("step", model=model, tp=tp, phase="decode", batch=batch, error=str(e)[:300])
                        continue
                    if timed_layers is not None:  # scale layers, add the LM head once
                        lm_ms = time_graphed(lambda: x0 @ lm.t(), 5)
                        ms = ms * scale + lm_ms
                    emit("step", model=model, tp=tp, phase="decode", parts=parts, batch=batch,
                         context=ctx, layers_timed=n, ms=ms, weight_bytes=wbytes,
                         weight_gb_per_s=wbytes / ms / 1e6)
                    del g
                del kvs
            for length in (128, 512, 2048, 8192):
                x0 = rnd(length, h, scale=1)
                cos = torch.rand(length, 1, d // 2, device=DEV, dtype=torch.bfloat16)
                sin = torch.rand(length, 1, d // 2, device=DEV, dtype=torch.bfloat16)

                def body():
                    x = x0
                    for L in Ls:
                        x = layer_prefill(L, x, cos, sin)
                    return x[-1:] @ lm.t()
                g = graphed(body)  # graphs here too: eager launches would dominate short prefills
                ms = time_fn(g.replay, reps=5, warmup=2)
                del g
                if timed_layers is not None:
                    ms = ms * scale
                emit("step", model=model, tp=tp, phase="prefill", length=length,
                     layers_timed=n, ms=ms, weight_bytes=wbytes)
            del Ls, lm
            torch.cuda.empty_cache()
            print(f"step {model} tp{tp}: done at {time.time() - T0:.0f} s")


def launch_overhead():
    """Per-kernel cost inside a CUDA graph: N dependent tiny kernels, N = 100..3200."""
    x = rnd(256)
    for n in (100, 400, 1600, 3200):
        def body():
            y = x
            for _ in range(n):
                y = y * 1.0001
            return y
        g = graphed(body)
        ms = time_fn(g.replay)
        emit("overhead", kernels=n, ms=ms, us_per_kernel=ms * 1e3 / n)
        del g
    print(f"launch overhead: done at {time.time() - T0:.0f} s")


def lora_sweep():
    h, nh, nkv, d, inter, layers, _ = MODELS["llama-3.1-8b-instruct"]
    outs = {"q": nh * d, "k": nkv * d, "v": nkv * d, "o": h, "gate": inter, "up": inter,
            "down": h}
    ins = {"q": h, "k": h, "v": h, "o": nh * d, "gate": h, "up": h, "down": inter}
    batch = 64
    for rank in (8, 16, 64):
        for distinct in (1, 4, 16, 32):
            A = {p: rnd(distinct, ins[p], rank) for p in outs}
            B = {p: rnd(distinct, rank, outs[p]) for p in outs}
            xs = {p: rnd(batch, ins[p], scale=1) for p in outs}
            seg = batch // distinct

            def body():
                for p in outs:
                    x = xs[p]
                    for a in range(distinct):
                        xa = x[a * seg:(a + 1) * seg]
                        _ = (xa @ A[p][a]) @ B[p][a]
            try:
                g = graphed(body)
                ms = time_fn(g.replay) * layers
            except Exception as e:  # noqa: BLE001
                emit("lora", rank=rank, distinct=distinct, error=str(e)[:300])
                continue
            abytes = 2 * layers * distinct * sum(ins[p] * rank + rank * outs[p] for p in outs)
            emit("lora", model="llama-3.1-8b-instruct", batch=batch, rank=rank,
                 distinct=distinct, ms_per_step=ms, adapter_bytes_read=abytes,
                 gb_per_s=abytes / ms / 1e6)
            del g, A, B, xs
    print(f"lora: done at {time.time() - T0:.0f} s")


def encoder_sweep():
    h, heads, inter, layers = 1024, 16, 4096, 24
    W = [(rnd(3 * h, h), rnd(h, h), rnd(inter, h), rnd(h, inter)) for _ in range(layers)]
    for batch, seq in ((1, 128), (1, 512), (32, 128), (32, 512), (128, 256)):
        x0 = rnd(batch, seq, h, scale=1)

        def body():
            x = x0
            for wqkv, wo, w1, w2 in W:
                qkv = (x @ wqkv.t()).view(batch, seq, 3, heads, h // heads)
                q, k, v = (qkv[:, :, j].transpose(1, 2) for j in range(3))
                a = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(batch, seq, h)
                x = F.layer_norm(x + a @ wo.t(), (h,))
                x = F.layer_norm(x + F.gelu(x @ w1.t()) @ w2.t(), (h,))
            return x
        ms = time_graphed(body, 1)
        emit("encoder", model="bert-large-shape (bge-large-en-v1.5 / e5-large-v2)", batch=batch,
             seq=seq, tokens=batch * seq, ms=ms, tokens_per_s=batch * seq / ms * 1e3)
    print(f"encoder: done at {time.time() - T0:.0f} s")


def main():
    sections = [env, ceilings, launch_overhead, gemm_sweep, attention_sweep, step_sweep,
                lora_sweep, encoder_sweep]
    only = os.environ.get("ONLY", "")
    for s in sections:
        if only and s.__name__ not in only.split(","):
            continue
        try:
            s()
        except Exception as e:  # noqa: BLE001
            emit("error", where=s.__name__, error=repr(e)[:500])
            print(f"{s.__name__} failed: {e!r}")
        torch.cuda.empty_cache()
    print(f"total {time.time() - T0:.0f} s")


if __name__ == "__main__":
    main()
