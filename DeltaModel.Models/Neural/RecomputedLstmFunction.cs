using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeltaModel.Models.Neural;

/// <summary>
/// An LSTM pass with gradient that keeps only the hidden and cell state at the start of each of N segments of the
/// sequence, and recomputes each segment's activations in the backward pass, last segment first (activation
/// checkpointing over time; <c>model.nn.recompute_segments</c>).
/// Why: libtorch's LSTM keeps every day's gates and states for its backward, ≈ 6 floats per hidden unit and basin-day,
/// and its backward needs about twice that again at its peak, so the network sets the peak memory of a training
/// minibatch (bench/README.md, "Peak memory of the training minibatch"). Recomputed in N segments, one segment's
/// activations are alive at a time, for one more forward pass of the gradient days.
/// The gradient is the LSTM's own: each segment runs the same libtorch kernel with gradient as an unsegmented pass
/// would. Values agree with one whole pass up to rounding (oneDNN may block a segment's input projection differently,
/// and the weight gradient is summed over segments in another order); the backward's recomputation repeats the
/// forward's segments exactly, so the gradient is that of the values returned.
/// </summary>
internal sealed class RecomputedLstmFunction : autograd.MultiTensorFunction<RecomputedLstmFunction>
{
    public override string Name => "RecomputedLstm";

    /// <summary>
    /// Runs <paramref name="lstm"/> (one layer) over <paramref name="x"/> <c>[T, B, H_in]</c> from <paramref name="state"/>
    /// (null = zeros) in <paramref name="segments"/> segments: the output <c>[T, B, H]</c> and the last hidden and cell
    /// state <c>[1, B, H]</c>, as <c>lstm.call</c> returns them.
    /// </summary>
    public static (Tensor Output, Tensor H, Tensor C) Run(LSTM lstm, int segments, Tensor x, (Tensor H, Tensor C)? state)
    {
        var (h0, c0) = state ?? (ZeroState(lstm, x), ZeroState(lstm, x));
        var vars = new List<object> { lstm, segments, x, h0, c0 };
        vars.AddRange(lstm.parameters());
        var outputs = apply(vars.ToArray());
        return (outputs[0], outputs[1], outputs[2]);
    }

    static Tensor ZeroState(LSTM lstm, Tensor x)
    {
        long hidden = lstm.parameters().First().shape[0] / 4;                // weight_ih_l0: [4H, H_in]
        return zeros(new long[] { 1, x.shape[1], hidden }, dtype: x.dtype, device: x.device);
    }

    sealed class Saved
    {
        public required LSTM Lstm;
        public required Tensor X;
        public required long[] Starts;                  // segment k covers days Starts[k] … Starts[k + 1] − 1
        public required (Tensor H, Tensor C)[] Boundaries;   // the state at each segment's first day
        public required Tensor[] Weights;
        public required bool[] NeedsGrad;               // x, h0, c0
    }

    public override List<Tensor> forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var lstm = (LSTM)vars[0];
        int segments = (int)vars[1];
        var x = (Tensor)vars[2];
        var weights = vars.Skip(5).Cast<Tensor>().ToArray();
        long T = x.shape[0];
        var starts = Enumerable.Range(0, segments + 1).Select(k => T * k / segments).Distinct().ToArray();
        var boundaries = new (Tensor H, Tensor C)[starts.Length - 1];
        var h = ((Tensor)vars[3]).detach();
        var c = ((Tensor)vars[4]).detach();
        var input = x.detach();
        var pieces = new List<Tensor>(boundaries.Length);
        for (int k = 0; k < boundaries.Length; k++)
        {
            boundaries[k] = (h.DetachFromDisposeScope(), c.DetachFromDisposeScope());
            // The kernel with gradient, so that the backward's recomputation repeats these values exactly (libtorch's
            // no-gradient LSTM is a different kernel: LstmNetwork.NoGradLstmIsExact); its graph, which holds the
            // segment's activations, is freed with this scope.
            using var segment = NewDisposeScope();
            using var grad = enable_grad();
            var (y, hk, ck) = lstm.call(input.narrow(0, starts[k], starts[k + 1] - starts[k]), (h, c));
            pieces.Add(y.detach().MoveToOuterDisposeScope());
            (h, c) = (hk.detach().MoveToOuterDisposeScope(), ck.detach().MoveToOuterDisposeScope());
        }
        ctx.set_materialize_grads(false);
        ctx.save_data("saved", new Saved
        {
            Lstm = lstm, X = input.DetachFromDisposeScope(), Starts = starts, Boundaries = boundaries, Weights = weights,
            NeedsGrad = [x.requires_grad, ((Tensor)vars[3]).requires_grad, ((Tensor)vars[4]).requires_grad],
        });
        return [cat(pieces, 0), h, c];
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, List<Tensor> grads)
    {
        var s = (Saved)ctx.get_data("saved");
        Tensor? gy = Present(grads, 0), dh = Present(grads, 1), dc = Present(grads, 2);
        int segments = s.Boundaries.Length;
        var gx = new Tensor?[segments];
        var gw = new Tensor?[s.Weights.Length];
        var trained = Enumerable.Range(0, s.Weights.Length).Where(w => s.Weights[w].requires_grad).ToArray();
        for (int k = segments - 1; k >= 0; k--)
        {
            long start = s.Starts[k], length = s.Starts[k + 1] - start;
            using var scope = NewDisposeScope();
            var xk = s.X.narrow(0, start, length).detach().requires_grad_(s.NeedsGrad[0]);
            var hk = s.Boundaries[k].H.requires_grad_(true);
            var ck = s.Boundaries[k].C.requires_grad_(true);
            List<Tensor> outputs = [], seeds = [];
            using (enable_grad())
            {
                var (y, hEnd, cEnd) = s.Lstm.call(xk, (hk, ck));
                if (gy is not null) { outputs.Add(y); seeds.Add(gy.narrow(0, start, length)); }
                if (dh is not null) { outputs.Add(hEnd); seeds.Add(dh); }
                if (dc is not null) { outputs.Add(cEnd); seeds.Add(dc); }
            }
            if (outputs.Count == 0) continue;                // nothing downstream of this segment needs a gradient
            // Inputs in a fixed order: the segment's start state, the weights that train, then the input if it needs one.
            var inputs = new List<Tensor> { hk, ck };
            inputs.AddRange(trained.Select(w => s.Weights[w]));
            if (s.NeedsGrad[0]) inputs.Add(xk);
            var g = autograd.grad(outputs, inputs, seeds, allow_unused: true);
            dh = Present(g, 0)?.MoveToOuterDisposeScope();
            dc = Present(g, 1)?.MoveToOuterDisposeScope();
            for (int i = 0; i < trained.Length; i++)
                if (Present(g, 2 + i) is { } part)
                    gw[trained[i]] = gw[trained[i]] is { } sum ? sum.add_(part) : part.MoveToOuterDisposeScope();
            if (s.NeedsGrad[0]) gx[k] = Present(g, 2 + trained.Length)?.MoveToOuterDisposeScope();
        }
        Tensor? gradX = s.NeedsGrad[0]
            ? cat(Enumerable.Range(0, segments).Select(k => gx[k] ?? zeros_like(s.X.narrow(0, s.Starts[k], s.Starts[k + 1] - s.Starts[k]))).ToList(), 0)
            : null;
        foreach (var (h, c) in s.Boundaries) { h.Dispose(); c.Dispose(); }
        s.X.Dispose();
        var result = new List<Tensor> { null!, null!, gradX!, s.NeedsGrad[1] ? dh! : null!, s.NeedsGrad[2] ? dc! : null! };
        result.AddRange(gw!);
        return result;
    }

    static Tensor? Present(IList<Tensor> tensors, int i) => i < tensors.Count && tensors[i] is { IsInvalid: false } t ? t : null;
}
