using DeltaModel.Core.Configuration;
using DeltaModel.Core.Data;
using DeltaModel.Core.Training;

namespace DeltaModel.Core.Tests.Training;

public sealed class ValidationSplitTests
{
    static readonly string[] Basins = Enumerable.Range(1, 20).Select(i => $"0{i:D7}").ToArray();

    [Fact]
    public void Fraction_DrawsTheSameBasinsForTheSameSeed_WhateverTheDatasetOrder()
    {
        var config = new ValidationConfig { Fraction = 0.25, Seed = 7 };
        var a = ValidationSplit.HeldOutBasins(config, Basins, experimentSeed: 1);
        var b = ValidationSplit.HeldOutBasins(config, Basins.Reverse().ToArray(), experimentSeed: 2);
        Assert.Equal(5, a.Count);
        Assert.Equal(a.Order(), b.Order());
        Assert.NotEqual(a, ValidationSplit.HeldOutBasins(config with { Seed = 8 }, Basins, 1));
        Assert.Equal(ValidationSplit.HeldOutBasins(config with { Seed = null }, Basins, 7), a);   // default: the experiment's seed
    }

    [Fact]
    public void PeriodOnly_HoldsOutNothing_AndUnknownBasinsAreNamed()
    {
        Assert.Empty(ValidationSplit.HeldOutBasins(new ValidationConfig { Period = new() { Start = new(2000, 1, 1), End = new(2000, 12, 31) } }, Basins, 1));
        var e = Assert.Throws<DataException>(() => ValidationSplit.HeldOutBasins(new ValidationConfig { Basins = ["01234567"] }, Basins, 1));
        Assert.Contains("validation.basins", e.Message);
        Assert.Contains("01234567", e.Message);
    }

    [Fact]
    public void ASplitThatLeavesNoTrainingBasin_IsRefused()
    {
        var e = Assert.Throws<DataException>(() => ValidationSplit.HeldOutBasins(new ValidationConfig { Basins = Basins }, Basins, 1));
        Assert.Contains("at least one basin", e.Message);
    }
}
