using System.Management.Automation;
using DeltaModel.Core.Configuration;
using DeltaModel.Models;
using DeltaModel.Models.Physics;
using DeltaModel.PowerShell.Completers;
using DeltaModel.PowerShell.Model;

namespace DeltaModel.PowerShell.Commands;

/// <summary>
/// <para type="synopsis">Lists the registered physics models, or (-Parameter) their parameters with bounds and units.</para>
/// <para type="description">Reads the model registry, so a newly registered model shows here without changes to the module.</para>
/// <example><code>Get-DeltaPhysicsModel</code><para>Lists every registered physics model with its number of parameters, forcings and outputs.</para></example>
/// <example><code>Get-DeltaPhysicsModel hbv -Parameter</code><para>Lists the parameters of HBV with their bounds, units and meaning.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DeltaPhysicsModel", DefaultParameterSetName = ModelSet)]
[OutputType(typeof(PhysicsModelInfo), ParameterSetName = [ModelSet])]
[OutputType(typeof(PhysicsParameterInfo), ParameterSetName = [ParameterSet])]
public sealed class GetDeltaPhysicsModelCommand : PSCmdlet
{
    const string ModelSet = "Model";
    const string ParameterSet = "Parameter";

    /// <summary>Model names (wildcards allowed); default: all.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(PhysicsNameCompleter))]
    [SupportsWildcards]
    public string[] Name { get; set; } = ["*"];

    /// <summary>List parameters (name, bounds, unit, meaning) instead of models.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSet)]
    public SwitchParameter Parameter { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var pattern in Name)
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase);
            var matches = ModelRegistry.PhysicsNames.Where(wildcard.IsMatch).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(new ErrorRecord(new ItemNotFoundException(
                    $"no physics model '{pattern}'; registered: {string.Join(", ", ModelRegistry.PhysicsNames)}."),
                    "PhysicsModelNotFound", ErrorCategory.ObjectNotFound, pattern));
                continue;
            }
            foreach (var name in matches)
            {
                var model = ModelRegistry.CreatePhysics(name, new PhysicsConfig());
                if (!Parameter) { WriteObject(new PhysicsModelInfo(name, model)); continue; }
                foreach (var p in model.Declarations.Parameters) WriteObject(new PhysicsParameterInfo(name, p, routing: false));
                foreach (var p in model.Declarations.RoutingParameters) WriteObject(new PhysicsParameterInfo(name, p, routing: true));
            }
        }
    }
}
