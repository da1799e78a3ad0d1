#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The module as a user meets it in pwsh: what it exports, Get-Help, tab completion, and the host check.

BeforeDiscovery {
    $script:cmdlets = 'Export-DeltaResult', 'Get-DeltaPhysicsModel', 'Import-DeltaModel', 'Import-HydroDataset', 'Invoke-DeltaAssimilation',
        'Invoke-DeltaSimulation', 'Measure-DeltaModel', 'New-DeltaModel', 'Save-DeltaModel', 'Start-DeltaBuilder', 'Start-DeltaTraining', 'Stop-DeltaBuilder'
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Module' {
    It 'exports exactly the documented cmdlets' {
        (Get-Command -Module DeltaModel).Name | Sort-Object | Should -Be $cmdlets
    }

    It '<_> declares an output type and an approved verb' -ForEach $cmdlets {
        $command = Get-Command $_
        $command.OutputType | Should -Not -BeNullOrEmpty
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'writers support -WhatIf and -Confirm' -ForEach 'Start-DeltaTraining', 'Invoke-DeltaSimulation', 'Invoke-DeltaAssimilation', 'Save-DeltaModel', 'Export-DeltaResult' {
        (Get-Command $_).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $_).Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'overwriting writers have -Force' -ForEach 'Invoke-DeltaSimulation', 'Save-DeltaModel', 'Export-DeltaResult' {
        (Get-Command $_).Parameters.Keys | Should -Contain 'Force'
    }
}

Describe 'Get-Help' {
    It '<_> has a synopsis, a description, examples and parameter help' -ForEach $cmdlets {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -Match "^$_ \[" -Because 'without help, the synopsis is the syntax line'
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
        @($help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($p in @($help.parameters.parameter)) {
            ($p.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$($p.name) of $_ needs a description"
        }
    }

    It 'explains -Force of Invoke-DeltaSimulation' {
        (Get-Help Invoke-DeltaSimulation -Parameter Force).description.Text | Should -Match 'earlier simulation'
    }

    It 'lists the formats of Export-DeltaResult -Format' {
        $format = Get-Help Export-DeltaResult -Parameter Format
        ($format.description.Text -join ' ') | Should -Match 'Csv.*Parquet.*Json.*NetCdf.*Png'
    }
}

Describe 'Tab completion (TabExpansion2)' {
    BeforeAll {
        function Complete([string] $line) { (TabExpansion2 $line $line.Length).CompletionMatches.CompletionText }
    }

    It 'completes -Physics from the registry' {
        Complete 'New-DeltaModel -Physics ' | Should -Contain 'hbv'
        Complete 'New-DeltaModel -Physics gr' | Should -Be 'gr4j', 'gr4j_cemaneige'
    }

    It 'completes -NeuralNetwork and -Loss' {
        Complete 'New-DeltaModel -NeuralNetwork ' | Should -Contain 'lstm'
        Complete 'Start-DeltaTraining -Loss ' | Should -Contain 'rmse_comb'
    }

    It 'completes -DynamicParameter from the bound -Physics' {
        $names = Complete 'New-DeltaModel -Physics hbv -DynamicParameter parB'
        $names | Should -Contain 'parBETA'
        $names | ForEach-Object { $_ | Should -BeLike 'parB*' }
    }

    It 'completes -Basin from a CAMELS folder' {
        Complete "Import-HydroDataset -Path '$sample' -Basin 0101" | Should -Be '01013500'
    }

    It 'completes parameter names' {
        Complete 'Invoke-DeltaSimulation -Fo' | Should -Be '-Force'
    }
}

Describe 'Host check' {
    BeforeAll {
        $script:check = Join-Path $moduleFolder 'DeltaModel.HostCheck.ps1'
    }

    It 'runs before the assemblies load, from the manifest' {
        $data = Import-PowerShellDataFile (Join-Path $moduleFolder 'DeltaModel.psd1')
        $data.ScriptsToProcess | Should -Be 'DeltaModel.HostCheck.ps1'
        $data.CompatiblePSEditions | Should -Be 'Core'
        Test-Path $check | Should -BeTrue
    }

    It 'lets PowerShell 7.6 in' {
        { & $check } | Should -Not -Throw
    }

    It 'stops Windows PowerShell 5.1 with the reason' {
        { & $check -Version 5.1.19041 -Edition Desktop } | Should -Throw '*cannot be imported into Windows PowerShell 5.1*TorchSharp*.NET 10*'
    }

    It 'stops PowerShell 7.4 too' {
        { & $check -Version 7.4.6 -Edition Core } | Should -Throw '*needs PowerShell 7.6 or later*PowerShell 7.4.6*'
    }

    It 'parses as Windows PowerShell 5.1 script (no PowerShell 7 syntax)' {
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($check, [ref] $tokens, [ref] $errors)
        $errors | Should -BeNullOrEmpty
        # Operators Windows PowerShell 5.1 lacks: ?? ??= ?. ?[] && || and the ternary.
        $tokens.Kind | Should -Not -BeIn 'QuestionQuestion', 'QuestionQuestionEquals', 'QuestionDot', 'QuestionLBracket', 'AndAnd', 'OrOr'
        $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.TernaryExpressionAst] }, $true) | Should -BeNullOrEmpty
    }
}
