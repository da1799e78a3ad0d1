using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeltaModel.Models.Physics.Scalar;

/// <summary>How a recorded number's index is split: the node in the low <see cref="NodeBits"/> bits, its tape's id above.</summary>
internal static class TapeIndex
{
    public const int NodeBits = 21, NodeMask = (1 << NodeBits) - 1, MaxTapes = 1 << (31 - NodeBits);
}

/// <summary>
/// The tapes of one kind (<see cref="Tape"/>, <see cref="LaneTape"/>): a pool that workers rent from and return to, and
/// the registry that finds a tape from any index it handed out (<see cref="Of"/>: a plain array read, where a
/// thread-local lookup per operation had cost ≈ 8 % of the physics).
/// </summary>
internal static class TapeRegistry<TTape> where TTape : class
{
    static readonly TTape?[] Tapes = new TTape?[TapeIndex.MaxTapes];
    static readonly ConcurrentBag<TTape> Pool = [];
    static int created;

    /// <summary>A pooled tape, or a new one made by <paramref name="create"/> from the id bits its indices carry.</summary>
    public static TTape Rent(Func<int, TTape> create)
    {
        if (Pool.TryTake(out var tape)) return tape;
        int id = Interlocked.Increment(ref created);
        if (id >= TapeIndex.MaxTapes)
            throw new InvalidOperationException($"fused step: more than {TapeIndex.MaxTapes - 1} {typeof(TTape).Name}s rented at once; " +
                                                "the generic backward records at most that many (basin, component group)s in parallel.");
        return Tapes[id] = create(id << TapeIndex.NodeBits);
    }

    /// <summary>Gives a rented tape back for the next worker.</summary>
    public static void Return(TTape tape) => Pool.Add(tape);

    /// <summary>The tape an index (not a constant's) was recorded on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TTape Of(int index) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Tapes), index >>> TapeIndex.NodeBits)!;
}
