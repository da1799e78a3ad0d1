namespace DeltaModel.Models.Neural;

/// <summary>
/// What a network factory knows about the data around the network: input width and where the static attributes sit
/// in the input, output width and which output channels vary in time. Plain networks only need the widths; a network
/// with a static head (<see cref="LstmMlpNetwork"/>) needs the rest.
/// </summary>
/// <param name="Inputs">Input width per step: dynamic forcings, then <paramref name="Attributes"/> static attributes
/// repeated every step (the layout of <c>Composition.NetworkInput</c>).</param>
/// <param name="Outputs">Output width per step.</param>
/// <param name="Attributes">Number of static attribute columns at the end of the input. Range: [0, Inputs].</param>
/// <param name="DynamicOutputs">Per output channel, whether the consumer reads it per day (true) or as one value per
/// basin (false: static and routing parameters); null = every channel is read per day.</param>
public sealed record NetworkLayout(long Inputs, long Outputs, long Attributes = 0, IReadOnlyList<bool>? DynamicOutputs = null)
{
    /// <summary>Index of the first attribute column.</summary>
    public long AttributeStart => Inputs - Attributes;

    /// <summary>Whether output channel <paramref name="k"/> is read per day.</summary>
    public bool IsDynamic(int k) => DynamicOutputs is null || DynamicOutputs[k];

    /// <exception cref="ArgumentException">Inconsistent widths.</exception>
    public void Validate()
    {
        if (Inputs < 1) throw new ArgumentException($"network input width must be ≥ 1, got {Inputs}.");
        if (Outputs < 1) throw new ArgumentException($"network output width must be ≥ 1, got {Outputs}.");
        if (Attributes < 0 || Attributes > Inputs) throw new ArgumentException($"{Attributes} attribute columns do not fit {Inputs} inputs.");
        if (DynamicOutputs is not null && DynamicOutputs.Count != Outputs)
            throw new ArgumentException($"{DynamicOutputs.Count} dynamic-output flags for {Outputs} outputs.");
    }
}
