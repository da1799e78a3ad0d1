namespace DeltaModel.Models.Composition;

/// <summary>
/// How networks and physics are coupled, in words (docs/coupling.md): what the run log, <see cref="HybridModel.Coupling"/>
/// and <c>results.json</c> say. Written in one place so that the model and a config describe a run alike.
/// </summary>
public static class CouplingMode
{
    /// <summary>A network without physics.</summary>
    public const string NetworkOnly = "network only";

    /// <summary>The modes a hybrid model combines, joined by <c> + </c> (plain parameter learning alone: <c>parameter learning</c>).</summary>
    /// <param name="severalNetworks">Named networks share the parameters (<c>model.networks</c>).</param>
    /// <param name="processReplacement">Networks replace processes of the physics' step (<c>model.processes</c>).</param>
    /// <param name="postprocessor">A residual post-processor corrects the target (<c>model.postprocessor</c>).</param>
    /// <param name="chain">The physics is a chain of models (<c>model.physics.chain</c>).</param>
    public static string Of(bool severalNetworks, bool processReplacement, bool postprocessor, bool chain) => string.Join(" + ", new[]
    {
        severalNetworks ? "parameter learning by several networks" : "parameter learning",
        processReplacement ? "process replacement" : null,
        postprocessor ? "residual post-processor" : null,
        chain ? "physics chain" : null,
    }.OfType<string>());
}
