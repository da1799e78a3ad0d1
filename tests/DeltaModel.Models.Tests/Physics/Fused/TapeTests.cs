using System.Numerics;
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

    static Vector<double> LaneValues(Func<int, double> lane) => new([.. Enumerable.Range(0, Vector<double>.Count).Select(lane)]);

    [Fact]
    public void LaneWhere_RecordsOnlyWhereLanesDisagree_AndPassesEachLaneItsChoice()
    {
        var tape = LaneTape.Rent();
        try
        {
            var x = tape.Leaf(LaneValues(l => l + 1.0));                               // 1, 2, 3, …
            var y = tape.Leaf(LaneValues(l => 10.0 * (l + 1)));
            int leaves = tape.Count;
            Assert.Equal(x.Index, LaneAdjoint.Where(LaneAdjoint.Constant(1), x, y).Index);   // every lane agrees: the operand itself
            Assert.Equal(y.Index, LaneAdjoint.Where(LaneAdjoint.Constant(0), x, y).Index);
            Assert.Equal(leaves, tape.Count);

            var odd = LaneAdjoint.Less(LaneAdjoint.Constant(1.5), x) * LaneAdjoint.Constant(1);   // lanes 1, 2, … (x > 1.5)
            var chosen = LaneAdjoint.Where(odd, x * y, y * 3.0);                  // lane 0: 3y; others: x·y
            Assert.Equal(Tape.Sink, odd.Index);
            tape.ClearAdjoints();
            tape.AdjointOf(chosen) = Vector<double>.One;
            tape.Sweep();
            for (int l = 0; l < Vector<double>.Count; l++)
            {
                double xv = l + 1.0, yv = 10.0 * (l + 1);
                Assert.Equal(l == 0 ? 0 : yv, tape.AdjointOf(x)[l]);
                Assert.Equal(l == 0 ? 3 : xv, tape.AdjointOf(y)[l]);
            }
        }
        finally { LaneTape.Return(tape); }
    }

    [Fact]
    public void LaneSweep_PassesNoNaN_FromALaneNotChosen()
    {
        var tape = LaneTape.Rent();
        try
        {
            var x = tape.Leaf(LaneValues(l => l == 0 ? -1.0 : 4.0));                   // pow(−1, 2.5) is NaN, value and partial
            var root = LaneAdjoint.Pow(x, 2.5);
            var y = LaneAdjoint.Where(LaneAdjoint.Less(LaneAdjoint.Constant(0), x), root, x * 2.0);
            tape.ClearAdjoints();
            tape.AdjointOf(y) = Vector<double>.One;
            tape.Sweep();
            Assert.Equal(2, tape.AdjointOf(x)[0]);                                 // lane 0 took 2x: no NaN from the pow
            if (Vector<double>.Count > 1) Assert.Equal(2.5 * Math.Pow(4, 1.5), tape.AdjointOf(x)[1], 12);
        }
        finally { LaneTape.Return(tape); }
    }

    [Fact]
    public void LaneOperations_EqualTheScalarOnesLaneByLane()
    {
        // Each lane recorded on a LaneTape gives the scalar tape's value and adjoint, ties and clamps at their bounds included.
        double[] xs = [0.5, 2, 3, -1, 0, 7, 2, 1e-3], ys = [2, 2, 1, -1, 3, 0.25, 5, 1e-3];
        var lx = LaneValues(l => xs[l % xs.Length]);
        var ly = LaneValues(l => ys[l % ys.Length]);
        LaneAdjoint F(LaneAdjoint a, LaneAdjoint b) =>
            LaneAdjoint.Min(a, b) * LaneAdjoint.Max(a, b) + LaneAdjoint.Clamp(a, 0, 2) / (LaneAdjoint.Exp(b) + 1.0)
            + LaneAdjoint.Tanh(a) - LaneAdjoint.ClampMin(b, 1) * LaneAdjoint.Sqrt(LaneAdjoint.ClampMax(b, 2) * b + 4.0)
            + LaneAdjoint.Pow(LaneAdjoint.ClampMin(a, 0) + 1.0, b) + LaneAdjoint.Log(a * a + 1.0);
        Adjoint G(Adjoint a, Adjoint b) =>
            Adjoint.Min(a, b) * Adjoint.Max(a, b) + Adjoint.Clamp(a, 0, 2) / (Adjoint.Exp(b) + 1.0)
            + Adjoint.Tanh(a) - Adjoint.ClampMin(b, 1) * Adjoint.Sqrt(Adjoint.ClampMax(b, 2) * b + 4.0)
            + Adjoint.Pow(Adjoint.ClampMin(a, 0) + 1.0, b) + Adjoint.Log(a * a + 1.0);
        var (laneTape, tape) = (LaneTape.Rent(), Tape.Rent());
        try
        {
            var (a, b) = (laneTape.Leaf(lx), laneTape.Leaf(ly));
            var z = F(a, b);
            laneTape.ClearAdjoints();
            laneTape.AdjointOf(z) = Vector<double>.One;
            laneTape.Sweep();
            for (int l = 0; l < Vector<double>.Count; l++)
            {
                tape.Reset();
                var (sa, sb) = (tape.Leaf(lx[l]), tape.Leaf(ly[l]));
                var sz = G(sa, sb);
                tape.ClearAdjoints();
                tape.AdjointOf(sz) = 1;
                tape.Sweep();
                Assert.Equal(sz.Value, z.Value[l]);
                Assert.Equal(tape.AdjointOf(sa), laneTape.AdjointOf(a)[l]);
                Assert.Equal(tape.AdjointOf(sb), laneTape.AdjointOf(b)[l]);
            }
        }
        finally { LaneTape.Return(laneTape); Tape.Return(tape); }
    }

    [Fact]
    public void Lanes_EqualReal_BitForBit_SignedZerosAndNaNIncluded()
    {
        double[] xs = [0.0, -0.0, double.NaN, 3, -2, 1e-300, 5, 0.5], ys = [-0.0, 0.0, 1, double.NaN, -2, 0, 4, 2];
        var lx = new Lanes(LaneValues(l => xs[l % xs.Length]));
        var ly = new Lanes(LaneValues(l => ys[l % ys.Length]));
        var results = new (Lanes Lanes, Func<Real, Real, Real> Real)[]
        {
            (Lanes.Min(lx, ly), Real.Min), (Lanes.Max(lx, ly), Real.Max),
            (Lanes.Clamp(lx, -0.0, 1), (x, _) => Real.Clamp(x, -0.0, 1)), (Lanes.ClampMin(lx, 0), (x, _) => Real.ClampMin(x, 0)),
            (Lanes.Pow(lx, ly), Real.Pow), (Lanes.Tanh(lx / ly), (x, y) => Real.Tanh(x / y)), (Lanes.Sqrt(lx), (x, _) => Real.Sqrt(x)),
            (Lanes.Where(Lanes.LessOrEqual(lx, ly), lx, ly), (x, y) => Real.Where(Real.LessOrEqual(x, y), x, y)),
            (Lanes.Pow(lx, 4), (x, _) => Real.Pow(x, 4)), (Lanes.Pow(lx, -0.25), (x, _) => Real.Pow(x, -0.25)),
            (Lanes.Pow(lx, 3.5), (x, _) => Real.Pow(x, 3.5)), (Lanes.Pow(lx, -2.5), (x, _) => Real.Pow(x, -2.5)),
            (Lanes.Pow(lx, 1.7), (x, _) => Real.Pow(x, 1.7)),
        };
        foreach (var (lanes, real) in results)
            for (int l = 0; l < Vector<double>.Count; l++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(real(new(lx.Value[l]), new(ly.Value[l])).Value), BitConverter.DoubleToInt64Bits(lanes.Value[l]));
    }

    [Fact]
    public void ShortPowers_EqualMathPow_ToFloat64Rounding_AndItsSpecialValues()
    {
        var random = new Random(5);
        foreach (double exponent in new[] { 4, -0.25, 3.5, 2.5, -2.5 })
        {
            Assert.True(ShortPowers.Has(exponent));
            for (int i = 0; i < 2000; i++)
            {
                double x = Math.Exp(random.NextDouble() * 40 - 20);                   // e^−20 … e^20
                double expected = Math.Pow(x, exponent);
                Assert.True(Math.Abs(ShortPowers.Pow(x, exponent) - expected) <= 4 * Math.BitIncrement(expected) - 4 * expected,
                    $"{x:R}^{exponent}: {ShortPowers.Pow(x, exponent):R} vs Math.Pow {expected:R}");
            }
            foreach (double x in new[] { 0.0, double.PositiveInfinity, double.NaN, 1.0 })
                Assert.Equal(Math.Pow(x, exponent), ShortPowers.Pow(x, exponent));
        }
        Assert.False(ShortPowers.Has(2.4));
        Assert.True(double.IsNaN(ShortPowers.Pow(-1.0, 2.5)));                        // as pow of a negative base
    }
}
