using DeltaModel.Models.Neural;
using DeltaModel.Models.Physics;

namespace DeltaModel.Models.States;

/// <summary>
/// Everything a trained model carries from one day to the next, for a set of basins, as of the end of
/// <paramref name="Date"/>: a run that starts on the day after from this state continues as if it had never stopped.
/// Written and read by <see cref="ModelStateFile"/> (docs/outputs.md, "State files").
/// </summary>
/// <param name="Date">The last day simulated into this state.</param>
/// <param name="Basins">Basin ids, in the basin order of every tensor.</param>
/// <param name="Physics">Stores <c>[S, B, C]</c> and routing history still in transit <c>[L−1, B, K]</c> (or none).</param>
/// <param name="Network">The network's recurrent state (LSTM h and c, each <c>[B, H]</c>), or null for a network that carries none.</param>
public sealed record ModelState(DateOnly Date, IReadOnlyList<string> Basins, PhysicsState Physics, RecurrentState? Network = null);
