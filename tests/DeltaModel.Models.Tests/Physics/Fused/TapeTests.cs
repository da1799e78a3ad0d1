using DeltaModel.Models.Physics.Scalar;

namespace DeltaModel.Models.Tests.Physics.Fused;

/// <summary>
/// The generic backward's tape on its own: constants record nothing (they share the sink), an <see cref="Adjoint"/>
/// finds its tape from its index so tapes recorded side by side stay apart, ties and zero adjoints follow libtorch.
/// (<c>FusedBackendTests</c> checks every model's gradients end to end.)
/// </summary>
public class TapeTests
{
    [Fact]
    public void ConstantOperands_RecordNothing_AndSeedOnlyTheSink()
    {
        var tape = Tape.Rent();
        try
        {
            var x = tape.Leaf(3);
            int leaves = tape.Count;
            var c = Adjoint.Constant(2) * 5.0 + Adjoint.Min(Adjoint.Constant(1), Adjoint.Constant(4));
            Assert.Equal(Tape.Sink, c.Index);
            Assert.Equal(leaves, tape.Count);
            Assert.Equal(11, c.Value);

            var y = x * c;                                                         // one node: x's partial is c
            Assert.Equal(leaves + 1, tape.Count);
            tape.ClearAdjoints();
            tape.AdjointOf(y) = 1;
            tape.AdjointOf(c) += 1;                                                // seeding a constant touches no input
            tape.Sweep();
            Assert.Equal(11, tape.AdjointOf(x));
        }
        finally { Tape.Return(tape); }
    }

    [Fact]
    public void TwoTapes_RecordedInterleaved_KeepTheirOwnNodes()
    {
        Tape first = Tape.Rent(), second = Tape.Rent();
        try
        {
            Assert.NotSame(first, second);
            var (a, b) = (first.Leaf(2), first.Leaf(5));
            var (u, v) = (second.Leaf(7), second.Leaf(3));
            var product = a * b;                                                   // first: d/da = 5, d/db = 2
            var quotient = u / v;                                                  // second: d/du = 1/3, d/dv = −7/9
            var sum = product + a;                                                 // first again: d/da = 6
            Assert.Equal(5, first.Count);                                          // sink, two leaves, two nodes
            Assert.Equal(4, second.Count);

            first.ClearAdjoints();
            first.AdjointOf(sum) = 1;
            first.Sweep();
            second.ClearAdjoints();
            second.AdjointOf(quotient) = 1;
            second.Sweep();
            Assert.Equal(6, first.AdjointOf(a), 12);
            Assert.Equal(2, first.AdjointOf(b), 12);
            Assert.Equal(1.0 / 3, second.AdjointOf(u), 12);
            Assert.Equal(-7.0 / 9, second.AdjointOf(v), 12);
        }
        finally { Tape.Return(first); Tape.Return(second); }
    }

    [Fact]
    public void MinAndMax_SplitATieInHalves_AsTorchMinimum()
    {
        var tape = Tape.Rent();
        try
        {
            var (a, b) = (tape.Leaf(4), tape.Leaf(4));
            var y = Adjoint.Min(a, b) + Adjoint.Max(a, b) * 3.0;
            tape.ClearAdjoints();
            tape.AdjointOf(y) = 1;
            tape.Sweep();
            Assert.Equal(2, tape.AdjointOf(a), 12);                               // ½ · 1 + ½ · 3
            Assert.Equal(2, tape.AdjointOf(b), 12);

            var (small, large) = (tape.Leaf(1), tape.Leaf(9));
            var z = Adjoint.Min(small, large) * 2.0 + Adjoint.Max(small, large);
            tape.ClearAdjoints();
            tape.AdjointOf(z) = 1;
            tape.Sweep();
            Assert.Equal(2, tape.AdjointOf(small), 12);
            Assert.Equal(1, tape.AdjointOf(large), 12);
        }
        finally { Tape.Return(tape); }
    }

    [Fact]
    public void ZeroAdjoint_BehindAnInfinitePartial_PassesNoNaN()
    {
        var tape = Tape.Rent();
        try
        {
            var x = tape.Leaf(0);
            var root = Adjoint.Sqrt(x);                                            // ∂/∂x = ∞ at 0
            var y = Adjoint.Min(root, Adjoint.Constant(-1)) + x;                   // min takes the constant: root's adjoint is 0
            tape.ClearAdjoints();
            tape.AdjointOf(y) = 1;
            tape.Sweep();
            Assert.Equal(1, tape.AdjointOf(x));
        }
        finally { Tape.Return(tape); }
    }
}
