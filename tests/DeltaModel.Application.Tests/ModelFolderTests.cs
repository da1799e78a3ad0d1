using DeltaModel.Core.Normalization;
using DeltaModel.Core.Outputs;
using DeltaModel.Core.Training;
using Xunit;

namespace DeltaModel.Application.Tests;

public class ModelFolderTests
{
    [Fact]
    public void The_model_files_leave_out_the_temporary_file_of_an_interrupted_write()
    {
        var dir = Directory.CreateTempSubdirectory("deltamodel-modelfolder-").FullName;
        try
        {
            var model = Directory.CreateDirectory(Path.Combine(dir, RunFolder.ModelFolderName)).FullName;
            File.WriteAllText(Path.Combine(dir, RunFolder.ConfigFileName), "name: x\n");
            File.WriteAllText(Path.Combine(model, NormalizationStatistics.FileName), "{}");
            File.WriteAllText(Path.Combine(model, Checkpoint.ResumeFileName), "weights");
            File.WriteAllText(Path.Combine(model, Checkpoint.ResumeFileName + ".tmp-4242-0123456789abcdef"), "half");

            Assert.Equal(
                [RunFolder.ConfigFileName, Path.Combine(RunFolder.ModelFolderName, Checkpoint.ResumeFileName),
                 Path.Combine(RunFolder.ModelFolderName, NormalizationStatistics.FileName)],
                ModelFolder.Files(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
