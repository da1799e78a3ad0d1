using DeltaModel.Core.Configuration;
using DeltaModel.Models.Routing;
using TorchSharp;
using static TorchSharp.torch;

namespace DeltaModel.Models.Physics;

/// <summary>
/// Checks and plumbing shared by the physics models of the zoo. Every model (HBV family, bucket models, GR4J, HBV-EDU)
/// validates its options and checks its inputs here (forcings, parameters, initial stores), so a message reads the
/// same whichever model raises it. HBV, GR4J and HBV-EDU also route here (optional gamma-UH routing of the outputs,
/// spec §2.9) and move their result out of the run's dispose scope; <see cref="BucketModel{TDay}"/> routes in its own
/// assembly, whose budget needs the unit-hydrograph weights.
/// </summary>
internal static class PhysicsModelSupport
{
    /// <summary>Validates the options every model understands; errors name the option.</summary>
    /// <param name="hasFusedKernel">The model has a hand-written kernel, so backend <c>fused</c> is valid.</param>
    public static void Validate(string name, PhysicsOptions o, IReadOnlyList<ParameterSpec> parameters, bool hasFusedKernel = false)
    {
        if (o.Components < 1) throw new ArgumentException($"physics option 'nmul' (Components) must be ≥ 1, got {o.Components}.");
        if (hasFusedKernel && o.Backend is not ("auto" or "tensor" or "fused"))
            throw new ArgumentException($"physics option 'backend' must be 'auto', 'tensor' or 'fused', got '{o.Backend}'{Names.DidYouMean(o.Backend, ["auto", "tensor", "fused"])}.");
        if (!hasFusedKernel && o.Backend is "fused")
            throw new ArgumentException($"{name}: physics option 'backend' 'fused' is not available: this model has no fused kernel; use 'auto' or 'tensor'.");
        if (!hasFusedKernel && o.Backend is not ("auto" or "tensor"))
            throw new ArgumentException($"physics option 'backend' must be 'auto' or 'tensor' for {name}, got '{o.Backend}'{Names.DidYouMean(o.Backend, ["auto", "tensor"])}.");
        if (!(o.NearZero > 0)) throw new ArgumentException($"physics option 'near_zero' must be > 0, got {o.NearZero}.");
        var known = parameters.Select(p => p.Name).ToArray();
        foreach (var d in o.DynamicParameters)
        {
            if (HbvParameters.Routing.Any(r => r.Name == d))
                throw new ArgumentException($"{name}: routing parameter '{d}' cannot be dynamic (it is one value per basin, spec §1.3).");
            if (!known.Contains(d))
                throw new ArgumentException($"{name}: unknown dynamic parameter '{d}'{Names.DidYouMean(d, known)}; parameters: {string.Join(", ", known)}.");
        }
    }

    /// <summary>Checks the forcing tensor's shape and rejects NaN (the daily loop cannot skip days).</summary>
    /// <returns>T and B.</returns>
    public static (long T, long B) CheckForcings(string name, Tensor forcings, IReadOnlyList<string> names)
    {
        if (forcings.dim() != 3 || forcings.shape[2] != names.Count)
            throw new ArgumentException($"{name}: forcings must be [T, B, {names.Count}] ({string.Join(", ", names)}), got [{string.Join(", ", forcings.shape)}].");
        if (forcings.shape[0] < 1) throw new ArgumentException($"{name}: the run has no days.");
        using (no_grad())
            if (forcings.isnan().any().item<bool>())
                throw new ArgumentException($"{name}: forcings contain NaN. The model cannot skip days; fill or interpolate gaps in {string.Join("/", names)} before the run (spec §10.22).");
        return (forcings.shape[0], forcings.shape[1]);
    }

    /// <summary>Checks that every parameter of the model is given, each <c>[T, B, C]</c> (static ones expanded over time).</summary>
    /// <param name="name">Model name for messages.</param>
    /// <param name="specs">The model's parameters in channel order.</param>
    /// <param name="values">Parameter values by name (<see cref="PhysicsInput.Parameters"/>).</param>
    /// <returns>The values in <paramref name="specs"/> order, each <c>[T, B, C]</c>, as given (not cast: each model
    /// casts the ones it uses to the run's dtype).</returns>
    public static Tensor[] CheckParameters(string name, IReadOnlyList<ParameterSpec> specs, IReadOnlyDictionary<string, Tensor> values, long T, long B, long C)
    {
        var missing = specs.Where(p => !values.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        if (missing.Count > 0) throw new ArgumentException($"{name}: missing parameters {string.Join(", ", missing)}.");
        var given = new Tensor[specs.Count];
        for (int i = 0; i < specs.Count; i++)
        {
            var p = values[specs[i].Name];
            if (p.dim() != 3 || p.shape[0] != T || p.shape[1] != B || p.shape[2] != C)
                throw new ArgumentException($"{name}: parameter {specs[i].Name} must be [T, B, C] = [{T}, {B}, {C}] (static ones expanded over time), got [{string.Join(", ", p.shape)}].");
            given[i] = p;                                                                        // [T, B, C]
        }
        return given;
    }

    /// <summary>Checks the initial stores' shape (given ones, or the model's own default).</summary>
    /// <param name="S">Number of stores (<see cref="IPhysicsModel.States"/>).</param>
    public static void CheckStores(string name, Tensor stores, int S, long B, long C)
    {
        if (stores.dim() != 3 || stores.shape[0] != S || stores.shape[1] != B || stores.shape[2] != C)
            throw new ArgumentException($"{name}: initial stores must be [{S}, {B}, {C}], got [{string.Join(", ", stores.shape)}].");
    }

    /// <summary>
    /// Gamma-UH routing of component-mean series (spec §2.9) when <see cref="PhysicsOptions.Routing"/> is on, with the
    /// carried history of <see cref="PhysicsState.RoutingHistory"/>; the identity otherwise.
    /// </summary>
    /// <param name="unrouted">Series to route <c>[T, B, K]</c> [mm/d].</param>
    /// <returns>Routed series <c>[T, B, K]</c> and the history to carry (null without routing).</returns>
    public static (Tensor Routed, Tensor? NextHistory) Route(string name, PhysicsOptions options, PhysicsInput input, Tensor unrouted)
    {
        if (!options.Routing) return (unrouted, null);
        var history = input.InitialState?.RoutingHistory;
        var next = GammaUnitHydrograph.NextHistory(unrouted.detach(), history?.detach());
        if (input.Routing is not { } routing)
        {
            if (input.StatesOnly) return (unrouted, next);
            throw new ArgumentException($"{name}: routing is on but no routing parameters were given; pass PhysicsInput.Routing [B, 2] or set routing off.");
        }
        if (routing.dim() != 2 || routing.shape[0] != unrouted.shape[1] || routing.shape[1] != HbvParameters.Routing.Count)
            throw new ArgumentException($"{name}: routing parameters must be [B, 2] (route_a, route_b), got [{string.Join(", ", routing.shape)}].");
        // Cold start as in the original: kernel no longer than the run (spec §2.9); with history, the full length.
        int length = history is null ? (int)Math.Min(GammaUnitHydrograph.DailyLength, unrouted.shape[0]) : GammaUnitHydrograph.DailyLength;
        var weights = GammaUnitHydrograph.Weights(routing[.., 0].to(unrouted.dtype), routing[.., 1].to(unrouted.dtype), length);   // [B, L]
        return (GammaUnitHydrograph.Route(unrouted, weights, history), next);                                                     // [T, B, K]
    }

    /// <summary>Moves every tensor of the result out of the run's dispose scope.</summary>
    public static PhysicsResult MoveOut(PhysicsResult r)
    {
        foreach (var t in r.Series.Values.Concat(r.Scalars.Values).Distinct()) t.MoveToOuterDisposeScope();
        r.FinalState.Stores.MoveToOuterDisposeScope();
        r.FinalState.RoutingHistory?.MoveToOuterDisposeScope();
        if (r.Budget is { } b)
            foreach (var t in new[] { b.Inputs, b.Outputs, b.StorageChange, b.NumericalGain, b.Exchange }) t?.MoveToOuterDisposeScope();
        return r;
    }
}
