using System.Text.Json;

namespace DeltaModel.Builder.Tests;

/// <summary>A form change edits the YAML where the key stands: comments, order and the other lines are kept.</summary>
public sealed class YamlTextEditorTests
{
    const string Yaml = """
        # header comment
        name: demo   # trailing comment
        model:
          physics:
            name: hbv   # the model
            dynamic_parameters:
              - parBETA
            routing: true

        # train section
        train:
          period: {start: 2000-10-01, end: 2002-09-30}
          epochs: 3
        """;

    static string Set(string yaml, string key, object value) => YamlTextEditor.Set(yaml, key, JsonSerializer.SerializeToElement(value));

    [Fact]
    public void Replacing_a_value_keeps_every_other_character()
    {
        var edited = Set(Yaml, "model.physics.name", "hbv_1_1p");
        Assert.Equal(Yaml.Replace("name: hbv   # the model", "name: hbv_1_1p   # the model"), edited);
    }

    [Fact]
    public void A_block_list_becomes_a_flow_list_in_place()
    {
        var edited = Set(Yaml, "model.physics.dynamic_parameters", new[] { "parBETA", "parK0" });
        Assert.Contains("dynamic_parameters:\n      [parBETA, parK0]\n    routing: true", edited);
        Assert.StartsWith("# header comment\nname: demo   # trailing comment\n", edited);
    }

    [Fact]
    public void A_flow_list_is_replaced_up_to_its_bracket()
    {
        var yaml = "a:\n  list: [x]   # why\n\nb: 1\n";
        Assert.Equal("a:\n  list: [x, y]   # why\n\nb: 1\n", Set(yaml, "a.list", new[] { "x", "y" }));
        Assert.Equal("a:\n  list: [x]   # why\n  more: 2\n\nb: 1\n", Set(yaml, "a.more", 2));
        Assert.Equal("p: {start: 1, end: 2, x: 3}\nq: 1\n", Set("p: {start: 1, end: 2}\nq: 1\n", "p.x", 3));
    }

    [Fact]
    public void A_key_inside_a_flow_mapping_is_replaced_there()
    {
        var edited = Set(Yaml, "train.period.start", "1999-10-01");
        Assert.Contains("period: {start: 1999-10-01, end: 2002-09-30}", edited);
    }

    [Fact]
    public void A_missing_key_is_added_at_the_end_of_its_section_with_its_indentation()
    {
        var edited = Set(Yaml, "model.physics.nmul", 4);
        Assert.Contains("    routing: true\n    nmul: 4\n\n# train section", edited);
        var nested = Set(Yaml, "train.optimizer.lr", 0.5);
        Assert.EndsWith("  epochs: 3\n  optimizer:\n    lr: 0.5\n", nested);
        var top = Set(Yaml, "seed", 7);
        Assert.EndsWith("epochs: 3\nseed: 7\n", top);
    }

    [Theory]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("01013500", "01013500")]
    [InlineData("-x", "\"-x\"")]
    public void Text_is_quoted_only_where_plain_YAML_would_read_it_differently(string text, string written) =>
        Assert.Equal(written, YamlTextEditor.Flow(JsonSerializer.SerializeToElement(text)));

    [Fact]
    public void Text_that_is_not_YAML_is_a_400_naming_the_line()
    {
        var e = Assert.Throws<BuilderException>(() => Set("a: [1, 2\nb: 3", "a", 1));
        Assert.Equal(400, e.Status);
        Assert.Contains("line", e.Message);
    }
}
