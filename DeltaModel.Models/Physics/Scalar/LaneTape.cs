using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// <see cref="Tape"/> for <see cref="LaneAdjoint"/>: one day of a group of <see cref="LaneMath.Width"/> components
/// recorded once, its structure (parents) shared by the lanes and its partials and adjoints one
/// <see cref="Vector{T}"/> per node, so recording and sweeping cost per component falls by the lane count. Same
/// layout and tricks as <see cref="Tape"/> (sink node 0, tape id in the index's high bits, one array of node structs
/// read without bounds checks; read its remarks).
/// <para>The lanes differ in one way: a node whose adjoint is 0 in some lanes only is still swept, so its contribution is
/// masked lane by lane (0 where the adjoint is 0), which keeps <see cref="Tape"/>'s rule that an infinite or NaN partial
/// behind a zero adjoint (a branch another lane took, a pow at 0) passes nothing.</para>
/// </summary>
public sealed class LaneTape
{
    const int NodeMask = TapeIndex.NodeMask;

    /// <summary>A free tape, empty (return it with <see cref="Return"/>).</summary>
    public static LaneTape Rent()
    {
        var tape = TapeRegistry<LaneTape>.Rent(idBits => new LaneTape(idBits));
        tape.Reset();
        return tape;
    }

    /// <summary>Gives a rented tape back for the next worker.</summary>
    public static void Return(LaneTape tape) => TapeRegistry<LaneTape>.Return(tape);

    /// <summary>The tape an index (not a constant's) was recorded on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static LaneTape Of(int index) => TapeRegistry<LaneTape>.Of(index);

    LaneTape(int idBits) => this.idBits = idBits;

    struct Node
    {
        public int A, B;
        public Vector<double> DA, DB;
    }

    readonly int idBits;
    Node[] nodes = new Node[1024];
    Vector<double>[] adjoints = new Vector<double>[1024];
    int count = 1;

    /// <summary>Nodes recorded so far, the sink included.</summary>
    public int Count => count;

    /// <summary>Forgets every node but the sink.</summary>
    public void Reset() => count = 1;

    /// <summary>Zeros the adjoints of every node recorded.</summary>
    public void ClearAdjoints() => Array.Clear(adjoints, 0, count);

    /// <summary>The adjoints of <paramref name="x"/>'s node (the sink's for a constant), to seed or read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref Vector<double> AdjointOf(LaneAdjoint x) => ref adjoints[x.Index & NodeMask];

    /// <summary>A new input: a node without parents.</summary>
    public LaneAdjoint Leaf(Vector<double> value) => new(value, Push(Tape.Sink, default, Tape.Sink, default));

    /// <summary>Records a node; a parent at <see cref="Tape.Sink"/> is a constant (or none) and its partial is never used.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Push(int a, Vector<double> da, int b, Vector<double> db)
    {
        int i = count;
        if ((uint)i >= (uint)nodes.Length) Grow();
        ref var node = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(nodes), i);
        node.A = a & NodeMask; node.DA = da;
        node.B = b & NodeMask; node.DB = db;
        count = i + 1;
        return idBits | i;
    }

    /// <summary>Propagates the adjoints of nodes <see cref="Count"/> − 1 down to 1 onto their parents, lane by lane; a
    /// lane whose adjoint is 0 passes nothing.</summary>
    public void Sweep()
    {
        ref var node0 = ref MemoryMarshal.GetArrayDataReference(nodes);
        ref var adj = ref MemoryMarshal.GetArrayDataReference(adjoints);
        for (int i = count - 1; i > Tape.Sink; i--)
        {
            var g = Unsafe.Add(ref adj, i);
            var zero = Vector.Equals(g, Vector<double>.Zero);
            if (Vector.EqualsAll(zero, Vector<long>.AllBitsSet)) continue;
            ref var node = ref Unsafe.Add(ref node0, i);
            Unsafe.Add(ref adj, node.A) += Vector.ConditionalSelect(zero, Vector<double>.Zero, g * node.DA);
            Unsafe.Add(ref adj, node.B) += Vector.ConditionalSelect(zero, Vector<double>.Zero, g * node.DB);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Grow()
    {
        if (nodes.Length > NodeMask / 2)
            throw new InvalidOperationException($"fused step: one day of one component group recorded more than {nodes.Length} operations; a declared step is a few hundred.");
        Array.Resize(ref nodes, nodes.Length * 2);
        Array.Resize(ref adjoints, nodes.Length);
    }
}
