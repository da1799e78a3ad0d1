namespace DeltaModel.Application;

/// <summary>
/// Which part of an experiment made of several runs (<c>ensemble</c>, <c>folds</c>) one invocation does: everything —
/// each member, then their combination — as one process does by default; one member only (<c>deltamodel run --member</c>,
/// a Slurm array task of Experiments.proj); or only the combination of members that finished before (<c>--combine</c>,
/// the task that depends on them). Split or not, the members and the combination are the same code
/// (<see cref="MemberRunner"/>), so the results are those of one process.
/// </summary>
/// <param name="Member">The one member to run (its name: <c>seed_1</c>, <c>fold_2</c>, …); null = all.</param>
/// <param name="CombineOnly">Combine members that have all finished; train none.</param>
public sealed record MemberScope(string? Member, bool CombineOnly)
{
    public static readonly MemberScope All = new(null, false);
    public static readonly MemberScope Combine = new(null, true);
    public static MemberScope Only(string member) => new(member, false);

    /// <summary>The scope of the front ends' <c>--member</c> / <c>--combine</c> pair (<paramref name="member"/> null
    /// or empty: not given).</summary>
    /// <exception cref="RunInputException">Both given.</exception>
    public static MemberScope From(string? member, bool combine) => (string.IsNullOrWhiteSpace(member), combine) switch
    {
        (true, false) => All,
        (true, true) => Combine,
        (false, false) => Only(member!.Trim()),
        (false, true) => throw new RunInputException("MemberAndCombine",
            $"--member {member} and --combine: a run either trains one member or combines them all; give one of them."),
    };
}
