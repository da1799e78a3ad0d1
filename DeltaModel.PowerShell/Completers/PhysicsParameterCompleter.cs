using System.Collections;
using DeltaModel.Core.Configuration;
using DeltaModel.Models;
using DeltaModel.Models.Physics;

namespace DeltaModel.PowerShell.Completers;

/// <summary>Parameter names of the physics model bound to <c>-Physics</c> (default hbv), for <c>-DynamicParameter</c>.</summary>
public sealed class PhysicsParameterCompleter : NameCompleter
{
    protected override IEnumerable<string> Names(IDictionary fakeBoundParameters)
    {
        var name = Bound(fakeBoundParameters, "Physics") as string ?? "hbv";
        return ModelRegistry.CreatePhysics(name, new PhysicsConfig()).Declarations.Parameters.Where(p => p.CanBeDynamic).Select(p => p.Name);
    }
}
