using System.Management.Automation;
using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;

namespace DeltaModel.PowerShell.Hosting;

/// <summary>
/// Lets <c>-Period 1995-10-01..2005-09-30</c> bind as a <see cref="DatePeriod"/> (PowerShell passes the bare word as a
/// string in argument mode). Also accepts a <see cref="PeriodConfig"/> or a DatePeriod. A malformed period fails at
/// binding, naming the parameter, with the Core parser's message.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DatePeriodTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        try
        {
            return value switch
            {
                null => null,
                DatePeriod p => p,
                PeriodConfig c => new DatePeriod(c.Start, c.End),
                string s => DatePeriod.Parse(s),
                _ => DatePeriod.Parse(value.ToString() ?? ""),
            };
        }
        catch (DataException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }
}
