using DeltaModel.Core.Configuration;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Buckets;
using DeltaModel.Models.Physics.Gr4jFamily;
using DeltaModel.Models.Physics.HbvFamily;

namespace DeltaModel.Models;

/// <summary>
/// Config name → model factory. A new physics model is one file plus one line here (style §3); errors, completers
/// and registry-wide tests list the keys.
/// </summary>
public static partial class ModelRegistry
{
    static readonly Dictionary<string, Func<PhysicsOptions, IPhysicsModel>> physics = new(StringComparer.OrdinalIgnoreCase)
    {
        ["hbv"] = o => new Hbv(o),
        ["hbv_1_0"] = o => new Hbv(o),
        ["hbv_1_1p"] = o => new Hbv11p(o),
        ["hbv_2_0"] = o => new Hbv2(o),
        ["hbv_2"] = o => new Hbv2(o),
        ["gr4j"] = o => new Gr4j(o),
        ["gr4j_cemaneige"] = o => Gr4j.WithCemaNeige(o),
        ["hbv_edu"] = o => new HbvEdu(o),
        ["prms"] = o => new Prms(o),
        ["sac_sma"] = o => new SacSma(o),
    };

    /// <summary>Registered physics model names (aliases included).</summary>
    public static IReadOnlyCollection<string> PhysicsNames => physics.Keys;

    /// <summary>Builds the physics model registered as <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name (with a did-you-mean) or invalid options.</exception>
    public static IPhysicsModel CreatePhysics(string name, PhysicsOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!physics.TryGetValue(name, out var create))
            throw new ArgumentException($"unknown physics model '{name}'{Names.DidYouMean(name, physics.Keys)}; available: {string.Join(", ", physics.Keys)}.");
        return create(options);
    }
}
