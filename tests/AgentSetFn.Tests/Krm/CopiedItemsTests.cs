using KrmFn;
using AgentSetFn.Tests.Support;
using YamlDotNet.RepresentationModel;
using static AgentSetFn.Tests.Support.Output;

namespace AgentSetFn.Tests.Krm;

/// <summary>
/// Pass-through items are read for their identity only and copied to the output as text
/// (ResourceListIo.Parse); anything that reading cannot reproduce exactly falls back to
/// reading the whole list as nodes. Every layout kpt, kustomize or a person could send must
/// come out as the same items, and the copied ones as the same bytes.
/// </summary>
public class CopiedItemsTests
{
    private const string FunctionConfig = """
        functionConfig:
          apiVersion: agentset.dev/v1alpha1
          kind: AgentSet
          metadata:
            name: bots
            annotations: {config.kubernetes.io/path: agentset.yaml}
          spec:
            agents:
              kiro:
                discord: {botTokenSecretRef: {name: discord-kiro, key: token}, allowedChannels: ["123456789012345678"]}
                persistence: {s3: {enabled: true, bucket: agent-logins, region: eu-west-1}}

        """;

    private const string Header = "apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n";

    /// <summary>A layout of the input: the ResourceList, whether its items are copied, and text the output must hold byte for byte.</summary>
    public sealed record Case(string Input, bool Copied, params string[] Verbatim);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["comments everywhere"] = new(Header + """
            items:
            # the head comment of web's file
            - apiVersion: v1 # inline
              kind: ConfigMap
              metadata:
                name: web   # keep in sync
              # a comment between keys
            # a comment at column 0 inside the item
              data:
                a: '1'

            # head of the second file

            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: second}
            # trailing comment of the list
            """ + "\n" + FunctionConfig, true,
            "# the head comment of web's file\n- apiVersion: v1 # inline\n  kind: ConfigMap\n  metadata:\n    name: web   # keep in sync\n  # a comment between keys\n# a comment at column 0 inside the item\n  data:\n    a: '1'\n\n# head of the second file\n\n- apiVersion: v1\n"),
        ["flow-style items"] = new(Header + """
            items:
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: flow, labels: {a: 'b'}}, data: {"k": v}}
            - {apiVersion: v1, kind: ConfigMap,
               metadata: {name: flow-on-two-lines}}
            """ + "\n" + FunctionConfig, true,
            "- {apiVersion: v1, kind: ConfigMap, metadata: {name: flow, labels: {a: 'b'}}, data: {\"k\": v}}\n- {apiVersion: v1, kind: ConfigMap,\n   metadata: {name: flow-on-two-lines}}\n"),
        ["anchors and aliases inside one item"] = new(Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: &meta {name: anchored}
              data:
                a: &v value
                b: *v
                meta: *meta
            """ + "\n" + FunctionConfig, true, "  data:\n    a: &v value\n    b: *v\n    meta: *meta\n"),
        ["multi-line strings of every style"] = new(Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: strings}
              data:
                literal: |
                  line one
                    indented # not a comment

                  after a blank line
                strip: |-
                  no final newline
                folded: >
                  folded
                  text
                plain: a plain scalar
                  on two lines
                quoted: "a quoted
                  scalar \t with escapes"
                keep: |+
                  kept trailing lines


            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: after-keep}
            """ + "\n" + FunctionConfig, true, "    keep: |+\n      kept trailing lines\n\n\n- apiVersion: v1\n"),
        ["items indented by two"] = new(Header + """
            items:
              # head comment
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: indented}
                data:
                  script: |
                    #!/bin/sh

                    echo hi
              - apiVersion: v1
                kind: ConfigMap
                metadata: {name: second}
            """ + "\n" + FunctionConfig, true,
            "# head comment\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: indented}\n  data:\n    script: |\n      #!/bin/sh\n\n      echo hi\n- apiVersion: v1\n"),
        ["items indented by four, comments less indented"] = new(Header + """
            items:
                - apiVersion: v1
                  kind: ConfigMap
                  metadata: {name: four}
            # a comment at column 0
                  data: {a: b}
            """ + "\n" + FunctionConfig, true, "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: four}\n# a comment at column 0\n  data: {a: b}\n"),
        ["functionConfig first, items last without a final newline"] = new(Header + FunctionConfig + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: last}
              data: {a: b}
            """, true, "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: last}\n  data: {a: b}\n"),
        ["document markers"] = new("# a comment before the document\n---\n" + Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: marked}
            """ + "\n" + FunctionConfig + "...\n", true, "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: marked}\n"),
        ["tags, quoted keys and odd items"] = new(Header + """
            items:
            - !!map
              "apiVersion": v1
              'kind': ConfigMap
              metadata: {name: tagged}
              data: {n: !!str 42}
            """ + "\n" + FunctionConfig, true, "- !!map\n  \"apiVersion\": v1\n  'kind': ConfigMap\n"),
        ["unicode and long lines"] = new(Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: unicode, annotations: {note: "😀 ünïcödé"}}
              data: {emoji: 😀😀😀, long: 
            """ + new string('x', 5000) + "}\n" + FunctionConfig, true, "note: \"😀 ünïcödé\"}}\n  data: {emoji: 😀😀😀"),

        ["entries whose content starts below the dash, as kpt writes commented files"] = new(Header + """
            items:
            - # the file's head comment, on the dash line
              apiVersion: v1
              kind: ConfigMap
              metadata: {name: below}
            -
              # a comment between dash and content

              apiVersion: v1
              kind: ConfigMap
              metadata: {name: dash-alone}
            """ + "\n" + FunctionConfig, true,
            "- # the file's head comment, on the dash line\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: below}\n-\n  # a comment between dash and content\n\n  apiVersion: v1\n"),

        // Layouts the copy does not take: the whole list is read as nodes and emitted.
        ["items in flow style"] = new(Header + """
            items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}, {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}]
            """ + "\n" + FunctionConfig, false),
        ["JSON"] = new("""
            {"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList",
             "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json"}, "data": {"a": "1"}}],
             "functionConfig": {"apiVersion": "agentset.dev/v1alpha1", "kind": "AgentSet", "metadata": {"name": "bots"},
               "spec": {"agents": {"kiro": {"discord": {"botTokenSecretRef": {"name": "d", "key": "t"}, "allowedChannels": ["123456789012345678"]},
                 "persistence": {"s3": {"enabled": true, "bucket": "agent-logins", "region": "eu-west-1"}}}}}}}
            """, false),
        ["CRLF line ends"] = new((Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: crlf}
              data:
                script: |
                  two
                  lines
            """ + "\n" + FunctionConfig).Replace("\n", "\r\n", StringComparison.Ordinal), false),
        ["an alias to another item's anchor"] = new(Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: first}
              data: &shared {a: b}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: second}
              data: *shared
            """ + "\n" + FunctionConfig, false),
        ["the functionConfig aliasing an item"] = new(Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: first}
              data: {c: &channel "123456789012345678"}
            """ + "\n" + FunctionConfig.Replace("""allowedChannels: ["123456789012345678"]""", "allowedChannels: [*channel]", StringComparison.Ordinal), false),
        // Copied, an item's `!k!` tag would lose its directive: re-emitted, it is written
        // verbatim (GlobalTagsTests).
        ["a %TAG directive"] = new("%TAG !k! tag:kubernetes.io,2024:\n---\n" + Header + """
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: tagged}
              data: {a: !!str b, c: !k!d e}
            """ + "\n" + FunctionConfig, false),
        ["a tagged items list"] = new(Header + """
            items: !!seq
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: tagged-list}
            """ + "\n" + FunctionConfig, false),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Every_layout_passes_through_as_the_same_items(string name)
    {
        var @case = Cases[name];
        var run = FunctionRunner.Run(@case.Input);
        Assert.True(run.ExitCode == 0, $"{name}: exit {run.ExitCode}\n{run.Error}");

        // The same items as the input read whole, then this set's two objects.
        var input = ResourceListIo.ParseComposed(@case.Input).Items.Select(i => i.Resource).ToList();
        var output = new Output(run.Output);
        Assert.Equal(input.Count + 2, output.Items.Count);
        Assert.Equal(ResourceListIo.Emit([new YamlSequenceNode(input)]), ResourceListIo.Emit([new YamlSequenceNode(output.Items.Take(input.Count))]));
        Assert.Equal(["ConfigMap bots-kiro", "Deployment bots-kiro"], output.Items.Skip(input.Count).Select(i => $"{Str(i, "kind")} {Str(i, "metadata", "name")}"));

        Assert.Equal(@case.Copied, ResourceListIo.Parse(@case.Input).Items.All(i => i.Text is not null));
        foreach (var text in @case.Verbatim) Assert.Contains(text, run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_copy_reads_the_same_identity_and_functionConfig_as_the_whole_reading(string name)
    {
        var text = Cases[name].Input;
        var copied = ResourceListIo.Parse(text);
        var whole = ResourceListIo.ParseComposed(text);
        Assert.Equal(Identities(whole.Items), Identities(copied.Items));
        Assert.Equal(ResourceListIo.Emit([whole.FunctionConfig!]), ResourceListIo.Emit([copied.FunctionConfig!]));
    }

    private static List<string> Identities(IEnumerable<ResourceItem> items) =>
        [.. items.Select(i => i.Resource is YamlMappingNode m
            ? $"{Str(m, "apiVersion")} {Str(m, "kind")} {Str(m, "metadata", "namespace")}/{Str(m, "metadata", "name")} " +
              string.Join(",", ResourceAnnotations.Of(m)?.Children.Select(a => $"{a.Key}={a.Value}") ?? [])
            : ResourceListIo.Emit([i.Resource]))];

    [Fact]
    public void Items_that_are_not_resources_are_copied_too()
    {
        // Not Kubernetes objects, but the function passes through whatever it does not own.
        var input = Header + "items:\n- a scalar item\n- [a, list, item]\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n" + FunctionConfig;
        Assert.All(ResourceListIo.Parse(input).Items, i => Assert.NotNull(i.Text));
        var run = FunctionRunner.Run(input);
        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith(Header + "items:\n- a scalar item\n- [a, list, item]\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- apiVersion: v1\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replaced_item_leaves_with_its_own_comments_and_the_next_item_keeps_its_head_comment()
    {
        var input = Header + """
            items:
            # generated, about to be replaced
            - apiVersion: apps/v1
              kind: Deployment
              metadata:
                name: bots-removed
                annotations: {agentset.dev/owned-by: /bots, agentset.dev/agent: removed, config.kubernetes.io/path: bots/removed/deployment.yaml}
              spec: {}
              # indented like the item's keys: the removed item's own last comment

            # the user's file
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: users}
            """ + "\n" + FunctionConfig;
        var run = FunctionRunner.Run(input);
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("bots-removed", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("about to be replaced", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("the removed item's own last comment", run.Output, StringComparison.Ordinal);
        Assert.StartsWith(Header + "items:\n# the user's file\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: users}\n- apiVersion: v1\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void On_an_error_the_items_come_back_byte_for_byte()
    {
        var items = "items:\n# kept as written\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: web, labels: {a: 'b'}}\n  data:\n    s: |\n      text\n";
        var run = FunctionRunner.Run(Header + items + FunctionConfig.Replace("bucket: agent-logins", "bucket: \"\"", StringComparison.Ordinal));
        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith(Header + items + "results:\n", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_is_idempotent_over_a_second_run()
    {
        // The output of one run fed back (with the functionConfig) gives the same output.
        var first = FunctionRunner.Run(Cases["comments everywhere"].Input).Output;
        var second = FunctionRunner.Run(first + FunctionConfig).Output;
        Assert.Equal(first, second);
    }

    // Items as list entries at column 0, in the layouts a package can hold; the random test
    // indents, comments and shuffles them.
    private static readonly string[] Entries =
    [
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: plain\n    labels: {a: b}\n  data:\n    k: v # inline\n",
        "- # head comment on the dash line\n  apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: commented, namespace: shop}\n  spec:\n    template:\n      spec:\n        containers:\n        - name: app\n          args: [\"--a\", 'b']\n",
        "- {apiVersion: v1, kind: ConfigMap,\n   metadata: {name: flow}, data: {a: \"1\"}}\n",
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: scripts}\n  data:\n    script: |\n      #!/bin/sh\n\n      # not a comment\n      echo \"$1\"\n    kept: |+\n      trailing\n\n",
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: folded}\n  data:\n    text: >-\n      folded\n      lines\n    quoted: \"two\n      lines\"\n    plain: one\n      two\n",
        "- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m {name: anchored}\n  data:\n    a: &x 1\n    b: *x\n",
        "- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: bots-stale\n    annotations: {agentset.dev/owned-by: /bots, agentset.dev/agent: stale, config.kubernetes.io/path: bots/stale/deployment.yaml}\n  spec: {}\n",
        "-\n  apiVersion: v1\n  kind: Secret\n  metadata: {name: dash-alone}\n  stringData: {k: v}\n",
    ];

    [Fact]
    public void Random_layouts_pass_through_as_the_same_items()
    {
        var random = new Random(8);
        for (var round = 0; round < 150; round++)
        {
            var indent = new string(' ', random.Next(3) * 2);
            var text = new System.Text.StringBuilder(Header).Append("items:\n");
            foreach (var entry in Enumerable.Range(0, random.Next(1, 6)).Select(_ => Entries[random.Next(Entries.Length)]))
            {
                if (random.Next(3) == 0) text.Append(random.Next(2) == 0 ? indent : "").Append("# between items\n");
                if (random.Next(4) == 0) text.Append('\n');
                foreach (var line in entry.TrimEnd('\n').Split('\n')) text.Append(line.Length == 0 ? "" : indent).Append(line).Append('\n');
            }
            if (random.Next(3) == 0) text.Append("# after the items\n");
            var input = text.Append(FunctionConfig).ToString();

            var run = FunctionRunner.Run(input);
            Assert.True(run.ExitCode == 0, $"{input}\n{run.Error}");
            Assert.All(ResourceListIo.Parse(input).Items, i => Assert.NotNull(i.Text));
            var kept = ResourceListIo.ParseComposed(input).Items.Select(i => i.Resource)
                .Where(i => Str(i, "metadata", "annotations", "agentset.dev/owned-by") != "/bots").ToList();
            var output = new Output(run.Output);
            Assert.True(ResourceListIo.Emit([new YamlSequenceNode(kept)]) == ResourceListIo.Emit([new YamlSequenceNode(output.Items.Take(kept.Count))]), input + "\n---- output:\n" + run.Output);
            Assert.Equal(kept.Count + 2, output.Items.Count);
        }
    }
}
