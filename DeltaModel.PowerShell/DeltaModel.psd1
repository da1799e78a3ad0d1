@{
    # Binary module: thin cmdlets over DeltaModel's Core API (docs/powershell.md).
    RootModule           = 'DeltaModel.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f3c5e-7d4a-4d6e-9a51-2f8c0d3e6a17'
    Author               = 'DeltaModel contributors'
    CompanyName          = 'DeltaModel contributors'
    Copyright            = 'Copyright (c) 2026 DeltaModel contributors'
    Description          = 'Differentiable hydrologic models (neural networks parameterizing process models such as HBV) for PowerShell: import CAMELS/Caravan data, build, train, simulate and score models, and export the results.'
    # The module needs PowerShell 7.6 (Core, .NET 10: TorchSharp). PowerShellVersion says 5.1 only so that Windows
    # PowerShell reads on to ScriptsToProcess, whose DeltaModel.HostCheck.ps1 stops the import with that reason and
    # enforces 7.6 before any assembly loads; with '7.6' here 5.1 would stop earlier without saying why.
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Core')
    ScriptsToProcess     = @('DeltaModel.HostCheck.ps1')
    FormatsToProcess     = @('DeltaModel.format.ps1xml')
    CmdletsToExport      = @(
        'Import-HydroDataset'
        'New-DeltaModel'
        'Start-DeltaTraining'
        'Invoke-DeltaSimulation'
        'Invoke-DeltaAssimilation'
        'Measure-DeltaModel'
        'Export-DeltaResult'
        'Get-DeltaPhysicsModel'
        'Save-DeltaModel'
        'Import-DeltaModel'
        'Start-DeltaBuilder'
        'Stop-DeltaBuilder'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('hydrology', 'differentiable-modeling', 'HBV', 'LSTM', 'CAMELS', 'TorchSharp')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/deltamodel/deltamodel'
            ReleaseNotes = 'First release: dataset import, model definition, training with progress and Ctrl+C checkpoints, simulation, metrics, export.'
        }
    }
}
