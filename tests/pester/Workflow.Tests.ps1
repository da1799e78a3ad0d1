#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# What users do in pwsh with the module (docs/powershell.md): load the sample, train a tiny model, simulate, score,
# export; -WhatIf; errors with their ids; progress; and the module's objects in Select-Object, Sort-Object, Export-Csv.

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "deltamodel-pester-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory $work | Out-Null
    Push-Location $work
    # The session's data and model (hidden 8, 1 epoch × 2 minibatches: seconds, not a useful model).
    $script:d = Import-HydroDataset $sample -Basin $basins -Period 1995-09-01..1997-09-30
    $script:trainPeriod = '1995-10-01..1996-09-30'
    $script:simulationPeriod = '1996-10-01..1997-09-30'
    $script:t = $d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 |
        Start-DeltaTraining -Period $trainPeriod -Epochs 1 -IterationsPerEpoch 2 -OutputPath ./out/lstm
    $script:sims = $t | Invoke-DeltaSimulation -Dataset $d -Period $simulationPeriod
    $script:metrics = $sims | Measure-DeltaModel

    # What a command writes to the console host (What if: lines go to the host, not to a stream that can be redirected).
    function Get-HostText([scriptblock] $command) {
        $file = Join-Path $work "host-$([guid]::NewGuid().ToString('N')).txt"
        Start-Transcript -Path $file -UseMinimalHeader | Out-Null
        try { & $command | Out-Null }
        finally { Stop-Transcript | Out-Null }
        Get-Content $file -Raw
    }

    # Runs a script block in a second runspace of this process (with the module imported) and returns its streams:
    # progress records cannot be redirected, but a PowerShell instance collects them.
    function Invoke-Captured([scriptblock] $script, [object[]] $arguments) {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $manifest).AddStatement()
            $null = $ps.AddScript('$ProgressPreference = "Continue"').AddStatement()
            $null = $ps.AddScript($script.ToString())
            foreach ($a in $arguments) { $null = $ps.AddArgument($a) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Errors = @($ps.Streams.Error) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Pop-Location
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The documented pipeline' {
    It 'loads the selected basins and days' {
        $d | Should -BeOfType DeltaModel.Core.Data.HydroDataset
        $d.Basins | Should -Be $basins
        $d.DayCount | Should -Be 761
    }

    It 'trains, simulates, scores and exports the sample' {
        $t.Epochs.Count | Should -Be 1
        $t.OutputPath | Should -Be ([IO.Path]::GetFullPath((Join-Path $work 'out/lstm')))
        $sims.Basin | Should -Be $basins
        $sims.Days | Should -Be 365, 365, 365
        $metrics.Basin | Should -Be $basins
        $metrics.ObservedDays | ForEach-Object { $_ | Should -BeGreaterThan 300 }
        $files = @($sims) + @($metrics) | Export-DeltaResult -Path ./report
        $files.Name | Sort-Object | Should -Be @('hydrograph_01013500.png', 'hydrograph_01022500.png', 'hydrograph_01333000.png',
            'metric_cdf.png', 'metrics.csv', 'metrics.json', 'scalars.csv', 'simulation.csv', 'simulation.parquet')
        (Import-Csv ./report/simulation.csv).Count | Should -Be (3 * 365)
    }

    It 'restores a saved model in a new session and simulates it' {
        $t | Save-DeltaModel -Destination ./saved/lstm | Out-Null
        Remove-Module DeltaModel
        Import-Module $manifest
        $again = Import-DeltaModel ./saved/lstm | Invoke-DeltaSimulation -Dataset $d -Period $simulationPeriod -Basin 01013500
        $again.Basin | Should -Be '01013500'
        # Same weights and days; alone instead of in a batch of three, libtorch may round differently (float32).
        $expected = ($sims | Where-Object Basin -eq '01013500').MeanQ
        [math]::Abs($again.MeanQ - $expected) | Should -BeLessThan (1e-5 * $expected)
    }

    It 'shows the documented table view' {
        $text = $sims | Out-String
        $text | Should -Match 'Basin\s+Start\s+End\s+Series\s+MeanQ'
        $text | Should -Match ('01013500\s+1996-10-01\s+1997-09-30\s+1\s+' + [regex]::Escape($sims[0].MeanQ.ToString('F3')))
    }
}

Describe 'SimulationResult and metrics in the object pipeline' {
    It 'Select-Object shows MeanQ' {
        $rows = $sims | Select-Object Basin, MeanQ
        $rows.MeanQ | ForEach-Object { $_ | Should -BeOfType double; $_ | Should -BeGreaterThan 0 }
        $rows[0].MeanQ | Should -Be ([Linq.Enumerable]::Average([double[]] $sims[0].Streamflow))
    }

    It 'Sort-Object orders by a summary property' {
        $sorted = $sims | Sort-Object MeanQ -Descending
        $sorted[0].MeanQ | Should -BeGreaterOrEqual $sorted[1].MeanQ
        $sorted[1].MeanQ | Should -BeGreaterOrEqual $sorted[2].MeanQ
        ($metrics | Sort-Object Nse | Select-Object -First 1).Nse | Should -Be ($metrics.Nse | Measure-Object -Minimum).Minimum
    }

    It 'Export-Csv writes values, not type names' {
        $sims | Export-Csv ./sims.csv
        $csv = Get-Content ./sims.csv
        $csv[0] | Should -Be '"Basin","Start","End","Days","Target","MeanQ","SeriesCount","Folder","Epoch"'
        $csv | Should -Not -Match 'System\.'
        $back = Import-Csv ./sims.csv
        $back.Basin | Should -Be $basins
        [double] $back[0].MeanQ | Should -Be $sims[0].MeanQ
        [DateOnly] $back[0].Start | Should -Be ([DateOnly] '1996-10-01')
    }

    It 'Export-Csv of the metrics writes every metric' {
        $metrics | Export-Csv ./metrics.csv
        $back = Import-Csv ./metrics.csv
        $back.Basin | Should -Be $basins
        $columns = $back[0].PSObject.Properties.Name
        $columns | Should -Contain 'ObservedDays'
        foreach ($metric in 'nse', 'kge', 'rmse', 'corr', 'fhv', 'flv', 'bias_rel') { $columns | Should -Contain $metric }
        [double] $back[0].nse | Should -Be $metrics[0].Nse
        Get-Content ./metrics.csv | Should -Not -Match 'System\.|DeltaModel\.'
    }

    It 'a grid view (Format-List *) shows no type names' {
        $sims[0] | Format-List * | Out-String | Should -Not -Match 'System\.'
        $sims[0] | ConvertTo-Html | Out-String | Should -Not -Match 'System\.'
    }

    It 'the series stay reachable by name' {
        $sims[0].Series.Keys | Should -Be 'streamflow'
        $sims[0].Streamflow.Count | Should -Be 365
        $sims[0].Observed.Count | Should -Be 365
        $sims[0].Dates[0] | Should -Be ([DateOnly] '1996-10-01')
    }

    It 'ToDailyRows gives one CSV row per basin-day' {
        $sims | ForEach-Object ToDailyRows | Export-Csv ./daily.csv
        $daily = Import-Csv ./daily.csv
        $daily.Count | Should -Be (3 * 365)
        $daily[0].PSObject.Properties.Name | Should -Be 'Basin', 'Date', 'Observed', 'streamflow'
        $daily[0].Basin | Should -Be '01013500'
        [float] $daily[1].streamflow | Should -Be $sims[0].Streamflow[1]
        ($daily | Where-Object Basin -eq '01333000').Count | Should -Be 365
    }
}

Describe '-WhatIf' {
    It 'Start-DeltaTraining prints the plan and writes nothing' {
        $plan = Get-HostText {
            $d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 |
                Start-DeltaTraining -Period $trainPeriod -Epochs 1 -IterationsPerEpoch 2 -OutputPath ./out/whatif -WhatIf
        }
        $plan | Should -Match "What if: Train 'lstm'"
        $plan | Should -Match 'estimate:'
        Test-Path ./out/whatif | Should -BeFalse
    }

    It 'Invoke-DeltaSimulation names the folder and runs nothing' {
        $csv = Join-Path $t.OutputPath 'simulate/simulation.csv'
        $written = (Get-Item $csv).LastWriteTimeUtc
        $result = $null
        $text = Get-HostText { $script:result = $t | Invoke-DeltaSimulation -Dataset $d -Period $simulationPeriod -Force -WhatIf }
        $text | Should -Match 'What if: .*"Simulate lstm and write its series"'
        $text | Should -Match ([regex]::Escape((Join-Path $t.OutputPath 'simulate')))
        $script:result | Should -BeNullOrEmpty
        (Get-Item $csv).LastWriteTimeUtc | Should -Be $written
    }

    It 'Export-DeltaResult lists the files of the asked format only' {
        $out = Get-HostText { $sims | Export-DeltaResult -Path ./whatif-report -Format Parquet -WhatIf }
        $out | Should -Match 'simulation\.parquet'
        $out | Should -Not -Match 'simulation\.csv'
        Test-Path ./whatif-report | Should -BeFalse
    }
}

Describe 'Export-DeltaResult -Format' {
    It '<Format> writes <Files>' -ForEach @(
        @{ Format = 'Csv'; Files = 'metrics.csv', 'scalars.csv', 'simulation.csv' }
        @{ Format = 'Parquet'; Files = @('simulation.parquet') }
        @{ Format = 'Json'; Files = @('metrics.json') }
        @{ Format = 'NetCdf'; Files = @('simulation.nc') }
    ) {
        $folder = "./only-$Format"
        # Input a format does not cover (metrics as Parquet) is a warning, checked in the xunit tests.
        (@($sims) + @($metrics) | Export-DeltaResult -Path $folder -Format $Format -WarningAction SilentlyContinue).Name | Sort-Object | Should -Be $Files
        (Get-ChildItem $folder).Name | Sort-Object | Should -Be $Files
    }
}

Describe 'Errors carry their ids' {
    It 'a missing dataset folder is DatasetFolderNotFound' {
        { Import-HydroDataset ./no/such/folder -ErrorAction Stop } |
            Should -Throw -ErrorId 'DatasetFolderNotFound,DeltaModel.PowerShell.Commands.ImportHydroDatasetCommand'
    }

    It 'an unknown physics model is UnknownPhysicsModel and suggests the name' {
        { New-DeltaModel -Physics hbx -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnknownPhysicsModel,DeltaModel.PowerShell.Commands.NewDeltaModelCommand' -ExpectedMessage "*did you mean 'hbv'*"
    }

    It 'an unknown basin is non-terminating BasinNotFound and the others run' {
        $result = $t | Invoke-DeltaSimulation -Dataset $d -Period $simulationPeriod -Basin 01022500, 09999999 -Force -ErrorVariable problems -ErrorAction SilentlyContinue
        $result.Basin | Should -Be '01022500'
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'BasinNotFound,DeltaModel.PowerShell.Commands.InvokeDeltaSimulationCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be '09999999'
    }

    It 'simulating over earlier results without -Force is SimulationExists' {
        $result = $t | Invoke-DeltaSimulation -Dataset $d -Period $simulationPeriod -ErrorVariable problems -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'SimulationExists,DeltaModel.PowerShell.Commands.InvokeDeltaSimulationCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $problems[0].Exception.Message | Should -BeLike '*-Force*'
    }

    It 'saving over a saved model without -Force is FileExists, and nothing is copied' {
        $t | Save-DeltaModel -Destination ./saved/twice | Out-Null
        $t | Save-DeltaModel -Destination ./saved/twice -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -BeGreaterThan 0
        $problems | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be 'FileExists,DeltaModel.PowerShell.Commands.SaveDeltaModelCommand' }
    }

    It 'exporting over an existing file without -Force is FileExists for that file' {
        $metrics | Export-DeltaResult -Path ./again -Format Csv | Out-Null
        $metrics | Export-DeltaResult -Path ./again -Format Csv -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'FileExists,DeltaModel.PowerShell.Commands.ExportDeltaResultCommand'
        $problems[0].TargetObject | Should -Be ([IO.Path]::GetFullPath((Join-Path $work 'again/metrics.csv')))
    }

    It 'piping something else to Export-DeltaResult is UnsupportedInput' {
        'text' | Export-DeltaResult -Path ./x -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems[0].FullyQualifiedErrorId | Should -Be 'UnsupportedInput,DeltaModel.PowerShell.Commands.ExportDeltaResultCommand'
    }

    It 'no .NET stack trace reaches the message' {
        { New-DeltaModel -Physics hbx -ErrorAction Stop } | Should -Throw -ExpectedMessage '*' -PassThru |
            ForEach-Object { $_.Exception.Message | Should -Not -Match '   at ' }
    }
}

Describe 'Progress' {
    It 'Start-DeltaTraining reports minibatches and completes' {
        $run = Invoke-Captured {
            param($d, $period, $out)
            $d | New-DeltaModel -HiddenSize 8 -WarmUp 30 -Rho 60 |
                Start-DeltaTraining -Period $period -Epochs 1 -IterationsPerEpoch 2 -OutputPath $out
        } $d, $trainPeriod, (Join-Path $work 'out/progress')
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 1
        $run.Progress.Count | Should -BeGreaterThan 1
        # The end of an epoch is always reported, whatever the rate limit dropped.
        @($run.Progress.StatusDescription -like 'epoch 1/1, minibatch 2/2, loss *').Count | Should -BeGreaterThan 0
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'Invoke-DeltaSimulation reports and completes' {
        $run = Invoke-Captured {
            param($t, $d, $period)
            $t | Invoke-DeltaSimulation -Dataset $d -Period $period -Basin 01013500 -Force
        } $t, $d, $simulationPeriod
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 1
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}
