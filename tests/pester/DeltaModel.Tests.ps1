#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Pester twins of the hosted-engine xunit tests (tests/DeltaModel.PowerShell.Tests), for machines with pwsh.
# Run through ./build.ps1 -Test, which packs the module and points DELTAMODEL_MODULE at its manifest.

BeforeAll {
    $manifest = if ($env:DELTAMODEL_MODULE) { $env:DELTAMODEL_MODULE } else { Join-Path $PSScriptRoot '../../artifacts/DeltaModel/DeltaModel.psd1' }
    Import-Module $manifest -Force
    $script:sample = Join-Path $PSScriptRoot '../../data/camels-sample'
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "deltamodel-pester-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory $work | Out-Null
}

AfterAll {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Module' {
    It 'exports exactly the documented cmdlets' {
        (Get-Command -Module DeltaModel).Name | Sort-Object | Should -Be @(
            'Export-DeltaResult', 'Get-DeltaPhysicsModel', 'Import-DeltaModel', 'Import-HydroDataset', 'Invoke-DeltaSimulation',
            'Measure-DeltaModel', 'New-DeltaModel', 'Save-DeltaModel', 'Start-DeltaTraining')
    }

    It '<_> declares an output type and an approved verb' -ForEach (Get-Command -Module DeltaModel).Name {
        $command = Get-Command $_
        $command.OutputType | Should -Not -BeNullOrEmpty
        (Get-Verb).Verb | Should -Contain $command.Verb
    }
}

Describe 'Import-HydroDataset' {
    It 'loads the selected basins and days' {
        $d = Import-HydroDataset $sample -Basin 01013500, 01022500 -Period 2000-01-01..2000-12-31
        $d | Should -BeOfType DeltaModel.Core.Data.HydroDataset
        $d.Basins | Should -Be @('01013500', '01022500')
        $d.DayCount | Should -Be 366
    }

    It 'reports a missing folder as ObjectNotFound' {
        { Import-HydroDataset ./no/such/folder -ErrorAction Stop } | Should -Throw -ErrorId 'DatasetFolderNotFound,DeltaModel.PowerShell.Commands.ImportHydroDatasetCommand'
    }
}

Describe 'New-DeltaModel' {
    It 'shows the physics parameters with bounds' {
        $m = New-DeltaModel -Physics hbv -DynamicParameter parBETA
        ($m.Parameters | Where-Object Name -eq parBETA).Upper | Should -Be 6
    }

    It 'rejects an unknown physics model' {
        { New-DeltaModel -Physics hbx -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownPhysicsModel,DeltaModel.PowerShell.Commands.NewDeltaModelCommand'
    }

    It 'completes -Physics from the registry' {
        $line = 'New-DeltaModel -Physics '
        (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText | Should -Contain 'hbv'
    }
}

Describe 'Training pipeline' {
    BeforeAll {
        $script:d = Import-HydroDataset $sample -Basin 01013500, 01022500, 01333000 -Period 1995-09-01..1997-09-30
        $script:out = Join-Path $work 'lstm'
    }

    It '-WhatIf writes nothing' {
        $d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 |
            Start-DeltaTraining -Period 1995-10-01..1996-09-30 -Epochs 1 -IterationsPerEpoch 2 -OutputPath $out -WhatIf
        Test-Path $out | Should -BeFalse
    }

    It 'trains, simulates and scores the sample end to end' {
        $t = $d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 |
            Start-DeltaTraining -Period 1995-10-01..1996-09-30 -Epochs 1 -IterationsPerEpoch 2 -OutputPath $out
        $t.Epochs.Count | Should -Be 1
        $sims = $t | Invoke-DeltaSimulation -Dataset $d -Period 1996-10-01..1997-09-30
        $sims.Count | Should -Be 3
        $metrics = $sims | Measure-DeltaModel
        $metrics.Basin | Should -Be @('01013500', '01022500', '01333000')
        $files = $sims | Export-DeltaResult -Path (Join-Path $work report)
        $files.Name | Should -Contain 'simulation.csv'
    }

    It 'does not overwrite a saved model without -Force' {
        $t = Import-DeltaModel $out
        $saved = Join-Path $work saved
        $t | Save-DeltaModel -Destination $saved | Should -Not -BeNullOrEmpty
        $t | Save-DeltaModel -Destination $saved -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -BeGreaterThan 0
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
    }
}
