using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// A reverse-mode tape for one (basin, component)-day at a time: a Wengert list of nodes with at most two parents and
/// their local partial derivatives, recorded by <see cref="Adjoint"/> arithmetic and swept backwards by
/// <see cref="Sweep"/>. Rented by a worker (<see cref="Rent"/>) and reused: recording allocates nothing once the node
/// array has grown to a day's size.
/// <para>An <see cref="Adjoint"/>'s index names its tape as well as its node (the tape's id in the high bits), so an
/// operation finds the tape from its operands through a plain array (<see cref="Of"/>) instead of a thread-local
/// lookup per operation. Node 0 of every tape is the <b>sink</b>, and index 0 is every constant: a constant or a
/// missing parent points at it, so recording and sweeping need no "is there a parent" test; its adjoint collects
/// nothing anyone reads. The nodes are one array of structs (a node's parents and partials share a cache line), read
/// without bounds checks, which <see cref="Push"/>'s capacity test keeps.</para>
/// </summary>
public sealed class Tape
{
    /// <summary>The index of the sink: a constant's node.</summary>
    public const int Sink = 0;

    const int NodeMask = TapeIndex.NodeMask;

    /// <summary>A free tape, empty (return it with <see cref="Return"/>).</summary>
    public static Tape Rent()
    {
        var tape = TapeRegistry<Tape>.Rent(idBits => new Tape(idBits));
        tape.Reset();
        return tape;
    }

    /// <summary>Gives a rented tape back for the next worker.</summary>
    public static void Return(Tape tape) => TapeRegistry<Tape>.Return(tape);

    /// <summary>The tape an index (not a constant's) was recorded on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Tape Of(int index) => TapeRegistry<Tape>.Of(index);

    Tape(int idBits) => this.idBits = idBits;

    struct Node
    {
        public int A, B;
        public double DA, DB;
    }

    readonly int idBits;
    Node[] nodes = new Node[1024];
    double[] adjoints = new double[1024];
    int count = 1;

    /// <summary>Nodes recorded so far, the sink included.</summary>
    public int Count => count;

    /// <summary>Forgets every node but the sink (the adjoints are left as they are; clear them with <see cref="ClearAdjoints"/>).</summary>
    public void Reset() => count = 1;

    /// <summary>Zeros the adjoints of every node recorded.</summary>
    public void ClearAdjoints() => Array.Clear(adjoints, 0, count);

    /// <summary>The adjoint of <paramref name="x"/>'s node (the sink's for a constant), to seed or read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref double AdjointOf(Adjoint x) => ref adjoints[x.Index & NodeMask];

    /// <summary>A new input: a node without parents.</summary>
    public Adjoint Leaf(double value) => new(value, Push(Sink, 0, Sink, 0));

    /// <summary>Records a node; a parent at <see cref="Sink"/> is a constant (or none) and its partial is never used.</summary>
    /// <returns>The new node's index, tape id included.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Push(int a, double da, int b, double db)
    {
        int i = count;
        if ((uint)i >= (uint)nodes.Length) Grow();
        ref var node = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(nodes), i);
        node.A = a & NodeMask; node.DA = da;
        node.B = b & NodeMask; node.DB = db;
        count = i + 1;
        return idBits | i;
    }

    /// <summary>Propagates the adjoints of nodes <see cref="Count"/> − 1 down to 1 onto their parents. A node whose
    /// adjoint is 0 passes nothing (so an infinite partial behind a zero adjoint gives no NaN).</summary>
    public void Sweep()
    {
        ref var node0 = ref MemoryMarshal.GetArrayDataReference(nodes);
        ref double adj = ref MemoryMarshal.GetArrayDataReference(adjoints);
        for (int i = count - 1; i > Sink; i--)
        {
            double g = Unsafe.Add(ref adj, i);
            if (g == 0) continue;
            ref var node = ref Unsafe.Add(ref node0, i);
            Unsafe.Add(ref adj, node.A) += g * node.DA;
            Unsafe.Add(ref adj, node.B) += g * node.DB;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    void Grow()
    {
        if (nodes.Length > NodeMask / 2)
            throw new InvalidOperationException($"fused step: one day of one (basin, component) recorded more than {nodes.Length} operations; a declared step is a few hundred.");
        Array.Resize(ref nodes, nodes.Length * 2);
        Array.Resize(ref adjoints, nodes.Length);
    }
}
