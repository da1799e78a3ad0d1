namespace DeltaModel.Models.Physics.Scalar;

/// <summary>
/// A reverse-mode tape for one (basin, component) at a time: a Wengert list of nodes with at most two parents and their
/// local partial derivatives, recorded by <see cref="Adjoint"/> arithmetic and swept backwards by <see cref="Sweep"/>.
/// One per thread (<see cref="Current"/>), reused: recording allocates nothing once the arrays have grown.
/// </summary>
public sealed class Tape
{
    [ThreadStatic] static Tape? current;

    /// <summary>This thread's tape.</summary>
    public static Tape Current => current ??= new Tape();

    int[] parentA = new int[1024], parentB = new int[1024];
    double[] partialA = new double[1024], partialB = new double[1024];

    /// <summary>Adjoint of every node, read and written by <see cref="Sweep"/> and the caller's seeds.</summary>
    public double[] Adjoints { get; private set; } = new double[1024];

    /// <summary>Nodes recorded so far.</summary>
    public int Count { get; private set; }

    /// <summary>Forgets every node (the adjoints are left as they are; clear them with <see cref="ClearAdjoints"/>).</summary>
    public void Reset() => Count = 0;

    /// <summary>Drops the nodes from <paramref name="count"/> on (a day's nodes, keeping the run's leaves).</summary>
    public void Truncate(int count) => Count = count;

    /// <summary>Zeros the adjoints of nodes <paramref name="from"/> … <see cref="Count"/> − 1.</summary>
    public void ClearAdjoints(int from) => Array.Clear(Adjoints, from, Count - from);

    /// <summary>A new input: a node without parents.</summary>
    public Adjoint Leaf(double value) => new(value, Push(-1, 0, -1, 0));

    /// <summary>Records a node; a parent index below 0 is a constant and takes no adjoint.</summary>
    public int Push(int a, double da, int b, double db)
    {
        if (Count == parentA.Length) Grow();
        int i = Count++;
        parentA[i] = a; partialA[i] = da;
        parentB[i] = b; partialB[i] = db;
        return i;
    }

    /// <summary>Propagates the adjoints of nodes <see cref="Count"/> − 1 down to <paramref name="downTo"/> onto their parents.</summary>
    public void Sweep(int downTo)
    {
        var adj = Adjoints;
        for (int i = Count - 1; i >= downTo; i--)
        {
            double g = adj[i];
            if (g == 0) continue;
            int a = parentA[i], b = parentB[i];
            if (a >= 0) adj[a] += g * partialA[i];
            if (b >= 0) adj[b] += g * partialB[i];
        }
    }

    void Grow()
    {
        int n = parentA.Length * 2;
        Array.Resize(ref parentA, n);
        Array.Resize(ref parentB, n);
        Array.Resize(ref partialA, n);
        Array.Resize(ref partialB, n);
        var adj = Adjoints;
        Array.Resize(ref adj, n);
        Adjoints = adj;
    }
}
