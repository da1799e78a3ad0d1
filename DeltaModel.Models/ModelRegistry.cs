using DeltaModel.Core.Configuration;
using DeltaModel.Models.Physics;
using DeltaModel.Models.Physics.Buckets;
using DeltaModel.Models.Physics.Gr4jFamily;
using DeltaModel.Models.Physics.HbvFamily;
using DeltaModel.Models.Physics.Photosynthesis;
using DeltaModel.Models.Routing;

namespace DeltaModel.Models;

/// <summary>
/// Config name → model factory. A new physics model is one file plus one line here (style §3), or, outside this
/// repository, one <see cref="RegisterPhysics"/> call from a plug-in (docs/plugins.md); errors, completers and
/// registry-wide tests list the keys.
/// </summary>
public static partial class ModelRegistry
{
    static readonly Lock registering = new();

    // Replaced, never changed, by RegisterPhysics: readers need no lock. Insertion order is kept (the catalog's order).
    static Dictionary<string, Func<PhysicsOptions, IPhysicsModel>> physics = new(StringComparer.OrdinalIgnoreCase)
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
        ["fvcb_medlyn"] = o => new FvcbMedlyn(o),
        ["gamma_routing"] = o => new GammaRouting(o),
    };

    /// <summary>The names this assembly registers; the catalog (docs/models.md) lists these, not plug-ins'.</summary>
    public static IReadOnlySet<string> BuiltInPhysicsNames { get; } = physics.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registered physics model names (aliases included), plug-ins' after the built-in ones.</summary>
    public static IReadOnlyCollection<string> PhysicsNames => physics.Keys;

    /// <summary>
    /// Adds a physics model under <paramref name="name"/> (a plug-in's, docs/plugins.md): configs may name it from now
    /// on, and registry-wide checks (the physics theory tests) cover it.
    /// </summary>
    /// <param name="create">Builds the model from the <c>model.physics</c> options; throws <see cref="ArgumentException"/>
    /// for options it rejects.</param>
    /// <exception cref="ArgumentException">The name is empty or already registered.</exception>
    public static void RegisterPhysics(string name, Func<PhysicsOptions, IPhysicsModel> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        lock (registering)
        {
            if (physics.ContainsKey(name)) throw new ArgumentException($"a physics model named '{name}' is already registered.", nameof(name));
            physics = new Dictionary<string, Func<PhysicsOptions, IPhysicsModel>>(physics, StringComparer.OrdinalIgnoreCase) { [name] = create };
        }
    }

    /// <summary>
    /// The physics model a <c>model.physics</c> section describes: the model it names, or the chain of models it lists
    /// (<see cref="PhysicsChain"/>).
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name (with a did-you-mean), invalid options, or a chain whose members do not fit.</exception>
    public static IPhysicsModel CreatePhysics(PhysicsConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Chain is null ? CreatePhysics(config.Name, config) : new PhysicsChain(config, CreatePhysics);
    }

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
