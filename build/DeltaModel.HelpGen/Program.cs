using System.Management.Automation;
using System.Reflection;

namespace DeltaModel.HelpGen;

/// <summary>
/// Usage: <c>DeltaModel.HelpGen &lt;module.dll&gt; &lt;module.xml&gt; &lt;references.txt&gt; &lt;output-Help.xml&gt;</c>.
/// Reads every cmdlet of the module assembly (attributes by reflection, text from the compiler's XML doc file;
/// references.txt lists the assembly's compile references, one path a line) and writes the MAML help file.
/// Exit code 1 with one line per gap when a cmdlet, parameter, example or output type lacks its text.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 4)
        {
            Console.Error.WriteLine("usage: DeltaModel.HelpGen <module.dll> <module.xml> <references.txt> <output-Help.xml>");
            return 2;
        }
        var (assemblyPath, docPath, referencesPath, outputPath) = (args[0], args[1], args[2], args[3]);
        var context = new ModuleLoadContext(File.ReadAllLines(referencesPath).Where(l => l.Trim().Length > 0));
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath));
        var reader = new CmdletReader(DocComments.Load(docPath));
        var commands = CmdletTypes(assembly).Select(reader.Read).ToList();
        if (reader.Problems.Count > 0)
        {
            foreach (var p in reader.Problems) Console.Error.WriteLine($"{docPath}: error DMHELP01: {p}");
            return 1;
        }
        MamlWriter.Write(outputPath, commands);
        Console.WriteLine($"DeltaModel.HelpGen: {commands.Count} cmdlets → {outputPath}");
        return 0;
    }

    static IEnumerable<Type> CmdletTypes(Assembly assembly) => assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsPublic: true } && t.GetCustomAttribute<CmdletAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal);
}
