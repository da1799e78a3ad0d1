using System.Numerics;
using System.Runtime.CompilerServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// What <see cref="ScalarStepKernel{TStep}"/> needs to know about the components it runs together: how many, how their
/// numbers are read from and written to memory, and the tape their backward records on. Two kinds exist — one component
/// (<see cref="OneComponent"/>: <see cref="Real"/>, <see cref="Adjoint"/>, <see cref="Tape"/>) and a SIMD lane group
/// (<see cref="LaneGroup"/>: <see cref="Lanes"/>, <see cref="LaneAdjoint"/>, <see cref="LaneTape"/>) — and the kernel's
/// loops are written once over this interface. Implementations are structs, so each kind gets its own compiled loop
/// with every call here inlined.
/// </summary>
/// <typeparam name="TNum">The forward number: one value per component of the group.</typeparam>
/// <typeparam name="TAdj">The number recorded on the group's tape.</typeparam>
internal unsafe interface IComponentGroup<TNum, TAdj>
    where TNum : unmanaged, IScalar<TNum>
    where TAdj : unmanaged, IScalar<TAdj>
{
    /// <summary>Components in the group.</summary>
    static abstract int Width { get; }

    /// <summary>The values of the group's components, stored consecutively at <paramref name="source"/>.</summary>
    static abstract TNum Load(double* source);

    /// <summary>Writes one value per component consecutively at <paramref name="target"/>.</summary>
    static abstract void Store(double* target, TNum value);

    /// <summary>The same value for every component (a basin's forcing).</summary>
    static abstract TNum Broadcast(double value);

    /// <summary>Adds every component's value times <paramref name="weight"/> to <paramref name="sum"/> in component
    /// order, so the sum is bit for bit the one a loop over single components forms.</summary>
    static abstract void AddInComponentOrder(ref double sum, TNum value, double weight);

    /// <summary>An input whose gradient is not needed: recorded as a constant (the tape's sink).</summary>
    static abstract TAdj Constant(TNum value);

    /// <summary>Forgets every node but the sink.</summary>
    void Reset();

    /// <summary>Zeros the adjoints of every node recorded.</summary>
    void ClearAdjoints();

    /// <summary>Propagates the adjoints from the last node recorded back to the first.</summary>
    void Sweep();

    /// <summary>A new input on the tape.</summary>
    TAdj Leaf(TNum value);

    /// <summary>The adjoint of <paramref name="x"/>'s node.</summary>
    TNum AdjointOf(TAdj x);

    /// <summary>Adds <paramref name="seed"/> to the adjoint of <paramref name="x"/>'s node (a constant's goes to the sink).</summary>
    void Seed(TAdj x, TNum seed);

    /// <summary>Gives the tape back to its pool.</summary>
    void Return();
}

/// <summary>One component at a time: the reference the lane groups are tested against, and nmul's remainder.</summary>
internal readonly unsafe struct OneComponent(Tape tape) : IComponentGroup<Real, Adjoint>
{
    public static OneComponent Rent() => new(Tape.Rent());

    public static int Width => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Load(double* source) => new(*source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double* target, Real value) => *target = value.Value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Real Broadcast(double value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void AddInComponentOrder(ref double sum, Real value, double weight) => sum += value.Value * weight;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Adjoint Constant(Real value) => Adjoint.Constant(value.Value);

    public void Reset() => tape.Reset();
    public void ClearAdjoints() => tape.ClearAdjoints();
    public void Sweep() => tape.Sweep();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Adjoint Leaf(Real value) => tape.Leaf(value.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Real AdjointOf(Adjoint x) => new(tape.AdjointOf(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Seed(Adjoint x, Real seed) => tape.AdjointOf(x) += seed.Value;
    public void Return() => Tape.Return(tape);
}

/// <summary><see cref="LaneMath.Width"/> components at once, one per SIMD lane, recorded and swept once per day.</summary>
internal readonly unsafe struct LaneGroup(LaneTape tape) : IComponentGroup<Lanes, LaneAdjoint>
{
    public static LaneGroup Rent() => new(LaneTape.Rent());

    public static int Width => LaneMath.Width;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Load(double* source) => new(Unsafe.ReadUnaligned<Vector<double>>(source));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double* target, Lanes value) => Unsafe.WriteUnaligned(target, value.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Lanes Broadcast(double value) => new(new Vector<double>(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddInComponentOrder(ref double sum, Lanes value, double weight)
    {
        var v = value.Value;
        for (int l = 0; l < Vector<double>.Count; l++) sum += v[l] * weight;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static LaneAdjoint Constant(Lanes value) => new(value.Value, Tape.Sink);

    public void Reset() => tape.Reset();
    public void ClearAdjoints() => tape.ClearAdjoints();
    public void Sweep() => tape.Sweep();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public LaneAdjoint Leaf(Lanes value) => tape.Leaf(value.Value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Lanes AdjointOf(LaneAdjoint x) => new(tape.AdjointOf(x));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Seed(LaneAdjoint x, Lanes seed) => tape.AdjointOf(x) += seed.Value;
    public void Return() => LaneTape.Return(tape);
}
