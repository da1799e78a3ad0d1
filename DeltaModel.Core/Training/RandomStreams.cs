namespace DeltaModel.Core.Training;

/// <summary>
/// Seeds derived from the run's seed, one per (purpose, epoch), so each epoch's randomness is independent of how the
/// run got there (fresh or resumed).
/// </summary>
public static class RandomStreams
{
    /// <summary>A 31-bit seed for <paramref name="purpose"/> in <paramref name="epoch"/>.</summary>
    public static int Derive(int seed, string purpose, int epoch)
    {
        // FNV-1a over the inputs: stable across processes and .NET versions (unlike string.GetHashCode).
        ulong h = 14695981039346656037UL;
        void Mix(ulong v) { for (int i = 0; i < 8; i++) { h ^= (v >> (8 * i)) & 0xff; h *= 1099511628211UL; } }
        Mix((ulong)(uint)seed);
        foreach (char c in purpose) Mix(c);
        Mix((ulong)(uint)epoch);
        return (int)(h & 0x7fffffff);
    }
}
