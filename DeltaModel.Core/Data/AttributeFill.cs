namespace DeltaModel.Core.Data;

/// <summary>
/// What to do with a requested static attribute that a requested basin lacks (<c>NA</c> or an empty cell). The
/// default is to stop with an error naming the table, line, basin and attribute; a fill is an explicit choice in the
/// config (<c>data.attribute_fill</c>) and is reported in the dataset's description and summary.
/// </summary>
public enum AttributeFill
{
    /// <summary>A missing value is an error.</summary>
    None,

    /// <summary>
    /// The mean over the loaded basins that have the value. The normalisation statistics skip filled values, so a
    /// filled basin's network input is exactly the training mean (normalised 0) — what a missing attribute became
    /// before fills were explicit.
    /// </summary>
    Mean,

    /// <summary>The median over the loaded basins that have the value (the mean of the two middle values for an even count).</summary>
    Median,
}
