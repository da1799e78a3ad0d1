# Runs first when DeltaModel is imported (ScriptsToProcess in DeltaModel.psd1), before its assemblies load, in whatever
# PowerShell reads the manifest. DeltaModel is built on TorchSharp, which needs .NET 10; Windows PowerShell 5.1 runs on
# .NET Framework 4.x and PowerShell 7.5 and older on older .NET, so neither can load it. Stopping here with the reason
# replaces the assembly loader error they would otherwise print. Keep this file to Windows PowerShell 5.1 syntax.
# The body runs in its own scope (ScriptsToProcess dot-sources into the caller's); -Version/-Edition are for tests.
& {
    param(
        [version] $Version = $PSVersionTable.PSVersion,
        [string] $Edition = $PSVersionTable.PSEdition
    )
    $minimum = [version] '7.6'
    if (-not $Edition) { $Edition = 'Desktop' }   # PowerShell 2.0-4.0 have no PSEdition
    if ($Edition -eq 'Core' -and $Version -ge $minimum) { return }
    $name = if ($Edition -eq 'Core') { "PowerShell $Version" } else { "Windows PowerShell $Version" }
    throw ("DeltaModel needs PowerShell $minimum or later (pwsh) and cannot be imported into $name. Its tensor engine, " +
           'TorchSharp, needs .NET 10, which this PowerShell cannot host (Windows PowerShell 5.1 runs on .NET Framework 4.x). ' +
           'Install PowerShell 7.6 or later and run Import-Module in pwsh.')
} @args
